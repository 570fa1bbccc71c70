//! Telling people, in headless Chromium on the demo site with a real mail server on loopback
//! (aiosmtpd; axe-core on every page, screenshots in target/screenshots): the desk declines the
//! association's room request with a reason; Marie, its representative, sees the notice counted on
//! her page and reads the reason on « Mes avis », and the e-mail reaches her mailbox, in French,
//! with the reason and a link to choose how to be told. Then the paper channel: Hélène, who has
//! neither e-mail nor login, has her slip on the desk's « À remettre » list; the desk prints it
//! (Chromium's print to PDF, read back with poppler's `pdftotext`: her name and her message's
//! words) and marks it handed over.
#![allow(clippy::unwrap_used)]

mod common;

use common::browser::Browser;
use common::walk::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Runs statements on the server's database (settings no page of this walk changes).
fn execute(db: &Path, sql: Vec<String>) {
    let url = format!("sqlite://{}", db.display());
    common::runtime().block_on(async move {
        use sqlx::ConnectOptions;
        use std::str::FromStr;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::from_str(&url)
            .unwrap()
            .busy_timeout(Duration::from_secs(10))
            .connect()
            .await
            .unwrap();
        for s in sql {
            sqlx::query(sqlx::AssertSqlSafe(s))
                .execute(&mut conn)
                .await
                .unwrap();
        }
    });
}

/// Text as compared after a trip through a PDF: ligatures and typographic apostrophes undone,
/// no-break spaces and every run of whitespace (line breaks included) one space.
fn normalise(text: &str) -> String {
    let plain = text
        .replace('\u{fb00}', "ff")
        .replace('\u{fb01}', "fi")
        .replace('\u{fb02}', "fl")
        .replace('\u{fb03}', "ffi")
        .replace('\u{fb04}', "ffl")
        .replace(['\u{2019}', '\u{2018}'], "'")
        .replace(['\u{a0}', '\u{202f}'], " ")
        .replace('\u{ad}', "");
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of the PDF at `path` by `pdftotext`, or `None` (with a loud line) where poppler-utils
/// is not installed and `CITEOSQUARE_REQUIRE_PDFTOTEXT` is not `1`.
fn pdf_text(path: &Path) -> Option<String> {
    let out = match Command::new("pdftotext").arg(path).arg("-").output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if std::env::var("CITEOSQUARE_REQUIRE_PDFTOTEXT").as_deref() == Ok("1") {
                panic!(
                    "the printed slip must be read back (CITEOSQUARE_REQUIRE_PDFTOTEXT=1) but \
                     pdftotext is not installed (apt-get install poppler-utils)"
                );
            }
            eprintln!(
                "!!! SKIPPED: pdftotext is not installed (apt-get install poppler-utils); the \
                 printed slip's text was not checked"
            );
            return None;
        }
        Err(e) => panic!("pdftotext: {e}"),
    };
    assert!(
        out.status.success(),
        "pdftotext {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("pdftotext writes UTF-8"))
}

/// The mail server of the test: aiosmtpd on a free port, writing each message it receives.
struct Sink {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Sink {
    /// `None` (with a loud line) where Python's aiosmtpd is missing and not required.
    fn start(dir: &Path) -> Option<Sink> {
        let script = common::repo_root().join("server/tests/support/smtp_sink.py");
        // Debian's package lands in the system's Python, which may not be the first on PATH.
        let python = ["python3", "/usr/bin/python3"].into_iter().find(|p| {
            Command::new(p)
                .args(["-c", "import aiosmtpd"])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        });
        let Some(python) = python else {
            assert!(
                std::env::var_os("CITEOSQUARE_REQUIRE_SMTP").is_none(),
                "CITEOSQUARE_REQUIRE_SMTP is set but python3-aiosmtpd is not installed"
            );
            eprintln!(
                "!!! SKIPPED: python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd)"
            );
            return None;
        };
        let mut child = Command::new(python)
            .arg(&script)
            .arg("0")
            .arg(dir)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().unwrap();
        Some(Sink {
            child,
            port,
            dir: dir.to_owned(),
        })
    }

    /// The messages received so far (their JSON records).
    fn received(&self) -> Vec<serde_json::Value> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
            .collect()
    }
}

