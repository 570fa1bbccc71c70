//! The transport solidaire's pages. A senior asks for a trip in the same three screens as a
//! booking — « Avec un chauffeur bénévole » on the first; the day, the hour, where to and the
//! return as big buttons on the second (nothing to type); the trip in a sentence on the third.
//! The desk asks for anyone (from the person's page) and may type the places. Volunteers see the
//! open trips and take one, with a fleet vehicle or their own car; once back, they (or the desk)
//! note the kilometres and the time, which reach their SEL account. The desk's yearly count is
//! what the prefect's report asks for, printable and as CSV.

use super::*;
use crate::refusal::Refusal;
use crate::vehicles::trips::{self, NewTrip, Trip, TripDone};
use crate::web::forms::{html, html_status, not_found, refusal_message, see_other};
use crate::web::{F, P};
use axum::extract::{Query, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Duration, NaiveTime};
use serde::Deserialize;
use std::collections::HashMap;

/// Where seniors go most, as buttons: (code, words).
const PLACES: [(&str, &str); 8] = [
    ("marche", "Le marché"),
    ("medecin", "Le médecin"),
    ("pharmacie", "La pharmacie"),
    ("hopital", "L'hôpital"),
    ("mairie", "La mairie"),
    ("courses", "Le supermarché"),
    ("gare", "La gare"),
    ("famille", "Voir de la famille"),
];
/// Where a senior leaves from, unless the desk types it.
const HOME: &str = "Domicile";
/// The return offered: hours after the start (0: none).
const RETURNS: [i64; 4] = [0, 1, 2, 3];

fn place_words(code: &str) -> Option<&'static str> {
    PLACES.iter().find(|(c, _)| *c == code).map(|(_, w)| *w)
}

/// The choices carried from screen to screen.
#[derive(Debug, Clone, Default)]
struct TripChoice {
    for_person: Option<i64>,
    day: Option<NaiveDate>,
    hour: Option<NaiveTime>,
    back_hours: i64,
    to: String,
    from: String,
    wheelchair: bool,
}

impl TripChoice {
    fn read(q: &HashMap<String, String>) -> TripChoice {
        let get = |k: &str| q.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
        let to = match get("vers") {
            Some(code) => place_words(code).map(str::to_owned),
            None => None,
        };
        TripChoice {
            for_person: get("pour").and_then(|s| s.parse().ok()),
            day: get("jour").and_then(super::super::date),
            hour: get("heure").and_then(|s| NaiveTime::parse_from_str(s, "%H:%M").ok()),
            back_hours: get("retour")
                .and_then(|s| s.parse().ok())
                .filter(|h| RETURNS.contains(h))
                .unwrap_or(0),
            to: get("destination")
                .map(|s| s.chars().take(200).collect())
                .or(to)
                .unwrap_or_default(),
            from: get("depart")
                .map(|s| s.chars().take(200).collect())
                .unwrap_or_else(|| HOME.to_owned()),
            wheelchair: get("fauteuil") == Some("1"),
        }
    }

    fn fields(&self) -> Vec<(String, String)> {
        let mut f = vec![
            (
                "jour".to_owned(),
                self.day.map(|d| d.to_string()).unwrap_or_default(),
            ),
            (
                "heure".to_owned(),
                self.hour
                    .map(|h| h.format("%H:%M").to_string())
                    .unwrap_or_default(),
            ),
            ("retour".to_owned(), self.back_hours.to_string()),
            ("destination".to_owned(), self.to.clone()),
            ("depart".to_owned(), self.from.clone()),
            (
                "fauteuil".to_owned(),
                if self.wheelchair { "1" } else { "0" }.to_owned(),
            ),
        ];
        if let Some(p) = self.for_person {
            f.push(("pour".to_owned(), p.to_string()));
        }
        f
    }

    fn query(&self) -> String {
        serde_urlencoded::to_string(self.fields()).unwrap_or_default()
    }

