//! The site's mail account (`notify_settings`): read, checked field by field and saved from the
//! admin's form. Its password is never stored: it comes from the environment ([`PASSWORD_VAR`]).

use crate::audit::{self, Actor};
use crate::config::Secret;
use crate::db;
use crate::refusal::{Fields, Refusal};
use lettre::Address;
use serde::Deserialize;
use serde_json::json;
use sqlx::SqlitePool;

/// The environment variable holding the SMTP account's password.
pub const PASSWORD_VAR: &str = "CITEOSQUARE_SMTP_PASSWORD";

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain, then upgraded by STARTTLS before anything is sent (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// None: a relay on this machine only.
    None,
}

impl Security {
    pub const ALL: [Security; 3] = [Security::StartTls, Security::Tls, Security::None];

    pub fn code(self) -> &'static str {
        match self {
            Security::StartTls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Security> {
        Security::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// The site's mail account (`notify_settings`), without its password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Empty: e-mail is off, messages wait.
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_security: Security,
    /// Empty: the server takes mail without logging in.
    pub smtp_login: String,
    pub from_address: String,
    /// `https://citeosquare.example`, without a trailing slash; empty: no links in e-mails.
    pub site_url: String,
    /// The local hour the day's digests leave at.
    pub digest_hour: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            smtp_host: String::new(),
            smtp_port: 587,
            smtp_security: Security::StartTls,
            smtp_login: String::new(),
            from_address: String::new(),
            site_url: String::new(),
            digest_hour: 7,
        }
    }
}

impl Settings {
    /// Whether e-mail leaves: a host and an address to send from.
    pub fn enabled(&self) -> bool {
        !self.smtp_host.is_empty() && !self.from_address.is_empty()
    }

    /// What the audit log keeps of them.
    fn snapshot(&self) -> serde_json::Value {
        json!({
            "smtp_host": self.smtp_host,
            "smtp_port": self.smtp_port,
            "smtp_security": self.smtp_security.code(),
            "smtp_login": self.smtp_login,
            "from_address": self.from_address,
            "site_url": self.site_url,
            "digest_hour": self.digest_hour,
        })
    }
}

/// The account as set (the defaults when the row is missing).
pub async fn settings(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Settings, sqlx::Error> {
    let row: Option<(String, i64, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT smtp_host, smtp_port, smtp_security, smtp_login, from_address, site_url,
                digest_hour
         FROM notify_settings WHERE id = 1",
    )
    .fetch_optional(conn)
    .await?;
    let Some((host, port, security, login, from, site_url, hour)) = row else {
        return Ok(Settings::default());
    };
    let default = Settings::default();
    Ok(Settings {
        smtp_host: host,
        smtp_port: u16::try_from(port).unwrap_or(default.smtp_port),
        smtp_security: Security::parse(&security).unwrap_or(default.smtp_security),
        smtp_login: login,
        from_address: from,
        site_url,
        digest_hour: u32::try_from(hour).unwrap_or(default.digest_hour),
    })
}

/// The account's password, from the environment only.
pub(super) fn password() -> Option<Secret> {
    std::env::var(PASSWORD_VAR)
        .ok()
        .filter(|p| !p.is_empty())
        .map(Secret::new)
}

/// Whether the password variable is set (what the admin page says of it).
pub fn password_is_set() -> bool {
    password().is_some()
}

/// The account's form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SettingsInput {
    pub smtp_host: String,
    pub smtp_port: String,
    pub smtp_security: String,
    pub smtp_login: String,
    pub from_address: String,
    pub site_url: String,
    pub digest_hour: String,
}

impl SettingsInput {
    /// The form holding the settings as they are.
    pub fn of(s: &Settings) -> SettingsInput {
        SettingsInput {
            smtp_host: s.smtp_host.clone(),
            smtp_port: s.smtp_port.to_string(),
            smtp_security: s.smtp_security.code().to_owned(),
            smtp_login: s.smtp_login.clone(),
            from_address: s.from_address.clone(),
            site_url: s.site_url.clone(),
            digest_hour: s.digest_hour.to_string(),
        }
    }
}

/// The longest each text of the account may be (the table checks the same).
const SETTING_MAX: usize = 200;

/// Whether `s` looks like an e-mail address (as lettre reads one).
pub fn is_address(s: &str) -> bool {
    s.parse::<Address>().is_ok()
}

