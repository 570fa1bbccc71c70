-- The hostel's folio and night audit, and the indexes the benchmark asked for.
--
-- A folio is the running account of a stay: lines for nights, taxe de séjour, extras (a
-- catalogue), payments and refunds, and corrections. Money is euro cents, never floats; charges
-- are positive, payments negative, the balance is the sum. A line is written once: never updated,
-- never deleted — a mistake is corrected by a new line that names the one it corrects.
--
-- The night audit closes a night (one row in `hostel_audits`, written once): the stays that never
-- came become no-shows, the night's charges are posted to the folios of the guests in house, and
-- the departures not checked out are counted for the desk.

-- Indexes (BENCHMARKS.md, « Hostel »): the planner read the partial indexes of 0011 only when the
-- query repeated their condition; plain ones serve every status filter, and two small partial
-- ones serve the desk's requests and in-house guests.
DROP INDEX hostel_stays_arrival;
DROP INDEX hostel_stays_departure;
CREATE INDEX hostel_stays_arrival ON hostel_stays(arrival);
CREATE INDEX hostel_stays_departure ON hostel_stays(departure);
CREATE INDEX hostel_stays_requested ON hostel_stays(arrival, id) WHERE status = 'requested';
CREATE INDEX hostel_stays_checked_in ON hostel_stays(departure) WHERE status = 'checked_in';
DROP INDEX hostel_nights_by_night;
CREATE INDEX hostel_nights_by_night ON hostel_nights(night, bed_id, stay_id) WHERE released_at IS NULL;

-- The audit's hour (local), what a no-show costs, and whether SEL minutes pay part of a stay:
-- `sel_cents_per_hour` is what an hour of SEL is worth here (0: not accepted), and at most
-- `sel_max_percent` of a stay's charges may be paid that way.
ALTER TABLE hostel_settings ADD COLUMN audit_hour INTEGER NOT NULL DEFAULT 3 CHECK (audit_hour BETWEEN 0 AND 12);
ALTER TABLE hostel_settings ADD COLUMN no_show_charge TEXT NOT NULL DEFAULT 'first_night'
    CHECK (no_show_charge IN ('first_night', 'nothing'));
ALTER TABLE hostel_settings ADD COLUMN sel_cents_per_hour INTEGER NOT NULL DEFAULT 0 CHECK (sel_cents_per_hour BETWEEN 0 AND 10000);
ALTER TABLE hostel_settings ADD COLUMN sel_max_percent INTEGER NOT NULL DEFAULT 50 CHECK (sel_max_percent BETWEEN 0 AND 100);

-- What the desk sells besides the nights (breakfast, sheets, towels).
CREATE TABLE hostel_extras (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 60),
    price_cents  INTEGER NOT NULL CHECK (price_cents BETWEEN 0 AND 100000),
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   TEXT NOT NULL
);

CREATE TABLE hostel_folio_lines (
    id                INTEGER PRIMARY KEY,
    stay_id           INTEGER NOT NULL REFERENCES hostel_stays(id),
    kind              TEXT NOT NULL CHECK (kind IN ('night', 'tax', 'extra', 'payment', 'refund', 'correction')),
    -- The night a night's or a tax's line is for.
    night             TEXT CHECK (night IS NULL OR date(night) = night),
    -- An extra's name, a payment's reference, a correction's reason.
    label             TEXT NOT NULL DEFAULT '' CHECK (length(label) <= 200),
    extra_id          INTEGER REFERENCES hostel_extras(id),
    quantity          INTEGER NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 100),
    amount_cents      INTEGER NOT NULL CHECK (amount_cents BETWEEN -10000000 AND 10000000),
    method            TEXT CHECK (method IS NULL OR method IN ('cash', 'card', 'transfer', 'voucher', 'invoice', 'sel')),
    sel_minutes       INTEGER CHECK (sel_minutes IS NULL OR sel_minutes > 0),
    sel_operation_id  TEXT REFERENCES sel_operations(id),
    corrects_id       INTEGER REFERENCES hostel_folio_lines(id),
    -- The writer's idempotency key (a double click on « Encaisser »): one line per key.
    request_key       TEXT UNIQUE CHECK (request_key IS NULL OR length(request_key) BETWEEN 1 AND 100),
    created_by_name   TEXT NOT NULL CHECK (length(created_by_name) BETWEEN 1 AND 120),
    created_at        TEXT NOT NULL,
    CHECK ((kind IN ('night', 'tax')) = (night IS NOT NULL)),
    CHECK ((kind = 'extra') = (extra_id IS NOT NULL)),
    CHECK ((kind IN ('payment', 'refund')) = (method IS NOT NULL)),
    CHECK ((coalesce(method, '') = 'sel') = (sel_minutes IS NOT NULL AND sel_operation_id IS NOT NULL)),
    CHECK ((kind = 'correction') = (corrects_id IS NOT NULL)),
    CHECK (kind <> 'correction' OR length(label) > 0),
    CHECK (kind NOT IN ('night', 'tax', 'extra', 'refund') OR amount_cents >= 0),
    CHECK (kind <> 'payment' OR amount_cents < 0),
    CHECK (kind <> 'correction' OR amount_cents <> 0)
);
CREATE INDEX hostel_folio_stay ON hostel_folio_lines(stay_id, id);
-- A night and its tax are posted once per stay.
CREATE UNIQUE INDEX hostel_folio_posted ON hostel_folio_lines(stay_id, kind, night) WHERE kind IN ('night', 'tax');

