//! The SQLite store: one file in WAL mode with foreign keys on, migrations embedded and run at start.

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// The migrations of `migrations/`, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// Opens (creating if needed) the database file, without migrating.
pub async fn open(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
    }
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // A committed tap survives a power cut: the ack is sent only after this fsync.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // INSERT OR REPLACE runs the replaced row's DELETE triggers, so append-only tables refuse it.
        .pragma("recursive_triggers", "ON")
        // Checkpoints run off the request path ([`spawn_checkpointer`]); SQLite's own, inside
        // whichever commit crosses the threshold, is only a backstop (≈ 40 MiB of WAL).
        .pragma("wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES.to_string())
        // The log file keeps its largest size once grown (SQLite writes over it from the start
        // again rather than shrink it). It grows past its usual few hundred KiB when the log
        // cannot start over, a reader holding an old snapshot (9 MiB in a 30-minute soak,
        // BENCHMARKS.md, the reader not identified); past this size it is cut back the next time
        // the log starts over.
        .pragma("journal_size_limit", WAL_SIZE_LIMIT_BYTES.to_string())
        // Each connection's page cache, at most this many KiB (SQLite's default, said here
        // because the server's memory is bounded by it: see [`POOL_CONNECTIONS`]).
        .pragma("cache_size", format!("-{PAGE_CACHE_KIB}"))
        .busy_timeout(Duration::from_secs(10));
    SqlitePoolOptions::new()
        .max_connections(POOL_CONNECTIONS)
        // Connections live as long as the pool: sqlx's defaults close one idle for 10 minutes
        // and every one after 30, and each reopened connection filled a new page cache while
        // the freed one stayed in the allocator (the soak benchmark's steps of ~2 MiB at 20 and
        // 30 minutes). With them kept, the store's memory is at most
        // POOL_CONNECTIONS × PAGE_CACHE_KIB plus the statements each connection has prepared.
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(options)
        .await
}

/// How many connections the pool opens at most (one writes at a time, the others read).
pub const POOL_CONNECTIONS: u32 = 4;

/// Each connection's page cache, in KiB.
pub const PAGE_CACHE_KIB: u32 = 2_000;

/// SQLite's automatic checkpoint threshold, in pages (its default is 1,000).
pub const WAL_AUTOCHECKPOINT_PAGES: u32 = 10_000;

/// The size, in bytes, the write-ahead log file is cut back to when it starts over.
pub const WAL_SIZE_LIMIT_BYTES: u64 = 4 * 1024 * 1024;

/// How often the background checkpointer runs.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// Copies the write-ahead log into the database file in the background, every
/// [`CHECKPOINT_EVERY`], so that no request pays for it: SQLite's automatic checkpoint runs inside
/// the commit that crosses its threshold, and that commit waits for the copy and its fsync (the
/// 120 ms bookings of BENCHMARKS.md). `PASSIVE` never waits for readers or writers: what it cannot
/// copy now it copies at the next tick. Runs until the task is aborted (the server's lifetime).
pub fn spawn_checkpointer(pool: SqlitePool) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = checkpoint(&pool).await {
                tracing::warn!(error = %e, "WAL checkpoint failed; retried in a second");
            }
        }
    })
}

/// One passive checkpoint: (frames in the WAL, frames copied into the database file).
pub async fn checkpoint(pool: &SqlitePool) -> Result<(i64, i64), sqlx::Error> {
    let (_busy, log, copied): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(pool)
        .await?;
    Ok((log, copied))
}

/// Opens and migrates.
pub async fn open_and_migrate(path: &Path) -> anyhow::Result<SqlitePool> {
    let pool = open(path).await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// A write transaction, holding this process's turn to write to its database file.
#[derive(Debug)]
pub struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::SqliteConnection;
    fn deref(&self) -> &sqlx::SqliteConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut sqlx::SqliteConnection {
        &mut self.tx
    }
}

