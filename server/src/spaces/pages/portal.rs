//! The associations' portal (`/associations/salles`): open slots, requests, series.

use super::*;

// ---------------------------------------------------------------------------------------------
// The associations' portal (`/associations/salles`)

#[derive(Debug)]
pub(super) struct OpenSlot {
    day: String,
    hours: String,
    space_id: i64,
    space: String,
    use_name: String,
    colour: String,
    state: String,
    /// Nothing holds it / it is wholly held.
    free: bool,
    full: bool,
    approval: bool,
    /// The space's week with the form prefilled.
    link: String,
}

#[derive(Debug)]
pub(super) struct PortalWeek {
    label: String,
    anchor: String,
    slots: Vec<OpenSlot>,
}

#[derive(Template)]
#[template(path = "spaces/portal.html")]
pub(super) struct PortalPage {
    c: Ctx,
    associations: Vec<(i64, String)>,
    weeks: Vec<PortalWeek>,
    bookings: Vec<BookingLine>,
    /// Each association's calendar feed: (name, address).
    feeds: Vec<(String, String)>,
    /// The spaces offered for a series: (id, name).
    spaces: Vec<(i64, String)>,
    form: FormState,
    errors: Vec<(String, String)>,
}

/// Whether a use is open to one of these associations (none: to nobody here).
/// Whether a use's window is worth offering to the viewer (the library decides in the end).
pub(super) fn may_book(req: &Requester, u: &Use) -> bool {
    req.staff
        || u.open_to_everyone
        || (req.resident && u.open_to_residents)
        || open_to(u, &req.represents)
}

pub(super) fn open_to(u: &Use, represents: &[i64]) -> bool {
    u.open_to_associations
        && !represents.is_empty()
        && (u.associations.is_empty() || u.associations.iter().any(|a| represents.contains(a)))
}

/// The hours a « Demander ce créneau » link suggests, in local minutes: the first stretch of the
/// window that is free for this room and its other parts (what the library would accept, the
/// use's changeovers and the requester's notice counted), two hours within the use's limits.
/// `None` when nothing long enough is left. `held`: the blocks of the confirmed bookings of the
/// room, its halves or the whole (Unix seconds), seats of a drop-in use left out by the caller.
pub(super) fn suggested_hours(
    c: &Ctx,
    req: &Requester,
    u: &Use,
    slot: &timetable::Slot,
    held: &[(i64, i64)],
    now: DateTime<Utc>,
) -> Option<(u32, u32)> {
    let not_before = if req.staff {
        now
    } else {
        now + Duration::minutes(u.notice_minutes)
    };
    let (start, end) = booking::free_stretch(slot, u, held, not_before)?;
    let minute = |at: DateTime<Utc>| {
        let local = at.with_timezone(&c.tz);
        if local.date_naive() > slot.day {
            1440
        } else {
            local.hour() * 60 + local.minute()
        }
    };
    let (start, end) = (minute(start), minute(end).min(1439));
    (start < end).then_some((start, end))
}

