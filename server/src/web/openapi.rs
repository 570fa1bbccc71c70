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
    document_text_rules(&mut doc);
    doc
}

/// The schema names two parts of the document give to different schemas. Merging keeps one of
/// them, so the other part's operations would be described with a body they do not take: each
/// domain names its schemas apart (`#[schema(as = …)]`). `server/tests/surface.rs` wants none.
pub fn schema_collisions(domains: Domains) -> Vec<String> {
    let mut seen: std::collections::BTreeMap<String, serde_json::Value> = Default::default();
    let mut out = vec![];
    let parts = std::iter::once(ApiDoc::openapi())
        .chain(domains.iter().filter_map(|d| d.openapi).map(|part| part()));
    for part in parts {
        for (name, schema) in part.components.iter().flat_map(|c| c.schemas.iter()) {
            let value = serde_json::to_value(schema).unwrap_or_default();
            match seen.get(name) {
                Some(before) if *before != value => out.push(name.clone()),
                Some(_) => {}
                None => {
                    seen.insert(name.clone(), value);
                }
            }
        }
    }
    out
}

/// States `crate::text`'s rule on every string that comes in (request bodies, query and path
/// parameters) and has no pattern, format or list of values of its own: the pattern of what
/// [`crate::text::clean`] lets in (with a character that is not white space when the field is
/// marked `min_length`, since its rules trim it), and [`crate::text::MAX_CHARS`] when the field
/// has no smaller limit. An object that comes in takes only its own fields
/// (`additionalProperties: false`): the server reads no other, and refuses text that may not
/// come in wherever it is, an unknown field's name and value included.
fn document_text_rules(doc: &mut utoipa::openapi::OpenApi) {
    let mut incoming = std::collections::BTreeSet::new();
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            for param in op.parameters.iter_mut().flatten() {
                if let Some(schema) = param.schema.as_mut() {
                    text_rule(schema, &mut incoming);
                }
            }
            for content in op
                .request_body
                .iter_mut()
                .flat_map(|b| b.content.values_mut())
            {
                if let Some(schema) = content.schema.as_mut() {
                    text_rule(schema, &mut incoming);
                }
            }
        }
    }
    // The schemas the bodies name, and the ones those name, each once.
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    let mut done = std::collections::BTreeSet::new();
    while let Some(name) = incoming.pop_first() {
        if !done.insert(name.clone()) {
            continue;
        }
        if let Some(schema) = components.schemas.get_mut(&name) {
            let mut more = std::collections::BTreeSet::new();
            text_rule(schema, &mut more);
            incoming.extend(more.into_iter().filter(|n| !done.contains(n)));
        }
    }
}

/// [`document_text_rules`] on one schema and what it holds; the components it refers to are
/// added to `refs`.
fn text_rule(
    schema: &mut utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
    refs: &mut std::collections::BTreeSet<String>,
) {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{ArrayItems, Schema, SchemaType, Type};
    let schema = match schema {
        RefOr::Ref(r) => {
            if let Some(name) = r.ref_location.strip_prefix("#/components/schemas/") {
                refs.insert(name.to_owned());
            }
            return;
        }
        RefOr::T(s) => s,
    };
    match schema {
        Schema::Object(o) => {
            let is_string = match &o.schema_type {
                SchemaType::Type(t) => *t == Type::String,
                SchemaType::Array(ts) => ts.contains(&Type::String),
                SchemaType::AnyValue => false,
            };
            if is_string && o.enum_values.is_none() && o.format.is_none() && o.pattern.is_none() {
                o.pattern = Some(if o.min_length.is_some_and(|n| n > 0) {
                    crate::text::PATTERN_FILLED.to_owned()
                } else {
                    crate::text::PATTERN.to_owned()
                });
                o.max_length.get_or_insert(crate::text::MAX_CHARS);
            }
            if matches!(&o.schema_type, SchemaType::Type(Type::Object))
                && o.additional_properties.is_none()
            {
                o.additional_properties = Some(Box::new(
                    utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
                ));
            }
            for property in o.properties.values_mut() {
                text_rule(property, refs);
            }
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(item) = &mut a.items {
                text_rule(item, refs);
            }
        }
        Schema::OneOf(x) => x.items.iter_mut().for_each(|i| text_rule(i, refs)),
        Schema::AllOf(x) => x.items.iter_mut().for_each(|i| text_rule(i, refs)),
        Schema::AnyOf(x) => x.items.iter_mut().for_each(|i| text_rule(i, refs)),
        _ => {}
    }
}

