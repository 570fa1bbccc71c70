//! The desk's day — who arrives, who leaves, who sleeps here — for any night, and the grid of beds
//! × nights.

use super::stays::{HeldBed, Stay, held_beds_of, stay_select};
use super::{Bed, Closure, beds, closures, nights};
use chrono::{DateTime, Duration, NaiveDate, Utc};
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

/// The guests checked in, for the presence and evacuation lists (`Domain::in_house`): one line
/// per party with its headcount, the rooms it sleeps in (tonight's nights, else its latest) and
/// their lowest floor, and the people's records it stands for (the lead guest, the cards lent).
pub fn in_house_hook(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> crate::web::domain::Fut<'_, Result<Vec<crate::web::domain::InHouse>, sqlx::Error>> {
    Box::pin(async move {
        // The hostel's night now (its day starts at its own hour, in the site's time zone), not
        // the calendar date: at 1 a.m. a guest moved to another room sleeps in tonight's.
        let tonight = super::stays::tonight(pool, tz, now).await?.to_string();
        #[allow(clippy::type_complexity)]
        let rows: Vec<(i64, String, Option<i64>, i64, Option<String>, Option<String>, Option<i64>, String)> =
            sqlx::query_as(
                "WITH held AS (
                     SELECT n.stay_id, r.name, r.floor, n.night
                     FROM hostel_nights n JOIN hostel_beds b ON b.id = n.bed_id
                       JOIN hostel_rooms r ON r.id = b.room_id
                     WHERE n.released_at IS NULL
                       AND n.stay_id IN (SELECT id FROM hostel_stays WHERE status = 'checked_in')),
                 last AS (SELECT stay_id, max(night) AS night FROM held
                          WHERE night <= ?1 GROUP BY stay_id)
                 SELECT s.id, s.guest_name, s.person_id, s.people, s.checked_in_at,
                        (SELECT group_concat(DISTINCT h.name) FROM held h
                          WHERE h.stay_id = s.id
                            AND h.night = coalesce((SELECT night FROM last WHERE stay_id = s.id),
                                                   (SELECT max(night) FROM held WHERE stay_id = s.id))),
                        (SELECT min(h.floor) FROM held h
                          WHERE h.stay_id = s.id
                            AND h.night = coalesce((SELECT night FROM last WHERE stay_id = s.id),
                                                   (SELECT max(night) FROM held WHERE stay_id = s.id))),
                        (SELECT json_group_array(b.person_id) FROM hostel_guest_badges g
                           JOIN badges b ON b.id = g.badge_id WHERE g.stay_id = s.id)
                 FROM hostel_stays s WHERE s.status = 'checked_in'
                 ORDER BY s.guest_name",
            )
            .bind(&tonight)
            .fetch_all(pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(_, name, person_id, people, since, rooms, floor, holders)| {
                    let mut covers: Vec<i64> = serde_json::from_str(&holders).unwrap_or_default();
                    covers.extend(person_id);
                    covers.sort_unstable();
                    covers.dedup();
                    crate::web::domain::InHouse {
                        category: "guests",
                        name,
                        person_id,
                        covers,
                        people,
                        place: rooms.unwrap_or_default().replace(',', ", "),
                        floor,
                        since,
                    }
                },
            )
            .collect())
    })
}
