//! A person's access to « Mon compte », as the desk manages it: the login made from the person's
//! page (its name proposed from theirs, no person number to type), and the temporary password the
//! desk gives a resident or an association's representative who forgot theirs — at 3 a.m. the
//! desk is there and an admin is not.
//!
//! Who may do what, and why:
//! - the desk (reception) and admins create **resident** and **association** logins: the desk
//!   enrols people at the counter, face to face, and these logins open only the person's own
//!   data (their SEL, their bookings, their associations). Staff logins (reception, admin) open
//!   everyone's records: only an admin makes them, in Administration › Comptes;
//! - the desk gives a temporary password to a resident or association login, never to a staff
//!   login (refused, with who to ask); an admin may to any login.
//!
//! A temporary password is generated ([`super::temporary_password`]), shown once, stored hashed
//! (argon2id, like every password), valid [`TEMPORARY_VALID_HOURS`] hours, and must be replaced
//! at the next login; the account's open sessions end. The audit log says who gave it, to which
//! login and until when — never the password.

use crate::auth::{self, Role};
use crate::people;
use crate::refusal::{FieldError, Refusal};

/// How long a temporary password opens the account.
pub const TEMPORARY_VALID_HOURS: i64 = 72;

/// The longest proposed user name before a « -2 » is added (the rule allows 64).
const PROPOSAL_MAX: usize = 48;

/// One login of a person, as their page shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Login {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub person_id: Option<i64>,
    pub disabled_at: Option<String>,
    pub must_change_password: bool,
    pub last_login_at: Option<String>,
    /// When its temporary password stops working, if it still has one.
    pub temporary_until: Option<String>,
}

impl Login {
    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.role)
    }

    /// Whether its temporary password (if it has one) is past its time.
    pub fn temporary_expired(&self) -> bool {
        self.must_change_password
            && self
                .temporary_until
                .as_deref()
                .is_some_and(|until| until <= crate::db::now_text().as_str())
    }
}

macro_rules! login_select {
    () => {
        "SELECT u.id, u.username, u.display_name, u.role, u.person_id, u.disabled_at,
                u.must_change_password, u.last_login_at,
                CASE WHEN u.must_change_password = 1 THEN t.expires_at END AS temporary_until
         FROM users u
         LEFT JOIN temporary_passwords t ON t.user_id = u.id AND t.password_hash = u.password_hash"
    };
}

/// The logins attached to a person, oldest first.
pub async fn of_person(pool: &sqlx::SqlitePool, person_id: i64) -> Result<Vec<Login>, sqlx::Error> {
    sqlx::query_as(concat!(
        login_select!(),
        " WHERE u.person_id = ? ORDER BY u.id"
    ))
    .bind(person_id)
    .fetch_all(pool)
    .await
}

/// One login, by its id.
pub async fn login(pool: &sqlx::SqlitePool, id: i64) -> Result<Option<Login>, sqlx::Error> {
    sqlx::query_as(concat!(login_select!(), " WHERE u.id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Whether the person represents at least one association (an association login is then
/// possible).
pub async fn represents_an_association(
    pool: &sqlx::SqlitePool,
    person_id: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM association_members WHERE person_id = ? AND representative = 1)",
    )
    .bind(person_id)
    .fetch_one(pool)
    .await
}

/// A user name made of a name: « Hélène Garnier » → `helene.garnier`, letters folded to ASCII,
/// anything else a dash; `None` when nothing usable is left (a name in another script).
pub fn username_from(first_name: &str, last_name: &str) -> Option<String> {
    let part = |s: &str| {
        let mut out = String::new();
        for c in crate::text::fold(s).chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        out.trim_end_matches('-').to_owned()
    };
    let name = [part(first_name), part(last_name)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(".");
    let name: String = name.chars().take(PROPOSAL_MAX).collect();
    let name = name.trim_end_matches(['-', '.']).to_owned();
    auth::username_ok(&name).then_some(name)
}

/// The user name proposed for a person: from their name, with « -2 », « -3 »… when taken;
/// `personne-N` when their name gives nothing usable.
pub async fn propose_username(
    pool: &sqlx::SqlitePool,
    person: &people::Person,
) -> Result<String, sqlx::Error> {
    let base = username_from(&person.first_name, &person.last_name)
        .unwrap_or_else(|| format!("personne-{}", person.id));
    for n in 1..100 {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let taken: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE username = ?)")
                .bind(&candidate)
                .fetch_one(pool)
                .await?;
        if !taken {
            return Ok(candidate);
        }
    }
    Ok(format!("{base}-{}", &auth::random_token()[..6]))
}

/// A login just made, or a temporary password just given: shown once.
#[derive(Debug, Clone)]
pub struct Issued {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub person_id: Option<i64>,
    pub password: String,
    /// When the temporary password stops working (a stored instant).
    pub until: String,
}

fn field(field: &'static str, key: &'static str) -> Refusal {
    Refusal::Invalid(vec![FieldError { field, key }])
}

/// The instant a temporary password given now stops working, and now.
fn validity() -> (String, String) {
    let now = chrono::Utc::now();
    (
        crate::db::instant_text(now),
        crate::db::instant_text(now + chrono::Duration::hours(TEMPORARY_VALID_HOURS)),
    )
}

/// Keeps the deadline of the temporary password just stored as `hash`.
async fn keep_deadline(
    tx: &mut sqlx::SqliteConnection,
    user_id: i64,
    hash: &str,
    issued_at: &str,
    until: &str,
    issued_by: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO temporary_passwords (user_id, password_hash, issued_at, expires_at, issued_by)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (user_id) DO UPDATE SET password_hash = ?2, issued_at = ?3, expires_at = ?4,
                                              issued_by = ?5",
    )
    .bind(user_id)
    .bind(hash)
    .bind(issued_at)
    .bind(until)
    .bind(issued_by)
    .execute(tx)
    .await?;
    Ok(())
}

