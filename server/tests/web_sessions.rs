//! Logging in and staying logged in, through the real router: the same refusal for a wrong password
//! and an unknown account, throttles, sessions closed by a password change or a disabled account,
//! temporary passwords, CSRF, forms refused in the user's language, the language switch.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use citeosquare_server::auth;
use citeosquare_server::{demo, web};
use tower::ServiceExt;

mod support;

use support::Session;
use support::app::{App, app, login};

// ---------------------------------------------------------------------------------------------
// Logging in

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_refusal() {
    let app = app().await;
    let wrong = login(&app, "accueil", "pas le bon mot", "").await;
    let unknown = login(&app, "personne-inconnue", "pas le bon mot", "").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong
            .body
            .contains("Identifiant ou mot de passe incorrect.")
    );
    // Same page apart from the user name typed back into the field.
    assert_eq!(
        wrong.body.replace("value=\"accueil\"", "value=\"X\""),
        unknown
            .body
            .replace("value=\"personne-inconnue\"", "value=\"X\"")
    );
    assert!(wrong.headers.get(header::SET_COOKIE).is_none());
    assert_eq!(app.count("SELECT count(*) FROM sessions").await, 0);
}

#[tokio::test]
async fn a_good_login_sets_a_protected_cookie_and_goes_to_the_page_asked_for() {
    let app = app().await;
    let reply = login(&app, "ACCUEIL", demo::DEMO_PASSWORD, "/personnes?q=perrin").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/personnes?q=perrin");
    let cookie = reply
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    for attr in [
        "cq_session=",
        "HttpOnly",
        "SameSite=Lax",
        "Secure",
        "Path=/",
    ] {
        assert!(cookie.contains(attr), "{cookie} has {attr}");
    }
    // Another site's address is never a destination.
    let reply = login(&app, "accueil", demo::DEMO_PASSWORD, "//evil.example/").await;
    assert_eq!(reply.location(), "/accueil");
    let reply = login(&app, "resident", demo::DEMO_PASSWORD, "").await;
    assert_eq!(reply.location(), "/moi");
}

