//! E-mail through the site's own SMTP account (issue 17).
//!
//! The account is the one row of `notify_settings` ([`Settings`], checked and saved in
//! `settings.rs`), set on the admin's page `/admin/courriel` (`admin.rs`); its password is read
//! from the environment ([`PASSWORD_VAR`]) and never stored nor shown. With no host, e-mails wait
//! in the outbox. What an e-mail says and how it looks is `compose.rs` ([`Mail`]).
//!
//! The sender ([`send_due`], every 15 s) takes each e-mail due, claims it (`sending_since`) in a
//! short write transaction so that no other sender takes it, sends it outside any transaction,
//! then records what the mail server said: sent; to try again later (no answer, a 4xx) after a
//! growing delay ([`retry_delay`]) until 48 hours or 20 attempts have passed; or refused for good
//! (a 5xx, an address that is not one). Every attempt carries the row's `Message-ID`, so a
//! message tried twice is one message to the mail servers on the way.
//!
//! People who chose one e-mail a day get their messages gathered ([`send_digests`]): once a day,
//! from `digest_hour` in the site's local time, everything made before that hour in one e-mail,
//! whose `Message-ID` is made of the person and the day, so a retry is the same message.
//!
//! Nothing here answers incoming mail: the envelope's sender is the site's address and every
//! message says `Auto-Submitted: auto-generated` (RFC 3834), so an auto-reply never loops.

mod admin;
mod compose;
mod settings;

use super::{Message, message_select};
use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::Refusal;
use crate::web::domain::Fut;
use crate::web::{AppState, Routes};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde_json::json;
use sqlx::SqlitePool;
use std::collections::BTreeMap;

pub use compose::Mail;
pub use settings::{
    PASSWORD_VAR, Security, Settings, SettingsInput, is_address, password_is_set, save_settings,
    settings, validate,
};

/// How long the mail server may take to answer each step.
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// A claim older than this is a sender that died while sending: the message is taken again.
const STALE_CLAIM_MINUTES: i64 = 10;
/// A message not delivered this long after it was made is given up on.
const GIVE_UP_AFTER_HOURS: i64 = 48;
/// Nor after this many attempts.
const MAX_ATTEMPTS: i64 = 20;
/// The most e-mails one run of the sender takes.
const BATCH: i64 = 200;
/// The longest a stored answer of the mail server may be, in characters (the table's limit).
const ANSWER_MAX: usize = 1000;

// ---------------------------------------------------------------------------------------------
// One attempt

/// Why an attempt did not deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The mail server answered with a negative reply: its code and its words.
    Answer { code: u16, words: String },
    /// No mail server answered at that host and port (refused, unknown host, cut off).
    Unreachable(String),
    /// It did not answer in time.
    Timeout,
    /// The encrypted connection failed.
    Tls(String),
    /// The recipient's (or the site's) address is not an e-mail address.
    Address(String),
    /// Something in our client refused (a login method the server does not offer…).
    Client(String),
}

/// Reply codes that say our login was refused: the site's setting, not the message, is wrong,
/// so the message waits for it to be mended instead of being given up.
const LOGIN_CODES: [u16; 4] = [530, 534, 535, 538];

impl Failure {
    /// Whether trying the same message again can never succeed.
    pub fn permanent(&self) -> bool {
        match self {
            Failure::Answer { code, .. } => *code >= 500 && !LOGIN_CODES.contains(code),
            Failure::Address(_) => true,
            _ => false,
        }
    }

    /// Whether no mail server answered at all (the next messages of a run would fare the same).
    fn no_server(&self) -> bool {
        matches!(
            self,
            Failure::Unreachable(_) | Failure::Timeout | Failure::Tls(_)
        )
    }

    /// As stored in `last_error`: the server's reply as it said it (`550 5.1.1 …`), else a
    /// word saying what failed and the detail, for the admin page to put in words.
    pub fn stored(&self) -> String {
        let text = match self {
            Failure::Answer { code, words } => format!("{code} {words}"),
            Failure::Unreachable(d) => format!("unreachable: {d}"),
            Failure::Timeout => "timeout".to_owned(),
            Failure::Tls(d) => format!("tls: {d}"),
            Failure::Address(d) => format!("address: {d}"),
            Failure::Client(d) => format!("client: {d}"),
        };
        text.trim().chars().take(ANSWER_MAX).collect()
    }

