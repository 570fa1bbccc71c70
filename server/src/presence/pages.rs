//! The presence pages: who is in the building (`/presences`) with the visitor register, the
//! evacuation list (`/evacuation`, printable), the roll call on a phone
//! (`/evacuation/appel/{id}`), what a person needs to evacuate (`/presences/personnes/{id}/aide`),
//! and the boxes on the desk's home and a person's page.

use super::file::{EvacuationView, ViewLine, needs_words};
use super::list::{self, Presence};
use super::roll_call::{self, CallLine, RollCall};
use super::visitors::{self, SignIn, Visitor};
use super::{needs, state};
use crate::refusal::Refusal;
use crate::web::domain::{Fut, PageBox};
use crate::web::forms::{FormState, html, html_status, not_found, refusal_message, see_other};
use crate::web::{AppState, Ctx, F, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use std::collections::HashMap;

type Form = HashMap<String, String>;
type BoxResult = Result<Option<PageBox>, PageError>;

fn actor(c: &Ctx) -> Result<crate::audit::Actor, PageError> {
    Ok(c.account()?.actor())
}

fn checked(f: &Form, name: &str) -> bool {
    f.get(name).is_some_and(|v| v == "1" || v == "on")
}

async fn presence_now(state: &AppState) -> Result<Presence, PageError> {
    Ok(list::now(
        &state.pool,
        state.domains,
        state.config.time_zone,
        chrono::Utc::now(),
    )
    .await?)
}

// ---------------------------------------------------------------------------------------------
// Who is in the building, and the visitor register

/// A visitor of the register, as the page shows them.
#[derive(Debug)]
pub struct VisitorLine {
    pub id: i64,
    pub name: String,
    pub visiting: String,
    pub pass: String,
    pub arrived: String,
    /// « parti à 15 h 10 (badge rendu) », empty while inside.
    pub left: String,
    pub inside: bool,
}

fn visitor_line(c: &Ctx, v: &Visitor) -> VisitorLine {
    let left = match (&v.left_at, v.pass_returned) {
        (Some(at), Some(false)) => c.tr.ta(
            "presence-visitor-left-pass-kept",
            &[("when", &c.tr.when_text(Some(at), c.tz))],
        ),
        (Some(at), _) => c.tr.ta(
            "presence-visitor-left-at",
            &[("when", &c.tr.when_text(Some(at), c.tz))],
        ),
        (None, _) => String::new(),
    };
    VisitorLine {
        id: v.id,
        name: v.name.clone(),
        visiting: v.visiting.clone(),
        pass: v.pass.clone(),
        arrived: c.tr.when_text(Some(&v.arrived_at), c.tz),
        inside: v.left_at.is_none(),
        left,
    }
}

#[derive(Template)]
#[template(path = "presence/page.html")]
struct PresencePage {
    c: Ctx,
    v: EvacuationView,
    people: Vec<ViewLine>,
    visitors: Vec<VisitorLine>,
    form: FormState,
    hours: i64,
}

async fn presence_page(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let p = presence_now(state).await?;
    let v = EvacuationView::new(&c.tr, c.tz, &p);
    let people: Vec<ViewLine> = v
        .zones
        .iter()
        .flat_map(|z| z.lines.iter().cloned())
        .collect();
    let since = crate::db::instant_text(chrono::Utc::now() - chrono::Duration::hours(24));
    let visitors = visitors::register(&state.pool, &since)
        .await?
        .iter()
        .map(|x| visitor_line(&c, x))
        .collect();
    let hours = super::settings(&state.pool).await?.confirm_after_hours;
    html_status(
        status,
        PresencePage {
            c,
            v,
            people,
            visitors,
            form,
            hours,
        },
    )
}

async fn presence_get(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    presence_page(&state, c, FormState::default(), StatusCode::OK).await
}

async fn visitor_in_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let input = SignIn {
        name: f.get("name").cloned().unwrap_or_default(),
        visiting: f.get("visiting").cloned().unwrap_or_default(),
        pass: f.get("pass").cloned().unwrap_or_default(),
        needs_help: f.get("needs_help").cloned().unwrap_or_default(),
    };
    match visitors::sign_in(&state.pool, &actor(&c)?, &input).await {
        Ok(_) => Ok(see_other("/presences?ok=ok-presence-visitor-in#visiteurs")),
        Err(r) => {
            let mut form = FormState::posted(&f);
            refusal_message(&c, r, &mut form, "name")?;
            presence_page(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// A refusal of a button (no form to show it at): the presence page with the message on top.
async fn refused_on_presence(state: &AppState, c: Ctx, r: Refusal) -> Result<Response, PageError> {
    let mut form = FormState::default();
    refusal_message(&c, r, &mut form, "presence")?;
    presence_page(state, c, form, StatusCode::CONFLICT).await
}

async fn visitor_out_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    match visitors::sign_out(&state.pool, &actor(&c)?, id, checked(&f, "pass_returned")).await {
        Ok(()) => Ok(see_other("/presences?ok=ok-presence-visitor-out#visiteurs")),
        Err(r) => refused_on_presence(&state, c, r).await,
    }
}

async fn mark(
    state: AppState,
    c: Ctx,
    id: i64,
    inside: bool,
    back: Option<&String>,
) -> Result<Response, PageError> {
    match state::mark(&state.pool, &actor(&c)?, id, inside).await {
        Ok(()) => {
            let ok = if inside {
                "ok-presence-marked-in"
            } else {
                "ok-presence-marked-out"
            };
            Ok(see_other(&if back.is_some_and(|b| b == "personne") {
                format!("/personnes/{id}?ok={ok}#presence")
            } else {
                format!("/presences?ok={ok}")
            }))
        }
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => refused_on_presence(&state, c, r).await,
    }
}

async fn mark_in_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    mark(state, c, id, true, f.get("retour")).await
}

async fn mark_out_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    mark(state, c, id, false, f.get("retour")).await
}

// ---------------------------------------------------------------------------------------------
// The desk's box and a person's box

#[derive(Template)]
#[template(path = "presence/desk_box.html")]
struct DeskBox<'a> {
    c: &'a Ctx,
    v: EvacuationView,
    /// The first lines, by category (the staff last).
    names: Vec<ViewLine>,
    /// How many lines are not shown.
    more: usize,
    to_confirm: Vec<ViewLine>,
    roll_call: Option<i64>,
    /// Safety checks overdue or due soon: (what, when, overdue).
    safety: Vec<(String, String, bool)>,
}

