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

use super::pages::{FormState, html, html_status, not_found, refusal_message, see_other};
use super::{ADMIN, Ctx, F, P, PageError, Routes, STAFF};
use crate::AppState;
use crate::i18n::Lang;
use crate::people::{self, Refusal};
use crate::spaces::{
    self, ExceptionInput, Space, SpaceInput, Use, UseInput, WindowInput, heatmap, hhmm, occupancy,
    parse_hhmm, timetable,
};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use serde::Deserialize;
use sqlx::SqlitePool;

/// Declares the chrono'espaces' administration pages and the occupancy page.
pub(super) fn declare(r: &mut Routes) {
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
        "sel" => {
            c.tr.ta("spa-price-sel", &[("amount", &crate::sel::hours(per_hour))])
        }
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

// ---------------------------------------------------------------------------------------------
// The list: spaces, uses, site-wide exceptions

#[derive(Template)]
#[template(path = "spaces_admin_list.html")]
struct ListPage {
    c: Ctx,
    spaces: Vec<SpaceLine>,
    /// The spaces that may be divided: (id, name).
    wholes: Vec<(i64, String)>,
    /// Where an exception may apply: ("" for the whole site, or a space's id; its name).
    scopes: Vec<(String, String)>,
    uses: Vec<UseLine>,
    /// The uses an exception may open for: (id, name).
    use_options: Vec<(String, String)>,
    site_exceptions: Vec<ExceptionLine>,
    space_form: FormState,
    use_form: FormState,
    associations: Vec<AssociationChoice>,
    exception_form: FormState,
}

/// What a refused form on the list page brings back.
#[derive(Default)]
struct ListForms {
    space: Option<FormState>,
    use_: Option<(FormState, Vec<i64>)>,
    exception: Option<FormState>,
}

fn default_space_form() -> FormState {
    FormState::with(&[("space_refuse_when_full", "on")])
}

fn default_use_form() -> FormState {
    FormState::with(&[
        ("use_colour", "#2c7fb8"),
        ("use_mode", "exclusive"),
        ("use_min_minutes", "30"),
        ("use_max_minutes", "240"),
        ("use_notice_minutes", "0"),
        ("use_price_kind", "free"),
        ("use_changeover_before", "0"),
        ("use_changeover_after", "0"),
    ])
}

async fn list_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    list_with(&state, c, ListForms::default(), StatusCode::OK).await
}

async fn list_with(
    state: &AppState,
    c: Ctx,
    forms: ListForms,
    status: StatusCode,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let all = spaces::spaces(pool).await?;
    let kiosks = door_kiosks(pool).await?;
    let uses = spaces::uses(pool).await?;
    let associations = people::associations(pool).await?;
    let from = today(&c);
    let site_exceptions = spaces::exceptions(pool, from, from + Duration::days(EXCEPTION_DAYS))
        .await?
        .iter()
        .filter(|e| e.space_id.is_none())
        .map(|e| exception_line(&c, e, &uses, &all))
        .collect();
    let (use_form, chosen) = forms
        .use_
        .map(|(f, chosen)| (labelled(&c, f), chosen))
        .unwrap_or_else(|| (default_use_form(), Vec::new()));
    let page = ListPage {
        spaces: space_lines(&c, &all, &kiosks),
        wholes: all
            .iter()
            .filter(|s| s.parent_id.is_none())
            .map(|s| (s.id, s.name.clone()))
            .collect(),
        scopes: std::iter::once((String::new(), c.tr.t("spa-whole-site")))
            .chain(all.iter().map(|s| (s.id.to_string(), s.name.clone())))
            .collect(),
        uses: uses
            .iter()
            .map(|u| use_line(&c, u, &associations))
            .collect(),
        use_options: use_options(&uses),
        site_exceptions,
        space_form: forms
            .space
            .map_or_else(default_space_form, |f| labelled(&c, f)),
        use_form,
        associations: association_choices(&associations, &chosen),
        exception_form: forms
            .exception
            .map_or_else(|| default_exception_form(&c, None), |f| labelled(&c, f)),
        c,
    };
    html_status(status, page)
}

/// The space form's fields.
const SPACE_FIELDS: [&str; 9] = [
    "space_name",
    "space_floor",
    "space_capacity",
    "space_equipment",
    "space_step_free",
    "space_hearing_loop",
    "space_description",
    "space_parent_id",
    "space_refuse_when_full",
];

/// The space as typed, and the form with what could not be read (those fields hold
/// [`UNREADABLE`], which the library refuses).
fn space_input(c: &Ctx, f: &Fields) -> (SpaceInput, FormState) {
    let mut form = f.keep(&SPACE_FIELDS);
    let capacity = match typed_number(f.get("space_capacity")) {
        Ok(Some(n)) => n,
        _ => {
            form.add("space_capacity", c.tr.t("error-space-capacity"));
            UNREADABLE
        }
    };
    let parent_id = match typed_number(f.get("space_parent_id")) {
        Ok(p) => p,
        Err(()) => {
            form.add("space_parent_id", c.tr.t("error-space-parent-unknown"));
            Some(UNREADABLE)
        }
    };
    let input = SpaceInput {
        name: f.get("space_name").to_owned(),
        floor: f.get("space_floor").to_owned(),
        capacity,
        equipment: f.get("space_equipment").to_owned(),
        step_free: f.on("space_step_free"),
        hearing_loop: f.on("space_hearing_loop"),
        description: f.get("space_description").to_owned(),
        parent_id,
        refuse_when_full: f.on("space_refuse_when_full"),
    };
    (input, form)
}

