use super::*;
use chrono_tz::Europe::Paris;

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("instant")
}

#[test]
fn a_weekly_series_keeps_its_local_hour_across_both_dst_changes() {
    let first = NaiveDate::from_ymd_opt(2026, 10, 18).expect("date");
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).expect("time");
    let o = occurrences(Paris, first, t(19), t(21), 3).expect("series");
    assert_eq!(o[0].0, utc("2026-10-18T17:00:00Z"));
    assert_eq!(o[1].0, utc("2026-10-25T18:00:00Z"));
    assert_eq!(o[2].1, utc("2026-11-01T20:00:00Z"));
    let spring = NaiveDate::from_ymd_opt(2027, 3, 21).expect("date");
    let o = occurrences(Paris, spring, t(19), t(21), 2).expect("series");
    assert_eq!(o[0].0, utc("2027-03-21T18:00:00Z"));
    assert_eq!(o[1].0, utc("2027-03-28T17:00:00Z"));
}

#[test]
fn night_shifts_across_dst_are_as_long_as_the_night_really_was() {
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).expect("time");
    // 25 October 2026: 03:00 CEST becomes 02:00 CET.
    let oct = NaiveDate::from_ymd_opt(2026, 10, 25).expect("date");
    let (s, e) = occurrences(Paris, oct, t(1), t(4), 1).expect("series")[0];
    assert_eq!((e - s).num_minutes(), 240);
    // 28 March 2027: 02:00 CET becomes 03:00 CEST.
    let mar = NaiveDate::from_ymd_opt(2027, 3, 28).expect("date");
    let (s, e) = occurrences(Paris, mar, t(1), t(4), 1).expect("series")[0];
    assert_eq!((e - s).num_minutes(), 120);
    // 22:00 → 06:00 the next day.
    let (s, e) = occurrences(Paris, oct - Duration::days(1), t(22), t(6), 1).expect("night")[0];
    assert_eq!((e - s).num_minutes(), 9 * 60);
}

#[test]
fn valuation_rounds_and_caps() {
    let s = utc("2026-11-26T13:00:00Z");
    assert_eq!(valuation(s, s + Duration::minutes(182), 240, 5), 180);
    assert_eq!(valuation(s, s + Duration::minutes(300), 195, 5), 195);
    assert_eq!(valuation(s, s - Duration::minutes(3), 195, 5), 0);
    assert_eq!(valuation(s, s + Duration::seconds(89), 195, 1), 1);
}

#[test]
fn a_missing_local_hour_reads_as_the_wall_clock_after_the_change() {
    let gap = NaiveDate::from_ymd_opt(2027, 3, 28)
        .expect("date")
        .and_hms_opt(2, 30, 0)
        .expect("time");
    assert_eq!(resolve_local(Paris, gap), utc("2027-03-28T01:30:00Z"));
    let twice = NaiveDate::from_ymd_opt(2026, 10, 25)
        .expect("date")
        .and_hms_opt(2, 30, 0)
        .expect("time");
    assert_eq!(resolve_local(Paris, twice), utc("2026-10-25T00:30:00Z"));
}

async fn demo() -> (tempfile::TempDir, SqlitePool) {
    let dir = tempfile::tempdir().expect("dir");
    let pool = db::open_and_migrate(&dir.path().join("t.db"))
        .await
        .expect("db");
    crate::demo::seed_if_empty(&pool).await.expect("seed");
    (dir, pool)
}

async fn tap_at(pool: &SqlitePool, id: &str, person: i64, at: DateTime<Utc>) -> TapAnswer {
    let mut tx = db::begin_write(pool).await.expect("tx");
    let a = tap(
        &mut tx,
        Paris,
        &Tap {
            event_id: id,
            kiosk_id: "demo-sel",
            person_id: person,
            first_name: "Marie",
            guest: false,
            read_at: at,
            flagged: Some("delayed"),
        },
    )
    .await
    .expect("tap");
    tx.commit().await.expect("commit");
    a
}

async fn posted(pool: &SqlitePool, person: i64) -> i64 {
    ledger::account_of_person(pool, person)
        .await
        .expect("account")
        .expect("open")
        .posted
}

