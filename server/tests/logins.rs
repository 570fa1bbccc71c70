//! A person's access to « Mon compte », as the desk sees and gives it (issue 16): the login made
//! from the person's page (its name proposed, no person number to type), the login page's
//! « mot de passe oublié » that tells the truth, and the temporary password the desk gives a
//! resident or an association at night — shown once, logged without it, to change at the next
//! login, dead after 72 hours, refused for staff logins.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::http::{StatusCode, header};
use citeosquare_server::demo;

mod support;

use support::app::{App, app, login};
use support::{Reply, Session};

/// The demo's people (in `demo::DEMO_PEOPLE` order): Marie Lefèvre represents the association
/// and has the `asso` login; Jean Dupuis is a member without a login; Hélène Garnier has none;
/// Odette Perrin has the `resident` login.
const MARIE: i64 = 1;
const JEAN: i64 = 2;
const HELENE: i64 = 4;
const ODETTE: i64 = 6;

/// A page's text as a reader sees it (the escapes of apostrophes and quotes undone).
fn seen(reply: &Reply) -> String {
    reply
        .body
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The password shown once on the page (`<code id="mot-de-passe-provisoire">`).
fn shown_password(reply: &Reply) -> String {
    let marker = "id=\"mot-de-passe-provisoire\">";
    let start = reply
        .body
        .find(marker)
        .unwrap_or_else(|| panic!("no password shown: {}", reply.body))
        + marker.len();
    reply.body[start..].split('<').next().unwrap().to_owned()
}

/// Everything that a refusal must leave as it was: the accounts, their passwords, the
/// deadlines, the sessions and the log.
async fn accounts_state(app: &App) -> String {
    let users: Vec<(i64, String, String, bool, Option<String>)> = sqlx::query_as(
        "SELECT id, username, password_hash, must_change_password, disabled_at FROM users ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let deadlines = app.count("SELECT count(*) FROM temporary_passwords").await;
    let sessions = app.count("SELECT count(*) FROM sessions").await;
    let log = app.count("SELECT count(*) FROM audit_log").await;
    format!("{users:?} {deadlines} {sessions} {log}")
}

async fn user_id(app: &App, username: &str) -> i64 {
    app.user_id(username).await
}

/// The desk gives `username` a temporary password, confirmed; returns the password shown.
async fn give_temporary(app: &App, desk: &Session, username: &str) -> String {
    let id = user_id(app, username).await;
    let reply = app
        .post_form(
            &format!("/acces/comptes/{id}/mot-de-passe-provisoire"),
            Some(desk),
            &[("confirme", "oui")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    shown_password(&reply)
}

/// A session from a login's `Set-Cookie` (its CSRF token read from the database).
async fn session_from(app: &App, reply: &Reply) -> Session {
    let cookie = reply
        .header(header::SET_COOKIE)
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let token = cookie.split_once('=').unwrap().1;
    let csrf: String = sqlx::query_scalar("SELECT csrf_token FROM sessions WHERE token_hash = ?")
        .bind(citeosquare_server::auth::token_hash(token))
        .fetch_one(&app.pool)
        .await
        .unwrap();
    Session { cookie, csrf }
}

// ---------------------------------------------------------------------------------------------
// A login made from the person's page

#[tokio::test]
async fn a_login_made_from_the_person_page_shows_there_and_logs_in() {
    let app = app().await;
    let desk = app.session("accueil").await;
    let page = app.get(&format!("/personnes/{JEAN}"), Some(&desk)).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = seen(&page);
    assert!(text.contains("Accès à Mon compte"), "{text}");
    assert!(text.contains("Cette personne n'a pas d'accès à « Mon compte »"));
    // The name is proposed from the person's, folded to ASCII; no person number to type.
    assert!(
        page.body.contains(
            "id=\"acces-identifiant\" name=\"identifiant\" type=\"text\" value=\"jean.dupuis\""
        ),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(&format!("action=\"/acces/personnes/{JEAN}\""))
    );
    // Jean represents no association: a resident login, said in words.
    assert!(text.contains("Rôle : résident·e."));
    assert!(!page.body.contains("id=\"acces-role\" name=\"role\""));

    let reply = app
        .post_form(
            &format!("/acces/personnes/{JEAN}"),
            Some(&desk),
            &[("identifiant", "jean.dupuis"), ("role", "resident")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header(header::CACHE_CONTROL), "no-store");
    let text = seen(&reply);
    assert!(text.contains("Accès créé"));
    assert!(text.contains("Accès à Mon compte créé pour Jean Dupuis (Résident·e)."));
    assert!(reply.body.contains("id=\"identifiant-donne\">jean.dupuis<"));
    assert!(text.contains("il ne sera plus affiché"));
    assert!(text.contains("Valable jusqu'au "));
    let temporary = shown_password(&reply);
    assert_eq!(temporary.len(), 19, "{temporary}");

    // The person's page shows the login, not the form any more.
    let page = app.get(&format!("/personnes/{JEAN}"), Some(&desk)).await;
    let text = seen(&page);
    assert!(page.body.contains("<code>jean.dupuis</code>"), "{text}");
    assert!(text.contains("Résident·e"));
    assert!(text.contains("aucune connexion notée"));
    assert!(text.contains("Mot de passe provisoire, valable jusqu'au "));
    assert!(!page.body.contains("id=\"acces-identifiant\""));
    assert!(
        !page.body.contains(&temporary),
        "the password is shown once"
    );
    // Linked to the person, in the person's language.
    let (person, language, must_change): (Option<i64>, String, bool) = sqlx::query_as(
        "SELECT person_id, language, must_change_password FROM users WHERE username = 'jean.dupuis'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (person, language.as_str(), must_change),
        (Some(JEAN), "fr", true)
    );

    // Jean logs in with it, must choose his own password, then uses it.
    let reply = login(&app, "jean.dupuis", &temporary, "").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/compte?changer=1");
    let jean = session_from(&app, &reply).await;
    let moi = app.get("/moi", Some(&jean)).await;
    assert_eq!(moi.location(), "/compte?changer=1");
    let changed = app
        .post_form(
            "/compte/mot-de-passe",
            Some(&jean),
            &[
                ("actuel", &temporary),
                ("nouveau", "les tomates du toit"),
                ("confirmation", "les tomates du toit"),
            ],
        )
        .await;
    assert_eq!(changed.location(), "/compte?ok=ok-password-changed");
    assert_eq!(app.get("/moi", Some(&jean)).await.status, StatusCode::OK);
    let again = login(&app, "jean.dupuis", "les tomates du toit", "").await;
    assert_eq!(again.location(), "/moi");
    assert_eq!(
        login(&app, "jean.dupuis", &temporary, "").await.status,
        StatusCode::UNAUTHORIZED
    );

    // The page now says when he last logged in, and that the login is active.
    let page = app.get(&format!("/personnes/{JEAN}"), Some(&desk)).await;
    let text = seen(&page);
    assert!(!text.contains("aucune connexion notée"), "{text}");
    assert!(text.contains("Actif"));

    // The log says who made it, for whom; never the password.
    let after: String = sqlx::query_scalar(
        "SELECT after FROM audit_log WHERE action = 'user.create' AND actor = 'accueil'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(after.contains("\"username\":\"jean.dupuis\""), "{after}");
    assert!(after.contains(&format!("\"person_id\":{JEAN}")), "{after}");
    let leaks = sqlx::query_scalar::<_, i64>(
        "SELECT count(*) FROM audit_log WHERE instr(coalesce(before, '') || coalesce(after, ''), ?) > 0",
    )
    .bind(&temporary)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(leaks, 0);
}

#[tokio::test]
async fn an_association_login_for_a_representative_and_the_name_made_unique() {
    let app = app().await;
    let desk = app.session("accueil").await;
    // Someone already has Hélène's name as a login: the next is proposed.
    let admin = app.session("admin").await;
    let made = app
        .post_form(
            "/admin/comptes",
            Some(&admin),
            &[
                ("username", "helene.garnier"),
                ("display_name", "Hélène Garnier (accueil)"),
                ("role", "reception"),
                ("person_id", ""),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let page = app.get(&format!("/personnes/{HELENE}"), Some(&desk)).await;
    assert!(
        page.body.contains("value=\"helene.garnier-2\""),
        "{}",
        page.body
    );

    // Jean becomes a representative: an association login is offered, and chosen first.
    sqlx::query("UPDATE association_members SET representative = 1 WHERE person_id = ?")
        .bind(JEAN)
        .execute(&app.pool)
        .await
        .unwrap();
    let page = app.get(&format!("/personnes/{JEAN}"), Some(&desk)).await;
    assert!(
        page.body.contains("<label for=\"acces-role\">"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<option value=\"association\" selected>")
    );
    let reply = app
        .post_form(
            &format!("/acces/personnes/{JEAN}"),
            Some(&desk),
            &[("identifiant", "jean.dupuis"), ("role", "association")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let temporary = shown_password(&reply);
    let reply = login(&app, "jean.dupuis", &temporary, "").await;
    let jean = session_from(&app, &reply).await;
    app.post_form(
        "/compte/mot-de-passe",
        Some(&jean),
        &[
            ("actuel", &temporary),
            ("nouveau", "semis de printemps"),
            ("confirmation", "semis de printemps"),
        ],
    )
    .await;
    assert_eq!(
        login(&app, "jean.dupuis", "semis de printemps", "")
            .await
            .location(),
        "/mes-associations"
    );

    // Marie already has her login: the page shows it, with no form.
    let page = app.get(&format!("/personnes/{MARIE}"), Some(&desk)).await;
    assert!(page.body.contains("<code>asso</code>"));
    assert!(!page.body.contains("id=\"acces-identifiant\""));
}

#[tokio::test]
async fn a_refused_login_says_why_under_the_field_and_changes_nothing() {
    let app = app().await;
    let desk = app.session("accueil").await;
    let resident = app.session("resident").await;
    let before = accounts_state(&app).await;
    let path = format!("/acces/personnes/{JEAN}");
    for (fields, field, message) in [
        (
            [("identifiant", ""), ("role", "resident")],
            "acces-identifiant",
            "Indiquez un identifiant.",
        ),
        (
            [("identifiant", "Jean Dupuis!"), ("role", "resident")],
            "acces-identifiant",
            "Identifiant non valide : 2 à 64 caractères parmi a-z, 0-9, « . », « _ » et « - ».",
        ),
        (
            [("identifiant", "ACCUEIL"), ("role", "resident")],
            "acces-identifiant",
            "Cet identifiant est déjà pris.",
        ),
        (
            [("identifiant", "efface-12"), ("role", "resident")],
            "acces-identifiant",
            "Identifiant non valide",
        ),
        (
            [("identifiant", "jean.dupuis"), ("role", "admin")],
            "acces-role",
            "Un compte de l'accueil ou de l'administration se crée dans Administration › Comptes, par un administrateur.",
        ),
        (
            [("identifiant", "jean.dupuis"), ("role", "reception")],
            "acces-role",
            "Un compte de l'accueil ou de l'administration se crée",
        ),
        (
            [("identifiant", "jean.dupuis"), ("role", "association")],
            "acces-role",
            "Cette personne ne représente aucune association : choisissez un accès résident·e.",
        ),
        (
            [("identifiant", "jean.dupuis"), ("role", "chef")],
            "acces-role",
            "Choisissez le rôle : résident·e ou association.",
        ),
    ] {
        let reply = app.post_form(&path, Some(&desk), &fields).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}: {}",
            reply.body
        );
        let text = seen(&reply);
        // Under the field at fault, and in the summary above.
        let under = format!("<p class=\"field-error\" id=\"{field}-erreur\">");
        let at = text
            .find(&under)
            .unwrap_or_else(|| panic!("{fields:?}: no error under {field}: {text}"));
        assert!(
            text[at..].starts_with(&format!("{under}{message}")),
            "{fields:?}: {}",
            &text[at..at + 300]
        );
        assert!(text.contains("href=\"#"), "{fields:?}");
        // What was typed is typed back.
        assert!(
            reply.body.contains(&format!("value=\"{}\"", fields[0].1)),
            "{fields:?}"
        );
        assert_eq!(accounts_state(&app).await, before, "{fields:?}");
    }
    // A person who has a login already gets no second one.
    let reply = app
        .post_form(
            &format!("/acces/personnes/{ODETTE}"),
            Some(&desk),
            &[("identifiant", "odette.perrin"), ("role", "resident")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(seen(&reply).contains("Cette personne a déjà un accès : resident."));
    // An unknown person is not found; a resident may not make logins at all.
    let reply = app
        .post_form(
            "/acces/personnes/999",
            Some(&desk),
            &[("identifiant", "x.y"), ("role", "resident")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = app
        .post_form(
            &path,
            Some(&resident),
            &[("identifiant", "jean.dupuis"), ("role", "resident")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(accounts_state(&app).await, before);
}

// ---------------------------------------------------------------------------------------------
// The login page

#[tokio::test]
async fn the_login_page_tells_the_truth_about_a_forgotten_password() {
    let app = app().await;
    let page = app.get("/connexion", None).await;
    let text = seen(&page);
    assert!(
        text.contains(
            "Mot de passe oublié ? Ce site n'envoie pas de courriel pour le changer. \
             Adressez-vous à l'accueil, ouvert jour et nuit : on vous donnera un mot de passe provisoire."
        ),
        "{text}"
    );
    assert!(
        text.contains("Compte de l'accueil ou de l'administration : demandez à un administrateur.")
    );
    assert!(!text.contains("réinitialiser"));
    let english = app
        .send(
            App::request(axum::http::Method::GET, "/connexion", None)
                .header(header::COOKIE, "cq_lang=en")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert!(
        seen(&english).contains(
            "Go to the desk, open day and night: they will give you a temporary password."
        )
    );
}

// ---------------------------------------------------------------------------------------------
// A temporary password from the desk

#[tokio::test]
async fn the_desk_gives_a_temporary_password_that_must_be_changed_then_the_new_one_works() {
    let app = app().await;
    let desk = app.session("accueil").await;
    let odette_open = app.session("resident").await;
    let id = user_id(&app, "resident").await;

    // The person's page offers it for her resident login.
    let page = app.get(&format!("/personnes/{ODETTE}"), Some(&desk)).await;
    let confirm_path = format!("/acces/comptes/{id}/mot-de-passe-provisoire");
    assert!(
        page.body.contains(&format!("href=\"{confirm_path}\"")),
        "{}",
        page.body
    );
    assert!(page.body.contains("<code>resident</code>"));

    // Asked first: what it does, and a button to confirm.
    let ask = app.get(&confirm_path, Some(&desk)).await;
    assert_eq!(ask.status, StatusCode::OK);
    let text = seen(&ask);
    assert!(
        text.contains("Mot de passe provisoire pour resident"),
        "{text}"
    );
    assert!(text.contains("Compte resident : Odette Perrin, Résident·e."));
    assert!(text.contains("ses sessions ouvertes seront fermées"));
    assert!(text.contains("valable 72 heures"));
    assert!(ask.body.contains("name=\"confirme\" value=\"oui\""));

    // Not confirmed: nothing changes.
    let before = accounts_state(&app).await;
    let reply = app.post_form(&confirm_path, Some(&desk), &[]).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        seen(&reply).contains(
            "Confirmez avec le bouton « Remplacer le mot de passe » : rien n'a été changé."
        )
    );
    assert_eq!(accounts_state(&app).await, before);

    // Confirmed: shown once, her sessions closed, the old password dead.
    let reply = app
        .post_form(&confirm_path, Some(&desk), &[("confirme", "oui")])
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header(header::CACHE_CONTROL), "no-store");
    let text = seen(&reply);
    assert!(text.contains("Mot de passe provisoire"));
    assert!(text.contains("Lisez-le à la personne, ou imprimez cette page"));
    assert!(reply.body.contains("data-print"));
    let temporary = shown_password(&reply);
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = ?")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(stored.starts_with("$argon2id$") && !stored.contains(&temporary));
    let old = app.get("/moi", Some(&odette_open)).await;
    assert!(
        old.location().starts_with("/connexion"),
        "{}",
        old.location()
    );
    assert_eq!(
        login(&app, "resident", demo::DEMO_PASSWORD, "")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let page = app.get(&format!("/personnes/{ODETTE}"), Some(&desk)).await;
    assert!(seen(&page).contains("Mot de passe provisoire, valable jusqu'au "));

    // She logs in with it: only her account page opens, until she chose her own.
    let reply = login(&app, "resident", &temporary, "/moi").await;
    assert_eq!(reply.location(), "/compte?changer=1");
    let odette = session_from(&app, &reply).await;
    assert_eq!(
        app.get("/moi", Some(&odette)).await.location(),
        "/compte?changer=1"
    );
    let account = app.get("/compte?changer=1", Some(&odette)).await;
    assert!(seen(&account).contains("Votre mot de passe est provisoire"));
    let changed = app
        .post_form(
            "/compte/mot-de-passe",
            Some(&odette),
            &[
                ("actuel", &temporary),
                ("nouveau", "mon potager secret"),
                ("confirmation", "mon potager secret"),
            ],
        )
        .await;
    assert_eq!(changed.location(), "/compte?ok=ok-password-changed");
    assert_eq!(app.get("/moi", Some(&odette)).await.status, StatusCode::OK);
    assert_eq!(
        login(&app, "resident", "mon potager secret", "")
            .await
            .location(),
        "/moi"
    );
    assert_eq!(
        login(&app, "resident", &temporary, "").await.status,
        StatusCode::UNAUTHORIZED
    );

    // The log: who gave it, to which login, until when; never the password nor its hash.
    let (actor, entity, entity_id, after): (String, String, String, String) = sqlx::query_as(
        "SELECT actor, entity, entity_id, after FROM audit_log WHERE action = 'user.temporary_password'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (actor.as_str(), entity.as_str(), entity_id),
        ("accueil", "user", id.to_string())
    );
    assert!(after.contains("\"username\":\"resident\""), "{after}");
    assert!(after.contains("\"valid_until\":"), "{after}");
    let all: Vec<String> = sqlx::query_scalar(
        "SELECT coalesce(before, '') || coalesce(after, '') || actor || action FROM audit_log",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(
        all.iter()
            .all(|row| !row.contains(&temporary) && !row.contains("$argon2"))
    );
    let admin = app.session("admin").await;
    let journal = app
        .get(
            "/admin/journal?action=user.temporary_password",
            Some(&admin),
        )
        .await;
    assert!(
        seen(&journal).contains("Mot de passe provisoire donné"),
        "{}",
        journal.body
    );
    assert!(!journal.body.contains(&temporary));
}

#[tokio::test]
async fn a_temporary_password_past_its_time_is_refused_with_a_clear_message() {
    let app = app().await;
    let desk = app.session("accueil").await;
    let temporary = give_temporary(&app, &desk, "resident").await;
    // Logged in within its time, but not yet changed…
    let reply = login(&app, "resident", &temporary, "").await;
    let odette = session_from(&app, &reply).await;
    // …then 72 hours pass.
    sqlx::query(
        "UPDATE temporary_passwords SET issued_at = '2026-01-01T09:00:00.000Z',
                expires_at = '2026-01-04T09:00:00.000Z'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let sessions = app.count("SELECT count(*) FROM sessions").await;
    let reply = login(&app, "resident", &temporary, "").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let text = seen(&reply);
    assert!(
        text.contains(
            "Ce mot de passe provisoire a expiré le 04/01/2026 à 10 h 00. \
             Adressez-vous à l'accueil, ouvert jour et nuit, pour en recevoir un nouveau."
        ),
        "{text}"
    );
    assert!(text.contains("id=\"mot_de_passe-erreur\""));
    assert!(reply.headers.get(header::SET_COOKIE).is_none());
    assert_eq!(app.count("SELECT count(*) FROM sessions").await, sessions);
    // The session opened in time cannot make it its password any more either.
    let hash_before: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE username = 'resident'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let reply = app
        .post_form(
            "/compte/mot-de-passe",
            Some(&odette),
            &[
                ("actuel", &temporary),
                ("nouveau", "trop tard pour moi"),
                ("confirmation", "trop tard pour moi"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(seen(&reply).contains("Ce mot de passe provisoire a expiré le 04/01/2026"));
    let hash_after: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE username = 'resident'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(hash_before, hash_after);
    // The desk sees it expired on her page, and gives a new one, which works.
    let page = app.get(&format!("/personnes/{ODETTE}"), Some(&desk)).await;
    assert!(seen(&page).contains("Mot de passe provisoire expiré le 04/01/2026 à 10 h 00"));
    let fresh = give_temporary(&app, &desk, "resident").await;
    assert_eq!(
        login(&app, "resident", &fresh, "").await.location(),
        "/compte?changer=1"
    );
}

#[tokio::test]
async fn the_desk_cannot_replace_a_staff_password_and_nothing_changes() {
    let app = app().await;
    let desk = app.session("accueil").await;
    let admin_session = app.session("admin").await;
    let before = accounts_state(&app).await;
    for staff in ["admin", "accueil"] {
        let id = user_id(&app, staff).await;
        let path = format!("/acces/comptes/{id}/mot-de-passe-provisoire");
        let ask = app.get(&path, Some(&desk)).await;
        assert_eq!(ask.status, StatusCode::OK);
        let refusal = "L'accueil ne peut pas remplacer le mot de passe d'un compte de l'accueil \
                       ou de l'administration : demandez à un administrateur.";
        assert!(seen(&ask).contains(refusal), "{}", ask.body);
        assert!(!ask.body.contains("name=\"confirme\""));
        let reply = app
            .post_form(&path, Some(&desk), &[("confirme", "oui")])
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{staff}");
        assert!(seen(&reply).contains(refusal));
        assert!(!reply.body.contains("id=\"mot-de-passe-provisoire\""));
        assert_eq!(accounts_state(&app).await, before, "{staff}");
    }
    // Still logged in, still the same password.
    assert_eq!(
        app.get("/admin/comptes", Some(&admin_session)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        login(&app, "admin", demo::DEMO_PASSWORD, "").await.status,
        StatusCode::SEE_OTHER
    );

    // A staff login attached to a person: her page says why there is no button.
    sqlx::query("UPDATE users SET person_id = ? WHERE username = 'accueil'")
        .bind(HELENE)
        .execute(&app.pool)
        .await
        .unwrap();
    let page = app.get(&format!("/personnes/{HELENE}"), Some(&desk)).await;
    let text = seen(&page);
    assert!(text.contains("<code>accueil</code>"), "{text}");
    assert!(text.contains("demandez à un administrateur"));
    assert!(!page.body.contains("/mot-de-passe-provisoire\""));

    // A disabled login: refused too, with who can enable it.
    let resident = user_id(&app, "resident").await;
    sqlx::query("UPDATE users SET disabled_at = '2026-01-01T00:00:00.000Z' WHERE id = ?")
        .bind(resident)
        .execute(&app.pool)
        .await
        .unwrap();
    let before = accounts_state(&app).await;
    let reply = app
        .post_form(
            &format!("/acces/comptes/{resident}/mot-de-passe-provisoire"),
            Some(&desk),
            &[("confirme", "oui")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        seen(&reply).contains("Cet accès est désactivé : seul un administrateur peut le réactiver")
    );
    assert_eq!(accounts_state(&app).await, before);

    // Unknown logins are not found.
    assert_eq!(
        app.get("/acces/comptes/999/mot-de-passe-provisoire", Some(&desk))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // An admin may give one to a desk login (the desk's password forgotten at night is the
    // admin's to replace).
    let accueil = user_id(&app, "accueil").await;
    let reply = app
        .post_form(
            &format!("/acces/comptes/{accueil}/mot-de-passe-provisoire"),
            Some(&admin_session),
            &[("confirme", "oui")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // Members may not ask at all.
    let asso = app.session("asso").await;
    assert_eq!(
        app.get(
            &format!("/acces/comptes/{resident}/mot-de-passe-provisoire"),
            Some(&asso)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
}
