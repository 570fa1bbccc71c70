//! The audit log: every change made through the pages, the API or the command line — who, when,
//! what, before and after. Written in the same transaction as the change it describes, so one
//! never exists without the other. The table refuses UPDATE and DELETE.

use crate::db;
use serde::Serialize;

/// Who made a change.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The account's id; `None` for the command line.
    pub id: Option<i64>,
    pub name: String,
}

impl Actor {
    pub fn cli() -> Actor {
        Actor {
            id: None,
            name: "cli".into(),
        }
    }
}

/// Records one change inside the caller's transaction.
pub async fn record(
    conn: &mut sqlx::SqliteConnection,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: impl ToString,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, before, after)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(db::now_text())
    .bind(actor.id)
    .bind(&actor.name)
    .bind(action)
    .bind(entity)
    .bind(entity_id.to_string())
    .bind(before.map(|v| v.to_string()))
    .bind(after.map(|v| v.to_string()))
    .execute(conn)
    .await?;
    Ok(())
}

/// One line of the log, as the admin page and the API show it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    /// JSON text of the state before the change, if any.
    pub before: Option<String>,
    /// JSON text of the state after the change, if any.
    pub after: Option<String>,
}

/// What the admin filters on; empty fields match everything.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// Account name, exactly.
    #[serde(default)]
    pub actor: Option<String>,
    /// Kind of thing changed: person, badge, user, association, logbook, token, sel_account…
    #[serde(default)]
    pub entity: Option<String>,
    /// Action, exactly: person.update, sel.purchase…
    #[serde(default)]
    pub action: Option<String>,
    /// Id of the thing changed.
    #[serde(default)]
    pub entity_id: Option<String>,
    /// First day, `AAAA-MM-JJ` (UTC).
    #[serde(default)]
    pub from: Option<String>,
    /// Last day, `AAAA-MM-JJ` (UTC).
    #[serde(default)]
    pub to: Option<String>,
}

