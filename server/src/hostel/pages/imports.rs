//! `/hotel/calendriers`: the booking platforms' calendars read for each room — when each was last
//! read (or why it could not be), the reservations it holds, the ones in conflict with what is in
//! their way; reading one now (the desk), adding and removing one (admin). The desk's day warns of
//! conflicts and feeds that fail ([`alerts`]).

use super::{Form, actor, tonight};
use crate::hostel::imports::{self, Import, ImportInput};
use crate::refusal::Refusal;
use crate::web::forms::{FormState, html, html_status, refusal_message, see_other};
use crate::web::{ADMIN, AppState, Ctx, F, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::{NaiveDate, Utc};

/// One event of a feed, as shown.
#[derive(Debug)]
struct BlockView {
    dates: String,
    /// « tenue » with its stay, or what is in the way.
    state: String,
    conflict: bool,
    stay_id: Option<i64>,
}

/// A feed, as shown.
#[derive(Debug)]
struct FeedView {
    id: i64,
    room: String,
    platform: String,
    url: String,
    status: String,
    failing: bool,
    blocks: Vec<BlockView>,
}

#[derive(Template)]
#[template(path = "hostel/imports.html")]
struct Page {
    c: Ctx,
    feeds: Vec<FeedView>,
    rooms: Vec<(i64, String)>,
    form: FormState,
    error: Option<String>,
}

fn dates(first: &str, end: &str) -> String {
    let d = |s: &str| {
        crate::hostel::date(s)
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    };
    format!("{} → {}", d(first), d(end))
}

/// What is in the way, in the desk's words: the stays by name, or the reason.
fn conflict_text(c: &Ctx, conflict: &str) -> String {
    if conflict.starts_with("error-") {
        c.tr.t(conflict)
    } else {
        c.tr.ta("hostel-import-taken-by", &[("who", conflict)])
    }
}

/// A stored read failure in the desk's words.
fn why(c: &Ctx, stored: &str) -> String {
    match imports::failure(stored) {
        Refusal::Conflict { key, arg } => c.tr.ta(key, &[("name", &arg)]),
        _ => String::new(),
    }
}

fn status(c: &Ctx, i: &Import) -> (String, bool) {
    match (&i.last_error, &i.last_ok_at) {
        (Some(stored), ok) => (
            c.tr.ta(
                "hostel-import-failing",
                &[
                    (
                        "since",
                        &ok.as_deref()
                            .map(|a| c.tr.when_text(Some(a), c.tz))
                            .unwrap_or_else(|| c.tr.t("hostel-import-never")),
                    ),
                    ("why", &why(c, stored)),
                ],
            ),
            true,
        ),
        (None, Some(ok)) => (
            c.tr.ta(
                "hostel-import-read-at",
                &[
                    ("when", &c.tr.when_text(Some(ok), c.tz)),
                    ("n", &i.last_events.to_string()),
                ],
            ),
            false,
        ),
        (None, None) => (c.tr.t("hostel-import-not-yet"), false),
    }
}

async fn page_with(
    state: &AppState,
    c: Ctx,
    form: FormState,
    error: Option<String>,
) -> Result<Page, PageError> {
    let today = tonight(state, &c).await?;
    let mut feeds = vec![];
    for i in imports::imports(&state.pool).await? {
        let blocks = imports::blocks(&state.pool, i.id, today)
            .await?
            .into_iter()
            .map(|b| BlockView {
                dates: dates(&b.first_night, &b.end_morning),
                state: match &b.conflict {
                    Some(x) => conflict_text(&c, x),
                    None => c.tr.t("hostel-import-held"),
                },
                conflict: b.conflict.is_some(),
                stay_id: b.stay_id,
            })
            .collect();
        let (status, failing) = status(&c, &i);
        feeds.push(FeedView {
            id: i.id,
            room: i.room_name,
            platform: i.platform,
            url: i.url,
            status,
            failing,
            blocks,
        });
    }
    let rooms = crate::hostel::rooms(&state.pool)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    Ok(Page {
        c,
        feeds,
        rooms,
        form,
        error,
    })
}

async fn page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    html(page_with(&state, c, FormState::default(), None).await?)
}

