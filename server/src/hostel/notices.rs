//! What the hostel tells a guest known to the place (a stay linked to a person's record, through
//! `notify`, in the stay's transaction): a stay confirmed, changed (its departure moved, another
//! room) or cancelled, with the rooms it sleeps in. Guests who are only a name and a phone are
//! told by the desk, as before.

use super::stays::Stay;
use crate::notify::{self, Event};
use chrono::NaiveDate;
use sqlx::SqliteConnection;

fn event(s: &Stay, rooms: &str, what: &str, kind: &'static str) -> Event {
    Event::new(format!("hostel-stay:{}:{what}", s.id), kind)
        .arg("arrival_day", s.arrival.clone())
        .arg("departure_day", s.departure.clone())
        .arg("has_room", if rooms.is_empty() { "no" } else { "yes" })
        .arg("room", rooms)
}

/// Where a stay sleeps, « Chambre 3, Dortoir A »: the rooms whose beds it holds now, else the
/// room asked for, else nothing (beds in any dormitory, not yet held). Read before a cancellation
/// releases the nights.
pub async fn rooms(conn: &mut SqliteConnection, stay_id: i64) -> Result<String, sqlx::Error> {
    rooms_from(conn, stay_id, None).await
}

/// [`rooms`], of the nights from `from` on only (the nights already slept stay where they were).
async fn rooms_from(
    conn: &mut SqliteConnection,
    stay_id: i64,
    from: Option<NaiveDate>,
) -> Result<String, sqlx::Error> {
    let mut names: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT r.name FROM hostel_nights n JOIN hostel_beds b ON b.id = n.bed_id
           JOIN hostel_rooms r ON r.id = b.room_id
         WHERE n.stay_id = ?1 AND n.released_at IS NULL AND (?2 IS NULL OR n.night >= ?2)
         ORDER BY r.name COLLATE NOCASE",
    )
    .bind(stay_id)
    .bind(from.map(|d| d.to_string()))
    .fetch_all(&mut *conn)
    .await?;
    if names.is_empty() {
        names = sqlx::query_scalar(
            "SELECT r.name FROM hostel_stays s JOIN hostel_rooms r ON r.id = s.room_id
             WHERE s.id = ?",
        )
        .bind(stay_id)
        .fetch_all(&mut *conn)
        .await?;
    }
    Ok(names.join(", "))
}

/// A stay confirmed (at once, or a request the desk accepted).
pub async fn confirmed(conn: &mut SqliteConnection, s: &Stay) -> Result<(), sqlx::Error> {
    if let (Some(p), "confirmed") = (s.person_id, s.status.as_str()) {
        let rooms = rooms(conn, s.id).await?;
        notify::tell(
            conn,
            p,
            &event(s, &rooms, "confirmed", "hostel-stay-booked"),
        )
        .await?;
    }
    Ok(())
}

/// A stay cancelled; `rooms` is where it slept until now ([`rooms`] before the cancellation).
pub async fn cancelled(
    conn: &mut SqliteConnection,
    s: &Stay,
    rooms: &str,
) -> Result<(), sqlx::Error> {
    if let Some(p) = s.person_id {
        notify::tell(
            conn,
            p,
            &event(s, rooms, "cancelled", "hostel-stay-cancelled"),
        )
        .await?;
    }
    Ok(())
}

/// A stay changed by the desk — its departure moved, or another room — while it holds its nights:
/// the guest is told the stay as it now is, the rooms of its nights from `from` (tonight, or its
/// first night if it has not begun) on. Each change is its own message (two moves, two
/// messages), made in the change's transaction.
pub async fn changed(
    conn: &mut SqliteConnection,
    s: &Stay,
    from: NaiveDate,
) -> Result<(), sqlx::Error> {
    if let (Some(p), true) = (s.person_id, s.holds()) {
        let rooms = rooms_from(conn, s.id, Some(from)).await?;
        let what = format!("changed:{}", uuid::Uuid::now_v7().simple());
        notify::tell(conn, p, &event(s, &rooms, &what, "hostel-stay-changed")).await?;
    }
    Ok(())
}
