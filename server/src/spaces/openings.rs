//! When the spaces are open: weekly windows per use, and dated exceptions (closed, or open for
//! a use), the site's and each space's.

use super::*;

/// The longest label of an exception (characters).
pub const LABEL_MAX: usize = 120;

#[derive(sqlx::FromRow)]
pub(super) struct WindowRow {
    id: i64,
    space_id: i64,
    weekday: i64,
    start_local: String,
    end_local: String,
    use_id: i64,
}

impl From<WindowRow> for Window {
    fn from(r: WindowRow) -> Window {
        Window {
            id: r.id,
            space_id: r.space_id,
            weekday: u32::try_from(r.weekday).unwrap_or(1),
            start_minute: parse_hhmm(&r.start_local).unwrap_or(0),
            end_minute: parse_hhmm(&r.end_local).unwrap_or(0),
            use_id: r.use_id,
        }
    }
}

/// The weekly windows of some spaces (all when `space_ids` is empty), by space, day and time.
pub async fn windows(
    conn: impl sqlx::SqliteExecutor<'_>,
    space_ids: &[i64],
) -> Result<Vec<Window>, sqlx::Error> {
    let rows: Vec<WindowRow> = sqlx::query_as(
        "SELECT id, space_id, weekday, start_local, end_local, use_id FROM space_windows
         WHERE ?1 = '[]' OR space_id IN (SELECT value FROM json_each(?1))
         ORDER BY space_id, weekday, start_local",
    )
    .bind(json!(space_ids).to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Window::from).collect())
}

