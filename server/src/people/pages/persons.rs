//! People (`/personnes`): search, new person, a person's page, badges, export and erasure.

use super::*;

// ---------------------------------------------------------------------------------------------
// People

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub(crate) q: String,
    /// A card just read that nobody holds, to give to the person the desk finds.
    #[serde(default)]
    badge: String,
}

#[derive(Template)]
#[template(path = "people/persons.html")]
pub(super) struct PersonsPage {
    c: Ctx,
    q: String,
    results: Vec<people::PersonSummary>,
    /// The card to assign, carried to the person's page (`?badge=`), when valid.
    badge: Option<String>,
}

pub async fn persons(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let badge = card_param(&q.badge);
    let q = q.q.chars().take(100).collect::<String>();
    let results = people::search(&state.pool, &q, 50).await?;
    html(PersonsPage {
        c,
        q,
        results,
        badge,
    })
}

/// A card id from a link (`?badge=`), normalised, if it is one.
pub(super) fn card_param(raw: &str) -> Option<String> {
    let card = people::normalize_card(raw);
    citeosquare_protocol::is_badge(&card).then_some(card)
}

#[derive(Debug, Deserialize)]
pub struct BadgeQuery {
    #[serde(default)]
    badge: String,
}

#[derive(Template)]
#[template(path = "people/person_new.html")]
pub(super) struct PersonNewPage {
    c: Ctx,
    form: FormState,
    /// Who the new record may duplicate, shown before saving.
    namesakes: Vec<NamesakeLine>,
}

/// A possible duplicate, with what tells two namesakes apart.
#[derive(Debug)]
pub(super) struct NamesakeLine {
    id: i64,
    name: String,
    /// Kind, phone, badges, since when: « résident·e · 06 12 34 56 78 · badge DEMO0001 ·
    /// fiche créée le 03/11/2026 ».
    details: String,
    same_phone: bool,
}

pub async fn person_new_form(c: Ctx, Query(b): Query<BadgeQuery>) -> Result<Response, PageError> {
    let badge = card_param(&b.badge).unwrap_or_default();
    html(PersonNewPage {
        c,
        form: FormState::with(&[("kind", "neighbour"), ("language", "fr"), ("badge", &badge)]),
        namesakes: vec![],
    })
}

#[derive(Debug, Deserialize)]
pub struct PersonForm {
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    accessibility: String,
    /// A card to assign once the record exists (coming from an unknown card at the desk).
    #[serde(default)]
    badge: String,
    /// `oui`: the desk saw the people with the same name or phone and this is someone else.
    #[serde(default)]
    autre_personne: String,
}

impl PersonForm {
    fn input(&self) -> PersonInput {
        PersonInput {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            kind: self.kind.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            language: self.language.clone(),
            accessibility: self.accessibility.clone(),
        }
    }

    fn state(&self) -> FormState {
        FormState::with(&[
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
            ("kind", &self.kind),
            ("phone", &self.phone),
            ("email", &self.email),
            ("language", &self.language),
            ("accessibility", &self.accessibility),
            ("badge", &self.badge),
        ])
    }
}

pub async fn person_create(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<PersonForm>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    if f.autre_personne != "oui" {
        let namesakes = people::namesakes(&state.pool, &f.input()).await?;
        if !namesakes.is_empty() {
            let namesakes = namesakes
                .into_iter()
                .map(|n| NamesakeLine {
                    id: n.id,
                    name: format!("{} {}", n.first_name, n.last_name)
                        .trim()
                        .to_owned(),
                    details: [
                        Some(c.tr.tk("kind", &n.kind)),
                        n.phone.clone(),
                        n.badges
                            .as_deref()
                            .map(|b| c.tr.ta("person-namesake-badges", &[("cards", b)])),
                        Some(c.tr.ta(
                            "person-namesake-since",
                            &[("date", &c.tr.when_text(Some(&n.created_at), c.tz))],
                        )),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
                    same_phone: n.same_phone,
                })
                .collect();
            return html(PersonNewPage {
                c,
                form: f.state(),
                namesakes,
            });
        }
    }
    match people::create(&state.pool, &actor, &f.input()).await {
        Ok(id) => Ok(see_other(&match card_param(&f.badge) {
            Some(card) => format!("/personnes/{id}?ok=ok-person-created&badge={card}#badges"),
            None => format!("/personnes/{id}?ok=ok-person-created"),
        })),
        Err(r) => {
            let mut form = f.state();
            refusal_message(&c, r, &mut form, "first_name")?;
            html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                PersonNewPage {
                    c,
                    form,
                    namesakes: vec![],
                },
            )
        }
    }
}

