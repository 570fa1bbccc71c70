//! The HTML pages. Forms post back, then redirect (a reload never posts twice); a refused form is
//! shown again with a message at each field and a summary announced to screen readers, and nothing
//! is saved.

use super::{Ctx, F, P, PageError, set_cookie, url_encode};
use crate::AppState;
use crate::auth::{self, Role};
use crate::i18n::{Lang, Tr, parse_instant};
use crate::logbook::{self, Kind};
use crate::people::{self, FieldError, PersonInput, Refusal};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Redirect, Response};
use futures_util::Stream;
use serde::Deserialize;
use std::collections::HashMap;
use std::convert::Infallible;
use std::time::Duration;

// ---------------------------------------------------------------------------------------------
// Forms

/// A form's values and its refusals, for showing it again.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub values: HashMap<String, String>,
    pub errors: Vec<(String, String)>,
}

impl FormState {
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

pub(super) fn html(page: impl Template) -> Result<Response, PageError> {
    Ok(Html(page.render()?).into_response())
}

pub(super) fn html_status(status: StatusCode, page: impl Template) -> Result<Response, PageError> {
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// Where to go after login: a local path only, never another site.
fn safe_next(next: Option<&str>) -> Option<String> {
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

fn home_of(role: Role) -> &'static str {
    match role {
        Role::Admin | Role::Reception => "/accueil",
        Role::Association => "/mes-associations",
        Role::Resident => "/moi",
    }
}

pub(super) fn not_found(c: &Ctx) -> PageError {
    PageError::NotFound(c.tr.lang)
}

/// Turns a refusal into a message for the page (or the error for a fault).
pub(super) fn refusal_message(
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
// Login, language, account

pub async fn root(c: Ctx) -> Response {
    match &c.user {
        Some(u) => see_other(home_of(u.role)),
        None => see_other("/connexion"),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Ctx,
    form: FormState,
    next: String,
    notice: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    suite: Option<String>,
    expiree: Option<String>,
}

pub async fn login_form(c: Ctx, Query(q): Query<LoginQuery>) -> Result<Response, PageError> {
    if let Some(u) = &c.user {
        return Ok(see_other(
            &safe_next(q.suite.as_deref()).unwrap_or_else(|| home_of(u.role).into()),
        ));
    }
    let notice = if q.expiree.is_some() {
        Some(c.tr.t("login-expired"))
    } else {
        c.flash()
    };
    html(LoginPage {
        next: safe_next(q.suite.as_deref()).unwrap_or_default(),
        c,
        form: FormState::default(),
        notice,
    })
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    identifiant: String,
    #[serde(default)]
    mot_de_passe: String,
    #[serde(default)]
    suite: String,
}

pub async fn login(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<LoginForm>,
) -> Result<Response, PageError> {
    let address = c.peer;
    let mut form = FormState::with(&[("identifiant", f.identifiant.trim())]);
    let next = safe_next(Some(&f.suite)).unwrap_or_default();
    if f.identifiant.trim().is_empty() || f.mot_de_passe.is_empty() {
        if f.identifiant.trim().is_empty() {
            form.add("identifiant", c.tr.t("error-required"));
        }
        if f.mot_de_passe.is_empty() {
            form.add("mot_de_passe", c.tr.t("error-required"));
        }
        return html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            LoginPage {
                c,
                form,
                next,
                notice: None,
            },
        );
    }
    if !state.throttle.begin(&f.identifiant, address) {
        tracing::warn!(?address, "login throttled");
        form.add("mot_de_passe", c.tr.t("login-throttled"));
        return html_status(
            StatusCode::TOO_MANY_REQUESTS,
            LoginPage {
                c,
                form,
                next,
                notice: None,
            },
        );
    }
    let Some(user) = auth::authenticate(&state.pool, &f.identifiant, &f.mot_de_passe).await? else {
        tracing::info!(?address, "login refused");
        // One generic refusal: it says nothing of whether the account exists.
        form.add("mot_de_passe", c.tr.t("login-refused"));
        return html_status(
            StatusCode::UNAUTHORIZED,
            LoginPage {
                c,
                form,
                next,
                notice: None,
            },
        );
    };
    state.throttle.succeeded(&f.identifiant, address);
    if let Some(old) = &c.session_token {
        auth::close_session(&state.pool, old).await?;
    }
    let token = auth::open_session(&state.pool, user.id).await?;
    let target = if user.must_change_password {
        "/compte?changer=1".to_owned()
    } else if next.is_empty() {
        home_of(user.role).to_owned()
    } else {
        next
    };
    let mut res = see_other(&target);
    let max_age = auth::SESSION_MAX.num_seconds();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(auth::SESSION_COOKIE, &token, max_age, true, c.secure),
    );
    Ok(res)
}

pub async fn logout(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    if let Some(token) = &c.session_token {
        auth::close_session(&state.pool, token).await?;
    }
    let mut res = see_other("/connexion?ok=ok-logged-out");
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(auth::SESSION_COOKIE, "", 0, true, c.secure),
    );
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    lang: String,
    #[serde(default)]
    suite: String,
}

pub async fn switch_language(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<LanguageForm>,
) -> Result<Response, PageError> {
    let lang = Lang::parse(&f.lang);
    if let Some(u) = &c.user {
        sqlx::query("UPDATE users SET language = ? WHERE id = ?")
            .bind(lang.code())
            .bind(u.id)
            .execute(&state.pool)
            .await?;
    }
    let mut res = see_other(&safe_next(Some(&f.suite)).unwrap_or_else(|| "/".into()));
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie("cq_lang", lang.code(), 365 * 24 * 3600, true, c.secure),
    );
    Ok(res)
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Ctx,
    form: FormState,
    must_change: bool,
}

