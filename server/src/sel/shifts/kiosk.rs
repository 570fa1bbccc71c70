//! A tap at a `sel` kiosk: what it means (a shift started, ended, or waiting for the desk's
//! look) and what the kiosk shows.

use super::*;

/// A tap at a `sel` kiosk, as ingestion hands it over.
#[derive(Debug, Clone)]
pub struct Tap<'a> {
    pub event_id: &'a str,
    pub kiosk_id: &'a str,
    pub person_id: i64,
    pub first_name: &'a str,
    /// A hostel guest's badge: they join as a participant, without the membership.
    pub guest: bool,
    /// The kiosk's read time (a tap delivered late from an offline kiosk counts then).
    pub read_at: DateTime<Utc>,
    /// The skew check's verdict (`delayed`, `clock_ahead`), if any.
    pub flagged: Option<&'a str>,
}

/// What a tap at a `sel` kiosk meant: the ack's result and display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TapAnswer {
    pub result: AckResult,
    pub display: Display,
}

pub(super) fn answer(result: AckResult, title: String, lines: Vec<String>) -> TapAnswer {
    TapAnswer {
        result,
        display: Display { title, lines },
    }
}

/// Decides and writes what a tap at a `sel` kiosk means, inside ingestion's transaction: start a
/// shift (pending credit) or end the open one (post the minutes).
pub async fn tap(
    tx: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    tap: &Tap<'_>,
) -> Result<TapAnswer, sqlx::Error> {
    match tap_inner(tx, tz, tap).await {
        Ok(a) => Ok(a),
        Err(Refusal::Db(e)) => Err(e),
        // A rule refused it (the ledger's limits): say so at the kiosk.
        Err(Refusal::Conflict { key, .. }) => Ok(answer(
            AckResult::NotAllowed,
            format!("Bonjour {}", tap.first_name),
            match key {
                "error-sel-above-ceiling" => {
                    vec!["Plafond SEL atteint".into(), "Voyez l'accueil".into()]
                }
                _ => vec![
                    "Permanence non enregistrée".into(),
                    "Voyez l'accueil".into(),
                ],
            },
        )),
        Err(_) => Ok(answer(
            AckResult::NotAllowed,
            format!("Bonjour {}", tap.first_name),
            vec![
                "Permanence non enregistrée".into(),
                "Voyez l'accueil".into(),
            ],
        )),
    }
}

