//! The kiosk's screen: what it shows ([`View`]), and the drivers that show it.
//!
//! - [`render`]: pure drawing of a [`View`] on any `embedded-graphics` target, monochrome 128×64
//!   (SSD1306) or colour (ST7789, 240×240 and 320×240); the golden tests (`tests/screens.rs`) use
//!   the same functions as the drivers;
//! - [`open`]: the screen the hardware file describes, behind [`Screen`];
//! - [`spawn`]: runs a screen on its own thread, so that a slow bus never holds up the kiosk loop
//!   (the runner's tasks call [`ScreenHandle::show`], which never blocks).
//!
//! Hardware errors never panic: [`open`] returns them, and a failed refresh is logged and tried
//! again (after re-initialising the controller) with the next view.

pub mod render;
mod ssd1306;
mod st7789;

use crate::hardware::ScreenConfig;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// What the screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// Waiting for a badge: the kiosk's label (`Café — permanences SEL`), the clock (`14 h 05`,
    /// see [`clock_text`]), the connection (in words and with a symbol) and how many taps wait to
    /// be sent.
    Idle {
        label: String,
        clock: String,
        online: bool,
        pending: u64,
    },
    /// The server's answer (its ack's `display`): a ✔ or ✖ mark, the title (`Bonjour Hélène`) and
    /// the lines (`Permanence commencée`, `14 h 05`).
    Answer {
        accepted: bool,
        title: String,
        lines: Vec<String>,
    },
    /// The server is unreachable, the tap is safe on disk: `Enregistré`, `sera transmis`.
    RecordedOffline { pending: u64 },
    /// The badge could not be read: `Badge illisible`, `Réessayez`.
    Unreadable,
    /// Something is broken (`Lecteur en panne`); the screen adds `Prévenez l'accueil`.
    Error { message: String },
}

impl View {
    /// The view of a server's answer.
    pub fn answer(ack: &citeosquare_protocol::Ack) -> View {
        View::Answer {
            accepted: ack.result.is_positive(),
            title: ack.display.title.clone(),
            lines: ack.display.lines.clone(),
        }
    }
}

/// The clock as the idle screen shows it: `14 h 05`.
pub fn clock_text<T: chrono::Timelike>(time: &T) -> String {
    format!("{} h {:02}", time.hour(), time.minute())
}

/// A screen. `show` draws the whole view and sends it to the device; it blocks while the bus
/// works (tens of milliseconds), so the kiosk loop should go through [`spawn`].
pub trait Screen: Send {
    /// Shows a view. Errors are logged, never returned: the view after a failure is sent again in
    /// full.
    fn show(&mut self, view: &View);
    /// The driver's name, for the logs (`ssd1306`, `st7789`, `aucun`).
    fn name(&self) -> &'static str;
    /// Whether the last refresh reached the device.
    fn healthy(&self) -> bool {
        true
    }
}

impl<S: Screen + ?Sized> Screen for Box<S> {
    fn show(&mut self, view: &View) {
        (**self).show(view);
    }
    fn name(&self) -> &'static str {
        (**self).name()
    }
    fn healthy(&self) -> bool {
        (**self).healthy()
    }
}

/// No screen (`kind = "none"`): lights, buzzer and the terminal only.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoScreen;

impl Screen for NoScreen {
    fn show(&mut self, _view: &View) {}
    fn name(&self) -> &'static str {
        "aucun"
    }
}

