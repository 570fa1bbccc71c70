//! The reception logbook (*main courante*): timestamped entries by the staff on duty, one handover
//! note per desk shift. An entry may be corrected by its author for 15 minutes; after that it is
//! locked (the database refuses the change) and a mistake is fixed by appending a correction.

use crate::audit;
use crate::auth::CurrentUser;
use crate::db;
use crate::refusal::Refusal;
use chrono::{DateTime, Duration, Timelike, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

/// How long an entry stays editable by its author.
pub const EDIT_WINDOW: Duration = Duration::minutes(15);
pub const MAX_BODY_CHARS: usize = 4000;

/// The desk's three shifts: morning 07–15, afternoon 15–23, night 23–07 (the night belongs to the
/// day it starts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    /// `2026-11-26/nuit`.
    pub key: String,
    /// The message key of its name: `shift-morning`, `shift-afternoon`, `shift-night`.
    pub name_key: &'static str,
    pub date: chrono::NaiveDate,
}

pub fn shift_of(at: DateTime<Utc>, tz: chrono_tz::Tz) -> Shift {
    let local = at.with_timezone(&tz);
    let hour = local.hour();
    let (date, slug, name_key) = if hour < 7 {
        (
            local.date_naive() - Duration::days(1),
            "nuit",
            "shift-night",
        )
    } else if hour < 15 {
        (local.date_naive(), "matin", "shift-morning")
    } else if hour < 23 {
        (local.date_naive(), "apres-midi", "shift-afternoon")
    } else {
        (local.date_naive(), "nuit", "shift-night")
    };
    Shift {
        key: format!("{}/{slug}", date.format("%Y-%m-%d")),
        name_key,
        date,
    }
}

/// entry, handover or correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = LogbookKind)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Entry,
    Handover,
    Correction,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Entry => "entry",
            Kind::Handover => "handover",
            Kind::Correction => "correction",
        }
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Entry {
    pub id: i64,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub author_id: i64,
    pub author: String,
    pub shift: String,
    pub kind: String,
    pub body: String,
    pub corrects_id: Option<i64>,
}

impl Entry {
    /// Whether `user` may still change this entry now.
    pub fn editable_by(&self, user: &CurrentUser) -> bool {
        self.author_id == user.id
            && self.kind != "correction"
            && crate::time::parse_instant(&self.created_at)
                .is_some_and(|at| Utc::now() - at < EDIT_WINDOW)
    }
}

macro_rules! entry_columns {
    () => {
        "id, created_at, edited_at, author_id, author, shift, kind, body, corrects_id"
    };
}

fn check_body(body: &str) -> Result<String, Refusal> {
    let body = body.trim();
    if body.is_empty() {
        return Err(Refusal::field("body", "error-required"));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(Refusal::field(
            "body",
            crate::refusal::too_long(MAX_BODY_CHARS),
        ));
    }
    Ok(body.to_owned())
}

