//! Booking platforms' calendars of a room (Airbnb, Booking.com…), read on a schedule — the other
//! half of [`super::feeds`]: the platform reads the room's feed to block our nights, we read the
//! platform's to block theirs (migration 0016).
//!
//! - each event of the feed holds its nights through a stay of source `platform` taking the room
//!   whole, made by the ordinary path ([`stays::create_in`]): the no-overbooking rules apply
//!   unchanged, whatever the feed says;
//! - an event whose dates change is moved (the old stay cancelled, a new one made, in one
//!   savepoint: if the new nights are taken, the old ones stay held); an event that leaves the
//!   feed has its stay cancelled if it has not begun; events over are left alone;
//! - an event whose nights are taken holds nothing and is kept with what is in the way: the desk
//!   sees it on its day and on `/hotel/calendriers`, and every read tries it again — never
//!   silently dropped;
//! - a feed that cannot be read (network down, not a calendar) changes nothing: the reason is kept
//!   and shown, and the stays it made keep their nights.

use super::stays::{self, NewStay};
use crate::audit::Actor;
use crate::db;
use crate::refusal::{Fields, Refusal};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{Connection, SqliteConnection, SqlitePool};
use std::collections::HashSet;

/// How often the feeds are read.
pub const EVERY_SECONDS: u64 = 900;
/// The largest feed read (a platform's feed of a room is a few kilobytes).
const MAX_BYTES: u64 = 2 * 1024 * 1024;
/// How long a read may take, connection included.
const TIMEOUT_SECONDS: u64 = 20;
/// A feed's address: `http(s)://host…`, 12 to 2000 bytes; the longest platform name.
pub const URL_BYTES: (usize, usize) = (12, 2000);
/// The addresses the document promises are taken (the rules take any `http(s)` URI with a host).
pub const URL_PATTERN: &str =
    "^https?://[A-Za-z0-9-]{2,63}(\\.[A-Za-z0-9-]{2,63})+(/[A-Za-z0-9._~/?&=%+-]*)?$";
pub const PLATFORM_MAX: usize = 60;

/// Why a feed could not be read: the key of the words for the desk (kept as `last_error`, with
/// `:` and the HTTP status for `error-hostel-import-http`).
pub const READ_FAILURES: [&str; 7] = [
    "error-hostel-import-timeout",
    "error-hostel-import-host",
    "error-hostel-import-connection",
    "error-hostel-import-http",
    "error-hostel-import-too-large",
    "error-hostel-import-not-calendar",
    "error-hostel-import-failed",
];

/// A stored failure as a refusal: its key and its argument (the HTTP status).
pub fn failure(stored: &str) -> Refusal {
    let (key, arg) = stored.split_once(':').unwrap_or((stored, ""));
    Refusal::Conflict {
        key: READ_FAILURES
            .iter()
            .find(|k| **k == key)
            .copied()
            .unwrap_or("error-hostel-import-failed"),
        arg: arg.to_owned(),
    }
}

/// A platform's feed of one room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Import {
    pub id: i64,
    pub room_id: i64,
    pub room_name: String,
    pub platform: String,
    pub url: String,
    pub created_by_name: String,
    pub created_at: String,
    /// The last attempt to read it, and the last one that worked.
    pub last_read_at: Option<String>,
    pub last_ok_at: Option<String>,
    /// Why the last attempt failed; none once a read works.
    pub last_error: Option<String>,
    /// How many events the last good read had.
    pub last_events: i64,
}

/// One event of a feed: its nights, and the stay holding them or what is in the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ImportBlock {
    pub id: i64,
    pub import_id: i64,
    pub event_uid: String,
    /// The first night, `YYYY-MM-DD`.
    pub first_night: String,
    /// The morning after the last night, `YYYY-MM-DD`.
    pub end_morning: String,
    pub summary: String,
    /// The stay holding its nights (`None` while they are taken by someone else).
    pub stay_id: Option<i64>,
    /// What is in the way: the stays holding those nights (« Famille Okafor, 12/12 → 14/12 »), or
    /// the reason's key (`error-…`) when no stay is (a room out of order, a stay too long).
    pub conflict: Option<String>,
    pub first_seen: String,
    pub last_seen: String,
    /// When the feed stopped listing it.
    pub gone_at: Option<String>,
}

