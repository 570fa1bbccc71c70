//! The SEL's JSON API (`/api/v1/sel/…` for the desk and the administration, `/api/v1/me/sel/…`
//! for members). Minutes are whole numbers; errors are problem+json like the rest of the API
//! ([`super::api`]).
//!
//! Every call that moves minutes takes an idempotency key `id`: the first write answers 201, a
//! retry with the same body answers 200 with `replayed: true` and the same transfers, the same id
//! with another body is refused (409). The ledger's rules (zero sum, limits, append-only) are kept
//! by [`crate::sel::ledger`] and the database; this module only translates.

use crate::audit::Actor;
use crate::people::{self};
use crate::refusal::{FieldError, Refusal};
use crate::sel::ledger::{self, Account, StatementLine, Transfer, Written};
use crate::sel::shifts::{self, Activity, Session, Shift, ShiftForPerson};
use crate::sel::shop::{self, Item, PendingExchange, SaleLine};
use crate::sel::{Settings, report};
use crate::web::AppState;
use crate::web::problem::{ApiError, ApiResult, JsonBody, Problem, actor, json};
use crate::web::{ADMIN, Access, Ctx, MEMBERS, P, Routes, STAFF};
use axum::extract::{RawQuery, State};
use axum::http::Method;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

mod accounts;
mod admin;
mod permanences;
pub(crate) use accounts::*;
pub(crate) use admin::*;
pub(crate) use permanences::*;

