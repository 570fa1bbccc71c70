//! Drivers: a person may drive once the desk has recorded their licence — category, number, the
//! date it was obtained and its expiry — and that someone saw it (who, when). **No scan or photo of
//! the licence is ever stored.** A licence that expires refuses bookings past its date; the desk
//! and the person are warned [`super::Settings::warn_days`] before. A vehicle may ask for more (the
//! adapted vehicle: a briefing by staff).

use super::Vehicle;
use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{FieldError, Refusal};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

/// The licence categories the desk records.
pub const CATEGORIES: [&str; 9] = ["B", "B96", "BE", "AM", "A1", "A2", "A", "C", "D"];
/// A licence number: 4 to 30 letters and digits once spaces are gone.
pub const LICENCE_NUMBER: (usize, usize) = (4, 30);
pub const LICENCE_PATTERN: &str = "^[A-Za-z0-9]{4,30}$";

/// A licence as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Licence {
    pub person_id: i64,
    pub category: String,
    pub licence_number: String,
    pub obtained_on: String,
    pub expires_on: String,
    /// Who saw the licence, and when (the proof; no copy is kept).
    pub seen_by_name: String,
    pub seen_at: String,
    /// Drives seniors (transport solidaire).
    pub volunteer: bool,
}

impl Licence {
    pub fn expires(&self) -> NaiveDate {
        super::date(&self.expires_on).unwrap_or_default()
    }
    pub fn obtained(&self) -> NaiveDate {
        super::date(&self.obtained_on).unwrap_or_default()
    }
    /// Whether it is a car licence (B and the categories that include it).
    pub fn drives_cars(&self) -> bool {
        matches!(self.category.as_str(), "B" | "B96" | "BE" | "C" | "D")
    }
}

pub async fn licence(
    conn: impl sqlx::SqliteExecutor<'_>,
    person_id: i64,
) -> Result<Option<Licence>, sqlx::Error> {
    sqlx::query_as(
        "SELECT person_id, category, licence_number, obtained_on, expires_on, seen_by_name,
                seen_at, volunteer
         FROM vehicle_drivers WHERE person_id = ?",
    )
    .bind(person_id)
    .fetch_optional(conn)
    .await
}

/// A licence as the desk types it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct LicenceInput {
    pub category: String,
    pub licence_number: String,
    /// `YYYY-MM-DD`.
    pub obtained_on: String,
    /// `YYYY-MM-DD`.
    pub expires_on: String,
    /// The desk confirms it saw the licence itself (required).
    pub seen: bool,
    #[serde(default)]
    pub volunteer: bool,
}

