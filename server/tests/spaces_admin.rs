//! The chrono'espaces' administration pages and the occupancy page through the real router (no
//! network), on the demo site: an administrator sets up a divisible room, a use, a timetable, an
//! exception and a door kiosk; bad input is refused with its reasons and changes nothing; the desk
//! reads who is in each room and the hourly heatmap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use citeosquare_server::db;
use support::{Reply, Session, TestApp};

/// The shared test application (`support`), with this file's names for its calls.
struct App(TestApp);

support::deref_to_test_app!(App, 0);

impl Reply {
    /// The HTML of the element whose id is `id`, up to the end of its first line of markup (enough
    /// for a table row, which the templates keep on a few lines).
    fn row(&self, id: &str) -> &str {
        let start = self
            .body
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no #{id} in {}", self.body));
        let rest = &self.body[start..];
        let end = rest.find("</tr>").unwrap_or(rest.len());
        &rest[..end]
    }
}

async fn app() -> App {
    App(TestApp::new().await)
}

impl App {
    async fn get(&self, path: &str, s: &Session) -> Reply {
        self.page(path, Some(s)).await
    }

    /// A form post as the page sends it, with the session's CSRF token.
    async fn post(&self, path: &str, s: &Session, fields: &[(&str, &str)]) -> Reply {
        self.post_form(path, Some(s), fields).await
    }

    async fn scalar(&self, sql: &'static str, arg: i64) -> i64 {
        sqlx::query_scalar(sql)
            .bind(arg)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// The administrator creates a space; its id.
    async fn create_space(&self, admin: &Session, fields: &[(&str, &str)]) -> i64 {
        let reply = self.post("/admin/salles", admin, fields).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let id = reply
            .location()
            .strip_prefix("/admin/salles/")
            .and_then(|rest| rest.split('?').next())
            .and_then(|id| id.parse().ok())
            .unwrap_or_else(|| panic!("{}", reply.location()));
        assert!(reply.location().ends_with("?ok=ok-spa-space-created"));
        id
    }

    /// The administrator creates a use; its id.
    async fn create_use(&self, admin: &Session, fields: &[(&str, &str)]) -> i64 {
        let reply = self.post("/admin/salles/usages", admin, fields).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let code = fields
            .iter()
            .find(|(k, _)| *k == "use_code")
            .map(|(_, v)| *v)
            .unwrap();
        sqlx::query_scalar("SELECT id FROM space_uses WHERE code = ?")
            .bind(code)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// The space's windows as stored: (weekday, start, end, use).
    async fn windows(&self, space: i64) -> Vec<(i64, String, String, i64)> {
        sqlx::query_as(
            "SELECT weekday, start_local, end_local, use_id FROM space_windows
             WHERE space_id = ? ORDER BY weekday, start_local",
        )
        .bind(space)
        .fetch_all(&self.pool)
        .await
        .unwrap()
    }

    /// Someone entered the space `minutes_ago` and is still in.
    async fn visit(&self, space: i64, person: i64, minutes_ago: i64, stayed: Option<i64>) {
        let entered = Utc::now() - Duration::minutes(minutes_ago);
        sqlx::query(
            "INSERT INTO space_visits (space_id, person_id, entered_at, left_at, enter_event,
                                       closed_by)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(space)
        .bind(person)
        .bind(db::instant_text(entered))
        .bind(stayed.map(|m| db::instant_text(entered + Duration::minutes(m))))
        .bind(format!("test-{space}-{person}-{minutes_ago}"))
        .bind(stayed.map(|_| "tap"))
        .execute(&self.pool)
        .await
        .unwrap();
    }
}

/// A use open to associations, paid in euros, with changeovers.
fn salon_use(code: &str, name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("use_code", code.to_owned()),
        ("use_name", name.to_owned()),
        ("use_colour", "#2c7fb8".to_owned()),
        ("use_mode", "exclusive".to_owned()),
        ("use_open_to_associations", "on".to_owned()),
        ("use_min_minutes", "30".to_owned()),
        ("use_max_minutes", "480".to_owned()),
        ("use_notice_minutes", "0".to_owned()),
        ("use_price_kind", "euros".to_owned()),
        ("use_price_per_hour", "12,50".to_owned()),
        ("use_changeover_before", "15".to_owned()),
        ("use_changeover_after", "10".to_owned()),
        ("use_checkin_grace_minutes", "20".to_owned()),
    ]
}

fn borrowed<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn today_in_paris() -> chrono::NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
}

