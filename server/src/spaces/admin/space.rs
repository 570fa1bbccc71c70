//! One space: its description, timetable, exceptions, door and feed; the confirmations before
//! removing an exception or renewing a feed link.

use super::*;

// ---------------------------------------------------------------------------------------------
// One space: its description, timetable, exceptions, door and feed

/// A row of the timetable form.
#[derive(Debug, Clone)]
pub(super) struct TimetableRow {
    i: usize,
    /// 1-based, as shown.
    n: usize,
    weekday: String,
    start: String,
    end: String,
    use_id: String,
    remove: bool,
    /// Whether the row holds a window (and so may be removed).
    filled: bool,
    /// Why the row was refused, field by field ("" when it was not).
    err_weekday: String,
    err_start: String,
    err_end: String,
    err_use: String,
}

impl TimetableRow {
    fn blank(i: usize) -> TimetableRow {
        TimetableRow {
            i,
            n: i + 1,
            weekday: String::new(),
            start: String::new(),
            end: String::new(),
            use_id: String::new(),
            remove: false,
            filled: false,
            err_weekday: String::new(),
            err_start: String::new(),
            err_end: String::new(),
            err_use: String::new(),
        }
    }

    /// Takes the refusals of this row's fields from the form.
    fn with_errors(mut self, form: &FormState) -> TimetableRow {
        let i = self.i;
        self.err_weekday = form.e(&format!("weekday_{i}")).to_owned();
        self.err_start = form.e(&format!("start_{i}")).to_owned();
        self.err_end = form.e(&format!("end_{i}")).to_owned();
        self.err_use = form.e(&format!("use_{i}")).to_owned();
        self
    }

    fn is_empty(&self) -> bool {
        [&self.weekday, &self.start, &self.end, &self.use_id]
            .iter()
            .all(|v| v.trim().is_empty())
    }
}

/// The rows as posted: `weekday_3`, `start_3`, `end_3`, `use_3`, `remove_3`.
pub(super) fn posted_rows(f: &Fields) -> Vec<TimetableRow> {
    let count =
        f.0.iter()
            .filter_map(|(k, _)| k.rsplit_once('_')?.1.parse::<usize>().ok())
            .filter(|i| *i < MAX_ROWS)
            .map(|i| i + 1)
            .max()
            .unwrap_or(0);
    (0..count)
        .map(|i| {
            let mut row = TimetableRow::blank(i);
            row.weekday = f.get(&format!("weekday_{i}")).trim().to_owned();
            row.start = f.get(&format!("start_{i}")).trim().to_owned();
            row.end = f.get(&format!("end_{i}")).trim().to_owned();
            row.use_id = f.get(&format!("use_{i}")).trim().to_owned();
            row.remove = f.on(&format!("remove_{i}"));
            row.filled = !row.is_empty();
            row
        })
        .collect()
}

/// The windows the rows keep, each with its row, or the form with each wrong row's reasons.
pub(super) fn rows_to_windows(
    c: &Ctx,
    rows: &[TimetableRow],
    uses: &[Use],
) -> Result<Vec<WindowInput>, FormState> {
    let mut form = FormState::default();
    // (row, weekday, start, end) of the rows read so far, to find overlaps.
    let mut read: Vec<(usize, u32, u32, u32)> = vec![];
    let mut windows = vec![];
    for row in rows.iter().filter(|r| !r.remove && !r.is_empty()) {
        let i = row.i;
        let weekday = row
            .weekday
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=7).contains(d));
        if weekday.is_none() {
            form.add(&format!("weekday_{i}"), c.tr.t("spa-error-weekday"));
        }
        let start = parse_hhmm(&row.start).filter(|m| *m < 1440);
        if start.is_none() {
            form.add(&format!("start_{i}"), c.tr.t("error-space-time-invalid"));
        }
        let end = parse_hhmm(&row.end);
        if end.is_none() {
            form.add(&format!("end_{i}"), c.tr.t("error-space-time-invalid"));
        }
        let use_id = row
            .use_id
            .parse::<i64>()
            .ok()
            .filter(|u| uses.iter().any(|x| x.id == *u));
        if use_id.is_none() {
            form.add(&format!("use_{i}"), c.tr.t("spa-error-use"));
        }
        let (Some(weekday), Some(start), Some(end), Some(use_id)) = (weekday, start, end, use_id)
        else {
            continue;
        };
        if end <= start {
            form.add(&format!("end_{i}"), c.tr.t("error-space-end-before-start"));
            continue;
        }
        if let Some((other, d, s, e)) = read
            .iter()
            .find(|(_, d, s, e)| *d == weekday && *s < end && start < *e)
        {
            form.add(
                &format!("start_{i}"),
                c.tr.ta(
                    "spa-error-overlap",
                    &[
                        ("row", &(other + 1).to_string()),
                        ("day", &c.tr.t(&format!("sel-weekday-{d}"))),
                        ("hours", &time_span(c, *s, *e)),
                    ],
                ),
            );
            continue;
        }
        read.push((i, weekday, start, end));
        windows.push(WindowInput {
            weekday,
            start: hhmm(start),
            end: hhmm(end),
            use_id,
        });
    }
    if form.errors.is_empty() {
        Ok(windows)
    } else {
        Err(form)
    }
}

