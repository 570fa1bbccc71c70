-- Chrono'espaces: spaces whose use changes with the hour, their timetables, bookings, door kiosks
-- and visits. Times are UTC instants as RFC 3339 text with milliseconds and a `Z`, as in 0001;
-- timetables are written in local time (the site's zone) and resolved by the server.
--
-- The rule that never bends (DESIGN.md §4 rule 2): a space is never given twice for overlapping
-- time. The triggers below refuse it inside the writing transaction, whatever the door: the API, a
-- page, a series, an approval, or raw SQL.

-- A space. A divisible room is a whole whose halves name it as `parent_id` (one level only):
-- booking the whole blocks its halves and booking a half blocks the whole.
CREATE TABLE spaces (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 120),
    floor             TEXT NOT NULL DEFAULT '' CHECK (length(floor) <= 60),
    capacity          INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    equipment         TEXT NOT NULL DEFAULT '' CHECK (length(equipment) <= 1000),
    step_free         INTEGER NOT NULL DEFAULT 0 CHECK (step_free IN (0, 1)),
    hearing_loop      INTEGER NOT NULL DEFAULT 0 CHECK (hearing_loop IN (0, 1)),
    description       TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    parent_id         INTEGER REFERENCES spaces(id) CHECK (parent_id IS NULL OR parent_id <> id),
    -- The door kiosk refuses entry when the room is full for its current use.
    refuse_when_full  INTEGER NOT NULL DEFAULT 1 CHECK (refuse_when_full IN (0, 1)),
    -- The secret of the space's iCalendar feed URL.
    calendar_token    TEXT NOT NULL UNIQUE CHECK (length(calendar_token) >= 24),
    created_at        TEXT NOT NULL
);
CREATE INDEX spaces_parent ON spaces(parent_id);
CREATE TRIGGER spaces_one_level_insert BEFORE INSERT ON spaces
WHEN NEW.parent_id IS NOT NULL
 AND EXISTS (SELECT 1 FROM spaces WHERE id = NEW.parent_id AND parent_id IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a half of a room cannot itself be divided');
END;
CREATE TRIGGER spaces_parent_fixed BEFORE UPDATE OF parent_id ON spaces
WHEN NEW.parent_id IS NOT OLD.parent_id
BEGIN
    SELECT RAISE(ABORT, 'a space stays in the room it was created in');
END;

-- A use (usage) of a space: what the room is for in a window of its timetable, who may book it,
-- and how. `capacity` NULL means the space's own. Modes: 'dropin' (people badge in, counted
-- against capacity; a seat may be booked ahead), 'exclusive' (the room for one booker), 'event'
-- (the room for one booker, with attendees counted at the door).
CREATE TABLE space_uses (
    id                     INTEGER PRIMARY KEY,
    code                   TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40 AND code NOT GLOB '*[^a-z0-9-]*'),
    name                   TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    colour                 TEXT NOT NULL CHECK (length(colour) = 7 AND colour GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    mode                   TEXT NOT NULL CHECK (mode IN ('dropin', 'exclusive', 'event')),
    capacity               INTEGER CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 10000),
    -- Who may book, besides the staff (who book on anyone's behalf).
    open_to_residents      INTEGER NOT NULL DEFAULT 0 CHECK (open_to_residents IN (0, 1)),
    -- Every association, unless space_use_associations lists some.
    open_to_associations   INTEGER NOT NULL DEFAULT 0 CHECK (open_to_associations IN (0, 1)),
    -- Any account.
    open_to_everyone       INTEGER NOT NULL DEFAULT 0 CHECK (open_to_everyone IN (0, 1)),
    min_minutes            INTEGER NOT NULL DEFAULT 30 CHECK (min_minutes BETWEEN 5 AND 10080),
    max_minutes            INTEGER NOT NULL DEFAULT 240 CHECK (max_minutes BETWEEN min_minutes AND 10080),
    -- How long before the start a booking must be made.
    notice_minutes         INTEGER NOT NULL DEFAULT 0 CHECK (notice_minutes BETWEEN 0 AND 525600),
    approval               INTEGER NOT NULL DEFAULT 0 CHECK (approval IN (0, 1)),
    -- Per hour: euro cents or SEL minutes.
    price_kind             TEXT NOT NULL DEFAULT 'free' CHECK (price_kind IN ('free', 'euros', 'sel')),
    price_per_hour         INTEGER NOT NULL DEFAULT 0 CHECK (price_per_hour BETWEEN 0 AND 10000000),
    -- The room is rearranged before and after: the booking holds it that much longer.
    changeover_before      INTEGER NOT NULL DEFAULT 0 CHECK (changeover_before BETWEEN 0 AND 240),
    changeover_after       INTEGER NOT NULL DEFAULT 0 CHECK (changeover_after BETWEEN 0 AND 240),
    -- When set, a booking nobody badges in for within this many minutes of its start is released.
    checkin_grace_minutes  INTEGER CHECK (checkin_grace_minutes IS NULL OR checkin_grace_minutes BETWEEN 5 AND 240),
    -- Whether bookings of this use appear on the public agenda unless the booker says otherwise.
    public_by_default      INTEGER NOT NULL DEFAULT 0 CHECK (public_by_default IN (0, 1)),
    created_at             TEXT NOT NULL,
    CHECK (price_kind <> 'free' OR price_per_hour = 0)
);

