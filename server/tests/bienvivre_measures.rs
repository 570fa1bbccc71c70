//! The Bien-Vivre indicators the domains compute (`Domain::measures`), called through their hooks
//! on a fresh database: for each, a small site made through the domains' own functions (raw SQL
//! only for rows dated in the past that a function would date now), and values counted by hand —
//! over February, March, April, October and November 2026 and the whole year, cut in
//! Europe/Paris: the clocks change in March and October (an activity at 00:30 on the 1st and one
//! at 23:30 on the last day belong to their month), April and November stay empty, and a year
//! counts each person once. A person erased under the GDPR is still counted, never named.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_protocol::{self as protocol, Ack, AckResult};
use citeosquare_server::audit::Actor;
use citeosquare_server::hostel::badges::{self, HandInput};
use citeosquare_server::hostel::stays::{self, NewStay};
use citeosquare_server::hostel::{self, RoomInput};
use citeosquare_server::kiosks::NewKiosk;
use citeosquare_server::kiosks::ingest::{self, IngestSettings, Received};
use citeosquare_server::metrics::Metrics;
use citeosquare_server::people::{self, AssociationInput};
use citeosquare_server::sel::ledger::{self, CorrectionInput};
use citeosquare_server::sel::shifts::{self, ActivityInput, DeskShiftInput};
use citeosquare_server::sel::shop::{
    self, ExchangeInput, ItemInput, PurchaseInput, PurchaseLine, WorkshopInput,
};
use citeosquare_server::sel::{COOPERATIVE_ACCOUNT, POOL_ACCOUNT};
use citeosquare_server::spaces::booking::{self, Scope};
use citeosquare_server::spaces::{self, ExceptionInput, Mode, UseInput};
use citeosquare_server::web::domain::{Measure, Period};
use citeosquare_server::{DOMAINS, db};
use serde_json::json;
use sqlx::SqlitePool;
use std::collections::BTreeSet;
use support::spaces::{
    EVERY_DAY, admin, desk, fresh_db, new_booking, paris, person, timetable_of, use_, use_input,
};

// ---------------------------------------------------------------------------------------------
// Periods and hooks
// ---------------------------------------------------------------------------------------------

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn month(y: i32, m: u32) -> Period {
    let next = if m == 12 {
        date(y + 1, 1, 1)
    } else {
        date(y, m + 1, 1)
    };
    Period::days(date(y, m, 1), next, Paris)
}

/// February, March (the clocks go forward on the 29th), April (empty), October (back on the
/// 25th), November (empty), and the year 2026.
fn periods() -> Vec<Period> {
    vec![
        month(2026, 2),
        month(2026, 3),
        month(2026, 4),
        month(2026, 10),
        month(2026, 11),
        Period::days(date(2026, 1, 1), date(2027, 1, 1), Paris),
    ]
}

fn measure_named(key: &str) -> &'static Measure {
    DOMAINS
        .iter()
        .flat_map(|d| d.measures.iter())
        .find(|m| m.key == key)
        .unwrap_or_else(|| panic!("no measure {key} in the list of domains"))
}

/// The measure's values over `periods`, through its hook.
async fn values_over(pool: &SqlitePool, key: &str, periods: &[Period]) -> Vec<Option<f64>> {
    let m = measure_named(key);
    (m.measure)(pool, periods).await.unwrap()
}

/// The measure's values over [`periods`].
async fn values(pool: &SqlitePool, key: &str) -> Vec<Option<f64>> {
    values_over(pool, key, &periods()).await
}

/// Equal to the last few bits (a share or a quotient computed in another order).
fn assert_close(key: &str, got: &[Option<f64>], want: &[Option<f64>]) {
    let close = got.len() == want.len()
        && got.iter().zip(want).all(|(g, w)| match (g, w) {
            (Some(g), Some(w)) => (g - w).abs() <= 1e-9 * w.abs().max(1.0),
            (None, None) => true,
            _ => false,
        });
    assert!(close, "{key}: got {got:?}, want {want:?}");
}

fn some(values: &[f64]) -> Vec<Option<f64>> {
    values.iter().copied().map(Some).collect()
}

