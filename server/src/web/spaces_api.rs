//! The chrono'espaces' JSON API (`/api/v1/spaces/…`, `/api/v1/bookings/…` and their kin) and the
//! iCalendar feeds (`/agenda.ics`, `/calendrier/salle/{token}`, `/calendrier/association/{token}`).
//!
//! The rules live in [`crate::spaces`] and in the database (no double booking, DESIGN.md §4 rule
//! 2); this module only translates: a refusal becomes a problem+json answer in the caller's
//! language — a collision names the slot it collides with — and a body of the wrong shape a 422
//! naming the field.
//!
//! Who sees which bookings: the desk lists every booking (`GET /api/v1/bookings`); any account
//! lists its own and those of the associations it represents (`GET /api/v1/me/bookings`) and
//! reads one booking only if it may manage it (404 otherwise, as for a booking that does not
//! exist). A booking retried with the same `request_key` is found again (200, `replayed: true`)
//! instead of being made twice.
//!
//! The feeds are outside `/api` (calendar clients fetch them without an account): a secret token
//! in the URL opens a space's or an association's feed; an unknown token is a plain 404 that says
//! nothing about which tokens exist.

use super::api::{ApiError, ApiResult, JsonBody, Problem, actor, json};
use super::{ADMIN, Access, Ctx, P, PageError, Routes, STAFF};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::people::{FieldError, Refusal};
use crate::spaces::booking::{
    self, Booking, DayAvailability, Made, NewBooking, NewSeries, Occurrence, Policy, Requester,
    Reschedule, Scope, WindowAvailability,
};
use crate::spaces::feeds::{self, AgendaItem};
use crate::spaces::occupancy::{self, Live};
use crate::spaces::timetable::{self, Slot};
use crate::spaces::{
    self, Exception, ExceptionInput, Mode, Space, SpaceInput, Use, UseInput, Window, WindowInput,
    ical,
};
use axum::extract::{RawQuery, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// Declares the chrono'espaces' API routes and the calendar feeds.
pub(super) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{delete, get, post, put};
    let any = Access::Authenticated;
    // Spaces and their timetables
    r.add(M::GET, "/api/v1/spaces", any, get(spaces_list));
    r.add(M::POST, "/api/v1/spaces", ADMIN, post(space_create));
    r.add(
        M::GET,
        "/api/v1/spaces/availability",
        any,
        get(availability),
    );
    r.add(
        M::GET,
        "/api/v1/spaces/occupancy",
        STAFF,
        get(occupancy_live),
    );
    r.add(M::GET, "/api/v1/spaces/{id}", any, get(space_get));
    r.add(M::PUT, "/api/v1/spaces/{id}", ADMIN, put(space_update));
    r.add(
        M::GET,
        "/api/v1/spaces/{id}/timetable",
        any,
        get(timetable_get),
    );
    r.add(
        M::PUT,
        "/api/v1/spaces/{id}/timetable",
        ADMIN,
        put(timetable_set),
    );
    r.add(M::GET, "/api/v1/spaces/{id}/slots", any, get(slots));
    r.add(M::PUT, "/api/v1/spaces/{id}/door", ADMIN, put(door_set));
    r.add(
        M::GET,
        "/api/v1/spaces/{id}/occupancy/hourly",
        STAFF,
        get(occupancy_hourly),
    );
    // Uses and dated exceptions
    r.add(M::GET, "/api/v1/space-uses", any, get(uses));
    r.add(M::POST, "/api/v1/space-uses", ADMIN, post(use_create));
    r.add(M::PUT, "/api/v1/space-uses/{id}", ADMIN, put(use_update));
    r.add(M::GET, "/api/v1/space-exceptions", any, get(exceptions));
    r.add(
        M::POST,
        "/api/v1/space-exceptions",
        ADMIN,
        post(exception_add),
    );
    r.add(
        M::DELETE,
        "/api/v1/space-exceptions/{id}",
        ADMIN,
        delete(exception_remove),
    );
    // Bookings
    r.add(M::GET, "/api/v1/bookings", STAFF, get(bookings));
    r.add(M::POST, "/api/v1/bookings", any, post(booking_create));
    r.add(M::GET, "/api/v1/bookings/{id}", any, get(booking_get));
    r.add(
        M::POST,
        "/api/v1/bookings/{id}/cancel",
        any,
        post(booking_cancel),
    );
    r.add(
        M::POST,
        "/api/v1/bookings/{id}/reschedule",
        any,
        post(booking_reschedule),
    );
    r.add(
        M::POST,
        "/api/v1/bookings/{id}/approve",
        STAFF,
        post(booking_approve),
    );
    r.add(
        M::POST,
        "/api/v1/bookings/{id}/decline",
        STAFF,
        post(booking_decline),
    );
    r.add(
        M::GET,
        "/api/v1/booking-requests",
        STAFF,
        get(booking_requests),
    );
    r.add(
        M::POST,
        "/api/v1/booking-series/preview",
        any,
        post(series_preview),
    );
    r.add(M::POST, "/api/v1/booking-series", any, post(series_create));
    r.add(
        M::POST,
        "/api/v1/booking-series/{id}/approve",
        STAFF,
        post(series_approve),
    );
    r.add(M::GET, "/api/v1/me/bookings", any, get(my_bookings));
    // What the neighbourhood may see
    r.add(M::GET, "/api/v1/agenda", Access::Public, get(agenda));
    // The iCalendar feeds. The token is named `{id}` like every other path parameter (the
    // role × route test fills `{id}`s in); an optional `.ics` suffix is accepted.
    r.add(M::GET, "/agenda.ics", Access::Public, get(agenda_feed));
    r.add(
        M::GET,
        "/calendrier/salle/{id}",
        Access::Public,
        get(space_feed),
    );
    r.add(
        M::GET,
        "/calendrier/association/{id}",
        Access::Public,
        get(association_feed),
    );
}

