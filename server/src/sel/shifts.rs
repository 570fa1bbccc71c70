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
use crate::ingest::french_time;
use crate::people::{FieldError, Refusal};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use citeosquare_protocol::{AckResult, Display};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

/// How early before a planned shift a tap counts for it.
pub const EARLY_MINUTES: i64 = 30;

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
    } else if name.chars().count() > 80 {
        errors.push(FieldError {
            field: "name",
            key: "error-too-long",
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

/// A stored instant (the epoch for a value that cannot be read, which the schema never holds).
pub fn parse_instant(s: &str) -> DateTime<Utc> {
    crate::i18n::parse_instant(s).unwrap_or_default()
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

/// A local date and time as an instant: an hour that happens twice (October) is the first one;
/// an hour that does not exist (March) is read an hour later, as a wall clock would show it.
pub fn resolve_local(tz: chrono_tz::Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => tz
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| local.and_utc()),
    }
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
    if !(1..=53).contains(&input.weeks) {
        errors.push(FieldError {
            field: "weeks",
            key: "error-sel-weeks-invalid",
        });
    }
    if !(1..=100).contains(&input.places) {
        errors.push(FieldError {
            field: "places",
            key: "error-sel-places-invalid",
        });
    }
    let note = input.note.trim();
    if note.chars().count() > 200 {
        errors.push(FieldError {
            field: "note",
            key: "error-too-long",
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

/// A shift as served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Session {
    pub id: i64,
    pub person_id: i64,
    pub person: String,
    pub activity_id: i64,
    pub activity: String,
    pub shift_id: Option<i64>,
    pub kiosk_id: Option<String>,
    pub started_at: String,
    pub close_by: String,
    pub cap_minutes: i64,
    pub pending_no: i64,
    pub ended_at: Option<String>,
    /// `tap`, `auto` (forgotten tap-out) or `desk`.
    pub end_kind: Option<String>,
    pub minutes: Option<i64>,
    pub resolution_no: Option<i64>,
    /// Why a human should look, space-separated: `unplanned`, `forgotten`, `clock_skew`.
    pub review: String,
    pub reviewed_at: Option<String>,
    pub reviewed_by: Option<String>,
    pub review_note: Option<String>,
}

impl Session {
    pub fn review_reasons(&self) -> Vec<&str> {
        self.review.split_whitespace().collect()
    }
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

pub async fn session(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Session, Refusal> {
    sqlx::query_as(concat!(session_select!(), "WHERE x.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(Refusal::NotFound)
}

/// Shifts being served now.
pub async fn open_sessions(pool: &SqlitePool) -> Result<Vec<Session>, sqlx::Error> {
    sqlx::query_as(concat!(
        session_select!(),
        "WHERE x.ended_at IS NULL ORDER BY x.started_at"
    ))
    .fetch_all(pool)
    .await
}

/// The review queue: unplanned shifts, forgotten tap-outs, clock skew — oldest first.
pub async fn review_queue(pool: &SqlitePool) -> Result<Vec<Session>, sqlx::Error> {
    sqlx::query_as(concat!(
        session_select!(),
        "WHERE x.review <> '' AND x.reviewed_at IS NULL ORDER BY x.id"
    ))
    .fetch_all(pool)
    .await
}

/// How many shifts wait in the review queue.
pub async fn review_count(pool: &SqlitePool) -> Result<usize, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sel_sessions WHERE review <> '' AND reviewed_at IS NULL",
    )
    .fetch_one(pool)
    .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// A person's shifts served, newest first.
pub async fn sessions_of_person(
    pool: &SqlitePool,
    person_id: i64,
    limit: i64,
) -> Result<Vec<Session>, sqlx::Error> {
    sqlx::query_as(concat!(
        session_select!(),
        "WHERE x.person_id = ? ORDER BY x.started_at DESC LIMIT ?"
    ))
    .bind(person_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Marks a reviewed shift as seen, with a note. Minutes are changed by a correction of its
/// transfer, not here.
pub async fn mark_reviewed(
    pool: &SqlitePool,
    actor: &Actor,
    session_id: i64,
    note: &str,
) -> Result<Session, Refusal> {
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(Refusal::field("note", "error-too-long"));
    }
    let mut tx = db::begin_write(pool).await?;
    let s = session(&mut *tx, session_id).await?;
    if s.ended_at.is_none() {
        return Err(Refusal::conflict("error-sel-session-open"));
    }
    if s.review.is_empty() || s.reviewed_at.is_some() {
        return Err(Refusal::conflict("error-sel-already-reviewed"));
    }
    sqlx::query(
        "UPDATE sel_sessions SET reviewed_at = ?, reviewed_by = ?, review_note = ? WHERE id = ?",
    )
    .bind(db::now_text())
    .bind(&actor.name)
    .bind(note)
    .bind(session_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "sel.review",
        "sel_session",
        session_id,
        None,
        Some(&json!({"note": note})),
    )
    .await?;
    let s = session(&mut *tx, session_id).await?;
    tx.commit().await?;
    Ok(s)
}

/// Minutes a shift served is worth: real elapsed minutes, rounded, capped.
pub fn valuation(started: DateTime<Utc>, ended: DateTime<Utc>, cap: i64, rounding: i64) -> i64 {
    let elapsed = (ended - started).num_seconds().max(0);
    let minutes = round_minutes((elapsed + 30) / 60, rounding);
    minutes.clamp(0, cap.max(0))
}

/// How a shift ends: when, by what (`tap`, `auto`, `desk`), the tap's event, and what to review.
#[derive(Debug, Clone, Copy)]
struct Ending<'a> {
    at: DateTime<Utc>,
    kind: &'a str,
    event_id: Option<&'a str>,
    review: &'a [&'a str],
}

/// Closes an open shift at `ended`: posts its minutes (or voids the reservation when it is worth
/// nothing) and records how it ended. Returns the minutes credited.
async fn close_session(
    tx: &mut sqlx::SqliteConnection,
    settings: &Settings,
    actor: &Actor,
    s: &Session,
    end: Ending<'_>,
) -> Result<i64, Refusal> {
    let Ending {
        at: ended,
        kind: end_kind,
        event_id: end_event_id,
        review: add_review,
    } = end;
    let pending = ledger::open_pending(&mut *tx, s.pending_no)
        .await?
        .ok_or_else(|| Refusal::conflict("error-sel-not-pending"))?;
    let started = parse_instant(&s.started_at);
    let minutes =
        valuation(started, ended, s.cap_minutes, settings.rounding_minutes).min(pending.amount);
    let op = Operation {
        id: ledger::internal_id(format_args!("session-{}-close", s.id)),
        kind: "shift",
        request: json!({"session": s.id, "minutes": minutes, "end": db::instant_text(ended)}),
        actor,
    };
    let mut spec = TransferSpec::resolve(&pending, (minutes > 0).then_some(minutes));
    spec.session_id = Some(s.id);
    let written = ledger::write(&mut *tx, &op, &[spec]).await?;
    let resolution = written.transfers.first().map(|t| t.no);
    let mut review: Vec<&str> = s.review_reasons();
    for r in add_review {
        if !review.contains(r) {
            review.push(r);
        }
    }
    sqlx::query(
        "UPDATE sel_sessions SET ended_at = ?, end_kind = ?, end_event_id = ?, minutes = ?,
             resolution_no = ?, review = ? WHERE id = ? AND ended_at IS NULL",
    )
    .bind(db::instant_text(ended))
    .bind(end_kind)
    .bind(end_event_id)
    .bind(minutes)
    .bind(resolution)
    .bind(review.join(" "))
    .bind(s.id)
    .execute(&mut *tx)
    .await?;
    Ok(minutes)
}

/// Closes the shifts whose tap-out was forgotten: at their deadline (planned end plus tolerance,
/// or the longest unplanned shift), flagged for review. Returns how many were closed.
pub async fn close_overdue(pool: &SqlitePool, now: DateTime<Utc>) -> Result<usize, Refusal> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM sel_sessions WHERE ended_at IS NULL AND close_by <= ? ORDER BY id",
    )
    .bind(db::instant_text(now))
    .fetch_all(pool)
    .await?;
    let actor = Actor {
        id: None,
        name: "système".into(),
    };
    let mut closed = 0;
    // One transaction each: a shift that cannot be closed does not hold the others back.
    for id in due {
        let mut tx = db::begin_write(pool).await?;
        let settings = Settings::load(&mut *tx).await?;
        let s = session(&mut *tx, id).await?;
        if s.ended_at.is_some() {
            continue;
        }
        let close_by = parse_instant(&s.close_by);
        match close_session(
            &mut tx,
            &settings,
            &actor,
            &s,
            Ending {
                at: close_by,
                kind: "auto",
                event_id: None,
                review: &["forgotten"],
            },
        )
        .await
        {
            Ok(_) => {
                tx.commit().await?;
                closed += 1;
            }
            Err(e) => {
                tracing::error!(session = id, error = %e, "could not close a forgotten SEL shift")
            }
        }
    }
    Ok(closed)
}

/// The desk closes a shift by hand (the person left without tapping and said when).
pub async fn close_by_desk(
    pool: &SqlitePool,
    actor: &Actor,
    session_id: i64,
    ended: DateTime<Utc>,
) -> Result<Session, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let settings = Settings::load(&mut *tx).await?;
    let s = session(&mut *tx, session_id).await?;
    if s.ended_at.is_some() {
        return Err(Refusal::conflict("error-sel-session-closed"));
    }
    if ended < parse_instant(&s.started_at) || ended > Utc::now() + Duration::minutes(5) {
        return Err(Refusal::field("ended_at", "error-sel-end-invalid"));
    }
    let minutes = close_session(
        &mut tx,
        &settings,
        actor,
        &s,
        Ending {
            at: ended,
            kind: "desk",
            event_id: None,
            review: &[],
        },
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        "sel.session.close",
        "sel_session",
        session_id,
        None,
        Some(&json!({"ended_at": db::instant_text(ended), "minutes": minutes})),
    )
    .await?;
    let s = session(&mut *tx, session_id).await?;
    tx.commit().await?;
    Ok(s)
}

/// A shift served that no kiosk saw (a forgotten badge, a kiosk out of order), told to the desk.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct DeskShiftInput {
    /// Idempotency key (a UUID made with the form).
    pub id: String,
    pub person_id: i64,
    pub activity_id: i64,
    /// Start and end (RFC 3339 instants).
    #[schema(value_type = String, format = DateTime)]
    pub started_at: DateTime<Utc>,
    #[schema(value_type = String, format = DateTime)]
    pub ended_at: DateTime<Utc>,
}

/// Records a shift served from its two times, as the desk was told: a shift like any other
/// (valued, rounded, capped by the longest unplanned shift, posted from the pool), ended by the
/// desk. Refused in the future, backwards, longer than 16 h, or overlapping another shift of the
/// same person. The same id again is a replay (`true` with the shift it recorded).
pub async fn record_by_desk(
    pool: &SqlitePool,
    actor: &Actor,
    input: &DeskShiftInput,
) -> Result<(Session, bool), Refusal> {
    ledger::check_caller_id(&input.id)?;
    let (start, end) = (input.started_at, input.ended_at);
    if end <= start || end - start > Duration::hours(16) || end > Utc::now() + Duration::minutes(5)
    {
        return Err(Refusal::field("ended_at", "error-sel-end-invalid"));
    }
    let mut tx = db::begin_write(pool).await?;
    // A replay: the shift this id recorded.
    let seen: Option<i64> = sqlx::query_scalar(
        "SELECT x.id FROM sel_sessions x JOIN sel_transfers t ON t.no = x.pending_no
         WHERE t.operation_id = ?",
    )
    .bind(&input.id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = seen {
        return Ok((session(&mut *tx, id).await?, true));
    }
    let settings = Settings::load(&mut *tx).await?;
    let act = activity(&mut *tx, input.activity_id)
        .await
        .map_err(|_| Refusal::field("activity_id", "error-sel-activity-unknown"))?;
    let account = ledger::member_account(&mut tx, input.person_id).await?;
    let overlap: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM sel_sessions WHERE person_id = ?
           AND started_at < ? AND COALESCE(ended_at, close_by) > ? LIMIT 1",
    )
    .bind(input.person_id)
    .bind(db::instant_text(end))
    .bind(db::instant_text(start))
    .fetch_optional(&mut *tx)
    .await?;
    if overlap.is_some() {
        return Err(Refusal::conflict("error-sel-shift-overlap"));
    }
    let cap = settings
        .unplanned_max_minutes
        .max((end - start).num_minutes());
    let reserve = cap.min(account.receivable(&settings));
    if reserve <= 0 {
        return Err(Refusal::Conflict {
            key: "error-sel-above-ceiling",
            arg: hours(account.receivable(&settings).max(0)),
        });
    }
    let day = start.format("%d/%m/%Y");
    let op = Operation {
        id: input.id.clone(),
        kind: "shift",
        request: json!({"person_id": input.person_id, "activity_id": act.id,
                        "started_at": db::instant_text(start), "ended_at": db::instant_text(end)}),
        actor,
    };
    let written = ledger::write(
        &mut tx,
        &op,
        &[
            TransferSpec::pending(POOL_ACCOUNT, account.id, reserve, Kind::Shift).memo(format!(
                "Permanence {} du {day} (saisie à l'accueil)",
                act.name
            )),
        ],
    )
    .await?;
    let pending_no = written
        .transfers
        .first()
        .map(|t| t.no)
        .ok_or_else(|| Refusal::conflict("error-sel-nothing-to-write"))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sel_sessions (person_id, activity_id, started_at, close_by, cap_minutes,
             pending_no) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(input.person_id)
    .bind(act.id)
    .bind(db::instant_text(start))
    .bind(db::instant_text(end))
    .bind(reserve)
    .bind(pending_no)
    .fetch_one(&mut *tx)
    .await?;
    let s = session(&mut *tx, id).await?;
    let minutes = close_session(
        &mut tx,
        &settings,
        actor,
        &s,
        Ending {
            at: end,
            kind: "desk",
            event_id: None,
            review: &[],
        },
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        "sel.session.record",
        "sel_session",
        id,
        None,
        Some(&json!({"person_id": input.person_id, "activity": act.name,
                     "started_at": db::instant_text(start), "ended_at": db::instant_text(end),
                     "minutes": minutes})),
    )
    .await?;
    let s = session(&mut *tx, id).await?;
    tx.commit().await?;
    Ok((s, false))
}

/// Records a membership year, fee paid or not.
pub async fn set_membership(
    pool: &SqlitePool,
    actor: &Actor,
    person_id: i64,
    year: i32,
    paid: bool,
) -> Result<(), Refusal> {
    if !(2000..=2200).contains(&year) {
        return Err(Refusal::field("year", "error-sel-year-invalid"));
    }
    let mut tx = db::begin_write(pool).await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM persons WHERE id = ?")
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(Refusal::NotFound);
    }
    let now = db::now_text();
    sqlx::query(
        "INSERT INTO sel_memberships (person_id, year, fee_paid_at, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (person_id, year) DO UPDATE SET fee_paid_at = ?3, recorded_at = ?4,
             recorded_by = ?5",
    )
    .bind(person_id)
    .bind(year)
    .bind(paid.then_some(&now))
    .bind(&now)
    .bind(&actor.name)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "sel.membership",
        "person",
        person_id,
        None,
        Some(&json!({"year": year, "paid": paid})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the person's membership for `year` is paid (`None`: not a member that year).
pub async fn membership(
    conn: impl sqlx::SqliteExecutor<'_>,
    person_id: i64,
    year: i32,
) -> Result<Option<bool>, sqlx::Error> {
    let row: Option<Option<String>> = sqlx::query_scalar(
        "SELECT fee_paid_at FROM sel_memberships WHERE person_id = ? AND year = ?",
    )
    .bind(person_id)
    .bind(year)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|paid| paid.is_some()))
}

/// A tap at a `sel` kiosk, as ingestion hands it over.
#[derive(Debug, Clone)]
pub struct Tap<'a> {
    pub event_id: &'a str,
    pub kiosk_id: &'a str,
    pub person_id: i64,
    pub first_name: &'a str,
    /// The kiosk's read time (a tap delivered late from an offline kiosk counts then).
    pub read_at: DateTime<Utc>,
    /// The skew check's verdict (`delayed`, `clock_ahead`), if any.
    pub flagged: Option<&'a str>,
}

/// What a tap at a `sel` kiosk meant: the ack's result and display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TapAnswer {
    pub result: AckResult,
    pub display: Display,
}

