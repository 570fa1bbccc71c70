//! The chrono'espaces' pages for members and the desk: the spaces and what holds them now
//! (`/salles`), a space's week coloured by use with its booking form (`/salles/{id}`), a booking
//! with its cancellation and move (`/reservations/{id}`), the associations' portal with series
//! requests (`/associations/salles`), the desk's approval queue (`/accueil/demandes`) and the
//! public agenda (`/agenda`, printable, with a full-screen mode for the café's TV).
//!
//! The library decides (spaces::booking); these pages only read forms and show its answers. The
//! booking form carries a request key made when it is rendered: the same form posted twice books
//! once (DESIGN.md §4.2). A refused form comes back with what was typed and the same key, since
//! nothing was written.
//!
//! Colours come from the uses' settings; the Content-Security-Policy forbids inline styles, so
//! they are drawn as small SVG swatches, always next to the use's name (never colour alone).

use super::pages::{FormState, html, html_status, not_found, refusal_message, see_other};
use super::{ASSOCIATION, Access, Caller, Ctx, F, P, PageError, Routes, STAFF};
use crate::AppState;
use crate::i18n::Lang;
use crate::people::{self, Refusal};
use crate::spaces::booking::{self, Booking, NewBooking, NewSeries, Policy, Requester, Scope};
use crate::spaces::{self, Mode, Space, Use, feeds, occupancy, timetable};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use serde::Deserialize;
use std::collections::HashMap;

