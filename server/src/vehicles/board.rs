//! The desk's board: vehicles out now, due back within the hour, **overdue**, today's pickups, the
//! workshop, damage to review, return forms still missing, and the dates coming up (licences,
//! insurance, *contrôle technique*).

use super::booking::Booking;
use super::returns::Damage;
use super::workshop::Job;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sqlx::SqlitePool;

/// A date coming up (or passed) that the desk must act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Warning {
    /// licence, insurance, inspection, maintenance, claim.
    pub what: String,
    /// The person or the vehicle.
    pub name: String,
    pub person_id: Option<i64>,
    pub vehicle_id: Option<i64>,
    pub phone: Option<String>,
    /// `YYYY-MM-DD`.
    pub due: String,
    pub passed: bool,
}

/// The board at an instant.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Board {
    pub overdue: Vec<Booking>,
    /// Out, due back within the hour.
    pub due_soon: Vec<Booking>,
    /// Out, due later.
    pub out: Vec<Booking>,
    /// Confirmed, starting today (local day) and not yet taken.
    pub pickups_today: Vec<Booking>,
    pub workshop: Vec<Job>,
    pub damages: Vec<Damage>,
    /// Keys back, return form not yet filled in.
    pub forms_missing: Vec<Booking>,
    pub warnings: Vec<Warning>,
}

/// The board as the desk sees it at `now`.
pub async fn board(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<Board, sqlx::Error> {
    let out: Vec<Booking> = sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.state = 'out' ORDER BY b.end_at"
    ))
    .fetch_all(pool)
    .await?;
    let (mut overdue, mut due_soon, mut later) = (vec![], vec![], vec![]);
    for b in out {
        if b.end() < now {
            overdue.push(b);
        } else if b.end() <= now + Duration::hours(1) {
            due_soon.push(b);
        } else {
            later.push(b);
        }
    }
    let local = now.with_timezone(&tz).date_naive();
    let day_end = crate::time::resolve_local(
        tz,
        (local + Duration::days(1)).and_time(chrono::NaiveTime::MIN),
    );
    let pickups_today: Vec<Booking> = sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.state = 'confirmed' AND b.start_at < ? AND b.end_at > ?
         ORDER BY b.start_at"
    ))
    .bind(crate::db::instant_text(day_end))
    .bind(crate::db::instant_text(now))
    .fetch_all(pool)
    .await?;
    let forms_missing: Vec<Booking> = sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.state = 'returned' AND b.return_form_at IS NULL
         ORDER BY b.returned_at DESC LIMIT 50"
    ))
    .fetch_all(pool)
    .await?;
    let settings = super::settings(pool).await?;
    let mut warnings = vec![];
    for (person_id, name, expires, phone) in
        super::drivers::expiring(pool, local, settings.warn_days).await?
    {
        warnings.push(Warning {
            what: "licence".into(),
            passed: expires < local.to_string(),
            name,
            person_id: Some(person_id),
            vehicle_id: None,
            phone,
            due: expires,
        });
    }
    let horizon = local + Duration::days(settings.warn_days);
    for v in super::fleet(pool).await? {
        if let Some(due) = v.inspection_due()
            && due <= horizon
        {
            warnings.push(Warning {
                what: "inspection".into(),
                name: v.name.clone(),
                person_id: None,
                vehicle_id: Some(v.id),
                phone: None,
                due: due.to_string(),
                passed: due < local,
            });
        }
        if let Some(until) = v.insurance_until.as_deref().and_then(super::date)
            && until <= horizon
        {
            warnings.push(Warning {
                what: "insurance".into(),
                name: v.name.clone(),
                person_id: None,
                vehicle_id: Some(v.id),
                phone: None,
                due: until.to_string(),
                passed: until < local,
            });
        }
    }
    for p in super::upkeep::plans(pool, None).await? {
        if p.due(local, settings.warn_days) {
            let (km, on) = p.next();
            let passed = km.is_some_and(|k| p.odometer_km >= k) || on.is_some_and(|d| d < local);
            warnings.push(Warning {
                what: "maintenance".into(),
                name: format!("{} — {}", p.vehicle_name, p.what),
                person_id: None,
                vehicle_id: Some(p.vehicle_id),
                phone: None,
                due: on.unwrap_or(local).to_string(),
                passed,
            });
        }
    }
    for c in super::upkeep::undeclared(pool).await? {
        warnings.push(Warning {
            what: "claim".into(),
            passed: c.deadline < local.to_string(),
            name: c.vehicle_name,
            person_id: None,
            vehicle_id: Some(c.vehicle_id),
            phone: None,
            due: c.deadline,
        });
    }
    warnings.sort_by(|a, b| a.due.cmp(&b.due));
    Ok(Board {
        overdue,
        due_soon,
        out: later,
        pickups_today,
        workshop: super::workshop::current(pool, now).await?,
        damages: super::returns::waiting(pool).await?,
        forms_missing,
        warnings,
    })
}

/// A vehicle's logbook: every use with its driver, times, kilometres, fuel or charge, remarks —
/// newest first.
pub async fn logbook(pool: &SqlitePool, vehicle_id: i64) -> Result<Vec<Booking>, sqlx::Error> {
    sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.vehicle_id = ? AND b.state IN ('out', 'returned')
         ORDER BY b.picked_up_at DESC LIMIT 200"
    ))
    .bind(vehicle_id)
    .fetch_all(pool)
    .await
}
