-- Shared vehicles: the fleet, the drivers' licences as the desk saw them, bookings held by the
-- database against any overlap (a buffer after each return included), pickups and returns at the
-- key cabinet's kiosk (role 'vehicles'), return forms, damage reports, workshop jobs.
-- Times are UTC instants as RFC 3339 text with milliseconds and a `Z`; dates are `YYYY-MM-DD`.

-- A vehicle. `buffer_minutes` is held after each booking for cleaning and charging. Only staff
-- book a vehicle `bookable_by = 'staff'` (the adapted vehicle, driven by volunteers).
CREATE TABLE vehicles (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 120),
    kind                TEXT NOT NULL CHECK (kind IN ('car', 'adapted', 'ebike', 'cargo_bike')),
    energy              TEXT NOT NULL CHECK (energy IN ('petrol', 'diesel', 'hybrid', 'electric', 'none')),
    plate               TEXT NOT NULL DEFAULT '' CHECK (length(plate) <= 20),
    seats               INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 9),
    boot_litres         INTEGER CHECK (boot_litres IS NULL OR boot_litres BETWEEN 0 AND 5000),
    automatic           INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1)),
    wheelchair_ramp     INTEGER NOT NULL DEFAULT 0 CHECK (wheelchair_ramp IN (0, 1)),
    child_seat          INTEGER NOT NULL DEFAULT 0 CHECK (child_seat IN (0, 1)),
    home_place          TEXT NOT NULL DEFAULT '' CHECK (length(home_place) <= 120),
    key_number          INTEGER NOT NULL UNIQUE CHECK (key_number BETWEEN 1 AND 999),
    -- A driving licence is needed (cars); and a briefing by staff (the adapted vehicle).
    needs_licence       INTEGER NOT NULL CHECK (needs_licence IN (0, 1)),
    needs_briefing      INTEGER NOT NULL DEFAULT 0 CHECK (needs_briefing IN (0, 1)),
    bookable_by         TEXT NOT NULL DEFAULT 'members' CHECK (bookable_by IN ('members', 'staff')),
    buffer_minutes      INTEGER NOT NULL CHECK (buffer_minutes BETWEEN 0 AND 240),
    min_minutes         INTEGER NOT NULL DEFAULT 30 CHECK (min_minutes BETWEEN 5 AND 1440),
    max_minutes         INTEGER NOT NULL DEFAULT 2880 CHECK (max_minutes BETWEEN min_minutes AND 20160),
    notice_minutes      INTEGER NOT NULL DEFAULT 0 CHECK (notice_minutes BETWEEN 0 AND 20160),
    price_kind          TEXT NOT NULL DEFAULT 'free' CHECK (price_kind IN ('free', 'euros', 'sel')),
    -- Euro cents or SEL minutes.
    price_per_hour      INTEGER NOT NULL DEFAULT 0 CHECK (price_per_hour BETWEEN 0 AND 100000),
    price_per_km        INTEGER NOT NULL DEFAULT 0 CHECK (price_per_km BETWEEN 0 AND 100000),
    first_registration  TEXT CHECK (first_registration IS NULL OR date(first_registration) = first_registration),
    last_inspection     TEXT CHECK (last_inspection IS NULL OR date(last_inspection) = last_inspection),
    insurance_until     TEXT CHECK (insurance_until IS NULL OR date(insurance_until) = insurance_until),
    odometer_km         INTEGER NOT NULL DEFAULT 0 CHECK (odometer_km BETWEEN 0 AND 2000000),
    notes               TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    -- Taken out of the fleet for good (sold, scrapped); its history stays.
    retired_at          TEXT,
    created_at          TEXT NOT NULL
);

-- A person's driving licence as the desk saw it. No scan or photo of the licence is ever stored:
-- who saw it, and when, is the proof.
CREATE TABLE vehicle_drivers (
    person_id         INTEGER PRIMARY KEY REFERENCES persons(id),
    category          TEXT NOT NULL CHECK (category IN ('B', 'B96', 'BE', 'AM', 'A1', 'A2', 'A', 'C', 'D')),
    licence_number    TEXT NOT NULL CHECK (length(licence_number) BETWEEN 4 AND 30),
    obtained_on       TEXT NOT NULL CHECK (date(obtained_on) = obtained_on),
    expires_on        TEXT NOT NULL CHECK (date(expires_on) = expires_on),
    seen_by_user      INTEGER REFERENCES users(id),
    seen_by_name      TEXT NOT NULL CHECK (length(seen_by_name) BETWEEN 1 AND 120),
    seen_at           TEXT NOT NULL,
    -- Drives seniors (transport solidaire).
    volunteer         INTEGER NOT NULL DEFAULT 0 CHECK (volunteer IN (0, 1)),
    CHECK (expires_on > obtained_on)
);

