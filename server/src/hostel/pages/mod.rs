//! The hostel's pages, for the desk (day and night):
//!
//! - `/hotel`: the day — arrivals, departures, guests in house, requests waiting — for any night,
//!   printable, with the check-in and check-out buttons;
//! - `/hotel/grille`: beds × 30 nights, each cell in words as well as colour;
//! - `/hotel/sejours/nouveau` and `/hotel/sejours/{id}`: recording a stay, and its page with its
//!   steps (accept a request, arrival, departure, no-show, change the morning of leaving, cancel
//!   after a confirmation);
//! - `/hotel/chambres`: the rooms, putting one out of order, adding one (admin);
//! - [`housekeeping`]: `/hotel/menage`, for the housekeeper's phone;
//! - [`police`]: the police forms of foreign guests, one by one and as a list;
//! - the box on the desk's home and on a person's page.

mod badges;
mod folio;
mod housekeeping;
mod imports;
mod police;
mod request;
mod tax;

use super::day::{self, Cell, StayBeds};
use super::stays::{self, NewStay, Stay};
use super::{Room, RoomInput, euros};
use crate::i18n::Lang;
use crate::refusal::Refusal;
use crate::web::domain::{Fut, PageBox};
use crate::web::forms::{
    FormState, html, html_status, not_found, query_value, refusal_message, see_other,
};
use crate::web::{ADMIN, AppState, Ctx, F, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::{Duration, NaiveDate, Utc};
use std::collections::HashMap;

type Form = HashMap<String, String>;

fn actor(c: &Ctx) -> Result<crate::audit::Actor, PageError> {
    Ok(c.account()?.actor())
}

/// `samedi 5 décembre` / `Saturday 5 December`.
fn long_day(c: &Ctx, d: NaiveDate) -> String {
    match c.tr.lang {
        Lang::Fr => crate::vehicles::long_day_fr(d),
        Lang::En => crate::vehicles::long_day_en(d),
    }
}

fn short_day(d: NaiveDate) -> String {
    d.format("%d/%m").to_string()
}

async fn tonight(state: &AppState, c: &Ctx) -> Result<NaiveDate, PageError> {
    Ok(stays::tonight(&state.pool, c.tz, Utc::now()).await?)
}

/// A stay as a line of a list.
#[derive(Debug, Clone)]
pub struct StayLine {
    pub id: i64,
    pub guest: String,
    pub people: i64,
    pub phone: String,
    pub dates: String,
    pub nights: usize,
    pub beds: String,
    pub status: String,
    pub status_code: String,
    pub notes: String,
    /// Beds not made yet for this stay's arrival (« Dortoir Tilleul – 1, … »), or empty.
    pub dirty: String,
}

fn stay_line(c: &Ctx, s: &Stay, held: &[stays::HeldBed]) -> StayLine {
    StayLine {
        id: s.id,
        guest: s.guest_name.clone(),
        people: s.people,
        phone: s.phone.clone(),
        dates: c.tr.ta(
            "hostel-dates",
            &[
                ("from", &long_day(c, s.arrival())),
                ("to", &long_day(c, s.departure())),
            ],
        ),
        nights: usize::try_from(s.nights()).unwrap_or(0),
        beds: if held.is_empty() {
            c.tr.tn("hostel-beds-asked", usize::try_from(s.beds).unwrap_or(0))
        } else {
            stays::where_text(held, &c.tr.t("hostel-bed-word"))
        },
        status: c.tr.tk("hostel-status", &s.status),
        status_code: s.status.clone(),
        notes: s.notes.clone(),
        dirty: String::new(),
    }
}

fn lines(c: &Ctx, list: &[StayBeds]) -> Vec<StayLine> {
    list.iter()
        .map(|x| stay_line(c, &x.stay, &x.held))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The day

#[derive(Template)]
#[template(path = "hostel/day.html")]
struct DayPage {
    c: Ctx,
    night: String,
    title: String,
    is_tonight: bool,
    previous: String,
    next: String,
    arrivals: Vec<StayLine>,
    departures: Vec<StayLine>,
    in_house: Vec<StayLine>,
    requests: Vec<StayLine>,
    people_in_house: usize,
    beds_free: i64,
    beds_total: i64,
    /// The platforms' reservations in conflict, and their feeds that cannot be read.
    import_alerts: Vec<String>,
}

async fn day_page(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let tonight = tonight(&state, &c).await?;
    let night = query_value(raw.as_deref(), "nuit")
        .and_then(|v| super::date(&v))
        .unwrap_or(tonight);
    let d = day::day(&state.pool, night).await?;
    let mut arrivals = lines(&c, &d.arrivals);
    let mut conn = state.pool.acquire().await?;
    for a in arrivals.iter_mut().filter(|a| a.status_code == "confirmed") {
        let beds = super::housekeeping::dirty_beds(&mut conn, a.id, night).await?;
        a.dirty = super::housekeeping::beds_text(&beds);
    }
    drop(conn);
    let import_alerts = imports::alerts(&state, &c, tonight).await?;
    html(DayPage {
        import_alerts,
        night: night.to_string(),
        title: long_day(&c, night),
        is_tonight: night == tonight,
        previous: (night - Duration::days(1)).to_string(),
        next: (night + Duration::days(1)).to_string(),
        arrivals,
        departures: lines(&c, &d.departures),
        in_house: lines(&c, &d.in_house),
        requests: d.requests.iter().map(|s| stay_line(&c, s, &[])).collect(),
        people_in_house: usize::try_from(d.people_in_house).unwrap_or(0),
        beds_free: d.beds_free,
        beds_total: d.beds_total,
        c,
    })
}

// ---------------------------------------------------------------------------------------------
// The grid

/// A cell as shown: its text, its class, its link.
#[derive(Debug)]
struct GridCell {
    text: String,
    /// A night after the stay's first: the name is for screen readers, an ellipsis for the eye.
    continued: bool,
    class: &'static str,
    link: Option<String>,
}

#[derive(Template)]
#[template(path = "hostel/grid.html")]
struct GridPage {
    c: Ctx,
    nights: Vec<(String, String)>,
    rows: Vec<(String, Vec<GridCell>)>,
    previous: String,
    next: String,
}

async fn grid_page(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let from = match query_value(raw.as_deref(), "depuis").and_then(|v| super::date(&v)) {
        Some(d) => d,
        None => tonight(&state, &c).await?,
    };
    let g = day::grid(&state.pool, from, 30).await?;
    let free = c.tr.t("hostel-cell-free");
    let rows = g
        .rows
        .into_iter()
        .map(|r| {
            let mut label = format!(
                "{} · {}",
                r.bed.room_name,
                c.tr.ta("hostel-bed-n", &[("n", &r.bed.label)])
            );
            if r.bed.housekeeping == "dirty" {
                label.push_str(&format!(" ({})", c.tr.t("hostel-hk-to-do")));
            }
            let cells = r
                .cells
                .into_iter()
                .map(|cell| match cell {
                    Cell::Free => GridCell {
                        continued: false,
                        text: free.clone(),
                        class: "free",
                        link: None,
                    },
                    Cell::Held {
                        stay_id,
                        guest_name,
                        status,
                        first,
                    } => GridCell {
                        continued: !first,
                        text: guest_name,
                        class: if status == "checked_in" { "in" } else { "held" },
                        link: Some(format!("/hotel/sejours/{stay_id}")),
                    },
                    Cell::Closed { reason } => GridCell {
                        continued: false,
                        text: format!("{} : {reason}", c.tr.t("hostel-cell-closed")),
                        class: "closed",
                        link: None,
                    },
                })
                .collect();
            (label, cells)
        })
        .collect();
    html(GridPage {
        nights: g
            .nights
            .iter()
            .filter_map(|n| super::date(n))
            .map(|d| (long_day(&c, d), short_day(d)))
            .collect(),
        rows,
        previous: (from - Duration::days(30)).to_string(),
        next: (from + Duration::days(30)).to_string(),
        c,
    })
}

// ---------------------------------------------------------------------------------------------
// Recording a stay

#[derive(Template)]
#[template(path = "hostel/new_stay.html")]
struct NewStayPage {
    c: Ctx,
    form: FormState,
    rooms: Vec<(String, String)>,
    sources: Vec<(String, String)>,
    reasons: Vec<(String, String)>,
}

fn reasons(c: &Ctx) -> Vec<(String, String)> {
    super::tax::EXEMPTIONS
        .iter()
        .map(|r| ((*r).to_owned(), c.tr.tk("hostel-tax-reason", r)))
        .collect()
}

async fn room_choices(state: &AppState, c: &Ctx) -> Result<Vec<(String, String)>, PageError> {
    let mut out = vec![(String::new(), c.tr.t("hostel-any-dorm"))];
    for r in super::rooms(&state.pool).await? {
        out.push((r.id.to_string(), room_label(c, &r)));
    }
    Ok(out)
}

/// « Dortoir Glycine — dortoir, 6 lits, femmes seulement, étage 1 ».
fn room_label(c: &Ctx, r: &Room) -> String {
    let mut parts = vec![
        c.tr.tk("hostel-kind", &r.kind),
        c.tr.tn("hostel-beds-count", usize::try_from(r.beds).unwrap_or(0)),
    ];
    if r.women_only {
        parts.push(c.tr.t("hostel-women-only"));
    }
    if r.step_free {
        parts.push(c.tr.t("hostel-step-free"));
    }
    parts.push(c.tr.ta("hostel-floor", &[("n", &r.floor.to_string())]));
    format!("{} — {}", r.name, parts.join(", "))
}

fn sources(c: &Ctx) -> Vec<(String, String)> {
    stays::SOURCES
        .iter()
        .filter(|s| **s != "website")
        .map(|s| ((*s).to_owned(), c.tr.tk("hostel-source", s)))
        .collect()
}

async fn new_stay_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let tonight = tonight(&state, &c).await?;
    let arrival = tonight.to_string();
    let departure = (tonight + Duration::days(1)).to_string();
    html(NewStayPage {
        form: FormState::with(&[
            ("arrival", &arrival),
            ("departure", &departure),
            ("people", "1"),
            ("source", "walk_in"),
        ]),
        rooms: room_choices(&state, &c).await?,
        sources: sources(&c),
        reasons: reasons(&c),
        c,
    })
}

async fn new_stay_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let mut form = FormState::default();
    for (k, v) in &f {
        if k != "_csrf" {
            form.values.insert(k.clone(), v.clone());
        }
    }
    let v = |k: &str| f.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let number = |k: &'static str, form: &mut FormState| -> Option<i64> {
        let s = v(k);
        if s.is_empty() {
            return None;
        }
        s.parse()
            .map_err(|_| form.add(k, c.tr.t("error-hostel-number")))
            .ok()
    };
    let people = number("people", &mut form).unwrap_or(0);
    let room_id = number("room_id", &mut form);
    let beds = number("beds", &mut form);
    let minors = number("minors", &mut form).unwrap_or(0);
    let tax_exempt = number("tax_exempt", &mut form).unwrap_or(0);
    if form.errors.is_empty() {
        let input = NewStay {
            guest_name: v("guest_name"),
            phone: v("phone"),
            email: v("email"),
            people,
            arrival: v("arrival"),
            departure: v("departure"),
            room_id,
            whole_room: v("whole_room") == "1",
            beds,
            source: Some(v("source")).filter(|s| !s.is_empty()),
            notes: v("notes"),
            person_id: None,
            request_key: Some(v("request_key")).filter(|s| !s.is_empty()),
            minors,
            tax_exempt,
            tax_exempt_reason: Some(v("tax_exempt_reason")).filter(|s| !s.is_empty()),
        };
        match stays::create(&state.pool, c.tz, &actor(&c)?, &input, Utc::now()).await {
            Ok(s) => {
                return Ok(see_other(&format!(
                    "/hotel/sejours/{}?ok=ok-hostel-made",
                    s.id
                )));
            }
            Err(r) => refusal_message(&c, r, &mut form, "room_id")?,
        }
    }
    let status = if form.errors.iter().any(|(f, _)| f == "room_id") {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html_status(
        status,
        NewStayPage {
            form,
            rooms: room_choices(&state, &c).await?,
            sources: sources(&c),
            reasons: reasons(&c),
            c,
        },
    )
}

