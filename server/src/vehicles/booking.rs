//! Bookings of a vehicle: a start and an end, the vehicle's buffer held after the end (cleaning,
//! charging), its minimum and maximum length and its notice; a driver whose licence covers the
//! whole booking; weekly repeats, all or nothing. The database refuses any overlap (migration
//! 0005's triggers) inside the writing transaction, whatever the door; this module looks first
//! to say why, with the booking in the way.

use super::{Vehicle, drivers, vehicle};
use crate::audit::{self, Actor};
use crate::auth::{CurrentUser, Role};
use crate::db;
use crate::refusal::{FieldError, Refusal};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

/// Who makes a booking.
#[derive(Debug, Clone)]
pub struct Maker {
    pub user_id: Option<i64>,
    /// The account's user name, for the audit log.
    pub username: String,
    /// The name the booking shows as its maker.
    pub display_name: String,
    /// The desk books for anyone, any vehicle, without notice.
    pub staff: bool,
    /// The person behind the account (a resident books for themself).
    pub person_id: Option<i64>,
}

impl Maker {
    pub fn of(user: &CurrentUser) -> Maker {
        Maker {
            user_id: Some(user.id),
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            staff: matches!(user.role, Role::Admin | Role::Reception),
            person_id: user.person_id,
        }
    }

    /// The desk acting as `actor` (the command line, the demo seed, tests).
    pub fn desk(actor: &Actor) -> Maker {
        Maker {
            user_id: actor.id,
            username: actor.name.clone(),
            display_name: actor.name.clone(),
            staff: true,
            person_id: None,
        }
    }

    pub fn actor(&self) -> Actor {
        Actor {
            id: self.user_id,
            name: self.username.clone(),
        }
    }
}

/// A booking as asked for.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[schema(as = NewVehicleBooking)]
pub struct NewBooking {
    pub vehicle_id: i64,
    /// Who drives (or rides). A resident may only book for themself; the desk for anyone.
    #[serde(default)]
    pub person_id: Option<i64>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    #[serde(default)]
    pub purpose: String,
    /// The same booking this many weeks in a row (1 to 12; all or nothing).
    #[serde(default = "one")]
    pub weeks: i64,
    /// An idempotency key: the same key books once (a double click, a retried request).
    #[serde(default)]
    pub request_key: Option<String>,
}

fn one() -> i64 {
    1
}

/// A booking as stored, with the names it points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[schema(as = VehicleBooking)]
pub struct Booking {
    pub id: i64,
    pub uid: String,
    pub vehicle_id: i64,
    pub vehicle_name: String,
    pub vehicle_kind: String,
    pub key_number: i64,
    pub person_id: i64,
    pub person_name: String,
    /// confirmed, out (the key was taken), returned, cancelled.
    pub state: String,
    pub start_at: String,
    pub end_at: String,
    /// The vehicle is held until this instant (the buffer included), Unix seconds.
    pub block_end: i64,
    pub purpose: String,
    pub series_uid: Option<String>,
    /// Who made it, and whether it was the desk for the person.
    pub made_by_name: String,
    pub assisted: bool,
    pub created_at: String,
    pub cancelled_at: Option<String>,
    pub cancelled_by: Option<String>,
    pub cancel_reason: Option<String>,
    pub picked_up_at: Option<String>,
    pub returned_at: Option<String>,
    pub km_start: Option<i64>,
    pub km_end: Option<i64>,
    pub energy_level: Option<i64>,
    pub clean: Option<bool>,
    pub remarks: Option<String>,
    pub return_form_at: Option<String>,
    pub return_form_by: Option<String>,
    pub flag: Option<String>,
}

impl Booking {
    pub fn start(&self) -> DateTime<Utc> {
        crate::time::stored_instant(&self.start_at)
    }
    pub fn end(&self) -> DateTime<Utc> {
        crate::time::stored_instant(&self.end_at)
    }
    /// Still ahead or under way (neither cancelled nor returned).
    pub fn is_live(&self) -> bool {
        matches!(self.state.as_str(), "confirmed" | "out")
    }
    /// The key is out and the end has passed.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.state == "out" && self.end() < now
    }
}

