//! Who is in each space: the door kiosks (role `space`) record visits — a tap enters, the next
//! one leaves — counted against the capacity of the use in force. A full room refuses entry when
//! the space says so. A visit nobody closed is closed by the server after [`STALE_HOURS`].

use super::booking::Booking;
use super::timetable;
use crate::db;
use crate::time::french_time;
use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use citeosquare_protocol::{AckResult, Display};
use serde::Serialize;
use sqlx::SqlitePool;

/// After this long, an open visit is closed by the server (the leaving tap was forgotten).
pub const STALE_HOURS: i64 = 12;

/// How early before its start a booking's holder may check in at the door.
pub const CHECKIN_EARLY_MINUTES: i64 = 30;

/// What is in force in a space at an instant.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InForce {
    pub use_id: Option<i64>,
    pub use_name: Option<String>,
    pub capacity: i64,
    /// The confirmed booking holding the room (or the first seat booking), if any.
    pub booking: Option<Booking>,
}

/// What holds a space at `at`: the booking first, then the timetable's window.
pub async fn in_force(
    conn: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    space: &super::Space,
    at: DateTime<Utc>,
) -> Result<InForce, sqlx::Error> {
    let bookings = super::booking::bookings_between(
        &mut *conn,
        &[space.id],
        at,
        at + Duration::seconds(1),
        &["confirmed"],
    )
    .await?;
    let booking = bookings.into_iter().find(|b| !b.shared);
    if let Some(b) = booking {
        return Ok(InForce {
            use_id: Some(b.use_id),
            use_name: Some(b.use_name.clone()),
            capacity: b.capacity,
            booking: Some(b),
        });
    }
    let day = at.with_timezone(&tz).date_naive();
    let slots = timetable::slots(&mut *conn, tz, &[space.id], day - Duration::days(1), day).await?;
    match slots.iter().find(|s| s.start <= at && s.end > at) {
        Some(slot) => {
            let use_ = super::use_(&mut *conn, slot.use_id).await.ok();
            Ok(InForce {
                use_id: Some(slot.use_id),
                capacity: use_
                    .as_ref()
                    .map_or(space.capacity, |u| u.capacity_in(space)),
                use_name: use_.map(|u| u.name),
                booking: None,
            })
        }
        None => Ok(InForce {
            use_id: None,
            use_name: None,
            capacity: space.capacity,
            booking: None,
        }),
    }
}

/// People in a space now (visits open for less than [`STALE_HOURS`]).
pub async fn present(
    conn: impl sqlx::SqliteExecutor<'_>,
    space_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(*) FROM space_visits WHERE space_id = ? AND left_at IS NULL AND entered_at > ?",
    )
    .bind(space_id)
    .bind(db::instant_text(now - Duration::hours(STALE_HOURS)))
    .fetch_one(conn)
    .await
}

