//! The participatory hostel (migration 0011): rooms and their beds, seasonal rates, rooms or beds
//! out of order, and stays that hold one row per bed per night — the database refuses a second
//! holder of a bed-night whatever the door.
//!
//! - this module: rooms, beds, rates, closures, the settings, and what a night is;
//! - [`stays`]: stays — create, confirm, check in, check out, change the dates, cancel, no-show;
//! - [`day`]: the desk's day (arrivals, departures, in-house guests) and the beds × nights grid;
//! - [`housekeeping`]: clean, dirty, inspected — a check-out makes beds dirty, nobody is checked
//!   in on a dirty bed;
//! - [`police`]: the *fiches individuelles de police* of foreign guests, purged after six months;
//! - [`tax`]: the taxe de séjour, its rules by commune and date range, and its register;
//! - [`api`], [`pages`]: the API and the desk's pages.
//!
//! A night is a local date: the night from that date's evening to the next morning in the site's
//! time zone. A stay from `arrival` to `departure` holds the nights `arrival ≤ night < departure`,
//! so a change of clocks never adds or loses one. The hostel's day starts at a set hour
//! ([`Settings::day_starts_hour`], 06:00 by default): a walk-in at 00:30 belongs to the night that
//! began the evening before.

pub mod api;
pub mod badges;
mod check;
pub mod day;
mod demo;
pub mod feeds;
pub mod folio;
mod folio_api;
mod gdpr;
pub mod housekeeping;
pub mod imports;
mod imports_api;
pub mod measures;
mod moves;
pub mod night_audit;
pub mod notices;
pub mod pages;
pub mod police;
pub mod stays;
pub mod tax;

use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{Fields, Refusal};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

/// What a room is.
pub const ROOM_KINDS: [&str; 2] = ["dorm", "private"];
/// Its bathroom.
pub const BATHROOMS: [&str; 2] = ["private", "shared"];
/// The most beds in one room.
pub const MAX_BEDS: i64 = 20;
/// The longest room, rate or extra name; the longest notes; the longest reason (characters).
pub const NAME_MAX: usize = 60;
pub const NOTES_MAX: usize = 2000;
pub const REASON_MAX: usize = 200;
/// The floors a room may be on; the highest price of a night or an extra (cents).
pub const FLOORS: (i64, i64) = (-2, 20);
pub const PRICE_MAX: i64 = 100_000;
/// The longest idempotency key (characters).
pub const KEY_MAX: usize = 100;
/// The longest phone number and e-mail address of a guest (characters).
pub const PHONE_MAX: usize = 30;
pub const EMAIL_MAX: usize = 200;

/// The hostel's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[schema(as = HostelSettings)]
pub struct Settings {
    /// The local hour at which a new hostel day starts (a walk-in before it belongs to the night
    /// before).
    pub day_starts_hour: i64,
    /// The local hour of the night audit (03:00 by default): it closes the night before.
    pub audit_hour: i64,
    /// Whether a no-show pays its first night (else nothing).
    pub no_show_pays_first_night: bool,
    /// What an hour of SEL is worth on a folio, in euro cents (0: the hostel takes no SEL).
    pub sel_cents_per_hour: i64,
    /// The largest share of a stay's charges that SEL minutes may pay, in per cent.
    pub sel_max_percent: i64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            day_starts_hour: 6,
            audit_hour: 3,
            no_show_pays_first_night: true,
            sel_cents_per_hour: 0,
            sel_max_percent: 50,
        }
    }
}