macro_rules! import_select {
    () => {
        "SELECT i.id, i.room_id, r.name AS room_name, i.platform, i.url, i.created_by_name,
                i.created_at, i.last_read_at, i.last_ok_at, i.last_error, i.last_events
         FROM hostel_room_imports i JOIN hostel_rooms r ON r.id = i.room_id"
    };
}

/// The feeds read now, room by room.
pub async fn imports(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Vec<Import>, sqlx::Error> {
    sqlx::query_as(concat!(
        import_select!(),
        " WHERE i.removed_at IS NULL ORDER BY r.floor, r.name COLLATE NOCASE, i.id"
    ))
    .fetch_all(conn)
    .await
}

/// One feed read now.
pub async fn import(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Import, Refusal> {
    sqlx::query_as(concat!(
        import_select!(),
        " WHERE i.id = ? AND i.removed_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or(Refusal::NotFound)
}

/// A feed's events still listed and not over (`today`: the hostel's night now).
pub async fn blocks(
    conn: impl sqlx::SqliteExecutor<'_>,
    import_id: i64,
    today: NaiveDate,
) -> Result<Vec<ImportBlock>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, import_id, event_uid, first_night, end_morning, summary, stay_id, conflict,
                first_seen, last_seen, gone_at
         FROM hostel_import_blocks
         WHERE import_id = ? AND gone_at IS NULL AND end_morning > ?
         ORDER BY first_night, id",
    )
    .bind(import_id)
    .bind(today.to_string())
    .fetch_all(conn)
    .await
}

/// The events in conflict of the feeds read now, in one query: for the desk's day.
pub async fn conflicts(
    conn: impl sqlx::SqliteExecutor<'_>,
    today: NaiveDate,
) -> Result<Vec<ImportBlock>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.id, b.import_id, b.event_uid, b.first_night, b.end_morning, b.summary, b.stay_id,
                b.conflict, b.first_seen, b.last_seen, b.gone_at
         FROM hostel_import_blocks b JOIN hostel_room_imports i ON i.id = b.import_id
         WHERE i.removed_at IS NULL AND b.gone_at IS NULL AND b.end_morning > ?
           AND b.conflict IS NOT NULL
         ORDER BY b.first_night, b.id",
    )
    .bind(today.to_string())
    .fetch_all(conn)
    .await
}

/// A feed to read: the platform's name, and the address of the room's calendar it gives.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ImportInput {
    pub room_id: i64,
    /// 1 to 60 characters: « Airbnb », « Booking.com ».
    pub platform: String,
    /// The feed's address, `https://…` (or `http://`), up to 2,000 characters.
    pub url: String,
}

fn valid_url(url: &str) -> bool {
    let Ok(uri) = url.parse::<axum::http::Uri>() else {
        return false;
    };
    matches!(uri.scheme_str(), Some("https" | "http"))
        && uri.host().is_some_and(|h| !h.is_empty())
        && (URL_BYTES.0..=URL_BYTES.1).contains(&url.len())
}

