//! Bookings: made inside a window whose use admits the requester, refused with the reason and the
//! slot they collide with, held by the database against any overlap (migration 0004's triggers,
//! inside the writing transaction — this module only looks first, to explain the refusal).
//!
//! States: `requested` (the use needs approval; holds nothing yet, so several requests may
//! compete) → `confirmed` or `declined`; `cancelled`; `released` (nobody badged in within the
//! use's grace period). Recurring series expand through the `rrule` crate in the site's zone, so a
//! weekly 19:00 stays 19:00 on the wall clock across daylight-saving changes.

use super::timetable::{self, Slot};
use super::{Mode, Space, Use, space, use_};
use crate::audit::{self, Actor};
use crate::auth::{CurrentUser, Role};
use crate::db;
use crate::people::{FieldError, Refusal};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

/// Who asks: what the rules of a use look at.
#[derive(Debug, Clone)]
pub struct Requester {
    /// The account; `None` for the command line and the demo seed.
    pub user_id: Option<i64>,
    pub name: String,
    /// Reception and administrators book on anyone's behalf, without approval or notice.
    pub staff: bool,
    pub resident: bool,
    pub person_id: Option<i64>,
    /// The associations this account represents.
    pub represents: Vec<i64>,
}

impl Requester {
    /// The requester behind a logged-in account.
    pub async fn of(pool: &SqlitePool, user: &CurrentUser) -> Result<Requester, sqlx::Error> {
        let represents = match user.person_id {
            Some(p) => {
                sqlx::query_scalar(
                    "SELECT association_id FROM association_members
                 WHERE person_id = ? AND representative = 1",
                )
                .bind(p)
                .fetch_all(pool)
                .await?
            }
            None => vec![],
        };
        Ok(Requester {
            user_id: Some(user.id),
            name: user.username.clone(),
            staff: matches!(user.role, Role::Admin | Role::Reception),
            resident: user.role == Role::Resident,
            person_id: user.person_id,
            represents,
        })
    }

    /// The desk acting as `actor` (the command line, the demo seed, tests).
    pub fn desk(actor: &Actor) -> Requester {
        Requester {
            user_id: actor.id,
            name: actor.name.clone(),
            staff: true,
            resident: false,
            person_id: None,
            represents: vec![],
        }
    }

    pub fn actor(&self) -> Actor {
        Actor {
            id: self.user_id,
            name: self.name.clone(),
        }
    }
}

/// A booking as asked for.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewBooking {
    pub space_id: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub title: String,
    #[serde(default)]
    pub note: String,
    /// Booking for an association (its representative, or the desk on its behalf).
    #[serde(default)]
    pub association_id: Option<i64>,
    /// Booking for a person (the desk on their behalf; a resident for themself).
    #[serde(default)]
    pub person_id: Option<i64>,
    /// Seats, in a drop-in use.
    #[serde(default = "one")]
    pub seats: i64,
    #[serde(default)]
    pub attendees_expected: Option<i64>,
    /// On the public agenda; `None`: as the use says.
    #[serde(default)]
    pub public: Option<bool>,
    /// An idempotency key: the same key books once (a double click, a retried request).
    #[serde(default)]
    pub request_key: Option<String>,
}

fn one() -> i64 {
    1
}

/// A booking as stored, with the names it points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Booking {
    pub id: i64,
    pub uid: String,
    pub space_id: i64,
    pub space_name: String,
    pub use_id: i64,
    pub use_code: String,
    pub use_name: String,
    pub colour: String,
    pub mode: String,
    /// requested, confirmed, declined, cancelled or released.
    pub state: String,
    pub start_at: String,
    pub end_at: String,
    /// The room is held from this instant (changeover included), Unix seconds.
    pub block_start: i64,
    pub block_end: i64,
    pub shared: bool,
    pub seats: i64,
    pub capacity: i64,
    pub title: String,
    pub public: bool,
    pub attendees_expected: Option<i64>,
    pub association_id: Option<i64>,
    pub association_name: Option<String>,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub series_id: Option<i64>,
    pub occurrence_day: Option<String>,
    pub sequence: i64,
    pub note: String,
    pub decision_message: Option<String>,
    pub decided_at: Option<String>,
    pub price_kind: String,
    pub price_amount: i64,
    pub checked_in_at: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

impl Booking {
    pub fn start(&self) -> DateTime<Utc> {
        crate::sel::shifts::parse_instant(&self.start_at)
    }
    pub fn end(&self) -> DateTime<Utc> {
        crate::sel::shifts::parse_instant(&self.end_at)
    }
    pub fn minutes(&self) -> i64 {
        (self.end() - self.start()).num_minutes()
    }
    /// Whether it still holds or may hold the room.
    pub fn is_live(&self) -> bool {
        matches!(self.state.as_str(), "requested" | "confirmed")
    }
}

/// Every booking state.
pub const STATES: [&str; 5] = [
    "requested",
    "confirmed",
    "declined",
    "cancelled",
    "released",
];

macro_rules! booking_select {
    () => {
        "SELECT b.id, b.uid, b.space_id, s.name AS space_name, b.use_id,
        u.code AS use_code, u.name AS use_name, u.colour, u.mode, b.state, b.start_at, b.end_at,
        b.block_start, b.block_end, b.shared, b.seats, b.capacity, b.title, b.public,
        b.attendees_expected, b.association_id, a.name AS association_name, b.person_id,
        CASE WHEN p.id IS NULL THEN NULL ELSE trim(p.first_name || ' ' || p.last_name) END
            AS person_name,
        b.series_id, b.occurrence_day, b.sequence, b.note, b.decision_message, b.decided_at,
        b.price_kind, b.price_amount, b.checked_in_at, b.created_by, b.created_at, b.updated_at
     FROM space_bookings b
     JOIN spaces s ON s.id = b.space_id
     JOIN space_uses u ON u.id = b.use_id
     LEFT JOIN associations a ON a.id = b.association_id
     LEFT JOIN persons p ON p.id = b.person_id"
    };
}

