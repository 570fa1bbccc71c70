//! Paper slips for people without e-mail (issue 17, part 2): a message whose channel is `paper`
//! waits in the outbox until the desk prints it in large type and hands it over. The desk's
//! « À remettre » list (`/accueil/a-remettre`) shows who has slips waiting, oldest first; the print
//! view puts each person's slips on their own A4 page; « Remis en main propre » marks the slips
//! the desk saw — never one that arrived after the list was shown. Printing marks nothing: a slip
//! printed and not collected is still waiting.

mod pages;

pub(super) use pages::declare;
pub(crate) use pages::desk_box;

use super::{Message, message_select};
use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::Refusal;
use serde_json::json;
use sqlx::SqlitePool;

/// One person's slips waiting at the desk.
#[derive(Debug, Clone)]
pub struct Waiting {
    /// Their record's id, which is also their member number.
    pub person_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    /// The person's language now: the slip's frame is written in it.
    pub language: String,
    /// Oldest first.
    pub messages: Vec<Message>,
}

impl Waiting {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }
}

/// The paper messages not yet handed over, per person — the person waiting longest first, each
/// one's slips oldest first; only `person`'s when given.
pub async fn waiting(pool: &SqlitePool, person: Option<i64>) -> Result<Vec<Waiting>, sqlx::Error> {
    // One read transaction: the people and their messages from the same moment.
    let mut tx = pool.begin().await?;
    let people: Vec<(i64, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT id, first_name, last_name, nullif(trim(phone), ''), language FROM persons
         WHERE id IN (SELECT person_id FROM notifications
                      WHERE channel = 'paper' AND handed_at IS NULL
                        AND (?1 IS NULL OR person_id = ?1))",
    )
    .bind(person)
    .fetch_all(&mut *tx)
    .await?;
    let messages: Vec<Message> = sqlx::query_as(message_select!(
        "WHERE channel = 'paper' AND handed_at IS NULL AND (?1 IS NULL OR person_id = ?1)
         ORDER BY created_at, id"
    ))
    .bind(person)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut people: std::collections::HashMap<i64, Waiting> = people
        .into_iter()
        .map(|(id, first_name, last_name, phone, language)| {
            let w = Waiting {
                person_id: id,
                first_name,
                last_name,
                phone,
                language,
                messages: vec![],
            };
            (id, w)
        })
        .collect();
    // In the order of each person's oldest message.
    let mut order = vec![];
    for m in messages {
        if let Some(w) = people.get_mut(&m.person_id) {
            if w.messages.is_empty() {
                order.push(m.person_id);
            }
            w.messages.push(m);
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|id| people.remove(&id))
        .collect())
}

/// How many slips wait, and for how many people.
pub async fn waiting_count(pool: &SqlitePool) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT count(*), count(DISTINCT person_id) FROM notifications
         WHERE channel = 'paper' AND handed_at IS NULL",
    )
    .fetch_one(pool)
    .await
}

/// The longest name `handed_by` keeps (migration 0024's CHECK).
const HANDED_BY_MAX: usize = 120;

/// Marks the slips `ids` of `person_id` handed over by `actor` (named by their account's display
/// name), now. Only that person's slips
/// still waiting are marked: a slip already handed (a second click), another person's, or a
/// message that is not a slip is left as it is. Returns the ids marked (empty when nothing
/// changed, which records nothing); refused when there is no such person.
pub async fn hand_over(
    pool: &SqlitePool,
    actor: &Actor,
    person_id: i64,
    ids: &[i64],
) -> Result<Vec<i64>, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let known: Option<i64> = sqlx::query_scalar("SELECT id FROM persons WHERE id = ?")
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?;
    if known.is_none() {
        return Err(Refusal::NotFound);
    }
    // The account's display name (« Claire, accueil »), as the migration says: the person's page
    // and the slips' history read it; the command line's actor has only its name.
    let shown: Option<String> = sqlx::query_scalar("SELECT display_name FROM users WHERE id = ?")
        .bind(actor.id)
        .fetch_optional(&mut *tx)
        .await?;
    let by: String = shown
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| actor.name.clone())
        .chars()
        .take(HANDED_BY_MAX)
        .collect();
    let mut marked: Vec<i64> = sqlx::query_scalar(
        "UPDATE notifications SET handed_at = ?, handed_by = ?
         WHERE person_id = ? AND channel = 'paper' AND handed_at IS NULL
           AND id IN (SELECT value FROM json_each(?))
         RETURNING id",
    )
    .bind(db::now_text())
    .bind(&by)
    .bind(person_id)
    .bind(json!(ids).to_string())
    .fetch_all(&mut *tx)
    .await?;
    if marked.is_empty() {
        return Ok(marked);
    }
    marked.sort_unstable();
    audit::record(
        &mut tx,
        actor,
        "notify.handed",
        "person",
        person_id,
        None,
        Some(&json!({"messages": marked, "handed_by": by})),
    )
    .await?;
    tx.commit().await?;
    Ok(marked)
}
