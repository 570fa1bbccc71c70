//! Shared vehicles (migration 0005): the fleet, the drivers' licences as the desk saw them, bookings
//! held by the database against any overlap, the key cabinet's kiosk, returns, damage reports and
//! the workshop. The seniors come first: they book in three screens, or the desk books for them.
//!
//! - this module: vehicles, their state, the settings, the rules on dates (the *contrôle
//!   technique*);
//! - [`drivers`]: licences (never a scan: who saw it, and when), briefings, who may drive what;
//! - [`booking`]: bookings — the triggers refuse any overlap (the buffer after each return
//!   included) inside the writing transaction, this module looks first to say why;
//! - [`keys`]: what a tap means at a key cabinet's kiosk (role `vehicles`);
//! - [`returns`]: the return form, damage reports and their review;
//! - [`workshop`]: workshop jobs, the bookings they hit and the desk's calls;
//! - [`trips`]: the transport solidaire — trips with a volunteer driver, credited in the SEL;
//! - [`upkeep`]: maintenance plans, claims with the insurer's deadline, prices and statements;
//! - [`board`]: the desk's board (out, due back, overdue, today's pickups, warnings).

// The SELECT lists, as literals so that queries are built with `concat!` (sqlx takes only
// static SQL).
macro_rules! vehicle_columns {
    () => {
        "id, name, kind, energy, plate, seats, boot_litres, automatic, wheelchair_ramp, child_seat,
         home_place, key_number, needs_licence, needs_briefing, bookable_by, buffer_minutes,
         min_minutes, max_minutes, notice_minutes, price_kind, price_per_hour, price_per_km,
         first_registration, last_inspection, insurance_until, odometer_km, notes, retired_at,
         created_at, photo, photo IS NOT NULL AS has_photo"
    };
}
macro_rules! job_select {
    () => {
        "SELECT j.id, j.vehicle_id, v.name AS vehicle_name, j.kind, j.reason,
    j.start_at, j.end_at, j.created_by_name, j.created_at, j.closed_at
    FROM vehicle_workshop_jobs j JOIN vehicles v ON v.id = j.vehicle_id"
    };
}
macro_rules! booking_select {
    () => {
        "SELECT b.id, b.uid, b.vehicle_id, v.name AS vehicle_name,
        v.kind AS vehicle_kind, v.key_number, b.person_id,
        trim(p.first_name || ' ' || p.last_name) AS person_name, b.state, b.start_at, b.end_at,
        b.block_end, b.purpose, b.series_uid, b.made_by_name, b.assisted, b.created_at,
        b.cancelled_at, b.cancelled_by, b.cancel_reason, b.picked_up_at, b.returned_at, b.km_start,
        b.km_end, b.energy_level, b.clean, b.remarks, b.return_form_at, b.return_form_by, b.flag
    FROM vehicle_bookings b JOIN vehicles v ON v.id = b.vehicle_id JOIN persons p ON p.id = b.person_id"
    };
}
macro_rules! damage_select {
    () => {
        "SELECT d.id, d.vehicle_id, v.name AS vehicle_name, d.booking_id,
    d.location, d.description, d.reported_by_name, d.reported_at, d.reviewed_by_name,
    d.reviewed_at, d.review_note, d.photo, d.photo IS NOT NULL AS has_photo
    FROM vehicle_damages d JOIN vehicles v ON v.id = d.vehicle_id"
    };
}

pub mod api;
pub mod board;
pub mod booking;
mod check;
mod demo;
pub mod drivers;
mod gdpr;
pub mod keys;
mod limits;
pub mod measures;
pub mod notices;
pub mod pages;
pub mod returns;
pub mod trips;
pub mod upkeep;
pub mod workshop;

use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{FieldError, Refusal};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

