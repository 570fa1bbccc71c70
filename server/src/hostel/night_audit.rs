//! The night audit: at the hostel's audit hour (03:00 by default) a job closes the night that
//! began the evening before. Its actor in the audit log is « Audit de nuit ».
//!
//! - the confirmed stays whose first night has come and gone without them become no-shows (their
//!   nights released); the first night is charged when the settings say so;
//! - each night held by a guest in house is posted to their folio with its taxe de séjour;
//! - the guests still checked in after their morning of leaving are counted for the desk;
//! - the night is closed: one row in `hostel_audits`, which the database never lets change, like
//!   the folio lines posted (a closed night's charges are corrected only by a new line).
//!
//! A server that was off catches up, night by night, up to a week back.

use super::folio;
use super::stays::{self, Stay};
use crate::audit::{self, Actor};
use crate::db;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::SqlitePool;

/// The audit's name in the audit log and on the folio lines it posts.
pub const ACTOR_NAME: &str = "Audit de nuit";

fn actor() -> Actor {
    Actor {
        id: None,
        name: ACTOR_NAME.into(),
    }
}

/// A closed night.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Closed {
    /// `YYYY-MM-DD`.
    pub night: String,
    pub ran_at: String,
    pub no_shows: i64,
    pub posted_nights: i64,
    pub posted_cents: i64,
    pub overdue: i64,
}

