//! Upkeep and money (migration 0007): maintenance plans by kilometres and by date, accident and
//! claim records with the insurer's deadline (5 working days, 2 for a theft — Code des assurances,
//! art. L113-2), prices per kind of person and the monthly statement of what each person owes.

use super::booking::{Booking, Maker};
use crate::audit;
use crate::db;
use crate::refusal::{FieldError, Refusal};
use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

// ---------------------------------------------------------------------------------------------
// Working days

/// Easter Sunday (the anonymous Gregorian computus).
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The French public holidays (jours fériés) of metropolitan France.
pub fn is_public_holiday(d: NaiveDate) -> bool {
    let fixed = [
        (1, 1),
        (5, 1),
        (5, 8),
        (7, 14),
        (8, 15),
        (11, 1),
        (11, 11),
        (12, 25),
    ];
    if fixed.contains(&(d.month(), d.day())) {
        return true;
    }
    easter(d.year()).is_some_and(|e| {
        [1, 39, 50]
            .iter()
            .any(|offset| e + Duration::days(*offset) == d)
    })
}

/// A working day (*jour ouvré*): Monday to Friday, not a public holiday.
pub fn is_working_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !is_public_holiday(d)
}

/// The last day to declare a claim that occurred on `on`: `n` working days after it.
pub fn claim_deadline(kind: &str, on: NaiveDate) -> NaiveDate {
    let n = if kind == "theft" { 2 } else { 5 };
    let mut d = on;
    let mut counted = 0;
    while counted < n {
        d += Duration::days(1);
        if is_working_day(d) {
            counted += 1;
        }
    }
    d
}

// ---------------------------------------------------------------------------------------------
// Maintenance plans

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Plan {
    pub id: i64,
    pub vehicle_id: i64,
    pub vehicle_name: String,
    pub odometer_km: i64,
    pub what: String,
    pub every_km: Option<i64>,
    pub every_months: Option<i64>,
    pub last_km: i64,
    pub last_on: String,
}

impl Plan {
    /// The kilometre reading and the date at which it is next due.
    pub fn next(&self) -> (Option<i64>, Option<NaiveDate>) {
        (
            self.every_km.map(|k| self.last_km + k),
            self.every_months.and_then(|m| {
                super::date(&self.last_on)?.checked_add_months(Months::new(u32::try_from(m).ok()?))
            }),
        )
    }

    /// Whether it is due, or will be within `warn_days` (or 1,000 km).
    pub fn due(&self, today: NaiveDate, warn_days: i64) -> bool {
        let (km, on) = self.next();
        km.is_some_and(|k| self.odometer_km + 1000 >= k)
            || on.is_some_and(|d| d <= today + Duration::days(warn_days))
    }
}

/// A plan's limits: what it is (characters), how often (km, months).
pub const PLAN_WHAT_MAX: usize = 120;
pub const EVERY_KM: (i64, i64) = (100, 200_000);
pub const EVERY_MONTHS_MAX: i64 = 120;

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PlanInput {
    pub what: String,
    #[serde(default)]
    pub every_km: Option<i64>,
    #[serde(default)]
    pub every_months: Option<i64>,
    /// When it was last done (`YYYY-MM-DD`); default today.
    #[serde(default)]
    pub last_on: Option<String>,
    /// The odometer then; default the vehicle's now.
    #[serde(default)]
    pub last_km: Option<i64>,
}

macro_rules! plan_select {
    () => {
        "SELECT p.id, p.vehicle_id, v.name AS vehicle_name, v.odometer_km, p.what, p.every_km,
                p.every_months, p.last_km, p.last_on
         FROM vehicle_maintenance_plans p JOIN vehicles v ON v.id = p.vehicle_id"
    };
}

pub async fn plans(pool: &SqlitePool, vehicle_id: Option<i64>) -> Result<Vec<Plan>, sqlx::Error> {
    sqlx::query_as(concat!(
        plan_select!(),
        " WHERE (?1 IS NULL OR p.vehicle_id = ?1) AND v.retired_at IS NULL ORDER BY v.name, p.what"
    ))
    .bind(vehicle_id)
    .fetch_all(pool)
    .await
}

