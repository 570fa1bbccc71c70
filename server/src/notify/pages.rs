//! A person's notices (`/avis`): what they were told, newest first, and how they want to hear
//! from the place; the box on `/moi` and `/mes-associations` with the unread count; the box on a
//! person's page where the desk chooses for those who ask it to (paper for a senior without
//! e-mail).

use super::{Channel, Message, Preference};
use crate::refusal::Refusal;
use crate::web::domain::{Fut, PageBox};
use crate::web::forms::{FormState, html_status, not_found, refusal_message, see_other};
use crate::web::{AppState, Ctx, F, MEMBERS, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use std::collections::HashMap;

type Form = HashMap<String, String>;

/// A message as a page shows it.
#[derive(Debug)]
pub struct NoticeLine {
    pub id: i64,
    pub subject: String,
    pub paragraphs: Vec<String>,
    pub link: Option<String>,
    pub when: String,
    pub unread: bool,
    /// How it travelled: « Envoyé par courriel le … », « À retirer à l'accueil »…
    pub delivery: String,
}

fn delivery(c: &Ctx, m: &Message) -> String {
    let at = |s: &Option<String>| c.tr.when_text(s.as_deref(), c.tz);
    match m.channel.as_str() {
        "email" if m.sent_at.is_some() => c.tr.ta(
            "notify-sent-at",
            &[
                ("when", &at(&m.sent_at)),
                ("to", m.email_to.as_deref().unwrap_or("")),
            ],
        ),
        "email" if m.failed_at.is_some() => c.tr.t("notify-failed"),
        "email" if m.digest => c.tr.t("notify-in-digest"),
        "email" => c.tr.t("notify-sending"),
        "paper" if m.handed_at.is_some() => {
            c.tr.ta("notify-handed-at", &[("when", &at(&m.handed_at))])
        }
        "paper" => c.tr.t("notify-at-desk"),
        _ => c.tr.t("notify-on-page"),
    }
}

pub(crate) fn line(c: &Ctx, m: &Message) -> NoticeLine {
    let r = super::render(m, c.tz);
    let paragraphs = r.paragraphs();
    NoticeLine {
        id: m.id,
        subject: r.subject,
        paragraphs,
        link: m.link.clone(),
        when: c.tr.when_text(Some(&m.created_at), c.tz),
        unread: m.read_at.is_none(),
        delivery: delivery(c, m),
    }
}

/// How a person hears from the place, in words: to them (`notify-pref-…`), or to the desk about
/// them (`notify-desk-…`).
pub(crate) fn preference_words(c: &Ctx, p: &Preference, prefix: &str) -> String {
    let email = [("email", p.email.as_deref().unwrap_or(""))];
    match p.channel {
        Channel::Email if p.digest => c.tr.ta(&format!("{prefix}-email-digest-is"), &email),
        Channel::Email => c.tr.ta(&format!("{prefix}-email-is"), &email),
        Channel::Page => c.tr.t(&format!("{prefix}-page-is")),
        Channel::Paper => c.tr.t(&format!("{prefix}-paper-is")),
    }
}

#[derive(Template)]
#[template(path = "notify/notices.html")]
struct NoticesPage {
    c: Ctx,
    notices: Vec<NoticeLine>,
    unread: usize,
    pref: Preference,
    pref_words: String,
    form: FormState,
}

fn person_of(c: &Ctx) -> Result<i64, PageError> {
    c.account()?.person_id.ok_or_else(|| not_found(c))
}

async fn page(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let person = person_of(&c)?;
    let mut conn = state.pool.acquire().await?;
    let messages = super::of_person(&mut *conn, person, 100).await?;
    let pref = match super::preference(&mut conn, person).await {
        Ok(p) => p,
        Err(Refusal::Db(e)) => return Err(e.into()),
        Err(_) => return Err(not_found(&c)),
    };
    drop(conn);
    let notices: Vec<NoticeLine> = messages.iter().map(|m| line(&c, m)).collect();
    let unread = notices.iter().filter(|n| n.unread).count();
    // Shown is read: the new ones are marked « Nouveau » this once.
    if unread > 0 && status == StatusCode::OK {
        super::mark_read(&state.pool, person, None)
            .await
            .map_err(PageError::internal)?;
    }
    let mut form = form;
    if form.values.is_empty() {
        form.values
            .insert("channel".into(), pref.channel.code().to_owned());
        if pref.digest {
            form.values.insert("digest".into(), "1".into());
        }
    }
    let pref_words = preference_words(&c, &pref, "notify-pref");
    html_status(
        status,
        NoticesPage {
            c,
            notices,
            unread,
            pref,
            pref_words,
            form,
        },
    )
}

async fn get_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    page(&state, c, FormState::default(), StatusCode::OK).await
}

