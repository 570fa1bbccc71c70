//! The app's pages in a real headless Chromium (see tests/common/browser.rs), walked as the people
//! who use them would: the reception desk, an administrator, a resident and an association's
//! representative. Every page visited must pass axe-core's WCAG 2.2 AA rules, and a screenshot of
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

/// The desk sells a basket of vegetables to Marie Lefèvre, who just badged at the entrance: she is
/// offered in « vient de badger », the total shows as quantities are typed, the receipt gives the
/// new balance; the form sent a second time after the browser's back button does not charge her
/// twice; her statement has the line with its running balance, and a correction sent without its
/// reason comes back with the error.
#[test]
fn sel_the_cashier_sells_a_basket_once_even_when_the_form_is_sent_again() {
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

        // Marie badges at the entrance kiosk; the cashier, open on the desk, offers her.
        let mut entrance = site.kiosk("demo-accueil");
        entrance.tap(&["DEMO0001"]);
        browser.click(r#"nav a[href="/sel"]"#).await;
        w.wait_for_path("/sel").await;
        browser
            .click(r#"main a.button[href="/sel/caisse"]"#)
            .await;
        w.wait_for_path("/sel/caisse").await;
        assert_eq!(browser.text("h1").await, "Caisse");
        browser
            .wait_for_text("#badges-lus", "Marie Lefèvre vient de badger", LIVE)
            .await;
        assert!(
            browser.text("#badges-lus").await.contains("Accueil — entrée"),
            "the entrance kiosk is named"
        );
        w.assert_french("caisse").await;
        w.check_page("caisse (badge lu)", "sel-01-caisse-badge", DESK)
            .await;

        // A search at the cashier finds her too, with her balance.
        browser.fill("#q", "Lefèvre").await;
        browser
            .click(r#"form[action="/sel/caisse"] button[type=submit]"#)
            .await;
        browser
            .wait_for_text("main .sel-hits", "Encaisser pour Marie Lefèvre", PAGE)
            .await;
        assert!(browser.text("main .sel-hits").await.contains("Solde : 1 h"));
        w.check_page("caisse (recherche)", "sel-02-caisse-recherche", DESK)
            .await;

        // Her cart, from the « vient de badger » list.
        browser
            .click(r#"#badges-lus a[href="/sel/caisse/1"]"#)
            .await;
        w.wait_for_path("/sel/caisse/1").await;
        browser.wait_for_text("h1", "Marie Lefèvre", PAGE).await;
        browser.wait_for_text(".sel-balances", "1 h", PAGE).await;
        let basket = w.field_labelled("Panier de légumes").await;
        w.check_page("caisse de Marie Lefèvre", "sel-03-panier", DESK)
            .await;
        w.check_page(
            "caisse de Marie Lefèvre (téléphone)",
            "sel-04-panier-telephone",
            PHONE,
        )
        .await;
        w.resize(DESK.0, DESK.1).await;

        // One basket: the total follows without a reload (htmx).
        browser
            .execute("window.pasRecharge = true; return null;", vec![])
            .await;
        browser.fill(&format!("#{basket}"), "1").await;
        browser.wait_for_text("#total", "1 h 30", LIVE).await;
        browser.wait_for_text("#total", "−30 min", PAGE).await;
        assert_eq!(
            browser
                .execute("return window.pasRecharge === true;", vec![])
                .await,
            true,
            "the page was reloaded to show the total"
        );
        w.assert_french("caisse avec un panier").await;
        w.check_page("caisse avec le total", "sel-05-panier-total", DESK)
            .await;
        let op = browser.value(r#"#panier-form input[name="op"]"#).await;
        assert!(!op.is_empty(), "the cart form carries an operation id");

        // Confirmed: the receipt.
        browser
            .click(r#"#panier-form button[type=submit]"#)
            .await;
        w.wait_for_path("/sel/caisse/1/recu").await;
        browser
            .wait_for_text(".flash", "Achat enregistré.", PAGE)
            .await;
        let receipt = browser.text(".sel-receipt").await;
        assert!(receipt.contains("Panier de légumes"), "{receipt}");
        assert!(receipt.contains("1 h 30"), "{receipt}");
        assert!(receipt.contains("Nouveau solde −30 min"), "{receipt}");
        let movement: String = receipt
            .split("Mouvement n° ")
            .nth(1)
            .unwrap_or_else(|| panic!("no movement number on the receipt: {receipt}"))
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        w.assert_french("reçu").await;
        w.check_page("reçu d'achat", "sel-06-recu", DESK).await;

        // The back button, and the same form sent again: not a second purchase.
        browser.back().await;
        w.wait_for_path("/sel/caisse/1").await;
        let op_again = browser.value(r#"#panier-form input[name="op"]"#).await;
        let quantity_again = browser.value(&format!("#{basket}")).await;
        eprintln!(
            "after the back button: operation id {} (the first was {op}), basket quantity {quantity_again:?}",
            if op_again == op { "kept" } else { "NEW" }
        );
        // The form came back with the quantity the browser kept: the total says so.
        if quantity_again == "1" {
            browser.wait_for_text("#total", "1 h 30", PAGE).await;
        }
        w.check_page(
            "caisse après le bouton retour",
            "sel-07-panier-retour",
            DESK,
        )
        .await;
        browser
            .click(r#"#panier-form button[type=submit]"#)
            .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let after = browser.text("main").await;
        w.check_page(
            "caisse : le même formulaire envoyé deux fois",
            "sel-08-renvoi",
            DESK,
        )
        .await;
        let (balance, purchases) = marie_balance_and_purchases(&site);
        let mut problems = vec![];
        if (balance, purchases) != (-30, 1) {
            problems.push(format!(
                "the cart form sent again after the browser's back button charged Marie \
                 Lefèvre again: {purchases} purchases, balance {} instead of −30 min (the page \
                 shown after the back button carried a {} operation id and the quantity \
                 {quantity_again:?}); the page then said: {after:?}",
                hours(balance),
                if op_again == op { "same" } else { "new" }
            ));
        }
        if after.contains("−2 h") {
            problems.push(format!("the page after the second send shows −2 h: {after:?}"));
        }
        // The form comes back empty (autocomplete off); were it refilled, the same basket under a
        // new form is asked about before being charged.
        if op_again != op && quantity_again == "1" && !after.contains("Le même panier vient d") {
            problems.push(format!(
                "the same basket sent again under a new form was not asked about: {after:?}"
            ));
        }

        // Her statement: the purchase, with the running balance.
        w.open("/sel/comptes/1").await;
        let row = format!("#mouvement-{movement}");
        let line = browser.text(&row).await;
        assert!(line.contains("Achat à la coopérative"), "{line}");
        assert!(line.contains("−1 h 30"), "{line}");
        assert!(line.contains("−30 min"), "{line}");
        let shown = browser.text(".sel-balances").await;
        assert!(shown.contains(&hours(balance)), "{shown}");
        assert_eq!(
            w.js_text(r#"return document.querySelector('a[href="/sel/comptes/1/releve.csv"]') ? 'oui' : 'non';"#)
                .await,
            "oui",
            "the statement offers its CSV file"
        );
        w.assert_french("relevé").await;
        w.check_page("relevé de Marie Lefèvre", "sel-09-releve", DESK)
            .await;

        // « Corriger » on that line, sent without its reason: the form comes back with the error.
        browser
            .click(&format!(r#"{row} a[href^="/sel/comptes/1?corriger="]"#))
            .await;
        browser
            .wait_for_text("#correction", "Corriger le mouvement", PAGE)
            .await;
        browser.fill("#minutes", "10").await;
        browser
            .click(r#"#correction form button[type=submit]"#)
            .await;
        browser
            .wait_for_text("#erreurs", "Le formulaire contient des erreurs", PAGE)
            .await;
        let errors = browser.text("#erreurs").await;
        assert!(errors.contains("Indiquez le motif."), "{errors}");
        w.assert_french("correction refusée").await;
        w.check_page(
            "correction sans motif",
            "sel-10-correction-erreur",
            DESK,
        )
        .await;
        // With its reason it is written, and the statement shows it.
        assert_eq!(browser.value("#minutes").await, "10", "what was typed is kept");
        browser
            .fill("#reason", "Panier abîmé, 10 minutes rendues")
            .await;
        browser
            .click(r#"#correction form button[type=submit]"#)
            .await;
        browser
            .wait_for_text(".flash", "Correction enregistrée.", PAGE)
            .await;
        let (corrected, _) = marie_balance_and_purchases(&site);
        assert_eq!(corrected, balance + 10, "10 minutes given back");
        browser
            .wait_for_text(".sel-balances", &hours(corrected), PAGE)
            .await;
        browser
            .wait_for_text("#releve", "Panier abîmé, 10 minutes rendues", PAGE)
            .await;
        w.check_page("relevé après la correction", "sel-11-releve-corrige", DESK)
            .await;

        drop(entrance);
        browser.close().await;
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    });
}

/// `text` with each run of white space (line breaks included) made one space.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Minutes as the SEL pages show them: `45 min`, `1 h`, `1 h 30`, `−30 min`.
fn hours(minutes: i64) -> String {
    let sign = if minutes < 0 { "−" } else { "" };
    let m = minutes.unsigned_abs();
    match (m / 60, m % 60) {
        (0, r) => format!("{sign}{r} min"),
        (h, 0) => format!("{sign}{h} h"),
        (h, r) => format!("{sign}{h} h {r:02}"),
    }
}

/// Marie Lefèvre's (person 1) balance in minutes and how many purchases she made, read from the
/// server's database.
fn marie_balance_and_purchases(site: &common::Site) -> (i64, usize) {
    let balance = off_runtime(|| {
        site.server
            .query_strings("SELECT CAST(posted AS TEXT) FROM sel_accounts WHERE person_id = 1")
    });
    let purchases = off_runtime(|| {
        site.server.query_strings(
            "SELECT CAST(t.no AS TEXT) FROM sel_transfers t JOIN sel_accounts a \
             ON a.id = t.debit_account WHERE a.person_id = 1 AND t.kind = 'purchase'",
        )
    });
    let balance = balance
        .first()
        .and_then(|b| b.parse().ok())
        .unwrap_or_else(|| panic!("no balance for Marie Lefèvre: {balance:?}"));
    (balance, purchases.len())
}

/// The desk's SEL pages: the review queue (Jean Dupuis's café shift, served without a plan, is
/// marked checked with a note), a shift started by a tap at the SEL kiosk, the shifts (a series
/// planned, one of its shifts cancelled after the confirmation page), the catalogue, the yearly
/// report and an exchange between members (sent empty first, to see its errors).
#[test]
fn sel_the_desk_reviews_a_shift_sees_one_start_and_plans_shifts() {
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

        // The overview: nobody on a shift yet, one shift to check.
        browser.click(r#"nav a[href="/sel"]"#).await;
        w.wait_for_path("/sel").await;
        assert_eq!(browser.text("h1").await, "SEL — échanges de temps");
        browser
            .wait_for_text(
                r#"section[aria-labelledby="titre-en-cours"]"#,
                "Personne n'est en permanence en ce moment.",
                PAGE,
            )
            .await;
        w.assert_french("SEL").await;
        w.check_page("SEL", "sel-20-sel", DESK).await;

        // The review queue: Jean Dupuis's café shift, checked with a note, leaves it.
        browser
            .click(r#"section[aria-labelledby="titre-verifier"] a[href="/sel/revue"]"#)
            .await;
        w.wait_for_path("/sel/revue").await;
        let item = "section.sel-review-item";
        browser.wait_for_text(item, "Jean Dupuis", PAGE).await;
        let shown = browser.text(item).await;
        assert!(shown.contains("Café solidaire"), "{shown}");
        assert!(shown.contains("sans inscription"), "{shown}");
        assert!(shown.contains("2 h 40"), "158 minutes rounded: {shown}");
        w.assert_french("permanences à vérifier").await;
        w.check_page("permanences à vérifier", "sel-21-revue", DESK)
            .await;
        browser
            .fill(
                &format!("{item} input[name=note]"),
                "Vu avec Jean : il a bien tenu le café.",
            )
            .await;
        browser
            .click(&format!("{item} button[type=submit]"))
            .await;
        browser
            .wait_for_text(".flash", "Permanence marquée vérifiée.", PAGE)
            .await;
        browser.wait_for_text("main", "Rien à vérifier.", PAGE).await;
        assert!(!browser.text("main").await.contains("Jean Dupuis"));
        w.check_page("permanences à vérifier (vide)", "sel-22-revue-vide", DESK)
            .await;

        // Jean badges at the café's SEL kiosk: his shift starts and the overview lists it. The
        // kiosk also serves the épicerie, whose planned shift (Saturday 09:30–12:30 in the demo)
        // would take a tap made then: the test cancels a planned épicerie shift under way, so that
        // the tap is the café's whatever the day and hour the suite runs.
        {
            let pool = citeosquare_server::db::open(&site.server.db_path())
                .await
                .expect("the server's database");
            let now = citeosquare_server::db::now_text();
            let soon = citeosquare_server::db::instant_text(
                chrono::Utc::now() + chrono::Duration::hours(1),
            );
            sqlx::query(
                "UPDATE sel_shifts SET cancelled_at = ?1
                 WHERE cancelled_at IS NULL AND starts_at <= ?2 AND ends_at > ?1
                   AND activity_id IN (SELECT id FROM sel_activities
                                       WHERE name = 'Épicerie solidaire')",
            )
            .bind(&now)
            .bind(&soon)
            .execute(&pool)
            .await
            .expect("cancel the épicerie's shift under way");
        }
        let mut cafe = site.kiosk("demo-sel");
        cafe.tap(&["DEMO0002"]);
        browser.click(r#"main a[href="/sel"]"#).await;
        w.wait_for_path("/sel").await;
        let open = r#"section[aria-labelledby="titre-en-cours"]"#;
        w.reload_until(open, "Jean Dupuis", LIVE).await;
        let shown = browser.text(open).await;
        assert!(shown.contains("Café solidaire"), "{shown}");
        assert!(shown.contains("Fin de la permanence de Jean Dupuis"), "{shown}");
        w.assert_french("SEL avec une permanence en cours").await;
        w.check_page("SEL avec une permanence en cours", "sel-23-en-cours", DESK)
            .await;
        // The desk's home shows it too.
        browser.click(r#"nav a[href="/accueil"]"#).await;
        w.wait_for_path("/accueil").await;
        browser.wait_for_text("#sel", "Jean Dupuis", PAGE).await;

        // The shifts: a series of one shift planned a week ahead, then cancelled.
        w.open("/sel/permanences").await;
        browser
            .wait_for_text("#prochaines", "Café solidaire", PAGE)
            .await;
        w.assert_french("permanences").await;
        w.check_page("permanences", "sel-24-permanences", DESK).await;
        // A new activity sent without its name comes back with the error.
        browser
            .click(r#"form[action="/sel/activites"] button[type=submit]"#)
            .await;
        browser
            .wait_for_text("#erreurs", "Le formulaire contient des erreurs", PAGE)
            .await;
        let errors = browser.text("#erreurs").await;
        if errors.contains("association") {
            eprintln!(
                "PAGE PROBLEM: /sel/permanences, new activity without a name: the error summary \
                 names another form's field: {errors:?}"
            );
        }
        w.assert_french("activité refusée").await;
        w.check_page(
            "nouvelle activité sans nom",
            "sel-24b-activite-erreur",
            DESK,
        )
        .await;
        let bike = w
            .js_text(
                "const o = [...document.querySelectorAll('#activity_id option')]\
                 .find(o => o.textContent.trim() === 'Atelier vélo'); return o ? o.value : '';",
            )
            .await;
        assert!(!bike.is_empty(), "the series form offers « Atelier vélo »");
        browser
            .click(&format!(r#"#activity_id option[value="{bike}"]"#))
            .await;
        // A date box is typed differently in each browser's language: set as a date picker would.
        let first = w
            .js_text(
                "const d = new Date(Date.now() + 7 * 864e5); \
                 const v = d.toISOString().slice(0, 10); \
                 document.getElementById('first_date').value = v; return v;",
            )
            .await;
        let note = "Essai : vélos d'enfants";
        browser.fill("#note", note).await;
        browser
            .click(r#"form[action="/sel/series"] button[type=submit]"#)
            .await;
        browser
            .wait_for_text(".flash", "Permanences créées.", PAGE)
            .await;
        browser.wait_for_text("#prochaines", note, PAGE).await;
        let link = w
            .js_text(&format!(
                "const r = [...document.querySelectorAll('#prochaines tr')]\
                 .find(r => r.textContent.includes({})); \
                 return r ? r.querySelector('a[href^=\"/sel/permanences/\"]').getAttribute('href') : '';",
                serde_json::Value::from(note)
            ))
            .await;
        assert!(!link.is_empty(), "the new shift ({first}) is listed");
        browser.click(&format!(r#"#prochaines a[href="{link}"]"#)).await;
        w.wait_for_path(&link).await;
        browser.wait_for_text("h1", "Atelier vélo", PAGE).await;
        w.assert_french("une permanence").await;
        w.check_page("une permanence", "sel-25-permanence", DESK).await;
        browser.click("a.danger-link").await;
        w.wait_for_path(&format!("{link}/annuler")).await;
        browser
            .wait_for_text("h1", "Annuler la permanence ?", PAGE)
            .await;
        w.assert_french("annuler une permanence").await;
        w.check_page(
            "annuler une permanence (confirmation)",
            "sel-26-permanence-annuler",
            DESK,
        )
        .await;
        browser.click("#confirme").await;
        w.wait_for_path("/sel/permanences").await;
        browser
            .wait_for_text(".flash", "Permanence annulée.", PAGE)
            .await;
        let row = w
            .js_text(&format!(
                "const r = [...document.querySelectorAll('#prochaines tr')]\
                 .find(r => r.textContent.includes({})); return r ? r.innerText : '';",
                serde_json::Value::from(note)
            ))
            .await;
        assert!(row.contains("annulée"), "{row}");

        // The catalogue and the yearly report.
        w.open("/sel/catalogue").await;
        browser
            .wait_for_text("main", "Panier de légumes", PAGE)
            .await;
        w.assert_french("catalogue").await;
        w.check_page("catalogue", "sel-27-catalogue", DESK).await;
        w.open("/sel/bilan").await;
        browser.wait_for_text("h1", "Bilan du SEL", PAGE).await;
        browser.wait_for_text("main", "Café solidaire", PAGE).await;
        w.assert_french("bilan").await;
        w.check_page("bilan", "sel-28-bilan", DESK).await;

        // An exchange between members, sent empty first.
        w.open("/sel/echanges").await;
        w.assert_french("échange").await;
        w.check_page("échange entre membres", "sel-29-echange", DESK)
            .await;
        browser
            .click(r#"form[action="/sel/echanges"] button[type=submit]"#)
            .await;
        browser
            .wait_for_text("#erreurs", "Le formulaire contient des erreurs", PAGE)
            .await;
        w.assert_french("échange refusé").await;
        w.check_page(
            "échange envoyé vide",
            "sel-30-echange-erreurs",
            DESK,
        )
        .await;
        browser.fill("#payer", "Fatima Benali").await;
        browser.fill("#receiver", "Hélène Garnier").await;
        browser.fill("#minutes", "20").await;
        browser.fill("#memo", "Aide pour les courses").await;
        browser
            .click(r#"form[action="/sel/echanges"] button[type=submit]"#)
            .await;
        browser
            .wait_for_text(".flash", "Échange enregistré.", PAGE)
            .await;
        w.check_page("échange enregistré", "sel-31-echange-fait", DESK)
            .await;

        drop(cafe);
        browser.close().await;
    });
}

/// Odette Perrin, a resident, on her own page: her SEL balance, a coming shift she signs up for,
/// 15 minutes given to Marie (sent without a name first, to see the error); then an
/// administrator opens the SEL settings and checks every account now.
#[test]
fn sel_a_resident_signs_up_and_gives_time_and_the_admin_checks_the_accounts() {
    common::runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let site = common::Site::start();
        let w = Walk {
            browser: &browser,
            base: site.server.http.clone(),
        };
        w.log_in("resident", "/moi").await;

        // « Mon compte SEL »: the welcome hour.
        browser
            .wait_for_text("#mon-sel", "Mon compte SEL", PAGE)
            .await;
        let balance = squash(&browser.text("#mon-sel .sel-me-balance").await);
        assert_eq!(balance, "Mon solde 1 h (60 grains de sel)");
        browser
            .wait_for_text("#mon-sel", "Crédit de bienvenue", PAGE)
            .await;
        w.assert_french("ma fiche avec le SEL").await;
        w.check_page("ma fiche avec le SEL", "sel-40-moi", DESK).await;
        w.check_page("ma fiche avec le SEL (téléphone)", "sel-41-moi-telephone", PHONE)
            .await;
        w.resize(DESK.0, DESK.1).await;

        // She signs up for a coming shift (the last one offered: not begun yet).
        let action = w
            .js_text(
                "const f = [...document.querySelectorAll('ul.sel-my-shifts form[action$=\"/inscription\"]')]; \
                 return f.length ? f[f.length - 1].getAttribute('action') : '';",
            )
            .await;
        assert!(!action.is_empty(), "no shift offers « M'inscrire »");
        let shift = action
            .trim_start_matches("/moi/permanences/")
            .trim_end_matches("/inscription")
            .to_owned();
        let label = w
            .js_text(&format!(
                "return document.querySelector('form[action=\"{action}\"] button').textContent;"
            ))
            .await;
        assert!(label.starts_with("M'inscrire"), "{label}");
        browser
            .click(&format!(r#"form[action="{action}"] button"#))
            .await;
        browser
            .wait_for_text(".flash", "Vous êtes inscrit·e. Merci !", PAGE)
            .await;
        // What she sees on her screen as the page comes back, before any scrolling.
        browser.screenshot("sel-42a-moi-inscrite-ecran").await;
        w.report_unseen(".flash", "/moi after « M'inscrire »").await;
        w.report_unseen(
            &format!(r#"form[action="/moi/permanences/{shift}/retrait"]"#),
            "/moi after « M'inscrire » (the shift now marked « inscrit·e »)",
        )
        .await;
        let mine = format!(
            r#"ul.sel-my-shifts li:has(form[action="/moi/permanences/{shift}/retrait"])"#
        );
        browser.wait_for_text(&mine, "inscrit·e", PAGE).await;
        assert!(browser.text(&mine).await.contains("Me retirer"));
        w.check_page("ma fiche après l'inscription", "sel-42-moi-inscrite", DESK)
            .await;

        // Giving time: sent without a name first, then to Marie.
        browser.fill("#minutes", "15").await;
        browser
            .click(r#"form[action="/moi/echanges"] button[type=submit]"#)
            .await;
        browser
            .wait_for_text("#mon-sel #erreurs", "Le formulaire contient des erreurs", PAGE)
            .await;
        let errors = browser.text("#mon-sel #erreurs").await;
        assert!(errors.contains("Indiquez un nom ou un numéro."), "{errors}");
        assert_eq!(browser.value("#minutes").await, "15", "what was typed is kept");
        w.assert_french("don refusé").await;
        w.check_page("don de temps sans nom", "sel-43-moi-don-erreur", DESK)
            .await;
        w.check_page(
            "don de temps sans nom (téléphone)",
            "sel-44-moi-don-erreur-telephone",
            PHONE,
        )
        .await;
        w.resize(DESK.0, DESK.1).await;
        browser.fill("#receiver", "Marie").await;
        browser.fill("#memo", "Merci pour les confitures").await;
        browser
            .click(r#"form[action="/moi/echanges"] button[type=submit]"#)
            .await;
        browser
            .wait_for_text(".flash", "C'est fait : le temps est donné.", PAGE)
            .await;
        w.report_unseen(".flash", "/moi after « Donner »").await;
        let balance = squash(&browser.text("#mon-sel .sel-me-balance").await);
        assert_eq!(
            balance, "Mon solde 45 min (45 grains de sel)",
            "60 − 15 minutes"
        );
        let history = browser.text("#mon-sel table.sel-statement").await;
        assert!(history.contains("Merci pour les confitures"), "{history}");
        assert!(history.contains("Marie Lefèvre"), "{history}");
        assert!(history.contains("−15 min"), "{history}");
        w.assert_french("ma fiche après le don").await;
        w.check_page("ma fiche après le don", "sel-45-moi-don", DESK)
            .await;
        w.log_out().await;

        // The administrator: the SEL settings and the check of every account.
        w.log_in("admin", "/accueil").await;
        browser.click(r#"nav a[href="/sel"]"#).await;
        w.wait_for_path("/sel").await;
        browser.click(r#"main a[href="/admin/sel"]"#).await;
        w.wait_for_path("/admin/sel").await;
        browser
            .wait_for_text("#rapprochement", "Vérification des comptes", PAGE)
            .await;
        w.assert_french("réglages du SEL").await;
        w.check_page("réglages du SEL", "sel-50-admin", DESK).await;
        browser
            .click(r#"form[action="/admin/sel/rapprochement"] button[type=submit]"#)
            .await;
        browser
            .wait_for_text(".flash", "Vérification des comptes faite.", PAGE)
            .await;
        browser
            .wait_for_text("#rapprochement", "Tous les comptes sont justes.", PAGE)
            .await;
        let facts = squash(&browser.text("#rapprochement dl").await);
        assert!(facts.contains("Différences 0"), "{facts}");
        w.check_page("réglages du SEL après la vérification", "sel-51-admin-verifie", DESK)
            .await;

        browser.close().await;
    });
}

// --- Chrono'espaces (rooms whose use changes with the hour) ---

/// A room of the test's own on the running demo site, written through the server's library on its
/// database: « Salle d'essai du navigateur », open every day 08:00–22:00 to associations, each
/// request waiting for the desk's approval. Returns the room's id and the association the demo's
/// `asso` account represents.
async fn association_room(site: &common::Site) -> (i64, i64) {
    use citeosquare_server::audit::Actor;
    use citeosquare_server::spaces::{self, SpaceInput, WindowInput};
    let pool = citeosquare_server::db::open(&site.server.db_path())
        .await
        .expect("the server's database");
    let actor = Actor::cli();
    let room = spaces::create_space(
        &pool,
        &actor,
        &SpaceInput {
            name: "Salle d'essai du navigateur".into(),
            floor: "Rez-de-chaussée".into(),
            capacity: 30,
            equipment: "Tables, chaises, tableau blanc".into(),
            step_free: true,
            hearing_loop: false,
            refuse_when_full: true,
            ..SpaceInput::default()
        },
    )
    .await
    .expect("the test's room");
    let use_ = spaces::create_use(
        &pool,
        &actor,
        &serde_json::from_value(serde_json::json!({
            "code": "essai-navigateur", "name": "Réunion d'association (essai)",
            "colour": "#2e7d32", "mode": "exclusive", "open_to_associations": true,
            "approval": true, "min_minutes": 30, "max_minutes": 240,
        }))
        .expect("a use"),
    )
    .await
    .expect("the test's use");
    let windows: Vec<WindowInput> = (1..=7)
        .map(|weekday| WindowInput {
            weekday,
            start: "08:00".into(),
            end: "22:00".into(),
            use_id: use_.id,
        })
        .collect();
    spaces::set_windows(&pool, &actor, room.id, &windows)
        .await
        .expect("the room's timetable");
    let association: i64 = sqlx::query_scalar(
        "SELECT m.association_id FROM association_members m \
         JOIN users u ON u.person_id = m.person_id \
         WHERE u.username = 'asso' AND m.representative = 1",
    )
    .fetch_one(&pool)
    .await
    .expect("the association `asso` represents");
    pool.close().await;
    (room.id, association)
}

/// An association's representative asks for a room on the portal (the use needs approval: the
/// request waits), reception approves it from its queue, and the representative sees it
/// confirmed; each page visited is checked with axe-core, and the public agenda (page and TV
/// mode) too.
#[test]
fn spaces_an_association_requests_a_room_and_reception_approves_it() {
    common::runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let site = common::Site::start();
        let (room, association) = association_room(&site).await;
        let w = Walk {
            browser: &browser,
            base: site.server.http.clone(),
        };
        let title = "Répétition de la chorale";

        // The representative opens the portal from « Salles ».
        w.log_in("asso", "/mes-associations").await;
        browser.click(r#"nav a[href="/salles"]"#).await;
        w.wait_for_path("/salles").await;
        browser
            .wait_for_text("main", "Salle d'essai du navigateur", PAGE)
            .await;
        w.assert_french("les salles").await;
        w.check_page("les salles", "salles-01-liste", DESK).await;
        browser
            .click(r#"main a[href="/associations/salles"]"#)
            .await;
        w.wait_for_path("/associations/salles").await;
        browser
            .wait_for_text("section.sp-open", "Réunion d'association (essai)", PAGE)
            .await;
        let feed = browser.value("#flux-1").await;
        assert!(
            feed.starts_with(&site.server.http) && feed.contains("/calendrier/association/"),
            "the association's calendar address: {feed}"
        );
        w.assert_french("portail des associations").await;
        w.check_page("portail des associations", "salles-02-portail", DESK)
            .await;
        w.check_page(
            "portail des associations (téléphone)",
            "salles-03-portail-telephone",
            PHONE,
        )
        .await;
        w.resize(DESK.0, DESK.1).await;

        // « Demander ce créneau » on a day three days ahead: the room's week, the form filled in.
        let day = (chrono::Utc::now().date_naive() + chrono::Duration::days(3)).to_string();
        browser
            .click(&format!(
                r#"section.sp-open a[href^="/salles/{room}?"][href*="jour={day}&"]"#
            ))
            .await;
        w.wait_for_path(&format!("/salles/{room}")).await;
        assert_eq!(browser.value("#day").await, day);
        assert_eq!(browser.value("#start").await, "08:00");
        assert_eq!(browser.value("#end").await, "10:00");
        assert_eq!(
            browser.value("#association_id").await,
            association.to_string()
        );
        browser
            .wait_for_text("#semaine", "sur validation de l'accueil", PAGE)
            .await;
        w.assert_french("la semaine de la salle").await;
        w.check_page("la semaine de la salle", "salles-04-semaine", DESK)
            .await;
        w.check_page(
            "la semaine de la salle (téléphone)",
            "salles-05-semaine-telephone",
            PHONE,
        )
        .await;
        w.resize(DESK.0, DESK.1).await;

        // Sent without a title: the form comes back with the error, what was typed kept.
        browser
            .click(&format!(
                r#"form[action="/salles/{room}/reserver"] button[type=submit]"#
            ))
            .await;
        browser
            .wait_for_text("#erreurs", "Titre : Ce champ est obligatoire.", PAGE)
            .await;
        assert_eq!(browser.value("#day").await, day);
        w.check_page("réservation sans titre", "salles-06-sans-titre", DESK)
            .await;
        browser.fill("#title", title).await;
        browser
            .fill("#note", "Une vingtaine de choristes, le piano si possible.")
            .await;
        browser
            .click(&format!(
                r#"form[action="/salles/{room}/reserver"] button[type=submit]"#
            ))
            .await;
        browser
            .wait_for_text(".flash", "Demande envoyée à l'accueil", PAGE)
            .await;
        let booking_path = browser.current_path().await;
        assert!(
            booking_path.starts_with("/reservations/"),
            "landed on {booking_path}"
        );
        let booking = booking_path.trim_start_matches("/reservations/").to_owned();
        browser
            .wait_for_text(".sp-state-line", "en attente", PAGE)
            .await;
        w.assert_french("la demande envoyée").await;
        w.check_page("la demande envoyée", "salles-07-demande-en-attente", DESK)
            .await;
        w.log_out().await;

        // Reception: the queue, the request, approved with a message.
        w.log_in("accueil", "/accueil").await;
        browser.click(r#"nav a[href="/accueil/demandes"]"#).await;
        w.wait_for_path("/accueil/demandes").await;
        let card = format!("#demande-{booking}");
        browser.wait_for_text(&card, title, PAGE).await;
        browser.wait_for_text(&card, "Marie Lefèvre", PAGE).await;
        w.assert_french("demandes de salles").await;
        w.check_page("demandes de salles", "salles-08-demandes", DESK)
            .await;
        browser
            .fill(&format!("#accepter-{booking}"), "Le piano sera accordé.")
            .await;
        browser
            .click(&format!(
                r#"form[action="/accueil/demandes/{booking}/accepter"] button[type=submit]"#
            ))
            .await;
        browser
            .wait_for_text(".flash", "Demande acceptée", PAGE)
            .await;
        assert!(
            !browser.text("main").await.contains(title),
            "the approved request left the queue"
        );
        w.check_page(
            "demandes après l'acceptation",
            "salles-09-demande-acceptee",
            DESK,
        )
        .await;

        // The desk's view of the demo's divisible room next week: the association's Saturday
        // meeting in the garden half shows on the whole room, with its title and who holds it.
        w.open("/salles").await;
        let whole = w
            .js_text(
                "const a = [...document.querySelectorAll('main h2 a')]\
                 .find(a => a.textContent.trim() === 'Salle polyvalente'); \
                 return a ? a.getAttribute('href') : '';",
            )
            .await;
        assert!(
            whole.starts_with("/salles/"),
            "the demo's Salle polyvalente: {whole:?}"
        );
        let next_week = (chrono::Utc::now().date_naive() + chrono::Duration::days(7)).to_string();
        browser
            .goto(&w.url(&format!("{whole}?semaine={next_week}")))
            .await;
        w.wait_for_path(&whole).await;
        browser
            .wait_for_text(
                "#semaine",
                "Bloqué par une réservation de « Salle polyvalente — côté jardin »",
                PAGE,
            )
            .await;
        browser
            .wait_for_text(
                "#semaine",
                "Réunion hebdomadaire des Jardins partagés",
                PAGE,
            )
            .await;
        w.assert_french("la semaine de la salle polyvalente").await;
        w.check_page(
            "la semaine de la salle polyvalente (accueil)",
            "salles-09b-salle-divisible",
            DESK,
        )
        .await;
        w.log_out().await;

        // The representative sees it confirmed, with the desk's message, on the booking and on
        // the portal.
        w.log_in("asso", "/mes-associations").await;
        w.open(&booking_path).await;
        browser
            .wait_for_text(".sp-state-line", "confirmée", PAGE)
            .await;
        browser
            .wait_for_text("main", "Le piano sera accordé.", PAGE)
            .await;
        w.check_page("la réservation confirmée", "salles-10-confirmee", DESK)
            .await;
        w.open("/associations/salles").await;
        browser
            .wait_for_text(&format!("#reservation-{booking}"), "confirmée", PAGE)
            .await;

        // The public agenda and the café's TV.
        w.open("/agenda").await;
        w.assert_french("agenda").await;
        w.check_page("agenda public", "salles-11-agenda", DESK)
            .await;
        browser.goto(&w.url("/agenda?tv=1")).await;
        browser.wait_for_text("h1", "Agenda", PAGE).await;
        browser.screenshot("salles-12-agenda-tv").await;
        // The TV mode reloads itself every five minutes on purpose (an unattended screen in the
        // café, nobody reading it with a screen reader or a form to lose): axe-core's
        // `meta-refresh` rule is the one it may break; every other rule holds.
        let violations: Vec<serde_json::Value> = browser
            .accessibility_violations()
            .await
            .into_iter()
            .filter(|v| v["id"] != "meta-refresh")
            .collect();
        assert!(
            violations.is_empty(),
            "{}",
            describe_violations("agenda (télévision du café)", &violations)
        );

        browser.close().await;
    });
}
