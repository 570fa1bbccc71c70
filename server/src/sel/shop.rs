//! The cooperative's valuation scale (catalogue) and what moves minutes between people: purchases
//! at the cooperative, exchanges between members (confirmed by the receiver when the settings ask
//! for it) and a workshop's cost split among its participants.
//!
//! Every movement goes through [`ledger::write`]: one operation per request, idempotent on the
//! caller's id, whose transfers are written together or not at all. The request kept with the
//! operation is the normalised input, so that a retry of the same form is a replay.

use super::ledger::{self, Kind, Operation, TransferSpec, Written};
use super::{COOPERATIVE_ACCOUNT, Settings};
use crate::audit::{self, Actor};
use crate::db;
use crate::people::{FieldError, Refusal};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;
use std::collections::BTreeMap;

/// The longest price of one item, and the most minutes one exchange moves.
pub const MAX_ITEM_MINUTES: i64 = 6000;
/// The most of one item in a purchase.
pub const MAX_QUANTITY: i64 = 100;
/// The most participants sharing one workshop's cost.
pub const MAX_WORKSHOP_PARTICIPANTS: usize = 50;
/// The largest amount of one transfer (the ledger's own limit).
const MAX_TRANSFER_MINUTES: i64 = 100_000;
/// The longest memo a transfer keeps.
const MAX_MEMO_CHARS: usize = 200;

// ---------------------------------------------------------------------------------------------
// Catalogue

/// An item of the cooperative's valuation scale, e.g. « Panier de légumes — 90 ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Item {
    pub id: i64,
    pub name: String,
    /// A free grouping for the pages (« Épicerie », « Services »…), may be empty.
    pub category: String,
    /// The price, in minutes.
    pub price_minutes: i64,
    /// An inactive item is kept (past sales name it) but cannot be bought.
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl Item {
    fn snapshot(&self) -> serde_json::Value {
        json!({"name": self.name, "category": self.category,
               "price_minutes": self.price_minutes, "active": self.active})
    }
}

macro_rules! item_columns {
    () => {
        "id, name, category, price_minutes, active, created_at, updated_at"
    };
}

/// An item as typed in a form or sent to the API.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ItemInput {
    pub name: String,
    #[serde(default)]
    pub category: String,
    /// The price, in minutes (1 to 6000).
    pub price_minutes: i64,
    /// True when absent.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// The catalogue, by category then name; inactive items only when asked for.
pub async fn items(pool: &SqlitePool, include_inactive: bool) -> Result<Vec<Item>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        item_columns!(),
        " FROM sel_catalogue WHERE active = 1 OR ?
         ORDER BY category COLLATE NOCASE, name COLLATE NOCASE"
    ))
    .bind(include_inactive)
    .fetch_all(pool)
    .await
}

