//! People, their badges and associations: the rules, shared by the pages and the API. Every change
//! is written with its audit entry in one transaction; a refused change writes nothing.

pub mod api;
pub mod desk_taps;
pub mod pages;

use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{FieldError, Refusal};
use crate::web::domain::Domains;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

/// What kind of person: shown at the desk, used by later rules (seniors first for vehicles).
/// The longest first or last name, in characters.
pub const NAME_MAX: usize = 100;
/// The longest accessibility note.
pub const ACCESSIBILITY_MAX: usize = 500;
/// The languages a person may be spoken to in.
pub const LANGUAGES: [&str; 2] = ["fr", "en"];
/// A phone number as the rules take it (empty, or 6 to 15 digits among spaces, `+.-()`), and
/// its longest form in bytes (all ASCII).
pub const PHONE_PATTERN: &str = r"^$|^[ +.()-]*([0-9][ +.()-]*){6,15}$";
pub const PHONE_MAX: usize = 30;
/// An e-mail address as the documents promise it (empty, or `name@domain.tld` in ASCII): the
/// rules take more (any `a@b.c` without spaces, at most [`EMAIL_MAX`] bytes).
pub const EMAIL_PATTERN: &str = r"^$|^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$";
pub const EMAIL_MAX: usize = 200;
/// The longest association name, and description.
pub const ASSOCIATION_NAME_MAX: usize = 120;
pub const ASSOCIATION_DESCRIPTION_MAX: usize = 2000;
/// A card id as typed (`04:A3:1F:9B` or `04A31F9B`): letters and digits, one separator (space,
/// `:` or `-`) between them at most, 1–64 of them once the separators are gone.
pub const CARD_PATTERN: &str = "^[0-9A-Za-z]([ :-]?[0-9A-Za-z]){0,63}$";
pub const CARD_MAX: usize = 127;

pub const PERSON_KINDS: [&str; 5] = ["resident", "neighbour", "guest", "staff", "member"];

/// A person's fields as typed in a form or sent to the API.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct PersonInput {
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    /// resident, neighbour, guest, staff or member.
    #[serde(default = "default_kind")]
    pub kind: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// fr or en.
    #[serde(default = "default_language")]
    pub language: String,
    /// Accessibility notes for the desk (e.g. "malentendante : parler face à elle").
    #[serde(default)]
    pub accessibility: String,
}

fn default_kind() -> String {
    "neighbour".into()
}
fn default_language() -> String {
    "fr".into()
}