/// Adds to each operation the answers the shared layers give before its handler runs, unless the
/// operation documents them itself: 401 (no or a bad token) and 403 (a role the route does not
/// admit, a CSRF failure, a temporary password) from its access rule in the route table; and for
/// an operation with a JSON body, 400 (not JSON), 413 (over `web::BODY_LIMIT`), 415 (not
/// `application/json`) and 422 (a field refused, text that may not come in: `crate::text`); 404
/// for an operation with an id in its path (one that is no number in range is found nowhere);
/// 400 for one with a query string (malformed: `web::problem::ApiQuery`).
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
            if op
                .parameters
                .iter()
                .flatten()
                .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Path))
            {
                add(
                    "404",
                    "Nothing has this id (an id that is not a whole number in range included).",
                );
            }
            if op
                .parameters
                .iter()
                .flatten()
                .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query))
            {
                add(
                    "400",
                    "The query string is malformed (a parameter given twice, a number that is \
                     not one).",
                );
            }
            // Every body this API takes is required (utoipa marks a picture's as optional).
            if let Some(b) = op.request_body.as_mut() {
                b.required = Some(utoipa::openapi::Required::True);
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

// ---------------------------------------------------------------------------------------------
// The server's limits, stated in the document

/// What a field or a parameter may hold, written with the constants the rules check, so that the
/// document states the server's own limits (utoipa's `#[schema(max_length = …)]` takes only
/// literals). Each domain lists its own in a [`Limits`] given to its document as a modifier.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// A text of `min..=max` characters; `min` 1: not blank once trimmed.
    Text(usize, usize),
    /// A text matching the pattern, of at most `max` characters.
    Pattern(&'static str, usize),
    /// One of these values.
    OneOf(&'static [&'static str]),
    /// A whole number in `min..=max`.
    Int(i64, i64),
    /// A whole number of at least this.
    AtLeast(i64),
    /// A number from minus this to this.
    Within(f64),
    /// A box that must be ticked (`true` only): a confirmation the rules require.
    Ticked,
    /// A day, `YYYY-MM-DD`.
    Date,
    /// A day, `YYYY-MM-DD`, matching the pattern too (e.g. the years a domain takes).
    DateIn(&'static str),
    /// An instant, RFC 3339.
    DateTime,
    /// A local time of day, `HH:MM`.
    Time,
    /// A list of at least `min` items, at most `max` when given, each once when `unique`.
    Items(usize, Option<usize>, bool),
    /// A value no other record may have (a name, a user name, a pass card lent once): taken, the
    /// operations whose body is this schema answer 409 (`crate::refusal::TAKEN`).
    Unique,
}

/// Where a [`Rule`] applies: a property of a component schema, or a parameter of the operations
/// at a path.
#[derive(Debug, Clone, Copy)]
pub enum At {
    Field(&'static str, &'static str),
    Param(&'static str, &'static str),
}

/// A time of day as the rules read it, `HH:MM` (00:00–23:59).
pub const TIME_PATTERN: &str = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

/// One domain's limits, applied to its part of the document. A limit naming a schema, a field or
/// a parameter the document does not have panics: the list cannot drift from the handlers
/// unnoticed (`server/tests/surface.rs` builds the document).
#[derive(Debug)]
pub struct Limits(pub &'static [(At, Rule)]);

impl utoipa::Modify for Limits {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::RefOr;
        use utoipa::openapi::schema::Schema;
        for (at, rule) in self.0 {
            if let (At::Field(schema, _), Rule::Unique) = (*at, *rule) {
                document_taken(doc, schema);
            }
            match *at {
                At::Field(schema, field) => {
                    let found = doc
                        .components
                        .as_mut()
                        .and_then(|c| c.schemas.get_mut(schema))
                        .and_then(|s| match s {
                            RefOr::T(Schema::Object(o)) => {
                                // A box the rules require ticked is required in the body too
                                // (the handler's default, unticked, is refused).
                                if matches!(rule, Rule::Ticked)
                                    && !o.required.iter().any(|r| r == field)
                                {
                                    o.required.push(field.to_owned());
                                }
                                o.properties.get_mut(field)
                            }
                            _ => None,
                        });
                    match found {
                        Some(RefOr::T(Schema::Object(o))) => apply(o, *rule),
                        Some(RefOr::T(Schema::Array(a))) => match *rule {
                            Rule::Items(min, max, unique) => {
                                a.min_items = Some(min);
                                a.max_items = max;
                                a.unique_items = unique;
                            }
                            Rule::Unique => {}
                            _ => panic!("OpenAPI limits: {schema}.{field} is a list"),
                        },
                        _ => panic!("OpenAPI limits: no field {schema}.{field}"),
                    }
                }
                At::Param(path, name) => {
                    let item = doc
                        .paths
                        .paths
                        .get_mut(path)
                        .unwrap_or_else(|| panic!("OpenAPI limits: no path {path}"));
                    let mut seen = false;
                    for op in [
                        &mut item.get,
                        &mut item.post,
                        &mut item.put,
                        &mut item.delete,
                    ]
                    .into_iter()
                    .flatten()
                    {
                        for p in op.parameters.iter_mut().flatten() {
                            if p.name == name
                                && let Some(RefOr::T(Schema::Object(o))) = p.schema.as_mut()
                            {
                                apply(o, *rule);
                                seen = true;
                            }
                        }
                    }
                    assert!(seen, "OpenAPI limits: no parameter {name} at {path}");
                }
            }
        }
    }
}

/// Adds 409 to every operation whose JSON body is `schema` (see [`Rule::Unique`]).
fn document_taken(doc: &mut utoipa::openapi::OpenApi, schema: &str) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let reference = format!("#/components/schemas/{schema}");
    let mut seen = false;
    for item in doc.paths.paths.values_mut() {
        for op in [&mut item.post, &mut item.put, &mut item.patch]
            .into_iter()
            .flatten()
        {
            let body_is = op
                .request_body
                .as_ref()
                .and_then(|b| b.content.get("application/json"))
                .and_then(|c| c.schema.as_ref())
                .is_some_and(|s| matches!(s, RefOr::Ref(r) if r.ref_location == reference));
            if !body_is {
                continue;
            }
            seen = true;
            op.responses
                .responses
                .entry("409".to_owned())
                .or_insert_with(|| {
                    ResponseBuilder::new()
                        .description(
                            "A value another record already has, or the rules forbid the change \
                             as things stand.",
                        )
                        .content(
                            "application/problem+json",
                            ContentBuilder::new()
                                .schema(Some(Ref::from_schema_name("Problem")))
                                .build(),
                        )
                        .build()
                        .into()
                });
        }
    }
    assert!(seen, "OpenAPI limits: no operation takes {schema}");
}