#[tokio::test]
async fn a_tap_out_delivered_after_the_automatic_close_brings_the_shift_back_to_its_real_end() {
    let (_dir, pool) = demo().await;
    // An unplanned café shift at 03:00 local (no café plan at night): closed automatically
    // after 240 minutes, then the kiosk's tap-out at 04:30 arrives from its outbox.
    let start = utc("2026-11-20T02:00:00Z");
    let a = tap_at(&pool, "e-in", 1, start).await;
    assert_eq!(a.result, AckResult::ShiftStarted);
    let closed = close_overdue(&pool, start + Duration::hours(5))
        .await
        .expect("close");
    assert_eq!(closed, 1);
    assert_eq!(posted(&pool, 1).await, 60 + 240);
    let a = tap_at(&pool, "e-out", 1, start + Duration::minutes(90)).await;
    assert_eq!(a.result, AckResult::ShiftEnded);
    assert_eq!(a.display.lines[1], "+ 1 h 30 créditées");
    assert_eq!(posted(&pool, 1).await, 60 + 90);
    // The same tap again (a replay reaches ingestion's stored answer first; here the rule
    // itself): nothing more moves.
    let again = tap_at(&pool, "e-out-2", 1, start + Duration::minutes(91)).await;
    assert_eq!(posted(&pool, 1).await, 60 + 90, "{again:?}");
    let s = &sessions_of_person(&pool, 1, 10).await.expect("sessions")[0];
    assert_eq!(s.end_kind.as_deref(), Some("tap"));
    assert_eq!(s.review, "clock_skew unplanned forgotten");
    let mut conn = pool.acquire().await.expect("conn");
    assert!(ledger::reconcile(&mut conn).await.expect("reconcile").ok);
    drop(conn);
    let findings = crate::check::run(&pool).await.expect("check");
    assert!(findings.iter().all(|f| f.ok), "{findings:?}");
}
#[tokio::test]
async fn a_late_tap_out_does_not_take_back_what_the_desk_already_took_back() {
    let (_dir, pool) = demo().await;
    let start = utc("2026-11-20T02:00:00Z");
    tap_at(&pool, "e-in", 1, start).await;
    close_overdue(&pool, start + Duration::hours(5))
        .await
        .expect("close");
    assert_eq!(posted(&pool, 1).await, 60 + 240);
    // The reviewer already brought it back to 90 minutes.
    let s = &sessions_of_person(&pool, 1, 1).await.expect("sessions")[0];
    ledger::correct(
        &pool,
        &Actor::cli(),
        false,
        &ledger::CorrectionInput {
            id: "revue-1".into(),
            transfer_no: s.resolution_no.expect("posted"),
            minutes: -150,
            reason: "Partie à 4 h 30 d'après le cahier".into(),
            override_reason: None,
        },
    )
    .await
    .expect("correction");
    assert_eq!(posted(&pool, 1).await, 60 + 90);
    // Then the kiosk's tap-out at 03:30 arrives: 90 minutes, nothing more to take back.
    let a = tap_at(&pool, "e-out", 1, start + Duration::minutes(90)).await;
    assert_eq!(a.result, AckResult::ShiftEnded);
    assert_eq!(posted(&pool, 1).await, 60 + 90);
    let findings = crate::check::run(&pool).await.expect("check");
    assert!(findings.iter().all(|f| f.ok), "{findings:?}");
}

#[tokio::test]
async fn taps_around_an_automatic_close_never_start_a_shift_by_mistake() {
    let (_dir, pool) = demo().await;
    let start = utc("2026-11-20T02:00:00Z");
    tap_at(&pool, "e-in", 1, start).await;
    close_overdue(&pool, start + Duration::hours(5))
        .await
        .expect("close");
    // A double tap of the tap-in, delivered late: a repeat, not the tap-out.
    let a = tap_at(&pool, "e-rep", 1, start + Duration::seconds(40)).await;
    assert_eq!(a.result, AckResult::Recorded);
    assert_eq!(posted(&pool, 1).await, 60 + 240);
    // A tap ten minutes after the automatic close (at start + 4 h): the tap-out, too late. No
    // new shift; the desk is told.
    let a = tap_at(&pool, "e-late", 1, start + Duration::minutes(250)).await;
    assert_eq!(a.result, AckResult::Recorded);
    assert_eq!(a.display.lines[1], "Voyez l'accueil");
    assert!(open_sessions(&pool).await.expect("open").is_empty());
    let s = &sessions_of_person(&pool, 1, 1).await.expect("sessions")[0];
    assert!(s.review_reasons().contains(&"late_tap"), "{}", s.review);
    assert_eq!(posted(&pool, 1).await, 60 + 240);
}

#[tokio::test]
async fn a_tap_read_before_the_shift_being_served_goes_to_the_desk() {
    let (_dir, pool) = demo().await;
    let start = utc("2026-11-20T14:00:00Z");
    tap_at(&pool, "e-in", 1, start).await;
    // An offline kiosk delivers a tap read an hour before this shift began.
    let a = tap_at(&pool, "e-old", 1, start - Duration::hours(1)).await;
    assert_eq!(a.result, AckResult::Recorded);
    let open = &open_sessions(&pool).await.expect("open")[0];
    assert!(
        open.review_reasons().contains(&"early_tap"),
        "{}",
        open.review
    );
    assert_eq!(review_queue(&pool).await.expect("queue").len(), 2);
}
