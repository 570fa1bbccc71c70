-- The building's safety register (registre de sécurité): the checks of the extinguishers, the fire
-- alarm, the emergency lighting, the lifts, and the evacuation drills — who, when, the result and
-- when the next one is due. Append-only: a mistake is corrected by a new entry.
CREATE TABLE safety_register (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('extinguishers', 'alarm', 'emergency_lighting', 'lift', 'drill', 'other')),
    done_on       TEXT NOT NULL CHECK (date(done_on) = done_on),
    -- The company or the person who made the check.
    done_by       TEXT NOT NULL CHECK (length(done_by) BETWEEN 1 AND 120),
    result        TEXT NOT NULL CHECK (result IN ('ok', 'remarks', 'failed')),
    notes         TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    next_due      TEXT CHECK (next_due IS NULL OR (date(next_due) = next_due AND next_due > done_on)),
    -- A drill's roll call (its time and headcount).
    roll_call_id  INTEGER UNIQUE REFERENCES roll_calls(id),
    recorded_at   TEXT NOT NULL,
    recorded_by   TEXT NOT NULL CHECK (length(recorded_by) BETWEEN 1 AND 120),
    CHECK (roll_call_id IS NULL OR kind = 'drill')
);
CREATE INDEX safety_register_kind ON safety_register(kind, done_on);

CREATE TRIGGER safety_register_no_update BEFORE UPDATE ON safety_register
BEGIN
    SELECT RAISE(ABORT, 'safety register: append-only, add a correcting entry');
END;
CREATE TRIGGER safety_register_no_delete BEFORE DELETE ON safety_register
BEGIN
    SELECT RAISE(ABORT, 'safety register: append-only, add a correcting entry');
END;
