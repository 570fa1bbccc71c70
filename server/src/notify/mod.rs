//! Telling people what happened (migration 0024, issue 17).
//!
//! A domain that changes something a person should hear of calls [`tell`] inside its own
//! transaction: the event becomes one message for that person in the outbox (`notifications`),
//! so a change that rolls back leaves no message and a message waits there while the mail
//! server is away. The same event twice (`event_key`) makes one message.
//!
//! The words are not stored: a message keeps its `kind` (which names its templates in the
//! translation files, `i18n/<lang>/notify.ftl`), what fills them (`args`, instants kept as
//! instants) and the person's language at the time; [`render`] writes it in the site's local
//! time whenever it is shown, sent or printed.
//!
//! Every message is a notice on the person's own page (`/avis`, counted on `/moi` and
//! `/mes-associations`). Its channel adds a delivery: an e-mail through the site's SMTP account
//! ([`mail`], drained by a job with retries; one a day for those who chose the digest), or a slip
//! the desk prints in large type and hands over ([`paper`], the « À remettre » list) for people
//! without e-mail. The day-before reminders are made by the domains' jobs through [`tell`] too.

pub mod mail;
pub mod pages;
pub mod paper;

use crate::audit::{self, Actor};
use crate::db;
use crate::i18n::{Lang, Tr};
use crate::refusal::Refusal;
use crate::web::domain::{Domain, Finding, Fut, Job, count};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value, json};
use sqlx::{SqliteConnection, SqlitePool};

/// How a person hears from the place, beyond the notice on their page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// An e-mail to their address.
    Email,
    /// The notice on their page only.
    Page,
    /// A slip printed by the desk and handed over.
    Paper,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Page => "page",
            Channel::Paper => "paper",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        match s {
            "email" => Some(Channel::Email),
            "page" => Some(Channel::Page),
            "paper" => Some(Channel::Paper),
            _ => None,
        }
    }
}

/// Something a person should hear of. `key` names the event so that telling it twice tells it
/// once (`space-booking:42:approved`); `kind` names the templates (`booking-approved` reads
/// `notify-booking-approved-subject`, `-body` and `-why`); `args` fills them.
///
/// In `args`, a key ending in `_at` holds an instant (RFC 3339), written as a long local date and
/// time; one ending in `_day` a date (`2026-12-24`), written `jeudi 24 décembre 2026`; one ending
/// in `_minutes` holds minutes, written `1 h 30`; anything else is written as it is.
#[derive(Debug, Clone)]
pub struct Event {
    pub key: String,
    pub kind: &'static str,
    pub args: Map<String, Value>,
    pub link: Option<String>,
}

impl Event {
    pub fn new(key: impl Into<String>, kind: &'static str) -> Event {
        Event {
            key: key.into(),
            kind,
            args: Map::new(),
            link: None,
        }
    }

    /// A text or number argument.
    pub fn arg(mut self, name: &str, value: impl Into<Value>) -> Event {
        self.args.insert(name.to_owned(), value.into());
        self
    }

    /// An instant argument (`name` should end in `_at`).
    pub fn at(mut self, name: &str, at: DateTime<Utc>) -> Event {
        self.args
            .insert(name.to_owned(), Value::String(db::instant_text(at)));
        self
    }

    /// The page the message is about.
    pub fn link(mut self, link: impl Into<String>) -> Event {
        self.link = Some(link.into());
        self
    }
}

/// A person's choice, or what applies without one.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Preference {
    pub channel: Channel,
    pub digest: bool,
    /// Whether the person (or the desk for them) chose; `false` for the default.
    pub chosen: bool,
    /// Their e-mail address, if the desk has one.
    pub email: Option<String>,
    /// Whether they have a login (so a page to read notices on).
    pub has_login: bool,
    /// Their first name and language, which their messages are written with.
    pub first_name: String,
    pub language: String,
}

