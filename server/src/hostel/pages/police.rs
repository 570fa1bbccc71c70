//! The police forms' pages: adding a guest's form from the stay's page, one form printed, and the
//! list for a range of dates (what the police or the gendarmerie may ask for).

use super::{Form, actor, long_day, query_value, tonight};
use crate::hostel::police::{self, PoliceForm, PoliceInput};
use crate::hostel::stays;
use crate::refusal::Refusal;
use crate::web::forms::{FormState, html, html_status, not_found, refusal_message, see_other};
use crate::web::{AppState, Ctx, F, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::Duration;

/// A form as printed.
#[derive(Debug)]
pub(super) struct FormView {
    pub id: i64,
    pub name: String,
    pub birth: String,
    pub nationality: String,
    pub address: String,
    pub contact: String,
    pub children: i64,
    /// « avec 2 enfants de moins de 15 ans », or empty.
    pub with_children: String,
    pub stay: String,
    pub recorded: String,
    pub purge_on: String,
}

pub(super) fn view(c: &Ctx, f: &PoliceForm) -> FormView {
    let day = |s: &str| {
        crate::hostel::date(s)
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    };
    FormView {
        id: f.id,
        name: format!("{} {}", f.last_name.to_uppercase(), f.first_name),
        birth: c.tr.ta(
            "hostel-police-born",
            &[("date", &day(&f.birth_date)), ("place", &f.birth_place)],
        ),
        nationality: f.nationality.clone(),
        address: f.address.clone(),
        contact: [f.phone.as_str(), f.email.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · "),
        children: f.children,
        with_children: if f.children > 0 {
            c.tr.tn(
                "hostel-police-with-children",
                usize::try_from(f.children).unwrap_or(0),
            )
        } else {
            String::new()
        },
        stay: c.tr.ta(
            "hostel-police-stay",
            &[("from", &day(&f.arrival)), ("to", &day(&f.departure))],
        ),
        recorded: format!(
            "{} — {}",
            c.tr.when_text(Some(&f.recorded_at), c.tz),
            f.recorded_by_name
        ),
        purge_on: day(&f.purge_on),
    }
}

/// Adds a guest's form from the stay's page; a refusal shows the stay's page with the form as
/// typed and each error at its field.
async fn add_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let v = |k: &str| f.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let mut form = FormState::posted(&f);
    let children = match v("children").as_str() {
        "" => 0,
        s => s.parse().unwrap_or_else(|_| {
            form.add("children", c.tr.t("error-hostel-number"));
            -1
        }),
    };
    if form.errors.is_empty() {
        let input = PoliceInput {
            last_name: v("last_name"),
            first_name: v("first_name"),
            birth_date: v("birth_date"),
            birth_place: v("birth_place"),
            nationality: v("nationality"),
            address: v("address"),
            phone: v("phone"),
            email: v("email"),
            children,
            signed_on_paper: v("signed_on_paper") == "1",
        };
        let today = tonight(&state, &c).await?;
        match police::add(&state.pool, &actor(&c)?, id, &input, today).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/hotel/sejours/{id}?ok=ok-hostel-police#fiches"
                )));
            }
            Err(Refusal::NotFound) => return Err(not_found(&c)),
            Err(r) => refusal_message(&c, r, &mut form, "last_name")?,
        }
    }
    let page = super::stay_view(&state, c, id, None, form).await?;
    html_status(StatusCode::UNPROCESSABLE_ENTITY, page)
}

#[derive(Template)]
#[template(path = "hostel/police_form.html")]
struct OnePage {
    c: Ctx,
    f: FormView,
    stay_id: i64,
}

async fn one_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let f = match police::form(&state.pool, id).await {
        Ok(f) => f,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    html(OnePage {
        stay_id: f.stay_id,
        f: view(&c, &f),
        c,
    })
}

#[derive(Template)]
#[template(path = "hostel/police_list.html")]
struct ListPage {
    c: Ctx,
    first: String,
    last: String,
    title: String,
    forms: Vec<FormView>,
    error: Option<String>,
}

async fn list_page(
    State(state): State<AppState>,
    c: Ctx,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let tonight = tonight(&state, &c).await?;
    let pick = |k: &str, default| match query_value(raw.as_deref(), k) {
        None => Some(default),
        Some(v) => crate::hostel::date(&v),
    };
    let (first, last) = match (pick("du", tonight - Duration::days(7)), pick("au", tonight)) {
        (Some(f), Some(l)) if f <= l && (l - f).num_days() <= 366 => (f, l),
        _ => {
            return html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                ListPage {
                    first: (tonight - Duration::days(7)).to_string(),
                    last: tonight.to_string(),
                    title: String::new(),
                    forms: vec![],
                    error: Some(c.tr.t("error-hostel-closure-dates")),
                    c,
                },
            );
        }
    };
    let forms = police::between(&state.pool, first, last).await?;
    html(ListPage {
        first: first.to_string(),
        last: last.to_string(),
        title: c.tr.ta(
            "hostel-police-list-range",
            &[("from", &long_day(&c, first)), ("to", &long_day(&c, last))],
        ),
        forms: forms.iter().map(|f| view(&c, f)).collect(),
        error: None,
        c,
    })
}

/// The forms of a stay, for its page.
pub(super) async fn of_stay(
    state: &AppState,
    c: &Ctx,
    stay: &stays::Stay,
) -> Result<Vec<FormView>, PageError> {
    Ok(police::of_stay(&state.pool, stay.id)
        .await?
        .iter()
        .map(|f| view(c, f))
        .collect())
}

pub(super) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    r.add(M::POST, "/hotel/sejours/{id}/fiches", STAFF, post(add_post));
    r.add(M::GET, "/hotel/fiches", STAFF, get(list_page));
    r.add(M::GET, "/hotel/fiches/{id}", STAFF, get(one_page));
}