-- The associations a use is reserved for (none listed: every association, if open to them).
CREATE TABLE space_use_associations (
    use_id          INTEGER NOT NULL REFERENCES space_uses(id),
    association_id  INTEGER NOT NULL REFERENCES associations(id),
    PRIMARY KEY (use_id, association_id)
);

-- The weekly timetable: on `weekday` (1 = Monday … 7 = Sunday), local `start_local`–`end_local`,
-- the space is open for `use_id`. Windows of one space and day never overlap.
CREATE TABLE space_windows (
    id           INTEGER PRIMARY KEY,
    space_id     INTEGER NOT NULL REFERENCES spaces(id),
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_local  TEXT NOT NULL CHECK (length(start_local) = 5 AND start_local GLOB '[0-2][0-9]:[0-5][0-9]' AND start_local < '24:00'),
    end_local    TEXT NOT NULL CHECK (length(end_local) = 5 AND end_local GLOB '[0-2][0-9]:[0-5][0-9]' AND end_local <= '24:00'),
    use_id       INTEGER NOT NULL REFERENCES space_uses(id),
    CHECK (end_local > start_local)
);
CREATE INDEX space_windows_space ON space_windows(space_id, weekday);
CREATE TRIGGER space_windows_no_overlap BEFORE INSERT ON space_windows
WHEN EXISTS (SELECT 1 FROM space_windows w
             WHERE w.space_id = NEW.space_id AND w.weekday = NEW.weekday
               AND w.start_local < NEW.end_local AND w.end_local > NEW.start_local)
BEGIN
    SELECT RAISE(ABORT, 'space_window_overlap');
END;
CREATE TRIGGER space_windows_no_overlap_update BEFORE UPDATE ON space_windows
WHEN EXISTS (SELECT 1 FROM space_windows w
             WHERE w.id <> NEW.id AND w.space_id = NEW.space_id AND w.weekday = NEW.weekday
               AND w.start_local < NEW.end_local AND w.end_local > NEW.start_local)
BEGIN
    SELECT RAISE(ABORT, 'space_window_overlap');
END;

