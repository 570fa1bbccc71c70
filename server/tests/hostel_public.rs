//! The hostel's public request page, on the demo site through the real router, without an
//! account: what is free on some nights (no names), a request that waits for the desk, written
//! once for a double click, refused precisely when something is missing, and bounded per
//! connection.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_server::hostel;
use support::TestApp;

fn night(n: i64) -> chrono::NaiveDate {
    hostel::night_of(Utc::now(), Paris, hostel::Settings::default()) + Duration::days(n)
}

async fn requests(app: &TestApp) -> i64 {
    app.count("SELECT count(*) FROM hostel_stays WHERE source = 'website'")
        .await
}

#[tokio::test]
async fn a_visitor_sees_what_is_free_and_asks_for_a_stay_that_waits_for_the_desk() {
    let app = TestApp::new().await;
    let (from, to) = (night(60).to_string(), night(62).to_string());
    // The first visit: the dates to choose, nothing else.
    let page = app.page("/hotel/demande", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Demander un séjour à l&#39;auberge"));
    assert!(!page.body.contains("id=\"disponible\""));
    // Dates in the past are refused at the field.
    let past = app
        .page(
            &format!(
                "/hotel/demande?arrival={}&departure={}&people=1",
                night(-3),
                night(-1)
            ),
            None,
        )
        .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(past.body.contains("La première nuit est déjà passée."));
    // Two people, two nights, far from the demo's stays: the mixed dormitory's 6 beds, the
    // women's dormitory, and the private rooms for two or more — not room 4 (one bed). No names.
    let search = format!("/hotel/demande?arrival={from}&departure={to}&people=2");
    let page = app.page(&search, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for shown in [
        "Libre pour ces 2 nuits",
        "Lits en dortoir mixte (6 libres)",
        "Lits en dortoir réservé aux femmes, Dortoir Glycine (6 libres)",
        "Chambre 3 : chambre entière pour 4 personne(s), 80,00 € la nuit",
        "Chambre 1 : chambre entière pour 2 personne(s), 55,00 € la nuit — accessible sans marche",
    ] {
        assert!(page.body.contains(shown), "{shown}: {}", page.body);
    }
    assert!(!page.body.contains("Chambre 4"));
    assert!(!page.body.contains("Ingrid Larsen"));
    let room3: i64 = sqlx::query_scalar("SELECT id FROM hostel_rooms WHERE name = 'Chambre 3'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let room3 = room3.to_string();
    let before = requests(&app).await;
    let base = vec![
        ("arrival", from.as_str()),
        ("departure", to.as_str()),
        ("people", "2"),
        ("key", "demande-visiteur-1"),
        ("guest_name", "Jonas Weber"),
        ("email", "jonas.weber@example.org"),
        ("phone", ""),
        ("notes", "Arrivée vers 22 h."),
    ];
    // Nothing chosen: refused at the choice, what was typed kept, nothing stored.
    let refused = app.post_form("/hotel/demande", None, &base).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Choisissez des lits ou une chambre."));
    assert!(refused.body.contains("value=\"Jonas Weber\""));
    assert_eq!(requests(&app).await, before);
    // Room 3, sent twice (a double click): one request, waiting, holding nothing.
    let mut chosen = base.clone();
    chosen.push(("choice", &room3));
    for _ in 0..2 {
        let sent = app.post_form("/hotel/demande", None, &chosen).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        assert_eq!(sent.location(), "/hotel/demande/envoyee");
    }
    assert_eq!(requests(&app).await, before + 1);
    let (status, source, room, held, by): (String, String, i64, i64, String) = sqlx::query_as(
        "SELECT status, source, room_id,
                (SELECT count(*) FROM hostel_nights n WHERE n.stay_id = s.id), created_by_name
         FROM hostel_stays s WHERE request_key = 'demande-visiteur-1'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (status.as_str(), source.as_str(), room.to_string(), held),
        ("requested", "website", room3.clone(), 0)
    );
    assert_eq!(by, "Demande en ligne");
    let thanks = app.page("/hotel/demande/envoyee", None).await;
    assert!(thanks.body.contains("Votre demande est enregistrée."));
    // The desk sees it among the requests.
    let desk = app.session("accueil").await;
    let day = app.page("/hotel", Some(&desk)).await;
    assert!(day.body.contains("Jonas Weber"));
    // No way to answer: refused at the field, nothing stored (and it counts for the bound).
    let mut silent = chosen.clone();
    silent.retain(|(k, _)| *k != "email" && *k != "key");
    silent.push(("key", "demande-visiteur-2"));
    silent.push(("email", ""));
    let refused = app.post_form("/hotel/demande", None, &silent).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Donnez un téléphone ou un courriel."));
    assert_eq!(requests(&app).await, before + 1);
    // A few requests from one connection, then it must call: the sixth attempt is refused.
    for i in 3..=4 {
        let key = format!("demande-visiteur-{i}");
        let mut again = base.clone();
        again.retain(|(k, _)| *k != "key");
        again.push(("key", &key));
        again.push(("choice", "dortoir"));
        let sent = app.post_form("/hotel/demande", None, &again).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    }
    let mut last = base.clone();
    last.retain(|(k, _)| *k != "key");
    last.push(("key", "demande-visiteur-6"));
    last.push(("choice", "dortoir"));
    let throttled = app.post_form("/hotel/demande", None, &last).await;
    assert_eq!(throttled.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        throttled
            .body
            .contains("Trop de demandes depuis cette connexion"),
        "{}",
        throttled.body
    );
    assert_eq!(requests(&app).await, before + 3);
}

/// A room's feed: the line of an event for `uid` in Python's reading, if Python reads it.
fn python_lines(feed: &str) -> Option<String> {
    citeosquare_server::spaces::ical::parse_with_python(feed).expect("python reads the feed")
}

#[tokio::test]
async fn each_room_exports_its_blocked_nights_as_an_icalendar_feed_without_names() {
    let app = TestApp::new().await;
    let token_of = |room: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT f.token FROM hostel_room_feeds f JOIN hostel_rooms r ON r.id = f.room_id
                 WHERE r.name = ?",
            )
            .bind(room)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    // Every room has a feed, the demo's and one added later.
    let desk = citeosquare_server::audit::Actor {
        id: None,
        name: "Accueil (test)".into(),
    };
    let added = hostel::create_room(
        &app.pool,
        &desk,
        &hostel::RoomInput {
            name: "Chambre 5".into(),
            kind: "private".into(),
            beds: 2,
            price_cents: 6000,
            ..hostel::RoomInput::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        app.count("SELECT count(*) FROM hostel_room_feeds").await,
        app.count("SELECT count(*) FROM hostel_rooms").await
    );
    let token5 = token_of("Chambre 5").await;
    assert!(token5.len() >= 32);
    // A family in room 5 for three nights: one all-day block, first night to the morning after.
    let (from, to) = (night(20), night(23));
    let stay = hostel::stays::create(
        &app.pool,
        Paris,
        &desk,
        &hostel::stays::NewStay {
            guest_name: "Famille Secrète".into(),
            phone: "06 00 00 00 00".into(),
            people: 2,
            arrival: from.to_string(),
            departure: to.to_string(),
            room_id: Some(added.id),
            ..Default::default()
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let feed = app
        .page(&format!("/calendrier/hotel/{token5}.ics"), None)
        .await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.content_type().starts_with("text/calendar"));
    let ymd = |d: chrono::NaiveDate| d.format("%Y%m%d").to_string();
    assert!(
        feed.body
            .contains(&format!("DTSTART;VALUE=DATE:{}", ymd(from))),
        "{}",
        feed.body
    );
    assert!(feed.body.contains(&format!("DTEND;VALUE=DATE:{}", ymd(to))));
    assert!(feed.body.contains("SUMMARY:Réservé"));
    assert!(!feed.body.contains("Secrète"), "no names in a feed");
    assert_eq!(feed.body.matches("BEGIN:VEVENT").count(), 1);
    if let Some(lines) = python_lines(&feed.body) {
        let line = lines.lines().next().unwrap().to_string();
        assert!(line.ends_with(&format!("|{}|Réservé", from)), "{line}");
    }
    // One night more: the same event ends a morning later.
    hostel::stays::change_departure(
        &app.pool,
        Paris,
        &desk,
        stay.id,
        &(to + Duration::days(1)).to_string(),
        Utc::now(),
    )
    .await
    .unwrap();
    let longer = app.page(&format!("/calendrier/hotel/{token5}"), None).await;
    assert!(
        longer
            .body
            .contains(&format!("DTEND;VALUE=DATE:{}", ymd(to + Duration::days(1))))
    );
    // Room 2's leak (the demo's closure) is « Hors service », in its own feed only.
    let token2 = token_of("Chambre 2").await;
    let closed = app
        .page(&format!("/calendrier/hotel/{token2}.ics"), None)
        .await;
    assert!(
        closed.body.contains("SUMMARY:Hors service"),
        "{}",
        closed.body
    );
    assert!(!longer.body.contains("Hors service"));
    // Cancelled: the block is gone.
    hostel::stays::cancel(&app.pool, &desk, stay.id, "", Utc::now())
        .await
        .unwrap();
    let gone = app.page(&format!("/calendrier/hotel/{token5}"), None).await;
    assert_eq!(gone.body.matches("BEGIN:VEVENT").count(), 0);
    // Any other token opens nothing.
    let unknown = app.page("/calendrier/hotel/pas-un-jeton.ics", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    // The admin finds each room's address on the rooms page.
    let admin = app.session("admin").await;
    let rooms = app.page("/hotel/chambres", Some(&admin)).await;
    assert!(
        rooms
            .body
            .contains(&format!("/calendrier/hotel/{token5}.ics"))
    );
}