/// What a vehicle is.
pub const KINDS: [&str; 4] = ["car", "adapted", "ebike", "cargo_bike"];
/// What moves it.
pub const ENERGIES: [&str; 5] = ["petrol", "diesel", "hybrid", "electric", "none"];
/// Who may book a vehicle.
pub const BOOKABLE_BY: [&str; 2] = ["members", "staff"];
/// A vehicle's limits: its name, plate, home place and notes (characters), its seats, key
/// number, boot (litres), buffer between bookings (minutes) and odometer (km).
pub const NAME_MAX: usize = 120;
pub const PLATE_MAX: usize = 20;
pub const PLACE_MAX: usize = 120;
pub const NOTES_MAX: usize = 2000;
pub const SEATS_MAX: i64 = 9;
pub const KEY_NUMBER_MAX: i64 = 999;
pub const BOOT_LITRES_MAX: i64 = 5000;
pub const BUFFER_MAX: i64 = 240;
pub const ODOMETER_MAX: i64 = 2_000_000;

/// The buffer held after each return, by kind, when a vehicle is created without one: a car is
/// cleaned and refuelled or charged, a bike's battery is swapped.
pub fn default_buffer(kind: &str) -> i64 {
    match kind {
        "car" | "adapted" => 15,
        _ => 10,
    }
}

/// A vehicle of the fleet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Vehicle {
    pub id: i64,
    pub name: String,
    /// car, adapted (wheelchair access: TPMR), ebike, cargo_bike.
    pub kind: String,
    /// petrol, diesel, hybrid, electric, none.
    pub energy: String,
    pub plate: String,
    pub seats: i64,
    pub boot_litres: Option<i64>,
    pub automatic: bool,
    pub wheelchair_ramp: bool,
    pub child_seat: bool,
    pub home_place: String,
    pub key_number: i64,
    pub needs_licence: bool,
    pub needs_briefing: bool,
    /// members, staff.
    pub bookable_by: String,
    pub buffer_minutes: i64,
    pub min_minutes: i64,
    pub max_minutes: i64,
    pub notice_minutes: i64,
    /// free, euros, sel.
    pub price_kind: String,
    pub price_per_hour: i64,
    pub price_per_km: i64,
    pub first_registration: Option<String>,
    pub last_inspection: Option<String>,
    pub insurance_until: Option<String>,
    pub odometer_km: i64,
    pub notes: String,
    pub retired_at: Option<String>,
    pub created_at: String,
    /// The stored photo's file name (never shown: `has_photo` says there is one, served at
    /// `/api/v1/vehicles/{id}/photo`).
    #[serde(skip)]
    pub photo: Option<String>,
    pub has_photo: bool,
}

impl Vehicle {
    /// A bike (no licence, no odometer to read).
    pub fn is_bike(&self) -> bool {
        matches!(self.kind.as_str(), "ebike" | "cargo_bike")
    }

    /// The *contrôle technique* next due, for a car.
    pub fn inspection_due(&self) -> Option<NaiveDate> {
        if self.is_bike() {
            return None;
        }
        let first = self.first_registration.as_deref().and_then(date)?;
        inspection_due(first, self.last_inspection.as_deref().and_then(date))
    }
}

/// A `YYYY-MM-DD` date.
pub fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// When the *contrôle technique* is due: the first within the six months before the fourth
/// anniversary of the first registration, then every two years after the last one (Code de la
/// route, art. R323-22 and arrêté du 18 juin 1991). The date returned is the deadline; the
/// inspection may be done from six months before it.
pub fn inspection_due(first_registration: NaiveDate, last: Option<NaiveDate>) -> Option<NaiveDate> {
    match last {
        Some(l) if l >= first_registration => l.checked_add_months(Months::new(24)),
        _ => first_registration.checked_add_months(Months::new(48)),
    }
}

/// The day from which the inspection due on `due` may be done (six months before).
pub fn inspection_window_opens(due: NaiveDate) -> Option<NaiveDate> {
    due.checked_sub_months(Months::new(6))
}

