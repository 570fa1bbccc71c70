-- Guest badges: a card the desk lends a hostel guest at check-in. It works like a member's card
-- within what guests may do (the hostel's doors, the SEL's activities as a participant, the
-- rooms), and only for the stay: it stops at the check-out, returned or not, and never works after
-- the last day of the stay, even if nobody checked the guest out.

-- `kind`: `regular` (a member's or resident's card) or `guest` (lent for a stay).
-- `valid_through`: the last local day the card works (a guest badge always has one).
ALTER TABLE badges ADD COLUMN kind TEXT NOT NULL DEFAULT 'regular'
    CHECK (kind IN ('regular', 'guest'));
ALTER TABLE badges ADD COLUMN valid_through TEXT
    CHECK (valid_through IS NULL OR date(valid_through) = valid_through);

CREATE TRIGGER badges_guest_term BEFORE INSERT ON badges
WHEN NEW.kind = 'guest' AND NEW.valid_through IS NULL
BEGIN
    SELECT RAISE(ABORT, 'badges: a guest badge has a last day');
END;

-- Which stay a guest badge was lent for, who handed it, and whether it came back.
CREATE TABLE hostel_guest_badges (
    badge_id        INTEGER PRIMARY KEY REFERENCES badges(id),
    stay_id         INTEGER NOT NULL REFERENCES hostel_stays(id),
    handed_at       TEXT NOT NULL,
    handed_by_name  TEXT NOT NULL CHECK (length(handed_by_name) BETWEEN 1 AND 120),
    returned_at     TEXT,
    returned_to     TEXT CHECK (returned_to IS NULL OR length(returned_to) BETWEEN 1 AND 120),
    CHECK ((returned_at IS NULL) = (returned_to IS NULL))
);
CREATE INDEX hostel_guest_badges_stay ON hostel_guest_badges(stay_id);

-- Only a guest in house is lent a card, and only a guest badge.
CREATE TRIGGER hostel_guest_badges_insert BEFORE INSERT ON hostel_guest_badges
BEGIN
    SELECT RAISE(ABORT, 'hostel: a guest badge is lent to a guest in house')
    WHERE (SELECT status FROM hostel_stays WHERE id = NEW.stay_id) IS NOT 'checked_in';
    SELECT RAISE(ABORT, 'hostel: only a guest badge is lent for a stay')
    WHERE (SELECT kind FROM badges WHERE id = NEW.badge_id) IS NOT 'guest';
END;

-- The card follows the stay's last day: an extension keeps it working, an early departure ends it.
CREATE TRIGGER hostel_guest_badges_departure AFTER UPDATE OF departure ON hostel_stays
BEGIN
    UPDATE badges SET valid_through = NEW.departure
    WHERE revoked_at IS NULL
      AND id IN (SELECT badge_id FROM hostel_guest_badges WHERE stay_id = NEW.id);
END;

-- The check-out ends the cards, whatever door it came through: a card not given back is blocked.
CREATE TRIGGER hostel_guest_badges_end AFTER UPDATE OF status ON hostel_stays
WHEN OLD.status = 'checked_in' AND NEW.status <> 'checked_in'
BEGIN
    UPDATE badges SET revoked_at = max(NEW.updated_at, assigned_at), revoke_reason = 'not_returned'
    WHERE revoked_at IS NULL
      AND id IN (SELECT badge_id FROM hostel_guest_badges WHERE stay_id = NEW.id);
END;
