//! Shifts as they were served: the review queue, how minutes are valued, closing a shift
//! (by a tap, by the desk, or when the tap-out was forgotten), shifts the desk records without
//! a badge, and memberships.

use super::*;

/// A shift as served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Session {
    pub id: i64,
    pub person_id: i64,
    pub person: String,
    pub activity_id: i64,
    pub activity: String,
    pub shift_id: Option<i64>,
    pub kiosk_id: Option<String>,
    pub started_at: String,
    pub close_by: String,
    pub cap_minutes: i64,
    pub pending_no: i64,
    pub ended_at: Option<String>,
    /// `tap`, `auto` (forgotten tap-out) or `desk`.
    pub end_kind: Option<String>,
    pub minutes: Option<i64>,
    pub resolution_no: Option<i64>,
    /// Why a human should look, space-separated: `unplanned`, `forgotten`, `clock_skew`.
    pub review: String,
    pub reviewed_at: Option<String>,
    pub reviewed_by: Option<String>,
    pub review_note: Option<String>,
}

impl Session {
    pub fn review_reasons(&self) -> Vec<&str> {
        self.review.split_whitespace().collect()
    }
}

pub async fn session(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Session, Refusal> {
    sqlx::query_as(concat!(session_select!(), "WHERE x.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(Refusal::NotFound)
}

/// Shifts being served now.
pub async fn open_sessions(pool: &SqlitePool) -> Result<Vec<Session>, sqlx::Error> {
    sqlx::query_as(concat!(
        session_select!(),
        "WHERE x.ended_at IS NULL ORDER BY x.started_at"
    ))
    .fetch_all(pool)
    .await
}

/// The review queue: unplanned shifts, forgotten tap-outs, clock skew — oldest first.
pub async fn review_queue(pool: &SqlitePool) -> Result<Vec<Session>, sqlx::Error> {
    sqlx::query_as(concat!(
        session_select!(),
        "WHERE x.review <> '' AND x.reviewed_at IS NULL ORDER BY x.id"
    ))
    .fetch_all(pool)
    .await
}

/// How many shifts wait in the review queue.
pub async fn review_count(pool: &SqlitePool) -> Result<usize, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sel_sessions WHERE review <> '' AND reviewed_at IS NULL",
    )
    .fetch_one(pool)
    .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// A person's shifts served, newest first.
pub async fn sessions_of_person(
    pool: &SqlitePool,
    person_id: i64,
    limit: i64,
) -> Result<Vec<Session>, sqlx::Error> {
    sqlx::query_as(concat!(
        session_select!(),
        "WHERE x.person_id = ? ORDER BY x.started_at DESC LIMIT ?"
    ))
    .bind(person_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Marks a reviewed shift as seen, with a note. Minutes are changed by a correction of its
/// transfer, not here.
/// The longest review note, in characters.
pub const REVIEW_NOTE_MAX: usize = 500;

pub async fn mark_reviewed(
    pool: &SqlitePool,
    actor: &Actor,
    session_id: i64,
    note: &str,
) -> Result<Session, Refusal> {
    let note = note.trim();
    if note.chars().count() > REVIEW_NOTE_MAX {
        return Err(Refusal::field(
            "note",
            crate::refusal::too_long(REVIEW_NOTE_MAX),
        ));
    }
    let mut tx = db::begin_write(pool).await?;
    let s = session(&mut *tx, session_id).await?;
    if s.ended_at.is_none() {
        return Err(Refusal::conflict("error-sel-session-open"));
    }
    if s.review.is_empty() || s.reviewed_at.is_some() {
        return Err(Refusal::conflict("error-sel-already-reviewed"));
    }
    sqlx::query(
        "UPDATE sel_sessions SET reviewed_at = ?, reviewed_by = ?, review_note = ? WHERE id = ?",
    )
    .bind(db::now_text())
    .bind(&actor.name)
    .bind(note)
    .bind(session_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "sel.review",
        "sel_session",
        session_id,
        None,
        Some(&json!({"note": note})),
    )
    .await?;
    let s = session(&mut *tx, session_id).await?;
    tx.commit().await?;
    Ok(s)
}

/// Minutes a shift served is worth: real elapsed minutes, rounded, capped.
pub fn valuation(started: DateTime<Utc>, ended: DateTime<Utc>, cap: i64, rounding: i64) -> i64 {
    let elapsed = (ended - started).num_seconds().max(0);
    let minutes = round_minutes((elapsed + 30) / 60, rounding);
    minutes.clamp(0, cap.max(0))
}

/// How a shift ends: when, by what (`tap`, `auto`, `desk`), the tap's event, and what to review.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ending<'a> {
    pub(super) at: DateTime<Utc>,
    pub(super) kind: &'a str,
    pub(super) event_id: Option<&'a str>,
    pub(super) review: &'a [&'a str],
}

/// Closes an open shift at `ended`: posts its minutes (or voids the reservation when it is worth
/// nothing) and records how it ended. Returns the minutes credited.
pub(super) async fn close_session(
    tx: &mut sqlx::SqliteConnection,
    settings: &Settings,
    actor: &Actor,
    s: &Session,
    end: Ending<'_>,
) -> Result<i64, Refusal> {
    let Ending {
        at: ended,
        kind: end_kind,
        event_id: end_event_id,
        review: add_review,
    } = end;
    let pending = ledger::open_pending(&mut *tx, s.pending_no)
        .await?
        .ok_or_else(|| Refusal::conflict("error-sel-not-pending"))?;
    let started = parse_instant(&s.started_at);
    let minutes =
        valuation(started, ended, s.cap_minutes, settings.rounding_minutes).min(pending.amount);
    let op = Operation {
        id: ledger::internal_id(format_args!("session-{}-close", s.id)),
        kind: "shift",
        request: json!({"session": s.id, "minutes": minutes, "end": db::instant_text(ended)}),
        actor,
    };
    let mut spec = TransferSpec::resolve(&pending, (minutes > 0).then_some(minutes));
    spec.session_id = Some(s.id);
    let written = ledger::write(&mut *tx, &op, &[spec]).await?;
    let resolution = written.transfers.first().map(|t| t.no);
    let mut review: Vec<&str> = s.review_reasons();
    for r in add_review {
        if !review.contains(r) {
            review.push(r);
        }
    }
    sqlx::query(
        "UPDATE sel_sessions SET ended_at = ?, end_kind = ?, end_event_id = ?, minutes = ?,
             resolution_no = ?, review = ? WHERE id = ? AND ended_at IS NULL",
    )
    .bind(db::instant_text(ended))
    .bind(end_kind)
    .bind(end_event_id)
    .bind(minutes)
    .bind(resolution)
    .bind(review.join(" "))
    .bind(s.id)
    .execute(&mut *tx)
    .await?;
    Ok(minutes)
}

/// Closes the shifts whose tap-out was forgotten: at their deadline (planned end plus tolerance,
/// or the longest unplanned shift), flagged for review. Returns how many were closed.
pub async fn close_overdue(pool: &SqlitePool, now: DateTime<Utc>) -> Result<usize, Refusal> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM sel_sessions WHERE ended_at IS NULL AND close_by <= ? ORDER BY id",
    )
    .bind(db::instant_text(now))
    .fetch_all(pool)
    .await?;
    let actor = Actor {
        id: None,
        name: "système".into(),
    };
    let mut closed = 0;
    // One transaction each: a shift that cannot be closed does not hold the others back.
    for id in due {
        let mut tx = db::begin_write(pool).await?;
        let settings = Settings::load(&mut *tx).await?;
        let s = session(&mut *tx, id).await?;
        if s.ended_at.is_some() {
            continue;
        }
        let close_by = parse_instant(&s.close_by);
        match close_session(
            &mut tx,
            &settings,
            &actor,
            &s,
            Ending {
                at: close_by,
                kind: "auto",
                event_id: None,
                review: &["forgotten"],
            },
        )
        .await
        {
            Ok(_) => {
                tx.commit().await?;
                closed += 1;
            }
            Err(e) => {
                tracing::error!(session = id, error = %e, "could not close a forgotten SEL shift")
            }
        }
    }
    Ok(closed)
}

