//! The end-to-end harness: the real `citeosquare` server, `citeosquare-kiosk` kiosks and (when asked)
//! a real Mosquitto, as child processes on loopback ports, each test in its own temporary folder.
//!
//! The binaries are the ones `cargo test --workspace` builds next to this test (target/<profile>/).
//! With `CITEOSQUARE_TEST_BROKER=mosquitto` the server uses an external Mosquitto with the
//! per-kiosk ACL of `firmware-config/mosquitto/` instead of its embedded broker.
#![allow(dead_code, clippy::unwrap_used)]
pub mod browser;
pub mod walk;

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const SERVER_MQTT_PASSWORD: &str = "server-test";

/// A binary of the workspace, built by `cargo test --workspace` next to the test executable.
pub fn bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is missing: run the tests with `cargo test --workspace` so the binaries are built",
        path.display()
    );
    path
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A loopback port that was free a moment ago (the embedded broker and Mosquitto bind their own
/// listeners, so the port must be chosen before they start).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until `f` returns `Some`, polling; panics with `what` after `timeout`.
pub fn wait_for<T>(what: &str, timeout: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Whether this run uses Mosquitto as the external broker.
pub fn use_mosquitto() -> bool {
    std::env::var("CITEOSQUARE_TEST_BROKER").as_deref() == Ok("mosquitto")
}

/// Whether Mosquitto can be started here; when it cannot and `CITEOSQUARE_REQUIRE_MOSQUITTO=1`
/// (as in CI), that is a failure, never a silent skip.
pub fn mosquitto_available() -> bool {
    let found = Command::new("sh")
        .args(["-c", "command -v mosquitto || test -x /usr/sbin/mosquitto"])
        .stdout(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !found && std::env::var("CITEOSQUARE_REQUIRE_MOSQUITTO").as_deref() == Ok("1") {
        panic!("mosquitto is required (CITEOSQUARE_REQUIRE_MOSQUITTO=1) but not installed");
    }
    if !found {
        eprintln!(
            "SKIPPED: mosquitto is not installed (apt-get install mosquitto); .ci/run requires it"
        );
    }
    found
}

/// A real Mosquitto with the project's ACL and per-kiosk passwords.
pub struct Mosquitto {
    pub port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

impl Mosquitto {
    pub fn start(dir: &Path) -> Mosquitto {
        Mosquitto::start_on(dir, free_port())
    }

    pub fn start_on(dir: &Path, port: u16) -> Mosquitto {
        let mut m = Mosquitto {
            port,
            dir: dir.join("mosquitto"),
            child: None,
        };
        m.restart();
        m
    }

    pub fn restart(&mut self) {
        std::fs::create_dir_all(&self.dir).unwrap();
        let child = Command::new("bash")
            .arg(repo_root().join("firmware-config/mosquitto/test-broker.sh"))
            .arg(&self.dir)
            .arg(self.port.to_string())
            .env("CITEOSQUARE_MQTT_PASSWORD", SERVER_MQTT_PASSWORD)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(self.dir.join("mosquitto.log")).unwrap())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let port = self.port;
        wait_for("mosquitto to listen", Duration::from_secs(15), || {
            TcpStream::connect(("127.0.0.1", port)).ok()
        });
    }

    /// SIGKILL: the broker vanishes without a goodbye.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Mosquitto {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Where kiosks connect and how the server reaches its broker.
#[derive(Clone)]
pub enum BrokerSetup {
    Embedded { port: u16 },
    External { port: u16 },
}

impl BrokerSetup {
    pub fn port(&self) -> u16 {
        match self {
            BrokerSetup::Embedded { port } | BrokerSetup::External { port } => *port,
        }
    }
}

/// A running `citeosquare serve --demo`.
pub struct Server {
    pub data_dir: PathBuf,
    pub broker: BrokerSetup,
    pub http: String,
    /// The program [`Server::restart`] runs: `citeosquare` of this build, or a copy of it standing
    /// for the next version.
    pub binary: PathBuf,
    /// More flags for `serve`, e.g. `--behind-proxy`.
    pub flags: Vec<String>,
    child: Option<Child>,
    http_port: u16,
    /// An API token of the demo's reception account, for the desk's pages and API.
    pub token: String,
}

impl Server {
    pub fn start(data_dir: &Path, broker: BrokerSetup) -> Server {
        Server::start_with_flags(data_dir, broker, &[])
    }

    /// A server started with more flags for `serve`.
    pub fn start_with_flags(data_dir: &Path, broker: BrokerSetup, flags: &[&str]) -> Server {
        let mut s = Server {
            data_dir: data_dir.to_owned(),
            broker,
            http: String::new(),
            binary: bin("citeosquare"),
            flags: flags.iter().map(|f| f.to_string()).collect(),
            child: None,
            http_port: 0,
            token: String::new(),
        };
        s.restart();
        let out = s.cli(&["user", "token", "accueil", "--label", "tests"]);
        assert!(
            out.status.success(),
            "token: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        s.token = String::from_utf8(out.stdout).unwrap().trim().to_owned();
        s
    }

    /// (Re)starts the process on the same data directory and ports.
    pub fn restart(&mut self) {
        let mut cmd = Command::new(&self.binary);
        cmd.arg("serve").arg("--demo").args(&self.flags);
        // The end-to-end tests count what they do themselves: the demo site without its year of
        // past activity, unless a test asks for it (the Bien-Vivre dashboard's).
        if !self.flags.iter().any(|f| f == "--demo-past") {
            cmd.arg("--demo-past").arg("0");
        }
        cmd.arg("--data-dir")
            .arg(&self.data_dir)
            .arg("--http")
            .arg(format!("127.0.0.1:{}", self.http_port))
            .env_remove("CITEOSQUARE_CONFIG")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log_file(&self.data_dir.with_extension("server.log")));
        match &self.broker {
            BrokerSetup::Embedded { port } => {
                cmd.arg("--mqtt").arg(format!("127.0.0.1:{port}"));
            }
            BrokerSetup::External { port } => {
                cmd.arg("--mqtt-url")
                    .arg(format!("mqtt://127.0.0.1:{port}"))
                    .env("CITEOSQUARE_MQTT_PASSWORD", SERVER_MQTT_PASSWORD);
            }
        }
        let mut child = cmd.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("accueil : http://") {
                    let _ = tx.send(url.trim_end_matches("/accueil").to_owned());
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("server did not print its address");
        self.http_port = addr.rsplit(':').next().unwrap().parse().unwrap();
        self.http = format!("http://{addr}");
        self.child = Some(child);
        wait_for("the server's MQTT session", Duration::from_secs(20), || {
            self.get("/healthz")
                .filter(|(_, body)| body.contains("\"mqtt\":\"connected\""))
        });
    }

    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().unwrap();
            c.wait().unwrap();
        }
    }

    /// The program the running server process was started from (Linux: /proc/PID/exe).
    pub fn running_binary(&self) -> PathBuf {
        let pid = self.child.as_ref().expect("server running").id();
        std::fs::read_link(format!("/proc/{pid}/exe")).unwrap()
    }

    /// The port of the pages.
    pub fn http_port(&self) -> u16 {
        self.http_port
    }

    /// Asks the server to stop (SIGTERM) and returns how long it took to exit.
    pub fn terminate(&mut self) -> Duration {
        let mut c = self.child.take().expect("server running");
        let started = Instant::now();
        Command::new("kill")
            .args(["-TERM", &c.id().to_string()])
            .status()
            .unwrap();
        wait_for("the server to exit", Duration::from_secs(20), || {
            c.try_wait().unwrap().map(|_| ())
        });
        started.elapsed()
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("citeosquare.db")
    }

    /// `GET path` as the desk (reception account) → (status, body), or `None` if the server does
    /// not answer.
    pub fn get(&self, path: &str) -> Option<(u16, String)> {
        http_get_with(self.http_port, path, Some(&self.token))
    }

    /// `GET path` without logging in.
    pub fn get_anonymous(&self, path: &str) -> Option<(u16, String)> {
        http_get_with(self.http_port, path, None)
    }

    /// A metric's value from `/metrics` (0 when absent), e.g. `citeosquare_events_rejected_total{reason="bad_time"}`.
    pub fn metric(&self, name: &str) -> f64 {
        let (_, body) = self.get("/metrics").expect("metrics");
        body.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')))
            .map(|v| v.trim().parse().unwrap())
            .unwrap_or(0.0)
    }

    /// Runs a SQL query returning one column of text against the server's database.
    pub fn query_strings(&self, sql: &'static str) -> Vec<String> {
        query_strings(&self.db_path(), sql)
    }

    /// Runs the `citeosquare` command with the server's data directory.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        Command::new(bin("citeosquare"))
            .args(args)
            .arg("--data-dir")
            .arg(&self.data_dir)
            .env_remove("CITEOSQUARE_CONFIG")
            .output()
            .unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

pub fn query_strings(db: &Path, sql: &'static str) -> Vec<String> {
    let url = format!("sqlite://{}?mode=ro", db.display());
    runtime().block_on(async move {
        use sqlx::ConnectOptions;
        use std::str::FromStr;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::from_str(&url)
            .unwrap()
            .connect()
            .await
            .unwrap();
        let rows: Vec<String> = sqlx::query_scalar(sql).fetch_all(&mut conn).await.unwrap();
        rows
    })
}

/// A process's standard error, appended to a file that outlives restarts (read it when a test fails).
fn log_file(path: &Path) -> Stdio {
    Stdio::from(
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap(),
    )
}

/// A minimal HTTP/1.1 GET on loopback.
pub fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    http_get_with(port, path, None)
}

/// A minimal HTTP/1.1 GET on loopback, with an API token if given.
pub fn http_get_with(port: u16, path: &str, token: Option<&str>) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Connection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned())?;
    Some((status, body))
}

/// A running `citeosquare-kiosk` with simulated reader on stdin and JSON feedback.
pub struct Kiosk {
    pub id: String,
    pub data_dir: PathBuf,
    broker_port: u16,
    child: Option<Child>,
    stdin: Option<ChildStdin>,
    /// Every feedback line of every run of this kiosk.
    pub lines: Arc<Mutex<Vec<Value>>>,
}

impl Kiosk {
    pub fn start(root: &Path, id: &str, broker_port: u16) -> Kiosk {
        let mut k = Kiosk {
            id: id.to_owned(),
            data_dir: root.join(format!("kiosk-{id}")),
            broker_port,
            child: None,
            stdin: None,
            lines: Arc::default(),
        };
        k.restart();
        k
    }

    pub fn restart(&mut self) {
        let mut child = Command::new(bin("citeosquare-kiosk"))
            .args(["--id", &self.id, "--password", "demo", "--feedback", "json"])
            .arg("--broker")
            .arg(format!("127.0.0.1:{}", self.broker_port))
            .arg("--data-dir")
            .arg(&self.data_dir)
            .args(["--retry-after-ms", "1500"])
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log_file(&self.data_dir.with_extension("log")))
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let lines = self.lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str::<Value>(&line) {
                    lines.lock().unwrap().push(v);
                }
            }
        });
        self.stdin = child.stdin.take();
        self.child = Some(child);
    }

    /// Presents badges to the simulated reader.
    pub fn tap(&mut self, badges: &[&str]) {
        let stdin = self.stdin.as_mut().expect("kiosk running");
        let mut text = String::new();
        for b in badges {
            text.push_str(b);
            text.push('\n');
        }
        stdin.write_all(text.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    /// Presents badges from a background thread, one every `every`, as people would; returns the
    /// thread, which hands stdin back (or `None` if the kiosk was killed meanwhile).
    pub fn tap_in_background(
        &mut self,
        badges: Vec<String>,
        every: Duration,
    ) -> std::thread::JoinHandle<Option<ChildStdin>> {
        let mut stdin = self.stdin.take().expect("kiosk running");
        std::thread::spawn(move || {
            for b in badges {
                if stdin.write_all(format!("{b}\n").as_bytes()).is_err() || stdin.flush().is_err() {
                    return None;
                }
                std::thread::sleep(every);
            }
            Some(stdin)
        })
    }

    pub fn give_back_stdin(&mut self, stdin: Option<ChildStdin>) {
        self.stdin = stdin;
    }

    pub fn kill9(&mut self) {
        self.stdin = None;
        if let Some(mut c) = self.child.take() {
            c.kill().unwrap();
            c.wait().unwrap();
        }
    }

    fn ids_of(&self, event: &str) -> Vec<String> {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .filter(|v| v["event"] == event)
            .map(|v| v["id"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Ids the kiosk showed as recorded (in its outbox).
    pub fn recorded(&self) -> Vec<String> {
        self.ids_of("recorded")
    }

    /// Ids for which the kiosk received and showed the server's ack.
    pub fn acked(&self) -> Vec<String> {
        self.ids_of("ack")
    }

    pub fn acks(&self) -> Vec<Value> {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .filter(|v| v["event"] == "ack")
            .cloned()
            .collect()
    }

    /// Every id in the kiosk's outbox file, and how many are still pending.
    pub fn outbox(&self) -> (Vec<String>, usize) {
        let db = self.data_dir.join("outbox.db");
        let all = query_strings(&db, "SELECT id FROM outbox ORDER BY no");
        let pending = query_strings(&db, "SELECT id FROM outbox WHERE acked_at IS NULL").len();
        (all, pending)
    }

    pub fn wait_recorded(&self, n: usize, timeout: Duration) {
        wait_for(&format!("{} to record {n} taps", self.id), timeout, || {
            (self.recorded().len() >= n).then_some(())
        });
    }

    pub fn wait_acked(&self, n: usize, timeout: Duration) {
        wait_for(&format!("{} to receive {n} acks", self.id), timeout, || {
            (self.acked().len() >= n).then_some(())
        });
    }
}

impl Drop for Kiosk {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// A test site: a temporary folder, a broker (embedded, or Mosquitto when asked) and the server.
pub struct Site {
    pub dir: tempfile::TempDir,
    pub mosquitto: Option<Mosquitto>,
    pub server: Server,
}

impl Site {
    pub fn start() -> Site {
        Site::start_on(tempfile::tempdir().unwrap(), free_port())
    }

    /// A site on a real Mosquitto whatever `CITEOSQUARE_TEST_BROKER` says; `None` (with a loud
    /// line) where Mosquitto is not installed and not required.
    pub fn start_with_mosquitto() -> Option<Site> {
        if !mosquitto_available() {
            return None;
        }
        Some(Site::start_with(
            tempfile::tempdir().unwrap(),
            free_port(),
            true,
        ))
    }

    /// Starts the broker (embedded or Mosquitto) on `port` and the server, in `dir`.
    pub fn start_on(dir: tempfile::TempDir, port: u16) -> Site {
        let mosquitto = use_mosquitto() && mosquitto_available();
        Site::start_with(dir, port, mosquitto)
    }

    /// A site on the embedded broker whatever `CITEOSQUARE_TEST_BROKER` says (kiosks added with
    /// `citeosquare kiosk add` are accounts of the embedded broker, not of Mosquitto's file).
    pub fn start_embedded() -> Site {
        Site::start_with(tempfile::tempdir().unwrap(), free_port(), false)
    }

    /// A site whose demo is given `months` of past activity (`serve --demo-past`), as the
    /// README's command gives it a year.
    pub fn start_with_demo_past(months: u32) -> Site {
        let mosquitto = use_mosquitto() && mosquitto_available();
        let past = months.to_string();
        Site::start_with_flags(
            tempfile::tempdir().unwrap(),
            free_port(),
            mosquitto,
            &["--demo-past", &past],
        )
    }

    fn start_with(dir: tempfile::TempDir, port: u16, mosquitto: bool) -> Site {
        Site::start_with_flags(dir, port, mosquitto, &[])
    }

    fn start_with_flags(
        dir: tempfile::TempDir,
        port: u16,
        mosquitto: bool,
        flags: &[&str],
    ) -> Site {
        let (mosquitto, broker) = if mosquitto {
            let m = Mosquitto::start_on(dir.path(), port);
            (Some(m), BrokerSetup::External { port })
        } else {
            (None, BrokerSetup::Embedded { port })
        };
        let server = Server::start_with_flags(&dir.path().join("server"), broker, flags);
        Site {
            dir,
            mosquitto,
            server,
        }
    }

    pub fn kiosk(&self, id: &str) -> Kiosk {
        self.kiosk_on_port(id, self.server.broker.port())
    }

    pub fn kiosk_on_port(&self, id: &str, port: u16) -> Kiosk {
        Kiosk::start(self.dir.path(), id, port)
    }

    /// Waits until `kiosk` recorded `taps` taps and drained its outbox, then checks that the server
    /// stored each outbox event exactly once and nothing else from that kiosk.
    pub fn assert_every_tap_landed_once(&self, kiosk: &Kiosk, taps: usize, timeout: Duration) {
        kiosk.wait_recorded(taps, timeout);
        wait_for(
            &format!("{} to drain its outbox", kiosk.id),
            timeout,
            || (kiosk.outbox().1 == 0).then_some(()),
        );
        let (outbox, _) = kiosk.outbox();
        assert_eq!(outbox.len(), taps);
        assert_exactly_once(&kiosk.id, &self.stored_ids(&kiosk.id), &outbox);
    }

    /// Event ids stored by the server for a kiosk, in arrival order.
    pub fn stored_ids(&self, kiosk: &str) -> Vec<String> {
        let db = self.server.db_path();
        let url = format!("sqlite://{}?mode=ro", db.display());
        let kiosk = kiosk.to_owned();
        runtime().block_on(async move {
            use sqlx::ConnectOptions;
            use std::str::FromStr;
            let mut conn = sqlx::sqlite::SqliteConnectOptions::from_str(&url)
                .unwrap()
                .connect()
                .await
                .unwrap();
            sqlx::query_scalar("SELECT id FROM kiosk_events WHERE kiosk_id = ? ORDER BY ingest_no")
                .bind(kiosk)
                .fetch_all(&mut conn)
                .await
                .unwrap()
        })
    }
}

/// `n` demo badges, cycling through DEMO0001…DEMO0010.
pub fn demo_badges(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("DEMO{:04}", i % 10 + 1)).collect()
}

/// Asserts that `stored` holds each of `expected` exactly once and nothing else.
pub fn assert_exactly_once(what: &str, stored: &[String], expected: &[String]) {
    let mut s = stored.to_vec();
    s.sort();
    let before = s.len();
    s.dedup();
    assert_eq!(before, s.len(), "{what}: an id is stored twice");
    let mut e = expected.to_vec();
    e.sort();
    e.dedup();
    assert_eq!(
        e.len(),
        expected.len(),
        "{what}: the kiosk made an id twice"
    );
    let missing: Vec<_> = e.iter().filter(|id| s.binary_search(id).is_err()).collect();
    let extra: Vec<_> = s.iter().filter(|id| e.binary_search(id).is_err()).collect();
    assert!(
        missing.is_empty(),
        "{what}: {} ids lost, e.g. {:?}",
        missing.len(),
        missing.first()
    );
    assert!(
        extra.is_empty(),
        "{what}: {} unexpected ids, e.g. {:?}",
        extra.len(),
        extra.first()
    );
}

/// Messages received: (topic, payload).
type Inbox = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A hand-driven MQTT client, to publish what no well-behaved kiosk would.
pub struct RawClient {
    rt: tokio::runtime::Runtime,
    client: rumqttc::AsyncClient,
    received: Inbox,
}

impl RawClient {
    /// Connects as `user` (client id = user) and subscribes to `topics`; `None` if refused.
    pub fn connect(port: u16, user: &str, password: &str, topics: &[String]) -> Option<RawClient> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let mut opts = rumqttc::MqttOptions::new(user, "127.0.0.1", port);
        opts.set_credentials(user, password)
            .set_max_packet_size(4 * 1024 * 1024, 4 * 1024 * 1024);
        let (client, mut eventloop) = rumqttc::AsyncClient::new(opts, 64);
        let received: Inbox = Arc::default();
        let (state_tx, state_rx) = std::sync::mpsc::channel::<Result<usize, String>>();
        let sink = received.clone();
        rt.spawn(async move {
            let mut subacks = 0;
            loop {
                match eventloop.poll().await {
                    Ok(rumqttc::Event::Incoming(rumqttc::Packet::ConnAck(_))) => {
                        let _ = state_tx.send(Ok(0));
                    }
                    Ok(rumqttc::Event::Incoming(rumqttc::Packet::SubAck(_))) => {
                        subacks += 1;
                        let _ = state_tx.send(Ok(subacks));
                    }
                    Ok(rumqttc::Event::Incoming(rumqttc::Packet::Publish(p))) => {
                        sink.lock()
                            .unwrap()
                            .push((p.topic.clone(), p.payload.to_vec()));
                    }
                    Ok(_) => {}
                    Err(e) => {
                        let _ = state_tx.send(Err(e.to_string()));
                        return;
                    }
                }
            }
        });
        match state_rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Ok(_)) => {}
            _ => return None,
        }
        for t in topics {
            rt.block_on(client.subscribe(t.clone(), rumqttc::QoS::AtLeastOnce))
                .unwrap();
        }
        let mut seen = 0;
        while seen < topics.len() {
            match state_rx.recv_timeout(Duration::from_secs(10)) {
                Ok(Ok(n)) => seen = n,
                _ => return None,
            }
        }
        Some(RawClient {
            rt,
            client,
            received,
        })
    }

    pub fn publish(&self, topic: &str, payload: Vec<u8>) {
        self.rt
            .block_on(
                self.client
                    .publish(topic, rumqttc::QoS::AtLeastOnce, false, payload),
            )
            .unwrap();
    }

    /// Messages received on `topic`, as JSON.
    pub fn received_on(&self, topic: &str) -> Vec<Value> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .filter(|(t, _)| t == topic)
            .filter_map(|(_, p)| serde_json::from_slice(p).ok())
            .collect()
    }
}

pub fn topic(kiosk: &str, kind: &str) -> String {
    format!("citeosquare/v1/main/kiosk/{kiosk}/{kind}")
}

/// A valid event payload for `kiosk`.
pub fn event_json(kiosk: &str, id: &str, seq: u64, badge: &str) -> Value {
    serde_json::json!({"v":1,"id":id,"kiosk":kiosk,"boot":"rawtest","seq":seq,
                       "at": chrono::Local::now().fixed_offset().to_rfc3339(),
                       "badge":badge,"action":"tap"})
}
