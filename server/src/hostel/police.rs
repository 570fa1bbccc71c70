//! *Fiches individuelles de police* (Code de l'entrée et du séjour des étrangers, art. R814-1;
//! arrêté du 1er octobre 2015): at check-in, each guest not of French nationality fills in a form
//! — names, date and place of birth, nationality, usual address, phone, e-mail, arrival and
//! expected departure — and signs it; children under 15 go on an accompanying adult's form. The
//! desk types it and ticks that the paper was signed; **no scan or photo of an identity document
//! is ever stored** (there is no upload path here). The forms are printable one by one and as a
//! list for a range of dates (what the police or the gendarmerie may ask for), and purged six
//! months after the departure by a job; `citeosquare check` proves none older remains.

use super::date;
use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{Fields, Refusal};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

/// How long a form is kept after the departure.
pub const KEEP_MONTHS: u32 = 6;
/// The lengths of a form's fields (characters, once trimmed): names and birth place, the
/// nationality, the address; the most children.
pub const NAME: (usize, usize) = (1, 120);
pub const NATIONALITY: (usize, usize) = (2, 60);
pub const ADDRESS: (usize, usize) = (5, 300);
pub const CHILDREN_MAX: i64 = 20;

/// A police form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PoliceForm {
    pub id: i64,
    pub stay_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: String,
    pub birth_place: String,
    pub nationality: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// Children under 15 travelling with this guest.
    pub children: i64,
    pub arrival: String,
    pub departure: String,
    pub recorded_by_name: String,
    pub recorded_at: String,
    /// The day it is purged.
    pub purge_on: String,
}

macro_rules! form_select {
    () => {
        "SELECT id, stay_id, last_name, first_name, birth_date, birth_place, nationality, address,
                phone, email, children, arrival, departure, recorded_by_name, recorded_at, purge_on
         FROM hostel_police_forms"
    };
}

/// A form as typed at the desk.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct PoliceInput {
    pub last_name: String,
    pub first_name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub birth_place: String,
    /// Not French: French guests fill in no form.
    pub nationality: String,
    /// The usual address (street, town, country).
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// Children under 15 travelling with this guest.
    #[serde(default)]
    pub children: i64,
    /// The guest signed the paper form (ticked by the desk).
    #[serde(default)]
    pub signed_on_paper: bool,
}

/// Whether a nationality as typed is French (no form then).
pub fn is_french(nationality: &str) -> bool {
    let n: String = nationality
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'ç' => 'c',
            'é' | 'è' | 'ê' => 'e',
            _ => c,
        })
        .collect();
    matches!(
        n.as_str(),
        "fr" | "fra" | "france" | "francaise" | "francais" | "french"
    )
}

fn text(errors: &mut Fields, field: &'static str, v: &str, min: usize, max: usize) {
    let n = v.trim().chars().count();
    if n < min || n > max {
        errors.refuse(field, "error-hostel-police-field");
    }
}

