//! A booking (`/reservations/{id}`): its page, cancellation and move.

use super::*;

// ---------------------------------------------------------------------------------------------
// A booking (`/reservations/{id}`)

#[derive(Debug)]
pub(super) struct BookingView {
    id: i64,
    title: String,
    space_id: i64,
    space: String,
    use_name: String,
    colour: String,
    day: String,
    hours: String,
    state: String,
    state_code: String,
    association: Option<String>,
    person: Option<String>,
    note: String,
    decision: Option<String>,
    attendees: Option<i64>,
    seats: Option<i64>,
    price: Option<String>,
    public: bool,
    series: bool,
    /// `AAAA-MM-JJ` of its week, for the link back to the space's week.
    week: String,
}

pub(super) fn booking_view(c: &Ctx, b: &Booking) -> BookingView {
    let (start, end) = (b.start(), b.end());
    BookingView {
        id: b.id,
        title: b.title.clone(),
        space_id: b.space_id,
        space: b.space_name.clone(),
        use_name: b.use_name.clone(),
        colour: b.colour.clone(),
        day: day_label(c, local_day(c, start)),
        hours: hours(c, start, end),
        state: state_word(c, &b.state),
        state_code: b.state.clone(),
        association: b.association_name.clone(),
        person: b.person_name.clone(),
        note: b.note.clone(),
        decision: b.decision_message.clone(),
        attendees: b.attendees_expected,
        seats: b.shared.then_some(b.seats),
        price: price_text(b),
        public: b.public,
        series: b.series_id.is_some(),
        week: monday_of(local_day(c, start)).to_string(),
    }
}

#[derive(Debug, Default)]
pub(super) struct BookingForms {
    cancel: FormState,
    moving: FormState,
}

#[derive(Template)]
#[template(path = "spaces/booking.html")]
pub(super) struct BookingPage {
    c: Ctx,
    b: BookingView,
    series: Vec<BookingLine>,
    /// It may still be cancelled or moved (live, not over).
    open: bool,
    /// Moving it needs the desk (an approved booking of a use that needs approval).
    needs_desk: bool,
    cancel_form: FormState,
    move_form: FormState,
    errors: Vec<(String, String)>,
}