fn apply(o: &mut utoipa::openapi::schema::Object, rule: Rule) {
    use utoipa::openapi::schema::{KnownFormat, SchemaFormat};
    match rule {
        Rule::Text(min, max) => {
            o.min_length = (min > 0).then_some(min);
            o.max_length = Some(max);
        }
        Rule::Pattern(pattern, max) => {
            o.pattern = Some(pattern.to_owned());
            o.max_length = Some(max);
        }
        Rule::OneOf(values) => {
            o.enum_values = Some(values.iter().map(|v| serde_json::json!(v)).collect());
        }
        Rule::Int(min, max) => {
            o.minimum = Some(min.into());
            o.maximum = Some(max.into());
        }
        Rule::AtLeast(min) => o.minimum = Some(min.into()),
        Rule::Within(bound) => {
            o.minimum = Some((-bound).into());
            o.maximum = Some(bound.into());
        }
        Rule::Ticked => o.enum_values = Some(vec![serde_json::Value::Bool(true)]),
        Rule::Date => o.format = Some(SchemaFormat::KnownFormat(KnownFormat::Date)),
        Rule::DateIn(pattern) => {
            o.format = Some(SchemaFormat::KnownFormat(KnownFormat::Date));
            o.pattern = Some(pattern.to_owned());
        }
        Rule::DateTime => o.format = Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)),
        Rule::Time => {
            o.pattern = Some(TIME_PATTERN.to_owned());
            o.max_length = Some(5);
        }
        Rule::Items(..) => panic!("OpenAPI limits: a list's rule on a value"),
        Rule::Unique => {}
    }
}
