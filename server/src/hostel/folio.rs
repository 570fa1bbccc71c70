//! A stay's folio: the running account of what it costs and what was paid.
//!
//! - lines for nights and the taxe de séjour (posted by the night audit, or at check-out for the
//!   nights it has not seen), extras from a catalogue (breakfast, sheets, towels), payments (cash,
//!   card, transfer, voucher, an invoice to a payer, SEL minutes), refunds and corrections;
//! - money is euro cents (`i64`), never floats; charges are positive, payments negative, the
//!   balance is their sum;
//! - a line is written once (migration 0014 refuses any update or delete): a mistake is corrected
//!   by a new line naming the one it corrects, with a reason;
//! - SEL minutes pay through the ledger's own write path ([`crate::sel::ledger::write`]), in the
//!   same transaction as the folio's line, when the settings allow it and up to their share.

use super::stays::{self, Stay};
use super::{Settings, tax};
use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{Fields, Refusal};
use crate::sel::ledger::{self, Kind, Operation, TransferSpec};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::BTreeSet;

/// How a payment is made. `invoice`: the amount is billed to a payer (an association, a company)
/// named in the reference; `sel`: SEL minutes at the hostel's rate.
pub const METHODS: [&str; 6] = ["cash", "card", "transfer", "voucher", "invoice", "sel"];
/// The largest single payment or charge, in euro cents (100,000 €).
pub const MAX_CENTS: i64 = 10_000_000;
/// The most of one extra sold at once; the longest payment reference (characters).
pub const QUANTITY_MAX: i64 = 100;
pub const REFERENCE_MAX: usize = 200;
/// The settings' ranges: the night audit's hour, the value of an hour of SEL (cents), the share
/// of a folio SEL may pay (percent).
pub const AUDIT_HOURS: (i64, i64) = (0, 12);
pub const SEL_CENTS_PER_HOUR_MAX: i64 = 10_000;
pub const SEL_PERCENT_MAX: i64 = 100;

/// A line of a folio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[schema(as = FolioLine)]
pub struct Line {
    pub id: i64,
    /// night, tax, extra, payment, refund, correction.
    pub kind: String,
    /// The night of a night's or a tax's line, `YYYY-MM-DD`.
    pub night: Option<String>,
    /// An extra's name, a payment's reference, a correction's reason.
    pub label: String,
    pub extra_id: Option<i64>,
    pub quantity: i64,
    /// Euro cents: charges positive, payments negative.
    pub amount_cents: i64,
    pub method: Option<String>,
    pub sel_minutes: Option<i64>,
    pub corrects_id: Option<i64>,
    pub created_by_name: String,
    pub created_at: String,
}

impl Line {
    pub fn is_charge(&self) -> bool {
        matches!(self.kind.as_str(), "night" | "tax" | "extra" | "correction")
    }
}

/// A stay's folio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Folio {
    pub lines: Vec<Line>,
    /// Charges posted, corrections included.
    pub charges_cents: i64,
    /// Paid, less refunds.
    pub paid_cents: i64,
    /// Of which in SEL minutes (euro cents at the rate of the day they were paid).
    pub paid_sel_cents: i64,
    /// Charges less payments, as posted.
    pub balance_cents: i64,
    /// The nights held and not posted yet, with their tax: what the stay will cost on top.
    pub to_post_cents: i64,
    /// What the guest owes for the whole stay: the balance and what is still to be posted.
    pub due_cents: i64,
}

/// The lines of a stay, oldest first.
pub async fn lines(
    conn: impl sqlx::SqliteExecutor<'_>,
    stay_id: i64,
) -> Result<Vec<Line>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, night, label, extra_id, quantity, amount_cents, method, sel_minutes,
                corrects_id, created_by_name, created_at
         FROM hostel_folio_lines WHERE stay_id = ? ORDER BY id",
    )
    .bind(stay_id)
    .fetch_all(conn)
    .await
}

