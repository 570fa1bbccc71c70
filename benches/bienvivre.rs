//! Bien-Vivre dashboard benchmark: the dashboard and the year's report on five years of the
//! place's life, through the server's own library on the server's own SQLite settings
//! (`db::open_and_migrate`: WAL, `synchronous=FULL`, 4 connections, every migration, the
//! measures' indexes of migration 0026):
//!
//! - **the dashboard**: `bienvivre::series` for the last twelve months, as the staff and the
//!   committee see it (every indicator switched on: the domains' computed ones and those entered
//!   by hand), each over 12 months, the whole stretch and the same stretch a year before;
//! - **the year's report**: `bienvivre::series` for the last calendar year and the SEL's
//!   `sel::report::year_summary` for it, as `/bien-vivre/rapport` reads them;
//! - **each indicator's measure** alone (`Indicator::measure`), over the dashboard's 14 periods
//!   and the report's, to say which one takes the time.
//!
//! ```text
//! cargo bench --bench bienvivre
//! cargo bench --bench bienvivre -- --months 60 --members 5000 --rooms 70 --scale 100 --runs 20 --each 5
//! cargo bench --bench bienvivre -- --months 12 --members 200 --rooms 5 --scale 10 --runs 5 --each 5
//! ```
//!
//! The database is the demo site (`demo::seed_if_empty`) made bigger — `--members` members
//! beside the demo's ten (one in forty a volunteer driver, one in twenty-five a senior carried,
//! one in twenty gardening with the association), `--rooms` meeting rooms open every day from
//! 07:00 to 23:00, and four more activities served at the SEL's kiosk, twice a week each — then
//! `--months` months of its life written by `bienvivre::history::seed` at `--scale` (in one
//! transaction, through every trigger): shifts, purchases and exchanges in the SEL's ledger,
//! room bookings and visits, trips, hostel stays. Every domain's `check` is run on it before the
//! clock starts. `--dir` keeps the database there, and reuses it when it is already built.
//! Figures go in BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use chrono::{Datelike, Duration as Span, NaiveDate, Utc};
use citeosquare_server::audit::Actor;
use citeosquare_server::bienvivre::{self, Audience, Indicator, history};
use citeosquare_server::web::domain::{DemoSite, Period};
use citeosquare_server::{DOMAINS, db, demo, sel};
use serde_json::json;
use sqlx::SqlitePool;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "common/stats.rs"]
mod stats;
use stats::{file_mib, ms, percentile};

#[derive(Debug, Clone)]
struct Options {
    months: u32,
    members: usize,
    rooms: usize,
    scale: u32,
    runs: usize,
    /// Runs of each indicator alone.
    each: usize,
    dir: Option<PathBuf>,
}

