//! The shared vehicles' Bien-Vivre indicators (seed, annex 2 « Compter autrement »): the
//! transport solidaire — a senior (or the desk for them) asks for a trip, a volunteer driver takes
//! it (migration 0006, [`super::trips`]) — as trips made (criterion 1, social utility) and the
//! kilometres that kept seniors going where they wanted to (criterion 5, « capacité d'agir au
//! niveau individuel »).
//!
//! A trip counts once it is done (the volunteer or the desk noted its kilometres and time), in
//! the period where it started. A trip there and back is one trip. Erasing a passenger or a
//! driver keeps the trips done (their dates and kilometres are the prefect's yearly report), so
//! the counts do not move.

use crate::web::domain::{Better, Fut, Measure, Period, each_period};
use sqlx::SqlitePool;

/// The vehicles' indicators, in the order the dashboard lists them.
pub static MEASURES: [Measure; 2] = [
    Measure {
        key: "vehicles_senior_trips",
        criterion: 1,
        unit: "trips",
        better: Better::Higher,
        measure: senior_trips,
    },
    Measure {
        key: "vehicles_senior_km",
        criterion: 5,
        unit: "km",
        better: Better::Higher,
        measure: senior_km,
    },
];

/// Transport solidaire trips done that started in `[?1, ?2)`.
const SENIOR_TRIPS: &str = "SELECT count(*) * 1.0 FROM vehicle_trips
     WHERE state = 'done' AND start_at >= ?1 AND start_at < ?2";

/// The kilometres of those trips, as noted when each was done.
const SENIOR_KM: &str = "SELECT coalesce(sum(km), 0) * 1.0 FROM vehicle_trips
     WHERE state = 'done' AND start_at >= ?1 AND start_at < ?2";

/// `vehicles_senior_trips`: see [`SENIOR_TRIPS`].
fn senior_trips<'a>(
    pool: &'a SqlitePool,
    periods: &'a [Period],
) -> Fut<'a, Result<Vec<Option<f64>>, sqlx::Error>> {
    Box::pin(each_period(pool, periods, SENIOR_TRIPS))
}

/// `vehicles_senior_km`: see [`SENIOR_KM`].
fn senior_km<'a>(
    pool: &'a SqlitePool,
    periods: &'a [Period],
) -> Fut<'a, Result<Vec<Option<f64>>, sqlx::Error>> {
    Box::pin(each_period(pool, periods, SENIOR_KM))
}
