//! Hostel benchmark: 120 beds (10 dormitories of 8 beds, 10 private rooms of 4) with five years of
//! stays, through the server's own library on the server's own SQLite settings
//! (`db::open_and_migrate`: WAL, `synchronous=FULL`, 4 connections, migration 0011's unique index
//! and triggers; the background checkpointer runs, as in the server):
//!
//! - **a booking with its availability check** (`stays::create`: the fields, the room, the beds
//!   free on every night, the stay, one `hostel_nights` row per bed and night through the
//!   triggers, the audit entry, `COMMIT`), each a fresh stay on future nights spread over 540
//!   nights: alternately beds in any dormitory (1 to 4 beds) and a whole private room (one the
//!   desk sees free on those nights, picked before the clock starts); made and refused (nothing
//!   free) are timed apart;
//! - **the 30-night bed grid** (`day::grid(pool, night, 30)`: 120 beds × 30 nights), over nights
//!   from six months back to six months ahead;
//! - **the desk's day** (`day::day(pool, night)`: arrivals, departures, in house, requests, beds
//!   free), over the same nights;
//! - and, as extras, a stay's price (`stays::price_cents`) and an extension by one night on the
//!   same beds (`stays::change_departure`) on stays just booked;
//! - **reference**: durable single-row commits on the same settings, in a database of its own,
//!   in each run (what the disk allows at that moment).
//!
//! ```text
//! cargo bench --bench hostel
//! cargo bench --bench hostel -- --years 5 --creates 2000 --grids 300 --days 500 --registers 100 --runs 3
//! cargo bench --bench hostel -- --years 21 --creates 2000 --grids 300 --days 100 --registers 100 --runs 3
//! ```
//!
//! 120 beds hold at most 43,800 bed-nights a year: five years make about 180,000 `hostel_nights`
//! rows, 21 years the 750,000 the issue names.
//!
//! Options: `--years` of stays (ending `--ahead` nights after tonight, 180 by default),
//! `--occupancy` of the past nights (0.85; the future thins out from two weeks ahead, as bookings
//! do), `--creates`, `--grids`, `--days`, `--extends`, `--registers` (the taxe de séjour's register
//! for a quarter), `--runs`.
//!
//! The existing stays are written by set-based statements (`INSERT … SELECT … FROM json_each(?)`,
//! 5,000 stays and their nights per transaction) straight into the tables, **through the
//! triggers**: each stay is inserted `confirmed`, then its nights, then the past ones are checked
//! in and out (two updates: the status trigger allows one step at a time), 4 % are cancelled and
//! 1 % of the past ones were no-shows (their nights released by the trigger). Singles (now and
//! then a pair) and groups (3 to 8 beds of a dormitory, or the whole of it) in the dormitories,
//! whole private rooms for 1 to 4 people; 1 to 7 nights (groups 1 to 5). The rooms, seasonal
//! rates, a bed out of order and ten requests from the website go through the library. Every run
//! builds its own database in a temporary directory. Figures go in BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use chrono::{Datelike, Duration as Span, NaiveDate, Utc};
use citeosquare_server::audit::Actor;
use citeosquare_server::db;
use citeosquare_server::hostel::stays::{self, NewStay};
use citeosquare_server::hostel::{self, ClosureInput, RateInput, RoomInput, day, tax};
use citeosquare_server::refusal::Refusal;
use sqlx::SqlitePool;
use std::time::{Duration, Instant};

#[path = "common/stats.rs"]
mod stats;
use stats::{median, ms, percentile};

#[derive(Debug, Clone)]
struct Options {
    years: i64,
    ahead: i64,
    occupancy: f64,
    creates: u64,
    grids: u64,
    days: u64,
    extends: u64,
    registers: u64,
    runs: usize,
}

