//! The chrono'espaces' JSON API and iCalendar feeds through the real router (no network), on the
//! demo site. Each test sets up its own rooms through the API as the administrator — « Salle API
//! Jaurès » and « Salle API Zola », each open every day 09:00–17:00 for association meetings
//! (approval needed) and 18:00–23:00 for debates (public, 15 minutes' changeover after) — so that
//! whatever the demo seeds does not matter. The agenda, the feeds and the side doors found in review
//! are in `spaces_feeds.rs`. Marie Lefèvre logs in as `asso` and represents
//! association 1; Odette Perrin logs in as `resident`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{Duration, Weekday};

use serde_json::{Value, json};
use std::collections::BTreeSet;
use support::spaces_api::*;
use support::{api_request, send};

// ---------------------------------------------------------------------------------------------
// Spaces, uses, timetables, exceptions

#[tokio::test]
async fn an_admin_sets_up_rooms_and_every_account_reads_their_week() {
    let app = app().await;
    let site = app.site().await;

    // Refusals name their fields, or the name already taken; members cannot set anything up.
    let reply = app
        .post(
            "/api/v1/spaces",
            &app.admin,
            json!({ "name": " ", "capacity": 0 }),
        )
        .await;
    assert_eq!(reply.fields(), ["name", "capacity"]);
    let reply = app
        .post(
            "/api/v1/spaces",
            &app.admin,
            json!({ "name": "salle api jaurès", "capacity": 10 }),
        )
        .await;
    assert!(
        reply
            .problem(StatusCode::CONFLICT)
            .contains("salle api jaurès")
    );
    let reply = app
        .post(
            "/api/v1/spaces",
            &app.resident,
            json!({ "name": "X", "capacity": 1 }),
        )
        .await;
    reply.problem(StatusCode::FORBIDDEN);
    let reply = app
        .put(
            &format!("/api/v1/space-uses/{}", site.debat),
            &app.admin,
            json!({ "code": "api-debat", "name": "Débat", "colour": "violet", "mode": "event" }),
        )
        .await;
    assert_eq!(reply.fields(), ["colour"]);

    // Every account reads the rooms, their uses and their week.
    let list = app.get("/api/v1/spaces", &app.resident).await.json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Salle API Jaurès") && names.contains(&"Salle API Zola"));
    assert!(list.to_string().find("calendar_token").is_none());
    let uses = app.get("/api/v1/space-uses", &app.asso).await.json();
    assert!(uses.to_string().contains("api-reunion"));
    let detail = app
        .get(&format!("/api/v1/spaces/{}", site.jaures), &app.resident)
        .await
        .json();
    assert_eq!(detail["timetable"].as_array().unwrap().len(), 14);
    assert_eq!(detail["timetable"][1]["start"], "18:00");
    assert_eq!(detail["timetable"][1]["start_minute"], 18 * 60);
    assert!(
        detail.get("calendar_path").is_none(),
        "a member gets no feed secret"
    );
    let detail = app
        .get(&format!("/api/v1/spaces/{}", site.jaures), &app.desk)
        .await
        .json();
    assert!(
        detail["calendar_path"]
            .as_str()
            .unwrap()
            .starts_with("/calendrier/salle/")
    );
    let reply = app.get("/api/v1/spaces/999999", &app.resident).await;
    reply.problem(StatusCode::NOT_FOUND);

    // A timetable read can be written back as it is; overlapping windows are refused, named.
    let path = format!("/api/v1/spaces/{}/timetable", site.jaures);
    let week = app.get(&path, &app.resident).await.json();
    let reply = app.put(&path, &app.admin, week.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let written = reply.json();
    let without_ids = |list: &Value| {
        let mut list = list.clone();
        for w in list.as_array_mut().unwrap() {
            w.as_object_mut().unwrap().remove("id");
        }
        list
    };
    assert_eq!(without_ids(&written), without_ids(&week));
    let reply = app
        .put(
            &path,
            &app.admin,
            json!([
                { "weekday": 2, "start": "08:00", "end": "12:00", "use_id": site.reunion },
                { "weekday": 2, "start": "11:00", "end": "13:00", "use_id": site.debat },
            ]),
        )
        .await;
    assert!(reply.problem(StatusCode::CONFLICT).contains("11:00–13:00"));
    assert_eq!(
        app.get(&path, &app.admin).await.json(),
        written,
        "nothing changed"
    );

    // Slots are local windows as UTC instants, on both sides of the spring change.
    let reply = app
        .get(
            &format!(
                "/api/v1/spaces/{}/slots?from=2027-03-27&to=2027-03-29",
                site.jaures
            ),
            &app.resident,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let evenings: Vec<String> = reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["use_id"] == site.debat)
        .map(|s| rfc3339(instant(&s["start"])))
        .collect();
    assert_eq!(
        evenings,
        [
            "2027-03-27T17:00:00Z",
            "2027-03-28T16:00:00Z",
            "2027-03-29T16:00:00Z"
        ]
    );
    let slots = format!("/api/v1/spaces/{}/slots", site.jaures);
    for (query, field) in [
        ("from=2027-01-01&to=2027-03-04", "to"),
        ("from=hier", "from"),
        ("from=9999-12-30", "from"),
        ("from=2027-01-02&to=2027-01-01", "to"),
    ] {
        let reply = app.get(&format!("{slots}?{query}"), &app.resident).await;
        assert_eq!(reply.fields(), [field], "{query}");
    }

    // A site-wide closure empties the day; removing it gives the day back.
    let day = day_in(10);
    let day_query = format!("{slots}?from={day}&to={day}");
    assert_eq!(
        app.get(&day_query, &app.asso)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let reply = app
        .post(
            "/api/v1/space-exceptions",
            &app.admin,
            json!({ "day": day.to_string(), "label": "Fermeture exceptionnelle" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let closure = reply.id();
    assert_eq!(app.get(&day_query, &app.asso).await.json(), json!([]));
    let listed = app
        .get(
            &format!("/api/v1/space-exceptions?from={day}&to={day}"),
            &app.resident,
        )
        .await
        .json();
    assert_eq!(listed[0]["label"], "Fermeture exceptionnelle");
    let reply = app
        .post(
            "/api/v1/space-exceptions",
            &app.asso,
            json!({ "day": day.to_string(), "label": "X" }),
        )
        .await;
    reply.problem(StatusCode::FORBIDDEN);
    for (body, field) in [
        (json!({ "day": "+10000-01-01", "label": "X" }), "day"),
        (json!({ "day": "2027-02-30", "label": "X" }), "day"),
        (
            json!({ "day": "2027-02-03", "label": "X", "start": "10:00" }),
            "end",
        ),
    ] {
        let reply = app.post("/api/v1/space-exceptions", &app.admin, body).await;
        assert_eq!(reply.fields(), [field]);
    }
    let path = format!("/api/v1/space-exceptions/{closure}");
    let reply = app.api(Method::DELETE, &path, &app.admin, None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    app.api(Method::DELETE, &path, &app.admin, None)
        .await
        .problem(StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&day_query, &app.asso)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // The availability grid, for the rooms asked for.
    let grid = app
        .get(
            &format!(
                "/api/v1/spaces/availability?spaces={},{}&from={day}&to={day}",
                site.jaures, site.zola
            ),
            &app.resident,
        )
        .await
        .json();
    let grid = grid.as_array().unwrap();
    assert_eq!(grid.len(), 2);
    assert_eq!(grid[0]["windows"][1]["free_minutes"], 5 * 60);
    let reply = app
        .get("/api/v1/spaces/availability?spaces=999999", &app.resident)
        .await;
    assert_eq!(reply.fields(), ["spaces"]);
}

#[tokio::test]
async fn the_desk_sees_occupancy_and_binds_a_door_and_members_do_not() {
    let app = app().await;
    let site = app.site().await;
    let live = app.get("/api/v1/spaces/occupancy", &app.desk).await;
    assert_eq!(live.status, StatusCode::OK, "{live:?}");
    let mine = live
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["space_id"] == site.zola)
        .cloned()
        .unwrap();
    assert_eq!(mine["present"], 0);
    let hourly = app
        .get(
            &format!("/api/v1/spaces/{}/occupancy/hourly?weeks=2", site.zola),
            &app.admin,
        )
        .await
        .json();
    assert_eq!(hourly["weeks"], 2);
    assert_eq!(hourly["averages"].as_array().unwrap().len(), 7);
    assert_eq!(hourly["averages"][6].as_array().unwrap().len(), 24);
    for weeks in ["0", "53", "9999999999999", "x"] {
        let reply = app
            .get(
                &format!(
                    "/api/v1/spaces/{}/occupancy/hourly?weeks={weeks}",
                    site.zola
                ),
                &app.desk,
            )
            .await;
        assert_eq!(reply.fields(), ["weeks"]);
    }
    app.get("/api/v1/spaces/occupancy", &app.resident)
        .await
        .problem(StatusCode::FORBIDDEN);

    let door = format!("/api/v1/spaces/{}/door", site.zola);
    let reply = app
        .put(&door, &app.admin, json!({ "kiosk_id": "demo-salle" }))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.json()["space_id"], site.zola);
    let reply = app
        .put(&door, &app.admin, json!({ "kiosk_id": "demo-sel" }))
        .await;
    assert_eq!(reply.fields(), ["kiosk_id"]);
    app.put(
        "/api/v1/spaces/999999/door",
        &app.admin,
        json!({ "kiosk_id": "demo-salle" }),
    )
    .await
    .problem(StatusCode::NOT_FOUND);
    app.put(&door, &app.desk, json!({ "kiosk_id": "demo-salle" }))
        .await
        .problem(StatusCode::FORBIDDEN);
}

// ---------------------------------------------------------------------------------------------
// Bookings

#[tokio::test]
async fn a_booking_that_collides_is_refused_with_the_slot_it_collides_with() {
    let app = app().await;
    let site = app.site().await;
    let day = day_in(14);
    let reply = app
        .book(
            &app.resident,
            site.jaures,
            slot(day, (19, 0), (21, 0)),
            "Ciné-débat des voisins",
            json!({}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let first = reply.json()["booking"].clone();
    assert_eq!(reply.json()["replayed"], false);
    assert_eq!(first["state"], "confirmed");
    assert_eq!(first["public"], true, "a debate is public by default");
    assert_eq!(
        reply.header(header::LOCATION),
        format!("/api/v1/bookings/{}", first["id"])
    );

    // Overlapping: refused, naming the slot (its title is public), in the caller's language.
    let asso = json!({ "association_id": ASSOCIATION });
    let reply = app
        .book(
            &app.asso,
            site.jaures,
            slot(day, (20, 0), (22, 0)),
            "Assemblée",
            asso.clone(),
        )
        .await;
    let detail = reply.problem(StatusCode::CONFLICT);
    let when = format!("{} 19:00–21:00", day.format("%d/%m/%Y"));
    assert!(
        detail.starts_with("Ce créneau est déjà réservé"),
        "{detail}"
    );
    assert!(detail.contains("« Ciné-débat des voisins »"), "{detail}");
    assert!(detail.contains("Salle API Jaurès"), "{detail}");
    assert!(detail.contains(&when), "{detail}");
    sqlx::query("UPDATE users SET language = 'en' WHERE username = 'asso'")
        .execute(&app.pool)
        .await
        .unwrap();
    let reply = app
        .book(
            &app.asso,
            site.jaures,
            slot(day, (20, 0), (22, 0)),
            "Assemblée",
            asso.clone(),
        )
        .await;
    let detail = reply.problem(StatusCode::CONFLICT);
    assert!(
        detail.starts_with("This slot is already booked"),
        "{detail}"
    );
    assert!(detail.contains(&when), "{detail}");
    assert_eq!(reply.json()["title"], "Conflict with the current state");

    // Right after the end, the room is still being rearranged for a quarter of an hour.
    let reply = app
        .book(
            &app.asso,
            site.jaures,
            slot(day, (21, 0), (22, 0)),
            "Assemblée",
            asso.clone(),
        )
        .await;
    let detail = reply.problem(StatusCode::CONFLICT);
    assert!(detail.contains("changeover"), "{detail}");
    assert!(detail.contains(&when), "{detail}");
    // Outside the windows, or for a use that does not admit the caller: refused with the reason.
    let reply = app
        .book(
            &app.resident,
            site.jaures,
            slot(day, (17, 0), (19, 0)),
            "Trop tôt",
            json!({}),
        )
        .await;
    assert!(reply.problem(StatusCode::CONFLICT).contains("18:00–23:00"));
    let reply = app
        .book(
            &app.resident,
            site.jaures,
            slot(day, (10, 0), (11, 0)),
            "Réunion",
            json!({}),
        )
        .await;
    assert!(
        reply
            .problem(StatusCode::CONFLICT)
            .contains("réservé aux associations")
    );

    // Once the changeover is over, the room is free again.
    let second = app
        .booked(
            &app.asso,
            site.jaures,
            slot(day, (21, 15), (22, 30)),
            "Assemblée",
            asso,
        )
        .await;
    assert_eq!(second["association_name"], "Les Jardins partagés");

    // The grid shows what holds the evening: 19:00–21:15 and 21:15–22:30.
    let grid = app
        .get(
            &format!(
                "/api/v1/spaces/availability?spaces={}&from={day}&to={day}",
                site.jaures
            ),
            &app.resident,
        )
        .await
        .json();
    let evening = &grid[0]["windows"][1];
    // Held: 19:00–21:15 and 21:15–22:45 (each with its quarter of an hour of changeover).
    assert_eq!(evening["free_minutes"], 5 * 60 - 135 - 90);
    assert_eq!(evening["held"].as_array().unwrap().len(), 2);
    assert_eq!(
        app.count("SELECT count(*) FROM space_bookings b JOIN spaces s ON s.id = b.space_id WHERE s.name LIKE 'Salle API%'")
            .await,
        2
    );
}

#[tokio::test]
async fn a_retried_booking_with_the_same_request_key_books_once() {
    let app = app().await;
    let site = app.site().await;
    let day = day_in(20);
    let body = json!({
        "space_id": site.zola,
        "start": rfc3339(at(day, 18, 30)),
        "end": rfc3339(at(day, 20, 0)),
        "title": "Projection du mardi",
        "request_key": "formulaire-7f3a",
    });
    // Eight copies of the same request at once (a client retrying, a double click).
    let mut tasks = vec![];
    for _ in 0..8 {
        let router = app.router.clone();
        let req = api_request(
            Method::POST,
            "/api/v1/bookings",
            Some(&app.resident),
            Some(&body),
        );
        tasks.push(tokio::spawn(send(router, req)));
    }
    let mut created = 0;
    let mut booking_ids = BTreeSet::new();
    for t in tasks {
        let reply = t.await.unwrap();
        match reply.status {
            StatusCode::CREATED => {
                created += 1;
                assert_eq!(reply.json()["replayed"], false);
            }
            StatusCode::OK => assert_eq!(reply.json()["replayed"], true),
            other => panic!("{other}: {reply:?}"),
        }
        booking_ids.insert(reply.json()["booking"]["id"].as_i64().unwrap());
    }
    assert_eq!(created, 1);
    assert_eq!(booking_ids.len(), 1, "every answer is the same booking");
    assert_eq!(
        app.count("SELECT count(*) FROM space_bookings WHERE request_key = 'formulaire-7f3a'")
            .await,
        1
    );
    // Later, the same retry still finds it.
    let reply = app
        .post("/api/v1/bookings", &app.resident, body.clone())
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["replayed"], true);
    // The same key for something else books nothing.
    let mut other = body.clone();
    other["title"] = json!("Autre chose");
    let reply = app.post("/api/v1/bookings", &app.resident, other).await;
    assert!(
        reply
            .problem(StatusCode::CONFLICT)
            .contains("clé de demande")
    );
    // So does another account's retry with a key it did not send first.
    let reply = app.post("/api/v1/bookings", &app.desk, body).await;
    reply.problem(StatusCode::CONFLICT);
    assert_eq!(
        app.count("SELECT count(*) FROM space_bookings WHERE request_key = 'formulaire-7f3a'")
            .await,
        1
    );
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_changes_nothing() {
    let app = app().await;
    let site = app.site().await;
    let series_before = app.count("SELECT count(*) FROM space_series").await;
    let day = day_in(9);
    let (start, end) = slot(day, (19, 0), (20, 0));
    let base = json!({
        "space_id": site.jaures, "start": rfc3339(start), "end": rfc3339(end), "title": "Débat",
    });
    let with = |changes: Value| {
        let mut b = base.clone();
        for (k, v) in changes.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    for (body, fields) in [
        (json!({}), vec!["space_id"]),
        (json!({ "space_id": "un" }), vec!["space_id"]),
        (with(json!({ "start": 1_700_000_000 })), vec!["start"]),
        (
            with(json!({ "start": "+200000-01-01T00:00:00Z" })),
            vec!["start"],
        ),
        (
            with(json!({ "start": "2500-01-01T18:00:00Z", "end": "2500-01-01T19:00:00Z" })),
            vec!["start", "end"],
        ),
        (
            with(json!({ "end": rfc3339(start + Duration::days(10)) })),
            vec!["end"],
        ),
        (
            with(json!({ "title": " ", "end": rfc3339(start - Duration::hours(1)) })),
            vec!["title", "end"],
        ),
        (
            with(json!({ "seats": 0, "note": "x".repeat(1001) })),
            vec!["note", "seats"],
        ),
        (with(json!({ "request_key": "" })), vec!["request_key"]),
        (with(json!({ "space_id": 999_999 })), vec!["space_id"]),
        (
            with(json!({ "association_id": ASSOCIATION })),
            vec!["association_id"],
        ),
    ] {
        let reply = app
            .post("/api/v1/bookings", &app.resident, body.clone())
            .await;
        assert_eq!(reply.fields(), fields, "{body}");
    }
    // Not JSON, or not well-formed.
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/bookings")
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.resident))
        .body(Body::from("space_id=1"))
        .unwrap();
    assert_eq!(
        send(app.router.clone(), req).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/bookings")
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.resident))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"space_id\": "))
        .unwrap();
    send(app.router.clone(), req)
        .await
        .problem(StatusCode::BAD_REQUEST);

    // Series: an unbounded or overlong rule, a first day out of reach.
    let series = json!({
        "space_id": site.jaures, "first_day": day.to_string(), "start": "19:00", "end": "20:00",
        "rule": "FREQ=WEEKLY;COUNT=3", "policy": "skip_conflicts", "title": "Série",
    });
    for (change, field) in [
        (json!({ "rule": "FREQ=WEEKLY" }), "rule"),
        (
            json!({ "rule": format!("FREQ=WEEKLY;COUNT=3;{}", "X-A=1;".repeat(100)) }),
            "rule",
        ),
        (json!({ "first_day": "2500-01-01" }), "first_day"),
        (json!({ "first_day": "+100000-01-01" }), "first_day"),
        (json!({ "start": "25:00" }), "start"),
        (json!({ "policy": "sometimes" }), "policy"),
    ] {
        let mut body = series.clone();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        for path in ["/api/v1/booking-series/preview", "/api/v1/booking-series"] {
            let reply = app.post(path, &app.resident, body.clone()).await;
            assert_eq!(reply.fields(), [field], "{path} {body}");
        }
    }

    // Odd rules that the recurrence library must answer without falling over.
    for rule in [
        "FREQ=DAILY;COUNT=5;BYSETPOS=0",
        "FREQ=WEEKLY;INTERVAL=0;COUNT=3",
        "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3",
        "FREQ=MONTHLY;BYMONTHDAY=30;BYMONTH=2;COUNT=3",
        "FREQ=WEEKLY;UNTIL=99991231T000000Z",
        "FREQ=WEEKLY;COUNT=3;BYHOUR=99",
        "FREQ=DAILY;COUNT=4294967296",
        "FREQ=WEEKLY;COUNT=3\nRRULE:FREQ=DAILY;COUNT=3",
        "DTSTART:19700101T000000Z\nFREQ=WEEKLY;COUNT=2",
    ] {
        let mut body = series.clone();
        body["rule"] = json!(rule);
        let reply = app
            .post("/api/v1/booking-series/preview", &app.resident, body)
            .await;
        assert!(
            reply.status == StatusCode::OK || reply.status == StatusCode::UNPROCESSABLE_ENTITY,
            "{rule}: {reply:?}"
        );
    }

    // A move to a day out of reach, a scope that does not exist.
    let booked = app
        .booked(&app.resident, site.jaures, (start, end), "Débat", json!({}))
        .await;
    let path = format!("/api/v1/bookings/{}/reschedule", booked["id"]);
    let reply = app
        .post(
            &path,
            &app.resident,
            json!({ "day": "2500-01-01", "start": "19:00", "end": "20:00", "scope": "one" }),
        )
        .await;
    assert_eq!(reply.fields(), ["day"]);
    let reply = app
        .post(
            &path,
            &app.resident,
            json!({ "start": "19:00", "end": "20:00", "scope": "all" }),
        )
        .await;
    assert_eq!(reply.fields(), ["scope"]);
    let reply = app
        .post(
            &path,
            &app.resident,
            json!({ "start": "20:00", "end": "19:00", "scope": "one" }),
        )
        .await;
    assert_eq!(reply.fields(), ["end"]);
    let reply = app
        .post(
            &format!("/api/v1/bookings/{}/cancel", booked["id"]),
            &app.resident,
            json!({ "reason": "x".repeat(1001) }),
        )
        .await;
    assert_eq!(reply.fields(), ["reason"]);
    let reply = app
        .get("/api/v1/bookings?from=2026-01-01&to=2028-01-01", &app.desk)
        .await;
    assert_eq!(reply.fields(), ["to"]);
    let reply = app.get("/api/v1/bookings?state=lost", &app.desk).await;
    assert_eq!(reply.fields(), ["state"]);
    let reply = app.get("/api/v1/bookings/abc", &app.desk).await;
    reply.problem(StatusCode::NOT_FOUND);

    // Only the one good booking was made, unchanged.
    assert_eq!(
        app.count("SELECT count(*) FROM space_bookings b JOIN spaces s ON s.id = b.space_id WHERE s.name LIKE 'Salle API%'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM space_series").await,
        series_before
    );
    let again = app
        .get(&format!("/api/v1/bookings/{}", booked["id"]), &app.resident)
        .await
        .json();
    assert_eq!(again, booked);
}

#[tokio::test]
async fn only_the_desk_approves_and_two_requests_for_one_slot_give_it_once() {
    let app = app().await;
    let site = app.site().await;
    let day = day_in(12);
    let asso = json!({ "association_id": ASSOCIATION });
    let first = app
        .booked(
            &app.asso,
            site.jaures,
            slot(day, (10, 0), (12, 0)),
            "Conseil d'administration",
            asso.clone(),
        )
        .await;
    assert_eq!(first["state"], "requested");
    // A request holds nothing: a second one for an overlapping slot waits too.
    let second = app
        .booked(
            &app.asso,
            site.jaures,
            slot(day, (11, 0), (13, 0)),
            "Atelier compost",
            asso,
        )
        .await;
    assert_eq!(second["state"], "requested");
    // The resident is not an association: this use is not for her.
    let reply = app
        .book(
            &app.resident,
            site.jaures,
            slot(day, (14, 0), (15, 0)),
            "Réunion",
            json!({}),
        )
        .await;
    reply.problem(StatusCode::CONFLICT);

    // Members cannot approve, decline or see the queue.
    for path in [
        format!("/api/v1/bookings/{}/approve", first["id"]),
        format!("/api/v1/bookings/{}/decline", first["id"]),
    ] {
        for token in [&app.asso, &app.resident] {
            app.post(&path, token, json!({ "message": "ok" }))
                .await
                .problem(StatusCode::FORBIDDEN);
        }
    }
    app.get("/api/v1/booking-requests", &app.asso)
        .await
        .problem(StatusCode::FORBIDDEN);
    app.get("/api/v1/bookings", &app.asso)
        .await
        .problem(StatusCode::FORBIDDEN);
    let queue = app.get("/api/v1/booking-requests", &app.desk).await.json();
    let both: BTreeSet<i64> = [
        first["id"].as_i64().unwrap(),
        second["id"].as_i64().unwrap(),
    ]
    .into();
    assert!(ids(&queue).is_superset(&both));

    // The desk approves the first; the second now collides with it and is refused, named.
    let reply = app
        .post(
            &format!("/api/v1/bookings/{}/approve", first["id"]),
            &app.desk,
            json!({ "message": "Salle prête à 9 h 45." }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.json()["state"], "confirmed");
    assert_eq!(reply.json()["sequence"], 1);
    let path = format!("/api/v1/bookings/{}/approve", second["id"]);
    let detail = app
        .post(&path, &app.desk, json!({}))
        .await
        .problem(StatusCode::CONFLICT);
    assert!(detail.contains("10:00–12:00"), "{detail}");
    assert!(detail.contains("Conseil d'administration"), "{detail}");
    // Declining needs a message.
    let path = format!("/api/v1/bookings/{}/decline", second["id"]);
    let reply = app.post(&path, &app.desk, json!({})).await;
    assert_eq!(reply.fields(), ["message"]);
    let reply = app
        .post(
            &path,
            &app.desk,
            json!({ "message": "Salle prise ce matin-là." }),
        )
        .await;
    assert_eq!(reply.json()["state"], "declined");
    assert_eq!(reply.json()["decision_message"], "Salle prise ce matin-là.");
    app.post(&path, &app.desk, json!({ "message": "encore" }))
        .await
        .problem(StatusCode::CONFLICT);

    // Who sees what: the association's representative and the desk; not another member.
    let mine = app.get("/api/v1/me/bookings", &app.asso).await.json();
    assert!(ids(&mine).is_superset(&both), "{mine}");
    let hers = app.get("/api/v1/me/bookings", &app.resident).await.json();
    assert!(ids(&hers).is_disjoint(&both), "{hers}");
    let one = format!("/api/v1/bookings/{}", first["id"]);
    assert_eq!(app.get(&one, &app.asso).await.status, StatusCode::OK);
    assert_eq!(app.get(&one, &app.desk).await.status, StatusCode::OK);
    app.get(&one, &app.resident)
        .await
        .problem(StatusCode::NOT_FOUND);
    app.post(
        &format!("{one}/cancel"),
        &app.resident,
        json!({ "reason": "?" }),
    )
    .await
    .problem(StatusCode::NOT_FOUND);
    let listed = app
        .get(
            &format!(
                "/api/v1/bookings?from={day}&to={day}&space={}&state=confirmed",
                site.jaures
            ),
            &app.desk,
        )
        .await
        .json();
    assert_eq!(ids(&listed), [first["id"].as_i64().unwrap()].into());
}

#[tokio::test]
async fn a_series_previews_each_date_and_books_only_the_free_ones() {
    let app = app().await;
    let site = app.site().await;
    let first_day = next(Weekday::Tue, 7);
    // The desk holds the third Tuesday's evening.
    let third = first_day + Duration::weeks(2);
    app.booked(
        &app.desk,
        site.zola,
        slot(third, (19, 0), (20, 0)),
        "Conseil de quartier",
        json!({ "public": false }),
    )
    .await;
    let series_before = app.count("SELECT count(*) FROM space_series").await;
    let series = json!({
        "space_id": site.zola, "first_day": first_day.to_string(), "start": "19:00",
        "end": "21:00", "rule": "FREQ=WEEKLY;COUNT=5", "policy": "all_or_nothing",
        "title": "Assemblée des Jardins", "association_id": ASSOCIATION,
    });
    let preview = app
        .post("/api/v1/booking-series/preview", &app.asso, series.clone())
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{preview:?}");
    let dates = preview.json()["occurrences"].as_array().unwrap().clone();
    assert_eq!(dates.len(), 5);
    let refused: Vec<usize> = (0..5).filter(|i| !dates[*i]["refused"].is_null()).collect();
    assert_eq!(refused, [2]);
    let message = dates[2]["message"].as_str().unwrap();
    assert!(message.contains("19:00–20:00"), "{message}");
    assert!(
        !message.contains("Conseil de quartier"),
        "a private booking's title is not shown to a member: {message}"
    );
    assert_eq!(instant(&dates[0]["start"]), at(first_day, 19, 0));

    // All or nothing: nothing, with the date that stands in the way.
    let detail = app
        .post("/api/v1/booking-series", &app.asso, series.clone())
        .await
        .problem(StatusCode::CONFLICT);
    assert!(
        detail.contains(&third.format("%d/%m/%Y").to_string()),
        "{detail}"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM space_series").await,
        series_before
    );

    // Skip the conflicts: the four free dates.
    let mut skip = series.clone();
    skip["policy"] = json!("skip_conflicts");
    let reply = app.post("/api/v1/booking-series", &app.asso, skip).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let made = reply.json();
    let booking_ids: Vec<Option<i64>> = made["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["booking_id"].as_i64())
        .collect();
    assert!(made["series_id"].is_i64());
    assert_eq!(booking_ids.iter().filter(|b| b.is_some()).count(), 4);
    assert_eq!(booking_ids[2], None);
    let ids_of: Vec<i64> = booking_ids.iter().flatten().copied().collect();

    // Cancel one date, then the fourth date and the ones after it.
    let reply = app
        .post(
            &format!("/api/v1/bookings/{}/cancel", ids_of[1]),
            &app.asso,
            json!({ "scope": "one", "reason": "Vacances" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(ids(&reply.json()), [ids_of[1]].into());
    let reply = app
        .post(
            &format!("/api/v1/bookings/{}/cancel", ids_of[2]),
            &app.asso,
            json!({ "scope": "following" }),
        )
        .await;
    assert_eq!(ids(&reply.json()), [ids_of[2], ids_of[3]].into());
    let mut states = vec![];
    for id in &ids_of {
        let b = app
            .get(&format!("/api/v1/bookings/{id}"), &app.asso)
            .await
            .json();
        states.push(b["state"].as_str().unwrap().to_owned());
    }
    assert_eq!(states, ["confirmed", "cancelled", "cancelled", "cancelled"]);

    // A weekly 19:00 keeps 19:00 on the wall clock across the spring change.
    let mut dst = series.clone();
    dst["first_day"] = json!("2027-03-23");
    dst["rule"] = json!("FREQ=WEEKLY;COUNT=2");
    let dates = app
        .post("/api/v1/booking-series/preview", &app.asso, dst)
        .await
        .json()["occurrences"]
        .clone();
    assert_eq!(
        [instant(&dates[0]["start"]), instant(&dates[1]["start"])],
        [
            at("2027-03-23".parse().unwrap(), 19, 0),
            at("2027-03-30".parse().unwrap(), 19, 0)
        ]
    );
    assert_eq!(rfc3339(instant(&dates[0]["start"])), "2027-03-23T18:00:00Z");
    assert_eq!(rfc3339(instant(&dates[1]["start"])), "2027-03-30T17:00:00Z");
}

#[tokio::test]
async fn a_moved_booking_keeps_its_uid_and_its_sequence_goes_up() {
    let app = app().await;
    let site = app.site().await;
    let day = day_in(15);
    let booked = app
        .booked(
            &app.resident,
            site.jaures,
            slot(day, (19, 0), (20, 0)),
            "Lecture publique",
            json!({}),
        )
        .await;
    assert_eq!(booked["sequence"], 0);
    let path = format!("/api/v1/bookings/{}/reschedule", booked["id"]);
    let reply = app
        .post(
            &path,
            &app.resident,
            json!({ "start": "20:00", "end": "21:30", "scope": "one" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let moved = reply.json()[0].clone();
    assert_eq!(moved["uid"], booked["uid"]);
    assert_eq!(moved["sequence"], 1);
    assert_eq!(instant(&moved["start_at"]), at(day, 20, 0));
    assert_eq!(instant(&moved["end_at"]), at(day, 21, 30));
    // Someone else's booking cannot be moved (nor seen); a move into a taken slot is refused.
    app.post(
        &path,
        &app.asso,
        json!({ "start": "19:00", "end": "20:00", "scope": "one" }),
    )
    .await
    .problem(StatusCode::NOT_FOUND);
    app.booked(
        &app.desk,
        site.jaures,
        slot(day + Duration::days(1), (19, 0), (20, 0)),
        "Chorale",
        json!({}),
    )
    .await;
    let next_day = (day + Duration::days(1)).to_string();
    let detail = app
        .post(
            &path,
            &app.resident,
            json!({ "day": next_day, "start": "19:30", "end": "20:30", "scope": "one" }),
        )
        .await
        .problem(StatusCode::CONFLICT);
    assert!(detail.contains("Chorale"), "{detail}");
    let after = app
        .get(&format!("/api/v1/bookings/{}", booked["id"]), &app.resident)
        .await
        .json();
    assert_eq!(after["sequence"], 1, "a refused move changes nothing");
}

// ---------------------------------------------------------------------------------------------
