//! A space's door end to end: the real server (`serve --demo`), the real broker (embedded, or
//! Mosquitto with `CITEOSQUARE_TEST_BROKER=mosquitto`) and the `space` kiosk `demo-salle` — the
//! kiosk binary with its simulated reader, then a hand-driven MQTT client replaying an event —
//! letting people in and out of a room whose use in force takes two people.
//!
//! The room, its use and the door's binding are written with the server's own library
//! (`spaces::create_space`, `create_use`, `add_exception`, `set_door`) into the running server's
//! database file, as an administrator's page would: the server reads them at each tap.
#![allow(clippy::unwrap_used)]

mod common;

use citeosquare_server::audit::Actor;
use citeosquare_server::db;
use citeosquare_server::spaces::{
    self, ExceptionInput, SpaceInput, UseInput, occupancy, timetable,
};
use common::*;
use serde_json::Value;
use std::time::Duration;

const LONG: Duration = Duration::from_secs(60);
const ROOM: &str = "Salle Simone-Veil";
const USE: &str = "Permanence numérique";

/// The room behind `demo-salle`.
struct Door {
    space_id: i64,
}

/// A room of 30 places whose use in force, all of today and tomorrow (local days), is a drop-in
/// « Permanence numérique » for two people, with `demo-salle` as its door instead of the demo's
/// Salle polyvalente (whose timetable and bookings in force depend on the hour the test runs).
fn prepare_door(site: &Site) -> Door {
    let path = site.server.db_path();
    runtime().block_on(async move {
        let pool = db::open(&path).await.unwrap();
        let actor = Actor {
            id: None,
            name: "test".into(),
        };
        let space = spaces::create_space(
            &pool,
            &actor,
            &SpaceInput {
                name: ROOM.into(),
                capacity: 30,
                refuse_when_full: true,
                ..SpaceInput::default()
            },
        )
        .await
        .unwrap();
        let permanence = spaces::create_use(
            &pool,
            &actor,
            &UseInput {
                code: "permanence-numerique-essai".into(),
                name: USE.into(),
                colour: "#2a7f62".into(),
                mode: "dropin".into(),
                capacity: Some(2),
                open_to_residents: true,
                open_to_associations: false,
                open_to_everyone: false,
                associations: vec![],
                min_minutes: 30,
                max_minutes: 240,
                notice_minutes: 0,
                approval: false,
                price_kind: "free".into(),
                price_per_hour: 0,
                changeover_before: 0,
                changeover_after: 0,
                checkin_grace_minutes: None,
                public_by_default: false,
            },
        )
        .await
        .unwrap();
        // The zone's type comes from the library's signature (the root package does not name
        // chrono-tz).
        let tz = "Europe/Paris".parse().unwrap();
        let now = chrono::Utc::now();
        let (today, _) = timetable::local_days(tz, now, now);
        for day in [today, today.succ_opt().unwrap()] {
            spaces::add_exception(
                &pool,
                &actor,
                &ExceptionInput {
                    space_id: Some(space.id),
                    day: day.to_string(),
                    start: None,
                    end: None,
                    use_id: Some(permanence.id),
                    label: USE.into(),
                },
            )
            .await
            .unwrap();
        }
        spaces::set_door(&pool, &actor, "demo-salle", space.id)
            .await
            .unwrap();
        pool.close().await;
        Door { space_id: space.id }
    })
}

/// The desk's view of the room now (`occupancy::live`): (present, capacity, use, has a door).
fn live(site: &Site, door: &Door) -> (i64, i64, Option<String>, bool) {
    let path = site.server.db_path();
    let space_id = door.space_id;
    runtime().block_on(async move {
        let pool = db::open(&path).await.unwrap();
        let now = chrono::Utc::now();
        let tz = "Europe/Paris".parse().unwrap();
        let all = occupancy::live(&pool, tz, now).await.unwrap();
        pool.close().await;
        let l = all.into_iter().find(|l| l.space_id == space_id).unwrap();
        assert_eq!(l.name, ROOM);
        (l.present, l.capacity, l.use_name, l.has_door)
    })
}

/// A `CAST(count(*) AS TEXT)` query's answer.
fn count(site: &Site, sql: &'static str) -> i64 {
    site.server.query_strings(sql)[0].parse().unwrap()
}

