//! The dashboard's pages: `/bien-vivre` (the eight criteria over the last twelve months), the
//! year's report for the journée citoyenne (`/bien-vivre/rapport`, printable, with its CSV and
//! spreadsheet), the desk's entries (`/bien-vivre/saisie`) and the admin's switches and committee
//! (`/bien-vivre/reglages`).

use super::chart::{self, Chart, Kind, number_fr};
use super::entries::{self, NewEntry};
use super::{Audience, CRITERIA, Series, Standing, Switches, Trend};
use crate::refusal::Refusal;
use crate::web::forms::{
    FormState, html_status, not_found, query_value, refusal_message, see_other,
};
use crate::web::{ADMIN, Access, AppState, Ctx, F, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::State;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

type Form = HashMap<String, String>;

pub(super) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    r.add(M::GET, "/bien-vivre", Access::Public, get(dashboard));
    r.add(M::GET, "/bien-vivre/rapport", Access::Public, get(report));
    r.add(
        M::GET,
        "/bien-vivre/rapport.csv",
        Access::Public,
        get(report_csv),
    );
    r.add(
        M::GET,
        "/bien-vivre/rapport.ods",
        Access::Public,
        get(report_ods),
    );
    r.add(
        M::POST,
        "/bien-vivre/rapport/commentaire",
        Access::Authenticated,
        post(commentary_post),
    );
    r.add(M::GET, "/bien-vivre/saisie", STAFF, get(entry_page));
    r.add(M::POST, "/bien-vivre/saisie", STAFF, post(entry_post));
    r.add(M::GET, "/bien-vivre/reglages", ADMIN, get(settings_page));
    r.add(
        M::POST,
        "/bien-vivre/reglages/indicateur",
        ADMIN,
        post(switches_post),
    );
    r.add(
        M::POST,
        "/bien-vivre/reglages/nouvel-indicateur",
        ADMIN,
        post(new_indicator_post),
    );
    r.add(
        M::POST,
        "/bien-vivre/reglages/comite",
        ADMIN,
        post(committee_post),
    );
}

async fn audience(state: &AppState, c: &Ctx) -> Result<Audience, PageError> {
    Ok(super::audience_of(&state.pool, c.user.as_ref()).await?)
}

/// A month's label: « janv. » (the chart's axis and the report's columns), or « janvier 2026 ».
fn month_label(c: &Ctx, d: NaiveDate, long: bool) -> String {
    let n = d.month();
    if long {
        format!("{} {}", c.tr.t(&format!("bv-month-{n}")), d.year())
    } else {
        c.tr.t(&format!("bv-month-short-{n}"))
    }
}

/// A stored day (`YYYY-MM-DD`) as read: « 1 déc. 2026 ».
pub fn date_text(c: &Ctx, stored: &str) -> String {
    match super::date(stored) {
        Some(d) => format!(
            "{} {} {}",
            d.day(),
            c.tr.t(&format!("bv-month-short-{}", d.month())),
            d.year()
        ),
        None => stored.to_owned(),
    }
}

/// A value as read: « 1 234,5 h », « 62 % », or « — » for no value.
fn value_text(v: Option<f64>, unit: &str) -> String {
    match v {
        None => "—".into(),
        Some(v) => {
            let decimals = if (v - v.round()).abs() < 0.05 { 0 } else { 1 };
            let n = number_fr(v, decimals);
            if unit.is_empty() {
                n
            } else {
                format!("{n}\u{a0}{unit}")
            }
        }
    }
}

/// One indicator as a page shows it.
#[derive(Debug)]
pub struct IndicatorView {
    pub key: String,
    pub name: String,
    pub definition: String,
    pub entered: bool,
    pub total: String,
    pub before: String,
    pub target: Option<String>,
    /// In words, not only colour: « Objectif atteint (objectif : 500 h) ».
    pub standing: String,
    /// `ok`, `ko` or empty.
    pub standing_class: &'static str,
    pub trend: String,
    /// `ok` when it went the right way, `ko` the wrong way, else empty.
    pub trend_class: &'static str,
    pub svg: String,
    /// The chart's text alternative (also under it).
    pub summary: String,
    /// (month, value) for the data table under the chart.
    pub table: Vec<(String, String)>,
    /// The unit, for a table whose cells are bare numbers.
    pub unit: String,
    /// (short month, bare number): the report's row of months.
    pub row: Vec<(String, String)>,
}

