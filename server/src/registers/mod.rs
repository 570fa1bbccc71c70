//! The desk's small registers (migration 0020): what is lent — keys, a projector, chargers — to
//! whom and until when (overdue ones on the desk's night view); the parcels received for
//! residents (received, resident told, collected and by whom); lost and found. A name typed is
//! linked to the person's record when it matches exactly one person (accents and case ignored),
//! so that their page shows it and an erasure reaches it. Rows are never deleted; a closed one
//! no longer changes.

pub mod pages;

use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{Fields, Refusal};
use crate::text::one_line;
use crate::web::domain::{Domain, Finding, Fut, count};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

/// The one person whose name matches `name` (accents and case ignored), if exactly one does.
pub async fn person_named(
    conn: &mut SqliteConnection,
    name: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let wanted = crate::text::fold(name);
    if wanted.is_empty() {
        return Ok(None);
    }
    // The full-text index narrows to the people whose names have these words; the folded
    // comparison then keeps only the exact name.
    // (Whole words only; past 50 people with these words, nobody is named for sure.)
    let all: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, trim(first_name || ' ' || last_name) FROM persons
         WHERE erased_at IS NULL AND id IN (SELECT rowid FROM persons_search
                                            WHERE ?1 IS NOT NULL AND persons_search MATCH ?1)
         LIMIT 51",
    )
    .bind(crate::people::name_query_exact(name))
    .fetch_all(&mut *conn)
    .await?;
    if all.len() > 50 {
        return Ok(None);
    }
    let mut hits = all
        .into_iter()
        .filter(|(_, n)| crate::text::fold(n) == wanted)
        .map(|(id, _)| id);
    Ok(match (hits.next(), hits.next()) {
        (Some(id), None) => Some(id),
        _ => None,
    })
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Lending {
    pub id: i64,
    pub item: String,
    pub person_id: Option<i64>,
    pub borrower: String,
    pub lent_at: String,
    pub lent_by: String,
    pub due_at: String,
    pub returned_at: Option<String>,
    pub returned_to: Option<String>,
}

