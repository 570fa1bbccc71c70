//! The computed indicators' values, kept (migration 0027's `bv_measured`), so that the dashboard
//! and the year's report do not read five years of the place's life again at every visit
//! (BENCHMARKS.md, « Bien-Vivre »).
//!
//! - A period that ended more than [`SETTLES_AFTER`] ago is **settled**: its value is measured
//!   the first time it is asked for, then read back.
//! - A period still running or just ended (this month, last month in its first days, the
//!   twelve months up to today) is **recent**: kept [`RECENT_FRESH`] at most, and the background
//!   job [`refresh`] measures the dashboard's and this year's report's again every ten minutes,
//!   before they expire, so that visitors do not pay for them: the figures of the months under
//!   way are at most a quarter of an hour old, and the page says when they were measured.
//!
//! A change to the past removes the values it could change (the migration's triggers), and moves
//! a generation on: a measure taken while the past changed is not stored.

use crate::db;
use crate::web::domain::{Measure, Period};
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

/// How long after its end a period's rows may still change in the normal course of things (a
/// trip's kilometres reported, a shift reviewed): the migration's triggers say `-8 days` too.
pub const SETTLES_AFTER: chrono::Duration = chrono::Duration::days(8);

/// How long a recent period's value is kept.
pub const RECENT_FRESH: chrono::Duration = chrono::Duration::minutes(15);

/// The key the SEL's year in figures is kept under (migration 0028 names it too).
pub const SEL_YEAR: &str = "sel_year_summary";

/// A kept value as read back: from, to, value, when it was measured.
type Kept = (String, String, Option<f64>, String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Settled,
    Recent,
}

fn kind(p: &Period, now: DateTime<Utc>) -> Kind {
    if p.to + SETTLES_AFTER <= now {
        Kind::Settled
    } else {
        Kind::Recent
    }
}

/// `m`'s value over each period: read back where it is kept and still good, measured (in one
/// call of the domain's hook, for all the missing periods) and kept otherwise. `renew` measures
/// the recent periods again even when they are kept (the background job).
pub async fn measure(
    pool: &SqlitePool,
    m: &Measure,
    periods: &[Period],
    now: DateTime<Utc>,
    renew: bool,
) -> Result<Vec<Option<f64>>, sqlx::Error> {
    let kinds: Vec<Kind> = periods.iter().map(|p| kind(p, now)).collect();
    let mut values: Vec<Option<Option<f64>>> = vec![None; periods.len()];
    let (generation, kept): (i64, Vec<Kept>) = {
        let mut conn = pool.acquire().await?;
        let generation: i64 =
            sqlx::query_scalar("SELECT generation FROM bv_measured_state WHERE id = 1")
                .fetch_one(&mut *conn)
                .await?;
        let kept = sqlx::query_as(
            "SELECT from_at, to_at, value, measured_at FROM bv_measured WHERE key = ?",
        )
        .bind(m.key)
        .fetch_all(&mut *conn)
        .await?;
        (generation, kept)
    };
    for (i, p) in periods.iter().enumerate() {
        let good_since = match kinds[i] {
            Kind::Settled => p.to + SETTLES_AFTER,
            Kind::Recent if renew => continue,
            Kind::Recent => now - RECENT_FRESH,
        };
        let (from, to, since) = (p.from_text(), p.to_text(), db::instant_text(good_since));
        values[i] = kept
            .iter()
            .find(|(f, t, _, at)| *f == from && *t == to && *at >= since)
            .map(|(_, _, v, _)| *v);
    }
    let missing: Vec<usize> = (0..periods.len())
        .filter(|&i| values[i].is_none())
        .collect();
    if !missing.is_empty() {
        let asked: Vec<Period> = missing.iter().map(|&i| periods[i]).collect();
        let measured = (m.measure)(pool, &asked).await?;
        let mut keep = vec![];
        for (n, &i) in missing.iter().enumerate() {
            let v = measured.get(n).copied().flatten();
            values[i] = Some(v);
            keep.push((
                periods[i].from_text(),
                periods[i].to_text(),
                periods[i].tz,
                v,
            ));
        }
        if !keep.is_empty()
            && let Err(e) = store(pool, m.key, generation, &keep, now).await
        {
            // The page has its figures; they are measured again next time.
            tracing::warn!(error = %e, key = m.key, "Bien-Vivre values not kept");
        }
    }
    Ok(values.into_iter().map(Option::flatten).collect())
}