pub(super) async fn tap_inner(
    tx: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    tap: &Tap<'_>,
) -> Result<TapAnswer, Refusal> {
    let settings = Settings::load(&mut *tx).await?;
    let hello = format!("Bonjour {}", tap.first_name);
    let at_local = tap.read_at.with_timezone(&tz);
    let clock = french_time(tap.read_at, tz);
    let Some(account) = ledger::account_of_person(&mut *tx, tap.person_id).await? else {
        return Ok(answer(
            AckResult::NotAllowed,
            hello,
            vec!["Pas encore de compte SEL".into(), "Voyez l'accueil".into()],
        ));
    };
    let actor = Actor {
        id: None,
        name: format!("borne {}", tap.kiosk_id),
    };
    let skew: &[&str] = if tap.flagged.is_some() {
        &["clock_skew"]
    } else {
        &[]
    };

    let open: Option<Session> = sqlx::query_as(concat!(
        session_select!(),
        "WHERE x.person_id = ? AND x.ended_at IS NULL"
    ))
    .bind(tap.person_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(s) = open {
        let started = parse_instant(&s.started_at);
        if tap.read_at < started {
            // Read before the shift being served began: delivered late by another kiosk that was
            // offline. It cannot end this shift; the desk looks at it.
            flag_for_review(&mut *tx, &s, "early_tap").await?;
            return Ok(answer(
                AckResult::Recorded,
                hello,
                vec!["Passage enregistré".into(), "Voyez l'accueil".into()],
            ));
        }
        if tap.read_at < started + Duration::seconds(settings.repeat_tap_seconds) {
            // A second tap right after the first: not a tap-out.
            return Ok(already_started(hello, &s, tz));
        }
        let minutes = close_session(
            tx,
            &settings,
            &actor,
            &s,
            Ending {
                at: tap.read_at,
                kind: "tap",
                event_id: Some(tap.event_id),
                review: skew,
            },
        )
        .await?;
        let balance = ledger::account(&mut *tx, account.id).await?.posted;
        return Ok(ended_answer(tap.first_name, &clock, minutes, balance));
    }

    // A second tap right after a tap-out: not a new shift.
    let just_ended: Option<(String, String)> = sqlx::query_as(
        "SELECT x.ended_at, a.name FROM sel_sessions x JOIN sel_activities a ON a.id = x.activity_id
         WHERE x.person_id = ? AND x.end_kind = 'tap' AND x.ended_at <= ? AND x.ended_at > ?
         ORDER BY x.ended_at DESC LIMIT 1",
    )
    .bind(tap.person_id)
    .bind(db::instant_text(tap.read_at))
    .bind(db::instant_text(
        tap.read_at - Duration::seconds(settings.repeat_tap_seconds),
    ))
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((ended, activity)) = just_ended {
        let at = french_time(parse_instant(&ended), tz);
        return Ok(answer(
            AckResult::Recorded,
            hello,
            vec![
                format!("Permanence {activity} déjà finie"),
                format!("à {at}"),
                format!("Solde : {}", hours(account.posted)),
            ],
        ));
    }

    // The tap-out of a shift already closed automatically (the kiosk was offline past the
    // deadline): the shift ends at the tap's read time, and what the automatic close credited too
    // much goes back to the pool by a correction linked to it.
    let closed_early: Option<Session> = sqlx::query_as(concat!(
        session_select!(),
        "WHERE x.person_id = ? AND x.end_kind = 'auto' AND x.started_at < ? AND x.ended_at >= ?
         ORDER BY x.started_at DESC LIMIT 1"
    ))
    .bind(tap.person_id)
    .bind(db::instant_text(tap.read_at))
    .bind(db::instant_text(tap.read_at))
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(s) = closed_early {
        let started = parse_instant(&s.started_at);
        if tap.read_at < started + Duration::seconds(settings.repeat_tap_seconds) {
            return Ok(already_started(hello, &s, tz));
        }
        // What the shift credits now: the automatic close, and any correction made since (by
        // the desk too), so that nothing is taken back twice.
        let credited: i64 = match s.resolution_no {
            Some(no) => {
                sqlx::query_scalar(
                    "SELECT r.amount + COALESCE((SELECT sum(CASE WHEN c.debit_account = r.debit_account
                                                          THEN c.amount ELSE -c.amount END)
                                                 FROM sel_transfers c WHERE c.corrects_no = r.no), 0)
                     FROM sel_transfers r WHERE r.no = ?",
                )
                .bind(no)
                .fetch_one(&mut *tx)
                .await?
            }
            None => 0,
        };
        let real = valuation(
            started,
            tap.read_at,
            s.cap_minutes,
            settings.rounding_minutes,
        )
        .min(credited.max(0));
        if let (Some(resolution), true) = (s.resolution_no, real < credited) {
            let reason = format!(
                "Sortie badgée à {clock}, reçue après la clôture automatique ({})",
                french_time(parse_instant(&s.close_by), tz)
            );
            let op = Operation {
                id: ledger::internal_id(format_args!("tap-{}", tap.event_id)),
                kind: "correction",
                request: json!({"session": s.id, "minutes": real - credited}),
                actor: &actor,
            };
            let spec = TransferSpec {
                corrects_no: Some(resolution),
                reason: Some(reason),
                session_id: Some(s.id),
                ..TransferSpec::posted(account.id, POOL_ACCOUNT, credited - real, Kind::Correction)
                    .memo(format!("Correction du mouvement n° {resolution}"))
            };
            ledger::write(&mut *tx, &op, &[spec]).await?;
        }
        let mut review = s.review_reasons();
        for r in skew {
            if !review.contains(r) {
                review.push(r);
            }
        }
        sqlx::query(
            "UPDATE sel_sessions SET ended_at = ?, end_kind = 'tap', end_event_id = ?, review = ?,
                 minutes = ? WHERE id = ?",
        )
        .bind(db::instant_text(tap.read_at))
        .bind(tap.event_id)
        .bind(review.join(" "))
        .bind(real)
        .bind(s.id)
        .execute(&mut *tx)
        .await?;
        let balance = ledger::account(&mut *tx, account.id).await?.posted;
        return Ok(ended_answer(tap.first_name, &clock, real, balance));
    }

    // A tap within the hour after the desk or the server closed this person's shift: most likely
    // the tap-out, come too late. No new shift; the desk looks at it.
    let closed_before: Option<Session> = sqlx::query_as(concat!(
        session_select!(),
        "WHERE x.person_id = ? AND x.end_kind IN ('auto', 'desk') AND x.ended_at <= ?
           AND x.ended_at > ?
         ORDER BY x.ended_at DESC LIMIT 1"
    ))
    .bind(tap.person_id)
    .bind(db::instant_text(tap.read_at))
    .bind(db::instant_text(tap.read_at - Duration::minutes(60)))
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(s) = closed_before {
        flag_for_review(&mut *tx, &s, "late_tap").await?;
        let at = french_time(s.ended_at.as_deref().map_or(tap.read_at, parse_instant), tz);
        return Ok(answer(
            AckResult::Recorded,
            hello,
            vec![
                format!("Permanence déjà close à {at}"),
                "Voyez l'accueil".into(),
            ],
        ));
    }

    // A new shift: membership first (a hostel guest joins as a participant, for their stay).
    let year = at_local.year();
    let paid = tap.guest || membership(&mut *tx, tap.person_id, year).await? == Some(true);
    let mut warn = vec![];
    if !paid {
        match settings.membership_policy.as_str() {
            "refuse" => {
                return Ok(answer(
                    AckResult::NotAllowed,
                    hello,
                    vec![
                        format!("Adhésion {year} à régler"),
                        "Voyez l'accueil".into(),
                    ],
                ));
            }
            "warn" => warn.push(format!("Adhésion {year} à régler")),
            _ => {}
        }
    }

    // The planned shift it belongs to: one this person signed up for, else one with a place
    // left (they are signed up on the spot), at an activity badged at this kiosk.
    let window_from = db::instant_text(tap.read_at + Duration::minutes(EARLY_MINUTES));
    let at_text = db::instant_text(tap.read_at);
    let planned: Option<(i64, i64, String, String, String, bool)> = sqlx::query_as(
        "SELECT s.id, s.activity_id, a.name, s.starts_at, s.ends_at,
                EXISTS (SELECT 1 FROM sel_signups g WHERE g.shift_id = s.id AND g.person_id = ?1
                        AND g.withdrawn_at IS NULL) AS mine
         FROM sel_shifts s JOIN sel_activities a ON a.id = s.activity_id
         WHERE s.cancelled_at IS NULL AND a.active
           AND (a.kiosk_id IS NULL OR a.kiosk_id = ?2)
           AND s.starts_at <= ?3 AND s.ends_at > ?4
           AND (EXISTS (SELECT 1 FROM sel_signups g WHERE g.shift_id = s.id AND g.person_id = ?1
                        AND g.withdrawn_at IS NULL)
                OR (SELECT count(*) FROM sel_signups g WHERE g.shift_id = s.id
                    AND g.withdrawn_at IS NULL) < s.places)
         ORDER BY mine DESC, s.starts_at LIMIT 1",
    )
    .bind(tap.person_id)
    .bind(tap.kiosk_id)
    .bind(&window_from)
    .bind(&at_text)
    .fetch_optional(&mut *tx)
    .await?;

    let mut review: Vec<&str> = skew.to_vec();
    let (activity_id, activity_name, shift_id, cap, close_by) = match planned {
        Some((shift_id, activity_id, name, starts, ends, mine)) => {
            if !mine {
                sign_up_in(&mut *tx, &actor.name, shift_id, tap.person_id, tap.read_at).await?;
            }
            let (starts, ends) = (parse_instant(&starts), parse_instant(&ends));
            let cap = (ends - starts).num_minutes() + settings.tolerance_minutes;
            let close_by = ends + Duration::minutes(settings.tolerance_minutes);
            (activity_id, name, Some(shift_id), cap, close_by)
        }
        None => {
            let unplanned: Option<(i64, String)> = sqlx::query_as(
                "SELECT id, name FROM sel_activities
                 WHERE active AND accepts_unplanned AND (kiosk_id IS NULL OR kiosk_id = ?)
                 ORDER BY kiosk_id IS NULL, name LIMIT 1",
            )
            .bind(tap.kiosk_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((id, name)) = unplanned else {
                return Ok(answer(
                    AckResult::NotAllowed,
                    hello,
                    vec!["Pas de permanence prévue".into(), "maintenant ici".into()],
                ));
            };
            review.push("unplanned");
            let cap = settings.unplanned_max_minutes;
            (id, name, None, cap, tap.read_at + Duration::minutes(cap))
        }
    };

    let room = account.receivable(&settings);
    if room <= 0 {
        return Ok(answer(
            AckResult::NotAllowed,
            hello,
            vec![
                "Plafond SEL atteint".into(),
                format!("Solde : {}", hours(account.posted)),
            ],
        ));
    }
    let reserve = cap.min(room);
    let op = Operation {
        id: ledger::internal_id(format_args!("tap-{}", tap.event_id)),
        kind: "shift",
        request: json!({"person_id": tap.person_id, "activity_id": activity_id,
                        "shift_id": shift_id, "at": at_text, "reserve": reserve}),
        actor: &actor,
    };
    let day = at_local.format("%d/%m/%Y");
    let written = ledger::write(
        &mut *tx,
        &op,
        &[
            TransferSpec::pending(POOL_ACCOUNT, account.id, reserve, Kind::Shift)
                .memo(format!("Permanence {activity_name} du {day}")),
        ],
    )
    .await?;
    let pending_no = written
        .transfers
        .first()
        .map(|t| t.no)
        .ok_or_else(|| Refusal::conflict("error-sel-nothing-to-write"))?;
    sqlx::query(
        "INSERT INTO sel_sessions (person_id, activity_id, shift_id, kiosk_id, start_event_id,
             started_at, close_by, cap_minutes, pending_no, review)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(tap.person_id)
    .bind(activity_id)
    .bind(shift_id)
    .bind(tap.kiosk_id)
    .bind(tap.event_id)
    .bind(&at_text)
    .bind(db::instant_text(close_by))
    .bind(reserve)
    .bind(pending_no)
    .bind(review.join(" "))
    .execute(&mut *tx)
    .await?;
    let mut lines = vec![
        format!("Permanence {activity_name}"),
        format!("commencée à {clock}"),
    ];
    lines.extend(warn);
    Ok(answer(AckResult::ShiftStarted, hello, lines))
}

