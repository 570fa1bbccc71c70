//! Activities, planned shifts (*permanences*), sign-ups, and shifts as they were served.
//!
//! A shift served is opened by a first tap at a `sel` kiosk — a pending credit from the community
//! pool, reserved up to the most it can be worth — and closed by the next tap, by the desk, or
//! automatically when the tap-out was forgotten. Closing posts the minutes actually present
//! (real elapsed time: a night across a DST change counts what the clock on the wall did not),
//! rounded by the settings and capped at the planned length plus the tolerance.

use super::ledger::{self, Kind, Operation, TransferSpec};
use super::{POOL_ACCOUNT, Settings, hours, round_minutes};
use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{FieldError, Refusal};
use crate::time::{french_time, resolve_local, stored_instant as parse_instant};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use citeosquare_protocol::{AckResult, Display};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

/// How early before a planned shift a tap counts for it.
pub const EARLY_MINUTES: i64 = 30;
/// The longest activity name; the longest shift note (characters).
pub const ACTIVITY_NAME_MAX: usize = 80;
pub const SHIFT_NOTE_MAX: usize = 200;
/// A series is 1 to this many weeks; a shift has 1 to this many places.
pub const SERIES_WEEKS_MAX: u32 = 53;
pub const PLACES_MAX: i64 = 100;

/// An activity served by SEL shifts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Activity {
    pub id: i64,
    pub name: String,
    /// The `sel` kiosk where it is badged (`None`: any `sel` kiosk).
    pub kiosk_id: Option<String>,
    pub accepts_unplanned: bool,
    pub active: bool,
    pub created_at: String,
}

/// An activity as typed in a form or sent to the API.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ActivityInput {
    pub name: String,
    #[serde(default)]
    pub kiosk_id: Option<String>,
    #[serde(default)]
    pub accepts_unplanned: bool,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

pub async fn activities(pool: &SqlitePool) -> Result<Vec<Activity>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, kiosk_id, accepts_unplanned, active, created_at FROM sel_activities
         ORDER BY active DESC, name COLLATE NOCASE",
    )
    .fetch_all(pool)
    .await
}