/// The held nights not posted yet, each with its price and tax.
async fn unposted(
    conn: &mut SqliteConnection,
    stay: &Stay,
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    let posted: BTreeSet<String> = sqlx::query_scalar(
        "SELECT night FROM hostel_folio_lines WHERE stay_id = ? AND kind = 'night'",
    )
    .bind(stay.id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let prices: Vec<(String, i64)> = stays::night_prices(conn, stay.id)
        .await?
        .into_iter()
        .filter(|(n, _)| !posted.contains(n))
        .collect();
    let taxes = tax::nightly(conn, stay, &prices).await?;
    Ok(prices
        .into_iter()
        .zip(taxes)
        .map(|((night, price), t)| (night, price, t.cents))
        .collect())
}

/// A stay's folio now.
pub async fn folio(conn: &mut SqliteConnection, stay: &Stay) -> Result<Folio, sqlx::Error> {
    let lines = lines(&mut *conn, stay.id).await?;
    let to_post_cents = unposted(conn, stay)
        .await?
        .iter()
        .map(|(_, p, t)| p + t)
        .sum();
    let charges_cents = lines
        .iter()
        .filter(|l| l.is_charge())
        .map(|l| l.amount_cents)
        .sum();
    let paid_cents = -lines
        .iter()
        .filter(|l| !l.is_charge())
        .map(|l| l.amount_cents)
        .sum::<i64>();
    let paid_sel_cents = -lines
        .iter()
        .filter(|l| l.method.as_deref() == Some("sel"))
        .map(|l| l.amount_cents)
        .sum::<i64>();
    let balance_cents = charges_cents - paid_cents;
    Ok(Folio {
        lines,
        charges_cents,
        paid_cents,
        paid_sel_cents,
        balance_cents,
        to_post_cents,
        due_cents: balance_cents + to_post_cents,
    })
}

/// Posts the held nights of a stay up to `through` (included) that are not posted yet, each with
/// its taxe de séjour when there is one. Returns the nights posted and their amount.
pub async fn post_nights(
    conn: &mut SqliteConnection,
    actor: &Actor,
    stay: &Stay,
    through: chrono::NaiveDate,
) -> Result<(i64, i64), sqlx::Error> {
    let at = db::now_text();
    let through = through.to_string();
    let (mut count, mut cents) = (0, 0);
    for (night, price, tax) in unposted(conn, stay).await? {
        if night > through {
            continue;
        }
        for (kind, amount) in [("night", price), ("tax", tax)] {
            if kind == "tax" && amount == 0 {
                continue;
            }
            sqlx::query(
                "INSERT INTO hostel_folio_lines (stay_id, kind, night, amount_cents,
                     created_by_name, created_at)
                 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            )
            .bind(stay.id)
            .bind(kind)
            .bind(&night)
            .bind(amount)
            .bind(&actor.name)
            .bind(&at)
            .execute(&mut *conn)
            .await?;
            cents += amount;
        }
        count += 1;
    }
    Ok((count, cents))
}

/// Posts one night's price (without tax) whatever it holds: a no-show's first night.
pub async fn post_night_charge(
    conn: &mut SqliteConnection,
    actor: &Actor,
    stay_id: i64,
    night: &str,
    cents: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO hostel_folio_lines (stay_id, kind, night, amount_cents, created_by_name,
             created_at)
         VALUES (?, 'night', ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(stay_id)
    .bind(night)
    .bind(cents)
    .bind(&actor.name)
    .bind(db::now_text())
    .execute(conn)
    .await?;
    Ok(())
}

/// A folio takes lines once the stay is confirmed (a prepayment), and until it is closed and
/// settled (a late payment, a refund, a correction).
fn takes_lines(s: &Stay) -> Result<(), Refusal> {
    if s.status == "requested" {
        return Err(Refusal::conflict("error-hostel-status-requested"));
    }
    Ok(())
}

fn check_key(key: &Option<String>) -> Result<Option<String>, Refusal> {
    match key.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(k) if k.chars().count() <= super::KEY_MAX => Ok(Some(k.to_string())),
        Some(_) => Err(Refusal::field(
            "key",
            crate::refusal::too_long(super::KEY_MAX),
        )),
    }
}

/// The line already written with this key, if any (a double click).
async fn written(
    conn: &mut SqliteConnection,
    key: &Option<String>,
) -> Result<Option<i64>, sqlx::Error> {
    let Some(key) = key else {
        return Ok(None);
    };
    sqlx::query_scalar("SELECT id FROM hostel_folio_lines WHERE request_key = ?")
        .bind(key)
        .fetch_optional(conn)
        .await
}

// ---------------------------------------------------------------------------------------------
// The catalogue of extras

/// Something the desk sells besides the nights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Extra {
    pub id: i64,
    pub name: String,
    pub price_cents: i64,
    pub active: bool,
}

