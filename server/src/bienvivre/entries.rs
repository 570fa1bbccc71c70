//! The indicators entered by hand — meters, waste weighed, a survey's result — and what was
//! entered, never overwritten: a mistake is corrected by a new entry that names the one it
//! replaces (with a reason), and a meter that goes backwards needs a reason (a new meter), from
//! which its count starts again.

use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{Fields, Refusal};
use crate::web::domain::{Better, Period};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

/// The longest reason, in characters.
pub const REASON_MAX: usize = 500;
/// Values entered are below this, in absolute value (the table's check).
pub const VALUE_MAX: f64 = 1e12;

/// How an entered indicator's entries make a period's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Cumulative readings: what was used since the reading before, counted in the period of
    /// the later reading.
    Meter,
    /// Amounts added up (kilograms weighed).
    Sum,
    /// The latest value in the period (a survey's result, a count of partners).
    Last,
}

impl Kind {
    fn parse(s: &str) -> Kind {
        match s {
            "meter" => Kind::Meter,
            "sum" => Kind::Sum,
            _ => Kind::Last,
        }
    }
}

/// An indicator entered by hand.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Entered {
    pub id: i64,
    pub key: String,
    pub criterion: u8,
    pub name: String,
    pub name_en: String,
    pub unit: String,
    pub better: Better,
    pub kind: Kind,
}

#[derive(sqlx::FromRow)]
struct EnteredRow {
    id: i64,
    key: String,
    criterion: i64,
    name: String,
    name_en: String,
    unit: String,
    better: String,
    kind: String,
}

impl From<EnteredRow> for Entered {
    fn from(r: EnteredRow) -> Entered {
        Entered {
            id: r.id,
            key: r.key,
            criterion: u8::try_from(r.criterion).unwrap_or(1),
            name: r.name,
            name_en: r.name_en,
            unit: r.unit,
            better: if r.better == "lower" {
                Better::Lower
            } else {
                Better::Higher
            },
            kind: Kind::parse(&r.kind),
        }
    }
}

/// Every indicator entered by hand, by criterion.
pub async fn list(pool: &SqlitePool) -> Result<Vec<Entered>, sqlx::Error> {
    let rows: Vec<EnteredRow> = sqlx::query_as(
        "SELECT id, key, criterion, name, name_en, unit, better, kind FROM bv_entered
         ORDER BY criterion, id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Entered::from).collect())
}

/// One indicator entered by hand, by key.
pub async fn by_key(pool: &SqlitePool, key: &str) -> Result<Option<Entered>, sqlx::Error> {
    let row: Option<EnteredRow> = sqlx::query_as(
        "SELECT id, key, criterion, name, name_en, unit, better, kind FROM bv_entered WHERE key = ?",
    )
    .bind(key)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Entered::from))
}

/// A new indicator entered by hand (the admin's).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewEntered {
    pub criterion: String,
    pub name: String,
    pub unit: String,
    /// `higher` or `lower`.
    pub better: String,
    /// `meter`, `sum` or `last`.
    pub kind: String,
}

/// `e_` and the name in lower-case ASCII letters and digits, words joined by `_`: « Eau de
/// pluie (m³) » → `e_eau_de_pluie_m`.
fn key_of(name: &str) -> String {
    let folded = crate::text::fold(name);
    let mut key = String::from("e");
    for word in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if key.len() + word.len() + 1 > 50 {
            break;
        }
        key.push('_');
        key.push_str(word);
    }
    key
}

