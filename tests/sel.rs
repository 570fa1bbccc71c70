//! SEL shifts end to end: the real server (`serve --demo`), the real broker (embedded, or Mosquitto
//! with `CITEOSQUARE_TEST_BROKER=mosquitto`) and the café's kiosk `demo-sel` — the kiosk binary
//! with its simulated reader, or the kiosk loop in this process behind the same debounce as a
//! hardware reader — tapping shifts in and out, and a kiosk replaying its whole outbox.
#![allow(clippy::unwrap_used)]

mod common;

use citeosquare_kiosk::debounce::{Debounce, Debounced};
use citeosquare_kiosk::feedback::{Feedback, Recorded};
use citeosquare_kiosk::settings::Settings;
use citeosquare_kiosk::source::{Channel, Read};
use citeosquare_protocol::{Ack, Config, KioskId};
use common::*;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const LONG: Duration = Duration::from_secs(60);

/// The display lines of a kiosk feedback `ack` line.
fn lines(ack: &Value) -> Vec<String> {
    ack["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_owned())
        .collect()
}

/// The activity of Marie's open shift, and whether it was planned.
fn open_shift_of_marie(site: &Site) -> (String, bool) {
    let rows = site.server.query_strings(
        "SELECT a.name || '|' || (x.shift_id IS NOT NULL) FROM sel_sessions x
         JOIN sel_activities a ON a.id = x.activity_id
         WHERE x.person_id = 1 AND x.ended_at IS NULL",
    );
    assert_eq!(rows.len(), 1, "Marie has one open shift: {rows:?}");
    let (name, planned) = rows[0].split_once('|').unwrap();
    (name.to_owned(), planned == "1")
}

/// The posted balances of persons 1…10, in minutes.
fn balances(site: &Site) -> Vec<String> {
    site.server.query_strings(
        "SELECT person_id || ':' || posted || '/' || credits_pending FROM sel_accounts
         WHERE kind = 'member' ORDER BY person_id",
    )
}

/// A `CAST(count(*) AS TEXT)` query's answer.
fn count(site: &Site, sql: &'static str) -> i64 {
    site.server.query_strings(sql)[0].parse().unwrap()
}

fn assert_check_passes(site: &Site) {
    let check = site.server.cli(&["check"]);
    assert!(
        check.status.success(),
        "citeosquare check: {}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn a_shift_tapped_in_repeated_and_tapped_out_at_the_cafe_is_credited_once() {
    let site = Site::start();
    let mut k = site.kiosk("demo-sel");
    k.tap(&["DEMO0001"]);
    k.wait_acked(1, LONG);
    let start = &k.acks()[0];
    assert_eq!(start["result"], "shift_started", "{start}");
    assert_eq!(start["title"], "Bonjour Marie");
    let (activity, planned) = open_shift_of_marie(&site);
    if !planned {
        // No shift planned at this hour: the café takes unplanned ones at any hour.
        assert_eq!(activity, "Café solidaire");
    }
    let start_lines = lines(start);
    assert_eq!(start_lines[0], format!("Permanence {activity}"));
    assert!(
        start_lines[1].starts_with("commencée à "),
        "{start_lines:?}"
    );

    // The simulated reader has no debounce (see the next test for the kiosk's): a second tap a
    // moment later reaches the server, which knows it is not a tap-out.
    k.tap(&["DEMO0001"]);
    k.wait_acked(2, LONG);
    let again = &k.acks()[1];
    assert_eq!(again["result"], "recorded", "{again}");
    assert_eq!(
        lines(again)[0],
        format!("Permanence {activity} déjà commencée")
    );
    assert_eq!(
        count(
            &site,
            "SELECT CAST(count(*) AS TEXT) FROM sel_sessions WHERE person_id = 1 AND ended_at IS NULL"
        ),
        1
    );
    wait_for("the outbox to drain", LONG, || {
        (k.outbox().1 == 0).then_some(())
    });
    k.kill9();

    // The tap-out, ten minutes after the tap-in by the kiosk's clock, sent as the kiosk sends it.
    let started: chrono::DateTime<chrono::Utc> = site.server.query_strings(
        "SELECT started_at FROM sel_sessions WHERE person_id = 1 AND ended_at IS NULL",
    )[0]
    .parse()
    .unwrap();
    let ack_topic = topic("demo-sel", "ack");
    let raw = RawClient::connect(
        site.server.broker.port(),
        "demo-sel",
        "demo",
        std::slice::from_ref(&ack_topic),
    )
    .expect("demo-sel connects");
    let id = uuid::Uuid::now_v7().to_string();
    let mut out = event_json("demo-sel", &id, 1, "DEMO0001");
    out["at"] = (started + chrono::Duration::minutes(10))
        .fixed_offset()
        .to_rfc3339()
        .into();
    raw.publish(
        &topic("demo-sel", "event"),
        serde_json::to_vec(&out).unwrap(),
    );
    wait_for("the tap-out's ack", LONG, || {
        raw.received_on(&ack_topic)
            .into_iter()
            .find(|a| a["id"] == id.as_str())
    });
    let end = raw
        .received_on(&ack_topic)
        .into_iter()
        .find(|a| a["id"] == id.as_str())
        .unwrap();
    assert_eq!(end["result"], "shift_ended", "{end}");
    assert_eq!(end["display"]["title"], "Merci Marie");
    let end_lines: Vec<&str> = end["display"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(
        end_lines[0].starts_with("Permanence finie à "),
        "{end_lines:?}"
    );
    assert_eq!(end_lines[1..], ["+ 10 min créditées", "Solde : 1 h 10"]);

    // The ledger, read from the server's database file, and the server's own check.
    assert_eq!(
        site.server
            .query_strings("SELECT CAST(posted AS TEXT) FROM sel_accounts WHERE person_id = 1"),
        ["70"]
    );
    assert_eq!(
        site.server.query_strings(
            "SELECT CAST(minutes AS TEXT) || ' ' || end_kind FROM sel_sessions WHERE person_id = 1"
        ),
        ["10 tap"]
    );
    assert_eq!(
        count(
            &site,
            "SELECT CAST(count(*) AS TEXT) FROM kiosk_events WHERE kiosk_id = 'demo-sel'"
        ),
        3
    );
    assert_check_passes(&site);
}

/// Feedback of an in-process kiosk, as the JSON lines of `--feedback json`.
#[derive(Debug, Clone, Default)]
struct Collected(Arc<Mutex<Vec<Value>>>);

impl Collected {
    fn of(&self, event: &str) -> Vec<Value> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|v| v["event"] == event)
            .cloned()
            .collect()
    }
}

impl Feedback for Collected {
    fn recorded(&mut self, r: &Recorded) {
        self.0
            .lock()
            .unwrap()
            .push(serde_json::json!({"event": "recorded", "id": r.id, "badge": r.badge}));
    }
    fn acked(&mut self, ack: &Ack) {
        self.0
            .lock()
            .unwrap()
            .push(serde_json::json!({"event": "ack", "id": ack.id,
            "result": ack.result, "title": ack.display.title, "lines": ack.display.lines}));
    }
    fn unreadable(&mut self, _raw: &str) {}
    fn connection(&mut self, _online: bool, _pending: u64) {}
    fn config(&mut self, _config: &Config) {}
    fn drained(&mut self) {}
    fn full(&mut self, _badge: &str, _pending: u64) {}
}

#[test]
fn a_card_waved_twice_is_one_tap_and_a_second_tap_soon_after_is_not_a_tap_out() {
    let site = Site::start();
    // The kiosk loop of citeosquare-kiosk in this process, its reader behind the debounce every
    // hardware reader goes through (the binary's stdin simulator has none).
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (reader, reads) = tokio::sync::mpsc::channel(16);
    let feedback = Collected::default();
    let mut settings = Settings::new(
        KioskId::parse("demo-sel").unwrap(),
        "demo",
        site.dir.path().join("kiosk-in-process"),
    );
    settings.broker_port = site.server.broker.port();
    settings.retry_after = Duration::from_millis(1500);
    let source = Debounced::new(Channel(reads), Debounce::DEFAULT_WINDOW);
    rt.spawn(citeosquare_kiosk::runner::run(
        settings,
        source,
        feedback.clone(),
        false,
    ));
    let read = |badge: &str| {
        reader.blocking_send(Read::Badge(badge.to_owned())).unwrap();
    };

    // Fatima's card, seen twice within the window (waved slowly, or resting on the reader).
    read("DEMO0003");
    std::thread::sleep(Duration::from_millis(300));
    read("DEMO0003");
    wait_for("the first ack", LONG, || {
        (!feedback.of("ack").is_empty()).then_some(())
    });
    // Time for a second event, if there were one, to be recorded and answered.
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(
        feedback.of("recorded").len(),
        1,
        "one presentation, one tap"
    );
    assert_eq!(
        site.stored_ids("demo-sel").len(),
        1,
        "one event reached the server"
    );
    let first = feedback.of("ack");
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["result"], "shift_started", "{}", first[0]);
    assert_eq!(first[0]["title"], "Bonjour Fatima");
    let activity = lines(&first[0])[0]
        .strip_prefix("Permanence ")
        .unwrap()
        .to_owned();

    // Past the debounce window, well within two minutes of the start: it reaches the server,
    // which answers that the shift has already begun.
    std::thread::sleep(Debounce::DEFAULT_WINDOW + Duration::from_millis(500));
    read("DEMO0003");
    wait_for("the second ack", LONG, || {
        (feedback.of("ack").len() >= 2).then_some(())
    });
    let second = &feedback.of("ack")[1];
    assert_eq!(second["result"], "recorded", "{second}");
    assert_eq!(
        lines(second),
        [
            format!("Permanence {activity} déjà commencée"),
            format!(
                "à {}",
                lines(&first[0])[1].strip_prefix("commencée à ").unwrap()
            )
        ]
    );
    assert_eq!(site.stored_ids("demo-sel").len(), 2);
    assert_eq!(
        count(
            &site,
            "SELECT CAST(count(*) AS TEXT) FROM sel_sessions WHERE person_id = 3"
        ),
        1,
        "one shift"
    );
    rt.shutdown_timeout(Duration::from_secs(2));
    assert_check_passes(&site);
}

