//! The SEL's pages: the desk's overview (`/sel`), the cashier, exchanges between members,
//! statements with their corrections, limits and membership, shifts (*permanences*), the review
//! queue, the catalogue, the yearly report, the settings (`/admin/sel`), and the resident's own
//! SEL on `/moi` (with the boxes on the person page and the desk's home).
//!
//! Every form that moves minutes carries an operation id made when the page is rendered (a UUID
//! v7): the same form posted twice is a replay of the first, never a second movement
//! (DESIGN.md §4.3). A refused form comes back with what was typed and the same id, since nothing
//! was written.

use super::pages::{FormState, html, html_status, not_found, refusal_message, see_other};
use super::{ADMIN, Ctx, F, MEMBERS, P, PageError, Routes, STAFF};
use crate::AppState;
use crate::audit::Actor;
use crate::db;
use crate::i18n::Lang;
use crate::people::{self, Refusal};
use crate::sel::ledger::{self, Account, StatementLine};
use crate::sel::shifts::{self, Shift};
use crate::sel::{Settings, hours, report, shop};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;
use sqlx::SqlitePool;
use std::collections::HashMap;

/// Declares the SEL pages' routes.
pub(super) fn declare(r: &mut Routes) {
    use Method as M;
    // The desk
    r.add(M::GET, "/sel", STAFF, get(overview));
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
    shifts::resolve_local(c.tz, d.and_time(NaiveTime::MIN))
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
    let t = typed.trim();
    let t = t
        .strip_prefix("n°")
        .or_else(|| t.strip_prefix('#'))
        .unwrap_or(t)
        .trim();
    if t.is_empty() {
        return Ok(Pick::Empty);
    }
    if let Ok(id) = t.parse::<i64>() {
        return Ok(match pickable_name(pool, id, holders_only).await? {
            Some(_) => Pick::One(id),
            None => Pick::Nobody,
        });
    }
    let like = format!(
        "%{}%",
        t.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let found: Vec<(i64, String)> = sqlx::query_as(
        "SELECT p.id, trim(p.first_name || ' ' || p.last_name) FROM persons p
         LEFT JOIN sel_accounts a ON a.person_id = p.id
         WHERE p.erased_at IS NULL AND (?2 = 0 OR a.id IS NOT NULL)
           AND ((p.first_name || ' ' || p.last_name) LIKE ?1 ESCAPE '\\'
             OR (p.last_name || ' ' || p.first_name) LIKE ?1 ESCAPE '\\')
         ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE LIMIT 10",
    )
    .bind(like)
    .bind(holders_only)
    .fetch_all(pool)
    .await?;
    let wanted = t.to_lowercase();
    let exact: Vec<i64> = found
        .iter()
        .filter(|(_, n)| n.to_lowercase() == wanted)
        .map(|(id, _)| *id)
        .collect();
    Ok(match (found.as_slice(), exact.as_slice()) {
        ([], _) => Pick::Nobody,
        ([(id, _)], _) | (_, [id]) => Pick::One(*id),
        _ => Pick::Many(found),
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

// ---------------------------------------------------------------------------------------------
// Boxes on other pages

/// The SEL box of the desk's home: shifts being served, and the review queue.
#[derive(Debug)]
pub struct DeskSel {
    pub open: Vec<OpenLine>,
    pub review_count: usize,
}

/// What the desk's home shows of the SEL.
pub(super) async fn desk_box(state: &AppState, c: &Ctx) -> Result<DeskSel, PageError> {
    Ok(DeskSel {
        open: open_lines(&state.pool, c).await?,
        review_count: shifts::review_count(&state.pool).await?,
    })
}

/// The SEL box of a person's page.
#[derive(Debug)]
pub struct PersonSel {
    pub account: Option<AccountView>,
    pub year: i32,
    /// This year's membership: paid, unpaid, or none.
    pub membership: Option<bool>,
}

/// What a person's page shows of their SEL account.
pub(super) async fn person_box(
    state: &AppState,
    c: &Ctx,
    person_id: i64,
) -> Result<PersonSel, PageError> {
    let settings = Settings::load(&state.pool).await?;
    let year = today(c).year();
    Ok(PersonSel {
        account: ledger::account_of_person(&state.pool, person_id)
            .await?
            .map(|a| AccountView::new(&a, &settings)),
        year,
        membership: shifts::membership(&state.pool, person_id, year).await?,
    })
}

/// The SEL forms of the resident's page as typed, shown again when refused.
#[derive(Debug, Default)]
pub struct MeForm {
    pub form: FormState,
    /// Names to choose from when the receiver typed matches several members.
    pub candidates: Vec<(i64, String)>,
}

/// An exchange waiting for an answer, on the resident's page.
#[derive(Debug, Clone)]
pub struct PendingView {
    pub no: i64,
    pub other: String,
    pub minutes: String,
    pub memo: String,
    pub when: String,
}

/// « Mon compte SEL » on `/moi`.
#[derive(Debug)]
pub struct MySel {
    pub account: Option<AccountView>,
    pub unit_name: String,
    /// The latest lines, newest first.
    pub lines: Vec<LineView>,
    pub to_answer: Vec<PendingView>,
    pub sent: Vec<PendingView>,
    pub shifts: Vec<ShiftLine>,
    pub confirmation: bool,
    pub form: FormState,
    pub candidates: Vec<(i64, String)>,
    pub op: String,
}

/// « Mon compte SEL » for the person behind the logged-in account, with its forms as typed.
pub(super) async fn my_sel(
    state: &AppState,
    c: &Ctx,
    person_id: i64,
    typed: MeForm,
) -> Result<MySel, PageError> {
    let pool = &state.pool;
    let settings = Settings::load(pool).await?;
    let account = ledger::account_of_person(pool, person_id).await?;
    let lines = match &account {
        Some(a) => ledger::statement(pool, a.id)
            .await?
            .iter()
            .rev()
            .filter(|l| l.phase != "pending")
            .take(MY_LINES)
            .map(|l| line_view(c, l))
            .collect(),
        None => vec![],
    };
    let (mut to_answer, mut sent) = (vec![], vec![]);
    for p in shop::pending_exchanges_for(pool, person_id).await? {
        let view = PendingView {
            no: p.no,
            other: if p.to_answer {
                p.payer_name.clone()
            } else {
                p.receiver_name.clone()
            },
            minutes: hours(p.minutes),
            memo: p.memo.clone(),
            when: c.tr.when_text(Some(&p.created_at), c.tz),
        };
        if p.to_answer {
            to_answer.push(view);
        } else {
            sent.push(view);
        }
    }
    let now = Utc::now();
    let shifts = shifts::coming_for_person(pool, person_id, now, WEEKS_AHEAD * 7)
        .await?
        .into_iter()
        .map(|s| shift_line(c, &s.shift, vec![], s.signed))
        .collect();
    let op = match typed.form.v("op") {
        "" => new_operation(),
        op => op.to_owned(),
    };
    Ok(MySel {
        account: account.map(|a| AccountView::new(&a, &settings)),
        unit_name: settings.unit_name,
        lines,
        to_answer,
        sent,
        shifts,
        confirmation: settings.exchange_confirmation,
        form: typed.form,
        candidates: typed.candidates,
        op,
    })
}

// ---------------------------------------------------------------------------------------------
// The desk's SEL overview

#[derive(Template)]
#[template(path = "sel_home.html")]
struct OverviewPage {
    c: Ctx,
    open: Vec<OpenLine>,
    review_count: usize,
    today: Vec<ShiftLine>,
    day: String,
    form: FormState,
}

async fn overview(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    overview_with(&state, c, FormState::default(), StatusCode::OK).await
}

async fn overview_with(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let open = open_lines(pool, &c).await?;
    let review_count = shifts::review_count(pool).await?;
    let d = today(&c);
    let (from, to) = (day_start(&c, d), day_start(&c, d + Duration::days(1)));
    let names = signups_between(pool, from, to).await?;
    let today = shifts::shifts_between(pool, from, to)
        .await?
        .iter()
        .filter(|s| s.starts() >= from)
        .map(|s| shift_line(&c, s, names.get(&s.id).cloned().unwrap_or_default(), false))
        .collect();
    let day = day_label(&c, d);
    html_status(
        status,
        OverviewPage {
            c,
            open,
            review_count,
            today,
            day,
            form,
        },
    )
}

#[derive(Debug, Deserialize)]
struct CloseForm {
    #[serde(default)]
    fin: String,
}

/// The instant a desk means by `HH:MM`: today, or yesterday when today's would be to come (a
/// shift across midnight closed the next morning).
fn desk_end(c: &Ctx, typed: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let t = NaiveTime::parse_from_str(typed.trim(), "%H:%M").ok()?;
    let local_now = now.with_timezone(&c.tz);
    if local_now.format("%H:%M").to_string() == t.format("%H:%M").to_string() {
        // The time offered by default: now, to the second (a shift begun this very minute).
        return Some(now);
    }
    let d = local_now.date_naive();
    let at = shifts::resolve_local(c.tz, d.and_time(t));
    Some(if at > now + Duration::minutes(5) {
        shifts::resolve_local(c.tz, (d - Duration::days(1)).and_time(t))
    } else {
        at
    })
}

async fn session_close(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<CloseForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let field = format!("fin-{id}");
    let result = match desk_end(&c, &f.fin, Utc::now()) {
        Some(ended) => shifts::close_by_desk(&state.pool, &actor, id, ended)
            .await
            .map(|_| ()),
        None => Err(Refusal::field("ended_at", "error-sel-time-invalid")),
    };
    match result {
        Ok(()) => Ok(see_other("/sel?ok=ok-sel-session-closed")),
        Err(r) => {
            let mut form = FormState::with(&[(&field, &f.fin)]);
            refusal_at(&c, r, &mut form, &field)?;
            overview_with(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The cashier

#[derive(Debug, Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// A person found at the cashier, with their balance when they have an account.
#[derive(Debug)]
struct MemberHit {
    id: i64,
    name: String,
    balance: Option<String>,
    badges: String,
}

#[derive(Template)]
#[template(path = "sel_cashier.html")]
struct CashierPage {
    c: Ctx,
    q: String,
    results: Vec<MemberHit>,
}

async fn cashier(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let q: String = q.q.chars().take(100).collect();
    let mut results = vec![];
    if !q.trim().is_empty() {
        let found = people::search(&state.pool, &q, 20).await?;
        let balances =
            ledger::balances_of(&state.pool, &found.iter().map(|p| p.id).collect::<Vec<_>>())
                .await?;
        for p in found {
            let balance = balances.get(&p.id).map(|b| hours(*b));
            results.push(MemberHit {
                id: p.id,
                name: format!("{} {}", p.first_name, p.last_name)
                    .trim()
                    .to_owned(),
                balance,
                badges: p.badges.unwrap_or_default(),
            });
        }
    }
    html(CashierPage { c, q, results })
}

/// Someone who just badged at an entrance kiosk.
#[derive(Debug, sqlx::FromRow)]
struct RecentTap {
    person_id: i64,
    name: String,
    at: String,
    kiosk: String,
}

#[derive(Template)]
#[template(path = "sel_cashier_taps.html")]
struct CashierTaps {
    c: Ctx,
    taps: Vec<(RecentTap, String)>,
}

/// The people who badged at an entrance kiosk in the last two minutes (polled by the cashier):
/// a badge at the counter opens their cart in one click.
async fn cashier_taps(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let since = db::instant_text(Utc::now() - Duration::minutes(CASHIER_TAP_MINUTES));
    let taps: Vec<RecentTap> = sqlx::query_as(
        "SELECT p.id AS person_id, trim(p.first_name || ' ' || p.last_name) AS name,
                max(e.received_at) AS at, k.label AS kiosk
         FROM kiosk_events e JOIN kiosks k ON k.id = e.kiosk_id
              JOIN persons p ON p.id = e.person_id
         WHERE k.role = 'entrance' AND e.received_at >= ? AND p.erased_at IS NULL
         GROUP BY p.id ORDER BY at DESC LIMIT 5",
    )
    .bind(since)
    .fetch_all(&state.pool)
    .await?;
    let taps = taps
        .into_iter()
        .map(|t| {
            let when = c.tr.when_text(Some(&t.at), c.tz);
            (t, when)
        })
        .collect();
    html(CashierTaps { c, taps })
}

/// An item offered at the cashier.
#[derive(Debug)]
struct ItemLine {
    id: i64,
    name: String,
    price: String,
    field: String,
}

#[derive(Debug)]
struct ItemGroup {
    name: String,
    items: Vec<ItemLine>,
}

#[derive(Template)]
#[template(path = "sel_cart.html")]
struct CartPage {
    c: Ctx,
    person: people::Person,
    account: Option<AccountView>,
    groups: Vec<ItemGroup>,
    op: String,
    total: String,
    after: String,
    /// A quantity typed was not a whole number from 0 to 100 (the total fragment says so).
    bad: bool,
    form: FormState,
}

fn item_groups(items: &[shop::Item]) -> Vec<ItemGroup> {
    let mut groups: Vec<ItemGroup> = vec![];
    for it in items {
        let line = ItemLine {
            id: it.id,
            name: it.name.clone(),
            price: hours(it.price_minutes),
            field: format!("q-{}", it.id),
        };
        match groups.last_mut() {
            Some(g) if g.name == it.category => g.items.push(line),
            _ => groups.push(ItemGroup {
                name: it.category.clone(),
                items: vec![line],
            }),
        }
    }
    groups
}

/// A cart as posted: the quantities typed (`q-<item id>`), the operation id, and whether a
/// quantity was not a whole number from 0 to 100.
struct CartInput {
    op: String,
    typed: Vec<(String, String)>,
    lines: Vec<shop::PurchaseLine>,
    bad: bool,
}

fn cart_input(fields: &[(String, String)]) -> CartInput {
    let mut cart = CartInput {
        op: String::new(),
        typed: vec![],
        lines: vec![],
        bad: false,
    };
    for (k, v) in fields {
        if k == "op" {
            cart.op.clone_from(v);
        }
        let Some(item_id) = k.strip_prefix("q-").and_then(|s| s.parse::<i64>().ok()) else {
            continue;
        };
        cart.typed.push((k.clone(), v.clone()));
        match v.trim() {
            "" | "0" => {}
            q => match q.parse::<i64>() {
                Ok(quantity) if (1..=shop::MAX_QUANTITY).contains(&quantity) => {
                    cart.lines.push(shop::PurchaseLine { item_id, quantity })
                }
                _ => cart.bad = true,
            },
        }
    }
    cart
}

/// The cart's total at today's prices, and the balance after it.
fn cart_sum(
    items: &[shop::Item],
    lines: &[shop::PurchaseLine],
    account: Option<&Account>,
) -> (String, String) {
    let total: i64 = lines
        .iter()
        .filter_map(|l| {
            items
                .iter()
                .find(|it| it.id == l.item_id)
                .map(|it| it.price_minutes * l.quantity)
        })
        .sum();
    let after = account.map_or_else(String::new, |a| hours(a.posted - total));
    (hours(total), after)
}

async fn cart(State(state): State<AppState>, c: Ctx, P(id): P<i64>) -> Result<Response, PageError> {
    cart_with(&state, c, id, FormState::default(), StatusCode::OK).await
}

async fn cart_with(
    state: &AppState,
    c: Ctx,
    id: i64,
    mut form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let person = person_or_404(pool, &c, id).await?;
    let settings = Settings::load(pool).await?;
    let account = ledger::account_of_person(pool, id).await?;
    let items = shop::items(pool, false).await?;
    let typed: Vec<(String, String)> = form
        .values
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let (total, after) = cart_sum(&items, &cart_input(&typed).lines, account.as_ref());
    let op = match form.v("op") {
        "" => new_operation(),
        op => op.to_owned(),
    };
    form.values.insert("op".into(), op.clone());
    html_status(
        status,
        CartPage {
            account: account.as_ref().map(|a| AccountView::new(a, &settings)),
            groups: item_groups(&items),
            c,
            person,
            op,
            total,
            after,
            bad: false,
            form,
        },
    )
}

#[derive(Template)]
#[template(path = "sel_cart_total.html")]
struct CartTotal {
    c: Ctx,
    total: String,
    after: String,
    bad: bool,
}

/// The total as quantities are typed (htmx), before anything is charged.
async fn cart_total_fragment(
    state: &AppState,
    c: Ctx,
    id: i64,
    fields: &[(String, String)],
) -> Result<Response, PageError> {
    let account = ledger::account_of_person(&state.pool, id).await?;
    let items = shop::items(&state.pool, false).await?;
    let cart = cart_input(fields);
    let (total, after) = cart_sum(&items, &cart.lines, account.as_ref());
    html(CartTotal {
        c,
        total,
        after,
        bad: cart.bad,
    })
}

async fn cart_total(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(fields): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    cart_total_fragment(&state, c, id, &fields).await
}

async fn cart_pay(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(fields): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let cart = cart_input(&fields);
    let mut form = FormState::default();
    for (k, v) in &cart.typed {
        form.values.insert(k.clone(), v.clone());
    }
    form.values.insert("op".into(), cart.op.clone());
    if cart.bad {
        form.add("panier", c.tr.t("error-sel-quantity-invalid"));
        return cart_with(&state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let input = shop::PurchaseInput {
        id: cart.op.clone(),
        person_id: id,
        lines: cart.lines,
        override_reason: None,
    };
    // The same cart for the same person a moment ago, under another form: ask before charging it
    // again (the browser's back button brings the form back with a new id and the same items).
    let confirmed = fields.iter().any(|(k, v)| k == "repeat_ok" && v == "1");
    if !confirmed {
        let since = chrono::Utc::now() - chrono::Duration::minutes(5);
        match shop::same_cart_bought_since(&state.pool, &input, since).await {
            Ok(Some((_, at))) => {
                let at = c.tr.time(crate::sel::shifts::parse_instant(&at), c.tz);
                form.add("repeat", c.tr.ta("sel-cart-repeat", &[("name", &at)]));
                return cart_with(&state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await;
            }
            Ok(None) => {}
            Err(r) => {
                refusal_at(&c, r, &mut form, "panier")?;
                return cart_with(&state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await;
            }
        }
    }
    match shop::purchase(&state.pool, &actor, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/sel/caisse/{id}/recu?op={}&ok=ok-sel-purchased",
            super::url_encode(&cart.op)
        ))),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(r) => {
            refusal_at(&c, r, &mut form, "panier")?;
            cart_with(&state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Debug, Deserialize)]
struct ReceiptQuery {
    #[serde(default)]
    op: String,
}

#[derive(Debug)]
struct ReceiptLine {
    label: String,
    quantity: i64,
    unit: String,
    subtotal: String,
}

#[derive(Template)]
#[template(path = "sel_receipt.html")]
struct ReceiptPage {
    c: Ctx,
    person: people::Person,
    lines: Vec<ReceiptLine>,
    total: String,
    balance: String,
    negative: bool,
    when: String,
    no: i64,
}

/// What a purchase bought, its total and the balance now.
async fn receipt(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    Query(q): Query<ReceiptQuery>,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let person = person_or_404(pool, &c, id).await?;
    let account = ledger::account_of_person(pool, id)
        .await?
        .ok_or_else(|| not_found(&c))?;
    let mut conn = pool.acquire().await?;
    let transfer = ledger::of_operation(&mut conn, &q.op)
        .await?
        .into_iter()
        .find(|t| t.kind == "purchase" && t.debit_account == account.id)
        .ok_or_else(|| not_found(&c))?;
    let lines = shop::sale_lines(&mut *conn, &q.op)
        .await?
        .into_iter()
        .map(|l| ReceiptLine {
            subtotal: hours(l.unit_minutes * l.quantity),
            unit: hours(l.unit_minutes),
            label: l.label,
            quantity: l.quantity,
        })
        .collect();
    html(ReceiptPage {
        when: c.tr.when_text(Some(&transfer.created_at), c.tz),
        total: hours(transfer.amount),
        balance: hours(account.posted),
        negative: account.posted < 0,
        no: transfer.no,
        c,
        person,
        lines,
    })
}

// ---------------------------------------------------------------------------------------------
// Exchanges entered by the desk

#[derive(Debug, Default, Deserialize)]
struct ExchangeForm {
    #[serde(default)]
    op: String,
    #[serde(default)]
    payer: String,
    #[serde(default)]
    payer_choix: String,
    #[serde(default)]
    receiver: String,
    #[serde(default)]
    receiver_choix: String,
    #[serde(default)]
    heures: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    memo: String,
}

impl ExchangeForm {
    fn state(&self) -> FormState {
        FormState::with(&[
            ("op", &self.op),
            ("payer", &self.payer),
            ("receiver", &self.receiver),
            ("heures", &self.heures),
            ("minutes", &self.minutes),
            ("memo", &self.memo),
        ])
    }
}

#[derive(Template)]
#[template(path = "sel_exchange.html")]
struct ExchangePage {
    c: Ctx,
    form: FormState,
    payer_candidates: Vec<(i64, String)>,
    receiver_candidates: Vec<(i64, String)>,
}

#[derive(Debug, Deserialize)]
struct ExchangeQuery {
    #[serde(default)]
    payeur: String,
    #[serde(default)]
    beneficiaire: String,
}

async fn exchange_form(c: Ctx, Query(q): Query<ExchangeQuery>) -> Result<Response, PageError> {
    let number = |s: &str| {
        s.trim()
            .parse::<i64>()
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    let form = FormState::with(&[
        ("op", &new_operation()),
        ("payer", &number(&q.payeur)),
        ("receiver", &number(&q.beneficiaire)),
    ]);
    html(ExchangePage {
        c,
        form,
        payer_candidates: vec![],
        receiver_candidates: vec![],
    })
}

async fn exchange_create(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<ExchangeForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let pool = &state.pool;
    let mut form = f.state();
    if form.v("op").is_empty() {
        form.values.insert("op".into(), new_operation());
    }
    let (mut payer_candidates, mut receiver_candidates) = (vec![], vec![]);
    let payer = resolve_person(
        pool,
        &c,
        &mut form,
        "payer",
        &f.payer,
        &f.payer_choix,
        true,
        &mut payer_candidates,
    )
    .await?;
    let receiver = resolve_person(
        pool,
        &c,
        &mut form,
        "receiver",
        &f.receiver,
        &f.receiver_choix,
        true,
        &mut receiver_candidates,
    )
    .await?;
    let minutes = typed_minutes(&f.heures, &f.minutes);
    if minutes.is_none() {
        form.add("heures", c.tr.t("error-sel-duration-invalid"));
    }
    if let (Some(payer_id), Some(receiver_id), Some(minutes)) = (payer, receiver, minutes) {
        // The names found are shown again as numbers, so that a second try means the same people.
        form.values.insert("payer".into(), payer_id.to_string());
        form.values
            .insert("receiver".into(), receiver_id.to_string());
        let input = shop::ExchangeInput {
            id: form.v("op").to_owned(),
            payer_id,
            receiver_id,
            minutes,
            memo: f.memo.clone(),
            override_reason: None,
        };
        match shop::exchange(pool, &actor, &input, true).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/sel/comptes/{payer_id}?ok=ok-sel-exchange-done"
                )));
            }
            Err(r) => {
                let field = match &r {
                    Refusal::Conflict {
                        key: "error-sel-below-floor" | "error-sel-same-account",
                        ..
                    } => "payer",
                    Refusal::Conflict {
                        key: "error-sel-above-ceiling",
                        ..
                    } => "receiver",
                    _ => "heures",
                };
                refusal_message(&c, r, &mut form, field)?;
                rename_field(&mut form, "minutes", "heures");
            }
        }
    }
    html_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        ExchangePage {
            c,
            form,
            payer_candidates,
            receiver_candidates,
        },
    )
}

// ---------------------------------------------------------------------------------------------
// A member's account: statement, corrections, limits, membership

#[derive(Debug, Default, Deserialize)]
struct AccountQuery {
    #[serde(default)]
    corriger: String,
}

/// The forms of the account page as typed, shown again when refused.
#[derive(Debug, Default)]
struct AccountForms {
    /// Opening the account.
    open: FormState,
    /// The correction of one line (its number in `no`).
    correction: FormState,
    limits: FormState,
    membership: FormState,
    /// A shift served without a badge, told to the desk.
    desk_shift: FormState,
}

#[derive(Template)]
#[template(path = "sel_account.html")]
struct AccountPage {
    c: Ctx,
    person: people::Person,
    account: Option<AccountView>,
    lines: Vec<LineView>,
    pending: Vec<LineView>,
    correcting: Option<LineView>,
    default_floor: String,
    default_ceiling: String,
    year: i32,
    membership: Option<bool>,
    forms: AccountForms,
    /// The open activities, for the shift served without a badge.
    activities: Vec<(i64, String)>,
}

async fn account_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    Query(q): Query<AccountQuery>,
) -> Result<Response, PageError> {
    let mut forms = AccountForms::default();
    if let Ok(no) = q.corriger.trim().parse::<i64>() {
        forms.correction = FormState::with(&[("no", &no.to_string()), ("sens", "rendre")]);
    }
    account_with(&state, c, id, forms, StatusCode::OK).await
}

async fn account_with(
    state: &AppState,
    c: Ctx,
    id: i64,
    mut forms: AccountForms,
    status: StatusCode,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let person = person_or_404(pool, &c, id).await?;
    let settings = Settings::load(pool).await?;
    let account = ledger::account_of_person(pool, id).await?;
    let statement = match &account {
        Some(a) => ledger::statement(pool, a.id).await?,
        None => vec![],
    };
    let lines: Vec<LineView> = statement
        .iter()
        .rev()
        .filter(|l| l.phase != "pending")
        .map(|l| line_view(&c, l))
        .collect();
    let pending = statement
        .iter()
        .filter(|l| l.phase == "pending")
        .map(|l| line_view(&c, l))
        .collect();
    // A correction of a correction corrects the original (the ledger keeps one chain per
    // transfer): the form shows the original, so that « rendre » and « ajouter » mean its way.
    let line = |no: i64| lines.iter().find(|l| l.no == no && l.correctable);
    let correcting = forms
        .correction
        .v("no")
        .parse::<i64>()
        .ok()
        .and_then(line)
        .and_then(|l| l.corrects_no.map_or(Some(l), line))
        .cloned();
    if correcting.is_some() && forms.correction.v("op").is_empty() {
        forms.correction.values.insert("op".into(), new_operation());
    }
    if let Some(a) = &account
        && forms.limits.values.is_empty()
    {
        forms.limits = FormState::with(&[
            ("floor", &a.floor.map(|f| f.to_string()).unwrap_or_default()),
            (
                "ceiling",
                &a.ceiling.map(|f| f.to_string()).unwrap_or_default(),
            ),
            ("limits_reason", a.limits_reason.as_deref().unwrap_or("")),
        ]);
    }
    let year = today(&c).year();
    let membership = shifts::membership(pool, id, year).await?;
    if forms.membership.values.is_empty() {
        forms.membership = FormState::with(&[
            ("membership_year", &year.to_string()),
            (
                "paid",
                if membership == Some(false) {
                    "non"
                } else {
                    "oui"
                },
            ),
        ]);
    }
    if forms.desk_shift.v("op").is_empty() {
        forms.desk_shift.values.insert("op".into(), new_operation());
    }
    let activities = shifts::activities(&state.pool)
        .await?
        .into_iter()
        .filter(|a| a.active)
        .map(|a| (a.id, a.name))
        .collect();
    html_status(
        status,
        AccountPage {
            activities,
            account: account.as_ref().map(|a| AccountView::new(a, &settings)),
            default_floor: hours(settings.default_floor),
            default_ceiling: hours(settings.default_ceiling),
            c,
            person,
            lines,
            pending,
            correcting,
            year,
            membership,
            forms,
        },
    )
}

async fn account_csv(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let account = ledger::account_of_person(&state.pool, id)
        .await?
        .ok_or_else(|| not_found(&c))?;
    let lines = ledger::statement(&state.pool, account.id).await?;
    Ok(csv_response(
        report::statement_csv(&lines, c.tz),
        &format!("releve-sel-{id}.csv"),
    ))
}

async fn account_open(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    match ledger::open_account(&state.pool, &actor, id).await {
        Ok(_) => Ok(see_other(&format!(
            "/sel/comptes/{id}?ok=ok-sel-account-opened"
        ))),
        Err(r) => {
            let mut forms = AccountForms::default();
            refusal_at(&c, r, &mut forms.open, "ouvrir")?;
            account_with(&state, c, id, forms, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct CorrectionForm {
    #[serde(default)]
    op: String,
    #[serde(default)]
    sens: String,
    #[serde(default)]
    heures: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    override_reason: String,
    /// The person whose statement the form was on (to come back to it).
    #[serde(default)]
    compte: String,
}

/// The member a transfer concerns (the credited one first), to show their statement.
async fn member_of_transfer(
    pool: &SqlitePool,
    t: &ledger::Transfer,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT person_id FROM sel_accounts WHERE id IN (?, ?) AND person_id IS NOT NULL
         ORDER BY id = ? DESC LIMIT 1",
    )
    .bind(t.credit_account)
    .bind(t.debit_account)
    .bind(t.credit_account)
    .fetch_optional(pool)
    .await
}

async fn correction(
    State(state): State<AppState>,
    c: Ctx,
    P(no): P<i64>,
    F(f): F<CorrectionForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let pool = &state.pool;
    let transfer = match ledger::transfer(pool, no).await {
        Ok(t) => t,
        Err(Refusal::NotFound) => return Err(not_found(&c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let member = member_of_transfer(pool, &transfer).await?;
    // Back to the statement the form was on, if that person really is on this line.
    let back = f
        .compte
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|p| Some(*p) == member)
        .or(member)
        .ok_or_else(|| not_found(&c))?;
    let mut form = FormState::with(&[
        ("no", &no.to_string()),
        ("op", &f.op),
        ("sens", &f.sens),
        ("heures", &f.heures),
        ("minutes", &f.minutes),
        ("reason", &f.reason),
        ("override_reason", &f.override_reason),
    ]);
    let sign = match f.sens.as_str() {
        "rendre" => Some(-1),
        "ajouter" => Some(1),
        _ => None,
    };
    if sign.is_none() {
        form.add("sens", c.tr.t("error-sel-correction-direction"));
    }
    let minutes = typed_minutes(&f.heures, &f.minutes);
    if minutes.is_none() {
        form.add("heures", c.tr.t("error-sel-duration-invalid"));
    }
    if let (Some(sign), Some(minutes)) = (sign, minutes) {
        let override_reason = f.override_reason.trim();
        let input = ledger::CorrectionInput {
            id: f.op.clone(),
            transfer_no: no,
            minutes: sign * minutes,
            reason: f.reason.clone(),
            override_reason: (!override_reason.is_empty()).then(|| override_reason.to_owned()),
        };
        match ledger::correct(pool, &actor, c.is_admin(), &input).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/sel/comptes/{back}?ok=ok-sel-corrected#releve"
                )));
            }
            Err(r) => {
                refusal_message(&c, r, &mut form, "heures")?;
                rename_field(&mut form, "minutes", "heures");
                rename_field(&mut form, "id", "heures");
            }
        }
    }
    let forms = AccountForms {
        correction: form,
        ..AccountForms::default()
    };
    account_with(&state, c, back, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Debug, Default, Deserialize)]
struct DeskShiftForm {
    #[serde(default)]
    op: String,
    #[serde(default)]
    activity_id: String,
    #[serde(default)]
    shift_date: String,
    #[serde(default)]
    shift_start: String,
    #[serde(default)]
    shift_end: String,
}

/// « J'ai oublié mon badge » : the desk records a shift served from its day and times (an end not
/// after the start is the next morning).
async fn account_desk_shift(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<DeskShiftForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let tz = c.tz;
    let mut form = FormState::with(&[
        ("op", &f.op),
        ("activity_id", &f.activity_id),
        ("shift_date", &f.shift_date),
        ("shift_start", &f.shift_start),
        ("shift_end", &f.shift_end),
    ]);
    let start = shifts::local_instant(tz, &f.shift_date, &f.shift_start);
    let end = shifts::local_instant(tz, &f.shift_date, &f.shift_end);
    if start.is_none() {
        form.add("shift_date", c.tr.t("error-sel-date-invalid"));
    }
    if end.is_none() {
        form.add("shift_end", c.tr.t("error-sel-time-invalid"));
    }
    let activity = f.activity_id.trim().parse::<i64>().ok();
    if activity.is_none() {
        form.add("activity_id", c.tr.t("error-sel-activity-unknown"));
    }
    if let (Some(start), Some(mut end), Some(activity_id)) = (start, end, activity) {
        if end <= start {
            end += chrono::Duration::days(1);
        }
        let input = shifts::DeskShiftInput {
            id: f.op.clone(),
            person_id: id,
            activity_id,
            started_at: start,
            ended_at: end,
        };
        match shifts::record_by_desk(&state.pool, &actor, &input).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/sel/comptes/{id}?ok=ok-sel-desk-shift#releve"
                )));
            }
            Err(Refusal::NotFound) => return Err(not_found(&c)),
            Err(r) => {
                refusal_message(&c, r, &mut form, "shift_start")?;
                rename_field(&mut form, "ended_at", "shift_end");
            }
        }
    }
    let forms = AccountForms {
        desk_shift: form,
        ..AccountForms::default()
    };
    account_with(&state, c, id, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Debug, Default, Deserialize)]