-- A briefing on a vehicle that needs one, given by staff.
CREATE TABLE vehicle_briefings (
    vehicle_id    INTEGER NOT NULL REFERENCES vehicles(id),
    person_id     INTEGER NOT NULL REFERENCES persons(id),
    given_by_name TEXT NOT NULL CHECK (length(given_by_name) BETWEEN 1 AND 120),
    given_at      TEXT NOT NULL,
    PRIMARY KEY (vehicle_id, person_id)
);
CREATE INDEX vehicle_briefings_person ON vehicle_briefings(person_id);

-- A booking. `confirmed`, `out` (the key was taken) and `returned` hold the vehicle from
-- `block_start` (the start) to `block_end` (the end plus the vehicle's buffer), Unix seconds; an
-- early return shrinks the block, a late one never grows it (the return is never refused).
CREATE TABLE vehicle_bookings (
    id               INTEGER PRIMARY KEY,
    uid              TEXT NOT NULL UNIQUE,
    -- The requester's idempotency key (a double click, an API retry): one booking per key.
    request_key      TEXT UNIQUE CHECK (request_key IS NULL OR length(request_key) BETWEEN 1 AND 100),
    vehicle_id       INTEGER NOT NULL REFERENCES vehicles(id),
    -- Who drives (or rides, for a bike) and answers for the vehicle.
    person_id        INTEGER NOT NULL REFERENCES persons(id),
    state            TEXT NOT NULL CHECK (state IN ('confirmed', 'out', 'returned', 'cancelled')),
    start_at         TEXT NOT NULL,
    end_at           TEXT NOT NULL,
    block_start      INTEGER NOT NULL,
    block_end        INTEGER NOT NULL,
    purpose          TEXT NOT NULL DEFAULT '' CHECK (length(purpose) <= 200),
    -- The weekly series it belongs to (the uid of its first booking).
    series_uid       TEXT,
    -- Who made it: the person themself, or the desk for them (an assisted booking).
    made_by_user     INTEGER REFERENCES users(id),
    made_by_name     TEXT NOT NULL CHECK (length(made_by_name) BETWEEN 1 AND 120),
    assisted         INTEGER NOT NULL DEFAULT 0 CHECK (assisted IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    cancelled_at     TEXT,
    cancelled_by     TEXT,
    cancel_reason    TEXT CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 500),
    picked_up_at     TEXT,
    pickup_event     TEXT,
    returned_at      TEXT,
    return_event     TEXT,
    km_start         INTEGER CHECK (km_start IS NULL OR km_start >= 0),
    km_end           INTEGER CHECK (km_end IS NULL OR km_end >= 0),
    -- Fuel or charge at return, in percent.
    energy_level     INTEGER CHECK (energy_level IS NULL OR energy_level BETWEEN 0 AND 100),
    clean            INTEGER CHECK (clean IS NULL OR clean IN (0, 1)),
    remarks          TEXT CHECK (remarks IS NULL OR length(remarks) <= 1000),
    return_form_at   TEXT,
    return_form_by   TEXT,
    -- Why the return form needs a look by staff (an odometer jump beyond the plausible).
    flag             TEXT CHECK (flag IS NULL OR length(flag) <= 200),
    CHECK (end_at > start_at),
    CHECK (block_start = unixepoch(start_at) AND block_end >= block_start),
    CHECK (block_end - block_start <= 16 * 86400),
    CHECK (km_end IS NULL OR km_start IS NULL OR km_end >= km_start),
    CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL)),
    CHECK (state NOT IN ('out', 'returned') OR picked_up_at IS NOT NULL),
    CHECK (state <> 'returned' OR returned_at IS NOT NULL)
);
CREATE INDEX vehicle_bookings_holding ON vehicle_bookings(vehicle_id, block_start) WHERE state <> 'cancelled';
CREATE INDEX vehicle_bookings_person ON vehicle_bookings(person_id, start_at);
CREATE INDEX vehicle_bookings_start ON vehicle_bookings(start_at) WHERE state = 'confirmed';
CREATE INDEX vehicle_bookings_out ON vehicle_bookings(end_at) WHERE state = 'out';
CREATE INDEX vehicle_bookings_series ON vehicle_bookings(series_uid) WHERE series_uid IS NOT NULL;

