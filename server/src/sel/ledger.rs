//! Accounts and the ledger. Everything that moves minutes goes through [`write`]: one operation
//! (idempotent on its id) made of linked transfers written together in the caller's transaction,
//! with the limits checked first here (for a precise refusal) and again by the database's trigger.

use super::{COOPERATIVE_ACCOUNT, POOL_ACCOUNT, Settings, hours};
use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::Refusal;
use serde::Serialize;
use serde_json::json;
use sqlx::SqlitePool;
use std::collections::HashMap;

/// An account and its balances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Account {
    pub id: i64,
    /// `member`, `pool` or `cooperative`.
    pub kind: String,
    pub person_id: Option<i64>,
    pub label: String,
    /// The member's own floor, when an admin set one (else the settings' default).
    pub floor: Option<i64>,
    pub ceiling: Option<i64>,
    pub limits_reason: Option<String>,
    /// Minutes, final transfers only.
    pub posted: i64,
    /// Minutes reserved by pending debits (an exchange waiting for confirmation).
    pub debits_pending: i64,
    /// Minutes reserved by pending credits (a shift being served).
    pub credits_pending: i64,
    pub opened_at: String,
}

impl Account {
    pub fn is_member(&self) -> bool {
        self.kind == "member"
    }
    pub fn floor(&self, s: &Settings) -> i64 {
        self.floor.unwrap_or(s.default_floor)
    }
    pub fn ceiling(&self, s: &Settings) -> i64 {
        self.ceiling.unwrap_or(s.default_ceiling)
    }
    /// What can still be spent before the floor.
    pub fn spendable(&self, s: &Settings) -> i64 {
        self.posted - self.debits_pending - self.floor(s)
    }
    /// What can still be received before the ceiling.
    pub fn receivable(&self, s: &Settings) -> i64 {
        self.ceiling(s) - self.posted - self.credits_pending
    }
}

macro_rules! account_columns {
    () => {
        "id, kind, person_id, label, floor, ceiling, limits_reason, posted, debits_pending,
         credits_pending, opened_at"
    };
}

pub async fn account(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Account, Refusal> {
    sqlx::query_as(concat!(
        "SELECT ",
        account_columns!(),
        " FROM sel_accounts WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or(Refusal::NotFound)
}

pub async fn account_of_person(
    conn: impl sqlx::SqliteExecutor<'_>,
    person_id: i64,
) -> Result<Option<Account>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        account_columns!(),
        " FROM sel_accounts WHERE person_id = ?"
    ))
    .bind(person_id)
    .fetch_optional(conn)
    .await
}

/// The posted balances of these people's accounts (people without one are left out), in one query.
pub async fn balances_of(
    pool: &SqlitePool,
    person_ids: &[i64],
) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT person_id, posted FROM sel_accounts
         WHERE person_id IN (SELECT value FROM json_each(?))",
    )
    .bind(serde_json::to_string(person_ids).unwrap_or_default())
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().collect())
}

/// A member's account, or the refusal that says (by name) they have none.
pub async fn member_account(
    conn: &mut sqlx::SqliteConnection,
    person_id: i64,
) -> Result<Account, Refusal> {
    if let Some(a) = account_of_person(&mut *conn, person_id).await? {
        return Ok(a);
    }
    let name: Option<String> =
        sqlx::query_scalar("SELECT trim(first_name || ' ' || last_name) FROM persons WHERE id = ?")
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await?;
    match name {
        Some(name) => Err(Refusal::Conflict {
            key: "error-sel-no-account",
            arg: name,
        }),
        None => Err(Refusal::NotFound),
    }
}

/// Every account with its holder, members by name.
pub async fn accounts(pool: &SqlitePool) -> Result<Vec<Account>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        account_columns!(),
        " FROM sel_accounts ORDER BY kind <> 'member', label COLLATE NOCASE"
    ))
    .fetch_all(pool)
    .await
}

/// Opens a member's account, with the welcome credit of the settings. Refused when the person
/// already has one, or is unknown or erased.
pub async fn open_account(
    pool: &SqlitePool,
    actor: &Actor,
    person_id: i64,
) -> Result<Account, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let account = open_account_in(&mut tx, actor, person_id).await?;
    tx.commit().await?;
    Ok(account)
}