/// A vehicle, retired or not.
pub async fn vehicle(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Vehicle, Refusal> {
    sqlx::query_as(concat!(
        "SELECT ",
        vehicle_columns!(),
        " FROM vehicles WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or(Refusal::NotFound)
}

/// The fleet in service, by kind then name.
pub async fn fleet(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Vec<Vehicle>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        vehicle_columns!(),
        " FROM vehicles WHERE retired_at IS NULL
         ORDER BY CASE kind WHEN 'car' THEN 0 WHEN 'adapted' THEN 1 WHEN 'ebike' THEN 2 ELSE 3 END,
                  name COLLATE NOCASE"
    ))
    .fetch_all(conn)
    .await
}

/// A vehicle as typed in a form or sent to the API.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct VehicleInput {
    pub name: String,
    pub kind: String,
    pub energy: String,
    #[serde(default)]
    pub plate: String,
    pub seats: i64,
    #[serde(default)]
    pub boot_litres: Option<i64>,
    #[serde(default)]
    pub automatic: bool,
    #[serde(default)]
    pub wheelchair_ramp: bool,
    #[serde(default)]
    pub child_seat: bool,
    #[serde(default)]
    pub home_place: String,
    pub key_number: i64,
    /// Default: cars and the adapted vehicle need a licence, bikes do not.
    #[serde(default)]
    pub needs_licence: Option<bool>,
    /// Default: the adapted vehicle needs a briefing.
    #[serde(default)]
    pub needs_briefing: Option<bool>,
    /// members (default) or staff.
    #[serde(default)]
    pub bookable_by: Option<String>,
    /// Default: 15 min for cars, 10 for bikes.
    #[serde(default)]
    pub buffer_minutes: Option<i64>,
    #[serde(default)]
    pub first_registration: Option<String>,
    #[serde(default)]
    pub last_inspection: Option<String>,
    #[serde(default)]
    pub insurance_until: Option<String>,
    #[serde(default)]
    pub odometer_km: i64,
    #[serde(default)]
    pub notes: String,
}

fn optional_date(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    v: &Option<String>,
) -> Option<String> {
    match v.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match date(s) {
            Some(d) => Some(d.to_string()),
            None => {
                errors.push(FieldError {
                    field,
                    key: "error-veh-date",
                });
                None
            }
        },
    }
}

/// A vehicle's fields, checked.
struct Checked {
    name: String,
    bookable_by: String,
    buffer: i64,
    first: Option<String>,
    inspection: Option<String>,
    insurance: Option<String>,
}

/// Checks a vehicle as typed, field by field.
fn check_input(input: &VehicleInput) -> Result<Checked, Refusal> {
    let mut errors = vec![];
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        errors.push(FieldError {
            field: "name",
            key: "error-veh-name",
        });
    }
    if !KINDS.contains(&input.kind.as_str()) {
        errors.push(FieldError {
            field: "kind",
            key: "error-veh-kind",
        });
    }
    if !ENERGIES.contains(&input.energy.as_str()) {
        errors.push(FieldError {
            field: "energy",
            key: "error-veh-energy",
        });
    }
    if !(1..=SEATS_MAX).contains(&input.seats) {
        errors.push(FieldError {
            field: "seats",
            key: "error-veh-seats",
        });
    }
    if !(1..=KEY_NUMBER_MAX).contains(&input.key_number) {
        errors.push(FieldError {
            field: "key_number",
            key: "error-veh-key-number",
        });
    }
    if input
        .boot_litres
        .is_some_and(|b| !(0..=BOOT_LITRES_MAX).contains(&b))
    {
        errors.push(FieldError {
            field: "boot_litres",
            key: "error-veh-boot",
        });
    }
    let bookable_by = input.bookable_by.as_deref().unwrap_or("members");
    if !BOOKABLE_BY.contains(&bookable_by) {
        errors.push(FieldError {
            field: "bookable_by",
            key: "error-veh-bookable-by",
        });
    }
    let buffer = input
        .buffer_minutes
        .unwrap_or_else(|| default_buffer(&input.kind));
    if !(0..=BUFFER_MAX).contains(&buffer) {
        errors.push(FieldError {
            field: "buffer_minutes",
            key: "error-veh-buffer",
        });
    }
    if !(0..=ODOMETER_MAX).contains(&input.odometer_km) {
        errors.push(FieldError {
            field: "odometer_km",
            key: "error-veh-odometer",
        });
    }
    if input.plate.chars().count() > PLATE_MAX
        || input.home_place.chars().count() > PLACE_MAX
        || input.notes.chars().count() > NOTES_MAX
    {
        errors.push(FieldError {
            field: "notes",
            key: "error-veh-too-long",
        });
    }
    let first = optional_date(&mut errors, "first_registration", &input.first_registration);
    let inspection = optional_date(&mut errors, "last_inspection", &input.last_inspection);
    let insurance = optional_date(&mut errors, "insurance_until", &input.insurance_until);
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    Ok(Checked {
        name: name.to_owned(),
        bookable_by: bookable_by.to_owned(),
        buffer,
        first,
        inspection,
        insurance,
    })
}

