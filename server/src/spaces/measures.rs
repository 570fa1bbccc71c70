//! The chrono'espaces' Bien-Vivre indicators (seed, annex 2 « Compter autrement »): the debates
//! and screenings held (criterion 1), the people who came to them (criterion 3), the room hours
//! the associations had (criterion 4) and how much of the rooms' opening time is booked
//! (criterion 6, frugality: a room well used is a room not built).
//!
//! A *debate or screening* is a confirmed booking of a use whose code says so: it contains
//! `debat` or `projection` (the demo's `debat`, « Débat / projection »). Uses are the
//! administration's own, with no kind of their own: the code is how the site names them.
//!
//! Bookings count in the period where they start (a debate at 23:30 on the 31st belongs to that
//! month). Only confirmed bookings count: a request, a declined or cancelled booking and one
//! released for nobody checking in are not held. Erasing a person cancels only their own
//! bookings still to come; past bookings and visits stay, so a count never drops.

use super::occupancy::STALE_HOURS;
use super::timetable;
use crate::web::domain::{Better, Fut, Measure, Period, each_period};
use sqlx::SqlitePool;

/// The chrono'espaces' indicators, in the order the dashboard lists them.
pub static MEASURES: [Measure; 4] = [
    Measure {
        key: "spaces_debates",
        criterion: 1,
        unit: "events",
        better: Better::Higher,
        measure: debates,
    },
    Measure {
        key: "spaces_attendance",
        criterion: 3,
        unit: "people",
        better: Better::Higher,
        measure: attendance,
    },
    Measure {
        key: "spaces_association_hours",
        criterion: 4,
        unit: "hours",
        better: Better::Higher,
        measure: association_hours,
    },
    Measure {
        key: "spaces_occupancy",
        criterion: 6,
        unit: "percent",
        better: Better::Higher,
        measure: occupancy,
    },
];

/// The uses whose bookings are debates or screenings (see the module's doc).
macro_rules! debate_uses {
    () => {
        "SELECT id FROM space_uses WHERE code GLOB '*debat*' OR code GLOB '*projection*'"
    };
}

/// Debates and screenings held: confirmed bookings of a debate use starting in `[?1, ?2)`.
const DEBATES: &str = concat!(
    "SELECT count(*) * 1.0 FROM space_bookings b
     WHERE b.state = 'confirmed' AND b.use_id IN (",
    debate_uses!(),
    ")
       AND b.start_at >= ?1 AND b.start_at < ?2"
);

// The attendance query bounds the visits it reads by this (a visit is closed at most that long
// after it began, `occupancy::STALE_HOURS`): keep the two in step.
const _: () = assert!(STALE_HOURS == 12);

/// Attendance at those debates and screenings, counted as the desk's live view counts an event's
/// attendees (`occupancy::attendees`): for each event, the people whose visit of its room — a tap
/// at the room's door — overlaps it, each once; added up over the events (someone at three
/// debates counts three times). A visit lasts at most 12 hours, which bounds the visits read.
const ATTENDANCE: &str = concat!(
    "SELECT count(*) * 1.0 FROM (
         SELECT DISTINCT b.id, v.person_id
         FROM space_bookings b JOIN space_visits v ON v.space_id = b.space_id
         WHERE b.state = 'confirmed' AND b.use_id IN (",
    debate_uses!(),
    ")
           AND b.start_at >= ?1 AND b.start_at < ?2
           AND v.entered_at >= strftime('%Y-%m-%dT%H:%M:%fZ', b.start_at, '-12 hours')
           AND v.entered_at < b.end_at AND coalesce(v.left_at, '9999') > b.start_at)"
);

/// Hours the rooms were booked for associations: confirmed bookings made for an association
/// (whole rooms, not a seat in a drop-in use), starting in `[?1, ?2)`, their whole length.
const ASSOCIATION_HOURS: &str =
    "SELECT coalesce(sum(unixepoch(b.end_at) - unixepoch(b.start_at)), 0) / 3600.0
     FROM space_bookings b
     WHERE b.association_id IN (SELECT id FROM associations)
       AND b.state = 'confirmed' AND b.shared = 0
       AND b.start_at >= ?1 AND b.start_at < ?2";

/// Seconds the rooms were booked: confirmed bookings holding a room (not a seat in a drop-in
/// use), of every space, starting in `[?1, ?2)`, their whole length.
const BOOKED_SECONDS: &str = "SELECT coalesce(sum(unixepoch(b.end_at) - unixepoch(b.start_at)), 0)
     FROM space_bookings b
     WHERE b.space_id IN (SELECT id FROM spaces)
       AND b.state = 'confirmed' AND b.shared = 0
       AND b.start_at >= ?1 AND b.start_at < ?2";

/// `spaces_debates`: see [`DEBATES`].
fn debates<'a>(
    pool: &'a SqlitePool,
    periods: &'a [Period],
) -> Fut<'a, Result<Vec<Option<f64>>, sqlx::Error>> {
    Box::pin(each_period(pool, periods, DEBATES))
}

/// `spaces_attendance`: see [`ATTENDANCE`].
fn attendance<'a>(
    pool: &'a SqlitePool,
    periods: &'a [Period],
) -> Fut<'a, Result<Vec<Option<f64>>, sqlx::Error>> {
    Box::pin(each_period(pool, periods, ATTENDANCE))
}

/// `spaces_association_hours`: see [`ASSOCIATION_HOURS`].
fn association_hours<'a>(
    pool: &'a SqlitePool,
    periods: &'a [Period],
) -> Fut<'a, Result<Vec<Option<f64>>, sqlx::Error>> {
    Box::pin(each_period(pool, periods, ASSOCIATION_HOURS))
}

/// `spaces_occupancy`: the rooms' booked hours ([`BOOKED_SECONDS`]) as a percentage of their
/// opening hours in the period — every space's timetable resolved day by day with its dated
/// exceptions, as booking and the availability grid see it ([`timetable::slots`]; a half of a
/// divisible room is a room of its own, with its own timetable and bookings). `None` when no
/// room was open.
fn occupancy<'a>(
    pool: &'a SqlitePool,
    periods: &'a [Period],
) -> Fut<'a, Result<Vec<Option<f64>>, sqlx::Error>> {
    Box::pin(async move {
        let mut conn = pool.acquire().await?;
        let space_ids: Vec<i64> = super::spaces(&mut *conn)
            .await?
            .iter()
            .map(|s| s.id)
            .collect();
        let mut values = Vec::with_capacity(periods.len());
        for p in periods {
            let open: i64 = match p.end_day.pred_opt() {
                Some(last) if !space_ids.is_empty() && last >= p.first_day => {
                    timetable::slots(&mut conn, p.tz, &space_ids, p.first_day, last)
                        .await?
                        .iter()
                        .map(|s| (s.end - s.start).num_seconds())
                        .sum()
                }
                _ => 0,
            };
            let booked: i64 = sqlx::query_scalar(BOOKED_SECONDS)
                .bind(p.from_text())
                .bind(p.to_text())
                .fetch_one(&mut *conn)
                .await?;
            values.push((open > 0).then(|| 100.0 * booked as f64 / open as f64));
        }
        Ok(values)
    })
}