/// One queue of writers per database file, first come first served.
fn write_turn(pool: &SqlitePool) -> std::sync::Arc<tokio::sync::Mutex<()>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static TURNS: OnceLock<Mutex<HashMap<std::path::PathBuf, Arc<tokio::sync::Mutex<()>>>>> =
        OnceLock::new();
    let file = pool.connect_options().get_filename().to_path_buf();
    let mut turns = TURNS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    turns.entry(file).or_default().clone()
}

/// Starts a write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so two writers
/// never both read and then fail to upgrade. Writers of this process wait their turn in a FIFO
/// queue first: in SQLite's busy handler a waiting connection sleeps and can lose the lock again
/// and again to newcomers (seconds under a crowd of writers, see BENCHMARKS.md, SEL ledger).
pub async fn begin_write(pool: &SqlitePool) -> Result<WriteTx, sqlx::Error> {
    let turn = write_turn(pool).lock_owned().await;
    let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    Ok(WriteTx { tx, _turn: turn })
}

/// Now, as stored: UTC, RFC 3339 with milliseconds and `Z`.
pub fn now_text() -> String {
    instant_text(chrono::Utc::now())
}

/// An instant as stored.
pub fn instant_text(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_checkpoint_copies_the_log_into_the_database_file_and_the_automatic_one_waits() {
        let dir = tempfile::tempdir().unwrap();
        let pool = open(&dir.path().join("t.db")).await.unwrap();
        let threshold: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(threshold, i64::from(WAL_AUTOCHECKPOINT_PAGES));
        sqlx::query("CREATE TABLE t (x TEXT)")
            .execute(&pool)
            .await
            .unwrap();
        for i in 0..200 {
            sqlx::query("INSERT INTO t VALUES (?)")
                .bind("x".repeat(2000 + i))
                .execute(&pool)
                .await
                .unwrap();
        }
        let (log, copied) = checkpoint(&pool).await.unwrap();
        assert!(log >= 200, "{log} frames in the log");
        assert_eq!(copied, log, "every frame copied when nobody else reads");
        let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM t")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(rows, 200);
    }

    #[tokio::test]
    async fn a_log_grown_while_a_reader_held_an_old_snapshot_is_cut_back_once_it_starts_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let pool = open(&path).await.unwrap();
        let wal = || {
            std::fs::metadata(dir.path().join("t.db-wal"))
                .unwrap()
                .len()
        };
        sqlx::query("CREATE TABLE t (x TEXT)")
            .execute(&pool)
            .await
            .unwrap();
        // A reader holds its snapshot (a long report, a slow client) while 2,000 rows of 4 KB
        // are written: no checkpoint can let the log start over, so the file grows (to 25 MB).
        let mut reader = pool.acquire().await.unwrap();
        sqlx::query("BEGIN").execute(&mut *reader).await.unwrap();
        let _: i64 = sqlx::query_scalar("SELECT count(*) FROM t")
            .fetch_one(&mut *reader)
            .await
            .unwrap();
        for _ in 0..2_000 {
            sqlx::query("INSERT INTO t VALUES (?)")
                .bind("x".repeat(4_000))
                .execute(&pool)
                .await
                .unwrap();
            checkpoint(&pool).await.unwrap();
        }
        let grown = wal();
        assert!(grown > 2 * WAL_SIZE_LIMIT_BYTES, "{grown} bytes of log");
        // The reader is done: the checkpointer copies everything, the next write starts the log
        // over, and the file is cut back to the limit.
        sqlx::query("COMMIT").execute(&mut *reader).await.unwrap();
        drop(reader);
        let (log, copied) = checkpoint(&pool).await.unwrap();
        assert_eq!(copied, log);
        sqlx::query("INSERT INTO t VALUES ('after')")
            .execute(&pool)
            .await
            .unwrap();
        let after = wal();
        assert!(
            after <= WAL_SIZE_LIMIT_BYTES,
            "{after} bytes of log after it started over (was {grown})"
        );
    }
}
