//! The shared vehicles' API: the fleet, bookings, licences, returns, damage reviews, the workshop
//! and the desk's board. Refusals come as problem+json with the reason in the caller's language.

use super::board::{self, Board};
use super::booking::{self, Booking, Maker, NewBooking};
use super::drivers::{self, Licence, LicenceInput};
use super::limits::LIMITS;
use super::returns::{self, ReturnInput};
use super::trips::{self, NewTrip, Trip, TripDone, YearReport};
use super::upkeep::{self, Claim, ClaimInput, Plan, PlanInput, StatementLine};
use super::workshop::{self, HitBooking, Job, NewJob};
use super::{Vehicle, VehicleInput, VehicleState};
use crate::web::problem::{ApiError, ApiResult, JsonBody, Problem, json, reply};
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
    reply(
        &c,
        StatusCode::CREATED,
        super::create_vehicle(&state.pool, &m.actor(), &input).await,
    )
}

/// Changes a vehicle's description (the whole of it, as when adding it).
#[utoipa::path(put, path = "/api/v1/vehicles/{id}", params(("id" = i64, Path)), request_body = VehicleInput,
    responses(
    (status = 200, body = Vehicle),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn vehicle_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<VehicleInput>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    reply(
        &c,
        StatusCode::OK,
        super::update_vehicle(&state.pool, &m.actor(), id, &input).await,
    )
}

/// Takes a vehicle out of the fleet for good; refused (409) while a booking of it is to come or
/// under way. Its history stays.
#[utoipa::path(post, path = "/api/v1/vehicles/{id}/retire", params(("id" = i64, Path)), responses(
    (status = 200, body = Vehicle),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn vehicle_retire(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    reply(
        &c,
        StatusCode::OK,
        super::retire_vehicle(&state.pool, &m.actor(), id).await,
    )
}