pub async fn account(c: Ctx) -> Result<Response, PageError> {
    let must_change = c.account()?.must_change_password;
    html(AccountPage {
        c,
        form: FormState::default(),
        must_change,
    })
}

#[derive(Debug, Deserialize)]
pub struct PreferencesForm {
    language: String,
    #[serde(default)]
    grand_texte: Option<String>,
}

pub async fn account_preferences(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<PreferencesForm>,
) -> Result<Response, PageError> {
    let user = c.account()?;
    let lang = Lang::parse(&f.language);
    sqlx::query("UPDATE users SET language = ?, large_text = ? WHERE id = ?")
        .bind(lang.code())
        .bind(f.grand_texte.is_some())
        .bind(user.id)
        .execute(&state.pool)
        .await?;
    let mut res = see_other("/compte?ok=ok-saved");
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie("cq_lang", lang.code(), 365 * 24 * 3600, true, c.secure),
    );
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    actuel: String,
    #[serde(default)]
    nouveau: String,
    #[serde(default)]
    confirmation: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<PasswordForm>,
) -> Result<Response, PageError> {
    let user = c.account()?.clone();
    let mut form = FormState::default();
    // Someone at an unattended desk could guess the password here: the same throttle as login.
    if !state.throttle.begin(&user.username, c.peer) {
        form.add("actuel", c.tr.t("login-throttled"));
        let must_change = user.must_change_password;
        return html_status(
            StatusCode::TOO_MANY_REQUESTS,
            AccountPage {
                c,
                form,
                must_change,
            },
        );
    }
    let current_ok = auth::authenticate(&state.pool, &user.username, &f.actuel)
        .await?
        .is_some_and(|u| u.id == user.id);
    if current_ok {
        state.throttle.succeeded(&user.username, c.peer);
    } else {
        form.add("actuel", c.tr.t("error-password-wrong"));
    }
    if let Some(key) = auth::password_problem(&f.nouveau, &user.username) {
        form.add("nouveau", c.tr.t(key));
    } else if f.nouveau != f.confirmation {
        form.add("confirmation", c.tr.t("error-password-mismatch"));
    }
    if !form.errors.is_empty() {
        let must_change = user.must_change_password;
        return html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            AccountPage {
                c,
                form,
                must_change,
            },
        );
    }
    let hash = auth::hash_password_off_thread(f.nouveau.clone())
        .await
        .map_err(PageError::internal)?;
    let mut tx = crate::db::begin_write(&state.pool).await?;
    sqlx::query("UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?")
        .bind(&hash)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    // Other sessions of this account end; this one stays.
    auth::close_sessions_of(&mut tx, user.id, c.session_token.as_deref()).await?;
    crate::audit::record(
        &mut tx,
        &user.actor(),
        "user.password",
        "user",
        user.id,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(see_other("/compte?ok=ok-password-changed"))
}

// ---------------------------------------------------------------------------------------------
// Residents and associations

#[derive(Template)]
#[template(path = "me.html")]
struct MePage {
    c: Ctx,
    person: Option<people::Person>,
    badges: Vec<BadgeLine>,
    associations: Vec<people::Association>,
    sel: Option<super::sel_pages::MySel>,
}

pub async fn me(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    me_page(
        &state,
        c,
        super::sel_pages::MeForm::default(),
        StatusCode::OK,
    )
    .await
}

/// The resident's page, with its SEL forms as typed (shown again when one was refused).
pub(super) async fn me_page(
    state: &AppState,
    c: Ctx,
    sel_form: super::sel_pages::MeForm,
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = c.account()?;
    let (person, badges, associations, sel) = match user.person_id {
        Some(id) => (
            Some(people::get(&state.pool, id).await.map_err(refusal_fault)?),
            badge_lines(&c, people::badges_of(&state.pool, id).await?),
            people::represented_by(&state.pool, id).await?,
            Some(super::sel_pages::my_sel(state, &c, id, sel_form).await?),
        ),
        None => (None, vec![], vec![], None),
    };
    html_status(
        status,
        MePage {
            c,
            person,
            badges,
            associations,
            sel,
        },
    )
}

fn refusal_fault(r: Refusal) -> PageError {
    PageError::internal(r)
}

#[derive(Template)]
#[template(path = "my_associations.html")]
struct MyAssociationsPage {
    c: Ctx,
    associations: Vec<(people::Association, Vec<people::Member>)>,
}

pub async fn my_associations(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let mut associations = vec![];
    if let Some(person) = c.account()?.person_id {
        for a in people::represented_by(&state.pool, person).await? {
            let members = people::members(&state.pool, a.id).await?;
            associations.push((a, members));
        }
    }
    html(MyAssociationsPage { c, associations })
}

// ---------------------------------------------------------------------------------------------
// The desk's home

/// One line of the live feed.
#[derive(Debug)]
pub struct TapLine {
    pub time: String,
    pub who: String,
    pub person_id: Option<i64>,
    /// An unknown card: the card id, offered for assignment.
    pub unknown_card: Option<String>,
    pub kiosk: String,
    pub result: String,
    pub positive: bool,
}