pub async fn booking(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Booking, Refusal> {
    sqlx::query_as(concat!(booking_select!(), " WHERE b.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(Refusal::NotFound)
}

/// Bookings of some spaces (all when empty) starting before `to` and ending after `from`, in
/// some states (all when empty), by start.
pub async fn bookings_between(
    conn: impl sqlx::SqliteExecutor<'_>,
    space_ids: &[i64],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    states: &[&str],
) -> Result<Vec<Booking>, sqlx::Error> {
    sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.start_at < ?1 AND b.end_at > ?2
           AND (?3 = '[]' OR b.space_id IN (SELECT value FROM json_each(?3)))
           AND (?4 = '[]' OR b.state IN (SELECT value FROM json_each(?4)))
         ORDER BY b.start_at, s.name"
    ))
    .bind(db::instant_text(to))
    .bind(db::instant_text(from))
    .bind(json!(space_ids).to_string())
    .bind(json!(states).to_string())
    .fetch_all(conn)
    .await
}

/// Public bookings (in any state) starting before `to` and ending after `from`, by start.
pub async fn public_between(
    conn: impl sqlx::SqliteExecutor<'_>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Booking>, sqlx::Error> {
    sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.public = 1 AND b.start_at < ?1 AND b.end_at > ?2
              AND b.start_at > ?3
         ORDER BY b.start_at, s.name"
    ))
    .bind(db::instant_text(to))
    .bind(db::instant_text(from))
    // Bookings last at most 8 days: the index on (start_at) WHERE public reads a bounded range.
    .bind(db::instant_text(from - Duration::days(8)))
    .fetch_all(conn)
    .await
}

/// Requests waiting for approval, oldest slot first.
pub async fn requests(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Vec<Booking>, sqlx::Error> {
    sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.state = 'requested' ORDER BY b.start_at, b.created_at"
    ))
    .fetch_all(conn)
    .await
}

/// How many requests wait for approval.
pub async fn request_count(conn: impl sqlx::SqliteExecutor<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM space_bookings WHERE state = 'requested'")
        .fetch_one(conn)
        .await
}

/// An association's bookings ending after `from`, by start.
pub async fn of_association(
    conn: impl sqlx::SqliteExecutor<'_>,
    association_id: i64,
    from: DateTime<Utc>,
) -> Result<Vec<Booking>, sqlx::Error> {
    sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.association_id = ? AND b.end_at > ? ORDER BY b.start_at"
    ))
    .bind(association_id)
    .bind(db::instant_text(from))
    .fetch_all(conn)
    .await
}

/// What an account booked or was booked for (its person), ending after `from`.
pub async fn of_user(
    conn: impl sqlx::SqliteExecutor<'_>,
    user_id: i64,
    person_id: Option<i64>,
    from: DateTime<Utc>,
) -> Result<Vec<Booking>, sqlx::Error> {
    sqlx::query_as(concat!(
        booking_select!(),
        " WHERE (b.created_by = ? OR (b.person_id IS NOT NULL AND b.person_id = ?))
           AND b.end_at > ? ORDER BY b.start_at"
    ))
    .bind(user_id)
    .bind(person_id)
    .bind(db::instant_text(from))
    .fetch_all(conn)
    .await
}

/// The occurrences of a series, by start.
pub async fn of_series(
    conn: impl sqlx::SqliteExecutor<'_>,
    series_id: i64,
) -> Result<Vec<Booking>, sqlx::Error> {
    sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.series_id = ? ORDER BY b.start_at"
    ))
    .bind(series_id)
    .fetch_all(conn)
    .await
}

/// What a booking collides with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Collision {
    pub booking_id: i64,
    pub space_name: String,
    /// `None` when the requester may not see it (another person's private booking).
    pub title: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// overlap, changeover (only the rearrangement time collides), divisible (the other part of
    /// the room), full (no seat left).
    pub kind: String,
}

impl Collision {
    fn key(&self) -> &'static str {
        match self.kind.as_str() {
            "changeover" => "error-space-conflict-changeover",
            "divisible" => "error-space-conflict-divisible",
            "full" => "error-space-full",
            _ => "error-space-conflict",
        }
    }

    /// The slot collided with, written the same way in both languages.
    pub fn describe(&self, tz: chrono_tz::Tz) -> String {
        let start = self.start.with_timezone(&tz);
        let end = self.end.with_timezone(&tz);
        let when = format!(
            "{} {}–{}",
            start.format("%d/%m/%Y"),
            start.format("%H:%M"),
            end.format("%H:%M")
        );
        match &self.title {
            Some(t) => format!("« {t} », {}, {when}", self.space_name),
            None => format!("{}, {when}", self.space_name),
        }
    }

    fn refusal(&self, tz: chrono_tz::Tz) -> Refusal {
        Refusal::Conflict {
            key: self.key(),
            arg: self.describe(tz),
        }
    }
}

/// A booking checked against the rules, ready to store.
#[derive(Debug, Clone)]
pub struct Plan {
    pub space: Space,
    pub use_: Use,
    pub slot: Slot,
    pub state: &'static str,
    pub block_start: i64,
    pub block_end: i64,
    pub shared: bool,
    pub seats: i64,
    pub capacity: i64,
    pub public: bool,
    pub price_amount: i64,
}

/// How far ahead a booking may be made.
pub const MAX_DAYS_AHEAD: i64 = 3 * 366;

