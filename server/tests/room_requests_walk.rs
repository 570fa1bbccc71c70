//! What the walk through the room-request pages found (issue 16, part 7), each point as the
//! person concerned checks it, through the real router on the demo site plus rooms of the test's
//! own:
//! - the desk refuses a whole series in one go, with one reason the requester sees on each date;
//! - a request competing with one already accepted keeps its warning until it is decided, and the
//!   refusal of its approval shows on the decision, not on the message typed for the requester;
//! - « Demander ce créneau » proposes only hours free for the room chosen, a half or the whole;
//! - asking for the public agenda where the use does not allow it is refused, saying why, and
//!   changes nothing;
//! - a series' end date ends it; a number of dates and an end date together are refused clearly.
//!
//! Demo accounts: `asso` (Marie Lefèvre, representative of « Les Jardins partagés »), `resident`,
//! `accueil`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use citeosquare_server::audit::Actor;
use citeosquare_server::spaces::booking::{self, NewBooking, Requester};
use citeosquare_server::spaces::{self, SpaceInput, WindowInput, timetable};
use serde_json::json;
use support::{Reply, Session, TestApp};

const PARIS: chrono_tz::Tz = chrono_tz::Europe::Paris;

struct App(TestApp);

support::deref_to_test_app!(App, 0);

/// A page's text with the HTML escapes undone.
fn text(r: &Reply) -> String {
    r.body
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#38;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// One request's card on the desk's queue (from its section to the section's end).
fn card(page: &str, id: i64) -> String {
    let start = page
        .find(&format!("id=\"demande-{id}\""))
        .unwrap_or_else(|| panic!("no card for request {id}: {page}"));
    let rest = &page[start..];
    rest[..rest.find("</section>").unwrap_or(rest.len())].to_owned()
}

async fn app() -> App {
    App(TestApp::new().await)
}

impl App {
    async fn get(&self, path: &str, session: Option<&Session>) -> Reply {
        self.page(path, session).await
    }

    async fn post(&self, path: &str, session: &Session, fields: &[(&str, &str)]) -> Reply {
        self.0.post_form(path, Some(session), fields).await
    }

    async fn state_and_message(&self, id: i64) -> (String, Option<String>) {
        sqlx::query_as("SELECT state, decision_message FROM space_bookings WHERE id = ?")
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    async fn bookings_titled(&self, title: &str) -> Vec<(i64, String, String)> {
        sqlx::query_as(
            "SELECT id, state, coalesce(occurrence_day, '') FROM space_bookings
             WHERE title = ? ORDER BY start_at",
        )
        .bind(title)
        .fetch_all(&self.pool)
        .await
        .unwrap()
    }

    /// The association the demo's `asso` account represents.
    async fn jardins(&self) -> i64 {
        sqlx::query_scalar(
            "SELECT m.association_id FROM association_members m
             JOIN users u ON u.person_id = m.person_id
             WHERE u.username = 'asso' AND m.representative = 1",
        )
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }
}

/// A space open every day: the associations' mornings 08:00–12:00 (on approval, 15 minutes to
/// tidy up after each booking), a meeting room for every account 12:00–18:00 (not announced to
/// the public), debates 18:30–23:00 (the desk's, on the public agenda).
async fn open_every_day(app: &App, name: &str, parent: Option<i64>) -> i64 {
    let actor = Actor::cli();
    let space = spaces::create_space(
        &app.pool,
        &actor,
        &SpaceInput {
            name: name.into(),
            capacity: 40,
            parent_id: parent,
            refuse_when_full: true,
            ..SpaceInput::default()
        },
    )
    .await
    .unwrap();
    let uses = uses(app).await;
    let mut windows = vec![];
    for weekday in 1..=7 {
        for (start, end, use_id) in [
            ("08:00", "12:00", uses[0]),
            ("12:00", "18:00", uses[1]),
            ("18:30", "23:00", uses[2]),
        ] {
            windows.push(WindowInput {
                weekday,
                start: start.into(),
                end: end.into(),
                use_id,
            });
        }
    }
    spaces::set_windows(&app.pool, &actor, space.id, &windows)
        .await
        .unwrap();
    space.id
}

/// The three uses, made once.
async fn uses(app: &App) -> [i64; 3] {
    let found: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM space_uses WHERE code IN ('marche-associations', 'marche-reunion',
             'marche-debat') ORDER BY code",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    if let [associations, debate, meeting] = found[..] {
        return [associations, meeting, debate];
    }
    let actor = Actor::cli();
    let new_use = |v: serde_json::Value| serde_json::from_value::<spaces::UseInput>(v).unwrap();
    let mut ids = vec![];
    for v in [
        json!({
            "code": "marche-associations", "name": "Réunion d'association", "colour": "#2e7d32",
            "mode": "exclusive", "open_to_associations": true, "approval": true,
            "min_minutes": 30, "max_minutes": 240, "changeover_after": 15,
        }),
        json!({
            "code": "marche-reunion", "name": "Salle de réunion", "colour": "#1565c0",
            "mode": "exclusive", "open_to_everyone": true,
            "min_minutes": 30, "max_minutes": 360,
        }),
        json!({
            "code": "marche-debat", "name": "Débat et projection", "colour": "#8e24aa",
            "mode": "event", "public_by_default": true,
            "min_minutes": 30, "max_minutes": 300,
        }),
    ] {
        ids.push(
            spaces::create_use(&app.pool, &actor, &new_use(v))
                .await
                .unwrap()
                .id,
        );
    }
    [ids[0], ids[1], ids[2]]
}

/// A day some days from now, and as forms write it.
fn later_day(days: i64) -> (NaiveDate, String) {
    let day = Utc::now().with_timezone(&PARIS).date_naive() + Duration::days(days);
    (day, day.to_string())
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// The desk's confirmed booking, through the library.
async fn desk_books(app: &App, space_id: i64, day: NaiveDate, from: u32, to: u32, title: &str) {
    booking::create(
        &app.pool,
        PARIS,
        Utc::now(),
        &Requester::desk(&Actor::cli()),
        &NewBooking {
            space_id,
            start: timetable::instant(PARIS, day, from),
            end: timetable::instant(PARIS, day, to),
            title: title.into(),
            note: String::new(),
            association_id: None,
            person_id: None,
            seats: 1,
            attendees_expected: None,
            public: None,
            request_key: None,
        },
    )
    .await
    .unwrap();
}

/// The booking form of a room's week, as the page sends it.
fn booking_form<'a>(
    day: &'a str,
    start: &'a str,
    end: &'a str,
    title: &'a str,
    public: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("day", day),
        ("start", start),
        ("end", end),
        ("title", title),
        ("note", ""),
        ("seats", "1"),
        ("attendees_expected", ""),
        ("public", public),
        ("request_key", title),
    ]
}

