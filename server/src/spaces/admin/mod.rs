//! The chrono'espaces' administration pages (spaces, uses, timetables, exceptions, doors) and the
//! occupancy page for the desk.
//!
//! Forms post back, then redirect; a refused form comes back with what was typed, a message at
//! each field (linked from a summary, which names the field) and nothing saved. Several forms
//! share a page, so each names its inputs with its own prefix (`space_…`, `use_…`, `exc_…`,
//! `weekday_3`…) and the library's refusals are moved onto those names. A number that cannot be
//! read is passed on as a value the library refuses, so that one round gives every reason.
//! Removing an exception and renewing a feed link ask first, on a page of their own that works
//! without JavaScript.

use crate::i18n::Lang;
use crate::people::{self};
use crate::refusal::Refusal;
use crate::spaces::{
    self, ExceptionInput, Space, SpaceInput, Use, UseInput, WindowInput, heatmap, hhmm, occupancy,
    parse_hhmm, timetable,
};
use crate::web::AppState;
use crate::web::forms::{FormState, html, html_status, not_found, refusal_message, see_other};
use crate::web::{ADMIN, Ctx, F, P, PageError, Routes, STAFF};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::Method;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use serde::Deserialize;
use sqlx::SqlitePool;

mod frequentation;
mod list;
mod space;
use frequentation::*;
use list::*;
use space::*;

/// Declares the chrono'espaces' administration pages and the occupancy page.
pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    r.add(M::GET, "/admin/salles", ADMIN, get(list_page));
    r.add(M::POST, "/admin/salles", ADMIN, post(space_create));
    r.add(M::POST, "/admin/salles/usages", ADMIN, post(use_create));
    r.add(M::GET, "/admin/salles/usages/{id}", ADMIN, get(use_page));
    r.add(
        M::POST,
        "/admin/salles/usages/{id}",
        ADMIN,
        post(use_update),
    );
    r.add(
        M::POST,
        "/admin/salles/exceptions",
        ADMIN,
        post(exception_add),
    );
    r.add(
        M::POST,
        "/admin/salles/exceptions/{id}/supprimer",
        ADMIN,
        post(exception_remove),
    );
    r.add(M::GET, "/admin/salles/{id}", ADMIN, get(space_page));
    r.add(M::POST, "/admin/salles/{id}", ADMIN, post(space_update));
    r.add(
        M::POST,
        "/admin/salles/{id}/horaires",
        ADMIN,
        post(timetable_save),
    );
    r.add(M::POST, "/admin/salles/{id}/porte", ADMIN, post(door_set));
    r.add(M::POST, "/admin/salles/{id}/lien", ADMIN, post(token_renew));
    r.add(M::GET, "/salles/occupation", STAFF, get(occupancy_page));
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/// Empty rows offered under a timetable, to add windows.
const EMPTY_ROWS: usize = 4;
/// The most timetable rows a form may post (seven days of many short windows).
const MAX_ROWS: usize = 300;
/// How far ahead the exceptions are listed.
const EXCEPTION_DAYS: i64 = 366;
/// The occupancy history's span by default, and its bounds.
const DEFAULT_WEEKS: i64 = 4;
const MAX_WEEKS: i64 = 12;
/// The heatmap's first column, unless a space opens or is used earlier.
const HEATMAP_FIRST_HOUR: u32 = 7;

/// A posted form as its fields in order: a field may come several times (a list of
/// checkboxes), and the timetable's rows are numbered fields.
struct Fields(Vec<(String, String)>);

impl Fields {
    /// The first value of a field, or "".
    fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A ticked checkbox.
    fn on(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }

    /// The form state showing back what was typed in these fields.
    fn keep(&self, names: &[&str]) -> FormState {
        let values: Vec<(&str, &str)> = names.iter().map(|n| (*n, self.get(n))).collect();
        FormState::with(&values)
    }
}

fn checked(on: bool) -> &'static str {
    if on { "on" } else { "" }
}

fn today(c: &Ctx) -> NaiveDate {
    Utc::now().with_timezone(&c.tz).date_naive()
}

/// A whole number as people type it (spaces between thousands allowed); `None` when empty.
fn typed_number(raw: &str) -> Result<Option<i64>, ()> {
    let s: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse().map(Some).map_err(|_| ())
}

/// Euros as typed (`12,50`, `12.5`, `12 €`) in cents.
fn typed_euros(raw: &str) -> Option<i64> {
    let s: String = raw
        .trim()
        .trim_end_matches('€')
        .trim_start_matches('€')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let (units, cents) = match s.split_once([',', '.']) {
        Some((u, c)) => (u, c),
        None => (s.as_str(), ""),
    };
    if units.is_empty() || !units.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if cents.len() > 2 || !cents.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let units: i64 = units.parse().ok()?;
    let cents: i64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<i64>().ok()? * 10,
        _ => cents.parse().ok()?,
    };
    units.checked_mul(100)?.checked_add(cents)
}

