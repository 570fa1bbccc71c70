//! The reception page and its live feed, `/healthz` and `/metrics`, as the desk sees them.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const LONG: Duration = Duration::from_secs(60);

/// Opens the server-sent events stream and collects its lines.
fn open_feed(http: &str, token: &str) -> Arc<Mutex<Vec<String>>> {
    let addr = http.trim_start_matches("http://").to_owned();
    let mut s = TcpStream::connect(&addr).unwrap();
    write!(
        s,
        "GET /accueil/flux HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Accept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let lines: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    // Headers first: the subscription exists once they arrived.
    wait_for("the event stream to open", LONG, || {
        lines
            .lock()
            .unwrap()
            .iter()
            .any(|l| {
                l.to_ascii_lowercase()
                    .starts_with("content-type: text/event-stream")
            })
            .then_some(())
    });
    lines
}

#[test]
fn a_tap_appears_live_on_the_reception_feed_and_then_on_the_page() {
    let site = Site::start();
    let feed = open_feed(&site.server.http, &site.server.token);
    let mut k = site.kiosk("demo-sel");
    k.tap(&["DEMO0001", "CAFE0042"]);
    k.wait_acked(2, LONG);

    wait_for("Marie's tap on the live feed", LONG, || {
        let lines = feed.lock().unwrap();
        let tap = lines.iter().position(|l| l == "event: tap")?;
        let data = lines.get(tap + 1)?.strip_prefix("data: ")?.to_owned();
        let v: serde_json::Value = serde_json::from_str(&data).ok()?;
        (v["person"] == "Marie Lefèvre"
            && v["result_label"] == "Permanence commencée"
            && v["kiosk_label"] == "Café — permanences SEL")
            .then_some(())
    });
    wait_for("the unknown badge on the live feed", LONG, || {
        let lines = feed.lock().unwrap();
        lines
            .iter()
            .any(|l| l.contains("\"badge\":\"CAFE0042\"") && l.contains("Badge inconnu"))
            .then_some(())
    });
    wait_for("the kiosk's status on the live feed", LONG, || {
        let lines = feed.lock().unwrap();
        lines
            .iter()
            .any(|l| l.contains("\"kiosk_id\":\"demo-sel\"") && l.contains("\"state\":\"online\""))
            .then_some(())
    });

    let (status, page) = site.server.get("/accueil").unwrap();
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"fr\">"));
    assert!(page.contains("Marie Lefèvre"), "the page names the person");
    assert!(
        page.contains("Badge CAFE0042"),
        "an unknown badge shows its number"
    );
    assert!(page.contains("✖ Badge inconnu"));
    let kiosk_row = page
        .split("<tr id=\"borne-demo-sel\">")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap();
    assert!(kiosk_row.contains("En ligne"), "{kiosk_row}");
    assert!(
        kiosk_row.contains("0.1.0"),
        "the kiosk's version shows: {kiosk_row}"
    );
}

#[test]
fn a_killed_kiosk_shows_offline_through_its_last_will() {
    let site = Site::start();
    let mut k = site.kiosk("demo-salle");
    k.tap(&["DEMO0002"]);
    k.wait_acked(1, LONG);
    k.kill9();
    wait_for("demo-salle to show offline", LONG, || {
        let (_, page) = site.server.get("/accueil")?;
        let row = page
            .split("<tr id=\"borne-demo-salle\">")
            .nth(1)?
            .split("</tr>")
            .next()?
            .to_owned();
        row.contains("Hors ligne").then_some(())
    });
    assert_eq!(site.server.metric("citeosquare_kiosks_online"), 0.0);
}

#[test]
fn a_status_from_an_unregistered_kiosk_is_not_shown_at_the_desk() {
    let site = Site::start();
    let port = site.server.broker.port();
    if site.mosquitto.is_some() {
        // Mosquitto's ACL keeps demo-sel off other kiosks' topics (tests/mosquitto.rs).
        return;
    }
    // The embedded broker knows only registered kiosks, and its gate keeps each to its own topics
    // (tests/broker_acl.rs): a status under another name closes the connection and never arrives.
    let raw = RawClient::connect(port, "demo-sel", "demo", &[]).unwrap();
    raw.publish(
        &topic("ghost-1", "status"),
        br#"{"v":1,"state":"online","kiosk":"ghost-1"}"#.to_vec(),
    );
    let raw = RawClient::connect(port, "demo-sel", "demo", &[]).unwrap();
    raw.publish(
        &topic("demo-sel", "status"),
        br#"{"v":1,"state":"online","kiosk":"demo-sel"}"#.to_vec(),
    );
    wait_for("demo-sel's own status", LONG, || {
        (site.server.metric("citeosquare_kiosks_online") == 1.0).then_some(())
    });
    let (_, page) = site.server.get("/accueil").unwrap();
    assert!(!page.contains("ghost-1"));
    assert_eq!(
        site.server.metric("citeosquare_statuses_ignored_total"),
        0.0
    );
}

