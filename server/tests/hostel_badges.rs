//! Guest badges: a card lent to a guest in house at check-in works like a member's where guests may
//! go (the doors, the SEL's activities as a participant — without the membership), is refused at
//! the shared vehicles, follows the stay's last day, and stops at the check-out, given back or not.
//! Every way around it in raw SQL is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_protocol::{self as protocol, Ack, AckResult};
use citeosquare_server::audit::Actor;
use citeosquare_server::hostel::badges::{self, HandInput};
use citeosquare_server::hostel::folio::PaymentInput;
use citeosquare_server::hostel::stays::{self, NewStay};
use citeosquare_server::hostel::{self, RoomInput};
use citeosquare_server::kiosks::ingest::{self, IngestSettings, Received};
use citeosquare_server::metrics::Metrics;
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

fn local(night: NaiveDate, h: u32) -> DateTime<Utc> {
    citeosquare_server::time::resolve_local(
        Paris,
        night.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap()),
    )
}

async fn tonight(pool: &SqlitePool, now: DateTime<Utc>) -> NaiveDate {
    stays::tonight(pool, Paris, now).await.unwrap()
}

/// A private room and a stay of `nights` from tonight in it, confirmed.
async fn stay_from_tonight(pool: &SqlitePool, guest: &str, nights: i64) -> i64 {
    let room = hostel::create_room(
        pool,
        &desk(),
        &RoomInput {
            name: format!("Chambre de {guest}"),
            kind: "private".into(),
            beds: 3,
            price_cents: 4500,
            ..RoomInput::default()
        },
    )
    .await
    .unwrap()
    .id;
    let first = tonight(pool, Utc::now()).await;
    stays::create(
        pool,
        Paris,
        &desk(),
        &NewStay {
            guest_name: guest.into(),
            phone: "06 12 34 56 78".into(),
            people: 3,
            arrival: first.to_string(),
            departure: (first + Duration::days(nights)).to_string(),
            room_id: Some(room),
            ..NewStay::default()
        },
        Utc::now(),
    )
    .await
    .unwrap()
    .id
}

fn card(card_id: &str, holder: &str) -> HandInput {
    HandInput {
        card_id: card_id.into(),
        holder: holder.into(),
    }
}

fn settings() -> IngestSettings {
    IngestSettings {
        site: "main".into(),
        time_zone: Paris,
        clock_skew_tolerance_ms: 120_000,
        domains: citeosquare_server::DOMAINS,
    }
}

/// A tap at a demo kiosk, read and delivered at `at`; its ack.
async fn tap(pool: &SqlitePool, kiosk: &str, badge: &str, at: DateTime<Utc>) -> Ack {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let id = format!("0193e1c2-7a4b-7c3d-9e8f-{n:012}");
    let payload = json!({"v": 1, "id": id, "kiosk": kiosk, "boot": "guest-test", "seq": n,
                         "at": at.to_rfc3339(), "badge": badge, "action": "tap"});
    let msg = Received {
        topic: format!("citeosquare/v1/main/kiosk/{kiosk}/event"),
        payload: serde_json::to_vec(&payload).unwrap(),
        received_at: at,
    };
    let committed = ingest::store_batch(pool, &settings(), &Metrics::default(), &[msg])
        .await
        .unwrap();
    protocol::decode::<Ack>(&committed.acks[0].1).unwrap()
}

fn shown(ack: &Ack) -> String {
    format!("{} / {}", ack.display.title, ack.display.lines.join(" / "))
}