fn view(c: &Ctx, s: &Series, large: bool, period_word: &str) -> IndicatorView {
    let i = &s.indicator;
    let unit = i.unit(&c.tr);
    let vt = |v: Option<f64>| value_text(v, &i.unit_for(&c.tr, v));
    let name = i.name(&c.tr);
    let labels: Vec<String> = s.months.iter().map(|d| month_label(c, *d, false)).collect();
    let target_per_month = i.switches.target.filter(|_| {
        matches!(&i.source, super::Source::Computed(m) if m.unit != "percent")
            || matches!(&i.source, super::Source::Entered(e) if e.kind != entries::Kind::Last)
    });
    let target_line = target_per_month.map(|t| t / 12.0);
    let target_label = target_line
        .map(|t| c.tr.ta("bv-chart-target", &[("value", &vt(Some(t)))]))
        .unwrap_or_default();
    // The text alternative: the total, the highest and lowest months, the months without data.
    let known: Vec<(usize, f64)> = s
        .values
        .iter()
        .enumerate()
        .filter_map(|(n, v)| v.map(|v| (n, v)))
        .collect();
    let summary = if known.is_empty() {
        c.tr.ta("bv-summary-empty", &[("period", period_word)])
    } else {
        let high = known
            .iter()
            .copied()
            .fold(known[0], |a, b| if b.1 > a.1 { b } else { a });
        let low = known
            .iter()
            .copied()
            .fold(known[0], |a, b| if b.1 < a.1 { b } else { a });
        let missing = s.values.len() - known.len();
        c.tr.ta(
            if i.adds_up() {
                "bv-summary"
            } else {
                "bv-summary-level"
            },
            &[
                ("period", period_word),
                ("total", &vt(s.total)),
                (
                    "high",
                    &format!(
                        "{} ({})",
                        month_label(c, s.months[high.0], true),
                        vt(Some(high.1))
                    ),
                ),
                (
                    "low",
                    &format!(
                        "{} ({})",
                        month_label(c, s.months[low.0], true),
                        vt(Some(low.1))
                    ),
                ),
                ("missing", &missing.to_string()),
            ],
        )
    };
    let (w, h) = if large { (640, 220) } else { (360, 150) };
    let kind = match &i.source {
        super::Source::Entered(e) if e.kind == entries::Kind::Last => Kind::Line,
        super::Source::Computed(m) if m.unit == "percent" => Kind::Line,
        _ => Kind::Bars,
    };
    // Counts carry their unit in the title, not on the axis (« 1 personnes » is not French).
    let axis_unit = match &i.source {
        super::Source::Computed(m) if matches!(m.unit, "people" | "trips" | "events") => "",
        _ => unit.as_str(),
    };
    let svg = chart::svg(&Chart {
        id: &format!("graphique-{}", i.key),
        title: &name,
        description: &summary,
        labels: &labels,
        values: &s.values,
        target: target_line,
        target_label: &target_label,
        unit: axis_unit,
        kind,
        width: w,
        height: h,
    });
    let target = i.switches.target.map(|t| vt(Some(t)));
    let (standing, standing_class) = match s.standing() {
        Standing::NoTarget => (c.tr.t("bv-standing-no-target"), ""),
        Standing::NoValue => (c.tr.t("bv-standing-no-value"), ""),
        Standing::Reached => (
            c.tr.ta(
                "bv-standing-reached",
                &[("target", target.as_deref().unwrap_or(""))],
            ),
            "ok",
        ),
        Standing::NotReached => (
            c.tr.ta(
                if i.better == crate::web::domain::Better::Higher {
                    "bv-standing-below"
                } else {
                    "bv-standing-above"
                },
                &[("target", target.as_deref().unwrap_or(""))],
            ),
            "ko",
        ),
    };
    let direction = if s.went_up() { "up" } else { "down" };
    let (trend, trend_class) = match s.trend() {
        Trend::Unknown => (c.tr.t("bv-trend-unknown"), ""),
        Trend::Steady => (c.tr.t("bv-trend-steady"), ""),
        Trend::Better => (c.tr.ta("bv-trend-better", &[("way", direction)]), "ok"),
        Trend::Worse => (c.tr.ta("bv-trend-worse", &[("way", direction)]), "ko"),
    };
    IndicatorView {
        key: i.key.clone(),
        definition: i.definition(&c.tr),
        entered: matches!(i.source, super::Source::Entered(_)),
        total: vt(s.total),
        before: vt(s.before),
        target,
        standing,
        standing_class,
        trend,
        trend_class,
        svg,
        summary,
        table: s
            .months
            .iter()
            .zip(&s.values)
            .map(|(d, v)| (month_label(c, *d, true), vt(*v)))
            .collect(),
        row: s
            .months
            .iter()
            .zip(&s.values)
            .map(|(d, v)| (month_label(c, *d, false), value_text(*v, "")))
            .collect(),
        unit,
        name,
    }
}

