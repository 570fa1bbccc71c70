//! Soak benchmark: the badge path, room bookings and SEL postings together, for half an hour, at
//! a busy day's rate × 10 — does the server's memory stay flat, do its files grow only with the
//! rows, does latency drift?
//!
//! ```text
//! cargo build --release -p citeosquare-server && cargo bench --bench soak -- --minutes 30
//! cargo bench --bench soak -- --minutes 2 --window-seconds 30          # a quick look
//! ```
//!
//! The real server (`target/release/citeosquare serve`, its own process, embedded broker behind
//! its gate) on a fresh data directory; in this process, simulated kiosks — the real kiosk loop
//! with its durable outbox (`benches/common/badge.rs`) — and two keep-alive API clients
//! (`benches/common/http.rs`) with a reception account's API token: the desk booking rooms, the
//! cooperative's till posting SEL purchases and exchanges.
//!
//! **A busy day**, from the sizes of `shared/DESIGN.md` (a neighbourhood of up to ~10,000
//! inhabitants, about ten Bien-Vivre activities, a reception open 24/7, rooms that change use with
//! the hour), per hour at its busiest (an autumn Saturday: market, grocery, café, a debate):
//!
//! | per busy hour | × 1 | why |
//! |---|---|---|
//! | entrance taps | 360 | ~1,800 visits a day (18 % of the neighbourhood), in and out, over 14 opening hours, the busiest hour 1.4× the average |
//! | SEL shift taps | 15 in + 15 out | ten activities, three volunteers each, two-hour shifts |
//! | room bookings through the API | 60 created, 12 cancelled | 50 rooms; the desk and the associations' web form; one in five cancelled later |
//! | SEL postings through the API | 120 purchases, 12 exchanges | a sale every 30 s at the grocery and café tills; exchanges entered by the desk |
//!
//! The soak runs that hour × `--scale` (10) for `--minutes` (30): per hour 3,600 entrance taps,
//! 150 shifts started and ended (each tap-out `--shift-seconds` after its tap-in, past the
//! server's 120-second repeat window), 600 bookings created and 120 cancelled, 1,200 purchases
//! and 120 exchanges — 5,940 operations an hour, one every 0.6 s, evenly spaced per stream.
//!
//! Every `--window-seconds` (300) it reports: the server's resident memory (VmRSS, sampled every
//! `--sample-seconds` (2): min / max / last), the database and WAL file sizes, tap-to-ack latency
//! (from the badge handed to the kiosk's reader to the ack shown), booking and posting latency
//! (request written to reply read), each p50 / p99, operations done and errors. At the end it
//! checks in the database that every tap was stored once and acked once, that every booking and
//! posting answered 2xx is there, that the ledger reconciles, and prints a verdict: RSS growth
//! between the 2nd and the last window, and each latency's last-window p99 against the 2nd's.
//! Options: `--members` (2,000 with badges and SEL accounts), `--rooms` (50), `--entrances` (4
//! entrance kiosks; one `sel` kiosk), `--csv FILE` (every memory and file sample). Figures go in
//! BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use chrono::{Duration as Span, Utc};
use citeosquare_server::audit::Actor;
use citeosquare_server::sel::{ledger, shop};
use citeosquare_server::spaces::{self, SpaceInput, WindowInput};
use citeosquare_server::{accounts, auth, db};
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "common/rooms.rs"]
mod rooms;
#[path = "common/stats.rs"]
mod stats;
use stats::{ms, percentile};

#[path = "common/badge.rs"]
mod badge;
use badge::{BenchKiosk, add_kiosk, rss_kib, start_kiosks, start_server, status_kib, wait_acks};

#[path = "common/http.rs"]
mod http;

/// A busy hour, × 1 (see the module's documentation).
const ENTRANCE_TAPS: f64 = 360.0;
const SHIFTS: f64 = 15.0;
const BOOKINGS: f64 = 60.0;
/// One booking cancelled for this many created.
const CANCEL_EVERY: u64 = 5;
const PURCHASES: f64 = 120.0;
/// The people who come through the entrance, in turn (the first members).
const VISITORS: u64 = 400;
/// One exchange for this many purchases.
const PURCHASES_PER_EXCHANGE: u64 = 10;

