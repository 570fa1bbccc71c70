//! Moving a stay to another room: the nights left change beds, the nights slept stay where they
//! were (released « moved », kept in the history), the reason goes to the audit log, and a move
//! that cannot be made changes nothing and says why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_server::audit::Actor;
use citeosquare_server::hostel::stays::{self, MoveInput, NewStay};
use citeosquare_server::hostel::{self, RoomInput};
use citeosquare_server::refusal::Refusal;
use sqlx::SqlitePool;
use support::TestApp;

fn desk() -> Actor {
    Actor {
        id: None,
        name: "Accueil (test)".into(),
    }
}

fn local(night: NaiveDate, h: u32) -> DateTime<Utc> {
    citeosquare_server::time::resolve_local(
        Paris,
        night.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap()),
    )
}

async fn room(pool: &SqlitePool, name: &str, beds: i64) -> i64 {
    hostel::create_room(
        pool,
        &desk(),
        &RoomInput {
            name: name.into(),
            kind: "private".into(),
            beds,
            price_cents: 5000,
            ..RoomInput::default()
        },
    )
    .await
    .unwrap()
    .id
}

async fn book(pool: &SqlitePool, name: &str, room: i64, from: NaiveDate, nights: i64) -> i64 {
    stays::create(
        pool,
        Paris,
        &desk(),
        &NewStay {
            guest_name: name.into(),
            phone: "06 00 00 00 00".into(),
            people: 2,
            arrival: from.to_string(),
            departure: (from + Duration::days(nights)).to_string(),
            room_id: Some(room),
            ..NewStay::default()
        },
        Utc::now(),
    )
    .await
    .unwrap()
    .id
}

/// (room name, night, released_why) of a stay's rows, by night then room.
async fn rows(pool: &SqlitePool, stay: i64) -> Vec<(String, String, Option<String>)> {
    sqlx::query_as(
        "SELECT r.name, n.night, n.released_why FROM hostel_nights n
           JOIN hostel_beds b ON b.id = n.bed_id JOIN hostel_rooms r ON r.id = b.room_id
         WHERE n.stay_id = ? GROUP BY r.name, n.night, n.released_why ORDER BY n.night, r.name",
    )
    .bind(stay)
    .fetch_all(pool)
    .await
    .unwrap()
}

