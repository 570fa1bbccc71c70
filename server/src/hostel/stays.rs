//! Stays: one guest or a group, holding one row per bed per night from the moment the desk
//! confirms it. The database decides (migration 0011's unique index and triggers, inside the
//! writing transaction); this module looks first to say why and which beds are free.
//!
//! - a dormitory is sold by the bed (the beds free on every night of the stay, a group kept in as
//!   few rooms as possible) or whole; a private room always whole — a whole room holds each of its
//!   beds, so a bed sold blocks the whole room and the whole room blocks each bed;
//! - `requested` (a request waiting for the desk) holds nothing; `confirmed` and `checked_in`
//!   hold; `cancelled` and `no_show` release (a trigger); leaving early releases the nights left;
//! - every change goes to the audit log with who made it.
//!
//! What is free for a visitor, the change of a morning of leaving and the change of room are in
//! [`super::moves`] (re-exported here).

use super::{Room, Settings, date, night_of, nights};
use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{Fields, Refusal};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::BTreeMap;

pub use super::moves::{Availability, MoveInput, availability, change_departure, move_to};

/// Where a stay comes from.
pub const SOURCES: [&str; 5] = ["desk", "phone", "walk_in", "website", "platform"];
/// The longest stay, in nights.
pub const MAX_NIGHTS: i64 = 90;
/// The longest guest name; the most people in one stay; the longest reason to cancel.
pub const GUEST_NAME_MAX: usize = 120;
pub const PEOPLE_MAX: i64 = 60;
pub const CANCEL_REASON_MAX: usize = 500;

/// A stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Stay {
    pub id: i64,
    pub uid: String,
    pub person_id: Option<i64>,
    pub guest_name: String,
    pub phone: String,
    pub email: String,
    pub people: i64,
    /// The first night, `YYYY-MM-DD`.
    pub arrival: String,
    /// The morning of leaving, `YYYY-MM-DD` (the last night is the day before).
    pub departure: String,
    pub room_id: Option<i64>,
    pub whole_room: bool,
    pub beds: i64,
    /// requested, confirmed, checked_in, checked_out, cancelled, no_show.
    pub status: String,
    /// desk, phone, walk_in, website, platform.
    pub source: String,
    pub notes: String,
    pub created_by_name: String,
    pub created_at: String,
    pub checked_in_at: Option<String>,
    pub checked_in_by: Option<String>,
    pub checked_out_at: Option<String>,
    pub checked_out_by: Option<String>,
    pub cancelled_at: Option<String>,
    pub cancelled_by: Option<String>,
    pub cancel_reason: Option<String>,
    /// Minors (under 18), exempt from the taxe de séjour.
    pub minors: i64,
    /// Other people exempt from the taxe de séjour, and why (seasonal_worker, emergency_housing).
    pub tax_exempt: i64,
    pub tax_exempt_reason: Option<String>,
}

impl Stay {
    pub fn arrival(&self) -> NaiveDate {
        date(&self.arrival).unwrap_or_default()
    }
    pub fn departure(&self) -> NaiveDate {
        date(&self.departure).unwrap_or_default()
    }
    pub fn nights(&self) -> i64 {
        (self.departure() - self.arrival()).num_days()
    }
    /// Whether it holds its nights.
    pub fn holds(&self) -> bool {
        matches!(self.status.as_str(), "confirmed" | "checked_in")
    }
}

macro_rules! stay_select {
    () => {
        "SELECT id, uid, person_id, guest_name, phone, email, people, arrival, departure, room_id,
                whole_room, beds, status, source, notes, created_by_name, created_at, checked_in_at,
                checked_in_by, checked_out_at, checked_out_by, cancelled_at, cancelled_by,
                cancel_reason, minors, tax_exempt, tax_exempt_reason
         FROM hostel_stays"
    };
}
pub(crate) use stay_select;

