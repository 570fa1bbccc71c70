//! What each domain tells people through `notify::tell` (issue 17), on the demo site, through the
//! domains' own functions: a room booked and confirmed at once, moved, cancelled; a series asked
//! for, answered yes and no; a vehicle booked (once, and weekly), cancelled, and its reminder the
//! day before; a hostel stay confirmed at once or accepted by the desk, changed (its departure
//! moved, another room), then cancelled. Each
//! message goes to the right person, in their language, of the right kind, and its words name the
//! room or the vehicle and the local date and time; a change that is refused tells nobody.
//!
//! The expected dates are written here by hand (not with the server's own formatter), so a
//! message that named the wrong day or the UTC hour would show.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Europe::Paris;
use citeosquare_server::audit::Actor;
use citeosquare_server::hostel::{self, RoomInput, stays};
use citeosquare_server::notify;
use citeosquare_server::refusal::Refusal;
use citeosquare_server::spaces::booking::{
    self, NewBooking, NewSeries, Policy, Requester, Reschedule, Scope,
};
use citeosquare_server::vehicles::booking as vehicle_booking;
use citeosquare_server::{db, time};
use support::TestApp;

const MARIE: i64 = 1;
const JEAN: i64 = 2;
const ODETTE: i64 = 6;
const RENE: i64 = 9;
const ZOE: i64 = 3;

