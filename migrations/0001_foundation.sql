-- Foundation: people with badges, kiosks, the kiosk event journal, kiosk status.
-- Times are UTC instants as RFC 3339 text with milliseconds and a `Z` (sortable as text).

CREATE TABLE persons (
    id          INTEGER PRIMARY KEY,
    first_name  TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name   TEXT NOT NULL CHECK (length(last_name) <= 100),
    created_at  TEXT NOT NULL
);

-- A card id is held by at most one person at a time; revoked rows keep the history.
CREATE TABLE badges (
    id             INTEGER PRIMARY KEY,
    card_id        TEXT NOT NULL CHECK (length(card_id) BETWEEN 1 AND 64),
    person_id      INTEGER NOT NULL REFERENCES persons(id),
    assigned_at    TEXT NOT NULL,
    revoked_at     TEXT,
    revoke_reason  TEXT,
    CHECK (revoked_at IS NULL OR revoked_at >= assigned_at)
);
CREATE UNIQUE INDEX badges_one_active_holder ON badges(card_id) WHERE revoked_at IS NULL;
CREATE INDEX badges_person ON badges(person_id);

-- Kiosks and their role; what a tap means is decided here, on the server.
CREATE TABLE kiosks (
    id                  TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 63),
    role                TEXT NOT NULL CHECK (role IN ('sel', 'space', 'entrance', 'vehicles')),
    label               TEXT NOT NULL,
    idle_lines          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(idle_lines)),
    -- argon2id PHC string of the kiosk's MQTT password (embedded broker accounts).
    mqtt_password_hash  TEXT NOT NULL,
    created_at          TEXT NOT NULL
);

-- Every accepted kiosk event, once: the id is the kiosk's, kept through every retry.
-- `ingest_no` is the order of arrival. Append-only: a tap that happened stays recorded.
CREATE TABLE kiosk_events (
    ingest_no     INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    kiosk_id      TEXT NOT NULL,
    boot          TEXT NOT NULL,
    seq           INTEGER NOT NULL CHECK (seq >= 0),
    read_at       TEXT NOT NULL,           -- as the kiosk wrote it, with its offset
    read_at_utc   TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    badge         TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('tap', 'in', 'out')),
    payload       TEXT NOT NULL CHECK (json_valid(payload)),  -- canonical form, for replay checks
    person_id     INTEGER REFERENCES persons(id),
    result        TEXT NOT NULL,
    display       TEXT NOT NULL CHECK (json_valid(display)),
    clock_skew_ms INTEGER NOT NULL,
    flagged       TEXT                    -- why it needs a human look (e.g. 'clock_skew'), or NULL
);
CREATE INDEX kiosk_events_kiosk ON kiosk_events(kiosk_id, ingest_no);
CREATE INDEX kiosk_events_person ON kiosk_events(person_id);

CREATE TRIGGER kiosk_events_append_only_update BEFORE UPDATE ON kiosk_events
BEGIN
    SELECT RAISE(ABORT, 'kiosk_events is append-only');
END;
CREATE TRIGGER kiosk_events_append_only_delete BEFORE DELETE ON kiosk_events
BEGIN
    SELECT RAISE(ABORT, 'kiosk_events is append-only');
END;

-- Payloads refused by validation or for an id conflict: kept for the staff to look at.
CREATE TABLE rejected_events (
    id           INTEGER PRIMARY KEY,
    received_at  TEXT NOT NULL,
    topic        TEXT NOT NULL,
    kiosk_id     TEXT,
    event_id     TEXT,
    reason       TEXT NOT NULL,
    detail       TEXT NOT NULL,
    excerpt      TEXT NOT NULL             -- the payload's first 200 bytes, lossy UTF-8
);
CREATE INDEX rejected_events_received ON rejected_events(received_at);

-- Where each person was last seen (latest read time wins, so late offline taps don't go back in time).
CREATE TABLE person_last_seen (
    person_id  INTEGER PRIMARY KEY REFERENCES persons(id),
    kiosk_id   TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    event_id   TEXT NOT NULL
);

-- The latest status each kiosk reported (retained MQTT status, last will on loss).
CREATE TABLE kiosk_status (
    kiosk_id      TEXT PRIMARY KEY,
    state         TEXT NOT NULL CHECK (state IN ('online', 'offline')),
    boot          TEXT,
    version       TEXT,
    pending       INTEGER,
    clock_synced  INTEGER,
    reader        TEXT,
    screen        TEXT,
    status_at     TEXT NOT NULL,          -- when the last status arrived
    last_seen     TEXT NOT NULL           -- last status or event from this kiosk
);
