//! The SEL's JSON API through the real router (no network), on the demo site: every demo person
//! has an account with 60 minutes; Odette Perrin (person 6) logs in as `resident`, Marie Lefèvre
//! (person 1) as `asso`. Every test ends by reconciling the ledger: zero sum, and every stored
//! balance equal to the one recomputed from the transfers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use citeosquare_server::sel::ledger;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use support::{Reply, TestApp, api_request, send};

/// Odette Perrin, the demo resident.
const ODETTE: i64 = 6;
/// Marie Lefèvre, the demo association representative.
const MARIE: i64 = 1;

/// The shared test application (`support`), with this file's names for its calls.
struct App {
    t: TestApp,
}

support::deref_to_test_app!(App, t);

impl Reply {
    /// A problem+json answer's detail.
    fn detail(&self) -> String {
        assert_eq!(self.content_type(), "application/problem+json", "{self:?}");
        self.json()["detail"].as_str().unwrap_or("").to_owned()
    }

    /// The fields a 422 names.
    fn fields(&self) -> Vec<String> {
        assert_eq!(self.status, StatusCode::UNPROCESSABLE_ENTITY, "{self:?}");
        assert_eq!(self.content_type(), "application/problem+json");
        self.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The numbers of the transfers a write answered.
    fn transfer_nos(&self) -> Vec<i64> {
        self.json()["transfers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["no"].as_i64().unwrap())
            .collect()
    }
}

async fn app() -> App {
    App {
        t: TestApp::new().await,
    }
}

impl App {
    /// A JSON call with an API token.
    async fn api(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Reply {
        self.call(method, path, Some(token), body).await
    }

    async fn get(&self, path: &str, token: &str) -> Reply {
        self.api(Method::GET, path, token, None).await
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.api(Method::POST, path, token, Some(body)).await
    }

    async fn put(&self, path: &str, token: &str, body: Value) -> Reply {
        self.api(Method::PUT, path, token, Some(body)).await
    }

    /// A person's account as the API shows it.
    async fn account(&self, token: &str, person_id: i64) -> Value {
        let reply = self
            .get(&format!("/api/v1/sel/accounts/{person_id}"), token)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        reply.json()
    }

    async fn posted(&self, token: &str, person_id: i64) -> i64 {
        self.account(token, person_id).await["posted"]
            .as_i64()
            .unwrap()
    }

    /// The id of a catalogue item, by name.
    async fn item(&self, token: &str, name: &str) -> (i64, i64) {
        let list = self.get("/api/v1/sel/catalogue", token).await.json();
        let item = list
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == name)
            .unwrap_or_else(|| panic!("{name} not in {list}"));
        (
            item["id"].as_i64().unwrap(),
            item["price_minutes"].as_i64().unwrap(),
        )
    }

    /// The ledger is zero-sum and every stored balance equals the recomputed one.
    async fn assert_reconciled(&self) {
        let mut conn = self.pool.acquire().await.unwrap();
        let r = ledger::reconcile(&mut conn).await.unwrap();
        assert!(r.ok, "{r:?}");
        assert_eq!(r.posted_sum, 0);
    }
}

fn purchase(id: &str, person_id: i64, item_id: i64, quantity: i64) -> Value {
    json!({"id": id, "person_id": person_id, "lines": [{"item_id": item_id, "quantity": quantity}]})
}

// ---------------------------------------------------------------------------------------------
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