/// Cents as the form shows them back: `12,50` in French, `12.50` in English.
fn euros_typed(c: &Ctx, cents: i64) -> String {
    let sep = match c.tr.lang {
        Lang::Fr => ',',
        Lang::En => '.',
    };
    format!("{}{sep}{:02}", cents / 100, cents % 100)
}

/// A local time of day: `08 h 30` in French, `08:30` in English.
fn local_time(c: &Ctx, minute: u32) -> String {
    match c.tr.lang {
        Lang::Fr => format!("{:02} h {:02}", minute / 60, minute % 60),
        Lang::En => hhmm(minute),
    }
}

fn time_span(c: &Ctx, start: u32, end: u32) -> String {
    format!("{} – {}", local_time(c, start), local_time(c, end))
}

/// A resolved window's hours: its instants read on the wall clock (a window opening in the hour
/// skipped in spring shows when it really opens), and `24 h 00` for the end of the day rather
/// than the next day's midnight.
fn slot_time(c: &Ctx, s: &timetable::Slot) -> String {
    let end = if s.end_minute >= 1440 {
        local_time(c, s.end_minute)
    } else {
        c.tr.time(s.end, c.tz)
    };
    format!("{} – {end}", c.tr.time(s.start, c.tz))
}

/// `lundi 26/11/2026`, `Monday 26 Nov 2026`.
fn day_label(c: &Ctx, d: NaiveDate) -> String {
    let name =
        c.tr.t(&format!("sel-weekday-{}", d.weekday().number_from_monday()));
    let date = match c.tr.lang {
        Lang::Fr => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    };
    format!("{name} {date}")
}

/// A day typed as `AAAA-MM-JJ` (what a date field sends) or `JJ/MM/AAAA` (what people type
/// where the browser has no date picker), as the library reads it.
fn typed_day(raw: &str) -> String {
    let s = raw.trim();
    match NaiveDate::parse_from_str(s, "%d/%m/%Y") {
        Ok(d) => d.to_string(),
        Err(_) => s.to_owned(),
    }
}

/// Like [`refusal_message`], with the library's field names moved onto the page's inputs. A
/// field the page already refused keeps the page's reason (it says what was typed wrong).
fn refusal_onto(
    c: &Ctx,
    r: Refusal,
    form: &mut FormState,
    conflict_field: &str,
    rename: impl Fn(&str) -> String,
) -> Result<(), PageError> {
    let mut said = FormState::default();
    refusal_message(c, r, &mut said, conflict_field)?;
    for (field, message) in said.errors {
        let field = if field == conflict_field {
            field
        } else {
            rename(&field)
        };
        if !form.has(&field) {
            form.add(&field, message);
        }
    }
    Ok(())
}

/// The label of a field of these pages, to name it in the refusal summary (whose shared
/// wording only knows the core pages' fields).
fn field_label(c: &Ctx, field: &str) -> Option<String> {
    if let Some((kind, row)) = field.rsplit_once('_')
        && let Ok(row) = row.parse::<usize>()
    {
        let key = match kind {
            "weekday" => "spa-label-row-weekday",
            "start" => "spa-label-row-start",
            "end" => "spa-label-row-end",
            "use" => "spa-label-row-use",
            _ => return None,
        };
        return Some(c.tr.ta(key, &[("row", &(row + 1).to_string())]));
    }
    let key = match field {
        "space_name" => "spa-label-name",
        "space_floor" => "spa-label-floor",
        "space_capacity" => "spa-label-capacity",
        "space_equipment" => "spa-label-equipment",
        "space_description" => "spa-label-description",
        "space_parent_id" => "spa-label-parent",
        "use_code" => "spa-label-use-code",
        "use_name" => "spa-label-use-name",
        "use_colour" => "spa-label-use-colour",
        "use_mode" => "spa-label-use-mode",
        "use_capacity" => "spa-label-use-capacity",
        "use_associations" => "spa-legend-associations",
        "use_min_minutes" => "spa-label-min",
        "use_max_minutes" => "spa-label-max",
        "use_notice_minutes" => "spa-label-notice",
        "use_price_kind" => "spa-label-price-kind",
        "use_price_per_hour" => "spa-label-price",
        "use_changeover_before" => "spa-label-changeover-before",
        "use_changeover_after" => "spa-label-changeover-after",
        "use_checkin_grace_minutes" => "spa-label-grace",
        "exc_space_id" => "spa-label-exception-scope",
        "exc_day" => "spa-label-exception-day",
        "exc_start" => "spa-label-exception-start",
        "exc_end" => "spa-label-exception-end",
        "exc_use_id" => "spa-label-exception-use",
        "exc_label" => "spa-label-exception-label",
        "door_kiosk_id" => "spa-label-door",
        "horaires" => "spa-timetable-title",
        _ => return None,
    };
    Some(c.tr.t(key))
}

