//! What the rooms tell people (through `notify`, in the change's own transaction): a request
//! received, confirmed, declined, a booking cancelled or moved, and the reminder the day before.
//! Who hears of a booking: the person it is for, the person of the account that asked, and the
//! representatives of its association.

use super::booking::{Booking, of_series};
use crate::notify::{self, Event};
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

/// The people a booking concerns, each once.
pub async fn people_of(conn: &mut SqliteConnection, b: &Booking) -> Result<Vec<i64>, sqlx::Error> {
    let mut people = vec![];
    if let Some(p) = b.person_id {
        people.push(p);
    }
    if let Some(user) = b.created_by {
        let person: Option<Option<i64>> =
            sqlx::query_scalar("SELECT person_id FROM users WHERE id = ?")
                .bind(user)
                .fetch_optional(&mut *conn)
                .await?;
        people.extend(person.flatten());
    }
    if let Some(a) = b.association_id {
        people.extend(notify::representatives(conn, a).await?);
    }
    people.sort_unstable();
    people.dedup();
    Ok(people)
}

fn event(b: &Booking, key: String, kind: &'static str) -> Event {
    Event::new(key, kind)
        .arg("title", b.title.clone())
        .arg("space", b.space_name.clone())
        .at("start_at", b.start())
        .at("end_at", b.end())
        .link(format!("/reservations/{}", b.id))
}

async fn tell(conn: &mut SqliteConnection, b: &Booking, e: Event) -> Result<(), sqlx::Error> {
    let people = people_of(conn, b).await?;
    notify::tell_all(conn, &people, &e).await?;
    Ok(())
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// A booking just made: a request waiting for the desk, or confirmed at once.
pub async fn made(conn: &mut SqliteConnection, b: &Booking) -> Result<(), sqlx::Error> {
    let e = if b.state == "requested" {
        event(
            b,
            format!("space-booking:{}:requested", b.id),
            "booking-requested",
        )
    } else {
        event(
            b,
            format!("space-booking:{}:confirmed", b.id),
            "booking-approved",
        )
        .arg("has_message", "no")
        .arg("message", "")
    };
    tell(conn, b, e).await
}

/// A series just booked: one message for all its dates.
pub async fn series_made(conn: &mut SqliteConnection, series_id: i64) -> Result<(), sqlx::Error> {
    let dates = of_series(&mut *conn, series_id).await?;
    let Some(first) = dates.first() else {
        return Ok(());
    };
    let waiting = dates.iter().any(|b| b.state == "requested");
    let e = event(
        first,
        format!("space-series:{series_id}:made"),
        if waiting {
            "booking-series-requested"
        } else {
            "booking-series-approved"
        },
    )
    .arg("count", dates.len())
    .arg("declined", 0)
    .arg("has_declined", "no")
    .arg("has_message", "no")
    .arg("message", "");
    tell(conn, first, e).await
}

/// The desk's answer to a request.
pub async fn decided(
    conn: &mut SqliteConnection,
    b: &Booking,
    message: Option<&str>,
) -> Result<(), sqlx::Error> {
    let e = match b.state.as_str() {
        "confirmed" => event(
            b,
            format!("space-booking:{}:confirmed", b.id),
            "booking-approved",
        )
        .arg("has_message", yes(message.is_some()))
        .arg("message", message.unwrap_or_default()),
        "declined" => event(
            b,
            format!("space-booking:{}:declined", b.id),
            "booking-declined",
        )
        .arg("reason", message.unwrap_or_default()),
        _ => return Ok(()),
    };
    tell(conn, b, e).await
}

/// The desk's answer to a whole series: one message, with how many dates it gives and refuses.
pub async fn series_decided(
    conn: &mut SqliteConnection,
    series_id: i64,
    decided_at: DateTime<Utc>,
    message: Option<&str>,
) -> Result<(), sqlx::Error> {
    let dates = of_series(&mut *conn, series_id).await?;
    let stamp = crate::db::instant_text(decided_at);
    let decided: Vec<&Booking> = dates
        .iter()
        .filter(|b| b.decided_at.as_deref() == Some(stamp.as_str()))
        .collect();
    let Some(first) = decided.first() else {
        return Ok(());
    };
    let confirmed = decided.iter().filter(|b| b.state == "confirmed").count();
    let declined = decided.iter().filter(|b| b.state == "declined").count();
    let (kind, key) = if confirmed > 0 {
        ("booking-series-approved", "approved")
    } else {
        ("booking-series-declined", "declined")
    };
    let e = event(
        first,
        format!("space-series:{series_id}:{key}:{stamp}"),
        kind,
    )
    .arg("count", confirmed.max(declined))
    .arg("declined", declined)
    .arg("has_declined", yes(declined > 0))
    .arg("has_message", yes(message.is_some()))
    .arg("message", message.unwrap_or_default())
    .arg("reason", message.unwrap_or_default());
    tell(conn, first, e).await
}

/// A booking cancelled (and the following dates with it, when `following`).
pub async fn cancelled(
    conn: &mut SqliteConnection,
    b: &Booking,
    following: bool,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    let e = event(
        b,
        format!("space-booking:{}:cancelled", b.id),
        "booking-cancelled",
    )
    .arg("has_reason", yes(reason.is_some()))
    .arg("reason", reason.unwrap_or_default())
    .arg("following", yes(following));
    tell(conn, b, e).await
}

/// A booking moved; `before` is its start until now.
pub async fn moved(
    conn: &mut SqliteConnection,
    b: &Booking,
    before: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let e = event(
        b,
        format!("space-booking:{}:moved:{}", b.id, b.sequence),
        "booking-moved",
    )
    .at("old_start_at", before);
    tell(conn, b, e).await
}

/// The reminders of the bookings that start tomorrow (local day), told once each; for the
/// reminders' job. Returns how many messages were made.
pub async fn remind(
    conn: &mut SqliteConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<usize, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM space_bookings WHERE state = 'confirmed' AND start_at >= ? AND start_at < ?
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
            format!("space-booking:{}:reminder:{}", b.id, b.start_at),
            "booking-reminder",
        );
        let people = people_of(conn, &b).await?;
        made += notify::tell_all(conn, &people, &e).await?;
    }
    Ok(made)
}
