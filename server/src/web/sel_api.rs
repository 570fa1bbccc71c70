//! The SEL's JSON API (`/api/v1/sel/…` for the desk and the administration, `/api/v1/me/sel/…`
//! for members). Minutes are whole numbers; errors are problem+json like the rest of the API
//! ([`super::api`]).
//!
//! Every call that moves minutes takes an idempotency key `id`: the first write answers 201, a
//! retry with the same body answers 200 with `replayed: true` and the same transfers, the same id
//! with another body is refused (409). The ledger's rules (zero sum, limits, append-only) are kept
//! by [`crate::sel::ledger`] and the database; this module only translates.

use super::api::{ApiError, ApiResult, JsonBody, Problem, actor, json};
use super::{ADMIN, Access, Ctx, MEMBERS, P, Routes, STAFF};
use crate::AppState;
use crate::audit::Actor;
use crate::people::{self, FieldError, Refusal};
use crate::sel::ledger::{self, Account, StatementLine, Transfer, Written};
use crate::sel::shifts::{self, Activity, Session, Shift, ShiftForPerson};
use crate::sel::shop::{self, Item, PendingExchange, SaleLine};
use crate::sel::{Settings, report};
use axum::extract::{RawQuery, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// Declares the SEL API's routes.
pub(super) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{delete, get, post, put};
    // Accounts and memberships
    r.add(M::GET, "/api/v1/sel/accounts", STAFF, get(accounts));
    r.add(
        M::GET,
        "/api/v1/sel/accounts/{person_id}",
        STAFF,
        get(account),
    );
    r.add(
        M::POST,
        "/api/v1/sel/accounts/{person_id}",
        STAFF,
        post(account_open),
    );
    r.add(
        M::PUT,
        "/api/v1/sel/accounts/{person_id}/limits",
        ADMIN,
        put(account_limits),
    );
    r.add(
        M::GET,
        "/api/v1/sel/accounts/{person_id}/statement",
        STAFF,
        get(account_statement),
    );
    r.add(
        M::PUT,
        "/api/v1/sel/memberships/{person_id}/{year}",
        STAFF,
        put(membership),
    );
    // Movements
    r.add(M::POST, "/api/v1/sel/exchanges", STAFF, post(exchange));
    r.add(M::POST, "/api/v1/sel/purchases", STAFF, post(purchase));
    r.add(M::POST, "/api/v1/sel/workshops", STAFF, post(workshop));
    r.add(M::POST, "/api/v1/sel/corrections", STAFF, post(correction));
    r.add(M::GET, "/api/v1/sel/transfers/{no}", STAFF, get(transfer));
    // Activities, shifts, sign-ups
    r.add(M::GET, "/api/v1/sel/activities", STAFF, get(activities));
    r.add(
        M::POST,
        "/api/v1/sel/activities",
        STAFF,
        post(activity_create),
    );
    r.add(
        M::PUT,
        "/api/v1/sel/activities/{id}",
        STAFF,
        put(activity_update),
    );
    r.add(M::GET, "/api/v1/sel/shifts", STAFF, get(shifts_list));
    r.add(M::GET, "/api/v1/sel/shifts/{id}", STAFF, get(shift));
    r.add(M::POST, "/api/v1/sel/series", STAFF, post(series_create));
    r.add(
        M::POST,
        "/api/v1/sel/shifts/{id}/cancel",
        STAFF,
        post(shift_cancel),
    );
    r.add(
        M::PUT,
        "/api/v1/sel/shifts/{id}/signups/{person_id}",
        STAFF,
        put(signup),
    );
    r.add(
        M::DELETE,
        "/api/v1/sel/shifts/{id}/signups/{person_id}",
        STAFF,
        delete(signup_withdraw),
    );
    // Shifts served
    r.add(M::GET, "/api/v1/sel/sessions", STAFF, get(sessions));
    r.add(M::POST, "/api/v1/sel/sessions", STAFF, post(session_record));
    r.add(M::GET, "/api/v1/sel/review", STAFF, get(review_queue));
    r.add(
        M::POST,
        "/api/v1/sel/sessions/{id}/review",
        STAFF,
        post(session_review),
    );
    r.add(
        M::POST,
        "/api/v1/sel/sessions/{id}/close",
        STAFF,
        post(session_close),
    );
    // The cooperative's scale
    r.add(
        M::GET,
        "/api/v1/sel/catalogue",
        Access::Authenticated,
        get(catalogue),
    );
    r.add(M::POST, "/api/v1/sel/catalogue", ADMIN, post(item_create));
    r.add(
        M::PUT,
        "/api/v1/sel/catalogue/{id}",
        ADMIN,
        put(item_update),
    );
    // Reports, checks, settings
    r.add(M::GET, "/api/v1/sel/summary/{year}", STAFF, get(summary));
    r.add(
        M::GET,
        "/api/v1/sel/reconciliation",
        ADMIN,
        get(reconciliation),
    );
    r.add(
        M::POST,
        "/api/v1/sel/reconciliation",
        ADMIN,
        post(reconciliation_run),
    );
    r.add(M::GET, "/api/v1/sel/settings", STAFF, get(settings));
    r.add(M::PUT, "/api/v1/sel/settings", ADMIN, put(settings_update));
    // Members
    r.add(M::GET, "/api/v1/me/sel", MEMBERS, get(me));
    r.add(
        M::PUT,
        "/api/v1/me/sel/shifts/{id}/signup",
        MEMBERS,
        put(my_signup),
    );
    r.add(
        M::DELETE,
        "/api/v1/me/sel/shifts/{id}/signup",
        MEMBERS,
        delete(my_withdraw),
    );
    r.add(
        M::POST,
        "/api/v1/me/sel/exchanges",
        MEMBERS,
        post(my_exchange),
    );
    r.add(
        M::POST,
        "/api/v1/me/sel/exchanges/{no}/accept",
        MEMBERS,
        post(my_exchange_accept),
    );
    r.add(
        M::POST,
        "/api/v1/me/sel/exchanges/{no}/decline",
        MEMBERS,
        post(my_exchange_decline),
    );
}