// ---------------------------------------------------------------------------------------------
// A stay

#[derive(Template)]
#[template(path = "hostel/stay.html")]
struct StayPage {
    c: Ctx,
    s: StayLine,
    email: String,
    source: String,
    price: String,
    /// The taxe de séjour, apart from the price (empty when nothing is held).
    tax: String,
    made: String,
    checked_in: Option<String>,
    checked_out: Option<String>,
    cancelled: Option<String>,
    may_confirm: bool,
    may_check_in: bool,
    may_check_out: bool,
    may_no_show: bool,
    may_change: bool,
    may_cancel: bool,
    departure: String,
    error: Option<String>,
    /// The police forms of its foreign guests, and the form to add one.
    forms: Vec<police::FormView>,
    may_add_form: bool,
    police_form: FormState,
    /// Beds it holds tonight that are not made: (room, bed, « Dortoir Tilleul – 1 »).
    dirty: Vec<(i64, i64, String)>,
    folio: folio::FolioView,
    /// The rooms it may move to: (id, label), and whether the form is open (after a refusal).
    move_rooms: Vec<(i64, String)>,
    move_open: bool,
    /// The guest badges lent for the stay, and whether one more may be lent (a guest in house).
    badges: Vec<badges::BadgeView>,
    may_lend: bool,
}

