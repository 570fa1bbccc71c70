//! Shared vehicles, on the demo site, through the rules, the real router and the kiosk ingestion
//! (`ingest::store_batch`, exactly as MQTT messages arrive). Demo people: Marie (1, licence valid),
//! Jean (2, licence expired), Fatima (3, no licence), Lucas (5, has the Clio out, overdue), Karim
//! (7, volunteer driver), René (9, the senior, login `senior`). Vehicles: Clio (1, key 1),
//! Berlingo TPMR (2, staff only, briefing), Zoé (3, key 3, automatic), e-bikes (4; 5 in the
//! workshop), cargo bike (6). Tests book three weeks ahead and later, clear of the demo's bookings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc, Weekday};
use chrono_tz::Europe::Paris;
use citeosquare_protocol::{self as protocol, Ack, AckResult};
use citeosquare_server::audit::Actor;
use citeosquare_server::kiosks::ingest::{self, IngestSettings, Received};
use citeosquare_server::metrics::Metrics;
use citeosquare_server::refusal::Refusal;
use citeosquare_server::vehicles::booking::{self, Maker, NewBooking};
use citeosquare_server::vehicles::returns::{self, ReturnInput};
use citeosquare_server::vehicles::{self, workshop};
use serde_json::json;
use sqlx::SqlitePool;
use support::TestApp;

const MARIE: i64 = 1;
const JEAN: i64 = 2;
const FATIMA: i64 = 3;
const RENE: i64 = 9;
const CLIO: i64 = 1;
const ZOE: i64 = 3;
const KEYS: &str = "demo-cles";

fn desk() -> Maker {
    Maker::desk(&Actor {
        id: None,
        name: "Accueil (test)".into(),
    })
}

/// A local Paris time `days` from today at `h:m`.
fn local(days: i64, h: u32, m: u32) -> DateTime<Utc> {
    let today = Utc::now().with_timezone(&Paris).date_naive();
    citeosquare_server::time::resolve_local(
        Paris,
        (today + Duration::days(days)).and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()),
    )
}

fn new_booking(vehicle: i64, person: i64, start: DateTime<Utc>, end: DateTime<Utc>) -> NewBooking {
    NewBooking {
        vehicle_id: vehicle,
        person_id: Some(person),
        start,
        end,
        purpose: String::new(),
        weeks: 1,
        request_key: None,
    }
}

async fn book(pool: &SqlitePool, b: NewBooking) -> Result<booking::Booking, Refusal> {
    booking::book(pool, Paris, &desk(), &b)
        .await
        .map(|mut v| v.remove(0))
}

