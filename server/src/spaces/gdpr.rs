//! The chrono'espaces' part of a person's GDPR export and erasure (hooks of the list of domains).

use crate::audit::Actor;
use crate::refusal::Refusal;
use crate::web::domain::Fut;
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

/// The chrono'espaces' part of a person's GDPR export: their bookings, series and visits.
pub fn export(pool: &SqlitePool, id: i64) -> Fut<'_, Result<serde_json::Value, sqlx::Error>> {
    Box::pin(async move {
        let bookings: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT s.name, b.title, b.start_at, b.end_at, b.state FROM space_bookings b
             JOIN spaces s ON s.id = b.space_id
             WHERE b.person_id = ?1 OR b.created_by IN (SELECT id FROM users WHERE person_id = ?1)
             ORDER BY b.start_at",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let series: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
            "SELECT s.name, r.title, r.rule, r.first_day, r.start_local, r.end_local
             FROM space_series r JOIN spaces s ON s.id = r.space_id
             WHERE r.person_id = ?1 OR r.created_by IN (SELECT id FROM users WHERE person_id = ?1)
             ORDER BY r.id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let visits: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT s.name, v.entered_at, v.left_at FROM space_visits v
             JOIN spaces s ON s.id = v.space_id WHERE v.person_id = ? ORDER BY v.entered_at",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        Ok(json!({
                "bookings": bookings.into_iter().map(|(space, title, start, end, state)|
                    json!({"space": space, "title": title, "start": start, "end": end,
                           "state": state})).collect::<Vec<_>>(),
                "series": series.into_iter().map(|(space, title, rule, first_day, start, end)|
                    json!({"space": space, "title": title, "rule": rule, "first_day": first_day,
                           "start": start, "end": end})).collect::<Vec<_>>(),
                "visits": visits.into_iter().map(|(space, entered_at, left_at)|
                    json!({"space": space, "entered_at": entered_at, "left_at": left_at}))
                    .collect::<Vec<_>>(),
        }))
    })
}

/// The chrono'espaces' part of erasing a person: their own coming bookings are cancelled; the
/// bookings and series made for them or by them keep their dates (the rooms' history) but lose
/// what could name them; the audit log's copies of their bookings are redacted.
pub fn erase<'a>(
    tx: &'a mut SqliteConnection,
    _actor: &'a Actor,
    id: i64,
    now: &'a str,
) -> Fut<'a, Result<(), Refusal>> {
    Box::pin(async move {
        // Their own coming bookings are cancelled; the bookings made for them or by them keep their
        // dates (the rooms' history) but lose what could name them: a private title and the note.
        sqlx::query(
            "UPDATE space_bookings SET state = 'cancelled', decision_message = 'effacement',
                 public = CASE WHEN state = 'requested' THEN 0 ELSE public END,
                 sequence = sequence + 1, updated_at = ?1
             WHERE person_id = ?2 AND association_id IS NULL AND state IN ('requested', 'confirmed')
               AND end_at > ?1",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE space_bookings SET note = '',
                 title = CASE WHEN public = 0 AND association_id IS NULL THEN 'Réservation' ELSE title END
             WHERE person_id = ?1 OR created_by IN (SELECT id FROM users WHERE person_id = ?1)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE space_series SET title = 'Réservation'
             WHERE association_id IS NULL
               AND (person_id = ?1 OR created_by IN (SELECT id FROM users WHERE person_id = ?1))",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        // The log keeps every change made to their bookings, without what they carried (an entry
        // made by one of the person's own accounts loses its login name in the same update: the
        // log's trigger allows one redaction per entry).
        sqlx::query(
            "UPDATE audit_log SET before = CASE WHEN before IS NULL THEN NULL ELSE ?1 END,
                    after = CASE WHEN after IS NULL THEN NULL ELSE ?1 END, redacted_at = ?2,
                    actor = CASE WHEN actor_id IN (SELECT id FROM users WHERE person_id = ?3)
                                 THEN 'efface-' || actor_id ELSE actor END
             WHERE redacted_at IS NULL AND entity = 'space_booking'
               AND (json_extract(before, '$.person_id') = ?3
                    OR json_extract(after, '$.person_id') = ?3)",
        )
        .bind(serde_json::json!({"redacted": true}).to_string())
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        Ok(())
    })
}