async fn stay_view(
    state: &AppState,
    c: Ctx,
    id: i64,
    error: Option<String>,
    police_form: FormState,
) -> Result<StayPage, PageError> {
    let s = match stays::stay(&state.pool, id).await {
        Ok(s) => s,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let mut conn = state.pool.acquire().await?;
    let held = stays::held_beds(&mut conn, id).await?;
    let price = stays::price_cents(&mut conn, id).await?;
    let stay_tax = super::tax::of_stay(&mut conn, &s, None).await?;
    let the_folio = super::folio::folio(&mut conn, &s).await?;
    let settings = super::settings(&mut *conn).await?;
    let extras = super::folio::extras(&mut *conn).await?;
    let all_rooms = super::rooms(&mut *conn).await?;
    let lent = super::badges::of_stay(&mut *conn, id).await?;
    let tonight = tonight(state, &c).await?;
    let dirty: Vec<(i64, i64, String)> = if s.status == "confirmed" {
        sqlx::query_as(
            "SELECT r.id, b.id, r.name || ' – ' || b.label
             FROM hostel_nights n JOIN hostel_beds b ON b.id = n.bed_id
               JOIN hostel_rooms r ON r.id = b.room_id
             WHERE n.stay_id = ? AND n.night = ? AND n.released_at IS NULL
               AND b.housekeeping = 'dirty' ORDER BY r.name, b.id",
        )
        .bind(id)
        .bind(tonight.max(s.arrival()).to_string())
        .fetch_all(&mut *conn)
        .await?
    } else {
        vec![]
    };
    drop(conn);
    let on_leaving = folio::on_leaving(state, &c, &s, &the_folio).await?;
    let folio = folio::view(&c, &s, &the_folio, settings, &extras, on_leaving);
    let forms = police::of_stay(state, &c, &s).await?;
    let when = |at: &Option<String>, by: &Option<String>| {
        at.as_ref().map(|a| {
            format!(
                "{} — {}",
                c.tr.when_text(Some(a), c.tz),
                by.clone().unwrap_or_default()
            )
        })
    };
    Ok(StayPage {
        email: s.email.clone(),
        source: c.tr.tk("hostel-source", &s.source),
        price: if held.is_empty() {
            String::new()
        } else {
            euros(price)
        },
        tax: if held.is_empty() {
            String::new()
        } else {
            let mut t = euros(stay_tax.cents);
            if s.minors > 0 || s.tax_exempt > 0 {
                t.push_str(&format!(
                    " ({})",
                    c.tr.ta(
                        "hostel-tax-stay-exempt",
                        &[("n", &(s.minors + s.tax_exempt).to_string())]
                    )
                ));
            }
            t
        },
        made: format!(
            "{} — {}",
            c.tr.when_text(Some(&s.created_at), c.tz),
            s.created_by_name
        ),
        checked_in: when(&s.checked_in_at, &s.checked_in_by),
        checked_out: when(&s.checked_out_at, &s.checked_out_by),
        cancelled: when(&s.cancelled_at, &s.cancelled_by).map(|w| match &s.cancel_reason {
            Some(r) => format!("{w} — {r}"),
            None => w,
        }),
        may_confirm: s.status == "requested",
        may_check_in: s.status == "confirmed" && tonight >= s.arrival() && tonight < s.departure(),
        may_check_out: s.status == "checked_in",
        may_no_show: s.status == "confirmed" && tonight > s.arrival(),
        may_change: s.holds(),
        may_cancel: matches!(s.status.as_str(), "requested" | "confirmed"),
        departure: s.departure.clone(),
        forms,
        may_add_form: s.holds(),
        police_form,
        dirty,
        folio,
        move_rooms: all_rooms
            .iter()
            .filter(|r| !held.iter().any(|h| h.room_id == r.id))
            .map(|r| (r.id, room_label(&c, r)))
            .collect(),
        move_open: error.is_some(),
        badges: badges::views(&c, &lent),
        may_lend: s.status == "checked_in",
        s: stay_line(&c, &s, &held),
        error,
        c,
    })
}

async fn stay_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    html(stay_view(&state, c, id, None, FormState::default()).await?)
}

