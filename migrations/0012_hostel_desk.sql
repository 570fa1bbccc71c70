-- The hostel's desk: housekeeping of each bed, and the *fiches individuelles de police* of foreign
-- guests (arrêté du 1er octobre 2015), kept six months after departure then purged by a job.

-- Each bed is clean, dirty (a guest left it) or inspected (clean and checked). A check-out makes
-- the stay's beds dirty; a dirty bed can be sold, but nobody is checked in on it.
ALTER TABLE hostel_beds ADD COLUMN housekeeping TEXT NOT NULL DEFAULT 'clean'
    CHECK (housekeeping IN ('clean', 'dirty', 'inspected'));
ALTER TABLE hostel_beds ADD COLUMN housekeeping_at TEXT;
ALTER TABLE hostel_beds ADD COLUMN housekeeping_by TEXT;

-- A police form, for one guest of a stay who is not of French nationality (children under 15 are
-- written on an accompanying adult's form). No scan or photo of an identity document is ever
-- stored: these fields, typed at the desk, and the guest's signature on the paper form (the desk
-- ticks that it was signed) are the whole record.
CREATE TABLE hostel_police_forms (
    id                INTEGER PRIMARY KEY,
    stay_id           INTEGER NOT NULL REFERENCES hostel_stays(id),
    last_name         TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 120),
    first_name        TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 120),
    birth_date        TEXT NOT NULL CHECK (date(birth_date) = birth_date),
    birth_place       TEXT NOT NULL CHECK (length(birth_place) BETWEEN 1 AND 120),
    nationality       TEXT NOT NULL CHECK (length(nationality) BETWEEN 2 AND 60),
    address           TEXT NOT NULL CHECK (length(address) BETWEEN 5 AND 300),
    phone             TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 30),
    email             TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 200),
    -- Children under 15 travelling with this guest, on this form.
    children          INTEGER NOT NULL DEFAULT 0 CHECK (children BETWEEN 0 AND 20),
    arrival           TEXT NOT NULL CHECK (date(arrival) = arrival),
    departure         TEXT NOT NULL CHECK (date(departure) = departure),
    signed_on_paper   INTEGER NOT NULL CHECK (signed_on_paper = 1),
    recorded_by_name  TEXT NOT NULL CHECK (length(recorded_by_name) BETWEEN 1 AND 120),
    recorded_at       TEXT NOT NULL,
    -- Six months after the departure: the purge deletes the form that day.
    purge_on          TEXT NOT NULL CHECK (date(purge_on) = purge_on AND purge_on > departure),
    CHECK (departure > arrival)
);
CREATE INDEX hostel_police_forms_stay ON hostel_police_forms(stay_id);
CREATE INDEX hostel_police_forms_arrival ON hostel_police_forms(arrival);
CREATE INDEX hostel_police_forms_purge ON hostel_police_forms(purge_on);
