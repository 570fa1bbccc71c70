-- Transport solidaire: a senior asks for a trip with a volunteer driver; a volunteer takes it with
-- a fleet vehicle (booked in the same transaction) or their own car; once done, the volunteer's
-- time is credited to their SEL account through the ledger (once: `credit_operation` names the
-- operation, and a later edit writes only the difference) and the passenger's contribution is
-- recorded (euro cents, under the legal ceiling per kilometre; or SEL minutes through the ledger).

CREATE TABLE vehicle_trips (
    id                   INTEGER PRIMARY KEY,
    passenger_id         INTEGER NOT NULL REFERENCES persons(id),
    start_at             TEXT NOT NULL,
    -- When the passenger wants to be brought back (NULL: one way).
    return_at            TEXT,
    from_place           TEXT NOT NULL CHECK (length(from_place) BETWEEN 1 AND 200),
    to_place             TEXT NOT NULL CHECK (length(to_place) BETWEEN 1 AND 200),
    wheelchair           INTEGER NOT NULL DEFAULT 0 CHECK (wheelchair IN (0, 1)),
    note                 TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    state                TEXT NOT NULL CHECK (state IN ('open', 'taken', 'done', 'cancelled')),
    volunteer_id         INTEGER REFERENCES persons(id),
    -- The fleet vehicle booked for it; NULL with `own_car` when the volunteer drives their own.
    booking_id           INTEGER UNIQUE REFERENCES vehicle_bookings(id),
    own_car              INTEGER NOT NULL DEFAULT 0 CHECK (own_car IN (0, 1)),
    km                   INTEGER CHECK (km IS NULL OR km BETWEEN 0 AND 1000),
    -- The volunteer's time, credited in the SEL.
    minutes              INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 1440),
    credited_minutes     INTEGER NOT NULL DEFAULT 0 CHECK (credited_minutes >= 0),
    credit_operation     TEXT,
    contribution_kind    TEXT NOT NULL DEFAULT 'none' CHECK (contribution_kind IN ('none', 'euros', 'sel')),
    -- Euro cents or SEL minutes.
    contribution_amount  INTEGER NOT NULL DEFAULT 0 CHECK (contribution_amount >= 0),
    requested_by_user    INTEGER REFERENCES users(id),
    requested_by_name    TEXT NOT NULL CHECK (length(requested_by_name) BETWEEN 1 AND 120),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    taken_at             TEXT,
    done_at              TEXT,
    cancelled_at         TEXT,
    CHECK (return_at IS NULL OR return_at > start_at),
    CHECK (state = 'open' OR state = 'cancelled' OR volunteer_id IS NOT NULL),
    CHECK (state <> 'done' OR (km IS NOT NULL AND minutes IS NOT NULL)),
    CHECK (booking_id IS NULL OR own_car = 0),
    CHECK (volunteer_id IS NULL OR volunteer_id <> passenger_id)
);
CREATE INDEX vehicle_trips_start ON vehicle_trips(start_at);
CREATE INDEX vehicle_trips_open ON vehicle_trips(start_at) WHERE state = 'open';
CREATE INDEX vehicle_trips_passenger ON vehicle_trips(passenger_id);
CREATE INDEX vehicle_trips_volunteer ON vehicle_trips(volunteer_id);

CREATE TRIGGER vehicle_trips_no_delete BEFORE DELETE ON vehicle_trips
BEGIN
    SELECT RAISE(ABORT, 'vehicle_trips are never deleted');
END;
CREATE TRIGGER vehicle_trips_states BEFORE UPDATE ON vehicle_trips
WHEN (OLD.state = 'cancelled' AND NEW.state <> 'cancelled')
  OR NEW.id IS NOT OLD.id OR NEW.passenger_id IS NOT OLD.passenger_id
  OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'vehicle_trip_state');
END;

-- The settings of the transport solidaire: what a passenger is asked per kilometre (euro cents;
-- the arrêté of 17 October 2019 caps it at 32), and the longest trip (100 km, décret 2019-850).
ALTER TABLE vehicle_settings ADD COLUMN trip_cents_per_km INTEGER NOT NULL DEFAULT 32
    CHECK (trip_cents_per_km BETWEEN 0 AND 32);
ALTER TABLE vehicle_settings ADD COLUMN trip_max_km INTEGER NOT NULL DEFAULT 100
    CHECK (trip_max_km BETWEEN 1 AND 1000);
