//! Shifts (*permanences*) and activities (`/sel/permanences`), and the review queue (`/sel/revue`).

use super::*;

// ---------------------------------------------------------------------------------------------
// Shifts (permanences) and activities

#[derive(Debug, Default, Deserialize)]
pub(super) struct ShiftsQuery {
    #[serde(default)]
    activite: String,
}

#[derive(Debug)]
pub(super) struct ActivityLine {
    id: i64,
    name: String,
    kiosk: String,
    unplanned: bool,
    active: bool,
}

#[derive(Template)]
#[template(path = "sel/shifts.html")]
pub(super) struct ShiftsPage {
    c: Ctx,
    activities: Vec<ActivityLine>,
    /// The `sel` kiosks: (id, label).
    kiosks: Vec<(String, String)>,
    days: Vec<DayGroup>,
    /// The activity being changed, if any (else the form creates one).
    editing: Option<i64>,
    activity_form: FormState,
    series_form: FormState,
}

pub(super) async fn sel_kiosks(pool: &SqlitePool) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, label FROM kiosks WHERE role = 'sel' ORDER BY label")
        .fetch_all(pool)
        .await
}

pub(super) async fn shifts_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<ShiftsQuery>,
) -> Result<Response, PageError> {
    let editing = q.activite.trim().parse::<i64>().ok();
    let mut activity_form = FormState::with(&[("active", "on")]);
    if let Some(id) = editing {
        let a = match shifts::activity(&state.pool, id).await {
            Ok(a) => a,
            Err(Refusal::NotFound) => return Err(not_found(&c)),
            Err(e) => return Err(PageError::internal(e)),
        };
        activity_form = FormState::with(&[
            ("name", &a.name),
            ("kiosk_id", a.kiosk_id.as_deref().unwrap_or("")),
            (
                "accepts_unplanned",
                if a.accepts_unplanned { "on" } else { "" },
            ),
            ("active", if a.active { "on" } else { "" }),
        ]);
    }
    let series_form = FormState::with(&[
        ("first_date", &today(&c).format("%Y-%m-%d").to_string()),
        ("start", "09:00"),
        ("end", "12:00"),
        ("weeks", "1"),
        ("places", "2"),
    ]);
    shifts_with(
        &state,
        c,
        editing,
        activity_form,
        series_form,
        StatusCode::OK,
    )
    .await
}

pub(super) async fn shifts_with(
    state: &AppState,
    c: Ctx,
    editing: Option<i64>,
    activity_form: FormState,
    series_form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let kiosks = sel_kiosks(pool).await?;
    let activities = shifts::activities(pool)
        .await?
        .into_iter()
        .map(|a| ActivityLine {
            kiosk: match &a.kiosk_id {
                Some(k) => kiosks
                    .iter()
                    .find(|(id, _)| id == k)
                    .map_or_else(|| k.clone(), |(_, label)| label.clone()),
                None => c.tr.t("sel-any-kiosk"),
            },
            id: a.id,
            name: a.name,
            unplanned: a.accepts_unplanned,
            active: a.active,
        })
        .collect();
    let from = day_start(&c, today(&c));
    let to = from + Duration::weeks(WEEKS_AHEAD);
    let shifts = shifts::shifts_between(pool, from, to).await?;
    let names = signups_between(pool, from, to).await?;
    let days = by_day(&c, &shifts, &names);
    html_status(
        status,
        ShiftsPage {
            c,
            activities,
            kiosks,
            days,
            editing,
            activity_form,
            series_form,
        },
    )
}

/// The series form filled as by default, for pages where only the activity form was posted.
pub(super) fn default_series_form(c: &Ctx) -> FormState {
    FormState::with(&[
        ("first_date", &today(c).format("%Y-%m-%d").to_string()),
        ("start", "09:00"),
        ("end", "12:00"),
        ("weeks", "1"),
        ("places", "2"),
    ])
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ActivityForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kiosk_id: String,
    #[serde(default)]
    accepts_unplanned: Option<String>,
    #[serde(default)]
    active: Option<String>,
}

impl ActivityForm {
    fn input(&self) -> shifts::ActivityInput {
        shifts::ActivityInput {
            name: self.name.clone(),
            kiosk_id: Some(self.kiosk_id.clone()).filter(|k| !k.trim().is_empty()),
            accepts_unplanned: self.accepts_unplanned.is_some(),
            active: self.active.is_some(),
        }
    }

    fn state(&self) -> FormState {
        FormState::with(&[
            ("name", &self.name),
            ("kiosk_id", &self.kiosk_id),
            (
                "accepts_unplanned",
                if self.accepts_unplanned.is_some() {
                    "on"
                } else {
                    ""
                },
            ),
            ("active", if self.active.is_some() { "on" } else { "" }),
        ])
    }
}

