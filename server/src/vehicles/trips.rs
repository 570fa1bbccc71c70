//! Transport solidaire (migration 0006): a senior — or the desk for them — asks for a trip with a
//! volunteer driver (day, time, from, to, return wanted, wheelchair); a volunteer (a driver the
//! desk marked as such) takes it, with a fleet vehicle booked in the same transaction or their own
//! car; once done, the kilometres and the time are noted:
//!
//! - the volunteer's time is credited to their SEL account through the ledger's write path
//!   (« Accompagnement des seniors », valued like a shift), exactly once: each completion or edit
//!   writes only the difference from what was credited, under an operation id of its own, so a
//!   replayed request writes nothing and an edit writes the change;
//! - the passenger's contribution is recorded: euro cents, at most the legal ceiling per kilometre
//!   for *transport d'utilité sociale* (32 cents, arrêté du 17 octobre 2019, a setting that cannot
//!   exceed it), or SEL minutes moved through the ledger the same way;
//! - a yearly count — trips, kilometres, people carried, drivers — is what the prefect's yearly
//!   report asks for.

use super::booking::{Booking, Maker, NewBooking, book_in};
use super::drivers;
use crate::audit;
use crate::db;
use crate::refusal::{FieldError, Refusal};
use crate::sel::ledger::{self, Kind, Operation, TransferSpec};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;

/// A trip as asked for.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewTrip {
    /// The passenger; a resident asks for themself, the desk for anyone.
    #[serde(default)]
    pub passenger_id: Option<i64>,
    pub start: DateTime<Utc>,
    /// When to be brought back; none for one way.
    #[serde(default)]
    pub return_at: Option<DateTime<Utc>>,
    pub from_place: String,
    pub to_place: String,
    #[serde(default)]
    pub wheelchair: bool,
    #[serde(default)]
    pub note: String,
}

/// A trip, with the names it points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Trip {
    pub id: i64,
    pub passenger_id: i64,
    pub passenger_name: String,
    pub passenger_phone: Option<String>,
    pub start_at: String,
    pub return_at: Option<String>,
    pub from_place: String,
    pub to_place: String,
    pub wheelchair: bool,
    pub note: String,
    /// open, taken, done, cancelled.
    pub state: String,
    pub volunteer_id: Option<i64>,
    pub volunteer_name: Option<String>,
    pub booking_id: Option<i64>,
    pub vehicle_name: Option<String>,
    pub own_car: bool,
    pub km: Option<i64>,
    pub minutes: Option<i64>,
    pub credited_minutes: i64,
    /// none, euros, sel.
    pub contribution_kind: String,
    /// Euro cents or SEL minutes.
    pub contribution_amount: i64,
    pub requested_by_name: String,
    pub created_at: String,
}

impl Trip {
    pub fn start(&self) -> DateTime<Utc> {
        crate::time::stored_instant(&self.start_at)
    }
    pub fn back(&self) -> Option<DateTime<Utc>> {
        self.return_at.as_deref().map(crate::time::stored_instant)
    }
    /// The time the vehicle is held: from 15 minutes before the start to an hour after the
    /// return (or the start, one way).
    pub fn vehicle_slot(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            self.start() - Duration::minutes(15),
            self.back().unwrap_or_else(|| self.start()) + Duration::hours(1),
        )
    }
}

macro_rules! trip_select {
    () => {
        "SELECT t.id, t.passenger_id, trim(p.first_name || ' ' || p.last_name) AS passenger_name,
                p.phone AS passenger_phone, t.start_at, t.return_at, t.from_place, t.to_place,
                t.wheelchair, t.note, t.state, t.volunteer_id,
                CASE WHEN d.id IS NULL THEN NULL ELSE trim(d.first_name || ' ' || d.last_name) END AS volunteer_name,
                t.booking_id, v.name AS vehicle_name, t.own_car, t.km, t.minutes, t.credited_minutes,
                t.contribution_kind, t.contribution_amount, t.requested_by_name, t.created_at
         FROM vehicle_trips t JOIN persons p ON p.id = t.passenger_id
         LEFT JOIN persons d ON d.id = t.volunteer_id
         LEFT JOIN vehicle_bookings b ON b.id = t.booking_id
         LEFT JOIN vehicles v ON v.id = b.vehicle_id"
    };
}

