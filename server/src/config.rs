//! Typed configuration, loaded once: the TOML file, then `CITEOSQUARE_*` environment variables, then
//! command-line flags (each later source wins). `citeosquare.example.toml` at the repository root is
//! the commented reference.

use serde::Deserialize;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// A secret that never shows in `Debug` output or logs.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Which MQTT broker the server talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broker {
    /// rumqttd started inside the server process, listening on this address; kiosk accounts come
    /// from the database.
    Embedded { listen: SocketAddr },
    /// An external broker (Mosquitto in production), reached with these credentials.
    External {
        host: String,
        port: u16,
        username: String,
        password: Secret,
    },
}

/// The server's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site id, the `{site}` of every topic.
    pub site: String,
    pub data_dir: PathBuf,
    pub http: SocketAddr,
    pub time_zone: chrono_tz::Tz,
    pub broker: Broker,
    /// A kiosk's clock may differ from the server's by this much before its events are flagged.
    pub clock_skew_tolerance_ms: i64,
    /// The MQTT client id of the server's persistent session.
    pub mqtt_client_id: String,
    /// The server sits behind a reverse proxy (TLS): believe its `X-Forwarded-For` (client
    /// address, for login throttling) and `X-Forwarded-Host` (for the same-origin check of forms).
    pub behind_proxy: bool,
    /// Where the evacuation list is written every minute (default: `<data_dir>/evacuation`).
    pub evacuation_dir: Option<PathBuf>,
}

impl Config {
    /// The SQLite database file.
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("citeosquare.db")
    }

    /// The directory the evacuation list file is written to.
    pub fn evacuation_dir(&self) -> PathBuf {
        self.evacuation_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("evacuation"))
    }
}

/// The file's shape: every key optional, defaults applied in [`Overrides::resolve`].
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub site: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub http: Option<SocketAddr>,
    pub time_zone: Option<String>,
    pub mqtt: Option<FileMqtt>,
    pub kiosks: Option<FileKiosks>,
    pub behind_proxy: Option<bool>,
    /// Where the evacuation list is written every minute.
    pub evacuation_dir: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileMqtt {
    /// `embedded` (default) or `external`.
    pub mode: Option<String>,
    /// Embedded broker listen address.
    pub listen: Option<SocketAddr>,
    /// External broker, `mqtt://host:port`.
    pub url: Option<String>,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub client_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileKiosks {
    pub clock_skew_tolerance_seconds: Option<u32>,
}

/// Values from the environment or flags (clap reads both, flags first); `None` leaves the file's
/// value or the default.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct Overrides {
    /// Configuration file (TOML); see citeosquare.example.toml.
    #[arg(long, global = true, env = "CITEOSQUARE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Data directory (database, backups). Default ./data.
    #[arg(long, global = true, env = "CITEOSQUARE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Site id used in MQTT topics. Default main.
    #[arg(long, global = true, env = "CITEOSQUARE_SITE", value_name = "ID")]
    pub site: Option<String>,
    /// IANA time zone for local rules. Default Europe/Paris.
    #[arg(
        long,
        global = true,
        env = "CITEOSQUARE_TIME_ZONE",
        value_name = "ZONE"
    )]
    pub time_zone: Option<String>,
}

/// Flags of `serve` only.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct ServeOverrides {
    /// HTTP listen address. Default 127.0.0.1:8080; port 0 picks a free port.
    #[arg(long, env = "CITEOSQUARE_HTTP", value_name = "ADDR")]
    pub http: Option<SocketAddr>,
    /// Embedded broker listen address. Default 127.0.0.1:1883.
    #[arg(long, env = "CITEOSQUARE_MQTT", value_name = "ADDR")]
    pub mqtt: Option<SocketAddr>,
    /// Use an external broker instead of the embedded one, e.g. mqtt://127.0.0.1:1883.
    #[arg(long, env = "CITEOSQUARE_MQTT_URL", value_name = "URL")]
    pub mqtt_url: Option<String>,
    /// User name on the external broker. Default citeosquare-server.
    #[arg(long, env = "CITEOSQUARE_MQTT_USERNAME", value_name = "NAME")]
    pub mqtt_username: Option<String>,
    /// Password on the external broker (prefer the environment variable to the flag).
    #[arg(
        long,
        env = "CITEOSQUARE_MQTT_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    pub mqtt_password: Option<String>,
    /// The server is behind a reverse proxy (TLS): trust its X-Forwarded-For and X-Forwarded-Host.
    #[arg(long, env = "CITEOSQUARE_BEHIND_PROXY")]
    pub behind_proxy: bool,
    /// Where the evacuation list is written every minute (a shared folder, a USB key…).
    /// Default <data dir>/evacuation.
    #[arg(long, env = "CITEOSQUARE_EVACUATION_DIR", value_name = "DIR")]
    pub evacuation_dir: Option<PathBuf>,
}