#[derive(Debug)]
pub struct KioskLine {
    pub id: String,
    pub label: String,
    pub online: bool,
    pub pending: String,
    pub version: String,
    pub last_seen: String,
    /// Alarms in the desk's words.
    pub alarms: Vec<String>,
}

#[derive(Debug, sqlx::FromRow)]
struct TapRow {
    read_at_utc: String,
    kiosk_id: String,
    kiosk_label: Option<String>,
    person_id: Option<i64>,
    person: Option<String>,
    badge: String,
    result: String,
}

/// Who is in the building now, and where they were last seen.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Presence {
    pub person_id: i64,
    pub name: String,
    pub kiosk_id: String,
    pub place: String,
    pub seen_at: String,
    pub result: String,
}

/// How long after their last tap someone still counts as present.
pub const PRESENCE_HOURS: i64 = 12;

/// People whose latest tap, in the last twelve hours, was not a way out.
pub async fn presence(pool: &sqlx::SqlitePool) -> Result<Vec<Presence>, sqlx::Error> {
    let since =
        crate::db::instant_text(chrono::Utc::now() - chrono::Duration::hours(PRESENCE_HOURS));
    sqlx::query_as(
        "SELECT s.person_id, trim(p.first_name || ' ' || p.last_name) AS name, s.kiosk_id,
                coalesce(k.label, s.kiosk_id) AS place, s.seen_at, e.result
         FROM person_last_seen s
         JOIN persons p ON p.id = s.person_id
         JOIN kiosk_events e ON e.id = s.event_id
         LEFT JOIN kiosks k ON k.id = s.kiosk_id
         WHERE s.seen_at >= ? AND p.erased_at IS NULL
           AND e.result NOT IN ('left', 'checked_out', 'shift_ended', 'unknown_badge', 'not_allowed', 'rejected')
         ORDER BY place, name",
    )
    .bind(since)
    .fetch_all(pool)
    .await
}

/// The latest taps, newest first.
async fn tap_lines(
    pool: &sqlx::SqlitePool,
    c: &Ctx,
    limit: i64,
) -> Result<Vec<TapLine>, sqlx::Error> {
    let rows: Vec<TapRow> = sqlx::query_as(
        "SELECT e.read_at_utc, e.kiosk_id, k.label AS kiosk_label, p.id AS person_id,
                CASE WHEN p.id IS NULL THEN NULL ELSE trim(p.first_name || ' ' || p.last_name) END AS person,
                e.badge, e.result
         FROM kiosk_events e
         LEFT JOIN persons p ON p.id = e.person_id
         LEFT JOIN kiosks k ON k.id = e.kiosk_id
         ORDER BY e.ingest_no DESC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TapLine {
            time: c.tr.when_text(Some(&r.read_at_utc), c.tz),
            who: r
                .person
                .unwrap_or_else(|| c.tr.ta("badge-number", &[("card", &r.badge)])),
            person_id: r.person_id,
            unknown_card: (r.result == "unknown_badge").then(|| r.badge.clone()),
            kiosk: r.kiosk_label.unwrap_or(r.kiosk_id),
            positive: citeosquare_protocol::AckResult::parse(&r.result).is_positive(),
            result: result_label(&c.tr, &r.result),
        })
        .collect())
}

/// Alarms a kiosk may raise (protocol, Status `alarms`).
pub const KIOSK_ALARMS: [&str; 6] = [
    "outbox_high",
    "outbox_full",
    "outbox_error",
    "reader_error",
    "screen_error",
    "clock_not_synced",
];

/// What a kiosk alarm means, in the desk's words; an unknown code is shown as it is.
pub fn alarm_label(tr: &Tr, code: &str) -> String {
    if KIOSK_ALARMS.contains(&code) {
        tr.tk("alarm", code)
    } else {
        code.chars().take(64).collect()
    }
}

/// What a kiosk result means, in the desk's words.
pub fn result_label(tr: &Tr, result: &str) -> String {
    if citeosquare_protocol::AckResult::KNOWN.contains(&result) {
        tr.t(&format!("result-{}", result.replace('_', "-")))
    } else {
        tr.t("result-other")
    }
}

async fn kiosk_lines(pool: &sqlx::SqlitePool, c: &Ctx) -> Result<Vec<KioskLine>, sqlx::Error> {
    Ok(crate::kiosks::views(pool)
        .await?
        .into_iter()
        .map(|k| KioskLine {
            alarms: k
                .alarm_codes()
                .iter()
                .map(|a| alarm_label(&c.tr, a))
                .collect(),
            label: k.label.unwrap_or_else(|| c.tr.t("kiosk-unregistered")),
            online: k.state == "online",
            pending: k.pending.map_or_else(|| "—".into(), |p| p.to_string()),
            version: k.version.unwrap_or_else(|| "—".into()),
            last_seen: c.tr.when_text(
                Some(&k.last_seen)
                    .filter(|s| !s.is_empty())
                    .map(String::as_str),
                c.tz,
            ),
            id: k.kiosk_id,
        })
        .collect())
}

#[derive(Debug)]
pub struct PresenceLine {
    pub person_id: i64,
    pub name: String,
    pub place: String,
    pub since: String,
}

