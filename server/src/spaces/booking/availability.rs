//! The availability grid: each space's windows over some days and what holds them.

use super::*;

/// One space's day in the availability grid.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DayAvailability {
    pub space_id: i64,
    pub day: NaiveDate,
    pub windows: Vec<WindowAvailability>,
}

/// One window of a day, with what holds it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WindowAvailability {
    pub slot: Slot,
    /// Minutes of the window no confirmed booking holds (changeovers and the other parts of a
    /// divisible room included); seats of a drop-in use do not hold the room.
    pub free_minutes: i64,
    /// Confirmed bookings that hold part of it: (booking id, held from, held until, shared).
    pub held: Vec<(i64, DateTime<Utc>, DateTime<Utc>, bool)>,
}

/// A grid of windows and what holds them, for spaces over local days `from..=to`: two queries
/// whatever the number of spaces and days.
pub async fn availability(
    conn: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    space_ids: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayAvailability>, sqlx::Error> {
    let slots = timetable::slots(&mut *conn, tz, space_ids, from, to).await?;
    let start = timetable::instant(tz, from, 0);
    let end = timetable::instant(tz, to, 1440);
    // Each space with the spaces that compete with it.
    let family: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT s.id, r.id FROM spaces s JOIN spaces r
           ON r.id = s.id OR r.id = s.parent_id OR r.parent_id = s.id
         WHERE s.id IN (SELECT value FROM json_each(?))",
    )
    .bind(json!(space_ids).to_string())
    .fetch_all(&mut *conn)
    .await?;
    let related: Vec<i64> = family.iter().map(|f| f.1).collect();
    let held: Vec<(i64, i64, i64, i64, bool)> = sqlx::query_as(
        "SELECT id, space_id, block_start, block_end, shared FROM space_bookings
         WHERE state = 'confirmed' AND space_id IN (SELECT value FROM json_each(?1))
           AND block_start > ?2 - 8 * 86400 AND block_start < ?3 AND block_end > ?2
         ORDER BY block_start",
    )
    .bind(json!(related).to_string())
    .bind(start.timestamp())
    .bind(end.timestamp())
    .fetch_all(&mut *conn)
    .await?;
    // Each space's rows of `held`, by index: a window looks only at its own family's bookings
    // (a month of 20 busy rooms is some 600 windows and 7,000 bookings).
    let mut by_space: std::collections::HashMap<i64, Vec<usize>> = Default::default();
    for (i, h) in held.iter().enumerate() {
        by_space.entry(h.1).or_default().push(i);
    }
    let mut out: Vec<DayAvailability> = vec![];
    for slot in slots {
        let (s, e) = (slot.start.timestamp(), slot.end.timestamp());
        let mut rows: Vec<usize> = family
            .iter()
            .filter(|f| f.0 == slot.space_id)
            .filter_map(|f| by_space.get(&f.1))
            .flatten()
            .copied()
            .filter(|&i| held[i].2 < e && held[i].3 > s)
            .collect();
        // In the order read (by block_start), which the free-time sweep below relies on.
        rows.sort_unstable();
        let mine: Vec<(i64, DateTime<Utc>, DateTime<Utc>, bool)> = rows
            .into_iter()
            .map(|i| &held[i])
            .map(|h| {
                (
                    h.0,
                    DateTime::from_timestamp(h.2, 0).unwrap_or_default(),
                    DateTime::from_timestamp(h.3, 0).unwrap_or_default(),
                    h.4 && h.1 == slot.space_id,
                )
            })
            .collect();
        // Free time: the window minus the union of what holds it (seats aside).
        let mut busy = 0;
        let mut cursor = s;
        for h in mine.iter().filter(|h| !h.3) {
            let (hs, he) = (h.1.timestamp().max(cursor), h.2.timestamp().min(e));
            if he > hs {
                busy += he - hs;
                cursor = he;
            }
        }
        let window = WindowAvailability {
            free_minutes: ((e - s) - busy) / 60,
            held: mine,
            slot: slot.clone(),
        };
        match out.last_mut() {
            Some(d) if d.space_id == slot.space_id && d.day == slot.day => d.windows.push(window),
            _ => out.push(DayAvailability {
                space_id: slot.space_id,
                day: slot.day,
                windows: vec![window],
            }),
        }
    }
    Ok(out)
}

