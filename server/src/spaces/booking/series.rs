//! Recurring series of bookings: their dates (through `rrule`), a preview date by date, and
//! booking them all-or-nothing or skipping the dates that cannot be had.

use super::*;

/// How a series treats the dates it cannot have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Every date or none.
    AllOrNothing,
    /// The free dates; the others are left out.
    SkipConflicts,
}

impl Policy {
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::AllOrNothing => "all_or_nothing",
            Policy::SkipConflicts => "skip_conflicts",
        }
    }
    pub fn parse(s: &str) -> Option<Policy> {
        match s {
            "all_or_nothing" => Some(Policy::AllOrNothing),
            "skip_conflicts" => Some(Policy::SkipConflicts),
            _ => None,
        }
    }
}

/// The longest rule of a series (characters).
pub const RULE_MAX: usize = 500;

/// A recurring series as asked for.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewSeries {
    pub space_id: i64,
    /// The first local day, `AAAA-MM-JJ`.
    pub first_day: NaiveDate,
    /// Local start and end, `HH:MM`, the same day.
    pub start: String,
    pub end: String,
    /// An RFC 5545 rule without DTSTART, e.g. `FREQ=WEEKLY;COUNT=10` or
    /// `FREQ=WEEKLY;INTERVAL=2;UNTIL=20270630T000000Z`; at most 104 dates within two years.
    pub rule: String,
    pub policy: Policy,
    pub title: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub association_id: Option<i64>,
    #[serde(default)]
    pub person_id: Option<i64>,
    #[serde(default)]
    pub attendees_expected: Option<i64>,
    #[serde(default)]
    pub public: Option<bool>,
}

/// One date of a series and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Occurrence {
    pub day: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// `None`: free (or booked); otherwise the message key of the refusal…
    pub refused: Option<String>,
    /// …and its argument (the slot collided with, the hours of the window…).
    pub detail: String,
    /// The booking made for it.
    pub booking_id: Option<i64>,
}

/// A date of a series: its local day, start and end.
pub type Date = (NaiveDate, DateTime<Utc>, DateTime<Utc>);

/// The dates of a series, as local days and instants.
pub fn expand(
    tz: chrono_tz::Tz,
    first_day: NaiveDate,
    start: &str,
    end: &str,
    rule: &str,
) -> Result<Vec<Date>, Refusal> {
    let (Some(s), Some(e)) = (
        crate::spaces::parse_hhmm(start),
        crate::spaces::parse_hhmm(end),
    ) else {
        return Err(Refusal::field("start", "error-space-time-invalid"));
    };
    if e <= s {
        return Err(Refusal::field("end", "error-space-end-before-start"));
    }
    let rule = rule.trim().trim_start_matches("RRULE:");
    let upper = rule.to_ascii_uppercase();
    let bounded = upper.contains("COUNT=") || upper.contains("UNTIL=");
    let allowed = ["FREQ=DAILY", "FREQ=WEEKLY", "FREQ=MONTHLY"]
        .iter()
        .any(|f| upper.contains(f));
    if rule.is_empty()
        || rule.chars().count() > RULE_MAX
        || !bounded
        || !allowed
        || rule.contains(['\n', '\r'])
    {
        return Err(Refusal::field("rule", "error-space-rule"));
    }
    // rrule refuses a DTSTART in the missing spring hour; the first date, like any other in that
    // hour, is read an hour later on the wall clock (only the days of the set are used below).
    let first_start = timetable::instant(tz, first_day, s).with_timezone(&tz);
    let text = format!(
        "DTSTART;TZID={}:{}\nRRULE:{}",
        tz.name(),
        first_start.naive_local().format("%Y%m%dT%H%M%S"),
        utc_until(tz, rule)
    );
    let set: rrule::RRuleSet = text
        .parse()
        .map_err(|_| Refusal::field("rule", "error-space-rule"))?;
    let found = set.all(105);
    if found.dates.len() > 104 {
        return Err(Refusal::field("rule", "error-space-rule-too-long"));
    }
    let horizon = first_day + Duration::days(731);
    let mut out = vec![];
    for d in found.dates {
        let day = d.date_naive();
        if day > horizon {
            return Err(Refusal::field("rule", "error-space-rule-too-long"));
        }
        // A rule giving several times a day (BYHOUR…) still books the day's hours once.
        if out.last().is_some_and(|o: &Date| o.0 == day) {
            continue;
        }
        out.push((
            day,
            timetable::instant(tz, day, s),
            timetable::instant(tz, day, e),
        ));
    }
    if out.is_empty() {
        return Err(Refusal::field("rule", "error-space-rule-empty"));
    }
    Ok(out)
}

