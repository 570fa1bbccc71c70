//! Page helpers every domain's pages use: a form's values and errors as typed, rendering,
//! redirects after a post, the refusal messages.

use crate::auth::Role;
use crate::i18n::Tr;
use crate::refusal::{FieldError, Refusal};
use crate::web::{Ctx, PageError};
use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::collections::HashMap;

// ---------------------------------------------------------------------------------------------
// Forms

/// A form's values and its refusals, for showing it again.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub values: HashMap<String, String>,
    pub errors: Vec<(String, String)>,
}

/// One value of a query string (the first when repeated); `None` when absent, or when the query
/// cannot be read.
pub fn query_value(raw: Option<&str>, name: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(raw.unwrap_or(""))
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

impl FormState {
    /// A posted form shown again as it was typed (its CSRF token left out).
    pub fn posted(f: &HashMap<String, String>) -> FormState {
        FormState {
            values: f
                .iter()
                .filter(|(k, _)| k.as_str() != "_csrf")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            errors: vec![],
        }
    }

    pub fn with(values: &[(&str, &str)]) -> FormState {
        FormState {
            values: values
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            errors: vec![],
        }
    }

    pub fn v(&self, field: &str) -> &str {
        self.values.get(field).map_or("", String::as_str)
    }

    /// Whether a select's option is the chosen one.
    pub fn is(&self, field: &str, value: &str) -> bool {
        self.v(field) == value
    }

    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|(f, _)| f == field)
    }

    pub fn e(&self, field: &str) -> &str {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map_or("", |(_, m)| m.as_str())
    }

    pub fn add(&mut self, field: &str, message: String) {
        self.errors.push((field.to_owned(), message));
    }

    pub fn refused(&mut self, tr: &Tr, errors: &[FieldError]) {
        for e in errors {
            self.add(e.field, tr.t(e.key));
        }
    }
}

pub(crate) fn html(page: impl Template) -> Result<Response, PageError> {
    Ok(Html(page.render()?).into_response())
}

pub(crate) fn html_status(status: StatusCode, page: impl Template) -> Result<Response, PageError> {
    Ok((status, Html(page.render()?)).into_response())
}

pub(crate) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// Where to go after login: a local path only, never another site.
pub(crate) fn safe_next(next: Option<&str>) -> Option<String> {
    let n = next?.trim();
    // Browsers drop tabs and line breaks from URLs (`/\t/evil.example` becomes
    // `//evil.example`): refuse every control or space character, and backslashes.
    let ok = n.starts_with('/')
        && !n.starts_with("//")
        && !n
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
        && n.len() < 500;
    ok.then(|| n.to_owned())
}

pub(crate) fn home_of(role: Role) -> &'static str {
    match role {
        Role::Admin | Role::Reception => "/accueil",
        Role::Association => "/mes-associations",
        Role::Resident => "/moi",
    }
}

pub(crate) fn not_found(c: &Ctx) -> PageError {
    PageError::NotFound(c.tr.lang)
}

/// Turns a refusal into a message for the page (or the error for a fault).
pub(crate) fn refusal_message(
    c: &Ctx,
    r: Refusal,
    form: &mut FormState,
    field: &str,
) -> Result<(), PageError> {
    match r {
        Refusal::Invalid(errors) => form.refused(&c.tr, &errors),
        Refusal::Conflict { key, arg } => form.add(field, c.tr.ta(key, &[("name", &arg)])),
        Refusal::NotFound => return Err(not_found(c)),
        Refusal::Db(e) => return Err(e.into()),
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// iCalendar feeds (the chrono'espaces', the hostel's rooms')

/// An iCalendar feed: always fetched afresh (`no-cache`), so a change shows at the next poll.
pub(crate) fn calendar(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// The one answer for a token that opens nothing, whatever it looks like.
pub(crate) fn no_calendar(c: &Ctx) -> Response {
    (
        StatusCode::NOT_FOUND,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        format!("{}\n", c.tr.t("spi-feed-not-found")),
    )
        .into_response()
}

/// The secret from the URL, without its optional `.ics`; `None` when it cannot be one.
pub(crate) fn feed_token(raw: &str) -> Option<&str> {
    let token = raw.strip_suffix(".ics").unwrap_or(raw);
    (!token.is_empty() && token.len() <= 128).then_some(token)
}