CREATE TRIGGER hostel_folio_lines_fixed BEFORE UPDATE OF id, stay_id, kind, night, extra_id,
    quantity, amount_cents, method, sel_minutes, sel_operation_id, corrects_id, request_key,
    created_by_name, created_at ON hostel_folio_lines
BEGIN
    SELECT RAISE(ABORT, 'hostel: a folio line is never changed; correct it with a new line');
END;
-- The one change allowed: erasing a payment's reference (the guest's erasure, GDPR).
CREATE TRIGGER hostel_folio_lines_label BEFORE UPDATE OF label ON hostel_folio_lines
WHEN NEW.label <> '' OR OLD.kind NOT IN ('payment', 'refund')
BEGIN
    SELECT RAISE(ABORT, 'hostel: a folio line is never changed; correct it with a new line');
END;
CREATE TRIGGER hostel_folio_lines_no_delete BEFORE DELETE ON hostel_folio_lines
BEGIN
    SELECT RAISE(ABORT, 'hostel: folio lines are never deleted');
END;
-- A correction corrects a charge of the same stay, never a payment or another correction.
CREATE TRIGGER hostel_folio_corrections BEFORE INSERT ON hostel_folio_lines
WHEN NEW.corrects_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM hostel_folio_lines WHERE id = NEW.corrects_id AND stay_id = NEW.stay_id
       AND kind IN ('night', 'tax', 'extra'))
BEGIN
    SELECT RAISE(ABORT, 'hostel: a correction corrects a charge of the same stay');
END;
-- A night is closed once audited: its charges are posted by then, and a charge for it after is a
-- correction or a night the audit could not see (a guest checked in after it, posted at check-out).
CREATE TABLE hostel_audits (
    night           TEXT PRIMARY KEY CHECK (date(night) = night),
    ran_at          TEXT NOT NULL,
    no_shows        INTEGER NOT NULL CHECK (no_shows >= 0),
    posted_nights   INTEGER NOT NULL CHECK (posted_nights >= 0),
    posted_cents    INTEGER NOT NULL CHECK (posted_cents >= 0),
    -- The stays still checked in after their morning of leaving, as the audit found them.
    overdue         INTEGER NOT NULL CHECK (overdue >= 0)
);
CREATE TRIGGER hostel_audits_fixed BEFORE UPDATE ON hostel_audits
BEGIN
    SELECT RAISE(ABORT, 'hostel: a closed night stays closed');
END;
CREATE TRIGGER hostel_audits_no_delete BEFORE DELETE ON hostel_audits
BEGIN
    SELECT RAISE(ABORT, 'hostel: a closed night stays closed');
END;

-- Each room's iCalendar feed of its blocked nights (for a booking platform to import), opened by
-- a secret token in its URL; every room gets one whatever created it.
CREATE TABLE hostel_room_feeds (
    room_id     INTEGER PRIMARY KEY REFERENCES hostel_rooms(id),
    token       TEXT NOT NULL UNIQUE CHECK (length(token) >= 32),
    created_at  TEXT NOT NULL
);
INSERT INTO hostel_room_feeds (room_id, token, created_at)
SELECT id, lower(hex(randomblob(20))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM hostel_rooms;
CREATE TRIGGER hostel_rooms_feed AFTER INSERT ON hostel_rooms
BEGIN
    INSERT INTO hostel_room_feeds (room_id, token, created_at)
    VALUES (NEW.id, lower(hex(randomblob(20))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
