//! The hostel's API: rooms, closures, seasonal rates, stays and their steps, the desk's day and
//! the beds × nights grid. Refusals come as problem+json with the reason in the caller's language.

use super::badges::{self, GuestBadge, HandInput};
use super::day::{self, Day, Grid, StayBeds};
use super::housekeeping::{self, MarkInput, RoomToDo};
use super::police::{self, PoliceForm, PoliceInput};
use super::stays::{self, HeldBed, NewStay, Stay};
use super::tax::{self, RegisterLine, TaxRule, TaxRuleInput};
use super::{Closure, ClosureInput, Rate, RateInput, Room, RoomInput};
use crate::refusal::Refusal;
use crate::web::forms::query_value;
use crate::web::problem::{ApiError, ApiResult, JsonBody, Problem, actor, json, reply};
use crate::web::{ADMIN, AppState, Ctx, P, Routes, STAFF};
use axum::extract::{RawQuery, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

/// A stay with the beds it holds and its price.
#[derive(Debug, Serialize, ToSchema)]
pub struct StayView {
    #[serde(flatten)]
    pub stay: Stay,
    pub held: Vec<HeldBed>,
    /// The nights held, at their rates, in euro cents.
    pub price_cents: i64,
    /// The taxe de séjour on those nights, apart from the price.
    pub tax: super::tax::StayTax,
    /// Its folio: lines, balance, and what is left to pay for the whole stay.
    pub folio: super::folio::Folio,
}

async fn view(state: &AppState, outcome: Result<Stay, Refusal>) -> Result<StayView, Refusal> {
    let stay = outcome?;
    let mut conn = state.pool.acquire().await?;
    Ok(StayView {
        held: stays::held_beds(&mut conn, stay.id).await?,
        price_cents: stays::price_cents(&mut conn, stay.id).await?,
        tax: super::tax::of_stay(&mut conn, &stay, None).await?,
        folio: super::folio::folio(&mut conn, &stay).await?,
        stay,
    })
}

/// A night from the query string (default: tonight), or 422 at that field.
async fn night_param(
    state: &AppState,
    c: &Ctx,
    raw: Option<&str>,
    name: &'static str,
) -> ApiResult<chrono::NaiveDate> {
    match query_value(raw, name) {
        None => Ok(stays::tonight(&state.pool, c.tz, Utc::now()).await?),
        Some(v) => super::date(&v)
            .ok_or_else(|| ApiError::refusal(Refusal::field(name, "error-hostel-date"), c.tr.lang)),
    }
}

/// The rooms in service.
#[utoipa::path(get, path = "/api/v1/hostel/rooms", responses((status = 200, body = Vec<Room>)))]
pub async fn rooms(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(StatusCode::OK, &super::rooms(&state.pool).await?))
}

/// Adds a room and its beds (labelled 1, 2, 3…).
#[utoipa::path(post, path = "/api/v1/hostel/rooms", request_body = RoomInput, responses(
    (status = 201, body = Room),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn room_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<RoomInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    reply(
        &c,
        StatusCode::CREATED,
        super::create_room(&state.pool, &a, &input).await,
    )
}

/// Puts a room (or one of its beds) out of order for some nights; refused (409) while a stay
/// holds one of them.
#[utoipa::path(post, path = "/api/v1/hostel/rooms/{id}/closures", params(("id" = i64, Path)),
    request_body = ClosureInput, responses(
    (status = 201, body = Closure),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn room_close(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<ClosureInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    reply(
        &c,
        StatusCode::CREATED,
        super::close(&state.pool, &a, id, &input).await,
    )
}

/// The seasonal rates, latest first.
#[utoipa::path(get, path = "/api/v1/hostel/rates", responses((status = 200, body = Vec<Rate>)))]
pub async fn rates(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(StatusCode::OK, &super::rates(&state.pool).await?))
}

/// Adds a seasonal rate.
#[utoipa::path(post, path = "/api/v1/hostel/rates", request_body = RateInput, responses(
    (status = 201, body = Rate),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn rate_add(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<RateInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    reply(
        &c,
        StatusCode::CREATED,
        super::add_rate(&state.pool, &a, &input).await,
    )
}

