//! Shared vehicles benchmark: 20 vehicles with three years of bookings (eighteen months behind
//! the benchmark's clock, eighteen ahead), through the server's own library on the server's own
//! SQLite settings (`db::open_and_migrate`: WAL, `synchronous=FULL`; each booking its own
//! `BEGIN IMMEDIATE` transaction behind `db::begin_write`'s queue):
//!
//! - a booking with all its checks (the person may book, the licence covers it, length, notice,
//!   the explaining look-up, then migration 0005's triggers: no overlap with the buffer, no
//!   workshop job), half on free slots and half colliding (refused with the booking in the way);
//! - the desk's board (`board::board`: out, due within the hour, overdue, today's pickups, the
//!   workshop, damage to review, return forms missing, licences and dates coming up).
//!
//! ```text
//! cargo bench --bench vehicles
//! cargo bench --bench vehicles -- --vehicles 20 --days 1095 --creates 2000 --boards 500 --runs 3
//! ```
//!
//! The existing bookings are rows written by set-based `INSERT … SELECT` statements straight into
//! `vehicle_bookings`: every row still goes through the triggers, nothing is disabled. Each
//! vehicle has three bookings a day (08:00–10:00, 12:00–14:00 and 16:00–18:00 UTC, 15 minutes'
//! buffer after each); the past ones were returned, with odometer readings; two are out now, one
//! of them overdue. The key cabinet's tap is measured by the badge path benchmark with
//! `--role vehicles` (see BENCHMARKS.md).
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use chrono::{DateTime, Duration as Span, Utc};
use citeosquare_server::audit::Actor;
use citeosquare_server::db;
use citeosquare_server::refusal::Refusal;
use citeosquare_server::vehicles::board;
use citeosquare_server::vehicles::booking::{self, Maker, NewBooking};
use sqlx::SqlitePool;
use std::time::{Duration, Instant};

#[path = "common/stats.rs"]
mod stats;
use stats::{median, ms, percentile};

#[derive(Debug, Clone)]
struct Options {
    vehicles: i64,
    days: i64,
    creates: u64,
    boards: u64,
    runs: usize,
}