fn answer(result: AckResult, title: String, lines: Vec<String>) -> TapAnswer {
    TapAnswer {
        result,
        display: Display { title, lines },
    }
}

/// Decides and writes what a tap at a `sel` kiosk means, inside ingestion's transaction: start a
/// shift (pending credit) or end the open one (post the minutes).
pub async fn tap(
    tx: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    tap: &Tap<'_>,
) -> Result<TapAnswer, sqlx::Error> {
    match tap_inner(tx, tz, tap).await {
        Ok(a) => Ok(a),
        Err(Refusal::Db(e)) => Err(e),
        // A rule refused it (the ledger's limits): say so at the kiosk.
        Err(Refusal::Conflict { key, .. }) => Ok(answer(
            AckResult::NotAllowed,
            format!("Bonjour {}", tap.first_name),
            match key {
                "error-sel-above-ceiling" => {
                    vec!["Plafond SEL atteint".into(), "Voyez l'accueil".into()]
                }
                _ => vec![
                    "Permanence non enregistrée".into(),
                    "Voyez l'accueil".into(),
                ],
            },
        )),
        Err(_) => Ok(answer(
            AckResult::NotAllowed,
            format!("Bonjour {}", tap.first_name),
            vec![
                "Permanence non enregistrée".into(),
                "Voyez l'accueil".into(),
            ],
        )),
    }
}

