-- What a node that missed a moderation NOTIFY reads back on reconnection (RoomRecords.since):
-- kicks, which change no other row, and the order in which tombstones were written.
CREATE TABLE kicks (
  id     bigserial PRIMARY KEY,
  room   text   NOT NULL,
  "user" text   NOT NULL,
  "by"   text   NOT NULL,
  at     bigint NOT NULL
);

ALTER TABLE tombstones ADD COLUMN id bigserial;
CREATE INDEX tombstones_id ON tombstones (id);
