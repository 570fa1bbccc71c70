//! The `citeosquare` binary's argument handling. (Being an integration test of this package, it
//! also makes `cargo test --workspace` build the binary the end-to-end tests in `/tests` run.)
#![allow(clippy::unwrap_used)]

use std::process::Command;

fn citeosquare() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_citeosquare"));
    c.env_remove("CITEOSQUARE_CONFIG");
    c
}

#[test]
fn version_and_help_name_the_program() {
    let out = citeosquare().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("citeosquare "));
    let help = citeosquare().args(["serve", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in ["--config", "--data-dir", "--http", "--mqtt", "--demo"] {
        assert!(text.contains(flag), "serve --help lists {flag}");
    }
}

#[test]
fn a_bad_config_file_is_refused_naming_its_key_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(&file, "time_zone = \"Paris\"\n").unwrap();
    let out = citeosquare()
        .args(["serve", "--config"])
        .arg(&file)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("time_zone"), "{err}");
    assert!(!dir.path().join("data").exists(), "nothing was created");
}

#[test]
fn a_malformed_flag_is_refused_by_the_parser() {
    let out = citeosquare()
        .args(["serve", "--http", "not-an-address"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--http"));
}