fn minutes_text(m: i64) -> String {
    match (m / 60, m % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

/// Checks the request against the space's timetable and its use's rules (not the other bookings).
pub async fn plan(
    conn: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    nb: &NewBooking,
) -> Result<Plan, Refusal> {
    let mut errors = vec![];
    let title = nb.title.trim();
    if title.is_empty() {
        errors.push(FieldError {
            field: "title",
            key: "error-required",
        });
    } else if title.chars().count() > 120 {
        errors.push(FieldError {
            field: "title",
            key: "error-too-long",
        });
    }
    if nb.note.trim().chars().count() > 1000 {
        errors.push(FieldError {
            field: "note",
            key: "error-too-long",
        });
    }
    if !(1..=10_000).contains(&nb.seats) {
        errors.push(FieldError {
            field: "seats",
            key: "error-space-seats",
        });
    }
    if nb
        .attendees_expected
        .is_some_and(|a| !(1..=10_000).contains(&a))
    {
        errors.push(FieldError {
            field: "attendees_expected",
            key: "error-space-attendees",
        });
    }
    if nb.end <= nb.start {
        errors.push(FieldError {
            field: "end",
            key: "error-space-end-before-start",
        });
    }
    // Far enough for any real booking; keeps the timetable's resolution short and in range.
    if nb.start > now + Duration::days(MAX_DAYS_AHEAD) {
        errors.push(FieldError {
            field: "start",
            key: "error-space-too-far",
        });
    } else if nb.end - nb.start > Duration::days(7) {
        errors.push(FieldError {
            field: "end",
            key: "error-space-over-a-week",
        });
    }
    if nb
        .request_key
        .as_deref()
        .is_some_and(|k| k.is_empty() || k.len() > 100)
    {
        errors.push(FieldError {
            field: "request_key",
            key: "error-space-request-key",
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let space = space(&mut *conn, nb.space_id)
        .await
        .map_err(|_| Refusal::field("space_id", "error-space-unknown"))?;
    if let Some(a) = nb.association_id {
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM associations WHERE id = ?")
            .bind(a)
            .fetch_optional(&mut *conn)
            .await?;
        if known.is_none() {
            return Err(Refusal::field(
                "association_id",
                "error-space-association-unknown",
            ));
        }
        if !req.staff && !req.represents.contains(&a) {
            return Err(Refusal::field(
                "association_id",
                "error-space-not-representative",
            ));
        }
    }
    if let Some(p) = nb.person_id {
        let known: Option<i64> =
            sqlx::query_scalar("SELECT id FROM persons WHERE id = ? AND erased_at IS NULL")
                .bind(p)
                .fetch_optional(&mut *conn)
                .await?;
        if known.is_none() {
            return Err(Refusal::field("person_id", "error-person-unknown"));
        }
        if !req.staff && req.person_id != Some(p) {
            return Err(Refusal::field("person_id", "error-space-for-someone-else"));
        }
    }
    if nb.start < now {
        return Err(Refusal::conflict("error-space-in-past"));
    }
    // The window that holds the whole booking.
    let (first, last) = timetable::local_days(tz, nb.start, nb.end);
    let slots =
        timetable::slots(&mut *conn, tz, &[space.id], first - Duration::days(1), last).await?;
    let slot = slots
        .iter()
        .find(|s| s.start <= nb.start && s.end >= nb.end)
        .cloned();
    let Some(slot) = slot else {
        let near: Vec<&Slot> = slots
            .iter()
            .filter(|s| s.start < nb.end && s.end > nb.start)
            .collect();
        return Err(match near.first() {
            Some(s) => Refusal::Conflict {
                key: "error-space-outside-window",
                // The window's local hours as written: a whole day is 00:00–24:00.
                arg: format!(
                    "{}–{}",
                    super::hhmm(s.start_minute),
                    super::hhmm(s.end_minute)
                ),
            },
            None => Refusal::conflict("error-space-closed"),
        });
    };
    let use_ = use_(&mut *conn, slot.use_id).await?;
    let admitted = req.staff
        || use_.open_to_everyone
        || (use_.open_to_residents && req.resident)
        || (use_.open_to_associations
            && nb
                .association_id
                .is_some_and(|a| use_.associations.is_empty() || use_.associations.contains(&a)));
    if !admitted {
        return Err(Refusal::Conflict {
            key: if use_.open_to_associations && nb.association_id.is_none() {
                "error-space-use-associations-only"
            } else {
                "error-space-use-not-for-you"
            },
            arg: use_.name.clone(),
        });
    }
    let minutes = (nb.end - nb.start).num_minutes();
    if minutes < use_.min_minutes {
        return Err(Refusal::Conflict {
            key: "error-space-too-short",
            arg: minutes_text(use_.min_minutes),
        });
    }
    if minutes > use_.max_minutes {
        return Err(Refusal::Conflict {
            key: "error-space-too-long",
            arg: minutes_text(use_.max_minutes),
        });
    }
    if !req.staff && nb.start - now < Duration::minutes(use_.notice_minutes) {
        return Err(Refusal::Conflict {
            key: "error-space-notice",
            arg: minutes_text(use_.notice_minutes),
        });
    }
    let capacity = use_.capacity_in(&space);
    let shared = use_.mode == Mode::Dropin;
    if !shared && nb.seats != 1 {
        return Err(Refusal::field("seats", "error-space-seats-exclusive"));
    }
    if nb.seats > capacity || nb.attendees_expected.is_some_and(|a| a > capacity) {
        return Err(Refusal::Conflict {
            key: "error-space-over-capacity",
            arg: capacity.to_string(),
        });
    }
    let state = if use_.approval && !req.staff {
        "requested"
    } else {
        "confirmed"
    };
    Ok(Plan {
        block_start: nb.start.timestamp() - use_.changeover_before * 60,
        block_end: nb.end.timestamp() + use_.changeover_after * 60,
        shared,
        seats: nb.seats,
        capacity,
        // Only the desk, or a use reception reviews or announces anyway, puts a booking on the
        // public agenda: a resident's meeting cannot publish itself to the neighbourhood.
        public: nb.public.unwrap_or(use_.public_by_default)
            && (req.staff || use_.approval || use_.public_by_default),
        price_amount: use_.price_for(minutes) * nb.seats,
        state,
        slot,
        space,
        use_,
    })
}

/// The first confirmed booking this one would collide with (`except`: itself, when it moves).
pub async fn collision(
    conn: &mut sqlx::SqliteConnection,
    req: &Requester,
    plan: &Plan,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    except: Option<i64>,
) -> Result<Option<Collision>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        space_id: i64,
        space_name: String,
        title: String,
        public: bool,
        association_id: Option<i64>,
        created_by: Option<i64>,
        start_at: String,
        end_at: String,
        shared: bool,
        block_start: i64,
        block_end: i64,
        seats: i64,
    }
    let related = super::related_spaces(&mut *conn, plan.space.id).await?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT b.id, b.space_id, s.name AS space_name, b.title, b.public, b.association_id,
                b.created_by, b.start_at, b.end_at, b.shared, b.block_start, b.block_end, b.seats
         FROM space_bookings b JOIN spaces s ON s.id = b.space_id
         WHERE b.state = 'confirmed' AND b.space_id IN (SELECT value FROM json_each(?1))
           AND b.block_start > ?2 - 8 * 86400 AND b.block_start < ?3 AND b.block_end > ?2
           AND b.id IS NOT ?4
         ORDER BY b.block_start",
    )
    .bind(json!(related).to_string())
    .bind(plan.block_start)
    .bind(plan.block_end)
    .bind(except)
    .fetch_all(&mut *conn)
    .await?;
    let reveal = |r: &Row| {
        req.staff
            || r.public
            || (r.created_by.is_some() && r.created_by == req.user_id)
            || r.association_id
                .is_some_and(|a| req.represents.contains(&a))
    };
    let collision = |r: &Row, kind: &str| Collision {
        booking_id: r.id,
        space_name: r.space_name.clone(),
        title: reveal(r).then(|| r.title.clone()),
        start: crate::sel::shifts::parse_instant(&r.start_at),
        end: crate::sel::shifts::parse_instant(&r.end_at),
        kind: kind.to_owned(),
    };
    let (start_s, end_s) = (start.timestamp(), end.timestamp());
    for r in &rows {
        if r.shared && plan.shared && r.space_id == plan.space.id {
            continue;
        }
        let (rs, re) = (
            crate::sel::shifts::parse_instant(&r.start_at).timestamp(),
            crate::sel::shifts::parse_instant(&r.end_at).timestamp(),
        );
        let kind = if r.space_id != plan.space.id {
            "divisible"
        } else if rs < end_s && re > start_s {
            "overlap"
        } else {
            "changeover"
        };
        return Ok(Some(collision(r, kind)));
    }
    if plan.shared {
        // The seats held at each instant a seat starts inside the new booking.
        let seats: Vec<&Row> = rows
            .iter()
            .filter(|r| r.shared && r.space_id == plan.space.id)
            .collect();
        let mut points = vec![plan.block_start];
        points.extend(
            seats
                .iter()
                .map(|r| r.block_start)
                .filter(|t| *t > plan.block_start && *t < plan.block_end),
        );
        for t in points {
            let held: i64 = seats
                .iter()
                .filter(|r| r.block_start <= t && r.block_end > t)
                .map(|r| r.seats)
                .sum();
            if held + plan.seats > plan.capacity
                && let Some(r) = seats.iter().find(|r| r.block_start <= t && r.block_end > t)
            {
                return Ok(Some(collision(r, "full")));
            }
        }
    }
    Ok(None)
}

/// The database's own refusals, in words.
fn trigger_refusal(e: sqlx::Error) -> Refusal {
    let message = match &e {
        sqlx::Error::Database(d) => d.message().to_owned(),
        _ => String::new(),
    };
    if message.contains("space_conflict") {
        Refusal::conflict("error-space-conflict-unknown")
    } else if message.contains("space_full") {
        Refusal::conflict("error-space-full-unknown")
    } else if message.contains("space_booking_state") {
        Refusal::conflict("error-space-state")
    } else {
        Refusal::Db(e)
    }
}

/// A booking made, or found again by its request key.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Made {
    pub booking: Booking,
    /// The same request key had already booked it.
    pub replayed: bool,
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    tx: &mut sqlx::SqliteConnection,
    req: &Requester,
    nb: &NewBooking,
    plan: &Plan,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    series: Option<(i64, NaiveDate)>,
    now: &str,
) -> Result<i64, Refusal> {
    let uid = format!("booking-{}@citeosquare", uuid::Uuid::now_v7());
    sqlx::query_scalar(
        "INSERT INTO space_bookings (uid, request_key, space_id, use_id, state, start_at, end_at,
             block_start, block_end, shared, seats, capacity, title, public, attendees_expected,
             association_id, person_id, series_id, occurrence_day, note, price_kind, price_amount,
             created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING id",
    )
    .bind(&uid)
    .bind(nb.request_key.as_deref().filter(|_| series.is_none()))
    .bind(plan.space.id)
    .bind(plan.use_.id)
    .bind(plan.state)
    .bind(db::instant_text(start))
    .bind(db::instant_text(end))
    .bind(plan.block_start)
    .bind(plan.block_end)
    .bind(plan.shared)
    .bind(plan.seats)
    .bind(plan.capacity)
    .bind(nb.title.trim())
    .bind(plan.public)
    .bind(nb.attendees_expected)
    .bind(nb.association_id)
    .bind(
        nb.person_id
            .or(if req.staff { None } else { req.person_id }),
    )
    .bind(series.map(|s| s.0))
    .bind(series.map(|s| s.1.to_string()))
    .bind(nb.note.trim())
    .bind(&plan.use_.price_kind)
    .bind(plan.price_amount)
    .bind(req.user_id)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(trigger_refusal)
}

/// Books a slot: confirmed at once, or requested when the use needs approval (the desk's own
/// bookings never wait). Refused with the reason and, for a collision, the slot collided with.
pub async fn create(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    nb: &NewBooking,
) -> Result<Made, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let made = create_in(&mut tx, tz, now, req, nb).await?;
    if !made.replayed {
        tx.commit().await?;
    }
    Ok(made)
}