/// Adds an indicator entered by hand; its key comes from its name (a number is added when the
/// name's key is taken).
pub async fn create(
    pool: &SqlitePool,
    actor: &Actor,
    input: &NewEntered,
) -> Result<Entered, Refusal> {
    let name = crate::text::one_line(&input.name);
    let unit = crate::text::one_line(&input.unit);
    let criterion = input.criterion.trim().parse::<u8>().unwrap_or(0);
    let mut f = Fields::default();
    f.check(
        !super::CRITERIA.contains(&criterion),
        "criterion",
        "error-bv-criterion",
    )
    .check(name.is_empty(), "name", "error-bv-name")
    .check(
        name.chars().count() > 120,
        "name",
        crate::refusal::too_long(120),
    )
    .check(unit.is_empty(), "unit", "error-bv-unit")
    .check(unit.chars().count() > 20, "unit", "error-bv-unit-long")
    .check(
        !matches!(input.better.as_str(), "higher" | "lower"),
        "better",
        "error-bv-better",
    )
    .check(
        !matches!(input.kind.as_str(), "meter" | "sum" | "last"),
        "kind",
        "error-bv-kind",
    );
    let base = key_of(&name);
    f.check(base.len() < 3, "name", "error-bv-name");
    f.done()?;
    let mut tx = db::begin_write(pool).await?;
    let mut key = base.clone();
    let mut n = 2;
    while sqlx::query_scalar::<_, bool>("SELECT EXISTS (SELECT 1 FROM bv_entered WHERE key = ?)")
        .bind(&key)
        .fetch_one(&mut *tx)
        .await?
    {
        key = format!("{base}_{n}");
        n += 1;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO bv_entered (key, criterion, name, unit, better, kind, created_by_name,
             created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&key)
    .bind(criterion)
    .bind(&name)
    .bind(&unit)
    .bind(&input.better)
    .bind(&input.kind)
    .bind(&actor.name)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "bienvivre.indicator.add",
        "bv_entered",
        id,
        None,
        Some(
            &json!({"key": key, "criterion": criterion, "name": name, "unit": unit,
                     "better": input.better, "kind": input.kind}),
        ),
    )
    .await?;
    tx.commit().await?;
    by_key(pool, &key).await?.ok_or(Refusal::NotFound)
}

/// An entry as stored.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[schema(as = BienVivreEntry)]
pub struct Entry {
    pub id: i64,
    /// The indicator's key.
    pub indicator: String,
    /// The day it was measured, `YYYY-MM-DD`.
    pub on_date: String,
    pub value: f64,
    pub reason: String,
    /// A meter's first reading after a replacement: what was used is counted from it on.
    pub restart: bool,
    /// The entry this one corrects.
    pub corrects: Option<i64>,
    /// The entry that corrects this one (it no longer counts).
    pub corrected_by: Option<i64>,
    pub entered_by_name: String,
    pub entered_at: String,
}

macro_rules! entry_select {
    () => {
        "SELECT e.id, i.key AS indicator, e.on_date, e.value, e.reason, e.restart, e.corrects,
                (SELECT c.id FROM bv_entries c WHERE c.corrects = e.id) AS corrected_by,
                e.entered_by_name, e.entered_at
         FROM bv_entries e JOIN bv_entered i ON i.id = e.entered_id"
    };
}

/// Every entry of an indicator, the latest first (corrected ones included, marked).
pub async fn history(pool: &SqlitePool, entered_id: i64) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query_as(concat!(
        entry_select!(),
        " WHERE e.entered_id = ? ORDER BY e.on_date DESC, e.id DESC"
    ))
    .bind(entered_id)
    .fetch_all(pool)
    .await
}