// ---------------------------------------------------------------------------------------------
// OpenAPI

/// The SEL's part of the API document, merged into `/api/v1/openapi.json` by
/// [`super::api::document`].
#[derive(Debug, OpenApi)]
#[openapi(
    paths(
        accounts, account, account_open, account_limits, account_statement, membership, exchange,
        purchase, workshop, correction, transfer, activities, activity_create, activity_update,
        shifts_list, shift, series_create, shift_cancel, signup, signup_withdraw, sessions,
        review_queue, session_review, session_close, session_record, catalogue, item_create, item_update,
        summary, reconciliation, reconciliation_run, settings, settings_update, me, my_signup,
        my_withdraw, my_exchange, my_exchange_accept, my_exchange_decline
    ),
    components(schemas(AccountView, Statement, LimitsInput, MembershipInput, Membership,
        TransferDetail, ShiftDetail, SignedUp, ReviewInput, CloseInput, StoredReconciliation,
        MySel, MyExchangeInput, Written, Transfer, StatementLine,
        ledger::CorrectionInput, ledger::Reconciliation, Activity, shifts::ActivityInput, Shift,
        ShiftForPerson, shifts::SeriesInput, shifts::DeskShiftInput, Session, Item, shop::ItemInput, shop::PurchaseInput,
        shop::PurchaseLine, shop::ExchangeInput, shop::WorkshopInput, PendingExchange, SaleLine,
        Settings, report::YearSummary, report::ActivityRow)),
    tags((name = "SEL", description = "The time bank: accounts and their append-only zero-sum \
        ledger (minutes), purchases at the cooperative, exchanges between members, workshops, \
        corrections, activities and their shifts, shifts served, the catalogue, the yearly \
        summary, the reconciliation and the settings."))
)]
pub struct SelApiDoc;

// ---------------------------------------------------------------------------------------------
// Helpers

/// A refusal from the domain as a problem in the caller's language.
fn refused(c: &Ctx) -> impl Fn(Refusal) -> ApiError + use<> {
    let lang = c.tr.lang;
    move |r| ApiError::refusal(r, lang)
}

/// What a ledger write answers: 201 when it wrote, 200 when it replayed an earlier request.
fn written(w: &Written) -> Response {
    let status = if w.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    json(status, w)
}

/// One parameter of the query string (the first when repeated). Read by hand so that a malformed
/// query is a precise 422, never axum's plain-text 400.
fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query.unwrap_or(""))
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// `true`/`false` (or `1`/`0`) in a query, `Err` for anything else.
fn query_bool(query: Option<&str>, name: &'static str) -> Result<Option<bool>, Refusal> {
    match query_param(query, name).as_deref() {
        None => Ok(None),
        Some("true" | "1") => Ok(Some(true)),
        Some("false" | "0") => Ok(Some(false)),
        Some(_) => Err(Refusal::field(name, "error-json-value")),
    }
}

