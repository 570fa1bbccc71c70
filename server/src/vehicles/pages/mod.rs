//! The shared vehicles' pages:
//!
//! - [`book`]: booking in three screens (what, when, confirm) with big buttons and no free text,
//!   for the seniors first; the desk books for a person in two (vehicle and time, confirm); the
//!   booking's page repeats it in a sentence to print or send by SMS; cancelling; the return form;
//! - [`desk`]: the desk's board, a vehicle's page (logbook, damage, workshop), workshop jobs and
//!   the calls they need, recording a licence;
//! - [`photos`]: a damage's photo, added from a phone or a tablet;
//! - this module: what the pages share, the boxes on the desk's home, a person's page and `/moi`.

pub mod book;
pub mod desk;
pub mod photos;
pub mod trips;
pub mod upkeep;

use super::booking::{self, Booking, Maker};
use crate::i18n::Lang;
use crate::web::domain::{Fut, PageBox};
use crate::web::forms::FormState;
use crate::web::{AppState, Ctx, PageError, Routes};
use askama::Template;
use chrono::{DateTime, NaiveDate, Utc};

/// What a box hook answers.
type BoxResult = Result<Option<PageBox>, PageError>;

/// Who is asking, as the booking rules see them.
fn maker(c: &Ctx) -> Result<Maker, PageError> {
    Ok(Maker::of(c.account()?))
}

/// `jeudi 10 décembre` / `Thursday 10 December`.
fn long_day(c: &Ctx, d: NaiveDate) -> String {
    match c.tr.lang {
        Lang::Fr => super::long_day_fr(d),
        Lang::En => super::long_day_en(d),
    }
}

fn local_day(c: &Ctx, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&c.tz).date_naive()
}

/// The next `n` days as buttons: (`YYYY-MM-DD`, « Aujourd'hui — samedi 5 décembre »…).
fn day_choices(c: &Ctx, n: i64) -> Vec<(String, String)> {
    let today = local_day(c, Utc::now());
    (0..n)
        .map(|k| {
            let d = today + chrono::Duration::days(k);
            let label = match k {
                0 => format!("{} — {}", c.tr.t("veh-today"), long_day(c, d)),
                1 => format!("{} — {}", c.tr.t("veh-tomorrow"), long_day(c, d)),
                _ => long_day(c, d),
            };
            (d.to_string(), label)
        })
        .collect()
}

/// `jeudi 10 décembre, 10 h 00 – 12 h 00`.
fn when(c: &Ctx, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (ds, de) = (local_day(c, start), local_day(c, end));
    if ds == de {
        format!(
            "{}, {} – {}",
            long_day(c, ds),
            c.tr.time(start, c.tz),
            c.tr.time(end, c.tz)
        )
    } else {
        format!(
            "{} {} – {} {}",
            long_day(c, ds),
            c.tr.time(start, c.tz),
            long_day(c, de),
            c.tr.time(end, c.tz)
        )
    }
}

/// The booking in one sentence, in the reader's language.
fn sentence(c: &Ctx, b: &Booking) -> String {
    match c.tr.lang {
        Lang::Fr => booking::sentence_fr(b, c.tz),
        Lang::En => booking::sentence_en(b, c.tz),
    }
}

/// A booking as a line of a list.
#[derive(Debug, Clone)]
pub struct BookingLine {
    pub id: i64,
    pub vehicle_id: i64,
    pub vehicle: String,
    pub key_number: i64,
    pub person_id: i64,
    pub person: String,
    pub when: String,
    pub state: String,
    pub state_code: String,
    pub made_by: String,
    pub assisted: bool,
    pub purpose: String,
    pub end: String,
    pub phone: Option<String>,
}

fn booking_line(c: &Ctx, b: &Booking) -> BookingLine {
    let overdue = b.is_overdue(Utc::now());
    BookingLine {
        id: b.id,
        vehicle_id: b.vehicle_id,
        vehicle: b.vehicle_name.clone(),
        key_number: b.key_number,
        person_id: b.person_id,
        person: b.person_name.clone(),
        when: when(c, b.start(), b.end()),
        state: c.tr.tk(
            "veh-state",
            if overdue { "overdue" } else { b.state.as_str() },
        ),
        state_code: if overdue {
            "overdue".into()
        } else {
            b.state.clone()
        },
        made_by: b.made_by_name.clone(),
        assisted: b.assisted,
        purpose: b.purpose.clone(),
        end: c.tr.when(b.end(), c.tz),
        phone: None,
    }
}

// ---------------------------------------------------------------------------------------------
// Boxes on other domains' pages

#[derive(Template)]
#[template(path = "vehicles/desk_box.html")]
struct DeskBox<'a> {
    c: &'a Ctx,
    overdue: Vec<BookingLine>,
    out: usize,
    pickups: usize,
    blocked: usize,
}

