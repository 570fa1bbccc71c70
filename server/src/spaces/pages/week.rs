//! The spaces and what holds them now (`/salles`), and a space's week coloured by use with its
//! booking form (`/salles/{id}`).

use super::*;

// ---------------------------------------------------------------------------------------------
// The spaces (`/salles`)

#[derive(Debug)]
pub(super) struct SpaceCard {
    id: i64,
    name: String,
    floor: String,
    /// « 40 personnes ».
    capacity: String,
    equipment: String,
    description: String,
    step_free: bool,
    hearing_loop: bool,
    /// The use in force now, or `None` when closed.
    now_use: Option<String>,
    /// The booking holding it now, as the viewer may read it.
    now_booking: Option<String>,
    /// « 12 / 40 personnes », where a door kiosk counts.
    occupancy: Option<String>,
    /// For an event now: the people who came in, in words.
    attendees: Option<String>,
    halves: Vec<SpaceCard>,
}

#[derive(Template)]
#[template(path = "spaces/list.html")]
pub(super) struct SpacesPage {
    c: Ctx,
    spaces: Vec<SpaceCard>,
    mine: Vec<BookingLine>,
    association: bool,
    staff: bool,
    /// « 3 en attente », for the desk.
    waiting: Option<String>,
}

pub(super) async fn spaces_page(
    State(state): State<AppState>,
    c: Ctx,
) -> Result<Response, PageError> {
    let req = requester(&state, &c).await?;
    let now = Utc::now();
    let all = spaces::spaces(&state.pool).await?;
    let live: HashMap<i64, occupancy::Live> = occupancy::live(&state.pool, c.tz, now)
        .await?
        .into_iter()
        .map(|l| (l.space_id, l))
        .collect();
    let mut cards: Vec<SpaceCard> = vec![];
    for s in &all {
        let l = live.get(&s.id);
        let mut now_booking = None;
        if let Some(id) = l.and_then(|l| l.booking_id)
            && let Ok(b) = booking::booking(&state.pool, id).await
        {
            now_booking = Some(title_for(&c, &req, &b));
        }
        let card = SpaceCard {
            id: s.id,
            name: s.name.clone(),
            floor: s.floor.clone(),
            capacity: c
                .tr
                .tn("sp-people", usize::try_from(s.capacity).unwrap_or(0)),
            equipment: s.equipment.clone(),
            description: s.description.clone(),
            step_free: s.step_free,
            hearing_loop: s.hearing_loop,
            now_use: l.and_then(|l| l.use_name.clone()),
            now_booking,
            occupancy: l.filter(|l| l.has_door).map(|l| {
                c.tr.ta(
                    "sp-occupancy",
                    &[
                        ("present", &l.present.to_string()),
                        ("capacity", &l.capacity.to_string()),
                    ],
                )
            }),
            attendees: l.and_then(|l| l.attendees).map(|a| {
                c.tr.tn("sp-attendees-came", usize::try_from(a).unwrap_or(0))
            }),
            halves: vec![],
        };
        // Wholes come before their halves (spaces::spaces orders them so).
        match s
            .parent_id
            .and_then(|p| cards.iter_mut().find(|w| w.id == p))
        {
            Some(whole) => whole.halves.push(card),
            None => cards.push(card),
        }
    }
    let user = c.account()?;
    let mine = booking::of_user(&state.pool, user.id, user.person_id, now)
        .await?
        .iter()
        .map(|b| booking_line(&c, &req, b))
        .collect();
    let waiting = if req.staff {
        let n = booking::request_count(&state.pool).await?;
        (n > 0).then(|| {
            c.tr.tn("sp-requests-waiting", usize::try_from(n).unwrap_or(0))
        })
    } else {
        None
    };
    html(SpacesPage {
        association: c.is_association(),
        staff: req.staff,
        c,
        spaces: cards,
        mine,
        waiting,
    })
}

// ---------------------------------------------------------------------------------------------
// A space's week and its booking form (`/salles/{id}`)

#[derive(Debug)]
pub(super) struct SlotView {
    use_name: String,
    colour: String,
    hours: String,
    /// The exception that opened it (a one-off event, a holiday opening).
    label: Option<String>,
    bookings: Vec<BookingLine>,
    /// The booking form filled in with this slot, where the viewer may book it and it is not
    /// over.
    link: Option<String>,
}

#[derive(Debug)]
pub(super) struct DayView {
    /// The day's heading id.
    anchor: String,
    label: String,
    today: bool,
    slots: Vec<SlotView>,
    /// Bookings outside the day's windows (made before the timetable changed).
    other: Vec<BookingLine>,
}