/// Adds a feed to read for a room (admin). It is read at once by the caller, then on schedule.
pub async fn add(pool: &SqlitePool, actor: &Actor, input: &ImportInput) -> Result<Import, Refusal> {
    let platform = input.platform.trim();
    let url = input.url.trim();
    let mut fields = Fields::default();
    fields
        .check(platform.is_empty(), "platform", "error-required")
        .check(
            platform.chars().count() > PLATFORM_MAX,
            "platform",
            crate::refusal::too_long(PLATFORM_MAX),
        )
        .check(!valid_url(url), "url", "error-hostel-import-url");
    fields.done()?;
    let mut tx = db::begin_write(pool).await?;
    let room: Option<String> =
        sqlx::query_scalar("SELECT name FROM hostel_rooms WHERE id = ? AND retired_at IS NULL")
            .bind(input.room_id)
            .fetch_optional(&mut *tx)
            .await?;
    if room.is_none() {
        return Err(Refusal::field("room_id", "error-hostel-room"));
    }
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM hostel_room_imports WHERE room_id = ? AND url = ? AND removed_at IS NULL",
    )
    .bind(input.room_id)
    .bind(url)
    .fetch_optional(&mut *tx)
    .await?;
    if exists.is_some() {
        return Err(Refusal::conflict("error-hostel-import-exists"));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO hostel_room_imports (room_id, platform, url, created_by_name, created_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(input.room_id)
    .bind(platform)
    .bind(url)
    .bind(&actor.name)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    crate::audit::record(
        &mut tx,
        actor,
        "hostel.import.add",
        "hostel_room",
        input.room_id,
        None,
        Some(&json!({"import_id": id, "platform": platform, "url": url})),
    )
    .await?;
    let added = import(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(added)
}

/// Stops reading a feed (admin). The stays it made stay as they are: the desk decides.
pub async fn remove(pool: &SqlitePool, actor: &Actor, id: i64) -> Result<(), Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let i = import(&mut *tx, id).await?;
    sqlx::query("UPDATE hostel_room_imports SET removed_at = ?, removed_by_name = ? WHERE id = ?")
        .bind(db::now_text())
        .bind(&actor.name)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    crate::audit::record(
        &mut tx,
        actor,
        "hostel.import.remove",
        "hostel_room",
        i.room_id,
        Some(&json!({"import_id": id, "platform": i.platform, "url": i.url})),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reading

/// One event of a platform's feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEvent {
    pub uid: String,
    pub first: NaiveDate,
    /// The morning after the last night.
    pub end: NaiveDate,
    pub summary: String,
}

fn local_date(d: DatePerhapsTime, tz: chrono_tz::Tz) -> NaiveDate {
    match d {
        DatePerhapsTime::Date(d) => d,
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => t.with_timezone(&tz).date_naive(),
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(t)) => t.date(),
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, .. }) => {
            date_time.date()
        }
    }
}

/// The events of a feed's text: all-day events as the platforms write them (`DTSTART` the first
/// night, `DTEND` the morning after the last), timed ones by their local dates. Cancelled events,
/// events without an identifier, a second event with the same one, and our own (a platform
/// echoing our feed) are left out.
pub fn parse(text: &str, tz: chrono_tz::Tz) -> Result<Vec<FeedEvent>, String> {
    let not_calendar = || "error-hostel-import-not-calendar".to_owned();
    if !text.trim_start().starts_with("BEGIN:VCALENDAR") {
        return Err(not_calendar());
    }
    let calendar: Calendar = text.parse().map_err(|_| not_calendar())?;
    let mut out: Vec<FeedEvent> = vec![];
    for c in &calendar.components {
        let CalendarComponent::Event(e) = c else {
            continue;
        };
        let Some(uid) = e.get_uid().map(str::trim).filter(|u| !u.is_empty()) else {
            continue;
        };
        // A second event with the same identifier (a changed occurrence) would move the first
        // one back and forth at every read: the first one listed is kept.
        if uid.ends_with("@citeosquare")
            || e.property_value("STATUS") == Some("CANCELLED")
            || out.iter().any(|o| o.uid == uid)
        {
            continue;
        }
        let Some(first) = e.get_start().map(|d| local_date(d, tz)) else {
            continue;
        };
        let end = e
            .get_end()
            .map(|d| local_date(d, tz))
            .filter(|end| *end > first)
            .unwrap_or(first + Duration::days(1));
        out.push(FeedEvent {
            uid: uid.chars().take(500).collect(),
            first,
            end,
            summary: e
                .get_summary()
                .unwrap_or("")
                .trim()
                .chars()
                .take(200)
                .collect(),
        });
    }
    Ok(out)
}

