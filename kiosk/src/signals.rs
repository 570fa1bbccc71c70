//! Lights and buzzer: what the person sees and hears at a glance, before reading any screen.
//!
//! Each [`Signal`] is a short pattern, written as data ([`Signal::pattern`]): a list of steps, each
//! turning some outputs on for a while. [`GpioSignals`] plays them on a thread; a new signal cuts
//! the one playing, so feedback always matches the last tap.
//!
//! Wiring assumed: LEDs lit when their GPIO is high, an *active* buzzer (sounds when its GPIO is
//! high).

use crate::hardware::SignalsConfig;
use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// What happened, as lights and sound show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// The tap is accepted (the server said so): green, one short beep.
    Accepted,
    /// The tap is refused: red blinking three times, one long beep.
    Refused,
    /// The tap is recorded but the server is out of reach: amber (green and red) blinking twice,
    /// a short beep, never the long one.
    RecordedOffline,
    /// The reader does not work: slow red blinks, silent.
    ReaderError,
}

/// Which outputs are on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Outputs {
    pub green: bool,
    pub red: bool,
    pub buzzer: bool,
}

impl Outputs {
    pub const OFF: Outputs = Outputs {
        green: false,
        red: false,
        buzzer: false,
    };
}

/// Outputs on for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Step {
    pub on: Outputs,
    pub duration: Duration,
}

const fn step(green: bool, red: bool, buzzer: bool, ms: u64) -> Step {
    Step {
        on: Outputs { green, red, buzzer },
        duration: Duration::from_millis(ms),
    }
}

const G: bool = true;
const R: bool = true;
const B: bool = true;
const NO: bool = false;

/// Green 600 ms, a 100 ms beep at its start.
const ACCEPTED: &[Step] = &[step(G, NO, B, 100), step(G, NO, NO, 500)];
/// Red 3 × 200 ms, the buzzer on all along (800 ms).
const REFUSED: &[Step] = &[
    step(NO, R, B, 200),
    step(NO, NO, B, 100),
    step(NO, R, B, 200),
    step(NO, NO, B, 100),
    step(NO, R, B, 200),
];
/// Amber 2 × 250 ms, an 80 ms beep at its start.
const RECORDED_OFFLINE: &[Step] = &[
    step(G, R, B, 80),
    step(G, R, NO, 170),
    step(NO, NO, NO, 150),
    step(G, R, NO, 250),
];
/// Red 500 ms on, 500 ms off, 500 ms on; silent.
const READER_ERROR: &[Step] = &[
    step(NO, R, NO, 500),
    step(NO, NO, NO, 500),
    step(NO, R, NO, 500),
];

impl Signal {
    pub const ALL: [Signal; 4] = [
        Signal::Accepted,
        Signal::Refused,
        Signal::RecordedOffline,
        Signal::ReaderError,
    ];

    /// The steps played; everything is off after the last.
    pub fn pattern(self) -> &'static [Step] {
        match self {
            Signal::Accepted => ACCEPTED,
            Signal::Refused => REFUSED,
            Signal::RecordedOffline => RECORDED_OFFLINE,
            Signal::ReaderError => READER_ERROR,
        }
    }

    /// How long the pattern lasts.
    pub fn duration(self) -> Duration {
        self.pattern().iter().map(|s| s.duration).sum()
    }
}

/// Something that shows signals. `show` returns at once (patterns play in the background).
pub trait Signals: Send {
    fn show(&mut self, signal: Signal);
}

impl<S: Signals + ?Sized> Signals for Box<S> {
    fn show(&mut self, signal: Signal) {
        (**self).show(signal);
    }
}

/// No lights, no buzzer.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSignals;

impl Signals for NoSignals {
    fn show(&mut self, _signal: Signal) {}
}

/// Remembers what was shown (tests). Clones share the record.
#[derive(Debug, Clone, Default)]
pub struct RecordingSignals {
    shown: Arc<Mutex<Vec<Signal>>>,
}

impl RecordingSignals {
    pub fn new() -> RecordingSignals {
        RecordingSignals::default()
    }

