//! The layout's rules, read from the sources (the `crate::…` paths each file names outside its
//! tests), so that they last:
//! - no two top-level modules import each other, and there is no longer circle either;
//! - no domain reaches into another domain's pages or API (`crate::sel::pages`…): a domain uses
//!   another's rules only;
//! - a domain's rules do not reach into its own pages or API (pages sit on rules, not the reverse);
//! - foundations know no domain;
//! - no source file grows past the size a reader can hold (templates and tests aside).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const DOMAINS: [&str; 11] = [
    "accounts",
    "people",
    "desk",
    "presence",
    "registers",
    "kiosks",
    "sel",
    "spaces",
    "vehicles",
    "hostel",
    "notify",
];
const FOUNDATIONS: [&str; 10] = [
    "audit", "auth", "config", "db", "i18n", "live", "metrics", "refusal", "text", "time",
];
/// The user-facing layers of a domain: its pages and its API.
const FACES: [&str; 3] = ["pages", "api", "admin"];
/// The longest a source file may be.
const MAX_LINES: usize = 1_200;

/// A source file: its module path (`["sel", "pages", "cashier"]`) and its text without comments
/// and without its tests.
struct Source {
    path: PathBuf,
    module: Vec<String>,
    code: String,
    lines: usize,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = vec![];
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&root).unwrap();
            let mut module: Vec<String> = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|m| m == "mod" || m == "lib") {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let lines = text.lines().count();
            // Tests sit at the end of a file, after `#[cfg(test)]`.
            let code = match text.find("\n#[cfg(test)]") {
                Some(i) => &text[..i],
                None => &text[..],
            };
            let code: String = code
                .lines()
                .map(|l| match l.find("//") {
                    Some(i) if !l[..i].contains('"') => &l[..i],
                    _ => l,
                })
                .collect::<Vec<_>>()
                .join("\n");
            out.push(Source {
                path,
                module,
                code,
                lines,
            });
        }
    }
    assert!(out.len() > 40, "the sources were not found");
    out
}

/// Every `crate::a::b…` path a file names, as its segments, with `use crate::a::{b, c}` groups
/// expanded to their first segment after the group.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = vec![];
    for (i, _) in code.match_indices("crate::") {
        // `citeosquare_crate::` or a word ending in "crate" is not a path from the root.
        if code[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = &code[i + "crate::".len()..];
        let mut segments = vec![];
        let mut s = rest;
        loop {
            let end = s
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(s.len());
            if end == 0 {
                if let Some(group) = s.strip_prefix('{') {
                    // A group: each item's first segment continues the path.
                    let close = group.find('}').unwrap_or(group.len());
                    for item in group[..close].split(',') {
                        let first: String = item
                            .trim()
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if !first.is_empty() {
                            let mut p = segments.clone();
                            p.push(first);
                            out.push(p);
                        }
                    }
                }
                break;
            }
            segments.push(s[..end].to_owned());
            s = &s[end..];
            match s.strip_prefix("::") {
                Some(next) => s = next,
                None => break,
            }
        }
        if !segments.is_empty() {
            out.push(segments);
        }
    }
    out
}

fn top(module: &[String]) -> String {
    module.first().cloned().unwrap_or_else(|| "lib".into())
}

/// Top-level module → the top-level modules it names.
fn graph(sources: &[Source]) -> BTreeMap<String, BTreeSet<String>> {
    let tops: BTreeSet<String> = sources.iter().map(|s| top(&s.module)).collect();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in sources {
        let from = top(&s.module);
        let entry = g.entry(from.clone()).or_default();
        for p in crate_paths(&s.code) {
            let to = if tops.contains(&p[0]) {
                p[0].clone()
            } else {
                // An item of the crate root (`crate::DOMAINS`, `crate::AppState`).
                "lib".into()
            };
            if to != from {
                entry.insert(to);
            }
        }
    }
    g
}

#[test]
fn no_two_top_level_modules_import_each_other_nor_any_circle() {
    let g = graph(&sources());
    // Depth-first search for a circle, reporting the first one found.
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == n) {
            let mut circle = stack[i..].to_vec();
            circle.push(n.to_owned());
            return Some(circle);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_owned());
        for m in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, g, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for n in g.keys() {
        if let Some(circle) = visit(n, &g, &mut vec![], &mut done) {
            panic!("modules import each other: {}", circle.join(" → "));
        }
    }
    // The check itself sees the arrows that must be there.
    assert!(g["sel"].contains("people"), "{g:?}");
    assert!(g["check"].contains("lib"), "{g:?}");
}

