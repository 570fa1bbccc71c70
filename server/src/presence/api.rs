//! Presence in the API: who is in the building now (by category, with the « à confirmer » and the
//! help each needs to evacuate), the visitor register, and marking a person in or out.

use super::list::{Count, Line, Needs, Presence};
use super::visitors::{self, SignIn, Visitor};
use crate::web::problem::{ApiResult, Created, JsonBody, Problem, actor, reply};
use crate::web::{AppState, Ctx, P, Routes, STAFF};
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use utoipa::{OpenApi, ToSchema};

/// Who is in the building now: people badged in, hostel guests in house, visitors signed in, the
/// staff on duty; `total` is the sum of the categories' headcounts.
#[utoipa::path(get, path = "/api/v1/presence", responses((status = 200, body = Presence)))]
pub async fn presence(State(state): State<AppState>, c: Ctx) -> ApiResult<Response> {
    let p = super::list::now(
        &state.pool,
        state.domains,
        state.config.time_zone,
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::refusal::Refusal::from);
    reply(&c, StatusCode::OK, p)
}

/// The visitors still inside and those of the last 24 hours.
#[utoipa::path(get, path = "/api/v1/visitors", responses((status = 200, body = Vec<Visitor>)))]
pub async fn visitors_get(State(state): State<AppState>, c: Ctx) -> ApiResult<Response> {
    let since = crate::db::instant_text(chrono::Utc::now() - chrono::Duration::hours(24));
    let v = visitors::register(&state.pool, &since)
        .await
        .map_err(crate::refusal::Refusal::from);
    reply(&c, StatusCode::OK, v)
}

/// Signs a visitor in.
#[utoipa::path(post, path = "/api/v1/visitors", request_body = SignIn, responses(
    (status = 201, body = Created),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn visitor_in(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<SignIn>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    let done = visitors::sign_in(&state.pool, &a, &input)
        .await
        .map(|id| Created { id });
    reply(&c, StatusCode::CREATED, done)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct SignOut {
    /// The visitor's pass came back (when one was lent).
    #[serde(default)]
    pub pass_returned: bool,
}

/// Signs a visitor out; 409 when they already left.
#[utoipa::path(post, path = "/api/v1/visitors/{id}/departure", params(("id" = i64, Path)),
    request_body = SignOut, responses((status = 204),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn visitor_out(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<SignOut>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    match visitors::sign_out(&state.pool, &a, id, input.pass_returned).await {
        Ok(()) => Ok(axum::response::IntoResponse::into_response(
            StatusCode::NO_CONTENT,
        )),
        Err(r) => reply::<()>(&c, StatusCode::NO_CONTENT, Err(r)),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Mark {
    /// In the building (`true`) or gone (`false`).
    pub inside: bool,
}

/// Marks a person in or out by hand (came without their card, forgot to tap out); 409 when they
/// already are.
#[utoipa::path(post, path = "/api/v1/persons/{id}/presence", params(("id" = i64, Path)),
    request_body = Mark, responses((status = 204),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn mark(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<Mark>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    match super::state::mark(&state.pool, &a, id, input.inside).await {
        Ok(()) => Ok(axum::response::IntoResponse::into_response(
            StatusCode::NO_CONTENT,
        )),
        Err(r) => reply::<()>(&c, StatusCode::NO_CONTENT, Err(r)),
    }
}

pub(super) fn declare(r: &mut Routes) {
    use axum::routing::{get, post};
    r.add(Method::GET, "/api/v1/presence", STAFF, get(presence));
    r.add(Method::GET, "/api/v1/visitors", STAFF, get(visitors_get));
    r.add(Method::POST, "/api/v1/visitors", STAFF, post(visitor_in));
    r.add(
        Method::POST,
        "/api/v1/visitors/{id}/departure",
        STAFF,
        post(visitor_out),
    );
    r.add(
        Method::POST,
        "/api/v1/persons/{id}/presence",
        STAFF,
        post(mark),
    );
}

/// This domain's part of the OpenAPI document.
/// What the visitors' register takes, stated in the document.
static LIMITS: crate::web::openapi::Limits = {
    use crate::presence::visitors::{NAME_MAX, NEEDS_HELP_MAX, PASS_MAX};
    use crate::web::openapi::{At, Limits, Rule};
    Limits(&[
        (At::Field("SignIn", "name"), Rule::Text(1, NAME_MAX)),
        (At::Field("SignIn", "visiting"), Rule::Text(1, NAME_MAX)),
        (At::Field("SignIn", "pass"), Rule::Text(0, PASS_MAX)),
        (At::Field("SignIn", "pass"), Rule::Unique),
        (
            At::Field("SignIn", "needs_help"),
            Rule::Text(0, NEEDS_HELP_MAX),
        ),
    ])
};

#[derive(Debug, OpenApi)]
#[openapi(
    paths(presence, visitors_get, visitor_in, visitor_out, mark),
    components(schemas(Presence, Line, Count, Needs, Visitor, SignIn, SignOut, Mark)),
    modifiers(&LIMITS)
)]
pub struct PresenceApiDoc;
