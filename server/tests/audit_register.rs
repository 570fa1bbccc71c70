//! The audit log reads like a register (issue 16, part 7): local time, French (and English)
//! labels for actions and objects, the change as « champ : avant → après » with unchanged fields
//! hidden, filters for every object kind, action, author and day range, with paging; every action
//! code the sources record has a label. And the site's display name, set by an admin, replaces the
//! technical id `main` in the header, the page's title and the agenda.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use citeosquare_server::audit;
use citeosquare_server::i18n::{Lang, Tr};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use support::TestApp;

// ---------------------------------------------------------------------------------------------
// Every action code in the sources has a label

/// The arguments of each `audit::record(…)` call in a source text, split at its top-level commas
/// (string literals and nested brackets kept whole).
fn record_calls(text: &str) -> Vec<Vec<String>> {
    let mut calls = vec![];
    for (start, marker) in text.match_indices("audit::record(") {
        let bytes = &text.as_bytes()[start + marker.len()..];
        let (mut depth, mut args, mut current) = (1, vec![], String::new());
        let mut i = 0;
        while i < bytes.len() && depth > 0 {
            let ch = bytes[i] as char;
            match ch {
                '"' => {
                    // A string literal, escapes included.
                    let mut j = i + 1;
                    while j < bytes.len() && bytes[j] != b'"' {
                        j += if bytes[j] == b'\\' { 2 } else { 1 };
                    }
                    current.push_str(&String::from_utf8_lossy(&bytes[i..=j.min(bytes.len() - 1)]));
                    i = j + 1;
                    continue;
                }
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                _ => {}
            }
            if depth == 1 && ch == ',' {
                args.push(std::mem::take(&mut current).trim().to_owned());
            } else if depth > 0 {
                current.push(ch);
            }
            i += 1;
        }
        args.push(current.trim().to_owned());
        calls.push(args);
    }
    calls
}

/// The string literals of an expression.
fn literals(expr: &str) -> Vec<String> {
    expr.split('"')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_owned())
        .collect()
}

