//! The Bien-Vivre dashboard from outside: readings entered by hand (history kept, corrections,
//! a meter that goes backwards), who sees what (published indicators for everybody, the rest for
//! the staff and the committee), the committee's commentary, the year's report as a page, CSV and
//! an .ods that a spreadsheet reader opens, and the API.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use citeosquare_server::audit::Actor;
use citeosquare_server::bienvivre::{self, entries};
use citeosquare_server::refusal::Refusal;
use serde_json::json;
use support::TestApp;
use tower::ServiceExt;

fn desk() -> Actor {
    Actor {
        id: None,
        name: "Accueil".into(),
    }
}

fn entry(indicator: &str, on_date: &str, value: f64, reason: &str) -> entries::NewEntry {
    entries::NewEntry {
        indicator: indicator.into(),
        on_date: on_date.into(),
        value,
        reason: reason.into(),
        corrects: None,
    }
}

fn day(s: &str) -> chrono::NaiveDate {
    bienvivre::date(s).unwrap()
}

/// A new indicator entered by hand, with no demo readings.
async fn meter(app: &TestApp) -> entries::Entered {
    sqlx::query(
        "INSERT INTO bv_entered (key, criterion, name, unit, better, kind, created_by_name,
             created_at) VALUES ('e_eau_pluie', 8, 'Eau de pluie récupérée', 'm³', 'higher',
             'meter', 'test', '2026-01-01T00:00:00.000Z')",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    entries::by_key(&app.pool, "e_eau_pluie")
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn readings_are_kept_corrected_by_new_entries_and_a_meter_never_goes_backwards_silently() {
    let app = TestApp::new().await;
    let m = meter(&app).await;
    let today = day("2026-06-30");
    let add = |e: entries::NewEntry| {
        let pool = app.pool.clone();
        async move { entries::add(&pool, &desk(), &e, today).await }
    };
    add(entry("e_eau_pluie", "2026-01-01", 100.0, ""))
        .await
        .unwrap();
    let feb = add(entry("e_eau_pluie", "2026-02-01", 130.0, ""))
        .await
        .unwrap();
    add(entry("e_eau_pluie", "2026-03-01", 175.0, ""))
        .await
        .unwrap();
    let count = || app.count("SELECT count(*) FROM bv_entries WHERE entered_id > 8");
    assert_eq!(count().await, 3);

    // Lower than the reading before, without a reason: refused, with the reading it contradicts.
    let refused = add(entry("e_eau_pluie", "2026-03-15", 5.0, "")).await;
    match refused {
        Err(Refusal::Conflict { key, arg }) => {
            assert_eq!(key, "error-bv-meter-backwards");
            assert_eq!(arg, "175\u{a0}m³ (01/03/2026)");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Higher than a later reading: refused too.
    match add(entry("e_eau_pluie", "2026-02-15", 190.0, "")).await {
        Err(Refusal::Conflict { key, .. }) => assert_eq!(key, "error-bv-meter-above-next"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // A day to come, a negative meter, a number too large: refused at their fields.
    for (e, field, key) in [
        (
            entry("e_eau_pluie", "2026-07-01", 200.0, ""),
            "on_date",
            "error-bv-date-future",
        ),
        (
            entry("e_eau_pluie", "2026-04-01", -3.0, ""),
            "value",
            "error-bv-meter-negative",
        ),
        (
            entry("e_eau_pluie", "2026-04-01", 1e13, ""),
            "value",
            "error-bv-value",
        ),
        (
            entry("e_eau_pluie", "2026-13-01", 200.0, ""),
            "on_date",
            "error-bv-date",
        ),
        (
            entry("e_nope", "2026-04-01", 1.0, ""),
            "indicator",
            "error-bv-unknown-indicator",
        ),
    ] {
        match add(e).await {
            Err(Refusal::Invalid(errors)) => {
                assert!(
                    errors.iter().any(|x| x.field == field && x.key == key),
                    "{errors:?}"
                );
            }
            other => panic!("expected {key}, got {other:?}"),
        }
    }
    assert_eq!(count().await, 3, "nothing refused was stored");

    // With a reason (a new meter), it is taken and starts a new count.
    let new_meter = add(entry(
        "e_eau_pluie",
        "2026-03-15",
        5.0,
        "Compteur remplacé par le plombier",
    ))
    .await
    .unwrap();
    assert!(new_meter.restart);
    add(entry("e_eau_pluie", "2026-04-01", 25.0, ""))
        .await
        .unwrap();
    let months = bienvivre::months(day("2026-01-01"), 4, chrono_tz::Europe::Paris);
    let used = entries::measure(&app.pool, &m, &months).await.unwrap();
    assert_eq!(used, vec![None, Some(30.0), Some(45.0), Some(20.0)]);

    // February's reading was 140, not 130: a correction, with its reason; both are kept.
    let mut fix = entry("e_eau_pluie", "2026-02-01", 140.0, "");
    fix.corrects = Some(feb.id);
    match add(fix.clone()).await {
        Err(Refusal::Invalid(errors)) => {
            assert_eq!(errors[0].key, "error-bv-correction-reason");
        }
        other => panic!("a correction needs a reason: {other:?}"),
    }
    fix.reason = "Chiffre mal lu".into();
    let fixed = add(fix.clone()).await.unwrap();
    assert_eq!(fixed.corrects, Some(feb.id));
    let used = entries::measure(&app.pool, &m, &months).await.unwrap();
    assert_eq!(used, vec![None, Some(40.0), Some(35.0), Some(20.0)]);
    let history = entries::history(&app.pool, m.id).await.unwrap();
    assert_eq!(history.len(), 6);
    let old = history.iter().find(|h| h.id == feb.id).unwrap();
    assert_eq!(old.corrected_by, Some(fixed.id));
    assert!(
        (old.value - 130.0).abs() < f64::EPSILON,
        "the old value is kept"
    );
    // The same entry is not corrected twice; the correction itself may be.
    match add(fix).await {
        Err(Refusal::Conflict { key, .. }) => assert_eq!(key, "error-bv-already-corrected"),
        other => panic!("{other:?}"),
    }
    // Entries are append-only in the database itself.
    let tampered = sqlx::query("UPDATE bv_entries SET value = 1 WHERE id = ?")
        .bind(feb.id)
        .execute(&app.pool)
        .await;
    assert!(tampered.is_err());
    assert!(
        sqlx::query("DELETE FROM bv_entries WHERE id = ?")
            .bind(feb.id)
            .execute(&app.pool)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_desk_enters_a_reading_from_the_page_and_sees_the_refusal_at_the_field() {
    let app = TestApp::new().await;
    let desk = app.session("accueil").await;
    let page = app
        .page("/bien-vivre/saisie?indicateur=e_eau", Some(&desk))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Historique des relevés"),
        "{}",
        page.body
    );
    let last: f64 = sqlx::query_scalar(
        "SELECT value FROM bv_entries WHERE entered_id = (SELECT id FROM bv_entered WHERE key = 'e_eau')
         ORDER BY on_date DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let today = bienvivre::today(chrono_tz::Europe::Paris).to_string();
    let before = app.count("SELECT count(*) FROM bv_entries").await;
    let lower = format!("{}", (last - 10.0).round());
    let refused = app
        .post_form(
            "/bien-vivre/saisie",
            Some(&desk),
            &[
                ("indicator", "e_eau"),
                ("on_date", &today),
                ("value", &lower),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("une valeur plus basse n&#39;est possible qu&#39;avec un motif"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(&format!("value=\"{lower}\"")),
        "the form keeps the value"
    );
    assert_eq!(app.count("SELECT count(*) FROM bv_entries").await, before);
    // « 12,5 » typed the French way.
    let higher = format!("{},5", (last + 12.0).round());
    let ok = app
        .post_form(
            "/bien-vivre/saisie",
            Some(&desk),
            &[
                ("indicator", "e_eau"),
                ("on_date", &today),
                ("value", &higher),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let stored: f64 = sqlx::query_scalar("SELECT value FROM bv_entries ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!((stored - ((last + 12.0).round() + 0.5)).abs() < 1e-9);
    let after = app.page(ok.location(), Some(&desk)).await;
    assert!(after.body.contains("Le relevé est enregistré."));
    assert!(after.body.contains("Accueil") || after.body.contains("accueil"));
}

#[tokio::test]
async fn everybody_sees_what_is_published_the_committee_sees_everything_and_writes_the_commentary()
{
    let app = TestApp::new().await;
    // Anonymous: the published indicators only (the demo publishes the SEL hours, not the gas).
    let public = app.page("/bien-vivre", None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("Eau consommée (compteur)"));
    assert!(!public.body.contains("Gaz consommé (compteur)"));
    assert!(
        public
            .body
            .contains("Cette page montre les indicateurs que le lieu a choisi de rendre publics")
    );
    for n in 1..=8 {
        assert!(
            public.body.contains(&format!("id=\"critere-{n}\"")),
            "criterion {n}"
        );
    }
    assert!(
        public
            .body
            .contains("Frugalité des organisations collectives")
    );
    // The staff see everything switched on.
    let desk = app.session("accueil").await;
    let full = app.page("/bien-vivre", Some(&desk)).await;
    assert!(full.body.contains("Gaz consommé (compteur)"));
    // Every chart is XML with a title and a text alternative, and a data table goes with it.
    let mut charts = 0;
    for svg in full.body.split("<svg").skip(1) {
        let svg = format!("<svg{}", &svg[..svg.find("</svg>").unwrap() + 6]);
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert!(
            root.children()
                .any(|n| n.has_tag_name("title") && n.text().is_some_and(|t| !t.is_empty()))
        );
        assert!(
            root.children().any(
                |n| n.has_tag_name("desc") && n.text().is_some_and(|t| t.contains("Graphique"))
            )
        );
        charts += 1;
    }
    assert!(charts >= 8, "{charts} charts");
    assert!(full.body.contains("Voir les chiffres mois par mois"));

    // A resident is not on the committee: the public view, and no commentary form.
    let resident = app.session("resident").await;
    let page = app.page("/bien-vivre", Some(&resident)).await;
    assert!(!page.body.contains("Gaz consommé (compteur)"));
    let year = bienvivre::this_year(chrono_tz::Europe::Paris).to_string();
    let comment = [
        ("year", year.as_str()),
        ("criterion", "4"),
        (
            "body",
            "Le SEL a trouvé son public : deux fois plus de permanences.",
        ),
    ];
    let refused = app
        .post_form("/bien-vivre/rapport/commentaire", Some(&resident), &comment)
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(app.count("SELECT count(*) FROM bv_commentaries").await, 0);

    // The admin names her to the committee.
    let admin = app.session("admin").await;
    let resident_id = app.user_id("resident").await.to_string();
    let named = app
        .post_form(
            "/bien-vivre/reglages/comite",
            Some(&admin),
            &[("user_id", &resident_id), ("action", "add")],
        )
        .await;
    assert_eq!(named.status, StatusCode::SEE_OTHER);
    let settings = app.page("/bien-vivre/reglages", Some(&admin)).await;
    assert!(settings.body.contains("Odette Perrin"), "{}", settings.body);
    let page = app.page("/bien-vivre", Some(&resident)).await;
    assert!(page.body.contains("Gaz consommé (compteur)"));
    let written = app
        .post_form("/bien-vivre/rapport/commentaire", Some(&resident), &comment)
        .await;
    assert_eq!(written.status, StatusCode::SEE_OTHER, "{}", written.body);
    let report = app
        .page(&format!("/bien-vivre/rapport?annee={year}"), None)
        .await;
    assert!(report.body.contains("Le SEL a trouvé son public"));
    assert!(report.body.contains("Écrit par Odette Perrin"));
    assert!(report.body.contains(&format!("Le SEL en {year}")));
    // A commentary too long is refused at its field, and nothing is stored.
    let long = "x".repeat(4001);
    let too_long = app
        .post_form(
            "/bien-vivre/rapport/commentaire",
            Some(&resident),
            &[("year", year.as_str()), ("criterion", "4"), ("body", &long)],
        )
        .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        too_long.body.contains("Ce texte est trop long"),
        "{}",
        too_long.body
    );
    assert_eq!(app.count("SELECT count(*) FROM bv_commentaries").await, 1);

    // The admin publishes the gas: now everybody sees it; a target typed badly is refused.
    let bad = app
        .post_form(
            "/bien-vivre/reglages/indicateur",
            Some(&admin),
            &[
                ("key", "e_gaz"),
                ("enabled", "1"),
                ("published", "1"),
                ("target", "beaucoup"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Donnez un nombre"));
    let ok = app
        .post_form(
            "/bien-vivre/reglages/indicateur",
            Some(&admin),
            &[
                ("key", "e_gaz"),
                ("enabled", "1"),
                ("published", "1"),
                ("target", "3 000"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    // A new indicator entered by hand: refused without a name or a kind, then added.
    let before = app.count("SELECT count(*) FROM bv_entered").await;
    let refused = app
        .post_form(
            "/bien-vivre/reglages/nouvel-indicateur",
            Some(&admin),
            &[
                ("name", " "),
                ("criterion", "8"),
                ("unit", "kg"),
                ("better", "higher"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Donnez un nom à l&#39;indicateur"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("Choisissez comment les saisies font une valeur")
    );
    assert_eq!(app.count("SELECT count(*) FROM bv_entered").await, before);
    let made = app
        .post_form(
            "/bien-vivre/reglages/nouvel-indicateur",
            Some(&admin),
            &[
                ("name", "Compost distribué aux jardins"),
                ("criterion", "8"),
                ("unit", "kg"),
                ("better", "higher"),
                ("kind", "sum"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert!(
        made.location()
            .ends_with("#ind-e_compost_distribue_aux_jardins")
    );
    let desk_page = app
        .page(
            "/bien-vivre/saisie?indicateur=e_compost_distribue_aux_jardins",
            Some(&desk),
        )
        .await;
    assert!(
        desk_page
            .body
            .contains("Nouveau relevé : Compost distribué aux jardins")
    );
    let public = app.page("/bien-vivre", None).await;
    assert!(public.body.contains("Gaz consommé (compteur)"));
    assert!(
        public.body.contains("objectif : 3\u{202f}000\u{a0}m³"),
        "the target in words"
    );
}

async fn bytes(app: &TestApp, path: &str) -> (StatusCode, String, Vec<u8>) {
    let res = app
        .router
        .clone()
        .oneshot(
            support::request(Method::GET, path)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = res.status();
    let kind = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, kind, body)
}

#[tokio::test]
async fn the_years_report_comes_as_csv_and_as_a_spreadsheet_libreoffice_opens() {
    use calamine::{Data, Reader};
    let app = TestApp::new().await;
    let year = bienvivre::this_year(chrono_tz::Europe::Paris);
    let (status, kind, csv) = bytes(&app, &format!("/bien-vivre/rapport.csv?annee={year}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/csv"));
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    let head = lines.next().unwrap();
    assert!(
        head.starts_with("\u{feff}\"Critère\";\"Indicateur\""),
        "{head}"
    );
    assert!(head.contains(&format!("\"Année {year}\"")));
    let water = csv
        .lines()
        .find(|l| l.contains("Eau consommée (compteur)"))
        .expect("the published water meter");
    assert!(water.starts_with("\"8 — "), "{water}");
    // Anonymous: only what is published.
    assert!(!csv.contains("Gaz consommé"));

    let (status, kind, ods) = bytes(&app, &format!("/bien-vivre/rapport.ods?annee={year}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/vnd.oasis.opendocument.spreadsheet");
    let mut book: calamine::Ods<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(ods)).unwrap();
    assert_eq!(book.sheet_names(), vec!["Indicateurs", "Commentaires"]);
    let sheet = book.worksheet_range("Indicateurs").unwrap();
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("Critère".into())));
    assert_eq!(sheet.get((0, 4)), Some(&Data::String("janvier".into())));
    let row = (0..sheet.height())
        .find(|r| sheet.get((*r, 1)) == Some(&Data::String("Eau consommée (compteur)".into())))
        .expect("the water meter's row");
    // The year's total is a number the spreadsheet can add up, equal to the months' sum.
    let total = match sheet.get((row, 16)) {
        Some(Data::Float(v)) => *v,
        other => panic!("the year's total: {other:?}"),
    };
    let months: f64 = (4..16)
        .filter_map(|c| match sheet.get((row, c)) {
            Some(Data::Float(v)) => Some(*v),
            _ => None,
        })
        .sum();
    assert!(
        total > 0.0 && (total - months).abs() < 1e-6,
        "{total} vs {months}"
    );
    let notes = book.worksheet_range("Commentaires").unwrap();
    assert_eq!(notes.height(), 9, "a header and the eight criteria");
    // A year that cannot be read is not a report.
    let (status, _, _) = bytes(&app, "/bien-vivre/rapport.ods?annee=deux-mille").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_api_gives_what_the_caller_may_see_and_takes_readings_from_the_desk() {
    let app = TestApp::new().await;
    let anonymous = app
        .call(Method::GET, "/api/v1/bien-vivre/indicators", None, None)
        .await;
    assert_eq!(anonymous.status, StatusCode::OK);
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["key"].as_str().unwrap().to_owned())
            .collect()
    };
    let public = keys(&anonymous.json());
    assert!(public.contains(&"e_eau".to_owned()) && !public.contains(&"e_gaz".to_owned()));
    assert_eq!(anonymous.json()["months"].as_array().unwrap().len(), 12);
    assert!(anonymous.json()["indicators"][0]["switches"].is_null());
    let token = app.token("accueil").await;
    let staff = app
        .call(
            Method::GET,
            "/api/v1/bien-vivre/indicators?year=2026",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(staff.status, StatusCode::OK);
    let all = keys(&staff.json());
    assert!(all.contains(&"e_gaz".to_owned()) && all.len() > public.len());
    assert_eq!(staff.json()["months"][0], "2026-01-01");
    let bad = app
        .call(
            Method::GET,
            "/api/v1/bien-vivre/indicators?year=99",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let today = bienvivre::today(chrono_tz::Europe::Paris).to_string();
    let made = app
        .call(
            Method::POST,
            "/api/v1/bien-vivre/entries",
            Some(&token),
            Some(json!({"indicator": "e_dechets", "on_date": today, "value": 12.5})),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.json()["indicator"], "e_dechets");
    let list = app
        .call(
            Method::GET,
            "/api/v1/bien-vivre/entries?indicator=e_dechets",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(list.json()[0]["value"], 12.5);
    let future = app
        .call(
            Method::POST,
            "/api/v1/bien-vivre/entries",
            Some(&token),
            Some(json!({"indicator": "e_dechets", "on_date": "2999-01-01", "value": 1})),
        )
        .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = app
        .call(
            Method::GET,
            "/api/v1/bien-vivre/entries?indicator=e_rien",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}