pub async fn get(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Entry, Refusal> {
    sqlx::query_as(concat!(
        "SELECT ",
        entry_columns!(),
        " FROM logbook_entries WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or(Refusal::NotFound)
}

/// Writes an entry, a handover note or a correction of an earlier entry.
pub async fn add(
    pool: &SqlitePool,
    user: &CurrentUser,
    tz: chrono_tz::Tz,
    kind: Kind,
    body: &str,
    corrects: Option<i64>,
) -> Result<i64, Refusal> {
    let body = check_body(body)?;
    let now = Utc::now();
    let shift = shift_of(now, tz);
    let mut tx = db::begin_write(pool).await?;
    match (kind, corrects) {
        (Kind::Correction, Some(original)) => {
            let o = get(&mut *tx, original).await?;
            if o.kind == "correction" {
                return Err(Refusal::conflict("error-correct-correction"));
            }
        }
        (Kind::Correction, None) => {
            return Err(Refusal::field(
                "corrects_id",
                "error-logbook-correction-needs-original",
            ));
        }
        (_, Some(_)) => {
            return Err(Refusal::field("corrects_id", "error-choice"));
        }
        (Kind::Handover, None) => {
            let exists: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM logbook_entries WHERE shift = ? AND kind = 'handover'",
            )
            .bind(&shift.key)
            .fetch_optional(&mut *tx)
            .await?;
            if exists.is_some() {
                return Err(Refusal::conflict("error-handover-exists"));
            }
        }
        (Kind::Entry, None) => {}
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO logbook_entries (created_at, author_id, author, shift, kind, body, corrects_id)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(db::instant_text(now))
    .bind(user.id)
    .bind(&user.display_name)
    .bind(&shift.key)
    .bind(kind.as_str())
    .bind(&body)
    .bind(corrects)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        "logbook.add",
        "logbook",
        id,
        None,
        Some(&json!({"kind": kind.as_str(), "body": body, "corrects_id": corrects})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes an entry's text: only its author, only within 15 minutes. The database refuses it too.
pub async fn edit(
    pool: &SqlitePool,
    user: &CurrentUser,
    id: i64,
    body: &str,
) -> Result<(), Refusal> {
    let body = check_body(body)?;
    let mut tx = db::begin_write(pool).await?;
    let entry = get(&mut *tx, id).await?;
    if entry.kind == "correction" {
        return Err(Refusal::conflict("error-logbook-correction-not-editable"));
    }
    if entry.author_id != user.id {
        return Err(Refusal::conflict("error-logbook-not-author"));
    }
    if !entry.editable_by(user) {
        return Err(Refusal::conflict("error-logbook-locked"));
    }
    let r = sqlx::query("UPDATE logbook_entries SET body = ?, edited_at = ? WHERE id = ?")
        .bind(&body)
        .bind(db::now_text())
        .bind(id)
        .execute(&mut *tx)
        .await;
    if let Err(sqlx::Error::Database(e)) = &r
        && e.message().contains("locked")
    {
        // The 15 minutes ran out between the check and the write.
        return Err(Refusal::conflict("error-logbook-locked"));
    }
    r?;
    audit::record(
        &mut tx,
        &user.actor(),
        "logbook.edit",
        "logbook",
        id,
        Some(&json!({"body": entry.body})),
        Some(&json!({"body": body})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The latest entries, newest first (corrections included; pages group them under their original).
pub async fn latest(pool: &SqlitePool, limit: i64) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        entry_columns!(),
        " FROM logbook_entries ORDER BY id DESC LIMIT ?"
    ))
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// The most recent handover note.
pub async fn last_handover(pool: &SqlitePool) -> Result<Option<Entry>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        entry_columns!(),
        " FROM logbook_entries WHERE kind = 'handover' ORDER BY id DESC LIMIT 1"
    ))
    .fetch_optional(pool)
    .await
}

/// What the main courante's page asks for: a day, one of its shifts, words to find.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A local day (`YYYY-MM-DD`): its three shifts (the night is the one that starts that evening).
    pub day: Option<chrono::NaiveDate>,
    /// `matin`, `apres-midi` or `nuit`, with a day.
    pub shift: Option<&'static str>,
    /// Words to find in the text or the author's name, accents and case ignored.
    pub words: String,
}

/// The shifts' slugs, in the day's order.
pub const SHIFT_SLUGS: [&str; 3] = ["matin", "apres-midi", "nuit"];

/// At most this many entries are shown for a search over every day.
pub const SEARCH_LIMIT: usize = 300;

/// The entries a filter finds, newest first; an entry found brings its corrections, and a
/// correction found brings its entry.
pub async fn find(pool: &SqlitePool, f: &Filter) -> Result<Vec<Entry>, sqlx::Error> {
    let all: Vec<Entry> = match (f.day, f.shift) {
        (Some(day), Some(slug)) => {
            sqlx::query_as(concat!(
                "SELECT ",
                entry_columns!(),
                " FROM logbook_entries WHERE shift = ? ORDER BY id DESC"
            ))
            .bind(format!("{day}/{slug}"))
            .fetch_all(pool)
            .await?
        }
        (Some(day), None) => {
            sqlx::query_as(concat!(
                "SELECT ",
                entry_columns!(),
                " FROM logbook_entries WHERE shift IN (?1 || '/matin', ?1 || '/apres-midi', ?1 || '/nuit')
                  ORDER BY id DESC"
            ))
            .bind(day.to_string())
            .fetch_all(pool)
            .await?
        }
        (None, _) => {
            sqlx::query_as(concat!(
                "SELECT ",
                entry_columns!(),
                " FROM logbook_entries ORDER BY id DESC"
            ))
            .fetch_all(pool)
            .await?
        }
    };
    let words = crate::text::fold(&f.words);
    if words.is_empty() {
        return Ok(all);
    }
    let hit = |e: &Entry| {
        crate::text::fold(&e.body).contains(&words) || crate::text::fold(&e.author).contains(&words)
    };
    let found: std::collections::HashSet<i64> = all
        .iter()
        .filter(|e| hit(e))
        .map(|e| e.corrects_id.unwrap_or(e.id))
        .collect();
    let mut kept: Vec<Entry> = all
        .into_iter()
        .filter(|e| found.contains(&e.corrects_id.unwrap_or(e.id)))
        .collect();
    kept.truncate(SEARCH_LIMIT);
    Ok(kept)
}

/// Who acknowledged a handover note, and when.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct HandoverRead {
    pub entry_id: i64,
    pub by_name: String,
    pub read_at: String,
    pub shift: String,
}

/// The acknowledgements of these notes.
pub async fn reads(pool: &SqlitePool, ids: &[i64]) -> Result<Vec<HandoverRead>, sqlx::Error> {
    sqlx::query_as(
        "SELECT entry_id, by_name, read_at, shift FROM logbook_handover_reads
         WHERE entry_id IN (SELECT value FROM json_each(?))",
    )
    .bind(serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()))
    .fetch_all(pool)
    .await
}