// ---------------------------------------------------------------------------------------------
// OpenAPI

/// The chrono'espaces' part of the OpenAPI document, merged into `/api/v1/openapi.json` by
/// [`super::api::document`]. The iCalendar feeds are not part of it: they live outside `/api`.
#[derive(Debug, OpenApi)]
#[openapi(
    paths(
        spaces_list, space_create, availability, occupancy_live, space_get, space_update,
        timetable_get, timetable_set, slots, door_set, occupancy_hourly, uses, use_create,
        use_update, exceptions, exception_add, exception_remove, bookings, booking_create,
        booking_get, booking_cancel, booking_reschedule, booking_approve, booking_decline,
        booking_requests, series_preview, series_create, series_approve, my_bookings, agenda
    ),
    components(schemas(Space, SpaceInput, SpaceDetail, TimetableWindow, Window, WindowInput, Use,
        UseInput, Mode, Exception, ExceptionInput, Slot, DayAvailability, WindowAvailability,
        Live, Hourly, DoorInput, Door, Booking, NewBooking, Made, CancelInput, Scope, Reschedule,
        DecisionInput, NewSeries, Policy, Occurrence, OccurrenceView, SeriesOutcome,
        AgendaItem)),
    tags((name = "Chrono'espaces", description = "Rooms whose use changes with the hour: \
        spaces (divisible rooms included), their uses, weekly timetables and dated exceptions, \
        resolved slots and the availability grid; bookings — made inside a window whose use \
        admits the requester, refused with the slot they collide with (409), idempotent by \
        `request_key` —, recurring series, approvals, cancellations and moves; live and hourly \
        occupancy; the public agenda. Times are UTC instants (RFC 3339); days are local \
        (AAAA-MM-JJ, Europe/Paris). The iCalendar feeds are at /agenda.ics, \
        /calendrier/salle/{token} and /calendrier/association/{token}."))
)]
pub struct SpacesApiDoc;

// ---------------------------------------------------------------------------------------------
// Helpers

/// The first and last years a day or an instant may name: far enough for any real booking, near
/// enough that the library's day arithmetic never leaves chrono's range.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2199;

/// The longest period of slots, availability or exceptions one call resolves.
const MAX_GRID_DAYS: i64 = 62;

/// The longest period of bookings or agenda entries one call lists.
const MAX_LIST_DAYS: i64 = 366;

/// The longest booking the API passes on (a use allows at most a week, changeovers aside).
const MAX_BOOKING_DAYS: i64 = 8;

/// At most this many windows in a weekly timetable (every half hour of the week).
const MAX_WINDOWS: usize = 7 * 48;

/// At most this many spaces in one availability grid.
const MAX_GRID_SPACES: usize = 50;

/// A refusal from the domain as a problem in the caller's language.
fn refused(c: &Ctx) -> impl Fn(Refusal) -> ApiError + use<> {
    let lang = c.tr.lang;
    move |r| ApiError::refusal(r, lang)
}

fn invalid(c: &Ctx, field: &'static str, key: &'static str) -> ApiError {
    refused(c)(Refusal::field(field, key))
}

/// The account calling (the route's guard has checked there is one).
fn account(c: &Ctx) -> ApiResult<&CurrentUser> {
    c.user
        .as_ref()
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated"))
}

/// Who asks, as the booking rules see them.
async fn requester(state: &AppState, c: &Ctx) -> ApiResult<Requester> {
    Ok(Requester::of(&state.pool, account(c)?).await?)
}

/// A response with a `Location` header.
fn created_at<T: Serialize>(status: StatusCode, value: &T, location: String) -> Response {
    let mut res = json(status, value);
    if let Ok(v) = header::HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// The query string's parameters, read by hand so that a bad one is a precise 422 (axum's
/// `Query` would answer a plain-text 400).
struct Query(Vec<(String, String)>);

impl Query {
    fn of(raw: Option<&str>) -> Query {
        Query(serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default())
    }

    /// A parameter's first non-empty value, trimmed.
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .find(|v| !v.is_empty())
    }

    /// A comma-separated list of ids (`spaces=1,2`), `None` when absent.
    fn ids(&self, name: &'static str) -> Result<Option<Vec<i64>>, Refusal> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        text.split(',')
            .map(|s| s.trim().parse::<i64>())
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
            .map_err(|_| Refusal::field(name, "error-json-value"))
    }
}

/// A local day `AAAA-MM-JJ` within [`YEARS`].
fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| YEARS.contains(&d.year()))
}

fn plausible(at: DateTime<Utc>) -> bool {
    YEARS.contains(&at.year())
}

/// Local days `from..=to` from the query: `from` defaults to today, `to` to `from` plus
/// `default_days - 1`; at most `max_days` days.
fn day_range(
    q: &Query,
    tz: chrono_tz::Tz,
    default_days: i64,
    max_days: i64,
) -> Result<(NaiveDate, NaiveDate), Refusal> {
    let from = match q.get("from") {
        None => Some(Utc::now().with_timezone(&tz).date_naive()),
        Some(t) => parse_day(t),
    };
    let Some(from) = from else {
        return Err(Refusal::field("from", "error-date"));
    };
    let to = match q.get("to") {
        None => from + Duration::days(default_days - 1),
        Some(t) => parse_day(t).ok_or(Refusal::field("to", "error-date"))?,
    };
    if to < from {
        return Err(Refusal::field("to", "error-space-end-before-start"));
    }
    if (to - from).num_days() >= max_days {
        return Err(Refusal::field("to", "spi-period-too-long"));
    }
    Ok((from, to))
}

