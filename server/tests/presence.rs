//! Presence in the building: the entrance kiosks' taps in and out, reads at the kiosks inside (a
//! refused tap at the SEL's counter and the end of a shift take nobody out), late copies, the
//! « à confirmer » threshold, the visitor register, the hostel's guests in house, the evacuation
//! list that adds up, the help needed to evacuate (with consent), the file written for a dead
//! server, and the roll call at the assembly point.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_protocol::{self as protocol, Ack, AckResult};
use citeosquare_server::audit::Actor;
use citeosquare_server::hostel::stays::{self, NewStay};
use citeosquare_server::hostel::{self, RoomInput};
use citeosquare_server::kiosks::ingest::{self, IngestSettings, Received};
use citeosquare_server::metrics::Metrics;
use citeosquare_server::presence::{file, list, roll_call};
use citeosquare_server::web::AppState;
use serde_json::{Value, json};
use sqlx::SqlitePool;
use support::TestApp;

fn settings() -> IngestSettings {
    IngestSettings {
        site: "main".into(),
        time_zone: Paris,
        clock_skew_tolerance_ms: 120_000,
        domains: citeosquare_server::DOMAINS,
    }
}

/// A badge read at a demo kiosk at `at` (delivered now) with `action`; its ack.
async fn read(pool: &SqlitePool, kiosk: &str, badge: &str, action: &str, at: DateTime<Utc>) -> Ack {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let id = format!("0193e1c2-7a4b-7c3d-9e8f-{n:012}");
    let payload = json!({"v": 1, "id": id, "kiosk": kiosk, "boot": "presence-test", "seq": n,
                         "at": at.to_rfc3339(), "badge": badge, "action": action});
    let msg = Received {
        topic: format!("citeosquare/v1/main/kiosk/{kiosk}/event"),
        payload: serde_json::to_vec(&payload).unwrap(),
        received_at: Utc::now(),
    };
    let committed = ingest::store_batch(pool, &settings(), &Metrics::default(), &[msg])
        .await
        .unwrap();
    protocol::decode::<Ack>(&committed.acks[0].1).unwrap()
}

async fn tap(pool: &SqlitePool, kiosk: &str, badge: &str) -> Ack {
    read(pool, kiosk, badge, "tap", Utc::now()).await
}

async fn now(pool: &SqlitePool) -> list::Presence {
    list::now(
        pool,
        citeosquare_server::DOMAINS,
        chrono_tz::Europe::Paris,
        Utc::now(),
    )
    .await
    .unwrap()
}

/// The names of a category's lines.
fn names(p: &list::Presence, category: &str) -> Vec<String> {
    p.of(category).map(|l| l.name.clone()).collect()
}

fn line<'a>(p: &'a list::Presence, name: &str) -> Option<&'a list::Line> {
    p.lines.iter().find(|l| l.name == name)
}

fn desk() -> Actor {
    Actor {
        id: None,
        name: "Accueil (test)".into(),
    }
}