-- A workshop job (maintenance, repair, contrôle technique): the vehicle is out of service from
-- `start_at` to `end_at`. It may be put over existing bookings — the desk then calls each person
-- (vehicle_workshop_calls) — but no booking is taken over it afterwards.
CREATE TABLE vehicle_workshop_jobs (
    id               INTEGER PRIMARY KEY,
    vehicle_id       INTEGER NOT NULL REFERENCES vehicles(id),
    kind             TEXT NOT NULL CHECK (kind IN ('maintenance', 'repair', 'inspection', 'damage', 'other')),
    reason           TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    start_at         TEXT NOT NULL,
    end_at           TEXT NOT NULL,
    block_start      INTEGER NOT NULL,
    block_end        INTEGER NOT NULL,
    created_by_name  TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    -- Finished early or called off: the vehicle is back from then.
    closed_at        TEXT,
    closed_by_name   TEXT,
    CHECK (end_at > start_at),
    CHECK (block_start = unixepoch(start_at) AND block_end = unixepoch(end_at))
);
CREATE INDEX vehicle_workshop_jobs_vehicle ON vehicle_workshop_jobs(vehicle_id, block_start);

CREATE TABLE vehicle_workshop_calls (
    job_id          INTEGER NOT NULL REFERENCES vehicle_workshop_jobs(id),
    booking_id      INTEGER NOT NULL REFERENCES vehicle_bookings(id),
    called_by_name  TEXT NOT NULL,
    called_at       TEXT NOT NULL,
    PRIMARY KEY (job_id, booking_id)
);

-- No double booking, through any door: a booking holding a vehicle may not overlap (buffers
-- included) another holding booking of the same vehicle, nor an open workshop job.
CREATE TRIGGER vehicle_bookings_no_overlap_insert BEFORE INSERT ON vehicle_bookings
WHEN NEW.state <> 'cancelled' AND EXISTS (
    SELECT 1 FROM vehicle_bookings b
    WHERE b.vehicle_id = NEW.vehicle_id AND b.state <> 'cancelled'
      AND b.block_start > NEW.block_start - 16 * 86400
      AND b.block_start < NEW.block_end
      AND b.block_end > NEW.block_start)
BEGIN
    SELECT RAISE(ABORT, 'vehicle_conflict');
END;
CREATE TRIGGER vehicle_bookings_no_overlap_update BEFORE UPDATE ON vehicle_bookings
WHEN NEW.state <> 'cancelled'
  AND (OLD.state = 'cancelled' OR NEW.vehicle_id <> OLD.vehicle_id
       OR NEW.block_start < OLD.block_start OR NEW.block_end > OLD.block_end)
  AND EXISTS (
    SELECT 1 FROM vehicle_bookings b
    WHERE b.vehicle_id = NEW.vehicle_id AND b.state <> 'cancelled' AND b.id <> OLD.id
      AND b.block_start > NEW.block_start - 16 * 86400
      AND b.block_start < NEW.block_end
      AND b.block_end > NEW.block_start)
BEGIN
    SELECT RAISE(ABORT, 'vehicle_conflict');
END;
CREATE TRIGGER vehicle_bookings_workshop_insert BEFORE INSERT ON vehicle_bookings
WHEN NEW.state <> 'cancelled' AND EXISTS (
    SELECT 1 FROM vehicle_workshop_jobs j
    WHERE j.vehicle_id = NEW.vehicle_id AND j.closed_at IS NULL
      AND j.block_start < NEW.block_end AND j.block_end > NEW.block_start)
BEGIN
    SELECT RAISE(ABORT, 'vehicle_in_workshop');
