//! The list of domains, tried the way the next domain (the hostel, the vehicles) will use it: a
//! new entry with a route, its share of a person's export and erasure, a box on the desk's home,
//! on a person's page and on `/moi`, and a count for the desk's menu — and nothing else edited.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use axum::routing::get;
use citeosquare_server::web::domain::{Domain, Fut, PageBox};
use citeosquare_server::web::{Access, Ctx, PageError, Routes};
use citeosquare_server::{AppState, Domains, accounts, desk, kiosks, people, sel, spaces, web};
use sqlx::{SqliteConnection, SqlitePool};
use support::TestApp;

fn routes(r: &mut Routes) {
    r.add(
        axum::http::Method::GET,
        "/essai",
        Access::Public,
        get(|| async { "la page du domaine d'essai" }),
    );
}

fn export(_: &SqlitePool, id: i64) -> Fut<'_, Result<serde_json::Value, sqlx::Error>> {
    Box::pin(async move { Ok(serde_json::json!({"nights": [], "person": id})) })
}

fn erase<'a>(
    tx: &'a mut SqliteConnection,
    _: &'a citeosquare_server::audit::Actor,
    id: i64,
    _: &'a str,
) -> Fut<'a, Result<(), citeosquare_server::refusal::Refusal>> {
    Box::pin(async move {
        // Inside the erasure's transaction: it sees the person already pseudonymised.
        let name: String = sqlx::query_scalar("SELECT first_name FROM persons WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        assert_eq!(name, "Personne");
        sqlx::query("INSERT INTO logbook_entries_probe VALUES (?)")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Ok(())
    })
}

fn a_box(order: i32, text: &str) -> Result<Option<PageBox>, PageError> {
    Ok(Some(PageBox {
        order,
        html: format!("<section class=\"card\"><h2>{text}</h2></section>"),
    }))
}

fn desk_box<'a>(_: &'a AppState, _: &'a Ctx) -> Fut<'a, Result<Option<PageBox>, PageError>> {
    Box::pin(async { a_box(5, "Boîte d'essai à l'accueil") })
}

fn person_box<'a>(
    _: &'a AppState,
    _: &'a Ctx,
    id: i64,
) -> Fut<'a, Result<Option<PageBox>, PageError>> {
    Box::pin(async move { a_box(5, &format!("Boîte d'essai de la personne {id}")) })
}

fn me_box<'a>(_: &'a AppState, _: &'a Ctx, _: i64) -> Fut<'a, Result<Option<PageBox>, PageError>> {
    // Before the SEL's box (-10): the order decides, not the place in the list.
    Box::pin(async { a_box(-20, "Mes nuits à l'auberge") })
}

fn waiting(_: &SqlitePool) -> Fut<'_, Result<i64, sqlx::Error>> {
    Box::pin(async { Ok(40) })
}

static ESSAI: Domain = Domain {
    export: Some(export),
    erase: Some(erase),
    desk_box: Some(desk_box),
    person_box: Some(person_box),
    me_box: Some(me_box),
    waiting_for_desk: Some(waiting),
    ..Domain::new("essai", routes)
};

/// The server's list with one line more.
static LIST: Domains = &[
    &accounts::DOMAIN,
    &people::DOMAIN,
    &desk::DOMAIN,
    &kiosks::DOMAIN,
    &sel::DOMAIN,
    &spaces::DOMAIN,
    &ESSAI,
];

async fn app_with_essai() -> (TestApp, axum::Router) {
    let t = TestApp::new().await;
    sqlx::query("CREATE TABLE logbook_entries_probe (person_id INTEGER)")
        .execute(&t.pool)
        .await
        .unwrap();
    let state = AppState::with_domains(t.pool.clone(), support::config(t.dir.path()), LIST);
    let router = web::app(state);
    (t, router)
}

#[tokio::test]
async fn a_new_domain_s_route_is_served_and_declared_with_its_access() {
    let (_t, router) = app_with_essai().await;
    let reply = support::send(
        router,
        support::request(axum::http::Method::GET, "/essai")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, "la page du domaine d'essai");
    let table = web::routes(LIST);
    let essai = table.iter().find(|r| r.path == "/essai").unwrap();
    assert_eq!(essai.access, Access::Public);
    // The server's own list does not have it.
    assert!(
        !citeosquare_server::routes()
            .iter()
            .any(|r| r.path == "/essai")
    );
}

#[tokio::test]
async fn a_new_domain_s_boxes_appear_on_the_desk_the_person_page_and_moi_in_order() {
    let (t, router) = app_with_essai().await;
    let desk = t.session("accueil").await;
    let page = |path: String, s: support::Session| {
        let router = router.clone();
        async move {
            support::send(
                router,
                TestApp::page_request(axum::http::Method::GET, &path, Some(&s))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
        }
    };
    let home = page("/accueil".into(), desk.clone()).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("Boîte d'essai à l'accueil"),
        "{}",
        home.body
    );
    // The SEL's box is still there, and the menu's count adds the new domain's 40 requests to
    // the demo's one room request.
    assert!(home.body.contains("SEL en ce moment"), "{}", home.body);
    assert!(
        home.body.contains("<span class=\"nav-count\">41<"),
        "{}",
        home.body
    );

    let resident: i64 =
        sqlx::query_scalar("SELECT person_id FROM users WHERE username = 'resident'")
            .fetch_one(&t.pool)
            .await
            .unwrap();
    let person = page(format!("/personnes/{resident}"), desk).await;
    assert_eq!(person.status, StatusCode::OK);
    assert!(
        person
            .body
            .contains(&format!("Boîte d'essai de la personne {resident}"))
    );

    let me = page("/moi".into(), t.session("resident").await).await;
    assert_eq!(me.status, StatusCode::OK);
    let nights = me.body.find("Mes nuits").unwrap();
    let sel = me.body.find("Mon compte SEL").unwrap();
    let card = me.body.find("titre-fiche").unwrap();
    assert!(nights < sel && sel < card, "boxes out of order");
}

#[tokio::test]
async fn a_new_domain_s_part_is_exported_and_erased_with_the_person() {
    let (t, _router) = app_with_essai().await;
    let odette: i64 = sqlx::query_scalar("SELECT person_id FROM users WHERE username = 'resident'")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    let export = people::export(&t.pool, LIST, odette).await.unwrap();
    assert_eq!(export["essai"]["person"], odette);
    // The other domains' parts are still there.
    assert!(export["sel"]["account"].is_object(), "{export}");
    assert!(export["spaces"]["bookings"].is_array(), "{export}");

    let actor = citeosquare_server::audit::Actor::cli();
    people::erase(&t.pool, LIST, &actor, odette).await.unwrap();
    let probed: i64 =
        sqlx::query_scalar("SELECT count(*) FROM logbook_entries_probe WHERE person_id = ?")
            .bind(odette)
            .fetch_one(&t.pool)
            .await
            .unwrap();
    assert_eq!(
        probed, 1,
        "the new domain's erasure ran once, in the transaction"
    );
}
