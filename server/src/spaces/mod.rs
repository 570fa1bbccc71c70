//! Chrono'espaces: spaces whose use changes with the hour (DESIGN.md §2), booked without double
//! booking (§4 rule 2).
//!
//! - this module: spaces (divisible rooms included), uses, the weekly timetable and its dated
//!   exceptions, as the administration writes them;
//! - [`timetable`]: resolves the timetable into instants with the site's time-zone rules;
//! - [`booking`]: bookings, series, approvals, cancellations, no-shows — the database refuses
//!   any overlap inside the writing transaction (migration 0004), this module explains why;
//! - [`occupancy`]: the door kiosks (role `space`), who is in, the hourly history;
//! - [`feeds`]: what the iCalendar feeds and the public agenda show;
//! - [`ical`]: iCalendar rendering; [`heatmap`]: the occupancy heatmap as SVG.

pub mod admin;
pub mod api;
pub mod booking;
pub mod check;
pub mod demo;
pub mod feeds;
pub mod gdpr;
pub mod heatmap;
pub mod ical;
pub mod measures;
pub mod notices;
pub mod occupancy;
mod openings;
pub mod pages;
pub mod timetable;
mod uses;
pub use openings::*;
pub use uses::*;

use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{FieldError, Refusal};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

/// How a use is booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// People badge in, counted against the capacity; a seat may be booked ahead.
    Dropin,
    /// The room for one booker.
    Exclusive,
    /// The room for one booker, with attendees counted at the door.
    Event,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Dropin, Mode::Exclusive, Mode::Event];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Dropin => "dropin",
            Mode::Exclusive => "exclusive",
            Mode::Event => "event",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// How a use is paid for.
pub const PRICE_KINDS: [&str; 3] = ["free", "euros", "sel"];
/// The modes as written (`Mode::as_str`).
pub const MODES: [&str; 3] = ["dropin", "exclusive", "event"];

/// A space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Space {
    pub id: i64,
    pub name: String,
    pub floor: String,
    pub capacity: i64,
    pub equipment: String,
    pub step_free: bool,
    pub hearing_loop: bool,
    pub description: String,
    /// The room this space is a half of.
    pub parent_id: Option<i64>,
    pub refuse_when_full: bool,
    #[serde(skip)]
    pub calendar_token: String,
    pub created_at: String,
}

/// A space as typed in a form or sent to the API.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct SpaceInput {
    pub name: String,
    #[serde(default)]
    pub floor: String,
    pub capacity: i64,
    #[serde(default)]
    pub equipment: String,
    #[serde(default)]
    pub step_free: bool,
    #[serde(default)]
    pub hearing_loop: bool,
    #[serde(default)]
    pub description: String,
    /// Only when creating: the room this space is a half of.
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default = "yes")]
    pub refuse_when_full: bool,
}

fn yes() -> bool {
    true
}

/// A use (*usage*) of the spaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Use {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub colour: String,
    pub mode: Mode,
    /// `None`: the space's own capacity.
    pub capacity: Option<i64>,
    pub open_to_residents: bool,
    pub open_to_associations: bool,
    pub open_to_everyone: bool,
    /// When not empty, only these associations (if open to associations).
    pub associations: Vec<i64>,
    pub min_minutes: i64,
    pub max_minutes: i64,
    pub notice_minutes: i64,
    pub approval: bool,
    pub price_kind: String,
    /// Euro cents or SEL minutes per hour.
    pub price_per_hour: i64,
    pub changeover_before: i64,
    pub changeover_after: i64,
    pub checkin_grace_minutes: Option<i64>,
    pub public_by_default: bool,
}

impl Use {
    /// The capacity of this use in a space.
    pub fn capacity_in(&self, space: &Space) -> i64 {
        self.capacity.unwrap_or(space.capacity).min(space.capacity)
    }

    /// The price of a booking of `minutes` (rounded up to the unit).
    pub fn price_for(&self, minutes: i64) -> i64 {
        (self.price_per_hour * minutes + 59) / 60
    }
}