fn blank_to_none(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Whether a date filter is a valid day, for a precise refusal.
pub fn day_ok(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// The filter's conditions, shared by the API's list, the register's page and its count: `?1`
/// author, `?2` kind of object, `?3` object's id, `?4` first instant, `?5` instant after the last
/// day, `?6` action.
macro_rules! filter_where {
    () => {
        " WHERE (?1 IS NULL OR actor = ?1)
            AND (?2 IS NULL OR entity = ?2)
            AND (?3 IS NULL OR entity_id = ?3)
            AND (?4 IS NULL OR at >= ?4)
            AND (?5 IS NULL OR at < ?5)
            AND (?6 IS NULL OR action = ?6)"
    };
}

/// The instants a filter's days span in a time zone: from the first day's midnight, up to (not
/// including) the midnight after the last day. Days that cannot be read are left out (the callers
/// refuse them first, with [`day_ok`]).
fn bounds(filter: &AuditFilter, tz: chrono_tz::Tz) -> (Option<String>, Option<String>) {
    let day = |s: &Option<String>| {
        blank_to_none(s).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    let midnight = |d: chrono::NaiveDate| {
        db::instant_text(crate::time::resolve_local(
            tz,
            d.and_time(chrono::NaiveTime::MIN),
        ))
    };
    (
        day(&filter.from).map(midnight),
        day(&filter.to).and_then(|d| d.succ_opt()).map(midnight),
    )
}

/// The latest entries matching a filter, newest first; its days are UTC days (the API's).
pub async fn search(
    pool: &sqlx::SqlitePool,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let (from, until) = bounds(filter, chrono_tz::UTC);
    sqlx::query_as(concat!(
        "SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_log",
        filter_where!(),
        " ORDER BY id DESC LIMIT ?7"
    ))
    .bind(blank_to_none(&filter.actor))
    .bind(blank_to_none(&filter.entity))
    .bind(blank_to_none(&filter.entity_id))
    .bind(from)
    .bind(until)
    .bind(blank_to_none(&filter.action))
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// One line of the register as the admin's page reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegisterLine {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    /// When a person's erasure removed the personal data this line held.
    pub redacted_at: Option<String>,
}

/// One page of the register: the entries matching a filter (its days are the site's local days),
/// newest first, and how many match in all.
pub async fn register(
    pool: &sqlx::SqlitePool,
    filter: &AuditFilter,
    tz: chrono_tz::Tz,
    limit: i64,
    offset: i64,
) -> Result<(Vec<RegisterLine>, i64), sqlx::Error> {
    let (from, until) = bounds(filter, tz);
    let total: i64 = sqlx::query_scalar(concat!("SELECT count(*) FROM audit_log", filter_where!()))
        .bind(blank_to_none(&filter.actor))
        .bind(blank_to_none(&filter.entity))
        .bind(blank_to_none(&filter.entity_id))
        .bind(&from)
        .bind(&until)
        .bind(blank_to_none(&filter.action))
        .fetch_one(pool)
        .await?;
    let lines = sqlx::query_as(concat!(
        "SELECT id, at, actor, action, entity, entity_id, before, after, redacted_at
         FROM audit_log",
        filter_where!(),
        " ORDER BY id DESC LIMIT ?7 OFFSET ?8"
    ))
    .bind(blank_to_none(&filter.actor))
    .bind(blank_to_none(&filter.entity))
    .bind(blank_to_none(&filter.entity_id))
    .bind(&from)
    .bind(&until)
    .bind(blank_to_none(&filter.action))
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    Ok((lines, total))
}

/// What the register holds, for its filters: every kind of object and author present, and the
/// actions present for the kind and author chosen (all of them when none is).
#[derive(Debug, Clone, Default)]
pub struct Present {
    pub entities: Vec<String>,
    pub actions: Vec<String>,
    pub actors: Vec<String>,
}

pub async fn present(
    pool: &sqlx::SqlitePool,
    filter: &AuditFilter,
) -> Result<Present, sqlx::Error> {
    Ok(Present {
        entities: sqlx::query_scalar("SELECT DISTINCT entity FROM audit_log ORDER BY entity")
            .fetch_all(pool)
            .await?,
        actions: sqlx::query_scalar(
            "SELECT DISTINCT action FROM audit_log
             WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR entity = ?2)
             ORDER BY action",
        )
        .bind(blank_to_none(&filter.actor))
        .bind(blank_to_none(&filter.entity))
        .fetch_all(pool)
        .await?,
        actors: sqlx::query_scalar("SELECT DISTINCT actor FROM audit_log ORDER BY actor")
            .fetch_all(pool)
            .await?,
    })
}

// ---------------------------------------------------------------------------------------------
// Reading an entry: labels and the change

/// One field that changed: its value before and after (`None` on the side that has no value:
/// the whole state, or this field, did not exist there).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The field's name in the snapshot; `None` when the snapshot is a single value.
    pub field: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

fn parse_snapshot(text: Option<&str>) -> Option<serde_json::Value> {
    text.map(|t| {
        serde_json::from_str(t).unwrap_or_else(|_| serde_json::Value::String(t.to_owned()))
    })
}

/// What an entry changed, field by field, from its before and after snapshots: the fields whose
/// value differs (unchanged ones left out); a creation has only afters, a deletion only befores.
pub fn changes(before: Option<&str>, after: Option<&str>) -> Vec<Change> {
    use serde_json::Value;
    let one = |field: Option<&String>, b: Option<&Value>, a: Option<&Value>| Change {
        field: field.cloned(),
        before: b.cloned(),
        after: a.cloned(),
    };
    match (parse_snapshot(before), parse_snapshot(after)) {
        (None, None) => vec![],
        (Some(Value::Object(b)), Some(Value::Object(a))) => b
            .keys()
            .chain(a.keys().filter(|k| !b.contains_key(*k)))
            .filter(|k| b.get(*k) != a.get(*k))
            .map(|k| one(Some(k), b.get(k), a.get(k)))
            .collect(),
        (Some(b), Some(a)) if b == a => vec![],
        (Some(b), Some(a)) => vec![one(None, Some(&b), Some(&a))],
        (Some(Value::Object(b)), None) => {
            b.iter().map(|(k, v)| one(Some(k), Some(v), None)).collect()
        }
        (None, Some(Value::Object(a))) => {
            a.iter().map(|(k, v)| one(Some(k), None, Some(v))).collect()
        }
        (b, a) => vec![one(None, b.as_ref(), a.as_ref())],
    }
}

/// The message ids the translations define (both languages define the same ones: a test checks).
fn defined(key: &str) -> bool {
    static IDS: std::sync::OnceLock<std::collections::BTreeSet<String>> =
        std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        crate::i18n::message_ids(crate::i18n::FR_FTL)
            .into_iter()
            .collect()
    })
    .contains(key)
}

fn key_part(code: &str) -> String {
    code.replace(['.', '_'], "-")
}

/// The message id of an action's label: `person.update` → `audit-action-person-update`.
pub fn action_key(code: &str) -> String {
    format!("audit-action-{}", key_part(code))
}

/// The message id of a kind of object's label: `sel_account` → `entity-sel-account`.
pub fn entity_key(kind: &str) -> String {
    format!("entity-{}", key_part(kind))
}