pub async fn trip(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Trip, Refusal> {
    sqlx::query_as(concat!(trip_select!(), " WHERE t.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(Refusal::NotFound)
}

/// Trips from `since`, soonest first: the open ones only, or all.
pub async fn coming(
    pool: &SqlitePool,
    since: DateTime<Utc>,
    open_only: bool,
) -> Result<Vec<Trip>, sqlx::Error> {
    sqlx::query_as(concat!(
        trip_select!(),
        " WHERE t.start_at >= ? AND (?2 = 0 OR t.state = 'open') AND t.state <> 'cancelled'
          ORDER BY t.start_at LIMIT 200"
    ))
    .bind(db::instant_text(since))
    .bind(open_only)
    .fetch_all(pool)
    .await
}

/// A person's trips — as passenger or as driver — from `since`, soonest first.
pub async fn of_person(
    pool: &SqlitePool,
    person_id: i64,
    since: DateTime<Utc>,
) -> Result<Vec<Trip>, sqlx::Error> {
    sqlx::query_as(concat!(
        trip_select!(),
        " WHERE (t.passenger_id = ?1 OR t.volunteer_id = ?1)
            AND (t.start_at >= ?2 OR t.state = 'taken') AND t.state <> 'cancelled'
          ORDER BY t.start_at LIMIT 100"
    ))
    .bind(person_id)
    .bind(db::instant_text(since))
    .fetch_all(pool)
    .await
}

/// Whether this person is a volunteer driver with a licence valid on `day`.
pub async fn is_volunteer(
    conn: &mut sqlx::SqliteConnection,
    person_id: i64,
    day: chrono::NaiveDate,
) -> Result<bool, sqlx::Error> {
    Ok(drivers::licence(&mut *conn, person_id)
        .await?
        .is_some_and(|l| l.volunteer && l.drives_cars() && l.expires() >= day))
}

/// A trip's limits: its places and note (characters), its length (minutes), the kinds of
/// contribution.
pub const PLACE_MAX: usize = 200;
pub const NOTE_MAX: usize = 500;
pub const MINUTES_MAX: i64 = 1440;
pub const CONTRIBUTION_KINDS: [&str; 3] = ["none", "euros", "sel"];

/// Asks for a trip.
pub async fn request(pool: &SqlitePool, maker: &Maker, input: &NewTrip) -> Result<Trip, Refusal> {
    let now = Utc::now();
    let mut errors = vec![];
    let from = input.from_place.trim();
    let to = input.to_place.trim();
    if from.is_empty() || from.chars().count() > PLACE_MAX {
        errors.push(FieldError {
            field: "from_place",
            key: "error-veh-trip-place",
        });
    }
    if to.is_empty() || to.chars().count() > PLACE_MAX {
        errors.push(FieldError {
            field: "to_place",
            key: "error-veh-trip-place",
        });
    }
    if input.note.chars().count() > NOTE_MAX {
        errors.push(FieldError {
            field: "note",
            key: crate::refusal::too_long(NOTE_MAX),
        });
    }
    if input
        .return_at
        .is_some_and(|r| r <= input.start || r - input.start > Duration::hours(12))
    {
        errors.push(FieldError {
            field: "return_at",
            key: "error-veh-trip-return",
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    if input.start < now {
        return Err(Refusal::conflict("error-veh-in-past"));
    }
    let passenger = match (maker.staff, input.passenger_id, maker.person_id) {
        (true, Some(p), _) => p,
        (false, None, Some(me)) => me,
        (false, Some(p), Some(me)) if p == me => me,
        (false, Some(_), _) => return Err(Refusal::conflict("error-veh-not-yours")),
        _ => return Err(Refusal::field("passenger_id", "error-veh-person-needed")),
    };
    let mut tx = db::begin_write(pool).await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM persons WHERE id = ? AND erased_at IS NULL")
            .bind(passenger)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        return Err(Refusal::field("passenger_id", "error-veh-unknown-person"));
    }
    let now_text = db::instant_text(now);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO vehicle_trips (passenger_id, start_at, return_at, from_place, to_place,
             wheelchair, note, state, requested_by_user, requested_by_name, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?) RETURNING id",
    )
    .bind(passenger)
    .bind(db::instant_text(input.start))
    .bind(input.return_at.map(db::instant_text))
    .bind(from)
    .bind(to)
    .bind(input.wheelchair)
    .bind(input.note.trim())
    .bind(maker.user_id)
    .bind(&maker.display_name)
    .bind(&now_text)
    .bind(&now_text)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_trip.request",
        "vehicle_trip",
        id,
        None,
        Some(
            &json!({"passenger_id": passenger, "start": db::instant_text(input.start),
                     "from": from, "to": to, "wheelchair": input.wheelchair}),
        ),
    )
    .await?;
    let t = trip(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(t)
}

/// The volunteer acting: the desk names one, a volunteer is themself.
fn volunteer_of(maker: &Maker, named: Option<i64>) -> Result<i64, Refusal> {
    match (maker.staff, named, maker.person_id) {
        (true, Some(v), _) => Ok(v),
        (false, None, Some(me)) => Ok(me),
        (false, Some(v), Some(me)) if v == me => Ok(me),
        (false, Some(_), _) => Err(Refusal::NotFound),
        _ => Err(Refusal::field(
            "volunteer_id",
            "error-veh-trip-volunteer-needed",
        )),
    }
}

/// A volunteer takes an open trip, with a fleet vehicle (`vehicle_id`) booked for it in the same
/// transaction, or their own car (`None`).
pub async fn take(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    maker: &Maker,
    trip_id: i64,
    volunteer: Option<i64>,
    vehicle_id: Option<i64>,
) -> Result<Trip, Refusal> {
    let volunteer = volunteer_of(maker, volunteer)?;
    let mut tx = db::begin_write(pool).await?;
    let t = trip(&mut *tx, trip_id).await?;
    if t.state != "open" {
        return Err(Refusal::conflict("error-veh-trip-not-open"));
    }
    if t.passenger_id == volunteer {
        return Err(Refusal::conflict("error-veh-trip-self"));
    }
    let day = t.start().with_timezone(&tz).date_naive();
    if !is_volunteer(&mut tx, volunteer, day).await? {
        return Err(Refusal::conflict("error-veh-trip-not-volunteer"));
    }
    let booking = match vehicle_id {
        Some(v) => {
            let vehicle = super::vehicle(&mut *tx, v).await?;
            if t.wheelchair && !vehicle.wheelchair_ramp {
                return Err(Refusal::Conflict {
                    key: "error-veh-trip-wheelchair",
                    arg: vehicle.name,
                });
            }
            let (start, end) = t.vehicle_slot();
            // The trip is the desk's decision: the volunteer may take a vehicle only staff book
            // (the adapted one); their licence and briefing are still checked.
            let as_desk = Maker {
                staff: true,
                ..maker.clone()
            };
            let made = book_in(
                &mut tx,
                tz,
                &as_desk,
                &NewBooking {
                    vehicle_id: v,
                    person_id: Some(volunteer),
                    start,
                    end,
                    purpose: format!("Transport solidaire — {}", t.passenger_name),
                    weeks: 1,
                    request_key: None,
                },
                Utc::now(),
            )
            .await?;
            made.into_iter().next().map(|b: Booking| b.id)
        }
        None if t.wheelchair => {
            return Err(Refusal::Conflict {
                key: "error-veh-trip-wheelchair",
                arg: String::new(),
            });
        }
        None => None,
    };
    let now = db::now_text();
    sqlx::query(
        "UPDATE vehicle_trips SET state = 'taken', volunteer_id = ?, booking_id = ?, own_car = ?,
             taken_at = ?, updated_at = ? WHERE id = ? AND state = 'open'",
    )
    .bind(volunteer)
    .bind(booking)
    .bind(booking.is_none())
    .bind(&now)
    .bind(&now)
    .bind(trip_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_trip.take",
        "vehicle_trip",
        trip_id,
        None,
        Some(&json!({"volunteer_id": volunteer, "booking_id": booking})),
    )
    .await?;
    let t = trip(&mut *tx, trip_id).await?;
    tx.commit().await?;
    Ok(t)
}

/// Cancels the trip's vehicle booking, if it has one not yet taken out.
async fn free_vehicle(
    tx: &mut sqlx::SqliteConnection,
    t: &Trip,
    by: &str,
) -> Result<(), sqlx::Error> {
    if let Some(b) = t.booking_id {
        let now = db::now_text();
        sqlx::query(
            "UPDATE vehicle_bookings SET state = 'cancelled', cancelled_at = ?, cancelled_by = ?,
                 cancel_reason = 'Transport solidaire annulé ou rendu', updated_at = ?
             WHERE id = ? AND state = 'confirmed'",
        )
        .bind(&now)
        .bind(by)
        .bind(&now)
        .bind(b)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The volunteer gives the trip back (it is open again); the vehicle booked for it is freed.
pub async fn release(pool: &SqlitePool, maker: &Maker, trip_id: i64) -> Result<Trip, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let t = trip(&mut *tx, trip_id).await?;
    if !(maker.staff || (t.volunteer_id.is_some() && t.volunteer_id == maker.person_id)) {
        return Err(Refusal::NotFound);
    }
    if t.state != "taken" {
        return Err(Refusal::conflict("error-veh-trip-not-taken"));
    }
    free_vehicle(&mut tx, &t, &maker.display_name).await?;
    sqlx::query(
        "UPDATE vehicle_trips SET state = 'open', volunteer_id = NULL, booking_id = NULL,
             own_car = 0, taken_at = NULL, updated_at = ? WHERE id = ?",
    )
    .bind(db::now_text())
    .bind(trip_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_trip.release",
        "vehicle_trip",
        trip_id,
        None,
        None,
    )
    .await?;
    let t = trip(&mut *tx, trip_id).await?;
    tx.commit().await?;
    Ok(t)
}

/// The passenger or the desk cancels a trip not yet done.
pub async fn cancel(pool: &SqlitePool, maker: &Maker, trip_id: i64) -> Result<Trip, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let t = trip(&mut *tx, trip_id).await?;
    if !(maker.staff || maker.person_id == Some(t.passenger_id)) {
        return Err(Refusal::NotFound);
    }
    match t.state.as_str() {
        "cancelled" => return Ok(t),
        "done" => return Err(Refusal::conflict("error-veh-trip-done")),
        _ => {}
    }
    free_vehicle(&mut tx, &t, &maker.display_name).await?;
    let now = db::now_text();
    sqlx::query(
        "UPDATE vehicle_trips SET state = 'cancelled', cancelled_at = ?, updated_at = ? WHERE id = ?",
    )
    .bind(&now)
    .bind(&now)
    .bind(trip_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &maker.actor(),
        "vehicle_trip.cancel",
        "vehicle_trip",
        trip_id,
        None,
        None,
    )
    .await?;
    let t = trip(&mut *tx, trip_id).await?;
    tx.commit().await?;
    Ok(t)
}

/// What was done, as the volunteer or the desk notes it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct TripDone {
    pub km: i64,
    /// The volunteer's time, credited in the SEL.
    pub minutes: i64,
    /// none, euros or sel.
    #[serde(default = "none")]
    pub contribution_kind: String,
    /// Euro cents or SEL minutes.
    #[serde(default)]
    pub contribution_amount: i64,
}

fn none() -> String {
    "none".into()
}

/// Records a trip as done (or corrects what was recorded): the volunteer's minutes reach the SEL
/// once — only the difference from what was already credited is written — and the passenger's
/// contribution is recorded.
pub async fn complete(
    pool: &SqlitePool,
    maker: &Maker,
    trip_id: i64,
    done: &TripDone,
) -> Result<Trip, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let settings = super::settings(&mut *tx).await?;
    let t = trip(&mut *tx, trip_id).await?;
    if !(maker.staff || (t.volunteer_id.is_some() && t.volunteer_id == maker.person_id)) {
        return Err(Refusal::NotFound);
    }
    if !matches!(t.state.as_str(), "taken" | "done") {
        return Err(Refusal::conflict("error-veh-trip-not-taken"));
    }
    let mut errors = vec![];
    if !(0..=settings.trip_max_km).contains(&done.km) {
        errors.push(FieldError {
            field: "km",
            key: "error-veh-trip-km",
        });
    }
    if !(1..=MINUTES_MAX).contains(&done.minutes) {
        errors.push(FieldError {
            field: "minutes",
            key: "error-veh-trip-minutes",
        });
    }
    if !CONTRIBUTION_KINDS.contains(&done.contribution_kind.as_str())
        || done.contribution_amount < 0
        || (done.contribution_kind == "none" && done.contribution_amount != 0)
    {
        errors.push(FieldError {
            field: "contribution_amount",
            key: "error-veh-trip-contribution",
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    if done.contribution_kind == "euros"
        && done.contribution_amount > done.km * settings.trip_cents_per_km
    {
        return Err(Refusal::Conflict {
            key: "error-veh-trip-ceiling",
            arg: format!(
                "{},{:02} €",
                done.km * settings.trip_cents_per_km / 100,
                done.km * settings.trip_cents_per_km % 100
            ),
        });
    }
    let Some(volunteer) = t.volunteer_id else {
        return Err(Refusal::conflict("error-veh-trip-not-taken"));
    };
    let actor = maker.actor();
    // The ledger: the volunteer's minutes and a contribution in SEL minutes, as differences from
    // what the trip already moved.
    let volunteer_account = match ledger::account_of_person(&mut *tx, volunteer).await? {
        Some(a) => a,
        None => ledger::open_account_in(&mut tx, &actor, volunteer).await?,
    };
    let memo = format!("Accompagnement des seniors — trajet n° {trip_id}");
    let mut transfers = vec![];
    let delta = done.minutes - t.credited_minutes;
    if delta > 0 {
        transfers.push(
            TransferSpec::posted(
                crate::sel::POOL_ACCOUNT,
                volunteer_account.id,
                delta,
                Kind::Shift,
            )
            .memo(memo.clone()),
        );
    } else if delta < 0 {
        // Fewer minutes than credited: a correction of the trip's first credit, with its reason.
        let first: Option<i64> = sqlx::query_scalar(
            "SELECT no FROM sel_transfers WHERE operation_id LIKE ? AND kind = 'shift'
             ORDER BY no LIMIT 1",
        )
        .bind(format!(
            "{}vehicle-trip-{trip_id}-%",
            ledger::INTERNAL_PREFIX
        ))
        .fetch_optional(&mut *tx)
        .await?;
        transfers.push(TransferSpec {
            corrects_no: first,
            reason: Some(format!(
                "Trajet corrigé : {} au lieu de {}",
                crate::time::hours(done.minutes),
                crate::time::hours(t.credited_minutes)
            )),
            ..TransferSpec::posted(
                volunteer_account.id,
                crate::sel::POOL_ACCOUNT,
                -delta,
                Kind::Correction,
            )
            .memo(format!("{memo} (correction)"))
        });
    }
    let sel_of = |kind: &str, amount: i64| if kind == "sel" { amount } else { 0 };
    let charged_before = if t.state == "done" {
        sel_of(&t.contribution_kind, t.contribution_amount)
    } else {
        0
    };
    let charge = sel_of(&done.contribution_kind, done.contribution_amount) - charged_before;
    if charge != 0 {
        let passenger_account = match ledger::account_of_person(&mut *tx, t.passenger_id).await? {
            Some(a) => a,
            None => return Err(Refusal::conflict("error-veh-trip-no-sel-account")),
        };
        let (debit, credit) = if charge > 0 {
            (passenger_account.id, crate::sel::POOL_ACCOUNT)
        } else {
            (crate::sel::POOL_ACCOUNT, passenger_account.id)
        };
        transfers.push(
            TransferSpec::posted(debit, credit, charge.abs(), Kind::Exchange).memo(format!(
                "Participation au transport solidaire — trajet n° {trip_id}"
            )),
        );
    }
    let mut operation = None;
    if !transfers.is_empty() {
        let prefix = format!("vehicle-trip-{trip_id}-");
        let before: i64 = sqlx::query_scalar("SELECT count(*) FROM sel_operations WHERE id LIKE ?")
            .bind(format!("{}{prefix}%", ledger::INTERNAL_PREFIX))
            .fetch_one(&mut *tx)
            .await?;
        let op = Operation {
            id: ledger::internal_id(format_args!("{prefix}{}", before + 1)),
            kind: "vehicle_trip",
            request: json!({"trip": trip_id, "minutes": done.minutes, "credited_before": t.credited_minutes,
                            "contribution_kind": done.contribution_kind,
                            "contribution_amount": done.contribution_amount}),
            actor: &actor,
        };
        ledger::write(&mut tx, &op, &transfers).await?;
        operation = Some(op.id);
    }
    let now = db::now_text();
    sqlx::query(
        "UPDATE vehicle_trips SET state = 'done', km = ?, minutes = ?, credited_minutes = ?,
             credit_operation = coalesce(?, credit_operation), contribution_kind = ?,
             contribution_amount = ?, done_at = coalesce(done_at, ?), updated_at = ?
         WHERE id = ?",
    )
    .bind(done.km)
    .bind(done.minutes)
    .bind(done.minutes)
    .bind(&operation)
    .bind(&done.contribution_kind)
    .bind(done.contribution_amount)
    .bind(&now)
    .bind(&now)
    .bind(trip_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &actor,
        "vehicle_trip.done",
        "vehicle_trip",
        trip_id,
        Some(&json!({"state": t.state, "km": t.km, "minutes": t.minutes})),
        Some(
            &json!({"km": done.km, "minutes": done.minutes, "operation": operation,
                     "contribution_kind": done.contribution_kind,
                     "contribution_amount": done.contribution_amount}),
        ),
    )
    .await?;
    let t = trip(&mut *tx, trip_id).await?;
    tx.commit().await?;
    Ok(t)
}

/// The year's transport solidaire, as the prefect's yearly report asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct YearReport {
    pub year: i32,
    pub trips: i64,
    pub km: i64,
    /// Average distance per trip, in kilometres (rounded).
    pub average_km: i64,
    /// People carried (each counted once).
    pub passengers: i64,
    /// Volunteer drivers who drove at least once.
    pub drivers: i64,
    pub wheelchair_trips: i64,
    /// Euro cents asked of passengers.
    pub contributions_cents: i64,
    /// SEL minutes credited to the volunteers.
    pub minutes_credited: i64,
}

/// The report for a calendar year (trips done, by their local start date).
pub async fn year_report(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    year: i32,
) -> Result<YearReport, sqlx::Error> {
    let from = chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let to = chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or_default();
    let start = crate::time::resolve_local(tz, from.and_time(chrono::NaiveTime::MIN));
    let end = crate::time::resolve_local(tz, to.and_time(chrono::NaiveTime::MIN));
    let (trips, km, passengers, drivers, wheelchair, cents, minutes): (i64, i64, i64, i64, i64, i64, i64) =
        sqlx::query_as(
            "SELECT count(*), coalesce(sum(km), 0), count(DISTINCT passenger_id),
                    count(DISTINCT volunteer_id), coalesce(sum(wheelchair), 0),
                    coalesce(sum(CASE WHEN contribution_kind = 'euros' THEN contribution_amount ELSE 0 END), 0),
                    coalesce(sum(credited_minutes), 0)
             FROM vehicle_trips WHERE state = 'done' AND start_at >= ? AND start_at < ?",
        )
        .bind(db::instant_text(start))
        .bind(db::instant_text(end))
        .fetch_one(pool)
        .await?;
    Ok(YearReport {
        year,
        trips,
        km,
        average_km: if trips > 0 {
            (km + trips / 2) / trips
        } else {
            0
        },
        passengers,
        drivers,
        wheelchair_trips: wheelchair,
        contributions_cents: cents,
        minutes_credited: minutes,
    })
}