/// A validated person.
#[derive(Debug, Clone, Serialize)]
struct ValidPerson {
    first_name: String,
    last_name: String,
    kind: String,
    phone: Option<String>,
    phone_digits: Option<String>,
    email: Option<String>,
    language: String,
    accessibility: Option<String>,
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn validate_person(input: &PersonInput) -> Result<ValidPerson, Refusal> {
    let mut errors = vec![];
    let first = input.first_name.trim();
    let last = input.last_name.trim();
    if first.is_empty() {
        errors.push(FieldError {
            field: "first_name",
            key: "error-required",
        });
    } else if first.chars().count() > NAME_MAX {
        errors.push(FieldError {
            field: "first_name",
            key: crate::refusal::too_long(NAME_MAX),
        });
    }
    if last.chars().count() > NAME_MAX {
        errors.push(FieldError {
            field: "last_name",
            key: crate::refusal::too_long(NAME_MAX),
        });
    }
    if !PERSON_KINDS.contains(&input.kind.as_str()) {
        errors.push(FieldError {
            field: "kind",
            key: "error-choice",
        });
    }
    let phone = opt(&input.phone);
    let phone_digits = phone.as_deref().map(phone_key);
    if let Some(p) = &phone {
        let allowed = p
            .chars()
            .all(|c| c.is_ascii_digit() || " +.-()".contains(c));
        let digits = phone_digits.as_deref().map_or(0, str::len);
        if !allowed || !(6..=15).contains(&digits) || p.len() > PHONE_MAX {
            errors.push(FieldError {
                field: "phone",
                key: "error-phone",
            });
        }
    }
    let email = opt(&input.email);
    if let Some(e) = &email {
        let ok = e.len() <= EMAIL_MAX
            && e.split_once('@')
                .is_some_and(|(a, d)| !a.is_empty() && d.contains('.') && !d.starts_with('.'))
            && !e.chars().any(char::is_whitespace);
        if !ok {
            errors.push(FieldError {
                field: "email",
                key: "error-email",
            });
        }
    }
    if !LANGUAGES.contains(&input.language.as_str()) {
        errors.push(FieldError {
            field: "language",
            key: "error-choice",
        });
    }
    let accessibility = opt(&input.accessibility);
    if accessibility
        .as_deref()
        .is_some_and(|a| a.chars().count() > ACCESSIBILITY_MAX)
    {
        errors.push(FieldError {
            field: "accessibility",
            key: crate::refusal::too_long(ACCESSIBILITY_MAX),
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    Ok(ValidPerson {
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        kind: input.kind.clone(),
        phone,
        phone_digits,
        email,
        language: input.language.clone(),
        accessibility,
    })
}

/// A person as the desk sees them.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Person {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub kind: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub language: String,
    pub accessibility: Option<String>,
    pub created_at: String,
    /// Set when the person was erased on request: the names are then a pseudonym.
    pub erased_at: Option<String>,
}

impl Person {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }

    fn snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

macro_rules! person_columns {
    () => {
        "id, first_name, last_name, kind, phone, email, language, accessibility, created_at, erased_at"
    };
}

pub async fn get(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Person, Refusal> {
    sqlx::query_as(concat!(
        "SELECT ",
        person_columns!(),
        " FROM persons WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or(Refusal::NotFound)
}

pub async fn create(pool: &SqlitePool, actor: &Actor, input: &PersonInput) -> Result<i64, Refusal> {
    let p = validate_person(input)?;
    let mut tx = db::begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO persons (first_name, last_name, kind, phone, phone_digits, email, language,
                              accessibility, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&p.first_name)
    .bind(&p.last_name)
    .bind(&p.kind)
    .bind(&p.phone)
    .bind(&p.phone_digits)
    .bind(&p.email)
    .bind(&p.language)
    .bind(&p.accessibility)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    let after = get(&mut *tx, id).await?.snapshot();
    audit::record(
        &mut tx,
        actor,
        "person.create",
        "person",
        id,
        None,
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    input: &PersonInput,
) -> Result<(), Refusal> {
    let p = validate_person(input)?;
    let mut tx = db::begin_write(pool).await?;
    let before = get(&mut *tx, id).await?;
    if before.erased_at.is_some() {
        return Err(Refusal::conflict("error-person-erased"));
    }
    sqlx::query(
        "UPDATE persons SET first_name = ?, last_name = ?, kind = ?, phone = ?, phone_digits = ?,
                email = ?, language = ?, accessibility = ? WHERE id = ?",
    )
    .bind(&p.first_name)
    .bind(&p.last_name)
    .bind(&p.kind)
    .bind(&p.phone)
    .bind(&p.phone_digits)
    .bind(&p.email)
    .bind(&p.language)
    .bind(&p.accessibility)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let after = get(&mut *tx, id).await?.snapshot();
    audit::record(
        &mut tx,
        actor,
        "person.update",
        "person",
        id,
        Some(&before.snapshot()),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Someone already recorded whom a new record may duplicate: the same name (accents, capitals
/// and the order of the names ignored), or the same phone number in any form.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Namesake {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub kind: String,
    pub phone: Option<String>,
    pub badges: Option<String>,
    pub created_at: String,
    pub same_phone: bool,
}

/// The people a new record named `first last` with this phone may be (see [`Namesake`]);
/// empty when the input is not a valid person (its refusal says why first).
pub async fn namesakes(
    pool: &SqlitePool,
    input: &PersonInput,
) -> Result<Vec<Namesake>, sqlx::Error> {
    let Ok(p) = validate_person(input) else {
        return Ok(vec![]);
    };
    let found: Vec<Namesake> = sqlx::query_as(
        "SELECT p.id, p.first_name, p.last_name, p.kind, p.phone,
                (SELECT group_concat(b.card_id, ', ') FROM badges b
                 WHERE b.person_id = p.id AND b.revoked_at IS NULL) AS badges,
                p.created_at, (?2 IS NOT NULL AND p.phone_digits IS ?2) AS same_phone
         FROM persons p
         WHERE p.erased_at IS NULL
           AND (p.id IN (SELECT rowid FROM persons_search
                         WHERE ?1 IS NOT NULL AND persons_search MATCH ?1)
                OR (?2 IS NOT NULL AND p.phone_digits = ?2))
         ORDER BY p.id LIMIT 50",
    )
    .bind(name_query_exact(&format!(
        "{} {}",
        p.first_name, p.last_name
    )))
    .bind(&p.phone_digits)
    .fetch_all(pool)
    .await?;
    let wanted = crate::text::fold(&format!("{} {}", p.first_name, p.last_name));
    let wanted_reversed = crate::text::fold(&format!("{} {}", p.last_name, p.first_name));
    Ok(found
        .into_iter()
        .filter(|n| {
            let name = crate::text::fold(&format!("{} {}", n.first_name, n.last_name));
            n.same_phone || name == wanted || name == wanted_reversed
        })
        .collect())
}

/// A line of a search result.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PersonSummary {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub kind: String,
    pub phone: Option<String>,
    /// Active badges, comma-separated.
    pub badges: Option<String>,
}

/// The words of a typed name as a full-text query on `persons_search` (migration 0021): every
/// word must begin a word of the first or last name, accents and capitals ignored (« lef hél »
/// finds Hélène Lefèvre). `None` when nothing searchable was typed. Words are letters and
/// digits only, so nothing typed can change the query's meaning.
pub fn name_query(typed: &str) -> Option<String> {
    words_query(typed, "*")
}

/// Like [`name_query`], but every word must be a whole word of the name: for lookups of a whole
/// name (a name typed in a register, a recipient on `/moi`, a possible duplicate), which then
/// compare the full names.
pub fn name_query_exact(typed: &str) -> Option<String> {
    words_query(typed, "")
}

fn words_query(typed: &str, suffix: &str) -> Option<String> {
    // The index spells the ligatures out (migration 0021's view); so does the query.
    let spelt = typed
        .replace('œ', "oe")
        .replace('Œ', "Oe")
        .replace('æ', "ae")
        .replace('Æ', "Ae")
        .replace('ß', "ss");
    let words: Vec<String> = spelt
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| format!("\"{w}\"{suffix}"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// What a « nom ou numéro » box holds once a number's sign is dropped (« n° 12 », « N° 12 »,
/// « #12 » are « 12 »), trimmed.
pub fn without_number_sign(typed: &str) -> &str {
    let t = typed.trim();
    t.strip_prefix("n°")
        .or_else(|| t.strip_prefix("N°"))
        .or_else(|| t.strip_prefix('#'))
        .unwrap_or(t)
        .trim()
}

/// A phone number's digits in the form they are stored and searched in: French numbers in
/// their national form whatever way they were typed (`+33 6 12 34 56 78`, `0033 6…`,
/// `+33 (0)6…` and `06 12 34 56 78` are all `0612345678`); others as their digits.
pub fn phone_key(typed: &str) -> String {
    let d: String = typed.chars().filter(char::is_ascii_digit).collect();
    let national = d.strip_prefix("0033").or_else(|| d.strip_prefix("33"));
    match national {
        Some(rest) if rest.len() == 9 && !rest.starts_with('0') => format!("0{rest}"),
        Some(rest) if rest.len() == 10 && rest.starts_with('0') => rest.to_owned(),
        _ => d,
    }
}

/// The ids of the people a search matches, as a common table `hits(id)`: by name through the
/// full-text index (`?1`, from [`name_query`]), by an active card (`?2`), or by the beginning of
/// a phone number in any form (`?3`, from [`phone_key`], through its index). Each branch uses an
/// index: nothing scans every person.
macro_rules! hits {
    () => {
        "WITH hits(id) AS (
             SELECT rowid FROM persons_search WHERE ?1 IS NOT NULL AND persons_search MATCH ?1
             UNION SELECT person_id FROM badges WHERE card_id = ?2 AND revoked_at IS NULL
             UNION SELECT id FROM persons
                   WHERE ?3 IS NOT NULL AND phone_digits >= ?3 AND phone_digits < ?3 || ':')"
    };
}

/// A search result's columns.
macro_rules! summary {
    () => {
        "SELECT p.id, p.first_name, p.last_name, p.kind, p.phone,
                (SELECT group_concat(b.card_id, ', ') FROM badges b
                 WHERE b.person_id = p.id AND b.revoked_at IS NULL) AS badges
         FROM persons p"
    };
}

/// The people a typed search finds (bound as [`hits`], then the limit).
/// The page of results is chosen first (names only), then only its lines get their badges.
const SEARCH: &str = concat!(
    hits!(),
    ", page(id, last_name, first_name) AS (
         SELECT p.id, p.last_name, p.first_name
         FROM hits h JOIN persons p ON p.id = h.id
         WHERE p.erased_at IS NULL
         ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id LIMIT ?4) ",
    summary!(),
    " JOIN page ON page.id = p.id
     ORDER BY page.last_name COLLATE NOCASE, page.first_name COLLATE NOCASE, p.id"
);

/// The three values [`hits`] is bound with, from what was typed.
pub fn hits_params(typed: &str) -> (Option<String>, String, Option<String>) {
    let phone = phone_key(typed);
    let phone = (phone.len() >= 4).then_some(phone);
    (name_query(typed), normalize_card(typed), phone)
}

/// Search by name (the beginning of any word of it, accents and capitals ignored), badge (exact
/// card id, spacing ignored) or phone (its beginning, in any common form). An empty query lists
/// the most recently added people.
pub async fn search(
    pool: &SqlitePool,
    query: &str,
    limit: i64,
) -> Result<Vec<PersonSummary>, sqlx::Error> {
    let q = query.trim();
    if q.is_empty() {
        return sqlx::query_as(concat!(
            summary!(),
            " WHERE p.erased_at IS NULL ORDER BY p.id DESC LIMIT ?"
        ))
        .bind(limit)
        .fetch_all(pool)
        .await;
    }
    let (name, card, phone) = hits_params(q);
    sqlx::query_as(SEARCH)
        .bind(name)
        .bind(card)
        .bind(phone)
        .bind(limit)
        .fetch_all(pool)
        .await
}

// ---------------------------------------------------------------------------------------------
// Badges

/// A card id as typed: spaces, colons and dashes dropped, upper case (`04:a3:1f` → `04A31F`).
pub fn normalize_card(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | ':' | '-'))
        .flat_map(char::to_uppercase)
        .collect()
}

/// One badge, current or past.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Badge {
    pub id: i64,
    pub card_id: String,
    pub person_id: i64,
    pub assigned_at: String,
    pub revoked_at: Option<String>,
    /// lost, returned, broken, erased, not_returned (a guest badge the guest kept) or other.
    pub revoke_reason: Option<String>,
    /// `regular`, or `guest` (lent to a hostel guest for a stay).
    pub kind: String,
    /// The last local day the card works, when it has one (a guest badge).
    pub valid_through: Option<String>,
}

pub const REVOKE_REASONS: [&str; 4] = ["lost", "returned", "broken", "other"];

pub async fn badges_of(pool: &SqlitePool, person_id: i64) -> Result<Vec<Badge>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, card_id, person_id, assigned_at, revoked_at, revoke_reason, kind, valid_through
         FROM badges WHERE person_id = ? ORDER BY revoked_at IS NOT NULL, id DESC",
    )
    .bind(person_id)
    .fetch_all(pool)
    .await
}

/// Gives a card to a person. Refused if the card is someone's already (naming them), or if the
/// person was erased. The database's unique index backs the check against a race.
pub async fn assign_badge(
    pool: &SqlitePool,
    actor: &Actor,
    person_id: i64,
    card: &str,
) -> Result<i64, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let id = assign_badge_in(&mut tx, actor, person_id, card, None).await?;
    tx.commit().await?;
    Ok(id)
}

/// [`assign_badge`] inside the caller's writing transaction. `guest_until`: a guest badge (lent
/// for a hostel stay), which works through that local day at the latest.
pub async fn assign_badge_in(
    tx: &mut sqlx::SqliteConnection,
    actor: &Actor,
    person_id: i64,
    card: &str,
    guest_until: Option<&str>,
) -> Result<i64, Refusal> {
    let card = normalize_card(card);
    if card.is_empty() {
        return Err(Refusal::field("card_id", "error-required"));
    }
    if !citeosquare_protocol::is_badge(&card) {
        return Err(Refusal::field("card_id", "error-card"));
    }
    let person = get(&mut *tx, person_id).await?;
    if person.erased_at.is_some() {
        return Err(Refusal::conflict("error-person-erased"));
    }
    let holder: Option<(i64, String)> = sqlx::query_as(
        "SELECT p.id, trim(p.first_name || ' ' || p.last_name) FROM badges b
         JOIN persons p ON p.id = b.person_id
         WHERE b.card_id = ? AND b.revoked_at IS NULL",
    )
    .bind(&card)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((holder_id, name)) = holder {
        let key = if holder_id == person_id {
            "error-card-already-theirs"
        } else {
            "error-card-held"
        };
        return Err(Refusal::Conflict { key, arg: name });
    }
    let kind = if guest_until.is_some() {
        "guest"
    } else {
        "regular"
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO badges (card_id, person_id, assigned_at, assigned_by, kind, valid_through)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&card)
    .bind(person_id)
    .bind(db::now_text())
    .bind(actor.id)
    .bind(kind)
    .bind(guest_until)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        tx,
        actor,
        "badge.assign",
        "badge",
        id,
        None,
        Some(
            &json!({"card_id": card, "person_id": person_id, "kind": kind,
                     "valid_through": guest_until}),
        ),
    )
    .await?;
    Ok(id)
}

/// Takes a badge back (lost, returned, broken…). Its history stays.
pub async fn revoke_badge(
    pool: &SqlitePool,
    actor: &Actor,
    badge_id: i64,
    reason: &str,
) -> Result<Badge, Refusal> {
    if !REVOKE_REASONS.contains(&reason) {
        return Err(Refusal::field("reason", "error-choice"));
    }
    let mut tx = db::begin_write(pool).await?;
    let badge: Badge = sqlx::query_as(
        "SELECT id, card_id, person_id, assigned_at, revoked_at, revoke_reason, kind, valid_through
         FROM badges WHERE id = ?",
    )
    .bind(badge_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(Refusal::NotFound)?;
    if badge.revoked_at.is_some() {
        return Err(Refusal::Conflict {
            key: "error-badge-already-revoked",
            arg: badge.card_id,
        });
    }
    let now = db::now_text();
    sqlx::query("UPDATE badges SET revoked_at = ?, revoke_reason = ?, revoked_by = ? WHERE id = ?")
        .bind(&now)
        .bind(reason)
        .bind(actor.id)
        .bind(badge_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        "badge.revoke",
        "badge",
        badge_id,
        Some(&json!({"card_id": badge.card_id, "person_id": badge.person_id, "revoked_at": null})),
        Some(&json!({"card_id": badge.card_id, "person_id": badge.person_id, "revoked_at": now, "reason": reason})),
    )
    .await?;
    tx.commit().await?;
    Ok(Badge {
        revoked_at: Some(now),
        revoke_reason: Some(reason.to_owned()),
        ..badge
    })
}

/// A card just read at a desk kiosk that nobody holds: offered for assignment.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct UnknownTap {
    pub card_id: String,
    pub read_at: String,
    pub kiosk_id: String,
    pub kiosk_label: String,
}

/// How long a tap at the desk stays on offer for assignment.
pub const DESK_TAP_OFFER_MINUTES: i64 = 5;

/// The latest unknown cards read at entrance (desk) kiosks in the last few minutes, newest first,
/// leaving out cards that were assigned since.
pub async fn unknown_desk_taps(pool: &SqlitePool) -> Result<Vec<UnknownTap>, sqlx::Error> {
    let since =
        db::instant_text(chrono::Utc::now() - chrono::Duration::minutes(DESK_TAP_OFFER_MINUTES));
    sqlx::query_as(
        "SELECT e.badge AS card_id, max(e.received_at) AS read_at, e.kiosk_id, k.label AS kiosk_label
         FROM kiosk_events e JOIN kiosks k ON k.id = e.kiosk_id
         WHERE k.role = 'entrance' AND e.result = 'unknown_badge' AND e.received_at >= ?
           AND NOT EXISTS (SELECT 1 FROM badges b WHERE b.card_id = e.badge AND b.revoked_at IS NULL)
         GROUP BY e.badge, e.kiosk_id
         ORDER BY read_at DESC LIMIT 5",
    )
    .bind(since)
    .fetch_all(pool)
    .await
}

// ---------------------------------------------------------------------------------------------
// GDPR

/// Everything the site holds about a person, as one JSON document.
pub async fn export(
    pool: &SqlitePool,
    domains: Domains,
    id: i64,
) -> Result<serde_json::Value, Refusal> {
    let person = get(pool, id).await?;
    let badges = badges_of(pool, id).await?;
    let taps: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT read_at, kiosk_id, badge, result FROM kiosk_events WHERE person_id = ?
         ORDER BY ingest_no",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let associations: Vec<(String, bool, String)> = sqlx::query_as(
        "SELECT a.name, m.representative, m.joined_at FROM association_members m
         JOIN associations a ON a.id = m.association_id WHERE m.person_id = ? ORDER BY a.name",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let accounts: Vec<(String, String, String)> =
        sqlx::query_as("SELECT username, role, created_at FROM users WHERE person_id = ?")
            .bind(id)
            .fetch_all(pool)
            .await?;
    let mut export = json!({
        "exported_at": db::now_text(),
        "person": person,
        "badges": badges,
        "associations": associations.into_iter().map(|(name, representative, joined_at)|
            json!({"name": name, "representative": representative, "joined_at": joined_at})).collect::<Vec<_>>(),
        "accounts": accounts.into_iter().map(|(username, role, created_at)|
            json!({"username": username, "role": role, "created_at": created_at})).collect::<Vec<_>>(),
        "kiosk_taps": taps.into_iter().map(|(read_at, kiosk, badge, result)|
            json!({"read_at": read_at, "kiosk": kiosk, "badge": badge, "result": result})).collect::<Vec<_>>(),
    });
    // Each domain's part, under its name (`sel`, `spaces`…).
    for d in domains {
        if let Some(part) = d.export {
            export[d.name] = part(pool, id).await?;
        }
    }
    Ok(export)
}

/// Erases a person on request: names become a pseudonym, contact data and notes are removed, their
/// badges are revoked, their accounts disabled and association memberships ended. The row stays,
/// so that taps, the ledger and totals keep adding up. Cannot be undone.
pub async fn erase(
    pool: &SqlitePool,
    domains: Domains,
    actor: &Actor,
    id: i64,
) -> Result<(), Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let before = get(&mut *tx, id).await?;
    if before.erased_at.is_some() {
        return Err(Refusal::conflict("error-person-erased"));
    }
    let now = db::now_text();
    sqlx::query(
        "UPDATE persons SET first_name = 'Personne', last_name = 'effacée n° ' || id, phone = NULL,
                phone_digits = NULL, email = NULL, accessibility = NULL, erased_at = ? WHERE id = ?",
    )
    .bind(&now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let badges: Vec<i64> = sqlx::query_scalar(
        "UPDATE badges SET revoked_at = ?, revoke_reason = 'erased', revoked_by = ?
         WHERE person_id = ? AND revoked_at IS NULL RETURNING id",
    )
    .bind(&now)
    .bind(actor.id)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    // The log keeps every change made to this person, without the personal data it carried; an
    // entry made by one of the person's own accounts loses its login name in the same update (the
    // log's trigger allows one redaction per entry).
    let redacted = json!({"redacted": true}).to_string();
    sqlx::query(
        "UPDATE audit_log SET before = CASE WHEN before IS NULL THEN NULL ELSE ?1 END,
                after = CASE WHEN after IS NULL THEN NULL ELSE ?1 END, redacted_at = ?2,
                actor = CASE WHEN actor_id IN (SELECT id FROM users WHERE person_id = ?4)
                             THEN 'efface-' || actor_id ELSE actor END
         WHERE redacted_at IS NULL AND (
               (entity = 'person' AND entity_id = ?3)
            OR (entity = 'badge' AND (json_extract(before, '$.person_id') = ?4
                                   OR json_extract(after, '$.person_id') = ?4))
            OR (entity = 'association' AND (json_extract(before, '$.person_id') = ?4
                                         OR json_extract(after, '$.person_id') = ?4))
            OR (entity = 'user' AND entity_id IN (SELECT CAST(id AS TEXT) FROM users WHERE person_id = ?4)))",
    )
    .bind(&redacted)
    .bind(&now)
    .bind(id.to_string())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    // Each domain's part, before the accounts lose their login names (which some domains wrote).
    for d in domains {
        if let Some(part) = d.erase {
            part(&mut tx, actor, id, &now).await?;
        }
    }
    let accounts: Vec<i64> = sqlx::query_scalar("SELECT id FROM users WHERE person_id = ?")
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
    for user in &accounts {
        // The login name may be the person's name: it goes too (`efface-` names are reserved).
        sqlx::query(
            "UPDATE users SET disabled_at = coalesce(disabled_at, ?), display_name = 'Compte effacé',
                    username = 'efface-' || id WHERE id = ?",
        )
        .bind(&now)
        .bind(user)
        .execute(&mut *tx)
        .await?;
        crate::auth::close_sessions_of(&mut tx, *user, None).await?;
        sqlx::query("UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE user_id = ?")
            .bind(&now)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        // What the log says this account did stays; under which name does not.
        sqlx::query(
            "UPDATE audit_log SET actor = 'efface-' || actor_id, redacted_at = ?
             WHERE actor_id = ? AND redacted_at IS NULL",
        )
        .bind(&now)
        .bind(user)
        .execute(&mut *tx)
        .await?;
    }
    let memberships: Vec<i64> = sqlx::query_scalar(
        "DELETE FROM association_members WHERE person_id = ? RETURNING association_id",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    // Kiosks greeted the person by name: what they were told to display goes.
    sqlx::query(
        "UPDATE kiosk_events SET display = ?, display_redacted_at = ?
         WHERE person_id = ? AND display_redacted_at IS NULL",
    )
    .bind(json!({"title": "Enregistré", "lines": []}).to_string())
    .bind(&now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    // The erasure's own entry says what it touched, by number only.
    audit::record(
        &mut tx,
        actor,
        "person.erase",
        "person",
        id,
        None,
        Some(&json!({
            "erased_at": now,
            "badges_revoked": badges,
            "accounts_disabled": accounts,
            "associations_left": memberships,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Associations

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct AssociationInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Association {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub created_at: String,
    pub members: i64,
}

impl Association {
    pub fn member_count(&self) -> usize {
        usize::try_from(self.members).unwrap_or(0)
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Member {
    pub person_id: i64,
    pub name: String,
    pub representative: bool,
    pub joined_at: String,
}

pub async fn create_association(
    pool: &SqlitePool,
    actor: &Actor,
    input: &AssociationInput,
) -> Result<i64, Refusal> {
    let name = input.name.trim();
    let description = input.description.trim();
    let mut errors = vec![];
    if name.is_empty() {
        errors.push(FieldError {
            field: "name",
            key: "error-required",
        });
    } else if name.chars().count() > ASSOCIATION_NAME_MAX {
        errors.push(FieldError {
            field: "name",
            key: crate::refusal::too_long(ASSOCIATION_NAME_MAX),
        });
    }
    if description.chars().count() > ASSOCIATION_DESCRIPTION_MAX {
        errors.push(FieldError {
            field: "description",
            key: crate::refusal::too_long(ASSOCIATION_DESCRIPTION_MAX),
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    let mut tx = db::begin_write(pool).await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM associations WHERE name = ?")
        .bind(name)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        return Err(Refusal::field("name", "error-association-exists"));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO associations (name, description, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(description)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "association.create",
        "association",
        id,
        None,
        Some(&json!({"name": name, "description": description})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

macro_rules! association_select {
    () => {
        "SELECT a.id, a.name, a.description, a.created_at,
            (SELECT count(*) FROM association_members m WHERE m.association_id = a.id) AS members
         FROM associations a"
    };
}

pub async fn associations(pool: &SqlitePool) -> Result<Vec<Association>, sqlx::Error> {
    sqlx::query_as(concat!(association_select!(), " ORDER BY a.name"))
        .fetch_all(pool)
        .await
}

/// The associations a person represents.
pub async fn represented_by(
    pool: &SqlitePool,
    person_id: i64,
) -> Result<Vec<Association>, sqlx::Error> {
    sqlx::query_as(concat!(
        association_select!(),
        " JOIN association_members r ON r.association_id = a.id
         WHERE r.person_id = ? AND r.representative = 1 ORDER BY a.name"
    ))
    .bind(person_id)
    .fetch_all(pool)
    .await
}

pub async fn association(pool: &SqlitePool, id: i64) -> Result<Association, Refusal> {
    sqlx::query_as(concat!(association_select!(), " WHERE a.id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(Refusal::NotFound)
}

pub async fn members(pool: &SqlitePool, association_id: i64) -> Result<Vec<Member>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.person_id, trim(p.first_name || ' ' || p.last_name) AS name, m.representative,
                m.joined_at
         FROM association_members m JOIN persons p ON p.id = m.person_id
         WHERE m.association_id = ? ORDER BY m.representative DESC, p.last_name, p.first_name",
    )
    .bind(association_id)
    .fetch_all(pool)
    .await
}

/// Adds a member, or changes whether they represent the association.
pub async fn set_member(
    pool: &SqlitePool,
    actor: &Actor,
    association_id: i64,
    person_id: i64,
    representative: bool,
) -> Result<(), Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM associations WHERE id = ?")
        .bind(association_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(Refusal::NotFound);
    }
    let person = get(&mut *tx, person_id).await.map_err(|e| match e {
        Refusal::NotFound => Refusal::field("person_id", "error-person-unknown"),
        e => e,
    })?;
    if person.erased_at.is_some() {
        return Err(Refusal::field("person_id", "error-person-erased"));
    }
    let before: Option<bool> = sqlx::query_scalar(
        "SELECT representative FROM association_members WHERE association_id = ? AND person_id = ?",
    )
    .bind(association_id)
    .bind(person_id)
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO association_members (association_id, person_id, representative, joined_at)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (association_id, person_id) DO UPDATE SET representative = excluded.representative",
    )
    .bind(association_id)
    .bind(person_id)
    .bind(representative)
    .bind(db::now_text())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "association.member",
        "association",
        association_id,
        before
            .map(|r| json!({"person_id": person_id, "representative": r}))
            .as_ref(),
        Some(&json!({"person_id": person_id, "representative": representative})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The list of domains

/// People's entry in the list of domains.
pub static DOMAIN: crate::web::domain::Domain = crate::web::domain::Domain {
    openapi: Some(<api::PeopleApiDoc as utoipa::OpenApi>::openapi),
    me_box: Some(pages::me_box),
    ..crate::web::domain::Domain::new("people", routes)
};

fn routes(r: &mut crate::web::Routes) {
    pages::declare(r);
    api::declare(r);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn typed_names_become_safe_prefix_queries_and_phones_their_national_form() {
        assert_eq!(
            name_query(" Hélène  lefèvre-Çelik ").as_deref(),
            Some("\"Hélène\"* \"lefèvre\"* \"Çelik\"*")
        );
        assert_eq!(name_query("\" * OR ( )"), Some("\"OR\"*".into()));
        assert_eq!(name_query("-'*"), None);
        // Ligatures are spelt out, as the index holds them.
        assert_eq!(
            name_query("Lætitia BŒUF-Strauß").as_deref(),
            Some("\"Laetitia\"* \"BOeUF\"* \"Strauss\"*")
        );
        assert_eq!(
            name_query_exact("Marie Lefèvre").as_deref(),
            Some("\"Marie\" \"Lefèvre\"")
        );
        for typed in [
            "+33 6 12 34 56 78",
            "0033612345678",
            "+33 (0)6 12 34 56 78",
            "06.12.34.56.78",
        ] {
            assert_eq!(phone_key(typed), "0612345678", "{typed}");
        }
        assert_eq!(phone_key("+44 20 7946 0958"), "442079460958");
        assert_eq!(phone_key("06 12"), "0612");
    }

    /// The search reads the indexes only: the full-text index for names, the badge and phone
    /// indexes, and persons by primary key — never a scan of every person.
    #[tokio::test]
    async fn the_search_never_scans_every_person() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::open_and_migrate(&dir.path().join("t.db"))
            .await
            .unwrap();
        let plan: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {SEARCH}")))
                .bind(name_query("lefevre"))
                .bind("LEFEVRE")
                .bind(Some("0612"))
                .bind(20)
                .fetch_all(&pool)
                .await
                .unwrap();
        let steps: Vec<&str> = plan.iter().map(|(_, _, _, d)| d.as_str()).collect();
        assert!(
            steps.iter().any(|d| d.contains("VIRTUAL TABLE INDEX")),
            "{steps:#?}"
        );
        assert!(
            steps.iter().any(|d| d.contains("badges_one_active_holder")),
            "{steps:#?}"
        );
        assert!(
            steps.iter().any(|d| d.contains("persons_phone_digits")),
            "{steps:#?}"
        );
        assert!(
            !steps.iter().any(|d| d.starts_with("SCAN")
                && matches!(d.split_whitespace().nth(1), Some("p" | "persons"))),
            "{steps:#?}"
        );
    }

    #[test]
    fn cards_typed_by_hand_are_normalised() {
        assert_eq!(normalize_card(" 04:a3:1f-9b "), "04A31F9B");
        assert!(citeosquare_protocol::is_badge(&normalize_card("demo0001")));
    }

    #[test]
    fn person_validation_names_each_bad_field() {
        let input = PersonInput {
            first_name: " ".into(),
            kind: "alien".into(),
            phone: "06 12 ab".into(),
            email: "marie@".into(),
            language: "de".into(),
            ..Default::default()
        };
        let Err(Refusal::Invalid(errors)) = validate_person(&input) else {
            panic!("accepted")
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["first_name", "kind", "phone", "email", "language"]);
        let ok = PersonInput {
            first_name: "Odette".into(),
            last_name: "Perrin".into(),
            kind: "resident".into(),
            phone: "06 12 34 56 78".into(),
            language: "fr".into(),
            ..Default::default()
        };
        let p = validate_person(&ok).unwrap();
        assert_eq!(p.phone_digits.as_deref(), Some("0612345678"));
        assert_eq!(p.email, None);
    }
}
