-- The participatory hostel: rooms and their beds, seasonal rates, out-of-order periods, and stays
-- holding one row per bed per night. No bed-night is ever held twice: a partial unique index on the
-- held rows refuses a second holder through every door (page, API, group, room move, raw SQL), and
-- the triggers below keep a released night released and a closed stay closed.
-- Nights are local dates (`YYYY-MM-DD`, the night from that evening to the next morning in the
-- site's time zone), so a stay's count of nights never depends on a change of clocks.
-- Times are UTC instants as RFC 3339 text with milliseconds and a `Z`; money is euro cents.

CREATE TABLE hostel_settings (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    -- The hour (local) at which a new hostel day starts: a walk-in at 00:30 belongs to the night
    -- that began the evening before.
    day_starts_hour INTEGER NOT NULL DEFAULT 6 CHECK (day_starts_hour BETWEEN 0 AND 12)
);
INSERT INTO hostel_settings (id) VALUES (1);

-- A room. A dormitory's beds are sold one by one or the whole room at once (a group); a private
-- room is always sold whole. `price_cents` is a dormitory's price per bed and night, a private
-- room's price per night, when no seasonal rate applies.
CREATE TABLE hostel_rooms (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 60),
    kind         TEXT NOT NULL CHECK (kind IN ('dorm', 'private')),
    floor        INTEGER NOT NULL DEFAULT 0 CHECK (floor BETWEEN -2 AND 20),
    step_free    INTEGER NOT NULL DEFAULT 0 CHECK (step_free IN (0, 1)),
    bathroom     TEXT NOT NULL DEFAULT 'shared' CHECK (bathroom IN ('private', 'shared')),
    women_only   INTEGER NOT NULL DEFAULT 0 CHECK (women_only IN (0, 1)),
    price_cents  INTEGER NOT NULL CHECK (price_cents BETWEEN 0 AND 100000),
    notes        TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    retired_at   TEXT,
    created_at   TEXT NOT NULL,
    CHECK (kind = 'dorm' OR women_only = 0)
);

CREATE TABLE hostel_beds (
    id       INTEGER PRIMARY KEY,
    room_id  INTEGER NOT NULL REFERENCES hostel_rooms(id),
    label    TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 20),
    UNIQUE (room_id, label)
);

-- A seasonal rate: for the nights from `first_night` to `last_night`, every room of that kind
-- costs `price_cents` (per bed in a dormitory, per room otherwise). The latest rate wins.
CREATE TABLE hostel_rates (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    room_kind    TEXT NOT NULL CHECK (room_kind IN ('dorm', 'private')),
    first_night  TEXT NOT NULL CHECK (date(first_night) = first_night),
    last_night   TEXT NOT NULL CHECK (date(last_night) = last_night),
    price_cents  INTEGER NOT NULL CHECK (price_cents BETWEEN 0 AND 100000),
    created_at   TEXT NOT NULL,
    CHECK (last_night >= first_night)
);

-- A room (bed_id NULL) or one bed out of order for some nights (a leak, a broken bunk): no sale
-- holds those nights. Lifting it early keeps the row.
CREATE TABLE hostel_closures (
    id               INTEGER PRIMARY KEY,
    room_id          INTEGER NOT NULL REFERENCES hostel_rooms(id),
    bed_id           INTEGER REFERENCES hostel_beds(id),
    first_night      TEXT NOT NULL CHECK (date(first_night) = first_night),
    last_night       TEXT NOT NULL CHECK (date(last_night) = last_night),
    reason           TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    created_by_name  TEXT NOT NULL CHECK (length(created_by_name) BETWEEN 1 AND 120),
    created_at       TEXT NOT NULL,
    lifted_at        TEXT,
    CHECK (last_night >= first_night)
);
CREATE INDEX hostel_closures_room ON hostel_closures(room_id, first_night) WHERE lifted_at IS NULL;