/// One entry.
pub async fn get(pool: &SqlitePool, id: i64) -> Result<Option<Entry>, sqlx::Error> {
    sqlx::query_as(concat!(entry_select!(), " WHERE e.id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// The entries that count (not corrected), oldest first.
async fn effective(
    conn: &mut SqliteConnection,
    entered_id: i64,
) -> Result<Vec<(NaiveDate, f64, bool, i64)>, sqlx::Error> {
    let rows: Vec<(String, f64, bool, i64)> = sqlx::query_as(
        "SELECT e.on_date, e.value, e.restart, e.id FROM bv_entries e
         WHERE e.entered_id = ?
           AND NOT EXISTS (SELECT 1 FROM bv_entries c WHERE c.corrects = e.id)
         ORDER BY e.on_date, e.id",
    )
    .bind(entered_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(d, v, r, id)| super::date(&d).map(|d| (d, v, r, id)))
        .collect())
}

/// The indicator's value over each period (see [`Kind`]); `None` where nothing was entered.
pub async fn measure(
    pool: &SqlitePool,
    entered: &Entered,
    periods: &[Period],
) -> Result<Vec<Option<f64>>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let rows = effective(&mut conn, entered.id).await?;
    Ok(periods
        .iter()
        .map(|p| value_over(entered.kind, &rows, p.first_day, p.end_day))
        .collect())
}

/// A period's value from the entries that count, oldest first.
fn value_over(
    kind: Kind,
    rows: &[(NaiveDate, f64, bool, i64)],
    first: NaiveDate,
    end: NaiveDate,
) -> Option<f64> {
    let inside = |d: NaiveDate| d >= first && d < end;
    match kind {
        Kind::Sum => {
            let mut in_period = rows.iter().filter(|r| inside(r.0)).peekable();
            in_period.peek()?;
            Some(in_period.map(|r| r.1).sum())
        }
        Kind::Last => rows.iter().rev().find(|r| inside(r.0)).map(|r| r.1),
        Kind::Meter => {
            // Each reading in the period adds what was used since the reading before it; the
            // first reading of all, and a new meter's first, add nothing.
            let mut used = None;
            for pair in rows.windows(2) {
                let (before, after) = (&pair[0], &pair[1]);
                if inside(after.0) {
                    let add = if after.2 { 0.0 } else { after.1 - before.1 };
                    used = Some(used.unwrap_or(0.0) + add);
                }
            }
            used
        }
    }
}

/// What is entered.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = BienVivreEntryInput)]
pub struct NewEntry {
    /// The indicator's key (`e_eau`).
    #[schema(max_length = 60)]
    pub indicator: String,
    /// The day it was measured, `YYYY-MM-DD`, not after today.
    #[schema(pattern = r"^\d{4}-\d{2}-\d{2}$")]
    pub on_date: String,
    pub value: f64,
    /// Why: needed to correct an entry and for a meter lower than its reading before.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub reason: String,
    /// The entry this one corrects.
    #[serde(default)]
    pub corrects: Option<i64>,
}

/// A reading for a refusal, read alike in French and English: « 1 987 m³ (01/12/2026) ».
fn reading_words(value: f64, unit: &str, day: NaiveDate) -> String {
    format!(
        "{}\u{a0}{unit} ({})",
        super::chart::number_fr(value, 2),
        day.format("%d/%m/%Y")
    )
}

/// Records an entry. `today` is the site's local date (no entry for a day to come).
pub async fn add(
    pool: &SqlitePool,
    actor: &Actor,
    input: &NewEntry,
    today: NaiveDate,
) -> Result<Entry, Refusal> {
    let Some(entered) = by_key(pool, input.indicator.trim()).await? else {
        return Err(Refusal::field("indicator", "error-bv-unknown-indicator"));
    };
    let mut f = Fields::default();
    let day = super::date(&input.on_date);
    match day {
        None => f.refuse("on_date", "error-bv-date"),
        Some(d) if d > today => f.refuse("on_date", "error-bv-date-future"),
        Some(d) if d.year_ce().1 < 2000 => f.refuse("on_date", "error-bv-date"),
        Some(_) => {}
    }
    let reason = crate::text::one_line(&input.reason);
    f.check(
        reason.chars().count() > REASON_MAX,
        "reason",
        crate::refusal::too_long(REASON_MAX),
    );
    if !input.value.is_finite() || input.value.abs() >= VALUE_MAX {
        f.refuse("value", "error-bv-value");
    } else if entered.kind == Kind::Meter && input.value < 0.0 {
        f.refuse("value", "error-bv-meter-negative");
    }
    if input.corrects.is_some() && reason.is_empty() {
        f.refuse("reason", "error-bv-correction-reason");
    }
    f.done()?;
    let Some(day) = day else {
        return Err(Refusal::field("on_date", "error-bv-date"));
    };
    let mut tx = db::begin_write(pool).await?;
    if let Some(old) = input.corrects {
        let target: Option<(i64, bool)> = sqlx::query_as(
            "SELECT entered_id, EXISTS (SELECT 1 FROM bv_entries c WHERE c.corrects = e.id)
             FROM bv_entries e WHERE id = ?",
        )
        .bind(old)
        .fetch_optional(&mut *tx)
        .await?;
        match target {
            Some((id, false)) if id == entered.id => {}
            Some((id, true)) if id == entered.id => {
                return Err(Refusal::conflict("error-bv-already-corrected"));
            }
            _ => return Err(Refusal::field("corrects", "error-bv-unknown-entry")),
        }
    }
    // A meter never goes backwards without a reason: the reading before this day (the one
    // corrected aside) must not be higher, nor the one after lower.
    let mut restart = false;
    if entered.kind == Kind::Meter {
        let rows: Vec<_> = effective(&mut tx, entered.id)
            .await?
            .into_iter()
            .filter(|r| Some(r.3) != input.corrects)
            .collect();
        let before = rows.iter().rev().find(|r| r.0 <= day);
        let after = rows.iter().find(|r| r.0 > day);
        if let Some(b) = before
            && input.value < b.1
        {
            if reason.is_empty() {
                return Err(Refusal::Conflict {
                    key: "error-bv-meter-backwards",
                    arg: reading_words(b.1, &entered.unit, b.0),
                });
            }
            restart = true;
        }
        if let Some(a) = after
            && input.value > a.1
            && !a.2
        {
            return Err(Refusal::Conflict {
                key: "error-bv-meter-above-next",
                arg: reading_words(a.1, &entered.unit, a.0),
            });
        }
    }
    let at = db::now_text();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO bv_entries (entered_id, on_date, value, reason, restart, corrects,
             entered_by_user, entered_by_name, entered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(entered.id)
    .bind(day.to_string())
    .bind(input.value)
    .bind(&reason)
    .bind(restart)
    .bind(input.corrects)
    .bind(actor.id)
    .bind(&actor.name)
    .bind(&at)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        if input.corrects.is_some() {
            "bienvivre.entry.correct"
        } else {
            "bienvivre.entry.add"
        },
        "bv_entry",
        id,
        None,
        Some(&json!({
            "indicator": entered.key,
            "on_date": day.to_string(),
            "value": input.value,
            "reason": reason,
            "corrects": input.corrects,
            "restart": restart,
        })),
    )
    .await?;
    tx.commit().await?;
    get(pool, id).await?.ok_or(Refusal::NotFound)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{Kind, value_over};
    use chrono::NaiveDate;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn a_meter_counts_what_was_used_in_the_period_of_the_later_reading() {
        // 100 on 1 Jan, 130 on 1 Feb, 175 on 1 Mar, a new meter reading 5 on 15 Mar, 25 on 1 Apr.
        let rows = [
            (d(1, 1), 100.0, false, 1),
            (d(2, 1), 130.0, false, 2),
            (d(3, 1), 175.0, false, 3),
            (d(3, 15), 5.0, true, 4),
            (d(4, 1), 25.0, false, 5),
        ];
        // The very first reading says nothing of what was used before it.
        assert_eq!(value_over(Kind::Meter, &rows, d(1, 1), d(2, 1)), None);
        assert_eq!(value_over(Kind::Meter, &rows, d(2, 1), d(3, 1)), Some(30.0));
        // 45 up to the 1st; the new meter adds nothing when fitted.
        assert_eq!(value_over(Kind::Meter, &rows, d(3, 1), d(4, 1)), Some(45.0));
        assert_eq!(value_over(Kind::Meter, &rows, d(4, 1), d(5, 1)), Some(20.0));
        assert_eq!(value_over(Kind::Meter, &rows, d(5, 1), d(6, 1)), None);
        assert_eq!(
            value_over(Kind::Meter, &rows, d(1, 1), d(12, 31)),
            Some(95.0)
        );
    }

    #[test]
    fn sums_and_latest_values() {
        let rows = [
            (d(1, 10), 12.5, false, 1),
            (d(1, 20), 7.5, false, 2),
            (d(3, 5), 40.0, false, 3),
        ];
        assert_eq!(value_over(Kind::Sum, &rows, d(1, 1), d(2, 1)), Some(20.0));
        assert_eq!(value_over(Kind::Sum, &rows, d(2, 1), d(3, 1)), None);
        assert_eq!(value_over(Kind::Last, &rows, d(1, 1), d(2, 1)), Some(7.5));
        assert_eq!(value_over(Kind::Last, &rows, d(1, 1), d(12, 1)), Some(40.0));
    }
}