pub async fn open_account_in(
    tx: &mut sqlx::SqliteConnection,
    actor: &Actor,
    person_id: i64,
) -> Result<Account, Refusal> {
    open_in(tx, actor, person_id, true).await
}

/// Opens a hostel guest's account, so that their guest badge lets them join the SEL's activities
/// as a participant: no welcome credit (a guest earns their hours), the rest as a member's.
pub async fn open_guest_account_in(
    tx: &mut sqlx::SqliteConnection,
    actor: &Actor,
    person_id: i64,
) -> Result<Account, Refusal> {
    open_in(tx, actor, person_id, false).await
}

async fn open_in(
    tx: &mut sqlx::SqliteConnection,
    actor: &Actor,
    person_id: i64,
    welcome: bool,
) -> Result<Account, Refusal> {
    let person: Option<(String, String, Option<String>)> =
        sqlx::query_as("SELECT first_name, last_name, erased_at FROM persons WHERE id = ?")
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((first, last, erased)) = person else {
        return Err(Refusal::NotFound);
    };
    if erased.is_some() {
        return Err(Refusal::conflict("error-person-erased"));
    }
    if account_of_person(&mut *tx, person_id).await?.is_some() {
        return Err(Refusal::conflict("error-sel-account-exists"));
    }
    let label = format!("{first} {last}").trim().to_owned();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sel_accounts (kind, person_id, label, opened_at) VALUES ('member', ?, ?, ?)
         RETURNING id",
    )
    .bind(person_id)
    .bind(&label)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        tx,
        actor,
        "sel.account.open",
        "sel_account",
        id,
        None,
        Some(&json!({"person_id": person_id})),
    )
    .await?;
    let settings = Settings::load(&mut *tx).await?;
    if welcome && settings.welcome_minutes > 0 {
        let op = Operation {
            id: internal_id(format_args!("welcome-{person_id}")),
            kind: "welcome",
            request: json!({"person_id": person_id, "minutes": settings.welcome_minutes}),
            actor,
        };
        write(
            tx,
            &op,
            &[
                TransferSpec::posted(POOL_ACCOUNT, id, settings.welcome_minutes, Kind::Welcome)
                    .memo("Crédit de bienvenue"),
            ],
        )
        .await?;
    }
    account(&mut *tx, id).await
}

/// Sets (or clears, with `None`) a member's own floor and ceiling. An admin does this, with a
/// reason; the audit log keeps before and after.
pub async fn set_limits(
    pool: &SqlitePool,
    actor: &Actor,
    person_id: i64,
    floor: Option<i64>,
    ceiling: Option<i64>,
    reason: &str,
) -> Result<Account, Refusal> {
    let reason = reason.trim();
    let mut errors = vec![];
    let (floors, ceilings) = (super::DEFAULT_FLOOR, super::DEFAULT_CEILING);
    if floor.is_some_and(|f| !(floors.0..=floors.1).contains(&f)) {
        errors.push(crate::refusal::FieldError {
            field: "floor",
            key: "error-sel-floor-invalid",
        });
    }
    if ceiling.is_some_and(|c| !(ceilings.0..=ceilings.1).contains(&c)) {
        errors.push(crate::refusal::FieldError {
            field: "ceiling",
            key: "error-sel-ceiling-invalid",
        });
    }
    if (floor.is_some() || ceiling.is_some()) && reason.is_empty() {
        errors.push(crate::refusal::FieldError {
            field: "reason",
            key: "error-sel-reason-required",
        });
    }
    if reason.chars().count() > REASON_MAX {
        errors.push(crate::refusal::FieldError {
            field: "reason",
            key: crate::refusal::too_long(REASON_MAX),
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let mut tx = db::begin_write(pool).await?;
    let before = member_account(&mut tx, person_id).await?;
    let cleared = floor.is_none() && ceiling.is_none();
    sqlx::query("UPDATE sel_accounts SET floor = ?, ceiling = ?, limits_reason = ? WHERE id = ?")
        .bind(floor)
        .bind(ceiling)
        .bind((!cleared).then_some(reason))
        .bind(before.id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        "sel.account.limits",
        "sel_account",
        before.id,
        Some(&json!({"floor": before.floor, "ceiling": before.ceiling, "reason": before.limits_reason})),
        Some(&json!({"floor": floor, "ceiling": ceiling, "reason": reason})),
    )
    .await?;
    let after = account(&mut *tx, before.id).await?;
    tx.commit().await?;
    Ok(after)
}

/// What a transfer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Shift,
    Exchange,
    Purchase,
    Welcome,
    Correction,
    Workshop,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Shift => "shift",
            Kind::Exchange => "exchange",
            Kind::Purchase => "purchase",
            Kind::Welcome => "welcome",
            Kind::Correction => "correction",
            Kind::Workshop => "workshop",
        }
    }
}

