-- Erasing a person reaches the names the vehicles wrote down: a booking they made themself keeps
-- who made it as « Compte effacé » (the booking's states trigger allowed no change of
-- made_by_name at all; it now allows that one). Everything else the trigger guards is unchanged.
DROP TRIGGER vehicle_bookings_states;
CREATE TRIGGER vehicle_bookings_states BEFORE UPDATE ON vehicle_bookings
WHEN (OLD.state IN ('cancelled', 'returned') AND NEW.state IS NOT OLD.state)
  OR (OLD.state = 'out' AND NEW.state NOT IN ('out', 'returned'))
  OR (OLD.state = 'confirmed' AND NEW.state = 'returned')
  OR NEW.uid IS NOT OLD.uid OR NEW.id IS NOT OLD.id OR NEW.person_id IS NOT OLD.person_id
  OR NEW.created_at IS NOT OLD.created_at
  OR (NEW.made_by_name IS NOT OLD.made_by_name AND NEW.made_by_name <> 'Compte effacé')
BEGIN
    SELECT RAISE(ABORT, 'vehicle_booking_state');
END;
