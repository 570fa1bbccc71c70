//! The desk's day — who arrives, who leaves, who sleeps here — for any night, and the grid of beds
//! × nights.

use super::stays::{HeldBed, Stay, held_beds_of, stay_select};
use super::{Bed, Closure, beds, closures, nights};
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use sqlx::SqlitePool;
use std::collections::HashMap;

/// A stay with the beds it holds.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StayBeds {
    #[serde(flatten)]
    pub stay: Stay,
    pub held: Vec<HeldBed>,
}

/// One night at the desk.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = HostelDay)]
pub struct Day {
    /// The night, `YYYY-MM-DD`.
    pub night: String,
    /// Confirmed stays whose first night it is (and those already checked in).
    pub arrivals: Vec<StayBeds>,
    /// Stays leaving on this date's morning (the desk's departures of the day).
    pub departures: Vec<StayBeds>,
    /// Stays of this night: checked in, or confirmed and due; and those checked in whose morning
    /// of leaving has come but who have not checked out yet (they are still in the building).
    pub in_house: Vec<StayBeds>,
    /// Requests waiting for the desk, by arrival.
    pub requests: Vec<Stay>,
    /// People checked in and not yet checked out, among those stays.
    pub people_in_house: i64,
    /// Beds free this night, out of the beds in service.
    pub beds_free: i64,
    pub beds_total: i64,
}

async fn with_beds(pool: &SqlitePool, list: Vec<Stay>) -> Result<Vec<StayBeds>, sqlx::Error> {
    let ids: Vec<i64> = list.iter().map(|s| s.id).collect();
    let mut conn = pool.acquire().await?;
    let mut held = held_beds_of(&mut conn, &ids).await?;
    Ok(list
        .into_iter()
        .map(|stay| StayBeds {
            held: held.remove(&stay.id).unwrap_or_default(),
            stay,
        })
        .collect())
}

/// The desk's day for `night`.
pub async fn day(pool: &SqlitePool, night: NaiveDate) -> Result<Day, sqlx::Error> {
    let n = night.to_string();
    let arrivals: Vec<Stay> = sqlx::query_as(concat!(
        stay_select!(),
        " WHERE arrival = ? AND status IN ('confirmed', 'checked_in') ORDER BY guest_name"
    ))
    .bind(&n)
    .fetch_all(pool)
    .await?;
    let departures: Vec<Stay> = sqlx::query_as(concat!(
        stay_select!(),
        " WHERE departure = ? AND status IN ('confirmed', 'checked_in', 'checked_out')
          ORDER BY status = 'checked_out', guest_name"
    ))
    .bind(&n)
    .fetch_all(pool)
    .await?;
    // Bounded by the longest stay (90 nights, a CHECK of the table) so that the look-up does not
    // grow with the years; those still in the building after their morning come from the small
    // index of the stays checked in.
    let in_house: Vec<Stay> = sqlx::query_as(concat!(
        "SELECT * FROM (",
        stay_select!(),
        " WHERE arrival BETWEEN date(?1, '-90 days') AND ?1 AND departure > ?1
            AND status IN ('confirmed', 'checked_in')
          UNION ALL ",
        stay_select!(),
        " WHERE status = 'checked_in' AND departure <= ?1 AND arrival <= ?1)
          ORDER BY status <> 'checked_in', guest_name"
    ))
    .bind(&n)
    .fetch_all(pool)
    .await?;
    let requests: Vec<Stay> = sqlx::query_as(concat!(
        stay_select!(),
        " WHERE status = 'requested' ORDER BY arrival, id"
    ))
    .fetch_all(pool)
    .await?;
    let people_in_house = in_house
        .iter()
        .filter(|s| s.status == "checked_in")
        .map(|s| s.people)
        .sum();
    let (beds_total, beds_held): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM hostel_beds b JOIN hostel_rooms r ON r.id = b.room_id
                  WHERE r.retired_at IS NULL),
                (SELECT count(*) FROM hostel_nights WHERE night = ? AND released_at IS NULL)",
    )
    .bind(&n)
    .fetch_one(pool)
    .await?;
    let closed = closures(pool, night, night).await?;
    let mut closed_beds = 0;
    for c in &closed {
        closed_beds += match c.bed_id {
            Some(_) => 1,
            None => super::room(pool, c.room_id)
                .await
                .map(|r| r.beds)
                .unwrap_or(0),
        };
    }
    Ok(Day {
        night: n,
        arrivals: with_beds(pool, arrivals).await?,
        departures: with_beds(pool, departures).await?,
        in_house: with_beds(pool, in_house).await?,
        requests,
        people_in_house,
        beds_free: (beds_total - beds_held - closed_beds).max(0),
        beds_total,
    })
}

