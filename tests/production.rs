//! The server in production (README « Installing the server »): a backup taken under load restores
//! into a working server, the daily backup script rotates and fails loudly, an upgrade swaps the
//! binary mid-stream without losing or doubling a tap, and the pages go through Caddy over HTTPS.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const LONG: Duration = Duration::from_secs(120);

/// One HTTP/1.1 request on loopback → (status, head, body).
fn http(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> Option<(u16, String, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let (head, body) = text.split_once("\r\n\r\n")?;
    Some((status, head.to_owned(), body.to_owned()))
}

fn out_text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `citeosquare ARGS --data-dir DIR`.
fn citeosquare(data_dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(bin("citeosquare"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("CITEOSQUARE_CONFIG")
        .output()
        .unwrap()
}

/// The five kiosks added to the demo's three, all on the SEL role, password « demo ».
const MORE_KIOSKS: [&str; 5] = ["borne-4", "borne-5", "borne-6", "borne-7", "borne-8"];

#[test]
fn backup_taken_while_eight_kiosks_tap_and_the_api_books_restores_into_a_server_that_starts() {
    let mut site = Site::start_embedded();
    for id in MORE_KIOSKS {
        let out = site.server.cli(&[
            "kiosk",
            "add",
            id,
            "--role",
            "sel",
            "--label",
            id,
            "--password",
            "demo",
        ]);
        assert!(out.status.success(), "{}", out_text(&out));
    }
    // The embedded broker learns its accounts at start.
    site.server.terminate();
    site.server.restart();
    let ids: Vec<&str> = ["demo-sel", "demo-salle", "demo-accueil"]
        .into_iter()
        .chain(MORE_KIOSKS)
        .collect();
    let mut kiosks: Vec<Kiosk> = ids.iter().map(|id| site.kiosk(id)).collect();
    let feeds: Vec<_> = kiosks
        .iter_mut()
        .map(|k| k.tap_in_background(demo_badges(120), Duration::from_millis(25)))
        .collect();

    // Meanwhile the desk signs people up for the coming SEL shifts through the API.
    let shifts = site.server.query_strings(
        "SELECT CAST(id AS TEXT) FROM sel_shifts
          WHERE cancelled_at IS NULL AND starts_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
          ORDER BY starts_at LIMIT 40",
    );
    let persons = site
        .server
        .query_strings("SELECT CAST(id AS TEXT) FROM persons ORDER BY id");
    assert!(shifts.len() >= 10 && persons.len() >= 5, "the demo's SEL");
    let booked: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let booking = {
        let (booked, stop) = (booked.clone(), stop.clone());
        let (port, token) = (site.server.http_port(), site.server.token.clone());
        std::thread::spawn(move || {
            'all: for shift in &shifts {
                for person in persons.iter().take(5) {
                    if stop.load(Ordering::Relaxed) {
                        break 'all;
                    }
                    let path = format!("/api/v1/sel/shifts/{shift}/signups/{person}");
                    match http(port, "PUT", &path, Some(&token), "") {
                        Some((200, _, _)) => {
                            booked.lock().unwrap().push((shift.clone(), person.clone()))
                        }
                        Some((409, _, _)) => {} // the shift is full
                        other => panic!("{path}: {other:?}"),
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
        })
    };

    for k in &kiosks {
        k.wait_acked(20, LONG);
    }
    wait_for("a few bookings", LONG, || {
        (booked.lock().unwrap().len() >= 5).then_some(())
    });
    // What was acknowledged before the backup started: the server acks and answers only after
    // its commit.
    let acked_before: Vec<(String, Vec<String>)> =
        kiosks.iter().map(|k| (k.id.clone(), k.acked())).collect();
    let booked_before = booked.lock().unwrap().clone();
    let backup = site.dir.path().join("sauvegardes").join("citeosquare-1.db");
    let out = site
        .server
        .cli(&["backup", "--to", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", out_text(&out));

    // The fleet goes on and lands whole on the running server.
    stop.store(true, Ordering::Relaxed);
    booking.join().unwrap();
    for (k, feed) in kiosks.iter_mut().zip(feeds) {
        k.give_back_stdin(feed.join().unwrap());
    }
    for k in &kiosks {
        site.assert_every_tap_landed_once(k, 120, LONG);
    }

    // Restored into a new data directory: checked, and holding everything acked before.
    let restored = site.dir.path().join("restored");
    let out = citeosquare(&restored, &["restore", "--from", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", out_text(&out));
    let check = citeosquare(&restored, &["check"]);
    assert!(check.status.success(), "{}", out_text(&check));
    let db = restored.join("citeosquare.db");
    let stored = query_strings(&db, "SELECT id FROM kiosk_events");
    let mut total_acked = 0;
    for (kiosk, acked) in &acked_before {
        total_acked += acked.len();
        let missing: Vec<_> = acked.iter().filter(|id| !stored.contains(id)).collect();
        assert!(
            missing.is_empty(),
            "{kiosk}: {} taps acked before the backup are not in it",
            missing.len()
        );
    }
    assert!(total_acked >= 8 * 20);
    assert!(
        stored.len() < 8 * 120,
        "the backup was taken mid-stream: it holds {} of the {} taps",
        stored.len(),
        8 * 120
    );
    let signups = query_strings(
        &db,
        "SELECT shift_id || '/' || person_id FROM sel_signups WHERE withdrawn_at IS NULL",
    );
    for (shift, person) in &booked_before {
        assert!(
            signups.contains(&format!("{shift}/{person}")),
            "the booking of person {person} on shift {shift} was answered before the backup"
        );
    }

    // And a server starts on it and serves the desk.
    let server = Server::start(&restored, BrokerSetup::Embedded { port: free_port() });
    let (status, health) = server.get_anonymous("/healthz").unwrap();
    assert_eq!(status, 200, "{health}");
    let (status, page) = server.get("/accueil").unwrap();
    assert_eq!(status, 200);
    assert!(page.contains("<main"), "{page}");
    let (status, kiosk_list) = server.get("/api/v1/kiosks").unwrap();
    assert_eq!(status, 200);
    assert!(kiosk_list.contains("borne-8"), "{kiosk_list}");
}

#[test]
fn server_binary_swapped_mid_stream_ingests_every_tap_exactly_once() {
    let mut site = Site::start();
    // The new version: another file, as an upgrade installs one.
    let next = site.dir.path().join("citeosquare-next");
    std::fs::copy(bin("citeosquare"), &next).unwrap();
    let mut a = site.kiosk("demo-sel");
    let mut b = site.kiosk("demo-salle");
    let feed_a = a.tap_in_background(demo_badges(300), Duration::from_millis(4));
    let feed_b = b.tap_in_background(demo_badges(300), Duration::from_millis(4));
    wait_for("ingestion to be under way", LONG, || {
        (site.stored_ids("demo-sel").len() >= 60).then_some(())
    });
    // As `systemctl stop` then `start` with the new binary do: SIGTERM, taps go on meanwhile.
    site.server.terminate();
    std::thread::sleep(Duration::from_millis(300));
    site.server.binary = next.clone();
    site.server.restart();
    assert_eq!(
        site.server.running_binary(),
        next.canonicalize().unwrap(),
        "the new version runs"
    );
    a.give_back_stdin(feed_a.join().unwrap());
    b.give_back_stdin(feed_b.join().unwrap());
    for k in [&a, &b] {
        site.assert_every_tap_landed_once(k, 300, LONG);
        assert_eq!(k.acked().len(), 300, "{}: every tap was acked", k.id);
    }
    let check = site.server.cli(&["check"]);
    assert!(check.status.success(), "{}", out_text(&check));
}

/// Runs deploy/citeosquare-backup.sh as its service does, on `data_dir`, into `backups`.
fn backup_script(data_dir: &Path, backups: &Path, keep: &str) -> std::process::Output {
    Command::new("bash")
        .arg(repo_root().join("deploy/citeosquare-backup.sh"))
        .env_remove("CITEOSQUARE_CONFIG")
        .env("CITEOSQUARE_DATA_DIR", data_dir)
        .env("CITEOSQUARE_BIN", bin("citeosquare"))
        .env("CITEOSQUARE_BACKUP_DIR", backups)
        .env("CITEOSQUARE_BACKUP_KEEP", keep)
        .output()
        .unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn daily_backup_keeps_the_newest_verified_copies_and_a_copy_failing_its_check_fails_loudly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let backups = dir.path().join("backups");
    assert!(citeosquare(&data, &["migrate"]).status.success());
    for _ in 0..3 {
        let out = backup_script(&data, &backups, "2");
        assert!(out.status.success(), "{}", out_text(&out));
        assert!(out_text(&out).contains("sauvegarde vérifiée"));
    }
    let kept = names_in(&backups);
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept.iter().all(|n| n.starts_with("citeosquare-")));
    for name in &kept {
        let check = citeosquare(
            dir.path(),
            &["check", "--database", backups.join(name).to_str().unwrap()],
        );
        assert!(check.status.success(), "{}", out_text(&check));
    }

    // A database that breaks an invariant: the copy is made, fails its check, and nothing older
    // is removed.
    let db = data.join("citeosquare.db");
    runtime().block_on(async {
        use sqlx::ConnectOptions;
        use std::str::FromStr;
        let mut conn =
            sqlx::sqlite::SqliteConnectOptions::from_str(&format!("sqlite://{}", db.display()))
                .unwrap()
                .foreign_keys(false)
                .connect()
                .await
                .unwrap();
        sqlx::query("INSERT INTO badges (card_id, person_id, assigned_at) VALUES ('04AB', 999, '2026-11-26T00:00:00.000Z')")
            .execute(&mut conn)
            .await
            .unwrap();
    });
    let out = backup_script(&data, &backups, "2");
    assert_eq!(out.status.code(), Some(1), "{}", out_text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<3>citeosquare-backup : ÉCHEC"), "{err}");
    assert!(err.contains("FAIL foreign_keys"), "{err}");
    let after = names_in(&backups);
    assert!(after.starts_with(&kept), "{after:?}");
    assert_eq!(after.len(), 3);
    assert!(after[2].ends_with(".db.echec"), "{after:?}");

    let bad_keep = backup_script(&data, &backups, "zéro");
    assert_eq!(bad_keep.status.code(), Some(1));
}

/// Whether Caddy is installed; when it is not and `CITEOSQUARE_REQUIRE_CADDY=1` (as in CI), that
/// is a failure, never a silent skip.
fn caddy_available() -> bool {
    let found = Command::new("caddy")
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found && std::env::var("CITEOSQUARE_REQUIRE_CADDY").as_deref() == Ok("1") {
        panic!("caddy is required (CITEOSQUARE_REQUIRE_CADDY=1) but not installed");
    }
    if !found {
        eprintln!("SKIPPED: caddy is not installed (apt-get install caddy); .ci/run requires it");
    }
    found
}

/// Caddy with deploy/caddy/Caddyfile's recipe, on loopback ports, its state in `dir`.
struct Caddy {
    child: std::process::Child,
    https_port: u16,
    root_cert: std::path::PathBuf,
}

impl Caddy {
    fn start(dir: &Path, name: &str, upstream: u16) -> Caddy {
        let https_port = free_port();
        let recipe = std::fs::read_to_string(repo_root().join("deploy/caddy/Caddyfile")).unwrap();
        // The recipe as the README says to fill it in, plus what a test needs: loopback ports
        // instead of 80/443, no admin endpoint, the system's trust store left alone.
        let site = recipe
            .replace("citeosquare.lan", &format!("{name}:{https_port}"))
            .replace("127.0.0.1:8080", &format!("127.0.0.1:{upstream}"));
        let config = format!(
            "{{\n\tadmin off\n\tskip_install_trust\n\tauto_https disable_redirects\n\t\
             http_port {}\n\thttps_port {https_port}\n}}\n\n{}",
            free_port(),
            site.split_once("# --- site ---")
                .map_or(site.as_str(), |(_, s)| s)
        );
        let file = dir.join("Caddyfile");
        std::fs::write(&file, config).unwrap();
        let child = Command::new("caddy")
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(&file)
            .env("HOME", dir)
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("caddy.log")).unwrap())
            .spawn()
            .unwrap();
        Caddy {
            child,
            https_port,
            root_cert: dir.join("data/caddy/pki/authorities/local/root.crt"),
        }
    }

    /// `curl` through Caddy, trusting only its local CA → (status, headers, body).
    fn curl(&self, name: &str, path: &str, extra: &[&str]) -> Option<(u16, String, String)> {
        let out = Command::new("curl")
            .args(["-sS", "--max-time", "10", "-D", "-", "--cacert"])
            .arg(&self.root_cert)
            .arg("--resolve")
            .arg(format!("{name}:{}:127.0.0.1", self.https_port))
            .args(extra)
            .arg(format!("https://{name}:{}{path}", self.https_port))
            .output()
            .unwrap();
        if !out.status.success() {
            return None;
        }
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let (head, body) = text.split_once("\r\n\r\n")?;
        let status = head.split(' ').nth(1)?.parse().ok()?;
        Some((status, head.to_owned(), body.to_owned()))
    }
}

impl Drop for Caddy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `Set-Cookie` header of the session, if any.
fn session_cookie(head: &str) -> Option<String> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .map(|(_, v)| v.trim().to_owned())
        .find(|v| v.starts_with("cq_session="))
}

#[test]
fn pages_through_caddy_over_https_get_a_secure_login_cookie() {
    if !caddy_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with_flags(
        &dir.path().join("server"),
        BrokerSetup::Embedded { port: free_port() },
        &["--behind-proxy"],
    );
    // A name that is not the loopback's: a cookie is marked Secure there only because the proxy
    // says the page came over HTTPS.
    let name = "citeosquare.test";
    let caddy_dir = dir.path().join("caddy");
    std::fs::create_dir_all(&caddy_dir).unwrap();
    let caddy = Caddy::start(&caddy_dir, name, server.http_port());
    let (status, _, health) = wait_for("Caddy to serve the server over HTTPS", LONG, || {
        caddy.curl(name, "/healthz", &[])
    });
    assert_eq!(status, 200, "{health}");
    assert!(health.contains("\"mqtt\":\"connected\""), "{health}");
    let (status, _, page) = caddy.curl(name, "/connexion", &[]).unwrap();
    assert_eq!(status, 200);
    assert!(page.contains("mot_de_passe"), "{page}");

    // Logging in from the page's own origin (the server checks it against X-Forwarded-Host).
    let origin = format!("Origin: https://{name}:{}", caddy.https_port);
    let (status, head, _) = caddy
        .curl(
            name,
            "/connexion",
            &[
                "-H",
                &origin,
                "--data",
                "identifiant=accueil&mot_de_passe=citeosquare",
            ],
        )
        .unwrap();
    assert_eq!(status, 303, "{head}");
    let cookie = session_cookie(&head).expect("a session cookie");
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(cookie.contains("; HttpOnly"), "{cookie}");

    // The same login straight to the server in plain HTTP under that name: no Secure.
    let out = Command::new("curl")
        .args(["-sS", "--max-time", "10", "-D", "-", "-o", "/dev/null"])
        .args(["-H", &format!("Host: {name}")])
        .args(["-H", &format!("Origin: http://{name}")])
        .args(["--data", "identifiant=accueil&mot_de_passe=citeosquare"])
        .arg(format!("http://127.0.0.1:{}/connexion", server.http_port()))
        .output()
        .unwrap();
    let head = String::from_utf8_lossy(&out.stdout);
    let cookie = session_cookie(&head).expect("a session cookie");
    assert!(!cookie.contains("Secure"), "{cookie}");
}
