//! USB "keyboard wedge" readers, read through evdev: the reader types the card id and Enter.
//!
//! Key *codes* are mapped, not characters: the keyboard layout does not matter (an AZERTY keymap
//! would otherwise turn the digits row into `&é"'(-è_çà`). The device is grabbed (when configured)
//! so its keystrokes never reach a console. Unplugged (ENODEV), it is reopened at the same path
//! with a backoff: the udev `by-id` path comes back when the reader does.

use super::{Backoff, ReaderHealth, spawn_reader_thread};
use crate::source::{BadgeSource, Read};
use ::evdev::KeyCode;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Longest badge (the protocol's limit).
pub const MAX_BADGE_LEN: usize = 64;

/// A reader types a whole id within milliseconds: characters older than this without an Enter are
/// a lost line, dropped rather than glued to the next badge.
pub const STALE_AFTER: Duration = Duration::from_secs(2);

/// The character a key types whatever the layout: `KEY_0`–`KEY_9`, the keypad's digits, and
/// `KEY_A`–`KEY_Z` (as upper case). Anything else types nothing.
pub fn key_to_char(code: KeyCode) -> Option<char> {
    Some(match code {
        KeyCode::KEY_0 | KeyCode::KEY_KP0 => '0',
        KeyCode::KEY_1 | KeyCode::KEY_KP1 => '1',
        KeyCode::KEY_2 | KeyCode::KEY_KP2 => '2',
        KeyCode::KEY_3 | KeyCode::KEY_KP3 => '3',
        KeyCode::KEY_4 | KeyCode::KEY_KP4 => '4',
        KeyCode::KEY_5 | KeyCode::KEY_KP5 => '5',
        KeyCode::KEY_6 | KeyCode::KEY_KP6 => '6',
        KeyCode::KEY_7 | KeyCode::KEY_KP7 => '7',
        KeyCode::KEY_8 | KeyCode::KEY_KP8 => '8',
        KeyCode::KEY_9 | KeyCode::KEY_KP9 => '9',
        KeyCode::KEY_A => 'A',
        KeyCode::KEY_B => 'B',
        KeyCode::KEY_C => 'C',
        KeyCode::KEY_D => 'D',
        KeyCode::KEY_E => 'E',
        KeyCode::KEY_F => 'F',
        KeyCode::KEY_G => 'G',
        KeyCode::KEY_H => 'H',
        KeyCode::KEY_I => 'I',
        KeyCode::KEY_J => 'J',
        KeyCode::KEY_K => 'K',
        KeyCode::KEY_L => 'L',
        KeyCode::KEY_M => 'M',
        KeyCode::KEY_N => 'N',
        KeyCode::KEY_O => 'O',
        KeyCode::KEY_P => 'P',
        KeyCode::KEY_Q => 'Q',
        KeyCode::KEY_R => 'R',
        KeyCode::KEY_S => 'S',
        KeyCode::KEY_T => 'T',
        KeyCode::KEY_U => 'U',
        KeyCode::KEY_V => 'V',
        KeyCode::KEY_W => 'W',
        KeyCode::KEY_X => 'X',
        KeyCode::KEY_Y => 'Y',
        KeyCode::KEY_Z => 'Z',
        _ => return None,
    })
}

/// Whether a key ends a badge.
pub fn is_enter(code: KeyCode) -> bool {
    matches!(code, KeyCode::KEY_ENTER | KeyCode::KEY_KPENTER)
}

/// Turns key presses into reads: characters up to Enter.
#[derive(Debug, Default)]
pub struct LineAssembler {
    text: String,
    /// Characters typed since the last Enter (beyond [`MAX_BADGE_LEN`], not kept).
    typed: usize,
    last: Option<Instant>,
}

impl LineAssembler {
    pub fn new() -> LineAssembler {
        LineAssembler::default()
    }

    /// One key press at `now`: a read when it is Enter ending a non-empty line. An Enter alone
    /// reads nothing; a line over 64 characters is unreadable.
    pub fn key(&mut self, code: KeyCode, now: Instant) -> Option<Read> {
        if let Some(last) = self.last
            && self.typed > 0
            && now.saturating_duration_since(last) > STALE_AFTER
        {
            tracing::debug!(line = %self.text, "début de badge sans fin abandonné");
            self.clear();
        }
        self.last = Some(now);
        if is_enter(code) {
            return self.finish();
        }
        if let Some(c) = key_to_char(code) {
            self.typed += 1;
            if self.text.len() < MAX_BADGE_LEN {
                self.text.push(c);
            }
        }
        None
    }

    /// Forgets a partial line (the reader went away mid-line).
    pub fn clear(&mut self) {
        self.text.clear();
        self.typed = 0;
    }

    fn finish(&mut self) -> Option<Read> {
        let text = std::mem::take(&mut self.text);
        let typed = std::mem::take(&mut self.typed);
        match typed {
            0 => None,
            n if n > MAX_BADGE_LEN => Some(Read::Unreadable(format!(
                "badge trop long ({n} caractères, {MAX_BADGE_LEN} au plus)"
            ))),
            _ => Some(Read::Badge(text)),
        }
    }
}

/// Where key presses come from.
pub trait KeyInput: Send {
    /// Waits for key presses (value 1 events; not releases nor auto-repeats), in order. Returns an
    /// empty batch right after (re)opening the device, so its health clears. An error (French)
    /// when it cannot be opened or read; the next call reopens it.
    fn next_keys(&mut self) -> Result<Vec<KeyCode>, String>;
}

/// Reads badges typed by a USB keyboard-wedge reader.
#[derive(Debug)]
pub struct EvdevReader {
    reads: mpsc::Receiver<Read>,
}

impl EvdevReader {
    /// The real reader at `device` (e.g. `/dev/input/by-id/usb-…-event-kbd`), grabbed if `grab`.
    pub fn open(device: PathBuf, grab: bool, health: ReaderHealth) -> std::io::Result<EvdevReader> {
        EvdevReader::with_keys(EvdevKeys::new(device, grab), health)
    }

    /// Any key input, retried with the default backoff (0.5 s doubling to 10 s).
    pub fn with_keys(
        keys: impl KeyInput + 'static,
        health: ReaderHealth,
    ) -> std::io::Result<EvdevReader> {
        EvdevReader::spawn(keys, Backoff::default(), health)
    }

    /// Any key input, retried with `backoff`.
    pub fn spawn(
        mut keys: impl KeyInput + 'static,
        mut backoff: Backoff,
        health: ReaderHealth,
    ) -> std::io::Result<EvdevReader> {
        let reads = spawn_reader_thread("evdev", move |tx| {
            let mut line = LineAssembler::new();
            while !tx.is_closed() {
                match keys.next_keys() {
                    Ok(codes) => {
                        health.report_ok();
                        backoff.reset();
                        let now = Instant::now();
                        for code in codes {
                            if let Some(read) = line.key(code, now)
                                && tx.blocking_send(read).is_err()
                            {
                                return;
                            }
                        }
                    }
                    Err(detail) => {
                        health.report_error(detail);
                        line.clear();
                        std::thread::sleep(backoff.next_delay());
                    }
                }
            }
        })?;
        Ok(EvdevReader { reads })
    }
}

impl BadgeSource for EvdevReader {
    fn name(&self) -> &'static str {
        "evdev"
    }

    async fn next(&mut self) -> Option<Read> {
        self.reads.recv().await
    }
}

