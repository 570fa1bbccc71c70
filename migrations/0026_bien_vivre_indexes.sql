-- The Bien-Vivre dashboard's computed indicators (each domain's `measures.rs`) read one period
-- at a time — a month, a year — out of tables that grow by the million (SEL transfers, room
-- bookings). These indexes let each of them read its period's rows only, never a whole table.

-- sel_hours_given, sel_contributors, sel_first_shift, sel_gave_and_received,
-- sel_cooperative_minutes: the transfers of some kinds and phases (exchanges, workshops, purchases,
-- the transport solidaire's time) written in the period.
CREATE INDEX IF NOT EXISTS sel_transfers_kind_phase_created
    ON sel_transfers(kind, phase, created_at);

-- sel_first_shift: whether a person who gave in the period had served a shift before it.
CREATE INDEX IF NOT EXISTS sel_sessions_person_started
    ON sel_sessions(person_id, started_at);

-- spaces_debates, spaces_attendance: the confirmed bookings of the debate and screening uses
-- starting in the period.
CREATE INDEX IF NOT EXISTS space_bookings_use_confirmed
    ON space_bookings(use_id, start_at) WHERE state = 'confirmed';