/// The next shift acknowledges a handover note: refused for an entry that is not one, on the
/// note's own shift, and when someone already did (naming them).
pub async fn acknowledge(
    pool: &SqlitePool,
    user: &CurrentUser,
    tz: chrono_tz::Tz,
    id: i64,
) -> Result<(), Refusal> {
    let now = Utc::now();
    let shift = shift_of(now, tz);
    let mut tx = db::begin_write(pool).await?;
    let entry = get(&mut *tx, id).await?;
    if entry.kind != "handover" {
        return Err(Refusal::conflict("error-logbook-read-not-handover"));
    }
    if entry.shift == shift.key {
        return Err(Refusal::conflict("error-logbook-read-own-shift"));
    }
    let done: Option<String> =
        sqlx::query_scalar("SELECT by_name FROM logbook_handover_reads WHERE entry_id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(by) = done {
        return Err(Refusal::Conflict {
            key: "error-logbook-read-done",
            arg: by,
        });
    }
    sqlx::query(
        "INSERT INTO logbook_handover_reads (entry_id, user_id, by_name, read_at, shift)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(user.id)
    .bind(&user.display_name)
    .bind(db::instant_text(now))
    .bind(&shift.key)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        "logbook.handover_read",
        "logbook",
        id,
        None,
        Some(&json!({"shift": shift.key})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn shifts_follow_local_time_and_the_night_belongs_to_its_evening() {
        // 06:30 in Paris (winter, UTC+1) is still the previous day's night.
        assert_eq!(
            shift_of(at("2026-11-26T05:30:00Z"), Paris).key,
            "2026-11-25/nuit"
        );
        assert_eq!(
            shift_of(at("2026-11-26T06:00:00Z"), Paris).key,
            "2026-11-26/matin"
        );
        assert_eq!(
            shift_of(at("2026-11-26T14:00:00Z"), Paris).key,
            "2026-11-26/apres-midi"
        );
        assert_eq!(
            shift_of(at("2026-11-26T22:00:00Z"), Paris).key,
            "2026-11-26/nuit"
        );
        // Summer time (UTC+2).
        assert_eq!(
            shift_of(at("2026-07-01T05:00:00Z"), Paris).key,
            "2026-07-01/matin"
        );
    }
}
