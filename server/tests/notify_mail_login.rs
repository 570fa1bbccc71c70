//! The site's mail account with a login (issue 17): the password comes from the environment
//! variable the server reads (`CITEOSQUARE_SMTP_PASSWORD`), never from the database. Against a
//! local aiosmtpd that requires AUTH: the right password sends, as that login; a wrong one is the
//! setting's fault, so the message waits (not given up) and the admin reads why. With STARTTLS
//! chosen, nothing — no password, no message — goes in clear: not to a server that offers no
//! STARTTLS, nor to one whose certificate is not trusted.
//!
//! The test runs in a child process of its own, started with the password in its environment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::Utc;
use citeosquare_server::audit::Actor;
use citeosquare_server::notify::{self, Event, mail};
use citeosquare_server::{AppState, db};
use std::path::Path;
use std::process::{Command, Stdio};
use support::TestApp;
use support::smtp::{Asks, Sink, field, python};

const PASSWORD: &str = "le mot de passe du relais";

async fn mail_account(app: &TestApp, port: u16, security: &str, login: &str) {
    mail::save_settings(
        &app.pool,
        &Actor::cli(),
        &mail::SettingsInput {
            smtp_host: "127.0.0.1".into(),
            smtp_port: port.to_string(),
            smtp_security: security.into(),
            smtp_login: login.into(),
            from_address: "accueil@cite.example".into(),
            site_url: "https://cite.example".into(),
            digest_hour: "7".into(),
        },
    )
    .await
    .unwrap();
}

/// The message's attempts, its last error and whether it left or was given up.
async fn row(app: &TestApp, key: &str) -> (i64, Option<String>, bool, bool) {
    let (attempts, error, sent, failed): (i64, Option<String>, Option<String>, Option<String>) =
        sqlx::query_as(
            "SELECT attempts, last_error, sent_at, failed_at FROM notifications
             WHERE event_key = ?",
        )
        .bind(key)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    (attempts, error, sent.is_some(), failed.is_some())
}

/// Makes every waiting message due now (instead of waiting for its back-off).
async fn due_now(app: &TestApp) {
    sqlx::query("UPDATE notifications SET next_attempt_at = ? WHERE sent_at IS NULL")
        .bind(db::now_text())
        .execute(&app.pool)
        .await
        .unwrap();
}

/// A self-signed certificate for 127.0.0.1 (not trusted by the site), by `openssl`; `None`
/// (said loudly) without it.
fn self_signed(dir: &Path) -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args([
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match made {
        Ok(s) if s.success() => Some((cert, key)),
        _ => {
            eprintln!("!!! SKIPPED: openssl could not make a certificate; STARTTLS not tried");
            None
        }
    }
}

/// Runs [`with_the_password_in_the_environment`] in a child of this test binary whose
/// environment holds the password, as the server's would (this process's own environment is left
/// alone: changing it is unsafe code, which the workspace forbids).
#[test]
fn the_password_comes_from_the_environment_and_never_goes_in_clear_when_starttls_is_chosen() {
    if python().is_none() {
        return;
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "with_the_password_in_the_environment"])
        .args(["--ignored", "--nocapture", "--test-threads=1"])
        .env(mail::PASSWORD_VAR, PASSWORD)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 passed"), "{text}");
}

