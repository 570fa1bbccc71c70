//! A Wiegand 26/34-bit reader on two GPIO lines (D0, D1), decoded by [`crate::wiegand`].
//!
//! Both lines get the Pi's pull-ups and a falling-edge interrupt; the kernel timestamps each edge
//! (CLOCK_MONOTONIC) and those timestamps feed the [`Decoder`]. A frame is finished by polling the
//! decoder once the lines have been quiet for the frame gap.
//!
//! The edges come through a [`PulseSource`], so tests feed recorded pulse trains.

use super::{Backoff, ReaderHealth, spawn_reader_thread};
use crate::source::{BadgeSource, Read};
use crate::wiegand::{Decoder, Line, Timing, WiegandError};
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// One falling edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pulse {
    pub line: Line,
    /// When it happened, in microseconds of a monotonic clock (the kernel's event timestamp).
    pub at_us: u64,
}

/// Where edges come from.
pub trait PulseSource: Send {
    /// Waits up to `timeout` for the next edge: `Ok(None)` when none came. An error (French) when
    /// the lines cannot be read; the next call starts over (reopens them).
    fn next_pulse(&mut self, timeout: Duration) -> Result<Option<Pulse>, String>;
}

/// Longest wait for an edge, so the thread notices when the reader is dropped.
const IDLE_WAIT: Duration = Duration::from_secs(1);

/// Frames this short are line glitches (a reader powering up, a cable touched), not a card: they
/// are logged, not shown.
const GLITCH_BITS: usize = 4;

/// Reads cards from a Wiegand reader.
#[derive(Debug)]
pub struct WiegandReader {
    reads: mpsc::Receiver<Read>,
}

impl WiegandReader {
    /// The real reader on BCM GPIO `d0_gpio` and `d1_gpio`.
    pub fn open(
        d0_gpio: u8,
        d1_gpio: u8,
        frame_gap: Duration,
        health: ReaderHealth,
    ) -> std::io::Result<WiegandReader> {
        let timing = Timing {
            frame_gap_us: u64::try_from(frame_gap.as_micros()).unwrap_or(u64::MAX),
            ..Timing::default()
        };
        WiegandReader::with_pulses(GpioPulses::new(d0_gpio, d1_gpio), timing, health)
    }

    /// Any pulse source, retried with the default backoff (0.5 s doubling to 10 s).
    pub fn with_pulses(
        pulses: impl PulseSource + 'static,
        timing: Timing,
        health: ReaderHealth,
    ) -> std::io::Result<WiegandReader> {
        WiegandReader::spawn(pulses, timing, Backoff::default(), health)
    }

    /// Any pulse source, retried with `backoff`.
    pub fn spawn(
        mut pulses: impl PulseSource + 'static,
        timing: Timing,
        mut backoff: Backoff,
        health: ReaderHealth,
    ) -> std::io::Result<WiegandReader> {
        let reads = spawn_reader_thread("wiegand", move |tx| {
            let mut decoder = Decoder::new(timing);
            // The edges' clock, read at the last edge: its timestamp and when it was received.
            // "Now" in that clock is then estimated a little late (by the interrupt latency),
            // never early, so a frame is never cut.
            let mut clock: Option<(u64, Instant)> = None;
            let now_us = |clock: Option<(u64, Instant)>| {
                clock.map(|(at_us, seen)| {
                    at_us.saturating_add(
                        u64::try_from(seen.elapsed().as_micros()).unwrap_or(u64::MAX),
                    )
                })
            };
            while !tx.is_closed() {
                let wait = match (decoder.pending_deadline(), now_us(clock)) {
                    (Some(deadline), Some(now)) => {
                        Duration::from_micros(deadline.saturating_sub(now)).min(IDLE_WAIT)
                    }
                    _ => IDLE_WAIT,
                };
                let finished = match pulses.next_pulse(wait) {
                    Ok(Some(pulse)) => {
                        health.report_ok();
                        backoff.reset();
                        clock = Some((pulse.at_us, Instant::now()));
                        decoder.pulse(pulse.line, pulse.at_us)
                    }
                    Ok(None) => {
                        health.report_ok();
                        backoff.reset();
                        now_us(clock).and_then(|now| decoder.poll(now))
                    }
                    Err(detail) => {
                        health.report_error(detail);
                        decoder = Decoder::new(timing);
                        clock = None;
                        std::thread::sleep(backoff.next_delay());
                        continue;
                    }
                };
                if let Some(read) = finished.and_then(frame_to_read)
                    && tx.blocking_send(read).is_err()
                {
                    return;
                }
            }
        })?;
        Ok(WiegandReader { reads })
    }
}

