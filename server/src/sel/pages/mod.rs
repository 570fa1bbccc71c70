//! The SEL's pages: the desk's overview (`/sel`), the cashier, exchanges between members,
//! statements with their corrections, limits and membership, shifts (*permanences*), the review
//! queue, the catalogue, the yearly report, the settings (`/admin/sel`), and the resident's own
//! SEL on `/moi` (with the boxes on the person page and the desk's home).
//!
//! Every form that moves minutes carries an operation id made when the page is rendered (a UUID
//! v7): the same form posted twice is a replay of the first, never a second movement
//! (DESIGN.md §4.3). A refused form comes back with what was typed and the same id, since nothing
//! was written.

use crate::audit::Actor;
use crate::db;
use crate::i18n::Lang;
use crate::people::{self};
use crate::refusal::Refusal;
use crate::sel::ledger::{self, Account, StatementLine};
use crate::sel::shifts::{self, Shift};
use crate::sel::{Settings, hours, report, shop};
use crate::web::AppState;
use crate::web::forms::{FormState, html, html_status, not_found, refusal_message, see_other};
use crate::web::{ADMIN, Ctx, F, MEMBERS, P, PageError, Routes, STAFF, url_encode};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::Method;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;
use sqlx::SqlitePool;
use std::collections::HashMap;

mod account;
mod admin;
mod cashier;
mod me;
mod permanences;
use account::*;
use admin::*;
use cashier::*;
pub(crate) use me::*;
use permanences::*;

/// Declares the SEL pages' routes.
pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    // The desk
    r.add(M::GET, "/sel", STAFF, get(overview));
    r.add(M::GET, "/sel/encadre", STAFF, get(me::desk_box_fragment));
    r.add(
        M::POST,
        "/sel/en-cours/{id}/terminer",
        STAFF,
        post(session_close),
    );
    r.add(M::GET, "/sel/caisse", STAFF, get(cashier));
    r.add(M::GET, "/sel/caisse/badges", STAFF, get(cashier_taps));
    r.add(M::GET, "/sel/caisse/{id}", STAFF, get(cart));
    r.add(M::POST, "/sel/caisse/{id}", STAFF, post(cart_pay));
    r.add(M::POST, "/sel/caisse/{id}/total", STAFF, post(cart_total));
    r.add(M::GET, "/sel/caisse/{id}/recu", STAFF, get(receipt));
    r.add(M::GET, "/sel/echanges", STAFF, get(exchange_form));
    r.add(M::POST, "/sel/echanges", STAFF, post(exchange_create));
    r.add(M::GET, "/sel/comptes/{id}", STAFF, get(account_page));
    r.add(
        M::GET,
        "/sel/comptes/{id}/releve.csv",
        STAFF,
        get(account_csv),
    );
    r.add(
        M::POST,
        "/sel/comptes/{id}/permanence",
        STAFF,
        post(account_desk_shift),
    );
    r.add(
        M::POST,
        "/sel/comptes/{id}/ouvrir",
        STAFF,
        post(account_open),
    );
    r.add(
        M::POST,
        "/sel/comptes/{id}/limites",
        ADMIN,
        post(account_limits),
    );
    r.add(
        M::POST,
        "/sel/comptes/{id}/adhesion",
        STAFF,
        post(account_membership),
    );
    r.add(
        M::POST,
        "/sel/mouvements/{id}/correction",
        STAFF,
        post(correction),
    );
    r.add(M::GET, "/sel/permanences", STAFF, get(shifts_page));
    r.add(M::POST, "/sel/activites", STAFF, post(activity_create));
    r.add(M::POST, "/sel/activites/{id}", STAFF, post(activity_update));
    r.add(M::POST, "/sel/series", STAFF, post(series_create));
    r.add(M::GET, "/sel/permanences/{id}", STAFF, get(shift_page));
    r.add(
        M::GET,
        "/sel/permanences/{id}/annuler",
        STAFF,
        get(shift_cancel_form),
    );
    r.add(
        M::POST,
        "/sel/permanences/{id}/annuler",
        STAFF,
        post(shift_cancel),
    );
    r.add(
        M::POST,
        "/sel/permanences/{id}/inscription",
        STAFF,
        post(shift_sign_up),
    );
    r.add(
        M::POST,
        "/sel/permanences/{id}/retrait",
        STAFF,
        post(shift_withdraw),
    );
    r.add(M::GET, "/sel/revue", STAFF, get(review_page));
    r.add(M::POST, "/sel/revue/{id}", STAFF, post(review_mark));
    r.add(M::GET, "/sel/catalogue", STAFF, get(catalogue_page));
    r.add(M::POST, "/sel/catalogue", ADMIN, post(item_create));
    r.add(M::POST, "/sel/catalogue/{id}", ADMIN, post(item_update));
    r.add(M::GET, "/sel/bilan", STAFF, get(report_page));
    // Administration
    r.add(M::GET, "/admin/sel", ADMIN, get(settings_page));
    r.add(M::POST, "/admin/sel", ADMIN, post(settings_save));
    r.add(
        M::POST,
        "/admin/sel/rapprochement",
        ADMIN,
        post(reconcile_now),
    );
    // Residents and association representatives: their own SEL
    r.add(
        M::POST,
        "/moi/permanences/{id}/inscription",
        MEMBERS,
        post(my_sign_up),
    );
    r.add(
        M::POST,
        "/moi/permanences/{id}/retrait",
        MEMBERS,
        post(my_withdraw),
    );
    r.add(M::POST, "/moi/echanges", MEMBERS, post(my_give));
    r.add(
        M::POST,
        "/moi/echanges/{id}/reponse",
        MEMBERS,
        post(my_answer),
    );
    r.add(M::GET, "/moi/releve.csv", MEMBERS, get(my_csv));
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/// How far ahead the shifts pages look.
const WEEKS_AHEAD: i64 = 4;
/// How long after a tap at an entrance kiosk the cashier offers the person.
const CASHIER_TAP_MINUTES: i64 = 2;
/// How many statement lines the resident's page shows.
const MY_LINES: usize = 20;

