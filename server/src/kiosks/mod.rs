//! Kiosks: their accounts on the embedded broker, their role and texts (the retained `Config`), and
//! the status they report.

pub mod gate;
pub mod ingest;
pub mod mqtt;

use crate::db;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use citeosquare_protocol::{self as protocol, KioskId, Role, Status};
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// A kiosk as configured on the server.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Kiosk {
    pub id: String,
    pub role: String,
    pub label: String,
    pub idle_lines: String,
}

impl Kiosk {
    /// The retained configuration published to the kiosk.
    pub fn protocol_config(&self) -> Option<protocol::Config> {
        Some(protocol::Config {
            v: protocol::VERSION,
            kiosk: KioskId::parse(&self.id)?,
            role: Role::parse(&self.role)?,
            label: self.label.clone(),
            idle_lines: serde_json::from_str(&self.idle_lines).unwrap_or_default(),
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KioskError {
    #[error("identifiant de borne invalide : {0:?} (lettres minuscules, chiffres et tirets)")]
    BadId(String),
    #[error("la borne {0} existe déjà")]
    Exists(String),
    #[error("le mot de passe doit faire au moins 4 caractères")]
    WeakPassword,
    #[error("le nom affiché doit faire de 1 à 100 caractères")]
    BadLabel,
    #[error("l'identifiant {0} est réservé au serveur")]
    Reserved(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("hachage du mot de passe impossible")]
    Hash,
}

/// The idle texts a new kiosk shows, by role.
pub fn default_idle_lines(role: Role) -> Vec<&'static str> {
    match role {
        Role::Sel => vec!["Badgez pour commencer", "ou finir votre permanence"],
        Role::Space => vec!["Badgez pour entrer", "ou pour sortir"],
        Role::Entrance => vec!["Bienvenue", "Badgez à l'accueil"],
        Role::Vehicles => vec!["Badgez pour prendre", "ou rendre un véhicule"],
    }
}

/// A kiosk checked and with its password hashed, ready to insert.
#[derive(Debug, Clone)]
pub struct NewKiosk {
    id: String,
    role: Role,
    label: String,
    password_hash: String,
}

impl NewKiosk {
    /// Checks the id, label and password, and hashes the password with argon2id (on a blocking
    /// thread: it takes a while on purpose).
    pub async fn prepare(
        id: &str,
        role: Role,
        label: &str,
        password: &str,
    ) -> Result<NewKiosk, KioskError> {
        if KioskId::parse(id).is_none() {
            return Err(KioskError::BadId(id.to_owned()));
        }
        if id.starts_with(crate::config::SERVER_MQTT_USER) {
            return Err(KioskError::Reserved(id.to_owned()));
        }
        let label = label.trim();
        if !(1..=100).contains(&label.chars().count()) {
            return Err(KioskError::BadLabel);
        }
        if password.chars().count() < 4 {
            return Err(KioskError::WeakPassword);
        }
        Ok(NewKiosk {
            id: id.to_owned(),
            role,
            label: label.to_owned(),
            password_hash: hash_password(password.to_owned()).await?,
        })
    }

    /// Inserts the kiosk in the current transaction; refuses an id already taken.
    pub async fn insert(self, conn: &mut sqlx::SqliteConnection) -> Result<Kiosk, KioskError> {
        let idle =
            serde_json::to_string(&default_idle_lines(self.role)).unwrap_or_else(|_| "[]".into());
        let inserted = sqlx::query(
            "INSERT INTO kiosks (id, role, label, idle_lines, mqtt_password_hash, created_at)
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&self.id)
        .bind(self.role.as_str())
        .bind(&self.label)
        .bind(&idle)
        .bind(&self.password_hash)
        .bind(db::now_text())
        .execute(&mut *conn)
        .await?;
        if inserted.rows_affected() == 0 {
            return Err(KioskError::Exists(self.id));
        }
        Ok(Kiosk {
            id: self.id,
            role: self.role.as_str().to_owned(),
            label: self.label,
            idle_lines: idle,
        })
    }
}

/// Registers a kiosk with its MQTT password (hashed with argon2id).
pub async fn create(
    pool: &SqlitePool,
    id: &str,
    role: Role,
    label: &str,
    password: &str,
) -> Result<Kiosk, KioskError> {
    let new = NewKiosk::prepare(id, role, label, password).await?;
    let mut conn = pool.acquire().await?;
    new.insert(&mut conn).await
}

pub async fn list(pool: &SqlitePool) -> Result<Vec<Kiosk>, sqlx::Error> {
    sqlx::query_as("SELECT id, role, label, idle_lines FROM kiosks ORDER BY id")
        .fetch_all(pool)
        .await
}

async fn hash_password(password: String) -> Result<String, KioskError> {
    crate::auth::hashing(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
    })
    .await
    .map_err(|_| KioskError::Hash)?
    .map_err(|_| KioskError::Hash)
}

/// The accounts the embedded broker accepts: the server's own (a fresh random password each run)
/// and each kiosk's, checked against its argon2 hash. A successful check is remembered for the run
/// as a keyed hash of the password (never the password itself), so that reconnect storms do not
/// cost an argon2 computation each; after a failed check, the same account is refused without
/// computing anything for a second, so wrong guesses cannot keep the CPU busy.
#[derive(Clone)]
pub struct BrokerAccounts {
    server_user: String,
    server_password: String,
    hashes: Arc<RwLock<HashMap<String, String>>>,
    verified: Arc<RwLock<HashMap<String, u64>>>,
    failed: Arc<RwLock<HashMap<String, std::time::Instant>>>,
    keyed: std::hash::RandomState,
}

impl std::fmt::Debug for BrokerAccounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrokerAccounts")
            .field("server_user", &self.server_user)
            .finish_non_exhaustive()
    }
}

