//! The outbox survives power cuts: the kiosk binary is killed with SIGKILL while it writes taps, a
//! hundred times over the same outbox, and every tap it ever reported as recorded is still there,
//! once, with nothing half-written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ITERATIONS: usize = 100;

#[test]
fn a_hundred_kills_during_writes_lose_and_duplicate_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("outbox");
    let script = dir.path().join("badges.txt");
    // Many reads, back to back: the kiosk is always in the middle of writing one.
    let badges: String = (0..5_000).map(|i| format!("KILL{i:05}\n")).collect();
    std::fs::write(&script, badges).unwrap();

    let mut reported: HashSet<String> = HashSet::new();
    let mut seed: u64 = 0x5eed_cafe;
    for iteration in 0..ITERATIONS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_citeosquare-kiosk"))
            .args(["--id", "kill-test", "--password", "x", "--feedback", "json"])
            // Nobody listens there: every event stays pending in the outbox.
            .args(["--broker", "127.0.0.1:9"])
            .arg("--data-dir")
            .arg(&data)
            .arg("--script")
            .arg(&script)
            .env_remove("CITEOSQUARE_KIOSK_CONFIG")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let sink = seen.clone();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let v: serde_json::Value = match serde_json::from_str(&line) {
                    Ok(v) => v,
                    // The kill may cut the last line short: it was never fully reported.
                    Err(_) => continue,
                };
                if v["event"] == "recorded" {
                    sink.lock()
                        .unwrap()
                        .push(v["id"].as_str().unwrap().to_owned());
                }
            }
        });
        // Kill at a pseudo-random moment: every fourth run during start-up (opening, migrating),
        // the others 0–40 ms after the first tap was recorded, in the middle of the burst.
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let jitter = (seed >> 33) % 40;
        if iteration % 4 == 0 {
            std::thread::sleep(Duration::from_millis(5 + jitter));
        } else {
            let started = std::time::Instant::now();
            while seen.lock().unwrap().is_empty() && started.elapsed() < Duration::from_secs(20) {
                std::thread::sleep(Duration::from_millis(1));
            }
            std::thread::sleep(Duration::from_millis(jitter));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        let got = seen.lock().unwrap().clone();
        reported.extend(got);
    }
    assert!(
        reported.len() > 100,
        "too few taps reported ({}) for the test to mean anything",
        reported.len()
    );

    // What the outbox holds after the last kill.
    let db = data.join("outbox.db");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (ids, integrity): (Vec<String>, String) = rt.block_on(async {
        use sqlx::ConnectOptions;
        use std::str::FromStr;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::from_str("sqlite:")
            .unwrap()
            .filename(&db)
            .connect()
            .await
            .unwrap();
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM outbox ORDER BY no")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        (ids, integrity)
    });
    assert_eq!(integrity, "ok");
    let stored: HashSet<&String> = ids.iter().collect();
    assert_eq!(stored.len(), ids.len(), "an event id is stored twice");
    let lost: Vec<&String> = reported.iter().filter(|id| !stored.contains(id)).collect();
    assert!(
        lost.is_empty(),
        "{} taps reported as recorded are missing, e.g. {:?}",
        lost.len(),
        &lost[..lost.len().min(3)]
    );
    // Every stored event is a whole one: its payload parses and names its own id.
    let payloads_ok = rt.block_on(async {
        use sqlx::ConnectOptions;
        use std::str::FromStr;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::from_str("sqlite:")
            .unwrap()
            .filename(&db)
            .connect()
            .await
            .unwrap();
        let rows: Vec<(String, Vec<u8>)> = sqlx::query_as("SELECT id, payload FROM outbox")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        let kiosk = citeosquare_protocol::KioskId::parse("kill-test").unwrap();
        rows.iter().all(|(id, payload)| {
            citeosquare_protocol::Event::from_payload(payload, &kiosk)
                .is_ok_and(|e| e.id.as_str() == id)
        })
    });
    assert!(payloads_ok, "a stored payload is damaged");
}