fn options() -> Options {
    let mut o = Options {
        months: 60,
        members: 5_000,
        rooms: 70,
        scale: 100,
        runs: 20,
        each: 5,
        dir: None,
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let value = || args.get(i + 1).and_then(|v| v.parse::<u64>().ok()).unwrap();
        match args[i].as_str() {
            "--months" => o.months = value() as u32,
            "--members" => o.members = value() as usize,
            "--rooms" => o.rooms = value() as usize,
            "--scale" => o.scale = value() as u32,
            "--runs" => o.runs = value() as usize,
            "--each" => o.each = value() as usize,
            "--dir" => o.dir = args.get(i + 1).map(PathBuf::from),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

async fn rows(pool: &SqlitePool, sql: &'static str, rows: Vec<serde_json::Value>) {
    for chunk in rows.chunks(5_000) {
        sqlx::query(sql)
            .bind(serde_json::to_string(chunk).unwrap())
            .execute(pool)
            .await
            .unwrap();
    }
}

/// The bigger place: members with a card and a SEL account, rooms open every day, activities at
/// the SEL's kiosk. Returns the members' person ids.
async fn grow(pool: &SqlitePool, o: &Options) -> Vec<i64> {
    let now = db::now_text();
    let (person0, account0, association): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT max(id) + 1 FROM persons), (SELECT max(id) + 1 FROM sel_accounts),
                (SELECT min(id) FROM associations)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let (mut people, mut accounts, mut drivers, mut seniors, mut gardeners) =
        (vec![], vec![], vec![], vec![], vec![]);
    const FIRST: [&str; 8] = [
        "Nadia", "Thomas", "Léa", "Mehdi", "Sophie", "Antoine", "Inès", "Hugo",
    ];
    const LAST: [&str; 7] = [
        "Martin", "Roux", "Petit", "Durand", "Leroy", "Morel", "Simon",
    ];
    for i in 0..o.members {
        let id = person0 + i as i64;
        let (first, last) = (FIRST[i % 8], LAST[i % 7]);
        people.push(json!({"id": id, "first": first, "last": last, "card": format!("MEMBRE{i:06}"), "at": now}));
        accounts.push(json!({"id": account0 + i as i64, "person": id, "label": format!("{first} {last}"), "at": now}));
        if i % 40 == 7 {
            drivers.push(json!({"person": id, "licence": format!("BENCH{i:08}"), "at": now}));
        }
        if i % 25 == 11 {
            seniors.push(json!({"person": id, "name": format!("senior{i}"), "at": now}));
        }
        if i % 20 == 3 {
            gardeners.push(json!({"association": association, "person": id, "at": now}));
        }
    }
    rows(
        pool,
        "INSERT INTO persons (id, first_name, last_name, kind, created_at)
         SELECT json_extract(value, '$.id'), json_extract(value, '$.first'),
                json_extract(value, '$.last'), 'member', json_extract(value, '$.at')
         FROM json_each(?) ORDER BY key",
        people.clone(),
    )
    .await;
    rows(
        pool,
        "INSERT INTO badges (card_id, person_id, assigned_at)
         SELECT json_extract(value, '$.card'), json_extract(value, '$.id'), json_extract(value, '$.at')
         FROM json_each(?) ORDER BY key",
        people,
    )
    .await;
    rows(
        pool,
        "INSERT INTO sel_accounts (id, kind, person_id, label, opened_at)
         SELECT json_extract(value, '$.id'), 'member', json_extract(value, '$.person'),
                json_extract(value, '$.label'), json_extract(value, '$.at')
         FROM json_each(?) ORDER BY key",
        accounts,
    )
    .await;
    rows(
        pool,
        "INSERT INTO vehicle_drivers (person_id, category, licence_number, obtained_on,
             expires_on, seen_by_name, seen_at, volunteer)
         SELECT json_extract(value, '$.person'), 'B', json_extract(value, '$.licence'),
                '2001-01-01', '2040-01-01', 'bench', json_extract(value, '$.at'), 1
         FROM json_each(?)",
        drivers,
    )
    .await;
    // A senior carried reads the site in large type (what `history` knows them by).
    rows(
        pool,
        "INSERT INTO users (username, display_name, role, password_hash, person_id, large_text,
             created_at)
         SELECT json_extract(value, '$.name'), json_extract(value, '$.name'), 'resident', '!',
                json_extract(value, '$.person'), 1, json_extract(value, '$.at')
         FROM json_each(?)",
        seniors,
    )
    .await;
    rows(
        pool,
        "INSERT INTO association_members (association_id, person_id, joined_at)
         SELECT json_extract(value, '$.association'), json_extract(value, '$.person'),
                json_extract(value, '$.at')
         FROM json_each(?)",
        gardeners,
    )
    .await;
    // Meeting rooms, open every day for meetings as the demo's « Salle du Lavoir ».
    for n in 0..o.rooms {
        let space: i64 = sqlx::query_scalar(
            "INSERT INTO spaces (name, capacity, calendar_token, created_at)
             VALUES (?, 20, lower(hex(randomblob(16))), ?) RETURNING id",
        )
        .bind(format!("Salle de réunion {}", n + 1))
        .bind(&now)
        .fetch_one(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO space_windows (space_id, weekday, start_local, end_local, use_id)
             SELECT ?, value, '07:00', '23:00', (SELECT id FROM space_uses WHERE code = 'reunion')
             FROM json_each('[1, 2, 3, 4, 5, 6, 7]')",
        )
        .bind(space)
        .execute(pool)
        .await
        .unwrap();
    }
    // Four more activities at the SEL's kiosk, each twice a week (one planned shift of each
    // series says its weekday).
    // The site's zone.
    let tz = "Europe/Paris".parse().unwrap();
    let today = Utc::now().with_timezone(&tz).date_naive();
    for (n, name) in ["Ressourcerie", "Cantine", "Jardin", "Repair café"]
        .iter()
        .enumerate()
    {
        let activity: i64 = sqlx::query_scalar(
            "INSERT INTO sel_activities (name, kiosk_id, created_at) VALUES (?, 'demo-sel', ?)
             RETURNING id",
        )
        .bind(name)
        .bind(&now)
        .fetch_one(pool)
        .await
        .unwrap();
        for k in 0..2 {
            let day = today + Span::days(7 + (n * 2 + k) as i64 % 7);
            let (start, end) = (["09:00", "14:00"][k], ["12:00", "17:30"][k]);
            let series: i64 = sqlx::query_scalar(
                "INSERT INTO sel_series (activity_id, rrule, start_local, end_local, places,
                     created_at, created_by) VALUES (?, 'FREQ=WEEKLY;COUNT=1', ?, ?, 100, ?, 'bench')
                 RETURNING id",
            )
            .bind(activity)
            .bind(start)
            .bind(end)
            .bind(&now)
            .fetch_one(pool)
            .await
            .unwrap();
            let at = |hhmm: &str| {
                let time = chrono::NaiveTime::parse_from_str(hhmm, "%H:%M").unwrap();
                db::instant_text(citeosquare_server::time::resolve_local(
                    tz,
                    day.and_time(time),
                ))
            };
            sqlx::query(
                "INSERT INTO sel_shifts (activity_id, series_id, starts_at, ends_at, places,
                     created_at) VALUES (?, ?, ?, ?, 100, ?)",
            )
            .bind(activity)
            .bind(series)
            .bind(at(start))
            .bind(at(end))
            .bind(&now)
            .execute(pool)
            .await
            .unwrap();
        }
    }
    (person0..person0 + o.members as i64).collect()
}

