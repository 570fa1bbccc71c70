//! Hardware badge readers: an MFRC522 on SPI, a Wiegand reader on two GPIO lines, a USB
//! keyboard-wedge reader through evdev.
//!
//! Each reader runs its blocking hardware loop on a dedicated thread and hands its reads to the
//! async side through a channel; [`BadgeSource::next`] awaits that channel. A hardware failure (SPI
//! error, reader unplugged, GPIO line busy) is reported in the shared [`ReaderHealth`] (which the
//! kiosk's status carries) and retried with a [`Backoff`], forever: it never ends the source.
//!
//! The hardware sits behind small traits ([`mfrc522::CardPoller`], [`wiegand_gpio::PulseSource`],
//! [`evdev::KeyInput`]) so the loops are tested with fakes.

pub mod evdev;
pub mod mfrc522;
pub mod wiegand_gpio;

use crate::hardware::ReaderConfig;
use crate::source::{BadgeSource, Read, Stdin};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::mpsc;

pub use self::evdev::EvdevReader;
pub use self::mfrc522::Mfrc522Reader;
pub use self::wiegand_gpio::WiegandReader;

/// Reads waiting between a reader thread and the kiosk loop.
const CHANNEL_CAPACITY: usize = 16;

/// A reader's state, shared between its thread (which reports) and the kiosk's status (which
/// reads). Cloning gives another handle on the same state.
#[derive(Debug, Clone, Default)]
pub struct ReaderHealth {
    /// `None` while the reader works; otherwise why it does not (French).
    error: Arc<Mutex<Option<String>>>,
}

impl ReaderHealth {
    /// A reader that works (until it reports otherwise).
    pub fn new() -> ReaderHealth {
        ReaderHealth::default()
    }

    /// The reader works (again).
    pub fn report_ok(&self) {
        let mut error = self.error.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(was) = error.take() {
            tracing::info!(was, "lecteur de badges rétabli");
        }
    }

    /// The reader fails, and why (French: it is shown in the kiosk's status).
    pub fn report_error(&self, detail: impl Into<String>) {
        let detail = detail.into();
        let mut error = self.error.lock().unwrap_or_else(PoisonError::into_inner);
        if error.as_deref() != Some(detail.as_str()) {
            tracing::warn!(%detail, "lecteur de badges en erreur");
            *error = Some(detail);
        }
    }

    pub fn is_ok(&self) -> bool {
        self.error().is_none()
    }

    /// Why the reader fails, if it does.
    pub fn error(&self) -> Option<String> {
        self.error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// What the status's `reader` field says: `mfrc522`, or `mfrc522: erreur — <detail>`.
    pub fn summary(&self, name: &str) -> String {
        match self.error() {
            None => name.to_owned(),
            Some(detail) => format!("{name}: erreur — {detail}"),
        }
    }

    /// [`ReaderHealth::summary`] and [`ReaderHealth::is_ok`] together, as
    /// [`crate::runner::Hooks::reader`] wants them.
    pub fn status(&self, name: &str) -> (String, bool) {
        let error = self.error();
        let ok = error.is_none();
        let text = match error {
            None => name.to_owned(),
            Some(detail) => format!("{name}: erreur — {detail}"),
        };
        (text, ok)
    }

    /// A status hook for [`crate::runner::Hooks::reader`].
    pub fn hook(&self, name: &'static str) -> Box<dyn Fn() -> (String, bool) + Send> {
        let health = self.clone();
        Box::new(move || health.status(name))
    }
}

/// Delays between retries of a failing reader: `first`, doubling up to `max`; back to `first` once
/// the reader works again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub first: Duration,
    pub max: Duration,
    next: Duration,
}

impl Default for Backoff {
    /// 0.5 s doubling to 10 s.
    fn default() -> Self {
        Backoff::new(Duration::from_millis(500), Duration::from_secs(10))
    }
}

impl Backoff {
    pub fn new(first: Duration, max: Duration) -> Backoff {
        Backoff {
            first,
            max,
            next: first,
        }
    }

    /// The delay before the next retry (each call doubles the following one, up to `max`).
    pub fn next_delay(&mut self) -> Duration {
        let delay = self.next.min(self.max);
        self.next = delay.saturating_mul(2).min(self.max);
        delay
    }

    /// The reader works again: the next failure is retried after `first`.
    pub fn reset(&mut self) {
        self.next = self.first;
    }
}

/// Runs `body` on a named thread that feeds the returned channel.
pub(crate) fn spawn_reader_thread(
    name: &str,
    body: impl FnOnce(mpsc::Sender<Read>) + Send + 'static,
) -> std::io::Result<mpsc::Receiver<Read>> {
    let (tx, rx) = mpsc::channel(CHANNEL_CAPACITY);
    let thread_name = format!("lecteur {name}");
    std::thread::Builder::new()
        .name(thread_name.clone())
        .spawn(move || {
            // A driver crate that panics on a strange card must not leave the kiosk deaf without a
            // word: the channel closes, the kiosk loop sees its reader end and exits with an error,
            // and systemd starts it again (the outbox keeps every tap).
            if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(tx))).is_err() {
                tracing::error!("{thread_name} : panne interne, la borne va redémarrer");
            }
        })?;
    Ok(rx)
}

/// The reader a kiosk's configuration names.
#[derive(Debug)]
pub enum Reader {
    Stdin(Stdin),
    Mfrc522(Mfrc522Reader),
    Wiegand(WiegandReader),
    Evdev(EvdevReader),
}

