//! The SEL API: activities, shifts, sign-ups and shifts served.

use super::*;

// ---------------------------------------------------------------------------------------------
// Activities, shifts, sign-ups

/// The activities served by shifts, active first.
#[utoipa::path(get, path = "/api/v1/sel/activities", tag = "SEL", responses(
    (status = 200, body = Vec<Activity>)))]
pub async fn activities(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(
        StatusCode::OK,
        &shifts::activities(&state.pool).await?,
    ))
}

/// Adds an activity.
#[utoipa::path(post, path = "/api/v1/sel/activities", tag = "SEL",
    request_body = shifts::ActivityInput, responses(
    (status = 201, body = Activity),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn activity_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<shifts::ActivityInput>,
) -> ApiResult<Response> {
    let a = shifts::create_activity(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::CREATED, &a))
}

/// Changes an activity.
#[utoipa::path(put, path = "/api/v1/sel/activities/{id}", tag = "SEL",
    params(("id" = i64, Path)), request_body = shifts::ActivityInput, responses(
    (status = 200, body = Activity),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn activity_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<shifts::ActivityInput>,
) -> ApiResult<Response> {
    let a = shifts::update_activity(&state.pool, &actor(&c)?, id, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &a))
}

/// The longest period one call lists.
pub(super) const MAX_PERIOD_DAYS: i64 = 366;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the query; read by `query_param`.
pub struct PeriodParams {
    /// Start: RFC 3339, or a day AAAA-MM-JJ (local). Default: now.
    from: Option<String>,
    /// End: RFC 3339, or a day AAAA-MM-JJ (local, included). Default: 4 weeks after `from`; at
    /// most 366 days after it.
    to: Option<String>,
}

/// The shifts that overlap a period, cancelled ones included (marked).
#[utoipa::path(get, path = "/api/v1/sel/shifts", tag = "SEL", params(PeriodParams), responses(
    (status = 200, body = Vec<Shift>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn shifts_list(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let q = query.as_deref();
    let mut errors = vec![];
    let from = match query_param(q, "from") {
        None => Some(Utc::now()),
        Some(t) => period_bound(&t, c.tz, false),
    };
    if from.is_none() {
        errors.push(FieldError {
            field: "from",
            key: "error-date",
        });
    }
    let to = match (query_param(q, "to"), from) {
        (None, Some(f)) => Some(f + Duration::days(28)),
        (None, None) => None,
        (Some(t), _) => period_bound(&t, c.tz, true),
    };
    match (from, to) {
        (_, None) => errors.push(FieldError {
            field: "to",
            key: "error-date",
        }),
        (Some(f), Some(t))
            if t <= f || t - f > Duration::days(MAX_PERIOD_DAYS) + Duration::hours(1) =>
        {
            errors.push(FieldError {
                field: "to",
                key: "error-date",
            });
        }
        _ => {}
    }
    let (Some(from), Some(to), true) = (from, to, errors.is_empty()) else {
        return Err(refused(&c)(Refusal::Invalid(errors)));
    };
    Ok(json(
        StatusCode::OK,
        &shifts::shifts_between(&state.pool, from, to).await?,
    ))
}

/// Someone signed up for a shift.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedUp {
    pub person_id: i64,
    pub name: String,
}

/// A shift and who signed up for it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShiftDetail {
    #[serde(flatten)]
    pub shift: Shift,
    pub signups: Vec<SignedUp>,
}

pub(super) async fn shift_detail(state: &AppState, shift: Shift) -> ApiResult<ShiftDetail> {
    let signups = shifts::signed_up(&state.pool, shift.id)
        .await?
        .into_iter()
        .map(|(person_id, name)| SignedUp { person_id, name })
        .collect();
    Ok(ShiftDetail { shift, signups })
}

/// One shift with its sign-ups.
#[utoipa::path(get, path = "/api/v1/sel/shifts/{id}", tag = "SEL",
    params(("id" = i64, Path)), responses(
    (status = 200, body = ShiftDetail),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn shift(State(state): State<AppState>, c: Ctx, P(id): P<i64>) -> ApiResult<Response> {
    let s = shifts::shift(&state.pool, id).await.map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &shift_detail(&state, s).await?))
}

/// Plans a weekly series of shifts (local times, Europe/Paris rules); answers the shifts made.
#[utoipa::path(post, path = "/api/v1/sel/series", operation_id = "sel_series_create", tag = "SEL",
    request_body = shifts::SeriesInput, responses(
    (status = 201, body = Vec<Shift>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn series_create(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<shifts::SeriesInput>,
) -> ApiResult<Response> {
    let made = shifts::create_series(&state.pool, &actor(&c)?, c.tz, &input)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::CREATED, &made))
}

/// Cancels a shift (its sign-ups stay, for the record).
#[utoipa::path(post, path = "/api/v1/sel/shifts/{id}/cancel", tag = "SEL",
    params(("id" = i64, Path)), responses(
    (status = 200, body = Shift),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn shift_cancel(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> ApiResult<Response> {
    let s = shifts::cancel_shift(&state.pool, &actor(&c)?, id)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &s))
}

/// Signs someone up, idempotently: already signed up answers the shift as it is.
pub(super) async fn sign_up_once(
    state: &AppState,
    c: &Ctx,
    actor: &Actor,
    shift_id: i64,
    person_id: i64,
) -> ApiResult<Shift> {
    match shifts::sign_up(&state.pool, actor, shift_id, person_id).await {
        Ok(s) => Ok(s),
        Err(Refusal::Conflict {
            key: "error-sel-already-signed-up",
            ..
        }) => shifts::shift(&state.pool, shift_id)
            .await
            .map_err(refused(c)),
        Err(r) => Err(refused(c)(r)),
    }
}

