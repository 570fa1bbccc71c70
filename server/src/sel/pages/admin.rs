//! The catalogue (valuation scale), the yearly report, and the SEL settings and reconciliation
//! (`/admin/sel`).

use super::*;

// ---------------------------------------------------------------------------------------------
// The catalogue (valuation scale)

#[derive(Debug, Default, Deserialize)]
pub(super) struct CatalogueQuery {
    #[serde(default)]
    article: String,
}

#[derive(Debug)]
pub(super) struct ItemView {
    id: i64,
    name: String,
    category: String,
    minutes: i64,
    hours: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "sel/catalogue.html")]
pub(super) struct CataloguePage {
    c: Ctx,
    items: Vec<ItemView>,
    editing: Option<i64>,
    form: FormState,
}

pub(super) async fn catalogue_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<CatalogueQuery>,
) -> Result<Response, PageError> {
    let editing = q.article.trim().parse::<i64>().ok();
    let mut form = FormState::with(&[("active", "on")]);
    if let Some(id) = editing {
        let it = match shop::item(&state.pool, id).await {
            Ok(it) => it,
            Err(Refusal::NotFound) => return Err(not_found(&c)),
            Err(e) => return Err(PageError::internal(e)),
        };
        form = FormState::with(&[
            ("name", &it.name),
            ("category", &it.category),
            ("price_minutes", &it.price_minutes.to_string()),
            ("active", if it.active { "on" } else { "" }),
        ]);
    }
    catalogue_with(&state, c, editing, form, StatusCode::OK).await
}