#[tokio::test]
async fn an_admin_sets_up_a_divisible_room_its_use_timetable_exception_and_door() {
    let app = app().await;
    let admin = app.session("admin").await;

    // A whole room and one of its halves.
    let whole = app
        .create_space(
            &admin,
            &[
                ("space_name", "Salle Bergson"),
                ("space_floor", "Rez-de-chaussée"),
                ("space_capacity", "40"),
                ("space_equipment", "Vidéoprojecteur"),
                ("space_step_free", "on"),
                ("space_refuse_when_full", "on"),
            ],
        )
        .await;
    let half = app
        .create_space(
            &admin,
            &[
                ("space_name", "Bergson — côté cour"),
                ("space_capacity", "20"),
                ("space_parent_id", &whole.to_string()),
            ],
        )
        .await;
    assert_eq!(
        app.scalar("SELECT parent_id FROM spaces WHERE id = ?", half)
            .await,
        whole
    );
    assert_eq!(
        app.scalar("SELECT step_free FROM spaces WHERE id = ?", whole)
            .await,
        1
    );
    let list = app.get("/admin/salles", &admin).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.row(&format!("salle-{half}"))
            .contains("partie de « Salle Bergson »")
    );
    let (first, second) = (
        list.body.find("Salle Bergson</a>").unwrap(),
        list.body.find("Bergson — côté cour</a>").unwrap(),
    );
    assert!(first < second, "the half comes under its whole");

    // A use: euros typed with a decimal comma become cents; reserved for the demo association.
    let association: i64 = app.count("SELECT min(id) FROM associations").await;
    let mut fields = salon_use("essai-salon", "Salon d'essai");
    fields.push(("use_associations", association.to_string()));
    let salon = app.create_use(&admin, &borrowed(&fields)).await;
    let (price, before, after, grace, kind): (i64, i64, i64, i64, String) = sqlx::query_as(
        "SELECT price_per_hour, changeover_before, changeover_after, checkin_grace_minutes,
                price_kind FROM space_uses WHERE id = ?",
    )
    .bind(salon)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (price, before, after, grace, kind.as_str()),
        (1250, 15, 10, 20, "euros")
    );
    assert_eq!(
        app.scalar(
            "SELECT association_id FROM space_use_associations WHERE use_id = ?",
            salon
        )
        .await,
        association
    );
    let list = app.get("/admin/salles", &admin).await;
    let row = list.row(&format!("usage-{salon}"));
    assert!(row.contains("12,50 € de l&#39;heure"), "{row}");
    assert!(row.contains("15 min avant, 10 min après"), "{row}");
    assert!(row.contains("Réservation de la salle entière"), "{row}");
    assert!(row.contains("fill=\"#2c7fb8\""), "a swatch: {row}");

    // Every day 09:00–21:00, and an empty row that is ignored.
    let mut rows: Vec<(String, String)> = vec![];
    for day in 1..=7 {
        let i = day - 1;
        rows.push((format!("weekday_{i}"), day.to_string()));
        rows.push((format!("start_{i}"), "09:00".into()));
        rows.push((format!("end_{i}"), "21h".into()));
        rows.push((format!("use_{i}"), salon.to_string()));
    }
    rows.extend([
        ("weekday_7".to_owned(), String::new()),
        ("start_7".to_owned(), String::new()),
    ]);
    let posted: Vec<(&str, &str)> = rows.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let reply = app
        .post(&format!("/admin/salles/{whole}/horaires"), &admin, &posted)
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let week = app.windows(whole).await;
    assert_eq!(week.len(), 7);
    assert_eq!(week[0], (1, "09:00".into(), "21:00".into(), salon));

    // An overlapping timetable is refused with the reason, and nothing changes.
    let reply = app
        .post(
            &format!("/admin/salles/{whole}/horaires"),
            &admin,
            &[
                ("weekday_0", "1"),
                ("start_0", "08:00"),
                ("end_0", "12:00"),
                ("use_0", &salon.to_string()),
                ("weekday_1", "1"),
                ("start_1", "11:00"),
                ("end_1", "14:00"),
                ("use_1", &salon.to_string()),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .body
            .contains("Cette ligne chevauche la ligne 1 (lundi, 08 h 00 – 12 h 00)."),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("href=\"#start_1\""),
        "linked from the summary"
    );
    assert!(
        reply.body.contains("value=\"11:00\""),
        "what was typed is shown back"
    );
    assert_eq!(app.windows(whole).await, week);

    // A closure today: the week's preview shows the day closed, with the reason.
    let today = today_in_paris().to_string();
    let reply = app
        .post(
            "/admin/salles/exceptions",
            &admin,
            &[
                ("retour", &whole.to_string()),
                ("exc_space_id", &whole.to_string()),
                ("exc_day", &today),
                ("exc_use_id", ""),
                ("exc_label", "Fermeture pour travaux"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(
        reply
            .location()
            .starts_with(&format!("/admin/salles/{whole}?ok=ok-spa-exception-added"))
    );
    let page = app.get(&format!("/admin/salles/{whole}"), &admin).await;
    assert_eq!(page.status, StatusCode::OK);
    let day = page.row(&format!("jour-{today}"));
    assert!(day.contains("Fermée toute la journée"), "{day}");
    assert!(day.contains("Fermeture pour travaux"), "{day}");
    let tomorrow = (today_in_paris() + Duration::days(1)).to_string();
    if page.body.contains(&format!("id=\"jour-{tomorrow}\"")) {
        let day = page.row(&format!("jour-{tomorrow}"));
        assert!(
            day.contains("09 h 00 – 21 h 00 : Salon d&#39;essai"),
            "{day}"
        );
    }
    assert!(page.body.contains("Fermeture pour travaux</th>"), "listed");
    // The half is not closed by its whole's own exception.
    let page = app.get(&format!("/admin/salles/{half}"), &admin).await;
    assert!(!page.body.contains("Fermeture pour travaux"));

    // The door: a SEL kiosk is refused, the room's door kiosk is bound.
    let reply = app
        .post(
            &format!("/admin/salles/{whole}/porte"),
            &admin,
            &[("door_kiosk_id", "demo-sel")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .body
            .contains("Choisissez une borne de rôle « porte de salle »."),
        "{}",
        reply.body
    );
    assert_eq!(
        app.count("SELECT count(*) FROM space_doors WHERE kiosk_id = 'demo-sel'")
            .await,
        0
    );
    let reply = app
        .post(
            &format!("/admin/salles/{whole}/porte"),
            &admin,
            &[("door_kiosk_id", "demo-salle")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(
        app.count("SELECT space_id FROM space_doors WHERE kiosk_id = 'demo-salle'")
            .await,
        whole
    );
    let page = app.get(&format!("/admin/salles/{whole}"), &admin).await;
    assert!(page.body.contains("Borne de porte actuelle :"));
    assert!(page.body.contains("(demo-salle)</strong>"));
    assert!(page.body.contains("/calendrier/salle/"), "the feed's link");
}

#[tokio::test]
async fn the_desk_reads_who_is_in_each_room_and_its_hourly_heatmap() {
    let app = app().await;
    let admin = app.session("admin").await;
    let room = app
        .create_space(
            &admin,
            &[("space_name", "Salle Montaigne"), ("space_capacity", "12")],
        )
        .await;
    // Three people in now; two hours of one person a week ago.
    for person in 1..=3 {
        app.visit(room, person, 30, None).await;
    }
    app.visit(room, 4, 7 * 24 * 60, Some(120)).await;

    let desk = app.session("accueil").await;
    let page = app.get("/salles/occupation", &desk).await;
    assert_eq!(page.status, StatusCode::OK);
    let card = &page.body[page
        .body
        .find(&format!("id=\"occupation-{room}\""))
        .unwrap()..];
    let card = &card[..card.find("</dl>").unwrap()];
    assert!(card.contains(">3 / 12</span>"), "{card}");
    assert!(card.contains("personnes présentes / places"));
    assert!(card.contains("Fermée (aucun usage en ce moment)"), "{card}");
    assert!(card.contains("aucune : les présents ne sont pas comptés"));

    let history = &page.body[page
        .body
        .find(&format!("id=\"historique-{room}\""))
        .unwrap()..];
    assert!(history.contains("<svg"), "the heatmap is inline");
    assert!(history.contains("role=\"img\""));
    assert!(history.contains("Occupation moyenne — Salle Montaigne (4 sem.)</title>"));
    assert!(history.contains("<desc id=\"heatmap-"));
    assert!(
        history.contains("Créneau le plus chargé"),
        "last week's visit is in the history"
    );

    // Another span; out-of-range spans are brought back within 1–12 weeks.
    let page = app.get("/salles/occupation?semaines=1", &desk).await;
    assert!(page.body.contains("Salle Montaigne (1 sem.)</title>"));
    assert!(page.body.contains("<option value=\"1\" selected>"));
    let page = app.get("/salles/occupation?semaines=99", &desk).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Salle Montaigne (12 sem.)</title>"));
    let page = app.get("/salles/occupation?semaines=abc", &desk).await;
    assert!(page.body.contains("Salle Montaigne (4 sem.)</title>"));
}

#[tokio::test]
async fn reception_may_read_occupancy_but_not_administer_the_rooms() {
    let app = app().await;
    let admin = app.session("admin").await;
    let room = app
        .create_space(
            &admin,
            &[("space_name", "Salle Colette"), ("space_capacity", "10")],
        )
        .await;
    let desk = app.session("accueil").await;
    for path in [
        "/admin/salles".to_owned(),
        format!("/admin/salles/{room}"),
        "/admin/salles/usages/1".to_owned(),
    ] {
        let reply = app.get(&path, &desk).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
    }
    let reply = app
        .post(
            &format!("/admin/salles/{room}"),
            &desk,
            &[("space_name", "Salle prise"), ("space_capacity", "10")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.count("SELECT count(*) FROM spaces WHERE name = 'Salle Colette'")
            .await,
        1
    );
    let reply = app.get("/salles/occupation", &desk).await;
    assert_eq!(reply.status, StatusCode::OK);
    let resident = app.session("resident").await;
    assert_eq!(
        app.get("/salles/occupation", &resident).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn bad_input_is_refused_with_its_reasons_and_changes_nothing() {
    let app = app().await;
    let admin = app.session("admin").await;
    let spaces = app.count("SELECT count(*) FROM spaces").await;
    let uses = app.count("SELECT count(*) FROM space_uses").await;

    let reply = app
        .post(
            "/admin/salles",
            &admin,
            &[("space_name", "Salle Sand"), ("space_capacity", "beaucoup")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("href=\"#space_capacity\""));
    assert!(reply.body.contains("Capacité non valide"));
    assert!(reply.body.contains("value=\"Salle Sand\""), "kept");
    let reply = app
        .post(
            "/admin/salles",
            &admin,
            &[("space_name", ""), ("space_capacity", "0")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("href=\"#space_name\""));
    assert!(
        reply.body.contains("href=\"#space_capacity\""),
        "both at once"
    );
    assert_eq!(app.count("SELECT count(*) FROM spaces").await, spaces);

    // Euros with three decimals; then a code the library refuses and a maximum under the minimum.
    let mut fields = salon_use("essai-prix", "Prix faux");
    fields.retain(|(k, _)| *k != "use_price_per_hour");
    fields.push(("use_price_per_hour", "12,505".into()));
    let reply = app
        .post("/admin/salles/usages", &admin, &borrowed(&fields))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Montant non valide"), "{}", reply.body);
    assert!(reply.body.contains("href=\"#use_price_per_hour\""));
    let mut fields = salon_use("Pas Bon", "Code faux");
    fields.retain(|(k, _)| *k != "use_max_minutes");
    fields.push(("use_max_minutes", "10".into()));
    let reply = app
        .post("/admin/salles/usages", &admin, &borrowed(&fields))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("href=\"#use_code\""), "{}", reply.body);
    assert!(reply.body.contains("href=\"#use_max_minutes\""));
    assert!(reply.body.contains("value=\"Pas Bon\""), "kept");
    // A number that cannot be read and a missing name: both said at once.
    let mut fields = salon_use("essai-trente", "");
    fields.retain(|(k, _)| *k != "use_min_minutes");
    fields.push(("use_min_minutes", "trente".into()));
    let reply = app
        .post("/admin/salles/usages", &admin, &borrowed(&fields))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("href=\"#use_name\""), "{}", reply.body);
    assert!(reply.body.contains(
        "Durée minimale d&#39;une réservation (minutes) : Entrez un nombre entier, sans lettres"
    ));
    assert_eq!(app.count("SELECT count(*) FROM space_uses").await, uses);

    // An exception with a start and no end, from the list page.
    let exceptions = app.count("SELECT count(*) FROM space_exceptions").await;
    let reply = app
        .post(
            "/admin/salles/exceptions",
            &admin,
            &[
                ("exc_day", "25/12/2030"),
                ("exc_start", "14:00"),
                ("exc_label", "Noël"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("href=\"#exc_end\""), "{}", reply.body);
    assert!(
        reply
            .body
            .contains("Indiquez l&#39;heure de début et l&#39;heure de fin")
    );
    assert_eq!(
        app.count("SELECT count(*) FROM space_exceptions").await,
        exceptions
    );
    // A day that is not one: told in the format the field's hint gives, next to the field.
    let reply = app
        .post(
            "/admin/salles/exceptions",
            &admin,
            &[("exc_day", "31/02/2030"), ("exc_label", "Noël")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("Format JJ/MM/AAAA si votre navigateur"),
        "the hint"
    );
    assert!(
        reply
            .body
            .contains("Date non valide : tapez-la au format JJ/MM/AAAA, par exemple 25/12/2026."),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("href=\"#exc_day\""), "{}", reply.body);
    assert!(
        !reply.body.contains("AAAA-MM-JJ"),
        "one format, the hint's: {}",
        reply.body
    );
    // The same, whole day and typed the French way: a site-wide closure.
    let reply = app
        .post(
            "/admin/salles/exceptions",
            &admin,
            &[("exc_day", "25/12/2030"), ("exc_label", "Noël")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(
        app.count(
            "SELECT count(*) FROM space_exceptions
             WHERE day = '2030-12-25' AND space_id IS NULL AND use_id IS NULL"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn removing_an_exception_and_renewing_a_feed_link_ask_first() {
    let app = app().await;
    let admin = app.session("admin").await;
    let room = app
        .create_space(
            &admin,
            &[("space_name", "Salle Hugo"), ("space_capacity", "30")],
        )
        .await;
    let reply = app
        .post(
            "/admin/salles/exceptions",
            &admin,
            &[
                ("retour", &room.to_string()),
                ("exc_space_id", &room.to_string()),
                ("exc_day", "2030-05-01"),
                ("exc_label", "Fête du travail"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let exception: i64 = app
        .count("SELECT id FROM space_exceptions WHERE label = 'Fête du travail'")
        .await;
    let path = format!("/admin/salles/exceptions/{exception}/supprimer");
    let ask = app
        .post(&path, &admin, &[("retour", &room.to_string())])
        .await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(ask.body.contains("Supprimer cette exception ?"));
    assert!(ask.body.contains("Fête du travail"));
    assert!(ask.body.contains("name=\"confirme\" value=\"oui\""));
    assert_eq!(
        app.count("SELECT count(*) FROM space_exceptions WHERE label = 'Fête du travail'")
            .await,
        1,
        "asking removes nothing"
    );
    let done = app
        .post(
            &path,
            &admin,
            &[("retour", &room.to_string()), ("confirme", "oui")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert!(
        done.location()
            .starts_with(&format!("/admin/salles/{room}?ok=ok-spa-exception-removed"))
    );
    assert_eq!(
        app.count("SELECT count(*) FROM space_exceptions WHERE label = 'Fête du travail'")
            .await,
        0
    );
    assert_eq!(
        app.post(&path, &admin, &[("confirme", "oui")]).await.status,
        StatusCode::NOT_FOUND
    );

    let token = |app: &App| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT calendar_token FROM spaces WHERE id = ?")
                .bind(room)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let before = token(&app).await;
    let page = app.get(&format!("/admin/salles/{room}"), &admin).await;
    assert!(page.body.contains(&format!(
        "value=\"http://127.0.0.1:8080/calendrier/salle/{before}\""
    )));
    let path = format!("/admin/salles/{room}/lien");
    let ask = app.post(&path, &admin, &[]).await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(
        ask.body
            .contains("L&#39;ancien lien cessera de fonctionner")
    );
    assert_eq!(token(&app).await, before);
    let done = app.post(&path, &admin, &[("confirme", "oui")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_ne!(token(&app).await, before);
}

#[tokio::test]
async fn a_use_is_edited_from_its_own_page() {
    let app = app().await;
    let admin = app.session("admin").await;
    let salon = app
        .create_use(
            &admin,
            &borrowed(&salon_use("essai-edit", "Salon à changer")),
        )
        .await;
    let page = app
        .get(&format!("/admin/salles/usages/{salon}"), &admin)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("value=\"12,50\""),
        "cents shown as euros"
    );
    assert!(
        page.body.contains(
            "id=\"use_price_kind_euros\" name=\"use_price_kind\" value=\"euros\" checked"
        )
    );
    let mut fields = salon_use("essai-edit", "Salon changé");
    fields.retain(|(k, _)| !k.starts_with("use_price"));
    fields.push(("use_price_kind", "sel".into()));
    fields.push(("use_price_per_hour", "30".into()));
    let reply = app
        .post(
            &format!("/admin/salles/usages/{salon}"),
            &admin,
            &borrowed(&fields),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let (name, kind, price): (String, String, i64) =
        sqlx::query_as("SELECT name, price_kind, price_per_hour FROM space_uses WHERE id = ?")
            .bind(salon)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), kind.as_str(), price),
        ("Salon changé", "sel", 30)
    );
    assert_eq!(
        app.get("/admin/salles/usages/999999", &admin).await.status,
        StatusCode::NOT_FOUND
    );
}
