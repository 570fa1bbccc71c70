//! The `citeosquare` command's contract: migrate, check, backup, kiosk add.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use std::process::Command;
use std::time::Duration;

fn citeosquare(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(bin("citeosquare"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("CITEOSQUARE_CONFIG")
        .output()
        .unwrap()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn migrate_is_idempotent_and_check_passes_on_a_sound_database() {
    let dir = tempfile::tempdir().unwrap();
    let first = citeosquare(dir.path(), &["migrate"]);
    assert!(first.status.success());
    let migrations = std::fs::read_dir(common::repo_root().join("migrations"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sql")
        })
        .count();
    assert!(
        stdout(&first).contains(&format!(
            "{migrations} migration(s) appliquée(s), {migrations} au total"
        )),
        "{}",
        stdout(&first)
    );
    let again = citeosquare(dir.path(), &["migrate"]);
    assert!(
        stdout(&again).contains("0 migration(s) appliquée(s)"),
        "{}",
        stdout(&again)
    );
    let check = citeosquare(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(stdout(&check).contains("tous les invariants sont respectés"));
}

#[test]
fn check_fails_with_a_report_when_an_invariant_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    assert!(citeosquare(dir.path(), &["migrate"]).status.success());
    // Break referential integrity behind the application's back.
    let db = dir.path().join("citeosquare.db");
    runtime().block_on(async {
        use sqlx::ConnectOptions;
        use std::str::FromStr;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::from_str(&format!("sqlite://{}", db.display()))
            .unwrap()
            .foreign_keys(false)
            .connect()
            .await
            .unwrap();
        sqlx::query("INSERT INTO badges (card_id, person_id, assigned_at) VALUES ('04AB', 999, '2026-11-26T00:00:00.000Z')")
            .execute(&mut conn)
            .await
            .unwrap();
    });
    let check = citeosquare(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let report = stdout(&check);
    assert!(report.contains("FAIL foreign_keys"), "{report}");
    assert!(report.contains("badges row"), "{report}");
}

#[test]
fn check_on_a_missing_database_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let check = citeosquare(&dir.path().join("nothing-here"), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("n'existe pas"));
}

#[test]
fn ledger_of_taps_is_append_only_even_in_raw_sql() {
    let site = Site::start();
    let mut k = site.kiosk("demo-sel");
    k.tap(&["DEMO0001"]);
    k.wait_acked(1, Duration::from_secs(60));
    let db = site.server.db_path();
    let (update, delete) = runtime().block_on(async {
        use sqlx::ConnectOptions;
        use std::str::FromStr;
        let mut conn =
            sqlx::sqlite::SqliteConnectOptions::from_str(&format!("sqlite://{}", db.display()))
                .unwrap()
                .connect()
                .await
                .unwrap();
        let u = sqlx::query("UPDATE kiosk_events SET badge = 'X'")
            .execute(&mut conn)
            .await;
        let d = sqlx::query("DELETE FROM kiosk_events")
            .execute(&mut conn)
            .await;
        (u.unwrap_err().to_string(), d.unwrap_err().to_string())
    });
    assert!(update.contains("append-only"), "{update}");
    assert!(delete.contains("append-only"), "{delete}");
    assert_eq!(
        site.server.query_strings("SELECT badge FROM kiosk_events"),
        ["DEMO0001"]
    );
}

#[test]
fn backup_taken_while_taps_flow_is_consistent_and_refuses_to_overwrite() {
    let site = Site::start();
    let mut k = site.kiosk("demo-sel");
    let feed = k.tap_in_background(demo_badges(400), Duration::from_millis(2));
    k.wait_acked(50, Duration::from_secs(60));
    let backup_dir = site.dir.path().join("backup");
    let target = backup_dir.join("citeosquare.db");
    let out = site
        .server
        .cli(&["backup", "--to", target.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("sauvegarde écrite"));
    k.give_back_stdin(feed.join().unwrap());

    // The copy is a sound database of its own, holding a prefix of the events.
    let check = citeosquare(&backup_dir, &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    let in_backup: usize =
        query_strings(&target, "SELECT CAST(count(*) AS TEXT) FROM kiosk_events")[0]
            .parse()
            .unwrap();
    assert!(
        in_backup >= 50,
        "the backup holds what was committed before it: {in_backup}"
    );
    k.wait_acked(400, Duration::from_secs(60));
    assert!(in_backup <= 400);

    let again = site
        .server
        .cli(&["backup", "--to", target.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("existe déjà"));
}

/// `citeosquare kiosk add ID --role sel --label LABEL --password PASSWORD`.
fn add_sel_kiosk(site: &Site, id: &str, label: &str, password: &str) -> std::process::Output {
    site.server.cli(&[
        "kiosk",
        "add",
        id,
        "--role",
        "sel",
        "--label",
        label,
        "--password",
        password,
    ])
}

#[test]
fn kiosk_add_registers_an_account_that_can_connect_after_restart() {
    let mut site = Site::start();
    let added = add_sel_kiosk(&site, "atelier-velo", "Atelier vélo", "pedale");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let bad_role = site
        .server
        .cli(&["kiosk", "add", "x", "--role", "door", "--label", "X"]);
    assert!(!bad_role.status.success());
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("rôle \"door\" inconnu"));
    let reserved = add_sel_kiosk(&site, "citeosquare-server-main", "X", "pirate");
    assert!(String::from_utf8_lossy(&reserved.stderr).contains("réservé au serveur"));
    let long_label = "L".repeat(101);
    let too_long = add_sel_kiosk(&site, "long", &long_label, "pedale");
    assert!(String::from_utf8_lossy(&too_long.stderr).contains("de 1 à 100 caractères"));
    let duplicate = add_sel_kiosk(&site, "atelier-velo", "Atelier vélo", "pedale");
    assert!(String::from_utf8_lossy(&duplicate.stderr).contains("existe déjà"));

    if matches!(site.server.broker, BrokerSetup::Embedded { .. }) {
        site.server.kill9();
        site.server.restart();
        let port = site.server.broker.port();
        assert!(RawClient::connect(port, "atelier-velo", "pedale", &[]).is_some());
        assert!(RawClient::connect(port, "atelier-velo", "wrong", &[]).is_none());
        assert!(
            RawClient::connect(port, "demo-sel", "pedale", &[]).is_none(),
            "one kiosk's password does not open another's account"
        );
    }
}