/// Declares the SEL API's routes.
pub(crate) fn declare(r: &mut Routes) {
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
/// [`crate::web::problem::document`].
/// What the SEL's rules take, stated in the document.
static LIMITS: crate::web::openapi::Limits = {
    use crate::sel::shifts;
    use crate::sel::{
        self as sel,
        ledger::{self, CALLER_ID_MAX, CALLER_ID_PATTERN},
        shop,
    };
    use crate::web::openapi::{At, Limits, Rule};
    const ID: Rule = Rule::Pattern(CALLER_ID_PATTERN, CALLER_ID_MAX);
    const YEAR: Rule = Rule::Int(sel::YEARS.0 as i64, sel::YEARS.1 as i64);
    const MINUTES: Rule = Rule::Int(1, shop::MAX_ITEM_MINUTES);
    const OVERRIDE: Rule = Rule::Text(0, shop::OVERRIDE_REASON_MAX);
    Limits(&[
        (
            At::Param("/api/v1/sel/memberships/{person_id}/{year}", "year"),
            YEAR,
        ),
        (At::Param("/api/v1/sel/summary/{year}", "year"), YEAR),
        (At::Param("/api/v1/sel/shifts", "from"), Rule::Date),
        (At::Param("/api/v1/sel/shifts", "to"), Rule::Date),
        (At::Field("CloseInput", "ended_at"), Rule::DateTime),
        (
            At::Field("LimitsInput", "floor"),
            Rule::Int(sel::DEFAULT_FLOOR.0, sel::DEFAULT_FLOOR.1),
        ),
        (
            At::Field("LimitsInput", "ceiling"),
            Rule::Int(sel::DEFAULT_CEILING.0, sel::DEFAULT_CEILING.1),
        ),
        (
            At::Field("LimitsInput", "reason"),
            Rule::Text(0, ledger::REASON_MAX),
        ),
        (At::Field("CorrectionInput", "id"), ID),
        (
            At::Field("CorrectionInput", "minutes"),
            Rule::Int(-ledger::CORRECTION_MAX, ledger::CORRECTION_MAX),
        ),
        (
            At::Field("CorrectionInput", "reason"),
            Rule::Text(1, ledger::REASON_MAX),
        ),
        (At::Field("CorrectionInput", "override_reason"), OVERRIDE),
        (At::Field("ExchangeInput", "id"), ID),
        (At::Field("ExchangeInput", "minutes"), MINUTES),
        (
            At::Field("ExchangeInput", "memo"),
            Rule::Text(1, shop::MAX_MEMO_CHARS),
        ),
        (At::Field("ExchangeInput", "override_reason"), OVERRIDE),
        (At::Field("MyExchangeInput", "id"), ID),
        (At::Field("MyExchangeInput", "minutes"), MINUTES),
        (
            At::Field("MyExchangeInput", "memo"),
            Rule::Text(1, shop::MAX_MEMO_CHARS),
        ),
        (At::Field("PurchaseInput", "id"), ID),
        (
            At::Field("PurchaseInput", "lines"),
            Rule::Items(1, None, false),
        ),
        (At::Field("PurchaseInput", "override_reason"), OVERRIDE),
        (
            At::Field("PurchaseLine", "quantity"),
            Rule::Int(1, shop::MAX_QUANTITY),
        ),
        (At::Field("WorkshopInput", "id"), ID),
        (
            At::Field("WorkshopInput", "label"),
            Rule::Text(1, shop::MAX_WORKSHOP_LABEL),
        ),
        (
            At::Field("WorkshopInput", "total_minutes"),
            Rule::Int(1, shop::MAX_TRANSFER_MINUTES),
        ),
        (
            At::Field("WorkshopInput", "participant_ids"),
            Rule::Items(1, Some(shop::MAX_WORKSHOP_PARTICIPANTS), true),
        ),
        (
            At::Field("ItemInput", "name"),
            Rule::Text(1, shop::ITEM_NAME_MAX),
        ),
        (
            At::Field("ItemInput", "category"),
            Rule::Text(0, shop::CATEGORY_MAX),
        ),
        (At::Field("ItemInput", "price_minutes"), MINUTES),
        (
            At::Field("ActivityInput", "name"),
            Rule::Text(1, shifts::ACTIVITY_NAME_MAX),
        ),
        (At::Field("SeriesInput", "first_date"), Rule::Date),
        (At::Field("SeriesInput", "start"), Rule::Time),
        (At::Field("SeriesInput", "end"), Rule::Time),
        (
            At::Field("SeriesInput", "weeks"),
            Rule::Int(1, shifts::SERIES_WEEKS_MAX as i64),
        ),
        (
            At::Field("SeriesInput", "places"),
            Rule::Int(1, shifts::PLACES_MAX),
        ),
        (
            At::Field("SeriesInput", "note"),
            Rule::Text(0, shifts::SHIFT_NOTE_MAX),
        ),
        (At::Field("DeskShiftInput", "id"), ID),
        (
            At::Field("ReviewInput", "note"),
            Rule::Text(0, shifts::REVIEW_NOTE_MAX),
        ),
        (
            At::Field("Settings", "unit_name"),
            Rule::Text(1, sel::UNIT_NAME_MAX),
        ),
        (
            At::Field("Settings", "welcome_minutes"),
            Rule::Int(sel::WELCOME_MINUTES.0, sel::WELCOME_MINUTES.1),
        ),
        (
            At::Field("Settings", "default_floor"),
            Rule::Int(sel::DEFAULT_FLOOR.0, sel::DEFAULT_FLOOR.1),
        ),
        (
            At::Field("Settings", "default_ceiling"),
            Rule::Int(sel::DEFAULT_CEILING.0, sel::DEFAULT_CEILING.1),
        ),
        (
            At::Field("Settings", "rounding_minutes"),
            Rule::Int(sel::ROUNDING_MINUTES.0, sel::ROUNDING_MINUTES.1),
        ),
        (
            At::Field("Settings", "tolerance_minutes"),
            Rule::Int(sel::TOLERANCE_MINUTES.0, sel::TOLERANCE_MINUTES.1),
        ),
        (
            At::Field("Settings", "unplanned_max_minutes"),
            Rule::Int(sel::UNPLANNED_MAX_MINUTES.0, sel::UNPLANNED_MAX_MINUTES.1),
        ),
        (
            At::Field("Settings", "repeat_tap_seconds"),
            Rule::Int(sel::REPEAT_TAP_SECONDS.0, sel::REPEAT_TAP_SECONDS.1),
        ),
        (
            At::Field("Settings", "membership_policy"),
            Rule::OneOf(&sel::MEMBERSHIP_POLICIES),
        ),
    ])
};

#[derive(Debug, OpenApi)]
#[openapi(
    modifiers(&LIMITS),
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
    crate::web::forms::query_value(query, name)
        .map(|v| v.trim().to_owned())
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
    if let Some(at) = crate::time::parse_instant(text) {
        return Some(at);
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let day = if end { day.succ_opt()? } else { day };
    Some(crate::time::resolve_local(tz, day.and_time(NaiveTime::MIN)))
}

/// An instant: RFC 3339, or a local date and time (`AAAA-MM-JJTHH:MM`) in the building's zone.
fn instant(text: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Some(at) = crate::time::parse_instant(text) {
        return Some(at);
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .map(|local| crate::time::resolve_local(tz, local))
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