/// Reads a feed's text over HTTP(S), within the time and size limits; why not, as a stored
/// failure (see [`READ_FAILURES`]).
pub async fn fetch(url: &str) -> Result<String, String> {
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(std::time::Duration::from_secs(TIMEOUT_SECONDS)))
            .http_status_as_error(false)
            .user_agent("citeosquare (calendrier de l'auberge)")
            .build()
            .into();
        let mut response = agent.get(&url).call().map_err(|e| {
            match e {
                ureq::Error::Timeout(_) => "error-hostel-import-timeout",
                ureq::Error::HostNotFound => "error-hostel-import-host",
                ureq::Error::ConnectionFailed | ureq::Error::Io(_) => {
                    "error-hostel-import-connection"
                }
                _ => "error-hostel-import-failed",
            }
            .to_owned()
        })?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("error-hostel-import-http:{}", status.as_u16()));
        }
        response
            .body_mut()
            .with_config()
            .limit(MAX_BYTES)
            .read_to_string()
            .map_err(|_| "error-hostel-import-too-large".to_owned())
    })
    .await
    .map_err(|_| "error-hostel-import-failed".to_owned())?
}

/// What a read changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ReadOutcome {
    /// Events holding their nights after the read.
    pub held: usize,
    /// Stays made (new events, and events moved to new dates).
    pub made: usize,
    /// Events whose nights are taken (kept for the desk).
    pub conflicts: usize,
    /// Stays cancelled (events gone from the feed, or moved).
    pub cancelled: usize,
}

/// Reads a feed now and applies it; a feed that cannot be read changes nothing but its status,
/// and answers why (one of [`READ_FAILURES`]).
pub async fn read(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    id: i64,
    now: DateTime<Utc>,
) -> Result<ReadOutcome, Refusal> {
    let i = import(pool, id).await?;
    match fetch(&i.url).await.and_then(|text| parse(&text, tz)) {
        Ok(events) => apply(pool, tz, &i, &events, now).await,
        Err(why) => {
            sqlx::query(
                "UPDATE hostel_room_imports SET last_read_at = ?, last_error = ? WHERE id = ?",
            )
            .bind(db::instant_text(now))
            .bind(&why)
            .bind(id)
            .execute(pool)
            .await?;
            Err(failure(&why))
        }
    }
}

/// The stays holding a room's nights from `first` to `end`, in words: « Famille Okafor, 12/12 →
/// 14/12 ». Empty when none does.
async fn in_the_way(
    conn: &mut SqliteConnection,
    room_id: i64,
    first: NaiveDate,
    end: NaiveDate,
) -> Result<String, sqlx::Error> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT DISTINCT s.guest_name, s.arrival, s.departure FROM hostel_nights n
           JOIN hostel_beds b ON b.id = n.bed_id JOIN hostel_stays s ON s.id = n.stay_id
         WHERE b.room_id = ? AND n.released_at IS NULL AND n.night >= ? AND n.night < ?
         ORDER BY s.arrival, s.guest_name",
    )
    .bind(room_id)
    .bind(first.to_string())
    .bind(end.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let day = |d: &str| {
        super::date(d)
            .map(|d| d.format("%d/%m").to_string())
            .unwrap_or_default()
    };
    Ok(rows
        .iter()
        .map(|(name, a, d)| format!("{name}, {} → {}", day(a), day(d)))
        .collect::<Vec<_>>()
        .join(" ; "))
}