/// Why a shift served waits for the desk's look: no sign-up, a forgotten tap-out, the kiosk's
/// clock, a tap read before the shift being served began, a tap read after it was closed.
pub const REVIEW_REASONS: [&str; 5] = [
    "unplanned",
    "forgotten",
    "clock_skew",
    "early_tap",
    "late_tap",
];

/// Adds a reason to look at a shift (and puts it back in the queue if it had been reviewed).
pub(super) async fn flag_for_review(
    conn: &mut sqlx::SqliteConnection,
    s: &Session,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let mut review = s.review_reasons();
    if !review.contains(&reason) {
        review.push(reason);
    }
    sqlx::query(
        "UPDATE sel_sessions SET review = ?, reviewed_at = NULL, reviewed_by = NULL WHERE id = ?",
    )
    .bind(review.join(" "))
    .bind(s.id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What the kiosk shows for a second tap right after the first: the shift goes on.
pub(super) fn already_started(hello: String, s: &Session, tz: chrono_tz::Tz) -> TapAnswer {
    answer(
        AckResult::Recorded,
        hello,
        vec![
            format!("Permanence {} déjà commencée", s.activity),
            format!("à {}", french_time(parse_instant(&s.started_at), tz)),
        ],
    )
}

/// What the kiosk shows when a shift ends.
pub(super) fn ended_answer(first_name: &str, clock: &str, minutes: i64, balance: i64) -> TapAnswer {
    let credited = if minutes > 0 {
        format!("+ {} créditées", hours(minutes))
    } else {
        "Trop court : rien de crédité".to_owned()
    };
    answer(
        AckResult::ShiftEnded,
        format!("Merci {first_name}"),
        vec![
            format!("Permanence finie à {clock}"),
            credited,
            format!("Solde : {}", hours(balance)),
        ],
    )
}

/// The instant a local date and `HH:MM` time stand for, for forms.
pub fn local_instant(tz: chrono_tz::Tz, date: &str, time: &str) -> Option<DateTime<Utc>> {
    let d = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let t = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    Some(resolve_local(tz, d.and_time(t)))
}

/// What a tap at a `sel` kiosk means (a hook of the list of domains): a shift started or ended.
pub fn kiosk_tap<'a>(
    tx: &'a mut sqlx::SqliteConnection,
    t: crate::web::domain::Tap<'a>,
) -> crate::web::domain::Fut<'a, Result<crate::web::domain::Meaning, sqlx::Error>> {
    Box::pin(async move {
        let answer = tap(
            tx,
            t.time_zone,
            &Tap {
                event_id: t.event_id,
                kiosk_id: t.kiosk_id,
                person_id: t.person_id,
                first_name: t.first_name,
                guest: t.guest,
                read_at: t.read_at,
                flagged: t.flagged,
            },
        )
        .await?;
        Ok(Some((answer.result, answer.display)))
    })
}
