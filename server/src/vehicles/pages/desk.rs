//! The desk's pages: the board (`/accueil/vehicules`), a vehicle's page with its logbook, damage
//! reports and workshop jobs, putting a vehicle in the workshop (confirming with the bookings it
//! hits), a job's list of people to call, and recording a licence seen at the desk.

use super::*;
use crate::refusal::Refusal;
use crate::vehicles::board::{self, Warning};
use crate::vehicles::drivers::{self, LicenceInput};
use crate::vehicles::returns;
use crate::vehicles::workshop::{self, NewJob};
use crate::web::forms::{html, html_status, not_found, refusal_message, see_other};
use crate::web::{F, P, STAFF};
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::{Duration, NaiveTime};
use serde::Deserialize;

// ---------------------------------------------------------------------------------------------
// The board

#[derive(Debug)]
struct DamageLine {
    id: i64,
    vehicle_id: i64,
    vehicle: String,
    location: String,
    description: String,
    reported: String,
    has_photo: bool,
}

#[derive(Debug)]
struct JobLine {
    id: i64,
    vehicle_id: i64,
    vehicle: String,
    kind: String,
    reason: String,
    when: String,
}

#[derive(Debug)]
struct WarningLine {
    text: String,
    link: String,
    passed: bool,
}

#[derive(Template)]
#[template(path = "vehicles/board.html")]
struct BoardPage {
    c: Ctx,
    overdue: Vec<BookingLine>,
    due_soon: Vec<BookingLine>,
    out: Vec<BookingLine>,
    pickups: Vec<BookingLine>,
    workshop: Vec<JobLine>,
    damages: Vec<DamageLine>,
    forms_missing: Vec<BookingLine>,
    warnings: Vec<WarningLine>,
}

async fn with_phones(
    state: &AppState,
    c: &Ctx,
    list: &[Booking],
) -> Result<Vec<BookingLine>, PageError> {
    let mut out = vec![];
    for b in list {
        let mut l = booking_line(c, b);
        l.phone = phone(state, b.person_id).await?;
        out.push(l);
    }
    Ok(out)
}

fn job_line(c: &Ctx, j: &workshop::Job) -> JobLine {
    JobLine {
        id: j.id,
        vehicle_id: j.vehicle_id,
        vehicle: j.vehicle_name.clone(),
        kind: c.tr.tk("veh-job", &j.kind),
        reason: j.reason.clone(),
        when: when(
            c,
            crate::time::stored_instant(&j.start_at),
            crate::time::stored_instant(&j.end_at),
        ),
    }
}

fn warning_line(c: &Ctx, w: &Warning) -> WarningLine {
    let due = super::super::date(&w.due)
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|| w.due.clone());
    let key = format!(
        "veh-warn-{}{}",
        w.what,
        if w.passed { "-passed" } else { "" }
    );
    let mut text = c.tr.ta(&key, &[("name", &w.name), ("date", &due)]);
    if let Some(p) = &w.phone {
        text.push_str(&format!(" — {p}"));
    }
    WarningLine {
        text,
        link: match (w.person_id, w.vehicle_id) {
            (Some(p), _) => format!("/personnes/{p}"),
            (_, Some(v)) => format!("/vehicules/{v}"),
            _ => "/accueil/vehicules".into(),
        },
        passed: w.passed,
    }
}

async fn board_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let b = board::board(&state.pool, c.tz, Utc::now()).await?;
    html(BoardPage {
        overdue: with_phones(&state, &c, &b.overdue).await?,
        due_soon: with_phones(&state, &c, &b.due_soon).await?,
        out: with_phones(&state, &c, &b.out).await?,
        pickups: b
            .pickups_today
            .iter()
            .map(|x| booking_line(&c, x))
            .collect(),
        workshop: b.workshop.iter().map(|j| job_line(&c, j)).collect(),
        damages: b
            .damages
            .iter()
            .map(|d| DamageLine {
                id: d.id,
                vehicle_id: d.vehicle_id,
                vehicle: d.vehicle_name.clone(),
                location: d.location.clone(),
                description: d.description.clone(),
                reported: format!(
                    "{} — {}",
                    d.reported_by_name,
                    c.tr.when_text(Some(&d.reported_at), c.tz)
                ),
                has_photo: d.has_photo,
            })
            .collect(),
        forms_missing: b
            .forms_missing
            .iter()
            .map(|x| booking_line(&c, x))
            .collect(),
        warnings: b.warnings.iter().map(|w| warning_line(&c, w)).collect(),
        c,
    })
}

