//! The SEL at library level, on a real SQLite file seeded with the demo site: kiosk taps go through
//! `ingest::store_batch` exactly as MQTT messages do, writes through `sel::ledger::write`, and every
//! test ends by proving the ledger sound (`check::run` all ok, `ledger::reconcile` ok, zero sum).
//!
//! DESIGN.md §4: no double-counted tap (rule 1), and the SEL ledger append-only, zero-sum, limits
//! enforced when writing, balances recomputable (rule 3).
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::{Europe::Paris, Tz};
use citeosquare_protocol::{self as protocol, Ack, AckResult};
use citeosquare_server::audit::Actor;
use citeosquare_server::kiosks::ingest::{self, IngestSettings, Received};
use citeosquare_server::metrics::Metrics;
use citeosquare_server::refusal::Refusal;
use citeosquare_server::sel::ledger::{self, CorrectionInput, Kind, Operation, TransferSpec};
use citeosquare_server::sel::shifts::{self, ActivityInput, SeriesInput};
use citeosquare_server::sel::{COOPERATIVE_ACCOUNT, POOL_ACCOUNT};
use citeosquare_server::{check, db, demo, kiosks};
use serde_json::json;
use sqlx::SqlitePool;
use std::collections::HashMap;

const KIOSK: &str = "demo-sel";
const MARIE: &str = "DEMO0001";
const JEAN: &str = "DEMO0002";
const FATIMA: &str = "DEMO0003";
const KARIM: &str = "DEMO0007";

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

async fn demo_db() -> (tempfile::TempDir, SqlitePool) {
    let dir = tempfile::tempdir().unwrap();
    let pool = db::open_and_migrate(&dir.path().join("sel.db"))
        .await
        .unwrap();
    demo::seed_if_empty(&pool).await.unwrap().unwrap();
    (dir, pool)
}

fn admin() -> Actor {
    Actor {
        id: None,
        name: "test".into(),
    }
}

fn ingest_settings() -> IngestSettings {
    IngestSettings {
        site: "main".into(),
        time_zone: Paris,
        clock_skew_tolerance_ms: 120_000,
        domains: citeosquare_server::DOMAINS,
    }
}

