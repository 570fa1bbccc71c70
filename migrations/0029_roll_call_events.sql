-- The roll call takes the events under way in the rooms (the presence list's new `events`
-- category: one line per event, standing for the people read at its room's door), and a line
-- may stand for more than 60 people (a debate, a school group at the hostel): with 0017's checks,
-- starting a roll call while either was in the building would have failed.
--
-- SQLite cannot change a CHECK in place: the table is made again, its rows copied with their
-- ids, then its index and its triggers (as 0017 wrote them) made again. Dropping a table fires
-- no trigger, so the « a record is kept » trigger does not stop the copy.
CREATE TABLE roll_call_lines_new (
    id            INTEGER PRIMARY KEY,
    roll_call_id  INTEGER NOT NULL REFERENCES roll_calls(id),
    category      TEXT NOT NULL CHECK (category IN ('people', 'visitors', 'guests', 'events', 'staff')),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    person_id     INTEGER REFERENCES persons(id),
    people        INTEGER NOT NULL CHECK (people BETWEEN 1 AND 100000),
    place         TEXT NOT NULL DEFAULT '',
    needs         TEXT NOT NULL DEFAULT '',
    to_confirm    INTEGER NOT NULL DEFAULT 0 CHECK (to_confirm IN (0, 1)),
    mustered_at   TEXT,
    mustered_by   TEXT,
    CHECK ((mustered_at IS NULL) = (mustered_by IS NULL))
);
INSERT INTO roll_call_lines_new (id, roll_call_id, category, name, person_id, people, place, needs,
                                 to_confirm, mustered_at, mustered_by)
SELECT id, roll_call_id, category, name, person_id, people, place, needs, to_confirm,
       mustered_at, mustered_by
FROM roll_call_lines;
DROP TABLE roll_call_lines;
ALTER TABLE roll_call_lines_new RENAME TO roll_call_lines;
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
