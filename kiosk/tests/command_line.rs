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

#[test]
fn check_config_summarises_a_good_file_and_names_the_bad_key() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(
        &good,
        "id = \"cafe-1\"\nbroker = \"192.168.1.10:1883\"\n\
         [reader]\nkind = \"wiegand\"\nd0_gpio = 17\nd1_gpio = 27\n\
         [screen]\nkind = \"ssd1306\"\n\
         [signals]\ngreen_led_gpio = 5\nred_led_gpio = 6\nbuzzer_gpio = 13\n",
    )
    .unwrap();
    let out = kiosk(&[
        "--config",
        good.to_str().unwrap(),
        "--password",
        "x",
        "--check-config",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for line in [
        "configuration valide",
        "borne cafe-1",
        "Wiegand, D0 sur GPIO 17, D1 sur GPIO 27",
        "SSD1306 128×64 sur I2C 1 (0x3c)",
        "vert GPIO 5, rouge GPIO 6 ; buzzer GPIO 13",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "id = \"cafe-1\"\n[reader]\nkind = \"wiegand\"\nd0_gpio = 17\nd1_gpio = 27\n\
         [signals]\nbuzzer_gpio = 27\n",
    )
    .unwrap();
    let out = kiosk(&[
        "--config",
        bad.to_str().unwrap(),
        "--password",
        "x",
        "--check-config",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "signals.buzzer_gpio : la broche GPIO 27 est déjà utilisée par reader.d1_gpio"
        ),
        "{err}"
    );
}
