//! The SEL API: accounts, movements and memberships.

use super::*;

// ---------------------------------------------------------------------------------------------
// Accounts

/// An account with what it can still spend and receive.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    #[serde(flatten)]
    pub account: Account,
    /// The floor that applies (the member's own, else the settings' default); none for the
    /// system accounts, which have no limits.
    pub applied_floor: Option<i64>,
    pub applied_ceiling: Option<i64>,
    /// Minutes that can still be spent before the floor (posted − pending debits − floor).
    pub spendable: Option<i64>,
    /// Minutes that can still be received before the ceiling.
    pub receivable: Option<i64>,
}

impl AccountView {
    fn new(account: Account, s: &Settings) -> AccountView {
        let member = account.is_member();
        AccountView {
            applied_floor: member.then(|| account.floor(s)),
            applied_ceiling: member.then(|| account.ceiling(s)),
            spendable: member.then(|| account.spendable(s)),
            receivable: member.then(|| account.receivable(s)),
            account,
        }
    }
}

/// The member's account of a person, or 404 (unknown person, or no account yet).
pub(super) async fn account_view(
    state: &AppState,
    c: &Ctx,
    person_id: i64,
) -> ApiResult<AccountView> {
    let account = ledger::account_of_person(&state.pool, person_id)
        .await?
        .ok_or_else(|| refused(c)(Refusal::NotFound))?;
    Ok(AccountView::new(
        account,
        &Settings::load(&state.pool).await?,
    ))
}