/// Where a transfer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Final.
    Posted,
    /// Reserved, to be posted or voided.
    Pending,
    /// Makes a pending transfer final, for at most its amount.
    Post,
    /// Cancels a pending transfer.
    Void,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Posted => "posted",
            Phase::Pending => "pending",
            Phase::Post => "post",
            Phase::Void => "void",
        }
    }
}

/// One transfer to write.
#[derive(Debug, Clone)]
pub struct TransferSpec {
    pub debit: i64,
    pub credit: i64,
    pub amount: i64,
    pub kind: Kind,
    pub phase: Phase,
    pub pending_no: Option<i64>,
    pub corrects_no: Option<i64>,
    pub memo: String,
    pub reason: Option<String>,
    pub override_reason: Option<String>,
    pub session_id: Option<i64>,
}

impl TransferSpec {
    pub fn posted(debit: i64, credit: i64, amount: i64, kind: Kind) -> TransferSpec {
        TransferSpec {
            debit,
            credit,
            amount,
            kind,
            phase: Phase::Posted,
            pending_no: None,
            corrects_no: None,
            memo: String::new(),
            reason: None,
            override_reason: None,
            session_id: None,
        }
    }
    pub fn pending(debit: i64, credit: i64, amount: i64, kind: Kind) -> TransferSpec {
        TransferSpec {
            phase: Phase::Pending,
            ..TransferSpec::posted(debit, credit, amount, kind)
        }
    }
    /// Resolves `pending` (post for `amount`, or void when `amount` is `None`).
    pub fn resolve(pending: &Transfer, amount: Option<i64>) -> TransferSpec {
        TransferSpec {
            debit: pending.debit_account,
            credit: pending.credit_account,
            amount: amount.unwrap_or(pending.amount),
            kind: pending.kind_enum(),
            phase: if amount.is_some() {
                Phase::Post
            } else {
                Phase::Void
            },
            pending_no: Some(pending.no),
            corrects_no: None,
            memo: pending.memo.clone(),
            reason: None,
            override_reason: None,
            session_id: pending.session_id,
        }
    }
    pub fn memo(mut self, memo: impl Into<String>) -> TransferSpec {
        self.memo = memo.into();
        self
    }
}

/// A written transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Transfer {
    pub no: i64,
    pub operation_id: String,
    pub debit_account: i64,
    pub credit_account: i64,
    pub amount: i64,
    pub kind: String,
    pub phase: String,
    pub pending_no: Option<i64>,
    pub corrects_no: Option<i64>,
    pub memo: String,
    pub reason: Option<String>,
    pub override_reason: Option<String>,
    pub session_id: Option<i64>,
    pub created_at: String,
}

impl Transfer {
    fn kind_enum(&self) -> Kind {
        match self.kind.as_str() {
            "shift" => Kind::Shift,
            "exchange" => Kind::Exchange,
            "purchase" => Kind::Purchase,
            "welcome" => Kind::Welcome,
            "workshop" => Kind::Workshop,
            _ => Kind::Correction,
        }
    }
}

macro_rules! transfer_columns {
    () => {
        "no, operation_id, debit_account, credit_account, amount, kind, phase, pending_no,
         corrects_no, memo, reason, override_reason, session_id, created_at"
    };
}

pub async fn transfer(conn: impl sqlx::SqliteExecutor<'_>, no: i64) -> Result<Transfer, Refusal> {
    sqlx::query_as(concat!(
        "SELECT ",
        transfer_columns!(),
        " FROM sel_transfers WHERE no = ?"
    ))
    .bind(no)
    .fetch_optional(conn)
    .await?
    .ok_or(Refusal::NotFound)
}