impl Reader {
    /// Starts the configured reader, reporting into `health`. Fails only if its thread cannot be
    /// started: hardware that is missing or failing is reported in `health` and retried.
    pub fn open(config: &ReaderConfig, health: &ReaderHealth) -> std::io::Result<Reader> {
        Ok(match config {
            ReaderConfig::Stdin => Reader::Stdin(Stdin::default()),
            ReaderConfig::Mfrc522 {
                spi_bus,
                spi_chip_select,
                spi_clock_hz,
                reset_gpio,
                poll_ms,
            } => Reader::Mfrc522(Mfrc522Reader::open(
                mfrc522::SpiSettings {
                    bus: *spi_bus,
                    chip_select: *spi_chip_select,
                    clock_hz: *spi_clock_hz,
                    reset_gpio: *reset_gpio,
                },
                Duration::from_millis(*poll_ms),
                health.clone(),
            )?),
            ReaderConfig::Wiegand {
                d0_gpio,
                d1_gpio,
                frame_gap_ms,
            } => Reader::Wiegand(WiegandReader::open(
                *d0_gpio,
                *d1_gpio,
                Duration::from_millis(*frame_gap_ms),
                health.clone(),
            )?),
            ReaderConfig::Evdev { device, grab } => {
                Reader::Evdev(EvdevReader::open(device.clone(), *grab, health.clone())?)
            }
        })
    }
}

impl BadgeSource for Reader {
    fn name(&self) -> &'static str {
        match self {
            Reader::Stdin(r) => r.name(),
            Reader::Mfrc522(r) => r.name(),
            Reader::Wiegand(r) => r.name(),
            Reader::Evdev(r) => r.name(),
        }
    }

    async fn next(&mut self) -> Option<Read> {
        match self {
            Reader::Stdin(r) => r.next().await,
            Reader::Mfrc522(r) => r.next().await,
            Reader::Wiegand(r) => r.next().await,
            Reader::Evdev(r) => r.next().await,
        }
    }
}

/// Test helpers shared by the readers' tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::ReaderHealth;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
    use std::time::{Duration, Instant};

    /// What a scripted piece of hardware does next.
    pub enum Step<T> {
        /// Delivers this.
        Give(T),
        /// Fails with this error, at every call, until [`Step::Heal`].
        Fail(String),
        Heal,
    }

    /// Hardware that does what the test scripts, in order.
    pub struct Scripted<T> {
        steps: Receiver<Step<T>>,
        broken: Option<String>,
        failures: Arc<AtomicUsize>,
    }

    impl<T> Scripted<T> {
        /// The hardware, the script's sender, and how many calls failed so far.
        pub fn new() -> (Scripted<T>, Sender<Step<T>>, Arc<AtomicUsize>) {
            let (tx, steps) = channel();
            let failures = Arc::new(AtomicUsize::new(0));
            let hardware = Scripted {
                steps,
                broken: None,
                failures: failures.clone(),
            };
            (hardware, tx, failures)
        }

        /// The next delivery; `Ok(None)` when nothing came within `wait`; errors while broken.
        pub fn next(&mut self, wait: Duration) -> Result<Option<T>, String> {
            if let Some(error) = self.broken.clone() {
                match self.steps.try_recv() {
                    Ok(Step::Heal) => {
                        self.broken = None;
                        return Ok(None);
                    }
                    Ok(_) => panic!("the script goes on while the hardware is broken: heal it"),
                    Err(TryRecvError::Empty | TryRecvError::Disconnected) => {
                        self.failures.fetch_add(1, Ordering::SeqCst);
                        return Err(error);
                    }
                }
            }
            match self.steps.recv_timeout(wait) {
                Ok(Step::Give(item)) => Ok(Some(item)),
                Ok(Step::Fail(error)) => {
                    self.failures.fetch_add(1, Ordering::SeqCst);
                    self.broken = Some(error.clone());
                    Err(error)
                }
                Ok(Step::Heal) | Err(RecvTimeoutError::Timeout) => Ok(None),
                Err(RecvTimeoutError::Disconnected) => {
                    std::thread::sleep(wait);
                    Ok(None)
                }
            }
        }
    }

    /// Waits (up to 5 s) until `check` holds; false if it never did.
    pub async fn eventually(check: impl Fn() -> bool) -> bool {
        let until = Instant::now() + Duration::from_secs(5);
        while Instant::now() < until {
            if check() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        false
    }

    /// Waits until the hardware has failed `n` times in a row and `health` says so.
    pub async fn failing(health: &ReaderHealth, failures: &AtomicUsize, n: usize) -> bool {
        eventually(|| failures.load(Ordering::SeqCst) >= n && !health.is_ok()).await
    }

    /// A quick backoff for tests.
    pub fn quick() -> super::Backoff {
        super::Backoff::new(Duration::from_millis(1), Duration::from_millis(4))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_summary_names_the_reader_and_its_error() {
        let health = ReaderHealth::new();
        let seen_by_status = health.clone();
        assert!(seen_by_status.is_ok());
        assert_eq!(seen_by_status.summary("mfrc522"), "mfrc522");
        health.report_error("SPI0.0 inaccessible");
        assert!(!seen_by_status.is_ok());
        assert_eq!(
            seen_by_status.summary("mfrc522"),
            "mfrc522: erreur — SPI0.0 inaccessible"
        );
        assert_eq!(
            (seen_by_status.hook("mfrc522"))(),
            ("mfrc522: erreur — SPI0.0 inaccessible".to_owned(), false)
        );
        health.report_ok();
        assert_eq!(seen_by_status.status("evdev"), ("evdev".to_owned(), true));
    }

    #[test]
    fn backoff_doubles_to_its_cap_and_resets() {
        let mut b = Backoff::default();
        let delays: Vec<u64> = (0..7).map(|_| b.next_delay().as_millis() as u64).collect();
        assert_eq!(delays, [500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
        b.reset();
        assert_eq!(b.next_delay(), Duration::from_millis(500));
    }
}