#[derive(Debug)]
pub struct BadgeLine {
    pub id: i64,
    pub card_id: String,
    pub assigned: String,
    pub revoked: Option<String>,
    pub reason: String,
    /// « badge invité, jusqu'au 07/12/2026 » for a card lent for a hostel stay.
    pub term: String,
}

pub(super) fn badge_lines(c: &Ctx, badges: Vec<people::Badge>) -> Vec<BadgeLine> {
    badges
        .into_iter()
        .map(|b| BadgeLine {
            id: b.id,
            assigned: c.tr.when_text(Some(&b.assigned_at), c.tz),
            revoked: b
                .revoked_at
                .as_deref()
                .map(|r| c.tr.when_text(Some(r), c.tz)),
            reason: b
                .revoke_reason
                .as_deref()
                .map(|r| c.tr.t(&format!("revoke-{r}")))
                .unwrap_or_default(),
            term: match (b.kind.as_str(), b.valid_through.as_deref()) {
                ("guest", Some(d)) => c.tr.ta(
                    "badge-guest-until",
                    &[(
                        "date",
                        &chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                            .map(|d| d.format("%d/%m/%Y").to_string())
                            .unwrap_or_else(|_| d.to_owned()),
                    )],
                ),
                _ => String::new(),
            },
            card_id: b.card_id,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "people/person.html")]
pub(super) struct PersonPage {
    c: Ctx,
    person: people::Person,
    badges: Vec<BadgeLine>,
    associations: Vec<(i64, String, bool)>,
    form: FormState,
    badge_form: FormState,
    boxes: Vec<crate::web::domain::PageBox>,
}

pub(super) async fn person_page(
    state: &AppState,
    c: Ctx,
    id: i64,
    form: Option<FormState>,
    badge_form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let person = match people::get(&state.pool, id).await {
        Ok(p) => p,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let badges = badge_lines(&c, people::badges_of(&state.pool, id).await?);
    let associations: Vec<(i64, String, bool)> = sqlx::query_as(
        "SELECT a.id, a.name, m.representative FROM association_members m
         JOIN associations a ON a.id = m.association_id WHERE m.person_id = ? ORDER BY a.name",
    )
    .bind(id)
    .fetch_all(&state.pool)
    .await?;
    let form = form.unwrap_or_else(|| {
        FormState::with(&[
            ("first_name", &person.first_name),
            ("last_name", &person.last_name),
            ("kind", &person.kind),
            ("phone", person.phone.as_deref().unwrap_or("")),
            ("email", person.email.as_deref().unwrap_or("")),
            ("language", &person.language),
            (
                "accessibility",
                person.accessibility.as_deref().unwrap_or(""),
            ),
        ])
    });
    let boxes = crate::web::member::person_boxes(state, &c, id, "people").await?;
    html_status(
        status,
        PersonPage {
            c,
            person,
            badges,
            associations,
            form,
            badge_form,
            boxes,
        },
    )
}

pub async fn person(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    Query(b): Query<BadgeQuery>,
) -> Result<Response, PageError> {
    // Coming from an unknown card in the live feed: the card is ready to assign.
    let badge_form = card_param(&b.badge)
        .map(|card| FormState::with(&[("card_id", &card)]))
        .unwrap_or_default();
    person_page(&state, c, id, None, badge_form, StatusCode::OK).await
}

pub async fn person_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<PersonForm>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    match people::update(&state.pool, &actor, id, &f.input()).await {
        Ok(()) => Ok(see_other(&format!("/personnes/{id}?ok=ok-saved"))),
        Err(r) => {
            let mut form = f.state();
            refusal_message(&c, r, &mut form, "first_name")?;
            person_page(
                &state,
                c,
                id,
                Some(form),
                FormState::default(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The cards just read at the desk kiosk, offered for assignment (polled by the person page).
pub async fn desk_tap_fragment(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let action = format!("/personnes/{id}/badges");
    let button = ("desk-tap-assign", "attribuer");
    html(crate::people::desk_taps::DeskTapsFragment::load(&state.pool, c, action, button).await?)
}

#[derive(Debug, Deserialize)]
pub struct BadgeForm {
    #[serde(default)]
    card_id: String,
}

pub async fn badge_assign(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<BadgeForm>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    match people::assign_badge(&state.pool, &actor, id, &f.card_id).await {
        Ok(_) => Ok(see_other(&format!(
            "/personnes/{id}?ok=ok-badge-assigned#badges"
        ))),
        Err(r) => {
            let mut badge_form = FormState::with(&[("card_id", &f.card_id)]);
            refusal_message(&c, r, &mut badge_form, "card_id")?;
            person_page(
                &state,
                c,
                id,
                None,
                badge_form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    reason: String,
}

pub async fn badge_revoke(
    State(state): State<AppState>,
    c: Ctx,
    P((id, badge)): P<(i64, i64)>,
    F(f): F<RevokeForm>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    let owner: Option<i64> = sqlx::query_scalar("SELECT person_id FROM badges WHERE id = ?")
        .bind(badge)
        .fetch_optional(&state.pool)
        .await?;
    if owner != Some(id) {
        return Err(not_found(&c));
    }
    match people::revoke_badge(&state.pool, &actor, badge, &f.reason).await {
        Ok(_) => Ok(see_other(&format!(
            "/personnes/{id}?ok=ok-badge-revoked#badges"
        ))),
        Err(r) => {
            let mut badge_form = FormState::default();
            refusal_message(&c, r, &mut badge_form, "reason")?;
            if badge_form.has("reason") {
                let msg = badge_form.e("reason").to_owned();
                badge_form.add("card_id", msg);
            }
            person_page(
                &state,
                c,
                id,
                None,
                badge_form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub async fn person_export(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let data = match people::export(&state.pool, state.domains, id).await {
        Ok(d) => d,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let body = serde_json::to_string_pretty(&data).map_err(PageError::internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"personne-{id}.json\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "people/erase.html")]
pub(super) struct ErasePage {
    c: Ctx,
    person: people::Person,
    form: FormState,
}

pub async fn erase_form(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let person = people::get(&state.pool, id)
        .await
        .map_err(|_| not_found(&c))?;
    html(ErasePage {
        c,
        person,
        form: FormState::default(),
    })
}

#[derive(Debug, Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    confirme: Option<String>,
}

pub async fn erase(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<EraseForm>,
) -> Result<Response, PageError> {
    let person = people::get(&state.pool, id)
        .await
        .map_err(|_| not_found(&c))?;
    let mut form = FormState::default();
    if f.confirme.as_deref() != Some("oui") {
        form.add("confirme", c.tr.t("error-erase-confirm"));
        return html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErasePage { c, person, form },
        );
    }
    let actor = c.account()?.actor();
    match people::erase(&state.pool, state.domains, &actor, id).await {
        Ok(()) => Ok(see_other(&format!("/personnes/{id}?ok=ok-person-erased"))),
        Err(r) => {
            refusal_message(&c, r, &mut form, "confirme")?;
            html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErasePage { c, person, form },
            )
        }
    }
}
