-- People, associations, accounts with roles, sessions, API tokens, the audit log and the
-- reception logbook (main courante). Times are UTC instants as RFC 3339 text with milliseconds
-- and a `Z`, as in 0001.

-- What the desk knows of a person: minimal contact data, preferred language, accessibility notes.
-- `erased_at` marks a person pseudonymised on request (GDPR): the row stays so that history and
-- totals keep adding up, but nothing in it names anyone any more.
ALTER TABLE persons ADD COLUMN kind TEXT NOT NULL DEFAULT 'neighbour'
    CHECK (kind IN ('resident', 'neighbour', 'guest', 'staff', 'member'));
ALTER TABLE persons ADD COLUMN phone TEXT CHECK (phone IS NULL OR length(phone) <= 30);
ALTER TABLE persons ADD COLUMN email TEXT CHECK (email IS NULL OR length(email) <= 200);
ALTER TABLE persons ADD COLUMN language TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en'));
ALTER TABLE persons ADD COLUMN accessibility TEXT CHECK (accessibility IS NULL OR length(accessibility) <= 500);
ALTER TABLE persons ADD COLUMN erased_at TEXT;
-- Digits only, for search by phone whatever the spacing typed.
ALTER TABLE persons ADD COLUMN phone_digits TEXT;
CREATE INDEX persons_last_name ON persons(last_name COLLATE NOCASE);
CREATE INDEX persons_phone_digits ON persons(phone_digits);

-- Who assigned and revoked a badge (an account id; NULL for the CLI and the demo seed).
ALTER TABLE badges ADD COLUMN assigned_by INTEGER;
ALTER TABLE badges ADD COLUMN revoked_by INTEGER;

CREATE TABLE associations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 120),
    description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    created_at  TEXT NOT NULL
);