#[derive(Debug)]
pub(super) struct LegendItem {
    name: String,
    colour: String,
    mode: String,
    who: String,
    approval: bool,
}

#[derive(Template)]
#[template(path = "spaces/week.html")]
pub(super) struct WeekPage {
    c: Ctx,
    space: Space,
    /// « 40 personnes ».
    capacity: String,
    parent: Option<(i64, String)>,
    halves: Vec<(i64, String)>,
    week_label: String,
    prev: String,
    next: String,
    current_week: bool,
    /// `AAAA-MM-JJ` of the Monday shown.
    monday: String,
    days: Vec<DayView>,
    legend: Vec<LegendItem>,
    form: FormState,
    errors: Vec<(String, String)>,
    associations: Vec<(i64, String)>,
    staff: bool,
    shows_seats: bool,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct WeekQuery {
    #[serde(default)]
    semaine: String,
    #[serde(default)]
    jour: String,
    #[serde(default)]
    debut: String,
    #[serde(default)]
    fin: String,
    #[serde(default)]
    association: String,
}

pub(super) async fn week_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    Query(q): Query<WeekQuery>,
) -> Result<Response, PageError> {
    let monday = q
        .semaine
        .trim()
        .parse::<NaiveDate>()
        .map_or_else(|_| monday_of(today(&c)), monday_of);
    // A slot chosen on the portal comes prefilled.
    let day = q
        .jour
        .trim()
        .parse::<NaiveDate>()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let time = |s: &str| spaces::parse_hhmm(s).map(spaces::hhmm).unwrap_or_default();
    let association = q
        .association
        .trim()
        .parse::<i64>()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let form = FormState::with(&[
        ("day", &day),
        ("start", &time(&q.debut)),
        ("end", &time(&q.fin)),
        ("association_id", &association),
        ("seats", "1"),
        ("public", ""),
        ("request_key", &new_request_key()),
    ]);
    week_with(&state, c, id, monday, form, StatusCode::OK).await
}