/// A bound of a period: an RFC 3339 instant, or a local day (AAAA-MM-JJ) in the building's time
/// zone — its start, or for an end, the start of the next day (the day is included).
fn period_bound(text: &str, tz: chrono_tz::Tz, end: bool) -> Option<DateTime<Utc>> {
    if let Some(at) = crate::i18n::parse_instant(text) {
        return Some(at);
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let day = if end { day.succ_opt()? } else { day };
    Some(shifts::resolve_local(tz, day.and_time(NaiveTime::MIN)))
}

/// An instant: RFC 3339, or a local date and time (`AAAA-MM-JJTHH:MM`) in the building's zone.
fn instant(text: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Some(at) = crate::i18n::parse_instant(text) {
        return Some(at);
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .map(|local| shifts::resolve_local(tz, local))
}

/// The caller's own person (a member's account is tied to one).
fn my_person(c: &Ctx) -> ApiResult<(Actor, i64)> {
    let actor = actor(c)?;
    let person = c
        .user
        .as_ref()
        .and_then(|u| u.person_id)
        .ok_or_else(|| refused(c)(Refusal::conflict("error-person-needed")))?;
    Ok((actor, person))
}

/// A known person, else 404 (before asking the ledger, whose refusal would be « no account »).
async fn known_person(state: &AppState, c: &Ctx, person_id: i64) -> ApiResult<()> {
    people::get(&state.pool, person_id)
        .await
        .map(|_| ())
        .map_err(refused(c))
}

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
async fn account_view(state: &AppState, c: &Ctx, person_id: i64) -> ApiResult<AccountView> {
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
fn admin_for_override(c: &Ctx, reason: &Option<String>) -> ApiResult<()> {
    let asked = reason.as_deref().is_some_and(|r| !r.trim().is_empty());
    if asked && !c.is_admin() {
        return Err(refused(c)(crate::people::Refusal::field(
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
// Activities, shifts, sign-ups

/// The activities served by shifts, active first.
#[utoipa::path(get, path = "/api/v1/sel/activities", tag = "SEL", responses(
    (status = 200, body = Vec<Activity>)))]
pub async fn activities(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(
        StatusCode::OK,
        &shifts::activities(&state.pool).await?,
    ))
}

/// Adds an activity.
#[utoipa::path(post, path = "/api/v1/sel/activities", tag = "SEL",
    request_body = shifts::ActivityInput, responses(
    (status = 201, body = Activity),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn activity_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<shifts::ActivityInput>,
) -> ApiResult<Response> {
    let a = shifts::create_activity(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::CREATED, &a))
}

/// Changes an activity.
#[utoipa::path(put, path = "/api/v1/sel/activities/{id}", tag = "SEL",
    params(("id" = i64, Path)), request_body = shifts::ActivityInput, responses(
    (status = 200, body = Activity),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn activity_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<shifts::ActivityInput>,
) -> ApiResult<Response> {
    let a = shifts::update_activity(&state.pool, &actor(&c)?, id, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &a))
}

/// The longest period one call lists.
const MAX_PERIOD_DAYS: i64 = 366;

#[derive(Debug, Deserialize, IntoParams)]
#[allow(dead_code)] // Documents the query; read by `query_param`.
pub struct PeriodParams {
    /// Start: RFC 3339, or a day AAAA-MM-JJ (local). Default: now.
    from: Option<String>,
    /// End: RFC 3339, or a day AAAA-MM-JJ (local, included). Default: 4 weeks after `from`; at
    /// most 366 days after it.
    to: Option<String>,
}

/// The shifts that overlap a period, cancelled ones included (marked).
#[utoipa::path(get, path = "/api/v1/sel/shifts", tag = "SEL", params(PeriodParams), responses(
    (status = 200, body = Vec<Shift>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn shifts_list(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let q = query.as_deref();
    let mut errors = vec![];
    let from = match query_param(q, "from") {
        None => Some(Utc::now()),
        Some(t) => period_bound(&t, c.tz, false),
    };
    if from.is_none() {
        errors.push(FieldError {
            field: "from",
            key: "error-date",
        });
    }
    let to = match (query_param(q, "to"), from) {
        (None, Some(f)) => Some(f + Duration::days(28)),
        (None, None) => None,
        (Some(t), _) => period_bound(&t, c.tz, true),
    };
    match (from, to) {
        (_, None) => errors.push(FieldError {
            field: "to",
            key: "error-date",
        }),
        (Some(f), Some(t))
            if t <= f || t - f > Duration::days(MAX_PERIOD_DAYS) + Duration::hours(1) =>
        {
            errors.push(FieldError {
                field: "to",
                key: "error-date",
            });
        }
        _ => {}
    }
    let (Some(from), Some(to), true) = (from, to, errors.is_empty()) else {
        return Err(refused(&c)(Refusal::Invalid(errors)));
    };
    Ok(json(
        StatusCode::OK,
        &shifts::shifts_between(&state.pool, from, to).await?,
    ))
}

/// Someone signed up for a shift.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedUp {
    pub person_id: i64,
    pub name: String,
}

/// A shift and who signed up for it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShiftDetail {
    #[serde(flatten)]
    pub shift: Shift,
    pub signups: Vec<SignedUp>,
}

async fn shift_detail(state: &AppState, shift: Shift) -> ApiResult<ShiftDetail> {
    let signups = shifts::signed_up(&state.pool, shift.id)
        .await?
        .into_iter()
        .map(|(person_id, name)| SignedUp { person_id, name })
        .collect();
    Ok(ShiftDetail { shift, signups })
}

/// One shift with its sign-ups.
#[utoipa::path(get, path = "/api/v1/sel/shifts/{id}", tag = "SEL",
    params(("id" = i64, Path)), responses(
    (status = 200, body = ShiftDetail),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn shift(State(state): State<AppState>, c: Ctx, P(id): P<i64>) -> ApiResult<Response> {
    let s = shifts::shift(&state.pool, id).await.map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &shift_detail(&state, s).await?))
}