fn refused<T: std::fmt::Debug>(r: Result<T, Refusal>) -> String {
    match r {
        Err(Refusal::Conflict { key, arg }) => format!("{key} {arg}"),
        Err(Refusal::Invalid(f)) => f
            .iter()
            .map(|e| format!("{}:{}", e.field, e.key))
            .collect::<Vec<_>>()
            .join(" "),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_stay_changes_room_for_the_nights_left_with_its_reason() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let n = hostel::night_of(Utc::now(), Paris, hostel::Settings::default()) + Duration::days(30);
    let (a, b, small, e) = (
        room(pool, "Chambre A", 2).await,
        room(pool, "Chambre B", 2).await,
        room(pool, "Chambre Simple", 1).await,
        room(pool, "Chambre E", 2).await,
    );
    let stay = book(pool, "Famille Durand", a, n, 3).await;
    stays::check_in(pool, Paris, &desk(), stay, local(n, 20))
        .await
        .unwrap();
    // The next morning the shower leaks: room B for the two nights left.
    let morning = local(n + Duration::days(1), 10);
    let go = |room_id: i64, reason: &str| MoveInput {
        room_id,
        reason: reason.into(),
    };
    assert_eq!(
        refused(stays::move_to(pool, Paris, &desk(), stay, &go(b, " "), morning).await),
        "reason:error-hostel-move-reason"
    );
    assert_eq!(
        refused(stays::move_to(pool, Paris, &desk(), stay, &go(a, "x"), morning).await),
        "room_id:error-hostel-move-same"
    );
    assert_eq!(
        refused(stays::move_to(pool, Paris, &desk(), stay, &go(small, "x"), morning).await),
        "error-hostel-move-small 1"
    );
    // Guests in house move into made beds only: room B's beds are not made yet.
    let bed_b: i64 = sqlx::query_scalar("SELECT id FROM hostel_beds WHERE room_id = ? LIMIT 1")
        .bind(b)
        .fetch_one(pool)
        .await
        .unwrap();
    sqlx::query("UPDATE hostel_beds SET housekeeping = 'dirty' WHERE id = ?")
        .bind(bed_b)
        .execute(pool)
        .await
        .unwrap();
    let dirty = refused(
        stays::move_to(
            pool,
            Paris,
            &desk(),
            stay,
            &go(b, "Fuite dans la douche"),
            morning,
        )
        .await,
    );
    assert!(
        dirty.starts_with("error-hostel-bed-dirty Chambre B"),
        "{dirty}"
    );
    assert_eq!(rows(pool, stay).await.len(), 3, "nothing changed");
    hostel::housekeeping::mark(
        pool,
        &desk(),
        b,
        &hostel::housekeeping::MarkInput {
            state: "clean".into(),
            bed_id: None,
        },
    )
    .await
    .unwrap();
    let moved = stays::move_to(
        pool,
        Paris,
        &desk(),
        stay,
        &go(b, "Fuite dans la douche"),
        morning,
    )
    .await
    .unwrap();
    assert_eq!(moved.room_id, Some(b));
    // The beds they left are to make.
    let to_make: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM hostel_beds WHERE room_id = ? AND housekeeping = 'dirty'",
    )
    .bind(a)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(to_make, 2);
    let day = |k: i64| (n + Duration::days(k)).to_string();
    assert_eq!(
        rows(pool, stay).await,
        vec![
            ("Chambre A".into(), day(0), None),
            ("Chambre A".into(), day(1), Some("moved".into())),
            ("Chambre B".into(), day(1), None),
            ("Chambre A".into(), day(2), Some("moved".into())),
            ("Chambre B".into(), day(2), None),
        ],
        "the night slept stays in A; the nights left move to B, A's kept as moved"
    );
    let why: String = sqlx::query_scalar(
        "SELECT after FROM audit_log WHERE action = 'hostel.stay.move' AND entity_id = ?",
    )
    .bind(stay.to_string())
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(why.contains("Fuite dans la douche"), "{why}");
    // Room A is free again for those nights; room E is taken on the last one: refused, unchanged.
    let other = book(pool, "Autre client", a, n + Duration::days(1), 2).await;
    assert!(other > 0);
    book(pool, "Client E", e, n + Duration::days(2), 1).await;
    assert_eq!(
        refused(stays::move_to(pool, Paris, &desk(), stay, &go(e, "Plus calme"), morning).await),
        "error-hostel-room-taken-nights "
    );
    assert_eq!(rows(pool, stay).await.len(), 5, "nothing changed");
    // From the stay's page, a stay not begun moves all its nights.
    let later = book(pool, "Famille Petit", e, n + Duration::days(10), 2).await;
    let session = app.session("accueil").await;
    let page = app
        .page(&format!("/hotel/sejours/{later}"), Some(&session))
        .await;
    assert!(page.body.contains("Changer de chambre"));
    let done = app
        .post_form(
            &format!("/hotel/sejours/{later}/changer-de-chambre"),
            Some(&session),
            &[
                ("room_id", &a.to_string()),
                ("reason", "Deux lits demandés"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let rows = rows(pool, later).await;
    assert_eq!(
        rows.len(),
        4,
        "two nights in E, released, and held in A: {rows:?}"
    );
    assert!(
        rows.iter()
            .all(|(r, _, why)| r == "Chambre A" && why.is_none()
                || r == "Chambre E" && why.as_deref() == Some("moved")),
        "{rows:?}"
    );
    let refused_page = app
        .post_form(
            &format!("/hotel/sejours/{later}/changer-de-chambre"),
            Some(&session),
            &[("room_id", &a.to_string()), ("reason", "")],
        )
        .await;
    assert_eq!(refused_page.status, StatusCode::CONFLICT);
    assert!(
        refused_page
            .body
            .contains("Indiquez pourquoi le séjour change de chambre.")
    );
}
