//! `citeosquare check --database FILE` (a backup checked without touching it) and
//! `citeosquare restore --from FILE` (a backup put back as the data directory's database).
//!
//! Both run the same checks as `citeosquare check` ([`crate::check::run`]), on a copy: the checks
//! open the database for writing, as the server does (WAL mode, the search index's own check), so
//! the file given is never opened itself and a backup stays byte for byte what it was.
//!
//! A backup made by an older version lacks the later migrations' tables, which the checks read:
//! the copy is first brought up to this version, as the server would do at its start, so that
//! what is checked is what the server will run on — and a migration that fails on the backup is
//! found now, not at 3 a.m. when the server will not start.

use crate::check::Finding;
use std::path::{Path, PathBuf};

/// What a database file holds, as far as restoring it is concerned.
#[derive(Debug)]
pub struct Inspection {
    /// Every check of `citeosquare check`.
    pub findings: Vec<Finding>,
    /// Migrations the file has, and how many this binary knows. When the file has fewer, the
    /// copy inspected had the missing ones applied, and `findings` are those of the migrated copy.
    pub migrations_applied: i64,
    pub migrations_known: i64,
    /// Photos its rows name.
    pub photos: Vec<String>,
}

impl Inspection {
    /// The checks that failed.
    pub fn failures(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.ok)
    }

    /// How many migrations the file lacked (0 for a file of this version or a newer one).
    pub fn behind(&self) -> i64 {
        (self.migrations_known - self.migrations_applied).max(0)
    }
}

/// Runs the checks on `path` itself (opened for writing: callers pass a copy of `shown`, the
/// file messages name).
async fn inspect(path: &Path, shown: &Path) -> anyhow::Result<Inspection> {
    let pool = crate::db::open(path).await.map_err(|e| {
        anyhow::anyhow!(
            "{} ne s'ouvre pas comme une base SQLite ({e})",
            shown.display()
        )
    })?;
    let result = async {
        let migrations_applied: i64 =
            sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success")
                .fetch_one(&pool)
                .await?;
        let migrations_known = crate::db::MIGRATOR.iter().count() as i64;
        if migrations_applied < migrations_known
            && let Err(e) = crate::db::MIGRATOR.run(&pool).await
        {
            return Ok(Inspection {
                findings: vec![Finding {
                    name: "migrations",
                    ok: false,
                    detail: format!(
                        "{migrations_applied} of {migrations_known} applied; bringing this \
                         backup up to date failed: {e}"
                    ),
                }],
                migrations_applied,
                migrations_known,
                photos: vec![],
            });
        }
        let findings = crate::check::run(&pool).await?;
        let mut photos = vec![];
        for owner in crate::photos::Owner::ALL {
            let names: Vec<String> = sqlx::query_scalar(owner.names_sql())
                .fetch_all(&pool)
                .await?;
            photos.extend(names);
        }
        Ok::<_, sqlx::Error>(Inspection {
            findings,
            migrations_applied,
            migrations_known,
            photos,
        })
    }
    .await;
    // Closing the last connection folds the WAL back into the file and removes it.
    pool.close().await;
    result.map_err(|e| {
        anyhow::anyhow!(
            "{} n'est pas une base CITEOSQUARE lisible ({e})",
            shown.display()
        )
    })
}

/// Removes a database file and its SQLite companions; missing files are fine.
fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Checks `file` (a backup) on a scratch copy beside it — or in the temporary folder when its own
/// folder is read-only — removed afterwards.
pub async fn check_file(file: &Path) -> anyhow::Result<Inspection> {
    if !file.is_file() {
        anyhow::bail!("{} n'existe pas", file.display());
    }
    let name = format!(
        ".{}.verification-{}",
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        uuid::Uuid::new_v4().simple()
    );
    let mut scratch = file.with_file_name(&name);
    if std::fs::copy(file, &scratch).is_err() {
        remove_database(&scratch);
        scratch = std::env::temp_dir().join(&name);
        std::fs::copy(file, &scratch).map_err(|e| {
            anyhow::anyhow!(
                "impossible de copier {} pour la vérifier ({e})",
                file.display()
            )
        })?;
    }
    let inspection = inspect(&scratch, file).await;
    remove_database(&scratch);
    inspection
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    /// Where the database that was there before now is (with `--force`), or `None`.
    pub set_aside: Option<PathBuf>,
    /// Migrations applied to the restored copy before it was put in place (a backup from an
    /// older version).
    pub migrations_applied: i64,
    pub photos_copied: usize,
    pub photos_kept: usize,
    /// Photos the backup names that are not beside it.
    pub photos_missing: Vec<String>,
}

