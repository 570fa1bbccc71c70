//! Uses (*usages*) of the spaces — coworking, debate, association meeting… — with their rules,
//! and which associations may book each.

use super::*;

#[derive(sqlx::FromRow)]
pub(super) struct UseRow {
    id: i64,
    code: String,
    name: String,
    colour: String,
    mode: String,
    capacity: Option<i64>,
    open_to_residents: bool,
    open_to_associations: bool,
    open_to_everyone: bool,
    associations: Option<String>,
    min_minutes: i64,
    max_minutes: i64,
    notice_minutes: i64,
    approval: bool,
    price_kind: String,
    price_per_hour: i64,
    changeover_before: i64,
    changeover_after: i64,
    checkin_grace_minutes: Option<i64>,
    public_by_default: bool,
}

impl From<UseRow> for Use {
    fn from(r: UseRow) -> Use {
        Use {
            id: r.id,
            code: r.code,
            name: r.name,
            colour: r.colour,
            mode: Mode::parse(&r.mode).unwrap_or(Mode::Exclusive),
            capacity: r.capacity,
            open_to_residents: r.open_to_residents,
            open_to_associations: r.open_to_associations,
            open_to_everyone: r.open_to_everyone,
            associations: r
                .associations
                .unwrap_or_default()
                .split(',')
                .filter_map(|s| s.parse().ok())
                .collect(),
            min_minutes: r.min_minutes,
            max_minutes: r.max_minutes,
            notice_minutes: r.notice_minutes,
            approval: r.approval,
            price_kind: r.price_kind,
            price_per_hour: r.price_per_hour,
            changeover_before: r.changeover_before,
            changeover_after: r.changeover_after,
            checkin_grace_minutes: r.checkin_grace_minutes,
            public_by_default: r.public_by_default,
        }
    }
}

macro_rules! use_select {
    () => {
        "SELECT u.id, u.code, u.name, u.colour, u.mode, u.capacity,
        u.open_to_residents, u.open_to_associations, u.open_to_everyone,
        (SELECT group_concat(association_id) FROM space_use_associations a WHERE a.use_id = u.id)
            AS associations,
        u.min_minutes, u.max_minutes, u.notice_minutes, u.approval, u.price_kind,
        u.price_per_hour, u.changeover_before, u.changeover_after, u.checkin_grace_minutes,
        u.public_by_default
     FROM space_uses u"
    };
}

pub async fn uses(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Vec<Use>, sqlx::Error> {
    let rows: Vec<UseRow> =
        sqlx::query_as(concat!(use_select!(), " ORDER BY u.name COLLATE NOCASE"))
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(Use::from).collect())
}

