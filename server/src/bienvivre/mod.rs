//! The Bien-Vivre dashboard (seed, annex 2 « Compter autrement »): the eight criteria, each
//! followed by indicators — computed from what the place does (each domain declares its own
//! [`Measure`]s in the list of domains) or entered by hand ([`entries`]: meters, waste weighed, a
//! survey) — over the last twelve months on `/bien-vivre`, and the year's report for the journée
//! citoyenne, with the committee's commentary per criterion, as a page that prints on A4, CSV and
//! an OpenDocument spreadsheet.
//!
//! - [`chart`]: the inline SVG charts, drawn here (no JavaScript);
//! - [`ods`]: the spreadsheet writer;
//! - [`entries`]: the indicators entered by hand and their history;
//! - [`pages`], [`api`]: the dashboard, the report, the entry forms, the admin's switches.
//!
//! Who sees what: the staff and the citizens' committee (accounts the admin names) see every
//! indicator switched on; everybody else, logged in or not, sees those the admin published.

pub mod api;
pub mod chart;
mod demo;
pub mod entries;
pub mod history;
pub mod ods;
pub mod pages;
pub mod settled;

use crate::audit::Actor;
use crate::refusal::Refusal;
use crate::web::domain::{Better, Domain, Domains, Finding, Fut, Measure, Period};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::HashMap;

/// The eight criteria of the seed's annex 2, by number; their words are `bv-criterion-{n}`.
pub const CRITERIA: [u8; 8] = [1, 2, 3, 4, 5, 6, 7, 8];

/// A `YYYY-MM-DD` date.
pub fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The first day of the month of `d`.
fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The first day of the month after the one of `d`.
fn next_month(d: NaiveDate) -> NaiveDate {
    month_start(d)
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(d)
}

/// The local month `first` (any day of it) and the `count - 1` after it.
pub fn months(first: NaiveDate, count: usize, tz: chrono_tz::Tz) -> Vec<Period> {
    let mut out = Vec::with_capacity(count);
    let mut start = month_start(first);
    for _ in 0..count {
        let end = next_month(start);
        out.push(Period::days(start, end, tz));
        start = end;
    }
    out
}

/// Where an indicator's values come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// Computed by a domain.
    Computed(&'static Measure),
    /// Entered by hand.
    Entered(entries::Entered),
}

/// The admin's switches over one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = BienVivreSwitches)]
pub struct Switches {
    /// Shown on the dashboard.
    pub enabled: bool,
    /// Shown to everybody (the public page and report).
    pub published: bool,
    /// The yearly target, in the indicator's unit.
    pub target: Option<f64>,
}

impl Default for Switches {
    fn default() -> Switches {
        Switches {
            enabled: true,
            published: false,
            target: None,
        }
    }
}

/// An indicator, computed or entered, with the admin's switches.
#[derive(Debug, Clone)]
pub struct Indicator {
    pub key: String,
    pub criterion: u8,
    pub better: Better,
    pub source: Source,
    pub switches: Switches,
}

impl Indicator {
    /// Its name in the reader's language.
    pub fn name(&self, tr: &crate::i18n::Tr) -> String {
        match &self.source {
            Source::Computed(m) => tr.t(&format!("bv-ind-{}", m.key)),
            Source::Entered(e) if tr.lang == crate::i18n::Lang::En && !e.name_en.is_empty() => {
                e.name_en.clone()
            }
            Source::Entered(e) => e.name.clone(),
        }
    }

    /// How it is counted, in the reader's language.
    pub fn definition(&self, tr: &crate::i18n::Tr) -> String {
        match &self.source {
            Source::Computed(m) => tr.t(&format!("bv-ind-{}-def", m.key)),
            Source::Entered(e) => tr.t(match e.kind {
                entries::Kind::Meter => "bv-entered-meter-def",
                entries::Kind::Sum => "bv-entered-sum-def",
                entries::Kind::Last => "bv-entered-last-def",
            }),
        }
    }

    /// Its unit, as written after a number (a column's heading: the plural).
    pub fn unit(&self, tr: &crate::i18n::Tr) -> String {
        self.unit_for(tr, None)
    }