struct LimitsForm {
    #[serde(default)]
    floor: String,
    #[serde(default)]
    ceiling: String,
    #[serde(default)]
    limits_reason: String,
}

async fn account_limits(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<LimitsForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = FormState::with(&[
        ("floor", &f.floor),
        ("ceiling", &f.ceiling),
        ("limits_reason", &f.limits_reason),
    ]);
    let limit = |raw: &str| -> Result<Option<i64>, ()> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            typed_integer(raw).map(Some).ok_or(())
        }
    };
    let floor = limit(&f.floor);
    let ceiling = limit(&f.ceiling);
    if floor.is_err() {
        form.add("floor", c.tr.t("error-sel-floor-invalid"));
    }
    if ceiling.is_err() {
        form.add("ceiling", c.tr.t("error-sel-ceiling-invalid"));
    }
    if let (Ok(floor), Ok(ceiling)) = (floor, ceiling) {
        match ledger::set_limits(&state.pool, &actor, id, floor, ceiling, &f.limits_reason).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/sel/comptes/{id}?ok=ok-sel-limits-saved"
                )));
            }
            Err(r) => {
                refusal_message(&c, r, &mut form, "floor")?;
                rename_field(&mut form, "reason", "limits_reason");
            }
        }
    }
    let forms = AccountForms {
        limits: form,
        ..AccountForms::default()
    };
    account_with(&state, c, id, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Debug, Default, Deserialize)]
