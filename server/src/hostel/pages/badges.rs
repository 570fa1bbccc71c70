//! The stay page's guest badges: the cards lent for the stay, lending one more (typed, or read at
//! the desk's reader and offered here), and marking one given back. The check-in lends the first
//! one and the check-out takes them back, in their own forms (`super::check_in_post`,
//! `super::check_out_post`).

use super::{Form, actor, after_step};
use crate::hostel::badges::{self, GuestBadge, HandInput};
use crate::people::desk_taps::DeskTapsFragment;
use crate::web::forms::html;
use crate::web::{AppState, Ctx, F, P, PageError, Routes, STAFF};
use axum::extract::State;
use axum::http::Method;
use axum::response::Response;

/// A lent card, as the stay's page shows it.
#[derive(Debug, Clone)]
pub(super) struct BadgeView {
    pub id: i64,
    pub card_id: String,
    pub holder: String,
    /// « prêté jusqu'au 07/12/2026 », « rendu le … », « non rendu — bloqué le … ».
    pub state: String,
    pub out: bool,
    /// Not back at the desk (still out, or kept at the check-out): it can be marked back.
    pub may_give_back: bool,
}

pub(super) fn views(c: &Ctx, lent: &[GuestBadge]) -> Vec<BadgeView> {
    lent.iter()
        .map(|b| {
            let through = crate::hostel::date(&b.valid_through)
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default();
            let state = match (&b.returned_at, &b.revoked_at) {
                (Some(at), _) => c.tr.ta(
                    "hostel-badge-returned-at",
                    &[("when", &c.tr.when_text(Some(at), c.tz))],
                ),
                (None, Some(at)) => c.tr.ta(
                    "hostel-badge-blocked-at",
                    &[
                        ("when", &c.tr.when_text(Some(at), c.tz)),
                        (
                            "why",
                            &c.tr.t(&format!(
                                "revoke-{}",
                                b.revoke_reason.as_deref().unwrap_or("other")
                            )),
                        ),
                    ],
                ),
                (None, None) => c.tr.ta("hostel-badge-out", &[("date", &through)]),
            };
            BadgeView {
                id: b.badge_id,
                card_id: b.card_id.clone(),
                holder: b.holder.clone(),
                state,
                out: b.is_out(),
                may_give_back: b.returned_at.is_none(),
            }
        })
        .collect()
}

/// The card typed (or read) in a form, if any: `None` when the field is blank.
pub(super) fn card_of(f: &Form) -> Option<HandInput> {
    let card_id = f.get("card_id").map(|v| v.trim()).unwrap_or("");
    (!card_id.is_empty()).then(|| HandInput {
        card_id: card_id.to_owned(),
        holder: f.get("holder").cloned().unwrap_or_default(),
    })
}

/// The cards ticked « rendu » in the check-out form (`back-{badge id}`).
pub(super) fn ticked_back(f: &Form) -> Vec<i64> {
    let mut ids: Vec<i64> = f
        .iter()
        .filter(|(_, v)| v.as_str() == "1")
        .filter_map(|(k, _)| k.strip_prefix("back-")?.parse().ok())
        .collect();
    ids.sort_unstable();
    ids
}

async fn lend_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let done = match card_of(&f) {
        Some(card) => badges::hand(&state.pool, &actor(&c)?, id, &card).await,
        None => Err(crate::refusal::Refusal::field("card_id", "error-required")),
    };
    after_step(&state, c, id, done, "ok-hostel-badge-lent").await
}

async fn give_back_post(
    State(state): State<AppState>,
    c: Ctx,
    P((id, badge)): P<(i64, i64)>,
) -> Result<Response, PageError> {
    let done = badges::give_back(&state.pool, &actor(&c)?, id, badge).await;
    after_step(&state, c, id, done, "ok-hostel-badge-back").await
}

/// The cards just read at the desk's reader that nobody holds, offered to lend (polled): with the
/// check-in while the guests have not arrived, else as one more card.
async fn desk_taps(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let s = match crate::hostel::stays::stay(&state.pool, id).await {
        Ok(s) => s,
        Err(crate::refusal::Refusal::NotFound) => return Err(crate::web::forms::not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let action = if s.status == "confirmed" {
        format!("/hotel/sejours/{id}/arrivee")
    } else {
        format!("/hotel/sejours/{id}/badges")
    };
    let button = ("hostel-badge-lend-read", "preter");
    html(DeskTapsFragment::load(&state.pool, c, action, button).await?)
}

pub(super) fn declare(r: &mut Routes) {
    use axum::routing::{get, post};
    r.add(
        Method::POST,
        "/hotel/sejours/{id}/badges",
        STAFF,
        post(lend_post),
    );
    r.add(
        Method::POST,
        "/hotel/sejours/{id}/badges/{badge}/rendu",
        STAFF,
        post(give_back_post),
    );
    r.add(
        Method::GET,
        "/hotel/sejours/{id}/badge-lu",
        STAFF,
        get(desk_taps),
    );
}