    /// Its unit after `value`: « 1 personne », « 0 personne » and « 3 personnes » in French,
    /// « 1 person » and « 0 people » in English.
    pub fn unit_for(&self, tr: &crate::i18n::Tr, value: Option<f64>) -> String {
        match &self.source {
            Source::Computed(m) => {
                let one = value.is_some_and(|v| match tr.lang {
                    crate::i18n::Lang::Fr => v.abs() < 2.0,
                    crate::i18n::Lang::En => v == 1.0,
                });
                tr.ta(
                    &format!("bv-unit-{}", m.unit),
                    &[("n", if one { "one" } else { "other" })],
                )
            }
            Source::Entered(e) => e.unit.clone(),
        }
    }

    /// Whether a stretch's value is an amount over it (hours, people, kilograms used) rather
    /// than a level (a share, the latest price).
    pub fn adds_up(&self) -> bool {
        match &self.source {
            Source::Computed(m) => m.unit != "percent",
            Source::Entered(e) => e.kind != entries::Kind::Last,
        }
    }

    /// `computed` or `entered`.
    pub fn source_name(&self) -> &'static str {
        match self.source {
            Source::Computed(_) => "computed",
            Source::Entered(_) => "entered",
        }
    }

    /// Its value over each period.
    pub async fn measure(
        &self,
        pool: &SqlitePool,
        periods: &[Period],
    ) -> Result<Vec<Option<f64>>, sqlx::Error> {
        match &self.source {
            Source::Computed(m) => settled::measure(pool, m, periods, Utc::now(), false).await,
            Source::Entered(e) => entries::measure(pool, e, periods).await,
        }
    }
}

/// Every indicator — the domains' computed ones in the list's order, then those entered by
/// hand — by criterion, with the admin's switches.
pub async fn indicators(
    pool: &SqlitePool,
    domains: Domains,
) -> Result<Vec<Indicator>, sqlx::Error> {
    let switches: HashMap<String, Switches> =
        sqlx::query_as::<_, (String, bool, bool, Option<f64>)>(
            "SELECT key, enabled, published, target FROM bv_settings",
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|(k, enabled, published, target)| {
            (
                k,
                Switches {
                    enabled,
                    published,
                    target,
                },
            )
        })
        .collect();
    let mut out: Vec<Indicator> = domains
        .iter()
        .flat_map(|d| d.measures.iter())
        .map(|m| Indicator {
            key: m.key.to_owned(),
            criterion: m.criterion,
            better: m.better,
            source: Source::Computed(m),
            switches: switches.get(m.key).copied().unwrap_or_default(),
        })
        .collect();
    for e in entries::list(pool).await? {
        out.push(Indicator {
            key: e.key.clone(),
            criterion: e.criterion,
            better: e.better,
            switches: switches.get(&e.key).copied().unwrap_or_default(),
            source: Source::Entered(e),
        });
    }
    out.sort_by_key(|i| i.criterion);
    Ok(out)
}

/// Who is reading: the whole dashboard, or what was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The staff and the citizens' committee.
    Committee,
    /// Everybody else.
    Public,
}

impl Audience {
    /// Whether this reader sees the indicator.
    pub fn sees(self, i: &Indicator) -> bool {
        i.switches.enabled && (self == Audience::Committee || i.switches.published)
    }
}

/// Whether an account sits on the citizens' committee.
pub async fn on_committee(pool: &SqlitePool, user_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM bv_committee WHERE user_id = ?)")
        .bind(user_id)
        .fetch_one(pool)
        .await
}

/// What the reader of a page may see.
pub async fn audience_of(
    pool: &SqlitePool,
    user: Option<&crate::auth::CurrentUser>,
) -> Result<Audience, sqlx::Error> {
    Ok(match user {
        Some(u) if u.role.is_staff() => Audience::Committee,
        Some(u) if on_committee(pool, u.id).await? => Audience::Committee,
        _ => Audience::Public,
    })
}

/// An indicator's values over a stretch of months, the stretch as a whole and the same stretch a
/// year before.
#[derive(Debug, Clone)]
pub struct Series {
    pub indicator: Indicator,
    /// The months' first days.
    pub months: Vec<NaiveDate>,
    pub values: Vec<Option<f64>>,
    /// The whole stretch (distinct people counted once; a meter's use over it).
    pub total: Option<f64>,
    /// The same stretch a year before.
    pub before: Option<f64>,
}

/// How an indicator stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    NoTarget,
    NoValue,
    Reached,
    NotReached,
}

/// Which way it went against the year before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Nothing to compare with.
    Unknown,
    Steady,
    /// Up or down, and better…
    Better,
    /// …or worse.
    Worse,
}

