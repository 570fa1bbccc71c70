//! The CITEOSQUARE server.
//!
//! Layout, in layers; arrows point down only (a test reads the `use crate::…` lines and proves
//! it):
//!
//! 1. **Foundations**, which every domain may use: [`config`] (typed configuration), [`db`] (the
//!    SQLite store, its migrations and the writers' queue), [`audit`] (the append-only log of
//!    every change), [`auth`] (accounts, roles, sessions, API tokens), [`refusal`] (why a change was
//!    refused, field by field), [`text`] (the one way text comes in: no control characters, NFC,
//!    bounded), [`time`] (local time in the site's zone, French formats),
//!    [`i18n`] (Fluent translations, French first), [`metrics`], [`live`] (updates pushed to open
//!    pages).
//! 2. **[`web`]**: what every domain shares to face the world — [`web::domain`] (the contract
//!    each domain fills in: routes, OpenAPI, GDPR export and erasure, `check` invariants, demo
//!    seed, periodic jobs, what a tap means at its kiosks, boxes on other domains' pages; and
//!    [`AppState`], what handlers, jobs and hooks share), the route table and its access rules,
//!    who is calling, CSRF, the page context, forms, problem+json, the OpenAPI assembly, static
//!    files.
//!    It knows the domains only through the list, which the state carries.
//! 3. **Domains**, one folder each with its rules, `pages`, `api`, templates
//!    (`templates/<domain>/`) and words (`i18n/<lang>/<domain>.ftl`): [`accounts`] (logging in,
//!    one's account, the admin's accounts, tokens, the audit log), [`people`] (persons, badges,
//!    associations, GDPR), [`desk`] (the reception's home, live feed, main courante), [`presence`] (who is
//!    in the building, visitors, the evacuation list and roll call),
//!    [`kiosks`] (kiosk accounts, MQTT, ingestion of taps), [`sel`] (the time bank),
//!    [`spaces`] (chrono'espaces), [`vehicles`] (shared vehicles), [`hostel`] (the
//!    participatory hostel), [`notify`] (telling people what happened: e-mail, notices, paper
//!    slips). A domain may call another's
//!    rules, never its pages or API.
//! 4. **The top**: [`DOMAINS`] (the one list), [`app`], and what runs it all: [`cli`] (the
//!    `citeosquare` command), [`check`] (invariants and backup), [`restore`] (a backup checked
//!    and put back), [`demo`] (the demo site).

// Foundations
pub mod audit;
pub mod auth;
pub mod config;
pub mod db;
pub mod i18n;
pub mod live;
pub mod metrics;
pub mod photos;
pub mod refusal;
pub mod text;
pub mod time;
// What every domain shares: the state, the contract with the list, the HTTP shell
pub mod web;
// Domains
pub mod accounts;
pub mod bienvivre;
pub mod desk;
pub mod hostel;
pub mod kiosks;
pub mod notify;
pub mod people;
pub mod presence;
pub mod registers;
pub mod sel;
pub mod spaces;
pub mod vehicles;
// The top
pub mod check;
pub mod cli;
pub mod demo;
pub mod restore;

pub use web::AppState;
pub use web::domain::{self, Domain, Domains};

/// The one list of domains. The order is the order of their boxes on shared pages, of their keys
/// in a person's export, and of their routes in the table.
pub static DOMAINS: Domains = &[
    &accounts::DOMAIN,
    &people::DOMAIN,
    &desk::DOMAIN,
    &presence::DOMAIN,
    &registers::DOMAIN,
    &kiosks::DOMAIN,
    &sel::DOMAIN,
    &spaces::DOMAIN,
    &vehicles::DOMAIN,
    &hostel::DOMAIN,
    &notify::DOMAIN,
    &bienvivre::DOMAIN,
];

impl AppState {
    /// The server's state, with every domain of [`DOMAINS`].
    pub fn new(pool: sqlx::SqlitePool, config: config::Config) -> AppState {
        AppState::with_domains(pool, config, DOMAINS)
    }
}

/// The application: every domain's routes behind the shared layers.
pub fn app(state: AppState) -> axum::Router {
    web::app(state)
}

/// The route table, as the role × route test walks it.
pub fn routes() -> Vec<web::RouteInfo> {
    web::routes(DOMAINS)
}
