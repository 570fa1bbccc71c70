//! The shared vehicles' API: the fleet, bookings, licences, returns, damage reviews, the workshop
//! and the desk's board. Refusals come as problem+json with the reason in the caller's language.

use super::board::{self, Board};
use super::booking::{self, Booking, Maker, NewBooking};
use super::drivers::{self, Licence, LicenceInput};
use super::returns::{self, ReturnInput};
use super::workshop::{self, HitBooking, Job, NewJob};
use super::{Vehicle, VehicleInput, VehicleState};
use crate::web::problem::{ApiError, ApiResult, JsonBody, Problem, json};
use crate::web::{ADMIN, Access, Ctx, P, Routes, STAFF};
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::web::AppState;

fn maker(c: &Ctx) -> Result<Maker, ApiError> {
    c.user
        .as_ref()
        .map(Maker::of)
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated"))
}

/// A vehicle with its state now.
#[derive(Debug, Serialize, ToSchema)]
pub struct VehicleNow {
    #[serde(flatten)]
    pub vehicle: Vehicle,
    pub state: VehicleState,
    /// The *contrôle technique*'s deadline (cars).
    pub inspection_due: Option<String>,
}

async fn now_view(state: &AppState, v: Vehicle) -> Result<VehicleNow, sqlx::Error> {
    let mut conn = state.pool.acquire().await?;
    let s = super::state_of(&mut conn, &v, chrono::Utc::now()).await?;
    Ok(VehicleNow {
        inspection_due: v.inspection_due().map(|d| d.to_string()),
        state: s,
        vehicle: v,
    })
}

/// The fleet in service, with each vehicle's state now.
#[utoipa::path(get, path = "/api/v1/vehicles", responses((status = 200, body = Vec<VehicleNow>)))]
pub async fn vehicles(State(state): State<AppState>) -> ApiResult<Response> {
    let mut out = vec![];
    for v in super::fleet(&state.pool).await? {
        out.push(now_view(&state, v).await?);
    }
    Ok(json(StatusCode::OK, &out))
}

/// One vehicle, with its state now.
#[utoipa::path(get, path = "/api/v1/vehicles/{id}", params(("id" = i64, Path)), responses(
    (status = 200, body = VehicleNow),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn vehicle(State(state): State<AppState>, c: Ctx, P(id): P<i64>) -> ApiResult<Response> {
    let v = super::vehicle(&state.pool, id)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::OK, &now_view(&state, v).await?))
}

/// Adds a vehicle to the fleet.
#[utoipa::path(post, path = "/api/v1/vehicles", request_body = VehicleInput, responses(
    (status = 201, body = Vehicle),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn vehicle_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<VehicleInput>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    let v = super::create_vehicle(&state.pool, &m.actor(), &input)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::CREATED, &v))
}

/// Books a vehicle (and the same slot the following weeks when `weeks` > 1, all or nothing). A
/// resident books for themself; the desk for anyone. The same `request_key` books once.
#[utoipa::path(post, path = "/api/v1/vehicle-bookings", request_body = NewBooking, responses(
    (status = 201, body = Vec<Booking>),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn book(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<NewBooking>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    let made = booking::book(&state.pool, c.tz, &m, &input)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::CREATED, &made))
}

async fn own(state: &AppState, c: &Ctx, m: &Maker, id: i64) -> Result<Booking, ApiError> {
    match booking::booking(&state.pool, id).await {
        Ok(b) if booking::may_manage(m, &b) => Ok(b),
        Ok(_) => Err(ApiError::refusal(
            crate::refusal::Refusal::NotFound,
            c.tr.lang,
        )),
        Err(r) => Err(ApiError::refusal(r, c.tr.lang)),
    }
}

/// A booking (its person's, or the desk's).
#[utoipa::path(get, path = "/api/v1/vehicle-bookings/{id}", params(("id" = i64, Path)), responses(
    (status = 200, body = Booking),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn booking_get(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    Ok(json(StatusCode::OK, &own(&state, &c, &m, id).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CancelInput {
    #[serde(default)]
    pub reason: String,
}

/// Cancels a booking whose key has not been taken.
#[utoipa::path(post, path = "/api/v1/vehicle-bookings/{id}/cancel", params(("id" = i64, Path)),
    request_body = CancelInput, responses(
    (status = 200, body = Booking),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn cancel(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<CancelInput>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    let b = booking::cancel(&state.pool, &m, id, &input.reason)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::OK, &b))
}

/// The return form (odometer, fuel or charge, cleanliness, damage). Records the return itself
/// when the key came back by hand.
#[utoipa::path(post, path = "/api/v1/vehicle-bookings/{id}/return", params(("id" = i64, Path)),
    request_body = ReturnInput, responses(
    (status = 200, body = Booking),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn return_form(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<ReturnInput>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    let b = returns::record_return(&state.pool, &m, id, &input)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::OK, &b))
}

/// A person's licence as the desk recorded it (no copy of the licence is ever kept).
#[utoipa::path(get, path = "/api/v1/persons/{id}/licence", params(("id" = i64, Path)), responses(
    (status = 200, body = Licence),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn licence(State(state): State<AppState>, c: Ctx, P(id): P<i64>) -> ApiResult<Response> {
    match drivers::licence(&state.pool, id).await? {
        Some(l) => Ok(json(StatusCode::OK, &l)),
        None => Err(ApiError::refusal(
            crate::refusal::Refusal::NotFound,
            c.tr.lang,
        )),
    }
}

/// Records that the desk saw a person's licence (`seen` must be true).
#[utoipa::path(put, path = "/api/v1/persons/{id}/licence", params(("id" = i64, Path)),
    request_body = LicenceInput, responses(
    (status = 200, body = Licence),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn licence_put(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<LicenceInput>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    let l = drivers::record_licence(&state.pool, &m.actor(), &m.display_name, id, &input)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::OK, &l))
}