/// `field: "value"` literals of a source file (the registers' table of steps).
fn field_literals(text: &str, field: &str) -> Vec<String> {
    text.match_indices(&format!("{field}: \""))
        .map(|(i, m)| {
            let rest = &text[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

fn sources() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = vec![];
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out
}

/// Every action code and kind of object the sources record. An action or kind computed at run
/// time must be listed here with every value it takes, or the test fails and says where.
fn recorded() -> (BTreeSet<String>, BTreeSet<String>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let registers = std::fs::read_to_string(src.join("registers/mod.rs")).unwrap();
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    // Expressions (spaces removed) and the values they take.
    let dynamic: BTreeMap<&str, Vec<String>> = [
        // photos.rs: the owners of a photo.
        (
            "&format!(\"{}.photo\",owner.entity())",
            strings(&["vehicle.photo", "vehicle_damage.photo"]),
        ),
        ("owner.entity()", strings(&["vehicle", "vehicle_damage"])),
        // hostel/stays.rs: the statuses `set_status` is called with.
        (
            "&format!(\"hostel.stay.{status}\")",
            strings(&[
                "hostel.stay.confirmed",
                "hostel.stay.checked_in",
                "hostel.stay.checked_out",
                "hostel.stay.cancelled",
                "hostel.stay.no_show",
            ]),
        ),
        // hostel/folio.rs: the kinds of a folio line (migration 0014's CHECK).
        (
            "&format!(\"hostel.folio.{}\",l.kind)",
            ["night", "tax", "extra", "payment", "refund", "correction"]
                .iter()
                .map(|k| format!("hostel.folio.{k}"))
                .collect(),
        ),
        // registers/mod.rs: the steps' table.
        ("step.action", field_literals(&registers, "action")),
        ("step.entity", field_literals(&registers, "entity")),
    ]
    .into_iter()
    .collect();
    let (mut actions, mut entities, mut unknown) = (BTreeSet::new(), BTreeSet::new(), vec![]);
    for (path, text) in sources() {
        for args in record_calls(&text) {
            assert!(args.len() >= 4, "{}: {args:?}", path.display());
            for (expr, into) in [(&args[2], &mut actions), (&args[3], &mut entities)] {
                let compact: String = expr.split_whitespace().collect();
                if let Some(values) = dynamic.get(compact.as_str()) {
                    into.extend(values.iter().cloned());
                } else if compact.contains("format!") || literals(expr).is_empty() {
                    unknown.push(format!("{}: {compact}", path.display()));
                } else {
                    into.extend(literals(expr));
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "actions or kinds computed at run time: list their values in this test: {unknown:#?}"
    );
    (actions, entities)
}

#[test]
fn every_action_code_and_kind_of_object_in_the_sources_has_a_label_in_both_languages() {
    let (actions, entities) = recorded();
    // The scan finds what it must (a literal, both branches of an `if`, computed ones).
    for known in [
        "person.update",
        "sel.exchange.accept",
        "sel.exchange.decline",
        "user.enable",
        "user.disable",
        "hostel.stay.checked_in",
        "lending.returned",
        "vehicle.photo",
        "site.rename",
    ] {
        assert!(actions.contains(known), "{known} not found: {actions:?}");
    }
    assert!(actions.len() > 100, "{}", actions.len());
    assert!(entities.contains("sel_transfer") && entities.contains("site_settings"));
    let (fr, en) = (Tr::new(Lang::Fr), Tr::new(Lang::En));
    let mut missing = vec![];
    let mut keys = BTreeMap::new();
    for a in &actions {
        for tr in [&fr, &en] {
            match audit::action_label(tr, a) {
                Some(l) if !l.is_empty() && l != *a => {}
                _ => missing.push(format!(
                    "{} action {a}: {}",
                    tr.lang.code(),
                    audit::action_key(a)
                )),
            }
        }
        // Two codes never share a label's key.
        if let Some(other) = keys.insert(audit::action_key(a), a) {
            missing.push(format!("{a} and {other} share {}", audit::action_key(a)));
        }
    }
    for e in &entities {
        for tr in [&fr, &en] {
            if audit::entity_label(tr, e).is_none_or(|l| l.is_empty()) {
                missing.push(format!(
                    "{} kind {e}: {}",
                    tr.lang.code(),
                    audit::entity_key(e)
                ));
            }
        }
    }
    assert!(missing.is_empty(), "labels missing: {missing:#?}");
    // An unknown code has no label: the page shows it as it is.
    assert_eq!(audit::action_label(&fr, "essai.inconnu"), None);
}

#[test]
fn the_scanner_reads_literals_branches_and_nesting() {
    let calls = record_calls(
        r#"audit::record(&mut tx, &actor, if ok { "a.b" } else { "a.c" }, "kind", id, None,
           Some(&json!({"x": "(", "y": [1, 2]})))"#,
    );
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].len(), 7);
    assert_eq!(literals(&calls[0][2]), vec!["a.b", "a.c"]);
    assert_eq!(literals(&calls[0][3]), vec!["kind"]);
}

// ---------------------------------------------------------------------------------------------
// The register's page

/// One entry written as the log's writers write it, at a chosen instant.
#[allow(clippy::too_many_arguments)]
async fn entry(
    app: &TestApp,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    id: &str,
    before: Option<&str>,
    after: Option<&str>,
) {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, before, after)
         VALUES (?, NULL, ?, ?, ?, ?, ?, ?)",
    )
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(entity)
    .bind(id)
    .bind(before)
    .bind(after)
    .execute(&app.pool)
    .await
    .unwrap();
}

/// The table row of the page that holds a text.
fn row_with<'a>(body: &'a str, text: &str) -> &'a str {
    let table = body
        .find("<tbody>")
        .unwrap_or_else(|| panic!("no table on the page:\n{body}"));
    let at = table
        + body[table..]
            .find(text)
            .unwrap_or_else(|| panic!("{text} not in the table:\n{body}"));
    let start = body[..at].rfind("<tr").unwrap();
    let end = at + body[at..].find("</tr>").unwrap();
    &body[start..end]
}

