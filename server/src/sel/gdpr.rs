//! The SEL's part of a person's GDPR export and erasure (hooks of the list of domains).

use crate::audit::Actor;
use crate::refusal::Refusal;
use crate::web::domain::Fut;
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

/// The SEL's part of a person's GDPR export: account, statement, shifts served, memberships,
/// sign-ups, purchases.
pub fn export(pool: &SqlitePool, id: i64) -> Fut<'_, Result<serde_json::Value, sqlx::Error>> {
    Box::pin(async move {
        let sel_account = super::ledger::account_of_person(pool, id).await?;
        let sel_statement = match &sel_account {
            Some(a) => super::ledger::statement(pool, a.id).await?,
            None => vec![],
        };
        let sel_shifts = super::shifts::sessions_of_person(pool, id, i64::MAX).await?;
        let memberships: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT year, fee_paid_at FROM sel_memberships WHERE person_id = ? ORDER BY year",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let signups: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT a.name, s.starts_at, g.signed_at, g.withdrawn_at FROM sel_signups g
             JOIN sel_shifts s ON s.id = g.shift_id JOIN sel_activities a ON a.id = s.activity_id
             WHERE g.person_id = ? ORDER BY s.starts_at",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let purchases: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT o.created_at, l.label, l.quantity, l.unit_minutes FROM sel_sale_lines l
             JOIN sel_operations o ON o.id = l.operation_id
             WHERE EXISTS (SELECT 1 FROM sel_transfers t JOIN sel_accounts a ON a.id = t.debit_account
                           WHERE t.operation_id = o.id AND a.person_id = ?)
             ORDER BY l.id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        Ok(json!({
                "account": sel_account,
                "statement": sel_statement,
                "shifts_served": sel_shifts,
                "memberships": memberships.into_iter().map(|(year, paid)|
                    json!({"year": year, "fee_paid_at": paid})).collect::<Vec<_>>(),
                "shift_signups": signups.into_iter().map(|(activity, starts_at, signed_at, withdrawn_at)|
                    json!({"activity": activity, "starts_at": starts_at, "signed_at": signed_at,
                           "withdrawn_at": withdrawn_at})).collect::<Vec<_>>(),
                "purchases": purchases.into_iter().map(|(at, label, quantity, unit_minutes)|
                    json!({"at": at, "item": label, "quantity": quantity,
                           "unit_minutes": unit_minutes})).collect::<Vec<_>>(),
        }))
    })
}

/// The SEL's part of erasing a person: exchanges waiting for them are cancelled, their places in
/// coming shifts freed, their account relabelled under the pseudonym (its movements stay: the
/// ledger must add up), and the login names the SEL wrote replaced.
pub fn erase<'a>(
    tx: &'a mut SqliteConnection,
    actor: &'a Actor,
    id: i64,
    now: &'a str,
) -> Fut<'a, Result<(), Refusal>> {
    Box::pin(async move {
        let accounts: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, username FROM users WHERE person_id = ?")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        for (user, username) in &accounts {
            // Where the SEL wrote this account's login name: the ledger's authors (the one change its
            // triggers allow), sign-ups, reviews, series and memberships recorded.
            sqlx::query(
                "UPDATE sel_operations SET author = 'efface-' || author_user_id
                 WHERE author_user_id = ? AND author NOT LIKE 'efface-%'",
            )
            .bind(user)
            .execute(&mut *tx)
            .await?;
            let pseudonym = format!("efface-{user}");
            for sql in [
                "UPDATE sel_signups SET signed_by = ?1 WHERE signed_by = ?2",
                "UPDATE sel_signups SET withdrawn_by = ?1 WHERE withdrawn_by = ?2",
                "UPDATE sel_sessions SET reviewed_by = ?1 WHERE reviewed_by = ?2",
                "UPDATE sel_series SET created_by = ?1 WHERE created_by = ?2",
                "UPDATE sel_memberships SET recorded_by = ?1 WHERE recorded_by = ?2",
            ] {
                sqlx::query(sql)
                    .bind(&pseudonym)
                    .bind(username)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        // Exchanges waiting for this person's answer, or reserved from their balance, are cancelled;
        // their places in coming shifts are freed.
        super::shop::void_pending_exchanges_of(tx, actor, id).await?;
        sqlx::query(
            "UPDATE sel_signups SET withdrawn_at = ?1, withdrawn_by = 'effacement'
             WHERE person_id = ?2 AND withdrawn_at IS NULL
               AND shift_id IN (SELECT id FROM sel_shifts WHERE ends_at > ?1)",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        // The SEL account keeps its movements (the ledger must add up) under the pseudonym.
        sqlx::query(
            "UPDATE sel_accounts SET label = 'Personne effacée n° ' || ?1 WHERE person_id = ?1",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        Ok(())
    })
}
