//! The chrono'espaces' JSON API and iCalendar feeds through the real router (no network), on the
//! demo site. Each test sets up its own rooms through the API as the administrator — « Salle API
//! Jaurès » and « Salle API Zola », each open every day 09:00–17:00 for association meetings
//! (approval needed) and 18:00–23:00 for debates (public, 15 minutes' changeover after) — so that
//! whatever the demo seeds does not matter. Marie Lefèvre logs in as `asso` and represents
//! association 1; Odette Perrin logs in as `resident`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{DateTime, Datelike, Duration, NaiveDate, SecondsFormat, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Paris;
use citeosquare_server::spaces;
use icalendar::{Calendar, Component, EventStatus, parser};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::str::FromStr;
use support::{Reply, TestApp, api_request, send};

/// The association Marie Lefèvre (`asso`) represents.
const ASSOCIATION: i64 = 1;

/// The shared test application (`support`), with the demo's tokens and this file's names for
/// its calls.
struct App {
    t: TestApp,
    admin: String,
    desk: String,
    asso: String,
    resident: String,
}

support::deref_to_test_app!(App, t);

impl Reply {
    /// A problem+json answer with this status; its detail.
    fn problem(&self, status: StatusCode) -> String {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(
            self.header(header::CONTENT_TYPE),
            "application/problem+json",
            "{self:?}"
        );
        self.json()["detail"].as_str().unwrap_or("").to_owned()
    }

    /// The fields a 422 names.
    fn fields(&self) -> Vec<String> {
        self.problem(StatusCode::UNPROCESSABLE_ENTITY);
        self.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect()
    }

    fn id(&self) -> i64 {
        self.json()["id"].as_i64().unwrap()
    }
}

async fn app() -> App {
    let t = TestApp::new().await;
    App {
        admin: t.token("admin").await,
        desk: t.token("accueil").await,
        asso: t.token("asso").await,
        resident: t.token("resident").await,
        t,
    }
}

impl App {
    async fn api(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Reply {
        self.call(method, path, Some(token), body).await
    }

    async fn get(&self, path: &str, token: &str) -> Reply {
        self.api(Method::GET, path, token, None).await
    }

    /// A GET without an account (the agenda, the feeds).
    async fn get_anonymous(&self, path: &str) -> Reply {
        send(
            self.router.clone(),
            api_request(Method::GET, path, None, None),
        )
        .await
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.api(Method::POST, path, token, Some(body)).await
    }

    async fn put(&self, path: &str, token: &str, body: Value) -> Reply {
        self.api(Method::PUT, path, token, Some(body)).await
    }

    /// Books through the API; the raw reply.
    async fn book(
        &self,
        token: &str,
        space: i64,
        (start, end): (DateTime<Utc>, DateTime<Utc>),
        title: &str,
        extra: Value,
    ) -> Reply {
        let mut body = json!({
            "space_id": space,
            "start": rfc3339(start),
            "end": rfc3339(end),
            "title": title,
        });
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        self.post("/api/v1/bookings", token, body).await
    }

    /// Books and expects it done; the booking.
    async fn booked(
        &self,
        token: &str,
        space: i64,
        slot: (DateTime<Utc>, DateTime<Utc>),
        title: &str,
        extra: Value,
    ) -> Value {
        let reply = self.book(token, space, slot, title, extra).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
        reply.json()["booking"].clone()
    }

    /// A space's feed path, as the desk reads it.
    async fn calendar_path(&self, space: i64) -> String {
        let detail = self
            .get(&format!("/api/v1/spaces/{space}"), &self.desk)
            .await
            .json();
        detail["calendar_path"].as_str().unwrap().to_owned()
    }

    /// The two rooms and two uses of every test, set up as the administrator.
    async fn site(&self) -> Site {
        // The demo closes the whole site on fixed public holidays; these tests book days counted
        // from today, so a run in early December would meet Christmas. Their site has none.
        sqlx::query("DELETE FROM space_exceptions WHERE space_id IS NULL")
            .execute(&self.pool)
            .await
            .unwrap();
        let reunion = self
            .post(
                "/api/v1/space-uses",
                &self.admin,
                json!({
                    "code": "api-reunion", "name": "Réunion d'association", "colour": "#1d6b3a",
                    "mode": "exclusive", "open_to_associations": true, "approval": true,
                    "min_minutes": 30, "max_minutes": 240,
                }),
            )
            .await;
        assert_eq!(reunion.status, StatusCode::CREATED, "{reunion:?}");
        let debat = self
            .post(
                "/api/v1/space-uses",
                &self.admin,
                json!({
                    "code": "api-debat", "name": "Débat et projection", "colour": "#7a2e8c",
                    "mode": "event", "open_to_residents": true, "open_to_associations": true,
                    "public_by_default": true, "changeover_after": 15,
                }),
            )
            .await;
        assert_eq!(debat.status, StatusCode::CREATED, "{debat:?}");
        let (reunion, debat) = (reunion.id(), debat.id());
        let mut rooms = vec![];
        for (name, capacity) in [("Salle API Jaurès", 40), ("Salle API Zola", 20)] {
            let reply = self
                .post(
                    "/api/v1/spaces",
                    &self.admin,
                    json!({ "name": name, "floor": "RDC", "capacity": capacity, "step_free": true }),
                )
                .await;
            assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
            assert_eq!(
                reply.header(header::LOCATION),
                format!("/api/v1/spaces/{}", reply.id())
            );
            let id = reply.id();
            let mut week = vec![];
            for weekday in 1..=7 {
                week.push(json!({ "weekday": weekday, "start": "09:00", "end": "17:00", "use_id": reunion }));
                week.push(json!({ "weekday": weekday, "start": "18:00", "end": "23:00", "use_id": debat }));
            }
            let reply = self
                .put(
                    &format!("/api/v1/spaces/{id}/timetable"),
                    &self.admin,
                    Value::Array(week),
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
            rooms.push(id);
        }
        Site {
            jaures: rooms[0],
            zola: rooms[1],
            reunion,
            debat,
        }
    }
}

struct Site {
    jaures: i64,
    zola: i64,
    reunion: i64,
    debat: i64,
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A local day in the building's zone, some days from today.
fn day_in(days: i64) -> NaiveDate {
    Utc::now().with_timezone(&Paris).date_naive() + Duration::days(days)
}

/// The first day at least `after` days from today that falls on `weekday`.
fn next(weekday: Weekday, after: i64) -> NaiveDate {
    let mut d = day_in(after);
    while d.weekday() != weekday {
        d += Duration::days(1);
    }
    d
}

/// The first day at least three days from today in `month`.
fn next_in_month(month: u32) -> NaiveDate {
    let mut d = day_in(3);
    while d.month() != month {
        d += Duration::days(1);
    }
    d
}

/// A local time of a day, Paris rules.
fn at(day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    Paris
        .from_local_datetime(&day.and_hms_opt(h, m, 0).unwrap())
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

fn slot(
    day: NaiveDate,
    (h1, m1): (u32, u32),
    (h2, m2): (u32, u32),
) -> (DateTime<Utc>, DateTime<Utc>) {
    (at(day, h1, m1), at(day, h2, m2))
}

fn instant(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn ids(list: &Value) -> BTreeSet<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_i64().unwrap())
        .collect()
}

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
