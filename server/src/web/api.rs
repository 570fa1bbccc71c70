//! The JSON API under `/api/v1`, for integrations and scripts. Authenticated by an API token
//! (`Authorization: Bearer cq_…`) or by the browser's session (then state-changing calls need the
//! `X-CSRF-Token` header). Errors are `application/problem+json` (RFC 9457). The OpenAPI document
//! at `/api/v1/openapi.json` is generated from the handlers below.

use super::{Ctx, P};
use crate::AppState;
use crate::audit::{AuditEntry, AuditFilter};
use crate::auth::Role;
use crate::i18n::{Lang, Tr};
use crate::logbook::{self, Kind};
use crate::people::{self, FieldError, Refusal};
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

// ---------------------------------------------------------------------------------------------
// Problems

/// An RFC 9457 problem.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem, e.g. `urn:citeosquare:problem:invalid`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// What happened, in the caller's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For `invalid`: each refused field with its message.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    pub field: String,
    /// A stable code, e.g. `error-required`.
    pub code: String,
    pub message: String,
}

/// An API error, rendered as problem+json in the caller's language.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    slug: &'static str,
    detail_key: Option<(&'static str, String)>,
    fields: Vec<FieldError>,
    /// Fields named at run time (from a JSON body's shape).
    named_fields: Vec<(String, &'static str)>,
    lang: Lang,
}

impl ApiError {
    pub fn new(status: StatusCode, slug: &'static str) -> ApiError {
        ApiError {
            status,
            slug,
            detail_key: None,
            fields: vec![],
            named_fields: vec![],
            lang: Lang::Fr,
        }
    }

    fn lang(mut self, lang: Lang) -> ApiError {
        self.lang = lang;
        self
    }

    pub(super) fn refusal(r: Refusal, lang: Lang) -> ApiError {
        match r {
            Refusal::NotFound => ApiError::new(StatusCode::NOT_FOUND, "not-found").lang(lang),
            Refusal::Invalid(fields) => ApiError {
                fields,
                ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid").lang(lang)
            },
            Refusal::Conflict { key, arg } => ApiError {
                detail_key: Some((key, arg)),
                ..ApiError::new(StatusCode::CONFLICT, "conflict").lang(lang)
            },
            Refusal::Db(e) => ApiError::internal(e).lang(lang),
        }
    }

    fn internal(e: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %e, "API call failed");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal")
    }

    pub fn into_response_for(mut self, lang: Lang) -> Response {
        self.lang = lang;
        self.into_response()
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let tr = Tr::new(self.lang);
        let title = tr.t(&format!("problem-{}", self.slug));
        let detail = self
            .detail_key
            .map(|(key, arg)| tr.ta(key, &[("name", &arg)]));
        let problem = Problem {
            kind: format!("urn:citeosquare:problem:{}", self.slug),
            title,
            status: self.status.as_u16(),
            detail,
            errors: self
                .fields
                .iter()
                .map(|f| (f.field.to_owned(), f.key))
                .chain(self.named_fields)
                .map(|(field, key)| ProblemField {
                    field,
                    code: key.to_owned(),
                    message: tr.t(key),
                })
                .collect(),
        };
        let body = serde_json::to_string(&problem).unwrap_or_default();
        let mut res = (
            self.status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"citeosquare\""),
            );
        }
        res
    }
}

pub(super) type ApiResult<T> = Result<T, ApiError>;

/// A JSON body whose rejection is a problem, not axum's plain text.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T, S> FromRequest<S> for JsonBody<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let user = req
            .extensions()
            .get::<super::Caller>()
            .and_then(|c| c.user.clone());
        let lang = super::language_of(req.headers(), user.as_ref());
        let error = match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => return Ok(JsonBody(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => {
                ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "not-json")
            }
            // Well-formed JSON of the wrong shape: say which field, in our words, not serde's.
            Err(JsonRejection::JsonDataError(e)) => ApiError {
                named_fields: vec![json_field_problem(&e.body_text())],
                ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid")
            },
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large")
            }
            Err(_) => ApiError::new(StatusCode::BAD_REQUEST, "bad-json"),
        };
        Err(error.lang(lang))
    }
}

