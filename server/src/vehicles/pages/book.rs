//! Booking a vehicle in at most three screens, with big buttons and nothing to type:
//!
//! 1. what (`/vehicules`): « Une voiture », « Un vélo » (the desk also sees the adapted vehicle);
//! 2. when (`/vehicules/quand`): the day, then the hour and how long, as big buttons;
//! 3. confirm (`/vehicules/confirmer`): the booking in one sentence; « Oui, je réserve ». When
//!    nothing is free, the hours of that day that are, as buttons.
//!
//! The desk books for a person in two screens from the person's page (`/vehicules/pour/{id}`:
//! vehicle, day, hour, length; then confirm), and the booking says who made it. The booking's page
//! repeats it in a sentence, to print or to send as an SMS-length text; cancelling asks first; the
//! return form follows the key's return.

use super::*;
use crate::refusal::Refusal;
use crate::vehicles::booking::NewBooking;
use crate::vehicles::returns::{self, ReturnInput};
use crate::web::forms::{html, html_status, not_found, refusal_message, see_other};
use crate::web::{F, P, STAFF};
use axum::extract::{Query, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::{Duration, NaiveTime};
use serde::Deserialize;
use std::collections::HashMap;

/// The choices of screen 1, and the kinds of vehicle each covers.
const WHAT: [(&str, &[&str]); 3] = [
    ("voiture", &["car"]),
    ("velo", &["ebike", "cargo_bike"]),
    ("adapte", &["adapted"]),
];

/// The hours offered as buttons.
const HOURS: std::ops::RangeInclusive<u32> = 8..=19;
/// How long, in minutes.
const LENGTHS: [i64; 5] = [60, 120, 180, 240, 480];
/// How many days ahead the day buttons go.
const DAYS_AHEAD: i64 = 14;

fn kinds_of(what: &str) -> Option<&'static [&'static str]> {
    WHAT.iter().find(|(w, _)| *w == what).map(|(_, k)| *k)
}

/// What the three screens carry from one to the next, read from the query (anything unreadable
/// is simply not chosen yet).
#[derive(Debug, Clone, Default)]
struct Choice {
    what: String,
    /// The person booked for (the desk).
    for_person: Option<i64>,
    day: Option<NaiveDate>,
    hour: Option<NaiveTime>,
    minutes: Option<i64>,
    vehicle: Option<i64>,
    /// The same slot this many weeks in a row (the desk's form; 1 by default).
    weeks: i64,
}

impl Choice {
    fn read(q: &HashMap<String, String>) -> Choice {
        let get = |k: &str| q.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
        Choice {
            what: get("quoi")
                .filter(|w| kinds_of(w).is_some())
                .unwrap_or("")
                .to_owned(),
            for_person: get("pour").and_then(|s| s.parse().ok()),
            day: get("jour").and_then(super::super::date),
            hour: get("heure").and_then(|s| NaiveTime::parse_from_str(s, "%H:%M").ok()),
            minutes: get("duree")
                .and_then(|s| s.parse().ok())
                .filter(|m| (15..=20160).contains(m)),
            vehicle: get("vehicule").and_then(|s| s.parse().ok()),
            weeks: get("semaines")
                .and_then(|s| s.parse().ok())
                .filter(|w| (1..=12).contains(w))
                .unwrap_or(1),
        }
    }

    /// The query string that carries this choice on.
    fn query(&self) -> String {
        let mut parts = vec![];
        if !self.what.is_empty() {
            parts.push(format!("quoi={}", self.what));
        }
        if let Some(p) = self.for_person {
            parts.push(format!("pour={p}"));
        }
        if let Some(d) = self.day {
            parts.push(format!("jour={d}"));
        }
        if let Some(h) = self.hour {
            parts.push(format!("heure={}", h.format("%H:%M")));
        }
        if let Some(m) = self.minutes {
            parts.push(format!("duree={m}"));
        }
        if let Some(v) = self.vehicle {
            parts.push(format!("vehicule={v}"));
        }
        if self.weeks > 1 {
            parts.push(format!("semaines={}", self.weeks));
        }
        parts.join("&")
    }

