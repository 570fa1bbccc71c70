//! The kiosk's configuration: a TOML file (`--config`), then `CITEOSQUARE_KIOSK_*` environment
//! variables and flags. `firmware-config/kiosk.example.toml` is the commented reference.

use crate::hardware::{ClockCheck, Hardware, ReaderConfig, ScreenConfig, SignalsConfig};
use citeosquare_protocol::KioskId;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Resolved settings of one kiosk.
#[derive(Clone)]
pub struct Settings {
    pub id: KioskId,
    pub site: String,
    pub broker_host: String,
    pub broker_port: u16,
    pub password: String,
    pub data_dir: PathBuf,
    /// A sent event with no ack after this long is sent again (with the same id and bytes).
    pub retry_after: Duration,
    /// Most events sent and not yet acked at once.
    pub window: usize,
    pub keep_alive: Duration,
    /// The reader, screen, lights and buzzer.
    pub hardware: Hardware,
    /// The same card read again within this time is one tap (a card resting on the reader).
    pub debounce: Duration,
    /// Most events the outbox keeps undelivered; beyond, new taps are refused out loud (the person
    /// is told, the status raises `outbox_full`) — never an old one dropped.
    pub outbox_max_events: u64,
    /// Above this many undelivered events, the status raises an alarm for the desk.
    pub outbox_alarm_events: u64,
    pub clock_check: ClockCheck,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("id", &self.id)
            .field("site", &self.site)
            .field(
                "broker",
                &format!("{}:{}", self.broker_host, self.broker_port),
            )
            .field("data_dir", &self.data_dir)
            .field("retry_after", &self.retry_after)
            .finish_non_exhaustive()
    }
}

impl Settings {
    /// One line per part, in French, for `--check-config` and the journal at start.
    pub fn summary(&self) -> Vec<String> {
        use crate::hardware::{ReaderConfig as R, ScreenConfig as S};
        let reader = match &self.hardware.reader {
            R::Stdin => "simulé (entrée standard)".to_owned(),
            R::Mfrc522 {
                spi_bus,
                spi_chip_select,
                ..
            } => {
                format!("MFRC522 sur SPI {spi_bus}.{spi_chip_select}")
            }
            R::Wiegand {
                d0_gpio, d1_gpio, ..
            } => {
                format!("Wiegand, D0 sur GPIO {d0_gpio}, D1 sur GPIO {d1_gpio}")
            }
            R::Evdev { device, .. } => format!("USB (clavier) {}", device.display()),
        };
        let screen = match &self.hardware.screen {
            S::None => "aucun".to_owned(),
            S::Ssd1306 {
                i2c_bus, address, ..
            } => {
                format!("SSD1306 128×64 sur I2C {i2c_bus} ({address:#04x})")
            }
            S::St7789 {
                width,
                height,
                spi_bus,
                spi_chip_select,
                ..
            } => {
                format!("ST7789 {width}×{height} sur SPI {spi_bus}.{spi_chip_select}")
            }
        };
        let sig = &self.hardware.signals;
        let pin = |p: Option<u8>| p.map_or("—".to_owned(), |p| format!("GPIO {p}"));
        vec![
            format!("borne {} (site {})", self.id.as_str(), self.site),
            format!("serveur MQTT {}:{}", self.broker_host, self.broker_port),
            if self.password.is_empty() {
                "mot de passe MQTT : absent (à donner dans CITEOSQUARE_KIOSK_PASSWORD)".to_owned()
            } else {
                "mot de passe MQTT : fourni".to_owned()
            },
            format!(
                "file d'attente {} (alerte à {}, pleine à {} passages)",
                self.data_dir.display(),
                self.outbox_alarm_events,
                self.outbox_max_events
            ),
            format!(
                "un badge = un passage par {} ms ; horloge vérifiée par {}",
                self.debounce.as_millis(),
                match self.clock_check {
                    ClockCheck::Chrony => "chrony",
                    ClockCheck::Timesyncd => "systemd-timesyncd",
                    ClockCheck::None => "rien (non vérifiée)",
                }
            ),
            format!("lecteur : {reader}"),
            format!("écran : {screen}"),
            format!(
                "voyants : vert {}, rouge {} ; buzzer {}",
                pin(sig.green_led_gpio),
                pin(sig.red_led_gpio),
                pin(sig.buzzer_gpio)
            ),
        ]
    }