/// The last nights closed, latest first.
pub async fn closed(
    conn: impl sqlx::SqliteExecutor<'_>,
    limit: i64,
) -> Result<Vec<Closed>, sqlx::Error> {
    sqlx::query_as(
        "SELECT night, ran_at, no_shows, posted_nights, posted_cents, overdue
         FROM hostel_audits ORDER BY night DESC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The last night whose audit is due at `now`: the night before the local date of
/// `now − audit hour` — but never the night the desk is still in. With the defaults (audit at
/// 03:00, the hostel's day starting at 06:00) a night closes at 06:00: a group whose train is late
/// and comes in at 04:00 is checked in, not already written off as absent, and a walk-in at 04:00
/// (who belongs to that night) is posted by its audit rather than landing on a closed night.
pub fn last_due(now: DateTime<Utc>, tz: chrono_tz::Tz, settings: super::Settings) -> NaiveDate {
    let by_the_clock =
        (now.with_timezone(&tz).naive_local() - Duration::hours(settings.audit_hour)).date()
            - Duration::days(1);
    by_the_clock.min(super::night_of(now, tz, settings) - Duration::days(1))
}

/// Closes `night`: no-shows, postings, the count of overdue departures. Closing a night already
/// closed does nothing and gives back what it did then.
pub async fn close(pool: &SqlitePool, night: NaiveDate) -> Result<Closed, sqlx::Error> {
    let a = actor();
    let n = night.to_string();
    let mut tx = db::begin_write(pool).await?;
    let done: Option<Closed> = sqlx::query_as(
        "SELECT night, ran_at, no_shows, posted_nights, posted_cents, overdue
         FROM hostel_audits WHERE night = ?",
    )
    .bind(&n)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(done) = done {
        return Ok(done);
    }
    let settings = super::settings(&mut *tx).await?;
    // The stays that never came.
    let absent: Vec<Stay> = sqlx::query_as(concat!(
        stays::stay_select!(),
        " WHERE status = 'confirmed' AND arrival <= ? ORDER BY id"
    ))
    .bind(&n)
    .fetch_all(&mut *tx)
    .await?;
    let at = db::now_text();
    for s in &absent {
        let first = stays::night_prices(&mut tx, s.id)
            .await?
            .into_iter()
            .find(|(night, _)| *night == s.arrival);
        sqlx::query(
            "UPDATE hostel_stays SET status = 'no_show', updated_at = ?1, cancelled_at = ?1,
                 cancelled_by = ?2
             WHERE id = ?3",
        )
        .bind(&at)
        .bind(ACTOR_NAME)
        .bind(s.id)
        .execute(&mut *tx)
        .await?;
        if settings.no_show_pays_first_night
            && let Some((first_night, cents)) = first
        {
            folio::post_night_charge(&mut tx, &a, s.id, &first_night, cents).await?;
        }
        audit::record(
            &mut tx,
            &a,
            "hostel.stay.no_show",
            "hostel_stay",
            s.id,
            Some(&json!({"status": "confirmed"})),
            Some(&json!({"status": "no_show", "night": n})),
        )
        .await?;
    }
    // The nights of the guests in house.
    let in_house: Vec<Stay> = sqlx::query_as(concat!(
        stays::stay_select!(),
        " WHERE status = 'checked_in' AND arrival <= ?1 AND departure > ?1 ORDER BY id"
    ))
    .bind(&n)
    .fetch_all(&mut *tx)
    .await?;
    let (mut posted_nights, mut posted_cents) = (0, 0);
    for s in &in_house {
        let (count, cents) = folio::post_nights(&mut tx, &a, s, night).await?;
        posted_nights += count;
        posted_cents += cents;
    }
    let overdue: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM hostel_stays WHERE status = 'checked_in' AND departure <= ?",
    )
    .bind(&n)
    .fetch_one(&mut *tx)
    .await?;
    let c = Closed {
        night: n.clone(),
        ran_at: db::now_text(),
        no_shows: i64::try_from(absent.len()).unwrap_or(i64::MAX),
        posted_nights,
        posted_cents,
        overdue,
    };
    sqlx::query(
        "INSERT INTO hostel_audits (night, ran_at, no_shows, posted_nights, posted_cents, overdue)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&c.night)
    .bind(&c.ran_at)
    .bind(c.no_shows)
    .bind(c.posted_nights)
    .bind(c.posted_cents)
    .bind(c.overdue)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &a,
        "hostel.night_audit",
        "hostel_audit",
        &n,
        None,
        Some(&serde_json::to_value(&c).unwrap_or_default()),
    )
    .await?;
    tx.commit().await?;
    Ok(c)
}

/// Closes every night due at `now` and not closed yet, oldest first, at most a week back.
pub async fn catch_up(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<Vec<Closed>, sqlx::Error> {
    let settings = super::settings(pool).await?;
    let last = last_due(now, tz, settings);
    let latest: Option<String> = sqlx::query_scalar("SELECT max(night) FROM hostel_audits")
        .fetch_one(pool)
        .await?;
    let week_back = last - Duration::days(6);
    let first = latest
        .as_deref()
        .and_then(super::date)
        .map(|d| d + Duration::days(1))
        .unwrap_or(last)
        .max(week_back);
    let mut out = vec![];
    let mut night = first;
    while night <= last {
        out.push(close(pool, night).await?);
        night += Duration::days(1);
    }
    Ok(out)
}

/// The audit as a periodic job (every five minutes: it closes a night soon after its hour).
pub fn job(state: &crate::web::AppState) -> crate::web::domain::Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        for c in catch_up(&state.pool, state.config.time_zone, Utc::now()).await? {
            tracing::info!(
                night = %c.night,
                no_shows = c.no_shows,
                posted = c.posted_nights,
                overdue = c.overdue,
                "hostel night closed"
            );
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::last_due;
    use chrono::{NaiveDate, TimeZone, Utc};
    use chrono_tz::Europe::Paris;

    #[test]
    fn the_night_is_closed_at_the_audit_hour_the_morning_after() {
        let at = |d, h, m| {
            Paris
                .with_ymd_and_hms(2026, 12, d, h, m, 0)
                .single()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default()
        };
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default();
        let settings = |audit_hour, day_starts_hour| super::super::Settings {
            audit_hour,
            day_starts_hour,
            ..super::super::Settings::default()
        };
        // The hostel's day starting at midnight: the audit's hour rules.
        assert_eq!(last_due(at(5, 2, 59), Paris, settings(3, 0)), day(3));
        assert_eq!(last_due(at(5, 3, 0), Paris, settings(3, 0)), day(4));
        assert_eq!(last_due(at(5, 23, 0), Paris, settings(3, 0)), day(4));
        // The defaults (audit 03:00, day from 06:00): between 03:00 and 06:00 the desk is still in
        // the night of the 4th, so it is not closed yet.
        assert_eq!(last_due(at(5, 2, 59), Paris, settings(3, 6)), day(3));
        assert_eq!(last_due(at(5, 4, 0), Paris, settings(3, 6)), day(3));
        assert_eq!(last_due(at(5, 5, 59), Paris, settings(3, 6)), day(3));
        assert_eq!(last_due(at(5, 6, 0), Paris, settings(3, 6)), day(4));
        // An audit later than the day's start: the audit's hour rules again.
        assert_eq!(last_due(at(5, 7, 59), Paris, settings(8, 6)), day(3));
        assert_eq!(last_due(at(5, 8, 0), Paris, settings(8, 6)), day(4));
    }
}