/// A space's timetable as rows, with empty ones to add windows.
pub(super) fn rows_of(windows: &[spaces::Window]) -> Vec<TimetableRow> {
    let mut rows: Vec<TimetableRow> = windows
        .iter()
        .enumerate()
        .map(|(i, w)| TimetableRow {
            i,
            n: i + 1,
            weekday: w.weekday.to_string(),
            start: hhmm(w.start_minute),
            end: hhmm(w.end_minute),
            use_id: w.use_id.to_string(),
            filled: true,
            ..TimetableRow::blank(i)
        })
        .collect();
    let filled = rows.len();
    rows.extend((filled..filled + EMPTY_ROWS).map(TimetableRow::blank));
    rows
}

/// A window of the week's preview.
#[derive(Debug, Clone)]
pub(super) struct PreviewSlot {
    time: String,
    use_name: String,
    colour: String,
    /// The exception that opened it.
    label: Option<String>,
}

/// A day of the week's preview.
#[derive(Debug, Clone)]
pub(super) struct PreviewDay {
    /// `AAAA-MM-JJ`, for the row's id.
    date: String,
    label: String,
    today: bool,
    slots: Vec<PreviewSlot>,
    /// The exceptions of that day (site-wide and the space's own), in words.
    exceptions: Vec<String>,
}

/// A `space` kiosk to choose as the door.
#[derive(Debug, Clone)]
pub(super) struct KioskChoice {
    id: String,
    /// "Salle polyvalente — porte (demo-salle), porte de : Grande salle".
    text: String,
}

#[derive(Template)]
#[template(path = "spaces/admin_space.html")]
pub(super) struct SpacePage {
    c: Ctx,
    space: Space,
    /// The room this space is a half of: (id, name).
    whole: Option<(i64, String)>,
    /// Its halves: (id, name).
    halves: Vec<(i64, String)>,
    form: FormState,
    rows: Vec<TimetableRow>,
    timetable_form: FormState,
    weekdays: Vec<(String, String)>,
    /// The uses: (id, name).
    use_options: Vec<(String, String)>,
    /// Where an exception may apply: this space, or the whole site.
    scopes: Vec<(String, String)>,
    week: Vec<PreviewDay>,
    week_label: String,
    previous_week: String,
    next_week: String,
    exceptions: Vec<ExceptionLine>,
    exception_form: FormState,
    kiosks: Vec<KioskChoice>,
    /// The door kiosks of this space: their labels.
    doors: Vec<String>,
    door_form: FormState,
    feed_path: String,
    feed_url: String,
}