    fn times(&self, c: &Ctx) -> Option<(DateTime<Utc>, Option<DateTime<Utc>>)> {
        let start = crate::time::resolve_local(c.tz, self.day?.and_time(self.hour?));
        Some((
            start,
            (self.back_hours > 0).then(|| start + Duration::hours(self.back_hours)),
        ))
    }
}

/// The passenger: the desk's choice, or the member themself.
async fn passenger(
    state: &AppState,
    c: &Ctx,
    m: &Maker,
    for_person: Option<i64>,
) -> Result<(i64, String), PageError> {
    let id = match (m.staff, for_person, m.person_id) {
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

/// A trip in one sentence.
fn trip_sentence(c: &Ctx, t: &Trip) -> String {
    let start = t.start();
    let mut s = c.tr.ta(
        "veh-trip-sentence",
        &[
            ("name", &t.passenger_name),
            ("day", &long_day(c, local_day(c, start))),
            ("time", &c.tr.time(start, c.tz)),
            ("from", &t.from_place),
            ("to", &t.to_place),
        ],
    );
    if let Some(b) = t.back() {
        s.push(' ');
        s.push_str(
            &c.tr
                .ta("veh-trip-sentence-back", &[("time", &c.tr.time(b, c.tz))]),
        );
    }
    if t.wheelchair {
        s.push(' ');
        s.push_str(&c.tr.t("veh-trip-sentence-wheelchair"));
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Asking for a trip: screens 2 and 3 (screen 1 is `/vehicules`)

#[derive(Template)]
#[template(path = "vehicles/trip_when.html")]
struct TripWhenPage {
    c: Ctx,
    for_person: Option<(i64, String)>,
    days: Vec<(String, String)>,
    hours: Vec<(String, String)>,
    returns: Vec<(String, String)>,
    places: Vec<(String, String)>,
    /// The desk types the places.
    desk: bool,
    chosen: FormState,
}

async fn trip_when(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let choice = TripChoice::read(&q);
    let for_person = if m.staff {
        Some(passenger(&state, &c, &m, choice.for_person).await?)
    } else {
        None
    };
    let days = day_choices(&c, 14);
    let hours = (8..=18)
        .map(|h| (format!("{h:02}:00"), format!("{h} h")))
        .collect();
    let returns = RETURNS
        .iter()
        .map(|h| {
            (
                h.to_string(),
                if *h == 0 {
                    c.tr.t("veh-trip-one-way")
                } else {
                    c.tr.ta("veh-trip-back-after", &[("n", &h.to_string())])
                },
            )
        })
        .collect();
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
        ("retour", &choice.back_hours.to_string()),
        ("fauteuil", if choice.wheelchair { "1" } else { "0" }),
        ("destination", &choice.to),
        ("depart", &choice.from),
    ]);
    html(TripWhenPage {
        desk: m.staff,
        for_person,
        days,
        hours,
        returns,
        places: PLACES
            .iter()
            .map(|(code, words)| ((*code).to_owned(), (*words).to_owned()))
            .collect(),
        chosen,
        c,
    })
}

#[derive(Template)]
#[template(path = "vehicles/trip_confirm.html")]
struct TripConfirmPage {
    c: Ctx,
    sentence: String,
    hidden: Vec<(String, String)>,
    back: String,
    error: Option<String>,
    for_person: Option<(i64, String)>,
}

async fn trip_confirm(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let choice = TripChoice::read(&q);
    trip_confirm_screen(&state, c, choice, None, StatusCode::OK).await
}

async fn trip_confirm_screen(
    state: &AppState,
    c: Ctx,
    choice: TripChoice,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let (pid, name) = passenger(state, &c, &m, choice.for_person).await?;
    let back = format!("/vehicules/trajet?{}", choice.query());
    let (Some((start, back_at)), false) = (choice.times(&c), choice.to.is_empty()) else {
        return Ok(see_other(&back));
    };
    let preview = Trip {
        id: 0,
        passenger_id: pid,
        passenger_name: name.clone(),
        passenger_phone: None,
        start_at: crate::db::instant_text(start),
        return_at: back_at.map(crate::db::instant_text),
        from_place: choice.from.clone(),
        to_place: choice.to.clone(),
        wheelchair: choice.wheelchair,
        note: String::new(),
        state: "open".into(),
        volunteer_id: None,
        volunteer_name: None,
        booking_id: None,
        vehicle_name: None,
        own_car: false,
        km: None,
        minutes: None,
        credited_minutes: 0,
        contribution_kind: "none".into(),
        contribution_amount: 0,
        requested_by_name: String::new(),
        created_at: String::new(),
    };
    html_status(
        status,
        TripConfirmPage {
            sentence: trip_sentence(&c, &preview),
            hidden: choice.fields(),
            back,
            error,
            for_person: m.staff.then_some((pid, name)),
            c,
        },
    )
}

async fn trip_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let choice = TripChoice::read(&f);
    let Some((start, return_at)) = choice.times(&c) else {
        return Ok(see_other(&format!("/vehicules/trajet?{}", choice.query())));
    };
    let input = NewTrip {
        passenger_id: if m.staff { choice.for_person } else { None },
        start,
        return_at,
        from_place: choice.from.clone(),
        to_place: choice.to.clone(),
        wheelchair: choice.wheelchair,
        note: String::new(),
    };
    match trips::request(&state.pool, &m, &input).await {
        Ok(t) => Ok(see_other(&format!("/vehicules/trajets/{}?fait=1", t.id))),
        Err(r) => {
            let mut form = FormState::default();
            refusal_message(&c, r, &mut form, "jour")?;
            let message = form.errors.first().map(|e| e.1.clone());
            trip_confirm_screen(&state, c, choice, message, StatusCode::CONFLICT).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A trip, and what each one does with it

#[derive(Template)]
#[template(path = "vehicles/trip.html")]
struct TripPage {
    c: Ctx,
    t: Trip,
    sentence: String,
    state: String,
    just_made: bool,
    /// The viewer may take it (a volunteer, or the desk naming one).
    may_take: bool,
    /// Fleet vehicles free for it (id, label).
    vehicles: Vec<(i64, String)>,
    /// Volunteers the desk may name (id, name).
    volunteers: Vec<(i64, String)>,
    may_release: bool,
    may_complete: bool,
    may_cancel: bool,
    form: FormState,
    error: Option<String>,
    credited: String,
    contribution: String,
}

async fn trip_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    trip_with(
        &state,
        c,
        id,
        q.contains_key("fait"),
        None,
        None,
        StatusCode::OK,
    )
    .await
}

async fn trip_with(
    state: &AppState,
    c: Ctx,
    id: i64,
    just_made: bool,
    form: Option<FormState>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let t = match trips::trip(&state.pool, id).await {
        Ok(t) => t,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let mut conn = state.pool.acquire().await?;
    let volunteer_me = match m.person_id {
        Some(p) => trips::is_volunteer(&mut conn, p, local_day(&c, t.start())).await?,
        None => false,
    };
    drop(conn);
    let driver = t.volunteer_id.is_some() && t.volunteer_id == m.person_id;
    let passenger_me = m.person_id == Some(t.passenger_id);
    if !(m.staff || passenger_me || driver || (t.state == "open" && volunteer_me)) {
        return Err(not_found(&c));
    }
    let may_take = t.state == "open" && (m.staff || (volunteer_me && !passenger_me));
    let mut vehicles = vec![];
    let mut volunteers = vec![];
    if may_take {
        let (start, end) = t.vehicle_slot();
        let kinds: &[&str] = if t.wheelchair {
            &["adapted"]
        } else {
            &["car", "adapted"]
        };
        // Free for the slot; the volunteer's licence and briefing are checked when taking.
        for v in super::super::fleet(&state.pool).await? {
            if !kinds.contains(&v.kind.as_str()) {
                continue;
            }
            let until = end.timestamp() + v.buffer_minutes * 60;
            if booking::holding(&state.pool, v.id, start.timestamp(), until)
                .await?
                .is_empty()
            {
                vehicles.push((v.id, v.name.clone()));
            }
        }
        if m.staff {
            volunteers = sqlx::query_as(
                "SELECT p.id, trim(p.first_name || ' ' || p.last_name) FROM vehicle_drivers d
                 JOIN persons p ON p.id = d.person_id
                 WHERE d.volunteer = 1 AND p.erased_at IS NULL AND p.id <> ? ORDER BY p.last_name",
            )
            .bind(t.passenger_id)
            .fetch_all(&state.pool)
            .await?;
        }
    }
    let default_minutes = t
        .back()
        .map_or(60, |b| (b - t.start()).num_minutes() + 60)
        .clamp(30, 720);
    let form = form.unwrap_or_else(|| {
        FormState::with(&[
            ("km", &t.km.map(|k| k.to_string()).unwrap_or_default()),
            ("minutes", &t.minutes.unwrap_or(default_minutes).to_string()),
            ("contribution_kind", &t.contribution_kind),
            (
                "contribution_amount",
                &match t.contribution_kind.as_str() {
                    "euros" => format!(
                        "{},{:02}",
                        t.contribution_amount / 100,
                        t.contribution_amount % 100
                    ),
                    "sel" => t.contribution_amount.to_string(),
                    _ => String::new(),
                },
            ),
        ])
    });
    html_status(
        status,
        TripPage {
            sentence: trip_sentence(&c, &t),
            state: c.tr.tk("veh-trip-state", &t.state),
            just_made,
            may_take,
            vehicles,
            volunteers,
            may_release: t.state == "taken" && (m.staff || driver),
            may_complete: matches!(t.state.as_str(), "taken" | "done") && (m.staff || driver),
            may_cancel: matches!(t.state.as_str(), "open" | "taken") && (m.staff || passenger_me),
            credited: crate::time::hours(t.credited_minutes),
            contribution: match t.contribution_kind.as_str() {
                "euros" => format!(
                    "{},{:02} €",
                    t.contribution_amount / 100,
                    t.contribution_amount % 100
                ),
                "sel" => crate::time::hours(t.contribution_amount),
                _ => c.tr.t("veh-trip-contribution-none"),
            },
            form,
            error,
            t,
            c,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
struct TakeForm {
    #[serde(default)]
    vehicule: String,
    #[serde(default)]
    benevole: String,
}

async fn trip_take(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<TakeForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let vehicle = f.vehicule.trim().parse::<i64>().ok();
    let volunteer = f.benevole.trim().parse::<i64>().ok();
    match trips::take(&state.pool, c.tz, &m, id, volunteer, vehicle).await {
        Ok(_) => Ok(see_other(&format!("/vehicules/trajets/{id}"))),
        Err(r) => refused(&state, c, id, r).await,
    }
}

/// Shows the trip again with the refusal.
async fn refused(state: &AppState, c: Ctx, id: i64, r: Refusal) -> Result<Response, PageError> {
    let mut form = FormState::default();
    refusal_message(&c, r, &mut form, "km")?;
    let message = form.errors.first().map(|e| e.1.clone());
    trip_with(state, c, id, false, None, message, StatusCode::CONFLICT).await
}

#[derive(Debug, Default, Deserialize)]
struct EmptyForm {}

async fn trip_release(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(_): F<EmptyForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    match trips::release(&state.pool, &m, id).await {
        Ok(_) => Ok(see_other(&format!("/vehicules/trajets/{id}"))),
        Err(r) => refused(&state, c, id, r).await,
    }
}

#[derive(Debug, Default, Deserialize)]
struct CancelTripForm {
    #[serde(default)]
    confirme: String,
}

#[derive(Template)]
#[template(path = "vehicles/trip_cancel.html")]
struct TripCancelPage {
    c: Ctx,
    id: i64,
    sentence: String,
}

async fn trip_cancel(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<CancelTripForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    if f.confirme != "oui" {
        let t = match trips::trip(&state.pool, id).await {
            Ok(t) if m.staff || m.person_id == Some(t.passenger_id) => t,
            Ok(_) | Err(Refusal::NotFound) => return Err(not_found(&c)),
            Err(e) => return Err(PageError::internal(e)),
        };
        return html(TripCancelPage {
            sentence: trip_sentence(&c, &t),
            id,
            c,
        });
    }
    match trips::cancel(&state.pool, &m, id).await {
        Ok(_) => Ok(see_other(&format!("/vehicules/trajets/{id}"))),
        Err(r) => refused(&state, c, id, r).await,
    }
}

#[derive(Debug, Default, Deserialize)]
struct DoneForm {
    #[serde(default)]
    km: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    contribution_kind: String,
    #[serde(default)]
    contribution_amount: String,
}

/// `3,20` or `3.20` or `3` euros as cents.
fn cents(s: &str) -> Option<i64> {
    let s = s.trim().trim_end_matches('€').trim().replace(',', ".");
    if s.is_empty() {
        return Some(0);
    }
    let (units, frac) = match s.split_once('.') {
        Some((u, f)) => (u, f),
        None => (s.as_str(), ""),
    };
    if frac.len() > 2
        || !units.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || units.is_empty()
    {
        return None;
    }
    let u: i64 = units.parse().ok()?;
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    u.checked_mul(100)?.checked_add(f)
}

async fn trip_done(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<DoneForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let mut form = FormState::with(&[
        ("km", &f.km),
        ("minutes", &f.minutes),
        ("contribution_kind", &f.contribution_kind),
        ("contribution_amount", &f.contribution_amount),
    ]);
    let km = f.km.trim().parse::<i64>();
    let minutes = f.minutes.trim().parse::<i64>();
    let kind = if ["euros", "sel"].contains(&f.contribution_kind.as_str()) {
        f.contribution_kind.clone()
    } else {
        "none".to_owned()
    };
    let amount = match kind.as_str() {
        "euros" => cents(&f.contribution_amount),
        "sel" => f.contribution_amount.trim().parse::<i64>().ok(),
        _ => Some(0),
    };
    if km.is_err() {
        form.add("km", c.tr.t("error-veh-trip-km"));
    }
    if minutes.is_err() {
        form.add("minutes", c.tr.t("error-veh-trip-minutes"));
    }
    if amount.is_none() {
        form.add("contribution_amount", c.tr.t("error-veh-trip-contribution"));
    }
    if let (Ok(km), Ok(minutes), Some(amount)) = (km, minutes, amount) {
        let done = TripDone {
            km,
            minutes,
            contribution_kind: kind,
            contribution_amount: amount,
        };
        match trips::complete(&state.pool, &m, id, &done).await {
            Ok(_) => return Ok(see_other(&format!("/vehicules/trajets/{id}"))),
            Err(r) => refusal_message(&c, r, &mut form, "km")?,
        }
    }
    let message = form.errors.first().map(|e| e.1.clone());
    trip_with(
        &state,
        c,
        id,
        false,
        Some(form),
        message,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// The lists, and the year's count

#[derive(Template)]
#[template(path = "vehicles/trips.html")]
struct TripsPage {
    c: Ctx,
    open: Vec<(i64, String, String)>,
    mine: Vec<(i64, String, String)>,
    desk: bool,
    volunteer: bool,
}

async fn trips_list(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let now = Utc::now();
    let volunteer = match m.person_id {
        Some(p) => {
            let mut conn = state.pool.acquire().await?;
            trips::is_volunteer(&mut conn, p, local_day(&c, now)).await?
        }
        None => false,
    };
    let line = |t: &Trip| {
        (
            t.id,
            trip_sentence(&c, t),
            c.tr.tk("veh-trip-state", &t.state),
        )
    };
    let open = if m.staff || volunteer {
        trips::coming(&state.pool, now - Duration::hours(12), !m.staff)
            .await?
            .iter()
            .filter(|t| m.person_id != Some(t.passenger_id))
            .map(line)
            .collect()
    } else {
        vec![]
    };
    let mine = match m.person_id {
        Some(p) => trips::of_person(&state.pool, p, now - Duration::hours(12))
            .await?
            .iter()
            .map(line)
            .collect(),
        None => vec![],
    };
    html(TripsPage {
        open,
        mine,
        desk: m.staff,
        volunteer,
        c,
    })
}

#[derive(Template)]
#[template(path = "vehicles/trips_report.html")]
struct ReportPage {
    c: Ctx,
    r: trips::YearReport,
    contributions: String,
    minutes: String,
    years: Vec<i32>,
}

fn year_of(c: &Ctx, q: &HashMap<String, String>) -> i32 {
    q.get("annee")
        .and_then(|y| y.trim().parse().ok())
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| local_day(c, Utc::now()).year())
}

async fn report(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let year = year_of(&c, &q);
    let r = trips::year_report(&state.pool, c.tz, year).await?;
    let now = local_day(&c, Utc::now()).year();
    html(ReportPage {
        contributions: format!(
            "{},{:02} €",
            r.contributions_cents / 100,
            r.contributions_cents % 100
        ),
        minutes: crate::time::hours(r.minutes_credited),
        years: (now - 4..=now).rev().collect(),
        r,
        c,
    })
}

/// The year's count as CSV, French format (semicolons, decimal commas).
async fn report_csv(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let year = year_of(&c, &q);
    let r = trips::year_report(&state.pool, c.tz, year).await?;
    let mut csv = String::from(
        "Année;Trajets;Kilomètres;Distance moyenne (km);Personnes transportées;Conducteurs bénévoles;Trajets en fauteuil;Participations (€);Heures créditées au SEL\r\n",
    );
    csv.push_str(&format!(
        "{};{};{};{};{};{};{};{},{:02};{},{:02}\r\n",
        r.year,
        r.trips,
        r.km,
        r.average_km,
        r.passengers,
        r.drivers,
        r.wheelchair_trips,
        r.contributions_cents / 100,
        r.contributions_cents % 100,
        r.minutes_credited / 60,
        (r.minutes_credited % 60) * 100 / 60
    ));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"transport-solidaire-{year}.csv\""),
            ),
        ],
        csv,
    )
        .into_response())
}

pub(crate) fn declare(r: &mut Routes) {
    use crate::web::{Access, STAFF};
    use Method as M;
    use axum::routing::{get, post};
    let anyone = Access::Authenticated;
    r.add(M::GET, "/vehicules/trajet", anyone, get(trip_when));
    r.add(
        M::GET,
        "/vehicules/trajet/confirmer",
        anyone,
        get(trip_confirm),
    );
    r.add(M::POST, "/vehicules/trajets", anyone, post(trip_post));
    r.add(M::GET, "/vehicules/trajets", anyone, get(trips_list));
    r.add(M::GET, "/vehicules/trajets/{id}", anyone, get(trip_page));
    r.add(
        M::POST,
        "/vehicules/trajets/{id}/prendre",
        anyone,
        post(trip_take),
    );
    r.add(
        M::POST,
        "/vehicules/trajets/{id}/rendre",
        anyone,
        post(trip_release),
    );
    r.add(
        M::POST,
        "/vehicules/trajets/{id}/fait",
        anyone,
        post(trip_done),
    );
    r.add(
        M::POST,
        "/vehicules/trajets/{id}/annuler",
        anyone,
        post(trip_cancel),
    );
    r.add(M::GET, "/accueil/trajets/bilan", STAFF, get(report));
    r.add(M::GET, "/accueil/trajets/bilan.csv", STAFF, get(report_csv));
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    #[test]
    fn euros_typed_the_french_way_are_cents() {
        assert_eq!(super::cents("3,20"), Some(320));
        assert_eq!(super::cents("3.2"), Some(320));
        assert_eq!(super::cents("12 €"), Some(1200));
        assert_eq!(super::cents("0,05"), Some(5));
        assert_eq!(super::cents(""), Some(0));
        assert_eq!(super::cents("3,205"), None);
        assert_eq!(super::cents("-1"), None);
        assert_eq!(super::cents("abc"), None);
    }
}
