//! The badge path as the benchmarks run it: the real server binary (`target/release/citeosquare
//! serve`, its own process) with the embedded broker or Mosquitto, and simulated kiosks in the
//! bench's process — the real kiosk loop of `citeosquare-kiosk` with its durable outbox — whose
//! feedback records when each tap was handed over and when its ack came back. Each bench binary
//! includes this file (`#[path]`) and uses its part.
#![allow(dead_code)]

use citeosquare_kiosk::feedback::{Feedback, Recorded};
use citeosquare_kiosk::settings::Settings;
use citeosquare_kiosk::source::{Channel, Read};
use citeosquare_protocol::{Ack, Config, KioskId};
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// A release binary of the workspace (built beforehand with `cargo build --release`).
pub fn release_bin(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/release")
        .join(name);
    assert!(
        path.exists(),
        "{} is missing: run `cargo build --release --workspace` first",
        path.display()
    );
    path
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A process's resident set (VmRSS) in KiB; 0 when it cannot be read.
pub fn rss_kib(pid: u32) -> u64 {
    status_kib(pid, "VmRSS")
}

/// A figure in KiB from a process's `/proc/<pid>/status` (`VmRSS`, `VmHWM` — the peak resident
/// set —, `RssAnon`, `RssFile`…); 0 when it cannot be read.
pub fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// The server process (and Mosquitto's), killed when dropped.
pub struct Server {
    pub child: Child,
    pub mosquitto: Option<Child>,
    pub mqtt: u16,
    /// Where its web server listens.
    pub http: SocketAddr,
    pub db: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(m) = &mut self.mosquitto {
            let _ = m.kill();
            let _ = m.wait();
        }
    }
}

