//! What the hostel tells a guest known to the place (a stay linked to a person's record, through
//! `notify`, in the stay's transaction): a stay confirmed, a stay cancelled. Guests who are only
//! a name and a phone are told by the desk, as before.

use super::stays::Stay;
use crate::notify::{self, Event};
use sqlx::SqliteConnection;

fn event(s: &Stay, what: &str, kind: &'static str) -> Event {
    Event::new(format!("hostel-stay:{}:{what}", s.id), kind)
        .arg("arrival_day", s.arrival.clone())
        .arg("departure_day", s.departure.clone())
}

/// A stay confirmed (at once, or a request the desk accepted).
pub async fn confirmed(conn: &mut SqliteConnection, s: &Stay) -> Result<(), sqlx::Error> {
    if let (Some(p), "confirmed") = (s.person_id, s.status.as_str()) {
        notify::tell(conn, p, &event(s, "confirmed", "hostel-stay-booked")).await?;
    }
    Ok(())
}

/// A stay cancelled.
pub async fn cancelled(conn: &mut SqliteConnection, s: &Stay) -> Result<(), sqlx::Error> {
    if let Some(p) = s.person_id {
        notify::tell(conn, p, &event(s, "cancelled", "hostel-stay-cancelled")).await?;
    }
    Ok(())
}
