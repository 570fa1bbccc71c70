//! What every handler and task shares.

use crate::web::domain::Domains;
use crate::{auth, config, live, metrics};
use std::sync::Arc;

/// What every handler and task shares: the store, the configuration, the metrics, the live bus,
/// and the list of domains (so that a page or a job reaches every domain without naming one).
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
    /// The domains (`crate::DOMAINS`).
    pub domains: Domains,
}

impl AppState {
    /// A state over these domains (the server uses `AppState::new`, with all of them).
    pub fn with_domains(
        pool: sqlx::SqlitePool,
        config: config::Config,
        domains: Domains,
    ) -> AppState {
        AppState {
            pool,
            config: Arc::new(config),
            metrics: metrics::Metrics::default(),
            live: live::LiveBus::default(),
            mqtt_up: Arc::new(tokio::sync::watch::channel(false).0),
            throttle: auth::LoginThrottle::default(),
            domains,
        }
    }
}