fn lines_of(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_owned())
        .collect()
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
fn a_door_lets_people_in_and_out_refuses_a_full_room_and_counts_a_replayed_tap_once() {
    let site = Site::start();
    let mut k = site.kiosk("demo-salle");

    // The demo's door is the Salle polyvalente's: Aïcha goes in and out.
    k.tap(&["DEMO0010"]);
    let (result, title, lines) = ack(&k, 0);
    assert_eq!(
        (result.as_str(), title.as_str()),
        ("entered", "Bienvenue Aïcha")
    );
    assert!(
        lines[0].starts_with("Entrée dans Salle polyvalente à "),
        "{lines:?}"
    );
    k.tap(&["DEMO0010"]);
    assert_eq!(ack(&k, 1).0, "left");

    // The same kiosk, now the door of a room whose use takes two people.
    let door = prepare_door(&site);
    assert_eq!(live(&site, &door), (0, 2, Some(USE.into()), true));

    // Marie comes in, then leaves.
    k.tap(&["DEMO0001"]);
    let (result, title, lines) = ack(&k, 2);
    assert_eq!(
        (result.as_str(), title.as_str()),
        ("entered", "Bienvenue Marie")
    );
    assert!(
        lines[0].starts_with(&format!("Entrée dans {ROOM} à ")),
        "{lines:?}"
    );
    assert_eq!(lines[1..], [USE, "1/2 personnes"]);
    assert_eq!(live(&site, &door).0, 1);
    k.tap(&["DEMO0001"]);
    let (result, title, lines) = ack(&k, 3);
    assert_eq!(
        (result.as_str(), title.as_str()),
        ("left", "Au revoir Marie")
    );
    assert!(
        lines[0].starts_with(&format!("Sortie de {ROOM} à ")),
        "{lines:?}"
    );
    assert_eq!(lines[1], "0 personne(s) dans la salle");
    assert_eq!(live(&site, &door).0, 0);

    // Marie and Jean come in: the room is full for its use; Fatima is turned away.
    k.tap(&["DEMO0001", "DEMO0002"]);
    assert_eq!(ack(&k, 4).0, "entered");
    let (result, title, lines) = ack(&k, 5);
    assert_eq!(
        (result.as_str(), title.as_str()),
        ("entered", "Bienvenue Jean")
    );
    assert_eq!(lines[2], "2/2 personnes");
    k.tap(&["DEMO0003"]);
    let (result, title, lines) = ack(&k, 6);
    assert_eq!(
        (result.as_str(), title.as_str()),
        ("not_allowed", "Salle complète")
    );
    assert_eq!(
        lines,
        [
            format!("{ROOM} : 2/2 personnes"),
            "Attendez une sortie ou voyez l'accueil".into()
        ]
    );
    assert_eq!(live(&site, &door), (2, 2, Some(USE.into()), true));
    assert_eq!(
        count(
            &site,
            "SELECT CAST(count(*) AS TEXT) FROM space_visits v JOIN spaces s ON s.id = v.space_id
             JOIN badges b ON b.person_id = v.person_id
             WHERE s.name = 'Salle Simone-Veil' AND b.card_id = 'DEMO0003'"
        ),
        0,
        "a refused entry is no visit"
    );
    site.assert_every_tap_landed_once(&k, 7, LONG);
    k.kill9();

    // The kiosk's connection, by hand: Jean leaves, Hélène comes in, and her event arrives twice
    // (a retry after a lost ack).
    let ack_topic = topic("demo-salle", "ack");
    let raw = RawClient::connect(
        site.server.broker.port(),
        "demo-salle",
        "demo",
        std::slice::from_ref(&ack_topic),
    )
    .expect("demo-salle connects");
    let acks_of = |id: &str| -> Vec<Value> {
        raw.received_on(&ack_topic)
            .into_iter()
            .filter(|a| a["id"] == id)
            .collect()
    };
    let send = |id: &str, seq: u64, badge: &str| -> Vec<u8> {
        let payload = serde_json::to_vec(&event_json("demo-salle", id, seq, badge)).unwrap();
        raw.publish(&topic("demo-salle", "event"), payload.clone());
        payload
    };
    let jean_leaves = uuid::Uuid::now_v7().to_string();
    send(&jean_leaves, 100, "DEMO0002");
    let a = wait_for("Jean's ack", LONG, || acks_of(&jean_leaves).pop());
    assert_eq!(a["result"], "left", "{a}");
    let helene = uuid::Uuid::now_v7().to_string();
    let payload = send(&helene, 101, "DEMO0004");
    let first = wait_for("Hélène's ack", LONG, || acks_of(&helene).pop());
    assert_eq!(first["result"], "entered", "{first}");
    assert_eq!(first["display"]["title"], "Bienvenue Hélène");
    assert_eq!(lines_of(&first["display"]["lines"])[2], "2/2 personnes");
    let replayed_before = site.server.metric("citeosquare_events_replayed_total");
    raw.publish(&topic("demo-salle", "event"), payload);
    let both = wait_for("the replay's ack", LONG, || {
        let acks = acks_of(&helene);
        (acks.len() == 2).then_some(acks)
    });
    assert_eq!(both[1], both[0], "a replay gets the same answer");
    assert_eq!(
        site.server.metric("citeosquare_events_replayed_total"),
        replayed_before + 1.0
    );
    assert_eq!(
        count(
            &site,
            "SELECT CAST(count(*) AS TEXT) FROM space_visits v JOIN spaces s ON s.id = v.space_id
             JOIN badges b ON b.person_id = v.person_id
             WHERE s.name = 'Salle Simone-Veil' AND b.card_id = 'DEMO0004'"
        ),
        1,
        "one visit for one tap, however often it is delivered"
    );
    assert_eq!(live(&site, &door), (2, 2, Some(USE.into()), true));
    // Every visit of the room, as the desk's history will read it.
    assert_eq!(
        site.server.query_strings(
            "SELECT b.card_id || ' ' || CASE WHEN v.left_at IS NULL THEN 'in' ELSE v.closed_by END
             FROM space_visits v JOIN spaces s ON s.id = v.space_id
             JOIN badges b ON b.person_id = v.person_id AND b.revoked_at IS NULL
             WHERE s.name = 'Salle Simone-Veil' ORDER BY v.id"
        ),
        ["DEMO0001 tap", "DEMO0001 in", "DEMO0002 tap", "DEMO0004 in"]
    );
}
