//! The hostel, on the demo site, through the rules, the real router and raw SQL: no bed-night is
//! ever held twice whatever the door, nights are local nights, and the desk's steps (arrival,
//! early departure, extension, no-show, cancel) hold and release exactly the nights they should.
//! Tests use their own rooms and dates from a month ahead, clear of the demo's stays.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_server::audit::Actor;
use citeosquare_server::hostel::stays::{self, NewStay, Stay};
use citeosquare_server::hostel::{self, ClosureInput, RoomInput};
use citeosquare_server::refusal::Refusal;
use serde_json::json;
use sqlx::SqlitePool;
use support::TestApp;

fn desk() -> Actor {
    Actor {
        id: None,
        name: "Accueil (test)".into(),
    }
}

/// A local Paris instant on `night` at `h:m`.
fn local(night: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    citeosquare_server::time::resolve_local(
        Paris,
        night.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()),
    )
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Tonight (for the hostel) plus `n` days.
fn night(n: i64) -> NaiveDate {
    let s = hostel::Settings::default();
    hostel::night_of(Utc::now(), Paris, s) + Duration::days(n)
}

async fn room(pool: &SqlitePool, name: &str, kind: &str, beds: i64, price: i64) -> hostel::Room {
    hostel::create_room(
        pool,
        &desk(),
        &RoomInput {
            name: name.into(),
            kind: kind.into(),
            beds,
            price_cents: price,
            ..RoomInput::default()
        },
    )
    .await
    .unwrap()
}

fn new_stay(name: &str, people: i64, from: NaiveDate, to: NaiveDate, room: Option<i64>) -> NewStay {
    NewStay {
        guest_name: name.into(),
        phone: "06 00 00 00 00".into(),
        people,
        arrival: from.to_string(),
        departure: to.to_string(),
        room_id: room,
        ..NewStay::default()
    }
}

async fn book(pool: &SqlitePool, s: NewStay) -> Result<Stay, Refusal> {
    stays::create(pool, Paris, &desk(), &s, Utc::now()).await
}

/// The guests pay in cash what they owe on leaving at `at`, and leave.
async fn pay_and_leave(pool: &SqlitePool, id: i64, at: DateTime<Utc>) -> Result<Stay, Refusal> {
    let s = stays::stay(pool, id).await?;
    let mut conn = pool.acquire().await?;
    let due = stays::due_on_leaving(&mut conn, Paris, &s, at).await?;
    drop(conn);
    let cash = hostel::folio::PaymentInput {
        method: "cash".into(),
        amount_cents: due,
        ..Default::default()
    };
    stays::check_out_paying(
        pool,
        Paris,
        &desk(),
        id,
        at,
        (due > 0).then_some(&cash),
        &[],
    )
    .await
}