#[test]
fn notify_a_declined_request_reaches_the_representative_by_page_and_e_mail_and_a_slip_is_printed() {
    common::runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let mail_dir = tempfile::tempdir().unwrap();
        let Some(sink) = Sink::start(mail_dir.path()) else {
            return;
        };
        let site = common::Site::start();
        let db = site.server.db_path();
        // The site's mail account (a relay on this machine), and Marie's address, which the desk
        // has on her record.
        let setup = vec![
            format!(
                "UPDATE notify_settings SET smtp_host = '127.0.0.1', smtp_port = {},
                     smtp_security = 'none', from_address = 'accueil@citeosquare.example',
                     site_url = '{}'",
                sink.port, site.server.http
            ),
            "UPDATE persons SET email = 'marie.lefevre@example.org' WHERE id = 1".to_owned(),
        ];
        off_runtime(|| execute(&db, setup));
        let w = Walk {
            browser: &browser,
            base: site.server.http.clone(),
        };

        // The desk declines the general assembly, with its reason.
        w.log_in("accueil", "/accueil").await;
        browser.click(r#"nav a[href="/accueil/demandes"]"#).await;
        w.wait_for_path("/accueil/demandes").await;
        let form = r#"form[action$="/refuser"]:not([action*="/serie/"])"#;
        browser
            .fill(
                &format!("{form} textarea[name=message]"),
                "La salle est réservée ce jour-là pour le forum des associations.",
            )
            .await;
        browser.click(&format!("{form} button[type=submit]")).await;
        browser
            .wait_for_text(".flash", "Demande refusée.", PAGE)
            .await;
        w.log_out().await;

        // Marie's page for her association counts the notice (with the demo's two before it:
        // her request received, her welcome minutes); « Mes avis » shows the reason.
        w.log_in("asso", "/mes-associations").await;
        browser
            .wait_for_text(
                "#mes-avis",
                "Demande refusée : Assemblée générale des Jardins partagés",
                PAGE,
            )
            .await;
        w.check_page(
            "mes associations, un avis",
            "avis-01-mes-associations",
            DESK,
        )
        .await;
        browser.click(r##"#mes-avis a[href="/avis"]"##).await;
        w.wait_for_path("/avis").await;
        browser
            .wait_for_text(
                "#liste-avis",
                "La salle est réservée ce jour-là pour le forum des associations.",
                PAGE,
            )
            .await;
        w.assert_french("mes avis").await;
        w.check_page("mes avis", "avis-02-mes-avis", DESK).await;
        w.resize(PHONE.0, PHONE.1).await;
        w.check_page("mes avis (téléphone)", "avis-03-mes-avis-telephone", PHONE)
            .await;
        w.resize(DESK.0, DESK.1).await;
        w.log_out().await;

        // The e-mail reaches her mailbox once (the sender runs every 15 seconds).
        let deadline = Instant::now() + Duration::from_secs(60);
        let mail = loop {
            let got: Vec<_> = sink
                .received()
                .into_iter()
                .filter(|m| {
                    m["subject"]
                        .as_str()
                        .unwrap_or("")
                        .starts_with("Demande refusée")
                })
                .collect();
            if let Some(m) = got.first() {
                break m.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no e-mail: {:?}",
                sink.received()
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        };
        assert_eq!(mail["rcpt_tos"][0], "marie.lefevre@example.org");
        assert!(
            mail["subject"]
                .as_str()
                .unwrap()
                .starts_with("Demande refusée : Assemblée générale des Jardins partagés"),
            "{mail}"
        );
        let text = mail["text"].as_str().unwrap();
        assert!(
            text.contains("La salle est réservée ce jour-là pour le forum des associations."),
            "{text}"
        );
        assert!(text.contains("/avis#preferences"), "{text}");
        assert!(
            mail["html"]
                .as_str()
                .unwrap()
                .contains("forum des associations")
        );

        // Paper: Hélène has neither e-mail nor login; her welcome credit waits as a slip.
        w.log_in("accueil", "/accueil").await;
        w.open("/accueil/a-remettre").await;
        browser.wait_for_text("main", "Hélène Garnier", PAGE).await;
        w.check_page("à remettre", "avis-04-a-remettre", DESK).await;
        browser
            .goto(&format!(
                "{}/accueil/a-remettre/imprimer?personne=4",
                site.server.http
            ))
            .await;
        browser.wait_for_text("main", "Hélène Garnier", PAGE).await;
        w.check_page("avis à imprimer", "avis-05-impression", DESK)
            .await;
        let pdf = browser.print_pdf().await;
        assert!(pdf.starts_with(b"%PDF"), "a PDF");
        // Read back: the slip is for Hélène and carries her message's words (her welcome
        // minutes), its reason and the other ways to be told.
        let dir = common::repo_root().join("target").join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("avis-05-impression.pdf");
        std::fs::write(&path, &pdf).unwrap();
        if let Some(text) = pdf_text(&path) {
            let text = normalise(&text);
            for words in [
                "Pour : Hélène Garnier",
                "Vous avez reçu 1 h de temps",
                "Bonjour Hélène,",
                "Caisse commune vous a crédité 1 h sur votre compte SEL.",
                "« Crédit de bienvenue »",
                "Merci pour le temps donné !",
                "Vous recevez ce message parce que votre compte SEL a été crédité.",
            ] {
                assert!(text.contains(words), "{words:?} is not on the slip: {text}");
            }
            // Only hers: not Marie's refusal.
            assert!(!text.contains("Demande refusée"), "{text}");
        }
        w.open("/accueil/a-remettre").await;
        // The button asks « Remis à Hélène Garnier ? » first: the receptionist says yes.
        browser
            .execute("window.confirm = () => true; return true;", vec![])
            .await;
        browser
            .click(r#"form[action="/accueil/a-remettre/4/remis"] button[type=submit]"#)
            .await;
        browser.wait_for_text(".flash", "remis", PAGE).await;
        let list = browser.text("main").await;
        assert!(!list.contains("Hélène Garnier"), "{list}");
        // Only one e-mail for Marie's one refusal, however long the sender ran.
        let refusals = sink
            .received()
            .iter()
            .filter(|m| {
                m["subject"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with("Demande refusée")
            })
            .count();
        assert_eq!(refusals, 1);
        browser.close().await;
    });
}
