//! The key cabinet end to end: the real server (`serve --demo`), the real broker (embedded, or
//! Mosquitto with `CITEOSQUARE_TEST_BROKER=mosquitto`) and the `vehicles` kiosk `demo-cles` — the
//! kiosk binary with its simulated reader, then a hand-driven MQTT client replaying an event.
//!
//! The bookings are written with the server's own library (`vehicles::booking::book`,
//! `workshop::open`) into the running server's database file, as the desk's pages would: the
//! server reads them at each tap. Demo people: Marie (DEMO0001, licence valid), Fatima
//! (DEMO0003, no licence: bikes only), Karim (DEMO0007), Chloé (DEMO0008, no booking), René
//! (DEMO0009, the senior).
#![allow(clippy::unwrap_used)]

mod common;

use citeosquare_server::audit::Actor;
use citeosquare_server::db;
use citeosquare_server::vehicles::booking::{self, Maker, NewBooking};
use citeosquare_server::vehicles::workshop::{self, NewJob};
use common::*;
use serde_json::Value;
use std::time::Duration;

const LONG: Duration = Duration::from_secs(60);
const KIOSK: &str = "demo-cles";
const ZOE: i64 = 3;
const EBIKE: i64 = 4;
const CARGO: i64 = 6;

/// Books `vehicle` for `person` from `from` to `to` minutes from now, as the desk.
async fn book(pool: &sqlx::SqlitePool, vehicle: i64, person: i64, from: i64, to: i64) -> i64 {
    let now = chrono::Utc::now();
    let desk = Maker::desk(&Actor {
        id: None,
        name: "test".into(),
    });
    booking::book(
        pool,
        "Europe/Paris".parse().unwrap(),
        &desk,
        &NewBooking {
            vehicle_id: vehicle,
            person_id: Some(person),
            start: now + chrono::Duration::minutes(from),
            end: now + chrono::Duration::minutes(to),
            purpose: String::new(),
            weeks: 1,
            request_key: None,
        },
    )
    .await
    .unwrap()[0]
        .id
}

/// Marie has the Zoé now; Fatima an e-bike now, which then goes to the workshop; René a booking
/// now, whose licence then expired; Karim the cargo bike now.
fn prepare(site: &Site) {
    let path = site.server.db_path();
    runtime().block_on(async move {
        let pool = db::open(&path).await.unwrap();
        book(&pool, ZOE, 1, 5, 120).await;
        book(&pool, EBIKE, 3, -5, 60).await;
        let desk = Maker::desk(&Actor {
            id: None,
            name: "test".into(),
        });
        let now = chrono::Utc::now();
        let (_, hit) = workshop::open(
            &pool,
            &desk,
            EBIKE,
            &NewJob {
                kind: "repair".into(),
                reason: "Frein arrière".into(),
                start: now - chrono::Duration::minutes(1),
                end: now + chrono::Duration::hours(3),
            },
        )
        .await
        .unwrap();
        assert_eq!(hit.len(), 1);
        // René has the Zoé after Marie, in two hours and a bit.
        book(&pool, ZOE, 9, 140, 200).await;
        book(&pool, CARGO, 7, -5, 90).await;
        pool.close().await;
    });
}

