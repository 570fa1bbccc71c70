//! The demo's year of the place's life (`bienvivre::history::seed`), on a fresh database holding
//! the demo site: every domain's invariants still hold (`citeosquare check`), nothing new waits
//! for the desk, and each indicator the dashboard computes shows something over the last twelve
//! months — in ten of them at least (the current one may have just begun).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::Utc;
use chrono_tz::Europe::Paris;
use citeosquare_server::audit::Actor;
use citeosquare_server::bienvivre::{self, Audience, Source, history};
use citeosquare_server::web::domain::DemoSite;
use citeosquare_server::{DOMAINS, check, db};
use sqlx::SqlitePool;

/// What the desk would have to look at: open shifts and the review queue, requests for rooms,
/// hostel guests expected or in house, vehicles out, messages to send.
async fn desk_work(pool: &SqlitePool) -> Vec<i64> {
    let (a, b, c, d, e, f): (i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM sel_sessions WHERE ended_at IS NULL),
                (SELECT count(*) FROM sel_sessions WHERE review <> '' AND reviewed_at IS NULL),
                (SELECT count(*) FROM space_bookings WHERE state = 'requested'),
                (SELECT count(*) FROM hostel_stays WHERE status IN ('requested', 'confirmed', 'checked_in')),
                (SELECT count(*) FROM vehicle_bookings WHERE state = 'out'),
                (SELECT count(*) FROM notifications)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    vec![a, b, c, d, e, f]
}

/// The demo site as the demo's hooks are given it: its ten people, its association.
async fn demo_site(pool: &SqlitePool) -> DemoSite {
    let people: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, first_name FROM persons ORDER BY id LIMIT 10")
            .fetch_all(pool)
            .await
            .unwrap();
    let association: i64 = sqlx::query_scalar("SELECT min(id) FROM associations")
        .fetch_one(pool)
        .await
        .unwrap();
    DemoSite {
        person_ids: people.iter().map(|p| p.0).collect(),
        first_names: people.iter().map(|p| &*p.1.clone().leak()).collect(),
        association,
        seed: Actor {
            id: None,
            name: "demo".into(),
        },
        past_months: 0,
    }
}

#[tokio::test]
async fn a_year_of_history_keeps_every_check_green_and_fills_the_dashboard() {
    let app = support::TestApp::new().await;
    let pool = &app.pool;
    let now = Utc::now();
    let before = desk_work(pool).await;
    // The tests' demo site has no past (`demo::seed_if_empty`); the served one is given a year.
    let site = demo_site(pool).await;
    let mut tx = db::begin_write(pool).await.unwrap();
    let summary = history::seed(&mut tx, &site, now, 12, 1).await.unwrap();
    tx.commit().await.unwrap();
    println!("{summary:#?}");
    for n in [
        summary.sel_shifts_served,
        summary.sel_purchases,
        summary.space_bookings,
        summary.vehicle_trips,
        summary.hostel_stays,
    ] {
        assert!(
            (20..2_000).contains(&n),
            "a few hundred rows per domain: {summary:?}"
        );
    }
    assert_eq!(
        desk_work(pool).await,
        before,
        "nothing new waits for the desk"
    );
    let recorded: String = sqlx::query_scalar(
        "SELECT after FROM audit_log WHERE action = 'bienvivre.history' AND entity = 'bv_history'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&recorded).unwrap()["space_bookings"],
        summary.space_bookings,
        "the audit log says what the past wrote"
    );

    let broken: Vec<String> = check::run(pool)
        .await
        .unwrap()
        .into_iter()
        .filter(|f| !f.ok)
        .map(|f| format!("{}: {}", f.name, f.detail))
        .collect();
    assert!(broken.is_empty(), "checks broken: {broken:#?}");

    let first = bienvivre::last_twelve(now, Paris);
    let series = bienvivre::series(pool, DOMAINS, Paris, Audience::Committee, first, 12)
        .await
        .unwrap();
    let (mut computed, mut thin) = (0, vec![]);
    for s in series.iter() {
        if !matches!(s.indicator.source, Source::Computed(_)) {
            continue;
        }
        computed += 1;
        let months = s
            .values
            .iter()
            .filter(|v| v.is_some_and(|v| v > 0.0))
            .count();
        let total = s.total.unwrap_or(0.0);
        println!(
            "{:<28} {total:>10.1}  {months:>2} months  {:?}",
            s.indicator.key, s.values
        );
        if total <= 0.0 || months < 10 {
            thin.push(format!(
                "{}: {total} over the year, {months} months of 12",
                s.indicator.key
            ));
        }
    }
    assert!(
        thin.is_empty(),
        "indicators with too little to show: {thin:#?}"
    );
    assert!(
        computed >= 10,
        "the domains' indicators are all there ({computed})"
    );
}