/// A refusal in one sentence, for the page's error box (`field`: where a conflict is shown).
fn refusal_text(c: &Ctx, r: Refusal, field: &str) -> Result<String, PageError> {
    let mut form = FormState::default();
    refusal_message(c, r, &mut form, field)?;
    Ok(form
        .errors
        .iter()
        .map(|e| e.1.clone())
        .collect::<Vec<_>>()
        .join(" "))
}

/// After a step: back to the stay's page with its confirmation, or the page again with why not.
async fn after_step<T>(
    state: &AppState,
    c: Ctx,
    id: i64,
    done: Result<T, Refusal>,
    ok: &str,
) -> Result<Response, PageError> {
    after_step_at(state, c, id, done, ok, ("", "departure")).await
}

/// [`after_step`] for a section of the page: back to its `anchor` (`#folio`); a refusal of no
/// field is told as `field`'s.
async fn after_step_at<T>(
    state: &AppState,
    c: Ctx,
    id: i64,
    done: Result<T, Refusal>,
    ok: &str,
    (anchor, field): (&str, &str),
) -> Result<Response, PageError> {
    match done {
        Ok(_) => Ok(see_other(&format!("/hotel/sejours/{id}?ok={ok}{anchor}"))),
        Err(r) => {
            let error = Some(refusal_text(&c, r, field)?);
            html_status(
                StatusCode::CONFLICT,
                stay_view(state, c, id, error, FormState::default()).await?,
            )
        }
    }
}

