//! Chrono'espaces and the GDPR (DESIGN.md §4 rule 6): a person's bookings and visits are in their
//! export; erasing them cancels their own coming bookings and removes what could name them from
//! the rooms' history, which keeps its dates.
#![allow(clippy::unwrap_used)]

use citeosquare_server::audit::Actor;
use citeosquare_server::{check, db, demo, people};

#[tokio::test]
async fn a_residents_bookings_are_exported_then_erased_without_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let pool = db::open_and_migrate(&dir.path().join("gdpr.db"))
        .await
        .unwrap();
    demo::seed_if_empty(&pool).await.unwrap().unwrap();
    // Odette, the demo resident, booked the tenants' meeting in the Salle du Lavoir.
    let odette: i64 = sqlx::query_scalar("SELECT id FROM persons WHERE first_name = 'Odette'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let (booking, state): (i64, String) = sqlx::query_as(
        "SELECT id, state FROM space_bookings WHERE title = 'Réunion des locataires'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(state, "confirmed");
    sqlx::query("UPDATE space_bookings SET note = 'Appeler Odette au 06 12 34 56 78' WHERE id = ?")
        .bind(booking)
        .execute(&pool)
        .await
        .unwrap();

    let export = people::export(&pool, citeosquare_server::DOMAINS, odette)
        .await
        .unwrap();
    let bookings = export["spaces"]["bookings"].as_array().unwrap();
    assert!(
        bookings
            .iter()
            .any(|b| b["title"] == "Réunion des locataires" && b["space"] == "Salle du Lavoir"),
        "{bookings:?}"
    );
    assert!(export["spaces"]["visits"].is_array());

    let actor = Actor {
        id: None,
        name: "test".into(),
    };
    people::erase(&pool, citeosquare_server::DOMAINS, &actor, odette)
        .await
        .unwrap();
    let (state, title, note, sequence): (String, String, String, i64) =
        sqlx::query_as("SELECT state, title, note, sequence FROM space_bookings WHERE id = ?")
            .bind(booking)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(state, "cancelled", "her coming booking frees the room");
    assert_eq!(title, "Réservation");
    assert_eq!(note, "");
    assert!(sequence >= 1, "calendars are told it changed");
    // The audit log's copy of the booking (which carried her name) is redacted.
    let unredacted: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'space_booking' AND entity_id = ?
           AND redacted_at IS NULL AND (after LIKE '%Odette%' OR before LIKE '%Odette%')",
    )
    .bind(booking.to_string())
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(unredacted, 0);
    for f in check::run(&pool).await.unwrap() {
        assert!(f.ok, "{}: {}", f.name, f.detail);
    }
}

/// A series booked for a person keeps its own copy of the title (`space_series.title`, with the
/// person in `space_series.person_id`): erasure must strip it as it strips the bookings' titles,
/// and the export must list it.
#[tokio::test]
async fn a_persons_series_loses_its_private_title_on_erasure() {
    use chrono::{Duration, Utc};
    use citeosquare_server::spaces::booking::{self, NewSeries, Policy, Requester};
    let dir = tempfile::tempdir().unwrap();
    let pool = db::open_and_migrate(&dir.path().join("gdpr.db"))
        .await
        .unwrap();
    demo::seed_if_empty(&pool).await.unwrap().unwrap();
    let odette: i64 = sqlx::query_scalar("SELECT id FROM persons WHERE first_name = 'Odette'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let (space_id, start_at, end_at): (i64, String, String) = sqlx::query_as(
        "SELECT space_id, start_at, end_at FROM space_bookings
         WHERE title = 'Réunion des locataires'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let tz = chrono_tz::Europe::Paris;
    let local = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t)
            .unwrap()
            .with_timezone(&tz)
    };
    let (start, end) = (local(&start_at), local(&end_at));
    let actor = Actor {
        id: None,
        name: "test".into(),
    };
    let made = booking::create_series(
        &pool,
        tz,
        Utc::now(),
        &Requester::desk(&actor),
        &NewSeries {
            space_id,
            first_day: start.date_naive() + Duration::weeks(1),
            start: start.format("%H:%M").to_string(),
            end: end.format("%H:%M").to_string(),
            rule: "FREQ=WEEKLY;COUNT=4".into(),
            policy: Policy::SkipConflicts,
            title: "Cours particulier d'Odette Perrin".into(),
            note: String::new(),
            association_id: None,
            person_id: Some(odette),
            attendees_expected: None,
            public: Some(false),
        },
    )
    .await
    .unwrap();
    let series = made.series_id.expect("a free date");
    let export = people::export(&pool, citeosquare_server::DOMAINS, odette)
        .await
        .unwrap();
    assert!(
        export.to_string().contains("Cours particulier"),
        "the export lists her series"
    );
    people::erase(&pool, citeosquare_server::DOMAINS, &actor, odette)
        .await
        .unwrap();
    let title: String = sqlx::query_scalar("SELECT title FROM space_series WHERE id = ?")
        .bind(series)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(!title.contains("Odette"), "{title}");
}