/// (kind, valid_through, revoked?, revoke_reason) of a card's latest row.
async fn badge_row(
    pool: &SqlitePool,
    card_id: &str,
) -> (String, Option<String>, bool, Option<String>) {
    sqlx::query_as(
        "SELECT kind, valid_through, revoked_at IS NOT NULL, revoke_reason FROM badges
         WHERE card_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(card_id)
    .fetch_one(pool)
    .await
    .unwrap()
}

fn conflict(r: Result<impl std::fmt::Debug, Refusal>) -> (&'static str, String) {
    match r {
        Err(Refusal::Conflict { key, arg }) => (key, arg),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[tokio::test]
async fn a_badge_lent_at_check_in_opens_the_doors_and_the_sel_but_not_the_vehicles() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    // The SEL refuses shifts to people whose membership is not paid: a guest joins all the same.
    sqlx::query("UPDATE sel_settings SET membership_policy = 'refuse'")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO sel_activities (name, kiosk_id, accepts_unplanned, created_at)
         VALUES ('Jardin partagé', 'demo-sel', 1, '2026-01-01T00:00:00.000Z')",
    )
    .execute(pool)
    .await
    .unwrap();
    let id = stay_from_tonight(pool, "Amina Diallo", 2).await;
    let now = Utc::now();
    let s = badges::check_in_lending(
        pool,
        Paris,
        &desk(),
        id,
        now,
        Some(&card("ca:fe:00:42", "")),
    )
    .await
    .unwrap();
    assert_eq!(s.status, "checked_in");

    // The lead guest now has a record of kind guest, linked to the stay, and a SEL account
    // without the welcome credit (60 minutes for a member).
    let person = s
        .person_id
        .expect("the stay is linked to the guest's record");
    let who: (String, String, String) =
        sqlx::query_as("SELECT first_name, last_name, kind FROM persons WHERE id = ?")
            .bind(person)
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(who, ("Amina".into(), "Diallo".into(), "guest".into()));
    let balance: i64 = sqlx::query_scalar("SELECT posted FROM sel_accounts WHERE person_id = ?")
        .bind(person)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(balance, 0);
    assert_eq!(
        badge_row(pool, "CAFE0042").await,
        ("guest".into(), Some(s.departure.clone()), false, None)
    );

    // The entrance greets her; the key cabinet of the shared vehicles does not serve guests.
    let door = tap(pool, "demo-accueil", "CAFE0042", now).await;
    assert_eq!(door.result, AckResult::Entered);
    assert!(shown(&door).starts_with("Bonjour Amina / Entrée notée"));
    let keys = tap(pool, "demo-cles", "CAFE0042", now).await;
    assert_eq!(keys.result, AckResult::NotAllowed);
    assert_eq!(
        shown(&keys),
        "Bonjour Amina / Réservé aux membres / Voyez l'accueil"
    );
    // At the SEL's kiosk she starts a shift, as a participant, membership or not; a member who
    // has not paid hers is refused, as the settings say.
    let sel = tap(pool, "demo-sel", "CAFE0042", now).await;
    assert!(!shown(&sel).contains("Adhésion"), "{}", shown(&sel));
    let open: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sel_sessions WHERE person_id = ? AND ended_at IS NULL",
    )
    .bind(person)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(open, 1, "a shift started for the guest: {}", shown(&sel));
    let (unpaid, unpaid_person): (String, i64) = sqlx::query_as(
        "SELECT b.card_id, b.person_id FROM badges b WHERE b.revoked_at IS NULL AND b.kind = 'regular'
           AND EXISTS (SELECT 1 FROM sel_accounts a WHERE a.person_id = b.person_id)
           AND NOT EXISTS (SELECT 1 FROM sel_sessions x WHERE x.person_id = b.person_id
                           AND x.ended_at IS NULL)
         ORDER BY b.card_id LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM sel_memberships WHERE person_id = ?")
        .bind(unpaid_person)
        .execute(pool)
        .await
        .unwrap();
    let member = tap(pool, "demo-sel", &unpaid, now).await;
    assert_eq!(member.result, AckResult::NotAllowed);
    assert!(shown(&member).contains("Adhésion"), "{}", shown(&member));
}

#[tokio::test]
async fn the_badge_follows_the_last_day_and_stops_at_check_out_returned_or_not() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let id = stay_from_tonight(pool, "Amina Diallo", 2).await;
    let now = Utc::now();
    badges::check_in_lending(pool, Paris, &desk(), id, now, Some(&card("CAFE0042", "")))
        .await
        .unwrap();
    // Her brother gets a card of his own: a record of his own, the stay still hers.
    let brother = badges::hand(pool, &desk(), id, &card("CAFE0043", "  Moussa   Diallo "))
        .await
        .unwrap();
    assert_eq!(brother.holder, "Moussa Diallo");
    let s = stays::stay(pool, id).await.unwrap();
    assert_ne!(Some(brother.person_id), s.person_id);

    // Staying one more night keeps both cards working through the new last day…
    let first = s.arrival();
    let later = (first + Duration::days(3)).to_string();
    stays::change_departure(pool, Paris, &desk(), id, &later, now)
        .await
        .unwrap();
    assert_eq!(badge_row(pool, "CAFE0042").await.1, Some(later.clone()));
    assert_eq!(badge_row(pool, "CAFE0043").await.1, Some(later.clone()));
    // …and not a day more: read the day after, the card is expired.
    let after = local(first + Duration::days(4), 10);
    let expired = tap(pool, "demo-accueil", "CAFE0042", after).await;
    assert_eq!(expired.result, AckResult::NotAllowed);
    assert_eq!(
        shown(&expired),
        "Bonjour Amina / Badge expiré / Voyez l'accueil"
    );
    let last_day = tap(
        pool,
        "demo-accueil",
        "CAFE0042",
        local(first + Duration::days(3), 11),
    )
    .await;
    // Served at the entrance (in or out, whichever way she goes), not refused.
    assert!(
        matches!(last_day.result, AckResult::Entered | AckResult::Left),
        "{last_day:?}"
    );

    // The check-out: her card is in the desk's hand, his is not. The folio is settled first.
    let mut conn = pool.acquire().await.unwrap();
    let s = stays::stay(&mut *conn, id).await.unwrap();
    let leaving = local(first + Duration::days(3), 10);
    let due = stays::due_on_leaving(&mut conn, Paris, &s, leaving)
        .await
        .unwrap();
    drop(conn);
    let her = badges::of_stay(pool, id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.card_id == "CAFE0042")
        .unwrap();
    let cash = PaymentInput {
        method: "cash".into(),
        amount_cents: due,
        ..PaymentInput::default()
    };
    stays::check_out_paying(
        pool,
        Paris,
        &desk(),
        id,
        leaving,
        (due > 0).then_some(&cash),
        &[her.badge_id],
    )
    .await
    .unwrap();
    let (_, _, revoked, why) = badge_row(pool, "CAFE0042").await;
    assert_eq!((revoked, why.as_deref()), (true, Some("returned")));
    let (_, _, revoked, why) = badge_row(pool, "CAFE0043").await;
    assert_eq!((revoked, why.as_deref()), (true, Some("not_returned")));
    let lent = badges::of_stay(pool, id).await.unwrap();
    assert!(lent.iter().all(|b| !b.is_out()));
    assert_eq!(
        lent.iter()
            .map(|b| (b.card_id.as_str(), b.returned_at.is_some()))
            .collect::<Vec<_>>(),
        [("CAFE0042", true), ("CAFE0043", false)]
    );
    // The card he kept no longer opens anything.
    let kept = tap(
        pool,
        "demo-accueil",
        "CAFE0043",
        leaving + Duration::hours(1),
    )
    .await;
    assert_eq!(kept.result, AckResult::UnknownBadge);
    // He brings it back in the afternoon: marked back, once.
    let back = badges::give_back(pool, &desk(), id, brother.badge_id)
        .await
        .unwrap();
    assert!(back.returned_at.is_some());
    assert_eq!(back.revoke_reason.as_deref(), Some("not_returned"));
    assert_eq!(
        conflict(badges::give_back(pool, &desk(), id, brother.badge_id).await),
        ("error-hostel-badge-back", "CAFE0043".into())
    );
    // The card goes to the next guest.
    let next = stay_from_tonight(pool, "Léa Martin", 1).await;
    badges::check_in_lending(pool, Paris, &desk(), next, now, Some(&card("CAFE0042", "")))
        .await
        .unwrap();
    assert!(!badge_row(pool, "CAFE0042").await.2);
}