/// Replaces a space's weekly timetable. Windows of one day must not overlap; the whole list is
/// refused if one is wrong (the refusal names the field, or the overlapping day and hours).
pub async fn set_windows(
    pool: &SqlitePool,
    actor: &Actor,
    space_id: i64,
    input: &[WindowInput],
) -> Result<Vec<Window>, Refusal> {
    let mut parsed = vec![];
    for w in input {
        let start = parse_hhmm(&w.start).filter(|m| *m < 1440);
        let end = parse_hhmm(&w.end);
        match (start, end) {
            _ if !(1..=7).contains(&w.weekday) => {
                return Err(Refusal::field("weekday", "error-choice"));
            }
            (Some(s), Some(e)) if e > s => parsed.push((w.weekday, s, e, w.use_id)),
            (Some(_), Some(_)) => {
                return Err(Refusal::field("end", "error-space-end-before-start"));
            }
            _ => return Err(Refusal::field("start", "error-space-time-invalid")),
        }
    }
    for (i, a) in parsed.iter().enumerate() {
        for b in &parsed[i + 1..] {
            if a.0 == b.0 && a.1 < b.2 && b.1 < a.2 {
                return Err(Refusal::Conflict {
                    key: "error-space-windows-overlap",
                    arg: format!("{} {}–{}", weekday_number_name(a.0), hhmm(b.1), hhmm(b.2)),
                });
            }
        }
    }
    let mut tx = db::begin_write(pool).await?;
    space(&mut *tx, space_id).await?;
    for (_, _, _, use_id) in &parsed {
        use_(&mut *tx, *use_id)
            .await
            .map_err(|_| Refusal::field("use_id", "error-space-use-unknown"))?;
    }
    let before = windows(&mut *tx, &[space_id]).await?;
    sqlx::query("DELETE FROM space_windows WHERE space_id = ?")
        .bind(space_id)
        .execute(&mut *tx)
        .await?;
    for (weekday, s, e, use_id) in &parsed {
        sqlx::query(
            "INSERT INTO space_windows (space_id, weekday, start_local, end_local, use_id)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(space_id)
        .bind(weekday)
        .bind(hhmm(*s))
        .bind(hhmm(*e))
        .bind(use_id)
        .execute(&mut *tx)
        .await?;
    }
    let after = windows(&mut *tx, &[space_id]).await?;
    audit::record(
        &mut tx,
        actor,
        "space.timetable",
        "space",
        space_id,
        Some(&json!(before)),
        Some(&json!(after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// A weekday's number (1 = Monday) as a short French name, for messages.
pub(super) fn weekday_number_name(n: u32) -> &'static str {
    ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
        .get(n.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

#[derive(sqlx::FromRow)]
pub(super) struct ExceptionRow {
    id: i64,
    space_id: Option<i64>,
    day: String,
    start_local: Option<String>,
    end_local: Option<String>,
    use_id: Option<i64>,
    label: String,
}

impl ExceptionRow {
    fn into_exception(self) -> Option<Exception> {
        Some(Exception {
            id: self.id,
            space_id: self.space_id,
            day: self.day.parse().ok()?,
            start_minute: self.start_local.as_deref().and_then(parse_hhmm),
            end_minute: self.end_local.as_deref().and_then(parse_hhmm),
            use_id: self.use_id,
            label: self.label,
        })
    }
}

/// The exceptions between two local days (inclusive), the site's and the spaces'.
pub async fn exceptions(
    conn: impl sqlx::SqliteExecutor<'_>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<Exception>, sqlx::Error> {
    let rows: Vec<ExceptionRow> = sqlx::query_as(
        "SELECT id, space_id, day, start_local, end_local, use_id, label FROM space_exceptions
         WHERE day BETWEEN ? AND ? ORDER BY day, space_id IS NOT NULL, id",
    )
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(ExceptionRow::into_exception)
        .collect())
}

/// Adds a dated exception.
pub async fn add_exception(
    pool: &SqlitePool,
    actor: &Actor,
    input: &ExceptionInput,
) -> Result<Exception, Refusal> {
    let mut errors = vec![];
    let label = text(&mut errors, "label", &input.label, LABEL_MAX, true);
    use chrono::Datelike;
    let day: Option<chrono::NaiveDate> = input
        .day
        .trim()
        .parse()
        .ok()
        .filter(|d: &chrono::NaiveDate| (2000..=2199).contains(&d.year()));
    if day.is_none() {
        errors.push(FieldError {
            field: "day",
            key: "error-date",
        });
    }
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    let (start, end) = match (blank(&input.start), blank(&input.end)) {
        (true, true) => (None, None),
        (false, false) => {
            let s = input
                .start
                .as_deref()
                .and_then(parse_hhmm)
                .filter(|m| *m < 1440);
            let e = input.end.as_deref().and_then(parse_hhmm);
            match (s, e) {
                (Some(s), Some(e)) if e > s => (Some(s), Some(e)),
                (Some(_), Some(_)) => {
                    errors.push(FieldError {
                        field: "end",
                        key: "error-space-end-before-start",
                    });
                    (None, None)
                }
                _ => {
                    errors.push(FieldError {
                        field: "start",
                        key: "error-space-time-invalid",
                    });
                    (None, None)
                }
            }
        }
        _ => {
            errors.push(FieldError {
                field: "end",
                key: "error-space-both-times",
            });
            (None, None)
        }
    };
    let (Some(day), true) = (day, errors.is_empty()) else {
        return Err(Refusal::Invalid(errors));
    };
    let mut tx = db::begin_write(pool).await?;
    if let Some(s) = input.space_id {
        space(&mut *tx, s)
            .await
            .map_err(|_| Refusal::field("space_id", "error-space-unknown"))?;
    }
    if let Some(u) = input.use_id {
        use_(&mut *tx, u)
            .await
            .map_err(|_| Refusal::field("use_id", "error-space-use-unknown"))?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO space_exceptions (space_id, day, start_local, end_local, use_id, label, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(input.space_id)
    .bind(day.to_string())
    .bind(start.map(hhmm))
    .bind(end.map(hhmm))
    .bind(input.use_id)
    .bind(&label)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    let created = Exception {
        id,
        space_id: input.space_id,
        day,
        start_minute: start,
        end_minute: end,
        use_id: input.use_id,
        label,
    };
    audit::record(
        &mut tx,
        actor,
        "space.exception.add",
        "space_exception",
        id,
        None,
        Some(&json!(created)),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Removes a dated exception (the weekly timetable applies again that day).
pub async fn remove_exception(pool: &SqlitePool, actor: &Actor, id: i64) -> Result<(), Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let row: Option<ExceptionRow> = sqlx::query_as(
        "SELECT id, space_id, day, start_local, end_local, use_id, label FROM space_exceptions
         WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let before = row
        .and_then(ExceptionRow::into_exception)
        .ok_or(Refusal::NotFound)?;
    sqlx::query("DELETE FROM space_exceptions WHERE id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        "space.exception.remove",
        "space_exception",
        id,
        Some(&json!(before)),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