/// Records (or replaces) a person's licence, as seen by `actor` now.
pub async fn record_licence(
    pool: &SqlitePool,
    actor: &Actor,
    seen_by: &str,
    person_id: i64,
    input: &LicenceInput,
) -> Result<Licence, Refusal> {
    let mut errors = vec![];
    if !CATEGORIES.contains(&input.category.as_str()) {
        errors.push(FieldError {
            field: "category",
            key: "error-veh-licence-category",
        });
    }
    let number: String = input
        .licence_number
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if !(LICENCE_NUMBER.0..=LICENCE_NUMBER.1).contains(&number.chars().count())
        || !number.chars().all(|c| c.is_ascii_alphanumeric())
    {
        errors.push(FieldError {
            field: "licence_number",
            key: "error-veh-licence-number",
        });
    }
    let obtained = super::date(input.obtained_on.trim());
    let expires = super::date(input.expires_on.trim());
    let today = chrono::Utc::now().date_naive();
    match obtained {
        Some(o) if o <= today => {}
        _ => errors.push(FieldError {
            field: "obtained_on",
            key: "error-veh-licence-obtained",
        }),
    }
    match (obtained, expires) {
        (_, None) => errors.push(FieldError {
            field: "expires_on",
            key: "error-veh-date",
        }),
        (Some(o), Some(e)) if e <= o => errors.push(FieldError {
            field: "expires_on",
            key: "error-veh-licence-expires-before",
        }),
        _ => {}
    }
    if !input.seen {
        errors.push(FieldError {
            field: "seen",
            key: "error-veh-licence-seen",
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let (Some(obtained), Some(expires)) = (obtained, expires) else {
        return Err(Refusal::field("expires_on", "error-veh-date"));
    };
    let mut tx = db::begin_write(pool).await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM persons WHERE id = ? AND erased_at IS NULL")
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        return Err(Refusal::NotFound);
    }
    let before = licence(&mut *tx, person_id).await?;
    sqlx::query(
        "INSERT INTO vehicle_drivers (person_id, category, licence_number, obtained_on, expires_on,
             seen_by_user, seen_by_name, seen_at, volunteer)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (person_id) DO UPDATE SET category = excluded.category,
             licence_number = excluded.licence_number, obtained_on = excluded.obtained_on,
             expires_on = excluded.expires_on, seen_by_user = excluded.seen_by_user,
             seen_by_name = excluded.seen_by_name, seen_at = excluded.seen_at,
             volunteer = excluded.volunteer",
    )
    .bind(person_id)
    .bind(&input.category)
    .bind(&number)
    .bind(obtained.to_string())
    .bind(expires.to_string())
    .bind(actor.id)
    .bind(seen_by)
    .bind(db::now_text())
    .bind(input.volunteer)
    .execute(&mut *tx)
    .await?;
    // The number is personal data: the log says what changed, not the number.
    audit::record(
        &mut tx,
        actor,
        "vehicle.licence",
        "person",
        person_id,
        before
            .map(|b| json!({"category": b.category, "expires_on": b.expires_on}))
            .as_ref(),
        Some(&json!({"category": input.category, "expires_on": expires.to_string(), "volunteer": input.volunteer})),
    )
    .await?;
    let l = licence(&mut *tx, person_id)
        .await?
        .ok_or(Refusal::NotFound)?;
    tx.commit().await?;
    Ok(l)
}

/// Records that staff briefed a person on a vehicle that needs it.
pub async fn record_briefing(
    pool: &SqlitePool,
    actor: &Actor,
    given_by: &str,
    vehicle_id: i64,
    person_id: i64,
) -> Result<(), Refusal> {
    let mut tx = db::begin_write(pool).await?;
    super::vehicle(&mut *tx, vehicle_id).await?;
    sqlx::query(
        "INSERT INTO vehicle_briefings (vehicle_id, person_id, given_by_name, given_at)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (vehicle_id, person_id) DO UPDATE SET given_by_name = excluded.given_by_name,
             given_at = excluded.given_at",
    )
    .bind(vehicle_id)
    .bind(person_id)
    .bind(given_by)
    .bind(db::now_text())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "vehicle.briefing",
        "person",
        person_id,
        None,
        Some(&json!({"vehicle_id": vehicle_id})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Why a person may not drive a vehicle until `until` (the end of the booking, or now at the key
/// cabinet), as a message key; `None` when they may.
pub async fn may_not_drive(
    conn: &mut sqlx::SqliteConnection,
    settings: &super::Settings,
    v: &Vehicle,
    person_id: i64,
    until: NaiveDate,
) -> Result<Option<&'static str>, sqlx::Error> {
    if v.needs_licence {
        let Some(l) = licence(&mut *conn, person_id).await? else {
            return Ok(Some("error-veh-no-licence"));
        };
        if !l.drives_cars() {
            return Ok(Some("error-veh-licence-category-car"));
        }
        if l.expires() < until {
            return Ok(Some("error-veh-licence-expired"));
        }
        let years = u32::try_from(settings.min_licence_years).unwrap_or(0);
        if l.obtained().checked_add_months(Months::new(12 * years)) > Some(until) {
            return Ok(Some("error-veh-licence-too-recent"));
        }
    }
    if v.needs_briefing {
        let briefed: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM vehicle_briefings WHERE vehicle_id = ? AND person_id = ?",
        )
        .bind(v.id)
        .bind(person_id)
        .fetch_optional(&mut *conn)
        .await?;
        if briefed.is_none() {
            return Ok(Some("error-veh-no-briefing"));
        }
    }
    Ok(None)
}

/// Licences expiring within `days` of `today` (or expired less than a year ago), soonest first.
pub async fn expiring(
    pool: &SqlitePool,
    today: NaiveDate,
    days: i64,
) -> Result<Vec<(i64, String, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.person_id, trim(p.first_name || ' ' || p.last_name), d.expires_on, p.phone
         FROM vehicle_drivers d JOIN persons p ON p.id = d.person_id
         WHERE p.erased_at IS NULL AND d.expires_on <= date(?1, '+' || ?2 || ' days')
           AND d.expires_on >= date(?1, '-1 year')
         ORDER BY d.expires_on",
    )
    .bind(today.to_string())
    .bind(days)
    .fetch_all(pool)
    .await
}