/// Lines the desk's box names; the rest are on `/presences`.
const BOX_LINES: usize = 25;

async fn desk_box_of<'a>(state: &AppState, c: &'a Ctx) -> Result<DeskBox<'a>, PageError> {
    let p = presence_now(state).await?;
    let v = EvacuationView::new(&c.tr, c.tz, &p);
    let to_confirm = v
        .zones
        .iter()
        .flat_map(|z| z.lines.iter())
        .filter(|l| l.to_confirm)
        .cloned()
        .collect();
    let roll_call = roll_call::open(&state.pool).await?.map(|r| r.id);
    let all: Vec<ViewLine> = v
        .zones
        .iter()
        .flat_map(|z| z.lines.iter().cloned())
        .collect();
    let more = all.len().saturating_sub(BOX_LINES);
    let safety = super::safety::standing(&state.pool, super::safety_pages::today(c))
        .await?
        .iter()
        .filter(|s| s.overdue || s.due_soon)
        .map(|s| {
            let l = super::safety_pages::standing_line(c, s);
            let when = if s.next_due.is_some() { l.next } else { l.last };
            (l.kind, when, l.overdue)
        })
        .collect();
    Ok(DeskBox {
        safety,
        c,
        v,
        names: all.into_iter().take(BOX_LINES).collect(),
        more,
        to_confirm,
        roll_call,
    })
}

/// Who is in the building, on the desk's home, first of its boxes; refreshed every 30 s.
pub(crate) fn desk_box<'a>(state: &'a AppState, c: &'a Ctx) -> Fut<'a, BoxResult> {
    Box::pin(async move { crate::web::member::render(-50, desk_box_of(state, c).await?) })
}

async fn desk_box_fragment(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    html(desk_box_of(&state, &c).await?)
}

#[derive(Template)]
#[template(path = "presence/person_box.html")]
struct PersonBox<'a> {
    c: &'a Ctx,
    person_id: i64,
    inside: Option<bool>,
    since: String,
    needs: String,
}

/// Whether the person is in the building (with the desk's buttons) and the help they need.
pub(crate) fn person_box<'a>(
    state: &'a AppState,
    c: &'a Ctx,
    person_id: i64,
) -> Fut<'a, BoxResult> {
    Box::pin(async move {
        let s = state::of(&state.pool, person_id).await?;
        let n = needs::of(&state.pool, person_id).await?;
        crate::web::member::render(
            5,
            PersonBox {
                c,
                person_id,
                inside: s.as_ref().map(|s| s.inside),
                since: s
                    .as_ref()
                    .map(|s| c.tr.when_text(Some(&s.since), c.tz))
                    .unwrap_or_default(),
                needs: n.map(|n| needs_words(&c.tr, &n)).unwrap_or_default(),
            },
        )
    })
}

#[derive(Template)]
#[template(path = "presence/needs.html")]
struct NeedsPage {
    c: Ctx,
    person_id: i64,
    name: String,
    form: FormState,
}

async fn person_name(state: &AppState, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT trim(first_name || ' ' || last_name) FROM persons WHERE id = ? AND erased_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&state.pool)
    .await
}