async fn space_create(
    State(state): State<AppState>,
    c: Ctx,
    F(pairs): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let (input, mut form) = space_input(&c, &Fields(pairs));
    match spaces::create_space(&state.pool, &actor, &input).await {
        Ok(s) => {
            return Ok(see_other(&format!(
                "/admin/salles/{}?ok=ok-spa-space-created",
                s.id
            )));
        }
        Err(r) => refusal_onto(&c, r, &mut form, "space_name", space_field)?,
    }
    let forms = ListForms {
        space: Some(form),
        ..ListForms::default()
    };
    list_with(&state, c, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// The use form's fields (besides the associations, which may come several times).
const USE_FIELDS: [&str; 18] = [
    "use_code",
    "use_name",
    "use_colour",
    "use_mode",
    "use_capacity",
    "use_open_to_residents",
    "use_open_to_associations",
    "use_open_to_everyone",
    "use_min_minutes",
    "use_max_minutes",
    "use_notice_minutes",
    "use_approval",
    "use_price_kind",
    "use_price_per_hour",
    "use_changeover_before",
    "use_changeover_after",
    "use_checkin_grace_minutes",
    "use_public_by_default",
];

fn use_form_of(c: &Ctx, u: &Use) -> FormState {
    let price = match u.price_kind.as_str() {
        "euros" => euros_typed(c, u.price_per_hour),
        "sel" => u.price_per_hour.to_string(),
        _ => String::new(),
    };
    FormState::with(&[
        ("use_code", &u.code),
        ("use_name", &u.name),
        ("use_colour", &u.colour),
        ("use_mode", u.mode.as_str()),
        (
            "use_capacity",
            &u.capacity.map(|n| n.to_string()).unwrap_or_default(),
        ),
        ("use_open_to_residents", checked(u.open_to_residents)),
        ("use_open_to_associations", checked(u.open_to_associations)),
        ("use_open_to_everyone", checked(u.open_to_everyone)),
        ("use_min_minutes", &u.min_minutes.to_string()),
        ("use_max_minutes", &u.max_minutes.to_string()),
        ("use_notice_minutes", &u.notice_minutes.to_string()),
        ("use_approval", checked(u.approval)),
        ("use_price_kind", &u.price_kind),
        ("use_price_per_hour", &price),
        ("use_changeover_before", &u.changeover_before.to_string()),
        ("use_changeover_after", &u.changeover_after.to_string()),
        (
            "use_checkin_grace_minutes",
            &u.checkin_grace_minutes
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ),
        ("use_public_by_default", checked(u.public_by_default)),
    ])
}

/// A value the library refuses for the field (and so do the database's checks), put in place of
/// a number that could not be read: the library then still checks every other field, and one
/// round shows every reason while nothing can be written.
const UNREADABLE: i64 = -1;

/// The use as typed (the ranges are the library's to check), the form with what could not be
/// read (those fields hold [`UNREADABLE`]), and the associations ticked.
fn use_input(c: &Ctx, f: &Fields) -> (UseInput, FormState, Vec<i64>) {
    let mut form = f.keep(&USE_FIELDS);
    let mut associations = vec![];
    for a in f.all("use_associations") {
        match a.trim().parse::<i64>() {
            Ok(id) if !associations.contains(&id) => associations.push(id),
            Ok(_) => {}
            Err(_) => {
                form.add(
                    "use_associations",
                    c.tr.t("error-space-association-unknown"),
                );
                associations.push(UNREADABLE);
            }
        }
    }
    // `None` when empty and optional.
    let mut number = |field: &str, required: bool| -> Option<i64> {
        match typed_number(f.get(field)) {
            Ok(Some(n)) => Some(n),
            Ok(None) if !required => None,
            Ok(None) => {
                form.add(field, c.tr.t("spa-error-number-required"));
                Some(UNREADABLE)
            }
            Err(()) => {
                form.add(field, c.tr.t("spa-error-number"));
                Some(UNREADABLE)
            }
        }
    };
    let capacity = number("use_capacity", false);
    let min_minutes = number("use_min_minutes", true).unwrap_or(UNREADABLE);
    let max_minutes = number("use_max_minutes", true).unwrap_or(UNREADABLE);
    let notice_minutes = number("use_notice_minutes", false).unwrap_or(0);
    let changeover_before = number("use_changeover_before", false).unwrap_or(0);
    let changeover_after = number("use_changeover_after", false).unwrap_or(0);
    let grace = number("use_checkin_grace_minutes", false);
    let price_kind = f.get("use_price_kind").trim().to_owned();
    let raw_price = f.get("use_price_per_hour").trim();
    let mut unreadable_price = |key: &str| {
        form.add("use_price_per_hour", c.tr.t(key));
        UNREADABLE
    };
    let price_per_hour = match price_kind.as_str() {
        "euros" | "sel" if raw_price.is_empty() => unreadable_price("spa-error-price-required"),
        "euros" => typed_euros(raw_price).unwrap_or_else(|| unreadable_price("spa-error-euros")),
        "sel" => match typed_number(raw_price) {
            Ok(Some(n)) => n,
            _ => unreadable_price("spa-error-sel-minutes"),
        },
        // Free, or a kind the library refuses by name: an amount typed anyway is its to refuse.
        _ if raw_price.is_empty() => 0,
        _ => typed_euros(raw_price).unwrap_or_else(|| unreadable_price("error-space-price")),
    };
    let input = UseInput {
        code: f.get("use_code").to_owned(),
        name: f.get("use_name").to_owned(),
        colour: f.get("use_colour").to_owned(),
        mode: f.get("use_mode").to_owned(),
        capacity,
        open_to_residents: f.on("use_open_to_residents"),
        open_to_associations: f.on("use_open_to_associations"),
        open_to_everyone: f.on("use_open_to_everyone"),
        associations: associations.clone(),
        min_minutes,
        max_minutes,
        notice_minutes,
        approval: f.on("use_approval"),
        price_kind,
        price_per_hour,
        changeover_before,
        changeover_after,
        checkin_grace_minutes: grace,
        public_by_default: f.on("use_public_by_default"),
    };
    associations.retain(|a| *a != UNREADABLE);
    (input, form, associations)
}

/// The library's names for the use's fields, moved onto the form's.
fn use_field(field: &str) -> String {
    format!("use_{field}")
}

/// The library's names for the space's fields, moved onto the form's.
fn space_field(field: &str) -> String {
    format!("space_{field}")
}

async fn use_create(
    State(state): State<AppState>,
    c: Ctx,
    F(pairs): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let (input, mut form, chosen) = use_input(&c, &Fields(pairs));
    // With a number unreadable, the library still says what else is wrong, and refuses.
    match spaces::create_use(&state.pool, &actor, &input).await {
        Ok(_) => return Ok(see_other("/admin/salles?ok=ok-spa-use-created#usages")),
        Err(r) => refusal_onto(&c, r, &mut form, "use_code", use_field)?,
    }
    let forms = ListForms {
        use_: Some((form, chosen)),
        ..ListForms::default()
    };
    list_with(&state, c, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}

// ---------------------------------------------------------------------------------------------
// One use

#[derive(Template)]
#[template(path = "spaces_admin_use.html")]
struct UsePage {
    c: Ctx,
    id: i64,
    name: String,
    form: FormState,
    associations: Vec<AssociationChoice>,
}

async fn use_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let u = use_or_404(&state.pool, &c, id).await?;
    let associations = people::associations(&state.pool).await?;
    html(UsePage {
        id,
        form: use_form_of(&c, &u),
        associations: association_choices(&associations, &u.associations),
        name: u.name,
        c,
    })
}

async fn use_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(pairs): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let u = use_or_404(&state.pool, &c, id).await?;
    let (input, mut form, chosen) = use_input(&c, &Fields(pairs));
    // With a number unreadable, the library still says what else is wrong, and refuses.
    match spaces::update_use(&state.pool, &actor, id, &input).await {
        Ok(_) => return Ok(see_other("/admin/salles?ok=ok-spa-use-saved#usages")),
        Err(r) => refusal_onto(&c, r, &mut form, "use_code", use_field)?,
    }
    let associations = people::associations(&state.pool).await?;
    html_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        UsePage {
            id,
            form: labelled(&c, form),
            associations: association_choices(&associations, &chosen),
            name: u.name,
            c,
        },
    )
}

