//! The hostel's part of a person's GDPR export and erasure: the stays recorded under their record
//! with their folios, and the police forms of those stays.

use super::stays::{Stay, of_person};
use crate::audit::Actor;
use crate::refusal::Refusal;
use crate::web::domain::Fut;
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

/// Their stays, with their dates, beds and status.
pub fn export(pool: &SqlitePool, id: i64) -> Fut<'_, Result<serde_json::Value, sqlx::Error>> {
    Box::pin(async move {
        let stays: Vec<Stay> = of_person(pool, id).await?;
        let mut forms = vec![];
        let mut folios = vec![];
        for s in &stays {
            forms.extend(super::police::of_stay(pool, s.id).await?);
            folios.push(json!({"stay_id": s.id, "lines": super::folio::lines(pool, s.id).await?}));
        }
        Ok(json!({ "stays": stays, "folios": folios, "police_forms": forms }))
    })
}

/// Erasing a person: their requests and confirmed stays to come are cancelled (the beds are
/// released); every stay under their record keeps its dates, beds and head count (the hostel's
/// registers count them) but loses the name, phone, e-mail and notes. A police form stays until
/// its six months are over (a legal obligation), then the purge deletes it like any other. Their
/// folios keep their amounts (the accounts) and lose the references typed on payments.
pub fn erase<'a>(
    tx: &'a mut SqliteConnection,
    _actor: &'a Actor,
    id: i64,
    now: &'a str,
) -> Fut<'a, Result<(), Refusal>> {
    Box::pin(async move {
        sqlx::query(
            "UPDATE hostel_stays SET status = 'cancelled', cancelled_at = ?1,
                 cancelled_by = 'effacement', updated_at = ?1
             WHERE person_id = ?2 AND status IN ('requested', 'confirmed')",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE hostel_stays SET guest_name = 'Compte effacé', phone = '', email = '',
                 notes = '', cancel_reason = NULL
             WHERE person_id = ?",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE hostel_folio_lines SET label = ''
             WHERE kind IN ('payment', 'refund') AND label <> ''
               AND stay_id IN (SELECT id FROM hostel_stays WHERE person_id = ?)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        Ok(())
    })
}
