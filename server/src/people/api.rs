//! The people API: persons, badges, export and erasure, associations and members.

use crate::people::{self};
use crate::refusal::Refusal;
use crate::text;
use crate::web::AppState;
use crate::web::openapi::{At, Limits, Rule};
use crate::web::problem::{ApiError, ApiQuery, ApiResult, Created, JsonBody, Problem, actor, json};
use crate::web::{ADMIN, Ctx, P, Routes, STAFF};
use axum::extract::State;
use axum::http::Method;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

// ---------------------------------------------------------------------------------------------
// People and badges

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Part of a name, a card id, or phone digits. Empty: the latest people added.
    #[serde(default)]
    q: String,
    /// At most this many (1–200, default 50).
    #[serde(default)]
    limit: Option<i64>,
}

/// Finds people by name, badge or phone.
#[utoipa::path(get, path = "/api/v1/persons", params(SearchParams), responses(
    (status = 200, body = Vec<people::PersonSummary>),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn persons(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> ApiResult<Response> {
    let limit = p.limit.unwrap_or(50).clamp(1, 200);
    let list = people::search(&state.pool, &p.q, limit).await?;
    Ok(json(StatusCode::OK, &list))
}

/// Registers a person.
#[utoipa::path(post, path = "/api/v1/persons", request_body = people::PersonInput, responses(
    (status = 201, body = Created),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn person_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<people::PersonInput>,
) -> ApiResult<Response> {
    let id = people::create(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    let mut res = json(StatusCode::CREATED, &Created { id });
    if let Ok(v) = header::HeaderValue::from_str(&format!("/api/v1/persons/{id}")) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

/// One person.
#[utoipa::path(get, path = "/api/v1/persons/{id}", params(("id" = i64, Path)), responses(
    (status = 200, body = people::Person),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn person(State(state): State<AppState>, c: Ctx, P(id): P<i64>) -> ApiResult<Response> {
    let p = people::get(&state.pool, id)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::OK, &p))
}

/// Replaces a person's details.
#[utoipa::path(put, path = "/api/v1/persons/{id}", params(("id" = i64, Path)),
    request_body = people::PersonInput, responses(
    (status = 200, body = people::Person),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn person_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<people::PersonInput>,
) -> ApiResult<Response> {
    let lang = c.tr.lang;
    people::update(&state.pool, &actor(&c)?, id, &input)
        .await
        .map_err(|r| ApiError::refusal(r, lang))?;
    let p = people::get(&state.pool, id)
        .await
        .map_err(|r| ApiError::refusal(r, lang))?;
    Ok(json(StatusCode::OK, &p))
}

/// A person's badges, current and past.
#[utoipa::path(get, path = "/api/v1/persons/{id}/badges", params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<people::Badge>),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn person_badges(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    people::get(&state.pool, id)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(
        StatusCode::OK,
        &people::badges_of(&state.pool, id).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BadgeInput {
    /// The card id as read (`04:A3:1F:9B` or `04A31F9B`).
    pub card_id: String,
}

/// Gives a badge to a person. 409 if someone holds it already.
#[utoipa::path(post, path = "/api/v1/persons/{id}/badges", params(("id" = i64, Path)),
    request_body = BadgeInput, responses(
    (status = 201, body = Created),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn badge_assign(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<BadgeInput>,
) -> ApiResult<Response> {
    let badge = people::assign_badge(&state.pool, &actor(&c)?, id, &input.card_id)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::CREATED, &Created { id: badge }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RevokeInput {
    /// lost, returned, broken or other.
    pub reason: String,
}

/// Takes a badge back; its history stays.
#[utoipa::path(post, path = "/api/v1/badges/{id}/revoke", params(("id" = i64, Path)),
    request_body = RevokeInput, responses(
    (status = 200, body = people::Badge),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn badge_revoke(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<RevokeInput>,
) -> ApiResult<Response> {
    let b = people::revoke_badge(&state.pool, &actor(&c)?, id, &input.reason)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::OK, &b))
}

/// Everything held about a person (GDPR access request).
#[utoipa::path(get, path = "/api/v1/persons/{id}/export", params(("id" = i64, Path)), responses(
    (status = 200, description = "The person's data", content_type = "application/json"),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn person_export(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let data = people::export(&state.pool, state.domains, id)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::OK, &data))
}

