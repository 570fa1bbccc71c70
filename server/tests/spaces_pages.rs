//! The chrono'espaces' pages through the real router (no network), on the demo site plus a room of
//! their own, « Salle d'essai », open every day: associations 08:00–12:00 (on approval),
//! a meeting room for every account 12:00–18:00, debates 18:30–23:00 (booked by the desk, on the
//! public agenda by default). Demo accounts: `resident` (Odette Perrin), `asso` (Marie Lefèvre,
//! representative of « Les Jardins partagés »), `accueil`, `admin`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate, Utc};
use citeosquare_server::audit::Actor;
use citeosquare_server::spaces::booking::{self, NewBooking, Requester};
use citeosquare_server::spaces::{self, SpaceInput, WindowInput, timetable};
use serde_json::json;
use support::{Reply, Session, TestApp};

const PARIS: chrono_tz::Tz = chrono_tz::Europe::Paris;

/// The shared test application (`support`), with this file's names for its calls.
struct App(TestApp);

support::deref_to_test_app!(App, 0);

impl Reply {
    /// The page's text with the HTML escapes undone (`l'accueil`, not `l&#39;accueil`).
    fn text(&self) -> String {
        self.body
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&quot;", "\"")
            .replace("&#34;", "\"")
            .replace("&#38;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    /// The booking a successful form led to: `/reservations/{id}?ok=…`.
    fn booking_id(&self) -> i64 {
        assert_eq!(self.status, StatusCode::SEE_OTHER, "{}", self.text());
        self.location()
            .strip_prefix("/reservations/")
            .and_then(|rest| rest.split('?').next())
            .and_then(|id| id.parse().ok())
            .unwrap_or_else(|| panic!("not a booking page: {}", self.location()))
    }
}

async fn app() -> App {
    App(TestApp::new().await)
}

impl App {
    async fn get(&self, path: &str, session: Option<&Session>) -> Reply {
        self.page(path, session).await
    }

    /// A form post as the page sends it, with the session's CSRF token.
    async fn post_form(&self, path: &str, session: &Session, fields: &[(&str, &str)]) -> Reply {
        self.0.post_form(path, Some(session), fields).await
    }

