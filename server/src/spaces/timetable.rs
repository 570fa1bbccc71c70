//! The timetable resolved: for each local day, the windows left once the dated exceptions are
//! applied, as UTC instants.
//!
//! Precedence, in order, each step working on the result of the one before:
//! 1. the weekly windows of the day;
//! 2. the site's exceptions of the day (public holidays, site closures), in the order entered;
//! 3. the space's own exceptions of the day, in the order entered.
//!
//! An exception cuts its hours (the whole day when it has none) out of the windows; when it names
//! a use, it then opens those hours for that use. So a space's one-off evening event on a public
//! holiday opens the room that evening, and a closure entered after an event wins over it.
//!
//! Local times become instants with the site's zone rules (`Europe/Paris`): on the 23-hour day a
//! window `00:00–24:00` lasts 23 hours and one starting in the missing hour starts when the clock
//! reaches it; on the 25-hour day it lasts 25 hours and a time read twice is its first reading.

use super::{Exception, Window};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

/// A window of a space on one local day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Slot {
    pub space_id: i64,
    pub use_id: i64,
    pub day: NaiveDate,
    /// Minutes after local midnight.
    pub start_minute: u32,
    pub end_minute: u32,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The exception that opened it, if one did.
    pub label: Option<String>,
}

/// A piece of a day: minutes after local midnight, the use, the exception's label.
pub type Piece = (u32, u32, i64, Option<String>);

/// One day of one space, in local minutes: the weekly windows, then the exceptions.
pub fn resolve_day(weekly: &[&Window], site: &[&Exception], own: &[&Exception]) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = weekly
        .iter()
        .map(|w| (w.start_minute, w.end_minute, w.use_id, None))
        .collect();
    for e in site.iter().chain(own.iter()) {
        let (s, t) = match (e.start_minute, e.end_minute) {
            (Some(s), Some(t)) => (s, t),
            _ => (0, 1440),
        };
        pieces = cut(&pieces, s, t);
        if let Some(use_id) = e.use_id {
            pieces.push((s, t, use_id, Some(e.label.clone())));
        }
    }
    pieces.sort_by_key(|p| p.0);
    // Two pieces of the same use that touch are one window.
    let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
    for p in pieces {
        match merged.last_mut() {
            Some(last) if last.1 == p.0 && last.2 == p.2 && last.3 == p.3 => last.1 = p.1,
            _ => merged.push(p),
        }
    }
    merged
}

fn cut(pieces: &[Piece], s: u32, t: u32) -> Vec<Piece> {
    let mut out = vec![];
    for p in pieces {
        if p.1 <= s || p.0 >= t {
            out.push(p.clone());
            continue;
        }
        if p.0 < s {
            out.push((p.0, s, p.2, p.3.clone()));
        }
        if p.1 > t {
            out.push((t, p.1, p.2, p.3.clone()));
        }
    }
    out
}

/// A local day and minute after its midnight (1440: the next midnight) as an instant.
pub fn instant(tz: chrono_tz::Tz, day: NaiveDate, minute: u32) -> DateTime<Utc> {
    let (day, minute) = if minute >= 1440 {
        (day + Duration::days(1), minute - 1440)
    } else {
        (day, minute)
    };
    let time = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).unwrap_or(NaiveTime::MIN);
    crate::time::resolve_local(tz, day.and_time(time))
}

