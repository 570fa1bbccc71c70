//! The hostel's Bien-Vivre indicator (seed, annex 2 « Compter autrement »): the guests passing
//! through who joined the place's life during their stay (criterion 3, « qualité du lien
//! social »).
//!
//! How a guest is seen joining: a read of their card — the guest badge lent for the stay, or the
//! lead guest's own card when they are one of the place's people — that a kiosk of the SEL's
//! activities or of a room's door accepted (a shift started or ended, an entry, a check-in, an
//! exit), between the check-in and the check-out. The kiosks' event log is the one record of
//! both (migration 0001's `kiosk_events`, with each kiosk's role): the SEL and the rooms keep
//! their own tables, but only the log says a card was read. A refused read (a full room, a
//! card past its day) is not joining; a read from a kiosk whose clock ran ahead has no time to
//! trust. A stay not checked out yet is followed through its last day.
//!
//! Erasing a person keeps their stays' dates and their reads (the hostel's registers and the
//! taps must add up), so they are still counted — never named.

use crate::web::domain::{Better, Fut, Measure, Period};
use sqlx::SqlitePool;

/// The hostel's indicators.
pub static MEASURES: [Measure; 1] = [Measure {
    key: "hostel_guests_in_activities",
    criterion: 3,
    unit: "people",
    better: Better::Higher,
    measure: guests_in_activities,
}];

/// The guests of the stays in house during the period and when they were in house, as rows
/// `(person_id, stay_in, stay_out)`: the stay's own record and every holder of a card lent for
/// it. A stay lasts at most 90 nights, so those that can touch `[?1, ?2)` arrived at most 92
/// days before it (the index on arrivals bounds the read).
macro_rules! guests {
    () => {
        "SELECT s.person_id AS person_id, s.checked_in_at AS stay_in,
                coalesce(s.checked_out_at, date(s.departure, '+1 day')) AS stay_out
         FROM hostel_stays s
         WHERE s.status NOT IN ('cancelled', 'no_show')
           AND s.status IN ('checked_in', 'checked_out')
           AND s.arrival >= date(?1, '-92 days') AND s.arrival < date(?2, '+1 day')
           AND s.person_id IS NOT NULL
         UNION
         SELECT b.person_id, s.checked_in_at,
                coalesce(s.checked_out_at, date(s.departure, '+1 day'))
         FROM hostel_stays s
              JOIN hostel_guest_badges g ON g.stay_id = s.id
              JOIN badges b ON b.id = g.badge_id
         WHERE s.status NOT IN ('cancelled', 'no_show')
           AND s.status IN ('checked_in', 'checked_out')
           AND s.arrival >= date(?1, '-92 days') AND s.arrival < date(?2, '+1 day')"
    };
}

/// Guests who joined an activity: distinct people among `guests!` whose card a SEL or room-door
/// kiosk accepted in `[?1, ?2)`, while they were in house. `CROSS JOIN` keeps the guests the
/// outer loop: each guest's reads come through the log's index on people, where the planner
/// would otherwise walk the whole log (the biggest table) to meet a handful of guests.
const GUESTS_IN_ACTIVITIES: &str = concat!(
    "SELECT count(DISTINCT e.person_id) * 1.0
     FROM (",
    guests!(),
    ") x
          CROSS JOIN kiosk_events e
          CROSS JOIN kiosks k
     WHERE e.person_id = x.person_id AND k.id = e.kiosk_id
       AND k.role IN ('sel', 'space')
       AND e.result IN ('shift_started', 'shift_ended', 'entered', 'left', 'checked_in')
       AND e.flagged IS NOT 'clock_ahead'
       AND e.read_at_utc >= x.stay_in AND e.read_at_utc < x.stay_out
       AND e.read_at_utc >= ?1 AND e.read_at_utc < ?2"
);

/// `hostel_guests_in_activities`: see [`GUESTS_IN_ACTIVITIES`], once per period.
fn guests_in_activities<'a>(
    pool: &'a SqlitePool,
    periods: &'a [Period],
) -> Fut<'a, Result<Vec<Option<f64>>, sqlx::Error>> {
    Box::pin(async move {
        let mut values = Vec::with_capacity(periods.len());
        for p in periods {
            let value: Option<f64> = sqlx::query_scalar(GUESTS_IN_ACTIVITIES)
                .bind(p.from_text())
                .bind(p.to_text())
                .fetch_one(pool)
                .await?;
            values.push(value);
        }
        Ok(values)
    })
}