/// A booking the caller may open, or a 404.
pub(super) async fn own_booking(
    state: &AppState,
    c: &Ctx,
    req: &Requester,
    id: i64,
) -> Result<Booking, PageError> {
    match booking::booking(&state.pool, id).await {
        Ok(b) if booking::may_manage(req, &b) => Ok(b),
        Ok(_) | Err(Refusal::NotFound) => Err(not_found(c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

pub(super) async fn booking_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    booking_with(&state, c, id, BookingForms::default(), StatusCode::OK).await
}

pub(super) async fn booking_with(
    state: &AppState,
    c: Ctx,
    id: i64,
    forms: BookingForms,
    status: StatusCode,
) -> Result<Response, PageError> {
    let req = requester(state, &c).await?;
    let b = own_booking(state, &c, &req, id).await?;
    let series = match b.series_id {
        Some(s) => booking::of_series(&state.pool, s)
            .await?
            .iter()
            .map(|o| booking_line(&c, &req, o))
            .collect(),
        None => vec![],
    };
    let use_ = spaces::use_(&state.pool, b.use_id).await.ok();
    let needs_desk =
        !req.staff && b.state == "confirmed" && use_.as_ref().is_some_and(|u| u.approval);
    let mut move_form = forms.moving;
    if move_form.values.is_empty() {
        move_form = FormState::with(&[
            ("move_day", &local_day(&c, b.start()).to_string()),
            ("move_start", &hhmm(&c, b.start())),
            ("move_end", &hhmm(&c, b.end())),
            ("scope", "one"),
        ]);
    }
    let mut cancel_form = forms.cancel;
    if !cancel_form.values.contains_key("scope") {
        cancel_form.values.insert("scope".into(), "one".into());
    }
    let mut all = cancel_form.clone();
    all.errors.extend(move_form.errors.iter().cloned());
    html_status(
        status,
        BookingPage {
            errors: summary(&c, &all),
            b: booking_view(&c, &b),
            series,
            open: b.is_live() && b.end() > Utc::now(),
            needs_desk,
            cancel_form,
            move_form,
            c,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct CancelForm {
    #[serde(default)]
    scope: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    confirme: String,
}

#[derive(Template)]
#[template(path = "spaces/cancel.html")]
pub(super) struct CancelPage {
    c: Ctx,
    b: BookingView,
    targets: Vec<BookingLine>,
    scope: String,
    reason: String,
}

pub(super) async fn cancel(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<CancelForm>,
) -> Result<Response, PageError> {
    let req = requester(&state, &c).await?;
    let b = own_booking(&state, &c, &req, id).await?;
    let scope = if f.scope == "following" && b.series_id.is_some() {
        Scope::Following
    } else {
        Scope::One
    };
    let scope_text = if scope == Scope::Following {
        "following"
    } else {
        "one"
    };
    let result = if !b.is_live() {
        Err(Refusal::conflict("error-space-not-live"))
    } else if b.end() <= Utc::now() {
        Err(Refusal::conflict("error-space-already-over"))
    } else if f.confirme != "oui" {
        // The confirmation step: what would be cancelled.
        let targets = match (scope, b.series_id) {
            (Scope::Following, Some(s)) => booking::of_series(&state.pool, s)
                .await?
                .into_iter()
                .filter(|o| o.start_at >= b.start_at && o.is_live())
                .collect(),
            _ => vec![b.clone()],
        };
        return html(CancelPage {
            targets: targets.iter().map(|t| booking_line(&c, &req, t)).collect(),
            b: booking_view(&c, &b),
            scope: scope_text.to_owned(),
            reason: f.reason.clone(),
            c,
        });
    } else {
        booking::cancel(&state.pool, Utc::now(), &req, id, scope, &f.reason)
            .await
            .map(|_| ())
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/reservations/{id}?ok=ok-sp-cancelled"))),
        Err(r) => {
            let mut forms = BookingForms {
                cancel: FormState::with(&[("scope", scope_text), ("reason", &f.reason)]),
                moving: FormState::default(),
            };
            refusal_message(&c, r, &mut forms.cancel, "reason")?;
            rename_field(&mut forms.cancel, "message", "reason");
            booking_with(&state, c, id, forms, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct MoveForm {
    #[serde(default)]
    move_day: String,
    #[serde(default)]
    move_start: String,
    #[serde(default)]
    move_end: String,
    #[serde(default)]
    scope: String,
}

pub(super) async fn move_booking(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<MoveForm>,
) -> Result<Response, PageError> {
    let req = requester(&state, &c).await?;
    let scope = if f.scope == "following" {
        Scope::Following
    } else {
        Scope::One
    };
    let mut form = FormState::with(&[
        ("move_day", &f.move_day),
        ("move_start", &f.move_start),
        ("move_end", &f.move_end),
        (
            "scope",
            if scope == Scope::Following {
                "following"
            } else {
                "one"
            },
        ),
    ]);
    // The day changes for one date only; the following dates keep theirs.
    let day = match (scope, f.move_day.trim()) {
        (Scope::Following, _) | (_, "") => None,
        (Scope::One, d) => match d.parse::<NaiveDate>() {
            Ok(d) => Some(d),
            Err(_) => {
                form.add("move_day", c.tr.t("error-date"));
                None
            }
        },
    };
    if form.errors.is_empty() {
        let change = booking::Reschedule {
            day,
            start: f.move_start.clone(),
            end: f.move_end.clone(),
            scope,
        };
        match booking::reschedule(&state.pool, c.tz, Utc::now(), &req, id, &change).await {
            Ok(_) => return Ok(see_other(&format!("/reservations/{id}?ok=ok-sp-moved"))),
            Err(r) => refusal_message(&c, r, &mut form, "move_start")?,
        }
    }
    for (from, to) in [
        ("day", "move_day"),
        ("start", "move_start"),
        ("end", "move_end"),
    ] {
        rename_field(&mut form, from, to);
    }
    let forms = BookingForms {
        cancel: FormState::default(),
        moving: form,
    };
    booking_with(&state, c, id, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}