async fn confirm_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let done = stays::confirm(&state.pool, c.tz, &actor(&c)?, id, Utc::now()).await;
    after_step(&state, c, id, done, "ok-hostel-confirmed").await
}

/// The arrival in one screen: the check-in and, if a card is typed or read, the guest badge
/// lent — both or neither.
async fn check_in_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let card = badges::card_of(&f);
    let done = super::badges::check_in_lending(
        &state.pool,
        c.tz,
        &actor(&c)?,
        id,
        Utc::now(),
        card.as_ref(),
    )
    .await;
    after_step(&state, c, id, done, "ok-hostel-checked-in").await
}

/// The departure in one screen: the last payment (if an amount is typed) and the check-out, in
/// one step — both or neither.
async fn check_out_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let done = match folio::payment_of(&f) {
        Ok(payment) => {
            stays::check_out_paying(
                &state.pool,
                c.tz,
                &actor(&c)?,
                id,
                Utc::now(),
                payment.as_ref(),
                &badges::ticked_back(&f),
            )
            .await
        }
        Err(r) => Err(r),
    };
    after_step(&state, c, id, done, "ok-hostel-checked-out").await
}

async fn move_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let input = stays::MoveInput {
        room_id: f.get("room_id").and_then(|v| v.parse().ok()).unwrap_or(0),
        reason: f.get("reason").cloned().unwrap_or_default(),
    };
    let done = stays::move_to(&state.pool, c.tz, &actor(&c)?, id, &input, Utc::now()).await;
    after_step(&state, c, id, done, "ok-hostel-moved").await
}