/// A new extra.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ExtraInput {
    /// 1 to 60 characters, unique.
    pub name: String,
    /// 0 to 100,000 cents.
    pub price_cents: i64,
}

pub async fn extras(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Vec<Extra>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, price_cents, active FROM hostel_extras
         ORDER BY active DESC, name COLLATE NOCASE",
    )
    .fetch_all(conn)
    .await
}

pub async fn add_extra(
    pool: &SqlitePool,
    actor: &Actor,
    input: &ExtraInput,
) -> Result<Extra, Refusal> {
    let name = input.name.trim();
    let mut f = Fields::default();
    f.check(name.is_empty(), "name", "error-required")
        .check(
            name.chars().count() > super::NAME_MAX,
            "name",
            crate::refusal::too_long(super::NAME_MAX),
        )
        .check(
            !(0..=super::PRICE_MAX).contains(&input.price_cents),
            "price_cents",
            "error-hostel-extra-price",
        );
    f.done()?;
    let mut tx = db::begin_write(pool).await?;
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT id FROM hostel_extras WHERE name = ? COLLATE NOCASE")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        return Err(Refusal::field("name", "error-hostel-extra-taken"));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO hostel_extras (name, price_cents, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(input.price_cents)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "hostel.extra.create",
        "hostel_extra",
        id,
        None,
        Some(&json!({"name": name, "price_cents": input.price_cents})),
    )
    .await?;
    let e = extra(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(e)
}

async fn extra(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Extra, Refusal> {
    sqlx::query_as("SELECT id, name, price_cents, active FROM hostel_extras WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(Refusal::NotFound)
}

/// Withdraws an extra from sale (its past lines stay as they were).
pub async fn withdraw_extra(pool: &SqlitePool, actor: &Actor, id: i64) -> Result<Extra, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let before = extra(&mut *tx, id).await?;
    sqlx::query("UPDATE hostel_extras SET active = 0 WHERE id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        "hostel.extra.withdraw",
        "hostel_extra",
        id,
        Some(&json!({"active": before.active})),
        Some(&json!({"active": false})),
    )
    .await?;
    let e = extra(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(e)
}

// ---------------------------------------------------------------------------------------------
// Lines the desk writes

/// An extra sold to a stay.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ExtraSale {
    pub extra_id: i64,
    /// 1 to 100.
    pub quantity: i64,
    /// An idempotency key: the same key gives back the same line.
    #[serde(default)]
    pub key: Option<String>,
}

/// Sells an extra to a stay that holds (confirmed or in house), at today's price.
pub async fn sell_extra(
    pool: &SqlitePool,
    actor: &Actor,
    stay_id: i64,
    input: &ExtraSale,
) -> Result<Line, Refusal> {
    let key = check_key(&input.key)?;
    if !(1..=QUANTITY_MAX).contains(&input.quantity) {
        return Err(Refusal::field("quantity", "error-hostel-quantity"));
    }
    let mut tx = db::begin_write(pool).await?;
    let s = stays::stay(&mut *tx, stay_id).await?;
    if let Some(id) = written(&mut tx, &key).await? {
        return line(&mut *tx, id).await;
    }
    if !s.holds() {
        return Err(Refusal::conflict("error-hostel-extra-closed"));
    }
    let e = match extra(&mut *tx, input.extra_id).await {
        Ok(e) if e.active => e,
        Ok(_) | Err(Refusal::NotFound) => {
            return Err(Refusal::field("extra_id", "error-hostel-extra-unknown"));
        }
        Err(e) => return Err(e),
    };
    let amount = e.price_cents * input.quantity;
    let id = insert(
        &mut tx,
        actor,
        stay_id,
        NewLine {
            kind: "extra",
            label: &e.name,
            extra_id: Some(e.id),
            quantity: input.quantity,
            amount_cents: amount,
            key: key.as_deref(),
            ..NewLine::default()
        },
    )
    .await?;
    let l = line(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(l)
}

/// A payment received, or a refund given.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct PaymentInput {
    /// cash, card, transfer, voucher, invoice, sel.
    pub method: String,
    /// Euro cents, more than 0.
    pub amount_cents: i64,
    /// A cheque's or voucher's number, the payer of an invoice (required for an invoice).
    #[serde(default)]
    pub reference: String,
    /// A refund (money given back) rather than a payment.
    #[serde(default)]
    pub refund: bool,
    /// An idempotency key: the same key gives back the same line.
    #[serde(default)]
    pub key: Option<String>,
}

/// Parses « 42,50 » or « 42.50 » or « 42 » (euros) into cents.
pub fn cents_of(text: &str) -> Option<i64> {
    let t = text.trim().trim_end_matches('€').trim().replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 7
    {
        return None;
    }
    let euros: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let cents: i64 = format!("{frac:0<2}").parse().ok()?;
    Some(euros * 100 + cents)
}

/// Records a payment (or a refund) on a stay's folio: never more than what is due (nor a refund
/// more than what was overpaid); SEL minutes only when the hostel takes them, from the guest's own
/// account, up to the settings' share of the charges.
pub async fn pay(
    pool: &SqlitePool,
    actor: &Actor,
    stay_id: i64,
    input: &PaymentInput,
) -> Result<Line, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let l = pay_in(&mut tx, actor, stay_id, input).await?;
    tx.commit().await?;
    Ok(l)
}