/// A configuration that cannot be used, with the key at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{key}: {message}")]
    Invalid { key: &'static str, message: String },
}

pub const DEFAULT_HTTP: &str = "127.0.0.1:8080";
pub const DEFAULT_MQTT: &str = "127.0.0.1:1883";
pub const SERVER_MQTT_USER: &str = "citeosquare-server";

impl Overrides {
    /// Reads the file named by `--config` (if any) and applies the overrides over it.
    pub fn resolve(&self, serve: &ServeOverrides) -> Result<Config, ConfigError> {
        let file = match &self.config {
            Some(path) => read_file(path)?,
            None => FileConfig::default(),
        };
        let mqtt = file.mqtt.unwrap_or_default();

        let site = self
            .site
            .clone()
            .or(file.site)
            .unwrap_or_else(|| "main".to_owned());
        if !citeosquare_protocol::is_name(&site) {
            return Err(ConfigError::Invalid {
                key: "site",
                message: format!("{site:?} must match [a-z0-9][a-z0-9-]{{0,62}}"),
            });
        }
        let tz_name = self
            .time_zone
            .clone()
            .or(file.time_zone)
            .unwrap_or_else(|| "Europe/Paris".to_owned());
        let time_zone = tz_name
            .parse::<chrono_tz::Tz>()
            .map_err(|_| ConfigError::Invalid {
                key: "time_zone",
                message: format!("{tz_name:?} is not an IANA time zone such as Europe/Paris"),
            })?;
        let http = serve.http.or(file.http).unwrap_or_else(default_http);

        // A URL given on the command line or in the environment means an external broker, whatever
        // the file's mode says; in the file, a URL without a mode means the same.
        let url = serve.mqtt_url.clone().or(mqtt.url);
        let file_mode = if serve.mqtt_url.is_some() {
            Some("external")
        } else {
            mqtt.mode.as_deref()
        };
        let mode = match (&url, file_mode) {
            (_, Some("external")) | (Some(_), None) => "external",
            (_, None | Some("embedded")) => "embedded",
            (_, Some(other)) => {
                return Err(ConfigError::Invalid {
                    key: "mqtt.mode",
                    message: format!("{other:?}: expected \"embedded\" or \"external\""),
                });
            }
        };
        let broker = if mode == "external" {
            let url = url.ok_or(ConfigError::Invalid {
                key: "mqtt.url",
                message: "required when mqtt.mode is \"external\"".into(),
            })?;
            let (host, port) = parse_mqtt_url(&url).ok_or_else(|| ConfigError::Invalid {
                key: "mqtt.url",
                message: format!("{url:?}: expected mqtt://HOST:PORT"),
            })?;
            Broker::External {
                host,
                port,
                username: serve
                    .mqtt_username
                    .clone()
                    .or(mqtt.username)
                    .unwrap_or_else(|| SERVER_MQTT_USER.to_owned()),
                password: serve
                    .mqtt_password
                    .clone()
                    .map(Secret::new)
                    .or(mqtt.password)
                    .unwrap_or_default(),
            }
        } else {
            Broker::Embedded {
                listen: serve.mqtt.or(mqtt.listen).unwrap_or_else(default_mqtt),
            }
        };
        let skew_s = file
            .kiosks
            .and_then(|k| k.clock_skew_tolerance_seconds)
            .unwrap_or(120);
        Ok(Config {
            mqtt_client_id: mqtt
                .client_id
                .unwrap_or_else(|| format!("citeosquare-server-{site}")),
            site,
            data_dir: self
                .data_dir
                .clone()
                .or(file.data_dir)
                .unwrap_or_else(|| PathBuf::from("data")),
            http,
            behind_proxy: serve.behind_proxy || file.behind_proxy.unwrap_or(false),
            evacuation_dir: serve.evacuation_dir.clone().or(file.evacuation_dir),
            time_zone,
            broker,
            clock_skew_tolerance_ms: i64::from(skew_s) * 1000,
        })
    }
}

fn default_http() -> SocketAddr {
    DEFAULT_HTTP
        .parse()
        .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 8080)))
}