    async fn state_of(&self, booking: i64) -> String {
        sqlx::query_scalar("SELECT state FROM space_bookings WHERE id = ?")
            .bind(booking)
            .fetch_one(&self.pool)
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

/// The test's own room and uses.
struct Room {
    id: i64,
}

/// « Salle d'essai »: every day, associations 08:00–12:00 (approval), a meeting room for every
/// account 12:00–18:00, debates 18:30–23:00 (the desk books them; public by default).
async fn room(app: &App) -> Room {
    let actor = Actor::cli();
    let space = spaces::create_space(
        &app.pool,
        &actor,
        &SpaceInput {
            name: "Salle d'essai".into(),
            floor: "Rez-de-chaussée".into(),
            capacity: 40,
            equipment: "Vidéoprojecteur, 40 chaises".into(),
            step_free: true,
            hearing_loop: true,
            refuse_when_full: true,
            ..SpaceInput::default()
        },
    )
    .await
    .unwrap();
    let new_use = |v: serde_json::Value| serde_json::from_value::<spaces::UseInput>(v).unwrap();
    let associations = spaces::create_use(
        &app.pool,
        &actor,
        &new_use(json!({
            "code": "essai-associations", "name": "Réunion d'association", "colour": "#2e7d32",
            "mode": "exclusive", "open_to_associations": true, "approval": true,
            "min_minutes": 30, "max_minutes": 240,
        })),
    )
    .await
    .unwrap();
    let meeting = spaces::create_use(
        &app.pool,
        &actor,
        &new_use(json!({
            "code": "essai-reunion", "name": "Salle de réunion", "colour": "#1565c0",
            "mode": "exclusive", "open_to_everyone": true,
            "min_minutes": 30, "max_minutes": 360,
        })),
    )
    .await
    .unwrap();
    let debate = spaces::create_use(
        &app.pool,
        &actor,
        &new_use(json!({
            "code": "essai-debat", "name": "Débat et projection", "colour": "#8e24aa",
            "mode": "event", "public_by_default": true,
            "min_minutes": 30, "max_minutes": 300,
        })),
    )
    .await
    .unwrap();
    let mut windows = vec![];
    for weekday in 1..=7 {
        for (start, end, use_id) in [
            ("08:00", "12:00", associations.id),
            ("12:00", "18:00", meeting.id),
            ("18:30", "23:00", debate.id),
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
    Room { id: space.id }
}

/// A day ten days from now (far enough for any notice), as the form wants it and as messages
/// write it.
fn later_day(days: i64) -> (NaiveDate, String, String) {
    let day = Utc::now().with_timezone(&PARIS).date_naive() + Duration::days(days);
    (day, day.to_string(), day.format("%d/%m/%Y").to_string())
}

/// The booking form's fields.
fn booking_form<'a>(
    day: &'a str,
    start: &'a str,
    end: &'a str,
    title: &'a str,
    key: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("day", day),
        ("start", start),
        ("end", end),
        ("title", title),
        ("note", ""),
        ("seats", "1"),
        ("attendees_expected", ""),
        ("public", ""),
        ("request_key", key),
    ]
}

#[tokio::test]
async fn a_member_sees_the_rooms_and_a_week_with_its_use_labels() {
    let app = app().await;
    let room = room(&app).await;
    let resident = app.session("resident").await;
    let list = app.get("/salles", Some(&resident)).await;
    assert_eq!(list.status, StatusCode::OK);
    let text = list.text();
    assert!(text.contains("Salle d'essai"), "{text}");
    assert!(text.contains("De plain-pied"), "{text}");
    assert!(text.contains("Boucle magnétique"), "{text}");
    assert!(text.contains("40 personnes"), "{text}");

    let (day, iso, _) = later_day(10);
    let week = app
        .get(
            &format!("/salles/{}?semaine={iso}", room.id),
            Some(&resident),
        )
        .await;
    assert_eq!(week.status, StatusCode::OK);
    let text = week.text();
    // Each window says its use in words and its hours, beside its colour.
    for label in [
        "Réunion d'association",
        "Salle de réunion",
        "Débat et projection",
        "12 h 00 – 18 h 00",
        "18 h 30 – 23 h 00",
        "sur validation de l'accueil",
        "fill=\"#1565c0\"",
    ] {
        assert!(text.contains(label), "{label} missing from the week");
    }
    let monday = day
        - Duration::days(i64::from(
            chrono::Datelike::weekday(&day).num_days_from_monday(),
        ));
    assert!(
        text.contains(&format!("Semaine du {}", monday.format("%d/%m/%Y"))),
        "{text}"
    );
    // The form carries a fresh request key.
    assert!(text.contains("name=\"request_key\" value=\""), "{text}");
    // An unknown room is a 404, not an error.
    let missing = app.get("/salles/99999", Some(&resident)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_booking_through_the_form_holds_and_the_same_slot_is_refused_with_the_reason() {
    let app = app().await;
    let room = room(&app).await;
    let (_, iso, fr) = later_day(10);
    let resident = app.session("resident").await;
    let path = format!("/salles/{}/reserver", room.id);
    let made = app
        .post_form(
            &path,
            &resident,
            &booking_form(&iso, "13:00", "15:00", "Atelier tricot", "cle-tricot-1"),
        )
        .await;
    let id = made.booking_id();
    assert!(made.location().ends_with("?ok=ok-sp-booked"));
    let page = app
        .get(
            &format!("/reservations/{id}?ok=ok-sp-booked"),
            Some(&resident),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(text.contains("Réservation confirmée."), "{text}");
    assert!(text.contains("confirmée"), "{text}");
    assert!(text.contains("Atelier tricot"), "{text}");
    assert_eq!(app.state_of(id).await, "confirmed");

    // Someone else asks for the same hours: refused, with the slot (its title is not theirs to
    // read), and the form comes back with what was typed.
    let asso = app.session("asso").await;
    let again = app
        .post_form(
            &path,
            &asso,
            &booking_form(&iso, "13:00", "15:00", "Réunion du bureau", "cle-bureau-1"),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = again.text();
    assert!(
        text.contains(&format!(
            "Ce créneau est déjà réservé : Salle d'essai, {fr} 13:00–15:00."
        )),
        "{text}"
    );
    assert!(!text.contains("Atelier tricot"), "a private title leaked");
    assert!(text.contains("value=\"Réunion du bureau\""), "{text}");
    assert!(
        text.contains("href=\"#day\""),
        "the summary links to the field"
    );

    // The desk books a public debate, and a second one at the same hours is refused with the
    // first one's title, room and hours.
    let desk = app.session("accueil").await;
    let debate = app
        .post_form(
            &path,
            &desk,
            &booking_form(&iso, "19:00", "21:30", "Débat citoyen", "cle-debat-1"),
        )
        .await;
    debate.booking_id();
    let clash = app
        .post_form(
            &path,
            &desk,
            &booking_form(&iso, "20:00", "22:00", "Projection", "cle-projection-1"),
        )
        .await;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        clash.text().contains(&format!(
            "Ce créneau est déjà réservé : « Débat citoyen », Salle d'essai, {fr} 19:00–21:30."
        )),
        "{}",
        clash.text()
    );
    // The week shows both, the desk reading the titles, the resident only the public one.
    let week = app
        .get(&format!("/salles/{}?semaine={iso}", room.id), Some(&desk))
        .await
        .text();
    assert!(week.contains("Atelier tricot") && week.contains("Débat citoyen"));
    let week = app
        .get(&format!("/salles/{}?semaine={iso}", room.id), Some(&asso))
        .await
        .text();
    assert!(!week.contains("Atelier tricot") && week.contains("Débat citoyen"));
    assert!(week.contains("Réservé"), "{week}");
}

#[tokio::test]
async fn the_same_form_sent_twice_books_once() {
    let app = app().await;
    let room = room(&app).await;
    let (_, iso, _) = later_day(11);
    let resident = app.session("resident").await;
    let path = format!("/salles/{}/reserver", room.id);
    let form = booking_form(&iso, "12:30", "14:00", "Double clic", "cle-double-clic");
    let first = app.post_form(&path, &resident, &form).await;
    let second = app.post_form(&path, &resident, &form).await;
    assert_eq!(first.booking_id(), second.booking_id());
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM space_bookings WHERE title = 'Double clic'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn the_portal_shows_open_slots_and_a_series_preview_lists_each_date() {
    let app = app().await;
    let room = room(&app).await;
    let jardins = app.jardins().await;
    let asso = app.session("asso").await;
    let portal = app.get("/associations/salles", Some(&asso)).await;
    assert_eq!(portal.status, StatusCode::OK);
    let text = portal.text();
    assert!(text.contains("Salle d'essai"), "{text}");
    assert!(text.contains("Réunion d'association"), "{text}");
    assert!(text.contains("Libre"), "{text}");
    assert!(text.contains("Demander ce créneau"), "{text}");
    assert!(text.contains("/calendrier/association/"), "{text}");
    // The meeting room and the debates are not open to associations.
    assert!(!text.contains("Débat et projection"), "{text}");

    // The desk holds the second week's morning: the series' second date collides (the desk's
    // private booking shows without its title).
    let (first, first_iso, _) = later_day(8);
    let second = first + Duration::days(7);
    let desk = Requester::desk(&Actor::cli());
    booking::create(
        &app.pool,
        PARIS,
        Utc::now(),
        &desk,
        &NewBooking {
            space_id: room.id,
            start: timetable::instant(PARIS, second, 9 * 60),
            end: timetable::instant(PARIS, second, 11 * 60),
            title: "Formation des bénévoles".into(),
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
    let jardins_text = jardins.to_string();
    let room_text = room.id.to_string();
    let series: Vec<(&str, &str)> = vec![
        ("association_id", &jardins_text),
        ("space_id", &room_text),
        ("title", "Réunion des jardiniers"),
        ("first_day", &first_iso),
        ("start", "09:00"),
        ("end", "11:00"),
        ("repeat", "weekly"),
        ("count", "3"),
        ("until", ""),
        ("note", ""),
        ("public", ""),
    ];
    let preview = app
        .post_form("/associations/salles/apercu", &asso, &series)
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text());
    let text = preview.text();
    assert_eq!(
        text.matches("Libre : la demande sera transmise à l'accueil.")
            .count(),
        2,
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Ce créneau est déjà réservé : Salle d'essai, {} 09:00–11:00.",
            second.format("%d/%m/%Y")
        )),
        "{text}"
    );
    assert!(text.contains("Tout ou rien"), "{text}");
    // Nothing is booked by a preview.
    let count = |app: &App| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT count(*) FROM space_bookings WHERE title = 'Réunion des jardiniers'",
            )
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(count(&app).await, 0);

    // All or nothing: nothing; skipping the conflicts: the two free dates, waiting for the desk.
    let mut all = series.clone();
    all.push(("policy", "all_or_nothing"));
    let nothing = app
        .post_form("/associations/salles/serie", &asso, &all)
        .await;
    assert_eq!(nothing.status, StatusCode::OK);
    assert!(nothing.text().contains("Rien n'a été réservé"));
    assert_eq!(count(&app).await, 0);
    let mut skip = series.clone();
    skip.push(("policy", "skip_conflicts"));
    let made = app
        .post_form("/associations/salles/serie", &asso, &skip)
        .await;
    assert_eq!(made.status, StatusCode::OK);
    let text = made.text();
    assert!(text.contains("La série est enregistrée"), "{text}");
    assert_eq!(text.matches("en attente de l'accueil").count(), 2, "{text}");
    assert_eq!(count(&app).await, 2);
    // The portal lists them with their state.
    let portal = app.get("/associations/salles", Some(&asso)).await.text();
    assert_eq!(
        portal.matches("Réunion des jardiniers").count(),
        2,
        "{portal}"
    );
    // A preview sent without its sessions comes back with the reason.
    let mut missing = series.clone();
    missing.retain(|(k, _)| *k != "count");
    let refused = app
        .post_form("/associations/salles/apercu", &asso, &missing)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text()
            .contains("Indiquez un nombre de séances ou une date de fin.")
    );
}

/// The portal's request, as the form on the room's week sends it.
async fn request_slot(app: &App, room: &Room, asso: &Session, iso: &str, title: &str) -> i64 {
    let jardins = app.jardins().await.to_string();
    let mut form = booking_form(iso, "09:00", "11:00", title, title);
    form.push(("association_id", &jardins));
    let reply = app
        .post_form(&format!("/salles/{}/reserver", room.id), asso, &form)
        .await;
    assert!(
        reply.location().ends_with("?ok=ok-sp-requested"),
        "{}",
        reply.location()
    );
    reply.booking_id()
}

#[tokio::test]
async fn reception_approves_a_request_and_the_requester_sees_it_confirmed() {
    let app = app().await;
    let room = room(&app).await;
    let (day, iso, _) = later_day(9);
    let asso = app.session("asso").await;
    let id = request_slot(&app, &room, &asso, &iso, "Assemblée générale").await;
    let page = app
        .get(&format!("/reservations/{id}"), Some(&asso))
        .await
        .text();
    assert!(page.contains("en attente de l'accueil"), "{page}");

    // A competing request for the same morning (another representative, through the library).
    let jardins = app.jardins().await;
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
            space_id: room.id,
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
    let queue = app.get("/accueil/demandes", Some(&desk)).await;
    assert_eq!(queue.status, StatusCode::OK);
    let text = queue.text();
    assert!(text.contains("Assemblée générale") && text.contains("Troc de graines"));
    assert!(text.contains("En concurrence avec"), "{text}");
    assert!(
        text.contains("Marie Lefèvre"),
        "the requester is named: {text}"
    );

    let approved = app
        .post_form(
            &format!("/accueil/demandes/{id}/accepter"),
            &desk,
            &[("message", "Clés à prendre à l'accueil.")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    assert_eq!(approved.location(), "/accueil/demandes?ok=ok-sp-approved");
    assert_eq!(app.state_of(id).await, "confirmed");
    let page = app
        .get(&format!("/reservations/{id}"), Some(&asso))
        .await
        .text();
    assert!(page.contains("confirmée"), "{page}");
    assert!(page.contains("Clés à prendre à l'accueil."), "{page}");

    // The rival now collides: its approval is refused with the reason, and it stays waiting.
    let refused = app
        .post_form(
            &format!("/accueil/demandes/{rival}/accepter"),
            &desk,
            &[("message", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text()
            .contains("Ce créneau est déjà réservé : « Assemblée générale », Salle d'essai"),
        "{}",
        refused.text()
    );
    assert_eq!(app.state_of(rival).await, "requested");
}

#[tokio::test]
async fn declining_a_request_needs_a_message() {
    let app = app().await;
    let room = room(&app).await;
    let (_, iso, _) = later_day(12);
    let asso = app.session("asso").await;
    let id = request_slot(&app, &room, &asso, &iso, "Vide-grenier").await;
    let desk = app.session("accueil").await;
    let path = format!("/accueil/demandes/{id}/refuser");
    let bare = app.post_form(&path, &desk, &[("message", "  ")]).await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = bare.text();
    assert!(
        text.contains("Écrivez un message pour expliquer le refus."),
        "{text}"
    );
    assert!(text.contains(&format!("href=\"#refuser-{id}\"")), "{text}");
    assert_eq!(app.state_of(id).await, "requested");
    let declined = app
        .post_form(
            &path,
            &desk,
            &[("message", "La salle est prise par la mairie ce jour-là.")],
        )
        .await;
    assert_eq!(declined.location(), "/accueil/demandes?ok=ok-sp-declined");
    assert_eq!(app.state_of(id).await, "declined");
    let page = app
        .get(&format!("/reservations/{id}"), Some(&asso))
        .await
        .text();
    assert!(page.contains("refusée"), "{page}");
    assert!(
        page.contains("La salle est prise par la mairie ce jour-là."),
        "{page}"
    );
}

#[tokio::test]
async fn the_agenda_shows_a_public_debate_then_its_cancellation() {
    let app = app().await;
    let room = room(&app).await;
    let (_, iso, _) = later_day(6);
    let desk = app.session("accueil").await;
    let id = app
        .post_form(
            &format!("/salles/{}/reserver", room.id),
            &desk,
            &booking_form(
                &iso,
                "19:00",
                "21:30",
                "Débat : l'eau du quartier",
                "cle-eau",
            ),
        )
        .await
        .booking_id();
    let agenda = app.get("/agenda", None).await;
    assert_eq!(agenda.status, StatusCode::OK);
    let text = agenda.text();
    assert!(text.contains("Débat : l'eau du quartier"), "{text}");
    assert!(text.contains("19 h 00 – 21 h 30"), "{text}");
    assert!(text.contains("/agenda.ics"), "{text}");
    assert!(text.contains("De plain-pied"), "{text}");

    // Cancelling asks first; nothing changes until confirmed.
    let path = format!("/reservations/{id}/annuler");
    let ask = app
        .post_form(
            &path,
            &desk,
            &[("scope", "one"), ("reason", "Intervenant malade")],
        )
        .await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(ask.text().contains("Oui, annuler"));
    assert_eq!(app.state_of(id).await, "confirmed");
    let done = app
        .post_form(
            &path,
            &desk,
            &[
                ("scope", "one"),
                ("reason", "Intervenant malade"),
                ("confirme", "oui"),
            ],
        )
        .await;
    assert_eq!(
        done.location(),
        format!("/reservations/{id}?ok=ok-sp-cancelled")
    );
    assert_eq!(app.state_of(id).await, "cancelled");
    let text = app.get("/agenda", None).await.text();
    assert!(
        text.contains("<del>Débat : l'eau du quartier</del>"),
        "{text}"
    );
    assert!(text.contains("Annulé"), "{text}");
}

#[tokio::test]
async fn the_tv_agenda_refreshes_itself_without_menu() {
    let app = app().await;
    let tv = app.get("/agenda?tv=1", None).await;
    assert_eq!(tv.status, StatusCode::OK);
    assert!(
        tv.body
            .contains("<meta http-equiv=\"refresh\" content=\"300\">"),
        "{}",
        tv.body
    );
    assert!(!tv.body.contains("<nav"), "the TV shows no menu");
    assert!(tv.body.contains("lang=\"fr\""));
    // The printable page says something friendly even when nothing is announced.
    let page = app.get("/agenda", None).await.text();
    assert!(
        page.contains("sp-agenda-day") || page.contains("Rien n'est encore annoncé"),
        "{page}"
    );
}

#[tokio::test]
async fn a_resident_cannot_open_or_cancel_someone_elses_booking() {
    let app = app().await;
    let room = room(&app).await;
    let (_, iso, _) = later_day(13);
    let asso = app.session("asso").await;
    let id = request_slot(&app, &room, &asso, &iso, "Réunion privée").await;
    let resident = app.session("resident").await;
    let page = app
        .get(&format!("/reservations/{id}"), Some(&resident))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains("Réunion privée"));
    let cancel = app
        .post_form(
            &format!("/reservations/{id}/annuler"),
            &resident,
            &[("scope", "one"), ("confirme", "oui")],
        )
        .await;
    assert_eq!(cancel.status, StatusCode::NOT_FOUND);
    let moved = app
        .post_form(
            &format!("/reservations/{id}/deplacer"),
            &resident,
            &[
                ("move_day", &iso),
                ("move_start", "09:30"),
                ("move_end", "11:00"),
                ("scope", "one"),
            ],
        )
        .await;
    assert_eq!(moved.status, StatusCode::NOT_FOUND);
    assert_eq!(app.state_of(id).await, "requested");
    // The desk and the representative open it.
    let desk = app.session("accueil").await;
    assert_eq!(
        app.get(&format!("/reservations/{id}"), Some(&desk))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/reservations/{id}"), Some(&asso))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_booking_moves_to_new_hours_and_a_refused_move_says_why() {
    let app = app().await;
    let room = room(&app).await;
    let (_, iso, _) = later_day(10);
    let resident = app.session("resident").await;
    let id = app
        .post_form(
            &format!("/salles/{}/reserver", room.id),
            &resident,
            &booking_form(&iso, "13:00", "14:00", "Cours de couture", "cle-couture"),
        )
        .await
        .booking_id();
    let path = format!("/reservations/{id}/deplacer");
    let moved = app
        .post_form(
            &path,
            &resident,
            &[
                ("move_day", &iso),
                ("move_start", "15:00"),
                ("move_end", "16:30"),
                ("scope", "one"),
            ],
        )
        .await;
    assert_eq!(
        moved.location(),
        format!("/reservations/{id}?ok=ok-sp-moved")
    );
    let page = app
        .get(&format!("/reservations/{id}"), Some(&resident))
        .await
        .text();
    assert!(page.contains("15 h 00 – 16 h 30"), "{page}");
    // Into the debate hours: not open to residents.
    let refused = app
        .post_form(
            &path,
            &resident,
            &[
                ("move_day", &iso),
                ("move_start", "17:00"),
                ("move_end", "19:00"),
                ("scope", "one"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = refused.text();
    assert!(text.contains("dépasse les horaires"), "{text}");
    assert!(text.contains("href=\"#move_start\""), "{text}");
}

#[tokio::test]
async fn the_desk_books_for_someone_found_by_name_and_is_told_when_the_name_is_ambiguous() {
    let app = app().await;
    let room = room(&app).await;
    let (_, iso, _) = later_day(10);
    let desk = app.session("accueil").await;
    let path = format!("/salles/{}/reserver", room.id);

    // One person matches « Perrin »: the booking is hers.
    let mut form = booking_form(&iso, "13:00", "14:00", "Thé entre voisines", "cle-nom-1");
    form.push(("person_id", "Perrin"));
    let id = app.post_form(&path, &desk, &form).await.booking_id();
    let page = app
        .get(&format!("/reservations/{id}"), Some(&desk))
        .await
        .text();
    assert!(page.contains("Odette Perrin"), "{page}");

    // Nobody, or several people: the form comes back saying so, next to the field.
    let mut form = booking_form(&iso, "15:00", "16:00", "Essai", "cle-nom-2");
    form.push(("person_id", "Zyxwvu"));
    let nobody = app.post_form(&path, &desk, &form).await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        nobody.text().contains("Personne introuvable"),
        "{}",
        nobody.text()
    );
    assert!(nobody.body.contains(r#"id="person_id-erreur""#));
    let mut form = booking_form(&iso, "15:00", "16:00", "Essai", "cle-nom-3");
    // « l » begins Lefèvre, Lucas and Lambert.
    form.push(("person_id", "l"));
    let several = app.post_form(&path, &desk, &form).await;
    assert_eq!(several.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        several.text().contains("Plusieurs personnes correspondent"),
        "{}",
        several.text()
    );
    // Each with what tells namesakes apart: the file number and the badge (and phone, if any).
    assert!(
        several.text().contains("Marie Lefèvre (n° 1 · ")
            && several.text().contains("badge DEMO0001"),
        "{}",
        several.text()
    );

    // A file number still works.
    let odette: i64 = sqlx::query_scalar("SELECT person_id FROM users WHERE username = 'resident'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let mut form = booking_form(&iso, "15:00", "16:00", "Rendez-vous", "cle-nom-4");
    let number = odette.to_string();
    form.push(("person_id", &number));
    app.post_form(&path, &desk, &form).await.booking_id();
}

#[tokio::test]
async fn the_menu_counts_the_waiting_requests_for_the_desk_and_links_its_pages() {
    let app = app().await;
    let desk = app.session("accueil").await;
    let waiting = booking::request_count(&app.pool).await.unwrap();
    assert!(waiting > 0, "the demo has a request waiting");
    let page = app.get("/salles", Some(&desk)).await.body;
    assert!(
        page.contains(&format!(
            r#"<span class="nav-count">{waiting}<span class="visually-hidden"> en attente</span>"#
        )),
        "{page}"
    );
    assert!(page.contains(r#"href="/salles/occupation""#));
    assert!(!page.contains(r#"href="/admin/salles""#));
    let admin = app.session("admin").await;
    let page = app.get("/salles", Some(&admin)).await.body;
    assert!(page.contains(r#"href="/admin/salles""#));
    // Others see no count.
    let resident = app.session("resident").await;
    let page = app.get("/salles", Some(&resident)).await.body;
    assert!(!page.contains("nav-count") && !page.contains(r#"href="/salles/occupation""#));
}

#[tokio::test]
async fn a_week_offers_each_open_slot_prefilled_to_whoever_may_book_it() {
    let app = app().await;
    let room = room(&app).await;
    let (day, iso, _) = later_day(7);
    let monday = day
        - Duration::days(i64::from(
            chrono::Datelike::weekday(&day).num_days_from_monday(),
        ));
    let path = format!("/salles/{}?semaine={monday}", room.id);
    // A resident: the meeting room for everyone, not the associations' mornings nor the debates.
    let resident = app.session("resident").await;
    let page = app.get(&path, Some(&resident)).await.text();
    assert!(
        page.contains(&format!(
            "/salles/{}?semaine={monday}&jour={iso}&debut=12:00&fin=14:00#reserver",
            room.id
        )),
        "{page}"
    );
    assert!(!page.contains(&format!("jour={iso}&debut=08:00")), "{page}");
    assert!(!page.contains(&format!("jour={iso}&debut=18:30")), "{page}");
    // The representative: the association's mornings, with her association chosen.
    let asso = app.session("asso").await;
    let jardins = app.jardins().await;
    let page = app.get(&path, Some(&asso)).await.text();
    assert!(
        page.contains(&format!(
            "jour={iso}&debut=08:00&fin=10:00&association={jardins}#reserver"
        )),
        "{page}"
    );
}

#[tokio::test]
async fn a_series_with_no_possible_date_offers_only_to_change_it_with_what_was_typed() {
    let app = app().await;
    let room = room(&app).await;
    let (_, iso, _) = later_day(9);
    let asso = app.session("asso").await;
    let jardins = app.jardins().await.to_string();
    let space = room.id.to_string();
    // The room closes at 23:00: 23:15–23:45 is never open.
    let fields = [
        ("association_id", jardins.as_str()),
        ("space_id", space.as_str()),
        ("title", "Atelier compost"),
        ("first_day", iso.as_str()),
        ("start", "23:15"),
        ("end", "23:45"),
        ("repeat", "weekly"),
        ("count", "3"),
        ("until", ""),
        ("note", ""),
        ("public", ""),
    ];
    let again = app
        .post_form("/associations/salles/apercu", &asso, &fields)
        .await;
    let text = again.text();
    assert!(text.contains("Aucune date n'est possible"), "{text}");
    assert!(text.contains("Aucune date libre."), "{text}");
    assert!(
        !again
            .body
            .contains(r#"action="/associations/salles/serie""#)
    );
    // « Modifier la demande » goes back to the portal's form with what was typed.
    assert!(
        again
            .body
            .contains(r#"<form method="get" action="/associations/salles#serie""#)
    );
    let back = app
        .get(
            "/associations/salles?title=Atelier+compost&start=09%3A00&count=3",
            Some(&asso),
        )
        .await;
    assert_eq!(back.status, StatusCode::OK);
    assert!(
        back.body.contains(r#"value="Atelier compost""#),
        "{}",
        back.body
    );
    assert!(
        back.body
            .contains(r#"id="start" name="start" type="time" value="09:00""#)
    );
}