fn options() -> Options {
    let mut o = Options {
        vehicles: 20,
        days: 1095,
        creates: 2000,
        boards: 500,
        runs: 3,
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let value = || args.get(i + 1).and_then(|v| v.parse::<i64>().ok());
        match args[i].as_str() {
            "--vehicles" => o.vehicles = value().unwrap(),
            "--days" => o.days = value().unwrap(),
            "--creates" => o.creates = value().unwrap() as u64,
            "--boards" => o.boards = value().unwrap() as u64,
            "--runs" => o.runs = value().unwrap() as usize,
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

/// The people who drive: each with a licence seen at the desk.
const DRIVERS: i64 = 200;

/// Builds the fleet, the drivers and three years of bookings around now.
async fn prepare(pool: &SqlitePool, o: &Options) -> u64 {
    let now = db::now_text();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO persons (first_name, last_name, created_at)
         SELECT 'Conducteur', 'n° ' || i, ?2 FROM n",
    )
    .bind(DRIVERS)
    .bind(&now)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO vehicle_drivers (person_id, category, licence_number, obtained_on, expires_on,
             seen_by_name, seen_at)
         SELECT id, 'B', 'BENCH' || id, '2000-01-01', '2040-01-01', 'bench', ?1 FROM persons",
    )
    .bind(&now)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO vehicles (name, kind, energy, seats, key_number, needs_licence, buffer_minutes,
             first_registration, odometer_km, created_at)
         SELECT 'Voiture ' || i, 'car', CASE i % 3 WHEN 0 THEN 'electric' ELSE 'petrol' END, 5, i,
                1, 15, '2022-0' || (1 + i % 9) || '-15', 20000, ?2 FROM n",
    )
    .bind(o.vehicles)
    .bind(&now)
    .execute(pool)
    .await
    .unwrap();
    // Three bookings a day per vehicle, from days/2 behind to days/2 ahead; past ones returned.
    let half = o.days / 2;
    let inserted = sqlx::query(
        "WITH RECURSIVE d(k) AS (SELECT -?1 UNION ALL SELECT k + 1 FROM d WHERE k < ?1),
         slot(h) AS (VALUES (8), (12), (16)),
         b AS (
           SELECT v.id AS vehicle_id, d.k, slot.h,
                  datetime(date('now', d.k || ' days'), slot.h || ' hours') AS s
           FROM vehicles v, d, slot)
         INSERT INTO vehicle_bookings (uid, vehicle_id, person_id, state, start_at, end_at,
             block_start, block_end, made_by_name, created_at, updated_at, picked_up_at,
             returned_at, km_start, km_end, energy_level, clean, return_form_at)
         SELECT 'bench-' || vehicle_id || '-' || k || '-' || h, vehicle_id,
                1 + abs(vehicle_id * 7919 + k * 31 + h) % ?2,
                CASE WHEN k < 0 THEN 'returned' ELSE 'confirmed' END,
                strftime('%Y-%m-%dT%H:%M:%fZ', s), strftime('%Y-%m-%dT%H:%M:%fZ', s, '+2 hours'),
                unixepoch(s), unixepoch(s) + 2 * 3600 + 15 * 60, 'bench', ?3, ?3,
                CASE WHEN k < 0 THEN strftime('%Y-%m-%dT%H:%M:%fZ', s) END,
                CASE WHEN k < 0 THEN strftime('%Y-%m-%dT%H:%M:%fZ', s, '+2 hours') END,
                CASE WHEN k < 0 THEN 20000 END, CASE WHEN k < 0 THEN 20040 END,
                CASE WHEN k < 0 THEN 80 END, CASE WHEN k < 0 THEN 1 END,
                CASE WHEN k < 0 THEN strftime('%Y-%m-%dT%H:%M:%fZ', s, '+2 hours') END
         FROM b",
    )
    .bind(half)
    .bind(DRIVERS)
    .bind(&now)
    .execute(pool)
    .await
    .unwrap()
    .rows_affected();
    // Two keys out now: one due back later, one overdue.
    for (vehicle, from, to) in [(1, -60, 120), (2, -180, -30)] {
        let s = Utc::now() + Span::minutes(from);
        let e = Utc::now() + Span::minutes(to);
        sqlx::query(
            "INSERT INTO vehicle_bookings (uid, vehicle_id, person_id, state, start_at, end_at,
                 block_start, block_end, made_by_name, created_at, updated_at, picked_up_at)
             SELECT ?1, ?2, 1, 'out', ?3, ?4, ?5, ?6, 'bench', ?7, ?8, ?9
             WHERE NOT EXISTS (SELECT 1 FROM vehicle_bookings WHERE vehicle_id = ?2
                 AND state <> 'cancelled' AND block_start < ?6 AND block_end > ?5)",
        )
        .bind(format!("bench-out-{vehicle}"))
        .bind(vehicle)
        .bind(db::instant_text(s))
        .bind(db::instant_text(e))
        .bind(s.timestamp())
        .bind(e.timestamp() + 900)
        .bind(&now)
        .bind(&now)
        .bind(db::instant_text(s))
        .execute(pool)
        .await
        .unwrap();
    }
    sqlx::query("PRAGMA optimize").execute(pool).await.unwrap();
    inserted
}

/// `creates` bookings, alternately on a free evening slot (19:00–21:00 UTC, free every day) and
/// over an existing booking (refused): (made, refused) latencies, sorted.
async fn bookings(pool: &SqlitePool, o: &Options) -> (Vec<Duration>, Vec<Duration>) {
    let desk = Maker::desk(&Actor {
        id: None,
        name: "bench".into(),
    });
    // The zone's type comes from the library's signature (this package does not name chrono-tz).
    let tz = "Europe/Paris".parse().unwrap();
    let today = Utc::now().date_naive();
    let (mut made, mut refused) = (vec![], vec![]);
    for n in 0..o.creates as i64 {
        let vehicle = 1 + n % o.vehicles;
        let day = today + Span::days(2 + (n / o.vehicles) % (o.days / 2 - 3));
        let free = n % 2 == 0;
        let hour = if free { 19 } else { 9 };
        let start: DateTime<Utc> = day.and_hms_opt(hour, 0, 0).unwrap().and_utc();
        let input = NewBooking {
            vehicle_id: vehicle,
            person_id: Some(1 + n % DRIVERS),
            start,
            end: start + Span::minutes(90),
            purpose: String::new(),
            weeks: 1,
            request_key: None,
        };
        let t = Instant::now();
        let r = booking::book(pool, tz, &desk, &input).await;
        let took = t.elapsed();
        match r {
            Ok(_) => made.push(took),
            Err(Refusal::Conflict { .. }) => refused.push(took),
            Err(e) => panic!("{e:?}"),
        }
    }
    made.sort();
    refused.sort();
    (made, refused)
}

