//! The resident's own page (`/moi`), composed of each domain's box through the list: the person's
//! card from `people`, their SEL from `sel`, and whatever a later domain adds. A domain whose form
//! on that page was refused shows the page again with its own box as typed (`replaced`).

use crate::web::AppState;
use crate::web::domain::PageBox;
use crate::web::forms::html_status;
use crate::web::{Ctx, PageError};
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

#[derive(Template)]
#[template(path = "me.html")]
struct MemberPage {
    c: Ctx,
    boxes: Vec<PageBox>,
}

/// The resident's page; `replaced` is a domain's box to show instead of asking it (its refused
/// form as typed).
pub async fn page(
    state: &AppState,
    c: Ctx,
    replaced: Option<(&str, PageBox)>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let mut boxes = vec![];
    if let Some(person) = c.account()?.person_id {
        for d in state.domains {
            match (&replaced, d.me_box) {
                (Some((name, b)), _) if *name == d.name => boxes.push(b.clone()),
                (_, Some(hook)) => boxes.extend(hook(state, &c, person).await?),
                _ => {}
            }
        }
    }
    boxes.sort_by_key(|b| b.order);
    html_status(status, MemberPage { c, boxes })
}

/// Every domain's box for a page, in order; `host` (the page's own domain) is skipped.
pub async fn person_boxes(
    state: &AppState,
    c: &Ctx,
    person: i64,
    host: &str,
) -> Result<Vec<PageBox>, PageError> {
    let mut boxes = vec![];
    for d in state.domains.iter().filter(|d| d.name != host) {
        if let Some(hook) = d.person_box {
            boxes.extend(hook(state, c, person).await?);
        }
    }
    boxes.sort_by_key(|b| b.order);
    Ok(boxes)
}

/// Every domain's box on the desk's home, in order; `host` (the desk) is skipped.
pub async fn desk_boxes(state: &AppState, c: &Ctx, host: &str) -> Result<Vec<PageBox>, PageError> {
    let mut boxes = vec![];
    for d in state.domains.iter().filter(|d| d.name != host) {
        if let Some(hook) = d.desk_box {
            boxes.extend(hook(state, c).await?);
        }
    }
    boxes.sort_by_key(|b| b.order);
    Ok(boxes)
}

/// A box rendered from its template.
pub fn render(order: i32, t: impl Template) -> Result<Option<PageBox>, PageError> {
    Ok(Some(PageBox {
        order,
        html: t.render()?,
    }))
}