/// The database: the demo site made bigger, then its past (see the module's doc).
async fn build(pool: &SqlitePool, o: &Options) {
    let t = Instant::now();
    demo::seed_if_empty(pool).await.unwrap().unwrap();
    let demo_people: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, first_name FROM persons ORDER BY id LIMIT 10")
            .fetch_all(pool)
            .await
            .unwrap();
    let members = grow(pool, o).await;
    println!(
        "demo site and {} members, {} rooms: {:.1} s",
        o.members,
        o.rooms,
        t.elapsed().as_secs_f64()
    );
    let site = DemoSite {
        person_ids: demo_people.iter().map(|p| p.0).chain(members).collect(),
        first_names: demo_people.iter().map(|p| &*p.1.clone().leak()).collect(),
        association: sqlx::query_scalar("SELECT min(id) FROM associations")
            .fetch_one(pool)
            .await
            .unwrap(),
        seed: Actor {
            id: None,
            name: "bench".into(),
        },
        past_months: 0,
    };
    let t = Instant::now();
    let mut tx = db::begin_write(pool).await.unwrap();
    let summary = history::seed(&mut tx, &site, Utc::now(), o.months, o.scale)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    println!(
        "history of {} months written in {:.1} s: {summary:?}",
        o.months,
        t.elapsed().as_secs_f64()
    );
}

/// The rows the measures read, by table.
async fn sizes(pool: &SqlitePool) -> String {
    let mut out = vec![];
    for table in [
        "sel_transfers",
        "sel_sessions",
        "space_bookings",
        "space_visits",
        "vehicle_trips",
        "hostel_stays",
        "hostel_nights",
        "kiosk_events",
    ] {
        let sql = format!("SELECT count(*) FROM {table}");
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(pool)
            .await
            .unwrap();
        out.push(format!("{table} {n}"));
    }
    out.join(", ")
}