/// A criterion with its indicators.
#[derive(Debug)]
pub struct CriterionView {
    pub number: u8,
    pub title: String,
    pub hint: String,
    pub indicators: Vec<IndicatorView>,
    pub commentary: Option<super::Commentary>,
    /// The day it was written, in words (a yearly report needs the date, not the hour).
    pub commentary_day: String,
}

/// A stored instant's local day in words: « dimanche 6 décembre 2026 ».
fn day_words(c: &Ctx, stored: &str) -> String {
    crate::time::parse_instant(stored)
        .map(|t| {
            let d = t.with_timezone(&c.tz).date_naive();
            match c.tr.lang {
                crate::i18n::Lang::Fr => crate::time::long_day_fr(d),
                crate::i18n::Lang::En => crate::time::long_day_en(d),
            }
        })
        .unwrap_or_default()
}

fn criteria(
    c: &Ctx,
    series: &[Series],
    large: bool,
    period_word: &str,
    commentaries: &HashMap<u8, super::Commentary>,
) -> Vec<CriterionView> {
    CRITERIA
        .iter()
        .map(|&n| CriterionView {
            number: n,
            title: c.tr.t(&format!("bv-criterion-{n}")),
            hint: c.tr.t(&format!("bv-criterion-{n}-hint")),
            indicators: series
                .iter()
                .filter(|s| s.indicator.criterion == n)
                .map(|s| view(c, s, large, period_word))
                .collect(),
            commentary: commentaries.get(&n).cloned(),
            commentary_day: commentaries
                .get(&n)
                .map(|k| day_words(c, &k.written_at))
                .unwrap_or_default(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "bienvivre/dashboard.html")]
struct DashboardPage {
    c: Ctx,
    committee: bool,
    staff: bool,
    admin: bool,
    first: String,
    last: String,
    criteria: Vec<CriterionView>,
    year: i32,
    /// « Les chiffres des mois en cours sont mesurés toutes les 10 minutes (dernière mesure : 14 h 32). »
    measured: String,
}

async fn dashboard(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let audience = audience(&state, &c).await?;
    let first = super::last_twelve(chrono::Utc::now(), c.tz);
    let series = super::series(&state.pool, state.domains, c.tz, audience, first, 12).await?;
    let period_word = c.tr.t("bv-period-twelve");
    let criteria = criteria(&c, &series, false, &period_word, &HashMap::new());
    let last = series
        .first()
        .and_then(|s| s.months.last().copied())
        .unwrap_or(first);
    let role = c.user.as_ref().map(|u| u.role);
    let measured = super::settled::recent_measured_at(&state.pool)
        .await?
        .and_then(|at| crate::time::parse_instant(&at))
        .map(|at| c.tr.ta("bv-measured-at", &[("time", &c.tr.time(at, c.tz))]))
        .unwrap_or_default();
    html_status(
        StatusCode::OK,
        DashboardPage {
            measured,
            first: month_label(&c, first, true),
            last: month_label(&c, last, true),
            committee: audience == Audience::Committee,
            staff: role.is_some_and(crate::auth::Role::is_staff),
            admin: role == Some(crate::auth::Role::Admin),
            year: super::this_year(c.tz),
            criteria,
            c,
        },
    )
}

/// The year asked for (`?annee=2026`), this year by default; `None` when it cannot be read.
fn year_asked(c: &Ctx) -> Option<i32> {
    match query_value(Some(&c.query), "annee") {
        None => Some(super::this_year(c.tz)),
        Some(y) => y
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2200).contains(y)),
    }
}