#[tokio::test]
async fn a_card_that_cannot_be_lent_changes_nothing_and_says_why() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let id = stay_from_tonight(pool, "Amina Diallo", 2).await;
    let badges_before = app.count("SELECT count(*) FROM badges").await;
    let persons_before = app.count("SELECT count(*) FROM persons").await;
    // Not in house yet.
    assert_eq!(
        conflict(badges::hand(pool, &desk(), id, &card("CAFE0042", "")).await).0,
        "error-hostel-status-confirmed"
    );
    // A card already held: the check-in is refused with it, and the guest is not checked in.
    assert_eq!(
        conflict(
            badges::check_in_lending(
                pool,
                Paris,
                &desk(),
                id,
                Utc::now(),
                Some(&card("DEMO0001", ""))
            )
            .await
        ),
        ("error-card-held", "Marie Lefèvre".into())
    );
    assert_eq!(stays::stay(pool, id).await.unwrap().status, "confirmed");
    // Not a card number; a name too long.
    badges::check_in_lending(pool, Paris, &desk(), id, Utc::now(), None)
        .await
        .unwrap();
    match badges::hand(pool, &desk(), id, &card("café!", "")).await {
        Err(Refusal::Invalid(errors)) => {
            assert_eq!((errors[0].field, errors[0].key), ("card_id", "error-card"));
        }
        other => panic!("expected a field refusal, got {other:?}"),
    }
    match badges::hand(pool, &desk(), id, &card("CAFE0042", &"x".repeat(121))).await {
        Err(Refusal::Invalid(errors)) => {
            assert_eq!(
                (errors[0].field, errors[0].key),
                ("holder", "error-too-long-120")
            );
        }
        other => panic!("expected a field refusal, got {other:?}"),
    }
    assert_eq!(
        app.count("SELECT count(*) FROM badges").await,
        badges_before
    );
    assert_eq!(
        app.count("SELECT count(*) FROM persons").await,
        persons_before
    );
    assert_eq!(
        app.count("SELECT count(*) FROM hostel_guest_badges").await,
        1,
        "only the demo's guest badge"
    );
}

