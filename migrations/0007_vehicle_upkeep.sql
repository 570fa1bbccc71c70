-- Shared vehicles, upkeep and money: maintenance plans by kilometres and by date, accident and
-- claim records with the insurer's deadline, and prices per kind of person (overriding the
-- vehicle's own) for the monthly statements.

-- A maintenance plan: every `every_km` kilometres and/or every `every_months` months, from the
-- last time it was done. Due when either comes first.
CREATE TABLE vehicle_maintenance_plans (
    id            INTEGER PRIMARY KEY,
    vehicle_id    INTEGER NOT NULL REFERENCES vehicles(id),
    what          TEXT NOT NULL CHECK (length(what) BETWEEN 1 AND 120),
    every_km      INTEGER CHECK (every_km IS NULL OR every_km BETWEEN 100 AND 200000),
    every_months  INTEGER CHECK (every_months IS NULL OR every_months BETWEEN 1 AND 120),
    last_km       INTEGER NOT NULL DEFAULT 0 CHECK (last_km >= 0),
    last_on       TEXT NOT NULL CHECK (date(last_on) = last_on),
    created_at    TEXT NOT NULL,
    CHECK (every_km IS NOT NULL OR every_months IS NOT NULL)
);
CREATE INDEX vehicle_maintenance_plans_vehicle ON vehicle_maintenance_plans(vehicle_id);

-- An accident, a theft or a breakage: the insurer must hear of it within 5 working days (2 for a
-- theft, Code des assurances art. L113-2); `declared_at` says when it did.
CREATE TABLE vehicle_claims (
    id             INTEGER PRIMARY KEY,
    vehicle_id     INTEGER NOT NULL REFERENCES vehicles(id),
    booking_id     INTEGER REFERENCES vehicle_bookings(id),
    kind           TEXT NOT NULL CHECK (kind IN ('accident', 'theft', 'breakage', 'vandalism')),
    occurred_on    TEXT NOT NULL CHECK (date(occurred_on) = occurred_on),
    -- The last day to declare it to the insurer.
    deadline       TEXT NOT NULL CHECK (date(deadline) = deadline),
    description    TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    declared_at    TEXT,
    insurer_ref    TEXT CHECK (insurer_ref IS NULL OR length(insurer_ref) <= 60),
    recorded_by    TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    CHECK (deadline >= occurred_on)
);
CREATE INDEX vehicle_claims_open ON vehicle_claims(deadline) WHERE declared_at IS NULL;

-- A vehicle's price for one kind of person (persons.kind), instead of the vehicle's own.
CREATE TABLE vehicle_prices (
    vehicle_id      INTEGER NOT NULL REFERENCES vehicles(id),
    person_kind     TEXT NOT NULL CHECK (person_kind IN ('resident', 'neighbour', 'guest', 'staff', 'member')),
    price_kind      TEXT NOT NULL CHECK (price_kind IN ('free', 'euros', 'sel')),
    price_per_hour  INTEGER NOT NULL DEFAULT 0 CHECK (price_per_hour BETWEEN 0 AND 100000),
    price_per_km    INTEGER NOT NULL DEFAULT 0 CHECK (price_per_km BETWEEN 0 AND 100000),
    PRIMARY KEY (vehicle_id, person_kind)
);