pub async fn add_plan(
    pool: &SqlitePool,
    maker: &Maker,
    vehicle_id: i64,
    input: &PlanInput,
) -> Result<Plan, Refusal> {
    let mut errors = vec![];
    let what = input.what.trim();
    if what.is_empty() || what.chars().count() > PLAN_WHAT_MAX {
        errors.push(FieldError {
            field: "what",
            key: "error-veh-plan-what",
        });
    }
    if input.every_km.is_none() && input.every_months.is_none()
        || input
            .every_km
            .is_some_and(|k| !(EVERY_KM.0..=EVERY_KM.1).contains(&k))
        || input
            .every_months
            .is_some_and(|m| !(1..=EVERY_MONTHS_MAX).contains(&m))
    {
        errors.push(FieldError {
            field: "every_km",
            key: "error-veh-plan-every",
        });
    }
    let last_on = match input
        .last_on
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => match super::date(s) {
            Some(d) => Some(d),
            None => {
                errors.push(FieldError {
                    field: "last_on",
                    key: "error-veh-date",
                });
                None
            }
        },
        None => Some(chrono::Utc::now().date_naive()),
    };
    if input
        .last_km
        .is_some_and(|k| !(0..=super::ODOMETER_MAX).contains(&k))
    {
        errors.push(FieldError {
            field: "last_km",
            key: "error-veh-odometer",
        });
    }
    if !errors.is_empty() || !maker.staff {
        return Err(if maker.staff {
            Refusal::Invalid(errors)
        } else {
            Refusal::NotFound
        });
    }
    let mut tx = db::begin_write(pool).await?;
    let v = super::vehicle(&mut *tx, vehicle_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO vehicle_maintenance_plans (vehicle_id, what, every_km, every_months, last_km,
             last_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(vehicle_id)
    .bind(what)
    .bind(input.every_km)
    .bind(input.every_months)
    .bind(input.last_km.unwrap_or(v.odometer_km))
    .bind(last_on.map(|d| d.to_string()))
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_plan.create",
        "vehicle",
        vehicle_id,
        None,
        Some(&json!({"plan": id, "what": what, "every_km": input.every_km, "every_months": input.every_months})),
    )
    .await?;
    tx.commit().await?;
    plans(pool, Some(vehicle_id))
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(Refusal::NotFound)
}

/// The plan was carried out today, at the vehicle's odometer.
pub async fn plan_done(pool: &SqlitePool, maker: &Maker, plan_id: i64) -> Result<(), Refusal> {
    if !maker.staff {
        return Err(Refusal::NotFound);
    }
    let mut tx = db::begin_write(pool).await?;
    let done = sqlx::query(
        "UPDATE vehicle_maintenance_plans SET last_on = ?,
             last_km = (SELECT odometer_km FROM vehicles WHERE id = vehicle_id)
         WHERE id = ?",
    )
    .bind(chrono::Utc::now().date_naive().to_string())
    .bind(plan_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Refusal::NotFound);
    }
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_plan.done",
        "vehicle_plan",
        plan_id,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Claims