/// Books a vehicle (and the same slot the following weeks when `weeks` > 1, all or nothing). A
/// resident books for themself; the desk for anyone. The same `request_key` books once.
#[utoipa::path(post, path = "/api/v1/vehicle-bookings", request_body = NewBooking, responses(
    (status = 201, body = Vec<Booking>),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn vehicle_book(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<NewBooking>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    reply(
        &c,
        StatusCode::CREATED,
        booking::book(&state.pool, c.tz, &m, &input).await,
    )
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
pub async fn vehicle_booking_get(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    Ok(json(StatusCode::OK, &own(&state, &c, &m, id).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = VehicleCancelInput)]
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
pub async fn vehicle_booking_cancel(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<CancelInput>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    reply(
        &c,
        StatusCode::OK,
        booking::cancel(&state.pool, &m, id, &input.reason).await,
    )
}

/// The return form (odometer, fuel or charge, cleanliness, damage). Records the return itself
/// when the key came back by hand.
#[utoipa::path(post, path = "/api/v1/vehicle-bookings/{id}/return", params(("id" = i64, Path)),
    request_body = ReturnInput, responses(
    (status = 200, body = Booking),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn vehicle_return(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<ReturnInput>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    reply(
        &c,
        StatusCode::OK,
        returns::record_return(&state.pool, &m, id, &input).await,
    )
}

/// A person's licence as the desk recorded it (no copy of the licence is ever kept).
#[utoipa::path(get, path = "/api/v1/persons/{id}/licence", params(("id" = i64, Path)), responses(
    (status = 200, body = Licence),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn licence_get(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
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
    reply(
        &c,
        StatusCode::OK,
        drivers::record_licence(&state.pool, &m.actor(), &m.display_name, id, &input).await,
    )
}

/// The desk's board: overdue, due within the hour, out, today's pickups, the workshop, damage to
/// review, return forms missing, dates coming up.
#[utoipa::path(get, path = "/api/v1/vehicles/board", responses((status = 200, body = Board)))]
pub async fn vehicles_board(State(state): State<AppState>, c: Ctx) -> ApiResult<Response> {
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
pub async fn vehicle_workshop_open(
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
pub async fn vehicle_workshop_get(
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
#[schema(as = DamageReviewInput)]
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
pub async fn vehicle_damage_review(
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

/// Refuses (415) a body that is not a JPEG or PNG picture by its declared type.
fn picture_only(c: &Ctx, headers: &axum::http::HeaderMap) -> Result<(), ApiError> {
    let picture = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let v = v.trim().to_ascii_lowercase();
            v.starts_with("image/jpeg") || v.starts_with("image/png")
        });
    if picture {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "not-a-picture").into_lang(c.tr.lang))
    }
}

/// A stored photo as the answer, or 404 when it is not there.
async fn photo_answer(state: &AppState, c: &Ctx, name: Option<String>) -> ApiResult<Response> {
    let not_found = || ApiError::refusal(crate::refusal::Refusal::NotFound, c.tr.lang);
    let Some(name) = name else {
        return Err(not_found());
    };
    match crate::photos::read(&state.config.data_dir, &name).await {
        Ok(bytes) => Ok(super::pages::photos::jpeg(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(not_found()),
        Err(e) => Err(ApiError::refusal(
            crate::refusal::Refusal::Db(sqlx::Error::Io(e)),
            c.tr.lang,
        )),
    }
}

/// Adds (or replaces) a vehicle's photo: the picture itself as the body (kept as a JPEG at most
/// 1600 pixels a side, without its EXIF).
#[utoipa::path(put, path = "/api/v1/vehicles/{id}/photo", params(("id" = i64, Path)),
    request_body(description = "A JPEG or PNG picture, up to 16 MiB.",
        content(("image/jpeg"), ("image/png"))),
    responses(
    (status = 200, body = Vehicle),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "The picture is larger than 16 MiB.", body = Problem,
        content_type = "application/problem+json"),
    (status = 415, description = "The body is not `image/jpeg` or `image/png`.", body = Problem,
        content_type = "application/problem+json"),
    (status = 422, description = "Not a readable photo, or one over 16,384 pixels a side.",
        body = Problem, content_type = "application/problem+json")))]
pub async fn vehicle_photo_put(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    picture_only(&c, &headers)?;
    reply(
        &c,
        StatusCode::OK,
        super::set_photo(
            &state.pool,
            &state.config.data_dir,
            &m.actor(),
            id,
            body.to_vec(),
        )
        .await,
    )
}

/// A vehicle's photo (JPEG).
#[utoipa::path(get, path = "/api/v1/vehicles/{id}/photo", params(("id" = i64, Path)),
    responses(
    (status = 200, description = "The photo.", content_type = "image/jpeg"),
    (status = 404, description = "No such vehicle, or no photo.", body = Problem,
        content_type = "application/problem+json")))]
pub async fn vehicle_photo_get(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let v = super::vehicle(&state.pool, id)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    photo_answer(&state, &c, v.photo).await
}

/// Adds (or replaces) a damage's photo: the picture itself as the body. It is kept turned
/// upright, at most 1600 pixels a side, as a JPEG without what the file carried besides its
/// pixels (EXIF: place, phone). Staff, or the person whose booking it was reported on until staff
/// reviewed it.
#[utoipa::path(put, path = "/api/v1/vehicle-damages/{id}/photo", params(("id" = i64, Path)),
    request_body(description = "A JPEG or PNG picture, up to 16 MiB.",
        content(("image/jpeg"), ("image/png"))),
    responses(
    (status = 200, body = returns::Damage),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "The picture is larger than 16 MiB.", body = Problem,
        content_type = "application/problem+json"),
    (status = 415, description = "The body is not `image/jpeg` or `image/png`.", body = Problem,
        content_type = "application/problem+json"),
    (status = 422, description = "Not a readable photo, or one over 16,384 pixels a side.",
        body = Problem, content_type = "application/problem+json")))]