pub async fn settings(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Settings, sqlx::Error> {
    sqlx::query_as(
        "SELECT day_starts_hour, audit_hour, no_show_charge = 'first_night' AS no_show_pays_first_night,
                sel_cents_per_hour, sel_max_percent
         FROM hostel_settings WHERE id = 1",
    )
    .fetch_one(conn)
    .await
}

/// The night an instant belongs to: its local date, less a day before the hostel's day starts.
pub fn night_of(at: DateTime<Utc>, tz: chrono_tz::Tz, s: Settings) -> NaiveDate {
    (at.with_timezone(&tz).naive_local() - Duration::hours(s.day_starts_hour)).date()
}

/// The nights from `first` to the night before `end`.
pub fn nights(first: NaiveDate, end: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    first.iter_days().take_while(move |d| *d < end)
}

/// A `YYYY-MM-DD` date.
pub fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Euro cents as « 27,50 € ».
pub fn euros(cents: i64) -> String {
    if cents < 0 {
        return format!("-{}", euros(-cents));
    }
    format!("{},{:02} €", cents / 100, (cents % 100).abs())
}

/// A room of the hostel, with its number of beds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[schema(as = HostelRoom)]
pub struct Room {
    pub id: i64,
    pub name: String,
    /// dorm (sold by the bed, or whole to a group) or private (sold whole).
    pub kind: String,
    pub floor: i64,
    pub step_free: bool,
    /// private or shared.
    pub bathroom: String,
    pub women_only: bool,
    /// A dormitory's price per bed and night, a private room's per night, in euro cents (when no
    /// seasonal rate applies).
    pub price_cents: i64,
    pub notes: String,
    pub retired_at: Option<String>,
    pub created_at: String,
    pub beds: i64,
}

impl Room {
    pub fn is_dorm(&self) -> bool {
        self.kind == "dorm"
    }
}

macro_rules! room_select {
    () => {
        "SELECT r.id, r.name, r.kind, r.floor, r.step_free, r.bathroom, r.women_only,
                r.price_cents, r.notes, r.retired_at, r.created_at,
                (SELECT count(*) FROM hostel_beds b WHERE b.room_id = r.id) AS beds
         FROM hostel_rooms r"
    };
}

/// A bed, with its room's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[schema(as = HostelBed)]
pub struct Bed {
    pub id: i64,
    pub room_id: i64,
    pub room_name: String,
    pub label: String,
    /// clean, dirty or inspected.
    pub housekeeping: String,
}

pub async fn room(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Room, Refusal> {
    sqlx::query_as(concat!(room_select!(), " WHERE r.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(Refusal::NotFound)
}

/// The rooms in service, by floor then name.
pub async fn rooms(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Vec<Room>, sqlx::Error> {
    sqlx::query_as(concat!(
        room_select!(),
        " WHERE r.retired_at IS NULL ORDER BY r.floor, r.name COLLATE NOCASE"
    ))
    .fetch_all(conn)
    .await
}

/// Every bed of the rooms in service, room by room.
pub async fn beds(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Vec<Bed>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.id, b.room_id, r.name AS room_name, b.label, b.housekeeping
         FROM hostel_beds b JOIN hostel_rooms r ON r.id = b.room_id
         WHERE r.retired_at IS NULL
         ORDER BY r.floor, r.name COLLATE NOCASE, b.id",
    )
    .fetch_all(conn)
    .await
}

/// A room as typed in a form or sent to the API.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct RoomInput {
    pub name: String,
    /// dorm or private.
    pub kind: String,
    /// How many beds (1 to 20); each is labelled 1, 2, 3…
    pub beds: i64,
    #[serde(default)]
    pub floor: i64,
    #[serde(default)]
    pub step_free: bool,
    /// private or shared (default).
    #[serde(default)]
    pub bathroom: Option<String>,
    #[serde(default)]
    pub women_only: bool,
    /// Euro cents: per bed and night in a dormitory, per night for a private room.
    pub price_cents: i64,
    #[serde(default)]
    pub notes: String,
}

/// Adds a room and its beds.
pub async fn create_room(
    pool: &SqlitePool,
    actor: &Actor,
    input: &RoomInput,
) -> Result<Room, Refusal> {
    let mut errors = Fields::default();
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        errors.refuse("name", "error-hostel-room-name");
    }
    if !ROOM_KINDS.contains(&input.kind.as_str()) {
        errors.refuse("kind", "error-hostel-room-kind");
    }
    if !(1..=MAX_BEDS).contains(&input.beds) {
        errors.refuse("beds", "error-hostel-room-beds");
    }
    if !(FLOORS.0..=FLOORS.1).contains(&input.floor) {
        errors.refuse("floor", "error-hostel-room-floor");
    }
    let bathroom = input.bathroom.as_deref().unwrap_or("shared");
    if !BATHROOMS.contains(&bathroom) {
        errors.refuse("bathroom", "error-hostel-room-bathroom");
    }
    if input.women_only && input.kind != "dorm" {
        errors.refuse("women_only", "error-hostel-room-women-only");
    }
    if !(0..=PRICE_MAX).contains(&input.price_cents) {
        errors.refuse("price_cents", "error-hostel-price");
    }
    if input.notes.chars().count() > NOTES_MAX {
        errors.refuse("notes", "error-hostel-notes");
    }
    errors.done()?;
    let mut tx = db::begin_write(pool).await?;
    let taken: Option<String> =
        sqlx::query_scalar("SELECT name FROM hostel_rooms WHERE name = ? COLLATE NOCASE")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(other) = taken {
        return Err(Refusal::Conflict {
            key: "error-hostel-room-taken",
            arg: other,
        });
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO hostel_rooms (name, kind, floor, step_free, bathroom, women_only, price_cents,
             notes, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(&input.kind)
    .bind(input.floor)
    .bind(input.step_free)
    .bind(bathroom)
    .bind(input.women_only)
    .bind(input.price_cents)
    .bind(input.notes.trim())
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    for n in 1..=input.beds {
        sqlx::query("INSERT INTO hostel_beds (room_id, label) VALUES (?, ?)")
            .bind(id)
            .bind(n.to_string())
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        actor,
        "hostel.room.create",
        "hostel_room",
        id,
        None,
        Some(&json!({"name": name, "kind": input.kind, "beds": input.beds})),
    )
    .await?;
    let r = room(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(r)
}

/// A room or one of its beds out of order for some nights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[schema(as = HostelClosure)]
pub struct Closure {
    pub id: i64,
    pub room_id: i64,
    /// The bed, or none for the whole room.
    pub bed_id: Option<i64>,
    pub first_night: String,
    pub last_night: String,
    pub reason: String,
    pub created_by_name: String,
    pub created_at: String,
}

/// Puts a room (or one bed) out of order for some nights.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ClosureInput {
    #[serde(default)]
    pub bed_id: Option<i64>,
    /// `YYYY-MM-DD`.
    pub first_night: String,
    /// `YYYY-MM-DD`, included.
    pub last_night: String,
    pub reason: String,
}

/// Puts a room or bed out of order; refused while a stay holds one of those nights (it is moved
/// or cancelled first: the stays in the way are named).
pub async fn close(
    pool: &SqlitePool,
    actor: &Actor,
    room_id: i64,
    input: &ClosureInput,
) -> Result<Closure, Refusal> {
    let mut errors = Fields::default();
    let first = date(&input.first_night);
    let last = date(&input.last_night);
    if first.is_none() {
        errors.refuse("first_night", "error-hostel-date");
    }
    if last.is_none() {
        errors.refuse("last_night", "error-hostel-date");
    }
    if let (Some(f), Some(l)) = (first, last)
        && (l < f || (l - f).num_days() > 366)
    {
        errors.refuse("last_night", "error-hostel-closure-dates");
    }
    let reason = input.reason.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX {
        errors.refuse("reason", "error-hostel-reason");
    }
    let (Some(first), Some(last)) = (first, last) else {
        return Err(errors.into_refusal());
    };
    errors.done()?;
    let mut tx = db::begin_write(pool).await?;
    room(&mut *tx, room_id).await?;
    if let Some(bed) = input.bed_id {
        let ok: Option<i64> =
            sqlx::query_scalar("SELECT id FROM hostel_beds WHERE id = ? AND room_id = ?")
                .bind(bed)
                .bind(room_id)
                .fetch_optional(&mut *tx)
                .await?;
        if ok.is_none() {
            return Err(Refusal::field("bed_id", "error-hostel-bed"));
        }
    }
    let in_the_way: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT s.guest_name FROM hostel_nights n
           JOIN hostel_beds b ON b.id = n.bed_id JOIN hostel_stays s ON s.id = n.stay_id
         WHERE b.room_id = ?1 AND (?2 IS NULL OR b.id = ?2) AND n.released_at IS NULL
           AND n.night BETWEEN ?3 AND ?4 ORDER BY s.guest_name",
    )
    .bind(room_id)
    .bind(input.bed_id)
    .bind(first.to_string())
    .bind(last.to_string())
    .fetch_all(&mut *tx)
    .await?;
    if !in_the_way.is_empty() {
        return Err(Refusal::Conflict {
            key: "error-hostel-closure-held",
            arg: in_the_way.join(", "),
        });
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO hostel_closures (room_id, bed_id, first_night, last_night, reason,
             created_by_name, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(room_id)
    .bind(input.bed_id)
    .bind(first.to_string())
    .bind(last.to_string())
    .bind(reason)
    .bind(&actor.name)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "hostel.room.close",
        "hostel_room",
        room_id,
        None,
        Some(&json!({"bed_id": input.bed_id, "first_night": first, "last_night": last, "reason": reason})),
    )
    .await?;
    let c = sqlx::query_as(
        "SELECT id, room_id, bed_id, first_night, last_night, reason, created_by_name, created_at
         FROM hostel_closures WHERE id = ?",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(c)
}

/// The closures in force on some of the nights from `first` to `last` (included).
pub async fn closures(
    conn: impl sqlx::SqliteExecutor<'_>,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<Closure>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, room_id, bed_id, first_night, last_night, reason, created_by_name, created_at
         FROM hostel_closures
         WHERE lifted_at IS NULL AND first_night <= ? AND last_night >= ?
         ORDER BY first_night",
    )
    .bind(last.to_string())
    .bind(first.to_string())
    .fetch_all(conn)
    .await
}

/// A seasonal rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[schema(as = HostelRate)]
pub struct Rate {
    pub id: i64,
    pub name: String,
    pub room_kind: String,
    pub first_night: String,
    pub last_night: String,
    pub price_cents: i64,
}

/// A seasonal rate as typed.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct RateInput {
    pub name: String,
    /// dorm or private.
    pub room_kind: String,
    pub first_night: String,
    pub last_night: String,
    pub price_cents: i64,
}

/// Adds a seasonal rate (the latest one wins where two cover a night).
pub async fn add_rate(
    pool: &SqlitePool,
    actor: &Actor,
    input: &RateInput,
) -> Result<Rate, Refusal> {
    let mut errors = Fields::default();
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        errors.refuse("name", "error-hostel-rate-name");
    }
    if !ROOM_KINDS.contains(&input.room_kind.as_str()) {
        errors.refuse("room_kind", "error-hostel-room-kind");
    }
    let (first, last) = (date(&input.first_night), date(&input.last_night));
    if first.is_none() {
        errors.refuse("first_night", "error-hostel-date");
    }
    if last.is_none() {
        errors.refuse("last_night", "error-hostel-date");
    }
    if let (Some(f), Some(l)) = (first, last)
        && l < f
    {
        errors.refuse("last_night", "error-hostel-closure-dates");
    }
    if !(0..=PRICE_MAX).contains(&input.price_cents) {
        errors.refuse("price_cents", "error-hostel-price");
    }
    let (Some(first), Some(last)) = (first, last) else {
        return Err(errors.into_refusal());
    };
    errors.done()?;
    let mut tx = db::begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO hostel_rates (name, room_kind, first_night, last_night, price_cents, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(&input.room_kind)
    .bind(first.to_string())
    .bind(last.to_string())
    .bind(input.price_cents)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "hostel.rate.add",
        "hostel_rate",
        id,
        None,
        Some(
            &json!({"name": name, "room_kind": input.room_kind, "price_cents": input.price_cents}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Rate {
        id,
        name: name.to_owned(),
        room_kind: input.room_kind.clone(),
        first_night: first.to_string(),
        last_night: last.to_string(),
        price_cents: input.price_cents,
    })
}

/// The seasonal rates, latest first.
pub async fn rates(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Vec<Rate>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, room_kind, first_night, last_night, price_cents FROM hostel_rates
         ORDER BY id DESC",
    )
    .fetch_all(conn)
    .await
}

// ---------------------------------------------------------------------------------------------
// The list of domains

fn routes(r: &mut crate::web::Routes) {
    pages::declare(r);
    api::declare(r);
    folio_api::declare(r);
    imports_api::declare(r);
    r.add(
        axum::http::Method::GET,
        "/calendrier/hotel/{id}",
        crate::web::Access::Public,
        axum::routing::get(room_feed),
    );
}

/// A room's iCalendar feed, opened by its secret token (`{id}`, with or without `.ics`); any
/// other token is the feeds' one plain 404.
async fn room_feed(
    axum::extract::State(state): axum::extract::State<crate::web::AppState>,
    c: crate::web::Ctx,
    crate::web::P(token): crate::web::P<String>,
) -> Result<axum::response::Response, crate::web::PageError> {
    use crate::web::forms::{calendar, feed_token, no_calendar};
    let Some(token) = feed_token(&token) else {
        return Ok(no_calendar(&c));
    };
    let Some(room) = feeds::by_token(&state.pool, token).await? else {
        return Ok(no_calendar(&c));
    };
    let now = Utc::now();
    let today = stays::tonight(&state.pool, c.tz, now).await?;
    let (first, end) = feeds::window(today);
    let blocks = feeds::blocks(&state.pool, room.room_id, first, end).await?;
    let name = c.tr.ta("hostel-feed-name", &[("room", &room.name)]);
    Ok(calendar(feeds::render(
        &name,
        &blocks,
        (&c.tr.t("hostel-feed-held"), &c.tr.t("hostel-feed-closed")),
        now,
    )))
}

/// The hostel's part of the OpenAPI document.
fn openapi() -> utoipa::openapi::OpenApi {
    use utoipa::{Modify, OpenApi};
    let mut doc = api::HostelApiDoc::openapi();
    doc.merge(folio_api::FolioApiDoc::openapi());
    doc.merge(imports_api::ImportsApiDoc::openapi());
    LIMITS.modify(&mut doc);
    doc
}

/// What the hostel's rules take, stated in the document.
static LIMITS: crate::web::openapi::Limits = {
    use crate::web::openapi::{At, Limits, Rule};
    const DAY: Rule = Rule::Date;
    const NAME: Rule = Rule::Text(1, NAME_MAX);
    const PRICE: Rule = Rule::Int(0, PRICE_MAX);
    const KEY: Rule = Rule::Text(1, KEY_MAX);
    const REASON: Rule = Rule::Text(1, REASON_MAX);
    Limits(&[
        (At::Param("/api/v1/hostel/grid", "from"), DAY),
        (At::Param("/api/v1/hostel/day", "night"), DAY),
        (At::Param("/api/v1/hostel/police-forms", "from"), DAY),
        (At::Param("/api/v1/hostel/police-forms", "to"), DAY),
        (At::Param("/api/v1/hostel/tax-register", "from"), DAY),
        (At::Param("/api/v1/hostel/tax-register", "to"), DAY),
        (At::Field("RoomInput", "name"), NAME),
        (At::Field("RoomInput", "kind"), Rule::OneOf(&ROOM_KINDS)),
        (At::Field("RoomInput", "beds"), Rule::Int(1, MAX_BEDS)),
        (
            At::Field("RoomInput", "floor"),
            Rule::Int(FLOORS.0, FLOORS.1),
        ),
        (At::Field("RoomInput", "bathroom"), Rule::OneOf(&BATHROOMS)),
        (At::Field("RoomInput", "price_cents"), PRICE),
        (At::Field("RoomInput", "notes"), Rule::Text(0, NOTES_MAX)),
        (At::Field("ClosureInput", "first_night"), DAY),
        (At::Field("ClosureInput", "last_night"), DAY),
        (At::Field("ClosureInput", "reason"), REASON),
        (At::Field("RateInput", "name"), NAME),
        (
            At::Field("RateInput", "room_kind"),
            Rule::OneOf(&ROOM_KINDS),
        ),
        (At::Field("RateInput", "first_night"), DAY),
        (At::Field("RateInput", "last_night"), DAY),
        (At::Field("RateInput", "price_cents"), PRICE),
        (
            At::Field("NewStay", "guest_name"),
            Rule::Text(1, stays::GUEST_NAME_MAX),
        ),
        (At::Field("NewStay", "phone"), Rule::Text(0, PHONE_MAX)),
        (
            At::Field("NewStay", "email"),
            Rule::Pattern(crate::people::EMAIL_PATTERN, EMAIL_MAX),
        ),
        (
            At::Field("NewStay", "people"),
            Rule::Int(1, stays::PEOPLE_MAX),
        ),
        (At::Field("NewStay", "arrival"), DAY),
        (At::Field("NewStay", "departure"), DAY),
        (
            At::Field("NewStay", "beds"),
            Rule::Int(1, stays::PEOPLE_MAX),
        ),
        (At::Field("NewStay", "source"), Rule::OneOf(&stays::SOURCES)),
        (At::Field("NewStay", "notes"), Rule::Text(0, NOTES_MAX)),
        (At::Field("NewStay", "request_key"), KEY),
        (
            At::Field("NewStay", "minors"),
            Rule::Int(0, stays::PEOPLE_MAX),
        ),
        (
            At::Field("NewStay", "tax_exempt"),
            Rule::Int(0, stays::PEOPLE_MAX),
        ),
        (
            At::Field("NewStay", "tax_exempt_reason"),
            Rule::OneOf(&tax::EXEMPTIONS),
        ),
        (
            At::Field("StayCancelInput", "reason"),
            Rule::Text(0, stays::CANCEL_REASON_MAX),
        ),
        (At::Field("DepartureInput", "departure"), DAY),
        (At::Field("MoveInput", "reason"), REASON),
        (
            At::Field("MarkInput", "state"),
            Rule::OneOf(&housekeeping::STATES),
        ),
        (
            At::Field("HandInput", "card_id"),
            Rule::Pattern(crate::people::CARD_PATTERN, crate::people::CARD_MAX),
        ),
        (
            At::Field("HandInput", "holder"),
            Rule::Text(0, badges::HOLDER_MAX),
        ),
        (
            At::Field("PoliceInput", "last_name"),
            Rule::Text(police::NAME.0, police::NAME.1),
        ),
        (
            At::Field("PoliceInput", "first_name"),
            Rule::Text(police::NAME.0, police::NAME.1),
        ),
        (At::Field("PoliceInput", "birth_date"), DAY),
        (
            At::Field("PoliceInput", "birth_place"),
            Rule::Text(police::NAME.0, police::NAME.1),
        ),
        (
            At::Field("PoliceInput", "nationality"),
            Rule::Text(police::NATIONALITY.0, police::NATIONALITY.1),
        ),
        (
            At::Field("PoliceInput", "address"),
            Rule::Text(police::ADDRESS.0, police::ADDRESS.1),
        ),
        (At::Field("PoliceInput", "phone"), Rule::Text(0, PHONE_MAX)),
        (
            At::Field("PoliceInput", "email"),
            Rule::Pattern(crate::people::EMAIL_PATTERN, EMAIL_MAX),
        ),
        (
            At::Field("PoliceInput", "children"),
            Rule::Int(0, police::CHILDREN_MAX),
        ),
        (At::Field("PoliceInput", "signed_on_paper"), Rule::Ticked),
        (At::Field("ExtraInput", "name"), NAME),
        (At::Field("ExtraInput", "name"), Rule::Unique),
        (At::Field("ExtraInput", "price_cents"), PRICE),
        (
            At::Field("ExtraSale", "quantity"),
            Rule::Int(1, folio::QUANTITY_MAX),
        ),
        (At::Field("ExtraSale", "key"), KEY),
        (
            At::Field("PaymentInput", "method"),
            Rule::OneOf(&folio::METHODS),
        ),
        (
            At::Field("PaymentInput", "amount_cents"),
            Rule::Int(1, folio::MAX_CENTS),
        ),
        (
            At::Field("PaymentInput", "reference"),
            Rule::Text(0, folio::REFERENCE_MAX),
        ),
        (At::Field("PaymentInput", "key"), KEY),
        (
            At::Field("FolioCorrectionInput", "amount_cents"),
            Rule::Int(-folio::MAX_CENTS, folio::MAX_CENTS),
        ),
        (At::Field("FolioCorrectionInput", "reason"), REASON),
        (At::Field("FolioCorrectionInput", "key"), KEY),
        (
            At::Field("SettingsInput", "audit_hour"),
            Rule::Int(folio::AUDIT_HOURS.0, folio::AUDIT_HOURS.1),
        ),
        (
            At::Field("SettingsInput", "sel_cents_per_hour"),
            Rule::Int(0, folio::SEL_CENTS_PER_HOUR_MAX),
        ),
        (
            At::Field("SettingsInput", "sel_max_percent"),
            Rule::Int(0, folio::SEL_PERCENT_MAX),
        ),
        (
            At::Field("TaxRuleInput", "commune"),
            Rule::Text(1, tax::COMMUNE_MAX),
        ),
        (At::Field("TaxRuleInput", "first_night"), DAY),
        (At::Field("TaxRuleInput", "last_night"), DAY),
        (At::Field("TaxRuleInput", "mode"), Rule::OneOf(&tax::MODES)),
        (
            At::Field("TaxRuleInput", "per_person_cents"),
            Rule::Int(0, tax::PER_PERSON_MAX),
        ),
        (
            At::Field("TaxRuleInput", "rate_bp"),
            Rule::Int(0, tax::RATE_BP_MAX),
        ),
        (
            At::Field("TaxRuleInput", "cap_cents"),
            Rule::Int(0, tax::CAP_MAX),
        ),
        (
            At::Field("TaxRuleInput", "department_bp"),
            Rule::Int(0, tax::DEPARTMENT_BP_MAX),
        ),
        (
            At::Field("TaxRuleInput", "region_bp"),
            Rule::Int(0, tax::REGION_BP_MAX),
        ),
        (
            At::Field("TaxRuleInput", "threshold_cents"),
            Rule::Int(0, tax::THRESHOLD_MAX),
        ),
        (
            At::Field("ImportInput", "platform"),
            Rule::Text(1, imports::PLATFORM_MAX),
        ),
        (
            At::Field("ImportInput", "url"),
            Rule::Pattern(imports::URL_PATTERN, imports::URL_BYTES.1),
        ),
    ])
};

/// The hostel's entry in the list of domains.
pub static DOMAIN: crate::web::domain::Domain = crate::web::domain::Domain {
    openapi: Some(openapi),
    export: Some(gdpr::export),
    erase: Some(gdpr::erase),
    check: Some(check::run),
    demo: Some(demo::demo),
    measures: &measures::MEASURES,
    desk_box: Some(pages::desk_box),
    person_box: Some(pages::person_box),
    in_house: Some(day::in_house_hook),
    night_alerts: Some(pages::night_alerts),
    jobs: &[
        crate::web::domain::Job {
            name: "hostel-police-forms-purge",
            every_seconds: 3600,
            run: police::purge_job,
        },
        crate::web::domain::Job {
            name: "hostel-platform-calendars",
            every_seconds: imports::EVERY_SECONDS,
            run: imports::job,
        },
        crate::web::domain::Job {
            name: "hostel-night-audit",
            every_seconds: 300,
            run: night_audit::job,
        },
    ],
    ..crate::web::domain::Domain::new("hostel", routes)
};

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Paris;

    fn s(h: i64) -> Settings {
        Settings {
            day_starts_hour: h,
            ..Settings::default()
        }
    }

    #[test]
    fn a_walk_in_after_midnight_belongs_to_the_night_before() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default();
        let at = |h, mi| {
            Paris
                .with_ymd_and_hms(2026, 12, 5, h, mi, 0)
                .single()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default()
        };
        assert_eq!(night_of(at(0, 30), Paris, s(6)), d(2026, 12, 4));
        assert_eq!(night_of(at(5, 59), Paris, s(6)), d(2026, 12, 4));
        assert_eq!(night_of(at(6, 0), Paris, s(6)), d(2026, 12, 5));
        assert_eq!(night_of(at(23, 30), Paris, s(6)), d(2026, 12, 5));
        // A desk that starts its day at midnight.
        assert_eq!(night_of(at(0, 30), Paris, s(0)), d(2026, 12, 5));
    }

    #[test]
    fn nights_are_dates_whatever_the_clocks_do() {
        let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap_or_default();
        // Over the last Sunday of March (29 March 2026, 23 hours long) and of October (25 October,
        // 25 hours long): three nights each.
        assert_eq!(nights(d(3, 28), d(3, 31)).count(), 3);
        assert_eq!(nights(d(10, 24), d(10, 27)).count(), 3);
        assert_eq!(nights(d(3, 28), d(3, 28)).count(), 0);
        // 02:30 on 29 March does not exist in Paris; 01:30 on the night of 28 March is that night.
        let early = Utc
            .with_ymd_and_hms(2026, 3, 29, 0, 30, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(night_of(early, Paris, s(6)), d(3, 28));
        // 02:30 on 25 October happens twice; both belong to the night of 24 October.
        for utc_hour in [0, 1] {
            let t = Utc
                .with_ymd_and_hms(2026, 10, 25, utc_hour, 30, 0)
                .single()
                .unwrap_or_default();
            assert_eq!(night_of(t, Paris, s(6)), d(10, 24));
        }
    }

    #[test]
    fn euros_are_written_the_french_way() {
        assert_eq!(euros(2750), "27,50 €");
        assert_eq!(euros(5), "0,05 €");
        assert_eq!(euros(0), "0,00 €");
        assert_eq!(euros(-50), "-0,50 €");
        assert_eq!(euros(-4250), "-42,50 €");
    }
}
