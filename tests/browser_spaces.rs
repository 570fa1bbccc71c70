//! The chrono'espaces in a real headless Chromium, on the demo site: an association asks for a
//! room and the desk approves it. axe-core on every page, screenshots in target/screenshots/.
#![allow(clippy::unwrap_used)]

mod common;

use common::browser::{Browser, describe_violations};
use common::walk::*;

/// A room of the test's own on the running demo site, written through the server's library on its
/// database: « Salle d'essai du navigateur », open every day 08:00–22:00 to associations, each
/// request waiting for the desk's approval. Returns the room's id and the association the demo's
/// `asso` account represents.
async fn association_room(site: &common::Site) -> (i64, i64) {
    use citeosquare_server::audit::Actor;
    use citeosquare_server::spaces::{self, SpaceInput, WindowInput};
    let pool = citeosquare_server::db::open(&site.server.db_path())
        .await
        .expect("the server's database");
    let actor = Actor::cli();
    let room = spaces::create_space(
        &pool,
        &actor,
        &SpaceInput {
            name: "Salle d'essai du navigateur".into(),
            floor: "Rez-de-chaussée".into(),
            capacity: 30,
            equipment: "Tables, chaises, tableau blanc".into(),
            step_free: true,
            hearing_loop: false,
            refuse_when_full: true,
            ..SpaceInput::default()
        },
    )
    .await
    .expect("the test's room");
    let use_ = spaces::create_use(
        &pool,
        &actor,
        &serde_json::from_value(serde_json::json!({
            "code": "essai-navigateur", "name": "Réunion d'association (essai)",
            "colour": "#2e7d32", "mode": "exclusive", "open_to_associations": true,
            "approval": true, "min_minutes": 30, "max_minutes": 240,
        }))
        .expect("a use"),
    )
    .await
    .expect("the test's use");
    let windows: Vec<WindowInput> = (1..=7)
        .map(|weekday| WindowInput {
            weekday,
            start: "08:00".into(),
            end: "22:00".into(),
            use_id: use_.id,
        })
        .collect();
    spaces::set_windows(&pool, &actor, room.id, &windows)
        .await
        .expect("the room's timetable");
    let association: i64 = sqlx::query_scalar(
        "SELECT m.association_id FROM association_members m \
         JOIN users u ON u.person_id = m.person_id \
         WHERE u.username = 'asso' AND m.representative = 1",
    )
    .fetch_one(&pool)
    .await
    .expect("the association `asso` represents");
    pool.close().await;
    (room.id, association)
}