    fn slot(&self, c: &Ctx) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let start = crate::time::resolve_local(c.tz, self.day?.and_time(self.hour?));
        Some((start, start + Duration::minutes(self.minutes?)))
    }
}

/// The person a booking is for: the desk's choice, or the member themself.
async fn person_for(
    state: &AppState,
    c: &Ctx,
    m: &Maker,
    choice: &Choice,
) -> Result<(i64, String), PageError> {
    let id = match (m.staff, choice.for_person, m.person_id) {
        (true, Some(p), _) => p,
        (false, _, Some(p)) => p,
        _ => return Err(not_found(c)),
    };
    let name: Option<String> = sqlx::query_scalar(
        "SELECT trim(first_name || ' ' || last_name) FROM persons WHERE id = ? AND erased_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&state.pool)
    .await?;
    name.map(|n| (id, n)).ok_or_else(|| not_found(c))
}

// ---------------------------------------------------------------------------------------------
// Screen 1: what

#[derive(Template)]
#[template(path = "vehicles/what.html")]
struct WhatPage {
    c: Ctx,
    /// (code, link, label, hint)
    choices: Vec<(String, String, String, String)>,
    for_person: Option<(i64, String)>,
    bookings: Vec<BookingLine>,
    /// The desk: the fleet with its state now.
    fleet: Vec<(i64, String, String, String)>,
}

async fn what(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let choice = Choice::read(&q);
    let for_person = if m.staff && choice.for_person.is_some() {
        Some(person_for(&state, &c, &m, &choice).await?)
    } else {
        None
    };
    let for_query = for_person
        .as_ref()
        .map(|(p, _)| format!("&pour={p}"))
        .unwrap_or_default();
    let mut choices: Vec<(String, String, String, String)> = WHAT
        .iter()
        .filter(|(w, _)| *w != "adapte" || m.staff)
        .map(|(w, _)| {
            (
                (*w).to_owned(),
                format!("/vehicules/quand?quoi={w}{for_query}"),
                c.tr.tk("veh-what", w),
                c.tr.tk("veh-what-hint", w),
            )
        })
        .collect();
    choices.push((
        "avec".to_owned(),
        format!("/vehicules/trajet?x=1{for_query}"),
        c.tr.t("veh-what-avec"),
        c.tr.t("veh-what-hint-avec"),
    ));
    let bookings = match m.person_id {
        Some(p) if !m.staff => booking::of_person(&state.pool, p, Utc::now())
            .await?
            .iter()
            .filter(|b| b.is_live())
            .map(|b| booking_line(&c, b))
            .collect(),
        _ => vec![],
    };
    let mut fleet = vec![];
    if m.staff {
        let mut conn = state.pool.acquire().await?;
        for v in super::super::fleet(&mut *conn).await? {
            let s = super::super::state_of(&mut conn, &v, Utc::now()).await?;
            fleet.push((
                v.id,
                format!(
                    "{} — {}",
                    v.name,
                    c.tr.ta("veh-key-no", &[("n", &v.key_number.to_string())])
                ),
                c.tr.tk("veh-vstate", s.as_str()),
                s.as_str().to_owned(),
            ));
        }
    }
    html(WhatPage {
        c,
        choices,
        for_person,
        bookings,
        fleet,
    })
}

// ---------------------------------------------------------------------------------------------
// Screen 2: when

#[derive(Template)]
#[template(path = "vehicles/when.html")]
struct WhenPage {
    c: Ctx,
    what: String,
    what_label: String,
    for_person: Option<(i64, String)>,
    /// (value, label)
    days: Vec<(String, String)>,
    hours: Vec<(String, String)>,
    lengths: Vec<(String, String)>,
    /// The desk's form: every vehicle (value, label), and how many weeks in a row.
    vehicles: Vec<(String, String)>,
    weeks: Vec<(String, String)>,
    chosen: FormState,
}

async fn when_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let choice = Choice::read(&q);
    when_screen(&state, c, choice).await
}