async fn no_show_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let done = stays::no_show(&state.pool, c.tz, &actor(&c)?, id, Utc::now()).await;
    after_step(&state, c, id, done, "ok-hostel-no-show").await
}

async fn departure_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let new = f.get("departure").map(String::as_str).unwrap_or("");
    let done = stays::change_departure(&state.pool, c.tz, &actor(&c)?, id, new, Utc::now()).await;
    after_step(&state, c, id, done, "ok-hostel-departure").await
}

#[derive(Template)]
#[template(path = "hostel/cancel.html")]
struct CancelPage {
    c: Ctx,
    s: StayLine,
    error: Option<String>,
}

async fn cancel_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let page = stay_view(&state, c, id, None, FormState::default()).await?;
    html(CancelPage {
        s: page.s,
        error: None,
        c: page.c,
    })
}

async fn cancel_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let reason = f.get("reason").map(String::as_str).unwrap_or("");
    match stays::cancel(&state.pool, &actor(&c)?, id, reason, Utc::now()).await {
        Ok(_) => Ok(see_other(&format!(
            "/hotel/sejours/{id}?ok=ok-hostel-cancelled"
        ))),
        Err(r) => {
            let mut form = FormState::default();
            refusal_message(&c, r, &mut form, "reason")?;
            let page = stay_view(&state, c, id, None, FormState::default()).await?;
            html_status(
                StatusCode::CONFLICT,
                CancelPage {
                    s: page.s,
                    error: form.errors.first().map(|e| e.1.clone()),
                    c: page.c,
                },
            )
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rooms

#[derive(Template)]
#[template(path = "hostel/rooms.html")]
struct RoomsPage {
    c: Ctx,
    rooms: Vec<(i64, String, String)>,
    closures: Vec<String>,
    form: FormState,
    close_form: FormState,
    kinds: Vec<(String, String)>,
    today: String,
    /// Each room's iCalendar feed for a booking platform: (room, path). Shown to admins.
    feeds: Vec<(String, String)>,
}

async fn rooms_view(
    state: &AppState,
    c: Ctx,
    form: FormState,
    close_form: FormState,
) -> Result<RoomsPage, PageError> {
    let tonight = tonight(state, &c).await?;
    let rooms = super::rooms(&state.pool).await?;
    let names: HashMap<i64, String> = rooms.iter().map(|r| (r.id, r.name.clone())).collect();
    let closures = super::closures(&state.pool, tonight, tonight + Duration::days(365))
        .await?
        .into_iter()
        .map(|x| {
            let first = super::date(&x.first_night).unwrap_or(tonight);
            let last = super::date(&x.last_night).unwrap_or(tonight);
            c.tr.ta(
                "hostel-closure-line",
                &[
                    ("room", names.get(&x.room_id).map_or("", String::as_str)),
                    ("from", &long_day(&c, first)),
                    ("to", &long_day(&c, last)),
                    ("reason", &x.reason),
                ],
            )
        })
        .collect();
    Ok(RoomsPage {
        rooms: rooms
            .iter()
            .map(|r| {
                let price = if r.is_dorm() {
                    c.tr.ta("hostel-price-bed", &[("price", &euros(r.price_cents))])
                } else {
                    c.tr.ta("hostel-price-room", &[("price", &euros(r.price_cents))])
                };
                (r.id, room_label(&c, r), price)
            })
            .collect(),
        closures,
        form,
        close_form,
        kinds: super::ROOM_KINDS
            .iter()
            .map(|k| ((*k).to_owned(), c.tr.tk("hostel-kind", k)))
            .collect(),
        today: tonight.to_string(),
        feeds: super::feeds::all(&state.pool)
            .await?
            .into_iter()
            .map(|f| (f.name, format!("/calendrier/hotel/{}.ics", f.token)))
            .collect(),
        c,
    })
}

async fn rooms_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let form = FormState::with(&[("kind", "dorm"), ("beds", "6"), ("floor", "0")]);
    html(rooms_view(&state, c, form, FormState::default()).await?)
}

async fn room_create_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let mut form = FormState::posted(&f);
    let v = |k: &str| f.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let int = |k: &'static str, form: &mut FormState| -> i64 {
        let s = v(k);
        if s.is_empty() {
            return 0;
        }
        s.parse().unwrap_or_else(|_| {
            form.add(k, c.tr.t("error-hostel-number"));
            0
        })
    };
    let beds = int("beds", &mut form);
    let floor = int("floor", &mut form);
    // The price is typed in euros (« 22 » or « 22,50 »), read into cents (never a float).
    let price_cents = match super::folio::cents_of(&v("price")) {
        Some(p) if p <= 100_000 => p,
        _ => {
            form.add("price", c.tr.t("error-hostel-price"));
            0
        }
    };
    if form.errors.is_empty() {
        let input = RoomInput {
            name: v("name"),
            kind: v("kind"),
            beds,
            floor,
            step_free: v("step_free") == "1",
            bathroom: Some(
                if v("private_bathroom") == "1" {
                    "private"
                } else {
                    "shared"
                }
                .into(),
            ),
            women_only: v("women_only") == "1",
            price_cents,
            notes: v("notes"),
        };
        match super::create_room(&state.pool, &actor(&c)?, &input).await {
            Ok(_) => return Ok(see_other("/hotel/chambres?ok=ok-hostel-room-added")),
            Err(r) => refusal_message(&c, r, &mut form, "name")?,
        }
    }
    html_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        rooms_view(&state, c, form, FormState::default()).await?,
    )
}

