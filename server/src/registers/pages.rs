//! The desk's registers page (`/registres`): lending, parcels, lost and found; the overdue
//! lendings and the parcels nobody was told of on the night view; what a person borrowed or
//! awaits on their page.

use super::{Found, Lending, Parcel};
use crate::refusal::Refusal;
use crate::web::domain::{Alert, Fut, PageBox};
use crate::web::forms::{FormState, html_status, not_found, refusal_message, see_other};
use crate::web::{AppState, Ctx, F, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use std::collections::HashMap;

type Form = HashMap<String, String>;

fn actor(c: &Ctx) -> Result<crate::audit::Actor, PageError> {
    Ok(c.account()?.actor())
}

#[derive(Debug)]
pub struct LendingLine {
    pub id: i64,
    pub item: String,
    pub borrower: String,
    pub person_id: Option<i64>,
    pub since: String,
    pub due: String,
    pub overdue: bool,
    pub back: Option<String>,
}

fn lending_line(c: &Ctx, l: &Lending) -> LendingLine {
    LendingLine {
        id: l.id,
        item: l.item.clone(),
        borrower: l.borrower.clone(),
        person_id: l.person_id,
        since: c.tr.when_text(Some(&l.lent_at), c.tz),
        due: c.tr.when_text(Some(&l.due_at), c.tz),
        overdue: l.overdue(Utc::now()),
        back: l.returned_at.as_ref().map(|at| {
            c.tr.ta(
                "reg-back-at",
                &[
                    ("when", &c.tr.when_text(Some(at), c.tz)),
                    ("who", l.returned_to.as_deref().unwrap_or("")),
                ],
            )
        }),
    }
}

#[derive(Debug)]
pub struct ParcelLine {
    pub id: i64,
    pub recipient: String,
    pub person_id: Option<i64>,
    pub description: String,
    pub received: String,
    pub told: bool,
    pub collected: Option<String>,
}

fn parcel_line(c: &Ctx, p: &Parcel) -> ParcelLine {
    ParcelLine {
        id: p.id,
        recipient: p.recipient.clone(),
        person_id: p.person_id,
        description: p.description.clone(),
        received: c.tr.when_text(Some(&p.received_at), c.tz),
        told: p.told_at.is_some(),
        collected: p.collected_at.as_ref().map(|at| {
            c.tr.ta(
                "reg-collected-at",
                &[
                    ("when", &c.tr.when_text(Some(at), c.tz)),
                    ("who", p.collected_by.as_deref().unwrap_or("")),
                ],
            )
        }),
    }
}

#[derive(Debug)]
pub struct FoundLine {
    pub id: i64,
    pub description: String,
    pub place: String,
    pub found: String,
    pub returned: Option<String>,
}

fn found_line(c: &Ctx, f: &Found) -> FoundLine {
    FoundLine {
        id: f.id,
        description: f.description.clone(),
        place: f.found_where.clone(),
        found: c.tr.when_text(Some(&f.found_at), c.tz),
        returned: f.returned_at.as_ref().map(|at| {
            c.tr.ta(
                "reg-returned-at",
                &[
                    ("when", &c.tr.when_text(Some(at), c.tz)),
                    ("who", f.returned_to.as_deref().unwrap_or("")),
                ],
            )
        }),
    }
}

#[derive(Template)]
#[template(path = "registers/page.html")]
struct RegistersPage {
    c: Ctx,
    lendings: Vec<LendingLine>,
    parcels: Vec<ParcelLine>,
    found: Vec<FoundLine>,
    names: Vec<String>,
    form: FormState,
}

async fn page(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let lendings = super::lendings(&state.pool)
        .await?
        .iter()
        .map(|l| lending_line(&c, l))
        .collect();
    let parcels = super::parcels(&state.pool)
        .await?
        .iter()
        .map(|p| parcel_line(&c, p))
        .collect();
    let found = super::lost_and_found(&state.pool)
        .await?
        .iter()
        .map(|f| found_line(&c, f))
        .collect();
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT trim(first_name || ' ' || last_name) FROM persons WHERE erased_at IS NULL
         ORDER BY last_name, first_name LIMIT 2000",
    )
    .fetch_all(&state.pool)
    .await?;
    let mut form = form;
    if form.v("due_date").is_empty() {
        // Back in two hours, by default.
        let due = (Utc::now() + Duration::hours(2)).with_timezone(&c.tz);
        form.values
            .insert("due_date".into(), due.date_naive().to_string());
        form.values
            .insert("due_time".into(), due.format("%H:%M").to_string());
    }
    html_status(
        status,
        RegistersPage {
            c,
            lendings,
            parcels,
            found,
            names,
            form,
        },
    )
}

async fn get_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    page(&state, c, FormState::default(), StatusCode::OK).await
}

/// After a step: back to the section, or the page with the refusal at the form (`at`).
async fn after(
    state: &AppState,
    c: Ctx,
    f: &Form,
    done: Result<(), Refusal>,
    ok: &str,
    anchor: &str,
    at: &str,
) -> Result<Response, PageError> {
    match done {
        Ok(()) => Ok(see_other(&format!("/registres?ok={ok}#{anchor}"))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => {
            let mut form = FormState::posted(f);
            refusal_message(&c, r, &mut form, at)?;
            let status = if form.errors.iter().any(|(k, _)| k == at) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            page(state, c, form, status).await
        }
    }
}

fn field<'a>(f: &'a Form, k: &str) -> &'a str {
    f.get(k).map_or("", String::as_str)
}