pub const CLAIM_KINDS: [&str; 4] = ["accident", "theft", "breakage", "vandalism"];
/// The longest description of a claim (characters).
pub const CLAIM_DESCRIPTION_MAX: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Claim {
    pub id: i64,
    pub vehicle_id: i64,
    pub vehicle_name: String,
    pub booking_id: Option<i64>,
    pub kind: String,
    pub occurred_on: String,
    /// The last day to declare it to the insurer.
    pub deadline: String,
    pub description: String,
    pub declared_at: Option<String>,
    pub insurer_ref: Option<String>,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ClaimInput {
    /// accident, theft, breakage, vandalism.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub occurred_on: String,
    pub description: String,
    #[serde(default)]
    pub booking_id: Option<i64>,
}

macro_rules! claim_select {
    () => {
        "SELECT c.id, c.vehicle_id, v.name AS vehicle_name, c.booking_id, c.kind, c.occurred_on,
                c.deadline, c.description, c.declared_at, c.insurer_ref, c.recorded_by
         FROM vehicle_claims c JOIN vehicles v ON v.id = c.vehicle_id"
    };
}

/// Claims of a vehicle (or all), newest first.
pub async fn claims(pool: &SqlitePool, vehicle_id: Option<i64>) -> Result<Vec<Claim>, sqlx::Error> {
    sqlx::query_as(concat!(
        claim_select!(),
        " WHERE (?1 IS NULL OR c.vehicle_id = ?1) ORDER BY c.occurred_on DESC, c.id DESC LIMIT 200"
    ))
    .bind(vehicle_id)
    .fetch_all(pool)
    .await
}

/// Claims not yet declared to the insurer, by deadline.
pub async fn undeclared(pool: &SqlitePool) -> Result<Vec<Claim>, sqlx::Error> {
    sqlx::query_as(concat!(
        claim_select!(),
        " WHERE c.declared_at IS NULL ORDER BY c.deadline"
    ))
    .fetch_all(pool)
    .await
}

pub async fn record_claim(
    pool: &SqlitePool,
    maker: &Maker,
    vehicle_id: i64,
    input: &ClaimInput,
) -> Result<Claim, Refusal> {
    if !maker.staff {
        return Err(Refusal::NotFound);
    }
    let mut errors = vec![];
    if !CLAIM_KINDS.contains(&input.kind.as_str()) {
        errors.push(FieldError {
            field: "kind",
            key: "error-veh-claim-kind",
        });
    }
    let on = super::date(input.occurred_on.trim());
    let today = chrono::Utc::now().date_naive();
    if on.is_none_or(|d| d > today) {
        errors.push(FieldError {
            field: "occurred_on",
            key: "error-veh-claim-date",
        });
    }
    let description = input.description.trim();
    if description.is_empty() || description.chars().count() > CLAIM_DESCRIPTION_MAX {
        errors.push(FieldError {
            field: "description",
            key: "error-veh-claim-description",
        });
    }
    let Some(on) = on.filter(|_| errors.is_empty()) else {
        return Err(Refusal::Invalid(errors));
    };
    let mut tx = db::begin_write(pool).await?;
    super::vehicle(&mut *tx, vehicle_id).await?;
    // The booking named must be one of this vehicle's (an unknown one used to fail the table's
    // foreign key: a 500).
    if let Some(b) = input.booking_id {
        let ours: Option<i64> =
            sqlx::query_scalar("SELECT id FROM vehicle_bookings WHERE id = ? AND vehicle_id = ?")
                .bind(b)
                .bind(vehicle_id)
                .fetch_optional(&mut *tx)
                .await?;
        if ours.is_none() {
            return Err(Refusal::NotFound);
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO vehicle_claims (vehicle_id, booking_id, kind, occurred_on, deadline,
             description, recorded_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(vehicle_id)
    .bind(input.booking_id)
    .bind(&input.kind)
    .bind(on.to_string())
    .bind(claim_deadline(&input.kind, on).to_string())
    .bind(description)
    .bind(&maker.display_name)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_claim.create",
        "vehicle",
        vehicle_id,
        None,
        Some(&json!({"claim": id, "kind": input.kind, "occurred_on": on.to_string()})),
    )
    .await?;
    tx.commit().await?;
    claims(pool, Some(vehicle_id))
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(Refusal::NotFound)
}

/// The claim was declared to the insurer (with its reference, if it gave one).
pub async fn claim_declared(
    pool: &SqlitePool,
    maker: &Maker,
    claim_id: i64,
    reference: &str,
) -> Result<(), Refusal> {
    if !maker.staff {
        return Err(Refusal::NotFound);
    }
    if reference.chars().count() > 60 {
        return Err(Refusal::field("insurer_ref", crate::refusal::too_long(60)));
    }
    let mut tx = db::begin_write(pool).await?;
    let done = sqlx::query(
        "UPDATE vehicle_claims SET declared_at = ?, insurer_ref = ? WHERE id = ? AND declared_at IS NULL",
    )
    .bind(db::now_text())
    .bind((!reference.trim().is_empty()).then(|| reference.trim().to_owned()))
    .bind(claim_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Refusal::NotFound);
    }
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_claim.declared",
        "vehicle_claim",
        claim_id,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Prices and the monthly statement

/// What one use costs: (kind, amount) in euro cents or SEL minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = VehicleStatementLine)]
pub struct StatementLine {
    pub booking_id: i64,
    pub vehicle_name: String,
    pub start_at: String,
    pub end_at: String,
    /// Minutes billed: the booked time, or the real time when longer.
    pub minutes: i64,
    pub km: i64,
    /// free, euros or sel.
    pub price_kind: String,
    /// Euro cents or SEL minutes.
    pub amount: i64,
}

/// The billed minutes of a use: the booked time, or the real one (key out to key back) when
/// longer, rounded up to the quarter hour.
pub fn billed_minutes(b: &Booking) -> i64 {
    let booked = (b.end() - b.start()).num_minutes();
    let real = match (&b.picked_up_at, &b.returned_at) {
        (Some(out), Some(back)) => {
            (crate::time::stored_instant(back) - crate::time::stored_instant(out)).num_minutes()
        }
        _ => 0,
    };
    let m = booked.max(real).max(0);
    m.div_euclid(15) * 15 + if m % 15 == 0 { 0 } else { 15 }
}

/// A person's uses returned in a month (local dates), with what each costs.
pub async fn statement(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    person_id: i64,
    year: i32,
    month: u32,
) -> Result<Vec<StatementLine>, Refusal> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or(Refusal::field("month", "error-veh-month"))?;
    let next = first
        .checked_add_months(Months::new(1))
        .ok_or(Refusal::field("month", "error-veh-month"))?;
    let from = crate::time::resolve_local(tz, first.and_time(chrono::NaiveTime::MIN));
    let to = crate::time::resolve_local(tz, next.and_time(chrono::NaiveTime::MIN));
    let uses: Vec<Booking> = sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.person_id = ? AND b.state = 'returned' AND b.start_at >= ? AND b.start_at < ?
          ORDER BY b.start_at"
    ))
    .bind(person_id)
    .bind(db::instant_text(from))
    .bind(db::instant_text(to))
    .fetch_all(pool)
    .await?;
    let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM persons WHERE id = ?")
        .bind(person_id)
        .fetch_optional(pool)
        .await?;
    let Some(kind) = kind else {
        return Err(Refusal::NotFound);
    };
    let mut lines = vec![];
    for b in uses {
        let (price_kind, per_hour, per_km): (String, i64, i64) = sqlx::query_as(
            "SELECT coalesce(p.price_kind, v.price_kind), coalesce(p.price_per_hour, v.price_per_hour),
                    coalesce(p.price_per_km, v.price_per_km)
             FROM vehicles v LEFT JOIN vehicle_prices p ON p.vehicle_id = v.id AND p.person_kind = ?
             WHERE v.id = ?",
        )
        .bind(&kind)
        .bind(b.vehicle_id)
        .fetch_one(pool)
        .await?;
        let minutes = billed_minutes(&b);
        let km = match (b.km_start, b.km_end) {
            (Some(s), Some(e)) => e - s,
            _ => 0,
        };
        let amount = if price_kind == "free" {
            0
        } else {
            (per_hour * minutes + 30) / 60 + per_km * km
        };
        lines.push(StatementLine {
            booking_id: b.id,
            vehicle_name: b.vehicle_name.clone(),
            start_at: b.start_at.clone(),
            end_at: b.end_at.clone(),
            minutes,
            km,
            price_kind,
            amount,
        });
    }
    Ok(lines)
}