/// The series form of the associations' portal.
fn series_form<'a>(
    association: &'a str,
    space: &'a str,
    title: &'a str,
    first_day: &'a str,
    count: &'a str,
    until: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("association_id", association),
        ("space_id", space),
        ("title", title),
        ("first_day", first_day),
        ("start", "09:00"),
        ("end", "11:00"),
        ("repeat", "weekly"),
        ("count", count),
        ("until", until),
        ("note", ""),
        ("public", ""),
    ]
}

#[tokio::test]
async fn the_desk_refuses_a_whole_series_in_one_go_and_the_requester_reads_the_reason_on_each_date()
{
    let app = app().await;
    let room = open_every_day(&app, "Salle du marché", None).await;
    let jardins = app.jardins().await.to_string();
    let room_text = room.to_string();
    let (first, first_iso) = later_day(8);
    let asso = app.session("asso").await;
    // Three Tuesday-like mornings, waiting for the desk, and a request of her own beside them.
    let mut form = series_form(
        &jardins,
        &room_text,
        "Permanence compost",
        &first_iso,
        "3",
        "",
    );
    form.push(("policy", "all_or_nothing"));
    let made = app.post("/associations/salles/serie", &asso, &form).await;
    assert_eq!(made.status, StatusCode::OK, "{}", text(&made));
    let dates = app.bookings_titled("Permanence compost").await;
    assert_eq!(dates.len(), 3);
    assert!(dates.iter().all(|d| d.1 == "requested"), "{dates:?}");
    let series: i64 = sqlx::query_scalar("SELECT series_id FROM space_bookings WHERE id = ?")
        .bind(dates[0].0)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let (other_day, other_iso) = later_day(9);
    assert_ne!(other_day, first);
    let mut single = booking_form(&other_iso, "09:00", "10:00", "Bourse aux graines", "");
    single.push(("association_id", &jardins));
    let single_reply = app
        .post(&format!("/salles/{room}/reserver"), &asso, &single)
        .await;
    assert!(
        single_reply.location().ends_with("?ok=ok-sp-requested"),
        "{}",
        text(&single_reply)
    );

    let desk = app.session("accueil").await;
    let path = format!("/accueil/demandes/serie/{series}/refuser");
    // Without a reason: refused at the reason's field, nothing changes.
    let bare = app.post(&path, &desk, &[("message", "   ")]).await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(&bare);
    assert!(
        page.contains("Motif du refus (obligatoire) : Écrivez un message pour expliquer le refus."),
        "{page}"
    );
    assert!(
        page.contains(&format!("href=\"#refuser-serie-{series}\"")),
        "{page}"
    );
    let dates = app.bookings_titled("Permanence compost").await;
    assert!(dates.iter().all(|d| d.1 == "requested"), "{dates:?}");

    // With one reason: every date is refused with it, once.
    let reason = "La salle est en travaux ces mardis-là ; voyez avec nous pour le jeudi.";
    let done = app.post(&path, &desk, &[("message", reason)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", text(&done));
    assert_eq!(
        done.location(),
        "/accueil/demandes?ok=ok-sp-series-declined"
    );
    let queue = text(&app.get(done.location(), Some(&desk)).await);
    assert!(
        queue.contains(
            "Série refusée : chacune de ses dates en attente est refusée avec votre motif"
        ),
        "{queue}"
    );
    assert!(!queue.contains("Permanence compost"), "{queue}");
    assert!(
        queue.contains("Bourse aux graines"),
        "the other request still waits: {queue}"
    );
    for (id, _, _) in app.bookings_titled("Permanence compost").await {
        assert_eq!(
            app.state_and_message(id).await,
            ("declined".to_owned(), Some(reason.to_owned()))
        );
    }
    let audit: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'space.series.decline' AND entity_id = ?",
    )
    .bind(series.to_string())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audit, 1);

    // The requester reads it on each date, on her portal and on each booking's page.
    let portal = text(&app.get("/associations/salles", Some(&asso)).await);
    assert_eq!(portal.matches(reason).count(), 3, "{portal}");
    for (id, _, _) in app.bookings_titled("Permanence compost").await {
        let page = text(&app.get(&format!("/reservations/{id}"), Some(&asso)).await);
        assert!(page.contains("refusée") && page.contains(reason), "{page}");
    }

    // Sent again (a second click): said, not done twice.
    let again = app.post(&path, &desk, &[("message", reason)]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        text(&again).contains("Cette demande a déjà été traitée"),
        "{}",
        text(&again)
    );
    // Only the desk decides.
    let by_requester = app.post(&path, &asso, &[("message", "non")]).await;
    assert_eq!(by_requester.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_request_competing_with_an_accepted_one_keeps_its_warning_and_is_refused_on_the_decision()
{
    let app = app().await;
    let room = open_every_day(&app, "Salle du marché", None).await;
    let jardins = app.jardins().await;
    let jardins_text = jardins.to_string();
    let (day, iso) = later_day(9);
    let asso = app.session("asso").await;
    let mut form = booking_form(&iso, "09:00", "11:00", "Assemblée générale", "");
    form.push(("association_id", &jardins_text));
    let first = app
        .post(&format!("/salles/{room}/reserver"), &asso, &form)
        .await;
    let first: i64 = first
        .location()
        .trim_start_matches("/reservations/")
        .split('?')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{}", text(&first)));
    // Another representative asks for the end of the same morning.
    let other = Requester {
        user_id: None,
        name: "autre".into(),
        staff: false,
        resident: false,
        person_id: None,
        represents: vec![jardins],
    };
    let rival = booking::create(
        &app.pool,
        PARIS,
        Utc::now(),
        &other,
        &NewBooking {
            space_id: room,
            start: timetable::instant(PARIS, day, 10 * 60),
            end: timetable::instant(PARIS, day, 12 * 60),
            title: "Troc de graines".into(),
            note: String::new(),
            association_id: Some(jardins),
            person_id: None,
            seats: 1,
            attendees_expected: None,
            public: None,
            request_key: None,
        },
    )
    .await
    .unwrap()
    .booking
    .id;

    let desk = app.session("accueil").await;
    let queue = text(&app.get("/accueil/demandes", Some(&desk)).await);
    let rival_card = card(&queue, rival);
    assert!(
        rival_card.contains("En concurrence avec") && rival_card.contains("Assemblée générale"),
        "{rival_card}"
    );

    // The first is accepted: the rival still says what it competes with.
    let ok = app
        .post(
            &format!("/accueil/demandes/{first}/accepter"),
            &desk,
            &[("message", "")],
        )
        .await;
    assert_eq!(ok.location(), "/accueil/demandes?ok=ok-sp-approved");
    let queue = text(&app.get("/accueil/demandes", Some(&desk)).await);
    let rival_card = card(&queue, rival);
    assert!(
        rival_card.contains("En concurrence avec")
            && rival_card.contains("Assemblée générale — déjà acceptée")
            && rival_card.contains("Une seule pourra être acceptée."),
        "{rival_card}"
    );

    // Approving it is refused: on the decision (the request's card), the message typed for the
    // requester kept as it was and not marked wrong.
    let refused = app
        .post(
            &format!("/accueil/demandes/{rival}/accepter"),
            &desk,
            &[("message", "Bienvenue, la clé est à l'accueil.")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(&refused);
    assert!(
        page.contains(&format!(
            "<a href=\"#demande-{rival}\">Décision : Ce créneau est déjà réservé : « Assemblée générale », Salle du marché"
        )),
        "{page}"
    );
    assert!(
        !page.contains(&format!("href=\"#accepter-{rival}\"")),
        "the message is not at fault: {page}"
    );
    let rival_card = card(&page, rival);
    assert!(
        !rival_card.contains("aria-invalid"),
        "no field of the card is marked wrong: {rival_card}"
    );
    assert!(
        rival_card.contains("Bienvenue, la clé est à l'accueil."),
        "{rival_card}"
    );
    assert!(
        rival_card.contains("Assemblée générale — déjà acceptée"),
        "{rival_card}"
    );
    assert_eq!(app.state_and_message(rival).await.0, "requested");

    // A message too long is the message's fault: there, with its limit.
    let long = "a".repeat(1001);
    let too_long = app
        .post(
            &format!("/accueil/demandes/{rival}/accepter"),
            &desk,
            &[("message", &long)],
        )
        .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        too_long
            .body
            .contains(&format!("href=\"#accepter-{rival}\"")),
        "{}",
        too_long.body
    );

    // Declined, it leaves the queue with its warning.
    let declined = app
        .post(
            &format!("/accueil/demandes/{rival}/refuser"),
            &desk,
            &[("message", "La salle est prise ce matin-là.")],
        )
        .await;
    assert_eq!(declined.location(), "/accueil/demandes?ok=ok-sp-declined");
    let queue = text(&app.get("/accueil/demandes", Some(&desk)).await);
    assert!(!queue.contains("Troc de graines"), "{queue}");
    assert!(!queue.contains("déjà acceptée"), "{queue}");
}

#[tokio::test]
async fn ask_for_this_slot_proposes_only_hours_free_for_the_room_or_its_half() {
    let app = app().await;
    let whole = open_every_day(&app, "Grande salle", None).await;
    let garden = open_every_day(&app, "Grande salle, côté jardin", Some(whole)).await;
    let street = open_every_day(&app, "Grande salle, côté rue", Some(whole)).await;
    let jardins = app.jardins().await;
    let (day, iso) = later_day(9);
    let monday = monday_of(day);
    // The desk holds the garden side 08:00–10:00 (15 minutes to tidy up after: until 10:15).
    desk_books(&app, garden, day, 8 * 60, 10 * 60, "Cours de yoga").await;
    // Another day, the street side all morning.
    let (full_day, full_iso) = later_day(10);
    desk_books(
        &app,
        street,
        full_day,
        8 * 60,
        12 * 60,
        "Permanence juridique",
    )
    .await;

    let link = |space: i64, d: NaiveDate, from: &str, to: &str| {
        format!(
            "/salles/{space}?semaine={}&jour={d}&debut={from}&fin={to}&association={jardins}#reserver",
            monday_of(d)
        )
    };
    let asso = app.session("asso").await;
    let portal = text(&app.get("/associations/salles", Some(&asso)).await);
    // The whole room: after the garden side is free again; the garden side: the same; the street
    // side: from the morning's start.
    assert!(
        portal.contains(&link(whole, day, "10:15", "12:00")),
        "{portal}"
    );
    assert!(
        portal.contains(&link(garden, day, "10:15", "12:00")),
        "{portal}"
    );
    assert!(
        portal.contains(&link(street, day, "08:00", "10:00")),
        "{portal}"
    );
    for taken in [whole, garden] {
        assert!(
            !portal.contains(&format!(
                "/salles/{taken}?semaine={monday}&jour={iso}&debut=08:00"
            )),
            "a held hour is proposed for {taken}: {portal}"
        );
    }
    // The morning the street side is held all along: nothing to ask for the whole room nor that
    // half, the garden side free.
    for taken in [whole, street] {
        assert!(
            !portal.contains(&format!(
                "/salles/{taken}?semaine={}&jour={full_iso}&debut=",
                monday_of(full_day)
            )),
            "{portal}"
        );
    }
    assert!(
        portal.contains(&link(garden, full_day, "08:00", "10:00")),
        "{portal}"
    );

    // The room's week proposes the same hours.
    let week = text(
        &app.get(&format!("/salles/{whole}?semaine={monday}"), Some(&asso))
            .await,
    );
    assert!(week.contains(&link(whole, day, "10:15", "12:00")), "{week}");
    assert!(!week.contains(&format!("jour={iso}&debut=08:00")), "{week}");

    // What the link proposes is what the room gives: asked for, it is taken as a request.
    let jardins_text = jardins.to_string();
    let mut form = booking_form(&iso, "10:15", "12:00", "Réunion du bureau", "");
    form.push(("association_id", &jardins_text));
    let asked = app
        .post(&format!("/salles/{whole}/reserver"), &asso, &form)
        .await;
    assert!(
        asked.location().ends_with("?ok=ok-sp-requested"),
        "{}",
        text(&asked)
    );
}

#[tokio::test]
async fn the_public_agenda_is_refused_with_the_reason_where_the_use_does_not_allow_it() {
    let app = app().await;
    let room = open_every_day(&app, "Salle du marché", None).await;
    let (_, iso) = later_day(6);
    let resident = app.session("resident").await;
    let path = format!("/salles/{room}/reserver");
    // A resident's meeting asking for the public agenda: refused, saying why, at that choice.
    let asked = app
        .post(
            &path,
            &resident,
            &booking_form(&iso, "14:00", "16:00", "Anniversaire de Lucie", "oui"),
        )
        .await;
    assert_eq!(asked.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(&asked);
    assert!(
        page.contains(
            "<a href=\"#public-oui\">Afficher sur l'agenda public du lieu : Une réservation en usage « Salle de réunion » ne va pas sur l'agenda public : seul l'accueil peut l'y mettre."
        ),
        "{page}"
    );
    assert!(
        app.bookings_titled("Anniversaire de Lucie")
            .await
            .is_empty()
    );
    // As the use says: booked, and off the agenda.
    let booked = app
        .post(
            &path,
            &resident,
            &booking_form(&iso, "14:00", "16:00", "Anniversaire de Lucie", ""),
        )
        .await;
    assert!(
        booked.location().ends_with("?ok=ok-sp-booked"),
        "{}",
        text(&booked)
    );
    let public: bool = sqlx::query_scalar(
        "SELECT public FROM space_bookings WHERE title = 'Anniversaire de Lucie'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(!public);

    // Where the desk reviews the request, an association may ask for the agenda.
    let asso = app.session("asso").await;
    let jardins = app.jardins().await.to_string();
    let mut form = booking_form(&iso, "09:00", "11:00", "Conférence sur le compost", "oui");
    form.push(("association_id", &jardins));
    let asked = app.post(&path, &asso, &form).await;
    assert!(
        asked.location().ends_with("?ok=ok-sp-requested"),
        "{}",
        text(&asked)
    );
    // A series in the meeting room asking for it: refused the same way, nothing booked.
    let room_text = room.to_string();
    let mut series = series_form(&jardins, &room_text, "Atelier vélo", &iso, "2", "");
    series.retain(|(k, _)| !matches!(*k, "start" | "end" | "public"));
    series.extend([("start", "14:00"), ("end", "16:00"), ("public", "oui")]);
    let preview = app
        .post("/associations/salles/apercu", &asso, &series)
        .await;
    assert_eq!(preview.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        text(&preview).contains("<a href=\"#public-oui\">Afficher sur l'agenda public du lieu : Une réservation en usage « Salle de réunion »"),
        "{}",
        text(&preview)
    );
    assert!(app.bookings_titled("Atelier vélo").await.is_empty());
    // The desk may.
    let desk = app.session("accueil").await;
    let by_desk = app
        .post(
            &path,
            &desk,
            &booking_form(
                &iso,
                "16:00",
                "17:00",
                "Réunion publique du quartier",
                "oui",
            ),
        )
        .await;
    assert!(
        by_desk.location().ends_with("?ok=ok-sp-booked"),
        "{}",
        text(&by_desk)
    );
}

#[tokio::test]
async fn a_series_stops_at_its_end_date_and_both_ends_at_once_are_refused_clearly() {
    let app = app().await;
    let room = open_every_day(&app, "Salle du marché", None).await;
    let jardins = app.jardins().await.to_string();
    let room_text = room.to_string();
    let (first, first_iso) = later_day(8);
    let until = first + Duration::days(14);
    let until_iso = until.to_string();
    let asso = app.session("asso").await;

    // The form comes with no number of dates written in advance, and says which field to leave
    // empty for an end date.
    let portal = app.get("/associations/salles", Some(&asso)).await;
    assert!(
        portal
            .body
            .contains(r#"id="count" name="count" type="number" value="""#),
        "{}",
        portal.body
    );
    assert!(
        text(&portal).contains("laissez « Nombre de séances » vide"),
        "{}",
        text(&portal)
    );

    // An end date and no number: three Tuesdays-like dates, the last on the end date.
    let form = series_form(
        &jardins,
        &room_text,
        "Jardinage",
        &first_iso,
        "",
        &until_iso,
    );
    let preview = app.post("/associations/salles/apercu", &asso, &form).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", text(&preview));
    let page = text(&preview);
    assert_eq!(
        page.matches("Libre : la demande sera transmise à l'accueil.")
            .count(),
        3,
        "{page}"
    );
    let after = (until + Duration::days(7)).format("%d/%m/%Y").to_string();
    assert!(!page.contains(&after), "{page}");
    let mut send = form.clone();
    send.push(("policy", "all_or_nothing"));
    let made = app.post("/associations/salles/serie", &asso, &send).await;
    assert_eq!(made.status, StatusCode::OK, "{}", text(&made));
    let dates = app.bookings_titled("Jardinage").await;
    let days: Vec<&str> = dates.iter().map(|d| d.2.as_str()).collect();
    assert_eq!(
        days,
        [
            first_iso.clone(),
            (first + Duration::days(7)).to_string(),
            until_iso.clone()
        ]
    );

    // Both a number and an end date: refused, saying to keep one, and nothing booked.
    let both = series_form(
        &jardins,
        &room_text,
        "Vélo-école",
        &first_iso,
        "10",
        &until_iso,
    );
    let refused = app.post("/associations/salles/apercu", &asso, &both).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(&refused);
    assert!(
        page.contains("<a href=\"#count\">Nombre de séances : Indiquez soit un nombre de séances, soit une date de fin, pas les deux : videz l'un des deux champs.</a>"),
        "{page}"
    );
    // What was typed comes back, to be corrected.
    assert!(
        refused.body.contains(&format!(
            r#"id="until" name="until" type="date" value="{until_iso}""#
        )),
        "{}",
        refused.body
    );
    let mut send = both.clone();
    send.push(("policy", "skip_conflicts"));
    let sent = app.post("/associations/salles/serie", &asso, &send).await;
    assert_eq!(sent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.bookings_titled("Vélo-école").await.is_empty());
}

/// What the pages show once their templates carry the decisions (the template patch given with
/// this change: `server/templates/spaces/requests.html`, `parts.html`): the series' refusal form
/// on the queue, the refusal of a decision written on the request's card, and the public-agenda
/// choice saying beforehand which uses go on the agenda and, refused, why under the choice.
#[tokio::test]
async fn the_pages_offer_the_series_refusal_and_show_refusals_where_they_belong() {
    let app = app().await;
    let room = open_every_day(&app, "Salle du marché", None).await;
    let jardins = app.jardins().await.to_string();
    let room_text = room.to_string();
    let (first, first_iso) = later_day(8);
    let asso = app.session("asso").await;
    let mut form = series_form(
        &jardins,
        &room_text,
        "Permanence compost",
        &first_iso,
        "2",
        "",
    );
    form.push(("policy", "all_or_nothing"));
    let made = app.post("/associations/salles/serie", &asso, &form).await;
    assert_eq!(made.status, StatusCode::OK, "{}", text(&made));
    let dates = app.bookings_titled("Permanence compost").await;
    let series: i64 = sqlx::query_scalar("SELECT series_id FROM space_bookings WHERE id = ?")
        .bind(dates[0].0)
        .fetch_one(&app.pool)
        .await
        .unwrap();

    // The queue offers to refuse the whole series, with its reason's field.
    let desk = app.session("accueil").await;
    let queue = app.get("/accueil/demandes", Some(&desk)).await;
    assert!(
        queue.body.contains(&format!(
            r#"action="/accueil/demandes/serie/{series}/refuser""#
        )),
        "{}",
        queue.body
    );
    assert!(
        queue.body.contains(&format!(
            r#"<textarea id="refuser-serie-{series}" name="message""#
        )),
        "{}",
        queue.body
    );
    assert!(text(&queue).contains("Refuser toute la série"));
    // Refused without a reason: the reason's field says so, what was typed elsewhere untouched.
    let bare = app
        .post(
            &format!("/accueil/demandes/serie/{series}/refuser"),
            &desk,
            &[("message", "")],
        )
        .await;
    assert!(
        bare.body.contains(&format!(
            r#"<textarea id="refuser-serie-{series}" name="message" rows="2" aria-invalid="true""#
        )),
        "{}",
        bare.body
    );

    // The desk takes the first date's morning: accepting the series is refused on the decision.
    desk_books(
        &app,
        room,
        first,
        9 * 60,
        11 * 60,
        "Formation des bénévoles",
    )
    .await;
    let refused = app
        .post(
            &format!("/accueil/demandes/serie/{series}/accepter"),
            &desk,
            &[("message", "Bienvenue")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let card = card(&text(&refused), dates[0].0);
    assert!(
        card.contains(&format!(
            "<p class=\"field-error\" id=\"demande-{}-erreur\">Décision : Ce créneau est déjà réservé : « Formation des bénévoles »",
            dates[0].0
        )),
        "{card}"
    );
    assert!(
        !card.contains(&format!(
            "id=\"serie-{series}\" name=\"message\" rows=\"2\" aria-invalid"
        )),
        "{card}"
    );

    // The public-agenda choice says beforehand which uses go there, and why it refused.
    let resident = app.session("resident").await;
    let week = text(&app.get(&format!("/salles/{room}"), Some(&resident)).await);
    assert!(
        week.contains("Seuls les usages validés par l'accueil et ceux annoncés au public"),
        "{week}"
    );
    let (_, iso) = later_day(6);
    let asked = app
        .post(
            &format!("/salles/{room}/reserver"),
            &resident,
            &booking_form(&iso, "14:00", "16:00", "Anniversaire de Lucie", "oui"),
        )
        .await;
    assert!(
        asked
            .body
            .contains(r#"<p class="field-error" id="public-erreur">"#),
        "{}",
        asked.body
    );
}