    /// Defaults for a kiosk id and password (broker on 127.0.0.1:1883, site main).
    pub fn new(id: KioskId, password: impl Into<String>, data_dir: PathBuf) -> Settings {
        Settings {
            id,
            site: "main".into(),
            broker_host: "127.0.0.1".into(),
            broker_port: 1883,
            password: password.into(),
            data_dir,
            retry_after: Duration::from_secs(10),
            window: 256,
            keep_alive: Duration::from_secs(10),
            hardware: Hardware::default(),
            debounce: Duration::from_secs(2),
            outbox_max_events: 200_000,
            outbox_alarm_events: 1_000,
            clock_check: ClockCheck::None,
        }
    }
}

/// The file's shape.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub id: Option<String>,
    pub site: Option<String>,
    /// `host:port` of the MQTT broker.
    pub broker: Option<String>,
    pub password: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub retry_after_ms: Option<u64>,
    pub debounce_ms: Option<u64>,
    pub outbox_max_events: Option<u64>,
    pub outbox_alarm_events: Option<u64>,
    pub clock_check: Option<ClockCheck>,
    pub reader: Option<ReaderConfig>,
    pub screen: Option<ScreenConfig>,
    pub signals: Option<SignalsConfig>,
}

/// Flags (and environment variables) of the kiosk binary.
#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "citeosquare-kiosk",
    version,
    about = "Borne à badge CITEOSQUARE (lecteur simulé : une ligne = un badge)"
)]
pub struct Args {
    /// Configuration file (TOML).
    #[arg(long, env = "CITEOSQUARE_KIOSK_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Kiosk id (also its MQTT user name), e.g. demo-sel.
    #[arg(long, env = "CITEOSQUARE_KIOSK_ID")]
    pub id: Option<String>,
    /// Site id. Default main.
    #[arg(long, env = "CITEOSQUARE_KIOSK_SITE")]
    pub site: Option<String>,
    /// MQTT broker, host:port. Default 127.0.0.1:1883.
    #[arg(long, env = "CITEOSQUARE_KIOSK_BROKER")]
    pub broker: Option<String>,
    /// MQTT password (prefer the environment variable).
    #[arg(long, env = "CITEOSQUARE_KIOSK_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
    /// Where the outbox lives. Default ./kiosk-data/ID.
    #[arg(long, env = "CITEOSQUARE_KIOSK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Resend an unacknowledged event after this many milliseconds. Default 10000.
    #[arg(long, value_name = "MS")]
    pub retry_after_ms: Option<u64>,
    /// Read badges from this file (one per line) instead of standard input.
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,
    /// Pause between scripted badges, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub interval_ms: u64,
    /// Feedback format: text (French, for people) or json (one object per line).
    #[arg(long, value_enum, default_value_t = FeedbackFormat::Text)]
    pub feedback: FeedbackFormat,
    /// Exit once the badge source has ended and every event is acked.
    #[arg(long)]
    pub exit_when_drained: bool,
    /// Check the configuration (file, environment, flags) and exit: 0 and a summary when it is
    /// usable, 2 and the key at fault when not. Opens no device and no connection.
    #[arg(long)]
    pub check_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FeedbackFormat {
    Text,
    Json,
}

/// A setting that cannot be used, naming its key.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{0}: {1}")]
    File(PathBuf, String),
    #[error("{key}: {message}")]
    Invalid { key: &'static str, message: String },
    #[error(transparent)]
    Hardware(#[from] crate::hardware::HardwareError),
}

fn invalid(key: &'static str, message: impl Into<String>) -> SettingsError {
    SettingsError::Invalid {
        key,
        message: message.into(),
    }
}

impl Args {
    pub fn resolve(&self) -> Result<Settings, SettingsError> {
        let file = match &self.config {
            Some(path) => read(path)?,
            None => FileSettings::default(),
        };
        let id_text = self
            .id
            .clone()
            .or(file.id)
            .ok_or_else(|| invalid("id", "required (--id or id = \"…\" in the file)"))?;
        let id = KioskId::parse(&id_text).ok_or_else(|| {
            invalid(
                "id",
                format!("{id_text:?} must match [a-z0-9][a-z0-9-]{{0,62}}"),
            )
        })?;
        let password = self
            .password
            .clone()
            .or(file.password)
            // Checking a file does not need the secret.
            .or_else(|| self.check_config.then(String::new))
            .ok_or_else(|| invalid("password", "required (CITEOSQUARE_KIOSK_PASSWORD)"))?;
        let data_dir = self
            .data_dir
            .clone()
            .or(file.data_dir)
            // Under systemd, the unit's StateDirectory (the only place it may write).
            .or_else(|| std::env::var_os("STATE_DIRECTORY").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("kiosk-data").join(id.as_str()));
        let mut s = Settings::new(id, password, data_dir);
        if let Some(site) = self.site.clone().or(file.site) {
            if !citeosquare_protocol::is_name(&site) {
                return Err(invalid(
                    "site",
                    format!("{site:?} must match [a-z0-9][a-z0-9-]{{0,62}}"),
                ));
            }
            s.site = site;
        }
        if let Some(broker) = self.broker.clone().or(file.broker) {
            let (host, port) = broker
                .rsplit_once(':')
                .and_then(|(h, p)| Some((h.to_owned(), p.parse::<u16>().ok()?)))
                .filter(|(h, _)| !h.is_empty())
                .ok_or_else(|| invalid("broker", format!("{broker:?}: expected HOST:PORT")))?;
            s.broker_host = host;
            s.broker_port = port;
        }
        if let Some(ms) = self.retry_after_ms.or(file.retry_after_ms) {
            if ms < 100 {
                return Err(invalid("retry_after_ms", "at least 100"));
            }
            s.retry_after = Duration::from_millis(ms);
        }
        if let Some(ms) = file.debounce_ms {
            if ms > 60_000 {
                return Err(invalid("debounce_ms", "at most 60000 (one minute)"));
            }
            s.debounce = Duration::from_millis(ms);
        }
        if let Some(n) = file.outbox_max_events {
            if n < 1_000 {
                return Err(invalid("outbox_max_events", "at least 1000"));
            }
            s.outbox_max_events = n;
        }
        if let Some(n) = file.outbox_alarm_events {
            if n == 0 {
                return Err(invalid("outbox_alarm_events", "at least 1"));
            }
            s.outbox_alarm_events = n;
        }
        if s.outbox_alarm_events >= s.outbox_max_events {
            return Err(invalid(
                "outbox_alarm_events",
                "must be below outbox_max_events (the alarm comes before anything is dropped)",
            ));
        }
        if let Some(c) = file.clock_check {
            s.clock_check = c;
        }
        s.hardware = Hardware {
            reader: file.reader.unwrap_or(ReaderConfig::Stdin),
            screen: file.screen.unwrap_or(ScreenConfig::None),
            signals: file.signals.unwrap_or_default(),
        };
        s.hardware.validate()?;
        // A card resting on an MFRC522 is seen at every poll: the window must span several polls.
        let floor = match &s.hardware.reader {
            ReaderConfig::Mfrc522 { poll_ms, .. } => (3 * poll_ms).max(300),
            _ => 300,
        };
        if s.debounce < Duration::from_millis(floor) {
            return Err(invalid(
                "debounce_ms",
                format!("at least {floor} ms with this reader (a resting card would count again)"),
            ));
        }
        Ok(s)
    }
}

fn read(path: &Path) -> Result<FileSettings, SettingsError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| SettingsError::File(path.to_owned(), e.to_string()))?;
    toml::from_str(&text).map_err(|e| SettingsError::File(path.to_owned(), e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn flags_resolve_with_defaults() {
        let a = Args::parse_from([
            "k",
            "--id",
            "demo-sel",
            "--password",
            "demo",
            "--broker",
            "127.0.0.1:1999",
        ]);
        let s = a.resolve().expect("valid");
        assert_eq!(s.id.as_str(), "demo-sel");
        assert_eq!((s.broker_host.as_str(), s.broker_port), ("127.0.0.1", 1999));
        assert_eq!(s.site, "main");
        assert_eq!(s.data_dir, PathBuf::from("kiosk-data/demo-sel"));
        assert!(
            !format!("{s:?}").contains("demo\""),
            "password must not be printed"
        );
    }

    #[test]
    fn bad_values_name_their_key() {
        let err = Args::parse_from(["k", "--id", "Demo", "--password", "x"])
            .resolve()
            .expect_err("bad id");
        assert!(err.to_string().starts_with("id:"), "{err}");
        let err = Args::parse_from(["k", "--id", "a", "--password", "x", "--broker", "nohost"])
            .resolve()
            .expect_err("bad broker");
        assert!(err.to_string().starts_with("broker:"), "{err}");
        let err = Args::parse_from(["k", "--id", "a"])
            .resolve()
            .expect_err("no password");
        assert!(err.to_string().starts_with("password:"), "{err}");
    }

    #[test]
    fn committed_example_file_is_valid() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../firmware-config/kiosk.example.toml");
        let a = Args::parse_from([
            "k",
            "--config",
            path.to_str().expect("utf8"),
            "--password",
            "from-env",
        ]);
        a.resolve().expect("example resolves");
    }
}
