//! The return form: odometer, fuel or charge, cleanliness, remarks and damage. Filled in by the
//! driver (their page) or the desk, after the key came back — or instead of the tap, when the
//! desk takes the key by hand. An odometer going backwards is refused; a jump beyond what the
//! booking's length makes plausible is kept but flagged for staff. A damage report blocks the
//! vehicle (no key leaves) until staff review it.

use super::booking::{Booking, Maker, booking, may_manage};
use crate::audit;
use crate::db;
use crate::refusal::{FieldError, Refusal};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

/// The longest remarks and damage description, and damage location (characters).
pub const TEXT_MAX: usize = 1000;
pub const LOCATION_MAX: usize = 120;

/// A return form.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ReturnInput {
    /// The odometer at return (cars; ignored for bikes).
    #[serde(default)]
    pub km_end: Option<i64>,
    /// Fuel or charge, in percent.
    pub energy_level: i64,
    pub clean: bool,
    #[serde(default)]
    pub remarks: String,
    /// Where the damage is, when there is one (« pare-chocs arrière »).
    #[serde(default)]
    pub damage_location: String,
    #[serde(default)]
    pub damage_description: String,
}

/// Records the return form (and the return itself when the key came back by hand).
pub async fn record_return(
    pool: &SqlitePool,
    maker: &Maker,
    booking_id: i64,
    input: &ReturnInput,
) -> Result<Booking, Refusal> {
    let mut errors = vec![];
    if !(0..=100).contains(&input.energy_level) {
        errors.push(FieldError {
            field: "energy_level",
            key: "error-veh-energy-level",
        });
    }
    if input.remarks.chars().count() > TEXT_MAX {
        errors.push(FieldError {
            field: "remarks",
            key: crate::refusal::too_long(TEXT_MAX),
        });
    }
    if input.damage_description.chars().count() > TEXT_MAX {
        errors.push(FieldError {
            field: "damage_description",
            key: crate::refusal::too_long(TEXT_MAX),
        });
    }
    let location = input.damage_location.trim();
    let description = input.damage_description.trim();
    if location.chars().count() > LOCATION_MAX {
        errors.push(FieldError {
            field: "damage_location",
            key: crate::refusal::too_long(LOCATION_MAX),
        });
    }
    if location.is_empty() != description.is_empty() {
        errors.push(FieldError {
            field: if location.is_empty() {
                "damage_location"
            } else {
                "damage_description"
            },
            key: "error-veh-damage-both",
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let mut tx = db::begin_write(pool).await?;
    let b = booking(&mut *tx, booking_id).await?;
    if !may_manage(maker, &b) {
        return Err(Refusal::NotFound);
    }
    match b.state.as_str() {
        "out" | "returned" => {}
        "confirmed" => return Err(Refusal::conflict("error-veh-return-not-out")),
        _ => return Err(Refusal::conflict("error-veh-return-cancelled")),
    }
    if b.return_form_at.is_some() {
        return Err(Refusal::conflict("error-veh-return-done"));
    }
    let v = super::vehicle(&mut *tx, b.vehicle_id).await?;
    let settings = super::settings(&mut *tx).await?;
    let now = Utc::now();
    let returned_at = b
        .returned_at
        .as_deref()
        .map_or(now, crate::time::stored_instant);
    let mut flag = None;
    let km_end = if v.is_bike() {
        None
    } else {
        let Some(km) = input.km_end else {
            return Err(Refusal::field("km_end", "error-veh-km-needed"));
        };
        let start = b.km_start.unwrap_or(v.odometer_km);
        if km < start {
            return Err(Refusal::Conflict {
                key: "error-veh-km-backwards",
                arg: start.to_string(),
            });
        }
        if km > 2_000_000 {
            return Err(Refusal::field("km_end", "error-veh-odometer"));
        }
        let picked = b
            .picked_up_at
            .as_deref()
            .map_or(b.start(), crate::time::stored_instant);
        let hours = ((returned_at - picked).num_minutes().max(0) + 59) / 60;
        let plausible = settings.plausible_km_per_hour * hours.max(1) + 20;
        if km - start > plausible {
            flag = Some(format!(
                "{} km parcourus en {} h (plausible : {} km)",
                km - start,
                hours.max(1),
                plausible
            ));
        }
        Some(km)
    };
    let now_text = db::instant_text(now);
    sqlx::query(
        "UPDATE vehicle_bookings SET state = 'returned',
             returned_at = coalesce(returned_at, ?1),
             block_end = CASE WHEN returned_at IS NULL THEN min(block_end, max(block_start, ?2)) ELSE block_end END,
             km_end = ?3, energy_level = ?4, clean = ?5, remarks = ?6, return_form_at = ?1,
             return_form_by = ?7, flag = ?8, updated_at = ?1
         WHERE id = ?9",
    )
    .bind(&now_text)
    .bind(now.timestamp() + v.buffer_minutes * 60)
    .bind(km_end)
    .bind(input.energy_level)
    .bind(input.clean)
    .bind((!input.remarks.trim().is_empty()).then(|| input.remarks.trim().to_owned()))
    .bind(&maker.display_name)
    .bind(&flag)
    .bind(b.id)
    .execute(&mut *tx)
    .await?;
    if let Some(km) = km_end {
        sqlx::query("UPDATE vehicles SET odometer_km = max(odometer_km, ?) WHERE id = ?")
            .bind(km)
            .bind(v.id)
            .execute(&mut *tx)
            .await?;
    }
    if !location.is_empty() {
        sqlx::query(
            "INSERT INTO vehicle_damages (vehicle_id, booking_id, location, description,
                 reported_by_name, reported_at)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(v.id)
        .bind(b.id)
        .bind(location)
        .bind(description)
        .bind(&maker.display_name)
        .bind(&now_text)
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_booking.return",
        "vehicle_booking",
        b.id,
        Some(&json!({"state": b.state})),
        Some(
            &json!({"km_end": km_end, "energy_level": input.energy_level, "clean": input.clean,
                     "damage": !location.is_empty(), "flag": flag}),
        ),
    )
    .await?;
    let b = booking(&mut *tx, b.id).await?;
    tx.commit().await?;
    Ok(b)
}

/// A damage report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Damage {
    pub id: i64,
    pub vehicle_id: i64,
    pub vehicle_name: String,
    pub booking_id: Option<i64>,
    pub location: String,
    pub description: String,
    pub reported_by_name: String,
    pub reported_at: String,
    pub reviewed_by_name: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_note: Option<String>,
    /// The stored photo's file name (never shown: `has_photo` says there is one, and the photo
    /// is served at `/api/v1/vehicle-damages/{id}/photo`).
    #[serde(skip)]
    pub photo: Option<String>,
    pub has_photo: bool,
}

/// One damage report.
pub async fn damage(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Damage, Refusal> {
    sqlx::query_as(concat!(damage_select!(), " WHERE d.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(Refusal::NotFound)
}

/// Whether this account may see and add the damage's photo: staff, or the person whose booking
/// it was reported on, until staff have reviewed it.
pub async fn may_photograph(
    conn: impl sqlx::SqliteExecutor<'_>,
    maker: &Maker,
    d: &Damage,
    to_add: bool,
) -> Result<bool, Refusal> {
    if maker.staff {
        return Ok(true);
    }
    let Some(booking_id) = d.booking_id else {
        return Ok(false);
    };
    let b = booking(conn, booking_id).await?;
    Ok(may_manage(maker, &b) && !(to_add && d.reviewed_at.is_some()))
}

/// Adds (or replaces) a damage's photo: processed and stored first ([`crate::photos`]), then
/// pointed to; the photo it replaces is removed once the change is committed, and a new one
/// nothing points to (the database refused) is removed too.
pub async fn set_photo(
    pool: &SqlitePool,
    data_dir: &std::path::Path,
    maker: &Maker,
    damage_id: i64,
    bytes: Vec<u8>,
) -> Result<Damage, Refusal> {
    let d = damage(pool, damage_id).await?;
    if !may_photograph(pool, maker, &d, true).await? {
        return Err(Refusal::NotFound);
    }
    crate::photos::attach(
        pool,
        data_dir,
        &maker.actor(),
        crate::photos::Owner::VehicleDamage,
        damage_id,
        bytes,
    )
    .await?;
    damage(pool, damage_id).await
}

/// Damage reports waiting for review, oldest first.
pub async fn waiting(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Vec<Damage>, sqlx::Error> {
    sqlx::query_as(concat!(
        damage_select!(),
        " WHERE d.reviewed_at IS NULL ORDER BY d.reported_at"
    ))
    .fetch_all(conn)
    .await
}

/// The damage reported on a booking.
pub async fn of_booking(
    conn: impl sqlx::SqliteExecutor<'_>,
    booking_id: i64,
) -> Result<Vec<Damage>, sqlx::Error> {
    sqlx::query_as(concat!(
        damage_select!(),
        " WHERE d.booking_id = ? ORDER BY d.reported_at"
    ))
    .bind(booking_id)
    .fetch_all(conn)
    .await
}

/// A vehicle's damage reports, newest first.
pub async fn of_vehicle(
    conn: impl sqlx::SqliteExecutor<'_>,
    vehicle_id: i64,
) -> Result<Vec<Damage>, sqlx::Error> {
    sqlx::query_as(concat!(
        damage_select!(),
        " WHERE d.vehicle_id = ? ORDER BY d.reported_at DESC LIMIT 100"
    ))
    .bind(vehicle_id)
    .fetch_all(conn)
    .await
}

/// Staff have looked at a damage: the vehicle may leave again (or goes to the workshop, which
/// is a workshop job of its own).
pub async fn review(
    pool: &SqlitePool,
    maker: &Maker,
    damage_id: i64,
    note: &str,
) -> Result<(), Refusal> {
    if !maker.staff {
        return Err(Refusal::NotFound);
    }
    if note.trim().is_empty() || note.chars().count() > TEXT_MAX {
        return Err(Refusal::field("note", "error-veh-review-note"));
    }
    let mut tx = db::begin_write(pool).await?;
    let done = sqlx::query(
        "UPDATE vehicle_damages SET reviewed_by_name = ?, reviewed_at = ?, review_note = ?
         WHERE id = ? AND reviewed_at IS NULL",
    )
    .bind(&maker.display_name)
    .bind(db::now_text())
    .bind(note.trim())
    .bind(damage_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM vehicle_damages WHERE id = ?")
            .bind(damage_id)
            .fetch_optional(&mut *tx)
            .await?;
        return Err(match exists {
            Some(_) => Refusal::conflict("error-veh-review-done"),
            None => Refusal::NotFound,
        });
    }
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_damage.review",
        "vehicle_damage",
        damage_id,
        None,
        Some(&json!({"note": note.trim()})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
