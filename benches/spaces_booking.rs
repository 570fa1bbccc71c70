//! Chrono'espaces booking benchmark: booking a space with its conflict check when 1,000,000
//! bookings already exist across 50 spaces, 64 simultaneous requests for one slot, and a month's
//! availability grid for 20 spaces — through the server's own library (`spaces::booking`, each
//! booking its own `BEGIN IMMEDIATE` transaction behind `db::begin_write`'s queue) on the
//! server's own SQLite settings (`db::open_and_migrate`: WAL, `synchronous=FULL`, 4 connections).
//!
//! ```text
//! cargo bench --bench spaces_booking
//! cargo bench --bench spaces_booking -- --bookings 1000000 --creates 2000 --rounds 10 --grids 50 --runs 3
//! ```
//!
//! Options: `--bookings` already held (split evenly over the spaces), `--spaces` (at least 8: two
//! of them are divisible rooms with two halves each), `--creates` (sequential, half on free slots,
//! half colliding), `--writers` and `--rounds` (simultaneous requests for one slot, repeated),
//! `--grids` (availability grids of `--grid-spaces` spaces over a month), `--clients` HTTP
//! clients each making `--per-client` bookings through `POST /api/v1/bookings` at once (keep-alive,
//! the server's own router on loopback), `--runs`, `--dir`, `--no-checkpointer` (SQLite's
//! automatic checkpoint inside commits, as before the background checkpointer).
//!
//! The existing bookings are confirmed rows written by set-based `INSERT … SELECT` statements
//! straight into `space_bookings`: every row still goes through migration 0004's triggers (no
//! overlap, changeovers and divisible rooms included), nothing is disabled. Each space holds 8
//! bookings a day, from as far back as their number takes them (January 2022 with the defaults)
//! to 900 days after the benchmark's clock (1 June 2026): 60 minutes every 90 in a plain room; in
//! a divisible room the whole and its halves take turns, 30 minutes each; each with the use's
//! 15-minute changeover after it. Each run starts from a copy of that database. Figures go in
//! BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use chrono::{DateTime, Datelike, Duration as Span, NaiveDate, Utc};
use citeosquare_server::audit::Actor;
use citeosquare_server::db;
use citeosquare_server::refusal::Refusal;
use citeosquare_server::spaces::booking::{self, NewBooking, Requester};
use citeosquare_server::spaces::{self, SpaceInput, WindowInput};
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "common/rooms.rs"]
mod rooms;
#[path = "common/stats.rs"]
mod stats;
use stats::{file_mib, median, ms, percentile};

#[path = "common/http.rs"]
mod http;

#[derive(Debug, Clone)]
struct Options {
    bookings: u64,
    spaces: u64,
    creates: u64,
    writers: u64,
    rounds: u64,
    grids: u64,
    grid_spaces: u64,
    runs: usize,
    dir: Option<PathBuf>,
    /// HTTP clients creating bookings through the API at once, and how many each.
    clients: u64,
    per_client: u64,
    /// Leave checkpoints to SQLite's automatic one, inside commits (how the server ran before
    /// its background checkpointer), to compare.
    no_checkpointer: bool,
}