pub async fn use_(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Use, Refusal> {
    let row: Option<UseRow> = sqlx::query_as(concat!(use_select!(), " WHERE u.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(Use::from).ok_or(Refusal::NotFound)
}

pub(super) struct ValidUse {
    code: String,
    name: String,
    colour: String,
    mode: Mode,
}

/// A use's limits: its code (lower-case letters, digits, `-`), its name (characters), its
/// colour (`#rrggbb`), its durations and notice (minutes), its price per hour (cents), the
/// changeovers around a booking and the grace after its start (minutes).
pub const USE_CODE_PATTERN: &str = "^[a-z0-9-]{1,40}$";
pub const USE_CODE_MAX: usize = 40;
pub const USE_NAME_MAX: usize = 80;
pub const COLOUR_PATTERN: &str = "^#[0-9A-Fa-f]{6}$";
pub const DURATION_MINUTES: (i64, i64) = (5, 10_080);
pub const NOTICE_MAX: i64 = 525_600;
pub const PRICE_PER_HOUR_MAX: i64 = 10_000_000;
pub const CHANGEOVER_MAX: i64 = 240;
pub const GRACE_MINUTES: (i64, i64) = (5, 240);

pub(super) fn validate_use(input: &UseInput) -> Result<ValidUse, Refusal> {
    let mut errors = vec![];
    let code = input.code.trim().to_owned();
    if code.is_empty()
        || code.len() > USE_CODE_MAX
        || !code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        errors.push(FieldError {
            field: "code",
            key: "error-space-use-code",
        });
    }
    let name = text(&mut errors, "name", &input.name, USE_NAME_MAX, true);
    let colour = input.colour.trim().to_ascii_lowercase();
    if colour.len() != 7
        || !colour.starts_with('#')
        || !colour[1..].bytes().all(|b| b.is_ascii_hexdigit())
    {
        errors.push(FieldError {
            field: "colour",
            key: "error-space-colour",
        });
    }
    let mode = Mode::parse(input.mode.trim());
    if mode.is_none() {
        errors.push(FieldError {
            field: "mode",
            key: "error-choice",
        });
    }
    if input
        .capacity
        .is_some_and(|c| !(1..=CAPACITY_MAX).contains(&c))
    {
        errors.push(FieldError {
            field: "capacity",
            key: "error-space-capacity",
        });
    }
    if !(DURATION_MINUTES.0..=DURATION_MINUTES.1).contains(&input.min_minutes) {
        errors.push(FieldError {
            field: "min_minutes",
            key: "error-space-duration-setting",
        });
    }
    if !(input.min_minutes..=DURATION_MINUTES.1).contains(&input.max_minutes) {
        errors.push(FieldError {
            field: "max_minutes",
            key: "error-space-duration-setting",
        });
    }
    if !(0..=NOTICE_MAX).contains(&input.notice_minutes) {
        errors.push(FieldError {
            field: "notice_minutes",
            key: "error-space-notice-setting",
        });
    }
    if !PRICE_KINDS.contains(&input.price_kind.as_str()) {
        errors.push(FieldError {
            field: "price_kind",
            key: "error-choice",
        });
    } else if !(0..=PRICE_PER_HOUR_MAX).contains(&input.price_per_hour)
        || (input.price_kind == "free" && input.price_per_hour != 0)
    {
        errors.push(FieldError {
            field: "price_per_hour",
            key: "error-space-price",
        });
    }
    for (field, v) in [
        ("changeover_before", input.changeover_before),
        ("changeover_after", input.changeover_after),
    ] {
        if !(0..=CHANGEOVER_MAX).contains(&v) {
            errors.push(FieldError {
                field,
                key: "error-space-changeover",
            });
        }
    }
    if input
        .checkin_grace_minutes
        .is_some_and(|g| !(GRACE_MINUTES.0..=GRACE_MINUTES.1).contains(&g))
    {
        errors.push(FieldError {
            field: "checkin_grace_minutes",
            key: "error-space-grace",
        });
    }
    match mode {
        Some(mode) if errors.is_empty() => Ok(ValidUse {
            code,
            name,
            colour,
            mode,
        }),
        _ => Err(Refusal::Invalid(errors)),
    }
}

/// Creates a use.
pub async fn create_use(
    pool: &SqlitePool,
    actor: &Actor,
    input: &UseInput,
) -> Result<Use, Refusal> {
    let v = validate_use(input)?;
    let mut tx = db::begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO space_uses (code, name, colour, mode, capacity, open_to_residents,
             open_to_associations, open_to_everyone, min_minutes, max_minutes, notice_minutes,
             approval, price_kind, price_per_hour, changeover_before, changeover_after,
             checkin_grace_minutes, public_by_default, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&v.code)
    .bind(&v.name)
    .bind(&v.colour)
    .bind(v.mode.as_str())
    .bind(input.capacity)
    .bind(input.open_to_residents)
    .bind(input.open_to_associations)
    .bind(input.open_to_everyone)
    .bind(input.min_minutes)
    .bind(input.max_minutes)
    .bind(input.notice_minutes)
    .bind(input.approval)
    .bind(&input.price_kind)
    .bind(input.price_per_hour)
    .bind(input.changeover_before)
    .bind(input.changeover_after)
    .bind(input.checkin_grace_minutes)
    .bind(input.public_by_default)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => Refusal::Conflict {
            key: "error-space-use-exists",
            arg: v.code.clone(),
        },
        _ => Refusal::Db(e),
    })?;
    set_use_associations(&mut tx, id, &input.associations).await?;
    let created = use_(&mut *tx, id).await?;
    audit::record(
        &mut tx,
        actor,
        "space.use.create",
        "space_use",
        id,
        None,
        Some(&json!(created)),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Updates a use; bookings already made keep the rules they were made under.
pub async fn update_use(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    input: &UseInput,
) -> Result<Use, Refusal> {
    let v = validate_use(input)?;
    let mut tx = db::begin_write(pool).await?;
    let before = use_(&mut *tx, id).await?;
    sqlx::query(
        "UPDATE space_uses SET code = ?, name = ?, colour = ?, mode = ?, capacity = ?,
             open_to_residents = ?, open_to_associations = ?, open_to_everyone = ?,
             min_minutes = ?, max_minutes = ?, notice_minutes = ?, approval = ?, price_kind = ?,
             price_per_hour = ?, changeover_before = ?, changeover_after = ?,
             checkin_grace_minutes = ?, public_by_default = ?
         WHERE id = ?",
    )
    .bind(&v.code)
    .bind(&v.name)
    .bind(&v.colour)
    .bind(v.mode.as_str())
    .bind(input.capacity)
    .bind(input.open_to_residents)
    .bind(input.open_to_associations)
    .bind(input.open_to_everyone)
    .bind(input.min_minutes)
    .bind(input.max_minutes)
    .bind(input.notice_minutes)
    .bind(input.approval)
    .bind(&input.price_kind)
    .bind(input.price_per_hour)
    .bind(input.changeover_before)
    .bind(input.changeover_after)
    .bind(input.checkin_grace_minutes)
    .bind(input.public_by_default)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => Refusal::Conflict {
            key: "error-space-use-exists",
            arg: v.code.clone(),
        },
        _ => Refusal::Db(e),
    })?;
    set_use_associations(&mut tx, id, &input.associations).await?;
    let after = use_(&mut *tx, id).await?;
    audit::record(
        &mut tx,
        actor,
        "space.use.update",
        "space_use",
        id,
        Some(&json!(before)),
        Some(&json!(after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub(super) async fn set_use_associations(
    tx: &mut sqlx::SqliteConnection,
    use_id: i64,
    associations: &[i64],
) -> Result<(), Refusal> {
    sqlx::query("DELETE FROM space_use_associations WHERE use_id = ?")
        .bind(use_id)
        .execute(&mut *tx)
        .await?;
    // An association named twice is named once (the list is a set; a repeat broke the table's
    // key and answered 500).
    let mut seen = std::collections::HashSet::new();
    for a in associations.iter().filter(|a| seen.insert(**a)) {
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM associations WHERE id = ?")
            .bind(a)
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(Refusal::field(
                "associations",
                "error-space-association-unknown",
            ));
        }
        sqlx::query("INSERT INTO space_use_associations (use_id, association_id) VALUES (?, ?)")
            .bind(use_id)
            .bind(a)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}