/// Every account (members by name, then the pool and the cooperative) with its balances.
#[utoipa::path(get, path = "/api/v1/sel/accounts", tag = "SEL", responses(
    (status = 200, body = Vec<AccountView>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn accounts(State(state): State<AppState>) -> ApiResult<Response> {
    let settings = Settings::load(&state.pool).await?;
    let list: Vec<AccountView> = ledger::accounts(&state.pool)
        .await?
        .into_iter()
        .map(|a| AccountView::new(a, &settings))
        .collect();
    Ok(json(StatusCode::OK, &list))
}

/// A person's account, with what they can still spend and receive. 404 if they have none.
#[utoipa::path(get, path = "/api/v1/sel/accounts/{person_id}", tag = "SEL",
    params(("person_id" = i64, Path)), responses(
    (status = 200, body = AccountView),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn account(
    State(state): State<AppState>,
    c: Ctx,
    P(person_id): P<i64>,
) -> ApiResult<Response> {
    let view = account_view(&state, &c, person_id).await?;
    Ok(json(StatusCode::OK, &view))
}

/// Opens a person's account, with the welcome credit of the settings. 409 if they have one.
#[utoipa::path(post, path = "/api/v1/sel/accounts/{person_id}", tag = "SEL",
    params(("person_id" = i64, Path)), responses(
    (status = 201, body = AccountView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn account_open(
    State(state): State<AppState>,
    c: Ctx,
    P(person_id): P<i64>,
) -> ApiResult<Response> {
    let account = ledger::open_account(&state.pool, &actor(&c)?, person_id)
        .await
        .map_err(refused(&c))?;
    let view = AccountView::new(account, &Settings::load(&state.pool).await?);
    Ok(json(StatusCode::CREATED, &view))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LimitsInput {
    /// The member's own floor (−100000 to 0); none: the settings' default.
    #[serde(default)]
    pub floor: Option<i64>,
    /// The member's own ceiling (0 to 100000); none: the settings' default.
    #[serde(default)]
    pub ceiling: Option<i64>,
    /// Why (required when a limit is set).
    #[serde(default)]
    pub reason: String,
}

/// Sets a member's own floor and ceiling (both absent: back to the defaults). Audited.
#[utoipa::path(put, path = "/api/v1/sel/accounts/{person_id}/limits", tag = "SEL",
    params(("person_id" = i64, Path)), request_body = LimitsInput, responses(
    (status = 200, body = AccountView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn account_limits(
    State(state): State<AppState>,
    c: Ctx,
    P(person_id): P<i64>,
    JsonBody(input): JsonBody<LimitsInput>,
) -> ApiResult<Response> {
    known_person(&state, &c, person_id).await?;
    let account = ledger::set_limits(
        &state.pool,
        &actor(&c)?,
        person_id,
        input.floor,
        input.ceiling,
        &input.reason,
    )
    .await
    .map_err(refused(&c))?;
    let view = AccountView::new(account, &Settings::load(&state.pool).await?);
    Ok(json(StatusCode::OK, &view))
}

/// A statement: the account and its lines, oldest first, with the running posted balance.
#[derive(Debug, Serialize, ToSchema)]
pub struct Statement {
    pub account: AccountView,
    pub lines: Vec<StatementLine>,
}

/// A person's statement, every line with the balance after it.
#[utoipa::path(get, path = "/api/v1/sel/accounts/{person_id}/statement", tag = "SEL",
    params(("person_id" = i64, Path)), responses(
    (status = 200, body = Statement),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn account_statement(
    State(state): State<AppState>,
    c: Ctx,
    P(person_id): P<i64>,
) -> ApiResult<Response> {
    let account = account_view(&state, &c, person_id).await?;
    let lines = ledger::statement(&state.pool, account.account.id).await?;
    Ok(json(StatusCode::OK, &Statement { account, lines }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MembershipInput {
    /// Whether the year's fee is paid.
    pub paid: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    pub person_id: i64,
    pub year: i32,
    pub paid: bool,
}

/// Records a membership year, fee paid or not.
#[utoipa::path(put, path = "/api/v1/sel/memberships/{person_id}/{year}", tag = "SEL",
    params(("person_id" = i64, Path), ("year" = i32, Path, description = "2000 to 2200")),
    request_body = MembershipInput, responses(
    (status = 200, body = Membership),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn membership(
    State(state): State<AppState>,
    c: Ctx,
    P((person_id, year)): P<(i64, i32)>,
    JsonBody(input): JsonBody<MembershipInput>,
) -> ApiResult<Response> {
    shifts::set_membership(&state.pool, &actor(&c)?, person_id, year, input.paid)
        .await
        .map_err(refused(&c))?;
    Ok(json(
        StatusCode::OK,
        &Membership {
            person_id,
            year,
            paid: input.paid,
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// Movements

/// Minutes from one member to another, entered by the desk: posted at once (no confirmation).
#[utoipa::path(post, path = "/api/v1/sel/exchanges", tag = "SEL",
    request_body = shop::ExchangeInput, responses(
    (status = 201, body = Written, description = "Written"),
    (status = 200, body = Written, description = "Replayed: this id was already written with this body"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "No account, same account, below the payer's floor (the detail says how much was left), above the receiver's ceiling, or the id already used for another body"),
    (status = 404, body = Problem, content_type = "application/problem+json",
        description = "The payer or the receiver is nobody the register knows"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn exchange(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<shop::ExchangeInput>,
) -> ApiResult<Response> {
    admin_for_override(&c, &input.override_reason)?;
    let w = shop::exchange(&state.pool, &actor(&c)?, &input, true)
        .await
        .map_err(refused(&c))?;
    Ok(written(&w))
}

/// Only an admin passes a member's limit (with a reason); anyone else is refused on that field.
pub(super) fn admin_for_override(c: &Ctx, reason: &Option<String>) -> ApiResult<()> {
    let asked = reason.as_deref().is_some_and(|r| !r.trim().is_empty());
    if asked && !c.is_admin() {
        return Err(refused(c)(crate::refusal::Refusal::field(
            "override_reason",
            "error-sel-override-admin-only",
        )));
    }
    Ok(())
}

/// A purchase at the cooperative, at today's prices, paid from the member's account.
#[utoipa::path(post, path = "/api/v1/sel/purchases", tag = "SEL",
    request_body = shop::PurchaseInput, responses(
    (status = 201, body = Written, description = "Written"),
    (status = 200, body = Written, description = "Replayed: this id was already written with this cart"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "No account, unknown or withdrawn item, below the floor (the detail says how much was left), or the id already used for another cart"),
    (status = 404, body = Problem, content_type = "application/problem+json",
        description = "The person is nobody the register knows"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn purchase(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<shop::PurchaseInput>,
) -> ApiResult<Response> {
    admin_for_override(&c, &input.override_reason)?;
    let w = shop::purchase(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(refused(&c))?;
    Ok(written(&w))
}

/// A workshop's cost shared among its participants, all of them or none.
#[utoipa::path(post, path = "/api/v1/sel/workshops", tag = "SEL",
    request_body = shop::WorkshopInput, responses(
    (status = 201, body = Written, description = "Written"),
    (status = 200, body = Written, description = "Replayed"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "A participant without an account or below their floor (named in the detail), or the id already used"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn workshop(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<shop::WorkshopInput>,
) -> ApiResult<Response> {
    let w = shop::workshop(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(refused(&c))?;
    Ok(written(&w))
}

/// A correcting transfer linked to the original, with a reason. Passing a member's limit
/// (`override_reason`) is for administrators only.
#[utoipa::path(post, path = "/api/v1/sel/corrections", tag = "SEL",
    request_body = ledger::CorrectionInput, responses(
    (status = 201, body = Written, description = "Written"),
    (status = 200, body = Written, description = "Replayed"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "A pending transfer, a give-back beyond the net amount, a limit, or the id already used"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn correction(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<ledger::CorrectionInput>,
) -> ApiResult<Response> {
    let w = ledger::correct(&state.pool, &actor(&c)?, c.is_admin(), &input)
        .await
        .map_err(refused(&c))?;
    Ok(written(&w))
}

/// A transfer, with what a purchase bought.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransferDetail {
    #[serde(flatten)]
    pub transfer: Transfer,
    /// For a purchase: the cart at the price of its day.
    pub sale_lines: Vec<SaleLine>,
}

/// One transfer of the ledger.
#[utoipa::path(get, path = "/api/v1/sel/transfers/{no}", tag = "SEL",
    params(("no" = i64, Path)), responses(
    (status = 200, body = TransferDetail),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn transfer(State(state): State<AppState>, c: Ctx, P(no): P<i64>) -> ApiResult<Response> {
    let transfer = ledger::transfer(&state.pool, no)
        .await
        .map_err(refused(&c))?;
    let sale_lines = shop::sale_lines(&state.pool, &transfer.operation_id).await?;
    Ok(json(
        StatusCode::OK,
        &TransferDetail {
            transfer,
            sale_lines,
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// Members

/// How many statement lines `GET /api/v1/me/sel` gives.
pub(super) const MY_STATEMENT_LINES: usize = 20;
/// How far ahead it lists the shifts.
pub(super) const MY_SHIFT_DAYS: i64 = 28;

/// A member's SEL at a glance.
#[derive(Debug, Serialize, ToSchema)]
pub struct MySel {
    pub person_id: i64,
    /// The local name of the unit, e.g. « grains de sel ».
    pub unit_name: String,
    /// None until the desk opens the account.
    pub account: Option<AccountView>,
    /// The latest lines of the statement (at most 20), oldest first.
    pub statement: Vec<StatementLine>,
    /// The shifts of the next four weeks, with whether the member is signed up.
    pub shifts: Vec<ShiftForPerson>,
    /// Exchanges waiting for an answer: to give (`to_answer`) or sent.
    pub pending_exchanges: Vec<PendingExchange>,
}

/// The caller's account, the tail of their statement, the coming shifts and pending exchanges.
#[utoipa::path(get, path = "/api/v1/me/sel", operation_id = "sel_me", tag = "SEL", responses(
    (status = 200, body = MySel),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "The login is tied to no person")))]
pub async fn me(State(state): State<AppState>, c: Ctx) -> ApiResult<Response> {
    let (_, person_id) = my_person(&c)?;
    let settings = Settings::load(&state.pool).await?;
    let account = ledger::account_of_person(&state.pool, person_id).await?;
    let statement = match &account {
        Some(a) => {
            let mut lines = ledger::statement(&state.pool, a.id).await?;
            let skip = lines.len().saturating_sub(MY_STATEMENT_LINES);
            lines.drain(..skip);
            lines
        }
        None => vec![],
    };
    let shifts =
        shifts::coming_for_person(&state.pool, person_id, Utc::now(), MY_SHIFT_DAYS).await?;
    let pending_exchanges = shop::pending_exchanges_for(&state.pool, person_id).await?;
    Ok(json(
        StatusCode::OK,
        &MySel {
            person_id,
            unit_name: settings.unit_name.clone(),
            account: account.map(|a| AccountView::new(a, &settings)),
            statement,
            shifts,
            pending_exchanges,
        },
    ))
}

/// Signs the caller up for a shift. Idempotent.
#[utoipa::path(put, path = "/api/v1/me/sel/shifts/{id}/signup", tag = "SEL",
    params(("id" = i64, Path)), responses(
    (status = 200, body = Shift),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "Cancelled, over or full")))]
pub async fn my_signup(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let (actor, person_id) = my_person(&c)?;
    let s = sign_up_once(&state, &c, &actor, id, person_id).await?;
    Ok(json(StatusCode::OK, &s))
}

/// Withdraws the caller from a shift that has not started.
#[utoipa::path(delete, path = "/api/v1/me/sel/shifts/{id}/signup", tag = "SEL",
    params(("id" = i64, Path)), responses(
    (status = 200, body = Shift),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "Started, or not signed up")))]
pub async fn my_withdraw(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let (actor, person_id) = my_person(&c)?;
    let s = shifts::withdraw(&state.pool, &actor, id, person_id)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &s))
}

/// Minutes the caller gives another member.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MyExchangeInput {
    /// Idempotency key (a UUID).
    pub id: String,
    /// The person who receives.
    pub receiver_id: i64,
    /// 1 to 6000.
    pub minutes: i64,
    /// What it was for.
    pub memo: String,
}

/// The caller gives minutes to another member. When the settings ask for it, the minutes are
/// only reserved until the receiver accepts (or declines).
#[utoipa::path(post, path = "/api/v1/me/sel/exchanges", tag = "SEL",
    request_body = MyExchangeInput, responses(
    (status = 201, body = Written, description = "Written (pending when the receiver must confirm)"),
    (status = 200, body = Written, description = "Replayed"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn my_exchange(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<MyExchangeInput>,
) -> ApiResult<Response> {
    let (actor, person_id) = my_person(&c)?;
    let exchange = shop::ExchangeInput {
        id: input.id,
        payer_id: person_id,
        receiver_id: input.receiver_id,
        minutes: input.minutes,
        memo: input.memo,
        override_reason: None,
    };
    let w = shop::exchange(&state.pool, &actor, &exchange, false)
        .await
        .map_err(refused(&c))?;
    Ok(written(&w))
}

pub(super) async fn answer(
    state: &AppState,
    c: &Ctx,
    no: i64,
    accept: bool,
) -> ApiResult<Response> {
    let (actor, person_id) = my_person(c)?;
    let w = shop::respond_exchange(&state.pool, &actor, person_id, no, accept)
        .await
        .map_err(refused(c))?;
    Ok(written(&w))
}

/// The receiver accepts a pending exchange: the minutes are posted.
#[utoipa::path(post, path = "/api/v1/me/sel/exchanges/{no}/accept", tag = "SEL",
    params(("no" = i64, Path, description = "The pending transfer's number")), responses(
    (status = 201, body = Written),
    (status = 200, body = Written, description = "Already accepted"),
    (status = 404, body = Problem, content_type = "application/problem+json",
        description = "No pending exchange to the caller with this number"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn my_exchange_accept(
    State(state): State<AppState>,
    c: Ctx,
    P(no): P<i64>,
) -> ApiResult<Response> {
    answer(&state, &c, no, true).await
}

/// The receiver declines a pending exchange: the payer's reservation is released.
#[utoipa::path(post, path = "/api/v1/me/sel/exchanges/{no}/decline", tag = "SEL",
    params(("no" = i64, Path, description = "The pending transfer's number")), responses(
    (status = 201, body = Written),
    (status = 200, body = Written, description = "Already declined"),
    (status = 404, body = Problem, content_type = "application/problem+json",
        description = "No pending exchange to the caller with this number"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn my_exchange_decline(
    State(state): State<AppState>,
    c: Ctx,
    P(no): P<i64>,
) -> ApiResult<Response> {
    answer(&state, &c, no, false).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_instants_and_local_days() {
        let tz = chrono_tz::Europe::Paris;
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap_or_default();
        assert_eq!(
            period_bound("2026-07-01", tz, false),
            Some(at("2026-06-30T22:00:00Z"))
        );
        // An end day is included: the period stops at the next local midnight.
        assert_eq!(
            period_bound("2026-12-31", tz, true),
            Some(at("2026-12-31T23:00:00Z"))
        );
        assert_eq!(
            period_bound("2026-03-01T10:00:00+01:00", tz, true),
            Some(at("2026-03-01T09:00:00Z"))
        );
        assert_eq!(period_bound("demain", tz, false), None);
        assert_eq!(period_bound("2026-02-30", tz, false), None);
        assert_eq!(
            instant("2026-07-01T18:30", tz),
            Some(at("2026-07-01T16:30:00Z"))
        );
        assert_eq!(instant("18h30", tz), None);
    }

    #[test]
    fn queries_are_read_by_hand() {
        assert_eq!(
            query_param(Some("from=2026-01-01&to=&x=1"), "from").as_deref(),
            Some("2026-01-01")
        );
        assert_eq!(query_param(Some("to="), "to"), None);
        assert_eq!(query_param(None, "to"), None);
        assert!(matches!(
            query_bool(Some("open=true"), "open"),
            Ok(Some(true))
        ));
        assert!(matches!(
            query_bool(Some("open=0"), "open"),
            Ok(Some(false))
        ));
        assert!(matches!(
            query_bool(Some("open=oui"), "open"),
            Err(Refusal::Invalid(_))
        ));
    }
}