/// The desk's assisted booking for a person: vehicle, day, hour and length in one screen.
async fn for_person(
    State(state): State<AppState>,
    c: Ctx,
    P(person): P<i64>,
) -> Result<Response, PageError> {
    let choice = Choice {
        for_person: Some(person),
        ..Choice::default()
    };
    when_screen(&state, c, choice).await
}

async fn when_screen(state: &AppState, c: Ctx, choice: Choice) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let for_person = if m.staff {
        Some(person_for(state, &c, &m, &choice).await?)
    } else {
        None
    };
    if !m.staff && choice.what.is_empty() {
        return Ok(see_other("/vehicules"));
    }
    let days = day_choices(&c, DAYS_AHEAD);
    let hours = HOURS
        .map(|h| (format!("{h:02}:00"), format!("{h} h")))
        .collect();
    let lengths = LENGTHS
        .iter()
        .map(|m| {
            (
                m.to_string(),
                if *m == 480 {
                    c.tr.t("veh-length-day")
                } else {
                    crate::time::hours(*m)
                },
            )
        })
        .collect();
    let mut vehicles = vec![];
    if m.staff && choice.what.is_empty() {
        for v in super::super::fleet(&state.pool).await? {
            vehicles.push((
                v.id.to_string(),
                format!("{} ({})", v.name, c.tr.tk("veh-kind", &v.kind)),
            ));
        }
    }
    let chosen = FormState::with(&[
        (
            "jour",
            &choice.day.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (
            "heure",
            &choice
                .hour
                .map(|h| h.format("%H:%M").to_string())
                .unwrap_or_default(),
        ),
        (
            "duree",
            &choice
                .minutes
                .map(|m| m.to_string())
                .unwrap_or_else(|| "120".into()),
        ),
        (
            "vehicule",
            &choice.vehicle.map(|v| v.to_string()).unwrap_or_default(),
        ),
        ("semaines", &choice.weeks.to_string()),
    ]);
    let weeks = if m.staff {
        (1..=12)
            .map(|w| {
                (
                    w.to_string(),
                    if w == 1 {
                        c.tr.t("veh-weeks-once")
                    } else {
                        c.tr.ta("veh-weeks-n", &[("n", &w.to_string())])
                    },
                )
            })
            .collect()
    } else {
        vec![]
    };
    html(WhenPage {
        what_label: if choice.what.is_empty() {
            String::new()
        } else {
            c.tr.tk("veh-what", &choice.what)
        },
        what: choice.what,
        for_person,
        days,
        hours,
        lengths,
        vehicles,
        weeks,
        chosen,
        c,
    })
}

// ---------------------------------------------------------------------------------------------
// Screen 3: confirm

#[derive(Template)]
#[template(path = "vehicles/confirm.html")]
struct ConfirmPage {
    c: Ctx,
    back: String,
    for_person: Option<(i64, String)>,
    person_name: String,
    when: String,
    /// The vehicle proposed, and the others free (id, label).
    proposed: Option<(i64, String)>,
    others: Vec<(i64, String)>,
    /// What the sentence calls the vehicle when there is a choice (« Une voiture »).
    what_words: Option<String>,
    /// Nothing free: why, and the hours of that day that are (query, label).
    none_free: Option<String>,
    other_hours: Vec<(String, String)>,
    error: Option<String>,
    hidden: Vec<(String, String)>,
    request_key: String,
}

async fn confirm(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let choice = Choice::read(&q);
    confirm_screen(&state, c, choice, None, StatusCode::OK).await
}