-- Dated exceptions: a public holiday, a closure, a one-off event. `space_id` NULL: the whole site.
-- `start_local`/`end_local` NULL: the whole day. `use_id` NULL: closed; otherwise open for that use.
-- Precedence (see spaces::timetable): the weekly windows, then the site's exceptions, then the
-- space's own, each cutting its hours out of what came before and, when it names a use, opening
-- them for that use.
CREATE TABLE space_exceptions (
    id           INTEGER PRIMARY KEY,
    space_id     INTEGER REFERENCES spaces(id),
    day          TEXT NOT NULL CHECK (length(day) = 10 AND day GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    start_local  TEXT CHECK (start_local IS NULL OR (length(start_local) = 5 AND start_local GLOB '[0-2][0-9]:[0-5][0-9]' AND start_local < '24:00')),
    end_local    TEXT CHECK (end_local IS NULL OR (length(end_local) = 5 AND end_local GLOB '[0-2][0-9]:[0-5][0-9]' AND end_local <= '24:00')),
    use_id       INTEGER REFERENCES space_uses(id),
    label        TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 120),
    created_at   TEXT NOT NULL,
    CHECK ((start_local IS NULL) = (end_local IS NULL)),
    CHECK (start_local IS NULL OR end_local > start_local)
);
CREATE INDEX space_exceptions_day ON space_exceptions(day);

-- A recurring series of bookings (a weekly association meeting). Its occurrences are bookings;
-- the rule is kept to show it and to extend it.
CREATE TABLE space_series (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    space_id        INTEGER NOT NULL REFERENCES spaces(id),
    use_id          INTEGER NOT NULL REFERENCES space_uses(id),
    rule            TEXT NOT NULL CHECK (length(rule) BETWEEN 1 AND 500),
    first_day       TEXT NOT NULL,
    start_local     TEXT NOT NULL,
    end_local       TEXT NOT NULL,
    policy          TEXT NOT NULL CHECK (policy IN ('all_or_nothing', 'skip_conflicts')),
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    association_id  INTEGER REFERENCES associations(id),
    person_id       INTEGER REFERENCES persons(id),
    created_by      INTEGER REFERENCES users(id),
    created_at      TEXT NOT NULL
);

-- A booking. Only confirmed bookings hold the room; a request waits for approval and holds
-- nothing, so that several requests may compete and reception chooses. `block_start`/`block_end`
-- are the held interval in Unix seconds: the booking plus the changeover before and after.
-- `shared`: a seat in a drop-in use, counted against `capacity` with the others in the same space.
CREATE TABLE space_bookings (
    id                  INTEGER PRIMARY KEY,
    uid                 TEXT NOT NULL UNIQUE,
    -- The requester's idempotency key (a double click, an API retry): one booking per key.
    request_key         TEXT UNIQUE CHECK (request_key IS NULL OR length(request_key) BETWEEN 1 AND 100),
    space_id            INTEGER NOT NULL REFERENCES spaces(id),
    use_id              INTEGER NOT NULL REFERENCES space_uses(id),
    state               TEXT NOT NULL CHECK (state IN ('requested', 'confirmed', 'declined', 'cancelled', 'released')),
    start_at            TEXT NOT NULL,
    end_at              TEXT NOT NULL,
    block_start         INTEGER NOT NULL,
    block_end           INTEGER NOT NULL,
    shared              INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
    seats               INTEGER NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 10000),
    capacity            INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    title               TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    public              INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
    attendees_expected  INTEGER CHECK (attendees_expected IS NULL OR attendees_expected BETWEEN 1 AND 10000),
    association_id      INTEGER REFERENCES associations(id),
    person_id           INTEGER REFERENCES persons(id),
    series_id           INTEGER REFERENCES space_series(id),
    -- The local day of the occurrence in its series, as first planned.
    occurrence_day      TEXT,
    sequence            INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    note                TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    decision_message    TEXT CHECK (decision_message IS NULL OR length(decision_message) <= 1000),
    decided_by          INTEGER REFERENCES users(id),
    decided_at          TEXT,
    price_kind          TEXT NOT NULL DEFAULT 'free' CHECK (price_kind IN ('free', 'euros', 'sel')),
    price_amount        INTEGER NOT NULL DEFAULT 0 CHECK (price_amount >= 0),
    checked_in_at       TEXT,
    created_by          INTEGER REFERENCES users(id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    CHECK (end_at > start_at),
    CHECK (block_start <= unixepoch(start_at) AND block_end >= unixepoch(end_at)),
    -- Bounded, so that the overlap check reads a bounded range of the index.
    CHECK (block_end - block_start <= 8 * 86400),
    CHECK (shared = 1 OR seats = 1),
    CHECK (seats <= capacity)
);
CREATE INDEX space_bookings_holding ON space_bookings(space_id, block_start) WHERE state = 'confirmed';
CREATE INDEX space_bookings_space_time ON space_bookings(space_id, start_at);
CREATE INDEX space_bookings_requests ON space_bookings(start_at) WHERE state = 'requested';
CREATE INDEX space_bookings_association ON space_bookings(association_id, start_at);
CREATE INDEX space_bookings_series ON space_bookings(series_id, start_at);
CREATE INDEX space_bookings_public ON space_bookings(start_at) WHERE public = 1;

