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
    r.add(M::GET, "/admin/jetons", ADMIN, get(tokens));
    r.add(M::POST, "/admin/jetons", ADMIN, post(token_create));
    r.add(
        M::POST,
        "/admin/jetons/{id}/revoquer",
        ADMIN,
        post(token_revoke),
    );
}
