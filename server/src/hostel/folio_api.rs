//! The folio's API: a stay's folio and its lines (extras, payments and refunds, corrections), the
//! catalogue of extras, the folio settings, and the nights the audit closed.

use super::folio::{
    self, CorrectionInput, Extra, ExtraInput, ExtraSale, Folio, Line, PaymentInput, SettingsInput,
};
use super::night_audit::{self, Closed};
use super::{Settings, stays};
use crate::refusal::Refusal;
use crate::web::problem::{ApiResult, JsonBody, Problem, actor, json, reply};
use crate::web::{ADMIN, AppState, Ctx, P, Routes, STAFF};
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use utoipa::OpenApi;

/// A stay's folio: its lines, balance, and what is left to pay for the whole stay.
#[utoipa::path(get, path = "/api/v1/hostel/stays/{id}/folio", params(("id" = i64, Path)),
    responses((status = 200, body = Folio),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn folio_get(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let done = async {
        let mut conn = state.pool.acquire().await?;
        let s = stays::stay(&mut *conn, id).await?;
        Ok::<_, Refusal>(folio::folio(&mut conn, &s).await?)
    }
    .await;
    reply(&c, StatusCode::OK, done)
}

/// Sells an extra to a stay that holds (confirmed or in house), at today's price.
#[utoipa::path(post, path = "/api/v1/hostel/stays/{id}/folio/extras", params(("id" = i64, Path)),
    request_body = ExtraSale, responses((status = 201, body = Line),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn extra_sell(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<ExtraSale>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    let done = folio::sell_extra(&state.pool, &a, id, &input).await;
    reply(&c, StatusCode::CREATED, done)
}

/// Records a payment or a refund: never more than is left to pay (or was overpaid); SEL minutes
/// only when the hostel takes them, from the guest's own account, up to the settings' share.
#[utoipa::path(post, path = "/api/v1/hostel/stays/{id}/folio/payments", params(("id" = i64, Path)),
    request_body = PaymentInput, responses((status = 201, body = Line),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn payment_add(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<PaymentInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    let done = folio::pay(&state.pool, &a, id, &input).await;
    reply(&c, StatusCode::CREATED, done)
}

/// Corrects a charge by a new line with its reason (a line is never changed).
#[utoipa::path(post, path = "/api/v1/hostel/stays/{id}/folio/corrections",
    params(("id" = i64, Path)), request_body = CorrectionInput,
    responses((status = 201, body = Line),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn correction_add(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<CorrectionInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    let done = folio::correct(&state.pool, &a, id, &input).await;
    reply(&c, StatusCode::CREATED, done)
}

/// The catalogue of extras, those on sale first.
#[utoipa::path(get, path = "/api/v1/hostel/extras", responses((status = 200, body = Vec<Extra>)))]
pub async fn extras(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(StatusCode::OK, &folio::extras(&state.pool).await?))
}

/// Adds an extra to the catalogue.
#[utoipa::path(post, path = "/api/v1/hostel/extras", request_body = ExtraInput, responses(
    (status = 201, body = Extra),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn extra_add(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<ExtraInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    reply(
        &c,
        StatusCode::CREATED,
        folio::add_extra(&state.pool, &a, &input).await,
    )
}

/// Withdraws an extra from sale (its past lines stay).
#[utoipa::path(post, path = "/api/v1/hostel/extras/{id}/withdraw", params(("id" = i64, Path)),
    responses((status = 200, body = Extra),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn extra_withdraw(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    reply(
        &c,
        StatusCode::OK,
        folio::withdraw_extra(&state.pool, &a, id).await,
    )
}

/// The hostel's settings.
#[utoipa::path(get, path = "/api/v1/hostel/settings", responses((status = 200, body = Settings)))]
pub async fn settings_get(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(StatusCode::OK, &super::settings(&state.pool).await?))
}

/// Sets the folio's settings: the audit's hour, what a no-show pays, SEL hours on folios.
#[utoipa::path(put, path = "/api/v1/hostel/settings", request_body = SettingsInput, responses(
    (status = 200, body = Settings),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn settings_put(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<SettingsInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    reply(
        &c,
        StatusCode::OK,
        folio::set_settings(&state.pool, &a, &input).await,
    )
}

/// The last 60 nights closed by the night audit, latest first.
#[utoipa::path(get, path = "/api/v1/hostel/audits", responses((status = 200, body = Vec<Closed>)))]
pub async fn audits(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(
        StatusCode::OK,
        &night_audit::closed(&state.pool, 60).await?,
    ))
}

pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post, put};
    r.add(
        M::GET,
        "/api/v1/hostel/stays/{id}/folio",
        STAFF,
        get(folio_get),
    );
    r.add(
        M::POST,
        "/api/v1/hostel/stays/{id}/folio/extras",
        STAFF,
        post(extra_sell),
    );
    r.add(
        M::POST,
        "/api/v1/hostel/stays/{id}/folio/payments",
        STAFF,
        post(payment_add),
    );
    r.add(
        M::POST,
        "/api/v1/hostel/stays/{id}/folio/corrections",
        STAFF,
        post(correction_add),
    );
    r.add(M::GET, "/api/v1/hostel/extras", STAFF, get(extras));
    r.add(M::POST, "/api/v1/hostel/extras", ADMIN, post(extra_add));
    r.add(
        M::POST,
        "/api/v1/hostel/extras/{id}/withdraw",
        ADMIN,
        post(extra_withdraw),
    );
    r.add(M::GET, "/api/v1/hostel/settings", STAFF, get(settings_get));
    r.add(M::PUT, "/api/v1/hostel/settings", ADMIN, put(settings_put));
    r.add(M::GET, "/api/v1/hostel/audits", STAFF, get(audits));
}

/// This part of the OpenAPI document.
#[derive(Debug, OpenApi)]
#[openapi(
    paths(
        folio_get,
        extra_sell,
        payment_add,
        correction_add,
        extras,
        extra_add,
        extra_withdraw,
        settings_get,
        settings_put,
        audits
    ),
    components(schemas(
        Folio,
        Line,
        Extra,
        ExtraInput,
        ExtraSale,
        PaymentInput,
        CorrectionInput,
        Settings,
        SettingsInput,
        Closed
    ))
)]
pub struct FolioApiDoc;