pub async fn booking(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Booking, Refusal> {
    sqlx::query_as(concat!(booking_select!(), " WHERE b.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(Refusal::NotFound)
}

/// A person's bookings from `since` on, soonest first.
pub async fn of_person(
    conn: impl sqlx::SqliteExecutor<'_>,
    person_id: i64,
    since: DateTime<Utc>,
) -> Result<Vec<Booking>, sqlx::Error> {
    sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.person_id = ? AND (b.end_at >= ? OR b.state = 'out')
         ORDER BY b.start_at LIMIT 200"
    ))
    .bind(person_id)
    .bind(db::instant_text(since))
    .fetch_all(conn)
    .await
}

/// A vehicle's bookings holding it between two instants.
pub async fn holding(
    conn: impl sqlx::SqliteExecutor<'_>,
    vehicle_id: i64,
    from: i64,
    to: i64,
) -> Result<Vec<Booking>, sqlx::Error> {
    sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.vehicle_id = ? AND b.state <> 'cancelled'
           AND b.block_start > ? - 16 * 86400 AND b.block_start < ? AND b.block_end > ?
         ORDER BY b.start_at"
    ))
    .bind(vehicle_id)
    .bind(from)
    .bind(to)
    .bind(from)
    .fetch_all(conn)
    .await
}

/// Whether a person may book this vehicle themself.
fn may_book(maker: &Maker, v: &Vehicle, person_id: i64) -> Result<(), Refusal> {
    if maker.staff {
        return Ok(());
    }
    if maker.person_id != Some(person_id) {
        return Err(Refusal::conflict("error-veh-not-yours"));
    }
    if v.bookable_by == "staff" {
        return Err(Refusal::Conflict {
            key: "error-veh-staff-only",
            arg: v.name.clone(),
        });
    }
    Ok(())
}

/// The instants of each week's occurrence.
fn occurrences(
    tz: chrono_tz::Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    weeks: i64,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    // The wall clock is kept across daylight-saving changes: 10:00 stays 10:00.
    let (ls, le) = (
        start.with_timezone(&tz).naive_local(),
        end.with_timezone(&tz).naive_local(),
    );
    (0..weeks)
        .map(|w| {
            let shift = Duration::weeks(w);
            (
                crate::time::resolve_local(tz, ls + shift),
                crate::time::resolve_local(tz, le + shift),
            )
        })
        .collect()
}