/// How many entries the page lists.
fn rows(body: &str) -> usize {
    body.split("<tbody>").nth(1).map_or(0, |t| {
        t.split("</tbody>").next().unwrap().matches("<tr>").count()
    })
}

#[tokio::test]
async fn the_register_shows_local_times_labels_and_changes_field_by_field() {
    let app = TestApp::new().await;
    let admin = app.session("admin").await;
    let desk = app.session("accueil").await;
    // A real change through the desk's form: only the first name differs.
    let (last, kind, phone, email, language, accessibility): (
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT last_name, kind, phone, email, language, accessibility FROM persons WHERE id = 3",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let first: String = sqlx::query_scalar("SELECT first_name FROM persons WHERE id = 3")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let reply = app
        .post_form(
            "/personnes/3",
            Some(&desk),
            &[
                ("first_name", "Zoé-Registre"),
                ("last_name", &last),
                ("kind", &kind),
                ("phone", phone.as_deref().unwrap_or("")),
                ("email", email.as_deref().unwrap_or("")),
                ("language", &language),
                ("accessibility", accessibility.as_deref().unwrap_or("")),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    // Entries at known instants: 23:30 UTC on 15 January is 00:30 on the 16th in Paris.
    entry(
        &app,
        "2026-01-15T23:30:00.000Z",
        "directrice",
        "person.update",
        "person",
        "7",
        Some(r#"{"phone":"06 00 00 00 00","email":"a@b.fr","disabled_at":null}"#),
        Some(r#"{"phone":"06 99 99 99 99","email":"a@b.fr","disabled_at":"2026-01-15T23:30:00.000Z"}"#),
    )
    .await;
    entry(
        &app,
        "2026-01-14T10:00:00.000Z",
        "directrice",
        "badge.assign",
        "badge",
        "12",
        None,
        Some(r#"{"card_id":"ABC123","person_id":3}"#),
    )
    .await;
    entry(
        &app,
        "2026-01-14T11:00:00.000Z",
        "directrice",
        "hostel.extra.withdraw",
        "hostel_extra",
        "2",
        Some(r#"{"label":"Petit-déjeuner","price_cents":650}"#),
        None,
    )
    .await;
    entry(
        &app,
        "2026-01-14T12:00:00.000Z",
        "directrice",
        "essai.inconnu",
        "machin_chose",
        "1",
        None,
        Some(r#"{"champ_libre":"x"}"#),
    )
    .await;

    let page = app.page("/admin/journal", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let b = &page.body;
    assert!(b.contains("Heures locales du site (Europe/Paris)"));
    assert!(b.contains("<th scope=\"col\">Date et heure</th>"));
    // The desk's change: labelled, only the field that changed, before → after.
    let row = row_with(b, "Zoé-Registre");
    assert!(row.contains("Fiche de personne modifiée"), "{row}");
    assert!(row.contains("<code>person.update</code>"), "{row}");
    assert!(row.contains("Personne n° 3"), "{row}");
    assert!(
        row.contains(&format!("Prénom : {first} → Zoé-Registre")),
        "{row}"
    );
    for unchanged in ["Nom de famille", "Type", "Langue", "Accessibilité"] {
        assert!(
            !row.contains(unchanged),
            "{unchanged} shown unchanged: {row}"
        );
    }
    assert!(!row.contains('{'), "raw JSON shown: {row}");
    // Local time, values in words, unchanged fields hidden.
    let row = row_with(b, "06 99 99 99 99");
    assert!(row.contains("16/01/2026 00 h 30"), "{row}");
    assert!(
        row.contains("Téléphone : 06 00 00 00 00 → 06 99 99 99 99"),
        "{row}"
    );
    assert!(
        row.contains("Désactivé le : (vide) → 16/01/2026 00 h 30"),
        "{row}"
    );
    assert!(!row.contains("Courriel"), "{row}");
    // A creation shows only the values recorded, a removal only those removed.
    let row = row_with(b, "ABC123");
    assert!(
        row.contains("Badge attribué") && row.contains("Valeurs enregistrées"),
        "{row}"
    );
    assert!(row.contains("Numéro de badge : ABC123"), "{row}");
    assert!(!row.contains('→'), "{row}");
    let row = row_with(b, "Petit-déjeuner");
    assert!(
        row.contains("Prestation retirée") && row.contains("Valeurs retirées"),
        "{row}"
    );
    assert!(row.contains("Libellé : Petit-déjeuner"), "{row}");
    assert!(row.contains("Prestation de l&#39;auberge n° 2"), "{row}");
    // An unknown code still shows, as it is.
    let row = row_with(b, "essai.inconnu");
    assert!(row.contains("<code>essai.inconnu</code>"), "{row}");
    assert!(
        row.contains("machin_chose") && row.contains("<code>champ_libre</code> : x"),
        "{row}"
    );

    // The filters list every kind of object, action and author present, labelled.
    let kinds: Vec<String> = sqlx::query_scalar("SELECT DISTINCT entity FROM audit_log")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(kinds.len() >= 8, "{kinds:?}");
    for k in &kinds {
        assert!(
            b.contains(&format!("<option value=\"{k}\"")),
            "kind {k} not offered"
        );
    }
    assert!(b.contains("<option value=\"sel_account\">Compte SEL</option>"));
    assert!(b.contains("<option value=\"person.update\">Fiche de personne modifiée</option>"));
    assert!(b.contains("<option value=\"directrice\">directrice</option>"));

    // By kind, by action, by author.
    let page = app
        .page("/admin/journal?entity=hostel_extra", Some(&admin))
        .await;
    assert_eq!(rows(&page.body), 1);
    assert!(page.body.contains("Petit-déjeuner"));
    // The actions offered are those of the kind chosen; every kind stays offered.
    assert!(
        page.body
            .contains("<option value=\"hostel.extra.withdraw\">Prestation retirée</option>")
    );
    assert!(!page.body.contains("<option value=\"person.update\""));
    assert!(
        page.body
            .contains("<option value=\"person\">Personne</option>")
    );
    let page = app
        .page("/admin/journal?action=person.update", Some(&admin))
        .await;
    assert_eq!(rows(&page.body), 2, "{}", page.body);
    assert!(
        page.body
            .contains("<option value=\"person.update\" selected>")
    );
    let page = app
        .page("/admin/journal?actor=directrice", Some(&admin))
        .await;
    assert_eq!(rows(&page.body), 4);
    // Days are the site's days: the 23:30 UTC entry belongs to the 16th.
    let page = app
        .page("/admin/journal?from=2026-01-16&to=2026-01-16", Some(&admin))
        .await;
    assert_eq!(rows(&page.body), 1, "{}", page.body);
    assert!(page.body.contains("06 99 99 99 99"));
    let page = app
        .page("/admin/journal?from=2026-01-14&to=2026-01-15", Some(&admin))
        .await;
    assert_eq!(rows(&page.body), 3, "{}", page.body);
    assert!(!page.body.contains("06 99 99 99 99"));

    // Refusals: precise, in French, nothing listed.
    let page = app
        .page("/admin/journal?from=2026-01-16&to=2026-01-15", Some(&admin))
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("La date « Au » précède la date « Du »."));
    for bad in ["0", "deux", "-3"] {
        let page = app
            .page(&format!("/admin/journal?page={bad}"), Some(&admin))
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(
            page.body
                .contains("Numéro de page non valide : un nombre entier à partir de 1.")
        );
        assert_eq!(rows(&page.body), 0);
    }
    // Admins only.
    assert_eq!(
        app.page("/admin/journal", Some(&desk)).await.status,
        StatusCode::FORBIDDEN
    );

    // In English.
    sqlx::query("UPDATE users SET language = 'en' WHERE username = 'admin'")
        .execute(&app.pool)
        .await
        .unwrap();
    let page = app
        .page("/admin/journal?actor=directrice", Some(&admin))
        .await;
    let row = row_with(&page.body, "06 99 99 99 99");
    assert!(row.contains("Person record changed"), "{row}");
    assert!(
        row.contains("Phone: 06 00 00 00 00 → 06 99 99 99 99")
            || row.contains("Phone : 06 00 00 00 00 → 06 99 99 99 99"),
        "{row}"
    );
    assert!(row.contains("16 Jan 2026 00:30"), "{row}");
}

#[tokio::test]
async fn the_register_pages_by_fifty_and_keeps_its_filters() {
    let app = TestApp::new().await;
    let admin = app.session("admin").await;
    for i in 0..60 {
        entry(
            &app,
            &format!("2026-02-01T10:{:02}:00.000Z", i),
            "pagination",
            "logbook.add",
            "logbook",
            &i.to_string(),
            None,
            Some(&format!(r#"{{"body":"Entrée {i}"}}"#)),
        )
        .await;
    }
    let page = app
        .page("/admin/journal?actor=pagination", Some(&admin))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("60 modifications"));
    assert!(page.body.contains("Page 1 sur 2"));
    assert_eq!(rows(&page.body), 50);
    // Newest first.
    assert!(page.body.contains("Entrée 59") && !page.body.contains("Entrée 9<"));
    let paging = &page.body[page.body.find("class=\"paging").unwrap()..];
    assert!(
        paging.contains(
            "href=\"/admin/journal?actor=pagination&#38;page=2\" rel=\"next\">Plus anciennes"
        ),
        "{paging}"
    );
    assert!(!page.body.contains("rel=\"prev\""));
    let page = app
        .page("/admin/journal?actor=pagination&page=2", Some(&admin))
        .await;
    assert!(page.body.contains("Page 2 sur 2"));
    assert_eq!(rows(&page.body), 10);
    assert!(
        page.body.contains("Entrée 0<") && page.body.contains("Main courante : entrée ajoutée")
    );
    assert!(
        page.body
            .contains("href=\"/admin/journal?actor=pagination\" rel=\"prev\">Plus récentes")
    );
    assert!(!page.body.contains("rel=\"next\""));
    // Past the last page: nothing listed, a way back.
    let page = app
        .page("/admin/journal?actor=pagination&page=9", Some(&admin))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Aucune modification ne correspond."));
    assert!(page.body.contains("rel=\"prev\""));
}

// ---------------------------------------------------------------------------------------------
// The site's display name

/// The text a person sees on a page: the body without its tags, scripts and styles.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        let after = &rest[open..];
        let skip_to = if after.starts_with("<script") {
            after.find("</script>").map(|i| i + "</script>".len())
        } else if after.starts_with("<style") {
            after.find("</style>").map(|i| i + "</style>".len())
        } else {
            after.find('>').map(|i| i + 1)
        };
        rest = &after[skip_to.unwrap_or(after.len())..];
    }
    out.push_str(rest);
    out
}

/// The word `main` as a label (« main courante » is a French word, not the site id).
fn shows_main(html: &str) -> bool {
    let text = visible_text(html).to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    words
        .iter()
        .enumerate()
        .any(|(i, w)| *w == "main" && words.get(i + 1) != Some(&"courante"))
}

fn title(html: &str) -> &str {
    let start = html.find("<title>").unwrap() + "<title>".len();
    &html[start..start + html[start..].find("</title>").unwrap()]
}

#[tokio::test]
async fn the_sites_name_replaces_the_technical_id_in_headers_titles_and_the_agenda() {
    let app = TestApp::new().await;
    let admin = app.session("admin").await;
    let desk = app.session("accueil").await;
    // By default: CITEOSQUARE, never `main`.
    for (path, who) in [
        ("/accueil", Some(&desk)),
        ("/agenda", None),
        ("/agenda?tv=1", None),
    ] {
        let page = app.page(path, who).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(!shows_main(&page.body), "{path} shows main");
        assert!(
            title(&page.body).ends_with("— CITEOSQUARE"),
            "{path}: {}",
            title(&page.body)
        );
    }
    // The admin's settings page, linked from the menu.
    let page = app.page("/admin/site", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("<a href=\"/admin/site\" aria-current=\"page\">Réglages du site</a>")
    );
    assert!(page.body.contains("value=\"CITEOSQUARE\""));
    assert_eq!(
        app.page("/admin/site", Some(&desk)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_form("/admin/site", Some(&desk), &[("display_name", "Piraté")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Refused: empty, too long; nothing changes, nothing is logged.
    let r = app
        .post_form("/admin/site", Some(&admin), &[("display_name", "   ")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Indiquez le nom du site."));
    let long = "é".repeat(81);
    let r = app
        .post_form("/admin/site", Some(&admin), &[("display_name", &long)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Le nom du site fait 80 caractères au plus.")
    );
    assert!(r.body.contains(&format!("value=\"{long}\"")));
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'site.rename'")
            .await,
        0
    );
    let name: String = sqlx::query_scalar("SELECT display_name FROM site_settings")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(name, "CITEOSQUARE");
    // Renamed (spaces tidied).
    let r = app
        .post_form(
            "/admin/site",
            Some(&admin),
            &[("display_name", "  Tiers-lieu   du Bien-Vivre ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.page(r.location(), Some(&admin)).await;
    assert!(page.body.contains("Nom du site enregistré."));
    assert!(page.body.contains("value=\"Tiers-lieu du Bien-Vivre\""));
    // The header, the title, the agenda (public, and on the hall's screen).
    let page = app.page("/accueil", Some(&desk)).await;
    assert!(
        page.body
            .contains("<span class=\"site\">Tiers-lieu du Bien-Vivre</span>")
    );
    assert_eq!(title(&page.body), "Accueil — Tiers-lieu du Bien-Vivre");
    assert!(!shows_main(&page.body));
    let page = app.page("/agenda", None).await;
    assert!(
        page.body
            .contains("<small>Tiers-lieu du Bien-Vivre</small></h1>")
    );
    assert!(title(&page.body).ends_with("— Tiers-lieu du Bien-Vivre"));
    assert!(!shows_main(&page.body));
    let page = app.page("/agenda?tv=1", None).await;
    assert!(page.body.contains("— Tiers-lieu du Bien-Vivre</h1>"));
    assert!(title(&page.body).ends_with("— Tiers-lieu du Bien-Vivre"));
    assert!(!shows_main(&page.body));
    // In the register: who renamed it, from what to what.
    let page = app.page("/admin/journal", Some(&admin)).await;
    let row = row_with(&page.body, "Nom du site changé");
    assert!(row.contains("Réglages du site"), "{row}");
    assert!(
        row.contains("Nom affiché : CITEOSQUARE → Tiers-lieu du Bien-Vivre"),
        "{row}"
    );
    // Saving the same name again logs nothing more.
    app.post_form(
        "/admin/site",
        Some(&admin),
        &[("display_name", "Tiers-lieu du Bien-Vivre")],
    )
    .await;
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'site.rename'")
            .await,
        1
    );
}

#[test]
fn the_visible_text_reader_sees_words_not_tags() {
    assert!(shows_main("<p>Site <b>main</b></p>"));
    assert!(!shows_main("<p>Main courante</p><a href=\"/main\">x</a>"));
    assert!(!shows_main("<main id=\"contenu\">Bonjour</main>"));
    assert!(!shows_main("<script>var main = 1;</script>"));
}
