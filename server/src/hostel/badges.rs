//! Guest badges: a card the desk lends a guest in house (at check-in, or later for another member
//! of the party). It is a badge like a member's, of kind `guest` (migration 0015):
//!
//! - it works through the stay's last day at the latest (`valid_through`, kept equal to the
//!   morning of leaving by a trigger: an extension keeps it working), and the check-out ends it,
//!   given back or not (a trigger: whatever door the check-out came through, a card kept is
//!   blocked);
//! - at the kiosks it is served where guests may go (the hostel's doors, the rooms, the SEL's
//!   activities as a participant) and refused elsewhere (the shared vehicles);
//! - its holder is the stay's guest (the lead guest's record, made at the first card if the stay
//!   has none) or another member of the party (a record of kind `guest`), with a SEL account
//!   without welcome credit: the hours a guest gives are theirs, and can pay part of the stay.

use super::stays::{Stay, open, stay};
use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::Refusal;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

/// A card lent for a stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct GuestBadge {
    pub badge_id: i64,
    pub card_id: String,
    pub person_id: i64,
    /// Who holds it (the lead guest or another member of the party).
    pub holder: String,
    pub handed_at: String,
    pub handed_by_name: String,
    /// The last local day it works, `YYYY-MM-DD`.
    pub valid_through: String,
    /// When it stopped working (given back, or the check-out), and why (`returned`,
    /// `not_returned`, `lost`…).
    pub revoked_at: Option<String>,
    pub revoke_reason: Option<String>,
    /// When the desk had it back, and who took it.
    pub returned_at: Option<String>,
    pub returned_to: Option<String>,
}

impl GuestBadge {
    /// Still lent and working.
    pub fn is_out(&self) -> bool {
        self.revoked_at.is_none()
    }
}

/// The cards lent for a stay, the ones still out first.
pub async fn of_stay(
    conn: impl sqlx::SqliteExecutor<'_>,
    stay_id: i64,
) -> Result<Vec<GuestBadge>, sqlx::Error> {
    sqlx::query_as(
        "SELECT g.badge_id, b.card_id, b.person_id, trim(p.first_name || ' ' || p.last_name) AS holder,
                g.handed_at, g.handed_by_name, b.valid_through, b.revoked_at, b.revoke_reason,
                g.returned_at, g.returned_to
         FROM hostel_guest_badges g JOIN badges b ON b.id = g.badge_id
           JOIN persons p ON p.id = b.person_id
         WHERE g.stay_id = ? ORDER BY b.revoked_at IS NOT NULL, g.handed_at, g.badge_id",
    )
    .bind(stay_id)
    .fetch_all(conn)
    .await
}

/// A card to lend: its number (typed, or read at the desk's reader) and who gets it (empty: the
/// stay's guest).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct HandInput {
    /// The card's number as read (hex UID, or decimal for Wiegand readers); spaces, colons and
    /// dashes are dropped.
    pub card_id: String,
    /// Who gets it, up to 120 characters; empty: the stay's guest.
    #[serde(default)]
    pub holder: String,
}

/// Lends a card to a guest in house. Refused with the reason when the stay is not in house, the
/// card is someone's already (naming them), the number is not a card's, or the name is too long.
pub async fn hand(
    pool: &SqlitePool,
    actor: &Actor,
    stay_id: i64,
    input: &HandInput,
) -> Result<GuestBadge, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let badge_id = hand_in(&mut tx, actor, stay_id, input).await?;
    let lent = of_stay(&mut *tx, stay_id)
        .await?
        .into_iter()
        .find(|b| b.badge_id == badge_id)
        .ok_or(Refusal::NotFound)?;
    tx.commit().await?;
    Ok(lent)
}

/// [`hand`] inside the caller's writing transaction (the check-in's one step, the demo).
/// The longest name typed for a badge's holder (characters).
pub const HOLDER_MAX: usize = 120;

pub async fn hand_in(
    tx: &mut SqliteConnection,
    actor: &Actor,
    stay_id: i64,
    input: &HandInput,
) -> Result<i64, Refusal> {
    let s = stay(&mut *tx, stay_id).await?;
    open(&s, &["checked_in"])?;
    let typed = input
        .holder
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if typed.chars().count() > HOLDER_MAX {
        return Err(Refusal::field(
            "holder",
            crate::refusal::too_long(HOLDER_MAX),
        ));
    }
    let person_id = holder(tx, actor, &s, &typed).await?;
    let badge_id = crate::people::assign_badge_in(
        tx,
        actor,
        person_id,
        &input.card_id,
        Some(s.departure.as_str()),
    )
    .await?;
    sqlx::query(
        "INSERT INTO hostel_guest_badges (badge_id, stay_id, handed_at, handed_by_name)
         VALUES (?, ?, ?, ?)",
    )
    .bind(badge_id)
    .bind(stay_id)
    .bind(db::now_text())
    .bind(&actor.name)
    .execute(&mut *tx)
    .await?;
    if crate::sel::ledger::account_of_person(&mut *tx, person_id)
        .await?
        .is_none()
    {
        crate::sel::ledger::open_guest_account_in(tx, actor, person_id).await?;
    }
    audit::record(
        tx,
        actor,
        "hostel.badge.hand",
        "hostel_stay",
        stay_id,
        None,
        Some(&json!({"badge_id": badge_id, "person_id": person_id,
                     "valid_through": s.departure})),
    )
    .await?;
    Ok(badge_id)
}

