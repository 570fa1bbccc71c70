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