-- No double booking. A confirmed booking may not overlap (changeovers included) a confirmed
-- booking of the same space, of the room it is a half of, or of one of its halves; seats in a
-- drop-in use only collide when together they exceed the capacity.
CREATE TRIGGER space_bookings_no_overlap_insert BEFORE INSERT ON space_bookings
WHEN NEW.state = 'confirmed' AND EXISTS (
    SELECT 1 FROM space_bookings b
    WHERE b.state = 'confirmed'
      AND b.space_id IN (SELECT NEW.space_id
                         UNION ALL SELECT parent_id FROM spaces WHERE id = NEW.space_id AND parent_id IS NOT NULL
                         UNION ALL SELECT id FROM spaces WHERE parent_id = NEW.space_id)
      AND b.block_start > NEW.block_start - 8 * 86400
      AND b.block_start < NEW.block_end
      AND b.block_end > NEW.block_start
      AND NOT (b.shared = 1 AND NEW.shared = 1 AND b.space_id = NEW.space_id))
BEGIN
    SELECT RAISE(ABORT, 'space_conflict');
END;
CREATE TRIGGER space_bookings_no_overlap_update BEFORE UPDATE ON space_bookings
WHEN NEW.state = 'confirmed' AND EXISTS (
    SELECT 1 FROM space_bookings b
    WHERE b.state = 'confirmed' AND b.id <> OLD.id AND b.id <> NEW.id
      AND b.space_id IN (SELECT NEW.space_id
                         UNION ALL SELECT parent_id FROM spaces WHERE id = NEW.space_id AND parent_id IS NOT NULL
                         UNION ALL SELECT id FROM spaces WHERE parent_id = NEW.space_id)
      AND b.block_start > NEW.block_start - 8 * 86400
      AND b.block_start < NEW.block_end
      AND b.block_end > NEW.block_start
      AND NOT (b.shared = 1 AND NEW.shared = 1 AND b.space_id = NEW.space_id))
BEGIN
    SELECT RAISE(ABORT, 'space_conflict');
END;
-- Seats: at the start of the new booking and at each start of another seat inside it, the seats
-- held then, with the new ones, must fit in the capacity.
CREATE TRIGGER space_bookings_capacity_insert BEFORE INSERT ON space_bookings
WHEN NEW.state = 'confirmed' AND NEW.shared = 1 AND EXISTS (
    SELECT 1 FROM (SELECT NEW.block_start AS t
                   UNION SELECT b.block_start FROM space_bookings b
                   WHERE b.state = 'confirmed' AND b.shared = 1 AND b.space_id = NEW.space_id
                     AND b.block_start > NEW.block_start AND b.block_start < NEW.block_end) p
    WHERE (SELECT coalesce(sum(c.seats), 0) FROM space_bookings c
           WHERE c.state = 'confirmed' AND c.shared = 1 AND c.space_id = NEW.space_id
             AND c.block_start > NEW.block_start - 8 * 86400
             AND c.block_start <= p.t AND c.block_end > p.t) + NEW.seats > NEW.capacity)