/// What applies to a person: their choice if they made one — unless it is e-mail and they no
/// longer have an address —, else e-mail when they have an address, their page when they have a
/// login, paper otherwise.
pub async fn preference(
    conn: &mut SqliteConnection,
    person_id: i64,
) -> Result<Preference, Refusal> {
    /// The address, the choice, the digest, whether a login exists, first name, language.
    type Row = (
        Option<String>,
        Option<String>,
        Option<i64>,
        i64,
        String,
        String,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT nullif(trim(p.email), ''), np.channel, np.digest,
                EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id AND u.disabled_at IS NULL),
                p.first_name, p.language
         FROM persons p LEFT JOIN notify_preferences np ON np.person_id = p.id
         WHERE p.id = ? AND p.erased_at IS NULL",
    )
    .bind(person_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((email, chosen, digest, has_login, first_name, language)) = row else {
        return Err(Refusal::NotFound);
    };
    let has_login = has_login != 0;
    let fallback = if email.is_some() {
        Channel::Email
    } else if has_login {
        Channel::Page
    } else {
        Channel::Paper
    };
    let chosen = chosen.as_deref().and_then(Channel::parse);
    let channel = match chosen {
        Some(Channel::Email) if email.is_none() => fallback,
        Some(c) => c,
        None => fallback,
    };
    Ok(Preference {
        channel,
        digest: channel == Channel::Email && digest == Some(1),
        chosen: chosen.is_some(),
        email,
        has_login,
        first_name,
        language,
    })
}