// ---------------------------------------------------------------------------------------------
// One space: its description, timetable, exceptions, door and feed

/// A row of the timetable form.
#[derive(Debug, Clone)]
struct TimetableRow {
    i: usize,
    /// 1-based, as shown.
    n: usize,
    weekday: String,
    start: String,
    end: String,
    use_id: String,
    remove: bool,
    /// Whether the row holds a window (and so may be removed).
    filled: bool,
    /// Why the row was refused, field by field ("" when it was not).
    err_weekday: String,
    err_start: String,
    err_end: String,
    err_use: String,
}

impl TimetableRow {
    fn blank(i: usize) -> TimetableRow {
        TimetableRow {
            i,
            n: i + 1,
            weekday: String::new(),
            start: String::new(),
            end: String::new(),
            use_id: String::new(),
            remove: false,
            filled: false,
            err_weekday: String::new(),
            err_start: String::new(),
            err_end: String::new(),
            err_use: String::new(),
        }
    }

    /// Takes the refusals of this row's fields from the form.
    fn with_errors(mut self, form: &FormState) -> TimetableRow {
        let i = self.i;
        self.err_weekday = form.e(&format!("weekday_{i}")).to_owned();
        self.err_start = form.e(&format!("start_{i}")).to_owned();
        self.err_end = form.e(&format!("end_{i}")).to_owned();
        self.err_use = form.e(&format!("use_{i}")).to_owned();
        self
    }

    fn is_empty(&self) -> bool {
        [&self.weekday, &self.start, &self.end, &self.use_id]
            .iter()
            .all(|v| v.trim().is_empty())
    }
}