/// A refusal, on the page again with why (409).
async fn refused(state: &AppState, c: Ctx, r: Refusal) -> Result<Response, PageError> {
    let error = Some(super::refusal_text(&c, r, "url")?);
    html_status(
        StatusCode::CONFLICT,
        page_with(state, c, FormState::default(), error).await?,
    )
}

/// Adds a feed (admin) and reads it at once: a feed that cannot be read yet is added all the
/// same, its status says why.
async fn add_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let input = ImportInput {
        room_id: f.get("room_id").and_then(|v| v.parse().ok()).unwrap_or(0),
        platform: f.get("platform").cloned().unwrap_or_default(),
        url: f.get("url").cloned().unwrap_or_default(),
    };
    match imports::add(&state.pool, &actor(&c)?, &input).await {
        Ok(added) => {
            let read = imports::read(&state.pool, c.tz, added.id, Utc::now()).await;
            if let Err(Refusal::Db(e)) = read {
                return Err(PageError::internal(e));
            }
            Ok(see_other("/hotel/calendriers?ok=ok-hostel-import-added"))
        }
        Err(r @ Refusal::Invalid(_)) => {
            let mut form = FormState::posted(&f);
            refusal_message(&c, r, &mut form, "url")?;
            html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                page_with(&state, c, form, None).await?,
            )
        }
        Err(r) => refused(&state, c, r).await,
    }
}

async fn read_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    match imports::read(&state.pool, c.tz, id, Utc::now()).await {
        Ok(_) => Ok(see_other("/hotel/calendriers?ok=ok-hostel-import-read")),
        Err(r) => refused(&state, c, r).await,
    }
}

async fn remove_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    match imports::remove(&state.pool, &actor(&c)?, id).await {
        Ok(()) => Ok(see_other("/hotel/calendriers?ok=ok-hostel-import-removed")),
        Err(r) => refused(&state, c, r).await,
    }
}

/// The desk's day: the platforms' reservations in conflict and the feeds that cannot be read.
pub(super) async fn alerts(
    state: &AppState,
    c: &Ctx,
    today: NaiveDate,
) -> Result<Vec<String>, PageError> {
    let mut out = vec![];
    let feeds = imports::imports(&state.pool).await?;
    for b in imports::conflicts(&state.pool, today).await? {
        let Some(i) = feeds.iter().find(|i| i.id == b.import_id) else {
            continue;
        };
        out.push(c.tr.ta(
            "hostel-import-alert-conflict",
            &[
                ("platform", &i.platform),
                ("room", &i.room_name),
                ("dates", &dates(&b.first_night, &b.end_morning)),
                (
                    "why",
                    &conflict_text(c, b.conflict.as_deref().unwrap_or("")),
                ),
            ],
        ));
    }
    for i in &feeds {
        if let Some(stored) = &i.last_error {
            out.push(c.tr.ta(
                "hostel-import-alert-failing",
                &[
                    ("platform", &i.platform),
                    ("room", &i.room_name),
                    ("why", &why(c, stored)),
                ],
            ));
        }
    }
    Ok(out)
}

pub(super) fn declare(r: &mut Routes) {
    use axum::routing::{get, post};
    r.add(Method::GET, "/hotel/calendriers", STAFF, get(page));
    r.add(Method::POST, "/hotel/calendriers", ADMIN, post(add_post));
    r.add(
        Method::POST,
        "/hotel/calendriers/{id}/lire",
        STAFF,
        post(read_post),
    );
    r.add(
        Method::POST,
        "/hotel/calendriers/{id}/retirer",
        ADMIN,
        post(remove_post),
    );
}