pub(super) async fn week_with(
    state: &AppState,
    c: Ctx,
    space_id: i64,
    monday: NaiveDate,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let space = match spaces::space(&state.pool, space_id).await {
        Ok(s) => s,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let req = requester(state, &c).await?;
    let all = spaces::spaces(&state.pool).await?;
    let parent = space
        .parent_id
        .and_then(|p| all.iter().find(|s| s.id == p))
        .map(|s| (s.id, s.name.clone()));
    let halves = all
        .iter()
        .filter(|s| s.parent_id == Some(space.id))
        .map(|s| (s.id, s.name.clone()))
        .collect();
    let uses: HashMap<i64, Use> = spaces::uses(&state.pool)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let sunday = monday + Duration::days(6);
    let from = timetable::instant(c.tz, monday, 0);
    let to = timetable::instant(c.tz, sunday, 1440);
    let mut conn = state.pool.acquire().await?;
    let slots = timetable::slots(&mut conn, c.tz, &[space.id], monday, sunday).await?;
    let related = spaces::related_spaces(&mut *conn, space.id).await?;
    let bookings =
        booking::bookings_between(&mut *conn, &related, from, to, &["requested", "confirmed"])
            .await?;
    drop(conn);
    // Requests hold nothing: the desk sees them all, the others their own; another part of the
    // room only matters once confirmed.
    let bookings: Vec<&Booking> = bookings
        .iter()
        .filter(|b| {
            b.state == "confirmed" || (b.space_id == space.id && booking::may_manage(&req, b))
        })
        .collect();
    let today = today(&c);
    let now = Utc::now();
    let mut days = vec![];
    for i in 0..7 {
        let day = monday + Duration::days(i);
        let mut views: Vec<SlotView> = vec![];
        let day_slots: Vec<&timetable::Slot> = slots.iter().filter(|s| s.day == day).collect();
        for s in &day_slots {
            let u = uses.get(&s.use_id);
            let link = u
                .filter(|u| s.end > now && may_book(&req, u))
                .and_then(|u| {
                    // What holds the room, a half or the whole; a drop-in use's seats hold no
                    // seat of it.
                    let held: Vec<(i64, i64)> = bookings
                        .iter()
                        .filter(|b| b.state == "confirmed")
                        .filter(|b| {
                            !(b.shared && b.space_id == space.id && u.mode == Mode::Dropin)
                        })
                        .map(|b| (b.block_start, b.block_end))
                        .collect();
                    suggested_hours(&c, &req, u, s, &held, now)
                })
                .map(|(start, end)| {
                    let association = match req.represents.as_slice() {
                        [one] if u.is_some_and(|u| open_to(u, &req.represents)) => {
                            format!("&association={one}")
                        }
                        _ => String::new(),
                    };
                    format!(
                        "/salles/{}?semaine={monday}&jour={day}&debut={}&fin={}{association}#reserver",
                        space.id,
                        spaces::hhmm(start),
                        spaces::hhmm(end),
                    )
                });
            views.push(SlotView {
                link,
                use_name: u.map_or_else(String::new, |u| u.name.clone()),
                colour: u.map_or_else(|| "#8a8f96".to_owned(), |u| u.colour.clone()),
                hours: hours(&c, s.start, s.end),
                label: s.label.clone(),
                bookings: vec![],
            });
        }
        let mut other = vec![];
        for b in bookings.iter().filter(|b| local_day(&c, b.start()) == day) {
            let mut line = booking_line(&c, &req, b);
            if b.space_id != space.id {
                line.elsewhere = Some(c.tr.ta("sp-held-elsewhere", &[("name", &b.space_name)]));
            }
            match day_slots
                .iter()
                .position(|s| s.start <= b.start() && b.start() < s.end)
            {
                Some(i) => views[i].bookings.push(line),
                None => other.push(line),
            }
        }
        days.push(DayView {
            anchor: format!("jour-{day}"),
            label: day_label(&c, day),
            today: day == today,
            slots: views,
            other,
        });
    }
    let mut legend: Vec<LegendItem> = vec![];
    let mut seen = vec![];
    for s in &slots {
        if seen.contains(&s.use_id) {
            continue;
        }
        seen.push(s.use_id);
        if let Some(u) = uses.get(&s.use_id) {
            legend.push(LegendItem {
                name: u.name.clone(),
                colour: u.colour.clone(),
                mode: mode_word(&c, u.mode),
                who: who_may_book(&c, u),
                approval: u.approval,
            });
        }
    }
    let shows_seats = slots
        .iter()
        .any(|s| uses.get(&s.use_id).is_some_and(|u| u.mode == Mode::Dropin));
    let associations: Vec<(i64, String)> = people::associations(&state.pool)
        .await?
        .into_iter()
        .filter(|a| req.staff || req.represents.contains(&a.id))
        .map(|a| (a.id, a.name))
        .collect();
    let week_label = c.tr.ta(
        "sp-week-of",
        &[
            ("from", &short_date(&c, monday)),
            ("to", &short_date(&c, sunday)),
        ],
    );
    html_status(
        status,
        WeekPage {
            errors: summary(&c, &form),
            capacity: c
                .tr
                .tn("sp-people", usize::try_from(space.capacity).unwrap_or(0)),
            space,
            parent,
            halves,
            week_label,
            prev: (monday - Duration::days(7)).to_string(),
            next: (monday + Duration::days(7)).to_string(),
            current_week: monday == monday_of(today),
            monday: monday.to_string(),
            days,
            legend,
            form,
            associations,
            staff: req.staff,
            shows_seats,
            c,
        },
    )
}

/// The person the desk books for, as typed: a file number, or a name, badge or phone number
/// that finds exactly one person. `Err` holds what to tell the desk (nobody, or who matches).
pub(super) async fn person_for(
    state: &AppState,
    c: &Ctx,
    typed: &str,
) -> Result<Result<Option<i64>, String>, PageError> {
    let typed = typed.trim();
    let number = people::without_number_sign(typed);
    if typed.is_empty() {
        return Ok(Ok(None));
    }
    // A short number is a file number (a phone or badge number is longer).
    if number.len() <= 6
        && let Ok(id) = number.parse::<i64>()
    {
        return Ok(match people::get(&state.pool, id).await {
            Ok(p) if p.erased_at.is_none() => Ok(Some(p.id)),
            Ok(_) | Err(Refusal::NotFound) => Err(c.tr.t("sp-error-person-none")),
            Err(e) => return Err(PageError::internal(e)),
        });
    }
    let found = people::search(&state.pool, typed, 6).await?;
    Ok(match found.as_slice() {
        [] => Err(c.tr.t("sp-error-person-none")),
        [one] => Ok(Some(one.id)),
        many => {
            let names: Vec<String> = many
                .iter()
                .take(5)
                // With what tells namesakes apart, as the SEL's picker: phone and badge.
                .map(|p| {
                    let mut apart = vec![format!("n° {}", p.id)];
                    apart.extend(p.phone.clone());
                    apart.extend(p.badges.as_ref().map(|b| format!("badge {b}")));
                    format!("{} {} ({})", p.first_name, p.last_name, apart.join(" · "))
                })
                .collect();
            Err(c
                .tr
                .ta("sp-error-person-several", &[("names", &names.join(", "))]))
        }
    })
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct BookingForm {
    #[serde(default)]
    day: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    association_id: String,
    #[serde(default)]
    person_id: String,
    #[serde(default)]
    seats: String,
    #[serde(default)]
    attendees_expected: String,
    #[serde(default)]
    public: String,
    #[serde(default)]
    request_key: String,
    #[serde(default)]
    semaine: String,
}

impl BookingForm {
    fn state(&self) -> FormState {
        FormState::with(&[
            ("day", &self.day),
            ("start", &self.start),
            ("end", &self.end),
            ("title", &self.title),
            ("note", &self.note),
            ("association_id", &self.association_id),
            ("person_id", &self.person_id),
            ("seats", &self.seats),
            ("attendees_expected", &self.attendees_expected),
            ("public", &self.public),
            ("request_key", &self.request_key),
        ])
    }
}

pub(super) async fn book(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<BookingForm>,
) -> Result<Response, PageError> {
    let req = requester(&state, &c).await?;
    let mut form = f.state();
    let day = f.day.trim().parse::<NaiveDate>().ok();
    if day.is_none() {
        form.add("day", c.tr.t("error-date"));
    }
    let start = spaces::parse_hhmm(&f.start).filter(|m| *m < 1440);
    if start.is_none() {
        form.add("start", c.tr.t("error-space-time-invalid"));
    }
    let end = spaces::parse_hhmm(&f.end).filter(|m| *m > 0);
    if end.is_none() {
        form.add("end", c.tr.t("error-space-time-invalid"));
    }
    let association_id = optional_number(&f.association_id).unwrap_or_else(|()| {
        form.add("association_id", c.tr.t("error-choice"));
        None
    });
    let person_id = if req.staff {
        match person_for(&state, &c, &f.person_id).await? {
            Ok(p) => p,
            Err(message) => {
                form.add("person_id", message);
                None
            }
        }
    } else {
        None
    };
    let seats = match optional_number(&f.seats) {
        Ok(n) => n.unwrap_or(1),
        Err(()) => {
            form.add("seats", c.tr.t("error-space-seats"));
            1
        }
    };
    let attendees_expected = optional_number(&f.attendees_expected).unwrap_or_else(|()| {
        form.add("attendees_expected", c.tr.t("error-space-attendees"));
        None
    });
    let week = day
        .or_else(|| f.semaine.trim().parse().ok())
        .map_or_else(|| monday_of(today(&c)), monday_of);
    if let (Some(day), Some(start), Some(end), true) = (day, start, end, form.errors.is_empty()) {
        let key = f.request_key.trim();
        let nb = NewBooking {
            space_id: id,
            start: timetable::instant(c.tz, day, start),
            end: timetable::instant(c.tz, day, end),
            title: f.title.clone(),
            note: f.note.clone(),
            association_id,
            person_id,
            seats,
            attendees_expected,
            public: public_choice(&f.public),
            request_key: (!key.is_empty()).then(|| key.to_owned()),
        };
        match booking::create(&state.pool, c.tz, Utc::now(), &req, &nb).await {
            Ok(made) => {
                let ok = if made.booking.state == "requested" {
                    "ok-sp-requested"
                } else {
                    "ok-sp-booked"
                };
                return Ok(see_other(&format!(
                    "/reservations/{}?ok={ok}",
                    made.booking.id
                )));
            }
            Err(Refusal::Invalid(errors)) if errors.iter().any(|e| e.field == "space_id") => {
                return Err(not_found(&c));
            }
            Err(r) => {
                let field = match &r {
                    Refusal::Conflict { key, .. }
                        if key.contains("association") || key.contains("representative") =>
                    {
                        "association_id"
                    }
                    _ => refused_field(&r, "day"),
                };
                let reused = matches!(&r, Refusal::Conflict { key, .. } if *key == "error-space-request-key-reused");
                refusal_message(&c, r, &mut form, field)?;
                rename_field(&mut form, "request_key", "day");
                if reused {
                    form.values.insert("request_key".into(), new_request_key());
                }
            }
        }
    }
    week_with(&state, c, id, week, form, StatusCode::UNPROCESSABLE_ENTITY).await
}
