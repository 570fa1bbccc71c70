//! Chrono'espaces at library level, on a real SQLite file (`db::open_and_migrate`, WAL, the
//! server's pool): spaces, uses and timetables set up through `spaces`, bookings through
//! `spaces::booking`, all in `Europe/Paris`.
//!
//! DESIGN.md §4 rule 2 — no double booking, through any door: 64 simultaneous requests, two
//! approvals at once, a series, raw SQL; and a weekly 19:00 keeps 19:00 across the daylight-saving
//! changes, with windows on the 23-hour and 25-hour days. Divisible rooms, changeovers, seats and
//! the rules of a use are in `spaces_rules.rs`; the harness in `support/spaces.rs`.
#![allow(clippy::unwrap_used)]

mod support;

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_server::db;
use citeosquare_server::spaces::booking::{
    self, NewBooking, NewSeries, Policy, Requester, Reschedule, Scope,
};
use citeosquare_server::spaces::{Mode, UseInput, timetable};
use sqlx::SqlitePool;
use std::sync::Arc;
use support::spaces::*;

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