/// The dashboard keeps what it measured over settled months (migration 0027), reads it back, and
/// measures again what a change to the past touched.
#[tokio::test]
async fn settled_months_are_measured_once_and_again_after_a_change_to_the_past() {
    let app = support::TestApp::new().await;
    let pool = &app.pool;
    let now = Utc::now();
    let site = demo_site(pool).await;
    let mut tx = db::begin_write(pool).await.unwrap();
    history::seed(&mut tx, &site, now, 12, 1).await.unwrap();
    tx.commit().await.unwrap();
    let first = bienvivre::last_twelve(now, Paris);
    let debates = |series: &[bienvivre::Series]| {
        series
            .iter()
            .find(|s| s.indicator.key == "spaces_debates")
            .unwrap()
            .values
            .clone()
    };
    let measure = || bienvivre::series(pool, DOMAINS, Paris, Audience::Committee, first, 12);
    let fresh = debates(&measure().await.unwrap());
    // Three months back is settled: kept, once per computed indicator.
    let month = first.checked_add_months(chrono::Months::new(8)).unwrap();
    let period = citeosquare_server::web::domain::Period::days(
        month,
        month.checked_add_months(chrono::Months::new(1)).unwrap(),
        Paris,
    );
    let kept: i64 =
        sqlx::query_scalar("SELECT count(*) FROM bv_measured WHERE from_at = ? AND to_at = ?")
            .bind(period.from_text())
            .bind(period.to_text())
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(
        kept, 12,
        "each computed indicator's value for that month is kept"
    );
    // An hour later the background job measures the recent periods again: the settled months
    // stay kept (they are not measured again at the next visit).
    let debates_measure = DOMAINS
        .iter()
        .flat_map(|d| d.measures.iter())
        .find(|m| m.key == "spaces_debates")
        .unwrap();
    let an_hour_on = now + chrono::Duration::hours(1);
    let periods = bienvivre::series_periods(first, 12, Paris);
    bienvivre::settled::measure(pool, debates_measure, &periods, an_hour_on, true)
        .await
        .unwrap();
    let still: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM bv_measured WHERE key = 'spaces_debates' AND from_at = ? AND to_at = ?",
    )
    .bind(period.from_text())
    .bind(period.to_text())
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(still, 1, "a settled month survives the job's renewal");
    // Read back, not measured again: a value changed behind the dashboard's back shows.
    sqlx::query(
        "UPDATE bv_measured SET value = 999 WHERE key = 'spaces_debates' AND from_at = ? AND to_at = ?",
    )
    .bind(period.from_text())
    .bind(period.to_text())
    .execute(pool)
    .await
    .unwrap();
    assert_eq!(debates(&measure().await.unwrap())[8], Some(999.0));
    // A debate of that month cancelled afterwards: the month is measured again.
    let (booking, before): (i64, f64) = (
        sqlx::query_scalar(
            "SELECT b.id FROM space_bookings b JOIN space_uses u ON u.id = b.use_id
             WHERE b.state = 'confirmed' AND u.code GLOB '*debat*'
               AND b.start_at >= ? AND b.start_at < ? LIMIT 1",
        )
        .bind(period.from_text())
        .bind(period.to_text())
        .fetch_one(pool)
        .await
        .unwrap(),
        fresh[8].unwrap(),
    );
    sqlx::query("UPDATE space_bookings SET state = 'cancelled' WHERE id = ?")
        .bind(booking)
        .execute(pool)
        .await
        .unwrap();
    let after = debates(&measure().await.unwrap());
    assert_eq!(
        after[8],
        Some(before - 1.0),
        "the cancelled debate is no longer counted"
    );
    assert_eq!(
        after[..8],
        fresh[..8],
        "the months before are kept as they were"
    );

    // `citeosquare check` compares each indicator's latest settled month, as kept, with the rows.
    let kept_current = || async {
        check::run(pool)
            .await
            .unwrap()
            .into_iter()
            .find(|f| f.name == "bienvivre.kept_values_current")
            .unwrap()
    };
    assert!(kept_current().await.ok, "{:?}", kept_current().await);
    sqlx::query(
        "UPDATE bv_measured SET value = value + 1
         WHERE key = 'spaces_debates' AND to_at = (
             SELECT max(to_at) FROM bv_measured WHERE key = 'spaces_debates' AND to_at <= ?
               AND julianday(to_at) - julianday(from_at) < 40)",
    )
    .bind(citeosquare_server::db::instant_text(
        now - citeosquare_server::bienvivre::settled::SETTLES_AFTER,
    ))
    .execute(pool)
    .await
    .unwrap();
    let found = kept_current().await;
    assert!(
        !found.ok,
        "a kept value the rows no longer say is found: {found:?}"
    );
}

