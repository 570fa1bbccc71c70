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
use crate::refusal::{FieldError, Refusal};
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
        crate::time::stored_instant(&self.start_at)
    }
    pub fn end(&self) -> DateTime<Utc> {
        crate::time::stored_instant(&self.end_at)
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

/// Room requests waiting for an answer that start before `until` (and have not ended).
pub async fn requests_starting_before(
    conn: impl sqlx::SqliteExecutor<'_>,
    until: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(*) FROM space_bookings
         WHERE state = 'requested' AND start_at < ? AND end_at > ?",
    )
    .bind(db::instant_text(until))
    .bind(db::now_text())
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

/// The longest request key; the longest title, and note or decision message (characters); the
/// most seats or attendees.
pub const REQUEST_KEY_MAX: usize = 100;
pub const TITLE_MAX: usize = 120;
pub const NOTE_MAX: usize = 1000;
pub const SEATS_MAX: i64 = 10_000;

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
    } else if title.chars().count() > TITLE_MAX {
        errors.push(FieldError {
            field: "title",
            key: crate::refusal::too_long(TITLE_MAX),
        });
    }
    if nb.note.trim().chars().count() > NOTE_MAX {
        errors.push(FieldError {
            field: "note",
            key: crate::refusal::too_long(NOTE_MAX),
        });
    }
    if !(1..=SEATS_MAX).contains(&nb.seats) {
        errors.push(FieldError {
            field: "seats",
            key: "error-space-seats",
        });
    }
    if nb
        .attendees_expected
        .is_some_and(|a| !(1..=SEATS_MAX).contains(&a))
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
        .is_some_and(|k| k.is_empty() || k.chars().count() > REQUEST_KEY_MAX)
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
        public: nb.public.unwrap_or(use_.public_by_default) && may_publish(req, &use_),
        price_amount: use_.price_for(minutes) * nb.seats,
        state,
        slot,
        space,
        use_,
    })
}

/// Whether `req` may put a booking of this use on the public agenda: only the desk, or a use
/// reception reviews or announces anyway — a resident's meeting cannot publish itself to the
/// neighbourhood.
pub fn may_publish(req: &Requester, use_: &Use) -> bool {
    req.staff || use_.approval || use_.public_by_default
}

/// Asking for the public agenda where the use does not allow it is refused with the use's name,
/// rather than quietly left off the agenda.
fn check_public(req: &Requester, nb: &NewBooking, plan: &Plan) -> Result<(), Refusal> {
    if nb.public == Some(true) && !may_publish(req, &plan.use_) {
        return Err(Refusal::Conflict {
            key: PUBLIC_NOT_ALLOWED,
            arg: plan.use_.name.clone(),
        });
    }
    Ok(())
}

/// The refusal of a public-agenda choice the use does not allow (its argument: the use's name).
pub const PUBLIC_NOT_ALLOWED: &str = "error-space-public-not-allowed";

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
        start: crate::time::stored_instant(&r.start_at),
        end: crate::time::stored_instant(&r.end_at),
        kind: kind.to_owned(),
    };
    let (start_s, end_s) = (start.timestamp(), end.timestamp());
    for r in &rows {
        if r.shared && plan.shared && r.space_id == plan.space.id {
            continue;
        }
        let (rs, re) = (
            crate::time::stored_instant(&r.start_at).timestamp(),
            crate::time::stored_instant(&r.end_at).timestamp(),
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
        crate::spaces::notices::made(&mut tx, &made.booking).await?;
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
    check_public(req, nb, &plan)?;
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

mod availability;
mod decisions;
mod series;
pub use availability::*;
pub use decisions::*;
pub use series::RULE_MAX;
pub use series::*;