async fn tap_inner(
    tx: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    tap: &Tap<'_>,
) -> Result<TapAnswer, Refusal> {
    let settings = Settings::load(&mut *tx).await?;
    let hello = format!("Bonjour {}", tap.first_name);
    let at_local = tap.read_at.with_timezone(&tz);
    let clock = french_time(tap.read_at, tz);
    let Some(account) = ledger::account_of_person(&mut *tx, tap.person_id).await? else {
        return Ok(answer(
            AckResult::NotAllowed,
            hello,
            vec!["Pas encore de compte SEL".into(), "Voyez l'accueil".into()],
        ));
    };
    let actor = Actor {
        id: None,
        name: format!("borne {}", tap.kiosk_id),
    };
    let skew: &[&str] = if tap.flagged.is_some() {
        &["clock_skew"]
    } else {
        &[]
    };

    let open: Option<Session> = sqlx::query_as(concat!(
        session_select!(),
        "WHERE x.person_id = ? AND x.ended_at IS NULL"
    ))
    .bind(tap.person_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(s) = open {
        let started = parse_instant(&s.started_at);
        if tap.read_at < started {
            // Read before the shift being served began: delivered late by another kiosk that was
            // offline. It cannot end this shift; the desk looks at it.
            flag_for_review(&mut *tx, &s, "early_tap").await?;
            return Ok(answer(
                AckResult::Recorded,
                hello,
                vec!["Passage enregistré".into(), "Voyez l'accueil".into()],
            ));
        }
        if tap.read_at < started + Duration::seconds(settings.repeat_tap_seconds) {
            // A second tap right after the first: not a tap-out.
            return Ok(already_started(hello, &s, tz));
        }
        let minutes = close_session(
            tx,
            &settings,
            &actor,
            &s,
            Ending {
                at: tap.read_at,
                kind: "tap",
                event_id: Some(tap.event_id),
                review: skew,
            },
        )
        .await?;
        let balance = ledger::account(&mut *tx, account.id).await?.posted;
        return Ok(ended_answer(tap.first_name, &clock, minutes, balance));
    }

    // A second tap right after a tap-out: not a new shift.
    let just_ended: Option<(String, String)> = sqlx::query_as(
        "SELECT x.ended_at, a.name FROM sel_sessions x JOIN sel_activities a ON a.id = x.activity_id
         WHERE x.person_id = ? AND x.end_kind = 'tap' AND x.ended_at <= ? AND x.ended_at > ?
         ORDER BY x.ended_at DESC LIMIT 1",
    )
    .bind(tap.person_id)
    .bind(db::instant_text(tap.read_at))
    .bind(db::instant_text(
        tap.read_at - Duration::seconds(settings.repeat_tap_seconds),
    ))
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((ended, activity)) = just_ended {
        let at = french_time(parse_instant(&ended), tz);
        return Ok(answer(
            AckResult::Recorded,
            hello,
            vec![
                format!("Permanence {activity} déjà finie"),
                format!("à {at}"),
                format!("Solde : {}", hours(account.posted)),
            ],
        ));
    }

    // The tap-out of a shift already closed automatically (the kiosk was offline past the
    // deadline): the shift ends at the tap's read time, and what the automatic close credited too
    // much goes back to the pool by a correction linked to it.
    let closed_early: Option<Session> = sqlx::query_as(concat!(
        session_select!(),
        "WHERE x.person_id = ? AND x.end_kind = 'auto' AND x.started_at < ? AND x.ended_at >= ?
         ORDER BY x.started_at DESC LIMIT 1"
    ))
    .bind(tap.person_id)
    .bind(db::instant_text(tap.read_at))
    .bind(db::instant_text(tap.read_at))
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(s) = closed_early {
        let started = parse_instant(&s.started_at);
        if tap.read_at < started + Duration::seconds(settings.repeat_tap_seconds) {
            return Ok(already_started(hello, &s, tz));
        }
        // What the shift credits now: the automatic close, and any correction made since (by
        // the desk too), so that nothing is taken back twice.
        let credited: i64 = match s.resolution_no {
            Some(no) => {
                sqlx::query_scalar(
                    "SELECT r.amount + COALESCE((SELECT sum(CASE WHEN c.debit_account = r.debit_account
                                                          THEN c.amount ELSE -c.amount END)
                                                 FROM sel_transfers c WHERE c.corrects_no = r.no), 0)
                     FROM sel_transfers r WHERE r.no = ?",
                )
                .bind(no)
                .fetch_one(&mut *tx)
                .await?
            }
            None => 0,
        };
        let real = valuation(
            started,
            tap.read_at,
            s.cap_minutes,
            settings.rounding_minutes,
        )
        .min(credited.max(0));
        if let (Some(resolution), true) = (s.resolution_no, real < credited) {
            let reason = format!(
                "Sortie badgée à {clock}, reçue après la clôture automatique ({})",
                french_time(parse_instant(&s.close_by), tz)
            );
            let op = Operation {
                id: ledger::internal_id(format_args!("tap-{}", tap.event_id)),
                kind: "correction",
                request: json!({"session": s.id, "minutes": real - credited}),
                actor: &actor,
            };
            let spec = TransferSpec {
                corrects_no: Some(resolution),
                reason: Some(reason),
                session_id: Some(s.id),
                ..TransferSpec::posted(account.id, POOL_ACCOUNT, credited - real, Kind::Correction)
                    .memo(format!("Correction du mouvement n° {resolution}"))
            };
            ledger::write(&mut *tx, &op, &[spec]).await?;
        }
        let mut review = s.review_reasons();
        for r in skew {
            if !review.contains(r) {
                review.push(r);
            }
        }
        sqlx::query(
            "UPDATE sel_sessions SET ended_at = ?, end_kind = 'tap', end_event_id = ?, review = ?,
                 minutes = ? WHERE id = ?",
        )
        .bind(db::instant_text(tap.read_at))
        .bind(tap.event_id)
        .bind(review.join(" "))
        .bind(real)
        .bind(s.id)
        .execute(&mut *tx)
        .await?;
        let balance = ledger::account(&mut *tx, account.id).await?.posted;
        return Ok(ended_answer(tap.first_name, &clock, real, balance));
    }

    // A tap within the hour after the desk or the server closed this person's shift: most likely
    // the tap-out, come too late. No new shift; the desk looks at it.
    let closed_before: Option<Session> = sqlx::query_as(concat!(
        session_select!(),
        "WHERE x.person_id = ? AND x.end_kind IN ('auto', 'desk') AND x.ended_at <= ?
           AND x.ended_at > ?
         ORDER BY x.ended_at DESC LIMIT 1"
    ))
    .bind(tap.person_id)
    .bind(db::instant_text(tap.read_at))
    .bind(db::instant_text(tap.read_at - Duration::minutes(60)))
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(s) = closed_before {
        flag_for_review(&mut *tx, &s, "late_tap").await?;
        let at = french_time(s.ended_at.as_deref().map_or(tap.read_at, parse_instant), tz);
        return Ok(answer(
            AckResult::Recorded,
            hello,
            vec![
                format!("Permanence déjà close à {at}"),
                "Voyez l'accueil".into(),
            ],
        ));
    }

    // A new shift: membership first.
    let year = at_local.year();
    let paid = membership(&mut *tx, tap.person_id, year).await? == Some(true);
    let mut warn = vec![];
    if !paid {
        match settings.membership_policy.as_str() {
            "refuse" => {
                return Ok(answer(
                    AckResult::NotAllowed,
                    hello,
                    vec![
                        format!("Adhésion {year} à régler"),
                        "Voyez l'accueil".into(),
                    ],
                ));
            }
            "warn" => warn.push(format!("Adhésion {year} à régler")),
            _ => {}
        }
    }

    // The planned shift it belongs to: one this person signed up for, else one with a place
    // left (they are signed up on the spot), at an activity badged at this kiosk.
    let window_from = db::instant_text(tap.read_at + Duration::minutes(EARLY_MINUTES));
    let at_text = db::instant_text(tap.read_at);
    let planned: Option<(i64, i64, String, String, String, bool)> = sqlx::query_as(
        "SELECT s.id, s.activity_id, a.name, s.starts_at, s.ends_at,
                EXISTS (SELECT 1 FROM sel_signups g WHERE g.shift_id = s.id AND g.person_id = ?1
                        AND g.withdrawn_at IS NULL) AS mine
         FROM sel_shifts s JOIN sel_activities a ON a.id = s.activity_id
         WHERE s.cancelled_at IS NULL AND a.active
           AND (a.kiosk_id IS NULL OR a.kiosk_id = ?2)
           AND s.starts_at <= ?3 AND s.ends_at > ?4
           AND (EXISTS (SELECT 1 FROM sel_signups g WHERE g.shift_id = s.id AND g.person_id = ?1
                        AND g.withdrawn_at IS NULL)
                OR (SELECT count(*) FROM sel_signups g WHERE g.shift_id = s.id
                    AND g.withdrawn_at IS NULL) < s.places)
         ORDER BY mine DESC, s.starts_at LIMIT 1",
    )
    .bind(tap.person_id)
    .bind(tap.kiosk_id)
    .bind(&window_from)
    .bind(&at_text)
    .fetch_optional(&mut *tx)
    .await?;

    let mut review: Vec<&str> = skew.to_vec();
    let (activity_id, activity_name, shift_id, cap, close_by) = match planned {
        Some((shift_id, activity_id, name, starts, ends, mine)) => {
            if !mine {
                sign_up_in(&mut *tx, &actor.name, shift_id, tap.person_id, tap.read_at).await?;
            }
            let (starts, ends) = (parse_instant(&starts), parse_instant(&ends));
            let cap = (ends - starts).num_minutes() + settings.tolerance_minutes;
            let close_by = ends + Duration::minutes(settings.tolerance_minutes);
            (activity_id, name, Some(shift_id), cap, close_by)
        }
        None => {
            let unplanned: Option<(i64, String)> = sqlx::query_as(
                "SELECT id, name FROM sel_activities
                 WHERE active AND accepts_unplanned AND (kiosk_id IS NULL OR kiosk_id = ?)
                 ORDER BY kiosk_id IS NULL, name LIMIT 1",
            )
            .bind(tap.kiosk_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((id, name)) = unplanned else {
                return Ok(answer(
                    AckResult::NotAllowed,
                    hello,
                    vec!["Pas de permanence prévue".into(), "maintenant ici".into()],
                ));
            };
            review.push("unplanned");
            let cap = settings.unplanned_max_minutes;
            (id, name, None, cap, tap.read_at + Duration::minutes(cap))
        }
    };

    let room = account.receivable(&settings);
    if room <= 0 {
        return Ok(answer(
            AckResult::NotAllowed,
            hello,
            vec![
                "Plafond SEL atteint".into(),
                format!("Solde : {}", hours(account.posted)),
            ],
        ));
    }
    let reserve = cap.min(room);
    let op = Operation {
        id: ledger::internal_id(format_args!("tap-{}", tap.event_id)),
        kind: "shift",
        request: json!({"person_id": tap.person_id, "activity_id": activity_id,
                        "shift_id": shift_id, "at": at_text, "reserve": reserve}),
        actor: &actor,
    };
    let day = at_local.format("%d/%m/%Y");
    let written = ledger::write(
        &mut *tx,
        &op,
        &[
            TransferSpec::pending(POOL_ACCOUNT, account.id, reserve, Kind::Shift)
                .memo(format!("Permanence {activity_name} du {day}")),
        ],
    )
    .await?;
    let pending_no = written
        .transfers
        .first()
        .map(|t| t.no)
        .ok_or_else(|| Refusal::conflict("error-sel-nothing-to-write"))?;
    sqlx::query(
        "INSERT INTO sel_sessions (person_id, activity_id, shift_id, kiosk_id, start_event_id,
             started_at, close_by, cap_minutes, pending_no, review)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(tap.person_id)
    .bind(activity_id)
    .bind(shift_id)
    .bind(tap.kiosk_id)
    .bind(tap.event_id)
    .bind(&at_text)
    .bind(db::instant_text(close_by))
    .bind(reserve)
    .bind(pending_no)
    .bind(review.join(" "))
    .execute(&mut *tx)
    .await?;
    let mut lines = vec![
        format!("Permanence {activity_name}"),
        format!("commencée à {clock}"),
    ];
    lines.extend(warn);
    Ok(answer(AckResult::ShiftStarted, hello, lines))
}