/// Starts Mosquitto with the project's test configuration and accounts for the named kiosks.
fn start_mosquitto(dir: &Path, port: u16, kiosks: &[String]) -> Child {
    let child = Command::new("bash")
        .arg(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("firmware-config/mosquitto/test-broker.sh"),
        )
        .arg(dir.join("mosquitto"))
        .arg(port.to_string())
        .env("CITEOSQUARE_MQTT_PASSWORD", "bench-server")
        .env("CITEOSQUARE_TEST_KIOSKS", kiosks.join(" "))
        .env("CITEOSQUARE_TEST_PERSISTENCE", "periodic")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "mosquitto did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// Registers a kiosk (password `demo`) in the data directory, through the server's command line.
pub fn add_kiosk(data: &Path, name: &str, role: &str, label: &str) {
    let out = Command::new(release_bin("citeosquare"))
        .args(["kiosk", "add", name, "--role", role])
        .args(["--label", label, "--password", "demo"])
        .arg("--data-dir")
        .arg(data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Starts `citeosquare serve --demo` on the data directory `dir/server` (its kiosks already
/// registered: then the demo does not seed) with the embedded broker, or Mosquitto with accounts
/// for `kiosks` (`broker` = `mosquitto`). Returns once the server says where it listens.
pub fn start_server(dir: &Path, kiosks: &[String], broker: &str) -> Server {
    let data = dir.join("server");
    let mqtt = free_port();
    let mosquitto = (broker == "mosquitto").then(|| start_mosquitto(dir, mqtt, kiosks));
    let broker_args = if mosquitto.is_some() {
        vec!["--mqtt-url".to_owned(), format!("mqtt://127.0.0.1:{mqtt}")]
    } else {
        vec!["--mqtt".to_owned(), format!("127.0.0.1:{mqtt}")]
    };
    let mut child = Command::new(release_bin("citeosquare"))
        .args(["serve", "--demo", "--http", "127.0.0.1:0"])
        .args(&broker_args)
        .env("CITEOSQUARE_MQTT_PASSWORD", "bench-server")
        .arg("--data-dir")
        .arg(&data)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let http = loop {
        let line = lines.next().expect("server output").unwrap();
        if let Some(url) = line.strip_prefix("accueil : http://") {
            let addr = url.split('/').next().unwrap_or(url);
            break addr.parse().unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        mosquitto,
        mqtt,
        http,
        db: data.join("citeosquare.db"),
    }
}

/// Per kiosk: when each seq was handed to the reader, and when its ack was shown.
#[derive(Default)]
pub struct Timings {
    pub sent: Vec<Instant>,
    pub seq_of: HashMap<String, u64>,
    pub acked: Vec<Option<Instant>>,
    pub acks: usize,
    /// Acks for an event already acked.
    pub repeated: usize,
    /// Acks by result (`entered`, `shift_started`…).
    pub results: HashMap<String, usize>,
}

struct BenchFeedback(Arc<Mutex<Timings>>, mpsc::UnboundedSender<()>);

impl Feedback for BenchFeedback {
    fn recorded(&mut self, r: &Recorded) {
        self.0.lock().unwrap().seq_of.insert(r.id.clone(), r.seq);
    }
    fn acked(&mut self, ack: &Ack) {
        let now = Instant::now();
        let mut t = self.0.lock().unwrap();
        if let Some(seq) = t.seq_of.get(ack.id.as_str()).copied() {
            let i = (seq - 1) as usize;
            if t.acked.len() <= i {
                t.acked.resize(i + 1, None);
            }
            if t.acked[i].is_some() {
                t.repeated += 1;
            } else {
                t.acked[i] = Some(now);
            }
        }
        t.acks += 1;
        *t.results.entry(ack.result.as_str().to_owned()).or_default() += 1;
        let _ = self.1.send(());
    }
    fn unreadable(&mut self, _: &str) {}
    fn connection(&mut self, _: bool, _: u64) {}
    fn config(&mut self, _: &Config) {}
    fn drained(&mut self) {}
    fn full(&mut self, _: &str, _: u64) {}
}

/// A simulated kiosk: hand it a read with [`BenchKiosk::tap`].
pub struct BenchKiosk {
    pub tx: mpsc::Sender<Read>,
    pub timings: Arc<Mutex<Timings>>,
}

impl BenchKiosk {
    /// Hands a badge to the kiosk's reader, noting the moment.
    pub async fn tap(&self, badge: String) {
        self.timings.lock().unwrap().sent.push(Instant::now());
        self.tx.send(Read::Badge(badge)).await.unwrap();
    }
}

/// Starts the named kiosks (password `demo`, outboxes in `dir/kiosk-{name}`) on the broker's
/// port; the receiver gets one message per ack shown, from any of them.
pub async fn start_kiosks(
    dir: &Path,
    names: &[String],
    mqtt: u16,
) -> (Vec<BenchKiosk>, mpsc::UnboundedReceiver<()>) {
    let (ack_tx, ack_rx) = mpsc::unbounded_channel();
    let mut kiosks = Vec::new();
    for name in names {
        let id = KioskId::parse(name).unwrap();
        let mut settings = Settings::new(id, "demo", dir.join(format!("kiosk-{name}")));
        settings.broker_port = mqtt;
        let (tx, rx) = mpsc::channel(100_000);
        let timings = Arc::new(Mutex::new(Timings::default()));
        let feedback = BenchFeedback(timings.clone(), ack_tx.clone());
        tokio::spawn(citeosquare_kiosk::runner::run(
            settings,
            Channel(rx),
            feedback,
            false,
        ));
        kiosks.push(BenchKiosk { tx, timings });
    }
    (kiosks, ack_rx)
}

/// Waits for `n` acks, or until `timeout`; returns how many came.
pub async fn wait_acks(rx: &mut mpsc::UnboundedReceiver<()>, n: usize, timeout: Duration) -> usize {
    let deadline = tokio::time::Instant::now() + timeout;
    let mut got = 0;
    while got < n {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(())) => got += 1,
            _ => break,
        }
    }
    got
}
