//! The admin's page for e-mail (`/admin/courriel`): the site's mail account, whether its password
//! is in the environment, a test message sent at once, how many e-mails wait, left and were
//! given up on, and the ones in difficulty with the mail server's last answer — each given up
//! one with a « Réessayer » button.

use super::{Mail, Outcome, PASSWORD_VAR, Security, SettingsInput};
use crate::notify::{self, Message, message_select};
use crate::refusal::Refusal;
use crate::web::forms::{FormState, html_status, not_found, refusal_message, see_other};
use crate::web::{ADMIN, AppState, Ctx, F, P, PageError, Routes};
use askama::Template;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{Duration, Utc};
use std::collections::HashMap;

/// How many e-mails wait, left this week, were given up on.
#[derive(Debug, Default)]
pub struct Counts {
    pub waiting: i64,
    pub sent_week: i64,
    pub failed: i64,
}

/// An e-mail in difficulty, as the page lists it.
#[derive(Debug)]
pub struct Line {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub attempts: i64,
    /// The mail server's last answer, in words.
    pub answer: String,
    /// « Prochain essai … » or « Abandonné le … ».
    pub when: String,
    pub failed: bool,
}

/// What the test message became.
#[derive(Debug)]
pub struct TestResult {
    pub sent: bool,
    pub text: String,
}

