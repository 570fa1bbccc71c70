//! The server's public surface — the route table (method, path, who may use it) and the OpenAPI
//! document — compared with the committed copies in `tests/surface/`. A change to either must be
//! deliberate: rewrite the copies with `CITEOSQUARE_BLESS=1 cargo test -p citeosquare-server
//! --test surface` and let the diff show in review. (Written before the "one domain, one folder"
//! move, so that the move provably changed neither.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

fn compare(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/surface")
        .join(name);
    if std::env::var_os("CITEOSQUARE_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bless it first)", path.display()));
    let expected = if name.ends_with(".txt") {
        sorted_lines(&expected)
    } else {
        expected
    };
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} changed at line {}:\n  committed: {:?}\n  now:       {:?}",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

/// The order of the table is not part of the surface (the router matches by path), so both
/// sides are sorted.
fn sorted_lines(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

#[test]
fn route_table_is_the_committed_one() {
    let table: String = citeosquare_server::routes()
        .iter()
        .map(|r| format!("{} {} {:?}\n", r.method, r.path, r.access))
        .collect();
    compare("routes.txt", &sorted_lines(&table));
}

/// Two domains naming different schemas alike would have one of them described with the
/// other's body (the hostel's folio corrections were documented with the SEL's).
#[test]
fn no_two_domains_name_different_schemas_alike() {
    let clashes = citeosquare_server::web::openapi::schema_collisions(citeosquare_server::DOMAINS);
    assert!(clashes.is_empty(), "schemas named alike: {clashes:?}");
}

/// Compared as JSON values: objects' key order is not part of the document.
#[test]
fn openapi_document_is_the_committed_one() {
    let doc = citeosquare_server::web::openapi::document(citeosquare_server::DOMAINS);
    let value: serde_json::Value = serde_json::to_value(&doc).unwrap();
    let mut json = serde_json::to_string_pretty(&value).unwrap();
    json.push('\n');
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/surface/openapi.json");
    if std::env::var_os("CITEOSQUARE_BLESS").is_some() {
        std::fs::write(&path, &json).unwrap();
        return;
    }
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    if committed != value {
        // Both printed from values, so that only real differences show.
        let before = serde_json::to_string_pretty(&committed).unwrap();
        let first = before
            .lines()
            .zip(json.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "openapi.json changed at line {}:\n  committed: {:?}\n  now:       {:?}",
            first + 1,
            before.lines().nth(first),
            json.lines().nth(first)
        );
    }
}