/// Plans a weekly series of shifts (local times, Europe/Paris rules); answers the shifts made.
#[utoipa::path(post, path = "/api/v1/sel/series", tag = "SEL",
    request_body = shifts::SeriesInput, responses(
    (status = 201, body = Vec<Shift>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn series_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<shifts::SeriesInput>,
) -> ApiResult<Response> {
    let made = shifts::create_series(&state.pool, &actor(&c)?, c.tz, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::CREATED, &made))
}

/// Cancels a shift (its sign-ups stay, for the record).
#[utoipa::path(post, path = "/api/v1/sel/shifts/{id}/cancel", tag = "SEL",
    params(("id" = i64, Path)), responses(
    (status = 200, body = Shift),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn shift_cancel(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let s = shifts::cancel_shift(&state.pool, &actor(&c)?, id)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &s))
}

/// Signs someone up, idempotently: already signed up answers the shift as it is.
async fn sign_up_once(
    state: &AppState,
    c: &Ctx,
    actor: &Actor,
    shift_id: i64,
    person_id: i64,
) -> ApiResult<Shift> {
    match shifts::sign_up(&state.pool, actor, shift_id, person_id).await {
        Ok(s) => Ok(s),
        Err(Refusal::Conflict {
            key: "error-sel-already-signed-up",
            ..
        }) => shifts::shift(&state.pool, shift_id)
            .await
            .map_err(refused(c)),
        Err(r) => Err(refused(c)(r)),
    }
}

/// Signs a person up for a shift. Idempotent: signing up again answers the same.
#[utoipa::path(put, path = "/api/v1/sel/shifts/{id}/signups/{person_id}", tag = "SEL",
    params(("id" = i64, Path), ("person_id" = i64, Path)), responses(
    (status = 200, body = Shift),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "Cancelled, over or full")))]
pub async fn signup(
    State(state): State<AppState>,
    c: Ctx,
    P((id, person_id)): P<(i64, i64)>,
) -> ApiResult<Response> {
    let s = sign_up_once(&state, &c, &actor(&c)?, id, person_id).await?;
    Ok(json(StatusCode::OK, &s))
}

/// Withdraws a person from a shift that has not started.
#[utoipa::path(delete, path = "/api/v1/sel/shifts/{id}/signups/{person_id}", tag = "SEL",
    params(("id" = i64, Path), ("person_id" = i64, Path)), responses(
    (status = 200, body = Shift),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "Started, or the person is not signed up")))]
pub async fn signup_withdraw(
    State(state): State<AppState>,
    c: Ctx,
    P((id, person_id)): P<(i64, i64)>,
) -> ApiResult<Response> {
    let s = shifts::withdraw(&state.pool, &actor(&c)?, id, person_id)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &s))
}