fn options() -> Options {
    let mut o = Options {
        bookings: 1_000_000,
        spaces: 50,
        creates: 2_000,
        writers: 64,
        rounds: 10,
        grids: 50,
        grid_spaces: 20,
        runs: 3,
        dir: None,
        clients: 8,
        per_client: 250,
        no_checkpointer: false,
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let value = || args.get(i + 1).and_then(|v| v.parse::<u64>().ok());
        match args[i].as_str() {
            "--bookings" => o.bookings = value().unwrap(),
            "--spaces" => o.spaces = value().unwrap(),
            "--creates" => o.creates = value().unwrap(),
            "--writers" => o.writers = value().unwrap(),
            "--rounds" => o.rounds = value().unwrap(),
            "--grids" => o.grids = value().unwrap(),
            "--grid-spaces" => o.grid_spaces = value().unwrap(),
            "--runs" => o.runs = value().unwrap() as usize,
            "--clients" => o.clients = value().unwrap(),
            "--per-client" => o.per_client = value().unwrap(),
            "--dir" => o.dir = args.get(i + 1).map(PathBuf::from),
            "--no-checkpointer" => {
                o.no_checkpointer = true;
                i += 1;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    assert!(
        o.spaces >= 8,
        "at least 8 spaces (6 are two divisible rooms)"
    );
    assert!(o.grid_spaces <= o.spaces);
    o.bookings = o.bookings.div_ceil(o.spaces * 8) * o.spaces * 8;
    o
}

/// The benchmark's clock: new bookings are made on 1 June 2026, for the months after it.
const NOW: &str = "2026-06-01T00:00:00Z";
/// The existing bookings end this many days after NOW (and start as far back as their number
/// takes them: from late 2021 with the defaults).
const AHEAD_DAYS: i64 = 900;
/// The first existing booking of a day, in UTC (07:00 or 08:00 in Paris), and the step between
/// two of a space's bookings.
const FIRST_MINUTE_UTC: i64 = 6 * 60;
const STEP_MINUTES: i64 = 90;
const CHANGEOVER_AFTER: i64 = 15;

/// What a space is: plain, or the whole or a half of a divisible room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    Whole,
    Half,
}

impl Kind {
    /// The existing bookings of this kind of space within each 90-minute step: (offset, minutes).
    /// The whole and its halves take turns, so that none of them collides with another.
    fn pattern(self) -> (i64, i64) {
        match self {
            Kind::Plain => (0, 60),
            Kind::Whole => (0, 30),
            Kind::Half => (45, 30),
        }
    }
}

struct Site {
    /// Space ids and their kind, in creation order: the plain rooms, then two divisible rooms
    /// (whole, half, half).
    spaces: Vec<(i64, Kind)>,
    per_space: u64,
    /// The first day of the existing bookings.
    day0: NaiveDate,
}

impl Site {
    fn new(o: &Options) -> Site {
        let per_space = o.bookings / o.spaces;
        let days = (per_space / 8) as i64;
        Site {
            spaces: vec![],
            per_space,
            day0: now().date_naive() + Span::days(AHEAD_DAYS - days + 1),
        }
    }

    /// How many days hold existing bookings.
    fn days(&self) -> u64 {
        self.per_space / 8
    }

    /// The `k`-th existing booking's slot in a space of this kind: (start, end) in Unix seconds.
    fn existing(&self, kind: Kind, k: u64) -> (i64, i64) {
        let (offset, minutes) = kind.pattern();
        let day = midnight(self.day0) + (k / 8) as i64 * 86_400;
        let start = day + (FIRST_MINUTE_UTC + (k % 8) as i64 * STEP_MINUTES + offset) * 60;
        (start, start + minutes * 60)
    }

    /// The index (from `day0`) of the first day with existing bookings after NOW.
    fn first_future_day(&self) -> u64 {
        (now().date_naive() - self.day0).num_days().max(0) as u64 + 1
    }
}

fn now() -> DateTime<Utc> {
    NOW.parse().unwrap()
}

/// Midnight UTC of a day, in Unix seconds.
fn midnight(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp()
}

/// A free evening slot `days` days after NOW: 18:00–20:00 UTC (19:00 or 20:00 in Paris), after
/// the day's last booking and its changeover.
fn evening(days: u64) -> (i64, i64) {
    let start = midnight(now().date_naive()) + days as i64 * 86_400 + 18 * 3600;
    (start, start + 2 * 3600)
}

fn instant(unix: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix, 0).unwrap()
}

fn actor() -> Actor {
    Actor {
        id: None,
        name: "bench".into(),
    }
}

/// 50 spaces open every day 07:00–23:00 (Paris) for a meeting use with a 15-minute changeover,
/// and their existing bookings.
async fn build(path: &Path, o: &Options) -> (Site, Duration) {
    let started = Instant::now();
    let pool = db::open_and_migrate(path).await.unwrap();
    let use_ = rooms::meeting_use(&pool, &actor(), CHANGEOVER_AFTER).await;
    let mut site = Site::new(o);
    let plain = o.spaces - 6;
    let create = |name: String, capacity: i64, parent: Option<i64>| {
        let pool = pool.clone();
        async move {
            spaces::create_space(
                &pool,
                &actor(),
                &SpaceInput {
                    name,
                    capacity,
                    parent_id: parent,
                    refuse_when_full: true,
                    ..SpaceInput::default()
                },
            )
            .await
            .unwrap()
            .id
        }
    };
    for n in 1..=plain {
        let id = create(format!("Salle {n:02}"), 20, None).await;
        site.spaces.push((id, Kind::Plain));
    }
    for room in ["Grande salle", "Salle des fêtes"] {
        let whole = create(room.into(), 80, None).await;
        site.spaces.push((whole, Kind::Whole));
        for side in ["côté jardin", "côté cour"] {
            let half = create(format!("{room} — {side}"), 40, Some(whole)).await;
            site.spaces.push((half, Kind::Half));
        }
    }
    let windows: Vec<WindowInput> = (1..=7)
        .map(|weekday| WindowInput {
            weekday,
            start: "07:00".into(),
            end: "23:00".into(),
            use_id: use_.id,
        })
        .collect();
    for (id, _) in &site.spaces {
        spaces::set_windows(&pool, &actor(), *id, &windows)
            .await
            .unwrap();
    }

    // 10 spaces per transaction (200,000 rows with the defaults).
    let base = midnight(site.day0);
    for chunk in site.spaces.chunks(10) {
        let mut tx = db::begin_write(&pool).await.unwrap();
        for (space_id, kind) in chunk {
            let (offset, minutes) = kind.pattern();
            sqlx::query(
                "WITH RECURSIVE seq(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM seq WHERE k + 1 < ?1),
                 t AS (SELECT k, ?2 + (k / 8) * 86400 + (?3 + (k % 8) * ?4 + ?5) * 60 AS s FROM seq)
                 INSERT INTO space_bookings (uid, space_id, use_id, state, start_at, end_at,
                     block_start, block_end, shared, seats, capacity, title, created_at, updated_at)
                 SELECT 'seed-' || ?6 || '-' || k, ?6, ?7, 'confirmed',
                        strftime('%Y-%m-%dT%H:%M:%S.000Z', s, 'unixepoch'),
                        strftime('%Y-%m-%dT%H:%M:%S.000Z', s + ?8 * 60, 'unixepoch'),
                        s, s + (?8 + ?9) * 60, 0, 1, 20, 'Réunion ' || k, ?10, ?10
                 FROM t ORDER BY k",
            )
            .bind(site.per_space as i64)
            .bind(base)
            .bind(FIRST_MINUTE_UTC)
            .bind(STEP_MINUTES)
            .bind(offset)
            .bind(space_id)
            .bind(use_.id)
            .bind(minutes)
            .bind(CHANGEOVER_AFTER)
            .bind(db::instant_text(now()))
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    sqlx::query("ANALYZE").execute(&pool).await.unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    (site, started.elapsed())
}

/// The desk books (reception books on anyone's behalf): every rule of the timetable and the use is
/// checked, notice and approval aside.
fn desk() -> Requester {
    Requester::desk(&actor())
}

fn new_booking(space_id: i64, start: i64, end: i64, title: String) -> NewBooking {
    NewBooking {
        space_id,
        start: instant(start),
        end: instant(end),
        title,
        note: String::new(),
        association_id: None,
        person_id: None,
        seats: 1,
        attendees_expected: None,
        public: None,
        request_key: None,
    }
}

/// The `i`-th of the sequential requests: even ones on a free evening slot, each room and day
/// once; odd ones on an existing future booking, alternately on its very hours and 5 minutes after
/// its end (inside its changeover). Returns the request and whether it must be accepted.
fn request(site: &Site, run: usize, i: u64) -> (NewBooking, bool) {
    let spaces = site.spaces.len() as u64;
    let j = i / 2;
    let (space_id, kind) = site.spaces[(j % spaces) as usize];
    let title = format!("Bench {run}-{i}");
    if i.is_multiple_of(2) {
        // A whole and its halves never on the same evening (the halves may share one).
        let whole = u64::from(kind == Kind::Whole);
        let (start, end) = evening(1 + 2 * (j / spaces) + whole);
        (new_booking(space_id, start, end, title), true)
    } else {
        let first = site.first_future_day();
        let day = first + (i * 7919) % (site.days() - first);
        let (s, e) = site.existing(kind, day * 8 + (j / 2) % 8);
        let (start, end) = if i % 4 == 1 {
            (s, e)
        } else {
            (e + 5 * 60, e + 65 * 60)
        };
        (new_booking(space_id, start, end, title), false)
    }
}

fn is_collision(e: &Refusal) -> bool {
    matches!(
        e,
        Refusal::Conflict {
            key: "error-space-conflict"
                | "error-space-conflict-changeover"
                | "error-space-conflict-divisible"
                | "error-space-conflict-unknown",
            ..
        }
    )
}

/// Sequential bookings, each its own transaction: latencies (all, accepted, refused, sorted) and
/// the wall-clock time.
async fn sequential(pool: &SqlitePool, site: &Site, o: &Options, run: usize) -> Sequential {
    let tz = "Europe/Paris".parse().unwrap();
    let req = desk();
    let mut s = Sequential::default();
    let started = Instant::now();
    for i in 0..o.creates {
        let (nb, free) = request(site, run, i);
        let t = Instant::now();
        let r = booking::create(pool, tz, now(), &req, &nb).await;
        let took = t.elapsed();
        s.all.push(took);
        match r {
            Ok(made) if free => {
                assert_eq!(made.booking.state, "confirmed");
                s.accepted.push(took);
            }
            Err(e) if !free && is_collision(&e) => s.refused.push(took),
            other => panic!("request {i} (free: {free}): {other:?}"),
        }
    }
    s.wall = started.elapsed();
    for v in [&mut s.all, &mut s.accepted, &mut s.refused] {
        v.sort();
    }
    s
}

#[derive(Debug, Default)]
struct Sequential {
    all: Vec<Duration>,
    accepted: Vec<Duration>,
    refused: Vec<Duration>,
    wall: Duration,
}

/// `writers` simultaneous requests for one free slot, `rounds` times (a new slot each round):
/// how many were accepted in each round, each round's wall-clock time and its slowest request.
async fn crowd(
    pool: &SqlitePool,
    site: &Site,
    o: &Options,
    run: usize,
) -> Vec<(usize, Duration, Duration)> {
    let tz = "Europe/Paris".parse().unwrap();
    let mut rounds = vec![];
    for round in 0..o.rounds {
        let (space_id, _) = site.spaces[(round % site.spaces.len() as u64) as usize];
        let (start, _) = evening(150 + round);
        let barrier = Arc::new(tokio::sync::Barrier::new(o.writers as usize));
        let started = Instant::now();
        let tasks: Vec<_> = (0..o.writers)
            .map(|w| {
                let (pool, barrier) = (pool.clone(), barrier.clone());
                let nb = NewBooking {
                    request_key: Some(format!("crowd-{run}-{round}-{w}")),
                    ..new_booking(space_id, start, start + 7200, format!("Foule {w}"))
                };
                tokio::spawn(async move {
                    barrier.wait().await;
                    let t = Instant::now();
                    let r = booking::create(&pool, tz, now(), &desk(), &nb).await;
                    (r, t.elapsed())
                })
            })
            .collect();
        let mut accepted = 0;
        let mut slowest = Duration::ZERO;
        for t in tasks {
            let (r, took) = t.await.unwrap();
            slowest = slowest.max(took);
            match r {
                Ok(made) => {
                    assert!(!made.replayed);
                    accepted += 1;
                }
                Err(e) => assert!(is_collision(&e), "{e:?}"),
            }
        }
        let held: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM space_bookings WHERE state = 'confirmed' AND space_id = ?
               AND block_start < ? AND block_end > ?",
        )
        .bind(space_id)
        .bind(start + 7200)
        .bind(start)
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(
            held, accepted as i64,
            "the database holds what was accepted"
        );
        rounds.push((accepted, started.elapsed(), slowest));
    }
    rounds
}

/// Availability grids of `grid_spaces` spaces (two divisible rooms among them) over a month,
/// each month from July 2026 in turn: latencies, sorted, and the size of the last grid.
async fn grids(pool: &SqlitePool, site: &Site, o: &Options) -> (Vec<Duration>, usize, usize) {
    let tz = "Europe/Paris".parse().unwrap();
    let ids: Vec<i64> = site.spaces[site.spaces.len() - o.grid_spaces as usize..]
        .iter()
        .map(|s| s.0)
        .collect();
    let mut conn = pool.acquire().await.unwrap();
    let mut lat = vec![];
    let (mut windows, mut held) = (0, 0);
    for g in 0..o.grids {
        let month = 7 + g % 12;
        let (y, m) = (2026 + (month - 1) / 12, (month - 1) % 12 + 1);
        let from = NaiveDate::from_ymd_opt(y as i32, m as u32, 1).unwrap();
        let to = from
            .checked_add_months(chrono::Months::new(1))
            .unwrap()
            .pred_opt()
            .unwrap();
        let t = Instant::now();
        let grid = booking::availability(&mut conn, tz, &ids, from, to)
            .await
            .unwrap();
        lat.push(t.elapsed());
        windows = grid.iter().map(|d| d.windows.len()).sum();
        held = grid
            .iter()
            .flat_map(|d| &d.windows)
            .map(|w| w.held.len())
            .sum();
        assert_eq!(grid.len(), ids.len() * to.day() as usize);
    }
    lat.sort();
    (lat, windows, held)
}

/// The query plans behind a conflict check: the library's look-up and the trigger's.
async fn plans(pool: &SqlitePool, site: &Site) {
    let (space_id, kind) = site.spaces[site.spaces.len() - 3];
    let (s, e) = site.existing(kind, (site.first_future_day() + 10) * 8);
    for (what, sql) in [
        (
            "booking::collision",
            "EXPLAIN QUERY PLAN
             SELECT b.id FROM space_bookings b JOIN spaces s ON s.id = b.space_id
             WHERE b.state = 'confirmed' AND b.space_id IN (SELECT value FROM json_each(?1))
               AND b.block_start > ?2 - 8 * 86400 AND b.block_start < ?3 AND b.block_end > ?2
               AND ?4 IS NOT NULL
             ORDER BY b.block_start",
        ),
        (
            "trigger space_bookings_no_overlap_insert",
            "EXPLAIN QUERY PLAN
             SELECT 1 FROM space_bookings b
             WHERE b.state = 'confirmed' AND ?1 IS NOT NULL
               AND b.space_id IN (SELECT ?4
                                  UNION ALL SELECT parent_id FROM spaces WHERE id = ?4 AND parent_id IS NOT NULL
                                  UNION ALL SELECT id FROM spaces WHERE parent_id = ?4)
               AND b.block_start > ?2 - 8 * 86400 AND b.block_start < ?3 AND b.block_end > ?2",
        ),
    ] {
        let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(format!("[{space_id}]"))
            .bind(s)
            .bind(e)
            .bind(space_id)
            .fetch_all(pool)
            .await
            .unwrap();
        println!("query plan, {what}:");
        for r in rows {
            println!("    {}", r.3);
        }
    }
}

/// The machine's reference at this moment: durable single-row commits on the server's settings,
/// in a database of its own. Returns commits/s.
async fn baseline(path: &Path, n: u64) -> f64 {
    let pool = db::open(path).await.unwrap();
    sqlx::query("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        .execute(&pool)
        .await
        .unwrap();
    let started = Instant::now();
    for i in 0..n {
        let mut tx = db::begin_write(&pool).await.unwrap();
        sqlx::query("INSERT INTO t (v) VALUES (?)")
            .bind(format!("ligne {i}"))
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let rate = n as f64 / started.elapsed().as_secs_f64();
    pool.close().await;
    rate
}

/// `clients` HTTP clients at once, each with one keep-alive connection, each making
/// `per_client` bookings through `POST /api/v1/bookings` on free evening slots (distinct rooms and
/// evenings after today: the API books with the real clock), with the desk's API token; the
/// server's own router (`web::app`) served on loopback. Every reply is checked (201).
async fn http_clients(pool: &SqlitePool, site: &Site, o: &Options, run: usize) -> Sequential {
    use citeosquare_server::config::{Broker, Config};
    use citeosquare_server::{AppState, auth, web};
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        site: "main".into(),
        data_dir: dir.path().to_owned(),
        http: "127.0.0.1:0".parse().unwrap(),
        time_zone: "Europe/Paris".parse().unwrap(),
        broker: Broker::Embedded {
            listen: "127.0.0.1:0".parse().unwrap(),
        },
        clock_skew_tolerance_ms: 120_000,
        mqtt_client_id: "bench".into(),
        behind_proxy: false,
        evacuation_dir: None,
    };
    let username = format!("bench-desk-{run}");
    let hash = auth::hash_password("bench-password").unwrap();
    let mut tx = db::begin_write(pool).await.unwrap();
    auth::insert_user(
        &mut tx,
        &auth::NewUser {
            username: username.clone(),
            display_name: "Accueil (banc d'essai)".into(),
            role: auth::Role::Reception,
            password: String::new(),
            person_id: None,
            must_change_password: false,
        },
        &hash,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let token = citeosquare_server::accounts::issue_token(pool, &actor(), &username, "bench")
        .await
        .unwrap();
    let app = web::app(AppState::new(pool.clone(), config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    // Evenings counted from the benchmark's clock, starting a week after the real today.
    let today = Utc::now().date_naive();
    let first = (today - now().date_naive()).num_days().max(0) as u64 + 7 + 100 * run as u64;
    let plain: Vec<i64> = site
        .spaces
        .iter()
        .filter(|(_, k)| *k == Kind::Plain)
        .map(|(id, _)| *id)
        .collect();
    let started = Instant::now();
    let tasks: Vec<_> = (0..o.clients)
        .map(|c| {
            let (token, plain) = (token.clone(), plain.clone());
            let per_client = o.per_client;
            tokio::spawn(async move {
                let mut client = http::Client::connect(addr, &token).await.unwrap();
                let mut took = vec![];
                for k in 0..per_client {
                    let g = c * per_client + k;
                    let space = plain[(g % plain.len() as u64) as usize];
                    let (start, end) = evening(first + g / plain.len() as u64);
                    let body = serde_json::json!({
                        "space_id": space,
                        "start": instant(start).to_rfc3339(),
                        "end": instant(end).to_rfc3339(),
                        "title": format!("HTTP {run}-{c}-{k}"),
                    })
                    .to_string();
                    let t = Instant::now();
                    let reply = client
                        .request("POST", "/api/v1/bookings", Some(&body))
                        .await
                        .unwrap();
                    took.push(t.elapsed());
                    assert!(reply.status == 201, "{} {}", reply.status, reply.text());
                }
                took
            })
        })
        .collect();
    let mut s = Sequential::default();
    for t in tasks {
        s.all.extend(t.await.unwrap());
    }
    s.wall = started.elapsed();
    s.all.sort();
    server.abort();
    s
}

/// What one run measured.
#[derive(Debug, Default)]
struct Run {
    baseline: f64,
    rate: f64,
    p50: f64,
    p99: f64,
    accepted_p50: f64,
    accepted_p99: f64,
    refused_p50: f64,
    refused_p99: f64,
    crowd_exact: bool,
    crowd_slowest: f64,
    grid_p50: f64,
    grid_p99: f64,
    http_rate: f64,
    http_p50: f64,
    http_p99: f64,
}

fn main() {
    let o = options();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("Chrono'espaces booking benchmark: {o:?}");
    let tmp = match &o.dir {
        Some(d) => {
            std::fs::create_dir_all(d).unwrap();
            tempfile::tempdir_in(d).unwrap()
        }
        None => tempfile::tempdir().unwrap(),
    };
    let base = tmp.path().join("base.db");
    let (site, built) = rt.block_on(build(&base, &o));
    let last_day = site.day0 + Span::days(site.days() as i64 - 1);
    println!(
        "built: {} confirmed bookings over {} spaces ({} each, {} to {last_day}) in {:.1} s \
         ({:.0} bookings/s through the triggers); database {:.0} MiB",
        o.bookings,
        site.spaces.len(),
        site.per_space,
        site.day0,
        built.as_secs_f64(),
        o.bookings as f64 / built.as_secs_f64(),
        file_mib(&base)
    );

    let mut runs = Vec::new();
    for run in 1..=o.runs {
        let path = tmp.path().join(format!("run-{run}.db"));
        std::fs::copy(&base, &path).unwrap();
        let tmp_path = tmp.path();
        let r = rt.block_on(async {
            let pool = db::open_and_migrate(&path).await.unwrap();
            // As the server runs: the WAL is checkpointed in the background, not in a commit
            // (`--no-checkpointer`: SQLite's automatic checkpoint at 1,000 pages, as before).
            let checkpointer = if o.no_checkpointer {
                // On each of the pool's four connections (a pragma is per connection).
                let mut held = vec![];
                for _ in 0..4 {
                    let mut c = pool.acquire().await.unwrap();
                    sqlx::query("PRAGMA wal_autocheckpoint = 1000")
                        .execute(&mut *c)
                        .await
                        .unwrap();
                    held.push(c);
                }
                drop(held);
                None
            } else {
                Some(db::spawn_checkpointer(pool.clone()))
            };
            let mut r = Run::default();
            if run == 1 {
                plans(&pool, &site).await;
            }
            r.baseline = baseline(&tmp_path.join(format!("baseline-{run}.db")), 1000).await;
            println!(
                "run {run}: reference, durable single-row commits: {:.0} commits/s",
                r.baseline
            );

            let s = sequential(&pool, &site, &o, run).await;
            r.rate = s.all.len() as f64 / s.wall.as_secs_f64();
            (r.p50, r.p99) = (ms(percentile(&s.all, 0.5)), ms(percentile(&s.all, 0.99)));
            (r.accepted_p50, r.accepted_p99) = (
                ms(percentile(&s.accepted, 0.5)),
                ms(percentile(&s.accepted, 0.99)),
            );
            (r.refused_p50, r.refused_p99) = (
                ms(percentile(&s.refused, 0.5)),
                ms(percentile(&s.refused, 0.99)),
            );
            println!(
                "run {run}: sequential {} bookings ({} accepted, {} refused as colliding): \
                 {:.0} bookings/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; accepted p50 {:.2} / \
                 p99 {:.2} ms; refused p50 {:.2} / p99 {:.2} ms",
                s.all.len(),
                s.accepted.len(),
                s.refused.len(),
                r.rate,
                r.p50,
                r.p99,
                ms(*s.all.last().unwrap()),
                r.accepted_p50,
                r.accepted_p99,
                r.refused_p50,
                r.refused_p99
            );

            let rounds = crowd(&pool, &site, &o, run).await;
            let accepted: Vec<usize> = rounds.iter().map(|r| r.0).collect();
            r.crowd_exact = accepted.iter().all(|a| *a == 1);
            r.crowd_slowest = rounds.iter().map(|r| ms(r.2)).fold(0.0, f64::max);
            let mut walls: Vec<f64> = rounds.iter().map(|r| ms(r.1)).collect();
            println!(
                "run {run}: {} simultaneous requests for one slot, {} rounds: accepted per round \
                 {accepted:?}; median round {:.1} ms, slowest request {:.1} ms",
                o.writers,
                o.rounds,
                median(&mut walls),
                r.crowd_slowest
            );
            assert!(r.crowd_exact, "a round accepted other than exactly one");

            let h = http_clients(&pool, &site, &o, run).await;
            r.http_rate = h.all.len() as f64 / h.wall.as_secs_f64();
            (r.http_p50, r.http_p99) = (ms(percentile(&h.all, 0.5)), ms(percentile(&h.all, 0.99)));
            println!(
                "run {run}: {} HTTP clients × {} bookings through POST /api/v1/bookings \
                 (keep-alive): {:.0} creates/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                o.clients,
                o.per_client,
                r.http_rate,
                r.http_p50,
                r.http_p99,
                ms(*h.all.last().unwrap())
            );

            let (lat, windows, held) = grids(&pool, &site, &o).await;
            (r.grid_p50, r.grid_p99) = (ms(percentile(&lat, 0.5)), ms(percentile(&lat, 0.99)));
            println!(
                "run {run}: {} availability grids of {} spaces × a month ({windows} windows, {held} \
                 bookings held in the last): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                lat.len(),
                o.grid_spaces,
                r.grid_p50,
                r.grid_p99,
                ms(*lat.last().unwrap())
            );
            if let Some(c) = checkpointer {
                c.abort();
            }
            pool.close().await;
            r
        });
        for name in [format!("run-{run}.db"), format!("baseline-{run}.db")] {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(tmp.path().join(format!("{name}{suffix}")));
            }
        }
        runs.push(r);
    }
    let med = |f: fn(&Run) -> f64| {
        let mut v: Vec<f64> = runs.iter().map(f).collect();
        median(&mut v)
    };
    println!("--- medians over {} runs ---", o.runs);
    println!(
        "reference, durable single-row commits: {:.0} commits/s",
        med(|r| r.baseline)
    );
    println!(
        "sequential bookings with conflict check: {:.0} bookings/s ({:.1}× LibreBooking's 43/s), \
         p50 {:.2} ms, p99 {:.2} ms (target < 5 ms; LibreBooking 30 ms); accepted p50 {:.2} / p99 \
         {:.2} ms; refused p50 {:.2} / p99 {:.2} ms",
        med(|r| r.rate),
        med(|r| r.rate) / 43.0,
        med(|r| r.p50),
        med(|r| r.p99),
        med(|r| r.accepted_p50),
        med(|r| r.accepted_p99),
        med(|r| r.refused_p50),
        med(|r| r.refused_p99)
    );
    println!(
        "{} simultaneous requests for one slot: exactly one accepted in every round of every run: \
         {}; slowest request (median of runs) {:.1} ms",
        o.writers,
        runs.iter().all(|r| r.crowd_exact),
        med(|r| r.crowd_slowest)
    );
    println!(
        "availability grid, {} spaces × a month: p50 {:.2} ms, p99 {:.2} ms (target < 20 ms; \
         LibreBooking about 470 ms)",
        o.grid_spaces,
        med(|r| r.grid_p50),
        med(|r| r.grid_p99)
    );
    println!(
        "HTTP: {} clients × {} bookings through the API: {:.0} creates/s, p50 / p99 {:.2} / {:.2} ms",
        o.clients,
        o.per_client,
        med(|r| r.http_rate),
        med(|r| r.http_p50),
        med(|r| r.http_p99)
    );
}
