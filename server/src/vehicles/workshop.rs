//! Workshop jobs: maintenance, repairs, the *contrôle technique*. A job takes a vehicle out of
//! service for a period; it may be put over existing bookings, which it then lists — with each
//! person's phone number — for the desk to call, ticking each call. No booking is taken over an
//! open job afterwards (the database's trigger).

use super::booking::{Booking, Maker};
use crate::audit;
use crate::db;
use crate::refusal::{FieldError, Refusal};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

pub const JOB_KINDS: [&str; 5] = ["maintenance", "repair", "inspection", "damage", "other"];
/// The longest reason of a job (characters).
pub const JOB_REASON_MAX: usize = 500;

/// A workshop job as asked for.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewJob {
    /// maintenance, repair, inspection, damage, other.
    pub kind: String,
    pub reason: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// A workshop job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Job {
    pub id: i64,
    pub vehicle_id: i64,
    pub vehicle_name: String,
    pub kind: String,
    pub reason: String,
    pub start_at: String,
    pub end_at: String,
    pub created_by_name: String,
    pub created_at: String,
    pub closed_at: Option<String>,
}

pub async fn job(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Job, Refusal> {
    sqlx::query_as(concat!(job_select!(), " WHERE j.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(Refusal::NotFound)
}

/// Open jobs not over at `now`, soonest first.
pub async fn current(
    conn: impl sqlx::SqliteExecutor<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<Job>, sqlx::Error> {
    sqlx::query_as(concat!(
        job_select!(),
        " WHERE j.closed_at IS NULL AND j.block_end > ? ORDER BY j.start_at"
    ))
    .bind(now.timestamp())
    .fetch_all(conn)
    .await
}

/// A vehicle's jobs, newest first.
pub async fn of_vehicle(
    conn: impl sqlx::SqliteExecutor<'_>,
    vehicle_id: i64,
) -> Result<Vec<Job>, sqlx::Error> {
    sqlx::query_as(concat!(
        job_select!(),
        " WHERE j.vehicle_id = ? ORDER BY j.start_at DESC LIMIT 50"
    ))
    .bind(vehicle_id)
    .fetch_all(conn)
    .await
}

/// The live bookings a period of a vehicle would hit (the buffer after each booking included).
pub async fn bookings_hit(
    conn: impl sqlx::SqliteExecutor<'_>,
    vehicle_id: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<Booking>, sqlx::Error> {
    sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.vehicle_id = ? AND b.state IN ('confirmed', 'out')
           AND b.block_start > ? - 16 * 86400 AND b.block_start < ? AND b.block_end > ?
         ORDER BY b.start_at"
    ))
    .bind(vehicle_id)
    .bind(start.timestamp())
    .bind(end.timestamp())
    .bind(start.timestamp())
    .fetch_all(conn)
    .await
}

fn vet(input: &NewJob) -> Result<(), Refusal> {
    let mut errors = vec![];
    if !JOB_KINDS.contains(&input.kind.as_str()) {
        errors.push(FieldError {
            field: "kind",
            key: "error-veh-job-kind",
        });
    }
    let reason = input.reason.trim();
    if reason.is_empty() || reason.chars().count() > JOB_REASON_MAX {
        errors.push(FieldError {
            field: "reason",
            key: "error-veh-job-reason",
        });
    }
    if input.end <= input.start {
        errors.push(FieldError {
            field: "end",
            key: "error-veh-end-before-start",
        });
    }
    if (input.end - input.start).num_days() > 366 {
        errors.push(FieldError {
            field: "end",
            key: "error-veh-job-too-long",
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Refusal::Invalid(errors))
    }
}

/// Opens a workshop job; returns it with the bookings it hits.
pub async fn open(
    pool: &SqlitePool,
    maker: &Maker,
    vehicle_id: i64,
    input: &NewJob,
) -> Result<(Job, Vec<Booking>), Refusal> {
    if !maker.staff {
        return Err(Refusal::NotFound);
    }
    vet(input)?;
    let mut tx = db::begin_write(pool).await?;
    super::vehicle(&mut *tx, vehicle_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO vehicle_workshop_jobs (vehicle_id, kind, reason, start_at, end_at,
             block_start, block_end, created_by_name, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(vehicle_id)
    .bind(&input.kind)
    .bind(input.reason.trim())
    .bind(db::instant_text(input.start))
    .bind(db::instant_text(input.end))
    .bind(input.start.timestamp())
    .bind(input.end.timestamp())
    .bind(&maker.display_name)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_workshop.open",
        "vehicle",
        vehicle_id,
        None,
        Some(
            &json!({"job": id, "kind": input.kind, "reason": input.reason.trim(),
                     "start": db::instant_text(input.start), "end": db::instant_text(input.end)}),
        ),
    )
    .await?;
    let j = job(&mut *tx, id).await?;
    let hit = bookings_hit(&mut *tx, vehicle_id, input.start, input.end).await?;
    tx.commit().await?;
    Ok((j, hit))
}

/// Closes a job (finished early, or called off): the vehicle is back now.
pub async fn close(pool: &SqlitePool, maker: &Maker, job_id: i64) -> Result<Job, Refusal> {
    if !maker.staff {
        return Err(Refusal::NotFound);
    }
    let mut tx = db::begin_write(pool).await?;
    let j = job(&mut *tx, job_id).await?;
    if j.closed_at.is_some() {
        return Ok(j);
    }
    sqlx::query("UPDATE vehicle_workshop_jobs SET closed_at = ?, closed_by_name = ? WHERE id = ?")
        .bind(db::now_text())
        .bind(&maker.display_name)
        .bind(job_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_workshop.close",
        "vehicle",
        j.vehicle_id,
        None,
        Some(&json!({"job": job_id})),
    )
    .await?;
    let j = job(&mut *tx, job_id).await?;
    tx.commit().await?;
    Ok(j)
}

/// A booking a job hits, with the person's phone and whether the desk called.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HitBooking {
    pub booking: Booking,
    pub phone: Option<String>,
    pub called_by: Option<String>,
    pub called_at: Option<String>,
}

/// The bookings a job hits, with the desk's calls.
pub async fn hits(pool: &SqlitePool, job_id: i64) -> Result<(Job, Vec<HitBooking>), Refusal> {
    let mut conn = pool.acquire().await?;
    let j = job(&mut *conn, job_id).await?;
    let (start, end) = (
        crate::time::stored_instant(&j.start_at),
        crate::time::stored_instant(&j.end_at),
    );
    let mut out = vec![];
    for b in bookings_hit(&mut *conn, j.vehicle_id, start, end).await? {
        let phone: Option<String> = sqlx::query_scalar("SELECT phone FROM persons WHERE id = ?")
            .bind(b.person_id)
            .fetch_optional(&mut *conn)
            .await?
            .flatten();
        let call: Option<(String, String)> = sqlx::query_as(
            "SELECT called_by_name, called_at FROM vehicle_workshop_calls
             WHERE job_id = ? AND booking_id = ?",
        )
        .bind(job_id)
        .bind(b.id)
        .fetch_optional(&mut *conn)
        .await?;
        out.push(HitBooking {
            booking: b,
            phone,
            called_by: call.as_ref().map(|c| c.0.clone()),
            called_at: call.map(|c| c.1),
        });
    }
    Ok((j, out))
}

/// The desk called the person of a booking a job hits.
pub async fn mark_called(
    pool: &SqlitePool,
    maker: &Maker,
    job_id: i64,
    booking_id: i64,
) -> Result<(), Refusal> {
    if !maker.staff {
        return Err(Refusal::NotFound);
    }
    let (_, hit) = hits(pool, job_id).await?;
    if !hit.iter().any(|h| h.booking.id == booking_id) {
        return Err(Refusal::NotFound);
    }
    let mut tx = db::begin_write(pool).await?;
    sqlx::query(
        "INSERT INTO vehicle_workshop_calls (job_id, booking_id, called_by_name, called_at)
         VALUES (?, ?, ?, ?) ON CONFLICT (job_id, booking_id) DO NOTHING",
    )
    .bind(job_id)
    .bind(booking_id)
    .bind(&maker.display_name)
    .bind(db::now_text())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_workshop.called",
        "vehicle_booking",
        booking_id,
        None,
        Some(&json!({"job": job_id})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