impl BrokerAccounts {
    pub async fn load(pool: &SqlitePool, server_user: &str) -> Result<Self, sqlx::Error> {
        let accounts = BrokerAccounts {
            server_user: server_user.to_owned(),
            server_password: uuid::Uuid::new_v4().simple().to_string(),
            hashes: Arc::default(),
            verified: Arc::default(),
            failed: Arc::default(),
            keyed: std::hash::RandomState::new(),
        };
        accounts.reload(pool).await?;
        Ok(accounts)
    }

    /// Reads the kiosks' password hashes. Kiosks added while the server runs are known to the
    /// embedded broker after a restart.
    pub async fn reload(&self, pool: &SqlitePool) -> Result<(), sqlx::Error> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT id, mqtt_password_hash FROM kiosks")
                .fetch_all(pool)
                .await?;
        if let Ok(mut map) = self.hashes.write() {
            *map = rows.into_iter().collect();
        }
        if let Ok(mut v) = self.verified.write() {
            v.clear();
        }
        Ok(())
    }

    pub fn server_password(&self) -> &str {
        &self.server_password
    }

    /// Whether `user`/`password` may connect. Kiosks must connect as themselves (user = client id
    /// = kiosk id), so that a status's last will is attributable.
    pub async fn check(&self, client_id: String, user: String, password: String) -> bool {
        use std::hash::BuildHasher;
        if user == self.server_user {
            return password == self.server_password;
        }
        if client_id != user {
            tracing::warn!(%user, %client_id, "MQTT login refused: a kiosk must use its id as client id");
            return false;
        }
        let key = self.keyed.hash_one(&password);
        if self
            .verified
            .read()
            .ok()
            .and_then(|v| v.get(&user).copied())
            == Some(key)
        {
            return true;
        }
        let recently_failed = self
            .failed
            .read()
            .ok()
            .and_then(|f| f.get(&user).copied())
            .is_some_and(|at| at.elapsed() < std::time::Duration::from_secs(1));
        if recently_failed {
            tracing::warn!(%user, "MQTT login refused: wrong password a moment ago, try again later");
            return false;
        }
        let Some(hash) = self.hashes.read().ok().and_then(|h| h.get(&user).cloned()) else {
            return false;
        };
        let pw = password.clone();
        let ok = crate::auth::hashing(move || {
            PasswordHash::new(&hash)
                .map(|parsed| {
                    Argon2::default()
                        .verify_password(pw.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        if ok {
            if let Ok(mut v) = self.verified.write() {
                v.insert(user, key);
            }
        } else {
            tracing::warn!(%user, "MQTT login refused: unknown kiosk or wrong password");
            if let Ok(mut f) = self.failed.write() {
                f.insert(user, std::time::Instant::now());
            }
        }
        ok
    }
}

/// A kiosk's latest known status, as the reception page shows it.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct KioskView {
    pub kiosk_id: String,
    pub label: Option<String>,
    pub state: String,
    pub version: Option<String>,
    pub pending: Option<i64>,
    pub last_seen: String,
    /// JSON array of alarm codes.
    pub alarms: String,
}

impl KioskView {
    pub fn alarm_codes(&self) -> Vec<String> {
        serde_json::from_str(&self.alarms).unwrap_or_default()
    }
}

/// Records a status report (or a last will) in the current transaction.
pub async fn record_status(
    tx: &mut sqlx::SqliteConnection,
    status: &Status,
    now: &str,
) -> Result<(), sqlx::Error> {
    let state = match status.state {
        protocol::KioskState::Online => "online",
        protocol::KioskState::Offline => "offline",
    };
    // A last will carries only the state: keep what the kiosk said before.
    sqlx::query(
        "INSERT INTO kiosk_status (kiosk_id, state, boot, version, pending, clock_synced, reader,
                                   screen, status_at, last_seen, alarms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)
         ON CONFLICT (kiosk_id) DO UPDATE SET
            state = excluded.state,
            boot = coalesce(excluded.boot, boot),
            version = coalesce(excluded.version, version),
            pending = coalesce(excluded.pending, pending),
            clock_synced = coalesce(excluded.clock_synced, clock_synced),
            reader = coalesce(excluded.reader, reader),
            screen = coalesce(excluded.screen, screen),
            status_at = excluded.status_at,
            alarms = CASE WHEN excluded.state = 'online' THEN excluded.alarms ELSE alarms END,
            last_seen = CASE WHEN excluded.state = 'online' THEN excluded.last_seen ELSE last_seen END",
    )
    .bind(status.kiosk.as_str())
    .bind(state)
    .bind(&status.boot)
    .bind(&status.version)
    .bind(status.pending.map(|p| i64::try_from(p).unwrap_or(i64::MAX)))
    .bind(status.clock_synced)
    .bind(&status.reader)
    .bind(&status.screen)
    .bind(now)
    .bind(serde_json::to_string(&status.alarms).unwrap_or_else(|_| "[]".into()))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Notes that a kiosk was heard from (an event arrived), in the current transaction.
pub async fn touch(
    tx: &mut sqlx::SqliteConnection,
    kiosk: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO kiosk_status (kiosk_id, state, status_at, last_seen) VALUES (?1, 'online', ?2, ?2)
         ON CONFLICT (kiosk_id) DO UPDATE SET last_seen = excluded.last_seen, state = 'online'",
    )
    .bind(kiosk)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Every kiosk with its latest status, configured kiosks first.
pub async fn views(pool: &SqlitePool) -> Result<Vec<KioskView>, sqlx::Error> {
    sqlx::query_as(
        "SELECT k.id AS kiosk_id, k.label AS label, coalesce(s.state, 'offline') AS state,
                s.version AS version, s.pending AS pending, coalesce(s.last_seen, '') AS last_seen,
                coalesce(s.alarms, '[]') AS alarms
         FROM kiosks k LEFT JOIN kiosk_status s ON s.kiosk_id = k.id
         UNION ALL
         SELECT s.kiosk_id, NULL, s.state, s.version, s.pending, s.last_seen, s.alarms
         FROM kiosk_status s WHERE s.kiosk_id NOT IN (SELECT id FROM kiosks)
         ORDER BY 1",
    )
    .fetch_all(pool)
    .await
}

pub async fn count_online(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM kiosk_status WHERE state = 'online'")
        .fetch_one(pool)
        .await
}

// ---------------------------------------------------------------------------------------------
// The list of domains

/// The kiosks' entry in the list of domains: they have no pages of their own (the desk shows
/// them); their work is ingestion, started by the server.
pub static DOMAIN: crate::web::domain::Domain = crate::web::domain::Domain {
    refresh_metrics: Some(refresh_metrics),
    ..crate::web::domain::Domain::new("kiosks", |_| {})
};

/// The online kiosks' gauge, read when `/metrics` is.
fn refresh_metrics(state: &crate::web::AppState) -> crate::web::domain::Fut<'_, ()> {
    Box::pin(async move {
        if let Ok(n) = count_online(&state.pool).await {
            state.metrics.kiosks_online.set(n);
        }
    })
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
pub fn alarm_label(tr: &crate::i18n::Tr, code: &str) -> String {
    if KIOSK_ALARMS.contains(&code) {
        tr.tk("alarm", code)
    } else {
        code.chars().take(64).collect()
    }
}
