-- Presence in the building: who is inside now, for the desk and the evacuation list.
--
-- A person is inside from a tap in at an entrance kiosk (a tap toggles, or explicit `in`/`out`),
-- or from any read at a kiosk inside the building (the SEL's counter, a room's door) while they
-- were out; they are out only by a tap out at an entrance or the desk's hand. A refused tap or the
-- end of a SEL shift never takes anyone out. The row keeps the instant that set the state: a read
-- older than it (an offline kiosk's late copy) changes nothing.
CREATE TABLE building_presence (
    person_id  INTEGER PRIMARY KEY REFERENCES persons(id),
    inside     INTEGER NOT NULL CHECK (inside IN (0, 1)),
    since      TEXT NOT NULL,
    -- `entrance`: a tap at an entrance kiosk; `kiosk`: a read at another kiosk inside;
    -- `desk`: marked by hand at the desk (`set_by` names who); `hostel`: the guest checked out.
    source     TEXT NOT NULL CHECK (source IN ('entrance', 'kiosk', 'desk', 'hostel')),
    kiosk_id   TEXT,
    event_id   TEXT,
    set_by     TEXT CHECK (set_by IS NULL OR length(set_by) BETWEEN 1 AND 120),
    CHECK ((source = 'desk') = (set_by IS NOT NULL))
);
CREATE INDEX building_presence_inside ON building_presence(since) WHERE inside = 1;

-- A hostel guest who checks out leaves the building with the stay (their card goes back to the
-- desk, so no tap would take them out): the lead guest and every holder of a card lent for it.
CREATE TRIGGER presence_hostel_departure AFTER UPDATE OF status ON hostel_stays
WHEN OLD.status = 'checked_in' AND NEW.status <> 'checked_in'
BEGIN
    UPDATE building_presence SET inside = 0, since = NEW.updated_at, source = 'hostel',
        kiosk_id = NULL, event_id = NULL, set_by = NULL
    WHERE inside = 1 AND since < NEW.updated_at
      AND (person_id = NEW.person_id
           OR person_id IN (SELECT b.person_id FROM hostel_guest_badges g
                            JOIN badges b ON b.id = g.badge_id WHERE g.stay_id = NEW.id));
END;

CREATE TABLE presence_settings (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    -- Someone inside whose last read is older than this is shown « à confirmer », not dropped.
    confirm_after_hours  INTEGER NOT NULL DEFAULT 12 CHECK (confirm_after_hours BETWEEN 1 AND 168),
    -- A visitor's name is kept this long in the register, then replaced by « Visiteur ».
    visitor_keep_days    INTEGER NOT NULL DEFAULT 365 CHECK (visitor_keep_days BETWEEN 1 AND 3650)
);
INSERT INTO presence_settings (id) VALUES (1);

-- The visitor register: someone without a badge, signed in and out at the desk.
CREATE TABLE visitors (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    visiting        TEXT NOT NULL CHECK (length(visiting) BETWEEN 1 AND 120),
    -- The number of the visitor's pass lent at the desk, if any.
    pass            TEXT NOT NULL DEFAULT '' CHECK (length(pass) <= 30),
    -- Told by the visitor, for the evacuation list (« fauteuil roulant »…).
    needs_help      TEXT NOT NULL DEFAULT '' CHECK (length(needs_help) <= 200),
    arrived_at      TEXT NOT NULL,
    signed_in_by    TEXT NOT NULL CHECK (length(signed_in_by) BETWEEN 1 AND 120),
    left_at         TEXT,
    signed_out_by   TEXT CHECK (signed_out_by IS NULL OR length(signed_out_by) BETWEEN 1 AND 120),
    pass_returned   INTEGER CHECK (pass_returned IS NULL OR pass_returned IN (0, 1)),
    anonymised_at   TEXT,
    CHECK (left_at IS NULL OR left_at >= arrived_at),
    CHECK ((left_at IS NULL) = (signed_out_by IS NULL))
);
CREATE INDEX visitors_inside ON visitors(arrived_at) WHERE left_at IS NULL;
CREATE INDEX visitors_arrived ON visitors(arrived_at);

-- A register: the arrival is never rewritten, a departure is recorded once.
CREATE TRIGGER visitors_register BEFORE UPDATE ON visitors
WHEN NEW.arrived_at IS NOT OLD.arrived_at OR NEW.signed_in_by IS NOT OLD.signed_in_by
  OR (OLD.left_at IS NOT NULL AND (NEW.left_at IS NOT OLD.left_at OR NEW.signed_out_by IS NOT OLD.signed_out_by
                                   OR NEW.pass_returned IS NOT OLD.pass_returned))
  -- A name replaced by « Visiteur » never comes back.
  OR (OLD.anonymised_at IS NOT NULL AND (NEW.anonymised_at IS NOT OLD.anonymised_at
      OR NEW.name IS NOT OLD.name OR NEW.visiting IS NOT OLD.visiting OR NEW.needs_help IS NOT OLD.needs_help))
BEGIN
    SELECT RAISE(ABORT, 'visitors: the register is append-only');
END;
CREATE TRIGGER visitors_no_delete BEFORE DELETE ON visitors
BEGIN
    SELECT RAISE(ABORT, 'visitors: the register is append-only');
END;

-- Who needs help to evacuate, told by the person and recorded with their consent; seen by staff
-- only (the desk's pages and the evacuation list).
CREATE TABLE evacuation_needs (
    person_id    INTEGER PRIMARY KEY REFERENCES persons(id),
    mobility     INTEGER NOT NULL DEFAULT 0 CHECK (mobility IN (0, 1)),
    hearing      INTEGER NOT NULL DEFAULT 0 CHECK (hearing IN (0, 1)),
    sight        INTEGER NOT NULL DEFAULT 0 CHECK (sight IN (0, 1)),
    note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    consented_at TEXT NOT NULL,
    recorded_by  TEXT NOT NULL CHECK (length(recorded_by) BETWEEN 1 AND 120),
    CHECK (mobility + hearing + sight > 0 OR note <> '')
);

-- A roll call at the assembly point: the list as it stood when it began, each line ticked
-- « rassemblé » (and unticked after a slip) until it ends; then it is kept as it was.
CREATE TABLE roll_calls (
    id          INTEGER PRIMARY KEY,
    drill       INTEGER NOT NULL CHECK (drill IN (0, 1)),
    started_at  TEXT NOT NULL,
    started_by  TEXT NOT NULL CHECK (length(started_by) BETWEEN 1 AND 120),
    expected    INTEGER NOT NULL CHECK (expected >= 0),
    ended_at    TEXT,
    ended_by    TEXT CHECK (ended_by IS NULL OR length(ended_by) BETWEEN 1 AND 120),
    -- Headcount not ticked when it ended.
    missing     INTEGER CHECK (missing IS NULL OR missing >= 0),
    CHECK ((ended_at IS NULL) = (ended_by IS NULL)),
    CHECK ((ended_at IS NULL) = (missing IS NULL)),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
-- One roll call at a time.
CREATE UNIQUE INDEX roll_calls_one_open ON roll_calls((1)) WHERE ended_at IS NULL;

CREATE TABLE roll_call_lines (
    id            INTEGER PRIMARY KEY,
    roll_call_id  INTEGER NOT NULL REFERENCES roll_calls(id),
    category      TEXT NOT NULL CHECK (category IN ('people', 'visitors', 'guests', 'staff')),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    person_id     INTEGER REFERENCES persons(id),
    people        INTEGER NOT NULL CHECK (people BETWEEN 1 AND 60),
    place         TEXT NOT NULL DEFAULT '',
    needs         TEXT NOT NULL DEFAULT '',
    to_confirm    INTEGER NOT NULL DEFAULT 0 CHECK (to_confirm IN (0, 1)),
    mustered_at   TEXT,
    mustered_by   TEXT,
    CHECK ((mustered_at IS NULL) = (mustered_by IS NULL))
);
CREATE INDEX roll_call_lines_call ON roll_call_lines(roll_call_id);

-- A roll call that ended is a record: its lines and its figures no longer change (erasing a
-- person only blanks their name, below the trigger's notice: `person_id` set to NULL).
CREATE TRIGGER roll_call_lines_closed BEFORE UPDATE OF mustered_at, mustered_by, people, category,
    roll_call_id, place, to_confirm ON roll_call_lines
WHEN (SELECT ended_at FROM roll_calls WHERE id = OLD.roll_call_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'roll call: it has ended');
END;
CREATE TRIGGER roll_call_lines_no_delete BEFORE DELETE ON roll_call_lines
BEGIN
    SELECT RAISE(ABORT, 'roll call: a record is kept');
END;
CREATE TRIGGER roll_call_lines_added_late BEFORE INSERT ON roll_call_lines
WHEN (SELECT ended_at FROM roll_calls WHERE id = NEW.roll_call_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'roll call: it has ended');
END;
CREATE TRIGGER roll_calls_closed BEFORE UPDATE ON roll_calls
WHEN OLD.ended_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'roll call: it has ended');
END;
CREATE TRIGGER roll_calls_no_delete BEFORE DELETE ON roll_calls
BEGIN
    SELECT RAISE(ABORT, 'roll call: a record is kept');
END;
