//! The pages and the API through the real router (no network): who may do what (every route × every
//! role × anonymous), the logbook's lock, the audit log, badges, the API's problems and GDPR
//! erasure. Logging in, sessions, CSRF and forms are in `web_sessions.rs`; the SEL's pages in
//! `web_sel.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use citeosquare_server::auth::{self, Role};
use citeosquare_server::{db, web};
use std::collections::BTreeSet;

mod support;

use support::app::{App, app, login};

// ---------------------------------------------------------------------------------------------
// The role × route matrix

#[path = "web/routes.rs"]
mod routes;
use routes::expected;

fn admits(class: &str, role: Option<Role>) -> bool {
    match (class, role) {
        ("public", _) => true,
        (_, None) => false,
        ("any", Some(_)) => true,
        ("staff", Some(r)) => matches!(r, Role::Admin | Role::Reception),
        ("admin", Some(r)) => r == Role::Admin,
        ("members", Some(r)) => matches!(r, Role::Association | Role::Resident),
        ("association", Some(r)) => r == Role::Association,
        (other, _) => panic!("unknown class {other}"),
    }
}

fn class_of(access: web::Access) -> String {
    match access {
        web::Access::Public => "public".into(),
        web::Access::Authenticated => "any".into(),
        web::Access::Roles(roles) => {
            let mut r: Vec<_> = roles.iter().map(|r| r.as_str()).collect();
            r.sort_unstable();
            match r.as_slice() {
                ["admin", "reception"] => "staff".into(),
                ["admin"] => "admin".into(),
                ["association", "resident"] => "members".into(),
                ["association"] => "association".into(),
                other => other.join("+"),
            }
        }
    }
}

#[tokio::test]
async fn every_route_declares_the_access_this_test_expects() {
    let declared: BTreeSet<(String, String, String)> = citeosquare_server::routes()
        .into_iter()
        .map(|r| (r.method.to_string(), r.path.to_owned(), class_of(r.access)))
        .collect();
    let expected: BTreeSet<(String, String, String)> = expected()
        .iter()
        .map(|(m, p, c)| ((*m).to_owned(), (*p).to_owned(), (*c).to_owned()))
        .collect();
    let missing: Vec<_> = expected.difference(&declared).collect();
    let extra: Vec<_> = declared.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "expected but not declared: {missing:#?}\ndeclared but not expected: {extra:#?}"
    );
}