#[test]
fn the_server_stops_promptly_on_sigterm_even_with_a_reception_page_open() {
    let mut site = Site::start();
    let _feed = open_feed(&site.server.http, &site.server.token);
    let took = site.server.terminate();
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn health_and_metrics_answer_in_their_formats() {
    let site = Site::start();
    let (status, body) = site.server.get("/healthz").unwrap();
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["mqtt"], "connected");

    let (status, body) = site.server.get("/metrics").unwrap();
    assert_eq!(status, 200);
    for name in [
        "citeosquare_events_ingested",
        "citeosquare_events_replayed",
        "citeosquare_events_rejected",
        "citeosquare_ingest_latency_seconds",
        "citeosquare_kiosks_online",
    ] {
        assert!(
            body.contains(&format!("# TYPE {name}")),
            "{name} is exposed"
        );
    }
    assert!(body.contains("citeosquare_events_rejected_total{reason=\"bad_time\"} 0"));
    assert!(body.trim_end().ends_with("# EOF"));

    let (status, page) = site.server.get("/nulle-part").unwrap();
    assert_eq!(status, 404);
    assert!(page.contains("Page introuvable"));

    // The desk's page needs a login; health and metrics do not.
    let (status, _) = site.server.get_anonymous("/accueil").unwrap();
    assert_eq!(status, 303);
    assert_eq!(site.server.get_anonymous("/healthz").unwrap().0, 200);
}

#[test]
fn kiosk_alarms_reach_the_desk_in_its_words_and_clear() {
    let site = Site::start();
    let raw = RawClient::connect(site.server.broker.port(), "demo-salle", "demo", &[]).unwrap();
    raw.publish(
        &topic("demo-salle", "status"),
        br#"{"v":1,"state":"online","kiosk":"demo-salle","pending":1500,"reader":"mfrc522: erreur","alarms":["outbox_high","reader_error","x_future"]}"#
            .to_vec(),
    );
    let page = wait_for("the alarms on the desk page", LONG, || {
        let (_, page) = site.server.get("/accueil")?;
        page.contains("lecteur de badge en panne").then_some(page)
    });
    assert!(
        page.contains("⚠ beaucoup de passages en attente d&#39;envoi"),
        "{page}"
    );
    // A code this server does not know yet is shown as it is.
    assert!(page.contains("⚠ x_future"));
    // The API shows the codes.
    let (_, kiosks) = site.server.get("/api/v1/kiosks").unwrap();
    let kiosks: serde_json::Value = serde_json::from_str(&kiosks).unwrap();
    let salle = kiosks
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == "demo-salle")
        .unwrap();
    assert_eq!(
        salle["alarms"],
        serde_json::json!(["outbox_high", "reader_error", "x_future"])
    );
    raw.publish(
        &topic("demo-salle", "status"),
        br#"{"v":1,"state":"online","kiosk":"demo-salle","pending":0,"reader":"mfrc522"}"#.to_vec(),
    );
    wait_for("the alarms to clear", LONG, || {
        let (_, page) = site.server.get("/accueil")?;
        (!page.contains("lecteur de badge en panne")).then_some(())
    });
}

/// The evacuation list is written to a file when the server starts and every minute after: a
/// tap at the entrance reaches it, and it stays there, whole and readable, once the server is
/// stopped — the desk's last list when the server is down.
#[test]
fn the_evacuation_list_file_follows_the_taps_and_outlives_the_server() {
    let mut site = Site::start();
    let file = site
        .server
        .data_dir
        .join("evacuation")
        .join("liste-evacuation.html");
    let first = wait_for("the first evacuation list", LONG, || {
        std::fs::read_to_string(&file)
            .ok()
            .filter(|t| t.contains("</html>"))
    });
    assert!(first.contains("Odette Perrin"), "the demo's people inside");
    assert!(!first.contains("Hélène Garnier"));
    // Hélène badges in at the entrance; the next minute's file names her.
    let mut entrance = site.kiosk("demo-accueil");
    entrance.tap(&["DEMO0004"]);
    entrance.wait_acked(1, LONG);
    let rewritten = wait_for("the list to name Hélène", Duration::from_secs(90), || {
        std::fs::read_to_string(&file)
            .ok()
            .filter(|t| t.contains("Hélène Garnier"))
    });
    assert!(rewritten.contains("fauteuil ou mobilité réduite"));
    // The server stops: the file is still there, whole, and no longer changes.
    site.server.terminate();
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(after.contains("Hélène Garnier") && after.trim_end().ends_with("</html>"));
    assert!(!after.contains("<script") && !after.contains("<link"));
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), after);
}