fn conflict<T: std::fmt::Debug>(r: Result<T, Refusal>) -> &'static str {
    match r {
        Err(Refusal::Conflict { key, .. }) => key,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn invalid<T: std::fmt::Debug>(r: Result<T, Refusal>) -> Vec<(&'static str, &'static str)> {
    match r {
        Err(Refusal::Invalid(f)) => f.into_iter().map(|e| (e.field, e.key)).collect(),
        other => panic!("expected invalid fields, got {other:?}"),
    }
}

/// Held (not released) nights of a stay.
async fn held(pool: &SqlitePool, stay: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM hostel_nights WHERE stay_id = ? AND released_at IS NULL",
    )
    .bind(stay)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn sixty_four_requests_for_the_last_bed_give_exactly_one_stay() {
    let app = TestApp::new().await;
    let r = room(&app.pool, "Dortoir Test", "dorm", 2, 2000).await;
    let (from, to) = (night(40), night(43));
    book(&app.pool, new_stay("Premier", 1, from, to, Some(r.id)))
        .await
        .unwrap();
    let token = app.token("accueil").await;
    let mut calls = vec![];
    for n in 0..64 {
        let router = app.router.clone();
        let body = json!({
            "guest_name": format!("Client {n}"), "phone": "06", "people": 1,
            "arrival": from.to_string(), "departure": to.to_string(), "room_id": r.id,
        });
        let req = support::api_request(
            Method::POST,
            "/api/v1/hostel/stays",
            Some(&token),
            Some(&body),
        );
        calls.push(tokio::spawn(support::send(router, req)));
    }
    let mut created = 0;
    for c in calls {
        let reply = c.await.unwrap();
        match reply.status {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => assert!(
                reply.body.contains("Pas assez de lits libres"),
                "{}",
                reply.body
            ),
            other => panic!("unexpected {other}: {}", reply.body),
        }
    }
    assert_eq!(created, 1, "exactly one of the 64 got the last bed");
    let per_night: Vec<i64> = sqlx::query_scalar(
        "SELECT count(*) FROM hostel_nights n JOIN hostel_beds b ON b.id = n.bed_id
         WHERE b.room_id = ? AND n.released_at IS NULL GROUP BY n.night",
    )
    .bind(r.id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        per_night,
        vec![2, 2, 2],
        "two beds held each of the three nights"
    );
}

#[tokio::test]
async fn a_group_and_singles_at_once_never_exceed_the_dormitory() {
    let app = TestApp::new().await;
    let r = room(&app.pool, "Dortoir Six", "dorm", 6, 2000).await;
    let (from, to) = (night(40), night(42));
    let mut group = new_stay("Groupe", 5, from, to, Some(r.id));
    group.beds = Some(5);
    let tries = vec![
        group,
        new_stay("Seule A", 1, from, to, Some(r.id)),
        new_stay("Seule B", 1, from, to, Some(r.id)),
    ];
    let mut tasks = vec![];
    for s in tries {
        let pool = app.pool.clone();
        tasks.push(tokio::spawn(async move { book(&pool, s).await }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(Refusal::Conflict { key, .. }) => assert_eq!(key, "error-hostel-no-beds"),
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(ok, 2, "7 beds asked of 6: one of the three is refused");
    let most: i64 = sqlx::query_scalar(
        "SELECT max(c) FROM (SELECT count(*) AS c FROM hostel_nights n
           JOIN hostel_beds b ON b.id = n.bed_id
          WHERE b.room_id = ? AND n.released_at IS NULL GROUP BY n.night)",
    )
    .bind(r.id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(most <= 6, "{most} beds held in a 6-bed dormitory");
}

#[tokio::test]
async fn a_whole_room_and_a_bed_in_it_one_wins() {
    let app = TestApp::new().await;
    let r = room(&app.pool, "Dortoir Groupe", "dorm", 4, 2000).await;
    let (from, to) = (night(40), night(41));
    // The bed first: the whole room is then refused, and the other way round.
    book(&app.pool, new_stay("Un lit", 1, from, to, Some(r.id)))
        .await
        .unwrap();
    let mut whole = new_stay("Classe", 4, from, to, Some(r.id));
    whole.whole_room = true;
    assert_eq!(
        conflict(book(&app.pool, whole.clone()).await),
        "error-hostel-room-taken-nights"
    );
    let (from2, to2) = (night(45), night(47));
    whole.arrival = from2.to_string();
    whole.departure = to2.to_string();
    let group = book(&app.pool, whole).await.unwrap();
    assert_eq!(held(&app.pool, group.id).await, 8, "4 beds × 2 nights");
    assert_eq!(
        conflict(book(&app.pool, new_stay("Un lit", 1, from2, to2, Some(r.id))).await),
        "error-hostel-no-beds"
    );
    // At once: exactly one of the two.
    let (from3, to3) = (night(50), night(51));
    let mut whole = new_stay("Classe 2", 3, from3, to3, Some(r.id));
    whole.whole_room = true;
    let single = new_stay("Seul", 1, from3, to3, Some(r.id));
    let (p1, p2) = (app.pool.clone(), app.pool.clone());
    let (a, b) = tokio::join!(
        tokio::spawn(async move { book(&p1, whole).await }),
        tokio::spawn(async move { book(&p2, single).await })
    );
    let wins = [a.unwrap().is_ok(), b.unwrap().is_ok()];
    assert_eq!(wins.iter().filter(|w| **w).count(), 1, "{wins:?}");
}

#[tokio::test]
async fn every_raw_sql_way_around_the_rule_is_refused() {
    let app = TestApp::new().await;
    let r = room(&app.pool, "Chambre Test", "private", 2, 5000).await;
    let (from, to) = (night(40), night(42));
    let s = book(&app.pool, new_stay("Tenant", 2, from, to, Some(r.id)))
        .await
        .unwrap();
    let bed: i64 = sqlx::query_scalar("SELECT id FROM hostel_beds WHERE room_id = ? LIMIT 1")
        .bind(r.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let other = book(
        &app.pool,
        new_stay("Autre", 2, night(45), night(46), Some(r.id)),
    )
    .await
    .unwrap();
    let run = |sql: String| {
        let pool = app.pool.clone();
        async move {
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .execute(&pool)
                .await
                .map(|_| ())
                .map_err(|e| format!("{sql}: {e}"))
        }
    };
    // A second holder of a held bed-night (the other stay, whose dates do not cover it, and a
    // stay widened by hand to cover it).
    sqlx::query("UPDATE hostel_stays SET arrival = ?, departure = ? WHERE id = ?")
        .bind(from.to_string())
        .bind(night(46).to_string())
        .bind(other.id)
        .execute(&app.pool)
        .await
        .unwrap();
    let e = run(format!(
        "INSERT INTO hostel_nights (stay_id, bed_id, night, held_at) VALUES ({}, {bed}, '{from}', 'x')",
        other.id
    ))
    .await
    .unwrap_err();
    assert!(e.contains("UNIQUE constraint failed"), "{e}");
    // Moving a held night to another bed, night or stay.
    for change in [
        "bed_id = bed_id + 1000".to_owned(),
        format!("night = '{}'", night(60)),
        format!("stay_id = {}", other.id),
    ] {
        let e = run(format!(
            "UPDATE hostel_nights SET {change} WHERE stay_id = {}",
            s.id
        ))
        .await
        .unwrap_err();
        assert!(e.contains("a night is never changed"), "{e}");
    }
    // Deleting a night or a stay.
    let e = run(format!(
        "DELETE FROM hostel_nights WHERE stay_id = {}",
        s.id
    ))
    .await
    .unwrap_err();
    assert!(e.contains("never deleted"), "{e}");
    let e = run(format!("DELETE FROM hostel_stays WHERE id = {}", s.id))
        .await
        .unwrap_err();
    assert!(e.contains("never deleted"), "{e}");
    // Cancelling releases every night; reviving the stay or one of its nights is refused.
    stays::cancel(&app.pool, &desk(), s.id, "test", Utc::now())
        .await
        .unwrap();
    assert_eq!(held(&app.pool, s.id).await, 0);
    let e = run(format!(
        "UPDATE hostel_stays SET status = 'confirmed', cancelled_at = NULL WHERE id = {}",
        s.id
    ))
    .await
    .unwrap_err();
    assert!(e.contains("does not go back"), "{e}");
    let e = run(format!(
        "UPDATE hostel_nights SET released_at = NULL, released_why = NULL WHERE stay_id = {}",
        s.id
    ))
    .await
    .unwrap_err();
    assert!(e.contains("stays released"), "{e}");
    let e = run(format!(
        "INSERT INTO hostel_nights (stay_id, bed_id, night, held_at) VALUES ({}, {bed}, '{from}', 'x')",
        s.id
    ))
    .await
    .unwrap_err();
    assert!(e.contains("only a confirmed or checked-in stay"), "{e}");
    // A night outside the stay's dates, and a stay's dates moved off its held nights.
    let e = run(format!(
        "INSERT INTO hostel_nights (stay_id, bed_id, night, held_at) VALUES ({}, {bed}, '{}', 'x')",
        other.id,
        night(80)
    ))
    .await
    .unwrap_err();
    assert!(e.contains("outside the stay"), "{e}");
    let e = run(format!(
        "UPDATE hostel_stays SET departure = '{}' WHERE id = {}",
        night(45),
        other.id
    ))
    .await
    .unwrap_err();
    assert!(e.contains("outside the stay"), "{e}");
    // A night on a bed out of order.
    hostel::close(
        &app.pool,
        &desk(),
        r.id,
        &ClosureInput {
            bed_id: None,
            first_night: night(70).to_string(),
            last_night: night(71).to_string(),
            reason: "Peinture".into(),
        },
    )
    .await
    .unwrap();
    sqlx::query("UPDATE hostel_stays SET departure = ? WHERE id = ?")
        .bind(night(75).to_string())
        .bind(other.id)
        .execute(&app.pool)
        .await
        .unwrap();
    let e = run(format!(
        "INSERT INTO hostel_nights (stay_id, bed_id, night, held_at) VALUES ({}, {bed}, '{}', 'x')",
        other.id,
        night(70)
    ))
    .await
    .unwrap_err();
    assert!(e.contains("out of order"), "{e}");
    // What the check says after all this: still no bed-night held twice.
    let findings = citeosquare_server::check::run(&app.pool).await.unwrap();
    for f in findings
        .iter()
        .filter(|f| f.name.starts_with("no_hostel") || f.name == "hostel_triggers_present")
    {
        assert!(f.ok, "{}: {}", f.name, f.detail);
    }
}

#[tokio::test]
async fn nights_are_local_nights_over_the_changes_of_clocks() {
    let app = TestApp::new().await;
    let r = room(&app.pool, "Chambre Heure", "private", 1, 4000).await;
    // Over the last Sunday of March 2027 (28th, 23 hours) and of October 2027 (31st, 25 hours).
    for (from, to) in [("2027-03-27", "2027-03-30"), ("2027-10-30", "2027-11-02")] {
        let s = book(&app.pool, new_stay("Heure", 1, d(from), d(to), Some(r.id)))
            .await
            .unwrap();
        assert_eq!(s.nights(), 3);
        assert_eq!(held(&app.pool, s.id).await, 3);
        let mut conn = app.pool.acquire().await.unwrap();
        assert_eq!(stays::price_cents(&mut conn, s.id).await.unwrap(), 3 * 4000);
    }
    // A walk-in at 00:30 is checked in on the night that began the evening before.
    let first = night(40);
    let s = book(
        &app.pool,
        new_stay("Tard", 1, first, first + Duration::days(2), Some(r.id)),
    )
    .await
    .unwrap();
    let e = stays::check_in(&app.pool, Paris, &desk(), s.id, local(first, 5, 0)).await;
    assert_eq!(
        conflict(e),
        "error-hostel-too-early",
        "05:00 the same day is the night before"
    );
    let s = stays::check_in(
        &app.pool,
        Paris,
        &desk(),
        s.id,
        local(first + Duration::days(1), 0, 30),
    )
    .await
    .unwrap();
    assert_eq!(s.status, "checked_in");
    assert_eq!(
        held(&app.pool, s.id).await,
        2,
        "both nights kept (and paid)"
    );
}

#[tokio::test]
async fn leaving_early_and_staying_longer() {
    let app = TestApp::new().await;
    let r = room(&app.pool, "Dortoir Long", "dorm", 2, 2000).await;
    let first = night(40);
    let s = book(
        &app.pool,
        new_stay("Voyageuse", 1, first, first + Duration::days(4), Some(r.id)),
    )
    .await
    .unwrap();
    let mut conn = app.pool.acquire().await.unwrap();
    assert_eq!(stays::price_cents(&mut conn, s.id).await.unwrap(), 8000);
    // Check-in on the first evening, departure on the second morning.
    stays::check_in(&app.pool, Paris, &desk(), s.id, local(first, 21, 0))
        .await
        .unwrap();
    // Not before the folio is settled: two nights at 20 € and their taxe de séjour (5 % of 20 €
    // = 1,00 €, plus the department's 10 % = 1,10 € a night), nothing changed by the refusal.
    let leaving = local(first + Duration::days(2), 9, 30);
    match stays::check_out(&app.pool, Paris, &desk(), s.id, leaving).await {
        Err(Refusal::Conflict { key, arg }) => {
            assert_eq!(key, "error-hostel-folio-unpaid");
            assert_eq!(arg, "42,20 €");
        }
        other => panic!("an unpaid departure was not refused: {other:?}"),
    }
    assert_eq!(held(&app.pool, s.id).await, 4);
    let lines: i64 =
        sqlx::query_scalar("SELECT count(*) FROM hostel_folio_lines WHERE stay_id = ?")
            .bind(s.id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(lines, 0, "a refused departure posts nothing");
    let s = pay_and_leave(&app.pool, s.id, leaving).await.unwrap();
    assert_eq!(s.status, "checked_out");
    let mut c2 = app.pool.acquire().await.unwrap();
    let f = hostel::folio::folio(&mut c2, &s).await.unwrap();
    drop(c2);
    assert_eq!(
        (f.charges_cents, f.paid_cents, f.balance_cents),
        (4220, 4220, 0)
    );
    assert_eq!(s.departure, (first + Duration::days(2)).to_string());
    assert_eq!(held(&app.pool, s.id).await, 2);
    assert_eq!(stays::price_cents(&mut conn, s.id).await.unwrap(), 4000);
    let released: Vec<String> = sqlx::query_scalar(
        "SELECT released_why FROM hostel_nights WHERE stay_id = ? AND released_at IS NOT NULL",
    )
    .bind(s.id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(released, vec!["early_departure", "early_departure"]);
    // The freed nights are for sale again.
    book(
        &app.pool,
        new_stay(
            "Suivant",
            2,
            first + Duration::days(2),
            first + Duration::days(4),
            Some(r.id),
        ),
    )
    .await
    .unwrap();

    // Extension: the same beds if they are free, refused with why when one is not.
    let s = book(
        &app.pool,
        new_stay("Prolonge", 1, night(50), night(52), Some(r.id)),
    )
    .await
    .unwrap();
    let s = stays::change_departure(
        &app.pool,
        Paris,
        &desk(),
        s.id,
        &night(54).to_string(),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(held(&app.pool, s.id).await, 4);
    let beds: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT bed_id) FROM hostel_nights WHERE stay_id = ? AND released_at IS NULL",
    )
    .bind(s.id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(beds, 1, "the guest keeps one bed for the whole stay");
    let mut both = new_stay("Deux", 2, night(54), night(55), Some(r.id));
    both.beds = Some(2);
    book(&app.pool, both).await.unwrap();
    assert_eq!(
        conflict(
            stays::change_departure(
                &app.pool,
                Paris,
                &desk(),
                s.id,
                &night(55).to_string(),
                Utc::now()
            )
            .await
        ),
        "error-hostel-extend-taken"
    );
    assert_eq!(
        held(&app.pool, s.id).await,
        4,
        "a refused extension changes nothing"
    );
    // Shortening releases.
    let s = stays::change_departure(
        &app.pool,
        Paris,
        &desk(),
        s.id,
        &night(51).to_string(),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(held(&app.pool, s.id).await, 1);
}

#[tokio::test]
async fn requests_no_shows_closures_and_bad_input() {
    let app = TestApp::new().await;
    let r = room(&app.pool, "Chambre Demande", "private", 2, 5000).await;
    // A request from the website holds nothing until the desk accepts it.
    let mut req = new_stay("Sofia", 2, night(40), night(42), Some(r.id));
    req.source = Some("website".into());
    let s = book(&app.pool, req).await.unwrap();
    assert_eq!(s.status, "requested");
    assert_eq!(held(&app.pool, s.id).await, 0);
    let s = stays::confirm(&app.pool, Paris, &desk(), s.id, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (s.status.as_str(), held(&app.pool, s.id).await),
        ("confirmed", 4)
    );
    // A closure over held nights is refused and names the guests.
    let closing = ClosureInput {
        bed_id: None,
        first_night: night(41).to_string(),
        last_night: night(41).to_string(),
        reason: "Fuite".into(),
    };
    match hostel::close(&app.pool, &desk(), r.id, &closing).await {
        Err(Refusal::Conflict { key, arg }) => {
            assert_eq!(key, "error-hostel-closure-held");
            assert_eq!(arg, "Sofia");
        }
        other => panic!("{other:?}"),
    }
    // A no-show only once the first night is over; then its nights are free.
    assert_eq!(
        conflict(stays::no_show(&app.pool, Paris, &desk(), s.id, local(night(40), 23, 0)).await),
        "error-hostel-no-show-early"
    );
    let s = stays::no_show(&app.pool, Paris, &desk(), s.id, local(night(41), 10, 0))
        .await
        .unwrap();
    assert_eq!(
        (s.status.as_str(), held(&app.pool, s.id).await),
        ("no_show", 0)
    );
    hostel::close(&app.pool, &desk(), r.id, &closing)
        .await
        .unwrap();
    assert_eq!(
        conflict(
            book(
                &app.pool,
                new_stay("Après", 1, night(41), night(42), Some(r.id))
            )
            .await
        ),
        "error-hostel-room-taken-nights"
    );
    // Bad input: each field says why, nothing is stored.
    let before: i64 = app.count("SELECT count(*) FROM hostel_stays").await;
    let bad = NewStay {
        guest_name: " ".into(),
        people: 0,
        arrival: "2020-01-01".into(),
        departure: "demain".into(),
        source: Some("fax".into()),
        email: "pas-un-courriel".into(),
        ..NewStay::default()
    };
    let fields = invalid(book(&app.pool, bad).await);
    for want in [
        ("guest_name", "error-hostel-guest-name"),
        ("people", "error-hostel-people"),
        ("arrival", "error-hostel-past"),
        ("departure", "error-hostel-date"),
        ("source", "error-hostel-source"),
        ("email", "error-hostel-email"),
    ] {
        assert!(fields.contains(&want), "{want:?} not in {fields:?}");
    }
    let mut too_many = new_stay("Famille", 3, night(60), night(61), Some(r.id));
    too_many.whole_room = true;
    assert!(
        invalid(book(&app.pool, too_many).await)
            .contains(&("people", "error-hostel-room-too-small"))
    );
    assert_eq!(app.count("SELECT count(*) FROM hostel_stays").await, before);
    // The same request key gives back the same stay (a double click).
    let mut once = new_stay("Double clic", 1, night(60), night(61), None);
    once.request_key = Some("clic-1".into());
    let a = book(&app.pool, once.clone()).await.unwrap();
    let b = book(&app.pool, once).await.unwrap();
    assert_eq!(a.id, b.id);
}

#[tokio::test]
async fn the_desk_runs_its_night_from_the_pages() {
    let app = TestApp::new().await;
    let desk_session = app.session("accueil").await;
    // The day shows the demo's guests, the group arriving tonight and the request waiting.
    let page = app.page("/hotel", Some(&desk_session)).await;
    assert_eq!(page.status, StatusCode::OK);
    for name in [
        "Ingrid Larsen",
        "Lycée Jean-Moulin (Mme Diallo)",
        "Paul Girard",
        "Sofia Rossi",
    ] {
        assert!(page.body.contains(name), "{name} missing from /hotel");
    }
    // The desk's home has the hostel's box.
    let home = app.page("/accueil", Some(&desk_session)).await;
    assert!(home.body.contains("Arrivées ce soir"), "{}", home.body);
    // A walk-in at the desk: the form refuses a missing contact at the field, then records.
    let base = [
        ("guest_name", "Nadia Benali"),
        ("people", "1"),
        ("arrival", &night(0).to_string()),
        ("departure", &night(1).to_string()),
        ("room_id", ""),
        ("source", "walk_in"),
    ];
    let refused = app
        .post_form("/hotel/sejours/nouveau", Some(&desk_session), &base)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Donnez un téléphone ou un courriel."));
    assert!(
        refused.body.contains("value=\"Nadia Benali\""),
        "the form keeps what was typed"
    );
    let mut fields = base.to_vec();
    fields.push(("phone", "06 11 22 33 44"));
    let made = app
        .post_form("/hotel/sejours/nouveau", Some(&desk_session), &fields)
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let id: i64 = made
        .location()
        .trim_start_matches("/hotel/sejours/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let stay_page = app.page(made.location(), Some(&desk_session)).await;
    assert!(stay_page.body.contains("Séjour enregistré."));
    assert!(
        stay_page.body.contains("Dortoir Tilleul : lits"),
        "{}",
        stay_page.body
    );
    assert!(stay_page.body.contains("22,00 €"));
    // Arrival, then departure, from the buttons.
    let arrived = app
        .post_form(
            &format!("/hotel/sejours/{id}/arrivee"),
            Some(&desk_session),
            &[],
        )
        .await;
    assert_eq!(arrived.status, StatusCode::SEE_OTHER);
    let again = app
        .post_form(
            &format!("/hotel/sejours/{id}/arrivee"),
            Some(&desk_session),
            &[],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("les clients sont arrivés"));
    // Departure in one screen: what is left to pay (22,00 € and 1,21 € of taxe de séjour: 5 %
    // of 22 € and the department's 10 %), paid and checked out in one step — not without paying.
    let stay_page = app
        .page(&format!("/hotel/sejours/{id}"), Some(&desk_session))
        .await;
    assert!(
        stay_page.body.contains("<title>Nadia Benali — "),
        "the title is the guest's name"
    );
    assert!(
        stay_page.body.contains("Reste à payer au départ : 23,21 €"),
        "{}",
        stay_page.body
    );
    assert!(stay_page.body.contains("name=\"amount\" value=\"23,21\""));
    let unpaid = app
        .post_form(
            &format!("/hotel/sejours/{id}/depart"),
            Some(&desk_session),
            &[],
        )
        .await;
    assert_eq!(unpaid.status, StatusCode::CONFLICT);
    assert!(
        unpaid
            .body
            .contains("Le séjour n&#39;est pas réglé : il reste 23,21 € à payer.")
    );
    let too_much = app
        .post_form(
            &format!("/hotel/sejours/{id}/depart"),
            Some(&desk_session),
            &[("method", "cash"), ("amount", "30")],
        )
        .await;
    assert_eq!(too_much.status, StatusCode::CONFLICT);
    assert!(
        too_much
            .body
            .contains("Le montant dépasse ce qui reste à payer (23,21 €).")
    );
    assert_eq!(
        stays::stay(&app.pool, id).await.unwrap().status,
        "checked_in"
    );
    let left = app
        .post_form(
            &format!("/hotel/sejours/{id}/depart"),
            Some(&desk_session),
            &[("method", "card"), ("amount", "23,21"), ("reference", "")],
        )
        .await;
    assert_eq!(left.status, StatusCode::SEE_OTHER, "{}", left.body);
    let receipt = app
        .page(&format!("/hotel/sejours/{id}/recu"), Some(&desk_session))
        .await;
    assert!(
        receipt.body.contains("Paiement : Carte bancaire"),
        "{}",
        receipt.body
    );
    assert!(receipt.body.contains("-23,21 €"));
    let s = stays::stay(&app.pool, id).await.unwrap();
    assert_eq!(s.status, "checked_out");
    assert_eq!(s.checked_out_by.as_deref(), Some("accueil"));
    // Cancelling asks first, then releases.
    let group: i64 =
        sqlx::query_scalar("SELECT id FROM hostel_stays WHERE guest_name LIKE 'Lycée%'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let ask = app
        .page(
            &format!("/hotel/sejours/{group}/annuler"),
            Some(&desk_session),
        )
        .await;
    assert!(ask.body.contains("Annuler ce séjour ?"));
    assert_eq!(held(&app.pool, group).await, 15);
    let done = app
        .post_form(
            &format!("/hotel/sejours/{group}/annuler"),
            Some(&desk_session),
            &[("reason", "Sortie scolaire reportée")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(held(&app.pool, group).await, 0);
    // The grid names the guests in house, in words.
    let grid = app.page("/hotel/grille", Some(&desk_session)).await;
    assert!(grid.body.contains("Ingrid Larsen"));
    assert!(
        grid.body.contains("hors service : Fuite d"),
        "the closed room says why: {}",
        grid.body
    );
    // A resident does not see the hostel's desk.
    let resident = app.session("resident").await;
    assert_eq!(
        app.page("/hotel", Some(&resident)).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_api_refuses_precisely_and_reports_the_day() {
    let app = TestApp::new().await;
    let token = app.token("accueil").await;
    let bad = app
        .call(
            Method::POST,
            "/api/v1/hostel/stays",
            Some(&token),
            Some(json!({"guest_name": "X", "phone": "06", "people": 1,
                        "arrival": "31/12/2026", "departure": "2027-01-02"})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("\"arrival\""), "{}", bad.body);
    let day = app
        .call(Method::GET, "/api/v1/hostel/day", Some(&token), None)
        .await;
    assert_eq!(day.status, StatusCode::OK);
    let v = day.json();
    let in_house: Vec<&str> = v["in_house"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["guest_name"].as_str().unwrap())
        .collect();
    assert!(in_house.contains(&"Ingrid Larsen"), "{in_house:?}");
    assert_eq!(v["requests"].as_array().unwrap().len(), 1);
    let grid = app
        .call(
            Method::GET,
            "/api/v1/hostel/grid?nights=100",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(grid.status, StatusCode::UNPROCESSABLE_ENTITY);
    let grid = app
        .call(
            Method::GET,
            "/api/v1/hostel/grid?nights=7",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(grid.status, StatusCode::OK);
    let rows = grid.json()["rows"].as_array().unwrap().len();
    assert_eq!(rows, 6 + 6 + 2 + 2 + 4 + 1, "every bed of the demo's rooms");
    // Police forms through the API: a French guest is refused at the field; the demo's
    // Norwegian guest is on the list; the housekeeping says which beds wait.
    let ingrid: i64 =
        sqlx::query_scalar("SELECT id FROM hostel_stays WHERE guest_name = 'Ingrid Larsen'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let french = app
        .call(
            Method::POST,
            &format!("/api/v1/hostel/stays/{ingrid}/police-forms"),
            Some(&token),
            Some(json!({"last_name": "Martin", "first_name": "Léa", "birth_date": "1990-01-01",
                        "birth_place": "Lyon", "nationality": "France", "address": "1 rue de Lyon, Lyon",
                        "signed_on_paper": true})),
        )
        .await;
    assert_eq!(french.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(french.body.contains("nationality"), "{}", french.body);
    let forms = app
        .call(
            Method::GET,
            "/api/v1/hostel/police-forms",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(forms.status, StatusCode::OK);
    assert_eq!(forms.json()[0]["last_name"], "Larsen");
    let hk = app
        .call(
            Method::GET,
            "/api/v1/hostel/housekeeping",
            Some(&token),
            None,
        )
        .await
        .json();
    assert_eq!(hk[0]["room_name"], "Dortoir Tilleul");
    assert_eq!(hk[0]["dirty"], json!(["1", "2"]));
    assert_eq!(hk[0]["arrival_tonight"], true);
    // The demo's check passes.
    for f in citeosquare_server::check::run(&app.pool).await.unwrap() {
        assert!(f.ok, "{}: {}", f.name, f.detail);
    }
}

#[tokio::test]
async fn erasing_a_guest_keeps_the_counts_not_the_name() {
    let app = TestApp::new().await;
    let person: i64 = 1;
    let mut past = new_stay("Marie Lefèvre", 1, night(0), night(2), None);
    past.person_id = Some(person);
    past.email = "marie@example.org".into();
    let s = book(&app.pool, past).await.unwrap();
    let export = citeosquare_server::people::export(&app.pool, citeosquare_server::DOMAINS, person)
        .await
        .unwrap();
    assert_eq!(export["hostel"]["stays"][0]["guest_name"], "Marie Lefèvre");
    citeosquare_server::people::erase(&app.pool, citeosquare_server::DOMAINS, &desk(), person)
        .await
        .unwrap();
    let s = stays::stay(&app.pool, s.id).await.unwrap();
    assert_eq!(s.guest_name, "Compte effacé");
    assert_eq!((s.email.as_str(), s.phone.as_str()), ("", ""));
    assert_eq!(s.status, "cancelled", "a stay to come is cancelled");
    assert_eq!(s.people, 1, "the head count stays");
    assert_eq!(held(&app.pool, s.id).await, 0);
}

fn foreigner() -> hostel::police::PoliceInput {
    hostel::police::PoliceInput {
        last_name: "Okafor".into(),
        first_name: "Chidi".into(),
        birth_date: "1984-02-29".into(),
        birth_place: "Lagos (Nigeria)".into(),
        nationality: "nigériane".into(),
        address: "12 Awolowo Road, Ikoyi, Lagos, Nigeria".into(),
        phone: "+234 803 000 0000".into(),
        email: String::new(),
        children: 2,
        signed_on_paper: true,
    }
}

#[tokio::test]
async fn police_forms_for_foreign_guests_only_kept_six_months_and_never_a_scan() {
    let app = TestApp::new().await;
    let r = room(&app.pool, "Chambre Fiche", "private", 4, 8000).await;
    let (from, to) = (night(40), night(42));
    let s = book(
        &app.pool,
        new_stay("Famille Okafor", 4, from, to, Some(r.id)),
    )
    .await
    .unwrap();
    let today = night(0);
    let f = hostel::police::add(&app.pool, &desk(), s.id, &foreigner(), today)
        .await
        .unwrap();
    assert_eq!(
        (f.arrival.as_str(), f.departure.as_str()),
        (from.to_string().as_str(), to.to_string().as_str())
    );
    assert_eq!(
        f.purge_on,
        (to.checked_add_months(chrono::Months::new(6)).unwrap()).to_string()
    );
    // A French guest fills in no form; a foreign guest's form needs every field and the signature.
    let mut french = foreigner();
    french.nationality = "Française".into();
    let fields = invalid(hostel::police::add(&app.pool, &desk(), s.id, &french, today).await);
    assert_eq!(fields, vec![("nationality", "error-hostel-police-french")]);
    let empty = hostel::police::PoliceInput {
        nationality: "belge".into(),
        ..hostel::police::PoliceInput::default()
    };
    let fields = invalid(hostel::police::add(&app.pool, &desk(), s.id, &empty, today).await);
    for want in [
        ("last_name", "error-hostel-police-field"),
        ("first_name", "error-hostel-police-field"),
        ("birth_date", "error-hostel-police-birth"),
        ("birth_place", "error-hostel-police-field"),
        ("address", "error-hostel-police-field"),
        ("signed_on_paper", "error-hostel-police-signature"),
    ] {
        assert!(fields.contains(&want), "{want:?} not in {fields:?}");
    }
    assert!(
        !fields.iter().any(|f| f.0 == "phone" || f.0 == "email"),
        "phone and e-mail are optional"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM hostel_police_forms WHERE last_name = 'Okafor'")
            .await,
        1
    );
    // The list for a range of dates, printable, names the guest.
    let desk_session = app.session("accueil").await;
    let list = app
        .page(
            &format!("/hotel/fiches?du={from}&au={to}"),
            Some(&desk_session),
        )
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains("OKAFOR Chidi") && list.body.contains("1 fiche"),
        "{}",
        list.body
    );
    // No identity document: the table has nowhere to keep one, and a form sent with a file
    // attached is refused without storing anything.
    let columns: Vec<String> =
        sqlx::query_scalar("SELECT name FROM pragma_table_info('hostel_police_forms')")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert!(
        !columns
            .iter()
            .any(|c| ["photo", "scan", "document", "image", "file"]
                .iter()
                .any(|w| c.contains(w))),
        "{columns:?}"
    );
    let blobs = app
        .count("SELECT count(*) FROM pragma_table_info('hostel_police_forms') WHERE type = 'BLOB'")
        .await;
    assert_eq!(blobs, 0);
    let boundary = "----citeosquare";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"last_name\"\r\n\r\nScan\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"passport\"; filename=\"passeport.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\u{ff}\u{d8}\u{ff}\r\n--{boundary}--\r\n",
        desk_session.csrf
    );
    let req = TestApp::page_request(
        Method::POST,
        &format!("/hotel/sejours/{}/fiches", s.id),
        Some(&desk_session),
    )
    .header(
        "content-type",
        format!("multipart/form-data; boundary={boundary}"),
    )
    .header("origin", "http://127.0.0.1:8080")
    .body(axum::body::Body::from(body))
    .unwrap();
    let reply = app.send(req).await;
    assert!(reply.status.is_client_error(), "{}", reply.status);
    assert_eq!(
        app.count("SELECT count(*) FROM hostel_police_forms WHERE last_name = 'Scan'")
            .await,
        0
    );
    // Six months after the departure the purge deletes it, and the check proves none is older.
    let finding = |findings: Vec<citeosquare_server::web::domain::Finding>| {
        findings
            .into_iter()
            .find(|f| f.name == "hostel_police_forms_purged_after_six_months")
            .unwrap()
    };
    assert!(finding(citeosquare_server::check::run(&app.pool).await.unwrap()).ok);
    sqlx::query(
        "UPDATE hostel_police_forms SET arrival = date('now', '-200 days'),
             departure = date('now', '-190 days'), purge_on = date('now', '-1 day') WHERE id = ?",
    )
    .bind(f.id)
    .execute(&app.pool)
    .await
    .unwrap();
    assert!(!finding(citeosquare_server::check::run(&app.pool).await.unwrap()).ok);
    let purged = hostel::police::purge(&app.pool, Utc::now().date_naive())
        .await
        .unwrap();
    assert_eq!(purged, 1);
    assert_eq!(
        app.count("SELECT count(*) FROM hostel_police_forms WHERE last_name = 'Okafor'")
            .await,
        0
    );
    assert!(finding(citeosquare_server::check::run(&app.pool).await.unwrap()).ok);
    // The demo's foreign guest has her form.
    assert_eq!(
        app.count("SELECT count(*) FROM hostel_police_forms WHERE last_name = 'Larsen'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_check_out_makes_beds_dirty_and_nobody_is_checked_in_on_one() {
    let app = TestApp::new().await;
    let r = room(&app.pool, "Chambre Ménage", "private", 2, 5000).await;
    let first = night(40);
    let before = book(
        &app.pool,
        new_stay("Avant", 2, first, first + Duration::days(1), Some(r.id)),
    )
    .await
    .unwrap();
    let after = book(
        &app.pool,
        new_stay(
            "Après",
            2,
            first + Duration::days(1),
            first + Duration::days(2),
            Some(r.id),
        ),
    )
    .await
    .unwrap();
    stays::check_in(&app.pool, Paris, &desk(), before.id, local(first, 20, 0))
        .await
        .unwrap();
    pay_and_leave(
        &app.pool,
        before.id,
        local(first + Duration::days(1), 10, 0),
    )
    .await
    .unwrap();
    let dirty = app
        .count("SELECT count(*) FROM hostel_beds b JOIN hostel_rooms r ON r.id = b.room_id WHERE r.name = 'Chambre Ménage' AND b.housekeeping = 'dirty'")
        .await;
    assert_eq!(dirty, 2);
    // The next guests arrive before the room is made: refused, naming the beds.
    match stays::check_in(
        &app.pool,
        Paris,
        &desk(),
        after.id,
        local(first + Duration::days(1), 18, 0),
    )
    .await
    {
        Err(Refusal::Conflict { key, arg }) => {
            assert_eq!(key, "error-hostel-bed-dirty");
            assert_eq!(arg, "Chambre Ménage – 1, Chambre Ménage – 2");
        }
        other => panic!("{other:?}"),
    }
    // The housekeeper marks the room clean from the phone page; then the check-in goes through.
    let desk_session = app.session("accueil").await;
    let page = app.page("/hotel/menage", Some(&desk_session)).await;
    assert!(page.body.contains("Lits à faire : 1, 2"), "{}", page.body);
    let done = app
        .post_form(
            &format!("/hotel/menage/{}", r.id),
            Some(&desk_session),
            &[("state", "clean")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location(), "/hotel/menage?ok=ok-hostel-hk-done");
    let bad = app
        .post_form(
            &format!("/hotel/menage/{}", r.id),
            Some(&desk_session),
            &[("state", "brillant")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Choisissez propre, à faire ou vérifiée."));
    stays::check_in(
        &app.pool,
        Paris,
        &desk(),
        after.id,
        local(first + Duration::days(1), 18, 0),
    )
    .await
    .unwrap();
    // On the demo: the students arriving tonight wait for the two beds the hiking club left.
    let day = app.page("/hotel", Some(&desk_session)).await;
    assert!(
        day.body
            .contains("attend des lits propres : Dortoir Tilleul – 1, Dortoir Tilleul – 2"),
        "{}",
        day.body
    );
    let hk = app.page("/hotel/menage", Some(&desk_session)).await;
    let tilleul = hk.body.find("Dortoir Tilleul").unwrap();
    let glycine = hk.body.find("Dortoir Glycine").unwrap();
    assert!(
        tilleul < glycine,
        "the room with an arrival tonight comes first"
    );
    assert!(hk.body.contains("Des clients arrivent ce soir"));
}

#[tokio::test]
async fn the_taxe_de_sejour_per_person_night_and_its_register_without_names() {
    let app = TestApp::new().await;
    let r = room(&app.pool, "Chambre Taxe", "private", 4, 8000).await;
    let admin = app.token("admin").await;
    // Unclassified: 5 % of the price per person and night, capped at 4,30 €, departmental 10 %.
    let rule = app
        .call(
            Method::POST,
            "/api/v1/hostel/tax-rules",
            Some(&admin),
            Some(
                json!({"commune": "Saint-Étienne", "first_night": "2027-01-01",
                        "last_night": "2027-12-31", "mode": "unclassified", "rate_bp": 500,
                        "cap_cents": 430, "department_bp": 1000}),
            ),
        )
        .await;
    assert_eq!(rule.status, StatusCode::CREATED, "{}", rule.body);
    // A family of four, two of them minors, three nights over the change to summer time: 80 € a
    // night is 20 € per person; 5 % is 1,00 €, + 10 % = 1,10 € per taxed person and night;
    // 2 adults × 3 nights = 6,60 €.
    let mut family = new_stay(
        "Famille Taxe",
        4,
        d("2027-03-27"),
        d("2027-03-30"),
        Some(r.id),
    );
    family.minors = 2;
    let s = book(&app.pool, family).await.unwrap();
    let mut conn = app.pool.acquire().await.unwrap();
    let t = hostel::tax::of_stay(&mut conn, &s, None).await.unwrap();
    assert_eq!(
        (t.cents, t.taxed_person_nights, t.exempt_person_nights),
        (660, 6, 6)
    );
    // A seasonal worker employed in the commune: exempt, and the register says why.
    let mut worker = new_stay(
        "Saisonnier",
        1,
        d("2027-03-30"),
        d("2027-04-02"),
        Some(r.id),
    );
    worker.tax_exempt = 1;
    worker.tax_exempt_reason = Some("seasonal_worker".into());
    let w = book(&app.pool, worker.clone()).await.unwrap();
    let tw = hostel::tax::of_stay(&mut conn, &w, None).await.unwrap();
    assert_eq!((tw.cents, tw.exempt_person_nights), (0, 3));
    // An exemption needs its reason, and cannot outnumber the people.
    worker.tax_exempt_reason = None;
    worker.arrival = "2027-05-01".into();
    worker.departure = "2027-05-02".into();
    assert!(
        invalid(book(&app.pool, worker.clone()).await)
            .contains(&("tax_exempt_reason", "error-hostel-tax-reason"))
    );
    worker.tax_exempt_reason = Some("seasonal_worker".into());
    worker.minors = 1;
    assert!(
        invalid(book(&app.pool, worker).await).contains(&("minors", "error-hostel-tax-people"))
    );
    // The register counts the stays that slept here: after their check-ins and check-outs.
    stays::check_in(
        &app.pool,
        Paris,
        &desk(),
        s.id,
        local(d("2027-03-27"), 20, 0),
    )
    .await
    .unwrap();
    pay_and_leave(&app.pool, s.id, local(d("2027-03-30"), 10, 0))
        .await
        .unwrap();
    hostel::housekeeping::mark(
        &app.pool,
        &desk(),
        r.id,
        &hostel::housekeeping::MarkInput {
            state: "clean".into(),
            bed_id: None,
        },
    )
    .await
    .unwrap();
    stays::check_in(
        &app.pool,
        Paris,
        &desk(),
        w.id,
        local(d("2027-03-30"), 20, 0),
    )
    .await
    .unwrap();
    let token = app.token("accueil").await;
    let register = app
        .call(
            Method::GET,
            "/api/v1/hostel/tax-register?from=2027-03-01&to=2027-03-31",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(register.status, StatusCode::OK, "{}", register.body);
    let lines = register.json();
    assert_eq!(lines.as_array().unwrap().len(), 2);
    assert_eq!(lines[0]["tax_cents"], 660);
    assert_eq!(
        lines[1]["nights"], 2,
        "only the worker's March nights (30 and 31)"
    );
    assert_eq!(lines[1]["exempt_reason"], "seasonal_worker");
    assert!(
        !register.body.contains("Famille Taxe") && !register.body.contains("Saisonnier"),
        "no names"
    );
    // The same register as CSV the French way, and printable.
    let session = app.session("accueil").await;
    let csv = app
        .page(
            "/hotel/taxe-de-sejour.csv?du=2027-03-01&au=2027-03-31",
            Some(&session),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.content_type().starts_with("text/csv"));
    assert!(
        csv.body.contains("27/03/2027;30/03/2027;4;3;2;0;;6;6;6,60"),
        "{}",
        csv.body
    );
    assert!(
        csv.body
            .contains("30/03/2027;02/04/2027;1;2;0;1;saisonnier employé dans la commune;0;2;0,00"),
        "{}",
        csv.body
    );
    assert!(csv.body.contains("Total;;5;5;;;;6;8;6,60"), "{}", csv.body);
    let page = app
        .page(
            "/hotel/taxe-de-sejour?du=2027-03-01&au=2027-03-31",
            Some(&session),
        )
        .await;
    assert!(
        page.body.contains("Taxe collectée : 6,60 €"),
        "{}",
        page.body
    );
    let bad = app
        .page(
            "/hotel/taxe-de-sejour?du=2027-04-01&au=2027-03-01",
            Some(&session),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The stay's page shows the tax apart from the price.
    let stay_page = app
        .page(&format!("/hotel/sejours/{}", s.id), Some(&session))
        .await;
    assert!(
        stay_page.body.contains("240,00 €")
            && stay_page
                .body
                .contains("6,60 € (2 personne(s) exonérée(s))"),
        "{}",
        stay_page.body
    );
}
