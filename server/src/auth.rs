//! Accounts, roles, passwords, sessions, API tokens and login throttling.
//!
//! Sessions live in SQLite (`sessions`), not in a generic key-value store, because the desk needs to
//! end every session of an account at once (password change, admin reset, account disabled). The
//! cookie holds a random token; only its BLAKE2b hash is stored. Each session carries its own CSRF
//! token, which every state-changing form and `fetch` must send back.

use crate::db;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use blake2::Digest;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What an account may do. Every route declares the roles it admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Configures the site, manages accounts, reads the audit log.
    Admin,
    /// The desk: people, badges, the logbook, bookings on someone's behalf.
    Reception,
    /// A representative of one or more associations.
    Association,
    /// A resident or neighbour with their own login.
    Resident,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Admin,
        Role::Reception,
        Role::Association,
        Role::Resident,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Reception => "reception",
            Role::Association => "association",
            Role::Resident => "resident",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Admins and reception staff: the people who run the building.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Admin | Role::Reception)
    }
}

/// The logged-in account behind a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub person_id: Option<i64>,
    pub language: String,
    pub large_text: bool,
    pub must_change_password: bool,
    /// The session's CSRF token; `None` when the request came with an API token.
    pub csrf: Option<String>,
}

impl CurrentUser {
    /// How the audit log names this account.
    pub fn actor(&self) -> crate::audit::Actor {
        crate::audit::Actor {
            id: Some(self.id),
            name: self.username.clone(),
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    person_id: Option<i64>,
    language: String,
    large_text: bool,
    must_change_password: bool,
}

impl UserRow {
    fn into_user(self, csrf: Option<String>) -> Option<CurrentUser> {
        Some(CurrentUser {
            role: Role::parse(&self.role)?,
            id: self.id,
            username: self.username,
            display_name: self.display_name,
            person_id: self.person_id,
            language: self.language,
            large_text: self.large_text,
            must_change_password: self.must_change_password,
            csrf,
        })
    }
}

macro_rules! user_columns {
    () => {
        "u.id, u.username, u.display_name, u.role, u.person_id, u.language, u.large_text, \
         u.must_change_password"
    };
}

// ---------------------------------------------------------------------------------------------
// Passwords

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

/// How many argon2 computations run at once. Each takes tens of milliseconds and ~19 MiB: twenty
/// kiosks logging in together after a restart would otherwise hold ~400 MiB for a moment (the soak
/// benchmark saw the server jump from 39 to 133 MiB at its kiosks' first logins).
pub const HASHERS: usize = 2;

static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(HASHERS);

/// Runs `f` (a password hashed or checked) on a blocking thread, at most [`HASHERS`] at a time;
/// the others wait their turn.
pub async fn hashing<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, tokio::task::JoinError> {
    // The semaphore is never closed: acquiring fails only if it were.
    let _turn = HASHING.acquire().await.ok();
    tokio::task::spawn_blocking(f).await
}

/// [`hash_password`] on a blocking thread: argon2 takes tens of milliseconds.
pub async fn hash_password_off_thread(password: String) -> anyhow::Result<String> {
    hashing(move || hash_password(&password)).await?
}

/// Checks a password against a stored PHC string; a malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    match argon2::password_hash::phc::PasswordHash::new(phc) {
        Ok(hash) => argon2::Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash no password matches, verified when the account does not exist so that a refusal takes
/// as long either way.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_password(&random_token()).unwrap_or_else(|_| {
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                .into()
        })
    })
}

/// Why a new password is refused, as a message key.
pub fn password_problem(password: &str, username: &str) -> Option<&'static str> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Some("error-password-short")
    } else if password.chars().count() > 200 {
        Some(crate::refusal::too_long(200))
    } else if password.eq_ignore_ascii_case(username) {
        Some("error-password-is-username")
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens

/// 256 random bits, hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // The OS random source failing is not something a login can work around.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// How a session or API token is stored.
pub fn token_hash(token: &str) -> String {
    hex(&blake2::Blake2b512::digest(token.as_bytes())[..32])
}

/// API tokens start with this, so that a leaked one is recognisable in a log or a repository.
pub const API_TOKEN_PREFIX: &str = "cq_";

// ---------------------------------------------------------------------------------------------
// Accounts

/// A new account's fields, validated.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
    pub person_id: Option<i64>,
    pub must_change_password: bool,
}