-- A stay: one guest or a group (the lead guest's name and the head count). `requested` (from the
-- public page) holds nothing until the desk confirms; `confirmed` and `checked_in` hold their
-- nights; `cancelled` and `no_show` release them (the trigger below does it).
CREATE TABLE hostel_stays (
    id               INTEGER PRIMARY KEY,
    uid              TEXT NOT NULL UNIQUE,
    -- The requester's idempotency key (a double click, an API retry): one stay per key.
    request_key      TEXT UNIQUE CHECK (request_key IS NULL OR length(request_key) BETWEEN 1 AND 100),
    -- The guest's record among the place's people, when they are one.
    person_id        INTEGER REFERENCES persons(id),
    guest_name       TEXT NOT NULL CHECK (length(guest_name) BETWEEN 1 AND 120),
    phone            TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 30),
    email            TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 200),
    people           INTEGER NOT NULL CHECK (people BETWEEN 1 AND 60),
    arrival          TEXT NOT NULL CHECK (date(arrival) = arrival),
    departure        TEXT NOT NULL CHECK (date(departure) = departure),
    -- The room asked for, and whether it is taken whole.
    room_id          INTEGER REFERENCES hostel_rooms(id),
    whole_room       INTEGER NOT NULL DEFAULT 0 CHECK (whole_room IN (0, 1)),
    -- Beds asked for (a dormitory sold by the bed).
    beds             INTEGER NOT NULL CHECK (beds BETWEEN 0 AND 60),
    status           TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'checked_in', 'checked_out', 'cancelled', 'no_show')),
    source           TEXT NOT NULL CHECK (source IN ('desk', 'phone', 'walk_in', 'website', 'platform')),
    notes            TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    created_by_name  TEXT NOT NULL CHECK (length(created_by_name) BETWEEN 1 AND 120),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    checked_in_at    TEXT,
    checked_in_by    TEXT,
    checked_out_at   TEXT,
    checked_out_by   TEXT,
    cancelled_at     TEXT,
    cancelled_by     TEXT,
    cancel_reason    TEXT CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 500),
    CHECK (departure > arrival),
    CHECK (julianday(departure) - julianday(arrival) <= 90),
    CHECK (whole_room = 0 OR room_id IS NOT NULL),
    CHECK ((status IN ('cancelled', 'no_show')) = (cancelled_at IS NOT NULL)),
    CHECK (status NOT IN ('checked_in', 'checked_out') OR checked_in_at IS NOT NULL),
    CHECK ((status = 'checked_out') = (checked_out_at IS NOT NULL))
);
CREATE INDEX hostel_stays_arrival ON hostel_stays(arrival) WHERE status NOT IN ('cancelled', 'no_show');
CREATE INDEX hostel_stays_departure ON hostel_stays(departure) WHERE status NOT IN ('cancelled', 'no_show');
CREATE INDEX hostel_stays_person ON hostel_stays(person_id) WHERE person_id IS NOT NULL;

-- One bed for one night of one stay. Held while `released_at` is NULL: at most one held row per
-- bed and night, whatever wrote it.
CREATE TABLE hostel_nights (
    id            INTEGER PRIMARY KEY,
    stay_id       INTEGER NOT NULL REFERENCES hostel_stays(id),
    bed_id        INTEGER NOT NULL REFERENCES hostel_beds(id),
    night         TEXT NOT NULL CHECK (date(night) = night),
    held_at       TEXT NOT NULL,
    released_at   TEXT,
    released_why  TEXT CHECK (released_why IS NULL OR released_why IN ('cancelled', 'no_show', 'early_departure', 'shortened', 'moved')),
    CHECK ((released_at IS NULL) = (released_why IS NULL))
);
CREATE UNIQUE INDEX hostel_nights_held ON hostel_nights(bed_id, night) WHERE released_at IS NULL;
CREATE INDEX hostel_nights_stay ON hostel_nights(stay_id);
CREATE INDEX hostel_nights_by_night ON hostel_nights(night, bed_id) WHERE released_at IS NULL;

