//! The SEL's JSON API (continued from `sel_api.rs`), on the demo site: accounts opened once,
//! shifts planned and signed up for, reviews, reports and the catalogue by role, erasure, the
//! floor an admin alone may pass, and the side doors found in review (replayed corrections, the
//! server's own operation ids, person numbers, absurd numbers, a bare connection).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use support::sel_api::*;

// Accounts, shifts, reports

#[tokio::test]
async fn accounts_open_once_and_unknown_ids_are_404() {
    let app = app().await;
    let desk = app.token("accueil").await;
    let admin = app.token("admin").await;
    let list = app.get("/api/v1/sel/accounts", &desk).await.json();
    let list = list.as_array().unwrap();
    assert_eq!(
        list.len(),
        13,
        "ten members, the hostel's guest with her badge, the pool and the cooperative"
    );
    assert!(
        list.iter()
            .any(|a| a["label"] == "Ingrid Larsen" && a["posted"] == 0),
        "a guest's account has no welcome credit"
    );
    assert!(
        list.iter()
            .any(|a| a["kind"] == "pool" && a["spendable"].is_null())
    );
    let reply = app.post("/api/v1/sel/accounts/6", &desk, json!({})).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.detail().contains("déjà un compte"));
    // A new person: no account (404) until the desk opens it, with the welcome credit.
    let reply = app
        .post(
            "/api/v1/persons",
            &desk,
            json!({"first_name": "Nadia", "last_name": "Roux"}),
        )
        .await;
    let nadia = reply.json()["id"].as_i64().unwrap();
    let path = format!("/api/v1/sel/accounts/{nadia}");
    assert_eq!(app.get(&path, &desk).await.status, StatusCode::NOT_FOUND);
    let opened = app.post(&path, &desk, json!({})).await;
    assert_eq!(opened.status, StatusCode::CREATED, "{opened:?}");
    assert_eq!(opened.json()["posted"], 60);
    assert_eq!(opened.json()["spendable"], 2060);
    for path in [
        "/api/v1/sel/accounts/9999",
        "/api/v1/sel/accounts/9999/statement",
        "/api/v1/sel/accounts/abc",
        "/api/v1/sel/shifts/9999",
        "/api/v1/sel/transfers/0",
    ] {
        let reply = app.get(path, &desk).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.content_type(), "application/problem+json");
    }
    assert_eq!(
        app.post("/api/v1/sel/accounts/9999", &desk, json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let reply = app
        .put(
            "/api/v1/sel/accounts/9999/limits",
            &admin,
            json!({"floor": -10, "reason": "x"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = app
        .put(
            "/api/v1/sel/accounts/2/limits",
            &admin,
            json!({"floor": 5, "ceiling": -1}),
        )
        .await;
    assert_eq!(reply.fields(), ["floor", "ceiling", "reason"]);
    // Memberships.
    let reply = app
        .put(
            "/api/v1/sel/memberships/2/2026",
            &desk,
            json!({"paid": true}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.json()["paid"], true);
    let reply = app
        .put(
            "/api/v1/sel/memberships/2/1800",
            &desk,
            json!({"paid": true}),
        )
        .await;
    assert_eq!(reply.fields(), ["year"]);
    let reply = app
        .put(
            "/api/v1/sel/memberships/9999/2026",
            &desk,
            json!({"paid": true}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    app.assert_reconciled().await;
}

#[tokio::test]
async fn shifts_are_planned_listed_and_signed_up_for_through_the_api() {
    let app = app().await;
    let desk = app.token("accueil").await;
    let odette = app.token("resident").await;
    let reply = app
        .post(
            "/api/v1/sel/activities",
            &desk,
            json!({"name": "Jardin partagé"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let garden = reply.json()["id"].as_i64().unwrap();
    let reply = app
        .post(
            "/api/v1/sel/activities",
            &desk,
            json!({"name": "Jardin partagé"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let reply = app
        .put(
            &format!("/api/v1/sel/activities/{garden}"),
            &desk,
            json!({"name": "", "kiosk_id": "demo-salle"}),
        )
        .await;
    assert_eq!(reply.fields(), ["name", "kiosk_id"]);

    // Four Saturdays from next week, 10:00–12:00 local, two places.
    let first = (chrono::Utc::now() + chrono::Duration::days(7))
        .date_naive()
        .to_string();
    let reply = app
        .post(
            "/api/v1/sel/series",
            &desk,
            json!({"activity_id": garden, "first_date": first, "start": "10:00", "end": "12:00",
                   "weeks": 4, "places": 2}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let made = reply.json();
    assert_eq!(made.as_array().unwrap().len(), 4);
    let shift = made[0]["id"].as_i64().unwrap();
    let reply = app
        .post(
            "/api/v1/sel/series",
            &desk,
            json!({"activity_id": garden, "first_date": "demain", "start": "25:00",
                   "end": "12:00", "weeks": 0, "places": 0}),
        )
        .await;
    assert_eq!(reply.fields(), ["first_date", "start", "weeks", "places"]);

    // Listed in the period, with local days or instants.
    let to = (chrono::Utc::now() + chrono::Duration::days(60))
        .date_naive()
        .to_string();
    let list = app
        .get(&format!("/api/v1/sel/shifts?from={first}&to={to}"), &desk)
        .await;
    assert_eq!(list.status, StatusCode::OK, "{list:?}");
    let ours = list
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["activity_id"] == garden)
        .count();
    assert_eq!(ours, 4);
    for bad in [
        "from=hier",
        "to=2020-13-01",
        "from=2026-01-01&to=2025-12-01",
        "from=2026-01-01&to=2027-01-03",
    ] {
        let reply = app.get(&format!("/api/v1/sel/shifts?{bad}"), &desk).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    assert_eq!(
        app.get("/api/v1/sel/shifts?from=2026-01-01&to=2026-12-31", &desk)
            .await
            .status,
        StatusCode::OK
    );

    // The desk signs Jean up (twice: the same answer); Odette signs herself up; full after that.
    let path = format!("/api/v1/sel/shifts/{shift}/signups/2");
    for _ in 0..2 {
        let reply = app.put(&path, &desk, json!({})).await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        assert_eq!(reply.json()["signed_up"], 1);
    }
    let mine = format!("/api/v1/me/sel/shifts/{shift}/signup");
    let reply = app.put(&mine, &odette, json!({})).await;
    assert_eq!(reply.json()["signed_up"], 2);
    let reply = app
        .put(
            &format!("/api/v1/sel/shifts/{shift}/signups/3"),
            &desk,
            json!({}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.detail().contains("complète"));
    let detail = app
        .get(&format!("/api/v1/sel/shifts/{shift}"), &desk)
        .await
        .json();
    let names: Vec<&str> = detail["signups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Jean Dupuis", "Odette Perrin"]);
    let me = app.get("/api/v1/me/sel", &odette).await.json();
    assert!(
        me["shifts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == shift && s["signed"] == true)
    );
    // Withdrawals.
    let reply = app.api(Method::DELETE, &mine, &odette, None).await;
    assert_eq!(reply.json()["signed_up"], 1);
    let reply = app.api(Method::DELETE, &mine, &odette, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let reply = app.api(Method::DELETE, &path, &desk, None).await;
    assert_eq!(reply.json()["signed_up"], 0);
    // Cancelled: no more sign-ups.
    let reply = app
        .post(
            &format!("/api/v1/sel/shifts/{shift}/cancel"),
            &desk,
            json!({}),
        )
        .await;
    assert!(reply.json()["cancelled_at"].is_string());
    assert_eq!(
        app.put(&mine, &odette, json!({})).await.status,
        StatusCode::CONFLICT
    );
    app.assert_reconciled().await;
}

#[tokio::test]
async fn review_reports_reconciliation_and_catalogue_answer_their_roles() {
    let app = app().await;
    let desk = app.token("accueil").await;
    let admin = app.token("admin").await;
    // The demo's unplanned shift waits in the review queue.
    let queue = app.get("/api/v1/sel/review", &desk).await.json();
    let session = queue[0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/sel/sessions/{session}/review");
    let reply = app
        .post(&path, &desk, json!({"note": "Vu avec la personne"}))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.json()["review_note"], "Vu avec la personne");
    assert_eq!(
        app.post(&path, &desk, json!({})).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.post("/api/v1/sel/sessions/9999/review", &desk, json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let reply = app
        .post(
            "/api/v1/sel/sessions/9999/close",
            &desk,
            json!({"ended_at": "tout à l'heure"}),
        )
        .await;
    assert_eq!(reply.fields(), ["ended_at"]);
    assert_eq!(
        app.post(
            "/api/v1/sel/sessions/9999/close",
            &desk,
            json!({"ended_at": "2026-01-01T10:00:00Z"})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let open = app.get("/api/v1/sel/sessions?open=true", &desk).await;
    assert_eq!(open.status, StatusCode::OK);
    assert_eq!(
        app.get("/api/v1/sel/sessions?open=peut-etre", &desk)
            .await
            .fields(),
        ["open"]
    );
    let person = queue[0]["person_id"].as_i64().unwrap();
    let theirs = app
        .get(&format!("/api/v1/sel/sessions?person_id={person}"), &desk)
        .await
        .json();
    assert!(!theirs.as_array().unwrap().is_empty());

    // Summary of this year; a year out of range is refused.
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let reply = app.get(&format!("/api/v1/sel/summary/{year}"), &desk).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.json()["year"], year);
    assert_eq!(
        app.get("/api/v1/sel/summary/1999", &desk).await.fields(),
        ["year"]
    );

    // Reconciliation: admins only; none kept yet, then one run now.
    assert_eq!(
        app.get("/api/v1/sel/reconciliation", &desk).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/api/v1/sel/reconciliation", &admin).await.status,
        StatusCode::NOT_FOUND
    );
    let run = app
        .api(Method::POST, "/api/v1/sel/reconciliation", &admin, None)
        .await;
    assert_eq!(run.status, StatusCode::OK, "{run:?}");
    assert_eq!(run.json()["ok"], true);
    assert_eq!(run.json()["posted_sum"], 0);
    let kept = app.get("/api/v1/sel/reconciliation", &admin).await.json();
    assert_eq!(kept["ok"], true);

    // The catalogue: admins change it, the desk sees withdrawn items on request.
    let reply = app
        .post(
            "/api/v1/sel/catalogue",
            &desk,
            json!({"name": "Confiture", "price_minutes": 20}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = app
        .post(
            "/api/v1/sel/catalogue",
            &admin,
            json!({"name": "Confiture", "price_minutes": 20, "active": false}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let jam = reply.json()["id"].as_i64().unwrap();
    let reply = app
        .post(
            "/api/v1/sel/catalogue",
            &admin,
            json!({"name": "Tarte", "price_minutes": 0}),
        )
        .await;
    assert_eq!(reply.fields(), ["price_minutes"]);
    let visible = |list: Value| list.as_array().unwrap().iter().any(|i| i["id"] == jam);
    assert!(!visible(
        app.get("/api/v1/sel/catalogue", &desk).await.json()
    ));
    assert!(visible(
        app.get("/api/v1/sel/catalogue?all=true", &desk)
            .await
            .json()
    ));
    let reply = app
        .put(
            &format!("/api/v1/sel/catalogue/{jam}"),
            &admin,
            json!({"name": "Confiture", "price_minutes": 25}),
        )
        .await;
    assert_eq!(reply.json()["active"], true);
    assert_eq!(reply.json()["price_minutes"], 25);
    assert_eq!(
        app.put(
            "/api/v1/sel/catalogue/9999",
            &admin,
            json!({"name": "X", "price_minutes": 5})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    app.assert_reconciled().await;
}

/// A retry must get the first answer whatever happened since (DESIGN §4 rules 1 and 3): the retry
/// of a give-back is a replay even once later corrections used up the net.
#[tokio::test]
async fn a_correction_retried_after_the_net_changed_is_still_a_replay() {
    let app = app().await;
    let desk = app.token("accueil").await;
    let original = app
        .post(
            "/api/v1/sel/purchases",
            &desk,
            purchase("panier-8", 8, 1, 1),
        )
        .await
        .transfer_nos()[0];
    let give_back = |id: &str, minutes: i64| json!({"id": id, "transfer_no": original, "minutes": minutes, "reason": "Erreur"});
    let first = app
        .post("/api/v1/sel/corrections", &desk, give_back("g-1", -30))
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let rest = app
        .post("/api/v1/sel/corrections", &desk, give_back("g-2", -60))
        .await;
    assert_eq!(rest.status, StatusCode::CREATED);
    let retry = app
        .post("/api/v1/sel/corrections", &desk, give_back("g-1", -30))
        .await;
    assert_eq!(retry.status, StatusCode::OK, "{retry:?}");
    assert_eq!(retry.transfer_nos(), first.transfer_nos());
    app.assert_reconciled().await;
}

/// Operation ids the server makes itself (a shift's close, a welcome credit, an exchange's answer)
/// start with `sys:`; a caller cannot claim one in advance to block them.
#[tokio::test]
async fn callers_cannot_claim_the_server_s_own_operation_ids() {
    let app = app().await;
    let odette = app.token("resident").await;
    let desk = app.token("accueil").await;
    for id in [
        "sys:session-1-close",
        "sys:welcome-11",
        "sys:exchange-3-answer",
    ] {
        let reply = app
            .post(
                "/api/v1/me/sel/exchanges",
                &odette,
                json!({"id": id, "receiver_id": 1, "minutes": 1, "memo": "x"}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{reply:?}");
        assert_eq!(reply.fields(), ["id"]);
        let reply = app
            .post("/api/v1/sel/purchases", &desk, purchase(id, 6, 1, 1))
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{reply:?}");
    }
    // The same words without the prefix are an ordinary id, and block nothing of the server's.
    let reply = app
        .post(
            "/api/v1/me/sel/exchanges",
            &odette,
            json!({"id": "welcome-11", "receiver_id": 1, "minutes": 1, "memo": "Merci"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let guest = app
        .post(
            "/api/v1/persons",
            &desk,
            json!({"first_name": "Ana", "last_name": "Invitée", "kind": "guest"}),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let reply = app
        .post(&format!("/api/v1/sel/accounts/{guest}"), &desk, json!({}))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    assert_eq!(app.posted(&desk, guest).await, 60, "the welcome credit");
    app.assert_reconciled().await;
}

/// A member giving minutes learns nothing about people who are not members: the refusal is the
/// same for a guest without an account and for a number nobody holds, and names nobody.
#[tokio::test]
async fn a_member_cannot_learn_who_a_person_number_is() {
    let app = app().await;
    let odette = app.token("resident").await;
    let desk = app.token("accueil").await;
    let guest = app
        .post(
            "/api/v1/persons",
            &desk,
            json!({"first_name": "Ana", "last_name": "Secrète", "kind": "guest"}),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let mut details = vec![];
    for receiver in [guest, 4242] {
        let reply = app
            .post(
                "/api/v1/me/sel/exchanges",
                &odette,
                json!({"id": format!("don-{receiver}"), "receiver_id": receiver, "minutes": 5,
                       "memo": "Merci"}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{reply:?}");
        assert_eq!(reply.fields(), ["receiver_id"]);
        assert!(!reply.json().to_string().contains("Secrète"), "{reply:?}");
        details.push(reply.json()["errors"].clone());
    }
    assert_eq!(details[0], details[1]);
    assert_eq!(app.posted(&desk, 6).await, 60);
}

#[tokio::test]
async fn absurd_numbers_are_refused_not_crashed_on() {
    let app = app().await;
    let admin = app.token("admin").await;
    let reply = app
        .post(
            "/api/v1/sel/corrections",
            &admin,
            json!({"id": "grand", "transfer_no": 1, "minutes": i64::MIN, "reason": "test"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{reply:?}");
    assert_eq!(reply.fields(), ["minutes"]);
    let reply = app
        .post(
            "/api/v1/sel/purchases",
            &admin,
            json!({"id": "grand-achat", "person_id": 6,
                   "lines": [{"item_id": 1, "quantity": i64::MAX}]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{reply:?}");
    app.assert_reconciled().await;
}

/// INSERT OR REPLACE deletes the row it replaces without a DELETE trigger unless
/// `recursive_triggers` is on; the SEL's tables refuse it anyway, on any connection.
#[tokio::test]
async fn insert_or_replace_cannot_rewrite_the_sel_even_from_a_bare_connection() {
    use sqlx::ConnectOptions;
    let app = app().await;
    let desk = app.token("accueil").await;
    let reply = app
        .post("/api/v1/sel/purchases", &desk, purchase("panier", 7, 1, 1))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let path = app.dir.path().join("t.db");
    // A plain sqlite connection, as a maintenance script would open it: no pragmas of ours.
    let mut bare = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .connect()
        .await
        .unwrap();
    for (sql, refusal) in [
        (
            "INSERT OR REPLACE INTO sel_accounts (id, kind, person_id, label, opened_at)
             SELECT id, kind, person_id, label, opened_at FROM sel_accounts WHERE person_id = 7",
            "sel accounts open empty, once",
        ),
        (
            "INSERT INTO sel_accounts (kind, label, posted, opened_at)
             VALUES ('pool', 'Caisse noire', 5000, '2026-11-26T00:00:00.000Z')",
            "sel accounts open empty, once",
        ),
        (
            "UPDATE sel_accounts SET kind = 'cooperative', person_id = NULL WHERE person_id = 7",
            "an SEL account keeps its owner",
        ),
        (
            "INSERT OR REPLACE INTO sel_sale_lines (id, operation_id, item_id, label, quantity,
                 unit_minutes)
             SELECT id, operation_id, item_id, 'Rien', quantity, unit_minutes FROM sel_sale_lines",
            "append-only",
        ),
        (
            "INSERT OR REPLACE INTO sel_transfers (operation_id, debit_account, credit_account,
                 amount, kind, phase, pending_no, created_at)
             SELECT operation_id, debit_account, credit_account,
                    (SELECT amount FROM sel_transfers p WHERE p.no = t.pending_no), kind, 'void',
                    pending_no, created_at
             FROM sel_transfers t WHERE pending_no IS NOT NULL LIMIT 1",
            "sel_not_pending",
        ),
        (
            "INSERT OR REPLACE INTO sel_sessions (id, person_id, activity_id, started_at, close_by,
                 cap_minutes, pending_no)
             SELECT id, person_id, activity_id, started_at, close_by, 1, pending_no
             FROM sel_sessions LIMIT 1",
            "never replaced",
        ),
        (
            "UPDATE sel_operations SET author = 'quelqu''un' WHERE id = 'panier'",
            "append-only",
        ),
    ] {
        let r = sqlx::query(sql).execute(&mut bare).await;
        let message = r
            .as_ref()
            .err()
            .and_then(|e| e.as_database_error())
            .map(|d| d.message().to_owned())
            .unwrap_or_default();
        assert!(message.contains(refusal), "{sql}\n→ {r:?}");
    }
    drop(bare);
    assert_eq!(app.posted(&desk, 7).await, -30);
    app.assert_reconciled().await;
}

/// Erasure: the person's pending exchanges are cancelled (the reserve goes back), their name
/// leaves the ledger's authors, and `check` stays green.
#[tokio::test]
async fn erasing_a_member_cancels_their_pending_exchanges_and_their_name_leaves_the_ledger() {
    let app = app().await;
    let admin = app.token("admin").await;
    let desk = app.token("accueil").await;
    let odette = app.token("resident").await;
    let mut settings = app.get("/api/v1/sel/settings", &desk).await.json();
    settings["exchange_confirmation"] = json!(true);
    assert_eq!(
        app.put("/api/v1/sel/settings", &admin, settings)
            .await
            .status,
        StatusCode::OK
    );
    let reply = app
        .post(
            "/api/v1/me/sel/exchanges",
            &odette,
            json!({"id": "don-marie", "receiver_id": 1, "minutes": 20, "memo": "Courses"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    assert_eq!(app.account(&desk, 6).await["debits_pending"], 20);
    let reply = app.post("/api/v1/persons/6/erase", &admin, json!({})).await;
    assert!(reply.status.is_success(), "{reply:?}");
    let account = app.account(&desk, 6).await;
    assert_eq!(account["debits_pending"], 0);
    assert_eq!(account["posted"], 60);
    assert_eq!(app.account(&desk, 1).await["credits_pending"], 0);
    let author: String =
        sqlx::query_scalar("SELECT author FROM sel_operations WHERE id = 'don-marie'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(author.starts_with("efface-"), "{author}");
    // Nobody can give minutes to the erased account any more.
    let reply = app
        .post(
            "/api/v1/sel/exchanges",
            &desk,
            json!({"id": "vers-efface", "payer_id": 1, "receiver_id": 6, "minutes": 5,
                   "memo": "Erreur"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{reply:?}");
    let findings = citeosquare_server::check::run(&app.pool).await.unwrap();
    assert!(findings.iter().all(|f| f.ok), "{findings:?}");
    app.assert_reconciled().await;
}

/// An admin may let a purchase go below the floor, with a reason kept on the transfer; reception
/// may not.
#[tokio::test]
async fn only_an_admin_passes_the_floor_and_says_why() {
    let app = app().await;
    let admin = app.token("admin").await;
    let desk = app.token("accueil").await;
    let floor = json!({"floor": 0, "ceiling": null, "reason": "Pas de découvert"});
    assert_eq!(
        app.put("/api/v1/sel/accounts/6/limits", &admin, floor)
            .await
            .status,
        StatusCode::OK
    );
    // 90 minutes with 60 on the account and a floor of 0.
    let reply = app
        .post("/api/v1/sel/purchases", &desk, purchase("p1", 6, 1, 1))
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{reply:?}");
    let mut with_reason = purchase("p2", 6, 1, 1);
    with_reason["override_reason"] = json!("Panier d'urgence, vu avec la directrice");
    let reply = app
        .post("/api/v1/sel/purchases", &desk, with_reason.clone())
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{reply:?}");
    assert_eq!(reply.fields(), ["override_reason"]);
    assert_eq!(app.posted(&desk, 6).await, 60);
    let reply = app.post("/api/v1/sel/purchases", &admin, with_reason).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    assert_eq!(app.posted(&desk, 6).await, -30);
    let kept: String =
        sqlx::query_scalar("SELECT override_reason FROM sel_transfers WHERE operation_id = 'p2'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(kept, "Panier d'urgence, vu avec la directrice");
    app.assert_reconciled().await;
}

/// « J'ai oublié mon badge » : the desk records the shift from its two times; it is credited once,
/// and it cannot overlap another shift of the same person.
#[tokio::test]
async fn the_desk_records_a_shift_served_without_a_badge() {
    let app = app().await;
    let desk = app.token("accueil").await;
    let odette = app.token("resident").await;
    let yesterday = chrono::Utc::now() - chrono::Duration::days(1);
    let start = yesterday.to_rfc3339();
    let end = (yesterday + chrono::Duration::minutes(182)).to_rfc3339();
    let body = json!({"id": "oubli-badge-1", "person_id": 6, "activity_id": 2,
                      "started_at": start, "ended_at": end});
    let reply = app.post("/api/v1/sel/sessions", &desk, body.clone()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    assert_eq!(reply.json()["minutes"], 180, "rounded to 5 minutes");
    assert_eq!(reply.json()["end_kind"], "desk");
    let again = app.post("/api/v1/sel/sessions", &desk, body).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["id"], reply.json()["id"]);
    assert_eq!(app.posted(&desk, 6).await, 60 + 180);
    // Another shift at the same time for the same person: refused, nothing written.
    let overlap = json!({"id": "oubli-badge-2", "person_id": 6, "activity_id": 1,
                         "started_at": (yesterday + chrono::Duration::minutes(60)).to_rfc3339(),
                         "ended_at": (yesterday + chrono::Duration::minutes(240)).to_rfc3339()});
    let reply = app.post("/api/v1/sel/sessions", &desk, overlap).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{reply:?}");
    // Backwards, or in the future: refused on the end.
    let backwards = json!({"id": "oubli-badge-3", "person_id": 6, "activity_id": 1,
                           "started_at": end, "ended_at": start});
    let reply = app.post("/api/v1/sel/sessions", &desk, backwards).await;
    assert_eq!(reply.fields(), ["ended_at"]);
    // A resident cannot credit themselves.
    let reply = app
        .post(
            "/api/v1/sel/sessions",
            &odette,
            json!({"id": "moi-meme", "person_id": 6, "activity_id": 2,
                   "started_at": start, "ended_at": end}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(app.posted(&desk, 6).await, 60 + 180);
    let findings = citeosquare_server::check::run(&app.pool).await.unwrap();
    assert!(findings.iter().all(|f| f.ok), "{findings:?}");
    app.assert_reconciled().await;
}
