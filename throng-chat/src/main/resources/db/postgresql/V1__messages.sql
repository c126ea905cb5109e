-- The rooms' logs. A room's messages are numbered 1, 2, 3... with no holes: each writer takes the
-- room's advisory lock for its transaction, reads the head from room_heads, and stores after it.
CREATE TABLE messages (
  room      text   NOT NULL,
  seq       bigint NOT NULL CHECK (seq > 0),
  sender    text   NOT NULL,
  cid       text   NOT NULL,
  text      text   NOT NULL,
  time      bigint NOT NULL,
  recipient text,
  PRIMARY KEY (room, seq),
  UNIQUE (room, sender, cid)
);

-- The highest committed seq of each room: one row per room, written in the append's transaction,
-- so the head is one primary-key read and "every room's head" (after a lost LISTEN) one scan.
CREATE TABLE room_heads (
  room text   PRIMARY KEY,
  head bigint NOT NULL
);

-- A deleted message keeps its place (its row, text erased); who deleted it and when is here.
CREATE TABLE tombstones (
  room    text   NOT NULL,
  seq     bigint NOT NULL,
  deleter text   NOT NULL,
  time    bigint NOT NULL,
  PRIMARY KEY (room, seq)
);
