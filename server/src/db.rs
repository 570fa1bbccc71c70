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
        .busy_timeout(Duration::from_secs(10));
    SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
}

/// Opens and migrates.
pub async fn open_and_migrate(path: &Path) -> anyhow::Result<SqlitePool> {
    let pool = open(path).await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Starts a write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so two writers
/// never both read and then fail to upgrade.
pub async fn begin_write(
    pool: &SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// Now, as stored: UTC, RFC 3339 with milliseconds and `Z`.
pub fn now_text() -> String {
    instant_text(chrono::Utc::now())
}

/// An instant as stored.
pub fn instant_text(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