/// Sets the price of a vehicle for one kind of person.
pub async fn set_price(
    pool: &SqlitePool,
    maker: &Maker,
    vehicle_id: i64,
    person_kind: &str,
    price_kind: &str,
    per_hour: i64,
    per_km: i64,
) -> Result<(), Refusal> {
    if !maker.staff {
        return Err(Refusal::NotFound);
    }
    let kinds = ["resident", "neighbour", "guest", "staff", "member"];
    let mut errors = vec![];
    if !kinds.contains(&person_kind) {
        errors.push(FieldError {
            field: "person_kind",
            key: "error-veh-price-person-kind",
        });
    }
    if !["free", "euros", "sel"].contains(&price_kind)
        || !(0..=100_000).contains(&per_hour)
        || !(0..=100_000).contains(&per_km)
    {
        errors.push(FieldError {
            field: "price_per_hour",
            key: "error-veh-price",
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let mut tx = db::begin_write(pool).await?;
    super::vehicle(&mut *tx, vehicle_id).await?;
    sqlx::query(
        "INSERT INTO vehicle_prices (vehicle_id, person_kind, price_kind, price_per_hour, price_per_km)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (vehicle_id, person_kind) DO UPDATE SET price_kind = excluded.price_kind,
             price_per_hour = excluded.price_per_hour, price_per_km = excluded.price_per_km",
    )
    .bind(vehicle_id)
    .bind(person_kind)
    .bind(price_kind)
    .bind(per_hour)
    .bind(per_km)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle.price",
        "vehicle",
        vehicle_id,
        None,
        Some(
            &json!({"person_kind": person_kind, "price_kind": price_kind,
                     "per_hour": per_hour, "per_km": per_km}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> NaiveDate {
        super::super::date(s).unwrap()
    }

    #[test]
    fn easter_and_the_holidays_that_follow_it() {
        assert_eq!(easter(2026), Some(d("2026-04-05")));
        assert_eq!(easter(2027), Some(d("2027-03-28")));
        assert_eq!(easter(2024), Some(d("2024-03-31")));
        assert!(is_public_holiday(d("2026-04-06")), "Easter Monday");
        assert!(is_public_holiday(d("2026-05-14")), "Ascension");
        assert!(is_public_holiday(d("2026-05-25")), "Whit Monday");
        assert!(is_public_holiday(d("2026-07-14")));
        assert!(!is_public_holiday(d("2026-07-15")));
    }

    #[test]
    fn a_claim_is_declared_within_five_working_days_two_for_a_theft() {
        // Friday 4 December 2026: Mon 7, Tue 8, Wed 9, Thu 10, Fri 11.
        assert_eq!(claim_deadline("accident", d("2026-12-04")), d("2026-12-11"));
        // A theft on a Friday: Monday and Tuesday.
        assert_eq!(claim_deadline("theft", d("2026-12-04")), d("2026-12-08"));
        // Across Christmas and New Year: 24 Dec (Thu) → 28, 29, 30, 31 Dec, then 1 Jan is off: 4 Jan.
        assert_eq!(claim_deadline("accident", d("2026-12-24")), d("2027-01-04"));
        // Easter Monday 2026 does not count: Thu 2 Apr → Fri 3, Tue 7, Wed 8, Thu 9, Fri 10.
        assert_eq!(claim_deadline("breakage", d("2026-04-02")), d("2026-04-10"));
    }
}
