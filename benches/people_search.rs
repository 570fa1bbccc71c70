//! People search benchmark: the desk's search (`people::search`, what `/personnes`, the cashier
//! and the API run) on 100,000 people, through the full-text index of migration 0021 (names,
//! accents and capitals ignored), the active-badge index and the phone index — against the
//! `LIKE '%…%'` scan it replaced, kept here verbatim to give the ratio.
//!
//! ```text
//! cargo bench --bench people_search
//! cargo bench --bench people_search -- --people 100000 --repeat 200 --runs 3
//! ```
//!
//! The people are French-looking names drawn from lists (so a common name like Lefèvre is shared
//! by about 1,700 people, as in a real town), each with a phone number, one in three with a
//! badge, written through the real triggers on the server's own settings
//! (`db::open_and_migrate`). Each query kind is run `--repeat` times per run; p50 and p99 per
//! kind. Figures go in BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use citeosquare_server::{db, people};
use sqlx::SqlitePool;
use std::time::{Duration, Instant};

#[path = "common/stats.rs"]
mod stats;
use stats::{file_mib, median, ms, percentile};

const FIRST: [&str; 30] = [
    "Marie",
    "Jean",
    "Hélène",
    "Fatima",
    "Odette",
    "Karim",
    "Éloïse",
    "Gaëlle",
    "Noël",
    "Zoé",
    "Jérôme",
    "François",
    "Amélie",
    "Loïc",
    "Inès",
    "Benoît",
    "Cécile",
    "Mathéo",
    "Chloé",
    "Léa",
    "Raphaël",
    "Anaïs",
    "Joël",
    "Thérèse",
    "André",
    "Aïcha",
    "Maëlle",
    "Stéphane",
    "Gérard",
    "Yvette",
];
const LAST: [&str; 60] = [
    "Lefèvre",
    "Dupuis",
    "Garnier",
    "Perrin",
    "Benali",
    "Mercier",
    "Bérard",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Müller",
    "Leroy",
    "Gauthier",
    "Clément",
    "Morel",
    "Lefèbvre",
    "Chevalier",
    "François",
    "Legrand",
    "Gérard",
    "Boyer",
    "Denis",
    "Hélias",
    "Aubert",
    "Barbier",
    "Brunet",
    "Renaud",
    "Schmitt",
    "Colin",
    "Arnaud",
    "Rolland",
    "Lemaire",
    "Dumont",
    "Roussel",
    "Ménard",
    "Lacroix",
    "Caron",
    "Royer",
    "Noël",
    "Giraud",
    "Joly",
    "Rivière",
    "Lucas",
    "Brun",
    "Gaillard",
    "Lemoine",
    "Prévost",
    "Çelik",
    "Nguyen",
    "Diallo",
    "N'Diaye",
    "Le Gall",
    "Da Silva",
    "Martín",
    "Étienne",
];

struct Options {
    people: u64,
    repeat: usize,
    runs: usize,
}