/// What a bed is on a night.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
#[schema(as = HostelCell)]
pub enum Cell {
    Free,
    /// Held by a stay.
    Held {
        stay_id: i64,
        guest_name: String,
        /// confirmed or checked_in.
        status: String,
        /// The stay's first night.
        first: bool,
    },
    /// Out of order, and why.
    Closed {
        reason: String,
    },
}

/// One bed's row of the grid.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = HostelGridRow)]
pub struct GridRow {
    pub bed: Bed,
    pub cells: Vec<Cell>,
}

/// The beds × nights grid.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = HostelGrid)]
pub struct Grid {
    pub nights: Vec<String>,
    pub rows: Vec<GridRow>,
}

/// The grid of every bed in service for `count` nights from `first`.
pub async fn grid(pool: &SqlitePool, first: NaiveDate, count: i64) -> Result<Grid, sqlx::Error> {
    let end = first + Duration::days(count);
    let all: Vec<NaiveDate> = nights(first, end).collect();
    // The window's held nights and their stays as two JSON values: a busy month is thousands of
    // bed-nights, and one value crosses from SQLite's thread at once where rows go one by one
    // (BENCHMARKS.md, « Hostel »).
    let (nights_json, stays_json): (String, String) = sqlx::query_as(
        "WITH held AS (SELECT bed_id, night, stay_id FROM hostel_nights
                       WHERE released_at IS NULL AND night >= ?1 AND night < ?2)
         SELECT (SELECT json_group_array(json_array(bed_id, night, stay_id)) FROM held),
                (SELECT json_group_array(json_array(id, guest_name, status, arrival))
                   FROM hostel_stays WHERE id IN (SELECT stay_id FROM held))",
    )
    .bind(first.to_string())
    .bind(end.to_string())
    .fetch_one(pool)
    .await?;
    let decode = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
    let held: Vec<(i64, String, i64)> = serde_json::from_str(&nights_json).map_err(decode)?;
    let stays: HashMap<i64, (String, String, String)> =
        serde_json::from_str::<Vec<(i64, String, String, String)>>(&stays_json)
            .map_err(decode)?
            .into_iter()
            .map(|(id, name, status, arrival)| (id, (name, status, arrival)))
            .collect();
    let mut by_cell: HashMap<(i64, String), Cell> = HashMap::new();
    for (bed, night, stay_id) in held {
        let Some((guest_name, status, arrival)) = stays.get(&stay_id) else {
            continue;
        };
        let first = *arrival == night;
        by_cell.insert(
            (bed, night),
            Cell::Held {
                stay_id,
                guest_name: guest_name.clone(),
                status: status.clone(),
                first,
            },
        );
    }
    let closed: Vec<Closure> = closures(pool, first, end - Duration::days(1)).await?;
    let mut rows = vec![];
    for bed in beds(pool).await? {
        let cells = all
            .iter()
            .map(|d| {
                let key = (bed.id, d.to_string());
                if let Some(c) = by_cell.get(&key) {
                    return c.clone();
                }
                let s = d.to_string();
                match closed.iter().find(|c| {
                    c.room_id == bed.room_id
                        && c.bed_id.is_none_or(|b| b == bed.id)
                        && c.first_night <= s
                        && c.last_night >= s
                }) {
                    Some(c) => Cell::Closed {
                        reason: c.reason.clone(),
                    },
                    None => Cell::Free,
                }
            })
            .collect();
        rows.push(GridRow { bed, cells });
    }
    Ok(Grid {
        nights: all.iter().map(NaiveDate::to_string).collect(),
        rows,
    })
}
