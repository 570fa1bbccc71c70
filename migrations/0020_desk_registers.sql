-- The desk's small registers: what is lent (keys, a projector, chargers) and to whom, until when;
-- the parcels received for residents (received, resident told, collected and by whom); lost and
-- found. Rows are never deleted; a closed row (given back, collected) no longer changes.
CREATE TABLE lendings (
    id           INTEGER PRIMARY KEY,
    item         TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 120),
    -- The borrower's record when the name matched one person; the name as typed in any case.
    person_id    INTEGER REFERENCES persons(id),
    borrower     TEXT NOT NULL CHECK (length(borrower) BETWEEN 1 AND 120),
    lent_at      TEXT NOT NULL,
    lent_by      TEXT NOT NULL CHECK (length(lent_by) BETWEEN 1 AND 120),
    due_at       TEXT NOT NULL,
    returned_at  TEXT,
    returned_to  TEXT CHECK (returned_to IS NULL OR length(returned_to) BETWEEN 1 AND 120),
    CHECK (due_at > lent_at),
    CHECK ((returned_at IS NULL) = (returned_to IS NULL))
);
CREATE INDEX lendings_out ON lendings(due_at) WHERE returned_at IS NULL;

CREATE TABLE parcels (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER REFERENCES persons(id),
    recipient      TEXT NOT NULL CHECK (length(recipient) BETWEEN 1 AND 120),
    description    TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 200),
    received_at    TEXT NOT NULL,
    received_by    TEXT NOT NULL CHECK (length(received_by) BETWEEN 1 AND 120),
    told_at        TEXT,
    told_by        TEXT,
    collected_at   TEXT,
    -- Who took it (the resident, or someone for them) and who handed it over.
    collected_by   TEXT CHECK (collected_by IS NULL OR length(collected_by) BETWEEN 1 AND 120),
    handed_by      TEXT,
    CHECK ((told_at IS NULL) = (told_by IS NULL)),
    CHECK ((collected_at IS NULL) = (collected_by IS NULL)),
    CHECK ((collected_at IS NULL) = (handed_by IS NULL))
);
CREATE INDEX parcels_waiting ON parcels(received_at) WHERE collected_at IS NULL;

CREATE TABLE lost_found (
    id            INTEGER PRIMARY KEY,
    description   TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
    found_where   TEXT NOT NULL DEFAULT '' CHECK (length(found_where) <= 120),
    found_at      TEXT NOT NULL,
    recorded_by   TEXT NOT NULL CHECK (length(recorded_by) BETWEEN 1 AND 120),
    returned_at   TEXT,
    returned_to   TEXT CHECK (returned_to IS NULL OR length(returned_to) BETWEEN 1 AND 120),
    handed_by     TEXT,
    CHECK ((returned_at IS NULL) = (returned_to IS NULL)),
    CHECK ((returned_at IS NULL) = (handed_by IS NULL))
);

CREATE TRIGGER lendings_kept BEFORE DELETE ON lendings
BEGIN SELECT RAISE(ABORT, 'registers: rows are kept'); END;
CREATE TRIGGER parcels_kept BEFORE DELETE ON parcels
BEGIN SELECT RAISE(ABORT, 'registers: rows are kept'); END;
CREATE TRIGGER lost_found_kept BEFORE DELETE ON lost_found
BEGIN SELECT RAISE(ABORT, 'registers: rows are kept'); END;
-- Closed is closed (erasure only blanks a name: `person_id` set to NULL with it).
CREATE TRIGGER lendings_closed BEFORE UPDATE OF item, lent_at, due_at, returned_at, returned_to ON lendings
WHEN OLD.returned_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'registers: given back, closed'); END;
CREATE TRIGGER parcels_closed BEFORE UPDATE OF received_at, told_at, collected_at, collected_by ON parcels
WHEN OLD.collected_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'registers: collected, closed'); END;
CREATE TRIGGER lost_found_closed BEFORE UPDATE OF description, found_at, returned_at, returned_to ON lost_found
WHEN OLD.returned_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'registers: returned, closed'); END;