fn field<'a>(f: &'a Form, k: &str) -> &'a str {
    f.get(k).map_or("", String::as_str)
}

async fn preferences_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let person = person_of(&c)?;
    let actor = c.account()?.actor();
    let done = super::set_preference(
        &state.pool,
        &actor,
        person,
        field(&f, "channel"),
        field(&f, "digest") == "1",
    )
    .await;
    match done {
        Ok(()) => Ok(see_other("/avis?ok=ok-notify-preference#preferences")),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => {
            let mut form = FormState::posted(&f);
            refusal_message(&c, r, &mut form, "channel")?;
            page(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// The desk chooses for a person (who asked at the desk, or has no e-mail and no login).
async fn person_preferences_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<Form>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    let done = super::set_preference(
        &state.pool,
        &actor,
        id,
        field(&f, "channel"),
        field(&f, "digest") == "1",
    )
    .await;
    match done {
        Ok(()) => Ok(see_other(&format!(
            "/personnes/{id}?ok=ok-notify-preference#avis"
        ))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        // The only refusal a valid form meets: e-mail chosen for a person without an address.
        Err(_) => Ok(see_other(&format!(
            "/personnes/{id}?ok=ok-notify-no-email#avis"
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// Boxes on other pages

#[derive(Template)]
#[template(path = "notify/me_box.html")]
struct MeBox<'a> {
    c: &'a Ctx,
    latest: Vec<NoticeLine>,
    unread: usize,
    pref_words: String,
}

async fn me_box_of<'a>(
    state: &AppState,
    c: &'a Ctx,
    person_id: i64,
) -> Result<Option<MeBox<'a>>, PageError> {
    let mut conn = state.pool.acquire().await?;
    let pref = match super::preference(&mut conn, person_id).await {
        Ok(p) => p,
        Err(Refusal::Db(e)) => return Err(e.into()),
        Err(_) => return Ok(None),
    };
    let latest = super::of_person(&mut *conn, person_id, 3)
        .await?
        .iter()
        .map(|m| line(c, m))
        .collect();
    let unread = usize::try_from(super::unread(&mut *conn, person_id).await?).unwrap_or(0);
    Ok(Some(MeBox {
        c,
        latest,
        unread,
        pref_words: preference_words(c, &pref, "notify-pref"),
    }))
}

/// « Mes avis » on `/moi` and `/mes-associations`: the unread count and the latest three.
pub(crate) fn me_box<'a>(
    state: &'a AppState,
    c: &'a Ctx,
    person_id: i64,
) -> Fut<'a, Result<Option<PageBox>, PageError>> {
    Box::pin(async move {
        match me_box_of(state, c, person_id).await? {
            Some(b) => crate::web::member::render(-20, b),
            None => Ok(None),
        }
    })
}

#[derive(Template)]
#[template(path = "notify/person_box.html")]
struct PersonBox<'a> {
    c: &'a Ctx,
    person_id: i64,
    pref: Preference,
    pref_words: String,
    latest: Vec<NoticeLine>,
}

/// « Avis » on a person's page: how they are told, the desk's choice for them, the latest ones.
pub(crate) fn person_box<'a>(
    state: &'a AppState,
    c: &'a Ctx,
    person_id: i64,
) -> Fut<'a, Result<Option<PageBox>, PageError>> {
    Box::pin(async move {
        let mut conn = state.pool.acquire().await?;
        let pref = match super::preference(&mut conn, person_id).await {
            Ok(p) => p,
            Err(Refusal::Db(e)) => return Err(e.into()),
            // Erased: nothing to say.
            Err(_) => return Ok(None),
        };
        let latest = super::of_person(&mut *conn, person_id, 5)
            .await?
            .iter()
            .map(|m| line(c, m))
            .collect();
        crate::web::member::render(
            9,
            PersonBox {
                c,
                person_id,
                pref_words: preference_words(c, &pref, "notify-desk"),
                pref,
                latest,
            },
        )
    })
}

pub(super) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    r.add(M::GET, "/avis", MEMBERS, get(get_page));
    r.add(
        M::POST,
        "/avis/preferences",
        MEMBERS,
        post(preferences_post),
    );
    r.add(
        M::POST,
        "/personnes/{id}/avis",
        STAFF,
        post(person_preferences_post),
    );
}
