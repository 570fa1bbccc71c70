//! Gathers each language's translation files (`i18n/<lang>/<domain>.ftl`, one per domain) into
//! one Fluent source per language, so that a new domain's words are picked up by adding its file:
//! nothing else names it. It also makes cargo rebuild the server when a migration is added.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=i18n");
    // `sqlx::migrate!` embeds the migrations at compile time; with a build script present, cargo
    // only reruns what it is told to watch, so a new migration file alone must rebuild the crate.
    println!("cargo:rerun-if-changed=../migrations");
    for lang in ["fr", "en"] {
        let dir = Path::new("i18n").join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("readable directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        let mut all = String::new();
        for f in &files {
            println!("cargo:rerun-if-changed={}", f.display());
            let text =
                std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            let _ = writeln!(all, "# ---- {}\n{text}", f.display());
        }
        std::fs::write(Path::new(&out).join(format!("{lang}.ftl")), all)
            .expect("OUT_DIR is writable");
    }
}