/// [`pay`] inside the caller's writing transaction (a check-out that settles).
pub async fn pay_in(
    tx: &mut SqliteConnection,
    actor: &Actor,
    stay_id: i64,
    input: &PaymentInput,
) -> Result<Line, Refusal> {
    let key = check_key(&input.key)?;
    let reference = input.reference.trim();
    let mut f = Fields::default();
    f.check(
        !METHODS.contains(&input.method.as_str()),
        "method",
        "error-hostel-method",
    )
    .check(
        !(1..=MAX_CENTS).contains(&input.amount_cents),
        "amount",
        "error-hostel-amount",
    )
    .check(
        reference.chars().count() > REFERENCE_MAX,
        "reference",
        crate::refusal::too_long(200),
    )
    .check(
        input.method == "invoice" && reference.is_empty(),
        "reference",
        "error-hostel-invoice-payer",
    )
    .check(
        input.refund && input.method == "sel",
        "method",
        "error-hostel-refund-sel",
    );
    f.done()?;
    let s = stays::stay(&mut *tx, stay_id).await?;
    if let Some(id) = written(tx, &key).await? {
        return line(&mut *tx, id).await;
    }
    takes_lines(&s)?;
    let f = folio(tx, &s).await?;
    if input.refund {
        if input.amount_cents > -f.due_cents {
            return Err(Refusal::Conflict {
                key: "error-hostel-refund-too-much",
                arg: super::euros((-f.due_cents).max(0)),
            });
        }
    } else if input.amount_cents > f.due_cents {
        return Err(Refusal::Conflict {
            key: "error-hostel-pay-too-much",
            arg: super::euros(f.due_cents.max(0)),
        });
    }
    let (mut sel_minutes, mut sel_operation) = (None, None);
    if input.method == "sel" {
        let (minutes, op) = pay_in_minutes(tx, actor, &s, &f, input.amount_cents).await?;
        sel_minutes = Some(minutes);
        sel_operation = Some(op);
    }
    let id = insert(
        tx,
        actor,
        stay_id,
        NewLine {
            kind: if input.refund { "refund" } else { "payment" },
            label: reference,
            amount_cents: if input.refund {
                input.amount_cents
            } else {
                -input.amount_cents
            },
            method: Some(&input.method),
            sel_minutes,
            sel_operation_id: sel_operation.as_deref(),
            key: key.as_deref(),
            ..NewLine::default()
        },
    )
    .await?;
    line(&mut *tx, id).await
}

/// Minutes for `cents` at the hostel's rate, rounded up to the minute.
pub fn minutes_for(cents: i64, cents_per_hour: i64) -> i64 {
    (cents * 60 + cents_per_hour - 1) / cents_per_hour
}

