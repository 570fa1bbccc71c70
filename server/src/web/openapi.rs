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

/// The whole API's document: the shared part and each domain's (through the list), with the
/// answers every operation can give whatever its handler says (see [`document_shared_answers`]).
pub fn document(domains: Domains) -> utoipa::openapi::OpenApi {
    let mut doc = domains
        .iter()
        .filter_map(|d| d.openapi)
        .fold(ApiDoc::openapi(), |doc, part| doc.merge_from(part()));
    document_shared_answers(&mut doc, &crate::web::routes(domains));
    doc
}

/// Adds to each operation the answers the shared layers give before its handler runs, unless the
/// operation documents them itself: 401 (no or a bad token) and 403 (a role the route does not
/// admit, a CSRF failure, a temporary password) from its access rule in the route table; and for
/// an operation with a JSON body, 400 (not JSON), 413 (over `web::BODY_LIMIT`), 415 (not
/// `application/json`) and 422 (a field refused, text that may not come in: `crate::text`).
fn document_shared_answers(doc: &mut utoipa::openapi::OpenApi, table: &[crate::web::RouteInfo]) {
    use crate::web::Access;
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let problem = |text: &str| {
        ResponseBuilder::new()
            .description(text)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build()
    };
    for (path, item) in doc.paths.paths.iter_mut() {
        let operations = [
            ("GET", &mut item.get),
            ("POST", &mut item.post),
            ("PUT", &mut item.put),
            ("DELETE", &mut item.delete),
            ("PATCH", &mut item.patch),
        ];
        for (method, operation) in operations {
            let Some(op) = operation.as_mut() else {
                continue;
            };
            let access = table
                .iter()
                .find(|r| r.method.as_str() == method && r.path == path)
                .map(|r| r.access);
            let mut add = |status: &str, text: &str| {
                op.responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| problem(text).into());
            };
            match access {
                Some(Access::Public) | None => {}
                Some(Access::Authenticated) => {
                    add("401", "No valid API token or session.");
                    add(
                        "403",
                        "A temporary password must be changed first, or a CSRF check failed.",
                    );
                }
                Some(Access::Roles(_)) => {
                    add("401", "No valid API token or session.");
                    add("403", "The account's role may not use this operation.");
                }
            }
            let json_body = op
                .request_body
                .as_ref()
                .is_some_and(|b| b.content.contains_key("application/json"));
            if json_body {
                add("400", "The body is not JSON.");
                add("413", "The body is larger than 1 MiB.");
                add("415", "The body is not `application/json`.");
                add(
                    "422",
                    "A field is refused: missing, of the wrong kind, breaking a rule, or holding \
                     text that may not come in (control characters, hidden reordering marks, \
                     more than 10,000 characters).",
                );
            }
        }
    }
}