fn options() -> Options {
    let mut o = Options {
        years: 5,
        ahead: 180,
        occupancy: 0.85,
        creates: 2000,
        grids: 300,
        days: 500,
        extends: 300,
        registers: 100,
        runs: 3,
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let value = || args.get(i + 1).and_then(|v| v.parse::<f64>().ok()).unwrap();
        match args[i].as_str() {
            "--years" => o.years = value() as i64,
            "--ahead" => o.ahead = value() as i64,
            "--occupancy" => o.occupancy = value(),
            "--creates" => o.creates = value() as u64,
            "--grids" => o.grids = value() as u64,
            "--days" => o.days = value() as u64,
            "--extends" => o.extends = value() as u64,
            "--runs" => o.runs = value() as usize,
            "--registers" => o.registers = value() as u64,
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

/// A small deterministic generator (splitmix64): the same hostel every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

fn actor() -> Actor {
    Actor {
        id: None,
        name: "bench".into(),
    }
}

/// A room: its id, whether it is a dormitory, its beds.
#[derive(Debug, Clone)]
struct RoomBeds {
    id: i64,
    dorm: bool,
    beds: Vec<i64>,
}

/// 10 dormitories of 8 beds and 10 private rooms of 4, through `hostel::create_room`.
async fn rooms(pool: &SqlitePool) -> Vec<RoomBeds> {
    let mut out = vec![];
    for (kind, count, beds, price) in [("dorm", 10, 8, 2400), ("private", 10, 4, 7200)] {
        for i in 1..=count {
            let r = hostel::create_room(
                pool,
                &actor(),
                &RoomInput {
                    name: if kind == "dorm" {
                        format!("Dortoir {i}")
                    } else {
                        format!("Chambre {i}")
                    },
                    kind: kind.into(),
                    beds,
                    floor: (i - 1) / 4,
                    bathroom: Some(if kind == "dorm" { "shared" } else { "private" }.into()),
                    price_cents: price,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
            let ids: Vec<i64> =
                sqlx::query_scalar("SELECT id FROM hostel_beds WHERE room_id = ? ORDER BY id")
                    .bind(r.id)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            out.push(RoomBeds {
                id: r.id,
                dorm: kind == "dorm",
                beds: ids,
            });
        }
    }
    out
}

/// A stay to write: first night as an offset from tonight.
#[derive(Debug, Clone)]
struct Planned {
    arrival: i64,
    nights: i64,
    room_id: Option<i64>,
    whole: bool,
    beds: Vec<i64>,
    people: i64,
    group: bool,
}

/// The share of beds held on the night `k` nights from tonight: `occupancy` up to two weeks
/// ahead, then fewer and fewer (a tenth of it at the horizon).
fn occupancy_at(o: &Options, k: i64) -> f64 {
    let near = 14;
    if k < near {
        return o.occupancy;
    }
    let left = 1.0 - (k - near) as f64 / (o.ahead - near).max(1) as f64;
    o.occupancy * left.max(0.1)
}

/// The stays of `years` years ending `ahead` nights after tonight, bed by bed, night by night:
/// a free bed starts a stay with the probability that keeps it `occupancy` held (stays of 4
/// nights on average); a dormitory with 3 free beds or more takes a group now and then.
fn plan(o: &Options, rooms: &[RoomBeds]) -> Vec<Planned> {
    let mut rng = Rng(0x0051_7E05);
    let first = -(o.years * 365 - o.ahead);
    // The night each bed is free from.
    let mut free_from: Vec<Vec<i64>> = rooms.iter().map(|r| vec![first; r.beds.len()]).collect();
    let mut out = vec![];
    for k in first..o.ahead {
        let occ = occupancy_at(o, k);
        let q = occ / (4.0 * (1.0 - occ) + occ);
        for (r, room) in rooms.iter().enumerate() {
            let free: Vec<usize> = (0..room.beds.len())
                .filter(|&b| free_from[r][b] <= k)
                .collect();
            if room.dorm {
                let mut taken = vec![false; room.beds.len()];
                if free.len() >= 3 && rng.chance(0.03 * occ / o.occupancy) {
                    let m = (3 + rng.below(6) as usize).min(free.len());
                    let nights = 1 + rng.below(5) as i64;
                    let whole = m == room.beds.len();
                    let beds: Vec<i64> = free[..m].iter().map(|&b| room.beds[b]).collect();
                    for &b in &free[..m] {
                        free_from[r][b] = k + nights;
                        taken[b] = true;
                    }
                    out.push(Planned {
                        arrival: k,
                        nights,
                        room_id: whole.then_some(room.id),
                        whole,
                        people: m as i64,
                        beds,
                        group: true,
                    });
                }
                let mut i = 0;
                while i < free.len() {
                    let b = free[i];
                    i += 1;
                    if taken[b] || !rng.chance(q) {
                        continue;
                    }
                    let nights = 1 + rng.below(7) as i64;
                    let mut beds = vec![room.beds[b]];
                    free_from[r][b] = k + nights;
                    // Now and then a pair, on the next free bed.
                    if rng.chance(0.1)
                        && let Some(&c) = free.get(i)
                        && !taken[c]
                    {
                        beds.push(room.beds[c]);
                        free_from[r][c] = k + nights;
                        taken[c] = true;
                        i += 1;
                    }
                    out.push(Planned {
                        arrival: k,
                        nights,
                        room_id: None,
                        whole: false,
                        people: beds.len() as i64,
                        beds,
                        group: false,
                    });
                }
            } else if free.len() == room.beds.len() && rng.chance(q) {
                let nights = 1 + rng.below(7) as i64;
                free_from[r].fill(k + nights);
                out.push(Planned {
                    arrival: k,
                    nights,
                    room_id: Some(room.id),
                    whole: true,
                    beds: room.beds.clone(),
                    people: 1 + rng.below(4) as i64,
                    group: false,
                });
            }
        }
    }
    out
}

const SOURCES: [&str; 5] = ["desk", "phone", "walk_in", "website", "platform"];
const CHUNK: usize = 5_000;

#[derive(Debug, Default)]
struct Seeded {
    stays: usize,
    rows: i64,
    held: i64,
    past_occupancy: f64,
}

/// Writes the planned stays and their nights, 5,000 stays per transaction, through the triggers;
/// then the rates, a bed out of order and ten requests through the library.
async fn seed(pool: &SqlitePool, o: &Options, rooms: &[RoomBeds], tonight: NaiveDate) -> Seeded {
    let planned = plan(o, rooms);
    let t = tonight.to_string();
    for (c, chunk) in planned.chunks(CHUNK).enumerate() {
        let base = (c * CHUNK) as i64 + 1;
        type StayRow = (
            i64,
            String,
            i64,
            String,
            String,
            Option<i64>,
            bool,
            i64,
            &'static str,
            String,
        );
        let mut stays_json: Vec<StayRow> = Vec::with_capacity(chunk.len());
        let mut nights_json: Vec<(i64, i64, String)> = vec![];
        for (i, p) in chunk.iter().enumerate() {
            let id = base + i as i64;
            let arrival = tonight + Span::days(p.arrival);
            let departure = arrival + Span::days(p.nights);
            let created = arrival - Span::days(1 + id % 45);
            stays_json.push((
                id,
                if p.group {
                    format!("Groupe n° {id}")
                } else {
                    format!("Voyageur n° {id}")
                },
                p.people,
                arrival.to_string(),
                departure.to_string(),
                p.room_id,
                p.whole,
                p.beds.len() as i64,
                SOURCES[(id % 5) as usize],
                format!("{created}T10:00:00.000Z"),
            ));
            for night in hostel::nights(arrival, departure) {
                for &bed in &p.beds {
                    nights_json.push((id, bed, night.to_string()));
                }
            }
        }
        let last = base + chunk.len() as i64 - 1;
        let mut tx = db::begin_write(pool).await.unwrap();
        sqlx::query(
            "INSERT INTO hostel_stays (id, uid, guest_name, phone, people, arrival, departure,
                 room_id, whole_room, beds, status, source, created_by_name, created_at,
                 updated_at)
             SELECT json_extract(value, '$[0]'), 'bench-' || json_extract(value, '$[0]'),
                    json_extract(value, '$[1]'), '06 12 34 56 78', json_extract(value, '$[2]'),
                    json_extract(value, '$[3]'), json_extract(value, '$[4]'),
                    json_extract(value, '$[5]'), json_extract(value, '$[6]'),
                    json_extract(value, '$[7]'), 'confirmed', json_extract(value, '$[8]'),
                    'bench', json_extract(value, '$[9]'), json_extract(value, '$[9]')
             FROM json_each(?)",
        )
        .bind(serde_json::to_string(&stays_json).unwrap())
        .execute(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO hostel_nights (stay_id, bed_id, night, held_at)
             SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),
                    json_extract(value, '$[2]'),
                    (SELECT created_at FROM hostel_stays WHERE id = json_extract(value, '$[0]'))
             FROM json_each(?)",
        )
        .bind(serde_json::to_string(&nights_json).unwrap())
        .execute(&mut *tx)
        .await
        .unwrap();
        // Cancelled (4 %), no-shows (1 % of the past), then the past and present checked in, the
        // past checked out: one step at a time, as the status trigger wants. Tonight, half the
        // arrivals are in and half of this morning's departures still in the building.
        for sql in [
            "UPDATE hostel_stays SET status = 'cancelled', cancelled_at = created_at,
                 cancelled_by = 'bench', updated_at = created_at
             WHERE id BETWEEN ?1 AND ?2 AND id % 25 = 7",
            "UPDATE hostel_stays SET status = 'no_show',
                 cancelled_at = strftime('%Y-%m-%dT%H:%M:%fZ', arrival, '+1 day', '+10 hours'),
                 cancelled_by = 'bench',
                 updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', arrival, '+1 day', '+10 hours')
             WHERE id BETWEEN ?1 AND ?2 AND id % 100 = 13 AND arrival < ?3
               AND status = 'confirmed'",
            "UPDATE hostel_stays SET status = 'checked_in',
                 checked_in_at = strftime('%Y-%m-%dT%H:%M:%fZ', arrival, '+17 hours'),
                 checked_in_by = 'bench',
                 updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', arrival, '+17 hours')
             WHERE id BETWEEN ?1 AND ?2 AND status = 'confirmed'
               AND (arrival < ?3 OR (arrival = ?3 AND id % 2 = 0))",
            "UPDATE hostel_stays SET status = 'checked_out',
                 checked_out_at = strftime('%Y-%m-%dT%H:%M:%fZ', departure, '+9 hours'),
                 checked_out_by = 'bench',
                 updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', departure, '+9 hours')
             WHERE id BETWEEN ?1 AND ?2 AND status = 'checked_in'
               AND (departure < ?3 OR (departure = ?3 AND id % 2 = 0))",
        ] {
            sqlx::query(sql)
                .bind(base)
                .bind(last)
                .bind(&t)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    // Seasonal rates, every year: summer and the winter holidays, both kinds of room.
    let (y0, y1) = (
        (tonight - Span::days(o.years * 365)).year(),
        (tonight + Span::days(o.ahead + 600)).year(),
    );
    for y in y0..=y1 {
        for (name, kind, first, last, price) in [
            (
                "Été",
                "dorm",
                format!("{y}-07-01"),
                format!("{y}-08-31"),
                2800,
            ),
            (
                "Été",
                "private",
                format!("{y}-07-01"),
                format!("{y}-08-31"),
                8500,
            ),
            (
                "Fêtes",
                "dorm",
                format!("{y}-12-20"),
                format!("{}-01-03", y + 1),
                2600,
            ),
        ] {
            hostel::add_rate(
                pool,
                &actor(),
                &RateInput {
                    name: name.into(),
                    room_kind: kind.into(),
                    first_night: first,
                    last_night: last,
                    price_cents: price,
                },
            )
            .await
            .unwrap();
        }
    }
    // The commune's taxe de séjour, one rule a year (an unclassified hostel: 5 % capped at
    // 4,30 €, with the department's 10 %), as the register reads them.
    let start = tonight.year() - i32::try_from(o.years).unwrap() - 1;
    for year in start..=tonight.year() + 2 {
        tax::add_rule(
            pool,
            &actor(),
            &tax::TaxRuleInput {
                commune: "Saint-Étienne".into(),
                first_night: format!("{year}-01-01"),
                last_night: format!("{year}-12-31"),
                mode: "unclassified".into(),
                rate_bp: 500,
                cap_cents: 430,
                department_bp: 1000,
                ..tax::TaxRuleInput::default()
            },
        )
        .await
        .unwrap();
    }
    // A dormitory bed out of order for a week, beyond the seeded stays.
    let broken = tonight + Span::days(o.ahead + 10);
    hostel::close(
        pool,
        &actor(),
        rooms[0].id,
        &ClosureInput {
            bed_id: Some(rooms[0].beds[0]),
            first_night: broken.to_string(),
            last_night: (broken + Span::days(6)).to_string(),
            reason: "Sommier cassé".into(),
        },
    )
    .await
    .unwrap();
    // Ten requests from the website, waiting for the desk.
    let tz = "Europe/Paris".parse().unwrap();
    for i in 0..10 {
        let arrival = tonight + Span::days(3 + i * 5);
        stays::create(
            pool,
            tz,
            &actor(),
            &NewStay {
                guest_name: format!("Demande n° {i}"),
                email: "demande@example.org".into(),
                people: 1 + i % 3,
                arrival: arrival.to_string(),
                departure: (arrival + Span::days(2)).to_string(),
                source: Some("website".into()),
                ..Default::default()
            },
            Utc::now(),
        )
        .await
        .unwrap();
    }
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(pool)
        .await
        .unwrap();
    let (rows, held): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE released_at IS NULL) FROM hostel_nights",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let past_held: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM hostel_nights WHERE released_at IS NULL AND night < ?",
    )
    .bind(&t)
    .fetch_one(pool)
    .await
    .unwrap();
    let beds: usize = rooms.iter().map(|r| r.beds.len()).sum();
    let past_nights = o.years * 365 - o.ahead;
    Seeded {
        stays: planned.len(),
        rows,
        held,
        past_occupancy: past_held as f64 / (beds as f64 * past_nights as f64),
    }
}

/// p50 / p99 / max of sorted durations, in ms.
fn stats(v: &[Duration]) -> [f64; 3] {
    [
        ms(percentile(v, 0.5)),
        ms(percentile(v, 0.99)),
        ms(v.last().copied().unwrap_or_default()),
    ]
}

fn show(v: &[Duration]) -> String {
    let [p50, p99, max] = stats(v);
    format!(
        "({}) p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms",
        v.len()
    )
}

#[derive(Debug, Default)]
struct Bookings {
    dorm_made: Vec<Duration>,
    dorm_refused: Vec<Duration>,
    private_made: Vec<Duration>,
    private_refused: Vec<Duration>,
    made: Vec<i64>,
    bed_nights: i64,
}

/// `creates` fresh bookings through `stays::create`, on future nights spread over 540 nights,
/// 1 to 7 nights each: even ones in any dormitory (1 to 4 beds), odd ones a whole private room
/// (one the desk sees free, when there is one).
async fn bookings(
    pool: &SqlitePool,
    o: &Options,
    rooms: &[RoomBeds],
    tonight: NaiveDate,
) -> Bookings {
    let tz = "Europe/Paris".parse().unwrap();
    let privates: Vec<&RoomBeds> = rooms.iter().filter(|r| !r.dorm).collect();
    let mut b = Bookings::default();
    for n in 0..o.creates as i64 {
        let private = n % 2 == 1;
        let nights = 1 + (n / 2 * 3 + n % 2) % 7;
        let arrival = tonight + Span::days(1 + (n * 7919 + 13) % 540);
        let beds = [1, 1, 1, 2, 3, 4][(n / 2 % 6) as usize];
        // The desk offers a private room free on those nights, as its grid shows (not timed):
        // the first one from a different room each time; if none is free, the request is made
        // anyway and refused.
        let mut room = privates[(n / 2 % privates.len() as i64) as usize];
        if private {
            let from = (n / 2) as usize;
            for i in 0..privates.len() {
                let r = privates[(from + i) % privates.len()];
                let held: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM hostel_nights n JOIN hostel_beds b ON b.id = n.bed_id
                     WHERE b.room_id = ? AND n.released_at IS NULL AND n.night >= ?
                       AND n.night < ?",
                )
                .bind(r.id)
                .bind(arrival.to_string())
                .bind((arrival + Span::days(nights)).to_string())
                .fetch_one(pool)
                .await
                .unwrap();
                if held == 0 {
                    room = r;
                    break;
                }
            }
        }
        let input = NewStay {
            guest_name: format!("Réservation n° {n}"),
            phone: "06 12 34 56 78".into(),
            people: if private { 1 + n % 4 } else { beds },
            arrival: arrival.to_string(),
            departure: (arrival + Span::days(nights)).to_string(),
            room_id: private.then_some(room.id),
            whole_room: private,
            beds: (!private).then_some(beds),
            source: Some("phone".into()),
            ..Default::default()
        };
        let t = Instant::now();
        let r = stays::create(pool, tz, &actor(), &input, Utc::now()).await;
        let took = t.elapsed();
        match (r, private) {
            (Ok(s), _) => {
                assert_eq!(s.status, "confirmed");
                b.made.push(s.id);
                let held = if private {
                    room.beds.len() as i64
                } else {
                    beds
                };
                b.bed_nights += held * nights;
                if private {
                    b.private_made.push(took);
                } else {
                    b.dorm_made.push(took);
                }
            }
            (Err(Refusal::Conflict { .. }), true) => b.private_refused.push(took),
            (Err(Refusal::Conflict { .. }), false) => b.dorm_refused.push(took),
            (Err(e), _) => panic!("{e:?}"),
        }
    }
    for v in [
        &mut b.dorm_made,
        &mut b.dorm_refused,
        &mut b.private_made,
        &mut b.private_refused,
    ] {
        v.sort();
    }
    b
}

/// The first night of the `i`-th grid or day: from 180 nights back to 180 ahead, tonight first.
fn night_for(tonight: NaiveDate, i: u64) -> NaiveDate {
    tonight + Span::days(((i * 53) % 361) as i64 - if i == 0 { 0 } else { 180 })
}

async fn grids(pool: &SqlitePool, o: &Options, tonight: NaiveDate) -> Vec<Duration> {
    let mut all = vec![];
    for i in 0..o.grids {
        let t = Instant::now();
        let g = day::grid(pool, night_for(tonight, i), 30).await.unwrap();
        all.push(t.elapsed());
        assert_eq!((g.rows.len(), g.nights.len()), (120, 30));
    }
    all.sort();
    all
}

async fn days(pool: &SqlitePool, o: &Options, tonight: NaiveDate) -> Vec<Duration> {
    let mut all = vec![];
    for i in 0..o.days {
        let t = Instant::now();
        let d = day::day(pool, night_for(tonight, i)).await.unwrap();
        all.push(t.elapsed());
        assert_eq!(d.beds_total, 120);
    }
    all.sort();
    all
}

/// The price of the first 1,000 stays just booked (`stays::price_cents`), then `extends` of them
/// one night longer on the same beds (`stays::change_departure`, made or refused).
async fn extras(pool: &SqlitePool, o: &Options, made: &[i64]) -> (Vec<Duration>, Vec<Duration>) {
    let tz = "Europe/Paris".parse().unwrap();
    let mut prices = vec![];
    let mut conn = pool.acquire().await.unwrap();
    for &id in made.iter().take(1000) {
        let t = Instant::now();
        let p = stays::price_cents(&mut conn, id).await.unwrap();
        prices.push(t.elapsed());
        assert!(p > 0);
    }
    drop(conn);
    let mut extends = vec![];
    for &id in made.iter().take(o.extends as usize) {
        let s = stays::stay(pool, id).await.unwrap();
        let later = (s.departure() + Span::days(1)).to_string();
        let t = Instant::now();
        let r = stays::change_departure(pool, tz, &actor(), id, &later, Utc::now()).await;
        extends.push(t.elapsed());
        match r {
            Ok(_) | Err(Refusal::Conflict { .. }) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    prices.sort();
    extends.sort();
    (prices, extends)
}

/// `EXPLAIN QUERY PLAN` of a query, its parameters all `night` (or NULL for `?1` if asked).
async fn reference(path: &std::path::Path, n: u64) -> Vec<Duration> {
    let pool = db::open(path).await.unwrap();
    sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        .execute(&pool)
        .await
        .unwrap();
    let mut all = vec![];
    for i in 0..n {
        let t = Instant::now();
        let mut tx = db::begin_write(&pool).await.unwrap();
        sqlx::query("INSERT INTO t (v) VALUES (?)")
            .bind(format!("ligne {i}"))
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        all.push(t.elapsed());
    }
    pool.close().await;
    all.sort();
    all
}

/// The taxe de séjour's register for a quarter (the declaration's usual period), `n` times, the
/// quarters spread over the past five years.
async fn registers(pool: &SqlitePool, n: u64, tonight: NaiveDate) -> (Vec<Duration>, usize) {
    let mut all = vec![];
    let mut lines = 0;
    for i in 0..n {
        let from = tonight - Span::days(91 * (1 + (i as i64 % 19)));
        let to = from + Span::days(90);
        let t = Instant::now();
        let r = tax::register(pool, from, to).await.unwrap();
        all.push(t.elapsed());
        lines = lines.max(r.len());
    }
    all.sort();
    (all, lines)
}

fn main() {
    let o = options();
    println!("hostel benchmark: {o:?}");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut m: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    let mut record = |key: &str, v: &[Duration]| {
        let [p50, p99, max] = stats(v);
        for (suffix, x) in [("p50", p50), ("p99", p99), ("max", max)] {
            m.entry(format!("{key} {suffix}")).or_default().push(x);
        }
    };
    for run in 1..=o.runs {
        let dir = tempfile::tempdir().unwrap();
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        println!(
            "run {run}: load average {}",
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
        let (b, g, d, prices, extends, r, q, q_lines) = rt.block_on(async {
            let pool = db::open_and_migrate(&dir.path().join("hostel.db"))
                .await
                .unwrap();
            let tz = "Europe/Paris".parse().unwrap();
            let tonight = stays::tonight(&pool, tz, Utc::now()).await.unwrap();
            let t = Instant::now();
            let rooms = rooms(&pool).await;
            let s = seed(&pool, &o, &rooms, tonight).await;
            let size = std::fs::metadata(dir.path().join("hostel.db"))
                .map(|m| m.len())
                .unwrap_or(0);
            println!(
                "run {run}: {} stays, {} hostel_nights rows ({} held; past nights {:.0} % held) written in {:.1} s, {:.0} MiB; tonight is {tonight}",
                s.stays,
                s.rows,
                s.held,
                s.past_occupancy * 100.0,
                t.elapsed().as_secs_f64(),
                size as f64 / 1048576.0
            );
            let checkpointer = db::spawn_checkpointer(pool.clone());
            let held_before: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM hostel_nights WHERE released_at IS NULL",
            )
            .fetch_one(&pool)
            .await
            .unwrap();
            let b = bookings(&pool, &o, &rooms, tonight).await;
            let held_after: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM hostel_nights WHERE released_at IS NULL",
            )
            .fetch_one(&pool)
            .await
            .unwrap();
            assert_eq!(held_after - held_before, b.bed_nights, "every made stay holds its nights");
            let g = grids(&pool, &o, tonight).await;
            let d = days(&pool, &o, tonight).await;
            let (prices, extends) = extras(&pool, &o, &b.made).await;
            let (q, q_lines) = registers(&pool, o.registers, tonight).await;
            checkpointer.abort();
            pool.close().await;
            let r = reference(&dir.path().join("reference.db"), 500).await;
            (b, g, d, prices, extends, r, q, q_lines)
        });
        let mut made: Vec<Duration> = b.dorm_made.iter().chain(&b.private_made).copied().collect();
        made.sort();
        let mut refused: Vec<Duration> = b
            .dorm_refused
            .iter()
            .chain(&b.private_refused)
            .copied()
            .collect();
        refused.sort();
        println!("run {run}: booking made {}", show(&made));
        println!("run {run}:   dormitory beds made {}", show(&b.dorm_made));
        println!(
            "run {run}:   whole private room made {}",
            show(&b.private_made)
        );
        println!(
            "run {run}: booking refused (nothing free) {}; dormitory {}, private {}",
            show(&refused),
            b.dorm_refused.len(),
            b.private_refused.len()
        );
        println!("run {run}: grid, 120 beds × 30 nights {}", show(&g));
        println!("run {run}: desk's day {}", show(&d));
        println!(
            "run {run}: taxe de séjour register for a quarter ({q_lines} stays at most) {}",
            show(&q)
        );
        println!("run {run}: price of a stay {}", show(&prices));
        println!("run {run}: extension by a night {}", show(&extends));
        println!(
            "run {run}: reference, durable single-row commits {}",
            show(&r)
        );
        record("booking made", &made);
        record("dorm made", &b.dorm_made);
        record("private made", &b.private_made);
        record("booking refused", &refused);
        record("grid", &g);
        record("day", &d);
        record("register, a quarter", &q);
        record("price", &prices);
        record("extension", &extends);
        record("reference commit", &r);
    }
    println!("--- medians over {} runs ---", o.runs);
    for (k, v) in &mut m {
        let runs: Vec<String> = v.iter().map(|x| format!("{x:.2}")).collect();
        println!("{k}: {:.2} ms ({})", median(v), runs.join(" · "));
    }
    println!(
        "targets: booking p99 < 5 ms; grid < 20 ms; day < 10 ms; register for a quarter < 100 ms"
    );
}
