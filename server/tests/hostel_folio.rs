//! The hostel's folio and night audit, on the demo site, through the rules, the API and raw SQL:
//! the audit makes no-shows, posts the nights of the guests in house with their tax and closes the
//! night for good; payments never exceed what is due, refunds never exceed the credit, SEL
//! minutes leave the guest's account exactly once; no folio line is ever changed or deleted.
//! Tests use their own rooms and dates from fifty nights ahead, clear of the demo's stays.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_server::audit::Actor;
use citeosquare_server::hostel::folio::{self, CorrectionInput, ExtraSale, PaymentInput};
use citeosquare_server::hostel::night_audit;
use citeosquare_server::hostel::stays::{self, NewStay, Stay};
use citeosquare_server::hostel::{self, RoomInput};
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

fn local(night: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    citeosquare_server::time::resolve_local(
        Paris,
        night.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()),
    )
}

fn night(n: i64) -> NaiveDate {
    hostel::night_of(Utc::now(), Paris, hostel::Settings::default()) + Duration::days(n)
}

/// A private room for one at 30 € a night: with the demo commune's taxe de séjour (5 % of the
/// price per person, plus the department's 10 %), a night costs 30,00 € + 1,65 €.
async fn room(pool: &SqlitePool, name: &str) -> i64 {
    hostel::create_room(
        pool,
        &desk(),
        &RoomInput {
            name: name.into(),
            kind: "private".into(),
            beds: 1,
            price_cents: 3000,
            ..RoomInput::default()
        },
    )
    .await
    .unwrap()
    .id
}

async fn book(
    pool: &SqlitePool,
    name: &str,
    room: i64,
    from: NaiveDate,
    nights: i64,
    person: Option<i64>,
) -> Stay {
    stays::create(
        pool,
        Paris,
        &desk(),
        &NewStay {
            guest_name: name.into(),
            phone: "06 00 00 00 00".into(),
            people: 1,
            arrival: from.to_string(),
            departure: (from + Duration::days(nights)).to_string(),
            room_id: Some(room),
            person_id: person,
            ..NewStay::default()
        },
        Utc::now(),
    )
    .await
    .unwrap()
}

async fn folio_of(pool: &SqlitePool, id: i64) -> folio::Folio {
    let s = stays::stay(pool, id).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    folio::folio(&mut conn, &s).await.unwrap()
}

