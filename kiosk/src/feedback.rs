//! What the person at the kiosk sees. In simulation, the terminal; `--feedback json` prints one JSON
//! object per line instead, for tests and tools. Real screens come with the hardware issue.

use citeosquare_protocol::{Ack, Config};
use std::io::Write;

/// A tap recorded in the outbox (shown before anything goes on the network).
#[derive(Debug, Clone)]
pub struct Recorded {
    pub id: String,
    pub seq: u64,
    pub badge: String,
    /// Whether the kiosk is connected right now (offline: "sera transmis").
    pub online: bool,
    pub pending: u64,
}

/// Where feedback goes.
pub trait Feedback: Send + 'static {
    fn recorded(&mut self, r: &Recorded);
    /// The server's answer to a pending event.
    fn acked(&mut self, ack: &Ack);
    fn unreadable(&mut self, raw: &str);
    fn connection(&mut self, online: bool, pending: u64);
    fn config(&mut self, config: &Config);
    /// Every recorded event has been acked.
    fn drained(&mut self);
    /// The outbox is full: this tap was not recorded, and the person must be told.
    fn full(&mut self, badge: &str, pending: u64);
    /// Called a few times a second between events (a screen's idle view keeps its clock right).
    fn idle(&mut self, _online: bool, _pending: u64) {}
}

/// Lets the output format be chosen at run time.
impl<F: Feedback + ?Sized> Feedback for Box<F> {
    fn recorded(&mut self, r: &Recorded) {
        (**self).recorded(r);
    }
    fn acked(&mut self, ack: &Ack) {
        (**self).acked(ack);
    }
    fn unreadable(&mut self, raw: &str) {
        (**self).unreadable(raw);
    }
    fn connection(&mut self, online: bool, pending: u64) {
        (**self).connection(online, pending);
    }
    fn config(&mut self, config: &Config) {
        (**self).config(config);
    }
    fn drained(&mut self) {
        (**self).drained();
    }
    fn full(&mut self, badge: &str, pending: u64) {
        (**self).full(badge, pending);
    }
    fn idle(&mut self, online: bool, pending: u64) {
        (**self).idle(online, pending);
    }
}

/// Human text on standard output, in French.
#[derive(Debug, Default)]
pub struct Terminal;

fn out(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
}

fn clock() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

impl Feedback for Terminal {
    fn recorded(&mut self, r: &Recorded) {
        if r.online {
            out(&format!("[{}] Badge {} — enregistré", clock(), r.badge));
        } else {
            out(&format!(
                "[{}] Badge {} — enregistré, sera transmis ({} en attente, hors ligne)",
                clock(),
                r.badge,
                r.pending
            ));
        }
    }

    fn acked(&mut self, ack: &Ack) {
        let mark = if ack.result.is_positive() {
            "✔"
        } else {
            "✖"
        };
        let mut line = format!("[{}] {mark} {}", clock(), ack.display.title);
        for l in &ack.display.lines {
            line.push_str(" — ");
            line.push_str(l);
        }
        out(&line);
    }

    fn unreadable(&mut self, raw: &str) {
        out(&format!(
            "[{}] ✖ Badge illisible (« {raw} ») — réessayez",
            clock()
        ));
    }

    fn connection(&mut self, online: bool, pending: u64) {
        if online {
            out(&format!(
                "[{}] Connectée au serveur ({pending} en attente)",
                clock()
            ));
        } else {
            out(&format!(
                "[{}] Hors ligne — les badges sont enregistrés et seront transmis ({pending} en attente)",
                clock()
            ));
        }
    }

    fn config(&mut self, config: &Config) {
        out(&format!("=== {} ===", config.label));
        for l in &config.idle_lines {
            out(&format!("    {l}"));
        }
    }

    fn drained(&mut self) {}

    fn full(&mut self, badge: &str, pending: u64) {
        out(&format!(
            "[{}] ✖ Badge {badge} NON enregistré : la borne est pleine ({pending} en attente). \
             Prévenez l'accueil.",
            clock()
        ));
    }
}

/// One JSON object per line on standard output.
#[derive(Debug, Default)]
pub struct JsonLines;

fn json(value: serde_json::Value) {
    out(&value.to_string());
}

impl Feedback for JsonLines {
    fn recorded(&mut self, r: &Recorded) {
        json(
            serde_json::json!({"event": "recorded", "id": r.id, "seq": r.seq, "badge": r.badge,
                                "online": r.online, "pending": r.pending}),
        );
    }

    fn acked(&mut self, ack: &Ack) {
        json(
            serde_json::json!({"event": "ack", "id": ack.id, "result": ack.result,
                                "title": ack.display.title, "lines": ack.display.lines,
                                "reason": ack.reason}),
        );
    }

    fn unreadable(&mut self, raw: &str) {
        json(serde_json::json!({"event": "unreadable", "raw": raw}));
    }

    fn connection(&mut self, online: bool, pending: u64) {
        json(serde_json::json!({"event": "connection", "online": online, "pending": pending}));
    }

    fn config(&mut self, config: &Config) {
        json(serde_json::json!({"event": "config", "role": config.role, "label": config.label}));
    }

    fn drained(&mut self) {
        json(serde_json::json!({"event": "drained"}));
    }

    fn full(&mut self, badge: &str, pending: u64) {
        json(serde_json::json!({"event": "full", "badge": badge, "pending": pending}));
    }
}
