//! `citeosquare check` (the database's invariants) and `citeosquare backup` (an online copy).

use sqlx::SqlitePool;
use std::path::Path;

pub use crate::web::domain::Finding;
use crate::web::domain::count;

/// Runs every check; none stops the others.
pub async fn run(pool: &SqlitePool) -> Result<Vec<Finding>, sqlx::Error> {
    let mut out = Vec::new();

    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(pool)
        .await?;
    out.push(Finding {
        name: "sqlite_integrity",
        ok: integrity == ["ok"],
        detail: integrity.join("; "),
    });

    let fk: Vec<(String, Option<i64>, String)> =
        sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
            .fetch_all(pool)
            .await?;
    out.push(Finding {
        name: "foreign_keys",
        ok: fk.is_empty(),
        detail: if fk.is_empty() {
            "ok".into()
        } else {
            fk.iter()
                .take(10)
                .map(|(t, r, p)| format!("{t} row {} → missing {p}", r.unwrap_or(-1)))
                .collect::<Vec<_>>()
                .join("; ")
        },
    });

    let applied: i64 = count(pool, "SELECT count(*) FROM _sqlx_migrations WHERE success").await?;
    let expected = crate::db::MIGRATOR.iter().count() as i64;
    out.push(Finding {
        name: "migrations",
        ok: applied == expected,
        detail: format!("{applied} of {expected} applied"),
    });

    // The people search index (migration 0021) says the names it holds are those of `persons`
    // (the 'integrity-check' command with rank 1 compares it with its content table).
    let search = sqlx::query(
        "INSERT INTO persons_search(persons_search, rank) VALUES ('integrity-check', 1)",
    )
    .execute(pool)
    .await;
    out.push(Finding {
        name: "people_search_index_matches_names",
        ok: search.is_ok(),
        detail: match &search {
            Ok(_) => "ok".into(),
            Err(e) => format!(
                "{e}; repair: INSERT INTO persons_search(persons_search) VALUES ('rebuild')"
            ),
        },
    });

    out.push(Finding::from_count(
        "one_active_holder_per_badge",
        count(
            pool,
            "SELECT count(*) FROM (SELECT card_id FROM badges WHERE revoked_at IS NULL
                                   GROUP BY card_id HAVING count(*) > 1)",
        )
        .await?,
        "card ids held by several people",
    ));
    out.push(Finding::from_count(
        "recorded_events_name_a_person",
        count(
            pool,
            "SELECT count(*) FROM kiosk_events WHERE result = 'recorded' AND person_id IS NULL",
        )
        .await?,
        "recorded events without a person",
    ));
    out.push(Finding::from_count(
        "events_match_their_payload",
        count(
            pool,
            "SELECT count(*) FROM kiosk_events
             WHERE json_extract(payload, '$.id') IS NOT id
                OR json_extract(payload, '$.kiosk') IS NOT kiosk_id
                OR json_extract(payload, '$.badge') IS NOT badge
                OR json_extract(payload, '$.seq') IS NOT seq",
        )
        .await?,
        "events whose columns differ from their stored payload",
    ));
    out.push(Finding::from_count(
        "append_only_triggers_present",
        2 - count(
            pool,
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
             AND name IN ('kiosk_events_append_only_update', 'kiosk_events_append_only_delete')",
        )
        .await?,
        "append-only triggers missing on kiosk_events",
    ));
    out.push(Finding::from_count(
        "audit_and_logbook_triggers_present",
        7 - count(
            pool,
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
             AND name IN ('audit_log_append_only_insert', 'audit_log_append_only_update',
                          'audit_log_append_only_delete', 'logbook_entries_insert',
                          'logbook_entries_no_delete', 'logbook_entries_locked',
                          'kiosk_events_append_only_insert')",
        )
        .await?,
        "protective triggers missing on audit_log or logbook_entries",
    ));
    out.push(Finding::from_count(
        "erased_people_hold_nothing",
        count(
            pool,
            "SELECT (SELECT count(*) FROM badges b JOIN persons p ON p.id = b.person_id
                     WHERE p.erased_at IS NOT NULL AND b.revoked_at IS NULL)
                  + (SELECT count(*) FROM users u JOIN persons p ON p.id = u.person_id
                     WHERE p.erased_at IS NOT NULL AND u.disabled_at IS NULL)
                  + (SELECT count(*) FROM persons WHERE erased_at IS NOT NULL
                     AND (phone IS NOT NULL OR email IS NOT NULL OR accessibility IS NOT NULL))
                  + (SELECT count(*) FROM audit_log a JOIN persons p ON a.entity = 'person'
                     AND a.entity_id = CAST(p.id AS TEXT)
                     WHERE p.erased_at IS NOT NULL AND a.redacted_at IS NULL
                       AND a.action <> 'person.erase')
                  + (SELECT count(*) FROM kiosk_events e JOIN persons p ON p.id = e.person_id
                     WHERE p.erased_at IS NOT NULL AND e.display_redacted_at IS NULL)
",
        )
        .await?,
        "active badges, accounts, contact data, audit details or kiosk greetings left on erased people",
    ));
    out.push(Finding::from_count(
        "no_session_of_a_disabled_account",
        count(
            pool,
            "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE u.disabled_at IS NOT NULL",
        )
        .await?,
        "sessions left open for disabled accounts",
    ));
    // Each domain's own invariants.
    for d in crate::DOMAINS {
        if let Some(check) = d.check {
            out.extend(check(pool).await?);
        }
    }
    Ok(out)
}

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// The database copy's size in bytes.
    pub bytes: u64,
    /// Photos copied into the backup's `photos/` folder this time.
    pub photos_copied: usize,
    /// Photos already there from an earlier backup into the same folder (never changed: a
    /// replaced photo gets a new name).
    pub photos_kept: usize,
    /// Photos the copy names that the data directory no longer has (replaced while the backup
    /// ran, or lost before it).
    pub photos_missing: Vec<String>,
}