/// Debits the guest's SEL account for `cents` of the stay: one ledger operation to the
/// cooperative. Returns the minutes and the operation's id.
async fn pay_in_minutes(
    tx: &mut SqliteConnection,
    actor: &Actor,
    s: &Stay,
    f: &Folio,
    cents: i64,
) -> Result<(i64, String), Refusal> {
    let settings: Settings = super::settings(&mut *tx).await?;
    if settings.sel_cents_per_hour == 0 {
        return Err(Refusal::field("method", "error-hostel-sel-not-taken"));
    }
    let Some(person) = s.person_id else {
        return Err(Refusal::field("method", "error-hostel-sel-no-person"));
    };
    let charges = f.charges_cents + f.to_post_cents;
    let most = charges * settings.sel_max_percent / 100 - f.paid_sel_cents;
    if cents > most {
        return Err(Refusal::Conflict {
            key: "error-hostel-sel-share",
            arg: super::euros(most.max(0)),
        });
    }
    let account = ledger::member_account(&mut *tx, person).await?;
    let minutes = minutes_for(cents, settings.sel_cents_per_hour);
    let op_id = ledger::internal_id(format!("hostel-pay:{}", uuid::Uuid::now_v7()));
    let op = Operation {
        id: op_id.clone(),
        kind: "hostel_payment",
        request: json!({"stay": s.id, "cents": cents, "minutes": minutes}),
        actor,
    };
    let memo = format!(
        "Auberge : séjour du {} au {}",
        s.arrival().format("%d/%m/%Y"),
        s.departure().format("%d/%m/%Y")
    );
    ledger::write(
        tx,
        &op,
        &[TransferSpec::posted(
            account.id,
            crate::sel::COOPERATIVE_ACCOUNT,
            minutes,
            Kind::Purchase,
        )
        .memo(memo)],
    )
    .await?;
    Ok((minutes, op_id))
}

/// A correction of a charge (a night, a tax, an extra), with its reason: a negative amount takes
/// off, a positive one adds.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = FolioCorrectionInput)]
pub struct CorrectionInput {
    /// The line corrected.
    pub line_id: i64,
    /// Euro cents, not 0; the line and its corrections never go below 0.
    pub amount_cents: i64,
    /// Why (1 to 200 characters).
    pub reason: String,
    #[serde(default)]
    pub key: Option<String>,
}

pub async fn correct(
    pool: &SqlitePool,
    actor: &Actor,
    stay_id: i64,
    input: &CorrectionInput,
) -> Result<Line, Refusal> {
    let key = check_key(&input.key)?;
    let reason = input.reason.trim();
    let mut f = Fields::default();
    f.check(
        input.amount_cents == 0 || input.amount_cents.abs() > MAX_CENTS,
        "amount",
        "error-hostel-amount",
    )
    .check(
        reason.is_empty(),
        "reason",
        "error-hostel-correction-reason",
    )
    .check(
        reason.chars().count() > super::REASON_MAX,
        "reason",
        crate::refusal::too_long(200),
    );
    f.done()?;
    let mut tx = db::begin_write(pool).await?;
    let s = stays::stay(&mut *tx, stay_id).await?;
    if let Some(id) = written(&mut tx, &key).await? {
        return line(&mut *tx, id).await;
    }
    takes_lines(&s)?;
    let corrected: Option<(String, i64)> = sqlx::query_as(
        "SELECT kind, amount_cents + coalesce((SELECT sum(c.amount_cents) FROM hostel_folio_lines c
                                                WHERE c.corrects_id = l.id), 0)
         FROM hostel_folio_lines l WHERE id = ? AND stay_id = ?",
    )
    .bind(input.line_id)
    .bind(stay_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((kind, now)) =
        corrected.filter(|(k, _)| matches!(k.as_str(), "night" | "tax" | "extra"))
    else {
        return Err(Refusal::field("line_id", "error-hostel-correction-line"));
    };
    let _ = kind;
    if now + input.amount_cents < 0 {
        return Err(Refusal::Conflict {
            key: "error-hostel-correction-too-much",
            arg: super::euros(now),
        });
    }
    let id = insert(
        &mut tx,
        actor,
        stay_id,
        NewLine {
            kind: "correction",
            label: reason,
            amount_cents: input.amount_cents,
            corrects_id: Some(input.line_id),
            key: key.as_deref(),
            ..NewLine::default()
        },
    )
    .await?;
    let l = line(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(l)
}

#[derive(Default)]
struct NewLine<'a> {
    kind: &'a str,
    label: &'a str,
    extra_id: Option<i64>,
    quantity: i64,
    amount_cents: i64,
    method: Option<&'a str>,
    sel_minutes: Option<i64>,
    sel_operation_id: Option<&'a str>,
    corrects_id: Option<i64>,
    key: Option<&'a str>,
}