/// Why nothing was restored.
#[derive(Debug, thiserror::Error)]
pub enum RestoreRefused {
    #[error(
        "{db} existe déjà : la restauration la remplacerait. Arrêtez le serveur \
         (sudo systemctl stop citeosquare), puis relancez avec --force : l'ancienne base sera \
         gardée à côté, dans {data_dir}/avant-restauration-…/, pas effacée"
    )]
    NotEmpty { db: String, data_dir: String },
    #[error("la sauvegarde ne passe pas les vérifications : rien n'a été restauré")]
    FailedChecks(Inspection),
    #[error(
        "cette sauvegarde vient d'une version plus récente du serveur ({applied} migrations, \
         celle-ci en connaît {known}) : restaurez-la avec cette version-là"
    )]
    Newer { applied: i64, known: i64 },
    #[error(
        "un serveur citeosquare tourne sur {data_dir} : arrêtez-le d'abord \
         (sudo systemctl stop citeosquare), puis relancez la restauration"
    )]
    Running { data_dir: String },
}

/// The name of the data directory's lock file.
pub const LOCK_FILE: &str = "citeosquare.lock";

/// Takes the data directory's lock (an advisory lock on `citeosquare.lock` in it, created if
/// needed): `None` when another process holds it. A running server holds it for its whole life
/// (and the system gives it back if the server dies), so that a restore, or a second server,
/// cannot work under its feet.
pub fn lock_data_dir(data_dir: &Path) -> anyhow::Result<Option<std::fs::File>> {
    std::fs::create_dir_all(data_dir)
        .map_err(|e| anyhow::anyhow!("impossible de créer {} ({e})", data_dir.display()))?;
    let path = data_dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| anyhow::anyhow!("impossible d'ouvrir {} ({e})", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(anyhow::anyhow!(
            "impossible de verrouiller {} ({e})",
            path.display()
        )),
    }
}

