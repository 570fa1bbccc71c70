//! What the chrono'espaces' API tests share (`spaces_api.rs`, `spaces_feeds.rs`): the demo site
//! with its four tokens, the rooms each test sets up through the API (« Salle API Jaurès » and
//! « Salle API Zola »), dates and slots in the building's zone, and how a problem+json reads.

use crate::support::{self, Reply, TestApp, api_request, send};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{DateTime, Datelike, Duration, NaiveDate, SecondsFormat, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Paris;
use citeosquare_server::spaces;
use icalendar::{Calendar, Component, EventStatus, parser};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::str::FromStr;

/// The association Marie Lefèvre (`asso`) represents.
pub const ASSOCIATION: i64 = 1;

/// The shared test application (`support`), with the demo's tokens and this file's names for
/// its calls.
pub struct App {
    pub t: TestApp,
    pub admin: String,
    pub desk: String,
    pub asso: String,
    pub resident: String,
}

support::deref_to_test_app!(App, t);

/// How the API tests read an answer (a trait, so that other test files keep their own names).
pub trait ApiReply {
    fn problem(&self, status: StatusCode) -> String;
    fn fields(&self) -> Vec<String>;
    fn id(&self) -> i64;
}

impl ApiReply for Reply {
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

pub async fn app() -> App {
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
    pub async fn api(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Reply {
        self.call(method, path, Some(token), body).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.api(Method::GET, path, token, None).await
    }

    /// A GET without an account (the agenda, the feeds).
    pub async fn get_anonymous(&self, path: &str) -> Reply {
        send(
            self.router.clone(),
            api_request(Method::GET, path, None, None),
        )
        .await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.api(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Reply {
        self.api(Method::PUT, path, token, Some(body)).await
    }

    /// Books through the API; the raw reply.
    pub async fn book(
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
    pub async fn booked(
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
    pub async fn calendar_path(&self, space: i64) -> String {
        let detail = self
            .get(&format!("/api/v1/spaces/{space}"), &self.desk)
            .await
            .json();
        detail["calendar_path"].as_str().unwrap().to_owned()
    }

    /// The two rooms and two uses of every test, set up as the administrator.
    pub async fn site(&self) -> Site {
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

pub struct Site {
    pub jaures: i64,
    pub zola: i64,
    pub reunion: i64,
    pub debat: i64,
}

pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A local day in the building's zone, some days from today.
pub fn day_in(days: i64) -> NaiveDate {
    Utc::now().with_timezone(&Paris).date_naive() + Duration::days(days)
}

/// The first day at least `after` days from today that falls on `weekday`.
pub fn next(weekday: Weekday, after: i64) -> NaiveDate {
    let mut d = day_in(after);
    while d.weekday() != weekday {
        d += Duration::days(1);
    }
    d
}

/// The first day at least three days from today in `month`.
pub fn next_in_month(month: u32) -> NaiveDate {
    let mut d = day_in(3);
    while d.month() != month {
        d += Duration::days(1);
    }
    d
}

/// A local time of a day, Paris rules.
pub fn at(day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    Paris
        .from_local_datetime(&day.and_hms_opt(h, m, 0).unwrap())
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

pub fn slot(
    day: NaiveDate,
    (h1, m1): (u32, u32),
    (h2, m2): (u32, u32),
) -> (DateTime<Utc>, DateTime<Utc>) {
    (at(day, h1, m1), at(day, h2, m2))
}

pub fn instant(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

pub fn ids(list: &Value) -> BTreeSet<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_i64().unwrap())
        .collect()
}
