//! A booking platform's calendar of a room, served on loopback as the platforms serve theirs: its
//! events hold their nights through stays like any other (no overbooking), move when the feed
//! moves them and leave with it; an event on nights taken is kept for the desk with what is in its
//! way, never dropped, and taken in once the nights are free; a feed that cannot be read changes
//! nothing and says why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use chrono::{Duration, NaiveDate, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_server::audit::Actor;
use citeosquare_server::hostel::imports::{self, ImportInput, ReadOutcome};
use citeosquare_server::hostel::stays::{self, NewStay};
use citeosquare_server::hostel::{self, RoomInput};
use citeosquare_server::refusal::Refusal;
use serde_json::json;
use sqlx::SqlitePool;
use std::sync::{Arc, Mutex};
use support::TestApp;

fn admin() -> Actor {
    Actor {
        id: None,
        name: "Administratrice (test)".into(),
    }
}

/// A platform's calendar on loopback: its text and status can change between reads.
struct Feed {
    text: Arc<Mutex<String>>,
    status: Arc<Mutex<u16>>,
    url: String,
}

impl Feed {
    async fn serve() -> Feed {
        let text = Arc::new(Mutex::new(String::new()));
        let status = Arc::new(Mutex::new(200u16));
        let (t, s) = (text.clone(), status.clone());
        let app = axum::Router::new().route(
            "/calendar/ical/4242.ics",
            axum::routing::get(move || {
                let (t, s) = (t.clone(), s.clone());
                async move {
                    let code = StatusCode::from_u16(*s.lock().unwrap()).unwrap();
                    (code, t.lock().unwrap().clone())
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Feed {
            text,
            status,
            url: format!("http://{addr}/calendar/ical/4242.ics?s=secret"),
        }
    }

    /// The feed lists these all-day events: (uid, first night, morning after the last).
    fn set(&self, events: &[(&str, NaiveDate, NaiveDate)]) {
        let mut s = String::from(
            "BEGIN:VCALENDAR\r\nPRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN\r\nVERSION:2.0\r\n",
        );
        for (uid, first, end) in events {
            s.push_str(&format!(
                "BEGIN:VEVENT\r\nDTSTAMP:20261201T120000Z\r\nDTSTART;VALUE=DATE:{}\r\n\
                 DTEND;VALUE=DATE:{}\r\nSUMMARY:Reserved\r\nUID:{uid}\r\nEND:VEVENT\r\n",
                first.format("%Y%m%d"),
                end.format("%Y%m%d")
            ));
        }
        s.push_str("END:VCALENDAR\r\n");
        *self.text.lock().unwrap() = s;
        *self.status.lock().unwrap() = 200;
    }
}

async fn today(pool: &SqlitePool) -> NaiveDate {
    stays::tonight(pool, Paris, Utc::now()).await.unwrap()
}

async fn room(pool: &SqlitePool) -> i64 {
    hostel::create_room(
        pool,
        &admin(),
        &RoomInput {
            name: "Chambre des Glycines".into(),
            kind: "private".into(),
            beds: 2,
            price_cents: 6000,
            ..RoomInput::default()
        },
    )
    .await
    .unwrap()
    .id
}

async fn read(pool: &SqlitePool, id: i64) -> ReadOutcome {
    imports::read(pool, Paris, id, Utc::now()).await.unwrap()
}

/// The room's stays made from the platform: (status, arrival, departure, cancel reason).
async fn platform_stays(pool: &SqlitePool) -> Vec<(String, String, String, Option<String>)> {
    sqlx::query_as(
        "SELECT status, arrival, departure, cancel_reason FROM hostel_stays
         WHERE source = 'platform' ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Bed-nights held in the room, by night.
async fn held_nights(pool: &SqlitePool, room: i64) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT n.night, s.guest_name FROM hostel_nights n JOIN hostel_beds b ON b.id = n.bed_id
           JOIN hostel_stays s ON s.id = n.stay_id
         WHERE b.room_id = ? AND n.released_at IS NULL GROUP BY n.night, s.id ORDER BY n.night",
    )
    .bind(room)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn added(pool: &SqlitePool, room: i64, feed: &Feed) -> i64 {
    imports::add(
        pool,
        &admin(),
        &ImportInput {
            room_id: room,
            platform: "Airbnb".into(),
            url: feed.url.clone(),
        },
    )
    .await
    .unwrap()
    .id
}

#[tokio::test]
async fn a_platform_booking_holds_its_nights_moves_with_the_feed_and_leaves_with_it() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let room = room(pool).await;
    let t = today(pool).await;
    let d = |n: i64| t + Duration::days(n);
    let feed = Feed::serve().await;
    feed.set(&[("a1@airbnb.com", d(10), d(13))]);
    let id = added(pool, room, &feed).await;
    assert_eq!(
        read(pool, id).await,
        ReadOutcome {
            held: 1,
            made: 1,
            conflicts: 0,
            cancelled: 0
        }
    );
    assert_eq!(
        platform_stays(pool).await,
        [(
            "confirmed".into(),
            d(10).to_string(),
            d(13).to_string(),
            None
        )]
    );
    let nights = held_nights(pool, room).await;
    assert_eq!(
        nights,
        [d(10), d(11), d(12)]
            .iter()
            .map(|n| (n.to_string(), "Airbnb — Reserved".to_owned()))
            .collect::<Vec<_>>()
    );
    // Read again unchanged: nothing moves.
    assert_eq!(read(pool, id).await.made, 0);
    assert_eq!(platform_stays(pool).await.len(), 1);

    // The guest changes dates on the platform: the nights follow.
    feed.set(&[("a1@airbnb.com", d(11), d(15))]);
    let o = read(pool, id).await;
    assert_eq!((o.made, o.cancelled, o.held), (1, 1, 1));
    assert_eq!(
        platform_stays(pool).await,
        [
            (
                "cancelled".into(),
                d(10).to_string(),
                d(13).to_string(),
                Some("dates changées sur Airbnb".into())
            ),
            (
                "confirmed".into(),
                d(11).to_string(),
                d(15).to_string(),
                None
            )
        ]
    );
    assert_eq!(held_nights(pool, room).await.len(), 4);

    // The booking is cancelled on the platform: its stay is cancelled, the nights free.
    feed.set(&[]);
    assert_eq!(read(pool, id).await.cancelled, 1);
    let last = platform_stays(pool).await.pop().unwrap();
    assert_eq!(
        (last.0.as_str(), last.3.as_deref()),
        ("cancelled", Some("annulé sur Airbnb"))
    );
    assert!(held_nights(pool, room).await.is_empty());
    assert!(imports::blocks(pool, id, t).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_platform_booking_on_taken_nights_is_kept_for_the_desk_until_they_are_free() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let room = room(pool).await;
    let t = today(pool).await;
    let d = |n: i64| t + Duration::days(n);
    let okafor = stays::create(
        pool,
        Paris,
        &admin(),
        &NewStay {
            guest_name: "Famille Okafor".into(),
            phone: "07 12 34 56 78".into(),
            people: 2,
            arrival: d(20).to_string(),
            departure: d(22).to_string(),
            room_id: Some(room),
            ..NewStay::default()
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let feed = Feed::serve().await;
    feed.set(&[
        ("b1@airbnb.com", d(21), d(24)),
        ("b2@airbnb.com", d(30), d(32)),
    ]);
    let id = added(pool, room, &feed).await;
    let o = read(pool, id).await;
    assert_eq!((o.held, o.conflicts), (1, 1));
    // The desk's family keeps its nights; the platform's booking holds nothing and says why.
    let day = |n: i64| d(n).format("%d/%m").to_string();
    let blocks = imports::blocks(pool, id, t).await.unwrap();
    assert_eq!(blocks[0].stay_id, None);
    assert_eq!(
        blocks[0].conflict.as_deref(),
        Some(format!("Famille Okafor, {} → {}", day(20), day(22)).as_str())
    );
    assert_eq!(
        held_nights(pool, room)
            .await
            .iter()
            .filter(|(_, who)| who == "Famille Okafor")
            .count(),
        2
    );
    // The desk sees it on its day and on the calendars' page.
    let desk = app.session("accueil").await;
    let page = app.page("/hotel", Some(&desk)).await;
    assert!(page.body.contains("id=\"alertes-calendriers\""));
    assert!(
        page.body
            .contains("Réservation Airbnb de Chambre des Glycines")
    );
    assert!(page.body.contains("nuits déjà prises par Famille Okafor"));
    let page = app.page("/hotel/calendriers", Some(&desk)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("en conflit : nuits déjà prises par Famille Okafor")
    );

    // A move onto taken nights keeps the old ones held: nothing is lost.
    feed.set(&[
        ("b1@airbnb.com", d(21), d(24)),
        ("b2@airbnb.com", d(19), d(21)),
    ]);
    let o = read(pool, id).await;
    assert_eq!((o.held, o.conflicts, o.cancelled), (0, 2, 0));
    let kept = platform_stays(pool).await;
    assert_eq!(
        kept,
        [(
            "confirmed".into(),
            d(30).to_string(),
            d(32).to_string(),
            None
        )]
    );
    // The family moves to another room: the next read takes both bookings in.
    stays::cancel(pool, &admin(), okafor.id, "relogée", Utc::now())
        .await
        .unwrap();
    let o = read(pool, id).await;
    assert_eq!((o.held, o.conflicts, o.made, o.cancelled), (2, 0, 2, 1));
    assert!(
        imports::blocks(pool, id, t)
            .await
            .unwrap()
            .iter()
            .all(|b| b.conflict.is_none() && b.stay_id.is_some())
    );
    let page = app.page("/hotel", Some(&desk)).await;
    assert!(!page.body.contains("id=\"alertes-calendriers\""));
}

#[tokio::test]
async fn a_feed_that_cannot_be_read_changes_nothing_and_says_why() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let room = room(pool).await;
    let t = today(pool).await;
    let feed = Feed::serve().await;
    feed.set(&[(
        "c1@airbnb.com",
        t + Duration::days(5),
        t + Duration::days(7),
    )]);
    let id = added(pool, room, &feed).await;
    read(pool, id).await;
    let before = platform_stays(pool).await;
    let refusal = |r: Result<ReadOutcome, Refusal>| match r {
        Err(Refusal::Conflict { key, arg }) => (key, arg),
        other => panic!("expected a refusal, got {other:?}"),
    };
    *feed.status.lock().unwrap() = 500;
    assert_eq!(
        refusal(imports::read(pool, Paris, id, Utc::now()).await),
        ("error-hostel-import-http", "500".into())
    );
    *feed.status.lock().unwrap() = 200;
    *feed.text.lock().unwrap() = "<html><body>Maintenance</body></html>".into();
    assert_eq!(
        refusal(imports::read(pool, Paris, id, Utc::now()).await).0,
        "error-hostel-import-not-calendar"
    );
    assert_eq!(
        platform_stays(pool).await,
        before,
        "the stays keep their nights"
    );
    let desk = app.session("accueil").await;
    let page = app.page("/hotel", Some(&desk)).await;
    assert!(page.body.contains("ne peut pas être lu"));
    assert!(
        page.body
            .contains("La réponse n&#39;est pas un calendrier iCalendar")
    );

    // Nobody listening on the port (the internet is down): the same, with its own words.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let unreachable = imports::add(
        pool,
        &admin(),
        &ImportInput {
            room_id: room,
            platform: "Booking.com".into(),
            url: format!("http://{closed}/ical.ics"),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        refusal(imports::read(pool, Paris, unreachable.id, Utc::now()).await).0,
        "error-hostel-import-connection"
    );

    // What the admin types is checked: an address, a platform's name, once per room.
    let bad = |platform: &str, url: &str| ImportInput {
        room_id: room,
        platform: platform.into(),
        url: url.into(),
    };
    for (input, field) in [
        (bad("Airbnb", "file:///etc/passwd"), "url"),
        (bad("Airbnb", "airbnb.fr/calendar"), "url"),
        (bad(" ", &feed.url), "platform"),
    ] {
        match imports::add(pool, &admin(), &input).await {
            Err(Refusal::Invalid(errors)) => assert_eq!(errors[0].field, field),
            other => panic!("expected a field refusal, got {other:?}"),
        }
    }
    match imports::add(pool, &admin(), &bad("Airbnb", &feed.url)).await {
        Err(Refusal::Conflict { key, .. }) => assert_eq!(key, "error-hostel-import-exists"),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[tokio::test]
async fn the_api_lists_reads_adds_and_removes_calendars_for_the_right_roles() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let room = room(pool).await;
    let t = today(pool).await;
    let feed = Feed::serve().await;
    feed.set(&[(
        "d1@airbnb.com",
        t + Duration::days(3),
        t + Duration::days(4),
    )]);
    let (desk, admin_token) = (app.token("accueil").await, app.token("admin").await);
    let body = json!({"room_id": room, "platform": "Airbnb", "url": feed.url});
    let refused = app
        .call(
            Method::POST,
            "/api/v1/hostel/imports",
            Some(&desk),
            Some(body.clone()),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let made = app
        .call(
            Method::POST,
            "/api/v1/hostel/imports",
            Some(&admin_token),
            Some(body),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.json()["blocks"][0]["event_uid"], "d1@airbnb.com");
    assert!(made.json()["blocks"][0]["stay_id"].is_i64());
    let id = made.json()["id"].as_i64().unwrap();
    let list = app
        .call(Method::GET, "/api/v1/hostel/imports", Some(&desk), None)
        .await;
    assert_eq!(list.json()[0]["platform"], "Airbnb");
    let again = app
        .call(
            Method::POST,
            &format!("/api/v1/hostel/imports/{id}/read"),
            Some(&desk),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["held"], 1);
    let removed = app
        .call(
            Method::POST,
            &format!("/api/v1/hostel/imports/{id}/remove"),
            Some(&admin_token),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let gone = app
        .call(
            Method::POST,
            &format!("/api/v1/hostel/imports/{id}/read"),
            Some(&desk),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    // The stay it made stays: the desk decides.
    assert_eq!(
        app.count(
            "SELECT count(*) FROM hostel_stays WHERE source = 'platform' AND status = 'confirmed'"
        )
        .await,
        1
    );
}