impl Lending {
    pub fn overdue(&self, now: DateTime<Utc>) -> bool {
        self.returned_at.is_none() && crate::time::stored_instant(&self.due_at) < now
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Parcel {
    pub id: i64,
    pub person_id: Option<i64>,
    pub recipient: String,
    pub description: String,
    pub received_at: String,
    pub received_by: String,
    pub told_at: Option<String>,
    pub collected_at: Option<String>,
    pub collected_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Found {
    pub id: i64,
    pub description: String,
    pub found_where: String,
    pub found_at: String,
    pub returned_at: Option<String>,
    pub returned_to: Option<String>,
}

/// Lends an item until `due` (an instant after now). Every refused field at once.
pub async fn lend(
    pool: &SqlitePool,
    actor: &Actor,
    item: &str,
    borrower: &str,
    due: Option<DateTime<Utc>>,
) -> Result<i64, Refusal> {
    let (item, borrower) = (one_line(item), one_line(borrower));
    let now = Utc::now();
    let mut f = Fields::default();
    f.check(item.is_empty(), "item", "error-required")
        .check(item.chars().count() > 120, "item", "reg-error-120")
        .check(borrower.is_empty(), "borrower", "error-required")
        .check(borrower.chars().count() > 120, "borrower", "reg-error-120");
    match due {
        None => f.refuse("due", "reg-error-due"),
        Some(d) if d <= now => f.refuse("due", "reg-error-due-past"),
        Some(_) => {}
    }
    f.done()?;
    let due = due.ok_or_else(|| Refusal::field("due", "reg-error-due"))?;
    let mut tx = db::begin_write(pool).await?;
    let person = person_named(&mut tx, &borrower).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO lendings (item, person_id, borrower, lent_at, lent_by, due_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&item)
    .bind(person)
    .bind(&borrower)
    .bind(db::instant_text(now))
    .bind(&actor.name)
    .bind(db::instant_text(due))
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "lending.lent",
        "lending",
        id,
        None,
        Some(&json!({"item": item})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A closing step: its statement (parameters as [`close`] binds them), how to tell it is done,
/// what to say then, what to log.
struct Closing {
    update: &'static str,
    closed: &'static str,
    already: &'static str,
    action: &'static str,
    entity: &'static str,
}

/// The item came back. Refused when it already had.
pub async fn give_back(pool: &SqlitePool, actor: &Actor, id: i64) -> Result<(), Refusal> {
    close(
        pool,
        actor,
        id,
        &Closing {
            update: "UPDATE lendings SET returned_at = ?1, returned_to = ?3
                     WHERE id = ?4 AND returned_at IS NULL",
            closed: "SELECT returned_at IS NOT NULL FROM lendings WHERE id = ?",
            already: "reg-already-back",
            action: "lending.returned",
            entity: "lending",
        },
        &actor.name,
    )
    .await
}

/// Shared by every closing: refused when already closed, else one statement whose parameters
/// are `?1` now, `?2` who took it (typed, or the desk), `?3` the desk's account, `?4` the row.
async fn close(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    step: &Closing,
    who: &str,
) -> Result<(), Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let state: Option<bool> = sqlx::query_scalar(step.closed)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    match state {
        None => return Err(Refusal::NotFound),
        Some(true) => return Err(Refusal::conflict(step.already)),
        Some(false) => {}
    }
    sqlx::query(step.update)
        .bind(db::now_text())
        .bind(who)
        .bind(&actor.name)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, actor, step.action, step.entity, id, None, None).await?;
    tx.commit().await?;
    Ok(())
}

/// A name typed to close a row (who collected, to whom it went back): required, 120 at most.
fn named(field: &'static str, who: &str) -> Result<String, Refusal> {
    let who = one_line(who);
    let mut f = Fields::default();
    f.check(who.is_empty(), field, "error-required").check(
        who.chars().count() > 120,
        field,
        "reg-error-120",
    );
    f.done()?;
    Ok(who)
}

/// A parcel received for a resident.
pub async fn receive(
    pool: &SqlitePool,
    actor: &Actor,
    recipient: &str,
    description: &str,
) -> Result<i64, Refusal> {
    let (recipient, description) = (one_line(recipient), one_line(description));
    let mut f = Fields::default();
    f.check(recipient.is_empty(), "recipient", "error-required")
        .check(
            recipient.chars().count() > 120,
            "recipient",
            "reg-error-120",
        )
        .check(
            description.chars().count() > 200,
            "description",
            "reg-error-200",
        );
    f.done()?;
    let mut tx = db::begin_write(pool).await?;
    let person = person_named(&mut tx, &recipient).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO parcels (person_id, recipient, description, received_at, received_by)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(person)
    .bind(&recipient)
    .bind(&description)
    .bind(db::now_text())
    .bind(&actor.name)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(&mut tx, actor, "parcel.received", "parcel", id, None, None).await?;
    tx.commit().await?;
    Ok(id)
}

/// The resident was told (a call, a note in their box).
pub async fn told(pool: &SqlitePool, actor: &Actor, id: i64) -> Result<(), Refusal> {
    close(
        pool,
        actor,
        id,
        &Closing {
            update: "UPDATE parcels SET told_at = ?1, told_by = ?3 WHERE id = ?4 AND told_at IS NULL",
            closed: "SELECT told_at IS NOT NULL FROM parcels WHERE id = ?",
            already: "reg-already-told",
            action: "parcel.told",
            entity: "parcel",
        },
        &actor.name,
    )
    .await
}

/// Collected, by `by` (the resident or someone for them).
pub async fn collected(pool: &SqlitePool, actor: &Actor, id: i64, by: &str) -> Result<(), Refusal> {
    let by = named("collected_by", by)?;
    close(
        pool,
        actor,
        id,
        &Closing {
            update: "UPDATE parcels SET collected_at = ?1, collected_by = ?2, handed_by = ?3
                     WHERE id = ?4 AND collected_at IS NULL",
            closed: "SELECT collected_at IS NOT NULL FROM parcels WHERE id = ?",
            already: "reg-already-collected",
            action: "parcel.collected",
            entity: "parcel",
        },
        &by,
    )
    .await
}

/// Something found in the building.
pub async fn found(
    pool: &SqlitePool,
    actor: &Actor,
    description: &str,
    place: &str,
) -> Result<i64, Refusal> {
    let (description, place) = (one_line(description), one_line(place));
    let mut f = Fields::default();
    f.check(description.is_empty(), "what", "error-required")
        .check(description.chars().count() > 200, "what", "reg-error-200")
        .check(place.chars().count() > 120, "found_where", "reg-error-120");
    f.done()?;
    let mut tx = db::begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO lost_found (description, found_where, found_at, recorded_by) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(&description)
    .bind(&place)
    .bind(db::now_text())
    .bind(&actor.name)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "lost_found.recorded",
        "lost_found",
        id,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Given back to its owner, `to`.
pub async fn returned(pool: &SqlitePool, actor: &Actor, id: i64, to: &str) -> Result<(), Refusal> {
    let to = named("returned_to", to)?;
    close(
        pool,
        actor,
        id,
        &Closing {
            update: "UPDATE lost_found SET returned_at = ?1, returned_to = ?2, handed_by = ?3
                     WHERE id = ?4 AND returned_at IS NULL",
            closed: "SELECT returned_at IS NOT NULL FROM lost_found WHERE id = ?",
            already: "reg-already-returned",
            action: "lost_found.returned",
            entity: "lost_found",
        },
        &to,
    )
    .await
}

/// What is out or waiting, then the latest closed (for the page).
pub async fn lendings(pool: &SqlitePool) -> Result<Vec<Lending>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, item, person_id, borrower, lent_at, lent_by, due_at, returned_at, returned_to
         FROM lendings ORDER BY returned_at IS NOT NULL, CASE WHEN returned_at IS NULL THEN due_at END,
                  returned_at DESC LIMIT 200",
    )
    .fetch_all(pool)
    .await
}

pub async fn parcels(pool: &SqlitePool) -> Result<Vec<Parcel>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, person_id, recipient, description, received_at, received_by, told_at, collected_at,
                collected_by
         FROM parcels ORDER BY collected_at IS NOT NULL, received_at DESC LIMIT 200",
    )
    .fetch_all(pool)
    .await
}