/// A tap at a space's door, inside ingestion's transaction: enter or leave. `None` when the
/// kiosk is not a door of any space (ingestion then answers as for any tap). `delayed`: the tap
/// arrives late from an offline kiosk, so it is recorded even if the room is full now.
#[allow(clippy::too_many_arguments)]
pub async fn door_tap(
    tx: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    kiosk_id: &str,
    person_id: i64,
    first_name: &str,
    event_id: &str,
    at: DateTime<Utc>,
    delayed: bool,
) -> Result<Option<(AckResult, Display)>, sqlx::Error> {
    let space_id: Option<i64> =
        sqlx::query_scalar("SELECT space_id FROM space_doors WHERE kiosk_id = ?")
            .bind(kiosk_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(space_id) = space_id else {
        return Ok(None);
    };
    let Ok(space) = super::space(&mut *tx, space_id).await else {
        return Ok(None);
    };
    let at_text = db::instant_text(at);
    let when = french_time(at, tz);
    // A visit left open too long was forgotten: it is closed, and this tap enters again.
    let open: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, entered_at FROM space_visits
         WHERE space_id = ? AND person_id = ? AND left_at IS NULL",
    )
    .bind(space_id)
    .bind(person_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((visit, entered)) = &open {
        let entered_at = crate::time::stored_instant(entered);
        if at < entered_at {
            // A tap read before the entry it would close (an offline kiosk's late copy): noted only.
            return Ok(Some((
                AckResult::Recorded,
                Display {
                    title: format!("Bonjour {first_name}"),
                    lines: vec![format!("Passage noté à {when}")],
                },
            )));
        }
        if at - entered_at < Duration::hours(STALE_HOURS) {
            sqlx::query(
                "UPDATE space_visits SET left_at = ?, leave_event = ?, closed_by = 'tap' WHERE id = ?",
            )
            .bind(&at_text)
            .bind(event_id)
            .bind(visit)
            .execute(&mut *tx)
            .await?;
            let now_in = present(&mut *tx, space_id, at).await?;
            return Ok(Some((
                AckResult::Left,
                Display {
                    title: format!("Au revoir {first_name}"),
                    lines: vec![
                        format!("Sortie de {} à {when}", space.name),
                        format!("{now_in} personne(s) dans la salle"),
                    ],
                },
            )));
        }
        close_visit(&mut *tx, *visit, entered_at + Duration::hours(STALE_HOURS)).await?;
    }
    let force = in_force(&mut *tx, tz, &space, at).await?;
    let inside = present(&mut *tx, space_id, at).await?;
    if space.refuse_when_full && !delayed && inside >= force.capacity {
        return Ok(Some((
            AckResult::NotAllowed,
            Display {
                title: "Salle complète".into(),
                lines: vec![
                    format!("{} : {inside}/{} personnes", space.name, force.capacity),
                    "Attendez une sortie ou voyez l'accueil".into(),
                ],
            },
        )));
    }
    // The holder of a booking that needs a check-in checks in by entering.
    let booking_id = check_in(&mut *tx, space_id, person_id, at).await?;
    sqlx::query(
        "INSERT INTO space_visits (space_id, person_id, entered_at, enter_event, booking_id)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(space_id)
    .bind(person_id)
    .bind(&at_text)
    .bind(event_id)
    .bind(booking_id.or(force.booking.as_ref().map(|b| b.id)))
    .execute(&mut *tx)
    .await?;
    let mut lines = vec![format!("Entrée dans {} à {when}", space.name)];
    match (&force.booking, &force.use_name) {
        // The door's screen is seen by everyone coming in: a private booking shows its use only.
        (Some(b), _) if b.public => lines.push(b.title.clone()),
        (Some(b), _) => lines.push(b.use_name.clone()),
        (None, Some(u)) => lines.push(u.clone()),
        (None, None) => {}
    }
    lines.push(format!("{}/{} personnes", inside + 1, force.capacity));
    Ok(Some((
        if booking_id.is_some() {
            AckResult::CheckedIn
        } else {
            AckResult::Entered
        },
        Display {
            title: format!("Bienvenue {first_name}"),
            lines,
        },
    )))
}

/// Marks the person's booking in this space (theirs or their association's) as checked in.
async fn check_in(
    tx: &mut sqlx::SqliteConnection,
    space_id: i64,
    person_id: i64,
    at: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT b.id FROM space_bookings b JOIN space_uses u ON u.id = b.use_id
         WHERE b.state = 'confirmed' AND b.space_id = ?1 AND b.checked_in_at IS NULL
           AND u.checkin_grace_minutes IS NOT NULL
           AND unixepoch(b.start_at) - ?3 * 60 <= ?4 AND unixepoch(b.end_at) > ?4
           AND (b.person_id = ?2
                OR b.association_id IN (SELECT association_id FROM association_members
                                        WHERE person_id = ?2)
                OR b.created_by IN (SELECT id FROM users WHERE person_id = ?2))
         ORDER BY b.start_at LIMIT 1",
    )
    .bind(space_id)
    .bind(person_id)
    .bind(CHECKIN_EARLY_MINUTES)
    .bind(at.timestamp())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = id {
        sqlx::query("UPDATE space_bookings SET checked_in_at = ? WHERE id = ?")
            .bind(db::instant_text(at))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(id)
}

async fn close_visit(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE space_visits SET left_at = ?, closed_by = 'auto' WHERE id = ? AND left_at IS NULL",
    )
    .bind(db::instant_text(at))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Closes the visits left open longer than [`STALE_HOURS`], at their entry plus that time.
pub async fn close_stale(pool: &SqlitePool, now: DateTime<Utc>) -> Result<usize, sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    let stale: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, entered_at FROM space_visits WHERE left_at IS NULL AND entered_at <= ?",
    )
    .bind(db::instant_text(now - Duration::hours(STALE_HOURS)))
    .fetch_all(&mut *tx)
    .await?;
    for (id, entered) in &stale {
        let at = crate::time::stored_instant(entered) + Duration::hours(STALE_HOURS);
        close_visit(&mut tx, *id, at).await?;
    }
    tx.commit().await?;
    Ok(stale.len())
}