/// The SEL's year as `/bien-vivre/rapport` reads it: kept once settled (or recent, by the job).
async fn sel_year(pool: &SqlitePool, year: i32, tz: chrono_tz::Tz) {
    let whole = Period::days(
        bienvivre::year_start(year),
        bienvivre::year_start(year + 1),
        tz,
    );
    bienvivre::settled::detail(
        pool,
        bienvivre::settled::SEL_YEAR,
        &whole,
        Utc::now(),
        sel::report::year_summary(pool, year, tz),
    )
    .await
    .unwrap();
}

/// An indicator measured from the rows, nothing kept.
async fn raw(i: &Indicator, pool: &SqlitePool, periods: &[Period]) {
    match &i.source {
        bienvivre::Source::Computed(m) => {
            (m.measure)(pool, periods).await.unwrap();
        }
        bienvivre::Source::Entered(_) => {
            i.measure(pool, periods).await.unwrap();
        }
    }
}

fn show(v: &mut [Duration]) -> String {
    v.sort();
    format!(
        "median {:.1} ms, p95 {:.1} ms, max {:.1} ms ({} runs)",
        ms(percentile(v, 0.5)),
        ms(percentile(v, 0.95)),
        ms(percentile(v, 1.0)),
        v.len()
    )
}

async fn bench(pool: &SqlitePool, o: &Options) {
    let tz = "Europe/Paris".parse().unwrap();
    let now = Utc::now();
    let first = bienvivre::last_twelve(now, tz);
    let year = now.with_timezone(&tz).year() - 1;
    // `bienvivre::series`' periods: the months from `first`, the whole stretch, a year before.
    let periods = |first: NaiveDate| {
        let mut p = bienvivre::months(first, 12, tz);
        let end = p.last().map_or(first, |p| p.end_day);
        let back = |d: NaiveDate| d.checked_sub_months(chrono::Months::new(12)).unwrap();
        p.push(Period::days(first, end, tz));
        p.push(Period::days(back(first), back(end), tz));
        p
    };
    let dashboard_now = || bienvivre::series(pool, DOMAINS, tz, Audience::Committee, first, 12);
    // Nothing kept yet: the first visit on a database just made, before the background job ran.
    bienvivre::settled::forget(pool).await.unwrap();
    let t = Instant::now();
    dashboard_now().await.unwrap();
    println!(
        "dashboard, nothing kept yet (every period measured): {:.1} ms",
        ms(t.elapsed())
    );
    // The settled months kept, the running twelve months measured again: what the background
    // job pays every ten minutes (and a visitor, if it has not run).
    let mut running = vec![];
    for _ in 0..o.runs.min(5) {
        sqlx::query("DELETE FROM bv_measured WHERE to_at > ?")
            .bind(db::instant_text(now - Span::days(8)))
            .execute(pool)
            .await
            .unwrap();
        let t = Instant::now();
        dashboard_now().await.unwrap();
        running.push(t.elapsed());
    }
    println!(
        "dashboard, settled months kept, the running twelve months measured: {}",
        show(&mut running)
    );
    let (mut dashboard, mut report, mut summary, mut this_report) =
        (vec![], vec![], vec![], vec![]);
    let mut indicators = 0;
    for _ in 0..o.runs {
        let t = Instant::now();
        let s = bienvivre::series(pool, DOMAINS, tz, Audience::Committee, first, 12)
            .await
            .unwrap();
        dashboard.push(t.elapsed());
        indicators = s.len();
        let t = Instant::now();
        bienvivre::series(
            pool,
            DOMAINS,
            tz,
            Audience::Committee,
            bienvivre::year_start(year),
            12,
        )
        .await
        .unwrap();
        let u = Instant::now();
        sel_year(pool, year, tz).await;
        summary.push(u.elapsed());
        report.push(t.elapsed());
        // This year's report, as the page reads it (its recent periods kept by the job).
        let t = Instant::now();
        bienvivre::series(
            pool,
            DOMAINS,
            tz,
            Audience::Committee,
            bienvivre::year_start(year + 1),
            12,
        )
        .await
        .unwrap();
        sel_year(pool, year + 1, tz).await;
        this_report.push(t.elapsed());
    }
    let mut raw_summary = vec![];
    for _ in 0..o.each {
        let t = Instant::now();
        sel::report::year_summary(pool, year, tz).await.unwrap();
        raw_summary.push(t.elapsed());
    }
    println!(
        "dashboard, last twelve months ({indicators} indicators), as visitors see it: {}",
        show(&mut dashboard)
    );
    println!(
        "year's report {year} (series + the SEL's year): {}",
        show(&mut report)
    );
    println!(
        "  … of which the SEL's year (kept once settled): {}",
        show(&mut summary)
    );
    println!(
        "  the SEL's year measured from the rows (nothing kept): {}",
        show(&mut raw_summary)
    );
    println!(
        "year's report {} (under way; its recent periods kept by the job): {}",
        year + 1,
        show(&mut this_report)
    );
    // Each indicator alone, over the dashboard's periods and the report's, measured from the rows
    // (nothing kept): which ones needed the summary of settled periods.
    let all: Vec<Indicator> = bienvivre::indicators(pool, DOMAINS).await.unwrap();
    let (dash, year_periods) = (periods(first), periods(bienvivre::year_start(year)));
    println!(
        "{:<30} {:>8} {:>8} {:>8} {:>8}   (ms: dashboard median / p95, report median / p95)",
        "indicator", "dash", "p95", "report", "p95"
    );
    let mut table: Vec<(f64, String)> = vec![];
    for i in &all {
        let (mut d, mut r) = (vec![], vec![]);
        for _ in 0..o.each {
            let t = Instant::now();
            raw(i, pool, &dash).await;
            d.push(t.elapsed());
            let t = Instant::now();
            raw(i, pool, &year_periods).await;
            r.push(t.elapsed());
        }
        d.sort();
        r.sort();
        let line = format!(
            "{:<30} {:>8.2} {:>8.2} {:>8.2} {:>8.2}   {}",
            i.key,
            ms(percentile(&d, 0.5)),
            ms(percentile(&d, 0.95)),
            ms(percentile(&r, 0.5)),
            ms(percentile(&r, 0.95)),
            i.source_name()
        );
        table.push((ms(percentile(&d, 0.5)), line));
    }
    table.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
    for (_, line) in table {
        println!("{line}");
    }
    let (d, r) = (
        ms(percentile(&dashboard, 0.5)),
        ms(percentile(&report, 0.5)),
    );
    let verdict = |met: bool| if met { "met" } else { "MISSED" };
    println!(
        "targets: dashboard < 200 ms ({}), report < 1 s ({})",
        verdict(d < 200.0),
        verdict(r < 1000.0)
    );
}

