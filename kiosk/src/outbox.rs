//! The durable outbox (SQLite, WAL, `synchronous = FULL`): a tap is on disk before the person sees
//! any feedback, and leaves the pending set only when the server's ack for its id arrives.

use citeosquare_protocol::{Ack, Event};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Acked rows kept for inspection; older ones are pruned.
const KEEP_ACKED: i64 = 10_000;

/// A pending event ready to send.
#[derive(Debug, Clone)]
pub struct Pending {
    pub no: i64,
    pub id: String,
    pub payload: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct Outbox {
    pool: SqlitePool,
}

impl Outbox {
    /// Opens (creating) the outbox in `dir`.
    pub async fn open(dir: &Path) -> Result<Outbox, sqlx::Error> {
        std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(dir.join("outbox.db"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Outbox { pool })
    }

    /// Writes events durably, in one statement (one fsync for a burst of reads).
    pub async fn record(&self, events: &[Event]) -> Result<(), sqlx::Error> {
        let rows: Vec<serde_json::Value> = events
            .iter()
            .map(|e| {
                serde_json::json!({
                    "id": e.id.as_str(),
                    "boot": e.boot,
                    "seq": i64::try_from(e.seq).unwrap_or(i64::MAX),
                    "badge": e.badge,
                    // The exact bytes sent on every retry.
                    "payload": String::from_utf8(e.to_payload()).unwrap_or_default(),
                    "read_at": e.at.to_rfc3339(),
                })
            })
            .collect();
        sqlx::query(
            "INSERT INTO outbox (id, boot, seq, badge, payload, read_at)
             SELECT json_extract(value, '$.id'), json_extract(value, '$.boot'),
                    json_extract(value, '$.seq'), json_extract(value, '$.badge'),
                    CAST(json_extract(value, '$.payload') AS BLOB), json_extract(value, '$.read_at')
             FROM json_each(?) ORDER BY key",
        )
        .bind(serde_json::Value::Array(rows).to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Pending events after outbox number `after`, oldest first.
    pub async fn pending_after(
        &self,
        after: i64,
        limit: usize,
    ) -> Result<Vec<Pending>, sqlx::Error> {
        let rows: Vec<(i64, String, Vec<u8>)> = sqlx::query_as(
            "SELECT no, id, payload FROM outbox WHERE acked_at IS NULL AND no > ? ORDER BY no LIMIT ?",
        )
        .bind(after)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(no, id, payload)| Pending { no, id, payload })
            .collect())
    }

    /// Marks events acked, in one statement. Returns, for each ack, whether it settled a pending
    /// event (false for a repeated ack or an id this kiosk does not hold).
    pub async fn mark_acked(&self, acks: &[Ack]) -> Result<Vec<bool>, sqlx::Error> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let rows: Vec<serde_json::Value> = acks
            .iter()
            .map(|a| {
                serde_json::json!({"id": a.id.as_str(), "result": a.result.as_str(),
                                   "display": serde_json::to_string(&a.display).unwrap_or_default()})
            })
            .collect();
        let settled: Vec<String> = sqlx::query_scalar(
            "UPDATE outbox SET acked_at = ?1, result = json_extract(j.value, '$.result'),
                               display = json_extract(j.value, '$.display')
             FROM json_each(?2) AS j
             WHERE outbox.id = json_extract(j.value, '$.id') AND outbox.acked_at IS NULL
             RETURNING outbox.id",
        )
        .bind(&now)
        .bind(serde_json::Value::Array(rows).to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut settled: std::collections::HashSet<String> = settled.into_iter().collect();
        // Only the first of two acks for one id settles it.
        Ok(acks.iter().map(|a| settled.remove(a.id.as_str())).collect())
    }

    pub async fn pending_count(&self) -> Result<u64, sqlx::Error> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE acked_at IS NULL")
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Forgets acked events beyond the newest [`KEEP_ACKED`].
    pub async fn prune(&self) -> Result<u64, sqlx::Error> {
        let r = sqlx::query(
            "DELETE FROM outbox WHERE acked_at IS NOT NULL AND no <
               (SELECT no FROM outbox WHERE acked_at IS NOT NULL ORDER BY no DESC LIMIT 1 OFFSET ?)",
        )
        .bind(KEEP_ACKED - 1)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use citeosquare_protocol::{AckResult, Action, Display, EventId, KioskId};

    fn event(seq: u64) -> Event {
        Event {
            v: 1,
            id: EventId::new_v7(),
            kiosk: KioskId::parse("cafe-1").expect("id"),
            boot: "b1".into(),
            seq,
            at: chrono::Local::now().fixed_offset(),
            badge: "04A1B2".into(),
            action: Action::Tap,
        }
    }

    fn ack(e: &Event) -> Ack {
        Ack {
            v: 1,
            id: e.id.clone(),
            result: AckResult::Recorded,
            display: Display::default(),
            reason: None,
        }
    }

    #[tokio::test]
    async fn recorded_events_stay_pending_in_order_until_acked_once() {
        let dir = tempfile::tempdir().expect("dir");
        let outbox = Outbox::open(dir.path()).await.expect("open");
        let events: Vec<Event> = (1..=3).map(event).collect();
        outbox.record(&events).await.expect("record");
        let pending = outbox.pending_after(0, 10).await.expect("pending");
        let ids: Vec<&str> = pending.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            events.iter().map(|e| e.id.as_str()).collect::<Vec<_>>()
        );
        assert_eq!(pending[0].payload, events[0].to_payload());

        let settled = outbox
            .mark_acked(&[ack(&events[1]), ack(&events[1])])
            .await
            .expect("ack");
        assert_eq!(settled, vec![true, false], "a repeated ack settles nothing");
        assert_eq!(outbox.pending_count().await.expect("count"), 2);
        let after_first = outbox
            .pending_after(pending[0].no, 10)
            .await
            .expect("after");
        assert_eq!(after_first.len(), 1);
        assert_eq!(after_first[0].id, events[2].id.as_str());
    }

    #[tokio::test]
    async fn outbox_survives_reopening() {
        let dir = tempfile::tempdir().expect("dir");
        let e = event(1);
        {
            let outbox = Outbox::open(dir.path()).await.expect("open");
            outbox
                .record(std::slice::from_ref(&e))
                .await
                .expect("record");
            outbox.close().await;
        }
        let outbox = Outbox::open(dir.path()).await.expect("reopen");
        let pending = outbox.pending_after(0, 10).await.expect("pending");
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].id, e.id.as_str());
    }
}
