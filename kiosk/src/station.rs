//! The kiosk as a person meets it: the screen, the lights and the buzzer, driven by what the kiosk
//! loop reports (a [`Feedback`]), with the terminal text kept for the journal.
//!
//! - A card read while **offline**: « Enregistré — sera transmis » at once (the tap is on disk).
//! - A card read while **online**: the server's answer normally comes within a few tens of
//!   milliseconds; if it has not come after [`ANSWER_WAIT`], the local « Enregistré » is shown so
//!   nobody is left waiting, and the answer replaces it when it comes.
//! - An answer stays [`ANSWER_HOLD`], then the idle screen (label, clock, connection, pending)
//!   comes back. A failing reader shows « Lecteur en panne » while idle.

use crate::feedback::{Feedback, Recorded, Terminal};
use crate::screen::{ScreenHandle, View, clock_text};
use crate::signals::{Signal, Signals};
use citeosquare_protocol::{Ack, Config};
use std::time::{Duration, Instant};

/// How long a person waits for the server before the kiosk answers on its own.
pub const ANSWER_WAIT: Duration = Duration::from_millis(1_500);
/// How long an answer stays on the screen.
pub const ANSWER_HOLD: Duration = Duration::from_secs(4);

/// Screen, lights, buzzer and journal together.
pub struct Station {
    screen: Option<ScreenHandle>,
    signals: Box<dyn Signals>,
    terminal: Terminal,
    label: String,
    online: bool,
    pending: u64,
    /// Taps recorded online, waiting for their answer: id and when.
    waiting: Vec<(String, Instant)>,
    /// Until when the current answer stays.
    answer_until: Option<Instant>,
    /// The idle view last shown (it is redrawn only when it changes, e.g. the minute).
    idle_shown: Option<View>,
    reader_ok: Box<dyn Fn() -> bool + Send>,
    reader_was_ok: bool,
}

impl std::fmt::Debug for Station {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Station")
            .field("label", &self.label)
            .field("online", &self.online)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

impl Station {
    pub fn new(
        screen: Option<ScreenHandle>,
        signals: Box<dyn Signals>,
        label: impl Into<String>,
        reader_ok: Box<dyn Fn() -> bool + Send>,
    ) -> Station {
        Station {
            screen,
            signals,
            terminal: Terminal,
            label: label.into(),
            online: false,
            pending: 0,
            waiting: vec![],
            answer_until: None,
            idle_shown: None,
            reader_ok,
            reader_was_ok: true,
        }
    }

    fn show(&mut self, view: View) {
        if let Some(s) = &self.screen {
            s.show(view);
        }
    }

    fn answer(&mut self, view: View, signal: Signal) {
        self.show(view);
        self.signals.show(signal);
        self.answer_until = Some(Instant::now() + ANSWER_HOLD);
        self.idle_shown = None;
    }

    fn idle_view(&self) -> View {
        if (self.reader_ok)() {
            View::Idle {
                label: self.label.clone(),
                clock: clock_text(&chrono::Local::now()),
                online: self.online,
                pending: self.pending,
            }
        } else {
            View::Error {
                message: "Lecteur en panne".into(),
            }
        }
    }

    /// What the kiosk loop calls a few times a second.
    fn refresh(&mut self, now: Instant) {
        // Answers that took too long: the person is told their tap is safe.
        if let Some(pos) = self
            .waiting
            .iter()
            .position(|(_, at)| now.duration_since(*at) >= ANSWER_WAIT)
        {
            self.waiting.drain(..=pos);
            let pending = self.pending;
            self.answer(View::RecordedOffline { pending }, Signal::RecordedOffline);
        }
        let reader_ok = (self.reader_ok)();
        if self.reader_was_ok && !reader_ok {
            self.signals.show(Signal::ReaderError);
        }
        self.reader_was_ok = reader_ok;
        if self.answer_until.is_some_and(|t| now < t) {
            return;
        }
        self.answer_until = None;
        let idle = self.idle_view();
        if self.idle_shown.as_ref() != Some(&idle) {
            self.show(idle.clone());
            self.idle_shown = Some(idle);
        }
    }
}

impl Feedback for Station {
    fn recorded(&mut self, r: &Recorded) {
        self.terminal.recorded(r);
        self.pending = r.pending;
        if r.online {
            self.waiting.push((r.id.clone(), Instant::now()));
        } else {
            self.answer(
                View::RecordedOffline { pending: r.pending },
                Signal::RecordedOffline,
            );
        }
    }

