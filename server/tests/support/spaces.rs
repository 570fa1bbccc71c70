//! What the chrono'espaces' library-level tests share (`spaces.rs`, `spaces_rules.rs`): a real
//! SQLite file, the test clock, spaces with their uses and timetables, bookings made and refused,
//! people, residents and associations, and the checks that the database is sound.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_protocol::AckResult;
use citeosquare_server::audit::Actor;
use citeosquare_server::auth::{self, NewUser, Role};
use citeosquare_server::people::{self, AssociationInput, PersonInput};
use citeosquare_server::refusal::Refusal;
use citeosquare_server::spaces::booking::{
    self, Made, NewBooking, NewSeries, Policy, Requester, Reschedule, Scope,
};
use citeosquare_server::spaces::{
    self, ExceptionInput, Mode, Space, SpaceInput, Use, UseInput, WindowInput, occupancy, timetable,
};
use citeosquare_server::{check, db};
use sqlx::SqlitePool;
use std::sync::Arc;

/// The clock of every test: Sunday 1 March 2026, 09:00 in Paris. Everything booked is after it.
pub fn now() -> DateTime<Utc> {
    "2026-03-01T08:00:00Z".parse().unwrap()
}

pub async fn fresh_db() -> (tempfile::TempDir, SqlitePool) {
    let dir = tempfile::tempdir().unwrap();
    let pool = db::open_and_migrate(&dir.path().join("spaces.db"))
        .await
        .unwrap();
    (dir, pool)
}

pub fn admin() -> Actor {
    Actor {
        id: None,
        name: "test".into(),
    }
}

/// The desk (reception), which books on anyone's behalf.
pub fn desk() -> Requester {
    Requester::desk(&admin())
}

/// A Paris wall-clock time that exists once, as an instant.
pub fn paris(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Paris
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .unwrap_or_else(|| panic!("{y}-{mo}-{d} {h}:{mi} is not a single local time"))
        .with_timezone(&Utc)
}

pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub async fn space(pool: &SqlitePool, name: &str, capacity: i64, parent: Option<i64>) -> Space {
    spaces::create_space(
        pool,
        &admin(),
        &SpaceInput {
            name: name.into(),
            capacity,
            parent_id: parent,
            refuse_when_full: true,
            ..SpaceInput::default()
        },
    )
    .await
    .unwrap()
}

/// A use with the schema's defaults (30 min – 4 h, no notice, no approval, free, no changeover),
/// open to nobody but the desk.
pub fn use_input(code: &str, mode: Mode) -> UseInput {
    UseInput {
        code: code.into(),
        name: code.into(),
        colour: "#336699".into(),
        mode: mode.as_str().into(),
        capacity: None,
        open_to_residents: false,
        open_to_associations: false,
        open_to_everyone: false,
        associations: vec![],
        min_minutes: 30,
        max_minutes: 240,
        notice_minutes: 0,
        approval: false,
        price_kind: "free".into(),
        price_per_hour: 0,
        changeover_before: 0,
        changeover_after: 0,
        checkin_grace_minutes: None,
        public_by_default: false,
    }
}

pub async fn use_(pool: &SqlitePool, input: UseInput) -> Use {
    spaces::create_use(pool, &admin(), &input).await.unwrap()
}

/// Sets the space's weekly timetable: each (weekdays, local start, local end, use) opens those
/// days for that use.
pub async fn timetable_of(pool: &SqlitePool, space_id: i64, windows: &[(&[u32], &str, &str, i64)]) {
    let input: Vec<WindowInput> = windows
        .iter()
        .flat_map(|(days, start, end, use_id)| {
            days.iter().map(move |d| WindowInput {
                weekday: *d,
                start: (*start).into(),
                end: (*end).into(),
                use_id: *use_id,
            })
        })
        .collect();
    spaces::set_windows(pool, &admin(), space_id, &input)
        .await
        .unwrap();
}

pub const EVERY_DAY: &[u32] = &[1, 2, 3, 4, 5, 6, 7];
pub const WEEKDAYS: &[u32] = &[1, 2, 3, 4, 5];

pub fn new_booking(
    space_id: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    title: &str,
) -> NewBooking {
    NewBooking {
        space_id,
        start,
        end,
        title: title.into(),
        note: String::new(),
        association_id: None,
        person_id: None,
        seats: 1,
        attendees_expected: None,
        public: None,
        request_key: None,
    }
}

