//! The chrono'espaces API: bookings, series, requests, the public agenda and the feeds.

use super::*;
use crate::web::forms::{calendar, feed_token, no_calendar};

// ---------------------------------------------------------------------------------------------
// Bookings

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
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
#[into_params(parameter_in = Query)]
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

pub(super) fn occurrence_views(c: &Ctx, list: Vec<Occurrence>) -> Vec<OccurrenceView> {
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
#[into_params(parameter_in = Query)]
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