// ---------------------------------------------------------------------------------------------
// A vehicle

#[derive(Debug)]
struct UseLine {
    id: i64,
    person_id: i64,
    person: String,
    out: String,
    back: String,
    km: String,
    energy: String,
    remarks: String,
}

#[derive(Template)]
#[template(path = "vehicles/vehicle.html")]
struct VehiclePage {
    c: Ctx,
    v: super::super::Vehicle,
    state: String,
    state_code: String,
    inspection: Option<String>,
    insurance: Option<String>,
    uses: Vec<UseLine>,
    damages: Vec<(i64, String, String, String, Option<String>, bool)>,
    jobs: Vec<JobLine>,
    /// Putting it in the workshop: the form, and the bookings it would hit once asked.
    form: FormState,
    hits: Option<Vec<BookingLine>>,
    job_kinds: Vec<(String, String)>,
    /// Maintenance plans: (id, what, next due in words, due now or soon).
    plans: Vec<(i64, String, String, bool)>,
    /// Claims: (id, kind, occurred, deadline, description, declared, late).
    claims: Vec<ClaimLine>,
    claim_kinds: Vec<(String, String)>,
    /// Prices per kind of person: (kind in words, price in words).
    prices: Vec<(String, String)>,
    person_kinds: Vec<(String, String)>,
    today: String,
}

#[derive(Debug)]
struct ClaimLine {
    id: i64,
    kind: String,
    occurred: String,
    deadline: String,
    description: String,
    declared: Option<String>,
    late: bool,
}

/// The vehicle's page again, with a refused form's messages at the top.
pub(super) async fn vehicle_refused(
    state: &AppState,
    c: Ctx,
    id: i64,
    form: FormState,
) -> Result<Response, PageError> {
    vehicle_with(state, c, id, form, None, StatusCode::UNPROCESSABLE_ENTITY).await
}

fn price_words(c: &Ctx, kind: &str, per_hour: i64, per_km: i64) -> String {
    match kind {
        "euros" => format!(
            "{},{:02} €/h · {},{:02} €/km",
            per_hour / 100,
            per_hour % 100,
            per_km / 100,
            per_km % 100
        ),
        "sel" => format!("{per_hour} min SEL/h · {per_km} min SEL/km"),
        _ => c.tr.t("veh-price-free"),
    }
}

async fn vehicle_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let today = local_day(&c, Utc::now());
    let form = FormState::with(&[
        ("kind", "maintenance"),
        ("from_day", &today.to_string()),
        ("from_time", "08:00"),
        ("to_day", &(today + Duration::days(1)).to_string()),
        ("to_time", "18:00"),
    ]);
    vehicle_with(&state, c, id, form, None, StatusCode::OK).await
}