/// The message id of a field's label: `first_name` → `audit-field-first-name`.
pub fn field_key(field: &str) -> String {
    format!("audit-field-{}", key_part(field))
}

/// The label of a message id, when the translations have one.
pub fn label(tr: &crate::i18n::Tr, key: &str) -> Option<String> {
    defined(key).then(|| tr.t(key))
}

/// An action's label (« Fiche de personne modifiée »), `None` for a code without one.
pub fn action_label(tr: &crate::i18n::Tr, code: &str) -> Option<String> {
    label(tr, &action_key(code))
}

/// A kind of object's label (« Personne »), `None` for a kind without one.
pub fn entity_label(tr: &crate::i18n::Tr, kind: &str) -> Option<String> {
    label(tr, &entity_key(kind))
}

/// A field's label (« Prénom »), `None` for a field without one.
pub fn field_label(tr: &crate::i18n::Tr, field: &str) -> Option<String> {
    label(tr, &field_key(field))
}

/// A snapshot's value as a person reads it: instants in the site's local time, days as dates,
/// yes and no, « (vide) » for nothing, lists joined.
pub fn show_value(tr: &crate::i18n::Tr, tz: chrono_tz::Tz, v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => tr.t("audit-empty"),
        Value::Bool(true) => tr.t("audit-yes"),
        Value::Bool(false) => tr.t("audit-no"),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.is_empty() => tr.t("audit-empty"),
        Value::String(s) => {
            if let Some(at) = crate::time::parse_instant(s) {
                format!("{} {}", tr.date(at, tz), tr.time(at, tz))
            } else if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                tr.date(d.and_time(chrono::NaiveTime::MIN).and_utc(), chrono_tz::UTC)
            } else {
                s.clone()
            }
        }
        Value::Array(items) if items.is_empty() => tr.t("audit-empty"),
        Value::Array(items) => items
            .iter()
            .map(|i| show_value(tr, tz, i))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(_) => v.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Tr};
    use serde_json::json;

    #[test]
    fn an_update_shows_only_the_fields_that_changed() {
        let c = changes(
            Some(r#"{"first_name":"Fatima","phone":"06","email":null}"#),
            Some(r#"{"first_name":"Fatima-Zahra","phone":"06","email":"f@x.fr"}"#),
        );
        assert_eq!(
            c,
            vec![
                Change {
                    field: Some("email".into()),
                    before: Some(json!(null)),
                    after: Some(json!("f@x.fr"))
                },
                Change {
                    field: Some("first_name".into()),
                    before: Some(json!("Fatima")),
                    after: Some(json!("Fatima-Zahra"))
                },
            ]
        );
    }

    #[test]
    fn a_creation_has_only_afters_a_deletion_only_befores_a_value_stays_whole() {
        let c = changes(None, Some(r#"{"name":"Café"}"#));
        assert_eq!(c.len(), 1);
        assert!(c[0].before.is_none() && c[0].after == Some(json!("Café")));
        let c = changes(Some(r#"{"name":"Café"}"#), None);
        assert!(c[0].after.is_none() && c[0].before == Some(json!("Café")));
        let c = changes(Some("3"), Some("5"));
        assert_eq!(c[0].field, None);
        assert!(changes(Some("3"), Some("3")).is_empty());
        assert!(changes(None, None).is_empty());
        // A field only one side has is shown with nothing on the other side.
        let c = changes(Some(r#"{"a":1}"#), Some(r#"{"b":2}"#));
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].field.as_deref(), Some("b"));
        assert!(c[1].before.is_none());
    }

    #[test]
    fn values_read_in_local_time_and_in_words() {
        let fr = Tr::new(Lang::Fr);
        let paris = chrono_tz::Europe::Paris;
        assert_eq!(
            show_value(&fr, paris, &json!("2026-01-15T23:30:00.000Z")),
            "16/01/2026 00 h 30"
        );
        assert_eq!(show_value(&fr, paris, &json!("2026-03-02")), "02/03/2026");
        assert_eq!(show_value(&fr, paris, &json!(true)), "oui");
        assert_eq!(show_value(&fr, paris, &json!(null)), "(vide)");
        assert_eq!(show_value(&fr, paris, &json!([1, 2])), "1, 2");
        assert_eq!(
            action_label(&fr, "person.update").as_deref(),
            Some("Fiche de personne modifiée")
        );
        assert_eq!(action_label(&fr, "no.such_action"), None);
        assert_eq!(
            entity_label(&fr, "sel_account").as_deref(),
            Some("Compte SEL")
        );
    }
}