/// The record of who gets the card: the stay's guest (their record, made now if the stay has
/// none, and linked to the stay), or another member of the party (a new record of kind `guest`).
async fn holder(
    tx: &mut SqliteConnection,
    actor: &Actor,
    s: &Stay,
    typed: &str,
) -> Result<i64, Refusal> {
    let lead = typed.is_empty() || typed.to_lowercase() == s.guest_name.to_lowercase();
    if let (true, Some(id)) = (lead, s.person_id) {
        return Ok(id);
    }
    let name = if lead { s.guest_name.as_str() } else { typed };
    // « Amina Diallo » → Amina / Diallo; a single word is a first name (the kiosk greets it).
    let (first, last) = name.split_once(' ').unwrap_or((name, ""));
    let first: String = first.chars().take(100).collect();
    let last: String = last.chars().take(100).collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO persons (first_name, last_name, kind, phone, phone_digits, email, created_at)
         VALUES (?, ?, 'guest', ?, ?, ?, ?) RETURNING id",
    )
    .bind(&first)
    .bind(&last)
    .bind(lead.then(|| s.phone.clone()).filter(|p| !p.is_empty()))
    .bind(
        lead.then(|| crate::people::phone_key(&s.phone))
            .filter(|p| !p.is_empty()),
    )
    .bind(lead.then(|| s.email.clone()).filter(|e| !e.is_empty()))
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        tx,
        actor,
        "person.create",
        "person",
        id,
        None,
        Some(
            &json!({"first_name": first, "last_name": last, "kind": "guest",
                     "stay_id": s.id}),
        ),
    )
    .await?;
    if lead {
        sqlx::query("UPDATE hostel_stays SET person_id = ? WHERE id = ?")
            .bind(id)
            .bind(s.id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(id)
}

/// The desk has a lent card back: it stops working now (if it still worked) and the stay's page
/// says it came back. A card found after the check-out (already blocked) is marked back too.
pub async fn give_back(
    pool: &SqlitePool,
    actor: &Actor,
    stay_id: i64,
    badge_id: i64,
) -> Result<GuestBadge, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    give_back_in(&mut tx, actor, stay_id, badge_id).await?;
    let back = of_stay(&mut *tx, stay_id)
        .await?
        .into_iter()
        .find(|b| b.badge_id == badge_id)
        .ok_or(Refusal::NotFound)?;
    tx.commit().await?;
    Ok(back)
}

/// [`give_back`] inside the caller's writing transaction (the check-out's one step).
pub async fn give_back_in(
    tx: &mut SqliteConnection,
    actor: &Actor,
    stay_id: i64,
    badge_id: i64,
) -> Result<(), Refusal> {
    let lent = of_stay(&mut *tx, stay_id)
        .await?
        .into_iter()
        .find(|b| b.badge_id == badge_id)
        .ok_or(Refusal::NotFound)?;
    if lent.returned_at.is_some() {
        return Err(Refusal::Conflict {
            key: "error-hostel-badge-back",
            arg: lent.card_id,
        });
    }
    let now = db::now_text();
    sqlx::query(
        "UPDATE hostel_guest_badges SET returned_at = ?, returned_to = ? WHERE badge_id = ?",
    )
    .bind(&now)
    .bind(&actor.name)
    .bind(badge_id)
    .execute(&mut *tx)
    .await?;
    if lent.is_out() {
        sqlx::query(
            "UPDATE badges SET revoked_at = ?, revoke_reason = 'returned', revoked_by = ?
             WHERE id = ? AND revoked_at IS NULL",
        )
        .bind(&now)
        .bind(actor.id)
        .bind(badge_id)
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        tx,
        actor,
        "hostel.badge.returned",
        "hostel_stay",
        stay_id,
        Some(&json!({"badge_id": badge_id, "card_id": lent.card_id, "returned_at": null})),
        Some(&json!({"badge_id": badge_id, "card_id": lent.card_id, "returned_at": now})),
    )
    .await?;
    Ok(())
}

/// The guests arrive and the desk lends the first card in the same step (both or neither).
pub async fn check_in_lending(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    actor: &Actor,
    id: i64,
    now: chrono::DateTime<chrono::Utc>,
    card: Option<&HandInput>,
) -> Result<Stay, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    super::stays::check_in_in(&mut tx, tz, actor, id, now).await?;
    if let Some(card) = card {
        hand_in(&mut tx, actor, id, card).await?;
    }
    let s = stay(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(s)
}