/// Why `input` cannot be booked as asked (fields, rights, licence, length, notice); `Ok` with the
/// vehicle and the person when it can be tried.
async fn vet(
    conn: &mut sqlx::SqliteConnection,
    maker: &Maker,
    input: &NewBooking,
    now: DateTime<Utc>,
) -> Result<(Vehicle, i64), Refusal> {
    let mut errors = vec![];
    if input.end <= input.start {
        errors.push(FieldError {
            field: "end",
            key: "error-veh-end-before-start",
        });
    }
    if !(1..=WEEKS_MAX).contains(&input.weeks) {
        errors.push(FieldError {
            field: "weeks",
            key: "error-veh-weeks",
        });
    }
    if input.purpose.chars().count() > PURPOSE_MAX {
        errors.push(FieldError {
            field: "purpose",
            key: crate::refusal::too_long(PURPOSE_MAX),
        });
    }
    if input
        .request_key
        .as_deref()
        .is_some_and(|k| k.is_empty() || k.chars().count() > REQUEST_KEY_MAX)
    {
        errors.push(FieldError {
            field: "request_key",
            key: "error-veh-request-key",
        });
    }
    let Some(person_id) = input.person_id.or(maker.person_id) else {
        errors.push(FieldError {
            field: "person_id",
            key: "error-veh-person-needed",
        });
        return Err(Refusal::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let v = match vehicle(&mut *conn, input.vehicle_id).await {
        Ok(v) if v.retired_at.is_none() => v,
        Ok(_) | Err(Refusal::NotFound) => {
            return Err(Refusal::field("vehicle_id", "error-veh-unknown-vehicle"));
        }
        Err(e) => return Err(e),
    };
    let person: Option<i64> =
        sqlx::query_scalar("SELECT id FROM persons WHERE id = ? AND erased_at IS NULL")
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await?;
    if person.is_none() {
        return Err(Refusal::field("person_id", "error-veh-unknown-person"));
    }
    may_book(maker, &v, person_id)?;
    let minutes = (input.end - input.start).num_minutes();
    if minutes < v.min_minutes {
        return Err(Refusal::Conflict {
            key: "error-veh-too-short",
            arg: crate::time::hours(v.min_minutes),
        });
    }
    if minutes > v.max_minutes {
        return Err(Refusal::Conflict {
            key: "error-veh-too-long-booking",
            arg: crate::time::hours(v.max_minutes),
        });
    }
    if input.end <= now {
        return Err(Refusal::conflict("error-veh-in-past"));
    }
    if !maker.staff && input.start < now - Duration::minutes(5) {
        return Err(Refusal::conflict("error-veh-in-past"));
    }
    if !maker.staff && input.start < now + Duration::minutes(v.notice_minutes) {
        return Err(Refusal::Conflict {
            key: "error-veh-notice",
            arg: crate::time::hours(v.notice_minutes),
        });
    }
    Ok((v, person_id))
}

/// The refusal for a booking the database turned down.
fn from_trigger(e: sqlx::Error) -> Refusal {
    let text = e.to_string();
    if text.contains("vehicle_conflict") {
        Refusal::conflict("error-veh-conflict-now")
    } else if text.contains("vehicle_in_workshop") {
        Refusal::conflict("error-veh-in-workshop")
    } else {
        Refusal::Db(e)
    }
}

/// Books, all occurrences or none. The same `request_key` gives back the first booking.
pub async fn book(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    maker: &Maker,
    input: &NewBooking,
) -> Result<Vec<Booking>, Refusal> {
    book_at(pool, tz, maker, input, Utc::now()).await
}

/// [`book`] with the clock given (tests, the demo).
pub async fn book_at(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    maker: &Maker,
    input: &NewBooking,
    now: DateTime<Utc>,
) -> Result<Vec<Booking>, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let made = book_in(&mut tx, tz, maker, input, now).await?;
    super::notices::booked(&mut tx, tz, &made).await?;
    tx.commit().await?;
    Ok(made)
}

/// [`book`] inside the caller's writing transaction.
pub async fn book_in(
    tx: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    maker: &Maker,
    input: &NewBooking,
    now: DateTime<Utc>,
) -> Result<Vec<Booking>, Refusal> {
    if let Some(key) = &input.request_key {
        let first: Option<i64> =
            sqlx::query_scalar("SELECT id FROM vehicle_bookings WHERE request_key = ?")
                .bind(key)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(id) = first {
            let b = booking(&mut *tx, id).await?;
            let mut all = vec![b.clone()];
            if let Some(series) = &b.series_uid {
                all = sqlx::query_as(concat!(
                    booking_select!(),
                    " WHERE b.series_uid = ? ORDER BY b.start_at"
                ))
                .bind(series)
                .fetch_all(&mut *tx)
                .await?;
            }
            return Ok(all);
        }
    }
    let (v, person_id) = vet(&mut *tx, maker, input, now).await?;
    let settings = super::settings(&mut *tx).await?;
    let slots = occurrences(tz, input.start, input.end, input.weeks);
    let last_day = slots
        .last()
        .map_or(input.end, |s| s.1)
        .with_timezone(&tz)
        .date_naive();
    if let Some(why) = drivers::may_not_drive(&mut *tx, &settings, &v, person_id, last_day).await? {
        return Err(Refusal::Conflict {
            key: why,
            arg: v.name.clone(),
        });
    }
    let series_uid = (slots.len() > 1).then(|| uuid::Uuid::now_v7().to_string());
    let assisted = maker.person_id != Some(person_id);
    let now_text = db::instant_text(now);
    let mut made = vec![];
    for (n, (start, end)) in slots.iter().enumerate() {
        let block_end = end.timestamp() + v.buffer_minutes * 60;
        // Look first, to say what is in the way (the trigger decides anyway).
        let before = start.timestamp() - v.buffer_minutes * 60;
        if let Some(other) = holding(&mut *tx, v.id, before.min(start.timestamp()), block_end)
            .await?
            .into_iter()
            .find(|o| o.block_end > start.timestamp())
        {
            return Err(Refusal::Conflict {
                key: "error-veh-conflict",
                arg: format!(
                    "{} {} – {}",
                    super::long_day_fr(other.start().with_timezone(&tz).date_naive()),
                    crate::time::french_time(other.start(), tz),
                    crate::time::french_time(other.end(), tz)
                ),
            });
        }
        let uid = if n == 0 {
            series_uid
                .clone()
                .unwrap_or_else(|| uuid::Uuid::now_v7().to_string())
        } else {
            uuid::Uuid::now_v7().to_string()
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO vehicle_bookings (uid, request_key, vehicle_id, person_id, state, start_at,
                 end_at, block_start, block_end, purpose, series_uid, made_by_user, made_by_name,
                 assisted, created_at, updated_at)
             VALUES (?, ?, ?, ?, 'confirmed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&uid)
        .bind(if n == 0 { input.request_key.clone() } else { None })
        .bind(v.id)
        .bind(person_id)
        .bind(db::instant_text(*start))
        .bind(db::instant_text(*end))
        .bind(start.timestamp())
        .bind(block_end)
        .bind(input.purpose.trim())
        .bind(&series_uid)
        .bind(maker.user_id)
        .bind(&maker.display_name)
        .bind(assisted)
        .bind(&now_text)
        .bind(&now_text)
        .fetch_one(&mut *tx)
        .await
        .map_err(from_trigger)?;
        audit::record(
            &mut *tx,
            &maker.actor(),
            "vehicle_booking.create",
            "vehicle_booking",
            id,
            None,
            Some(&json!({"vehicle_id": v.id, "person_id": person_id,
                          "start": db::instant_text(*start), "end": db::instant_text(*end),
                          "assisted": assisted})),
        )
        .await?;
        made.push(booking(&mut *tx, id).await?);
    }
    Ok(made)
}

/// Whether `maker` may see and manage this booking: the desk, or its person.
pub fn may_manage(maker: &Maker, b: &Booking) -> bool {
    maker.staff || maker.person_id == Some(b.person_id)
}

/// A booking's limits: the weeks in a row, its purpose and request key (characters).
pub const WEEKS_MAX: i64 = 12;
pub const PURPOSE_MAX: usize = 200;
pub const REQUEST_KEY_MAX: usize = 100;
/// The longest reason to cancel (characters).
pub const CANCEL_REASON_MAX: usize = 500;

/// Cancels a booking not yet taken out.
pub async fn cancel(
    pool: &SqlitePool,
    maker: &Maker,
    id: i64,
    reason: &str,
) -> Result<Booking, Refusal> {
    if reason.chars().count() > CANCEL_REASON_MAX {
        return Err(Refusal::field(
            "reason",
            crate::refusal::too_long(CANCEL_REASON_MAX),
        ));
    }
    let mut tx = db::begin_write(pool).await?;
    let b = booking(&mut *tx, id).await?;
    if !may_manage(maker, &b) {
        return Err(Refusal::NotFound);
    }
    match b.state.as_str() {
        "confirmed" => {}
        "cancelled" => return Ok(b),
        "out" => return Err(Refusal::conflict("error-veh-cancel-out")),
        _ => return Err(Refusal::conflict("error-veh-cancel-over")),
    }
    let now = db::now_text();
    sqlx::query(
        "UPDATE vehicle_bookings SET state = 'cancelled', cancelled_at = ?, cancelled_by = ?,
             cancel_reason = ?, updated_at = ? WHERE id = ?",
    )
    .bind(&now)
    .bind(&maker.display_name)
    .bind((!reason.trim().is_empty()).then(|| reason.trim().to_owned()))
    .bind(&now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_booking.cancel",
        "vehicle_booking",
        id,
        Some(&json!({"state": b.state})),
        Some(&json!({"state": "cancelled", "reason": reason.trim()})),
    )
    .await?;
    let b = booking(&mut *tx, id).await?;
    super::notices::cancelled(&mut tx, &b).await?;
    tx.commit().await?;
    Ok(b)
}

/// The vehicles of `kinds` free for the whole slot that this person may book and drive, with the
/// first one best suited (an automatic gearbox first, for a car). A vehicle waiting for a damage
/// review is not offered (it may still be booked by choosing it: the review is usually done the
/// same day, and no key leaves before it).
pub async fn free_vehicles(
    pool: &SqlitePool,
    maker: &Maker,
    person_id: i64,
    kinds: &[&str],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<Vehicle>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let settings = super::settings(&mut *conn).await?;
    let mut free = vec![];
    for v in super::fleet(&mut *conn).await? {
        if !kinds.contains(&v.kind.as_str()) || may_book(maker, &v, person_id).is_err() {
            continue;
        }
        let block_end = end.timestamp() + v.buffer_minutes * 60;
        if !holding(&mut *conn, v.id, start.timestamp(), block_end)
            .await?
            .is_empty()
        {
            continue;
        }
        let workshop: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM vehicle_workshop_jobs WHERE vehicle_id = ? AND closed_at IS NULL
               AND block_start < ? AND block_end > ?",
        )
        .bind(v.id)
        .bind(block_end)
        .bind(start.timestamp())
        .fetch_one(&mut *conn)
        .await?;
        if workshop > 0 || super::damage_waiting(&mut conn, v.id).await? {
            continue;
        }
        let day = end.date_naive();
        if drivers::may_not_drive(&mut conn, &settings, &v, person_id, day)
            .await?
            .is_some()
        {
            continue;
        }
        free.push(v);
    }
    free.sort_by_key(|v| (!v.automatic, v.name.to_lowercase()));
    Ok(free)
}

/// The booking repeated back in one sentence, as a senior reads it and an SMS carries it.
pub fn sentence_fr(b: &Booking, tz: chrono_tz::Tz) -> String {
    let (s, e) = (b.start(), b.end());
    let day = super::long_day_fr(s.with_timezone(&tz).date_naive());
    let end_day = e.with_timezone(&tz).date_naive();
    let until = if end_day == s.with_timezone(&tz).date_naive() {
        crate::time::french_time(e, tz)
    } else {
        format!(
            "{} {}",
            super::long_day_fr(end_day),
            crate::time::french_time(e, tz)
        )
    };
    format!(
        "{} réservé(e) pour {} le {} de {} à {}. Clé n° {} à l'armoire à clés.",
        b.vehicle_name,
        b.person_name,
        day,
        crate::time::french_time(s, tz),
        until,
        b.key_number
    )
}

/// The same, in English.
pub fn sentence_en(b: &Booking, tz: chrono_tz::Tz) -> String {
    let (s, e) = (b.start(), b.end());
    format!(
        "{} booked for {} on {} from {} to {} {}. Key no. {} in the key cabinet.",
        b.vehicle_name,
        b.person_name,
        super::long_day_en(s.with_timezone(&tz).date_naive()),
        s.with_timezone(&tz).format("%H:%M"),
        super::long_day_en(e.with_timezone(&tz).date_naive()),
        e.with_timezone(&tz).format("%H:%M"),
        b.key_number
    )
}