pub async fn stay(conn: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<Stay, Refusal> {
    sqlx::query_as(concat!(stay_select!(), " WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(Refusal::NotFound)
}

/// The beds a stay holds now, and on which nights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HeldBed {
    pub bed_id: i64,
    pub room_id: i64,
    pub room_name: String,
    pub label: String,
    pub first_night: String,
    pub last_night: String,
    pub nights: i64,
}

/// What a stay holds, bed by bed.
pub async fn held_beds(
    conn: &mut SqliteConnection,
    stay_id: i64,
) -> Result<Vec<HeldBed>, sqlx::Error> {
    let rows: Vec<(i64, i64, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT b.id, r.id, r.name, b.label, min(n.night), max(n.night), count(*)
         FROM hostel_nights n JOIN hostel_beds b ON b.id = n.bed_id
           JOIN hostel_rooms r ON r.id = b.room_id
         WHERE n.stay_id = ? AND n.released_at IS NULL
         GROUP BY b.id ORDER BY r.name COLLATE NOCASE, b.id",
    )
    .bind(stay_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(bed_id, room_id, room_name, label, first, last, n)| HeldBed {
                bed_id,
                room_id,
                room_name,
                label,
                first_night: first,
                last_night: last,
                nights: n,
            },
        )
        .collect())
}

/// What each of `stays` holds now, bed by bed, in one query.
pub async fn held_beds_of(
    conn: &mut SqliteConnection,
    stays: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<HeldBed>>, sqlx::Error> {
    let mut out: std::collections::HashMap<i64, Vec<HeldBed>> = Default::default();
    if stays.is_empty() {
        return Ok(out);
    }
    type Row = (i64, i64, i64, String, String, String, String, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT n.stay_id, b.id, r.id, r.name, b.label, min(n.night), max(n.night), count(*)
         FROM hostel_nights n JOIN hostel_beds b ON b.id = n.bed_id
           JOIN hostel_rooms r ON r.id = b.room_id
         WHERE n.stay_id IN (SELECT value FROM json_each(?1)) AND n.released_at IS NULL
         GROUP BY n.stay_id, b.id ORDER BY n.stay_id, r.name COLLATE NOCASE, b.id",
    )
    .bind(serde_json::to_string(stays).unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?;
    for (stay, bed_id, room_id, room_name, label, first, last, n) in rows {
        out.entry(stay).or_default().push(HeldBed {
            bed_id,
            room_id,
            room_name,
            label,
            first_night: first,
            last_night: last,
            nights: n,
        });
    }
    Ok(out)
}

/// « Dortoir A : lits 1, 2 · Chambre 3 » — where a stay sleeps.
pub fn where_text(held: &[HeldBed], bed_word: &str) -> String {
    let mut rooms: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for h in held {
        rooms.entry(&h.room_name).or_default().push(&h.label);
    }
    rooms
        .into_iter()
        .map(|(room, beds)| format!("{room} : {bed_word} {}", beds.join(", ")))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The seasonal rate of a kind of room on a night: the latest rate covering it.
pub fn rate_on(rates: &[super::Rate], kind: &str, night: &str) -> Option<i64> {
    rates
        .iter()
        .filter(|r| {
            r.room_kind == kind && r.first_night.as_str() <= night && night <= r.last_night.as_str()
        })
        .max_by_key(|r| r.id)
        .map(|r| r.price_cents)
}

/// Prices by night from held beds counted by room and night — (room kind, room's own price,
/// night, beds) — at the night's rate: per bed in a dormitory, per room otherwise.
pub fn prices_by_night(
    rows: impl IntoIterator<Item = (String, i64, String, i64)>,
    rates: &[super::Rate],
) -> BTreeMap<String, i64> {
    let mut by_night: BTreeMap<String, i64> = BTreeMap::new();
    for (kind, base, night, beds) in rows {
        let rate = rate_on(rates, &kind, &night).unwrap_or(base);
        *by_night.entry(night).or_default() += if kind == "dorm" { rate * beds } else { rate };
    }
    by_night
}

/// A stay's price night by night: each held night at its rate (per bed in a dormitory, per room
/// otherwise), by night.
pub async fn night_prices(
    conn: &mut SqliteConnection,
    stay_id: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows: Vec<(String, i64, String, i64)> = sqlx::query_as(
        "SELECT r.kind, r.price_cents, n.night, count(*)
         FROM hostel_nights n JOIN hostel_beds b ON b.id = n.bed_id
           JOIN hostel_rooms r ON r.id = b.room_id
         WHERE n.stay_id = ? AND n.released_at IS NULL
         GROUP BY r.id, n.night ORDER BY n.night",
    )
    .bind(stay_id)
    .fetch_all(&mut *conn)
    .await?;
    let rates = super::rates(&mut *conn).await?;
    Ok(prices_by_night(rows, &rates).into_iter().collect())
}

/// A stay's price: the sum of [`night_prices`].
pub async fn price_cents(conn: &mut SqliteConnection, stay_id: i64) -> Result<i64, sqlx::Error> {
    Ok(night_prices(conn, stay_id)
        .await?
        .iter()
        .map(|(_, p)| p)
        .sum())
}

/// A stay as the desk types it or the API sends it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct NewStay {
    /// The guest's name (the lead guest's, for a group).
    pub guest_name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// How many people, the lead guest included.
    pub people: i64,
    /// The first night, `YYYY-MM-DD`.
    pub arrival: String,
    /// The morning of leaving, `YYYY-MM-DD`.
    pub departure: String,
    /// A room asked for: a private room (always whole) or a dormitory (by the bed, or whole).
    /// None: beds in any dormitory open to all.
    #[serde(default)]
    pub room_id: Option<i64>,
    /// The whole dormitory (a group).
    #[serde(default)]
    pub whole_room: bool,
    /// Beds in a dormitory; default: one per person.
    #[serde(default)]
    pub beds: Option<i64>,
    /// desk (default), phone, walk_in, website, platform. A `website` stay waits as a request.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub notes: String,
    /// The guest's record among the place's people, when they are one.
    #[serde(default)]
    pub person_id: Option<i64>,
    /// An idempotency key: the same key gives back the same stay.
    #[serde(default)]
    pub request_key: Option<String>,
    /// Minors (under 18) among the people: exempt from the taxe de séjour.
    #[serde(default)]
    pub minors: i64,
    /// Other people exempt from the taxe de séjour…
    #[serde(default)]
    pub tax_exempt: i64,
    /// …and why: seasonal_worker (employed in the commune) or emergency_housing.
    #[serde(default)]
    pub tax_exempt_reason: Option<String>,
}

/// What to hold: the whole of one room, or `beds` beds in one dormitory or in any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Want {
    Whole(i64),
    Beds { room: Option<i64>, beds: i64 },
}

/// The fields, checked one by one.
struct Checked {
    guest_name: String,
    arrival: NaiveDate,
    departure: NaiveDate,
    source: String,
    want: Want,
    beds: i64,
}

async fn check_new(
    conn: &mut SqliteConnection,
    input: &NewStay,
    today: NaiveDate,
) -> Result<Checked, Refusal> {
    let mut errors = Fields::default();
    let guest_name = input.guest_name.trim();
    if guest_name.is_empty() || guest_name.chars().count() > GUEST_NAME_MAX {
        errors.refuse("guest_name", "error-hostel-guest-name");
    }
    if input.phone.trim().chars().count() > super::PHONE_MAX {
        errors.refuse("phone", "error-hostel-phone");
    }
    let email = input.email.trim();
    if email.chars().count() > super::EMAIL_MAX || (!email.is_empty() && !email.contains('@')) {
        errors.refuse("email", "error-hostel-email");
    }
    // A booking platform's calendar gives no contact: the platform has it.
    let platform = input.source.as_deref() == Some("platform");
    if input.phone.trim().is_empty() && email.is_empty() && !platform {
        errors.refuse("phone", "error-hostel-contact");
    }
    if !(1..=PEOPLE_MAX).contains(&input.people) {
        errors.refuse("people", "error-hostel-people");
    }
    let arrival = date(&input.arrival);
    let departure = date(&input.departure);
    match arrival {
        None => errors.refuse("arrival", "error-hostel-date"),
        Some(a) if a < today => errors.refuse("arrival", "error-hostel-past"),
        Some(_) => {}
    }
    match (arrival, departure) {
        (_, None) => errors.refuse("departure", "error-hostel-date"),
        (Some(a), Some(d)) if d <= a => errors.refuse("departure", "error-hostel-departure"),
        (Some(a), Some(d)) if (d - a).num_days() > MAX_NIGHTS => {
            errors.refuse("departure", "error-hostel-too-long")
        }
        _ => {}
    }
    let source = input.source.as_deref().unwrap_or("desk");
    if !SOURCES.contains(&source) {
        errors.refuse("source", "error-hostel-source");
    }
    if input.notes.chars().count() > super::NOTES_MAX {
        errors.refuse("notes", "error-hostel-notes");
    }
    if input.minors < 0 || input.tax_exempt < 0 || input.minors + input.tax_exempt > input.people {
        errors.refuse("minors", "error-hostel-tax-people");
    }
    match input.tax_exempt_reason.as_deref().filter(|r| !r.is_empty()) {
        None if input.tax_exempt > 0 => {
            errors.refuse("tax_exempt_reason", "error-hostel-tax-reason")
        }
        Some(r) if !super::tax::EXEMPTIONS.contains(&r) => {
            errors.refuse("tax_exempt_reason", "error-hostel-tax-reason")
        }
        _ => {}
    }
    if input
        .request_key
        .as_deref()
        .is_some_and(|k| k.is_empty() || k.chars().count() > super::KEY_MAX)
    {
        errors.refuse("request_key", "error-hostel-request-key");
    }
    let room: Option<Room> = match input.room_id {
        None => None,
        Some(id) => match super::room(&mut *conn, id).await {
            Ok(r) if r.retired_at.is_none() => Some(r),
            Ok(_) | Err(Refusal::NotFound) => {
                errors.refuse("room_id", "error-hostel-room");
                None
            }
            Err(e) => return Err(e),
        },
    };
    if let Some(p) = input.person_id {
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM persons WHERE id = ?")
            .bind(p)
            .fetch_optional(&mut *conn)
            .await?;
        if known.is_none() {
            errors.refuse("person_id", "error-hostel-person");
        }
    }
    let want = match &room {
        Some(r) if !r.is_dorm() || input.whole_room => {
            if input.people > r.beds {
                errors.refuse("people", "error-hostel-room-too-small");
            }
            Want::Whole(r.id)
        }
        _ if input.whole_room => {
            errors.refuse("room_id", "error-hostel-whole-needs-room");
            Want::Whole(0)
        }
        _ => {
            let beds = input.beds.unwrap_or(input.people);
            if !(1..=PEOPLE_MAX).contains(&beds) || beds > input.people.max(1) {
                errors.refuse("beds", "error-hostel-beds");
            }
            Want::Beds {
                room: room.as_ref().map(|r| r.id),
                beds,
            }
        }
    };
    errors.done()?;
    let (Some(arrival), Some(departure)) = (arrival, departure) else {
        return Err(Refusal::field("arrival", "error-hostel-date"));
    };
    let beds = match (want, &room) {
        (Want::Whole(_), Some(r)) => r.beds,
        (Want::Beds { beds, .. }, _) => beds,
        _ => 0,
    };
    Ok(Checked {
        guest_name: guest_name.to_owned(),
        arrival,
        departure,
        source: source.to_owned(),
        want,
        beds,
    })
}

/// The beds free on every night from `first` to the night before `end` (not held, not out of
/// order, in a room in service): (bed, room), by room then bed.
pub(super) async fn free_beds(
    conn: &mut SqliteConnection,
    room: Option<i64>,
    first: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    // Two statements, so that a room's look-up starts from its beds (an `OR` of both keeps the
    // planner on every bed of the hostel).
    macro_rules! free_beds_where {
        ($rooms:literal) => {
            concat!(
                "SELECT b.id, b.room_id FROM hostel_beds b JOIN hostel_rooms r ON r.id = b.room_id
                 WHERE r.retired_at IS NULL AND ",
                $rooms,
                " AND NOT EXISTS (SELECT 1 FROM hostel_nights n WHERE n.bed_id = b.id
                                 AND n.released_at IS NULL AND n.night >= ?2 AND n.night < ?3)
                   AND NOT EXISTS (SELECT 1 FROM hostel_closures c WHERE c.room_id = b.room_id
                                 AND c.lifted_at IS NULL AND (c.bed_id IS NULL OR c.bed_id = b.id)
                                 AND c.first_night < ?3 AND c.last_night >= ?2)
                 ORDER BY r.floor, r.name COLLATE NOCASE, b.id"
            )
        };
    }
    let sql = match room {
        Some(_) => free_beds_where!("b.room_id = ?1"),
        None => free_beds_where!("?1 IS NULL AND r.kind = 'dorm' AND r.women_only = 0"),
    };
    sqlx::query_as(sql)
        .bind(room)
        .bind(first.to_string())
        .bind(end.to_string())
        .fetch_all(conn)
        .await
}

/// The beds to hold for `want` from `first` to `end`, or why there are none.
pub(super) async fn choose_beds(
    conn: &mut SqliteConnection,
    want: Want,
    first: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<i64>, Refusal> {
    match want {
        Want::Whole(room) => {
            let all: Vec<i64> =
                sqlx::query_scalar("SELECT id FROM hostel_beds WHERE room_id = ? ORDER BY id")
                    .bind(room)
                    .fetch_all(&mut *conn)
                    .await?;
            let free = free_beds(conn, Some(room), first, end).await?;
            if free.len() < all.len() {
                return Err(Refusal::conflict("error-hostel-room-taken-nights"));
            }
            Ok(all)
        }
        Want::Beds { room, beds } => {
            let free = free_beds(conn, room, first, end).await?;
            let n = usize::try_from(beds).unwrap_or(usize::MAX);
            if free.len() < n {
                return Err(Refusal::Conflict {
                    key: "error-hostel-no-beds",
                    arg: free.len().to_string(),
                });
            }
            // Keep a group together: the rooms with the most free beds first.
            let mut by_room: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
            let mut order = vec![];
            for (bed, room) in free {
                if !by_room.contains_key(&room) {
                    order.push(room);
                }
                by_room.entry(room).or_default().push(bed);
            }
            order.sort_by_key(|r| std::cmp::Reverse(by_room.get(r).map_or(0, Vec::len)));
            Ok(order
                .iter()
                .flat_map(|r| by_room.get(r).cloned().unwrap_or_default())
                .take(n)
                .collect())
        }
    }
}

/// The refusal for nights the database turned down (another writer took them first: only
/// possible from outside this process's queue of writers, or raw SQL).
fn from_database(e: sqlx::Error) -> Refusal {
    let text = e.to_string();
    if text.contains("UNIQUE constraint failed: hostel_nights") {
        Refusal::conflict("error-hostel-taken-now")
    } else if text.contains("hostel: the bed is out of order") {
        Refusal::conflict("error-hostel-closed")
    } else {
        Refusal::Db(e)
    }
}

/// Holds `beds` on the nights from `first` to the night before `end` for a stay.
pub(super) async fn hold(
    conn: &mut SqliteConnection,
    stay_id: i64,
    beds: &[i64],
    first: NaiveDate,
    end: NaiveDate,
) -> Result<(), Refusal> {
    if beds.is_empty() {
        return Ok(());
    }
    // One statement for every bed-night (each still through migration 0011's triggers).
    let all: Vec<String> = nights(first, end).map(|n| n.to_string()).collect();
    sqlx::query(
        "INSERT INTO hostel_nights (stay_id, bed_id, night, held_at)
         SELECT ?1, b.value, n.value, ?2 FROM json_each(?3) n, json_each(?4) b
         ORDER BY n.value, b.value",
    )
    .bind(stay_id)
    .bind(db::now_text())
    .bind(serde_json::to_string(&all).unwrap_or_default())
    .bind(serde_json::to_string(beds).unwrap_or_default())
    .execute(&mut *conn)
    .await
    .map_err(from_database)?;
    Ok(())
}

/// Releases the nights of a stay from `from` on.
pub(super) async fn release_from(
    conn: &mut SqliteConnection,
    stay_id: i64,
    from: NaiveDate,
    why: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE hostel_nights SET released_at = ?, released_why = ?
         WHERE stay_id = ? AND released_at IS NULL AND night >= ?",
    )
    .bind(db::now_text())
    .bind(why)
    .bind(stay_id)
    .bind(from.to_string())
    .execute(conn)
    .await?
    .rows_affected())
}

