-- Rooms made with create, roles in them, bans and mutes (io.throng.chat.store.RoomRecords).
CREATE TABLE rooms (
  name    text    PRIMARY KEY,
  private boolean NOT NULL,
  created bigint  NOT NULL
);

CREATE TABLE room_roles (
  room   text NOT NULL,
  "user" text NOT NULL,
  role   text NOT NULL CHECK (role IN ('owner', 'moderator', 'member')),
  PRIMARY KEY (room, "user")
);

CREATE TABLE sanctions (
  room   text   NOT NULL,
  "user" text   NOT NULL,
  kind   text   NOT NULL CHECK (kind IN ('ban', 'mute')),
  until  bigint NOT NULL,
  "by"   text   NOT NULL,
  PRIMARY KEY (room, "user", kind)
);