/// The real [`KeyInput`]: an evdev device.
#[derive(Debug)]
pub struct EvdevKeys {
    path: PathBuf,
    grab: bool,
    device: Option<::evdev::Device>,
}

impl EvdevKeys {
    /// Nothing is opened until the first call.
    pub fn new(path: PathBuf, grab: bool) -> EvdevKeys {
        EvdevKeys {
            path,
            grab,
            device: None,
        }
    }

    fn open(&self) -> Result<::evdev::Device, String> {
        let mut device = ::evdev::Device::open(&self.path).map_err(|e| describe(&self.path, &e))?;
        if self.grab {
            device.grab().map_err(|e| {
                format!(
                    "{} : prise exclusive impossible ({e}) — un autre programme le lit-il ?",
                    self.path.display()
                )
            })?;
        }
        tracing::info!(
            device = %self.path.display(),
            name = device.name().unwrap_or("?"),
            grabbed = self.grab,
            "lecteur USB ouvert"
        );
        Ok(device)
    }
}

/// ENODEV: the device went away (unplugged).
const ENODEV: i32 = 19;

fn describe(path: &Path, e: &std::io::Error) -> String {
    let path = path.display();
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("lecteur absent ({path} introuvable)"),
        std::io::ErrorKind::PermissionDenied => {
            format!("{path} : accès refusé (le kiosque est-il dans le groupe input ?)")
        }
        _ if e.raw_os_error() == Some(ENODEV) => format!("lecteur débranché ({path})"),
        _ => format!("{path} : {e}"),
    }
}

