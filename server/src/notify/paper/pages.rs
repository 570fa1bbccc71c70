//! The desk's « À remettre » list, the print view of the slips (one person per A4 page, large
//! type, no menus), « Remis en main propre », and the box on the desk's home.

use super::Waiting;
use crate::i18n::{Lang, Tr};
use crate::notify::Message;
use crate::web::domain::{Fut, PageBox};
use crate::web::forms::{html, not_found, query_value, see_other};
use crate::web::{AppState, Ctx, F, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::State;
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;

/// The list's address.
const LIST: &str = "/accueil/a-remettre";

/// A slip as the list shows it.
#[derive(Debug)]
pub struct SlipLine {
    pub subject: String,
    pub when: String,
}

/// A person with slips waiting, as the list shows them.
#[derive(Debug)]
pub struct PersonLine {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub slips: Vec<SlipLine>,
    /// The ids the « Remis en main propre » form sends: those shown, and no other.
    pub ids: Vec<i64>,
}

#[derive(Template)]
#[template(path = "notify/paper_list.html")]
struct ListPage {
    c: Ctx,
    people: Vec<PersonLine>,
    total: usize,
}

async fn list_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let people: Vec<PersonLine> = super::waiting(&state.pool, None)
        .await?
        .iter()
        .map(|w| PersonLine {
            id: w.person_id,
            name: w.full_name(),
            phone: w.phone.clone(),
            slips: w
                .messages
                .iter()
                .map(|m| SlipLine {
                    subject: super::super::render(m, c.tz).subject,
                    when: c.tr.when_text(Some(&m.created_at), c.tz),
                })
                .collect(),
            ids: w.messages.iter().map(|m| m.id).collect(),
        })
        .collect();
    let total = people.iter().map(|p| p.slips.len()).sum();
    html(ListPage { c, people, total })
}

/// One message on a slip, in its own language.
#[derive(Debug)]
pub struct SlipMessage {
    pub lang: &'static str,
    pub subject: String,
    pub paragraphs: Vec<String>,
    /// « Avis du samedi 12 décembre 2026 à 14 h 00 ».
    pub made: String,
    pub why: String,
}

/// One person's page of slips, framed in the person's language.
#[derive(Debug)]
pub struct Slip {
    pub person_id: i64,
    pub lang: &'static str,
    /// « Pour : Odette Perrin ».
    pub for_line: String,
    /// « Imprimé le … ».
    pub printed: String,
    pub messages: Vec<SlipMessage>,
    /// « Vous pouvez demander à l'accueil de recevoir ces avis autrement … ».
    pub other_ways: String,
}

fn slip_message(m: &Message, tz: chrono_tz::Tz) -> SlipMessage {
    let lang = Lang::parse(&m.language);
    let r = super::super::render(m, tz);
    let tr = Tr::new(lang);
    let made = crate::time::parse_instant(&m.created_at)
        .map_or_else(String::new, |at| super::super::long_when(lang, at, tz));
    let paragraphs = r.paragraphs();
    SlipMessage {
        lang: lang.code(),
        subject: r.subject,
        paragraphs,
        made: tr.ta("notify-paper-made-on", &[("when", &made)]),
        why: r.why,
    }
}

fn slip(w: &Waiting, tz: chrono_tz::Tz) -> Slip {
    let lang = Lang::parse(&w.language);
    let tr = Tr::new(lang);
    let printed = super::super::long_when(lang, Utc::now(), tz);
    Slip {
        person_id: w.person_id,
        lang: lang.code(),
        for_line: tr.ta("notify-paper-for", &[("name", &w.full_name())]),
        printed: tr.ta("notify-paper-printed-on", &[("when", &printed)]),
        messages: w.messages.iter().map(|m| slip_message(m, tz)).collect(),
        other_ways: tr.t("notify-paper-other-ways"),
    }
}

#[derive(Template)]
#[template(path = "notify/paper_print.html")]
struct PrintPage {
    c: Ctx,
    slips: Vec<Slip>,
    /// Whose slips, when one person's only (the way back lands on them).
    person: Option<i64>,
}

/// The slips to print: everyone's, or one person's (`?personne=12`). Marks nothing.
async fn print_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let person = match query_value(Some(&c.query), "personne").filter(|p| !p.trim().is_empty()) {
        None => None,
        Some(raw) => match raw.trim().parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => return Err(not_found(&c)),
        },
    };
    let slips = super::waiting(&state.pool, person)
        .await?
        .iter()
        .map(|w| slip(w, c.tz))
        .collect();
    html(PrintPage { c, slips, person })
}

/// « Remis en main propre »: the slips the list showed (`id` fields), and only those.
async fn handed_post(
    State(state): State<AppState>,
    c: Ctx,
    P(person_id): P<i64>,
    F(f): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut ids = vec![];
    for (k, v) in &f {
        if k == "id" {
            match v.trim().parse::<i64>() {
                Ok(id) => ids.push(id),
                Err(_) => return Ok(crate::web::bad_form_page(c.tr.lang)),
            }
        }
    }
    let actor = c.account()?.actor();
    match super::hand_over(&state.pool, &actor, person_id, &ids).await {
        Ok(marked) if marked.is_empty() => Ok(see_other(&format!(
            "{LIST}?ok=ok-notify-paper-nothing#a-remettre-{person_id}"
        ))),
        Ok(_) => Ok(see_other(&format!("{LIST}?ok=ok-notify-paper-handed"))),
        Err(crate::refusal::Refusal::Db(e)) => Err(e.into()),
        Err(_) => Err(not_found(&c)),
    }
}

/// The slips' own stylesheet: A4 pages, large type. Served from here because the pages' policy
/// allows no inline style.
async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        include_str!("slips.css"),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "notify/paper_desk_box.html")]
struct DeskBox<'a> {
    c: &'a Ctx,
    slips: usize,
    people: usize,
}

/// « 3 avis à remettre sur papier » on the desk's home, when slips wait.
pub(crate) fn desk_box<'a>(
    state: &'a AppState,
    c: &'a Ctx,
) -> Fut<'a, Result<Option<PageBox>, PageError>> {
    Box::pin(async move {
        let (slips, people) = super::waiting_count(&state.pool).await?;
        if slips == 0 {
            return Ok(None);
        }
        crate::web::member::render(
            15,
            DeskBox {
                c,
                slips: usize::try_from(slips).unwrap_or(0),
                people: usize::try_from(people).unwrap_or(0),
            },
        )
    })
}

pub(in crate::notify) fn declare(r: &mut Routes) {
    use Method as M;
    use axum::routing::{get, post};
    r.add(M::GET, LIST, STAFF, get(list_page));
    r.add(
        M::GET,
        "/accueil/a-remettre/imprimer",
        STAFF,
        get(print_page),
    );
    r.add(
        M::GET,
        "/accueil/a-remettre/avis.css",
        STAFF,
        get(stylesheet),
    );
    r.add(
        M::POST,
        "/accueil/a-remettre/{id}/remis",
        STAFF,
        post(handed_post),
    );
}
