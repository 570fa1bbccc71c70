//! The SEL's pages in a real headless Chromium, on the demo site: the cashier sells a basket once
//! even when the form is sent again; the desk reviews a shift, sees one start and plans shifts; a
//! resident signs up and gives time, and the admin checks the accounts. axe-core on every page,
//! screenshots in target/screenshots/.
#![allow(clippy::unwrap_used)]

mod common;

use common::browser::Browser;
use common::walk::*;
use std::time::Duration;

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
        // On the phone her balance is in large type (at least 32 px) and wholly on screen.
        let big = w
            .js_text(
                "var b = document.querySelector('#mon-sel .sel-me-balance strong');
                 var r = b.getBoundingClientRect();
                 return [parseFloat(getComputedStyle(b).fontSize) >= 32,
                         r.left >= 0 && r.right <= window.innerWidth + 1,
                         b.textContent.replace(/\\s+/g, ' ').trim()].join('|');",
            )
            .await;
        assert_eq!(big, "true|true|1 h", "the balance at 390 px");
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
            .click(r#"form[action^="/moi/echanges"]:not(.inline) button[type=submit]"#)
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
        // Part of a name lists nobody; her whole name, without accents, finds her.
        browser.fill("#receiver", "Marie").await;
        browser.fill("#memo", "Merci pour les confitures").await;
        browser
            .click(r#"form[action^="/moi/echanges"]:not(.inline) button[type=submit]"#)
            .await;
        browser
            .wait_for_text("#mon-sel #erreurs", "Aucun membre ne porte exactement ce nom", PAGE)
            .await;
        browser.fill("#receiver", "marie lefevre").await;
        browser
            .click(r#"form[action^="/moi/echanges"]:not(.inline) button[type=submit]"#)
            .await;
        browser
            .wait_for_text("#don-a-confirmer", "Vous donnez 15 min à Marie Lefèvre", PAGE)
            .await;
        let check = squash(&browser.text("#don-a-confirmer").await);
        assert!(check.contains("Votre solde passera de 1 h à 45 min."), "{check}");
        w.check_page("don à confirmer", "sel-44b-moi-don-a-confirmer", DESK)
            .await;
        w.check_page(
            "don à confirmer (téléphone)",
            "sel-44c-moi-don-a-confirmer-telephone",
            PHONE,
        )
        .await;
        w.resize(DESK.0, DESK.1).await;
        browser
            .click(r#"#don-a-confirmer button[name="confirme"]"#)
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
