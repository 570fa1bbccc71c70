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
use crate::refusal::{FieldError, Refusal};
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
pub const MAX_TRANSFER_MINUTES: i64 = 100_000;
/// The longest memo a transfer keeps.
pub const MAX_MEMO_CHARS: usize = 200;
/// The longest item name and category; the longest reason to pass a limit (characters).
pub const ITEM_NAME_MAX: usize = 80;
pub const CATEGORY_MAX: usize = 40;
pub const OVERRIDE_REASON_MAX: usize = 500;

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
    } else if name.chars().count() > ITEM_NAME_MAX {
        errors.push(FieldError {
            field: "name",
            key: crate::refusal::too_long(ITEM_NAME_MAX),
        });
    }
    if category.chars().count() > CATEGORY_MAX {
        errors.push(FieldError {
            field: "category",
            key: crate::refusal::too_long(CATEGORY_MAX),
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
        Some(r) if r.chars().count() > OVERRIDE_REASON_MAX => Err(Refusal::field(
            "override_reason",
            crate::refusal::too_long(OVERRIDE_REASON_MAX),
        )),
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
            key: crate::refusal::too_long(MAX_MEMO_CHARS),
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
pub const MAX_WORKSHOP_LABEL: usize = 120;

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
            key: crate::refusal::too_long(MAX_WORKSHOP_LABEL),
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
mod tests;