/// The settings a form gives, or every field refused with its reason.
pub fn validate(input: &SettingsInput) -> Result<Settings, Refusal> {
    let mut f = Fields::default();
    let host = input.smtp_host.trim().to_owned();
    let host_ok = host.chars().count() <= SETTING_MAX
        && !host
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '/' | '@' | '\\' | '?'));
    f.check(!host_ok, "smtp_host", "notify-admin-error-host");
    let port = input
        .smtp_port
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|p| *p >= 1);
    f.check(port.is_none(), "smtp_port", "notify-admin-error-port");
    let security = Security::parse(input.smtp_security.trim());
    f.check(
        security.is_none(),
        "smtp_security",
        "notify-admin-error-security",
    );
    let login = input.smtp_login.trim().to_owned();
    f.check(
        login.chars().count() > SETTING_MAX,
        "smtp_login",
        crate::refusal::too_long(SETTING_MAX),
    );
    let from = input.from_address.trim().to_owned();
    if from.is_empty() {
        f.check(
            !host.is_empty(),
            "from_address",
            "notify-admin-error-from-needed",
        );
    } else if from.chars().count() > SETTING_MAX || !is_address(&from) {
        f.refuse("from_address", "notify-admin-error-from");
    }
    let site_url = input.site_url.trim().trim_end_matches('/').to_owned();
    let url_ok = site_url.is_empty()
        || ((site_url.starts_with("http://") || site_url.starts_with("https://"))
            && site_url.len() > "https://".len()
            && site_url.chars().count() <= SETTING_MAX
            && !site_url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>')));
    f.check(!url_ok, "site_url", "notify-admin-error-site-url");
    let hour = input
        .digest_hour
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|h| *h <= 23);
    f.check(hour.is_none(), "digest_hour", "notify-admin-error-hour");
    f.done()?;
    let (Some(smtp_port), Some(smtp_security), Some(digest_hour)) = (port, security, hour) else {
        return Err(Refusal::field("smtp_port", "notify-admin-error-port"));
    };
    Ok(Settings {
        smtp_host: host,
        smtp_port,
        smtp_security,
        smtp_login: login,
        from_address: from,
        site_url,
        digest_hour,
    })
}

/// Saves the account from its form (audited as `notify.settings` when it changes).
pub async fn save_settings(
    pool: &SqlitePool,
    actor: &Actor,
    input: &SettingsInput,
) -> Result<Settings, Refusal> {
    let new = validate(input)?;
    let mut tx = db::begin_write(pool).await?;
    let before = settings(&mut *tx).await?;
    if before != new {
        sqlx::query(
            "INSERT INTO notify_settings (id, smtp_host, smtp_port, smtp_security, smtp_login,
                                          from_address, site_url, digest_hour, updated_at)
             VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET smtp_host = excluded.smtp_host,
                 smtp_port = excluded.smtp_port, smtp_security = excluded.smtp_security,
                 smtp_login = excluded.smtp_login, from_address = excluded.from_address,
                 site_url = excluded.site_url, digest_hour = excluded.digest_hour,
                 updated_at = excluded.updated_at",
        )
        .bind(&new.smtp_host)
        .bind(i64::from(new.smtp_port))
        .bind(new.smtp_security.code())
        .bind(&new.smtp_login)
        .bind(&new.from_address)
        .bind(&new.site_url)
        .bind(i64::from(new.digest_hour))
        .bind(db::now_text())
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            "notify.settings",
            "notify_settings",
            1,
            Some(&before.snapshot()),
            Some(&new.snapshot()),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(new)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_settings_form_refuses_each_field_with_its_reason() {
        let good = SettingsInput {
            smtp_host: " smtp.example.org ".into(),
            smtp_port: "587".into(),
            smtp_security: "starttls".into(),
            smtp_login: "accueil".into(),
            from_address: "accueil@example.org".into(),
            site_url: "https://citeosquare.example/".into(),
            digest_hour: "7".into(),
        };
        let s = validate(&good).unwrap();
        assert_eq!(s.smtp_host, "smtp.example.org");
        assert_eq!(s.site_url, "https://citeosquare.example");
        let bad = SettingsInput {
            smtp_port: "70000".into(),
            from_address: "accueil".into(),
            site_url: "citeosquare.example".into(),
            digest_hour: "24".into(),
            smtp_security: "ssl".into(),
            ..good.clone()
        };
        let Err(Refusal::Invalid(errors)) = validate(&bad) else {
            panic!("accepted");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "smtp_port",
                "smtp_security",
                "from_address",
                "site_url",
                "digest_hour"
            ]
        );
        // No host: e-mail is off, and nothing else is needed.
        let off = SettingsInput {
            smtp_host: String::new(),
            from_address: String::new(),
            site_url: String::new(),
            ..good.clone()
        };
        assert!(!validate(&off).unwrap().enabled());
        let zero = SettingsInput {
            smtp_port: "0".into(),
            ..good
        };
        assert!(validate(&zero).is_err());
    }
}
