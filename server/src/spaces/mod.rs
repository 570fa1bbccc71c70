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

pub mod booking;
pub mod feeds;
pub mod heatmap;
pub mod ical;
pub mod occupancy;
pub mod timetable;

use crate::audit::{self, Actor};
use crate::db;
use crate::people::{FieldError, Refusal};
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
            key: "error-too-long",
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
    let name = text(&mut errors, "name", &input.name, 120, true);
    let floor = text(&mut errors, "floor", &input.floor, 60, false);
    let equipment = text(&mut errors, "equipment", &input.equipment, 1000, false);
    let description = text(&mut errors, "description", &input.description, 2000, false);
    if !(1..=10_000).contains(&input.capacity) {
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
    let name = text(&mut errors, "name", &input.name, 120, true);
    let floor = text(&mut errors, "floor", &input.floor, 60, false);
    let equipment = text(&mut errors, "equipment", &input.equipment, 1000, false);
    let description = text(&mut errors, "description", &input.description, 2000, false);
    if !(1..=10_000).contains(&input.capacity) {
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

#[derive(sqlx::FromRow)]
struct UseRow {
    id: i64,
    code: String,
    name: String,
    colour: String,
    mode: String,
    capacity: Option<i64>,
    open_to_residents: bool,
    open_to_associations: bool,
    open_to_everyone: bool,
    associations: Option<String>,
    min_minutes: i64,
    max_minutes: i64,
    notice_minutes: i64,
    approval: bool,
    price_kind: String,
    price_per_hour: i64,
    changeover_before: i64,
    changeover_after: i64,
    checkin_grace_minutes: Option<i64>,
    public_by_default: bool,
}

impl From<UseRow> for Use {
    fn from(r: UseRow) -> Use {
        Use {
            id: r.id,
            code: r.code,
            name: r.name,
            colour: r.colour,
            mode: Mode::parse(&r.mode).unwrap_or(Mode::Exclusive),
            capacity: r.capacity,
            open_to_residents: r.open_to_residents,
            open_to_associations: r.open_to_associations,
            open_to_everyone: r.open_to_everyone,
            associations: r
                .associations
                .unwrap_or_default()
                .split(',')
                .filter_map(|s| s.parse().ok())
                .collect(),
            min_minutes: r.min_minutes,
            max_minutes: r.max_minutes,
            notice_minutes: r.notice_minutes,
            approval: r.approval,
            price_kind: r.price_kind,
            price_per_hour: r.price_per_hour,
            changeover_before: r.changeover_before,
            changeover_after: r.changeover_after,
            checkin_grace_minutes: r.checkin_grace_minutes,
            public_by_default: r.public_by_default,
        }
    }
}

macro_rules! use_select {
    () => {
        "SELECT u.id, u.code, u.name, u.colour, u.mode, u.capacity,
        u.open_to_residents, u.open_to_associations, u.open_to_everyone,
        (SELECT group_concat(association_id) FROM space_use_associations a WHERE a.use_id = u.id)
            AS associations,
        u.min_minutes, u.max_minutes, u.notice_minutes, u.approval, u.price_kind,
        u.price_per_hour, u.changeover_before, u.changeover_after, u.checkin_grace_minutes,
        u.public_by_default
     FROM space_uses u"
    };
}

pub async fn uses(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Vec<Use>, sqlx::Error> {
    let rows: Vec<UseRow> =
        sqlx::query_as(concat!(use_select!(), " ORDER BY u.name COLLATE NOCASE"))
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(Use::from).collect())
}

pub async fn use_(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Use, Refusal> {
    let row: Option<UseRow> = sqlx::query_as(concat!(use_select!(), " WHERE u.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(Use::from).ok_or(Refusal::NotFound)
}

struct ValidUse {
    code: String,
    name: String,
    colour: String,
    mode: Mode,
}

fn validate_use(input: &UseInput) -> Result<ValidUse, Refusal> {
    let mut errors = vec![];
    let code = input.code.trim().to_owned();
    if code.is_empty()
        || code.len() > 40
        || !code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        errors.push(FieldError {
            field: "code",
            key: "error-space-use-code",
        });
    }
    let name = text(&mut errors, "name", &input.name, 80, true);
    let colour = input.colour.trim().to_ascii_lowercase();
    if colour.len() != 7
        || !colour.starts_with('#')
        || !colour[1..].bytes().all(|b| b.is_ascii_hexdigit())
    {
        errors.push(FieldError {
            field: "colour",
            key: "error-space-colour",
        });
    }
    let mode = Mode::parse(input.mode.trim());
    if mode.is_none() {
        errors.push(FieldError {
            field: "mode",
            key: "error-choice",
        });
    }
    if input.capacity.is_some_and(|c| !(1..=10_000).contains(&c)) {
        errors.push(FieldError {
            field: "capacity",
            key: "error-space-capacity",
        });
    }
    if !(5..=10_080).contains(&input.min_minutes) {
        errors.push(FieldError {
            field: "min_minutes",
            key: "error-space-duration-setting",
        });
    }
    if !(input.min_minutes..=10_080).contains(&input.max_minutes) {
        errors.push(FieldError {
            field: "max_minutes",
            key: "error-space-duration-setting",
        });
    }
    if !(0..=525_600).contains(&input.notice_minutes) {
        errors.push(FieldError {
            field: "notice_minutes",
            key: "error-space-notice-setting",
        });
    }
    if !PRICE_KINDS.contains(&input.price_kind.as_str()) {
        errors.push(FieldError {
            field: "price_kind",
            key: "error-choice",
        });
    } else if !(0..=10_000_000).contains(&input.price_per_hour)
        || (input.price_kind == "free" && input.price_per_hour != 0)
    {
        errors.push(FieldError {
            field: "price_per_hour",
            key: "error-space-price",
        });
    }
    for (field, v) in [
        ("changeover_before", input.changeover_before),
        ("changeover_after", input.changeover_after),
    ] {
        if !(0..=240).contains(&v) {
            errors.push(FieldError {
                field,
                key: "error-space-changeover",
            });
        }
    }
    if input
        .checkin_grace_minutes
        .is_some_and(|g| !(5..=240).contains(&g))
    {
        errors.push(FieldError {
            field: "checkin_grace_minutes",
            key: "error-space-grace",
        });
    }
    match mode {
        Some(mode) if errors.is_empty() => Ok(ValidUse {
            code,
            name,
            colour,
            mode,
        }),
        _ => Err(Refusal::Invalid(errors)),
    }
}

/// Creates a use.
pub async fn create_use(
    pool: &SqlitePool,
    actor: &Actor,
    input: &UseInput,
) -> Result<Use, Refusal> {
    let v = validate_use(input)?;
    let mut tx = db::begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO space_uses (code, name, colour, mode, capacity, open_to_residents,
             open_to_associations, open_to_everyone, min_minutes, max_minutes, notice_minutes,
             approval, price_kind, price_per_hour, changeover_before, changeover_after,
             checkin_grace_minutes, public_by_default, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&v.code)
    .bind(&v.name)
    .bind(&v.colour)
    .bind(v.mode.as_str())
    .bind(input.capacity)
    .bind(input.open_to_residents)
    .bind(input.open_to_associations)
    .bind(input.open_to_everyone)
    .bind(input.min_minutes)
    .bind(input.max_minutes)
    .bind(input.notice_minutes)
    .bind(input.approval)
    .bind(&input.price_kind)
    .bind(input.price_per_hour)
    .bind(input.changeover_before)
    .bind(input.changeover_after)
    .bind(input.checkin_grace_minutes)
    .bind(input.public_by_default)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => Refusal::Conflict {
            key: "error-space-use-exists",
            arg: v.code.clone(),
        },
        _ => Refusal::Db(e),
    })?;
    set_use_associations(&mut tx, id, &input.associations).await?;
    let created = use_(&mut *tx, id).await?;
    audit::record(
        &mut tx,
        actor,
        "space.use.create",
        "space_use",
        id,
        None,
        Some(&json!(created)),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Updates a use; bookings already made keep the rules they were made under.
pub async fn update_use(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    input: &UseInput,
) -> Result<Use, Refusal> {
    let v = validate_use(input)?;
    let mut tx = db::begin_write(pool).await?;
    let before = use_(&mut *tx, id).await?;
    sqlx::query(
        "UPDATE space_uses SET code = ?, name = ?, colour = ?, mode = ?, capacity = ?,
             open_to_residents = ?, open_to_associations = ?, open_to_everyone = ?,
             min_minutes = ?, max_minutes = ?, notice_minutes = ?, approval = ?, price_kind = ?,
             price_per_hour = ?, changeover_before = ?, changeover_after = ?,
             checkin_grace_minutes = ?, public_by_default = ?
         WHERE id = ?",
    )
    .bind(&v.code)
    .bind(&v.name)
    .bind(&v.colour)
    .bind(v.mode.as_str())
    .bind(input.capacity)
    .bind(input.open_to_residents)
    .bind(input.open_to_associations)
    .bind(input.open_to_everyone)
    .bind(input.min_minutes)
    .bind(input.max_minutes)
    .bind(input.notice_minutes)
    .bind(input.approval)
    .bind(&input.price_kind)
    .bind(input.price_per_hour)
    .bind(input.changeover_before)
    .bind(input.changeover_after)
    .bind(input.checkin_grace_minutes)
    .bind(input.public_by_default)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => Refusal::Conflict {
            key: "error-space-use-exists",
            arg: v.code.clone(),
        },
        _ => Refusal::Db(e),
    })?;
    set_use_associations(&mut tx, id, &input.associations).await?;
    let after = use_(&mut *tx, id).await?;
    audit::record(
        &mut tx,
        actor,
        "space.use.update",
        "space_use",
        id,
        Some(&json!(before)),
        Some(&json!(after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

async fn set_use_associations(
    tx: &mut sqlx::SqliteConnection,
    use_id: i64,
    associations: &[i64],
) -> Result<(), Refusal> {
    sqlx::query("DELETE FROM space_use_associations WHERE use_id = ?")
        .bind(use_id)
        .execute(&mut *tx)
        .await?;
    for a in associations {
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM associations WHERE id = ?")
            .bind(a)
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(Refusal::field(
                "associations",
                "error-space-association-unknown",
            ));
        }
        sqlx::query("INSERT INTO space_use_associations (use_id, association_id) VALUES (?, ?)")
            .bind(use_id)
            .bind(a)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct WindowRow {
    id: i64,
    space_id: i64,
    weekday: i64,
    start_local: String,
    end_local: String,
    use_id: i64,
}

impl From<WindowRow> for Window {
    fn from(r: WindowRow) -> Window {
        Window {
            id: r.id,
            space_id: r.space_id,
            weekday: u32::try_from(r.weekday).unwrap_or(1),
            start_minute: parse_hhmm(&r.start_local).unwrap_or(0),
            end_minute: parse_hhmm(&r.end_local).unwrap_or(0),
            use_id: r.use_id,
        }
    }
}

/// The weekly windows of some spaces (all when `space_ids` is empty), by space, day and time.
pub async fn windows(
    conn: impl sqlx::SqliteExecutor<'_>,
    space_ids: &[i64],
) -> Result<Vec<Window>, sqlx::Error> {
    let rows: Vec<WindowRow> = sqlx::query_as(
        "SELECT id, space_id, weekday, start_local, end_local, use_id FROM space_windows
         WHERE ?1 = '[]' OR space_id IN (SELECT value FROM json_each(?1))
         ORDER BY space_id, weekday, start_local",
    )
    .bind(json!(space_ids).to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Window::from).collect())
}

/// Replaces a space's weekly timetable. Windows of one day must not overlap; the whole list is
/// refused if one is wrong (the refusal names the field, or the overlapping day and hours).
pub async fn set_windows(
    pool: &SqlitePool,
    actor: &Actor,
    space_id: i64,
    input: &[WindowInput],
) -> Result<Vec<Window>, Refusal> {
    let mut parsed = vec![];
    for w in input {
        let start = parse_hhmm(&w.start).filter(|m| *m < 1440);
        let end = parse_hhmm(&w.end);
        match (start, end) {
            _ if !(1..=7).contains(&w.weekday) => {
                return Err(Refusal::field("weekday", "error-choice"));
            }
            (Some(s), Some(e)) if e > s => parsed.push((w.weekday, s, e, w.use_id)),
            (Some(_), Some(_)) => {
                return Err(Refusal::field("end", "error-space-end-before-start"));
            }
            _ => return Err(Refusal::field("start", "error-space-time-invalid")),
        }
    }
    for (i, a) in parsed.iter().enumerate() {
        for b in &parsed[i + 1..] {
            if a.0 == b.0 && a.1 < b.2 && b.1 < a.2 {
                return Err(Refusal::Conflict {
                    key: "error-space-windows-overlap",
                    arg: format!("{} {}–{}", weekday_number_name(a.0), hhmm(b.1), hhmm(b.2)),
                });
            }
        }
    }
    let mut tx = db::begin_write(pool).await?;
    space(&mut *tx, space_id).await?;
    for (_, _, _, use_id) in &parsed {
        use_(&mut *tx, *use_id)
            .await
            .map_err(|_| Refusal::field("use_id", "error-space-use-unknown"))?;
    }
    let before = windows(&mut *tx, &[space_id]).await?;
    sqlx::query("DELETE FROM space_windows WHERE space_id = ?")
        .bind(space_id)
        .execute(&mut *tx)
        .await?;
    for (weekday, s, e, use_id) in &parsed {
        sqlx::query(
            "INSERT INTO space_windows (space_id, weekday, start_local, end_local, use_id)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(space_id)
        .bind(weekday)
        .bind(hhmm(*s))
        .bind(hhmm(*e))
        .bind(use_id)
        .execute(&mut *tx)
        .await?;
    }
    let after = windows(&mut *tx, &[space_id]).await?;
    audit::record(
        &mut tx,
        actor,
        "space.timetable",
        "space",
        space_id,
        Some(&json!(before)),
        Some(&json!(after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// A weekday's number (1 = Monday) as a short French name, for messages.
fn weekday_number_name(n: u32) -> &'static str {
    ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
        .get(n.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

#[derive(sqlx::FromRow)]
struct ExceptionRow {
    id: i64,
    space_id: Option<i64>,
    day: String,
    start_local: Option<String>,
    end_local: Option<String>,
    use_id: Option<i64>,
    label: String,
}

impl ExceptionRow {
    fn into_exception(self) -> Option<Exception> {
        Some(Exception {
            id: self.id,
            space_id: self.space_id,
            day: self.day.parse().ok()?,
            start_minute: self.start_local.as_deref().and_then(parse_hhmm),
            end_minute: self.end_local.as_deref().and_then(parse_hhmm),
            use_id: self.use_id,
            label: self.label,
        })
    }
}

/// The exceptions between two local days (inclusive), the site's and the spaces'.
pub async fn exceptions(
    conn: impl sqlx::SqliteExecutor<'_>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<Exception>, sqlx::Error> {
    let rows: Vec<ExceptionRow> = sqlx::query_as(
        "SELECT id, space_id, day, start_local, end_local, use_id, label FROM space_exceptions
         WHERE day BETWEEN ? AND ? ORDER BY day, space_id IS NOT NULL, id",
    )
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(ExceptionRow::into_exception)
        .collect())
}

/// Adds a dated exception.
pub async fn add_exception(
    pool: &SqlitePool,
    actor: &Actor,
    input: &ExceptionInput,
) -> Result<Exception, Refusal> {
    let mut errors = vec![];
    let label = text(&mut errors, "label", &input.label, 120, true);
    use chrono::Datelike;
    let day: Option<chrono::NaiveDate> = input
        .day
        .trim()
        .parse()
        .ok()
        .filter(|d: &chrono::NaiveDate| (2000..=2199).contains(&d.year()));
    if day.is_none() {
        errors.push(FieldError {
            field: "day",
            key: "error-date",
        });
    }
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    let (start, end) = match (blank(&input.start), blank(&input.end)) {
        (true, true) => (None, None),
        (false, false) => {
            let s = input
                .start
                .as_deref()
                .and_then(parse_hhmm)
                .filter(|m| *m < 1440);
            let e = input.end.as_deref().and_then(parse_hhmm);
            match (s, e) {
                (Some(s), Some(e)) if e > s => (Some(s), Some(e)),
                (Some(_), Some(_)) => {
                    errors.push(FieldError {
                        field: "end",
                        key: "error-space-end-before-start",
                    });
                    (None, None)
                }
                _ => {
                    errors.push(FieldError {
                        field: "start",
                        key: "error-space-time-invalid",
                    });
                    (None, None)
                }
            }
        }
        _ => {
            errors.push(FieldError {
                field: "end",
                key: "error-space-both-times",
            });
            (None, None)
        }
    };
    let (Some(day), true) = (day, errors.is_empty()) else {
        return Err(Refusal::Invalid(errors));
    };
    let mut tx = db::begin_write(pool).await?;
    if let Some(s) = input.space_id {
        space(&mut *tx, s)
            .await
            .map_err(|_| Refusal::field("space_id", "error-space-unknown"))?;
    }
    if let Some(u) = input.use_id {
        use_(&mut *tx, u)
            .await
            .map_err(|_| Refusal::field("use_id", "error-space-use-unknown"))?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO space_exceptions (space_id, day, start_local, end_local, use_id, label, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(input.space_id)
    .bind(day.to_string())
    .bind(start.map(hhmm))
    .bind(end.map(hhmm))
    .bind(input.use_id)
    .bind(&label)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    let created = Exception {
        id,
        space_id: input.space_id,
        day,
        start_minute: start,
        end_minute: end,
        use_id: input.use_id,
        label,
    };
    audit::record(
        &mut tx,
        actor,
        "space.exception.add",
        "space_exception",
        id,
        None,
        Some(&json!(created)),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Removes a dated exception (the weekly timetable applies again that day).
pub async fn remove_exception(pool: &SqlitePool, actor: &Actor, id: i64) -> Result<(), Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let row: Option<ExceptionRow> = sqlx::query_as(
        "SELECT id, space_id, day, start_local, end_local, use_id, label FROM space_exceptions
         WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let before = row
        .and_then(ExceptionRow::into_exception)
        .ok_or(Refusal::NotFound)?;
    sqlx::query("DELETE FROM space_exceptions WHERE id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        "space.exception.remove",
        "space_exception",
        id,
        Some(&json!(before)),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_are_read_in_the_forms_people_type() {
        assert_eq!(parse_hhmm("08:00"), Some(480));
        assert_eq!(parse_hhmm("8h30"), Some(510));
        assert_eq!(parse_hhmm("18 h"), Some(1080));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("24:01"), None);
        assert_eq!(parse_hhmm("12:60"), None);
        assert_eq!(parse_hhmm("midi"), None);
        assert_eq!(hhmm(1440), "24:00");
        assert_eq!(hhmm(65), "01:05");
    }
}