struct MembershipForm {
    #[serde(default)]
    membership_year: String,
    #[serde(default)]
    paid: String,
}

async fn account_membership(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<MembershipForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = FormState::with(&[("membership_year", &f.membership_year), ("paid", &f.paid)]);
    let paid = match f.paid.as_str() {
        "oui" => Some(true),
        "non" => Some(false),
        _ => None,
    };
    let year = f.membership_year.trim().parse::<i32>().ok();
    if paid.is_none() {
        form.add("paid", c.tr.t("error-sel-paid-choice"));
    }
    if year.is_none() {
        form.add("membership_year", c.tr.t("error-sel-year-invalid"));
    }
    if let (Some(paid), Some(year)) = (paid, year) {
        match shifts::set_membership(&state.pool, &actor, id, year, paid).await {
            Ok(()) => {
                return Ok(see_other(&format!(
                    "/sel/comptes/{id}?ok=ok-sel-membership-saved"
                )));
            }
            Err(r) => {
                refusal_message(&c, r, &mut form, "membership_year")?;
                rename_field(&mut form, "year", "membership_year");
            }
        }
    }
    let forms = AccountForms {
        membership: form,
        ..AccountForms::default()
    };
    account_with(&state, c, id, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}

// ---------------------------------------------------------------------------------------------
// Shifts (permanences) and activities

#[derive(Debug, Default, Deserialize)]
struct ShiftsQuery {
    #[serde(default)]
    activite: String,
}

#[derive(Debug)]
struct ActivityLine {
    id: i64,
    name: String,
    kiosk: String,
    unplanned: bool,
    active: bool,
}

#[derive(Template)]
#[template(path = "sel_shifts.html")]
struct ShiftsPage {
    c: Ctx,
    activities: Vec<ActivityLine>,
    /// The `sel` kiosks: (id, label).
    kiosks: Vec<(String, String)>,
    days: Vec<DayGroup>,
    /// The activity being changed, if any (else the form creates one).
    editing: Option<i64>,
    activity_form: FormState,
    series_form: FormState,
}

async fn sel_kiosks(pool: &SqlitePool) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, label FROM kiosks WHERE role = 'sel' ORDER BY label")
        .fetch_all(pool)
        .await
}