#[tokio::test]
async fn repeated_failures_are_throttled_even_with_the_right_password_then() {
    let app = app().await;
    for _ in 0..auth::MAX_FAILURES_PER_NAME {
        assert_eq!(
            login(&app, "admin", "mauvais mot de passe", "")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    let reply = login(&app, "admin", demo::DEMO_PASSWORD, "").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(reply.body.contains("Trop de tentatives"));
    // Another account is not blocked by this one's failures.
    assert_eq!(
        login(&app, "accueil", demo::DEMO_PASSWORD, "").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn an_expired_session_goes_to_login_then_back_to_the_page_asked_for() {
    let app = app().await;
    let s = app.session("accueil").await;
    sqlx::query("UPDATE sessions SET last_seen_at = '2020-01-01T00:00:00.000Z'")
        .execute(&app.pool)
        .await
        .unwrap();
    let reply = app.get("/personnes?q=dupuis", Some(&s)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reply.location(),
        "/connexion?suite=%2Fpersonnes%3Fq%3Ddupuis&expiree=1"
    );
    let page = app.get(reply.location(), None).await;
    assert!(page.body.contains("Votre session a expiré"));
    assert!(page.body.contains("value=\"/personnes?q=dupuis\""));
    let back = login(&app, "accueil", demo::DEMO_PASSWORD, "/personnes?q=dupuis").await;
    assert_eq!(back.location(), "/personnes?q=dupuis");
    // The expired session is gone from the database.
    assert_eq!(
        app.count("SELECT count(*) FROM sessions WHERE last_seen_at < '2021'")
            .await,
        0
    );
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = app().await;
    let s = app.session("accueil").await;
    assert_eq!(app.get("/accueil", Some(&s)).await.status, StatusCode::OK);
    let reply = app.post_form("/deconnexion", Some(&s), &[]).await;
    assert_eq!(reply.location(), "/connexion?ok=ok-logged-out");
    assert_eq!(
        app.get("/accueil", Some(&s)).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn changing_ones_password_closes_the_other_sessions_and_a_reset_forces_a_change() {
    let app = app().await;
    let here = app.session("accueil").await;
    let elsewhere = app.session("accueil").await;
    let reply = app
        .post_form(
            "/compte/mot-de-passe",
            Some(&here),
            &[
                ("actuel", "faux"),
                ("nouveau", "court"),
                ("confirmation", "court"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Le mot de passe actuel est incorrect."));
    assert!(reply.body.contains("au moins 10 caractères"));
    let reply = app
        .post_form(
            "/compte/mot-de-passe",
            Some(&here),
            &[
                ("actuel", demo::DEMO_PASSWORD),
                ("nouveau", "une longue phrase"),
                ("confirmation", "une longue phrase"),
            ],
        )
        .await;
    assert_eq!(reply.location(), "/compte?ok=ok-password-changed");
    assert_eq!(
        app.get("/accueil", Some(&here)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/accueil", Some(&elsewhere)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        login(&app, "accueil", "une longue phrase", "").await.status,
        StatusCode::SEE_OTHER
    );

    // An admin reset: a temporary password shown once, sessions closed, change required at login.
    let admin = app.session("admin").await;
    let id = app.user_id("accueil").await;
    let reply = app
        .post_form(
            &format!("/admin/comptes/{id}/reinitialiser"),
            Some(&admin),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let marker = "id=\"mot-de-passe-provisoire\">";
    let start = reply.body.find(marker).unwrap() + marker.len();
    let temporary: String = reply.body[start..]
        .chars()
        .take_while(|c| *c != '<')
        .collect();
    assert_eq!(temporary.len(), 19, "{temporary}");
    assert_eq!(
        app.get("/accueil", Some(&here)).await.status,
        StatusCode::SEE_OTHER
    );
    let reply = login(&app, "accueil", &temporary, "/accueil").await;
    assert_eq!(reply.location(), "/compte?changer=1");
}

// ---------------------------------------------------------------------------------------------
// CSRF

#[tokio::test]
async fn a_form_without_the_sessions_token_or_from_another_site_changes_nothing() {
    let app = app().await;
    let s = app.session("accueil").await;
    let before = app.count("SELECT count(*) FROM logbook_entries").await;
    let no_token = Session {
        csrf: "0".repeat(64),
        ..s.clone()
    };
    let reply = app
        .post_form("/main-courante", Some(&no_token), &[("body", "x")])
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.body.contains("Formulaire expiré"));
    let reply = app
        .send(
            App::request(Method::POST, "/main-courante", Some(&s))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ORIGIN, "http://evil.example")
                .body(Body::from(format!("_csrf={}&body=x", s.csrf)))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // A session's JSON call needs the header too.
    let reply = app
        .send(
            App::request(Method::POST, "/api/v1/logbook", Some(&s))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"kind":"entry","body":"x"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.json()["type"], "urn:citeosquare:problem:csrf");
    assert_eq!(
        app.count("SELECT count(*) FROM logbook_entries").await,
        before
    );
    let reply = app
        .post_form(
            "/main-courante",
            Some(&s),
            &[("body", "Clés de la salle rendues.")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT count(*) FROM logbook_entries").await,
        before + 1
    );
}

// ---------------------------------------------------------------------------------------------
// Forms, languages, preferences

#[tokio::test]
async fn a_refused_form_names_each_field_in_the_users_language_and_saves_nothing() {
    let app = app().await;
    let s = app.session("accueil").await;
    let before = app.count("SELECT count(*) FROM persons").await;
    let fields = [
        ("first_name", " "),
        ("last_name", "Martin"),
        ("kind", "resident"),
        ("phone", "06 12 ab"),
        ("email", "pas-une-adresse"),
        ("language", "fr"),
        ("accessibility", ""),
    ];
    let reply = app
        .post_form("/personnes/nouvelle", Some(&s), &fields)
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    for text in [
        "Le formulaire contient des erreurs",
        "Ce champ est obligatoire.",
        "Numéro de téléphone non valide",
        "Adresse e-mail non valide.",
        "role=\"alert\"",
        "aria-invalid=\"true\"",
        "value=\"Martin\"",
    ] {
        assert!(reply.body.contains(text), "page shows {text}");
    }
    assert_eq!(app.count("SELECT count(*) FROM persons").await, before);

    // The same in English, once the account chose English.
    let reply = app
        .post_form("/compte/preferences", Some(&s), &[("language", "en")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let s = app.session("accueil").await;
    let reply = app
        .post_form("/personnes/nouvelle", Some(&s), &fields)
        .await;
    assert!(reply.body.contains("<html lang=\"en\""));
    assert!(reply.body.contains("This field is required."));
    assert!(reply.body.contains("Invalid email address."));
    assert_eq!(app.count("SELECT count(*) FROM persons").await, before);
}

#[tokio::test]
async fn the_language_switch_works_before_login_and_large_text_is_kept_per_account() {
    let app = app().await;
    let reply = app
        .post_form("/langue", None, &[("lang", "en"), ("suite", "/connexion")])
        .await;
    assert_eq!(reply.location(), "/connexion");
    let cookie = reply
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("cq_lang=en"));
    let page = app
        .send(
            App::request(Method::GET, "/connexion", None)
                .header(header::COOKIE, "cq_lang=en")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(page.body.contains("<html lang=\"en\""));
    assert!(page.body.contains("Log in"));
    assert!(page.body.contains(">Français</button>"));

    let s = app.session("resident").await;
    assert!(!app.get("/moi", Some(&s)).await.body.contains("grand-texte"));
    app.post_form(
        "/compte/preferences",
        Some(&s),
        &[("language", "fr"), ("grand_texte", "oui")],
    )
    .await;
    let page = app.get("/moi", Some(&app.session("resident").await)).await;
    assert!(page.body.contains("class=\"grand-texte\""));
    assert!(page.body.contains("Odette Perrin"));
}

#[tokio::test]
async fn redirect_targets_with_control_characters_go_home_instead() {
    let app = app().await;
    for target in [
        "/\t/evil.example/",
        "/x\r\nSet-Cookie: a=b",
        "/\\evil.example",
        " //evil.example",
    ] {
        let reply = login(&app, "accueil", demo::DEMO_PASSWORD, target).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{target:?}");
        assert_eq!(reply.location(), "/accueil", "{target:?}");
    }
    let s = app.session("accueil").await;
    let reply = app
        .post_form(
            "/langue",
            Some(&s),
            &[("lang", "en"), ("suite", "/\t/evil.example/")],
        )
        .await;
    assert_eq!(reply.location(), "/");
    let page = app.get("/connexion?suite=/%09/evil.example/", None).await;
    assert!(page.body.contains("name=\"suite\" value=\"\""));
}

fn login_request(username: &str, password: &str, from: [u8; 4]) -> Request<Body> {
    let body = serde_urlencoded::to_string([("identifiant", username), ("mot_de_passe", password)])
        .unwrap();
    let mut req = App::request(Method::POST, "/connexion", None)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            from, 40000,
        ))));
    req
}

#[tokio::test]
async fn parallel_guesses_cannot_outrun_the_throttle_and_one_address_cannot_try_every_name() {
    let app = app().await;
    let mut tasks = vec![];
    for _ in 0..30 {
        let router = app.router.clone();
        tasks.push(tokio::spawn(async move {
            router
                .oneshot(login_request(
                    "admin",
                    "mauvais mot de passe",
                    [192, 0, 2, 1],
                ))
                .await
                .unwrap()
                .status()
        }));
    }
    let mut checked = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(checked, auth::MAX_FAILURES_PER_NAME);
    // The same name from another desk still works.
    let ok = app
        .send(login_request("admin", demo::DEMO_PASSWORD, [192, 0, 2, 2]))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    // One address trying many names is stopped, even for a right password.
    for n in 0..auth::MAX_FAILURES_PER_ADDRESS {
        let r = app
            .send(login_request(&format!("nom{n}"), "x", [192, 0, 2, 3]))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let blocked = app
        .send(login_request(
            "accueil",
            demo::DEMO_PASSWORD,
            [192, 0, 2, 3],
        ))
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_temporary_password_opens_only_the_account_page_until_changed() {
    let app = app().await;
    let admin = app.session("admin").await;
    let id = app.user_id("accueil").await;
    let reply = app
        .post_form(
            &format!("/admin/comptes/{id}/reinitialiser"),
            Some(&admin),
            &[],
        )
        .await;
    let marker = "id=\"mot-de-passe-provisoire\">";
    let start = reply.body.find(marker).unwrap() + marker.len();
    let temporary: String = reply.body[start..]
        .chars()
        .take_while(|c| *c != '<')
        .collect();
    let s = app.session("accueil").await;
    let reply = app.get("/personnes", Some(&s)).await;
    assert_eq!(reply.location(), "/compte?changer=1");
    assert_eq!(app.get("/compte", Some(&s)).await.status, StatusCode::OK);
    let token = app.token("accueil").await;
    let reply = app
        .api(Method::GET, "/api/v1/persons", Some(&token), None)
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        reply.json()["type"],
        "urn:citeosquare:problem:password-change-required"
    );
    let reply = app
        .post_form(
            "/compte/mot-de-passe",
            Some(&s),
            &[
                ("actuel", &temporary),
                ("nouveau", "ma propre phrase"),
                ("confirmation", "ma propre phrase"),
            ],
        )
        .await;
    assert_eq!(reply.location(), "/compte?ok=ok-password-changed");
    assert_eq!(app.get("/personnes", Some(&s)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_disabled_account_loses_its_sessions_tokens_and_login() {
    let app = app().await;
    let admin = app.session("admin").await;
    let desk = app.session("accueil").await;
    let token = app.token("accueil").await;
    let id = app.user_id("accueil").await;
    let reply = app
        .post_form(
            &format!("/admin/comptes/{id}/desactiver"),
            Some(&admin),
            &[],
        )
        .await;
    assert_eq!(reply.location(), "/admin/comptes?ok=ok-user-disabled");
    assert_eq!(
        app.get("/accueil", Some(&desk)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.api(Method::GET, "/api/v1/me", Some(&token), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&app, "accueil", demo::DEMO_PASSWORD, "").await.status,
        StatusCode::UNAUTHORIZED
    );
    // An admin cannot lock themself out.
    let me = app.user_id("admin").await;
    let reply = app
        .post_form(
            &format!("/admin/comptes/{me}/desactiver"),
            Some(&admin),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("votre propre compte"));
    let reply = app
        .post_form(&format!("/admin/comptes/{id}/reactiver"), Some(&admin), &[])
        .await;
    assert_eq!(reply.location(), "/admin/comptes?ok=ok-user-enabled");
    assert_eq!(
        login(&app, "accueil", demo::DEMO_PASSWORD, "").await.status,
        StatusCode::SEE_OTHER
    );
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE entity = 'user' AND action LIKE 'user.%able' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(actions, ["user.disable", "user.enable"]);
}

#[tokio::test]
async fn a_json_body_of_the_wrong_shape_names_the_field_in_our_words() {
    let app = app().await;
    let admin = app.token("admin").await;
    let reply = app
        .api(
            Method::POST,
            "/api/v1/persons",
            Some(&admin),
            Some(serde_json::json!({"last_name": "Roux"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let p = reply.json();
    assert_eq!(p["errors"][0]["field"], "first_name");
    assert_eq!(p["errors"][0]["code"], "error-required");
    assert!(!reply.body.contains("deserialize"));
    let reply = app
        .api(
            Method::POST,
            "/api/v1/users",
            Some(&admin),
            Some(serde_json::json!({"username": "x1", "display_name": "X", "role": "root"})),
        )
        .await;
    let p = reply.json();
    assert_eq!(p["errors"][0]["field"], "role");
    assert_eq!(
        p["errors"][0]["message"],
        "Valeur absente ou d'un type inattendu."
    );
    let reply = app
        .api(
            Method::POST,
            "/api/v1/logbook",
            Some(&app.token("accueil").await),
            Some(serde_json::json!({"kind": "correction", "body": "x"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["field"], "corrects_id");
}

#[tokio::test]
async fn an_open_live_feed_learns_when_its_session_ended() {
    let app = app().await;
    let s = app.session("accueil").await;
    let token = s.cookie.split_once('=').unwrap().1.to_owned();
    let user = auth::session_user(&app.pool, &token).await.unwrap();
    let caller = web::Caller {
        user: user.clone(),
        session_token: Some(token.clone()),
        api_token: None,
        session_expired: false,
        address: None,
        host: None,
    };
    assert!(caller.still_valid(&app.pool).await);
    auth::close_session(&app.pool, &token).await.unwrap();
    assert!(!caller.still_valid(&app.pool).await);
}
