//! The platforms' calendars in the API: the feeds read with their bookings and conflicts, adding
//! one (admin; read at once), reading one now, and no longer reading one (admin).

use super::imports::{self, Import, ImportBlock, ImportInput, ReadOutcome};
use super::stays;
use crate::refusal::Refusal;
use crate::web::problem::{ApiResult, JsonBody, Problem, actor, reply};
use crate::web::{ADMIN, AppState, Ctx, P, Routes, STAFF};
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::Utc;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

/// A feed with its bookings to come (those in conflict with what is in their way).
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportView {
    #[serde(flatten)]
    pub import: Import,
    pub blocks: Vec<ImportBlock>,
}

async fn view(state: &AppState, c: &Ctx, i: Import) -> Result<ImportView, Refusal> {
    let today = stays::tonight(&state.pool, c.tz, Utc::now()).await?;
    Ok(ImportView {
        blocks: imports::blocks(&state.pool, i.id, today).await?,
        import: i,
    })
}

/// The platforms' calendars read, room by room, with their bookings to come.
#[utoipa::path(get, path = "/api/v1/hostel/imports",
    responses((status = 200, body = Vec<ImportView>)))]
pub async fn imports_get(State(state): State<AppState>, c: Ctx) -> ApiResult<Response> {
    let all = async {
        let mut out = vec![];
        for i in imports::imports(&state.pool).await? {
            out.push(view(&state, &c, i).await?);
        }
        Ok(out)
    };
    reply(&c, StatusCode::OK, all.await)
}

/// Reads a platform's calendar for a room from now on (admin); it is read at once — a calendar
/// that cannot be read yet is added all the same, `last_error` says why.
#[utoipa::path(post, path = "/api/v1/hostel/imports", request_body = ImportInput, responses(
    (status = 201, body = ImportView),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn import_add(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<ImportInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    let done = async {
        let added = imports::add(&state.pool, &a, &input).await?;
        match imports::read(&state.pool, c.tz, added.id, Utc::now()).await {
            Ok(_) | Err(Refusal::Conflict { .. }) => {}
            Err(e) => return Err(e),
        }
        view(&state, &c, imports::import(&state.pool, added.id).await?).await
    };
    reply(&c, StatusCode::CREATED, done.await)
}

/// Reads a calendar now: what changed, or (409) why it cannot be read — nothing changes then.
#[utoipa::path(post, path = "/api/v1/hostel/imports/{id}/read", params(("id" = i64, Path)),
    responses((status = 200, body = ReadOutcome),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn import_read(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let done = imports::read(&state.pool, c.tz, id, Utc::now()).await;
    reply(&c, StatusCode::OK, done)
}

/// Stops reading a calendar (admin); the stays it made remain.
#[utoipa::path(post, path = "/api/v1/hostel/imports/{id}/remove", params(("id" = i64, Path)),
    responses((status = 204),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn import_remove(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    match imports::remove(&state.pool, &a, id).await {
        Ok(()) => Ok(axum::response::IntoResponse::into_response(
            StatusCode::NO_CONTENT,
        )),
        Err(r) => reply::<()>(&c, StatusCode::NO_CONTENT, Err(r)),
    }
}

pub(super) fn declare(r: &mut Routes) {
    use axum::routing::{get, post};
    r.add(
        Method::GET,
        "/api/v1/hostel/imports",
        STAFF,
        get(imports_get),
    );
    r.add(
        Method::POST,
        "/api/v1/hostel/imports",
        ADMIN,
        post(import_add),
    );
    r.add(
        Method::POST,
        "/api/v1/hostel/imports/{id}/read",
        STAFF,
        post(import_read),
    );
    r.add(
        Method::POST,
        "/api/v1/hostel/imports/{id}/remove",
        ADMIN,
        post(import_remove),
    );
}

/// This part of the OpenAPI document.
#[derive(Debug, OpenApi)]
#[openapi(
    paths(imports_get, import_add, import_read, import_remove),
    components(schemas(ImportView, Import, ImportBlock, ImportInput, ReadOutcome))
)]
pub struct ImportsApiDoc;