fn main() {
    let o = options();
    println!("Bien-Vivre benchmark: {o:?}");
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let temp = tempfile::tempdir().unwrap();
    let dir = o.dir.clone().unwrap_or_else(|| temp.path().to_owned());
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bienvivre.db");
    rt.block_on(async {
        let pool = db::open_and_migrate(&path).await.unwrap();
        let built: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM audit_log WHERE actor = 'bench' AND action = 'bienvivre.history')",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if built {
            println!("reusing {}", path.display());
        } else {
            build(&pool, &o).await;
        }
        db::checkpoint(&pool).await.unwrap();
        println!("{:.0} MiB; {}", file_mib(&path), sizes(&pool).await);
        // Every domain's `check` but two that take hours at this size (quadratic, see
        // BENCHMARKS.md): the rooms' overlaps (the triggers checked each booking as it went in)
        // and the trips' credits (each trip scans every transfer for its operation's name).
        let mut broken: Vec<String> = vec![];
        for d in DOMAINS.iter().filter(|d| !["spaces", "vehicles"].contains(&d.name)) {
            let Some(hook) = d.check else {
                continue;
            };
            let t = Instant::now();
            let findings = hook(&pool).await.unwrap();
            let bad = findings.iter().filter(|f| !f.ok).map(|f| format!("{}: {}", f.name, f.detail));
            broken.extend(bad);
            println!("{} check: {:.1} s", d.name, t.elapsed().as_secs_f64());
        }
        assert!(broken.is_empty(), "{broken:#?}");
        bench(&pool, &o).await;
        pool.close().await;
    });
}
