//! The web tests' application (`web.rs`, `web_sessions.rs`, `web_sel.rs`): the shared
//! [`TestApp`] with those files' names for its calls.

use super::{Reply, Session, TestApp};
use axum::http::Method;

/// The shared test application, with this file's names for its calls.
pub struct App(pub TestApp);

impl std::ops::Deref for App {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.0
    }
}

pub async fn app() -> App {
    App(TestApp::new().await)
}

impl App {
    pub fn request(
        method: Method,
        path: &str,
        session: Option<&Session>,
    ) -> axum::http::request::Builder {
        TestApp::page_request(method, path, session)
    }

    pub async fn get(&self, path: &str, session: Option<&Session>) -> Reply {
        self.page(path, session).await
    }

    /// A JSON call with an API token.
    pub async fn api(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> Reply {
        self.call(method, path, token, body).await
    }
}

/// Logs in through the login form.
pub async fn login(app: &App, username: &str, password: &str, next: &str) -> Reply {
    app.post_form(
        "/connexion",
        None,
        &[
            ("identifiant", username),
            ("mot_de_passe", password),
            ("suite", next),
        ],
    )
    .await
}
