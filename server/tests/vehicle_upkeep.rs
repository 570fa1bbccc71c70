//! The fleet's upkeep and money, on the demo site: the admin adds a vehicle from the page, a
//! maintenance plan falls due, a claim gets its insurer's deadline and shows on the desk's board
//! until declared, prices per kind of person and a month's statement.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use chrono::{Datelike, Duration, Utc};
use chrono_tz::Europe::Paris;
use serde_json::json;
use support::TestApp;

#[tokio::test]
async fn the_admin_adds_a_vehicle_from_the_page_and_bad_input_changes_nothing() {
    let app = TestApp::new().await;
    let admin = app.session("admin").await;
    let page = app.page("/admin/vehicules", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Renault Zoé"));
    let before = app.count("SELECT count(*) FROM vehicles").await;
    // A key number already taken: refused, naming the vehicle that has it.
    let r = app
        .post_form(
            "/admin/vehicules",
            Some(&admin),
            &[
                ("name", "Peugeot 208"),
                ("kind", "car"),
                ("energy", "petrol"),
                ("seats", "5"),
                ("key_number", "3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Renault Zoé"), "{}", r.body);
    // Seats in letters: refused at the field.
    let r = app
        .post_form(
            "/admin/vehicules",
            Some(&admin),
            &[
                ("name", "Peugeot 208"),
                ("kind", "car"),
                ("energy", "petrol"),
                ("seats", "cinq"),
                ("key_number", "7"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("SELECT count(*) FROM vehicles").await, before);
    let r = app
        .post_form(
            "/admin/vehicules",
            Some(&admin),
            &[
                ("name", "Peugeot 208"),
                ("kind", "car"),
                ("energy", "petrol"),
                ("seats", "5"),
                ("key_number", "7"),
                ("first_registration", "2024-05-02"),
                ("automatic", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (buffer, licence, automatic): (i64, bool, bool) = sqlx::query_as(
        "SELECT buffer_minutes, needs_licence, automatic FROM vehicles WHERE name = 'Peugeot 208'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((buffer, licence, automatic), (15, true, true));
    // The desk may not open the fleet's administration.
    let desk = app.session("accueil").await;
    assert_eq!(
        app.page("/admin/vehicules", Some(&desk)).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_claim_has_its_deadline_and_a_plan_falls_due_on_the_board_until_done() {
    let app = TestApp::new().await;
    let desk = app.token("accueil").await;
    let today = Utc::now().with_timezone(&Paris).date_naive();
    // A theft today: two working days to declare it.
    let r = app
        .call(
            Method::POST,
            "/api/v1/vehicles/1/claims",
            Some(&desk),
            Some(json!({"kind": "theft", "occurred_on": today.to_string(), "description": "Vitre brisée, autoradio volé"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let deadline =
        chrono::NaiveDate::parse_from_str(r.json()["deadline"].as_str().unwrap(), "%Y-%m-%d")
            .unwrap();
    let working = (1..=(deadline - today).num_days())
        .filter(|n| {
            citeosquare_server::vehicles::upkeep::is_working_day(today + Duration::days(*n))
        })
        .count();
    assert_eq!(working, 2, "{deadline}");
    // A booking that is not this vehicle's (or not at all) is not found, and nothing is stored
    // (it used to fail the table's foreign key: a 500).
    let other: i64 = sqlx::query_scalar("SELECT coalesce(max(id), 0) + 1000 FROM vehicle_bookings")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM vehicle_claims")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let r = app
        .call(
            Method::POST,
            "/api/v1/vehicles/1/claims",
            Some(&desk),
            Some(json!({"kind": "vandalism", "occurred_on": today.to_string(), "description": "x", "booking_id": other})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{r:?}");
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM vehicle_claims")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(after, before);
    // A date in the future is refused.
    let r = app
        .call(
            Method::POST,
            "/api/v1/vehicles/1/claims",
            Some(&desk),
            Some(json!({"kind": "accident", "occurred_on": (today + Duration::days(3)).to_string(), "description": "x"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // An oil change every 10,000 km, last done 9,500 km ago: due (within 1,000 km).
    let odometer: i64 = sqlx::query_scalar("SELECT odometer_km FROM vehicles WHERE id = 3")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let r = app
        .call(
            Method::POST,
            "/api/v1/vehicles/3/plans",
            Some(&desk),
            Some(json!({"what": "Vidange", "every_km": 10000, "last_km": odometer - 9500})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let plan = r.json()["id"].as_i64().unwrap();
    let board = app
        .call(Method::GET, "/api/v1/vehicles/board", Some(&desk), None)
        .await;
    let warnings = board.json()["warnings"].clone();
    let has = |what: &str, name: &str| {
        warnings
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["what"] == what && w["name"].as_str().unwrap().contains(name))
    };
    assert!(has("claim", "Renault Clio"), "{warnings}");
    assert!(has("maintenance", "Renault Zoé — Vidange"), "{warnings}");
    // Done today, declared: both leave the board.
    let s = app.session("accueil").await;
    let r = app
        .post_form(
            &format!("/vehicules/3/entretien/{plan}/fait"),
            Some(&s),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let claim: i64 = sqlx::query_scalar("SELECT id FROM vehicle_claims")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let r = app
        .post_form(
            &format!("/vehicules/1/sinistres/{claim}/declare"),
            Some(&s),
            &[("insurer_ref", "SIN-2026-0042")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let board = app
        .call(Method::GET, "/api/v1/vehicles/board", Some(&desk), None)
        .await;
    let warnings = board.json()["warnings"].clone();
    assert!(
        !warnings
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["what"] == "claim" || w["what"] == "maintenance"),
        "{warnings}"
    );
    let page = app.page("/vehicules/1", Some(&s)).await;
    assert!(page.body.contains("SIN-2026-0042"), "{}", page.body);
}

#[tokio::test]
async fn a_months_statement_bills_time_and_kilometres_at_the_persons_price() {
    let app = TestApp::new().await;
    // The Zoé: 3,00 €/h and 0,20 €/km by default; residents pay 2,00 €/h and 0,10 €/km.
    sqlx::query("UPDATE vehicles SET price_kind = 'euros', price_per_hour = 300, price_per_km = 20 WHERE id = 3")
        .execute(&app.pool)
        .await
        .unwrap();
    let admin = app.session("admin").await;
    let r = app
        .post_form(
            "/vehicules/3/prix",
            Some(&admin),
            &[
                ("person_kind", "resident"),
                ("price_kind", "euros"),
                ("per_hour", "200"),
                ("per_km", "10"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Two uses this month, already returned: Odette (a resident) 2 h and 30 km; Marie (a
    // neighbour) booked 1 h but kept it 1 h 20 (billed 1 h 30), 10 km.
    let now = Utc::now();
    let month_start = now.with_timezone(&Paris).date_naive().with_day(1).unwrap();
    let at = |h: i64| {
        citeosquare_server::time::resolve_local(Paris, month_start.and_hms_opt(8, 0, 0).unwrap())
            + Duration::hours(h)
    };
    for (uid, person, start, end, back, km) in [
        ("s-odette", 6, at(0), at(2), at(2), 30),
        (
            "s-marie",
            1,
            at(3),
            at(4),
            at(4) + Duration::minutes(20),
            10,
        ),
    ] {
        sqlx::query(
            "INSERT INTO vehicle_bookings (uid, vehicle_id, person_id, state, start_at, end_at,
                 block_start, block_end, made_by_name, created_at, updated_at, picked_up_at,
                 returned_at, km_start, km_end)
             VALUES (?, 3, ?, 'returned', ?, ?, ?, ?, 'test', 'x', 'x', ?, ?, 1000, ?)",
        )
        .bind(uid)
        .bind(person)
        .bind(citeosquare_server::db::instant_text(start))
        .bind(citeosquare_server::db::instant_text(end))
        .bind(start.timestamp())
        .bind(end.timestamp() + 900)
        .bind(citeosquare_server::db::instant_text(start))
        .bind(citeosquare_server::db::instant_text(back))
        .bind(1000 + km)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let month = format!("{}-{:02}", month_start.year(), month_start.month());
    let token = app.token("accueil").await;
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/persons/6/vehicle-statement?month={month}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let line = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["vehicle_name"] == "Renault Zoé")
        .cloned()
        .unwrap();
    // 2 h × 2,00 € + 30 km × 0,10 € = 7,00 €.
    assert_eq!(
        (
            line["minutes"].as_i64(),
            line["km"].as_i64(),
            line["amount"].as_i64()
        ),
        (Some(120), Some(30), Some(700))
    );
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/persons/1/vehicle-statement?month={month}"),
            Some(&token),
            None,
        )
        .await;
    let line = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["vehicle_name"] == "Renault Zoé")
        .cloned()
        .unwrap();
    // 1 h 30 × 3,00 € + 10 km × 0,20 € = 6,50 €.
    assert_eq!(
        (line["minutes"].as_i64(), line["amount"].as_i64()),
        (Some(90), Some(650))
    );
    // Odette downloads hers as CSV; she may not read Marie's.
    let odette = app.session("resident").await;
    let csv = app
        .page(&format!("/vehicules/releve/6?mois={month}"), Some(&odette))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.contains(";Renault Zoé;") && csv.body.contains(";2 h;30;7,00 €"),
        "{}",
        csv.body
    );
    assert!(csv.body.contains("Total;;;;;;7,00 €"), "{}", csv.body);
    assert_eq!(
        app.page(&format!("/vehicules/releve/1?mois={month}"), Some(&odette))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // A month that is not one: refused.
    let r = app
        .call(
            Method::GET,
            "/api/v1/persons/6/vehicle-statement?month=2026-13",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
}

#[tokio::test]
async fn the_admin_edits_a_vehicle_and_takes_it_out_only_once_nobody_is_left_waiting_for_it() {
    let app = TestApp::new().await;
    let token = app.token("admin").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/vehicles",
            Some(&token),
            Some(
                json!({"name": "Peugeot 208", "kind": "car", "energy": "petrol",
                        "seats": 5, "key_number": 7, "odometer_km": 41000}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let id = r.json()["id"].as_i64().unwrap();

    // The page shows the vehicle as it is; a key number already taken is refused, naming the
    // vehicle that has it, and changes nothing.
    let admin = app.session("admin").await;
    let page = app
        .page(&format!("/admin/vehicules/{id}"), Some(&admin))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"41000\""), "{}", page.body);
    let edit = |name: &'static str, key: &'static str, buffer: &'static str| {
        vec![
            ("name", name),
            ("kind", "car"),
            ("energy", "petrol"),
            ("seats", "5"),
            ("key_number", key),
            ("buffer_minutes", buffer),
            ("odometer_km", "41000"),
        ]
    };
    let r = app
        .post_form(
            &format!("/admin/vehicules/{id}"),
            Some(&admin),
            &edit("Peugeot 208", "3", "15"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Renault Zoé"), "{}", r.body);
    let r = app
        .post_form(
            &format!("/admin/vehicules/{id}"),
            Some(&admin),
            &edit("Peugeot 208", "huit", "15"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let key: i64 = sqlx::query_scalar("SELECT key_number FROM vehicles WHERE id = ?")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(key, 7);
    // A good change lands, and the audit log says who made it.
    let r = app
        .post_form(
            &format!("/admin/vehicules/{id}"),
            Some(&admin),
            &edit("Peugeot 208 blanche", "8", "30"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (name, key, buffer): (String, i64, i64) =
        sqlx::query_as("SELECT name, key_number, buffer_minutes FROM vehicles WHERE id = ?")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((name.as_str(), key, buffer), ("Peugeot 208 blanche", 8, 30));
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'vehicle.update'")
            .await,
        1
    );
    // The API changes it the same way; the desk may not.
    let desk = app.token("accueil").await;
    let body = json!({"name": "Peugeot 208", "kind": "car", "energy": "petrol",
                      "seats": 4, "key_number": 8, "odometer_km": 41000});
    let path = format!("/api/v1/vehicles/{id}");
    let r = app
        .call(Method::PUT, &path, Some(&desk), Some(body.clone()))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.call(Method::PUT, &path, Some(&token), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(r.json()["seats"], 4);

    // René books it next month.
    let day = Utc::now().with_timezone(&Paris).date_naive() + Duration::days(30);
    let at = |h: u32| {
        day.and_hms_opt(h, 0, 0)
            .unwrap()
            .and_local_timezone(Paris)
            .unwrap()
            .to_rfc3339()
    };
    let rene = app
        .count("SELECT id FROM persons WHERE first_name = 'René'")
        .await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/vehicle-bookings",
            Some(&desk),
            Some(json!({"vehicle_id": id, "person_id": rene, "start": at(10), "end": at(12)})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let booking = r.json()[0]["id"].as_i64().unwrap();

    // Taking it out asks first, then is refused while René's booking stands.
    let retire = format!("/admin/vehicules/{id}/retirer");
    let r = app.post_form(&retire, Some(&admin), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Oui, le retirer"), "{}", r.body);
    let r = app
        .post_form(&retire, Some(&admin), &[("confirme", "oui")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("1 réservation(s) à venir"), "{}", r.body);
    assert_eq!(
        app.count("SELECT count(*) FROM vehicles WHERE retired_at IS NOT NULL")
            .await,
        0
    );
    // Once it is cancelled, the vehicle goes: out of the fleet, not bookable, history kept.
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/vehicle-bookings/{booking}/cancel"),
            Some(&desk),
            Some(json!({"reason": "véhicule vendu"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let r = app
        .post_form(&retire, Some(&admin), &[("confirme", "oui")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let fleet = app
        .call(Method::GET, "/api/v1/vehicles", Some(&desk), None)
        .await;
    assert!(!fleet.body.contains("Peugeot 208"), "{}", fleet.body);
    let r = app
        .call(
            Method::POST,
            "/api/v1/vehicle-bookings",
            Some(&desk),
            Some(json!({"vehicle_id": id, "person_id": rene, "start": at(14), "end": at(15)})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
    assert_eq!(
        app.count("SELECT count(*) FROM vehicle_bookings WHERE vehicle_id = (SELECT max(id) FROM vehicles)")
            .await,
        1
    );
}