/// Records a stay: confirmed at once with its beds held, or waiting as a request when its source
/// is `website`. 409 when the beds or the room are not free every night.
#[utoipa::path(post, path = "/api/v1/hostel/stays", request_body = NewStay, responses(
    (status = 201, body = StayView),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn stay_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<NewStay>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    let made = stays::create(&state.pool, c.tz, &a, &input, Utc::now()).await;
    reply(&c, StatusCode::CREATED, view(&state, made).await)
}

/// A stay, with its beds and price.
#[utoipa::path(get, path = "/api/v1/hostel/stays/{id}", params(("id" = i64, Path)), responses(
    (status = 200, body = StayView),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn stay_get(State(state): State<AppState>, c: Ctx, P(id): P<i64>) -> ApiResult<Response> {
    let s = stays::stay(&state.pool, id).await;
    reply(&c, StatusCode::OK, view(&state, s).await)
}

/// A step of a stay (confirm, check-in, check-out, no-show).
macro_rules! step {
    ($name:ident, $path:literal, $rule:path, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, params(("id" = i64, Path)), responses(
                    (status = 200, body = StayView),
                    (status = 404, body = Problem, content_type = "application/problem+json"),
                    (status = 409, body = Problem, content_type = "application/problem+json")))]
        pub async fn $name(
            State(state): State<AppState>,
            c: Ctx,
            P(id): P<i64>,
        ) -> ApiResult<Response> {
            let a = actor(&c)?;
            let done = $rule(&state.pool, c.tz, &a, id, Utc::now()).await;
            reply(&c, StatusCode::OK, view(&state, done).await)
        }
    };
}

step!(
    stay_confirm,
    "/api/v1/hostel/stays/{id}/confirm",
    stays::confirm,
    "Accepts a request: its beds are held now (409 if they are no longer free)."
);
step!(
    stay_check_in,
    "/api/v1/hostel/stays/{id}/check-in",
    stays::check_in,
    "The guests arrive (from the evening of their first night)."
);
step!(
    stay_check_out,
    "/api/v1/hostel/stays/{id}/check-out",
    stays::check_out,
    "The guests leave; leaving early releases the nights left. The nights not posted yet are posted; \
     409 while the folio is not settled (pay through .../folio/payments first)."
);
step!(
    stay_no_show,
    "/api/v1/hostel/stays/{id}/no-show",
    stays::no_show,
    "The guests never came (once their first night is over): the nights are released."
);

/// Why a stay is cancelled.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct StayCancelInput {
    #[serde(default)]
    pub reason: String,
}