// ---------------------------------------------------------------------------------------------
// Shifts served

#[derive(Debug, Deserialize, IntoParams)]
#[allow(dead_code)] // Documents the query; read by `query_param`.
pub struct SessionParams {
    /// Only the shifts being served now (`true`, the default without `person_id`).
    open: Option<bool>,
    /// A person's latest 100 shifts served, newest first.
    person_id: Option<i64>,
}

/// Shifts served: the open ones, or a person's latest.
#[utoipa::path(get, path = "/api/v1/sel/sessions", tag = "SEL", params(SessionParams),
    responses(
    (status = 200, body = Vec<Session>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn sessions(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let q = query.as_deref();
    let open = query_bool(q, "open").map_err(refused(&c))?;
    let person = match query_param(q, "person_id") {
        None => None,
        Some(p) => Some(
            p.parse::<i64>()
                .map_err(|_| refused(&c)(Refusal::field("person_id", "error-json-value")))?,
        ),
    };
    let list = match (person, open) {
        (Some(p), open) => shifts::sessions_of_person(&state.pool, p, 100)
            .await?
            .into_iter()
            .filter(|s| open.is_none_or(|o| o == s.ended_at.is_none()))
            .collect(),
        (None, None | Some(true)) => shifts::open_sessions(&state.pool).await?,
        (None, Some(false)) => {
            return Err(refused(&c)(Refusal::field("person_id", "error-required")));
        }
    };
    Ok(json(StatusCode::OK, &list))
}

/// The shifts served that a human should look at (unplanned, forgotten tap-out, clock skew).
#[utoipa::path(get, path = "/api/v1/sel/review", tag = "SEL", responses(
    (status = 200, body = Vec<Session>)))]