/// Records a person's choice (from their page, or the desk's for them). E-mail needs an address.
pub async fn set_preference(
    pool: &SqlitePool,
    actor: &Actor,
    person_id: i64,
    channel: &str,
    digest: bool,
) -> Result<(), Refusal> {
    let Some(channel) = Channel::parse(channel) else {
        return Err(Refusal::field("channel", "notify-error-channel"));
    };
    let mut tx = db::begin_write(pool).await?;
    let before = preference(&mut tx, person_id).await?;
    if channel == Channel::Email && before.email.is_none() {
        return Err(Refusal::field("channel", "notify-error-no-email"));
    }
    let digest = digest && channel == Channel::Email;
    sqlx::query(
        "INSERT INTO notify_preferences (person_id, channel, digest, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (person_id) DO UPDATE SET channel = excluded.channel,
             digest = excluded.digest, updated_at = excluded.updated_at",
    )
    .bind(person_id)
    .bind(channel.code())
    .bind(i64::from(digest))
    .bind(db::now_text())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "notify.preference",
        "person",
        person_id,
        Some(&json!({"channel": before.channel.code(), "digest": before.digest})),
        Some(&json!({"channel": channel.code(), "digest": digest})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Tells `person_id` of `event`, in the caller's transaction: one message in the outbox, by the
/// channel the person's preference gives. Nothing for an erased or unknown person; nothing new
/// for an event already told them. Returns whether a message was made.
pub async fn tell(
    conn: &mut SqliteConnection,
    person_id: i64,
    event: &Event,
) -> Result<bool, sqlx::Error> {
    let pref = match preference(conn, person_id).await {
        Ok(p) => p,
        Err(Refusal::Db(e)) => return Err(e),
        Err(_) => return Ok(false),
    };
    let mut args = event.args.clone();
    args.insert("first_name".into(), Value::String(pref.first_name.clone()));
    let now = Utc::now();
    let message_id = format!("{}@citeosquare", uuid::Uuid::now_v7());
    let email_to = (pref.channel == Channel::Email)
        .then_some(pref.email)
        .flatten();
    let done = sqlx::query(
        "INSERT INTO notifications (message_id, person_id, event_key, kind, args, link, language,
                                    channel, email_to, digest, created_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (event_key, person_id) DO NOTHING",
    )
    .bind(&message_id)
    .bind(person_id)
    .bind(&event.key)
    .bind(event.kind)
    .bind(Value::Object(args).to_string())
    .bind(&event.link)
    .bind(&pref.language)
    .bind(pref.channel.code())
    .bind(&email_to)
    .bind(i64::from(pref.digest))
    .bind(db::instant_text(now))
    .bind(db::instant_text(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Tells each of `people` (duplicates told once).
pub async fn tell_all(
    conn: &mut SqliteConnection,
    people: &[i64],
    event: &Event,
) -> Result<usize, sqlx::Error> {
    let mut seen = std::collections::BTreeSet::new();
    let mut made = 0;
    for &p in people {
        if seen.insert(p) && tell(conn, p, event).await? {
            made += 1;
        }
    }
    Ok(made)
}

/// The representatives of an association (who hear of its bookings).
pub async fn representatives(
    conn: &mut SqliteConnection,
    association_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT m.person_id FROM association_members m JOIN persons p ON p.id = m.person_id
         WHERE m.association_id = ? AND m.representative = 1 AND p.erased_at IS NULL
         ORDER BY m.person_id",
    )
    .bind(association_id)
    .fetch_all(&mut *conn)
    .await
}

/// The local hour from which the day-before reminders go out (not at midnight).
pub const REMINDER_HOUR: u32 = 9;

/// Tomorrow, as the site's clock reads it: the instants of its first and last moments (23 or 25
/// hours long on the days the clocks change). `None` before [`REMINDER_HOUR`] today, so that
/// reminders leave in the morning of the day before.
pub fn tomorrow_window(
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    use chrono::Timelike;
    let local = now.with_timezone(&tz);
    if local.hour() < REMINDER_HOUR {
        return None;
    }
    let tomorrow = local.date_naive().succ_opt()?;
    let after = tomorrow.succ_opt()?;
    Some((
        crate::time::resolve_local(tz, tomorrow.and_time(chrono::NaiveTime::MIN)),
        crate::time::resolve_local(tz, after.and_time(chrono::NaiveTime::MIN)),
    ))
}

/// Runs a domain's day-before reminders (`remind` tells each person once per event) in one write
/// transaction, when [`tomorrow_window`] says it is time.
pub async fn run_reminders<F>(state: &crate::web::AppState, remind: F) -> anyhow::Result<usize>
where
    F: for<'c> FnOnce(
        &'c mut SqliteConnection,
        DateTime<Utc>,
        DateTime<Utc>,
    ) -> Fut<'c, Result<usize, sqlx::Error>>,
{
    let Some((from, to)) = tomorrow_window(Utc::now(), state.config.time_zone) else {
        return Ok(0);
    };
    let mut tx = db::begin_write(&state.pool).await?;
    let made = remind(&mut tx, from, to).await?;
    tx.commit().await?;
    if made > 0 {
        tracing::info!(made, "reminders for tomorrow");
    }
    Ok(made)
}

/// One message of the outbox.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Message {
    pub id: i64,
    pub message_id: String,
    pub person_id: i64,
    pub event_key: String,
    pub kind: String,
    /// What fills the templates, as JSON (see [`Event`]).
    pub args: String,
    pub link: Option<String>,
    pub language: String,
    pub channel: String,
    pub email_to: Option<String>,
    pub digest: bool,
    pub created_at: String,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
    pub failed_at: Option<String>,
    pub read_at: Option<String>,
    pub handed_at: Option<String>,
    pub handed_by: Option<String>,
}

impl Message {
    /// What fills the templates (empty if the stored JSON is not an object, which the schema's
    /// `json_valid` and [`tell`] never let happen).
    pub fn args(&self) -> Map<String, Value> {
        match serde_json::from_str(&self.args) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        }
    }
}

macro_rules! message_select {
    ($rest:literal) => {
        concat!(
            "SELECT id, message_id, person_id, event_key, kind, args, link, language, channel,
                    email_to, digest, created_at, attempts, next_attempt_at, last_error, sent_at,
                    failed_at, read_at, handed_at, handed_by
             FROM notifications ",
            $rest
        )
    };
}
#[allow(unused_imports)]
pub(crate) use message_select;

/// A person's messages, newest first.
pub async fn of_person(
    conn: impl sqlx::SqliteExecutor<'_>,
    person_id: i64,
    limit: i64,
) -> Result<Vec<Message>, sqlx::Error> {
    sqlx::query_as(message_select!(
        "WHERE person_id = ? ORDER BY created_at DESC, id DESC LIMIT ?"
    ))
    .bind(person_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// How many of a person's notices are unread.
pub async fn unread(
    conn: impl sqlx::SqliteExecutor<'_>,
    person_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM notifications WHERE person_id = ? AND read_at IS NULL")
        .bind(person_id)
        .fetch_one(conn)
        .await
}

/// Marks a person's notices read (all of them, or the one `id`).
pub async fn mark_read(pool: &SqlitePool, person_id: i64, id: Option<i64>) -> Result<u64, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let done = sqlx::query(
        "UPDATE notifications SET read_at = ? WHERE person_id = ? AND read_at IS NULL
                                               AND (?3 IS NULL OR id = ?3)",
    )
    .bind(db::now_text())
    .bind(person_id)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

/// A message in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    /// Plain text, paragraphs separated by a blank line.
    pub body: String,
    /// Why the person received it.
    pub why: String,
}

impl Rendered {
    /// The body's paragraphs (separated by a blank line).
    pub fn paragraphs(&self) -> Vec<String> {
        self.body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// `samedi 12 décembre 2026 à 14 h 00` / `Saturday 12 December 2026 at 14:00`, in the site's
/// zone (so right on both sides of a change of hour).
pub fn long_when(lang: Lang, at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    let local = at.with_timezone(&tz);
    let day = local.date_naive();
    match lang {
        Lang::Fr => format!(
            "{} {} à {}",
            crate::time::long_day_fr(day),
            local.format("%Y"),
            local.format("%H h %M")
        ),
        Lang::En => format!(
            "{} {} at {}",
            crate::time::long_day_en(day),
            local.format("%Y"),
            local.format("%H:%M")
        ),
    }
}

/// The arguments as the templates read them.
fn words(lang: Lang, args: &Map<String, Value>, tz: chrono_tz::Tz) -> Vec<(String, String)> {
    args.iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) if k.ends_with("_at") => crate::time::parse_instant(s)
                    .map_or_else(|| s.clone(), |at| long_when(lang, at, tz)),
                Value::String(s) if k.ends_with("_day") => chrono::NaiveDate::parse_from_str(
                    s, "%Y-%m-%d",
                )
                .map_or_else(
                    |_| s.clone(),
                    |d| match lang {
                        Lang::Fr => format!("{} {}", crate::time::long_day_fr(d), d.format("%Y")),
                        Lang::En => format!("{} {}", crate::time::long_day_en(d), d.format("%Y")),
                    },
                ),
                Value::Number(n) if k.ends_with("_minutes") => {
                    crate::time::hours(n.as_i64().unwrap_or_default())
                }
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect()
}

/// A message in its language, in the site's local time.
pub fn render(m: &Message, tz: chrono_tz::Tz) -> Rendered {
    render_parts(m.kind.as_str(), &m.args(), Lang::parse(&m.language), tz)
}

/// The words of a message of `kind` with `args`.
pub fn render_parts(
    kind: &str,
    args: &Map<String, Value>,
    lang: Lang,
    tz: chrono_tz::Tz,
) -> Rendered {
    let tr = Tr::new(lang);
    let owned = words(lang, args, tz);
    let args: Vec<(&str, &str)> = owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    Rendered {
        subject: tr.ta(&format!("notify-{kind}-subject"), &args),
        body: tr.ta(&format!("notify-{kind}-body"), &args),
        why: tr.ta(&format!("notify-{kind}-why"), &args),
    }
}

/// Every kind of message, for the translation test and the admin's list.
pub const KINDS: &[&str] = &[
    "booking-requested",
    "booking-approved",
    "booking-declined",
    "booking-cancelled",
    "booking-moved",
    "booking-reminder",
    "booking-series-requested",
    "booking-series-approved",
    "booking-series-declined",
    "sel-received",
    "sel-gift-waiting",
    "shift-reminder",
    "vehicle-booked",
    "vehicle-cancelled",
    "vehicle-reminder",
    "hostel-stay-booked",
    "hostel-stay-cancelled",
    "hostel-stay-changed",
    "test",
];

// ---------------------------------------------------------------------------------------------
// The list of domains

fn export(pool: &SqlitePool, person_id: i64) -> Fut<'_, Result<Value, sqlx::Error>> {
    Box::pin(async move {
        let mut conn = pool.acquire().await?;
        let pref: Option<(String, i64, String)> = sqlx::query_as(
            "SELECT channel, digest, updated_at FROM notify_preferences WHERE person_id = ?",
        )
        .bind(person_id)
        .fetch_optional(&mut *conn)
        .await?;
        let messages = of_person(&mut *conn, person_id, i64::MAX).await?;
        let tz = chrono_tz::Europe::Paris;
        let messages: Vec<Value> = messages
            .iter()
            .map(|m| {
                let r = render(m, tz);
                json!({
                    "created_at": m.created_at,
                    "channel": m.channel,
                    "email_to": m.email_to,
                    "subject": r.subject,
                    "body": r.body,
                    "sent_at": m.sent_at,
                    "read_at": m.read_at,
                    "handed_at": m.handed_at,
                })
            })
            .collect();
        Ok(json!({
            "preference": pref.map(|(channel, digest, at)| json!({
                "channel": channel, "digest": digest == 1, "updated_at": at
            })),
            "messages": messages,
        }))
    })
}

/// Erasing a person removes their messages and their choice: what they were told is theirs.
fn erase<'a>(
    tx: &'a mut SqliteConnection,
    _actor: &'a Actor,
    id: i64,
    _now: &'a str,
) -> Fut<'a, Result<(), Refusal>> {
    Box::pin(async move {
        sqlx::query("DELETE FROM notifications WHERE person_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM notify_preferences WHERE person_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Ok(())
    })
}

fn check(pool: &SqlitePool) -> Fut<'_, Result<Vec<Finding>, sqlx::Error>> {
    Box::pin(async move {
        Ok(vec![
            Finding::from_count(
                "notifications_of_erased_people",
                count(
                    pool,
                    "SELECT count(*) FROM notifications n JOIN persons p ON p.id = n.person_id
                     WHERE p.erased_at IS NOT NULL",
                )
                .await?,
                "messages kept for people erased under the GDPR",
            ),
            Finding::from_count(
                "notifications_stuck_sending",
                count(
                    pool,
                    "SELECT count(*) FROM notifications WHERE sending_since IS NOT NULL
                     AND sent_at IS NULL AND sending_since < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour')",
                )
                .await?,
                "e-mails held by a sender for over an hour (the sender died while sending)",
            ),
        ])
    })
}

fn routes(r: &mut crate::web::Routes) {
    pages::declare(r);
    paper::declare(r);
    mail::declare(r);
}

static JOBS: [Job; 2] = [
    Job {
        name: "notify-send",
        every_seconds: 15,
        run: mail::send_job,
    },
    Job {
        name: "notify-digest",
        every_seconds: 300,
        run: mail::digest_job,
    },
];

/// Notifications in the list of domains.
pub static DOMAIN: Domain = Domain {
    export: Some(export),
    erase: Some(erase),
    check: Some(check),
    jobs: &JOBS,
    me_box: Some(pages::me_box),
    associations_box: Some(pages::me_box),
    person_box: Some(pages::person_box),
    desk_box: Some(paper::desk_box),
    ..Domain::new("notify", routes)
};