fn conflict_key(r: Result<booking::Booking, Refusal>) -> &'static str {
    match r {
        Err(Refusal::Conflict { key, .. }) => key,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn settings() -> IngestSettings {
    IngestSettings {
        site: "main".into(),
        time_zone: Paris,
        clock_skew_tolerance_ms: 120_000,
        domains: citeosquare_server::DOMAINS,
    }
}

fn tap_event(id: &str, badge: &str, at: DateTime<Utc>) -> Received {
    let payload = json!({"v": 1, "id": id, "kiosk": KEYS, "boot": "vehicles-test", "seq": 1,
                         "at": at.to_rfc3339(), "badge": badge, "action": "tap"});
    Received {
        topic: format!("citeosquare/v1/main/kiosk/{KEYS}/event"),
        payload: serde_json::to_vec(&payload).unwrap(),
        received_at: at,
    }
}

/// A tap at the key cabinet, delivered at once; its ack.
async fn tap(pool: &SqlitePool, n: u32, badge: &str, at: DateTime<Utc>) -> Ack {
    let id = format!("0193e1c2-7a4b-7c3d-9e8f-{n:012}");
    let committed = ingest::store_batch(
        pool,
        &settings(),
        &Metrics::default(),
        &[tap_event(&id, badge, at)],
    )
    .await
    .unwrap();
    protocol::decode::<Ack>(&committed.acks[0].1).unwrap()
}

fn shown(ack: &Ack) -> String {
    format!("{} / {}", ack.display.title, ack.display.lines.join(" / "))
}

async fn state_of(pool: &SqlitePool, id: i64) -> String {
    sqlx::query_scalar("SELECT state FROM vehicle_bookings WHERE id = ?")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// No double booking

#[tokio::test]
async fn sixty_four_simultaneous_bookings_of_one_vehicle_and_slot_make_exactly_one() {
    let app = TestApp::new().await;
    let (start, end) = (local(30, 10, 0), local(30, 12, 0));
    let mut tasks = vec![];
    for n in 0..64 {
        let pool = app.pool.clone();
        // Four drivers with a valid licence share the 64 attempts.
        let person = [MARIE, 5, 7, RENE][n % 4];
        tasks.push(tokio::spawn(async move {
            book(&pool, new_booking(ZOE, person, start, end)).await
        }));
    }
    let mut made = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => made += 1,
            Err(Refusal::Conflict { key, .. }) => {
                assert!(
                    key == "error-veh-conflict" || key == "error-veh-conflict-now",
                    "{key}"
                )
            }
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(made, 1);
    let held: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM vehicle_bookings WHERE vehicle_id = ? AND state = 'confirmed' AND start_at = ?",
    )
    .bind(ZOE)
    .bind(citeosquare_server::db::instant_text(start))
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(held, 1);
}

#[tokio::test]
async fn the_buffer_after_each_booking_is_held_and_another_vehicle_is_free() {
    let app = TestApp::new().await;
    let first = book(
        &app.pool,
        new_booking(ZOE, MARIE, local(31, 10, 0), local(31, 12, 0)),
    )
    .await
    .unwrap();
    assert_eq!(first.block_end - first.end().timestamp(), 15 * 60);
    // 12:10 falls in the 15 minutes' buffer: refused, saying which booking is in the way.
    let refused = book(
        &app.pool,
        new_booking(ZOE, RENE, local(31, 12, 10), local(31, 13, 0)),
    )
    .await;
    match refused {
        Err(Refusal::Conflict { key, arg }) => {
            assert_eq!(key, "error-veh-conflict");
            assert!(arg.contains("10 h 00"), "{arg}");
        }
        other => panic!("{other:?}"),
    }
    // From 12:15 it is free again; the Clio was free all along.
    book(
        &app.pool,
        new_booking(ZOE, RENE, local(31, 12, 15), local(31, 13, 0)),
    )
    .await
    .unwrap();
    book(
        &app.pool,
        new_booking(CLIO, RENE, local(31, 12, 10), local(31, 13, 0)),
    )
    .await
    .unwrap();
    // A cancelled booking frees its slot (and its buffer).
    booking::cancel(&app.pool, &desk(), first.id, "plus besoin")
        .await
        .unwrap();
    // Its buffer ends right when René's booking starts: both hold.
    book(
        &app.pool,
        new_booking(ZOE, MARIE, local(31, 9, 0), local(31, 12, 0)),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn raw_sql_cannot_double_book_book_over_the_workshop_or_delete_history() {
    let app = TestApp::new().await;
    let b = book(
        &app.pool,
        new_booking(ZOE, MARIE, local(32, 10, 0), local(32, 12, 0)),
    )
    .await
    .unwrap();
    let insert = |uid: &'static str, start: DateTime<Utc>, end: DateTime<Utc>| {
        let pool = app.pool.clone();
        async move {
            sqlx::query(
                "INSERT INTO vehicle_bookings (uid, vehicle_id, person_id, state, start_at, end_at,
                     block_start, block_end, made_by_name, created_at, updated_at)
                 VALUES (?, 3, 9, 'confirmed', ?, ?, ?, ?, 'sql', '2026-01-01T00:00:00.000Z',
                         '2026-01-01T00:00:00.000Z')",
            )
            .bind(uid)
            .bind(citeosquare_server::db::instant_text(start))
            .bind(citeosquare_server::db::instant_text(end))
            .bind(start.timestamp())
            .bind(end.timestamp())
            .execute(&pool)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
        }
    };
    let e = insert("raw-1", local(32, 11, 0), local(32, 13, 0))
        .await
        .unwrap_err();
    assert!(e.contains("vehicle_conflict"), "{e}");
    // Into the buffer (12:00–12:15) too.
    let e = insert("raw-2", local(32, 12, 5), local(32, 13, 0))
        .await
        .unwrap_err();
    assert!(e.contains("vehicle_conflict"), "{e}");
    // A cancellation must say when (the schema's check).
    let e = sqlx::query("UPDATE vehicle_bookings SET state = 'cancelled' WHERE id = ?")
        .bind(b.id)
        .execute(&app.pool)
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("CHECK"), "{e}");
    let e = sqlx::query("DELETE FROM vehicle_bookings WHERE id = ?")
        .bind(b.id)
        .execute(&app.pool)
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("never deleted"), "{e}");
    // The e-bike 2 is in the workshop until the day after tomorrow's evening (demo).
    let e = sqlx::query(
        "INSERT INTO vehicle_bookings (uid, vehicle_id, person_id, state, start_at, end_at,
             block_start, block_end, made_by_name, created_at, updated_at)
         VALUES ('raw-3', 5, 9, 'confirmed', ?, ?, ?, ?, 'sql', 'x', 'x')",
    )
    .bind(citeosquare_server::db::instant_text(local(1, 10, 0)))
    .bind(citeosquare_server::db::instant_text(local(1, 12, 0)))
    .bind(local(1, 10, 0).timestamp())
    .bind(local(1, 12, 0).timestamp())
    .execute(&app.pool)
    .await
    .unwrap_err()
    .to_string();
    assert!(e.contains("vehicle_in_workshop"), "{e}");
    // `citeosquare check` finds nothing wrong.
    let findings = citeosquare_server::check::run(&app.pool).await.unwrap();
    for f in findings.iter().filter(|f| f.name.contains("vehicle")) {
        assert!(f.ok, "{f:?}");
    }
    assert!(
        findings
            .iter()
            .any(|f| f.name == "no_vehicle_double_booking")
    );
}