#[derive(Template)]
#[template(path = "notify/admin.html")]
struct AdminPage {
    c: Ctx,
    form: FormState,
    test: FormState,
    test_result: Option<TestResult>,
    /// A refusal of a button (« Réessayer » on a message no longer given up on).
    error: Option<String>,
    enabled: bool,
    host: String,
    password_set: bool,
    password_var: &'static str,
    counts: Counts,
    lines: Vec<Line>,
    securities: Vec<(&'static str, String)>,
    hours: Vec<String>,
}

fn form_of(i: &SettingsInput) -> FormState {
    FormState::with(&[
        ("smtp_host", i.smtp_host.as_str()),
        ("smtp_port", i.smtp_port.as_str()),
        ("smtp_security", i.smtp_security.as_str()),
        ("smtp_login", i.smtp_login.as_str()),
        ("from_address", i.from_address.as_str()),
        ("site_url", i.site_url.as_str()),
        ("digest_hour", i.digest_hour.as_str()),
    ])
}

async fn counts(pool: &sqlx::SqlitePool) -> Result<Counts, sqlx::Error> {
    let week = crate::db::instant_text(Utc::now() - Duration::days(7));
    let (waiting, sent_week, failed): (i64, i64, i64) = sqlx::query_as(
        "SELECT
           (SELECT count(*) FROM notifications
             WHERE channel = 'email' AND sent_at IS NULL AND failed_at IS NULL),
           (SELECT count(*) FROM notifications WHERE channel = 'email' AND sent_at >= ?),
           (SELECT count(*) FROM notifications
             WHERE channel = 'email' AND failed_at IS NOT NULL AND sent_at IS NULL)",
    )
    .bind(week)
    .fetch_one(pool)
    .await?;
    Ok(Counts {
        waiting,
        sent_week,
        failed,
    })
}

fn line(c: &Ctx, m: &Message) -> Line {
    let failed = m.failed_at.is_some();
    let when = if failed {
        c.tr.ta(
            "notify-admin-failed-at",
            &[("when", &c.tr.when_text(m.failed_at.as_deref(), c.tz))],
        )
    } else {
        c.tr.ta(
            "notify-admin-next-at",
            &[("when", &c.tr.when_text(m.next_attempt_at.as_deref(), c.tz))],
        )
    };
    Line {
        id: m.id,
        to: m.email_to.clone().unwrap_or_default(),
        subject: notify::render(m, c.tz).subject,
        attempts: m.attempts,
        answer: m
            .last_error
            .as_deref()
            .map(|e| super::explain(&c.tr, e))
            .unwrap_or_default(),
        when,
        failed,
    }
}

async fn page(
    state: &AppState,
    c: Ctx,
    form: Option<FormState>,
    test: FormState,
    test_result: Option<TestResult>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let settings = super::settings(pool).await?;
    let form = form.unwrap_or_else(|| form_of(&SettingsInput::of(&settings)));
    let troubled: Vec<Message> = sqlx::query_as(message_select!(
        "WHERE channel = 'email' AND sent_at IS NULL AND (failed_at IS NOT NULL OR attempts > 0)
         ORDER BY failed_at IS NULL, failed_at DESC, next_attempt_at, id LIMIT 200"
    ))
    .fetch_all(pool)
    .await?;
    let lines = troubled.iter().map(|m| line(&c, m)).collect();
    let securities = Security::ALL
        .iter()
        .map(|s| {
            (
                s.code(),
                c.tr.t(match s {
                    Security::StartTls => "notify-admin-security-starttls",
                    Security::Tls => "notify-admin-security-tls",
                    Security::None => "notify-admin-security-none",
                }),
            )
        })
        .collect();
    html_status(
        status,
        AdminPage {
            enabled: settings.enabled(),
            host: settings.smtp_host,
            password_set: super::password_is_set(),
            password_var: PASSWORD_VAR,
            counts: counts(pool).await?,
            lines,
            securities,
            hours: (0..24).map(|h| h.to_string()).collect(),
            c,
            form,
            test,
            test_result,
            error,
        },
    )
}

async fn get_page(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    page(
        &state,
        c,
        None,
        FormState::default(),
        None,
        None,
        StatusCode::OK,
    )
    .await
}

async fn settings_post(
    State(state): State<AppState>,
    c: Ctx,
    F(input): F<SettingsInput>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    match super::save_settings(&state.pool, &actor, &input).await {
        Ok(_) => Ok(see_other("/admin/courriel?ok=ok-notify-admin-saved")),
        Err(r) => {
            let mut form = form_of(&input);
            refusal_message(&c, r, &mut form, "smtp_host")?;
            page(
                &state,
                c,
                Some(form),
                FormState::default(),
                None,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// Sends a test message now, with the saved account, and tells what the mail server said.
async fn test_post(
    State(state): State<AppState>,
    c: Ctx,
    F(f): F<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let to = f.get("test_to").map_or("", |v| v.trim()).to_owned();
    let mut test = FormState::posted(&f);
    if !super::is_address(&to) {
        test.add("test_to", c.tr.t("notify-admin-error-test-to"));
        return page(
            &state,
            c,
            None,
            test,
            None,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let settings = super::settings(&state.pool).await?;
    let result = if settings.enabled() {
        let mail = Mail::test(&to, c.tr.lang, &c.site, c.tz);
        match super::send_now(&state.pool, &mail).await? {
            Outcome::Sent => TestResult {
                sent: true,
                text: c.tr.ta("notify-admin-test-sent", &[("to", &to)]),
            },
            Outcome::Failed(failure) => TestResult {
                sent: false,
                text: c.tr.ta(
                    "notify-admin-test-failed",
                    &[("why", &super::explain(&c.tr, &failure.stored()))],
                ),
            },
        }
    } else {
        TestResult {
            sent: false,
            text: c.tr.t("notify-admin-test-disabled"),
        }
    };
    page(&state, c, None, test, Some(result), None, StatusCode::OK).await
}

async fn retry_post(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let actor = c.account()?.actor();
    match super::retry(&state.pool, &actor, id).await {
        Ok(()) => Ok(see_other(
            "/admin/courriel?ok=ok-notify-admin-retried#difficultes",
        )),
        Err(Refusal::NotFound) => Err(not_found(&c)),
        Err(Refusal::Db(e)) => Err(e.into()),
        Err(Refusal::Conflict { key, .. }) => {
            let error = Some(c.tr.t(key));
            page(
                &state,
                c,
                None,
                FormState::default(),
                None,
                error,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(Refusal::Invalid(_)) => Err(not_found(&c)),
    }
}

pub(super) fn declare(r: &mut Routes) {
    use Method as M;
    r.add(M::GET, "/admin/courriel", ADMIN, get(get_page));
    r.add(M::POST, "/admin/courriel", ADMIN, post(settings_post));
    r.add(M::POST, "/admin/courriel/essai", ADMIN, post(test_post));
    r.add(
        M::POST,
        "/admin/courriel/{id}/reessayer",
        ADMIN,
        post(retry_post),
    );
}