/// Opens the screen the hardware file describes and blanks it. The error says, in French, what
/// could not be opened (`écran SSD1306 (bus I2C 1, adresse 0x3c) : …`).
pub fn open(config: &ScreenConfig) -> Result<Box<dyn Screen>, String> {
    match config {
        ScreenConfig::None => Ok(Box::new(NoScreen)),
        ScreenConfig::Ssd1306 {
            i2c_bus,
            address,
            rotation,
        } => Ok(Box::new(ssd1306::Ssd1306Screen::open(
            *i2c_bus, *address, *rotation,
        )?)),
        ScreenConfig::St7789 {
            width,
            height,
            spi_bus,
            spi_chip_select,
            spi_clock_hz,
            dc_gpio,
            reset_gpio,
            backlight_gpio,
            rotation,
            invert_colors,
        } => st7789::open(&st7789::Params {
            width: *width,
            height: *height,
            spi_bus: *spi_bus,
            spi_chip_select: *spi_chip_select,
            spi_clock_hz: *spi_clock_hz,
            dc_gpio: *dc_gpio,
            reset_gpio: *reset_gpio,
            backlight_gpio: *backlight_gpio,
            rotation: *rotation,
            invert_colors: *invert_colors,
        }),
    }
}

/// Logs refresh failures once per run of failures, and the recovery.
#[derive(Debug, Default)]
pub(crate) struct FailureLog {
    failing: bool,
}

impl FailureLog {
    /// Whether the last refresh failed.
    pub(crate) fn failing(&self) -> bool {
        self.failing
    }

    pub(crate) fn failed(&mut self, screen: &str, what: &str, error: &dyn std::fmt::Debug) {
        if self.failing {
            tracing::debug!(screen, "écran toujours en erreur ({what}) : {error:?}");
        } else {
            tracing::warn!(
                screen,
                "écran en erreur ({what}) : {error:?} ; nouvel essai à la prochaine vue"
            );
        }
        self.failing = true;
    }

    pub(crate) fn succeeded(&mut self, screen: &str) {
        if self.failing {
            tracing::info!(screen, "écran de nouveau fonctionnel");
        }
        self.failing = false;
    }
}

#[derive(Debug, Default)]
struct Slot {
    /// The latest view not yet shown; older ones are dropped (only the latest matters).
    next: Option<View>,
    closed: bool,
}

#[derive(Debug, Default)]
struct Shared {
    slot: Mutex<Slot>,
    wake: Condvar,
    /// Whether the screen's last refresh failed (or its thread panicked).
    failing: std::sync::atomic::AtomicBool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Slot> {
        // A panic in a driver cannot leave a `Slot` half-written: keep going.
        self.slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A screen running on its own thread; [`show`](ScreenHandle::show) never blocks. When views come
/// faster than the device can take them, only the latest is drawn. Dropping the handle stops the
/// thread after the view in progress.
#[derive(Debug)]
pub struct ScreenHandle {
    shared: Arc<Shared>,
    name: &'static str,
}

/// Starts a thread that shows views on `screen`.
pub fn spawn(mut screen: Box<dyn Screen>) -> std::io::Result<ScreenHandle> {
    let shared = Arc::new(Shared::default());
    let name = screen.name();
    let theirs = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("ecran".into())
        .spawn(move || {
            loop {
                let view = {
                    let mut slot = theirs.lock();
                    loop {
                        if let Some(view) = slot.next.take() {
                            break view;
                        }
                        if slot.closed {
                            return;
                        }
                        slot = theirs
                            .wake
                            .wait(slot)
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                    }
                };
                // A driver crate that panics must not silence the screen for good: log it and
                // take the next view.
                let shown = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    screen.show(&view);
                }));
                let failing = match shown {
                    Ok(()) => !screen.healthy(),
                    Err(_) => {
                        tracing::error!("écran : panne interne en affichant une vue ; on continue");
                        true
                    }
                };
                theirs
                    .failing
                    .store(failing, std::sync::atomic::Ordering::Relaxed);
            }
        })?;
    Ok(ScreenHandle { shared, name })
}

impl ScreenHandle {
    /// Queues a view (replacing one not yet drawn) and returns at once.
    pub fn show(&self, view: View) {
        self.shared.lock().next = Some(view);
        self.shared.wake.notify_one();
    }

