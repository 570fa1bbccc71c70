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

fn run(dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = citeosquare()
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("CITEOSQUARE_USER_PASSWORD")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_first_admin_is_made_from_the_command_line_and_can_get_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A generated temporary password is printed, to change at first login.
    let (ok, out, _) = run(
        d,
        &[
            "user",
            "add",
            "directrice",
            "--role",
            "admin",
            "--name",
            "Claire Martin",
        ],
    );
    assert!(ok);
    assert!(
        out.contains("compte directrice créé (rôle admin)."),
        "{out}"
    );
    let temporary = out
        .lines()
        .find_map(|l| l.split(" : ").nth(1))
        .unwrap()
        .trim()
        .to_owned();
    assert_eq!(temporary.len(), 19, "{out}");
    // A chosen password, from the environment.
    let out = citeosquare()
        .args(["user", "add", "nuit", "--role", "reception", "--data-dir"])
        .arg(d)
        .env("CITEOSQUARE_USER_PASSWORD", "une phrase de passe")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("provisoire"));

    for (args, message) in [
        (
            vec!["user", "add", "directrice", "--role", "admin"],
            "déjà pris",
        ),
        (
            vec!["user", "add", "Marie Lefèvre", "--role", "admin"],
            "identifiant \"marie lefèvre\" refusé",
        ),
        (
            vec!["user", "add", "odette", "--role", "resident"],
            "rattaché à une personne",
        ),
        (
            vec!["user", "add", "odette", "--role", "maire"],
            "rôle \"maire\" inconnu",
        ),
        (
            vec!["user", "add", "odette", "--role", "admin", "--name", " "],
            "nom affiché refusé",
        ),
        (
            vec!["user", "add", "efface-3", "--role", "admin"],
            "identifiant \"efface-3\" refusé",
        ),
    ] {
        let (ok, _, err) = run(d, &args);
        assert!(!ok, "{args:?} refused");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    // A password too short, from the environment (there is no flag: it would show in `ps`).
    let out = citeosquare()
        .args(["user", "add", "odette", "--role", "admin", "--data-dir"])
        .arg(d)
        .env("CITEOSQUARE_USER_PASSWORD", "court")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("au moins 10 caractères"));
    let (_, list, _) = run(d, &["user", "list"]);
    assert!(list.contains("directrice") && list.contains("nuit") && !list.contains("odette"));

    let (ok, token, _) = run(d, &["user", "token", "nuit", "--label", "tableau du hall"]);
    assert!(ok);
    assert!(
        token.trim().starts_with("cq_") && token.trim().len() == 67,
        "{token}"
    );
    let (ok, _, err) = run(d, &["user", "token", "personne", "--label", "x"]);
    assert!(!ok);
    assert!(err.contains("Aucun compte actif"), "{err}");
}
