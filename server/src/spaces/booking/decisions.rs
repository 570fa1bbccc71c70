//! What happens to a booking after it is asked for: approval (one or a whole series), refusal,
//! cancellation, moves, and the release of bookings nobody checked in to.

use super::*;

/// Whether `req` may see, change or cancel this booking: the desk, whoever booked it, the person
/// it is for, a representative of its association. The pages and the API ask this one question.
pub fn may_manage(req: &Requester, b: &Booking) -> bool {
    req.staff
        || (b.created_by.is_some() && b.created_by == req.user_id)
        || (b.person_id.is_some() && b.person_id == req.person_id)
        || b.association_id
            .is_some_and(|a| req.represents.contains(&a))
}

/// Approves a request: it becomes confirmed if nothing confirmed collides with it (the database
/// refuses it otherwise, so two approvals at once give the room once).
pub async fn approve(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    id: i64,
    message: &str,
) -> Result<Booking, Refusal> {
    if !req.staff {
        return Err(Refusal::conflict("error-space-staff-only"));
    }
    let message = decision_message(message, false)?;
    let mut tx = db::begin_write(pool).await?;
    let before = booking(&mut *tx, id).await?;
    approve_in(&mut tx, tz, now, req, &before, message.as_deref()).await?;
    let after = booking(&mut *tx, id).await?;
    crate::spaces::notices::decided(&mut tx, &after, message.as_deref()).await?;
    audit::record(
        &mut tx,
        &req.actor(),
        "space.booking.approve",
        "space_booking",
        id,
        Some(&json!({ "state": before.state })),
        Some(&json!({ "state": after.state, "message": message })),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub(super) async fn approve_in(
    tx: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    b: &Booking,
    message: Option<&str>,
) -> Result<(), Refusal> {
    if b.state != "requested" {
        return Err(Refusal::conflict("error-space-not-requested"));
    }
    if b.end() <= now {
        return Err(Refusal::conflict("error-space-in-past"));
    }
    let space = space(&mut *tx, b.space_id).await?;
    let use_ = use_(&mut *tx, b.use_id).await?;
    let plan = Plan {
        slot: Slot {
            space_id: b.space_id,
            use_id: b.use_id,
            day: b.start().with_timezone(&tz).date_naive(),
            start_minute: 0,
            end_minute: 0,
            start: b.start(),
            end: b.end(),
            label: None,
        },
        state: "confirmed",
        block_start: b.block_start,
        block_end: b.block_end,
        shared: b.shared,
        seats: b.seats,
        capacity: b.capacity,
        public: b.public,
        price_amount: b.price_amount,
        space,
        use_,
    };
    if let Some(c) = collision(&mut *tx, req, &plan, b.start(), b.end(), Some(b.id)).await? {
        return Err(c.refusal(tz));
    }
    sqlx::query(
        "UPDATE space_bookings SET state = 'confirmed', decision_message = ?, decided_by = ?,
             decided_at = ?, sequence = sequence + 1, updated_at = ?
         WHERE id = ? AND state = 'requested'",
    )
    .bind(message)
    .bind(req.user_id)
    .bind(db::instant_text(now))
    .bind(db::instant_text(now))
    .bind(b.id)
    .execute(&mut *tx)
    .await
    .map_err(trigger_refusal)?;
    Ok(())
}

pub(super) fn decision_message(message: &str, required: bool) -> Result<Option<String>, Refusal> {
    text_of("message", message, required)
}

/// A free text of at most 1,000 characters, named `field` in a refusal.
pub(super) fn text_of(
    field: &'static str,
    text: &str,
    required: bool,
) -> Result<Option<String>, Refusal> {
    let message = text.trim();
    if required && message.is_empty() {
        return Err(Refusal::field(field, "error-space-message-required"));
    }
    if message.chars().count() > super::NOTE_MAX {
        return Err(Refusal::field(
            field,
            crate::refusal::too_long(super::NOTE_MAX),
        ));
    }
    Ok((!message.is_empty()).then(|| message.to_owned()))
}

/// Declines a request, with a message for the requester.
pub async fn decline(
    pool: &SqlitePool,
    now: DateTime<Utc>,
    req: &Requester,
    id: i64,
    message: &str,
) -> Result<Booking, Refusal> {
    if !req.staff {
        return Err(Refusal::conflict("error-space-staff-only"));
    }
    let message = decision_message(message, true)?;
    let mut tx = db::begin_write(pool).await?;
    let before = booking(&mut *tx, id).await?;
    if before.state != "requested" {
        return Err(Refusal::conflict("error-space-not-requested"));
    }
    set_state(&mut tx, now, req, id, "declined", message.as_deref()).await?;
    let after = booking(&mut *tx, id).await?;
    crate::spaces::notices::decided(&mut tx, &after, message.as_deref()).await?;
    audit::record(
        &mut tx,
        &req.actor(),
        "space.booking.decline",
        "space_booking",
        id,
        Some(&json!({ "state": before.state })),
        Some(&json!({ "state": after.state, "message": message })),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub(super) async fn set_state(
    tx: &mut sqlx::SqliteConnection,
    now: DateTime<Utc>,
    req: &Requester,
    id: i64,
    state: &str,
    message: Option<&str>,
) -> Result<(), Refusal> {
    sqlx::query(
        // A request withdrawn or declined was never announced: it leaves the public agenda.
        "UPDATE space_bookings SET state = ?, decision_message = coalesce(?, decision_message),
             decided_by = ?, decided_at = ?, sequence = sequence + 1, updated_at = ?,
             public = CASE WHEN state = 'requested' THEN 0 ELSE public END
         WHERE id = ?",
    )
    .bind(state)
    .bind(message)
    .bind(req.user_id)
    .bind(db::instant_text(now))
    .bind(db::instant_text(now))
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(trigger_refusal)?;
    Ok(())
}

/// One date of a series, or it and the ones after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    One,
    Following,
}

/// The bookings a change applies to, live ones only.
pub(super) async fn in_scope(
    tx: &mut sqlx::SqliteConnection,
    b: &Booking,
    scope: Scope,
) -> Result<Vec<Booking>, sqlx::Error> {
    Ok(match (scope, b.series_id) {
        (Scope::Following, Some(series)) => of_series(&mut *tx, series)
            .await?
            .into_iter()
            .filter(|o| o.start_at >= b.start_at && o.is_live())
            .collect(),
        _ => vec![b.clone()],
    })
}

/// Approves a whole series' waiting dates at once, by its policy: all-or-nothing refuses the
/// approval if one date collides; skip-conflicts confirms the free dates and declines the others.
pub async fn approve_series(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    series_id: i64,
    message: &str,
) -> Result<Vec<Booking>, Refusal> {
    if !req.staff {
        return Err(Refusal::conflict("error-space-staff-only"));
    }
    let message = decision_message(message, false)?;
    let mut tx = db::begin_write(pool).await?;
    let policy: Option<String> = sqlx::query_scalar("SELECT policy FROM space_series WHERE id = ?")
        .bind(series_id)
        .fetch_optional(&mut *tx)
        .await?;
    let policy = policy
        .as_deref()
        .and_then(Policy::parse)
        .ok_or(Refusal::NotFound)?;
    let waiting: Vec<Booking> = of_series(&mut *tx, series_id)
        .await?
        .into_iter()
        .filter(|b| b.state == "requested" && b.end() > now)
        .collect();
    if waiting.is_empty() {
        return Err(Refusal::conflict("error-space-not-requested"));
    }
    for b in &waiting {
        match approve_in(&mut tx, tz, now, req, b, message.as_deref()).await {
            Ok(()) => {}
            Err(Refusal::Conflict { key, arg }) if policy == Policy::SkipConflicts => {
                let _ = key;
                set_state(
                    &mut tx,
                    now,
                    req,
                    b.id,
                    "declined",
                    Some(&format!("Conflit : {arg}")),
                )
                .await?;
            }
            Err(e) => return Err(e),
        }
    }
    audit::record(
        &mut tx,
        &req.actor(),
        "space.series.approve",
        "space_series",
        series_id,
        None,
        Some(&json!({ "message": message })),
    )
    .await?;
    crate::spaces::notices::series_decided(&mut tx, series_id, now, message.as_deref()).await?;
    let after = of_series(&mut *tx, series_id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Declines every waiting date of a series at once, with one message for the requester (the
/// same on each date). Dates already decided keep their state.
pub async fn decline_series(
    pool: &SqlitePool,
    now: DateTime<Utc>,
    req: &Requester,
    series_id: i64,
    message: &str,
) -> Result<Vec<Booking>, Refusal> {
    if !req.staff {
        return Err(Refusal::conflict("error-space-staff-only"));
    }
    let message = decision_message(message, true)?;
    let mut tx = db::begin_write(pool).await?;
    let known: Option<i64> = sqlx::query_scalar("SELECT id FROM space_series WHERE id = ?")
        .bind(series_id)
        .fetch_optional(&mut *tx)
        .await?;
    if known.is_none() {
        return Err(Refusal::NotFound);
    }
    let waiting: Vec<i64> = of_series(&mut *tx, series_id)
        .await?
        .into_iter()
        .filter(|b| b.state == "requested")
        .map(|b| b.id)
        .collect();
    if waiting.is_empty() {
        return Err(Refusal::conflict("error-space-not-requested"));
    }
    for id in &waiting {
        set_state(&mut tx, now, req, *id, "declined", message.as_deref()).await?;
    }
    audit::record(
        &mut tx,
        &req.actor(),
        "space.series.decline",
        "space_series",
        series_id,
        Some(&json!({ "requested": waiting })),
        Some(&json!({ "declined": waiting, "message": message })),
    )
    .await?;
    crate::spaces::notices::series_decided(&mut tx, series_id, now, message.as_deref()).await?;
    let after = of_series(&mut *tx, series_id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Cancels a booking, or it and the following dates of its series.
pub async fn cancel(
    pool: &SqlitePool,
    now: DateTime<Utc>,
    req: &Requester,
    id: i64,
    scope: Scope,
    reason: &str,
) -> Result<Vec<Booking>, Refusal> {
    let reason = text_of("reason", reason, false)?;
    let mut tx = db::begin_write(pool).await?;
    let b = booking(&mut *tx, id).await?;
    if !may_manage(req, &b) {
        return Err(Refusal::NotFound);
    }
    if !b.is_live() {
        return Err(Refusal::conflict("error-space-not-live"));
    }
    if b.end() <= now {
        return Err(Refusal::conflict("error-space-already-over"));
    }
    let targets = in_scope(&mut tx, &b, scope).await?;
    for t in &targets {
        set_state(&mut tx, now, req, t.id, "cancelled", reason.as_deref()).await?;
    }
    let ids: Vec<i64> = targets.iter().map(|t| t.id).collect();
    audit::record(
        &mut tx,
        &req.actor(),
        "space.booking.cancel",
        "space_booking",
        id,
        None,
        Some(&json!({ "cancelled": ids, "reason": reason })),
    )
    .await?;
    let first = booking(&mut *tx, id).await?;
    crate::spaces::notices::cancelled(&mut tx, &first, ids.len() > 1, reason.as_deref()).await?;
    let mut after = vec![];
    for i in ids {
        after.push(booking(&mut *tx, i).await?);
    }
    tx.commit().await?;
    Ok(after)
}

/// New local hours for a booking (and a new day, for one booking).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Reschedule {
    /// Only with scope `one`: the new local day (default: the same).
    #[serde(default)]
    pub day: Option<NaiveDate>,
    /// `HH:MM` local.
    pub start: String,
    pub end: String,
    pub scope: Scope,
}

/// Moves a booking, or it and the following dates of its series (all of them or none: each keeps
/// its day and takes the new hours). A moved booking keeps its UID; its SEQUENCE goes up.
pub async fn reschedule(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    id: i64,
    change: &Reschedule,
) -> Result<Vec<Booking>, Refusal> {
    let (Some(s), Some(e)) = (
        crate::spaces::parse_hhmm(&change.start),
        crate::spaces::parse_hhmm(&change.end),
    ) else {
        return Err(Refusal::field("start", "error-space-time-invalid"));
    };
    if e <= s {
        return Err(Refusal::field("end", "error-space-end-before-start"));
    }
    if change.day.is_some() && change.scope == Scope::Following {
        return Err(Refusal::field("day", "error-space-day-with-following"));
    }
    let mut tx = db::begin_write(pool).await?;
    let b = booking(&mut *tx, id).await?;
    if !may_manage(req, &b) {
        return Err(Refusal::NotFound);
    }
    if !b.is_live() {
        return Err(Refusal::conflict("error-space-not-live"));
    }
    let use_ = use_(&mut *tx, b.use_id).await?;
    if use_.approval && !req.staff && b.state == "confirmed" {
        return Err(Refusal::conflict("error-space-edit-needs-desk"));
    }
    let targets = in_scope(&mut tx, &b, change.scope).await?;
    let mut moved = vec![];
    for t in &targets {
        let day = change
            .day
            .unwrap_or_else(|| t.start().with_timezone(&tz).date_naive());
        let start = timetable::instant(tz, day, s);
        let end = timetable::instant(tz, day, e);
        let nb = NewBooking {
            space_id: t.space_id,
            start,
            end,
            title: t.title.clone(),
            note: t.note.clone(),
            association_id: t.association_id,
            person_id: t.person_id,
            seats: t.seats,
            attendees_expected: t.attendees_expected,
            public: Some(t.public),
            request_key: None,
        };
        let p = plan(&mut tx, tz, now, req, &nb)
            .await
            .map_err(|r| with_day(r, day))?;
        // Moved into a window whose use the desk approves, a booking would keep its
        // confirmation without the desk having seen it.
        if t.state == "confirmed" && p.state == "requested" {
            return Err(Refusal::Conflict {
                key: "error-space-move-needs-approval",
                arg: day.format("%d/%m/%Y").to_string(),
            });
        }
        if t.state == "confirmed"
            && let Some(c) = collision(&mut tx, req, &p, start, end, Some(t.id)).await?
        {
            return Err(with_day(c.refusal(tz), day));
        }
        sqlx::query(
            "UPDATE space_bookings SET start_at = ?, end_at = ?, block_start = ?, block_end = ?,
                 use_id = ?, shared = ?, capacity = ?, price_amount = ?, sequence = sequence + 1,
                 updated_at = ?
             WHERE id = ?",
        )
        .bind(db::instant_text(start))
        .bind(db::instant_text(end))
        .bind(p.block_start)
        .bind(p.block_end)
        .bind(p.use_.id)
        // A seat moved into an exclusive use holds the room, for the triggers too.
        .bind(p.shared)
        .bind(p.capacity)
        .bind(p.price_amount)
        .bind(db::instant_text(now))
        .bind(t.id)
        .execute(&mut *tx)
        .await
        .map_err(trigger_refusal)?;
        moved.push(t.id);
    }
    audit::record(
        &mut tx,
        &req.actor(),
        "space.booking.reschedule",
        "space_booking",
        id,
        Some(&json!({ "start": b.start_at, "end": b.end_at })),
        Some(
            &json!({ "moved": moved, "start": change.start, "end": change.end, "day": change.day }),
        ),
    )
    .await?;
    let mut after = vec![];
    for i in moved {
        after.push(booking(&mut *tx, i).await?);
    }
    if let Some(first) = after.iter().find(|m| m.id == id) {
        crate::spaces::notices::moved(&mut tx, first, b.start()).await?;
    }
    tx.commit().await?;
    Ok(after)
}

/// A refusal for one date of several: the date goes in front of the argument.
pub(super) fn with_day(r: Refusal, day: NaiveDate) -> Refusal {
    match r {
        Refusal::Conflict { key, arg } => Refusal::Conflict {
            key,
            arg: format!("{} — {arg}", day.format("%d/%m/%Y")),
        },
        other => other,
    }
}

/// Releases confirmed bookings whose use needs a badge check-in and that nobody checked in to
/// within the grace period. Returns how many.
pub async fn release_no_shows(pool: &SqlitePool, now: DateTime<Utc>) -> Result<usize, sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    let due: Vec<(i64, String)> = sqlx::query_as(
        "SELECT b.id, b.uid FROM space_bookings b JOIN space_uses u ON u.id = b.use_id
         WHERE b.state = 'confirmed' AND b.checked_in_at IS NULL
           AND u.checkin_grace_minutes IS NOT NULL
           AND unixepoch(b.start_at) + u.checkin_grace_minutes * 60 <= ?1
           AND unixepoch(b.end_at) > ?1 - 86400",
    )
    .bind(now.timestamp())
    .fetch_all(&mut *tx)
    .await?;
    for (id, _) in &due {
        sqlx::query(
            "UPDATE space_bookings SET state = 'released', sequence = sequence + 1,
                 decided_at = ?, updated_at = ? WHERE id = ?",
        )
        .bind(db::instant_text(now))
        .bind(db::instant_text(now))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            &Actor {
                id: None,
                name: "system".into(),
            },
            "space.booking.release",
            "space_booking",
            id,
            Some(&json!({ "state": "confirmed" })),
            Some(&json!({ "state": "released", "reason": "no_show" })),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(due.len())
}