/// Keeps the values just measured, unless the past changed while they were (the generation moved).
async fn store(
    pool: &SqlitePool,
    key: &str,
    generation: i64,
    keep: &[(String, String, chrono_tz::Tz, Option<f64>)],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    let current: i64 = sqlx::query_scalar("SELECT generation FROM bv_measured_state WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?;
    if current != generation {
        return tx.rollback().await;
    }
    let at = db::instant_text(now);
    for (from, to, tz, value) in keep {
        sqlx::query(
            "INSERT INTO bv_measured (key, from_at, to_at, tz, value, measured_at)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (key, from_at, to_at)
             DO UPDATE SET tz = excluded.tz, value = excluded.value,
                           measured_at = excluded.measured_at",
        )
        .bind(key)
        .bind(from)
        .bind(to)
        .bind(tz.name())
        .bind(value)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
    }
    // Values measured while their period was recent, of periods settled long since: never read
    // again (a settled period is read only as measured after it settled, and the running twelve
    // months move on each month), dropped. A value measured once settled is kept for good.
    sqlx::query(
        "DELETE FROM bv_measured WHERE key = ? AND to_at < ?
           AND julianday(measured_at) < julianday(to_at) + ?",
    )
    .bind(key)
    .bind(db::instant_text(now - SETTLES_AFTER * 2))
    .bind(SETTLES_AFTER.num_days())
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// A period's result that is more than one number (the SEL's year in figures on the year's
/// report), kept under `key` as JSON in `detail` beside the indicators' values — as long as they
/// are: settled, or recent and [`RECENT_FRESH`] — so that the same triggers remove it when the
/// past changes. Measured by `compute` when it is not kept, or kept in a shape this version no
/// longer reads.
pub async fn detail<T, F>(
    pool: &SqlitePool,
    key: &'static str,
    period: &Period,
    now: DateTime<Utc>,
    compute: F,
) -> Result<T, sqlx::Error>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
    F: std::future::Future<Output = Result<T, sqlx::Error>>,
{
    detail_renewed(pool, key, period, now, false, compute).await
}

/// [`detail`], measured again when `renew` and the period is recent (the background job).
async fn detail_renewed<T, F>(
    pool: &SqlitePool,
    key: &'static str,
    period: &Period,
    now: DateTime<Utc>,
    renew: bool,
    compute: F,
) -> Result<T, sqlx::Error>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
    F: std::future::Future<Output = Result<T, sqlx::Error>>,
{
    let good_since = match kind(period, now) {
        Kind::Settled => period.to + SETTLES_AFTER,
        // Nothing recent is good: measured again.
        Kind::Recent if renew => now + chrono::Duration::days(1),
        Kind::Recent => now - RECENT_FRESH,
    };
    let (from, to) = (period.from_text(), period.to_text());
    let mut conn = pool.acquire().await?;
    let generation: i64 =
        sqlx::query_scalar("SELECT generation FROM bv_measured_state WHERE id = 1")
            .fetch_one(&mut *conn)
            .await?;
    let kept: Option<Option<String>> = sqlx::query_scalar(
        "SELECT detail FROM bv_measured
         WHERE key = ? AND from_at = ? AND to_at = ? AND measured_at >= ?",
    )
    .bind(key)
    .bind(&from)
    .bind(&to)
    .bind(db::instant_text(good_since))
    .fetch_optional(&mut *conn)
    .await?;
    drop(conn);
    if let Some(value) = kept
        .flatten()
        .and_then(|json| serde_json::from_str::<T>(&json).ok())
    {
        return Ok(value);
    }
    let value = compute.await?;
    match serde_json::to_string(&value) {
        Ok(json) => {
            if let Err(e) = store_detail(pool, key, generation, period, &json, now).await {
                // The page has its figures; they are measured again next time.
                tracing::warn!(error = %e, key, "Bien-Vivre figures not kept");
            }
        }
        Err(e) => tracing::warn!(error = %e, key, "Bien-Vivre figures not kept"),
    }
    Ok(value)
}

/// Keeps `detail`'s JSON, unless the past changed while it was measured.
async fn store_detail(
    pool: &SqlitePool,
    key: &str,
    generation: i64,
    period: &Period,
    json: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    let current: i64 = sqlx::query_scalar("SELECT generation FROM bv_measured_state WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?;
    if current != generation {
        return tx.rollback().await;
    }
    sqlx::query(
        "INSERT INTO bv_measured (key, from_at, to_at, tz, value, detail, measured_at)
         VALUES (?, ?, ?, ?, NULL, ?, ?)
         ON CONFLICT (key, from_at, to_at)
         DO UPDATE SET tz = excluded.tz, value = NULL, detail = excluded.detail,
                       measured_at = excluded.measured_at",
    )
    .bind(key)
    .bind(period.from_text())
    .bind(period.to_text())
    .bind(period.tz.name())
    .bind(json)
    .bind(db::instant_text(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Forgets every kept value (the admin's « mesurer à nouveau »; tests).
pub async fn forget(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    sqlx::query("DELETE FROM bv_measured")
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE bv_measured_state SET generation = generation + 1")
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// For `citeosquare check`: how many computed indicators' latest settled month, as kept, differs
/// from what the rows say now (a change to the past that no trigger saw). One month per
/// indicator, so that the check stays quick on years of data.
pub async fn stale(pool: &SqlitePool, measures: &[&'static Measure]) -> Result<i64, sqlx::Error> {
    let now = Utc::now();
    let mut stale = 0;
    for m in measures {
        let latest: Option<(String, String, String, Option<f64>)> = sqlx::query_as(
            "SELECT from_at, to_at, tz, value FROM bv_measured
             WHERE key = ? AND to_at <= ? AND julianday(to_at) - julianday(from_at) < 40
               -- measured once settled: a value kept while the month was recent may rightly
               -- differ from the rows (changes within the 8 days remove nothing)
               AND julianday(measured_at) >= julianday(to_at) + ?
             ORDER BY to_at DESC LIMIT 1",
        )
        .bind(m.key)
        .bind(db::instant_text(now - SETTLES_AFTER))
        .bind(SETTLES_AFTER.num_days())
        .fetch_optional(pool)
        .await?;
        let Some((from, to, tz, kept)) = latest else {
            continue;
        };
        let (Ok(from), Ok(to), Ok(tz)) = (
            from.parse::<DateTime<Utc>>(),
            to.parse::<DateTime<Utc>>(),
            tz.parse::<chrono_tz::Tz>(),
        ) else {
            stale += 1;
            continue;
        };
        let period = Period {
            from,
            to,
            first_day: from.with_timezone(&tz).date_naive(),
            end_day: to.with_timezone(&tz).date_naive(),
            tz,
        };
        let fresh = (m.measure)(pool, &[period]).await?;
        let now_says = fresh.first().copied().flatten();
        let same = match (kept, now_says) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
            (a, b) => a == b,
        };
        stale += i64::from(!same);
    }
    Ok(stale)
}

/// When the recent periods' values were last measured (the oldest of the latest measures, as a
/// stored instant), for the page to say how old its figures of the months under way may be.
pub async fn recent_measured_at(pool: &SqlitePool) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT min(at) FROM (SELECT max(measured_at) AS at FROM bv_measured
                              WHERE to_at > ? AND key <> ? GROUP BY key)",
    )
    .bind(db::instant_text(Utc::now() - SETTLES_AFTER))
    .bind(SEL_YEAR)
    .fetch_one(pool)
    .await
}

/// The background job: measures again the recent periods of the dashboard's twelve months and
/// of this year's report (every computed indicator, and the SEL's year), so that visitors find
/// them kept and never older than [`RECENT_FRESH`]; the settled ones are kept at the first run.
pub fn refresh(state: &crate::web::AppState) -> crate::web::domain::Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        let tz = state.config.time_zone;
        let now = Utc::now();
        let pool = &state.pool;
        let year = super::this_year(tz);
        let mut periods = super::series_periods(super::last_twelve(now, tz), 12, tz);
        for p in super::series_periods(super::year_start(year), 12, tz) {
            if !periods.contains(&p) {
                periods.push(p);
            }
        }
        for i in super::indicators(pool, state.domains).await? {
            if let super::Source::Computed(m) = i.source {
                measure(pool, m, &periods, now, true).await?;
            }
        }
        let whole = Period::days(super::year_start(year), super::year_start(year + 1), tz);
        detail_renewed(
            pool,
            SEL_YEAR,
            &whole,
            now,
            true,
            crate::sel::report::year_summary(pool, year, tz),
        )
        .await?;
        Ok(())
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_period_is_settled_eight_days_after_its_end_and_recent_before() {
        let tz = chrono_tz::Europe::Paris;
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let november = Period::days(d(2026, 11, 1), d(2026, 12, 1), tz);
        let year = Period::days(d(2026, 1, 1), d(2027, 1, 1), tz);
        let week = Period::days(d(2026, 12, 1), d(2026, 12, 8), tz);
        // 1 December 00:00 Paris is 30 November 23:00 UTC.
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(kind(&november, at("2026-12-08T22:59:59Z")), Kind::Recent);
        assert_eq!(kind(&november, at("2026-12-08T23:00:00Z")), Kind::Settled);
        assert_eq!(kind(&year, at("2026-12-06T12:00:00Z")), Kind::Recent);
        assert_eq!(kind(&year, at("2027-01-09T12:00:00Z")), Kind::Settled);
        assert_eq!(kind(&week, at("2026-12-06T12:00:00Z")), Kind::Recent);
    }
}
