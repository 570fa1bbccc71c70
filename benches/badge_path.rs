//! Badge path benchmark: N simulated kiosks (the real kiosk loop and durable outbox, in this
//! process) → the real broker → the real server (`target/release/citeosquare`, its own process) →
//! acks back to the kiosks.
//!
//! ```text
//! cargo build --release --workspace && cargo bench --bench badge_path
//! cargo bench --bench badge_path -- --kiosks 8 --taps 2500 --rate 100 --seconds 20 --runs 3
//! ```
//!
//! Reports, per run: sustained events/s (first tap to last ack, every event acked and stored once),
//! tap-to-ack latency p50/p99 at a steady rate, and the idle resident memory of the server and of
//! a kiosk process. Figures go in BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "common/stats.rs"]
mod stats;
use stats::median;

#[path = "common/badge.rs"]
mod badge;
use badge::{Server, add_kiosk, release_bin, rss_kib, start_kiosks, wait_acks};

#[derive(Debug, Clone)]
struct Options {
    kiosks: usize,
    taps: usize,
    rate: u64,
    seconds: u64,
    runs: usize,
    /// `embedded` (rumqttd inside the server) or `mosquitto` (firmware-config/mosquitto/test-broker.sh).
    broker: String,
    /// The kiosks' role: `entrance` (a tap is recorded), `sel`, `space` or `vehicles` (the key
    /// cabinet: each tap is decided on the bookings and licences of the person).
    role: String,
}

fn options() -> Options {
    let mut o = Options {
        kiosks: 8,
        taps: 2500,
        rate: 100,
        seconds: 20,
        runs: 3,
        broker: "embedded".into(),
        role: "entrance".into(),
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let value = || args.get(i + 1).and_then(|v| v.parse::<u64>().ok());
        match args[i].as_str() {
            "--kiosks" => o.kiosks = value().unwrap() as usize,
            "--taps" => o.taps = value().unwrap() as usize,
            "--rate" => o.rate = value().unwrap(),
            "--seconds" => o.seconds = value().unwrap(),
            "--runs" => o.runs = value().unwrap() as usize,
            "--broker" => o.broker = args.get(i + 1).cloned().unwrap(),
            "--role" => o.role = args.get(i + 1).cloned().unwrap(),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

/// Starts the server (and Mosquitto if asked) with `kiosks` registered kiosks (password `demo`).
/// For the key cabinet (`--role vehicles`): the badges the kiosks tap, DEMO0001 to DEMO0010,
/// belong to drivers with a licence and a booking next week — each tap is decided on the person's
/// bookings (none on now, no key out, the next one) and licence, and answered « Pas de réservation
/// maintenant », the answer with the most look-ups. (With the other roles the badges are unknown:
/// the kiosks' registration keeps the demo from seeding.)
fn seed_key_cabinet(data: &Path) {
    let path = data.join("citeosquare.db");
    std::thread::spawn(move || {
        tokio::runtime::Runtime::new().unwrap().block_on(async move {
            let pool = citeosquare_server::db::open_and_migrate(&path).await.unwrap();
            let now = chrono::Utc::now();
            let text = citeosquare_server::db::instant_text;
            sqlx::query(
                "INSERT INTO vehicles (id, name, kind, energy, seats, key_number, needs_licence,
                     buffer_minutes, created_at) VALUES (1, 'Renault Zoé', 'car', 'electric', 5, 3, 1, 15, ?1)",
            )
            .bind(text(now))
            .execute(&pool)
            .await
            .unwrap();
            for n in 1..=10_i64 {
                let start = now + chrono::Duration::days(7) + chrono::Duration::hours(3 * n);
                let end = start + chrono::Duration::hours(2);
                for sql in [
                    "INSERT INTO persons (id, first_name, last_name, created_at) VALUES (?1, 'Conductrice', 'n° ' || ?1, ?2)",
                    "INSERT INTO badges (card_id, person_id, assigned_at) VALUES (printf('DEMO%04d', ?1), ?1, ?2)",
                    "INSERT INTO vehicle_drivers (person_id, category, licence_number, obtained_on, expires_on,
                         seen_by_name, seen_at) VALUES (?1, 'B', 'BENCH' || ?1, '2000-01-01', '2040-01-01', 'bench', ?2)",
                    "INSERT INTO vehicle_bookings (uid, vehicle_id, person_id, state, start_at, end_at,
                         block_start, block_end, made_by_name, created_at, updated_at)
                     VALUES ('bench-' || ?1, 1, ?1, 'confirmed', ?3, ?4, unixepoch(?3), unixepoch(?4) + 900,
                             'bench', ?2, ?2)",
                ] {
                    sqlx::query(sql)
                        .bind(n)
                        .bind(text(now))
                        .bind(text(start))
                        .bind(text(end))
                        .execute(&pool)
                        .await
                        .unwrap();
                }
            }
            pool.close().await;
        });
    })
    .join()
    .unwrap();
}

fn start_server(dir: &Path, kiosks: usize, broker: &str, role: &str) -> Server {
    let data = dir.join("server");
    let names = names(kiosks);
    for (i, name) in names.iter().enumerate() {
        add_kiosk(&data, name, role, &format!("Borne de test {i}"));
    }
    if role == "vehicles" {
        seed_key_cabinet(&data);
    }
    badge::start_server(dir, &names, broker)
}