/// A new operation id, made when a form that moves minutes is rendered.
fn new_operation() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn actor(c: &Ctx) -> Result<Actor, PageError> {
    Ok(c.account()?.actor())
}

/// Minutes with their sign, as a statement shows them: `+1 h 30`, `−45 min`.
fn signed_hours(minutes: i64) -> String {
    if minutes > 0 {
        format!("+{}", hours(minutes))
    } else {
        hours(minutes)
    }
}

/// Hours and minutes typed in two boxes, as minutes (an empty box counts as zero).
fn typed_minutes(h: &str, m: &str) -> Option<i64> {
    let part = |s: &str| -> Option<i64> {
        let s = s.trim();
        if s.is_empty() {
            return Some(0);
        }
        s.parse::<i64>().ok().filter(|v| (0..=100_000).contains(v))
    };
    part(h)?.checked_mul(60)?.checked_add(part(m)?)
}

/// A whole number as people type it: spaces between thousands and a typographic minus allowed.
fn typed_integer(raw: &str) -> Option<i64> {
    raw.trim()
        .replace([' ', '\u{a0}', '\u{202f}'], "")
        .replace('−', "-")
        .parse()
        .ok()
}

fn today(c: &Ctx) -> NaiveDate {
    Utc::now().with_timezone(&c.tz).date_naive()
}