/// The first stretch of a window that a new booking of `use_` could have: from the window's start
/// or `not_before` (rounded up to the quarter hour), two hours within the use's limits — shorter
/// down to its minimum when a booking follows — clear of every block in `held` (Unix seconds,
/// changeovers included) once the use's own changeovers are counted. `None` when nothing long
/// enough is left.
pub fn free_stretch(
    slot: &Slot,
    use_: &Use,
    held: &[(i64, i64)],
    not_before: DateTime<Utc>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    const QUARTER: i64 = 15 * 60;
    let up = |t: i64| (t + QUARTER - 1).div_euclid(QUARTER) * QUARTER;
    let (window_end, before, after) = (
        slot.end.timestamp(),
        use_.changeover_before * 60,
        use_.changeover_after * 60,
    );
    let shortest = use_.min_minutes.max(1) * 60;
    let wanted = use_.max_minutes.min(120).max(use_.min_minutes) * 60;
    let mut start = slot.start.timestamp();
    if not_before > slot.start {
        start = start.max(up(not_before.timestamp()));
    }
    loop {
        if start + shortest > window_end {
            return None;
        }
        let end = (start + wanted).min(window_end);
        // The first block in the way, by its start.
        let hit = held
            .iter()
            .filter(|h| h.0 < end + after && h.1 > start - before)
            .min_by_key(|h| h.0);
        let Some(&(hit_start, hit_end)) = hit else {
            return Some((
                DateTime::from_timestamp(start, 0)?,
                DateTime::from_timestamp(end, 0)?,
            ));
        };
        // Shorter, up to the booking that follows…
        let shorter = hit_start - after;
        if shorter - start >= shortest {
            return Some((
                DateTime::from_timestamp(start, 0)?,
                DateTime::from_timestamp(shorter, 0)?,
            ));
        }
        // …or after it.
        start = up(hit_end + before);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn at(hhmm: &str) -> DateTime<Utc> {
        let m = crate::spaces::parse_hhmm(hhmm).unwrap_or(0);
        timetable::instant(Paris, day(), m)
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()
    }

    fn block(from: &str, to: &str) -> (i64, i64) {
        (at(from).timestamp(), at(to).timestamp())
    }

    fn morning() -> Slot {
        Slot {
            space_id: 1,
            use_id: 1,
            day: day(),
            start_minute: 8 * 60,
            end_minute: 12 * 60,
            start: at("08:00"),
            end: at("12:00"),
            label: None,
        }
    }

    fn meeting(before: i64, after: i64) -> Use {
        Use {
            id: 1,
            code: "reunion".into(),
            name: "Réunion".into(),
            colour: "#336699".into(),
            mode: Mode::Exclusive,
            capacity: None,
            open_to_residents: false,
            open_to_associations: true,
            open_to_everyone: false,
            associations: vec![],
            min_minutes: 30,
            max_minutes: 240,
            notice_minutes: 0,
            approval: true,
            price_kind: "free".into(),
            price_per_hour: 0,
            changeover_before: before,
            changeover_after: after,
            checkin_grace_minutes: None,
            public_by_default: false,
        }
    }

    fn stretch(u: &Use, held: &[(i64, i64)], not_before: &str) -> Option<(String, String)> {
        free_stretch(&morning(), u, held, at(not_before)).map(|(s, e)| {
            let f = |t: DateTime<Utc>| t.with_timezone(&Paris).format("%H:%M").to_string();
            (f(s), f(e))
        })
    }

    fn pair(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_owned(), b.to_owned()))
    }

    #[test]
    fn a_free_window_gives_two_hours_from_its_start_or_the_next_quarter() {
        assert_eq!(
            stretch(&meeting(0, 0), &[], "07:00"),
            pair("08:00", "10:00")
        );
        assert_eq!(
            stretch(&meeting(0, 0), &[], "10:50"),
            pair("11:00", "12:00")
        );
        assert_eq!(stretch(&meeting(0, 0), &[], "11:40"), None);
    }

    #[test]
    fn a_held_stretch_is_stepped_over_with_both_changeovers() {
        // Held 08:00–10:00, its tidying up until 10:15; ours needs 15 minutes to set up.
        let held = [block("08:00", "10:15")];
        assert_eq!(
            stretch(&meeting(0, 0), &held, "07:00"),
            pair("10:15", "12:00")
        );
        assert_eq!(
            stretch(&meeting(15, 0), &held, "07:00"),
            pair("10:30", "12:00")
        );
    }

    #[test]
    fn a_booking_that_follows_shortens_the_stretch_down_to_the_minimum() {
        // Held from 09:15: 08:00–09:15 is long enough, then 09:00 with 15 minutes after is too.
        assert_eq!(
            stretch(&meeting(0, 0), &[block("09:15", "12:00")], "07:00"),
            pair("08:00", "09:15")
        );
        assert_eq!(
            stretch(&meeting(0, 15), &[block("09:15", "12:00")], "07:00"),
            pair("08:00", "09:00")
        );
        // Only 20 minutes before it, less than the use's 30: nothing.
        assert_eq!(
            stretch(&meeting(0, 0), &[block("08:20", "12:00")], "07:00"),
            None
        );
    }
}
