//! Chrono'espaces at library level, on a real SQLite file (`db::open_and_migrate`, WAL, the
//! server's pool): spaces, uses and timetables set up through `spaces`, bookings through
//! `spaces::booking`, door taps through `spaces::occupancy`, all in `Europe/Paris`.
//!
//! DESIGN.md §4 rule 2 — no double booking, through any door: 64 simultaneous requests, two
//! approvals at once, a series, raw SQL. Issue 5's tests: a weekly 19:00 keeps 19:00 across the
//! daylight-saving changes; windows on the 23-hour and 25-hour days; divisible rooms both ways;
//! changeovers; seats against the capacity of a drop-in use; and every rule a booking can break,
//! refused with its reason and the slot it collides with.
#![allow(clippy::unwrap_used)]

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

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// The clock of every test: Sunday 1 March 2026, 09:00 in Paris. Everything booked is after it.
fn now() -> DateTime<Utc> {
    "2026-03-01T08:00:00Z".parse().unwrap()
}

async fn fresh_db() -> (tempfile::TempDir, SqlitePool) {
    let dir = tempfile::tempdir().unwrap();
    let pool = db::open_and_migrate(&dir.path().join("spaces.db"))
        .await
        .unwrap();
    (dir, pool)
}

fn admin() -> Actor {
    Actor {
        id: None,
        name: "test".into(),
    }
}

/// The desk (reception), which books on anyone's behalf.
fn desk() -> Requester {
    Requester::desk(&admin())
}

