//! Bad text through every door: every API operation of the OpenAPI document that takes a body,
//! and every form of the route table, sent NUL, other control characters, a hidden
//! right-to-left override, a lone surrogate (`\ud800` in JSON, bytes that are not UTF-8 in a
//! form), a 100 kB value and a body over the limit. Each is refused with a 4xx — never a 5xx —
//! and the database is exactly as before. Good text still comes in: an Arabic name, a name typed
//! with combining accents (stored in NFC).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use citeosquare_server::auth::Role;
use citeosquare_server::web::{Access, RouteInfo};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use support::TestApp;

/// The payloads, as JSON string literals (so that a lone surrogate can be written).
const BAD_JSON: [&str; 6] = [
    r#""\u0000""#,
    r#""Marie\u0000Curie""#,
    r#""\u0007\u001b[31m""#,
    r#""Marie\u202eeiraM""#,
    r#""\ud800""#,
    "HUNDRED_KB",
];

/// The same, percent-encoded for a form (`%ED%A0%80` is a surrogate written as UTF-8: not UTF-8).
const BAD_FORM: [&str; 6] = [
    "%00",
    "Marie%00Curie",
    "%07%1B%5B31m",
    "Marie%E2%80%AEeiraM",
    "%ED%A0%80",
    "HUNDRED_KB",
];

/// Tables that a request touches by itself (the session's last use, a token's), not data.
const BOOKKEEPING: [&str; 2] = ["sessions", "api_tokens"];

/// Everything the database holds, as one number.
async fn fingerprint(app: &TestApp) -> u64 {
    let tables: Vec<String> = sqlx::query_scalar(
        // Ordinary tables only: a full-text index's shadow tables follow their content table.
        "SELECT name FROM pragma_table_list WHERE type = 'table' AND schema = 'main'
           AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for t in tables.iter().filter(|t| !BOOKKEEPING.contains(&t.as_str())) {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
            .bind(t)
            .fetch_all(&app.pool)
            .await
            .unwrap();
        let row = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        // The table and column names come from the schema itself, not from input.
        let all: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT group_concat({row}, '|') FROM (SELECT * FROM \"{t}\" ORDER BY rowid)"
        )))
        .fetch_one(&app.pool)
        .await
        .unwrap();
        (t, all).hash(&mut h);
    }
    h.finish()
}

/// The demo account admitted by a route, with the most rights.
fn account_for(route: &RouteInfo) -> &'static str {
    match route.access {
        Access::Public | Access::Authenticated => "admin",
        Access::Roles(roles) if roles.contains(&Role::Admin) => "admin",
        Access::Roles(roles) if roles.contains(&Role::Reception) => "accueil",
        Access::Roles(roles) if roles.contains(&Role::Association) => "asso",
        Access::Roles(_) => "resident",
    }
}