/// The SEL's year as the report shows it.
#[derive(Debug, Default)]
pub struct SelYear {
    pub hours: String,
    pub sessions: i64,
    pub participants: i64,
    pub newcomers: i64,
    pub purchases: String,
    pub exchanges: i64,
    /// (activity, hours, participants)
    pub activities: Vec<(String, String, i64)>,
}

fn hours_text(minutes: i64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let hours = minutes as f64 / 60.0;
    value_text(Some(hours), "h")
}

#[derive(Template)]
#[template(path = "bienvivre/report.html")]
struct ReportPage {
    c: Ctx,
    committee: bool,
    /// The criterion whose commentary was just saved (`?critere=4`): its confirmation shows there.
    saved: u8,
    year: i32,
    years: Vec<i32>,
    criteria: Vec<CriterionView>,
    sel: SelYear,
    form: FormState,
}

async fn report_data(
    state: &AppState,
    c: &Ctx,
    year: i32,
) -> Result<(Audience, Vec<Series>, HashMap<u8, super::Commentary>), PageError> {
    let audience = audience(state, c).await?;
    let series = super::series(
        &state.pool,
        state.domains,
        c.tz,
        audience,
        super::year_start(year),
        12,
    )
    .await?;
    let commentaries = super::commentaries(&state.pool, year).await?;
    Ok((audience, series, commentaries))
}

async fn report_page(
    state: &AppState,
    c: Ctx,
    year: i32,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (audience, series, commentaries) = report_data(state, &c, year).await?;
    let period_word = c.tr.ta("bv-period-year", &[("year", &year.to_string())]);
    let criteria = criteria(&c, &series, true, &period_word, &commentaries);
    // The SEL's year, kept once settled (a settled year's table no longer changes).
    let whole_year = crate::web::domain::Period::days(
        super::year_start(year),
        super::year_start(year + 1),
        c.tz,
    );
    let summary = super::settled::detail(
        &state.pool,
        super::settled::SEL_YEAR,
        &whole_year,
        chrono::Utc::now(),
        crate::sel::report::year_summary(&state.pool, year, c.tz),
    )
    .await?;
    let sel = SelYear {
        hours: hours_text(summary.total_minutes),
        sessions: summary.sessions,
        participants: summary.participants,
        newcomers: summary.newcomers,
        purchases: hours_text(summary.purchases_minutes),
        exchanges: summary.exchanges,
        activities: summary
            .rows
            .iter()
            .map(|r| (r.activity.clone(), hours_text(r.total), r.participants))
            .collect(),
    };
    let this = super::this_year(c.tz);
    html_status(
        status,
        ReportPage {
            saved: query_value(Some(&c.query), "critere")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0),
            committee: audience == Audience::Committee,
            year,
            years: ((this - 5)..=this).rev().collect(),
            criteria,
            sel,
            form,
            c,
        },
    )
}

async fn report(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let Some(year) = year_asked(&c) else {
        return Err(not_found(&c));
    };
    report_page(&state, c, year, FormState::default(), StatusCode::OK).await
}

/// The report's rows, for the CSV and the spreadsheet: a header, then one row per indicator.
fn report_rows(c: &Ctx, series: &[Series], year: i32) -> (Vec<String>, Vec<Vec<super::ods::Cell>>) {
    use super::ods::Cell;
    let mut header = vec![
        c.tr.t("bv-col-criterion"),
        c.tr.t("bv-col-indicator"),
        c.tr.t("bv-col-unit"),
        c.tr.t("bv-col-source"),
    ];
    for m in 1..=12 {
        header.push(c.tr.t(&format!("bv-month-{m}")));
    }
    header.push(c.tr.ta("bv-col-year", &[("year", &year.to_string())]));
    header.push(c.tr.ta("bv-col-year", &[("year", &(year - 1).to_string())]));
    header.push(c.tr.t("bv-col-target"));
    let rows = series
        .iter()
        .map(|s| {
            let i = &s.indicator;
            let num = |v: Option<f64>| v.map_or(Cell::Empty, Cell::Number);
            let mut row = vec![
                Cell::Text(format!(
                    "{} — {}",
                    i.criterion,
                    c.tr.t(&format!("bv-criterion-{}", i.criterion))
                )),
                Cell::Text(i.name(&c.tr)),
                Cell::Text(i.unit(&c.tr)),
                Cell::Text(c.tr.t(&format!("bv-source-{}", i.source_name()))),
            ];
            row.extend(s.values.iter().map(|v| num(*v)));
            row.push(num(s.total));
            row.push(num(s.before));
            row.push(num(i.switches.target));
            row
        })
        .collect();
    (header, rows)
}