pub async fn book(pool: &SqlitePool, req: &Requester, nb: &NewBooking) -> Result<Made, Refusal> {
    booking::create(pool, Paris, now(), req, nb).await
}

/// Books or panics.
pub async fn booked(pool: &SqlitePool, req: &Requester, nb: &NewBooking) -> booking::Booking {
    let made = book(pool, req, nb).await.unwrap();
    assert!(!made.replayed);
    made.booking
}

/// The key and argument of a refusal by rule, or a panic naming what came instead.
pub fn refusal<T: std::fmt::Debug>(r: Result<T, Refusal>) -> (&'static str, String) {
    match r {
        Err(Refusal::Conflict { key, arg }) => (key, arg),
        other => panic!("expected a refusal by rule, got {other:?}"),
    }
}

/// The field and key of a refused form.
pub fn field_refusal<T: std::fmt::Debug>(r: Result<T, Refusal>) -> (&'static str, &'static str) {
    match r {
        Err(Refusal::Invalid(errors)) => (errors[0].field, errors[0].key),
        other => panic!("expected a refused field, got {other:?}"),
    }
}

/// How many bookings of the space are in this state.
pub async fn count_in_state(pool: &SqlitePool, space_id: i64, state: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM space_bookings WHERE space_id = ? AND state = ?")
        .bind(space_id)
        .bind(state)
        .fetch_one(pool)
        .await
        .unwrap()
}

pub async fn state_of(pool: &SqlitePool, id: i64) -> (String, i64) {
    sqlx::query_as("SELECT state, sequence FROM space_bookings WHERE id = ?")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

pub async fn person(pool: &SqlitePool, first: &str, last: &str) -> i64 {
    people::create(
        pool,
        &admin(),
        &PersonInput {
            first_name: first.into(),
            last_name: last.into(),
            kind: "resident".into(),
            language: "fr".into(),
            ..PersonInput::default()
        },
    )
    .await
    .unwrap()
}

/// An account for a person, as the pages would see it (`Requester::of`).
pub async fn account(pool: &SqlitePool, username: &str, role: Role, person_id: i64) -> Requester {
    let mut conn = pool.acquire().await.unwrap();
    let id = auth::insert_user(
        &mut conn,
        &NewUser {
            username: username.into(),
            display_name: username.into(),
            role,
            password: String::new(),
            person_id: Some(person_id),
            must_change_password: false,
        },
        "not-a-real-hash",
    )
    .await
    .unwrap();
    drop(conn);
    let user = auth::user_by_id(pool, id).await.unwrap().unwrap();
    Requester::of(pool, &user).await.unwrap()
}

pub async fn resident(pool: &SqlitePool, first: &str, last: &str) -> Requester {
    let p = person(pool, first, last).await;
    account(pool, &first.to_lowercase(), Role::Resident, p).await
}

/// An association and its representative's account.
pub async fn association_with_representative(
    pool: &SqlitePool,
    name: &str,
    first: &str,
) -> (i64, Requester) {
    let a = people::create_association(
        pool,
        &admin(),
        &AssociationInput {
            name: name.into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    let p = person(pool, first, "Représentant").await;
    people::set_member(pool, &admin(), a, p, true)
        .await
        .unwrap();
    let req = account(pool, &first.to_lowercase(), Role::Association, p).await;
    assert_eq!(req.represents, vec![a]);
    (a, req)
}

/// The end of every test: every invariant `citeosquare check` knows holds — among them no two
/// confirmed bookings holding a room (or a whole and its half) at once, seats within capacity.
pub async fn assert_sound(pool: &SqlitePool) {
    let findings = check::run(pool).await.unwrap();
    let bad: Vec<String> = findings
        .iter()
        .filter(|f| !f.ok)
        .map(|f| format!("{}: {}", f.name, f.detail))
        .collect();
    assert!(bad.is_empty(), "check found: {bad:#?}");
    assert!(findings.iter().any(|f| f.name == "no_double_booking"));
}

pub fn series(
    space_id: i64,
    first_day: &str,
    rule: &str,
    policy: Policy,
    title: &str,
) -> NewSeries {
    NewSeries {
        space_id,
        first_day: day(first_day),
        start: "19:00".into(),
        end: "21:00".into(),
        rule: rule.into(),
        policy,
        title: title.into(),
        note: String::new(),
        association_id: None,
        person_id: None,
        attendees_expected: None,
        public: None,
    }
}
