//! Pages in a real headless Chromium (see tests/common/browser.rs). Skipped with a loud line where
//! Chromium or chromedriver is missing, unless `CITEOSQUARE_REQUIRE_BROWSER=1`.

mod common;

use common::browser::{Browser, describe_violations};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// An accessible French page with a field, a button and a line the button fills in.
const GOOD_PAGE: &str = r#"<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Essai du navigateur</title>
</head>
<body>
<main>
<h1>Bonjour</h1>
<label for="nom">Votre prénom</label>
<input id="nom" name="nom" type="text" autocomplete="given-name">
<button type="button" id="valider">Valider</button>
<p id="sortie" aria-live="polite"></p>
</main>
<script>
document.getElementById('valider').addEventListener('click', () => {
  document.getElementById('sortie').textContent =
    'Bienvenue, ' + document.getElementById('nom').value + ' !';
});
</script>
</body>
</html>
"#;

/// The same kind of page with a deliberate violation: an image without alternative text.
const BAD_PAGE: &str = r#"<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Page fautive</title></head>
<body>
<main>
<h1>Affiche</h1>
<img src="/affiche.png" width="40" height="40">
</main>
</body>
</html>
"#;

/// Serves the two pages on a loopback port from a thread; returns the base URL and the
/// Accept-Language header of the last page request.
fn serve_pages() -> (String, Arc<Mutex<Option<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the test page server");
    let base = format!(
        "http://{}",
        listener.local_addr().expect("the page server's address")
    );
    let accept_language = Arc::new(Mutex::new(None));
    let seen = accept_language.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone the connection"));
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut language = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = line.split_once(':')
                    && k.eq_ignore_ascii_case("accept-language")
                {
                    language = Some(v.trim().to_owned());
                }
            }
            let target = request_line.split(' ').nth(1).unwrap_or("/");
            let path = target.split(['?', '#']).next().unwrap_or("/");
            let (status, body) = match path {
                "/" => ("200 OK", GOOD_PAGE),
                "/fautive" => ("200 OK", BAD_PAGE),
                _ => ("404 Not Found", ""),
            };
            if status.starts_with("200") {
                *seen.lock().expect("lock") = language;
            }
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (base, accept_language)
}

#[test]
fn browser_harness_smoke() {
    let (base, accept_language) = serve_pages();
    common::runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };

        browser.goto(&format!("{base}/")).await;
        assert_eq!(browser.current_path().await, "/");
        assert_eq!(browser.text("h1").await, "Bonjour");
        let language = accept_language.lock().expect("lock").clone();
        assert!(
            language.as_deref().is_some_and(|l| l.starts_with("fr")),
            "the browser should ask for French pages, sent Accept-Language {language:?}"
        );

        browser.fill("#nom", "Awa").await;
        browser.fill("#nom", "Lucie").await; // fill replaces what was typed
        browser.click("#valider").await;
        browser
            .wait_for_text("#sortie", "Bienvenue, Lucie !", Duration::from_secs(5))
            .await;

        browser.check_accessibility("page d'essai").await;
        // A second run on the same page injects axe-core again without harm.
        browser
            .check_accessibility("page d'essai (2e passage)")
            .await;

        let shot = browser.screenshot("smoke").await;
        let png = std::fs::read(&shot).expect("the screenshot file");
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "not a PNG: {}",
            shot.display()
        );

        browser.set_size(390, 844).await;
        assert_eq!(
            browser.execute("return window.innerWidth;", vec![]).await,
            390
        );

        browser.goto(&format!("{base}/fautive?x=1#haut")).await;
        assert_eq!(browser.current_path().await, "/fautive");
        let violations = browser.accessibility_violations().await;
        assert!(
            violations.iter().any(|v| v["id"] == "image-alt"),
            "axe-core should report the image without alt, got {violations:?}"
        );
        let message = describe_violations("page fautive", &violations);
        assert!(message.starts_with("page fautive: "), "{message}");
        assert!(message.contains("image-alt [critical]"), "{message}");
        assert!(message.contains(r#"<img src="/affiche.png""#), "{message}");
        eprintln!("{message}");

        browser.close().await;
    });
}
