//! The CITEOSQUARE server.
//!
//! Layout:
//! - [`cli`]: the `citeosquare` command (serve, migrate, check, backup, kiosk add);
//! - [`config`]: typed configuration (file → environment → flags);
//! - [`db`]: the SQLite store and its embedded migrations;
//! - [`mqtt`]: the embedded broker and the server's MQTT session;
//! - [`ingest`]: kiosk events and statuses, stored once and acked after commit;
//! - [`kiosks`]: kiosk accounts, roles and statuses;
//! - [`live`]: live updates fanned out to the reception pages;
//! - [`auth`]: accounts, roles, sessions, API tokens, login throttling;
//! - [`audit`]: the append-only log of every change;
//! - [`people`]: persons, badges, associations, GDPR export and erasure;
//! - [`logbook`]: the reception's main courante;
//! - [`sel`]: the SEL time bank (ledger, shifts, catalogue, reports);
//! - [`spaces`]: chrono'espaces (spaces, uses, timetables, bookings, occupancy, calendars);
//! - [`i18n`]: Fluent translations (French first) and date formats;
//! - [`web`]: the pages, the JSON API, `/healthz` and `/metrics`;
//! - [`metrics`]: Prometheus counters;
//! - [`demo`]: the demo site seeded by `serve --demo`;
//! - [`check`]: the database's invariants, and the online backup.

pub mod audit;
pub mod auth;
pub mod check;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod i18n;
pub mod ingest;
pub mod kiosks;
pub mod live;
pub mod logbook;
pub mod metrics;
pub mod mqtt;
pub mod people;
pub mod sel;
pub mod spaces;
pub mod web;

use std::sync::Arc;

/// What every handler and task shares.
#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: sqlx::SqlitePool,
    pub config: Arc<config::Config>,
    pub metrics: metrics::Metrics,
    pub live: live::LiveBus,
    /// Whether the server's MQTT session is up.
    pub mqtt_up: Arc<tokio::sync::watch::Sender<bool>>,
    /// Recent failed logins.
    pub throttle: auth::LoginThrottle,
}

impl AppState {
    pub fn new(pool: sqlx::SqlitePool, config: config::Config) -> AppState {
        AppState {
            pool,
            config: Arc::new(config),
            metrics: metrics::Metrics::default(),
            live: live::LiveBus::default(),
            mqtt_up: Arc::new(tokio::sync::watch::channel(false).0),
            throttle: auth::LoginThrottle::default(),
        }
    }
}

pub use web::app;