async fn room_close_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let mut form = FormState::posted(&f);
    let v = |k: &str| f.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    match v("room_id").parse::<i64>() {
        Ok(room) => {
            let input = super::ClosureInput {
                bed_id: None,
                first_night: v("first_night"),
                last_night: v("last_night"),
                reason: v("reason"),
            };
            match super::close(&state.pool, &actor(&c)?, room, &input).await {
                Ok(_) => return Ok(see_other("/hotel/chambres?ok=ok-hostel-closed")),
                Err(Refusal::NotFound) => form.add("room_id", c.tr.t("error-hostel-room")),
                Err(r) => refusal_message(&c, r, &mut form, "first_night")?,
            }
        }
        Err(_) => form.add("room_id", c.tr.t("error-hostel-room")),
    }
    let status = if form.errors.iter().any(|(f, _)| f == "first_night") {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let empty = FormState::with(&[("kind", "dorm"), ("beds", "6"), ("floor", "0")]);
    html_status(status, rooms_view(&state, c, empty, form).await?)
}

// ---------------------------------------------------------------------------------------------
// Boxes on other domains' pages

type BoxResult = Result<Option<PageBox>, PageError>;

#[derive(Template)]
#[template(path = "hostel/desk_box.html")]
struct DeskBox<'a> {
    c: &'a Ctx,
    arrivals_waiting: usize,
    arrivals: usize,
    departures_waiting: usize,
    people_in_house: usize,
    beds_free: usize,
    requests: usize,
    any_requests: bool,
}

/// The hostel's box on the desk's home: who is still to arrive tonight and to leave this morning,
/// who sleeps here, the requests waiting.
pub(crate) fn desk_box<'a>(state: &'a AppState, c: &'a Ctx) -> Fut<'a, BoxResult> {
    Box::pin(async move {
        let night = tonight(state, c).await?;
        let d = day::day(&state.pool, night).await?;
        if d.beds_total == 0 {
            return Ok(None);
        }
        crate::web::member::render(
            25,
            DeskBox {
                c,
                arrivals_waiting: d
                    .arrivals
                    .iter()
                    .filter(|s| s.stay.status == "confirmed")
                    .count(),
                arrivals: d.arrivals.len(),
                departures_waiting: d
                    .departures
                    .iter()
                    .filter(|s| s.stay.status == "checked_in")
                    .count(),
                people_in_house: usize::try_from(d.people_in_house).unwrap_or(0),
                beds_free: usize::try_from(d.beds_free).unwrap_or(0),
                requests: d.requests.len(),
                any_requests: !d.requests.is_empty(),
            },
        )
    })
}