/// The pending transfer `no` if it is still pending (neither posted nor voided).
pub async fn open_pending(
    conn: &mut sqlx::SqliteConnection,
    no: i64,
) -> Result<Option<Transfer>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        transfer_columns!(),
        " FROM sel_transfers t WHERE no = ? AND phase = 'pending'
           AND NOT EXISTS (SELECT 1 FROM sel_transfers r WHERE r.pending_no = t.no)"
    ))
    .bind(no)
    .fetch_optional(conn)
    .await
}

/// An operation: what one request asks for, once.
#[derive(Debug)]
pub struct Operation<'a> {
    /// The caller's idempotency key (a UUID from a form, the API or a kiosk event id).
    pub id: String,
    pub kind: &'static str,
    /// The request's content, compared when the same id comes again.
    pub request: serde_json::Value,
    pub actor: &'a Actor,
}

/// What [`write`] did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Written {
    pub operation_id: String,
    /// True when this id was already written with the same request: nothing new was written.
    pub replayed: bool,
    pub transfers: Vec<Transfer>,
}

/// The prefix of the operation ids the server makes itself (a shift's tap, its close, a welcome
/// credit…); callers' ids may not use it, so that nobody can claim one in advance.
pub const INTERNAL_PREFIX: &str = "sys:";

/// A caller's idempotency key as [`caller_id_ok`] takes it, for the OpenAPI document: 1–80
/// letters, digits, `-_:.`, not starting with [`INTERNAL_PREFIX`].
pub const CALLER_ID_PATTERN: &str = "^(?!sys:)[A-Za-z0-9_:.-]{1,80}$";
pub const CALLER_ID_MAX: usize = 80;
/// The longest reason of a correction or of a member's limits (characters).
pub const REASON_MAX: usize = 500;
/// A correction moves at most this many minutes either way (never zero).
pub const CORRECTION_MAX: i64 = 100_000;

/// An operation id of the server's own.
pub fn internal_id(what: impl std::fmt::Display) -> String {
    format!("{INTERNAL_PREFIX}{what}")
}

/// Checks an idempotency key sent by a caller (a form, the API): usable, and not the server's.
pub fn caller_id_ok(id: &str) -> bool {
    operation_id_ok(id) && !id.starts_with(INTERNAL_PREFIX)
}

/// The refusal of a caller's idempotency key that [`caller_id_ok`] does not accept.
pub fn check_caller_id(id: &str) -> Result<(), Refusal> {
    if caller_id_ok(id) {
        Ok(())
    } else {
        Err(Refusal::field("id", "error-sel-operation-id-invalid"))
    }
}

/// Checks that an idempotency key is usable.
pub fn operation_id_ok(id: &str) -> bool {
    (1..=CALLER_ID_MAX).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
}

