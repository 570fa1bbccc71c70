//! What the SEL's API tests share (`sel_api.rs`, `sel_api_accounts.rs`): the demo site's people by
//! number, the app with this file's names for its calls, and how an answer reads.

use crate::support::{self, Reply, TestApp, api_request, send};
use axum::http::{Method, StatusCode};
use citeosquare_server::sel::ledger;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Odette Perrin, the demo resident.
pub const ODETTE: i64 = 6;
/// Marie Lefèvre, the demo association representative.
pub const MARIE: i64 = 1;

/// The shared test application (`support`), with this file's names for its calls.
pub struct App {
    pub t: TestApp,
}

support::deref_to_test_app!(App, t);

/// How the SEL's API tests read an answer (a trait, so that other test files keep their own names).
pub trait SelReply {
    fn detail(&self) -> String;
    fn fields(&self) -> Vec<String>;
    fn transfer_nos(&self) -> Vec<i64>;
}

impl SelReply for Reply {
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

pub async fn app() -> App {
    App {
        t: TestApp::new().await,
    }
}

impl App {
    /// A JSON call with an API token.
    pub async fn api(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Reply {
        self.call(method, path, Some(token), body).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.api(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.api(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Reply {
        self.api(Method::PUT, path, token, Some(body)).await
    }

    /// A person's account as the API shows it.
    pub async fn account(&self, token: &str, person_id: i64) -> Value {
        let reply = self
            .get(&format!("/api/v1/sel/accounts/{person_id}"), token)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        reply.json()
    }

    pub async fn posted(&self, token: &str, person_id: i64) -> i64 {
        self.account(token, person_id).await["posted"]
            .as_i64()
            .unwrap()
    }

    /// The id of a catalogue item, by name.
    pub async fn item(&self, token: &str, name: &str) -> (i64, i64) {
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
    pub async fn assert_reconciled(&self) {
        let mut conn = self.pool.acquire().await.unwrap();
        let r = ledger::reconcile(&mut conn).await.unwrap();
        assert!(r.ok, "{r:?}");
        assert_eq!(r.posted_sum, 0);
    }
}

pub fn purchase(id: &str, person_id: i64, item_id: i64, quantity: i64) -> Value {
    json!({"id": id, "person_id": person_id, "lines": [{"item_id": item_id, "quantity": quantity}]})
}

// ---------------------------------------------------------------------------------------------
