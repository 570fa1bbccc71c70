//! What only a real Mosquitto can show: a broker restart mid-stream, and the per-kiosk ACL of
//! `firmware-config/mosquitto/acl`. These always run on Mosquitto; `.ci/run` sets
//! `CITEOSQUARE_REQUIRE_MOSQUITTO=1`, so a missing Mosquitto fails there instead of skipping.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use std::time::Duration;

const LONG: Duration = Duration::from_secs(90);

#[test]
fn mosquitto_killed_and_restarted_mid_stream_loses_and_duplicates_nothing() {
    let Some(mut site) = Site::start_with_mosquitto() else {
        return;
    };
    let mut a = site.kiosk("demo-sel");
    let mut b = site.kiosk("demo-accueil");
    let feed_a = a.tap_in_background(demo_badges(300), Duration::from_millis(4));
    let feed_b = b.tap_in_background(demo_badges(300), Duration::from_millis(4));
    wait_for("ingestion to be under way", LONG, || {
        (site.stored_ids("demo-sel").len() >= 60).then_some(())
    });
    let broker = site.mosquitto.as_mut().unwrap();
    broker.kill();
    std::thread::sleep(Duration::from_millis(300));
    broker.restart();
    a.give_back_stdin(feed_a.join().unwrap());
    b.give_back_stdin(feed_b.join().unwrap());
    for k in [&a, &b] {
        site.assert_every_tap_landed_once(k, 300, LONG);
    }
}

#[test]
fn with_the_mosquitto_acl_kiosk_a_cannot_publish_under_kiosk_b() {
    let Some(site) = Site::start_with_mosquitto() else {
        return;
    };
    let port = site.server.broker.port();
    let a = RawClient::connect(port, "demo-sel", "demo", &[topic("demo-salle", "ack")])
        .expect("demo-sel connects");
    // A forged event, well-formed and naming demo-salle, published with demo-sel's account.
    let forged = event_json(
        "demo-salle",
        "0193e1c2-7a4b-7c3d-9e8f-00000000f04e",
        1,
        "DEMO0001",
    );
    a.publish(
        &topic("demo-salle", "event"),
        serde_json::to_vec(&forged).unwrap(),
    );
    // Then a legitimate one on its own topic: once it is stored, the forged one had its chance.
    let own = event_json(
        "demo-sel",
        "0193e1c2-7a4b-7c3d-9e8f-00000000000a",
        1,
        "DEMO0002",
    );
    a.publish(
        &topic("demo-sel", "event"),
        serde_json::to_vec(&own).unwrap(),
    );
    wait_for("demo-sel's own event", LONG, || {
        (site.stored_ids("demo-sel").len() == 1).then_some(())
    });
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        site.stored_ids("demo-salle").is_empty(),
        "the forged event was dropped by the ACL"
    );
    assert!(
        a.received_on(&topic("demo-salle", "ack")).is_empty(),
        "demo-sel cannot read demo-salle's acks"
    );
    assert_eq!(
        site.server
            .query_strings("SELECT CAST(count(*) AS TEXT) FROM rejected_events"),
        ["0"],
        "nothing forged even reached the server"
    );
    // A wrong password is refused outright.
    assert!(RawClient::connect(port, "demo-salle", "not-demo", &[]).is_none());
}
