//! The SEL's JSON API through the real router (no network), on the demo site: every demo person
//! has an account with 60 minutes; Odette Perrin (person 6) logs in as `resident`, Marie Lefèvre
//! (person 1) as `asso`. Every test ends by reconciling the ledger: zero sum, and every stored
//! balance equal to the one recomputed from the transfers. Accounts, shifts, reports, erasure and
//! the side doors found in review are in `sel_api_accounts.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use serde_json::json;
use std::collections::BTreeSet;
use support::sel_api::*;
use support::{api_request, send};

// Limits under concurrency

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_purchases_stop_exactly_at_the_floor() {
    let app = app().await;
    let admin = app.token("admin").await;
    let desk = app.token("accueil").await;
    // Odette has 60 minutes; with a floor of −240 she can spend 300: ten washes of 30.
    let reply = app
        .put(
            &format!("/api/v1/sel/accounts/{ODETTE}/limits"),
            &admin,
            json!({"floor": -240, "reason": "Accord du bureau"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.json()["spendable"], 300);
    let (wash, price) = app.item(&desk, "Lessive (une machine)").await;
    assert_eq!(price, 30);
    let expected_ok = 10;
    let transfers_before = app.count("SELECT count(*) FROM sel_transfers").await;

    let mut tasks = vec![];
    for i in 0..64 {
        let router = app.router.clone();
        let body = purchase(&format!("lessive-{i}"), ODETTE, wash, 1);
        let req = api_request(
            Method::POST,
            "/api/v1/sel/purchases",
            Some(&desk),
            Some(&body),
        );
        tasks.push(tokio::spawn(send(router, req)));
    }
    let mut created = 0;
    let mut refused = 0;
    for t in tasks {
        let reply = t.await.unwrap();
        match reply.status {
            StatusCode::CREATED => {
                assert_eq!(reply.json()["replayed"], false);
                created += 1;
            }
            StatusCode::CONFLICT => {
                assert!(reply.detail().starts_with("Solde insuffisant"), "{reply:?}");
                refused += 1;
            }
            other => panic!("unexpected {other}: {}", reply.body),
        }
    }
    assert_eq!((created, refused), (expected_ok, 64 - expected_ok));
    assert_eq!(
        app.count("SELECT count(*) FROM sel_transfers").await,
        transfers_before + expected_ok
    );
    let account = app.account(&desk, ODETTE).await;
    assert_eq!(account["posted"], 60 - 30 * expected_ok);
    assert_eq!(account["posted"], account["applied_floor"]);
    assert_eq!(account["spendable"], 0);
    // The running balance never went below the floor.
    let statement = app
        .get(&format!("/api/v1/sel/accounts/{ODETTE}/statement"), &desk)
        .await
        .json();
    let lines = statement["lines"].as_array().unwrap();
    assert_eq!(lines.len() as i64, 1 + expected_ok);
    assert!(lines.iter().all(|l| l["balance"].as_i64().unwrap() >= -240));
    assert_eq!(lines.last().unwrap()["balance"], -240);
    // The refusal said how much was left: nothing.
    let reply = app
        .post(
            "/api/v1/sel/purchases",
            &desk,
            purchase("lessive-de-trop", ODETTE, wash, 1),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(
        reply.detail().contains("Odette Perrin · 0 min"),
        "{reply:?}"
    );
    app.assert_reconciled().await;
}

// ---------------------------------------------------------------------------------------------
// Idempotency

#[tokio::test]
async fn a_retried_purchase_is_replayed_and_a_reused_id_is_refused() {
    let app = app().await;
    let desk = app.token("accueil").await;
    let body = purchase("8b0e7c1e-achat", 4, 1, 1);
    let first = app.post("/api/v1/sel/purchases", &desk, body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{first:?}");
    let first_json = first.json();
    assert_eq!(first_json["replayed"], false);
    assert_eq!(first_json["transfers"][0]["amount"], 90);
    assert_eq!(first_json["transfers"][0]["memo"], "Panier de légumes");
    let transfers = app.count("SELECT count(*) FROM sel_transfers").await;

    let again = app.post("/api/v1/sel/purchases", &desk, body).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["replayed"], true);
    assert_eq!(again.transfer_nos(), first.transfer_nos());
    assert_eq!(again.json()["transfers"], first_json["transfers"]);

    let other = app
        .post(
            "/api/v1/sel/purchases",
            &desk,
            purchase("8b0e7c1e-achat", 4, 1, 2),
        )
        .await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert!(other.detail().contains("déjà servi"), "{other:?}");
    assert_eq!(
        app.count("SELECT count(*) FROM sel_transfers").await,
        transfers
    );
    assert_eq!(app.posted(&desk, 4).await, 60 - 90);

    // The same rules for an exchange entered at the desk (posted at once).
    let exchange = json!({"id": "echange-1", "payer_id": 4, "receiver_id": 5, "minutes": 25,
                          "memo": "Aide au déménagement"});
    let first = app
        .post("/api/v1/sel/exchanges", &desk, exchange.clone())
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{first:?}");
    assert_eq!(first.json()["transfers"][0]["phase"], "posted");
    let again = app.post("/api/v1/sel/exchanges", &desk, exchange).await;
    assert_eq!(
        (again.status, again.transfer_nos()),
        (StatusCode::OK, first.transfer_nos())
    );
    let mut changed = json!({"id": "echange-1", "payer_id": 4, "receiver_id": 5, "minutes": 26,
                             "memo": "Aide au déménagement"});
    let reply = app
        .post("/api/v1/sel/exchanges", &desk, changed.clone())
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    // A malformed body names the field and writes nothing.
    changed["minutes"] = json!("vingt");
    changed["id"] = json!("echange-2");
    assert_eq!(
        app.post("/api/v1/sel/exchanges", &desk, changed)
            .await
            .fields(),
        ["minutes"]
    );
    assert_eq!(app.posted(&desk, 4).await, 60 - 90 - 25);
    assert_eq!(app.posted(&desk, 5).await, 60 + 25);
    app.assert_reconciled().await;
}

// ---------------------------------------------------------------------------------------------
// Corrections

#[tokio::test]
async fn corrections_are_linked_transfers_that_never_give_back_more_than_the_net() {
    let app = app().await;
    let desk = app.token("accueil").await;
    let admin = app.token("admin").await;
    let bought = app
        .post(
            "/api/v1/sel/purchases",
            &desk,
            purchase("panier-3", 3, 1, 1),
        )
        .await;
    assert_eq!(bought.status, StatusCode::CREATED);
    let original = bought.transfer_nos()[0];
    assert_eq!(app.posted(&desk, 3).await, -30);

    let correction = |id: &str, no: i64, minutes: i64| json!({"id": id, "transfer_no": no, "minutes": minutes, "reason": "Erreur de caisse"});
    // Give back 30 of the 90.
    let partial = app
        .post(
            "/api/v1/sel/corrections",
            &desk,
            correction("corr-1", original, -30),
        )
        .await;
    assert_eq!(partial.status, StatusCode::CREATED, "{partial:?}");
    let c1 = &partial.json()["transfers"][0];
    assert_eq!(
        (&c1["kind"], &c1["corrects_no"], &c1["amount"]),
        (&json!("correction"), &json!(original), &json!(30))
    );
    assert_eq!(c1["reason"], "Erreur de caisse");
    assert_eq!(app.posted(&desk, 3).await, 0);
    // A replay of the accepted correction is harmless.
    let replay = app
        .post(
            "/api/v1/sel/corrections",
            &desk,
            correction("corr-1", original, -30),
        )
        .await;
    assert_eq!(
        (replay.status, replay.transfer_nos()),
        (StatusCode::OK, partial.transfer_nos())
    );
    // 70 more would give back more than the 60 left: refused, and the detail says 1 h.
    let too_much = app
        .post(
            "/api/v1/sel/corrections",
            &desk,
            correction("corr-2", original, -70),
        )
        .await;
    assert_eq!(too_much.status, StatusCode::CONFLICT);
    assert!(too_much.detail().contains("(1 h)"), "{too_much:?}");
    // Correcting the correction corrects the same original: the remaining 60 go back.
    let partial_no = partial.transfer_nos()[0];
    let rest = app
        .post(
            "/api/v1/sel/corrections",
            &desk,
            correction("corr-3", partial_no, -60),
        )
        .await;
    assert_eq!(rest.status, StatusCode::CREATED, "{rest:?}");
    assert_eq!(rest.json()["transfers"][0]["corrects_no"], original);
    assert_eq!(app.posted(&desk, 3).await, 60);
    let nothing_left = app
        .post(
            "/api/v1/sel/corrections",
            &desk,
            correction("corr-4", original, -1),
        )
        .await;
    assert_eq!(nothing_left.status, StatusCode::CONFLICT);

    // Without a reason, or an override from the desk: refused field by field.
    let reply = app
        .post(
            "/api/v1/sel/corrections",
            &desk,
            json!({"id": "corr-5", "transfer_no": original, "minutes": 10, "reason": " ",
                   "override_reason": "urgence"}),
        )
        .await;
    assert_eq!(reply.fields(), ["reason", "override_reason"]);
    // An admin may pass the floor, saying why.
    app.put(
        "/api/v1/sel/accounts/3/limits",
        &admin,
        json!({"floor": 0, "reason": "Test"}),
    )
    .await;
    let over = json!({"id": "corr-6", "transfer_no": original, "minutes": 100,
                      "reason": "Panier compté deux fois"});
    let reply = app.post("/api/v1/sel/corrections", &desk, over).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.detail().starts_with("Solde insuffisant"));
    let forced = json!({"id": "corr-6", "transfer_no": original, "minutes": 100,
                        "reason": "Panier compté deux fois", "override_reason": "Accord du bureau"});
    let reply = app.post("/api/v1/sel/corrections", &admin, forced).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    assert_eq!(app.posted(&desk, 3).await, -40);
    // Unknown transfers are 404, in the correction as in the lookup.
    let reply = app
        .post(
            "/api/v1/sel/corrections",
            &desk,
            correction("corr-7", 999_999, -1),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.content_type(), "application/problem+json");
    assert_eq!(
        app.get("/api/v1/sel/transfers/999999", &desk).await.status,
        StatusCode::NOT_FOUND
    );
    let detail = app
        .get(&format!("/api/v1/sel/transfers/{original}"), &desk)
        .await
        .json();
    assert_eq!(detail["sale_lines"][0]["label"], "Panier de légumes");
    assert_eq!(detail["sale_lines"][0]["unit_minutes"], 90);
    app.assert_reconciled().await;
}

// ---------------------------------------------------------------------------------------------
// The database's own guard

#[tokio::test]
async fn raw_sql_cannot_edit_or_delete_the_ledger_or_move_a_balance() {
    let app = app().await;
    let desk = app.token("accueil").await;
    let reply = app
        .post("/api/v1/sel/purchases", &desk, purchase("brut", 7, 1, 1))
        .await;
    let no = reply.transfer_nos()[0];
    // A later transfer between two others (the next test covers the accounts of the latest one).
    let reply = app
        .post(
            "/api/v1/sel/exchanges",
            &desk,
            json!({"id": "apres", "payer_id": 8, "receiver_id": 9, "minutes": 5, "memo": "Café"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    // Each statement binds the purchase's transfer number (unused ones ignore it).
    for sql in [
        "UPDATE sel_transfers SET amount = 1 WHERE no = ?1",
        "UPDATE sel_transfers SET memo = 'autre' WHERE no = ?1",
        "DELETE FROM sel_transfers WHERE no = ?1",
        "DELETE FROM sel_transfers WHERE no >= ?1 OR 1",
        "REPLACE INTO sel_transfers (no, operation_id, debit_account, credit_account, amount,
             kind, phase, created_at)
         SELECT no, operation_id, credit_account, debit_account, amount, kind, phase, created_at
         FROM sel_transfers WHERE no = ?1",
        "UPDATE sel_operations SET request = '{}' WHERE id = 'brut' AND ?1",
        "DELETE FROM sel_operations WHERE id = 'brut' AND ?1",
        "REPLACE INTO sel_operations (id, kind, request, created_at, author)
         VALUES ('brut', 'purchase', '{}', '2026-01-01', ?1)",
        "UPDATE sel_accounts SET posted = posted + 100 WHERE person_id = 7 AND ?1",
        "UPDATE sel_accounts SET posted = posted + 100, last_transfer_no = ?1 WHERE person_id = 7",
        "UPDATE sel_accounts SET debits_pending = 10 WHERE person_id = 7 AND ?1",
        "UPDATE sel_accounts SET posted = 0 WHERE ?1",
        "DELETE FROM sel_accounts WHERE person_id = 7 AND ?1",
    ] {
        let r = sqlx::query(sql).bind(no).execute(&app.pool).await;
        assert!(r.is_err(), "{sql} went through");
    }
    assert_eq!(app.posted(&desk, 7).await, -30);
    let amount: i64 = sqlx::query_scalar("SELECT amount FROM sel_transfers WHERE no = ?")
        .bind(no)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(amount, 90);
    app.assert_reconciled().await;
}

/// The two accounts of the ledger's latest transfer already carry its number: a hand-made update
/// of their balances must fail too (the guard requires each update to move to a newer transfer).
#[tokio::test]
async fn the_accounts_of_the_latest_transfer_cannot_be_rewritten_either() {
    let app = app().await;
    let desk = app.token("accueil").await;
    app.post("/api/v1/sel/purchases", &desk, purchase("dernier", 7, 1, 1))
        .await;
    let r = sqlx::query("UPDATE sel_accounts SET posted = posted + 100 WHERE person_id = 7")
        .execute(&app.pool)
        .await;
    assert!(r.is_err(), "the latest transfer's account was rewritten");
    app.assert_reconciled().await;
}

// ---------------------------------------------------------------------------------------------
// The document and the roles

#[tokio::test]
async fn the_openapi_document_lists_every_sel_route() {
    let app = app().await;
    let reply = send(
        app.router.clone(),
        api_request(Method::GET, "/api/v1/openapi.json", None, None),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    let sel: Vec<(String, String)> = citeosquare_server::routes()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/v1/sel/") || r.path.starts_with("/api/v1/me/sel"))
        .map(|r| (r.method.to_string(), r.path.to_owned()))
        .collect();
    assert!(sel.len() >= 38, "{sel:?}");
    for route in &sel {
        assert!(documented.contains(route), "{route:?} is not documented");
    }
    // The SEL's operations are grouped, and the people API is still there.
    assert_eq!(
        doc["paths"]["/api/v1/sel/purchases"]["post"]["tags"][0],
        "SEL"
    );
    assert!(documented.contains(&("GET".into(), "/api/v1/persons".into())));
    for schema in [
        "Written",
        "Transfer",
        "AccountView",
        "PurchaseInput",
        "Problem",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "{schema} missing"
        );
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn a_resident_gets_problems_from_the_desk_api_but_sees_their_own_sel() {
    let app = app().await;
    let resident = app.token("resident").await;
    let before = app.count("SELECT count(*) FROM sel_transfers").await;
    for (method, path, body) in [
        (Method::GET, "/api/v1/sel/accounts", None),
        (Method::GET, "/api/v1/sel/accounts/6", None),
        (Method::GET, "/api/v1/sel/settings", None),
        (
            Method::POST,
            "/api/v1/sel/purchases",
            Some(purchase("par-moi", ODETTE, 1, 1)),
        ),
        (
            Method::POST,
            "/api/v1/sel/exchanges",
            Some(
                json!({"id": "x", "payer_id": 2, "receiver_id": ODETTE, "minutes": 60,
                        "memo": "cadeau"}),
            ),
        ),
    ] {
        let reply = app.api(method.clone(), path, &resident, body).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{method} {path}");
        assert_eq!(reply.content_type(), "application/problem+json");
        assert_eq!(reply.json()["type"], "urn:citeosquare:problem:forbidden");
    }
    assert_eq!(
        app.count("SELECT count(*) FROM sel_transfers").await,
        before
    );
    // Anonymous: 401.
    let reply = send(
        app.router.clone(),
        api_request(Method::GET, "/api/v1/sel/accounts", None, None),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.content_type(), "application/problem+json");
    // Their own SEL and the catalogue are open to them.
    let me = app.get("/api/v1/me/sel", &resident).await;
    assert_eq!(me.status, StatusCode::OK, "{me:?}");
    let me = me.json();
    assert_eq!(me["person_id"], ODETTE);
    assert_eq!(me["account"]["posted"], 60);
    assert_eq!(me["account"]["label"], "Odette Perrin");
    assert_eq!(me["statement"][0]["kind"], "welcome");
    let catalogue = app.get("/api/v1/sel/catalogue?all=true", &resident).await;
    assert_eq!(catalogue.status, StatusCode::OK);
    assert!(
        catalogue
            .json()
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["active"] == true)
    );
    app.assert_reconciled().await;
}

// ---------------------------------------------------------------------------------------------
// Exchanges between members

#[tokio::test]
async fn a_member_exchange_waits_for_the_receiver_and_a_decline_releases_the_payer() {
    let app = app().await;
    let admin = app.token("admin").await;
    let desk = app.token("accueil").await;
    let odette = app.token("resident").await;
    let marie = app.token("asso").await;

    // Settings: checked like the table's CHECKs, field by field, and nothing changes.
    let mut settings = app.get("/api/v1/sel/settings", &desk).await.json();
    assert_eq!(settings["exchange_confirmation"], false);
    let mut bad = settings.clone();
    bad["rounding_minutes"] = json!(0);
    bad["default_floor"] = json!(10);
    bad["membership_policy"] = json!("jamais");
    bad["unit_name"] = json!("  ");
    let reply = app.put("/api/v1/sel/settings", &admin, bad).await;
    assert_eq!(
        reply.fields(),
        [
            "unit_name",
            "default_floor",
            "rounding_minutes",
            "membership_policy"
        ]
    );
    assert_eq!(
        app.put("/api/v1/sel/settings", &desk, settings.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    settings["exchange_confirmation"] = json!(true);
    let reply = app.put("/api/v1/sel/settings", &admin, settings).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.json()["exchange_confirmation"], true);
    let (before, after): (String, String) = sqlx::query_as(
        "SELECT before, after FROM audit_log WHERE action = 'sel.settings' AND actor = 'admin'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(
        before.contains("\"exchange_confirmation\":false"),
        "{before}"
    );
    assert!(after.contains("\"exchange_confirmation\":true"), "{after}");

    // Odette gives Marie 20: reserved until Marie answers.
    let give = json!({"id": "merci-marie", "receiver_id": MARIE, "minutes": 20,
                      "memo": "Couture d'un rideau"});
    let reply = app
        .post("/api/v1/me/sel/exchanges", &odette, give.clone())
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let pending = reply.json()["transfers"][0].clone();
    assert_eq!(pending["phase"], "pending");
    let no = pending["no"].as_i64().unwrap();
    let replay = app.post("/api/v1/me/sel/exchanges", &odette, give).await;
    assert_eq!(
        (replay.status, replay.transfer_nos()),
        (StatusCode::OK, vec![no])
    );
    let mine = app.get("/api/v1/me/sel", &odette).await.json();
    assert_eq!(mine["account"]["posted"], 60);
    assert_eq!(mine["account"]["debits_pending"], 20);
    assert_eq!(mine["pending_exchanges"][0]["to_answer"], false);
    let hers = app.get("/api/v1/me/sel", &marie).await.json();
    assert_eq!(hers["account"]["credits_pending"], 20);
    assert_eq!(hers["pending_exchanges"][0]["no"], no);
    assert_eq!(hers["pending_exchanges"][0]["to_answer"], true);
    assert_eq!(hers["pending_exchanges"][0]["payer_name"], "Odette Perrin");

    // Only the receiver answers: the payer gets 404, as for a number that does not exist.
    for (token, path) in [
        (&odette, format!("/api/v1/me/sel/exchanges/{no}/accept")),
        (&marie, "/api/v1/me/sel/exchanges/999999/accept".to_owned()),
        (&marie, "/api/v1/me/sel/exchanges/abc/accept".to_owned()),
    ] {
        let reply = app.post(&path, token, json!({})).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.content_type(), "application/problem+json");
    }
    let accepted = app
        .post(
            &format!("/api/v1/me/sel/exchanges/{no}/accept"),
            &marie,
            json!({}),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{accepted:?}");
    assert_eq!(accepted.json()["transfers"][0]["phase"], "post");
    let twice = app
        .post(
            &format!("/api/v1/me/sel/exchanges/{no}/accept"),
            &marie,
            json!({}),
        )
        .await;
    assert_eq!(
        (twice.status, twice.transfer_nos()),
        (StatusCode::OK, accepted.transfer_nos())
    );
    let late = app
        .post(
            &format!("/api/v1/me/sel/exchanges/{no}/decline"),
            &marie,
            json!({}),
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(app.posted(&desk, ODETTE).await, 40);
    assert_eq!(app.posted(&desk, MARIE).await, 80);

    // Another 15, declined: Odette's reservation is released, nothing moves.
    let reply = app
        .post(
            "/api/v1/me/sel/exchanges",
            &odette,
            json!({"id": "encore", "receiver_id": MARIE, "minutes": 15, "memo": "Ourlet"}),
        )
        .await;
    let no2 = reply.transfer_nos()[0];
    assert_eq!(
        app.account(&desk, ODETTE).await["spendable"],
        40 - 15 + 2000
    );
    let declined = app
        .post(
            &format!("/api/v1/me/sel/exchanges/{no2}/decline"),
            &marie,
            json!({}),
        )
        .await;
    assert_eq!(declined.status, StatusCode::CREATED, "{declined:?}");
    assert_eq!(declined.json()["transfers"][0]["phase"], "void");
    let odette_account = app.account(&desk, ODETTE).await;
    assert_eq!(
        (&odette_account["posted"], &odette_account["debits_pending"]),
        (&json!(40), &json!(0))
    );
    let marie_account = app.account(&desk, MARIE).await;
    assert_eq!(
        (&marie_account["posted"], &marie_account["credits_pending"]),
        (&json!(80), &json!(0))
    );
    assert!(
        app.get("/api/v1/me/sel", &marie).await.json()["pending_exchanges"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // The desk's exchanges need no confirmation, even now.
    let reply = app
        .post(
            "/api/v1/sel/exchanges",
            &desk,
            json!({"id": "guichet", "payer_id": MARIE, "receiver_id": ODETTE, "minutes": 5,
                   "memo": "Café offert"}),
        )
        .await;
    assert_eq!(reply.json()["transfers"][0]["phase"], "posted");
    assert_eq!(app.posted(&desk, ODETTE).await, 45);
    app.assert_reconciled().await;
}

// ---------------------------------------------------------------------------------------------