pub async fn activity(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Activity, Refusal> {
    sqlx::query_as(
        "SELECT id, name, kiosk_id, accepts_unplanned, active, created_at FROM sel_activities
         WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or(Refusal::NotFound)
}

async fn validate_activity(
    conn: &mut sqlx::SqliteConnection,
    input: &ActivityInput,
) -> Result<(String, Option<String>), Refusal> {
    let name = input.name.trim().to_owned();
    let mut errors = vec![];
    if name.is_empty() {
        errors.push(FieldError {
            field: "name",
            key: "error-sel-name-required",
        });
    } else if name.chars().count() > ACTIVITY_NAME_MAX {
        errors.push(FieldError {
            field: "name",
            key: crate::refusal::too_long(ACTIVITY_NAME_MAX),
        });
    }
    let kiosk = input
        .kiosk_id
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned);
    if let Some(k) = &kiosk {
        let role: Option<String> = sqlx::query_scalar("SELECT role FROM kiosks WHERE id = ?")
            .bind(k)
            .fetch_optional(&mut *conn)
            .await?;
        if role.as_deref() != Some("sel") {
            errors.push(FieldError {
                field: "kiosk_id",
                key: "error-sel-kiosk-not-sel",
            });
        }
    }
    if errors.is_empty() {
        Ok((name, kiosk))
    } else {
        Err(Refusal::Invalid(errors))
    }
}

fn unique_name(e: sqlx::Error, name: &str) -> Refusal {
    match e.as_database_error() {
        Some(d) if d.is_unique_violation() => Refusal::Conflict {
            key: "error-sel-activity-exists",
            arg: name.to_owned(),
        },
        _ => Refusal::Db(e),
    }
}

pub async fn create_activity(
    pool: &SqlitePool,
    actor: &Actor,
    input: &ActivityInput,
) -> Result<Activity, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let (name, kiosk) = validate_activity(&mut tx, input).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sel_activities (name, kiosk_id, accepts_unplanned, active, created_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&name)
    .bind(&kiosk)
    .bind(input.accepts_unplanned)
    .bind(input.active)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| unique_name(e, &name))?;
    let created = activity(&mut *tx, id).await?;
    audit::record(
        &mut tx,
        actor,
        "sel.activity.create",
        "sel_activity",
        id,
        None,
        Some(&json!(created)),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update_activity(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    input: &ActivityInput,
) -> Result<Activity, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let before = activity(&mut *tx, id).await?;
    let (name, kiosk) = validate_activity(&mut tx, input).await?;
    sqlx::query(
        "UPDATE sel_activities SET name = ?, kiosk_id = ?, accepts_unplanned = ?, active = ?
         WHERE id = ?",
    )
    .bind(&name)
    .bind(&kiosk)
    .bind(input.accepts_unplanned)
    .bind(input.active)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(|e| unique_name(e, &name))?;
    let after = activity(&mut *tx, id).await?;
    audit::record(
        &mut tx,
        actor,
        "sel.activity.update",
        "sel_activity",
        id,
        Some(&json!(before)),
        Some(&json!(after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// A planned shift, with how many signed up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Shift {
    pub id: i64,
    pub activity_id: i64,
    pub activity: String,
    pub series_id: Option<i64>,
    /// UTC instants.
    pub starts_at: String,
    pub ends_at: String,
    pub places: i64,
    pub note: String,
    pub cancelled_at: Option<String>,
    pub signed_up: i64,
}

impl Shift {
    pub fn starts(&self) -> DateTime<Utc> {
        parse_instant(&self.starts_at)
    }
    pub fn ends(&self) -> DateTime<Utc> {
        parse_instant(&self.ends_at)
    }
    /// The planned length in real minutes (a night across a DST change is 1 h shorter or longer
    /// than the clock says).
    pub fn minutes(&self) -> i64 {
        (self.ends() - self.starts()).num_minutes()
    }
    pub fn places_left(&self) -> i64 {
        (self.places - self.signed_up).max(0)
    }
}

macro_rules! shift_select {
    () => {
        "SELECT s.id, s.activity_id, a.name AS activity, s.series_id, s.starts_at, s.ends_at,
                s.places, s.note, s.cancelled_at,
                (SELECT count(*) FROM sel_signups g WHERE g.shift_id = s.id AND g.withdrawn_at IS NULL)
                    AS signed_up
         FROM sel_shifts s JOIN sel_activities a ON a.id = s.activity_id "
    };
}

pub async fn shift(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Shift, Refusal> {
    sqlx::query_as(concat!(shift_select!(), "WHERE s.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(Refusal::NotFound)
}

/// Shifts that end after `from` and start before `to`, cancelled ones included, by start.
pub async fn shifts_between(
    pool: &SqlitePool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Shift>, sqlx::Error> {
    sqlx::query_as(concat!(
        shift_select!(),
        "WHERE s.ends_at > ? AND s.starts_at < ? ORDER BY s.starts_at, a.name"
    ))
    .bind(db::instant_text(from))
    .bind(db::instant_text(to))
    .fetch_all(pool)
    .await
}

/// A person's coming shifts, and whether they signed up (with the ones they could join).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShiftForPerson {
    #[serde(flatten)]
    pub shift: Shift,
    pub signed: bool,
}

pub async fn coming_for_person(
    pool: &SqlitePool,
    person_id: i64,
    now: DateTime<Utc>,
    days: i64,
) -> Result<Vec<ShiftForPerson>, sqlx::Error> {
    let shifts = shifts_between(pool, now, now + Duration::days(days)).await?;
    let mine: Vec<i64> = sqlx::query_scalar(
        "SELECT shift_id FROM sel_signups WHERE person_id = ? AND withdrawn_at IS NULL",
    )
    .bind(person_id)
    .fetch_all(pool)
    .await?;
    Ok(shifts
        .into_iter()
        .filter(|s| s.cancelled_at.is_none())
        .map(|s| ShiftForPerson {
            signed: mine.contains(&s.id),
            shift: s,
        })
        .collect())
}

/// Who signed up for a shift: (person id, name).
pub async fn signed_up(
    pool: &SqlitePool,
    shift_id: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, trim(p.first_name || ' ' || p.last_name) FROM sel_signups g
         JOIN persons p ON p.id = g.person_id
         WHERE g.shift_id = ? AND g.withdrawn_at IS NULL ORDER BY g.signed_at",
    )
    .bind(shift_id)
    .fetch_all(pool)
    .await
}

/// A weekly series of shifts as asked for: local dates and times (Europe/Paris rules).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct SeriesInput {
    pub activity_id: i64,
    /// First day, `AAAA-MM-JJ`; the series repeats on that weekday.
    pub first_date: String,
    /// Local start, `HH:MM`.
    pub start: String,
    /// Local end, `HH:MM`; the next day when not after the start (a night shift).
    pub end: String,
    /// How many weeks (1 = a single shift), at most 53.
    #[serde(default = "one")]
    pub weeks: u32,
    pub places: i64,
    #[serde(default)]
    pub note: String,
}

fn one() -> u32 {
    1
}

/// A shift's start and end instants.
pub type Span = (DateTime<Utc>, DateTime<Utc>);

/// The occurrences of a series, as (start, end) instants, through the `rrule` crate.
pub fn occurrences(
    tz: chrono_tz::Tz,
    first: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    weeks: u32,
) -> Result<Vec<Span>, String> {
    let dtstart = rrule::Tz::Tz(tz)
        .from_local_datetime(&first.and_time(start))
        .earliest()
        .ok_or("start does not exist")?;
    let rule = rrule::RRule::new(rrule::Frequency::Weekly)
        .count(weeks)
        .validate(dtstart)
        .map_err(|e| e.to_string())?;
    let set = rrule::RRuleSet::new(dtstart).rrule(rule);
    let overnight = end <= start;
    Ok(set
        .all(u16::try_from(weeks).unwrap_or(u16::MAX))
        .dates
        .into_iter()
        .map(|d| {
            let local_day = d.date_naive();
            let end_day = if overnight {
                local_day + Duration::days(1)
            } else {
                local_day
            };
            (
                resolve_local(tz, local_day.and_time(start)),
                resolve_local(tz, end_day.and_time(end)),
            )
        })
        .collect())
}

/// Plans a weekly series of shifts (or one). Returns the shifts created.
pub async fn create_series(
    pool: &SqlitePool,
    actor: &Actor,
    tz: chrono_tz::Tz,
    input: &SeriesInput,
) -> Result<Vec<Shift>, Refusal> {
    let mut errors = vec![];
    let first = NaiveDate::parse_from_str(input.first_date.trim(), "%Y-%m-%d");
    if first.is_err() {
        errors.push(FieldError {
            field: "first_date",
            key: "error-sel-date-invalid",
        });
    }
    let start = NaiveTime::parse_from_str(input.start.trim(), "%H:%M");
    if start.is_err() {
        errors.push(FieldError {
            field: "start",
            key: "error-sel-time-invalid",
        });
    }
    let end = NaiveTime::parse_from_str(input.end.trim(), "%H:%M");
    if end.is_err() {
        errors.push(FieldError {
            field: "end",
            key: "error-sel-time-invalid",
        });
    }
    if !(1..=SERIES_WEEKS_MAX).contains(&input.weeks) {
        errors.push(FieldError {
            field: "weeks",
            key: "error-sel-weeks-invalid",
        });
    }
    if !(1..=PLACES_MAX).contains(&input.places) {
        errors.push(FieldError {
            field: "places",
            key: "error-sel-places-invalid",
        });
    }
    let note = input.note.trim();
    if note.chars().count() > SHIFT_NOTE_MAX {
        errors.push(FieldError {
            field: "note",
            key: crate::refusal::too_long(SHIFT_NOTE_MAX),
        });
    }
    let (Ok(first), Ok(start), Ok(end)) = (first, start, end) else {
        return Err(Refusal::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let occurrences = occurrences(tz, first, start, end, input.weeks)
        .map_err(|_| Refusal::field("first_date", "error-sel-date-invalid"))?;
    if occurrences
        .first()
        .is_none_or(|(s, e)| (*e - *s).num_minutes() > 16 * 60)
    {
        return Err(Refusal::field("end", "error-sel-shift-too-long"));
    }
    let mut tx = db::begin_write(pool).await?;
    let act = activity(&mut *tx, input.activity_id)
        .await
        .map_err(|_| Refusal::field("activity_id", "error-sel-activity-unknown"))?;
    let now = db::now_text();
    let rrule_text = format!("FREQ=WEEKLY;COUNT={}", input.weeks);
    let series_id: i64 = sqlx::query_scalar(
        "INSERT INTO sel_series (activity_id, rrule, start_local, end_local, places, created_at,
             created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(act.id)
    .bind(&rrule_text)
    .bind(start.format("%H:%M").to_string())
    .bind(end.format("%H:%M").to_string())
    .bind(input.places)
    .bind(&now)
    .bind(&actor.name)
    .fetch_one(&mut *tx)
    .await?;
    let mut ids = vec![];
    for (s, e) in &occurrences {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sel_shifts (activity_id, series_id, starts_at, ends_at, places, note,
                 created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(act.id)
        .bind(series_id)
        .bind(db::instant_text(*s))
        .bind(db::instant_text(*e))
        .bind(input.places)
        .bind(note)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        ids.push(id);
    }
    audit::record(
        &mut tx,
        actor,
        "sel.series.create",
        "sel_series",
        series_id,
        None,
        Some(
            &json!({"activity": act.name, "first_date": first.to_string(),
                     "start": input.start, "end": input.end, "weeks": input.weeks,
                     "places": input.places}),
        ),
    )
    .await?;
    let mut shifts = vec![];
    for id in ids {
        shifts.push(shift(&mut *tx, id).await?);
    }
    tx.commit().await?;
    Ok(shifts)
}

/// Cancels a planned shift (its sign-ups stay, for the record).
pub async fn cancel_shift(pool: &SqlitePool, actor: &Actor, id: i64) -> Result<Shift, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let s = shift(&mut *tx, id).await?;
    if s.cancelled_at.is_some() {
        return Err(Refusal::conflict("error-sel-shift-cancelled"));
    }
    sqlx::query("UPDATE sel_shifts SET cancelled_at = ? WHERE id = ?")
        .bind(db::now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        "sel.shift.cancel",
        "sel_shift",
        id,
        None,
        None,
    )
    .await?;
    let after = shift(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Signs a person up for a shift. Refused for a cancelled or past shift, twice, or when full
/// (the database counts the places).
pub async fn sign_up(
    pool: &SqlitePool,
    actor: &Actor,
    shift_id: i64,
    person_id: i64,
) -> Result<Shift, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    sign_up_in(&mut tx, &actor.name, shift_id, person_id, Utc::now()).await?;
    audit::record(
        &mut tx,
        actor,
        "sel.signup",
        "sel_shift",
        shift_id,
        None,
        Some(&json!({"person_id": person_id})),
    )
    .await?;
    let s = shift(&mut *tx, shift_id).await?;
    tx.commit().await?;
    Ok(s)
}

async fn sign_up_in(
    tx: &mut sqlx::SqliteConnection,
    by: &str,
    shift_id: i64,
    person_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let s = shift(&mut *tx, shift_id).await?;
    if s.cancelled_at.is_some() {
        return Err(Refusal::conflict("error-sel-shift-cancelled"));
    }
    if s.ends() <= now {
        return Err(Refusal::conflict("error-sel-shift-past"));
    }
    let erased: Option<Option<String>> =
        sqlx::query_scalar("SELECT erased_at FROM persons WHERE id = ?")
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?;
    match erased {
        None => return Err(Refusal::NotFound),
        Some(Some(_)) => return Err(Refusal::conflict("error-person-erased")),
        Some(None) => {}
    }
    let r = sqlx::query(
        "INSERT INTO sel_signups (shift_id, person_id, signed_at, signed_by) VALUES (?, ?, ?, ?)",
    )
    .bind(shift_id)
    .bind(person_id)
    .bind(db::instant_text(now))
    .bind(by)
    .execute(&mut *tx)
    .await;
    match r {
        Ok(_) => Ok(()),
        Err(e) => Err(match e.as_database_error() {
            Some(d) if d.is_unique_violation() || d.message().contains("sel_already_signed_up") => {
                Refusal::conflict("error-sel-already-signed-up")
            }
            Some(d) if d.message().contains("sel_shift_full") => {
                Refusal::conflict("error-sel-shift-full")
            }
            _ => Refusal::Db(e),
        }),
    }
}

/// Withdraws a person's sign-up (before the shift starts).
pub async fn withdraw(
    pool: &SqlitePool,
    actor: &Actor,
    shift_id: i64,
    person_id: i64,
) -> Result<Shift, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let s = shift(&mut *tx, shift_id).await?;
    if s.starts() <= Utc::now() {
        return Err(Refusal::conflict("error-sel-shift-started"));
    }
    let done = sqlx::query(
        "UPDATE sel_signups SET withdrawn_at = ?, withdrawn_by = ?
         WHERE shift_id = ? AND person_id = ? AND withdrawn_at IS NULL",
    )
    .bind(db::now_text())
    .bind(&actor.name)
    .bind(shift_id)
    .bind(person_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Refusal::conflict("error-sel-not-signed-up"));
    }
    audit::record(
        &mut tx,
        actor,
        "sel.withdraw",
        "sel_shift",
        shift_id,
        Some(&json!({"person_id": person_id})),
        None,
    )
    .await?;
    let s = shift(&mut *tx, shift_id).await?;
    tx.commit().await?;
    Ok(s)
}

macro_rules! session_select {
    () => {
        "SELECT x.id, x.person_id, trim(p.first_name || ' ' || p.last_name) AS person,
                x.activity_id, a.name AS activity, x.shift_id, x.kiosk_id, x.started_at,
                x.close_by, x.cap_minutes, x.pending_no, x.ended_at, x.end_kind, x.minutes,
                x.resolution_no, x.review, x.reviewed_at, x.reviewed_by, x.review_note
         FROM sel_sessions x JOIN persons p ON p.id = x.person_id
              JOIN sel_activities a ON a.id = x.activity_id "
    };
}

mod kiosk;
mod served;
pub use kiosk::*;
pub use served::*;

#[cfg(test)]
mod tests;