/// A use as typed in a form or sent to the API.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct UseInput {
    pub code: String,
    pub name: String,
    pub colour: String,
    pub mode: String,
    #[serde(default)]
    pub capacity: Option<i64>,
    #[serde(default)]
    pub open_to_residents: bool,
    #[serde(default)]
    pub open_to_associations: bool,
    #[serde(default)]
    pub open_to_everyone: bool,
    #[serde(default)]
    pub associations: Vec<i64>,
    #[serde(default = "default_min")]
    pub min_minutes: i64,
    #[serde(default = "default_max")]
    pub max_minutes: i64,
    #[serde(default)]
    pub notice_minutes: i64,
    #[serde(default)]
    pub approval: bool,
    #[serde(default = "default_price_kind")]
    pub price_kind: String,
    #[serde(default)]
    pub price_per_hour: i64,
    #[serde(default)]
    pub changeover_before: i64,
    #[serde(default)]
    pub changeover_after: i64,
    #[serde(default)]
    pub checkin_grace_minutes: Option<i64>,
    #[serde(default)]
    pub public_by_default: bool,
}

fn default_min() -> i64 {
    30
}
fn default_max() -> i64 {
    240
}
fn default_price_kind() -> String {
    "free".into()
}

/// A weekly window of a space's timetable. Times are minutes after local midnight (1440: the
/// end of the day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Window {
    pub id: i64,
    pub space_id: i64,
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u32,
    pub start_minute: u32,
    pub end_minute: u32,
    pub use_id: i64,
}

/// A window as typed: weekday 1–7, `HH:MM` local times (`24:00` for midnight at the end).
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct WindowInput {
    pub weekday: u32,
    pub start: String,
    pub end: String,
    pub use_id: i64,
}

/// A dated exception to the weekly timetable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Exception {
    pub id: i64,
    /// `None`: the whole site.
    pub space_id: Option<i64>,
    pub day: chrono::NaiveDate,
    /// `None`: the whole day.
    pub start_minute: Option<u32>,
    pub end_minute: Option<u32>,
    /// `None`: closed; otherwise open for this use.
    pub use_id: Option<i64>,
    pub label: String,
}

/// An exception as typed.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ExceptionInput {
    #[serde(default)]
    pub space_id: Option<i64>,
    /// `AAAA-MM-JJ`.
    pub day: String,
    /// `HH:MM`, both or neither.
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub use_id: Option<i64>,
    pub label: String,
}

/// `HH:MM` (00:00–24:00) as minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let s = s.trim();
    let (h, m) = s.split_once([':', 'h', 'H'])?;
    let h: u32 = h.trim().parse().ok()?;
    let m: u32 = if m.trim().is_empty() {
        0
    } else {
        m.trim().parse().ok()?
    };
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

/// Minutes after midnight as stored, `HH:MM`.
pub fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

macro_rules! space_columns {
    () => {
        "id, name, floor, capacity, equipment, step_free, hearing_loop, description, parent_id, \
         refuse_when_full, calendar_token, created_at"
    };
}

/// Every space, wholes before their halves.
pub async fn spaces(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Vec<Space>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        space_columns!(),
        " FROM spaces ORDER BY coalesce(parent_id, id), parent_id IS NOT NULL, name COLLATE NOCASE"
    ))
    .fetch_all(conn)
    .await
}

pub async fn space(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Space, Refusal> {
    sqlx::query_as(concat!(
        "SELECT ",
        space_columns!(),
        " FROM spaces WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or(Refusal::NotFound)
}

pub async fn space_by_token(
    conn: impl sqlx::SqliteExecutor<'_>,
    token: &str,
) -> Result<Option<Space>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        space_columns!(),
        " FROM spaces WHERE calendar_token = ?"
    ))
    .bind(token)
    .fetch_optional(conn)
    .await
}

/// A space's limits: its name, floor, equipment and description (characters), its capacity.
pub const SPACE_NAME_MAX: usize = 120;
pub const FLOOR_MAX: usize = 60;
pub const EQUIPMENT_MAX: usize = 1000;
pub const DESCRIPTION_MAX: usize = 2000;
pub const CAPACITY_MAX: i64 = 10_000;

