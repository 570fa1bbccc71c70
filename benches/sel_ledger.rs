//! SEL ledger benchmark: postings with their limit checks on a ledger that already holds a million
//! transfers, through the server's own code (`sel::ledger::write`, each posting its own
//! `BEGIN IMMEDIATE` transaction) on the server's own SQLite settings (`db::open_and_migrate`: WAL,
//! `synchronous=FULL`, a pool of 4 connections).
//!
//! ```text
//! cargo bench --bench sel_ledger
//! cargo bench --bench sel_ledger -- --transfers 1000000 --postings 20000 --runs 3
//! ```
//!
//! Options: `--transfers` already in the ledger (rounded up to a multiple of 4), `--accounts`
//! (members), `--postings` per run (sequential, then the same number from `--writers` concurrent
//! writers), `--taps` (shift taps at a `sel` kiosk through `ingest::store_batch`, half in, half
//! out), `--runs`, `--dir` (where the databases go; default a temporary folder).
//!
//! The existing ledger is written through the real triggers (every balance moved and every limit
//! checked by `sel_transfers_apply`), in groups of four that keep each member between 0 and 240
//! minutes: a shift credit from the pool, a purchase, an exchange with another member, a purchase.
//! Each run starts from a copy of that ledger. Figures go in BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use citeosquare_server::audit::Actor;
use citeosquare_server::kiosks::ingest::{self, IngestSettings, Received};
use citeosquare_server::metrics::Metrics;
use citeosquare_server::sel::ledger::{self, Kind, Operation, TransferSpec};
use citeosquare_server::sel::{COOPERATIVE_ACCOUNT, POOL_ACCOUNT};
use citeosquare_server::{db, kiosks};
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "common/stats.rs"]
mod stats;
use stats::{file_mib, median, ms, percentile};

#[derive(Debug, Clone)]
struct Options {
    transfers: u64,
    accounts: u64,
    postings: u64,
    writers: u64,
    taps: u64,
    runs: usize,
    dir: Option<PathBuf>,
    /// Leave checkpoints to SQLite's automatic one inside commits (as before the server's
    /// background checkpointer), to compare.
    no_checkpointer: bool,
}

