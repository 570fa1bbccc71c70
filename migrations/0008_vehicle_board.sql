-- The desk's board asks for the keys back whose return form is missing: a partial index, so that
-- it reads those rows only, not every use of three years (BENCHMARKS.md, « Shared vehicles »).
CREATE INDEX vehicle_bookings_form_missing ON vehicle_bookings(returned_at)
    WHERE state = 'returned' AND return_form_at IS NULL;