// ---------------------------------------------------------------------------------------------
// Licences

#[tokio::test]
async fn a_missing_or_expired_licence_refuses_with_the_reason_at_the_rules_the_api_and_the_page() {
    let app = TestApp::new().await;
    let (s, e) = (local(33, 10, 0), local(33, 12, 0));
    assert_eq!(
        conflict_key(book(&app.pool, new_booking(ZOE, JEAN, s, e)).await),
        "error-veh-licence-expired"
    );
    assert_eq!(
        conflict_key(book(&app.pool, new_booking(ZOE, FATIMA, s, e)).await),
        "error-veh-no-licence"
    );
    // A bike needs no licence.
    book(&app.pool, new_booking(6, FATIMA, s, e)).await.unwrap();

    // The API, in French, with the reason.
    let token = app.token("accueil").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/vehicle-bookings",
            Some(&token),
            Some(json!({"vehicle_id": ZOE, "person_id": JEAN,
                        "start": s.to_rfc3339(), "end": e.to_rfc3339()})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{r:?}");
    assert!(
        r.json()["detail"]
            .as_str()
            .unwrap()
            .contains("Le permis n'est plus valable"),
        "{r:?}"
    );
    // The page: the desk books for Fatima; nothing is free for her, and it says why.
    let desk = app.session("accueil").await;
    let page = app
        .page(
            &format!(
                "/vehicules/confirmer?quoi=voiture&pour={FATIMA}&jour={}&heure=10:00&duree=120",
                s.with_timezone(&Paris).date_naive()
            ),
            Some(&desk),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Pas de permis enregistré"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Oui, je réserve"));
    // A licence that expires before the booking's day refuses it; one that covers it books.
    let put = |expires: &str| {
        json!({"category": "B", "licence_number": "12AB34567", "obtained_on": "2001-02-03",
               "expires_on": expires, "seen": true})
    };
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/persons/{FATIMA}/licence"),
            Some(&token),
            Some(put("2099-01-01")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(r.json()["seen_by_name"], "Accueil (démo)");
    book(&app.pool, new_booking(ZOE, FATIMA, s, e))
        .await
        .unwrap();
    // Not seen at the desk: refused, field by field.
    let mut unseen = put("2099-01-01");
    unseen["seen"] = json!(false);
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/persons/{FATIMA}/licence"),
            Some(&token),
            Some(unseen),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
    // No scan: the table has nowhere to put one.
    let columns: Vec<String> =
        sqlx::query_scalar("SELECT name FROM pragma_table_info('vehicle_drivers')")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert!(
        !columns
            .iter()
            .any(|c| c.contains("scan") || c.contains("photo") || c.contains("image"))
    );
}

// ---------------------------------------------------------------------------------------------
// The key cabinet

#[tokio::test]
async fn the_key_kiosk_gives_the_key_takes_it_back_and_says_why_not() {
    let app = TestApp::new().await;
    let now = Utc::now();
    // Marie (badge DEMO0001) booked the Zoé from in 10 minutes: the key is hers from 15 min before.
    let b = book(
        &app.pool,
        new_booking(
            ZOE,
            MARIE,
            now + Duration::minutes(10),
            now + Duration::hours(2),
        ),
    )
    .await
    .unwrap();
    let ack = tap(&app.pool, 1, "DEMO0001", now).await;
    assert_eq!(ack.result, AckResult::KeyTaken, "{}", shown(&ack));
    assert_eq!(ack.display.title, "Clé n° 3");
    assert!(shown(&ack).contains("Renault Zoé"), "{}", shown(&ack));
    assert!(shown(&ack).contains("jusqu'à"), "{}", shown(&ack));
    assert_eq!(state_of(&app.pool, b.id).await, "out");

    // The same event again (an outbox's retry): the same answer, one pickup.
    let again = tap(&app.pool, 1, "DEMO0001", now).await;
    assert_eq!(again.result, AckResult::KeyTaken);
    assert_eq!(again.display, ack.display);
    let pickups: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM kiosk_events WHERE kiosk_id = ? AND result = 'key_taken'",
    )
    .bind(KEYS)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(pickups, 1);

    // Back an hour later: returned, the rest of the slot freed, the return form asked for.
    let back = tap(&app.pool, 2, "DEMO0001", now + Duration::hours(1)).await;
    assert_eq!(back.result, AckResult::KeyReturned, "{}", shown(&back));
    assert!(
        shown(&back).contains("Fiche de retour à remplir"),
        "{}",
        shown(&back)
    );
    assert_eq!(state_of(&app.pool, b.id).await, "returned");
    book(
        &app.pool,
        new_booking(
            ZOE,
            RENE,
            now + Duration::minutes(80),
            now + Duration::hours(3),
        ),
    )
    .await
    .unwrap();

    // No booking now: refused, with what to do — Marie has her cargo bike in two days (demo),
    // Fatima nothing at all.
    let next = tap(&app.pool, 3, "DEMO0001", now + Duration::minutes(62)).await;
    assert_eq!(next.result, AckResult::NotAllowed);
    assert_eq!(next.display.title, "Pas de réservation maintenant");
    assert!(
        shown(&next).contains("Prochaine") && shown(&next).contains("Vélo-cargo"),
        "{}",
        shown(&next)
    );
    let none = tap(&app.pool, 5, "DEMO0003", now).await;
    assert_eq!(none.result, AckResult::NotAllowed);
    assert_eq!(none.display.title, "Pas de réservation");

    // Too early for a booking later today.
    let later = book(
        &app.pool,
        new_booking(CLIO, 7, now + Duration::hours(5), now + Duration::hours(6)),
    )
    .await;
    if let Ok(later) = later {
        let early = tap(&app.pool, 4, "DEMO0007", now).await;
        assert_eq!(early.result, AckResult::NotAllowed);
        let same_day = later.start().with_timezone(&Paris).date_naive()
            == now.with_timezone(&Paris).date_naive();
        assert_eq!(
            early.display.title,
            if same_day {
                "Trop tôt"
            } else {
                "Pas de réservation maintenant"
            },
            "{}",
            shown(&early)
        );
    }
}

