//! The chrono'espaces' agenda and iCalendar feeds through the real router (no network), on the
//! demo site, and the side doors found in review (moves into other uses, private names in feeds,
//! withdrawn requests, odd input); the rooms and bookings themselves are in `spaces_api.rs`, the
//! shared harness in `support/spaces_api.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{StatusCode, header};
use chrono::{Duration, SecondsFormat, Weekday};
use citeosquare_server::spaces;
use icalendar::{Calendar, Component, EventStatus, parser};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::str::FromStr;
use support::spaces_api::*;

// The agenda and the feeds

/// An event's `key` property as `TZID:value`, or `value` without a `TZID`.
fn time_of(event: &icalendar::Event, key: &str) -> String {
    let property = event.properties().get(key).expect("the property");
    match property.params().get("TZID") {
        Some(tzid) => format!("{}:{}", tzid.value(), property.value()),
        None => property.value().to_owned(),
    }
}

fn events_by_uid(feed: &str) -> std::collections::BTreeMap<String, icalendar::Event> {
    Calendar::from_str(feed)
        .expect("the icalendar crate reads the feed")
        .events()
        .map(|e| (e.get_uid().unwrap().to_owned(), e.clone()))
        .collect()
}

fn feed_uids(feed: &str) -> BTreeSet<String> {
    events_by_uid(feed).into_keys().collect()
}

