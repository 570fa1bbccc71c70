//! The taxe de séjour's page (`/hotel/taxe-de-sejour`): the register for a declaration period,
//! printable and as CSV for a spreadsheet, the commune's rules, and adding one (admin).

use super::{Form, actor, long_day, query_value, tonight};
use crate::hostel::euros;
use crate::hostel::tax::{self, RegisterLine, TaxRuleInput};
use crate::web::forms::{FormState, html_status, refusal_message, see_other};
use crate::web::{ADMIN, AppState, Ctx, F, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};

#[derive(Template)]
#[template(path = "hostel/tax.html")]
struct Page {
    c: Ctx,
    first: String,
    last: String,
    title: String,
    lines: Vec<Line>,
    total: String,
    rules: Vec<String>,
    form: FormState,
    error: Option<String>,
}

#[derive(Debug)]
struct Line {
    dates: String,
    people: i64,
    nights: i64,
    exempt: String,
    taxed: i64,
    tax: String,
}

fn reason(c: &Ctx, r: &str) -> String {
    c.tr.tk("hostel-tax-reason", r)
}

/// The period asked for (default: this month so far), or `None` when it makes no sense.
async fn period(
    state: &AppState,
    c: &Ctx,
    raw: Option<&str>,
) -> Result<Option<(NaiveDate, NaiveDate)>, PageError> {
    let tonight = tonight(state, c).await?;
    let pick = |k: &str, default: NaiveDate| match query_value(raw, k) {
        None => Some(default),
        Some(v) => crate::hostel::date(&v),
    };
    Ok(
        match (
            pick("du", tonight.with_day(1).unwrap_or(tonight)),
            pick("au", tonight),
        ) {
            (Some(f), Some(l)) if f <= l && (l - f).num_days() <= 366 => Some((f, l)),
            _ => None,
        },
    )
}

async fn view(
    state: &AppState,
    c: Ctx,
    range: Option<(NaiveDate, NaiveDate)>,
    form: FormState,
) -> Result<Page, PageError> {
    let tonight = tonight(state, &c).await?;
    let (first, last, error) = match range {
        Some((f, l)) => (f, l, None),
        None => (
            tonight.with_day(1).unwrap_or(tonight),
            tonight,
            Some(c.tr.t("error-hostel-closure-dates")),
        ),
    };
    let register = tax::register(&state.pool, first, last).await?;
    let total: i64 = register.iter().map(|l| l.tax_cents).sum();
    let rules = tax::rules(&state.pool)
        .await?
        .iter()
        .map(|r| {
            let amount = if r.mode == "classified" {
                c.tr.ta(
                    "hostel-tax-rule-classified",
                    &[("amount", &euros(r.per_person_cents))],
                )
            } else {
                c.tr.ta(
                    "hostel-tax-rule-unclassified",
                    &[("rate", &percent(r.rate_bp)), ("cap", &euros(r.cap_cents))],
                )
            };
            c.tr.ta(
                "hostel-tax-rule-line",
                &[
                    ("commune", &r.commune),
                    ("from", &french(&r.first_night)),
                    ("to", &french(&r.last_night)),
                    ("amount", &amount),
                    ("department", &percent(r.department_bp)),
                    ("region", &percent(r.region_bp)),
                ],
            )
        })
        .collect();
    Ok(Page {
        first: first.to_string(),
        last: last.to_string(),
        title: c.tr.ta(
            "hostel-police-list-range",
            &[("from", &long_day(&c, first)), ("to", &long_day(&c, last))],
        ),
        lines: register.iter().map(|l| line(&c, l)).collect(),
        total: euros(total),
        rules,
        form,
        error,
        c,
    })
}

fn percent(bp: i64) -> String {
    if bp % 100 == 0 {
        format!("{} %", bp / 100)
    } else {
        format!("{},{:02} %", bp / 100, bp % 100)
    }
}

fn french(s: &str) -> String {
    crate::hostel::date(s)
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

fn line(c: &Ctx, l: &RegisterLine) -> Line {
    let mut exempt = vec![];
    if l.minors > 0 {
        exempt.push(c.tr.tn("hostel-tax-minors", usize::try_from(l.minors).unwrap_or(0)));
    }
    if l.exempt > 0 {
        exempt.push(format!(
            "{} ({})",
            l.exempt,
            l.exempt_reason
                .as_deref()
                .map(|r| reason(c, r))
                .unwrap_or_default()
        ));
    }
    Line {
        dates: format!("{} → {}", french(&l.arrival), french(&l.departure)),
        people: l.people,
        nights: l.nights,
        exempt: exempt.join(", "),
        taxed: l.taxed_person_nights,
        tax: euros(l.tax_cents),
    }
}

async fn page(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let range = period(&state, &c, raw.as_deref()).await?;
    let status = if range.is_some() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html_status(status, view(&state, c, range, FormState::default()).await?)
}

async fn csv(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let Some((first, last)) = period(&state, &c, raw.as_deref()).await? else {
        return html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            view(&state, c, None, FormState::default()).await?,
        );
    };
    let register = tax::register(&state.pool, first, last).await?;
    let body = tax::register_csv(&register, |r| reason(&c, r));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"taxe-de-sejour-{first}-{last}.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

async fn rule_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let mut form = FormState::posted(&f);
    let v = |k: &str| {
        f.get(k)
            .map(|s| s.trim().replace(',', "."))
            .unwrap_or_default()
    };
    // Amounts in euros and rates in percent as typed (« 0,83 », « 5 », « 10 »).
    let number = |k: &'static str, scale: f64, form: &mut FormState| -> i64 {
        let s = v(k);
        if s.is_empty() {
            return 0;
        }
        match s.parse::<f64>() {
            Ok(x) if x.is_finite() && (0.0..=1000.0).contains(&x) => (x * scale).round() as i64,
            _ => {
                form.add(k, c.tr.t("error-hostel-tax-number"));
                0
            }
        }
    };
    let input = TaxRuleInput {
        commune: v("commune"),
        first_night: v("first_night"),
        last_night: v("last_night"),
        mode: v("mode"),
        per_person_cents: number("per_person", 100.0, &mut form),
        rate_bp: number("rate", 100.0, &mut form),
        cap_cents: number("cap", 100.0, &mut form),
        department_bp: number("department", 100.0, &mut form),
        region_bp: number("region", 100.0, &mut form),
        threshold_cents: number("threshold", 100.0, &mut form),
    };
    if form.errors.is_empty() {
        match tax::add_rule(&state.pool, &actor(&c)?, &input).await {
            Ok(_) => return Ok(see_other("/hotel/taxe-de-sejour?ok=ok-hostel-tax-rule")),
            Err(r) => {
                refusal_message(&c, r, &mut form, "commune")?;
                // The rule's fields are typed in euros and percent: name them as the form does.
                for e in &mut form.errors {
                    e.0 = match e.0.as_str() {
                        "per_person_cents" => "per_person".into(),
                        "rate_bp" => "rate".into(),
                        "cap_cents" => "cap".into(),
                        "department_bp" => "department".into(),
                        "threshold_cents" => "threshold".into(),
                        other => other.to_owned(),
                    };
                }
            }
        }
    }
    let range = period(&state, &c, None).await?;
    html_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        view(&state, c, range, form).await?,
    )
}

pub(super) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    r.add(M::GET, "/hotel/taxe-de-sejour", STAFF, get(page));
    r.add(M::GET, "/hotel/taxe-de-sejour.csv", STAFF, get(csv));
    r.add(
        M::POST,
        "/hotel/taxe-de-sejour/regles",
        ADMIN,
        post(rule_post),
    );
}