fn concrete(path: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with('{') { "1" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

/// The property names of a request body's schema, its references and compositions followed.
fn properties(doc: &Value, schema: &Value, out: &mut BTreeSet<String>, depth: usize) {
    if depth > 6 {
        return;
    }
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap();
        properties(doc, &doc["components"]["schemas"][name], out, depth + 1);
    }
    if let Some(p) = schema["properties"].as_object() {
        out.extend(p.keys().cloned());
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for s in schema[key].as_array().into_iter().flatten() {
            properties(doc, s, out, depth + 1);
        }
    }
    if schema["items"].is_object() {
        properties(doc, &schema["items"], out, depth + 1);
    }
}

#[tokio::test]
async fn every_api_body_with_bad_text_is_refused_with_a_4xx_and_changes_nothing() {
    let app = TestApp::new().await;
    let doc = serde_json::to_value(citeosquare_server::web::openapi::document(
        citeosquare_server::DOMAINS,
    ))
    .unwrap();
    let table = citeosquare_server::routes();
    let mut tokens = std::collections::HashMap::new();
    for name in ["admin", "accueil", "asso", "resident"] {
        tokens.insert(name, app.token(name).await);
    }
    let before = fingerprint(&app).await;
    let hundred_kb = format!("\"{}\"", "x".repeat(100_000));
    let mut walked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(schema) = op["requestBody"]["content"]["application/json"]["schema"]
                .as_object()
                .map(|o| Value::Object(o.clone()))
            else {
                continue;
            };
            let mut names = BTreeSet::new();
            properties(&doc, &schema, &mut names, 0);
            if names.is_empty() {
                names.insert("value".into());
            }
            let method: Method = method.to_uppercase().parse().unwrap();
            let route = table
                .iter()
                .find(|r| r.method == method && r.path == path)
                .unwrap_or_else(|| panic!("{method} {path} is documented but not routed"));
            let token = &tokens[account_for(route)];
            for bad in BAD_JSON {
                let bad = if bad == "HUNDRED_KB" {
                    &hundred_kb
                } else {
                    bad
                };
                let body = format!(
                    "{{{}}}",
                    names
                        .iter()
                        .map(|n| format!("\"{n}\":{bad}"))
                        .collect::<Vec<_>>()
                        .join(",")
                );
                let req = support::request(method.clone(), &concrete(path))
                    .header(header::AUTHORIZATION, format!("Bearer {token}"))
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(body))
                    .unwrap();
                let reply = app.send(req).await;
                assert!(
                    matches!(reply.status.as_u16(), 400 | 413 | 415 | 422),
                    "{method} {path} with {}: {} {}",
                    &bad[..bad.len().min(30)],
                    reply.status,
                    reply.body
                );
                assert_eq!(
                    reply.content_type(),
                    "application/problem+json",
                    "{method} {path}"
                );
                // What the server answered, the document says it may.
                assert!(
                    op["responses"]
                        .as_object()
                        .unwrap()
                        .contains_key(reply.status.as_str()),
                    "{method} {path} answered {} but the document does not say so",
                    reply.status
                );
                walked += 1;
            }
        }
    }
    assert!(
        walked > 200,
        "only {walked} calls: the document was not walked"
    );
    assert_eq!(fingerprint(&app).await, before, "something was stored");
}

/// Form routes whose handler reads no form: a button that acts on the page's object (log out,
/// disable an account, approve a request…). They ignore a body, so bad text in one is never
/// stored; every other form must refuse it. Found by the walk below: a new form route that takes
/// bad text without refusing it fails the test until it reads its body through `web::F`.
const ACTIONS_WITHOUT_A_FORM: [&str; 17] = [
    "/deconnexion",
    "/admin/courriel/{id}/reessayer",
    "/admin/comptes/{id}/reinitialiser",
    "/admin/comptes/{id}/reactiver",
    "/admin/jetons/{id}/revoquer",
    "/admin/sel/rapprochement",
    "/moi/permanences/{id}/inscription",
    "/hotel/sejours/{id}/accepter",
    "/hotel/sejours/{id}/absent",
    "/hotel/sejours/{id}/badges/{badge}/rendu",
    "/hotel/calendriers/{id}/lire",
    "/hotel/calendriers/{id}/retirer",
    "/hotel/folios/prestations/{id}/retirer",
    "/evacuation/appel/{id}/fin",
    "/main-courante/{id}/lu",
    "/registres/prets/{id}/rendu",
    "/registres/colis/{id}/prevenu",
];