fn desk_actor() -> Actor {
    Actor {
        id: None,
        name: "Accueil (test)".into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Dates as a French or English reader expects them, written independently of the server

const JOURS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `jeudi 24 décembre 2026` (`1er` for the first of the month).
fn fr_day(d: NaiveDate) -> String {
    let n = if d.day() == 1 {
        "1er".to_owned()
    } else {
        d.day().to_string()
    };
    format!(
        "{} {n} {} {}",
        JOURS[d.weekday().num_days_from_monday() as usize],
        MOIS[d.month0() as usize],
        d.year()
    )
}

/// `jeudi 24 décembre 2026 à 18 h 00`, Paris time.
fn fr_when(at: DateTime<Utc>) -> String {
    let l = at.with_timezone(&Paris);
    format!("{} à {}", fr_day(l.date_naive()), l.format("%H h %M"))
}

/// `Thursday 24 December 2026`.
fn en_day(d: NaiveDate) -> String {
    format!(
        "{} {} {} {}",
        DAYS[d.weekday().num_days_from_monday() as usize],
        d.day(),
        MONTHS[d.month0() as usize],
        d.year()
    )
}

/// `Thursday 24 December 2026 at 18:00`, Paris time.
fn en_when(at: DateTime<Utc>) -> String {
    let l = at.with_timezone(&Paris);
    format!("{} at {}", en_day(l.date_naive()), l.format("%H:%M"))
}

/// A Paris wall-clock time on `day`.
fn at(day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    time::resolve_local(
        Paris,
        day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()),
    )
}

fn today() -> NaiveDate {
    Utc::now().with_timezone(&Paris).date_naive()
}

// ---------------------------------------------------------------------------------------------
// The outbox

/// A person's messages of `kind`, oldest first.
async fn told(app: &TestApp, person: i64, kind: &str) -> Vec<notify::Message> {
    let mut all: Vec<_> = notify::of_person(&app.pool, person, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == kind)
        .collect();
    all.reverse();
    all
}

async fn outbox(app: &TestApp) -> i64 {
    app.count("SELECT count(*) FROM notifications").await
}

async fn set_language(app: &TestApp, person: i64, lang: &str) {
    sqlx::query("UPDATE persons SET language = ? WHERE id = ?")
        .bind(lang)
        .bind(person)
        .execute(&app.pool)
        .await
        .unwrap();
}

async fn name_of(app: &TestApp, sql: &'static str, id: i64) -> String {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Rooms

/// The requester behind one of the demo's logins.
async fn requester(app: &TestApp, username: &str) -> Requester {
    let (user, person): (i64, Option<i64>) =
        sqlx::query_as("SELECT id, person_id FROM users WHERE username = ?")
            .bind(username)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let represents: Vec<i64> = sqlx::query_scalar(
        "SELECT association_id FROM association_members WHERE person_id = ? AND representative = 1",
    )
    .bind(person)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    Requester {
        user_id: Some(user),
        name: username.into(),
        staff: false,
        resident: username == "resident",
        person_id: person,
        represents,
    }
}

async fn space_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM spaces WHERE name = ?")
        .bind(name)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_room_booked_at_once_then_moved_then_cancelled_tells_its_resident_each_time() {
    let app = TestApp::new().await;
    let odette = requester(&app, "resident").await;
    let desk = Requester::desk(&desk_actor());
    let lavoir = space_id(&app, "Salle du Lavoir").await;
    let title = "Galette des voisins";
    // The Salle du Lavoir opens for meetings from Monday to Saturday, holidays aside: the first
    // such evening three weeks ahead or later.
    let mut made = None;
    for ahead in 21..35 {
        let day = today() + Duration::days(ahead);
        let nb = NewBooking {
            space_id: lavoir,
            start: at(day, 18, 0),
            end: at(day, 19, 30),
            title: title.into(),
            note: String::new(),
            association_id: None,
            person_id: None,
            seats: 1,
            attendees_expected: Some(8),
            public: None,
            request_key: None,
        };
        if let Ok(m) = booking::create(&app.pool, Paris, Utc::now(), &odette, &nb).await {
            made = Some((day, m.booking));
            break;
        }
    }
    let (day, b) = made.expect("an open evening in the Salle du Lavoir");
    assert_eq!(b.state, "confirmed");

    // Confirmed at once: Odette is told so, on her page (her login, no e-mail), in French.
    let confirmed = told(&app, ODETTE, "booking-approved").await;
    let m = confirmed
        .iter()
        .find(|m| m.event_key == format!("space-booking:{}:confirmed", b.id))
        .expect("the confirmation");
    assert_eq!(m.language, "fr");
    assert_eq!(m.channel, "page");
    assert_eq!(
        m.link.as_deref(),
        Some(format!("/reservations/{}", b.id).as_str())
    );
    let words = notify::render(m, Paris);
    assert_eq!(
        words.subject,
        format!(
            "Réservation confirmée : {title}, {}",
            fr_when(at(day, 18, 0))
        )
    );
    assert!(
        words.body.contains(&format!(
            "La salle Salle du Lavoir vous est réservée pour «\u{a0}{title}\u{a0}», {}.",
            fr_when(at(day, 18, 0))
        )),
        "{}",
        words.body
    );
    // Nobody else hears of it.
    assert!(
        notify::of_person(&app.pool, MARIE, 1000)
            .await
            .unwrap()
            .iter()
            .all(|m| !m.args.contains(title))
    );

    // A move refused (the end before the start) tells nobody; the desk moves it to 20:00.
    let before = outbox(&app).await;
    let bad = Reschedule {
        day: None,
        start: "20:00".into(),
        end: "19:00".into(),
        scope: Scope::One,
    };
    assert!(
        booking::reschedule(&app.pool, Paris, Utc::now(), &desk, b.id, &bad)
            .await
            .is_err()
    );
    assert_eq!(outbox(&app).await, before);
    let later = Reschedule {
        day: None,
        start: "20:00".into(),
        end: "21:30".into(),
        scope: Scope::One,
    };
    booking::reschedule(&app.pool, Paris, Utc::now(), &desk, b.id, &later)
        .await
        .unwrap();
    let moved = told(&app, ODETTE, "booking-moved").await;
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(
        moved[0].event_key,
        format!("space-booking:{}:moved:{}", b.id, b.sequence + 1)
    );
    let words = notify::render(&moved[0], Paris);
    assert_eq!(
        words.subject,
        format!(
            "Réservation déplacée : {title}, {}",
            fr_when(at(day, 20, 0))
        )
    );
    assert!(
        words.body.contains(&format!(
            "«\u{a0}{title}\u{a0}» (Salle du Lavoir) n'a plus lieu le {} : elle est déplacée au {}.",
            fr_when(at(day, 18, 0)),
            fr_when(at(day, 20, 0))
        )),
        "{}",
        words.body
    );

    // Odette cancels it with a reason; a second cancellation is refused and tells nothing more.
    booking::cancel(
        &app.pool,
        Utc::now(),
        &odette,
        b.id,
        Scope::One,
        "La galette est reportée.",
    )
    .await
    .unwrap();
    assert!(
        booking::cancel(&app.pool, Utc::now(), &odette, b.id, Scope::One, "")
            .await
            .is_err()
    );
    let cancelled = told(&app, ODETTE, "booking-cancelled").await;
    assert_eq!(cancelled.len(), 1, "{cancelled:?}");
    assert_eq!(cancelled[0].language, "fr");
    let words = notify::render(&cancelled[0], Paris);
    assert_eq!(
        words.subject,
        format!("Réservation annulée : {title}, {}", fr_when(at(day, 20, 0)))
    );
    assert!(
        words.body.contains(&format!(
            "La réservation «\u{a0}{title}\u{a0}» (Salle du Lavoir, {}) est annulée. \
             Motif : «\u{a0}La galette est reportée.\u{a0}»",
            fr_when(at(day, 20, 0))
        )),
        "{}",
        words.body
    );
    assert!(
        words.why.contains("cette réservation était la vôtre"),
        "{}",
        words.why
    );
}

/// A series of Sunday afternoons in the Salle polyvalente asked for by Marie, the Jardins
/// partagés' representative (the association's use waits for the desk).
async fn sunday_series(app: &TestApp, marie: &Requester, weeks_ahead: i64, title: &str) -> i64 {
    let association = marie.represents[0];
    let mut first = today() + Duration::weeks(weeks_ahead);
    while first.weekday() != Weekday::Sun {
        first = first.succ_opt().unwrap();
    }
    let ns = NewSeries {
        space_id: space_id(app, "Salle polyvalente").await,
        first_day: first,
        start: "14:00".into(),
        end: "17:00".into(),
        rule: "FREQ=WEEKLY;COUNT=3".into(),
        policy: Policy::SkipConflicts,
        title: title.into(),
        note: String::new(),
        association_id: Some(association),
        person_id: None,
        attendees_expected: Some(30),
        public: Some(false),
    };
    let made = booking::create_series(&app.pool, Paris, Utc::now(), marie, &ns)
        .await
        .unwrap();
    made.series_id.expect("a series made")
}

/// The dates of a series, soonest first: (id, state, start).
async fn dates_of(app: &TestApp, series: i64) -> Vec<(i64, String, String)> {
    sqlx::query_as(
        "SELECT id, state, start_at FROM space_bookings WHERE series_id = ? ORDER BY start_at",
    )
    .bind(series)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_series_asked_for_is_acknowledged_then_answered_yes_and_no_in_one_message_each() {
    let app = TestApp::new().await;
    let marie = requester(&app, "asso").await;
    let desk = Requester::desk(&desk_actor());

    // Asked for: one acknowledgement for all its dates.
    let title = "Ateliers du dimanche";
    let series = sunday_series(&app, &marie, 4, title).await;
    let dates = dates_of(&app, series).await;
    assert!(!dates.is_empty());
    assert!(dates.iter().all(|(_, state, _)| state == "requested"));
    let first = time::stored_instant(&dates[0].2);
    let n = dates.len();
    let asked = told(&app, MARIE, "booking-series-requested").await;
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert_eq!(asked[0].event_key, format!("space-series:{series}:made"));
    let words = notify::render(&asked[0], Paris);
    assert_eq!(
        words.subject,
        format!(
            "Demande reçue : {title}, {n} dates à partir du {}",
            fr_when(first)
        )
    );

    // The desk says yes to the whole series, with a word: one message, every date counted.
    let before = outbox(&app).await;
    booking::approve_series(
        &app.pool,
        Paris,
        Utc::now(),
        &desk,
        series,
        "Les clés sont à prendre à l'accueil.",
    )
    .await
    .unwrap();
    assert_eq!(
        outbox(&app).await,
        before + 1,
        "one message for the whole series"
    );
    let yes = told(&app, MARIE, "booking-series-approved").await;
    assert_eq!(yes.len(), 1, "{yes:?}");
    assert!(
        yes[0]
            .event_key
            .starts_with(&format!("space-series:{series}:approved:")),
        "{}",
        yes[0].event_key
    );
    assert_eq!(yes[0].language, "fr");
    assert_eq!(
        yes[0].link.as_deref(),
        Some(format!("/reservations/{}", dates[0].0).as_str())
    );
    let words = notify::render(&yes[0], Paris);
    assert_eq!(
        words.subject,
        format!(
            "Réservations confirmées : {title}, à partir du {}",
            fr_when(first)
        )
    );
    assert!(
        words.body.contains(&format!(
            "La salle Salle polyvalente vous est réservée pour «\u{a0}{title}\u{a0}» : {n} dates à \
             partir du {}. Message de l'accueil : «\u{a0}Les clés sont à prendre à l'accueil.\u{a0}»",
            fr_when(first)
        )),
        "{}",
        words.body
    );
    // Answered twice: refused, nothing more told.
    assert!(
        booking::approve_series(&app.pool, Paris, Utc::now(), &desk, series, "")
            .await
            .is_err()
    );
    assert_eq!(told(&app, MARIE, "booking-series-approved").await.len(), 1);

    // Another series, in English this time, declined with the reason.
    set_language(&app, MARIE, "en").await;
    let other = sunday_series(&app, &marie, 9, "Troc de graines").await;
    let dates = dates_of(&app, other).await;
    let first = time::stored_instant(&dates[0].2);
    booking::decline_series(
        &app.pool,
        Utc::now(),
        &desk,
        other,
        "The room is being painted those weeks.",
    )
    .await
    .unwrap();
    let no = told(&app, MARIE, "booking-series-declined").await;
    assert_eq!(no.len(), 1, "{no:?}");
    assert_eq!(no[0].language, "en");
    let words = notify::render(&no[0], Paris);
    assert_eq!(
        words.subject,
        format!("Request declined: Troc de graines, from {}", en_when(first))
    );
    assert!(
        words
            .body
            .contains("The room is being painted those weeks."),
        "{}",
        words.body
    );
    assert!(words.body.contains("Salle polyvalente"), "{}", words.body);
    assert!(words.body.starts_with("Hello Marie,"), "{}", words.body);
}

// ---------------------------------------------------------------------------------------------
// Vehicles

fn vehicle_desk() -> vehicle_booking::Maker {
    vehicle_booking::Maker::desk(&desk_actor())
}

fn new_vehicle_booking(
    vehicle: i64,
    person: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    weeks: i64,
) -> vehicle_booking::NewBooking {
    vehicle_booking::NewBooking {
        vehicle_id: vehicle,
        person_id: Some(person),
        start,
        end,
        purpose: String::new(),
        weeks,
        request_key: None,
    }
}

#[tokio::test]
async fn a_vehicle_booked_then_cancelled_tells_its_driver_and_a_refused_booking_tells_nobody() {
    let app = TestApp::new().await;
    let zoe = name_of(&app, "SELECT name FROM vehicles WHERE id = ?", ZOE).await;
    let day = today() + Duration::days(30);
    let (start, end) = (at(day, 10, 0), at(day, 12, 30));
    let made = vehicle_booking::book(
        &app.pool,
        Paris,
        &vehicle_desk(),
        &new_vehicle_booking(ZOE, MARIE, start, end, 1),
    )
    .await
    .unwrap();
    let id = made[0].id;

    let booked = told(&app, MARIE, "vehicle-booked").await;
    assert_eq!(booked.len(), 1, "{booked:?}");
    let m = &booked[0];
    assert_eq!(m.event_key, format!("vehicle-booking:{id}:booked"));
    assert_eq!(m.language, "fr");
    assert_eq!(
        m.link.as_deref(),
        Some(format!("/vehicules/reservations/{id}").as_str())
    );
    let words = notify::render(m, Paris);
    assert_eq!(
        words.subject,
        format!("Véhicule réservé : {zoe}, {}", fr_when(start))
    );
    assert!(
        words.body.contains(&format!(
            "Le véhicule «\u{a0}{zoe}\u{a0}» vous est réservé du {} au {}.",
            fr_when(start),
            fr_when(end)
        )),
        "{}",
        words.body
    );
    assert!(
        !words.body.contains("semaine"),
        "one booking is no series: {}",
        words.body
    );

    // The same slot for René: refused (the vehicle is taken), and René is told nothing.
    let before = outbox(&app).await;
    let refused = vehicle_booking::book(
        &app.pool,
        Paris,
        &vehicle_desk(),
        &new_vehicle_booking(ZOE, RENE, start, end, 1),
    )
    .await;
    assert!(
        matches!(refused, Err(Refusal::Conflict { .. })),
        "{refused:?}"
    );
    assert_eq!(outbox(&app).await, before);
    assert!(told(&app, RENE, "vehicle-booked").await.is_empty());

    // A cancellation refused (its reason too long) tells nothing; the real one tells Marie once.
    let long = "x".repeat(501);
    assert!(
        vehicle_booking::cancel(&app.pool, &vehicle_desk(), id, &long)
            .await
            .is_err()
    );
    assert_eq!(outbox(&app).await, before);
    vehicle_booking::cancel(&app.pool, &vehicle_desk(), id, "Plus besoin")
        .await
        .unwrap();
    vehicle_booking::cancel(&app.pool, &vehicle_desk(), id, "Plus besoin")
        .await
        .unwrap();
    let cancelled = told(&app, MARIE, "vehicle-cancelled").await;
    assert_eq!(cancelled.len(), 1, "{cancelled:?}");
    assert_eq!(
        cancelled[0].event_key,
        format!("vehicle-booking:{id}:cancelled")
    );
    let words = notify::render(&cancelled[0], Paris);
    assert_eq!(
        words.subject,
        format!(
            "Réservation de véhicule annulée : {zoe}, {}",
            fr_when(start)
        )
    );
    assert!(
        words.body.contains(&format!(
            "La réservation du véhicule «\u{a0}{zoe}\u{a0}» du {} est annulée.",
            fr_when(start)
        )),
        "{}",
        words.body
    );
}

#[tokio::test]
async fn a_weekly_vehicle_booking_is_told_once_with_all_its_weeks_in_the_drivers_language() {
    let app = TestApp::new().await;
    let zoe = name_of(&app, "SELECT name FROM vehicles WHERE id = ?", ZOE).await;
    set_language(&app, MARIE, "en").await;
    let day = today() + Duration::days(40);
    let (start, end) = (at(day, 8, 30), at(day, 11, 0));
    let made = vehicle_booking::book(
        &app.pool,
        Paris,
        &vehicle_desk(),
        &new_vehicle_booking(ZOE, MARIE, start, end, 3),
    )
    .await
    .unwrap();
    assert_eq!(made.len(), 3);
    let booked = told(&app, MARIE, "vehicle-booked").await;
    assert_eq!(booked.len(), 1, "one message for the series: {booked:?}");
    assert_eq!(booked[0].language, "en");
    let words = notify::render(&booked[0], Paris);
    assert_eq!(
        words.subject,
        format!("Vehicle booked: {zoe}, {}", en_when(start))
    );
    assert!(
        words.body.contains(&format!(
            "The vehicle “{zoe}” is booked for you from {} to {}.",
            en_when(start),
            en_when(end)
        )),
        "{}",
        words.body
    );
    // The weeks after the first are said, not left out: 3 weeks in all, the last one named.
    let last = made[2].start();
    assert!(
        words.body.contains("every week, 3 times in all")
            && words
                .body
                .contains(&en_day(last.with_timezone(&Paris).date_naive())),
        "{}",
        words.body
    );
}

#[tokio::test]
async fn the_vehicle_reminder_goes_the_day_before_once_to_the_driver() {
    let app = TestApp::new().await;
    let zoe = name_of(&app, "SELECT name FROM vehicles WHERE id = ?", ZOE).await;
    let tomorrow = today().succ_opt().unwrap();
    let (start, end) = (at(tomorrow, 9, 0), at(tomorrow, 11, 0));
    let made = vehicle_booking::book(
        &app.pool,
        Paris,
        &vehicle_desk(),
        &new_vehicle_booking(ZOE, MARIE, start, end, 1),
    )
    .await
    .unwrap();
    // A booking the day after tomorrow is not reminded yet.
    let later = tomorrow.succ_opt().unwrap();
    vehicle_booking::book(
        &app.pool,
        Paris,
        &vehicle_desk(),
        &new_vehicle_booking(ZOE, MARIE, at(later, 9, 0), at(later, 11, 0), 1),
    )
    .await
    .unwrap();
    let rene = vehicle_booking::book(
        &app.pool,
        Paris,
        &vehicle_desk(),
        &new_vehicle_booking(ZOE, RENE, at(tomorrow, 19, 0), at(tomorrow, 20, 0), 1),
    )
    .await
    .unwrap();
    vehicle_booking::cancel(&app.pool, &vehicle_desk(), rene[0].id, "")
        .await
        .unwrap();
    let (from, to) = (at(tomorrow, 0, 0), at(later, 0, 0));
    for _ in 0..2 {
        let mut tx = db::begin_write(&app.pool).await.unwrap();
        citeosquare_server::vehicles::notices::remind(&mut tx, from, to)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let reminders = told(&app, MARIE, "vehicle-reminder").await;
    assert_eq!(reminders.len(), 1, "once, however often the job runs");
    let m = &reminders[0];
    assert_eq!(
        m.event_key,
        format!(
            "vehicle-booking:{}:reminder:{}",
            made[0].id, made[0].start_at
        )
    );
    assert_eq!(m.language, "fr");
    let words = notify::render(m, Paris);
    assert_eq!(
        words.subject,
        format!("Demain : le véhicule {zoe}, {}", fr_when(start))
    );
    assert!(
        words.body.contains(&format!(
            "le véhicule «\u{a0}{zoe}\u{a0}» vous est réservé demain, {}, jusqu'au {}.",
            fr_when(start),
            fr_when(end)
        )),
        "{}",
        words.body
    );
    // René's booking of tomorrow, cancelled before the job ran, is not reminded.
    assert!(told(&app, RENE, "vehicle-reminder").await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// The hostel

/// Tonight, for the hostel, plus `n` nights.
fn night(n: i64) -> NaiveDate {
    hostel::night_of(Utc::now(), Paris, hostel::Settings::default()) + Duration::days(n)
}

async fn hostel_room(app: &TestApp, name: &str, kind: &str, beds: i64) -> hostel::Room {
    hostel::create_room(
        &app.pool,
        &desk_actor(),
        &RoomInput {
            name: name.into(),
            kind: kind.into(),
            beds,
            price_cents: 4000,
            ..RoomInput::default()
        },
    )
    .await
    .unwrap()
}

fn stay_for(
    person: Option<i64>,
    name: &str,
    people: i64,
    arrival: NaiveDate,
    departure: NaiveDate,
    room: i64,
) -> stays::NewStay {
    stays::NewStay {
        guest_name: name.into(),
        phone: "06 00 00 00 00".into(),
        people,
        arrival: arrival.to_string(),
        departure: departure.to_string(),
        room_id: Some(room),
        person_id: person,
        ..stays::NewStay::default()
    }
}

#[tokio::test]
async fn a_hostel_stay_confirmed_then_cancelled_tells_the_guest_known_to_the_place() {
    let app = TestApp::new().await;
    let room = hostel_room(&app, "Chambre des Glycines", "private", 2).await;
    let (arrival, departure) = (night(30), night(32));
    let s = stays::create(
        &app.pool,
        Paris,
        &desk_actor(),
        &stay_for(
            Some(ODETTE),
            "Odette Perrin",
            2,
            arrival,
            departure,
            room.id,
        ),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(s.status, "confirmed");
    let booked = told(&app, ODETTE, "hostel-stay-booked").await;
    assert_eq!(booked.len(), 1, "{booked:?}");
    let m = &booked[0];
    assert_eq!(m.event_key, format!("hostel-stay:{}:confirmed", s.id));
    assert_eq!((m.language.as_str(), m.channel.as_str()), ("fr", "page"));
    let words = notify::render(m, Paris);
    assert_eq!(
        words.subject,
        format!("Séjour réservé : arrivée le {}", fr_day(arrival))
    );
    assert!(
        words.body.contains(&format!(
            "arrivée le {}, départ le {}.",
            fr_day(arrival),
            fr_day(departure)
        )),
        "{}",
        words.body
    );
    assert!(
        words.body.contains("Chambre des Glycines"),
        "the message names the room: {}",
        words.body
    );

    // The same room the same nights for Marie: refused, and Marie is told nothing.
    let before = outbox(&app).await;
    let refused = stays::create(
        &app.pool,
        Paris,
        &desk_actor(),
        &stay_for(Some(MARIE), "Marie Lefèvre", 1, arrival, departure, room.id),
        Utc::now(),
    )
    .await;
    assert!(refused.is_err(), "{refused:?}");
    assert_eq!(outbox(&app).await, before);
    // A guest who is only a name and a phone is told by the desk, not through the outbox.
    let other = hostel_room(&app, "Chambre des Lilas", "private", 2).await;
    stays::create(
        &app.pool,
        Paris,
        &desk_actor(),
        &stay_for(None, "Paul Martin", 1, arrival, departure, other.id),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(outbox(&app).await, before);

    // Cancelled: told once, with the arrival and the room.
    stays::cancel(
        &app.pool,
        &desk_actor(),
        s.id,
        "Visite reportée",
        Utc::now(),
    )
    .await
    .unwrap();
    assert!(
        stays::cancel(&app.pool, &desk_actor(), s.id, "", Utc::now())
            .await
            .is_err()
    );
    let cancelled = told(&app, ODETTE, "hostel-stay-cancelled").await;
    assert_eq!(cancelled.len(), 1, "{cancelled:?}");
    assert_eq!(
        cancelled[0].event_key,
        format!("hostel-stay:{}:cancelled", s.id)
    );
    let words = notify::render(&cancelled[0], Paris);
    assert_eq!(
        words.subject,
        format!("Séjour annulé : arrivée le {}", fr_day(arrival))
    );
    assert!(
        words.body.contains(&format!(
            "Votre séjour avec arrivée le {} ",
            fr_day(arrival)
        )),
        "{}",
        words.body
    );
    assert!(
        words.body.contains("Chambre des Glycines"),
        "the message names the room: {}",
        words.body
    );
}

#[tokio::test]
async fn a_hostel_request_tells_nothing_until_the_desk_accepts_it_then_in_the_guests_language() {
    let app = TestApp::new().await;
    set_language(&app, JEAN, "en").await;
    let dorm = hostel_room(&app, "Dortoir du Jardin", "dorm", 4).await;
    let (arrival, departure) = (night(45), night(48));
    let mut input = stay_for(Some(JEAN), "Jean Dupuis", 1, arrival, departure, dorm.id);
    input.source = Some("website".into());
    let before = outbox(&app).await;
    let s = stays::create(&app.pool, Paris, &desk_actor(), &input, Utc::now())
        .await
        .unwrap();
    assert_eq!(s.status, "requested");
    assert_eq!(outbox(&app).await, before, "a request is not a booking yet");
    stays::confirm(&app.pool, Paris, &desk_actor(), s.id, Utc::now())
        .await
        .unwrap();
    let booked = told(&app, JEAN, "hostel-stay-booked").await;
    assert_eq!(booked.len(), 1, "{booked:?}");
    assert_eq!(booked[0].language, "en");
    let words = notify::render(&booked[0], Paris);
    assert_eq!(
        words.subject,
        format!("Stay booked: arriving on {}", en_day(arrival))
    );
    assert!(words.body.contains(&en_day(departure)), "{}", words.body);
    assert!(words.body.contains("Dortoir du Jardin"), "{}", words.body);
    assert!(words.body.starts_with("Hello Jean,"), "{}", words.body);
}

#[tokio::test]
async fn a_hostel_stay_extended_then_moved_tells_the_guest_the_stay_as_it_now_is_each_time() {
    let app = TestApp::new().await;
    let glycines = hostel_room(&app, "Chambre des Glycines", "private", 2).await;
    let lilas = hostel_room(&app, "Chambre des Lilas", "private", 2).await;
    let (arrival, departure) = (night(20), night(22));
    let s = stays::create(
        &app.pool,
        Paris,
        &desk_actor(),
        &stay_for(
            Some(ODETTE),
            "Odette Perrin",
            2,
            arrival,
            departure,
            glycines.id,
        ),
        Utc::now(),
    )
    .await
    .unwrap();
    assert!(told(&app, ODETTE, "hostel-stay-changed").await.is_empty());

    // One night more: told once, with the new morning of leaving and the same room.
    let later = departure + Duration::days(1);
    stays::change_departure(
        &app.pool,
        Paris,
        &desk_actor(),
        s.id,
        &later.to_string(),
        Utc::now(),
    )
    .await
    .unwrap();
    let changed = told(&app, ODETTE, "hostel-stay-changed").await;
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(
        changed[0]
            .event_key
            .starts_with(&format!("hostel-stay:{}:changed:", s.id)),
        "{}",
        changed[0].event_key
    );
    let words = notify::render(&changed[0], Paris);
    assert_eq!(
        words.subject,
        format!("Séjour modifié : arrivée le {}", fr_day(arrival))
    );
    assert!(
        words.body.contains(&format!(
            "Désormais : arrivée le {}, départ le {}. Hébergement : Chambre des Glycines.",
            fr_day(arrival),
            fr_day(later)
        )),
        "{}",
        words.body
    );

    // The same departure again, and a move into the room it is already in: refused or no
    // change, and nobody is told.
    let before = outbox(&app).await;
    stays::change_departure(
        &app.pool,
        Paris,
        &desk_actor(),
        s.id,
        &later.to_string(),
        Utc::now(),
    )
    .await
    .unwrap();
    let same = stays::move_to(
        &app.pool,
        Paris,
        &desk_actor(),
        s.id,
        &stays::MoveInput {
            room_id: glycines.id,
            reason: "Essai".into(),
        },
        Utc::now(),
    )
    .await;
    assert!(same.is_err(), "{same:?}");
    assert_eq!(outbox(&app).await, before);

    // Another room: a second message, naming the new room only.
    stays::move_to(
        &app.pool,
        Paris,
        &desk_actor(),
        s.id,
        &stays::MoveInput {
            room_id: lilas.id,
            reason: "Fuite d'eau aux Glycines".into(),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let changed = told(&app, ODETTE, "hostel-stay-changed").await;
    assert_eq!(changed.len(), 2, "{changed:?}");
    let moved = changed
        .iter()
        .find(|m| notify::render(m, Paris).body.contains("Chambre des Lilas"))
        .expect("a message names the new room");
    let words = notify::render(moved, Paris);
    assert!(
        words
            .body
            .contains(&format!("départ le {}.", fr_day(later))),
        "{}",
        words.body
    );
    assert!(!words.body.contains("Glycines"), "{}", words.body);

    // A guest who is only a name and a phone is told by the desk, not through the outbox.
    let paul = stays::create(
        &app.pool,
        Paris,
        &desk_actor(),
        &stay_for(None, "Paul Martin", 1, night(40), night(41), glycines.id),
        Utc::now(),
    )
    .await
    .unwrap();
    let before = outbox(&app).await;
    stays::change_departure(
        &app.pool,
        Paris,
        &desk_actor(),
        paul.id,
        &night(42).to_string(),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(outbox(&app).await, before);
}

#[tokio::test]
async fn a_guest_moved_in_the_middle_of_the_stay_is_told_the_new_room_only() {
    let app = TestApp::new().await;
    let glycines = hostel_room(&app, "Chambre des Glycines", "private", 2).await;
    let lilas = hostel_room(&app, "Chambre des Lilas", "private", 2).await;
    let arrival = night(30);
    let s = stays::create(
        &app.pool,
        Paris,
        &desk_actor(),
        &stay_for(
            Some(ODETTE),
            "Odette Perrin",
            2,
            arrival,
            arrival + Duration::days(3),
            glycines.id,
        ),
        Utc::now(),
    )
    .await
    .unwrap();
    stays::check_in(&app.pool, Paris, &desk_actor(), s.id, at(arrival, 20, 0))
        .await
        .unwrap();
    // The next morning: the two nights left in the Lilas; the first stays slept in the Glycines.
    stays::move_to(
        &app.pool,
        Paris,
        &desk_actor(),
        s.id,
        &stays::MoveInput {
            room_id: lilas.id,
            reason: "Fuite d'eau aux Glycines".into(),
        },
        at(arrival + Duration::days(1), 10, 0),
    )
    .await
    .unwrap();
    let changed = told(&app, ODETTE, "hostel-stay-changed").await;
    assert_eq!(changed.len(), 1, "{changed:?}");
    let words = notify::render(&changed[0], Paris);
    assert!(
        words.body.contains("Hébergement : Chambre des Lilas."),
        "{}",
        words.body
    );
    assert!(!words.body.contains("Glycines"), "{}", words.body);
}