/// Whether a user name is acceptable: 2–64 of `a-z 0-9 . _ -`, starting with a letter or digit, and
/// not one of the names erasure gives (`efface-…`).
pub fn username_ok(s: &str) -> bool {
    // USERNAME_PATTERN says the same for the OpenAPI document (capitals allowed: the rules
    // lower-case the name first).
    // `efface-N` is what an erased person's account is renamed to.
    !s.starts_with("efface-")
        && (2..=64).contains(&s.len())
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// A user name as the API takes it: 2–64 letters, digits, `.`, `_` or `-`, a letter or a digit
/// first, not `efface-…` (an erased person's account); see [`username_ok`].
pub const USERNAME_PATTERN: &str = "^(?!efface-)[A-Za-z0-9][A-Za-z0-9._-]{1,63}$";
pub const USERNAME_MAX: usize = 64;

/// Creates an account inside the caller's transaction. The caller validated the fields.
pub async fn insert_user(
    tx: &mut sqlx::SqliteConnection,
    user: &NewUser,
    password_hash: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (username, display_name, role, password_hash, person_id,
                            must_change_password, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&user.username)
    .bind(&user.display_name)
    .bind(user.role.as_str())
    .bind(password_hash)
    .bind(user.person_id)
    .bind(user.must_change_password)
    .bind(db::now_text())
    .fetch_one(tx)
    .await
}

/// Looks an active account up by id.
pub async fn user_by_id(pool: &SqlitePool, id: i64) -> Result<Option<CurrentUser>, sqlx::Error> {
    let row: Option<UserRow> = sqlx::query_as(concat!(
        "SELECT ",
        user_columns!(),
        " FROM users u WHERE u.id = ? AND u.disabled_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|r| r.into_user(None)))
}

/// Checks a login. `None` for an unknown account, a disabled one or a wrong password alike.
pub async fn authenticate(
    pool: &SqlitePool,
    username: &str,
    password: &str,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, password_hash FROM users WHERE username = ? AND disabled_at IS NULL",
    )
    .bind(username.trim())
    .fetch_optional(pool)
    .await?;
    let password = password.to_owned();
    let (id, hash) = match row {
        Some((id, hash)) => (Some(id), hash),
        None => (None, dummy_hash().to_owned()),
    };
    // argon2 takes tens of milliseconds: keep it off the async workers.
    let ok = hashing(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    match (ok, id) {
        (true, Some(id)) => user_by_id(pool, id).await,
        _ => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------------
// Sessions

/// A session ends after this long without a request…
pub const SESSION_IDLE: chrono::Duration = chrono::Duration::hours(12);
/// …and in any case after this long.
pub const SESSION_MAX: chrono::Duration = chrono::Duration::days(7);
/// The session cookie's name.
pub const SESSION_COOKIE: &str = "cq_session";

/// Opens a session; returns the cookie's token.
pub async fn open_session(pool: &SqlitePool, user_id: i64) -> Result<String, sqlx::Error> {
    let token = random_token();
    let now = chrono::Utc::now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(random_token())
    .bind(db::instant_text(now))
    .bind(db::instant_text(now))
    .bind(db::instant_text(now + SESSION_MAX))
    .execute(pool)
    .await?;
    Ok(token)
}

/// The account behind a session cookie, if the session is still alive. Refreshes its idle clock at
/// most once a minute.
pub async fn session_user(
    pool: &SqlitePool,
    token: &str,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    let now = chrono::Utc::now();
    let hash = token_hash(token);
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT csrf_token, last_seen_at, expires_at, user_id FROM sessions WHERE token_hash = ?",
    )
    .bind(&hash)
    .fetch_optional(pool)
    .await?;
    let Some((csrf, last_seen, expires, user_id)) = row else {
        return Ok(None);
    };
    let parse = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&chrono::Utc))
            .ok()
    };
    let (Some(last_seen), Some(expires)) = (parse(&last_seen), parse(&expires)) else {
        return Ok(None);
    };
    if now >= expires || now - last_seen >= SESSION_IDLE {
        close_session(pool, token).await?;
        return Ok(None);
    }
    if now - last_seen >= chrono::Duration::minutes(1) {
        // A write like any other: it waits its turn in the writers' queue (a bare UPDATE would
        // fight the queued writers for SQLite's lock in its busy handler).
        let mut tx = db::begin_write(pool).await?;
        sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
            .bind(db::instant_text(now))
            .bind(&hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    let Some(mut user) = user_by_id(pool, user_id).await? else {
        return Ok(None);
    };
    user.csrf = Some(csrf);
    Ok(Some(user))
}

/// Ends one session (logout).
pub async fn close_session(pool: &SqlitePool, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token_hash(token))
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every session of an account, except possibly one (the one changing its own password).
pub async fn close_sessions_of(
    conn: &mut sqlx::SqliteConnection,
    user_id: i64,
    keep_token: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?")
        .bind(user_id)
        .bind(keep_token.map(token_hash))
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes expired sessions (run now and then).
pub async fn purge_sessions(pool: &SqlitePool) -> Result<u64, sqlx::Error> {
    let now = chrono::Utc::now();
    let r = sqlx::query("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?")
        .bind(db::instant_text(now))
        .bind(db::instant_text(now - SESSION_IDLE))
        .execute(pool)
        .await?;
    Ok(r.rows_affected())
}

/// The account behind an API token, if the token is valid. Records its last use.
pub async fn token_user(
    pool: &SqlitePool,
    token: &str,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    if !token.starts_with(API_TOKEN_PREFIX) || token.len() > 200 {
        return Ok(None);
    }
    let row: Option<(i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, user_id, last_used_at FROM api_tokens
         WHERE token_hash = ? AND revoked_at IS NULL",
    )
    .bind(token_hash(token))
    .fetch_optional(pool)
    .await?;
    let Some((token_id, user_id, last_used)) = row else {
        return Ok(None);
    };
    // The last use is kept to the minute, like a session's: writing it on every call put a
    // durable commit, outside the writers' queue, in front of every API request (the 8-client
    // tail of BENCHMARKS.md).
    let now = chrono::Utc::now();
    let stale = last_used
        .as_deref()
        .and_then(crate::time::parse_instant)
        .is_none_or(|at| now - at >= chrono::Duration::minutes(1));
    if stale {
        let mut tx = db::begin_write(pool).await?;
        sqlx::query("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
            .bind(db::instant_text(now))
            .bind(token_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    user_by_id(pool, user_id).await
}

// ---------------------------------------------------------------------------------------------
// Throttling

/// Failed logins allowed in [`THROTTLE_WINDOW`] for one account name from one address (or for one
/// name when the address is unknown).
pub const MAX_FAILURES_PER_NAME: usize = 5;
/// Failed logins allowed per client address in [`THROTTLE_WINDOW`], whatever the names.
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
/// Failed logins allowed per account name from all addresses together: high enough that one
/// attacker cannot lock the desk out of its account, low enough to stop a distributed guess.
pub const MAX_FAILURES_PER_NAME_ANYWHERE: usize = 50;
pub const THROTTLE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Counts recent login attempts per account name, per client address and per both. In memory: a
/// restart forgets, which is acceptable for a building's own server (an attacker cannot restart it).
///
/// An attempt is counted *before* its password is checked ([`LoginThrottle::begin`]) and given back
/// when it succeeds, so that parallel attempts cannot all slip through before the first failure is
/// recorded.
#[derive(Debug, Clone, Default)]
pub struct LoginThrottle(Arc<Mutex<HashMap<String, Vec<Instant>>>>);

impl LoginThrottle {
    fn keys(username: &str, address: Option<std::net::IpAddr>) -> Vec<(String, usize)> {
        let name = username.trim().to_lowercase();
        match address {
            Some(ip) => vec![
                (format!("pair:{name}|{ip}"), MAX_FAILURES_PER_NAME),
                (format!("addr:{ip}"), MAX_FAILURES_PER_ADDRESS),
                (format!("name:{name}"), MAX_FAILURES_PER_NAME_ANYWHERE),
            ],
            None => vec![(format!("name:{name}"), MAX_FAILURES_PER_NAME)],
        }
    }

    /// Reserves an attempt; `false` when too many failed recently (the password is then not even
    /// checked).
    pub fn begin(&self, username: &str, address: Option<std::net::IpAddr>) -> bool {
        let now = Instant::now();
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, list| {
                list.iter()
                    .any(|t| now.duration_since(*t) < THROTTLE_WINDOW)
            });
        }
        let keys = Self::keys(username, address);
        let open = keys.iter().all(|(key, max)| {
            let list = map.entry(key.clone()).or_default();
            list.retain(|t| now.duration_since(*t) < THROTTLE_WINDOW);
            list.len() < *max
        });
        if open {
            for (key, _) in keys {
                map.entry(key).or_default().push(now);
            }
        }
        open
    }

    /// The attempt succeeded: it does not count, and this name's failures from this address are
    /// forgiven.
    pub fn succeeded(&self, username: &str, address: Option<std::net::IpAddr>) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        for (i, (key, _)) in Self::keys(username, address).into_iter().enumerate() {
            if i == 0 {
                map.remove(&key);
            } else if let Some(list) = map.get_mut(&key) {
                list.pop();
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_and_malformed_hashes_never_match() {
        let h = hash_password("un mot de passe long").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("un mot de passe long", &h));
        assert!(!verify_password("un mot de passe lonG", &h));
        assert!(!verify_password("x", "not a hash"));
        assert!(!verify_password("", dummy_hash()));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn usernames_and_password_rules() {
        assert!(username_ok("accueil"));
        assert!(username_ok("marie.lefevre-2"));
        assert!(!username_ok("Accueil"));
        assert!(!username_ok("a"));
        assert!(!username_ok("-x"));
        assert!(!username_ok("é-x"));
        assert_eq!(password_problem("court", "x"), Some("error-password-short"));
        assert_eq!(
            password_problem("accueil123", "ACCUEIL123"),
            Some("error-password-is-username")
        );
        assert_eq!(password_problem("correct horse battery", "x"), None);
    }

    #[test]
    fn throttle_counts_attempts_before_checking_and_forgives_on_success() {
        let t = LoginThrottle::default();
        let ip = Some("192.0.2.7".parse().unwrap());
        let other_ip = Some("192.0.2.8".parse().unwrap());
        for _ in 0..MAX_FAILURES_PER_NAME {
            assert!(t.begin("Accueil", ip));
        }
        assert!(!t.begin("ACCUEIL", ip));
        // Another name, or the same name from another desk, is not blocked by these.
        assert!(t.begin("autre", ip));
        t.succeeded("autre", ip);
        assert!(t.begin("accueil", other_ip));
        t.succeeded("accueil", other_ip);
        // A success forgives this name's failures from this address.
        t.succeeded("accueil", ip);
        assert!(t.begin("accueil", ip));
        // One address guessing many names is stopped too.
        let t = LoginThrottle::default();
        for n in 0..MAX_FAILURES_PER_ADDRESS {
            assert!(t.begin(&format!("nom{n}"), ip));
        }
        assert!(!t.begin("encore-un", ip));
        // And one name guessed from everywhere.
        let t = LoginThrottle::default();
        for n in 0..MAX_FAILURES_PER_NAME_ANYWHERE {
            let addr = std::net::IpAddr::from([10, 0, (n / 256) as u8, (n % 256) as u8]);
            assert!(t.begin("admin", Some(addr)));
        }
        assert!(!t.begin("admin", Some("10.9.9.9".parse().unwrap())));
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn at_most_two_passwords_are_hashed_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NOW: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                tokio::spawn(hashing(|| {
                    let n = NOW.fetch_add(1, Ordering::SeqCst) + 1;
                    MOST.fetch_max(n, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(40));
                    NOW.fetch_sub(1, Ordering::SeqCst);
                }))
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        assert_eq!(MOST.load(Ordering::SeqCst), HASHERS);
    }
}
