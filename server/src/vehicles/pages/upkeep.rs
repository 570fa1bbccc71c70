//! The fleet's administration and upkeep pages: the fleet (`/admin/vehicules`: add a vehicle,
//! its prices per kind of person), maintenance plans and claims on a vehicle's page, and a
//! person's monthly statement as CSV (French format).

use super::*;
use crate::refusal::Refusal;
use crate::vehicles::upkeep::{self, ClaimInput, PlanInput};
use crate::vehicles::{VehicleInput, create_vehicle, retire_vehicle, update_vehicle};
use crate::web::forms::{html_status, not_found, refusal_message, see_other};
use crate::web::{ADMIN, F, P, STAFF};
use axum::extract::{Query, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use serde::Deserialize;
use std::collections::HashMap;

// ---------------------------------------------------------------------------------------------
// The fleet

#[derive(Template)]
#[template(path = "vehicles/admin.html")]
struct FleetPage {
    c: Ctx,
    fleet: Vec<(i64, String, String, i64, String)>,
    form: FormState,
    kinds: Vec<(String, String)>,
    energies: Vec<(String, String)>,
}

async fn fleet_with(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let fleet = super::super::fleet(&state.pool)
        .await?
        .into_iter()
        .map(|v| {
            (
                v.id,
                v.name.clone(),
                c.tr.tk("veh-kind", &v.kind),
                v.key_number,
                match v.price_kind.as_str() {
                    "euros" => format!(
                        "{},{:02} €/h · {},{:02} €/km",
                        v.price_per_hour / 100,
                        v.price_per_hour % 100,
                        v.price_per_km / 100,
                        v.price_per_km % 100
                    ),
                    "sel" => format!("{} min SEL/h", v.price_per_hour),
                    _ => c.tr.t("veh-price-free"),
                },
            )
        })
        .collect();
    html_status(
        status,
        FleetPage {
            fleet,
            form,
            kinds: super::super::KINDS
                .iter()
                .map(|k| ((*k).to_owned(), c.tr.tk("veh-kind", k)))
                .collect(),
            energies: super::super::ENERGIES
                .iter()
                .map(|k| ((*k).to_owned(), c.tr.tk("veh-energy", k)))
                .collect(),
            c,
        },
    )
}

async fn fleet_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let form = FormState::with(&[("kind", "car"), ("energy", "petrol"), ("seats", "5")]);
    fleet_with(&state, c, form, StatusCode::OK).await
}

/// A vehicle as typed in the fleet's form; `None` (with the form's messages) when a number is
/// not one.
fn vehicle_input(
    c: &Ctx,
    f: &HashMap<String, String>,
    form: &mut FormState,
) -> Option<VehicleInput> {
    let v = |k: &str| f.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    for (k, val) in f {
        if k != "_csrf" {
            form.values.insert(k.clone(), val.clone());
        }
    }
    let mut number = |k: &'static str| -> Option<i64> {
        let s = v(k);
        if s.is_empty() {
            return None;
        }
        match s.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                form.add(k, c.tr.t("error-veh-number"));
                None
            }
        }
    };
    let seats = number("seats").unwrap_or(0);
    let key_number = number("key_number").unwrap_or(0);
    let buffer = number("buffer_minutes");
    let odometer = number("odometer_km").unwrap_or(0);
    if !form.errors.is_empty() {
        return None;
    }
    let opt = |k: &str| Some(v(k)).filter(|s| !s.is_empty());
    Some(VehicleInput {
        name: v("name"),
        kind: v("kind"),
        energy: v("energy"),
        plate: v("plate"),
        seats,
        boot_litres: None,
        automatic: v("automatic") == "1",
        wheelchair_ramp: v("wheelchair_ramp") == "1",
        child_seat: v("child_seat") == "1",
        home_place: v("home_place"),
        key_number,
        needs_licence: None,
        needs_briefing: None,
        bookable_by: Some(
            if v("staff_only") == "1" {
                "staff"
            } else {
                "members"
            }
            .to_owned(),
        ),
        buffer_minutes: buffer,
        first_registration: opt("first_registration"),
        last_inspection: opt("last_inspection"),
        insurance_until: opt("insurance_until"),
        odometer_km: odometer,
        notes: String::new(),
    })
}