async fn shifts_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<ShiftsQuery>,
) -> Result<Response, PageError> {
    let editing = q.activite.trim().parse::<i64>().ok();
    let mut activity_form = FormState::with(&[("active", "on")]);
    if let Some(id) = editing {
        let a = match shifts::activity(&state.pool, id).await {
            Ok(a) => a,
            Err(Refusal::NotFound) => return Err(not_found(&c)),
            Err(e) => return Err(PageError::internal(e)),
        };
        activity_form = FormState::with(&[
            ("name", &a.name),
            ("kiosk_id", a.kiosk_id.as_deref().unwrap_or("")),
            (
                "accepts_unplanned",
                if a.accepts_unplanned { "on" } else { "" },
            ),
            ("active", if a.active { "on" } else { "" }),
        ]);
    }
    let series_form = FormState::with(&[
        ("first_date", &today(&c).format("%Y-%m-%d").to_string()),
        ("start", "09:00"),
        ("end", "12:00"),
        ("weeks", "1"),
        ("places", "2"),
    ]);
    shifts_with(
        &state,
        c,
        editing,
        activity_form,
        series_form,
        StatusCode::OK,
    )
    .await
}

async fn shifts_with(
    state: &AppState,
    c: Ctx,
    editing: Option<i64>,
    activity_form: FormState,
    series_form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let kiosks = sel_kiosks(pool).await?;
    let activities = shifts::activities(pool)
        .await?
        .into_iter()
        .map(|a| ActivityLine {
            kiosk: match &a.kiosk_id {
                Some(k) => kiosks
                    .iter()
                    .find(|(id, _)| id == k)
                    .map_or_else(|| k.clone(), |(_, label)| label.clone()),
                None => c.tr.t("sel-any-kiosk"),
            },
            id: a.id,
            name: a.name,
            unplanned: a.accepts_unplanned,
            active: a.active,
        })
        .collect();
    let from = day_start(&c, today(&c));
    let to = from + Duration::weeks(WEEKS_AHEAD);
    let shifts = shifts::shifts_between(pool, from, to).await?;
    let names = signups_between(pool, from, to).await?;
    let days = by_day(&c, &shifts, &names);
    html_status(
        status,
        ShiftsPage {
            c,
            activities,
            kiosks,
            days,
            editing,
            activity_form,
            series_form,
        },
    )
}

