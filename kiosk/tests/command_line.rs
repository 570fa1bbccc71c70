//! The `citeosquare-kiosk` binary's argument handling. (Being an integration test of this package,
//! it also makes `cargo test --workspace` build the binary the end-to-end tests in `/tests` run.)
#![allow(clippy::unwrap_used)]

use std::process::Command;

fn kiosk(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_citeosquare-kiosk"))
        .args(args)
        .env_remove("CITEOSQUARE_KIOSK_PASSWORD")
        .env_remove("CITEOSQUARE_KIOSK_ID")
        .env_remove("CITEOSQUARE_KIOSK_CONFIG")
        .output()
        .unwrap()
}

#[test]
fn missing_or_bad_settings_are_refused_naming_the_key() {
    let out = kiosk(&["--password", "demo"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("id: required"));

    let out = kiosk(&[
        "--id",
        "demo-sel",
        "--password",
        "demo",
        "--broker",
        "localhost",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broker:"));

    let out = kiosk(&["--id", "Borne Café", "--password", "demo"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("id:"));
}

#[test]
fn a_missing_script_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let out = kiosk(&[
        "--id",
        "demo-sel",
        "--password",
        "demo",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--script",
        "/nonexistent/badges.txt",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/badges.txt"));
}
