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

use crate::auth::CurrentUser;
use crate::refusal::{FieldError, Refusal};
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
use crate::web::AppState;
use crate::web::problem::{ApiError, ApiResult, JsonBody, Problem, actor, json};
use crate::web::{ADMIN, Access, Ctx, P, PageError, Routes, STAFF};
use axum::extract::{RawQuery, State};
use axum::http::Method;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

mod bookings;
mod rooms;
pub(crate) use bookings::*;
pub(crate) use rooms::*;

/// Declares the chrono'espaces' API routes and the calendar feeds.
pub(crate) fn declare(r: &mut Routes) {
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
/// [`crate::web::problem::document`]. The iCalendar feeds are not part of it: they live outside `/api`.
#[derive(Debug, OpenApi)]
#[openapi(
    modifiers(&LIMITS),
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
/// A day within [`YEARS`], as the OpenAPI document states it.
const DAY_PATTERN: &str = "^(20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$";
/// A list of ids as a query takes it (`1,2`).
const IDS_PATTERN: &str = "^[0-9]{1,15}(,[0-9]{1,15})*$";
/// A list of booking states as a query takes it (`requested,confirmed`).
const STATES_PATTERN: &str = "^(requested|confirmed|declined|cancelled|released)(,(requested|confirmed|declined|cancelled|released))*$";
/// The most weeks back the hourly occupancy covers.
const HOURLY_WEEKS_MAX: i64 = 52;

/// What the chrono'espaces' rules take, stated in the document.
static LIMITS: crate::web::openapi::Limits = {
    use crate::spaces::booking::{NOTE_MAX, REQUEST_KEY_MAX, RULE_MAX, SEATS_MAX, TITLE_MAX};
    use crate::spaces::openings::LABEL_MAX;
    use crate::spaces::uses::*;
    use crate::spaces::{
        CAPACITY_MAX, DESCRIPTION_MAX, EQUIPMENT_MAX, FLOOR_MAX, MODES, PRICE_KINDS, SPACE_NAME_MAX,
    };
    use crate::web::openapi::{At, Limits, Rule};
    const DAY: Rule = Rule::DateIn(DAY_PATTERN);
    const IDS: Rule = Rule::Pattern(IDS_PATTERN, 1000);
    const COUNT: Rule = Rule::Int(1, SEATS_MAX);
    Limits(&[
        (
            At::Field("SpaceInput", "name"),
            Rule::Text(1, SPACE_NAME_MAX),
        ),
        (At::Field("SpaceInput", "floor"), Rule::Text(0, FLOOR_MAX)),
        (
            At::Field("SpaceInput", "equipment"),
            Rule::Text(0, EQUIPMENT_MAX),
        ),
        (
            At::Field("SpaceInput", "description"),
            Rule::Text(0, DESCRIPTION_MAX),
        ),
        (
            At::Field("SpaceInput", "capacity"),
            Rule::Int(1, CAPACITY_MAX),
        ),
        (
            At::Field("UseInput", "code"),
            Rule::Pattern(USE_CODE_PATTERN, USE_CODE_MAX),
        ),
        (At::Field("UseInput", "name"), Rule::Text(1, USE_NAME_MAX)),
        (
            At::Field("UseInput", "colour"),
            Rule::Pattern(COLOUR_PATTERN, 7),
        ),
        (At::Field("UseInput", "mode"), Rule::OneOf(&MODES)),
        (
            At::Field("UseInput", "capacity"),
            Rule::Int(1, CAPACITY_MAX),
        ),
        (
            At::Field("UseInput", "min_minutes"),
            Rule::Int(DURATION_MINUTES.0, DURATION_MINUTES.1),
        ),
        (
            At::Field("UseInput", "max_minutes"),
            Rule::Int(DURATION_MINUTES.0, DURATION_MINUTES.1),
        ),
        (
            At::Field("UseInput", "notice_minutes"),
            Rule::Int(0, NOTICE_MAX),
        ),
        (
            At::Field("UseInput", "price_kind"),
            Rule::OneOf(&PRICE_KINDS),
        ),
        (
            At::Field("UseInput", "price_per_hour"),
            Rule::Int(0, PRICE_PER_HOUR_MAX),
        ),
        (
            At::Field("UseInput", "changeover_before"),
            Rule::Int(0, CHANGEOVER_MAX),
        ),
        (
            At::Field("UseInput", "changeover_after"),
            Rule::Int(0, CHANGEOVER_MAX),
        ),
        (
            At::Field("UseInput", "checkin_grace_minutes"),
            Rule::Int(GRACE_MINUTES.0, GRACE_MINUTES.1),
        ),
        (At::Field("WindowInput", "weekday"), Rule::Int(1, 7)),
        (At::Field("WindowInput", "start"), Rule::Time),
        (At::Field("WindowInput", "end"), Rule::Time),
        (At::Field("ExceptionInput", "day"), DAY),
        (At::Field("ExceptionInput", "start"), Rule::Time),
        (At::Field("ExceptionInput", "end"), Rule::Time),
        (
            At::Field("ExceptionInput", "label"),
            Rule::Text(1, LABEL_MAX),
        ),
        (At::Field("NewBooking", "title"), Rule::Text(1, TITLE_MAX)),
        (At::Field("NewBooking", "note"), Rule::Text(0, NOTE_MAX)),
        (At::Field("NewBooking", "seats"), COUNT),
        (At::Field("NewBooking", "attendees_expected"), COUNT),
        (
            At::Field("NewBooking", "request_key"),
            Rule::Text(1, REQUEST_KEY_MAX),
        ),
        (At::Field("NewSeries", "first_day"), DAY),
        (At::Field("NewSeries", "start"), Rule::Time),
        (At::Field("NewSeries", "end"), Rule::Time),
        (At::Field("NewSeries", "rule"), Rule::Text(1, RULE_MAX)),
        (At::Field("NewSeries", "title"), Rule::Text(1, TITLE_MAX)),
        (At::Field("NewSeries", "note"), Rule::Text(0, NOTE_MAX)),
        (At::Field("NewSeries", "attendees_expected"), COUNT),
        (At::Field("Reschedule", "day"), DAY),
        (At::Field("Reschedule", "start"), Rule::Time),
        (At::Field("Reschedule", "end"), Rule::Time),
        (At::Field("CancelInput", "reason"), Rule::Text(0, NOTE_MAX)),
        (
            At::Field("DecisionInput", "message"),
            Rule::Text(0, NOTE_MAX),
        ),
        (
            At::Param("/api/v1/spaces/{id}/occupancy/hourly", "weeks"),
            Rule::Int(1, HOURLY_WEEKS_MAX),
        ),
        (At::Param("/api/v1/bookings", "from"), DAY),
        (At::Param("/api/v1/bookings", "to"), DAY),
        (At::Param("/api/v1/bookings", "space"), IDS),
        (
            At::Param("/api/v1/bookings", "state"),
            Rule::Pattern(STATES_PATTERN, 200),
        ),
        (At::Param("/api/v1/me/bookings", "from"), DAY),
        (At::Param("/api/v1/agenda", "from"), DAY),
        (At::Param("/api/v1/agenda", "to"), DAY),
        (At::Param("/api/v1/spaces/{id}/slots", "from"), DAY),
        (At::Param("/api/v1/spaces/{id}/slots", "to"), DAY),
        (At::Param("/api/v1/spaces/availability", "from"), DAY),
        (At::Param("/api/v1/spaces/availability", "to"), DAY),
        (At::Param("/api/v1/spaces/availability", "spaces"), IDS),
        (At::Param("/api/v1/space-exceptions", "from"), DAY),
        (At::Param("/api/v1/space-exceptions", "to"), DAY),
    ])
};

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
    if let Some(at) = crate::time::parse_instant(text).filter(|t| plausible(*t)) {
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
    if ns.rule.trim().chars().count() > crate::spaces::booking::RULE_MAX {
        errors.push(FieldError {
            field: "rule",
            key: crate::refusal::too_long(crate::spaces::booking::RULE_MAX),
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod limits_tests {
    use super::*;

    /// The patterns the document states say what the rules take.
    #[test]
    fn the_documented_lists_are_the_rules_ones() {
        let states = regex::Regex::new(STATES_PATTERN).unwrap();
        for s in booking::STATES {
            assert!(states.is_match(s), "{s}");
        }
        assert!(states.is_match("requested,confirmed"));
        assert!(!states.is_match("requested,"));
        let modes: Vec<&str> = spaces::Mode::ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(modes, spaces::MODES);
        let ids = regex::Regex::new(IDS_PATTERN).unwrap();
        let q = Query::of(Some("spaces=12,3"));
        assert!(ids.is_match("12,3") && q.ids("spaces").unwrap() == Some(vec![12, 3]));
        let day = regex::Regex::new(DAY_PATTERN).unwrap();
        assert!(day.is_match("2026-12-06") && parse_day("2026-12-06").is_some());
        assert!(!day.is_match("1999-12-31") && parse_day("1999-12-31").is_none());
    }
}
