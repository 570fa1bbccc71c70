//! E-mail through a real mail server (issue 17): a local SMTP server (Python's aiosmtpd,
//! `support/smtp_sink.py`) receives what the sender sends, and Python's own e-mail parser reads
//! it back — the recipient, the French subject decoded, the Message-ID of the outbox's row, both
//! parts, `Auto-Submitted`. A message waits while the mail server is down and then leaves once;
//! a change rolled back sends nothing and an event told twice sends one message; a recipient
//! refused for good is given up, shown to the admin and retried on request; people who chose one
//! e-mail a day get their messages gathered in one; the admin's page refuses bad settings field
//! by field, sends a test message at once and is closed to residents.
//!
//! Without Python and aiosmtpd (`apt-get install python3-aiosmtpd`) these tests say so loudly
//! and skip, unless `CITEOSQUARE_REQUIRE_SMTP=1` (as in CI), where that is a failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use citeosquare_server::audit::Actor;
use citeosquare_server::notify::{self, Event, mail};
use citeosquare_server::{AppState, db};
use support::TestApp;
use support::smtp::{Sink, closed_port, field, python};

// ---------------------------------------------------------------------------------------------
// The mail server

/// A page's text with the characters HTML escapes put back.
fn unescaped(body: &str) -> String {
    body.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

// ---------------------------------------------------------------------------------------------
// The site

struct Site {
    app: TestApp,
    state: AppState,
}

impl std::ops::Deref for Site {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.app
    }
}

impl Site {
    async fn new() -> Site {
        let app = TestApp::new().await;
        // The demo's own messages aside: each test counts what it sends.
        sqlx::query("DELETE FROM notifications")
            .execute(&app.pool)
            .await
            .unwrap();
        let state = AppState::new(app.pool.clone(), support::config(app.dir.path()));
        Site { app, state }
    }

    /// Points the site's mail account at `port` on this machine, without encryption.
    async fn mail_server(&self, port: u16) {
        mail::save_settings(
            &self.pool,
            &Actor::cli(),
            &mail::SettingsInput {
                smtp_host: "127.0.0.1".into(),
                smtp_port: port.to_string(),
                smtp_security: "none".into(),
                smtp_login: String::new(),
                from_address: "accueil@cite.example".into(),
                site_url: "https://cite.example".into(),
                digest_hour: "7".into(),
            },
        )
        .await
        .unwrap();
    }

