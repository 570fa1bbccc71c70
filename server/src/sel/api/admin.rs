//! The SEL API: the catalogue, reports, checks and settings.

use super::*;

// ---------------------------------------------------------------------------------------------
// Catalogue

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the query; read by `query_param`.
pub struct CatalogueParams {
    /// Staff only: include the items no longer sold.
    all: Option<bool>,
}

/// The cooperative's valuation scale (prices in minutes).
#[utoipa::path(get, path = "/api/v1/sel/catalogue", tag = "SEL", params(CatalogueParams),
    responses(
    (status = 200, body = Vec<Item>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn catalogue(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let all = query_bool(query.as_deref(), "all")
        .map_err(refused(&c))?
        .unwrap_or(false);
    let all = all && c.is_staff();
    Ok(json(StatusCode::OK, &shop::items(&state.pool, all).await?))
}

/// Adds an item to the catalogue.
#[utoipa::path(post, path = "/api/v1/sel/catalogue", tag = "SEL",
    request_body = shop::ItemInput, responses(
    (status = 201, body = Item),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn item_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<shop::ItemInput>,
) -> ApiResult<Response> {
    let item = shop::create_item(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::CREATED, &item))
}

/// Changes an item (a new price applies to future sales only).
#[utoipa::path(put, path = "/api/v1/sel/catalogue/{id}", tag = "SEL",
    params(("id" = i64, Path)), request_body = shop::ItemInput, responses(
    (status = 200, body = Item),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn item_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<shop::ItemInput>,
) -> ApiResult<Response> {
    let item = shop::update_item(&state.pool, &actor(&c)?, id, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &item))
}

// ---------------------------------------------------------------------------------------------
// Reports, checks, settings

/// The yearly summary (minutes given by activity and month, in the building's time zone).
#[utoipa::path(get, path = "/api/v1/sel/summary/{year}", tag = "SEL",
    params(("year" = i32, Path, description = "2000 to 2200")), responses(
    (status = 200, body = report::YearSummary),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn summary(
    State(state): State<AppState>,
    c: Ctx,
    P(year): P<i32>,
) -> ApiResult<Response> {
    if !(crate::sel::YEARS.0..=crate::sel::YEARS.1).contains(&year) {
        return Err(refused(&c)(Refusal::field(
            "year",
            "error-sel-year-invalid",
        )));
    }
    Ok(json(
        StatusCode::OK,
        &report::year_summary(&state.pool, year, c.tz).await?,
    ))
}

/// A reconciliation as it was kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct StoredReconciliation {
    pub at: String,
    /// Zero sum and every stored balance equal to the one recomputed from the transfers.
    pub ok: bool,
    pub accounts: i64,
    pub transfers: i64,
    pub mismatches: i64,
    pub detail: String,
}

/// The latest reconciliation kept (the server runs one periodically). 404 before the first.
#[utoipa::path(get, path = "/api/v1/sel/reconciliation", tag = "SEL", responses(
    (status = 200, body = StoredReconciliation),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn reconciliation(State(state): State<AppState>, c: Ctx) -> ApiResult<Response> {
    let (at, ok, accounts, transfers, mismatches, detail) =
        ledger::last_reconciliation(&state.pool)
            .await?
            .ok_or_else(|| refused(&c)(Refusal::NotFound))?;
    Ok(json(
        StatusCode::OK,
        &StoredReconciliation {
            at,
            ok,
            accounts,
            transfers,
            mismatches,
            detail,
        },
    ))
}

/// Runs a reconciliation now (recomputes every balance from the transfers), keeps and answers it.
#[utoipa::path(post, path = "/api/v1/sel/reconciliation", tag = "SEL", responses(
    (status = 200, body = ledger::Reconciliation)))]
pub async fn reconciliation_run(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(
        StatusCode::OK,
        &ledger::record_reconciliation(&state.pool).await?,
    ))
}

/// The SEL's settings.
#[utoipa::path(get, path = "/api/v1/sel/settings", tag = "SEL", responses(
    (status = 200, body = Settings)))]
pub async fn settings(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(StatusCode::OK, &Settings::load(&state.pool).await?))
}

/// Replaces the settings (every field, as `GET` gives them). Audited with before and after.
#[utoipa::path(put, path = "/api/v1/sel/settings", tag = "SEL", request_body = Settings,
    responses(
    (status = 200, body = Settings),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn settings_update(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<Settings>,
) -> ApiResult<Response> {
    let s = crate::sel::save_settings(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &s))
}