#[tokio::test]
async fn presence_follows_the_entrance_and_no_refusal_or_shift_end_takes_anyone_out() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    // The demo: Jean, Fatima and Odette badged in this morning; a visitor signed in.
    let p = now(pool).await;
    assert_eq!(
        names(&p, "people"),
        ["Fatima Benali", "Jean Dupuis", "Odette Perrin"]
    );
    assert_eq!(names(&p, "visitors"), ["Bernard Colin"]);

    // Hélène badges in at the entrance.
    let a = tap(pool, "demo-accueil", "DEMO0004").await;
    assert_eq!(a.result, AckResult::Entered);
    assert_eq!(a.display.title, "Bonjour Hélène");
    let p = now(pool).await;
    let h = line(&p, "Hélène Garnier").expect("Hélène is listed");
    assert_eq!(h.category, "people");
    assert_eq!(h.place, "Accueil — entrée");
    assert!(!h.to_confirm);

    // She starts and ends a shift at the SEL's counter: still inside. (The start's copy, read two
    // hours ago, comes late from the kiosk: it does not move her entry back.)
    let started = read(
        pool,
        "demo-sel",
        "DEMO0004",
        "tap",
        Utc::now() - Duration::hours(2),
    )
    .await;
    assert_eq!(started.result, AckResult::ShiftStarted, "{started:?}");
    let ended = tap(pool, "demo-sel", "DEMO0004").await;
    assert_eq!(ended.result, AckResult::ShiftEnded, "{ended:?}");
    assert!(line(&now(pool).await, "Hélène Garnier").is_some());

    // Karim, whose fee is unpaid, badges in, then is refused at the SEL's counter: still listed.
    sqlx::query("UPDATE sel_settings SET membership_policy = 'refuse'")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        tap(pool, "demo-accueil", "DEMO0007").await.result,
        AckResult::Entered
    );
    let refused = tap(pool, "demo-sel", "DEMO0007").await;
    assert_eq!(refused.result, AckResult::NotAllowed, "{refused:?}");
    let p = now(pool).await;
    assert_eq!(
        line(&p, "Karim Haddad").map(|l| l.place.as_str()),
        Some("Café — permanences SEL")
    );

    // Lucas never passed an entrance kiosk: read at the room's door, he is inside (on his own
    // line, or on the line of an event under way in that room, which names him).
    tap(pool, "demo-salle", "DEMO0005").await;
    let p = now(pool).await;
    assert!(
        line(&p, "Lucas Moreau").is_some()
            || p.of("events").any(|l| l.place.contains("Lucas Moreau")),
        "{p:?}"
    );

    // Hélène taps out at the entrance: gone.
    let out = tap(pool, "demo-accueil", "DEMO0004").await;
    assert_eq!(out.result, AckResult::Left);
    assert_eq!(out.display.title, "Au revoir Hélène");
    assert!(line(&now(pool).await, "Hélène Garnier").is_none());

    // A copy read before her way out, delivered late by an offline kiosk, changes nothing.
    let late = read(
        pool,
        "demo-accueil",
        "DEMO0004",
        "tap",
        Utc::now() - Duration::minutes(30),
    )
    .await;
    assert_eq!(late.result, AckResult::Recorded);
    assert!(line(&now(pool).await, "Hélène Garnier").is_none());
    // Nor does a late read at the SEL's counter.
    read(
        pool,
        "demo-sel",
        "DEMO0004",
        "tap",
        Utc::now() - Duration::minutes(20),
    )
    .await;
    assert!(line(&now(pool).await, "Hélène Garnier").is_none());

    // Explicit buttons: `out` twice stays out, `in` comes in.
    assert_eq!(
        read(pool, "demo-accueil", "DEMO0004", "out", Utc::now())
            .await
            .result,
        AckResult::Left
    );
    assert_eq!(
        read(pool, "demo-accueil", "DEMO0004", "in", Utc::now())
            .await
            .result,
        AckResult::Entered
    );
    assert!(line(&now(pool).await, "Hélène Garnier").is_some());
}

#[tokio::test]
async fn someone_in_for_longer_than_the_setting_is_to_confirm_and_a_tap_still_toggles() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    // Chloé badged in 13 hours ago and never out (the setting: 12 hours).
    let a = read(
        pool,
        "demo-accueil",
        "DEMO0008",
        "tap",
        Utc::now() - Duration::hours(13),
    )
    .await;
    assert_eq!(a.result, AckResult::Entered);
    let p = now(pool).await;
    let c = line(&p, "Chloé Lambert").expect("kept on the list");
    assert!(c.to_confirm);
    assert_eq!(p.to_confirm, 1);
    // The desk's page says so.
    let s = app.session("accueil").await;
    let page = app.page("/presences", Some(&s)).await;
    assert!(page.body.contains("dont 1 à confirmer"), "{}", page.body);
    // She slept here and leaves this morning: her tap is the way out (the hours guess nothing —
    // a resident in since last night is not someone who forgot to tap out).
    let out = tap(pool, "demo-accueil", "DEMO0008").await;
    assert_eq!(out.result, AckResult::Left);
    assert_eq!(
        out.display.lines[0].split(" à ").next(),
        Some("Sortie notée")
    );
    assert!(line(&now(pool).await, "Chloé Lambert").is_none());
    // Back tonight: in again, no longer to confirm.
    assert_eq!(
        tap(pool, "demo-accueil", "DEMO0008").await.result,
        AckResult::Entered
    );
    assert!(!line(&now(pool).await, "Chloé Lambert").unwrap().to_confirm);
    // A shorter setting makes the demo's people of this morning « à confirmer » too.
    sqlx::query("UPDATE presence_settings SET confirm_after_hours = 1")
        .execute(pool)
        .await
        .unwrap();
    assert!(line(&now(pool).await, "Jean Dupuis").unwrap().to_confirm);
    assert!(!line(&now(pool).await, "Odette Perrin").unwrap().to_confirm);
}

