//! Associations (`/associations`) and their members.

use super::*;

// ---------------------------------------------------------------------------------------------
// Associations

#[derive(Template)]
#[template(path = "people/associations.html")]
pub(super) struct AssociationsPage {
    c: Ctx,
    associations: Vec<people::Association>,
    form: FormState,
}

pub async fn associations(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let associations = people::associations(&state.pool).await?;
    html(AssociationsPage {
        c,
        associations,
        form: FormState::default(),
    })
}

#[derive(Debug, Deserialize)]
pub struct AssociationForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
}

pub async fn association_create(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<AssociationForm>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    let input = people::AssociationInput {
        name: f.name.clone(),
        description: f.description.clone(),
    };
    match people::create_association(&state.pool, &actor, &input).await {
        Ok(id) => Ok(see_other(&format!(
            "/associations/{id}?ok=ok-association-created"
        ))),
        Err(r) => {
            let mut form = FormState::with(&[("name", &f.name), ("description", &f.description)]);
            refusal_message(&c, r, &mut form, "name")?;
            let associations = people::associations(&state.pool).await?;
            html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                AssociationsPage {
                    c,
                    associations,
                    form,
                },
            )
        }
    }
}

#[derive(Template)]
#[template(path = "people/association.html")]
pub(super) struct AssociationPage {
    c: Ctx,
    association: people::Association,
    members: Vec<people::Member>,
    q: String,
    candidates: Vec<people::PersonSummary>,
    form: FormState,
}

pub async fn association(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    association_page(&state, c, id, q.q, FormState::default(), StatusCode::OK).await
}

pub(super) async fn association_page(
    state: &AppState,
    c: Ctx,
    id: i64,
    q: String,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let association = people::association(&state.pool, id)
        .await
        .map_err(|_| not_found(&c))?;
    let members = people::members(&state.pool, id).await?;
    let q: String = q.chars().take(100).collect();
    let candidates = if q.trim().is_empty() {
        vec![]
    } else {
        people::search(&state.pool, &q, 20).await?
    };
    html_status(
        status,
        AssociationPage {
            c,
            association,
            members,
            q,
            candidates,
            form,
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    person_id: String,
    #[serde(default)]
    representant: Option<String>,
}

pub async fn association_member(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<MemberForm>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    let representative = f.representant.as_deref() == Some("oui");
    let Ok(person_id) = f.person_id.trim().parse::<i64>() else {
        let mut form = FormState::default();
        form.add("person_id", c.tr.t("error-person-unknown"));
        return association_page(
            &state,
            c,
            id,
            String::new(),
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match people::set_member(&state.pool, &actor, id, person_id, representative).await {
        Ok(()) => Ok(see_other(&format!("/associations/{id}?ok=ok-member-saved"))),
        Err(r) => {
            let mut form = FormState::default();
            refusal_message(&c, r, &mut form, "person_id")?;
            association_page(
                &state,
                c,
                id,
                String::new(),
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
