-- The kiosk's durable outbox: every badge read is written here before any feedback is shown, and
-- stays pending until the server's ack for its id arrives.
CREATE TABLE outbox (
    no          INTEGER PRIMARY KEY,      -- order of reading; events are sent oldest first
    id          TEXT NOT NULL UNIQUE,     -- the event id, made at read time, kept through retries
    boot        TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    badge       TEXT NOT NULL,
    payload     BLOB NOT NULL,            -- the exact bytes sent on every retry
    read_at     TEXT NOT NULL,
    acked_at    TEXT,
    result      TEXT,
    display     TEXT
);
CREATE INDEX outbox_pending ON outbox(no) WHERE acked_at IS NULL;