/// The field a serde error is about, and what is wrong with it: `missing field `x`` → (x,
/// required); `x: invalid type…` or `x: unknown variant…` → (x, invalid value).
fn json_field_problem(text: &str) -> (String, &'static str) {
    let text = text
        .split_once("target type: ")
        .map_or(text, |(_, rest)| rest);
    if let Some(rest) = text.split_once("missing field `").map(|(_, r)| r) {
        let field = rest.split('`').next().unwrap_or("");
        return (field.to_owned(), "error-required");
    }
    let field = text
        .split_once(": ")
        .map(|(path, _)| path)
        .filter(|p| !p.contains(' '))
        .unwrap_or("");
    (field.to_owned(), "error-json-value")
}

pub(super) fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    (status, axum::Json(value)).into_response()
}

pub(super) fn actor(c: &Ctx) -> ApiResult<crate::audit::Actor> {
    c.user
        .as_ref()
        .map(|u| u.actor())
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated"))
}

// ---------------------------------------------------------------------------------------------
// OpenAPI

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "CITEOSQUARE API",
        version = "1",
        description = "People, badges, associations, presence, the reception logbook, the audit \
                       log and the SEL (a time bank counted in minutes). Authenticate with \
                       `Authorization: Bearer cq_…` (tokens are made by an admin at \
                       /admin/jetons). Errors are application/problem+json (RFC 9457)."
    ),
    paths(
        openapi, me, persons, person_create, person, person_update, person_badges, badge_assign,
        person_export, person_erase, badge_revoke, desk_taps, associations, association_create,
        association, association_member, presence, taps, kiosks, logbook, logbook_add,
        logbook_edit, audit, users, user_create
    ),
    components(schemas(Problem, ProblemField, Me, Role, people::Person, people::PersonInput,
        people::PersonSummary, people::Badge, BadgeInput, RevokeInput, people::UnknownTap,
        people::Association, people::AssociationInput, AssociationDetail, people::Member,
        MemberInput, super::pages::Presence, Tap, Kiosk, logbook::Entry, EntryInput, EntryEdit,
        Kind, AuditEntry, User, UserInput, NewAccount, Created)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

#[derive(Debug)]
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI 3 document of this API, the SEL's included.
#[utoipa::path(get, path = "/api/v1/openapi.json", security(()),
    responses((status = 200, description = "OpenAPI 3 document", content_type = "application/json")))]
pub async fn openapi() -> Response {
    json(StatusCode::OK, &document())
}

/// The whole API's document: this module's paths and the SEL's (`super::sel_api`).
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
        .merge_from(super::sel_api::SelApiDoc::openapi())
        .merge_from(super::spaces_api::SpacesApiDoc::openapi())
}

// ---------------------------------------------------------------------------------------------
// Me

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub person_id: Option<i64>,
    pub language: String,
}