/// A bound of a period: an RFC 3339 instant, or a local day (its start; for an end, the start of
/// the next day, so that the day is included).
fn period_bound(text: &str, tz: chrono_tz::Tz, end: bool) -> Option<DateTime<Utc>> {
    if let Some(at) = crate::i18n::parse_instant(text).filter(|t| plausible(*t)) {
        return Some(at);
    }
    let day = parse_day(text)?;
    let day = if end { day.succ_opt()? } else { day };
    Some(timetable::instant(tz, day, 0))
}

/// Instants `from..to` from the query: `from` defaults to now, `to` to `from` plus
/// `default_days`; at most [`MAX_LIST_DAYS`] apart.
fn instant_range(
    q: &Query,
    tz: chrono_tz::Tz,
    default_days: i64,
) -> Result<(DateTime<Utc>, DateTime<Utc>), Refusal> {
    let from = match q.get("from") {
        None => Utc::now(),
        Some(t) => period_bound(t, tz, false).ok_or(Refusal::field("from", "error-date"))?,
    };
    let to = match q.get("to") {
        None => from + Duration::days(default_days),
        Some(t) => period_bound(t, tz, true).ok_or(Refusal::field("to", "error-date"))?,
    };
    if to <= from {
        return Err(Refusal::field("to", "error-space-end-before-start"));
    }
    // An hour's slack for the 25-hour day at the end of a period of whole days.
    if to - from > Duration::days(MAX_LIST_DAYS) + Duration::hours(1) {
        return Err(Refusal::field("to", "spi-period-too-long"));
    }
    Ok((from, to))
}