fn default_mqtt() -> SocketAddr {
    DEFAULT_MQTT
        .parse()
        .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 1883)))
}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| ConfigError::Parse {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// `mqtt://host:port` (port defaults to 1883).
fn parse_mqtt_url(url: &str) -> Option<(String, u16)> {
    let rest = url.strip_prefix("mqtt://")?.trim_end_matches('/');
    match rest.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() => Some((host.to_owned(), port.parse().ok()?)),
        None if !rest.is_empty() => Some((rest.to_owned(), 1883)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> tempfile::NamedTempFile {
        let f = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(f.path(), text).expect("write");
        f
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let c = Overrides::default()
            .resolve(&ServeOverrides::default())
            .expect("defaults");
        assert_eq!(c.site, "main");
        assert_eq!(c.http.to_string(), "127.0.0.1:8080");
        assert_eq!(c.data_dir, PathBuf::from("data"));
        assert_eq!(c.time_zone, chrono_tz::Europe::Paris);
        assert_eq!(
            c.broker,
            Broker::Embedded {
                listen: "127.0.0.1:1883".parse().expect("addr")
            }
        );
    }

    #[test]
    fn flags_win_over_the_file() {
        let f = write(
            "site = \"nord\"\nhttp = \"127.0.0.1:9000\"\n[mqtt]\nlisten = \"127.0.0.1:1999\"\n",
        );
        let o = Overrides {
            config: Some(f.path().to_owned()),
            ..Default::default()
        };
        let from_file = o.resolve(&ServeOverrides::default()).expect("file");
        assert_eq!(from_file.site, "nord");
        assert_eq!(from_file.http.port(), 9000);
        let flags = ServeOverrides {
            http: Some("127.0.0.1:9100".parse().expect("addr")),
            ..Default::default()
        };
        let c = o.resolve(&flags).expect("flags");
        assert_eq!(c.http.port(), 9100);
        assert_eq!(
            c.broker,
            Broker::Embedded {
                listen: "127.0.0.1:1999".parse().expect("addr")
            }
        );
    }

    #[test]
    fn external_broker_needs_a_url_and_hides_its_password() {
        let f = write("[mqtt]\nmode = \"external\"\n");
        let o = Overrides {
            config: Some(f.path().to_owned()),
            ..Default::default()
        };
        let err = o.resolve(&ServeOverrides::default()).expect_err("no url");
        assert!(err.to_string().starts_with("mqtt.url"), "{err}");

        let flags = ServeOverrides {
            mqtt_url: Some("mqtt://broker.local:1884".into()),
            mqtt_password: Some("s3cret".into()),
            ..Default::default()
        };
        let c = o.resolve(&flags).expect("external");
        let Broker::External { host, port, .. } = &c.broker else {
            panic!("expected external broker");
        };
        assert_eq!((host.as_str(), *port), ("broker.local", 1884));
        assert!(!format!("{c:?}").contains("s3cret"));
    }

    #[test]
    fn a_url_from_the_command_line_wins_over_the_files_embedded_mode() {
        let f = write("[mqtt]\nmode = \"embedded\"\nlisten = \"127.0.0.1:1999\"\n");
        let o = Overrides {
            config: Some(f.path().to_owned()),
            ..Default::default()
        };
        let flags = ServeOverrides {
            mqtt_url: Some("mqtt://127.0.0.1:1884".into()),
            ..Default::default()
        };
        let c = o.resolve(&flags).expect("external");
        assert!(
            matches!(c.broker, Broker::External { port: 1884, .. }),
            "{:?}",
            c.broker
        );
    }

    #[test]
    fn bad_values_name_their_key() {
        let f = write("time_zone = \"Paris\"\n");
        let o = Overrides {
            config: Some(f.path().to_owned()),
            ..Default::default()
        };
        let err = o.resolve(&ServeOverrides::default()).expect_err("bad tz");
        assert!(err.to_string().starts_with("time_zone"), "{err}");

        let f = write("colour = \"blue\"\n");
        let o = Overrides {
            config: Some(f.path().to_owned()),
            ..Default::default()
        };
        let err = o
            .resolve(&ServeOverrides::default())
            .expect_err("unknown key");
        assert!(err.to_string().contains("colour"), "{err}");

        let o = Overrides {
            site: Some("Main Site".into()),
            ..Default::default()
        };
        assert!(o.resolve(&ServeOverrides::default()).is_err());
    }

    #[test]
    fn committed_example_config_is_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../citeosquare.example.toml");
        let o = Overrides {
            config: Some(path),
            ..Default::default()
        };
        o.resolve(&ServeOverrides::default())
            .expect("example config parses");
    }
}