async fn vehicle_with(
    state: &AppState,
    c: Ctx,
    id: i64,
    form: FormState,
    hits: Option<Vec<BookingLine>>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let v = match super::super::vehicle(&state.pool, id).await {
        Ok(v) => v,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let mut conn = state.pool.acquire().await?;
    let s = super::super::state_of(&mut conn, &v, Utc::now()).await?;
    drop(conn);
    let uses = board::logbook(&state.pool, id)
        .await?
        .iter()
        .map(|b| UseLine {
            id: b.id,
            person_id: b.person_id,
            person: b.person_name.clone(),
            out: c.tr.when_text(b.picked_up_at.as_deref(), c.tz),
            back: match &b.returned_at {
                Some(r) => c.tr.when_text(Some(r), c.tz),
                None => c.tr.t("veh-still-out"),
            },
            km: match (b.km_start, b.km_end) {
                (Some(s), Some(e)) => format!("{s} → {e} ({} km)", e - s),
                (Some(s), None) => format!("{s} →"),
                _ => String::new(),
            },
            energy: b.energy_level.map(|e| format!("{e} %")).unwrap_or_default(),
            remarks: [b.remarks.clone(), b.flag.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" — "),
        })
        .collect();
    let damages = returns::of_vehicle(&state.pool, id)
        .await?
        .into_iter()
        .map(|d| {
            (
                d.id,
                format!("{} : {}", d.location, d.description),
                format!(
                    "{} — {}",
                    d.reported_by_name,
                    c.tr.when_text(Some(&d.reported_at), c.tz)
                ),
                if d.reviewed_at.is_some() {
                    "reviewed".to_owned()
                } else {
                    "waiting".to_owned()
                },
                d.review_note,
                d.has_photo,
            )
        })
        .collect();
    let jobs = workshop::of_vehicle(&state.pool, id)
        .await?
        .iter()
        .map(|j| job_line(&c, j))
        .collect();
    let today = local_day(&c, Utc::now());
    let settings = super::super::settings(&state.pool).await?;
    let plans = crate::vehicles::upkeep::plans(&state.pool, Some(id))
        .await?
        .iter()
        .map(|p| {
            let (km, on) = p.next();
            let next = [
                km.map(|k| c.tr.ta("veh-plan-at-km", &[("km", &k.to_string())])),
                on.map(|d| {
                    c.tr.ta(
                        "veh-plan-on",
                        &[("date", &d.format("%d/%m/%Y").to_string())],
                    )
                }),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(c.tr.t("veh-plan-or").as_str());
            (p.id, p.what.clone(), next, p.due(today, settings.warn_days))
        })
        .collect();
    let claims = crate::vehicles::upkeep::claims(&state.pool, Some(id))
        .await?
        .into_iter()
        .map(|cl| ClaimLine {
            id: cl.id,
            kind: c.tr.tk("veh-claim", &cl.kind),
            occurred: super::super::date(&cl.occurred_on)
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            deadline: super::super::date(&cl.deadline)
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            late: cl.declared_at.is_none() && cl.deadline < today.to_string(),
            declared: cl.declared_at.as_deref().map(|d| {
                let when = c.tr.when_text(Some(d), c.tz);
                match &cl.insurer_ref {
                    Some(r) => format!("{when} — {r}"),
                    None => when,
                }
            }),
            description: cl.description,
        })
        .collect();
    let person_kinds = ["resident", "neighbour", "guest", "staff", "member"];
    let own: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT person_kind, price_kind, price_per_hour, price_per_km FROM vehicle_prices
         WHERE vehicle_id = ? ORDER BY person_kind",
    )
    .bind(id)
    .fetch_all(&state.pool)
    .await?;
    let mut prices = vec![(
        c.tr.t("veh-price-default"),
        price_words(&c, &v.price_kind, v.price_per_hour, v.price_per_km),
    )];
    prices.extend(
        own.iter()
            .map(|(k, pk, h, km)| (c.tr.tk("kind", k), price_words(&c, pk, *h, *km))),
    );
    html_status(
        status,
        VehiclePage {
            plans,
            claims,
            claim_kinds: crate::vehicles::upkeep::CLAIM_KINDS
                .iter()
                .map(|k| ((*k).to_owned(), c.tr.tk("veh-claim", k)))
                .collect(),
            prices,
            person_kinds: person_kinds
                .iter()
                .map(|k| ((*k).to_owned(), c.tr.tk("kind", k)))
                .collect(),
            today: today.to_string(),
            state: c.tr.tk("veh-vstate", s.as_str()),
            state_code: s.as_str().to_owned(),
            inspection: v.inspection_due().map(|d| d.format("%d/%m/%Y").to_string()),
            insurance: v
                .insurance_until
                .as_deref()
                .and_then(super::super::date)
                .map(|d| d.format("%d/%m/%Y").to_string()),
            uses,
            damages,
            jobs,
            form,
            hits,
            job_kinds: workshop::JOB_KINDS
                .iter()
                .map(|k| ((*k).to_owned(), c.tr.tk("veh-job", k)))
                .collect(),
            v,
            c,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
struct WorkshopForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    from_day: String,
    #[serde(default)]
    from_time: String,
    #[serde(default)]
    to_day: String,
    #[serde(default)]
    to_time: String,
    /// « oui » once the desk has seen the bookings it hits.
    #[serde(default)]
    confirme: String,
}

fn instant(c: &Ctx, day: &str, time: &str) -> Option<DateTime<Utc>> {
    let d = super::super::date(day.trim())?;
    let t = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    Some(crate::time::resolve_local(c.tz, d.and_time(t)))
}

async fn workshop_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<WorkshopForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let mut form = FormState::with(&[
        ("kind", &f.kind),
        ("reason", &f.reason),
        ("from_day", &f.from_day),
        ("from_time", &f.from_time),
        ("to_day", &f.to_day),
        ("to_time", &f.to_time),
    ]);
    let start = instant(&c, &f.from_day, &f.from_time);
    let end = instant(&c, &f.to_day, &f.to_time);
    if start.is_none() {
        form.add("from_day", c.tr.t("error-veh-date"));
    }
    if end.is_none() {
        form.add("to_day", c.tr.t("error-veh-date"));
    }
    let (Some(start), Some(end)) = (start, end) else {
        return vehicle_with(&state, c, id, form, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let input = NewJob {
        kind: f.kind.clone(),
        reason: f.reason.clone(),
        start,
        end,
    };
    if f.confirme != "oui" {
        // First the bookings it would hit, then the desk confirms.
        if end <= start || f.reason.trim().is_empty() {
            let r = workshop::open(&state.pool, &m, id, &input).await;
            if let Err(r) = r {
                refusal_message(&c, r, &mut form, "reason")?;
                return vehicle_with(&state, c, id, form, None, StatusCode::UNPROCESSABLE_ENTITY)
                    .await;
            }
        }
        let hit = workshop::bookings_hit(&state.pool, id, start, end).await?;
        let lines = with_phones(&state, &c, &hit).await?;
        return vehicle_with(&state, c, id, form, Some(lines), StatusCode::OK).await;
    }
    match workshop::open(&state.pool, &m, id, &input).await {
        Ok((job, _)) => Ok(see_other(&format!("/vehicules/atelier/{}", job.id))),
        Err(r) => {
            refusal_message(&c, r, &mut form, "reason")?;
            vehicle_with(&state, c, id, form, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Template)]
#[template(path = "vehicles/job.html")]
struct JobPage {
    c: Ctx,
    job: JobLine,
    closed: bool,
    hits: Vec<(BookingLine, Option<String>)>,
}

async fn job_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let (job, hits) = match workshop::hits(&state.pool, id).await {
        Ok(x) => x,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let hits = hits
        .iter()
        .map(|h| {
            let mut l = booking_line(&c, &h.booking);
            l.phone = h.phone.clone();
            let called = h
                .called_by
                .as_ref()
                .map(|by| format!("{by} — {}", c.tr.when_text(h.called_at.as_deref(), c.tz)));
            (l, called)
        })
        .collect();
    html(JobPage {
        job: job_line(&c, &job),
        closed: job.closed_at.is_some(),
        hits,
        c,
    })
}

#[derive(Debug, Default, Deserialize)]
struct CalledForm {
    #[serde(default)]
    booking: String,
}

async fn called_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<CalledForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let Ok(booking_id) = f.booking.trim().parse::<i64>() else {
        return Err(not_found(&c));
    };
    match workshop::mark_called(&state.pool, &m, id, booking_id).await {
        Ok(()) => Ok(see_other(&format!("/vehicules/atelier/{id}"))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

/// The close button's form: nothing but the CSRF token (read, so that bad text is refused as
/// everywhere).
#[derive(Debug, Default, Deserialize)]
struct CloseForm {}

async fn job_close(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(_): F<CloseForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    match workshop::close(&state.pool, &m, id).await {
        Ok(j) => Ok(see_other(&format!("/vehicules/{}", j.vehicle_id))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

#[derive(Debug, Default, Deserialize)]
struct ReviewForm {
    #[serde(default)]
    note: String,
    #[serde(default)]
    suite: String,
}

async fn damage_review(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ReviewForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let back =
        crate::web::forms::safe_next(Some(&f.suite)).unwrap_or_else(|| "/accueil/vehicules".into());
    let note = if f.note.trim().is_empty() {
        c.tr.t("veh-review-default")
    } else {
        f.note.clone()
    };
    match returns::review(&state.pool, &m, id, &note).await {
        Ok(()) | Err(Refusal::Conflict { .. }) => Ok(see_other(&back)),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(Refusal::Invalid(_)) => Ok(see_other(&back)),
        Err(e) => Err(PageError::internal(e)),
    }
}

// ---------------------------------------------------------------------------------------------
// A licence seen at the desk

#[derive(Template)]
#[template(path = "vehicles/licence.html")]
struct LicencePage {
    c: Ctx,
    person_id: i64,
    person: String,
    form: FormState,
    categories: Vec<String>,
    current: Option<LicenceView>,
    /// Vehicles needing a briefing (id, name, given).
    briefings: Vec<(i64, String, bool)>,
}

async fn licence_with(
    state: &AppState,
    c: Ctx,
    person_id: i64,
    form: Option<FormState>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let person: Option<String> = sqlx::query_scalar(
        "SELECT trim(first_name || ' ' || last_name) FROM persons WHERE id = ? AND erased_at IS NULL",
    )
    .bind(person_id)
    .fetch_optional(&state.pool)
    .await?;
    let Some(person) = person else {
        return Err(not_found(&c));
    };
    let current = licence_view(state, &c, person_id).await?;
    let l = drivers::licence(&state.pool, person_id).await?;
    let form = form.unwrap_or_else(|| match &l {
        Some(l) => FormState::with(&[
            ("category", &l.category),
            ("licence_number", &l.licence_number),
            ("obtained_on", &l.obtained_on),
            ("expires_on", &l.expires_on),
            ("volunteer", if l.volunteer { "1" } else { "" }),
        ]),
        None => FormState::with(&[("category", "B")]),
    });
    let mut briefings = vec![];
    for v in super::super::fleet(&state.pool).await? {
        if v.needs_briefing {
            let given: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM vehicle_briefings WHERE vehicle_id = ? AND person_id = ?",
            )
            .bind(v.id)
            .bind(person_id)
            .fetch_optional(&state.pool)
            .await?;
            briefings.push((v.id, v.name, given.is_some()));
        }
    }
    html_status(
        status,
        LicencePage {
            person_id,
            person,
            form,
            categories: drivers::CATEGORIES
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            current,
            briefings,
            c,
        },
    )
}

async fn licence_page(
    State(state): State<AppState>,
    c: Ctx,
    P(person_id): P<i64>,
) -> Result<Response, PageError> {
    licence_with(&state, c, person_id, None, StatusCode::OK).await
}

#[derive(Debug, Default, Deserialize)]
struct LicenceForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    licence_number: String,
    #[serde(default)]
    obtained_on: String,
    #[serde(default)]
    expires_on: String,
    #[serde(default)]
    seen: String,
    #[serde(default)]
    volunteer: String,
}

async fn licence_post(
    State(state): State<AppState>,
    c: Ctx,
    P(person_id): P<i64>,
    F(f): F<LicenceForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let input = LicenceInput {
        category: f.category.clone(),
        licence_number: f.licence_number.clone(),
        obtained_on: f.obtained_on.clone(),
        expires_on: f.expires_on.clone(),
        seen: f.seen == "1",
        volunteer: f.volunteer == "1",
    };
    match drivers::record_licence(&state.pool, &m.actor(), &m.display_name, person_id, &input).await
    {
        Ok(_) => Ok(see_other(&format!("/personnes/{person_id}"))),
        Err(r) => {
            let mut form = FormState::with(&[
                ("category", &f.category),
                ("licence_number", &f.licence_number),
                ("obtained_on", &f.obtained_on),
                ("expires_on", &f.expires_on),
                ("volunteer", &f.volunteer),
            ]);
            refusal_message(&c, r, &mut form, "licence_number")?;
            licence_with(
                &state,
                c,
                person_id,
                Some(form),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct BriefingForm {
    #[serde(default)]
    vehicle: String,
}

async fn briefing_post(
    State(state): State<AppState>,
    c: Ctx,
    P(person_id): P<i64>,
    F(f): F<BriefingForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let Ok(vehicle) = f.vehicle.trim().parse::<i64>() else {
        return Err(not_found(&c));
    };
    match drivers::record_briefing(&state.pool, &m.actor(), &m.display_name, vehicle, person_id)
        .await
    {
        Ok(()) => Ok(see_other(&format!("/vehicules/permis/{person_id}"))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    r.add(M::GET, "/accueil/vehicules", STAFF, get(board_page));
    r.add(M::GET, "/vehicules/{id}", STAFF, get(vehicle_page));
    r.add(
        M::POST,
        "/vehicules/{id}/atelier",
        STAFF,
        post(workshop_post),
    );
    r.add(M::GET, "/vehicules/atelier/{id}", STAFF, get(job_page));
    r.add(
        M::POST,
        "/vehicules/atelier/{id}/appele",
        STAFF,
        post(called_post),
    );
    r.add(
        M::POST,
        "/vehicules/atelier/{id}/terminer",
        STAFF,
        post(job_close),
    );
    r.add(
        M::POST,
        "/vehicules/dommages/{id}/examiner",
        STAFF,
        post(damage_review),
    );
    r.add(M::GET, "/vehicules/permis/{id}", STAFF, get(licence_page));
    r.add(M::POST, "/vehicules/permis/{id}", STAFF, post(licence_post));
    r.add(
        M::POST,
        "/vehicules/permis/{id}/prise-en-main",
        STAFF,
        post(briefing_post),
    );
}
