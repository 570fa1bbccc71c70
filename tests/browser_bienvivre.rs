//! The Bien-Vivre dashboard in headless Chromium on the demo site (axe-core on every page,
//! screenshots in target/screenshots): a visitor reads the public page on a phone; the desk sees
//! every indicator, opens a chart's figures month by month, and enters a water meter reading lower
//! than the last one (refused without a reason, taken as a new meter with one); the admin names
//! Odette Perrin to the citizens' committee; Odette writes the committee's commentary on criterion 4
//! in the year's report, which prints without its forms and with every criterion and her words
//! (the PDF read back with poppler's `pdftotext`).
#![allow(clippy::unwrap_used)]

mod common;

use common::browser::Browser;
use common::walk::*;
use std::path::Path;
use std::process::Command;

/// The eight criteria's titles, as the report prints them.
const CRITERIA: [&str; 8] = [
    "Poursuite d'une utilité sociale du projet",
    "Santé globale",
    "Contribution des entreprises à la qualité du lien social",
    "Capacité d'agir au niveau collectif",
    "Capacité d'agir au niveau individuel",
    "Frugalité des organisations collectives",
    "Satisfaction d'un besoin fondamental",
    "Environnement et biodiversité",
];

/// An indicator only the desk and the committee see (not published in the demo).
const NOT_PUBLIC: &str = "Gaz consommé (compteur)";

/// What Odette writes on criterion 4.
const COMMENTARY: &str = "Les permanences du SEL ont tenu toute l'année et les associations ont \
                          emprunté les salles plus souvent : le comité s'en réjouit.";