    fn acked(&mut self, ack: &Ack) {
        self.terminal.acked(ack);
        self.pending = self.pending.saturating_sub(1);
        // Only a tap still waiting for its answer gets one on the screen. A tap already answered
        // locally (recorded offline, or the server was slow) is for nobody at the kiosk any more:
        // its late answer does not interrupt the person there now.
        if let Some(i) = self
            .waiting
            .iter()
            .position(|(id, _)| id == ack.id.as_str())
        {
            self.waiting.remove(i);
            let signal = if ack.result.is_positive() {
                Signal::Accepted
            } else {
                Signal::Refused
            };
            self.answer(View::answer(ack), signal);
        }
    }

    fn unreadable(&mut self, raw: &str) {
        self.terminal.unreadable(raw);
        self.answer(View::Unreadable, Signal::Refused);
    }

    fn connection(&mut self, online: bool, pending: u64) {
        self.terminal.connection(online, pending);
        self.online = online;
        self.pending = pending;
        self.refresh(Instant::now());
    }

    fn config(&mut self, config: &Config) {
        self.terminal.config(config);
        self.label = config.label.clone();
        self.refresh(Instant::now());
    }

    fn drained(&mut self) {
        self.pending = 0;
    }

    fn full(&mut self, badge: &str, pending: u64) {
        self.terminal.full(badge, pending);
        self.answer(
            View::Error {
                message: "Borne pleine : passage non enregistré".into(),
            },
            Signal::Refused,
        );
    }

    fn idle(&mut self, online: bool, pending: u64) {
        self.online = online;
        self.pending = pending;
        self.refresh(Instant::now());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::signals::RecordingSignals;
    use citeosquare_protocol::{AckResult, Display, EventId};

    fn recorded(id: &str, online: bool) -> Recorded {
        Recorded {
            id: id.into(),
            seq: 1,
            badge: "DEMO0001".into(),
            online,
            pending: 1,
        }
    }

    fn ack(id: &EventId, result: AckResult) -> Ack {
        Ack {
            v: 1,
            id: id.clone(),
            result,
            display: Display {
                title: "Bonjour Marie".into(),
                lines: vec!["Passage enregistré à 14 h 05".into()],
            },
            reason: None,
        }
    }

    fn station(signals: &RecordingSignals) -> Station {
        Station::new(None, Box::new(signals.clone()), "Café", Box::new(|| true))
    }

    #[test]
    fn offline_taps_are_answered_at_once_and_online_ones_by_the_server() {
        let signals = RecordingSignals::new();
        let mut s = station(&signals);
        s.recorded(&recorded("a", false));
        assert_eq!(signals.shown(), vec![Signal::RecordedOffline]);
        let id = EventId::new_v7();
        s.recorded(&recorded(id.as_str(), true));
        assert_eq!(
            signals.shown().len(),
            1,
            "nothing before the server answers"
        );
        s.acked(&ack(&id, AckResult::Recorded));
        assert_eq!(
            signals.shown(),
            vec![Signal::RecordedOffline, Signal::Accepted]
        );
        let id = EventId::new_v7();
        s.recorded(&recorded(id.as_str(), true));
        s.acked(&ack(&id, AckResult::UnknownBadge));
        assert_eq!(signals.shown().last(), Some(&Signal::Refused));
    }

    #[test]
    fn a_slow_server_gets_the_local_answer_and_a_late_ack_for_an_old_tap_stays_quiet() {
        let signals = RecordingSignals::new();
        let mut s = station(&signals);
        let id = EventId::new_v7();
        s.recorded(&recorded(id.as_str(), true));
        s.refresh(Instant::now() + ANSWER_WAIT);
        assert_eq!(signals.shown(), vec![Signal::RecordedOffline]);
        // Long after, the ack arrives: the person has gone; no beep for the next one.
        s.answer_until = None;
        s.acked(&ack(&id, AckResult::Recorded));
        assert_eq!(signals.shown(), vec![Signal::RecordedOffline]);
    }

    #[test]
    fn a_failing_reader_is_signalled_once() {
        let signals = RecordingSignals::new();
        let ok = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let flag = ok.clone();
        let mut s = Station::new(
            None,
            Box::new(signals.clone()),
            "Café",
            Box::new(move || flag.load(std::sync::atomic::Ordering::SeqCst)),
        );
        s.idle(true, 0);
        ok.store(false, std::sync::atomic::Ordering::SeqCst);
        s.idle(true, 0);
        s.idle(true, 0);
        assert_eq!(signals.shown(), vec![Signal::ReaderError]);
        assert!(matches!(s.idle_view(), View::Error { .. }));
    }
}