async fn confirm_screen(
    state: &AppState,
    c: Ctx,
    choice: Choice,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let (person_id, person_name) = person_for(state, &c, &m, &choice).await?;
    let back = format!("/vehicules/quand?{}", choice.query());
    let Some((start, end)) = choice.slot(&c) else {
        return Ok(see_other(&back));
    };
    let kinds: Vec<&str> = match (choice.vehicle, kinds_of(&choice.what)) {
        (Some(v), _) => match super::super::vehicle(&state.pool, v).await {
            Ok(v) => vec![leak_kind(&v.kind)],
            Err(_) => return Err(not_found(&c)),
        },
        (None, Some(k)) => k.to_vec(),
        (None, None) => return Ok(see_other("/vehicules")),
    };
    let mut free = booking::free_vehicles(&state.pool, &m, person_id, &kinds, start, end).await?;
    if let Some(v) = choice.vehicle {
        free.retain(|f| f.id == v);
    }
    let label = |v: &super::super::Vehicle| {
        format!(
            "{} — {}",
            v.name,
            c.tr.ta("veh-key-no", &[("n", &v.key_number.to_string())])
        )
    };
    let proposed = free.first().map(|v| (v.id, label(v)));
    let others: Vec<(i64, String)> = free.iter().skip(1).map(|v| (v.id, label(v))).collect();
    // With a choice of vehicles, the sentence names the kind, the choice the vehicle.
    let what_words =
        (!others.is_empty() && !choice.what.is_empty()).then(|| c.tr.tk("veh-what", &choice.what));
    let mut none_free = None;
    let mut other_hours = vec![];
    if proposed.is_none() {
        none_free = Some(why_none(state, &c, &m, person_id, &kinds, choice.vehicle, end).await?);
        if let Some(day) = choice.day {
            for h in HOURS {
                let Some(t) = NaiveTime::from_hms_opt(h, 0, 0) else {
                    continue;
                };
                if Some(t) == choice.hour {
                    continue;
                }
                let s = crate::time::resolve_local(c.tz, day.and_time(t));
                let e = s + Duration::minutes(choice.minutes.unwrap_or(60));
                if s < Utc::now() {
                    continue;
                }
                let mut f =
                    booking::free_vehicles(&state.pool, &m, person_id, &kinds, s, e).await?;
                if let Some(v) = choice.vehicle {
                    f.retain(|x| x.id == v);
                }
                if !f.is_empty() {
                    let other = Choice {
                        hour: Some(t),
                        ..choice.clone()
                    };
                    other_hours.push((other.query(), format!("{h} h")));
                }
            }
        }
    }
    let mut hidden = vec![
        ("quoi".to_owned(), choice.what.clone()),
        (
            "jour".to_owned(),
            choice.day.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (
            "heure".to_owned(),
            choice
                .hour
                .map(|h| h.format("%H:%M").to_string())
                .unwrap_or_default(),
        ),
        (
            "duree".to_owned(),
            choice.minutes.map(|m| m.to_string()).unwrap_or_default(),
        ),
    ];
    if let Some(p) = choice.for_person {
        hidden.push(("pour".into(), p.to_string()));
    }
    if choice.weeks > 1 {
        hidden.push(("semaines".into(), choice.weeks.to_string()));
    }
    html_status(
        status,
        ConfirmPage {
            back,
            for_person: m.staff.then(|| (person_id, person_name.clone())),
            person_name,
            when: if choice.weeks > 1 {
                format!(
                    "{} {}",
                    when(&c, start, end),
                    c.tr.ta("veh-weeks-sentence", &[("n", &choice.weeks.to_string())])
                )
            } else {
                when(&c, start, end)
            },
            proposed,
            others,
            what_words,
            none_free,
            other_hours,
            error,
            hidden,
            request_key: uuid::Uuid::now_v7().to_string(),
            c,
        },
    )
}

/// A kind as a static string (the kinds are a closed list).
fn leak_kind(kind: &str) -> &'static str {
    super::super::KINDS
        .iter()
        .copied()
        .find(|k| *k == kind)
        .unwrap_or("car")
}

