//! The audit log: every change made through the pages, the API or the command line — who, when,
//! what, before and after. Written in the same transaction as the change it describes, so one
//! never exists without the other. The table refuses UPDATE and DELETE.

use crate::db;
use serde::Serialize;

/// Who made a change.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The account's id; `None` for the command line.
    pub id: Option<i64>,
    pub name: String,
}

impl Actor {
    pub fn cli() -> Actor {
        Actor {
            id: None,
            name: "cli".into(),
        }
    }
}

/// Records one change inside the caller's transaction.
pub async fn record(
    conn: &mut sqlx::SqliteConnection,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: impl ToString,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, before, after)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(db::now_text())
    .bind(actor.id)
    .bind(&actor.name)
    .bind(action)
    .bind(entity)
    .bind(entity_id.to_string())
    .bind(before.map(|v| v.to_string()))
    .bind(after.map(|v| v.to_string()))
    .execute(conn)
    .await?;
    Ok(())
}

/// One line of the log, as the admin page and the API show it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    /// JSON text of the state before the change, if any.
    pub before: Option<String>,
    /// JSON text of the state after the change, if any.
    pub after: Option<String>,
}

/// What the admin filters on; empty fields match everything.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// Account name, exactly.
    #[serde(default)]
    pub actor: Option<String>,
    /// Kind of thing changed: person, badge, user, association, logbook, token.
    #[serde(default)]
    pub entity: Option<String>,
    /// Id of the thing changed.
    #[serde(default)]
    pub entity_id: Option<String>,
    /// First day, `AAAA-MM-JJ` (UTC).
    #[serde(default)]
    pub from: Option<String>,
    /// Last day, `AAAA-MM-JJ` (UTC).
    #[serde(default)]
    pub to: Option<String>,
}

fn blank_to_none(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Whether a date filter is a valid day, for a precise refusal.
pub fn day_ok(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// The latest entries matching a filter, newest first.
pub async fn search(
    pool: &sqlx::SqlitePool,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let to_end = blank_to_none(&filter.to).map(|d| format!("{d}T23:59:59.999Z"));
    sqlx::query_as(
        "SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_log
         WHERE (?1 IS NULL OR actor = ?1)
           AND (?2 IS NULL OR entity = ?2)
           AND (?3 IS NULL OR entity_id = ?3)
           AND (?4 IS NULL OR at >= ?4)
           AND (?5 IS NULL OR at <= ?5)
         ORDER BY id DESC LIMIT ?6",
    )
    .bind(blank_to_none(&filter.actor))
    .bind(blank_to_none(&filter.entity))
    .bind(blank_to_none(&filter.entity_id))
    .bind(blank_to_none(&filter.from))
    .bind(to_end)
    .bind(limit)
    .fetch_all(pool)
    .await
}