fn text(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
    max: usize,
    required: bool,
) -> String {
    let value = value.trim();
    if required && value.is_empty() {
        errors.push(FieldError {
            field,
            key: "error-required",
        });
    } else if value.chars().count() > max {
        errors.push(FieldError {
            field,
            key: crate::refusal::too_long(max),
        });
    }
    value.to_owned()
}

fn space_json(s: &Space) -> serde_json::Value {
    json!(s)
}

/// Creates a space (a half of a room names its whole in `parent_id`).
pub async fn create_space(
    pool: &SqlitePool,
    actor: &Actor,
    input: &SpaceInput,
) -> Result<Space, Refusal> {
    let mut errors = vec![];
    let name = text(&mut errors, "name", &input.name, SPACE_NAME_MAX, true);
    let floor = text(&mut errors, "floor", &input.floor, FLOOR_MAX, false);
    let equipment = text(
        &mut errors,
        "equipment",
        &input.equipment,
        EQUIPMENT_MAX,
        false,
    );
    let description = text(
        &mut errors,
        "description",
        &input.description,
        DESCRIPTION_MAX,
        false,
    );
    if !(1..=CAPACITY_MAX).contains(&input.capacity) {
        errors.push(FieldError {
            field: "capacity",
            key: "error-space-capacity",
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let mut tx = db::begin_write(pool).await?;
    if let Some(parent) = input.parent_id {
        let whole = space(&mut *tx, parent)
            .await
            .map_err(|_| Refusal::field("parent_id", "error-space-parent-unknown"))?;
        if whole.parent_id.is_some() {
            return Err(Refusal::field("parent_id", "error-space-parent-is-half"));
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO spaces (name, floor, capacity, equipment, step_free, hearing_loop,
                             description, parent_id, refuse_when_full, calendar_token, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&name)
    .bind(&floor)
    .bind(input.capacity)
    .bind(&equipment)
    .bind(input.step_free)
    .bind(input.hearing_loop)
    .bind(&description)
    .bind(input.parent_id)
    .bind(input.refuse_when_full)
    .bind(crate::auth::random_token())
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| unique_space_name(e, &name))?;
    let created = space(&mut *tx, id).await?;
    audit::record(
        &mut tx,
        actor,
        "space.create",
        "space",
        id,
        None,
        Some(&space_json(&created)),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

fn unique_space_name(e: sqlx::Error, name: &str) -> Refusal {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => Refusal::Conflict {
            key: "error-space-exists",
            arg: name.to_owned(),
        },
        _ => Refusal::Db(e),
    }
}

/// Updates a space's description (not the room it belongs to).
pub async fn update_space(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    input: &SpaceInput,
) -> Result<Space, Refusal> {
    let mut errors = vec![];
    let name = text(&mut errors, "name", &input.name, SPACE_NAME_MAX, true);
    let floor = text(&mut errors, "floor", &input.floor, FLOOR_MAX, false);
    let equipment = text(
        &mut errors,
        "equipment",
        &input.equipment,
        EQUIPMENT_MAX,
        false,
    );
    let description = text(
        &mut errors,
        "description",
        &input.description,
        DESCRIPTION_MAX,
        false,
    );
    if !(1..=CAPACITY_MAX).contains(&input.capacity) {
        errors.push(FieldError {
            field: "capacity",
            key: "error-space-capacity",
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let mut tx = db::begin_write(pool).await?;
    let before = space(&mut *tx, id).await?;
    sqlx::query(
        "UPDATE spaces SET name = ?, floor = ?, capacity = ?, equipment = ?, step_free = ?,
                hearing_loop = ?, description = ?, refuse_when_full = ? WHERE id = ?",
    )
    .bind(&name)
    .bind(&floor)
    .bind(input.capacity)
    .bind(&equipment)
    .bind(input.step_free)
    .bind(input.hearing_loop)
    .bind(&description)
    .bind(input.refuse_when_full)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(|e| unique_space_name(e, &name))?;
    let after = space(&mut *tx, id).await?;
    audit::record(
        &mut tx,
        actor,
        "space.update",
        "space",
        id,
        Some(&space_json(&before)),
        Some(&space_json(&after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// A new secret for a space's feed: the old URL stops working.
pub async fn renew_space_token(pool: &SqlitePool, actor: &Actor, id: i64) -> Result<(), Refusal> {
    let mut tx = db::begin_write(pool).await?;
    space(&mut *tx, id).await?;
    sqlx::query("UPDATE spaces SET calendar_token = ? WHERE id = ?")
        .bind(crate::auth::random_token())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, actor, "space.token", "space", id, None, None).await?;
    tx.commit().await?;
    Ok(())
}

/// The spaces a booking of `space_id` competes with: itself, its whole, its halves.
pub async fn related_spaces(
    conn: impl sqlx::SqliteExecutor<'_>,
    space_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT ?1 UNION ALL SELECT parent_id FROM spaces WHERE id = ?1 AND parent_id IS NOT NULL
         UNION ALL SELECT id FROM spaces WHERE parent_id = ?1",
    )
    .bind(space_id)
    .fetch_all(conn)
    .await
}

/// Binds a `space` kiosk to the space whose door it is.
pub async fn set_door(
    pool: &SqlitePool,
    actor: &Actor,
    kiosk_id: &str,
    space_id: i64,
) -> Result<(), Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let role: Option<String> = sqlx::query_scalar("SELECT role FROM kiosks WHERE id = ?")
        .bind(kiosk_id)
        .fetch_optional(&mut *tx)
        .await?;
    if role.as_deref() != Some("space") {
        return Err(Refusal::field("kiosk_id", "error-space-kiosk-not-space"));
    }
    space(&mut *tx, space_id)
        .await
        .map_err(|_| Refusal::field("space_id", "error-space-unknown"))?;
    sqlx::query(
        "INSERT INTO space_doors (kiosk_id, space_id) VALUES (?, ?)
         ON CONFLICT (kiosk_id) DO UPDATE SET space_id = excluded.space_id",
    )
    .bind(kiosk_id)
    .bind(space_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "space.door",
        "space",
        space_id,
        None,
        Some(&json!({ "kiosk_id": kiosk_id })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An association's feed secret, created the first time it is asked for.
pub async fn association_token(pool: &SqlitePool, association_id: i64) -> Result<String, Refusal> {
    if let Some(t) = sqlx::query_scalar::<_, String>(
        "SELECT token FROM association_calendar_tokens WHERE association_id = ?",
    )
    .bind(association_id)
    .fetch_optional(pool)
    .await?
    {
        return Ok(t);
    }
    let mut tx = db::begin_write(pool).await?;
    let known: Option<i64> = sqlx::query_scalar("SELECT id FROM associations WHERE id = ?")
        .bind(association_id)
        .fetch_optional(&mut *tx)
        .await?;
    if known.is_none() {
        return Err(Refusal::NotFound);
    }
    sqlx::query(
        "INSERT INTO association_calendar_tokens (association_id, token, created_at)
         VALUES (?, ?, ?) ON CONFLICT (association_id) DO NOTHING",
    )
    .bind(association_id)
    .bind(crate::auth::random_token())
    .bind(db::now_text())
    .execute(&mut *tx)
    .await?;
    let token: String = sqlx::query_scalar(
        "SELECT token FROM association_calendar_tokens WHERE association_id = ?",
    )
    .bind(association_id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// A new secret for an association's feed.
pub async fn renew_association_token(
    pool: &SqlitePool,
    actor: &Actor,
    association_id: i64,
) -> Result<String, Refusal> {
    association_token(pool, association_id).await?;
    let token = crate::auth::random_token();
    let mut tx = db::begin_write(pool).await?;
    sqlx::query("UPDATE association_calendar_tokens SET token = ? WHERE association_id = ?")
        .bind(&token)
        .bind(association_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        "association.calendar_token",
        "association",
        association_id,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The association whose feed this secret opens.
pub async fn association_by_token(
    conn: impl sqlx::SqliteExecutor<'_>,
    token: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.name FROM association_calendar_tokens t
         JOIN associations a ON a.id = t.association_id WHERE t.token = ?",
    )
    .bind(token)
    .fetch_optional(conn)
    .await
}

// ---------------------------------------------------------------------------------------------
// Periodic work

/// Every minute: release the bookings nobody checked in to within their use's grace period, and
/// close the visits whose leaving tap was forgotten.
fn housekeeping(state: &crate::web::AppState) -> crate::web::domain::Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        let now = chrono::Utc::now();
        let released = booking::release_no_shows(&state.pool, now).await?;
        if released > 0 {
            tracing::info!(released, "bookings released: nobody checked in");
        }
        let closed = occupancy::close_stale(&state.pool, now).await?;
        if closed > 0 {
            tracing::info!(closed, "room visits closed after a forgotten exit tap");
        }
        Ok(())
    })
}

/// The reminders of tomorrow's bookings (through `notify`).
fn reminders(state: &crate::web::AppState) -> crate::web::domain::Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        crate::notify::run_reminders(state, |conn, from, to| {
            Box::pin(notices::remind(conn, from, to))
        })
        .await?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// The list of domains

/// The chrono'espaces' entry in the list of domains.
pub static DOMAIN: crate::web::domain::Domain = crate::web::domain::Domain {
    openapi: Some(<api::SpacesApiDoc as utoipa::OpenApi>::openapi),
    export: Some(gdpr::export),
    erase: Some(gdpr::erase),
    waiting_for_desk: Some(requests_waiting),
    night_alerts: Some(night_alerts),
    in_house: Some(occupancy::in_house_hook),
    kiosk_role: Some(crate::web::domain::KioskRole {
        role: "space",
        guests: true,
        inside: true,
        tap: occupancy::kiosk_tap,
        next_step: None,
    }),
    check: Some(check::run),
    demo: Some(demo::demo),
    measures: &measures::MEASURES,
    jobs: &[
        crate::web::domain::Job {
            name: "spaces-housekeeping",
            every_seconds: 60,
            run: housekeeping,
        },
        crate::web::domain::Job {
            name: "spaces-reminders",
            every_seconds: 300,
            run: reminders,
        },
    ],
    ..crate::web::domain::Domain::new("spaces", routes)
};

/// The room requests waiting for the desk's answer (the menu's count).
fn requests_waiting(
    pool: &sqlx::SqlitePool,
) -> crate::web::domain::Fut<'_, Result<i64, sqlx::Error>> {
    Box::pin(booking::request_count(pool))
}

/// The room requests waiting for the desk for tonight or tomorrow morning, for its night view.
fn night_alerts<'a>(
    state: &'a crate::web::AppState,
    c: &'a crate::web::Ctx,
) -> crate::web::domain::Fut<'a, Result<Vec<crate::web::domain::Alert>, crate::web::PageError>> {
    Box::pin(async move {
        // Tonight's: those starting before noon tomorrow, when the day's team is there again.
        let tz = state.config.time_zone;
        let noon = (chrono::Utc::now().with_timezone(&tz).date_naive() + chrono::Duration::days(1))
            .and_hms_opt(12, 0, 0)
            .unwrap_or_default();
        let until = crate::time::resolve_local(tz, noon);
        let n = booking::requests_starting_before(&state.pool, until).await?;
        Ok((n > 0)
            .then(|| crate::web::domain::Alert {
                urgent: false,
                text: c
                    .tr
                    .tn("sp-night-requests", usize::try_from(n).unwrap_or(0)),
                link: Some("/accueil/demandes".into()),
            })
            .into_iter()
            .collect())
    })
}

fn routes(r: &mut crate::web::Routes) {
    pages::declare(r);
    admin::declare(r);
    api::declare(r);
}

#[cfg(test)]
mod tests;
