//! The shared vehicles' part of a person's GDPR export and erasure (hooks of the list of
//! domains): their bookings and uses, their licence as recorded, their briefings.

use crate::audit::Actor;
use crate::refusal::Refusal;
use crate::web::domain::Fut;
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

/// Their bookings (with the return forms), their licence and their briefings.
pub fn export(pool: &SqlitePool, id: i64) -> Fut<'_, Result<serde_json::Value, sqlx::Error>> {
    Box::pin(async move {
        let bookings: Vec<super::booking::Booking> = sqlx::query_as(concat!(
            booking_select!(),
            " WHERE b.person_id = ? ORDER BY b.start_at"
        ))
        .bind(id)
        .fetch_all(pool)
        .await?;
        let licence = super::drivers::licence(pool, id).await?;
        let briefings: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT v.name, b.given_by_name, b.given_at FROM vehicle_briefings b
             JOIN vehicles v ON v.id = b.vehicle_id WHERE b.person_id = ? ORDER BY b.given_at",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        Ok(json!({
            "bookings": bookings,
            "licence": licence,
            "briefings": briefings.into_iter().map(|(vehicle, by, at)|
                json!({"vehicle": vehicle, "given_by": by, "given_at": at})).collect::<Vec<_>>(),
        }))
    })
}

/// Erasing a person: their coming bookings are cancelled; past uses keep their dates and
/// kilometres (the vehicle's logbook, the insurer's record) but lose the remarks they typed; the
/// licence record and the briefings are deleted.
pub fn erase<'a>(
    tx: &'a mut SqliteConnection,
    _actor: &'a Actor,
    id: i64,
    now: &'a str,
) -> Fut<'a, Result<(), Refusal>> {
    Box::pin(async move {
        sqlx::query(
            "UPDATE vehicle_bookings SET state = 'cancelled', cancelled_at = ?1,
                 cancelled_by = 'effacement', cancel_reason = NULL, updated_at = ?1
             WHERE person_id = ?2 AND state = 'confirmed'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE vehicle_bookings SET purpose = '', remarks = NULL WHERE person_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM vehicle_drivers WHERE person_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM vehicle_briefings WHERE person_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Ok(())
    })
}