async fn erase(pool: &SqlitePool, person_id: i64) {
    people::erase(pool, DOMAINS, &admin(), person_id)
        .await
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// Kiosks
// ---------------------------------------------------------------------------------------------

async fn kiosk(pool: &SqlitePool, id: &str, role: protocol::Role) {
    let new = NewKiosk::prepare(id, role, id, "secret-de-test")
        .await
        .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    new.insert(&mut conn).await.unwrap();
}

async fn badge(pool: &SqlitePool, person_id: i64, card: &str) {
    people::assign_badge(pool, &admin(), person_id, card)
        .await
        .unwrap();
}

fn ingest_settings() -> IngestSettings {
    IngestSettings {
        site: "main".into(),
        time_zone: Paris,
        clock_skew_tolerance_ms: 120_000,
        domains: DOMAINS,
    }
}

/// A card read at a kiosk at `at` (Paris time on the kiosk) and delivered at once: its ack.
async fn tap(pool: &SqlitePool, kiosk: &str, card: &str, at: DateTime<Utc>) -> AckResult {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let id = format!("0193e1c2-7a4b-7c3d-9e8f-{n:012}");
    let payload = json!({"v": 1, "id": id, "kiosk": kiosk, "boot": "bien-vivre", "seq": n,
                         "at": at.with_timezone(&Paris).to_rfc3339(), "badge": card,
                         "action": "tap"});
    let msg = Received {
        topic: format!("citeosquare/v1/main/kiosk/{kiosk}/event"),
        payload: serde_json::to_vec(&payload).unwrap(),
        received_at: at,
    };
    let committed = ingest::store_batch(pool, &ingest_settings(), &Metrics::default(), &[msg])
        .await
        .unwrap();
    protocol::decode::<Ack>(&committed.acks[0].1)
        .unwrap()
        .result
}

// ---------------------------------------------------------------------------------------------
// The SEL
// ---------------------------------------------------------------------------------------------

struct SelSite {
    _dir: tempfile::TempDir,
    pool: SqlitePool,
    denis: i64,
}

/// A member's account id (opened with its welcome credit, which is not time given).
async fn open_account(pool: &SqlitePool, person_id: i64) -> i64 {
    ledger::open_account(pool, &admin(), person_id)
        .await
        .unwrap()
        .id
}

/// A shift served, recorded by the desk from its two times; its session.
async fn shift(
    pool: &SqlitePool,
    person_id: i64,
    activity_id: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> shifts::Session {
    let (session, replayed) = shifts::record_by_desk(
        pool,
        &admin(),
        &DeskShiftInput {
            id: uuid::Uuid::now_v7().to_string(),
            person_id,
            activity_id,
            started_at: start,
            ended_at: end,
        },
    )
    .await
    .unwrap();
    assert!(!replayed);
    session
}

/// A posted transfer written at `at`, in the past (raw: the ledger dates what it writes now),
/// under an operation of kind `operation`; its operation's id and its number.
async fn past_transfer(
    pool: &SqlitePool,
    operation: &str,
    debit: i64,
    credit: i64,
    minutes: i64,
    kind: &str,
    at: DateTime<Utc>,
) -> (String, i64) {
    let op = format!("past-{}", uuid::Uuid::now_v7());
    let at = db::instant_text(at);
    let mut tx = db::begin_write(pool).await.unwrap();
    sqlx::query(
        "INSERT INTO sel_operations (id, kind, request, created_at, author)
         VALUES (?, ?, '{}', ?, 'test')",
    )
    .bind(&op)
    .bind(operation)
    .bind(&at)
    .execute(&mut *tx)
    .await
    .unwrap();
    let no: i64 = sqlx::query_scalar(
        "INSERT INTO sel_transfers (operation_id, debit_account, credit_account, amount, kind,
             phase, memo, created_at)
         VALUES (?, ?, ?, ?, ?, 'posted', 'test', ?) RETURNING no",
    )
    .bind(&op)
    .bind(debit)
    .bind(credit)
    .bind(minutes)
    .bind(kind)
    .bind(&at)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (op, no)
}

/// A purchase at the cooperative's shop written at `at`: its transfer and its sale line.
async fn past_purchase(
    pool: &SqlitePool,
    account: i64,
    label: &str,
    quantity: i64,
    unit_minutes: i64,
    at: DateTime<Utc>,
) -> i64 {
    let (op, no) = past_transfer(
        pool,
        "purchase",
        account,
        COOPERATIVE_ACCOUNT,
        quantity * unit_minutes,
        "purchase",
        at,
    )
    .await;
    sqlx::query(
        "INSERT INTO sel_sale_lines (operation_id, item_id, label, quantity, unit_minutes)
         VALUES (?, NULL, ?, ?, ?)",
    )
    .bind(&op)
    .bind(label)
    .bind(quantity)
    .bind(unit_minutes)
    .execute(pool)
    .await
    .unwrap();
    no
}

async fn correct(pool: &SqlitePool, transfer_no: i64, minutes: i64, reason: &str) {
    ledger::correct(
        pool,
        &admin(),
        false,
        &CorrectionInput {
            id: uuid::Uuid::now_v7().to_string(),
            transfer_no,
            minutes,
            reason: reason.into(),
            override_reason: None,
        },
    )
    .await
    .unwrap();
}

/// Five members and their year:
/// - Chloé serves 90 minutes on 28 February from 22:00, 60 on 1 October from 00:30, and is
///   credited 30 minutes for driving a senior on 20 October (the transport solidaire);
/// - Alice serves 120 minutes on 1 March from 00:30 — the desk takes 30 back later — and 60 on
///   10 October; she runs a workshop Emma pays 20 minutes for on 5 October, and pays 100
///   minutes of a hostel stay on 12 October (no goods: not the cooperative's shop);
/// - Bruno serves 90 minutes on 31 March from 23:30 (it ends in April), Emma pays him 45 for a
///   service on 15 March, and he buys 2 × 15 minutes at the cooperative on 20 March, 10 of
///   them given back later;
/// - Emma's own shift on 10 March lasts 2 minutes: worth nothing, its reservation is voided; she
///   buys 25 minutes at the cooperative on 1 October at 00:30;
/// - Denis serves 60 minutes on 31 October from 23:30 and pays 15 minutes to the pool for a trip
///   on 22 October. He is erased at the end.
async fn sel_site() -> SelSite {
    let (dir, pool) = fresh_db().await;
    let alice = person(&pool, "Alice", "Martin").await;
    let bruno = person(&pool, "Bruno", "Petit").await;
    let chloe = person(&pool, "Chloé", "Durand").await;
    let denis = person(&pool, "Denis", "Moreau").await;
    let emma = person(&pool, "Emma", "Leroy").await;
    let alice_account = open_account(&pool, alice).await;
    let bruno_account = open_account(&pool, bruno).await;
    let chloe_account = open_account(&pool, chloe).await;
    let denis_account = open_account(&pool, denis).await;
    let emma_account = open_account(&pool, emma).await;
    let cafe = shifts::create_activity(
        &pool,
        &admin(),
        &ActivityInput {
            name: "Café solidaire".into(),
            kiosk_id: None,
            accepts_unplanned: false,
            active: true,
        },
    )
    .await
    .unwrap()
    .id;

    shift(
        &pool,
        chloe,
        cafe,
        paris(2026, 2, 28, 22, 0),
        paris(2026, 2, 28, 23, 30),
    )
    .await;
    let alice_march = shift(
        &pool,
        alice,
        cafe,
        paris(2026, 3, 1, 0, 30),
        paris(2026, 3, 1, 2, 30),
    )
    .await;
    assert_eq!(alice_march.minutes, Some(120));
    correct(
        &pool,
        alice_march.resolution_no.unwrap(),
        -30,
        "Arrivée à 1 h",
    )
    .await;
    let bruno_march = shift(
        &pool,
        bruno,
        cafe,
        paris(2026, 3, 31, 23, 30),
        paris(2026, 4, 1, 1, 0),
    )
    .await;
    assert_eq!(bruno_march.minutes, Some(90));
    let emma_march = shift(
        &pool,
        emma,
        cafe,
        paris(2026, 3, 10, 10, 0),
        paris(2026, 3, 10, 10, 2),
    )
    .await;
    assert_eq!(emma_march.minutes, Some(0), "worth nothing: voided");
    shift(
        &pool,
        chloe,
        cafe,
        paris(2026, 10, 1, 0, 30),
        paris(2026, 10, 1, 1, 30),
    )
    .await;
    shift(
        &pool,
        alice,
        cafe,
        paris(2026, 10, 10, 10, 0),
        paris(2026, 10, 10, 11, 0),
    )
    .await;
    shift(
        &pool,
        denis,
        cafe,
        paris(2026, 10, 31, 23, 30),
        paris(2026, 11, 1, 0, 30),
    )
    .await;

    past_transfer(
        &pool,
        "exchange",
        emma_account,
        bruno_account,
        45,
        "exchange",
        paris(2026, 3, 15, 12, 0),
    )
    .await;
    let bruno_purchase = past_purchase(
        &pool,
        bruno_account,
        "Panier de légumes",
        2,
        15,
        paris(2026, 3, 20, 11, 0),
    )
    .await;
    correct(&pool, bruno_purchase, -10, "Un panier rendu à moitié").await;
    past_transfer(
        &pool,
        "workshop",
        emma_account,
        alice_account,
        20,
        "workshop",
        paris(2026, 10, 5, 15, 0),
    )
    .await;
    past_transfer(
        &pool,
        "vehicle_trip",
        POOL_ACCOUNT,
        chloe_account,
        30,
        "shift",
        paris(2026, 10, 20, 17, 0),
    )
    .await;
    past_purchase(
        &pool,
        emma_account,
        "Pain au levain",
        1,
        25,
        paris(2026, 10, 1, 0, 30),
    )
    .await;
    past_transfer(
        &pool,
        "hostel_payment",
        alice_account,
        COOPERATIVE_ACCOUNT,
        100,
        "purchase",
        paris(2026, 10, 12, 9, 0),
    )
    .await;
    past_transfer(
        &pool,
        "vehicle_trip",
        denis_account,
        POOL_ACCOUNT,
        15,
        "exchange",
        paris(2026, 10, 22, 18, 0),
    )
    .await;
    SelSite {
        _dir: dir,
        pool,
        denis,
    }
}

/// Each SEL measure over [`periods`] before and after Denis is erased: the same values.
async fn sel_values_stay_after_erasure(key: &str, want: &[Option<f64>]) {
    let site = sel_site().await;
    assert_close(key, &values(&site.pool, key).await, want);
    erase(&site.pool, site.denis).await;
    assert_close(key, &values(&site.pool, key).await, want);
    let named: String = sqlx::query_scalar("SELECT label FROM sel_accounts WHERE person_id = ?")
        .bind(site.denis)
        .fetch_one(&site.pool)
        .await
        .unwrap();
    assert!(named.starts_with("Personne effacée"), "{named}");
}

#[tokio::test]
async fn hours_given_count_shifts_by_their_start_net_of_corrections_and_the_ledgers_gifts() {
    // February: Chloé 90. March: Alice 120 − 30, Bruno 90 + 45. October: Chloé 60 + 30, Alice
    // 60 + 20, Denis 60. Welcome credits, purchases, the pool's moves and a voided shift are not
    // given time.
    sel_values_stay_after_erasure(
        "sel_hours_given",
        &some(&[
            90.0 / 60.0,
            225.0 / 60.0,
            0.0,
            230.0 / 60.0,
            0.0,
            545.0 / 60.0,
        ]),
    )
    .await;
}

#[tokio::test]
async fn contributors_are_the_people_who_gave_each_counted_once_in_a_year() {
    // Emma's 2-minute shift gave nothing; the year counts Alice, Bruno, Chloé and Denis once.
    sel_values_stay_after_erasure("sel_contributors", &some(&[1.0, 2.0, 0.0, 3.0, 0.0, 4.0])).await;
}

#[tokio::test]
async fn newcomers_are_counted_in_the_month_of_their_very_first_time_given() {
    // Chloé starts in February, Alice and Bruno in March, Denis in October; Chloé and Alice give
    // again in October but are not new then.
    sel_values_stay_after_erasure("sel_first_shift", &some(&[1.0, 2.0, 0.0, 1.0, 0.0, 4.0])).await;
}

#[tokio::test]
async fn the_share_who_gave_and_received_is_of_the_people_active_and_none_when_nobody_was() {
    // February: Chloé gave only. March: Alice gave, Emma paid, Bruno did both (1 of 3).
    // October: Chloé gave; Emma paid; Alice gave and paid her stay; Denis gave and paid a trip
    // (2 of 4). The year: Alice, Bruno and Denis of five.
    sel_values_stay_after_erasure(
        "sel_gave_and_received",
        &[
            Some(0.0),
            Some(100.0 / 3.0),
            None,
            Some(50.0),
            None,
            Some(60.0),
        ],
    )
    .await;
}

#[tokio::test]
async fn cooperative_minutes_are_the_shops_sales_net_of_returns_without_hostel_stays() {
    // March: Bruno's 30 minutes, 10 given back. October: Emma's 25 at 00:30 on the 1st; Alice's
    // hostel stay paid in minutes is not the shop's.
    sel_values_stay_after_erasure(
        "sel_cooperative_minutes",
        &some(&[0.0, 20.0, 0.0, 25.0, 0.0, 45.0]),
    )
    .await;
}

#[tokio::test]
async fn what_the_shop_exchanges_and_workshops_write_today_counts_this_month() {
    let (_dir, pool) = fresh_db().await;
    let lea = person(&pool, "Léa", "Roux").await;
    let marc = person(&pool, "Marc", "Blanc").await;
    let nina = person(&pool, "Nina", "Faure").await;
    for p in [lea, marc, nina] {
        open_account(&pool, p).await;
    }
    let item = shop::create_item(
        &pool,
        &admin(),
        &ItemInput {
            name: "Confiture de quartier".into(),
            category: "Épicerie".into(),
            price_minutes: 12,
            active: true,
        },
    )
    .await
    .unwrap();
    shop::purchase(
        &pool,
        &admin(),
        &PurchaseInput {
            id: uuid::Uuid::now_v7().to_string(),
            person_id: lea,
            lines: vec![PurchaseLine {
                item_id: item.id,
                quantity: 3,
            }],
            override_reason: None,
        },
    )
    .await
    .unwrap();
    shop::exchange(
        &pool,
        &admin(),
        &ExchangeInput {
            id: uuid::Uuid::now_v7().to_string(),
            payer_id: lea,
            receiver_id: marc,
            minutes: 40,
            memo: "Aide au déménagement".into(),
            override_reason: None,
        },
        true,
    )
    .await
    .unwrap();
    shop::workshop(
        &pool,
        &admin(),
        &WorkshopInput {
            id: uuid::Uuid::now_v7().to_string(),
            label: "Réparation vélo".into(),
            total_minutes: 30,
            participant_ids: vec![lea, marc],
            beneficiary: Some(nina),
        },
    )
    .await
    .unwrap();
    let today = Utc::now().with_timezone(&Paris).date_naive();
    let first = today.with_day(1).unwrap();
    let this_month = Period::days(first, first + chrono::Months::new(1), Paris);
    let got = |key: &'static str| {
        let pool = pool.clone();
        async move { values_over(&pool, key, &[this_month]).await }
    };
    // Marc received 40 from Léa and Nina 30 for the workshop; Léa paid for all three.
    assert_close(
        "sel_hours_given",
        &got("sel_hours_given").await,
        &[Some(70.0 / 60.0)],
    );
    assert_close(
        "sel_contributors",
        &got("sel_contributors").await,
        &[Some(2.0)],
    );
    assert_close(
        "sel_first_shift",
        &got("sel_first_shift").await,
        &[Some(2.0)],
    );
    // Active: Léa (paid), Marc (received 40, paid 15 of the workshop), Nina (gave).
    assert_close(
        "sel_gave_and_received",
        &got("sel_gave_and_received").await,
        &[Some(100.0 / 3.0)],
    );
    assert_close(
        "sel_cooperative_minutes",
        &got("sel_cooperative_minutes").await,
        &[Some(36.0)],
    );
}