/// The first instant of a local day.
fn day_start(c: &Ctx, d: NaiveDate) -> DateTime<Utc> {
    crate::time::resolve_local(c.tz, d.and_time(NaiveTime::MIN))
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

fn time_range(c: &Ctx, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    format!("{} – {}", c.tr.time(from, c.tz), c.tr.time(to, c.tz))
}

/// Everything a refusal says, put at one field: for a form with one input, or one of several
/// forms on a page whose inputs have their own ids.
fn refusal_at(c: &Ctx, r: Refusal, form: &mut FormState, field: &str) -> Result<(), PageError> {
    match r {
        Refusal::Invalid(errors) => {
            for e in errors {
                form.add(field, c.tr.t(e.key));
            }
        }
        Refusal::Conflict { key, arg } => form.add(field, c.tr.ta(key, &[("name", &arg)])),
        Refusal::NotFound => return Err(not_found(c)),
        Refusal::Db(e) => return Err(e.into()),
    }
    Ok(())
}

/// Gives a refused field (named by the library) the id its input has on the page.
fn rename_field(form: &mut FormState, from: &str, to: &str) {
    for e in &mut form.errors {
        if e.0 == from {
            to.clone_into(&mut e.0);
        }
    }
}

async fn person_or_404(pool: &SqlitePool, c: &Ctx, id: i64) -> Result<people::Person, PageError> {
    match people::get(pool, id).await {
        Ok(p) => Ok(p),
        Err(Refusal::NotFound) => Err(not_found(c)),
        Err(e) => Err(PageError::internal(e)),
    }
}

/// The logged-in member's person, or a 404 (an account without a person has no SEL).
fn my_person(c: &Ctx) -> Result<i64, PageError> {
    c.account()?.person_id.ok_or_else(|| not_found(c))
}

fn csv_response(body: String, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// An account's balances in words and hours.
#[derive(Debug, Clone)]
pub struct AccountView {
    pub id: i64,
    pub balance: String,
    /// The balance in the site's unit: « 750 grains de sel ».
    pub units: String,
    pub negative: bool,
    /// What can still be spent before the floor.
    pub spendable: String,
    pub floor: String,
    pub ceiling: String,
    /// Minutes reserved by exchanges waiting for an answer.
    pub reserved_out: Option<String>,
    /// Minutes reserved by a shift being served.
    pub reserved_in: Option<String>,
    /// The member's own limits, and why, when an admin set them.
    pub own_limits: Option<String>,
}

impl AccountView {
    fn new(a: &Account, s: &Settings) -> AccountView {
        AccountView {
            id: a.id,
            balance: hours(a.posted),
            units: if a.posted < 0 {
                format!("−{} {}", a.posted.unsigned_abs(), s.unit_name)
            } else {
                format!("{} {}", a.posted, s.unit_name)
            },
            negative: a.posted < 0,
            spendable: hours(a.spendable(s).max(0)),
            floor: hours(a.floor(s)),
            ceiling: hours(a.ceiling(s)),
            reserved_out: (a.debits_pending > 0).then(|| hours(a.debits_pending)),
            reserved_in: (a.credits_pending > 0).then(|| hours(a.credits_pending)),
            own_limits: a.limits_reason.clone(),
        }
    }
}

/// One line of a statement, ready to show.
#[derive(Debug, Clone)]
pub struct LineView {
    pub no: i64,
    pub when: String,
    pub nature: String,
    pub memo: String,
    pub counterpart: String,
    pub minutes: String,
    pub credit: bool,
    pub balance: String,
    pub pending: bool,
    pub reason: String,
    pub author: String,
    pub correctable: bool,
    pub corrects_no: Option<i64>,
}

fn line_view(c: &Ctx, l: &StatementLine) -> LineView {
    LineView {
        no: l.no,
        when: c.tr.when_text(Some(&l.at), c.tz),
        nature: c.tr.tk("sel-kind", &l.kind),
        memo: l.memo.clone(),
        counterpart: l.counterpart.clone(),
        minutes: signed_hours(l.minutes),
        credit: l.minutes > 0,
        balance: hours(l.balance),
        pending: l.phase == "pending",
        reason: l.reason.clone().unwrap_or_default(),
        author: l.author.clone(),
        correctable: matches!(l.phase.as_str(), "posted" | "post"),
        corrects_no: l.corrects_no,
    }
}

/// A planned shift, ready to show.
#[derive(Debug, Clone)]
pub struct ShiftLine {
    pub id: i64,
    pub activity: String,
    pub day: String,
    pub time: String,
    pub places: i64,
    pub signed_up: i64,
    pub places_left: usize,
    pub full: bool,
    pub cancelled: bool,
    pub started: bool,
    pub note: String,
    /// Who signed up: (person id, name).
    pub names: Vec<(i64, String)>,
    /// Whether the person looking signed up (the resident's page).
    pub signed: bool,
}

fn shift_line(c: &Ctx, s: &Shift, names: Vec<(i64, String)>, signed: bool) -> ShiftLine {
    let (from, to) = (s.starts(), s.ends());
    ShiftLine {
        id: s.id,
        activity: s.activity.clone(),
        day: day_label(c, from.with_timezone(&c.tz).date_naive()),
        time: time_range(c, from, to),
        places: s.places,
        signed_up: s.signed_up,
        places_left: usize::try_from(s.places_left()).unwrap_or(0),
        full: s.places_left() == 0,
        cancelled: s.cancelled_at.is_some(),
        started: from <= Utc::now(),
        note: s.note.clone(),
        names,
        signed,
    }
}

/// Shifts of one local day.
#[derive(Debug, Clone)]
pub struct DayGroup {
    pub label: String,
    pub shifts: Vec<ShiftLine>,
}

fn by_day(c: &Ctx, shifts: &[Shift], names: &HashMap<i64, Vec<(i64, String)>>) -> Vec<DayGroup> {
    let mut days: Vec<(NaiveDate, DayGroup)> = vec![];
    for s in shifts {
        let d = s.starts().with_timezone(&c.tz).date_naive();
        let line = shift_line(c, s, names.get(&s.id).cloned().unwrap_or_default(), false);
        match days.last_mut() {
            Some((day, group)) if *day == d => group.shifts.push(line),
            _ => days.push((
                d,
                DayGroup {
                    label: day_label(c, d),
                    shifts: vec![line],
                },
            )),
        }
    }
    days.into_iter().map(|(_, g)| g).collect()
}

/// Who signed up for the shifts between two instants, by shift.
async fn signups_between(
    pool: &SqlitePool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<HashMap<i64, Vec<(i64, String)>>, sqlx::Error> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT g.shift_id, p.id, trim(p.first_name || ' ' || p.last_name)
         FROM sel_signups g JOIN sel_shifts s ON s.id = g.shift_id
              JOIN persons p ON p.id = g.person_id
         WHERE g.withdrawn_at IS NULL AND s.ends_at > ? AND s.starts_at < ?
         ORDER BY g.signed_at",
    )
    .bind(db::instant_text(from))
    .bind(db::instant_text(to))
    .fetch_all(pool)
    .await?;
    let mut by_shift: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for (shift, person, name) in rows {
        by_shift.entry(shift).or_default().push((person, name));
    }
    Ok(by_shift)
}

/// A shift being served now.
#[derive(Debug, Clone)]
pub struct OpenLine {
    pub id: i64,
    pub person_id: i64,
    pub person: String,
    pub activity: String,
    pub since: String,
    pub planned: bool,
    /// The end time offered to the desk: now, `HH:MM`.
    pub end_default: String,
    /// The id of its end-time input.
    pub field: String,
}

async fn open_lines(pool: &SqlitePool, c: &Ctx) -> Result<Vec<OpenLine>, sqlx::Error> {
    let now = Utc::now().with_timezone(&c.tz).format("%H:%M").to_string();
    Ok(shifts::open_sessions(pool)
        .await?
        .into_iter()
        .map(|s| OpenLine {
            since: c.tr.when_text(Some(&s.started_at), c.tz),
            planned: s.shift_id.is_some(),
            field: format!("fin-{}", s.id),
            id: s.id,
            person_id: s.person_id,
            person: s.person,
            activity: s.activity,
            end_default: now.clone(),
        })
        .collect())
}

/// Who a « nom ou numéro » box names.
enum Pick {
    One(i64),
    Many(Vec<(i64, String)>),
    Nobody,
    Empty,
}

/// The name of a person (holding an SEL account, when `holders_only`), if there is one.
async fn pickable_name(
    pool: &SqlitePool,
    person_id: i64,
    holders_only: bool,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT trim(p.first_name || ' ' || p.last_name) FROM persons p
         LEFT JOIN sel_accounts a ON a.person_id = p.id
         WHERE p.id = ? AND p.erased_at IS NULL AND (? = 0 OR a.id IS NOT NULL)",
    )
    .bind(person_id)
    .bind(holders_only)
    .fetch_optional(pool)
    .await
}

