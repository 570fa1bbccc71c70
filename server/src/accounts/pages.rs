//! Accounts: logging in and out, the language, one's own account and password; the admin's
//! accounts list, API tokens and the audit log.

use crate::auth::{self};
use crate::i18n::Lang;
use crate::web::AppState;
use crate::web::forms::{
    FormState, home_of, html, html_status, not_found, refusal_message, safe_next, see_other,
};
use crate::web::{ADMIN, Access, Ctx, F, P, PageError, Routes, set_cookie};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::Method;
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

// ---------------------------------------------------------------------------------------------
// Login, language, account

pub async fn root(c: Ctx) -> Response {
    match &c.user {
        Some(u) => see_other(home_of(u.role)),
        None => see_other("/connexion"),
    }
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
pub(crate) struct LoginPage {
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
    // A temporary password past its time opens nothing: the desk gives a new one.
    if let Some(expired) = super::logins::admit(&state.pool, user.id).await? {
        form.add("mot_de_passe", temporary_expired(&c, &expired));
        return html_status(
            StatusCode::UNAUTHORIZED,
            LoginPage {
                c,
                form,
                next,
                notice: None,
            },
        );
    }
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

/// « Ce mot de passe provisoire a expiré le … »
fn temporary_expired(c: &Ctx, expired: &str) -> String {
    let at = crate::time::stored_instant(expired);
    c.tr.ta(
        "login-temporary-expired",
        &[
            ("date", &c.tr.date(at, c.tz)),
            ("time", &c.tr.time(at, c.tz)),
        ],
    )
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
#[template(path = "accounts/account.html")]
pub(crate) struct AccountPage {
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
        if let Some(expired) = super::logins::temporary_expired_at(&state.pool, user.id).await? {
            form.add("actuel", temporary_expired(&c, &expired));
        }
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
#[template(path = "accounts/users.html")]
pub(crate) struct UsersPage {
    c: Ctx,
    users: Vec<UserLine>,
    form: FormState,
    /// A password just made, shown once.
    issued: Option<(String, String)>,
}

pub(crate) async fn users_page(
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
    match super::create_account(
        &state.pool,
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
pub(crate) async fn set_account_enabled(
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
pub(crate) async fn account_enabled_reply(
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
    let password = super::temporary_password();
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
#[template(path = "accounts/audit.html")]
pub(crate) struct AuditPage {
    c: Ctx,
    rows: Vec<RegisterRow>,
    filter: FormState,
    /// Every kind of object, action and author the register holds: `(value, label)`.
    entities: Vec<(String, String)>,
    actions: Vec<(String, String)>,
    actors: Vec<String>,
    total: usize,
    page: i64,
    pages: i64,
    /// The links to the newer and older pages, filters kept.
    newer: Option<String>,
    older: Option<String>,
}

/// One entry of the register as an admin reads it.
pub(crate) struct RegisterRow {
    /// Date and time, in the site's local time.
    when: String,
    actor: String,
    /// The action's code, and its label when it has one (an unknown code shows as it is).
    action: String,
    action_label: Option<String>,
    entity: String,
    entity_id: Option<String>,
    shape: Shape,
    changes: Vec<ChangeLine>,
    /// When a person's erasure removed the personal data the entry held.
    redacted: Option<String>,
}

/// What an entry's snapshots hold: a change (before and after), a creation (after only), a
/// removal (before only), or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Update,
    Created,
    Removed,
    Nothing,
}

/// One field changed: « champ : avant → après ».
pub(crate) struct ChangeLine {
    /// The field's label, or its name as it is when it has none (`code`), or nothing for a
    /// snapshot that is a single value.
    field: Option<String>,
    code: bool,
    before: String,
    after: String,
}

/// Entries per page of the register.
const AUDIT_PAGE_SIZE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct AuditPageQuery {
    #[serde(default)]
    page: Option<String>,
}

fn register_row(c: &Ctx, e: crate::audit::RegisterLine) -> RegisterRow {
    let tr = &c.tr;
    let shown = |v: &Option<serde_json::Value>| match v {
        Some(v) => crate::audit::show_value(tr, c.tz, v),
        None => tr.t("audit-empty"),
    };
    let shape = match (&e.before, &e.after) {
        (Some(_), Some(_)) => Shape::Update,
        (None, Some(_)) => Shape::Created,
        (Some(_), None) => Shape::Removed,
        (None, None) => Shape::Nothing,
    };
    let redacted = e.redacted_at.as_deref().map(|at| {
        let at = crate::time::stored_instant(at);
        tr.ta("audit-redacted", &[("date", &tr.date(at, c.tz))])
    });
    let changes = if redacted.is_some() {
        vec![]
    } else {
        crate::audit::changes(e.before.as_deref(), e.after.as_deref())
            .into_iter()
            .map(|ch| {
                let label = ch
                    .field
                    .as_deref()
                    .and_then(|f| crate::audit::field_label(tr, f));
                ChangeLine {
                    code: label.is_none() && ch.field.is_some(),
                    field: label.or(ch.field),
                    before: shown(&ch.before),
                    after: shown(&ch.after),
                }
            })
            .collect()
    };
    let at = crate::time::stored_instant(&e.at);
    RegisterRow {
        when: format!("{} {}", tr.date(at, c.tz), tr.time(at, c.tz)),
        actor: e.actor,
        action_label: crate::audit::action_label(tr, &e.action),
        action: e.action,
        entity: crate::audit::entity_label(tr, &e.entity).unwrap_or(e.entity),
        entity_id: e.entity_id,
        shape,
        changes,
        redacted,
    }
}

/// The choices of a filter: every value present (and the one asked for, even when absent),
/// labelled, in the order of their labels.
fn choices(
    present: Vec<String>,
    asked: Option<&str>,
    label: impl Fn(&str) -> Option<String>,
) -> Vec<(String, String)> {
    let mut all = present;
    if let Some(a) = asked.map(str::trim).filter(|a| !a.is_empty())
        && !all.iter().any(|v| v == a)
    {
        all.push(a.to_owned());
    }
    let mut out: Vec<(String, String)> = all
        .into_iter()
        .map(|v| {
            let l = label(&v).unwrap_or_else(|| v.clone());
            (v, l)
        })
        .collect();
    out.sort_by_key(|(v, l)| (crate::text::fold(l), v.clone()));
    out
}

/// The register's address for a page, its filters kept.
fn audit_link(f: &crate::audit::AuditFilter, page: i64) -> String {
    let mut pairs: Vec<(&str, String)> = [
        ("actor", &f.actor),
        ("entity", &f.entity),
        ("entity_id", &f.entity_id),
        ("action", &f.action),
        ("from", &f.from),
        ("to", &f.to),
    ]
    .into_iter()
    .filter_map(|(k, v)| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| (k, v.to_owned()))
    })
    .collect();
    if page > 1 {
        pairs.push(("page", page.to_string()));
    }
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    if query.is_empty() {
        "/admin/journal".into()
    } else {
        format!("/admin/journal?{query}")
    }
}

pub async fn audit_log(
    State(state): State<AppState>,
    c: Ctx,
    Query(f): Query<crate::audit::AuditFilter>,
    Query(q): Query<AuditPageQuery>,
) -> Result<Response, PageError> {
    let mut filter = FormState::with(&[
        ("actor", f.actor.as_deref().unwrap_or("")),
        ("entity", f.entity.as_deref().unwrap_or("")),
        ("entity_id", f.entity_id.as_deref().unwrap_or("")),
        ("action", f.action.as_deref().unwrap_or("")),
        ("from", f.from.as_deref().unwrap_or("")),
        ("to", f.to.as_deref().unwrap_or("")),
    ]);
    fn day(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    for (field, value) in [("from", &f.from), ("to", &f.to)] {
        if let Some(v) = day(value)
            && !crate::audit::day_ok(v)
        {
            filter.add(field, c.tr.t("error-date"));
        }
    }
    if let (Some(from), Some(to)) = (day(&f.from), day(&f.to))
        && crate::audit::day_ok(from)
        && crate::audit::day_ok(to)
        && to < from
    {
        filter.add("to", c.tr.t("error-audit-range"));
    }
    let page = match q.page.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => 1,
        Some(p) => match p.parse::<i64>() {
            Ok(n) if (1..=1_000_000).contains(&n) => n,
            _ => {
                filter.add("page", c.tr.t("error-audit-page"));
                1
            }
        },
    };
    let (lines, total) = if filter.errors.is_empty() {
        crate::audit::register(
            &state.pool,
            &f,
            c.tz,
            AUDIT_PAGE_SIZE,
            (page - 1) * AUDIT_PAGE_SIZE,
        )
        .await?
    } else {
        (vec![], 0)
    };
    let pages = ((total + AUDIT_PAGE_SIZE - 1) / AUDIT_PAGE_SIZE).max(1);
    let present = crate::audit::present(&state.pool, &f).await?;
    let entities = choices(present.entities, f.entity.as_deref(), |v| {
        crate::audit::entity_label(&c.tr, v)
    });
    let actions = choices(present.actions, f.action.as_deref(), |v| {
        crate::audit::action_label(&c.tr, v)
    });
    let actors = choices(present.actors, f.actor.as_deref(), |_| None)
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    let rows = lines.into_iter().map(|e| register_row(&c, e)).collect();
    let status = if filter.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html_status(
        status,
        AuditPage {
            rows,
            filter,
            entities,
            actions,
            actors,
            total: usize::try_from(total).unwrap_or_default(),
            page,
            pages,
            newer: (page > 1).then(|| audit_link(&f, (page - 1).min(pages))),
            older: (page < pages).then(|| audit_link(&f, page + 1)),
            c,
        },
    )
}

// ---------------------------------------------------------------------------------------------
// The site's settings

#[derive(Template)]
#[template(path = "accounts/site.html")]
pub(crate) struct SitePage {
    c: Ctx,
    form: FormState,
}

pub async fn site_settings(c: Ctx) -> Result<Response, PageError> {
    let form = FormState::with(&[("display_name", c.site.as_str())]);
    html(SitePage { c, form })
}

#[derive(Debug, Deserialize)]
pub struct SiteForm {
    #[serde(default)]
    display_name: String,
}

/// The longest a site's name may be, in characters (the table checks the same).
const SITE_NAME_MAX: usize = 80;

/// Renames the site: its name shows in every page's header and title and on the agenda.
pub async fn site_save(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<SiteForm>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    let name = crate::text::one_line(&f.display_name);
    let mut form = FormState::with(&[("display_name", f.display_name.as_str())]);
    if name.is_empty() {
        form.add("display_name", c.tr.t("error-site-name-empty"));
    } else if name.chars().count() > SITE_NAME_MAX {
        form.add("display_name", c.tr.t("error-site-name-long"));
    }
    if !form.errors.is_empty() {
        return html_status(StatusCode::UNPROCESSABLE_ENTITY, SitePage { c, form });
    }
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let before: Option<String> =
        sqlx::query_scalar("SELECT display_name FROM site_settings WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
    if before.as_deref() != Some(name.as_str()) {
        sqlx::query(
            "INSERT INTO site_settings (id, display_name) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET display_name = ?1",
        )
        .bind(&name)
        .execute(&mut *tx)
        .await?;
        crate::audit::record(
            &mut tx,
            &actor,
            "site.rename",
            "site_settings",
            1,
            Some(&serde_json::json!({ "display_name": before })),
            Some(&serde_json::json!({ "display_name": name })),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(see_other("/admin/site?ok=ok-site-saved"))
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
#[template(path = "accounts/tokens.html")]
pub(crate) struct TokensPage {
    c: Ctx,
    tokens: Vec<TokenLine>,
    form: FormState,
    issued: Option<String>,
}

pub(crate) async fn tokens_page(
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

pub async fn token_create(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<TokenForm>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    match super::issue_token(&state.pool, &actor, &f.username, &f.label).await {
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

/// Declares this part's routes with their access rules.
pub(crate) fn declare(r: &mut Routes) {
    use Method as M;
    #[allow(unused_imports)]
    use axum::routing::{get, post, put};
    r.add(M::GET, "/", Access::Public, get(root));
    r.add(M::GET, "/connexion", Access::Public, get(login_form));
    r.add(M::POST, "/connexion", Access::Public, post(login));
    r.add(M::POST, "/langue", Access::Public, post(switch_language));
    r.add(M::POST, "/deconnexion", Access::Authenticated, post(logout));
    r.add(M::GET, "/compte", Access::Authenticated, get(account));
    r.add(
        M::POST,
        "/compte/preferences",
        Access::Authenticated,
        post(account_preferences),
    );
    r.add(
        M::POST,
        "/compte/mot-de-passe",
        Access::Authenticated,
        post(change_password),
    );
    r.add(M::GET, "/admin/comptes", ADMIN, get(users));
    r.add(M::POST, "/admin/comptes", ADMIN, post(user_create));
    r.add(
        M::POST,
        "/admin/comptes/{id}/reinitialiser",
        ADMIN,
        post(user_reset),
    );
    r.add(
        M::POST,
        "/admin/comptes/{id}/desactiver",
        ADMIN,
        post(user_disable),
    );
    r.add(
        M::POST,
        "/admin/comptes/{id}/reactiver",
        ADMIN,
        post(user_enable),
    );
    r.add(M::GET, "/admin/journal", ADMIN, get(audit_log));
    r.add(M::GET, "/admin/site", ADMIN, get(site_settings));
    r.add(M::POST, "/admin/site", ADMIN, post(site_save));
    r.add(M::GET, "/admin/jetons", ADMIN, get(tokens));
    r.add(M::POST, "/admin/jetons", ADMIN, post(token_create));
    r.add(
        M::POST,
        "/admin/jetons/{id}/revoquer",
        ADMIN,
        post(token_revoke),
    );
}