/// Walks every route with every role and anonymously, each on a fresh site (a route's side
/// effects — a logout, an erasure, a password reset — cannot leak into the next one).
#[tokio::test]
async fn every_route_admits_exactly_its_roles() {
    let callers: [Option<(&str, Role)>; 5] = [
        None,
        Some(("resident", Role::Resident)),
        Some(("asso", Role::Association)),
        Some(("accueil", Role::Reception)),
        Some(("admin", Role::Admin)),
    ];
    let mut failures = vec![];
    for (method, pattern, class) in expected() {
        let app = app().await;
        // Something for the {id}s to point at: person 2 holds badge 2, association 1, a logbook
        // entry by reception, a token, and an account nobody logs in with.
        let reception = app.user_id("accueil").await;
        let entry = citeosquare_server::desk::logbook::add(
            &app.pool,
            &auth::user_by_id(&app.pool, reception)
                .await
                .unwrap()
                .unwrap(),
            chrono_tz::Europe::Paris,
            citeosquare_server::desk::logbook::Kind::Entry,
            "Ronde de 22 h faite.",
            None,
        )
        .await
        .unwrap();
        app.token("admin").await;
        let path = pattern
            .replace("{file}", "citeosquare.css")
            .replace("/logbook/{id}", &format!("/logbook/{entry}"))
            .replace("/main-courante/{id}", &format!("/main-courante/{entry}"))
            .replace("/comptes/{id}", "/comptes/4")
            .replace("/jetons/{id}", "/jetons/1")
            .replace("/badges/{id}", "/badges/2")
            .replace("{badge}", "2")
            .replace("{person_id}", "3")
            .replace("{id}", "2");
        for caller in callers {
            let session = match caller {
                Some((name, _)) => Some(app.session(name).await),
                None => None,
            };
            let role = caller.map(|(_, r)| r);
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let api = path.starts_with("/api/");
            let mut b = App::request(method.clone(), &path, session.as_ref());
            let body = if method == Method::GET {
                Body::empty()
            } else if api {
                b = b.header(header::CONTENT_TYPE, "application/json");
                if let Some(s) = &session {
                    b = b.header("x-csrf-token", &s.csrf);
                }
                Body::from("{}")
            } else {
                b = b.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                let csrf = session.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
                Body::from(format!("_csrf={csrf}"))
            };
            let reply = app.send(b.body(body).unwrap()).await;
            let who = caller.map_or("anonymous", |(n, _)| n);
            let s = reply.status;
            let ok = if admits(class, role) {
                let bounced =
                    s == StatusCode::SEE_OTHER && reply.location().starts_with("/connexion?suite=");
                s != StatusCode::UNAUTHORIZED
                    && s != StatusCode::FORBIDDEN
                    && !bounced
                    && !s.is_server_error()
            } else if role.is_none() {
                if api {
                    s == StatusCode::UNAUTHORIZED
                        && reply.content_type() == "application/problem+json"
                } else {
                    s == StatusCode::SEE_OTHER && reply.location().starts_with("/connexion?suite=")
                }
            } else if api {
                s == StatusCode::FORBIDDEN && reply.content_type() == "application/problem+json"
            } else {
                s == StatusCode::FORBIDDEN && reply.body.contains("Accès refusé")
            };
            if !ok {
                failures.push(format!(
                    "{method} {path} as {who}: {s} {} {}",
                    reply.location(),
                    reply.body.chars().take(160).collect::<String>()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route_and_nothing_else() {
    let app = app().await;
    let reply = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    let routed: BTreeSet<(String, String)> = citeosquare_server::routes()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/"))
        .map(|r| (r.method.to_string(), r.path.to_owned()))
        .collect();
    assert_eq!(documented, routed);
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

// ---------------------------------------------------------------------------------------------
// Badges

#[tokio::test]
async fn a_card_is_active_for_one_person_at_a_time_and_revoking_keeps_history() {
    let app = app().await;
    let s = app.session("accueil").await;
    // Jean (2) asks for Marie's card (DEMO0001): refused, naming its holder; nothing saved.
    let reply = app
        .post_form("/personnes/2/badges", Some(&s), &[("card_id", "demo0001")])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .body
            .contains("Ce badge est déjà attribué à Marie Lefèvre."),
        "{}",
        reply.body
    );
    assert_eq!(
        app.count("SELECT count(*) FROM badges WHERE person_id = 2")
            .await,
        1
    );
    // A typed card is normalised.
    let reply = app
        .post_form(
            "/personnes/2/badges",
            Some(&s),
            &[("card_id", "04:a3:1f:9b")],
        )
        .await;
    assert_eq!(reply.location(), "/personnes/2?ok=ok-badge-assigned#badges");
    let cards: Vec<String> = sqlx::query_scalar(
        "SELECT card_id FROM badges WHERE person_id = 2 AND revoked_at IS NULL ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(cards, ["DEMO0002", "04A31F9B"]);
    // Marie loses her card: revoked with its reason; then Jean may have it.
    let reply = app
        .post_form(
            "/personnes/1/badges/1/retrait",
            Some(&s),
            &[("reason", "lost")],
        )
        .await;
    assert_eq!(reply.location(), "/personnes/1?ok=ok-badge-revoked#badges");
    let reply = app
        .post_form(
            "/personnes/1/badges/1/retrait",
            Some(&s),
            &[("reason", "lost")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = app.get("/personnes/1", Some(&s)).await;
    assert!(page.body.contains("perdu"));
    let reply = app
        .post_form("/personnes/2/badges", Some(&s), &[("card_id", "DEMO0001")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT count(*) FROM badges WHERE card_id = 'DEMO0001'")
            .await,
        2
    );
    // A badge is revoked through its holder's page only.
    let reply = app
        .post_form(
            "/personnes/3/badges/2/retrait",
            Some(&s),
            &[("reason", "lost")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // Each change is in the audit log with its author (after the demo's guest badge).
    let actions: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, actor FROM audit_log WHERE entity = 'badge'
           AND entity_id <> (SELECT CAST(id AS TEXT) FROM badges WHERE card_id = 'INVITE01') ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            ("badge.assign".into(), "accueil".into()),
            ("badge.revoke".into(), "accueil".into()),
            ("badge.assign".into(), "accueil".into())
        ]
    );
}

#[tokio::test]
async fn an_unknown_card_tapped_at_the_desk_kiosk_is_offered_on_the_person_page() {
    let app = app().await;
    let s = app.session("accueil").await;
    let now = db::now_text();
    for (id, kiosk, card) in [
        ("e1", "demo-accueil", "CAFE0042"),
        ("e2", "demo-sel", "BEEF0001"),
    ] {
        sqlx::query(
            "INSERT INTO kiosk_events (id, kiosk_id, boot, seq, read_at, read_at_utc, received_at, badge,
                                       action, payload, result, display, clock_skew_ms)
             VALUES (?, ?, 'b', 1, ?, ?, ?, ?, 'tap', '{}', 'unknown_badge', '{}', 0)",
        )
        .bind(id)
        .bind(kiosk)
        .bind(&now)
        .bind(&now)
        .bind(&now)
        .bind(card)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let fragment = app.get("/personnes/2/badge-lu", Some(&s)).await;
    assert!(fragment.body.contains("id=\"attribuer-CAFE0042\""));
    // Only the desk's kiosks offer cards.
    assert!(!fragment.body.contains("BEEF0001"));
    app.post_form("/personnes/2/badges", Some(&s), &[("card_id", "CAFE0042")])
        .await;
    let fragment = app.get("/personnes/2/badge-lu", Some(&s)).await;
    assert!(!fragment.body.contains("CAFE0042"));
    assert!(fragment.body.contains("badge inconnu à la borne de l"));
}

// ---------------------------------------------------------------------------------------------
// The logbook

#[tokio::test]
async fn logbook_entries_lock_after_fifteen_minutes_even_in_raw_sql_and_take_corrections() {
    let app = app().await;
    let s = app.session("accueil").await;
    app.post_form(
        "/main-courante",
        Some(&s),
        &[("body", "Fuite d'eau signalée au 2e.")],
    )
    .await;
    let id: i64 = app.count("SELECT max(id) FROM logbook_entries").await;
    // Fresh: its author may fix it.
    let reply = app
        .post_form(
            &format!("/main-courante/{id}/modifier"),
            Some(&s),
            &[("body", "Fuite d'eau au 3e.")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    // Another staff member may not.
    let admin = app.session("admin").await;
    let reply = app
        .post_form(
            &format!("/main-courante/{id}/modifier"),
            Some(&admin),
            &[("body", "autre")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Seul l&#39;auteur"));
    // Twenty minutes later (written as such: the row is inserted with an old time).
    let old = db::instant_text(chrono::Utc::now() - chrono::Duration::minutes(20));
    let uid = app.user_id("accueil").await;
    let old_id: i64 = sqlx::query_scalar(
        "INSERT INTO logbook_entries (created_at, author_id, author, shift, kind, body)
         VALUES (?, ?, 'Accueil (démo)', '2026-11-26/nuit', 'entry', 'Ronde faite.') RETURNING id",
    )
    .bind(&old)
    .bind(uid)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let reply = app
        .post_form(
            &format!("/main-courante/{old_id}/modifier"),
            Some(&s),
            &[("body", "Ronde pas faite.")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("verrouillée"));
    let raw = sqlx::query("UPDATE logbook_entries SET body = 'x', edited_at = 'y' WHERE id = ?")
        .bind(old_id)
        .execute(&app.pool)
        .await;
    assert!(raw.unwrap_err().to_string().contains("locked"));
    let raw = sqlx::query("DELETE FROM logbook_entries WHERE id = ?")
        .bind(id)
        .execute(&app.pool)
        .await;
    assert!(raw.is_err());
    let body: String = sqlx::query_scalar("SELECT body FROM logbook_entries WHERE id = ?")
        .bind(old_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(body, "Ronde faite.");
    // The fix is a correction under the original.
    let reply = app
        .post_form(
            &format!("/main-courante/{old_id}/correction"),
            Some(&s),
            &[("body", "Ronde du 3e oubliée.")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = app.get("/main-courante", Some(&s)).await;
    let original = page.body.find("Ronde faite.").unwrap();
    let correction = page.body.find("Ronde du 3e oubliée.").unwrap();
    assert!(original < correction);
    // One handover note per shift.
    let first = app
        .post_form(
            "/main-courante",
            Some(&s),
            &[("body", "Relève : rien à signaler."), ("kind", "handover")],
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let second = app
        .post_form(
            "/main-courante",
            Some(&s),
            &[("body", "Encore une."), ("kind", "handover")],
        )
        .await;
    assert_eq!(second.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        second
            .body
            .contains("consigne de relève de ce service est déjà écrite")
    );
    assert!(
        app.get("/accueil", Some(&s))
            .await
            .body
            .contains("Relève : rien à signaler.")
    );
}

// ---------------------------------------------------------------------------------------------
// Audit log

#[tokio::test]
async fn staff_changes_are_audited_with_before_and_after_and_the_log_cannot_be_rewritten() {
    let app = app().await;
    let s = app.session("accueil").await;
    let fields = |first: &'static str| {
        [
            ("first_name", first),
            ("last_name", "Benali"),
            ("kind", "neighbour"),
            ("phone", "06 11 22 33 44"),
            ("email", ""),
            ("language", "fr"),
            (
                "accessibility",
                "Malvoyante : lire les documents à voix haute.",
            ),
        ]
    };
    let reply = app
        .post_form("/personnes/3", Some(&s), &fields("Fatima-Zahra"))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let (actor, before, after): (String, String, String) = sqlx::query_as(
        "SELECT actor, before, after FROM audit_log WHERE action = 'person.update' AND entity_id = '3'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(actor, "accueil");
    let before: serde_json::Value = serde_json::from_str(&before).unwrap();
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(before["first_name"], "Fatima");
    assert_eq!(after["first_name"], "Fatima-Zahra");
    assert_eq!(after["phone"], "06 11 22 33 44");
    assert!(
        sqlx::query("UPDATE audit_log SET actor = 'x'")
            .execute(&app.pool)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("DELETE FROM audit_log")
            .execute(&app.pool)
            .await
            .is_err()
    );
    // Admins read it, filtered; the desk does not.
    let admin = app.session("admin").await;
    let page = app
        .get("/admin/journal?entity=person&entity_id=3", Some(&admin))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("person.update"));
    assert!(page.body.contains("Fatima-Zahra"));
    let page = app.get("/admin/journal?actor=admin", Some(&admin)).await;
    assert!(!page.body.contains("person.update"));
    let page = app.get("/admin/journal?from=hier", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Date non valide"));
    assert_eq!(
        app.get("/admin/journal", Some(&s)).await.status,
        StatusCode::FORBIDDEN
    );
}

// ---------------------------------------------------------------------------------------------
// GDPR

#[tokio::test]
async fn export_then_erase_keeps_history_and_totals_without_the_name() {
    let app = app().await;
    let reception = app.session("accueil").await;
    let now = db::now_text();
    sqlx::query(
        "INSERT INTO kiosk_events (id, kiosk_id, boot, seq, read_at, read_at_utc, received_at, badge,
                                   action, payload, person_id, result, display, clock_skew_ms)
         VALUES ('t1', 'demo-sel', 'b', 1, ?, ?, ?, 'DEMO0001', 'tap',
                 json_object('id', 't1', 'kiosk', 'demo-sel', 'badge', 'DEMO0001', 'seq', 1), 1, 'recorded',
                 json_object('title', 'Bonjour Marie', 'lines', json_array('Passage enregistré à 14 h 05')), 0)",
    )
    .bind(&now)
    .bind(&now)
    .bind(&now)
    .execute(&app.pool)
    .await
    .unwrap();
    let export = app.get("/personnes/1/export.json", Some(&reception)).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(
        export.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let data = export.json();
    assert_eq!(data["person"]["first_name"], "Marie");
    assert_eq!(data["badges"][0]["card_id"], "DEMO0001");
    assert_eq!(data["associations"][0]["name"], "Les Jardins partagés");
    assert_eq!(data["accounts"][0]["username"], "asso");
    assert_eq!(data["kiosk_taps"].as_array().unwrap().len(), 1);

    // Reception may not erase; an admin must confirm.
    assert_eq!(
        app.post_form(
            "/personnes/1/effacer",
            Some(&reception),
            &[("confirme", "oui")]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let admin = app.session("admin").await;
    let page = app.get("/personnes/1/effacer", Some(&admin)).await;
    assert!(page.body.contains("Cette opération est définitive."));
    let reply = app
        .post_form("/personnes/1/effacer", Some(&admin), &[])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Cochez la case"));
    assert_eq!(
        app.count("SELECT count(*) FROM persons WHERE erased_at IS NOT NULL")
            .await,
        0
    );
    let asso = app.session("asso").await;
    let reply = app
        .post_form("/personnes/1/effacer", Some(&admin), &[("confirme", "oui")])
        .await;
    assert_eq!(reply.location(), "/personnes/1?ok=ok-person-erased");

    let (first, last, phone): (String, String, Option<String>) =
        sqlx::query_as("SELECT first_name, last_name, phone FROM persons WHERE id = 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        (first.as_str(), last.as_str(), phone),
        ("Personne", "effacée n° 1", None)
    );
    assert_eq!(
        app.count("SELECT count(*) FROM badges WHERE person_id = 1 AND revoked_at IS NULL")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT count(*) FROM kiosk_events WHERE person_id = 1")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM association_members WHERE person_id = 1")
            .await,
        0
    );
    let account: (String, String) =
        sqlx::query_as("SELECT username, display_name FROM users WHERE person_id = 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(
        account.0.starts_with("efface-") && account.1 == "Compte effacé",
        "{account:?}"
    );
    // Her account is disabled and its session closed; she is not found by name any more.
    assert_eq!(
        app.get("/mes-associations", Some(&asso)).await.status,
        StatusCode::SEE_OTHER
    );
    let found = app.get("/personnes?q=Lef%C3%A8vre", Some(&reception)).await;
    assert!(!found.body.contains("/personnes/1\""));
    let audit: String =
        sqlx::query_scalar("SELECT after FROM audit_log WHERE action = 'person.erase'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(!audit.contains("Marie"));
    // Nothing names her any more: not the audit log's details (the demo seed's and the membership
    // entries), not what the kiosk was told to display. Who did what, when, stays.
    let named = app
        .count(
            "SELECT (SELECT count(*) FROM audit_log
                     WHERE coalesce(before, '') || coalesce(after, '') || actor LIKE '%Marie%'
                        OR coalesce(before, '') || coalesce(after, '') LIKE '%Lef%vre%')
                  + (SELECT count(*) FROM kiosk_events WHERE display LIKE '%Marie%')",
        )
        .await;
    assert_eq!(named, 0);
    assert!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'person' AND entity_id = '1'")
            .await
            >= 2
    );
    let erase_entry: String =
        sqlx::query_scalar("SELECT after FROM audit_log WHERE action = 'person.erase'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let erase_entry: serde_json::Value = serde_json::from_str(&erase_entry).unwrap();
    assert_eq!(erase_entry["badges_revoked"], serde_json::json!([1]));
    assert_eq!(erase_entry["associations_left"], serde_json::json!([1]));
    // The database's invariants hold after an erasure.
    let findings = citeosquare_server::check::run(&app.pool).await.unwrap();
    assert!(findings.iter().all(|f| f.ok), "{findings:?}");
    // An erased record cannot be edited or get a badge.
    let reply = app
        .post_form(
            "/personnes/1/badges",
            Some(&reception),
            &[("card_id", "NEW1")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
}

// ---------------------------------------------------------------------------------------------
// The API

#[tokio::test]
async fn the_api_answers_with_problems_and_checks_tokens() {
    let app = app().await;
    let reply = app.api(Method::GET, "/api/v1/persons", None, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.content_type(), "application/problem+json");
    assert_eq!(reply.json()["status"], 401);
    let reply = app
        .api(Method::GET, "/api/v1/persons", Some("cq_faux"), None)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        reply.json()["type"],
        "urn:citeosquare:problem:invalid-token"
    );

    let resident = app.token("resident").await;
    let reply = app
        .api(Method::GET, "/api/v1/persons", Some(&resident), None)
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = app
        .api(Method::GET, "/api/v1/me", Some(&resident), None)
        .await;
    assert_eq!(reply.json()["role"], "resident");

    let desk = app.token("accueil").await;
    let reply = app
        .api(Method::GET, "/api/v1/persons?q=perrin", Some(&desk), None)
        .await;
    assert_eq!(reply.json()[0]["first_name"], "Odette");
    let reply = app
        .api(Method::GET, "/api/v1/persons?q=DEMO0002", Some(&desk), None)
        .await;
    assert_eq!(reply.json()[0]["last_name"], "Dupuis");

    let reply = app
        .api(
            Method::POST,
            "/api/v1/persons",
            Some(&desk),
            Some(serde_json::json!({"first_name": "", "email": "x"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = reply.json();
    assert_eq!(problem["type"], "urn:citeosquare:problem:invalid");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["first_name", "email"]);
    assert_eq!(problem["errors"][0]["message"], "Ce champ est obligatoire.");

    let reply = app
        .send(
            App::request(Method::POST, "/api/v1/persons", None)
                .header(header::AUTHORIZATION, format!("Bearer {desk}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{pas du json"))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.content_type(), "application/problem+json");

    let reply = app
        .api(
            Method::POST,
            "/api/v1/persons",
            Some(&desk),
            Some(serde_json::json!({"first_name": "Yvette", "last_name": "Roux", "kind": "resident", "phone": "06 98 76 54 32"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let id = reply.json()["id"].as_i64().unwrap();
    assert_eq!(reply.location(), format!("/api/v1/persons/{id}"));
    let reply = app
        .api(
            Method::POST,
            &format!("/api/v1/persons/{id}/badges"),
            Some(&desk),
            Some(serde_json::json!({"card_id": "DEMO0003"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(
        reply.json()["detail"],
        "Ce badge est déjà attribué à Fatima Benali. Retirez-le d'abord de sa fiche."
    );
    let reply = app
        .api(Method::GET, "/api/v1/persons/99999", Some(&desk), None)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = app
        .api(Method::GET, "/api/v1/persons/abc", Some(&desk), None)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.content_type(), "application/problem+json");

    // A revoked token stops working at once.
    sqlx::query("UPDATE api_tokens SET revoked_at = '2026-01-01T00:00:00.000Z'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        app.api(Method::GET, "/api/v1/me", Some(&desk), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn accounts_made_by_an_admin_need_a_person_for_members_and_a_free_name() {
    let app = app().await;
    let admin = app.token("admin").await;
    let reply = app
        .api(
            Method::POST,
            "/api/v1/users",
            Some(&admin),
            Some(serde_json::json!({"username": "Nuit", "display_name": "", "role": "resident"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = reply.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["display_name", "person_id"]);
    let reply = app
        .api(Method::POST, "/api/v1/users", Some(&admin), Some(serde_json::json!({"username": "accueil-nuit", "display_name": "Accueil de nuit", "role": "reception"})))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let password = reply.json()["temporary_password"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = login(&app, "accueil-nuit", &password, "").await;
    assert_eq!(reply.location(), "/compte?changer=1");
    let reply = app
        .api(Method::POST, "/api/v1/users", Some(&admin), Some(serde_json::json!({"username": "accueil-nuit", "display_name": "Bis", "role": "reception"})))
        .await;
    // A name another account has: a conflict with what exists (409), told at the field.
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.json()["errors"][0]["code"], "error-username-taken");
    assert_eq!(reply.json()["errors"][0]["field"], "username");
    let created: (String, String) = sqlx::query_as(
        "SELECT actor, action FROM audit_log WHERE action = 'user.create' AND actor <> 'demo'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(created, ("admin".into(), "user.create".into()));
}

// ---------------------------------------------------------------------------------------------
// Review fixes: raw SQL, redirects, throttling under load, temporary passwords, disabled accounts

#[tokio::test]
async fn raw_sql_cannot_replace_backdate_or_rewrite_protected_rows() {
    let app = app().await;
    let s = app.session("accueil").await;
    app.post_form("/main-courante", Some(&s), &[("body", "Entrée d'origine.")])
        .await;
    let entry = app.count("SELECT max(id) FROM logbook_entries").await;
    let audit = app.count("SELECT max(id) FROM audit_log").await;
    let uid = app.user_id("accueil").await;
    for sql in [
        format!(
            "REPLACE INTO logbook_entries (id, created_at, author_id, author, shift, kind, body)
             VALUES ({entry}, '2020-01-01T00:00:00.000Z', {uid}, 'x', 's', 'entry', 'réécrite')"
        ),
        format!(
            "INSERT INTO logbook_entries (created_at, author_id, author, shift, kind, body)
             VALUES ('2999-01-01T00:00:00.000Z', {uid}, 'x', 's', 'entry', 'modifiable à jamais')"
        ),
        format!(
            "REPLACE INTO audit_log (id, at, actor, action, entity) VALUES ({audit}, 'x', 'x', 'x', 'x')"
        ),
        "INSERT INTO audit_log (at, actor, action, entity, redacted_at) VALUES ('x', 'x', 'x', 'x', 'x')"
            .to_owned(),
        "UPDATE audit_log SET action = 'autre', redacted_at = 'x'".to_owned(),
    ] {
        let r = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .execute(&app.pool)
            .await;
        assert!(r.is_err(), "accepted: {sql}");
    }
    let body: String = sqlx::query_scalar("SELECT body FROM logbook_entries WHERE id = ?")
        .bind(entry)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(body, "Entrée d'origine.");

    // A kiosk event: no replacement, no change but a one-time redaction of its display.
    let now = db::now_text();
    let insert = "INSERT INTO kiosk_events (id, kiosk_id, boot, seq, read_at, read_at_utc, received_at,
                      badge, action, payload, person_id, result, display, clock_skew_ms)
                  VALUES ('k1', 'demo-sel', 'b', 1, ?1, ?1, ?1, 'DEMO0002', 'tap', '{}', 2, 'recorded',
                          '{\"title\":\"Bonjour Jean\"}', 0)";
    sqlx::query(insert)
        .bind(&now)
        .execute(&app.pool)
        .await
        .unwrap();
    let replace = insert.replace("INSERT", "REPLACE");
    assert!(
        sqlx::query(sqlx::AssertSqlSafe(replace))
            .bind(&now)
            .execute(&app.pool)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("UPDATE kiosk_events SET badge = 'AUTRE' WHERE id = 'k1'")
            .execute(&app.pool)
            .await
            .is_err()
    );
    let redact =
        "UPDATE kiosk_events SET display = '{}', display_redacted_at = 'x' WHERE id = 'k1'";
    sqlx::query(redact).execute(&app.pool).await.unwrap();
    assert!(sqlx::query(redact).execute(&app.pool).await.is_err());
}

#[tokio::test]
async fn an_unknown_card_in_the_feed_leads_to_the_person_with_the_card_ready() {
    let app = app().await;
    let s = app.session("accueil").await;
    let now = db::now_text();
    sqlx::query(
        "INSERT INTO kiosk_events (id, kiosk_id, boot, seq, read_at, read_at_utc, received_at, badge,
                                   action, payload, result, display, clock_skew_ms)
         VALUES ('u1', 'demo-accueil', 'b', 1, ?1, ?1, ?1, 'CAFE0042', 'tap',
                 json_object('id', 'u1', 'kiosk', 'demo-accueil', 'badge', 'CAFE0042', 'seq', 1),
                 'unknown_badge', '{}', 0)",
    )
    .bind(&now)
    .execute(&app.pool)
    .await
    .unwrap();
    let home = app.get("/accueil", Some(&s)).await;
    assert!(
        home.body.contains("href=\"/personnes?badge=CAFE0042\""),
        "{}",
        home.body
    );
    let list = app
        .get("/personnes?badge=cafe0042&q=Dupuis", Some(&s))
        .await;
    assert!(list.body.contains("Badge CAFE0042 à attribuer"));
    assert!(
        list.body
            .contains("href=\"/personnes/2?badge=CAFE0042#badges\"")
    );
    assert!(
        list.body
            .contains("href=\"/personnes/nouvelle?badge=CAFE0042\"")
    );
    let person = app.get("/personnes/2?badge=CAFE0042", Some(&s)).await;
    assert!(
        person
            .body
            .contains("name=\"card_id\" type=\"text\" value=\"CAFE0042\"")
    );
    // Junk in the link is ignored.
    let list = app.get("/personnes?badge=%3Cscript%3E", Some(&s)).await;
    assert!(!list.body.contains("à attribuer"));
    // A new record made from there comes back with the card ready.
    let reply = app
        .post_form(
            "/personnes/nouvelle",
            Some(&s),
            &[
                ("first_name", "Nadia"),
                ("last_name", "Roussel"),
                ("kind", "neighbour"),
                ("language", "fr"),
                ("badge", "CAFE0042"),
            ],
        )
        .await;
    assert!(
        reply
            .location()
            .ends_with("?ok=ok-person-created&badge=CAFE0042#badges"),
        "{}",
        reply.location()
    );
}

#[tokio::test]
async fn an_api_token_s_last_use_is_written_once_a_minute_not_on_every_call() {
    let app = app().await;
    let token = app.token("accueil").await;
    let last_used = || async {
        sqlx::query_scalar::<_, Option<String>>(
            "SELECT last_used_at FROM api_tokens WHERE label = 'tests'",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap()
    };
    assert_eq!(last_used().await, None);
    let reply = app
        .api(Method::GET, "/api/v1/persons", Some(&token), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let first = last_used().await.expect("the first use is recorded");
    let reply = app
        .api(Method::GET, "/api/v1/persons", Some(&token), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(last_used().await.as_deref(), Some(first.as_str()));
    // A minute later, the next call records it again.
    sqlx::query("UPDATE api_tokens SET last_used_at = '2026-01-01T00:00:00Z'")
        .execute(&app.pool)
        .await
        .unwrap();
    app.api(Method::GET, "/api/v1/persons", Some(&token), None)
        .await;
    assert_ne!(last_used().await.as_deref(), Some("2026-01-01T00:00:00Z"));
}
