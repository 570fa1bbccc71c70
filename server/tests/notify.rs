//! Telling people what happened (issue 17): a room request declined reaches the association's
//! representative on her page, in her words; the SEL tells who received minutes and who must
//! accept a gift; the day-before reminders go once, right across the change of hour; the channel
//! follows the person (e-mail, page, paper); a change that fails tells nobody; erasure removes
//! the messages and the export carries them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_server::audit::Actor;
use citeosquare_server::notify::{self, Event};
use citeosquare_server::spaces::booking::{self, Requester};
use support::TestApp;

fn desk_actor() -> Actor {
    Actor {
        id: None,
        name: "Accueil (test)".into(),
    }
}

async fn messages(app: &TestApp, person: i64) -> Vec<notify::Message> {
    notify::of_person(&app.pool, person, 100).await.unwrap()
}

/// The demo's waiting request: the Jardins partagés' general assembly, asked by Marie (person 1,
/// login `asso`, the association's representative).
async fn assembly(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "SELECT id FROM space_bookings WHERE state = 'requested'
         AND title = 'Assemblée générale des Jardins partagés'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_request_declined_with_a_reason_reaches_the_representative_on_her_page() {
    let app = TestApp::new().await;
    let id = assembly(&app).await;
    // The request itself was acknowledged when it was made.
    let before = messages(&app, 1).await;
    assert!(
        before.iter().any(|m| m.kind == "booking-requested"
            && m.event_key == format!("space-booking:{id}:requested")),
        "{before:?}"
    );
    let desk = app.session("accueil").await;
    let r = app
        .post_form(
            &format!("/accueil/demandes/{id}/refuser"),
            Some(&desk),
            &[("message", "La salle est fermée pour travaux ce jour-là.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let told: Vec<_> = messages(&app, 1)
        .await
        .into_iter()
        .filter(|m| m.kind == "booking-declined")
        .collect();
    assert_eq!(told.len(), 1, "one message for the one representative");
    // Marie has a login and no e-mail: the notice on her page is her channel.
    assert_eq!(told[0].channel, "page");
    assert_eq!(
        told[0].link.as_deref(),
        Some(format!("/reservations/{id}").as_str())
    );

    // Her page for associations counts it; her notices show the reason in her words.
    let asso = app.session("asso").await;
    let mine = app.page("/mes-associations", Some(&asso)).await;
    assert!(
        mine.body.contains("nouvel avis") || mine.body.contains("nouveaux avis"),
        "{}",
        mine.body
    );
    let page = app.page("/avis", Some(&asso)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Demande refusée : Assemblée générale des Jardins partagés"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Motif : «\u{a0}La salle est fermée pour travaux ce jour-là.\u{a0}»"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Nouveau"));
    // Seen is read: the next visit has nothing new.
    assert_eq!(notify::unread(&app.pool, 1).await.unwrap(), 0);
    let again = app.page("/avis", Some(&asso)).await;
    assert!(!again.body.contains("Nouveau"));
    // Another resident sees none of it.
    let odette = app.session("resident").await;
    let hers = app.page("/avis", Some(&odette)).await;
    assert!(!hers.body.contains("Assemblée générale"));
}

#[tokio::test]
async fn a_change_that_fails_tells_nobody_and_the_same_event_tells_once() {
    let app = TestApp::new().await;
    let id = assembly(&app).await;
    let desk = Requester::desk(&desk_actor());
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM notifications")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let start = count().await;
    // A decline without its reason is refused: nothing changes, nobody is told.
    let refused = booking::decline(&app.pool, Utc::now(), &desk, id, "  ").await;
    assert!(refused.is_err());
    assert_eq!(count().await, start);
    // Declined once: one message; declined again: refused, still one.
    booking::decline(&app.pool, Utc::now(), &desk, id, "Complet")
        .await
        .unwrap();
    assert_eq!(count().await, start + 1);
    assert!(
        booking::decline(&app.pool, Utc::now(), &desk, id, "Complet")
            .await
            .is_err()
    );
    assert_eq!(count().await, start + 1);
    // A message told inside a transaction that rolls back is not kept.
    // Through the writers' queue, as the server writes (a deferred transaction that reads then
    // writes fails at once if another connection wrote in between).
    let mut tx = citeosquare_server::db::begin_write(&app.pool)
        .await
        .unwrap();
    assert!(
        notify::tell(
            &mut tx,
            4,
            &Event::new("essai:rollback", "test").arg("site", "x")
        )
        .await
        .unwrap()
    );
    tx.rollback().await.unwrap();
    assert_eq!(count().await, start + 1);
    // The same event told twice is one message.
    let e = Event::new("essai:twice", "test").arg("site", "x");
    let mut conn = app.pool.acquire().await.unwrap();
    assert!(notify::tell(&mut conn, 4, &e).await.unwrap());
    assert!(!notify::tell(&mut conn, 4, &e).await.unwrap());
    assert_eq!(count().await, start + 2);
}

#[tokio::test]
async fn the_channel_follows_the_person() {
    let app = TestApp::new().await;
    let mut conn = app.pool.acquire().await.unwrap();
    // Hélène (4): no e-mail, no login — paper, from the desk.
    let p = notify::preference(&mut conn, 4).await.unwrap();
    assert_eq!(p.channel, notify::Channel::Paper);
    assert!(!p.chosen);
    // Odette (6): a login, no e-mail — her page.
    assert_eq!(
        notify::preference(&mut conn, 6).await.unwrap().channel,
        notify::Channel::Page
    );
    // With an address: e-mail, to that address.
    sqlx::query("UPDATE persons SET email = 'helene.garnier@example.org' WHERE id = 4")
        .execute(&mut *conn)
        .await
        .unwrap();
    assert_eq!(
        notify::preference(&mut conn, 4).await.unwrap().channel,
        notify::Channel::Email
    );
    assert!(
        notify::tell(
            &mut conn,
            4,
            &Event::new("essai:1", "test").arg("site", "x")
        )
        .await
        .unwrap()
    );
    let m = &messages(&app, 4).await[0];
    assert_eq!(
        (m.channel.as_str(), m.email_to.as_deref()),
        ("email", Some("helene.garnier@example.org"))
    );
    drop(conn);
    // She asks the desk for paper anyway: the desk chooses for her on her page.
    let desk = app.session("accueil").await;
    let r = app
        .post_form("/personnes/4/avis", Some(&desk), &[("channel", "paper")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page("/personnes/4", Some(&desk)).await;
    assert!(
        page.body
            .contains("Ses avis lui sont remis sur papier par l"),
        "{}",
        page.body
    );
    let mut conn = app.pool.acquire().await.unwrap();
    assert!(
        notify::tell(
            &mut conn,
            4,
            &Event::new("essai:2", "test").arg("site", "x")
        )
        .await
        .unwrap()
    );
    assert_eq!(messages(&app, 4).await[0].channel, "paper");
    // E-mail cannot be chosen without an address; an unknown channel is refused; nothing changes.
    let odette = app.session("resident").await;
    let r = app
        .post_form("/avis/preferences", Some(&odette), &[("channel", "email")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Nous n&#39;avons pas d&#39;adresse électronique : donnez-la"),
        "{}",
        r.body
    );
    let r = app
        .post_form("/avis/preferences", Some(&odette), &[("channel", "pigeon")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!notify::preference(&mut conn, 6).await.unwrap().chosen);
    // Paper is a choice she may make herself.
    let r = app
        .post_form("/avis/preferences", Some(&odette), &[("channel", "paper")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        notify::preference(&mut conn, 6).await.unwrap().channel,
        notify::Channel::Paper
    );
    // A resident cannot choose for someone else.
    let r = app
        .post_form("/personnes/4/avis", Some(&odette), &[("channel", "page")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

fn operation_id(page: &str) -> String {
    let start = page.find("name=\"op\" value=\"").expect("an op field") + 17;
    page[start..][..page[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn the_sel_asks_the_receiver_to_accept_a_gift_then_tells_her_it_arrived() {
    let app = TestApp::new().await;
    sqlx::query("UPDATE sel_settings SET exchange_confirmation = 1")
        .execute(&app.pool)
        .await
        .unwrap();
    // Odette (person 6) gives 15 minutes to Marie (person 1) from her page.
    let odette = app.session("resident").await;
    let page = app.page("/moi", Some(&odette)).await;
    let op = operation_id(&page.body);
    let gift = [
        ("op", op.as_str()),
        ("receiver", "Marie Lefèvre"),
        ("heures", "0"),
        ("minutes", "15"),
        ("memo", "Merci pour les semis"),
        ("confirme", "oui"),
    ];
    let r = app.post_form("/moi/echanges", Some(&odette), &gift).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let waiting: Vec<_> = messages(&app, 1)
        .await
        .into_iter()
        .filter(|m| m.kind == "sel-gift-waiting")
        .collect();
    assert_eq!(waiting.len(), 1);
    let words = notify::render(&waiting[0], Paris);
    assert_eq!(
        words.subject,
        "Odette Perrin vous donne 15 min : à accepter"
    );
    assert!(
        words.body.contains("«\u{a0}Merci pour les semis\u{a0}»"),
        "{}",
        words.body
    );
    // The same form posted again (a double click) gives once, and tells once.
    let r = app.post_form("/moi/echanges", Some(&odette), &gift).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        messages(&app, 1)
            .await
            .iter()
            .filter(|m| m.kind == "sel-gift-waiting")
            .count(),
        1
    );
    // Marie accepts: now she is told the minutes arrived.
    let no: i64 = sqlx::query_scalar(
        "SELECT no FROM sel_transfers WHERE kind = 'exchange' AND phase = 'pending'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let asso = app.session("asso").await;
    let r = app
        .post_form(
            &format!("/moi/echanges/{no}/reponse"),
            Some(&asso),
            &[("reponse", "accepter")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let received: Vec<_> = messages(&app, 1)
        .await
        .into_iter()
        .filter(|m| m.kind == "sel-received" && m.args.contains("Merci pour les semis"))
        .collect();
    assert_eq!(received.len(), 1);
    let words = notify::render(&received[0], Paris);
    assert_eq!(words.subject, "Vous avez reçu 15 min de temps");
    assert!(
        words.body.contains("Odette Perrin vous a crédité 15 min"),
        "{}",
        words.body
    );
    // Odette, who gave, is told of nothing received.
    assert!(
        messages(&app, 6)
            .await
            .iter()
            .all(|m| !m.args.contains("Merci pour les semis"))
    );
}

#[test]
fn tomorrow_is_the_local_day_after_today_even_when_the_clocks_change() {
    let paris = |y, mo, d, h| {
        Paris
            .with_ymd_and_hms(y, mo, d, h, 0, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    };
    // Saturday 27 March 2027, 10:00: tomorrow is the 28th, 23 hours long (clocks go forward).
    let (from, to) = notify::tomorrow_window(paris(2027, 3, 27, 10), Paris).unwrap();
    assert_eq!(
        from,
        "2027-03-27T23:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    assert_eq!(to, "2027-03-28T22:00:00Z".parse::<DateTime<Utc>>().unwrap());
    // Saturday 30 October 2027: tomorrow is 25 hours long (clocks go back).
    let (from, to) = notify::tomorrow_window(paris(2027, 10, 30, 18), Paris).unwrap();
    assert_eq!(to - from, Duration::hours(25));
    // Before nine in the morning, reminders wait.
    assert!(notify::tomorrow_window(paris(2027, 3, 27, 7), Paris).is_none());
    // The long date of a message is the local one: 10:00 in Paris on the day after the change.
    assert_eq!(
        notify::long_when(
            citeosquare_server::i18n::Lang::Fr,
            "2027-03-28T08:00:00Z".parse().unwrap(),
            Paris
        ),
        "dimanche 28 mars 2027 à 10 h 00"
    );
}

#[tokio::test]
async fn reminders_go_the_day_before_once_each() {
    let app = TestApp::new().await;
    // Odette's tenants' meeting (demo) moved to tomorrow at 18:00 local, and a shift she signed
    // up for moved to tomorrow at 10:00.
    let today = Utc::now().with_timezone(&Paris).date_naive();
    let tomorrow = today.succ_opt().unwrap();
    let at =
        |h| citeosquare_server::time::resolve_local(Paris, tomorrow.and_hms_opt(h, 0, 0).unwrap());
    let text = |t: DateTime<Utc>| citeosquare_server::db::instant_text(t);
    let meeting: i64 =
        sqlx::query_scalar("SELECT id FROM space_bookings WHERE title = 'Réunion des locataires'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    sqlx::query("UPDATE space_bookings SET start_at = ?, end_at = ?, block_start = unixepoch(?), block_end = unixepoch(?) WHERE id = ?")
        .bind(text(at(18)))
        .bind(text(at(19)))
        .bind(text(at(18)))
        .bind(text(at(19)))
        .bind(meeting)
        .execute(&app.pool)
        .await
        .unwrap();
    // The shift: one of Odette's sign-ups (demo: the épicerie, next week), moved to tomorrow
    // 10:00–12:00; and Marie's (the café), moved to tomorrow too but withdrawn from.
    let signup = |person: i64| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_as::<_, (i64, i64, String)>(
                "SELECT su.id, s.id, a.name FROM sel_signups su
                   JOIN sel_shifts s ON s.id = su.shift_id
                   JOIN sel_activities a ON a.id = s.activity_id
                 WHERE su.person_id = ? AND su.withdrawn_at IS NULL ORDER BY s.starts_at LIMIT 1",
            )
            .bind(person)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let (odette_signup, odette_shift, activity) = signup(6).await;
    let (marie_signup, marie_shift, _) = signup(1).await;
    for shift in [odette_shift, marie_shift] {
        sqlx::query("UPDATE sel_shifts SET starts_at = ?, ends_at = ? WHERE id = ?")
            .bind(text(at(10)))
            .bind(text(at(12)))
            .bind(shift)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    sqlx::query("UPDATE sel_signups SET withdrawn_at = ? WHERE id = ?")
        .bind(text(Utc::now()))
        .bind(marie_signup)
        .execute(&app.pool)
        .await
        .unwrap();
    let (from, to) = {
        let first =
            citeosquare_server::time::resolve_local(Paris, tomorrow.and_hms_opt(0, 0, 0).unwrap());
        let next = citeosquare_server::time::resolve_local(
            Paris,
            tomorrow.succ_opt().unwrap().and_hms_opt(0, 0, 0).unwrap(),
        );
        (first, next)
    };
    for _ in 0..2 {
        // Through the writers' queue, as the server writes (a deferred transaction that reads then
        // writes fails at once if another connection wrote in between).
        let mut tx = citeosquare_server::db::begin_write(&app.pool)
            .await
            .unwrap();
        citeosquare_server::spaces::notices::remind(&mut tx, from, to)
            .await
            .unwrap();
        citeosquare_server::sel::notices::remind(&mut tx, from, to)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let reminders: Vec<_> = messages(&app, 6)
        .await
        .into_iter()
        .filter(|m| m.kind == "booking-reminder")
        .collect();
    assert_eq!(
        reminders.len(),
        1,
        "one reminder, however often the job runs"
    );
    let words = notify::render(&reminders[0], Paris);
    assert!(
        words.subject.starts_with("Demain : Réunion des locataires"),
        "{}",
        words.subject
    );
    assert!(words.body.contains("à 18 h 00"), "{}", words.body);

    // The shift: Odette is reminded once, with the activity and tomorrow's local hour.
    let shifts: Vec<_> = messages(&app, 6)
        .await
        .into_iter()
        .filter(|m| m.kind == "shift-reminder")
        .collect();
    assert_eq!(shifts.len(), 1, "one shift reminder: {shifts:?}");
    assert_eq!(
        shifts[0].event_key,
        format!("sel-signup:{odette_signup}:reminder:{}", text(at(10)))
    );
    assert_eq!(shifts[0].link.as_deref(), Some("/moi#mon-sel"));
    let words = notify::render(&shifts[0], Paris);
    let when = notify::long_when(citeosquare_server::i18n::Lang::Fr, at(10), Paris);
    assert!(when.ends_with("à 10 h 00"), "{when}");
    assert_eq!(words.subject, format!("Demain : {activity}, {when}"));
    assert!(
        words.body.contains(&format!(
            "Vous êtes inscrit demain à «\u{a0}{activity}\u{a0}», {when}."
        )),
        "{}",
        words.body
    );
    // Marie withdrew: no reminder for her.
    assert!(
        messages(&app, 1)
            .await
            .iter()
            .all(|m| m.kind != "shift-reminder"),
        "a withdrawn sign-up is not reminded"
    );
}

#[tokio::test]
async fn erasure_removes_the_messages_and_the_export_carries_them() {
    let app = TestApp::new().await;
    let mut conn = app.pool.acquire().await.unwrap();
    notify::tell(
        &mut conn,
        4,
        &Event::new("essai:export", "test").arg("site", "Tiers-lieu"),
    )
    .await
    .unwrap();
    drop(conn);
    let admin = app.session("admin").await;
    let export = app.page("/personnes/4/export.json", Some(&admin)).await;
    let json = export.json();
    // Her welcome credit (demo) and the test message, newest first.
    let told = &json["notify"]["messages"];
    assert_eq!(told.as_array().unwrap().len(), 2, "{json}");
    assert_eq!(told[0]["subject"], "Message d'essai de Tiers-lieu");
    assert_eq!(told[0]["channel"], "paper");
    let erase_form = app.page("/personnes/4/effacer", Some(&admin)).await;
    assert_eq!(erase_form.status, StatusCode::OK);
    let r = app
        .post_form("/personnes/4/effacer", Some(&admin), &[("confirme", "oui")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(messages(&app, 4).await.is_empty());
    assert_eq!(
        app.count("SELECT count(*) FROM notify_preferences WHERE person_id = 4")
            .await,
        0
    );
}

#[tokio::test]
async fn my_page_counts_the_unread_notices_until_they_are_read() {
    let app = TestApp::new().await;
    // Odette (6): a login and no e-mail, so her notices are on her page.
    let mut tx = citeosquare_server::db::begin_write(&app.pool)
        .await
        .unwrap();
    for key in ["essai:moi:1", "essai:moi:2"] {
        assert!(
            notify::tell(&mut tx, 6, &Event::new(key, "test").arg("site", "Tilleuls"))
                .await
                .unwrap()
        );
    }
    tx.commit().await.unwrap();
    let n = notify::unread(&app.pool, 6).await.unwrap();
    assert!(n >= 2, "{n}");
    let odette = app.session("resident").await;
    let me = app.page("/moi", Some(&odette)).await;
    assert_eq!(me.status, StatusCode::OK);
    let section = &me.body[me
        .body
        .find("id=\"mes-avis\"")
        .expect("« Mes avis » on /moi")..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(
        section.contains(&format!(
            "<span class=\"nav-count\">{n}<span class=\"visually-hidden\"> non lus</span></span>"
        )),
        "{section}"
    );
    assert!(
        section.contains(&format!("<strong>{n} nouveaux avis</strong>")),
        "{section}"
    );
    assert!(
        section.contains("<strong>Message d&#39;essai de Tilleuls</strong>")
            || section.contains("<strong>Message d'essai de Tilleuls</strong>"),
        "the newest, unread, in bold: {section}"
    );
    // Read on « Mes avis »: the count is gone from /moi.
    assert_eq!(
        app.page("/avis", Some(&odette)).await.status,
        StatusCode::OK
    );
    let me = app.page("/moi", Some(&odette)).await;
    let section = &me.body[me.body.find("id=\"mes-avis\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(!section.contains("nav-count"), "{section}");
    assert!(!section.contains("nouveaux avis"), "{section}");
    assert!(!section.contains("nouvel avis"), "{section}");
}

/// The `{ $name }`s of message `id` in a translation file.
fn variables_of(ftl: &str, id: &str) -> std::collections::BTreeSet<String> {
    let start = ftl
        .find(&format!("\n{id} ="))
        .unwrap_or_else(|| panic!("{id} missing"));
    let rest = &ftl[start + 1..];
    // The message runs until the next line that starts a new entry (or a comment).
    let mut end = rest.len();
    let mut offset = 0;
    for (n, line) in rest.split_inclusive('\n').enumerate() {
        if n > 0 && !line.trim().is_empty() && !line.starts_with(' ') {
            end = offset;
            break;
        }
        offset += line.len();
    }
    rest[..end]
        .match_indices("$")
        .map(|(i, _)| {
            rest[i + 1..end]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn every_kind_has_its_subject_body_and_why_in_french_and_english_and_no_other_kind_exists() {
    use citeosquare_server::i18n::Lang;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n");
    let fr = std::fs::read_to_string(root.join("fr/notify.ftl")).unwrap();
    let en = std::fs::read_to_string(root.join("en/notify.ftl")).unwrap();
    // The kinds are exactly the messages the translation files have a subject for.
    for ftl in [&fr, &en] {
        let mut in_file: Vec<&str> = ftl
            .lines()
            .filter_map(|l| {
                l.strip_prefix("notify-")?
                    .split_once("-subject =")
                    .map(|x| x.0)
            })
            .collect();
        in_file.sort_unstable();
        let mut kinds = notify::KINDS.to_vec();
        kinds.sort_unstable();
        assert_eq!(in_file, kinds);
    }
    for kind in notify::KINDS {
        let mut args = serde_json::Map::new();
        for part in ["subject", "body", "why"] {
            let id = format!("notify-{kind}-{part}");
            let (vf, ve) = (variables_of(&fr, &id), variables_of(&en, &id));
            assert_eq!(vf, ve, "{id}: the same words to fill in both languages");
            for v in vf {
                let value = match v.as_str() {
                    v if v.starts_with("has_") || v == "following" => "yes".into(),
                    v if v.ends_with("_at") => "2027-03-28T08:00:00Z".into(),
                    v if v.ends_with("_day") => "2027-03-28".into(),
                    v if v.ends_with("_minutes") => serde_json::json!(90),
                    v => serde_json::Value::String(format!("<{v}>")),
                };
                args.insert(v, value);
            }
        }
        for lang in [Lang::Fr, Lang::En] {
            let r = notify::render_parts(kind, &args, lang, Paris);
            for (part, text) in [("subject", &r.subject), ("body", &r.body), ("why", &r.why)] {
                let id = format!("notify-{kind}-{part}");
                assert!(!text.trim().is_empty(), "{id} ({}) is empty", lang.code());
                assert_ne!(text, &id, "{id} missing in {}", lang.code());
                assert!(!text.contains("{$"), "{id} ({}): {text}", lang.code());
                assert!(
                    !text.contains('\u{2068}'),
                    "{id} ({}) has isolation marks",
                    lang.code()
                );
            }
            // The instants are written in local time, in the reader's words.
            if args.contains_key("start_at") {
                let when = match lang {
                    Lang::Fr => "dimanche 28 mars 2027 à 10 h 00",
                    Lang::En => "Sunday 28 March 2027 at 10:00",
                };
                assert!(
                    r.subject.contains(when) || r.body.contains(when),
                    "{kind} ({}): {} / {}",
                    lang.code(),
                    r.subject,
                    r.body
                );
            }
        }
    }
}