impl Series {
    /// Against the yearly target: the whole stretch is a year.
    pub fn standing(&self) -> Standing {
        match (self.indicator.switches.target, self.total) {
            (None, _) => Standing::NoTarget,
            (_, None) => Standing::NoValue,
            (Some(t), Some(v)) => {
                let reached = match self.indicator.better {
                    Better::Higher => v >= t,
                    Better::Lower => v <= t,
                };
                if reached {
                    Standing::Reached
                } else {
                    Standing::NotReached
                }
            }
        }
    }

    /// Against the year before: steady within 5 %.
    pub fn trend(&self) -> Trend {
        let (Some(now), Some(then)) = (self.total, self.before) else {
            return Trend::Unknown;
        };
        let change = now - then;
        let scale = then.abs().max(now.abs());
        if scale == 0.0 || change.abs() <= 0.05 * scale {
            return Trend::Steady;
        }
        let up = change > 0.0;
        if up == (self.indicator.better == Better::Higher) {
            Trend::Better
        } else {
            Trend::Worse
        }
    }

    /// Whether the direction is up (for the words « en hausse » / « en baisse »).
    pub fn went_up(&self) -> bool {
        matches!((self.total, self.before), (Some(a), Some(b)) if a > b)
    }
}

/// The periods [`series`] measures: `count` months from `first`, the whole stretch, and the same
/// stretch a year before.
pub fn series_periods(first: NaiveDate, count: usize, tz: chrono_tz::Tz) -> Vec<Period> {
    let mut periods = months(first, count, tz);
    let end = periods.last().map_or(first, |p| p.end_day);
    let year_before = |d: NaiveDate| d.checked_sub_months(chrono::Months::new(12)).unwrap_or(d);
    periods.push(Period::days(first, end, tz));
    periods.push(Period::days(year_before(first), year_before(end), tz));
    periods
}

/// The indicators this reader sees, measured month by month from `first` (a month's first day)
/// for `count` months, over the whole stretch, and over the same stretch a year before.
pub async fn series(
    pool: &SqlitePool,
    domains: Domains,
    tz: chrono_tz::Tz,
    audience: Audience,
    first: NaiveDate,
    count: usize,
) -> Result<Vec<Series>, sqlx::Error> {
    let periods = series_periods(first, count, tz);
    let mut out = vec![];
    for i in indicators(pool, domains).await? {
        if !audience.sees(&i) {
            continue;
        }
        let mut values = i.measure(pool, &periods).await?;
        values.resize(count + 2, None);
        let before = values.pop().flatten();
        let total = values.pop().flatten();
        out.push(Series {
            months: periods.iter().take(count).map(|p| p.first_day).collect(),
            values,
            total,
            before,
            indicator: i,
        });
    }
    Ok(out)
}

/// The first day of the twelve months the dashboard shows at `now` (the current month last).
pub fn last_twelve(now: DateTime<Utc>, tz: chrono_tz::Tz) -> NaiveDate {
    let today = now.with_timezone(&tz).date_naive();
    month_start(today)
        .checked_sub_months(chrono::Months::new(11))
        .unwrap_or(today)
}

/// The committee's latest commentary on each criterion of a year.
pub async fn commentaries(
    pool: &SqlitePool,
    year: i32,
) -> Result<HashMap<u8, Commentary>, sqlx::Error> {
    let rows: Vec<Commentary> = sqlx::query_as(
        "SELECT c.criterion, c.body, c.written_by_name, c.written_at FROM bv_commentaries c
         WHERE c.year = ?1 AND c.id = (SELECT max(id) FROM bv_commentaries
                                       WHERE year = ?1 AND criterion = c.criterion)",
    )
    .bind(year)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|c| (u8::try_from(c.criterion).unwrap_or(0), c))
        .collect())
}

/// A criterion's commentary for a year.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Commentary {
    pub criterion: i64,
    pub body: String,
    pub written_by_name: String,
    pub written_at: String,
}

/// The longest commentary, in characters.
pub const COMMENTARY_MAX: usize = 4000;