/// Where the board's time goes: each of its look-ups alone, median of 50 (ms).
async fn board_parts(pool: &SqlitePool) -> Vec<(&'static str, f64)> {
    use citeosquare_server::vehicles::{drivers, fleet, returns, upkeep, workshop};
    let today = Utc::now().date_naive();
    let mut out = vec![];
    macro_rules! part {
        ($name:expr, $e:expr) => {{
            let mut t = vec![];
            for _ in 0..50 {
                let s = Instant::now();
                let _ = $e.await.unwrap();
                t.push(s.elapsed().as_secs_f64() * 1e3);
            }
            out.push(($name, median(&mut t)));
        }};
    }
    part!("licences expiring", drivers::expiring(pool, today, 30));
    part!("fleet", fleet(pool));
    part!("maintenance plans", upkeep::plans(pool, None));
    part!("claims undeclared", upkeep::undeclared(pool));
    part!("workshop jobs", workshop::current(pool, Utc::now()));
    part!("damage waiting", returns::waiting(pool));
    out
}

async fn boards(pool: &SqlitePool, o: &Options) -> Vec<Duration> {
    let tz = "Europe/Paris".parse().unwrap();
    let mut all = vec![];
    for _ in 0..o.boards {
        let t = Instant::now();
        let b = board::board(pool, tz, Utc::now()).await.unwrap();
        all.push(t.elapsed());
        assert_eq!(b.overdue.len(), 1, "the overdue key is on the board");
    }
    all.sort();
    all
}

fn main() {
    let o = options();
    println!("vehicles benchmark: {o:?}");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (mut made_p50, mut made_p99, mut refused_p99, mut board_p50, mut board_p99) =
        (vec![], vec![], vec![], vec![], vec![]);
    for run in 1..=o.runs {
        let dir = tempfile::tempdir().unwrap();
        let (m, r, b, rows) = rt.block_on(async {
            let pool = db::open_and_migrate(&dir.path().join("vehicles.db"))
                .await
                .unwrap();
            let t = Instant::now();
            let rows = prepare(&pool, &o).await;
            println!(
                "run {run}: {rows} bookings of {} vehicles written in {:.1} s",
                o.vehicles,
                t.elapsed().as_secs_f64()
            );
            let (m, r) = bookings(&pool, &o).await;
            let b = boards(&pool, &o).await;
            if run == 1 {
                for (name, t) in board_parts(&pool).await {
                    println!("  board part: {name}: {t:.3} ms");
                }
            }
            pool.close().await;
            (m, r, b, rows)
        });
        assert!(rows > 0);
        println!(
            "run {run}: booking made ({}): p50 {:.2} ms, p99 {:.2} ms; refused ({}): p50 {:.2} ms, p99 {:.2} ms; board ({}): p50 {:.2} ms, p99 {:.2} ms",
            m.len(),
            ms(percentile(&m, 0.5)),
            ms(percentile(&m, 0.99)),
            r.len(),
            ms(percentile(&r, 0.5)),
            ms(percentile(&r, 0.99)),
            b.len(),
            ms(percentile(&b, 0.5)),
            ms(percentile(&b, 0.99)),
        );
        made_p50.push(ms(percentile(&m, 0.5)));
        made_p99.push(ms(percentile(&m, 0.99)));
        refused_p99.push(ms(percentile(&r, 0.99)));
        board_p50.push(ms(percentile(&b, 0.5)));
        board_p99.push(ms(percentile(&b, 0.99)));
    }
    println!("--- medians over {} runs ---", o.runs);
    println!(
        "booking with its checks: p50 {:.2} ms, p99 {:.2} ms (target p99 < 5 ms); refused p99 {:.2} ms",
        median(&mut made_p50),
        median(&mut made_p99),
        median(&mut refused_p99)
    );
    println!(
        "desk board: p50 {:.2} ms, p99 {:.2} ms (target < 10 ms)",
        median(&mut board_p50),
        median(&mut board_p99)
    );
}