/// The windows of the given spaces over local days `from..=to`.
pub fn resolve(
    tz: chrono_tz::Tz,
    space_ids: &[i64],
    windows: &[Window],
    exceptions: &[Exception],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Slot> {
    let mut slots = vec![];
    for &space_id in space_ids {
        let mut day = from;
        while day <= to {
            let weekday = day.weekday().number_from_monday();
            let weekly: Vec<&Window> = windows
                .iter()
                .filter(|w| w.space_id == space_id && w.weekday == weekday)
                .collect();
            let site: Vec<&Exception> = exceptions
                .iter()
                .filter(|e| e.day == day && e.space_id.is_none())
                .collect();
            let own: Vec<&Exception> = exceptions
                .iter()
                .filter(|e| e.day == day && e.space_id == Some(space_id))
                .collect();
            for (s, t, use_id, label) in resolve_day(&weekly, &site, &own) {
                let start = instant(tz, day, s);
                let end = instant(tz, day, t);
                if end > start {
                    slots.push(Slot {
                        space_id,
                        use_id,
                        day,
                        start_minute: s,
                        end_minute: t,
                        start,
                        end,
                        label,
                    });
                }
            }
            day += Duration::days(1);
        }
    }
    slots
}

/// Loads what [`resolve`] needs and resolves (all spaces when `space_ids` is empty is not
/// supported: name them).
pub async fn slots(
    conn: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    space_ids: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Slot>, sqlx::Error> {
    let windows = super::windows(&mut *conn, space_ids).await?;
    let exceptions = super::exceptions(&mut *conn, from, to).await?;
    Ok(resolve(tz, space_ids, &windows, &exceptions, from, to))
}

/// The local days an interval touches.
pub fn local_days(
    tz: chrono_tz::Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> (NaiveDate, NaiveDate) {
    (
        start.with_timezone(&tz).date_naive(),
        end.with_timezone(&tz).date_naive(),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn w(weekday: u32, s: u32, e: u32, use_id: i64) -> Window {
        Window {
            id: 0,
            space_id: 1,
            weekday,
            start_minute: s * 60,
            end_minute: e * 60,
            use_id,
        }
    }

    fn ex(
        day: &str,
        space: Option<i64>,
        hours: Option<(u32, u32)>,
        use_id: Option<i64>,
    ) -> Exception {
        Exception {
            id: 0,
            space_id: space,
            day: day.parse().unwrap(),
            start_minute: hours.map(|h| h.0 * 60),
            end_minute: hours.map(|h| h.1 * 60),
            use_id,
            label: "exception".into(),
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// Mon–Fri coworking 8–18, débat 18:30–23; weekends association 9–22; plus a full-day window
    /// on Sundays for the DST tests.
    fn week() -> Vec<Window> {
        let mut v = vec![];
        for d in 1..=5 {
            v.push(w(d, 8, 18, 1));
            v.push(Window {
                start_minute: 18 * 60 + 30,
                end_minute: 23 * 60,
                ..w(d, 0, 0, 2)
            });
        }
        v.push(w(6, 9, 22, 3));
        v.push(w(7, 0, 24, 3));
        v
    }

    #[test]
    fn a_full_day_on_the_23_hour_day_lasts_23_hours() {
        // 29 March 2026: clocks go from 02:00 to 03:00 in Paris.
        let day: NaiveDate = "2026-03-29".parse().unwrap();
        let slots = resolve(Paris, &[1], &week(), &[], day, day);
        assert_eq!(slots.len(), 1);
        assert_eq!(slots[0].start, at("2026-03-28T23:00:00Z"));
        assert_eq!(slots[0].end, at("2026-03-29T22:00:00Z"));
        assert_eq!(slots[0].end - slots[0].start, Duration::hours(23));
    }

    #[test]
    fn a_full_day_on_the_25_hour_day_lasts_25_hours() {
        // 25 October 2026: clocks go from 03:00 back to 02:00.
        let day: NaiveDate = "2026-10-25".parse().unwrap();
        let slots = resolve(Paris, &[1], &week(), &[], day, day);
        assert_eq!(slots.len(), 1);
        assert_eq!(slots[0].start, at("2026-10-24T22:00:00Z"));
        assert_eq!(slots[0].end, at("2026-10-25T23:00:00Z"));
        assert_eq!(slots[0].end - slots[0].start, Duration::hours(25));
    }

    #[test]
    fn the_evening_window_keeps_its_local_hours_across_the_changes() {
        // Friday before and Monday after each change: 18:30 local both times.
        for (day, utc) in [
            ("2026-03-27", "2026-03-27T17:30:00Z"),
            ("2026-03-30", "2026-03-30T16:30:00Z"),
            ("2026-10-23", "2026-10-23T16:30:00Z"),
            ("2026-10-26", "2026-10-26T17:30:00Z"),
        ] {
            let d: NaiveDate = day.parse().unwrap();
            let slots = resolve(Paris, &[1], &week(), &[], d, d);
            let evening = slots.iter().find(|s| s.use_id == 2).unwrap();
            assert_eq!(evening.start, at(utc), "{day}");
            assert_eq!(evening.end - evening.start, Duration::minutes(270), "{day}");
        }
    }

    #[test]
    fn a_window_starting_in_the_missing_hour_starts_once_the_clock_reaches_it() {
        let windows = vec![Window {
            start_minute: 2 * 60 + 30,
            end_minute: 4 * 60,
            ..w(7, 0, 0, 3)
        }];
        let d: NaiveDate = "2026-03-29".parse().unwrap();
        let slots = resolve(Paris, &[1], &windows, &[], d, d);
        // 02:30 does not exist; the window opens at 03:30 CEST (01:30 UTC) and ends at 04:00.
        assert_eq!(slots[0].start, at("2026-03-29T01:30:00Z"));
        assert_eq!(slots[0].end, at("2026-03-29T02:00:00Z"));
    }

    #[test]
    fn exceptions_follow_their_precedence() {
        let week = week();
        let tuesday = "2026-12-01";
        let d: NaiveDate = tuesday.parse().unwrap();
        // A site-wide closure in the afternoon cuts the coworking; the space's own evening event
        // replaces the débat window.
        let exceptions = vec![
            ex(tuesday, None, Some((14, 24)), None),
            ex(tuesday, Some(1), Some((19, 22)), Some(9)),
        ];
        let slots = resolve(Paris, &[1], &week, &exceptions, d, d);
        let pieces: Vec<(u32, u32, i64)> = slots
            .iter()
            .map(|s| (s.start_minute / 60, s.end_minute / 60, s.use_id))
            .collect();
        assert_eq!(pieces, vec![(8, 14, 1), (19, 22, 9)]);
        assert_eq!(slots[1].label.as_deref(), Some("exception"));
        // Another space is only closed in the afternoon.
        let other: Vec<Window> = week
            .iter()
            .map(|x| Window {
                space_id: 2,
                ..x.clone()
            })
            .collect();
        let slots = resolve(Paris, &[2], &other, &exceptions, d, d);
        assert_eq!(slots.len(), 1);
        assert_eq!((slots[0].start_minute, slots[0].end_minute), (480, 840));
        // A whole-day public holiday closes everything; a space's own event on that day opens it.
        let holiday = vec![
            ex("2026-12-25", None, None, None),
            ex("2026-12-25", Some(1), Some((18, 21)), Some(2)),
        ];
        let d: NaiveDate = "2026-12-25".parse().unwrap();
        let slots = resolve(
            Paris,
            &[1, 2],
            &[week.clone(), other].concat(),
            &holiday,
            d,
            d,
        );
        assert_eq!(slots.len(), 1);
        assert_eq!((slots[0].space_id, slots[0].use_id), (1, 2));
    }

    #[test]
    fn touching_windows_of_one_use_merge() {
        let windows = vec![w(1, 8, 12, 1), w(1, 12, 18, 1), w(1, 18, 20, 2)];
        let d: NaiveDate = "2026-11-30".parse().unwrap();
        let slots = resolve(Paris, &[1], &windows, &[], d, d);
        assert_eq!(slots.len(), 2);
        assert_eq!((slots[0].start_minute, slots[0].end_minute), (480, 1080));
    }
}