/// Writes an operation's transfers together in `tx`, or nothing. The same id with the same request
/// gives back what was written the first time; with another request it is refused.
pub async fn write(
    tx: &mut sqlx::SqliteConnection,
    op: &Operation<'_>,
    transfers: &[TransferSpec],
) -> Result<Written, Refusal> {
    if !operation_id_ok(&op.id) {
        return Err(Refusal::field("id", "error-sel-operation-id-invalid"));
    }
    let existing: Option<(String, String)> =
        sqlx::query_as("SELECT kind, request FROM sel_operations WHERE id = ?")
            .bind(&op.id)
            .fetch_optional(&mut *tx)
            .await?;
    let request = op.request.to_string();
    if let Some((kind, stored)) = existing {
        let same = kind == op.kind
            && serde_json::from_str::<serde_json::Value>(&stored)
                .is_ok_and(|stored| stored == op.request);
        if !same {
            return Err(Refusal::conflict("error-sel-operation-reused"));
        }
        return Ok(Written {
            operation_id: op.id.clone(),
            replayed: true,
            transfers: of_operation(&mut *tx, &op.id).await?,
        });
    }
    if transfers.is_empty() {
        return Err(Refusal::conflict("error-sel-nothing-to-write"));
    }
    check_limits(&mut *tx, transfers, !op.id.starts_with(INTERNAL_PREFIX)).await?;

    sqlx::query(
        "INSERT INTO sel_operations (id, kind, request, created_at, author_user_id, author)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&op.id)
    .bind(op.kind)
    .bind(&request)
    .bind(db::now_text())
    .bind(op.actor.id)
    .bind(&op.actor.name)
    .execute(&mut *tx)
    .await?;
    let now = db::now_text();
    let mut written = Vec::with_capacity(transfers.len());
    for t in transfers {
        let row: Result<Transfer, sqlx::Error> = sqlx::query_as(concat!("INSERT INTO sel_transfers (operation_id, debit_account, credit_account, amount, kind,
                 phase, pending_no, corrects_no, memo, reason, override_reason, session_id, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             RETURNING ", transfer_columns!()))
        .bind(&op.id)
        .bind(t.debit)
        .bind(t.credit)
        .bind(t.amount)
        .bind(t.kind.as_str())
        .bind(t.phase.as_str())
        .bind(t.pending_no)
        .bind(t.corrects_no)
        .bind(&t.memo)
        .bind(&t.reason)
        .bind(&t.override_reason)
        .bind(t.session_id)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await;
        match row {
            Ok(row) => written.push(row),
            Err(e) => return Err(trigger_refusal(e)),
        }
    }
    super::notices::written(&mut *tx, &written).await?;
    Ok(Written {
        operation_id: op.id.clone(),
        replayed: false,
        transfers: written,
    })
}

/// The database's own refusals (the trigger's backstop) as refusals; anything else stays an error.
fn trigger_refusal(e: sqlx::Error) -> Refusal {
    let message = e
        .as_database_error()
        .map(|d| d.message().to_owned())
        .unwrap_or_default();
    for (code, key) in [
        ("sel_below_floor", "error-sel-below-floor"),
        ("sel_above_ceiling", "error-sel-above-ceiling"),
        ("sel_not_pending", "error-sel-not-pending"),
        ("sel_account_unknown", "error-sel-account-unknown"),
    ] {
        if message.contains(code) {
            return Refusal::Conflict {
                key,
                arg: String::new(),
            };
        }
    }
    if message.contains("UNIQUE constraint failed: sel_transfers.pending_no") {
        return Refusal::conflict("error-sel-not-pending");
    }
    Refusal::Db(e)
}

/// The limits, checked as the trigger will, transfer after transfer, so that the refusal can say
/// how much room there was.
async fn check_limits(
    tx: &mut sqlx::SqliteConnection,
    transfers: &[TransferSpec],
    by_caller: bool,
) -> Result<(), Refusal> {
    let settings = Settings::load(&mut *tx).await?;
    // Nobody moves minutes to or from an erased person's account (the server still closes what
    // was under way).
    if by_caller {
        let erased: Option<String> = sqlx::query_scalar(
            "SELECT a.label FROM sel_accounts a JOIN persons p ON p.id = a.person_id
             WHERE p.erased_at IS NOT NULL AND a.id IN (SELECT value FROM json_each(?)) LIMIT 1",
        )
        .bind(
            serde_json::to_string(
                &transfers
                    .iter()
                    .flat_map(|t| [t.debit, t.credit])
                    .collect::<Vec<_>>(),
            )
            .unwrap_or_default(),
        )
        .fetch_optional(&mut *tx)
        .await?;
        if erased.is_some() {
            return Err(Refusal::conflict("error-person-erased"));
        }
    }
    let mut accounts: HashMap<i64, Account> = HashMap::new();
    for t in transfers {
        for id in [t.debit, t.credit] {
            if let std::collections::hash_map::Entry::Vacant(slot) = accounts.entry(id) {
                let a = account(&mut *tx, id)
                    .await
                    .map_err(|_| Refusal::conflict("error-sel-account-unknown"))?;
                slot.insert(a);
            }
        }
    }
    for t in transfers {
        if t.amount < 0 || (t.amount == 0 && matches!(t.phase, Phase::Posted | Phase::Pending)) {
            return Err(Refusal::field("minutes", "error-sel-amount-invalid"));
        }
        if t.debit == t.credit {
            return Err(Refusal::conflict("error-sel-same-account"));
        }
        let pending_amount = match t.pending_no {
            Some(no) => {
                let p = open_pending(&mut *tx, no)
                    .await?
                    .ok_or_else(|| Refusal::conflict("error-sel-not-pending"))?;
                let fits = p.debit_account == t.debit
                    && p.credit_account == t.credit
                    && match t.phase {
                        Phase::Post => t.amount <= p.amount,
                        Phase::Void => t.amount == p.amount,
                        _ => false,
                    };
                if !fits {
                    return Err(Refusal::conflict("error-sel-not-pending"));
                }
                p.amount
            }
            None => 0,
        };
        let new_money = matches!(t.phase, Phase::Posted | Phase::Pending);
        if let Some(d) = accounts.get_mut(&t.debit) {
            match t.phase {
                Phase::Posted => d.posted -= t.amount,
                Phase::Pending => d.debits_pending += t.amount,
                Phase::Post => {
                    d.debits_pending -= pending_amount;
                    d.posted -= t.amount;
                }
                Phase::Void => d.debits_pending -= pending_amount,
            }
            if new_money && d.is_member() && t.override_reason.is_none() {
                let room = d.spendable(&settings);
                if room < 0 {
                    return Err(Refusal::Conflict {
                        key: "error-sel-below-floor",
                        arg: format!("{} · {}", d.label, hours(room + t.amount)),
                    });
                }
            }
        }
        if let Some(c) = accounts.get_mut(&t.credit) {
            match t.phase {
                Phase::Posted => c.posted += t.amount,
                Phase::Pending => c.credits_pending += t.amount,
                Phase::Post => {
                    c.credits_pending -= pending_amount;
                    c.posted += t.amount;
                }
                Phase::Void => c.credits_pending -= pending_amount,
            }
            if new_money && c.is_member() && t.override_reason.is_none() {
                let room = c.receivable(&settings);
                if room < 0 {
                    return Err(Refusal::Conflict {
                        key: "error-sel-above-ceiling",
                        arg: format!("{} · {}", c.label, hours(room + t.amount)),
                    });
                }
            }
        }
    }
    Ok(())
}

pub async fn of_operation(
    conn: &mut sqlx::SqliteConnection,
    id: &str,
) -> Result<Vec<Transfer>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        transfer_columns!(),
        " FROM sel_transfers WHERE operation_id = ? ORDER BY no"
    ))
    .bind(id)
    .fetch_all(conn)
    .await
}