/// The rows as posted: `weekday_3`, `start_3`, `end_3`, `use_3`, `remove_3`.
fn posted_rows(f: &Fields) -> Vec<TimetableRow> {
    let count =
        f.0.iter()
            .filter_map(|(k, _)| k.rsplit_once('_')?.1.parse::<usize>().ok())
            .filter(|i| *i < MAX_ROWS)
            .map(|i| i + 1)
            .max()
            .unwrap_or(0);
    (0..count)
        .map(|i| {
            let mut row = TimetableRow::blank(i);
            row.weekday = f.get(&format!("weekday_{i}")).trim().to_owned();
            row.start = f.get(&format!("start_{i}")).trim().to_owned();
            row.end = f.get(&format!("end_{i}")).trim().to_owned();
            row.use_id = f.get(&format!("use_{i}")).trim().to_owned();
            row.remove = f.on(&format!("remove_{i}"));
            row.filled = !row.is_empty();
            row
        })
        .collect()
}

/// The windows the rows keep, each with its row, or the form with each wrong row's reasons.
fn rows_to_windows(
    c: &Ctx,
    rows: &[TimetableRow],
    uses: &[Use],
) -> Result<Vec<WindowInput>, FormState> {
    let mut form = FormState::default();
    // (row, weekday, start, end) of the rows read so far, to find overlaps.
    let mut read: Vec<(usize, u32, u32, u32)> = vec![];
    let mut windows = vec![];
    for row in rows.iter().filter(|r| !r.remove && !r.is_empty()) {
        let i = row.i;
        let weekday = row
            .weekday
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=7).contains(d));
        if weekday.is_none() {
            form.add(&format!("weekday_{i}"), c.tr.t("spa-error-weekday"));
        }
        let start = parse_hhmm(&row.start).filter(|m| *m < 1440);
        if start.is_none() {
            form.add(&format!("start_{i}"), c.tr.t("error-space-time-invalid"));
        }
        let end = parse_hhmm(&row.end);
        if end.is_none() {
            form.add(&format!("end_{i}"), c.tr.t("error-space-time-invalid"));
        }
        let use_id = row
            .use_id
            .parse::<i64>()
            .ok()
            .filter(|u| uses.iter().any(|x| x.id == *u));
        if use_id.is_none() {
            form.add(&format!("use_{i}"), c.tr.t("spa-error-use"));
        }
        let (Some(weekday), Some(start), Some(end), Some(use_id)) = (weekday, start, end, use_id)
        else {
            continue;
        };
        if end <= start {
            form.add(&format!("end_{i}"), c.tr.t("error-space-end-before-start"));
            continue;
        }
        if let Some((other, d, s, e)) = read
            .iter()
            .find(|(_, d, s, e)| *d == weekday && *s < end && start < *e)
        {
            form.add(
                &format!("start_{i}"),
                c.tr.ta(
                    "spa-error-overlap",
                    &[
                        ("row", &(other + 1).to_string()),
                        ("day", &c.tr.t(&format!("sel-weekday-{d}"))),
                        ("hours", &time_span(c, *s, *e)),
                    ],
                ),
            );
            continue;
        }
        read.push((i, weekday, start, end));
        windows.push(WindowInput {
            weekday,
            start: hhmm(start),
            end: hhmm(end),
            use_id,
        });
    }
    if form.errors.is_empty() {
        Ok(windows)
    } else {
        Err(form)
    }
}

/// A space's timetable as rows, with empty ones to add windows.
fn rows_of(windows: &[spaces::Window]) -> Vec<TimetableRow> {
    let mut rows: Vec<TimetableRow> = windows
        .iter()
        .enumerate()
        .map(|(i, w)| TimetableRow {
            i,
            n: i + 1,
            weekday: w.weekday.to_string(),
            start: hhmm(w.start_minute),
            end: hhmm(w.end_minute),
            use_id: w.use_id.to_string(),
            filled: true,
            ..TimetableRow::blank(i)
        })
        .collect();
    let filled = rows.len();
    rows.extend((filled..filled + EMPTY_ROWS).map(TimetableRow::blank));
    rows
}

/// A window of the week's preview.
#[derive(Debug, Clone)]
struct PreviewSlot {
    time: String,
    use_name: String,
    colour: String,
    /// The exception that opened it.
    label: Option<String>,
}

/// A day of the week's preview.
#[derive(Debug, Clone)]
struct PreviewDay {
    /// `AAAA-MM-JJ`, for the row's id.
    date: String,
    label: String,
    today: bool,
    slots: Vec<PreviewSlot>,
    /// The exceptions of that day (site-wide and the space's own), in words.
    exceptions: Vec<String>,
}

/// A `space` kiosk to choose as the door.
#[derive(Debug, Clone)]
struct KioskChoice {
    id: String,
    /// "Salle polyvalente — porte (demo-salle), porte de : Grande salle".
    text: String,
}

#[derive(Template)]
#[template(path = "spaces_admin_space.html")]
struct SpacePage {
    c: Ctx,
    space: Space,
    /// The room this space is a half of: (id, name).
    whole: Option<(i64, String)>,
    /// Its halves: (id, name).
    halves: Vec<(i64, String)>,
    form: FormState,
    rows: Vec<TimetableRow>,
    timetable_form: FormState,
    weekdays: Vec<(String, String)>,
    /// The uses: (id, name).
    use_options: Vec<(String, String)>,
    /// Where an exception may apply: this space, or the whole site.
    scopes: Vec<(String, String)>,
    week: Vec<PreviewDay>,
    week_label: String,
    previous_week: String,
    next_week: String,
    exceptions: Vec<ExceptionLine>,
    exception_form: FormState,
    kiosks: Vec<KioskChoice>,
    /// The door kiosks of this space: their labels.
    doors: Vec<String>,
    door_form: FormState,
    feed_path: String,
    feed_url: String,
}