    fn of(e: &lettre::transport::smtp::Error) -> Failure {
        use std::error::Error as _;
        let detail = e.source().map(|s| s.to_string()).unwrap_or_default();
        if let Some(code) = e.status() {
            let code = code.to_string().parse().unwrap_or(0);
            return Failure::Answer {
                code,
                words: detail.trim().to_owned(),
            };
        }
        if e.is_timeout() {
            Failure::Timeout
        } else if e.is_tls() || about_tls(&detail) {
            // Our client refusing a server that offers no STARTTLS when it was chosen, or whose
            // certificate it does not trust, comes as a client or connection error: for the
            // admin, the encrypted connection failed (and nothing was said in clear).
            Failure::Tls(detail)
        } else if e.is_client() {
            Failure::Client(detail)
        } else {
            Failure::Unreachable(if detail.is_empty() {
                e.to_string()
            } else {
                detail
            })
        }
    }
}

/// Whether a failure's detail is about the encrypted connection (STARTTLS not offered, a
/// certificate not trusted, a handshake that failed).
fn about_tls(detail: &str) -> bool {
    let d = detail.to_ascii_lowercase();
    ["starttls", "certificate", "handshake"]
        .iter()
        .any(|w| d.contains(w))
}

/// The mail server's last answer in the reader's words (the admin page, the test's result).
pub fn explain(tr: &crate::i18n::Tr, stored: &str) -> String {
    let code: Option<u16> = stored.get(..3).and_then(|c| c.parse().ok());
    if let Some(code) = code {
        let key = if LOGIN_CODES.contains(&code) {
            "notify-admin-answer-login"
        } else {
            "notify-admin-answer-server"
        };
        return tr.ta(key, &[("answer", stored)]);
    }
    let word = stored.split(':').next().unwrap_or("");
    tr.t(match word {
        "unreachable" => "notify-admin-answer-unreachable",
        "timeout" => "notify-admin-answer-timeout",
        "tls" => "notify-admin-answer-tls",
        "address" => "notify-admin-answer-address",
        _ => "notify-admin-answer-other",
    })
}

/// What became of an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    Failed(Failure),
}

/// A connection's settings: the account's host, port, protection and login.
fn transport(s: &Settings) -> Result<AsyncSmtpTransport<Tokio1Executor>, Failure> {
    type T = AsyncSmtpTransport<Tokio1Executor>;
    let builder = match s.smtp_security {
        Security::Tls => T::relay(&s.smtp_host),
        Security::StartTls => T::starttls_relay(&s.smtp_host),
        Security::None => Ok(T::builder_dangerous(&s.smtp_host)),
    }
    .map_err(|e| Failure::Tls(e.to_string()))?;
    let mut builder = builder.port(s.smtp_port).timeout(Some(TIMEOUT));
    if !s.smtp_login.is_empty() {
        let password = settings::password()
            .map(|p| p.expose().to_owned())
            .unwrap_or_default();
        builder = builder.credentials(Credentials::new(s.smtp_login.clone(), password));
    }
    Ok(builder.build())
}

/// Sends one e-mail now (one connection to the mail server).
async fn deliver(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    email: lettre::Message,
) -> Outcome {
    match transport.send(email).await {
        Ok(_) => Outcome::Sent,
        Err(e) => {
            let failure = Failure::of(&e);
            tracing::info!(error = %e, "e-mail not delivered");
            Outcome::Failed(failure)
        }
    }
}

/// Sends `mail` now with the saved account: the admin's test message.
pub async fn send_now(pool: &SqlitePool, mail: &Mail) -> Result<Outcome, sqlx::Error> {
    let s = settings(pool).await?;
    let site = crate::web::site_name(pool).await;
    let email = match mail.build(&s, &site) {
        Ok(e) => e,
        Err(f) => return Ok(Outcome::Failed(f)),
    };
    Ok(match transport(&s) {
        Ok(t) => deliver(&t, email).await,
        Err(f) => Outcome::Failed(f),
    })
}

// ---------------------------------------------------------------------------------------------
// The outbox

