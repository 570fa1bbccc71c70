//! The chrono'espaces API: spaces, uses and exceptions.

use super::*;

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

pub(super) async fn timetable_of(
    state: &AppState,
    space_id: i64,
) -> ApiResult<Vec<TimetableWindow>> {
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
#[into_params(parameter_in = Query)]
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
#[into_params(parameter_in = Query)]
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
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the query; read by `Query`.
pub struct HourlyParams {
    // HOURLY_WEEKS_MAX bounds it.
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
            .filter(|w| (1..=HOURLY_WEEKS_MAX).contains(w))
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
#[into_params(parameter_in = Query)]
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