/// What a refused form on a space's page brings back.
#[derive(Default)]
struct SpaceForms {
    space: Option<FormState>,
    timetable: Option<(Vec<TimetableRow>, FormState)>,
    exception: Option<FormState>,
    door: Option<FormState>,
}

#[derive(Debug, Default, Deserialize)]
struct WeekQuery {
    #[serde(default)]
    semaine: String,
}

fn space_form_of(s: &Space) -> FormState {
    FormState::with(&[
        ("space_name", &s.name),
        ("space_floor", &s.floor),
        ("space_capacity", &s.capacity.to_string()),
        ("space_equipment", &s.equipment),
        ("space_step_free", checked(s.step_free)),
        ("space_hearing_loop", checked(s.hearing_loop)),
        ("space_description", &s.description),
        ("space_refuse_when_full", checked(s.refuse_when_full)),
    ])
}

async fn space_page(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    P(id): P<i64>,
    Query(q): Query<WeekQuery>,
) -> Result<Response, PageError> {
    let week = q.semaine.trim().parse::<NaiveDate>().ok();
    space_with(
        &state,
        c,
        &headers,
        id,
        week,
        SpaceForms::default(),
        StatusCode::OK,
    )
    .await
}

/// The absolute URL of a path, as the browser reached this server.
fn absolute(headers: &HeaderMap, behind_proxy: bool, path: &str) -> String {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let host = behind_proxy
        .then(|| header("x-forwarded-host"))
        .flatten()
        .or_else(|| header("host"))
        .unwrap_or("localhost");
    let scheme = if behind_proxy && header("x-forwarded-proto") == Some("https") {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}{path}")
}

