//! Prometheus metrics, served as text at `/metrics`.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ResultLabel {
    pub result: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabel {
    pub reason: String,
}

/// The server's counters. Cheap to clone (each metric is an `Arc` inside).
#[derive(Debug, Clone)]
pub struct Metrics {
    /// Events stored for the first time, by result.
    pub events_ingested: Family<ResultLabel, Counter>,
    /// Events received again with the same id and payload: answered, not stored again.
    pub events_replayed: Counter,
    /// Payloads refused, by reason.
    pub events_rejected: Family<ReasonLabel, Counter>,
    /// From MQTT receipt to the ack handed to the broker, in seconds.
    pub ingest_latency: Histogram,
    /// Messages committed per transaction.
    pub ingest_batch_size: Histogram,
    pub kiosks_online: Gauge,
    pub mqtt_connected: Gauge,
    pub store_errors: Counter,
    /// Status messages not recorded: unreadable, naming another kiosk, or from an unregistered one.
    pub statuses_ignored: Counter,
    /// 1 when the latest SEL reconciliation found the ledger zero-sum and every balance right.
    pub sel_reconciliation_ok: Gauge,
    /// Accounts (and totals) the latest SEL reconciliation found wrong.
    pub sel_reconciliation_mismatches: Gauge,
    /// SEL shifts closed automatically because the tap-out was forgotten.
    pub sel_shifts_auto_closed: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        let m = Metrics {
            events_ingested: Family::default(),
            events_replayed: Counter::default(),
            events_rejected: Family::default(),
            ingest_latency: Histogram::new(exponential_buckets(0.000_5, 2.0, 14)),
            ingest_batch_size: Histogram::new(exponential_buckets(1.0, 2.0, 11)),
            kiosks_online: Gauge::default(),
            mqtt_connected: Gauge::default(),
            store_errors: Counter::default(),
            statuses_ignored: Counter::default(),
            sel_reconciliation_ok: Gauge::default(),
            sel_reconciliation_mismatches: Gauge::default(),
            sel_shifts_auto_closed: Counter::default(),
        };
        // Show every result and reason from the start, so dashboards and alerts see zeros, not gaps.
        for result in [
            "recorded",
            "unknown_badge",
            "not_allowed",
            "shift_started",
            "shift_ended",
            "entered",
            "left",
            "checked_in",
            "checked_out",
            "key_taken",
            "key_returned",
        ] {
            m.events_ingested
                .get_or_create(&ResultLabel {
                    result: result.to_owned(),
                })
                .get();
        }
        for reason in citeosquare_protocol::Reason::ALL {
            m.events_rejected
                .get_or_create(&ReasonLabel {
                    reason: reason.as_str().to_owned(),
                })
                .get();
        }
        m
    }
}

impl Metrics {
    pub fn reject(&self, reason: &str) {
        self.events_rejected
            .get_or_create(&ReasonLabel {
                reason: reason.to_owned(),
            })
            .inc();
    }

    /// The text exposition of every metric.
    pub fn render(&self) -> String {
        let mut registry = Registry::with_prefix("citeosquare");
        registry.register(
            "events_ingested",
            "Kiosk events stored, by result",
            self.events_ingested.clone(),
        );
        registry.register(
            "events_replayed",
            "Kiosk events received again with the same id and payload",
            self.events_replayed.clone(),
        );
        registry.register(
            "events_rejected",
            "Kiosk payloads refused, by reason",
            self.events_rejected.clone(),
        );
        registry.register(
            "ingest_latency_seconds",
            "From MQTT receipt to ack handed to the broker",
            self.ingest_latency.clone(),
        );
        registry.register(
            "ingest_batch_size",
            "Messages committed per database transaction",
            self.ingest_batch_size.clone(),
        );
        registry.register(
            "kiosks_online",
            "Kiosks whose last status is online",
            self.kiosks_online.clone(),
        );
        registry.register(
            "mqtt_connected",
            "1 when the server's MQTT session is up",
            self.mqtt_connected.clone(),
        );
        registry.register(
            "statuses_ignored",
            "Kiosk status messages not recorded (unreadable, another kiosk's, unregistered kiosk)",
            self.statuses_ignored.clone(),
        );
        registry.register(
            "store_errors",
            "Database errors while ingesting (nothing is acknowledged before its commit)",
            self.store_errors.clone(),
        );
        registry.register(
            "sel_reconciliation_ok",
            "1 when the latest SEL reconciliation found the ledger zero-sum and every stored balance equal to the recomputed one",
            self.sel_reconciliation_ok.clone(),
        );
        registry.register(
            "sel_reconciliation_mismatches",
            "Accounts or totals the latest SEL reconciliation found wrong",
            self.sel_reconciliation_mismatches.clone(),
        );
        registry.register(
            "sel_shifts_auto_closed",
            "SEL shifts closed automatically after a forgotten tap-out",
            self.sel_shifts_auto_closed.clone(),
        );
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &registry);
        out
    }
}