#[tokio::test]
#[ignore = "run by the test above, in a process with the password in its environment"]
async fn with_the_password_in_the_environment() {
    if std::env::var(mail::PASSWORD_VAR).as_deref() != Ok(PASSWORD) {
        // Run with --include-ignored in a process without the password: the test above runs this
        // one where it is set.
        eprintln!(
            "not run here: {} is not the test's password",
            mail::PASSWORD_VAR
        );
        return;
    }
    let python = python().expect("aiosmtpd (checked by the test that runs this one)");
    let app = TestApp::new().await;
    sqlx::query("DELETE FROM notifications")
        .execute(&app.pool)
        .await
        .unwrap();
    let state = AppState::new(app.pool.clone(), support::config(app.dir.path()));
    let jean: i64 = sqlx::query_scalar(
        "UPDATE persons SET email = 'jean.dupuis@example.org' WHERE first_name = 'Jean'
         RETURNING id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let tell = |key: &'static str| {
        let pool = app.pool.clone();
        async move {
            let mut tx = db::begin_write(&pool).await.unwrap();
            let e = Event::new(key, "test").arg("site", "La Cité des Tilleuls");
            assert!(notify::tell(&mut tx, jean, &e).await.unwrap());
            tx.commit().await.unwrap();
        }
    };
    let send = || mail::send_due(&state, Utc::now());
    let login = Asks {
        auth: Some(("accueil".into(), PASSWORD.into())),
        starttls: None,
    };

    // The right password, from the environment: sent, as the site's login.
    let sink = Sink::start_asking(python, 0, &[], &login);
    mail_account(&app, sink.port, "none", "accueil").await;
    tell("essai:login").await;
    assert_eq!(send().await.unwrap().sent, 1);
    let received = sink.received();
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(received[0]["login"], "accueil");
    assert_eq!(field(&received[0], "to"), "jean.dupuis@example.org");
    assert!(
        sink.commands().iter().any(|c| c.starts_with("AUTH ")),
        "{:?}",
        sink.commands()
    );
    // The password is nowhere in the database's files.
    for entry in std::fs::read_dir(app.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes
                    .windows(PASSWORD.len())
                    .any(|w| w == PASSWORD.as_bytes()),
                "{} holds the password",
                path.display()
            );
        }
    }

    // A mail server that knows another password: refused (535), the setting's fault, so the
    // message waits instead of being given up, and the admin reads why.
    let other = Sink::start_asking(
        python,
        0,
        &[],
        &Asks {
            auth: Some(("accueil".into(), "un autre".into())),
            starttls: None,
        },
    );
    mail_account(&app, other.port, "none", "accueil").await;
    tell("essai:refuse").await;
    let run = send().await.unwrap();
    assert_eq!((run.sent, run.later, run.failed), (0, 1, 0), "{run:?}");
    let (attempts, error, sent, failed) = row(&app, "essai:refuse").await;
    assert_eq!(attempts, 1);
    assert!(!sent && !failed);
    let error = error.unwrap();
    assert!(error.starts_with("535"), "{error}");
    assert!(other.received().is_empty());
    let admin = app.session("admin").await;
    let page = app.page("/admin/courriel", Some(&admin)).await.body;
    assert!(
        page.contains("Le serveur de courrier a refusé l&#39;identifiant ou le mot de passe")
            || page.contains("Le serveur de courrier a refusé l'identifiant ou le mot de passe"),
        "{page}"
    );

    // STARTTLS chosen, and a server that does not offer it: nothing is said in clear, neither the
    // password nor the message; the message waits.
    mail_account(&app, sink.port, "starttls", "accueil").await;
    due_now(&app).await;
    let before = sink.commands().len();
    let run = send().await.unwrap();
    assert_eq!(run.sent, 0, "{run:?}");
    assert!(run.later >= 1, "{run:?}");
    assert_eq!(
        sink.received().len(),
        1,
        "only the first, sent in the first part"
    );
    assert_eq!(
        sink.commands().len(),
        before,
        "no AUTH nor MAIL without STARTTLS: {:?}",
        sink.commands()
    );
    let (_, error, sent, failed) = row(&app, "essai:refuse").await;
    assert!(!sent && !failed);
    let error = error.unwrap();
    assert!(error.starts_with("tls:"), "{error}");
    let page = app.page("/admin/courriel", Some(&admin)).await.body;
    assert!(
        page.contains("La connexion chiffrée avec le serveur de courrier n")
            && page.contains("pu s&#39;établir"),
        "{page}"
    );

    // STARTTLS offered, with a certificate the site does not trust: the same.
    let certs = tempfile::tempdir().unwrap();
    if let Some(pair) = self_signed(certs.path()) {
        let tls = Sink::start_asking(
            python,
            0,
            &[],
            &Asks {
                auth: Some(("accueil".into(), PASSWORD.into())),
                starttls: Some(pair),
            },
        );
        mail_account(&app, tls.port, "starttls", "accueil").await;
        due_now(&app).await;
        let run = send().await.unwrap();
        assert_eq!(run.sent, 0, "{run:?}");
        assert!(tls.received().is_empty());
        assert!(
            tls.commands().is_empty(),
            "nothing past the refused certificate: {:?}",
            tls.commands()
        );
        // The admin is told the encrypted connection failed, not that no server answered.
        let (_, error, sent, failed) = row(&app, "essai:refuse").await;
        assert!(!sent && !failed);
        let error = error.unwrap();
        assert!(error.starts_with("tls:"), "{error}");
        assert!(error.contains("certificate"), "{error}");
    }
}