/// Text as compared after a trip through a PDF: ligatures and typographic apostrophes undone,
/// every run of whitespace (line breaks included) one space.
fn normalise(text: &str) -> String {
    let plain = text
        .replace('\u{fb00}', "ff")
        .replace('\u{fb01}', "fi")
        .replace('\u{fb02}', "fl")
        .replace('\u{fb03}', "ffi")
        .replace('\u{fb04}', "ffl")
        .replace(['\u{2019}', '\u{2018}'], "'")
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
                    "the printed report must be read back (CITEOSQUARE_REQUIRE_PDFTOTEXT=1) but \
                     pdftotext is not installed (apt-get install poppler-utils)"
                );
            }
            eprintln!(
                "!!! SKIPPED: pdftotext is not installed (apt-get install poppler-utils); the \
                 printed report's text was not checked"
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

#[test]
fn bienvivre_the_desk_enters_a_new_meter_and_the_committee_comments_the_printed_report() {
    common::runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };
        // The demo as the README's command serves it: a year of the place's life before today.
        let site = common::Site::start_with_demo_past(12);
        let w = Walk {
            browser: &browser,
            base: site.server.http.clone(),
        };

        // A visitor, without an account, on a phone: the public note and the eight criteria,
        // only what the place published.
        w.resize(PHONE.0, PHONE.1).await;
        w.open("/bien-vivre").await;
        browser
            .wait_for_text("#bv-public-note", "indicateurs que le lieu a choisi", PAGE)
            .await;
        let public = browser.text("#criteres").await;
        for title in CRITERIA {
            assert!(public.contains(title), "{title:?} missing: {public}");
        }
        assert_eq!(
            browser
                .execute(
                    "return document.querySelectorAll('#criteres > section.bv-criterion').length;",
                    vec![]
                )
                .await,
            8
        );
        assert!(!public.contains(NOT_PUBLIC), "{public}");
        w.assert_french("bien-vivre : page publique").await;
        w.check_page(
            "bien-vivre : page publique (téléphone)",
            "bienvivre-00-public-telephone",
            PHONE,
        )
        .await;

        // The desk, at its screen: every indicator followed, each chart named and described.
        w.resize(DESK.0, DESK.1).await;
        w.log_in("accueil", "/accueil").await;
        w.open("/bien-vivre").await;
        browser.wait_for_text("#criteres", NOT_PUBLIC, PAGE).await;
        assert_eq!(
            browser
                .execute("return document.getElementById('bv-public-note');", vec![])
                .await,
            serde_json::Value::Null,
            "the desk is told it sees only the public indicators"
        );
        let unnamed = browser
            .execute(
                "return [...document.querySelectorAll('#criteres svg.bv-chart')]
                   .filter(s => s.getAttribute('role') !== 'img'
                     || !(s.querySelector(':scope > title')?.textContent.trim())
                     || !(s.querySelector(':scope > desc')?.textContent.trim()))
                   .map(s => s.id || s.outerHTML.slice(0, 80));",
                vec![],
            )
            .await;
        assert_eq!(
            unnamed,
            serde_json::json!([]),
            "charts without role, title or desc"
        );
        let charts = browser
            .execute(
                "return document.querySelectorAll('#criteres svg.bv-chart').length;",
                vec![],
            )
            .await;
        assert!(charts.as_u64().unwrap() >= 8, "{charts} charts");
        // The water meter's figures, month by month.
        let water = "#ind-e_eau details.bv-data";
        browser.click(&format!("{water} summary")).await;
        assert_eq!(
            browser
                .execute(
                    "const d = document.querySelector(arguments[0]);
                     return d.open && [...d.querySelectorAll('tbody tr')]
                       .filter(r => r.getClientRects().length > 0).length;",
                    vec![water.into()],
                )
                .await,
            12,
            "the open table shows twelve months"
        );
        // The full-page shot stops before criterion 8: the open table, as the desk sees it.
        browser
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'center'}); \
                 return null;",
                vec![water.into()],
            )
            .await;
        browser.screenshot("bienvivre-01b-chiffres-eau").await;
        w.assert_french("bien-vivre : tableau de l'accueil").await;
        w.check_page(
            "bien-vivre : tableau de l'accueil",
            "bienvivre-01-tableau",
            DESK,
        )
        .await;

        // The water meter was replaced: its first reading is lower than the old meter's last.
        browser.click("#lien-saisie").await;
        w.wait_for_path("/bien-vivre/saisie").await;
        browser
            .execute(
                "document.querySelector('#indicateur').value = 'e_eau'; return null;",
                vec![],
            )
            .await;
        browser.click("#choisir-indicateur").await;
        browser
            .wait_for_text("#titre-saisie", "Nouveau relevé", PAGE)
            .await;
        assert!(
            browser
                .current_url()
                .await
                .ends_with("/bien-vivre/saisie?indicateur=e_eau"),
            "{}",
            browser.current_url().await
        );
        let last = browser.text("#table-historique tbody tr:first-child").await;
        assert!(!last.contains("nouveau compteur"), "{last}");
        browser.fill("#value", "12,5").await;
        browser.click("#enregistrer-saisie").await;
        browser
            .wait_for_text(
                "#value-erreur",
                "une valeur plus basse n'est possible qu'avec un motif",
                PAGE,
            )
            .await;
        assert_eq!(
            browser.value("#value").await,
            "12,5",
            "the value typed is kept"
        );
        assert_eq!(
            browser
                .execute(
                    "return document.querySelector('#value').getAttribute('aria-invalid');",
                    vec![]
                )
                .await,
            "true"
        );
        w.check_page(
            "bien-vivre : relevé refusé",
            "bienvivre-02a-saisie-refusee",
            DESK,
        )
        .await;
        browser.fill("#reason", "Compteur remplacé").await;
        browser.click("#enregistrer-saisie").await;
        browser
            .wait_for_text(".flash", "Le relevé est enregistré.", PAGE)
            .await;
        w.report_unseen(".flash", "bien-vivre : relevé enregistré")
            .await;
        let first = browser.text("#table-historique tbody tr:first-child").await;
        assert!(first.contains("12,5"), "{first}");
        assert!(first.contains("Compteur remplacé"), "{first}");
        assert!(first.contains("nouveau compteur"), "{first}");
        w.assert_french("bien-vivre : saisie").await;
        w.check_page("bien-vivre : saisie", "bienvivre-02-saisie", DESK)
            .await;
        w.log_out().await;

        // The admin names Odette Perrin to the citizens' committee.
        w.log_in("admin", "/accueil").await;
        w.open("/bien-vivre/reglages").await;
        let chosen = browser
            .execute(
                "const s = document.querySelector('#user_id');
                 const o = [...s.options].find(o => o.text.startsWith('Odette Perrin'));
                 if (!o) return null;
                 s.value = o.value;
                 return o.text;",
                vec![],
            )
            .await;
        assert_eq!(chosen, "Odette Perrin (resident)");
        browser.click("#ajouter-comite").await;
        browser
            .wait_for_text(
                ".flash",
                "Le compte fait maintenant partie du comité citoyen.",
                PAGE,
            )
            .await;
        w.report_unseen(".flash", "bien-vivre : membre ajouté au comité")
            .await;
        browser
            .wait_for_text("#membres-comite", "Odette Perrin (resident)", PAGE)
            .await;
        w.assert_french("bien-vivre : réglages").await;
        w.check_page("bien-vivre : réglages", "bienvivre-03-reglages", DESK)
            .await;
        w.log_out().await;

        // Odette, now on the committee, sees every indicator and comments criterion 4.
        w.log_in("resident", "/moi").await;
        w.open("/bien-vivre").await;
        browser.wait_for_text("#criteres", NOT_PUBLIC, PAGE).await;
        browser.click("#lien-rapport").await;
        w.wait_for_path("/bien-vivre/rapport").await;
        browser.fill("#body-4", COMMENTARY).await;
        browser.click("#enregistrer-commentaire-4").await;
        browser
            .wait_for_text(".flash", "Le commentaire est enregistré.", PAGE)
            .await;
        w.report_unseen(".flash", "bien-vivre : commentaire enregistré")
            .await;
        browser
            .wait_for_text("#commentaire-4", "le comité s'en réjouit", PAGE)
            .await;
        browser
            .wait_for_text("#critere-4 .bv-commentary", "Écrit par Odette Perrin", PAGE)
            .await;
        w.assert_french("bien-vivre : rapport").await;
        w.check_page("bien-vivre : rapport", "bienvivre-04-rapport", DESK)
            .await;
        // The full-page shot stops before criterion 4: her commentary, as she sees it.
        browser
            .execute(
                "document.querySelector('#critere-4 .bv-commentary').scrollIntoView(); \
                 return null;",
                vec![],
            )
            .await;
        browser.screenshot("bienvivre-04b-commentaire").await;

        // The report as printed: every criterion, Odette's words, none of the forms or buttons.
        let pdf = browser.print_pdf().await;
        assert!(pdf.starts_with(b"%PDF"), "a PDF");
        let dir = common::repo_root().join("target").join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bienvivre-rapport.pdf");
        std::fs::write(&path, &pdf).unwrap();
        if let Some(text) = pdf_text(&path) {
            let text = normalise(&text);
            for title in CRITERIA {
                assert!(
                    text.contains(title),
                    "the printed report lacks {title:?}: {text}"
                );
            }
            assert!(
                text.contains(&normalise(COMMENTARY)),
                "the printed report lacks Odette's commentary: {text}"
            );
            assert!(text.contains("Écrit par Odette Perrin"), "{text}");
            for hidden in [
                "Enregistrer le commentaire",
                "Commentaire sur le critère",
                "Télécharger en CSV",
            ] {
                assert!(
                    !text.contains(hidden),
                    "the printed report shows {hidden:?}: {text}"
                );
            }
        }
        browser.close().await;
    });
}