/// The account making the call.
#[utoipa::path(get, path = "/api/v1/me", responses(
    (status = 200, body = Me), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn me(c: Ctx) -> ApiResult<Response> {
    let u = c
        .user
        .as_ref()
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated"))?;
    Ok(json(
        StatusCode::OK,
        &Me {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role,
            person_id: u.person_id,
            language: u.language.clone(),
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// People and badges

#[derive(Debug, Deserialize, utoipa::IntoParams)]
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
    Query(p): Query<SearchParams>,
) -> ApiResult<Response> {
    let limit = p.limit.unwrap_or(50).clamp(1, 200);
    let list = people::search(&state.pool, &p.q, limit).await?;
    Ok(json(StatusCode::OK, &list))
}

/// The id of what was created.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
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
    let data = people::export(&state.pool, id)
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
    people::erase(&state.pool, &actor(&c)?, id)
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
    .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------
// The desk

/// Who is in the building now (from taps), and where they were last seen.
#[utoipa::path(get, path = "/api/v1/presence", responses((status = 200, body = Vec<super::pages::Presence>)))]
pub async fn presence(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(
        StatusCode::OK,
        &super::pages::presence(&state.pool).await?,
    ))
}

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
pub struct LimitParams {
    /// At most this many (1–500, default 50).
    #[serde(default)]
    limit: Option<i64>,
}

/// The latest kiosk taps, newest first.
#[utoipa::path(get, path = "/api/v1/taps", params(LimitParams), responses((status = 200, body = Vec<Tap>)))]
pub async fn taps(
    State(state): State<AppState>,
    Query(p): Query<LimitParams>,
) -> ApiResult<Response> {
    let list: Vec<Tap> = sqlx::query_as(
        "SELECT id, kiosk_id, read_at, received_at, badge, person_id, result, flagged
         FROM kiosk_events ORDER BY ingest_no DESC LIMIT ?",
    )
    .bind(p.limit.unwrap_or(50).clamp(1, 500))
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
    Query(p): Query<LimitParams>,
) -> ApiResult<Response> {
    let list = logbook::latest(&state.pool, p.limit.unwrap_or(50).clamp(1, 500)).await?;
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

// ---------------------------------------------------------------------------------------------
// Administration

/// The audit log, newest first, filtered.
#[utoipa::path(get, path = "/api/v1/audit", params(AuditFilter), responses(
    (status = 200, body = Vec<AuditEntry>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn audit(
    State(state): State<AppState>,
    c: Ctx,
    Query(f): Query<AuditFilter>,
) -> ApiResult<Response> {
    let mut fields = vec![];
    if f.from
        .as_deref()
        .is_some_and(|d| !d.is_empty() && !crate::audit::day_ok(d))
    {
        fields.push(FieldError {
            field: "from",
            key: "error-date",
        });
    }
    if f.to
        .as_deref()
        .is_some_and(|d| !d.is_empty() && !crate::audit::day_ok(d))
    {
        fields.push(FieldError {
            field: "to",
            key: "error-date",
        });
    }
    if !fields.is_empty() {
        return Err(ApiError::refusal(Refusal::Invalid(fields), c.tr.lang));
    }
    Ok(json(
        StatusCode::OK,
        &crate::audit::search(&state.pool, &f, 1000).await?,
    ))
}

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub person_id: Option<i64>,
    pub disabled_at: Option<String>,
}

/// All accounts.
#[utoipa::path(get, path = "/api/v1/users", responses((status = 200, body = Vec<User>)))]
pub async fn users(State(state): State<AppState>) -> ApiResult<Response> {
    let list: Vec<User> = sqlx::query_as(
        "SELECT id, username, display_name, role, person_id, disabled_at FROM users ORDER BY username",
    )
    .fetch_all(&state.pool)
    .await?;
    Ok(json(StatusCode::OK, &list))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Required for association and resident accounts.
    #[serde(default)]
    pub person_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NewAccount {
    pub id: i64,
    /// A temporary password, to change at first login. Shown only here.
    pub temporary_password: String,
}

/// Creates an account with a temporary password.
#[utoipa::path(post, path = "/api/v1/users", request_body = UserInput, responses(
    (status = 201, body = NewAccount),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn user_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<UserInput>,
) -> ApiResult<Response> {
    let (id, temporary_password) = super::pages::create_account(
        &state,
        &actor(&c)?,
        &input.username,
        &input.display_name,
        input.role.as_str(),
        input.person_id,
    )
    .await
    .map_err(|r| ApiError::refusal(r, c.tr.lang))?;
    Ok(json(
        StatusCode::CREATED,
        &NewAccount {
            id,
            temporary_password,
        },
    ))
}