/// Creates a person's login from their page: a resident login, or an association login for an
/// association's representative, with a temporary password to change at the first login. The
/// fields refused are `acces-identifiant` and `acces-role`.
pub async fn create_for_person(
    pool: &sqlx::SqlitePool,
    actor: &crate::audit::Actor,
    person_id: i64,
    username: &str,
    role: &str,
) -> Result<Issued, Refusal> {
    let person = people::get(pool, person_id).await?;
    if person.erased_at.is_some() {
        return Err(field("acces-identifiant", "error-person-erased"));
    }
    let username = username.trim().to_lowercase();
    let mut errors = vec![];
    if username.is_empty() {
        errors.push(FieldError {
            field: "acces-identifiant",
            key: "access-error-username-empty",
        });
    } else if !auth::username_ok(&username) {
        errors.push(FieldError {
            field: "acces-identifiant",
            key: "error-username",
        });
    }
    let role = match Role::parse(role.trim()) {
        Some(r @ (Role::Resident | Role::Association)) => Some(r),
        Some(Role::Admin | Role::Reception) => {
            errors.push(FieldError {
                field: "acces-role",
                key: "access-error-staff-role",
            });
            None
        }
        None => {
            errors.push(FieldError {
                field: "acces-role",
                key: "access-error-role",
            });
            None
        }
    };
    if role == Some(Role::Association) && !represents_an_association(pool, person_id).await? {
        errors.push(FieldError {
            field: "acces-role",
            key: "access-error-not-representative",
        });
    }
    let (Some(role), true) = (role, errors.is_empty()) else {
        return Err(Refusal::Invalid(errors));
    };
    let display_name: String = person.full_name().chars().take(120).collect();
    let password = super::temporary_password();
    let hash = auth::hash_password_off_thread(password.clone())
        .await
        .map_err(|e| Refusal::Db(sqlx::Error::Protocol(e.to_string())))?;
    let (now, until) = validity();
    let mut tx = crate::db::begin_write(pool).await?;
    // Read again inside the transaction: two desks at once make one login, not two.
    let existing: Option<String> =
        sqlx::query_scalar("SELECT username FROM users WHERE person_id = ? ORDER BY id LIMIT 1")
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(name) = existing {
        return Err(Refusal::Conflict {
            key: "access-error-has-login",
            arg: name,
        });
    }
    let taken: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE username = ?)")
        .bind(&username)
        .fetch_one(&mut *tx)
        .await?;
    if taken {
        return Err(field("acces-identifiant", "error-username-taken"));
    }
    match people::get(&mut *tx, person_id).await {
        Ok(p) if p.erased_at.is_none() => {}
        Ok(_) => return Err(field("acces-identifiant", "error-person-erased")),
        Err(e) => return Err(e),
    }
    let new = auth::NewUser {
        username: username.clone(),
        display_name: display_name.clone(),
        role,
        password: String::new(),
        person_id: Some(person_id),
        must_change_password: true,
    };
    let id = auth::insert_user(&mut tx, &new, &hash).await?;
    // The pages in the person's language.
    sqlx::query("UPDATE users SET language = ? WHERE id = ?")
        .bind(if person.language == "en" { "en" } else { "fr" })
        .bind(id)
        .execute(&mut *tx)
        .await?;
    keep_deadline(&mut tx, id, &hash, &now, &until, actor.id).await?;
    crate::audit::record(
        &mut tx,
        actor,
        "user.create",
        "user",
        id,
        None,
        Some(&serde_json::json!({
            "username": username,
            "display_name": display_name,
            "role": role.as_str(),
            "person_id": person_id,
            "valid_until": until,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(Issued {
        user_id: id,
        username,
        display_name,
        role,
        person_id: Some(person_id),
        password,
        until,
    })
}

/// Why `actor` may not give a temporary password to `login`, as a message key; `None` when they
/// may.
pub fn temporary_refused(actor: Role, login: &Login) -> Option<&'static str> {
    if login.username.starts_with("efface-") {
        return Some("error-person-erased");
    }
    if login.disabled_at.is_some() {
        return Some("access-error-disabled");
    }
    match (actor, login.role()) {
        (Role::Admin, _) => None,
        (Role::Reception, Some(Role::Resident | Role::Association)) => None,
        _ => Some("access-error-staff-login"),
    }
}

/// Gives a login a temporary password: the old one stops working, the open sessions end, the
/// new one must be replaced at the next login and works [`TEMPORARY_VALID_HOURS`] hours. The
/// refusal's field is `confirme`.
pub async fn give_temporary_password(
    pool: &sqlx::SqlitePool,
    actor: &auth::CurrentUser,
    user_id: i64,
) -> Result<Issued, Refusal> {
    let Some(before) = login(pool, user_id).await? else {
        return Err(Refusal::NotFound);
    };
    if let Some(key) = temporary_refused(actor.role, &before) {
        return Err(field("confirme", key));
    }
    let password = super::temporary_password();
    let hash = auth::hash_password_off_thread(password.clone())
        .await
        .map_err(|e| Refusal::Db(sqlx::Error::Protocol(e.to_string())))?;
    let (now, until) = validity();
    let mut tx = crate::db::begin_write(pool).await?;
    // The account as it is now, inside the transaction: its role or state may have changed since
    // the page was shown.
    let row: Option<(String, Option<String>, String)> =
        sqlx::query_as("SELECT role, disabled_at, username FROM users WHERE id = ?")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((role, disabled_at, username)) = row else {
        return Err(Refusal::NotFound);
    };
    let now_login = Login {
        role: role.clone(),
        disabled_at,
        username: username.clone(),
        ..before.clone()
    };
    if let Some(key) = temporary_refused(actor.role, &now_login) {
        return Err(field("confirme", key));
    }
    sqlx::query("UPDATE users SET password_hash = ?, must_change_password = 1 WHERE id = ?")
        .bind(&hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    keep_deadline(&mut tx, user_id, &hash, &now, &until, Some(actor.id)).await?;
    auth::close_sessions_of(&mut tx, user_id, None).await?;
    crate::audit::record(
        &mut tx,
        &actor.actor(),
        "user.temporary_password",
        "user",
        user_id,
        None,
        Some(&serde_json::json!({
            "username": username,
            "role": role,
            "person_id": before.person_id,
            "valid_until": until,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(Issued {
        user_id,
        username,
        display_name: before.display_name,
        role: Role::parse(&role).unwrap_or(Role::Resident),
        person_id: before.person_id,
        password,
        until,
    })
}

/// The instant an account's temporary password stopped working, when it did (and is still the
/// account's password, not yet replaced).
pub async fn temporary_expired_at(
    pool: &sqlx::SqlitePool,
    user_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT t.expires_at FROM users u
         JOIN temporary_passwords t ON t.user_id = u.id AND t.password_hash = u.password_hash
         WHERE u.id = ? AND u.must_change_password = 1 AND t.expires_at <= ?",
    )
    .bind(user_id)
    .bind(crate::db::now_text())
    .fetch_optional(pool)
    .await
}

/// After a password matched at the login form: refuses a temporary password past its time
/// (`Some(when it expired)`), else notes the login's time (shown on the person's page).
pub async fn admit(pool: &sqlx::SqlitePool, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    if let Some(expired) = temporary_expired_at(pool, user_id).await? {
        return Ok(Some(expired));
    }
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query("UPDATE users SET last_login_at = ? WHERE id = ?")
        .bind(crate::db::now_text())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(None)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn user_names_come_from_the_name_folded_to_ascii() {
        assert_eq!(
            username_from("Hélène", "Garnier").as_deref(),
            Some("helene.garnier")
        );
        assert_eq!(
            username_from("Jean-Pierre", "Le Bœuf").as_deref(),
            Some("jean-pierre.le-boeuf")
        );
        assert_eq!(
            username_from("Aïcha", "N'Diaye").as_deref(),
            Some("aicha.n-diaye")
        );
        assert_eq!(username_from("", "Perrin").as_deref(), Some("perrin"));
        assert_eq!(username_from("مريم", "الحسيني"), None);
        assert_eq!(username_from("", ""), None);
        let long = username_from(&"a".repeat(80), "b").unwrap();
        assert!(long.len() <= PROPOSAL_MAX && auth::username_ok(&long));
    }

    fn a_login(role: &str) -> Login {
        Login {
            id: 1,
            username: "marie".into(),
            display_name: "Marie".into(),
            role: role.into(),
            person_id: Some(1),
            disabled_at: None,
            must_change_password: false,
            last_login_at: None,
            temporary_until: None,
        }
    }

    #[test]
    fn the_desk_gives_temporary_passwords_to_members_only() {
        for role in ["resident", "association"] {
            assert_eq!(temporary_refused(Role::Reception, &a_login(role)), None);
        }
        for role in ["admin", "reception"] {
            assert_eq!(
                temporary_refused(Role::Reception, &a_login(role)),
                Some("access-error-staff-login")
            );
            assert_eq!(temporary_refused(Role::Admin, &a_login(role)), None);
        }
        let disabled = Login {
            disabled_at: Some("2026-01-01T00:00:00.000Z".into()),
            ..a_login("resident")
        };
        assert_eq!(
            temporary_refused(Role::Admin, &disabled),
            Some("access-error-disabled")
        );
    }
}
