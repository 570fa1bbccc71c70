//! The desk's live feed says why a tap was refused, in the kiosk's words, and offers the next
//! step while it is still to do (open the SEL account, record the membership).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use chrono::{Datelike, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_protocol::{self as protocol, Ack, AckResult};
use citeosquare_server::kiosks::ingest::{self, IngestSettings, Received};
use citeosquare_server::metrics::Metrics;
use serde_json::json;
use sqlx::SqlitePool;
use support::TestApp;

async fn tap(pool: &SqlitePool, kiosk: &str, badge: &str) -> Ack {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let id = format!("0193e1c2-7a4b-7c3d-9e8f-{n:012}");
    let payload = json!({"v": 1, "id": id, "kiosk": kiosk, "boot": "feed-test", "seq": n,
                         "at": Utc::now().to_rfc3339(), "badge": badge, "action": "tap"});
    let msg = Received {
        topic: format!("citeosquare/v1/main/kiosk/{kiosk}/event"),
        payload: serde_json::to_vec(&payload).unwrap(),
        received_at: Utc::now(),
    };
    let settings = IngestSettings {
        site: "main".into(),
        time_zone: Paris,
        clock_skew_tolerance_ms: 120_000,
        domains: citeosquare_server::DOMAINS,
    };
    let committed = ingest::store_batch(pool, &settings, &Metrics::default(), &[msg])
        .await
        .unwrap();
    protocol::decode::<Ack>(&committed.acks[0].1).unwrap()
}

/// The feed's line for a person (the first, newest).
fn feed_line<'a>(page: &'a str, name: &str) -> &'a str {
    let feed = &page[page.find("id=\"passages\"").unwrap()..];
    let feed = &feed[..feed.find("</tbody>").unwrap()];
    let at = feed
        .find(name)
        .unwrap_or_else(|| panic!("{name} not in {feed}"));
    let line = &feed[at..];
    &line[..line.find("</tr>").unwrap()]
}

#[tokio::test]
async fn a_refused_tap_says_why_and_offers_the_next_step_until_it_is_done() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let token = app.token("accueil").await;
    // Someone new, with a card but no SEL account, at the SEL's counter.
    let r = app
        .call(
            Method::POST,
            "/api/v1/persons",
            Some(&token),
            Some(json!({"first_name": "Zélie", "last_name": "Morvan", "kind": "resident"})),
        )
        .await;
    let zelie = r.json()["id"].as_i64().unwrap();
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/persons/{zelie}/badges"),
            Some(&token),
            Some(json!({"card_id": "ZE11E001"})),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let ack = tap(&app.pool, "demo-sel", "ZE11E001").await;
    assert_eq!(ack.result, AckResult::NotAllowed);

    let home = app.page("/accueil", Some(&s)).await;
    assert_eq!(home.status, StatusCode::OK);
    let line = feed_line(&home.body, "Zélie Morvan");
    assert!(line.contains("Non autorisé"), "{line}");
    assert!(line.contains("Pas encore de compte SEL"), "{line}");
    assert!(
        !line.contains("Voyez l'accueil"),
        "the desk is the desk: {line}"
    );
    assert!(
        line.contains(&format!(
            "<a href=\"/personnes/{zelie}#sel\" class=\"button secondary step\">Ouvrir son compte SEL"
        )),
        "{line}"
    );

    // Done: the step is no longer offered, the reason stays in the history.
    let r = app
        .post_form(&format!("/sel/comptes/{zelie}/ouvrir"), Some(&s), &[])
        .await;
    assert!(r.status.is_redirection(), "{}", r.body);
    let home = app.page("/accueil", Some(&s)).await;
    let line = feed_line(&home.body, "Zélie Morvan");
    assert!(line.contains("Pas encore de compte SEL"), "{line}");
    assert!(!line.contains("Ouvrir son compte SEL"), "{line}");

    // Karim has not paid this year's membership; with the SEL refusing shifts without it, the
    // feed says so and offers to record it.
    sqlx::query("UPDATE sel_settings SET membership_policy = 'refuse'")
        .execute(&app.pool)
        .await
        .unwrap();
    let ack = tap(&app.pool, "demo-sel", "DEMO0007").await;
    assert_eq!(ack.result, AckResult::NotAllowed);
    let year = Utc::now().with_timezone(&Paris).year();
    let home = app.page("/accueil", Some(&s)).await;
    let line = feed_line(&home.body, "Karim Haddad");
    assert!(
        line.contains(&format!("Adhésion {year} à régler")),
        "{line}"
    );
    assert!(
        line.contains(&format!("Enregistrer son adhésion {year}")),
        "{line}"
    );
    // An accepted tap has no reason and no step.
    let ack = tap(&app.pool, "demo-accueil", "DEMO0002").await;
    assert!(ack.result.is_positive());
    let home = app.page("/accueil", Some(&s)).await;
    let line = feed_line(&home.body, "Jean Dupuis");
    assert!(
        !line.contains("<small>") && !line.contains("step"),
        "{line}"
    );
}

#[tokio::test]
async fn the_sel_box_of_the_desk_refreshes_itself_with_the_shifts_being_served() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let home = app.page("/accueil", Some(&s)).await;
    assert!(
        home.body.contains(
            r#"id="sel" hx-get="/sel/encadre" hx-trigger="every 20s, refresh" hx-swap="outerHTML""#
        ),
        "{}",
        home.body
    );
    let before = app.page("/sel/encadre", Some(&s)).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.body.contains("SEL en ce moment"), "{}", before.body);
    assert!(!before.body.contains("Marie Lefèvre"), "{}", before.body);
    // Marie badges at the SEL's counter: the box the page fetches now shows her shift.
    let ack = tap(&app.pool, "demo-sel", "DEMO0001").await;
    assert_eq!(ack.result, AckResult::ShiftStarted, "{ack:?}");
    let after = app.page("/sel/encadre", Some(&s)).await;
    assert!(after.body.contains("Marie Lefèvre"), "{}", after.body);
    // The fragment is the desk's: a resident may not read it.
    let resident = app.session("resident").await;
    let refused = app.page("/sel/encadre", Some(&resident)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
