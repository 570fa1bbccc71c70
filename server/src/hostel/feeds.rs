//! Each room's iCalendar feed of its blocked nights, the way small hostels share availability
//! with a booking platform (Airbnb, Booking.com and the like import such a feed): one all-day
//! event per run of nights a stay holds in the room (`DTSTART;VALUE=DATE` the first night,
//! `DTEND` the morning after the last, as the platforms write theirs) and per period out of order.
//! No names: « Réservé » or « Hors service ». Opened by the room's secret token
//! (migration 0014 gives every room one), from 31 nights back to 400 ahead.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike};
use sqlx::SqlitePool;

const PRODID: &str = "-//CITEOSQUARE//Auberge//FR";
pub const PAST_NIGHTS: i64 = 31;
pub const AHEAD_NIGHTS: i64 = 400;

/// A room's feed: its name and token.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RoomFeed {
    pub room_id: i64,
    pub name: String,
    pub token: String,
}

/// The room a token opens (a room in service).
pub async fn by_token(pool: &SqlitePool, token: &str) -> Result<Option<RoomFeed>, sqlx::Error> {
    sqlx::query_as(
        "SELECT f.room_id, r.name, f.token FROM hostel_room_feeds f
           JOIN hostel_rooms r ON r.id = f.room_id
         WHERE f.token = ? AND r.retired_at IS NULL",
    )
    .bind(token)
    .fetch_optional(pool)
    .await
}

/// Every room's feed, for the desk's rooms page.
pub async fn all(pool: &SqlitePool) -> Result<Vec<RoomFeed>, sqlx::Error> {
    sqlx::query_as(
        "SELECT f.room_id, r.name, f.token FROM hostel_room_feeds f
           JOIN hostel_rooms r ON r.id = f.room_id
         WHERE r.retired_at IS NULL ORDER BY r.floor, r.name COLLATE NOCASE",
    )
    .fetch_all(pool)
    .await
}

/// One blocked run of nights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub uid: String,
    pub first: NaiveDate,
    /// The morning after the last night.
    pub end: NaiveDate,
    pub closed: bool,
}

/// Consecutive nights of one holder as runs: (first, morning after the last).
fn runs(nights: &[NaiveDate]) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out: Vec<(NaiveDate, NaiveDate)> = vec![];
    for n in nights {
        match out.last_mut() {
            Some((_, end)) if end == n => *end = *n + Duration::days(1),
            _ => out.push((*n, *n + Duration::days(1))),
        }
    }
    out
}

/// The room's blocked nights from `first` to the night before `end`.
pub async fn blocks(
    pool: &SqlitePool,
    room_id: i64,
    first: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<Block>, sqlx::Error> {
    let held: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT s.uid, n.night FROM hostel_nights n
           JOIN hostel_beds b ON b.id = n.bed_id JOIN hostel_stays s ON s.id = n.stay_id
         WHERE b.room_id = ?1 AND n.released_at IS NULL AND n.night >= ?2 AND n.night < ?3
         ORDER BY s.uid, n.night",
    )
    .bind(room_id)
    .bind(first.to_string())
    .bind(end.to_string())
    .fetch_all(pool)
    .await?;
    let mut out = vec![];
    let mut i = 0;
    while i < held.len() {
        let uid = held[i].0.clone();
        let mut nights = vec![];
        while i < held.len() && held[i].0 == uid {
            if let Some(d) = super::date(&held[i].1) {
                nights.push(d);
            }
            i += 1;
        }
        for (k, (a, b)) in runs(&nights).into_iter().enumerate() {
            out.push(Block {
                uid: format!("hostel-{uid}-{room_id}-{k}@citeosquare"),
                first: a,
                end: b,
                closed: false,
            });
        }
    }
    let closed: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, max(first_night, ?2), min(last_night, date(?3, '-1 day')) FROM hostel_closures
         WHERE room_id = ?1 AND lifted_at IS NULL AND first_night < ?3 AND last_night >= ?2",
    )
    .bind(room_id)
    .bind(first.to_string())
    .bind(end.to_string())
    .fetch_all(pool)
    .await?;
    for (id, a, b) in closed {
        if let (Some(a), Some(b)) = (super::date(&a), super::date(&b)) {
            out.push(Block {
                uid: format!("hostel-closure-{id}@citeosquare"),
                first: a,
                end: b + Duration::days(1),
                closed: true,
            });
        }
    }
    out.sort_by(|x, y| (x.first, &x.uid).cmp(&(y.first, &y.uid)));
    Ok(out)
}

/// The feed as text: a `VCALENDAR` of all-day events (CRLF, folded by the crate).
pub fn render(name: &str, blocks: &[Block], words: (&str, &str), now: DateTime<Utc>) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("PRODID", PRODID))
        .append_property(("VERSION", "2.0"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"))
        .append_property(("X-WR-CALNAME", name));
    for b in blocks {
        let mut e = Event::new();
        e.uid(&b.uid)
            .timestamp(now)
            .summary(if b.closed { words.1 } else { words.0 })
            .starts(b.first)
            .ends(b.end);
        calendar.push(e.done());
    }
    calendar.to_string()
}

/// The window a feed covers around `today`.
pub fn window(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (
        today - Duration::days(PAST_NIGHTS),
        today + Duration::days(AHEAD_NIGHTS),
    )
}

#[cfg(test)]
mod tests {
    use super::runs;
    use chrono::NaiveDate;

    #[test]
    fn consecutive_nights_make_one_block() {
        let d = |day| NaiveDate::from_ymd_opt(2027, 3, day).unwrap_or_default();
        assert_eq!(
            runs(&[d(1), d(2), d(3), d(7)]),
            vec![(d(1), d(4)), (d(7), d(8))]
        );
        assert!(runs(&[]).is_empty());
    }
}
