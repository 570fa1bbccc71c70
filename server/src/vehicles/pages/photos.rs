//! A damage's photo: its page (the photo, and a form to add or replace it from a phone or a
//! tablet: the camera opens), and the picture itself. Staff see and add every damage's photo;
//! the person whose booking it was reported on adds one until staff have reviewed it.

use super::*;
use crate::refusal::Refusal;
use crate::vehicles::returns::{self, Damage};
use crate::web::forms::{html_status, not_found, refusal_message, see_other};
use crate::web::upload::Upload;
use crate::web::{Access, P};
use axum::extract::{Query, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "vehicles/damage_photo.html")]
struct PhotoPage {
    c: Ctx,
    d: Damage,
    reported: String,
    may_add: bool,
    added: bool,
    back: String,
    form: FormState,
}

/// The damage, when this account may see it.
async fn seen(state: &AppState, c: &Ctx, id: i64) -> Result<(Damage, Maker), PageError> {
    let m = maker(c)?;
    let d = match returns::damage(&state.pool, id).await {
        Ok(d) => d,
        Err(Refusal::NotFound) => return Err(not_found(c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    match returns::may_photograph(&state.pool, &m, &d, false).await {
        Ok(true) => Ok((d, m)),
        Ok(false) | Err(Refusal::NotFound) => Err(not_found(c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

async fn page_with(
    state: &AppState,
    c: Ctx,
    d: Damage,
    m: &Maker,
    form: FormState,
    added: bool,
    status: StatusCode,
) -> Result<Response, PageError> {
    let may_add = returns::may_photograph(&state.pool, m, &d, true)
        .await
        .map_err(PageError::internal)?;
    let back = match (c.is_staff(), d.booking_id) {
        (false, Some(b)) => format!("/vehicules/reservations/{b}"),
        _ => format!("/vehicules/{}", d.vehicle_id),
    };
    html_status(
        status,
        PhotoPage {
            reported: format!(
                "{} — {}",
                d.reported_by_name,
                c.tr.when_text(Some(&d.reported_at), c.tz)
            ),
            may_add,
            added,
            back,
            form,
            d,
            c,
        },
    )
}

async fn photo_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (d, m) = seen(&state, &c, id).await?;
    let added = q.contains_key("ajoutee");
    page_with(
        &state,
        c,
        d,
        &m,
        FormState::default(),
        added,
        StatusCode::OK,
    )
    .await
}

async fn photo_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    upload: Upload,
) -> Result<Response, PageError> {
    let (d, m) = seen(&state, &c, id).await?;
    let mut form = FormState::default();
    let Some(bytes) = upload.file else {
        form.add("photo", c.tr.t("error-photo-none"));
        return page_with(
            &state,
            c,
            d,
            &m,
            form,
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match returns::set_photo(&state.pool, &state.config.data_dir, &m, id, bytes).await {
        Ok(_) => Ok(see_other(&format!(
            "/vehicules/dommages/{id}/photo?ajoutee=1"
        ))),
        Err(r) => {
            refusal_message(&c, r, &mut form, "photo")?;
            page_with(
                &state,
                c,
                d,
                &m,
                form,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The picture, to the people who may see its damage.
async fn photo_file(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let (d, _) = seen(&state, &c, id).await?;
    let Some(name) = d.photo else {
        return Err(not_found(&c));
    };
    match crate::photos::read(&state.config.data_dir, &name).await {
        Ok(bytes) => Ok(jpeg(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(not_found(&c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

/// A stored photo as an answer: private to the person who asked.
pub(crate) fn jpeg(bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        bytes,
    )
        .into_response()
}

pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    let anyone = Access::Authenticated;
    r.add(
        M::GET,
        "/vehicules/dommages/{id}/photo",
        anyone,
        get(photo_page),
    );
    r.add_upload(
        M::POST,
        "/vehicules/dommages/{id}/photo",
        anyone,
        post(photo_post),
    );
    r.add(
        M::GET,
        "/vehicules/dommages/{id}/photo.jpg",
        anyone,
        get(photo_file),
    );
}
