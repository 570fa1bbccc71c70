//! The transport solidaire, on the demo site, through the API and the pages: a senior (René, 9,
//! login `senior`) or the desk asks for a trip; the volunteer driver (Karim, 7, login `benevole`,
//! briefed on the adapted vehicle) takes it; his minutes reach the SEL exactly once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_server::sel::ledger;
use serde_json::{Value, json};
use support::TestApp;

const RENE: i64 = 9;
const KARIM: i64 = 7;
const ODETTE: i64 = 6;

fn local(days: i64, h: u32) -> DateTime<Utc> {
    let today = Utc::now().with_timezone(&Paris).date_naive();
    citeosquare_server::time::resolve_local(
        Paris,
        (today + Duration::days(days)).and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap()),
    )
}

async fn posted(app: &TestApp, person: i64) -> i64 {
    ledger::account_of_person(&app.pool, person)
        .await
        .unwrap()
        .map_or(0, |a| a.posted)
}

/// The desk asks for a trip for René, `days` ahead at 10:00, back at noon.
async fn ask(app: &TestApp, desk: &str, days: i64, wheelchair: bool) -> i64 {
    let r = app
        .call(
            Method::POST,
            "/api/v1/vehicle-trips",
            Some(desk),
            Some(
                json!({"passenger_id": RENE, "start": local(days, 10).to_rfc3339(),
                        "return_at": local(days, 12).to_rfc3339(), "from_place": "12 rue des Lilas",
                        "to_place": "Cabinet médical", "wheelchair": wheelchair}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    r.json()["id"].as_i64().unwrap()
}

async fn done(app: &TestApp, token: &str, trip: i64, body: Value) -> support::Reply {
    app.call(
        Method::POST,
        &format!("/api/v1/vehicle-trips/{trip}/done"),
        Some(token),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn the_volunteers_minutes_reach_the_sel_exactly_once_even_when_the_trip_is_edited_or_replayed()
 {
    let app = TestApp::new().await;
    let desk = app.token("accueil").await;
    let karim = app.token("benevole").await;
    let trip = ask(&app, &desk, 20, false).await;
    // Karim takes it with his own car.
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/vehicle-trips/{trip}/take"),
            Some(&karim),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(r.json()["state"], "taken");
    assert_eq!(r.json()["own_car"], true);
    let before = posted(&app, KARIM).await;
    let body =
        json!({"km": 18, "minutes": 150, "contribution_kind": "euros", "contribution_amount": 500});
    let r = done(&app, &karim, trip, body.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(posted(&app, KARIM).await - before, 150);
    // The same request again (a retry): nothing more.
    let r = done(&app, &karim, trip, body).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(posted(&app, KARIM).await - before, 150);
    // Edited up, then down: only the differences are written.
    let r = done(
        &app,
        &desk,
        trip,
        json!({"km": 18, "minutes": 180, "contribution_kind": "euros", "contribution_amount": 500}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(posted(&app, KARIM).await - before, 180);
    let r = done(
        &app,
        &desk,
        trip,
        json!({"km": 18, "minutes": 120, "contribution_kind": "euros", "contribution_amount": 500}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(posted(&app, KARIM).await - before, 120);
    assert_eq!(r.json()["credited_minutes"], 120);
    let memo: String = sqlx::query_scalar(
        "SELECT memo FROM sel_transfers WHERE operation_id LIKE 'sys:vehicle-trip-' || ? || '-%' ORDER BY no LIMIT 1",
    )
    .bind(trip)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(memo.starts_with("Accompagnement des seniors"), "{memo}");
    // The ledger and the trip agree, as `citeosquare check` proves.
    let findings = citeosquare_server::check::run(&app.pool).await.unwrap();
    let f = findings
        .iter()
        .find(|f| f.name == "vehicle_trip_credits_match_ledger")
        .unwrap();
    assert!(f.ok, "{f:?}");
    // Over the legal ceiling (18 km × 0,32 € = 5,76 €): refused, and nothing moves.
    let r = done(
        &app,
        &desk,
        trip,
        json!({"km": 18, "minutes": 120, "contribution_kind": "euros", "contribution_amount": 577}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{r:?}");
    assert!(
        r.json()["detail"].as_str().unwrap().contains("5,76 €"),
        "{r:?}"
    );
    assert_eq!(posted(&app, KARIM).await - before, 120);
    // More than the 100 km of the transport solidaire: refused at the field.
    let r = done(&app, &desk, trip, json!({"km": 140, "minutes": 120})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
    // A contribution in SEL minutes moves them from René to the common pot, once.
    let rene_before = posted(&app, RENE).await;
    let r = done(
        &app,
        &desk,
        trip,
        json!({"km": 18, "minutes": 120, "contribution_kind": "sel", "contribution_amount": 30}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let r = done(
        &app,
        &desk,
        trip,
        json!({"km": 18, "minutes": 120, "contribution_kind": "sel", "contribution_amount": 30}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(rene_before - posted(&app, RENE).await, 30);
    assert_eq!(posted(&app, KARIM).await - before, 120);
}

#[tokio::test]
async fn a_trip_books_a_fleet_vehicle_in_the_same_transaction_and_only_volunteers_take_trips() {
    let app = TestApp::new().await;
    let desk = app.token("accueil").await;
    let karim = app.token("benevole").await;
    let trip = ask(&app, &desk, 21, true).await;
    let path = format!("/api/v1/vehicle-trips/{trip}/take");
    let take = |vehicle: Option<i64>| {
        let body = match vehicle {
            Some(v) => json!({"vehicle_id": v}),
            None => json!({}),
        };
        app.call(Method::POST, &path, Some(&karim), Some(body))
    };
    // A wheelchair: neither his own car nor the Zoé.
    let r = take(None).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{r:?}");
    let r = take(Some(3)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{r:?}");
    assert!(
        r.json()["detail"].as_str().unwrap().contains("rampe"),
        "{r:?}"
    );
    // The adapted vehicle, which only the desk books, is booked for him with the trip.
    let r = take(Some(2)).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(r.json()["vehicle_name"], "Citroën Berlingo TPMR");
    let booking = r.json()["booking_id"].as_i64().unwrap();
    let (person, state, start): (i64, String, String) =
        sqlx::query_as("SELECT person_id, state, start_at FROM vehicle_bookings WHERE id = ?")
            .bind(booking)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((person, state.as_str()), (KARIM, "confirmed"));
    assert_eq!(
        start,
        citeosquare_server::db::instant_text(local(21, 10) - Duration::minutes(15))
    );
    // Taken: a second taker is refused.
    let marie_token = app.token("asso").await;
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/vehicle-trips/{trip}/take"),
            Some(&marie_token),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{r:?}");
    // Given back: open again, the vehicle freed.
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/vehicle-trips/{trip}/release"),
            Some(&karim),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(r.json()["state"], "open");
    let state: String = sqlx::query_scalar("SELECT state FROM vehicle_bookings WHERE id = ?")
        .bind(booking)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(state, "cancelled");
    // Marie has a licence but is no volunteer driver: she may not take it, nor see the list.
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/vehicle-trips/{trip}/take"),
            Some(&marie_token),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{r:?}");
    assert!(
        r.json()["detail"]
            .as_str()
            .unwrap()
            .contains("chauffeur bénévole"),
        "{r:?}"
    );
    let r = app
        .call(
            Method::GET,
            "/api/v1/vehicle-trips",
            Some(&marie_token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .call(Method::GET, "/api/v1/vehicle-trips", Some(&karim), None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json().as_array().unwrap().iter().any(|t| t["id"] == trip));
    // René cancels it: gone from the list.
    let rene = app.token("senior").await;
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/vehicle-trips/{trip}/cancel"),
            Some(&rene),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let r = app
        .call(Method::GET, "/api/v1/vehicle-trips", Some(&karim), None)
        .await;
    assert!(!r.json().as_array().unwrap().iter().any(|t| t["id"] == trip));
}

#[tokio::test]
async fn the_years_report_counts_trips_kilometres_people_and_drivers() {
    let app = TestApp::new().await;
    let desk = app.token("accueil").await;
    let karim = app.token("benevole").await;
    // Two trips for René, one for Odette, all driven by Karim; one more cancelled.
    let mut trips = vec![
        ask(&app, &desk, 22, false).await,
        ask(&app, &desk, 23, false).await,
    ];
    let r = app
        .call(
            Method::POST,
            "/api/v1/vehicle-trips",
            Some(&desk),
            Some(
                json!({"passenger_id": ODETTE, "start": local(24, 9).to_rfc3339(),
                        "from_place": "Domicile", "to_place": "La mairie"}),
            ),
        )
        .await;
    trips.push(r.json()["id"].as_i64().unwrap());
    let cancelled = ask(&app, &desk, 25, false).await;
    app.call(
        Method::POST,
        &format!("/api/v1/vehicle-trips/{cancelled}/cancel"),
        Some(&desk),
        Some(json!({})),
    )
    .await;
    for (trip, km) in trips.iter().zip([10, 20, 31]) {
        let r = app
            .call(
                Method::POST,
                &format!("/api/v1/vehicle-trips/{trip}/take"),
                Some(&karim),
                Some(json!({})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let r = done(&app, &karim, *trip, json!({"km": km, "minutes": 60, "contribution_kind": "euros", "contribution_amount": km * 30})).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
    }
    // The trips are in the coming weeks: this year's or next year's report, by their date.
    let year = |days: i64| {
        use chrono::Datelike;
        local(days, 10).with_timezone(&Paris).year()
    };
    let mut total = (0, 0);
    for y in [year(22), year(24)]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
    {
        let r = app
            .call(
                Method::GET,
                &format!("/api/v1/vehicle-trips/report?year={y}"),
                Some(&desk),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        total.0 += r.json()["trips"].as_i64().unwrap();
        total.1 += r.json()["km"].as_i64().unwrap();
    }
    assert_eq!(total, (3, 61));
    if year(22) == year(24) {
        let r = app
            .call(
                Method::GET,
                &format!("/api/v1/vehicle-trips/report?year={}", year(22)),
                Some(&desk),
                None,
            )
            .await;
        let j = r.json();
        assert_eq!(j["passengers"], 2);
        assert_eq!(j["drivers"], 1);
        assert_eq!(j["average_km"], 20);
        assert_eq!(j["contributions_cents"], 61 * 30);
        assert_eq!(j["minutes_credited"], 180);
        // The same, printable and as CSV for the prefect.
        let s = app.session("accueil").await;
        let csv = app
            .page(
                &format!("/accueil/trajets/bilan.csv?annee={}", year(22)),
                Some(&s),
            )
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(
            csv.body
                .lines()
                .nth(1)
                .unwrap()
                .starts_with(&format!("{};3;61;20;2;1;0;18,30;3,00", year(22))),
            "{}",
            csv.body
        );
    }
}

#[tokio::test]
async fn a_senior_asks_for_a_trip_in_three_screens_and_the_volunteer_takes_it_on_his_page() {
    let app = TestApp::new().await;
    let senior = app.session("senior").await;
    let one = app.page("/vehicules", Some(&senior)).await;
    assert!(one.body.contains("Avec un chauffeur bénévole"));
    let two = app.page("/vehicules/trajet", Some(&senior)).await;
    assert_eq!(two.status, StatusCode::OK);
    assert!(two.body.contains("Le marché") && two.body.contains("Pas de retour"));
    assert!(
        !two.body.contains("name=\"destination\" type=\"text\""),
        "nothing to type"
    );
    let day = (Utc::now().with_timezone(&Paris).date_naive() + Duration::days(5)).to_string();
    let q = format!(
        "/vehicules/trajet/confirmer?jour={day}&heure=10:00&vers=marche&retour=2&fauteuil=0"
    );
    let three = app.page(&q, Some(&senior)).await;
    assert_eq!(three.status, StatusCode::OK);
    assert!(
        three
            .body
            .contains("Un chauffeur bénévole viendra chercher René Fournier"),
        "{}",
        three.body
    );
    assert!(
        three.body.contains("Domicile → Le marché") && three.body.contains("Retour vers 12 h 00"),
        "{}",
        three.body
    );
    let r = app
        .post_form(
            "/vehicules/trajets",
            Some(&senior),
            &[
                ("jour", &day),
                ("heure", "10:00"),
                ("destination", "Le marché"),
                ("retour", "2"),
                ("fauteuil", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let trip_page = r.location().split('?').next().unwrap().to_owned();
    // Karim sees it among the open trips and takes it with the Clio.
    let karim = app.session("benevole").await;
    let list = app.page("/vehicules/trajets", Some(&karim)).await;
    assert!(list.body.contains(&trip_page), "{}", list.body);
    let page = app.page(&trip_page, Some(&karim)).await;
    assert!(page.body.contains("Je prends ce trajet"), "{}", page.body);
    let r = app
        .post_form(
            &format!("{trip_page}/prendre"),
            Some(&karim),
            &[("vehicule", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let seen = app.page(&trip_page, Some(&senior)).await;
    assert!(
        seen.body.contains("Un chauffeur l&#39;a pris")
            || seen.body.contains("Un chauffeur l'a pris"),
        "{}",
        seen.body
    );
    assert!(seen.body.contains("Karim Haddad") && seen.body.contains("Renault Clio"));
    // Odette (no volunteer) cannot open René's trip.
    let odette = app.session("resident").await;
    assert_eq!(
        app.page(&trip_page, Some(&odette)).await.status,
        StatusCode::NOT_FOUND
    );
}
