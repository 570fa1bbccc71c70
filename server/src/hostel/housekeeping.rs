//! Housekeeping: each bed is clean, dirty or inspected. A check-out makes the stay's beds dirty;
//! the housekeeper marks a room clean from a phone; a dirty bed can be sold, but nobody is checked
//! in on it — the desk sees which arrivals wait for a clean bed.

use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::Refusal;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

/// The states a bed can be in.
pub const STATES: [&str; 3] = ["clean", "dirty", "inspected"];

/// A room as the housekeeper sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoomToDo {
    pub room_id: i64,
    pub room_name: String,
    pub floor: i64,
    /// Labels of its dirty beds.
    pub dirty: Vec<String>,
    /// Beds clean but not inspected.
    pub clean: i64,
    pub inspected: i64,
    /// Beds held tonight.
    pub occupied_tonight: i64,
    /// Guests arrive tonight on one of its beds (do it first).
    pub arrival_tonight: bool,
}

/// Every room in service with its beds' states, the ones to do first on top: an arrival tonight
/// on a dirty bed, then any dirty bed.
pub async fn rooms(pool: &SqlitePool, tonight: NaiveDate) -> Result<Vec<RoomToDo>, sqlx::Error> {
    let rows: Vec<(i64, String, i64, String, String, bool, bool)> = sqlx::query_as(
        "SELECT r.id, r.name, r.floor, b.label, b.housekeeping,
                EXISTS (SELECT 1 FROM hostel_nights n WHERE n.bed_id = b.id AND n.night = ?1
                          AND n.released_at IS NULL),
                EXISTS (SELECT 1 FROM hostel_nights n JOIN hostel_stays s ON s.id = n.stay_id
                         WHERE n.bed_id = b.id AND n.night = ?1 AND n.released_at IS NULL
                           AND s.arrival = ?1 AND s.status = 'confirmed')
         FROM hostel_beds b JOIN hostel_rooms r ON r.id = b.room_id
         WHERE r.retired_at IS NULL
         ORDER BY r.floor, r.name COLLATE NOCASE, b.id",
    )
    .bind(tonight.to_string())
    .fetch_all(pool)
    .await?;
    let mut out: Vec<RoomToDo> = vec![];
    for (room_id, room_name, floor, label, state, occupied, arriving) in rows {
        if out.last().is_none_or(|r| r.room_id != room_id) {
            out.push(RoomToDo {
                room_id,
                room_name,
                floor,
                dirty: vec![],
                clean: 0,
                inspected: 0,
                occupied_tonight: 0,
                arrival_tonight: false,
            });
        }
        let Some(r) = out.last_mut() else { continue };
        match state.as_str() {
            "dirty" => r.dirty.push(label),
            "inspected" => r.inspected += 1,
            _ => r.clean += 1,
        }
        r.occupied_tonight += i64::from(occupied);
        r.arrival_tonight |= arriving;
    }
    // First the rooms where guests arrive tonight on a dirty bed, then any with a dirty bed.
    out.sort_by_key(|r| {
        let urgent = r.arrival_tonight && !r.dirty.is_empty();
        (!urgent, r.dirty.is_empty())
    });
    Ok(out)
}

/// What a room's beds become.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct MarkInput {
    /// clean, dirty or inspected.
    pub state: String,
    /// One bed; none for every bed of the room.
    #[serde(default)]
    pub bed_id: Option<i64>,
}

/// Marks a room's beds (or one of them).
pub async fn mark(
    pool: &SqlitePool,
    actor: &Actor,
    room_id: i64,
    input: &MarkInput,
) -> Result<u64, Refusal> {
    if !STATES.contains(&input.state.as_str()) {
        return Err(Refusal::field("state", "error-hostel-housekeeping-state"));
    }
    let mut tx = db::begin_write(pool).await?;
    super::room(&mut *tx, room_id).await?;
    let n = sqlx::query(
        "UPDATE hostel_beds SET housekeeping = ?1, housekeeping_at = ?2, housekeeping_by = ?3
         WHERE room_id = ?4 AND (?5 IS NULL OR id = ?5)",
    )
    .bind(&input.state)
    .bind(db::now_text())
    .bind(&actor.name)
    .bind(room_id)
    .bind(input.bed_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(Refusal::field("bed_id", "error-hostel-bed"));
    }
    audit::record(
        &mut tx,
        actor,
        "hostel.housekeeping",
        "hostel_room",
        room_id,
        None,
        Some(&json!({"state": input.state, "bed_id": input.bed_id})),
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}

/// After a check-out: every bed the stay slept in is dirty.
pub(crate) async fn dirty_after(
    conn: &mut SqliteConnection,
    actor: &Actor,
    stay_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE hostel_beds SET housekeeping = 'dirty', housekeeping_at = ?, housekeeping_by = ?
         WHERE id IN (SELECT DISTINCT bed_id FROM hostel_nights WHERE stay_id = ?
                        AND (released_at IS NULL OR released_why = 'early_departure'))",
    )
    .bind(db::now_text())
    .bind(&actor.name)
    .bind(stay_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Beds as the desk names them: « Dortoir Tilleul – 3, Dortoir Tilleul – 4 ».
pub fn beds_text(beds: &[(String, String)]) -> String {
    beds.iter()
        .map(|(room, bed)| format!("{room} – {bed}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Nobody is put on a bed not made: refused, naming the beds the stay holds on `night` that are
/// dirty (a check-in, a move of guests in house).
pub async fn refuse_dirty(
    conn: &mut SqliteConnection,
    stay_id: i64,
    night: NaiveDate,
) -> Result<(), Refusal> {
    let dirty = dirty_beds(conn, stay_id, night).await?;
    if dirty.is_empty() {
        return Ok(());
    }
    Err(Refusal::Conflict {
        key: "error-hostel-bed-dirty",
        arg: beds_text(&dirty),
    })
}

/// The dirty beds a stay holds on `night` (« Dortoir Tilleul, lit 3 »).
pub async fn dirty_beds(
    conn: &mut SqliteConnection,
    stay_id: i64,
    night: NaiveDate,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.name, b.label FROM hostel_nights n JOIN hostel_beds b ON b.id = n.bed_id
           JOIN hostel_rooms r ON r.id = b.room_id
         WHERE n.stay_id = ? AND n.night = ? AND n.released_at IS NULL
           AND b.housekeeping = 'dirty'
         ORDER BY r.name, b.id",
    )
    .bind(stay_id)
    .bind(night.to_string())
    .fetch_all(conn)
    .await
}