/// A local Paris wall-clock time that exists once.
fn paris(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Tz> {
    Paris
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .unwrap_or_else(|| panic!("{y}-{mo}-{d} {h}:{mi} is not a single local time"))
}

fn event_id(n: u32) -> String {
    format!("0193e1c2-7a4b-7c3d-9e8f-{n:012}")
}

/// A tap at `kiosk` read at `at` (the kiosk's clock, with its offset) and received at `received`.
fn tap_at(kiosk: &str, n: u32, badge: &str, at: DateTime<Tz>, received: DateTime<Utc>) -> Received {
    let payload = json!({"v": 1, "id": event_id(n), "kiosk": kiosk, "boot": "sel-ledger",
                         "seq": n, "at": at.to_rfc3339(), "badge": badge, "action": "tap"});
    Received {
        topic: format!("citeosquare/v1/main/kiosk/{kiosk}/event"),
        payload: serde_json::to_vec(&payload).unwrap(),
        received_at: received,
    }
}

/// A tap at `demo-sel` delivered at once (received when read: nothing is flagged).
fn tap(n: u32, badge: &str, at: DateTime<Tz>) -> Received {
    tap_at(KIOSK, n, badge, at, at.with_timezone(&Utc))
}

/// Ingests one batch as the MQTT loop does and returns its acks, in order.
async fn store(pool: &SqlitePool, batch: &[Received]) -> Vec<Ack> {
    store_counted(pool, &Metrics::default(), batch).await
}

async fn store_counted(pool: &SqlitePool, metrics: &Metrics, batch: &[Received]) -> Vec<Ack> {
    let committed = ingest::store_batch(pool, &ingest_settings(), metrics, batch)
        .await
        .unwrap();
    committed
        .acks
        .iter()
        .map(|(_, p)| protocol::decode::<Ack>(p).unwrap())
        .collect()
}

async fn person_of(pool: &SqlitePool, badge: &str) -> i64 {
    sqlx::query_scalar("SELECT person_id FROM badges WHERE card_id = ? AND revoked_at IS NULL")
        .bind(badge)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn account_of(pool: &SqlitePool, badge: &str) -> ledger::Account {
    let person = person_of(pool, badge).await;
    ledger::account_of_person(pool, person)
        .await
        .unwrap()
        .unwrap()
}

async fn posted(pool: &SqlitePool, badge: &str) -> i64 {
    account_of(pool, badge).await.posted
}

async fn transfer_count(pool: &SqlitePool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM sel_transfers")
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn sessions_of(pool: &SqlitePool, badge: &str) -> Vec<shifts::Session> {
    let person = person_of(pool, badge).await;
    let mut s = shifts::sessions_of_person(pool, person, 100).await.unwrap();
    s.sort_by_key(|s| s.id);
    s
}

/// A shift served as the snapshot sees it: id, end, minutes, resolving transfer, review.
type SessionRow = (i64, Option<String>, Option<i64>, Option<i64>, String);

/// Everything the ledger and the shifts hold, to prove that something changed nothing.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    accounts: Vec<(i64, i64, i64, i64, i64)>,
    transfers: Vec<(i64, String, i64, i64, i64, String, String)>,
    operations: Vec<(String, String)>,
    sessions: Vec<SessionRow>,
    signups: i64,
}

async fn snapshot(pool: &SqlitePool) -> Snapshot {
    Snapshot {
        accounts: sqlx::query_as(
            "SELECT id, posted, debits_pending, credits_pending, last_transfer_no
             FROM sel_accounts ORDER BY id",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
        transfers: sqlx::query_as(
            "SELECT no, operation_id, debit_account, credit_account, amount, kind, phase
             FROM sel_transfers ORDER BY no",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
        operations: sqlx::query_as("SELECT id, request FROM sel_operations ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap(),
        sessions: sqlx::query_as(
            "SELECT id, ended_at, minutes, resolution_no, review FROM sel_sessions ORDER BY id",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
        signups: sqlx::query_scalar("SELECT count(*) FROM sel_signups")
            .fetch_one(pool)
            .await
            .unwrap(),
    }
}

/// The end of every test: every invariant `citeosquare check` knows holds, and the ledger
/// reconciles to zero with every stored balance equal to the recomputed one.
async fn assert_sound(pool: &SqlitePool) {
    let findings = check::run(pool).await.unwrap();
    let bad: Vec<String> = findings
        .iter()
        .filter(|f| !f.ok)
        .map(|f| format!("{}: {}", f.name, f.detail))
        .collect();
    assert!(bad.is_empty(), "check found: {bad:#?}");
    let mut conn = pool.acquire().await.unwrap();
    let r = ledger::reconcile(&mut conn).await.unwrap();
    assert!(r.ok, "reconciliation: {r:#?}");
    assert_eq!(r.posted_sum, 0);
    assert!(r.mismatches.is_empty());
}

async fn activity(pool: &SqlitePool, name: &str, kiosk: &str, unplanned: bool) -> shifts::Activity {
    shifts::create_activity(
        pool,
        &admin(),
        &ActivityInput {
            name: name.into(),
            kiosk_id: Some(kiosk.into()),
            accepts_unplanned: unplanned,
            active: true,
        },
    )
    .await
    .unwrap()
}

/// One planned shift (a series of one week), local times.
async fn planned(
    pool: &SqlitePool,
    activity_id: i64,
    date: &str,
    start: &str,
    end: &str,
    places: i64,
) -> shifts::Shift {
    let mut s = shifts::create_series(
        pool,
        &admin(),
        Paris,
        &SeriesInput {
            activity_id,
            first_date: date.into(),
            start: start.into(),
            end: end.into(),
            weeks: 1,
            places,
            note: String::new(),
        },
    )
    .await
    .unwrap();
    assert_eq!(s.len(), 1);
    s.remove(0)
}

/// A posting in its own `BEGIN IMMEDIATE` transaction, committed only when written.
async fn write_one(
    pool: &SqlitePool,
    id: &str,
    kind: &'static str,
    spec: TransferSpec,
) -> Result<ledger::Written, Refusal> {
    let actor = admin();
    let op = Operation {
        id: id.into(),
        kind,
        request: json!({"debit": spec.debit, "credit": spec.credit, "amount": spec.amount}),
        actor: &actor,
    };
    let mut tx = db::begin_write(pool).await?;
    let written = ledger::write(&mut tx, &op, &[spec]).await?;
    tx.commit().await?;
    Ok(written)
}

fn conflict_key(r: &Refusal) -> &'static str {
    match r {
        Refusal::Conflict { key, .. } => key,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Night shifts across the DST changes
// ---------------------------------------------------------------------------------------------

/// Marie serves a planned night shift 01:00–04:00 local on the given day, tapping in at 01:00 and
/// out at 04:00 on the wall clock: `expected` real minutes are planned, credited and stated.
async fn night_shift(y: i32, mo: u32, d: u32, expected: i64) {
    let (_dir, pool) = demo_db().await;
    let night = activity(&pool, "Veille de nuit", KIOSK, false).await;
    let date = format!("{y:04}-{mo:02}-{d:02}");
    let shift = planned(&pool, night.id, &date, "01:00", "04:00", 1).await;
    assert_eq!(shift.minutes(), expected, "planned length in real minutes");

    let start = store(&pool, &[tap(1, MARIE, paris(y, mo, d, 1, 0))]).await;
    assert_eq!(start[0].result, AckResult::ShiftStarted, "{start:?}");
    assert_eq!(start[0].display.title, "Bonjour Marie");
    assert_eq!(
        start[0].display.lines[..2],
        ["Permanence Veille de nuit", "commencée à 01 h 00"]
    );
    let end = store(&pool, &[tap(2, MARIE, paris(y, mo, d, 4, 0))]).await;
    assert_eq!(end[0].result, AckResult::ShiftEnded, "{end:?}");
    assert_eq!(end[0].display.title, "Merci Marie");
    assert_eq!(
        end[0].display.lines,
        [
            "Permanence finie à 04 h 00".to_owned(),
            format!("+ {} créditées", citeosquare_server::sel::hours(expected)),
            format!("Solde : {}", citeosquare_server::sel::hours(60 + expected)),
        ]
    );

    let account = account_of(&pool, MARIE).await;
    assert_eq!(account.posted, 60 + expected);
    assert_eq!(account.credits_pending, 0, "the reservation is resolved");
    let statement = ledger::statement(&pool, account.id).await.unwrap();
    let lines: Vec<(String, i64)> = statement
        .iter()
        .map(|l| (l.kind.clone(), l.minutes))
        .collect();
    assert_eq!(
        lines,
        [("welcome".to_owned(), 60), ("shift".to_owned(), expected)]
    );
    assert_eq!(statement.last().unwrap().balance, 60 + expected);

    let sessions = sessions_of(&pool, MARIE).await;
    assert_eq!(sessions.len(), 1);
    let s = &sessions[0];
    assert_eq!(s.shift_id, Some(shift.id));
    assert_eq!(s.minutes, Some(expected));
    assert_eq!(s.end_kind.as_deref(), Some("tap"));
    assert_eq!(
        s.review, "",
        "a planned shift tapped in and out on time needs no review"
    );
    assert_eq!(
        shifts::signed_up(&pool, shift.id).await.unwrap().len(),
        1,
        "signed up on the spot"
    );
    assert_sound(&pool).await;
}

#[tokio::test]
async fn a_night_shift_across_the_october_change_credits_the_four_hours_really_served() {
    // 25 October 2026: 03:00 CEST becomes 02:00 CET; 01:00 → 04:00 on the wall is 4 real hours.
    night_shift(2026, 10, 25, 240).await;
}

#[tokio::test]
async fn a_night_shift_across_the_march_change_credits_the_two_hours_really_served() {
    // 28 March 2027: 02:00 CET becomes 03:00 CEST; 01:00 → 04:00 on the wall is 2 real hours.
    night_shift(2027, 3, 28, 120).await;
}

/// 25 October 2026, 02:00–03:00 happens twice: in at 02:30 (summer time), out at 02:15 (winter
/// time, 45 real minutes later) is 45 minutes, not a negative three quarters of an hour.
#[tokio::test]
async fn a_shift_inside_the_hour_that_happens_twice_counts_the_real_minutes() {
    let (_dir, pool) = demo_db().await;
    let summer = Utc
        .with_ymd_and_hms(2026, 10, 25, 0, 30, 0)
        .unwrap()
        .with_timezone(&Paris);
    let winter = Utc
        .with_ymd_and_hms(2026, 10, 25, 1, 15, 0)
        .unwrap()
        .with_timezone(&Paris);
    assert!(summer.to_rfc3339().ends_with("02:30:00+02:00"));
    assert!(winter.to_rfc3339().ends_with("02:15:00+01:00"));
    let acks = store(&pool, &[tap(1, MARIE, summer), tap(2, MARIE, winter)]).await;
    assert_eq!(acks[0].result, AckResult::ShiftStarted, "{acks:?}");
    assert_eq!(acks[0].display.lines[1], "commencée à 02 h 30");
    assert_eq!(acks[1].result, AckResult::ShiftEnded, "{acks:?}");
    assert_eq!(
        acks[1].display.lines[..2],
        ["Permanence finie à 02 h 15", "+ 45 min créditées"]
    );
    assert_eq!(posted(&pool, MARIE).await, 60 + 45);
    assert_sound(&pool).await;
}

// ---------------------------------------------------------------------------------------------
// Replays
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn replaying_a_kiosks_whole_outbox_in_any_batching_credits_nothing_twice() {
    let (_dir, pool) = demo_db().await;
    // Sunday 22 November 2026: no shift planned; the café accepts unplanned ones.
    let day = |h, m| paris(2026, 11, 22, h, m);
    let outbox = [
        tap(1, MARIE, day(10, 0)),
        tap(2, MARIE, day(10, 0) + Duration::seconds(40)),
        tap(3, FATIMA, day(10, 5)),
        tap(4, "CAFE0042", day(10, 6)),
        tap(5, MARIE, day(12, 2)),
        tap(6, FATIMA, day(12, 30)),
        tap(7, MARIE, day(13, 0)),
    ];
    let metrics = Metrics::default();
    let transfers_before = transfer_count(&pool).await;
    // First delivery, as it happened: two batches.
    let mut first = store_counted(&pool, &metrics, &outbox[..3]).await;
    first.extend(store_counted(&pool, &metrics, &outbox[3..]).await);
    let results: Vec<&str> = first.iter().map(|a| a.result.as_str()).collect();
    assert_eq!(
        results,
        [
            "shift_started",
            "recorded",
            "shift_started",
            "unknown_badge",
            "shift_ended",
            "shift_ended",
            "shift_started"
        ]
    );
    assert_eq!(
        first[1].display.lines,
        ["Permanence Café solidaire déjà commencée", "à 10 h 00"]
    );
    assert!(
        first[4]
            .display
            .lines
            .contains(&"+ 2 h créditées".to_owned())
    );
    assert!(
        first[5]
            .display
            .lines
            .contains(&"+ 2 h 25 créditées".to_owned())
    );
    assert_eq!(posted(&pool, MARIE).await, 60 + 120);
    assert_eq!(posted(&pool, FATIMA).await, 60 + 145);
    // Marie's second shift is open: 240 minutes reserved (the longest unplanned shift).
    assert_eq!(account_of(&pool, MARIE).await.credits_pending, 240);
    // Two shifts ended (pending + post each), one open (pending).
    assert_eq!(transfer_count(&pool).await, transfers_before + 5);
    let by_id: HashMap<String, Ack> = first
        .iter()
        .map(|a| (a.id.as_str().to_owned(), a.clone()))
        .collect();
    let before = snapshot(&pool).await;

    // The kiosk comes back and sends its whole outbox again, hours later, in one batch…
    let later = |r: &Received, minutes: i64| Received {
        received_at: r.received_at + Duration::hours(6) + Duration::minutes(minutes),
        ..r.clone()
    };
    let again: Vec<Received> = outbox.iter().map(|r| later(r, 0)).collect();
    let replayed = store_counted(&pool, &metrics, &again).await;
    assert_eq!(replayed, first, "the same acks, in the same order");
    assert_eq!(snapshot(&pool).await, before);

    // … and again in another batching: newest first, three at a time.
    let mut reversed: Vec<Received> = outbox.iter().rev().map(|r| later(r, 30)).collect();
    for chunk in reversed.chunks_mut(3) {
        for ack in store_counted(&pool, &metrics, chunk).await {
            assert_eq!(ack, by_id[ack.id.as_str()]);
        }
    }
    assert_eq!(snapshot(&pool).await, before);
    assert_eq!(metrics.events_replayed.get(), 14);

    // A replay mixed with a new tap: only the new one means something.
    let batch = [
        later(&outbox[4], 60),
        tap(8, FATIMA, day(14, 0)),
        later(&outbox[6], 60),
    ];
    let acks = store_counted(&pool, &metrics, &batch).await;
    assert_eq!(acks[0], by_id[&event_id(5)]);
    assert_eq!(acks[1].result, AckResult::ShiftStarted);
    assert_eq!(acks[2], by_id[&event_id(7)]);
    assert_eq!(transfer_count(&pool).await, transfers_before + 6);
    assert_eq!(posted(&pool, MARIE).await, 60 + 120);
    assert_eq!(posted(&pool, FATIMA).await, 60 + 145);
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM kiosk_events")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(events, 8, "each event stored once");
    assert_sound(&pool).await;
}

// ---------------------------------------------------------------------------------------------
// Late taps, refusals, forgotten tap-outs
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_late_tap_from_an_offline_kiosk_counts_at_its_read_time_and_goes_to_review() {
    let (_dir, pool) = demo_db().await;
    let grocery = activity(&pool, "Épicerie du matin", KIOSK, false).await;
    let shift = planned(&pool, grocery.id, "2026-11-23", "09:00", "12:00", 2).await;
    let day = |h, m| paris(2026, 11, 23, h, m);
    // The kiosk was offline all morning: both taps arrive at 14:00.
    let delivered = day(14, 0).with_timezone(&Utc);
    let acks = store(
        &pool,
        &[
            tap_at(KIOSK, 1, MARIE, day(9, 0), delivered),
            tap_at(KIOSK, 2, MARIE, day(11, 30), delivered),
        ],
    )
    .await;
    assert_eq!(acks[0].result, AckResult::ShiftStarted);
    assert_eq!(
        acks[0].display.lines[..2],
        ["Permanence Épicerie du matin", "commencée à 09 h 00"]
    );
    assert_eq!(acks[1].result, AckResult::ShiftEnded);
    assert!(
        acks[1]
            .display
            .lines
            .contains(&"+ 2 h 30 créditées".to_owned())
    );
    assert_eq!(posted(&pool, MARIE).await, 60 + 150);

    let sessions = sessions_of(&pool, MARIE).await;
    assert_eq!(sessions.len(), 1);
    let s = &sessions[0];
    assert_eq!(s.shift_id, Some(shift.id));
    assert_eq!(
        s.started_at, "2026-11-23T08:00:00.000Z",
        "its read time, not 14:00"
    );
    assert_eq!(s.ended_at.as_deref(), Some("2026-11-23T10:30:00.000Z"));
    assert_eq!(s.review_reasons(), ["clock_skew"]);
    let queue = shifts::review_queue(&pool).await.unwrap();
    assert!(
        queue.iter().any(|q| q.id == s.id),
        "the shift waits in the review queue: {queue:?}"
    );
    let flagged: Vec<Option<String>> =
        sqlx::query_scalar("SELECT flagged FROM kiosk_events ORDER BY ingest_no")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        flagged,
        [Some("delayed".to_owned()), Some("delayed".to_owned())]
    );
    assert_sound(&pool).await;
}

#[tokio::test]
async fn no_planned_shift_at_a_kiosk_refusing_unplanned_ones_is_not_allowed_and_writes_nothing() {
    let (_dir, pool) = demo_db().await;
    // A second SEL counter whose only activity takes planned shifts only.
    let kiosk =
        kiosks::NewKiosk::prepare("cafe-2", protocol::Role::Sel, "Épicerie — comptoir", "demo")
            .await
            .unwrap();
    let mut tx = db::begin_write(&pool).await.unwrap();
    kiosk.insert(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    activity(&pool, "Épicerie du soir", "cafe-2", false).await;

    let before = snapshot(&pool).await;
    // Sunday evening: nothing planned anywhere.
    let at = paris(2026, 11, 22, 20, 0);
    let acks = store(
        &pool,
        &[tap_at("cafe-2", 1, MARIE, at, at.with_timezone(&Utc))],
    )
    .await;
    assert_eq!(acks[0].result, AckResult::NotAllowed);
    assert_eq!(acks[0].display.title, "Bonjour Marie");
    assert_eq!(
        acks[0].display.lines,
        ["Pas de permanence prévue", "maintenant ici"]
    );
    assert_eq!(snapshot(&pool).await, before, "nothing written");
    assert_sound(&pool).await;
}

#[tokio::test]
async fn an_unpaid_membership_is_refused_when_the_policy_says_refuse_and_only_warned_otherwise() {
    let (_dir, pool) = demo_db().await;
    sqlx::query("UPDATE sel_settings SET membership_policy = 'refuse' WHERE id = 1")
        .execute(&pool)
        .await
        .unwrap();
    // Now, so that the year is the one the demo recorded memberships for.
    let now = Utc::now().with_timezone(&Paris);
    let year = chrono::Datelike::year(&now);
    let before = snapshot(&pool).await;
    let acks = store(&pool, &[tap(1, KARIM, now)]).await;
    assert_eq!(acks[0].result, AckResult::NotAllowed);
    assert_eq!(acks[0].display.title, "Bonjour Karim");
    assert_eq!(
        acks[0].display.lines,
        [
            format!("Adhésion {year} à régler"),
            "Voyez l'accueil".to_owned()
        ]
    );
    assert_eq!(snapshot(&pool).await, before, "nothing written for Karim");

    // Marie has paid: she starts.
    let acks = store(&pool, &[tap(2, MARIE, now)]).await;
    assert_eq!(acks[0].result, AckResult::ShiftStarted);
    assert!(
        !acks[0]
            .display
            .lines
            .iter()
            .any(|l| l.starts_with("Adhésion"))
    );

    // With the default policy, Karim starts too, and is reminded.
    sqlx::query("UPDATE sel_settings SET membership_policy = 'warn' WHERE id = 1")
        .execute(&pool)
        .await
        .unwrap();
    let acks = store(&pool, &[tap(3, KARIM, now + Duration::seconds(1))]).await;
    assert_eq!(acks[0].result, AckResult::ShiftStarted);
    assert_eq!(
        acks[0].display.lines.last(),
        Some(&format!("Adhésion {year} à régler"))
    );
    assert_sound(&pool).await;
}

#[tokio::test]
async fn a_forgotten_tap_out_is_closed_once_at_the_planned_end_plus_tolerance() {
    let (_dir, pool) = demo_db().await;
    let sewing = activity(&pool, "Atelier couture", KIOSK, false).await;
    let shift = planned(&pool, sewing.id, "2026-11-23", "14:00", "17:00", 2).await;
    let day = |h, m| paris(2026, 11, 23, h, m);
    let acks = store(&pool, &[tap(1, MARIE, day(14, 0))]).await;
    assert_eq!(acks[0].result, AckResult::ShiftStarted);
    // 180 planned + 15 tolerance reserved.
    assert_eq!(account_of(&pool, MARIE).await.credits_pending, 195);

    let not_yet = shifts::close_overdue(&pool, day(17, 14).with_timezone(&Utc))
        .await
        .unwrap();
    assert_eq!(not_yet, 0, "17:14 is before 17:00 + 15 min");
    assert!(sessions_of(&pool, MARIE).await[0].ended_at.is_none());

    let closed = shifts::close_overdue(&pool, day(17, 20).with_timezone(&Utc))
        .await
        .unwrap();
    assert_eq!(closed, 1);
    let s = &sessions_of(&pool, MARIE).await[0];
    assert_eq!(s.shift_id, Some(shift.id));
    assert_eq!(
        s.ended_at.as_deref(),
        Some("2026-11-23T16:15:00.000Z"),
        "17:15 local"
    );
    assert_eq!(s.end_kind.as_deref(), Some("auto"));
    assert_eq!(
        s.minutes,
        Some(195),
        "capped at the planned length plus tolerance"
    );
    assert_eq!(s.review_reasons(), ["forgotten"]);
    let account = account_of(&pool, MARIE).await;
    assert_eq!((account.posted, account.credits_pending), (60 + 195, 0));
    let before = snapshot(&pool).await;

    // Running again (the server does every minute) changes nothing.
    for later in [day(17, 20), day(17, 21), day(23, 0)] {
        let n = shifts::close_overdue(&pool, later.with_timezone(&Utc))
            .await
            .unwrap();
        assert_eq!(n, 0);
    }
    assert_eq!(snapshot(&pool).await, before);
    assert!(
        shifts::review_queue(&pool)
            .await
            .unwrap()
            .iter()
            .any(|q| q.id == s.id)
    );
    assert_sound(&pool).await;
}

/// The kiosk was offline when Marie tapped out at 16:30; the server closed her shift as forgotten
/// at 17:15 (195 minutes credited) and the tap-out arrives at 18:00. It ends that shift at 16:30
/// (what was credited too much goes back by a linked correction) and opens no second shift.
#[tokio::test]
async fn a_tap_out_delivered_after_the_automatic_close_brings_the_shift_back_to_its_real_end() {
    let (_dir, pool) = demo_db().await;
    let sewing = activity(&pool, "Atelier couture", KIOSK, false).await;
    planned(&pool, sewing.id, "2026-11-23", "14:00", "17:00", 2).await;
    let day = |h, m| paris(2026, 11, 23, h, m);
    store(&pool, &[tap(1, MARIE, day(14, 0))]).await;
    shifts::close_overdue(&pool, day(17, 20).with_timezone(&Utc))
        .await
        .unwrap();
    assert_eq!(posted(&pool, MARIE).await, 60 + 195);

    let late = tap_at(KIOSK, 2, MARIE, day(16, 30), day(18, 0).with_timezone(&Utc));
    let acks = store(&pool, std::slice::from_ref(&late)).await;
    assert_eq!(acks[0].result, AckResult::ShiftEnded, "{acks:?}");
    assert_eq!(
        acks[0].display.lines,
        [
            "Permanence finie à 16 h 30",
            "+ 2 h 30 créditées",
            "Solde : 3 h 30"
        ]
    );
    assert_eq!(posted(&pool, MARIE).await, 60 + 150);
    let before = snapshot(&pool).await;
    // Housekeeping and the same event again change nothing more.
    assert_eq!(
        shifts::close_overdue(&pool, day(18, 1).with_timezone(&Utc))
            .await
            .unwrap(),
        0
    );
    let replay = store(&pool, &[late]).await;
    assert_eq!(replay, acks);
    assert_eq!(snapshot(&pool).await, before);

    let sessions = sessions_of(&pool, MARIE).await;
    assert_eq!(sessions.len(), 1, "one afternoon, one shift: {sessions:#?}");
    let s = &sessions[0];
    assert_eq!(s.end_kind.as_deref(), Some("tap"));
    assert_eq!(s.ended_at.as_deref(), Some("2026-11-23T15:30:00.000Z"));
    assert_eq!(s.review_reasons(), ["forgotten", "clock_skew"]);
    assert_eq!(s.minutes, Some(150), "the shift says what was credited");
    // The give-back is a correction linked to the automatic close's posting, with its reason.
    let statement = ledger::statement(&pool, account_of(&pool, MARIE).await.id)
        .await
        .unwrap();
    let last = statement.last().unwrap();
    assert_eq!((last.kind.as_str(), last.minutes), ("correction", -45));
    assert_eq!(last.corrects_no, s.resolution_no);
    assert!(
        last.reason.as_deref().unwrap_or("").contains("16 h 30"),
        "{last:?}"
    );
    assert_sound(&pool).await;
}

// ---------------------------------------------------------------------------------------------
// Limits under concurrency
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_concurrent_spends_accept_exactly_what_the_floor_allows() {
    let (_dir, pool) = demo_db().await;
    let marie_person = person_of(&pool, MARIE).await;
    ledger::set_limits(
        &pool,
        &admin(),
        marie_person,
        Some(-500),
        None,
        "test de concurrence",
    )
    .await
    .unwrap();
    let marie = account_of(&pool, MARIE).await;
    let jean = account_of(&pool, JEAN).await;
    // 60 posted, floor −500: 560 spendable, 20 per spend: exactly 28 fit.
    const AMOUNT: i64 = 20;
    let room = marie.posted - marie.debits_pending + 500;
    let k = usize::try_from(room / AMOUNT).unwrap();
    assert_eq!((room, k), (560, 28));
    let transfers_before = transfer_count(&pool).await;
    let jean_before = jean.posted;

    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(64));
    let mut tasks = vec![];
    for i in 0..64u32 {
        let pool = pool.clone();
        let barrier = barrier.clone();
        let (marie_id, jean_id) = (marie.id, jean.id);
        tasks.push(tokio::spawn(async move {
            let (kind, spec) = if i % 2 == 0 {
                (
                    "purchase",
                    TransferSpec::posted(marie_id, COOPERATIVE_ACCOUNT, AMOUNT, Kind::Purchase),
                )
            } else {
                (
                    "exchange",
                    TransferSpec::posted(marie_id, jean_id, AMOUNT, Kind::Exchange),
                )
            };
            barrier.wait().await;
            (i, write_one(&pool, &format!("spend-{i}"), kind, spec).await)
        }));
    }
    let mut accepted = vec![];
    let mut refused = vec![];
    for t in tasks {
        let (i, r) = t.await.unwrap();
        match r {
            Ok(w) => {
                assert!(!w.replayed);
                accepted.push((i, w));
            }
            Err(e) => {
                assert_eq!(conflict_key(&e), "error-sel-below-floor", "{e:?}");
                if let Refusal::Conflict { arg, .. } = &e {
                    assert!(arg.starts_with("Marie Lefèvre"), "{arg}");
                }
                refused.push(i);
            }
        }
    }
    assert_eq!(accepted.len(), k, "exactly the spends the floor allows");
    assert_eq!(refused.len(), 64 - k);
    let marie_after = account_of(&pool, MARIE).await;
    assert_eq!(marie_after.posted, -500, "spent down to the floor exactly");
    assert_eq!(transfer_count(&pool).await, transfers_before + k as i64);
    let to_jean = accepted.iter().filter(|(i, _)| i % 2 == 1).count() as i64;
    assert_eq!(posted(&pool, JEAN).await, jean_before + to_jean * AMOUNT);
    for i in &refused {
        let op: i64 = sqlx::query_scalar("SELECT count(*) FROM sel_operations WHERE id = ?")
            .bind(format!("spend-{i}"))
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(op, 0, "a refused spend left its operation behind");
        let t: i64 =
            sqlx::query_scalar("SELECT count(*) FROM sel_transfers WHERE operation_id = ?")
                .bind(format!("spend-{i}"))
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(t, 0);
    }
    // The floor holds for the next one too, whoever asks.
    let r = write_one(
        &pool,
        "spend-next",
        "purchase",
        TransferSpec::posted(marie.id, COOPERATIVE_ACCOUNT, 1, Kind::Purchase),
    )
    .await;
    assert_eq!(conflict_key(&r.unwrap_err()), "error-sel-below-floor");
    assert_sound(&pool).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_operation_sent_by_sixteen_writers_at_once_is_written_once() {
    let (_dir, pool) = demo_db().await;
    let marie = account_of(&pool, MARIE).await;
    let transfers_before = transfer_count(&pool).await;
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(16));
    let mut tasks = vec![];
    for _ in 0..16 {
        let pool = pool.clone();
        let barrier = barrier.clone();
        let marie_id = marie.id;
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            write_one(
                &pool,
                "one-coffee",
                "purchase",
                TransferSpec::posted(marie_id, COOPERATIVE_ACCOUNT, 10, Kind::Purchase),
            )
            .await
            .unwrap()
        }));
    }
    let mut written = vec![];
    for t in tasks {
        written.push(t.await.unwrap());
    }
    assert_eq!(written.iter().filter(|w| !w.replayed).count(), 1);
    let nos: Vec<i64> = written.iter().map(|w| w.transfers[0].no).collect();
    assert!(
        nos.iter().all(|n| *n == nos[0]),
        "every writer sees the same transfer"
    );
    assert_eq!(transfer_count(&pool).await, transfers_before + 1);
    assert_eq!(posted(&pool, MARIE).await, 50);
    assert_sound(&pool).await;
}

// ---------------------------------------------------------------------------------------------
// Corrections
// ---------------------------------------------------------------------------------------------

fn correction(id: &str, transfer_no: i64, minutes: i64, reason: &str) -> CorrectionInput {
    CorrectionInput {
        id: id.into(),
        transfer_no,
        minutes,
        reason: reason.into(),
        override_reason: None,
    }
}

#[tokio::test]
async fn a_chain_of_corrections_never_gives_back_more_than_the_net_and_keeps_the_ledger_whole() {
    let (_dir, pool) = demo_db().await;
    let marie = account_of(&pool, MARIE).await;
    let bought = write_one(
        &pool,
        "basket-1",
        "purchase",
        TransferSpec::posted(marie.id, COOPERATIVE_ACCOUNT, 30, Kind::Purchase),
    )
    .await
    .unwrap();
    let original = bought.transfers[0].no;
    assert_eq!(posted(&pool, MARIE).await, 30);
    let coop = |pool: SqlitePool| async move {
        ledger::account(&pool, COOPERATIVE_ACCOUNT)
            .await
            .unwrap()
            .posted
    };

    // Give back 10 (charged too much).
    let c1 = ledger::correct(
        &pool,
        &admin(),
        false,
        &correction("c-1", original, -10, "Trop facturé"),
    )
    .await
    .unwrap();
    let t1 = &c1.transfers[0];
    assert_eq!(
        (t1.debit_account, t1.credit_account, t1.amount),
        (COOPERATIVE_ACCOUNT, marie.id, 10)
    );
    assert_eq!(t1.corrects_no, Some(original));
    assert_eq!(t1.kind, "correction");
    assert_eq!(t1.reason.as_deref(), Some("Trop facturé"));
    assert_eq!(posted(&pool, MARIE).await, 40);

    // Add 5, written against the correction: it attaches to the original all the same.
    let c2 = ledger::correct(
        &pool,
        &admin(),
        false,
        &correction("c-2", t1.no, 5, "Un pain oublié"),
    )
    .await
    .unwrap();
    let t2 = &c2.transfers[0];
    assert_eq!(
        (
            t2.debit_account,
            t2.credit_account,
            t2.amount,
            t2.corrects_no
        ),
        (marie.id, COOPERATIVE_ACCOUNT, 5, Some(original))
    );
    assert_eq!(posted(&pool, MARIE).await, 35);
    let before = snapshot(&pool).await;

    // Net is 30 − 10 + 5 = 25: giving back 26 is refused and writes nothing.
    let too_much = ledger::correct(
        &pool,
        &admin(),
        false,
        &correction("c-3", original, -26, "Erreur"),
    )
    .await
    .unwrap_err();
    match &too_much {
        Refusal::Conflict { key, arg } => {
            assert_eq!(*key, "error-sel-correction-too-large");
            assert_eq!(arg, "25 min");
        }
        other => panic!("{other:?}"),
    }
    // Neither without a reason, nor an override by someone who may not, nor the same id for
    // another request.
    let no_reason = ledger::correct(
        &pool,
        &admin(),
        false,
        &correction("c-4", original, -5, "  "),
    )
    .await
    .unwrap_err();
    assert!(matches!(no_reason, Refusal::Invalid(_)), "{no_reason:?}");
    let mut forced = correction("c-5", original, -5, "Geste");
    forced.override_reason = Some("je force".into());
    assert!(matches!(
        ledger::correct(&pool, &admin(), false, &forced).await,
        Err(Refusal::Invalid(_))
    ));
    let reused = ledger::correct(
        &pool,
        &admin(),
        false,
        &correction("c-1", original, -9, "Trop facturé"),
    )
    .await
    .unwrap_err();
    assert_eq!(conflict_key(&reused), "error-sel-operation-reused");
    assert_eq!(snapshot(&pool).await, before);

    // The same correction sent twice is written once.
    let again = ledger::correct(
        &pool,
        &admin(),
        false,
        &correction("c-1", original, -10, "Trop facturé"),
    )
    .await
    .unwrap();
    assert!(again.replayed);
    assert_eq!(again.transfers[0].no, t1.no);
    assert_eq!(snapshot(&pool).await, before);

    // Giving back the whole net is allowed, once; then nothing is left to give back.
    ledger::correct(
        &pool,
        &admin(),
        false,
        &correction("c-6", original, -25, "Panier annulé"),
    )
    .await
    .unwrap();
    let nothing_left = ledger::correct(
        &pool,
        &admin(),
        false,
        &correction("c-7", original, -1, "Encore"),
    )
    .await
    .unwrap_err();
    match &nothing_left {
        Refusal::Conflict { key, arg } => {
            assert_eq!(*key, "error-sel-correction-too-large");
            assert_eq!(arg, "0 min");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(posted(&pool, MARIE).await, 60);
    assert_eq!(coop(pool.clone()).await, 0);
    // A retry of the first give-back, now that nothing is left, is still answered as the first
    // time — and writes nothing.
    let before = snapshot(&pool).await;
    let retried = ledger::correct(
        &pool,
        &admin(),
        false,
        &correction("c-1", original, -10, "Trop facturé"),
    )
    .await
    .unwrap();
    assert!(retried.replayed);
    assert_eq!(retried.transfers[0].no, t1.no);
    assert_eq!(snapshot(&pool).await, before);

    // A reservation (a shift being served) is not corrected: it is posted or voided.
    let at = paris(2026, 11, 22, 10, 0);
    store(&pool, &[tap(1, MARIE, at)]).await;
    let pending = sessions_of(&pool, MARIE).await[0].pending_no;
    let r = ledger::correct(
        &pool,
        &admin(),
        false,
        &correction("c-8", pending, 10, "Avance"),
    )
    .await
    .unwrap_err();
    assert_eq!(conflict_key(&r), "error-sel-correct-pending");

    // The statement tells the story, with the reasons.
    let statement = ledger::statement(&pool, marie.id).await.unwrap();
    let story: Vec<(String, i64, Option<String>)> = statement
        .iter()
        .filter(|l| l.phase == "posted")
        .map(|l| (l.kind.clone(), l.minutes, l.reason.clone()))
        .collect();
    assert_eq!(
        story,
        [
            ("welcome".to_owned(), 60, None),
            ("purchase".to_owned(), -30, None),
            ("correction".to_owned(), 10, Some("Trop facturé".to_owned())),
            (
                "correction".to_owned(),
                -5,
                Some("Un pain oublié".to_owned())
            ),
            (
                "correction".to_owned(),
                25,
                Some("Panier annulé".to_owned())
            ),
        ]
    );
    let mut conn = pool.acquire().await.unwrap();
    let r = ledger::reconcile(&mut conn).await.unwrap();
    drop(conn);
    assert!(r.ok && r.posted_sum == 0, "{r:?}");
    assert_sound(&pool).await;
}

// ---------------------------------------------------------------------------------------------
// Raw SQL against the ledger
// ---------------------------------------------------------------------------------------------

/// A demo ledger whose latest transfer is Marie's purchase at the cooperative; returns the pool,
/// Marie's account id, the latest transfer's number and Jean's account id.
async fn ledger_for_raw_sql() -> (tempfile::TempDir, SqlitePool, i64, i64, i64) {
    let (dir, pool) = demo_db().await;
    let marie = account_of(&pool, MARIE).await.id;
    let jean = account_of(&pool, JEAN).await.id;
    write_one(
        &pool,
        "bread-1",
        "purchase",
        TransferSpec::posted(marie, COOPERATIVE_ACCOUNT, 15, Kind::Purchase),
    )
    .await
    .unwrap();
    let latest: i64 = sqlx::query_scalar("SELECT max(no) FROM sel_transfers")
        .fetch_one(&pool)
        .await
        .unwrap();
    (dir, pool, marie, latest, jean)
}

/// Runs each statement in its own transaction and returns the ones that went through (rolled back
/// at once, so that one hole does not hide the next). A refused one must have changed nothing.
async fn accepted_statements(pool: &SqlitePool, statements: &[String]) -> Vec<String> {
    let before = snapshot(pool).await;
    let mut accepted = vec![];
    for sql in statements {
        let mut tx = pool.begin().await.unwrap();
        match sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
            .execute(&mut *tx)
            .await
        {
            Ok(done) => {
                accepted.push(format!("{sql} ({} rows)", done.rows_affected()));
                tx.rollback().await.unwrap();
            }
            Err(_) => {
                tx.rollback().await.unwrap();
                assert_eq!(snapshot(pool).await, before, "{sql} changed something");
            }
        }
    }
    assert_eq!(snapshot(pool).await, before);
    accepted
}

#[tokio::test]
async fn raw_sql_cannot_edit_delete_or_replace_transfers_and_operations_nor_cross_a_limit() {
    let (_dir, pool, m, latest, _) = ledger_for_raw_sql().await;
    let before = snapshot(&pool).await;
    let statements: Vec<String> = vec![
        "UPDATE sel_transfers SET amount = amount + 100 WHERE no = 1".into(),
        "UPDATE sel_transfers SET memo = 'retouché'".into(),
        format!("UPDATE sel_transfers SET credit_account = {m} WHERE no = {latest}"),
        "DELETE FROM sel_transfers".into(),
        format!("DELETE FROM sel_transfers WHERE no = {latest}"),
        "DELETE FROM sel_operations".into(),
        "DELETE FROM sel_operations WHERE id = 'bread-1'".into(),
        "UPDATE sel_operations SET request = '{}'".into(),
        "INSERT OR REPLACE INTO sel_transfers (no, operation_id, debit_account, credit_account,
             amount, kind, phase, created_at)
         SELECT no, operation_id, debit_account, credit_account, amount + 100, kind, phase,
             created_at FROM sel_transfers WHERE no = 1"
            .into(),
        format!(
            "REPLACE INTO sel_transfers (no, operation_id, debit_account, credit_account, amount,
                 kind, phase, created_at)
             VALUES ({latest}, 'bread-1', {m}, 2, 1, 'purchase', 'posted', 'x')"
        ),
        "INSERT OR REPLACE INTO sel_operations (id, kind, request, created_at, author)
         VALUES ('bread-1', 'purchase', '{}', 'x', 'x')"
            .into(),
        "DELETE FROM sel_accounts WHERE id = 3".into(),
    ];
    let accepted = accepted_statements(&pool, &statements).await;
    assert!(
        accepted.is_empty(),
        "raw SQL changed the ledger ({} of {} statements went through):\n{}",
        accepted.len(),
        statements.len(),
        accepted.join("\n")
    );

    // Writing a transfer by hand goes through the same triggers: limits hold.
    let insert = |debit: i64, credit: i64, amount: i64| {
        format!(
            "INSERT INTO sel_transfers (operation_id, debit_account, credit_account, amount, kind,
                 phase, created_at)
             VALUES ('bread-1', {debit}, {credit}, {amount}, 'purchase', 'posted',
                 '2026-11-26T10:00:00.000Z')"
        )
    };
    for (sql, code) in [
        (insert(m, COOPERATIVE_ACCOUNT, 5000), "sel_below_floor"),
        (insert(POOL_ACCOUNT, m, 5000), "sel_above_ceiling"),
        (insert(m, m, 1), "CHECK constraint failed"),
        (
            insert(m, COOPERATIVE_ACCOUNT, -5),
            "CHECK constraint failed",
        ),
        (insert(m, 999, 1), "sel_account_unknown"),
    ] {
        let e = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
            .execute(&pool)
            .await
            .unwrap_err();
        let message = e.as_database_error().map(|d| d.message().to_owned());
        assert!(
            message.as_deref().is_some_and(|msg| msg.contains(code)),
            "{sql}: {e}"
        );
        assert_eq!(snapshot(&pool).await, before, "{sql} changed something");
    }
    // A post that resolves nothing pending.
    let e = sqlx::query(
        "INSERT INTO sel_transfers (operation_id, debit_account, credit_account, amount, kind,
             phase, pending_no, created_at)
         VALUES ('bread-1', 1, 3, 10, 'shift', 'post', 1, 'x')",
    )
    .execute(&pool)
    .await
    .unwrap_err();
    assert!(e.to_string().contains("sel_not_pending"), "{e}");
    assert_eq!(snapshot(&pool).await, before);
    assert_sound(&pool).await;
}

/// The balances kept on `sel_accounts` change only through a transfer (migration 0003's
/// `sel_accounts_balances_guard`), whichever account is aimed at.
#[tokio::test]
async fn raw_sql_cannot_set_a_balance_by_hand() {
    let (_dir, pool, m, latest, jean) = ledger_for_raw_sql().await;
    let statements: Vec<String> = vec![
        // An account the latest transfer did not touch.
        format!("UPDATE sel_accounts SET posted = posted + 1000 WHERE id = {jean}"),
        format!(
            "UPDATE sel_accounts SET posted = 0, last_transfer_no = {latest} WHERE id = {jean}"
        ),
        "UPDATE sel_accounts SET posted = 0".into(),
        // The accounts of the latest transfer.
        format!("UPDATE sel_accounts SET posted = posted + 1000 WHERE id = {m}"),
        format!("UPDATE sel_accounts SET posted = posted - 1000 WHERE id = {COOPERATIVE_ACCOUNT}"),
        format!("UPDATE sel_accounts SET credits_pending = credits_pending + 5 WHERE id = {m}"),
        // An account born with a balance: minutes from nowhere.
        "INSERT INTO sel_accounts (kind, label, posted, opened_at)
         VALUES ('pool', 'Seconde caisse', 5000, '2026-11-26T10:00:00.000Z')"
            .into(),
        // A replaced row is an insert, not an update.
        format!(
            "INSERT OR REPLACE INTO sel_accounts (id, kind, person_id, label, posted, opened_at,
                 last_transfer_no)
             SELECT id, kind, person_id, label, 5000, opened_at, last_transfer_no
             FROM sel_accounts WHERE id = {jean}"
        ),
    ];
    let accepted = accepted_statements(&pool, &statements).await;
    assert_sound(&pool).await;
    assert!(
        accepted.is_empty(),
        "a balance was set by hand ({} of {} statements went through):\n{}",
        accepted.len(),
        statements.len(),
        accepted.join("\n")
    );
}

#[tokio::test]
async fn a_reconciliation_abandoned_midway_leaves_no_transaction_open_on_the_pool() {
    let (_dir, pool) = demo_db().await;
    // A page's visitor who goes away while the ledger is read: the request's future is dropped
    // wherever it stands, here after each of its first steps in turn.
    for _ in 0..40 {
        let _ = tokio::time::timeout(
            std::time::Duration::from_micros(1),
            ledger::record_reconciliation(&pool),
        )
        .await;
        tokio::task::yield_now().await;
    }
    // Every connection of the pool can still start a write, and sees the latest state.
    let mut held = vec![];
    for _ in 0..db::POOL_CONNECTIONS {
        let mut conn = pool.acquire().await.unwrap();
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut *conn)
            .await
            .expect("no transaction left open on this connection");
        sqlx::query("ROLLBACK").execute(&mut *conn).await.unwrap();
        held.push(conn);
    }
    drop(held);
    let r = ledger::record_reconciliation(&pool).await.unwrap();
    assert!(r.ok, "{:?}", r.mismatches);
}