/// The night it is now for the hostel.
pub async fn tonight(
    conn: impl sqlx::SqliteExecutor<'_>,
    tz: chrono_tz::Tz,
    at: DateTime<Utc>,
) -> Result<NaiveDate, sqlx::Error> {
    let s: Settings = super::settings(conn).await?;
    Ok(night_of(at, tz, s))
}

/// Records a stay: a request from the website waits for the desk; any other is confirmed at once,
/// its beds held. The same `request_key` gives back the same stay.
pub async fn create(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    actor: &Actor,
    input: &NewStay,
    now: DateTime<Utc>,
) -> Result<Stay, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let s = create_in(&mut tx, tz, actor, input, now).await?;
    super::notices::confirmed(&mut tx, &s).await?;
    tx.commit().await?;
    Ok(s)
}

/// [`create`] inside the caller's writing transaction (the demo).
pub async fn create_in(
    tx: &mut SqliteConnection,
    tz: chrono_tz::Tz,
    actor: &Actor,
    input: &NewStay,
    now: DateTime<Utc>,
) -> Result<Stay, Refusal> {
    if let Some(key) = &input.request_key {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM hostel_stays WHERE request_key = ?")
                .bind(key)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(id) = id {
            return stay(&mut *tx, id).await;
        }
    }
    let today = tonight(&mut *tx, tz, now).await?;
    let c = check_new(tx, input, today).await?;
    let request = c.source == "website";
    let beds = if request {
        vec![]
    } else {
        choose_beds(tx, c.want, c.arrival, c.departure).await?
    };
    let at = db::instant_text(now);
    let (room_id, whole) = match c.want {
        Want::Whole(r) => (Some(r), true),
        Want::Beds { room, .. } => (room, false),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO hostel_stays (uid, request_key, person_id, guest_name, phone, email, people,
             arrival, departure, room_id, whole_room, beds, status, source, notes, created_by_name,
             created_at, updated_at, minors, tax_exempt, tax_exempt_reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(&input.request_key)
    .bind(input.person_id)
    .bind(&c.guest_name)
    .bind(input.phone.trim())
    .bind(input.email.trim())
    .bind(input.people)
    .bind(c.arrival.to_string())
    .bind(c.departure.to_string())
    .bind(room_id)
    .bind(whole)
    .bind(c.beds)
    .bind(if request { "requested" } else { "confirmed" })
    .bind(&c.source)
    .bind(input.notes.trim())
    .bind(&actor.name)
    .bind(&at)
    .bind(&at)
    .bind(input.minors)
    .bind(input.tax_exempt)
    .bind(
        input
            .tax_exempt_reason
            .as_deref()
            .filter(|r| !r.is_empty() && input.tax_exempt > 0),
    )
    .fetch_one(&mut *tx)
    .await?;
    hold(tx, id, &beds, c.arrival, c.departure).await?;
    audit::record(
        tx,
        actor,
        "hostel.stay.create",
        "hostel_stay",
        id,
        None,
        Some(
            &json!({"guest": c.guest_name, "people": input.people, "arrival": c.arrival,
                     "departure": c.departure, "beds": beds, "source": c.source}),
        ),
    )
    .await?;
    stay(&mut *tx, id).await
}

async fn set_status(
    conn: &mut SqliteConnection,
    actor: &Actor,
    s: &Stay,
    status: &str,
    at: DateTime<Utc>,
) -> Result<(), Refusal> {
    let at = db::instant_text(at);
    sqlx::query(
        "UPDATE hostel_stays SET status = ?1, updated_at = ?2,
             checked_in_at = CASE WHEN ?1 = 'checked_in' THEN ?2 ELSE checked_in_at END,
             checked_in_by = CASE WHEN ?1 = 'checked_in' THEN ?3 ELSE checked_in_by END,
             checked_out_at = CASE WHEN ?1 = 'checked_out' THEN ?2 ELSE checked_out_at END,
             checked_out_by = CASE WHEN ?1 = 'checked_out' THEN ?3 ELSE checked_out_by END,
             cancelled_at = CASE WHEN ?1 IN ('cancelled', 'no_show') THEN ?2 ELSE cancelled_at END,
             cancelled_by = CASE WHEN ?1 IN ('cancelled', 'no_show') THEN ?3 ELSE cancelled_by END
         WHERE id = ?4",
    )
    .bind(status)
    .bind(&at)
    .bind(&actor.name)
    .bind(s.id)
    .execute(&mut *conn)
    .await?;
    audit::record(
        conn,
        actor,
        &format!("hostel.stay.{status}"),
        "hostel_stay",
        s.id,
        Some(&json!({"status": s.status})),
        Some(&json!({"status": status})),
    )
    .await?;
    Ok(())
}

/// A stay the caller may change: not closed.
pub(super) fn open(s: &Stay, allowed: &[&str]) -> Result<(), Refusal> {
    if allowed.contains(&s.status.as_str()) {
        return Ok(());
    }
    Err(Refusal::conflict(match s.status.as_str() {
        "requested" => "error-hostel-status-requested",
        "confirmed" => "error-hostel-status-confirmed",
        "checked_in" => "error-hostel-status-checked-in",
        "checked_out" => "error-hostel-status-checked-out",
        "cancelled" => "error-hostel-status-cancelled",
        _ => "error-hostel-status-no-show",
    }))
}

/// The desk accepts a request: its beds are held now, or it is refused with why.
pub async fn confirm(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Stay, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let s = stay(&mut *tx, id).await?;
    open(&s, &["requested"])?;
    if s.arrival() < tonight(&mut *tx, tz, now).await? {
        return Err(Refusal::conflict("error-hostel-request-passed"));
    }
    let want = match (s.room_id, s.whole_room) {
        (Some(r), true) => Want::Whole(r),
        (room, _) => Want::Beds { room, beds: s.beds },
    };
    let beds = choose_beds(&mut tx, want, s.arrival(), s.departure()).await?;
    set_status(&mut tx, actor, &s, "confirmed", now).await?;
    hold(&mut tx, id, &beds, s.arrival(), s.departure()).await?;
    let s = stay(&mut *tx, id).await?;
    super::notices::confirmed(&mut tx, &s).await?;
    tx.commit().await?;
    Ok(s)
}

/// The guests arrive: from the evening of their first night (or the night after, if late) until
/// the morning they leave.
pub async fn check_in(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Stay, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let s = check_in_in(&mut tx, tz, actor, id, now).await?;
    tx.commit().await?;
    Ok(s)
}

/// [`check_in`] inside the caller's writing transaction (the demo).
pub async fn check_in_in(
    tx: &mut SqliteConnection,
    tz: chrono_tz::Tz,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Stay, Refusal> {
    let s = stay(&mut *tx, id).await?;
    open(&s, &["confirmed"])?;
    let night = tonight(&mut *tx, tz, now).await?;
    if night < s.arrival() {
        return Err(Refusal::Conflict {
            key: "error-hostel-too-early",
            arg: s.arrival().format("%d/%m/%Y").to_string(),
        });
    }
    if night >= s.departure() {
        return Err(Refusal::conflict("error-hostel-too-late"));
    }
    super::housekeeping::refuse_dirty(tx, id, night).await?;
    set_status(tx, actor, &s, "checked_in", now).await?;
    stay(&mut *tx, id).await
}

/// The guests leave. Leaving before the planned morning releases the nights left (the night that
/// began counts: a guest who leaves at 23:00 on the first evening pays that night).
///
/// The folio must be settled: the nights not posted yet are posted (with their tax), and a balance
/// left to pay (or a credit to give back) refuses the departure with the amount.
pub async fn check_out(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Stay, Refusal> {
    check_out_paying(pool, tz, actor, id, now, None, &[]).await
}

/// [`check_out`] with the last payment taken and the guest badges given back in the same step
/// (the desk's one screen): `badges_back` are the cards the desk has in hand; the others lent for
/// the stay are blocked as not returned.
pub async fn check_out_paying(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
    payment: Option<&super::folio::PaymentInput>,
    badges_back: &[i64],
) -> Result<Stay, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let s = check_out_in(&mut tx, tz, actor, id, now, payment, badges_back).await?;
    tx.commit().await?;
    Ok(s)
}

/// What a guest in house leaving now would still owe: the folio's balance and the nights they
/// keep (an early departure releases the others).
pub async fn due_on_leaving(
    conn: &mut SqliteConnection,
    tz: chrono_tz::Tz,
    s: &Stay,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let f = super::folio::folio(conn, s).await?;
    due_on_leaving_with(conn, tz, s, &f, now).await
}

/// [`due_on_leaving`] from the stay's folio already read (the stay's page has it).
pub async fn due_on_leaving_with(
    conn: &mut SqliteConnection,
    tz: chrono_tz::Tz,
    s: &Stay,
    f: &super::folio::Folio,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let leaving = tonight(&mut *conn, tz, now)
        .await?
        .max(s.arrival() + Duration::days(1));
    if leaving >= s.departure() {
        return Ok(f.due_cents);
    }
    let kept = Stay {
        departure: leaving.to_string(),
        ..s.clone()
    };
    let prices: Vec<(String, i64)> = night_prices(conn, s.id)
        .await?
        .into_iter()
        .filter(|(n, _)| *n >= leaving.to_string())
        .collect();
    let released: i64 = prices.iter().map(|(_, p)| p).sum::<i64>()
        + super::tax::nightly(conn, &kept, &prices)
            .await?
            .iter()
            .map(|t| t.cents)
            .sum::<i64>();
    Ok(f.due_cents - released)
}

/// [`check_out`] inside the caller's writing transaction (the demo).
pub async fn check_out_in(
    tx: &mut SqliteConnection,
    tz: chrono_tz::Tz,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
    payment: Option<&super::folio::PaymentInput>,
    badges_back: &[i64],
) -> Result<Stay, Refusal> {
    let s = stay(&mut *tx, id).await?;
    open(&s, &["checked_in"])?;
    let night = tonight(&mut *tx, tz, now).await?;
    let leaving = night.max(s.arrival() + Duration::days(1));
    if leaving < s.departure() {
        release_from(tx, id, leaving, "early_departure").await?;
        sqlx::query("UPDATE hostel_stays SET departure = ? WHERE id = ?")
            .bind(leaving.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            tx,
            actor,
            "hostel.stay.early_departure",
            "hostel_stay",
            id,
            Some(&json!({"departure": s.departure})),
            Some(&json!({"departure": leaving})),
        )
        .await?;
    }
    let left = stay(&mut *tx, id).await?;
    super::folio::post_nights(tx, actor, &left, left.departure() - Duration::days(1)).await?;
    if let Some(p) = payment {
        super::folio::pay_in(tx, actor, id, p).await?;
    }
    let f = super::folio::folio(tx, &left).await?;
    if f.balance_cents > 0 {
        return Err(Refusal::Conflict {
            key: "error-hostel-folio-unpaid",
            arg: super::euros(f.balance_cents),
        });
    }
    if f.balance_cents < 0 {
        return Err(Refusal::Conflict {
            key: "error-hostel-folio-credit",
            arg: super::euros(-f.balance_cents),
        });
    }
    for badge in badges_back {
        super::badges::give_back_in(tx, actor, id, *badge).await?;
    }
    set_status(tx, actor, &s, "checked_out", now).await?;
    super::housekeeping::dirty_after(tx, actor, id).await?;
    stay(&mut *tx, id).await
}

/// Cancels a request or a confirmed stay (its nights are released by the database); a reason may
/// be given.
pub async fn cancel(
    pool: &SqlitePool,
    actor: &Actor,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Stay, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let rooms = super::notices::rooms(&mut tx, id).await?;
    let s = cancel_in(&mut tx, actor, id, reason, now).await?;
    super::notices::cancelled(&mut tx, &s, &rooms).await?;
    tx.commit().await?;
    Ok(s)
}

/// [`cancel`] inside the caller's writing transaction (a platform's calendar read).
pub async fn cancel_in(
    tx: &mut SqliteConnection,
    actor: &Actor,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Stay, Refusal> {
    let reason = reason.trim();
    if reason.chars().count() > CANCEL_REASON_MAX {
        return Err(Refusal::field("reason", "error-hostel-reason-long"));
    }
    let s = stay(&mut *tx, id).await?;
    open(&s, &["requested", "confirmed"])?;
    set_status(tx, actor, &s, "cancelled", now).await?;
    sqlx::query("UPDATE hostel_stays SET cancel_reason = ? WHERE id = ?")
        .bind((!reason.is_empty()).then_some(reason))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    stay(&mut *tx, id).await
}

/// The guests never came: once their first night is over, the stay becomes a no-show and its
/// nights are released.
pub async fn no_show(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Stay, Refusal> {
    let mut tx = db::begin_write(pool).await?;
    let s = stay(&mut *tx, id).await?;
    open(&s, &["confirmed"])?;
    if tonight(&mut *tx, tz, now).await? <= s.arrival() {
        return Err(Refusal::conflict("error-hostel-no-show-early"));
    }
    set_status(&mut tx, actor, &s, "no_show", now).await?;
    let s = stay(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(s)
}

/// Stays of a person (their own record), latest first.
pub async fn of_person(
    conn: impl sqlx::SqliteExecutor<'_>,
    person_id: i64,
) -> Result<Vec<Stay>, sqlx::Error> {
    sqlx::query_as(concat!(
        stay_select!(),
        " WHERE person_id = ? ORDER BY arrival DESC"
    ))
    .bind(person_id)
    .fetch_all(conn)
    .await
}