/// Tonight's arrivals not yet in and the requests waiting, for the desk's night view.
pub(crate) fn night_alerts<'a>(
    state: &'a AppState,
    c: &'a Ctx,
) -> Fut<'a, Result<Vec<crate::web::domain::Alert>, PageError>> {
    Box::pin(async move {
        let night = tonight(state, c).await?;
        let d = day::day(&state.pool, night).await?;
        let mut alerts = vec![];
        for s in d.arrivals.iter().filter(|s| s.stay.status == "confirmed") {
            alerts.push(crate::web::domain::Alert {
                urgent: false,
                text: c.tr.ta(
                    "hostel-night-arrival",
                    &[
                        ("guest", &s.stay.guest_name),
                        ("people", &s.stay.people.to_string()),
                    ],
                ),
                link: Some(format!("/hotel/sejours/{}", s.stay.id)),
            });
        }
        if !d.requests.is_empty() {
            alerts.push(crate::web::domain::Alert {
                urgent: false,
                text: c.tr.tn("hostel-night-requests", d.requests.len()),
                link: Some("/hotel".into()),
            });
        }
        Ok(alerts)
    })
}

#[derive(Template)]
#[template(path = "hostel/person_box.html")]
struct PersonBox<'a> {
    c: &'a Ctx,
    stays: Vec<StayLine>,
}

/// The stays recorded under a person, on their page (the desk's view).
pub(crate) fn person_box<'a>(
    state: &'a AppState,
    c: &'a Ctx,
    person_id: i64,
) -> Fut<'a, BoxResult> {
    Box::pin(async move {
        let list = stays::of_person(&state.pool, person_id).await?;
        if list.is_empty() {
            return Ok(None);
        }
        let stays = list.iter().take(10).map(|s| stay_line(c, s, &[])).collect();
        crate::web::member::render(30, PersonBox { c, stays })
    })
}

pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    r.add(M::GET, "/hotel", STAFF, get(day_page));
    r.add(M::GET, "/hotel/grille", STAFF, get(grid_page));
    r.add(M::GET, "/hotel/sejours/nouveau", STAFF, get(new_stay_page));
    r.add(
        M::POST,
        "/hotel/sejours/nouveau",
        STAFF,
        post(new_stay_post),
    );
    r.add(M::GET, "/hotel/sejours/{id}", STAFF, get(stay_page));
    r.add(
        M::POST,
        "/hotel/sejours/{id}/accepter",
        STAFF,
        post(confirm_post),
    );
    r.add(
        M::POST,
        "/hotel/sejours/{id}/arrivee",
        STAFF,
        post(check_in_post),
    );
    r.add(
        M::POST,
        "/hotel/sejours/{id}/depart",
        STAFF,
        post(check_out_post),
    );
    r.add(
        M::POST,
        "/hotel/sejours/{id}/changer-de-chambre",
        STAFF,
        post(move_post),
    );
    r.add(
        M::POST,
        "/hotel/sejours/{id}/absent",
        STAFF,
        post(no_show_post),
    );
    r.add(
        M::POST,
        "/hotel/sejours/{id}/date-de-depart",
        STAFF,
        post(departure_post),
    );
    r.add(
        M::GET,
        "/hotel/sejours/{id}/annuler",
        STAFF,
        get(cancel_page),
    );
    r.add(
        M::POST,
        "/hotel/sejours/{id}/annuler",
        STAFF,
        post(cancel_post),
    );
    r.add(M::GET, "/hotel/chambres", STAFF, get(rooms_page));
    r.add(M::POST, "/hotel/chambres", ADMIN, post(room_create_post));
    r.add(
        M::POST,
        "/hotel/chambres/hors-service",
        STAFF,
        post(room_close_post),
    );
    badges::declare(r);
    housekeeping::declare(r);
    imports::declare(r);
    police::declare(r);
    tax::declare(r);
    folio::declare(r);
    request::declare(r);
}
