//! What the calendars show: a space's bookings, an association's, and the public agenda (the
//! debates and screenings the neighbourhood may see). Each booking keeps its UID for life; its
//! SEQUENCE goes up with each change; a cancelled, declined or released booking stays in the feed
//! as `STATUS:CANCELLED` so that subscribed calendars remove it.

use super::booking::{Booking, bookings_between, of_association, public_between};
use super::ical::{FeedEvent, FeedStatus};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// How far back and ahead a feed reaches.
pub const PAST_DAYS: i64 = 31;
pub const AHEAD_DAYS: i64 = 400;

fn status(b: &Booking) -> FeedStatus {
    match b.state.as_str() {
        "confirmed" => FeedStatus::Confirmed,
        "requested" => FeedStatus::Tentative,
        _ => FeedStatus::Cancelled,
    }
}

/// A booking as a feed event. `private`: the title is replaced by the use's name (a space's feed
/// shared with people who need not know who booked).
pub fn event(b: &Booking, private: bool, url: Option<String>) -> FeedEvent {
    // A request's title is not announced yet, even when it asks to be public.
    let announced = b.public && !matches!(b.state.as_str(), "requested" | "declined");
    let summary = if private && !announced {
        b.use_name.clone()
    } else {
        b.title.clone()
    };
    let mut description = vec![b.use_name.clone()];
    if !private && let Some(a) = &b.association_name {
        description.push(a.clone());
    }
    FeedEvent {
        uid: b.uid.clone(),
        sequence: b.sequence,
        start: b.start(),
        end: b.end(),
        summary,
        location: b.space_name.clone(),
        description: description.join(" — "),
        status: status(b),
        created: crate::time::stored_instant(&b.created_at),
        updated: crate::time::stored_instant(&b.updated_at),
        url,
    }
}

fn range(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    (
        now - Duration::days(PAST_DAYS),
        now + Duration::days(AHEAD_DAYS),
    )
}

/// A space's feed (its halves' and whole's bookings are other spaces: not included). Its link
/// is handed to people who need not know who booked: private bookings show their use's name.
pub async fn space_events(
    conn: impl sqlx::SqliteExecutor<'_>,
    space_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<FeedEvent>, sqlx::Error> {
    let (from, to) = range(now);
    Ok(bookings_between(conn, &[space_id], from, to, &[])
        .await?
        .iter()
        .map(|b| event(b, true, None))
        .collect())
}

/// An association's feed.
pub async fn association_events(
    conn: impl sqlx::SqliteExecutor<'_>,
    association_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<FeedEvent>, sqlx::Error> {
    let (from, _) = range(now);
    Ok(of_association(conn, association_id, from)
        .await?
        .iter()
        .map(|b| event(b, false, None))
        .collect())
}

/// One entry of the public agenda.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgendaItem {
    pub booking_id: i64,
    pub uid: String,
    pub title: String,
    pub use_name: String,
    pub colour: String,
    pub space_name: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub cancelled: bool,
    pub step_free: bool,
    pub hearing_loop: bool,
}

/// The public bookings ending after `from` and starting before `to`, cancelled ones included
/// (the page shows them struck out, the feed as cancelled).
pub async fn agenda(
    conn: &mut sqlx::SqliteConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(Booking, AgendaItem)>, sqlx::Error> {
    let bookings: Vec<Booking> = public_between(&mut *conn, from, to)
        .await?
        .into_iter()
        // A request not yet approved, or declined, was never announced.
        .filter(|b| !matches!(b.state.as_str(), "requested" | "declined"))
        .collect();
    let access: Vec<(i64, bool, bool)> =
        sqlx::query_as("SELECT id, step_free, hearing_loop FROM spaces")
            .fetch_all(&mut *conn)
            .await?;
    Ok(bookings
        .into_iter()
        .map(|b| {
            let (step_free, hearing_loop) = access
                .iter()
                .find(|a| a.0 == b.space_id)
                .map_or((false, false), |a| (a.1, a.2));
            let item = AgendaItem {
                booking_id: b.id,
                uid: b.uid.clone(),
                title: b.title.clone(),
                use_name: b.use_name.clone(),
                colour: b.colour.clone(),
                space_name: b.space_name.clone(),
                start: b.start(),
                end: b.end(),
                cancelled: b.state != "confirmed",
                step_free,
                hearing_loop,
            };
            (b, item)
        })
        .collect())
}

/// The public agenda's feed.
pub async fn agenda_events(
    conn: &mut sqlx::SqliteConnection,
    now: DateTime<Utc>,
) -> Result<Vec<FeedEvent>, sqlx::Error> {
    let (from, to) = range(now);
    Ok(agenda(conn, from, to)
        .await?
        .iter()
        .map(|(b, _)| event(b, true, None))
        .collect())
}
