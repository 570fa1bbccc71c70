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

use crate::i18n::Lang;
use crate::people::{self};
use crate::refusal::Refusal;
use crate::spaces::booking::{self, Booking, NewBooking, NewSeries, Policy, Requester, Scope};
use crate::spaces::{self, Mode, Space, Use, feeds, occupancy, timetable};
use crate::web::AppState;
use crate::web::forms::{FormState, html, html_status, not_found, refusal_message, see_other};
use crate::web::{ASSOCIATION, Access, Caller, Ctx, F, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::Method;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use serde::Deserialize;
use std::collections::HashMap;

mod portal;
mod requests;
mod reservation;
mod week;
use portal::*;
use requests::*;
use reservation::*;
use week::*;

/// Declares the chrono'espaces' pages.
pub(crate) fn declare(r: &mut Routes) {
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
    r.add(
        M::POST,
        "/accueil/demandes/serie/{id}/refuser",
        STAFF,
        post(decline_series),
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
        "sel" => Some(crate::time::hours(b.price_amount)),
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
        PUBLIC_YES => "sp-label-public",
        f if f.starts_with("demande-") => "sp-label-decision",
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

/// The field a rule's refusal belongs to: the public-agenda choice for a use that does not allow
/// it (its « Oui »), `default` for the others.
fn refused_field(r: &Refusal, default: &'static str) -> &'static str {
    match r {
        Refusal::Conflict { key, .. } if *key == booking::PUBLIC_NOT_ALLOWED => PUBLIC_YES,
        _ => default,
    }
}

/// The id of the public-agenda choice's « Oui » (spaces/parts.html, `public_choice`).
const PUBLIC_YES: &str = "public-oui";

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
