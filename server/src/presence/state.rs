//! Who is inside the building, person by person (`building_presence`, migration 0017): set by the
//! entrance kiosks' taps, by a read at any kiosk inside the building, and by the desk's hand.
//!
//! - At an entrance, `in` and `out` say which way; a plain `tap` goes the other way from where
//!   the person stands, always (the kiosk says which: « Entrée notée » or « Sortie notée »). A
//!   forgotten tap-out is not guessed from the hours: a resident who slept here leaves in the
//!   morning; the desk resolves those « à confirmer » instead.
//! - A read at the SEL's counter or a room's door, accepted or refused, shows the person is in;
//!   nothing but an entrance or the desk takes anyone out (the end of a SEL shift does not).
//! - A read older than the state's instant (an offline kiosk's late copy) changes nothing.

use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::Refusal;
use crate::time::{french_time, stored_instant};
use crate::web::domain::{Fut, Meaning, Tap};
use chrono::{DateTime, Duration, Utc};
use citeosquare_protocol::{AckResult, Display};
use sqlx::SqliteConnection;

/// A person's state, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct State {
    pub inside: bool,
    pub since: String,
}

pub async fn of(
    conn: impl sqlx::SqliteExecutor<'_>,
    person_id: i64,
) -> Result<Option<State>, sqlx::Error> {
    sqlx::query_as("SELECT inside, since FROM building_presence WHERE person_id = ?")
        .bind(person_id)
        .fetch_optional(conn)
        .await
}

/// Which way a tap at an entrance goes: `in`/`out` say it; a `tap` goes the other way from where
/// the person stands.
pub fn goes_in(action: &str, now: Option<&State>) -> bool {
    match action {
        "in" => true,
        "out" => false,
        _ => !now.is_some_and(|s| s.inside),
    }
}

/// A tap at an entrance kiosk, inside ingestion's transaction.
pub fn entrance_tap<'a>(
    tx: &'a mut SqliteConnection,
    tap: Tap<'a>,
) -> Fut<'a, Result<Meaning, sqlx::Error>> {
    Box::pin(async move {
        let now = of(&mut *tx, tap.person_id).await?;
        let when = french_time(tap.read_at, tap.time_zone);
        let at = db::instant_text(tap.read_at);
        if now.as_ref().is_some_and(|s| at < s.since) || tap.flagged == Some("clock_ahead") {
            // Older than what the state says (a late copy), or from a clock running ahead: noted
            // in the feed, the state stays.
            return Ok(Some((
                AckResult::Recorded,
                Display {
                    title: format!("Bonjour {}", tap.first_name),
                    lines: vec![format!("Passage noté à {when}")],
                },
            )));
        }
        let going_in = goes_in(tap.action, now.as_ref());
        sqlx::query(
            "INSERT INTO building_presence (person_id, inside, since, source, kiosk_id, event_id)
             VALUES (?, ?, ?, 'entrance', ?, ?)
             ON CONFLICT (person_id) DO UPDATE SET inside = excluded.inside, since = excluded.since,
                 source = 'entrance', kiosk_id = excluded.kiosk_id, event_id = excluded.event_id,
                 set_by = NULL",
        )
        .bind(tap.person_id)
        .bind(going_in)
        .bind(&at)
        .bind(tap.kiosk_id)
        .bind(tap.event_id)
        .execute(&mut *tx)
        .await?;
        Ok(Some(if going_in {
            (
                AckResult::Entered,
                Display {
                    title: format!("Bonjour {}", tap.first_name),
                    lines: vec![format!("Entrée notée à {when}")],
                },
            )
        } else {
            (
                AckResult::Left,
                Display {
                    title: format!("Au revoir {}", tap.first_name),
                    lines: vec![format!("Sortie notée à {when}")],
                },
            )
        }))
    })
}

/// A read at a kiosk inside the building: the person is in, since then (unless a later instant
/// already set their state).
pub fn seen_inside<'a>(
    tx: &'a mut SqliteConnection,
    tap: Tap<'a>,
) -> Fut<'a, Result<(), sqlx::Error>> {
    Box::pin(async move {
        sqlx::query(
            "INSERT INTO building_presence (person_id, inside, since, source, kiosk_id, event_id)
             VALUES (?, 1, ?, 'kiosk', ?, ?)
             ON CONFLICT (person_id) DO UPDATE SET inside = 1, since = excluded.since,
                 source = 'kiosk', kiosk_id = excluded.kiosk_id, event_id = excluded.event_id,
                 set_by = NULL
             WHERE excluded.since > building_presence.since",
        )
        .bind(tap.person_id)
        .bind(db::instant_text(tap.read_at))
        .bind(tap.kiosk_id)
        .bind(tap.event_id)
        .execute(&mut *tx)
        .await?;
        Ok(())
    })
}

/// The desk marks a person in or out by hand (someone who came without their card, a forgotten
/// tap-out), logged. Refused for a person who does not exist or was erased.
pub async fn mark(
    pool: &sqlx::SqlitePool,
    actor: &Actor,
    person_id: i64,
    inside: bool,
) -> Result<(), Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let known: Option<i64> =
        sqlx::query_scalar("SELECT id FROM persons WHERE id = ? AND erased_at IS NULL")
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?;
    if known.is_none() {
        return Err(Refusal::NotFound);
    }
    let before = of(&mut *tx, person_id).await?;
    if before.as_ref().is_some_and(|s| s.inside) == inside {
        return Err(Refusal::conflict(if inside {
            "presence-already-in"
        } else {
            "presence-already-out"
        }));
    }
    let now = db::now_text();
    sqlx::query(
        "INSERT INTO building_presence (person_id, inside, since, source, set_by)
         VALUES (?, ?, ?, 'desk', ?)
         ON CONFLICT (person_id) DO UPDATE SET inside = excluded.inside, since = excluded.since,
             source = 'desk', kiosk_id = NULL, event_id = NULL, set_by = excluded.set_by",
    )
    .bind(person_id)
    .bind(inside)
    .bind(&now)
    .bind(&actor.name)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        if inside {
            "presence.marked_in"
        } else {
            "presence.marked_out"
        },
        "person",
        person_id,
        before
            .map(|s| serde_json::json!({"inside": s.inside, "since": s.since}))
            .as_ref(),
        Some(&serde_json::json!({"inside": inside, "since": now})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether someone inside since `since` is « à confirmer » at `now` (no read for `hours`).
pub fn to_confirm(since: &str, now: DateTime<Utc>, hours: i64) -> bool {
    stored_instant(since) < now - Duration::hours(hours)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(inside: bool, since: &str) -> State {
        State {
            inside,
            since: since.into(),
        }
    }

    #[test]
    fn a_tap_goes_the_other_way_and_the_buttons_say_which() {
        assert!(goes_in("tap", None));
        assert!(goes_in("tap", Some(&st(false, "2026-12-05T07:00:00.000Z"))));
        assert!(!goes_in("tap", Some(&st(true, "2026-12-05T07:00:00.000Z"))));
        // In since last night (a resident who slept here): this morning's tap is the way out.
        assert!(!goes_in("tap", Some(&st(true, "2026-12-04T19:00:00.000Z"))));
        assert!(goes_in("in", Some(&st(true, "2026-12-05T07:00:00.000Z"))));
        assert!(!goes_in("out", None));
    }
}