    /// The driver's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Whether the screen's last refresh reached the device.
    pub fn is_healthy(&self) -> bool {
        !self
            .shared
            .failing
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// What the kiosk's status says of the screen: its name, and whether it works.
    pub fn health(&self) -> impl Fn() -> (String, bool) + Send + 'static {
        let shared = Arc::clone(&self.shared);
        let name = self.name;
        move || {
            let ok = !shared.failing.load(std::sync::atomic::Ordering::Relaxed);
            if ok {
                (name.to_owned(), true)
            } else {
                (format!("{name}: erreur d'affichage"), false)
            }
        }
    }
}

impl Screen for ScreenHandle {
    fn show(&mut self, view: &View) {
        ScreenHandle::show(self, view.clone());
    }
    fn name(&self) -> &'static str {
        self.name
    }
}

impl Drop for ScreenHandle {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.wake.notify_one();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    struct Recorder(mpsc::Sender<View>);
    impl Screen for Recorder {
        fn show(&mut self, view: &View) {
            let _ = self.0.send(view.clone());
        }
        fn name(&self) -> &'static str {
            "test"
        }
    }

    #[test]
    fn no_screen_opens() {
        let mut s = open(&ScreenConfig::None).unwrap();
        s.show(&View::Unreadable);
        assert_eq!(s.name(), "aucun");
    }

    #[test]
    fn the_thread_shows_the_latest_view() {
        let (tx, rx) = mpsc::channel();
        let handle = spawn(Box::new(Recorder(tx))).unwrap();
        assert_eq!(handle.name(), "test");
        handle.show(View::Unreadable);
        let first = rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap();
        assert_eq!(first, View::Unreadable);
        handle.show(View::RecordedOffline { pending: 2 });
        let second = rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap();
        assert_eq!(second, View::RecordedOffline { pending: 2 });
        drop(handle);
        // The thread ends and drops the screen, closing the channel.
        assert!(rx.recv_timeout(std::time::Duration::from_secs(5)).is_err());
    }

    #[test]
    fn clock_text_is_french() {
        let t = chrono::NaiveTime::from_hms_opt(14, 5, 0).unwrap();
        assert_eq!(clock_text(&t), "14 h 05");
        let t = chrono::NaiveTime::from_hms_opt(9, 30, 0).unwrap();
        assert_eq!(clock_text(&t), "9 h 30");
    }

    /// A screen that fails when told to, or panics.
    struct Flaky {
        shown: std::sync::Arc<std::sync::Mutex<Vec<View>>>,
        fail: bool,
    }

    impl Screen for Flaky {
        fn show(&mut self, view: &View) {
            if matches!(view, View::Error { message } if message == "panique") {
                panic!("pilote en panne");
            }
            self.fail = matches!(view, View::Unreadable);
            self.shown.lock().unwrap().push(view.clone());
        }
        fn name(&self) -> &'static str {
            "essai"
        }
        fn healthy(&self) -> bool {
            !self.fail
        }
    }

    fn wait(check: impl Fn() -> bool) {
        let start = std::time::Instant::now();
        while !check() && start.elapsed() < std::time::Duration::from_secs(5) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    #[test]
    fn the_screen_thread_reports_failures_and_survives_a_driver_panic() {
        let shown = std::sync::Arc::new(std::sync::Mutex::new(vec![]));
        let handle = spawn(Box::new(Flaky {
            shown: shown.clone(),
            fail: false,
        }))
        .unwrap();
        let health = handle.health();
        handle.show(View::Unreadable);
        wait(|| !health().1);
        assert_eq!(health(), ("essai: erreur d'affichage".to_owned(), false));
        handle.show(View::Error {
            message: "panique".into(),
        });
        wait(|| shown.lock().unwrap().len() == 1 && !handle.is_healthy());
        // The next view is still drawn, and the screen is well again.
        handle.show(View::RecordedOffline { pending: 1 });
        wait(|| health().1);
        assert_eq!(health(), ("essai".to_owned(), true));
        assert_eq!(shown.lock().unwrap().len(), 2);
    }
}
