//! Finding people as the desk types them: accents and capitals ignored (`lefevre` finds
//! Lefèvre, `helene` Hélène), in the people search, the cashier and the gift form; phone numbers
//! in any common form; through the full-text index (migration 0021), which follows renames and
//! erasure, and which `citeosquare check` verifies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{Method, StatusCode};
use citeosquare_server::check;
use serde_json::json;
use support::TestApp;

async fn add(app: &TestApp, token: &str, first: &str, last: &str, phone: &str) -> i64 {
    let reply = app
        .call(
            Method::POST,
            "/api/v1/persons",
            Some(token),
            Some(
                json!({"first_name": first, "last_name": last, "kind": "resident", "phone": phone}),
            ),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.json()["id"].as_i64().unwrap()
}

/// The ids the API's search gives for `q`.
async fn found(app: &TestApp, token: &str, q: &str) -> Vec<i64> {
    let path = format!("/api/v1/persons?q={}", urlencoding(q));
    let reply = app.call(Method::GET, &path, Some(token), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{q}: {}", reply.body);
    reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect()
}

trait CountBound {
    async fn count_bound(&self, sql: &'static str, value: &str) -> i64;
}

impl CountBound for TestApp {
    async fn count_bound(&self, sql: &'static str, value: &str) -> i64 {
        sqlx::query_scalar(sql)
            .bind(value)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn names_are_found_whatever_the_accents_and_capitals() {
    let app = TestApp::new().await;
    let desk = app.token("accueil").await;
    // The demo has Marie Lefèvre (1) and Hélène Garnier (4).
    let helene = add(&app, &desk, "Gaëlle", "Lefèvre-Çelik", "").await;
    let other = add(&app, &desk, "Gaétan", "Martin", "").await;

    for (q, want) in [
        ("helene", vec![4]),
        ("HELENE garnier", vec![4]),
        ("lefevre", vec![helene, 1]),
        ("LEFÈVRE marie", vec![1]),
        ("gaelle", vec![helene]),
        ("GAËLLE", vec![helene]),
        ("celik", vec![helene]),
        ("lefevre gaelle", vec![helene]),
        ("gae lef", vec![helene]),
        ("  gaelle   lefevre-celik ", vec![helene]),
    ] {
        let mut ids = found(&app, &desk, q).await;
        ids.sort_unstable();
        let mut want = want;
        want.sort_unstable();
        assert_eq!(ids, want, "{q}");
    }
    // The beginning of a word finds every name that has it.
    let gae = found(&app, &desk, "gae").await;
    assert!(gae.contains(&helene) && gae.contains(&other), "{gae:?}");
    // Nothing found is an empty list, not an error, whatever is typed.
    for q in [
        "zzz",
        "\"",
        "*",
        "-",
        "AND",
        "zz*ne OR 1",
        "NEAR(a b)",
        "'; DROP",
    ] {
        let ids = found(&app, &desk, q).await;
        assert!(!ids.contains(&helene), "{q}: {ids:?}");
    }
    assert!(found(&app, &desk, "zzz").await.is_empty());

    // The desk's page and the cashier's search show her for `lefevre`.
    let s = app.session("accueil").await;
    let page = app.page("/personnes?q=lefevre", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Lefèvre-Çelik"), "{}", page.body);
    let page = app.page("/sel/caisse?q=gaelle", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Lefèvre-Çelik"), "{}", page.body);

    // Renamed: the index follows; the old name no longer finds her.
    let reply = app
        .call(
            Method::PUT,
            &format!("/api/v1/persons/{helene}"),
            Some(&desk),
            Some(json!({"first_name": "Gaëlle", "last_name": "Rousseau", "kind": "resident"})),
        )
        .await;
    assert!(reply.status.is_success(), "{}", reply.body);
    assert_eq!(found(&app, &desk, "rousseau").await, [helene]);
    assert_eq!(found(&app, &desk, "lefevre").await, [1]);

    // Erased: no longer found by any of her names.
    let admin = app.session("admin").await;
    let r = app
        .post_form(
            &format!("/personnes/{helene}/effacer"),
            Some(&admin),
            &[("confirme", "oui")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(found(&app, &desk, "rousseau").await.is_empty());
    // Not even in the index's own pages (FTS5's secure-delete): the name is gone from the file.
    for word in ["rousseau", "gaelle"] {
        let left = app
            .count_bound(
                "SELECT count(*) FROM persons_search_data WHERE instr(block, CAST(? AS BLOB)) > 0",
                word,
            )
            .await;
        assert_eq!(left, 0, "{word} is still in the index's pages");
    }
    assert!(!found(&app, &desk, "gaelle").await.contains(&helene));

    let findings = check::run(&app.pool).await.unwrap();
    let index = findings
        .iter()
        .find(|f| f.name == "people_search_index_matches_names")
        .unwrap();
    assert!(index.ok, "{}", index.detail);
}

#[tokio::test]
async fn phone_numbers_match_in_any_common_form() {
    let app = TestApp::new().await;
    let desk = app.token("accueil").await;
    let typed_national = add(&app, &desk, "Aïcha", "Benali", "06 12 34 56 78").await;
    let typed_international = add(&app, &desk, "Paul", "Girard", "+33 7 65 43 21 09").await;
    for q in [
        "06 12 34 56 78",
        "0612345678",
        "+33612345678",
        "+33 6 12 34 56 78",
        "0033 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34",
    ] {
        assert_eq!(found(&app, &desk, q).await, [typed_national], "{q}");
    }
    for q in ["07 65 43 21 09", "0765432109", "+33765432109", "07 65"] {
        assert_eq!(found(&app, &desk, q).await, [typed_international], "{q}");
    }
    // Stored in its national form, shown as typed.
    let (shown, key): (String, String) =
        sqlx::query_as("SELECT phone, phone_digits FROM persons WHERE id = ?")
            .bind(typed_international)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        (shown.as_str(), key.as_str()),
        ("+33 7 65 43 21 09", "0765432109")
    );
    // Three digits are too few to mean a phone number.
    assert!(found(&app, &desk, "061").await.is_empty());
}

#[tokio::test]
async fn the_gift_form_finds_a_member_without_accents() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    // Marie Lefèvre (person 1) gives to Jean Dupuis (person 2), both typed without accents
    // and capitals: the exchange is recorded between them.
    let r = app
        .post_form(
            "/sel/echanges",
            Some(&s),
            &[
                ("op", "00000000-0000-4000-8000-00000000a001"),
                ("payer", "marie lefevre"),
                ("receiver", "JEAN DUPUIS"),
                ("heures", "1"),
                ("minutes", "0"),
                ("memo", "Aide au jardin"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let recorded = app
        .count(
            "SELECT count(*) FROM sel_transfers t
             JOIN sel_accounts a ON a.id = t.credit_account AND a.person_id = 2
             JOIN sel_accounts b ON b.id = t.debit_account AND b.person_id = 1
             WHERE t.amount = 60 AND t.kind = 'exchange'",
        )
        .await;
    assert_eq!(recorded, 1);
}

#[tokio::test]
async fn the_index_is_checked() {
    let app = TestApp::new().await;
    let ok = check::run(&app.pool).await.unwrap();
    assert!(
        ok.iter()
            .any(|f| f.name == "people_search_index_matches_names" && f.ok)
    );
    // An index that lost a name (written behind the server's back) is reported, with the repair.
    sqlx::query(
        "INSERT INTO persons_search(persons_search, rowid, first_name, last_name)
         SELECT 'delete', id, first_name, last_name FROM persons WHERE id = 1",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let bad = check::run(&app.pool).await.unwrap();
    let f = bad
        .iter()
        .find(|f| f.name == "people_search_index_matches_names")
        .unwrap();
    assert!(!f.ok);
    assert!(f.detail.contains("rebuild"), "{}", f.detail);
}

#[tokio::test]
async fn a_namesake_is_flagged_before_saving_and_pickers_tell_namesakes_apart() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let before = app.count("SELECT count(*) FROM persons").await;
    let new_person = |first: &'static str, last: &'static str, phone: &'static str| {
        vec![
            ("first_name", first),
            ("last_name", last),
            ("kind", "resident"),
            ("phone", phone),
            ("language", "fr"),
        ]
    };
    // The same name as Marie Lefèvre (1), typed without accents: shown, not saved.
    let r = app
        .post_form(
            "/personnes/nouvelle",
            Some(&s),
            &new_person("marie", "LEFEVRE", "07 11 22 33 44"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("Cette personne existe peut-être déjà"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("<a href=\"/personnes/1\">Marie Lefèvre</a> — n° 1")
    );
    assert!(r.body.contains("fiche créée le"));
    assert!(
        r.body.contains("value=\"07 11 22 33 44\""),
        "what was typed is kept"
    );
    assert_eq!(app.count("SELECT count(*) FROM persons").await, before);

    // Another name with a phone already on a record, in another form: flagged too.
    let token = app.token("accueil").await;
    let aicha = add(&app, &token, "Aïcha", "Benali", "06 12 34 56 78").await;
    let r = app
        .post_form(
            "/personnes/nouvelle",
            Some(&s),
            &new_person("Yanis", "Benali", "+33 6 12 34 56 78"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains(&format!("<a href=\"/personnes/{aicha}\">Aïcha Benali</a>"))
    );
    assert!(r.body.contains("même téléphone"));

    // The desk says it is someone else: saved.
    let mut other = new_person("Marie", "Lefèvre", "07 11 22 33 44");
    other.push(("autre_personne", "oui"));
    let r = app.post_form("/personnes/nouvelle", Some(&s), &other).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let second: i64 = r
        .location()
        .trim_start_matches("/personnes/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // Nobody like them: saved at once.
    let r = app
        .post_form(
            "/personnes/nouvelle",
            Some(&s),
            &new_person("Zéphyrin", "Quérard", ""),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT count(*) FROM persons").await, before + 3);

    // With two Marie Lefèvre holding SEL accounts, the gift form asks which one and shows
    // what tells them apart: the member number and the phone.
    let r = app
        .post_form(&format!("/sel/comptes/{second}/ouvrir"), Some(&s), &[])
        .await;
    assert!(r.status.is_redirection(), "{}", r.body);
    let r = app
        .post_form(
            "/sel/echanges",
            Some(&s),
            &[
                ("op", "00000000-0000-4000-8000-00000000a002"),
                ("payer", "marie lefevre"),
                ("receiver", "Jean Dupuis"),
                ("minutes", "10"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("Plusieurs personnes correspondent"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains(&format!("Marie Lefèvre · 07 11 22 33 44 — n° {second}")),
        "{}",
        r.body
    );
    assert!(r.body.contains("— n° 1<"), "{}", r.body);
}

#[tokio::test]
async fn a_text_too_long_is_refused_under_its_field_with_the_limit() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let long_name = "a".repeat(101);
    let r = app
        .post_form(
            "/personnes/nouvelle",
            Some(&s),
            &[
                ("first_name", long_name.as_str()),
                ("last_name", "Martin"),
                ("kind", "resident"),
                ("language", "fr"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Under the field at fault, with the limit.
    assert!(
        r.body.contains(
            "id=\"first_name-erreur\">Ce texte est trop long : 100 caractères au plus.</p>"
        ),
        "{}",
        r.body
    );
    // The main courante's limit, written the French way.
    let body = "x".repeat(4001);
    let r = app
        .post_form("/main-courante", Some(&s), &[("body", body.as_str())])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body
            .contains("Ce texte est trop long : 4\u{202f}000 caractères au plus."),
        "{}",
        &r.body[..2000.min(r.body.len())]
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM persons WHERE last_name = 'Martin' AND length(first_name) > 100"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn ligatures_are_found_spelt_out_and_the_other_way_round() {
    let app = TestApp::new().await;
    let desk = app.token("accueil").await;
    let laetitia = add(&app, &desk, "Lætitia", "Bœuf", "").await;
    let strauss = add(&app, &desk, "Jürgen", "Strauß", "").await;
    for q in ["laetitia", "LAETITIA boeuf", "Lætitia Bœuf", "boe"] {
        assert_eq!(found(&app, &desk, q).await, [laetitia], "{q}");
    }
    for q in ["strauss", "Strauß", "jurgen"] {
        assert_eq!(found(&app, &desk, q).await, [strauss], "{q}");
    }
    // Spelt out on a new record, she is still recognised before saving.
    let s = app.session("accueil").await;
    let r = app
        .post_form(
            "/personnes/nouvelle",
            Some(&s),
            &[
                ("first_name", "Laetitia"),
                ("last_name", "Boeuf"),
                ("kind", "resident"),
                ("language", "fr"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(&format!(
        "<a href=\"/personnes/{laetitia}\">Lætitia Bœuf</a>"
    )));
    let findings = check::run(&app.pool).await.unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f.name == "people_search_index_matches_names" && f.ok)
    );
}