/// The vehicles' box on the desk's home: overdue returns first, in red, with the phone number.
pub(crate) fn desk_box<'a>(state: &'a AppState, c: &'a Ctx) -> Fut<'a, BoxResult> {
    Box::pin(async move {
        let b = super::board::board(&state.pool, c.tz, Utc::now()).await?;
        let mut overdue = vec![];
        for o in &b.overdue {
            let mut line = booking_line(c, o);
            line.phone = phone(state, o.person_id).await?;
            overdue.push(line);
        }
        crate::web::member::render(
            // Overdue vehicles come before the other boxes; otherwise after them.
            if overdue.is_empty() { 20 } else { -20 },
            DeskBox {
                c,
                overdue,
                out: b.out.len() + b.due_soon.len(),
                pickups: b.pickups_today.len(),
                blocked: b.workshop.len() + b.damages.len(),
            },
        )
    })
}

async fn phone(state: &AppState, person_id: i64) -> Result<Option<String>, sqlx::Error> {
    Ok(sqlx::query_scalar("SELECT phone FROM persons WHERE id = ?")
        .bind(person_id)
        .fetch_optional(&state.pool)
        .await?
        .flatten())
}

#[derive(Template)]
#[template(path = "vehicles/person_box.html")]
struct PersonBox<'a> {
    c: &'a Ctx,
    person_id: i64,
    licence: Option<LicenceView>,
    bookings: Vec<BookingLine>,
    /// On `/moi`: the person's own view (no desk actions).
    own: bool,
}

/// A licence as the pages show it.
#[derive(Debug, Clone)]
pub struct LicenceView {
    pub category: String,
    pub expires: String,
    pub expired: bool,
    pub expires_soon: bool,
    pub seen: String,
    pub volunteer: bool,
}

async fn licence_view(
    state: &AppState,
    c: &Ctx,
    person_id: i64,
) -> Result<Option<LicenceView>, sqlx::Error> {
    let settings = super::settings(&state.pool).await?;
    let today = local_day(c, Utc::now());
    Ok(super::drivers::licence(&state.pool, person_id)
        .await?
        .map(|l| LicenceView {
            category: l.category.clone(),
            expires: l.expires().format("%d/%m/%Y").to_string(),
            expired: l.expires() < today,
            expires_soon: l.expires() >= today
                && l.expires() <= today + chrono::Duration::days(settings.warn_days),
            seen: c.tr.ta(
                "veh-licence-seen-by",
                &[
                    ("name", &l.seen_by_name),
                    ("when", &c.tr.when_text(Some(&l.seen_at), c.tz)),
                ],
            ),
            volunteer: l.volunteer,
        }))
}

async fn person_box_for(state: &AppState, c: &Ctx, person_id: i64, own: bool) -> BoxResult {
    let bookings = booking::of_person(&state.pool, person_id, Utc::now())
        .await?
        .iter()
        .filter(|b| b.is_live())
        .map(|b| booking_line(c, b))
        .collect();
    crate::web::member::render(
        // On `/moi` it comes first: small, and what a senior comes for.
        if own { -20 } else { 5 },
        PersonBox {
            c,
            person_id,
            licence: licence_view(state, c, person_id).await?,
            bookings,
            own,
        },
    )
}

/// The vehicles' box on a person's page: the licence, coming bookings, « book for them ».
pub(crate) fn person_box<'a>(
    state: &'a AppState,
    c: &'a Ctx,
    person_id: i64,
) -> Fut<'a, BoxResult> {
    Box::pin(person_box_for(state, c, person_id, false))
}

/// « Mes véhicules » on `/moi`.
pub(crate) fn me_box<'a>(state: &'a AppState, c: &'a Ctx, person_id: i64) -> Fut<'a, BoxResult> {
    Box::pin(person_box_for(state, c, person_id, true))
}

pub(crate) fn declare(r: &mut Routes) {
    book::declare(r);
    desk::declare(r);
    photos::declare(r);
    trips::declare(r);
    upkeep::declare(r);
}

/// The vehicles not back in time, for the desk's night view.
pub(crate) fn night_alerts<'a>(
    state: &'a AppState,
    c: &'a Ctx,
) -> Fut<'a, Result<Vec<crate::web::domain::Alert>, PageError>> {
    Box::pin(async move {
        let b = super::board::board(&state.pool, c.tz, Utc::now()).await?;
        Ok(b.overdue
            .iter()
            .map(|o| crate::web::domain::Alert {
                urgent: true,
                text: c.tr.ta(
                    "veh-night-overdue",
                    &[
                        ("vehicle", &o.vehicle_name),
                        ("person", &o.person_name),
                        ("end", &c.tr.when(o.end(), c.tz)),
                    ],
                ),
                link: Some("/accueil/vehicules".into()),
            })
            .collect())
    })
}