async fn needs_get(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let Some(name) = person_name(&state, id).await? else {
        return Err(not_found(&c));
    };
    let form = match needs::of(&state.pool, id).await? {
        Some(n) => FormState::with(&[
            ("mobility", if n.mobility { "1" } else { "" }),
            ("hearing", if n.hearing { "1" } else { "" }),
            ("sight", if n.sight { "1" } else { "" }),
            ("note", &n.note),
            // Asked again at every change: a consent is not carried over.
        ]),
        None => FormState::default(),
    };
    html(NeedsPage {
        c,
        person_id: id,
        name,
        form,
    })
}

async fn needs_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let input = needs::NeedsInput {
        mobility: checked(&f, "mobility"),
        hearing: checked(&f, "hearing"),
        sight: checked(&f, "sight"),
        note: f.get("note").cloned().unwrap_or_default(),
        consent: checked(&f, "consent"),
    };
    match needs::set(&state.pool, &actor(&c)?, id, &input).await {
        Ok(()) => Ok(see_other(&format!(
            "/personnes/{id}?ok=ok-presence-needs-saved#presence"
        ))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => {
            let Some(name) = person_name(&state, id).await? else {
                return Err(not_found(&c));
            };
            let mut form = FormState::posted(&f);
            refusal_message(&c, r, &mut form, "note")?;
            html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                NeedsPage {
                    c,
                    person_id: id,
                    name,
                    form,
                },
            )
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The evacuation list and the roll call

#[derive(Template)]
#[template(path = "presence/evacuation.html")]
struct EvacuationPage {
    c: Ctx,
    v: EvacuationView,
    open: Option<RollCall>,
    past: Vec<PastCall>,
    file: String,
    error: Option<String>,
}

/// A roll call done, as the list's page recalls it.
#[derive(Debug)]
pub struct PastCall {
    pub id: i64,
    pub when: String,
    pub drill: bool,
    pub took: String,
    pub missing: i64,
}

async fn evacuation_page(
    state: &AppState,
    c: Ctx,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let p = presence_now(state).await?;
    let v = EvacuationView::new(&c.tr, c.tz, &p);
    let open = roll_call::open(&state.pool).await?;
    let now = chrono::Utc::now();
    let past = roll_call::latest(&state.pool, 5)
        .await?
        .into_iter()
        .filter(|r| r.ended_at.is_some())
        .map(|r| PastCall {
            id: r.id,
            when: c.tr.when_text(Some(&r.started_at), c.tz),
            drill: r.drill,
            took: roll_call::took(r.seconds(now)),
            missing: r.missing.unwrap_or(0),
        })
        .collect();
    let file = state
        .config
        .evacuation_dir()
        .join(super::file::FILE_NAME)
        .display()
        .to_string();
    html_status(
        status,
        EvacuationPage {
            c,
            v,
            open,
            past,
            file,
            error,
        },
    )
}

async fn evacuation_get(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    evacuation_page(&state, c, None, StatusCode::OK).await
}

async fn roll_call_start(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    match roll_call::start(
        &state.pool,
        state.domains,
        state.config.time_zone,
        &actor(&c)?,
        checked(&f, "drill"),
    )
    .await
    {
        Ok(id) => Ok(see_other(&format!("/evacuation/appel/{id}"))),
        Err(r) => {
            let mut form = FormState::default();
            refusal_message(&c, r, &mut form, "drill")?;
            let error = form.errors.pop().map(|e| e.1);
            evacuation_page(&state, c, error, StatusCode::CONFLICT).await
        }
    }
}

/// A line of the roll call, as the phone shows it.
#[derive(Debug)]
pub struct CallView {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub people: i64,
    pub place: String,
    pub needs: String,
    pub to_confirm: bool,
    pub mustered: bool,
}

#[derive(Template)]
#[template(path = "presence/roll_call.html")]
struct RollCallPage {
    c: Ctx,
    call: RollCall,
    started: String,
    took: String,
    left: i64,
    missing: Vec<CallView>,
    mustered: Vec<CallView>,
    error: Option<String>,
}

fn call_view(c: &Ctx, l: &CallLine) -> CallView {
    CallView {
        id: l.id,
        name: l.name.clone(),
        category: c.tr.tk("presence-cat", &l.category),
        people: l.people,
        place: l.place.clone(),
        needs: l
            .needs()
            .map(|n| needs_words(&c.tr, &n))
            .unwrap_or_default(),
        to_confirm: l.to_confirm,
        mustered: l.mustered_at.is_some(),
    }
}

async fn roll_call_page(
    state: &AppState,
    c: Ctx,
    id: i64,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (call, lines) = match roll_call::get(&state.pool, id).await {
        Ok(x) => x,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let views: Vec<CallView> = lines.iter().map(|l| call_view(&c, l)).collect();
    let (mustered, missing): (Vec<CallView>, Vec<CallView>) =
        views.into_iter().partition(|v| v.mustered);
    html_status(
        status,
        RollCallPage {
            started: c.tr.when_text(Some(&call.started_at), c.tz),
            took: roll_call::took(call.seconds(chrono::Utc::now())),
            left: roll_call::left(&lines),
            c,
            call,
            missing,
            mustered,
            error,
        },
    )
}

async fn roll_call_get(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    roll_call_page(&state, c, id, None, StatusCode::OK).await
}

async fn roll_call_step(
    state: AppState,
    c: Ctx,
    id: i64,
    done: Result<(), Refusal>,
    anchor: &str,
) -> Result<Response, PageError> {
    match done {
        Ok(()) => Ok(see_other(&format!("/evacuation/appel/{id}{anchor}"))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => {
            let mut form = FormState::default();
            refusal_message(&c, r, &mut form, "call")?;
            let error = form.errors.pop().map(|e| e.1);
            roll_call_page(&state, c, id, error, StatusCode::CONFLICT).await
        }
    }
}

async fn roll_call_tick(
    State(state): State<AppState>,
    c: Ctx,
    P((id, line)): P<(i64, i64)>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let mustered = f.get("rassemble").is_none_or(|v| v != "0");
    let done = roll_call::tick(&state.pool, &actor(&c)?, id, line, mustered).await;
    roll_call_step(state, c, id, done, "#a-appeler").await
}

async fn roll_call_end(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let done = roll_call::end(&state.pool, c.tz, &actor(&c)?, id)
        .await
        .map(|_| ());
    roll_call_step(state, c, id, done, "").await
}

/// Declares this part's routes with their access rules.
pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    r.add(M::GET, "/presences", STAFF, get(presence_get));
    r.add(M::GET, "/presences/encadre", STAFF, get(desk_box_fragment));
    r.add(
        M::POST,
        "/presences/visiteurs",
        STAFF,
        post(visitor_in_post),
    );
    r.add(
        M::POST,
        "/presences/visiteurs/{id}/sortie",
        STAFF,
        post(visitor_out_post),
    );
    r.add(
        M::POST,
        "/presences/personnes/{id}/entree",
        STAFF,
        post(mark_in_post),
    );
    r.add(
        M::POST,
        "/presences/personnes/{id}/sortie",
        STAFF,
        post(mark_out_post),
    );
    r.add(
        M::GET,
        "/presences/personnes/{id}/aide",
        STAFF,
        get(needs_get),
    );
    r.add(
        M::POST,
        "/presences/personnes/{id}/aide",
        STAFF,
        post(needs_post),
    );
    r.add(M::GET, "/evacuation", STAFF, get(evacuation_get));
    r.add(M::POST, "/evacuation/appel", STAFF, post(roll_call_start));
    r.add(M::GET, "/evacuation/appel/{id}", STAFF, get(roll_call_get));
    r.add(
        M::POST,
        "/evacuation/appel/{id}/lignes/{line}",
        STAFF,
        post(roll_call_tick),
    );
    r.add(
        M::POST,
        "/evacuation/appel/{id}/fin",
        STAFF,
        post(roll_call_end),
    );
}

/// A roll call under way, the people « à confirmer » and the safety checks overdue, for the
/// desk's night view.
pub(crate) fn night_alerts<'a>(
    state: &'a AppState,
    c: &'a Ctx,
) -> Fut<'a, Result<Vec<crate::web::domain::Alert>, PageError>> {
    use crate::web::domain::Alert;
    Box::pin(async move {
        let mut alerts = vec![];
        if let Some(r) = roll_call::open(&state.pool).await? {
            alerts.push(Alert {
                urgent: true,
                text: c.tr.t("presence-roll-call-open"),
                link: Some(format!("/evacuation/appel/{}", r.id)),
            });
        }
        let p = presence_now(state).await?;
        for l in p.lines.iter().filter(|l| l.to_confirm) {
            alerts.push(Alert {
                urgent: false,
                text: c.tr.ta(
                    "presence-night-to-confirm",
                    &[
                        ("name", &l.name),
                        ("since", &c.tr.when_text(l.since.as_deref(), c.tz)),
                    ],
                ),
                link: Some(match l.person_id {
                    Some(id) => format!("/personnes/{id}#presence"),
                    None => "/presences#visiteurs".into(),
                }),
            });
        }
        let today = super::safety_pages::today(c);
        for s in super::safety::standing(&state.pool, today)
            .await?
            .iter()
            .filter(|s| s.overdue)
        {
            alerts.push(Alert {
                urgent: false,
                text: c.tr.ta(
                    "presence-night-safety",
                    &[("kind", &c.tr.tk("safety-kind", &s.kind))],
                ),
                link: Some("/registre-securite".into()),
            });
        }
        Ok(alerts)
    })
}