/// The series form filled as by default, for pages where only the activity form was posted.
fn default_series_form(c: &Ctx) -> FormState {
    FormState::with(&[
        ("first_date", &today(c).format("%Y-%m-%d").to_string()),
        ("start", "09:00"),
        ("end", "12:00"),
        ("weeks", "1"),
        ("places", "2"),
    ])
}

#[derive(Debug, Default, Deserialize)]
struct ActivityForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kiosk_id: String,
    #[serde(default)]
    accepts_unplanned: Option<String>,
    #[serde(default)]
    active: Option<String>,
}

impl ActivityForm {
    fn input(&self) -> shifts::ActivityInput {
        shifts::ActivityInput {
            name: self.name.clone(),
            kiosk_id: Some(self.kiosk_id.clone()).filter(|k| !k.trim().is_empty()),
            accepts_unplanned: self.accepts_unplanned.is_some(),
            active: self.active.is_some(),
        }
    }

    fn state(&self) -> FormState {
        FormState::with(&[
            ("name", &self.name),
            ("kiosk_id", &self.kiosk_id),
            (
                "accepts_unplanned",
                if self.accepts_unplanned.is_some() {
                    "on"
                } else {
                    ""
                },
            ),
            ("active", if self.active.is_some() { "on" } else { "" }),
        ])
    }
}