async fn lend_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let due = NaiveDate::parse_from_str(field(&f, "due_date").trim(), "%Y-%m-%d")
        .ok()
        .zip(NaiveTime::parse_from_str(field(&f, "due_time").trim(), "%H:%M").ok())
        .map(|(d, t)| crate::time::resolve_local(c.tz, d.and_time(t)));
    let done = super::lend(
        &state.pool,
        &actor(&c)?,
        field(&f, "item"),
        field(&f, "borrower"),
        due,
    )
    .await
    .map(|_| ());
    after(&state, c, &f, done, "ok-reg-lent", "prets", "pret").await
}

async fn give_back_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let done = super::give_back(&state.pool, &actor(&c)?, id).await;
    after(
        &state,
        c,
        &Form::new(),
        done,
        "ok-reg-back",
        "prets",
        "pret",
    )
    .await
}

async fn parcel_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let done = super::receive(
        &state.pool,
        &actor(&c)?,
        field(&f, "recipient"),
        field(&f, "description"),
    )
    .await
    .map(|_| ());
    after(&state, c, &f, done, "ok-reg-parcel", "colis", "colis").await
}

async fn told_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let done = super::told(&state.pool, &actor(&c)?, id).await;
    after(
        &state,
        c,
        &Form::new(),
        done,
        "ok-reg-told",
        "colis",
        "colis",
    )
    .await
}

async fn collected_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let done = super::collected(&state.pool, &actor(&c)?, id, field(&f, "collected_by")).await;
    after(&state, c, &f, done, "ok-reg-collected", "colis", "colis").await
}

async fn found_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let done = super::found(
        &state.pool,
        &actor(&c)?,
        field(&f, "what"),
        field(&f, "found_where"),
    )
    .await
    .map(|_| ());
    after(&state, c, &f, done, "ok-reg-found", "objets", "objet").await
}

async fn returned_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let done = super::returned(&state.pool, &actor(&c)?, id, field(&f, "returned_to")).await;
    after(&state, c, &f, done, "ok-reg-returned", "objets", "objet").await
}

/// Overdue lendings (urgent: a key out) and parcels nobody was told of, on the night view.
pub(crate) fn night_alerts<'a>(
    state: &'a AppState,
    c: &'a Ctx,
) -> Fut<'a, Result<Vec<Alert>, PageError>> {
    Box::pin(async move {
        let now = Utc::now();
        let mut alerts: Vec<Alert> = super::lendings(&state.pool)
            .await?
            .iter()
            .filter(|l| l.overdue(now))
            .map(|l| Alert {
                urgent: true,
                text: c.tr.ta(
                    "reg-night-overdue",
                    &[
                        ("item", &l.item),
                        ("who", &l.borrower),
                        ("due", &c.tr.when_text(Some(&l.due_at), c.tz)),
                    ],
                ),
                link: Some("/registres#prets".into()),
            })
            .collect();
        let untold = super::parcels(&state.pool)
            .await?
            .iter()
            .filter(|p| p.collected_at.is_none() && p.told_at.is_none())
            .count();
        if untold > 0 {
            alerts.push(Alert {
                urgent: false,
                text: c.tr.tn("reg-night-untold", untold),
                link: Some("/registres#colis".into()),
            });
        }
        Ok(alerts)
    })
}

#[derive(Template)]
#[template(path = "registers/person_box.html")]
struct PersonBox<'a> {
    c: &'a Ctx,
    lendings: Vec<LendingLine>,
    parcels: Vec<ParcelLine>,
}

/// What the person borrowed and has not given back, and the parcels waiting for them.
pub(crate) fn person_box<'a>(
    state: &'a AppState,
    c: &'a Ctx,
    person_id: i64,
) -> Fut<'a, Result<Option<PageBox>, PageError>> {
    Box::pin(async move {
        let lendings: Vec<LendingLine> = super::lendings(&state.pool)
            .await?
            .iter()
            .filter(|l| l.person_id == Some(person_id) && l.returned_at.is_none())
            .map(|l| lending_line(c, l))
            .collect();
        let parcels: Vec<ParcelLine> = super::parcels(&state.pool)
            .await?
            .iter()
            .filter(|p| p.person_id == Some(person_id) && p.collected_at.is_none())
            .map(|p| parcel_line(c, p))
            .collect();
        if lendings.is_empty() && parcels.is_empty() {
            return Ok(None);
        }
        crate::web::member::render(
            8,
            PersonBox {
                c,
                lendings,
                parcels,
            },
        )
    })
}

pub(super) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    r.add(M::GET, "/registres", STAFF, get(get_page));
    r.add(M::POST, "/registres/prets", STAFF, post(lend_post));
    r.add(
        M::POST,
        "/registres/prets/{id}/rendu",
        STAFF,
        post(give_back_post),
    );
    r.add(M::POST, "/registres/colis", STAFF, post(parcel_post));
    r.add(
        M::POST,
        "/registres/colis/{id}/prevenu",
        STAFF,
        post(told_post),
    );
    r.add(
        M::POST,
        "/registres/colis/{id}/remis",
        STAFF,
        post(collected_post),
    );
    r.add(M::POST, "/registres/objets", STAFF, post(found_post));
    r.add(
        M::POST,
        "/registres/objets/{id}/rendu",
        STAFF,
        post(returned_post),
    );
}