/// A correction asked for: `minutes` > 0 adds to the original's direction, < 0 gives back.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct CorrectionInput {
    /// Idempotency key (UUID).
    pub id: String,
    /// The transfer corrected (a correction of a correction corrects the same original).
    pub transfer_no: i64,
    /// Minutes: positive adds in the original's direction, negative gives back.
    pub minutes: i64,
    pub reason: String,
    /// Lets the correction pass a member's floor or ceiling (admins only), and says why.
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// Writes a correcting transfer linked to the original. Refused without a reason, for zero, for a
/// pending transfer, or when it would give back more than the original's net amount.
pub async fn correct(
    pool: &SqlitePool,
    actor: &Actor,
    may_override: bool,
    input: &CorrectionInput,
) -> Result<Written, Refusal> {
    let reason = input.reason.trim();
    let override_reason = input
        .override_reason
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let mut errors = vec![];
    if reason.is_empty() {
        errors.push(crate::refusal::FieldError {
            field: "reason",
            key: "error-sel-reason-required",
        });
    } else if reason.chars().count() > REASON_MAX {
        errors.push(crate::refusal::FieldError {
            field: "reason",
            key: crate::refusal::too_long(REASON_MAX),
        });
    }
    check_caller_id(&input.id)?;
    if input.minutes == 0 || !(-CORRECTION_MAX..=CORRECTION_MAX).contains(&input.minutes) {
        errors.push(crate::refusal::FieldError {
            field: "minutes",
            key: "error-sel-amount-invalid",
        });
    }
    if override_reason.is_some() && !may_override {
        errors.push(crate::refusal::FieldError {
            field: "override_reason",
            key: "error-sel-override-admin-only",
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let mut tx = db::begin_write(pool).await?;
    let target = transfer(&mut *tx, input.transfer_no).await?;
    // Corrections attach to the original, so that the chain has one root and one net amount.
    let original = match target.corrects_no {
        Some(root) => transfer(&mut *tx, root).await?,
        None => target,
    };
    if !matches!(original.phase.as_str(), "posted" | "post") {
        return Err(Refusal::conflict("error-sel-correct-pending"));
    }
    let (debit, credit) = if input.minutes > 0 {
        (original.debit_account, original.credit_account)
    } else {
        (original.credit_account, original.debit_account)
    };
    let op = Operation {
        id: input.id.clone(),
        kind: "correction",
        request: json!({"transfer_no": original.no, "minutes": input.minutes,
                        "reason": reason, "override_reason": override_reason}),
        actor,
    };
    let spec = TransferSpec {
        corrects_no: Some(original.no),
        reason: Some(reason.to_owned()),
        override_reason: override_reason.map(str::to_owned),
        ..TransferSpec::posted(debit, credit, input.minutes.abs(), Kind::Correction)
            .memo(format!("Correction du mouvement n° {}", original.no))
    };
    // A retry is answered as the first time, even if later corrections changed the net since.
    let seen: Option<i64> = sqlx::query_scalar("SELECT 1 FROM sel_operations WHERE id = ?")
        .bind(&input.id)
        .fetch_optional(&mut *tx)
        .await?;
    if seen.is_some() {
        return write(&mut tx, &op, &[spec]).await;
    }
    let net: i64 = sqlx::query_scalar(
        "SELECT ?1 + COALESCE(sum(CASE WHEN debit_account = ?2 THEN amount ELSE -amount END), 0)
         FROM sel_transfers WHERE corrects_no = ?3",
    )
    .bind(original.amount)
    .bind(original.debit_account)
    .bind(original.no)
    .fetch_one(&mut *tx)
    .await?;
    if input.minutes < 0 && -input.minutes > net {
        return Err(Refusal::Conflict {
            key: "error-sel-correction-too-large",
            arg: hours(net),
        });
    }
    let written = write(&mut tx, &op, &[spec]).await?;
    if !written.replayed {
        audit::record(
            &mut tx,
            actor,
            "sel.correction",
            "sel_transfer",
            original.no,
            None,
            Some(&json!({"minutes": input.minutes, "reason": reason,
                         "override_reason": override_reason, "operation": input.id})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(written)
}

/// One line of a member's statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct StatementLine {
    pub no: i64,
    pub at: String,
    pub kind: String,
    pub phase: String,
    pub memo: String,
    /// The other side: a member's name, « Caisse commune » or « Coopérative ».
    pub counterpart: String,
    /// Minutes in (positive) or out (negative) of this account.
    pub minutes: i64,
    /// The posted balance after this line (pending lines leave it unchanged).
    pub balance: i64,
    pub corrects_no: Option<i64>,
    pub reason: Option<String>,
    pub operation_id: String,
    pub author: String,
}

/// A member's statement, oldest first, with the running posted balance. Pending reservations are
/// listed (with no effect on the balance) until they are posted or voided.
pub async fn statement(
    conn: impl sqlx::SqliteExecutor<'_>,
    account_id: i64,
) -> Result<Vec<StatementLine>, sqlx::Error> {
    sqlx::query_as(
        "WITH mine AS (
             SELECT t.*, CASE WHEN t.credit_account = ?1 THEN 1 ELSE -1 END AS dir,
                    CASE WHEN t.credit_account = ?1 THEN t.debit_account ELSE t.credit_account END AS other
             FROM sel_transfers t
             WHERE (t.debit_account = ?1 OR t.credit_account = ?1) AND t.phase <> 'void'
               AND NOT (t.phase = 'pending' AND EXISTS (SELECT 1 FROM sel_transfers r WHERE r.pending_no = t.no))
         )
         SELECT m.no, m.created_at AS at, m.kind, m.phase, m.memo, a.label AS counterpart,
                m.dir * m.amount AS minutes,
                sum(CASE WHEN m.phase IN ('posted', 'post') THEN m.dir * m.amount ELSE 0 END)
                    OVER (ORDER BY m.no ROWS UNBOUNDED PRECEDING) AS balance,
                m.corrects_no, m.reason, m.operation_id, o.author
         FROM mine m JOIN sel_accounts a ON a.id = m.other
              JOIN sel_operations o ON o.id = m.operation_id
         ORDER BY m.no",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await
}

/// What the reconciliation found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Reconciliation {
    pub ok: bool,
    pub accounts: i64,
    pub transfers: i64,
    /// Sum of every account's posted balance (0 when the ledger is zero-sum).
    pub posted_sum: i64,
    /// Accounts whose stored balances differ from the ones recomputed from the transfers.
    pub mismatches: Vec<String>,
}

/// Recomputes every balance from the transfers and compares it with the stored one; checks that
/// the ledger sums to zero and that pending debits equal pending credits.
pub async fn reconcile(conn: &mut sqlx::SqliteConnection) -> Result<Reconciliation, sqlx::Error> {
    // (id, label, stored posted / debits pending / credits pending, the same recomputed)
    type Row = (i64, String, i64, i64, i64, i64, i64, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "WITH open_pending AS (
             SELECT p.* FROM sel_transfers p
             WHERE p.phase = 'pending'
               AND NOT EXISTS (SELECT 1 FROM sel_transfers r WHERE r.pending_no = p.no)),
         effects AS (
             SELECT credit_account AS account, amount AS posted, 0 AS dp, 0 AS cp
               FROM sel_transfers WHERE phase IN ('posted', 'post')
             UNION ALL
             SELECT debit_account, -amount, 0, 0 FROM sel_transfers WHERE phase IN ('posted', 'post')
             UNION ALL
             SELECT debit_account, 0, amount, 0 FROM open_pending
             UNION ALL
             SELECT credit_account, 0, 0, amount FROM open_pending),
         recomputed AS (
             SELECT account, sum(posted) AS posted, sum(dp) AS dp, sum(cp) AS cp
             FROM effects GROUP BY account)
         SELECT a.id, a.label, a.posted, a.debits_pending, a.credits_pending,
                COALESCE(r.posted, 0), COALESCE(r.dp, 0), COALESCE(r.cp, 0)
         FROM sel_accounts a LEFT JOIN recomputed r ON r.account = a.id
         ORDER BY a.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let transfers: i64 = sqlx::query_scalar("SELECT count(*) FROM sel_transfers")
        .fetch_one(&mut *conn)
        .await?;
    let mut mismatches = vec![];
    let mut posted_sum = 0;
    let (mut dp_sum, mut cp_sum) = (0, 0);
    for (id, label, posted, dp, cp, r_posted, r_dp, r_cp) in &rows {
        posted_sum += posted;
        dp_sum += dp;
        cp_sum += cp;
        if (posted, dp, cp) != (r_posted, r_dp, r_cp) {
            mismatches.push(format!(
                "compte {id} ({label}) : enregistré {posted}/{dp}/{cp}, recalculé {r_posted}/{r_dp}/{r_cp}"
            ));
        }
    }
    if dp_sum != cp_sum {
        mismatches.push(format!("réservations : débits {dp_sum} ≠ crédits {cp_sum}"));
    }
    Ok(Reconciliation {
        ok: mismatches.is_empty() && posted_sum == 0,
        accounts: rows.len() as i64,
        transfers,
        posted_sum,
        mismatches,
    })
}

/// Runs a reconciliation and keeps its result (the admin page shows the latest).
pub async fn record_reconciliation(pool: &SqlitePool) -> Result<Reconciliation, sqlx::Error> {
    // A read transaction sees one consistent state of the ledger. sqlx's transaction, not a bare
    // BEGIN: when the caller goes away midway (a page's visitor closing the tab while a large
    // ledger is read) it is rolled back, where a bare BEGIN went back to the pool still open —
    // that connection then served an old state to every later read and refused every write,
    // and the write-ahead log could never start over.
    let mut tx = pool.begin().await?;
    let r = reconcile(&mut tx).await;
    tx.rollback().await?;
    let r = r?;
    let detail = if r.ok {
        format!("zéro : {}", r.posted_sum)
    } else {
        let mut d = r.mismatches.join("\n");
        if r.posted_sum != 0 {
            d.push_str(&format!("\nsomme des soldes : {}", r.posted_sum));
        }
        d
    };
    sqlx::query(
        "INSERT INTO sel_reconciliations (at, ok, accounts, transfers, mismatches, detail)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(db::now_text())
    .bind(r.ok)
    .bind(r.accounts)
    .bind(r.transfers)
    .bind(r.mismatches.len() as i64)
    .bind(detail)
    .execute(pool)
    .await?;
    Ok(r)
}

/// The latest stored reconciliation: (at, ok, accounts, transfers, mismatches, detail).
pub async fn last_reconciliation(
    pool: &SqlitePool,
) -> Result<Option<(String, bool, i64, i64, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT at, ok, accounts, transfers, mismatches, detail FROM sel_reconciliations
         ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await
}

/// The system accounts' ids, for the pages.
pub fn is_system(id: i64) -> bool {
    id == POOL_ACCOUNT || id == COOPERATIVE_ACCOUNT
}