/// A space as the desk sees it now.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Live {
    pub space_id: i64,
    pub name: String,
    pub present: i64,
    pub capacity: i64,
    pub use_name: Option<String>,
    /// The booking holding the room now.
    pub booking_title: Option<String>,
    pub booking_id: Option<i64>,
    /// For an event: the people who came in since it started.
    pub attendees: Option<i64>,
    /// Whether the space has a door kiosk.
    pub has_door: bool,
}

/// Every space's occupancy now.
pub async fn live(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<Vec<Live>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let spaces = super::spaces(&mut *conn).await?;
    let mut out = vec![];
    for s in spaces {
        let force = in_force(&mut conn, tz, &s, now).await?;
        let present = present(&mut *conn, s.id, now).await?;
        let has_door: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM space_doors WHERE space_id = ?)")
                .bind(s.id)
                .fetch_one(&mut *conn)
                .await?;
        let attendees = match &force.booking {
            Some(b) if b.mode == "event" => Some(attendees(&mut *conn, b).await?),
            _ => None,
        };
        out.push(Live {
            space_id: s.id,
            name: s.name,
            present,
            capacity: force.capacity,
            use_name: force.use_name,
            booking_title: force.booking.as_ref().map(|b| b.title.clone()),
            booking_id: force.booking.as_ref().map(|b| b.id),
            attendees,
            has_door,
        });
    }
    Ok(out)
}

/// The people who came in during a booking (each once).
pub async fn attendees(
    conn: impl sqlx::SqliteExecutor<'_>,
    b: &Booking,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(DISTINCT person_id) FROM space_visits
         WHERE space_id = ? AND entered_at < ? AND coalesce(left_at, '9999') > ?",
    )
    .bind(b.space_id)
    .bind(&b.end_at)
    .bind(&b.start_at)
    .fetch_one(conn)
    .await
}

/// Average people present per weekday (0 = Monday) and local hour over the `weeks` weeks before
/// `now`: each hour's people-minutes divided by 60 and by the number of such weekdays.
pub async fn hourly(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    space_id: i64,
    weeks: i64,
    now: DateTime<Utc>,
) -> Result<[[f64; 24]; 7], sqlx::Error> {
    let from = now - Duration::weeks(weeks);
    let visits: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT entered_at, left_at FROM space_visits
         WHERE space_id = ? AND entered_at >= ? AND entered_at < ?",
    )
    .bind(space_id)
    .bind(db::instant_text(from - Duration::hours(STALE_HOURS)))
    .bind(db::instant_text(now))
    .fetch_all(pool)
    .await?;
    let mut minutes = [[0f64; 24]; 7];
    for (entered, left) in visits {
        let start = crate::time::stored_instant(&entered).max(from);
        let end = left
            .map(|l| crate::time::stored_instant(&l))
            .unwrap_or(now)
            .min(now)
            .min(crate::time::stored_instant(&entered) + Duration::hours(STALE_HOURS));
        // Walk the visit minute by minute in blocks cut at local hour boundaries.
        let mut t = start;
        while t < end {
            let local = t.with_timezone(&tz);
            let next_hour = t + Duration::minutes(60 - i64::from(local.minute()))
                - Duration::seconds(i64::from(local.second()));
            let until = next_hour.min(end);
            let d = local.weekday().num_days_from_monday() as usize;
            let h = local.hour() as usize;
            minutes[d][h] += (until - t).num_seconds() as f64 / 60.0;
            t = until;
        }
    }
    let mut avg = [[0f64; 24]; 7];
    for (d, row) in minutes.iter().enumerate() {
        for (h, m) in row.iter().enumerate() {
            avg[d][h] = m / 60.0 / weeks.max(1) as f64;
        }
    }
    Ok(avg)
}

