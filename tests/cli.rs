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

/// Runs raw SQL against a database file, behind the application's back.
fn raw_sql(db: &std::path::Path, sql: &'static str) {
    let db = db.to_owned();
    runtime().block_on(async move {
        use sqlx::ConnectOptions;
        use std::str::FromStr;
        let mut conn =
            sqlx::sqlite::SqliteConnectOptions::from_str(&format!("sqlite://{}", db.display()))
                .unwrap()
                .foreign_keys(false)
                .connect()
                .await
                .unwrap();
        sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
    });
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The names in a folder, sorted.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

const PHOTO: &str = "0123456789abcdef0123456789abcdef.jpg";

/// A migrated data directory with a vehicle whose photo is on disk, and its backup in `backups/`.
fn data_dir_and_backup(root: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let data = root.join("data");
    assert!(citeosquare(&data, &["migrate"]).status.success());
    raw_sql(
        &data.join("citeosquare.db"),
        "INSERT INTO vehicles (name, kind, energy, seats, key_number, needs_licence, buffer_minutes, photo, created_at)
         VALUES ('Kangoo', 'car', 'diesel', 5, 1, 1, 15, '0123456789abcdef0123456789abcdef.jpg',
                 '2026-11-26T00:00:00.000Z')",
    );
    std::fs::create_dir_all(data.join("photos")).unwrap();
    std::fs::write(data.join("photos").join(PHOTO), b"not really a jpeg").unwrap();
    let backup = root.join("backups").join("citeosquare-1.db");
    let out = citeosquare(&data, &["backup", "--to", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    (data, backup)
}

#[test]
fn check_of_a_backup_file_reports_without_changing_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (_, backup) = data_dir_and_backup(dir.path());
    // It names people: for the service's user only, whatever the umask of who made it.
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let before = std::fs::read(&backup).unwrap();
    let folder_before = names_in(backup.parent().unwrap());
    let check = citeosquare(
        &dir.path().join("elsewhere"),
        &["check", "--database", backup.to_str().unwrap()],
    );
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert!(stdout(&check).contains("tous les invariants sont respectés"));
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        before,
        "the backup is untouched"
    );
    assert_eq!(
        names_in(backup.parent().unwrap()),
        folder_before,
        "no scratch left"
    );
    assert!(
        !dir.path().join("elsewhere").exists(),
        "the data directory is not created"
    );

    // A backup made by an older version: see
    // a_backup_made_before_the_search_index_is_checked_and_restored_with_its_migrations.

    // A broken copy fails with the report, and a file that is no database says so by its name.
    let broken = dir.path().join("backups").join("broken.db");
    std::fs::copy(&backup, &broken).unwrap();
    raw_sql(
        &broken,
        "INSERT INTO badges (card_id, person_id, assigned_at) VALUES ('04AB', 999, '2026-11-26T00:00:00.000Z')",
    );
    let check = citeosquare(
        dir.path(),
        &["check", "--database", broken.to_str().unwrap()],
    );
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stdout(&check).contains("FAIL foreign_keys"),
        "{}",
        stdout(&check)
    );
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, b"pas une base").unwrap();
    let check = citeosquare(
        dir.path(),
        &["check", "--database", garbage.to_str().unwrap()],
    );
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains(&format!("{} ne s'ouvre pas", garbage.display())),
        "{}",
        stderr(&check)
    );
    let missing = citeosquare(dir.path(), &["check", "--database", "/nowhere/x.db"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("n'existe pas"));
}