-- A night is held only by a stay that holds (confirmed or checked in), inside its dates, on a bed
-- of a room in service and not out of order that night.
CREATE TRIGGER hostel_nights_insert BEFORE INSERT ON hostel_nights
BEGIN
    SELECT RAISE(ABORT, 'hostel: a night is held released')
    WHERE NEW.released_at IS NOT NULL;
    SELECT RAISE(ABORT, 'hostel: only a confirmed or checked-in stay holds nights')
    WHERE (SELECT status FROM hostel_stays WHERE id = NEW.stay_id) NOT IN ('confirmed', 'checked_in');
    SELECT RAISE(ABORT, 'hostel: the night is outside the stay')
    WHERE NOT EXISTS (SELECT 1 FROM hostel_stays WHERE id = NEW.stay_id
                        AND NEW.night >= arrival AND NEW.night < departure);
    SELECT RAISE(ABORT, 'hostel: the room is not in service')
    WHERE EXISTS (SELECT 1 FROM hostel_beds b JOIN hostel_rooms r ON r.id = b.room_id
                   WHERE b.id = NEW.bed_id AND r.retired_at IS NOT NULL);
    SELECT RAISE(ABORT, 'hostel: the bed is out of order that night')
    WHERE EXISTS (SELECT 1 FROM hostel_closures c JOIN hostel_beds b ON b.room_id = c.room_id
                   WHERE b.id = NEW.bed_id AND c.lifted_at IS NULL
                     AND (c.bed_id IS NULL OR c.bed_id = NEW.bed_id)
                     AND NEW.night BETWEEN c.first_night AND c.last_night);
END;

-- A held night is never moved to another bed, night or stay (a room move releases it and holds
-- another), and a released night is never held again.
CREATE TRIGGER hostel_nights_fixed BEFORE UPDATE OF stay_id, bed_id, night, held_at ON hostel_nights
BEGIN
    SELECT RAISE(ABORT, 'hostel: a night is never changed; release it and hold another');
END;
CREATE TRIGGER hostel_nights_released BEFORE UPDATE OF released_at, released_why ON hostel_nights
WHEN OLD.released_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'hostel: a released night stays released');
END;
CREATE TRIGGER hostel_nights_no_delete BEFORE DELETE ON hostel_nights
BEGIN
    SELECT RAISE(ABORT, 'hostel: nights are never deleted');
END;
CREATE TRIGGER hostel_stays_no_delete BEFORE DELETE ON hostel_stays
BEGIN
    SELECT RAISE(ABORT, 'hostel: stays are never deleted');
END;

-- A stay moves forward only: requested → confirmed → checked in → checked out, or cancelled / no
-- show; a cancelled stay never comes back.
CREATE TRIGGER hostel_stays_status BEFORE UPDATE OF status ON hostel_stays
WHEN OLD.status <> NEW.status AND NOT (
       (OLD.status = 'requested' AND NEW.status IN ('confirmed', 'cancelled'))
    OR (OLD.status = 'confirmed' AND NEW.status IN ('checked_in', 'cancelled', 'no_show'))
    OR (OLD.status = 'checked_in' AND NEW.status = 'checked_out'))
BEGIN
    SELECT RAISE(ABORT, 'hostel: a stay does not go back');
END;

-- Cancelling or marking a no-show releases every night the stay held, in the same statement.
CREATE TRIGGER hostel_stays_release AFTER UPDATE OF status ON hostel_stays
WHEN NEW.status IN ('cancelled', 'no_show') AND OLD.status <> NEW.status
BEGIN
    UPDATE hostel_nights SET released_at = NEW.cancelled_at, released_why = NEW.status
    WHERE stay_id = NEW.id AND released_at IS NULL;
END;

-- A stay's dates may move (an extension, an early departure) only while it holds, and never leave
-- a held night outside them.
CREATE TRIGGER hostel_stays_dates AFTER UPDATE OF arrival, departure ON hostel_stays
WHEN EXISTS (SELECT 1 FROM hostel_nights WHERE stay_id = NEW.id AND released_at IS NULL
               AND (night < NEW.arrival OR night >= NEW.departure))
BEGIN
    SELECT RAISE(ABORT, 'hostel: a held night would fall outside the stay');
END;
CREATE TRIGGER hostel_stays_closed BEFORE UPDATE OF arrival, departure, room_id, whole_room, beds, people ON hostel_stays
WHEN OLD.status IN ('checked_out', 'cancelled', 'no_show')
BEGIN
    SELECT RAISE(ABORT, 'hostel: a closed stay is not changed');
END;