#[tokio::test]
async fn the_key_kiosk_refuses_an_expired_licence_and_a_vehicle_in_the_workshop() {
    let app = TestApp::new().await;
    let now = Utc::now();
    // René booked the Zoé; his licence then expired (its date passed since the booking).
    let b = book(
        &app.pool,
        new_booking(
            ZOE,
            RENE,
            now - Duration::minutes(5),
            now + Duration::hours(1),
        ),
    )
    .await
    .unwrap();
    sqlx::query("UPDATE vehicle_drivers SET expires_on = '2026-01-01' WHERE person_id = ?")
        .bind(RENE)
        .execute(&app.pool)
        .await
        .unwrap();
    let ack = tap(&app.pool, 10, "DEMO0009", now).await;
    assert_eq!(ack.result, AckResult::NotAllowed);
    assert_eq!(ack.display.title, "Permis expiré");
    assert_eq!(state_of(&app.pool, b.id).await, "confirmed");

    // Marie's booking of the Clio… but the Clio goes to the workshop over it.
    let m = book(
        &app.pool,
        new_booking(
            CLIO,
            MARIE,
            now + Duration::minutes(5),
            now + Duration::hours(2),
        ),
    )
    .await;
    // The demo's Clio is still out with Lucas (overdue): Marie's slot is free (his ended) but the
    // key is not back.
    let m = m.unwrap();
    let ack = tap(&app.pool, 11, "DEMO0001", now).await;
    assert_eq!(ack.result, AckResult::NotAllowed);
    assert_eq!(
        ack.display.title,
        "Véhicule pas encore rendu",
        "{}",
        shown(&ack)
    );
    // Lucas brings it back; then the desk sends it to the workshop.
    let back = tap(&app.pool, 12, "DEMO0005", now).await;
    assert_eq!(back.result, AckResult::KeyReturned, "{}", shown(&back));
    let (_, hit) = workshop::open(
        &app.pool,
        &desk(),
        CLIO,
        &workshop::NewJob {
            kind: "repair".into(),
            reason: "Voyant moteur".into(),
            start: now - Duration::minutes(1),
            end: now + Duration::hours(4),
        },
    )
    .await
    .unwrap();
    assert_eq!(hit.iter().map(|h| h.id).collect::<Vec<_>>(), vec![m.id]);
    let ack = tap(&app.pool, 13, "DEMO0001", now + Duration::minutes(1)).await;
    assert_eq!(ack.result, AckResult::NotAllowed);
    assert_eq!(ack.display.title, "Véhicule à l'atelier");
}