/// [`create`] inside the caller's write transaction (the demo seed books this way).
pub async fn create_in(
    tx: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    nb: &NewBooking,
) -> Result<Made, Refusal> {
    if let Some(key) = nb.request_key.as_deref() {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM space_bookings WHERE request_key = ?")
                .bind(key)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(id) = id {
            let found = booking(&mut *tx, id).await?;
            let same = found.space_id == nb.space_id
                && found.start() == nb.start
                && found.end() == nb.end
                && found.title == nb.title.trim()
                && found.created_by == req.user_id;
            return if same {
                Ok(Made {
                    booking: found,
                    replayed: true,
                })
            } else {
                Err(Refusal::conflict("error-space-request-key-reused"))
            };
        }
    }
    let plan = plan(&mut *tx, tz, now, req, nb).await?;
    if let Some(c) = collision(&mut *tx, req, &plan, nb.start, nb.end, None).await? {
        return Err(c.refusal(tz));
    }
    let id = insert(
        &mut *tx,
        req,
        nb,
        &plan,
        nb.start,
        nb.end,
        None,
        &db::instant_text(now),
    )
    .await?;
    let made = booking(&mut *tx, id).await?;
    audit::record(
        &mut *tx,
        &req.actor(),
        "space.booking.create",
        "space_booking",
        id,
        None,
        Some(&json!(made)),
    )
    .await?;
    Ok(Made {
        booking: made,
        replayed: false,
    })
}

/// How a series treats the dates it cannot have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Every date or none.
    AllOrNothing,
    /// The free dates; the others are left out.
    SkipConflicts,
}

