//! The box « Accès à Mon compte » on a person's page, and the desk's pages behind it: making the
//! person's login (`/acces/personnes/{id}`) and giving a login a temporary password
//! (`/acces/comptes/{id}/mot-de-passe-provisoire`, asked, then confirmed). The rules, and who may
//! do what, are in [`super::logins`].

use super::logins::{self, Issued, Login};
use crate::auth::Role;
use crate::people;
use crate::refusal::Refusal;
use crate::web::domain::{Fut, PageBox};
use crate::web::forms::{FormState, html_status, not_found, refusal_message};
use crate::web::{AppState, Ctx, F, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

type BoxResult = Result<Option<PageBox>, PageError>;

/// Where the box sits among the other domains' boxes on the person's page.
const BOX_ORDER: i32 = 8;

/// One login as the box lists it.
pub(crate) struct LoginLine {
    id: i64,
    username: String,
    role: String,
    last_login: String,
    state: String,
    /// Why this desk may not give it a temporary password, if it may not.
    refused: Option<String>,
}

fn date_and_time(c: &Ctx, stored: &str) -> (String, String) {
    let at = crate::time::stored_instant(stored);
    (c.tr.date(at, c.tz), c.tr.time(at, c.tz))
}

fn login_line(c: &Ctx, viewer: Role, l: &Login) -> LoginLine {
    let state = if l.disabled_at.is_some() {
        c.tr.t("user-disabled")
    } else if let (true, Some(until)) = (l.must_change_password, l.temporary_until.as_deref()) {
        let (date, time) = date_and_time(c, until);
        let key = if l.temporary_expired() {
            "access-state-temporary-expired"
        } else {
            "access-state-temporary"
        };
        c.tr.ta(key, &[("date", &date), ("time", &time)])
    } else if l.must_change_password {
        c.tr.t("user-must-change")
    } else {
        c.tr.t("user-active")
    };
    LoginLine {
        id: l.id,
        username: l.username.clone(),
        role: c.tr.tk("role", &l.role),
        last_login: match l.last_login_at.as_deref() {
            Some(at) => c.tr.when_text(Some(at), c.tz),
            None => c.tr.t("access-never-logged"),
        },
        state,
        refused: logins::temporary_refused(viewer, l).map(|k| c.tr.t(k)),
    }
}

#[derive(Template)]
#[template(path = "accounts/access_box.html")]
pub(crate) struct AccessBox<'a> {
    c: &'a Ctx,
    person_id: i64,
    logins: Vec<LoginLine>,
    /// The creation form (its values and refusals) when the person has no login.
    form: FormState,
    /// Whether an association login may be chosen.
    representative: bool,
}

/// The box for a person, with the creation form as given (`None`: as proposed).
async fn access_box<'a>(
    state: &AppState,
    c: &'a Ctx,
    person: &people::Person,
    form: Option<FormState>,
) -> Result<AccessBox<'a>, PageError> {
    let viewer = c.account()?.role;
    let logins = logins::of_person(&state.pool, person.id).await?;
    let representative = logins::represents_an_association(&state.pool, person.id).await?;
    let form = match form {
        Some(f) => f,
        None if logins.is_empty() => {
            let proposed = logins::propose_username(&state.pool, person).await?;
            let role = if representative {
                "association"
            } else {
                "resident"
            };
            FormState::with(&[("identifiant", &proposed), ("role", role)])
        }
        None => FormState::default(),
    };
    Ok(AccessBox {
        c,
        person_id: person.id,
        logins: logins.iter().map(|l| login_line(c, viewer, l)).collect(),
        form,
        representative,
    })
}

/// « Accès à Mon compte » on the person's page: their login, or the form to make one.
pub(crate) fn person_box<'a>(
    state: &'a AppState,
    c: &'a Ctx,
    person_id: i64,
) -> Fut<'a, BoxResult> {
    Box::pin(async move {
        let person = match people::get(&state.pool, person_id).await {
            Ok(p) if p.erased_at.is_none() => p,
            Ok(_) | Err(Refusal::NotFound) => return Ok(None),
            Err(e) => return Err(PageError::internal(e)),
        };
        let b = access_box(state, c, &person, None).await?;
        crate::web::member::render(BOX_ORDER, b)
    })
}

// ---------------------------------------------------------------------------------------------
// Making the login

#[derive(Template)]
#[template(path = "accounts/access_page.html")]
pub(crate) struct AccessPage {
    c: Ctx,
    person_id: i64,
    name: String,
    form: FormState,
    /// The box, rendered.
    access: String,
}

/// A password just made, shown once (never kept by the browser).
#[derive(Template)]
#[template(path = "accounts/access_issued.html")]
pub(crate) struct IssuedPage {
    c: Ctx,
    issued: Issued,
    /// `true`: the login was just made; `false`: a temporary password given to an existing one.
    created: bool,
    until_date: String,
    until_time: String,
    role: String,
    back: String,
    back_label: String,
}