/// Creates a vehicle.
pub async fn create_vehicle(
    pool: &SqlitePool,
    actor: &Actor,
    input: &VehicleInput,
) -> Result<Vehicle, Refusal> {
    let Checked {
        name,
        bookable_by,
        buffer,
        first,
        inspection,
        insurance,
    } = check_input(input)?;
    let name = name.as_str();
    let car = matches!(input.kind.as_str(), "car" | "adapted");
    let mut tx = db::begin_write(pool).await?;
    let taken: Option<String> = sqlx::query_scalar(
        "SELECT name FROM vehicles WHERE key_number = ? OR name = ? COLLATE NOCASE",
    )
    .bind(input.key_number)
    .bind(name)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(other) = taken {
        return Err(Refusal::Conflict {
            key: "error-veh-taken",
            arg: other,
        });
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO vehicles (name, kind, energy, plate, seats, boot_litres, automatic,
             wheelchair_ramp, child_seat, home_place, key_number, needs_licence, needs_briefing,
             bookable_by, buffer_minutes, first_registration, last_inspection, insurance_until,
             odometer_km, notes, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(&input.kind)
    .bind(&input.energy)
    .bind(input.plate.trim())
    .bind(input.seats)
    .bind(input.boot_litres)
    .bind(input.automatic)
    .bind(input.wheelchair_ramp)
    .bind(input.child_seat)
    .bind(input.home_place.trim())
    .bind(input.key_number)
    .bind(input.needs_licence.unwrap_or(car))
    .bind(input.needs_briefing.unwrap_or(input.kind == "adapted"))
    .bind(&bookable_by)
    .bind(buffer)
    .bind(first)
    .bind(inspection)
    .bind(insurance)
    .bind(input.odometer_km)
    .bind(input.notes.trim())
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "vehicle.create",
        "vehicle",
        id,
        None,
        Some(&json!({"name": name, "kind": input.kind, "key_number": input.key_number})),
    )
    .await?;
    let v = vehicle(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(v)
}

/// Changes a vehicle's description (its key number and name stay unique). The odometer may only
/// be corrected by hand here; the return forms move it forward.
pub async fn update_vehicle(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    input: &VehicleInput,
) -> Result<Vehicle, Refusal> {
    let c = check_input(input)?;
    let mut tx = db::begin_write(pool).await?;
    let before = vehicle(&mut *tx, id).await?;
    let taken: Option<String> = sqlx::query_scalar(
        "SELECT name FROM vehicles WHERE id <> ? AND (key_number = ? OR name = ? COLLATE NOCASE)",
    )
    .bind(id)
    .bind(input.key_number)
    .bind(&c.name)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(other) = taken {
        return Err(Refusal::Conflict {
            key: "error-veh-taken",
            arg: other,
        });
    }
    sqlx::query(
        "UPDATE vehicles SET name = ?, kind = ?, energy = ?, plate = ?, seats = ?, automatic = ?,
             wheelchair_ramp = ?, child_seat = ?, home_place = ?, key_number = ?,
             needs_licence = ?, needs_briefing = ?, bookable_by = ?, buffer_minutes = ?,
             first_registration = ?, last_inspection = ?, insurance_until = ?, odometer_km = ?
         WHERE id = ?",
    )
    .bind(&c.name)
    .bind(&input.kind)
    .bind(&input.energy)
    .bind(input.plate.trim())
    .bind(input.seats)
    .bind(input.automatic)
    .bind(input.wheelchair_ramp)
    .bind(input.child_seat)
    .bind(input.home_place.trim())
    .bind(input.key_number)
    .bind(input.needs_licence.unwrap_or(before.needs_licence))
    .bind(input.needs_briefing.unwrap_or(before.needs_briefing))
    .bind(&c.bookable_by)
    .bind(c.buffer)
    .bind(&c.first)
    .bind(&c.inspection)
    .bind(&c.insurance)
    .bind(input.odometer_km)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "vehicle.update",
        "vehicle",
        id,
        Some(&json!({"name": before.name, "key_number": before.key_number, "buffer": before.buffer_minutes, "odometer_km": before.odometer_km})),
        Some(&json!({"name": c.name, "key_number": input.key_number, "buffer": c.buffer, "odometer_km": input.odometer_km})),
    )
    .await?;
    let v = vehicle(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(v)
}

/// Takes a vehicle out of the fleet for good (sold, scrapped); its history stays. Refused while a
/// booking of it is to come or its key is out: those are called and cancelled first.
pub async fn retire_vehicle(pool: &SqlitePool, actor: &Actor, id: i64) -> Result<Vehicle, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let v = vehicle(&mut *tx, id).await?;
    if v.retired_at.is_some() {
        return Ok(v);
    }
    let live: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM vehicle_bookings WHERE vehicle_id = ?
           AND (state = 'out' OR (state = 'confirmed' AND end_at > ?))",
    )
    .bind(id)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    if live > 0 {
        return Err(Refusal::Conflict {
            key: "error-veh-retire-live",
            arg: live.to_string(),
        });
    }
    sqlx::query("UPDATE vehicles SET retired_at = ? WHERE id = ?")
        .bind(db::now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, actor, "vehicle.retire", "vehicle", id, None, None).await?;
    let v = vehicle(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(v)
}

/// Adds (or replaces) a vehicle's photo ([`crate::photos`]); the one it replaces is removed
/// once the change is committed.
pub async fn set_photo(
    pool: &SqlitePool,
    data_dir: &std::path::Path,
    actor: &Actor,
    id: i64,
    bytes: Vec<u8>,
) -> Result<Vehicle, Refusal> {
    vehicle(pool, id).await?;
    crate::photos::attach(
        pool,
        data_dir,
        actor,
        crate::photos::Owner::Vehicle,
        id,
        bytes,
    )
    .await?;
    vehicle(pool, id).await
}

/// The fleet's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Settings {
    /// The insurer's rule: years since the licence was obtained.
    pub min_licence_years: i64,
    /// How early before its start a booking's key may be taken.
    pub pickup_early_minutes: i64,
    /// Days before a licence, the insurance or the inspection expires to warn.
    pub warn_days: i64,
    /// Kilometres per hour of booking beyond which a return's odometer is flagged.
    pub plausible_km_per_hour: i64,
    /// What a passenger of the transport solidaire is asked per kilometre, in euro cents (the
    /// legal ceiling, 32, at most).
    pub trip_cents_per_km: i64,
    /// The longest trip of the transport solidaire, in kilometres.
    pub trip_max_km: i64,
}