/// The same one level down (`sel::pages`, `sel::ledger`, `web::forms`…): no two modules of the
/// crate name each other, even inside one domain (a parent and its own children aside).
#[test]
fn no_two_modules_one_level_down_import_each_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let node = |segments: &[String]| -> String {
        match segments {
            [] => "lib".into(),
            [a] => a.clone(),
            [a, b, ..] => {
                let is_module =
                    root.join(a).join(format!("{b}.rs")).exists() || root.join(a).join(b).is_dir();
                if is_module {
                    format!("{a}::{b}")
                } else {
                    a.clone()
                }
            }
        }
    };
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in sources() {
        let from = node(&s.module);
        for p in crate_paths(&s.code) {
            let to = node(&p);
            let related = to == from
                || from.starts_with(&format!("{to}::"))
                || to.starts_with(&format!("{from}::"));
            if !related {
                g.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    let mutual: Vec<_> = g
        .iter()
        .flat_map(|(a, tos)| tos.iter().map(move |b| (a, b)))
        .filter(|(a, b)| a < b && g.get(*b).is_some_and(|back| back.contains(*a)))
        .collect();
    assert!(mutual.is_empty(), "{mutual:?}");
    assert!(g["sel::pages"].contains("sel::ledger"), "{g:?}");
}

#[test]
fn no_domain_reaches_into_another_domains_pages_or_api() {
    let mut wrong = vec![];
    for s in sources() {
        let from = top(&s.module);
        for p in crate_paths(&s.code) {
            let other_domain = DOMAINS.contains(&p[0].as_str()) && p[0] != from;
            let face = p.get(1).is_some_and(|x| FACES.contains(&x.as_str()));
            // The top (the list, the command, the checks, the demo) assembles; it does not
            // render another domain's pages either.
            if other_domain && face {
                wrong.push(format!("{}: crate::{}", s.path.display(), p.join("::")));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_domains_rules_do_not_reach_into_its_own_pages_or_api() {
    let mut wrong = vec![];
    for s in sources() {
        let Some(domain) = s.module.first().filter(|d| DOMAINS.contains(&d.as_str())) else {
            continue;
        };
        // The domain's entry (its `mod.rs`, which declares the list's hooks) and its faces
        // themselves may.
        let in_face = s.module.get(1).is_some_and(|m| FACES.contains(&m.as_str()));
        if s.module.len() == 1 || in_face {
            continue;
        }
        for p in crate_paths(&s.code) {
            if &p[0] == domain && p.get(1).is_some_and(|x| FACES.contains(&x.as_str())) {
                wrong.push(format!("{}: crate::{}", s.path.display(), p.join("::")));
            }
        }
        for face in FACES {
            if s.code.contains(&format!("super::{face}::")) {
                wrong.push(format!("{}: super::{face}", s.path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn foundations_know_no_domain() {
    let g = graph(&sources());
    for f in FOUNDATIONS {
        let named: Vec<_> = g
            .get(f)
            .into_iter()
            .flatten()
            .filter(|m| !FOUNDATIONS.contains(&m.as_str()))
            .collect();
        assert!(named.is_empty(), "{f} names {named:?}");
    }
}

#[test]
fn no_source_file_is_longer_than_a_reader_can_hold() {
    let long: Vec<_> = sources()
        .into_iter()
        .filter(|s| s.lines > MAX_LINES)
        .map(|s| format!("{} ({} lines)", s.path.display(), s.lines))
        .collect();
    assert!(long.is_empty(), "{long:#?}");
}

#[test]
fn the_path_reader_expands_groups_and_ignores_other_crates() {
    let paths = crate_paths(
        "use crate::sel::{ledger, shifts::Tap};\nlet x = citeosquare_crate::no; crate::db::now();",
    );
    assert_eq!(
        paths,
        vec![
            vec!["sel".to_owned(), "ledger".into()],
            vec!["sel".to_owned(), "shifts".into()],
            vec!["sel".to_owned()],
            vec!["db".to_owned(), "now".into()],
        ]
    );
}