/// Records a guest's form for a stay (confirmed or under way). Every field is required but the
/// phone and e-mail; a French guest is refused (no form is due).
pub async fn add(
    pool: &SqlitePool,
    actor: &Actor,
    stay_id: i64,
    input: &PoliceInput,
    today: NaiveDate,
) -> Result<PoliceForm, Refusal> {
    let mut errors = Fields::default();
    text(&mut errors, "last_name", &input.last_name, NAME.0, NAME.1);
    text(&mut errors, "first_name", &input.first_name, NAME.0, NAME.1);
    match date(&input.birth_date) {
        Some(b) if b < today && today.years_since(b).is_some_and(|y| y <= 130) => {}
        _ => errors.refuse("birth_date", "error-hostel-police-birth"),
    }
    text(
        &mut errors,
        "birth_place",
        &input.birth_place,
        NAME.0,
        NAME.1,
    );
    if is_french(&input.nationality) {
        errors.refuse("nationality", "error-hostel-police-french");
    } else {
        text(
            &mut errors,
            "nationality",
            &input.nationality,
            NATIONALITY.0,
            NATIONALITY.1,
        );
    }
    text(&mut errors, "address", &input.address, ADDRESS.0, ADDRESS.1);
    if input.phone.trim().chars().count() > super::PHONE_MAX {
        errors.refuse("phone", "error-hostel-phone");
    }
    let email = input.email.trim();
    if email.chars().count() > super::EMAIL_MAX || (!email.is_empty() && !email.contains('@')) {
        errors.refuse("email", "error-hostel-email");
    }
    if !(0..=CHILDREN_MAX).contains(&input.children) {
        errors.refuse("children", "error-hostel-police-children");
    }
    if !input.signed_on_paper {
        errors.refuse("signed_on_paper", "error-hostel-police-signature");
    }
    errors.done()?;
    let mut tx = db::begin_write(pool).await?;
    let stay = super::stays::stay(&mut *tx, stay_id).await?;
    if !matches!(stay.status.as_str(), "confirmed" | "checked_in") {
        return Err(Refusal::conflict("error-hostel-police-stay"));
    }
    let purge_on = stay
        .departure()
        .checked_add_months(Months::new(KEEP_MONTHS))
        .unwrap_or(stay.departure());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO hostel_police_forms (stay_id, last_name, first_name, birth_date, birth_place,
             nationality, address, phone, email, children, arrival, departure, signed_on_paper,
             recorded_by_name, recorded_at, purge_on)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
    )
    .bind(stay_id)
    .bind(input.last_name.trim())
    .bind(input.first_name.trim())
    .bind(input.birth_date.trim())
    .bind(input.birth_place.trim())
    .bind(input.nationality.trim())
    .bind(input.address.trim())
    .bind(input.phone.trim())
    .bind(email)
    .bind(input.children)
    .bind(&stay.arrival)
    .bind(&stay.departure)
    .bind(&actor.name)
    .bind(db::now_text())
    .bind(purge_on.to_string())
    .fetch_one(&mut *tx)
    .await?;
    // The log says a form was made, not what it holds.
    audit::record(
        &mut tx,
        actor,
        "hostel.police_form.add",
        "hostel_stay",
        stay_id,
        None,
        Some(&json!({"form": id})),
    )
    .await?;
    let f = form(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(f)
}

pub async fn form(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<PoliceForm, Refusal> {
    sqlx::query_as(concat!(form_select!(), " WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(Refusal::NotFound)
}

/// A stay's forms.
pub async fn of_stay(
    conn: impl sqlx::SqliteExecutor<'_>,
    stay_id: i64,
) -> Result<Vec<PoliceForm>, sqlx::Error> {
    sqlx::query_as(concat!(
        form_select!(),
        " WHERE stay_id = ? ORDER BY last_name, first_name"
    ))
    .bind(stay_id)
    .fetch_all(conn)
    .await
}

/// The forms of the guests who arrived from `first` to `last` (included), by arrival.
pub async fn between(
    conn: impl sqlx::SqliteExecutor<'_>,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<PoliceForm>, sqlx::Error> {
    sqlx::query_as(concat!(
        form_select!(),
        " WHERE arrival BETWEEN ? AND ? ORDER BY arrival, last_name, first_name"
    ))
    .bind(first.to_string())
    .bind(last.to_string())
    .fetch_all(conn)
    .await
}

/// Deletes the forms whose six months are over; how many.
pub async fn purge(pool: &SqlitePool, today: NaiveDate) -> Result<u64, sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    let n = sqlx::query("DELETE FROM hostel_police_forms WHERE purge_on <= ?")
        .bind(today.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n > 0 {
        audit::record(
            &mut tx,
            &Actor {
                id: None,
                name: "purge des fiches de police".into(),
            },
            "hostel.police_form.purge",
            "hostel_police_form",
            "",
            None,
            Some(&json!({"deleted": n})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(n)
}

/// The purge as a periodic job (hourly: a form never outlives its day by more than an hour).
pub fn purge_job(state: &crate::web::AppState) -> crate::web::domain::Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        let today = chrono::Utc::now()
            .with_timezone(&state.config.time_zone)
            .date_naive();
        let n = purge(&state.pool, today).await?;
        if n > 0 {
            tracing::info!(deleted = n, "police forms purged after six months");
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::is_french;

    #[test]
    fn french_guests_are_recognised_however_typed() {
        for f in [
            "France",
            "française",
            "Francaise",
            " FR ",
            "français",
            "French",
        ] {
            assert!(is_french(f), "{f}");
        }
        for f in ["Norvège", "Belge", "Franconie", "Suisse", "DE"] {
            assert!(!is_french(f), "{f}");
        }
    }
}