/// Reads a « nom ou numéro » box: a number is a person's number; words are looked for in names.
/// A choice made among several names found (`chosen`) wins.
async fn pick(
    pool: &SqlitePool,
    typed: &str,
    chosen: &str,
    holders_only: bool,
) -> Result<Pick, sqlx::Error> {
    if let Ok(id) = chosen.trim().parse::<i64>()
        && pickable_name(pool, id, holders_only).await?.is_some()
    {
        return Ok(Pick::One(id));
    }
    let t = crate::people::without_number_sign(typed);
    if t.is_empty() {
        return Ok(Pick::Empty);
    }
    if let Ok(id) = t.parse::<i64>() {
        return Ok(match pickable_name(pool, id, holders_only).await? {
            Some(_) => Pick::One(id),
            None => Pick::Nobody,
        });
    }
    // Each name comes with what tells namesakes apart: phone and badge (the template adds the
    // member number).
    let found: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT p.id, trim(p.first_name || ' ' || p.last_name),
                trim(p.first_name || ' ' || p.last_name)
                || coalesce(' · ' || p.phone, '')
                || coalesce(' · badge ' || (SELECT group_concat(b.card_id, ', ') FROM badges b
                                            WHERE b.person_id = p.id AND b.revoked_at IS NULL), '')
         FROM persons p
         LEFT JOIN sel_accounts a ON a.person_id = p.id
         WHERE p.erased_at IS NULL AND (?2 = 0 OR a.id IS NOT NULL)
           AND p.id IN (SELECT rowid FROM persons_search
                        WHERE ?1 IS NOT NULL AND persons_search MATCH ?1)
         ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE LIMIT 10",
    )
    .bind(crate::people::name_query(t))
    .bind(holders_only)
    .fetch_all(pool)
    .await?;
    let wanted = crate::text::fold(t);
    let exact: Vec<i64> = found
        .iter()
        .filter(|(_, n, _)| crate::text::fold(n) == wanted)
        .map(|(id, _, _)| *id)
        .collect();
    Ok(match (found.as_slice(), exact.as_slice()) {
        ([], _) => Pick::Nobody,
        ([(id, _, _)], _) | (_, [id]) => Pick::One(*id),
        _ => Pick::Many(
            found
                .into_iter()
                .map(|(id, _, label)| (id, label))
                .collect(),
        ),
    })
}

/// Resolves a « nom ou numéro » box, or says on the form why it cannot (and which names to choose
/// from when several match).
#[allow(clippy::too_many_arguments)]
async fn resolve_person(
    pool: &SqlitePool,
    c: &Ctx,
    form: &mut FormState,
    field: &str,
    typed: &str,
    chosen: &str,
    holders_only: bool,
    candidates: &mut Vec<(i64, String)>,
) -> Result<Option<i64>, PageError> {
    Ok(match pick(pool, typed, chosen, holders_only).await? {
        Pick::One(id) => Some(id),
        Pick::Empty => {
            form.add(field, c.tr.t("error-sel-person-required"));
            None
        }
        Pick::Nobody => {
            form.add(
                field,
                c.tr.t(if holders_only {
                    "error-sel-member-unknown"
                } else {
                    "error-sel-person-unknown"
                }),
            );
            None
        }
        Pick::Many(list) => {
            form.add(field, c.tr.t("error-sel-person-ambiguous"));
            *candidates = list;
            None
        }
    })
}
