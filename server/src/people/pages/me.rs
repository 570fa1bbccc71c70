//! The resident's page (`/moi`) and the association representative's (`/mes-associations`).

use super::*;

// ---------------------------------------------------------------------------------------------
// Residents and associations

#[derive(Template)]
#[template(path = "people/me_box.html")]
pub(super) struct MeBox<'a> {
    c: &'a Ctx,
    p: people::Person,
    badges: Vec<BadgeLine>,
    associations: Vec<people::Association>,
}

/// `/moi`: every domain's box for the person behind the account.
pub async fn me(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    crate::web::member::page(&state, c, None, StatusCode::OK).await
}

/// People's box on the resident's page: their card, badges and associations.
pub(crate) fn me_box<'a>(
    state: &'a AppState,
    c: &'a Ctx,
    id: i64,
) -> crate::web::domain::Fut<'a, Result<Option<crate::web::domain::PageBox>, PageError>> {
    Box::pin(async move {
        let p = people::get(&state.pool, id).await.map_err(refusal_fault)?;
        let badges = badge_lines(c, people::badges_of(&state.pool, id).await?);
        let associations = people::represented_by(&state.pool, id).await?;
        crate::web::member::render(
            0,
            MeBox {
                c,
                p,
                badges,
                associations,
            },
        )
    })
}

pub(super) fn refusal_fault(r: Refusal) -> PageError {
    PageError::internal(r)
}

#[derive(Template)]
#[template(path = "people/my_associations.html")]
pub(super) struct MyAssociationsPage {
    c: Ctx,
    associations: Vec<(people::Association, Vec<people::Member>)>,
    /// Other domains' boxes for the representative (their notices).
    boxes: Vec<crate::web::domain::PageBox>,
}

pub async fn my_associations(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let mut associations = vec![];
    let mut boxes = vec![];
    if let Some(person) = c.account()?.person_id {
        for a in people::represented_by(&state.pool, person).await? {
            let members = people::members(&state.pool, a.id).await?;
            associations.push((a, members));
        }
        for hook in state.domains.iter().filter_map(|d| d.associations_box) {
            boxes.extend(hook(&state, &c, person).await?);
        }
        boxes.sort_by_key(|b| b.order);
    }
    html(MyAssociationsPage {
        c,
        associations,
        boxes,
    })
}