#[tokio::test]
async fn raw_sql_cannot_lend_outside_a_stay_in_house_nor_keep_a_card_working_after_it() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let confirmed = stay_from_tonight(pool, "Amina Diallo", 2).await;
    let person: i64 = sqlx::query_scalar("SELECT id FROM persons ORDER BY id LIMIT 1")
        .fetch_one(pool)
        .await
        .unwrap();
    // A guest badge always has a last day.
    let no_term = sqlx::query(
        "INSERT INTO badges (card_id, person_id, assigned_at, kind) VALUES ('CAFE0050', ?, '2026-01-01T00:00:00.000Z', 'guest')",
    )
    .bind(person)
    .execute(pool)
    .await;
    assert!(
        no_term
            .unwrap_err()
            .to_string()
            .contains("a guest badge has a last day")
    );
    let guest_card: i64 = sqlx::query_scalar(
        "INSERT INTO badges (card_id, person_id, assigned_at, kind, valid_through)
         VALUES ('CAFE0051', ?, '2026-01-01T00:00:00.000Z', 'guest', '2026-01-03') RETURNING id",
    )
    .bind(person)
    .fetch_one(pool)
    .await
    .unwrap();
    // Lent for a stay not in house.
    let refused = sqlx::query(
        "INSERT INTO hostel_guest_badges (badge_id, stay_id, handed_at, handed_by_name)
         VALUES (?, ?, '2026-01-01T00:00:00.000Z', 'x')",
    )
    .bind(guest_card)
    .bind(confirmed)
    .execute(pool)
    .await;
    assert!(refused.unwrap_err().to_string().contains("guest in house"));
    // A member's card lent for a stay.
    let ingrid: i64 =
        sqlx::query_scalar("SELECT id FROM hostel_stays WHERE guest_name = 'Ingrid Larsen'")
            .fetch_one(pool)
            .await
            .unwrap();
    let regular: i64 = sqlx::query_scalar("SELECT id FROM badges WHERE card_id = 'DEMO0002'")
        .fetch_one(pool)
        .await
        .unwrap();
    let refused = sqlx::query(
        "INSERT INTO hostel_guest_badges (badge_id, stay_id, handed_at, handed_by_name)
         VALUES (?, ?, '2026-01-01T00:00:00.000Z', 'x')",
    )
    .bind(regular)
    .bind(ingrid)
    .execute(pool)
    .await;
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("only a guest badge")
    );

    // `citeosquare check` is clean on the demo, and sees a guest badge kept working after its
    // stay's last day.
    let finding = |all: Vec<citeosquare_server::web::domain::Finding>| {
        all.into_iter()
            .find(|f| f.name == "hostel_guest_badges_end_with_the_stay")
            .unwrap()
    };
    assert!(finding(citeosquare_server::check::run(pool).await.unwrap()).ok);
    sqlx::query("UPDATE badges SET valid_through = '2099-12-31' WHERE card_id = 'INVITE01'")
        .execute(pool)
        .await
        .unwrap();
    assert!(!finding(citeosquare_server::check::run(pool).await.unwrap()).ok);
}

