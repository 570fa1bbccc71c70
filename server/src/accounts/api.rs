//! The accounts API: who am I, and the admin's accounts.

use crate::audit::{AuditEntry, AuditFilter};
use crate::auth::Role;
use crate::refusal::{FieldError, Refusal};
use crate::web::AppState;
use crate::web::problem::{ApiError, ApiQuery, ApiResult, JsonBody, Problem, actor, json};
use crate::web::{ADMIN, Access, Ctx, Routes};
use axum::extract::State;
use axum::http::Method;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

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
// Administration

/// The audit log, newest first, filtered.
#[utoipa::path(get, path = "/api/v1/audit", params(AuditFilter), responses(
    (status = 200, body = Vec<AuditEntry>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn audit(
    State(state): State<AppState>,
    c: Ctx,
    ApiQuery(f): ApiQuery<AuditFilter>,
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
    let (id, temporary_password) = super::create_account(
        &state.pool,
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

/// Declares this part's routes with their access rules.
pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    #[allow(unused_imports)]
    use axum::routing::{get, post, put};
    r.add(M::GET, "/api/v1/me", Access::Authenticated, get(me));
    r.add(M::GET, "/api/v1/audit", ADMIN, get(audit));
    r.add(M::GET, "/api/v1/users", ADMIN, get(users));
    r.add(M::POST, "/api/v1/users", ADMIN, post(user_create));
}

/// What the accounts' rules take, stated in the document.
static LIMITS: crate::web::openapi::Limits = {
    use crate::web::openapi::{At, Limits, Rule};
    Limits(&[
        (At::Param("/api/v1/audit", "from"), Rule::Date),
        (At::Param("/api/v1/audit", "to"), Rule::Date),
        (
            At::Field("UserInput", "username"),
            Rule::Pattern(crate::auth::USERNAME_PATTERN, crate::auth::USERNAME_MAX),
        ),
        (At::Field("UserInput", "username"), Rule::Unique),
        (
            At::Field("UserInput", "display_name"),
            Rule::Text(1, super::DISPLAY_NAME_MAX),
        ),
    ])
};

/// This part of the OpenAPI document, merged into `/api/v1/openapi.json` through the list.
#[derive(Debug, OpenApi)]
#[openapi(
    paths(me, audit, users, user_create),
    components(schemas(Me, Role, AuditEntry, User, UserInput, NewAccount)),
    modifiers(&LIMITS)
)]
pub struct AccountsApiDoc;