#[derive(Debug, Clone)]
struct Options {
    minutes: u64,
    window_seconds: u64,
    sample_seconds: u64,
    scale: f64,
    shift_seconds: u64,
    members: u64,
    rooms: u64,
    entrances: usize,
    /// Where to write every memory and file sample (CSV), if anywhere.
    csv: Option<PathBuf>,
}

fn options() -> Options {
    let mut o = Options {
        minutes: 30,
        window_seconds: 300,
        sample_seconds: 2,
        scale: 10.0,
        shift_seconds: 180,
        members: 2_000,
        rooms: 50,
        entrances: 4,
        csv: None,
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let value = || args.get(i + 1).and_then(|v| v.parse::<u64>().ok());
        match args[i].as_str() {
            "--minutes" => o.minutes = value().unwrap(),
            "--window-seconds" => o.window_seconds = value().unwrap(),
            "--sample-seconds" => o.sample_seconds = value().unwrap(),
            "--scale" => o.scale = args.get(i + 1).and_then(|v| v.parse().ok()).unwrap(),
            "--shift-seconds" => o.shift_seconds = value().unwrap(),
            "--members" => o.members = value().unwrap(),
            "--rooms" => o.rooms = value().unwrap(),
            "--entrances" => o.entrances = value().unwrap() as usize,
            "--csv" => o.csv = args.get(i + 1).map(PathBuf::from),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    assert!(o.window_seconds > 0 && o.minutes * 60 >= o.window_seconds);
    assert!(o.shift_seconds > 120, "a tap-out within 120 s is a repeat");
    assert!(o.members >= 10 && o.rooms >= 1 && o.entrances >= 1);
    o
}

fn actor() -> Actor {
    Actor {
        id: None,
        name: "soak".into(),
    }
}

/// What the workload needs, written through the server's library before the server starts:
/// members with badges (`S000001`…) and SEL accounts, the café's activity at the `sel` kiosk
/// (unplanned shifts accepted), the cooperative's catalogue, rooms open every day 07:00–23:00 for
/// meetings, and a reception account with an API token (returned), with its catalogue item ids.
async fn seed(db_path: &Path, o: &Options) -> (String, Vec<i64>, Vec<i64>) {
    let pool = db::open_and_migrate(db_path).await.unwrap();
    let now = db::now_text();
    let mut tx = db::begin_write(&pool).await.unwrap();
    for sql in [
        "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?1)
         INSERT INTO persons (first_name, last_name, created_at)
         SELECT 'Membre', 'n° ' || n, ?2 FROM seq",
        "INSERT INTO badges (card_id, person_id, assigned_at)
         SELECT printf('S%06d', id), id, ?2 FROM persons ORDER BY id",
        "INSERT INTO sel_accounts (kind, person_id, label, opened_at)
         SELECT 'member', id, first_name || ' ' || last_name, ?2 FROM persons ORDER BY id",
        "INSERT INTO sel_activities (name, kiosk_id, accepts_unplanned, created_at)
         VALUES ('Café', 'soak-sel', 1, ?2)",
    ] {
        sqlx::query(sql)
            .bind(o.members as i64)
            .bind(&now)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    auth::insert_user(
        &mut tx,
        &auth::NewUser {
            username: "soak-desk".into(),
            display_name: "Accueil (soak)".into(),
            role: auth::Role::Reception,
            password: String::new(),
            person_id: None,
            must_change_password: false,
        },
        &auth::hash_password("soak-password").unwrap(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let token = accounts::issue_token(&pool, &actor(), "soak-desk", "soak")
        .await
        .unwrap();
    let mut items = vec![];
    for (name, price) in [
        ("Panier de légumes", 30),
        ("Café", 5),
        ("Repas", 45),
        ("Pain", 10),
    ] {
        let item = shop::create_item(
            &pool,
            &actor(),
            &shop::ItemInput {
                name: name.into(),
                category: String::new(),
                price_minutes: price,
                active: true,
            },
        )
        .await
        .unwrap();
        items.push(item.id);
    }
    let use_ = rooms::meeting_use(&pool, &actor(), 15).await;
    let windows: Vec<WindowInput> = (1..=7)
        .map(|weekday| WindowInput {
            weekday,
            start: "07:00".into(),
            end: "23:00".into(),
            use_id: use_.id,
        })
        .collect();
    let mut rooms = vec![];
    for n in 1..=o.rooms {
        let space = spaces::create_space(
            &pool,
            &actor(),
            &SpaceInput {
                name: format!("Salle {n:02}"),
                capacity: 20,
                refuse_when_full: true,
                ..SpaceInput::default()
            },
        )
        .await
        .unwrap();
        spaces::set_windows(&pool, &actor(), space.id, &windows)
            .await
            .unwrap();
        rooms.push(space.id);
    }
    pool.close().await;
    (token, items, rooms)
}

/// What kind of operation a measured latency belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Tap,
    Booking,
    Posting,
}

/// One operation: when it started (since the clock's start), how long it took, whether it
/// succeeded.
#[derive(Debug, Clone, Copy)]
struct Done {
    op: Op,
    at: Duration,
    took: Duration,
    ok: bool,
}

/// One sample of the server's memory and files.
#[derive(Debug, Clone, Copy)]
struct Sample {
    at: Duration,
    rss_kib: u64,
    /// The heap's part of it (the rest is mostly the binary's pages).
    anon_kib: u64,
    db: u64,
    wal: u64,
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn wal_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

/// A small generator (Knuth's MMIX constants): the same workload every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// A ticker firing `per_hour` times an hour, starting `offset` into the period, until `end`.
fn ticker(per_hour: f64, offset: f64) -> tokio::time::Interval {
    let period = Duration::from_secs_f64(3600.0 / per_hour);
    let start = tokio::time::Instant::now() + period.mul_f64(offset);
    tokio::time::interval_at(start, period)
}

type Log = Arc<Mutex<Vec<Done>>>;

/// Shift counts: started (acked or not), tap-outs sent.
#[derive(Debug, Default)]
struct Shifts {
    started: u64,
    ended: u64,
}

/// Entrance taps, round robin over the entrance kiosks: the visitors (the first `VISITORS`
/// members) in turn, so that each comes in and leaves `VISITORS` taps later (at × 10, a stay of
/// about seven minutes) and the building's presence list stays near its size.
async fn entrance_taps(kiosks: Arc<Vec<BenchKiosk>>, o: Options, end: Instant) -> u64 {
    let mut tick = ticker(ENTRANCE_TAPS * o.scale, 0.0);
    let visitors = VISITORS.min(o.members);
    let mut n = 0u64;
    loop {
        tick.tick().await;
        if Instant::now() >= end {
            return n;
        }
        let k = &kiosks[(n as usize) % o.entrances];
        k.tap(format!("S{:06}", 1 + n % visitors)).await;
        n += 1;
    }
}

/// SEL shifts at the `sel` kiosk (the last kiosk): a member taps in, and out `shift_seconds`
/// later when that is before the end. Each shift is a member of its own (counting down from the
/// last), so that nobody starts a shift while on another.
async fn shifts(kiosks: Arc<Vec<BenchKiosk>>, o: Options, end: Instant) -> Shifts {
    let sel = kiosks.len() - 1;
    let mut tick = ticker(SHIFTS * o.scale, 0.3);
    let mut s = Shifts::default();
    let mut outs = vec![];
    loop {
        tick.tick().await;
        if Instant::now() >= end {
            break;
        }
        let badge = format!("S{:06}", o.members - s.started % o.members);
        kiosks[sel].tap(badge.clone()).await;
        s.started += 1;
        let out_at = Instant::now() + Duration::from_secs(o.shift_seconds);
        if out_at < end {
            s.ended += 1;
            let kiosks = kiosks.clone();
            outs.push(tokio::spawn(async move {
                tokio::time::sleep_until(out_at.into()).await;
                kiosks[sel].tap(badge).await;
            }));
        }
    }
    for t in outs {
        t.await.unwrap();
    }
    s
}

#[allow(clippy::too_many_arguments)]
async fn timed(
    client: &mut http::Client,
    log: &Log,
    op: Op,
    t0: Instant,
    method: &str,
    path: &str,
    body: &str,
    ok: u16,
) -> Option<http::Reply> {
    let started = Instant::now();
    let reply = client.request(method, path, Some(body)).await;
    let took = started.elapsed();
    let good = matches!(&reply, Ok(r) if r.status == ok);
    if !good {
        match &reply {
            Ok(r) => println!("  error: {method} {path} → {} {}", r.status, r.text()),
            Err(e) => println!("  error: {method} {path} → {e}"),
        }
    }
    log.lock().unwrap().push(Done {
        op,
        at: started - t0,
        took,
        ok: good,
    });
    reply.ok().filter(|_| good)
}

/// The desk's bookings through the API: a free hour in a room each time (rooms in turn, eight
/// slots a day from 07:00 UTC, days from the day after tomorrow on), and every fifth time the
/// oldest booking not yet cancelled is cancelled. Returns (created, cancelled) answered 2xx.
async fn bookings(
    addr: SocketAddr,
    token: String,
    rooms: Vec<i64>,
    o: Options,
    t0: Instant,
    end: Instant,
    log: Log,
) -> (u64, u64) {
    let mut client = http::Client::connect(addr, &token).await.unwrap();
    let mut tick = ticker(BOOKINGS * o.scale, 0.5);
    let first_day = (Utc::now() + Span::days(2)).date_naive();
    let mut made: VecDeque<i64> = VecDeque::new();
    let (mut created, mut cancelled) = (0u64, 0u64);
    let mut g = 0u64;
    loop {
        tick.tick().await;
        if Instant::now() >= end {
            return (created, cancelled);
        }
        let room = rooms[(g % rooms.len() as u64) as usize];
        let slot = g / rooms.len() as u64;
        let day = first_day + Span::days((slot / 8) as i64);
        let start =
            day.and_hms_opt(7, 0, 0).unwrap().and_utc() + Span::minutes(90 * (slot % 8) as i64);
        let body = serde_json::json!({
            "space_id": room,
            "start": start.to_rfc3339(),
            "end": (start + Span::hours(1)).to_rfc3339(),
            "title": format!("Soak {g}"),
        })
        .to_string();
        g += 1;
        let path = "/api/v1/bookings";
        if let Some(r) = timed(&mut client, &log, Op::Booking, t0, "POST", path, &body, 201).await {
            created += 1;
            if let Some(id) = r.json()["booking"]["id"].as_i64() {
                made.push_back(id);
            }
        }
        if g.is_multiple_of(CANCEL_EVERY)
            && let Some(id) = made.pop_front()
        {
            let path = format!("/api/v1/bookings/{id}/cancel");
            let body = r#"{"reason":"Annulée (soak)"}"#;
            if timed(&mut client, &log, Op::Booking, t0, "POST", &path, body, 200)
                .await
                .is_some()
            {
                cancelled += 1;
            }
        }
    }
}

/// The cooperative's till through the API: purchases of one to three items by a random member,
/// and every eleventh posting an exchange between two members. Returns (purchases, exchanges)
/// answered 201.
async fn postings(
    addr: SocketAddr,
    token: String,
    items: Vec<i64>,
    o: Options,
    t0: Instant,
    end: Instant,
    log: Log,
) -> (u64, u64) {
    let mut client = http::Client::connect(addr, &token).await.unwrap();
    let per_hour = PURCHASES * o.scale * (1.0 + 1.0 / PURCHASES_PER_EXCHANGE as f64);
    let mut tick = ticker(per_hour, 0.7);
    let mut rng = Lcg(2);
    let (mut purchases, mut exchanges) = (0u64, 0u64);
    let mut n = 0u64;
    loop {
        tick.tick().await;
        if Instant::now() >= end {
            return (purchases, exchanges);
        }
        n += 1;
        let id = uuid::Uuid::new_v4().to_string();
        // Person ids are the members' 1..=members (their accounts 3..).
        let member = 1 + rng.below(o.members) as i64;
        if n.is_multiple_of(PURCHASES_PER_EXCHANGE + 1) {
            let other = 1 + (member as u64 + rng.below(o.members - 1)) % o.members;
            let body = serde_json::json!({
                "id": id, "payer_id": member, "receiver_id": other as i64,
                "minutes": 15 + rng.below(46), "memo": "Coup de main (soak)",
            })
            .to_string();
            let path = "/api/v1/sel/exchanges";
            if timed(&mut client, &log, Op::Posting, t0, "POST", path, &body, 201)
                .await
                .is_some()
            {
                exchanges += 1;
            }
        } else {
            let lines: Vec<serde_json::Value> = (0..1 + rng.below(3))
                .map(|_| {
                    serde_json::json!({
                        "item_id": items[rng.below(items.len() as u64) as usize],
                        "quantity": 1 + rng.below(2),
                    })
                })
                .collect();
            let body =
                serde_json::json!({"id": id, "person_id": member, "lines": lines}).to_string();
            let path = "/api/v1/sel/purchases";
            if timed(&mut client, &log, Op::Posting, t0, "POST", path, &body, 201)
                .await
                .is_some()
            {
                purchases += 1;
            }
        }
    }
}

/// The server's memory and files every `sample_seconds` until `end`.
async fn sampler(pid: u32, db: PathBuf, o: Options, t0: Instant, end: Instant) -> Vec<Sample> {
    let mut tick = tokio::time::interval(Duration::from_secs(o.sample_seconds));
    let wal = wal_path(&db);
    let mut samples = vec![];
    loop {
        tick.tick().await;
        let now = Instant::now();
        samples.push(Sample {
            at: now - t0,
            rss_kib: rss_kib(pid),
            anon_kib: status_kib(pid, "RssAnon"),
            db: file_len(&db),
            wal: file_len(&wal),
        });
        if now >= end {
            return samples;
        }
    }
}

/// p50 and p99 in ms of the latencies of one kind in a window, with how many and how many failed.
struct Figures {
    n: usize,
    errors: usize,
    p50: f64,
    p99: f64,
}

fn figures(done: &[Done], op: Op, from: Duration, to: Duration) -> Figures {
    let mut lat: Vec<Duration> = vec![];
    let mut errors = 0;
    for d in done
        .iter()
        .filter(|d| d.op == op && d.at >= from && d.at < to)
    {
        if d.ok {
            lat.push(d.took);
        } else {
            errors += 1;
        }
    }
    lat.sort();
    Figures {
        n: lat.len() + errors,
        errors,
        p50: ms(percentile(&lat, 0.5)),
        p99: ms(percentile(&lat, 0.99)),
    }
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// One window's row.
struct Window {
    rss_min: f64,
    rss_max: f64,
    rss_last: f64,
    taps: Figures,
    bookings: Figures,
    postings: Figures,
}

fn main() {
    let o = options();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("soak benchmark: {o:?}");
    rt.block_on(soak(o));
}

async fn soak(o: Options) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("server");
    let mut names: Vec<String> = (0..o.entrances).map(|i| format!("soak-door-{i}")).collect();
    for (i, name) in names.iter().enumerate() {
        add_kiosk(&data, name, "entrance", &format!("Entrée {i}"));
    }
    add_kiosk(&data, "soak-sel", "sel", "Café — permanences");
    names.push("soak-sel".into());
    let db_path = data.join("citeosquare.db");
    let (token, items, rooms) = seed(&db_path, &o).await;
    let server = start_server(dir.path(), &names, "embedded");
    let (kiosks, mut acks) = start_kiosks(dir.path(), &names, server.mqtt).await;
    let kiosks = Arc::new(kiosks);
    // Let every kiosk connect, and the server settle, before the clock starts.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let pid = server.child.id();
    println!(
        "server pid {pid}, http {}, mqtt {}; {} members, {} rooms, {} entrance kiosks + 1 sel \
         kiosk; RSS before the load {:.1} MiB, its peak so far (VmHWM) {:.1} MiB",
        server.http,
        server.mqtt,
        o.members,
        o.rooms,
        o.entrances,
        rss_kib(pid) as f64 / 1024.0,
        status_kib(pid, "VmHWM") as f64 / 1024.0
    );
    let per_hour = |x: f64| x * o.scale;
    println!(
        "rate (busy hour × {}): per hour {:.0} entrance taps, {:.0} shifts in and out, {:.0} \
         bookings created and {:.0} cancelled, {:.0} purchases and {:.0} exchanges",
        o.scale,
        per_hour(ENTRANCE_TAPS),
        per_hour(SHIFTS),
        per_hour(BOOKINGS),
        per_hour(BOOKINGS) / CANCEL_EVERY as f64,
        per_hour(PURCHASES),
        per_hour(PURCHASES) / PURCHASES_PER_EXCHANGE as f64
    );

    let t0 = Instant::now();
    let end = t0 + Duration::from_secs(o.minutes * 60);
    let log: Log = Arc::new(Mutex::new(vec![]));
    let sampling = tokio::spawn(sampler(pid, server.db.clone(), o.clone(), t0, end));
    let doors = tokio::spawn(entrance_taps(kiosks.clone(), o.clone(), end));
    let shifting = tokio::spawn(shifts(kiosks.clone(), o.clone(), end));
    let booking = tokio::spawn(bookings(
        server.http,
        token.clone(),
        rooms,
        o.clone(),
        t0,
        end,
        log.clone(),
    ));
    let till = tokio::spawn(postings(
        server.http,
        token.clone(),
        items,
        o.clone(),
        t0,
        end,
        log.clone(),
    ));
    // A line as each window closes, so that a long run shows where it is.
    let progress = {
        let log = log.clone();
        let window = o.window_seconds;
        tokio::spawn(async move {
            let mut w = 1;
            loop {
                tokio::time::sleep_until((t0 + Duration::from_secs(w * window)).into()).await;
                if Instant::now() > end {
                    return;
                }
                println!(
                    "  {} s: {} API requests so far, server RSS {:.1} MiB",
                    w * window,
                    log.lock().unwrap().len(),
                    rss_kib(pid) as f64 / 1024.0
                );
                w += 1;
            }
        })
    };
    let door_taps = doors.await.unwrap();
    let shift_counts = shifting.await.unwrap();
    let (created, cancelled) = booking.await.unwrap();
    let (purchases, exchanges) = till.await.unwrap();
    let samples = sampling.await.unwrap();
    progress.abort();
    let taps_sent = door_taps + shift_counts.started + shift_counts.ended;
    // Every tap acked: the last ones are given up to a minute.
    let seen: usize = kiosks.iter().map(|k| k.timings.lock().unwrap().acks).sum();
    wait_acks(
        &mut acks,
        (taps_sent as usize).saturating_sub(seen),
        Duration::from_secs(60),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Tap-to-ack latencies, each at the moment the tap was handed over.
    let mut done = log.lock().unwrap().clone();
    let (mut unacked, mut repeated) = (0usize, 0usize);
    let mut results: std::collections::BTreeMap<String, usize> = Default::default();
    for k in kiosks.iter() {
        let t = k.timings.lock().unwrap();
        repeated += t.repeated;
        for (r, n) in &t.results {
            *results.entry(r.clone()).or_default() += n;
        }
        for (i, sent) in t.sent.iter().enumerate() {
            match t.acked.get(i).copied().flatten() {
                Some(a) => done.push(Done {
                    op: Op::Tap,
                    at: *sent - t0,
                    took: a - *sent,
                    ok: true,
                }),
                None => {
                    unacked += 1;
                    done.push(Done {
                        op: Op::Tap,
                        at: *sent - t0,
                        took: Duration::ZERO,
                        ok: false,
                    });
                }
            }
        }
    }

    if let Some(path) = &o.csv {
        let mut text = String::from("seconds,rss_kib,anon_kib,db_bytes,wal_bytes\n");
        for x in &samples {
            text.push_str(&format!(
                "{:.1},{},{},{},{}\n",
                x.at.as_secs_f64(),
                x.rss_kib,
                x.anon_kib,
                x.db,
                x.wal
            ));
        }
        std::fs::write(path, text).unwrap();
    }
    report(&o, &samples, &done);
    println!(
        "server's peak resident set since its start (VmHWM): {:.1} MiB",
        status_kib(pid, "VmHWM") as f64 / 1024.0
    );
    let ok = verify(
        &server.db,
        &o,
        Counts {
            door_taps,
            shifts: shift_counts,
            unacked,
            repeated,
            results,
            created,
            cancelled,
            purchases,
            exchanges,
        },
        &done,
    )
    .await;
    drop(server);
    assert!(ok, "the soak found errors (see above)");
}

/// The table, a row per window, and the verdict.
fn report(o: &Options, samples: &[Sample], done: &[Done]) {
    let width = Duration::from_secs(o.window_seconds);
    let count = (o.minutes * 60).div_ceil(o.window_seconds) as usize;
    let mut windows = vec![];
    println!(
        "\n| window | RSS min / max / last (MiB) | database / WAL max (MiB) | taps: n, p50 / p99 (ms) \
         | bookings: n, p50 / p99 (ms) | postings: n, p50 / p99 (ms) | errors |"
    );
    println!("|---|---|---|---|---|---|---|");
    for w in 0..count {
        let (from, to) = (width * w as u32, width * (w as u32 + 1));
        let in_window: Vec<&Sample> = samples
            .iter()
            .filter(|s| s.at >= from && (s.at < to || (w == count - 1)))
            .collect();
        let rss: Vec<f64> = in_window
            .iter()
            .map(|s| s.rss_kib as f64 / 1024.0)
            .collect();
        let row = Window {
            rss_min: rss.iter().copied().fold(f64::INFINITY, f64::min),
            rss_max: rss.iter().copied().fold(0.0, f64::max),
            rss_last: rss.last().copied().unwrap_or(0.0),
            taps: figures(done, Op::Tap, from, to),
            bookings: figures(done, Op::Booking, from, to),
            postings: figures(done, Op::Posting, from, to),
        };
        let db = in_window.last().map_or(0, |s| s.db);
        let wal = in_window.iter().map(|s| s.wal).max().unwrap_or(0);
        println!(
            "| {:02}:{:02}–{:02}:{:02} | {:.1} / {:.1} / {:.1} | {:.2} / {:.2} | {}, {:.1} / {:.1} \
             | {}, {:.1} / {:.1} | {}, {:.1} / {:.1} | {} |",
            from.as_secs() / 60,
            from.as_secs() % 60,
            to.as_secs() / 60,
            to.as_secs() % 60,
            row.rss_min,
            row.rss_max,
            row.rss_last,
            mib(db),
            mib(wal),
            row.taps.n,
            row.taps.p50,
            row.taps.p99,
            row.bookings.n,
            row.bookings.p50,
            row.bookings.p99,
            row.postings.n,
            row.postings.p50,
            row.postings.p99,
            row.taps.errors + row.bookings.errors + row.postings.errors
        );
        windows.push(row);
    }
    if windows.len() < 3 {
        println!("verdict: fewer than 3 windows, nothing to compare");
        return;
    }
    let (second, last) = (&windows[1], &windows[windows.len() - 1]);
    let growth = last.rss_last - second.rss_last;
    println!(
        "\nverdict: server RSS at the end of the 2nd window {:.1} MiB, of the last {:.1} MiB: \
         {growth:+.1} MiB ({:+.1} %); max {:.1} → {:.1} MiB",
        second.rss_last,
        last.rss_last,
        100.0 * growth / second.rss_last,
        second.rss_max,
        last.rss_max
    );
    let anon = |w: usize| {
        let (from, to) = (width * w as u32, width * (w as u32 + 1));
        samples
            .iter()
            .rfind(|s| s.at >= from && (s.at < to || w == count - 1))
            .map_or(0.0, |s| s.anon_kib as f64 / 1024.0)
    };
    println!(
        "verdict: of which the heap (RssAnon) {:.1} → {:.1} MiB, the rest (mostly the binary's \
         pages) {:.1} → {:.1} MiB",
        anon(1),
        anon(count - 1),
        second.rss_last - anon(1),
        last.rss_last - anon(count - 1)
    );
    let flat = growth.abs() <= f64::max(1.0, 0.05 * second.rss_last);
    println!(
        "verdict: memory {}",
        if flat {
            "flat (within 1 MiB or 5 % of the 2nd window)"
        } else {
            "NOT flat (more than 1 MiB and 5 % from the 2nd window)"
        }
    );
    for (what, a, b) in [
        ("tap-to-ack", &second.taps, &last.taps),
        ("booking", &second.bookings, &last.bookings),
        ("posting", &second.postings, &last.postings),
    ] {
        println!(
            "verdict: {what} p99 {:.1} ms in the 2nd window, {:.1} ms in the last: × {:.2} \
             (p50 {:.1} → {:.1} ms, × {:.2})",
            a.p99,
            b.p99,
            b.p99 / a.p99,
            a.p50,
            b.p50,
            b.p50 / a.p50
        );
    }
    let drift = [
        (&second.taps, &last.taps),
        (&second.bookings, &last.bookings),
        (&second.postings, &last.postings),
    ]
    .iter()
    .any(|(a, b)| b.p99 > 1.5 * a.p99 || b.p50 > 1.2 * a.p50);
    println!(
        "verdict: latency {}",
        if drift {
            "DRIFTS (a last-window p99 above 1.5× or p50 above 1.2× the 2nd window's)"
        } else {
            "no drift (every last-window p99 within 1.5× and p50 within 1.2× of the 2nd window's)"
        }
    );
}

/// What the workload did, as the bench counted it.
struct Counts {
    door_taps: u64,
    shifts: Shifts,
    unacked: usize,
    repeated: usize,
    results: std::collections::BTreeMap<String, usize>,
    created: u64,
    cancelled: u64,
    purchases: u64,
    exchanges: u64,
}

async fn count(conn: &mut sqlx::SqliteConnection, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(conn).await.unwrap()
}

/// Checks the database against what the bench counted; prints each check. True when all pass.
async fn verify(db_path: &Path, o: &Options, c: Counts, done: &[Done]) -> bool {
    use sqlx::ConnectOptions;
    use std::str::FromStr;
    let url = format!("sqlite://{}?mode=ro", db_path.display());
    let mut conn = sqlx::sqlite::SqliteConnectOptions::from_str(&url)
        .unwrap()
        .connect()
        .await
        .unwrap();
    let events = count(&mut conn, "SELECT count(*) FROM kiosk_events").await;
    let door_events = count(
        &mut conn,
        "SELECT count(*) FROM kiosk_events WHERE kiosk_id LIKE 'soak-door-%'",
    )
    .await;
    let started = count(&mut conn, "SELECT count(*) FROM sel_sessions").await;
    let ended = count(
        &mut conn,
        "SELECT count(*) FROM sel_sessions WHERE end_kind = 'tap'",
    )
    .await;
    let bookings = count(
        &mut conn,
        "SELECT count(*) FROM space_bookings WHERE title LIKE 'Soak %'",
    )
    .await;
    let cancelled = count(
        &mut conn,
        "SELECT count(*) FROM space_bookings WHERE title LIKE 'Soak %' AND state = 'cancelled'",
    )
    .await;
    let purchases = count(
        &mut conn,
        "SELECT count(*) FROM sel_operations WHERE kind = 'purchase'",
    )
    .await;
    let exchanges = count(
        &mut conn,
        "SELECT count(*) FROM sel_operations WHERE kind = 'exchange'",
    )
    .await;
    let rec = ledger::reconcile(&mut conn).await.unwrap();
    let taps = c.door_taps + c.shifts.started + c.shifts.ended;
    let api_errors = done.iter().filter(|d| d.op != Op::Tap && !d.ok).count();
    let expected_results = ["entered", "left", "shift_started", "shift_ended"];
    let odd: usize = c
        .results
        .iter()
        .filter(|(r, _)| !expected_results.contains(&r.as_str()))
        .map(|(_, n)| n)
        .sum();
    println!(
        "\nacks by result: {}",
        c.results
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let checks = [
        (
            format!("taps stored once: {taps} handed to the kiosks, {events} in kiosk_events"),
            events == taps as i64,
        ),
        (
            format!(
                "entrance taps: {} handed over, {door_events} stored",
                c.door_taps
            ),
            door_events == c.door_taps as i64,
        ),
        (
            format!(
                "every tap acked exactly once: {} without an ack, {} acked again",
                c.unacked, c.repeated
            ),
            c.unacked == 0 && c.repeated == 0,
        ),
        (
            format!("every ack an expected result: {odd} other"),
            odd == 0,
        ),
        (
            format!(
                "SEL shifts: {} tapped in, {} tapped out; {started} sessions, {ended} ended by a tap",
                c.shifts.started, c.shifts.ended
            ),
            started == c.shifts.started as i64 && ended == c.shifts.ended as i64,
        ),
        (
            format!(
                "bookings: {} created and {} cancelled through the API; {bookings} stored, \
                 {cancelled} cancelled",
                c.created, c.cancelled
            ),
            bookings == c.created as i64 && cancelled == c.cancelled as i64,
        ),
        (
            format!(
                "SEL postings: {} purchases and {} exchanges through the API; {purchases} and \
                 {exchanges} stored",
                c.purchases, c.exchanges
            ),
            purchases == c.purchases as i64 && exchanges == c.exchanges as i64,
        ),
        (
            format!(
                "ledger reconciles: {} transfers over {} accounts, sum {}",
                rec.transfers, rec.accounts, rec.posted_sum
            ),
            rec.ok && rec.posted_sum == 0,
        ),
        (format!("API errors: {api_errors}"), api_errors == 0),
    ];
    let mut all = true;
    for (what, ok) in &checks {
        println!("{} {what}", if *ok { "ok  " } else { "FAIL" });
        all &= ok;
    }
    println!(
        "files at the end: database {:.2} MiB, WAL {:.2} MiB ({} minutes at × {})",
        mib(file_len(db_path)),
        mib(file_len(&wal_path(db_path))),
        o.minutes,
        o.scale
    );
    all
}
