//! Live updates for the reception pages (server-sent events): taps and kiosk states, fanned out to
//! every open page through a broadcast channel. A slow page misses updates rather than slowing
//! ingestion; it reloads the latest state when it reconnects.

use serde::Serialize;
use tokio::sync::broadcast;

/// One thing that just happened.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveUpdate {
    /// A kiosk event stored for the first time.
    Tap {
        event_id: String,
        kiosk_id: String,
        kiosk_label: Option<String>,
        /// Local clock time of the read, `14 h 05`.
        time: String,
        read_at: String,
        person: Option<String>,
        /// The person's record, for the desk to open.
        person_id: Option<i64>,
        badge: String,
        result: String,
        flagged: Option<String>,
    },
    /// A kiosk reported its status (or its last will arrived).
    Kiosk {
        kiosk_id: String,
        label: Option<String>,
        state: String,
        pending: Option<u64>,
        version: Option<String>,
        last_seen: String,
        /// What needs a human at the kiosk (`outbox_high`, `reader_error`…); empty when all is well.
        alarms: Vec<String>,
    },
}

/// The fan-out channel.
#[derive(Debug, Clone)]
pub struct LiveBus(broadcast::Sender<LiveUpdate>);

impl Default for LiveBus {
    fn default() -> Self {
        LiveBus(broadcast::channel(1024).0)
    }
}

impl LiveBus {
    pub fn publish(&self, update: LiveUpdate) {
        // No page open is not an error.
        let _ = self.0.send(update);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveUpdate> {
        self.0.subscribe()
    }
}