fn attachment(body: Vec<u8>, content_type: &str, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A CSV field for a French spreadsheet: `;` between fields, a decimal comma, quotes doubled.
fn csv_field(cell: &super::ods::Cell) -> String {
    use super::ods::Cell;
    match cell {
        Cell::Empty => String::new(),
        Cell::Number(v) => {
            let s = format!("{}", (v * 100.0).round() / 100.0);
            s.replace('.', ",")
        }
        Cell::Text(t) => {
            // A leading = + - @ would be read as a formula.
            let t = if t.starts_with(['=', '+', '-', '@']) {
                format!("'{t}")
            } else {
                t.clone()
            };
            format!("\"{}\"", t.replace('"', "\"\""))
        }
    }
}

async fn report_csv(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let Some(year) = year_asked(&c) else {
        return Err(not_found(&c));
    };
    let (_, series, _) = report_data(&state, &c, year).await?;
    let (header, rows) = report_rows(&c, &series, year);
    let mut out = String::from("\u{feff}");
    let head: Vec<String> = header
        .into_iter()
        .map(|h| csv_field(&super::ods::Cell::Text(h)))
        .collect();
    out.push_str(&head.join(";"));
    out.push_str("\r\n");
    for row in rows {
        let line: Vec<String> = row.iter().map(csv_field).collect();
        out.push_str(&line.join(";"));
        out.push_str("\r\n");
    }
    Ok(attachment(
        out.into_bytes(),
        "text/csv; charset=utf-8",
        &format!("bien-vivre-{year}.csv"),
    ))
}

async fn report_ods(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    use super::ods::{Cell, Sheet};
    let Some(year) = year_asked(&c) else {
        return Err(not_found(&c));
    };
    let (_, series, commentaries) = report_data(&state, &c, year).await?;
    let (header, rows) = report_rows(&c, &series, year);
    let mut indicators = vec![header.into_iter().map(Cell::Text).collect::<Vec<_>>()];
    indicators.extend(rows);
    let mut notes = vec![vec![
        Cell::Text(c.tr.t("bv-col-criterion")),
        Cell::Text(c.tr.t("bv-col-commentary")),
        Cell::Text(c.tr.t("bv-col-written-by")),
    ]];
    for n in CRITERIA {
        let (body, by) = commentaries
            .get(&n)
            .map(|k| (k.body.clone(), k.written_by_name.clone()))
            .unwrap_or_default();
        notes.push(vec![
            Cell::Text(format!("{n} — {}", c.tr.t(&format!("bv-criterion-{n}")))),
            Cell::Text(body),
            Cell::Text(by),
        ]);
    }
    let sheets = [
        Sheet {
            name: c.tr.t("bv-sheet-indicators"),
            rows: indicators,
        },
        Sheet {
            name: c.tr.t("bv-sheet-commentaries"),
            rows: notes,
        },
    ];
    let bytes = super::ods::workbook(&sheets).map_err(PageError::internal)?;
    Ok(attachment(
        bytes,
        "application/vnd.oasis.opendocument.spreadsheet",
        &format!("bien-vivre-{year}.ods"),
    ))
}

/// The account as the report and the history name it: its display name (« Odette Perrin »), not
/// its login.
fn shown_actor(c: &Ctx) -> Result<crate::audit::Actor, PageError> {
    let u = c.account()?;
    Ok(crate::audit::Actor {
        id: Some(u.id),
        name: u.display_name.clone(),
    })
}

fn field<'a>(f: &'a Form, k: &str) -> &'a str {
    f.get(k).map_or("", String::as_str)
}

