//! What the SEL tells people (through `notify`, in the writing transaction): minutes credited to
//! their account, an exchange waiting for them to accept, and the reminder of tomorrow's shift.

use super::ledger::Transfer;
use crate::notify::{self, Event};
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

/// The person whose account `account` is, and the account's name.
async fn owner(
    conn: &mut SqliteConnection,
    account: i64,
) -> Result<(Option<i64>, String), sqlx::Error> {
    let row: Option<(Option<i64>, String)> =
        sqlx::query_as("SELECT person_id, label FROM sel_accounts WHERE id = ?")
            .bind(account)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.unwrap_or((None, String::new())))
}

/// Tells of what an operation wrote: a member credited (a shift, a gift accepted, a workshop,
/// a welcome) hears of it; the receiver of an exchange waiting for an answer is asked for it.
/// Corrections and purchases say nothing (the desk explains those in person).
pub async fn written(
    conn: &mut SqliteConnection,
    transfers: &[Transfer],
) -> Result<(), sqlx::Error> {
    for t in transfers {
        let kind = match (t.phase.as_str(), t.kind.as_str()) {
            ("pending", "exchange") => "sel-gift-waiting",
            ("posted" | "post", "shift" | "exchange" | "welcome" | "workshop") => "sel-received",
            _ => continue,
        };
        let (Some(person), _) = owner(conn, t.credit_account).await? else {
            continue;
        };
        let (_, from) = owner(conn, t.debit_account).await?;
        let memo = t.memo.trim();
        let e = Event::new(format!("sel-transfer:{}", t.no), kind)
            .arg("amount_minutes", t.amount)
            .arg("from", from)
            .arg("has_memo", if memo.is_empty() { "no" } else { "yes" })
            .arg("memo", memo)
            .link("/moi#mon-sel");
        notify::tell(conn, person, &e).await?;
    }
    Ok(())
}

/// The reminders of tomorrow's shifts, once per sign-up. Returns how many messages were made.
pub async fn remind(
    conn: &mut SqliteConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<usize, sqlx::Error> {
    let due: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT su.id, su.person_id, a.name, s.starts_at
         FROM sel_signups su JOIN sel_shifts s ON s.id = su.shift_id
              JOIN sel_activities a ON a.id = s.activity_id
         WHERE su.withdrawn_at IS NULL AND s.cancelled_at IS NULL
           AND s.starts_at >= ? AND s.starts_at < ?
         ORDER BY s.starts_at",
    )
    .bind(crate::db::instant_text(from))
    .bind(crate::db::instant_text(to))
    .fetch_all(&mut *conn)
    .await?;
    let mut made = 0;
    for (signup, person, activity, starts_at) in due {
        let e = Event::new(
            format!("sel-signup:{signup}:reminder:{starts_at}"),
            "shift-reminder",
        )
        .arg("activity", activity)
        .arg("start_at", starts_at)
        .link("/moi#mon-sel");
        if notify::tell(conn, person, &e).await? {
            made += 1;
        }
    }
    Ok(made)
}