/// Writes a new version of a criterion's commentary for a year (every version is kept).
pub async fn write_commentary(
    pool: &SqlitePool,
    actor: &Actor,
    year: i32,
    criterion: u8,
    body: &str,
) -> Result<(), Refusal> {
    let body = body.trim();
    let mut f = crate::refusal::Fields::default();
    f.check(
        !CRITERIA.contains(&criterion),
        "criterion",
        "error-bv-criterion",
    )
    .check(!(2000..=2200).contains(&year), "year", "error-bv-year")
    .check(
        body.chars().count() > COMMENTARY_MAX,
        "body",
        crate::refusal::too_long(COMMENTARY_MAX),
    );
    f.done()?;
    let mut tx = crate::db::begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO bv_commentaries (year, criterion, body, written_by_user, written_by_name,
             written_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(year)
    .bind(criterion)
    .bind(body)
    .bind(actor.id)
    .bind(&actor.name)
    .bind(crate::db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    crate::audit::record(
        &mut tx,
        actor,
        "bienvivre.commentary",
        "bv_commentary",
        id,
        None,
        Some(&serde_json::json!({"year": year, "criterion": criterion, "body": body})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets an indicator's switches (the admin's).
pub async fn set_switches(
    pool: &SqlitePool,
    domains: Domains,
    actor: &Actor,
    key: &str,
    s: Switches,
) -> Result<(), Refusal> {
    let all = indicators(pool, domains).await?;
    let Some(before) = all.iter().find(|i| i.key == key) else {
        return Err(Refusal::NotFound);
    };
    if s.target
        .is_some_and(|t| !t.is_finite() || t.abs() >= entries::VALUE_MAX)
    {
        return Err(Refusal::field("target", "error-bv-value"));
    }
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query(
        "INSERT INTO bv_settings (key, enabled, published, target, updated_by_name, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (key) DO UPDATE SET enabled = ?2, published = ?3, target = ?4,
             updated_by_name = ?5, updated_at = ?6",
    )
    .bind(key)
    .bind(s.enabled)
    .bind(s.published)
    .bind(s.target)
    .bind(&actor.name)
    .bind(crate::db::now_text())
    .execute(&mut *tx)
    .await?;
    crate::audit::record(
        &mut tx,
        actor,
        "bienvivre.switches",
        "bv_settings",
        key,
        Some(&serde_json::to_value(before.switches).unwrap_or_default()),
        Some(&serde_json::to_value(s).unwrap_or_default()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Names an account to the committee, or takes it off.
pub async fn set_committee(
    pool: &SqlitePool,
    actor: &Actor,
    user_id: i64,
    member: bool,
) -> Result<(), Refusal> {
    let exists: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM users WHERE id = ? AND disabled_at IS NULL)",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    if !exists {
        return Err(Refusal::field("user_id", "error-bv-unknown-account"));
    }
    let mut tx = crate::db::begin_write(pool).await?;
    let changed = if member {
        sqlx::query(
            "INSERT INTO bv_committee (user_id, added_by_name, added_at) VALUES (?, ?, ?)
             ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(&actor.name)
        .bind(crate::db::now_text())
        .execute(&mut *tx)
        .await?
        .rows_affected()
    } else {
        sqlx::query("DELETE FROM bv_committee WHERE user_id = ?")
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
    };
    if changed > 0 {
        crate::audit::record(
            &mut tx,
            actor,
            if member {
                "bienvivre.committee.add"
            } else {
                "bienvivre.committee.remove"
            },
            "user",
            user_id,
            None,
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What the dashboard holds about a person: the entries and commentaries their accounts wrote,
/// and whether they sit on the committee.
fn export(pool: &SqlitePool, person: i64) -> Fut<'_, Result<serde_json::Value, sqlx::Error>> {
    Box::pin(async move {
        let entries: Vec<(String, String, f64, String)> = sqlx::query_as(
            "SELECT i.key, e.on_date, e.value, e.entered_at FROM bv_entries e
             JOIN bv_entered i ON i.id = e.entered_id
             JOIN users u ON u.id = e.entered_by_user WHERE u.person_id = ? ORDER BY e.id",
        )
        .bind(person)
        .fetch_all(pool)
        .await?;
        let commentaries: Vec<(i64, i64, String, String)> = sqlx::query_as(
            "SELECT c.year, c.criterion, c.body, c.written_at FROM bv_commentaries c
             JOIN users u ON u.id = c.written_by_user WHERE u.person_id = ? ORDER BY c.id",
        )
        .bind(person)
        .fetch_all(pool)
        .await?;
        let committee: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM bv_committee m JOIN users u ON u.id = m.user_id
                            WHERE u.person_id = ?)",
        )
        .bind(person)
        .fetch_one(pool)
        .await?;
        Ok(serde_json::json!({
            "committee": committee,
            "entries": entries.iter().map(|(k, d, v, at)| serde_json::json!(
                {"indicator": k, "on_date": d, "value": v, "entered_at": at})).collect::<Vec<_>>(),
            "commentaries": commentaries.iter().map(|(y, c, b, at)| serde_json::json!(
                {"year": y, "criterion": c, "body": b, "written_at": at})).collect::<Vec<_>>(),
        }))
    })
}

/// Erasing a person: their name leaves what their accounts entered and wrote (the values and the
/// commentaries stay: they are the place's record), and they leave the committee.
fn erase<'a>(
    conn: &'a mut SqliteConnection,
    _actor: &'a Actor,
    person: i64,
    _now: &'a str,
) -> Fut<'a, Result<(), Refusal>> {
    Box::pin(async move {
        sqlx::query(
            "UPDATE bv_entries SET entered_by_name = '(effacé)'
             WHERE entered_by_user IN (SELECT id FROM users WHERE person_id = ?)
               AND entered_by_name <> '(effacé)'",
        )
        .bind(person)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "UPDATE bv_commentaries SET written_by_name = '(effacé)'
             WHERE written_by_user IN (SELECT id FROM users WHERE person_id = ?)
               AND written_by_name <> '(effacé)'",
        )
        .bind(person)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "DELETE FROM bv_committee WHERE user_id IN (SELECT id FROM users WHERE person_id = ?)",
        )
        .bind(person)
        .execute(&mut *conn)
        .await?;
        Ok(())
    })
}

/// The dashboard's invariants: every switch names an indicator that exists; corrections stay
/// within their indicator.
fn check(pool: &SqlitePool) -> Fut<'_, Result<Vec<Finding>, sqlx::Error>> {
    Box::pin(async move {
        let keys: Vec<String> = sqlx::query_scalar("SELECT key FROM bv_settings")
            .fetch_all(pool)
            .await?;
        let known = indicators(pool, crate::DOMAINS).await?;
        let unknown = keys
            .iter()
            .filter(|k| !known.iter().any(|i| &i.key == *k))
            .count();
        let crossed = crate::web::domain::count(
            pool,
            "SELECT count(*) FROM bv_entries e JOIN bv_entries c ON c.corrects = e.id
             WHERE c.entered_id <> e.entered_id",
        )
        .await?;
        let measures: Vec<&'static crate::web::domain::Measure> = known
            .iter()
            .filter_map(|i| match i.source {
                Source::Computed(m) => Some(m),
                Source::Entered(_) => None,
            })
            .collect();
        let stale = settled::stale(pool, &measures).await?;
        Ok(vec![
            Finding::from_count(
                "bienvivre.kept_values_current",
                stale,
                "indicators whose latest settled month, as kept, differs from the rows",
            ),
            Finding::from_count(
                "bienvivre.switches_known",
                i64::try_from(unknown).unwrap_or(i64::MAX),
                "switches name no indicator",
            ),
            Finding::from_count(
                "bienvivre.corrections_same_indicator",
                crossed,
                "corrections of another indicator's entry",
            ),
        ])
    })
}

/// The dashboard in the list of domains.
pub static DOMAIN: Domain = Domain {
    openapi: Some(api::openapi),
    export: Some(export),
    erase: Some(erase),
    check: Some(check),
    demo: Some(demo::demo),
    jobs: &[crate::web::domain::Job {
        name: "bienvivre-measure",
        every_seconds: 600,
        run: settled::refresh,
    }],
    ..Domain::new("bienvivre", routes)
};

fn routes(r: &mut crate::web::Routes) {
    pages::declare(r);
    api::declare(r);
}

/// The site's local date now.
pub fn today(tz: chrono_tz::Tz) -> NaiveDate {
    Utc::now().with_timezone(&tz).date_naive()
}

/// The year of the site's local date now.
pub fn this_year(tz: chrono_tz::Tz) -> i32 {
    today(tz).year()
}

/// The twelve months of `year`, starting on 1 January.
pub fn year_start(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default()
}

/// For tests and the demo: a day `n` days before `d`.
pub fn days_before(d: NaiveDate, n: i64) -> NaiveDate {
    d - Duration::days(n)
}