/// The SEL's year on the report (`sel::report::year_summary`) is kept once the year is settled
/// (migration 0028), read back, and measured again when the SEL's past changes or an activity it
/// names is renamed; a year still running is never kept.
#[tokio::test]
async fn the_sel_year_on_the_report_is_kept_once_settled_and_again_after_a_change() {
    use bienvivre::settled::{SEL_YEAR, detail};
    use chrono::Datelike;
    use citeosquare_server::sel::report::{YearSummary, year_summary};
    use citeosquare_server::web::domain::Period;
    let app = support::TestApp::new().await;
    let pool = &app.pool;
    let now = Utc::now();
    let site = demo_site(pool).await;
    let mut tx = db::begin_write(pool).await.unwrap();
    history::seed(&mut tx, &site, now, 14, 1).await.unwrap();
    tx.commit().await.unwrap();
    // Last year, as seen once it is settled (in the first days of January, a few days on).
    let year = now.with_timezone(&Paris).year() - 1;
    let period = Period::days(
        bienvivre::year_start(year),
        bienvivre::year_start(year + 1),
        Paris,
    );
    let later = now.max(period.to + bienvivre::settled::SETTLES_AFTER + chrono::Duration::hours(1));
    let kept_rows = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM bv_measured WHERE key = ?")
            .bind(SEL_YEAR)
            .fetch_one(pool)
            .await
            .unwrap()
    };
    let report = || {
        detail(
            pool,
            SEL_YEAR,
            &period,
            later,
            year_summary(pool, year, Paris),
        )
    };
    let fresh = year_summary(pool, year, Paris).await.unwrap();
    assert!(fresh.sessions > 0, "the history served shifts in {year}");
    assert_eq!(report().await.unwrap(), fresh);
    assert_eq!(kept_rows().await, 1, "the settled year is kept");

    // Read back, not measured again: figures changed behind the report's back show.
    let mut tampered = fresh.clone();
    tampered.sessions = 999_999;
    sqlx::query("UPDATE bv_measured SET detail = ? WHERE key = ?")
        .bind(serde_json::to_string(&tampered).unwrap())
        .bind(SEL_YEAR)
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(report().await.unwrap().sessions, 999_999);

    // An activity renamed: the kept year names it, so it is measured again under its new name.
    let (activity, name): (i64, String) = (
        fresh.rows[0].activity_id,
        format!("{} (nouveau nom)", fresh.rows[0].activity),
    );
    sqlx::query("UPDATE sel_activities SET name = ? WHERE id = ?")
        .bind(&name)
        .bind(activity)
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        kept_rows().await,
        0,
        "renaming an activity forgets the kept years"
    );
    let renamed: YearSummary = report().await.unwrap();
    assert_eq!(renamed.sessions, fresh.sessions);
    assert!(
        renamed.rows.iter().any(|r| r.activity == name),
        "{renamed:?}"
    );
    assert_eq!(kept_rows().await, 1);

    // A shift of that year reviewed afterwards (the SEL's past changed): measured again.
    let touched = sqlx::query(
        "UPDATE sel_sessions SET review = review
         WHERE id = (SELECT min(id) FROM sel_sessions WHERE started_at >= ? AND started_at < ?)",
    )
    .bind(period.from_text())
    .bind(period.to_text())
    .execute(pool)
    .await
    .unwrap();
    assert_eq!(touched.rows_affected(), 1);
    assert_eq!(
        kept_rows().await,
        0,
        "a change to the year's shifts forgets it"
    );
    assert_eq!(report().await.unwrap(), renamed);

    // The year under way is kept a quarter of an hour (the background job measures it again
    // every ten minutes), then measured again.
    let this_year = Period::days(
        bienvivre::year_start(year + 1),
        bienvivre::year_start(year + 2),
        Paris,
    );
    sqlx::query("DELETE FROM bv_measured")
        .execute(pool)
        .await
        .unwrap();
    let running = || async move {
        let at = now;
        detail(
            pool,
            SEL_YEAR,
            &this_year,
            at,
            year_summary(pool, year + 1, Paris),
        )
        .await
    };
    let current = running().await.unwrap();
    assert_eq!(current, year_summary(pool, year + 1, Paris).await.unwrap());
    assert_eq!(
        kept_rows().await,
        1,
        "the year under way is kept a short while"
    );
    let mut tampered = current.clone();
    tampered.sessions = 888_888;
    sqlx::query("UPDATE bv_measured SET detail = ? WHERE key = ?")
        .bind(serde_json::to_string(&tampered).unwrap())
        .bind(SEL_YEAR)
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        running().await.unwrap().sessions,
        888_888,
        "read back while fresh"
    );
    let later = now + bienvivre::settled::RECENT_FRESH + chrono::Duration::minutes(1);
    let again = detail(
        pool,
        SEL_YEAR,
        &this_year,
        later,
        year_summary(pool, year + 1, Paris),
    )
    .await
    .unwrap();
    assert_eq!(
        again, current,
        "measured again once older than a quarter of an hour"
    );
}