pub(super) async fn catalogue_with(
    state: &AppState,
    c: Ctx,
    editing: Option<i64>,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let items = shop::items(&state.pool, true)
        .await?
        .into_iter()
        .map(|it| ItemView {
            hours: hours(it.price_minutes),
            id: it.id,
            name: it.name,
            category: it.category,
            minutes: it.price_minutes,
            active: it.active,
        })
        .collect();
    html_status(
        status,
        CataloguePage {
            c,
            items,
            editing,
            form,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ItemForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    price_minutes: String,
    #[serde(default)]
    active: Option<String>,
}

impl ItemForm {
    fn state(&self) -> FormState {
        FormState::with(&[
            ("name", &self.name),
            ("category", &self.category),
            ("price_minutes", &self.price_minutes),
            ("active", if self.active.is_some() { "on" } else { "" }),
        ])
    }
}

pub(super) async fn item_save(
    state: &AppState,
    c: Ctx,
    id: Option<i64>,
    f: ItemForm,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = f.state();
    let Some(price) = typed_integer(&f.price_minutes) else {
        form.add("price_minutes", c.tr.t("error-sel-price-invalid"));
        return catalogue_with(state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let input = shop::ItemInput {
        name: f.name.clone(),
        category: f.category.clone(),
        price_minutes: price,
        active: f.active.is_some(),
    };
    let saved = match id {
        Some(id) => shop::update_item(&state.pool, &actor, id, &input).await,
        None => shop::create_item(&state.pool, &actor, &input).await,
    };
    match saved {
        Ok(_) => Ok(see_other("/sel/catalogue?ok=ok-sel-item-saved")),
        Err(r) => {
            refusal_message(&c, r, &mut form, "name")?;
            catalogue_with(state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

pub(super) async fn item_create(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<ItemForm>,
) -> Result<Response, PageError> {
    item_save(&state, c, None, f).await
}

pub(super) async fn item_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ItemForm>,
) -> Result<Response, PageError> {
    item_save(&state, c, Some(id), f).await
}

// ---------------------------------------------------------------------------------------------
// The yearly report

#[derive(Debug, Default, Deserialize)]
pub(super) struct YearQuery {
    #[serde(default)]
    annee: String,
}

#[derive(Debug)]
pub(super) struct ReportRow {
    activity: String,
    months: Vec<String>,
    total: String,
    sessions: i64,
    participants: i64,
}

#[derive(Template)]
#[template(path = "sel/report.html")]
pub(super) struct ReportPage {
    c: Ctx,
    year: i32,
    years: Vec<i32>,
    months: Vec<String>,
    rows: Vec<ReportRow>,
    month_totals: Vec<String>,
    summary: report::YearSummary,
    total: String,
    purchases: String,
    exchanges: String,
}

/// A month's minutes in a table cell: a dash for none.
pub(super) fn cell(minutes: i64) -> String {
    if minutes == 0 {
        "—".into()
    } else {
        hours(minutes)
    }
}

pub(super) async fn report_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    let current = today(&c).year();
    let year = q
        .annee
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2200).contains(y))
        .unwrap_or(current);
    let first: Option<String> = sqlx::query_scalar("SELECT min(started_at) FROM sel_sessions")
        .fetch_one(&state.pool)
        .await?;
    let first_year = first
        .as_deref()
        .and_then(crate::time::parse_instant)
        .map_or(current, |t| t.with_timezone(&c.tz).year())
        .min(year);
    let years = (first_year..=current.max(year)).rev().collect();
    let summary = report::year_summary(&state.pool, year, c.tz).await?;
    let months = (1..=12)
        .map(|m| c.tr.t(&format!("sel-month-{m}")))
        .collect();
    let rows = summary
        .rows
        .iter()
        .map(|r| ReportRow {
            activity: r.activity.clone(),
            months: r.months.iter().map(|m| cell(*m)).collect(),
            total: hours(r.total),
            sessions: r.sessions,
            participants: r.participants,
        })
        .collect();
    html(ReportPage {
        month_totals: summary.month_totals.iter().map(|m| cell(*m)).collect(),
        total: hours(summary.total_minutes),
        purchases: hours(summary.purchases_minutes),
        exchanges: hours(summary.exchanges_minutes),
        c,
        year,
        years,
        months,
        rows,
        summary,
    })
}

// ---------------------------------------------------------------------------------------------
// Settings and reconciliation (admin)

#[derive(Debug)]
pub(super) struct ReconciliationView {
    at: String,
    ok: bool,
    accounts: i64,
    transfers: i64,
    mismatches: i64,
    detail: Vec<String>,
}

#[derive(Template)]
#[template(path = "sel/admin.html")]
pub(super) struct SettingsPage {
    c: Ctx,
    form: FormState,
    last: Option<ReconciliationView>,
}

pub(super) fn settings_state(s: &Settings) -> FormState {
    FormState::with(&[
        ("unit_name", &s.unit_name),
        ("welcome_minutes", &s.welcome_minutes.to_string()),
        ("default_floor", &s.default_floor.to_string()),
        ("default_ceiling", &s.default_ceiling.to_string()),
        ("rounding_minutes", &s.rounding_minutes.to_string()),
        ("tolerance_minutes", &s.tolerance_minutes.to_string()),
        (
            "unplanned_max_minutes",
            &s.unplanned_max_minutes.to_string(),
        ),
        ("repeat_tap_seconds", &s.repeat_tap_seconds.to_string()),
        ("membership_policy", &s.membership_policy),
        (
            "exchange_confirmation",
            if s.exchange_confirmation { "on" } else { "" },
        ),
    ])
}

pub(super) async fn settings_page(
    State(state): State<AppState>,
    c: Ctx,
) -> Result<Response, PageError> {
    let form = settings_state(&Settings::load(&state.pool).await?);
    settings_with(&state, c, form, StatusCode::OK).await
}

pub(super) async fn settings_with(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let last = ledger::last_reconciliation(&state.pool).await?.map(
        |(at, ok, accounts, transfers, mismatches, detail)| ReconciliationView {
            at: c.tr.when_text(Some(&at), c.tz),
            ok,
            accounts,
            transfers,
            mismatches,
            detail: if ok {
                vec![]
            } else {
                detail.lines().map(str::to_owned).collect()
            },
        },
    );
    html_status(status, SettingsPage { c, form, last })
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct SettingsForm {
    #[serde(default)]
    unit_name: String,
    #[serde(default)]
    welcome_minutes: String,
    #[serde(default)]
    default_floor: String,
    #[serde(default)]
    default_ceiling: String,
    #[serde(default)]
    rounding_minutes: String,
    #[serde(default)]
    tolerance_minutes: String,
    #[serde(default)]
    unplanned_max_minutes: String,
    #[serde(default)]
    repeat_tap_seconds: String,
    #[serde(default)]
    membership_policy: String,
    #[serde(default)]
    exchange_confirmation: Option<String>,
}

/// The settings as typed: numbers parsed (a field that is not a whole number is refused here);
/// the ranges are checked by [`crate::sel::save_settings`]. Also gives the form state, to fill in
/// with the library's refusals.
pub(super) fn checked_settings(
    c: &Ctx,
    f: &SettingsForm,
) -> Result<(Settings, FormState), FormState> {
    let mut form = FormState::with(&[
        ("unit_name", &f.unit_name),
        ("welcome_minutes", &f.welcome_minutes),
        ("default_floor", &f.default_floor),
        ("default_ceiling", &f.default_ceiling),
        ("rounding_minutes", &f.rounding_minutes),
        ("tolerance_minutes", &f.tolerance_minutes),
        ("unplanned_max_minutes", &f.unplanned_max_minutes),
        ("repeat_tap_seconds", &f.repeat_tap_seconds),
        ("membership_policy", &f.membership_policy),
        (
            "exchange_confirmation",
            if f.exchange_confirmation.is_some() {
                "on"
            } else {
                ""
            },
        ),
    ]);
    let mut int = |field: &str, raw: &str, key: &str| -> i64 {
        typed_integer(raw).unwrap_or_else(|| {
            form.add(field, c.tr.t(key));
            0
        })
    };
    let s = Settings {
        unit_name: f.unit_name.clone(),
        welcome_minutes: int(
            "welcome_minutes",
            &f.welcome_minutes,
            "error-sel-settings-welcome",
        ),
        default_floor: int(
            "default_floor",
            &f.default_floor,
            "error-sel-settings-floor",
        ),
        default_ceiling: int(
            "default_ceiling",
            &f.default_ceiling,
            "error-sel-settings-ceiling",
        ),
        rounding_minutes: int(
            "rounding_minutes",
            &f.rounding_minutes,
            "error-sel-settings-rounding",
        ),
        tolerance_minutes: int(
            "tolerance_minutes",
            &f.tolerance_minutes,
            "error-sel-settings-tolerance",
        ),
        unplanned_max_minutes: int(
            "unplanned_max_minutes",
            &f.unplanned_max_minutes,
            "error-sel-settings-unplanned",
        ),
        repeat_tap_seconds: int(
            "repeat_tap_seconds",
            &f.repeat_tap_seconds,
            "error-sel-settings-repeat",
        ),
        membership_policy: f.membership_policy.clone(),
        exchange_confirmation: f.exchange_confirmation.is_some(),
    };
    if form.errors.is_empty() {
        Ok((s, form))
    } else {
        Err(form)
    }
}

pub(super) async fn settings_save(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<SettingsForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    match checked_settings(&c, &f) {
        Ok((s, mut form)) => match crate::sel::save_settings(&state.pool, &actor, &s).await {
            Ok(_) => Ok(see_other("/admin/sel?ok=ok-sel-settings-saved")),
            Err(r) => {
                refusal_message(&c, r, &mut form, "unit_name")?;
                settings_with(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
            }
        },
        Err(form) => settings_with(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}

pub(super) async fn reconcile_now(State(state): State<AppState>) -> Result<Response, PageError> {
    let r = ledger::record_reconciliation(&state.pool).await?;
    if !r.ok {
        tracing::error!(mismatches = ?r.mismatches, posted_sum = r.posted_sum, "SEL reconciliation found differences");
    }
    Ok(see_other("/admin/sel?ok=ok-sel-reconciled#rapprochement"))
}