/// Applies a feed's events to the stays, in one transaction (see the module's rules).
pub async fn apply(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    i: &Import,
    events: &[FeedEvent],
    now: DateTime<Utc>,
) -> Result<ReadOutcome, Refusal> {
    let actor = Actor {
        id: None,
        name: format!("calendrier {}", i.platform),
    };
    let at = db::instant_text(now);
    let mut out = ReadOutcome::default();
    let mut tx = db::begin_write(pool).await?;
    let today = stays::tonight(&mut *tx, tz, now).await?;
    let mut listed: HashSet<&str> = HashSet::new();
    for ev in events {
        listed.insert(ev.uid.as_str());
        if ev.end <= today {
            continue;
        }
        let known: Option<ImportBlock> = sqlx::query_as(
            "SELECT id, import_id, event_uid, first_night, end_morning, summary, stay_id, conflict,
                    first_seen, last_seen, gone_at
             FROM hostel_import_blocks WHERE import_id = ? AND event_uid = ?",
        )
        .bind(i.id)
        .bind(&ev.uid)
        .fetch_optional(&mut *tx)
        .await?;
        let old_stay = match known.as_ref().and_then(|k| k.stay_id) {
            Some(id) => Some(stays::stay(&mut *tx, id).await?),
            None => None,
        };
        let unchanged = known.as_ref().is_some_and(|k| {
            k.first_night == ev.first.to_string()
                && k.end_morning == ev.end.to_string()
                && k.conflict.is_none()
                && k.gone_at.is_none()
        }) && old_stay.as_ref().is_some_and(|s| s.status != "cancelled");
        let begun = old_stay
            .as_ref()
            .is_some_and(|s| matches!(s.status.as_str(), "checked_in" | "checked_out" | "no_show"));
        let (stay_id, conflict) = if unchanged {
            (old_stay.as_ref().map(|s| s.id), None)
        } else if begun {
            // The guests came (or the night audit closed it): the desk changes it by hand.
            (
                old_stay.as_ref().map(|s| s.id),
                Some("error-hostel-import-begun".to_owned()),
            )
        } else {
            let mut sp = Connection::begin(&mut *tx).await?;
            if let Some(s) = old_stay.as_ref().filter(|s| s.holds()) {
                stays::cancel_in(
                    &mut sp,
                    &actor,
                    s.id,
                    &format!("dates changées sur {}", i.platform),
                    now,
                )
                .await?;
            }
            let new = NewStay {
                guest_name: if ev.summary.is_empty() {
                    format!("{} — réservation", i.platform)
                } else {
                    format!("{} — {}", i.platform, ev.summary)
                        .chars()
                        .take(120)
                        .collect()
                },
                people: 1,
                arrival: ev.first.max(today).to_string(),
                departure: ev.end.to_string(),
                room_id: Some(i.room_id),
                whole_room: true,
                source: Some("platform".into()),
                notes: format!(
                    "Importé du calendrier {} (événement {})",
                    i.platform, ev.uid
                )
                .chars()
                .take(2000)
                .collect(),
                ..NewStay::default()
            };
            match stays::create_in(&mut sp, tz, &actor, &new, now).await {
                Ok(made) => {
                    sp.commit().await?;
                    out.made += 1;
                    if old_stay.as_ref().is_some_and(|s| s.holds()) {
                        out.cancelled += 1;
                    }
                    (Some(made.id), None)
                }
                Err(Refusal::Db(e)) => return Err(Refusal::Db(e)),
                Err(refused) => {
                    sp.rollback().await?;
                    let who = in_the_way(&mut tx, i.room_id, ev.first.max(today), ev.end).await?;
                    let why = match refused {
                        _ if !who.is_empty() => who,
                        Refusal::Conflict { key, .. } => key.to_owned(),
                        Refusal::Invalid(e) => e
                            .first()
                            .map_or("error-hostel-import-refused", |f| f.key)
                            .to_owned(),
                        _ => "error-hostel-import-refused".to_owned(),
                    };
                    (
                        old_stay.as_ref().filter(|s| s.holds()).map(|s| s.id),
                        Some(why),
                    )
                }
            }
        };
        if conflict.is_some() {
            out.conflicts += 1;
        } else {
            out.held += 1;
        }
        sqlx::query(
            "INSERT INTO hostel_import_blocks (import_id, event_uid, first_night, end_morning,
                 summary, stay_id, conflict, first_seen, last_seen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
             ON CONFLICT (import_id, event_uid) DO UPDATE SET first_night = excluded.first_night,
                 end_morning = excluded.end_morning, summary = excluded.summary,
                 stay_id = excluded.stay_id, conflict = excluded.conflict,
                 last_seen = excluded.last_seen, gone_at = NULL",
        )
        .bind(i.id)
        .bind(&ev.uid)
        .bind(ev.first.to_string())
        .bind(ev.end.to_string())
        .bind(&ev.summary)
        .bind(stay_id)
        .bind(&conflict)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
    }
    // Events gone from the feed: their stays not begun are cancelled.
    let still: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, event_uid, stay_id FROM hostel_import_blocks WHERE import_id = ? AND gone_at IS NULL",
    )
    .bind(i.id)
    .fetch_all(&mut *tx)
    .await?;
    for (block, uid, stay_id) in still {
        if listed.contains(uid.as_str()) {
            continue;
        }
        if let Some(id) = stay_id {
            let s = stays::stay(&mut *tx, id).await?;
            if s.status == "confirmed" && s.arrival() >= today {
                stays::cancel_in(
                    &mut tx,
                    &actor,
                    id,
                    &format!("annulé sur {}", i.platform),
                    now,
                )
                .await?;
                out.cancelled += 1;
            }
        }
        sqlx::query("UPDATE hostel_import_blocks SET gone_at = ?, conflict = NULL WHERE id = ?")
            .bind(&at)
            .bind(block)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "UPDATE hostel_room_imports SET last_read_at = ?1, last_ok_at = ?1, last_error = NULL,
             last_events = ?2 WHERE id = ?3",
    )
    .bind(&at)
    .bind(i64::try_from(events.len()).unwrap_or(i64::MAX))
    .bind(i.id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(out)
}