pub async fn vehicle_damage_photo_put(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    picture_only(&c, &headers)?;
    reply(
        &c,
        StatusCode::OK,
        returns::set_photo(&state.pool, &state.config.data_dir, &m, id, body.to_vec()).await,
    )
}

/// A damage's photo (JPEG), to staff and to the person whose booking it was reported on.
#[utoipa::path(get, path = "/api/v1/vehicle-damages/{id}/photo", params(("id" = i64, Path)),
    responses(
    (status = 200, description = "The photo.", content_type = "image/jpeg"),
    (status = 404, description = "No such damage, none of the caller's, or no photo yet.",
        body = Problem, content_type = "application/problem+json")))]
pub async fn vehicle_damage_photo_get(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    let not_found = || ApiError::refusal(crate::refusal::Refusal::NotFound, c.tr.lang);
    let d = returns::damage(&state.pool, id)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    if !returns::may_photograph(&state.pool, &m, &d, false)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?
    {
        return Err(not_found());
    }
    photo_answer(&state, &c, d.photo).await
}

// ---------------------------------------------------------------------------------------------
// Transport solidaire

/// Whether the caller may see this trip: the desk, its passenger, its driver, or any volunteer
/// while it is open.
async fn may_see(state: &AppState, m: &Maker, t: &Trip) -> Result<bool, sqlx::Error> {
    if m.staff
        || m.person_id == Some(t.passenger_id)
        || (t.volunteer_id.is_some() && t.volunteer_id == m.person_id)
    {
        return Ok(true);
    }
    match (t.state.as_str(), m.person_id) {
        ("open", Some(p)) => {
            let mut conn = state.pool.acquire().await?;
            trips::is_volunteer(&mut conn, p, chrono::Utc::now().date_naive()).await
        }
        _ => Ok(false),
    }
}

/// Asks for a trip with a volunteer driver (for oneself; the desk for anyone).
#[utoipa::path(post, path = "/api/v1/vehicle-trips", request_body = NewTrip, responses(
    (status = 201, body = Trip),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn trip_request(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<NewTrip>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    reply(
        &c,
        StatusCode::CREATED,
        trips::request(&state.pool, &m, &input).await,
    )
}

/// The coming trips: the desk sees them all, a volunteer the open ones.
#[utoipa::path(get, path = "/api/v1/vehicle-trips", responses(
    (status = 200, body = Vec<Trip>),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn trips_list(State(state): State<AppState>, c: Ctx) -> ApiResult<Response> {
    let m = maker(&c)?;
    let now = chrono::Utc::now();
    if !m.staff {
        let volunteer = match m.person_id {
            Some(p) => {
                let mut conn = state.pool.acquire().await?;
                trips::is_volunteer(&mut conn, p, now.date_naive()).await?
            }
            None => false,
        };
        if !volunteer {
            return Err(ApiError::refusal(
                crate::refusal::Refusal::NotFound,
                c.tr.lang,
            ));
        }
    }
    let list = trips::coming(&state.pool, now - chrono::Duration::hours(12), !m.staff).await?;
    Ok(json(StatusCode::OK, &list))
}

async fn seen_trip(state: &AppState, c: &Ctx, m: &Maker, id: i64) -> Result<Trip, ApiError> {
    let t = trips::trip(&state.pool, id)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    if may_see(state, m, &t).await? {
        Ok(t)
    } else {
        Err(ApiError::refusal(
            crate::refusal::Refusal::NotFound,
            c.tr.lang,
        ))
    }
}