/// An association's representative asks for a room on the portal (the use needs approval: the
/// request waits), reception approves it from its queue, and the representative sees it
/// confirmed; each page visited is checked with axe-core, and the public agenda (page and TV
/// mode) too.
#[test]
fn spaces_an_association_requests_a_room_and_reception_approves_it() {
    common::runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let site = common::Site::start();
        let (room, association) = association_room(&site).await;
        let w = Walk {
            browser: &browser,
            base: site.server.http.clone(),
        };
        let title = "Répétition de la chorale";

        // The representative opens the portal from « Salles ».
        w.log_in("asso", "/mes-associations").await;
        browser.click(r#"nav a[href="/salles"]"#).await;
        w.wait_for_path("/salles").await;
        browser
            .wait_for_text("main", "Salle d'essai du navigateur", PAGE)
            .await;
        w.assert_french("les salles").await;
        w.check_page("les salles", "salles-01-liste", DESK).await;
        browser
            .click(r#"main a[href="/associations/salles"]"#)
            .await;
        w.wait_for_path("/associations/salles").await;
        browser
            .wait_for_text("section.sp-open", "Réunion d'association (essai)", PAGE)
            .await;
        let feed = browser.value("#flux-1").await;
        assert!(
            feed.starts_with(&site.server.http) && feed.contains("/calendrier/association/"),
            "the association's calendar address: {feed}"
        );
        w.assert_french("portail des associations").await;
        w.check_page("portail des associations", "salles-02-portail", DESK)
            .await;
        w.check_page(
            "portail des associations (téléphone)",
            "salles-03-portail-telephone",
            PHONE,
        )
        .await;
        w.resize(DESK.0, DESK.1).await;

        // « Demander ce créneau » on a day three days ahead: the room's week, the form filled in.
        let day = (chrono::Utc::now().date_naive() + chrono::Duration::days(3)).to_string();
        browser
            .click(&format!(
                r#"section.sp-open a[href^="/salles/{room}?"][href*="jour={day}&"]"#
            ))
            .await;
        w.wait_for_path(&format!("/salles/{room}")).await;
        assert_eq!(browser.value("#day").await, day);
        assert_eq!(browser.value("#start").await, "08:00");
        assert_eq!(browser.value("#end").await, "10:00");
        assert_eq!(
            browser.value("#association_id").await,
            association.to_string()
        );
        browser
            .wait_for_text("#semaine", "sur validation de l'accueil", PAGE)
            .await;
        w.assert_french("la semaine de la salle").await;
        w.check_page("la semaine de la salle", "salles-04-semaine", DESK)
            .await;
        w.check_page(
            "la semaine de la salle (téléphone)",
            "salles-05-semaine-telephone",
            PHONE,
        )
        .await;
        w.resize(DESK.0, DESK.1).await;

        // Sent without a title: the form comes back with the error, what was typed kept.
        browser
            .click(&format!(
                r#"form[action="/salles/{room}/reserver"] button[type=submit]"#
            ))
            .await;
        browser
            .wait_for_text("#erreurs", "Titre : Ce champ est obligatoire.", PAGE)
            .await;
        assert_eq!(browser.value("#day").await, day);
        w.check_page("réservation sans titre", "salles-06-sans-titre", DESK)
            .await;
        browser.fill("#title", title).await;
        browser
            .fill("#note", "Une vingtaine de choristes, le piano si possible.")
            .await;
        browser
            .click(&format!(
                r#"form[action="/salles/{room}/reserver"] button[type=submit]"#
            ))
            .await;
        browser
            .wait_for_text(".flash", "Demande envoyée à l'accueil", PAGE)
            .await;
        let booking_path = browser.current_path().await;
        assert!(
            booking_path.starts_with("/reservations/"),
            "landed on {booking_path}"
        );
        let booking = booking_path.trim_start_matches("/reservations/").to_owned();
        browser
            .wait_for_text(".sp-state-line", "en attente", PAGE)
            .await;
        w.assert_french("la demande envoyée").await;
        w.check_page("la demande envoyée", "salles-07-demande-en-attente", DESK)
            .await;
        w.log_out().await;

        // Reception: the queue, the request, approved with a message.
        w.log_in("accueil", "/accueil").await;
        browser.click(r#"nav a[href="/accueil/demandes"]"#).await;
        w.wait_for_path("/accueil/demandes").await;
        let card = format!("#demande-{booking}");
        browser.wait_for_text(&card, title, PAGE).await;
        browser.wait_for_text(&card, "Marie Lefèvre", PAGE).await;
        w.assert_french("demandes de salles").await;
        w.check_page("demandes de salles", "salles-08-demandes", DESK)
            .await;
        browser
            .fill(&format!("#accepter-{booking}"), "Le piano sera accordé.")
            .await;
        browser
            .click(&format!(
                r#"form[action="/accueil/demandes/{booking}/accepter"] button[type=submit]"#
            ))
            .await;
        browser
            .wait_for_text(".flash", "Demande acceptée", PAGE)
            .await;
        assert!(
            !browser.text("main").await.contains(title),
            "the approved request left the queue"
        );
        w.check_page(
            "demandes après l'acceptation",
            "salles-09-demande-acceptee",
            DESK,
        )
        .await;

        // The desk's view of the demo's divisible room next week: the association's Saturday
        // meeting in the garden half shows on the whole room, with its title and who holds it.
        w.open("/salles").await;
        let whole = w
            .js_text(
                "const a = [...document.querySelectorAll('main h2 a')]\
                 .find(a => a.textContent.trim() === 'Salle polyvalente'); \
                 return a ? a.getAttribute('href') : '';",
            )
            .await;
        assert!(
            whole.starts_with("/salles/"),
            "the demo's Salle polyvalente: {whole:?}"
        );
        let next_week = (chrono::Utc::now().date_naive() + chrono::Duration::days(7)).to_string();
        browser
            .goto(&w.url(&format!("{whole}?semaine={next_week}")))
            .await;
        w.wait_for_path(&whole).await;
        browser
            .wait_for_text(
                "#semaine",
                "Bloqué par une réservation de « Salle polyvalente — côté jardin »",
                PAGE,
            )
            .await;
        browser
            .wait_for_text(
                "#semaine",
                "Réunion hebdomadaire des Jardins partagés",
                PAGE,
            )
            .await;
        w.assert_french("la semaine de la salle polyvalente").await;
        w.check_page(
            "la semaine de la salle polyvalente (accueil)",
            "salles-09b-salle-divisible",
            DESK,
        )
        .await;
        w.log_out().await;

        // The representative sees it confirmed, with the desk's message, on the booking and on
        // the portal.
        w.log_in("asso", "/mes-associations").await;
        w.open(&booking_path).await;
        browser
            .wait_for_text(".sp-state-line", "confirmée", PAGE)
            .await;
        browser
            .wait_for_text("main", "Le piano sera accordé.", PAGE)
            .await;
        w.check_page("la réservation confirmée", "salles-10-confirmee", DESK)
            .await;
        w.open("/associations/salles").await;
        browser
            .wait_for_text(&format!("#reservation-{booking}"), "confirmée", PAGE)
            .await;
        // At phone width the booking is a card: every cell on screen, each with its column's
        // name (Horaires, Salle, État…), nothing cut off to the right.
        w.resize(PHONE.0, PHONE.1).await;
        let cells = w
            .js_text(&format!(
                "return [...document.querySelectorAll('#reservation-{booking} td')].map(function (td) {{
                   var r = td.getBoundingClientRect();
                   return [td.dataset.label, getComputedStyle(td).display,
                           r.right <= window.innerWidth + 1 && r.width > 0].join('|');
                 }}).join(' ; ');"
            ))
            .await;
        for label in ["Jour", "Horaires", "Salle", "État"] {
            assert!(
                cells.contains(&format!("{label}|block|true")),
                "« {label} » on the phone's card: {cells}"
            );
        }
        assert!(!cells.contains("|false"), "a cell cut off at 390 px: {cells}");
        w.check_page(
            "portail des associations, réservation en carte (téléphone)",
            "salles-10b-portail-carte-telephone",
            PHONE,
        )
        .await;
        w.resize(DESK.0, DESK.1).await;

        // The public agenda and the café's TV.
        w.open("/agenda").await;
        w.assert_french("agenda").await;
        w.check_page("agenda public", "salles-11-agenda", DESK)
            .await;
        browser.goto(&w.url("/agenda?tv=1")).await;
        browser.wait_for_text("h1", "Agenda", PAGE).await;
        browser.screenshot("salles-12-agenda-tv").await;
        // The TV mode reloads itself every five minutes on purpose (an unattended screen in the
        // café, nobody reading it with a screen reader or a form to lose): axe-core's
        // `meta-refresh` rule is the one it may break; every other rule holds.
        let violations: Vec<serde_json::Value> = browser
            .accessibility_violations()
            .await
            .into_iter()
            .filter(|v| v["id"] != "meta-refresh")
            .collect();
        assert!(
            violations.is_empty(),
            "{}",
            describe_violations("agenda (télévision du café)", &violations)
        );

        browser.close().await;
    });
}