pub async fn settings(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Settings, sqlx::Error> {
    sqlx::query_as(
        "SELECT min_licence_years, pickup_early_minutes, warn_days, plausible_km_per_hour,
                trip_cents_per_km, trip_max_km
         FROM vehicle_settings WHERE id = 1",
    )
    .fetch_one(conn)
    .await
}

/// What a vehicle is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VehicleState {
    Available,
    Out,
    Overdue,
    /// In the workshop, or blocked by a damage report waiting for review.
    Workshop,
    OutOfService,
}

impl VehicleState {
    pub fn as_str(self) -> &'static str {
        match self {
            VehicleState::Available => "available",
            VehicleState::Out => "out",
            VehicleState::Overdue => "overdue",
            VehicleState::Workshop => "workshop",
            VehicleState::OutOfService => "out_of_service",
        }
    }
}

/// Why a vehicle may not leave now, if it may not: retired, in a workshop job, or a damage report
/// waits for review.
pub async fn blocked(
    conn: &mut sqlx::SqliteConnection,
    v: &Vehicle,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Option<&'static str>, sqlx::Error> {
    if v.retired_at.is_some() {
        return Ok(Some("retired"));
    }
    let t = at.timestamp();
    let (workshop, damage): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM vehicle_workshop_jobs WHERE vehicle_id = ?1
                  AND closed_at IS NULL AND block_start <= ?2 AND block_end > ?2),
                (SELECT count(*) FROM vehicle_damages WHERE vehicle_id = ?1 AND reviewed_at IS NULL)",
    )
    .bind(v.id)
    .bind(t)
    .fetch_one(&mut *conn)
    .await?;
    Ok(if workshop > 0 {
        Some("workshop")
    } else if damage > 0 {
        Some("damage")
    } else {
        None
    })
}