impl Policy {
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::AllOrNothing => "all_or_nothing",
            Policy::SkipConflicts => "skip_conflicts",
        }
    }
    pub fn parse(s: &str) -> Option<Policy> {
        match s {
            "all_or_nothing" => Some(Policy::AllOrNothing),
            "skip_conflicts" => Some(Policy::SkipConflicts),
            _ => None,
        }
    }
}

/// A recurring series as asked for.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewSeries {
    pub space_id: i64,
    /// The first local day, `AAAA-MM-JJ`.
    pub first_day: NaiveDate,
    /// Local start and end, `HH:MM`, the same day.
    pub start: String,
    pub end: String,
    /// An RFC 5545 rule without DTSTART, e.g. `FREQ=WEEKLY;COUNT=10` or
    /// `FREQ=WEEKLY;INTERVAL=2;UNTIL=20270630T000000Z`; at most 104 dates within two years.
    pub rule: String,
    pub policy: Policy,
    pub title: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub association_id: Option<i64>,
    #[serde(default)]
    pub person_id: Option<i64>,
    #[serde(default)]
    pub attendees_expected: Option<i64>,
    #[serde(default)]
    pub public: Option<bool>,
}

/// One date of a series and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Occurrence {
    pub day: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// `None`: free (or booked); otherwise the message key of the refusal…
    pub refused: Option<String>,
    /// …and its argument (the slot collided with, the hours of the window…).
    pub detail: String,
    /// The booking made for it.
    pub booking_id: Option<i64>,
}

/// A date of a series: its local day, start and end.
pub type Date = (NaiveDate, DateTime<Utc>, DateTime<Utc>);

/// The dates of a series, as local days and instants.
pub fn expand(
    tz: chrono_tz::Tz,
    first_day: NaiveDate,
    start: &str,
    end: &str,
    rule: &str,
) -> Result<Vec<Date>, Refusal> {
    let (Some(s), Some(e)) = (super::parse_hhmm(start), super::parse_hhmm(end)) else {
        return Err(Refusal::field("start", "error-space-time-invalid"));
    };
    if e <= s {
        return Err(Refusal::field("end", "error-space-end-before-start"));
    }
    let rule = rule.trim().trim_start_matches("RRULE:");
    let upper = rule.to_ascii_uppercase();
    let bounded = upper.contains("COUNT=") || upper.contains("UNTIL=");
    let allowed = ["FREQ=DAILY", "FREQ=WEEKLY", "FREQ=MONTHLY"]
        .iter()
        .any(|f| upper.contains(f));
    if rule.is_empty() || rule.len() > 500 || !bounded || !allowed || rule.contains(['\n', '\r']) {
        return Err(Refusal::field("rule", "error-space-rule"));
    }
    // rrule refuses a DTSTART in the missing spring hour; the first date, like any other in that
    // hour, is read an hour later on the wall clock (only the days of the set are used below).
    let first_start = timetable::instant(tz, first_day, s).with_timezone(&tz);
    let text = format!(
        "DTSTART;TZID={}:{}\nRRULE:{}",
        tz.name(),
        first_start.naive_local().format("%Y%m%dT%H%M%S"),
        utc_until(tz, rule)
    );
    let set: rrule::RRuleSet = text
        .parse()
        .map_err(|_| Refusal::field("rule", "error-space-rule"))?;
    let found = set.all(105);
    if found.dates.len() > 104 {
        return Err(Refusal::field("rule", "error-space-rule-too-long"));
    }
    let horizon = first_day + Duration::days(731);
    let mut out = vec![];
    for d in found.dates {
        let day = d.date_naive();
        if day > horizon {
            return Err(Refusal::field("rule", "error-space-rule-too-long"));
        }
        // A rule giving several times a day (BYHOUR…) still books the day's hours once.
        if out.last().is_some_and(|o: &Date| o.0 == day) {
            continue;
        }
        out.push((
            day,
            timetable::instant(tz, day, s),
            timetable::instant(tz, day, e),
        ));
    }
    if out.is_empty() {
        return Err(Refusal::field("rule", "error-space-rule-empty"));
    }
    Ok(out)
}

/// RFC 5545 wants UNTIL in UTC when the start is zoned; people write a local day (`20270630`,
/// that day included) or a local time (`20270630T190000`): both are read in the site's zone.
fn utc_until(tz: chrono_tz::Tz, rule: &str) -> String {
    let local = |v: &str| {
        let naive = match v.len() {
            8 => NaiveDate::parse_from_str(v, "%Y%m%d")
                .ok()?
                .and_hms_opt(23, 59, 59)?,
            15 => chrono::NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok()?,
            _ => return None,
        };
        let at = crate::sel::shifts::resolve_local(tz, naive);
        Some(at.format("%Y%m%dT%H%M%SZ").to_string())
    };
    rule.split(';')
        .map(|part| match part.split_once('=') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("UNTIL") => match local(v.trim()) {
                Some(utc) => format!("{k}={utc}"),
                None => part.to_owned(),
            },
            _ => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn occurrence_booking(ns: &NewSeries, start: DateTime<Utc>, end: DateTime<Utc>) -> NewBooking {
    NewBooking {
        space_id: ns.space_id,
        start,
        end,
        title: ns.title.clone(),
        note: ns.note.clone(),
        association_id: ns.association_id,
        person_id: ns.person_id,
        seats: 1,
        attendees_expected: ns.attendees_expected,
        public: ns.public,
        request_key: None,
    }
}

/// Each date's outcome, without booking anything: what the requester sees before choosing
/// all-or-nothing or skip-conflicts.
pub async fn preview(
    conn: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    ns: &NewSeries,
) -> Result<Vec<Occurrence>, Refusal> {
    let dates = expand(tz, ns.first_day, &ns.start, &ns.end, &ns.rule)?;
    let mut out = vec![];
    for (day, start, end) in dates {
        let nb = occurrence_booking(ns, start, end);
        let (refused, detail) = match plan(&mut *conn, tz, now, req, &nb).await {
            Ok(p) => match collision(&mut *conn, req, &p, start, end, None).await? {
                Some(c) => (Some(c.key().to_owned()), c.describe(tz)),
                None => (None, String::new()),
            },
            Err(Refusal::Db(e)) => return Err(Refusal::Db(e)),
            // A field wrong for one date is wrong for all of them.
            Err(Refusal::Invalid(errors)) => return Err(Refusal::Invalid(errors)),
            Err(Refusal::Conflict { key, arg }) => (Some(key.to_owned()), arg),
            Err(Refusal::NotFound) => return Err(Refusal::NotFound),
        };
        out.push(Occurrence {
            day,
            start,
            end,
            refused,
            detail,
            booking_id: None,
        });
    }
    Ok(out)
}

/// A series booked (or not, all-or-nothing with a date refused).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SeriesMade {
    /// `None`: nothing was booked.
    pub series_id: Option<i64>,
    pub occurrences: Vec<Occurrence>,
}

/// Books a series: every date or none (all-or-nothing), or the free dates (skip-conflicts). The
/// outcome of each date is checked again inside the writing transaction.
pub async fn create_series(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    ns: &NewSeries,
) -> Result<SeriesMade, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let made = create_series_in(&mut tx, tz, now, req, ns).await?;
    if made.series_id.is_some() {
        tx.commit().await?;
    }
    Ok(made)
}

