//! The roll call at the assembly point: the presence list as it stood when the roll call began
//! (a snapshot: nobody appears or vanishes while staff count), each line ticked « rassemblé » from
//! a phone — and unticked after a slip — until it ends; the time taken and the headcount missing
//! are then recorded, and the roll call is kept as it was (triggers, migration 0017). One at a
//! time; a drill is marked as such.

use super::list::{self, Needs};
use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::Refusal;
use crate::web::domain::Domains;
use serde::Serialize;
use sqlx::SqlitePool;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct RollCall {
    pub id: i64,
    /// An exercise, not a real evacuation.
    pub drill: bool,
    pub started_at: String,
    pub started_by: String,
    /// Headcount on the list when it began.
    pub expected: i64,
    pub ended_at: Option<String>,
    pub ended_by: Option<String>,
    /// Headcount not ticked when it ended.
    pub missing: Option<i64>,
}

impl RollCall {
    /// Seconds from the start to the end (or to `now` while it runs).
    pub fn seconds(&self, now: chrono::DateTime<chrono::Utc>) -> i64 {
        let start = crate::time::stored_instant(&self.started_at);
        let end = self
            .ended_at
            .as_deref()
            .map_or(now, crate::time::stored_instant);
        (end - start).num_seconds().max(0)
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct CallLine {
    pub id: i64,
    pub category: String,
    pub name: String,
    pub person_id: Option<i64>,
    pub people: i64,
    pub place: String,
    /// The help needed (JSON of the needs), or empty.
    #[serde(skip)]
    pub needs: String,
    pub to_confirm: bool,
    pub mustered_at: Option<String>,
    pub mustered_by: Option<String>,
}

impl CallLine {
    pub fn needs(&self) -> Option<Needs> {
        #[derive(serde::Deserialize)]
        struct Stored {
            mobility: bool,
            hearing: bool,
            sight: bool,
            note: String,
        }
        let s: Stored = serde_json::from_str(&self.needs).ok()?;
        Some(Needs {
            mobility: s.mobility,
            hearing: s.hearing,
            sight: s.sight,
            note: s.note,
        })
    }
}

/// How long a roll call took, as the desk reads it: `45 s`, `4 min 05 s`.
pub fn took(seconds: i64) -> String {
    if seconds < 60 {
        format!("{seconds} s")
    } else {
        format!("{} min {:02} s", seconds / 60, seconds % 60)
    }
}

/// Headcount not yet ticked.
pub fn left(lines: &[CallLine]) -> i64 {
    lines
        .iter()
        .filter(|l| l.mustered_at.is_none())
        .map(|l| l.people)
        .sum()
}

macro_rules! roll_call_select {
    () => {
        "SELECT id, drill, started_at, started_by, expected, ended_at, ended_by, missing
                      FROM roll_calls"
    };
}

/// The roll call under way, if any.
pub async fn open(pool: &SqlitePool) -> Result<Option<RollCall>, sqlx::Error> {
    sqlx::query_as(concat!(roll_call_select!(), " WHERE ended_at IS NULL"))
        .fetch_optional(pool)
        .await
}

/// A roll call and its lines (the missing first, then by category as listed).
pub async fn get(pool: &SqlitePool, id: i64) -> Result<(RollCall, Vec<CallLine>), Refusal> {
    let call: Option<RollCall> = sqlx::query_as(concat!(roll_call_select!(), " WHERE id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let call = call.ok_or(Refusal::NotFound)?;
    let lines = sqlx::query_as(
        "SELECT id, category, name, person_id, people, place, needs, to_confirm, mustered_at, mustered_by
         FROM roll_call_lines WHERE roll_call_id = ? ORDER BY id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok((call, lines))
}

/// The latest roll calls, newest first.
pub async fn latest(pool: &SqlitePool, n: i64) -> Result<Vec<RollCall>, sqlx::Error> {
    sqlx::query_as(concat!(roll_call_select!(), " ORDER BY id DESC LIMIT ?"))
        .bind(n)
        .fetch_all(pool)
        .await
}

/// Starts a roll call from the list as it stands; its id. Refused while another one runs.
pub async fn start(
    pool: &SqlitePool,
    domains: Domains,
    tz: chrono_tz::Tz,
    actor: &Actor,
    drill: bool,
) -> Result<i64, Refusal> {
    let now = chrono::Utc::now();
    let presence = list::now(pool, domains, tz, now).await?;
    let mut tx = db::begin_write(pool).await?;
    let running: Option<i64> =
        sqlx::query_scalar("SELECT id FROM roll_calls WHERE ended_at IS NULL")
            .fetch_optional(&mut *tx)
            .await?;
    if running.is_some() {
        return Err(Refusal::conflict("presence-roll-call-running"));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO roll_calls (drill, started_at, started_by, expected) VALUES (?, ?, ?, ?)
         RETURNING id",
    )
    .bind(drill)
    .bind(db::instant_text(now))
    .bind(&actor.name)
    .bind(presence.total)
    .fetch_one(&mut *tx)
    .await?;
    let rows: Vec<serde_json::Value> = presence
        .lines
        .iter()
        .map(|l| {
            serde_json::json!({
                "category": l.category,
                "name": l.name,
                "person_id": l.person_id,
                "people": l.people,
                "place": l.place,
                "needs": l
                    .needs
                    .as_ref()
                    .filter(|n| n.any())
                    .and_then(|n| serde_json::to_string(n).ok())
                    .unwrap_or_default(),
                "to_confirm": l.to_confirm,
            })
        })
        .collect();
    sqlx::query(
        "INSERT INTO roll_call_lines (roll_call_id, category, name, person_id, people, place, needs, to_confirm)
         SELECT ?, json_extract(value, '$.category'), json_extract(value, '$.name'),
                json_extract(value, '$.person_id'), json_extract(value, '$.people'),
                json_extract(value, '$.place'), json_extract(value, '$.needs'),
                json_extract(value, '$.to_confirm')
         FROM json_each(?) ORDER BY key",
    )
    .bind(id)
    .bind(serde_json::Value::Array(rows).to_string())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "roll_call.started",
        "roll_call",
        id,
        None,
        Some(&serde_json::json!({"drill": drill, "expected": presence.total})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Ticks a line « rassemblé » (or unticks it). Refused once the roll call has ended — checked
/// in the same statement as the change, so a tick racing the end cannot slip in after it.
pub async fn tick(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    line_id: i64,
    mustered: bool,
) -> Result<(), Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let state: Option<Option<String>> = sqlx::query_scalar(
        "SELECT r.ended_at FROM roll_call_lines l JOIN roll_calls r ON r.id = l.roll_call_id
         WHERE l.id = ? AND l.roll_call_id = ?",
    )
    .bind(line_id)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    match state {
        None => return Err(Refusal::NotFound),
        Some(Some(_)) => return Err(Refusal::conflict("presence-roll-call-closed")),
        Some(None) => {}
    }
    sqlx::query(
        "UPDATE roll_call_lines SET mustered_at = ?, mustered_by = ?
         WHERE id = ? AND roll_call_id = ?",
    )
    .bind(mustered.then(db::now_text))
    .bind(mustered.then_some(actor.name.as_str()))
    .bind(line_id)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends the roll call: the time taken and the headcount missing are recorded; a drill is written
/// in the safety register in the same transaction.
pub async fn end(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    actor: &Actor,
    id: i64,
) -> Result<RollCall, Refusal> {
    let now = chrono::Utc::now();
    // Read and closed in one write transaction: no tick lands between the count and the end.
    let mut tx = db::begin_write(pool).await?;
    let call: Option<RollCall> = sqlx::query_as(concat!(roll_call_select!(), " WHERE id = ?"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let call = call.ok_or(Refusal::NotFound)?;
    if call.ended_at.is_some() {
        return Err(Refusal::conflict("presence-roll-call-closed"));
    }
    let missing: i64 = sqlx::query_scalar(
        "SELECT coalesce(sum(people), 0) FROM roll_call_lines
         WHERE roll_call_id = ? AND mustered_at IS NULL",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if call.drill {
        super::safety::drill_ended(
            &mut tx,
            actor,
            now.with_timezone(&tz).date_naive(),
            id,
            call.seconds(now),
            (call.expected, missing),
        )
        .await?;
    }
    sqlx::query(
        "UPDATE roll_calls SET ended_at = ?, ended_by = ?, missing = ? WHERE id = ? AND ended_at IS NULL",
    )
    .bind(db::instant_text(now))
    .bind(&actor.name)
    .bind(missing)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "roll_call.ended",
        "roll_call",
        id,
        None,
        Some(&serde_json::json!({"missing": missing})),
    )
    .await?;
    tx.commit().await?;
    Ok(get(pool, id).await?.0)
}