fn issued_page(c: Ctx, issued: Issued, created: bool, name: String) -> Result<Response, PageError> {
    let (until_date, until_time) = date_and_time(&c, &issued.until);
    let (back, back_label) = back_link(&c, issued.person_id, &name);
    let role = c.tr.tk("role", issued.role.as_str());
    let mut res = html_status(
        StatusCode::OK,
        IssuedPage {
            c,
            issued,
            created,
            until_date,
            until_time,
            role,
            back,
            back_label,
        },
    )?;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Where to go back to: the person's page, else the accounts list (admin) or the desk.
fn back_link(c: &Ctx, person_id: Option<i64>, name: &str) -> (String, String) {
    match person_id {
        Some(p) => (
            format!("/personnes/{p}#acces-compte"),
            c.tr.ta("access-back-to-person", &[("name", name)]),
        ),
        None if c.is_admin() => ("/admin/comptes".into(), c.tr.t("nav-users")),
        None => ("/accueil".into(), c.tr.t("access-back-to-desk")),
    }
}

#[derive(Debug, Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    identifiant: String,
    #[serde(default)]
    role: String,
}

pub async fn create(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<CreateForm>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    let person = match people::get(&state.pool, id).await {
        Ok(p) => p,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    match logins::create_for_person(&state.pool, &actor, id, &f.identifiant, &f.role).await {
        Ok(issued) => issued_page(c, issued, true, person.full_name()),
        Err(r) => {
            let mut form = FormState::with(&[("identifiant", &f.identifiant), ("role", &f.role)]);
            refusal_message(&c, r, &mut form, "acces-identifiant")?;
            let access = access_box(&state, &c, &person, Some(form.clone()))
                .await?
                .render()?;
            html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                AccessPage {
                    person_id: id,
                    name: person.full_name(),
                    form,
                    access,
                    c,
                },
            )
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A temporary password

#[derive(Template)]
#[template(path = "accounts/access_temporary.html")]
pub(crate) struct TemporaryPage {
    c: Ctx,
    login: Login,
    name: String,
    role: String,
    form: FormState,
    /// Why this desk may not, when it may not (no button then).
    refused: Option<String>,
    back: String,
    back_label: String,
}

/// The name of a login's person (or its shown name without one).
async fn name_of(state: &AppState, login: &Login) -> Result<String, PageError> {
    Ok(match login.person_id {
        Some(p) => match people::get(&state.pool, p).await {
            Ok(person) => person.full_name(),
            Err(Refusal::NotFound) => login.display_name.clone(),
            Err(e) => return Err(PageError::internal(e)),
        },
        None => login.display_name.clone(),
    })
}

async fn temporary_page(
    state: &AppState,
    c: Ctx,
    id: i64,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let Some(login) = logins::login(&state.pool, id)
        .await?
        .filter(|l| !l.username.starts_with("efface-"))
    else {
        return Err(not_found(&c));
    };
    let viewer = c.account()?.role;
    let name = name_of(state, &login).await?;
    let refused = logins::temporary_refused(viewer, &login).map(|k| c.tr.t(k));
    let (back, back_label) = back_link(&c, login.person_id, &name);
    let role = c.tr.tk("role", &login.role);
    html_status(
        status,
        TemporaryPage {
            c,
            login,
            name,
            role,
            form,
            refused,
            back,
            back_label,
        },
    )
}

/// Asks before replacing a login's password.
pub async fn temporary_form(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    temporary_page(&state, c, id, FormState::default(), StatusCode::OK).await
}

#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    confirme: String,
}

/// Replaces a login's password with a temporary one, confirmed; shows it once.
pub async fn temporary_give(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ConfirmForm>,
) -> Result<Response, PageError> {
    let mut form = FormState::default();
    if f.confirme != "oui" {
        form.add("confirme", c.tr.t("access-error-confirm"));
        return temporary_page(&state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let actor = c.account()?.clone();
    match logins::give_temporary_password(&state.pool, &actor, id).await {
        Ok(issued) => {
            let name = match issued.person_id {
                Some(p) => match people::get(&state.pool, p).await {
                    Ok(person) => person.full_name(),
                    Err(_) => issued.display_name.clone(),
                },
                None => issued.display_name.clone(),
            };
            issued_page(c, issued, false, name)
        }
        Err(r) => {
            refusal_message(&c, r, &mut form, "confirme")?;
            temporary_page(&state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// Declares this part's routes with their access rules.
pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    r.add(M::POST, "/acces/personnes/{id}", STAFF, post(create));
    r.add(
        M::GET,
        "/acces/comptes/{id}/mot-de-passe-provisoire",
        STAFF,
        get(temporary_form),
    );
    r.add(
        M::POST,
        "/acces/comptes/{id}/mot-de-passe-provisoire",
        STAFF,
        post(temporary_give),
    );
}