async fn fleet_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let mut form = FormState::default();
    let Some(input) = vehicle_input(&c, &f, &mut form) else {
        return fleet_with(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match create_vehicle(&state.pool, &m.actor(), &input).await {
        Ok(v) => Ok(see_other(&format!("/vehicules/{}", v.id))),
        Err(r) => {
            refusal_message(&c, r, &mut form, "name")?;
            fleet_with(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A vehicle's description, and retiring it

#[derive(Template)]
#[template(path = "vehicles/admin_edit.html")]
struct EditPage {
    c: Ctx,
    id: i64,
    name: String,
    form: FormState,
    kinds: Vec<(String, String)>,
    energies: Vec<(String, String)>,
    confirm_retire: bool,
    has_photo: bool,
    photo_error: Option<String>,
}

async fn edit_with(
    state: &AppState,
    c: Ctx,
    id: i64,
    form: Option<FormState>,
    confirm_retire: bool,
    status: StatusCode,
) -> Result<Response, PageError> {
    edit_page_with(state, c, id, form, confirm_retire, None, status).await
}

async fn edit_page_with(
    state: &AppState,
    c: Ctx,
    id: i64,
    form: Option<FormState>,
    confirm_retire: bool,
    photo_error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let v = match super::super::vehicle(&state.pool, id).await {
        Ok(v) => v,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let form = form.unwrap_or_else(|| {
        let flag = |b: bool| if b { "1" } else { "" };
        FormState::with(&[
            ("name", &v.name),
            ("kind", &v.kind),
            ("energy", &v.energy),
            ("plate", &v.plate),
            ("seats", &v.seats.to_string()),
            ("key_number", &v.key_number.to_string()),
            ("home_place", &v.home_place),
            ("buffer_minutes", &v.buffer_minutes.to_string()),
            ("odometer_km", &v.odometer_km.to_string()),
            (
                "first_registration",
                v.first_registration.as_deref().unwrap_or(""),
            ),
            (
                "last_inspection",
                v.last_inspection.as_deref().unwrap_or(""),
            ),
            (
                "insurance_until",
                v.insurance_until.as_deref().unwrap_or(""),
            ),
            ("automatic", flag(v.automatic)),
            ("wheelchair_ramp", flag(v.wheelchair_ramp)),
            ("child_seat", flag(v.child_seat)),
            ("staff_only", flag(v.bookable_by == "staff")),
        ])
    });
    html_status(
        status,
        EditPage {
            id,
            name: v.name,
            form,
            kinds: super::super::KINDS
                .iter()
                .map(|k| ((*k).to_owned(), c.tr.tk("veh-kind", k)))
                .collect(),
            energies: super::super::ENERGIES
                .iter()
                .map(|k| ((*k).to_owned(), c.tr.tk("veh-energy", k)))
                .collect(),
            confirm_retire,
            has_photo: v.has_photo,
            photo_error,
            c,
        },
    )
}

async fn edit_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    edit_with(&state, c, id, None, false, StatusCode::OK).await
}

async fn edit_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let mut form = FormState::default();
    let Some(input) = vehicle_input(&c, &f, &mut form) else {
        return edit_with(
            &state,
            c,
            id,
            Some(form),
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match update_vehicle(&state.pool, &m.actor(), id, &input).await {
        Ok(_) => Ok(see_other(&format!("/vehicules/{id}"))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => {
            refusal_message(&c, r, &mut form, "name")?;
            edit_with(
                &state,
                c,
                id,
                Some(form),
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn photo_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    upload: crate::web::upload::Upload,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let refused = |key: &str| Some(c.tr.t(key));
    let error = match upload.file {
        None => refused("error-photo-none"),
        Some(bytes) => {
            match crate::vehicles::set_photo(
                &state.pool,
                &state.config.data_dir,
                &m.actor(),
                id,
                bytes,
            )
            .await
            {
                Ok(_) => return Ok(see_other(&format!("/admin/vehicules/{id}"))),
                Err(Refusal::NotFound) => return Err(not_found(&c)),
                Err(Refusal::Invalid(errors)) => errors.first().and_then(|e| refused(e.key)),
                Err(e) => return Err(PageError::internal(e)),
            }
        }
    };
    edit_page_with(
        &state,
        c,
        id,
        None,
        false,
        error,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// A vehicle's photo, to anyone logged in (it shows a car, never a person).
async fn photo_file(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let v = match crate::vehicles::vehicle(&state.pool, id).await {
        Ok(v) => v,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let Some(name) = v.photo else {
        return Err(not_found(&c));
    };
    match crate::photos::read(&state.config.data_dir, &name).await {
        Ok(bytes) => Ok(super::photos::jpeg(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(not_found(&c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

#[derive(Debug, Default, Deserialize)]
struct RetireForm {
    #[serde(default)]
    confirme: String,
}

async fn retire_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<RetireForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    if f.confirme != "oui" {
        return edit_with(&state, c, id, None, true, StatusCode::OK).await;
    }
    match retire_vehicle(&state.pool, &m.actor(), id).await {
        Ok(_) => Ok(see_other("/admin/vehicules")),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => {
            let mut form = FormState::default();
            refusal_message(&c, r, &mut form, "name")?;
            edit_with(&state, c, id, Some(form), false, StatusCode::CONFLICT).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Plans, claims, prices — forms on a vehicle's page

#[derive(Debug, Default, Deserialize)]
struct PlanForm {
    #[serde(default)]
    what: String,
    #[serde(default)]
    every_km: String,
    #[serde(default)]
    every_months: String,
    #[serde(default)]
    last_on: String,
}

/// Shows the vehicle's page again with a refusal's message at the top.
async fn back_with(state: &AppState, c: Ctx, id: i64, r: Refusal) -> Result<Response, PageError> {
    let mut form = FormState::default();
    refusal_message(&c, r, &mut form, "reason")?;
    super::desk::vehicle_refused(state, c, id, form).await
}

async fn plan_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<PlanForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let num = |s: &str| s.trim().parse::<i64>().ok();
    if (!f.every_km.trim().is_empty() && num(&f.every_km).is_none())
        || (!f.every_months.trim().is_empty() && num(&f.every_months).is_none())
    {
        return back_with(
            &state,
            c,
            id,
            Refusal::field("every_km", "error-veh-plan-every"),
        )
        .await;
    }
    let input = PlanInput {
        what: f.what.clone(),
        every_km: num(&f.every_km),
        every_months: num(&f.every_months),
        last_on: Some(f.last_on.clone()),
        last_km: None,
    };
    match upkeep::add_plan(&state.pool, &m, id, &input).await {
        Ok(_) => Ok(see_other(&format!("/vehicules/{id}#entretien"))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => back_with(&state, c, id, r).await,
    }
}

#[derive(Debug, Default, Deserialize)]
struct Empty {}

async fn plan_done(
    State(state): State<AppState>,
    c: Ctx,
    P((id, plan)): P<(i64, i64)>,
    F(_): F<Empty>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    match upkeep::plan_done(&state.pool, &m, plan).await {
        Ok(()) => Ok(see_other(&format!("/vehicules/{id}#entretien"))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

#[derive(Debug, Default, Deserialize)]
struct ClaimForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    occurred_on: String,
    #[serde(default)]
    description: String,
}

async fn claim_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ClaimForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let input = ClaimInput {
        kind: f.kind.clone(),
        occurred_on: f.occurred_on.clone(),
        description: f.description.clone(),
        booking_id: None,
    };
    match upkeep::record_claim(&state.pool, &m, id, &input).await {
        Ok(_) => Ok(see_other(&format!("/vehicules/{id}#sinistres"))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => back_with(&state, c, id, r).await,
    }
}

#[derive(Debug, Default, Deserialize)]
struct DeclaredForm {
    #[serde(default)]
    insurer_ref: String,
}

async fn claim_declared(
    State(state): State<AppState>,
    c: Ctx,
    P((id, claim)): P<(i64, i64)>,
    F(f): F<DeclaredForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    match upkeep::claim_declared(&state.pool, &m, claim, &f.insurer_ref).await {
        Ok(()) => Ok(see_other(&format!("/vehicules/{id}#sinistres"))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => back_with(&state, c, id, r).await,
    }
}

#[derive(Debug, Default, Deserialize)]
struct PriceForm {
    #[serde(default)]
    person_kind: String,
    #[serde(default)]
    price_kind: String,
    #[serde(default)]
    per_hour: String,
    #[serde(default)]
    per_km: String,
}

async fn price_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<PriceForm>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    let (Ok(per_hour), Ok(per_km)) = (
        f.per_hour.trim().parse::<i64>(),
        f.per_km.trim().parse::<i64>(),
    ) else {
        return back_with(
            &state,
            c,
            id,
            Refusal::field("price_per_hour", "error-veh-price"),
        )
        .await;
    };
    match upkeep::set_price(
        &state.pool,
        &m,
        id,
        &f.person_kind,
        &f.price_kind,
        per_hour,
        per_km,
    )
    .await
    {
        Ok(()) => Ok(see_other(&format!("/vehicules/{id}#prix"))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => back_with(&state, c, id, r).await,
    }
}

// ---------------------------------------------------------------------------------------------
// A person's monthly statement

/// `2026-12` → (2026, 12); default: this month.
pub(super) fn month_of(c: &Ctx, q: &HashMap<String, String>) -> (i32, u32) {
    let today = local_day(c, Utc::now());
    q.get("mois")
        .and_then(|m| {
            let (y, mo) = m.trim().split_once('-')?;
            let (y, mo): (i32, u32) = (y.parse().ok()?, mo.parse().ok()?);
            ((2000..=2100).contains(&y) && (1..=12).contains(&mo)).then_some((y, mo))
        })
        .unwrap_or((today.year(), today.month()))
}

fn amount_text(kind: &str, amount: i64) -> String {
    match kind {
        "euros" => format!("{},{:02} €", amount / 100, amount % 100),
        "sel" => format!("{amount} min SEL"),
        _ => "gratuit".into(),
    }
}

async fn statement_csv(
    State(state): State<AppState>,
    c: Ctx,
    P(person): P<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let m = maker(&c)?;
    if !(m.staff || m.person_id == Some(person)) {
        return Err(not_found(&c));
    }
    let (year, month) = month_of(&c, &q);
    let lines = match upkeep::statement(&state.pool, c.tz, person, year, month).await {
        Ok(l) => l,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let mut csv = String::from("Date;Véhicule;Début;Fin;Durée facturée;Kilomètres;Montant\r\n");
    let (mut euros, mut sel) = (0, 0);
    for l in &lines {
        let (s, e) = (
            crate::time::stored_instant(&l.start_at).with_timezone(&c.tz),
            crate::time::stored_instant(&l.end_at).with_timezone(&c.tz),
        );
        csv.push_str(&format!(
            "{};{};{};{};{};{};{}\r\n",
            s.format("%d/%m/%Y"),
            l.vehicle_name.replace(';', ","),
            s.format("%H:%M"),
            e.format("%H:%M"),
            crate::time::hours(l.minutes),
            l.km,
            amount_text(&l.price_kind, l.amount)
        ));
        match l.price_kind.as_str() {
            "euros" => euros += l.amount,
            "sel" => sel += l.amount,
            _ => {}
        }
    }
    csv.push_str(&format!(
        "Total;;;;;;{}{}\r\n",
        amount_text("euros", euros),
        if sel > 0 {
            format!(" + {sel} min SEL")
        } else {
            String::new()
        }
    ));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"vehicules-{person}-{year}-{month:02}.csv\""),
            ),
        ],
        csv,
    )
        .into_response())
}

pub(crate) fn declare(r: &mut Routes) {
    use crate::web::Access;
    use Method as M;
    use axum::routing::{get, post};
    r.add(M::GET, "/admin/vehicules", ADMIN, get(fleet_page));
    r.add(M::POST, "/admin/vehicules", ADMIN, post(fleet_post));
    r.add(M::GET, "/admin/vehicules/{id}", ADMIN, get(edit_page));
    r.add(M::POST, "/admin/vehicules/{id}", ADMIN, post(edit_post));
    r.add(
        M::POST,
        "/admin/vehicules/{id}/retirer",
        ADMIN,
        post(retire_post),
    );
    r.add_upload(
        M::POST,
        "/admin/vehicules/{id}/photo",
        ADMIN,
        post(photo_post),
    );
    r.add(
        M::GET,
        "/vehicules/{id}/photo.jpg",
        crate::web::Access::Authenticated,
        get(photo_file),
    );
    r.add(M::POST, "/vehicules/{id}/entretien", STAFF, post(plan_post));
    r.add(
        M::POST,
        "/vehicules/{id}/entretien/{plan}/fait",
        STAFF,
        post(plan_done),
    );
    r.add(
        M::POST,
        "/vehicules/{id}/sinistres",
        STAFF,
        post(claim_post),
    );
    r.add(
        M::POST,
        "/vehicules/{id}/sinistres/{claim}/declare",
        STAFF,
        post(claim_declared),
    );
    r.add(M::POST, "/vehicules/{id}/prix", ADMIN, post(price_post));
    r.add(
        M::GET,
        "/vehicules/releve/{id}",
        Access::Authenticated,
        get(statement_csv),
    );
}