/// What the person is told about a finished frame (`None`: a glitch, not worth telling).
fn frame_to_read(frame: Result<crate::wiegand::Card, WiegandError>) -> Option<Read> {
    match frame {
        Ok(card) => Some(Read::Badge(card.badge())),
        Err(WiegandError::BadLength(n)) if n < GLITCH_BITS => {
            tracing::debug!(bits = n, "impulsion parasite sur les lignes Wiegand");
            None
        }
        Err(e) => {
            tracing::info!(error = %e, "trame Wiegand refusée");
            Some(Read::Unreadable(e.to_string()))
        }
    }
}

impl BadgeSource for WiegandReader {
    fn name(&self) -> &'static str {
        "wiegand"
    }

    async fn next(&mut self) -> Option<Read> {
        self.reads.recv().await
    }
}

/// The real [`PulseSource`]: rppal input pins with pull-ups and falling-edge interrupts.
#[derive(Debug)]
pub struct GpioPulses {
    d0_gpio: u8,
    d1_gpio: u8,
    lines: Option<Lines>,
}

/// Opened lines: the pins (their interrupts stop when they are dropped) and their edges.
struct Lines {
    _pins: [rppal::gpio::InputPin; 2],
    edges: std_mpsc::Receiver<Pulse>,
}

impl std::fmt::Debug for Lines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lines").finish_non_exhaustive()
    }
}

impl GpioPulses {
    /// Nothing is opened until the first call.
    pub fn new(d0_gpio: u8, d1_gpio: u8) -> GpioPulses {
        GpioPulses {
            d0_gpio,
            d1_gpio,
            lines: None,
        }
    }

    fn open(&self) -> Result<Lines, String> {
        let gpio = rppal::gpio::Gpio::new().map_err(|e| format!("GPIO inaccessibles : {e}"))?;
        let (tx, edges) = std_mpsc::channel();
        let input = |pin: u8, line: Line| -> Result<rppal::gpio::InputPin, String> {
            let name = if line == Line::D0 { "D0" } else { "D1" };
            let mut input = gpio
                .get(pin)
                .map_err(|e| format!("ligne {name} (GPIO {pin}) : {e}"))?
                .into_input_pullup();
            let tx = tx.clone();
            input
                .set_async_interrupt(
                    rppal::gpio::Trigger::FallingEdge,
                    None,
                    move |event: rppal::gpio::Event| {
                        let at_us = u64::try_from(event.timestamp.as_micros()).unwrap_or(u64::MAX);
                        // The receiver is gone only when the lines are being closed.
                        let _ = tx.send(Pulse { line, at_us });
                    },
                )
                .map_err(|e| format!("interruption sur la ligne {name} (GPIO {pin}) : {e}"))?;
            Ok(input)
        };
        let d0 = input(self.d0_gpio, Line::D0)?;
        let d1 = input(self.d1_gpio, Line::D1)?;
        tracing::info!(
            d0 = self.d0_gpio,
            d1 = self.d1_gpio,
            "lecteur Wiegand à l'écoute"
        );
        Ok(Lines {
            _pins: [d0, d1],
            edges,
        })
    }
}