/// The job: every feed read in turn; a feed that fails is logged and kept for the desk.
pub fn job(state: &crate::web::AppState) -> crate::web::domain::Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        for i in imports(&state.pool).await? {
            match read(&state.pool, state.config.time_zone, i.id, Utc::now()).await {
                Ok(o) => tracing::info!(
                    import = i.id, room = %i.room_name, platform = %i.platform,
                    held = o.held, made = o.made, conflicts = o.conflicts, cancelled = o.cancelled,
                    "platform calendar read"
                ),
                Err(Refusal::Conflict { key, arg }) => tracing::warn!(
                    import = i.id, room = %i.room_name, platform = %i.platform, why = key,
                    status = %arg, "platform calendar not read"
                ),
                Err(e) => return Err(anyhow::anyhow!("platform calendar {}: {e:?}", i.id)),
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    #[test]
    fn a_platform_feed_reads_as_nights_leaving_out_cancelled_and_our_own_events() {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Airbnb Inc//Hosting Calendar//EN\r\n\
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270312\r\nDTEND;VALUE=DATE:20270315\r\n\
            UID:1418fb94e984-abc@airbnb.com\r\nSUMMARY:Reserved\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nDTSTART:20270320T150000Z\r\nDTEND:20270321T090000Z\r\n\
            UID:timed@example.org\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270401\r\nUID:one-night@example.org\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270402\r\nDTEND;VALUE=DATE:20270404\r\n\
            UID:gone@example.org\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270402\r\nDTEND;VALUE=DATE:20270404\r\n\
            UID:hostel-x-1-0@citeosquare\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270402\r\nSUMMARY:no uid\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270501\r\nDTEND;VALUE=DATE:20270503\r\n\
            UID:one-night@example.org\r\nEND:VEVENT\r\n\
            END:VCALENDAR\r\n";
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap_or_default();
        let events = parse(text, Paris).unwrap_or_default();
        assert_eq!(
            events
                .iter()
                .map(|e| (e.uid.as_str(), e.first, e.end, e.summary.as_str()))
                .collect::<Vec<_>>(),
            [
                (
                    "1418fb94e984-abc@airbnb.com",
                    d(3, 12),
                    d(3, 15),
                    "Reserved"
                ),
                ("timed@example.org", d(3, 20), d(3, 21), ""),
                ("one-night@example.org", d(4, 1), d(4, 2), ""),
            ]
        );
        assert!(parse("<html>Not found</html>", Paris).is_err());
    }

    #[test]
    fn only_web_addresses_are_feeds() {
        assert!(valid_url(
            "https://www.airbnb.fr/calendar/ical/123.ics?s=abc"
        ));
        assert!(valid_url("http://127.0.0.1:8081/feed.ics"));
        assert!(!valid_url("file:///etc/passwd"));
        assert!(!valid_url("ftp://example.org/a.ics"));
        assert!(!valid_url("airbnb.fr/calendar"));
    }
}