/// The site's address as the browser reached it, for the calendar links people copy.
pub(super) fn site_base(state: &AppState, headers: &HeaderMap, caller: Option<&Caller>) -> String {
    let https = headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let host = caller
        .and_then(|c| c.host.clone())
        .unwrap_or_else(|| state.config.http.to_string());
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// The fields of the series form, carried from the preview back to the portal to be changed.
pub(super) const SERIES_FIELDS: &[&str] = &[
    "association_id",
    "space_id",
    "title",
    "first_day",
    "start",
    "end",
    "repeat",
    "count",
    "until",
    "note",
    "public",
];

pub(super) async fn portal(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    caller: Option<axum::Extension<Caller>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let base = site_base(&state, &headers, caller.as_deref());
    let req = requester(&state, &c).await?;
    let mut form = FormState::with(&[
        (
            "association_id",
            &req.represents
                .first()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
        ("repeat", "weekly"),
        // No number of dates written in advance: a date typed in « Jusqu'au » is then the one
        // that ends the series (a ready-made « 10 » used to win over it unseen).
        ("count", ""),
        ("public", ""),
    ]);
    // « Modifier la demande » from a series' preview comes back with what was typed.
    for k in SERIES_FIELDS {
        if let Some(v) = q.get(*k) {
            form.values.insert((*k).to_owned(), v.clone());
        }
    }
    portal_with(&state, c, &base, form, StatusCode::OK).await
}

pub(super) async fn portal_with(
    state: &AppState,
    c: Ctx,
    base: &str,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let req = requester(state, &c).await?;
    let now = Utc::now();
    let associations: Vec<(i64, String)> = people::associations(&state.pool)
        .await?
        .into_iter()
        .filter(|a| req.represents.contains(&a.id))
        .map(|a| (a.id, a.name))
        .collect();
    let all = spaces::spaces(&state.pool).await?;
    let uses: HashMap<i64, Use> = spaces::uses(&state.pool)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let first = today(&c);
    let last = first + Duration::days(PORTAL_DAYS - 1);
    let ids: Vec<i64> = all.iter().map(|s| s.id).collect();
    let mut conn = state.pool.acquire().await?;
    let grid = if ids.is_empty() {
        vec![]
    } else {
        booking::availability(&mut conn, c.tz, &ids, first, last).await?
    };
    let windows = spaces::windows(&mut *conn, &[]).await?;
    drop(conn);
    let mut open: Vec<(DateTime<Utc>, String, OpenSlot, NaiveDate)> = vec![];
    for d in &grid {
        let Some(space) = all.iter().find(|s| s.id == d.space_id) else {
            continue;
        };
        for w in &d.windows {
            let Some(u) = uses.get(&w.slot.use_id) else {
                continue;
            };
            if !open_to(u, &req.represents) || w.slot.end <= now {
                continue;
            }
            let total = (w.slot.end - w.slot.start).num_minutes();
            // What holds the room that day (the windows before and after included: their
            // changeovers may reach into this one); a drop-in use's seats hold no seat of it.
            let held: Vec<(i64, i64)> = d
                .windows
                .iter()
                .flat_map(|o| o.held.iter())
                .filter(|h| !(h.3 && u.mode == Mode::Dropin))
                .map(|h| (h.1.timestamp(), h.2.timestamp()))
                .collect();
            let suggested = suggested_hours(&c, &req, u, &w.slot, &held, now);
            let free = w.free_minutes >= total && suggested.is_some();
            let full = w.free_minutes <= 0 || suggested.is_none();
            let state_text = if free {
                c.tr.t("sp-slot-free")
            } else if w.free_minutes <= 0 {
                c.tr.t("sp-slot-full")
            } else if full {
                c.tr.ta(
                    "sp-slot-nothing-left",
                    &[("free", &crate::time::hours(w.free_minutes))],
                )
            } else {
                c.tr.ta(
                    "sp-slot-partly",
                    &[("free", &crate::time::hours(w.free_minutes))],
                )
            };
            let (start, end) = suggested.unwrap_or((w.slot.start_minute, w.slot.start_minute));
            let link = format!(
                "/salles/{}?semaine={}&jour={}&debut={}&fin={}{}#reserver",
                space.id,
                monday_of(d.day),
                d.day,
                spaces::hhmm(start),
                spaces::hhmm(end),
                associations
                    .first()
                    .map(|a| format!("&association={}", a.0))
                    .unwrap_or_default(),
            );
            open.push((
                w.slot.start,
                space.name.clone(),
                OpenSlot {
                    day: day_label(&c, d.day),
                    hours: hours(&c, w.slot.start, w.slot.end),
                    space_id: space.id,
                    space: space.name.clone(),
                    use_name: u.name.clone(),
                    colour: u.colour.clone(),
                    state: state_text,
                    free,
                    full,
                    approval: u.approval,
                    link,
                },
                d.day,
            ));
        }
    }
    open.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut weeks: Vec<PortalWeek> = vec![];
    for (_, _, slot, day) in open {
        let monday = monday_of(day);
        let anchor = format!("semaine-{monday}");
        match weeks.last_mut() {
            Some(w) if w.anchor == anchor => w.slots.push(slot),
            _ => weeks.push(PortalWeek {
                label: c.tr.ta(
                    "sp-week-of",
                    &[
                        ("from", &short_date(&c, monday)),
                        ("to", &short_date(&c, monday + Duration::days(6))),
                    ],
                ),
                anchor,
                slots: vec![slot],
            }),
        }
    }
    let mut bookings: Vec<Booking> = vec![];
    let mut feeds = vec![];
    for (id, name) in &associations {
        bookings.extend(booking::of_association(&state.pool, *id, now).await?);
        let token = match spaces::association_token(&state.pool, *id).await {
            Ok(t) => t,
            Err(e) => return Err(PageError::internal(e)),
        };
        feeds.push((
            name.clone(),
            format!("{base}/calendrier/association/{token}"),
        ));
    }
    bookings.sort_by(|a, b| a.start_at.cmp(&b.start_at));
    bookings.dedup_by_key(|b| b.id);
    // The spaces with a window open to these associations, for the series form.
    let offered: Vec<(i64, String)> = all
        .iter()
        .filter(|s| {
            windows.iter().any(|w| {
                w.space_id == s.id
                    && uses
                        .get(&w.use_id)
                        .is_some_and(|u| open_to(u, &req.represents))
            })
        })
        .map(|s| (s.id, s.name.clone()))
        .collect();
    html_status(
        status,
        PortalPage {
            errors: summary(&c, &form),
            bookings: bookings.iter().map(|b| booking_line(&c, &req, b)).collect(),
            associations,
            weeks,
            feeds,
            spaces: offered,
            form,
            c,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct SeriesForm {
    #[serde(default)]
    association_id: String,
    #[serde(default)]
    space_id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    first_day: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    /// weekly, biweekly or monthly.
    #[serde(default)]
    repeat: String,
    #[serde(default)]
    count: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    public: String,
    #[serde(default)]
    policy: String,
}

impl SeriesForm {
    fn state(&self) -> FormState {
        FormState::with(&[
            ("association_id", &self.association_id),
            ("space_id", &self.space_id),
            ("title", &self.title),
            ("first_day", &self.first_day),
            ("start", &self.start),
            ("end", &self.end),
            ("repeat", &self.repeat),
            ("count", &self.count),
            ("until", &self.until),
            ("note", &self.note),
            ("public", &self.public),
            ("policy", &self.policy),
        ])
    }
}

pub(super) const WEEKDAY_CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// The recurrence rule for the repetition chosen: weekly, every two weeks, or monthly on the
/// same weekday of the month (the first Tuesday…; the last one from the 29th on).
pub(super) fn rule_for(
    tz: chrono_tz::Tz,
    first_day: NaiveDate,
    repeat: &str,
    count: Option<i64>,
    until: Option<NaiveDate>,
) -> Option<String> {
    let freq = match repeat {
        "weekly" => "FREQ=WEEKLY".to_owned(),
        "biweekly" => "FREQ=WEEKLY;INTERVAL=2".to_owned(),
        "monthly" => {
            let nth = (first_day.day() - 1) / 7 + 1;
            let nth = if nth >= 5 { -1 } else { i64::from(nth) };
            let code = WEEKDAY_CODES[first_day.weekday().num_days_from_monday() as usize];
            format!("FREQ=MONTHLY;BYDAY={nth}{code}")
        }
        _ => return None,
    };
    match (count, until) {
        (Some(n), None) => Some(format!("{freq};COUNT={n}")),
        (None, Some(u)) => {
            // UNTIL is in UTC when the start has a zone (RFC 5545): the end of that local day.
            let last = timetable::instant(tz, u, 1440) - Duration::seconds(1);
            Some(format!("{freq};UNTIL={}", last.format("%Y%m%dT%H%M%SZ")))
        }
        // Neither, or both (the form refuses the contradiction before asking).
        _ => None,
    }
}

/// The series typed in the form, or `None` with the errors in `form`.
pub(super) fn series_input(
    c: &Ctx,
    req: &Requester,
    f: &SeriesForm,
    form: &mut FormState,
) -> Option<NewSeries> {
    let association_id = match optional_number(&f.association_id) {
        Ok(Some(a)) if req.represents.contains(&a) => Some(a),
        Ok(Some(_)) => {
            form.add("association_id", c.tr.t("error-space-not-representative"));
            None
        }
        Ok(None) => {
            form.add("association_id", c.tr.t("error-required"));
            None
        }
        Err(()) => {
            form.add("association_id", c.tr.t("error-choice"));
            None
        }
    };
    let space_id = f.space_id.trim().parse::<i64>().ok();
    if space_id.is_none() {
        form.add("space_id", c.tr.t("error-choice"));
    }
    let first_day = f.first_day.trim().parse::<NaiveDate>().ok();
    if first_day.is_none() {
        form.add("first_day", c.tr.t("error-date"));
    }
    if spaces::parse_hhmm(&f.start).is_none_or(|m| m >= 1440) {
        form.add("start", c.tr.t("error-space-time-invalid"));
    }
    if spaces::parse_hhmm(&f.end).is_none_or(|m| m == 0) {
        form.add("end", c.tr.t("error-space-time-invalid"));
    }
    if !["weekly", "biweekly", "monthly"].contains(&f.repeat.as_str()) {
        form.add("repeat", c.tr.t("error-choice"));
    }
    let count = match optional_number(&f.count) {
        Ok(Some(n)) if (1..=104).contains(&n) => Some(n),
        Ok(None) => None,
        _ => {
            form.add("count", c.tr.t("sp-error-count"));
            None
        }
    };
    let until = match f.until.trim() {
        "" => None,
        u => match u.parse::<NaiveDate>() {
            Ok(d) if first_day.is_none_or(|f| d >= f) => Some(d),
            _ => {
                form.add("until", c.tr.t("sp-error-until"));
                None
            }
        },
    };
    if count.is_none() && until.is_none() && !form.has("count") && !form.has("until") {
        form.add("count", c.tr.t("sp-error-count-or-until"));
    }
    // A series ends one way: after a number of dates, or on an end date (RFC 5545 allows one of
    // the two). Both typed is a contradiction the requester settles, not one silently dropped.
    if count.is_some() && until.is_some() {
        form.add("count", c.tr.t("sp-error-count-and-until"));
    }
    let (Some(space_id), Some(first_day), Some(association_id), true) =
        (space_id, first_day, association_id, form.errors.is_empty())
    else {
        return None;
    };
    let Some(rule) = rule_for(c.tz, first_day, &f.repeat, count, until) else {
        form.add("repeat", c.tr.t("error-choice"));
        return None;
    };
    Some(NewSeries {
        space_id,
        first_day,
        start: f.start.clone(),
        end: f.end.clone(),
        rule,
        policy: Policy::parse(&f.policy).unwrap_or(Policy::AllOrNothing),
        title: f.title.clone(),
        note: f.note.clone(),
        association_id: Some(association_id),
        person_id: None,
        attendees_expected: None,
        public: public_choice(&f.public),
    })
}

/// One date of a series and its outcome, in words.
#[derive(Debug)]
pub(super) struct OutcomeLine {
    day: String,
    hours: String,
    ok: bool,
    outcome: String,
    booking_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "spaces/series.html")]
pub(super) struct SeriesPage {
    c: Ctx,
    /// `preview` (choose and send) or `result` (what was done).
    step: &'static str,
    space: String,
    title: String,
    repeat: String,
    lines: Vec<OutcomeLine>,
    /// « 2 dates libres. 1 date impossible. »
    counts: String,
    /// The result: the series was made (`false`: nothing booked).
    made: bool,
    /// The preview: at least one date is possible (otherwise there is nothing to send).
    possible: bool,
    /// The fields carried to the send form and back to the portal.
    fields: &'static [&'static str],
    form: FormState,
    errors: Vec<(String, String)>,
}

/// Each date's outcome from the library, in words (free dates say whether they wait for the
/// desk).
pub(super) async fn outcome_lines(
    state: &AppState,
    c: &Ctx,
    ns: &NewSeries,
    occurrences: &[booking::Occurrence],
    booked: &HashMap<i64, Booking>,
) -> Result<Vec<OutcomeLine>, PageError> {
    let uses: HashMap<i64, Use> = spaces::uses(&state.pool)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let slots = match (occurrences.first(), occurrences.last()) {
        (Some(a), Some(b)) => {
            let mut conn = state.pool.acquire().await?;
            timetable::slots(&mut conn, c.tz, &[ns.space_id], a.day, b.day).await?
        }
        _ => vec![],
    };
    Ok(occurrences
        .iter()
        .map(|o| {
            let outcome = match (&o.refused, o.booking_id.and_then(|id| booked.get(&id))) {
                (Some(key), _) => c.tr.ta(key, &[("name", &o.detail)]),
                (None, Some(b)) => state_word(c, &b.state),
                (None, None) => {
                    let approval = slots
                        .iter()
                        .find(|s| s.start <= o.start && s.end >= o.end)
                        .and_then(|s| uses.get(&s.use_id))
                        .is_some_and(|u| u.approval);
                    c.tr.t(if approval {
                        "sp-outcome-request"
                    } else {
                        "sp-outcome-free"
                    })
                }
            };
            OutcomeLine {
                day: day_label(c, o.day),
                hours: hours(c, o.start, o.end),
                ok: o.refused.is_none(),
                outcome,
                booking_id: o.booking_id,
            }
        })
        .collect())
}

pub(super) async fn series_page(
    state: &AppState,
    c: Ctx,
    step: &'static str,
    ns: &NewSeries,
    occurrences: &[booking::Occurrence],
    made: bool,
    form: FormState,
) -> Result<Response, PageError> {
    let mut booked = HashMap::new();
    for id in occurrences.iter().filter_map(|o| o.booking_id) {
        if let Ok(b) = booking::booking(&state.pool, id).await {
            booked.insert(id, b);
        }
    }
    let lines = outcome_lines(state, &c, ns, occurrences, &booked).await?;
    let space = spaces::space(&state.pool, ns.space_id)
        .await
        .map(|s| s.name)
        .unwrap_or_default();
    let repeat = c.tr.tk("sp-repeat", form.v("repeat"));
    let status = if form.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html_status(
        status,
        SeriesPage {
            errors: summary(&c, &form),
            step,
            space,
            title: ns.title.trim().to_owned(),
            repeat,
            counts: format!(
                "{} {}",
                c.tr.tn("sp-preview-free", lines.iter().filter(|l| l.ok).count()),
                c.tr.tn("sp-preview-refused", lines.iter().filter(|l| !l.ok).count())
            ),
            possible: lines.iter().any(|l| l.ok),
            fields: SERIES_FIELDS,
            lines,
            made,
            form,
            c,
        },
    )
}

pub(super) async fn series_preview(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    caller: Option<axum::Extension<Caller>>,
    F(f): F<SeriesForm>,
) -> Result<Response, PageError> {
    let base = site_base(&state, &headers, caller.as_deref());
    let req = requester(&state, &c).await?;
    let mut form = f.state();
    if let Some(ns) = series_input(&c, &req, &f, &mut form) {
        let mut conn = state.pool.acquire().await?;
        let preview = booking::preview(&mut conn, c.tz, Utc::now(), &req, &ns).await;
        drop(conn);
        match preview {
            Ok(occurrences) => {
                if !form.values.contains_key("policy") || form.v("policy").is_empty() {
                    form.values.insert("policy".into(), "all_or_nothing".into());
                }
                return series_page(&state, c, "preview", &ns, &occurrences, false, form).await;
            }
            Err(r) => {
                let field = refused_field(&r, "first_day");
                refusal_message(&c, r, &mut form, field)?;
            }
        }
    }
    portal_with(&state, c, &base, form, StatusCode::UNPROCESSABLE_ENTITY).await
}

pub(super) async fn series_create(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    caller: Option<axum::Extension<Caller>>,
    F(f): F<SeriesForm>,
) -> Result<Response, PageError> {
    let base = site_base(&state, &headers, caller.as_deref());
    let req = requester(&state, &c).await?;
    let mut form = f.state();
    if let Some(ns) = series_input(&c, &req, &f, &mut form) {
        if Policy::parse(&f.policy).is_none() {
            // Back to the preview, asking for the choice.
            form.add("policy", c.tr.t("error-choice"));
            let mut conn = state.pool.acquire().await?;
            let preview = booking::preview(&mut conn, c.tz, Utc::now(), &req, &ns).await;
            drop(conn);
            match preview {
                Ok(occurrences) => {
                    return series_page(&state, c, "preview", &ns, &occurrences, false, form).await;
                }
                Err(r) => {
                    let field = refused_field(&r, "first_day");
                    refusal_message(&c, r, &mut form, field)?;
                }
            }
        } else {
            match booking::create_series(&state.pool, c.tz, Utc::now(), &req, &ns).await {
                Ok(made) => {
                    return series_page(
                        &state,
                        c,
                        "result",
                        &ns,
                        &made.occurrences,
                        made.series_id.is_some(),
                        form,
                    )
                    .await;
                }
                Err(r) => {
                    let field = refused_field(&r, "first_day");
                    refusal_message(&c, r, &mut form, field)?;
                }
            }
        }
    }
    portal_with(&state, c, &base, form, StatusCode::UNPROCESSABLE_ENTITY).await
}
