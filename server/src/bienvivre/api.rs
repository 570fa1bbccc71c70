//! The dashboard in the API: the indicators the caller may see with their months, the year and
//! the year before (`GET /api/v1/bien-vivre/indicators`), and the desk's entries by hand.

use super::entries::{self, Entry, Kind, NewEntry};
use super::{Audience, Series, Standing, Switches, Trend};
use crate::refusal::{FieldError, Refusal};
use crate::web::domain::Better;
use crate::web::forms::query_value;
use crate::web::openapi::{At, Limits, Rule};
use crate::web::problem::{ApiError, ApiResult, JsonBody, Problem, actor, reply};
use crate::web::{Access, AppState, Ctx, Routes, STAFF};
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// One indicator over the months asked for.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = BienVivreIndicator)]
pub struct IndicatorValues {
    pub key: String,
    /// The criterion, 1 to 8 (seed, annex 2).
    #[schema(minimum = 1, maximum = 8)]
    pub criterion: u8,
    pub name: String,
    /// How it is counted.
    pub definition: String,
    pub unit: String,
    pub better: Better,
    /// `computed` or `entered`.
    pub source: String,
    /// For entered indicators: how entries make a value.
    pub kind: Option<Kind>,
    /// The admin's switches (for the staff and the committee; absent for others).
    pub switches: Option<Switches>,
    /// One value per month, in order (`null`: no value that month).
    pub months: Vec<Option<f64>>,
    /// The whole stretch.
    pub total: Option<f64>,
    /// The same stretch a year before.
    pub before: Option<f64>,
    pub standing: Standing,
    pub trend: Trend,
}

/// The dashboard's figures.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = BienVivreBoard)]
pub struct Board {
    /// The months' first days, `YYYY-MM-DD`.
    pub months: Vec<String>,
    pub indicators: Vec<IndicatorValues>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the query; read by `query_value`.
pub struct BoardParams {
    /// A calendar year (its twelve months); without it, the last twelve months.
    #[param(minimum = 2000, maximum = 2200)]
    year: Option<i32>,
}

fn values(c: &Ctx, audience: Audience, s: Series) -> IndicatorValues {
    let i = &s.indicator;
    IndicatorValues {
        key: i.key.clone(),
        criterion: i.criterion,
        name: i.name(&c.tr),
        definition: i.definition(&c.tr),
        unit: i.unit(&c.tr),
        better: i.better,
        source: i.source_name().to_owned(),
        kind: match &i.source {
            super::Source::Entered(e) => Some(e.kind),
            super::Source::Computed(_) => None,
        },
        switches: (audience == Audience::Committee).then_some(i.switches),
        standing: s.standing(),
        trend: s.trend(),
        total: s.total,
        before: s.before,
        months: s.values,
    }
}

/// The indicators the caller may see (every one switched on for the staff and the committee,
/// the published ones for others), month by month.
#[utoipa::path(get, path = "/api/v1/bien-vivre/indicators", tag = "Bien-Vivre",
    params(BoardParams), responses(
    (status = 200, body = Board),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn board(State(state): State<AppState>, c: Ctx) -> ApiResult<Response> {
    let first = match query_value(Some(&c.query), "year") {
        None => super::last_twelve(chrono::Utc::now(), c.tz),
        Some(y) => match y.trim().parse::<i32>() {
            Ok(y) if (2000..=2200).contains(&y) => super::year_start(y),
            _ => {
                return reply::<()>(
                    &c,
                    StatusCode::OK,
                    Err(Refusal::Invalid(vec![FieldError {
                        field: "year",
                        key: "error-bv-year",
                    }])),
                );
            }
        },
    };
    let audience = super::audience_of(&state.pool, c.user.as_ref())
        .await
        .map_err(|e| ApiError::refusal(e.into(), c.tr.lang))?;
    let series = super::series(&state.pool, state.domains, c.tz, audience, first, 12)
        .await
        .map_err(|e| ApiError::refusal(e.into(), c.tr.lang))?;
    let months = series
        .first()
        .map(|s| s.months.iter().map(ToString::to_string).collect())
        .unwrap_or_else(|| {
            super::months(first, 12, c.tz)
                .iter()
                .map(|p| p.first_day.to_string())
                .collect()
        });
    let indicators = series
        .into_iter()
        .map(|s| values(&c, audience, s))
        .collect();
    reply(&c, StatusCode::OK, Ok(Board { months, indicators }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the query; read by `query_value`.
pub struct EntriesParams {
    /// The indicator's key (`e_eau`).
    #[param(max_length = 60)]
    indicator: String,
}

/// An indicator's entries, the latest first (corrected ones included, with `corrected_by`).
#[utoipa::path(get, path = "/api/v1/bien-vivre/entries", tag = "Bien-Vivre",
    params(EntriesParams), responses(
    (status = 200, body = Vec<Entry>),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn entries_list(State(state): State<AppState>, c: Ctx) -> ApiResult<Response> {
    let key = query_value(Some(&c.query), "indicator").unwrap_or_default();
    let found = entries::by_key(&state.pool, key.trim())
        .await
        .map_err(|e| ApiError::refusal(e.into(), c.tr.lang))?;
    let outcome = match found {
        None => Err(Refusal::NotFound),
        Some(e) => entries::history(&state.pool, e.id)
            .await
            .map_err(Refusal::from),
    };
    reply(&c, StatusCode::OK, outcome)
}

/// Records an entry (a meter reading, a weighing, a survey's result) or corrects one; 409 for a
/// meter going backwards without a reason, or an entry already corrected.
#[utoipa::path(post, path = "/api/v1/bien-vivre/entries", tag = "Bien-Vivre",
    request_body = NewEntry, responses(
    (status = 201, body = Entry),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn entry_add(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<NewEntry>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    let done = entries::add(&state.pool, &a, &input, super::today(c.tz)).await;
    reply(&c, StatusCode::CREATED, done)
}

pub(super) fn declare(r: &mut Routes) {
    use axum::routing::get;
    r.add(
        Method::GET,
        "/api/v1/bien-vivre/indicators",
        Access::Public,
        get(board),
    );
    r.add(
        Method::GET,
        "/api/v1/bien-vivre/entries",
        STAFF,
        get(entries_list),
    );
    r.add(
        Method::POST,
        "/api/v1/bien-vivre/entries",
        STAFF,
        axum::routing::post(entry_add),
    );
}

/// This domain's part of the OpenAPI document.
#[derive(Debug, OpenApi)]
#[openapi(
    paths(board, entries_list, entry_add),
    components(schemas(
        Board,
        IndicatorValues,
        Entry,
        NewEntry,
        Switches,
        Standing,
        Trend,
        Kind
    )),
    modifiers(&LIMITS)
)]
pub struct BienVivreApiDoc;

/// What an entry's value may be, stated from the rule's own constant: below 10^12 in absolute
/// value (the table's check), said as at most 10^12 − 1 — a decimal just under 10^12 may be read
/// as 10^12 itself, which is refused.
static LIMITS: Limits = Limits(&[(
    At::Field("BienVivreEntryInput", "value"),
    Rule::Within(entries::VALUE_MAX - 1.0),
)]);

/// The OpenAPI part, as the list wants it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    BienVivreApiDoc::openapi()
}