// ---------------------------------------------------------------------------------------------
// The chrono'espaces
// ---------------------------------------------------------------------------------------------

struct SpacesSite {
    _dir: tempfile::TempDir,
    pool: SqlitePool,
    rita: i64,
    denis: i64,
}

/// Booked by the desk as if on 1 January 2026, so that every booking is ahead.
async fn book(pool: &SqlitePool, nb: booking::NewBooking) -> i64 {
    let early = paris(2026, 1, 1, 9, 0);
    booking::create(pool, Paris, early, &desk(), &nb)
        .await
        .unwrap()
        .booking
        .id
}

/// « Salle des fêtes » is open every day, all day, for debates and screenings (use `debat`),
/// with its door kiosk; the « Bureau des associations » from 8:00 to 20:00 for associations.
/// The whole site is closed on 1 June and 15 October.
///
/// Debates: 28 February 23:30–24:00; 1 March 00:30–02:30; 31 March 23:30–24:00 (and one on
/// 20 March, cancelled); 1 October 00:30–01:30; 31 October 23:30–24:00. Paul, Rita and Denis
/// badge at the door: three people at the first debate in March (Rita in and out twice), Paul at
/// the second (Rita left before it began), Rita on 1 October, Paul and Denis on 31 October.
///
/// The office: the association books 14 March 10:00–13:00, 29 March 9:00–11:30 (the clocks went
/// forward that night) and 25 October 10:00–12:00 (back that night); Rita books it for herself
/// on 20 March, 14:00–15:00.
async fn spaces_site() -> SpacesSite {
    let (dir, pool) = fresh_db().await;
    let salle = support::spaces::space(&pool, "Salle des fêtes", 80, None).await;
    let bureau = support::spaces::space(&pool, "Bureau des associations", 12, None).await;
    let debat = use_(&pool, use_input("debat", Mode::Event)).await;
    let association = use_(
        &pool,
        UseInput {
            open_to_associations: true,
            ..use_input("association", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(&pool, salle.id, &[(EVERY_DAY, "00:00", "24:00", debat.id)]).await;
    timetable_of(
        &pool,
        bureau.id,
        &[(EVERY_DAY, "08:00", "20:00", association.id)],
    )
    .await;
    for day in ["2026-06-01", "2026-10-15"] {
        spaces::add_exception(
            &pool,
            &admin(),
            &ExceptionInput {
                space_id: None,
                day: day.into(),
                start: None,
                end: None,
                use_id: None,
                label: "Fermeture du site".into(),
            },
        )
        .await
        .unwrap();
    }
    let jardins = people::create_association(
        &pool,
        &admin(),
        &AssociationInput {
            name: "Les Jardins partagés".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    let paul = person(&pool, "Paul", "Girard").await;
    let rita = person(&pool, "Rita", "Lopez").await;
    let denis = person(&pool, "Denis", "Moreau").await;
    badge(&pool, paul, "AA000001").await;
    badge(&pool, rita, "AA000002").await;
    badge(&pool, denis, "AA000003").await;
    kiosk(&pool, "porte-salle", protocol::Role::Space).await;
    spaces::set_door(&pool, &admin(), "porte-salle", salle.id)
        .await
        .unwrap();

    let debate = |start, end, title: &str| new_booking(salle.id, start, end, title);
    book(
        &pool,
        debate(
            paris(2026, 2, 28, 23, 30),
            paris(2026, 3, 1, 0, 0),
            "Ciné-club",
        ),
    )
    .await;
    book(
        &pool,
        debate(
            paris(2026, 3, 1, 0, 30),
            paris(2026, 3, 1, 2, 30),
            "Nuit du débat",
        ),
    )
    .await;
    book(
        &pool,
        debate(
            paris(2026, 3, 31, 23, 30),
            paris(2026, 4, 1, 0, 0),
            "Court métrage",
        ),
    )
    .await;
    let cancelled = book(
        &pool,
        debate(
            paris(2026, 3, 20, 20, 0),
            paris(2026, 3, 20, 22, 0),
            "Annulé",
        ),
    )
    .await;
    booking::cancel(
        &pool,
        paris(2026, 1, 2, 9, 0),
        &desk(),
        cancelled,
        Scope::One,
        "Intervenant malade",
    )
    .await
    .unwrap();
    book(
        &pool,
        debate(
            paris(2026, 10, 1, 0, 30),
            paris(2026, 10, 1, 1, 30),
            "Nuit blanche",
        ),
    )
    .await;
    book(
        &pool,
        debate(
            paris(2026, 10, 31, 23, 30),
            paris(2026, 11, 1, 0, 0),
            "Halloween",
        ),
    )
    .await;
    for (start, end) in [
        (paris(2026, 3, 14, 10, 0), paris(2026, 3, 14, 13, 0)),
        (paris(2026, 3, 29, 9, 0), paris(2026, 3, 29, 11, 30)),
        (paris(2026, 10, 25, 10, 0), paris(2026, 10, 25, 12, 0)),
    ] {
        book(
            &pool,
            booking::NewBooking {
                association_id: Some(jardins),
                ..new_booking(bureau.id, start, end, "Réunion des Jardins")
            },
        )
        .await;
    }
    book(
        &pool,
        booking::NewBooking {
            person_id: Some(rita),
            ..new_booking(
                bureau.id,
                paris(2026, 3, 20, 14, 0),
                paris(2026, 3, 20, 15, 0),
                "Rendez-vous",
            )
        },
    )
    .await;

    for (card, at) in [
        ("AA000001", paris(2026, 2, 28, 20, 0)),
        ("AA000001", paris(2026, 2, 28, 21, 0)),
        ("AA000001", paris(2026, 3, 1, 0, 20)),
        ("AA000002", paris(2026, 3, 1, 0, 40)),
        ("AA000002", paris(2026, 3, 1, 1, 0)),
        ("AA000003", paris(2026, 3, 1, 1, 0)),
        ("AA000002", paris(2026, 3, 1, 1, 10)),
        ("AA000002", paris(2026, 3, 1, 2, 0)),
        ("AA000003", paris(2026, 3, 1, 2, 30)),
        ("AA000001", paris(2026, 3, 1, 2, 40)),
        ("AA000002", paris(2026, 3, 31, 22, 0)),
        ("AA000002", paris(2026, 3, 31, 23, 20)),
        ("AA000001", paris(2026, 3, 31, 23, 40)),
        ("AA000001", paris(2026, 4, 1, 0, 10)),
        ("AA000002", paris(2026, 10, 1, 0, 45)),
        ("AA000002", paris(2026, 10, 1, 1, 15)),
        ("AA000001", paris(2026, 10, 31, 23, 35)),
        ("AA000003", paris(2026, 10, 31, 23, 50)),
        ("AA000001", paris(2026, 11, 1, 0, 20)),
        ("AA000003", paris(2026, 11, 1, 0, 20)),
    ] {
        let result = tap(&pool, "porte-salle", card, at).await;
        assert!(
            matches!(result, AckResult::Entered | AckResult::Left),
            "{card} at {at}: {result:?}"
        );
    }
    SpacesSite {
        _dir: dir,
        pool,
        rita,
        denis,
    }
}

/// Each chrono'espaces measure over `periods` before and after Rita and Denis are erased.
async fn spaces_values_stay_after_erasure(key: &str, periods: &[Period], want: &[Option<f64>]) {
    let site = spaces_site().await;
    assert_close(key, &values_over(&site.pool, key, periods).await, want);
    erase(&site.pool, site.rita).await;
    erase(&site.pool, site.denis).await;
    assert_close(key, &values_over(&site.pool, key, periods).await, want);
}

#[tokio::test]
async fn debates_held_are_the_confirmed_debate_bookings_starting_in_the_period() {
    spaces_values_stay_after_erasure(
        "spaces_debates",
        &periods(),
        &some(&[1.0, 2.0, 0.0, 2.0, 0.0, 5.0]),
    )
    .await;
}

#[tokio::test]
async fn attendance_adds_up_the_people_badged_in_during_each_debate() {
    spaces_values_stay_after_erasure(
        "spaces_attendance",
        &periods(),
        &some(&[0.0, 4.0, 0.0, 3.0, 0.0, 7.0]),
    )
    .await;
}

#[tokio::test]
async fn association_hours_are_the_real_lengths_of_their_bookings_over_the_clock_changes() {
    // March: 3 h + 2.5 h (the night the clocks went forward); October: 2 h (the night they went
    // back); Rita's own booking is not an association's.
    spaces_values_stay_after_erasure(
        "spaces_association_hours",
        &periods(),
        &some(&[0.0, 5.5, 0.0, 2.0, 0.0, 7.5]),
    )
    .await;
}

#[tokio::test]
async fn occupancy_is_booked_hours_over_opening_hours_and_none_when_everything_was_closed() {
    // Opening hours: the hall 24 h a day (743 h in March, 745 h in October), the office 12 h a
    // day; the site is closed on 1 June and 15 October.
    let hours = |salle: f64, bureau: f64| salle + bureau;
    let feb = hours(28.0 * 24.0, 28.0 * 12.0);
    let mar = hours(743.0, 31.0 * 12.0);
    let apr = hours(30.0 * 24.0, 30.0 * 12.0);
    let oct = hours(745.0 - 24.0, 31.0 * 12.0 - 12.0);
    let nov = hours(30.0 * 24.0, 30.0 * 12.0);
    let year = hours(8760.0 - 48.0, 365.0 * 12.0 - 24.0);
    assert_eq!((mar, oct, year), (1115.0, 1081.0, 13068.0));
    let mut over = periods();
    over.push(Period::days(date(2026, 6, 1), date(2026, 6, 2), Paris));
    // Booked: February 0.5 h; March 2 + 0.5 (debates) + 3 + 2.5 (association) + 1 (Rita);
    // October 1 + 0.5 + 2; the cancelled debate holds nothing.
    spaces_values_stay_after_erasure(
        "spaces_occupancy",
        &over,
        &[
            Some(100.0 * 0.5 / feb),
            Some(100.0 * 9.0 / mar),
            Some(100.0 * 0.0 / apr),
            Some(100.0 * 3.5 / oct),
            Some(100.0 * 0.0 / nov),
            Some(100.0 * 13.0 / year),
            None,
        ],
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// The shared vehicles
// ---------------------------------------------------------------------------------------------

/// A transport solidaire trip in the past (raw: a trip is asked for ahead only), in `state`.
async fn past_trip(
    pool: &SqlitePool,
    passenger: i64,
    volunteer: Option<i64>,
    start: DateTime<Utc>,
    state: &str,
    km: Option<i64>,
) {
    let at = db::instant_text(start);
    sqlx::query(
        "INSERT INTO vehicle_trips (passenger_id, start_at, from_place, to_place, state,
             volunteer_id, own_car, km, minutes, credited_minutes, requested_by_name,
             created_at, updated_at, taken_at, done_at)
         VALUES (?1, ?2, 'Résidence des Tilleuls', 'Centre médical', ?3, ?4, 1, ?5,
                 CASE WHEN ?3 = 'done' THEN 90 END, CASE WHEN ?3 = 'done' THEN 90 ELSE 0 END,
                 'Accueil', ?2, ?2, CASE WHEN ?4 IS NULL THEN NULL ELSE ?2 END,
                 CASE WHEN ?3 = 'done' THEN ?2 END)",
    )
    .bind(passenger)
    .bind(&at)
    .bind(state)
    .bind(volunteer)
    .bind(km)
    .execute(pool)
    .await
    .unwrap();
}

/// Odette and Marcel are driven by Vincent, a volunteer: 28 February at 23:30 (5 km), 1 March
/// at 00:30 (12 km), 31 March at 23:30 (8 km), 1 October at 00:30 (Marcel, 20 km), 31 October
/// at 23:30 (7 km). A trip cancelled on 25 October, one still only taken on 10 October and one
/// nobody took on 15 March were not made. Marcel and Vincent are erased at the end.
async fn vehicles_values_stay_after_erasure(key: &str, want: &[Option<f64>]) {
    let (_dir, pool) = fresh_db().await;
    let odette = person(&pool, "Odette", "Lambert").await;
    let marcel = person(&pool, "Marcel", "Fontaine").await;
    let vincent = person(&pool, "Vincent", "Mercier").await;
    let v = Some(vincent);
    past_trip(
        &pool,
        odette,
        v,
        paris(2026, 2, 28, 23, 30),
        "done",
        Some(5),
    )
    .await;
    past_trip(&pool, odette, v, paris(2026, 3, 1, 0, 30), "done", Some(12)).await;
    past_trip(
        &pool,
        odette,
        v,
        paris(2026, 3, 31, 23, 30),
        "done",
        Some(8),
    )
    .await;
    past_trip(&pool, odette, None, paris(2026, 3, 15, 10, 0), "open", None).await;
    past_trip(
        &pool,
        marcel,
        v,
        paris(2026, 10, 1, 0, 30),
        "done",
        Some(20),
    )
    .await;
    past_trip(&pool, odette, v, paris(2026, 10, 10, 14, 0), "taken", None).await;
    past_trip(
        &pool,
        marcel,
        None,
        paris(2026, 10, 25, 10, 0),
        "cancelled",
        None,
    )
    .await;
    past_trip(
        &pool,
        odette,
        v,
        paris(2026, 10, 31, 23, 30),
        "done",
        Some(7),
    )
    .await;
    assert_close(key, &values(&pool, key).await, want);
    erase(&pool, marcel).await;
    erase(&pool, vincent).await;
    assert_close(key, &values(&pool, key).await, want);
}

#[tokio::test]
async fn senior_trips_are_the_trips_done_counted_in_the_month_they_started() {
    vehicles_values_stay_after_erasure(
        "vehicles_senior_trips",
        &some(&[1.0, 2.0, 0.0, 2.0, 0.0, 5.0]),
    )
    .await;
}

#[tokio::test]
async fn senior_kilometres_are_those_of_the_trips_done() {
    vehicles_values_stay_after_erasure(
        "vehicles_senior_km",
        &some(&[5.0, 20.0, 0.0, 27.0, 0.0, 52.0]),
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// The hostel
// ---------------------------------------------------------------------------------------------

fn hostel_desk() -> Actor {
    Actor {
        id: None,
        name: "Accueil (test)".into(),
    }
}

/// A private room of its own and a stay in it, confirmed as if on 1 January 2026; its id.
async fn stay(
    pool: &SqlitePool,
    guest: &str,
    person_id: Option<i64>,
    nights: (NaiveDate, NaiveDate),
) -> i64 {
    let room = hostel::create_room(
        pool,
        &hostel_desk(),
        &RoomInput {
            name: format!("Chambre {guest}"),
            kind: "private".into(),
            beds: 2,
            price_cents: 0,
            ..RoomInput::default()
        },
    )
    .await
    .unwrap()
    .id;
    stays::create(
        pool,
        Paris,
        &hostel_desk(),
        &NewStay {
            guest_name: guest.into(),
            phone: "06 12 34 56 78".into(),
            people: 2,
            arrival: nights.0.to_string(),
            departure: nights.1.to_string(),
            room_id: Some(room),
            person_id,
            ..NewStay::default()
        },
        paris(2026, 1, 1, 9, 0),
    )
    .await
    .unwrap()
    .id
}

async fn check_in(pool: &SqlitePool, stay_id: i64, at: DateTime<Utc>) {
    stays::check_in(pool, Paris, &hostel_desk(), stay_id, at)
        .await
        .unwrap();
}

async fn check_out(pool: &SqlitePool, stay_id: i64, at: DateTime<Utc>) {
    stays::check_out(pool, Paris, &hostel_desk(), stay_id, at)
        .await
        .unwrap();
}

/// Lends a guest badge for the stay (`holder` empty: the lead guest); the holder's record.
async fn lend(pool: &SqlitePool, stay_id: i64, card: &str, holder: &str) -> i64 {
    badges::hand(
        pool,
        &hostel_desk(),
        stay_id,
        &HandInput {
            card_id: card.into(),
            holder: holder.into(),
        },
    )
    .await
    .unwrap()
    .person_id
}

#[tokio::test]
async fn guests_in_activities_are_those_a_sel_or_room_kiosk_accepted_during_their_stay() {
    let (_dir, pool) = fresh_db().await;
    let salle = support::spaces::space(&pool, "Salle des fêtes", 80, None).await;
    kiosk(&pool, "porte-salle", protocol::Role::Space).await;
    spaces::set_door(&pool, &admin(), "porte-salle", salle.id)
        .await
        .unwrap();
    kiosk(&pool, "comptoir", protocol::Role::Sel).await;
    kiosk(&pool, "accueil", protocol::Role::Entrance).await;
    shifts::create_activity(
        &pool,
        &admin(),
        &ActivityInput {
            name: "Jardin partagé".into(),
            kiosk_id: Some("comptoir".into()),
            accepts_unplanned: true,
            active: true,
        },
    )
    .await
    .unwrap();

    // Gina and Hugo stay from 27 February to 3 March, each with a guest badge: Gina goes to the
    // hall on 28 February and again on 1 March at 00:30; Hugo serves at the garden on 2 March.
    let gina_stay = stay(
        &pool,
        "Gina Voyage",
        None,
        (date(2026, 2, 27), date(2026, 3, 3)),
    )
    .await;
    check_in(&pool, gina_stay, paris(2026, 2, 27, 18, 0)).await;
    let gina = lend(&pool, gina_stay, "BB000001", "").await;
    lend(&pool, gina_stay, "BB000002", "Hugo Voyage").await;
    for (kiosk, card, at, result) in [
        (
            "porte-salle",
            "BB000001",
            paris(2026, 2, 28, 10, 0),
            AckResult::Entered,
        ),
        (
            "porte-salle",
            "BB000001",
            paris(2026, 2, 28, 11, 0),
            AckResult::Left,
        ),
        (
            "porte-salle",
            "BB000001",
            paris(2026, 3, 1, 0, 30),
            AckResult::Entered,
        ),
        (
            "comptoir",
            "BB000002",
            paris(2026, 3, 2, 10, 0),
            AckResult::ShiftStarted,
        ),
        (
            "comptoir",
            "BB000002",
            paris(2026, 3, 2, 11, 0),
            AckResult::ShiftEnded,
        ),
    ] {
        assert_eq!(tap(&pool, kiosk, card, at).await, result, "{card} at {at}");
    }
    check_out(&pool, gina_stay, paris(2026, 3, 3, 10, 0)).await;

    // Jules arrives on 30 March and goes to the hall on the 31st at 23:30; nobody has checked
    // him out yet.
    let jules_stay = stay(
        &pool,
        "Jules Passant",
        None,
        (date(2026, 3, 30), date(2026, 4, 2)),
    )
    .await;
    check_in(&pool, jules_stay, paris(2026, 3, 30, 19, 0)).await;
    lend(&pool, jules_stay, "BB000003", "").await;
    assert_eq!(
        tap(&pool, "porte-salle", "BB000003", paris(2026, 3, 31, 23, 30)).await,
        AckResult::Entered
    );

    // Karl, a member, booked 10–12 March but never came: his visit to the hall is a member's.
    let karl = person(&pool, "Karl", "Weber").await;
    badge(&pool, karl, "CC000001").await;
    stay(
        &pool,
        "Karl Weber",
        Some(karl),
        (date(2026, 3, 10), date(2026, 3, 12)),
    )
    .await;
    assert_eq!(
        tap(&pool, "porte-salle", "CC000001", paris(2026, 3, 11, 10, 0)).await,
        AckResult::Entered
    );

    // Ines and Paul, members, stay with their own cards: Ines goes to the hall on 1 October at
    // 00:30 (going out by the entrance the next day is no activity); Paul on 31 October at
    // 23:30, and again on 3 November, once he has left.
    let ines = person(&pool, "Ines", "Garnier").await;
    badge(&pool, ines, "CC000002").await;
    let ines_stay = stay(
        &pool,
        "Ines Garnier",
        Some(ines),
        (date(2026, 9, 30), date(2026, 10, 4)),
    )
    .await;
    check_in(&pool, ines_stay, paris(2026, 9, 30, 18, 0)).await;
    assert_eq!(
        tap(&pool, "porte-salle", "CC000002", paris(2026, 10, 1, 0, 30)).await,
        AckResult::Entered
    );
    assert_eq!(
        tap(&pool, "accueil", "CC000002", paris(2026, 10, 2, 10, 0)).await,
        AckResult::Left
    );
    check_out(&pool, ines_stay, paris(2026, 10, 4, 10, 0)).await;
    let paul = person(&pool, "Paul", "Girard").await;
    badge(&pool, paul, "CC000003").await;
    let paul_stay = stay(
        &pool,
        "Paul Girard",
        Some(paul),
        (date(2026, 10, 30), date(2026, 11, 2)),
    )
    .await;
    check_in(&pool, paul_stay, paris(2026, 10, 30, 18, 0)).await;
    assert_eq!(
        tap(
            &pool,
            "porte-salle",
            "CC000003",
            paris(2026, 10, 31, 23, 30)
        )
        .await,
        AckResult::Entered
    );
    check_out(&pool, paul_stay, paris(2026, 11, 2, 10, 0)).await;
    assert_eq!(
        tap(&pool, "porte-salle", "CC000003", paris(2026, 11, 3, 10, 0)).await,
        AckResult::Entered
    );

    let want = some(&[1.0, 3.0, 0.0, 2.0, 0.0, 5.0]);
    let key = "hostel_guests_in_activities";
    assert_close(key, &values(&pool, key).await, &want);
    erase(&pool, gina).await;
    erase(&pool, paul).await;
    assert_close(key, &values(&pool, key).await, &want);
}

// ---------------------------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------------------------

/// The message ids of every Fluent file of a language, as on disk.
fn message_ids(lang: &str) -> BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("i18n")
        .join(lang);
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "ftl") {
            continue;
        }
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if let Some((id, _)) = line.split_once(" =")
                && id.starts_with(|c: char| c.is_ascii_lowercase())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                ids.insert(id.to_owned());
            }
        }
    }
    ids
}

#[test]
fn every_measure_has_a_unique_key_a_criterion_a_known_unit_and_its_words_in_french_and_english() {
    const UNITS: [&str; 7] = [
        "hours", "people", "percent", "km", "trips", "events", "minutes",
    ];
    let (fr, en) = (message_ids("fr"), message_ids("en"));
    let mut keys = BTreeSet::new();
    let mut wrong = vec![];
    for d in DOMAINS {
        for m in d.measures {
            if !keys.insert(m.key) {
                wrong.push(format!("{}: {} is not unique", d.name, m.key));
            }
            if !(1..=8).contains(&m.criterion) {
                wrong.push(format!("{}: criterion {}", m.key, m.criterion));
            }
            if !UNITS.contains(&m.unit) {
                wrong.push(format!("{}: unit {}", m.key, m.unit));
            }
            for id in [format!("bv-ind-{}", m.key), format!("bv-ind-{}-def", m.key)] {
                for (lang, ids) in [("fr", &fr), ("en", &en)] {
                    if !ids.contains(&id) {
                        wrong.push(format!("{id} missing in {lang}"));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    for key in [
        "sel_hours_given",
        "sel_contributors",
        "sel_first_shift",
        "sel_gave_and_received",
        "sel_cooperative_minutes",
        "spaces_debates",
        "spaces_attendance",
        "spaces_association_hours",
        "spaces_occupancy",
        "vehicles_senior_trips",
        "vehicles_senior_km",
        "hostel_guests_in_activities",
    ] {
        assert!(keys.contains(key), "{key} is not in the list");
    }
}

#[tokio::test]
async fn every_measure_answers_one_value_per_period_on_an_empty_site() {
    let (_dir, pool) = fresh_db().await;
    for m in DOMAINS.iter().flat_map(|d| d.measures.iter()) {
        let got = (m.measure)(&pool, &periods()).await.unwrap();
        let want = match (m.key, m.unit) {
            // A share of nobody; nothing is open without a room.
            (_, "percent") => vec![None; 6],
            _ => vec![Some(0.0); 6],
        };
        assert_eq!(got, want, "{}", m.key);
        assert!(
            (m.measure)(&pool, &[]).await.unwrap().is_empty(),
            "{}",
            m.key
        );
    }
}