/// A trip.
#[utoipa::path(get, path = "/api/v1/vehicle-trips/{id}", params(("id" = i64, Path)), responses(
    (status = 200, body = Trip),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn trip_get(State(state): State<AppState>, c: Ctx, P(id): P<i64>) -> ApiResult<Response> {
    let m = maker(&c)?;
    Ok(json(StatusCode::OK, &seen_trip(&state, &c, &m, id).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TakeInput {
    /// The fleet vehicle to book for it; none: the volunteer's own car.
    #[serde(default)]
    pub vehicle_id: Option<i64>,
    /// The desk names the volunteer; a volunteer takes it for themself.
    #[serde(default)]
    pub volunteer_id: Option<i64>,
}

/// A volunteer takes an open trip (with a fleet vehicle booked for it, or their own car).
#[utoipa::path(post, path = "/api/v1/vehicle-trips/{id}/take", params(("id" = i64, Path)),
    request_body = TakeInput, responses(
    (status = 200, body = Trip),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn trip_take(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<TakeInput>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    reply(
        &c,
        StatusCode::OK,
        trips::take(
            &state.pool,
            c.tz,
            &m,
            id,
            input.volunteer_id,
            input.vehicle_id,
        )
        .await,
    )
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct Nothing {}

/// The volunteer gives a trip back: it is open again, its vehicle freed.
#[utoipa::path(post, path = "/api/v1/vehicle-trips/{id}/release", params(("id" = i64, Path)),
    request_body = Nothing, responses(
    (status = 200, body = Trip),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn trip_release(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(_): JsonBody<Nothing>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    reply(
        &c,
        StatusCode::OK,
        trips::release(&state.pool, &m, id).await,
    )
}

/// The trip is done (or its record corrected): the volunteer's minutes reach the SEL once, only
/// the difference being written on a correction; the contribution is recorded.
#[utoipa::path(post, path = "/api/v1/vehicle-trips/{id}/done", params(("id" = i64, Path)),
    request_body = TripDone, responses(
    (status = 200, body = Trip),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn trip_done(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<TripDone>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    reply(
        &c,
        StatusCode::OK,
        trips::complete(&state.pool, &m, id, &input).await,
    )
}

/// The passenger or the desk cancels a trip not yet done.
#[utoipa::path(post, path = "/api/v1/vehicle-trips/{id}/cancel", params(("id" = i64, Path)),
    request_body = Nothing, responses(
    (status = 200, body = Trip),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn trip_cancel(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(_): JsonBody<Nothing>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    reply(&c, StatusCode::OK, trips::cancel(&state.pool, &m, id).await)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearParams {
    /// The calendar year (default: the current one).
    #[serde(default)]
    pub year: Option<i32>,
}

/// The year's transport solidaire: trips, kilometres, people carried, drivers — what the
/// prefect's yearly report asks for.
#[utoipa::path(get, path = "/api/v1/vehicle-trips/report", params(YearParams), responses(
    (status = 200, body = YearReport)))]
pub async fn trips_report(
    State(state): State<AppState>,
    c: Ctx,
    crate::web::problem::ApiQuery(p): crate::web::problem::ApiQuery<YearParams>,
) -> ApiResult<Response> {
    use chrono::Datelike;
    let year = p
        .year
        .filter(|y| (super::limits::REPORT_YEARS.0..=super::limits::REPORT_YEARS.1).contains(y))
        .unwrap_or_else(|| chrono::Utc::now().with_timezone(&c.tz).year());
    Ok(json(
        StatusCode::OK,
        &trips::year_report(&state.pool, c.tz, year).await?,
    ))
}

// ---------------------------------------------------------------------------------------------
// Upkeep and money

/// A vehicle's maintenance plans (with the odometer now).
#[utoipa::path(get, path = "/api/v1/vehicles/{id}/plans", params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<Plan>)))]
pub async fn vehicle_plans(State(state): State<AppState>, P(id): P<i64>) -> ApiResult<Response> {
    Ok(json(
        StatusCode::OK,
        &upkeep::plans(&state.pool, Some(id)).await?,
    ))
}

/// Adds a maintenance plan (every N km and/or every N months).
#[utoipa::path(post, path = "/api/v1/vehicles/{id}/plans", params(("id" = i64, Path)),
    request_body = PlanInput, responses(
    (status = 201, body = Plan),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn vehicle_plan_add(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<PlanInput>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    reply(
        &c,
        StatusCode::CREATED,
        upkeep::add_plan(&state.pool, &m, id, &input).await,
    )
}

/// Claims (accidents, thefts…), newest first, with the insurer's deadline.
#[utoipa::path(get, path = "/api/v1/vehicle-claims", responses((status = 200, body = Vec<Claim>)))]
pub async fn vehicle_claims(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(
        StatusCode::OK,
        &upkeep::claims(&state.pool, None).await?,
    ))
}

/// Records a claim; its deadline is 5 working days after it (2 for a theft).
#[utoipa::path(post, path = "/api/v1/vehicles/{id}/claims", params(("id" = i64, Path)),
    request_body = ClaimInput, responses(
    (status = 201, body = Claim),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn vehicle_claim_add(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<ClaimInput>,
) -> ApiResult<Response> {
    let m = maker(&c)?;
    reply(
        &c,
        StatusCode::CREATED,
        upkeep::record_claim(&state.pool, &m, id, &input).await,
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthParams {
    /// `YYYY-MM` (default: this month).
    #[serde(default)]
    pub month: Option<String>,
}

/// A person's vehicle uses returned in a month, with what each costs (euro cents or SEL
/// minutes): the person's own, or anyone's for the desk.
#[utoipa::path(get, path = "/api/v1/persons/{id}/vehicle-statement", params(("id" = i64, Path), MonthParams),
    responses(
    (status = 200, body = Vec<StatementLine>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn vehicle_statement(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    crate::web::problem::ApiQuery(p): crate::web::problem::ApiQuery<MonthParams>,
) -> ApiResult<Response> {
    use chrono::Datelike;
    let m = maker(&c)?;
    if !(m.staff || m.person_id == Some(id)) {
        return Err(ApiError::refusal(
            crate::refusal::Refusal::NotFound,
            c.tr.lang,
        ));
    }
    let today = chrono::Utc::now().with_timezone(&c.tz).date_naive();
    let (year, month) = match p.month.as_deref() {
        None => (today.year(), today.month()),
        Some(s) => match s
            .split_once('-')
            .and_then(|(y, mo)| Some((y.parse().ok()?, mo.parse().ok()?)))
        {
            Some(ym) => ym,
            None => {
                return Err(ApiError::refusal(
                    crate::refusal::Refusal::field("month", "error-veh-month"),
                    c.tr.lang,
                ));
            }
        },
    };
    reply(
        &c,
        StatusCode::OK,
        upkeep::statement(&state.pool, c.tz, id, year, month).await,
    )
}

const ANYONE: Access = Access::Authenticated;

pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post, put};
    r.add(M::GET, "/api/v1/vehicles", ANYONE, get(vehicles));
    r.add(M::POST, "/api/v1/vehicles", ADMIN, post(vehicle_create));
    r.add(M::GET, "/api/v1/vehicles/board", STAFF, get(vehicles_board));
    r.add(M::GET, "/api/v1/vehicles/{id}", ANYONE, get(vehicle));
    r.add(M::PUT, "/api/v1/vehicles/{id}", ADMIN, put(vehicle_update));
    r.add_upload(
        M::PUT,
        "/api/v1/vehicles/{id}/photo",
        ADMIN,
        put(vehicle_photo_put),
    );
    r.add(
        M::GET,
        "/api/v1/vehicles/{id}/photo",
        ANYONE,
        get(vehicle_photo_get),
    );
    r.add(
        M::POST,
        "/api/v1/vehicles/{id}/retire",
        ADMIN,
        post(vehicle_retire),
    );
    r.add(
        M::POST,
        "/api/v1/vehicles/{id}/workshop",
        STAFF,
        post(vehicle_workshop_open),
    );
    r.add(
        M::GET,
        "/api/v1/vehicle-workshop/{id}",
        STAFF,
        get(vehicle_workshop_get),
    );
    r.add(
        M::POST,
        "/api/v1/vehicle-bookings",
        ANYONE,
        post(vehicle_book),
    );
    r.add(
        M::GET,
        "/api/v1/vehicle-bookings/{id}",
        ANYONE,
        get(vehicle_booking_get),
    );
    r.add(
        M::POST,
        "/api/v1/vehicle-bookings/{id}/cancel",
        ANYONE,
        post(vehicle_booking_cancel),
    );
    r.add(
        M::POST,
        "/api/v1/vehicle-bookings/{id}/return",
        ANYONE,
        post(vehicle_return),
    );
    r.add(
        M::POST,
        "/api/v1/vehicle-damages/{id}/review",
        STAFF,
        post(vehicle_damage_review),
    );
    r.add_upload(
        M::PUT,
        "/api/v1/vehicle-damages/{id}/photo",
        ANYONE,
        put(vehicle_damage_photo_put),
    );
    r.add(
        M::GET,
        "/api/v1/vehicle-damages/{id}/photo",
        ANYONE,
        get(vehicle_damage_photo_get),
    );
    r.add(M::POST, "/api/v1/vehicle-trips", ANYONE, post(trip_request));
    r.add(M::GET, "/api/v1/vehicle-trips", ANYONE, get(trips_list));
    r.add(
        M::GET,
        "/api/v1/vehicle-trips/report",
        STAFF,
        get(trips_report),
    );
    r.add(M::GET, "/api/v1/vehicle-trips/{id}", ANYONE, get(trip_get));
    r.add(
        M::POST,
        "/api/v1/vehicle-trips/{id}/take",
        ANYONE,
        post(trip_take),
    );
    r.add(
        M::POST,
        "/api/v1/vehicle-trips/{id}/release",
        ANYONE,
        post(trip_release),
    );
    r.add(
        M::POST,
        "/api/v1/vehicle-trips/{id}/done",
        ANYONE,
        post(trip_done),
    );
    r.add(
        M::POST,
        "/api/v1/vehicle-trips/{id}/cancel",
        ANYONE,
        post(trip_cancel),
    );
    r.add(
        M::GET,
        "/api/v1/vehicles/{id}/plans",
        STAFF,
        get(vehicle_plans),
    );
    r.add(
        M::POST,
        "/api/v1/vehicles/{id}/plans",
        STAFF,
        post(vehicle_plan_add),
    );
    r.add(M::GET, "/api/v1/vehicle-claims", STAFF, get(vehicle_claims));
    r.add(
        M::POST,
        "/api/v1/vehicles/{id}/claims",
        STAFF,
        post(vehicle_claim_add),
    );
    r.add(
        M::GET,
        "/api/v1/persons/{id}/vehicle-statement",
        ANYONE,
        get(vehicle_statement),
    );
    r.add(
        M::GET,
        "/api/v1/persons/{id}/licence",
        STAFF,
        get(licence_get),
    );
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
        vehicle_update,
        vehicle_retire,
        vehicle_photo_put,
        vehicle_photo_get,
        vehicle_book,
        vehicle_booking_get,
        vehicle_booking_cancel,
        vehicle_return,
        licence_get,
        licence_put,
        vehicles_board,
        vehicle_workshop_open,
        vehicle_workshop_get,
        vehicle_damage_review,
        vehicle_damage_photo_put,
        vehicle_damage_photo_get,
        trip_request,
        trips_list,
        trip_get,
        trip_take,
        trip_release,
        trip_done,
        trip_cancel,
        trips_report,
        vehicle_plans,
        vehicle_plan_add,
        vehicle_claims,
        vehicle_claim_add,
        vehicle_statement
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
        ReviewInput,
        NewTrip,
        Trip,
        TakeInput,
        Nothing,
        TripDone,
        YearReport,
        Plan,
        PlanInput,
        Claim,
        ClaimInput,
        StatementLine
    )),
    modifiers(&LIMITS)
)]
pub struct VehiclesApiDoc;