// ---------------------------------------------------------------------------------------------
// Returns and damage

#[tokio::test]
async fn the_return_form_refuses_a_backwards_odometer_flags_a_jump_and_damage_blocks_the_vehicle() {
    let app = TestApp::new().await;
    let now = Utc::now();
    let b = book(
        &app.pool,
        new_booking(
            ZOE,
            MARIE,
            now - Duration::minutes(5),
            now + Duration::hours(2),
        ),
    )
    .await
    .unwrap();
    assert_eq!(
        tap(&app.pool, 20, "DEMO0001", now).await.result,
        AckResult::KeyTaken
    );
    let km_start: i64 = sqlx::query_scalar("SELECT km_start FROM vehicle_bookings WHERE id = ?")
        .bind(b.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let marie = Maker {
        user_id: None,
        username: "asso".into(),
        display_name: "Marie Lefèvre".into(),
        staff: false,
        person_id: Some(MARIE),
    };
    let form = |km: i64, damage: bool| ReturnInput {
        km_end: Some(km),
        energy_level: 75,
        clean: true,
        remarks: String::new(),
        damage_location: if damage {
            "pare-chocs arrière".into()
        } else {
            String::new()
        },
        damage_description: if damage {
            "rayure de 10 cm".into()
        } else {
            String::new()
        },
    };
    match returns::record_return(&app.pool, &marie, b.id, &form(km_start - 1, false)).await {
        Err(Refusal::Conflict { key, arg }) => {
            assert_eq!(key, "error-veh-km-backwards");
            assert_eq!(arg, km_start.to_string());
        }
        other => panic!("{other:?}"),
    }
    // 900 km in about two hours: kept, flagged for staff; the damage blocks the Zoé.
    let done = returns::record_return(&app.pool, &marie, b.id, &form(km_start + 900, true))
        .await
        .unwrap();
    assert_eq!(done.state, "returned");
    assert!(
        done.flag.as_deref().unwrap().contains("900 km"),
        "{:?}",
        done.flag
    );
    let odometer: i64 = sqlx::query_scalar("SELECT odometer_km FROM vehicles WHERE id = ?")
        .bind(ZOE)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(odometer, km_start + 900);
    // Filled in once.
    assert!(matches!(
        returns::record_return(&app.pool, &marie, b.id, &form(km_start + 901, false)).await,
        Err(Refusal::Conflict {
            key: "error-veh-return-done",
            ..
        })
    ));
    // René's booking right after: the kiosk refuses the key until staff review the damage.
    book(
        &app.pool,
        new_booking(
            ZOE,
            RENE,
            now + Duration::minutes(20),
            now + Duration::hours(3),
        ),
    )
    .await
    .unwrap();
    let ack = tap(&app.pool, 21, "DEMO0009", now + Duration::minutes(10)).await;
    assert_eq!(ack.result, AckResult::NotAllowed);
    assert_eq!(ack.display.title, "Véhicule bloqué");
    let damage: i64 = sqlx::query_scalar("SELECT id FROM vehicle_damages WHERE booking_id = ?")
        .bind(b.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    // Marie may not review her own damage; the desk may.
    assert!(
        returns::review(&app.pool, &marie, damage, "vu")
            .await
            .is_err()
    );
    returns::review(&app.pool, &desk(), damage, "Rayure légère, peut rouler")
        .await
        .unwrap();
    let ack = tap(&app.pool, 22, "DEMO0009", now + Duration::minutes(11)).await;
    assert_eq!(ack.result, AckResult::KeyTaken, "{}", shown(&ack));
}

// ---------------------------------------------------------------------------------------------
// The workshop

#[tokio::test]
async fn a_workshop_job_lists_exactly_the_bookings_it_hits_and_refuses_new_ones() {
    let app = TestApp::new().await;
    let d = 40;
    let before = book(
        &app.pool,
        new_booking(ZOE, MARIE, local(d, 8, 0), local(d, 9, 0)),
    )
    .await
    .unwrap();
    // Ends at 9:50, buffer until 10:05: the job from 10:00 hits it.
    let edge = book(
        &app.pool,
        new_booking(ZOE, RENE, local(d, 9, 20), local(d, 9, 50)),
    )
    .await
    .unwrap();
    let inside = book(
        &app.pool,
        new_booking(ZOE, 7, local(d, 11, 0), local(d, 12, 0)),
    )
    .await
    .unwrap();
    let cancelled = book(
        &app.pool,
        new_booking(ZOE, 5, local(d, 13, 0), local(d, 14, 0)),
    )
    .await
    .unwrap();
    booking::cancel(&app.pool, &desk(), cancelled.id, "")
        .await
        .unwrap();
    let after = book(
        &app.pool,
        new_booking(ZOE, MARIE, local(d, 16, 0), local(d, 17, 0)),
    )
    .await
    .unwrap();
    let other_vehicle = book(
        &app.pool,
        new_booking(CLIO, RENE, local(d, 11, 0), local(d, 12, 0)),
    )
    .await
    .unwrap();
    let (job, hit) = workshop::open(
        &app.pool,
        &desk(),
        ZOE,
        &workshop::NewJob {
            kind: "maintenance".into(),
            reason: "Révision des 30 000 km".into(),
            start: local(d, 10, 0),
            end: local(d, 16, 0),
        },
    )
    .await
    .unwrap();
    let ids: Vec<i64> = hit.iter().map(|b| b.id).collect();
    assert_eq!(ids, vec![edge.id, inside.id]);
    for not in [before.id, cancelled.id, after.id, other_vehicle.id] {
        assert!(!ids.contains(&not));
    }
    // The desk's list, with phone numbers, and the calls ticked.
    workshop::mark_called(&app.pool, &desk(), job.id, inside.id)
        .await
        .unwrap();
    let (_, list) = workshop::hits(&app.pool, job.id).await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[1].called_by.as_deref(), Some("Accueil (test)"));
    assert!(list[0].called_by.is_none());
    // A booking the job does not hit cannot be ticked.
    assert!(matches!(
        workshop::mark_called(&app.pool, &desk(), job.id, after.id).await,
        Err(Refusal::NotFound)
    ));
    // No new booking over the job.
    assert_eq!(
        conflict_key(
            book(
                &app.pool,
                new_booking(ZOE, MARIE, local(d, 14, 0), local(d, 15, 0))
            )
            .await
        ),
        "error-veh-in-workshop"
    );
    // The page lists them for the desk.
    let s = app.session("accueil").await;
    let page = app
        .page(&format!("/vehicules/atelier/{}", job.id), Some(&s))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("René Fournier") && page.body.contains("Karim Haddad"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Lucas Moreau"));
    // Closed early: the vehicle is bookable again.
    workshop::close(&app.pool, &desk(), job.id).await.unwrap();
    book(
        &app.pool,
        new_booking(ZOE, MARIE, local(d, 14, 0), local(d, 15, 0)),
    )
    .await
    .unwrap();
}

// ---------------------------------------------------------------------------------------------
// Pages: the senior in three screens, the desk in two

/// The coming Thursday (tomorrow at the earliest): among the day buttons of screen 2.
fn a_thursday() -> chrono::NaiveDate {
    let mut d = Utc::now().with_timezone(&Paris).date_naive() + Duration::days(1);
    while d.weekday() != Weekday::Thu {
        d += Duration::days(1);
    }
    d
}

#[tokio::test]
async fn a_senior_books_a_car_for_thursday_ten_in_three_screens() {
    let app = TestApp::new().await;
    let s = app.session("senior").await;
    // Screen 1: what.
    let one = app.page("/vehicules", Some(&s)).await;
    assert_eq!(one.status, StatusCode::OK);
    assert!(one.body.contains("Une voiture") && one.body.contains("Un vélo"));
    assert!(
        !one.body.contains("véhicule adapté"),
        "the adapted vehicle is booked at the desk"
    );
    assert!(one.body.contains("class=\"grand-texte\""));
    // Screen 2: when.
    let two = app.page("/vehicules/quand?quoi=voiture", Some(&s)).await;
    assert_eq!(two.status, StatusCode::OK);
    let day = a_thursday();
    assert!(
        two.body.contains(&format!("name=\"jour\" value=\"{day}\"")),
        "{}",
        two.body
    );
    assert!(two.body.contains("name=\"heure\" value=\"10:00\""));
    assert_eq!(two.body.matches("name=\"jour\"").count(), 14);
    // Screen 3: confirm — the Zoé first (automatic gearbox), the Clio offered too.
    let q = format!("/vehicules/confirmer?quoi=voiture&jour={day}&heure=10:00&duree=120");
    let three = app.page(&q, Some(&s)).await;
    assert_eq!(three.status, StatusCode::OK);
    assert!(three.body.contains("Oui, je réserve"), "{}", three.body);
    assert!(three.body.contains("René Fournier"));
    assert!(three.body.contains("10 h 00 – 12 h 00"));
    let key = "0193e1c2-0000-7000-8000-000000000042";
    let fields = [
        ("quoi", "voiture"),
        ("jour", &day.to_string()),
        ("heure", "10:00"),
        ("duree", "120"),
        ("vehicule", "3"),
        ("request_key", key),
    ];
    let done = app
        .post_form("/vehicules/reserver", Some(&s), &fields)
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let to = done.location().to_owned();
    assert!(
        to.starts_with("/vehicules/reservations/") && to.ends_with("?fait=1"),
        "{to}"
    );
    // A double click books once.
    let again = app
        .post_form("/vehicules/reserver", Some(&s), &fields)
        .await;
    assert_eq!(again.location(), to);
    assert_eq!(
        app.count(
            "SELECT count(*) FROM vehicle_bookings WHERE person_id = 9 AND state = 'confirmed'"
        )
        .await,
        1
    );
    // The booking repeated in a sentence, to print or send by SMS.
    let page = app.page(&to, Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!(
            "Renault Zoé réservé(e) pour René Fournier le {} de 10 h 00 à 12 h 00. Clé n° 3",
            vehicles::long_day_fr(day)
        )),
        "{}",
        page.body
    );
    assert!(page.body.contains("data-print"));
    let sms = page.body.split("<textarea id=\"sms\"").nth(1).unwrap();
    let sms = &sms[sms.find('>').unwrap() + 1..sms.find("</textarea>").unwrap()];
    assert!(sms.chars().count() <= 160, "{sms}");
    assert!(
        sms.contains("Renault Zoé") && sms.contains("clé n° 3"),
        "{sms}"
    );
    // Someone else cannot open it.
    let other = app.session("resident").await;
    assert_eq!(
        app.page(&to, Some(&other)).await.status,
        StatusCode::NOT_FOUND
    );
    // The same slot is now taken: screen 3 offers the Clio only.
    let after = app.page(&q, Some(&s)).await;
    assert!(
        after.body.contains("Renault Clio") && !after.body.contains("value=\"3\""),
        "{}",
        after.body
    );
}

#[tokio::test]
async fn the_desk_books_for_a_senior_in_two_screens_and_the_booking_says_who_made_it() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let one = app.page(&format!("/vehicules/pour/{RENE}"), Some(&s)).await;
    assert_eq!(one.status, StatusCode::OK);
    assert!(one.body.contains("Réservation pour René Fournier"));
    assert!(
        one.body.contains("Citroën Berlingo TPMR"),
        "the desk may book every vehicle"
    );
    let day = a_thursday() + Duration::days(7);
    let q = format!("/vehicules/confirmer?pour={RENE}&vehicule=1&jour={day}&heure=14:00&duree=180");
    let two = app.page(&q, Some(&s)).await;
    assert!(two.body.contains("Renault Clio"), "{}", two.body);
    let done = app
        .post_form(
            "/vehicules/reserver",
            Some(&s),
            &[
                ("pour", &RENE.to_string()),
                ("vehicule", "1"),
                ("jour", &day.to_string()),
                ("heure", "14:00"),
                ("duree", "180"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = app.page(done.location(), Some(&s)).await;
    assert!(page.body.contains("Accueil (démo)"), "{}", page.body);
    assert!(
        page.body.contains("réservation faite par l&#39;accueil")
            || page.body.contains("réservation faite par l'accueil"),
        "{}",
        page.body
    );
    let (made_by, assisted): (String, bool) = sqlx::query_as(
        "SELECT made_by_name, assisted FROM vehicle_bookings WHERE person_id = ? ORDER BY id DESC",
    )
    .bind(RENE)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((made_by.as_str(), assisted), ("Accueil (démo)", true));
    // The desk repeats a booking every week: three bookings, one series, all or nothing.
    let weekly = app
        .post_form(
            "/vehicules/reserver",
            Some(&s),
            &[
                ("pour", &RENE.to_string()),
                ("vehicule", "4"),
                ("jour", &(day + Duration::days(7)).to_string()),
                ("heure", "10:00"),
                ("duree", "60"),
                ("semaines", "3"),
            ],
        )
        .await;
    assert_eq!(weekly.status, StatusCode::SEE_OTHER, "{}", weekly.body);
    let series: Vec<(Option<String>, String)> = sqlx::query_as(
        "SELECT series_uid, start_at FROM vehicle_bookings WHERE vehicle_id = 4 AND person_id = ?
         ORDER BY start_at",
    )
    .bind(RENE)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(series.len(), 3, "{series:?}");
    assert!(series[0].0.is_some() && series.iter().all(|b| b.0 == series[0].0));
    // René sees it on his page.
    let senior = app.session("senior").await;
    let me = app.page("/moi", Some(&senior)).await;
    assert!(me.body.contains("Renault Clio"), "{}", me.body);
    // A resident's « pour » is ignored: she books for herself only, and the staff-only vehicle is
    // refused to her.
    let odette = app.session("resident").await;
    let r = app
        .post_form(
            "/vehicules/reserver",
            Some(&odette),
            &[
                ("pour", &RENE.to_string()),
                ("vehicule", "2"),
                ("jour", &day.to_string()),
                ("heure", "09:00"),
                ("duree", "60"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?} {}", r.headers, r.body);
    assert!(
        r.body.contains("Citroën Berlingo TPMR se réserve à l"),
        "{}",
        r.body
    );
    assert_eq!(
        app.count("SELECT count(*) FROM vehicle_bookings WHERE vehicle_id = 2 AND person_id = 6")
            .await,
        0
    );
}

#[tokio::test]
async fn the_desk_sees_the_overdue_return_on_its_home_and_board() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let home = app.page("/accueil", Some(&s)).await;
    assert!(home.body.contains("Un véhicule en retard"), "{}", home.body);
    assert!(home.body.contains("Lucas Moreau"));
    let board = app.page("/accueil/vehicules", Some(&s)).await;
    assert_eq!(board.status, StatusCode::OK);
    let overdue = board.body.split("id=\"titre-retard\"").nth(1).unwrap();
    let overdue = &overdue[..overdue.find("</section>").unwrap()];
    assert!(
        overdue.contains("Renault Clio") && overdue.contains("Lucas Moreau"),
        "{overdue}"
    );
    // Jean's expired licence is among the dates to act on; the e-bike 2 is in the workshop.
    assert!(
        board
            .body
            .contains("Permis de Jean Dupuis : expiré le 01/10/2026"),
        "{}",
        board.body
    );
    assert!(board.body.contains("Batterie à remplacer"));
    // The API gives the same board.
    let token = app.token("accueil").await;
    let r = app
        .call(Method::GET, "/api/v1/vehicles/board", Some(&token), None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["overdue"][0]["vehicle_name"], "Renault Clio");
}

#[tokio::test]
async fn a_persons_export_holds_their_bookings_and_licence_and_erasure_removes_the_licence() {
    let app = TestApp::new().await;
    let b = book(
        &app.pool,
        new_booking(ZOE, MARIE, local(45, 10, 0), local(45, 11, 0)),
    )
    .await
    .unwrap();
    let export = citeosquare_server::people::export(&app.pool, citeosquare_server::DOMAINS, MARIE)
        .await
        .unwrap();
    let ids: Vec<i64> = export["vehicles"]["bookings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&b.id), "{ids:?}");
    assert_eq!(export["vehicles"]["licence"]["category"], "B");
    citeosquare_server::people::erase(
        &app.pool,
        citeosquare_server::DOMAINS,
        &Actor {
            id: None,
            name: "test".into(),
        },
        MARIE,
    )
    .await
    .unwrap();
    assert_eq!(state_of(&app.pool, b.id).await, "cancelled");
    assert_eq!(
        app.count("SELECT count(*) FROM vehicle_drivers WHERE person_id = 1")
            .await,
        0
    );
}