pub(super) async fn activity_create(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<ActivityForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    match shifts::create_activity(&state.pool, &actor, &f.input()).await {
        Ok(_) => Ok(see_other("/sel/permanences?ok=ok-sel-activity-saved")),
        Err(r) => {
            let mut form = f.state();
            refusal_message(&c, r, &mut form, "name")?;
            let series = default_series_form(&c);
            shifts_with(
                &state,
                c,
                None,
                form,
                series,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub(super) async fn activity_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ActivityForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    match shifts::update_activity(&state.pool, &actor, id, &f.input()).await {
        Ok(_) => Ok(see_other("/sel/permanences?ok=ok-sel-activity-saved")),
        Err(r) => {
            let mut form = f.state();
            refusal_message(&c, r, &mut form, "name")?;
            let series = default_series_form(&c);
            shifts_with(
                &state,
                c,
                Some(id),
                form,
                series,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct SeriesForm {
    #[serde(default)]
    activity_id: String,
    #[serde(default)]
    first_date: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    weeks: String,
    #[serde(default)]
    places: String,
    #[serde(default)]
    note: String,
}

pub(super) async fn series_create(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<SeriesForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = FormState::with(&[
        ("activity_id", &f.activity_id),
        ("first_date", &f.first_date),
        ("start", &f.start),
        ("end", &f.end),
        ("weeks", &f.weeks),
        ("places", &f.places),
        ("note", &f.note),
    ]);
    let activity_id = f.activity_id.trim().parse::<i64>().ok();
    let weeks = f.weeks.trim().parse::<u32>().ok();
    let places = f.places.trim().parse::<i64>().ok();
    if activity_id.is_none() {
        form.add("activity_id", c.tr.t("error-sel-activity-unknown"));
    }
    if weeks.is_none() {
        form.add("weeks", c.tr.t("error-sel-weeks-invalid"));
    }
    if places.is_none() {
        form.add("places", c.tr.t("error-sel-places-invalid"));
    }
    if let (Some(activity_id), Some(weeks), Some(places)) = (activity_id, weeks, places) {
        let input = shifts::SeriesInput {
            activity_id,
            first_date: f.first_date.clone(),
            start: f.start.clone(),
            end: f.end.clone(),
            weeks,
            places,
            note: f.note.clone(),
        };
        match shifts::create_series(&state.pool, &actor, c.tz, &input).await {
            Ok(_) => return Ok(see_other("/sel/permanences?ok=ok-sel-series-created")),
            Err(r) => refusal_message(&c, r, &mut form, "activity_id")?,
        }
    }
    shifts_with(
        &state,
        c,
        None,
        FormState::with(&[("active", "on")]),
        form,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Template)]
#[template(path = "sel/shift.html")]
pub(super) struct ShiftPage {
    c: Ctx,
    shift: ShiftLine,
    form: FormState,
    candidates: Vec<(i64, String)>,
}

pub(super) async fn shift_view(
    pool: &SqlitePool,
    c: &Ctx,
    id: i64,
) -> Result<ShiftLine, PageError> {
    let s = match shifts::shift(pool, id).await {
        Ok(s) => s,
        Err(Refusal::NotFound) => return Err(not_found(c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let names = shifts::signed_up(pool, id).await?;
    Ok(shift_line(c, &s, names, false))
}

pub(super) async fn shift_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    shift_with(&state, c, id, FormState::default(), vec![], StatusCode::OK).await
}

pub(super) async fn shift_with(
    state: &AppState,
    c: Ctx,
    id: i64,
    form: FormState,
    candidates: Vec<(i64, String)>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let shift = shift_view(&state.pool, &c, id).await?;
    html_status(
        status,
        ShiftPage {
            c,
            shift,
            form,
            candidates,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct SignUpForm {
    #[serde(default)]
    person: String,
    #[serde(default)]
    person_choix: String,
}

pub(super) async fn shift_sign_up(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<SignUpForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = FormState::with(&[("person", &f.person)]);
    let mut candidates = vec![];
    let person = resolve_person(
        &state.pool,
        &c,
        &mut form,
        "person",
        &f.person,
        &f.person_choix,
        false,
        &mut candidates,
    )
    .await?;
    if let Some(person) = person {
        match shifts::sign_up(&state.pool, &actor, id, person).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/sel/permanences/{id}?ok=ok-sel-signed-up"
                )));
            }
            Err(Refusal::NotFound) => return Err(not_found(&c)),
            Err(r) => refusal_at(&c, r, &mut form, "person")?,
        }
    }
    shift_with(
        &state,
        c,
        id,
        form,
        candidates,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct WithdrawForm {
    #[serde(default)]
    person_id: String,
}

pub(super) async fn shift_withdraw(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<WithdrawForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = FormState::default();
    let result = match f.person_id.trim().parse::<i64>() {
        Ok(person) => shifts::withdraw(&state.pool, &actor, id, person)
            .await
            .map(|_| ()),
        Err(_) => Err(Refusal::conflict("error-sel-not-signed-up")),
    };
    match result {
        Ok(()) => Ok(see_other(&format!(
            "/sel/permanences/{id}?ok=ok-sel-withdrawn"
        ))),
        Err(r) => {
            refusal_at(&c, r, &mut form, "inscrits")?;
            shift_with(
                &state,
                c,
                id,
                form,
                vec![],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "sel/shift_cancel.html")]
pub(super) struct ShiftCancelPage {
    c: Ctx,
    shift: ShiftLine,
    form: FormState,
}

pub(super) async fn shift_cancel_form(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let shift = shift_view(&state.pool, &c, id).await?;
    html(ShiftCancelPage {
        c,
        shift,
        form: FormState::default(),
    })
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct CancelForm {
    #[serde(default)]
    confirme: String,
}

pub(super) async fn shift_cancel(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<CancelForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = FormState::default();
    if f.confirme == "oui" {
        match shifts::cancel_shift(&state.pool, &actor, id).await {
            Ok(_) => return Ok(see_other("/sel/permanences?ok=ok-sel-shift-cancelled")),
            Err(r) => refusal_at(&c, r, &mut form, "confirme")?,
        }
    } else {
        form.add("confirme", c.tr.t("error-sel-cancel-confirm"));
    }
    let shift = shift_view(&state.pool, &c, id).await?;
    html_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        ShiftCancelPage { c, shift, form },
    )
}

// ---------------------------------------------------------------------------------------------
// The review queue

#[derive(Debug)]
pub(super) struct ReviewLine {
    id: i64,
    person_id: i64,
    person: String,
    activity: String,
    day: String,
    start: String,
    end: String,
    minutes: String,
    reasons: Vec<String>,
    resolution_no: Option<i64>,
    /// Whether it credited minutes (a correction then applies to its posting).
    credited: bool,
    open: bool,
    /// The id of its note input.
    field: String,
}

#[derive(Template)]
#[template(path = "sel/review.html")]
pub(super) struct ReviewPage {
    c: Ctx,
    items: Vec<ReviewLine>,
    form: FormState,
}

/// Why a served shift waits for a look, in the desk's words.
pub(super) fn review_label(c: &Ctx, reason: &str) -> String {
    match reason {
        known if crate::sel::shifts::REVIEW_REASONS.contains(&known) => {
            c.tr.tk("sel-review", reason)
        }
        other => other.to_owned(),
    }
}

pub(super) async fn review_page(
    State(state): State<AppState>,
    c: Ctx,
) -> Result<Response, PageError> {
    review_with(&state, c, FormState::default(), StatusCode::OK).await
}

pub(super) async fn review_with(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let items = shifts::review_queue(&state.pool)
        .await?
        .into_iter()
        .map(|s| {
            let started = crate::time::stored_instant(&s.started_at);
            ReviewLine {
                day: day_label(&c, started.with_timezone(&c.tz).date_naive()),
                start: c.tr.time(started, c.tz),
                end: s
                    .ended_at
                    .as_deref()
                    .map(|e| c.tr.when(crate::time::stored_instant(e), c.tz))
                    .unwrap_or_else(|| "—".into()),
                minutes: s.minutes.map(hours).unwrap_or_else(|| "—".into()),
                reasons: s
                    .review_reasons()
                    .iter()
                    .map(|r| review_label(&c, r))
                    .collect(),
                open: s.ended_at.is_none(),
                credited: s.minutes.is_some_and(|m| m > 0),
                field: format!("note-{}", s.id),
                id: s.id,
                person_id: s.person_id,
                person: s.person,
                activity: s.activity,
                resolution_no: s.resolution_no,
            }
        })
        .collect();
    html_status(status, ReviewPage { c, items, form })
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ReviewForm {
    #[serde(default)]
    note: String,
}

pub(super) async fn review_mark(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ReviewForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let field = format!("note-{id}");
    match shifts::mark_reviewed(&state.pool, &actor, id, &f.note).await {
        Ok(_) => Ok(see_other("/sel/revue?ok=ok-sel-reviewed")),
        Err(r) => {
            let mut form = FormState::with(&[(&field, &f.note)]);
            refusal_at(&c, r, &mut form, &field)?;
            review_with(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}