/// The desk closes a shift by hand (the person left without tapping and said when).
pub async fn close_by_desk(
    pool: &SqlitePool,
    actor: &Actor,
    session_id: i64,
    ended: DateTime<Utc>,
) -> Result<Session, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let settings = Settings::load(&mut *tx).await?;
    let s = session(&mut *tx, session_id).await?;
    if s.ended_at.is_some() {
        return Err(Refusal::conflict("error-sel-session-closed"));
    }
    if ended < parse_instant(&s.started_at) || ended > Utc::now() + Duration::minutes(5) {
        return Err(Refusal::field("ended_at", "error-sel-end-invalid"));
    }
    let minutes = close_session(
        &mut tx,
        &settings,
        actor,
        &s,
        Ending {
            at: ended,
            kind: "desk",
            event_id: None,
            review: &[],
        },
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        "sel.session.close",
        "sel_session",
        session_id,
        None,
        Some(&json!({"ended_at": db::instant_text(ended), "minutes": minutes})),
    )
    .await?;
    let s = session(&mut *tx, session_id).await?;
    tx.commit().await?;
    Ok(s)
}

/// A shift served that no kiosk saw (a forgotten badge, a kiosk out of order), told to the desk.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct DeskShiftInput {
    /// Idempotency key (a UUID made with the form).
    pub id: String,
    pub person_id: i64,
    pub activity_id: i64,
    /// Start and end (RFC 3339 instants).
    #[schema(value_type = String, format = DateTime)]
    pub started_at: DateTime<Utc>,
    #[schema(value_type = String, format = DateTime)]
    pub ended_at: DateTime<Utc>,
}

