-- The Bien-Vivre dashboard's summary of settled periods (server/src/bienvivre/settled.rs).
--
-- Measuring five years of the place's life again at every visit of /bien-vivre took seconds
-- (BENCHMARKS.md). A computed indicator's value over a period that ended more than 8 days ago is
-- kept here the first time it is measured, and over the running twelve months for a quarter of
-- an hour; the current and last months are always measured live.
--
-- A change that touches the past removes the values it could change, here, by the triggers
-- below: a row of the SEL, the rooms, the vehicles or the hostel written, changed or removed
-- with a date more than 8 days back (a kiosk's backlog after a long outage, a correction, a
-- booking or trip changed afterwards, a stay recorded late) removes its domain's values for every
-- period ending after that date (a person's first shift depends on everything before); a
-- correction in the SEL's ledger, or any change to the rooms, their uses or timetables, removes
-- all of its domain's values. Each removal also moves `generation` on, so that a measure that was
-- running while the past changed is not stored (settled.rs compares it).
CREATE TABLE bv_measured (
    key          TEXT NOT NULL,   -- a computed indicator's key: sel_hours_given…
    from_at      TEXT NOT NULL,   -- the period, as stored instants (local midnights in UTC)
    to_at        TEXT NOT NULL,   -- exclusive
    tz           TEXT NOT NULL,   -- the site's time zone it was cut in (a room's timetable)
    value        REAL,            -- NULL: nothing to measure
    measured_at  TEXT NOT NULL,
    PRIMARY KEY (key, from_at, to_at)
);

CREATE TABLE bv_measured_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    generation  INTEGER NOT NULL
);
INSERT INTO bv_measured_state (id, generation) VALUES (1, 0);

-- The SEL: transfers and shifts.
CREATE TRIGGER bv_measured_sel_transfer AFTER INSERT ON sel_transfers
WHEN NEW.corrects_no IS NOT NULL
  OR NEW.created_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'sel_*'
        AND (NEW.corrects_no IS NOT NULL OR to_at > NEW.created_at);
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_sel_session_insert AFTER INSERT ON sel_sessions
WHEN NEW.started_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'sel_*' AND to_at > NEW.started_at;
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_sel_session_update AFTER UPDATE ON sel_sessions
WHEN OLD.started_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'sel_*' AND to_at > OLD.started_at;
    UPDATE bv_measured_state SET generation = generation + 1;
END;

-- The rooms: bookings and visits by their dates; the rooms, uses and timetables altogether.
CREATE TRIGGER bv_measured_booking_insert AFTER INSERT ON space_bookings
WHEN NEW.start_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*' AND to_at > NEW.start_at;
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_booking_update AFTER UPDATE ON space_bookings
WHEN min(OLD.start_at, NEW.start_at) < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*'
        AND to_at > min(OLD.start_at, NEW.start_at);
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_booking_delete AFTER DELETE ON space_bookings
WHEN OLD.start_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*' AND to_at > OLD.start_at;
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_visit_insert AFTER INSERT ON space_visits
WHEN NEW.entered_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*' AND to_at > NEW.entered_at;
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_visit_update AFTER UPDATE ON space_visits
WHEN OLD.entered_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*' AND to_at > OLD.entered_at;
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_spaces_insert AFTER INSERT ON spaces
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*';
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_spaces_update AFTER UPDATE ON spaces
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*';
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_uses_insert AFTER INSERT ON space_uses
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*';
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_uses_update AFTER UPDATE ON space_uses
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*';
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_windows_insert AFTER INSERT ON space_windows
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*';
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_windows_update AFTER UPDATE ON space_windows
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*';
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_windows_delete AFTER DELETE ON space_windows
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*';
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_exceptions_insert AFTER INSERT ON space_exceptions
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*';
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_exceptions_update AFTER UPDATE ON space_exceptions
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*';
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_exceptions_delete AFTER DELETE ON space_exceptions
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'spaces_*';
    UPDATE bv_measured_state SET generation = generation + 1;
END;

-- The transport solidaire's trips.
CREATE TRIGGER bv_measured_trip_insert AFTER INSERT ON vehicle_trips
WHEN NEW.start_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'vehicles_*' AND to_at > NEW.start_at;
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_trip_update AFTER UPDATE ON vehicle_trips
WHEN min(OLD.start_at, NEW.start_at) < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'vehicles_*'
        AND to_at > min(OLD.start_at, NEW.start_at);
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_trip_delete AFTER DELETE ON vehicle_trips
WHEN OLD.start_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'vehicles_*' AND to_at > OLD.start_at;
    UPDATE bv_measured_state SET generation = generation + 1;
END;

-- The hostel: stays by their arrival (a local date), cards lent, taps read long ago.
CREATE TRIGGER bv_measured_stay_insert AFTER INSERT ON hostel_stays
WHEN NEW.arrival < date('now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'hostel_*' AND to_at > NEW.arrival;
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_stay_update AFTER UPDATE ON hostel_stays
WHEN min(OLD.arrival, NEW.arrival) < date('now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'hostel_*'
        AND to_at > min(OLD.arrival, NEW.arrival);
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_guest_badge_insert AFTER INSERT ON hostel_guest_badges
WHEN NEW.handed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'hostel_*' AND to_at > NEW.handed_at;
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_guest_badge_update AFTER UPDATE ON hostel_guest_badges
WHEN OLD.handed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'hostel_*' AND to_at > OLD.handed_at;
    UPDATE bv_measured_state SET generation = generation + 1;
END;
CREATE TRIGGER bv_measured_tap_insert AFTER INSERT ON kiosk_events
WHEN NEW.read_at_utc < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-8 days')
BEGIN
    DELETE FROM bv_measured WHERE key GLOB 'hostel_*' AND to_at > NEW.read_at_utc;
    UPDATE bv_measured_state SET generation = generation + 1;
END;
