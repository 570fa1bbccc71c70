//! Kiosk benchmark: how long a person waits between presenting a card and the kiosk's own answer
//! (the tap is durable in the outbox, then the screen is drawn), with no network; the kiosk's idle
//! memory; and the size of the stripped aarch64 binary.
//!
//! ```text
//! cargo build --release --workspace && cargo bench --bench kiosk_feedback
//! cargo bench --bench kiosk_feedback -- --taps 500 --interval-ms 20 --runs 3
//! ```
//!
//! Latency is measured in this process with the real kiosk loop (`runner::run`), the real outbox
//! (SQLite, WAL, `synchronous=FULL`: one fsync per tap) and a channel reader: from the read handed
//! to the loop to the `recorded` feedback (the moment the screen is told), at a steady pace, plus
//! the time to draw the answer on a 240×240 ST7789 frame in memory. Memory is the resident set of
//! the real `citeosquare-kiosk` binary, idle, a few seconds after start. Figures go in
//! BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use citeosquare_kiosk::feedback::{Feedback, Recorded};
use citeosquare_kiosk::settings::Settings;
use citeosquare_kiosk::source::{Channel, Read};
use citeosquare_protocol::{Ack, Config, KioskId};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

struct Options {
    taps: usize,
    interval_ms: u64,
    runs: usize,
}

fn options() -> Options {
    let mut o = Options {
        taps: 500,
        interval_ms: 20,
        runs: 3,
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--taps" => o.taps = value.parse().unwrap(),
            "--interval-ms" => o.interval_ms = value.parse().unwrap(),
            "--runs" => o.runs = value.parse().unwrap(),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

/// Records when each tap's local feedback happened.
struct Stamps(Arc<Mutex<Vec<Instant>>>);

impl Feedback for Stamps {
    fn recorded(&mut self, _: &Recorded) {
        self.0.lock().unwrap().push(Instant::now());
    }
    fn acked(&mut self, _: &Ack) {}
    fn unreadable(&mut self, _: &str) {}
    fn connection(&mut self, _: bool, _: u64) {}
    fn config(&mut self, _: &Config) {}
    fn drained(&mut self) {}
    fn full(&mut self, _: &str, _: u64) {}
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// One run: `taps` reads at a steady pace; returns each tap's read → recorded latency.
fn feedback_latencies(o: &Options) -> Vec<Duration> {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut settings = Settings::new(
            KioskId::parse("bench-1").unwrap(),
            "x",
            dir.path().join("outbox"),
        );
        // Nobody listens there: the kiosk is offline, as in the worst case at the counter.
        settings.broker_port = 9;
        let (tx, rx) = mpsc::channel(16);
        let stamps: Arc<Mutex<Vec<Instant>>> = Arc::default();
        let feedback = Stamps(stamps.clone());
        let kiosk = tokio::spawn(citeosquare_kiosk::runner::run(
            settings,
            Channel(rx),
            feedback,
            false,
        ));
        // Let the outbox open and migrate before the first card.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut sent = Vec::with_capacity(o.taps);
        for i in 0..o.taps {
            let wanted = stamps.lock().unwrap().len();
            sent.push(Instant::now());
            tx.send(Read::Badge(format!("BENCH{i:05}"))).await.unwrap();
            // Wait for this tap's feedback, then the pause between two people.
            while stamps.lock().unwrap().len() == wanted {
                tokio::time::sleep(Duration::from_micros(50)).await;
            }
            tokio::time::sleep(Duration::from_millis(o.interval_ms)).await;
        }
        kiosk.abort();
        let stamps = stamps.lock().unwrap().clone();
        sent.iter()
            .zip(stamps)
            .map(|(s, r)| r.duration_since(*s))
            .collect()
    })
}

/// Time to draw the server's answer into a 240×240 colour frame in memory (what the ST7789 driver
/// does before sending it over SPI).
fn citeosquare_kiosk_screen_draw_time() -> Option<(Duration, Duration)> {
    use citeosquare_kiosk::screen::View;
    use citeosquare_kiosk::screen::render::{Framebuffer, render_color};
    use embedded_graphics::pixelcolor::{Rgb565, RgbColor};
    use embedded_graphics::prelude::Size;
    let view = View::Answer {
        accepted: true,
        title: "Bonjour Françoise-Hélène".into(),
        lines: vec!["Permanence commencée".into(), "14 h 05".into()],
    };
    let mut times = Vec::with_capacity(200);
    for _ in 0..200 {
        let mut frame = Framebuffer::new(Size::new(240, 240), Rgb565::BLACK);
        let start = Instant::now();
        render_color(&mut frame, &view).ok()?;
        times.push(start.elapsed());
    }
    times.sort();
    Some((percentile(&times, 0.5), percentile(&times, 0.99)))
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Resident memory (kB) of the release kiosk binary, idle, offline, 3 s after start.
fn kiosk_rss_kb() -> Option<u64> {
    let bin = repo_root().join("target/release/citeosquare-kiosk");
    if !bin.exists() {
        println!("(target/release/citeosquare-kiosk missing: cargo build --release --workspace)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(bin)
        .args([
            "--id",
            "bench-rss",
            "--password",
            "x",
            "--broker",
            "127.0.0.1:9",
        ])
        .arg("--data-dir")
        .arg(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    std::thread::sleep(Duration::from_secs(3));
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).ok();
    let _ = child.kill();
    let _ = child.wait();
    status?
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn main() {
    let o = options();
    println!(
        "kiosk local feedback: {} taps, {} ms apart, offline, {} run(s)",
        o.taps, o.interval_ms, o.runs
    );
    for run in 1..=o.runs {
        let mut lat = feedback_latencies(&o);
        lat.sort();
        println!(
            "run {run}: read → recorded (durable) p50 {} p99 {} max {}",
            ms(percentile(&lat, 0.5)),
            ms(percentile(&lat, 0.99)),
            ms(*lat.last().unwrap())
        );
    }
    let draw = citeosquare_kiosk_screen_draw_time();
    if let Some((p50, p99)) = draw {
        println!(
            "draw the answer on a 240×240 frame: p50 {} p99 {}",
            ms(p50),
            ms(p99)
        );
    }
    if let Some(kb) = kiosk_rss_kb() {
        println!("kiosk idle resident memory: {:.1} MB", kb as f64 / 1024.0);
    }
    let arm = repo_root().join("target/aarch64-unknown-linux-gnu/release/citeosquare-kiosk");
    match std::fs::metadata(&arm) {
        Ok(m) => println!(
            "stripped aarch64 kiosk binary: {:.2} MB ({})",
            m.len() as f64 / 1_048_576.0,
            arm.display()
        ),
        Err(_) => println!(
            "(no aarch64 build: cargo build --release -p citeosquare-kiosk --target aarch64-unknown-linux-gnu)"
        ),
    }
}