/// Records a shift served from its two times, as the desk was told: a shift like any other
/// (valued, rounded, capped by the longest unplanned shift, posted from the pool), ended by the
/// desk. Refused in the future, backwards, longer than 16 h, or overlapping another shift of the
/// same person. The same id again is a replay (`true` with the shift it recorded).
pub async fn record_by_desk(
    pool: &SqlitePool,
    actor: &Actor,
    input: &DeskShiftInput,
) -> Result<(Session, bool), Refusal> {
    ledger::check_caller_id(&input.id)?;
    let (start, end) = (input.started_at, input.ended_at);
    if end <= start || end - start > Duration::hours(16) || end > Utc::now() + Duration::minutes(5)
    {
        return Err(Refusal::field("ended_at", "error-sel-end-invalid"));
    }
    let mut tx = db::begin_write(pool).await?;
    // A replay: the shift this id recorded.
    let seen: Option<i64> = sqlx::query_scalar(
        "SELECT x.id FROM sel_sessions x JOIN sel_transfers t ON t.no = x.pending_no
         WHERE t.operation_id = ?",
    )
    .bind(&input.id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = seen {
        return Ok((session(&mut *tx, id).await?, true));
    }
    let settings = Settings::load(&mut *tx).await?;
    let act = activity(&mut *tx, input.activity_id)
        .await
        .map_err(|_| Refusal::field("activity_id", "error-sel-activity-unknown"))?;
    let account = ledger::member_account(&mut tx, input.person_id).await?;
    let overlap: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM sel_sessions WHERE person_id = ?
           AND started_at < ? AND COALESCE(ended_at, close_by) > ? LIMIT 1",
    )
    .bind(input.person_id)
    .bind(db::instant_text(end))
    .bind(db::instant_text(start))
    .fetch_optional(&mut *tx)
    .await?;
    if overlap.is_some() {
        return Err(Refusal::conflict("error-sel-shift-overlap"));
    }
    let cap = settings
        .unplanned_max_minutes
        .max((end - start).num_minutes());
    let reserve = cap.min(account.receivable(&settings));
    if reserve <= 0 {
        return Err(Refusal::Conflict {
            key: "error-sel-above-ceiling",
            arg: hours(account.receivable(&settings).max(0)),
        });
    }
    let day = start.format("%d/%m/%Y");
    let op = Operation {
        id: input.id.clone(),
        kind: "shift",
        request: json!({"person_id": input.person_id, "activity_id": act.id,
                        "started_at": db::instant_text(start), "ended_at": db::instant_text(end)}),
        actor,
    };
    let written = ledger::write(
        &mut tx,
        &op,
        &[
            TransferSpec::pending(POOL_ACCOUNT, account.id, reserve, Kind::Shift).memo(format!(
                "Permanence {} du {day} (saisie à l'accueil)",
                act.name
            )),
        ],
    )
    .await?;
    let pending_no = written
        .transfers
        .first()
        .map(|t| t.no)
        .ok_or_else(|| Refusal::conflict("error-sel-nothing-to-write"))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sel_sessions (person_id, activity_id, started_at, close_by, cap_minutes,
             pending_no) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(input.person_id)
    .bind(act.id)
    .bind(db::instant_text(start))
    .bind(db::instant_text(end))
    .bind(reserve)
    .bind(pending_no)
    .fetch_one(&mut *tx)
    .await?;
    let s = session(&mut *tx, id).await?;
    let minutes = close_session(
        &mut tx,
        &settings,
        actor,
        &s,
        Ending {
            at: end,
            kind: "desk",
            event_id: None,
            review: &[],
        },
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        "sel.session.record",
        "sel_session",
        id,
        None,
        Some(&json!({"person_id": input.person_id, "activity": act.name,
                     "started_at": db::instant_text(start), "ended_at": db::instant_text(end),
                     "minutes": minutes})),
    )
    .await?;
    let s = session(&mut *tx, id).await?;
    tx.commit().await?;
    Ok((s, false))
}

/// Records a membership year, fee paid or not.
pub async fn set_membership(
    pool: &SqlitePool,
    actor: &Actor,
    person_id: i64,
    year: i32,
    paid: bool,
) -> Result<(), Refusal> {
    if !(super::super::YEARS.0..=super::super::YEARS.1).contains(&year) {
        return Err(Refusal::field("year", "error-sel-year-invalid"));
    }
    let mut tx = db::begin_write(pool).await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM persons WHERE id = ?")
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(Refusal::NotFound);
    }
    let now = db::now_text();
    sqlx::query(
        "INSERT INTO sel_memberships (person_id, year, fee_paid_at, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (person_id, year) DO UPDATE SET fee_paid_at = ?3, recorded_at = ?4,
             recorded_by = ?5",
    )
    .bind(person_id)
    .bind(year)
    .bind(paid.then_some(&now))
    .bind(&now)
    .bind(&actor.name)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "sel.membership",
        "person",
        person_id,
        None,
        Some(&json!({"year": year, "paid": paid})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the person's membership for `year` is paid (`None`: not a member that year).
pub async fn membership(
    conn: impl sqlx::SqliteExecutor<'_>,
    person_id: i64,
    year: i32,
) -> Result<Option<bool>, sqlx::Error> {
    let row: Option<Option<String>> = sqlx::query_scalar(
        "SELECT fee_paid_at FROM sel_memberships WHERE person_id = ? AND year = ?",
    )
    .bind(person_id)
    .bind(year)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|paid| paid.is_some()))
}
