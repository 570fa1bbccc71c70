//! The building's safety register (registre de sécurité): each check — extinguishers, fire alarm,
//! emergency lighting, lifts, evacuation drills — with who made it, when, the result and when the
//! next one is due (by default the kind's usual interval). Append-only (triggers, migration
//! 0018): a mistake is corrected by a new entry. A drill's roll call, when it ends, writes its own
//! entry with the time it took and the headcount missing. What is overdue or due within
//! [`DUE_SOON_DAYS`] is reminded on the desk's home.

use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{Fields, Refusal};
use crate::text::one_line;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

/// The kinds of check, in the register's order, with the usual days between two checks (the
/// default next due date; a kind without one has none).
pub const KINDS: [(&str, Option<i64>); 6] = [
    ("extinguishers", Some(365)),
    ("alarm", Some(90)),
    ("emergency_lighting", Some(30)),
    ("lift", Some(42)),
    ("drill", Some(180)),
    ("other", None),
];

/// The results a check may have.
pub const RESULTS: [&str; 3] = ["ok", "remarks", "failed"];

/// A reminder shows this many days before a check is due.
pub const DUE_SOON_DAYS: i64 = 14;

/// An entry of the register.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Entry {
    pub id: i64,
    pub kind: String,
    pub done_on: String,
    pub done_by: String,
    pub result: String,
    pub notes: String,
    pub next_due: Option<String>,
    pub roll_call_id: Option<i64>,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// A check to record.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct NewEntry {
    pub kind: String,
    /// `YYYY-MM-DD`, not after today.
    pub done_on: String,
    /// The company or person who made it, 1–120 characters.
    pub done_by: String,
    /// `ok`, `remarks` or `failed`.
    pub result: String,
    /// Up to 2,000 characters.
    #[serde(default)]
    pub notes: String,
    /// `YYYY-MM-DD` after `done_on`; empty: the kind's usual interval.
    #[serde(default)]
    pub next_due: String,
}

/// Where a kind stands: its latest check and when the next is due.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Standing {
    pub kind: String,
    pub last: Option<Entry>,
    pub next_due: Option<String>,
    /// Past its due date (or never checked, for a kind with an interval).
    pub overdue: bool,
    /// Due within [`DUE_SOON_DAYS`].
    pub due_soon: bool,
}

fn interval(kind: &str) -> Option<i64> {
    KINDS.iter().find(|(k, _)| *k == kind).and_then(|(_, d)| *d)
}

macro_rules! entry_select {
    () => {
        "SELECT id, kind, done_on, done_by, result, notes, next_due, roll_call_id, recorded_at,
                recorded_by FROM safety_register"
    };
}

/// The latest entries, newest first.
pub async fn latest(pool: &SqlitePool, n: i64) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query_as(concat!(
        entry_select!(),
        " ORDER BY done_on DESC, id DESC LIMIT ?"
    ))
    .bind(n)
    .fetch_all(pool)
    .await
}

/// Where each kind stands on `today`.
pub async fn standing(pool: &SqlitePool, today: NaiveDate) -> Result<Vec<Standing>, sqlx::Error> {
    let last: Vec<Entry> = sqlx::query_as(concat!(
        entry_select!(),
        " WHERE id IN (SELECT max(id) FROM safety_register r
                       WHERE done_on = (SELECT max(done_on) FROM safety_register WHERE kind = r.kind)
                       GROUP BY kind)"
    ))
    .fetch_all(pool)
    .await?;
    Ok(KINDS
        .iter()
        .map(|(kind, every)| {
            let last = last.iter().find(|e| e.kind == *kind).cloned();
            let next_due = last.as_ref().and_then(|e| e.next_due.clone());
            let due = next_due
                .as_deref()
                .and_then(|d| d.parse::<NaiveDate>().ok());
            // A check that failed stays « en retard » until one passes.
            let failed = last.as_ref().is_some_and(|e| e.result == "failed");
            Standing {
                kind: (*kind).into(),
                overdue: failed
                    || match due {
                        Some(d) => d < today,
                        None => last.is_none() && every.is_some(),
                    },
                due_soon: due
                    .is_some_and(|d| d >= today && d <= today + Duration::days(DUE_SOON_DAYS)),
                last,
                next_due,
            }
        })
        .collect())
}