/// The committee (and the staff) write a criterion's commentary; anyone else finds no such form.
async fn commentary_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    if audience(&state, &c).await? != Audience::Committee {
        return Err(not_found(&c));
    }
    let actor = shown_actor(&c)?;
    let year = field(&f, "year").trim().parse::<i32>().unwrap_or(0);
    let criterion = field(&f, "criterion").trim().parse::<u8>().unwrap_or(0);
    match super::write_commentary(&state.pool, &actor, year, criterion, field(&f, "body")).await {
        Ok(()) => Ok(see_other(&format!(
            "/bien-vivre/rapport?annee={year}&critere={criterion}#critere-{criterion}"
        ))),
        Err(Refusal::Invalid(errors))
            if errors.iter().all(|e| e.field == "body") && (2000..=2200).contains(&year) =>
        {
            let mut form = FormState::posted(&f);
            for e in &errors {
                form.add(&format!("body-{criterion}"), c.tr.t(e.key));
            }
            report_page(&state, c, year, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(Refusal::Invalid(_)) => Err(not_found(&c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

#[derive(Template)]
#[template(path = "bienvivre/entries.html")]
struct EntryPage {
    c: Ctx,
    entered: Vec<entries::Entered>,
    chosen: Option<entries::Entered>,
    history: Vec<entries::Entry>,
    form: FormState,
}

async fn entry_view(
    state: &AppState,
    c: Ctx,
    key: &str,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let entered = entries::list(&state.pool).await?;
    let chosen = entered.iter().find(|e| e.key == key).cloned();
    let history = match &chosen {
        Some(e) => entries::history(&state.pool, e.id).await?,
        None => vec![],
    };
    let mut form = form;
    if !form.values.contains_key("on_date") {
        form.values
            .insert("on_date".into(), super::today(c.tz).to_string());
    }
    if let Some(e) = &chosen {
        form.values.insert("indicator".into(), e.key.clone());
    }
    html_status(
        status,
        EntryPage {
            c,
            entered,
            chosen,
            history,
            form,
        },
    )
}

async fn entry_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let key = query_value(Some(&c.query), "indicateur").unwrap_or_default();
    let mut form = FormState::default();
    // « Corriger » on a line of the history: the form comes back filled with that entry.
    if let Some(id) = query_value(Some(&c.query), "corriger").and_then(|v| v.parse::<i64>().ok())
        && let Some(e) = entries::get(&state.pool, id).await?
        && e.corrected_by.is_none()
    {
        form.values.insert("corrects".into(), id.to_string());
        form.values.insert("on_date".into(), e.on_date.clone());
        form.values.insert(
            "value".into(),
            number_fr(e.value, 3).replace('\u{202f}', ""),
        );
    }
    entry_view(&state, c, &key, form, StatusCode::OK).await
}

/// A number typed in French (« 1 234,5 ») or not (« 1234.5 »).
fn parse_number(s: &str) -> Option<f64> {
    let cleaned: String = s
        .trim()
        .chars()
        .filter(|ch| !matches!(ch, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|ch| if ch == ',' { '.' } else { ch })
        .collect();
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

async fn entry_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let actor = shown_actor(&c)?;
    let key = field(&f, "indicator").trim().to_owned();
    let mut form = FormState::posted(&f);
    let Some(value) = parse_number(field(&f, "value")) else {
        form.add("value", c.tr.t("error-bv-value"));
        return entry_view(&state, c, &key, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let corrects = match field(&f, "corrects").trim() {
        "" => None,
        v => match v.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => return Err(not_found(&c)),
        },
    };
    let input = NewEntry {
        indicator: key.clone(),
        on_date: field(&f, "on_date").to_owned(),
        value,
        reason: field(&f, "reason").to_owned(),
        corrects,
    };
    match entries::add(&state.pool, &actor, &input, super::today(c.tz)).await {
        Ok(_) => Ok(see_other(&format!(
            "/bien-vivre/saisie?indicateur={key}&ok=ok-bv-entry"
        ))),
        Err(r) => {
            refusal_message(&c, r, &mut form, "value")?;
            entry_view(&state, c, &key, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// An indicator's line on the admin's page.
#[derive(Debug)]
pub struct SwitchLine {
    pub key: String,
    pub criterion: u8,
    pub name: String,
    pub unit: String,
    pub entered: bool,
    pub switches: Switches,
    pub target: String,
}

#[derive(Template)]
#[template(path = "bienvivre/settings.html")]
struct SettingsPage {
    c: Ctx,
    lines: Vec<SwitchLine>,
    members: Vec<(i64, String, String)>,
    candidates: Vec<(i64, String, String)>,
    /// A refused line: (indicator key or `comite`, message).
    error: Option<(String, String)>,
    /// The new indicator's form.
    form: FormState,
    /// The line just saved (`?enregistre=e_eau`, or `comite`): its confirmation shows there.
    saved: String,
}

async fn settings_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    settings_view(&state, c, None, StatusCode::OK).await
}

async fn settings_view(
    state: &AppState,
    c: Ctx,
    error: Option<(String, String)>,
    status: StatusCode,
) -> Result<Response, PageError> {
    settings_form_view(state, c, error, FormState::default(), status).await
}

async fn settings_form_view(
    state: &AppState,
    c: Ctx,
    error: Option<(String, String)>,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let lines: Vec<SwitchLine> = super::indicators(&state.pool, state.domains)
        .await?
        .into_iter()
        .map(|i| SwitchLine {
            name: i.name(&c.tr),
            unit: i.unit(&c.tr),
            target: i
                .switches
                .target
                .map(|t| number_fr(t, 2).replace('\u{202f}', ""))
                .unwrap_or_default(),
            entered: matches!(i.source, super::Source::Entered(_)),
            key: i.key,
            criterion: i.criterion,
            switches: i.switches,
        })
        .collect();
    let members: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.username FROM bv_committee m JOIN users u ON u.id = m.user_id
         ORDER BY u.display_name",
    )
    .fetch_all(&state.pool)
    .await?;
    let candidates: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.username FROM users u
         WHERE u.disabled_at IS NULL AND u.role IN ('resident', 'association')
           AND u.id NOT IN (SELECT user_id FROM bv_committee)
         ORDER BY u.display_name",
    )
    .fetch_all(&state.pool)
    .await?;
    let saved = query_value(Some(&c.query), "enregistre").unwrap_or_default();
    html_status(
        status,
        SettingsPage {
            c,
            lines,
            members,
            candidates,
            error,
            form,
            saved,
        },
    )
}

async fn switches_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    let key = field(&f, "key").trim().to_owned();
    let target = match field(&f, "target").trim() {
        "" => None,
        t => match parse_number(t) {
            Some(v) => Some(v),
            None => {
                let message = c.tr.t("error-bv-value");
                return settings_view(
                    &state,
                    c,
                    Some((key, message)),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        },
    };
    let s = Switches {
        enabled: field(&f, "enabled") == "1",
        published: field(&f, "published") == "1",
        target,
    };
    match super::set_switches(&state.pool, state.domains, &actor, &key, s).await {
        Ok(()) => Ok(see_other(&format!(
            "/bien-vivre/reglages?enregistre={key}#ind-{key}"
        ))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(Refusal::Invalid(_)) => {
            let message = c.tr.t("error-bv-value");
            settings_view(
                &state,
                c,
                Some((key, message)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(PageError::internal(e)),
    }
}

/// The admin adds an indicator entered by hand (a new meter, a survey).
async fn new_indicator_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    let input = entries::NewEntered {
        criterion: field(&f, "criterion").to_owned(),
        name: field(&f, "name").to_owned(),
        unit: field(&f, "unit").to_owned(),
        better: field(&f, "better").to_owned(),
        kind: field(&f, "kind").to_owned(),
    };
    match entries::create(&state.pool, &actor, &input).await {
        Ok(e) => Ok(see_other(&format!(
            "/bien-vivre/reglages?ok=ok-bv-indicator-added#ind-{}",
            e.key
        ))),
        Err(r) => {
            let mut form = FormState::posted(&f);
            refusal_message(&c, r, &mut form, "name")?;
            settings_form_view(&state, c, None, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

async fn committee_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    let refused = |c: Ctx| {
        let message = c.tr.t("error-bv-unknown-account");
        settings_view(
            &state,
            c,
            Some(("comite".into(), message)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let Ok(user) = field(&f, "user_id").trim().parse::<i64>() else {
        return refused(c).await;
    };
    let member = field(&f, "action") != "remove";
    match super::set_committee(&state.pool, &actor, user, member).await {
        Ok(()) => Ok(see_other(if member {
            "/bien-vivre/reglages?ok=ok-bv-committee-added&enregistre=comite#comite"
        } else {
            "/bien-vivre/reglages?ok=ok-bv-committee-removed&enregistre=comite#comite"
        })),
        Err(Refusal::Db(e)) => Err(e.into()),
        Err(_) => refused(c).await,
    }
}
