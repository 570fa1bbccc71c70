//! The shared vehicles' part of a person's GDPR export and erasure (hooks of the list of
//! domains): their bookings and uses, the damage reported on them, their trips (as passenger or
//! driver), their licence as recorded, their briefings.

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
        let mut trip_list = vec![];
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM vehicle_trips WHERE passenger_id = ?1 OR volunteer_id = ?1 ORDER BY start_at",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        for t in ids {
            match super::trips::trip(pool, t).await {
                Ok(t) => trip_list.push(t),
                Err(crate::refusal::Refusal::Db(e)) => return Err(e),
                Err(_) => {}
            }
        }
        let damages: Vec<super::returns::Damage> = sqlx::query_as(concat!(
            damage_select!(),
            " WHERE d.booking_id IN (SELECT id FROM vehicle_bookings WHERE person_id = ?)
              ORDER BY d.reported_at"
        ))
        .bind(id)
        .fetch_all(pool)
        .await?;
        Ok(json!({
            "bookings": bookings,
            "damages": damages,
            "trips": trip_list,
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
        // Their coming trips as a passenger are cancelled; the trips they were to drive are open
        // again for another volunteer. Trips done keep their dates and kilometres (the yearly
        // report) but lose the places, which could say where someone lives.
        sqlx::query(
            "UPDATE vehicle_trips SET state = 'cancelled', cancelled_at = ?1, updated_at = ?1
             WHERE passenger_id = ?2 AND state IN ('open', 'taken')",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE vehicle_trips SET state = 'open', volunteer_id = NULL, booking_id = NULL,
                 own_car = 0, taken_at = NULL, updated_at = ?1
             WHERE volunteer_id = ?2 AND state = 'taken'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE vehicle_trips SET from_place = '—', to_place = '—', note = ''
             WHERE passenger_id = ?",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        // Where their own account wrote their name (a booking or a trip they asked for
        // themself, a damage they reported at a return), it becomes « Compte effacé ». The
        // damage itself and its photo stay: they are the vehicle's record (the photo form asks
        // for the vehicle, not people).
        sqlx::query(
            "UPDATE vehicle_bookings SET made_by_name = 'Compte effacé'
             WHERE made_by_user IN (SELECT id FROM users WHERE person_id = ?)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE vehicle_trips SET requested_by_name = 'Compte effacé'
             WHERE requested_by_user IN (SELECT id FROM users WHERE person_id = ?)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE vehicle_damages SET reported_by_name = 'Compte effacé'
             WHERE booking_id IN (SELECT id FROM vehicle_bookings WHERE person_id = ?1)
               AND reported_by_name IN (SELECT display_name FROM users WHERE person_id = ?1)",
        )
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
