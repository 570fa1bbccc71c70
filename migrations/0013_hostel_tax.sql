-- The taxe de séjour (CGCT art. L2333-26 and following): the commune's rules by date range, and
-- each stay's minors and exempted people with the reason. The tax is computed per person and night
-- from the nights a stay holds; the register for a declaration period names nobody.

-- A rule for the nights from `first_night` to `last_night` (the latest rule wins where two cover a
-- night). `classified`: a fixed amount per person and night; `unclassified` (an establishment
-- without a classification, as a participatory hostel): a rate of the price per person and night,
-- capped. Surcharges (departmental, regional) are added to the communal amount, in basis points
-- (10 % = 1000). Below `threshold_cents` per person and night (the council's threshold), nobody pays.
CREATE TABLE hostel_tax_rules (
    id                INTEGER PRIMARY KEY,
    commune           TEXT NOT NULL CHECK (length(commune) BETWEEN 1 AND 120),
    first_night       TEXT NOT NULL CHECK (date(first_night) = first_night),
    last_night        TEXT NOT NULL CHECK (date(last_night) = last_night),
    mode              TEXT NOT NULL CHECK (mode IN ('classified', 'unclassified')),
    per_person_cents  INTEGER NOT NULL DEFAULT 0 CHECK (per_person_cents BETWEEN 0 AND 10000),
    rate_bp           INTEGER NOT NULL DEFAULT 0 CHECK (rate_bp BETWEEN 0 AND 1000),
    cap_cents         INTEGER NOT NULL DEFAULT 0 CHECK (cap_cents BETWEEN 0 AND 10000),
    department_bp     INTEGER NOT NULL DEFAULT 0 CHECK (department_bp BETWEEN 0 AND 10000),
    region_bp         INTEGER NOT NULL DEFAULT 0 CHECK (region_bp BETWEEN 0 AND 30000),
    threshold_cents   INTEGER NOT NULL DEFAULT 0 CHECK (threshold_cents BETWEEN 0 AND 100000),
    created_by_name   TEXT NOT NULL CHECK (length(created_by_name) BETWEEN 1 AND 120),
    created_at        TEXT NOT NULL,
    CHECK (last_night >= first_night)
);

-- Minors (under 18) are exempt by law; other exempted people say why: a seasonal worker employed
-- in the commune, or emergency housing / temporary rehousing.
ALTER TABLE hostel_stays ADD COLUMN minors INTEGER NOT NULL DEFAULT 0 CHECK (minors BETWEEN 0 AND 60);
ALTER TABLE hostel_stays ADD COLUMN tax_exempt INTEGER NOT NULL DEFAULT 0 CHECK (tax_exempt BETWEEN 0 AND 60);
ALTER TABLE hostel_stays ADD COLUMN tax_exempt_reason TEXT
    CHECK (tax_exempt_reason IS NULL OR tax_exempt_reason IN ('seasonal_worker', 'emergency_housing'));