/// Why nothing is free: the driver's licence when it is what stops every vehicle, else « all
/// taken ».
async fn why_none(
    state: &AppState,
    c: &Ctx,
    m: &Maker,
    person_id: i64,
    kinds: &[&str],
    only: Option<i64>,
    end: DateTime<Utc>,
) -> Result<String, PageError> {
    let mut conn = state.pool.acquire().await?;
    let settings = super::super::settings(&mut *conn).await?;
    let candidates: Vec<_> = super::super::fleet(&mut *conn)
        .await?
        .into_iter()
        .filter(|v| kinds.contains(&v.kind.as_str()) && only.is_none_or(|o| o == v.id))
        .collect();
    let day = local_day(c, end);
    let mut licence_reason = None;
    let mut all_refused = !candidates.is_empty();
    for v in &candidates {
        if !m.staff && v.bookable_by == "staff" {
            continue;
        }
        match super::super::drivers::may_not_drive(&mut conn, &settings, v, person_id, day).await? {
            Some(why) => licence_reason = Some(why),
            None => all_refused = false,
        }
    }
    Ok(match (all_refused, licence_reason) {
        (true, Some(why)) => c.tr.ta(why, &[("name", "")]),
        _ => c.tr.t("veh-none-free"),
    })
}

#[derive(Debug, Default, Deserialize)]
struct BookForm {
    #[serde(default)]
    vehicule: String,
    #[serde(default)]
    quoi: String,
    #[serde(default)]
    pour: String,
    #[serde(default)]
    jour: String,
    #[serde(default)]
    heure: String,
    #[serde(default)]
    duree: String,
    #[serde(default)]
    semaines: String,
    #[serde(default)]
    request_key: String,
}