async fn insert(
    conn: &mut SqliteConnection,
    actor: &Actor,
    stay_id: i64,
    l: NewLine<'_>,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO hostel_folio_lines (stay_id, kind, label, extra_id, quantity, amount_cents,
             method, sel_minutes, sel_operation_id, corrects_id, request_key, created_by_name,
             created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(stay_id)
    .bind(l.kind)
    .bind(l.label)
    .bind(l.extra_id)
    .bind(l.quantity.max(1))
    .bind(l.amount_cents)
    .bind(l.method)
    .bind(l.sel_minutes)
    .bind(l.sel_operation_id)
    .bind(l.corrects_id)
    .bind(l.key)
    .bind(&actor.name)
    .bind(db::now_text())
    .fetch_one(&mut *conn)
    .await?;
    audit::record(
        conn,
        actor,
        &format!("hostel.folio.{}", l.kind),
        "hostel_stay",
        stay_id,
        None,
        Some(
            &json!({"line": id, "label": l.label, "amount_cents": l.amount_cents,
                     "method": l.method, "sel_minutes": l.sel_minutes, "corrects": l.corrects_id}),
        ),
    )
    .await?;
    Ok(id)
}

async fn line(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Line, Refusal> {
    sqlx::query_as(
        "SELECT id, kind, night, label, extra_id, quantity, amount_cents, method, sel_minutes,
                corrects_id, created_by_name, created_at
         FROM hostel_folio_lines WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or(Refusal::NotFound)
}

/// The hostel's folio settings as an admin sets them.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct SettingsInput {
    /// 0 to 12.
    pub audit_hour: i64,
    pub no_show_pays_first_night: bool,
    /// 0 (no SEL) to 10,000 cents an hour.
    pub sel_cents_per_hour: i64,
    /// 0 to 100.
    pub sel_max_percent: i64,
}

pub async fn set_settings(
    pool: &SqlitePool,
    actor: &Actor,
    input: &SettingsInput,
) -> Result<Settings, Refusal> {
    let mut f = Fields::default();
    f.check(
        !(AUDIT_HOURS.0..=AUDIT_HOURS.1).contains(&input.audit_hour),
        "audit_hour",
        "error-hostel-audit-hour",
    )
    .check(
        !(0..=SEL_CENTS_PER_HOUR_MAX).contains(&input.sel_cents_per_hour),
        "sel_cents_per_hour",
        "error-hostel-sel-rate",
    )
    .check(
        !(0..=SEL_PERCENT_MAX).contains(&input.sel_max_percent),
        "sel_max_percent",
        "error-hostel-percent",
    );
    f.done()?;
    let mut tx = db::begin_write(pool).await?;
    let before = super::settings(&mut *tx).await?;
    sqlx::query(
        "UPDATE hostel_settings SET audit_hour = ?, no_show_charge = ?, sel_cents_per_hour = ?,
             sel_max_percent = ? WHERE id = 1",
    )
    .bind(input.audit_hour)
    .bind(if input.no_show_pays_first_night {
        "first_night"
    } else {
        "nothing"
    })
    .bind(input.sel_cents_per_hour)
    .bind(input.sel_max_percent)
    .execute(&mut *tx)
    .await?;
    let after = super::settings(&mut *tx).await?;
    audit::record(
        &mut tx,
        actor,
        "hostel.settings",
        "hostel_settings",
        1,
        Some(&serde_json::to_value(before).unwrap_or_default()),
        Some(&serde_json::to_value(after).unwrap_or_default()),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::{cents_of, minutes_for};

    #[test]
    fn amounts_are_read_the_french_way() {
        assert_eq!(cents_of("42,50"), Some(4250));
        assert_eq!(cents_of("42.5"), Some(4250));
        assert_eq!(cents_of("42"), Some(4200));
        assert_eq!(cents_of(" 7,05 € "), Some(705));
        assert_eq!(cents_of(",50"), Some(50));
        for bad in ["", "abc", "4,555", "-3", "1 000", "12345678", "4,5,6"] {
            assert_eq!(cents_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn sel_minutes_are_rounded_up() {
        // 15 € an hour: 7,50 € is 30 minutes; 7,51 € is 31.
        assert_eq!(minutes_for(750, 1500), 30);
        assert_eq!(minutes_for(751, 1500), 31);
        assert_eq!(minutes_for(1500, 1500), 60);
    }
}