fn conflict<T: std::fmt::Debug>(r: Result<T, Refusal>) -> (&'static str, String) {
    match r {
        Err(Refusal::Conflict { key, arg }) => (key, arg),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn fields<T: std::fmt::Debug>(r: Result<T, Refusal>) -> Vec<(&'static str, &'static str)> {
    match r {
        Err(Refusal::Invalid(f)) => f.into_iter().map(|e| (e.field, e.key)).collect(),
        other => panic!("expected invalid fields, got {other:?}"),
    }
}

/// Runs raw SQL; the database's message when it refuses.
async fn raw(pool: &SqlitePool, sql: &str) -> Result<(), String> {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn pay(method: &str, cents: i64) -> PaymentInput {
    PaymentInput {
        method: method.into(),
        amount_cents: cents,
        ..PaymentInput::default()
    }
}

#[tokio::test]
async fn the_night_audit_makes_no_shows_posts_nights_and_closes_the_night_for_good() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let n = night(50);
    let (r1, r2, r3) = (
        room(pool, "Chambre Audit 1").await,
        room(pool, "Chambre Audit 2").await,
        room(pool, "Chambre Audit 3").await,
    );
    // Absent never comes; Bruno arrived the night before, for three nights; Chloé should have
    // left this morning and is still checked in.
    let absent = book(pool, "Absent", r1, n, 2, None).await;
    let bruno = book(pool, "Bruno", r2, n - Duration::days(1), 3, None).await;
    stays::check_in(
        pool,
        Paris,
        &desk(),
        bruno.id,
        local(n - Duration::days(1), 20, 0),
    )
    .await
    .unwrap();
    let chloe = book(pool, "Chloé", r3, n - Duration::days(2), 2, None).await;
    stays::check_in(
        pool,
        Paris,
        &desk(),
        chloe.id,
        local(n - Duration::days(2), 20, 0),
    )
    .await
    .unwrap();

    let closed = night_audit::close(pool, n).await.unwrap();
    assert_eq!(closed.night, n.to_string());
    // Absent: a no-show, every night released, the first night charged (the default), no tax.
    let a = stays::stay(pool, absent.id).await.unwrap();
    assert_eq!(a.status, "no_show");
    assert_eq!(a.cancelled_by.as_deref(), Some(night_audit::ACTOR_NAME));
    let f = folio_of(pool, absent.id).await;
    assert_eq!(f.lines.len(), 1);
    assert_eq!(
        (
            f.lines[0].kind.as_str(),
            f.lines[0].night.clone(),
            f.lines[0].amount_cents
        ),
        ("night", Some(n.to_string()), 3000)
    );
    let held: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM hostel_nights WHERE stay_id = ? AND released_at IS NULL",
    )
    .bind(absent.id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(held, 0);
    // Bruno: both nights so far posted (the one before, missed, and this one), each with its tax;
    // his last night is still to come.
    let f = folio_of(pool, bruno.id).await;
    let posted: Vec<(String, String, i64)> = f
        .lines
        .iter()
        .map(|l| (l.kind.clone(), l.night.clone().unwrap(), l.amount_cents))
        .collect();
    let (n1, n0) = ((n - Duration::days(1)).to_string(), n.to_string());
    assert_eq!(
        posted,
        vec![
            ("night".into(), n1.clone(), 3000),
            ("tax".into(), n1, 165),
            ("night".into(), n0.clone(), 3000),
            ("tax".into(), n0, 165)
        ]
    );
    assert!(
        f.lines
            .iter()
            .all(|l| l.created_by_name == night_audit::ACTOR_NAME)
    );
    assert_eq!(
        (f.charges_cents, f.to_post_cents, f.due_cents),
        (6330, 3165, 9495)
    );
    // Chloé is counted late; the audit's totals are the night's.
    assert!(closed.overdue >= 1, "{closed:?}");
    assert!(
        closed.no_shows >= 1 && closed.posted_nights >= 2,
        "{closed:?}"
    );
    // Closing it again changes nothing and says what was done.
    let again = night_audit::close(pool, n).await.unwrap();
    assert_eq!(again, closed);
    assert_eq!(folio_of(pool, bruno.id).await.lines.len(), 4);

    // A closed night and its charges never change in raw SQL; a night is posted once.
    let line = f.lines[2].id;
    for (sql, says) in [
        (
            format!("UPDATE hostel_audits SET no_shows = 0 WHERE night = '{n}'"),
            "a closed night stays closed",
        ),
        (
            format!("DELETE FROM hostel_audits WHERE night = '{n}'"),
            "a closed night stays closed",
        ),
        (
            format!("UPDATE hostel_folio_lines SET amount_cents = 1 WHERE id = {line}"),
            "a folio line is never changed",
        ),
        (
            format!("UPDATE hostel_folio_lines SET night = '2020-01-01' WHERE id = {line}"),
            "a folio line is never changed",
        ),
        (
            format!("UPDATE hostel_folio_lines SET label = 'x' WHERE id = {line}"),
            "a folio line is never changed",
        ),
        (
            format!("DELETE FROM hostel_folio_lines WHERE id = {line}"),
            "folio lines are never deleted",
        ),
        (
            format!(
                "INSERT INTO hostel_folio_lines (stay_id, kind, night, amount_cents, created_by_name, created_at)
                 VALUES ({}, 'night', '{n}', 1, 'x', 'x')",
                bruno.id
            ),
            "UNIQUE constraint failed",
        ),
        (
            format!(
                "INSERT INTO hostel_folio_lines (stay_id, kind, label, amount_cents, corrects_id, created_by_name, created_at)
                 VALUES ({}, 'correction', 'x', -1, {line}, 'x', 'x')",
                absent.id
            ),
            "a correction corrects a charge of the same stay",
        ),
    ] {
        let e = raw(pool, &sql).await.expect_err(&sql);
        assert!(e.contains(says), "{sql}: {e}");
    }
    assert_eq!(night_audit::close(pool, n).await.unwrap(), closed);

    // A charge is corrected by a new line with its reason, never below nothing.
    let reason = fields(
        folio::correct(
            pool,
            &desk(),
            bruno.id,
            &CorrectionInput {
                line_id: line,
                amount_cents: -1000,
                reason: " ".into(),
                key: None,
            },
        )
        .await,
    );
    assert_eq!(reason, vec![("reason", "error-hostel-correction-reason")]);
    let fix = |cents: i64| CorrectionInput {
        line_id: line,
        amount_cents: cents,
        reason: "Geste commercial (bruit)".into(),
        key: None,
    };
    folio::correct(pool, &desk(), bruno.id, &fix(-1000))
        .await
        .unwrap();
    assert_eq!(
        conflict(folio::correct(pool, &desk(), bruno.id, &fix(-2500)).await),
        ("error-hostel-correction-too-much", "20,00 €".into())
    );
    let f = folio_of(pool, bruno.id).await;
    assert_eq!(f.charges_cents, 5330);
    assert_eq!(f.lines.last().unwrap().corrects_id, Some(line));

    // When no-shows pay nothing, the next absent has an empty folio.
    folio::set_settings(
        pool,
        &desk(),
        &folio::SettingsInput {
            audit_hour: 3,
            no_show_pays_first_night: false,
            sel_cents_per_hour: 0,
            sel_max_percent: 50,
        },
    )
    .await
    .unwrap();
    let later = book(pool, "Absent bis", r1, n + Duration::days(2), 1, None).await;
    night_audit::close(pool, n + Duration::days(2))
        .await
        .unwrap();
    assert_eq!(stays::stay(pool, later.id).await.unwrap().status, "no_show");
    assert!(folio_of(pool, later.id).await.lines.is_empty());

    // The job closes a night at the audit's hour the morning after — but not while the desk is
    // still in that night (its day starts at 06:00): a late arrival at 04:00 is still expected.
    let morning = n + Duration::days(4);
    for (h, m) in [(2, 59), (3, 0), (5, 59)] {
        let early = night_audit::catch_up(pool, Paris, local(morning, h, m))
            .await
            .unwrap();
        assert!(
            early.is_empty(),
            "at {h:02}:{m:02} the desk is still in the night of the 3rd: {early:?}"
        );
    }
    let at_six = night_audit::catch_up(pool, Paris, local(morning, 6, 0))
        .await
        .unwrap();
    assert_eq!(
        at_six.iter().map(|c| c.night.clone()).collect::<Vec<_>>(),
        vec![(n + Duration::days(3)).to_string()]
    );
    // Bruno leaves on his morning: his last night is posted at check-out, then paid.
    let leaving = local(n + Duration::days(2), 10, 0);
    let (key, due) = conflict(stays::check_out(pool, Paris, &desk(), bruno.id, leaving).await);
    assert_eq!(
        (key, due.as_str()),
        ("error-hostel-folio-unpaid", "84,95 €")
    );
    stays::check_out_paying(
        pool,
        Paris,
        &desk(),
        bruno.id,
        leaving,
        Some(&pay("card", 8495)),
        &[],
    )
    .await
    .unwrap();
    let f = folio_of(pool, bruno.id).await;
    assert_eq!((f.balance_cents, f.due_cents), (0, 0));
    // The check: the guards in place, and a guest gone with something still due is reported
    // until the folio is settled again.
    let finding = |name: &'static str| async move {
        citeosquare_server::check::run(pool)
            .await
            .unwrap()
            .into_iter()
            .find(|f| f.name == name)
            .unwrap()
    };
    assert!(finding("hostel_folio_triggers_present").await.ok);
    assert!(finding("hostel_departed_folios_settled").await.ok);
    folio::correct(
        pool,
        &desk(),
        bruno.id,
        &CorrectionInput {
            line_id: line,
            amount_cents: 250,
            reason: "Minibar oublié".into(),
            key: None,
        },
    )
    .await
    .unwrap();
    assert!(!finding("hostel_departed_folios_settled").await.ok);
    folio::pay(pool, &desk(), bruno.id, &pay("cash", 250))
        .await
        .unwrap();
    assert!(finding("hostel_departed_folios_settled").await.ok);
}

#[tokio::test]
async fn payments_refunds_extras_and_sel_minutes_exactly_once() {
    let app = TestApp::new().await;
    let pool = &app.pool;
    let n = night(50);
    let r = room(pool, "Chambre Folio").await;
    let stay = book(pool, "Émile", r, n, 2, None).await;
    // Nothing is due beyond the stay: 2 × (30,00 € + 1,65 €).
    assert_eq!(folio_of(pool, stay.id).await.due_cents, 6330);
    assert_eq!(
        conflict(folio::pay(pool, &desk(), stay.id, &pay("card", 10_000)).await),
        ("error-hostel-pay-too-much", "63,30 €".into())
    );
    assert_eq!(
        fields(folio::pay(pool, &desk(), stay.id, &pay("invoice", 1000)).await),
        vec![("reference", "error-hostel-invoice-payer")]
    );
    assert_eq!(
        fields(folio::pay(pool, &desk(), stay.id, &pay("bitcoin", 0)).await),
        vec![
            ("method", "error-hostel-method"),
            ("amount", "error-hostel-amount")
        ]
    );
    // A prepayment sent twice (a double click) is written once.
    let once = PaymentInput {
        key: Some("acompte-emile".into()),
        ..pay("card", 3000)
    };
    let first = folio::pay(pool, &desk(), stay.id, &once).await.unwrap();
    let second = folio::pay(pool, &desk(), stay.id, &once).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(folio_of(pool, stay.id).await.due_cents, 3330);
    // Extras from the catalogue, at their price; nothing else.
    let breakfast: i64 =
        sqlx::query_scalar("SELECT id FROM hostel_extras WHERE name = 'Petit-déjeuner'")
            .fetch_one(pool)
            .await
            .unwrap();
    let sale = |extra_id: i64, quantity: i64| ExtraSale {
        extra_id,
        quantity,
        key: None,
    };
    let line = folio::sell_extra(pool, &desk(), stay.id, &sale(breakfast, 2))
        .await
        .unwrap();
    assert_eq!(
        (line.label.as_str(), line.amount_cents),
        ("Petit-déjeuner", 1300)
    );
    assert_eq!(
        fields(folio::sell_extra(pool, &desk(), stay.id, &sale(breakfast, 0)).await),
        vec![("quantity", "error-hostel-quantity")]
    );
    let towel: i64 = sqlx::query_scalar("SELECT id FROM hostel_extras WHERE name = 'Serviette'")
        .fetch_one(pool)
        .await
        .unwrap();
    folio::withdraw_extra(pool, &desk(), towel).await.unwrap();
    assert_eq!(
        fields(folio::sell_extra(pool, &desk(), stay.id, &sale(towel, 1)).await),
        vec![("extra_id", "error-hostel-extra-unknown")]
    );
    assert_eq!(folio_of(pool, stay.id).await.due_cents, 4630);
    // Nothing to give back while the guest owes.
    let refund = |cents| PaymentInput {
        refund: true,
        ..pay("cash", cents)
    };
    assert_eq!(
        conflict(folio::pay(pool, &desk(), stay.id, &refund(100)).await),
        ("error-hostel-refund-too-much", "0,00 €".into())
    );
    // A cancelled stay with a prepayment: the credit is refunded, not more.
    let gone = book(pool, "Fanny", r, n + Duration::days(5), 1, None).await;
    folio::pay(pool, &desk(), gone.id, &pay("transfer", 2000))
        .await
        .unwrap();
    stays::cancel(
        pool,
        &desk(),
        gone.id,
        "Changement de programme",
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(folio_of(pool, gone.id).await.due_cents, -2000);
    assert_eq!(
        conflict(folio::pay(pool, &desk(), gone.id, &refund(2500)).await),
        ("error-hostel-refund-too-much", "20,00 €".into())
    );
    folio::pay(pool, &desk(), gone.id, &refund(2000))
        .await
        .unwrap();
    let f = folio_of(pool, gone.id).await;
    assert_eq!((f.paid_cents, f.balance_cents), (0, 0));

    // SEL minutes: only when the hostel takes them, from a member's own account, up to the share.
    let no_sel = folio::SettingsInput {
        audit_hour: 3,
        no_show_pays_first_night: true,
        sel_cents_per_hour: 0,
        sel_max_percent: 50,
    };
    folio::set_settings(pool, &desk(), &no_sel).await.unwrap();
    assert_eq!(
        fields(folio::pay(pool, &desk(), stay.id, &pay("sel", 500)).await),
        vec![("method", "error-hostel-sel-not-taken")]
    );
    folio::set_settings(
        pool,
        &desk(),
        &folio::SettingsInput {
            sel_cents_per_hour: 1500,
            ..no_sel
        },
    )
    .await
    .unwrap();
    assert_eq!(
        fields(folio::pay(pool, &desk(), stay.id, &pay("sel", 500)).await),
        vec![("method", "error-hostel-sel-no-person")]
    );
    let (person, account, before): (i64, i64, i64) = sqlx::query_as(
        "SELECT person_id, id, posted FROM sel_accounts WHERE kind = 'member' AND posted >= 120
         ORDER BY id LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let member = book(pool, "Membre", r, n + Duration::days(7), 2, Some(person)).await;
    assert_eq!(
        conflict(folio::pay(pool, &desk(), member.id, &pay("sel", 4000)).await),
        ("error-hostel-sel-share", "31,65 €".into())
    );
    let by_sel = PaymentInput {
        key: Some("sel-membre".into()),
        ..pay("sel", 1500)
    };
    let paid = folio::pay(pool, &desk(), member.id, &by_sel).await.unwrap();
    assert_eq!(paid.sel_minutes, Some(60), "15 € at 15 € an hour");
    folio::pay(pool, &desk(), member.id, &by_sel).await.unwrap();
    let after: i64 = sqlx::query_scalar("SELECT posted FROM sel_accounts WHERE id = ?")
        .bind(account)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(before - after, 60, "the minutes leave the account once");
    let transfers: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sel_transfers WHERE debit_account = ? AND memo LIKE 'Auberge%'",
    )
    .bind(account)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(transfers, 1);
    assert_eq!(
        conflict(folio::pay(pool, &desk(), member.id, &pay("sel", 1700)).await),
        ("error-hostel-sel-share", "16,65 €".into())
    );
    // The GDPR erasure may blank a payment's reference, and nothing else of a line.
    let with_ref = folio::pay(
        pool,
        &desk(),
        member.id,
        &PaymentInput {
            reference: "Chèque n° 1234567".into(),
            ..pay("voucher", 1000)
        },
    )
    .await
    .unwrap();
    raw(
        pool,
        &format!(
            "UPDATE hostel_folio_lines SET label = '' WHERE id = {}",
            with_ref.id
        ),
    )
    .await
    .unwrap();

    // Through the API: the folio with the stay, precise refusals, no departure unpaid.
    let token = app.token("accueil").await;
    let got = app
        .call(
            Method::GET,
            &format!("/api/v1/hostel/stays/{}", member.id),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.json()["folio"]["paid_sel_cents"], 1500);
    let bad = app
        .call(
            Method::POST,
            &format!("/api/v1/hostel/stays/{}/folio/payments", stay.id),
            Some(&token),
            Some(json!({"method": "chèque en bois", "amount_cents": 100})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Choisissez un moyen de paiement."),
        "{}",
        bad.body
    );
    let made = app
        .call(
            Method::POST,
            &format!("/api/v1/hostel/stays/{}/folio/extras", stay.id),
            Some(&token),
            Some(json!({"extra_id": breakfast, "quantity": 1})),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let settings = app
        .call(
            Method::PUT,
            "/api/v1/hostel/settings",
            Some(&token),
            Some(json!({"audit_hour": 3, "no_show_pays_first_night": true,
                        "sel_cents_per_hour": 0, "sel_max_percent": 50})),
        )
        .await;
    assert_eq!(
        settings.status,
        StatusCode::FORBIDDEN,
        "the settings are the admin's"
    );
    let admin = app.token("admin").await;
    let wrong = app
        .call(
            Method::PUT,
            "/api/v1/hostel/settings",
            Some(&admin),
            Some(json!({"audit_hour": 13, "no_show_pays_first_night": true,
                        "sel_cents_per_hour": 0, "sel_max_percent": 150})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("audit_hour") && wrong.body.contains("sel_max_percent"));
    // In house now (the test's clock: its first evening), Émile cannot leave before paying.
    stays::check_in(pool, Paris, &desk(), stay.id, local(n, 20, 0))
        .await
        .unwrap();
    let (key, _) = conflict(
        stays::check_out(
            pool,
            Paris,
            &desk(),
            stay.id,
            local(n + Duration::days(2), 9, 0),
        )
        .await,
    );
    assert_eq!(key, "error-hostel-folio-unpaid");
}
