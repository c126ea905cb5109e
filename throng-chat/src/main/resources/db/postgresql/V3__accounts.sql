-- Accounts, sessions, the revocation log servers poll, invites (io.throng.chat.account).
-- Names compare without case, as in SQLite's COLLATE NOCASE: the key is lower(name).
CREATE TABLE accounts (
  name     text    NOT NULL,
  hash     text    NOT NULL,
  created  bigint  NOT NULL,
  disabled boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX accounts_name ON accounts (lower(name));

CREATE TABLE account_sessions (
  id      text   PRIMARY KEY,
  account text   NOT NULL,
  created bigint NOT NULL,
  expires bigint NOT NULL,
  revoked bigint
);
CREATE INDEX account_sessions_account ON account_sessions (lower(account));

-- Poll position = seq. Writers take an advisory lock before inserting, so seqs become visible in
-- order: a poller that saw seq N never later sees a new seq below N committed by a slower writer.
CREATE TABLE revocations (
  seq     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session text   NOT NULL,
  time    bigint NOT NULL
);

CREATE TABLE invites (
  id      text   PRIMARY KEY,
  created bigint NOT NULL,
  expires bigint NOT NULL,
  used_by text
);