/// Declares the chrono'espaces' pages.
pub(super) fn declare(r: &mut Routes) {
    use Method as M;
    // Any account: the spaces, a space's week and its booking form, a booking.
    r.add(M::GET, "/salles", Access::Authenticated, get(spaces_page));
    r.add(
        M::GET,
        "/salles/{id}",
        Access::Authenticated,
        get(week_page),
    );
    r.add(
        M::POST,
        "/salles/{id}/reserver",
        Access::Authenticated,
        post(book),
    );
    r.add(
        M::GET,
        "/reservations/{id}",
        Access::Authenticated,
        get(booking_page),
    );
    r.add(
        M::POST,
        "/reservations/{id}/annuler",
        Access::Authenticated,
        post(cancel),
    );
    r.add(
        M::POST,
        "/reservations/{id}/deplacer",
        Access::Authenticated,
        post(move_booking),
    );
    // Association representatives: the portal and series requests.
    r.add(M::GET, "/associations/salles", ASSOCIATION, get(portal));
    r.add(
        M::POST,
        "/associations/salles/apercu",
        ASSOCIATION,
        post(series_preview),
    );
    r.add(
        M::POST,
        "/associations/salles/serie",
        ASSOCIATION,
        post(series_create),
    );
    // The desk: the approval queue.
    r.add(M::GET, "/accueil/demandes", STAFF, get(requests_page));
    r.add(
        M::POST,
        "/accueil/demandes/{id}/accepter",
        STAFF,
        post(approve),
    );
    r.add(
        M::POST,
        "/accueil/demandes/{id}/refuser",
        STAFF,
        post(decline),
    );
    r.add(
        M::POST,
        "/accueil/demandes/serie/{id}/accepter",
        STAFF,
        post(approve_series),
    );
    // Everyone: the public agenda.
    r.add(M::GET, "/agenda", Access::Public, get(agenda));
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/// How far ahead the associations' portal shows the open slots.
const PORTAL_DAYS: i64 = 28;
/// How far ahead the public agenda reaches.
const AGENDA_DAYS: i64 = 56;
/// How far ahead the café's TV shows.
const TV_DAYS: i64 = 7;
/// How often the café's TV reloads the agenda, in seconds.
const TV_REFRESH_SECONDS: u32 = 300;

fn today(c: &Ctx) -> NaiveDate {
    Utc::now().with_timezone(&c.tz).date_naive()
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

fn local_day(c: &Ctx, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&c.tz).date_naive()
}

/// `lundi 30/11/2026`, `Monday 30 Nov 2026`.
fn day_label(c: &Ctx, d: NaiveDate) -> String {
    let name =
        c.tr.t(&format!("sel-weekday-{}", d.weekday().number_from_monday()));
    format!("{name} {}", short_date(c, d))
}

fn short_date(c: &Ctx, d: NaiveDate) -> String {
    match c.tr.lang {
        Lang::Fr => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

/// `19 h 00 – 21 h 30`.
fn hours(c: &Ctx, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    format!("{} – {}", c.tr.time(from, c.tz), c.tr.time(to, c.tz))
}

/// A local time as a time input wants it: `19:00`.
fn hhmm(c: &Ctx, at: DateTime<Utc>) -> String {
    at.with_timezone(&c.tz).format("%H:%M").to_string()
}

/// A booking's state in words.
fn state_word(c: &Ctx, state: &str) -> String {
    if booking::STATES.contains(&state) {
        c.tr.tk("sp-state", state)
    } else {
        state.to_owned()
    }
}

/// A new request key, made when a booking form is rendered.
fn new_request_key() -> String {
    uuid::Uuid::now_v7().to_string()
}

async fn requester(state: &AppState, c: &Ctx) -> Result<Requester, PageError> {
    Ok(Requester::of(&state.pool, c.account()?).await?)
}

/// The title a viewer may read: the desk and the booking's own people always, the others only
/// for a public booking.
fn title_for(c: &Ctx, req: &Requester, b: &Booking) -> String {
    if b.public || booking::may_manage(req, b) {
        b.title.clone()
    } else {
        c.tr.t("sp-reserved")
    }
}

/// Who a booking is for, as the desk reads it.
fn who_for(b: &Booking) -> String {
    match (&b.association_name, &b.person_name) {
        (Some(a), Some(p)) => format!("{a} ({p})"),
        (Some(a), None) => a.clone(),
        (None, Some(p)) => p.clone(),
        (None, None) => String::new(),
    }
}

/// A price in words, or nothing for a free use.
fn price_text(b: &Booking) -> Option<String> {
    match b.price_kind.as_str() {
        "euros" => Some(format!(
            "{},{:02} €",
            b.price_amount / 100,
            b.price_amount % 100
        )),
        "sel" => Some(crate::sel::hours(b.price_amount)),
        _ => None,
    }
}

/// An error summary line: the field's label, then the message.
fn field_label(c: &Ctx, field: &str) -> Option<String> {
    let key = match field {
        "day" => "sp-label-day",
        "start" => "sp-label-start",
        "end" => "sp-label-end",
        "title" => "sp-label-title",
        "note" => "sp-label-note",
        "association_id" => "sp-label-association",
        "person_id" => "sp-label-person",
        "seats" => "sp-label-seats",
        "attendees_expected" => "sp-label-attendees",
        "reason" => "sp-label-reason",
        "move_day" => "sp-label-move-day",
        "move_start" => "sp-label-start",
        "move_end" => "sp-label-end",
        "space_id" => "sp-label-space",
        "first_day" => "sp-label-first-day",
        "repeat" => "sp-label-repeat",
        "count" => "sp-label-count",
        "until" => "sp-label-until",
        "policy" => "sp-label-policy",
        f if f.starts_with("accepter-") || f.starts_with("serie-") => "sp-label-message",
        f if f.starts_with("refuser-") => "sp-label-decline-message",
        _ => return None,
    };
    Some(c.tr.t(key))
}

/// The error summary of a form: each line links to its field.
fn summary(c: &Ctx, form: &FormState) -> Vec<(String, String)> {
    form.errors
        .iter()
        .map(|(field, message)| {
            let text = match field_label(c, field) {
                Some(label) => c.tr.ta(
                    "sp-error-in-field",
                    &[("field", &label), ("message", message)],
                ),
                None => message.clone(),
            };
            (field.clone(), text)
        })
        .collect()
}

/// Gives a refused field (named by the library) the id its input has on the page.
fn rename_field(form: &mut FormState, from: &str, to: &str) {
    for e in &mut form.errors {
        if e.0 == from {
            to.clone_into(&mut e.0);
        }
    }
}

/// A number typed in a form: `Ok(None)` when left empty.
fn optional_number(raw: &str) -> Result<Option<i64>, ()> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.replace([' ', '\u{a0}', '\u{202f}'], "")
        .parse()
        .map(Some)
        .map_err(|_| ())
}

/// The public-agenda choice: as the use says, yes or no.
fn public_choice(raw: &str) -> Option<bool> {
    match raw {
        "oui" => Some(true),
        "non" => Some(false),
        _ => None,
    }
}

/// Who may book a use, in words.
fn who_may_book(c: &Ctx, u: &Use) -> String {
    let mut who = vec![];
    if u.open_to_everyone {
        who.push(c.tr.t("sp-who-everyone"));
    } else {
        if u.open_to_residents {
            who.push(c.tr.t("sp-who-residents"));
        }
        if u.open_to_associations {
            who.push(c.tr.t("sp-who-associations"));
        }
    }
    if who.is_empty() {
        who.push(c.tr.t("sp-who-desk"));
    }
    who.join(", ")
}

fn mode_word(c: &Ctx, m: Mode) -> String {
    c.tr.tk("sp-mode", m.as_str())
}

/// A booking in a list.
#[derive(Debug, Clone)]
struct BookingLine {
    id: i64,
    day: String,
    hours: String,
    title: String,
    space: String,
    state: String,
    /// `requested`, `confirmed`…: a class for the state's mark.
    state_code: String,
    decision: Option<String>,
    /// Whether the viewer may open it.
    link: bool,
    /// For the desk: who it is for.
    who: String,
    /// Held on another part of a divisible room, in words.
    elsewhere: Option<String>,
}

fn booking_line(c: &Ctx, req: &Requester, b: &Booking) -> BookingLine {
    let (start, end) = (b.start(), b.end());
    BookingLine {
        id: b.id,
        day: day_label(c, local_day(c, start)),
        hours: hours(c, start, end),
        title: title_for(c, req, b),
        space: b.space_name.clone(),
        state: state_word(c, &b.state),
        state_code: b.state.clone(),
        decision: b.decision_message.clone(),
        link: booking::may_manage(req, b),
        who: if req.staff { who_for(b) } else { String::new() },
        elsewhere: None,
    }
}

// ---------------------------------------------------------------------------------------------
// The spaces (`/salles`)

#[derive(Debug)]
struct SpaceCard {
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
#[template(path = "spaces_list.html")]
struct SpacesPage {
    c: Ctx,
    spaces: Vec<SpaceCard>,
    mine: Vec<BookingLine>,
    association: bool,
    staff: bool,
    /// « 3 en attente », for the desk.
    waiting: Option<String>,
}

async fn spaces_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
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
struct SlotView {
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
struct DayView {
    /// The day's heading id.
    anchor: String,
    label: String,
    today: bool,
    slots: Vec<SlotView>,
    /// Bookings outside the day's windows (made before the timetable changed).
    other: Vec<BookingLine>,
}

#[derive(Debug)]
struct LegendItem {
    name: String,
    colour: String,
    mode: String,
    who: String,
    approval: bool,
}

#[derive(Template)]
#[template(path = "spaces_week.html")]
struct WeekPage {
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
struct WeekQuery {
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

async fn week_page(
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

async fn week_with(
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
                .map(|u| suggested_hours(&c, u, s, now))
                .filter(|(start, end)| start < end)
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
async fn person_for(
    state: &AppState,
    c: &Ctx,
    typed: &str,
) -> Result<Result<Option<i64>, String>, PageError> {
    let typed = typed.trim();
    let number = typed
        .strip_prefix("n°")
        .or_else(|| typed.strip_prefix("N°"))
        .or_else(|| typed.strip_prefix('#'))
        .unwrap_or(typed)
        .trim();
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
                .map(|p| format!("{} {} (n° {})", p.first_name, p.last_name, p.id))
                .collect();
            Err(c
                .tr
                .ta("sp-error-person-several", &[("names", &names.join(", "))]))
        }
    })
}

#[derive(Debug, Default, Deserialize)]
struct BookingForm {
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

async fn book(
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
                    _ => "day",
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

// ---------------------------------------------------------------------------------------------
// A booking (`/reservations/{id}`)

#[derive(Debug)]
struct BookingView {
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

fn booking_view(c: &Ctx, b: &Booking) -> BookingView {
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
struct BookingForms {
    cancel: FormState,
    moving: FormState,
}

#[derive(Template)]
#[template(path = "spaces_booking.html")]
struct BookingPage {
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
async fn own_booking(
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

async fn booking_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    booking_with(&state, c, id, BookingForms::default(), StatusCode::OK).await
}

async fn booking_with(
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
struct CancelForm {
    #[serde(default)]
    scope: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    confirme: String,
}

#[derive(Template)]
#[template(path = "spaces_cancel.html")]
struct CancelPage {
    c: Ctx,
    b: BookingView,
    targets: Vec<BookingLine>,
    scope: String,
    reason: String,
}

async fn cancel(
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
struct MoveForm {
    #[serde(default)]
    move_day: String,
    #[serde(default)]
    move_start: String,
    #[serde(default)]
    move_end: String,
    #[serde(default)]
    scope: String,
}

async fn move_booking(
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

// ---------------------------------------------------------------------------------------------
// The associations' portal (`/associations/salles`)

#[derive(Debug)]
struct OpenSlot {
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
struct PortalWeek {
    label: String,
    anchor: String,
    slots: Vec<OpenSlot>,
}

#[derive(Template)]
#[template(path = "spaces_portal.html")]
struct PortalPage {
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
fn may_book(req: &Requester, u: &Use) -> bool {
    req.staff
        || u.open_to_everyone
        || (req.resident && u.open_to_residents)
        || open_to(u, &req.represents)
}

fn open_to(u: &Use, represents: &[i64]) -> bool {
    u.open_to_associations
        && !represents.is_empty()
        && (u.associations.is_empty() || u.associations.iter().any(|a| represents.contains(a)))
}

/// The hours a « Demander ce créneau » link suggests, in local minutes: from the window's start
/// (or the next quarter hour, when it has begun), for two hours within the use's limits and the
/// window.
fn suggested_hours(c: &Ctx, u: &Use, slot: &timetable::Slot, now: DateTime<Utc>) -> (u32, u32) {
    let mut start = slot.start_minute;
    if slot.start < now {
        let local = now.with_timezone(&c.tz);
        let minute = local.hour() * 60 + local.minute();
        start = start.max(minute.div_ceil(15) * 15);
    }
    let wanted = u32::try_from(u.max_minutes.min(120).max(u.min_minutes)).unwrap_or(120);
    let end = (start + wanted).min(slot.end_minute).min(1439);
    (start, end)
}

/// The site's address as the browser reached it, for the calendar links people copy.
fn site_base(state: &AppState, headers: &HeaderMap, caller: Option<&Caller>) -> String {
    let https = headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let host = caller
        .and_then(|c| c.host.clone())
        .unwrap_or_else(|| state.config.http.to_string());
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// The fields of the series form, carried from the preview back to the portal to be changed.
const SERIES_FIELDS: &[&str] = &[
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

async fn portal(
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
        ("count", "10"),
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

async fn portal_with(
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
            let free = w.free_minutes >= total;
            let full = w.free_minutes <= 0;
            let state_text = if free {
                c.tr.t("sp-slot-free")
            } else if full {
                c.tr.t("sp-slot-full")
            } else {
                c.tr.ta(
                    "sp-slot-partly",
                    &[("free", &crate::sel::hours(w.free_minutes))],
                )
            };
            let (start, end) = suggested_hours(&c, u, &w.slot, now);
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
struct SeriesForm {
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

const WEEKDAY_CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// The recurrence rule for the repetition chosen: weekly, every two weeks, or monthly on the
/// same weekday of the month (the first Tuesday…; the last one from the 29th on).
fn rule_for(
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
        (Some(n), _) => Some(format!("{freq};COUNT={n}")),
        (None, Some(u)) => {
            // UNTIL is in UTC when the start has a zone (RFC 5545): the end of that local day.
            let last = timetable::instant(tz, u, 1440) - Duration::seconds(1);
            Some(format!("{freq};UNTIL={}", last.format("%Y%m%dT%H%M%SZ")))
        }
        (None, None) => None,
    }
}

/// The series typed in the form, or `None` with the errors in `form`.
fn series_input(
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
struct OutcomeLine {
    day: String,
    hours: String,
    ok: bool,
    outcome: String,
    booking_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "spaces_series.html")]
struct SeriesPage {
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
async fn outcome_lines(
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

async fn series_page(
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

async fn series_preview(
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
            Err(r) => refusal_message(&c, r, &mut form, "first_day")?,
        }
    }
    portal_with(&state, c, &base, form, StatusCode::UNPROCESSABLE_ENTITY).await
}

async fn series_create(
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
                Err(r) => refusal_message(&c, r, &mut form, "first_day")?,
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
                Err(r) => refusal_message(&c, r, &mut form, "first_day")?,
            }
        }
    }
    portal_with(&state, c, &base, form, StatusCode::UNPROCESSABLE_ENTITY).await
}

// ---------------------------------------------------------------------------------------------
// The desk's approval queue (`/accueil/demandes`)

#[derive(Debug)]
struct RequestView {
    id: i64,
    title: String,
    space: String,
    space_id: i64,
    use_name: String,
    colour: String,
    day: String,
    hours: String,
    requester: String,
    association: Option<String>,
    person: Option<String>,
    note: String,
    asked: String,
    attendees: Option<i64>,
    past: bool,
    /// The series it belongs to, with how many of its dates wait, in words.
    series: Option<(i64, String)>,
    /// The first request of its series shown here (the series' button goes there).
    series_first: bool,
    /// Other requests for an overlapping slot of the same room: (id, title).
    competitors: Vec<(i64, String)>,
    approve_field: String,
    decline_field: String,
    series_field: String,
}

#[derive(Template)]
#[template(path = "spaces_requests.html")]
struct RequestsPage {
    c: Ctx,
    items: Vec<RequestView>,
    form: FormState,
    errors: Vec<(String, String)>,
}

/// The accounts' names, for « demandé par ».
async fn account_names(state: &AppState) -> Result<HashMap<i64, String>, sqlx::Error> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, display_name FROM users")
        .fetch_all(&state.pool)
        .await?;
    Ok(rows.into_iter().collect())
}

async fn requests_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    requests_with(&state, c, FormState::default(), StatusCode::OK).await
}

async fn requests_with(
    state: &AppState,
    c: Ctx,
    mut form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let list = booking::requests(&state.pool).await?;
    let parents: HashMap<i64, Option<i64>> = spaces::spaces(&state.pool)
        .await?
        .into_iter()
        .map(|s| (s.id, s.parent_id))
        .collect();
    let related = |a: i64, b: i64| {
        a == b
            || parents.get(&a).copied().flatten() == Some(b)
            || parents.get(&b).copied().flatten() == Some(a)
    };
    let names = account_names(state).await?;
    let now = Utc::now();
    let mut items: Vec<RequestView> = vec![];
    let mut series_seen = vec![];
    for b in &list {
        let competitors = list
            .iter()
            .filter(|o| {
                o.id != b.id
                    && related(o.space_id, b.space_id)
                    && o.block_start < b.block_end
                    && b.block_start < o.block_end
            })
            .map(|o| (o.id, o.title.clone()))
            .collect();
        let series = b.series_id.map(|s| {
            let waiting = list.iter().filter(|o| o.series_id == Some(s)).count();
            (s, c.tr.tn("sp-series-waiting", waiting))
        });
        let series_first = match b.series_id {
            Some(s) if !series_seen.contains(&s) => {
                series_seen.push(s);
                true
            }
            _ => false,
        };
        items.push(RequestView {
            id: b.id,
            title: b.title.clone(),
            space: b.space_name.clone(),
            space_id: b.space_id,
            use_name: b.use_name.clone(),
            colour: b.colour.clone(),
            day: day_label(&c, local_day(&c, b.start())),
            hours: hours(&c, b.start(), b.end()),
            requester: b
                .created_by
                .and_then(|u| names.get(&u).cloned())
                .unwrap_or_default(),
            association: b.association_name.clone(),
            person: b.person_name.clone(),
            note: b.note.clone(),
            asked: crate::i18n::parse_instant(&b.created_at)
                .map(|at| {
                    c.tr.ta(
                        "sp-asked-at",
                        &[
                            ("date", &c.tr.date(at, c.tz)),
                            ("time", &c.tr.time(at, c.tz)),
                        ],
                    )
                })
                .unwrap_or_default(),
            attendees: b.attendees_expected,
            past: b.end() <= now,
            series,
            series_first,
            competitors,
            approve_field: format!("accepter-{}", b.id),
            decline_field: format!("refuser-{}", b.id),
            series_field: b
                .series_id
                .map(|s| format!("serie-{s}"))
                .unwrap_or_default(),
        });
    }
    // An error about a request no longer in the queue goes to the queue's heading.
    let known = |f: &str| {
        items.iter().any(|i| {
            i.approve_field == f || i.decline_field == f || (i.series_first && i.series_field == f)
        })
    };
    let lost: Vec<String> = form
        .errors
        .iter()
        .map(|e| e.0.clone())
        .filter(|f| !known(f))
        .collect();
    for f in lost {
        rename_field(&mut form, &f, "demandes");
    }
    html_status(
        status,
        RequestsPage {
            errors: summary(&c, &form),
            items,
            form,
            c,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
struct DecisionForm {
    #[serde(default)]
    message: String,
}

/// Back to the queue with the refusal at `field`.
async fn decision_refused(
    state: &AppState,
    c: Ctx,
    r: Refusal,
    field: &str,
    message: &str,
) -> Result<Response, PageError> {
    let mut form = FormState::with(&[(field, message)]);
    refusal_message(&c, r, &mut form, field)?;
    rename_field(&mut form, "message", field);
    requests_with(state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
}

async fn approve(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<DecisionForm>,
) -> Result<Response, PageError> {
    let req = requester(&state, &c).await?;
    match booking::approve(&state.pool, c.tz, Utc::now(), &req, id, &f.message).await {
        Ok(_) => Ok(see_other("/accueil/demandes?ok=ok-sp-approved")),
        Err(r) => decision_refused(&state, c, r, &format!("accepter-{id}"), &f.message).await,
    }
}

async fn decline(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<DecisionForm>,
) -> Result<Response, PageError> {
    let req = requester(&state, &c).await?;
    match booking::decline(&state.pool, Utc::now(), &req, id, &f.message).await {
        Ok(_) => Ok(see_other("/accueil/demandes?ok=ok-sp-declined")),
        Err(r) => decision_refused(&state, c, r, &format!("refuser-{id}"), &f.message).await,
    }
}

async fn approve_series(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<DecisionForm>,
) -> Result<Response, PageError> {
    let req = requester(&state, &c).await?;
    match booking::approve_series(&state.pool, c.tz, Utc::now(), &req, id, &f.message).await {
        Ok(_) => Ok(see_other("/accueil/demandes?ok=ok-sp-series-approved")),
        Err(r) => decision_refused(&state, c, r, &format!("serie-{id}"), &f.message).await,
    }
}

// ---------------------------------------------------------------------------------------------
// The public agenda (`/agenda`)

#[derive(Debug)]
struct AgendaLine {
    hours: String,
    title: String,
    use_name: String,
    colour: String,
    space: String,
    cancelled: bool,
    step_free: bool,
    hearing_loop: bool,
}

#[derive(Debug)]
struct AgendaDay {
    label: String,
    anchor: String,
    today: bool,
    items: Vec<AgendaLine>,
}

#[derive(Template)]
#[template(path = "spaces_agenda.html")]
struct AgendaPage {
    c: Ctx,
    days: Vec<AgendaDay>,
}

#[derive(Template)]
#[template(path = "spaces_agenda_tv.html")]
struct AgendaTvPage {
    c: Ctx,
    days: Vec<AgendaDay>,
    updated: String,
    refresh: u32,
}

#[derive(Debug, Default, Deserialize)]
struct AgendaQuery {
    #[serde(default)]
    tv: String,
}

async fn agenda(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<AgendaQuery>,
) -> Result<Response, PageError> {
    let tv = matches!(q.tv.as_str(), "1" | "oui" | "true");
    let now = Utc::now();
    let first = today(&c);
    let days_ahead = if tv { TV_DAYS } else { AGENDA_DAYS };
    let from = if tv {
        now
    } else {
        timetable::instant(c.tz, first, 0)
    };
    let to = timetable::instant(c.tz, first + Duration::days(days_ahead), 0);
    let mut conn = state.pool.acquire().await?;
    let items = feeds::agenda(&mut conn, from, to).await?;
    drop(conn);
    let mut days: Vec<AgendaDay> = vec![];
    for (_, item) in &items {
        let day = local_day(&c, item.start);
        let line = AgendaLine {
            hours: hours(&c, item.start, item.end),
            title: item.title.clone(),
            use_name: item.use_name.clone(),
            colour: item.colour.clone(),
            space: item.space_name.clone(),
            cancelled: item.cancelled,
            step_free: item.step_free,
            hearing_loop: item.hearing_loop,
        };
        let anchor = format!("jour-{day}");
        match days.last_mut() {
            Some(d) if d.anchor == anchor => d.items.push(line),
            _ => days.push(AgendaDay {
                label: day_label(&c, day),
                anchor,
                today: day == first,
                items: vec![line],
            }),
        }
    }
    if tv {
        html(AgendaTvPage {
            updated: c.tr.time(now, c.tz),
            refresh: TV_REFRESH_SECONDS,
            days,
            c,
        })
    } else {
        html(AgendaPage { c, days })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn the_repetitions_become_recurrence_rules() {
        // Tuesday 1 December 2026: the first Tuesday of the month.
        let first = d("2026-12-01");
        assert_eq!(
            rule_for(Paris, first, "weekly", Some(10), None).as_deref(),
            Some("FREQ=WEEKLY;COUNT=10")
        );
        assert_eq!(
            rule_for(Paris, first, "biweekly", Some(4), None).as_deref(),
            Some("FREQ=WEEKLY;INTERVAL=2;COUNT=4")
        );
        assert_eq!(
            rule_for(Paris, first, "monthly", Some(6), None).as_deref(),
            Some("FREQ=MONTHLY;BYDAY=1TU;COUNT=6")
        );
        // Thursday 31 December: the last Thursday.
        assert_eq!(
            rule_for(Paris, d("2026-12-31"), "monthly", Some(3), None).as_deref(),
            Some("FREQ=MONTHLY;BYDAY=-1TH;COUNT=3")
        );
        // Until the end of 30 June 2027 in Paris (summer time): 21:59:59 UTC.
        assert_eq!(
            rule_for(Paris, first, "weekly", None, Some(d("2027-06-30"))).as_deref(),
            Some("FREQ=WEEKLY;UNTIL=20270630T215959Z")
        );
        assert_eq!(rule_for(Paris, first, "daily", Some(3), None), None);
        assert_eq!(rule_for(Paris, first, "weekly", None, None), None);
    }

    #[test]
    fn a_monthly_rule_keeps_the_weekday_of_the_month() {
        let rule = rule_for(Paris, d("2026-12-15"), "monthly", Some(3), None).unwrap_or_default();
        let dates = booking::expand(Paris, d("2026-12-15"), "19:00", "21:00", &rule)
            .map(|v| v.into_iter().map(|o| o.0.to_string()).collect::<Vec<_>>())
            .unwrap_or_default();
        // The third Tuesday of December, January and February.
        assert_eq!(dates, ["2026-12-15", "2027-01-19", "2027-02-16"]);
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(monday_of(d("2026-12-06")), d("2026-11-30"));
        assert_eq!(monday_of(d("2026-11-30")), d("2026-11-30"));
    }
}