async fn space_with(
    state: &AppState,
    c: Ctx,
    headers: &HeaderMap,
    id: i64,
    week: Option<NaiveDate>,
    forms: SpaceForms,
    status: StatusCode,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let space = space_or_404(pool, &c, id).await?;
    let all = spaces::spaces(pool).await?;
    let uses = spaces::uses(pool).await?;
    let kiosks = door_kiosks(pool).await?;
    let windows = spaces::windows(pool, &[id]).await?;
    let today = today(&c);
    let monday = {
        let d = week.unwrap_or(today);
        d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
    };
    let sunday = monday + Duration::days(6);
    let mut conn = pool.acquire().await?;
    let slots = timetable::slots(&mut conn, c.tz, &[id], monday, sunday).await?;
    drop(conn);
    let week_exceptions = spaces::exceptions(pool, monday, sunday).await?;
    let week_days = (0..7)
        .map(|offset| {
            let day = monday + Duration::days(offset);
            PreviewDay {
                date: day.to_string(),
                label: day_label(&c, day),
                today: day == today,
                slots: slots
                    .iter()
                    .filter(|s| s.day == day)
                    .map(|s| {
                        let u = uses.iter().find(|u| u.id == s.use_id);
                        PreviewSlot {
                            time: slot_time(&c, s),
                            use_name: u.map_or_else(|| "?".to_owned(), |u| u.name.clone()),
                            colour: u.map_or_else(|| "#ffffff".to_owned(), |u| u.colour.clone()),
                            label: s.label.clone(),
                        }
                    })
                    .collect(),
                exceptions: week_exceptions
                    .iter()
                    .filter(|e| e.day == day && e.space_id.is_none_or(|s| s == id))
                    .map(|e| {
                        let line = exception_line(&c, e, &uses, &all);
                        format!(
                            "{} ({}, {}, {})",
                            line.label, line.hours, line.effect, line.scope
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    let exceptions = spaces::exceptions(pool, today, today + Duration::days(EXCEPTION_DAYS))
        .await?
        .iter()
        .filter(|e| e.space_id.is_none_or(|s| s == id))
        .map(|e| exception_line(&c, e, &uses, &all))
        .collect();
    let (rows, timetable_form) = forms
        .timetable
        .unwrap_or_else(|| (rows_of(&windows), FormState::default()));
    let feed_path = format!("/calendrier/salle/{}", space.calendar_token);
    let page = SpacePage {
        whole: space
            .parent_id
            .and_then(|p| all.iter().find(|s| s.id == p))
            .map(|s| (s.id, s.name.clone())),
        halves: all
            .iter()
            .filter(|s| s.parent_id == Some(id))
            .map(|s| (s.id, s.name.clone()))
            .collect(),
        form: forms
            .space
            .map_or_else(|| space_form_of(&space), |f| labelled(&c, f)),
        rows,
        timetable_form: labelled(&c, timetable_form),
        weekdays: (1..=7)
            .map(|d| (d.to_string(), c.tr.t(&format!("sel-weekday-{d}"))))
            .collect(),
        use_options: use_options(&uses),
        scopes: vec![
            (
                id.to_string(),
                c.tr.ta("spa-this-space", &[("name", &space.name)]),
            ),
            (String::new(), c.tr.t("spa-whole-site")),
        ],
        week: week_days,
        week_label: c.tr.ta(
            "spa-week-of",
            &[
                ("from", &day_label(&c, monday)),
                ("to", &day_label(&c, sunday)),
            ],
        ),
        previous_week: (monday - Duration::days(7)).to_string(),
        next_week: (monday + Duration::days(7)).to_string(),
        exceptions,
        exception_form: forms
            .exception
            .map_or_else(|| default_exception_form(&c, Some(id)), |f| labelled(&c, f)),
        kiosks: kiosks
            .iter()
            .map(|k| KioskChoice {
                id: k.id.clone(),
                text: match &k.space_name {
                    Some(s) => c.tr.ta(
                        "spa-kiosk-bound",
                        &[("kiosk", &format!("{} ({})", k.label, k.id)), ("space", s)],
                    ),
                    None => c.tr.ta(
                        "spa-kiosk-free",
                        &[("kiosk", &format!("{} ({})", k.label, k.id))],
                    ),
                },
            })
            .collect(),
        doors: kiosks
            .iter()
            .filter(|k| k.space_id == Some(id))
            .map(|k| format!("{} ({})", k.label, k.id))
            .collect(),
        door_form: labelled(&c, forms.door.unwrap_or_default()),
        feed_url: absolute(headers, state.config.behind_proxy, &feed_path),
        feed_path,
        space,
        c,
    };
    html_status(status, page)
}

async fn space_update(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    P(id): P<i64>,
    F(pairs): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    space_or_404(&state.pool, &c, id).await?;
    let (input, mut form) = space_input(&c, &Fields(pairs));
    match spaces::update_space(&state.pool, &actor, id, &input).await {
        Ok(_) => {
            return Ok(see_other(&format!(
                "/admin/salles/{id}?ok=ok-spa-space-saved"
            )));
        }
        Err(r) => refusal_onto(&c, r, &mut form, "space_name", space_field)?,
    }
    let forms = SpaceForms {
        space: Some(form),
        ..SpaceForms::default()
    };
    space_with(
        &state,
        c,
        &headers,
        id,
        None,
        forms,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

async fn timetable_save(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    P(id): P<i64>,
    F(pairs): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    space_or_404(&state.pool, &c, id).await?;
    let rows = posted_rows(&Fields(pairs));
    let uses = spaces::uses(&state.pool).await?;
    let form = match rows_to_windows(&c, &rows, &uses) {
        Ok(windows) => match spaces::set_windows(&state.pool, &actor, id, &windows).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/admin/salles/{id}?ok=ok-spa-timetable-saved#horaires"
                )));
            }
            Err(r) => {
                // The rows were checked above: this is the library's last word (a use removed
                // meanwhile), said at the table.
                let mut form = FormState::default();
                refusal_onto(&c, r, &mut form, "horaires", |_| "horaires".to_owned())?;
                form
            }
        },
        Err(form) => form,
    };
    let rows = rows.into_iter().map(|r| r.with_errors(&form)).collect();
    let forms = SpaceForms {
        timetable: Some((rows, form)),
        ..SpaceForms::default()
    };
    space_with(
        &state,
        c,
        &headers,
        id,
        None,
        forms,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
struct DoorForm {
    #[serde(default)]
    door_kiosk_id: String,
}

async fn door_set(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    P(id): P<i64>,
    F(f): F<DoorForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    space_or_404(&state.pool, &c, id).await?;
    let mut form = FormState::with(&[("door_kiosk_id", &f.door_kiosk_id)]);
    let kiosk = f.door_kiosk_id.trim();
    if kiosk.is_empty() {
        form.add("door_kiosk_id", c.tr.t("spa-error-kiosk"));
    } else {
        match spaces::set_door(&state.pool, &actor, kiosk, id).await {
            Ok(()) => {
                return Ok(see_other(&format!(
                    "/admin/salles/{id}?ok=ok-spa-door-saved#porte"
                )));
            }
            Err(r) => refusal_onto(&c, r, &mut form, "door_kiosk_id", |_| {
                "door_kiosk_id".to_owned()
            })?,
        }
    }
    let forms = SpaceForms {
        door: Some(form),
        ..SpaceForms::default()
    };
    space_with(
        &state,
        c,
        &headers,
        id,
        None,
        forms,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Confirmations: removing an exception, renewing a feed link

#[derive(Template)]
#[template(path = "spaces_admin_confirm.html")]
struct ConfirmPage {
    c: Ctx,
    title: String,
    /// What will happen, in words.
    lines: Vec<String>,
    action: String,
    /// Hidden fields to post again.
    hidden: Vec<(String, String)>,
    confirm: String,
    back: String,
}

#[derive(Debug, Default, Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    confirme: String,
    /// The space whose page the action came from (empty: the list).
    #[serde(default)]
    retour: String,
}

/// Where to go back to: a space's page, or the list.
fn back_to(retour: &str) -> String {
    match retour.trim().parse::<i64>() {
        Ok(id) => format!("/admin/salles/{id}"),
        Err(_) => "/admin/salles".to_owned(),
    }
}

async fn token_renew(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ConfirmForm>,
) -> Result<Response, PageError> {
    let space = space_or_404(&state.pool, &c, id).await?;
    if f.confirme == "oui" {
        let actor = actor(&c)?;
        return match spaces::renew_space_token(&state.pool, &actor, id).await {
            Ok(()) => Ok(see_other(&format!(
                "/admin/salles/{id}?ok=ok-spa-link-renewed#calendrier"
            ))),
            Err(Refusal::NotFound) => Err(not_found(&c)),
            Err(e) => Err(PageError::internal(e)),
        };
    }
    html(ConfirmPage {
        title: c.tr.t("spa-renew-title"),
        lines: vec![
            c.tr.ta("spa-renew-text", &[("name", &space.name)]),
            c.tr.t("spa-renew-warning"),
        ],
        action: format!("/admin/salles/{id}/lien"),
        hidden: vec![],
        confirm: c.tr.t("spa-renew-confirm"),
        back: format!("/admin/salles/{id}#calendrier"),
        c,
    })
}

async fn exception_remove(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ConfirmForm>,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    // Any day: the stored days are `AAAA-MM-JJ`.
    let (first, last) = (
        NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default(),
    );
    let exception = spaces::exceptions(pool, first, last)
        .await?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| not_found(&c))?;
    let back = back_to(&f.retour);
    if f.confirme == "oui" {
        let actor = actor(&c)?;
        return match spaces::remove_exception(pool, &actor, id).await {
            Ok(()) => Ok(see_other(&format!(
                "{back}?ok=ok-spa-exception-removed#exceptions"
            ))),
            Err(Refusal::NotFound) => Err(not_found(&c)),
            Err(e) => Err(PageError::internal(e)),
        };
    }
    let uses = spaces::uses(pool).await?;
    let all = spaces::spaces(pool).await?;
    let line = exception_line(&c, &exception, &uses, &all);
    html(ConfirmPage {
        title: c.tr.t("spa-exception-remove-title"),
        lines: vec![
            format!(
                "{} — {}, {} : {} ({})",
                line.label, line.day, line.hours, line.effect, line.scope
            ),
            c.tr.t("spa-exception-remove-text"),
        ],
        action: format!("/admin/salles/exceptions/{id}/supprimer"),
        hidden: vec![("retour".to_owned(), f.retour.trim().to_owned())],
        confirm: c.tr.t("spa-exception-remove-confirm"),
        back: format!("{back}#exceptions"),
        c,
    })
}

async fn exception_add(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    F(pairs): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let f = Fields(pairs);
    let mut form = f.keep(&EXCEPTION_FIELDS);
    // The page the form came from: a space's, or the list.
    let from_space = f.get("retour").trim().parse::<i64>().ok();
    // An unreadable choice holds a value the library refuses, after its other checks.
    let space_id = match typed_number(f.get("exc_space_id")) {
        Ok(s) => s,
        Err(()) => {
            form.add("exc_space_id", c.tr.t("error-space-unknown"));
            Some(UNREADABLE)
        }
    };
    let use_id = match typed_number(f.get("exc_use_id")) {
        Ok(u) => u,
        Err(()) => {
            form.add("exc_use_id", c.tr.t("error-space-use-unknown"));
            Some(UNREADABLE)
        }
    };
    let optional = |name: &str| Some(f.get(name).trim().to_owned()).filter(|s| !s.is_empty());
    let input = ExceptionInput {
        space_id,
        day: typed_day(f.get("exc_day")),
        start: optional("exc_start"),
        end: optional("exc_end"),
        use_id,
        label: f.get("exc_label").to_owned(),
    };
    match spaces::add_exception(&state.pool, &actor, &input).await {
        Ok(_) => {
            return Ok(see_other(&format!(
                "{}?ok=ok-spa-exception-added#exceptions",
                back_to(f.get("retour"))
            )));
        }
        Err(r) => refusal_onto(&c, r, &mut form, "exc_label", |field| {
            format!("exc_{field}")
        })?,
    }
    match from_space {
        Some(id) => {
            let forms = SpaceForms {
                exception: Some(form),
                ..SpaceForms::default()
            };
            space_with(
                &state,
                c,
                &headers,
                id,
                None,
                forms,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        None => {
            let forms = ListForms {
                exception: Some(form),
                ..ListForms::default()
            };
            list_with(&state, c, forms, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Occupancy (the desk)

/// A space now, as the night desk reads it from across the room.
#[derive(Debug, Clone)]
struct LiveLine {
    id: i64,
    name: String,
    present: i64,
    capacity: i64,
    /// "complet", "presque complet", or empty.
    state: String,
    full: bool,
    use_name: Option<String>,
    booking_title: Option<String>,
    attendees: Option<i64>,
    has_door: bool,
    /// The hourly heatmap, an `<svg>` element (its texts escaped by [`heatmap::render`]).
    heatmap: String,
}

#[derive(Template)]
#[template(path = "spaces_admin_occupancy.html")]
struct OccupancyPage {
    c: Ctx,
    spaces: Vec<LiveLine>,
    weeks: i64,
    /// (weeks, "les 4 dernières semaines").
    week_choices: Vec<(i64, String)>,
    history_help: String,
    /// "à 14 h 05".
    at: String,
}

#[derive(Debug, Default, Deserialize)]
struct OccupancyQuery {
    #[serde(default)]
    semaines: String,
}

/// The heatmap's values: the average people per weekday and hour from `first_hour`, `None` for
/// hours the space is closed every week and nobody was in.
fn heatmap_values(
    averages: &[[f64; 24]; 7],
    windows: &[&spaces::Window],
    first_hour: u32,
) -> Vec<Vec<Option<f64>>> {
    (0..7u32)
        .map(|d| {
            (first_hour..24)
                .map(|h| {
                    let v = averages[d as usize][h as usize];
                    let open = windows.iter().any(|w| {
                        w.weekday == d + 1 && w.start_minute < (h + 1) * 60 && w.end_minute > h * 60
                    });
                    (open || v > 0.0).then_some(v)
                })
                .collect()
        })
        .collect()
}

async fn occupancy_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<OccupancyQuery>,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let weeks = q
        .semaines
        .trim()
        .parse::<i64>()
        .map_or(DEFAULT_WEEKS, |w| w.clamp(1, MAX_WEEKS));
    let now = Utc::now();
    let live = occupancy::live(pool, c.tz, now).await?;
    let all = spaces::spaces(pool).await?;
    let windows = spaces::windows(pool, &[]).await?;
    let row_labels: Vec<String> = (1..=7)
        .map(|d| c.tr.t(&format!("spa-weekday-short-{d}")))
        .collect();
    let mut lines = Vec::with_capacity(live.len());
    for l in live {
        let averages = occupancy::hourly(pool, c.tz, l.space_id, weeks, now).await?;
        // Nobody came at all (no door kiosk, or a new room): no data rather than a grid of zeros.
        let any = averages.iter().flatten().any(|v| *v > 0.0);
        let own: Vec<&spaces::Window> = windows
            .iter()
            .filter(|w| w.space_id == l.space_id)
            .collect();
        // From 7 h, or earlier when the space opens or was used earlier.
        let first_hour = own
            .iter()
            .map(|w| w.start_minute / 60)
            .chain((0..24u32).filter(|h| averages.iter().any(|day| day[*h as usize] > 0.0)))
            .fold(HEATMAP_FIRST_HOUR, u32::min);
        let capacity = all
            .iter()
            .find(|s| s.id == l.space_id)
            .map_or(l.capacity, |s| s.capacity);
        let svg = heatmap::render(&heatmap::Heatmap {
            title: c.tr.ta(
                "spa-heatmap-title",
                &[("name", &l.name), ("weeks", &weeks.to_string())],
            ),
            row_labels: row_labels.clone(),
            first_hour,
            values: if any {
                heatmap_values(&averages, &own, first_hour)
            } else {
                vec![vec![None; (24 - first_hour) as usize]; 7]
            },
            capacity: u32::try_from(capacity).unwrap_or(1),
            unit_label: c.tr.t("spa-heatmap-unit"),
        });
        let full = l.capacity > 0 && l.present >= l.capacity;
        let state = if full {
            c.tr.t("spa-full")
        } else if l.capacity > 0 && l.present * 10 >= l.capacity * 9 {
            c.tr.t("spa-nearly-full")
        } else {
            String::new()
        };
        lines.push(LiveLine {
            id: l.space_id,
            name: l.name,
            present: l.present,
            capacity: l.capacity,
            state,
            full,
            use_name: l.use_name,
            booking_title: l.booking_title,
            attendees: l.attendees,
            has_door: l.has_door,
            heatmap: svg,
        });
    }
    html(OccupancyPage {
        spaces: lines,
        weeks,
        week_choices: (1..=MAX_WEEKS)
            .map(|w| (w, c.tr.tn("spa-weeks", w as usize)))
            .collect(),
        history_help: c.tr.tn("spa-history-help", weeks as usize),
        at: c.tr.time(now, c.tz),
        c,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_read_as_people_type_them() {
        assert_eq!(typed_euros("12,50"), Some(1250));
        assert_eq!(typed_euros("12.5"), Some(1250));
        assert_eq!(typed_euros(" 12 € "), Some(1200));
        assert_eq!(typed_euros("0,05"), Some(5));
        assert_eq!(typed_euros("1 200,00"), Some(120_000));
        assert_eq!(typed_euros("12,505"), None);
        assert_eq!(typed_euros("-3"), None);
        assert_eq!(typed_euros("douze"), None);
        assert_eq!(typed_euros(""), None);
    }

    #[test]
    fn numbers_and_days_are_read_as_people_type_them() {
        assert_eq!(typed_number(" 1 440 "), Ok(Some(1440)));
        assert_eq!(typed_number(""), Ok(None));
        assert_eq!(typed_number("30 min"), Err(()));
        assert_eq!(typed_day("25/12/2026"), "2026-12-25");
        assert_eq!(typed_day("2026-12-25"), "2026-12-25");
    }

    #[test]
    fn closed_hours_are_left_out_of_the_heatmap_unless_someone_came() {
        let mut averages = [[0f64; 24]; 7];
        averages[6][3] = 1.5; // Sunday 3 h: someone stayed late.
        let w = spaces::Window {
            id: 1,
            space_id: 1,
            weekday: 1,
            start_minute: 8 * 60 + 30,
            end_minute: 18 * 60,
            use_id: 1,
        };
        let values = heatmap_values(&averages, &[&w], 0);
        assert_eq!(values[0][7], None);
        assert_eq!(values[0][8], Some(0.0), "open from 8:30");
        assert_eq!(values[0][17], Some(0.0));
        assert_eq!(values[0][18], None, "closed at 18 h");
        assert_eq!(values[1][10], None, "closed on Tuesdays");
        assert_eq!(values[6][3], Some(1.5));
    }
}
