//! The API's answer to a request that is right but cannot be done as things stand: a name, a
//! user name or a visitor's pass another record already has is a conflict (409), told at its
//! field like any refused value, and documented so; a person named by the path who does not
//! exist is not found (404). Nothing is stored by a refused request.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use support::TestApp;

/// Sends the same body twice: the first is stored (201), the second refused.
async fn twice(app: &TestApp, token: &str, path: &str, body: Value) -> support::Reply {
    let first = app
        .call(Method::POST, path, Some(token), Some(body.clone()))
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{path}: {}", first.body);
    app.call(Method::POST, path, Some(token), Some(body)).await
}

/// A new association's id.
async fn association(app: &TestApp, admin: &str, name: &str) -> i64 {
    let reply = app
        .call(
            Method::POST,
            "/api/v1/associations",
            Some(admin),
            Some(json!({"name": name})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.json()["id"].as_i64().unwrap()
}

fn assert_taken(reply: &support::Reply, field: &str, code: &str) {
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert_eq!(reply.content_type(), "application/problem+json");
    let problem = reply.json();
    assert_eq!(problem["status"], 409);
    assert_eq!(problem["errors"][0]["field"], field);
    assert_eq!(problem["errors"][0]["code"], code);
    assert!(
        !problem["errors"][0]["message"].as_str().unwrap().is_empty(),
        "the message says it in words"
    );
}

#[tokio::test]
async fn a_value_another_record_has_is_a_conflict_told_at_its_field() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let desk = app.token("accueil").await;

    let reply = twice(
        &app,
        &admin,
        "/api/v1/associations",
        json!({"name": "Les Amis du Lavoir", "description": ""}),
    )
    .await;
    assert_taken(&reply, "name", "error-association-exists");
    assert_eq!(
        app.count("SELECT count(*) FROM associations WHERE name = 'Les Amis du Lavoir'")
            .await,
        1
    );

    let reply = twice(
        &app,
        &admin,
        "/api/v1/hostel/extras",
        json!({"name": "Panier pique-nique", "price_cents": 650}),
    )
    .await;
    assert_taken(&reply, "name", "error-hostel-extra-taken");
    assert_eq!(
        app.count("SELECT count(*) FROM hostel_extras WHERE name = 'Panier pique-nique'")
            .await,
        1
    );

    // A visitor's pass still with someone inside.
    let reply = twice(
        &app,
        &desk,
        "/api/v1/visitors",
        json!({"name": "Paul Girard", "visiting": "Atelier vélo", "pass": "V-12"}),
    )
    .await;
    assert_taken(&reply, "pass", "presence-pass-out");
    assert_eq!(
        app.count("SELECT count(*) FROM visitors WHERE pass = 'V-12'")
            .await,
        1
    );

    // A value refused for itself as well as taken is the client's to mend first: 422.
    let reply = app
        .call(
            Method::POST,
            "/api/v1/visitors",
            Some(&desk),
            Some(json!({"name": "", "visiting": "Atelier vélo", "pass": "V-12"})),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );

    // The document says so for each of these operations.
    let doc = app
        .call(Method::GET, "/api/v1/openapi.json", None, None)
        .await
        .json();
    for (path, method) in [
        ("/api/v1/associations", "post"),
        ("/api/v1/hostel/extras", "post"),
        ("/api/v1/visitors", "post"),
        ("/api/v1/users", "post"),
    ] {
        assert!(
            doc["paths"][path][method]["responses"]["409"].is_object(),
            "{method} {path} documents 409"
        );
    }
}

#[tokio::test]
async fn a_member_named_by_the_path_who_does_not_exist_is_not_found() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let association = association(&app, &admin, "Jardins partagés du Moulin").await;
    let reply = app
        .call(
            Method::PUT,
            &format!("/api/v1/associations/{association}/members/987654"),
            Some(&admin),
            Some(json!({"representative": false})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    assert_eq!(
        app.count("SELECT count(*) FROM association_members WHERE person_id = 987654")
            .await,
        0
    );
}

#[tokio::test]
async fn a_use_naming_an_association_twice_names_it_once() {
    let app = TestApp::new().await;
    let admin = app.token("admin").await;
    let association = association(&app, &admin, "Chorale des Tilleuls").await;
    let reply = app
        .call(
            Method::POST,
            "/api/v1/space-uses",
            Some(&admin),
            Some(
                json!({"code": "chorale", "name": "Répétition de chorale", "colour": "#336699",
                        "mode": "event", "associations": [association, association]}),
            ),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(
        app.count(
            "SELECT count(*) FROM space_use_associations
             WHERE use_id = (SELECT id FROM space_uses WHERE code = 'chorale')"
        )
        .await,
        1
    );
}