/// The wait before the next attempt, after `attempts` failed ones: 1 min, 5 min, 15 min, 1 h,
/// then every 3 h.
pub fn retry_delay(attempts: i64) -> Duration {
    match attempts {
        ..=1 => Duration::minutes(1),
        2 => Duration::minutes(5),
        3 => Duration::minutes(15),
        4 => Duration::hours(1),
        _ => Duration::hours(3),
    }
}

/// What a run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// E-mails delivered (a digest counts once).
    pub sent: usize,
    /// E-mails to try again later.
    pub later: usize,
    /// E-mails given up on.
    pub failed: usize,
}

impl Run {
    fn count(&mut self, outcome: &Outcome, gave_up: bool) {
        match (outcome, gave_up) {
            (Outcome::Sent, _) => self.sent += 1,
            (Outcome::Failed(_), true) => self.failed += 1,
            (Outcome::Failed(_), false) => self.later += 1,
        }
    }
}

/// Takes `ids` for this sender, all or none: none is taken when another sender holds one.
async fn claim(pool: &SqlitePool, ids: &[i64], now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let now_text = db::instant_text(now);
    let stale = db::instant_text(now - Duration::minutes(STALE_CLAIM_MINUTES));
    let mut tx = db::begin_write(pool).await?;
    for id in ids {
        let done = sqlx::query(
            "UPDATE notifications SET sending_since = ?
             WHERE id = ? AND channel = 'email' AND sent_at IS NULL AND failed_at IS NULL
               AND (sending_since IS NULL OR sending_since < ?)",
        )
        .bind(&now_text)
        .bind(id)
        .bind(&stale)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// Records an attempt on the messages it carried; returns whether they were given up on.
async fn record(
    pool: &SqlitePool,
    messages: &[&Message],
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let now_text = db::instant_text(now);
    let mut gave_up = false;
    let mut tx = db::begin_write(pool).await?;
    for m in messages {
        match outcome {
            Outcome::Sent => {
                sqlx::query(
                    "UPDATE notifications SET sent_at = ?, sending_since = NULL,
                         attempts = attempts + 1, next_attempt_at = NULL, last_error = NULL
                     WHERE id = ? AND sent_at IS NULL",
                )
                .bind(&now_text)
                .bind(m.id)
                .execute(&mut *tx)
                .await?;
            }
            Outcome::Failed(failure) => {
                let attempts = m.attempts + 1;
                let made = crate::time::stored_instant(&m.created_at);
                let give_up = failure.permanent()
                    || attempts >= MAX_ATTEMPTS
                    || now - made >= Duration::hours(GIVE_UP_AFTER_HOURS);
                gave_up |= give_up;
                let next = (!give_up).then(|| db::instant_text(now + retry_delay(attempts)));
                sqlx::query(
                    "UPDATE notifications SET sending_since = NULL, attempts = attempts + 1,
                         last_error = ?, next_attempt_at = ?, failed_at = ?
                     WHERE id = ? AND sent_at IS NULL",
                )
                .bind(failure.stored())
                .bind(next)
                .bind(give_up.then_some(&now_text))
                .bind(m.id)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(gave_up)
}

/// Sends the e-mails due at `now`, one message each (the digests aside). Does nothing while no
/// mail server is set. When no server answers, the run's other messages wait with the same
/// answer instead of each waiting out the same silence.
pub async fn send_due(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<Run> {
    let pool = &state.pool;
    let s = settings(pool).await?;
    let mut run = Run::default();
    if !s.enabled() {
        return Ok(run);
    }
    let stale = db::instant_text(now - Duration::minutes(STALE_CLAIM_MINUTES));
    let due: Vec<Message> = sqlx::query_as(message_select!(
        "WHERE channel = 'email' AND sent_at IS NULL AND failed_at IS NULL AND digest = 0
           AND next_attempt_at <= ? AND (sending_since IS NULL OR sending_since < ?)
         ORDER BY next_attempt_at, id LIMIT ?"
    ))
    .bind(db::instant_text(now))
    .bind(&stale)
    .bind(BATCH)
    .fetch_all(pool)
    .await?;
    if due.is_empty() {
        return Ok(run);
    }
    let site = crate::web::site_name(pool).await;
    let tz = state.config.time_zone;
    let transport = transport(&s);
    let mut silence: Option<Failure> = None;
    for m in &due {
        if !claim(pool, &[m.id], now).await? {
            continue;
        }
        let outcome = match (&silence, &transport) {
            (Some(f), _) | (None, Err(f)) => Outcome::Failed(f.clone()),
            (None, Ok(t)) => match Mail::of_message(m, tz).build(&s, &site) {
                Ok(email) => deliver(t, email).await,
                Err(f) => Outcome::Failed(f),
            },
        };
        if let Outcome::Failed(f) = &outcome
            && f.no_server()
        {
            silence = Some(f.clone());
        }
        let gave_up = record(pool, &[m], &outcome, now).await?;
        run.count(&outcome, gave_up);
    }
    Ok(run)
}

/// The last time the digests were due at or before `now`: today's `hour` in the site's zone if
/// it has come, else yesterday's — right on the days the clocks change — and that local day.
pub fn digest_time(now: DateTime<Utc>, tz: chrono_tz::Tz, hour: u32) -> (DateTime<Utc>, NaiveDate) {
    let at = |day: NaiveDate| {
        let time = NaiveTime::from_hms_opt(hour.min(23), 0, 0).unwrap_or(NaiveTime::MIN);
        crate::time::resolve_local(tz, day.and_time(time))
    };
    let today = now.with_timezone(&tz).date_naive();
    let cutoff = at(today);
    if cutoff <= now {
        return (cutoff, today);
    }
    let yesterday = today.pred_opt().unwrap_or(today);
    (at(yesterday), yesterday)
}

/// Sends each person who chose one e-mail a day the messages made before the last digest hour
/// that have not left yet, in one e-mail, and marks them all sent. Does nothing while no mail
/// server is set.
pub async fn send_digests(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<Run> {
    let pool = &state.pool;
    let s = settings(pool).await?;
    let mut run = Run::default();
    if !s.enabled() {
        return Ok(run);
    }
    let tz = state.config.time_zone;
    let (cutoff, day) = digest_time(now, tz, s.digest_hour);
    let stale = db::instant_text(now - Duration::minutes(STALE_CLAIM_MINUTES));
    let pending: Vec<Message> = sqlx::query_as(message_select!(
        "WHERE channel = 'email' AND sent_at IS NULL AND failed_at IS NULL AND digest = 1
           AND created_at < ? AND (sending_since IS NULL OR sending_since < ?)
         ORDER BY person_id, created_at, id"
    ))
    .bind(db::instant_text(cutoff))
    .bind(&stale)
    .fetch_all(pool)
    .await?;
    let mut people: BTreeMap<i64, Vec<Message>> = BTreeMap::new();
    for m in pending {
        people.entry(m.person_id).or_default().push(m);
    }
    if people.is_empty() {
        return Ok(run);
    }
    let site = crate::web::site_name(pool).await;
    let now_text = db::instant_text(now);
    let transport = transport(&s);
    let mut silence: Option<Failure> = None;
    for (person_id, messages) in &people {
        // A digest that failed waits out its delay as a whole.
        let due = messages.iter().any(|m| {
            m.next_attempt_at
                .as_deref()
                .is_none_or(|at| at <= now_text.as_str())
        });
        let ids: Vec<i64> = messages.iter().map(|m| m.id).collect();
        if !due || !claim(pool, &ids, now).await? {
            continue;
        }
        let first_name: Option<String> =
            sqlx::query_scalar("SELECT first_name FROM persons WHERE id = ?")
                .bind(person_id)
                .fetch_optional(pool)
                .await?;
        let outcome = match (&silence, &transport) {
            (Some(f), _) | (None, Err(f)) => Outcome::Failed(f.clone()),
            (None, Ok(t)) => {
                let mail = Mail::digest(
                    *person_id,
                    first_name.as_deref().unwrap_or(""),
                    day,
                    messages,
                    tz,
                );
                match mail.build(&s, &site) {
                    Ok(email) => deliver(t, email).await,
                    Err(f) => Outcome::Failed(f),
                }
            }
        };
        if let Outcome::Failed(f) = &outcome
            && f.no_server()
        {
            silence = Some(f.clone());
        }
        let carried: Vec<&Message> = messages.iter().collect();
        let gave_up = record(pool, &carried, &outcome, now).await?;
        run.count(&outcome, gave_up);
    }
    Ok(run)
}

/// Gives a message given up on one more attempt, now (audited as `notify.retry`).
pub async fn retry(pool: &SqlitePool, actor: &Actor, id: i64) -> Result<(), Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let row: Option<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT failed_at, last_error, sent_at FROM notifications
         WHERE id = ? AND channel = 'email'",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((failed_at, last_error, sent_at)) = row else {
        return Err(Refusal::NotFound);
    };
    if failed_at.is_none() || sent_at.is_some() {
        return Err(Refusal::conflict("notify-admin-error-not-failed"));
    }
    let now = db::now_text();
    sqlx::query(
        "UPDATE notifications SET failed_at = NULL, next_attempt_at = ?, sending_since = NULL
         WHERE id = ?",
    )
    .bind(&now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "notify.retry",
        "notification",
        id,
        Some(&json!({"failed_at": failed_at, "last_error": last_error})),
        Some(&json!({"failed_at": null, "next_attempt_at": now})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The list of domains

pub(super) fn declare(r: &mut Routes) {
    admin::declare(r);
}

/// The sender, every 15 seconds.
pub fn send_job(state: &AppState) -> Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        let run = send_due(state, Utc::now()).await?;
        if run != Run::default() {
            tracing::info!(?run, "e-mails");
        }
        Ok(())
    })
}

/// The digests, looked at every 5 minutes.
pub fn digest_job(state: &AppState) -> Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        let run = send_digests(state, Utc::now()).await?;
        if run != Run::default() {
            tracing::info!(?run, "daily digests");
        }
        Ok(())
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Paris;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_digest_hour_is_local_on_both_sides_of_the_change_of_hour() {
        // Winter: 7 h in Paris is 6 h UTC.
        let (at, day) = digest_time(utc("2026-01-15T06:30:00Z"), Paris, 7);
        assert_eq!(at, utc("2026-01-15T06:00:00Z"));
        assert_eq!(day.to_string(), "2026-01-15");
        // Summer: 7 h in Paris is 5 h UTC.
        let (at, _) = digest_time(utc("2026-07-15T05:10:00Z"), Paris, 7);
        assert_eq!(at, utc("2026-07-15T05:00:00Z"));
        // The morning the clocks go forward (29 March 2026), 7 h is already summer time.
        let (at, day) = digest_time(utc("2026-03-29T05:01:00Z"), Paris, 7);
        assert_eq!(at, utc("2026-03-29T05:00:00Z"));
        assert_eq!(day.to_string(), "2026-03-29");
        // Before the hour, it is yesterday's digest (in winter time).
        let (at, day) = digest_time(utc("2026-03-29T04:59:00Z"), Paris, 7);
        assert_eq!(at, utc("2026-03-28T06:00:00Z"));
        assert_eq!(day.to_string(), "2026-03-28");
        // 2 h does not exist that morning: it is read as 3 h summer time.
        let (at, _) = digest_time(utc("2026-03-29T12:00:00Z"), Paris, 2);
        assert_eq!(at, Paris.with_ymd_and_hms(2026, 3, 29, 3, 0, 0).unwrap());
    }

    #[test]
    fn attempts_wait_longer_and_longer_then_every_three_hours() {
        let minutes: Vec<i64> = (1..=7).map(|n| retry_delay(n).num_minutes()).collect();
        assert_eq!(minutes, [1, 5, 15, 60, 180, 180, 180]);
    }

    #[test]
    fn a_refusal_for_good_is_a_5xx_but_a_refused_login_waits_for_the_setting() {
        let answer = |code| Failure::Answer {
            code,
            words: "x".into(),
        };
        assert!(answer(550).permanent());
        assert!(!answer(451).permanent());
        assert!(!answer(535).permanent());
        assert!(Failure::Address("x".into()).permanent());
        assert!(!Failure::Unreachable("refused".into()).permanent());
        assert!(!Failure::Timeout.permanent());
        let long = Failure::Answer {
            code: 550,
            words: "é".repeat(3000),
        };
        assert_eq!(long.stored().chars().count(), ANSWER_MAX);
    }
}