    /// A demo person with this e-mail address (so e-mail is how they hear from the place).
    async fn person_with_email(&self, first_name: &str, email: &str) -> i64 {
        sqlx::query_scalar("UPDATE persons SET email = ? WHERE first_name = ? RETURNING id")
            .bind(email)
            .bind(first_name)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// Tells `person` of `event` in a change that commits.
    async fn tell(&self, person: i64, event: &Event) -> bool {
        let mut tx = db::begin_write(&self.pool).await.unwrap();
        let made = notify::tell(&mut tx, person, event).await.unwrap();
        tx.commit().await.unwrap();
        made
    }

    async fn send(&self) -> mail::Run {
        mail::send_due(&self.state, Utc::now()).await.unwrap()
    }

    /// The outbox's row for `person`'s message of event `key`.
    async fn row(&self, key: &str) -> Row {
        sqlx::query_as(
            "SELECT id, message_id, attempts, last_error, next_attempt_at, sent_at, failed_at
             FROM notifications WHERE event_key = ?",
        )
        .bind(key)
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }
}

#[derive(Debug, sqlx::FromRow)]
struct Row {
    id: i64,
    message_id: String,
    attempts: i64,
    last_error: Option<String>,
    next_attempt_at: Option<String>,
    sent_at: Option<String>,
    failed_at: Option<String>,
}

fn test_event(key: &str) -> Event {
    Event::new(key, "test")
        .arg("site", "La Cité des Tilleuls")
        .link("/avis")
}

// ---------------------------------------------------------------------------------------------
// Sending

#[tokio::test]
async fn a_message_reaches_the_mail_server_in_french_with_its_message_id_and_both_parts() {
    let Some(python) = python() else { return };
    let sink = Sink::start(python, 0, &[]);
    let site = Site::new().await;
    site.mail_server(sink.port).await;
    let jean = site
        .person_with_email("Jean", "jean.dupuis@example.org")
        .await;
    assert!(site.tell(jean, &test_event("essai:1")).await);

    let run = site.send().await;
    assert_eq!(run.sent, 1, "{run:?}");
    let received = sink.received();
    assert_eq!(received.len(), 1);
    let m = &received[0];
    let row = site.row("essai:1").await;
    assert_eq!(field(m, "to"), "jean.dupuis@example.org");
    assert_eq!(
        field(m, "subject"),
        "Message d'essai de La Cité des Tilleuls"
    );
    assert_eq!(field(m, "message_id"), format!("<{}>", row.message_id));
    assert_eq!(field(m, "auto_submitted"), "auto-generated");
    assert_eq!(field(m, "content_type"), "multipart/alternative");
    // From the site's address under the site's name; bounces go to that address.
    assert!(field(m, "from").contains("<accueil@cite.example>"), "{m}");
    assert_eq!(field(m, "mail_from"), "accueil@cite.example");
    // The same words in both parts, the page's link, why, and where to choose otherwise.
    let text = field(m, "text");
    let html = unescaped(&field(m, "html"));
    for part in [&text, &html] {
        assert!(part.contains("Bonjour,"), "{part}");
        assert!(part.contains("le courriel du site fonctionne"), "{part}");
        assert!(part.contains("Pourquoi ce message ?"), "{part}");
        assert!(part.contains("un administrateur du site a demandé un essai"));
        assert!(part.contains("Choisir comment être prévenu"));
        assert!(part.contains("https://cite.example/avis#preferences"));
        assert!(part.contains("https://cite.example/avis"));
    }
    assert!(
        text.contains("Voir sur le site : https://cite.example/avis\n"),
        "{text}"
    );
    assert!(html.contains("<html lang=\"fr\">"));
    // The row says it left, once.
    assert!(row.sent_at.is_some());
    assert_eq!(row.attempts, 1);
    assert_eq!(site.send().await, mail::Run::default());
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test]
async fn a_message_waits_while_the_mail_server_is_down_then_leaves_exactly_once() {
    let Some(python) = python() else { return };
    let port = closed_port();
    let site = Site::new().await;
    site.mail_server(port).await;
    let jean = site
        .person_with_email("Jean", "jean.dupuis@example.org")
        .await;
    site.tell(jean, &test_event("essai:attente")).await;

    let run = site.send().await;
    assert_eq!(run.later, 1, "{run:?}");
    let row = site.row("essai:attente").await;
    assert_eq!(row.attempts, 1);
    assert!(row.last_error.as_deref().is_some_and(|e| !e.is_empty()));
    assert!(row.sent_at.is_none() && row.failed_at.is_none());
    let next = citeosquare_server::time::stored_instant(row.next_attempt_at.as_deref().unwrap());
    assert!(next > Utc::now(), "{next}");
    // Not due yet: the next run leaves it alone.
    site.send().await;
    assert_eq!(site.row("essai:attente").await.attempts, 1);
    // The admin sees it waiting, with the reason in words.
    let admin = site.session("admin").await;
    let page = unescaped(&site.page("/admin/courriel", Some(&admin)).await.body);
    assert!(
        page.contains("Le serveur de courrier ne répond pas"),
        "{page}"
    );
    assert!(page.contains("Prochain essai"));

    let sink = Sink::start(python, port, &[]);
    sqlx::query("UPDATE notifications SET next_attempt_at = ? WHERE id = ?")
        .bind(db::now_text())
        .bind(row.id)
        .execute(&site.pool)
        .await
        .unwrap();
    assert_eq!(site.send().await.sent, 1);
    site.send().await;
    site.send().await;
    let received = sink.received();
    assert_eq!(received.len(), 1, "{received:?}");
    let row = site.row("essai:attente").await;
    assert_eq!(
        field(&received[0], "message_id"),
        format!("<{}>", row.message_id)
    );
    assert!(row.sent_at.is_some());
    assert_eq!(row.attempts, 2);
}

#[tokio::test]
async fn a_rolled_back_change_sends_nothing_and_an_event_told_twice_sends_one_message() {
    let Some(python) = python() else { return };
    let sink = Sink::start(python, 0, &[]);
    let site = Site::new().await;
    site.mail_server(sink.port).await;
    let jean = site
        .person_with_email("Jean", "jean.dupuis@example.org")
        .await;

    let mut tx = db::begin_write(&site.pool).await.unwrap();
    assert!(
        notify::tell(&mut tx, jean, &test_event("essai:annule"))
            .await
            .unwrap()
    );
    tx.rollback().await.unwrap();
    assert!(site.tell(jean, &test_event("essai:deux-fois")).await);
    assert!(!site.tell(jean, &test_event("essai:deux-fois")).await);

    site.send().await;
    site.send().await;
    let received = sink.received();
    assert_eq!(received.len(), 1, "{received:?}");
    let row = site.row("essai:deux-fois").await;
    assert_eq!(
        field(&received[0], "message_id"),
        format!("<{}>", row.message_id)
    );
    assert_eq!(
        site.count("SELECT count(*) FROM notifications WHERE event_key = 'essai:annule'")
            .await,
        0
    );
}

#[tokio::test]
async fn a_recipient_refused_for_good_is_given_up_shown_to_the_admin_and_retried_on_request() {
    let Some(python) = python() else { return };
    let sink = Sink::start(python, 0, &["parti@example.org"]);
    let site = Site::new().await;
    site.mail_server(sink.port).await;
    let jean = site.person_with_email("Jean", "parti@example.org").await;
    site.tell(jean, &test_event("essai:refuse")).await;

    let run = site.send().await;
    assert_eq!(run.failed, 1, "{run:?}");
    let row = site.row("essai:refuse").await;
    assert!(row.failed_at.is_some() && row.sent_at.is_none());
    assert_eq!(row.attempts, 1);
    let answer = row.last_error.unwrap();
    assert!(answer.starts_with("550"), "{answer}");
    assert!(answer.contains("User unknown"));
    assert!(sink.received().is_empty());
    // Given up: later runs leave it alone.
    site.send().await;
    assert_eq!(site.row("essai:refuse").await.attempts, 1);

    let admin = site.session("admin").await;
    let page = site.page("/admin/courriel", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = unescaped(&page.body);
    assert!(text.contains("parti@example.org"), "{text}");
    assert!(text.contains("Message d'essai de La Cité des Tilleuls"));
    assert!(text.contains("Le serveur de courrier a répondu : « 550"));
    assert!(text.contains("Abandonné"));
    assert!(text.contains(&format!("/admin/courriel/{}/reessayer", row.id)));

    let r = site
        .post_form(
            &format!("/admin/courriel/{}/reessayer", row.id),
            Some(&admin),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let again = site.row("essai:refuse").await;
    assert!(again.failed_at.is_none());
    let next = citeosquare_server::time::stored_instant(again.next_attempt_at.as_deref().unwrap());
    assert!(next <= Utc::now());
    assert_eq!(
        site.count("SELECT count(*) FROM audit_log WHERE action = 'notify.retry'")
            .await,
        1
    );
    // A second click is told, not recorded.
    let twice = site
        .post_form(
            &format!("/admin/courriel/{}/reessayer", row.id),
            Some(&admin),
            &[],
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(unescaped(&twice.body).contains("Ce courriel n'est pas abandonné"));
    // Retried: the mail server is asked again (and refuses again).
    assert_eq!(site.send().await.failed, 1);
    assert_eq!(site.row("essai:refuse").await.attempts, 2);
}

#[tokio::test]
async fn people_who_chose_one_email_a_day_get_their_messages_gathered_in_one() {
    let Some(python) = python() else { return };
    let sink = Sink::start(python, 0, &[]);
    let site = Site::new().await;
    site.mail_server(sink.port).await;
    let jean = site
        .person_with_email("Jean", "jean.dupuis@example.org")
        .await;
    notify::set_preference(&site.pool, &Actor::cli(), jean, "email", true)
        .await
        .unwrap();
    let start = Utc::now() + Duration::days(3);
    site.tell(
        jean,
        &Event::new("space-booking:1:approved", "booking-approved")
            .arg("title", "Atelier couture")
            .arg("space", "Tilleul")
            .arg("has_message", "no")
            .at("start_at", start)
            .link("/espaces/reservations/1"),
    )
    .await;
    site.tell(
        jean,
        &Event::new("sel-transfer:1", "sel-received")
            .arg("amount_minutes", 90)
            .arg("from", "Marie")
            .arg("has_memo", "no"),
    )
    .await;
    // Not one by one, and not before the day's hour has come after they were made.
    site.send().await;
    mail::send_digests(&site.state, Utc::now()).await.unwrap();
    assert!(sink.received().is_empty());

    let tomorrow = Utc::now() + Duration::days(1);
    let run = mail::send_digests(&site.state, tomorrow).await.unwrap();
    assert_eq!(run.sent, 1, "{run:?}");
    mail::send_digests(&site.state, tomorrow).await.unwrap();
    let received = sink.received();
    assert_eq!(received.len(), 1, "{received:?}");
    let m = &received[0];
    assert_eq!(field(m, "subject"), "Vos nouvelles du jour");
    assert_eq!(field(m, "to"), "jean.dupuis@example.org");
    let (_, day) = mail::digest_time(tomorrow, chrono_tz::Europe::Paris, 7);
    assert_eq!(
        field(m, "message_id"),
        format!("<digest-{jean}-{}@citeosquare>", day.format("%Y-%m-%d"))
    );
    let text = field(m, "text");
    let html = unescaped(&field(m, "html"));
    for part in [&text, &html] {
        assert!(part.contains("Bonjour Jean"), "{part}");
        assert!(
            part.contains("Réservation confirmée : Atelier couture"),
            "{part}"
        );
        assert!(part.contains("Vous avez reçu 1 h 30 de temps"), "{part}");
        assert!(part.contains("https://cite.example/espaces/reservations/1"));
        assert!(part.contains("une fois par jour"));
    }
    assert_eq!(
        site.count("SELECT count(*) FROM notifications WHERE digest = 1 AND sent_at IS NOT NULL")
            .await,
        2
    );
}

#[tokio::test]
async fn nothing_leaves_while_no_mail_server_is_set_and_the_page_says_so() {
    let site = Site::new().await;
    let jean = site
        .person_with_email("Jean", "jean.dupuis@example.org")
        .await;
    site.tell(jean, &test_event("essai:sans-serveur")).await;
    assert_eq!(site.send().await, mail::Run::default());
    let row = site.row("essai:sans-serveur").await;
    assert_eq!(row.attempts, 0);
    assert!(row.sent_at.is_none() && row.failed_at.is_none() && row.last_error.is_none());
    let admin = site.session("admin").await;
    let page = unescaped(&site.page("/admin/courriel", Some(&admin)).await.body);
    assert!(
        page.contains("L'envoi des courriels est arrêté : aucun serveur de courrier n'est réglé"),
        "{page}"
    );
    assert!(page.contains("CITEOSQUARE_SMTP_PASSWORD"));
    assert!(page.contains("<dd id=\"en-attente\">1</dd>"));
}

// ---------------------------------------------------------------------------------------------
// The admin's page

#[tokio::test]
async fn the_admin_sets_the_mail_account_with_precise_refusals_and_a_resident_is_turned_away() {
    let site = Site::new().await;
    let admin = site.session("admin").await;
    let good = [
        ("smtp_host", "smtp.cite.example"),
        ("smtp_port", "587"),
        ("smtp_security", "starttls"),
        ("smtp_login", "accueil"),
        ("from_address", "accueil@cite.example"),
        ("site_url", "https://cite.example/"),
        ("digest_hour", "8"),
    ];
    let with = |name: &str, value: &'static str| {
        good.iter()
            .map(|(k, v)| (*k, if *k == name { value } else { *v }))
            .collect::<Vec<_>>()
    };

    let r = site
        .post_form("/admin/courriel", Some(&admin), &with("smtp_port", "70000"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = unescaped(&r.body);
    assert!(
        body.contains("Le port est un nombre entre 1 et 65535."),
        "{body}"
    );
    assert!(body.contains("value=\"70000\""));
    let r = site
        .post_form(
            "/admin/courriel",
            Some(&admin),
            &with("from_address", "accueil chez nous"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unescaped(&r.body).contains("Cette adresse n'a pas la forme d'une adresse de courriel")
    );
    let r = site
        .post_form(
            "/admin/courriel",
            Some(&admin),
            &with("site_url", "cite.example"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unescaped(&r.body).contains("commence par http:// ou https://"));
    // Nothing was saved.
    let s = mail::settings(&site.pool).await.unwrap();
    assert_eq!(s.smtp_host, "");

    let r = site.post_form("/admin/courriel", Some(&admin), &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/admin/courriel?ok=ok-notify-admin-saved");
    let s = mail::settings(&site.pool).await.unwrap();
    assert_eq!(s.smtp_host, "smtp.cite.example");
    assert_eq!(s.smtp_port, 587);
    assert_eq!(s.smtp_security, mail::Security::StartTls);
    assert_eq!(s.from_address, "accueil@cite.example");
    assert_eq!(s.site_url, "https://cite.example");
    assert_eq!(s.digest_hour, 8);
    assert_eq!(
        site.count("SELECT count(*) FROM audit_log WHERE action = 'notify.settings'")
            .await,
        1
    );
    let page = unescaped(
        &site
            .page("/admin/courriel?ok=ok-notify-admin-saved", Some(&admin))
            .await
            .body,
    );
    assert!(page.contains("Réglages du courriel enregistrés."));
    assert!(page.contains("Les courriels partent par le serveur smtp.cite.example."));
    assert!(page.contains("value=\"smtp.cite.example\""));

    for who in ["resident", "accueil"] {
        let s = site.session(who).await;
        assert_eq!(
            site.page("/admin/courriel", Some(&s)).await.status,
            StatusCode::FORBIDDEN
        );
        let r = site
            .post_form(
                "/admin/courriel",
                Some(&s),
                &with("smtp_host", "evil.example"),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        mail::settings(&site.pool).await.unwrap().smtp_host,
        "smtp.cite.example"
    );
}

#[tokio::test]
async fn the_admin_test_message_leaves_at_once_and_a_failure_is_told_in_words() {
    let Some(python) = python() else { return };
    let sink = Sink::start(python, 0, &[]);
    let site = Site::new().await;
    let admin = site.session("admin").await;
    // No server yet: said so.
    let r = site
        .post_form(
            "/admin/courriel/essai",
            Some(&admin),
            &[("test_to", "moi@example.org")],
        )
        .await;
    assert!(unescaped(&r.body).contains("Aucun serveur de courrier n'est réglé"));

    site.mail_server(sink.port).await;
    let r = site
        .post_form(
            "/admin/courriel/essai",
            Some(&admin),
            &[("test_to", "pas une adresse")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unescaped(&r.body).contains("Écrivez une adresse de courriel"));
    let r = site
        .post_form(
            "/admin/courriel/essai",
            Some(&admin),
            &[("test_to", "moi@example.org")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        unescaped(&r.body).contains("Message d'essai envoyé à moi@example.org."),
        "{}",
        r.body
    );
    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert_eq!(field(&received[0], "to"), "moi@example.org");
    assert!(field(&received[0], "subject").starts_with("Message d'essai de "));

    site.mail_server(closed_port()).await;
    let r = site
        .post_form(
            "/admin/courriel/essai",
            Some(&admin),
            &[("test_to", "moi@example.org")],
        )
        .await;
    let body = unescaped(&r.body);
    assert!(
        body.contains("Le message d'essai n'est pas parti. Le serveur de courrier ne répond pas"),
        "{body}"
    );
    assert!(!body.contains("os error"));
    // The test message is not an e-mail of the outbox.
    assert_eq!(site.count("SELECT count(*) FROM notifications").await, 0);
}

// ---------------------------------------------------------------------------------------------
// A real change that fails after its message was written

/// A Paris wall-clock time `days` from today.
fn paris_in(days: i64, h: u32, m: u32) -> chrono::DateTime<Utc> {
    let day = Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
        + Duration::days(days);
    citeosquare_server::time::resolve_local(
        chrono_tz::Europe::Paris,
        day.and_hms_opt(h, m, 0).unwrap(),
    )
}

async fn outbox_in(conn: &mut sqlx::SqliteConnection) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM notifications")
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_booking_refused_after_its_message_was_written_sends_nothing_and_the_real_one_sends_once()
{
    use citeosquare_server::spaces;
    use citeosquare_server::vehicles::{self, booking::Maker, booking::NewBooking};
    let Some(python) = python() else { return };
    let sink = Sink::start(python, 0, &[]);
    let site = Site::new().await;
    site.mail_server(sink.port).await;
    let paris = chrono_tz::Europe::Paris;
    let marie = site
        .person_with_email("Marie", "marie.lefevre@example.org")
        .await;
    let odette = site
        .person_with_email("Odette", "odette.perrin@example.org")
        .await;
    let desk = Maker::desk(&Actor::cli());
    let zoe = 3;
    let (start, end) = (paris_in(30, 10, 0), paris_in(30, 12, 0));
    let asked = NewBooking {
        vehicle_id: zoe,
        person_id: Some(marie),
        start,
        end,
        purpose: "Courses".into(),
        weeks: 1,
        request_key: None,
    };

    // A vehicle booked for Marie in a writing transaction, told as `book` tells it; then, in the
    // same transaction, another booking of the same vehicle over the same hours, which the
    // database's trigger refuses: the whole change rolls back, its message with it.
    let mut tx = db::begin_write(&site.pool).await.unwrap();
    let made = vehicles::booking::book_in(&mut tx, paris, &desk, &asked, Utc::now())
        .await
        .unwrap();
    vehicles::notices::booked(&mut tx, paris, &made)
        .await
        .unwrap();
    assert_eq!(outbox_in(&mut tx).await, 1, "the message is written");
    let now = db::now_text();
    let refused = sqlx::query(
        "INSERT INTO vehicle_bookings (uid, vehicle_id, person_id, state, start_at, end_at,
             block_start, block_end, purpose, made_by_name, assisted, created_at, updated_at)
         VALUES ('double', ?, ?, 'confirmed', ?, ?, ?, ?, '', 'test', 1, ?, ?)",
    )
    .bind(zoe)
    .bind(odette)
    .bind(db::instant_text(start))
    .bind(db::instant_text(end))
    .bind(start.timestamp())
    .bind(end.timestamp())
    .bind(&now)
    .bind(&now)
    .execute(&mut *tx)
    .await
    .unwrap_err();
    assert!(
        refused.to_string().contains("vehicle_conflict"),
        "{refused}"
    );
    drop(tx);

    // A room booked for Odette by the desk and told as `create` tells it; then a second booking
    // of the same room and hours in the same transaction, refused by the rules.
    let requester = spaces::booking::Requester::desk(&Actor::cli());
    let lavoir: i64 = sqlx::query_scalar("SELECT id FROM spaces WHERE name = 'Salle du Lavoir'")
        .fetch_one(&site.pool)
        .await
        .unwrap();
    let room = |days: i64| spaces::booking::NewBooking {
        space_id: lavoir,
        start: paris_in(days, 18, 0),
        end: paris_in(days, 19, 0),
        title: "Réunion des voisins".into(),
        note: String::new(),
        association_id: None,
        person_id: Some(odette),
        seats: 1,
        attendees_expected: None,
        public: None,
        request_key: None,
    };
    let mut tx = db::begin_write(&site.pool).await.unwrap();
    let mut told_in_tx = false;
    // The first evening the Salle du Lavoir is open (Monday to Saturday, holidays aside).
    for days in 21..35 {
        let Ok(made) =
            spaces::booking::create_in(&mut tx, paris, Utc::now(), &requester, &room(days)).await
        else {
            continue;
        };
        spaces::notices::made(&mut tx, &made.booking).await.unwrap();
        assert_eq!(outbox_in(&mut tx).await, 1, "the message is written");
        let again =
            spaces::booking::create_in(&mut tx, paris, Utc::now(), &requester, &room(days)).await;
        assert!(
            matches!(
                again,
                Err(citeosquare_server::refusal::Refusal::Conflict { .. })
            ),
            "{again:?}"
        );
        told_in_tx = true;
        break;
    }
    assert!(told_in_tx, "an open evening in the Salle du Lavoir");
    tx.rollback().await.unwrap();

    // Nothing was kept, nothing leaves.
    assert_eq!(site.count("SELECT count(*) FROM notifications").await, 0);
    assert_eq!(
        site.count("SELECT count(*) FROM vehicle_bookings WHERE purpose = 'Courses'")
            .await,
        0
    );
    assert_eq!(site.send().await, mail::Run::default());
    assert!(sink.received().is_empty());

    // The same vehicle booking made for real: one e-mail, to Marie, naming the vehicle and the
    // local hour.
    let made = vehicles::booking::book(&site.pool, paris, &desk, &asked)
        .await
        .unwrap();
    assert_eq!(site.send().await.sent, 1);
    site.send().await;
    let received = sink.received();
    assert_eq!(received.len(), 1, "{received:?}");
    let m = &received[0];
    assert_eq!(field(m, "to"), "marie.lefevre@example.org");
    let row = site
        .row(&format!("vehicle-booking:{}:booked", made[0].id))
        .await;
    assert_eq!(field(m, "message_id"), format!("<{}>", row.message_id));
    let when = notify::long_when(citeosquare_server::i18n::Lang::Fr, start, paris);
    assert!(when.ends_with("à 10 h 00"), "{when}");
    assert_eq!(
        field(m, "subject"),
        format!("Véhicule réservé : {}, {when}", made[0].vehicle_name)
    );
    assert!(field(m, "text").contains("Les clés sont à l'accueil."));
}