/// What the library cannot be handed: instants out of [`YEARS`] and bookings longer than
/// [`MAX_BOOKING_DAYS`] (the timetable would be resolved for every day in between).
fn check_booking_times(nb: &NewBooking) -> Result<(), Refusal> {
    let mut errors = vec![];
    if !plausible(nb.start) {
        errors.push(FieldError {
            field: "start",
            key: "error-date",
        });
    }
    if !plausible(nb.end) {
        errors.push(FieldError {
            field: "end",
            key: "error-date",
        });
    } else if nb.end - nb.start > Duration::days(MAX_BOOKING_DAYS) {
        errors.push(FieldError {
            field: "end",
            key: "spi-booking-too-long",
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Refusal::Invalid(errors))
    }
}

/// A series the library can be handed: its first day within [`YEARS`], its rule as long as the
/// database keeps.
fn check_series(ns: &NewSeries) -> Result<(), Refusal> {
    let mut errors = vec![];
    if !YEARS.contains(&ns.first_day.year()) {
        errors.push(FieldError {
            field: "first_day",
            key: "error-date",
        });
    }
    if ns.rule.trim().chars().count() > 500 {
        errors.push(FieldError {
            field: "rule",
            key: "error-too-long",
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Refusal::Invalid(errors))
    }
}

/// A booking the caller may see: the desk sees all; others those they may manage. Anything
/// else is « not found », like a booking that does not exist.
async fn visible_booking(
    state: &AppState,
    c: &Ctx,
    req: &Requester,
    id: i64,
) -> ApiResult<Booking> {
    let b = booking::booking(&state.pool, id)
        .await
        .map_err(refused(c))?;
    if booking::may_manage(req, &b) {
        Ok(b)
    } else {
        Err(refused(c)(Refusal::NotFound))
    }
}

/// A known space, else 404.
async fn known_space(state: &AppState, c: &Ctx, id: i64) -> ApiResult<Space> {
    spaces::space(&state.pool, id).await.map_err(refused(c))
}

// ---------------------------------------------------------------------------------------------
// Spaces

/// Every space, each whole room before its halves.
#[utoipa::path(get, path = "/api/v1/spaces", tag = "Chrono'espaces", responses(
    (status = 200, body = Vec<Space>),
    (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn spaces_list(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(StatusCode::OK, &spaces::spaces(&state.pool).await?))
}

/// A space with its halves and its weekly timetable.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpaceDetail {
    #[serde(flatten)]
    pub space: Space,
    /// The halves of this room, when it is divisible (booking the whole blocks them).
    pub halves: Vec<i64>,
    pub timetable: Vec<TimetableWindow>,
    /// For the desk only: the path of the space's iCalendar feed. It is a secret — whoever has
    /// it reads every booking's time, and the title of the public ones (a private booking shows
    /// its use's name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar_path: Option<String>,
}

/// A window of the weekly timetable, with its local times written as [`WindowInput`] takes
/// them (a timetable read can be sent back as it is).
#[derive(Debug, Serialize, ToSchema)]
pub struct TimetableWindow {
    #[serde(flatten)]
    pub window: Window,
    /// `HH:MM`, local.
    pub start: String,
    /// `HH:MM`, local (`24:00`: midnight at the end of the day).
    pub end: String,
}

impl From<Window> for TimetableWindow {
    fn from(window: Window) -> TimetableWindow {
        TimetableWindow {
            start: spaces::hhmm(window.start_minute),
            end: spaces::hhmm(window.end_minute),
            window,
        }
    }
}

async fn timetable_of(state: &AppState, space_id: i64) -> ApiResult<Vec<TimetableWindow>> {
    Ok(spaces::windows(&state.pool, &[space_id])
        .await?
        .into_iter()
        .map(TimetableWindow::from)
        .collect())
}

/// One space: its description, halves and weekly timetable.
#[utoipa::path(get, path = "/api/v1/spaces/{id}", tag = "Chrono'espaces",
    params(("id" = i64, Path)), responses(
    (status = 200, body = SpaceDetail),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn space_get(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let space = known_space(&state, &c, id).await?;
    let halves = spaces::spaces(&state.pool)
        .await?
        .into_iter()
        .filter(|s| s.parent_id == Some(id))
        .map(|s| s.id)
        .collect();
    let timetable = timetable_of(&state, id).await?;
    let calendar_path = c
        .is_staff()
        .then(|| format!("/calendrier/salle/{}.ics", space.calendar_token));
    Ok(json(
        StatusCode::OK,
        &SpaceDetail {
            space,
            halves,
            timetable,
            calendar_path,
        },
    ))
}

/// Adds a space; a half of a divisible room names its whole in `parent_id`.
#[utoipa::path(post, path = "/api/v1/spaces", tag = "Chrono'espaces",
    request_body = SpaceInput, responses(
    (status = 201, body = Space),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "A space already has this name"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn space_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<SpaceInput>,
) -> ApiResult<Response> {
    let space = spaces::create_space(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(refused(&c))?;
    let location = format!("/api/v1/spaces/{}", space.id);
    Ok(created_at(StatusCode::CREATED, &space, location))
}

/// Changes a space's description (`parent_id` is ignored: a space stays in its room).
#[utoipa::path(put, path = "/api/v1/spaces/{id}", tag = "Chrono'espaces",
    params(("id" = i64, Path)), request_body = SpaceInput, responses(
    (status = 200, body = Space),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn space_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<SpaceInput>,
) -> ApiResult<Response> {
    let space = spaces::update_space(&state.pool, &actor(&c)?, id, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &space))
}

/// A space's weekly timetable, by day and time.
#[utoipa::path(get, path = "/api/v1/spaces/{id}/timetable", tag = "Chrono'espaces",
    params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<TimetableWindow>),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn timetable_get(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    known_space(&state, &c, id).await?;
    Ok(json(StatusCode::OK, &timetable_of(&state, id).await?))
}

/// Replaces a space's weekly timetable, all of it or nothing. Windows of one day may not
/// overlap (409, naming them). Bookings already made stay.
#[utoipa::path(put, path = "/api/v1/spaces/{id}/timetable", tag = "Chrono'espaces",
    params(("id" = i64, Path)), request_body = Vec<WindowInput>, responses(
    (status = 200, body = Vec<TimetableWindow>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "Two windows of one day overlap"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn timetable_set(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<Vec<WindowInput>>,
) -> ApiResult<Response> {
    if input.len() > MAX_WINDOWS {
        return Err(invalid(&c, "windows", "spi-too-many-windows"));
    }
    let windows = spaces::set_windows(&state.pool, &actor(&c)?, id, &input)
        .await
        .map_err(refused(&c))?;
    let list: Vec<TimetableWindow> = windows.into_iter().map(TimetableWindow::from).collect();
    Ok(json(StatusCode::OK, &list))
}

#[derive(Debug, Deserialize, IntoParams)]
#[allow(dead_code)] // Documents the query; read by `Query`.
pub struct DaysParams {
    /// First local day, AAAA-MM-JJ. Default: today.
    from: Option<String>,
    /// Last local day (included), AAAA-MM-JJ. Default: a week from `from`; at most 62 days.
    to: Option<String>,
}

/// A space's windows over local days, resolved to UTC instants with the site's time-zone rules
/// (exceptions applied; correct on the 23- and 25-hour days).
#[utoipa::path(get, path = "/api/v1/spaces/{id}/slots", tag = "Chrono'espaces",
    params(("id" = i64, Path), DaysParams), responses(
    (status = 200, body = Vec<Slot>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn slots(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let (from, to) =
        day_range(&Query::of(query.as_deref()), c.tz, 7, MAX_GRID_DAYS).map_err(refused(&c))?;
    known_space(&state, &c, id).await?;
    let mut conn = state.pool.acquire().await?;
    let list = timetable::slots(&mut conn, c.tz, &[id], from, to).await?;
    Ok(json(StatusCode::OK, &list))
}

#[derive(Debug, Deserialize, IntoParams)]
#[allow(dead_code)] // Documents the query; read by `Query`.
pub struct AvailabilityParams {
    /// Space ids, comma-separated (`1,2`). Default: every space (at most 50).
    spaces: Option<String>,
    /// First local day, AAAA-MM-JJ. Default: today.
    from: Option<String>,
    /// Last local day (included), AAAA-MM-JJ. Default: a week from `from`; at most 62 days.
    to: Option<String>,
}

/// The availability grid: for each space and local day, its windows, the minutes no confirmed
/// booking holds and what holds the rest (changeovers and the other parts of a divisible room
/// included).
#[utoipa::path(get, path = "/api/v1/spaces/availability", tag = "Chrono'espaces",
    params(AvailabilityParams), responses(
    (status = 200, body = Vec<DayAvailability>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn availability(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let q = Query::of(query.as_deref());
    let (from, to) = day_range(&q, c.tz, 7, MAX_GRID_DAYS).map_err(refused(&c))?;
    let known: Vec<i64> = spaces::spaces(&state.pool)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let wanted = match q.ids("spaces").map_err(refused(&c))? {
        Some(ids) => {
            if ids.iter().any(|i| !known.contains(i)) {
                return Err(invalid(&c, "spaces", "error-space-unknown"));
            }
            ids
        }
        None => known,
    };
    if wanted.len() > MAX_GRID_SPACES {
        return Err(invalid(&c, "spaces", "spi-too-many-spaces"));
    }
    let mut conn = state.pool.acquire().await?;
    let grid = booking::availability(&mut conn, c.tz, &wanted, from, to).await?;
    Ok(json(StatusCode::OK, &grid))
}

/// Which kiosk is a space's door.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DoorInput {
    /// A kiosk whose role is `space`.
    pub kiosk_id: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Door {
    pub kiosk_id: String,
    pub space_id: i64,
}

/// Makes a door kiosk (role `space`) the door of this space: its taps enter and leave it.
#[utoipa::path(put, path = "/api/v1/spaces/{id}/door", tag = "Chrono'espaces",
    params(("id" = i64, Path)), request_body = DoorInput, responses(
    (status = 200, body = Door),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json",
        description = "Not a door kiosk, or an unknown one")))]
pub async fn door_set(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<DoorInput>,
) -> ApiResult<Response> {
    known_space(&state, &c, id).await?;
    let kiosk_id = input.kiosk_id.trim().to_owned();
    spaces::set_door(&state.pool, &actor(&c)?, &kiosk_id, id)
        .await
        .map_err(refused(&c))?;
    Ok(json(
        StatusCode::OK,
        &Door {
            kiosk_id,
            space_id: id,
        },
    ))
}

/// Every space now: people present (door kiosks), the use in force and its capacity, the
/// booking holding the room, and for an event the attendees so far.
#[utoipa::path(get, path = "/api/v1/spaces/occupancy", tag = "Chrono'espaces", responses(
    (status = 200, body = Vec<Live>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn occupancy_live(State(state): State<AppState>, c: Ctx) -> ApiResult<Response> {
    let list = occupancy::live(&state.pool, c.tz, Utc::now()).await?;
    Ok(json(StatusCode::OK, &list))
}

#[derive(Debug, Deserialize, IntoParams)]
#[allow(dead_code)] // Documents the query; read by `Query`.
pub struct HourlyParams {
    /// How many weeks back (1–52, default 4).
    weeks: Option<i64>,
}

/// The average number of people present in a space, per weekday and local hour.
#[derive(Debug, Serialize, ToSchema)]
pub struct Hourly {
    pub space_id: i64,
    pub weeks: i64,
    /// Seven rows, Monday first, of 24 averages (local hours 0–23).
    pub averages: Vec<Vec<f64>>,
}

/// A space's hourly occupancy over the last weeks (what the heatmap draws).
#[utoipa::path(get, path = "/api/v1/spaces/{id}/occupancy/hourly", tag = "Chrono'espaces",
    params(("id" = i64, Path), HourlyParams), responses(
    (status = 200, body = Hourly),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn occupancy_hourly(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let weeks = match Query::of(query.as_deref()).get("weeks") {
        None => 4,
        Some(w) => w
            .parse::<i64>()
            .ok()
            .filter(|w| (1..=52).contains(w))
            .ok_or_else(|| invalid(&c, "weeks", "spi-weeks"))?,
    };
    known_space(&state, &c, id).await?;
    let hours = occupancy::hourly(&state.pool, c.tz, id, weeks, Utc::now()).await?;
    Ok(json(
        StatusCode::OK,
        &Hourly {
            space_id: id,
            weeks,
            averages: hours.iter().map(|day| day.to_vec()).collect(),
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// Uses and exceptions

/// Every use, by name, with its rules.
#[utoipa::path(get, path = "/api/v1/space-uses", tag = "Chrono'espaces", responses(
    (status = 200, body = Vec<Use>)))]
pub async fn uses(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(StatusCode::OK, &spaces::uses(&state.pool).await?))
}

/// Adds a use (coworking, débat, association…) with its rules.
#[utoipa::path(post, path = "/api/v1/space-uses", tag = "Chrono'espaces",
    request_body = UseInput, responses(
    (status = 201, body = Use),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "A use already has this code"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn use_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<UseInput>,
) -> ApiResult<Response> {
    let created = spaces::create_use(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::CREATED, &created))
}

/// Changes a use; bookings already made keep the rules they were made under.
#[utoipa::path(put, path = "/api/v1/space-uses/{id}", tag = "Chrono'espaces",
    params(("id" = i64, Path)), request_body = UseInput, responses(
    (status = 200, body = Use),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn use_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<UseInput>,
) -> ApiResult<Response> {
    let updated = spaces::update_use(&state.pool, &actor(&c)?, id, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &updated))
}

#[derive(Debug, Deserialize, IntoParams)]
#[allow(dead_code)] // Documents the query; read by `Query`.
pub struct ExceptionParams {
    /// First local day, AAAA-MM-JJ. Default: today.
    from: Option<String>,
    /// Last local day (included), AAAA-MM-JJ. Default: 62 days from `from`; at most 366 days.
    to: Option<String>,
}

/// The dated exceptions (the site's and the spaces') between two local days.
#[utoipa::path(get, path = "/api/v1/space-exceptions", tag = "Chrono'espaces",
    params(ExceptionParams), responses(
    (status = 200, body = Vec<Exception>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn exceptions(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let (from, to) = day_range(
        &Query::of(query.as_deref()),
        c.tz,
        MAX_GRID_DAYS,
        MAX_LIST_DAYS,
    )
    .map_err(refused(&c))?;
    Ok(json(
        StatusCode::OK,
        &spaces::exceptions(&state.pool, from, to).await?,
    ))
}

/// Adds a dated exception: a closure (no `use_id`) or an opening for a use, for a whole day (no
/// times) or some hours, for one space or the whole site (no `space_id`).
#[utoipa::path(post, path = "/api/v1/space-exceptions", tag = "Chrono'espaces",
    request_body = ExceptionInput, responses(
    (status = 201, body = Exception),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn exception_add(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<ExceptionInput>,
) -> ApiResult<Response> {
    // A day the library reads but the site cannot place (`+10000-01-01`).
    if let Ok(day) = NaiveDate::parse_from_str(input.day.trim(), "%Y-%m-%d")
        && !YEARS.contains(&day.year())
    {
        return Err(invalid(&c, "day", "error-date"));
    }
    let created = spaces::add_exception(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::CREATED, &created))
}

/// Removes a dated exception: the weekly timetable applies again that day.
#[utoipa::path(delete, path = "/api/v1/space-exceptions/{id}", tag = "Chrono'espaces",
    params(("id" = i64, Path)), responses(
    (status = 204, description = "Removed"),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn exception_remove(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    spaces::remove_exception(&state.pool, &actor(&c)?, id)
        .await
        .map_err(refused(&c))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------
// Bookings

#[derive(Debug, Deserialize, IntoParams)]
#[allow(dead_code)] // Documents the query; read by `Query`.
pub struct BookingsParams {
    /// Start: RFC 3339, or a local day AAAA-MM-JJ. Default: now.
    from: Option<String>,
    /// End: RFC 3339, or a local day AAAA-MM-JJ (included). Default: 4 weeks after `from`; at
    /// most 366 days after it.
    to: Option<String>,
    /// Space ids, comma-separated. Default: every space.
    space: Option<String>,
    /// States, comma-separated (requested, confirmed, declined, cancelled, released). Default:
    /// all.
    state: Option<String>,
}

/// Every booking that overlaps a period (the desk's view), by start.
#[utoipa::path(get, path = "/api/v1/bookings", tag = "Chrono'espaces",
    params(BookingsParams), responses(
    (status = 200, body = Vec<Booking>),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn bookings(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let q = Query::of(query.as_deref());
    let (from, to) = instant_range(&q, c.tz, 28).map_err(refused(&c))?;
    let space_ids = q.ids("space").map_err(refused(&c))?.unwrap_or_default();
    let states: Vec<&str> = match q.get("state") {
        None => vec![],
        Some(list) => list
            .split(',')
            .map(|s| {
                booking::STATES
                    .iter()
                    .find(|k| **k == s.trim())
                    .copied()
                    .ok_or_else(|| invalid(&c, "state", "error-choice"))
            })
            .collect::<Result<_, _>>()?,
    };
    let list = booking::bookings_between(&state.pool, &space_ids, from, to, &states).await?;
    Ok(json(StatusCode::OK, &list))
}

#[derive(Debug, Deserialize, IntoParams)]
#[allow(dead_code)] // Documents the query; read by `Query`.
pub struct MyBookingsParams {
    /// Bookings ending after this: RFC 3339, or a local day AAAA-MM-JJ. Default: now.
    from: Option<String>,
}

/// The caller's bookings — made by this account or for its person — and those of the
/// associations it represents, ending after `from`, by start.
#[utoipa::path(get, path = "/api/v1/me/bookings", tag = "Chrono'espaces",
    params(MyBookingsParams), responses(
    (status = 200, body = Vec<Booking>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn my_bookings(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let from = match Query::of(query.as_deref()).get("from") {
        None => Utc::now(),
        Some(t) => period_bound(t, c.tz, false).ok_or_else(|| invalid(&c, "from", "error-date"))?,
    };
    let req = requester(&state, &c).await?;
    let user = account(&c)?;
    let mut list = booking::of_user(&state.pool, user.id, user.person_id, from).await?;
    for a in &req.represents {
        list.extend(booking::of_association(&state.pool, *a, from).await?);
    }
    list.sort_by(|a, b| (&a.start_at, a.id).cmp(&(&b.start_at, b.id)));
    list.dedup_by_key(|b| b.id);
    Ok(json(StatusCode::OK, &list))
}

/// Books a slot. Confirmed at once, or `requested` when the use needs the desk's approval (the
/// desk's own bookings never wait). The same `request_key` books once: a retry answers 200 with
/// `replayed: true` and the same booking.
#[utoipa::path(post, path = "/api/v1/bookings", tag = "Chrono'espaces",
    request_body = NewBooking, responses(
    (status = 201, body = Made, description = "Booked (or requested)"),
    (status = 200, body = Made, description = "Replayed: this request_key had already booked it"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "Refused by a rule: the slot collided with (with its title when the caller may see it, its space and its local times), the room closed or in a use not open to the caller, too short, too long, too late, over capacity, in the past, or the request_key used for another booking"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn booking_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<NewBooking>,
) -> ApiResult<Response> {
    check_booking_times(&input).map_err(refused(&c))?;
    let req = requester(&state, &c).await?;
    let made = booking::create(&state.pool, c.tz, Utc::now(), &req, &input)
        .await
        .map_err(refused(&c))?;
    let status = if made.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let location = format!("/api/v1/bookings/{}", made.booking.id);
    Ok(created_at(status, &made, location))
}

/// One booking — 404 unless the caller is the desk, made it, is its person, or represents its
/// association.
#[utoipa::path(get, path = "/api/v1/bookings/{id}", tag = "Chrono'espaces",
    params(("id" = i64, Path)), responses(
    (status = 200, body = Booking),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn booking_get(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let req = requester(&state, &c).await?;
    Ok(json(
        StatusCode::OK,
        &visible_booking(&state, &c, &req, id).await?,
    ))
}

/// A cancellation.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CancelInput {
    /// `one` (default) or, for a date of a series, `following`: it and the dates after it.
    #[serde(default)]
    pub scope: Option<Scope>,
    #[serde(default)]
    pub reason: String,
}

/// Cancels a booking, or it and the following dates of its series. Answers the bookings
/// cancelled (their feeds show them as cancelled, with a higher SEQUENCE).
#[utoipa::path(post, path = "/api/v1/bookings/{id}/cancel", tag = "Chrono'espaces",
    params(("id" = i64, Path)), request_body = CancelInput, responses(
    (status = 200, body = Vec<Booking>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "Already cancelled, declined or released, or already over"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn booking_cancel(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<CancelInput>,
) -> ApiResult<Response> {
    let req = requester(&state, &c).await?;
    let scope = input.scope.unwrap_or(Scope::One);
    let list = booking::cancel(&state.pool, Utc::now(), &req, id, scope, &input.reason)
        .await
        .map_err(|r| match r {
            // The library checks the reason as it checks a decision's message.
            Refusal::Invalid(mut errors) => {
                for e in errors.iter_mut().filter(|e| e.field == "message") {
                    e.field = "reason";
                }
                Refusal::Invalid(errors)
            }
            other => other,
        })
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &list))
}

/// Moves a booking to new local hours (and, for one booking, a new day), or it and the
/// following dates of its series. Each keeps its UID; its SEQUENCE goes up. Answers the bookings
/// moved.
#[utoipa::path(post, path = "/api/v1/bookings/{id}/reschedule", tag = "Chrono'espaces",
    params(("id" = i64, Path)), request_body = Reschedule, responses(
    (status = 200, body = Vec<Booking>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "The new slot collides (named, with its date) or breaks a rule of the use"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn booking_reschedule(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<Reschedule>,
) -> ApiResult<Response> {
    if input.day.is_some_and(|d| !YEARS.contains(&d.year())) {
        return Err(invalid(&c, "day", "error-date"));
    }
    let req = requester(&state, &c).await?;
    let list = booking::reschedule(&state.pool, c.tz, Utc::now(), &req, id, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &list))
}

/// The desk's decision on a request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionInput {
    /// For the requester (required to decline).
    #[serde(default)]
    pub message: String,
}

/// Approves a request: confirmed if nothing confirmed collides with it (two approvals at once
/// give the room once: the other is refused with the slot).
#[utoipa::path(post, path = "/api/v1/bookings/{id}/approve", tag = "Chrono'espaces",
    params(("id" = i64, Path)), request_body = DecisionInput, responses(
    (status = 200, body = Booking),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "Not waiting for approval, in the past, or colliding with a confirmed booking (named)")))]
pub async fn booking_approve(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<DecisionInput>,
) -> ApiResult<Response> {
    let req = requester(&state, &c).await?;
    let b = booking::approve(&state.pool, c.tz, Utc::now(), &req, id, &input.message)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &b))
}

/// Declines a request, with a message for the requester.
#[utoipa::path(post, path = "/api/v1/bookings/{id}/decline", tag = "Chrono'espaces",
    params(("id" = i64, Path)), request_body = DecisionInput, responses(
    (status = 200, body = Booking),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json",
        description = "No message")))]
pub async fn booking_decline(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<DecisionInput>,
) -> ApiResult<Response> {
    let req = requester(&state, &c).await?;
    let b = booking::decline(&state.pool, Utc::now(), &req, id, &input.message)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &b))
}

/// The requests waiting for the desk's approval, oldest slot first.
#[utoipa::path(get, path = "/api/v1/booking-requests", tag = "Chrono'espaces", responses(
    (status = 200, body = Vec<Booking>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn booking_requests(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(StatusCode::OK, &booking::requests(&state.pool).await?))
}

/// One date of a series with its outcome in words.
#[derive(Debug, Serialize, ToSchema)]
pub struct OccurrenceView {
    #[serde(flatten)]
    pub occurrence: Occurrence,
    /// Why the date is refused, in the caller's language (the slot it collides with…).
    pub message: Option<String>,
}

/// A series: the dates and what became of each; `series_id` when something was booked.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesOutcome {
    pub series_id: Option<i64>,
    pub occurrences: Vec<OccurrenceView>,
}

fn occurrence_views(c: &Ctx, list: Vec<Occurrence>) -> Vec<OccurrenceView> {
    list.into_iter()
        .map(|o| OccurrenceView {
            message: o
                .refused
                .as_deref()
                .map(|key| c.tr.ta(key, &[("name", &o.detail)])),
            occurrence: o,
        })
        .collect()
}

/// Each date of a series and whether it can be had, without booking anything: what the
/// requester sees before choosing all-or-nothing or skip-conflicts.
#[utoipa::path(post, path = "/api/v1/booking-series/preview", tag = "Chrono'espaces",
    request_body = NewSeries, responses(
    (status = 200, body = SeriesOutcome),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn series_preview(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<NewSeries>,
) -> ApiResult<Response> {
    check_series(&input).map_err(refused(&c))?;
    let req = requester(&state, &c).await?;
    let mut conn = state.pool.acquire().await?;
    let list = booking::preview(&mut conn, c.tz, Utc::now(), &req, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(
        StatusCode::OK,
        &SeriesOutcome {
            series_id: None,
            occurrences: occurrence_views(&c, list),
        },
    ))
}

/// Books a series: every date or none (`all_or_nothing`), or the free dates
/// (`skip_conflicts`); each date is checked again when writing. When nothing is booked the
/// answer is a 409 naming the first date refused.
#[utoipa::path(post, path = "/api/v1/booking-series", tag = "Chrono'espaces",
    request_body = NewSeries, responses(
    (status = 201, body = SeriesOutcome),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "Nothing booked: a date refused in all-or-nothing, or no date free"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn series_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<NewSeries>,
) -> ApiResult<Response> {
    check_series(&input).map_err(refused(&c))?;
    let req = requester(&state, &c).await?;
    let made = booking::create_series(&state.pool, c.tz, Utc::now(), &req, &input)
        .await
        .map_err(refused(&c))?;
    let occurrences = occurrence_views(&c, made.occurrences);
    let Some(series_id) = made.series_id else {
        let first = occurrences
            .iter()
            .find_map(|o| {
                let day = o.occurrence.day.format("%d/%m/%Y");
                o.message.as_ref().map(|m| format!("{day} — {m}"))
            })
            .unwrap_or_default();
        let key = match input.policy {
            Policy::AllOrNothing => "spi-series-all-or-nothing",
            Policy::SkipConflicts => "spi-series-none-free",
        };
        return Err(refused(&c)(Refusal::Conflict { key, arg: first }));
    };
    Ok(json(
        StatusCode::CREATED,
        &SeriesOutcome {
            series_id: Some(series_id),
            occurrences,
        },
    ))
}

/// Approves a series' waiting dates at once, by its policy: all-or-nothing refuses if a date
/// collides; skip-conflicts confirms the free dates and declines the others. Answers every date
/// of the series.
#[utoipa::path(post, path = "/api/v1/booking-series/{id}/approve", tag = "Chrono'espaces",
    params(("id" = i64, Path)), request_body = DecisionInput, responses(
    (status = 200, body = Vec<Booking>),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn series_approve(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<DecisionInput>,
) -> ApiResult<Response> {
    let req = requester(&state, &c).await?;
    let list = booking::approve_series(&state.pool, c.tz, Utc::now(), &req, id, &input.message)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &list))
}

// ---------------------------------------------------------------------------------------------
// The public agenda and the feeds

#[derive(Debug, Deserialize, IntoParams)]
#[allow(dead_code)] // Documents the query; read by `Query`.
pub struct AgendaParams {
    /// Start: RFC 3339, or a local day AAAA-MM-JJ. Default: now.
    from: Option<String>,
    /// End: RFC 3339, or a local day AAAA-MM-JJ (included). Default: 31 days after `from`; at
    /// most 366 days after it.
    to: Option<String>,
}

/// The public agenda: the debates, screenings and other public bookings, cancelled ones marked.
/// No account needed.
#[utoipa::path(get, path = "/api/v1/agenda", tag = "Chrono'espaces", security(()),
    params(AgendaParams), responses(
    (status = 200, body = Vec<AgendaItem>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn agenda(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let (from, to) = instant_range(&Query::of(query.as_deref()), c.tz, 31).map_err(refused(&c))?;
    let mut conn = state.pool.acquire().await?;
    let items: Vec<AgendaItem> = feeds::agenda(&mut conn, from, to)
        .await?
        .into_iter()
        .map(|(_, item)| item)
        .collect();
    Ok(json(StatusCode::OK, &items))
}

/// An iCalendar feed: always fetched afresh (`no-cache`), so a change shows at the next poll.
fn calendar(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// The one answer for a token that opens nothing, whatever it looks like.
fn no_calendar(c: &Ctx) -> Response {
    (
        StatusCode::NOT_FOUND,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        format!("{}\n", c.tr.t("spi-feed-not-found")),
    )
        .into_response()
}

/// The secret from the URL, without its optional `.ics`; `None` when it cannot be one.
fn feed_token(raw: &str) -> Option<&str> {
    let token = raw.strip_suffix(".ics").unwrap_or(raw);
    (!token.is_empty() && token.len() <= 128).then_some(token)
}

/// The public agenda as an iCalendar feed: no token, public bookings only.
pub async fn agenda_feed(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let mut conn = state.pool.acquire().await?;
    let events = feeds::agenda_events(&mut conn, Utc::now()).await?;
    Ok(calendar(ical::render(
        &c.tr.t("spi-feed-agenda-name"),
        c.tz,
        &events,
    )))
}

/// A space's feed, opened by its secret token: that space's bookings only.
pub async fn space_feed(
    State(state): State<AppState>,
    c: Ctx,
    P(token): P<String>,
) -> Result<Response, PageError> {
    let Some(token) = feed_token(&token) else {
        return Ok(no_calendar(&c));
    };
    let Some(space) = spaces::space_by_token(&state.pool, token).await? else {
        return Ok(no_calendar(&c));
    };
    let events = feeds::space_events(&state.pool, space.id, Utc::now()).await?;
    let name = c.tr.ta("spi-feed-space-name", &[("name", &space.name)]);
    Ok(calendar(ical::render(&name, c.tz, &events)))
}

/// An association's feed, opened by its secret token: that association's bookings only.
pub async fn association_feed(
    State(state): State<AppState>,
    c: Ctx,
    P(token): P<String>,
) -> Result<Response, PageError> {
    let Some(token) = feed_token(&token) else {
        return Ok(no_calendar(&c));
    };
    let Some((id, association)) = spaces::association_by_token(&state.pool, token).await? else {
        return Ok(no_calendar(&c));
    };
    let events = feeds::association_events(&state.pool, id, Utc::now()).await?;
    let name =
        c.tr.ta("spi-feed-association-name", &[("name", &association)]);
    Ok(calendar(ical::render(&name, c.tz, &events)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn midnight(day: &str) -> DateTime<Utc> {
        timetable::instant(chrono_tz::Europe::Paris, parse_day(day).unwrap(), 0)
    }

    #[test]
    fn days_and_periods_are_read_within_the_years_the_site_can_place() {
        assert_eq!(parse_day("2026-07-01"), NaiveDate::from_ymd_opt(2026, 7, 1));
        assert_eq!(parse_day("+10000-01-01"), None);
        assert_eq!(parse_day("1969-12-31"), None);
        assert_eq!(parse_day("2026-02-30"), None);
        let tz = chrono_tz::Europe::Paris;
        let q = Query::of(Some("from=2026-03-28&to=2026-03-29"));
        let (from, to) = instant_range(&q, tz, 28).unwrap();
        assert_eq!(from, midnight("2026-03-28"));
        // The end day is included: up to the next midnight, after the 23-hour day.
        assert_eq!(to, midnight("2026-03-30"));
        assert_eq!(to - from, Duration::hours(47));
        let q = Query::of(Some("from=2026-01-01&to=2027-01-02"));
        assert!(instant_range(&q, tz, 28).is_err());
        let q = Query::of(Some("from=2026-01-01&to=2026-03-03"));
        assert!(day_range(&q, tz, 7, MAX_GRID_DAYS).is_ok());
        let q = Query::of(Some("from=2026-01-01&to=2026-03-04"));
        assert!(day_range(&q, tz, 7, MAX_GRID_DAYS).is_err());
        let q = Query::of(Some("spaces=1,%202&bad=%ZZ"));
        assert_eq!(q.ids("spaces").unwrap(), Some(vec![1, 2]));
        assert!(Query::of(Some("spaces=1,x")).ids("spaces").is_err());
    }

    #[test]
    fn a_feed_token_may_end_in_ics() {
        assert_eq!(feed_token("abc.ics"), Some("abc"));
        assert_eq!(feed_token("abc"), Some("abc"));
        assert_eq!(feed_token(".ics"), None);
        assert_eq!(feed_token(&"a".repeat(200)), None);
    }
}