END;
CREATE TRIGGER vehicle_bookings_workshop_update BEFORE UPDATE ON vehicle_bookings
WHEN NEW.state = 'confirmed'
  AND (OLD.state = 'cancelled' OR NEW.vehicle_id <> OLD.vehicle_id
       OR NEW.block_start < OLD.block_start OR NEW.block_end > OLD.block_end)
  AND EXISTS (
    SELECT 1 FROM vehicle_workshop_jobs j
    WHERE j.vehicle_id = NEW.vehicle_id AND j.closed_at IS NULL
      AND j.block_start < NEW.block_end AND j.block_end > NEW.block_start)
BEGIN
    SELECT RAISE(ABORT, 'vehicle_in_workshop');
END;
-- A booking's history stays: cancelled, never deleted; a cancelled or returned booking does not
-- come back; the key goes out once and comes back once.
CREATE TRIGGER vehicle_bookings_no_delete BEFORE DELETE ON vehicle_bookings
BEGIN
    SELECT RAISE(ABORT, 'vehicle_bookings are never deleted');
END;
CREATE TRIGGER vehicle_bookings_states BEFORE UPDATE ON vehicle_bookings
WHEN (OLD.state IN ('cancelled', 'returned') AND NEW.state IS NOT OLD.state)
  OR (OLD.state = 'out' AND NEW.state NOT IN ('out', 'returned'))
  OR (OLD.state = 'confirmed' AND NEW.state = 'returned')
  OR NEW.uid IS NOT OLD.uid OR NEW.id IS NOT OLD.id OR NEW.person_id IS NOT OLD.person_id
  OR NEW.created_at IS NOT OLD.created_at OR NEW.made_by_name IS NOT OLD.made_by_name
BEGIN
    SELECT RAISE(ABORT, 'vehicle_booking_state');
END;
CREATE TRIGGER vehicle_bookings_no_replace BEFORE INSERT ON vehicle_bookings
WHEN EXISTS (SELECT 1 FROM vehicle_bookings WHERE id = NEW.id OR uid = NEW.uid)
BEGIN
    SELECT RAISE(ABORT, 'vehicle_bookings are never replaced');
END;

-- A damage reported at a return (or by staff). An unreviewed report blocks the vehicle: no key
-- goes out until staff have looked at it. The photo is of the vehicle, never of a person.
CREATE TABLE vehicle_damages (
    id                INTEGER PRIMARY KEY,
    vehicle_id        INTEGER NOT NULL REFERENCES vehicles(id),
    booking_id        INTEGER REFERENCES vehicle_bookings(id),
    location          TEXT NOT NULL CHECK (length(location) BETWEEN 1 AND 120),
    description       TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
    photo             TEXT CHECK (photo IS NULL OR length(photo) <= 200),
    reported_by_name  TEXT NOT NULL,
    reported_at       TEXT NOT NULL,
    reviewed_by_name  TEXT,
    reviewed_at       TEXT,
    review_note       TEXT CHECK (review_note IS NULL OR length(review_note) <= 1000),
    CHECK ((reviewed_at IS NULL) = (reviewed_by_name IS NULL))
);
CREATE INDEX vehicle_damages_open ON vehicle_damages(vehicle_id) WHERE reviewed_at IS NULL;

-- The fleet's settings (one row). A key cabinet's kiosk (role 'vehicles') needs no binding: the
-- booking says which key a tap is about.
CREATE TABLE vehicle_settings (
    id                     INTEGER PRIMARY KEY CHECK (id = 1),
    -- The insurer's rule: years since the licence was obtained.
    min_licence_years      INTEGER NOT NULL DEFAULT 2 CHECK (min_licence_years BETWEEN 0 AND 20),
    -- How early before the start a key may be taken.
    pickup_early_minutes   INTEGER NOT NULL DEFAULT 15 CHECK (pickup_early_minutes BETWEEN 0 AND 240),
    -- How many days before a licence, insurance or inspection expires to warn.
    warn_days              INTEGER NOT NULL DEFAULT 30 CHECK (warn_days BETWEEN 1 AND 180),
    -- Kilometres per hour of booking beyond which a return's odometer is flagged.
    plausible_km_per_hour  INTEGER NOT NULL DEFAULT 90 CHECK (plausible_km_per_hour BETWEEN 10 AND 200)
);
INSERT INTO vehicle_settings (id) VALUES (1);
