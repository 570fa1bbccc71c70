//! Shared vehicles in headless Chromium on the demo site (axe-core on every page, screenshots in
//! target/screenshots): the senior books a car for Thursday 10:00 in three screens, large text on;
//! the desk asks for a trip with a volunteer driver for another senior; the volunteer takes it;
//! an overdue return shows on the desk once its end has passed (the test chooses the end); the
//! senior returns a car with a scratch and sends a photo of it, which the desk then sees.
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
        // The board's screenshot stands in for the photo a phone would take.
        let photo = browser.screenshot("vehicules-photo-envoyee").await;
        w.log_out().await;

        // René brings the Clio back with a scratch, and sends a photo of it from his tablet.
        let booking = off_runtime(|| {
            common::runtime().block_on(async {
                let pool = db::open(&path).await.unwrap();
                let start = chrono::Utc::now() - chrono::Duration::minutes(50);
                let end = start + chrono::Duration::hours(2);
                // The first car free now (the demo's week keeps some busy).
                let cars: Vec<i64> =
                    sqlx::query_scalar("SELECT id FROM vehicles WHERE kind = 'car' ORDER BY id")
                        .fetch_all(&pool)
                        .await
                        .unwrap();
                let mut id = None;
                for car in cars {
                    let made = sqlx::query_scalar(
                        "INSERT INTO vehicle_bookings (uid, vehicle_id, person_id, state, start_at,
                             end_at, block_start, block_end, made_by_name, created_at, updated_at,
                             picked_up_at, pickup_event, km_start)
                         VALUES (?, ?, 9, 'out', ?, ?, ?, ?, 'test', ?, ?, ?, 'test', 52000)
                         RETURNING id",
                    )
                    .bind(format!("browser-scratch-{car}"))
                    .bind(car)
                    .bind(db::instant_text(start))
                    .bind(db::instant_text(end))
                    .bind(start.timestamp())
                    .bind(end.timestamp() + 900)
                    .bind(db::now_text())
                    .bind(db::now_text())
                    .bind(db::instant_text(start))
                    .fetch_one(&pool)
                    .await;
                    if let Ok(made) = made {
                        id = Some(made);
                        break;
                    }
                }
                let id: i64 = id.expect("a car free for the next hour");
                pool.close().await;
                id
            })
        });
        w.log_in("senior", "/moi").await;
        let booking_path = format!("/vehicules/reservations/{booking}");
        w.open(&booking_path).await;
        browser.click("#fiche-retour").await;
        w.wait_for_path(&format!("{booking_path}/retour")).await;
        browser.fill("#km_end", "52014").await;
        browser
            .click(r#"input[name="energy_level"][value="75"]"#)
            .await;
        browser.click(r#"input[name="clean"][value="1"]"#).await;
        browser
            .fill("#damage_location", "portière avant droite")
            .await;
        browser.fill("#damage_description", "rayure de 20 cm").await;
        browser.click("#envoyer").await;
        w.wait_for_path(&booking_path).await;
        browser
            .wait_for_text("#photo-demande", "ajoutez une photo", PAGE)
            .await;
        w.check_page("retour avec dégât", "vehicules-10-degat-signale", PHONE)
            .await;
        w.resize(DESK.0, DESK.1).await;
        browser.click(r#"a[id^="ajouter-photo-"]"#).await;
        let photo_path = browser.current_path().await;
        assert!(
            photo_path.starts_with("/vehicules/dommages/") && photo_path.ends_with("/photo"),
            "{photo_path}"
        );
        w.check_page("photo du dégât", "vehicules-11-photo-formulaire", PHONE)
            .await;
        w.resize(DESK.0, DESK.1).await;
        browser.choose_file("#photo", &photo).await;
        browser.click("#envoyer-photo").await;
        browser
            .wait_for_text("#ajoutee", "La photo est enregistrée", PAGE)
            .await;
        let width = w
            .js_text("return String(document.querySelector('img.damage-photo').naturalWidth);")
            .await;
        let width: u32 = width.parse().unwrap();
        assert!(
            (1..=1600).contains(&width),
            "the photo is shown, at most 1600 pixels wide: {width}"
        );
        w.check_page("photo envoyée", "vehicules-12-photo-envoyee", PHONE)
            .await;
        w.resize(DESK.0, DESK.1).await;
        w.log_out().await;

        // The desk sees it beside the damage to review.
        w.log_in("accueil", "/accueil").await;
        w.open("/accueil/vehicules").await;
        let shown = w
            .js_text("return String(document.querySelector('img.damage-thumb').naturalWidth);")
            .await;
        assert_eq!(shown, width.to_string(), "the board shows the same photo");
        browser.close().await;
    });
}
