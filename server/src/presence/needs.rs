//! Who needs help to evacuate: told by the person, recorded at the desk with their consent, seen
//! by staff only (the person's page at the desk, the evacuation list, the roll call). Nothing
//! ticked and no note clears it. The audit log records that it changed, not what it says.

use super::list::Needs;
use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{Fields, Refusal};
use crate::text::one_line;
use serde::Deserialize;
use sqlx::SqlitePool;

/// What the desk records.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct NeedsInput {
    #[serde(default)]
    pub mobility: bool,
    #[serde(default)]
    pub hearing: bool,
    #[serde(default)]
    pub sight: bool,
    /// In their words, up to 200 characters.
    #[serde(default)]
    pub note: String,
    /// The person agreed to have it recorded (required unless clearing).
    #[serde(default)]
    pub consent: bool,
}

/// A person's needs, if recorded.
pub async fn of(
    conn: impl sqlx::SqliteExecutor<'_>,
    person_id: i64,
) -> Result<Option<Needs>, sqlx::Error> {
    sqlx::query_as(
        "SELECT mobility, hearing, sight, note FROM evacuation_needs WHERE person_id = ?",
    )
    .bind(person_id)
    .fetch_optional(conn)
    .await
}

/// Records (or clears, when nothing is ticked and the note is empty) what a person needs.
pub async fn set(
    pool: &SqlitePool,
    actor: &Actor,
    person_id: i64,
    input: &NeedsInput,
) -> Result<(), Refusal> {
    let needs = Needs {
        mobility: input.mobility,
        hearing: input.hearing,
        sight: input.sight,
        note: one_line(&input.note),
    };
    let mut f = Fields::default();
    f.check(
        needs.note.chars().count() > 200,
        "note",
        "presence-error-200",
    )
    .check(
        needs.any() && !input.consent,
        "consent",
        "presence-needs-consent",
    );
    f.done()?;
    let mut tx = db::begin_write(pool).await?;
    let known: Option<i64> =
        sqlx::query_scalar("SELECT id FROM persons WHERE id = ? AND erased_at IS NULL")
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?;
    if known.is_none() {
        return Err(Refusal::NotFound);
    }
    let had = of(&mut *tx, person_id).await?.is_some();
    if needs.any() {
        sqlx::query(
            "INSERT INTO evacuation_needs (person_id, mobility, hearing, sight, note, consented_at, recorded_by)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (person_id) DO UPDATE SET mobility = excluded.mobility,
                 hearing = excluded.hearing, sight = excluded.sight, note = excluded.note,
                 consented_at = excluded.consented_at, recorded_by = excluded.recorded_by",
        )
        .bind(person_id)
        .bind(needs.mobility)
        .bind(needs.hearing)
        .bind(needs.sight)
        .bind(&needs.note)
        .bind(db::now_text())
        .bind(&actor.name)
        .execute(&mut *tx)
        .await?;
    } else if had {
        sqlx::query("DELETE FROM evacuation_needs WHERE person_id = ?")
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
    } else {
        return Ok(());
    }
    audit::record(
        &mut tx,
        actor,
        if needs.any() {
            "evacuation_needs.set"
        } else {
            "evacuation_needs.cleared"
        },
        "person",
        person_id,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