#[tokio::test]
async fn every_form_with_bad_text_is_refused_with_a_4xx_and_changes_nothing() {
    let hundred_kb = "x".repeat(100_000);
    let fields = [
        "nom",
        "name",
        "titre",
        "title",
        "first_name",
        "last_name",
        "prenom",
        "body",
        "note",
        "label",
        "memo",
        "message",
        "raison",
        "reason",
        "identifiant",
        "description",
    ];
    let routes: Vec<RouteInfo> = citeosquare_server::routes()
        .into_iter()
        .filter(|r| r.method == Method::POST && !r.path.starts_with("/api/"))
        .collect();
    assert!(routes.len() > 50, "the route table was not walked");
    let mut took_it = vec![];
    for route in &routes {
        // Each route on its own site: a button that acts (logging out, disabling an account)
        // must not spoil the next route's walk.
        let app = TestApp::new().await;
        let account = account_for(route);
        let before = fingerprint(&app).await;
        let mut refused = true;
        for bad in BAD_FORM {
            let session = app.session(account).await;
            let bad = if bad == "HUNDRED_KB" {
                &hundred_kb
            } else {
                bad
            };
            let mut body: String = fields.iter().map(|f| format!("{f}={bad}&")).collect();
            body.push_str(&format!("_csrf={}", session.csrf));
            let req = TestApp::page_request(Method::POST, &concrete(route.path), Some(&session))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ORIGIN, "http://127.0.0.1:8080")
                .body(Body::from(body))
                .unwrap();
            let reply = app.send(req).await;
            assert!(
                !reply.status.is_server_error(),
                "{} as {account}: {} {}",
                route.path,
                reply.status,
                reply.body
            );
            refused &= matches!(reply.status.as_u16(), 400 | 413 | 422);
        }
        if refused {
            assert_eq!(
                fingerprint(&app).await,
                before,
                "{}: refused, yet something was stored",
                route.path
            );
        } else {
            took_it.push(route.path);
        }
    }
    let unexpected: Vec<_> = took_it
        .iter()
        .filter(|p| !ACTIONS_WITHOUT_A_FORM.contains(p))
        .collect();
    assert!(
        unexpected.is_empty(),
        "forms that took bad text: {unexpected:#?}"
    );
    let stale: Vec<_> = ACTIONS_WITHOUT_A_FORM
        .iter()
        .filter(|a| !took_it.contains(a))
        .collect();
    assert!(stale.is_empty(), "these now refuse bad text: {stale:?}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413_anonymous_or_not() {
    let app = TestApp::new().await;
    let big = "x".repeat(citeosquare_server::web::BODY_LIMIT + 1);
    for path in ["/connexion", "/langue"] {
        let reply = app
            .send(
                support::request(Method::POST, path)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ORIGIN, "http://127.0.0.1:8080")
                    .body(Body::from(format!("identifiant={big}")))
                    .unwrap(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert!(reply.body.contains("trop volumineuse"), "{}", reply.body);
    }
    let token = app.token("admin").await;
    let reply = app
        .call(
            Method::POST,
            "/api/v1/persons",
            Some(&token),
            Some(json!({ "first_name": big, "last_name": "x" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.content_type(), "application/problem+json");
}

#[tokio::test]
async fn good_text_comes_in_and_is_stored_in_nfc() {
    let app = TestApp::new().await;
    let token = app.token("accueil").await;
    let reply = app
        .call(
            Method::POST,
            "/api/v1/persons",
            Some(&token),
            Some(json!({ "first_name": "مريم", "last_name": "He\u{301}le\u{300}ne" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let id = reply.json()["id"].as_i64().unwrap();
    let (first, last): (String, String) =
        sqlx::query_as("SELECT first_name, last_name FROM persons WHERE id = ?")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(first, "مريم");
    assert_eq!(last, "Hélène");
    assert_eq!(last.chars().count(), 6);

    // The same through the desk's form, and the refusal names no internal error.
    let desk = app.session("accueil").await;
    let reply = app
        .post_form(
            "/personnes/nouvelle",
            Some(&desk),
            &[("first_name", "Ana\u{0}"), ("last_name", "Silva")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("caractère invisible"), "{}", reply.body);
    let reply = app
        .post_form(
            "/personnes/nouvelle",
            Some(&desk),
            &[
                ("first_name", "Ana"),
                ("last_name", "Silva"),
                ("kind", "resident"),
                ("language", "fr"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
}