/// Why a shift served waits for the desk's look: no sign-up, a forgotten tap-out, the kiosk's
/// clock, a tap read before the shift being served began, a tap read after it was closed.
pub const REVIEW_REASONS: [&str; 5] = [
    "unplanned",
    "forgotten",
    "clock_skew",
    "early_tap",
    "late_tap",
];

/// Adds a reason to look at a shift (and puts it back in the queue if it had been reviewed).
async fn flag_for_review(
    conn: &mut sqlx::SqliteConnection,
    s: &Session,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let mut review = s.review_reasons();
    if !review.contains(&reason) {
        review.push(reason);
    }
    sqlx::query(
        "UPDATE sel_sessions SET review = ?, reviewed_at = NULL, reviewed_by = NULL WHERE id = ?",
    )
    .bind(review.join(" "))
    .bind(s.id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What the kiosk shows for a second tap right after the first: the shift goes on.
fn already_started(hello: String, s: &Session, tz: chrono_tz::Tz) -> TapAnswer {
    answer(
        AckResult::Recorded,
        hello,
        vec![
            format!("Permanence {} déjà commencée", s.activity),
            format!("à {}", french_time(parse_instant(&s.started_at), tz)),
        ],
    )
}

/// What the kiosk shows when a shift ends.
fn ended_answer(first_name: &str, clock: &str, minutes: i64, balance: i64) -> TapAnswer {
    let credited = if minutes > 0 {
        format!("+ {} créditées", hours(minutes))
    } else {
        "Trop court : rien de crédité".to_owned()
    };
    answer(
        AckResult::ShiftEnded,
        format!("Merci {first_name}"),
        vec![
            format!("Permanence finie à {clock}"),
            credited,
            format!("Solde : {}", hours(balance)),
        ],
    )
}

/// The instant a local date and `HH:MM` time stand for, for forms.
pub fn local_instant(tz: chrono_tz::Tz, date: &str, time: &str) -> Option<DateTime<Utc>> {
    let d = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let t = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    Some(resolve_local(tz, d.and_time(t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    #[test]
    fn a_weekly_series_keeps_its_local_hour_across_both_dst_changes() {
        let first = NaiveDate::from_ymd_opt(2026, 10, 18).expect("date");
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).expect("time");
        let o = occurrences(Paris, first, t(19), t(21), 3).expect("series");
        assert_eq!(o[0].0, utc("2026-10-18T17:00:00Z"));
        assert_eq!(o[1].0, utc("2026-10-25T18:00:00Z"));
        assert_eq!(o[2].1, utc("2026-11-01T20:00:00Z"));
        let spring = NaiveDate::from_ymd_opt(2027, 3, 21).expect("date");
        let o = occurrences(Paris, spring, t(19), t(21), 2).expect("series");
        assert_eq!(o[0].0, utc("2027-03-21T18:00:00Z"));
        assert_eq!(o[1].0, utc("2027-03-28T17:00:00Z"));
    }

    #[test]
    fn night_shifts_across_dst_are_as_long_as_the_night_really_was() {
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).expect("time");
        // 25 October 2026: 03:00 CEST becomes 02:00 CET.
        let oct = NaiveDate::from_ymd_opt(2026, 10, 25).expect("date");
        let (s, e) = occurrences(Paris, oct, t(1), t(4), 1).expect("series")[0];
        assert_eq!((e - s).num_minutes(), 240);
        // 28 March 2027: 02:00 CET becomes 03:00 CEST.
        let mar = NaiveDate::from_ymd_opt(2027, 3, 28).expect("date");
        let (s, e) = occurrences(Paris, mar, t(1), t(4), 1).expect("series")[0];
        assert_eq!((e - s).num_minutes(), 120);
        // 22:00 → 06:00 the next day.
        let (s, e) = occurrences(Paris, oct - Duration::days(1), t(22), t(6), 1).expect("night")[0];
        assert_eq!((e - s).num_minutes(), 9 * 60);
    }

    #[test]
    fn valuation_rounds_and_caps() {
        let s = utc("2026-11-26T13:00:00Z");
        assert_eq!(valuation(s, s + Duration::minutes(182), 240, 5), 180);
        assert_eq!(valuation(s, s + Duration::minutes(300), 195, 5), 195);
        assert_eq!(valuation(s, s - Duration::minutes(3), 195, 5), 0);
        assert_eq!(valuation(s, s + Duration::seconds(89), 195, 1), 1);
    }

    #[test]
    fn a_missing_local_hour_reads_as_the_wall_clock_after_the_change() {
        let gap = NaiveDate::from_ymd_opt(2027, 3, 28)
            .expect("date")
            .and_hms_opt(2, 30, 0)
            .expect("time");
        assert_eq!(resolve_local(Paris, gap), utc("2027-03-28T01:30:00Z"));
        let twice = NaiveDate::from_ymd_opt(2026, 10, 25)
            .expect("date")
            .and_hms_opt(2, 30, 0)
            .expect("time");
        assert_eq!(resolve_local(Paris, twice), utc("2026-10-25T00:30:00Z"));
    }

    async fn demo() -> (tempfile::TempDir, SqlitePool) {
        let dir = tempfile::tempdir().expect("dir");
        let pool = db::open_and_migrate(&dir.path().join("t.db"))
            .await
            .expect("db");
        crate::demo::seed_if_empty(&pool).await.expect("seed");
        (dir, pool)
    }

    async fn tap_at(pool: &SqlitePool, id: &str, person: i64, at: DateTime<Utc>) -> TapAnswer {
        let mut tx = db::begin_write(pool).await.expect("tx");
        let a = tap(
            &mut tx,
            Paris,
            &Tap {
                event_id: id,
                kiosk_id: "demo-sel",
                person_id: person,
                first_name: "Marie",
                read_at: at,
                flagged: Some("delayed"),
            },
        )
        .await
        .expect("tap");
        tx.commit().await.expect("commit");
        a
    }

    async fn posted(pool: &SqlitePool, person: i64) -> i64 {
        ledger::account_of_person(pool, person)
            .await
            .expect("account")
            .expect("open")
            .posted
    }

    #[tokio::test]
    async fn a_tap_out_delivered_after_the_automatic_close_brings_the_shift_back_to_its_real_end() {
        let (_dir, pool) = demo().await;
        // An unplanned café shift at 03:00 local (no café plan at night): closed automatically
        // after 240 minutes, then the kiosk's tap-out at 04:30 arrives from its outbox.
        let start = utc("2026-11-20T02:00:00Z");
        let a = tap_at(&pool, "e-in", 1, start).await;
        assert_eq!(a.result, AckResult::ShiftStarted);
        let closed = close_overdue(&pool, start + Duration::hours(5))
            .await
            .expect("close");
        assert_eq!(closed, 1);
        assert_eq!(posted(&pool, 1).await, 60 + 240);
        let a = tap_at(&pool, "e-out", 1, start + Duration::minutes(90)).await;
        assert_eq!(a.result, AckResult::ShiftEnded);
        assert_eq!(a.display.lines[1], "+ 1 h 30 créditées");
        assert_eq!(posted(&pool, 1).await, 60 + 90);
        // The same tap again (a replay reaches ingestion's stored answer first; here the rule
        // itself): nothing more moves.
        let again = tap_at(&pool, "e-out-2", 1, start + Duration::minutes(91)).await;
        assert_eq!(posted(&pool, 1).await, 60 + 90, "{again:?}");
        let s = &sessions_of_person(&pool, 1, 10).await.expect("sessions")[0];
        assert_eq!(s.end_kind.as_deref(), Some("tap"));
        assert_eq!(s.review, "clock_skew unplanned forgotten");
        let mut conn = pool.acquire().await.expect("conn");
        assert!(ledger::reconcile(&mut conn).await.expect("reconcile").ok);
        drop(conn);
        let findings = crate::check::run(&pool).await.expect("check");
        assert!(findings.iter().all(|f| f.ok), "{findings:?}");
    }
    #[tokio::test]
    async fn a_late_tap_out_does_not_take_back_what_the_desk_already_took_back() {
        let (_dir, pool) = demo().await;
        let start = utc("2026-11-20T02:00:00Z");
        tap_at(&pool, "e-in", 1, start).await;
        close_overdue(&pool, start + Duration::hours(5))
            .await
            .expect("close");
        assert_eq!(posted(&pool, 1).await, 60 + 240);
        // The reviewer already brought it back to 90 minutes.
        let s = &sessions_of_person(&pool, 1, 1).await.expect("sessions")[0];
        ledger::correct(
            &pool,
            &Actor::cli(),
            false,
            &ledger::CorrectionInput {
                id: "revue-1".into(),
                transfer_no: s.resolution_no.expect("posted"),
                minutes: -150,
                reason: "Partie à 4 h 30 d'après le cahier".into(),
                override_reason: None,
            },
        )
        .await
        .expect("correction");
        assert_eq!(posted(&pool, 1).await, 60 + 90);
        // Then the kiosk's tap-out at 03:30 arrives: 90 minutes, nothing more to take back.
        let a = tap_at(&pool, "e-out", 1, start + Duration::minutes(90)).await;
        assert_eq!(a.result, AckResult::ShiftEnded);
        assert_eq!(posted(&pool, 1).await, 60 + 90);
        let findings = crate::check::run(&pool).await.expect("check");
        assert!(findings.iter().all(|f| f.ok), "{findings:?}");
    }

    #[tokio::test]
    async fn taps_around_an_automatic_close_never_start_a_shift_by_mistake() {
        let (_dir, pool) = demo().await;
        let start = utc("2026-11-20T02:00:00Z");
        tap_at(&pool, "e-in", 1, start).await;
        close_overdue(&pool, start + Duration::hours(5))
            .await
            .expect("close");
        // A double tap of the tap-in, delivered late: a repeat, not the tap-out.
        let a = tap_at(&pool, "e-rep", 1, start + Duration::seconds(40)).await;
        assert_eq!(a.result, AckResult::Recorded);
        assert_eq!(posted(&pool, 1).await, 60 + 240);
        // A tap ten minutes after the automatic close (at start + 4 h): the tap-out, too late. No
        // new shift; the desk is told.
        let a = tap_at(&pool, "e-late", 1, start + Duration::minutes(250)).await;
        assert_eq!(a.result, AckResult::Recorded);
        assert_eq!(a.display.lines[1], "Voyez l'accueil");
        assert!(open_sessions(&pool).await.expect("open").is_empty());
        let s = &sessions_of_person(&pool, 1, 1).await.expect("sessions")[0];
        assert!(s.review_reasons().contains(&"late_tap"), "{}", s.review);
        assert_eq!(posted(&pool, 1).await, 60 + 240);
    }

    #[tokio::test]
    async fn a_tap_read_before_the_shift_being_served_goes_to_the_desk() {
        let (_dir, pool) = demo().await;
        let start = utc("2026-11-20T14:00:00Z");
        tap_at(&pool, "e-in", 1, start).await;
        // An offline kiosk delivers a tap read an hour before this shift began.
        let a = tap_at(&pool, "e-old", 1, start - Duration::hours(1)).await;
        assert_eq!(a.result, AckResult::Recorded);
        let open = &open_sessions(&pool).await.expect("open")[0];
        assert!(
            open.review_reasons().contains(&"early_tap"),
            "{}",
            open.review
        );
        assert_eq!(review_queue(&pool).await.expect("queue").len(), 2);
    }
}