    /// Every signal shown so far, in order.
    pub fn shown(&self) -> Vec<Signal> {
        self.shown
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Signals for RecordingSignals {
    fn show(&mut self, signal: Signal) {
        self.shown
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(signal);
    }
}

/// A pin that could not be set up, with its settings key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key} : {message}")]
pub struct SignalsError {
    pub key: String,
    pub message: String,
}

/// Patterns played on a thread, onto GPIO pins (or any output setter).
#[derive(Debug)]
pub struct GpioSignals {
    signals: std_mpsc::Sender<Signal>,
}

impl GpioSignals {
    /// Takes the configured pins (low, so everything starts off) and starts the player. Pins not
    /// configured are skipped; with none, the GPIO are not touched at all.
    pub fn open(config: &SignalsConfig) -> Result<GpioSignals, SignalsError> {
        let wanted = [
            ("signals.green_led_gpio", config.green_led_gpio),
            ("signals.red_led_gpio", config.red_led_gpio),
            ("signals.buzzer_gpio", config.buzzer_gpio),
        ];
        let mut pins: [Option<rppal::gpio::OutputPin>; 3] = [None, None, None];
        if wanted.iter().any(|(_, pin)| pin.is_some()) {
            let gpio = rppal::gpio::Gpio::new().map_err(|e| SignalsError {
                key: "signals".to_owned(),
                message: format!("GPIO inaccessibles : {e}"),
            })?;
            for ((key, pin), slot) in wanted.into_iter().zip(&mut pins) {
                if let Some(pin) = pin {
                    let output = gpio.get(pin).map_err(|e| SignalsError {
                        key: key.to_owned(),
                        message: format!("broche GPIO {pin} : {e}"),
                    })?;
                    *slot = Some(output.into_output_low());
                }
            }
        }
        let [mut green, mut red, mut buzzer] = pins;
        GpioSignals::with_outputs(move |on: Outputs| {
            for (pin, on) in [
                (&mut green, on.green),
                (&mut red, on.red),
                (&mut buzzer, on.buzzer),
            ] {
                if let Some(pin) = pin {
                    pin.write(if on {
                        rppal::gpio::Level::High
                    } else {
                        rppal::gpio::Level::Low
                    });
                }
            }
        })
        .map_err(|e| SignalsError {
            key: "signals".to_owned(),
            message: format!("fil d'exécution impossible : {e}"),
        })
    }

    /// Plays patterns through `set`, called with the outputs wanted at each step (and with
    /// everything off at the end of a pattern, and when this is dropped).
    pub fn with_outputs(set: impl FnMut(Outputs) + Send + 'static) -> std::io::Result<GpioSignals> {
        let (signals, rx) = std_mpsc::channel();
        std::thread::Builder::new()
            .name("signaux".to_owned())
            .spawn(move || play(&rx, set))?;
        Ok(GpioSignals { signals })
    }
}

impl Signals for GpioSignals {
    fn show(&mut self, signal: Signal) {
        // The player only stops when this is dropped.
        let _ = self.signals.send(signal);
    }
}

/// Plays each signal received; a new one cuts the one playing. Ends, all off, when the sender is
/// dropped.
fn play(signals: &std_mpsc::Receiver<Signal>, mut set: impl FnMut(Outputs)) {
    let mut next = None;
    loop {
        let signal = match next.take() {
            Some(signal) => signal,
            None => match signals.recv() {
                Ok(signal) => signal,
                Err(_) => break,
            },
        };
        for step in Signal::pattern(signal) {
            set(step.on);
            match signals.recv_timeout(step.duration) {
                Ok(newer) => {
                    next = Some(newer);
                    break;
                }
                Err(std_mpsc::RecvTimeoutError::Timeout) => {}
                Err(std_mpsc::RecvTimeoutError::Disconnected) => {
                    set(Outputs::OFF);
                    return;
                }
            }
        }
        if next.is_none() {
            set(Outputs::OFF);
        }
    }
    set(Outputs::OFF);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn on_time(signal: Signal, output: impl Fn(Outputs) -> bool) -> Duration {
        signal
            .pattern()
            .iter()
            .filter(|s| output(s.on))
            .map(|s| s.duration)
            .sum()
    }

    #[test]
    fn the_four_patterns_are_distinct_and_short() {
        for (i, a) in Signal::ALL.iter().enumerate() {
            assert!(!a.pattern().is_empty(), "{a:?}");
            assert!(a.duration() <= Duration::from_secs(2), "{a:?} too long");
            assert!(a.pattern().iter().all(|s| !s.duration.is_zero()));
            for b in &Signal::ALL[i + 1..] {
                assert_ne!(a.pattern(), b.pattern(), "{a:?} and {b:?}");
            }
        }
    }

    #[test]
    fn each_pattern_says_what_it_means() {
        let green = |o: Outputs| o.green && !o.red;
        let red = |o: Outputs| o.red && !o.green;
        let amber = |o: Outputs| o.green && o.red;
        let beep = |o: Outputs| o.buzzer;
        let blinks = |signal: Signal, lit: &dyn Fn(Outputs) -> bool| {
            let mut count = 0;
            let mut was = false;
            for s in signal.pattern() {
                let now = lit(s.on);
                if now && !was {
                    count += 1;
                }
                was = now;
            }
            count
        };
        // Accepted: green only, one short beep.
        assert!(on_time(Signal::Accepted, green) >= Duration::from_millis(500));
        assert_eq!(on_time(Signal::Accepted, |o| o.red), Duration::ZERO);
        assert_eq!(blinks(Signal::Accepted, &beep), 1);
        assert!(on_time(Signal::Accepted, beep) <= Duration::from_millis(150));
        // Refused: red three times, a long beep.
        assert_eq!(blinks(Signal::Refused, &red), 3);
        assert_eq!(on_time(Signal::Refused, |o| o.green), Duration::ZERO);
        assert_eq!(blinks(Signal::Refused, &beep), 1);
        assert!(on_time(Signal::Refused, beep) >= Duration::from_millis(500));
        // Recorded offline: amber twice, no long beep.
        assert_eq!(blinks(Signal::RecordedOffline, &amber), 2);
        assert!(on_time(Signal::RecordedOffline, beep) <= Duration::from_millis(150));
        // Reader error: slow red blinks, silent.
        assert!(blinks(Signal::ReaderError, &red) >= 2);
        assert!(
            Signal::ReaderError
                .pattern()
                .iter()
                .all(|s| !s.on.green && !s.on.buzzer)
        );
        assert!(
            Signal::ReaderError
                .pattern()
                .iter()
                .all(|s| s.duration >= Duration::from_millis(400))
        );
    }

    /// Outputs set by a player, deduplicated, with when.
    type Log = Arc<Mutex<Vec<(Instant, Outputs)>>>;

    fn recorder() -> (Log, impl FnMut(Outputs) + Send + 'static) {
        let log = Arc::new(Mutex::new(Vec::<(Instant, Outputs)>::new()));
        let writer = log.clone();
        let set = move |o: Outputs| {
            let mut log = writer.lock().unwrap();
            if log.last().map(|(_, last)| *last) != Some(o) {
                log.push((Instant::now(), o));
            }
        };
        (log, set)
    }

    fn states(log: &Mutex<Vec<(Instant, Outputs)>>) -> Vec<Outputs> {
        log.lock().unwrap().iter().map(|(_, o)| *o).collect()
    }

    async fn settled(log: &Mutex<Vec<(Instant, Outputs)>>, n: usize) -> Vec<Outputs> {
        let until = Instant::now() + Duration::from_secs(5);
        while Instant::now() < until {
            let s = states(log);
            if s.len() >= n && s.last() == Some(&Outputs::OFF) {
                return s;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        states(log)
    }

    #[tokio::test]
    async fn a_pattern_plays_then_everything_goes_off() {
        let (log, set) = recorder();
        let mut signals = GpioSignals::with_outputs(set).unwrap();
        let started = Instant::now();
        signals.show(Signal::Accepted);
        let got = settled(&log, 3).await;
        let mut wanted: Vec<Outputs> = ACCEPTED.iter().map(|s| s.on).collect();
        wanted.push(Outputs::OFF);
        assert_eq!(got, wanted);
        let off_at = log.lock().unwrap().last().unwrap().0;
        assert!(off_at - started >= Duration::from_millis(600));
    }

    #[tokio::test]
    async fn a_new_signal_cuts_the_one_playing() {
        let (log, set) = recorder();
        let mut signals = GpioSignals::with_outputs(set).unwrap();
        let started = Instant::now();
        signals.show(Signal::ReaderError);
        tokio::time::sleep(Duration::from_millis(50)).await;
        signals.show(Signal::Accepted);
        let got = settled(&log, 4).await;
        let red = Outputs {
            red: true,
            ..Outputs::OFF
        };
        let mut wanted = vec![red];
        wanted.extend(ACCEPTED.iter().map(|s| s.on));
        wanted.push(Outputs::OFF);
        assert_eq!(got, wanted);
        // Done well before the reader error's 1.5 s.
        let off_at = log.lock().unwrap().last().unwrap().0;
        assert!(off_at - started < Duration::from_millis(1_400));
    }

    #[tokio::test]
    async fn dropping_the_player_turns_everything_off() {
        let (log, set) = recorder();
        let mut signals = GpioSignals::with_outputs(set).unwrap();
        signals.show(Signal::Refused);
        tokio::time::sleep(Duration::from_millis(30)).await;
        drop(signals);
        let got = settled(&log, 2).await;
        assert_eq!(got.first(), Some(&REFUSED[0].on));
        assert_eq!(got.last(), Some(&Outputs::OFF));
    }

    #[test]
    fn recording_and_silent_signals() {
        let recorder = RecordingSignals::new();
        let mut boxed: Box<dyn Signals> = Box::new(recorder.clone());
        boxed.show(Signal::Accepted);
        boxed.show(Signal::ReaderError);
        assert_eq!(recorder.shown(), [Signal::Accepted, Signal::ReaderError]);
        NoSignals.show(Signal::Refused);
        // No pins configured: nothing to open, even off a Raspberry Pi.
        let mut none = GpioSignals::open(&SignalsConfig::default()).unwrap();
        none.show(Signal::Accepted);
    }

    #[test]
    fn a_pin_that_cannot_be_had_names_its_key() {
        // Off a Raspberry Pi the GPIO cannot be opened at all; on one, pin 40 does not exist.
        let err = GpioSignals::open(&SignalsConfig {
            green_led_gpio: Some(40),
            ..SignalsConfig::default()
        })
        .unwrap_err();
        assert!(err.key.starts_with("signals"), "{err}");
    }
}