/// What a tap at a space's door means (a hook of the list of domains): enter or leave. A tap
/// from a kiosk whose clock runs ahead is only recorded: its time cannot be trusted. A tap
/// delivered late (the kiosk was offline) counts at its read time, and is never refused for a
/// full room: the person went in long ago.
pub fn kiosk_tap<'a>(
    tx: &'a mut sqlx::SqliteConnection,
    t: crate::web::domain::Tap<'a>,
) -> crate::web::domain::Fut<'a, Result<crate::web::domain::Meaning, sqlx::Error>> {
    Box::pin(async move {
        if t.flagged == Some("clock_ahead") {
            return Ok(None);
        }
        door_tap(
            tx,
            t.time_zone,
            t.kiosk_id,
            t.person_id,
            t.first_name,
            t.event_id,
            t.read_at,
            t.flagged == Some("delayed"),
        )
        .await
    })
}

/// The events under way now, for the presence and evacuation lists (`Domain::in_house`): one line
/// per confirmed booking holding a room at `now` with people read at that room's door and still
/// inside — a debate, a screening, an association's meeting. The line stands for them (they are
/// not counted again among the people badged in; their organiser gathers them at the assembly
/// point) and names them after the room, so that each can still be found on the list.
pub fn in_house_hook(
    pool: &sqlx::SqlitePool,
    _tz: chrono_tz::Tz,
    now: chrono::DateTime<Utc>,
) -> crate::web::domain::Fut<'_, Result<Vec<crate::web::domain::InHouse>, sqlx::Error>> {
    Box::pin(async move {
        let now = db::instant_text(now);
        let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT b.title, s.name, s.floor, b.start_at,
                    (SELECT json_group_array(json_array(v.person_id,
                                                        trim(p.first_name || ' ' || p.last_name)))
                     FROM space_visits v JOIN persons p ON p.id = v.person_id
                     WHERE v.space_id = b.space_id AND v.left_at IS NULL
                       AND p.erased_at IS NULL)
             FROM space_bookings b JOIN spaces s ON s.id = b.space_id
             WHERE b.state = 'confirmed' AND b.shared = 0 AND b.start_at <= ?1 AND b.end_at > ?1
             ORDER BY b.start_at, s.name",
        )
        .bind(&now)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(title, room, floor, since, inside)| {
                let mut inside: Vec<(i64, String)> = serde_json::from_str(&inside).ok()?;
                if inside.is_empty() {
                    return None;
                }
                inside.sort_by(|a, b| a.1.cmp(&b.1));
                inside.dedup_by_key(|p| p.0);
                let floor_number = floor_number(&floor);
                let room = if floor.trim().is_empty() || floor_number.is_some() {
                    room
                } else {
                    format!("{room}, {}", floor.trim())
                };
                let names: Vec<&str> = inside.iter().map(|p| p.1.as_str()).collect();
                Some(crate::web::domain::InHouse {
                    category: "events",
                    name: title,
                    person_id: None,
                    people: i64::try_from(inside.len()).unwrap_or(i64::MAX),
                    place: format!("{room} — {}", names.join(", ")),
                    covers: inside.iter().map(|p| p.0).collect(),
                    floor: floor_number,
                    since: Some(since),
                })
            })
            .collect())
    })
}

/// A room's floor as a number when it is one (« 1 », « 2e », « RDC » → 0), for the evacuation
/// list's floors; `None` otherwise (the room's floor is then shown beside its name).
fn floor_number(floor: &str) -> Option<i64> {
    let f = floor.trim().to_lowercase();
    if f == "rdc" || f.starts_with("rez") {
        return Some(0);
    }
    let digits: String = f.chars().take_while(char::is_ascii_digit).collect();
    let rest = f[digits.len()..].trim();
    let ordinal = [
        "",
        "e",
        "er",
        "ère",
        "eme",
        "ème",
        "étage",
        "e étage",
        "er étage",
    ];
    (!digits.is_empty() && ordinal.contains(&rest))
        .then(|| digits.parse().ok())
        .flatten()
}

#[cfg(test)]
mod floor_tests {
    use super::floor_number;

    #[test]
    fn a_rooms_floor_is_a_number_when_it_reads_as_one() {
        assert_eq!(floor_number("RDC"), Some(0));
        assert_eq!(floor_number("rez-de-chaussée"), Some(0));
        assert_eq!(floor_number("1"), Some(1));
        assert_eq!(floor_number(" 2e "), Some(2));
        assert_eq!(floor_number("1er étage"), Some(1));
        assert_eq!(floor_number(""), None);
        assert_eq!(floor_number("sous-sol"), None);
        assert_eq!(floor_number("2 bis"), None);
    }
}
