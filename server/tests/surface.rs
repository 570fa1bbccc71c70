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

#[test]
fn route_table_is_the_committed_one() {
    let table: String = citeosquare_server::web::routes()
        .iter()
        .map(|r| format!("{} {} {:?}\n", r.method, r.path, r.access))
        .collect();
    compare("routes.txt", &table);
}

#[test]
fn openapi_document_is_the_committed_one() {
    let doc = citeosquare_server::web::api::document();
    let mut json = serde_json::to_string_pretty(&doc).unwrap();
    json.push('\n');
    compare("openapi.json", &json);
}
