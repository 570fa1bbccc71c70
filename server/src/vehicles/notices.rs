//! What the shared vehicles tell people (through `notify`, in the booking's transaction): a
//! vehicle booked in their name, a booking cancelled, and the reminder the day before.

use super::booking::Booking;
use crate::notify::{self, Event};
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

fn event(b: &Booking, key: String, kind: &'static str) -> Event {
    Event::new(key, kind)
        .arg("vehicle", b.vehicle_name.clone())
        .arg("start_at", b.start_at.clone())
        .arg("end_at", b.end_at.clone())
        .link(format!("/vehicules/reservations/{}", b.id))
}

/// Bookings just made (a series: its first date speaks for it, with how many dates it has and the
/// local day of the last).
pub async fn booked(
    conn: &mut SqliteConnection,
    tz: chrono_tz::Tz,
    made: &[Booking],
) -> Result<(), sqlx::Error> {
    let (Some(first), Some(last)) = (made.first(), made.last()) else {
        return Ok(());
    };
    let e = event(
        first,
        format!("vehicle-booking:{}:booked", first.id),
        "vehicle-booked",
    )
    .arg("count", made.len())
    .arg("has_series", if made.len() > 1 { "yes" } else { "no" })
    .arg(
        "last_day",
        last.start()
            .with_timezone(&tz)
            .date_naive()
            .format("%Y-%m-%d")
            .to_string(),
    );
    notify::tell(conn, first.person_id, &e).await?;
    Ok(())
}

/// A booking cancelled.
pub async fn cancelled(conn: &mut SqliteConnection, b: &Booking) -> Result<(), sqlx::Error> {
    let e = event(
        b,
        format!("vehicle-booking:{}:cancelled", b.id),
        "vehicle-cancelled",
    );
    notify::tell(conn, b.person_id, &e).await?;
    Ok(())
}

/// The reminders of the vehicle bookings that start tomorrow, once each.
pub async fn remind(
    conn: &mut SqliteConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<usize, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM vehicle_bookings WHERE state = 'confirmed' AND start_at >= ? AND start_at < ?
         ORDER BY start_at",
    )
    .bind(crate::db::instant_text(from))
    .bind(crate::db::instant_text(to))
    .fetch_all(&mut *conn)
    .await?;
    let mut made = 0;
    for id in ids {
        let b = match super::booking::booking(&mut *conn, id).await {
            Ok(b) => b,
            Err(crate::refusal::Refusal::Db(e)) => return Err(e),
            Err(_) => continue,
        };
        let e = event(
            &b,
            format!("vehicle-booking:{}:reminder:{}", b.id, b.start_at),
            "vehicle-reminder",
        );
        if notify::tell(conn, b.person_id, &e).await? {
            made += 1;
        }
    }
    Ok(made)
}