pub async fn review_queue(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(
        StatusCode::OK,
        &shifts::review_queue(&state.pool).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewInput {
    /// What was checked (at most 500 characters; may be empty).
    #[serde(default)]
    pub note: String,
}

/// Marks a shift served as reviewed.
#[utoipa::path(post, path = "/api/v1/sel/sessions/{id}/review", tag = "SEL",
    params(("id" = i64, Path)), request_body = ReviewInput, responses(
    (status = 200, body = Session),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn session_review(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<ReviewInput>,
) -> ApiResult<Response> {
    let s = shifts::mark_reviewed(&state.pool, &actor(&c)?, id, &input.note)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &s))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CloseInput {
    /// When the person left: RFC 3339, or local `AAAA-MM-JJTHH:MM`.
    pub ended_at: String,
}

/// The desk ends a shift being served (the person left without tapping): its minutes are posted.
#[utoipa::path(post, path = "/api/v1/sel/sessions/{id}/close", tag = "SEL",
    params(("id" = i64, Path)), request_body = CloseInput, responses(
    (status = 200, body = Session),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn session_close(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<CloseInput>,
) -> ApiResult<Response> {
    let ended = instant(&input.ended_at, c.tz)
        .ok_or_else(|| refused(&c)(Refusal::field("ended_at", "error-sel-end-invalid")))?;
    let s = shifts::close_by_desk(&state.pool, &actor(&c)?, id, ended)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &s))
}

/// The desk records a shift served that no kiosk saw (a forgotten badge, a kiosk out of order),
/// from its two times: valued and credited like any shift. The same `id` again is a replay.
#[utoipa::path(post, path = "/api/v1/sel/sessions", tag = "SEL",
    request_body = shifts::DeskShiftInput, responses(
    (status = 201, body = Session),
    (status = 200, body = Session, description = "Replayed: this id already recorded it"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "No account, the ceiling, or another shift of this person at that time"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn session_record(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<shifts::DeskShiftInput>,
) -> ApiResult<Response> {
    let (s, replayed) = shifts::record_by_desk(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(refused(&c))?;
    let status = if replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(json(status, &s))
}

// ---------------------------------------------------------------------------------------------
// Catalogue

#[derive(Debug, Deserialize, IntoParams)]
#[allow(dead_code)] // Documents the query; read by `query_param`.
pub struct CatalogueParams {
    /// Staff only: include the items no longer sold.
    all: Option<bool>,
}

/// The cooperative's valuation scale (prices in minutes).
#[utoipa::path(get, path = "/api/v1/sel/catalogue", tag = "SEL", params(CatalogueParams),
    responses(
    (status = 200, body = Vec<Item>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn catalogue(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let all = query_bool(query.as_deref(), "all")
        .map_err(refused(&c))?
        .unwrap_or(false);
    let all = all && c.is_staff();
    Ok(json(StatusCode::OK, &shop::items(&state.pool, all).await?))
}

/// Adds an item to the catalogue.
#[utoipa::path(post, path = "/api/v1/sel/catalogue", tag = "SEL",
    request_body = shop::ItemInput, responses(
    (status = 201, body = Item),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn item_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<shop::ItemInput>,
) -> ApiResult<Response> {
    let item = shop::create_item(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::CREATED, &item))
}

/// Changes an item (a new price applies to future sales only).
#[utoipa::path(put, path = "/api/v1/sel/catalogue/{id}", tag = "SEL",
    params(("id" = i64, Path)), request_body = shop::ItemInput, responses(
    (status = 200, body = Item),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn item_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<shop::ItemInput>,
) -> ApiResult<Response> {
    let item = shop::update_item(&state.pool, &actor(&c)?, id, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &item))
}

// ---------------------------------------------------------------------------------------------
// Reports, checks, settings

/// The yearly summary (minutes given by activity and month, in the building's time zone).
#[utoipa::path(get, path = "/api/v1/sel/summary/{year}", tag = "SEL",
    params(("year" = i32, Path, description = "2000 to 2200")), responses(
    (status = 200, body = report::YearSummary),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn summary(
    State(state): State<AppState>,
    c: Ctx,
    P(year): P<i32>,
) -> ApiResult<Response> {
    if !(2000..=2200).contains(&year) {
        return Err(refused(&c)(Refusal::field(
            "year",
            "error-sel-year-invalid",
        )));
    }
    Ok(json(
        StatusCode::OK,
        &report::year_summary(&state.pool, year, c.tz).await?,
    ))
}

/// A reconciliation as it was kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct StoredReconciliation {
    pub at: String,
    /// Zero sum and every stored balance equal to the one recomputed from the transfers.
    pub ok: bool,
    pub accounts: i64,
    pub transfers: i64,
    pub mismatches: i64,
    pub detail: String,
}

/// The latest reconciliation kept (the server runs one periodically). 404 before the first.
#[utoipa::path(get, path = "/api/v1/sel/reconciliation", tag = "SEL", responses(
    (status = 200, body = StoredReconciliation),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn reconciliation(State(state): State<AppState>, c: Ctx) -> ApiResult<Response> {
    let (at, ok, accounts, transfers, mismatches, detail) =
        ledger::last_reconciliation(&state.pool)
            .await?
            .ok_or_else(|| refused(&c)(Refusal::NotFound))?;
    Ok(json(
        StatusCode::OK,
        &StoredReconciliation {
            at,
            ok,
            accounts,
            transfers,
            mismatches,
            detail,
        },
    ))
}

/// Runs a reconciliation now (recomputes every balance from the transfers), keeps and answers it.
#[utoipa::path(post, path = "/api/v1/sel/reconciliation", tag = "SEL", responses(
    (status = 200, body = ledger::Reconciliation)))]
pub async fn reconciliation_run(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(
        StatusCode::OK,
        &ledger::record_reconciliation(&state.pool).await?,
    ))
}

/// The SEL's settings.
#[utoipa::path(get, path = "/api/v1/sel/settings", tag = "SEL", responses(
    (status = 200, body = Settings)))]
pub async fn settings(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(StatusCode::OK, &Settings::load(&state.pool).await?))
}

/// Replaces the settings (every field, as `GET` gives them). Audited with before and after.
#[utoipa::path(put, path = "/api/v1/sel/settings", tag = "SEL", request_body = Settings,
    responses(
    (status = 200, body = Settings),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn settings_update(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<Settings>,
) -> ApiResult<Response> {
    let s = crate::sel::save_settings(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &s))
}

// ---------------------------------------------------------------------------------------------
// Members

/// How many statement lines `GET /api/v1/me/sel` gives.
const MY_STATEMENT_LINES: usize = 20;
/// How far ahead it lists the shifts.
const MY_SHIFT_DAYS: i64 = 28;

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
#[utoipa::path(get, path = "/api/v1/me/sel", tag = "SEL", responses(
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

async fn answer(state: &AppState, c: &Ctx, no: i64, accept: bool) -> ApiResult<Response> {
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
