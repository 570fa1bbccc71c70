//! The desk API: taps, kiosks, the main courante, the audit log.

use crate::desk::logbook::{self, Kind};
use crate::web::AppState;
use crate::web::openapi::{At, Limits, Rule};
use crate::web::problem::{ApiError, ApiQuery, ApiResult, Created, JsonBody, Problem, json};
use crate::web::{Ctx, P, Routes, STAFF};
use axum::extract::State;
use axum::http::Method;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

// ---------------------------------------------------------------------------------------------
// The desk

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct Tap {
    pub id: String,
    pub kiosk_id: String,
    pub read_at: String,
    pub received_at: String,
    pub badge: String,
    pub person_id: Option<i64>,
    pub result: String,
    pub flagged: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LimitParams {
    /// At most this many (1–500, default 50).
    #[serde(default)]
    limit: Option<i64>,
}

/// The most lines a list answers with.
pub const LIMIT_MAX: i64 = 500;

/// The latest kiosk taps, newest first.
#[utoipa::path(get, path = "/api/v1/taps", params(LimitParams), responses((status = 200, body = Vec<Tap>)))]
pub async fn taps(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<LimitParams>,
) -> ApiResult<Response> {
    let list: Vec<Tap> = sqlx::query_as(
        "SELECT id, kiosk_id, read_at, received_at, badge, person_id, result, flagged
         FROM kiosk_events ORDER BY ingest_no DESC LIMIT ?",
    )
    .bind(p.limit.unwrap_or(50).clamp(1, LIMIT_MAX))
    .fetch_all(&state.pool)
    .await?;
    Ok(json(StatusCode::OK, &list))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Kiosk {
    pub id: String,
    pub label: Option<String>,
    /// online or offline.
    pub state: String,
    pub version: Option<String>,
    pub pending: Option<i64>,
    pub last_seen: String,
    /// What needs a human at the kiosk: outbox_high, outbox_full, reader_error, screen_error,
    /// clock_not_synced (or a newer code).
    pub alarms: Vec<String>,
}

/// Kiosks and their last reported state.
#[utoipa::path(get, path = "/api/v1/kiosks", responses((status = 200, body = Vec<Kiosk>)))]
pub async fn kiosks(State(state): State<AppState>) -> ApiResult<Response> {
    let list: Vec<Kiosk> = crate::kiosks::views(&state.pool)
        .await?
        .into_iter()
        .map(|k| Kiosk {
            alarms: k.alarm_codes(),
            id: k.kiosk_id,
            label: k.label,
            state: k.state,
            version: k.version,
            pending: k.pending,
            last_seen: k.last_seen,
        })
        .collect();
    Ok(json(StatusCode::OK, &list))
}

/// The logbook, newest first.
#[utoipa::path(get, path = "/api/v1/logbook", params(LimitParams), responses((status = 200, body = Vec<logbook::Entry>)))]
pub async fn logbook(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<LimitParams>,
) -> ApiResult<Response> {
    let list = logbook::latest(&state.pool, p.limit.unwrap_or(50).clamp(1, LIMIT_MAX)).await?;
    Ok(json(StatusCode::OK, &list))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EntryInput {
    pub kind: Kind,
    pub body: String,
    /// For a correction: the entry it corrects.
    #[serde(default)]
    pub corrects_id: Option<i64>,
}

/// Writes a logbook entry, a handover note (one per shift) or a correction.
#[utoipa::path(post, path = "/api/v1/logbook", request_body = EntryInput, responses(
    (status = 201, body = Created),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn logbook_add(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<EntryInput>,
) -> ApiResult<Response> {
    let user = c
        .user
        .as_ref()
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated"))?;
    let id = logbook::add(
        &state.pool,
        user,
        c.tz,
        input.kind,
        &input.body,
        input.corrects_id,
    )
    .await
    .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::CREATED, &Created { id }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EntryEdit {
    pub body: String,
}

/// Changes an entry's text: its author only, within 15 minutes; 409 once locked.
#[utoipa::path(put, path = "/api/v1/logbook/{id}", params(("id" = i64, Path)), request_body = EntryEdit,
    responses(
    (status = 200, body = logbook::Entry),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn logbook_edit(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<EntryEdit>,
) -> ApiResult<Response> {
    let user = c
        .user
        .as_ref()
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated"))?;
    let lang = c.tr.lang;
    logbook::edit(&state.pool, user, id, &input.body)
        .await
        .map_err(|r| ApiError::refusal(r, lang))?;
    let e = logbook::get(&state.pool, id)
        .await
        .map_err(|r| ApiError::refusal(r, lang))?;
    Ok(json(StatusCode::OK, &e))
}

/// Declares this part's routes with their access rules.
pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    #[allow(unused_imports)]
    use axum::routing::{get, post, put};
    r.add(M::GET, "/api/v1/taps", STAFF, get(taps));
    r.add(M::GET, "/api/v1/kiosks", STAFF, get(kiosks));
    r.add(M::GET, "/api/v1/logbook", STAFF, get(logbook));
    r.add(M::POST, "/api/v1/logbook", STAFF, post(logbook_add));
    r.add(M::PUT, "/api/v1/logbook/{id}", STAFF, put(logbook_edit));
}

/// This part of the OpenAPI document, merged into `/api/v1/openapi.json` through the list.
/// What the desk's rules take, stated in the document.
static LIMITS: Limits = Limits(&[
    (At::Param("/api/v1/taps", "limit"), Rule::Int(1, LIMIT_MAX)),
    (
        At::Param("/api/v1/logbook", "limit"),
        Rule::Int(1, LIMIT_MAX),
    ),
    (
        At::Field("EntryInput", "body"),
        Rule::Text(1, logbook::MAX_BODY_CHARS),
    ),
    (
        At::Field("EntryEdit", "body"),
        Rule::Text(1, logbook::MAX_BODY_CHARS),
    ),
]);

#[derive(Debug, OpenApi)]
#[openapi(
    paths(taps, kiosks, logbook, logbook_add, logbook_edit),
    components(schemas(Tap, Kiosk, logbook::Entry, EntryInput, EntryEdit, Kind)),
    modifiers(&LIMITS)
)]
pub struct DeskApiDoc;