#[tokio::test]
async fn the_desk_lends_and_takes_back_cards_from_the_stay_page_and_the_api() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let session = app.session("accueil").await;
    // The demo's Norwegian guest has her card; the stay page says so.
    let ingrid: i64 =
        sqlx::query_scalar("SELECT id FROM hostel_stays WHERE guest_name = 'Ingrid Larsen'")
            .fetch_one(pool)
            .await
            .unwrap();
    let page = app
        .page(&format!("/hotel/sejours/{ingrid}"), Some(&session))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Badges invités (1)"));
    assert!(
        page.body
            .contains("<strong>INVITE01</strong> — Ingrid Larsen")
    );
    assert!(page.body.contains("valable jusqu&#39;au"));

    // The arrival in one screen, with the card typed.
    let id = stay_from_tonight(pool, "Amina Diallo", 2).await;
    let arrived = app
        .post_form(
            &format!("/hotel/sejours/{id}/arrivee"),
            Some(&session),
            &[("card_id", "cafe0042")],
        )
        .await;
    assert_eq!(arrived.status, StatusCode::SEE_OTHER, "{}", arrived.body);
    let page = app
        .page(&format!("/hotel/sejours/{id}"), Some(&session))
        .await;
    assert!(
        page.body
            .contains("<strong>CAFE0042</strong> — Amina Diallo")
    );
    // A card held by someone: the page says by whom, and nothing is lent.
    let held = app
        .post_form(
            &format!("/hotel/sejours/{id}/badges"),
            Some(&session),
            &[("card_id", "DEMO0001"), ("holder", "Moussa Diallo")],
        )
        .await;
    assert_eq!(held.status, StatusCode::CONFLICT);
    assert!(held.body.contains("Marie Lefèvre"), "{}", held.body);

    // Through the API: lend one more, list, take it back, once.
    let token = app.token("accueil").await;
    let lent = app
        .call(
            Method::POST,
            &format!("/api/v1/hostel/stays/{id}/badges"),
            Some(&token),
            Some(json!({"card_id": "CAFE0044", "holder": "Moussa Diallo"})),
        )
        .await;
    assert_eq!(lent.status, StatusCode::CREATED, "{}", lent.body);
    assert_eq!(lent.json()["holder"], "Moussa Diallo");
    let badge_id = lent.json()["badge_id"].as_i64().unwrap();
    let list = app
        .call(
            Method::GET,
            &format!("/api/v1/hostel/stays/{id}/badges"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(list.json().as_array().unwrap().len(), 2);
    let path = format!("/api/v1/hostel/stays/{id}/badges/{badge_id}/returned");
    let back = app.call(Method::POST, &path, Some(&token), None).await;
    assert_eq!(back.status, StatusCode::OK);
    assert_eq!(back.json()["revoke_reason"], "returned");
    let again = app.call(Method::POST, &path, Some(&token), None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // The departure: her card ticked « rendu » in the check-out form (nothing is due yet: the
    // nights are paid by a card payment first).
    let mut conn = pool.acquire().await.unwrap();
    let s = stays::stay(&mut *conn, id).await.unwrap();
    let due = stays::due_on_leaving(&mut conn, Paris, &s, Utc::now())
        .await
        .unwrap();
    drop(conn);
    let hers: i64 = sqlx::query_scalar("SELECT id FROM badges WHERE card_id = 'CAFE0042'")
        .fetch_one(pool)
        .await
        .unwrap();
    let amount = format!("{},{:02}", due / 100, due % 100);
    let left = app
        .post_form(
            &format!("/hotel/sejours/{id}/depart"),
            Some(&session),
            &[
                ("method", "card"),
                ("amount", &amount),
                ("key", "depart-test"),
                (&format!("back-{hers}"), "1"),
            ],
        )
        .await;
    assert_eq!(left.status, StatusCode::SEE_OTHER, "{}", left.body);
    assert_eq!(
        badge_row(pool, "CAFE0042").await.3.as_deref(),
        Some("returned")
    );
    let page = app
        .page(&format!("/hotel/sejours/{id}"), Some(&session))
        .await;
    assert!(page.body.contains("rendu le"));

    // A card held to the desk's reader is offered on the page of a stay that arrives: one button
    // checks the guests in with it.
    let next = stay_from_tonight(pool, "Léa Martin", 1).await;
    let read = tap(pool, "demo-accueil", "CAFE0099", Utc::now()).await;
    assert_eq!(read.result, AckResult::UnknownBadge);
    let offered = app
        .page(&format!("/hotel/sejours/{next}/badge-lu"), Some(&session))
        .await;
    assert!(
        offered
            .body
            .contains(&format!("action=\"/hotel/sejours/{next}/arrivee\""))
    );
    assert!(offered.body.contains("Prêter le badge CAFE0099"));
    let arrived = app
        .post_form(
            &format!("/hotel/sejours/{next}/arrivee"),
            Some(&session),
            &[("card_id", "CAFE0099")],
        )
        .await;
    assert_eq!(arrived.status, StatusCode::SEE_OTHER);
    assert_eq!(badge_row(pool, "CAFE0099").await.0, "guest");
    let offered = app
        .page(&format!("/hotel/sejours/{next}/badge-lu"), Some(&session))
        .await;
    assert!(
        !offered.body.contains("CAFE0099"),
        "a card lent is no longer offered"
    );
}