/// Each refusal of a form shown again says which field it is about.
fn labelled(c: &Ctx, mut form: FormState) -> FormState {
    for (field, message) in &mut form.errors {
        if let Some(label) = field_label(c, field) {
            *message =
                c.tr.ta("spa-error-at", &[("label", &label), ("message", message)]);
        }
    }
    form
}

fn actor(c: &Ctx) -> Result<crate::audit::Actor, PageError> {
    Ok(c.account()?.actor())
}

async fn space_or_404(pool: &SqlitePool, c: &Ctx, id: i64) -> Result<Space, PageError> {
    match spaces::space(pool, id).await {
        Ok(s) => Ok(s),
        Err(Refusal::NotFound) => Err(not_found(c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

async fn use_or_404(pool: &SqlitePool, c: &Ctx, id: i64) -> Result<Use, PageError> {
    match spaces::use_(pool, id).await {
        Ok(u) => Ok(u),
        Err(Refusal::NotFound) => Err(not_found(c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

/// The `space` kiosks with the space whose door each one is.
#[derive(Debug, Clone, sqlx::FromRow)]
struct DoorKiosk {
    id: String,
    label: String,
    space_id: Option<i64>,
    space_name: Option<String>,
}

async fn door_kiosks(pool: &SqlitePool) -> Result<Vec<DoorKiosk>, sqlx::Error> {
    sqlx::query_as(
        "SELECT k.id, k.label, d.space_id, s.name AS space_name FROM kiosks k
         LEFT JOIN space_doors d ON d.kiosk_id = k.id LEFT JOIN spaces s ON s.id = d.space_id
         WHERE k.role = 'space' ORDER BY k.label, k.id",
    )
    .fetch_all(pool)
    .await
}

// ---------------------------------------------------------------------------------------------
// Views

/// A space in the list.
#[derive(Debug, Clone)]
struct SpaceLine {
    id: i64,
    name: String,
    floor: String,
    capacity: i64,
    /// "plain-pied, boucle magnétique".
    access: String,
    /// The whole this space is a half of.
    whole: Option<String>,
    refuse_when_full: bool,
    doors: Vec<String>,
}

fn space_lines(c: &Ctx, all: &[Space], kiosks: &[DoorKiosk]) -> Vec<SpaceLine> {
    all.iter()
        .map(|s| SpaceLine {
            id: s.id,
            name: s.name.clone(),
            floor: s.floor.clone(),
            capacity: s.capacity,
            access: access_text(c, s),
            whole: s
                .parent_id
                .and_then(|p| all.iter().find(|w| w.id == p))
                .map(|w| w.name.clone()),
            refuse_when_full: s.refuse_when_full,
            doors: kiosks
                .iter()
                .filter(|k| k.space_id == Some(s.id))
                .map(|k| k.label.clone())
                .collect(),
        })
        .collect()
}

fn access_text(c: &Ctx, s: &Space) -> String {
    let mut parts = vec![];
    if s.step_free {
        parts.push(c.tr.t("spa-step-free"));
    }
    if s.hearing_loop {
        parts.push(c.tr.t("spa-hearing-loop"));
    }
    if parts.is_empty() {
        c.tr.t("spa-access-none")
    } else {
        parts.join(", ")
    }
}

/// A use in the list, in words.
#[derive(Debug, Clone)]
struct UseLine {
    id: i64,
    code: String,
    name: String,
    colour: String,
    mode: String,
    capacity: String,
    who: String,
    approval: String,
    price: String,
    changeover: String,
    grace: String,
    public: bool,
}

fn price_text(c: &Ctx, kind: &str, per_hour: i64) -> String {
    match kind {
        "euros" => match c.tr.lang {
            Lang::Fr => c.tr.ta(
                "spa-price-euros",
                &[("amount", &format!("{} €", euros_typed(c, per_hour)))],
            ),
            Lang::En => c.tr.ta(
                "spa-price-euros",
                &[("amount", &format!("€{}", euros_typed(c, per_hour)))],
            ),
        },
        "sel" => c.tr.ta(
            "spa-price-sel",
            &[("amount", &crate::time::hours(per_hour))],
        ),
        _ => c.tr.t("spa-price-free"),
    }
}

fn use_line(c: &Ctx, u: &Use, associations: &[people::Association]) -> UseLine {
    let mut who = vec![c.tr.t("spa-who-staff")];
    if u.open_to_everyone {
        who.push(c.tr.t("spa-who-everyone"));
    }
    if u.open_to_residents {
        who.push(c.tr.t("spa-who-residents"));
    }
    if u.open_to_associations {
        if u.associations.is_empty() {
            who.push(c.tr.t("spa-who-associations"));
        } else {
            let names: Vec<&str> = associations
                .iter()
                .filter(|a| u.associations.contains(&a.id))
                .map(|a| a.name.as_str())
                .collect();
            who.push(c.tr.ta("spa-who-some-associations", &[("names", &names.join(", "))]));
        }
    }
    let changeover = if u.changeover_before == 0 && u.changeover_after == 0 {
        c.tr.t("spa-changeover-none")
    } else {
        c.tr.ta(
            "spa-changeover-text",
            &[
                ("before", &u.changeover_before.to_string()),
                ("after", &u.changeover_after.to_string()),
            ],
        )
    };
    UseLine {
        id: u.id,
        code: u.code.clone(),
        name: u.name.clone(),
        colour: u.colour.clone(),
        mode: c.tr.tk("spa-mode", u.mode.as_str()),
        capacity: u
            .capacity
            .map_or_else(|| c.tr.t("spa-capacity-of-space"), |n| n.to_string()),
        who: who.join(", "),
        approval: if u.approval {
            c.tr.t("spa-approval-yes")
        } else {
            c.tr.t("spa-approval-no")
        },
        price: price_text(c, &u.price_kind, u.price_per_hour),
        changeover,
        grace: u.checkin_grace_minutes.map_or_else(
            || c.tr.t("spa-grace-none"),
            |g| c.tr.ta("spa-grace-text", &[("minutes", &g.to_string())]),
        ),
        public: u.public_by_default,
    }
}

/// An association to tick in the use form.
#[derive(Debug, Clone)]
struct AssociationChoice {
    id: i64,
    name: String,
    checked: bool,
}

fn association_choices(all: &[people::Association], chosen: &[i64]) -> Vec<AssociationChoice> {
    all.iter()
        .map(|a| AssociationChoice {
            id: a.id,
            name: a.name.clone(),
            checked: chosen.contains(&a.id),
        })
        .collect()
}

/// A dated exception, in words.
#[derive(Debug, Clone)]
struct ExceptionLine {
    id: i64,
    day: String,
    hours: String,
    effect: String,
    label: String,
    /// "tout le site", or the space's name.
    scope: String,
    site_wide: bool,
}

fn exception_line(
    c: &Ctx,
    e: &spaces::Exception,
    uses: &[Use],
    all_spaces: &[Space],
) -> ExceptionLine {
    ExceptionLine {
        id: e.id,
        day: day_label(c, e.day),
        hours: match (e.start_minute, e.end_minute) {
            (Some(s), Some(t)) => time_span(c, s, t),
            _ => c.tr.t("spa-whole-day"),
        },
        effect: match e.use_id {
            None => c.tr.t("spa-closed"),
            Some(u) => c.tr.ta(
                "spa-open-for",
                &[(
                    "name",
                    uses.iter()
                        .find(|x| x.id == u)
                        .map_or("?", |x| x.name.as_str()),
                )],
            ),
        },
        label: e.label.clone(),
        scope: match e.space_id {
            None => c.tr.t("spa-whole-site"),
            Some(s) => all_spaces
                .iter()
                .find(|x| x.id == s)
                .map_or_else(|| s.to_string(), |x| x.name.clone()),
        },
        site_wide: e.space_id.is_none(),
    }
}

/// The uses to choose from: (id, name).
fn use_options(uses: &[Use]) -> Vec<(String, String)> {
    uses.iter()
        .map(|u| (u.id.to_string(), u.name.clone()))
        .collect()
}

/// The exception form's fields.
const EXCEPTION_FIELDS: [&str; 6] = [
    "exc_space_id",
    "exc_day",
    "exc_start",
    "exc_end",
    "exc_use_id",
    "exc_label",
];

fn default_exception_form(c: &Ctx, space_id: Option<i64>) -> FormState {
    FormState::with(&[
        (
            "exc_space_id",
            &space_id.map(|s| s.to_string()).unwrap_or_default(),
        ),
        ("exc_day", &today(c).to_string()),
    ])
}