/// Puts the backup `from` in place as `db` (the data directory's database), after checking a copy
/// of it with every check of `citeosquare check`; copies back the photos it names from the
/// `photos/` folder beside it (where `citeosquare backup` puts them). A database already at `db`
/// is refused unless `force`, and then moved into `avant-restauration-<date>/` beside it, never
/// deleted. The server must be stopped: it would keep writing to the file set aside.
pub async fn restore(
    from: &Path,
    data_dir: &Path,
    db: &Path,
    force: bool,
) -> anyhow::Result<Result<Restored, RestoreRefused>> {
    if !from.is_file() {
        anyhow::bail!("{} n'existe pas", from.display());
    }
    // A server running on the data directory holds its lock (a directory not made yet has no
    // server): refused. Held until the restore is done, so that none starts meanwhile.
    let _lock = if data_dir.is_dir() {
        let Some(lock) = lock_data_dir(data_dir)? else {
            return Ok(Err(RestoreRefused::Running {
                data_dir: data_dir.display().to_string(),
            }));
        };
        Some(lock)
    } else {
        None
    };
    let existing = [db.to_owned(), db.with_extension("db-wal")]
        .iter()
        .any(|p| p.exists());
    if existing && !force {
        return Ok(Err(RestoreRefused::NotEmpty {
            db: db.display().to_string(),
            data_dir: data_dir.display().to_string(),
        }));
    }
    std::fs::create_dir_all(data_dir)
        .map_err(|e| anyhow::anyhow!("impossible de créer {} ({e})", data_dir.display()))?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    // The copy is checked where it will live, then renamed into place: what was checked is what
    // the server opens, and a crash midway leaves the old database untouched.
    let incoming = data_dir.join(format!(".citeosquare.db.restauration-{stamp}"));
    remove_database(&incoming);
    std::fs::copy(from, &incoming).map_err(|e| {
        anyhow::anyhow!(
            "impossible de copier {} dans {} ({e})",
            from.display(),
            data_dir.display()
        )
    })?;
    let inspection = match inspect(&incoming, from).await {
        Ok(i) => i,
        Err(e) => {
            remove_database(&incoming);
            return Err(e);
        }
    };
    if inspection.migrations_applied > inspection.migrations_known {
        remove_database(&incoming);
        return Ok(Err(RestoreRefused::Newer {
            applied: inspection.migrations_applied,
            known: inspection.migrations_known,
        }));
    }
    if inspection.failures().next().is_some() {
        remove_database(&incoming);
        return Ok(Err(RestoreRefused::FailedChecks(inspection)));
    }
    let mut restored = Restored {
        set_aside: None,
        migrations_applied: inspection.behind(),
        photos_copied: 0,
        photos_kept: 0,
        photos_missing: vec![],
    };
    // Photos first: a database in place always finds its photos.
    let backup_folder = from
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for name in inspection.photos {
        let (Some(source), Some(dest)) = (
            crate::photos::path(backup_folder, &name),
            crate::photos::path(data_dir, &name),
        ) else {
            restored.photos_missing.push(name);
            continue;
        };
        if dest.exists() {
            // A photo's name is never reused for other pixels.
            restored.photos_kept += 1;
            continue;
        }
        std::fs::create_dir_all(crate::photos::folder(data_dir))?;
        let part = crate::photos::folder(data_dir).join(format!("{name}.part"));
        match std::fs::copy(&source, &part) {
            Ok(_) => {
                std::fs::rename(&part, &dest)?;
                restored.photos_copied += 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                restored.photos_missing.push(name);
            }
            Err(e) => {
                let _ = std::fs::remove_file(&part);
                remove_database(&incoming);
                return Err(e.into());
            }
        }
    }
    // What was checked reaches the disk before it takes the database's name.
    std::fs::File::open(&incoming)?.sync_all()?;
    if existing {
        match set_aside(db, data_dir, &stamp) {
            Ok(aside) => restored.set_aside = Some(aside),
            Err(e) => {
                remove_database(&incoming);
                return Err(e);
            }
        }
    }
    std::fs::rename(&incoming, db)?;
    if let Ok(dir) = std::fs::File::open(data_dir) {
        let _ = dir.sync_all();
    }
    Ok(Ok(restored))
}

/// Moves the database at `db` with its journal files into a new `avant-restauration-<stamp>`
/// folder (never one already there), the journal files first: a write-ahead log left behind alone
/// would be replayed onto the restored database. On a failure, what was moved is moved back.
fn set_aside(db: &Path, data_dir: &Path, stamp: &str) -> anyhow::Result<PathBuf> {
    let mut aside = data_dir.join(format!("avant-restauration-{stamp}"));
    let mut n = 1;
    loop {
        match std::fs::create_dir(&aside) {
            Ok(()) => break,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => {
                n += 1;
                aside = data_dir.join(format!("avant-restauration-{stamp}-{n}"));
            }
            Err(e) => {
                anyhow::bail!("impossible de créer {} ({e})", aside.display())
            }
        }
    }
    let mut moved: Vec<(PathBuf, PathBuf)> = vec![];
    for suffix in ["-wal", "-shm", "-journal", ""] {
        let mut name = db.file_name().unwrap_or_default().to_owned();
        name.push(suffix);
        let old = db.with_file_name(&name);
        if !old.exists() {
            continue;
        }
        let to = aside.join(&name);
        if let Err(e) = std::fs::rename(&old, &to) {
            for (from, to) in moved.iter().rev() {
                let _ = std::fs::rename(to, from);
            }
            anyhow::bail!(
                "impossible de mettre {} de côté dans {} ({e}) ; rien n'a été changé",
                old.display(),
                aside.display()
            );
        }
        moved.push((old, to));
    }
    Ok(aside)
}
