//! The OpenAPI document at `/api/v1/openapi.json`: the shared part, merged with each domain's.

use crate::web::AppState;
use crate::web::domain::Domains;
use crate::web::problem::{Problem, ProblemField, json};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use utoipa::OpenApi;

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
    paths(openapi),
    components(schemas(Problem, ProblemField)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

#[derive(Debug)]
pub(crate) struct BearerAuth;

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
pub async fn openapi(State(state): State<AppState>) -> Response {
    json(StatusCode::OK, &document(state.domains))
}

/// The whole API's document: the shared part and each domain's (through the list).
pub fn document(domains: Domains) -> utoipa::openapi::OpenApi {
    domains
        .iter()
        .filter_map(|d| d.openapi)
        .fold(ApiDoc::openapi(), |doc, part| doc.merge_from(part()))
}