/// Cancels a request or a confirmed stay; its nights are released.
#[utoipa::path(post, path = "/api/v1/hostel/stays/{id}/cancel", params(("id" = i64, Path)),
    request_body = StayCancelInput, responses(
    (status = 200, body = StayView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn stay_cancel(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<StayCancelInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    let done = stays::cancel(&state.pool, &a, id, &input.reason, Utc::now()).await;
    reply(&c, StatusCode::OK, view(&state, done).await)
}

/// Moves a stay to another room from tonight, with a reason (the old nights stay in the history).
#[utoipa::path(post, path = "/api/v1/hostel/stays/{id}/move", params(("id" = i64, Path)),
    request_body = stays::MoveInput, responses(
    (status = 200, body = StayView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn stay_move(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<stays::MoveInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    let done = stays::move_to(&state.pool, c.tz, &a, id, &input, Utc::now()).await;
    reply(&c, StatusCode::OK, view(&state, done).await)
}

/// A new morning of leaving.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct DepartureInput {
    /// `YYYY-MM-DD`.
    pub departure: String,
}

/// Moves the morning of leaving: later keeps the same beds (409 if one is taken), earlier
/// releases the nights after it.
#[utoipa::path(put, path = "/api/v1/hostel/stays/{id}/departure", params(("id" = i64, Path)),
    request_body = DepartureInput, responses(
    (status = 200, body = StayView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn stay_departure(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<DepartureInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    let done =
        stays::change_departure(&state.pool, c.tz, &a, id, &input.departure, Utc::now()).await;
    reply(&c, StatusCode::OK, view(&state, done).await)
}

/// The guest badges lent for a stay, the ones still out first.
#[utoipa::path(get, path = "/api/v1/hostel/stays/{id}/badges", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<GuestBadge>),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn badges_get(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let found = async {
        stays::stay(&state.pool, id).await?;
        Ok(badges::of_stay(&state.pool, id).await?)
    };
    reply(&c, StatusCode::OK, found.await)
}

/// Lends a guest badge to a guest in house (`holder` empty: the stay's guest). It works at once,
/// where guests may go, through the morning of leaving; 409 if the card is someone's already or
/// the stay is not in house.
#[utoipa::path(post, path = "/api/v1/hostel/stays/{id}/badges", params(("id" = i64, Path)),
    request_body = HandInput, responses(
    (status = 201, body = GuestBadge),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn badge_lend(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<HandInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    reply(
        &c,
        StatusCode::CREATED,
        badges::hand(&state.pool, &a, id, &input).await,
    )
}

/// The desk has a lent card back: it is blocked now (a card kept at the check-out, already
/// blocked, is marked back too); 409 if it was already marked back.
#[utoipa::path(post, path = "/api/v1/hostel/stays/{id}/badges/{badge_id}/returned",
    params(("id" = i64, Path), ("badge_id" = i64, Path)), responses(
    (status = 200, body = GuestBadge),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn badge_returned(
    State(state): State<AppState>,
    c: Ctx,
    P((id, badge_id)): P<(i64, i64)>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    reply(
        &c,
        StatusCode::OK,
        badges::give_back(&state.pool, &a, id, badge_id).await,
    )
}

/// The desk's day: arrivals, departures, in-house guests and the requests waiting.
#[utoipa::path(get, path = "/api/v1/hostel/day", params(
    ("night" = Option<String>, Query, description = "YYYY-MM-DD; default: tonight")),
    responses((status = 200, body = Day),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn day_get(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let night = night_param(&state, &c, raw.as_deref(), "night").await?;
    Ok(json(StatusCode::OK, &day::day(&state.pool, night).await?))
}

/// Every bed in service × 30 nights (or `nights`, 1 to 62) from `from`.
#[utoipa::path(get, path = "/api/v1/hostel/grid", params(
    ("from" = Option<String>, Query, description = "YYYY-MM-DD; default: tonight"),
    ("nights" = Option<i64>, Query, minimum = 1, maximum = 62)),
    responses((status = 200, body = Grid),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn grid_get(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let from = night_param(&state, &c, raw.as_deref(), "from").await?;
    let count = match query_value(raw.as_deref(), "nights") {
        None => 30,
        Some(v) => match v.parse::<i64>() {
            Ok(n) if (1..=62).contains(&n) => n,
            _ => {
                return Err(ApiError::refusal(
                    Refusal::field("nights", "error-hostel-grid-nights"),
                    c.tr.lang,
                ));
            }
        },
    };
    Ok(json(
        StatusCode::OK,
        &day::grid(&state.pool, from, count).await?,
    ))
}

/// Records a foreign guest's police form for a stay (confirmed or under way). A French guest is
/// refused (422 at `nationality`): no form is due. There is no way to send a document's scan.
#[utoipa::path(post, path = "/api/v1/hostel/stays/{id}/police-forms", params(("id" = i64, Path)),
    request_body = PoliceInput, responses(
    (status = 201, body = PoliceForm),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn police_add(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<PoliceInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    let today = stays::tonight(&state.pool, c.tz, Utc::now()).await?;
    reply(
        &c,
        StatusCode::CREATED,
        police::add(&state.pool, &a, id, &input, today).await,
    )
}

/// The police forms of the guests who arrived from `from` to `to` (included; default: the last
/// seven nights), at most a year.
#[utoipa::path(get, path = "/api/v1/hostel/police-forms", params(
    ("from" = Option<String>, Query, description = "YYYY-MM-DD"),
    ("to" = Option<String>, Query, description = "YYYY-MM-DD")),
    responses((status = 200, body = Vec<PoliceForm>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn police_list(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let to = night_param(&state, &c, raw.as_deref(), "to").await?;
    let from = match query_value(raw.as_deref(), "from") {
        None => to - chrono::Duration::days(7),
        Some(_) => night_param(&state, &c, raw.as_deref(), "from").await?,
    };
    if from > to || (to - from).num_days() > 366 {
        return Err(ApiError::refusal(
            Refusal::field("from", "error-hostel-closure-dates"),
            c.tr.lang,
        ));
    }
    Ok(json(
        StatusCode::OK,
        &police::between(&state.pool, from, to).await?,
    ))
}

/// Every room with its beds' housekeeping, the ones to do first on top.
#[utoipa::path(get, path = "/api/v1/hostel/housekeeping", responses((status = 200, body = Vec<RoomToDo>)))]
pub async fn housekeeping_get(State(state): State<AppState>, c: Ctx) -> ApiResult<Response> {
    let tonight = stays::tonight(&state.pool, c.tz, Utc::now()).await?;
    Ok(json(
        StatusCode::OK,
        &housekeeping::rooms(&state.pool, tonight).await?,
    ))
}

/// How many beds were marked.
#[derive(Debug, Serialize, ToSchema)]
pub struct Marked {
    pub beds: u64,
}

/// Marks a room's beds (or one bed) clean, dirty or inspected.
#[utoipa::path(put, path = "/api/v1/hostel/rooms/{id}/housekeeping", params(("id" = i64, Path)),
    request_body = MarkInput, responses(
    (status = 200, body = Marked),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn housekeeping_put(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<MarkInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    let done = housekeeping::mark(&state.pool, &a, id, &input)
        .await
        .map(|beds| Marked { beds });
    reply(&c, StatusCode::OK, done)
}

/// The taxe de séjour's rules, latest first.
#[utoipa::path(get, path = "/api/v1/hostel/tax-rules", responses((status = 200, body = Vec<TaxRule>)))]
pub async fn tax_rules(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(StatusCode::OK, &tax::rules(&state.pool).await?))
}

/// Adds a rule of the commune (the latest one wins where two cover a night).
#[utoipa::path(post, path = "/api/v1/hostel/tax-rules", request_body = TaxRuleInput, responses(
    (status = 201, body = TaxRule),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn tax_rule_add(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<TaxRuleInput>,
) -> ApiResult<Response> {
    let a = actor(&c)?;
    reply(
        &c,
        StatusCode::CREATED,
        tax::add_rule(&state.pool, &a, &input).await,
    )
}

/// The taxe de séjour's register for a declaration period (default: the current month so far):
/// per stay, the dates, people, nights, exempted people and why, the tax — no names.
#[utoipa::path(get, path = "/api/v1/hostel/tax-register", params(
    ("from" = Option<String>, Query, description = "YYYY-MM-DD"),
    ("to" = Option<String>, Query, description = "YYYY-MM-DD")),
    responses((status = 200, body = Vec<RegisterLine>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn tax_register(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    use chrono::Datelike;
    let to = night_param(&state, &c, raw.as_deref(), "to").await?;
    let from = match query_value(raw.as_deref(), "from") {
        None => to.with_day(1).unwrap_or(to),
        Some(_) => night_param(&state, &c, raw.as_deref(), "from").await?,
    };
    if from > to || (to - from).num_days() > 366 {
        return Err(ApiError::refusal(
            Refusal::field("from", "error-hostel-closure-dates"),
            c.tr.lang,
        ));
    }
    Ok(json(
        StatusCode::OK,
        &tax::register(&state.pool, from, to).await?,
    ))
}

pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post, put};
    r.add(M::GET, "/api/v1/hostel/rooms", STAFF, get(rooms));
    r.add(M::POST, "/api/v1/hostel/rooms", ADMIN, post(room_create));
    r.add(
        M::POST,
        "/api/v1/hostel/rooms/{id}/closures",
        STAFF,
        post(room_close),
    );
    r.add(M::GET, "/api/v1/hostel/rates", STAFF, get(rates));
    r.add(M::POST, "/api/v1/hostel/rates", ADMIN, post(rate_add));
    r.add(M::POST, "/api/v1/hostel/stays", STAFF, post(stay_create));
    r.add(M::GET, "/api/v1/hostel/stays/{id}", STAFF, get(stay_get));
    r.add(
        M::POST,
        "/api/v1/hostel/stays/{id}/confirm",
        STAFF,
        post(stay_confirm),
    );
    r.add(
        M::POST,
        "/api/v1/hostel/stays/{id}/check-in",
        STAFF,
        post(stay_check_in),
    );
    r.add(
        M::POST,
        "/api/v1/hostel/stays/{id}/check-out",
        STAFF,
        post(stay_check_out),
    );
    r.add(
        M::POST,
        "/api/v1/hostel/stays/{id}/no-show",
        STAFF,
        post(stay_no_show),
    );
    r.add(
        M::POST,
        "/api/v1/hostel/stays/{id}/move",
        STAFF,
        post(stay_move),
    );
    r.add(
        M::POST,
        "/api/v1/hostel/stays/{id}/cancel",
        STAFF,
        post(stay_cancel),
    );
    r.add(
        M::PUT,
        "/api/v1/hostel/stays/{id}/departure",
        STAFF,
        put(stay_departure),
    );
    r.add(
        M::GET,
        "/api/v1/hostel/stays/{id}/badges",
        STAFF,
        get(badges_get),
    );
    r.add(
        M::POST,
        "/api/v1/hostel/stays/{id}/badges",
        STAFF,
        post(badge_lend),
    );
    r.add(
        M::POST,
        "/api/v1/hostel/stays/{id}/badges/{badge_id}/returned",
        STAFF,
        post(badge_returned),
    );
    r.add(M::GET, "/api/v1/hostel/day", STAFF, get(day_get));
    r.add(
        M::POST,
        "/api/v1/hostel/stays/{id}/police-forms",
        STAFF,
        post(police_add),
    );
    r.add(
        M::GET,
        "/api/v1/hostel/police-forms",
        STAFF,
        get(police_list),
    );
    r.add(
        M::GET,
        "/api/v1/hostel/housekeeping",
        STAFF,
        get(housekeeping_get),
    );
    r.add(M::GET, "/api/v1/hostel/tax-rules", STAFF, get(tax_rules));
    r.add(
        M::POST,
        "/api/v1/hostel/tax-rules",
        ADMIN,
        post(tax_rule_add),
    );
    r.add(
        M::GET,
        "/api/v1/hostel/tax-register",
        STAFF,
        get(tax_register),
    );
    r.add(
        M::PUT,
        "/api/v1/hostel/rooms/{id}/housekeeping",
        STAFF,
        put(housekeeping_put),
    );
    r.add(M::GET, "/api/v1/hostel/grid", STAFF, get(grid_get));
}

/// This domain's part of the OpenAPI document.
#[derive(Debug, OpenApi)]
#[openapi(
    paths(
        rooms,
        room_create,
        room_close,
        rates,
        rate_add,
        stay_create,
        stay_get,
        stay_confirm,
        stay_check_in,
        stay_check_out,
        stay_no_show,
        stay_cancel,
        stay_move,
        stay_departure,
        badges_get,
        badge_lend,
        badge_returned,
        day_get,
        grid_get,
        police_add,
        police_list,
        housekeeping_get,
        housekeeping_put,
        tax_rules,
        tax_rule_add,
        tax_register
    ),
    components(schemas(
        Room,
        RoomInput,
        Closure,
        ClosureInput,
        Rate,
        RateInput,
        NewStay,
        Stay,
        StayView,
        HeldBed,
        StayCancelInput,
        stays::MoveInput,
        DepartureInput,
        GuestBadge,
        HandInput,
        Day,
        StayBeds,
        Grid,
        day::GridRow,
        day::Cell,
        super::Bed,
        PoliceForm,
        PoliceInput,
        RoomToDo,
        MarkInput,
        Marked,
        TaxRule,
        TaxRuleInput,
        RegisterLine,
        tax::StayTax
    ))
)]
pub struct HostelApiDoc;