/// Signs a person up for a shift. Idempotent: signing up again answers the same.
#[utoipa::path(put, path = "/api/v1/sel/shifts/{id}/signups/{person_id}", tag = "SEL",
    params(("id" = i64, Path), ("person_id" = i64, Path)), responses(
    (status = 200, body = Shift),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "Cancelled, over or full")))]
pub async fn signup(
    State(state): State<AppState>,
    c: Ctx,
    P((id, person_id)): P<(i64, i64)>,
) -> ApiResult<Response> {
    let s = sign_up_once(&state, &c, &actor(&c)?, id, person_id).await?;
    Ok(json(StatusCode::OK, &s))
}

/// Withdraws a person from a shift that has not started.
#[utoipa::path(delete, path = "/api/v1/sel/shifts/{id}/signups/{person_id}", tag = "SEL",
    params(("id" = i64, Path), ("person_id" = i64, Path)), responses(
    (status = 200, body = Shift),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "Started, or the person is not signed up")))]
pub async fn signup_withdraw(
    State(state): State<AppState>,
    c: Ctx,
    P((id, person_id)): P<(i64, i64)>,
) -> ApiResult<Response> {
    let s = shifts::withdraw(&state.pool, &actor(&c)?, id, person_id)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &s))
}

// ---------------------------------------------------------------------------------------------
// Shifts served

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the query; read by `query_param`.
pub struct SessionParams {
    /// Only the shifts being served now (`true`, the default without `person_id`).
    open: Option<bool>,
    /// A person's latest 100 shifts served, newest first.
    person_id: Option<i64>,
}

/// Shifts served: the open ones, or a person's latest.
#[utoipa::path(get, path = "/api/v1/sel/sessions", tag = "SEL", params(SessionParams),
    responses(
    (status = 200, body = Vec<Session>),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn sessions(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let q = query.as_deref();
    let open = query_bool(q, "open").map_err(refused(&c))?;
    let person = match query_param(q, "person_id") {
        None => None,
        Some(p) => Some(
            p.parse::<i64>()
                .map_err(|_| refused(&c)(Refusal::field("person_id", "error-json-value")))?,
        ),
    };
    let list = match (person, open) {
        (Some(p), open) => shifts::sessions_of_person(&state.pool, p, 100)
            .await?
            .into_iter()
            .filter(|s| open.is_none_or(|o| o == s.ended_at.is_none()))
            .collect(),
        (None, None | Some(true)) => shifts::open_sessions(&state.pool).await?,
        (None, Some(false)) => {
            return Err(refused(&c)(Refusal::field("person_id", "error-required")));
        }
    };
    Ok(json(StatusCode::OK, &list))
}

/// The shifts served that a human should look at (unplanned, forgotten tap-out, clock skew).
#[utoipa::path(get, path = "/api/v1/sel/review", tag = "SEL", responses(
    (status = 200, body = Vec<Session>)))]
pub async fn review_queue(State(state): State<AppState>) -> ApiResult<Response> {
    Ok(json(
        StatusCode::OK,
        &shifts::review_queue(&state.pool).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewInput {
    /// What was checked (at most 500 characters; may be empty).
    #[serde(default)]
    pub note: String,
}

/// Marks a shift served as reviewed.
#[utoipa::path(post, path = "/api/v1/sel/sessions/{id}/review", tag = "SEL",
    params(("id" = i64, Path)), request_body = ReviewInput, responses(
    (status = 200, body = Session),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn session_review(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<ReviewInput>,
) -> ApiResult<Response> {
    let s = shifts::mark_reviewed(&state.pool, &actor(&c)?, id, &input.note)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &s))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CloseInput {
    /// When the person left: RFC 3339, or local `AAAA-MM-JJTHH:MM`.
    pub ended_at: String,
}

/// The desk ends a shift being served (the person left without tapping): its minutes are posted.
#[utoipa::path(post, path = "/api/v1/sel/sessions/{id}/close", tag = "SEL",
    params(("id" = i64, Path)), request_body = CloseInput, responses(
    (status = 200, body = Session),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn session_close(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    JsonBody(input): JsonBody<CloseInput>,
) -> ApiResult<Response> {
    let ended = instant(&input.ended_at, c.tz)
        .ok_or_else(|| refused(&c)(Refusal::field("ended_at", "error-sel-end-invalid")))?;
    let s = shifts::close_by_desk(&state.pool, &actor(&c)?, id, ended)
        .await
        .map_err(refused(&c))?;
    Ok(json(StatusCode::OK, &s))
}

/// The desk records a shift served that no kiosk saw (a forgotten badge, a kiosk out of order),
/// from its two times: valued and credited like any shift. The same `id` again is a replay.
#[utoipa::path(post, path = "/api/v1/sel/sessions", tag = "SEL",
    request_body = shifts::DeskShiftInput, responses(
    (status = 201, body = Session),
    (status = 200, body = Session, description = "Replayed: this id already recorded it"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json",
        description = "No account, the ceiling, or another shift of this person at that time"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn session_record(
    State(state): State<AppState>,
    c: Ctx,
    JsonBody(input): JsonBody<shifts::DeskShiftInput>,
) -> ApiResult<Response> {
    let (s, replayed) = shifts::record_by_desk(&state.pool, &actor(&c)?, &input)
        .await
        .map_err(refused(&c))?;
    let status = if replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(json(status, &s))
}