/// RFC 5545 wants UNTIL in UTC when the start is zoned; people write a local day (`20270630`,
/// that day included) or a local time (`20270630T190000`): both are read in the site's zone.
pub(super) fn utc_until(tz: chrono_tz::Tz, rule: &str) -> String {
    let local = |v: &str| {
        let naive = match v.len() {
            8 => NaiveDate::parse_from_str(v, "%Y%m%d")
                .ok()?
                .and_hms_opt(23, 59, 59)?,
            15 => chrono::NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok()?,
            _ => return None,
        };
        let at = crate::time::resolve_local(tz, naive);
        Some(at.format("%Y%m%dT%H%M%SZ").to_string())
    };
    rule.split(';')
        .map(|part| match part.split_once('=') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("UNTIL") => match local(v.trim()) {
                Some(utc) => format!("{k}={utc}"),
                None => part.to_owned(),
            },
            _ => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

pub(super) fn occurrence_booking(
    ns: &NewSeries,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> NewBooking {
    NewBooking {
        space_id: ns.space_id,
        start,
        end,
        title: ns.title.clone(),
        note: ns.note.clone(),
        association_id: ns.association_id,
        person_id: ns.person_id,
        seats: 1,
        attendees_expected: ns.attendees_expected,
        public: ns.public,
        request_key: None,
    }
}

/// Each date's outcome, without booking anything: what the requester sees before choosing
/// all-or-nothing or skip-conflicts.
pub async fn preview(
    conn: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    ns: &NewSeries,
) -> Result<Vec<Occurrence>, Refusal> {
    let dates = expand(tz, ns.first_day, &ns.start, &ns.end, &ns.rule)?;
    let mut out = vec![];
    for (day, start, end) in dates {
        let nb = occurrence_booking(ns, start, end);
        let planned = plan(&mut *conn, tz, now, req, &nb).await;
        if let Ok(p) = &planned {
            // The public agenda is one choice for the whole series.
            check_public(req, &nb, p)?;
        }
        let (refused, detail) = match planned {
            Ok(p) => match collision(&mut *conn, req, &p, start, end, None).await? {
                Some(c) => (Some(c.key().to_owned()), c.describe(tz)),
                None => (None, String::new()),
            },
            Err(Refusal::Db(e)) => return Err(Refusal::Db(e)),
            // A field wrong for one date is wrong for all of them.
            Err(Refusal::Invalid(errors)) => return Err(Refusal::Invalid(errors)),
            Err(Refusal::Conflict { key, arg }) => (Some(key.to_owned()), arg),
            Err(Refusal::NotFound) => return Err(Refusal::NotFound),
        };
        out.push(Occurrence {
            day,
            start,
            end,
            refused,
            detail,
            booking_id: None,
        });
    }
    Ok(out)
}

/// A series booked (or not, all-or-nothing with a date refused).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SeriesMade {
    /// `None`: nothing was booked.
    pub series_id: Option<i64>,
    pub occurrences: Vec<Occurrence>,
}

/// Books a series: every date or none (all-or-nothing), or the free dates (skip-conflicts). The
/// outcome of each date is checked again inside the writing transaction.
pub async fn create_series(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    ns: &NewSeries,
) -> Result<SeriesMade, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let made = create_series_in(&mut tx, tz, now, req, ns).await?;
    if let Some(series_id) = made.series_id {
        crate::spaces::notices::series_made(&mut tx, series_id).await?;
        tx.commit().await?;
    }
    Ok(made)
}

/// [`create_series`] inside the caller's write transaction (the demo seed books this way).
pub async fn create_series_in(
    tx: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    req: &Requester,
    ns: &NewSeries,
) -> Result<SeriesMade, Refusal> {
    let mut occurrences = preview(&mut *tx, tz, now, req, ns).await?;
    let refused = occurrences.iter().filter(|o| o.refused.is_some()).count();
    if refused == occurrences.len() || (ns.policy == Policy::AllOrNothing && refused > 0) {
        return Ok(SeriesMade {
            series_id: None,
            occurrences,
        });
    }
    let now_text = db::instant_text(now);
    // Each free date's plan, before anything is written: the series takes the first one's use
    // (the room may have no weekly window at all, only exceptions that open it).
    let mut plans = vec![];
    for o in occurrences.iter().filter(|o| o.refused.is_none()) {
        let nb = occurrence_booking(ns, o.start, o.end);
        plans.push((nb.clone(), plan(&mut *tx, tz, now, req, &nb).await?));
    }
    let Some(use_id) = plans.first().map(|p| p.1.use_.id) else {
        return Ok(SeriesMade {
            series_id: None,
            occurrences,
        });
    };
    let series_id: i64 = sqlx::query_scalar(
        "INSERT INTO space_series (uid, space_id, use_id, rule, first_day, start_local, end_local,
             policy, title, association_id, person_id, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(format!("series-{}@citeosquare", uuid::Uuid::now_v7()))
    .bind(ns.space_id)
    .bind(use_id)
    .bind(ns.rule.trim())
    .bind(ns.first_day.to_string())
    .bind(crate::spaces::hhmm(
        crate::spaces::parse_hhmm(&ns.start).unwrap_or(0),
    ))
    .bind(crate::spaces::hhmm(
        crate::spaces::parse_hhmm(&ns.end).unwrap_or(0),
    ))
    .bind(ns.policy.as_str())
    .bind(ns.title.trim())
    .bind(ns.association_id)
    .bind(ns.person_id)
    .bind(req.user_id)
    .bind(&now_text)
    .fetch_one(&mut *tx)
    .await?;
    let free = occurrences.iter_mut().filter(|o| o.refused.is_none());
    for (o, (nb, p)) in free.zip(plans.iter()) {
        let id = insert(
            &mut *tx,
            req,
            nb,
            p,
            o.start,
            o.end,
            Some((series_id, o.day)),
            &now_text,
        )
        .await?;
        o.booking_id = Some(id);
    }
    audit::record(
        &mut *tx,
        &req.actor(),
        "space.series.create",
        "space_series",
        series_id,
        None,
        Some(&json!({
            "rule": ns.rule.trim(),
            "policy": ns.policy.as_str(),
            "booked": occurrences.iter().filter_map(|o| o.booking_id).collect::<Vec<_>>(),
            "skipped": occurrences.iter().filter(|o| o.refused.is_some()).map(|o| o.day).collect::<Vec<_>>(),
        })),
    )
    .await?;
    Ok(SeriesMade {
        series_id: Some(series_id),
        occurrences,
    })
}