BEGIN
    SELECT RAISE(ABORT, 'space_full');
END;
CREATE TRIGGER space_bookings_capacity_update BEFORE UPDATE ON space_bookings
WHEN NEW.state = 'confirmed' AND NEW.shared = 1 AND EXISTS (
    SELECT 1 FROM (SELECT NEW.block_start AS t
                   UNION SELECT b.block_start FROM space_bookings b
                   WHERE b.state = 'confirmed' AND b.shared = 1 AND b.space_id = NEW.space_id
                     AND b.id <> OLD.id
                     AND b.block_start > NEW.block_start AND b.block_start < NEW.block_end) p
    WHERE (SELECT coalesce(sum(c.seats), 0) FROM space_bookings c
           WHERE c.state = 'confirmed' AND c.shared = 1 AND c.space_id = NEW.space_id
             AND c.id <> OLD.id
             AND c.block_start > NEW.block_start - 8 * 86400
             AND c.block_start <= p.t AND c.block_end > p.t) + NEW.seats > NEW.capacity)
BEGIN
    SELECT RAISE(ABORT, 'space_full');
END;
-- A booking's history stays: it is cancelled, declined or released, never deleted. A decided
-- booking does not come back to life, and its identity does not change.
CREATE TRIGGER space_bookings_no_delete BEFORE DELETE ON space_bookings
BEGIN
    SELECT RAISE(ABORT, 'space_bookings are never deleted');
END;
CREATE TRIGGER space_bookings_final_states BEFORE UPDATE ON space_bookings
WHEN (OLD.state IN ('declined', 'cancelled', 'released') AND NEW.state IS NOT OLD.state)
  OR (OLD.state = 'confirmed' AND NEW.state = 'requested')
  OR NEW.uid IS NOT OLD.uid OR NEW.id IS NOT OLD.id OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'space_booking_state');
END;
-- INSERT OR REPLACE would delete then insert, going around the rules above.
CREATE TRIGGER space_bookings_no_replace BEFORE INSERT ON space_bookings
WHEN EXISTS (SELECT 1 FROM space_bookings WHERE id = NEW.id OR uid = NEW.uid)
BEGIN
    SELECT RAISE(ABORT, 'space_bookings are never replaced');
END;

-- The door kiosks of the spaces (kiosks whose role is 'space').
CREATE TABLE space_doors (
    kiosk_id  TEXT PRIMARY KEY REFERENCES kiosks(id),
    space_id  INTEGER NOT NULL REFERENCES spaces(id)
);

-- Who is in a space: a tap at the door enters, the next one leaves. A visit left open is closed
-- by the server (`closed_by = 'auto'`).
CREATE TABLE space_visits (
    id           INTEGER PRIMARY KEY,
    space_id     INTEGER NOT NULL REFERENCES spaces(id),
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    entered_at   TEXT NOT NULL,
    left_at      TEXT,
    enter_event  TEXT NOT NULL,
    leave_event  TEXT,
    closed_by    TEXT CHECK (closed_by IS NULL OR closed_by IN ('tap', 'auto')),
    booking_id   INTEGER REFERENCES space_bookings(id),
    CHECK ((left_at IS NULL) = (closed_by IS NULL)),
    CHECK (left_at IS NULL OR left_at >= entered_at)
);
CREATE UNIQUE INDEX space_visits_one_open ON space_visits(space_id, person_id) WHERE left_at IS NULL;
CREATE INDEX space_visits_space_time ON space_visits(space_id, entered_at);
CREATE INDEX space_visits_person ON space_visits(person_id);
CREATE INDEX space_visits_booking ON space_visits(booking_id);

-- An association's iCalendar feed secret (spaces keep theirs on their row).
CREATE TABLE association_calendar_tokens (
    association_id  INTEGER PRIMARY KEY REFERENCES associations(id),
    token           TEXT NOT NULL UNIQUE CHECK (length(token) >= 24),
    created_at      TEXT NOT NULL
);
