//! Accounts, as people use them: logging in and out, the language, one's own account and
//! password; the admin's accounts list, API tokens and the audit log. The rules (roles, sessions,
//! password hashing, tokens) are the foundation [`crate::auth`], which every domain uses.

pub mod access_pages;
pub mod api;
pub mod logins;
pub mod pages;

use crate::auth::{self, Role};
use crate::people;
use crate::refusal::{FieldError, Refusal};
use crate::web::Routes;
use crate::web::domain::{Domain, Fut, Job};
use utoipa::OpenApi;

/// The accounts' entry in the list of domains.
pub static DOMAIN: Domain = Domain {
    openapi: Some(api::AccountsApiDoc::openapi),
    jobs: &[Job {
        name: "accounts-purge-sessions",
        every_seconds: 3600,
        run: purge_sessions,
    }],
    person_box: Some(access_pages::person_box),
    ..Domain::new("accounts", routes)
};

fn routes(r: &mut Routes) {
    pages::declare(r);
    api::declare(r);
    access_pages::declare(r);
}

/// Every hour: forget the expired sessions.
fn purge_sessions(state: &crate::web::AppState) -> Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        crate::auth::purge_sessions(&state.pool).await?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Rules

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

/// The longest shown name of an account, in characters.
pub const DISPLAY_NAME_MAX: usize = 120;

/// Creates an account for the admin pages and the API: validated, audited, with a temporary
/// password the person must change at first login.
pub async fn create_account(
    pool: &sqlx::SqlitePool,
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
    if display_name.is_empty() || display_name.chars().count() > DISPLAY_NAME_MAX {
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
    let mut tx = crate::db::begin_write(pool).await?;
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