/// Cuts the kiosks off: the broker goes away (with the embedded one, the server with it).
fn broker_down(site: &mut Site) {
    match site.mosquitto.as_mut() {
        Some(m) => m.kill(),
        None => site.server.kill9(),
    }
}

fn broker_up(site: &mut Site) {
    match site.mosquitto.as_mut() {
        Some(m) => {
            m.restart();
            wait_for("the server's MQTT session", LONG, || {
                site.server
                    .get("/healthz")
                    .filter(|(_, body)| body.contains("\"mqtt\":\"connected\""))
            });
        }
        None => site.server.restart(),
    }
}

/// The outbox's files (the database and its write-ahead log), copied from `from` to `to`.
fn copy_outbox(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for name in ["outbox.db", "outbox.db-wal", "outbox.db-shm"] {
        let _ = std::fs::remove_file(to.join(name));
        if name != "outbox.db-shm" && from.join(name).exists() {
            std::fs::copy(from.join(name), to.join(name)).unwrap();
        }
    }
}

#[test]
fn a_kiosk_back_online_replaying_its_whole_outbox_credits_nothing_twice() {
    let mut site = Site::start();
    // Hélène and Lucas started their shifts ten minutes ago (sent as the kiosk would).
    let ack_topic = topic("demo-sel", "ack");
    let raw = RawClient::connect(
        site.server.broker.port(),
        "demo-sel",
        "demo",
        std::slice::from_ref(&ack_topic),
    )
    .expect("demo-sel connects");
    let earlier = (chrono::Utc::now() - chrono::Duration::minutes(10))
        .fixed_offset()
        .to_rfc3339();
    for (seq, badge) in [(1, "DEMO0004"), (2, "DEMO0005")] {
        let mut e = event_json("demo-sel", &uuid::Uuid::now_v7().to_string(), seq, badge);
        e["at"] = earlier.clone().into();
        raw.publish(&topic("demo-sel", "event"), serde_json::to_vec(&e).unwrap());
    }
    wait_for("the tap-ins' acks", LONG, || {
        (raw.received_on(&ack_topic).len() >= 2).then_some(())
    });
    assert!(
        raw.received_on(&ack_topic)
            .iter()
            .all(|a| a["result"] == "shift_started"),
        "{:?}",
        raw.received_on(&ack_topic)
    );
    drop(raw);

    // The kiosk is cut off; Hélène and Lucas tap out, Odette starts: all in the outbox.
    broker_down(&mut site);
    let mut k = site.kiosk("demo-sel");
    k.tap(&["DEMO0004", "DEMO0005", "DEMO0006"]);
    k.wait_recorded(3, LONG);
    assert_eq!(k.outbox().1, 3, "three taps waiting");
    k.kill9();
    let saved = site.dir.path().join("outbox-as-it-was-offline");
    copy_outbox(&k.data_dir, &saved);
    k.restart();

    // Back online: the outbox is delivered.
    broker_up(&mut site);
    k.wait_acked(3, LONG);
    wait_for("the outbox to drain", LONG, || {
        (k.outbox().1 == 0).then_some(())
    });
    let first: HashMap<String, Value> = k
        .acks()
        .into_iter()
        .map(|a| (a["id"].as_str().unwrap().to_owned(), a))
        .collect();
    let mut results: Vec<&str> = first
        .values()
        .map(|a| a["result"].as_str().unwrap())
        .collect();
    results.sort();
    assert_eq!(results, ["shift_ended", "shift_ended", "shift_started"]);
    for a in first.values().filter(|a| a["result"] == "shift_ended") {
        assert!(
            lines(a)[1].ends_with(" créditées"),
            "a tap-out ten minutes later credits something: {a}"
        );
    }
    // Hélène's and Lucas's credits are what their shifts say, once.
    let credited = site.server.query_strings(
        "SELECT person_id || ':' || minutes FROM sel_sessions WHERE person_id IN (4, 5)
         ORDER BY person_id",
    );
    assert_eq!(credited.len(), 2, "{credited:?}");
    let after_delivery = balances(&site);
    for c in &credited {
        let (person, minutes) = c.split_once(':').unwrap();
        let minutes: i64 = minutes.parse().unwrap();
        assert!(minutes > 0, "{c}");
        assert!(
            after_delivery.contains(&format!("{person}:{}/0", 60 + minutes)),
            "{after_delivery:?}"
        );
    }
    let transfers = count(&site, "SELECT CAST(count(*) AS TEXT) FROM sel_transfers");
    let events = count(&site, "SELECT CAST(count(*) AS TEXT) FROM kiosk_events");
    let replayed_before = site.server.metric("citeosquare_events_replayed_total");

    // The acks never made it to the kiosk's disk (say, a power cut right after they came): it
    // starts again with its whole outbox pending and sends everything again.
    k.kill9();
    copy_outbox(&saved, &k.data_dir);
    k.restart();
    // The kiosk shows an ack only for a pending event: three more prove all three were sent again.
    k.wait_acked(6, LONG);
    wait_for("the outbox to drain again", LONG, || {
        (k.outbox().1 == 0).then_some(())
    });
    let acks = k.acks();
    for again in &acks[3..] {
        let id = again["id"].as_str().unwrap();
        assert_eq!(again, &first[id], "a replay gets the same answer");
    }
    assert_eq!(balances(&site), after_delivery, "nothing credited twice");
    assert_eq!(
        count(&site, "SELECT CAST(count(*) AS TEXT) FROM sel_transfers"),
        transfers
    );
    assert_eq!(
        count(&site, "SELECT CAST(count(*) AS TEXT) FROM kiosk_events"),
        events
    );
    assert!(site.server.metric("citeosquare_events_replayed_total") - replayed_before >= 3.0);
    assert_check_passes(&site);
}