/// Whether a damage report on this vehicle waits for staff's review.
pub async fn damage_waiting(
    conn: &mut sqlx::SqliteConnection,
    vehicle_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM vehicle_damages WHERE vehicle_id = ? AND reviewed_at IS NULL",
    )
    .bind(vehicle_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// A vehicle's state at `at`.
pub async fn state_of(
    conn: &mut sqlx::SqliteConnection,
    v: &Vehicle,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<VehicleState, sqlx::Error> {
    if v.retired_at.is_some() {
        return Ok(VehicleState::OutOfService);
    }
    let out: Option<String> = sqlx::query_scalar(
        "SELECT end_at FROM vehicle_bookings WHERE vehicle_id = ? AND state = 'out'
         ORDER BY end_at LIMIT 1",
    )
    .bind(v.id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(end) = out {
        return Ok(if crate::time::stored_instant(&end) < at {
            VehicleState::Overdue
        } else {
            VehicleState::Out
        });
    }
    Ok(match blocked(conn, v, at).await? {
        Some(_) => VehicleState::Workshop,
        None => VehicleState::Available,
    })
}

pub use crate::time::{long_day_en, long_day_fr};

// ---------------------------------------------------------------------------------------------
// The list of domains

fn routes(r: &mut crate::web::Routes) {
    pages::declare(r);
    api::declare(r);
}

/// The shared vehicles' entry in the list of domains.
pub static DOMAIN: crate::web::domain::Domain = crate::web::domain::Domain {
    openapi: Some(<api::VehiclesApiDoc as utoipa::OpenApi>::openapi),
    export: Some(gdpr::export),
    erase: Some(gdpr::erase),
    check: Some(check::run),
    demo: Some(demo::demo),
    measures: &measures::MEASURES,
    kiosk_role: Some(crate::web::domain::KioskRole {
        role: "vehicles",
        guests: false,
        inside: false,
        tap: keys::kiosk_tap,
        next_step: None,
    }),
    desk_box: Some(pages::desk_box),
    night_alerts: Some(pages::night_alerts),
    person_box: Some(pages::person_box),
    me_box: Some(pages::me_box),
    jobs: &[crate::web::domain::Job {
        name: "vehicle-reminders",
        every_seconds: 300,
        run: reminders,
    }],
    ..crate::web::domain::Domain::new("vehicles", routes)
};

/// The reminders of tomorrow's vehicle bookings (through `notify`).
fn reminders(state: &crate::web::AppState) -> crate::web::domain::Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        crate::notify::run_reminders(state, |conn, from, to| {
            Box::pin(notices::remind(conn, from, to))
        })
        .await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests;