/// [`create_series`] inside the caller's write transaction (the demo seed books this way).
pub async fn create_series_in(
    tx: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    ns: &NewSeries,
) -> Result<SeriesMade, Refusal> {
    let mut occurrences = preview(&mut *tx, tz, now, req, ns).await?;
    let refused = occurrences.iter().filter(|o| o.refused.is_some()).count();
    if refused == occurrences.len() || (ns.policy == Policy::AllOrNothing && refused > 0) {
        return Ok(SeriesMade {
            series_id: None,
            occurrences,
        });
    }
    let now_text = db::instant_text(now);
    // Each free date's plan, before anything is written: the series takes the first one's use
    // (the room may have no weekly window at all, only exceptions that open it).
    let mut plans = vec![];
    for o in occurrences.iter().filter(|o| o.refused.is_none()) {
        let nb = occurrence_booking(ns, o.start, o.end);
        plans.push((nb.clone(), plan(&mut *tx, tz, now, req, &nb).await?));
    }
    let Some(use_id) = plans.first().map(|p| p.1.use_.id) else {
        return Ok(SeriesMade {
            series_id: None,
            occurrences,
        });
    };
    let series_id: i64 = sqlx::query_scalar(
        "INSERT INTO space_series (uid, space_id, use_id, rule, first_day, start_local, end_local,
             policy, title, association_id, person_id, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(format!("series-{}@citeosquare", uuid::Uuid::now_v7()))
    .bind(ns.space_id)
    .bind(use_id)
    .bind(ns.rule.trim())
    .bind(ns.first_day.to_string())
    .bind(super::hhmm(super::parse_hhmm(&ns.start).unwrap_or(0)))
    .bind(super::hhmm(super::parse_hhmm(&ns.end).unwrap_or(0)))
    .bind(ns.policy.as_str())
    .bind(ns.title.trim())
    .bind(ns.association_id)
    .bind(ns.person_id)
    .bind(req.user_id)
    .bind(&now_text)
    .fetch_one(&mut *tx)
    .await?;
    let free = occurrences.iter_mut().filter(|o| o.refused.is_none());
    for (o, (nb, p)) in free.zip(plans.iter()) {
        let id = insert(
            &mut *tx,
            req,
            nb,
            p,
            o.start,
            o.end,
            Some((series_id, o.day)),
            &now_text,
        )
        .await?;
        o.booking_id = Some(id);
    }
    audit::record(
        &mut *tx,
        &req.actor(),
        "space.series.create",
        "space_series",
        series_id,
        None,
        Some(&json!({
            "rule": ns.rule.trim(),
            "policy": ns.policy.as_str(),
            "booked": occurrences.iter().filter_map(|o| o.booking_id).collect::<Vec<_>>(),
            "skipped": occurrences.iter().filter(|o| o.refused.is_some()).map(|o| o.day).collect::<Vec<_>>(),
        })),
    )
    .await?;
    Ok(SeriesMade {
        series_id: Some(series_id),
        occurrences,
    })
}

/// Whether `req` may see, change or cancel this booking: the desk, whoever booked it, the person
/// it is for, a representative of its association. The pages and the API ask this one question.
pub fn may_manage(req: &Requester, b: &Booking) -> bool {
    req.staff
        || (b.created_by.is_some() && b.created_by == req.user_id)
        || (b.person_id.is_some() && b.person_id == req.person_id)
        || b.association_id
            .is_some_and(|a| req.represents.contains(&a))
}

/// Approves a request: it becomes confirmed if nothing confirmed collides with it (the database
/// refuses it otherwise, so two approvals at once give the room once).
pub async fn approve(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    id: i64,
    message: &str,
) -> Result<Booking, Refusal> {
    if !req.staff {
        return Err(Refusal::conflict("error-space-staff-only"));
    }
    let message = decision_message(message, false)?;
    let mut tx = db::begin_write(pool).await?;
    let before = booking(&mut *tx, id).await?;
    approve_in(&mut tx, tz, now, req, &before, message.as_deref()).await?;
    let after = booking(&mut *tx, id).await?;
    audit::record(
        &mut tx,
        &req.actor(),
        "space.booking.approve",
        "space_booking",
        id,
        Some(&json!({ "state": before.state })),
        Some(&json!({ "state": after.state, "message": message })),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

async fn approve_in(
    tx: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    b: &Booking,
    message: Option<&str>,
) -> Result<(), Refusal> {
    if b.state != "requested" {
        return Err(Refusal::conflict("error-space-not-requested"));
    }
    if b.end() <= now {
        return Err(Refusal::conflict("error-space-in-past"));
    }
    let space = space(&mut *tx, b.space_id).await?;
    let use_ = use_(&mut *tx, b.use_id).await?;
    let plan = Plan {
        slot: Slot {
            space_id: b.space_id,
            use_id: b.use_id,
            day: b.start().with_timezone(&tz).date_naive(),
            start_minute: 0,
            end_minute: 0,
            start: b.start(),
            end: b.end(),
            label: None,
        },
        state: "confirmed",
        block_start: b.block_start,
        block_end: b.block_end,
        shared: b.shared,
        seats: b.seats,
        capacity: b.capacity,
        public: b.public,
        price_amount: b.price_amount,
        space,
        use_,
    };
    if let Some(c) = collision(&mut *tx, req, &plan, b.start(), b.end(), Some(b.id)).await? {
        return Err(c.refusal(tz));
    }
    sqlx::query(
        "UPDATE space_bookings SET state = 'confirmed', decision_message = ?, decided_by = ?,
             decided_at = ?, sequence = sequence + 1, updated_at = ?
         WHERE id = ? AND state = 'requested'",
    )
    .bind(message)
    .bind(req.user_id)
    .bind(db::instant_text(now))
    .bind(db::instant_text(now))
    .bind(b.id)
    .execute(&mut *tx)
    .await
    .map_err(trigger_refusal)?;
    Ok(())
}

fn decision_message(message: &str, required: bool) -> Result<Option<String>, Refusal> {
    text_of("message", message, required)
}

/// A free text of at most 1,000 characters, named `field` in a refusal.
fn text_of(field: &'static str, text: &str, required: bool) -> Result<Option<String>, Refusal> {
    let message = text.trim();
    if required && message.is_empty() {
        return Err(Refusal::field(field, "error-space-message-required"));
    }
    if message.chars().count() > 1000 {
        return Err(Refusal::field(field, "error-too-long"));
    }
    Ok((!message.is_empty()).then(|| message.to_owned()))
}

/// Declines a request, with a message for the requester.
pub async fn decline(
    pool: &SqlitePool,
    now: DateTime<Utc>,
    req: &Requester,
    id: i64,
    message: &str,
) -> Result<Booking, Refusal> {
    if !req.staff {
        return Err(Refusal::conflict("error-space-staff-only"));
    }
    let message = decision_message(message, true)?;
    let mut tx = db::begin_write(pool).await?;
    let before = booking(&mut *tx, id).await?;
    if before.state != "requested" {
        return Err(Refusal::conflict("error-space-not-requested"));
    }
    set_state(&mut tx, now, req, id, "declined", message.as_deref()).await?;
    let after = booking(&mut *tx, id).await?;
    audit::record(
        &mut tx,
        &req.actor(),
        "space.booking.decline",
        "space_booking",
        id,
        Some(&json!({ "state": before.state })),
        Some(&json!({ "state": after.state, "message": message })),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

async fn set_state(
    tx: &mut sqlx::SqliteConnection,
    now: DateTime<Utc>,
    req: &Requester,
    id: i64,
    state: &str,
    message: Option<&str>,
) -> Result<(), Refusal> {
    sqlx::query(
        // A request withdrawn or declined was never announced: it leaves the public agenda.
        "UPDATE space_bookings SET state = ?, decision_message = coalesce(?, decision_message),
             decided_by = ?, decided_at = ?, sequence = sequence + 1, updated_at = ?,
             public = CASE WHEN state = 'requested' THEN 0 ELSE public END
         WHERE id = ?",
    )
    .bind(state)
    .bind(message)
    .bind(req.user_id)
    .bind(db::instant_text(now))
    .bind(db::instant_text(now))
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(trigger_refusal)?;
    Ok(())
}

/// One date of a series, or it and the ones after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    One,
    Following,
}

/// The bookings a change applies to, live ones only.
async fn in_scope(
    tx: &mut sqlx::SqliteConnection,
    b: &Booking,
    scope: Scope,
) -> Result<Vec<Booking>, sqlx::Error> {
    Ok(match (scope, b.series_id) {
        (Scope::Following, Some(series)) => of_series(&mut *tx, series)
            .await?
            .into_iter()
            .filter(|o| o.start_at >= b.start_at && o.is_live())
            .collect(),
        _ => vec![b.clone()],
    })
}

/// Approves a whole series' waiting dates at once, by its policy: all-or-nothing refuses the
/// approval if one date collides; skip-conflicts confirms the free dates and declines the others.
pub async fn approve_series(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    series_id: i64,
    message: &str,
) -> Result<Vec<Booking>, Refusal> {
    if !req.staff {
        return Err(Refusal::conflict("error-space-staff-only"));
    }
    let message = decision_message(message, false)?;
    let mut tx = db::begin_write(pool).await?;
    let policy: Option<String> = sqlx::query_scalar("SELECT policy FROM space_series WHERE id = ?")
        .bind(series_id)
        .fetch_optional(&mut *tx)
        .await?;
    let policy = policy
        .as_deref()
        .and_then(Policy::parse)
        .ok_or(Refusal::NotFound)?;
    let waiting: Vec<Booking> = of_series(&mut *tx, series_id)
        .await?
        .into_iter()
        .filter(|b| b.state == "requested" && b.end() > now)
        .collect();
    if waiting.is_empty() {
        return Err(Refusal::conflict("error-space-not-requested"));
    }
    for b in &waiting {
        match approve_in(&mut tx, tz, now, req, b, message.as_deref()).await {
            Ok(()) => {}
            Err(Refusal::Conflict { key, arg }) if policy == Policy::SkipConflicts => {
                let _ = key;
                set_state(
                    &mut tx,
                    now,
                    req,
                    b.id,
                    "declined",
                    Some(&format!("Conflit : {arg}")),
                )
                .await?;
            }
            Err(e) => return Err(e),
        }
    }
    audit::record(
        &mut tx,
        &req.actor(),
        "space.series.approve",
        "space_series",
        series_id,
        None,
        Some(&json!({ "message": message })),
    )
    .await?;
    let after = of_series(&mut *tx, series_id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Cancels a booking, or it and the following dates of its series.
pub async fn cancel(
    pool: &SqlitePool,
    now: DateTime<Utc>,
    req: &Requester,
    id: i64,
    scope: Scope,
    reason: &str,
) -> Result<Vec<Booking>, Refusal> {
    let reason = text_of("reason", reason, false)?;
    let mut tx = db::begin_write(pool).await?;
    let b = booking(&mut *tx, id).await?;
    if !may_manage(req, &b) {
        return Err(Refusal::NotFound);
    }
    if !b.is_live() {
        return Err(Refusal::conflict("error-space-not-live"));
    }
    if b.end() <= now {
        return Err(Refusal::conflict("error-space-already-over"));
    }
    let targets = in_scope(&mut tx, &b, scope).await?;
    for t in &targets {
        set_state(&mut tx, now, req, t.id, "cancelled", reason.as_deref()).await?;
    }
    let ids: Vec<i64> = targets.iter().map(|t| t.id).collect();
    audit::record(
        &mut tx,
        &req.actor(),
        "space.booking.cancel",
        "space_booking",
        id,
        None,
        Some(&json!({ "cancelled": ids, "reason": reason })),
    )
    .await?;
    let mut after = vec![];
    for i in ids {
        after.push(booking(&mut *tx, i).await?);
    }
    tx.commit().await?;
    Ok(after)
}

/// New local hours for a booking (and a new day, for one booking).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Reschedule {
    /// Only with scope `one`: the new local day (default: the same).
    #[serde(default)]
    pub day: Option<NaiveDate>,
    /// `HH:MM` local.
    pub start: String,
    pub end: String,
    pub scope: Scope,
}

/// Moves a booking, or it and the following dates of its series (all of them or none: each keeps
/// its day and takes the new hours). A moved booking keeps its UID; its SEQUENCE goes up.
pub async fn reschedule(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    id: i64,
    change: &Reschedule,
) -> Result<Vec<Booking>, Refusal> {
    let (Some(s), Some(e)) = (
        super::parse_hhmm(&change.start),
        super::parse_hhmm(&change.end),
    ) else {
        return Err(Refusal::field("start", "error-space-time-invalid"));
    };
    if e <= s {
        return Err(Refusal::field("end", "error-space-end-before-start"));
    }
    if change.day.is_some() && change.scope == Scope::Following {
        return Err(Refusal::field("day", "error-space-day-with-following"));
    }
    let mut tx = db::begin_write(pool).await?;
    let b = booking(&mut *tx, id).await?;
    if !may_manage(req, &b) {
        return Err(Refusal::NotFound);
    }
    if !b.is_live() {
        return Err(Refusal::conflict("error-space-not-live"));
    }
    let use_ = use_(&mut *tx, b.use_id).await?;
    if use_.approval && !req.staff && b.state == "confirmed" {
        return Err(Refusal::conflict("error-space-edit-needs-desk"));
    }
    let targets = in_scope(&mut tx, &b, change.scope).await?;
    let mut moved = vec![];
    for t in &targets {
        let day = change
            .day
            .unwrap_or_else(|| t.start().with_timezone(&tz).date_naive());
        let start = timetable::instant(tz, day, s);
        let end = timetable::instant(tz, day, e);
        let nb = NewBooking {
            space_id: t.space_id,
            start,
            end,
            title: t.title.clone(),
            note: t.note.clone(),
            association_id: t.association_id,
            person_id: t.person_id,
            seats: t.seats,
            attendees_expected: t.attendees_expected,
            public: Some(t.public),
            request_key: None,
        };
        let p = plan(&mut tx, tz, now, req, &nb)
            .await
            .map_err(|r| with_day(r, day))?;
        // Moved into a window whose use the desk approves, a booking would keep its
        // confirmation without the desk having seen it.
        if t.state == "confirmed" && p.state == "requested" {
            return Err(Refusal::Conflict {
                key: "error-space-move-needs-approval",
                arg: day.format("%d/%m/%Y").to_string(),
            });
        }
        if t.state == "confirmed"
            && let Some(c) = collision(&mut tx, req, &p, start, end, Some(t.id)).await?
        {
            return Err(with_day(c.refusal(tz), day));
        }
        sqlx::query(
            "UPDATE space_bookings SET start_at = ?, end_at = ?, block_start = ?, block_end = ?,
                 use_id = ?, shared = ?, capacity = ?, price_amount = ?, sequence = sequence + 1,
                 updated_at = ?
             WHERE id = ?",
        )
        .bind(db::instant_text(start))
        .bind(db::instant_text(end))
        .bind(p.block_start)
        .bind(p.block_end)
        .bind(p.use_.id)
        // A seat moved into an exclusive use holds the room, for the triggers too.
        .bind(p.shared)
        .bind(p.capacity)
        .bind(p.price_amount)
        .bind(db::instant_text(now))
        .bind(t.id)
        .execute(&mut *tx)
        .await
        .map_err(trigger_refusal)?;
        moved.push(t.id);
    }
    audit::record(
        &mut tx,
        &req.actor(),
        "space.booking.reschedule",
        "space_booking",
        id,
        Some(&json!({ "start": b.start_at, "end": b.end_at })),
        Some(
            &json!({ "moved": moved, "start": change.start, "end": change.end, "day": change.day }),
        ),
    )
    .await?;
    let mut after = vec![];
    for i in moved {
        after.push(booking(&mut *tx, i).await?);
    }
    tx.commit().await?;
    Ok(after)
}

/// A refusal for one date of several: the date goes in front of the argument.
fn with_day(r: Refusal, day: NaiveDate) -> Refusal {
    match r {
        Refusal::Conflict { key, arg } => Refusal::Conflict {
            key,
            arg: format!("{} — {arg}", day.format("%d/%m/%Y")),
        },
        other => other,
    }
}

/// Releases confirmed bookings whose use needs a badge check-in and that nobody checked in to
/// within the grace period. Returns how many.
pub async fn release_no_shows(pool: &SqlitePool, now: DateTime<Utc>) -> Result<usize, sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    let due: Vec<(i64, String)> = sqlx::query_as(
        "SELECT b.id, b.uid FROM space_bookings b JOIN space_uses u ON u.id = b.use_id
         WHERE b.state = 'confirmed' AND b.checked_in_at IS NULL
           AND u.checkin_grace_minutes IS NOT NULL
           AND unixepoch(b.start_at) + u.checkin_grace_minutes * 60 <= ?1
           AND unixepoch(b.end_at) > ?1 - 86400",
    )
    .bind(now.timestamp())
    .fetch_all(&mut *tx)
    .await?;
    for (id, _) in &due {
        sqlx::query(
            "UPDATE space_bookings SET state = 'released', sequence = sequence + 1,
                 decided_at = ?, updated_at = ? WHERE id = ?",
        )
        .bind(db::instant_text(now))
        .bind(db::instant_text(now))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            &Actor {
                id: None,
                name: "system".into(),
            },
            "space.booking.release",
            "space_booking",
            id,
            Some(&json!({ "state": "confirmed" })),
            Some(&json!({ "state": "released", "reason": "no_show" })),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(due.len())
}

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