fn presence_lines(c: &Ctx, list: Vec<Presence>) -> Vec<PresenceLine> {
    list.into_iter()
        .map(|p| PresenceLine {
            since: c.tr.when_text(Some(&p.seen_at), c.tz),
            person_id: p.person_id,
            name: p.name,
            place: p.place,
        })
        .collect()
}

#[derive(Debug)]
pub struct EntryLine {
    pub id: i64,
    pub time: String,
    pub author: String,
    pub shift: String,
    pub kind: String,
    pub body: String,
    pub edited: bool,
    pub editable: bool,
    pub corrections: Vec<EntryLine>,
}

fn entry_lines(c: &Ctx, entries: Vec<logbook::Entry>) -> Vec<EntryLine> {
    let user = c.user.as_ref();
    let line = |e: &logbook::Entry| EntryLine {
        id: e.id,
        time: c.tr.when_text(Some(&e.created_at), c.tz),
        author: e.author.clone(),
        shift: shift_label(c, &e.shift),
        kind: e.kind.clone(),
        body: e.body.clone(),
        edited: e.edited_at.is_some(),
        editable: user.is_some_and(|u| e.editable_by(u)),
        corrections: vec![],
    };
    let mut lines: Vec<EntryLine> = entries
        .iter()
        .filter(|e| e.corrects_id.is_none())
        .map(line)
        .collect();
    // Corrections go under the entry they correct, oldest first.
    for e in entries.iter().rev().filter(|e| e.corrects_id.is_some()) {
        if let Some(original) = lines.iter_mut().find(|l| Some(l.id) == e.corrects_id) {
            original.corrections.push(line(e));
        }
    }
    lines
}

fn shift_label(c: &Ctx, key: &str) -> String {
    let Some((date, slug)) = key.split_once('/') else {
        return key.to_owned();
    };
    let name = match slug {
        "matin" => c.tr.t("shift-morning"),
        "apres-midi" => c.tr.t("shift-afternoon"),
        _ => c.tr.t("shift-night"),
    };
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(|d| match c.tr.lang {
            Lang::Fr => d.format("%d/%m/%Y").to_string(),
            Lang::En => d.format("%-d %b %Y").to_string(),
        })
        .unwrap_or_else(|_| date.to_owned());
    format!("{name} {date}")
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    c: Ctx,
    taps: Vec<TapLine>,
    kiosks: Vec<KioskLine>,
    presence: Vec<PresenceLine>,
    handover: Option<EntryLine>,
    entries: Vec<EntryLine>,
    shift: String,
    form: FormState,
    sel: super::sel_pages::DeskSel,
}

pub async fn home(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    home_with(&state, c, FormState::default(), StatusCode::OK).await
}

async fn home_with(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let taps = tap_lines(&state.pool, &c, 20).await?;
    let kiosks = kiosk_lines(&state.pool, &c).await?;
    let presence = presence_lines(&c, presence(&state.pool).await?);
    let handover = logbook::last_handover(&state.pool)
        .await?
        .map(|e| entry_lines(&c, vec![e]))
        .and_then(|mut v| v.pop());
    let entries = entry_lines(&c, logbook::latest(&state.pool, 8).await?);
    let shift = logbook::shift_of(chrono::Utc::now(), c.tz);
    let shift = shift_label(&c, &shift.key);
    let sel = super::sel_pages::desk_box(state, &c).await?;
    html_status(
        status,
        HomePage {
            c,
            taps,
            kiosks,
            presence,
            handover,
            entries,
            shift,
            form,
            sel,
        },
    )
}

#[derive(Template)]
#[template(path = "presence.html")]
struct PresenceFragment {
    c: Ctx,
    presence: Vec<PresenceLine>,
}

pub async fn presence_fragment(
    State(state): State<AppState>,
    c: Ctx,
) -> Result<Response, PageError> {
    let presence = presence_lines(&c, presence(&state.pool).await?);
    html(PresenceFragment { c, presence })
}

/// How often an open live feed checks that its session is still valid.
const LIVE_FEED_RECHECK: Duration = Duration::from_secs(30);

struct LiveFeed {
    rx: tokio::sync::broadcast::Receiver<crate::live::LiveUpdate>,
    caller: super::Caller,
    pool: sqlx::SqlitePool,
    next_check: tokio::time::Instant,
}