#[tokio::test]
async fn the_desk_marks_people_out_by_hand_and_is_told_when_it_makes_no_sense() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    // Jean (person 2) forgot to tap out.
    let r = app
        .post_form("/presences/personnes/2/sortie", Some(&s), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(line(&now(&app.pool).await, "Jean Dupuis").is_none());
    let again = app
        .post_form("/presences/personnes/2/sortie", Some(&s), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        again.body.contains("n&#39;est pas notée dans le bâtiment")
            || again.body.contains("n'est pas notée dans le bâtiment")
    );
    // Marked in from his page, back to his page.
    let r = app
        .post_form(
            "/presences/personnes/2/entree",
            Some(&s),
            &[("retour", "personne")],
        )
        .await;
    assert_eq!(
        r.location(),
        "/personnes/2?ok=ok-presence-marked-in#presence"
    );
    let page = app.page("/personnes/2", Some(&s)).await;
    assert!(page.body.contains("Dans le bâtiment depuis"));
    assert_eq!(
        app.post_form("/presences/personnes/999/sortie", Some(&s), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Logged.
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action IN ('presence.marked_out', 'presence.marked_in') AND entity_id = '2'")
            .await,
        2
    );
}

#[tokio::test]
async fn a_visitor_is_signed_in_counted_and_signed_out_and_bad_input_changes_nothing() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let before = now(&app.pool).await.total;
    let r = app
        .post_form(
            "/presences/visiteurs",
            Some(&s),
            &[
                ("name", "  Sophie   Martin "),
                ("visiting", "Atelier couture"),
                ("pass", "V-07"),
                ("needs_help", "Malentendante"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let p = now(&app.pool).await;
    assert_eq!(p.total, before + 1);
    let v = line(&p, "Sophie Martin").expect("the visitor, her name tidied");
    assert_eq!(v.category, "visitors");
    assert_eq!(v.place, "Atelier couture");
    assert_eq!(
        v.needs.as_ref().map(|n| n.note.as_str()),
        Some("Malentendante")
    );

    // The same pass while she is inside, a name too long, nothing to say whom: refused, nothing added.
    let long = "x".repeat(121);
    let r = app
        .post_form(
            "/presences/visiteurs",
            Some(&s),
            &[("name", &long), ("visiting", ""), ("pass", "v-07")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("120 caractères au plus"));
    assert!(r.body.contains("Ce champ est obligatoire"));
    let r = app
        .post_form(
            "/presences/visiteurs",
            Some(&s),
            &[("name", "Jo"), ("visiting", "Marie"), ("pass", "v-07")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("déjà prêté"), "{}", r.body);
    assert_eq!(now(&app.pool).await.total, before + 1);

    // She leaves without giving the pass back.
    let id = v.visitor_id.unwrap();
    let r = app
        .post_form(&format!("/presences/visiteurs/{id}/sortie"), Some(&s), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(now(&app.pool).await.total, before);
    let page = app.page("/presences", Some(&s)).await;
    assert!(page.body.contains("sans rendre son badge"));
    let again = app
        .post_form(&format!("/presences/visiteurs/{id}/sortie"), Some(&s), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("déjà reparti"));

    // The register is append-only.
    assert!(
        sqlx::query("UPDATE visitors SET arrived_at = '2020-01-01T00:00:00.000Z'")
            .execute(&app.pool)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("DELETE FROM visitors")
            .execute(&app.pool)
            .await
            .is_err()
    );

    // A year on, the name goes; it never comes back.
    sqlx::query("UPDATE presence_settings SET visitor_keep_days = 1")
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO visitors (name, visiting, arrived_at, signed_in_by, left_at, signed_out_by)
         VALUES ('Ancien Visiteur', 'Marie Lefèvre', '2020-01-02T09:00:00.000Z', 'x',
                 '2020-01-02T10:00:00.000Z', 'x')",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        citeosquare_server::presence::visitors::anonymise(&app.pool)
            .await
            .unwrap(),
        1
    );
    let (name, visiting): (String, String) =
        sqlx::query_as("SELECT name, visiting FROM visitors WHERE name = 'Visiteur'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((name.as_str(), visiting.as_str()), ("Visiteur", "—"));
    assert!(
        sqlx::query("UPDATE visitors SET name = 'Ancien Visiteur' WHERE name = 'Visiteur'")
            .execute(&app.pool)
            .await
            .is_err()
    );

    // Through the API too.
    let token = app.token("accueil").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/visitors",
            Some(&token),
            Some(json!({"name": "Marc Petit", "visiting": "Jean Dupuis"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let id = r.json()["id"].as_i64().unwrap();
    let p: Value = app
        .call(Method::GET, "/api/v1/presence", Some(&token), None)
        .await
        .json();
    assert!(
        p["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["name"] == "Marc Petit" && l["category"] == "visitors")
    );
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/visitors/{id}/departure"),
            Some(&token),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let resident = app.token("resident").await;
    assert_eq!(
        app.call(Method::GET, "/api/v1/presence", Some(&resident), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

/// A room on the first floor and a stay of three checked in tonight; the stay's id.
async fn guests_checked_in(pool: &SqlitePool) -> i64 {
    let room = hostel::create_room(
        pool,
        &desk(),
        &RoomInput {
            name: "Tilleul".into(),
            kind: "private".into(),
            beds: 3,
            floor: 1,
            price_cents: 4500,
            ..RoomInput::default()
        },
    )
    .await
    .unwrap()
    .id;
    let first = stays::tonight(pool, Paris, Utc::now()).await.unwrap();
    let id = stays::create(
        pool,
        Paris,
        &desk(),
        &NewStay {
            guest_name: "Famille Ndiaye".into(),
            phone: "06 12 34 56 78".into(),
            people: 3,
            arrival: first.to_string(),
            departure: (first + Duration::days(2)).to_string(),
            room_id: Some(room),
            ..NewStay::default()
        },
        Utc::now(),
    )
    .await
    .unwrap()
    .id;
    stays::check_in(pool, Paris, &desk(), id, Utc::now())
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn the_evacuation_list_adds_up_by_category_and_floor_and_names_who_needs_help() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    // The demo's hostel has guests in house already.
    let demo_guests: i64 = now(pool).await.of("guests").map(|l| l.people).sum();
    guests_checked_in(pool).await;
    let s = app.session("accueil").await;
    tap(pool, "demo-accueil", "DEMO0004").await;
    let p = now(pool).await;
    // Guests: one line for the party of three, on the first floor.
    let g = line(&p, "Famille Ndiaye").expect("the party");
    assert_eq!(
        (g.category.as_str(), g.people, g.floor),
        ("guests", 3, Some(1))
    );
    assert_eq!(g.place, "Tilleul");
    // The staff on duty: the desk's session.
    assert_eq!(names(&p, "staff"), ["Accueil (démo)"]);
    // An admin whose record says they went out is not on duty, whatever tab stays open.
    let admin = app.session("admin").await;
    app.page("/accueil", Some(&admin)).await;
    assert!(names(&now(pool).await, "staff").contains(&"Administratrice (démo)".to_owned()));
    sqlx::query("UPDATE users SET person_id = 9 WHERE username = 'admin'")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO building_presence (person_id, inside, since, source, set_by)
         VALUES (9, 0, ?, 'desk', 'test')",
    )
    .bind(citeosquare_server::db::now_text())
    .execute(pool)
    .await
    .unwrap();
    assert_eq!(names(&now(pool).await, "staff"), ["Accueil (démo)"]);
    // Each category's count is the sum of its lines, the total the sum of the categories.
    for c in &p.counts {
        let sum: i64 = p.of(&c.category).map(|l| l.people).sum();
        assert_eq!(c.people, sum, "{}", c.category);
    }
    assert_eq!(p.total, p.counts.iter().map(|c| c.people).sum::<i64>());
    // Jean, Fatima, Odette, Hélène + the guests + Bernard Colin + the desk.
    let total = 4 + demo_guests + 3 + 1 + 1;
    assert_eq!(p.total, total);

    let page = app.page("/evacuation", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!(
        "<span class=\"evac-big\">{total}</span> personnes dans le bâtiment"
    )));
    assert!(page.body.contains("Étage 1"));
    assert!(page.body.contains("Famille Ndiaye"));
    // Odette's need (the demo) is framed on top.
    let help = &page.body[page.body.find("id=\"aide\"").unwrap()..];
    let help = &help[..help.find("</section>").unwrap()];
    assert!(help.contains("Odette Perrin"), "{help}");
    assert!(help.contains("fauteuil ou mobilité réduite"));
    assert!(!help.contains("Jean Dupuis"));
    // The desk's home shows the box, and every staff page the button.
    let home = app.page("/accueil", Some(&s)).await;
    assert!(home.body.contains("id=\"presences\""));
    assert!(home.body.contains("id=\"bouton-evacuation\""));
    let resident = app.session("resident").await;
    assert!(
        !app.page("/moi", Some(&resident))
            .await
            .body
            .contains("bouton-evacuation")
    );
}

/// The list at a local time of the site, `days` after `night`.
async fn list_at(
    pool: &SqlitePool,
    night: chrono::NaiveDate,
    days: i64,
    hour: u32,
) -> list::Presence {
    use chrono::TimeZone;
    let local = (night + Duration::days(days))
        .and_hms_opt(hour, 0, 0)
        .unwrap();
    let at = Paris
        .from_local_datetime(&local)
        .unwrap()
        .with_timezone(&Utc);
    list::now(pool, citeosquare_server::DOMAINS, Paris, at)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_party_moved_for_its_second_night_is_found_in_the_room_it_sleeps_in_that_night() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    use chrono::TimeZone;
    let stay = guests_checked_in(pool).await;
    let first = stays::tonight(pool, Paris, Utc::now()).await.unwrap();
    let room = hostel::create_room(
        pool,
        &desk(),
        &RoomInput {
            name: "Érable".into(),
            kind: "private".into(),
            beds: 3,
            floor: 2,
            price_cents: 4500,
            ..RoomInput::default()
        },
    )
    .await
    .unwrap()
    .id;
    // The move is made for the second night (the hostel's day starts at 6 a.m.).
    let second_evening = Paris
        .from_local_datetime(&(first + Duration::days(1)).and_hms_opt(18, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc);
    stays::move_to(
        pool,
        Paris,
        &desk(),
        stay,
        &stays::MoveInput {
            room_id: room,
            reason: "Chauffage en panne".into(),
        },
        second_evening,
    )
    .await
    .unwrap();
    let place = |p: &list::Presence| line(p, "Famille Ndiaye").map(|l| (l.place.clone(), l.floor));
    // The first night, late in the evening and at 3 a.m. (still the first night): Tilleul.
    for (days, hour) in [(0, 23), (1, 3)] {
        assert_eq!(
            place(&list_at(pool, first, days, hour).await),
            Some(("Tilleul".to_owned(), Some(1))),
            "{days} day(s) after the first night, at {hour} h"
        );
    }
    // The second night, in the evening and at 3 a.m. the morning after: Érable, on the 2nd floor.
    for (days, hour) in [(1, 20), (2, 3)] {
        assert_eq!(
            place(&list_at(pool, first, days, hour).await),
            Some(("Érable".to_owned(), Some(2))),
            "{days} day(s) after the first night, at {hour} h"
        );
    }
}

#[tokio::test]
async fn a_guest_who_badged_in_is_counted_once_on_the_partys_line() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let demo_guests: i64 = now(pool).await.of("guests").map(|l| l.people).sum();
    let stay = guests_checked_in(pool).await;
    // The lead guest's record, with a card lent, badges in at the entrance.
    citeosquare_server::hostel::badges::hand(
        pool,
        &desk(),
        stay,
        &citeosquare_server::hostel::badges::HandInput {
            card_id: "GUEST042".into(),
            holder: String::new(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        tap(pool, "demo-accueil", "GUEST042").await.result,
        AckResult::Entered
    );
    let p = now(pool).await;
    assert_eq!(
        p.of("guests").map(|l| l.people).sum::<i64>(),
        demo_guests + 3
    );
    assert_eq!(
        line(&p, "Famille Ndiaye").map(|l| l.people),
        Some(3),
        "the party's line"
    );
    assert!(!names(&p, "people").contains(&"Famille Ndiaye".to_owned()));
    // A second stay under the same lead guest (a group leader with two rooms): both parties listed.
    let room = hostel::create_room(
        pool,
        &desk(),
        &RoomInput {
            name: "Érable".into(),
            kind: "private".into(),
            beds: 2,
            floor: 2,
            price_cents: 3500,
            ..RoomInput::default()
        },
    )
    .await
    .unwrap()
    .id;
    let again = stays::create(
        pool,
        Paris,
        &desk(),
        &NewStay {
            guest_name: "Famille Ndiaye (2)".into(),
            phone: "06 12 34 56 78".into(),
            people: 2,
            arrival: stays::tonight(pool, Paris, Utc::now())
                .await
                .unwrap()
                .to_string(),
            departure: (stays::tonight(pool, Paris, Utc::now()).await.unwrap() + Duration::days(1))
                .to_string(),
            person_id: line(&p, "Famille Ndiaye").and_then(|l| l.person_id),
            room_id: Some(room),
            ..NewStay::default()
        },
        Utc::now(),
    )
    .await
    .unwrap()
    .id;
    stays::check_in(pool, Paris, &desk(), again, Utc::now())
        .await
        .unwrap();
    let p = now(pool).await;
    assert_eq!(
        p.of("guests").map(|l| l.people).sum::<i64>(),
        demo_guests + 5
    );
    // The first party checks out (the card kept or not): its lead is out of the building, with no
    // tap at the entrance.
    sqlx::query("UPDATE hostel_stays SET status = 'checked_out', checked_out_at = ?1, checked_out_by = 'test', updated_at = ?1 WHERE id = ?2")
        .bind(citeosquare_server::db::now_text())
        .bind(stay)
        .execute(pool)
        .await
        .unwrap();
    let lead = line(&p, "Famille Ndiaye")
        .and_then(|l| l.person_id)
        .unwrap();
    let inside: bool =
        sqlx::query_scalar("SELECT inside FROM building_presence WHERE person_id = ?")
            .bind(lead)
            .fetch_one(pool)
            .await
            .unwrap();
    assert!(!inside, "checked out: out of the building");
}

#[tokio::test]
async fn help_to_evacuate_is_recorded_only_with_consent_and_erasure_removes_it() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    // Jean (person 2): no consent ticked — refused at the box, nothing stored.
    let r = app
        .post_form(
            "/presences/personnes/2/aide",
            Some(&s),
            &[("hearing", "1"), ("note", "Appareillé")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"consent-erreur\""));
    assert_eq!(
        app.count("SELECT count(*) FROM evacuation_needs WHERE person_id = 2")
            .await,
        0
    );
    let long = "x".repeat(201);
    let r = app
        .post_form(
            "/presences/personnes/2/aide",
            Some(&s),
            &[("note", &long), ("consent", "1")],
        )
        .await;
    assert!(r.body.contains("200 caractères au plus"));
    let r = app
        .post_form(
            "/presences/personnes/2/aide",
            Some(&s),
            &[("hearing", "1"), ("note", "Appareillé"), ("consent", "1")],
        )
        .await;
    assert_eq!(
        r.location(),
        "/personnes/2?ok=ok-presence-needs-saved#presence"
    );
    let page = app.page("/personnes/2", Some(&s)).await;
    assert!(page.body.contains("audition — Appareillé"));
    let p = now(&app.pool).await;
    assert!(
        line(&p, "Jean Dupuis")
            .unwrap()
            .needs
            .as_ref()
            .unwrap()
            .hearing
    );
    // The audit log says it changed, not what it says.
    let after: Option<String> = sqlx::query_scalar(
        "SELECT after FROM audit_log WHERE action = 'evacuation_needs.set' AND entity_id = '2'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(after, None);
    // Everything unticked clears it.
    app.post_form("/presences/personnes/2/aide", Some(&s), &[])
        .await;
    assert_eq!(
        app.count("SELECT count(*) FROM evacuation_needs WHERE person_id = 2")
            .await,
        0
    );
    // Erasing Odette (the demo's need, in the building) removes both.
    citeosquare_server::people::erase(&app.pool, citeosquare_server::DOMAINS, &desk(), 6)
        .await
        .unwrap();
    assert_eq!(
        app.count("SELECT count(*) FROM evacuation_needs WHERE person_id = 6")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT count(*) FROM building_presence WHERE person_id = 6")
            .await,
        0
    );
}

#[tokio::test]
async fn the_file_is_self_contained_and_rewritten_with_the_list() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::new(app.pool.clone(), support::config(dir.path()));
    let path = file::write(&state, dir.path()).await.unwrap();
    assert_eq!(path, dir.path().join("liste-evacuation.html"));
    let first = std::fs::read_to_string(&path).unwrap();
    assert!(first.contains("Liste d'évacuation") || first.contains("Liste d&#39;évacuation"));
    assert!(first.contains("Odette Perrin"));
    assert!(first.contains("fauteuil ou mobilité réduite"));
    // Nothing it needs from elsewhere: no script, no stylesheet, no image, no link.
    for outside in ["<script", "<link", "src=", "href=", "@import", "url("] {
        assert!(!first.contains(outside), "{outside}");
    }
    tap(&app.pool, "demo-accueil", "DEMO0004").await;
    file::write(&state, dir.path()).await.unwrap();
    let second = std::fs::read_to_string(&path).unwrap();
    assert!(second.contains("Hélène Garnier"));
    assert!(!first.contains("Hélène Garnier"));
    // No half-written copy left beside it.
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1);
}

#[tokio::test]
async fn a_roll_call_counts_down_keeps_its_list_and_is_kept_as_it_ended() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let s = app.session("accueil").await;
    let expected = now(pool).await.total;
    let r = app
        .post_form("/evacuation/appel", Some(&s), &[("drill", "1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let id: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    let (call, lines) = roll_call::get(pool, id).await.unwrap();
    assert!(call.drill);
    assert_eq!(call.expected, expected);
    assert_eq!(roll_call::left(&lines), expected);
    assert_eq!(lines.iter().map(|l| l.people).sum::<i64>(), expected);
    let odette_people = lines
        .iter()
        .find(|l| l.name == "Odette Perrin")
        .unwrap()
        .people;
    assert_eq!(odette_people, 1);
    // A second one is refused while this one runs.
    let again = app.post_form("/evacuation/appel", Some(&s), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("Un appel est déjà en cours"));
    // Someone badging in now does not change the roll call.
    tap(pool, "demo-accueil", "DEMO0004").await;
    assert_eq!(roll_call::get(pool, id).await.unwrap().1.len(), lines.len());

    // Tick everyone but Odette; a slip on Jean is undone and redone.
    for l in lines.iter().filter(|l| l.name != "Odette Perrin") {
        let r = app
            .post_form(
                &format!("/evacuation/appel/{id}/lignes/{}", l.id),
                Some(&s),
                &[("rassemble", "1")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let jean = lines.iter().find(|l| l.name == "Jean Dupuis").unwrap();
    app.post_form(
        &format!("/evacuation/appel/{id}/lignes/{}", jean.id),
        Some(&s),
        &[("rassemble", "0")],
    )
    .await;
    assert_eq!(
        roll_call::left(&roll_call::get(pool, id).await.unwrap().1),
        2
    );
    app.post_form(
        &format!("/evacuation/appel/{id}/lignes/{}", jean.id),
        Some(&s),
        &[("rassemble", "1")],
    )
    .await;
    // The phone's page: one left, in large type, with what she needs.
    let page = app.page(&format!("/evacuation/appel/{id}"), Some(&s)).await;
    assert!(
        page.body
            .contains("<span class=\"roll-big\">1</span> personne à retrouver")
    );
    let missing = &page.body
        [page.body.find("id=\"a-appeler\"").unwrap()..page.body.find("id=\"rassembles\"").unwrap()];
    assert!(missing.contains("Odette Perrin"));
    assert!(missing.contains("fauteuil"));
    assert!(!missing.contains("Jean Dupuis"));

    let r = app
        .post_form(&format!("/evacuation/appel/{id}/fin"), Some(&s), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (call, _) = roll_call::get(pool, id).await.unwrap();
    assert_eq!(call.missing, Some(1));
    assert!(call.ended_at.is_some());
    let page = app.page("/evacuation", Some(&s)).await;
    assert!(page.body.contains("exercice"));
    assert!(page.body.contains("1 personne manquante"));
    // Kept as it ended: no more ticks, no change in raw SQL, no deletion.
    let late = app
        .post_form(
            &format!("/evacuation/appel/{id}/lignes/{}", jean.id),
            Some(&s),
            &[("rassemble", "0")],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.body.contains("Cet appel est terminé"));
    assert!(
        sqlx::query("UPDATE roll_call_lines SET mustered_at = NULL WHERE roll_call_id = ?")
            .bind(id)
            .execute(pool)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("UPDATE roll_calls SET missing = 0")
            .execute(pool)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("DELETE FROM roll_calls")
            .execute(pool)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("DELETE FROM roll_call_lines")
            .execute(pool)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("UPDATE roll_call_lines SET place = 'ailleurs'")
            .execute(pool)
            .await
            .is_err()
    );
    // `citeosquare check` agrees.
    let findings = citeosquare_server::check::run(pool).await.unwrap();
    for f in findings.iter().filter(|f| {
        [
            "presence_registers_protected",
            "roll_calls_missing_adds_up",
            "nobody_erased_in_the_building",
        ]
        .contains(&f.name)
    }) {
        assert!(f.ok, "{f:?}");
    }
    assert_eq!(
        findings
            .iter()
            .filter(|f| f.name.starts_with("presence_")
                || f.name.starts_with("roll_calls_")
                || f.name.starts_with("nobody_erased"))
            .count(),
        3
    );
    // A new roll call may start now.
    assert_eq!(
        app.post_form("/evacuation/appel", Some(&s), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

/// An event under way in a room (a debate tonight): one line of the list standing for the people
/// read at its door, named after the room, with the help any of them needs; counted once; the
/// roll call takes it, even past sixty people.
#[tokio::test]
async fn an_event_under_way_stands_for_the_people_read_at_its_door() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let before = now(pool).await;
    assert_eq!(before.of("events").count(), 0, "{before:?}");
    let room: i64 = sqlx::query_scalar(
        "INSERT INTO spaces (name, capacity, floor, calendar_token, created_at)
         VALUES ('Salle des fêtes', 200, '1er étage', lower(hex(randomblob(16))), ?)
         RETURNING id",
    )
    .bind(citeosquare_server::db::now_text())
    .fetch_one(pool)
    .await
    .unwrap();
    let at = |minutes: i64| Utc::now() + Duration::minutes(minutes);
    let text = |t: DateTime<Utc>| citeosquare_server::db::instant_text(t);
    let book = |title: &'static str, from: i64, to: i64, state: &'static str| async move {
        sqlx::query(
            "INSERT INTO space_bookings (uid, space_id, use_id, state, start_at, end_at,
                 block_start, block_end, capacity, title, created_at, updated_at)
             VALUES (lower(hex(randomblob(16))), ?, (SELECT min(id) FROM space_uses), ?, ?, ?,
                     ?, ?, 200, ?, ?, ?)",
        )
        .bind(room)
        .bind(state)
        .bind(text(at(from)))
        .bind(text(at(to)))
        .bind(at(from).timestamp())
        .bind(at(to).timestamp())
        .bind(title)
        .bind(text(at(-300)))
        .bind(text(at(-300)))
        .execute(pool)
        .await
        .unwrap();
    };
    book("Débat : l'eau du bassin", -30, 90, "confirmed").await;
    book("Projection (demande)", 100, 200, "requested").await;
    // Nobody read at the door yet: no line (the list counts people, not bookings).
    assert_eq!(now(pool).await.of("events").count(), 0);

    // Seventy-one people read at the door, one of whom went out; Hélène needs help to evacuate.
    let helene: i64 = sqlx::query_scalar("SELECT id FROM persons WHERE first_name = 'Hélène'")
        .fetch_one(pool)
        .await
        .unwrap();
    let mut people: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM persons WHERE id <> ? ORDER BY id LIMIT 3")
            .bind(helene)
            .fetch_all(pool)
            .await
            .unwrap();
    people.push(helene);
    for n in 0..67 {
        people.push(
            sqlx::query_scalar(
                "INSERT INTO persons (first_name, last_name, kind, created_at)
                 VALUES ('Public', ?, 'member', ?) RETURNING id",
            )
            .bind(format!("n° {n:02}"))
            .bind(citeosquare_server::db::now_text())
            .fetch_one(pool)
            .await
            .unwrap(),
        );
    }
    for (i, p) in people.iter().enumerate() {
        let left = (i == 1).then(|| text(at(-5)));
        sqlx::query(
            "INSERT INTO space_visits (space_id, person_id, entered_at, left_at, enter_event,
                 leave_event, closed_by)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(room)
        .bind(p)
        .bind(text(at(-20)))
        .bind(&left)
        .bind(format!("visite-{i}"))
        .bind(left.as_ref().map(|_| format!("sortie-{i}")))
        .bind(left.as_ref().map(|_| "tap"))
        .execute(pool)
        .await
        .unwrap();
    }
    sqlx::query(
        "INSERT INTO evacuation_needs (person_id, mobility, hearing, sight, note, consented_at,
             recorded_by) VALUES (?, 1, 0, 0, 'Fauteuil', ?, 'test')",
    )
    .bind(helene)
    .bind(citeosquare_server::db::now_text())
    .execute(pool)
    .await
    .unwrap();
    // Hélène also badged in at the entrance: still counted once, on the event's line.
    tap(pool, "demo-accueil", "DEMO0004").await;

    let p = now(pool).await;
    let events: Vec<&list::Line> = p.of("events").collect();
    assert_eq!(events.len(), 1, "{events:?}");
    let debate = events[0];
    assert_eq!(debate.name, "Débat : l'eau du bassin");
    assert_eq!(debate.people, 70, "71 read at the door, one went out");
    assert_eq!(debate.floor, Some(1), "« 1er étage » is the first floor");
    assert!(
        debate.place.starts_with("Salle des fêtes — "),
        "{}",
        debate.place
    );
    assert!(debate.place.contains("Hélène Garnier"), "{}", debate.place);
    let needs = debate
        .needs
        .as_ref()
        .expect("the line carries Hélène's need");
    assert!(needs.mobility);
    assert!(
        needs.note.contains("Hélène Garnier\u{a0}: Fauteuil"),
        "{needs:?}"
    );
    assert!(p.needing_help().any(|l| l.name == debate.name));
    assert!(line(&p, "Hélène Garnier").is_none(), "not counted twice");
    let count = p.counts.iter().find(|c| c.category == "events").unwrap();
    assert_eq!((count.people, count.lines), (70, 1));
    assert_eq!(p.total, p.counts.iter().map(|c| c.people).sum::<i64>());

    // The evacuation list shows it, and the roll call takes the line of seventy.
    let s = app.session("accueil").await;
    let page = app.page("/evacuation", Some(&s)).await;
    assert!(page.body.contains("Événements en cours"), "{}", page.body);
    assert!(
        page.body.contains("Débat : l&#x27;eau du bassin")
            || page.body.contains("Débat : l&#39;eau du bassin")
    );
    // (The receptionist now on duty counts too.)
    let expected = now(pool).await.total;
    assert_eq!(expected, p.total + 1);
    let r = app
        .post_form("/evacuation/appel", Some(&s), &[("drill", "1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    let (call, lines) = roll_call::get(pool, id).await.unwrap();
    assert_eq!(call.expected, expected);
    let taken = lines.iter().find(|l| l.category == "events").unwrap();
    assert_eq!(taken.people, 70);
}