async fn book_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<BookForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let q: HashMap<String, String> = [
        ("quoi", &f.quoi),
        ("pour", &f.pour),
        ("jour", &f.jour),
        ("heure", &f.heure),
        ("duree", &f.duree),
        ("vehicule", &f.vehicule),
        ("semaines", &f.semaines),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.clone()))
    .collect();
    let choice = Choice::read(&q);
    let (person_id, _) = person_for(&state, &c, &m, &choice).await?;
    let (Some((start, end)), Ok(vehicle_id)) = (choice.slot(&c), f.vehicule.trim().parse::<i64>())
    else {
        let mut form = FormState::default();
        form.add("vehicule", c.tr.t("error-veh-choose"));
        return confirm_screen(
            &state,
            c,
            choice,
            Some(form.errors[0].1.clone()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let input = NewBooking {
        vehicle_id,
        person_id: Some(person_id),
        start,
        end,
        purpose: String::new(),
        weeks: if m.staff { choice.weeks } else { 1 },
        request_key: (!f.request_key.trim().is_empty()).then(|| f.request_key.trim().to_owned()),
    };
    match booking::book(&state.pool, c.tz, &m, &input).await {
        Ok(made) => match made.first() {
            Some(b) => Ok(see_other(&format!(
                "/vehicules/reservations/{}?fait=1",
                b.id
            ))),
            None => Err(PageError::internal(anyhow::anyhow!("no booking made"))),
        },
        Err(r) => {
            let mut form = FormState::default();
            refusal_message(&c, r, &mut form, "vehicule")?;
            let message = form.errors.first().map(|e| e.1.clone());
            confirm_screen(&state, c, choice, message, StatusCode::CONFLICT).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A booking's page, cancelling it

#[derive(Template)]
#[template(path = "vehicles/booking.html")]
struct BookingPage {
    c: Ctx,
    b: BookingLine,
    sentence: String,
    sms: String,
    just_made: bool,
    may_cancel: bool,
    needs_return_form: bool,
    returned: Option<String>,
    /// The damage reported at its return: (id, where and what, has a photo, still waiting).
    damages: Vec<(i64, String, bool, bool)>,
    /// Whether to ask for a photo (a damage waiting without one).
    ask_photo: bool,
    /// Whether the vehicle has a photo to show.
    vehicle_photo: bool,
}

async fn own(state: &AppState, c: &Ctx, id: i64) -> Result<Booking, PageError> {
    let m = maker(c)?;
    match booking::booking(&state.pool, id).await {
        Ok(b) if booking::may_manage(&m, &b) => Ok(b),
        Ok(_) | Err(Refusal::NotFound) => Err(not_found(c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

/// The booking as an SMS-length text (at most 160 characters).
fn sms_text(c: &Ctx, b: &Booking) -> String {
    let s = b.start().with_timezone(&c.tz);
    let e = b.end().with_timezone(&c.tz);
    let text = match c.tr.lang {
        Lang::Fr => format!(
            "CITEOSQUARE : {} le {} de {} à {}, clé n° {}. Pour annuler : l'accueil.",
            b.vehicle_name,
            s.format("%d/%m"),
            s.format("%H h %M"),
            e.format("%H h %M"),
            b.key_number
        ),
        Lang::En => format!(
            "CITEOSQUARE: {} on {} from {} to {}, key no. {}. To cancel: the desk.",
            b.vehicle_name,
            s.format("%d/%m"),
            s.format("%H:%M"),
            e.format("%H:%M"),
            b.key_number
        ),
    };
    text.chars().take(160).collect()
}

async fn booking_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let b = own(&state, &c, id).await?;
    let damages = crate::vehicles::returns::of_booking(&state.pool, id)
        .await?
        .into_iter()
        .map(|d| {
            (
                d.id,
                format!("{} : {}", d.location, d.description),
                d.has_photo,
                d.reviewed_at.is_none(),
            )
        })
        .collect::<Vec<_>>();
    let vehicle_photo = super::super::vehicle(&state.pool, b.vehicle_id)
        .await
        .is_ok_and(|v| v.has_photo);
    html(BookingPage {
        vehicle_photo,
        ask_photo: damages.iter().any(|d| !d.2 && d.3),
        damages,
        sentence: sentence(&c, &b),
        sms: sms_text(&c, &b),
        just_made: q.contains_key("fait"),
        may_cancel: b.state == "confirmed",
        needs_return_form: matches!(b.state.as_str(), "out" | "returned")
            && b.return_form_at.is_none(),
        returned: b
            .returned_at
            .as_deref()
            .map(|r| c.tr.when_text(Some(r), c.tz)),
        b: booking_line(&c, &b),
        c,
    })
}

#[derive(Template)]
#[template(path = "vehicles/cancel.html")]
struct CancelPage {
    c: Ctx,
    b: BookingLine,
    sentence: String,
    error: Option<String>,
}

async fn cancel_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let b = own(&state, &c, id).await?;
    html(CancelPage {
        sentence: sentence(&c, &b),
        b: booking_line(&c, &b),
        error: None,
        c,
    })
}

#[derive(Debug, Default, Deserialize)]
struct CancelForm {
    #[serde(default)]
    reason: String,
}

async fn cancel_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<CancelForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    match booking::cancel(&state.pool, &m, id, &f.reason).await {
        Ok(_) => Ok(see_other(&format!("/vehicules/reservations/{id}"))),
        Err(r) => {
            let b = own(&state, &c, id).await?;
            let mut form = FormState::default();
            refusal_message(&c, r, &mut form, "reason")?;
            html_status(
                StatusCode::CONFLICT,
                CancelPage {
                    sentence: sentence(&c, &b),
                    b: booking_line(&c, &b),
                    error: form.errors.first().map(|e| e.1.clone()),
                    c,
                },
            )
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The return form

#[derive(Template)]
#[template(path = "vehicles/return.html")]
struct ReturnPage {
    c: Ctx,
    b: BookingLine,
    bike: bool,
    km_start: Option<i64>,
    form: FormState,
    /// Levels offered as buttons (value, label).
    levels: Vec<(String, String)>,
}

fn levels() -> Vec<(String, String)> {
    [(0, "0 %"), (25, "¼"), (50, "½"), (75, "¾"), (100, "100 %")]
        .iter()
        .map(|(v, l)| (v.to_string(), (*l).to_owned()))
        .collect()
}

async fn return_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let b = own(&state, &c, id).await?;
    let v = super::super::vehicle(&state.pool, b.vehicle_id)
        .await
        .map_err(PageError::internal)?;
    if b.return_form_at.is_some() || !matches!(b.state.as_str(), "out" | "returned") {
        return Ok(see_other(&format!("/vehicules/reservations/{id}")));
    }
    html(ReturnPage {
        bike: v.is_bike(),
        km_start: b.km_start,
        form: FormState::with(&[("energy_level", "100"), ("clean", "1")]),
        levels: levels(),
        b: booking_line(&c, &b),
        c,
    })
}

#[derive(Debug, Default, Deserialize)]
struct ReturnForm {
    #[serde(default)]
    km_end: String,
    #[serde(default)]
    energy_level: String,
    #[serde(default)]
    clean: String,
    #[serde(default)]
    remarks: String,
    #[serde(default)]
    damage_location: String,
    #[serde(default)]
    damage_description: String,
}

async fn return_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ReturnForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let b = own(&state, &c, id).await?;
    let v = super::super::vehicle(&state.pool, b.vehicle_id)
        .await
        .map_err(PageError::internal)?;
    let mut form = FormState::with(&[
        ("km_end", &f.km_end),
        ("energy_level", &f.energy_level),
        ("clean", &f.clean),
        ("remarks", &f.remarks),
        ("damage_location", &f.damage_location),
        ("damage_description", &f.damage_description),
    ]);
    let km_end = f.km_end.trim().replace([' ', '\u{a0}', '\u{202f}'], "");
    let km_end = if v.is_bike() || km_end.is_empty() {
        None
    } else {
        match km_end.parse::<i64>() {
            Ok(k) => Some(k),
            Err(_) => {
                form.add("km_end", c.tr.t("error-veh-km-number"));
                None
            }
        }
    };
    let energy_level = match f.energy_level.trim().parse::<i64>() {
        Ok(e) => e,
        Err(_) => {
            form.add("energy_level", c.tr.t("error-veh-energy-level"));
            0
        }
    };
    if form.errors.is_empty() {
        let input = ReturnInput {
            km_end,
            energy_level,
            clean: f.clean == "1",
            remarks: f.remarks.clone(),
            damage_location: f.damage_location.clone(),
            damage_description: f.damage_description.clone(),
        };
        match returns::record_return(&state.pool, &m, id, &input).await {
            Ok(_) => return Ok(see_other(&format!("/vehicules/reservations/{id}"))),
            Err(r) => refusal_message(&c, r, &mut form, "km_end")?,
        }
    }
    html_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        ReturnPage {
            bike: v.is_bike(),
            km_start: b.km_start,
            form,
            levels: levels(),
            b: booking_line(&c, &b),
            c,
        },
    )
}

pub(crate) fn declare(r: &mut Routes) {
    use crate::web::Access;
    use Method as M;
    use axum::routing::{get, post};
    let anyone = Access::Authenticated;
    r.add(M::GET, "/vehicules", anyone, get(what));
    r.add(M::GET, "/vehicules/quand", anyone, get(when_page));
    r.add(M::GET, "/vehicules/confirmer", anyone, get(confirm));
    r.add(M::POST, "/vehicules/reserver", anyone, post(book_post));
    r.add(M::GET, "/vehicules/pour/{id}", STAFF, get(for_person));
    r.add(
        M::GET,
        "/vehicules/reservations/{id}",
        anyone,
        get(booking_page),
    );
    r.add(
        M::GET,
        "/vehicules/reservations/{id}/annuler",
        anyone,
        get(cancel_page),
    );
    r.add(
        M::POST,
        "/vehicules/reservations/{id}/annuler",
        anyone,
        post(cancel_post),
    );
    r.add(
        M::GET,
        "/vehicules/reservations/{id}/retour",
        anyone,
        get(return_page),
    );
    r.add(
        M::POST,
        "/vehicules/reservations/{id}/retour",
        anyone,
        post(return_post),
    );
}