/// Copies the database to `to` while the server keeps writing: `VACUUM INTO` reads one consistent
/// snapshot. Refuses to overwrite an existing file. Then copies the photos that snapshot names
/// from `data_dir/photos` into `photos/` beside `to`, so the backup's folder is a data directory
/// of its own (restoring is copying both back); a photo already there is not copied again.
pub async fn backup(pool: &SqlitePool, data_dir: &Path, to: &Path) -> anyhow::Result<Backup> {
    let folder = to
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let target = to
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("chemin de sauvegarde non UTF-8"))?;
    // The copy holds people's names and needs: readable by its owner only (the user who runs the
    // command: the service's, as the units and the installer run it), whatever the umask — the
    // installer's backup before an upgrade runs from a root shell. SQLite fills an empty file it
    // is given; made here, it has that mode from the start, and a file already there is never
    // written over.
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(to)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => anyhow::anyhow!(
                    "{} existe déjà ; choisissez un autre nom de fichier",
                    to.display()
                ),
                _ => anyhow::anyhow!("impossible de créer {} ({e})", to.display()),
            })?;
    }
    // The copy, then proof that it opens and is sound (read without writing to it) before it is
    // called a backup; on any failure nothing is left under a backup's name.
    let made = async {
        sqlx::query("VACUUM INTO ?")
            .bind(target)
            .execute(pool)
            .await?;
        use sqlx::ConnectOptions;
        let mut copy = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(to)
            .read_only(true)
            .connect()
            .await?;
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut copy)
            .await?;
        if integrity != "ok" {
            anyhow::bail!("la copie est corrompue : {integrity}");
        }
        let mut photos = vec![];
        for owner in crate::photos::Owner::ALL {
            let names: Vec<String> = sqlx::query_scalar(owner.names_sql())
                .fetch_all(&mut copy)
                .await?;
            photos.extend(names);
        }
        Ok(photos)
    }
    .await;
    let photos = match made {
        Ok(photos) => photos,
        Err(e) => {
            let _ = std::fs::remove_file(to);
            return Err(e);
        }
    };
    let mut report = Backup {
        bytes: std::fs::metadata(to)?.len(),
        photos_copied: 0,
        photos_kept: 0,
        photos_missing: vec![],
    };
    let into = crate::photos::folder(folder);
    for name in photos {
        let (Some(from), Some(dest)) = (
            crate::photos::path(data_dir, &name),
            crate::photos::path(folder, &name),
        ) else {
            report.photos_missing.push(name);
            continue;
        };
        if dest.exists() {
            report.photos_kept += 1;
            continue;
        }
        std::fs::create_dir_all(&into)?;
        let part = into.join(format!("{name}.part"));
        match std::fs::copy(&from, &part) {
            Ok(_) => {
                std::fs::rename(&part, &dest)?;
                report.photos_copied += 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => report.photos_missing.push(name),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(report)
}
