//! The app's pages in a real headless Chromium (see tests/common/browser.rs), walked as the people
//! who use them would: the reception desk, an administrator, a resident and an association's
//! representative (the SEL's pages in browser_sel.rs, the rooms in browser_spaces.rs; the
//! vehicles and the hostel have their own files). Every page visited must pass axe-core's WCAG 2.2 AA rules, and a screenshot of
//! each main page lands in target/screenshots/. Skipped with a loud line where Chromium or
//! chromedriver is missing, unless `CITEOSQUARE_REQUIRE_BROWSER=1`.

mod common;

use common::browser::{Browser, describe_violations};
use common::walk::*;
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

// --- The app's pages (the walk and its checks: common/walk.rs) ---

/// Reception logs in, finds Odette Perrin from the home page's search, creates a new person (the
/// empty form first, to see its errors) and gives her a badge by tapping the card at the desk
/// kiosk. The login page and the home page are also checked at phone size.
#[test]
fn reception_finds_a_person_and_gives_a_badge_tapped_at_the_desk() {
    common::runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let site = common::Site::start();
        let w = Walk {
            browser: &browser,
            base: site.server.http.clone(),
        };

        // The login page, on a desk screen and on a phone.
        browser.goto(&w.url("/")).await;
        w.wait_for_path("/connexion").await;
        assert_eq!(browser.text("h1").await, "Connexion");
        assert_eq!(w.lang().await, "fr");
        w.check("connexion", Some("01-connexion")).await;
        // axe-core really runs on the app's pages (whose Content-Security-Policy forbids inline
        // scripts): a field without a label added to this one is reported.
        browser
            .execute(
                "const i = document.createElement('input'); i.id = 'sans-etiquette'; \
                 document.querySelector('main').append(i); return null;",
                vec![],
            )
            .await;
        let violations = browser.accessibility_violations().await;
        assert!(
            violations.iter().any(|v| v["id"] == "label"),
            "axe-core should report the field without a label, got {violations:?}"
        );
        browser
            .execute(
                "document.getElementById('sans-etiquette').remove(); return null;",
                vec![],
            )
            .await;
        w.resize(390, 844).await;
        w.check("connexion (téléphone)", Some("01-connexion-telephone"))
            .await;
        w.resize(1366, 768).await;

        // Reception logs in and lands on the desk's home page.
        w.log_in("accueil", "/accueil").await;
        assert_eq!(
            w.js_text("return document.title;").await,
            "Accueil — CITEOSQUARE"
        );
        assert_eq!(
            w.js_text("return document.querySelector('h1').textContent;")
                .await,
            "Accueil"
        );
        assert!(browser.text("nav").await.contains("Accueil"));
        assert!(browser.text("header").await.contains("Accueil (démo)"));
        browser
            .wait_for_text("#etat-direct", "Mise à jour en direct.", LIVE)
            .await;
        w.check("accueil", Some("02-accueil")).await;
        w.resize(390, 844).await;
        w.check("accueil (téléphone)", Some("02-accueil-telephone"))
            .await;
        assert_eq!(
            browser
                .execute(
                    "return document.documentElement.scrollWidth <= window.innerWidth;",
                    vec![]
                )
                .await,
            true,
            "the home page is wider than a phone's screen"
        );
        w.resize(1366, 768).await;

        // Find Odette Perrin from the home page's search and open her page.
        browser.fill("#q", "Perrin").await;
        browser
            .click(r#"form[action="/personnes"] button[type=submit]"#)
            .await;
        w.wait_for_path("/personnes").await;
        browser.wait_for_text("#resultats", "Odette", PAGE).await;
        assert_eq!(
            w.js_text("return document.getElementById('q').value;")
                .await,
            "Perrin"
        );
        w.check("recherche de personnes", Some("03-personnes-recherche"))
            .await;
        browser.click("#resultats a").await;
        browser.wait_for_text("h1", "Odette Perrin", PAGE).await;
        assert!(browser.current_path().await.starts_with("/personnes/"));
        browser.wait_for_text("#badges", "DEMO0006", PAGE).await;
        w.check("fiche d'Odette Perrin", Some("04-fiche-personne"))
            .await;

        // A new person: the form sent empty shows its errors, then filled in.
        browser.click(r#"nav a[href="/personnes"]"#).await;
        w.wait_for_path("/personnes").await;
        browser.click(r#"a[href="/personnes/nouvelle"]"#).await;
        w.wait_for_path("/personnes/nouvelle").await;
        w.check("nouvelle fiche", Some("05-nouvelle-fiche")).await;
        browser
            .click(r#"form[action="/personnes/nouvelle"] button[type=submit]"#)
            .await;
        browser
            .wait_for_text("#erreurs", "Le formulaire contient des erreurs", PAGE)
            .await;
        // The summary names the field (WebDriver shows its no-break space as a space), and its
        // link leads to it.
        let summary = browser.text("#erreurs").await;
        assert!(
            summary.contains("Prénom : Ce champ est obligatoire."),
            "{summary}"
        );
        assert_eq!(
            w.js_text("return document.querySelector('#erreurs a').getAttribute('href');")
                .await,
            "#first_name"
        );
        w.check(
            "nouvelle fiche avec erreurs",
            Some("06-nouvelle-fiche-erreurs"),
        )
        .await;
        browser.fill("#first_name", "Nadia").await;
        browser.fill("#last_name", "Roussel").await;
        browser.fill("#phone", "06 12 34 56 78").await;
        browser
            .click(r#"form[action="/personnes/nouvelle"] button[type=submit]"#)
            .await;
        browser.wait_for_text("h1", "Nadia Roussel", PAGE).await;
        browser.wait_for_text(".flash", "Fiche créée.", PAGE).await;
        browser.wait_for_text("#badges", "Aucun badge", PAGE).await;

        // Her new card is tapped at the desk kiosk; her page offers it within seconds (htmx).
        let mut desk = site.kiosk("demo-accueil");
        desk.tap(&["CAFE0042"]);
        browser
            .wait_for_text("#badge-lu", "Attribuer le badge CAFE0042", LIVE)
            .await;
        w.check("fiche avec un badge lu à l'accueil", Some("07-badge-lu"))
            .await;
        browser.click("#attribuer-CAFE0042").await;
        browser
            .wait_for_text(".flash", "Badge attribué.", PAGE)
            .await;
        browser
            .wait_for_text("#liste-badges", "CAFE0042", PAGE)
            .await;
        assert!(browser.text("h1").await.contains("Nadia Roussel"));
        w.check(
            "fiche après l'attribution du badge",
            Some("08-badge-attribue"),
        )
        .await;
        let held = off_runtime(|| {
            site.server.query_strings(
                "SELECT b.card_id FROM badges b JOIN persons p ON p.id = b.person_id \
                 WHERE b.revoked_at IS NULL AND p.first_name = 'Nadia' AND p.last_name = 'Roussel'",
            )
        });
        assert_eq!(held, ["CAFE0042"], "the card now belongs to Nadia Roussel");
        // Once given, the card is no longer offered.
        browser
            .wait_for_text(
                "#badge-lu",
                "En attente d'un badge inconnu à la borne de l'accueil",
                LIVE,
            )
            .await;

        browser.close().await;
    });
}

/// The home page stays open while Jean Dupuis badges at the café (his SEL shift starts): his tap
/// appears without a reload; then reception writes a logbook entry from the home page and finds
/// it on the logbook page.
#[test]
fn a_kiosk_tap_appears_live_and_the_logbook_takes_an_entry() {
    common::runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let site = common::Site::start();
        let w = Walk {
            browser: &browser,
            base: site.server.http.clone(),
        };
        w.log_in("accueil", "/accueil").await;

        // A tap at the café kiosk shows on the open home page without reloading it.
        browser
            .wait_for_text("#etat-direct", "Mise à jour en direct.", LIVE)
            .await;
        browser
            .wait_for_text("main", "Aucun passage pour l'instant.", PAGE)
            .await;
        browser
            .execute("window.pasRecharge = true; return null;", vec![])
            .await;
        let mut cafe = site.kiosk("demo-sel");
        cafe.tap(&["DEMO0002"]);
        browser
            .wait_for_text("#passages", "Jean Dupuis", LIVE)
            .await;
        // The café's kiosk is a SEL counter that accepts shifts without a sign-up: the tap
        // starts Jean's shift.
        browser
            .wait_for_text("#passages", "Permanence commencée", PAGE)
            .await;
        browser
            .wait_for_text("#passages", "Café — permanences SEL", PAGE)
            .await;
        assert_eq!(
            browser
                .execute("return window.pasRecharge === true;", vec![])
                .await,
            true,
            "the page was reloaded"
        );
        assert_eq!(browser.current_path().await, "/accueil");
        // Who is present follows (htmx, on the tap).
        browser
            .wait_for_text("#presences", "Jean Dupuis", LIVE)
            .await;
        w.check("accueil après un passage", Some("09-accueil-passage"))
            .await;

        // A logbook entry written from the home page.
        let note = "Livraison de chaises pour la salle polyvalente, rangées au local 2.";
        browser.fill("#body", note).await;
        browser.click("#kind-entry").await;
        browser
            .click(r#"#main-courante form[action="/main-courante"] button[type=submit]"#)
            .await;
        browser.wait_for_text("#entrees", note, PAGE).await;
        assert_eq!(browser.current_path().await, "/accueil");
        browser
            .wait_for_text(".flash", "Entrée ajoutée à la main courante.", PAGE)
            .await;
        w.check("accueil après une entrée de main courante", None)
            .await;

        // The logbook page lists it.
        browser.click(r#"nav a[href="/main-courante"]"#).await;
        w.wait_for_path("/main-courante").await;
        browser.wait_for_text("main", note, PAGE).await;
        w.check("main courante", Some("10-main-courante")).await;

        // An unknown card tapped while the home page is open: the live row offers to give it to
        // someone, and the link leads to the search with the card ready.
        browser.click(r#"nav a[href="/accueil"]"#).await;
        w.wait_for_path("/accueil").await;
        browser
            .wait_for_text("#etat-direct", "Mise à jour en direct.", LIVE)
            .await;
        cafe.tap(&["BEEF0007"]);
        browser
            .wait_for_text("#passages", "Badge BEEF0007 — attribuer…", LIVE)
            .await;
        browser
            .click(r##"#passages a[href="/personnes?badge=BEEF0007"]"##)
            .await;
        w.wait_for_path("/personnes").await;
        browser
            .wait_for_text("main", "Badge BEEF0007 à attribuer", PAGE)
            .await;
        w.check("recherche avec un badge à attribuer", None).await;

        browser.close().await;
    });
}

/// The desk in English and back in French, then with large text set on the account page; the
/// account page and the associations' pages are checked on the way.
#[test]
fn the_desk_in_english_and_in_large_text() {
    common::runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let site = common::Site::start();
        let w = Walk {
            browser: &browser,
            base: site.server.http.clone(),
        };
        w.log_in("accueil", "/accueil").await;

        // English and back, from the home page, which stays the same page.
        browser.click("#changer-langue").await;
        browser.wait_for_text("nav", "People", PAGE).await;
        assert_eq!(browser.current_path().await, "/accueil");
        assert_eq!(w.lang().await, "en");
        assert!(browser.text("header").await.contains("Log out"));
        assert_eq!(browser.text("#changer-langue").await, "Français");
        assert_eq!(
            w.js_text("return document.title;").await,
            "Desk — CITEOSQUARE"
        );
        browser
            .wait_for_text("#etat-direct", "Live updates on.", LIVE)
            .await;
        w.check("accueil en anglais", Some("14-accueil-anglais"))
            .await;
        browser.click("#changer-langue").await;
        browser.wait_for_text("nav", "Personnes", PAGE).await;
        assert_eq!(browser.current_path().await, "/accueil");
        assert_eq!(w.lang().await, "fr");
        assert!(browser.text("header").await.contains("Se déconnecter"));
        assert_eq!(browser.text("#changer-langue").await, "English");

        // The associations.
        browser.click(r#"nav a[href="/associations"]"#).await;
        w.wait_for_path("/associations").await;
        browser
            .wait_for_text("main", "Les Jardins partagés", PAGE)
            .await;
        w.check("associations", Some("12-associations")).await;
        browser.click(r#"main a[href="/associations/1"]"#).await;
        w.wait_for_path("/associations/1").await;
        browser.wait_for_text("main", "Marie Lefèvre", PAGE).await;
        w.check("association Les Jardins partagés", Some("13-association"))
            .await;

        // Large text, set on the account page.
        browser.click(r#"nav a[href="/compte"]"#).await;
        w.wait_for_path("/compte").await;
        w.check("mon compte", Some("11-compte")).await;
        browser.click("#grand_texte").await;
        browser
            .click(r#"form[action="/compte/preferences"] button[type=submit]"#)
            .await;
        browser
            .wait_for_text(".flash", "Modifications enregistrées.", PAGE)
            .await;
        browser.click(r#"nav a[href="/accueil"]"#).await;
        w.wait_for_path("/accueil").await;
        assert_eq!(
            browser
                .execute(
                    "return document.documentElement.classList.contains('grand-texte');",
                    vec![]
                )
                .await,
            true,
            "large text is on"
        );
        browser
            .wait_for_text("#etat-direct", "Mise à jour en direct.", LIVE)
            .await;
        w.check(
            "accueil en grands caractères",
            Some("15-accueil-grand-texte"),
        )
        .await;

        browser.close().await;
    });
}

/// An administrator's pages, a resident's own page and an association representative's page.
#[test]
fn admin_resident_and_association_pages() {
    common::runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let site = common::Site::start();
        let w = Walk {
            browser: &browser,
            base: site.server.http.clone(),
        };

        w.log_in("admin", "/accueil").await;
        browser.click(r#"nav a[href="/admin/comptes"]"#).await;
        w.wait_for_path("/admin/comptes").await;
        browser.wait_for_text("main", "Odette Perrin", PAGE).await;
        w.check("comptes", Some("20-admin-comptes")).await;
        browser.click(r#"nav a[href="/admin/journal"]"#).await;
        w.wait_for_path("/admin/journal").await;
        w.check("journal des modifications", Some("21-admin-journal"))
            .await;
        browser.click(r#"nav a[href="/admin/jetons"]"#).await;
        w.wait_for_path("/admin/jetons").await;
        // The harness's own token, made at start for the reception account.
        browser.wait_for_text("main", "tests", PAGE).await;
        w.check("jetons d'API", Some("22-admin-jetons")).await;
        w.log_out().await;
        browser
            .wait_for_text(".flash", "Vous êtes déconnecté·e.", PAGE)
            .await;

        w.log_in("resident", "/moi").await;
        browser.wait_for_text("main", "Odette Perrin", PAGE).await;
        browser.wait_for_text("main", "DEMO0006", PAGE).await;
        w.check("ma fiche (résidente)", Some("23-moi")).await;
        w.log_out().await;

        w.log_in("asso", "/mes-associations").await;
        browser
            .wait_for_text("main", "Les Jardins partagés", PAGE)
            .await;
        w.check("mes associations", Some("24-mes-associations"))
            .await;

        browser.close().await;
    });
}

// --- The SEL (time bank: 1 unit = 1 minute) ---