impl PulseSource for GpioPulses {
    fn next_pulse(&mut self, timeout: Duration) -> Result<Option<Pulse>, String> {
        let lines = match &mut self.lines {
            Some(lines) => lines,
            None => self.lines.insert(self.open()?),
        };
        match lines.edges.recv_timeout(timeout) {
            Ok(pulse) => Ok(Some(pulse)),
            Err(std_mpsc::RecvTimeoutError::Timeout) => Ok(None),
            Err(std_mpsc::RecvTimeoutError::Disconnected) => {
                self.lines = None;
                Err("les interruptions GPIO se sont arrêtées".to_owned())
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::readers::testing::{Scripted, Step, failing, quick};
    use crate::wiegand::encode;

    /// Edges (or failures) fed by the test.
    struct Fed(Scripted<Pulse>);

    impl PulseSource for Fed {
        fn next_pulse(&mut self, timeout: Duration) -> Result<Option<Pulse>, String> {
            self.0.next(timeout)
        }
    }

    /// A reader's pulse train, one edge every 2 ms from `t0_us`.
    fn train(frame: &[bool], t0_us: u64) -> Vec<Pulse> {
        frame
            .iter()
            .enumerate()
            .map(|(i, bit)| Pulse {
                line: if *bit { Line::D1 } else { Line::D0 },
                at_us: t0_us + i as u64 * 2_000,
            })
            .collect()
    }

    fn timing() -> Timing {
        Timing {
            frame_gap_us: 50_000,
            ..Timing::default()
        }
    }

    #[tokio::test]
    async fn a_recorded_train_reads_as_its_badge_and_bad_frames_as_unreadable() {
        let (fed, script, _) = Scripted::new();
        let health = ReaderHealth::new();
        let mut reader = WiegandReader::spawn(Fed(fed), timing(), quick(), health.clone()).unwrap();
        assert_eq!(reader.name(), "wiegand");
        let feed = |pulses: Vec<Pulse>| {
            for p in pulses {
                script.send(Step::Give(p)).unwrap();
            }
        };

        // Facility 123, card 45678.
        feed(train(&encode(26, (123 << 16) | 45678), 1_000_000));
        assert_eq!(reader.next().await, Some(Read::Badge("7BB26E".into())));

        // Bad parity, then a 34-bit card right after the frame gap: both reported, in order.
        let mut bad = encode(26, 0x00AB_CDEF);
        bad[0] = !bad[0];
        feed(train(&bad, 2_000_000));
        feed(train(&encode(34, 0x04A3_1F9B), 2_200_000));
        assert_eq!(
            reader.next().await,
            Some(Read::Unreadable("parité paire incorrecte".into()))
        );
        assert_eq!(reader.next().await, Some(Read::Badge("04A31F9B".into())));

        // A lone glitch is not shown; a cut frame is.
        feed(vec![Pulse {
            line: Line::D1,
            at_us: 3_000_000,
        }]);
        feed(train(&encode(26, 7)[..20], 3_500_000));
        assert_eq!(
            reader.next().await,
            Some(Read::Unreadable(
                "trame de 20 bits (26 ou 34 attendus)".into()
            ))
        );
        assert!(health.is_ok());
    }

    #[tokio::test]
    async fn busy_lines_are_reported_and_retried_until_they_read() {
        let (fed, script, failures) = Scripted::new();
        let health = ReaderHealth::new();
        let mut reader = WiegandReader::spawn(Fed(fed), timing(), quick(), health.clone()).unwrap();
        // Half a frame, then the lines fail: the half frame is forgotten, not glued to the next.
        let card = encode(26, 0x0012_3456);
        for p in train(&card[..10], 1_000) {
            script.send(Step::Give(p)).unwrap();
        }
        let busy = "ligne D0 (GPIO 17) : Pin 17 is already in use".to_owned();
        script.send(Step::Fail(busy.clone())).unwrap();
        assert!(failing(&health, &failures, 3).await, "retried");
        assert_eq!(
            health.summary("wiegand"),
            format!("wiegand: erreur — {busy}")
        );
        script.send(Step::Heal).unwrap();
        for p in train(&card, 5_000_000) {
            script.send(Step::Give(p)).unwrap();
        }
        assert_eq!(reader.next().await, Some(Read::Badge("123456".into())));
        assert!(health.is_ok());
    }

    #[test]
    fn the_real_lines_report_a_missing_gpio_without_panicking() {
        // Not a Raspberry Pi (or GPIO 40 does not exist): an error to report, every time.
        let mut lines = GpioPulses::new(40, 41);
        for _ in 0..2 {
            assert!(lines.next_pulse(Duration::from_millis(1)).is_err());
        }
    }
}