fn lines_of(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|l| l.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

/// The kiosk's `n`-th ack (from 0): result, title, lines.
fn ack(k: &Kiosk, n: usize) -> (String, String, Vec<String>) {
    k.wait_acked(n + 1, LONG);
    let a = k.acks()[n].clone();
    (
        a["result"].as_str().unwrap().to_owned(),
        a["title"].as_str().unwrap().to_owned(),
        lines_of(&a["lines"]),
    )
}

#[test]
fn the_key_cabinet_gives_takes_back_and_refuses_keys_and_counts_a_replayed_tap_once() {
    let site = Site::start();
    prepare(&site);
    let mut k = site.kiosk(KIOSK);

    // Marie takes the Zoé's key (her booking starts in 5 minutes), then brings it back.
    k.tap(&["DEMO0001"]);
    let (result, title, lines) = ack(&k, 0);
    assert_eq!((result.as_str(), title.as_str()), ("key_taken", "Clé n° 3"));
    assert_eq!(lines[0], "Renault Zoé");
    assert!(lines[1].starts_with("jusqu'à "), "{lines:?}");
    k.tap(&["DEMO0001"]);
    let (result, title, lines) = ack(&k, 1);
    assert_eq!(
        (result.as_str(), title.as_str()),
        ("key_returned", "Merci Marie")
    );
    assert_eq!(lines[0], "Clé n° 3 rendue — Renault Zoé");
    assert!(
        lines.contains(&"Fiche de retour à remplir".to_owned()),
        "{lines:?}"
    );

    // Fatima's e-bike went to the workshop over her booking.
    k.tap(&["DEMO0003"]);
    let (result, title, _) = ack(&k, 2);
    assert_eq!(
        (result.as_str(), title.as_str()),
        ("not_allowed", "Véhicule à l'atelier")
    );

    // Chloé has no booking at all.
    k.tap(&["DEMO0008"]);
    let (result, title, _) = ack(&k, 3);
    assert_eq!(
        (result.as_str(), title.as_str()),
        ("not_allowed", "Pas de réservation")
    );

    // René's licence expired after he booked (his booking is in two hours: too early anyway, but
    // the licence is what he must hear about).
    runtime().block_on(async {
        let pool = db::open(&site.server.db_path()).await.unwrap();
        sqlx::query("UPDATE vehicle_drivers SET expires_on = '2026-01-01' WHERE person_id = 9")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
    k.tap(&["DEMO0009"]);
    let (result, title, _) = ack(&k, 4);
    assert_eq!(
        (result.as_str(), title.as_str()),
        ("not_allowed", "Permis expiré")
    );
    site.assert_every_tap_landed_once(&k, 5, LONG);
    k.kill9();

    // By hand: Karim takes the cargo bike's key, and his event arrives twice.
    let ack_topic = topic(KIOSK, "ack");
    let raw = RawClient::connect(
        site.server.broker.port(),
        KIOSK,
        "demo",
        std::slice::from_ref(&ack_topic),
    )
    .expect("demo-cles connects");
    let acks_of = |id: &str| -> Vec<Value> {
        raw.received_on(&ack_topic)
            .into_iter()
            .filter(|a| a["id"] == id)
            .collect()
    };
    let id = uuid::Uuid::now_v7().to_string();
    let payload = serde_json::to_vec(&event_json(KIOSK, &id, 100, "DEMO0007")).unwrap();
    raw.publish(&topic(KIOSK, "event"), payload.clone());
    let first = wait_for("Karim's ack", LONG, || acks_of(&id).pop());
    assert_eq!(first["result"], "key_taken", "{first}");
    assert_eq!(first["display"]["title"], "Clé n° 6");
    raw.publish(&topic(KIOSK, "event"), payload);
    let both = wait_for("the replay's ack", LONG, || {
        let acks = acks_of(&id);
        (acks.len() == 2).then_some(acks)
    });
    assert_eq!(both[1], both[0], "a replay gets the same answer");
    assert_eq!(
        site.server.query_strings(
            "SELECT state || ' ' || CAST(count(*) AS TEXT) FROM vehicle_bookings
             WHERE vehicle_id = 6 AND person_id = 7 GROUP BY state"
        ),
        ["out 1"],
        "one pickup for one tap, however often it is delivered"
    );
    // The desk's board sees what the cabinet did.
    assert_eq!(
        site.server.query_strings(
            "SELECT v.name || ' ' || b.state FROM vehicle_bookings b JOIN vehicles v ON v.id = b.vehicle_id
             WHERE b.pickup_event IS NOT NULL ORDER BY b.id"
        ),
        ["Renault Zoé returned", "Vélo-cargo out"]
    );
}