/// What a refused form on a space's page brings back.
#[derive(Default)]
pub(super) struct SpaceForms {
    space: Option<FormState>,
    timetable: Option<(Vec<TimetableRow>, FormState)>,
    exception: Option<FormState>,
    door: Option<FormState>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct WeekQuery {
    #[serde(default)]
    semaine: String,
}

pub(super) fn space_form_of(s: &Space) -> FormState {
    FormState::with(&[
        ("space_name", &s.name),
        ("space_floor", &s.floor),
        ("space_capacity", &s.capacity.to_string()),
        ("space_equipment", &s.equipment),
        ("space_step_free", checked(s.step_free)),
        ("space_hearing_loop", checked(s.hearing_loop)),
        ("space_description", &s.description),
        ("space_refuse_when_full", checked(s.refuse_when_full)),
    ])
}

pub(super) async fn space_page(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    P(id): P<i64>,
    Query(q): Query<WeekQuery>,
) -> Result<Response, PageError> {
    let week = q.semaine.trim().parse::<NaiveDate>().ok();
    space_with(
        &state,
        c,
        &headers,
        id,
        week,
        SpaceForms::default(),
        StatusCode::OK,
    )
    .await
}

/// The absolute URL of a path, as the browser reached this server.
pub(super) fn absolute(headers: &HeaderMap, behind_proxy: bool, path: &str) -> String {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let host = behind_proxy
        .then(|| header("x-forwarded-host"))
        .flatten()
        .or_else(|| header("host"))
        .unwrap_or("localhost");
    let scheme = if behind_proxy && header("x-forwarded-proto") == Some("https") {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}{path}")
}

pub(super) async fn space_with(
    state: &AppState,
    c: Ctx,
    headers: &HeaderMap,
    id: i64,
    week: Option<NaiveDate>,
    forms: SpaceForms,
    status: StatusCode,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let space = space_or_404(pool, &c, id).await?;
    let all = spaces::spaces(pool).await?;
    let uses = spaces::uses(pool).await?;
    let kiosks = door_kiosks(pool).await?;
    let windows = spaces::windows(pool, &[id]).await?;
    let today = today(&c);
    let monday = {
        let d = week.unwrap_or(today);
        d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
    };
    let sunday = monday + Duration::days(6);
    let mut conn = pool.acquire().await?;
    let slots = timetable::slots(&mut conn, c.tz, &[id], monday, sunday).await?;
    drop(conn);
    let week_exceptions = spaces::exceptions(pool, monday, sunday).await?;
    let week_days = (0..7)
        .map(|offset| {
            let day = monday + Duration::days(offset);
            PreviewDay {
                date: day.to_string(),
                label: day_label(&c, day),
                today: day == today,
                slots: slots
                    .iter()
                    .filter(|s| s.day == day)
                    .map(|s| {
                        let u = uses.iter().find(|u| u.id == s.use_id);
                        PreviewSlot {
                            time: slot_time(&c, s),
                            use_name: u.map_or_else(|| "?".to_owned(), |u| u.name.clone()),
                            colour: u.map_or_else(|| "#ffffff".to_owned(), |u| u.colour.clone()),
                            label: s.label.clone(),
                        }
                    })
                    .collect(),
                exceptions: week_exceptions
                    .iter()
                    .filter(|e| e.day == day && e.space_id.is_none_or(|s| s == id))
                    .map(|e| {
                        let line = exception_line(&c, e, &uses, &all);
                        format!(
                            "{} ({}, {}, {})",
                            line.label, line.hours, line.effect, line.scope
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    let exceptions = spaces::exceptions(pool, today, today + Duration::days(EXCEPTION_DAYS))
        .await?
        .iter()
        .filter(|e| e.space_id.is_none_or(|s| s == id))
        .map(|e| exception_line(&c, e, &uses, &all))
        .collect();
    let (rows, timetable_form) = forms
        .timetable
        .unwrap_or_else(|| (rows_of(&windows), FormState::default()));
    let feed_path = format!("/calendrier/salle/{}", space.calendar_token);
    let page = SpacePage {
        whole: space
            .parent_id
            .and_then(|p| all.iter().find(|s| s.id == p))
            .map(|s| (s.id, s.name.clone())),
        halves: all
            .iter()
            .filter(|s| s.parent_id == Some(id))
            .map(|s| (s.id, s.name.clone()))
            .collect(),
        form: forms
            .space
            .map_or_else(|| space_form_of(&space), |f| labelled(&c, f)),
        rows,
        timetable_form: labelled(&c, timetable_form),
        weekdays: (1..=7)
            .map(|d| (d.to_string(), c.tr.t(&format!("sel-weekday-{d}"))))
            .collect(),
        use_options: use_options(&uses),
        scopes: vec![
            (
                id.to_string(),
                c.tr.ta("spa-this-space", &[("name", &space.name)]),
            ),
            (String::new(), c.tr.t("spa-whole-site")),
        ],
        week: week_days,
        week_label: c.tr.ta(
            "spa-week-of",
            &[
                ("from", &day_label(&c, monday)),
                ("to", &day_label(&c, sunday)),
            ],
        ),
        previous_week: (monday - Duration::days(7)).to_string(),
        next_week: (monday + Duration::days(7)).to_string(),
        exceptions,
        exception_form: forms
            .exception
            .map_or_else(|| default_exception_form(&c, Some(id)), |f| labelled(&c, f)),
        kiosks: kiosks
            .iter()
            .map(|k| KioskChoice {
                id: k.id.clone(),
                text: match &k.space_name {
                    Some(s) => c.tr.ta(
                        "spa-kiosk-bound",
                        &[("kiosk", &format!("{} ({})", k.label, k.id)), ("space", s)],
                    ),
                    None => c.tr.ta(
                        "spa-kiosk-free",
                        &[("kiosk", &format!("{} ({})", k.label, k.id))],
                    ),
                },
            })
            .collect(),
        doors: kiosks
            .iter()
            .filter(|k| k.space_id == Some(id))
            .map(|k| format!("{} ({})", k.label, k.id))
            .collect(),
        door_form: labelled(&c, forms.door.unwrap_or_default()),
        feed_url: absolute(headers, state.config.behind_proxy, &feed_path),
        feed_path,
        space,
        c,
    };
    html_status(status, page)
}

pub(super) async fn space_update(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    P(id): P<i64>,
    F(pairs): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    space_or_404(&state.pool, &c, id).await?;
    let (input, mut form) = space_input(&c, &Fields(pairs));
    match spaces::update_space(&state.pool, &actor, id, &input).await {
        Ok(_) => {
            return Ok(see_other(&format!(
                "/admin/salles/{id}?ok=ok-spa-space-saved"
            )));
        }
        Err(r) => refusal_onto(&c, r, &mut form, "space_name", space_field)?,
    }
    let forms = SpaceForms {
        space: Some(form),
        ..SpaceForms::default()
    };
    space_with(
        &state,
        c,
        &headers,
        id,
        None,
        forms,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

pub(super) async fn timetable_save(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    P(id): P<i64>,
    F(pairs): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    space_or_404(&state.pool, &c, id).await?;
    let rows = posted_rows(&Fields(pairs));
    let uses = spaces::uses(&state.pool).await?;
    let form = match rows_to_windows(&c, &rows, &uses) {
        Ok(windows) => match spaces::set_windows(&state.pool, &actor, id, &windows).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/admin/salles/{id}?ok=ok-spa-timetable-saved#horaires"
                )));
            }
            Err(r) => {
                // The rows were checked above: this is the library's last word (a use removed
                // meanwhile), said at the table.
                let mut form = FormState::default();
                refusal_onto(&c, r, &mut form, "horaires", |_| "horaires".to_owned())?;
                form
            }
        },
        Err(form) => form,
    };
    let rows = rows.into_iter().map(|r| r.with_errors(&form)).collect();
    let forms = SpaceForms {
        timetable: Some((rows, form)),
        ..SpaceForms::default()
    };
    space_with(
        &state,
        c,
        &headers,
        id,
        None,
        forms,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct DoorForm {
    #[serde(default)]
    door_kiosk_id: String,
}

pub(super) async fn door_set(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    P(id): P<i64>,
    F(f): F<DoorForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    space_or_404(&state.pool, &c, id).await?;
    let mut form = FormState::with(&[("door_kiosk_id", &f.door_kiosk_id)]);
    let kiosk = f.door_kiosk_id.trim();
    if kiosk.is_empty() {
        form.add("door_kiosk_id", c.tr.t("spa-error-kiosk"));
    } else {
        match spaces::set_door(&state.pool, &actor, kiosk, id).await {
            Ok(()) => {
                return Ok(see_other(&format!(
                    "/admin/salles/{id}?ok=ok-spa-door-saved#porte"
                )));
            }
            Err(r) => refusal_onto(&c, r, &mut form, "door_kiosk_id", |_| {
                "door_kiosk_id".to_owned()
            })?,
        }
    }
    let forms = SpaceForms {
        door: Some(form),
        ..SpaceForms::default()
    };
    space_with(
        &state,
        c,
        &headers,
        id,
        None,
        forms,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Confirmations: removing an exception, renewing a feed link

#[derive(Template)]
#[template(path = "spaces/admin_confirm.html")]
pub(super) struct ConfirmPage {
    c: Ctx,
    title: String,
    /// What will happen, in words.
    lines: Vec<String>,
    action: String,
    /// Hidden fields to post again.
    hidden: Vec<(String, String)>,
    confirm: String,
    back: String,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ConfirmForm {
    #[serde(default)]
    confirme: String,
    /// The space whose page the action came from (empty: the list).
    #[serde(default)]
    retour: String,
}

/// Where to go back to: a space's page, or the list.
pub(super) fn back_to(retour: &str) -> String {
    match retour.trim().parse::<i64>() {
        Ok(id) => format!("/admin/salles/{id}"),
        Err(_) => "/admin/salles".to_owned(),
    }
}

pub(super) async fn token_renew(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ConfirmForm>,
) -> Result<Response, PageError> {
    let space = space_or_404(&state.pool, &c, id).await?;
    if f.confirme == "oui" {
        let actor = actor(&c)?;
        return match spaces::renew_space_token(&state.pool, &actor, id).await {
            Ok(()) => Ok(see_other(&format!(
                "/admin/salles/{id}?ok=ok-spa-link-renewed#calendrier"
            ))),
            Err(Refusal::NotFound) => Err(not_found(&c)),
            Err(e) => Err(PageError::internal(e)),
        };
    }
    html(ConfirmPage {
        title: c.tr.t("spa-renew-title"),
        lines: vec![
            c.tr.ta("spa-renew-text", &[("name", &space.name)]),
            c.tr.t("spa-renew-warning"),
        ],
        action: format!("/admin/salles/{id}/lien"),
        hidden: vec![],
        confirm: c.tr.t("spa-renew-confirm"),
        back: format!("/admin/salles/{id}#calendrier"),
        c,
    })
}

pub(super) async fn exception_remove(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ConfirmForm>,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    // Any day: the stored days are `AAAA-MM-JJ`.
    let (first, last) = (
        NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default(),
    );
    let exception = spaces::exceptions(pool, first, last)
        .await?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| not_found(&c))?;
    let back = back_to(&f.retour);
    if f.confirme == "oui" {
        let actor = actor(&c)?;
        return match spaces::remove_exception(pool, &actor, id).await {
            Ok(()) => Ok(see_other(&format!(
                "{back}?ok=ok-spa-exception-removed#exceptions"
            ))),
            Err(Refusal::NotFound) => Err(not_found(&c)),
            Err(e) => Err(PageError::internal(e)),
        };
    }
    let uses = spaces::uses(pool).await?;
    let all = spaces::spaces(pool).await?;
    let line = exception_line(&c, &exception, &uses, &all);
    html(ConfirmPage {
        title: c.tr.t("spa-exception-remove-title"),
        lines: vec![
            format!(
                "{} — {}, {} : {} ({})",
                line.label, line.day, line.hours, line.effect, line.scope
            ),
            c.tr.t("spa-exception-remove-text"),
        ],
        action: format!("/admin/salles/exceptions/{id}/supprimer"),
        hidden: vec![("retour".to_owned(), f.retour.trim().to_owned())],
        confirm: c.tr.t("spa-exception-remove-confirm"),
        back: format!("{back}#exceptions"),
        c,
    })
}

pub(super) async fn exception_add(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    F(pairs): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let f = Fields(pairs);
    let mut form = f.keep(&EXCEPTION_FIELDS);
    // The page the form came from: a space's, or the list.
    let from_space = f.get("retour").trim().parse::<i64>().ok();
    // An unreadable choice holds a value the library refuses, after its other checks.
    let space_id = match typed_number(f.get("exc_space_id")) {
        Ok(s) => s,
        Err(()) => {
            form.add("exc_space_id", c.tr.t("error-space-unknown"));
            Some(UNREADABLE)
        }
    };
    let use_id = match typed_number(f.get("exc_use_id")) {
        Ok(u) => u,
        Err(()) => {
            form.add("exc_use_id", c.tr.t("error-space-use-unknown"));
            Some(UNREADABLE)
        }
    };
    let optional = |name: &str| Some(f.get(name).trim().to_owned()).filter(|s| !s.is_empty());
    let day = typed_day(f.get("exc_day"));
    // A day that cannot be read is told in the format the field's hint asks for.
    if !f.get("exc_day").trim().is_empty() && day.parse::<chrono::NaiveDate>().is_err() {
        form.add("exc_day", c.tr.t("spa-error-exception-day"));
    }
    let input = ExceptionInput {
        space_id,
        day,
        start: optional("exc_start"),
        end: optional("exc_end"),
        use_id,
        label: f.get("exc_label").to_owned(),
    };
    match spaces::add_exception(&state.pool, &actor, &input).await {
        Ok(_) => {
            return Ok(see_other(&format!(
                "{}?ok=ok-spa-exception-added#exceptions",
                back_to(f.get("retour"))
            )));
        }
        Err(r) => refusal_onto(&c, r, &mut form, "exc_label", |field| {
            format!("exc_{field}")
        })?,
    }
    match from_space {
        Some(id) => {
            let forms = SpaceForms {
                exception: Some(form),
                ..SpaceForms::default()
            };
            space_with(
                &state,
                c,
                &headers,
                id,
                None,
                forms,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        None => {
            let forms = ListForms {
                exception: Some(form),
                ..ListForms::default()
            };
            list_with(&state, c, forms, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}