/// The desk's board: overdue, due within the hour, out, today's pickups, the workshop, damage to
/// review, return forms missing, dates coming up.
#[utoipa::path(get, path = "/api/v1/vehicles/board", responses((status = 200, body = Board)))]
pub async fn board_get(State(state): State<AppState>, c: Ctx) -> ApiResult<Response> {
    let b = board::board(&state.pool, c.tz, chrono::Utc::now()).await?;
    Ok(json(StatusCode::OK, &b))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobOpened {
    pub job: Job,
    /// The bookings it hits: the desk calls each person.
    pub bookings_hit: Vec<Booking>,
}

/// Puts a vehicle in the workshop for a period; answers with the bookings it hits.
#[utoipa::path(post, path = "/api/v1/vehicles/{id}/workshop", params(("id" = i64, Path)),
    request_body = NewJob, responses(
    (status = 201, body = JobOpened),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn workshop_open(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<NewJob>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    let (job, bookings_hit) = workshop::open(&state.pool, &m, id, &input)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::CREATED, &JobOpened { job, bookings_hit }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobHits {
    pub job: Job,
    pub bookings: Vec<HitBooking>,
}

/// A workshop job and the bookings it hits, with the desk's calls.
#[utoipa::path(get, path = "/api/v1/vehicle-workshop/{id}", params(("id" = i64, Path)), responses(
    (status = 200, body = JobHits),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn workshop_get(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let (job, bookings) = workshop::hits(&state.pool, id)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::OK, &JobHits { job, bookings }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewInput {
    /// What staff found and decided.
    pub note: String,
}

/// Staff reviewed a damage report: the vehicle may leave again.
#[utoipa::path(post, path = "/api/v1/vehicle-damages/{id}/review", params(("id" = i64, Path)),
    request_body = ReviewInput, responses(
    (status = 204),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn damage_review(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<ReviewInput>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    returns::review(&state.pool, &m, id, &input.note)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(axum::response::IntoResponse::into_response(
        StatusCode::NO_CONTENT,
    ))
}

const ANYONE: Access = Access::Authenticated;

pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post, put};
    r.add(M::GET, "/api/v1/vehicles", ANYONE, get(vehicles));
    r.add(M::POST, "/api/v1/vehicles", ADMIN, post(vehicle_create));
    r.add(M::GET, "/api/v1/vehicles/board", STAFF, get(board_get));
    r.add(M::GET, "/api/v1/vehicles/{id}", ANYONE, get(vehicle));
    r.add(
        M::POST,
        "/api/v1/vehicles/{id}/workshop",
        STAFF,
        post(workshop_open),
    );
    r.add(
        M::GET,
        "/api/v1/vehicle-workshop/{id}",
        STAFF,
        get(workshop_get),
    );
    r.add(M::POST, "/api/v1/vehicle-bookings", ANYONE, post(book));
    r.add(
        M::GET,
        "/api/v1/vehicle-bookings/{id}",
        ANYONE,
        get(booking_get),
    );
    r.add(
        M::POST,
        "/api/v1/vehicle-bookings/{id}/cancel",
        ANYONE,
        post(cancel),
    );
    r.add(
        M::POST,
        "/api/v1/vehicle-bookings/{id}/return",
        ANYONE,
        post(return_form),
    );
    r.add(
        M::POST,
        "/api/v1/vehicle-damages/{id}/review",
        STAFF,
        post(damage_review),
    );
    r.add(M::GET, "/api/v1/persons/{id}/licence", STAFF, get(licence));
    r.add(
        M::PUT,
        "/api/v1/persons/{id}/licence",
        STAFF,
        put(licence_put),
    );
}

/// This domain's part of the OpenAPI document.
#[derive(Debug, OpenApi)]
#[openapi(
    paths(
        vehicles,
        vehicle,
        vehicle_create,
        book,
        booking_get,
        cancel,
        return_form,
        licence,
        licence_put,
        board_get,
        workshop_open,
        workshop_get,
        damage_review
    ),
    components(schemas(
        VehicleNow,
        Vehicle,
        VehicleState,
        VehicleInput,
        NewBooking,
        Booking,
        CancelInput,
        ReturnInput,
        Licence,
        LicenceInput,
        Board,
        board::Warning,
        JobOpened,
        Job,
        NewJob,
        JobHits,
        HitBooking,
        returns::Damage,
        ReviewInput
    ))
)]
pub struct VehiclesApiDoc;