impl KeyInput for EvdevKeys {
    fn next_keys(&mut self) -> Result<Vec<KeyCode>, String> {
        let Some(device) = &mut self.device else {
            self.device = Some(self.open()?);
            return Ok(Vec::new());
        };
        let fetched = match device.fetch_events() {
            Ok(events) => Ok(events
                .filter_map(|event| match event.destructure() {
                    ::evdev::EventSummary::Key(_, code, 1) => Some(code),
                    _ => None,
                })
                .collect()),
            Err(e) => Err(e),
        };
        match fetched {
            Ok(keys) => Ok(keys),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Ok(Vec::new()),
            Err(e) => {
                self.device = None;
                Err(describe(&self.path, &e))
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::readers::testing::{Scripted, Step, failing, quick};

    fn keys(text: &str) -> Vec<KeyCode> {
        text.chars()
            .map(|c| match c {
                '0' => KeyCode::KEY_0,
                '1' => KeyCode::KEY_1,
                '2' => KeyCode::KEY_2,
                '3' => KeyCode::KEY_3,
                '4' => KeyCode::KEY_4,
                '9' => KeyCode::KEY_9,
                'A' => KeyCode::KEY_A,
                'B' => KeyCode::KEY_B,
                'Q' => KeyCode::KEY_Q,
                'Z' => KeyCode::KEY_Z,
                '\n' => KeyCode::KEY_ENTER,
                '^' => KeyCode::KEY_LEFTSHIFT,
                _ => KeyCode::KEY_SPACE,
            })
            .collect()
    }

    fn assemble(codes: &[KeyCode]) -> Vec<Read> {
        let mut line = LineAssembler::new();
        let now = Instant::now();
        codes.iter().filter_map(|c| line.key(*c, now)).collect()
    }

    #[test]
    fn key_codes_map_whatever_the_layout() {
        let digits = [
            KeyCode::KEY_1,
            KeyCode::KEY_2,
            KeyCode::KEY_3,
            KeyCode::KEY_4,
            KeyCode::KEY_5,
            KeyCode::KEY_6,
            KeyCode::KEY_7,
            KeyCode::KEY_8,
            KeyCode::KEY_9,
            KeyCode::KEY_0,
        ];
        let typed: String = digits.iter().filter_map(|k| key_to_char(*k)).collect();
        assert_eq!(typed, "1234567890");
        let keypad = [
            KeyCode::KEY_KP0,
            KeyCode::KEY_KP1,
            KeyCode::KEY_KP5,
            KeyCode::KEY_KP9,
        ];
        let typed: String = keypad.iter().filter_map(|k| key_to_char(*k)).collect();
        assert_eq!(typed, "0159");
        // The QWERTY positions: KEY_Q is where AZERTY has A; the code is what counts.
        assert_eq!(key_to_char(KeyCode::KEY_Q), Some('Q'));
        assert_eq!(key_to_char(KeyCode::KEY_A), Some('A'));
        assert_eq!(key_to_char(KeyCode::KEY_M), Some('M'));
        let letters: String = (0..=u16::MAX)
            .filter_map(|c| key_to_char(KeyCode(c)))
            .filter(char::is_ascii_uppercase)
            .collect::<std::collections::BTreeSet<char>>()
            .into_iter()
            .collect();
        assert_eq!(letters, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        for other in [
            KeyCode::KEY_LEFTSHIFT,
            KeyCode::KEY_RIGHTSHIFT,
            KeyCode::KEY_CAPSLOCK,
            KeyCode::KEY_MINUS,
            KeyCode::KEY_SPACE,
            KeyCode::KEY_ENTER,
            KeyCode::KEY_KPENTER,
        ] {
            assert_eq!(key_to_char(other), None, "{other:?}");
        }
        assert!(is_enter(KeyCode::KEY_ENTER) && is_enter(KeyCode::KEY_KPENTER));
    }

    #[test]
    fn lines_end_at_enter_and_ignore_shift_and_other_keys() {
        assert_eq!(
            assemble(&keys("^0^4^A3 1^B\n\n9Z\n")),
            vec![Read::Badge("04A31B".into()), Read::Badge("9Z".into())]
        );
        let mut codes = keys("12");
        codes.push(KeyCode::KEY_KPENTER);
        assert_eq!(assemble(&codes), vec![Read::Badge("12".into())]);
    }

    #[test]
    fn lines_are_capped_at_64_characters() {
        let just = "A".repeat(64) + "\n";
        assert_eq!(assemble(&keys(&just)), vec![Read::Badge("A".repeat(64))]);
        let over = "0".repeat(70) + "\n" + "12\n";
        assert_eq!(
            assemble(&keys(&over)),
            vec![
                Read::Unreadable("badge trop long (70 caractères, 64 au plus)".into()),
                Read::Badge("12".into())
            ]
        );
    }

    #[test]
    fn a_stale_partial_line_is_dropped() {
        let mut line = LineAssembler::new();
        let t0 = Instant::now();
        for k in keys("99") {
            assert_eq!(line.key(k, t0), None);
        }
        let later = t0 + STALE_AFTER + Duration::from_millis(1);
        let mut got = vec![];
        for k in keys("12\n") {
            got.extend(line.key(k, later));
        }
        assert_eq!(got, vec![Read::Badge("12".into())]);
    }

    /// Key batches (or failures) fed by the test.
    struct Fed(Scripted<Vec<KeyCode>>);

    impl KeyInput for Fed {
        fn next_keys(&mut self) -> Result<Vec<KeyCode>, String> {
            Ok(self.0.next(Duration::from_millis(5))?.unwrap_or_default())
        }
    }

    #[tokio::test]
    async fn an_unplugged_reader_is_reported_and_reopened() {
        let (fed, script, failures) = Scripted::new();
        let health = ReaderHealth::new();
        let mut reader = EvdevReader::spawn(Fed(fed), quick(), health.clone()).unwrap();
        assert_eq!(reader.name(), "evdev");
        script.send(Step::Give(keys("123"))).unwrap();
        let unplugged = "lecteur débranché (/dev/input/by-id/usb-x-event-kbd)".to_owned();
        script.send(Step::Fail(unplugged.clone())).unwrap();
        assert!(failing(&health, &failures, 3).await, "retried");
        assert_eq!(
            health.summary("evdev"),
            format!("evdev: erreur — {unplugged}")
        );
        // Plugged back: the half line before the failure is gone.
        script.send(Step::Heal).unwrap();
        script.send(Step::Give(keys("4\n"))).unwrap();
        assert_eq!(reader.next().await, Some(Read::Badge("4".into())));
        assert!(health.is_ok());
    }

    #[test]
    fn a_missing_device_is_an_error_not_a_panic() {
        let mut input = EvdevKeys::new("/nonexistent/event-kbd".into(), true);
        assert_eq!(
            input.next_keys(),
            Err("lecteur absent (/nonexistent/event-kbd introuvable)".to_owned())
        );
        assert_eq!(
            describe(
                Path::new("/dev/x"),
                &std::io::Error::from_raw_os_error(ENODEV)
            ),
            "lecteur débranché (/dev/x)"
        );
    }
}