/// A Paris wall-clock time that exists once, as an instant.
fn paris(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Paris
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .unwrap_or_else(|| panic!("{y}-{mo}-{d} {h}:{mi} is not a single local time"))
        .with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn space(pool: &SqlitePool, name: &str, capacity: i64, parent: Option<i64>) -> Space {
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
fn use_input(code: &str, mode: Mode) -> UseInput {
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

async fn use_(pool: &SqlitePool, input: UseInput) -> Use {
    spaces::create_use(pool, &admin(), &input).await.unwrap()
}

/// Sets the space's weekly timetable: each (weekdays, local start, local end, use) opens those
/// days for that use.
async fn timetable_of(pool: &SqlitePool, space_id: i64, windows: &[(&[u32], &str, &str, i64)]) {
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

const EVERY_DAY: &[u32] = &[1, 2, 3, 4, 5, 6, 7];
const WEEKDAYS: &[u32] = &[1, 2, 3, 4, 5];

fn new_booking(space_id: i64, start: DateTime<Utc>, end: DateTime<Utc>, title: &str) -> NewBooking {
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

async fn book(pool: &SqlitePool, req: &Requester, nb: &NewBooking) -> Result<Made, Refusal> {
    booking::create(pool, Paris, now(), req, nb).await
}

/// Books or panics.
async fn booked(pool: &SqlitePool, req: &Requester, nb: &NewBooking) -> booking::Booking {
    let made = book(pool, req, nb).await.unwrap();
    assert!(!made.replayed);
    made.booking
}

/// The key and argument of a refusal by rule, or a panic naming what came instead.
fn refusal<T: std::fmt::Debug>(r: Result<T, Refusal>) -> (&'static str, String) {
    match r {
        Err(Refusal::Conflict { key, arg }) => (key, arg),
        other => panic!("expected a refusal by rule, got {other:?}"),
    }
}

/// The field and key of a refused form.
fn field_refusal<T: std::fmt::Debug>(r: Result<T, Refusal>) -> (&'static str, &'static str) {
    match r {
        Err(Refusal::Invalid(errors)) => (errors[0].field, errors[0].key),
        other => panic!("expected a refused field, got {other:?}"),
    }
}

/// How many bookings of the space are in this state.
async fn count_in_state(pool: &SqlitePool, space_id: i64, state: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM space_bookings WHERE space_id = ? AND state = ?")
        .bind(space_id)
        .bind(state)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn state_of(pool: &SqlitePool, id: i64) -> (String, i64) {
    sqlx::query_as("SELECT state, sequence FROM space_bookings WHERE id = ?")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn person(pool: &SqlitePool, first: &str, last: &str) -> i64 {
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
async fn account(pool: &SqlitePool, username: &str, role: Role, person_id: i64) -> Requester {
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

async fn resident(pool: &SqlitePool, first: &str, last: &str) -> Requester {
    let p = person(pool, first, last).await;
    account(pool, &first.to_lowercase(), Role::Resident, p).await
}

/// An association and its representative's account.
async fn association_with_representative(
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
async fn assert_sound(pool: &SqlitePool) {
    let findings = check::run(pool).await.unwrap();
    let bad: Vec<String> = findings
        .iter()
        .filter(|f| !f.ok)
        .map(|f| format!("{}: {}", f.name, f.detail))
        .collect();
    assert!(bad.is_empty(), "check found: {bad:#?}");
    assert!(findings.iter().any(|f| f.name == "no_double_booking"));
}

// ---------------------------------------------------------------------------------------------
// No double booking: concurrency, approvals, raw SQL
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_simultaneous_requests_for_one_slot_confirm_exactly_one() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle polyvalente", 40, None).await;
    let debat = use_(&pool, use_input("debat", Mode::Event)).await;
    timetable_of(&pool, salle.id, &[(EVERY_DAY, "08:00", "23:00", debat.id)]).await;
    let (start, end) = (paris(2026, 10, 15, 18, 0), paris(2026, 10, 15, 20, 0));
    let salle_id = salle.id;

    let barrier = Arc::new(tokio::sync::Barrier::new(64));
    let mut tasks = vec![];
    for i in 0..64 {
        let pool = pool.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            let nb = NewBooking {
                request_key: Some(format!("clic-{i}")),
                ..new_booking(salle_id, start, end, &format!("Débat n° {i}"))
            };
            barrier.wait().await;
            (i, book(&pool, &desk(), &nb).await)
        }));
    }
    let mut winners = vec![];
    let mut refusals = vec![];
    for t in tasks {
        match t.await.unwrap() {
            (i, Ok(made)) => winners.push((i, made)),
            (i, Err(e)) => refusals.push((i, refusal(Err::<(), _>(e)))),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one request gets the room");
    assert_eq!(refusals.len(), 63);
    let (w, made) = &winners[0];
    assert_eq!(made.booking.state, "confirmed");
    assert_eq!(made.booking.title, format!("Débat n° {w}"));
    for (i, (key, arg)) in &refusals {
        match *key {
            // Seen by the application first: it names the slot collided with, the winner's.
            "error-space-conflict" => assert_eq!(
                arg,
                &format!("« Débat n° {w} », Salle polyvalente, 15/10/2026 18:00–20:00"),
                "request {i}"
            ),
            // Only the database's trigger caught it.
            "error-space-conflict-unknown" => {}
            other => panic!("request {i} refused with {other}: {arg}"),
        }
    }
    assert_eq!(count_in_state(&pool, salle.id, "confirmed").await, 1);
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM space_bookings")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 1, "a refused request leaves no row behind");
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'space.booking.create'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
    assert_sound(&pool).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_requests_approved_at_once_give_the_room_once_and_the_loser_can_be_declined() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle des associations", 30, None).await;
    let reunion = use_(
        &pool,
        UseInput {
            open_to_associations: true,
            approval: true,
            ..use_input("association", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(
        &pool,
        salle.id,
        &[(EVERY_DAY, "09:00", "22:00", reunion.id)],
    )
    .await;
    let (jardins, alice) =
        association_with_representative(&pool, "Jardins partagés", "Alice").await;
    let (velo, bruno) = association_with_representative(&pool, "Vélo solidaire", "Bruno").await;
    let (start, end) = (paris(2026, 5, 9, 14, 0), paris(2026, 5, 9, 17, 0));

    let a = booked(
        &pool,
        &alice,
        &NewBooking {
            association_id: Some(jardins),
            ..new_booking(salle.id, start, end, "Assemblée des jardiniers")
        },
    )
    .await;
    let b = booked(
        &pool,
        &bruno,
        &NewBooking {
            association_id: Some(velo),
            ..new_booking(salle.id, start, end, "Bourse aux vélos")
        },
    )
    .await;
    assert_eq!(
        (a.state.as_str(), b.state.as_str()),
        ("requested", "requested")
    );
    assert_eq!(count_in_state(&pool, salle.id, "confirmed").await, 0);
    assert_eq!(booking::request_count(&pool).await.unwrap(), 2);

    // Two members of the desk approve at the same moment.
    let barrier = Arc::new(tokio::sync::Barrier::new(2));
    let approvals: Vec<_> = [a.id, b.id]
        .into_iter()
        .map(|id| {
            let pool = pool.clone();
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                (
                    id,
                    booking::approve(&pool, Paris, now(), &desk(), id, "Bonne réunion").await,
                )
            })
        })
        .collect();
    let mut confirmed = vec![];
    let mut refused = vec![];
    for t in approvals {
        match t.await.unwrap() {
            (id, Ok(after)) => confirmed.push((id, after)),
            (id, Err(e)) => refused.push((id, refusal(Err::<(), _>(e)))),
        }
    }
    assert_eq!(confirmed.len(), 1, "one approval wins");
    assert_eq!(refused.len(), 1);
    let (winner, after) = &confirmed[0];
    assert_eq!(after.state, "confirmed");
    assert_eq!(after.sequence, 1);
    assert_eq!(after.decision_message.as_deref(), Some("Bonne réunion"));
    let (loser, (key, arg)) = &refused[0];
    let winner_title = if *winner == a.id {
        "Assemblée des jardiniers"
    } else {
        "Bourse aux vélos"
    };
    assert_eq!(*key, "error-space-conflict");
    assert_eq!(
        arg,
        &format!("« {winner_title} », Salle des associations, 09/05/2026 14:00–17:00"),
        "the refusal names the request that won"
    );
    assert_eq!(count_in_state(&pool, salle.id, "confirmed").await, 1);
    assert_eq!(
        state_of(&pool, *loser).await,
        ("requested".into(), 0),
        "the losing request still waits, untouched"
    );
    // Approving it again is still refused; declining it needs a message, then works.
    let again = booking::approve(&pool, Paris, now(), &desk(), *loser, "").await;
    assert_eq!(refusal(again).0, "error-space-conflict");
    assert_eq!(
        field_refusal(booking::decline(&pool, now(), &desk(), *loser, " ").await),
        ("message", "error-space-message-required")
    );
    let declined = booking::decline(&pool, now(), &desk(), *loser, "Salle déjà prise ce jour-là")
        .await
        .unwrap();
    assert_eq!(declined.state, "declined");
    assert_eq!(
        declined.decision_message.as_deref(),
        Some("Salle déjà prise ce jour-là")
    );
    assert_eq!(booking::request_count(&pool).await.unwrap(), 0);
    // A representative cannot approve.
    let c = booked(
        &pool,
        &alice,
        &NewBooking {
            association_id: Some(jardins),
            ..new_booking(
                salle.id,
                paris(2026, 5, 10, 10, 0),
                paris(2026, 5, 10, 12, 0),
                "Atelier semis",
            )
        },
    )
    .await;
    let r = booking::approve(&pool, Paris, now(), &alice, c.id, "").await;
    assert_eq!(refusal(r).0, "error-space-staff-only");
    assert_eq!(state_of(&pool, c.id).await.0, "requested");
    assert_sound(&pool).await;
}

#[tokio::test]
async fn a_requested_series_is_approved_by_its_policy_and_never_over_a_confirmed_date() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle des associations", 30, None).await;
    let reunion = use_(
        &pool,
        UseInput {
            open_to_associations: true,
            approval: true,
            ..use_input("association", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(
        &pool,
        salle.id,
        &[(EVERY_DAY, "09:00", "23:00", reunion.id)],
    )
    .await;
    let (jardins, alice) =
        association_with_representative(&pool, "Jardins partagés", "Alice").await;
    let (velo, bruno) = association_with_representative(&pool, "Vélo solidaire", "Bruno").await;
    // Tuesdays 5, 12, 19 and 26 May, 19:00–21:00: Alice takes what is free, Bruno all or nothing.
    let ask = |req: Requester, association, policy, title: &'static str| {
        let pool = pool.clone();
        async move {
            let ns = NewSeries {
                association_id: Some(association),
                ..series(salle.id, "2026-05-05", "FREQ=WEEKLY;COUNT=4", policy, title)
            };
            let made = booking::create_series(&pool, Paris, now(), &req, &ns)
                .await
                .unwrap();
            made.series_id.unwrap()
        }
    };
    let skip = ask(alice.clone(), jardins, Policy::SkipConflicts, "Jardiniers").await;
    let all = ask(bruno.clone(), velo, Policy::AllOrNothing, "Atelier vélo").await;
    let states = |series_id| {
        let pool = pool.clone();
        async move {
            booking::of_series(&pool, series_id)
                .await
                .unwrap()
                .into_iter()
                .map(|b| b.state)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(states(skip).await, ["requested"; 4]);
    assert_eq!(states(all).await, ["requested"; 4]);
    // Meanwhile the desk gives the second Tuesday to the neighbourhood council.
    booked(
        &pool,
        &desk(),
        &new_booking(
            salle.id,
            paris(2026, 5, 12, 19, 30),
            paris(2026, 5, 12, 20, 30),
            "Conseil de quartier",
        ),
    )
    .await;

    // All or nothing: refused whole, naming the date in the way; nothing changes.
    let r = booking::approve_series(&pool, Paris, now(), &desk(), all, "").await;
    assert_eq!(
        refusal(r),
        (
            "error-space-conflict",
            "« Conseil de quartier », Salle des associations, 12/05/2026 19:30–20:30".into()
        )
    );
    assert_eq!(states(all).await, ["requested"; 4]);
    // Skip-conflicts: the free dates confirmed, the other declined with the reason.
    let after = booking::approve_series(&pool, Paris, now(), &desk(), skip, "Accordé")
        .await
        .unwrap();
    let got: Vec<&str> = after.iter().map(|b| b.state.as_str()).collect();
    assert_eq!(got, ["confirmed", "declined", "confirmed", "confirmed"]);
    assert!(
        after[1]
            .decision_message
            .as_deref()
            .is_some_and(|m| m.starts_with("Conflit : « Conseil de quartier »")),
        "{:?}",
        after[1].decision_message
    );
    // Bruno's series can no longer be approved at all.
    let r = booking::approve_series(&pool, Paris, now(), &desk(), all, "").await;
    assert_eq!(refusal(r).0, "error-space-conflict");
    assert_eq!(states(all).await, ["requested"; 4]);
    assert_eq!(count_in_state(&pool, salle.id, "confirmed").await, 4);
    assert_sound(&pool).await;
}

/// A booking row written by hand, changeovers included in `block`.
#[allow(clippy::too_many_arguments)]
async fn raw_insert(
    pool: &SqlitePool,
    uid: &str,
    space: (i64, i64),
    state: &str,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    block: (i64, i64),
    shared: bool,
    capacity: i64,
) -> Result<(), String> {
    sqlx::query(
        "INSERT INTO space_bookings (uid, space_id, use_id, state, start_at, end_at, block_start,
             block_end, shared, seats, capacity, title, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 'À la main', ?, ?)",
    )
    .bind(uid)
    .bind(space.0)
    .bind(space.1)
    .bind(state)
    .bind(db::instant_text(start))
    .bind(db::instant_text(end))
    .bind(block.0)
    .bind(block.1)
    .bind(shared)
    .bind(capacity)
    .bind(db::instant_text(now()))
    .bind(db::instant_text(now()))
    .execute(pool)
    .await
    .map(|_| ())
    .map_err(|e| e.to_string())
}

type BookingRow = (i64, String, String, String, i64, i64, i64);

async fn all_bookings(pool: &SqlitePool) -> Vec<BookingRow> {
    sqlx::query_as(
        "SELECT id, uid, state, start_at, block_start, block_end, sequence FROM space_bookings
         ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn raw_sql_cannot_insert_confirm_move_revive_delete_or_replace_its_way_to_a_double_booking() {
    let (_dir, pool) = fresh_db().await;
    let whole = space(&pool, "Grande salle", 60, None).await;
    let half = space(&pool, "Grande salle — côté jardin", 30, Some(whole.id)).await;
    let cowork = space(&pool, "Coworking", 20, None).await;
    let atelier = use_(
        &pool,
        UseInput {
            changeover_after: 30,
            ..use_input("atelier", Mode::Exclusive)
        },
    )
    .await;
    let seats = use_(
        &pool,
        UseInput {
            capacity: Some(2),
            ..use_input("coworking", Mode::Dropin)
        },
    )
    .await;
    for s in [whole.id, half.id] {
        timetable_of(&pool, s, &[(EVERY_DAY, "08:00", "22:00", atelier.id)]).await;
    }
    timetable_of(&pool, cowork.id, &[(EVERY_DAY, "08:00", "18:00", seats.id)]).await;

    // Through the library: the whole room 10:00–11:00 (held until 11:30), an evening booking,
    // a cancelled one, and the two seats of the coworking.
    let at = |h: u32, m: u32| paris(2026, 6, 3, h, m);
    let ts = |h: u32, m: u32| at(h, m).timestamp();
    let held = booked(
        &pool,
        &desk(),
        &new_booking(whole.id, at(10, 0), at(11, 0), "Atelier"),
    )
    .await;
    assert_eq!((held.block_start, held.block_end), (ts(10, 0), ts(11, 30)));
    let evening = booked(
        &pool,
        &desk(),
        &new_booking(whole.id, at(18, 0), at(19, 0), "Soirée"),
    )
    .await;
    let gone = booked(
        &pool,
        &desk(),
        &new_booking(whole.id, at(14, 0), at(15, 0), "Annulé"),
    )
    .await;
    booking::cancel(&pool, now(), &desk(), gone.id, Scope::One, "")
        .await
        .unwrap();
    for _ in 0..2 {
        booked(
            &pool,
            &desk(),
            &new_booking(cowork.id, at(9, 0), at(12, 0), "Place"),
        )
        .await;
    }
    let before = all_bookings(&pool).await;

    let (w, h, c) = (
        (whole.id, atelier.id),
        (half.id, atelier.id),
        (cowork.id, seats.id),
    );
    let refused_inserts = [
        // Overlapping the booking itself.
        (
            "overlap",
            w,
            (at(10, 30), at(11, 30)),
            (ts(10, 30), ts(11, 30)),
            false,
            60,
            "space_conflict",
        ),
        // In its changeover only.
        (
            "changeover",
            w,
            (at(11, 15), at(12, 0)),
            (ts(11, 15), ts(12, 0)),
            false,
            60,
            "space_conflict",
        ),
        // A half of the room it holds.
        (
            "half",
            h,
            (at(10, 0), at(11, 0)),
            (ts(10, 0), ts(11, 0)),
            false,
            30,
            "space_conflict",
        ),
        // A third seat where the capacity is two.
        (
            "third seat",
            c,
            (at(10, 0), at(11, 0)),
            (ts(10, 0), ts(11, 0)),
            true,
            2,
            "space_full",
        ),
        // The whole coworking over the seats.
        (
            "over seats",
            c,
            (at(11, 0), at(13, 0)),
            (ts(11, 0), ts(13, 0)),
            false,
            20,
            "space_conflict",
        ),
    ];
    for (what, sp, times, block, shared, cap, expected) in refused_inserts {
        let e = raw_insert(&pool, what, sp, "confirmed", times, block, shared, cap)
            .await
            .unwrap_err();
        assert!(e.contains(expected), "{what}: {e}");
    }
    assert_eq!(all_bookings(&pool).await, before);

    // A request holds nothing, so it goes in; confirming it by hand does not.
    raw_insert(
        &pool,
        "request",
        w,
        "requested",
        (at(10, 30), at(11, 0)),
        (ts(10, 30), ts(11, 0)),
        false,
        60,
    )
    .await
    .unwrap();
    let after_request = all_bookings(&pool).await;
    let refused_statements = [
        ("UPDATE space_bookings SET state = 'confirmed' WHERE uid = 'request'".to_owned(), "space_conflict"),
        // Moving the evening booking onto the morning one.
        (
            format!(
                "UPDATE space_bookings SET start_at = '{}', end_at = '{}', block_start = {}, block_end = {}
                 WHERE id = {}",
                db::instant_text(at(10, 30)),
                db::instant_text(at(11, 30)),
                ts(10, 30),
                ts(11, 30),
                evening.id
            ),
            "space_conflict",
        ),
        // Widening its changeover over the morning (the block only: times untouched).
        (
            format!("UPDATE space_bookings SET block_start = {} WHERE id = {}", ts(11, 0), evening.id),
            "space_conflict",
        ),
        // Bringing a cancelled booking back.
        (format!("UPDATE space_bookings SET state = 'confirmed' WHERE id = {}", gone.id), "space_booking_state"),
        (format!("UPDATE space_bookings SET state = 'requested' WHERE id = {}", held.id), "space_booking_state"),
        (format!("DELETE FROM space_bookings WHERE id = {}", held.id), "never deleted"),
        (
            format!(
                "INSERT OR REPLACE INTO space_bookings (id, uid, space_id, use_id, state, start_at,
                     end_at, block_start, block_end, capacity, title, created_at, updated_at)
                 SELECT id, uid, space_id, use_id, 'confirmed', start_at, end_at, block_start,
                     block_end, capacity, title, created_at, updated_at
                 FROM space_bookings WHERE id = {}",
                gone.id
            ),
            "never",
        ),
        // A booking "held" for less than its own times.
        (
            format!("UPDATE space_bookings SET block_end = {} WHERE id = {}", ts(10, 30), held.id),
            "CHECK constraint failed",
        ),
    ];
    for (sql, expected) in refused_statements {
        let e = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
            .execute(&pool)
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains(expected), "{sql}: {e}");
        assert_eq!(
            all_bookings(&pool).await,
            after_request,
            "{sql} changed something"
        );
    }
    assert_eq!(count_in_state(&pool, whole.id, "confirmed").await, 2);
    assert_eq!(count_in_state(&pool, half.id, "confirmed").await, 0);
    assert_eq!(count_in_state(&pool, cowork.id, "confirmed").await, 2);
    assert_sound(&pool).await;
}

// ---------------------------------------------------------------------------------------------
// Daylight-saving changes
// ---------------------------------------------------------------------------------------------

fn series(space_id: i64, first_day: &str, rule: &str, policy: Policy, title: &str) -> NewSeries {
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

/// Whether Paris is on summer time (UTC+2) on that day at 19:00.
fn summer(d: NaiveDate) -> bool {
    let spring_2026 = day("2026-03-29");
    let autumn_2026 = day("2026-10-25");
    let spring_2027 = day("2027-03-28");
    (d >= spring_2026 && d < autumn_2026) || d >= spring_2027
}

#[tokio::test]
async fn a_weekly_series_at_seven_pm_stays_at_seven_pm_on_both_sides_of_each_dst_change() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle polyvalente", 40, None).await;
    let (jardins, alice) =
        association_with_representative(&pool, "Jardins partagés", "Alice").await;
    let reunion = use_(
        &pool,
        UseInput {
            open_to_associations: true,
            ..use_input("association", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(
        &pool,
        salle.id,
        &[(EVERY_DAY, "08:00", "23:00", reunion.id)],
    )
    .await;

    // March 2026 (29 March: 23 hours), then October 2026 (25 October: 25 hours) to April 2027
    // (28 March 2027: 23 hours again).
    for (first, count, summers, winters) in [("2026-03-05", 6, 2, 4), ("2026-10-01", 30, 8, 22)] {
        let ns = NewSeries {
            association_id: Some(jardins),
            ..series(
                salle.id,
                first,
                &format!("FREQ=WEEKLY;COUNT={count}"),
                Policy::AllOrNothing,
                "Réunion hebdomadaire des jardiniers",
            )
        };
        let made = booking::create_series(&pool, Paris, now(), &alice, &ns)
            .await
            .unwrap();
        let series_id = made.series_id.expect("the series is booked");
        assert_eq!(made.occurrences.len(), count);
        let stored = booking::of_series(&pool, series_id).await.unwrap();
        assert_eq!(stored.len(), count);
        let (mut s, mut w) = (0, 0);
        for (o, b) in made.occurrences.iter().zip(&stored) {
            assert_eq!(o.refused, None, "{}", o.day);
            assert_eq!(o.booking_id, Some(b.id));
            assert_eq!(b.state, "confirmed");
            assert_eq!(b.start(), o.start);
            let local = b.start().with_timezone(&Paris);
            assert_eq!((local.hour(), local.minute()), (19, 0), "{}", o.day);
            assert_eq!(local.date_naive(), o.day);
            assert_eq!(b.end().with_timezone(&Paris).hour(), 21, "{}", o.day);
            assert_eq!(b.minutes(), 120, "{}", o.day);
            let utc_hour = b.start().hour();
            if summer(o.day) {
                assert_eq!(utc_hour, 17, "{} is in summer time", o.day);
                s += 1;
            } else {
                assert_eq!(utc_hour, 18, "{} is in winter time", o.day);
                w += 1;
            }
            assert_eq!(
                b.occurrence_day.as_deref(),
                Some(o.day.to_string().as_str())
            );
        }
        assert_eq!((s, w), (summers, winters), "series from {first}");
        // Seven days apart on the wall clock, 7 × 24 h ± 1 h across a change.
        for pair in stored.windows(2) {
            let gap = pair[1].start() - pair[0].start();
            assert!(
                [167, 168, 169].contains(&gap.num_hours()),
                "{} → {}",
                pair[0].start_at,
                pair[1].start_at
            );
        }
    }
    assert_eq!(count_in_state(&pool, salle.id, "confirmed").await, 36);
    assert_sound(&pool).await;
}

#[tokio::test]
async fn a_series_all_or_nothing_books_nothing_when_one_date_collides_and_skip_conflicts_books_the_rest()
 {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle polyvalente", 40, None).await;
    let reunion = use_(&pool, use_input("association", Mode::Exclusive)).await;
    timetable_of(
        &pool,
        salle.id,
        &[(EVERY_DAY, "08:00", "23:00", reunion.id)],
    )
    .await;
    // A screening on the fifth Thursday, across the autumn change.
    let cine = booked(
        &pool,
        &desk(),
        &new_booking(
            salle.id,
            paris(2026, 11, 5, 19, 30),
            paris(2026, 11, 5, 22, 0),
            "Ciné-débat",
        ),
    )
    .await;
    let ns = |policy| {
        series(
            salle.id,
            "2026-10-08",
            "FREQ=WEEKLY;COUNT=10",
            policy,
            "Chorale",
        )
    };

    let mut conn = pool.acquire().await.unwrap();
    let preview = booking::preview(&mut conn, Paris, now(), &desk(), &ns(Policy::AllOrNothing))
        .await
        .unwrap();
    drop(conn);
    let refused: Vec<_> = preview.iter().filter(|o| o.refused.is_some()).collect();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].day, day("2026-11-05"));
    assert_eq!(refused[0].refused.as_deref(), Some("error-space-conflict"));
    assert_eq!(
        refused[0].detail,
        "« Ciné-débat », Salle polyvalente, 05/11/2026 19:30–22:00"
    );

    let all = booking::create_series(&pool, Paris, now(), &desk(), &ns(Policy::AllOrNothing))
        .await
        .unwrap();
    assert_eq!(all.series_id, None, "all or nothing: nothing");
    assert_eq!(all.occurrences, preview, "the outcome is the one previewed");
    assert_eq!(count_in_state(&pool, salle.id, "confirmed").await, 1);
    let series_rows: i64 = sqlx::query_scalar("SELECT count(*) FROM space_series")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(series_rows, 0);

    let some = booking::create_series(&pool, Paris, now(), &desk(), &ns(Policy::SkipConflicts))
        .await
        .unwrap();
    let series_id = some.series_id.unwrap();
    let booked_days: Vec<NaiveDate> = some
        .occurrences
        .iter()
        .filter(|o| o.booking_id.is_some())
        .map(|o| o.day)
        .collect();
    assert_eq!(booked_days.len(), 9);
    assert!(!booked_days.contains(&day("2026-11-05")));
    let skipped = some
        .occurrences
        .iter()
        .find(|o| o.refused.is_some())
        .unwrap();
    assert_eq!((skipped.day, skipped.booking_id), (day("2026-11-05"), None));
    assert!(skipped.detail.contains("Ciné-débat"), "{}", skipped.detail);
    let stored = booking::of_series(&pool, series_id).await.unwrap();
    assert_eq!(stored.len(), 9);
    assert!(
        stored
            .iter()
            .all(|b| b.state == "confirmed" && b.start().with_timezone(&Paris).hour() == 19)
    );
    assert_eq!(count_in_state(&pool, salle.id, "confirmed").await, 10);
    assert_eq!(state_of(&pool, cine.id).await, ("confirmed".into(), 0));
    assert_sound(&pool).await;
}

#[tokio::test]
async fn a_full_day_window_lasts_23_hours_on_the_spring_change_and_25_on_the_autumn_change() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle des fêtes", 80, None).await;
    let journee = use_(
        &pool,
        UseInput {
            min_minutes: 5,
            max_minutes: 10_080,
            ..use_input("journee", Mode::Exclusive)
        },
    )
    .await;
    // Sundays only, the whole day.
    timetable_of(&pool, salle.id, &[(&[7], "00:00", "24:00", journee.id)]).await;
    let minute = Duration::minutes(1);

    for (sunday, hours) in [("2026-03-29", 23), ("2026-10-25", 25), ("2026-11-01", 24)] {
        let d = day(sunday);
        let (start, end) = (
            timetable::instant(Paris, d, 0),
            timetable::instant(Paris, d, 1440),
        );
        assert_eq!(end - start, Duration::hours(hours), "{sunday}");
        let mut conn = pool.acquire().await.unwrap();
        let slots = timetable::slots(&mut conn, Paris, &[salle.id], d, d)
            .await
            .unwrap();
        drop(conn);
        assert_eq!(slots.len(), 1);
        assert_eq!((slots[0].start, slots[0].end), (start, end), "{sunday}");

        // A minute more, at either end, is outside the window (the days around are closed).
        for (s, e) in [(start, end + minute), (start - minute, end)] {
            let (key, arg) =
                refusal(book(&pool, &desk(), &new_booking(salle.id, s, e, "Fête")).await);
            assert_eq!(
                (key, arg.as_str()),
                ("error-space-outside-window", "00:00–24:00"),
                "{sunday}"
            );
        }
        let b = booked(
            &pool,
            &desk(),
            &new_booking(salle.id, start, end, "Fête de quartier"),
        )
        .await;
        assert_eq!(b.minutes(), hours * 60, "{sunday}");
        assert_eq!(b.start_at, db::instant_text(start));
        assert_eq!(b.end_at, db::instant_text(end));
    }
    let held: Vec<(String, String)> = sqlx::query_as(
        "SELECT start_at, end_at FROM space_bookings WHERE state = 'confirmed' ORDER BY start_at",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        held,
        [
            ("2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z"),
            ("2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z"),
            ("2026-10-31T23:00:00.000Z", "2026-11-01T23:00:00.000Z"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert_sound(&pool).await;
}

/// 02:30 on 29 March 2026 does not exist in Paris (02:00 → 03:00). A series or a move asked for
/// 02:30–04:00 that night starts at 03:30 summer time, i.e. 01:30 UTC — the instant 02:30 would
/// have been on winter time (RFC 5545's reading of a time in the gap) — and lasts 30 minutes.
#[tokio::test]
async fn a_time_in_the_missing_spring_hour_is_read_an_hour_later_on_the_wall_clock() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle des fêtes", 80, None).await;
    let nuit = use_(
        &pool,
        UseInput {
            min_minutes: 5,
            ..use_input("nuit", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(&pool, salle.id, &[(EVERY_DAY, "00:00", "24:00", nuit.id)]).await;
    let missing = day("2026-03-29");
    let expected_start: DateTime<Utc> = "2026-03-29T01:30:00Z".parse().unwrap();
    let expected_end: DateTime<Utc> = "2026-03-29T02:00:00Z".parse().unwrap();
    assert_eq!(expected_start.with_timezone(&Paris).hour(), 3);

    // A one-date series.
    let ns = NewSeries {
        start: "02:30".into(),
        end: "04:00".into(),
        ..series(
            salle.id,
            "2026-03-29",
            "FREQ=DAILY;COUNT=1",
            Policy::AllOrNothing,
            "Veillée",
        )
    };
    let made = booking::create_series(&pool, Paris, now(), &desk(), &ns)
        .await
        .unwrap();
    assert!(made.series_id.is_some());
    assert_eq!(made.occurrences.len(), 1);
    let o = &made.occurrences[0];
    assert_eq!(
        (o.day, o.start, o.end),
        (missing, expected_start, expected_end)
    );
    let b = booking::booking(&pool, o.booking_id.unwrap())
        .await
        .unwrap();
    assert_eq!(b.minutes(), 30);
    // The same night in the middle of a weekly series: the same instants, and no date dropped.
    let mut conn = pool.acquire().await.unwrap();
    let weekly = NewSeries {
        first_day: day("2026-03-22"),
        rule: "FREQ=WEEKLY;COUNT=3".into(),
        ..ns.clone()
    };
    let dates = booking::preview(&mut conn, Paris, now(), &desk(), &weekly)
        .await
        .unwrap();
    drop(conn);
    let days: Vec<NaiveDate> = dates.iter().map(|o| o.day).collect();
    assert_eq!(days, [day("2026-03-22"), missing, day("2026-04-05")]);
    assert_eq!(
        (dates[1].start, dates[1].end),
        (expected_start, expected_end)
    );
    assert_eq!(
        dates[1].refused.as_deref(),
        Some("error-space-conflict"),
        "the one-date series holds it"
    );
    for o in [&dates[0], &dates[2]] {
        let local = o.start.with_timezone(&Paris);
        assert_eq!((local.hour(), local.minute()), (2, 30), "{}", o.day);
    }

    // A booking moved to 02:30–04:00 that day: the same instants.
    let other = booked(
        &pool,
        &desk(),
        &new_booking(
            salle.id,
            paris(2026, 3, 28, 10, 0),
            paris(2026, 3, 28, 11, 0),
            "Veillée bis",
        ),
    )
    .await;
    booking::cancel(&pool, now(), &desk(), b.id, Scope::One, "")
        .await
        .unwrap();
    let moved = booking::reschedule(
        &pool,
        Paris,
        now(),
        &desk(),
        other.id,
        &Reschedule {
            day: Some(missing),
            start: "02:30".into(),
            end: "04:00".into(),
            scope: Scope::One,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (moved[0].start(), moved[0].end()),
        (expected_start, expected_end)
    );
    assert_eq!(moved[0].uid, other.uid);
    assert_sound(&pool).await;
}

// ---------------------------------------------------------------------------------------------
// Divisible rooms, changeovers, seats
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_divisible_room_blocks_its_halves_and_a_half_blocks_the_whole_but_not_the_other_half() {
    let (_dir, pool) = fresh_db().await;
    let whole = space(&pool, "Grande salle", 60, None).await;
    let jardin = space(&pool, "Grande salle — côté jardin", 30, Some(whole.id)).await;
    let cour = space(&pool, "Grande salle — côté cour", 30, Some(whole.id)).await;
    let reunion = use_(&pool, use_input("reunion", Mode::Exclusive)).await;
    for s in [whole.id, jardin.id, cour.id] {
        timetable_of(&pool, s, &[(EVERY_DAY, "08:00", "22:00", reunion.id)]).await;
    }
    let mut related = spaces::related_spaces(&pool, whole.id).await.unwrap();
    related.sort();
    assert_eq!(related, vec![whole.id, jardin.id, cour.id]);

    // The whole room on 4 June: both halves are taken.
    let at = |h| paris(2026, 6, 4, h, 0);
    booked(
        &pool,
        &desk(),
        &new_booking(whole.id, at(10), at(12), "Forum des associations"),
    )
    .await;
    for (half, (s, e)) in [(jardin.id, (10, 12)), (cour.id, (11, 13))] {
        let r = book(&pool, &desk(), &new_booking(half, at(s), at(e), "Atelier")).await;
        assert_eq!(
            refusal(r),
            (
                "error-space-conflict-divisible",
                "« Forum des associations », Grande salle, 04/06/2026 10:00–12:00".into()
            )
        );
    }
    booked(
        &pool,
        &desk(),
        &new_booking(jardin.id, at(12), at(13), "Juste après"),
    )
    .await;

    // A half on 5 June: the whole is taken, the other half is free.
    let at = |h| paris(2026, 6, 5, h, 0);
    booked(
        &pool,
        &desk(),
        &new_booking(jardin.id, at(10), at(12), "Atelier couture"),
    )
    .await;
    let r = book(
        &pool,
        &desk(),
        &new_booking(whole.id, at(11), at(14), "Grand repas"),
    )
    .await;
    assert_eq!(
        refusal(r),
        (
            "error-space-conflict-divisible",
            "« Atelier couture », Grande salle — côté jardin, 05/06/2026 10:00–12:00".into()
        )
    );
    booked(
        &pool,
        &desk(),
        &new_booking(cour.id, at(10), at(12), "Cours de yoga"),
    )
    .await;
    let r = book(
        &pool,
        &desk(),
        &new_booking(cour.id, at(11), at(12), "Encore"),
    )
    .await;
    assert_eq!(
        refusal(r).0,
        "error-space-conflict",
        "a half against itself is a plain overlap"
    );
    booked(
        &pool,
        &desk(),
        &new_booking(whole.id, at(12), at(14), "Grand repas"),
    )
    .await;

    assert_eq!(count_in_state(&pool, whole.id, "confirmed").await, 2);
    assert_eq!(count_in_state(&pool, jardin.id, "confirmed").await, 2);
    assert_eq!(count_in_state(&pool, cour.id, "confirmed").await, 1);

    // The grid of 5 June: the whole is held 10–14 through its halves and its own booking.
    let mut conn = pool.acquire().await.unwrap();
    let grid = booking::availability(
        &mut conn,
        Paris,
        &[whole.id, cour.id],
        day("2026-06-05"),
        day("2026-06-05"),
    )
    .await
    .unwrap();
    let of = |id| grid.iter().find(|d| d.space_id == id).unwrap();
    let w = &of(whole.id).windows[0];
    assert_eq!(w.held.len(), 3);
    assert_eq!(w.free_minutes, 14 * 60 - 4 * 60);
    let c = &of(cour.id).windows[0];
    // The other half: its own booking and the whole's lunch (12–14), not the jardin's workshop.
    assert_eq!(c.held.len(), 2);
    assert_eq!(c.free_minutes, 14 * 60 - 4 * 60);
    assert_sound(&pool).await;
}

#[tokio::test]
async fn a_changeover_holds_the_room_after_and_before_a_booking() {
    let (_dir, pool) = fresh_db().await;
    let atelier = space(&pool, "Atelier vélo", 12, None).await;
    let reparation = use_(
        &pool,
        UseInput {
            changeover_after: 30,
            ..use_input("reparation", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(
        &pool,
        atelier.id,
        &[(EVERY_DAY, "08:00", "20:00", reparation.id)],
    )
    .await;
    let at = |h, m| paris(2026, 6, 6, h, m);
    let first = booked(
        &pool,
        &desk(),
        &new_booking(atelier.id, at(10, 0), at(11, 0), "Réparation"),
    )
    .await;
    assert_eq!(first.block_end, at(11, 30).timestamp());
    let slot = "« Réparation », Atelier vélo, 06/06/2026 10:00–11:00";

    // 15 minutes after its end: inside the 30-minute changeover.
    let r = book(
        &pool,
        &desk(),
        &new_booking(atelier.id, at(11, 15), at(12, 0), "Trop tôt"),
    )
    .await;
    assert_eq!(refusal(r), ("error-space-conflict-changeover", slot.into()));
    // Ending 15 minutes before its start: this booking's own changeover runs into it.
    let r = book(
        &pool,
        &desk(),
        &new_booking(atelier.id, at(8, 30), at(9, 45), "Trop tard"),
    )
    .await;
    assert_eq!(refusal(r), ("error-space-conflict-changeover", slot.into()));
    // Overlapping it is a plain conflict.
    let r = book(
        &pool,
        &desk(),
        &new_booking(atelier.id, at(10, 30), at(11, 30), "Dessus"),
    )
    .await;
    assert_eq!(refusal(r), ("error-space-conflict", slot.into()));

    // Exactly at the end of the changeover, and ending exactly 30 minutes before: accepted.
    booked(
        &pool,
        &desk(),
        &new_booking(atelier.id, at(11, 30), at(12, 30), "Juste après"),
    )
    .await;
    booked(
        &pool,
        &desk(),
        &new_booking(atelier.id, at(8, 30), at(9, 30), "Juste avant"),
    )
    .await;
    assert_eq!(count_in_state(&pool, atelier.id, "confirmed").await, 3);
    assert_sound(&pool).await;
}

#[tokio::test]
async fn seats_of_a_dropin_use_stop_at_its_capacity_and_an_exclusive_booking_cannot_take_them() {
    let (_dir, pool) = fresh_db().await;
    let cowork = space(&pool, "Espace de coworking", 20, None).await;
    let places = use_(
        &pool,
        UseInput {
            capacity: Some(3),
            open_to_residents: true,
            min_minutes: 60,
            max_minutes: 600,
            ..use_input("coworking", Mode::Dropin)
        },
    )
    .await;
    assert_eq!(places.capacity_in(&cowork), 3);
    timetable_of(
        &pool,
        cowork.id,
        &[(EVERY_DAY, "08:00", "18:00", places.id)],
    )
    .await;
    let at = |h| paris(2026, 6, 8, h, 0);
    let mut residents = vec![];
    for (first, last) in [
        ("Marie", "Lefèvre"),
        ("Jean", "Dupont"),
        ("Fatima", "Benali"),
        ("Karim", "Haddad"),
    ] {
        residents.push(resident(&pool, first, last).await);
    }
    let mut seats = vec![];
    for r in &residents[..3] {
        let b = booked(
            &pool,
            r,
            &new_booking(cowork.id, at(9), at(12), "Télétravail"),
        )
        .await;
        assert_eq!(
            (b.state.as_str(), b.shared, b.seats, b.capacity),
            ("confirmed", true, 1, 3)
        );
        seats.push(b);
    }
    // The fourth is refused at any instant where three are held; the slot shown hides whose it is.
    let r = book(
        &pool,
        &residents[3],
        &new_booking(cowork.id, at(11), at(13), "Télétravail"),
    )
    .await;
    assert_eq!(
        refusal(r),
        (
            "error-space-full",
            "Espace de coworking, 08/06/2026 09:00–12:00".into()
        )
    );
    // Two seats at once where one is left; more seats than the use holds.
    booked(
        &pool,
        &residents[3],
        &new_booking(cowork.id, at(12), at(14), "Après-midi"),
    )
    .await;
    let r = book(
        &pool,
        &desk(),
        &NewBooking {
            seats: 3,
            ..new_booking(cowork.id, at(13), at(15), "Groupe")
        },
    )
    .await;
    assert_eq!(refusal(r).0, "error-space-full");
    let r = book(
        &pool,
        &desk(),
        &NewBooking {
            seats: 4,
            ..new_booking(cowork.id, at(15), at(16), "Groupe")
        },
    )
    .await;
    assert_eq!(refusal(r), ("error-space-over-capacity", "3".into()));
    assert_eq!(count_in_state(&pool, cowork.id, "confirmed").await, 4);

    // The manager privatises the morning for an exclusive use: the seats still hold the room.
    let privatisation = use_(&pool, use_input("privatisation", Mode::Exclusive)).await;
    spaces::add_exception(
        &pool,
        &admin(),
        &ExceptionInput {
            space_id: Some(cowork.id),
            day: "2026-06-08".into(),
            start: Some("08:00".into()),
            end: Some("13:00".into()),
            use_id: Some(privatisation.id),
            label: "Tournage".into(),
        },
    )
    .await
    .unwrap();
    let r = book(
        &pool,
        &desk(),
        &new_booking(cowork.id, at(8), at(10), "Tournage"),
    )
    .await;
    assert_eq!(
        refusal(r),
        (
            "error-space-conflict",
            "« Télétravail », Espace de coworking, 08/06/2026 09:00–12:00".into()
        )
    );
    // Once the seats are cancelled, it goes through.
    for s in &seats {
        booking::cancel(&pool, now(), &desk(), s.id, Scope::One, "Tournage")
            .await
            .unwrap();
    }
    let b = booked(
        &pool,
        &desk(),
        &new_booking(cowork.id, at(8), at(12), "Tournage"),
    )
    .await;
    assert_eq!((b.use_code.as_str(), b.shared), ("privatisation", false));
    assert_sound(&pool).await;
}

// ---------------------------------------------------------------------------------------------
// The rules of a use
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn bookings_that_break_a_rule_are_refused_with_their_reason_and_write_nothing() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle du conseil", 25, None).await;
    let reunion = use_(
        &pool,
        UseInput {
            open_to_associations: true,
            min_minutes: 60,
            max_minutes: 180,
            notice_minutes: 2 * 24 * 60,
            capacity: Some(20),
            ..use_input("reunion-associative", Mode::Exclusive)
        },
    )
    .await;
    let bureau = use_(
        &pool,
        UseInput {
            name: "Bureau du conseil".into(),
            ..use_input("bureau", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(
        &pool,
        salle.id,
        &[
            (WEEKDAYS, "08:00", "12:00", bureau.id),
            (WEEKDAYS, "18:00", "22:00", reunion.id),
        ],
    )
    .await;
    let (jardins, alice) =
        association_with_representative(&pool, "Jardins partagés", "Alice").await;
    let (velo, _) = association_with_representative(&pool, "Vélo solidaire", "Bruno").await;
    let marie = resident(&pool, "Marie", "Lefèvre").await;
    let desk = desk();
    // Wednesday 4 March, well after the two days' notice.
    let at = |h, m| paris(2026, 3, 4, h, m);
    let for_jardins = |s, e| NewBooking {
        association_id: Some(jardins),
        ..new_booking(salle.id, s, e, "Réunion")
    };

    let cases: Vec<(&str, &Requester, NewBooking, &str, &str)> = vec![
        (
            "Saturday: no window",
            &alice,
            for_jardins(paris(2026, 3, 7, 18, 0), paris(2026, 3, 7, 19, 0)),
            "error-space-closed",
            "",
        ),
        (
            "between two windows",
            &alice,
            for_jardins(at(13, 0), at(14, 0)),
            "error-space-closed",
            "",
        ),
        (
            "runs past closing",
            &alice,
            for_jardins(at(21, 0), at(22, 30)),
            "error-space-outside-window",
            "18:00–22:00",
        ),
        (
            "starts before opening",
            &alice,
            for_jardins(at(17, 30), at(19, 0)),
            "error-space-outside-window",
            "18:00–22:00",
        ),
        (
            "across two uses",
            &alice,
            for_jardins(at(11, 0), at(19, 0)),
            "error-space-outside-window",
            "08:00–12:00",
        ),
        (
            "the board's use",
            &marie,
            new_booking(salle.id, at(9, 0), at(10, 0), "Permanence"),
            "error-space-use-not-for-you",
            "Bureau du conseil",
        ),
        (
            "the board's use",
            &alice,
            for_jardins(at(9, 0), at(10, 0)),
            "error-space-use-not-for-you",
            "Bureau du conseil",
        ),
        (
            "associations only",
            &marie,
            new_booking(salle.id, at(18, 0), at(19, 0), "Anniversaire"),
            "error-space-use-associations-only",
            "reunion-associative",
        ),
        (
            "too short",
            &alice,
            for_jardins(at(18, 0), at(18, 30)),
            "error-space-too-short",
            "1 h",
        ),
        (
            "too long",
            &alice,
            for_jardins(at(18, 0), at(21, 30)),
            "error-space-too-long",
            "3 h",
        ),
        (
            "without notice",
            &alice,
            for_jardins(paris(2026, 3, 2, 18, 0), paris(2026, 3, 2, 19, 0)),
            "error-space-notice",
            "48 h",
        ),
        (
            "in the past",
            &desk,
            new_booking(
                salle.id,
                paris(2026, 2, 27, 18, 0),
                paris(2026, 2, 27, 19, 0),
                "Hier",
            ),
            "error-space-in-past",
            "",
        ),
        (
            "too many people",
            &alice,
            NewBooking {
                attendees_expected: Some(21),
                ..for_jardins(at(18, 0), at(19, 0))
            },
            "error-space-over-capacity",
            "20",
        ),
    ];
    for (what, req, nb, key, arg) in cases {
        let (k, a) = refusal(book(&pool, req, &nb).await);
        assert_eq!((k, a.as_str()), (key, arg), "{what}");
    }
    for (what, req, nb, field, key) in [
        (
            "another association",
            &alice,
            NewBooking {
                association_id: Some(velo),
                ..for_jardins(at(18, 0), at(19, 0))
            },
            "association_id",
            "error-space-not-representative",
        ),
        (
            "ends before it starts",
            &alice,
            for_jardins(at(19, 0), at(18, 0)),
            "end",
            "error-space-end-before-start",
        ),
        (
            "no title",
            &alice,
            NewBooking {
                title: "  ".into(),
                ..for_jardins(at(18, 0), at(19, 0))
            },
            "title",
            "error-required",
        ),
        (
            "seats in an exclusive use",
            &desk,
            NewBooking {
                seats: 2,
                ..new_booking(salle.id, at(18, 0), at(19, 0), "x")
            },
            "seats",
            "error-space-seats-exclusive",
        ),
        (
            "someone else",
            &marie,
            NewBooking {
                person_id: alice.person_id,
                ..new_booking(salle.id, at(18, 0), at(19, 0), "x")
            },
            "person_id",
            "error-space-for-someone-else",
        ),
    ] {
        assert_eq!(
            field_refusal(book(&pool, req, &nb).await),
            (field, key),
            "{what}"
        );
    }
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM space_bookings")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 0, "no refused booking left a row");

    // The same requests, right: the representative with notice, the desk without.
    let b = booked(&pool, &alice, &for_jardins(at(18, 0), at(21, 0))).await;
    assert_eq!(
        (b.state.as_str(), b.association_name.as_deref()),
        ("confirmed", Some("Jardins partagés"))
    );
    assert_eq!(b.created_by, alice.user_id);
    booked(
        &pool,
        &desk,
        &new_booking(
            salle.id,
            paris(2026, 3, 2, 18, 0),
            paris(2026, 3, 2, 19, 0),
            "Urgence",
        ),
    )
    .await;
    booked(
        &pool,
        &desk,
        &new_booking(salle.id, at(9, 0), at(10, 0), "Conseil"),
    )
    .await;
    assert_eq!(count_in_state(&pool, salle.id, "confirmed").await, 3);
    assert_sound(&pool).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_request_key_books_once_even_double_clicked_and_cannot_book_something_else() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle polyvalente", 40, None).await;
    let libre = use_(
        &pool,
        UseInput {
            open_to_residents: true,
            ..use_input("libre", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(&pool, salle.id, &[(EVERY_DAY, "08:00", "22:00", libre.id)]).await;
    let marie = resident(&pool, "Marie", "Lefèvre").await;
    let jean = resident(&pool, "Jean", "Dupont").await;
    let at = |h| paris(2026, 4, 14, h, 0);
    let nb = NewBooking {
        request_key: Some("formulaire-42".into()),
        ..new_booking(salle.id, at(14), at(16), "Goûter")
    };

    // A double click: eight submissions at once.
    let barrier = Arc::new(tokio::sync::Barrier::new(8));
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (pool, barrier, nb, marie) =
                (pool.clone(), barrier.clone(), nb.clone(), marie.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                book(&pool, &marie, &nb).await.unwrap()
            })
        })
        .collect();
    let mut made = vec![];
    for t in tasks {
        made.push(t.await.unwrap());
    }
    assert_eq!(made.iter().filter(|m| !m.replayed).count(), 1);
    assert!(made.iter().all(|m| m.booking.id == made[0].booking.id));
    assert_eq!(count_in_state(&pool, salle.id, "confirmed").await, 1);

    // Later, the same again: the same booking, told it is a replay.
    let again = book(&pool, &marie, &nb).await.unwrap();
    assert!(again.replayed);
    assert_eq!(again.booking, made[0].booking);
    // The key with other content, or by someone else: refused, nothing written.
    for (who, other) in [
        (
            &marie,
            NewBooking {
                end: at(17),
                ..nb.clone()
            },
        ),
        (
            &marie,
            NewBooking {
                start: at(18),
                end: at(19),
                ..nb.clone()
            },
        ),
        (&jean, nb.clone()),
    ] {
        assert_eq!(
            refusal(book(&pool, who, &other).await).0,
            "error-space-request-key-reused"
        );
    }
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM space_bookings")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 1);
    assert_sound(&pool).await;
}

#[tokio::test]
async fn cancelling_frees_the_slot_and_bumps_the_sequence_once() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle polyvalente", 40, None).await;
    let libre = use_(
        &pool,
        UseInput {
            open_to_residents: true,
            ..use_input("libre", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(&pool, salle.id, &[(EVERY_DAY, "08:00", "22:00", libre.id)]).await;
    let marie = resident(&pool, "Marie", "Lefèvre").await;
    let jean = resident(&pool, "Jean", "Dupont").await;
    let at = |h| paris(2026, 4, 15, h, 0);
    let b = booked(
        &pool,
        &marie,
        &new_booking(salle.id, at(10), at(12), "Répétition"),
    )
    .await;
    assert_eq!(b.sequence, 0);
    let r = book(
        &pool,
        &jean,
        &new_booking(salle.id, at(11), at(12), "Cours"),
    )
    .await;
    // Jean does not see whose booking it is.
    assert_eq!(
        refusal(r),
        (
            "error-space-conflict",
            "Salle polyvalente, 15/04/2026 10:00–12:00".into()
        )
    );

    // Nobody but its owner (or the desk) may cancel it.
    let r = booking::cancel(&pool, now(), &jean, b.id, Scope::One, "").await;
    assert!(matches!(r, Err(Refusal::NotFound)), "{r:?}");
    let cancelled = booking::cancel(&pool, now(), &marie, b.id, Scope::One, "Empêchée")
        .await
        .unwrap();
    assert_eq!(cancelled.len(), 1);
    assert_eq!(
        (cancelled[0].state.as_str(), cancelled[0].sequence),
        ("cancelled", 1)
    );
    assert_eq!(cancelled[0].uid, b.uid);
    assert_eq!(cancelled[0].decision_message.as_deref(), Some("Empêchée"));
    let r = booking::cancel(&pool, now(), &marie, b.id, Scope::One, "").await;
    assert_eq!(refusal(r).0, "error-space-not-live");
    assert_eq!(state_of(&pool, b.id).await, ("cancelled".into(), 1));

    let cours = booked(
        &pool,
        &jean,
        &new_booking(salle.id, at(11), at(12), "Cours"),
    )
    .await;
    // A booking already over cannot be cancelled.
    let later = paris(2026, 4, 15, 13, 0);
    let r = booking::cancel(&pool, later, &jean, cours.id, Scope::One, "").await;
    assert_eq!(refusal(r).0, "error-space-already-over");
    assert_sound(&pool).await;
}

#[tokio::test]
async fn rescheduling_keeps_the_uid_bumps_the_sequence_and_checks_the_new_slot() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle polyvalente", 40, None).await;
    let libre = use_(
        &pool,
        UseInput {
            changeover_after: 15,
            ..use_input("libre", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(&pool, salle.id, &[(EVERY_DAY, "08:00", "22:00", libre.id)]).await;
    let b = booked(
        &pool,
        &desk(),
        &new_booking(
            salle.id,
            paris(2026, 4, 16, 10, 0),
            paris(2026, 4, 16, 11, 0),
            "Permanence",
        ),
    )
    .await;
    let other = booked(
        &pool,
        &desk(),
        &new_booking(
            salle.id,
            paris(2026, 4, 17, 14, 0),
            paris(2026, 4, 17, 15, 0),
            "Cours",
        ),
    )
    .await;

    let mv = |d: &str, s: &str, e: &str| Reschedule {
        day: Some(day(d)),
        start: s.into(),
        end: e.into(),
        scope: Scope::One,
    };
    // Onto the other booking's changeover: refused, with the date in front; nothing moves.
    let r = booking::reschedule(
        &pool,
        Paris,
        now(),
        &desk(),
        b.id,
        &mv("2026-04-17", "15:00", "16:00"),
    )
    .await;
    assert_eq!(
        refusal(r),
        (
            "error-space-conflict-changeover",
            "17/04/2026 — « Cours », Salle polyvalente, 17/04/2026 14:00–15:00".into()
        )
    );
    assert_eq!(booking::booking(&pool, b.id).await.unwrap(), b);
    // Outside the timetable.
    let r = booking::reschedule(
        &pool,
        Paris,
        now(),
        &desk(),
        b.id,
        &mv("2026-04-17", "21:00", "23:00"),
    )
    .await;
    assert_eq!(refusal(r).0, "error-space-outside-window");

    let moved = booking::reschedule(
        &pool,
        Paris,
        now(),
        &desk(),
        b.id,
        &mv("2026-04-17", "15:15", "16:45"),
    )
    .await
    .unwrap();
    assert_eq!(moved.len(), 1);
    let m = &moved[0];
    assert_eq!(
        (m.id, m.uid.as_str(), m.sequence),
        (b.id, b.uid.as_str(), 1)
    );
    assert_eq!(
        (m.start(), m.end()),
        (paris(2026, 4, 17, 15, 15), paris(2026, 4, 17, 16, 45))
    );
    assert_eq!(m.block_end, paris(2026, 4, 17, 17, 0).timestamp());
    // Its old slot is free again; it can move within its own time.
    booked(
        &pool,
        &desk(),
        &new_booking(
            salle.id,
            paris(2026, 4, 16, 10, 0),
            paris(2026, 4, 16, 11, 0),
            "Autre",
        ),
    )
    .await;
    let moved = booking::reschedule(
        &pool,
        Paris,
        now(),
        &desk(),
        b.id,
        &mv("2026-04-17", "15:30", "16:45"),
    )
    .await
    .unwrap();
    assert_eq!(moved[0].sequence, 2);
    assert_eq!(state_of(&pool, other.id).await, ("confirmed".into(), 0));
    assert_sound(&pool).await;
}

#[tokio::test]
async fn cancelling_this_and_the_following_dates_cancels_only_later_live_occurrences() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle polyvalente", 40, None).await;
    let reunion = use_(&pool, use_input("association", Mode::Exclusive)).await;
    timetable_of(
        &pool,
        salle.id,
        &[(EVERY_DAY, "08:00", "23:00", reunion.id)],
    )
    .await;
    let made = booking::create_series(
        &pool,
        Paris,
        now(),
        &desk(),
        &series(
            salle.id,
            "2026-04-02",
            "FREQ=WEEKLY;COUNT=6",
            Policy::AllOrNothing,
            "Chorale",
        ),
    )
    .await
    .unwrap();
    let ids: Vec<i64> = made
        .occurrences
        .iter()
        .map(|o| o.booking_id.unwrap())
        .collect();
    // The fifth date was already cancelled on its own.
    booking::cancel(&pool, now(), &desk(), ids[4], Scope::One, "Vacances")
        .await
        .unwrap();
    // From the third on.
    let cancelled = booking::cancel(
        &pool,
        now(),
        &desk(),
        ids[2],
        Scope::Following,
        "Fin de saison",
    )
    .await
    .unwrap();
    let cancelled_ids: Vec<i64> = cancelled.iter().map(|b| b.id).collect();
    assert_eq!(cancelled_ids, vec![ids[2], ids[3], ids[5]]);
    let mut states = vec![];
    for id in &ids {
        states.push(state_of(&pool, *id).await);
    }
    let c = |s: &str, n| (s.to_owned(), n);
    assert_eq!(
        states,
        vec![
            c("confirmed", 0),
            c("confirmed", 0),
            c("cancelled", 1),
            c("cancelled", 1),
            c("cancelled", 1),
            c("cancelled", 1)
        ]
    );
    let reason: Option<String> =
        sqlx::query_scalar("SELECT decision_message FROM space_bookings WHERE id = ?")
            .bind(ids[4])
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        reason.as_deref(),
        Some("Vacances"),
        "the earlier cancellation keeps its reason"
    );

    // Moving the first two's hours, this and following: each keeps its day and uid.
    let before = booking::of_series(&pool, made.series_id.unwrap())
        .await
        .unwrap();
    let moved = booking::reschedule(
        &pool,
        Paris,
        now(),
        &desk(),
        ids[0],
        &Reschedule {
            day: None,
            start: "20:00".into(),
            end: "22:00".into(),
            scope: Scope::Following,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        moved.iter().map(|b| b.id).collect::<Vec<_>>(),
        ids[..2].to_vec()
    );
    for (m, b) in moved.iter().zip(&before) {
        assert_eq!(m.uid, b.uid);
        assert_eq!(m.sequence, 1);
        assert_eq!(m.start().with_timezone(&Paris).hour(), 20);
        assert_eq!(
            m.start().with_timezone(&Paris).date_naive(),
            b.start().with_timezone(&Paris).date_naive()
        );
    }
    assert_sound(&pool).await;
}

#[tokio::test]
async fn a_booking_nobody_checked_in_to_is_released_after_the_grace_period_and_a_checked_in_one_stays()
 {
    let (_dir, pool) = fresh_db().await;
    let atelier = space(&pool, "Atelier numérique", 10, None).await;
    let poste = use_(
        &pool,
        UseInput {
            open_to_residents: true,
            checkin_grace_minutes: Some(15),
            ..use_input("poste", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(
        &pool,
        atelier.id,
        &[(EVERY_DAY, "08:00", "20:00", poste.id)],
    )
    .await;
    let marie = resident(&pool, "Marie", "Lefèvre").await;
    let jean = resident(&pool, "Jean", "Dupont").await;
    let at = |h, m| paris(2026, 4, 20, h, m);
    let absent = booked(
        &pool,
        &marie,
        &new_booking(atelier.id, at(10, 0), at(11, 0), "Démarches"),
    )
    .await;
    let present = booked(
        &pool,
        &jean,
        &new_booking(atelier.id, at(14, 0), at(15, 0), "CV"),
    )
    .await;
    assert_eq!(absent.person_id, marie.person_id);

    // Jean badges at the door ten minutes early: that is his check-in.
    let mut conn = pool.acquire().await.unwrap();
    let kiosk = citeosquare_server::kiosks::NewKiosk::prepare(
        "porte-atelier",
        citeosquare_protocol::Role::Space,
        "Atelier numérique — porte",
        "secret-de-test",
    )
    .await
    .unwrap();
    kiosk.insert(&mut conn).await.unwrap();
    drop(conn);
    spaces::set_door(&pool, &admin(), "porte-atelier", atelier.id)
        .await
        .unwrap();
    let mut tx = db::begin_write(&pool).await.unwrap();
    let (result, display) = occupancy::door_tap(
        &mut tx,
        Paris,
        "porte-atelier",
        jean.person_id.unwrap(),
        "Jean",
        "0193e1c2-7a4b-7c3d-9e8f-000000000001",
        at(13, 50),
        false,
    )
    .await
    .unwrap()
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(result, AckResult::CheckedIn, "{display:?}");
    assert_eq!(display.title, "Bienvenue Jean");
    assert_eq!(display.lines[0], "Entrée dans Atelier numérique à 13 h 50");
    let visit: Option<i64> = sqlx::query_scalar("SELECT booking_id FROM space_visits")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(visit, Some(present.id), "the visit is Jean's booking's");

    // Not before the grace period is over.
    assert_eq!(
        booking::release_no_shows(&pool, at(10, 14)).await.unwrap(),
        0
    );
    assert_eq!(state_of(&pool, absent.id).await, ("confirmed".into(), 0));
    assert_eq!(
        booking::release_no_shows(&pool, at(10, 16)).await.unwrap(),
        1
    );
    assert_eq!(state_of(&pool, absent.id).await, ("released".into(), 1));
    // Once only; and Jean, who came, keeps his.
    assert_eq!(
        booking::release_no_shows(&pool, at(14, 30)).await.unwrap(),
        0
    );
    assert_eq!(state_of(&pool, present.id).await, ("confirmed".into(), 0));
    let checked_in: Option<String> =
        sqlx::query_scalar("SELECT checked_in_at FROM space_bookings WHERE id = ?")
            .bind(present.id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(checked_in, Some(db::instant_text(at(13, 50))));
    // The released hour is free again for someone who comes.
    let mut conn = pool.acquire().await.unwrap();
    let grid = booking::availability(
        &mut conn,
        Paris,
        &[atelier.id],
        day("2026-04-20"),
        day("2026-04-20"),
    )
    .await
    .unwrap();
    assert_eq!(grid[0].windows[0].held.len(), 1);
    assert_eq!(grid[0].windows[0].free_minutes, 12 * 60 - 60);
    assert_sound(&pool).await;
}