/// The bench kiosks' names: `bench-0`, `bench-1`…
fn names(kiosks: usize) -> Vec<String> {
    (0..kiosks).map(|i| format!("bench-{i}")).collect()
}

async fn stored_events(db: &Path) -> i64 {
    use sqlx::ConnectOptions;
    use std::str::FromStr;
    let url = format!("sqlite://{}?mode=ro", db.display());
    let mut conn = sqlx::sqlite::SqliteConnectOptions::from_str(&url)
        .unwrap()
        .connect()
        .await
        .unwrap();
    let by_result: Vec<(String, i64)> =
        sqlx::query_as("SELECT result, count(*) FROM kiosk_events GROUP BY result ORDER BY 2 DESC")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    // What the taps meant, so that a role's figure is known to come from that role's decisions.
    println!(
        "  results: {}",
        by_result
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    by_result.iter().map(|(_, n)| n).sum()
}

/// All kiosks tap `taps` badges each, as fast as the readers take them.
async fn throughput(o: &Options) -> (f64, usize, i64) {
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(dir.path(), o.kiosks, &o.broker, &o.role);
    let (kiosks, mut acks) = start_kiosks(dir.path(), &names(o.kiosks), server.mqtt).await;
    // Let every kiosk connect before the clock starts.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let total = o.kiosks * o.taps;
    let start = Instant::now();
    for k in &kiosks {
        for i in 0..o.taps {
            k.tap(format!("DEMO{:04}", i % 10 + 1)).await;
        }
    }
    let got = wait_acks(&mut acks, total, Duration::from_secs(300)).await;
    let secs = start.elapsed().as_secs_f64();
    let stored = stored_events(&server.db).await;
    (total as f64 / secs, got, stored)
}

/// One tap every 1/rate s, spread over the kiosks, for `seconds`; returns the sorted latencies.
async fn latency(o: &Options) -> Vec<Duration> {
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(dir.path(), o.kiosks, &o.broker, &o.role);
    let (kiosks, mut acks) = start_kiosks(dir.path(), &names(o.kiosks), server.mqtt).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let n = (o.rate * o.seconds) as usize;
    let mut tick = tokio::time::interval(Duration::from_nanos(1_000_000_000 / o.rate));
    for i in 0..n {
        tick.tick().await;
        let k = &kiosks[i % kiosks.len()];
        k.tap("DEMO0001".into()).await;
    }
    wait_acks(&mut acks, n, Duration::from_secs(60)).await;
    drop(server);
    let mut all = Vec::new();
    for k in &kiosks {
        let t = k.timings.lock().unwrap();
        for (sent, acked) in t.sent.iter().zip(&t.acked) {
            if let Some(a) = acked {
                all.push(a.duration_since(*sent));
            }
        }
    }
    all.sort();
    all
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// Resident memory of an idle server and an idle kiosk process, after they settle.
fn idle_memory() -> (u64, u64) {
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(dir.path(), 1, "embedded", "entrance");
    let mut kiosk = Command::new(release_bin("citeosquare-kiosk"))
        .args(["--id", "bench-0", "--password", "demo"])
        .arg("--broker")
        .arg(format!("127.0.0.1:{}", server.mqtt))
        .arg("--data-dir")
        .arg(dir.path().join("kiosk-idle"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(3));
    let r = (rss_kib(server.child.id()), rss_kib(kiosk.id()));
    let _ = kiosk.kill();
    let _ = kiosk.wait();
    r
}

fn main() {
    let o = options();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("badge path benchmark: {o:?}");
    let mut rates = Vec::new();
    for run in 1..=o.runs {
        let (rate, acked, stored) = rt.block_on(throughput(&o));
        let total = o.kiosks * o.taps;
        println!(
            "run {run}: throughput {rate:.0} events/s ({acked}/{total} acked, {stored} stored{})",
            if acked == total && stored == total as i64 {
                ", none lost"
            } else {
                " — MISMATCH"
            }
        );
        rates.push(rate);
    }
    let mut p50s = Vec::new();
    let mut p99s = Vec::new();
    for run in 1..=o.runs {
        let lat = rt.block_on(latency(&o));
        let (p50, p99) = (pct(&lat, 0.50), pct(&lat, 0.99));
        println!(
            "run {run}: at {} events/s, {} acks: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            o.rate,
            lat.len(),
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3,
            lat.last().copied().unwrap_or_default().as_secs_f64() * 1e3
        );
        p50s.push(p50.as_secs_f64() * 1e3);
        p99s.push(p99.as_secs_f64() * 1e3);
    }
    let (server_kib, kiosk_kib) = idle_memory();
    println!("--- medians over {} runs ---", o.runs);
    println!("throughput: {:.0} events/s", median(&mut rates));
    println!(
        "tap-to-ack at {} events/s: p50 {:.1} ms, p99 {:.1} ms",
        o.rate,
        median(&mut p50s),
        median(&mut p99s)
    );
    println!(
        "idle resident memory: server {:.1} MiB, kiosk {:.1} MiB",
        server_kib as f64 / 1024.0,
        kiosk_kib as f64 / 1024.0
    );
}
