//! The safety register's page (`/registre-securite`): where each kind of check stands, recording
//! a check, and the register itself, printable.

use super::safety::{self, Entry, KINDS, NewEntry, RESULTS, Standing};
use crate::web::forms::{FormState, html_status, refusal_message, see_other};
use crate::web::{AppState, Ctx, F, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use chrono::NaiveDate;
use std::collections::HashMap;

/// A date as the desk reads it (`05/12/2026`, `5 Dec 2026`).
pub(super) fn short_date(c: &Ctx, d: &str) -> String {
    match d.parse::<NaiveDate>() {
        Ok(d) => match c.tr.lang {
            crate::i18n::Lang::Fr => d.format("%d/%m/%Y").to_string(),
            crate::i18n::Lang::En => d.format("%-d %b %Y").to_string(),
        },
        Err(_) => d.to_owned(),
    }
}

pub(super) fn today(c: &Ctx) -> NaiveDate {
    chrono::Utc::now().with_timezone(&c.tz).date_naive()
}

/// A kind's standing, in words.
#[derive(Debug)]
pub struct StandingLine {
    pub kind: String,
    pub last: String,
    pub next: String,
    pub overdue: bool,
    pub due_soon: bool,
}

pub(super) fn standing_line(c: &Ctx, s: &Standing) -> StandingLine {
    StandingLine {
        kind: c.tr.tk("safety-kind", &s.kind),
        last: s
            .last
            .as_ref()
            .map(|e| {
                c.tr.ta(
                    "safety-last",
                    &[
                        ("date", &short_date(c, &e.done_on)),
                        ("result", &c.tr.tk("safety-result", &e.result)),
                    ],
                )
            })
            .unwrap_or_else(|| c.tr.t("safety-never")),
        next: s
            .next_due
            .as_deref()
            .map(|d| short_date(c, d))
            .unwrap_or_else(|| "—".into()),
        overdue: s.overdue,
        due_soon: s.due_soon,
    }
}

#[derive(Debug)]
pub struct EntryLine {
    pub id: i64,
    pub kind: String,
    pub done_on: String,
    pub done_by: String,
    pub result: String,
    pub failed: bool,
    pub notes: String,
    pub next_due: String,
    pub roll_call_id: Option<i64>,
    pub recorded: String,
}

fn entry_line(c: &Ctx, e: &Entry) -> EntryLine {
    EntryLine {
        id: e.id,
        kind: c.tr.tk("safety-kind", &e.kind),
        done_on: short_date(c, &e.done_on),
        done_by: e.done_by.clone(),
        result: c.tr.tk("safety-result", &e.result),
        failed: e.result != "ok",
        notes: e.notes.clone(),
        next_due: e
            .next_due
            .as_deref()
            .map(|d| short_date(c, d))
            .unwrap_or_default(),
        roll_call_id: e.roll_call_id,
        recorded: c.tr.ta(
            "safety-recorded",
            &[
                ("when", &c.tr.when_text(Some(&e.recorded_at), c.tz)),
                ("who", &e.recorded_by),
            ],
        ),
    }
}

#[derive(Template)]
#[template(path = "presence/safety.html")]
struct SafetyPage {
    c: Ctx,
    standing: Vec<StandingLine>,
    entries: Vec<EntryLine>,
    kinds: Vec<(&'static str, String)>,
    results: Vec<(&'static str, String)>,
    form: FormState,
    today: String,
}

async fn page(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let day = today(&c);
    let standing = safety::standing(&state.pool, day)
        .await?
        .iter()
        .map(|s| standing_line(&c, s))
        .collect();
    let entries = safety::latest(&state.pool, 300)
        .await?
        .iter()
        .map(|e| entry_line(&c, e))
        .collect();
    let kinds = KINDS
        .iter()
        .map(|(k, _)| (*k, c.tr.tk("safety-kind", k)))
        .collect();
    let results = RESULTS
        .iter()
        .map(|r| (*r, c.tr.tk("safety-result", r)))
        .collect();
    html_status(
        status,
        SafetyPage {
            c,
            standing,
            entries,
            kinds,
            results,
            form,
            today: day.to_string(),
        },
    )
}

async fn get_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let day = today(&c).to_string();
    let form = FormState::with(&[("done_on", &day), ("result", "ok")]);
    page(&state, c, form, StatusCode::OK).await
}

async fn post_entry(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let input = NewEntry {
        kind: get("kind"),
        done_on: get("done_on"),
        done_by: get("done_by"),
        result: get("result"),
        notes: get("notes"),
        next_due: get("next_due"),
    };
    let actor = c.account()?.actor();
    match safety::record(&state.pool, &actor, today(&c), &input).await {
        Ok(id) => Ok(see_other(&format!(
            "/registre-securite?ok=ok-safety-recorded#entree-{id}"
        ))),
        Err(r) => {
            let mut form = FormState::posted(&f);
            refusal_message(&c, r, &mut form, "kind")?;
            page(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

pub(super) fn declare(r: &mut Routes) {
    use axum::routing::{get, post};
    r.add(Method::GET, "/registre-securite", STAFF, get(get_page));
    r.add(Method::POST, "/registre-securite", STAFF, post(post_entry));
}