#[tokio::test]
async fn the_public_agenda_feed_round_trips_and_keeps_local_hours_in_summer_and_winter() {
    let app = app().await;
    let site = app.site().await;
    let (july, december) = (next_in_month(7), next_in_month(12));
    let summer = app
        .booked(
            &app.desk,
            site.jaures,
            slot(july, (19, 0), (21, 0)),
            "Ciné-débat d'été ; « plein air », entrée libre",
            json!({}),
        )
        .await;
    let winter = app
        .booked(
            &app.desk,
            site.jaures,
            slot(december, (19, 0), (21, 0)),
            "Ciné-débat d'hiver",
            json!({}),
        )
        .await;
    let day = day_in(5);
    let cancelled = app
        .booked(
            &app.resident,
            site.zola,
            slot(day, (19, 0), (20, 0)),
            "Débat annulé",
            json!({}),
        )
        .await;
    let reply = app
        .post(
            &format!("/api/v1/bookings/{}/cancel", cancelled["id"]),
            &app.resident,
            json!({ "reason": "Intervenant malade" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let moved = app
        .booked(
            &app.desk,
            site.zola,
            slot(day + Duration::days(1), (19, 0), (20, 0)),
            "Débat déplacé",
            json!({}),
        )
        .await;
    app.post(
        &format!("/api/v1/bookings/{}/reschedule", moved["id"]),
        &app.desk,
        json!({ "start": "20:00", "end": "22:00", "scope": "one" }),
    )
    .await;
    let private = app
        .booked(
            &app.resident,
            site.zola,
            slot(day + Duration::days(2), (19, 0), (20, 0)),
            "Anniversaire d'Odette",
            json!({ "public": false }),
        )
        .await;

    let reply = app.get_anonymous("/agenda.ics").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header(header::CONTENT_TYPE),
        "text/calendar; charset=utf-8"
    );
    assert_eq!(reply.header(header::CACHE_CONTROL), "no-cache");
    let feed = &reply.body;
    let uid = |b: &Value| b["uid"].as_str().unwrap().to_owned();
    let events = events_by_uid(feed);
    assert!(
        !events.contains_key(&uid(&private)),
        "private: not on the agenda"
    );

    let e = &events[&uid(&summer)];
    assert_eq!(
        e.get_summary(),
        Some("Ciné-débat d'été ; « plein air », entrée libre")
    );
    assert_eq!(e.get_status(), Some(EventStatus::Confirmed));
    assert_eq!(e.get_sequence(), Some(0));
    assert_eq!(
        time_of(e, "DTSTART"),
        format!("Europe/Paris:{}T190000", july.format("%Y%m%d"))
    );
    assert_eq!(
        time_of(e, "DTEND"),
        format!("Europe/Paris:{}T210000", july.format("%Y%m%d"))
    );
    let e = &events[&uid(&winter)];
    assert_eq!(
        time_of(e, "DTSTART"),
        format!("Europe/Paris:{}T190000", december.format("%Y%m%d"))
    );
    let e = &events[&uid(&cancelled)];
    assert_eq!(e.get_status(), Some(EventStatus::Cancelled));
    assert_eq!(e.get_sequence(), Some(1));
    let e = &events[&uid(&moved)];
    assert_eq!(e.get_sequence(), Some(1));
    assert_eq!(e.get_status(), Some(EventStatus::Confirmed));
    assert_eq!(
        time_of(e, "DTSTART"),
        format!(
            "Europe/Paris:{}T200000",
            (day + Duration::days(1)).format("%Y%m%d")
        )
    );
    let calendar = Calendar::from_str(feed).unwrap();
    assert_eq!(calendar.get_timezone(), Some("Europe/Paris"));
    let vtimezone =
        &feed[feed.find("BEGIN:VTIMEZONE").unwrap()..feed.find("END:VTIMEZONE").unwrap()];
    assert!(vtimezone.contains("TZID:Europe/Paris\r\n"), "{vtimezone}");

    // Round trip through the crate: parsed, written again, parsed again — the same calendar.
    let unfolded = parser::unfold(feed);
    let once = parser::read_calendar(&unfolded).unwrap();
    let written = once.to_string();
    let unfolded_again = parser::unfold(&written);
    let twice = parser::read_calendar(&unfolded_again).unwrap();
    assert_eq!(once.properties, twice.properties);
    assert_eq!(once.components, twice.components);
    let rewritten = calendar.to_string();
    let reread: Vec<icalendar::Event> = Calendar::from_str(&rewritten)
        .unwrap()
        .events()
        .cloned()
        .collect();
    let read: Vec<icalendar::Event> = calendar.events().cloned().collect();
    assert_eq!(read, reread);

    // An independent parser agrees: UIDs, sequences, statuses, local hours with their offsets.
    if let Some(lines) = spaces::ical::parse_with_python(feed).expect("python reads the feed") {
        let line_of = |b: &Value| {
            lines
                .lines()
                .find(|l| l.starts_with(&format!("{}|", uid(b))))
                .unwrap_or_else(|| panic!("{} not in {lines}", uid(b)))
                .to_owned()
        };
        assert_eq!(
            line_of(&summer),
            format!(
                "{}|0|CONFIRMED|{}T19:00:00+02:00|Ciné-débat d'été ; « plein air », entrée libre",
                uid(&summer),
                july
            )
        );
        assert_eq!(
            line_of(&winter),
            format!(
                "{}|0|CONFIRMED|{}T19:00:00+01:00|Ciné-débat d'hiver",
                uid(&winter),
                december
            )
        );
        assert!(line_of(&cancelled).contains("|1|CANCELLED|"));
        assert!(line_of(&moved).contains("|1|CONFIRMED|"));
    }

    // The same agenda as JSON, without an account.
    let reply = app
        .get_anonymous(&format!("/api/v1/agenda?from={}&to={}", day_in(0), july))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let titles: Vec<(String, bool)> = reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["title"].as_str().unwrap().to_owned(),
                i["cancelled"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(titles.contains(&("Ciné-débat d'hiver".into(), false)));
    assert!(titles.contains(&("Débat annulé".into(), true)));
    assert!(!titles.iter().any(|t| t.0.contains("Odette")));
    let reply = app.get_anonymous("/api/v1/agenda?from=demain").await;
    assert_eq!(reply.fields(), ["from"]);
}

#[tokio::test]
async fn a_feed_opens_with_its_token_only_and_shows_only_its_own_bookings() {
    let app = app().await;
    let site = app.site().await;
    let day = day_in(6);
    let in_jaures = app
        .booked(
            &app.resident,
            site.jaures,
            slot(day, (19, 0), (20, 0)),
            "Club de lecture",
            json!({ "public": false }),
        )
        .await;
    let for_association = app
        .booked(
            &app.asso,
            site.zola,
            slot(day, (19, 0), (20, 0)),
            "Assemblée des Jardins",
            json!({ "association_id": ASSOCIATION }),
        )
        .await;
    let in_zola = app
        .booked(
            &app.desk,
            site.zola,
            slot(day, (21, 0), (22, 0)),
            "Répétition de la chorale",
            json!({}),
        )
        .await;
    let uid = |b: &Value| b["uid"].as_str().unwrap().to_owned();

    // A space's feed: its bookings (a private one under its use's name: the desk hands the link
    // out to people who need not know who booked).
    let jaures = app.calendar_path(site.jaures).await;
    assert!(jaures.ends_with(".ics"));
    let reply = app.get_anonymous(&jaures).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(
        reply.header(header::CONTENT_TYPE),
        "text/calendar; charset=utf-8"
    );
    assert_eq!(feed_uids(&reply.body), [uid(&in_jaures)].into());
    assert!(
        reply
            .body
            .contains("X-WR-CALNAME:Salle API Jaurès — CITEOSQUARE")
    );
    let without_suffix = jaures.strip_suffix(".ics").unwrap();
    assert_eq!(app.get_anonymous(without_suffix).await.body, reply.body);
    let zola = app.get_anonymous(&app.calendar_path(site.zola).await).await;
    assert_eq!(
        feed_uids(&zola.body),
        [uid(&for_association), uid(&in_zola)].into()
    );

    // An association's feed: its bookings only, in every room.
    let token = spaces::association_token(&app.pool, ASSOCIATION)
        .await
        .unwrap();
    let reply = app
        .get_anonymous(&format!("/calendrier/association/{token}.ics"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let events = events_by_uid(&reply.body);
    assert!(events.contains_key(&uid(&for_association)));
    assert!(!events.contains_key(&uid(&in_jaures)) && !events.contains_key(&uid(&in_zola)));
    for e in events.values() {
        // Every event is the association's (the demo books for it too).
        assert!(
            e.get_description()
                .unwrap()
                .contains("Les Jardins partagés"),
            "{e:?}"
        );
    }
    if let Some(lines) = spaces::ical::parse_with_python(&reply.body).unwrap() {
        assert_eq!(lines.lines().count(), events.len(), "{lines}");
    }

    // Unknown tokens: one plain answer, whatever they look like; nothing about which exist.
    let unknown = [
        "/calendrier/salle/nope".to_owned(),
        format!("/calendrier/salle/{}.ics", "0".repeat(64)),
        format!("/calendrier/salle/{token}"),
        "/calendrier/association/nope.ics".to_owned(),
        format!("/calendrier/association/{}", "a".repeat(500)),
        format!(
            "/calendrier/association/{}",
            jaures.trim_start_matches("/calendrier/salle/")
        ),
    ];
    let mut bodies = BTreeSet::new();
    for path in &unknown {
        let reply = app.get_anonymous(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            reply.header(header::CONTENT_TYPE),
            "text/plain; charset=utf-8"
        );
        assert!(
            reply.body.starts_with("Calendrier introuvable."),
            "{}",
            reply.body
        );
        bodies.insert(reply.body);
    }
    assert_eq!(bodies.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Side doors found in review

#[tokio::test]
async fn a_move_into_a_use_the_desk_approves_is_not_confirmed_by_itself() {
    let app = app().await;
    let site = app.site().await;
    let day = day_in(9);
    // An evening debate (no approval) booked by the association's representative…
    let booked = app
        .booked(
            &app.asso,
            site.jaures,
            slot(day, (19, 0), (20, 0)),
            "Soirée des Jardins",
            json!({ "association_id": ASSOCIATION }),
        )
        .await;
    assert_eq!(booked["state"], "confirmed");
    // …moved into the morning, whose use the desk approves: refused, and nothing moves.
    let path = format!("/api/v1/bookings/{}/reschedule", booked["id"]);
    let detail = app
        .post(
            &path,
            &app.asso,
            json!({ "start": "10:00", "end": "11:00", "scope": "one" }),
        )
        .await
        .problem(StatusCode::CONFLICT);
    assert!(detail.contains("accueil"), "{detail}");
    let after = app
        .get(&format!("/api/v1/bookings/{}", booked["id"]), &app.asso)
        .await
        .json();
    assert_eq!(after["state"], "confirmed");
    assert_eq!(after["use_id"], site.debat);
    assert_eq!(instant(&after["start_at"]), at(day, 19, 0));
    assert_eq!(after["sequence"], 0);
    // The desk may move it there.
    let reply = app
        .post(
            &path,
            &app.desk,
            json!({ "start": "10:00", "end": "11:00", "scope": "one" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.json()[0]["use_id"], site.reunion);
}

#[tokio::test]
async fn a_seat_moved_into_an_exclusive_use_holds_the_room_in_the_database() {
    let app = app().await;
    let site = app.site().await;
    let cowork = app
        .post(
            "/api/v1/space-uses",
            &app.admin,
            json!({
                "code": "api-cowork", "name": "Coworking", "colour": "#22aa55",
                "mode": "dropin", "open_to_residents": true, "min_minutes": 30,
                "max_minutes": 240,
            }),
        )
        .await;
    assert_eq!(cowork.status, StatusCode::CREATED, "{cowork:?}");
    let hugo = app
        .post(
            "/api/v1/spaces",
            &app.admin,
            json!({ "name": "Salle API Hugo", "capacity": 10 }),
        )
        .await
        .id();
    let mut week = vec![];
    for weekday in 1..=7 {
        week.push(
            json!({ "weekday": weekday, "start": "09:00", "end": "12:00", "use_id": cowork.id() }),
        );
        week.push(
            json!({ "weekday": weekday, "start": "14:00", "end": "17:00", "use_id": site.debat }),
        );
    }
    let reply = app
        .put(
            &format!("/api/v1/spaces/{hugo}/timetable"),
            &app.admin,
            Value::Array(week),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let day = day_in(9);
    let seat = app
        .booked(
            &app.resident,
            hugo,
            slot(day, (10, 0), (11, 0)),
            "Place de travail",
            json!({}),
        )
        .await;
    assert_eq!(seat["shared"], true);
    let reply = app
        .post(
            &format!("/api/v1/bookings/{}/reschedule", seat["id"]),
            &app.resident,
            json!({ "start": "15:00", "end": "16:00", "scope": "one" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let moved = reply.json()[0].clone();
    assert_eq!(moved["use_id"], site.debat);
    assert_eq!(
        moved["shared"], false,
        "an exclusive use's booking is no seat: the triggers must see it hold the room"
    );
    // So another seat pushed there by raw SQL is refused by the database itself.
    let (start, end) = slot(day, (15, 0), (16, 0));
    let raw = sqlx::query(
        "INSERT INTO space_bookings (uid, space_id, use_id, state, start_at, end_at, block_start,
             block_end, shared, seats, capacity, title, created_at, updated_at)
         VALUES ('raw-seat', ?, ?, 'confirmed', ?, ?, ?, ?, 1, 1, 10, 'x', 'now', 'now')",
    )
    .bind(hugo)
    .bind(site.debat)
    .bind(start.to_rfc3339_opts(SecondsFormat::Millis, true))
    .bind(end.to_rfc3339_opts(SecondsFormat::Millis, true))
    .bind(start.timestamp())
    .bind(end.timestamp())
    .execute(&app.pool)
    .await;
    assert!(raw.is_err(), "{raw:?}");
}

#[tokio::test]
async fn a_space_feed_does_not_name_who_booked_privately() {
    let app = app().await;
    let site = app.site().await;
    let day = day_in(6);
    app.booked(
        &app.resident,
        site.jaures,
        slot(day, (19, 0), (20, 0)),
        "Anniversaire d'Odette Perrin",
        json!({ "public": false }),
    )
    .await;
    let public = app
        .booked(
            &app.asso,
            site.zola,
            slot(day, (19, 0), (20, 0)),
            "Projection débat",
            json!({ "association_id": ASSOCIATION }),
        )
        .await;
    assert_eq!(public["public"], true);
    let jaures = app
        .get_anonymous(&app.calendar_path(site.jaures).await)
        .await;
    assert_eq!(jaures.status, StatusCode::OK);
    assert!(!jaures.body.contains("Odette"), "{}", jaures.body);
    assert!(
        jaures.body.contains("SUMMARY:Débat et projection"),
        "{}",
        jaures.body
    );
    let zola = app.get_anonymous(&app.calendar_path(site.zola).await).await;
    // A public event keeps its title.
    assert!(
        zola.body.contains("SUMMARY:Projection débat"),
        "{}",
        zola.body
    );
}

#[tokio::test]
async fn a_request_withdrawn_before_approval_never_reaches_the_public_agenda() {
    let app = app().await;
    let site = app.site().await;
    let day = day_in(8);
    let requested = app
        .booked(
            &app.asso,
            site.jaures,
            slot(day, (10, 0), (11, 0)),
            "Assemblée secrète",
            json!({ "association_id": ASSOCIATION, "public": true }),
        )
        .await;
    assert_eq!(requested["state"], "requested");
    let reply = app
        .post(
            &format!("/api/v1/bookings/{}/cancel", requested["id"]),
            &app.asso,
            json!({}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let agenda = app
        .get_anonymous(&format!("/api/v1/agenda?from={day}&to={day}"))
        .await;
    assert_eq!(agenda.status, StatusCode::OK);
    assert!(
        !agenda.body.contains("Assemblée secrète"),
        "{}",
        agenda.body
    );
    let feed = app.get_anonymous("/agenda.ics").await;
    assert!(!feed.body.contains("Assemblée secrète"));
    // A confirmed public event cancelled afterwards stays, marked cancelled.
    let announced = app
        .booked(
            &app.desk,
            site.jaures,
            slot(day, (19, 0), (20, 0)),
            "Ciné-débat",
            json!({}),
        )
        .await;
    app.post(
        &format!("/api/v1/bookings/{}/cancel", announced["id"]),
        &app.desk,
        json!({}),
    )
    .await;
    let agenda = app
        .get_anonymous(&format!("/api/v1/agenda?from={day}&to={day}"))
        .await
        .json();
    let item = agenda
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Ciné-débat")
        .cloned();
    assert_eq!(item.unwrap()["cancelled"], true);
}

#[tokio::test]
async fn a_series_in_a_room_opened_only_by_exceptions_is_booked() {
    let app = app().await;
    let site = app.site().await;
    let hugo = app
        .post(
            "/api/v1/spaces",
            &app.admin,
            json!({ "name": "Salle API Hugo", "capacity": 10 }),
        )
        .await
        .id();
    let first = next(Weekday::Wed, 7);
    for day in [first, first + Duration::weeks(1)] {
        let reply = app
            .post(
                "/api/v1/space-exceptions",
                &app.admin,
                json!({ "space_id": hugo, "day": day.to_string(), "start": "09:00",
                        "end": "12:00", "use_id": site.reunion, "label": "Ouverture" }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    }
    let reply = app
        .post(
            "/api/v1/booking-series",
            &app.desk,
            json!({ "space_id": hugo, "first_day": first.to_string(), "start": "10:00",
                    "end": "11:00", "rule": "FREQ=WEEKLY;COUNT=2", "policy": "all_or_nothing",
                    "title": "Permanence" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let series = reply.json()["series_id"].as_i64().unwrap();
    let use_id: i64 = sqlx::query_scalar("SELECT use_id FROM space_series WHERE id = ?")
        .bind(series)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(use_id, site.reunion);
}

#[tokio::test]
async fn a_rule_giving_several_times_a_day_books_each_day_once() {
    let app = app().await;
    let site = app.site().await;
    let first = day_in(10);
    let body = json!({
        "space_id": site.zola, "first_day": first.to_string(), "start": "10:00",
        "end": "11:00", "rule": "FREQ=DAILY;COUNT=4;BYHOUR=10,11", "policy": "skip_conflicts",
        "title": "Permanence",
    });
    let preview = app
        .post("/api/v1/booking-series/preview", &app.desk, body.clone())
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{preview:?}");
    let days: Vec<Value> = preview.json()["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["day"].clone())
        .collect();
    let distinct: BTreeSet<String> = days.iter().map(|d| d.to_string()).collect();
    assert_eq!(days.len(), distinct.len(), "{days:?}");
    let reply = app.post("/api/v1/booking-series", &app.desk, body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
}

#[tokio::test]
async fn odd_input_never_gets_a_500() {
    let app = app().await;
    let site = app.site().await;
    let day = day_in(12);
    let booked = app
        .booked(
            &app.asso,
            site.jaures,
            slot(day, (19, 0), (20, 0)),
            "Soirée",
            json!({ "association_id": ASSOCIATION }),
        )
        .await;
    let id = booked["id"].as_i64().unwrap();
    let gets = [
        "/api/v1/spaces/availability?from=9999-12-31&to=9999-12-31".to_owned(),
        "/api/v1/spaces/availability?from=2026-01-10&to=2026-01-01".to_owned(),
        "/api/v1/spaces/availability?spaces=".to_owned(),
        "/api/v1/spaces/availability?spaces=99999999999999999999".to_owned(),
        "/api/v1/spaces/availability?spaces=-1".to_owned(),
        format!(
            "/api/v1/spaces/{}/slots?from=2199-12-31&to=2199-12-31",
            site.jaures
        ),
        "/api/v1/spaces/9223372036854775807/slots".to_owned(),
        "/api/v1/bookings?from=9999-01-01T00:00:00Z".to_owned(),
        "/api/v1/bookings?from=2026-05-01&to=2026-04-01".to_owned(),
        "/api/v1/bookings?space=&state=".to_owned(),
        "/api/v1/bookings/9223372036854775807".to_owned(),
        "/api/v1/bookings/-1".to_owned(),
        "/api/v1/me/bookings?from=0000-01-01".to_owned(),
        "/api/v1/space-exceptions?from=2199-12-31&to=2199-12-31".to_owned(),
        "/api/v1/spaces/1/occupancy/hourly?weeks=99999999999999999999".to_owned(),
    ];
    for path in &gets {
        let reply = app.get(path, &app.desk).await;
        assert!(reply.status.as_u16() < 500, "{path}: {reply:?}");
        let reply = app.get(path, &app.asso).await;
        assert!(reply.status.as_u16() < 500, "{path}: {reply:?}");
    }
    let agenda = app
        .get_anonymous("/api/v1/agenda?from=2199-12-31&to=2199-12-31")
        .await;
    assert!(agenda.status.as_u16() < 500, "{agenda:?}");
    let posts = [
        (
            "/api/v1/bookings",
            json!({ "space_id": site.jaures, "start": "9999-12-31T23:00:00Z", "end": "9999-12-31T23:59:00Z", "title": "x" }),
        ),
        (
            "/api/v1/bookings",
            json!({ "space_id": site.jaures, "start": "+262142-12-31T23:00:00Z", "end": "+262142-12-31T23:59:00Z", "title": "x" }),
        ),
        (
            "/api/v1/bookings",
            json!({ "space_id": site.jaures, "start": "2199-12-31T22:00:00Z", "end": "2199-12-31T23:59:00Z", "title": "x" }),
        ),
        (
            "/api/v1/bookings",
            json!({ "space_id": i64::MAX, "start": rfc3339(at(day, 10, 0)), "end": rfc3339(at(day, 11, 0)), "title": "x" }),
        ),
        (
            "/api/v1/bookings",
            json!({ "space_id": site.jaures, "start": rfc3339(at(day, 10, 0)), "end": rfc3339(at(day, 11, 0)), "title": "x", "seats": i64::MAX, "attendees_expected": i64::MIN }),
        ),
        (
            "/api/v1/bookings",
            json!({ "space_id": site.jaures, "start": rfc3339(at(day, 10, 0)), "end": rfc3339(at(day, 11, 0)), "title": "x", "association_id": i64::MAX }),
        ),
        (
            "/api/v1/bookings",
            json!({ "space_id": site.jaures, "start": rfc3339(at(day, 10, 0)), "end": rfc3339(at(day, 11, 0)), "title": "x", "person_id": -5 }),
        ),
        ("/api/v1/bookings", json!([])),
        (
            "/api/v1/booking-series/preview",
            json!({ "space_id": site.jaures, "first_day": "2199-12-25", "start": "10:00", "end": "11:00", "rule": "FREQ=WEEKLY;COUNT=104", "policy": "skip_conflicts", "title": "x" }),
        ),
        (
            "/api/v1/booking-series/preview",
            json!({ "space_id": site.jaures, "first_day": day.to_string(), "start": "10:00", "end": "24:00", "rule": "FREQ=MONTHLY;BYDAY=1SA;COUNT=3", "policy": "skip_conflicts", "title": "x" }),
        ),
        (
            "/api/v1/booking-series/preview",
            json!({ "space_id": site.jaures, "first_day": day.to_string(), "start": "10:00", "end": "11:00", "rule": "FREQ=WEEKLY;UNTIL=21991231T000000", "policy": "skip_conflicts", "title": "x" }),
        ),
        (
            "/api/v1/booking-series/preview",
            json!({ "space_id": site.jaures, "first_day": day.to_string(), "start": "10:00", "end": "11:00", "rule": "FREQ=DAILY;UNTIL=99991231T000000Z;BYMONTH=2;BYMONTHDAY=30", "policy": "skip_conflicts", "title": "x" }),
        ),
        (
            "/api/v1/booking-series/preview",
            json!({ "space_id": site.jaures, "first_day": day.to_string(), "start": "10:00", "end": "11:00", "rule": "FREQ=DAILY;COUNT=0", "policy": "skip_conflicts", "title": "x" }),
        ),
        (
            "/api/v1/booking-series/preview",
            json!({ "space_id": site.jaures, "first_day": day.to_string(), "start": "10:00", "end": "11:00", "rule": "FREQ=DAILY;COUNT=99999999999999999999", "policy": "skip_conflicts", "title": "x" }),
        ),
        (
            "/api/v1/booking-series/preview",
            json!({ "space_id": site.jaures, "first_day": day.to_string(), "start": "10:00", "end": "11:00", "rule": "FREQ=YEARLY;COUNT=3;BYWEEKNO=53;X=FREQ=DAILY", "policy": "skip_conflicts", "title": "x" }),
        ),
        (
            "/api/v1/booking-series",
            json!({ "space_id": i64::MAX, "first_day": day.to_string(), "start": "10:00", "end": "11:00", "rule": "FREQ=DAILY;COUNT=2", "policy": "skip_conflicts", "title": "x" }),
        ),
        (
            "/api/v1/booking-series/9223372036854775807/approve",
            json!({}),
        ),
        (
            &*format!("/api/v1/bookings/{id}/reschedule"),
            json!({ "day": "2199-12-31", "start": "23:00", "end": "24:00", "scope": "one" }),
        ),
        (
            &*format!("/api/v1/bookings/{id}/reschedule"),
            json!({ "start": "24:00", "end": "24:00", "scope": "following" }),
        ),
        (
            &*format!("/api/v1/bookings/{id}/cancel"),
            json!({ "scope": "sideways" }),
        ),
        ("/api/v1/bookings/9223372036854775807/cancel", json!({})),
        ("/api/v1/bookings/9223372036854775807/approve", json!({})),
        (
            "/api/v1/space-exceptions",
            json!({ "day": "2026-03-29", "start": "02:00", "end": "03:00", "label": "x" }),
        ),
    ];
    for (path, body) in &posts {
        for token in [&app.desk, &app.asso] {
            let reply = app.post(path, token, body.clone()).await;
            assert!(reply.status.as_u16() < 500, "{path} {body}: {reply:?}");
        }
    }
}

#[tokio::test]
async fn a_series_may_end_on_a_local_date_as_people_write_it() {
    let app = app().await;
    let site = app.site().await;
    let first = next(Weekday::Wed, 7);
    let last = first + Duration::weeks(2);
    // RFC 5545 wants a UTC UNTIL with a zoned start; people write a day, or a local time.
    for until in [
        last.format("%Y%m%d").to_string(),
        last.format("%Y%m%dT190000").to_string(),
        last.format("%Y%m%dT235959").to_string(),
        (last + Duration::days(1))
            .format("%Y%m%dT000000Z")
            .to_string(),
    ] {
        let rule = format!("FREQ=WEEKLY;UNTIL={until}");
        let reply = app
            .post(
                "/api/v1/booking-series/preview",
                &app.desk,
                json!({ "space_id": site.jaures, "first_day": first.to_string(), "start": "19:00",
                        "end": "20:00", "rule": rule, "policy": "skip_conflicts", "title": "x" }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{rule}: {reply:?}");
        let days: Vec<String> = reply.json()["occurrences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["day"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(days.len(), 3, "{rule}: {days:?}");
        assert_eq!(days[2], last.to_string(), "{rule}");
    }
}
