//! What the server's integration tests share: an application on a fresh database (the demo site
//! seeded), with one method per thing a test does through the real router (no network) — open a
//! logged-in session, make an API token, get a page, post a form with its CSRF token, call the
//! API. Each test binary adds what its own domain needs on top (`mod support;`).
#![allow(
    dead_code,
    unused_macros,
    unused_imports,
    clippy::unwrap_used,
    clippy::expect_used
)]

pub mod app;
pub mod sel_api;
pub mod smtp;
pub mod spaces;
pub mod spaces_api;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use citeosquare_server::config::{Broker, Config};
use citeosquare_server::{AppState, accounts, auth, db, demo, web};
use serde_json::Value;
use sqlx::SqlitePool;
use tower::ServiceExt;

/// Lets a test file's own `App` (the shared app plus that file's helpers) be used as a
/// [`TestApp`]: `deref_to_test_app!(App, 0)` or `deref_to_test_app!(App, t)`.
macro_rules! deref_to_test_app {
    ($app:ident, $field:tt) => {
        impl std::ops::Deref for $app {
            type Target = support::TestApp;
            fn deref(&self) -> &support::TestApp {
                &self.$field
            }
        }
    };
}
pub(crate) use deref_to_test_app;

/// The server's application on its own database in a temporary directory.
pub struct TestApp {
    pub router: Router,
    pub pool: SqlitePool,
    /// Where its database lives (removed with the app).
    pub dir: tempfile::TempDir,
}

/// A logged-in browser: its session cookie and CSRF token.
#[derive(Clone, Debug)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// What the server answered.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// Where a redirect leads (empty when it is none).
    pub fn location(&self) -> &str {
        self.header(header::LOCATION)
    }

    pub fn content_type(&self) -> &str {
        self.header(header::CONTENT_TYPE)
    }

    /// A header's value (empty when absent).
    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// The configuration every test server runs with (ports chosen by the system).
pub fn config(dir: &std::path::Path) -> Config {
    Config {
        site: "main".into(),
        data_dir: dir.to_owned(),
        http: "127.0.0.1:0".parse().unwrap(),
        time_zone: chrono_tz::Europe::Paris,
        broker: Broker::Embedded {
            listen: "127.0.0.1:0".parse().unwrap(),
        },
        clock_skew_tolerance_ms: 120_000,
        mqtt_client_id: "test".into(),
        behind_proxy: false,
        evacuation_dir: None,
    }
}

/// A request as a browser or a client sends it to the server at `127.0.0.1:8080`.
pub fn request(method: Method, path: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "127.0.0.1:8080")
}

/// A JSON call with an API token, as an integration would make it.
pub fn api_request(
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Request<Body> {
    let mut b = request(method, path);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let body = match body {
        Some(v) => {
            b = b.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    b.body(body).unwrap()
}

/// Sends a request through the router and reads the whole answer (an event stream's body is left
/// unread: it never ends).
pub async fn send(router: Router, req: Request<Body>) -> Reply {
    let res = router.oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let streaming = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
    let body = if streaming {
        String::new()
    } else {
        let bytes = http_body_util::BodyExt::collect(res.into_body())
            .await
            .unwrap()
            .to_bytes();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Reply {
        status,
        headers,
        body,
    }
}

impl TestApp {
    /// The application on a new database holding the demo site.
    pub async fn new() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::open_and_migrate(&dir.path().join("t.db"))
            .await
            .unwrap();
        demo::seed_if_empty(&pool).await.unwrap().unwrap();
        let state = AppState::new(pool.clone(), config(dir.path()));
        TestApp {
            router: web::app(state),
            pool,
            dir,
        }
    }

    pub async fn user_id(&self, username: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM users WHERE username = ?")
            .bind(username)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// A session opened directly (no password check: a role × route walk needs hundreds).
    pub async fn session(&self, username: &str) -> Session {
        let id = self.user_id(username).await;
        let token = auth::open_session(&self.pool, id).await.unwrap();
        let csrf: String =
            sqlx::query_scalar("SELECT csrf_token FROM sessions WHERE token_hash = ?")
                .bind(auth::token_hash(&token))
                .fetch_one(&self.pool)
                .await
                .unwrap();
        Session {
            cookie: format!("{}={token}", auth::SESSION_COOKIE),
            csrf,
        }
    }

    /// An API token for an account, made as `citeosquare token add` would.
    pub async fn token(&self, username: &str) -> String {
        accounts::issue_token(
            &self.pool,
            &citeosquare_server::audit::Actor::cli(),
            username,
            "tests",
        )
        .await
        .unwrap()
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        send(self.router.clone(), req).await
    }

    /// A request carrying the session's cookie, if any.
    pub fn page_request(
        method: Method,
        path: &str,
        session: Option<&Session>,
    ) -> axum::http::request::Builder {
        let b = request(method, path);
        match session {
            Some(s) => b.header(header::COOKIE, &s.cookie),
            None => b,
        }
    }

    /// A page, as the browser asks for it.
    pub async fn page(&self, path: &str, session: Option<&Session>) -> Reply {
        self.send(
            Self::page_request(Method::GET, path, session)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// A form post as the page sends it, with the session's CSRF token.
    pub async fn post_form(
        &self,
        path: &str,
        session: Option<&Session>,
        fields: &[(&str, &str)],
    ) -> Reply {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        if let Some(s) = session {
            all.push(("_csrf", &s.csrf));
        }
        let body = serde_urlencoded::to_string(&all).unwrap();
        self.send(
            Self::page_request(Method::POST, path, session)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ORIGIN, "http://127.0.0.1:8080")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// A JSON call with an API token (or none).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        self.send(api_request(method, path, token, body.as_ref()))
            .await
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap()
    }
}
