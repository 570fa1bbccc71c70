//! The visitor register: someone without a badge, signed in at the desk (name, whom they visit,
//! the pass lent, help they need to evacuate) and signed out when they leave. Append-only
//! (triggers, migration 0017); the names are replaced by « Visiteur » after the setting's days.

use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{Fields, Refusal};
use crate::text::one_line;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

/// A visitor signing in.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct SignIn {
    /// Their name, 1–120 characters.
    pub name: String,
    /// Whom or what they visit (« Mme Lefèvre, 2e », « atelier couture »), 1–120 characters.
    pub visiting: String,
    /// The number of the visitor's pass lent, up to 30 characters.
    #[serde(default)]
    pub pass: String,
    /// Help they need to evacuate, in their words, up to 200 characters.
    #[serde(default)]
    pub needs_help: String,
}

/// A line of the register.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Visitor {
    pub id: i64,
    pub name: String,
    pub visiting: String,
    pub pass: String,
    pub needs_help: String,
    pub arrived_at: String,
    pub signed_in_by: String,
    pub left_at: Option<String>,
    pub signed_out_by: Option<String>,
    pub pass_returned: Option<bool>,
}

macro_rules! visitor_select {
    () => {
        "SELECT id, name, visiting, pass, needs_help, arrived_at, signed_in_by, left_at,
        signed_out_by, pass_returned FROM visitors"
    };
}

/// The longest name, and whom they visit; the longest pass number; the longest help note.
pub const NAME_MAX: usize = 120;
pub const PASS_MAX: usize = 30;
pub const NEEDS_HELP_MAX: usize = 200;

/// Checks and cleans a sign-in; every refused field at once.
pub fn checked(input: &SignIn) -> Result<SignIn, Refusal> {
    let s = SignIn {
        name: one_line(&input.name),
        visiting: one_line(&input.visiting),
        pass: one_line(&input.pass),
        needs_help: one_line(&input.needs_help),
    };
    let mut f = Fields::default();
    f.check(s.name.is_empty(), "name", "error-required")
        .check(
            s.name.chars().count() > NAME_MAX,
            "name",
            "presence-error-120",
        )
        .check(s.visiting.is_empty(), "visiting", "error-required")
        .check(
            s.visiting.chars().count() > NAME_MAX,
            "visiting",
            "presence-error-120",
        )
        .check(
            s.pass.chars().count() > PASS_MAX,
            "pass",
            "presence-error-30",
        )
        .check(
            s.needs_help.chars().count() > NEEDS_HELP_MAX,
            "needs_help",
            "presence-error-200",
        );
    f.done()?;
    Ok(s)
}

/// Signs a visitor in; their id. A pass already lent to a visitor still inside is refused.
pub async fn sign_in(pool: &SqlitePool, actor: &Actor, input: &SignIn) -> Result<i64, Refusal> {
    let s = checked(input)?;
    let mut tx = db::begin_write(pool).await?;
    if !s.pass.is_empty() {
        let holder: Option<String> = sqlx::query_scalar(
            "SELECT name FROM visitors WHERE left_at IS NULL AND pass = ? COLLATE NOCASE",
        )
        .bind(&s.pass)
        .fetch_optional(&mut *tx)
        .await?;
        if holder.is_some() {
            return Err(Refusal::field("pass", "presence-pass-out"));
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO visitors (name, visiting, pass, needs_help, arrived_at, signed_in_by)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&s.name)
    .bind(&s.visiting)
    .bind(&s.pass)
    .bind(&s.needs_help)
    .bind(db::now_text())
    .bind(&actor.name)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "visitor.signed_in",
        "visitor",
        id,
        None,
        // The register holds the name (and forgets it in time); the log only that it happened.
        Some(&serde_json::json!({"pass_lent": !s.pass.is_empty()})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Signs a visitor out (`pass_returned`: the pass came back, when one was lent). Refused when
/// they already left.
pub async fn sign_out(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    pass_returned: bool,
) -> Result<(), Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let v: Option<Visitor> = sqlx::query_as(concat!(visitor_select!(), " WHERE id = ?"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let v = v.ok_or(Refusal::NotFound)?;
    if v.left_at.is_some() {
        return Err(Refusal::conflict("presence-visitor-gone"));
    }
    let returned = (!v.pass.is_empty()).then_some(pass_returned);
    sqlx::query(
        "UPDATE visitors SET left_at = ?, signed_out_by = ?, pass_returned = ?
         WHERE id = ? AND left_at IS NULL",
    )
    .bind(db::now_text())
    .bind(&actor.name)
    .bind(returned)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "visitor.signed_out",
        "visitor",
        id,
        None,
        Some(&serde_json::json!({"pass_returned": returned})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The visitors still inside, then those who arrived or left since `since` (stored instant),
/// latest first.
pub async fn register(pool: &SqlitePool, since: &str) -> Result<Vec<Visitor>, sqlx::Error> {
    sqlx::query_as(concat!(
        visitor_select!(),
        " WHERE left_at IS NULL OR arrived_at >= ?1 OR left_at >= ?1
         ORDER BY left_at IS NOT NULL, arrived_at DESC LIMIT 500"
    ))
    .bind(since)
    .fetch_all(pool)
    .await
}

/// Replaces the names, whom they visited and their needs, for visitors who left more than the
/// setting's days ago, by « Visiteur »; how many.
pub async fn anonymise(pool: &SqlitePool) -> Result<u64, sqlx::Error> {
    let days = super::settings(pool).await?.visitor_keep_days;
    let before = db::instant_text(chrono::Utc::now() - chrono::Duration::days(days));
    let done = sqlx::query(
        "UPDATE visitors SET name = 'Visiteur', visiting = '—', needs_help = '', anonymised_at = ?
         WHERE anonymised_at IS NULL AND left_at IS NOT NULL AND left_at < ?",
    )
    .bind(db::now_text())
    .bind(before)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
