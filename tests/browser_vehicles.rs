//! Shared vehicles in headless Chromium on the demo site (axe-core on every page, screenshots in
//! target/screenshots): the senior books a car for Thursday 10:00 in three screens, large text on;
//! the desk asks for a trip with a volunteer driver for another senior; the volunteer takes it;
//! an overdue return shows on the desk once its end has passed (the test chooses the end).
#![allow(clippy::unwrap_used)]

mod common;

use chrono::{Datelike, Duration as Days, Weekday};
use citeosquare_server::db;
use common::browser::Browser;
use common::walk::*;
use std::time::Duration;

/// The coming Thursday (tomorrow at the earliest), in Paris: among the day buttons.
fn thursday() -> chrono::NaiveDate {
    // The zone's type comes from the library's signature (this package does not name chrono-tz).
    let now = chrono::Utc::now();
    let (today, _) = citeosquare_server::spaces::timetable::local_days(
        "Europe/Paris".parse().unwrap(),
        now,
        now,
    );
    let mut d = today + Days::days(1);
    while d.weekday() != Weekday::Thu {
        d += Days::days(1);
    }
    d
}

#[test]
fn vehicles_a_senior_books_the_desk_asks_a_trip_a_volunteer_takes_it_and_overdue_shows() {
    common::runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let site = common::Site::start();
        let w = Walk {
            browser: &browser,
            base: site.server.http.clone(),
        };

        // The senior: his page, large text on, then « Réserver un véhicule ».
        w.log_in("senior", "/moi").await;
        assert_eq!(
            w.js_text("return document.documentElement.className;")
                .await,
            "grand-texte"
        );
        browser.click("#reserver").await;
        // Screen 1: what.
        w.wait_for_path("/vehicules").await;
        w.assert_french("véhicules : quoi").await;
        w.check_page("véhicules : quoi", "vehicules-01-quoi", PHONE)
            .await;
        w.resize(DESK.0, DESK.1).await;
        browser.click("#quoi-voiture").await;
        // Screen 2: when — the day, then the hour, as big buttons; two hours is the default.
        w.wait_for_path("/vehicules/quand").await;
        let day = thursday();
        browser
            .click(&format!(r#"input[name="jour"][value="{day}"]"#))
            .await;
        browser.click(r#"input[name="heure"][value="10:00"]"#).await;
        w.assert_french("véhicules : quand").await;
        w.check_page("véhicules : quand", "vehicules-02-quand", DESK)
            .await;
        browser.click("#suite").await;
        // Screen 3: the booking in a sentence.
        w.wait_for_path("/vehicules/confirmer").await;
        browser
            .wait_for_text("#phrase", "René Fournier", PAGE)
            .await;
        let sentence = browser.text("#phrase").await;
        assert!(
            sentence.contains("jeudi") && sentence.contains("10 h 00 – 12 h 00"),
            "{sentence}"
        );
        w.check_page("véhicules : confirmer", "vehicules-03-confirmer", DESK)
            .await;
        browser.click("#confirme").await;
        browser.wait_for_text("#fait", "C'est réservé", PAGE).await;
        let booked = browser.text("#phrase").await;
        assert!(
            booked.contains("réservé(e) pour René Fournier le jeudi")
                && booked.contains("de 10 h 00 à 12 h 00"),
            "{booked}"
        );
        assert!(browser.value("#sms").await.chars().count() <= 160);
        w.assert_french("la réservation").await;
        w.check_page("la réservation", "vehicules-04-reservation", PHONE)
            .await;
        w.resize(DESK.0, DESK.1).await;
        w.log_out().await;

        // The desk asks for a trip with a volunteer for Odette Perrin (person 6), from her page.
        w.log_in("accueil", "/accueil").await;
        w.open("/personnes/6").await;
        browser.click("#demander-trajet").await;
        w.wait_for_path("/vehicules/trajet").await;
        let trip_day = thursday() + Days::days(1);
        browser
            .click(&format!(r#"input[name="jour"][value="{trip_day}"]"#))
            .await;
        browser.click(r#"input[name="heure"][value="14:00"]"#).await;
        browser
            .fill("#destination", "Centre de santé, 3 place du Marché")
            .await;
        browser.click(r#"input[name="retour"][value="2"]"#).await;
        w.check_page(
            "trajet : quand (accueil)",
            "vehicules-05-trajet-accueil",
            DESK,
        )
        .await;
        browser.click("#suite").await;
        w.wait_for_path("/vehicules/trajet/confirmer").await;
        browser
            .wait_for_text("#phrase", "Odette Perrin", PAGE)
            .await;
        assert!(browser.text("#phrase").await.contains("Centre de santé"));
        browser.click("#confirme").await;
        browser
            .wait_for_text("#fait", "Votre demande est enregistrée", PAGE)
            .await;
        let trip_path = browser.current_path().await;
        assert!(trip_path.starts_with("/vehicules/trajets/"), "{trip_path}");
        w.check_page("le trajet demandé", "vehicules-06-trajet", DESK)
            .await;
        w.log_out().await;

        // The volunteer: the open trips, this one, taken with the first free car.
        w.log_in("benevole", "/moi").await;
        w.open("/vehicules/trajets").await;
        browser.wait_for_text("main", "Odette Perrin", PAGE).await;
        w.check_page("trajets ouverts", "vehicules-07-trajets-ouverts", PHONE)
            .await;
        w.resize(DESK.0, DESK.1).await;
        browser
            .click(&format!(r#"main a[href="{trip_path}"]"#))
            .await;
        w.wait_for_path(&trip_path).await;
        browser.click("#prendre").await;
        browser
            .wait_for_text("#etat", "Un chauffeur l'a pris", PAGE)
            .await;
        browser
            .wait_for_text("#chauffeur", "Karim Haddad", PAGE)
            .await;
        w.check_page("trajet pris", "vehicules-08-trajet-pris", DESK)
            .await;
        w.log_out().await;

        // Overdue: Chloé (person 8) has the e-bike 1 out until 20 seconds from now.
        let path = site.server.db_path();
        let end = chrono::Utc::now() + chrono::Duration::seconds(20);
        off_runtime(|| {
            common::runtime().block_on(async {
                let pool = db::open(&path).await.unwrap();
                let start = end - chrono::Duration::minutes(40);
                sqlx::query(
                    "INSERT INTO vehicle_bookings (uid, vehicle_id, person_id, state, start_at,
                         end_at, block_start, block_end, made_by_name, created_at, updated_at,
                         picked_up_at, pickup_event)
                     VALUES ('browser-overdue', 4, 8, 'out', ?, ?, ?, ?, 'test', ?, ?, ?, 'test')",
                )
                .bind(db::instant_text(start))
                .bind(db::instant_text(end))
                .bind(start.timestamp())
                .bind(end.timestamp() + 600)
                .bind(db::now_text())
                .bind(db::now_text())
                .bind(db::instant_text(start))
                .execute(&pool)
                .await
                .unwrap();
                pool.close().await;
            });
        });
        w.log_in("accueil", "/accueil").await;
        w.open("/accueil/vehicules").await;
        browser
            .wait_for_text("#titre-bientot + ul", "Chloé Lambert", PAGE)
            .await;
        assert!(!browser.text("#retards").await.contains("Chloé Lambert"));
        w.reload_until("#retards", "Chloé Lambert", Duration::from_secs(60))
            .await;
        w.assert_french("tableau des véhicules").await;
        w.check_page("tableau des véhicules", "vehicules-09-tableau", DESK)
            .await;
        w.open("/accueil").await;
        browser
            .wait_for_text("#vehicules", "2 véhicules en retard", PAGE)
            .await;
        browser.close().await;
    });
}
