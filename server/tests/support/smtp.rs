//! A local mail server for the e-mail tests: Python's aiosmtpd (`smtp_sink.py` beside this file)
//! keeps what it receives, and Python's own e-mail parser reads it back. Without Python and
//! aiosmtpd (`apt-get install python3-aiosmtpd`) the tests say so loudly and skip, unless
//! `CITEOSQUARE_REQUIRE_SMTP=1` (as in CI), where that is a failure.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// A Python with aiosmtpd, or `None` (after saying so) when this machine has none.
pub fn python() -> Option<&'static str> {
    let found = ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if found.is_none() {
        if std::env::var("CITEOSQUARE_REQUIRE_SMTP").as_deref() == Ok("1") {
            panic!("aiosmtpd is required (CITEOSQUARE_REQUIRE_SMTP=1) but not installed");
        }
        eprintln!(
            "SKIPPED: Python's aiosmtpd is not installed (apt-get install python3-aiosmtpd); \
             .ci/run requires it"
        );
    }
    found
}

/// How the mail server asks to be spoken to (see `smtp_sink.py`).
#[derive(Debug, Default, Clone)]
pub struct Asks {
    /// AUTH required, with this login and password.
    pub auth: Option<(String, String)>,
    /// STARTTLS offered with this certificate and key (PEM files), and required before MAIL.
    pub starttls: Option<(PathBuf, PathBuf)>,
}

/// A local mail server keeping every message it receives.
pub struct Sink {
    pub port: u16,
    pub dir: tempfile::TempDir,
    child: Child,
}

impl Sink {
    /// Starts on `port` (0: a free one), refusing `refused` recipients for good; returns once it
    /// accepts connections.
    pub fn start(python: &str, port: u16, refused: &[&str]) -> Sink {
        Sink::start_asking(python, port, refused, &Asks::default())
    }

    /// [`Sink::start`], with AUTH or STARTTLS asked for.
    pub fn start_asking(python: &str, port: u16, refused: &[&str], asks: &Asks) -> Sink {
        let dir = tempfile::tempdir().unwrap();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py");
        let mut command = Command::new(python);
        command
            .arg(script)
            .arg(port.to_string())
            .arg(dir.path())
            .args(refused)
            .stdout(Stdio::piped());
        if let Some((login, password)) = &asks.auth {
            command.env("SINK_AUTH_LOGIN", login);
            command.env("SINK_AUTH_PASSWORD", password);
        }
        if let Some((cert, key)) = &asks.starttls {
            command.env("SINK_TLS_CERT", cert);
            command.env("SINK_TLS_KEY", key);
        }
        let mut child = command.spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("the mail server did not start: {line:?}"));
        Sink { port, dir, child }
    }

    /// Every message received, as Python's e-mail parser read it, in order.
    pub fn received(&self) -> Vec<Value> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    /// What the server was told before any message, one line per command (`AUTH`, `STARTTLS`,
    /// `MAIL`), with whether the connection was encrypted then.
    pub fn commands(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("commands.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on (a mail server that is down).
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A received text with its line ends as written.
pub fn field(m: &Value, name: &str) -> String {
    m[name].as_str().unwrap_or("").replace("\r\n", "\n")
}