/// Records a check; its id. Every refused field at once.
pub async fn record(
    pool: &SqlitePool,
    actor: &Actor,
    today: NaiveDate,
    input: &NewEntry,
) -> Result<i64, Refusal> {
    let done_by = one_line(&input.done_by);
    let notes = input.notes.trim().to_owned();
    let mut f = Fields::default();
    let known = KINDS.iter().any(|(k, _)| *k == input.kind);
    f.check(!known, "kind", "error-choice");
    f.check(
        !RESULTS.contains(&input.result.as_str()),
        "result",
        "error-choice",
    );
    // Years a register can hold (a typo such as 0202 or 20266 is refused, not stored).
    let sensible = |d: &NaiveDate| (2000..=2100).contains(&chrono::Datelike::year(d));
    let done_on = input
        .done_on
        .trim()
        .parse::<NaiveDate>()
        .ok()
        .filter(sensible);
    match done_on {
        None => f.refuse("done_on", "error-date"),
        Some(d) if d > today => f.refuse("done_on", "safety-error-future"),
        Some(_) => {}
    }
    f.check(done_by.is_empty(), "done_by", "error-required")
        .check(
            done_by.chars().count() > 120,
            "done_by",
            "presence-error-120",
        )
        .check(notes.chars().count() > 2000, "notes", "safety-error-2000");
    let next_due = match input.next_due.trim() {
        "" => done_on.and_then(|d| interval(&input.kind).map(|n| d + Duration::days(n))),
        typed => match typed.parse::<NaiveDate>().ok().filter(sensible).ok_or(()) {
            Ok(n) if done_on.is_some_and(|d| n > d) => Some(n),
            Ok(_) => {
                f.refuse("next_due", "safety-error-next-due");
                None
            }
            Err(_) => {
                f.refuse("next_due", "error-date");
                None
            }
        },
    };
    f.done()?;
    let Some(done_on) = done_on else {
        return Err(Refusal::field("done_on", "error-date"));
    };
    let mut tx = db::begin_write(pool).await?;
    let id = insert(
        &mut tx,
        actor,
        (
            &input.kind,
            done_on,
            &done_by,
            &input.result,
            &notes,
            next_due,
        ),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

type Fields6<'a> = (
    &'a str,
    NaiveDate,
    &'a str,
    &'a str,
    &'a str,
    Option<NaiveDate>,
);

async fn insert(
    conn: &mut SqliteConnection,
    actor: &Actor,
    (kind, done_on, done_by, result, notes, next_due): Fields6<'_>,
    roll_call_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO safety_register (kind, done_on, done_by, result, notes, next_due, roll_call_id,
             recorded_at, recorded_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(kind)
    .bind(done_on.to_string())
    .bind(done_by)
    .bind(result)
    .bind(notes)
    .bind(next_due.map(|d| d.to_string()))
    .bind(roll_call_id)
    .bind(db::now_text())
    .bind(&actor.name)
    .fetch_one(&mut *conn)
    .await?;
    audit::record(
        conn,
        actor,
        "safety_register.recorded",
        "safety_register",
        id,
        None,
        Some(&serde_json::json!({"kind": kind, "done_on": done_on.to_string(), "result": result})),
    )
    .await?;
    Ok(id)
}

/// A drill's roll call that just ended, written in the register in the same transaction: the
/// time it took and the headcount missing in the notes; « à revoir » when someone was missing.
pub async fn drill_ended(
    conn: &mut SqliteConnection,
    actor: &Actor,
    today: NaiveDate,
    roll_call_id: i64,
    seconds: i64,
    (expected, missing): (i64, i64),
) -> Result<(), sqlx::Error> {
    let took = super::roll_call::took(seconds);
    let notes = format!(
        "Exercice d'évacuation, appel n° {roll_call_id} : durée {took}, {expected} personne(s) sur la liste, {missing} manquante(s)."
    );
    insert(
        conn,
        actor,
        (
            "drill",
            today,
            &actor.name,
            if missing == 0 { "ok" } else { "remarks" },
            &notes,
            interval("drill").map(|n| today + Duration::days(n)),
        ),
        Some(roll_call_id),
    )
    .await?;
    Ok(())
}