pub async fn lost_and_found(pool: &SqlitePool) -> Result<Vec<Found>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, description, found_where, found_at, returned_at, returned_to
         FROM lost_found ORDER BY returned_at IS NOT NULL, found_at DESC LIMIT 200",
    )
    .fetch_all(pool)
    .await
}

fn export(pool: &SqlitePool, id: i64) -> Fut<'_, Result<serde_json::Value, sqlx::Error>> {
    Box::pin(async move {
        let lent: Vec<Lending> = sqlx::query_as(
            "SELECT id, item, person_id, borrower, lent_at, lent_by, due_at, returned_at, returned_to
             FROM lendings WHERE person_id = ?",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let parcels: Vec<Parcel> = sqlx::query_as(
            "SELECT id, person_id, recipient, description, received_at, received_by, told_at,
                    collected_at, collected_by FROM parcels WHERE person_id = ?",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        Ok(json!({"lendings": lent, "parcels": parcels}))
    })
}

/// Erasing a person: the rows linked to their record keep what was lent or received, not the name.
fn erase<'a>(
    tx: &'a mut SqliteConnection,
    _actor: &'a Actor,
    id: i64,
    _now: &'a str,
) -> Fut<'a, Result<(), Refusal>> {
    Box::pin(async move {
        sqlx::query("UPDATE lendings SET borrower = 'Personne effacée', person_id = NULL WHERE person_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE parcels SET recipient = 'Personne effacée', person_id = NULL WHERE person_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Ok(())
    })
}

fn check(pool: &SqlitePool) -> Fut<'_, Result<Vec<Finding>, sqlx::Error>> {
    Box::pin(async move {
        Ok(vec![Finding::from_count(
            "registers_protected",
            6 - count(
                pool,
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN
                 ('lendings_kept', 'parcels_kept', 'lost_found_kept', 'lendings_closed',
                  'parcels_closed', 'lost_found_closed')",
            )
            .await?,
            "protective triggers missing on the desk's registers",
        )])
    })
}

fn routes(r: &mut crate::web::Routes) {
    pages::declare(r);
}

/// The desk's registers in the list of domains.
pub static DOMAIN: Domain = Domain {
    export: Some(export),
    erase: Some(erase),
    check: Some(check),
    night_alerts: Some(pages::night_alerts),
    person_box: Some(pages::person_box),
    ..Domain::new("registers", routes)
};
