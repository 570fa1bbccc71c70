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