fn options() -> Options {
    let mut o = Options {
        transfers: 1_000_000,
        accounts: 2_000,
        postings: 20_000,
        writers: 64,
        taps: 2_000,
        runs: 3,
        dir: None,
        no_checkpointer: false,
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let value = || args.get(i + 1).and_then(|v| v.parse::<u64>().ok());
        match args[i].as_str() {
            "--transfers" => o.transfers = value().unwrap(),
            "--accounts" => o.accounts = value().unwrap(),
            "--postings" => o.postings = value().unwrap(),
            "--writers" => o.writers = value().unwrap(),
            "--taps" => o.taps = value().unwrap(),
            "--runs" => o.runs = value().unwrap() as usize,
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
    o.transfers = o.transfers.div_ceil(4) * 4;
    assert!(
        o.accounts >= 2 * o.writers.max(1),
        "at least two members per writer"
    );
    o
}

/// The first member account (1 is the pool, 2 the cooperative).
const FIRST_MEMBER: i64 = 3;

/// The `i`-th posting of a writer that owns the members `first .. first + members`: groups of
/// four (shift credit, purchase, exchange, purchase) that leave every member where it was.
/// The same formula as the seed's SQL.
fn posting(i: u64, first: i64, members: i64) -> (&'static str, TransferSpec) {
    let grp = (i / 4) as i64;
    let x = (grp * 7919) % members;
    let m = first + x;
    let m2 = first + (x + 1 + grp % (members - 1)) % members;
    let a = 2 * (30 + (grp * 37) % 91);
    match i % 4 {
        0 => (
            "shift",
            TransferSpec::posted(POOL_ACCOUNT, m, a, Kind::Shift).memo("Permanence"),
        ),
        1 => (
            "purchase",
            TransferSpec::posted(m, COOPERATIVE_ACCOUNT, a / 2, Kind::Purchase).memo("Panier"),
        ),
        2 => (
            "exchange",
            TransferSpec::posted(m, m2, a / 2, Kind::Exchange).memo("Échange"),
        ),
        _ => (
            "purchase",
            TransferSpec::posted(m2, COOPERATIVE_ACCOUNT, a / 2, Kind::Purchase).memo("Repas"),
        ),
    }
}

const NOW: &str = "2026-11-26T02:00:00.000Z";

/// Members with badges, a `sel` kiosk whose café takes unplanned shifts, and `transfers`
/// transfers written by set-based statements through the ledger's triggers.
async fn build(path: &Path, o: &Options) -> Duration {
    let started = Instant::now();
    let pool = db::open_and_migrate(path).await.unwrap();
    let mut tx = db::begin_write(&pool).await.unwrap();
    sqlx::query(
        "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?1)
         INSERT INTO persons (first_name, last_name, created_at)
         SELECT 'Membre', 'n° ' || n, ?2 FROM seq",
    )
    .bind(o.accounts as i64)
    .bind(NOW)
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO badges (card_id, person_id, assigned_at)
         SELECT printf('B%06d', id), id, ?1 FROM persons ORDER BY id",
    )
    .bind(NOW)
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO sel_accounts (kind, person_id, label, opened_at)
         SELECT 'member', id, first_name || ' ' || last_name, ?1 FROM persons ORDER BY id",
    )
    .bind(NOW)
    .execute(&mut *tx)
    .await
    .unwrap();
    let (lo, hi): (i64, i64) =
        sqlx::query_as("SELECT min(id), max(id) FROM sel_accounts WHERE kind = 'member'")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
    assert_eq!(
        (lo, hi),
        (FIRST_MEMBER, FIRST_MEMBER + o.accounts as i64 - 1)
    );
    let kiosk = kiosks::NewKiosk::prepare(
        "bench-sel",
        citeosquare_protocol::Role::Sel,
        "Café — permanences",
        "bench",
    )
    .await
    .unwrap();
    kiosk.insert(&mut tx).await.unwrap();
    sqlx::query(
        "INSERT INTO sel_activities (name, kiosk_id, accepts_unplanned, created_at)
         VALUES ('Café', 'bench-sel', 1, ?1)",
    )
    .bind(NOW)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();

    const CHUNK: u64 = 100_000;
    let mut from = 0;
    while from < o.transfers {
        let to = (from + CHUNK).min(o.transfers);
        let mut tx = db::begin_write(&pool).await.unwrap();
        sqlx::query(
            "WITH RECURSIVE seq(n) AS (SELECT ?1 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ?2)
             INSERT INTO sel_operations (id, kind, request, created_at, author)
             SELECT 'seed-' || n,
                    CASE n % 4 WHEN 0 THEN 'shift' WHEN 2 THEN 'exchange' ELSE 'purchase' END,
                    '{}', ?3, 'bench' FROM seq",
        )
        .bind(from as i64)
        .bind(to as i64)
        .bind(NOW)
        .execute(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "WITH RECURSIVE seq(n) AS (SELECT ?1 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ?2),
             p AS (SELECT n, n % 4 AS step, n / 4 AS grp, (n / 4 * 7919) % ?3 AS x FROM seq),
             q AS (SELECT n, step, ?4 + x AS m, ?4 + (x + 1 + grp % (?3 - 1)) % ?3 AS m2,
                          2 * (30 + (grp * 37) % 91) AS a FROM p)
             INSERT INTO sel_transfers (operation_id, debit_account, credit_account, amount, kind,
                                        phase, memo, created_at)
             SELECT 'seed-' || n,
                    CASE step WHEN 0 THEN 1 WHEN 3 THEN m2 ELSE m END,
                    CASE step WHEN 0 THEN m WHEN 2 THEN m2 ELSE 2 END,
                    CASE step WHEN 0 THEN a ELSE a / 2 END,
                    CASE step WHEN 0 THEN 'shift' WHEN 2 THEN 'exchange' ELSE 'purchase' END,
                    'posted', '',
                    strftime('%Y-%m-%dT%H:%M:%S.000Z', 1672531200 + n * 60, 'unixepoch')
             FROM q ORDER BY n",
        )
        .bind(from as i64)
        .bind(to as i64)
        .bind(o.accounts as i64)
        .bind(FIRST_MEMBER)
        .execute(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();
        from = to;
    }
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    started.elapsed()
}

fn actor() -> Actor {
    Actor {
        id: None,
        name: "bench".into(),
    }
}

/// One posting, in its own write transaction, as a page or the API does it.
async fn post_one(
    pool: &SqlitePool,
    actor: &Actor,
    id: String,
    kind: &'static str,
    spec: TransferSpec,
) {
    let op = Operation {
        id,
        kind,
        request: serde_json::json!({"debit": spec.debit, "credit": spec.credit,
                                    "minutes": spec.amount}),
        actor,
    };
    let mut tx = db::begin_write(pool).await.unwrap();
    let written = ledger::write(&mut tx, &op, &[spec]).await.unwrap();
    tx.commit().await.unwrap();
    assert!(!written.replayed && written.transfers.len() == 1);
}

/// `n` postings by `writers` concurrent writers, each on its own members; returns each posting's
/// latency (sorted) and the wall-clock time. With `queued`, writers wait their turn in this
/// process (a FIFO lock taken before `BEGIN IMMEDIATE`) instead of in SQLite's busy handler.
async fn postings(
    pool: &SqlitePool,
    o: &Options,
    run: usize,
    writers: u64,
    n: u64,
    queued: bool,
) -> (Vec<Duration>, Duration) {
    let per_writer_members = (o.accounts / writers) as i64;
    let per_writer_postings = n / writers;
    let queue = std::sync::Arc::new(tokio::sync::Mutex::new(()));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..writers {
        let pool = pool.clone();
        let queue = queue.clone();
        tasks.push(tokio::spawn(async move {
            let actor = actor();
            let first = FIRST_MEMBER + w as i64 * per_writer_members;
            let mut lat = Vec::with_capacity(per_writer_postings as usize);
            for i in 0..per_writer_postings {
                let (kind, spec) = posting(i, first, per_writer_members);
                let id = format!("bench-{run}-{writers}-{queued}-{w}-{i}");
                let t = Instant::now();
                let turn = if queued {
                    Some(queue.lock().await)
                } else {
                    None
                };
                post_one(&pool, &actor, id, kind, spec).await;
                drop(turn);
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut all = Vec::with_capacity(n as usize);
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let wall = started.elapsed();
    all.sort();
    (all, wall)
}

/// The machine's reference at this moment: durable single-row commits (`BEGIN IMMEDIATE`, one
/// `INSERT`, `COMMIT`) on the server's settings, in a database of its own. Returns commits/s.
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

/// Shift taps at the `sel` kiosk at 3 a.m., one event per batch as a quiet kiosk sends them:
/// `taps / 2` members tap in, then out 90 minutes later. Returns each batch's latency, sorted.
async fn taps(pool: &SqlitePool, o: &Options, run: usize) -> Vec<Duration> {
    let settings = IngestSettings {
        site: "main".into(),
        time_zone: "Europe/Paris".parse().unwrap(),
        clock_skew_tolerance_ms: 120_000,
        domains: citeosquare_server::DOMAINS,
    };
    let metrics = Metrics::default();
    let t0: chrono::DateTime<chrono::Utc> = NOW.parse().unwrap();
    let people = (o.taps / 2).min(o.accounts);
    let mut lat = Vec::with_capacity(o.taps as usize);
    for (phase, offset) in [(0u64, 0i64), (1, 90 * 60)] {
        for p in 1..=people {
            let at = t0 + chrono::Duration::seconds(offset + p as i64);
            let seq = phase * people + p;
            let event = serde_json::json!({"v": 1, "id": uuid::Uuid::now_v7().to_string(),
                "kiosk": "bench-sel", "boot": format!("bench-{run}"), "seq": seq,
                "at": at.to_rfc3339(), "badge": format!("B{p:06}"), "action": "tap"});
            let msg = Received {
                topic: "citeosquare/v1/main/kiosk/bench-sel/event".into(),
                payload: serde_json::to_vec(&event).unwrap(),
                received_at: at,
            };
            let t = Instant::now();
            let done = ingest::store_batch(pool, &settings, &metrics, &[msg])
                .await
                .unwrap();
            lat.push(t.elapsed());
            let ack: citeosquare_protocol::Ack =
                citeosquare_protocol::decode(&done.acks[0].1).unwrap();
            let expected = if phase == 0 {
                "shift_started"
            } else {
                "shift_ended"
            };
            assert_eq!(ack.result.as_str(), expected, "{ack:?}");
        }
    }
    lat.sort();
    lat
}

async fn reconcile(pool: &SqlitePool) -> (Duration, ledger::Reconciliation) {
    let t = Instant::now();
    let mut conn = pool.acquire().await.unwrap();
    let r = ledger::reconcile(&mut conn).await.unwrap();
    (t.elapsed(), r)
}

/// What one run measured.
#[derive(Debug, Default)]
struct Run {
    baseline: f64,
    seq_rate: f64,
    seq_p50: f64,
    seq_p99: f64,
    conc_rate: f64,
    conc_p50: f64,
    conc_p99: f64,
    fifo_rate: f64,
    fifo_p50: f64,
    fifo_p99: f64,
    tap_p50: f64,
    tap_p99: f64,
}

fn main() {
    let o = options();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("SEL ledger benchmark: {o:?}");
    let tmp = match &o.dir {
        Some(d) => {
            std::fs::create_dir_all(d).unwrap();
            tempfile::tempdir_in(d).unwrap()
        }
        None => tempfile::tempdir().unwrap(),
    };
    let base = tmp.path().join("base.db");
    let built = rt.block_on(build(&base, &o));
    println!(
        "built: {} transfers, {} members in {:.1} s ({:.0} transfers/s through the triggers); \
         database {:.0} MiB",
        o.transfers,
        o.accounts,
        built.as_secs_f64(),
        o.transfers as f64 / built.as_secs_f64(),
        file_mib(&base)
    );

    let mut runs = Vec::new();
    for run in 1..=o.runs {
        let path = tmp.path().join(format!("run-{run}.db"));
        std::fs::copy(&base, &path).unwrap();
        let tmp_path = tmp.path();
        let r = rt.block_on(async {
            let pool = db::open_and_migrate(&path).await.unwrap();
            // As the server runs: the WAL checkpointed in the background, not in a commit
            // (`--no-checkpointer`: SQLite's automatic checkpoint at 1,000 pages, as before).
            let checkpointer = if o.no_checkpointer {
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
                let (took, rec) = reconcile(&pool).await;
                assert!(rec.ok, "{rec:?}");
                println!(
                    "reconciliation of {} transfers over {} accounts: {:.2} s, ok",
                    rec.transfers,
                    rec.accounts,
                    took.as_secs_f64()
                );
            }
            r.baseline =
                baseline(&tmp_path.join(format!("baseline-{run}.db")), o.postings / 4).await;
            println!(
                "run {run}: reference, durable single-row commits: {:.0} commits/s",
                r.baseline
            );
            let (lat, wall) = postings(&pool, &o, run, 1, o.postings, false).await;
            r.seq_rate = lat.len() as f64 / wall.as_secs_f64();
            (r.seq_p50, r.seq_p99) = (ms(percentile(&lat, 0.5)), ms(percentile(&lat, 0.99)));
            println!(
                "run {run}: sequential {} postings: {:.0} postings/s, p50 {:.2} ms, p99 {:.2} ms, \
                 max {:.2} ms",
                lat.len(),
                r.seq_rate,
                r.seq_p50,
                r.seq_p99,
                ms(*lat.last().unwrap())
            );
            let (lat, wall) = postings(&pool, &o, run, o.writers, o.postings, false).await;
            r.conc_rate = lat.len() as f64 / wall.as_secs_f64();
            (r.conc_p50, r.conc_p99) = (ms(percentile(&lat, 0.5)), ms(percentile(&lat, 0.99)));
            println!(
                "run {run}: {} writers, {} postings: {:.0} postings/s, p50 {:.2} ms, p99 {:.2} ms, \
                 max {:.2} ms",
                o.writers,
                lat.len(),
                r.conc_rate,
                r.conc_p50,
                r.conc_p99,
                ms(*lat.last().unwrap())
            );
            let (lat, wall) = postings(&pool, &o, run, o.writers, o.postings, true).await;
            r.fifo_rate = lat.len() as f64 / wall.as_secs_f64();
            (r.fifo_p50, r.fifo_p99) = (ms(percentile(&lat, 0.5)), ms(percentile(&lat, 0.99)));
            println!(
                "run {run}: {} writers queued in process (FIFO), {} postings: {:.0} postings/s, \
                 p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                o.writers,
                lat.len(),
                r.fifo_rate,
                r.fifo_p50,
                r.fifo_p99,
                ms(*lat.last().unwrap())
            );
            if o.taps > 0 {
                let lat = taps(&pool, &o, run).await;
                (r.tap_p50, r.tap_p99) = (ms(percentile(&lat, 0.5)), ms(percentile(&lat, 0.99)));
                println!(
                    "run {run}: {} shift taps (in, then out), one per batch: p50 {:.2} ms, \
                     p99 {:.2} ms, max {:.2} ms",
                    lat.len(),
                    r.tap_p50,
                    r.tap_p99,
                    ms(*lat.last().unwrap())
                );
            }
            let (took, rec) = reconcile(&pool).await;
            assert!(rec.ok && rec.posted_sum == 0, "{rec:?}");
            println!(
                "run {run}: ledger reconciles after the run ({} transfers, {:.2} s)",
                rec.transfers,
                took.as_secs_f64()
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
        "sequential postings: {:.0} postings/s, p50 {:.2} ms, p99 {:.2} ms",
        med(|r| r.seq_rate),
        med(|r| r.seq_p50),
        med(|r| r.seq_p99)
    );
    println!(
        "{} concurrent writers: {:.0} postings/s, p50 {:.2} ms, p99 {:.2} ms",
        o.writers,
        med(|r| r.conc_rate),
        med(|r| r.conc_p50),
        med(|r| r.conc_p99)
    );
    println!(
        "{} writers queued in process (FIFO): {:.0} postings/s, p50 {:.2} ms, p99 {:.2} ms",
        o.writers,
        med(|r| r.fifo_rate),
        med(|r| r.fifo_p50),
        med(|r| r.fifo_p99)
    );
    if o.taps > 0 {
        println!(
            "shift taps through ingestion: p50 {:.2} ms, p99 {:.2} ms",
            med(|r| r.tap_p50),
            med(|r| r.tap_p99)
        );
    }
}
