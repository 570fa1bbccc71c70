//! The housekeeper's page (`/hotel/menage`), made for a phone: the rooms to do first on top —
//! an arrival tonight on a dirty bed, then any dirty bed — with one big button per room.

use super::{Form, actor, tonight};
use crate::hostel::housekeeping::{self, MarkInput};
use crate::refusal::Refusal;
use crate::web::forms::{
    FormState, html, html_status, not_found, refusal_message, safe_next, see_other,
};
use crate::web::{AppState, Ctx, F, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;

#[derive(Debug)]
struct RoomLine {
    id: i64,
    name: String,
    dirty: String,
    any_dirty: bool,
    first: bool,
    state: String,
}

#[derive(Template)]
#[template(path = "hostel/housekeeping.html")]
struct Page {
    c: Ctx,
    rooms: Vec<RoomLine>,
    error: Option<String>,
}

async fn page_with(state: &AppState, c: Ctx, error: Option<String>) -> Result<Page, PageError> {
    let tonight = tonight(state, &c).await?;
    let rooms = housekeeping::rooms(&state.pool, tonight)
        .await?
        .into_iter()
        .map(|r| RoomLine {
            id: r.room_id,
            any_dirty: !r.dirty.is_empty(),
            first: r.arrival_tonight && !r.dirty.is_empty(),
            dirty: c
                .tr
                .ta("hostel-hk-dirty-beds", &[("beds", &r.dirty.join(", "))]),
            state: if !r.dirty.is_empty() {
                c.tr.t("hostel-hk-state-dirty")
            } else if r.inspected > 0 && r.clean == 0 {
                c.tr.t("hostel-hk-state-inspected")
            } else {
                c.tr.t("hostel-hk-state-clean")
            },
            name: r.room_name,
        })
        .collect();
    Ok(Page { c, rooms, error })
}

async fn page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    html(page_with(&state, c, None).await?)
}

/// Marks a room (or one bed: `bed_id`) clean, inspected or dirty, then back where the button was
/// (`suite`: this page, or a stay's page).
async fn mark_post(
    State(state): State<AppState>,
    c: Ctx,
    P(room): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let v = |k: &str| f.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let bed_id = match v("bed_id").as_str() {
        "" => None,
        s => s.parse().ok(),
    };
    let input = MarkInput {
        state: v("state"),
        bed_id,
    };
    match housekeeping::mark(&state.pool, &actor(&c)?, room, &input).await {
        Ok(_) => {
            let back = safe_next(Some(&v("suite"))).unwrap_or_else(|| "/hotel/menage".into());
            let sep = if back.contains('?') { '&' } else { '?' };
            Ok(see_other(&format!("{back}{sep}ok=ok-hostel-hk-done")))
        }
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => {
            let mut form = FormState::default();
            refusal_message(&c, r, &mut form, "state")?;
            let error = form.errors.first().map(|e| e.1.clone());
            html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                page_with(&state, c, error).await?,
            )
        }
    }
}

pub(super) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    r.add(M::GET, "/hotel/menage", STAFF, get(page));
    r.add(M::POST, "/hotel/menage/{id}", STAFF, post(mark_post));
}