#[test]
fn restore_puts_back_the_database_and_its_photos_into_an_empty_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let (_, backup) = data_dir_and_backup(dir.path());
    let fresh = dir.path().join("fresh");
    let out = citeosquare(&fresh, &["restore", "--from", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("restaurée"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("photos : 1 copiées"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        names_in(&fresh),
        ["citeosquare.db", "photos"],
        "no scratch left"
    );
    assert_eq!(
        std::fs::read(fresh.join("photos").join(PHOTO)).unwrap(),
        b"not really a jpeg"
    );
    assert_eq!(
        query_strings(&fresh.join("citeosquare.db"), "SELECT photo FROM vehicles"),
        [PHOTO]
    );
    let check = citeosquare(&fresh, &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
}

#[test]
fn restore_refuses_a_data_directory_in_use_and_with_force_sets_the_old_database_aside() {
    let dir = tempfile::tempdir().unwrap();
    let (data, backup) = data_dir_and_backup(dir.path());
    // Something written after the backup: the restore takes the data back to before it.
    raw_sql(
        &data.join("citeosquare.db"),
        "UPDATE vehicles SET name = 'Kangoo bleue'",
    );
    let refused = citeosquare(&data, &["restore", "--from", backup.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("existe déjà"),
        "{}",
        stderr(&refused)
    );
    assert!(stderr(&refused).contains("--force"));
    assert_eq!(
        query_strings(&data.join("citeosquare.db"), "SELECT name FROM vehicles"),
        ["Kangoo bleue"],
        "nothing changed"
    );

    let forced = citeosquare(
        &data,
        &["restore", "--from", backup.to_str().unwrap(), "--force"],
    );
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(
        query_strings(&data.join("citeosquare.db"), "SELECT name FROM vehicles"),
        ["Kangoo"]
    );
    let aside: Vec<String> = names_in(&data)
        .into_iter()
        .filter(|n| n.starts_with("avant-restauration-"))
        .collect();
    assert_eq!(aside.len(), 1, "{:?}", names_in(&data));
    assert!(stdout(&forced).contains(&aside[0]));
    assert_eq!(
        query_strings(
            &data.join(&aside[0]).join("citeosquare.db"),
            "SELECT name FROM vehicles"
        ),
        ["Kangoo bleue"],
        "the old database is kept, not deleted"
    );
    // Forced again at once (the same second, most likely): a second folder, the first untouched.
    let again = citeosquare(
        &data,
        &["restore", "--from", backup.to_str().unwrap(), "--force"],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    let asides: Vec<String> = names_in(&data)
        .into_iter()
        .filter(|n| n.starts_with("avant-restauration-"))
        .collect();
    assert_eq!(asides.len(), 2, "{:?}", names_in(&data));
    assert_eq!(
        query_strings(
            &data.join(&aside[0]).join("citeosquare.db"),
            "SELECT name FROM vehicles"
        ),
        ["Kangoo bleue"],
        "the first database set aside is still there"
    );
}

#[test]
fn restore_and_a_second_server_are_refused_while_a_server_holds_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let (data, backup) = data_dir_and_backup(dir.path());
    // What a running server holds for its whole life: the data directory's lock.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data.join("citeosquare.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let refused = citeosquare(
        &data,
        &["restore", "--from", backup.to_str().unwrap(), "--force"],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("un serveur citeosquare tourne sur"),
        "{}",
        stderr(&refused)
    );
    assert!(stderr(&refused).contains("systemctl stop citeosquare"));
    assert!(
        !names_in(&data)
            .iter()
            .any(|n| n.starts_with("avant-restauration-")),
        "nothing set aside: {:?}",
        names_in(&data)
    );
    // A second server on the same data stops at once, saying why (killed if it does not).
    let mut second = Command::new(bin("citeosquare"))
        .args([
            "serve",
            "--http",
            "127.0.0.1:0",
            "--mqtt",
            "127.0.0.1:0",
            "--data-dir",
        ])
        .arg(&data)
        .env_remove("CITEOSQUARE_CONFIG")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let _ = second.kill();
            let _ = second.wait();
            panic!("a second server started on a data directory in use");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(!status.success());
    let said = second.wait_with_output().unwrap();
    assert!(
        stderr(&said).contains("un autre serveur citeosquare utilise déjà le dossier de données"),
        "{}",
        stderr(&said)
    );
    // The server stopped (the lock given back): the restore goes through.
    drop(lock);
    let done = citeosquare(
        &data,
        &["restore", "--from", backup.to_str().unwrap(), "--force"],
    );
    assert!(done.status.success(), "{}", stderr(&done));
}

#[test]
fn restore_refuses_a_backup_that_fails_its_checks_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, backup) = data_dir_and_backup(dir.path());
    raw_sql(
        &backup,
        "INSERT INTO badges (card_id, person_id, assigned_at) VALUES ('04AB', 999, '2026-11-26T00:00:00.000Z')",
    );
    let fresh = dir.path().join("fresh");
    let out = citeosquare(&fresh, &["restore", "--from", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("FAIL foreign_keys"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("rien n'a été restauré"),
        "{}",
        stderr(&out)
    );
    assert!(names_in(&fresh).is_empty(), "{:?}", names_in(&fresh));
}

/// A database as a version that knew only the first `count` migrations left it: the later
/// migrations' tables are absent, not just their rows in `_sqlx_migrations`. `sql` then adds
/// what that version's users had written.
fn older_database(path: &std::path::Path, count: usize, sql: &'static str) {
    let path = path.to_owned();
    runtime().block_on(async move {
        let known = &citeosquare_server::db::MIGRATOR;
        let older = sqlx::migrate::Migrator {
            migrations: std::borrow::Cow::Owned(known.migrations[..count].to_vec()),
            ..sqlx::migrate::Migrator::DEFAULT
        };
        let pool = citeosquare_server::db::open(&path).await.unwrap();
        older.run(&pool).await.unwrap();
        sqlx::raw_sql(sql).execute(&pool).await.unwrap();
        pool.close().await;
    });
}

#[test]
fn a_backup_made_before_the_search_index_is_checked_and_restored_with_its_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let known = citeosquare_server::db::MIGRATOR.iter().count();
    // Made by the version before 0021_people_search: no `persons_search`, no notifications, no
    // Bien-Vivre tables.
    let older = dir.path().join("backups").join("avant-0021.db");
    std::fs::create_dir_all(older.parent().unwrap()).unwrap();
    older_database(
        &older,
        20,
        "INSERT INTO persons (first_name, last_name, phone, phone_digits, created_at)
         VALUES ('Hélène', 'Lefèvre', '+33 6 12 34 56 78', '33612345678', '2026-01-10T09:00:00.000Z')",
    );
    let before = std::fs::read(&older).unwrap();
    let folder_before = names_in(older.parent().unwrap());

    let check = citeosquare(
        &dir.path().join("elsewhere"),
        &["check", "--database", older.to_str().unwrap()],
    );
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert!(
        stdout(&check).contains(&format!(
            "sauvegarde d'une version plus ancienne (20 migrations sur {known}) : les {} \
             migration(s) manquante(s) s'appliquent sans erreur à une copie",
            known - 20
        )),
        "{}",
        stdout(&check)
    );
    assert!(!stdout(&check).contains("FAIL"), "{}", stdout(&check));
    assert_eq!(
        std::fs::read(&older).unwrap(),
        before,
        "the backup is untouched"
    );
    assert_eq!(
        names_in(older.parent().unwrap()),
        folder_before,
        "no scratch left"
    );

    // Restored: the migrations are applied to the restored copy before it is put in place, and
    // the person is found by the search index that 0021 built from her name.
    let fresh = dir.path().join("fresh");
    let out = citeosquare(&fresh, &["restore", "--from", older.to_str().unwrap()]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains(&format!(
            "sauvegarde d'une version plus ancienne : {} migration(s) appliquée(s) à la base restaurée",
            known - 20
        )),
        "{}",
        stdout(&out)
    );
    assert_eq!(names_in(&fresh), ["citeosquare.db"], "no scratch left");
    let migrate = citeosquare(&fresh, &["migrate"]);
    assert!(
        stdout(&migrate).contains(&format!("0 migration(s) appliquée(s), {known} au total")),
        "{}",
        stdout(&migrate)
    );
    assert_eq!(
        query_strings(
            &fresh.join("citeosquare.db"),
            "SELECT p.last_name || ' ' || p.phone_digits FROM persons_search s
             JOIN persons p ON p.id = s.rowid WHERE persons_search MATCH 'lefevre*'"
        ),
        ["Lefèvre 0612345678"]
    );
    let check = citeosquare(&fresh, &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));

    // A backup from a newer version (a migration this one does not know): its check fails on
    // the count, and a restore is refused with the reason, nothing written.
    let newer = dir.path().join("backups").join("plus-recente.db");
    std::fs::copy(fresh.join("citeosquare.db"), &newer).unwrap();
    raw_sql(
        &newer,
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99990101000000, 'future', 1, x'00', 0)",
    );
    let check = citeosquare(
        &dir.path().join("elsewhere"),
        &["check", "--database", newer.to_str().unwrap()],
    );
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
    assert!(
        stdout(&check).contains("FAIL migrations"),
        "{}",
        stdout(&check)
    );
    let other = dir.path().join("other");
    let refused = citeosquare(&other, &["restore", "--from", newer.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains(&format!(
            "cette sauvegarde vient d'une version plus récente du serveur ({} migrations, celle-ci en connaît {known})",
            known + 1
        )),
        "{}",
        stderr(&refused)
    );
    assert!(names_in(&other).is_empty(), "{:?}", names_in(&other));
}

#[test]
fn a_backup_whose_missing_migrations_fail_is_refused_and_nothing_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    // A table where 0021 creates its search index: the upgrade of this backup fails.
    let older = dir.path().join("backups").join("casse.db");
    std::fs::create_dir_all(older.parent().unwrap()).unwrap();
    older_database(&older, 20, "CREATE TABLE persons_search (x TEXT)");
    let before = std::fs::read(&older).unwrap();
    let check = citeosquare(
        &dir.path().join("elsewhere"),
        &["check", "--database", older.to_str().unwrap()],
    );
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
    assert!(
        stdout(&check).contains("FAIL migrations"),
        "{}",
        stdout(&check)
    );
    assert!(
        stdout(&check).contains("bringing this backup up to date failed"),
        "{}",
        stdout(&check)
    );
    assert!(!stdout(&check).contains("version plus ancienne"));
    assert_eq!(
        std::fs::read(&older).unwrap(),
        before,
        "the backup is untouched"
    );

    // A data directory with its own database: the restore is refused, the database stays.
    let (data, _) = data_dir_and_backup(dir.path());
    let refused = citeosquare(
        &data,
        &["restore", "--from", older.to_str().unwrap(), "--force"],
    );
    assert_eq!(refused.status.code(), Some(1), "{}", stdout(&refused));
    assert!(
        stderr(&refused).contains("ne passe pas les vérifications"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        query_strings(&data.join("citeosquare.db"), "SELECT name FROM vehicles"),
        ["Kangoo"],
        "the database in place is the one that was there"
    );
    assert!(
        !names_in(&data)
            .iter()
            .any(|n| n.starts_with("avant-restauration-") || n.contains("restauration")),
        "{:?}",
        names_in(&data)
    );
}