async fn activity_create(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<ActivityForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    match shifts::create_activity(&state.pool, &actor, &f.input()).await {
        Ok(_) => Ok(see_other("/sel/permanences?ok=ok-sel-activity-saved")),
        Err(r) => {
            let mut form = f.state();
            refusal_message(&c, r, &mut form, "name")?;
            let series = default_series_form(&c);
            shifts_with(
                &state,
                c,
                None,
                form,
                series,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn activity_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ActivityForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    match shifts::update_activity(&state.pool, &actor, id, &f.input()).await {
        Ok(_) => Ok(see_other("/sel/permanences?ok=ok-sel-activity-saved")),
        Err(r) => {
            let mut form = f.state();
            refusal_message(&c, r, &mut form, "name")?;
            let series = default_series_form(&c);
            shifts_with(
                &state,
                c,
                Some(id),
                form,
                series,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct SeriesForm {
    #[serde(default)]
    activity_id: String,
    #[serde(default)]
    first_date: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    weeks: String,
    #[serde(default)]
    places: String,
    #[serde(default)]
    note: String,
}

async fn series_create(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<SeriesForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = FormState::with(&[
        ("activity_id", &f.activity_id),
        ("first_date", &f.first_date),
        ("start", &f.start),
        ("end", &f.end),
        ("weeks", &f.weeks),
        ("places", &f.places),
        ("note", &f.note),
    ]);
    let activity_id = f.activity_id.trim().parse::<i64>().ok();
    let weeks = f.weeks.trim().parse::<u32>().ok();
    let places = f.places.trim().parse::<i64>().ok();
    if activity_id.is_none() {
        form.add("activity_id", c.tr.t("error-sel-activity-unknown"));
    }
    if weeks.is_none() {
        form.add("weeks", c.tr.t("error-sel-weeks-invalid"));
    }
    if places.is_none() {
        form.add("places", c.tr.t("error-sel-places-invalid"));
    }
    if let (Some(activity_id), Some(weeks), Some(places)) = (activity_id, weeks, places) {
        let input = shifts::SeriesInput {
            activity_id,
            first_date: f.first_date.clone(),
            start: f.start.clone(),
            end: f.end.clone(),
            weeks,
            places,
            note: f.note.clone(),
        };
        match shifts::create_series(&state.pool, &actor, c.tz, &input).await {
            Ok(_) => return Ok(see_other("/sel/permanences?ok=ok-sel-series-created")),
            Err(r) => refusal_message(&c, r, &mut form, "activity_id")?,
        }
    }
    shifts_with(
        &state,
        c,
        None,
        FormState::with(&[("active", "on")]),
        form,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Template)]
#[template(path = "sel_shift.html")]
struct ShiftPage {
    c: Ctx,
    shift: ShiftLine,
    form: FormState,
    candidates: Vec<(i64, String)>,
}

async fn shift_view(pool: &SqlitePool, c: &Ctx, id: i64) -> Result<ShiftLine, PageError> {
    let s = match shifts::shift(pool, id).await {
        Ok(s) => s,
        Err(Refusal::NotFound) => return Err(not_found(c)),
        Err(e) => return Err(PageError::internal(e)),
    };
    let names = shifts::signed_up(pool, id).await?;
    Ok(shift_line(c, &s, names, false))
}

async fn shift_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    shift_with(&state, c, id, FormState::default(), vec![], StatusCode::OK).await
}

async fn shift_with(
    state: &AppState,
    c: Ctx,
    id: i64,
    form: FormState,
    candidates: Vec<(i64, String)>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let shift = shift_view(&state.pool, &c, id).await?;
    html_status(
        status,
        ShiftPage {
            c,
            shift,
            form,
            candidates,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
struct SignUpForm {
    #[serde(default)]
    person: String,
    #[serde(default)]
    person_choix: String,
}

async fn shift_sign_up(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<SignUpForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = FormState::with(&[("person", &f.person)]);
    let mut candidates = vec![];
    let person = resolve_person(
        &state.pool,
        &c,
        &mut form,
        "person",
        &f.person,
        &f.person_choix,
        false,
        &mut candidates,
    )
    .await?;
    if let Some(person) = person {
        match shifts::sign_up(&state.pool, &actor, id, person).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "/sel/permanences/{id}?ok=ok-sel-signed-up"
                )));
            }
            Err(Refusal::NotFound) => return Err(not_found(&c)),
            Err(r) => refusal_at(&c, r, &mut form, "person")?,
        }
    }
    shift_with(
        &state,
        c,
        id,
        form,
        candidates,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
struct WithdrawForm {
    #[serde(default)]
    person_id: String,
}

async fn shift_withdraw(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<WithdrawForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = FormState::default();
    let result = match f.person_id.trim().parse::<i64>() {
        Ok(person) => shifts::withdraw(&state.pool, &actor, id, person)
            .await
            .map(|_| ()),
        Err(_) => Err(Refusal::conflict("error-sel-not-signed-up")),
    };
    match result {
        Ok(()) => Ok(see_other(&format!(
            "/sel/permanences/{id}?ok=ok-sel-withdrawn"
        ))),
        Err(r) => {
            refusal_at(&c, r, &mut form, "inscrits")?;
            shift_with(
                &state,
                c,
                id,
                form,
                vec![],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "sel_shift_cancel.html")]
struct ShiftCancelPage {
    c: Ctx,
    shift: ShiftLine,
    form: FormState,
}

async fn shift_cancel_form(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let shift = shift_view(&state.pool, &c, id).await?;
    html(ShiftCancelPage {
        c,
        shift,
        form: FormState::default(),
    })
}

#[derive(Debug, Default, Deserialize)]
struct CancelForm {
    #[serde(default)]
    confirme: String,
}

async fn shift_cancel(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<CancelForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = FormState::default();
    if f.confirme == "oui" {
        match shifts::cancel_shift(&state.pool, &actor, id).await {
            Ok(_) => return Ok(see_other("/sel/permanences?ok=ok-sel-shift-cancelled")),
            Err(r) => refusal_at(&c, r, &mut form, "confirme")?,
        }
    } else {
        form.add("confirme", c.tr.t("error-sel-cancel-confirm"));
    }
    let shift = shift_view(&state.pool, &c, id).await?;
    html_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        ShiftCancelPage { c, shift, form },
    )
}

// ---------------------------------------------------------------------------------------------
// The review queue

#[derive(Debug)]
struct ReviewLine {
    id: i64,
    person_id: i64,
    person: String,
    activity: String,
    day: String,
    start: String,
    end: String,
    minutes: String,
    reasons: Vec<String>,
    resolution_no: Option<i64>,
    /// Whether it credited minutes (a correction then applies to its posting).
    credited: bool,
    open: bool,
    /// The id of its note input.
    field: String,
}

#[derive(Template)]
#[template(path = "sel_review.html")]
struct ReviewPage {
    c: Ctx,
    items: Vec<ReviewLine>,
    form: FormState,
}

/// Why a served shift waits for a look, in the desk's words.
fn review_label(c: &Ctx, reason: &str) -> String {
    match reason {
        known if crate::sel::shifts::REVIEW_REASONS.contains(&known) => {
            c.tr.tk("sel-review", reason)
        }
        other => other.to_owned(),
    }
}

async fn review_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    review_with(&state, c, FormState::default(), StatusCode::OK).await
}

async fn review_with(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let items = shifts::review_queue(&state.pool)
        .await?
        .into_iter()
        .map(|s| {
            let started = shifts::parse_instant(&s.started_at);
            ReviewLine {
                day: day_label(&c, started.with_timezone(&c.tz).date_naive()),
                start: c.tr.time(started, c.tz),
                end: s
                    .ended_at
                    .as_deref()
                    .map(|e| c.tr.when(shifts::parse_instant(e), c.tz))
                    .unwrap_or_else(|| "—".into()),
                minutes: s.minutes.map(hours).unwrap_or_else(|| "—".into()),
                reasons: s
                    .review_reasons()
                    .iter()
                    .map(|r| review_label(&c, r))
                    .collect(),
                open: s.ended_at.is_none(),
                credited: s.minutes.is_some_and(|m| m > 0),
                field: format!("note-{}", s.id),
                id: s.id,
                person_id: s.person_id,
                person: s.person,
                activity: s.activity,
                resolution_no: s.resolution_no,
            }
        })
        .collect();
    html_status(status, ReviewPage { c, items, form })
}

#[derive(Debug, Default, Deserialize)]
struct ReviewForm {
    #[serde(default)]
    note: String,
}

async fn review_mark(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ReviewForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let field = format!("note-{id}");
    match shifts::mark_reviewed(&state.pool, &actor, id, &f.note).await {
        Ok(_) => Ok(see_other("/sel/revue?ok=ok-sel-reviewed")),
        Err(r) => {
            let mut form = FormState::with(&[(&field, &f.note)]);
            refusal_at(&c, r, &mut form, &field)?;
            review_with(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The catalogue (valuation scale)

#[derive(Debug, Default, Deserialize)]
struct CatalogueQuery {
    #[serde(default)]
    article: String,
}

#[derive(Debug)]
struct ItemView {
    id: i64,
    name: String,
    category: String,
    minutes: i64,
    hours: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "sel_catalogue.html")]
struct CataloguePage {
    c: Ctx,
    items: Vec<ItemView>,
    editing: Option<i64>,
    form: FormState,
}

async fn catalogue_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<CatalogueQuery>,
) -> Result<Response, PageError> {
    let editing = q.article.trim().parse::<i64>().ok();
    let mut form = FormState::with(&[("active", "on")]);
    if let Some(id) = editing {
        let it = match shop::item(&state.pool, id).await {
            Ok(it) => it,
            Err(Refusal::NotFound) => return Err(not_found(&c)),
            Err(e) => return Err(PageError::internal(e)),
        };
        form = FormState::with(&[
            ("name", &it.name),
            ("category", &it.category),
            ("price_minutes", &it.price_minutes.to_string()),
            ("active", if it.active { "on" } else { "" }),
        ]);
    }
    catalogue_with(&state, c, editing, form, StatusCode::OK).await
}

async fn catalogue_with(
    state: &AppState,
    c: Ctx,
    editing: Option<i64>,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let items = shop::items(&state.pool, true)
        .await?
        .into_iter()
        .map(|it| ItemView {
            hours: hours(it.price_minutes),
            id: it.id,
            name: it.name,
            category: it.category,
            minutes: it.price_minutes,
            active: it.active,
        })
        .collect();
    html_status(
        status,
        CataloguePage {
            c,
            items,
            editing,
            form,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
struct ItemForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    price_minutes: String,
    #[serde(default)]
    active: Option<String>,
}

impl ItemForm {
    fn state(&self) -> FormState {
        FormState::with(&[
            ("name", &self.name),
            ("category", &self.category),
            ("price_minutes", &self.price_minutes),
            ("active", if self.active.is_some() { "on" } else { "" }),
        ])
    }
}

async fn item_save(
    state: &AppState,
    c: Ctx,
    id: Option<i64>,
    f: ItemForm,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let mut form = f.state();
    let Some(price) = typed_integer(&f.price_minutes) else {
        form.add("price_minutes", c.tr.t("error-sel-price-invalid"));
        return catalogue_with(state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let input = shop::ItemInput {
        name: f.name.clone(),
        category: f.category.clone(),
        price_minutes: price,
        active: f.active.is_some(),
    };
    let saved = match id {
        Some(id) => shop::update_item(&state.pool, &actor, id, &input).await,
        None => shop::create_item(&state.pool, &actor, &input).await,
    };
    match saved {
        Ok(_) => Ok(see_other("/sel/catalogue?ok=ok-sel-item-saved")),
        Err(r) => {
            refusal_message(&c, r, &mut form, "name")?;
            catalogue_with(state, c, id, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

async fn item_create(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<ItemForm>,
) -> Result<Response, PageError> {
    item_save(&state, c, None, f).await
}

async fn item_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<ItemForm>,
) -> Result<Response, PageError> {
    item_save(&state, c, Some(id), f).await
}

// ---------------------------------------------------------------------------------------------
// The yearly report

#[derive(Debug, Default, Deserialize)]
struct YearQuery {
    #[serde(default)]
    annee: String,
}

#[derive(Debug)]
struct ReportRow {
    activity: String,
    months: Vec<String>,
    total: String,
    sessions: i64,
    participants: i64,
}

#[derive(Template)]
#[template(path = "sel_report.html")]
struct ReportPage {
    c: Ctx,
    year: i32,
    years: Vec<i32>,
    months: Vec<String>,
    rows: Vec<ReportRow>,
    month_totals: Vec<String>,
    summary: report::YearSummary,
    total: String,
    purchases: String,
    exchanges: String,
}

/// A month's minutes in a table cell: a dash for none.
fn cell(minutes: i64) -> String {
    if minutes == 0 {
        "—".into()
    } else {
        hours(minutes)
    }
}

async fn report_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    let current = today(&c).year();
    let year = q
        .annee
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2200).contains(y))
        .unwrap_or(current);
    let first: Option<String> = sqlx::query_scalar("SELECT min(started_at) FROM sel_sessions")
        .fetch_one(&state.pool)
        .await?;
    let first_year = first
        .as_deref()
        .and_then(crate::i18n::parse_instant)
        .map_or(current, |t| t.with_timezone(&c.tz).year())
        .min(year);
    let years = (first_year..=current.max(year)).rev().collect();
    let summary = report::year_summary(&state.pool, year, c.tz).await?;
    let months = (1..=12)
        .map(|m| c.tr.t(&format!("sel-month-{m}")))
        .collect();
    let rows = summary
        .rows
        .iter()
        .map(|r| ReportRow {
            activity: r.activity.clone(),
            months: r.months.iter().map(|m| cell(*m)).collect(),
            total: hours(r.total),
            sessions: r.sessions,
            participants: r.participants,
        })
        .collect();
    html(ReportPage {
        month_totals: summary.month_totals.iter().map(|m| cell(*m)).collect(),
        total: hours(summary.total_minutes),
        purchases: hours(summary.purchases_minutes),
        exchanges: hours(summary.exchanges_minutes),
        c,
        year,
        years,
        months,
        rows,
        summary,
    })
}

// ---------------------------------------------------------------------------------------------
// Settings and reconciliation (admin)

#[derive(Debug)]
struct ReconciliationView {
    at: String,
    ok: bool,
    accounts: i64,
    transfers: i64,
    mismatches: i64,
    detail: Vec<String>,
}

#[derive(Template)]
#[template(path = "sel_admin.html")]
struct SettingsPage {
    c: Ctx,
    form: FormState,
    last: Option<ReconciliationView>,
}

fn settings_state(s: &Settings) -> FormState {
    FormState::with(&[
        ("unit_name", &s.unit_name),
        ("welcome_minutes", &s.welcome_minutes.to_string()),
        ("default_floor", &s.default_floor.to_string()),
        ("default_ceiling", &s.default_ceiling.to_string()),
        ("rounding_minutes", &s.rounding_minutes.to_string()),
        ("tolerance_minutes", &s.tolerance_minutes.to_string()),
        (
            "unplanned_max_minutes",
            &s.unplanned_max_minutes.to_string(),
        ),
        ("repeat_tap_seconds", &s.repeat_tap_seconds.to_string()),
        ("membership_policy", &s.membership_policy),
        (
            "exchange_confirmation",
            if s.exchange_confirmation { "on" } else { "" },
        ),
    ])
}

async fn settings_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let form = settings_state(&Settings::load(&state.pool).await?);
    settings_with(&state, c, form, StatusCode::OK).await
}

async fn settings_with(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let last = ledger::last_reconciliation(&state.pool).await?.map(
        |(at, ok, accounts, transfers, mismatches, detail)| ReconciliationView {
            at: c.tr.when_text(Some(&at), c.tz),
            ok,
            accounts,
            transfers,
            mismatches,
            detail: if ok {
                vec![]
            } else {
                detail.lines().map(str::to_owned).collect()
            },
        },
    );
    html_status(status, SettingsPage { c, form, last })
}

#[derive(Debug, Default, Deserialize)]
struct SettingsForm {
    #[serde(default)]
    unit_name: String,
    #[serde(default)]
    welcome_minutes: String,
    #[serde(default)]
    default_floor: String,
    #[serde(default)]
    default_ceiling: String,
    #[serde(default)]
    rounding_minutes: String,
    #[serde(default)]
    tolerance_minutes: String,
    #[serde(default)]
    unplanned_max_minutes: String,
    #[serde(default)]
    repeat_tap_seconds: String,
    #[serde(default)]
    membership_policy: String,
    #[serde(default)]
    exchange_confirmation: Option<String>,
}

/// The settings as typed: numbers parsed (a field that is not a whole number is refused here);
/// the ranges are checked by [`crate::sel::save_settings`]. Also gives the form state, to fill in
/// with the library's refusals.
fn checked_settings(c: &Ctx, f: &SettingsForm) -> Result<(Settings, FormState), FormState> {
    let mut form = FormState::with(&[
        ("unit_name", &f.unit_name),
        ("welcome_minutes", &f.welcome_minutes),
        ("default_floor", &f.default_floor),
        ("default_ceiling", &f.default_ceiling),
        ("rounding_minutes", &f.rounding_minutes),
        ("tolerance_minutes", &f.tolerance_minutes),
        ("unplanned_max_minutes", &f.unplanned_max_minutes),
        ("repeat_tap_seconds", &f.repeat_tap_seconds),
        ("membership_policy", &f.membership_policy),
        (
            "exchange_confirmation",
            if f.exchange_confirmation.is_some() {
                "on"
            } else {
                ""
            },
        ),
    ]);
    let mut int = |field: &str, raw: &str, key: &str| -> i64 {
        typed_integer(raw).unwrap_or_else(|| {
            form.add(field, c.tr.t(key));
            0
        })
    };
    let s = Settings {
        unit_name: f.unit_name.clone(),
        welcome_minutes: int(
            "welcome_minutes",
            &f.welcome_minutes,
            "error-sel-settings-welcome",
        ),
        default_floor: int(
            "default_floor",
            &f.default_floor,
            "error-sel-settings-floor",
        ),
        default_ceiling: int(
            "default_ceiling",
            &f.default_ceiling,
            "error-sel-settings-ceiling",
        ),
        rounding_minutes: int(
            "rounding_minutes",
            &f.rounding_minutes,
            "error-sel-settings-rounding",
        ),
        tolerance_minutes: int(
            "tolerance_minutes",
            &f.tolerance_minutes,
            "error-sel-settings-tolerance",
        ),
        unplanned_max_minutes: int(
            "unplanned_max_minutes",
            &f.unplanned_max_minutes,
            "error-sel-settings-unplanned",
        ),
        repeat_tap_seconds: int(
            "repeat_tap_seconds",
            &f.repeat_tap_seconds,
            "error-sel-settings-repeat",
        ),
        membership_policy: f.membership_policy.clone(),
        exchange_confirmation: f.exchange_confirmation.is_some(),
    };
    if form.errors.is_empty() {
        Ok((s, form))
    } else {
        Err(form)
    }
}

async fn settings_save(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<SettingsForm>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    match checked_settings(&c, &f) {
        Ok((s, mut form)) => match crate::sel::save_settings(&state.pool, &actor, &s).await {
            Ok(_) => Ok(see_other("/admin/sel?ok=ok-sel-settings-saved")),
            Err(r) => {
                refusal_message(&c, r, &mut form, "unit_name")?;
                settings_with(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
            }
        },
        Err(form) => settings_with(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}

async fn reconcile_now(State(state): State<AppState>) -> Result<Response, PageError> {
    let r = ledger::record_reconciliation(&state.pool).await?;
    if !r.ok {
        tracing::error!(mismatches = ?r.mismatches, posted_sum = r.posted_sum, "SEL reconciliation found differences");
    }
    Ok(see_other("/admin/sel?ok=ok-sel-reconciled#rapprochement"))
}

// ---------------------------------------------------------------------------------------------
// The resident's own SEL (`/moi`)

/// The resident's page shown again with a refusal of one of its SEL forms.
async fn me_refused(
    state: &AppState,
    c: Ctx,
    form: FormState,
    candidates: Vec<(i64, String)>,
) -> Result<Response, PageError> {
    super::pages::me_page(
        state,
        c,
        MeForm { form, candidates },
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

async fn my_sign_up(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let person = my_person(&c)?;
    let actor = actor(&c)?;
    match shifts::sign_up(&state.pool, &actor, id, person).await {
        Ok(_) => Ok(see_other(&format!(
            "/moi?ok=ok-sel-my-signed-up#permanence-{id}"
        ))),
        Err(r) => {
            let mut form = FormState::default();
            refusal_at(&c, r, &mut form, "mes-permanences")?;
            me_refused(&state, c, form, vec![]).await
        }
    }
}

async fn my_withdraw(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let person = my_person(&c)?;
    let actor = actor(&c)?;
    match shifts::withdraw(&state.pool, &actor, id, person).await {
        Ok(_) => Ok(see_other(&format!(
            "/moi?ok=ok-sel-my-withdrawn#permanence-{id}"
        ))),
        Err(r) => {
            let mut form = FormState::default();
            refusal_at(&c, r, &mut form, "mes-permanences")?;
            me_refused(&state, c, form, vec![]).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct GiveForm {
    #[serde(default)]
    op: String,
    #[serde(default)]
    receiver: String,
    #[serde(default)]
    receiver_choix: String,
    #[serde(default)]
    heures: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    memo: String,
}

async fn my_give(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<GiveForm>,
) -> Result<Response, PageError> {
    let me = my_person(&c)?;
    let actor = actor(&c)?;
    let pool = &state.pool;
    let mut form = FormState::with(&[
        ("op", &f.op),
        ("receiver", &f.receiver),
        ("heures", &f.heures),
        ("minutes", &f.minutes),
        ("memo", &f.memo),
    ]);
    let mut candidates = vec![];
    let receiver = resolve_person(
        pool,
        &c,
        &mut form,
        "receiver",
        &f.receiver,
        &f.receiver_choix,
        true,
        &mut candidates,
    )
    .await?;
    // Giving to oneself is no choice to offer.
    candidates.retain(|(id, _)| *id != me);
    let minutes = typed_minutes(&f.heures, &f.minutes);
    if minutes.is_none() {
        form.add("heures", c.tr.t("error-sel-duration-invalid"));
    }
    if let (Some(receiver_id), Some(minutes)) = (receiver, minutes) {
        form.values
            .insert("receiver".into(), receiver_id.to_string());
        let input = shop::ExchangeInput {
            id: f.op.clone(),
            payer_id: me,
            receiver_id,
            minutes,
            memo: f.memo.clone(),
            override_reason: None,
        };
        match shop::exchange(pool, &actor, &input, false).await {
            Ok(written) => {
                let pending = written.transfers.iter().any(|t| t.phase == "pending");
                return Ok(see_other(if pending {
                    "/moi?ok=ok-sel-given-pending#mon-sel"
                } else {
                    "/moi?ok=ok-sel-given#mon-sel"
                }));
            }
            Err(r) => {
                let field = match &r {
                    Refusal::Conflict {
                        key: "error-sel-above-ceiling" | "error-sel-same-account",
                        ..
                    } => "receiver",
                    _ => "heures",
                };
                refusal_message(&c, r, &mut form, field)?;
                rename_field(&mut form, "minutes", "heures");
                rename_field(&mut form, "id", "heures");
            }
        }
    }
    me_refused(&state, c, form, candidates).await
}

#[derive(Debug, Default, Deserialize)]
struct AnswerForm {
    #[serde(default)]
    reponse: String,
}

async fn my_answer(
    State(state): State<AppState>,
    c: Ctx,
    P(no): P<i64>,
    F(f): F<AnswerForm>,
) -> Result<Response, PageError> {
    let me = my_person(&c)?;
    let actor = actor(&c)?;
    let accept = match f.reponse.as_str() {
        "accepter" => true,
        "refuser" => false,
        _ => {
            let mut form = FormState::default();
            form.add("echanges-a-confirmer", c.tr.t("error-choice"));
            return me_refused(&state, c, form, vec![]).await;
        }
    };
    match shop::respond_exchange(&state.pool, &actor, me, no, accept).await {
        Ok(_) => Ok(see_other(if accept {
            "/moi?ok=ok-sel-exchange-accepted#mon-sel"
        } else {
            "/moi?ok=ok-sel-exchange-declined#mon-sel"
        })),
        Err(r) => {
            let mut form = FormState::default();
            refusal_at(&c, r, &mut form, "echanges-a-confirmer")?;
            me_refused(&state, c, form, vec![]).await
        }
    }
}

async fn my_csv(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let me = my_person(&c)?;
    let account = ledger::account_of_person(&state.pool, me)
        .await?
        .ok_or_else(|| not_found(&c))?;
    let lines = ledger::statement(&state.pool, account.id).await?;
    Ok(csv_response(
        report::statement_csv(&lines, c.tz),
        "mon-releve-sel.csv",
    ))
}