fn options() -> Options {
    let mut o = Options {
        people: 100_000,
        repeat: 200,
        runs: 3,
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let value = || args.get(i + 1).and_then(|v| v.parse::<u64>().ok());
        match args[i].as_str() {
            "--people" => o.people = value().unwrap(),
            "--repeat" => o.repeat = value().unwrap() as usize,
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

async fn fill(pool: &SqlitePool, n: u64) {
    let mut tx = pool.begin().await.unwrap();
    for i in 0..n {
        let first = FIRST[(i % 30) as usize];
        let last = LAST[((i / 30) % 60) as usize];
        // 06 and 07 numbers, written in the forms people type them.
        let d = 10_000_000 + i * 7;
        let phone = match i % 3 {
            0 => format!(
                "06 {:02} {:02} {:02} {:02}",
                d / 1_000_000 % 100,
                d / 10_000 % 100,
                d / 100 % 100,
                d % 100
            ),
            1 => format!("+33 7{:08}", d % 100_000_000),
            _ => format!(
                "07.{:02}.{:02}.{:02}.{:02}",
                d / 1_000_000 % 100,
                d / 10_000 % 100,
                d / 100 % 100,
                d % 100
            ),
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO persons (first_name, last_name, kind, phone, phone_digits, created_at)
             VALUES (?, ?, 'member', ?, ?, '2026-01-01T00:00:00.000Z') RETURNING id",
        )
        .bind(first)
        .bind(last)
        .bind(&phone)
        .bind(people::phone_key(&phone))
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        if i % 3 == 0 {
            sqlx::query(
                "INSERT INTO badges (card_id, person_id, assigned_at)
                 VALUES (?, ?, '2026-01-01T00:00:00.000Z')",
            )
            .bind(format!("B{i:08X}"))
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
    }
    // One rare name, the needle.
    sqlx::query(
        "INSERT INTO persons (first_name, last_name, kind, created_at)
         VALUES ('Philomène', 'Quintard-Éluard', 'member', '2026-01-01T00:00:00.000Z')",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// The search as it was before migration 0021: every name compared with `LIKE '%…%'`.
async fn old_scan(pool: &SqlitePool, q: &str) -> usize {
    let like = format!("%{q}%");
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let digits = (digits.len() >= 4).then_some(digits);
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM persons p
         WHERE p.erased_at IS NULL AND (
               (p.first_name || ' ' || p.last_name) LIKE ?1
            OR (p.last_name || ' ' || p.first_name) LIKE ?1
            OR EXISTS (SELECT 1 FROM badges b WHERE b.person_id = p.id AND b.card_id = ?2
                       AND b.revoked_at IS NULL)
            OR (?3 IS NOT NULL AND p.phone_digits LIKE '%' || ?3 || '%'))
         ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE LIMIT 20",
    )
    .bind(like)
    .bind(people::normalize_card(q))
    .bind(digits)
    .fetch_all(pool)
    .await
    .unwrap();
    rows.len()
}

const QUERIES: [(&str, &str); 8] = [
    (
        "common name, no accent (`lefevre`, ~1,700 people)",
        "lefevre",
    ),
    ("first + last name (`helene garnier`)", "helene garnier"),
    ("three letters (`hel`)", "hel"),
    ("rare name (`quintard`, 1 person)", "quintard"),
    ("full phone, international form", "+33 6 10 00 00 63"),
    ("phone beginning (`06 10 00`)", "06 10 00"),
    ("badge (`B00000009`)", "B00000009"),
    ("nobody (`zzzz`)", "zzzz"),
];

fn main() {
    let o = options();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("people.db");
        let pool = db::open_and_migrate(&path).await.unwrap();
        let t = Instant::now();
        fill(&pool, o.people).await;
        println!(
            "{} people written (index kept by triggers) in {:.1} s; database {:.1} MiB",
            o.people,
            t.elapsed().as_secs_f64(),
            file_mib(&path) + file_mib(&path.with_extension("db-wal"))
        );
        // What each query finds, once, so that the figures are about real answers.
        for (label, q) in QUERIES {
            let n = people::search(&pool, q, 20).await.unwrap().len();
            let before = old_scan(&pool, q).await;
            println!("  {label}: {n} shown (the old scan: {before})");
        }
        let mut p50s: Vec<Vec<f64>> = vec![Vec::new(); QUERIES.len()];
        let mut p99s: Vec<Vec<f64>> = vec![Vec::new(); QUERIES.len()];
        let mut old: Vec<Vec<f64>> = vec![Vec::new(); QUERIES.len()];
        for run in 1..=o.runs {
            for (k, (label, q)) in QUERIES.iter().enumerate() {
                let mut times: Vec<Duration> = Vec::with_capacity(o.repeat);
                for _ in 0..o.repeat {
                    let t = Instant::now();
                    let found = people::search(&pool, q, 20).await.unwrap();
                    times.push(t.elapsed());
                    std::hint::black_box(found);
                }
                times.sort();
                let mut before: Vec<Duration> = Vec::new();
                for _ in 0..(o.repeat / 10).max(3) {
                    let t = Instant::now();
                    std::hint::black_box(old_scan(&pool, q).await);
                    before.push(t.elapsed());
                }
                before.sort();
                let (p50, p99) = (ms(percentile(&times, 0.5)), ms(percentile(&times, 0.99)));
                let was = ms(percentile(&before, 0.5));
                println!(
                    "run {run} · {label}: p50 {p50:.3} ms, p99 {p99:.3} ms · old scan p50 {was:.1} ms"
                );
                p50s[k].push(p50);
                p99s[k].push(p99);
                old[k].push(was);
            }
        }
        println!("\nmedians of {} runs, on {} people:", o.runs, o.people);
        println!("| query | p50 | p99 | old `LIKE` scan p50 | ratio |");
        println!("|---|---|---|---|---|");
        for (k, (label, _)) in QUERIES.iter().enumerate() {
            let (p50, p99, was) = (
                median(&mut p50s[k]),
                median(&mut p99s[k]),
                median(&mut old[k]),
            );
            println!(
                "| {label} | {p50:.3} ms | {p99:.3} ms | {was:.1} ms | {:.0}× |",
                was / p50
            );
        }
    });
}