-- Members of an association; representatives may act for it (book rooms, later).
CREATE TABLE association_members (
    association_id  INTEGER NOT NULL REFERENCES associations(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    representative  INTEGER NOT NULL DEFAULT 0 CHECK (representative IN (0, 1)),
    joined_at       TEXT NOT NULL,
    PRIMARY KEY (association_id, person_id)
);
CREATE INDEX association_members_person ON association_members(person_id);

-- Accounts that log in to the pages and the API. An account may be a person's (a resident, an
-- association's representative) or a staff login.
CREATE TABLE users (
    id                    INTEGER PRIMARY KEY,
    username              TEXT NOT NULL UNIQUE COLLATE NOCASE
                          CHECK (length(username) BETWEEN 2 AND 64),
    display_name          TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    role                  TEXT NOT NULL CHECK (role IN ('admin', 'reception', 'association', 'resident')),
    password_hash         TEXT NOT NULL,           -- argon2id PHC string
    person_id             INTEGER REFERENCES persons(id),
    language              TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
    large_text            INTEGER NOT NULL DEFAULT 0 CHECK (large_text IN (0, 1)),
    must_change_password  INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    created_at            TEXT NOT NULL,
    disabled_at           TEXT
);

-- Login sessions. The cookie holds a random token; only its BLAKE2b hash is stored, so a copy of
-- the database opens no session. Each session has its own CSRF token.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    csrf_token    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- API tokens for integrations: they act with their account's role. Shown once, stored hashed.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    label         TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);

-- Every change made by staff (or by anyone through the pages and the API): who, when, what,
-- before and after. Append-only, even in raw SQL, with one exception: erasing a person (GDPR) may
-- redact, once, the personal data an entry holds (its before/after and the actor's name), leaving
-- who-did-what-when in place.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor_id     INTEGER,                 -- users.id; NULL for the command line
    actor        TEXT NOT NULL,           -- the account's name at the time, or 'cli'
    action       TEXT NOT NULL,           -- e.g. 'person.create', 'badge.revoke'
    entity       TEXT NOT NULL,           -- e.g. 'person', 'badge', 'user'
    entity_id    TEXT,
    before       TEXT CHECK (before IS NULL OR json_valid(before)),
    after        TEXT CHECK (after IS NULL OR json_valid(after)),
    redacted_at  TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log(actor_id);
-- REPLACE would delete then insert: refuse an id that exists, and new rows arrive unredacted.
CREATE TRIGGER audit_log_append_only_insert BEFORE INSERT ON audit_log
WHEN NEW.redacted_at IS NOT NULL OR EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
WHEN NOT (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
          AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.actor_id IS OLD.actor_id
          AND NEW.action IS OLD.action AND NEW.entity IS OLD.entity
          AND NEW.entity_id IS OLD.entity_id)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Kiosk events stay append-only; an erasure may once replace what the kiosk was told to display
-- (it greets people by name) by a neutral text. Nothing else of an event can change. The trigger
-- of 0001 is replaced by one that allows only that.
ALTER TABLE kiosk_events ADD COLUMN display_redacted_at TEXT;
DROP TRIGGER kiosk_events_append_only_update;
CREATE TRIGGER kiosk_events_append_only_update BEFORE UPDATE ON kiosk_events
WHEN NOT (OLD.display_redacted_at IS NULL AND NEW.display_redacted_at IS NOT NULL
          AND NEW.ingest_no IS OLD.ingest_no AND NEW.id IS OLD.id
          AND NEW.kiosk_id IS OLD.kiosk_id AND NEW.boot IS OLD.boot AND NEW.seq IS OLD.seq
          AND NEW.read_at IS OLD.read_at AND NEW.read_at_utc IS OLD.read_at_utc
          AND NEW.received_at IS OLD.received_at AND NEW.badge IS OLD.badge
          AND NEW.action IS OLD.action AND NEW.payload IS OLD.payload
          AND NEW.person_id IS OLD.person_id AND NEW.result IS OLD.result
          AND NEW.clock_skew_ms IS OLD.clock_skew_ms AND NEW.flagged IS OLD.flagged)
BEGIN
    SELECT RAISE(ABORT, 'kiosk_events is append-only');
END;
CREATE TRIGGER kiosk_events_append_only_insert BEFORE INSERT ON kiosk_events
WHEN NEW.display_redacted_at IS NOT NULL
  OR EXISTS (SELECT 1 FROM kiosk_events WHERE id = NEW.id OR ingest_no = NEW.ingest_no)
BEGIN
    SELECT RAISE(ABORT, 'kiosk_events is append-only');
END;

-- The reception logbook (main courante). An entry can be edited by its author for 15 minutes;
-- after that it is locked and a mistake is fixed by a correction entry pointing at it. Never
-- deleted. `shift` names the desk shift the entry belongs to, e.g. '2026-11-26/nuit'; a
-- handover note is one per shift.
CREATE TABLE logbook_entries (
    id           INTEGER PRIMARY KEY,
    created_at   TEXT NOT NULL,
    edited_at    TEXT,
    author_id    INTEGER NOT NULL REFERENCES users(id),
    author       TEXT NOT NULL,
    shift        TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('entry', 'handover', 'correction')),
    body         TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    corrects_id  INTEGER REFERENCES logbook_entries(id),
    CHECK ((kind = 'correction') = (corrects_id IS NOT NULL))
);
CREATE INDEX logbook_entries_created ON logbook_entries(created_at);
CREATE UNIQUE INDEX logbook_one_handover_per_shift ON logbook_entries(shift) WHERE kind = 'handover';
-- What a kiosk says needs a human (outbox filling up, reader failing, clock not synchronised), as a
-- JSON array of codes; an online status replaces it, a last will keeps the last one known.
ALTER TABLE kiosk_status ADD COLUMN alarms TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(alarms));

-- No REPLACE over an existing entry, and no entry dated in the future (it would stay editable).
CREATE TRIGGER logbook_entries_insert BEFORE INSERT ON logbook_entries
WHEN EXISTS (SELECT 1 FROM logbook_entries WHERE id = NEW.id)
  OR NEW.created_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 minute')
  OR NEW.edited_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'logbook entries are appended, never replaced');
END;
CREATE TRIGGER logbook_entries_no_delete BEFORE DELETE ON logbook_entries
BEGIN
    SELECT RAISE(ABORT, 'logbook entries are never deleted');
END;
-- Only the body may change, only by the application's edit (which sets edited_at), and only
-- within 15 minutes of the entry's creation.
CREATE TRIGGER logbook_entries_locked BEFORE UPDATE ON logbook_entries
WHEN OLD.created_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-15 minutes')
  OR NEW.id IS NOT OLD.id OR NEW.created_at IS NOT OLD.created_at
  OR NEW.author_id IS NOT OLD.author_id OR NEW.author IS NOT OLD.author
  OR NEW.shift IS NOT OLD.shift OR NEW.kind IS NOT OLD.kind
  OR NEW.corrects_id IS NOT OLD.corrects_id OR NEW.edited_at IS NULL
BEGIN
    SELECT RAISE(ABORT, 'logbook entry is locked');
END;