/// One item, active or not.
pub async fn item(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Item, Refusal> {
    sqlx::query_as(concat!(
        "SELECT ",
        item_columns!(),
        " FROM sel_catalogue WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or(Refusal::NotFound)
}

struct ValidItem {
    name: String,
    category: String,
    price_minutes: i64,
    active: bool,
}

fn validate_item(input: &ItemInput) -> Result<ValidItem, Refusal> {
    let mut errors = vec![];
    let name = input.name.trim();
    let category = input.category.trim();
    if name.is_empty() {
        errors.push(FieldError {
            field: "name",
            key: "error-sel-name-required",
        });
    } else if name.chars().count() > 80 {
        errors.push(FieldError {
            field: "name",
            key: "error-too-long",
        });
    }
    if category.chars().count() > 40 {
        errors.push(FieldError {
            field: "category",
            key: "error-too-long",
        });
    }
    if !(1..=MAX_ITEM_MINUTES).contains(&input.price_minutes) {
        errors.push(FieldError {
            field: "price_minutes",
            key: "error-sel-price-invalid",
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    Ok(ValidItem {
        name: name.to_owned(),
        category: category.to_owned(),
        price_minutes: input.price_minutes,
        active: input.active,
    })
}

/// Refuses a name another item already has, letter case aside (« CAFÉ » is « Café »: compared in
/// Rust, as SQLite's NOCASE folds ASCII letters only). The catalogue is short.
async fn check_name_free(
    conn: &mut sqlx::SqliteConnection,
    name: &str,
    except: Option<i64>,
) -> Result<(), Refusal> {
    let names: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM sel_catalogue")
        .fetch_all(&mut *conn)
        .await?;
    let folded = name.to_lowercase();
    if names
        .iter()
        .any(|(id, n)| Some(*id) != except && n.to_lowercase() == folded)
    {
        return Err(name_taken(name));
    }
    Ok(())
}

fn name_taken(name: &str) -> Refusal {
    Refusal::Conflict {
        key: "error-sel-item-exists",
        arg: name.to_owned(),
    }
}

/// The unique index's refusal (a backstop of [`check_name_free`]) as a refusal.
fn unique_refusal(e: sqlx::Error, name: &str) -> Refusal {
    let unique = e.as_database_error().is_some_and(|d| {
        d.message()
            .contains("UNIQUE constraint failed: sel_catalogue.name")
    });
    if unique { name_taken(name) } else { e.into() }
}

/// Adds an item to the catalogue.
pub async fn create_item(
    pool: &SqlitePool,
    actor: &Actor,
    input: &ItemInput,
) -> Result<Item, Refusal> {
    let v = validate_item(input)?;
    let mut tx = db::begin_write(pool).await?;
    check_name_free(&mut tx, &v.name, None).await?;
    let now = db::now_text();
    let created: Item = sqlx::query_as(concat!(
        "INSERT INTO sel_catalogue (name, category, price_minutes, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING ",
        item_columns!()
    ))
    .bind(&v.name)
    .bind(&v.category)
    .bind(v.price_minutes)
    .bind(v.active)
    .bind(&now)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| unique_refusal(e, &v.name))?;
    audit::record(
        &mut tx,
        actor,
        "sel.item.create",
        "sel_item",
        created.id,
        None,
        Some(&created.snapshot()),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Changes an item: its name, category, price (for future sales only: past sales keep the price of
/// their day) or whether it is still sold.
pub async fn update_item(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    input: &ItemInput,
) -> Result<Item, Refusal> {
    let v = validate_item(input)?;
    let mut tx = db::begin_write(pool).await?;
    let before = item(&mut *tx, id).await?;
    check_name_free(&mut tx, &v.name, Some(id)).await?;
    let after: Item = sqlx::query_as(concat!(
        "UPDATE sel_catalogue SET name = ?, category = ?, price_minutes = ?, active = ?,
                updated_at = ?
         WHERE id = ? RETURNING ",
        item_columns!()
    ))
    .bind(&v.name)
    .bind(&v.category)
    .bind(v.price_minutes)
    .bind(v.active)
    .bind(db::now_text())
    .bind(id)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| unique_refusal(e, &v.name))?;
    audit::record(
        &mut tx,
        actor,
        "sel.item.update",
        "sel_item",
        id,
        Some(&before.snapshot()),
        Some(&after.snapshot()),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

// ---------------------------------------------------------------------------------------------
// Purchases

/// One line of a cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PurchaseLine {
    pub item_id: i64,
    /// 1 to 100.
    pub quantity: i64,
}

/// A purchase at the cooperative, paid from the member's account.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PurchaseInput {
    /// Idempotency key (a UUID created with the form).
    pub id: String,
    pub person_id: i64,
    pub lines: Vec<PurchaseLine>,
    /// Lets the purchase go below the member's floor, and says why (admins only).
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// An admin's reason to pass a limit, trimmed (blank: none); refused when too long. Who may give
/// one is the caller's rule (admins only).
fn override_reason(reason: &Option<String>) -> Result<Option<String>, Refusal> {
    match reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) if r.chars().count() > 500 => {
            Err(Refusal::field("override_reason", "error-too-long"))
        }
        r => Ok(r.map(str::to_owned)),
    }
}

/// When this person last bought exactly this cart (same items and quantities) since `since`, under
/// another operation id: a second sale of the same cart a moment later is more likely a form sent
/// twice (the browser's back button) than a second basket. Returns (operation id, when).
pub async fn same_cart_bought_since(
    pool: &SqlitePool,
    input: &PurchaseInput,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<Option<(String, String)>, Refusal> {
    let lines = serde_json::to_value(normalise_cart(&input.lines)?).unwrap_or_default();
    let recent: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, created_at, request FROM sel_operations
         WHERE kind = 'purchase' AND created_at >= ? AND id <> ?
           AND json_extract(request, '$.person_id') = ?
         ORDER BY created_at DESC",
    )
    .bind(db::instant_text(since))
    .bind(&input.id)
    .bind(input.person_id)
    .fetch_all(pool)
    .await?;
    Ok(recent.into_iter().find_map(|(id, at, request)| {
        let request: serde_json::Value = serde_json::from_str(&request).ok()?;
        (request["lines"] == lines).then_some((id, at))
    }))
}

/// The cart with one line per item (quantities of repeated items added), by item id.
fn normalise_cart(lines: &[PurchaseLine]) -> Result<Vec<PurchaseLine>, Refusal> {
    if lines.is_empty() {
        return Err(Refusal::field("lines", "error-sel-cart-empty"));
    }
    let mut merged: BTreeMap<i64, i64> = BTreeMap::new();
    for l in lines {
        if !(1..=MAX_QUANTITY).contains(&l.quantity) {
            return Err(Refusal::field("lines", "error-sel-quantity-invalid"));
        }
        *merged.entry(l.item_id).or_default() += l.quantity;
    }
    if merged.values().any(|q| *q > MAX_QUANTITY) {
        return Err(Refusal::field("lines", "error-sel-quantity-invalid"));
    }
    Ok(merged
        .into_iter()
        .map(|(item_id, quantity)| PurchaseLine { item_id, quantity })
        .collect())
}

/// A memo within the ledger's length, cut with an ellipsis when needed.
fn fit_memo(memo: String) -> String {
    if memo.chars().count() <= MAX_MEMO_CHARS {
        return memo;
    }
    let mut cut: String = memo.chars().take(MAX_MEMO_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// Whether an operation id was already used (then [`ledger::write`] only replays or refuses).
async fn operation_exists(
    conn: &mut sqlx::SqliteConnection,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM sel_operations WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

/// A purchase at the cooperative: one transfer from the member to the cooperative for the whole
/// cart at today's prices, with the cart kept as sale lines. Refused for an empty cart, a
/// quantity outside 1 to 100, an unknown or withdrawn item, a person without an account, or when
/// the member would go below their floor (then nothing is written).
///
/// A retry with the same id and the same cart (in any order, repeated lines merged) gives back
/// the first result, even if a price changed or an item was withdrawn since.
pub async fn purchase(
    pool: &SqlitePool,
    actor: &Actor,
    input: &PurchaseInput,
) -> Result<Written, Refusal> {
    ledger::check_caller_id(&input.id)?;
    let lines = normalise_cart(&input.lines)?;
    let op = Operation {
        id: input.id.clone(),
        kind: "purchase",
        request: json!({"person_id": input.person_id, "lines": lines,
                        "override_reason": override_reason(&input.override_reason)?}),
        actor,
    };
    let mut tx = db::begin_write(pool).await?;
    let account = ledger::member_account(&mut tx, input.person_id).await?;
    if operation_exists(&mut tx, &op.id).await? {
        // A replay (or a reused id): the ledger answers without looking at the transfers.
        let written = ledger::write(&mut tx, &op, &[]).await?;
        tx.commit().await?;
        return Ok(written);
    }
    let mut sold = Vec::with_capacity(lines.len());
    for l in &lines {
        let it = match item(&mut *tx, l.item_id).await {
            Ok(it) if it.active => it,
            Ok(it) => {
                return Err(Refusal::Conflict {
                    key: "error-sel-item-unknown",
                    arg: it.name,
                });
            }
            Err(Refusal::NotFound) => {
                return Err(Refusal::Conflict {
                    key: "error-sel-item-unknown",
                    arg: format!("n° {}", l.item_id),
                });
            }
            Err(e) => return Err(e),
        };
        sold.push((it, l.quantity));
    }
    let total: i64 = sold.iter().map(|(it, q)| it.price_minutes * q).sum();
    if total > MAX_TRANSFER_MINUTES {
        return Err(Refusal::field("lines", "error-sel-amount-invalid"));
    }
    let memo = fit_memo(
        sold.iter()
            .map(|(it, q)| {
                if *q == 1 {
                    it.name.clone()
                } else {
                    format!("{} ×{q}", it.name)
                }
            })
            .collect::<Vec<_>>()
            .join(", "),
    );
    let written = ledger::write(
        &mut tx,
        &op,
        &[TransferSpec {
            override_reason: override_reason(&input.override_reason)?,
            ..TransferSpec::posted(account.id, COOPERATIVE_ACCOUNT, total, Kind::Purchase)
                .memo(memo)
        }],
    )
    .await?;
    if !written.replayed {
        for (it, q) in &sold {
            sqlx::query(
                "INSERT INTO sel_sale_lines (operation_id, item_id, label, quantity, unit_minutes)
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(&op.id)
            .bind(it.id)
            .bind(&it.name)
            .bind(q)
            .bind(it.price_minutes)
            .execute(&mut *tx)
            .await?;
        }
        let bought: Vec<_> = sold
            .iter()
            .map(|(it, q)| {
                json!({"item_id": it.id, "label": it.name, "quantity": q,
                                  "unit_minutes": it.price_minutes})
            })
            .collect();
        audit::record(
            &mut tx,
            actor,
            "sel.purchase",
            "sel_account",
            account.id,
            None,
            Some(
                &json!({"operation": op.id, "person_id": input.person_id, "lines": bought,
                         "minutes": total,
                         "transfers": written.transfers.iter().map(|t| t.no).collect::<Vec<_>>()}),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(written)
}

/// One line of a past sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SaleLine {
    pub item_id: Option<i64>,
    pub label: String,
    pub quantity: i64,
    pub unit_minutes: i64,
}

/// What a purchase bought, at the price of its day.
pub async fn sale_lines(
    conn: impl sqlx::SqliteExecutor<'_>,
    operation_id: &str,
) -> Result<Vec<SaleLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT item_id, label, quantity, unit_minutes FROM sel_sale_lines
         WHERE operation_id = ? ORDER BY id",
    )
    .bind(operation_id)
    .fetch_all(conn)
    .await
}

// ---------------------------------------------------------------------------------------------
// Exchanges between members

/// Minutes given by one member to another for a service (« Aide au déménagement »).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ExchangeInput {
    /// Idempotency key (a UUID created with the form).
    pub id: String,
    /// The person who pays.
    pub payer_id: i64,
    /// The person who receives.
    pub receiver_id: i64,
    /// 1 to 6000.
    pub minutes: i64,
    /// What it was for (required, at most 200 characters).
    pub memo: String,
    /// Lets the exchange pass the payer's floor or the receiver's ceiling, and says why (admins
    /// only).
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// Moves minutes from one member to another. When the settings ask for the receiver's
/// confirmation and the exchange is not entered by staff (`confirmed_by_staff`), the minutes are
/// only reserved on the payer's account (a pending transfer) until the receiver answers with
/// [`respond_exchange`]; otherwise they are posted at once.
pub async fn exchange(
    pool: &SqlitePool,
    actor: &Actor,
    input: &ExchangeInput,
    confirmed_by_staff: bool,
) -> Result<Written, Refusal> {
    ledger::check_caller_id(&input.id)?;
    let memo = input.memo.trim();
    let mut errors = vec![];
    if !(1..=MAX_ITEM_MINUTES).contains(&input.minutes) {
        errors.push(FieldError {
            field: "minutes",
            key: "error-sel-amount-invalid",
        });
    }
    if memo.is_empty() {
        errors.push(FieldError {
            field: "memo",
            key: "error-sel-memo-required",
        });
    } else if memo.chars().count() > MAX_MEMO_CHARS {
        errors.push(FieldError {
            field: "memo",
            key: "error-too-long",
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    if input.payer_id == input.receiver_id {
        return Err(Refusal::conflict("error-sel-same-account"));
    }
    let mut tx = db::begin_write(pool).await?;
    let payer = ledger::member_account(&mut tx, input.payer_id).await?;
    let receiver = if confirmed_by_staff {
        ledger::member_account(&mut tx, input.receiver_id).await?
    } else {
        // A member giving minutes learns nothing about people who are not members (not even
        // whether the number is someone's).
        let member: Option<i64> = sqlx::query_scalar(
            "SELECT a.id FROM sel_accounts a JOIN persons p ON p.id = a.person_id
             WHERE a.person_id = ? AND p.erased_at IS NULL",
        )
        .bind(input.receiver_id)
        .fetch_optional(&mut *tx)
        .await?;
        if member.is_none() {
            return Err(Refusal::field("receiver_id", "error-sel-receiver-unknown"));
        }
        ledger::member_account(&mut tx, input.receiver_id).await?
    };
    let settings = Settings::load(&mut *tx).await?;
    let pending = settings.exchange_confirmation && !confirmed_by_staff;
    let op = Operation {
        id: input.id.clone(),
        kind: "exchange",
        request: json!({"payer_id": input.payer_id, "receiver_id": input.receiver_id,
                        "minutes": input.minutes, "memo": memo,
                        "override_reason": override_reason(&input.override_reason)?}),
        actor,
    };
    let spec = TransferSpec {
        override_reason: override_reason(&input.override_reason)?,
        ..if pending {
            TransferSpec::pending(payer.id, receiver.id, input.minutes, Kind::Exchange)
        } else {
            TransferSpec::posted(payer.id, receiver.id, input.minutes, Kind::Exchange)
        }
        .memo(memo)
    };
    let written = ledger::write(&mut tx, &op, &[spec]).await?;
    if !written.replayed {
        audit::record(
            &mut tx,
            actor,
            "sel.exchange",
            "sel_account",
            payer.id,
            None,
            Some(&json!({"operation": op.id, "payer_id": input.payer_id,
                         "receiver_id": input.receiver_id, "minutes": input.minutes,
                         "memo": memo, "pending": pending,
                         "transfers": written.transfers.iter().map(|t| t.no).collect::<Vec<_>>()})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(written)
}

/// Cancels every exchange still waiting that involves this person (as payer or receiver), in the
/// caller's transaction: at erasure, nobody is left to answer them.
pub async fn void_pending_exchanges_of(
    tx: &mut sqlx::SqliteConnection,
    actor: &Actor,
    person_id: i64,
) -> Result<usize, Refusal> {
    let pending: Vec<i64> = sqlx::query_scalar(
        "SELECT t.no FROM sel_transfers t JOIN sel_accounts a
             ON a.id IN (t.debit_account, t.credit_account)
         WHERE a.person_id = ? AND t.kind = 'exchange' AND t.phase = 'pending'
           AND NOT EXISTS (SELECT 1 FROM sel_transfers r WHERE r.pending_no = t.no)",
    )
    .bind(person_id)
    .fetch_all(&mut *tx)
    .await?;
    for no in &pending {
        let Some(p) = ledger::open_pending(&mut *tx, *no).await? else {
            continue;
        };
        let op = Operation {
            id: ledger::internal_id(format_args!("exchange-{no}-answer")),
            kind: "exchange",
            request: json!({"pending_no": no, "accept": false, "erased": person_id}),
            actor,
        };
        ledger::write(&mut *tx, &op, &[TransferSpec::resolve(&p, None)]).await?;
    }
    Ok(pending.len())
}

/// The receiver's answer to a pending exchange: `accept` posts the full amount, otherwise the
/// reservation is released. Only the receiver may answer (anyone else gets
/// [`Refusal::NotFound`]); the same answer again is a harmless replay, another answer after the
/// first is refused (`error-sel-not-pending`).
pub async fn respond_exchange(
    pool: &SqlitePool,
    actor: &Actor,
    receiver_person_id: i64,
    pending_no: i64,
    accept: bool,
) -> Result<Written, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let pending = ledger::transfer(&mut *tx, pending_no).await?;
    let receiver = ledger::account_of_person(&mut *tx, receiver_person_id).await?;
    let is_receiver = receiver.is_some_and(|a| a.id == pending.credit_account);
    if pending.kind != "exchange" || pending.phase != "pending" || !is_receiver {
        return Err(Refusal::NotFound);
    }
    let op = Operation {
        id: ledger::internal_id(format_args!("exchange-{pending_no}-answer")),
        kind: "exchange",
        request: json!({"pending_no": pending_no, "accept": accept}),
        actor,
    };
    if operation_exists(&mut tx, &op.id).await? {
        let written = ledger::write(&mut tx, &op, &[])
            .await
            .map_err(|e| match e {
                Refusal::Conflict {
                    key: "error-sel-operation-reused",
                    ..
                } => Refusal::conflict("error-sel-not-pending"),
                other => other,
            })?;
        tx.commit().await?;
        return Ok(written);
    }
    let Some(open) = ledger::open_pending(&mut tx, pending_no).await? else {
        return Err(Refusal::conflict("error-sel-not-pending"));
    };
    let spec = TransferSpec::resolve(&open, accept.then_some(open.amount));
    let written = ledger::write(&mut tx, &op, &[spec]).await?;
    audit::record(
        &mut tx,
        actor,
        if accept {
            "sel.exchange.accept"
        } else {
            "sel.exchange.decline"
        },
        "sel_transfer",
        pending_no,
        None,
        Some(
            &json!({"operation": op.id, "minutes": open.amount, "accept": accept,
                     "transfers": written.transfers.iter().map(|t| t.no).collect::<Vec<_>>()}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(written)
}

/// An exchange waiting for the receiver's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PendingExchange {
    /// The pending transfer's number (what the answer names).
    pub no: i64,
    pub payer_id: i64,
    pub payer_name: String,
    pub receiver_id: i64,
    pub receiver_name: String,
    pub minutes: i64,
    pub memo: String,
    pub created_at: String,
    /// True when the person asked about is the receiver, who must answer; false for the exchanges
    /// they sent and that wait for the other's answer.
    pub to_answer: bool,
}

/// The pending exchanges a person must answer (as receiver) and those they sent (as payer),
/// oldest first.
pub async fn pending_exchanges_for(
    pool: &SqlitePool,
    person_id: i64,
) -> Result<Vec<PendingExchange>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.no, pa.id AS payer_id, trim(pa.first_name || ' ' || pa.last_name) AS payer_name,
                pr.id AS receiver_id, trim(pr.first_name || ' ' || pr.last_name) AS receiver_name,
                t.amount AS minutes, t.memo, t.created_at, pr.id = ?1 AS to_answer
         FROM sel_transfers t
              JOIN sel_accounts da ON da.id = t.debit_account
              JOIN sel_accounts ca ON ca.id = t.credit_account
              JOIN persons pa ON pa.id = da.person_id
              JOIN persons pr ON pr.id = ca.person_id
         WHERE t.kind = 'exchange' AND t.phase = 'pending'
           AND (da.person_id = ?1 OR ca.person_id = ?1)
           AND NOT EXISTS (SELECT 1 FROM sel_transfers r WHERE r.pending_no = t.no)
         ORDER BY t.no",
    )
    .bind(person_id)
    .fetch_all(pool)
    .await
}

// ---------------------------------------------------------------------------------------------
// Workshops

/// A workshop's cost shared among its participants.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct WorkshopInput {
    /// Idempotency key (a UUID created with the form).
    pub id: String,
    /// What the workshop was (« Réparation vélo »), at most 120 characters.
    pub label: String,
    /// The whole cost, in minutes, shared as evenly as whole minutes allow.
    pub total_minutes: i64,
    /// The persons who pay a share (1 to 50, each once).
    pub participant_ids: Vec<i64>,
    /// The person who ran the workshop and receives the minutes; none: the cooperative.
    #[serde(default)]
    pub beneficiary: Option<i64>,
}

/// The longest workshop label (the memo adds its own words around it).
const MAX_WORKSHOP_LABEL: usize = 120;

/// Shares `total` among `n` in whole minutes: the first `total % n` pay one minute more.
pub fn split(total: i64, n: usize) -> Vec<i64> {
    if n == 0 {
        return vec![];
    }
    let n_i = n as i64;
    let (base, extra) = (total / n_i, total % n_i);
    (0..n_i).map(|i| base + i64::from(i < extra)).collect()
}

/// Charges a workshop's cost to its participants, shared as evenly as whole minutes allow (in
/// the order of their person ids, the first ones paying the extra minutes), to the person who ran
/// it or to the cooperative. All shares are written together: if one participant cannot pay (their
/// floor), nobody pays and the refusal names them.
pub async fn workshop(
    pool: &SqlitePool,
    actor: &Actor,
    input: &WorkshopInput,
) -> Result<Written, Refusal> {
    ledger::check_caller_id(&input.id)?;
    let label = input.label.trim();
    let mut errors = vec![];
    if label.is_empty() {
        errors.push(FieldError {
            field: "label",
            key: "error-sel-label-required",
        });
    } else if label.chars().count() > MAX_WORKSHOP_LABEL {
        errors.push(FieldError {
            field: "label",
            key: "error-too-long",
        });
    }
    let mut participants = input.participant_ids.clone();
    participants.sort_unstable();
    participants.dedup();
    if input.participant_ids.is_empty() {
        errors.push(FieldError {
            field: "participant_ids",
            key: "error-sel-participants-empty",
        });
    } else if participants.len() != input.participant_ids.len() {
        errors.push(FieldError {
            field: "participant_ids",
            key: "error-sel-participants-duplicate",
        });
    } else if participants.len() > MAX_WORKSHOP_PARTICIPANTS {
        errors.push(FieldError {
            field: "participant_ids",
            key: "error-sel-participants-too-many",
        });
    }
    if !(1..=MAX_TRANSFER_MINUTES).contains(&input.total_minutes) {
        errors.push(FieldError {
            field: "total_minutes",
            key: "error-sel-amount-invalid",
        });
    } else if !participants.is_empty() && input.total_minutes < participants.len() as i64 {
        errors.push(FieldError {
            field: "total_minutes",
            key: "error-sel-workshop-total-too-small",
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    if input
        .beneficiary
        .is_some_and(|b| participants.binary_search(&b).is_ok())
    {
        return Err(Refusal::conflict("error-sel-same-account"));
    }
    let n = participants.len();
    let op = Operation {
        id: input.id.clone(),
        kind: "workshop",
        request: json!({"label": label, "total_minutes": input.total_minutes,
                        "participant_ids": participants, "beneficiary": input.beneficiary}),
        actor,
    };
    let mut tx = db::begin_write(pool).await?;
    let credit = match input.beneficiary {
        Some(person) => no_account_named(&mut tx, person).await?,
        None => COOPERATIVE_ACCOUNT,
    };
    let memo = format!("Atelier : {label} (part de {n})");
    let mut specs = Vec::with_capacity(n);
    for (person, share) in participants.iter().zip(split(input.total_minutes, n)) {
        let debit = no_account_named(&mut tx, *person).await?;
        specs.push(TransferSpec::posted(debit, credit, share, Kind::Workshop).memo(memo.clone()));
    }
    let written = ledger::write(&mut tx, &op, &specs).await?;
    if !written.replayed {
        audit::record(
            &mut tx,
            actor,
            "sel.workshop",
            "sel_account",
            credit,
            None,
            Some(
                &json!({"operation": op.id, "label": label, "total_minutes": input.total_minutes,
                         "participant_ids": participants, "beneficiary": input.beneficiary,
                         "transfers": written.transfers.iter().map(|t| t.no).collect::<Vec<_>>()}),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(written)
}

/// A person's account id, or `error-sel-no-account` naming them (among several participants, the
/// refusal must say who).
async fn no_account_named(
    conn: &mut sqlx::SqliteConnection,
    person_id: i64,
) -> Result<i64, Refusal> {
    if let Some(a) = ledger::account_of_person(&mut *conn, person_id).await? {
        return Ok(a.id);
    }
    let name: Option<String> =
        sqlx::query_scalar("SELECT trim(first_name || ' ' || last_name) FROM persons WHERE id = ?")
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await?;
    Err(Refusal::Conflict {
        key: "error-sel-no-account",
        arg: name.unwrap_or_else(|| format!("n° {person_id}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sel::ledger::{open_account, reconcile, set_limits};

    type R = anyhow::Result<()>;

    async fn person(pool: &SqlitePool, first: &str, last: &str) -> anyhow::Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO persons (first_name, last_name, created_at) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(first)
        .bind(last)
        .bind(db::now_text())
        .fetch_one(pool)
        .await?)
    }

    async fn member(pool: &SqlitePool, first: &str, last: &str) -> anyhow::Result<i64> {
        let id = person(pool, first, last).await?;
        open_account(pool, &Actor::cli(), id).await?;
        Ok(id)
    }

    async fn balance(pool: &SqlitePool, person_id: i64) -> anyhow::Result<(i64, i64, i64)> {
        let a = ledger::member_account(&mut *pool.acquire().await?, person_id).await?;
        Ok((a.posted, a.debits_pending, a.credits_pending))
    }

    async fn coop(pool: &SqlitePool) -> anyhow::Result<i64> {
        Ok(ledger::account(pool, COOPERATIVE_ACCOUNT).await?.posted)
    }

    async fn count(pool: &SqlitePool, table_sql: &'static str) -> anyhow::Result<i64> {
        Ok(sqlx::query_scalar(table_sql).fetch_one(pool).await?)
    }

    async fn transfers(pool: &SqlitePool) -> anyhow::Result<i64> {
        count(pool, "SELECT count(*) FROM sel_transfers").await
    }

    async fn audits(pool: &SqlitePool, action: &str) -> anyhow::Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = ?")
                .bind(action)
                .fetch_one(pool)
                .await?,
        )
    }

    async fn reconciled(pool: &SqlitePool) -> R {
        let r = reconcile(&mut *pool.acquire().await?).await?;
        assert!(r.ok, "{r:?}");
        Ok(())
    }

    fn item_input(name: &str, price: i64) -> ItemInput {
        ItemInput {
            name: name.into(),
            category: "Épicerie".into(),
            price_minutes: price,
            active: true,
        }
    }

    fn conflict_key(r: Result<Written, Refusal>) -> (&'static str, String) {
        match r {
            Err(Refusal::Conflict { key, arg }) => (key, arg),
            other => panic!("expected a conflict, got {other:?}"),
        }
    }

    fn field_keys<T: std::fmt::Debug>(r: Result<T, Refusal>) -> Vec<(&'static str, &'static str)> {
        match r {
            Err(Refusal::Invalid(errors)) => errors.iter().map(|e| (e.field, e.key)).collect(),
            other => panic!("expected invalid fields, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn catalogue_is_validated_unique_and_audited() -> R {
        let dir = tempfile::tempdir()?;
        let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
        let actor = Actor::cli();
        let basket = create_item(&pool, &actor, &item_input("  Panier de légumes ", 90)).await?;
        assert_eq!(basket.name, "Panier de légumes");
        assert!(basket.active);
        let bad = ItemInput {
            name: " ".into(),
            category: "x".repeat(41),
            price_minutes: 0,
            active: true,
        };
        assert_eq!(
            field_keys(create_item(&pool, &actor, &bad).await),
            vec![
                ("name", "error-sel-name-required"),
                ("category", "error-too-long"),
                ("price_minutes", "error-sel-price-invalid")
            ]
        );
        assert_eq!(
            field_keys(create_item(&pool, &actor, &item_input(&"é".repeat(81), 6001)).await),
            vec![
                ("name", "error-too-long"),
                ("price_minutes", "error-sel-price-invalid")
            ]
        );
        for taken in ["PANIER DE légumes", "panier de LÉGUMES"] {
            match create_item(&pool, &actor, &item_input(taken, 10)).await {
                Err(Refusal::Conflict { key, arg }) => {
                    assert_eq!((key, arg.as_str()), ("error-sel-item-exists", taken));
                }
                other => panic!("{other:?}"),
            }
        }
        let jam = create_item(&pool, &actor, &item_input("Confiture", 30)).await?;
        let cafe = create_item(&pool, &actor, &item_input("Café", 10)).await?;
        match update_item(&pool, &actor, cafe.id, &item_input("Panier de légumes", 10)).await {
            Err(Refusal::Conflict { key, .. }) => assert_eq!(key, "error-sel-item-exists"),
            other => panic!("{other:?}"),
        }
        // Renaming an item to its own name (other case) is fine.
        let cafe = update_item(
            &pool,
            &actor,
            cafe.id,
            &ItemInput {
                active: false,
                ..item_input("CAFÉ", 15)
            },
        )
        .await?;
        assert_eq!(
            (cafe.name.as_str(), cafe.price_minutes, cafe.active),
            ("CAFÉ", 15, false)
        );
        assert!(matches!(
            update_item(&pool, &actor, 999, &item_input("X", 1)).await,
            Err(Refusal::NotFound)
        ));
        let names: Vec<String> = items(&pool, false)
            .await?
            .into_iter()
            .map(|i| i.name)
            .collect();
        assert_eq!(names, [jam.name.as_str(), "Panier de légumes"]);
        assert_eq!(items(&pool, true).await?.len(), 3);
        assert_eq!(audits(&pool, "sel.item.create").await?, 3);
        assert_eq!(audits(&pool, "sel.item.update").await?, 1);
        let (before, after): (String, String) =
            sqlx::query_as("SELECT before, after FROM audit_log WHERE action = 'sel.item.update'")
                .fetch_one(&pool)
                .await?;
        assert!(before.contains("\"price_minutes\":10") && before.contains("\"active\":true"));
        assert!(after.contains("\"price_minutes\":15") && after.contains("\"active\":false"));
        reconciled(&pool).await
    }

    #[tokio::test]
    async fn purchase_charges_the_cart_once() -> R {
        let dir = tempfile::tempdir()?;
        let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
        let actor = Actor::cli();
        let alice = member(&pool, "Alice", "Martin").await?;
        let basket = create_item(&pool, &actor, &item_input("Panier de légumes", 90)).await?;
        let cafe = create_item(&pool, &actor, &item_input("Café", 10)).await?;
        let input = PurchaseInput {
            id: "cart-1".into(),
            person_id: alice,
            lines: vec![
                PurchaseLine {
                    item_id: cafe.id,
                    quantity: 1,
                },
                PurchaseLine {
                    item_id: basket.id,
                    quantity: 1,
                },
                PurchaseLine {
                    item_id: basket.id,
                    quantity: 1,
                },
            ],
            override_reason: None,
        };
        let first = purchase(&pool, &actor, &input).await?;
        assert!(!first.replayed);
        assert_eq!(first.transfers.len(), 1);
        let t = &first.transfers[0];
        assert_eq!(
            (t.amount, t.kind.as_str(), t.phase.as_str()),
            (190, "purchase", "posted")
        );
        assert_eq!(t.credit_account, COOPERATIVE_ACCOUNT);
        assert_eq!(t.memo, "Panier de légumes ×2, Café");
        assert_eq!(balance(&pool, alice).await?, (60 - 190, 0, 0));
        assert_eq!(coop(&pool).await?, 190);
        let lines = sale_lines(&pool, "cart-1").await?;
        assert_eq!(
            lines
                .iter()
                .map(|l| (l.label.as_str(), l.quantity, l.unit_minutes))
                .collect::<Vec<_>>(),
            [("Panier de légumes", 2, 90), ("Café", 1, 10)]
        );

        // The same cart again, in another order and after a price change: a replay.
        update_item(
            &pool,
            &actor,
            basket.id,
            &item_input("Panier de légumes", 120),
        )
        .await?;
        let again = PurchaseInput {
            lines: vec![
                PurchaseLine {
                    item_id: basket.id,
                    quantity: 2,
                },
                PurchaseLine {
                    item_id: cafe.id,
                    quantity: 1,
                },
            ],
            ..input.clone()
        };
        let n = transfers(&pool).await?;
        let replay = purchase(&pool, &actor, &again).await?;
        assert!(replay.replayed);
        assert_eq!(replay.transfers, first.transfers);
        assert_eq!(transfers(&pool).await?, n);
        assert_eq!(sale_lines(&pool, "cart-1").await?.len(), 2);
        assert_eq!(audits(&pool, "sel.purchase").await?, 1);
        assert_eq!(balance(&pool, alice).await?, (-130, 0, 0));

        // The same id for another cart is refused.
        let other = PurchaseInput {
            lines: vec![PurchaseLine {
                item_id: cafe.id,
                quantity: 3,
            }],
            ..input.clone()
        };
        assert_eq!(
            conflict_key(purchase(&pool, &actor, &other).await).0,
            "error-sel-operation-reused"
        );
        assert_eq!(transfers(&pool).await?, n);
        reconciled(&pool).await
    }

    #[tokio::test]
    async fn refused_purchases_write_nothing() -> R {
        let dir = tempfile::tempdir()?;
        let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
        let actor = Actor::cli();
        let alice = member(&pool, "Alice", "Martin").await?;
        let nobody = person(&pool, "Sans", "Compte").await?;
        let basket = create_item(&pool, &actor, &item_input("Panier de légumes", 90)).await?;
        let old = create_item(
            &pool,
            &actor,
            &ItemInput {
                active: false,
                ..item_input("Confiture", 30)
            },
        )
        .await?;
        set_limits(&pool, &actor, alice, Some(0), None, "test").await?;
        let n = transfers(&pool).await?;
        let cart = |id: &str, person_id, lines: Vec<(i64, i64)>| PurchaseInput {
            id: id.into(),
            person_id,
            lines: lines
                .into_iter()
                .map(|(item_id, quantity)| PurchaseLine { item_id, quantity })
                .collect(),
            override_reason: None,
        };
        assert_eq!(
            field_keys(purchase(&pool, &actor, &cart("a", alice, vec![])).await),
            [("lines", "error-sel-cart-empty")]
        );
        for q in [0, 101, -1] {
            assert_eq!(
                field_keys(purchase(&pool, &actor, &cart("a", alice, vec![(basket.id, q)])).await),
                [("lines", "error-sel-quantity-invalid")]
            );
        }
        // Two lines of 60 make 120 of one item: over the limit too.
        assert_eq!(
            field_keys(
                purchase(
                    &pool,
                    &actor,
                    &cart("a", alice, vec![(basket.id, 60), (basket.id, 60)])
                )
                .await
            ),
            [("lines", "error-sel-quantity-invalid")]
        );
        assert_eq!(
            conflict_key(purchase(&pool, &actor, &cart("a", alice, vec![(old.id, 1)])).await),
            ("error-sel-item-unknown", "Confiture".into())
        );
        assert_eq!(
            conflict_key(purchase(&pool, &actor, &cart("a", alice, vec![(4242, 1)])).await),
            ("error-sel-item-unknown", "n° 4242".into())
        );
        assert_eq!(
            conflict_key(purchase(&pool, &actor, &cart("a", nobody, vec![(basket.id, 1)])).await).0,
            "error-sel-no-account"
        );
        // 60 minutes and a floor of 0: a basket of 90 is refused, by the ledger's own words.
        let (key, arg) =
            conflict_key(purchase(&pool, &actor, &cart("a", alice, vec![(basket.id, 1)])).await);
        assert_eq!(key, "error-sel-below-floor");
        assert!(arg.starts_with("Alice Martin · "), "{arg}");
        assert_eq!(transfers(&pool).await?, n);
        assert_eq!(
            count(&pool, "SELECT count(*) FROM sel_sale_lines").await?,
            0
        );
        assert_eq!(
            count(&pool, "SELECT count(*) FROM sel_operations WHERE id = 'a'").await?,
            0
        );
        assert_eq!(audits(&pool, "sel.purchase").await?, 0);
        assert_eq!(balance(&pool, alice).await?, (60, 0, 0));
        // The refused id is still free: the same cart once the member can pay goes through.
        set_limits(&pool, &actor, alice, None, None, "").await?;
        assert!(
            !purchase(&pool, &actor, &cart("a", alice, vec![(basket.id, 1)]))
                .await?
                .replayed
        );
        assert_eq!(balance(&pool, alice).await?, (-30, 0, 0));
        reconciled(&pool).await
    }

    fn exchange_input(id: &str, payer_id: i64, receiver_id: i64, minutes: i64) -> ExchangeInput {
        ExchangeInput {
            id: id.into(),
            payer_id,
            receiver_id,
            minutes,
            memo: "Aide au déménagement".into(),
            override_reason: None,
        }
    }

    #[tokio::test]
    async fn direct_exchange_and_its_refusals() -> R {
        let dir = tempfile::tempdir()?;
        let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
        let actor = Actor::cli();
        let alice = member(&pool, "Alice", "Martin").await?;
        let bob = member(&pool, "Bob", "Durand").await?;
        let n = transfers(&pool).await?;
        let mut bad = exchange_input("x", alice, bob, 0);
        bad.memo = "  ".into();
        assert_eq!(
            field_keys(exchange(&pool, &actor, &bad, false).await),
            [
                ("minutes", "error-sel-amount-invalid"),
                ("memo", "error-sel-memo-required")
            ]
        );
        bad.minutes = 6001;
        bad.memo = "m".repeat(201);
        assert_eq!(
            field_keys(exchange(&pool, &actor, &bad, false).await),
            [
                ("minutes", "error-sel-amount-invalid"),
                ("memo", "error-too-long")
            ]
        );
        assert_eq!(
            conflict_key(exchange(&pool, &actor, &exchange_input("x", bob, bob, 5), false).await).0,
            "error-sel-same-account"
        );
        // Default floor −2000: Bob can give 2060, not 2061.
        let (key, arg) = conflict_key(
            exchange(&pool, &actor, &exchange_input("x", bob, alice, 2061), true).await,
        );
        assert_eq!(key, "error-sel-below-floor");
        assert!(arg.starts_with("Bob Durand"), "{arg}");
        assert_eq!(transfers(&pool).await?, n);

        let w = exchange(&pool, &actor, &exchange_input("x", bob, alice, 45), false).await?;
        assert_eq!(w.transfers[0].phase, "posted");
        assert_eq!(w.transfers[0].memo, "Aide au déménagement");
        assert_eq!(balance(&pool, alice).await?, (105, 0, 0));
        assert_eq!(balance(&pool, bob).await?, (15, 0, 0));
        let again = exchange(&pool, &actor, &exchange_input("x", bob, alice, 45), false).await?;
        assert!(again.replayed);
        assert_eq!(again.transfers, w.transfers);
        assert_eq!(
            conflict_key(
                exchange(&pool, &actor, &exchange_input("x", bob, alice, 46), false).await
            )
            .0,
            "error-sel-operation-reused"
        );
        assert_eq!(balance(&pool, alice).await?, (105, 0, 0));
        assert_eq!(audits(&pool, "sel.exchange").await?, 1);
        reconciled(&pool).await
    }

    #[tokio::test]
    async fn confirmed_exchange_waits_for_the_receiver() -> R {
        let dir = tempfile::tempdir()?;
        let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
        let actor = Actor::cli();
        sqlx::query("UPDATE sel_settings SET exchange_confirmation = 1")
            .execute(&pool)
            .await?;
        let alice = member(&pool, "Alice", "Martin").await?;
        let bob = member(&pool, "Bob", "Durand").await?;
        let carol = member(&pool, "Carol", "Petit").await?;

        // Staff-entered: posted at once.
        let staff = exchange(&pool, &actor, &exchange_input("s", carol, alice, 10), true).await?;
        assert_eq!(staff.transfers[0].phase, "posted");

        // Bob gives Alice 40: reserved until Alice answers.
        let w = exchange(&pool, &actor, &exchange_input("e1", bob, alice, 40), false).await?;
        let no = w.transfers[0].no;
        assert_eq!(w.transfers[0].phase, "pending");
        assert_eq!(balance(&pool, bob).await?, (60, 40, 0));
        assert_eq!(balance(&pool, alice).await?, (70, 0, 40));
        let alice_sees = pending_exchanges_for(&pool, alice).await?;
        assert_eq!(alice_sees.len(), 1);
        let p = &alice_sees[0];
        assert_eq!(
            (
                p.no,
                p.payer_name.as_str(),
                p.receiver_name.as_str(),
                p.minutes,
                p.to_answer
            ),
            (no, "Bob Durand", "Alice Martin", 40, true)
        );
        assert_eq!(p.memo, "Aide au déménagement");
        let bob_sees = pending_exchanges_for(&pool, bob).await?;
        assert_eq!((bob_sees.len(), bob_sees[0].to_answer), (1, false));
        assert!(pending_exchanges_for(&pool, carol).await?.is_empty());

        // Only the receiver answers.
        for someone in [bob, carol, 4242] {
            assert!(matches!(
                respond_exchange(&pool, &actor, someone, no, true).await,
                Err(Refusal::NotFound)
            ));
        }
        assert!(matches!(
            respond_exchange(&pool, &actor, alice, staff.transfers[0].no, true).await,
            Err(Refusal::NotFound)
        ));
        let n = transfers(&pool).await?;
        let accepted = respond_exchange(&pool, &actor, alice, no, true).await?;
        assert!(!accepted.replayed);
        assert_eq!(accepted.operation_id, format!("sys:exchange-{no}-answer"));
        assert_eq!(
            (
                accepted.transfers[0].phase.as_str(),
                accepted.transfers[0].amount
            ),
            ("post", 40)
        );
        assert_eq!(transfers(&pool).await?, n + 1);
        assert_eq!(balance(&pool, alice).await?, (110, 0, 0));
        assert_eq!(balance(&pool, bob).await?, (20, 0, 0));
        // The same answer again changes nothing; another answer is refused.
        let twice = respond_exchange(&pool, &actor, alice, no, true).await?;
        assert!(twice.replayed);
        assert_eq!(twice.transfers, accepted.transfers);
        assert_eq!(
            conflict_key(respond_exchange(&pool, &actor, alice, no, false).await).0,
            "error-sel-not-pending"
        );
        assert_eq!(transfers(&pool).await?, n + 1);
        assert_eq!(balance(&pool, alice).await?, (110, 0, 0));
        assert!(pending_exchanges_for(&pool, alice).await?.is_empty());

        // Carol gives Bob 15, Bob declines: Carol's reservation is released.
        let w = exchange(&pool, &actor, &exchange_input("e2", carol, bob, 15), false).await?;
        let no2 = w.transfers[0].no;
        assert_eq!(balance(&pool, carol).await?, (50, 15, 0));
        let declined = respond_exchange(&pool, &actor, bob, no2, false).await?;
        assert_eq!(declined.transfers[0].phase, "void");
        assert_eq!(balance(&pool, carol).await?, (50, 0, 0));
        assert_eq!(balance(&pool, bob).await?, (20, 0, 0));
        assert_eq!(
            conflict_key(respond_exchange(&pool, &actor, bob, no2, true).await).0,
            "error-sel-not-pending"
        );
        assert_eq!(balance(&pool, bob).await?, (20, 0, 0));
        assert_eq!(audits(&pool, "sel.exchange").await?, 3);
        assert_eq!(audits(&pool, "sel.exchange.accept").await?, 1);
        assert_eq!(audits(&pool, "sel.exchange.decline").await?, 1);
        reconciled(&pool).await
    }

    #[test]
    fn split_is_even_in_whole_minutes() {
        assert_eq!(split(100, 3), [34, 33, 33]);
        assert_eq!(split(90, 3), [30, 30, 30]);
        assert_eq!(split(5, 5), [1, 1, 1, 1, 1]);
        assert_eq!(split(11, 4), [3, 3, 3, 2]);
        assert!(split(10, 0).is_empty());
    }

    #[tokio::test]
    async fn workshop_cost_is_shared_all_or_nothing() -> R {
        let dir = tempfile::tempdir()?;
        let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
        let actor = Actor::cli();
        let alice = member(&pool, "Alice", "Martin").await?;
        let bob = member(&pool, "Bob", "Durand").await?;
        let carol = member(&pool, "Carol", "Petit").await?;
        let dan = member(&pool, "Dan", "Leroy").await?;
        let nobody = person(&pool, "Sans", "Compte").await?;
        let input = |id: &str, total, ids: Vec<i64>, beneficiary| WorkshopInput {
            id: id.into(),
            label: "Réparation vélo".into(),
            total_minutes: total,
            participant_ids: ids,
            beneficiary,
        };
        let n = transfers(&pool).await?;
        assert_eq!(
            field_keys(workshop(&pool, &actor, &input("w", 100, vec![], None)).await),
            [("participant_ids", "error-sel-participants-empty")]
        );
        assert_eq!(
            field_keys(
                workshop(&pool, &actor, &input("w", 100, vec![bob, alice, bob], None)).await
            ),
            [("participant_ids", "error-sel-participants-duplicate")]
        );
        assert_eq!(
            field_keys(workshop(&pool, &actor, &input("w", 100, (1..=51).collect(), None)).await),
            [("participant_ids", "error-sel-participants-too-many")]
        );
        assert_eq!(
            field_keys(
                workshop(&pool, &actor, &input("w", 2, vec![alice, bob, carol], None)).await
            ),
            [("total_minutes", "error-sel-workshop-total-too-small")]
        );
        let mut blank = input("w", 0, vec![alice], None);
        blank.label = " ".into();
        assert_eq!(
            field_keys(workshop(&pool, &actor, &blank).await),
            [
                ("label", "error-sel-label-required"),
                ("total_minutes", "error-sel-amount-invalid")
            ]
        );
        assert_eq!(
            conflict_key(
                workshop(&pool, &actor, &input("w", 100, vec![alice, bob], Some(bob))).await
            )
            .0,
            "error-sel-same-account"
        );
        assert_eq!(
            conflict_key(
                workshop(&pool, &actor, &input("w", 100, vec![alice, nobody], None)).await
            ),
            ("error-sel-no-account", "Sans Compte".into())
        );
        // Carol cannot go below 0: nobody pays, and the refusal names her.
        set_limits(&pool, &actor, carol, Some(0), None, "test").await?;
        let (key, arg) = conflict_key(
            workshop(
                &pool,
                &actor,
                &input("w", 200, vec![carol, alice, bob], Some(dan)),
            )
            .await,
        );
        assert_eq!(key, "error-sel-below-floor");
        assert!(arg.starts_with("Carol Petit · "), "{arg}");
        assert_eq!(transfers(&pool).await?, n);
        for p in [alice, bob, carol, dan] {
            assert_eq!(balance(&pool, p).await?, (60, 0, 0));
        }
        assert_eq!(audits(&pool, "sel.workshop").await?, 0);

        // 100 among three, given in any order: 34, 33, 33 by person id, to Dan.
        let w = workshop(
            &pool,
            &actor,
            &input("w", 100, vec![carol, alice, bob], Some(dan)),
        )
        .await?;
        assert_eq!(
            w.transfers.iter().map(|t| t.amount).collect::<Vec<_>>(),
            [34, 33, 33]
        );
        assert!(
            w.transfers
                .iter()
                .all(|t| t.kind == "workshop" && t.memo == "Atelier : Réparation vélo (part de 3)")
        );
        assert_eq!(balance(&pool, alice).await?, (26, 0, 0));
        assert_eq!(balance(&pool, bob).await?, (27, 0, 0));
        assert_eq!(balance(&pool, carol).await?, (27, 0, 0));
        assert_eq!(balance(&pool, dan).await?, (160, 0, 0));
        let replay = workshop(
            &pool,
            &actor,
            &input("w", 100, vec![bob, carol, alice], Some(dan)),
        )
        .await?;
        assert!(replay.replayed);
        assert_eq!(replay.transfers, w.transfers);
        assert_eq!(balance(&pool, dan).await?, (160, 0, 0));

        // To the cooperative.
        let c = workshop(&pool, &actor, &input("w2", 20, vec![dan], None)).await?;
        assert_eq!(c.transfers[0].credit_account, COOPERATIVE_ACCOUNT);
        assert_eq!(coop(&pool).await?, 20);
        assert_eq!(audits(&pool, "sel.workshop").await?, 2);
        reconciled(&pool).await
    }
}