/// Erases a person (GDPR): pseudonymised, badges revoked, accounts disabled. Irreversible.
#[utoipa::path(post, path = "/api/v1/persons/{id}/erase", params(("id" = i64, Path)), responses(
    (status = 200, body = people::Person),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn person_erase(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let lang = c.tr.lang;
    people::erase(&state.pool, state.domains, &actor(&c)?, id)
        .await
        .map_err(|r| ApiError::refusal(r, lang))?;
    let p = people::get(&state.pool, id)
        .await
        .map_err(|r| ApiError::refusal(r, lang))?;
    Ok(json(StatusCode::OK, &p))
}

/// Cards nobody holds, just read at a desk kiosk: offered for assignment.
#[utoipa::path(get, path = "/api/v1/desk-taps", responses((status = 200, body = Vec<people::UnknownTap>)))]
pub async fn desk_taps(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(
        StatusCode::OK,
        &people::unknown_desk_taps(&state.pool).await?,
    ))
}

// ---------------------------------------------------------------------------------------------
// Associations

/// All associations.
#[utoipa::path(get, path = "/api/v1/associations", responses((status = 200, body = Vec<people::Association>)))]
pub async fn associations(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(
        StatusCode::OK,
        &people::associations(&state.pool).await?,
    ))
}

/// Registers an association.
#[utoipa::path(post, path = "/api/v1/associations", request_body = people::AssociationInput, responses(
    (status = 201, body = Created),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn association_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<people::AssociationInput>,
) -> ApiResult<Response> {
    let id = people::create_association(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(StatusCode::CREATED, &Created { id }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssociationDetail {
    #[serde(flatten)]
    pub association: people::Association,
    pub member_list: Vec<people::Member>,
}

/// One association with its members.
#[utoipa::path(get, path = "/api/v1/associations/{id}", params(("id" = i64, Path)), responses(
    (status = 200, body = AssociationDetail),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn association(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let association = people::association(&state.pool, id)
        .await
        .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    let member_list = people::members(&state.pool, id).await?;
    Ok(json(
        StatusCode::OK,
        &AssociationDetail {
            association,
            member_list,
        },
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MemberInput {
    /// Whether the person represents the association (may act for it).
    #[serde(default)]
    pub representative: bool,
}

/// Adds a member, or changes whether they represent the association.
#[utoipa::path(put, path = "/api/v1/associations/{id}/members/{person_id}",
    params(("id" = i64, Path), ("person_id" = i64, Path)), request_body = MemberInput, responses(
    (status = 204, description = "Saved"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The person was erased.", body = Problem,
        content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn association_member(
    State(state): State<AppState>,
    c: Ctx,
    P((id, person_id)): P<(i64, i64)>,
    JsonBody(input): JsonBody<MemberInput>,
) -> ApiResult<Response> {
    people::set_member(
        &state.pool,
        &actor(&c)?,
        id,
        person_id,
        input.representative,
    )
    .await
    .map_err(|r| {
        // The person is named by the path here (a form names them in a field): nobody with that
        // id is a 404, as for the association; an erased person's record is still there, in a
        // state that forbids the change: 409.
        let r = match r {
            Refusal::Invalid(f) if f.iter().any(|e| e.key == "error-person-unknown") => {
                Refusal::NotFound
            }
            Refusal::Invalid(f) if f.iter().any(|e| e.key == "error-person-erased") => {
                Refusal::conflict("error-person-erased")
            }
            r => r,
        };
        ApiError::refusal(r, c.tr.lang)
    })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Declares this part's routes with their access rules.
pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    r.add(M::GET, "/api/v1/desk-taps", STAFF, get(desk_taps));
    #[allow(unused_imports)]
    use axum::routing::{get, post, put};
    r.add(M::GET, "/api/v1/persons", STAFF, get(persons));
    r.add(M::POST, "/api/v1/persons", STAFF, post(person_create));
    r.add(M::GET, "/api/v1/persons/{id}", STAFF, get(person));
    r.add(M::PUT, "/api/v1/persons/{id}", STAFF, put(person_update));
    r.add(
        M::GET,
        "/api/v1/persons/{id}/badges",
        STAFF,
        get(person_badges),
    );
    r.add(
        M::POST,
        "/api/v1/persons/{id}/badges",
        STAFF,
        post(badge_assign),
    );
    r.add(
        M::GET,
        "/api/v1/persons/{id}/export",
        STAFF,
        get(person_export),
    );
    r.add(
        M::POST,
        "/api/v1/persons/{id}/erase",
        ADMIN,
        post(person_erase),
    );
    r.add(
        M::POST,
        "/api/v1/badges/{id}/revoke",
        STAFF,
        post(badge_revoke),
    );
    r.add(M::GET, "/api/v1/associations", STAFF, get(associations));
    r.add(
        M::POST,
        "/api/v1/associations",
        STAFF,
        post(association_create),
    );
    r.add(M::GET, "/api/v1/associations/{id}", STAFF, get(association));
    r.add(
        M::PUT,
        "/api/v1/associations/{id}/members/{person_id}",
        STAFF,
        put(association_member),
    );
}

/// What the people's rules take, stated in the document.
static LIMITS: Limits = Limits(&[
    (
        At::Param("/api/v1/persons", "q"),
        Rule::Text(0, text::MAX_CHARS),
    ),
    (At::Param("/api/v1/persons", "limit"), Rule::Int(1, 200)),
    (
        At::Field("PersonInput", "first_name"),
        Rule::Text(1, people::NAME_MAX),
    ),
    (
        At::Field("PersonInput", "last_name"),
        Rule::Text(0, people::NAME_MAX),
    ),
    (
        At::Field("PersonInput", "kind"),
        Rule::OneOf(&people::PERSON_KINDS),
    ),
    (
        At::Field("PersonInput", "language"),
        Rule::OneOf(&people::LANGUAGES),
    ),
    (
        At::Field("PersonInput", "phone"),
        Rule::Pattern(people::PHONE_PATTERN, people::PHONE_MAX),
    ),
    (
        At::Field("PersonInput", "email"),
        Rule::Pattern(people::EMAIL_PATTERN, people::EMAIL_MAX),
    ),
    (
        At::Field("PersonInput", "accessibility"),
        Rule::Text(0, people::ACCESSIBILITY_MAX),
    ),
    (
        At::Field("BadgeInput", "card_id"),
        Rule::Pattern(people::CARD_PATTERN, people::CARD_MAX),
    ),
    (
        At::Field("RevokeInput", "reason"),
        Rule::OneOf(&people::REVOKE_REASONS),
    ),
    (
        At::Field("AssociationInput", "name"),
        Rule::Text(1, people::ASSOCIATION_NAME_MAX),
    ),
    (At::Field("AssociationInput", "name"), Rule::Unique),
    (
        At::Field("AssociationInput", "description"),
        Rule::Text(0, people::ASSOCIATION_DESCRIPTION_MAX),
    ),
]);

/// This part of the OpenAPI document, merged into `/api/v1/openapi.json` through the list.
#[derive(Debug, OpenApi)]
#[openapi(
    paths(
        persons,
        person_create,
        person,
        person_update,
        person_badges,
        badge_assign,
        person_export,
        person_erase,
        badge_revoke,
        desk_taps,
        associations,
        association_create,
        association,
        association_member
    ),
    modifiers(&LIMITS),
    components(schemas(
        people::Person,
        people::PersonInput,
        people::PersonSummary,
        people::Badge,
        BadgeInput,
        RevokeInput,
        people::UnknownTap,
        people::Association,
        people::AssociationInput,
        AssociationDetail,
        people::Member,
        MemberInput,
        Created
    ))
)]
pub struct PeopleApiDoc;