/// Server-sent events: `tap` and `kiosk` events whose data is the JSON of a
/// [`crate::live::LiveUpdate`], with the labels the page shows already in the reader's language.
pub async fn live_feed(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<super::Caller>,
    c: Ctx,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let rx = state.live.subscribe();
    let tz = c.tz;
    let tr = c.tr;
    let pool = state.pool.clone();
    let feed = LiveFeed {
        rx,
        caller,
        pool,
        next_check: tokio::time::Instant::now() + LIVE_FEED_RECHECK,
    };
    let stream = futures_util::stream::unfold(feed, move |mut feed| async move {
        loop {
            // The page was allowed when it connected; it stays allowed only while its session
            // (or token) does — a logout, a reset or an erasure elsewhere ends the stream.
            let received = tokio::select! {
                r = feed.rx.recv() => r,
                () = tokio::time::sleep_until(feed.next_check) => {
                    if !feed.caller.still_valid(&feed.pool).await {
                        return None;
                    }
                    feed.next_check = tokio::time::Instant::now() + LIVE_FEED_RECHECK;
                    continue;
                }
            };
            match received {
                Ok(update) => {
                    let mut value = serde_json::to_value(&update).unwrap_or_default();
                    let name = match &update {
                        crate::live::LiveUpdate::Tap {
                            result,
                            read_at,
                            badge,
                            ..
                        } => {
                            value["result_label"] = result_label(&tr, result).into();
                            value["positive"] = citeosquare_protocol::AckResult::parse(result)
                                .is_positive()
                                .into();
                            value["time"] = parse_instant(read_at)
                                .or_else(|| {
                                    chrono::DateTime::parse_from_rfc3339(read_at)
                                        .ok()
                                        .map(|d| d.to_utc())
                                })
                                .map(|at| tr.when(at, tz))
                                .unwrap_or_default()
                                .into();
                            value["badge_label"] = tr.ta("badge-number", &[("card", badge)]).into();
                            if result == "unknown_badge" {
                                value["assign_label"] = tr.t("badge-assign-link").into();
                                value["assign_url"] =
                                    format!("/personnes?badge={}", super::url_encode(badge)).into();
                            }
                            "tap"
                        }
                        crate::live::LiveUpdate::Kiosk {
                            last_seen, alarms, ..
                        } => {
                            value["alarm_labels"] = alarms
                                .iter()
                                .map(|a| alarm_label(&tr, a))
                                .collect::<Vec<_>>()
                                .into();
                            value["last_seen_label"] = tr.when_text(Some(last_seen), tz).into();
                            value["online_label"] = tr.t("kiosk-online").into();
                            value["offline_label"] = tr.t("kiosk-offline").into();
                            "kiosk"
                        }
                    };
                    let event = SseEvent::default().event(name).data(value.to_string());
                    return Some((Ok(event), feed));
                }
                // A page that fell behind skips what it missed.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

// ---------------------------------------------------------------------------------------------
// People

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    /// A card just read that nobody holds, to give to the person the desk finds.
    #[serde(default)]
    badge: String,
}

#[derive(Template)]
#[template(path = "persons.html")]
struct PersonsPage {
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
fn card_param(raw: &str) -> Option<String> {
    let card = people::normalize_card(raw);
    citeosquare_protocol::is_badge(&card).then_some(card)
}

#[derive(Debug, Deserialize)]
pub struct BadgeQuery {
    #[serde(default)]
    badge: String,
}

/// The label of a person kind.
pub fn kind_label(tr: &Tr, kind: &str) -> String {
    tr.t(&format!("kind-{kind}"))
}

#[derive(Template)]
#[template(path = "person_new.html")]
struct PersonNewPage {
    c: Ctx,
    form: FormState,
}

pub async fn person_new_form(c: Ctx, Query(b): Query<BadgeQuery>) -> Result<Response, PageError> {
    let badge = card_param(&b.badge).unwrap_or_default();
    html(PersonNewPage {
        c,
        form: FormState::with(&[("kind", "neighbour"), ("language", "fr"), ("badge", &badge)]),
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
    match people::create(&state.pool, &actor, &f.input()).await {
        Ok(id) => Ok(see_other(&match card_param(&f.badge) {
            Some(card) => format!("/personnes/{id}?ok=ok-person-created&badge={card}#badges"),
            None => format!("/personnes/{id}?ok=ok-person-created"),
        })),
        Err(r) => {
            let mut form = f.state();
            refusal_message(&c, r, &mut form, "first_name")?;
            html_status(StatusCode::UNPROCESSABLE_ENTITY, PersonNewPage { c, form })
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
}

fn badge_lines(c: &Ctx, badges: Vec<people::Badge>) -> Vec<BadgeLine> {
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
            card_id: b.card_id,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    c: Ctx,
    person: people::Person,
    badges: Vec<BadgeLine>,
    associations: Vec<(i64, String, bool)>,
    form: FormState,
    badge_form: FormState,
    sel: super::sel_pages::PersonSel,
}

async fn person_page(
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
    let sel = super::sel_pages::person_box(state, &c, id).await?;
    html_status(
        status,
        PersonPage {
            c,
            person,
            badges,
            associations,
            form,
            badge_form,
            sel,
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

#[derive(Template)]
#[template(path = "desk_taps.html")]
struct DeskTapsFragment {
    c: Ctx,
    person_id: i64,
    taps: Vec<(String, String, String)>,
}

/// The cards just read at the desk kiosk, offered for assignment (polled by the person page).
pub async fn desk_tap_fragment(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let taps = people::unknown_desk_taps(&state.pool)
        .await?
        .into_iter()
        .map(|t| {
            let when = c.tr.when_text(Some(&t.read_at), c.tz);
            (t.card_id, when, t.kiosk_label)
        })
        .collect();
    html(DeskTapsFragment {
        c,
        person_id: id,
        taps,
    })
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
    let data = match people::export(&state.pool, id).await {
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
#[template(path = "erase.html")]
struct ErasePage {
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
    match people::erase(&state.pool, &actor, id).await {
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

// ---------------------------------------------------------------------------------------------
// Associations

#[derive(Template)]
#[template(path = "associations.html")]
struct AssociationsPage {
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
#[template(path = "association.html")]
struct AssociationPage {
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

async fn association_page(
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

// ---------------------------------------------------------------------------------------------
// Logbook

#[derive(Template)]
#[template(path = "logbook.html")]
struct LogbookPage {
    c: Ctx,
    entries: Vec<EntryLine>,
    shift: String,
    form: FormState,
}

pub async fn logbook(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    logbook_page(
        &state,
        c,
        FormState::with(&[("kind", "entry")]),
        StatusCode::OK,
    )
    .await
}

async fn logbook_page(
    state: &AppState,
    c: Ctx,
    form: FormState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let entries = entry_lines(&c, logbook::latest(&state.pool, 200).await?);
    let shift = shift_label(&c, &logbook::shift_of(chrono::Utc::now(), c.tz).key);
    html_status(
        status,
        LogbookPage {
            c,
            entries,
            shift,
            form,
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct EntryForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    kind: Option<String>,
    /// Where the form was: `accueil` sends the desk back to its home page.
    #[serde(default)]
    retour: Option<String>,
}

pub async fn logbook_add(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<EntryForm>,
) -> Result<Response, PageError> {
    let user = c.account()?.clone();
    let kind = match f.kind.as_deref() {
        Some("handover") => Kind::Handover,
        _ => Kind::Entry,
    };
    let from_home = f.retour.as_deref() == Some("accueil");
    match logbook::add(&state.pool, &user, c.tz, kind, &f.body, None).await {
        Ok(id) => Ok(see_other(&if from_home {
            "/accueil?ok=ok-entry-added#main-courante".to_owned()
        } else {
            format!("/main-courante?ok=ok-entry-added#entree-{id}")
        })),
        Err(r) => {
            let mut form = FormState::with(&[("body", &f.body), ("kind", kind.as_str())]);
            refusal_message(&c, r, &mut form, "body")?;
            if from_home {
                home_with(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
            } else {
                logbook_page(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
            }
        }
    }
}

pub async fn logbook_edit(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<EntryForm>,
) -> Result<Response, PageError> {
    let user = c.account()?.clone();
    match logbook::edit(&state.pool, &user, id, &f.body).await {
        Ok(()) => Ok(see_other(&format!(
            "/main-courante?ok=ok-saved#entree-{id}"
        ))),
        Err(r) => {
            let mut form = FormState::with(&[("kind", "entry")]);
            refusal_message(&c, r, &mut form, "body")?;
            logbook_page(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

pub async fn logbook_correct(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(f): F<EntryForm>,
) -> Result<Response, PageError> {
    let user = c.account()?.clone();
    match logbook::add(
        &state.pool,
        &user,
        c.tz,
        Kind::Correction,
        &f.body,
        Some(id),
    )
    .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/main-courante?ok=ok-correction-added#entree-{id}"
        ))),
        Err(r) => {
            let mut form = FormState::with(&[("kind", "entry")]);
            refusal_message(&c, r, &mut form, "body")?;
            logbook_page(&state, c, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Administration

#[derive(Debug, sqlx::FromRow)]
pub struct UserLine {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub person_id: Option<i64>,
    pub disabled_at: Option<String>,
    pub must_change_password: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    c: Ctx,
    users: Vec<UserLine>,
    form: FormState,
    /// A password just made, shown once.
    issued: Option<(String, String)>,
}

async fn users_page(
    state: &AppState,
    c: Ctx,
    form: FormState,
    issued: Option<(String, String)>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let users: Vec<UserLine> = sqlx::query_as(
        "SELECT id, username, display_name, role, person_id, disabled_at, must_change_password
         FROM users ORDER BY disabled_at IS NOT NULL, role, username",
    )
    .fetch_all(&state.pool)
    .await?;
    html_status(
        status,
        UsersPage {
            c,
            users,
            form,
            issued,
        },
    )
}

pub async fn users(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    users_page(
        &state,
        c,
        FormState::with(&[("role", "reception")]),
        None,
        StatusCode::OK,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct UserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    person_id: String,
}

/// A temporary password people can read out and type: four groups of four letters and digits.
pub fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let token = auth::random_token();
    let chars: Vec<char> = token
        .as_bytes()
        .chunks(2)
        .take(16)
        .map(|pair| {
            let n = u8::from_str_radix(std::str::from_utf8(pair).unwrap_or("00"), 16).unwrap_or(0);
            ALPHABET[usize::from(n) % ALPHABET.len()] as char
        })
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Creates an account for the admin pages and the API: validated, audited, with a temporary
/// password the person must change at first login.
pub async fn create_account(
    state: &AppState,
    actor: &crate::audit::Actor,
    username: &str,
    display_name: &str,
    role: &str,
    person_id: Option<i64>,
) -> Result<(i64, String), Refusal> {
    let username = username.trim().to_lowercase();
    let display_name = display_name.trim();
    let mut errors = vec![];
    if !auth::username_ok(&username) {
        errors.push(FieldError {
            field: "username",
            key: "error-username",
        });
    }
    if display_name.is_empty() || display_name.chars().count() > 120 {
        errors.push(FieldError {
            field: "display_name",
            key: "error-required",
        });
    }
    let Some(role) = Role::parse(role) else {
        errors.push(FieldError {
            field: "role",
            key: "error-choice",
        });
        return Err(Refusal::Invalid(errors));
    };
    if matches!(role, Role::Association | Role::Resident) && person_id.is_none() {
        errors.push(FieldError {
            field: "person_id",
            key: "error-person-needed",
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let password = temporary_password();
    let hash = auth::hash_password_off_thread(password.clone())
        .await
        .map_err(|e| Refusal::Db(sqlx::Error::Protocol(e.to_string())))?;
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = ?")
        .bind(&username)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        errors.push(FieldError {
            field: "username",
            key: "error-username-taken",
        });
    }
    // Read inside the transaction: the person cannot be erased in between.
    if let Some(p) = person_id {
        match people::get(&mut *tx, p).await {
            Ok(person) if person.erased_at.is_none() => {}
            Ok(_) | Err(Refusal::NotFound) => errors.push(FieldError {
                field: "person_id",
                key: "error-person-unknown",
            }),
            Err(e) => return Err(e),
        }
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let new = auth::NewUser {
        username: username.clone(),
        display_name: display_name.to_owned(),
        role,
        password: String::new(),
        person_id,
        must_change_password: true,
    };
    let id = auth::insert_user(&mut tx, &new, &hash).await?;
    crate::audit::record(
        &mut tx,
        actor,
        "user.create",
        "user",
        id,
        None,
        Some(&serde_json::json!({"username": username, "display_name": display_name, "role": role.as_str(), "person_id": person_id})),
    )
    .await?;
    tx.commit().await?;
    Ok((id, password))
}

pub async fn user_create(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<UserForm>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    let mut form = FormState::with(&[
        ("username", &f.username),
        ("display_name", &f.display_name),
        ("role", &f.role),
        ("person_id", &f.person_id),
    ]);
    let person_id = match f.person_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                form.add("person_id", c.tr.t("error-person-unknown"));
                return users_page(&state, c, form, None, StatusCode::UNPROCESSABLE_ENTITY).await;
            }
        },
    };
    match create_account(
        &state,
        &actor,
        &f.username,
        &f.display_name,
        &f.role,
        person_id,
    )
    .await
    {
        Ok((_, password)) => {
            let issued = Some((f.username.trim().to_lowercase(), password));
            users_page(
                &state,
                c,
                FormState::with(&[("role", "reception")]),
                issued,
                StatusCode::OK,
            )
            .await
        }
        Err(r) => {
            refusal_message(&c, r, &mut form, "username")?;
            users_page(&state, c, form, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// Disables (`enable = false`) or re-enables an account: a disabled account cannot log in, its
/// sessions end and its API tokens stop working.
async fn set_account_enabled(
    state: &AppState,
    c: &Ctx,
    id: i64,
    enable: bool,
) -> Result<Option<&'static str>, PageError> {
    let me = c.account()?;
    if id == me.id && !enable {
        return Ok(Some("error-disable-self"));
    }
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT username, disabled_at FROM users WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((username, disabled_at)) = row else {
        return Err(not_found(c));
    };
    if username.starts_with("efface-") {
        return Ok(Some("error-person-erased"));
    }
    if disabled_at.is_none() == enable {
        return Ok(None);
    }
    let now = crate::db::now_text();
    sqlx::query("UPDATE users SET disabled_at = ? WHERE id = ?")
        .bind(if enable { None } else { Some(&now) })
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if !enable {
        auth::close_sessions_of(&mut tx, id, None).await?;
    }
    crate::audit::record(
        &mut tx,
        &me.actor(),
        if enable {
            "user.enable"
        } else {
            "user.disable"
        },
        "user",
        id,
        Some(&serde_json::json!({"disabled_at": disabled_at})),
        Some(&serde_json::json!({"disabled_at": if enable { None } else { Some(now) }})),
    )
    .await?;
    tx.commit().await?;
    Ok(None)
}

pub async fn user_disable(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    account_enabled_reply(&state, c, id, false).await
}

pub async fn user_enable(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    account_enabled_reply(&state, c, id, true).await
}

/// Disables or re-enables an account, then back to the list (or the list with the refusal).
async fn account_enabled_reply(
    state: &AppState,
    c: Ctx,
    id: i64,
    enable: bool,
) -> Result<Response, PageError> {
    match set_account_enabled(state, &c, id, enable).await? {
        None if enable => Ok(see_other("/admin/comptes?ok=ok-user-enabled")),
        None => Ok(see_other("/admin/comptes?ok=ok-user-disabled")),
        Some(key) => {
            let mut form = FormState::with(&[("role", "reception")]);
            form.add("username", c.tr.t(key));
            users_page(state, c, form, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

pub async fn user_reset(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    let username: Option<String> = sqlx::query_scalar("SELECT username FROM users WHERE id = ?")
        .bind(id)
        .fetch_optional(&state.pool)
        .await?;
    let Some(username) = username else {
        return Err(not_found(&c));
    };
    let password = temporary_password();
    let hash = auth::hash_password_off_thread(password.clone())
        .await
        .map_err(PageError::internal)?;
    let mut tx = crate::db::begin_write(&state.pool).await?;
    sqlx::query("UPDATE users SET password_hash = ?, must_change_password = 1 WHERE id = ?")
        .bind(&hash)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    auth::close_sessions_of(&mut tx, id, None).await?;
    crate::audit::record(&mut tx, &actor, "user.reset", "user", id, None, None).await?;
    tx.commit().await?;
    users_page(
        &state,
        c,
        FormState::with(&[("role", "reception")]),
        Some((username, password)),
        StatusCode::OK,
    )
    .await
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    c: Ctx,
    entries: Vec<(crate::audit::AuditEntry, String)>,
    filter: FormState,
}

pub async fn audit_log(
    State(state): State<AppState>,
    c: Ctx,
    Query(f): Query<crate::audit::AuditFilter>,
) -> Result<Response, PageError> {
    let mut filter = FormState::with(&[
        ("actor", f.actor.as_deref().unwrap_or("")),
        ("entity", f.entity.as_deref().unwrap_or("")),
        ("entity_id", f.entity_id.as_deref().unwrap_or("")),
        ("from", f.from.as_deref().unwrap_or("")),
        ("to", f.to.as_deref().unwrap_or("")),
    ]);
    for (field, value) in [("from", &f.from), ("to", &f.to)] {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty())
            && !crate::audit::day_ok(v)
        {
            filter.add(field, c.tr.t("error-date"));
        }
    }
    let entries = if filter.errors.is_empty() {
        crate::audit::search(&state.pool, &f, 500).await?
    } else {
        vec![]
    };
    let entries = entries
        .into_iter()
        .map(|e| {
            let when = c.tr.when_text(Some(&e.at), c.tz);
            (e, when)
        })
        .collect();
    let status = if filter.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html_status(status, AuditPage { c, entries, filter })
}

#[derive(Debug, sqlx::FromRow)]
pub struct TokenLine {
    pub id: i64,
    pub username: String,
    pub label: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    c: Ctx,
    tokens: Vec<TokenLine>,
    form: FormState,
    issued: Option<String>,
}

async fn tokens_page(
    state: &AppState,
    c: Ctx,
    form: FormState,
    issued: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let mut tokens: Vec<TokenLine> = sqlx::query_as(
        "SELECT t.id, u.username, t.label, t.created_at, t.last_used_at, t.revoked_at
         FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.revoked_at IS NOT NULL, t.id DESC",
    )
    .fetch_all(&state.pool)
    .await?;
    for t in &mut tokens {
        t.created_at = c.tr.when_text(Some(&t.created_at), c.tz);
        t.last_used_at = t
            .last_used_at
            .as_deref()
            .map(|s| c.tr.when_text(Some(s), c.tz));
        t.revoked_at = t
            .revoked_at
            .as_deref()
            .map(|s| c.tr.when_text(Some(s), c.tz));
    }
    html_status(
        status,
        TokensPage {
            c,
            tokens,
            form,
            issued,
        },
    )
}

pub async fn tokens(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    tokens_page(&state, c, FormState::default(), None, StatusCode::OK).await
}

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    label: String,
}

/// Makes an API token for an account; returns the token, shown once.
pub async fn issue_token(
    pool: &sqlx::SqlitePool,
    actor: &crate::audit::Actor,
    username: &str,
    label: &str,
) -> Result<String, Refusal> {
    let label = label.trim();
    let mut errors = vec![];
    if label.is_empty() || label.chars().count() > 100 {
        errors.push(FieldError {
            field: "label",
            key: "error-required",
        });
    }
    let mut tx = crate::db::begin_write(pool).await?;
    let user: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE username = ? AND disabled_at IS NULL")
            .bind(username.trim())
            .fetch_optional(&mut *tx)
            .await?;
    if user.is_none() {
        errors.push(FieldError {
            field: "username",
            key: "error-user-unknown",
        });
    }
    let (Some(user), true) = (user, errors.is_empty()) else {
        return Err(Refusal::Invalid(errors));
    };
    let token = format!("{}{}", auth::API_TOKEN_PREFIX, auth::random_token());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, label, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(user)
    .bind(label)
    .bind(auth::token_hash(&token))
    .bind(crate::db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    crate::audit::record(
        &mut tx,
        actor,
        "token.create",
        "token",
        id,
        None,
        Some(&serde_json::json!({"user_id": user, "label": label})),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn token_create(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<TokenForm>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    match issue_token(&state.pool, &actor, &f.username, &f.label).await {
        Ok(token) => {
            tokens_page(&state, c, FormState::default(), Some(token), StatusCode::OK).await
        }
        Err(r) => {
            let mut form = FormState::with(&[("username", &f.username), ("label", &f.label)]);
            refusal_message(&c, r, &mut form, "label")?;
            tokens_page(&state, c, form, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

pub async fn token_revoke(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let r = sqlx::query("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .bind(crate::db::now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() == 0 {
        return Err(not_found(&c));
    }
    crate::audit::record(&mut tx, &actor, "token.revoke", "token", id, None, None).await?;
    tx.commit().await?;
    Ok(see_other("/admin/jetons?ok=ok-token-revoked"))
}

// ---------------------------------------------------------------------------------------------
// Static files, vendored: the building may be offline, so nothing comes from a CDN.

pub async fn static_file(P(file): P<String>) -> Response {
    let (body, kind): (&'static [u8], &str) = match file.as_str() {
        "citeosquare.css" => (
            include_bytes!("../../static/citeosquare.css"),
            "text/css; charset=utf-8",
        ),
        "citeosquare.js" => (
            include_bytes!("../../static/citeosquare.js"),
            "text/javascript; charset=utf-8",
        ),
        "htmx.min.js" => (
            include_bytes!("../../static/vendor/htmx-2.0.11.min.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => return (StatusCode::NOT_FOUND, "").into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// `/connexion?suite=…` for a path.
pub fn login_url(path: &str) -> String {
    format!("/connexion?suite={}", url_encode(path))
}
