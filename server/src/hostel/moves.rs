//! What changes a stay after it is made, and what a visitor may ask for: the beds and rooms free on
//! some nights (no names), a new morning of leaving (later on the same beds, or earlier), and a
//! change of room for the nights left (the nights slept stay where they were, released « moved »).
//! Re-exported by [`super::stays`].

use super::stays::{
    MAX_NIGHTS, Stay, Want, choose_beds, free_beds, held_beds, hold, open, release_from, stay,
    tonight,
};
use super::{Room, date};
use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::Refusal;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

/// What a visitor may ask for on some nights: beds free every night in the dormitories open to
/// all and in each women-only one, and the private rooms free whole. No names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Availability {
    /// Beds free on every night in the dormitories open to all.
    pub dorm_beds: i64,
    /// The women-only dormitories with a bed free on every night, and how many.
    pub women_dorms: Vec<(Room, i64)>,
    /// The private rooms free on every night.
    pub rooms: Vec<Room>,
}

/// [`Availability`] from `first` to the night before `end`.
pub async fn availability(
    pool: &SqlitePool,
    first: NaiveDate,
    end: NaiveDate,
) -> Result<Availability, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let mut a = Availability {
        dorm_beds: i64::try_from(free_beds(&mut conn, None, first, end).await?.len()).unwrap_or(0),
        ..Availability::default()
    };
    for room in super::rooms(&mut *conn).await? {
        let free = i64::try_from(free_beds(&mut conn, Some(room.id), first, end).await?.len())
            .unwrap_or(0);
        if room.women_only {
            if free > 0 {
                a.women_dorms.push((room, free));
            }
        } else if !room.is_dorm() && free == room.beds && free > 0 {
            a.rooms.push(room);
        }
    }
    Ok(a)
}

/// Moves the morning of leaving: later (the same beds, if free every night added) or earlier
/// (the nights after it are released). A stay under way cannot end before tonight is over.
pub async fn change_departure(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    actor: &Actor,
    id: i64,
    departure: &str,
    now: DateTime<Utc>,
) -> Result<Stay, Refusal> {
    let Some(new) = date(departure) else {
        return Err(Refusal::field("departure", "error-hostel-date"));
    };
    let mut tx = db::begin_write(pool).await?;
    let s = stay(&mut *tx, id).await?;
    open(&s, &["confirmed", "checked_in"])?;
    let night = tonight(&mut *tx, tz, now).await?;
    if new <= s.arrival() || new <= night {
        return Err(Refusal::field("departure", "error-hostel-departure"));
    }
    if (new - s.arrival()).num_days() > MAX_NIGHTS {
        return Err(Refusal::field("departure", "error-hostel-too-long"));
    }
    let old = s.departure();
    if new > old {
        let beds: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT bed_id FROM hostel_nights
             WHERE stay_id = ? AND released_at IS NULL AND night = ? ORDER BY bed_id",
        )
        .bind(id)
        .bind((old - Duration::days(1)).to_string())
        .fetch_all(&mut *tx)
        .await?;
        let free: Vec<i64> = free_beds_among(&mut tx, &beds, old, new).await?;
        if free.len() < beds.len() {
            return Err(Refusal::conflict("error-hostel-extend-taken"));
        }
        sqlx::query("UPDATE hostel_stays SET departure = ?, updated_at = ? WHERE id = ?")
            .bind(new.to_string())
            .bind(db::now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        hold(&mut tx, id, &beds, old, new).await?;
    } else if new < old {
        release_from(&mut tx, id, new, "shortened").await?;
        sqlx::query("UPDATE hostel_stays SET departure = ?, updated_at = ? WHERE id = ?")
            .bind(new.to_string())
            .bind(db::now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        actor,
        "hostel.stay.departure",
        "hostel_stay",
        id,
        Some(&json!({"departure": old})),
        Some(&json!({"departure": new})),
    )
    .await?;
    let s = stay(&mut *tx, id).await?;
    if new != old {
        super::notices::changed(&mut tx, &s, night.max(s.arrival())).await?;
    }
    tx.commit().await?;
    Ok(s)
}

/// A change of room: where to, and why (kept in the audit log with the beds before and after).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct MoveInput {
    pub room_id: i64,
    /// 1 to 200 characters.
    pub reason: String,
}

/// Moves a stay to another room from tonight (or from its first night, if it has not begun): the
/// nights left are released from the old beds (« moved », they stay in the history) and held in
/// the new room — the whole room for a private room or a stay sold whole, else as many beds as
/// it holds now — or nothing changes and the refusal says why. Guests in house move into made
/// beds only, and the beds they leave are to make.
pub async fn move_to(
    pool: &SqlitePool,
    tz: chrono_tz::Tz,
    actor: &Actor,
    id: i64,
    input: &MoveInput,
    now: DateTime<Utc>,
) -> Result<Stay, Refusal> {
    let reason = input.reason.trim();
    let mut f = crate::refusal::Fields::default();
    f.check(reason.is_empty(), "reason", "error-hostel-move-reason")
        .check(
            reason.chars().count() > super::REASON_MAX,
            "reason",
            crate::refusal::too_long(super::REASON_MAX),
        );
    f.done()?;
    let mut tx = db::begin_write(pool).await?;
    let s = stay(&mut *tx, id).await?;
    open(&s, &["confirmed", "checked_in"])?;
    let room = match super::room(&mut *tx, input.room_id).await {
        Ok(r) if r.retired_at.is_none() => r,
        Ok(_) | Err(Refusal::NotFound) => {
            return Err(Refusal::field("room_id", "error-hostel-room"));
        }
        Err(e) => return Err(e),
    };
    let from = tonight(&mut *tx, tz, now).await?.max(s.arrival());
    if from >= s.departure() {
        return Err(Refusal::conflict("error-hostel-too-late"));
    }
    let before = held_beds(&mut tx, id).await?;
    let beds_now: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM hostel_nights WHERE stay_id = ? AND night = ? AND released_at IS NULL",
    )
    .bind(id)
    .bind(from.to_string())
    .fetch_one(&mut *tx)
    .await?;
    if before.iter().all(|h| h.room_id == room.id) {
        return Err(Refusal::field("room_id", "error-hostel-move-same"));
    }
    let whole = !room.is_dorm() || s.whole_room;
    let want = if whole {
        Want::Whole(room.id)
    } else {
        Want::Beds {
            room: Some(room.id),
            beds: beds_now.max(1),
        }
    };
    if !room.is_dorm() && room.beds < s.people {
        return Err(Refusal::Conflict {
            key: "error-hostel-move-small",
            arg: room.beds.to_string(),
        });
    }
    let left: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT bed_id FROM hostel_nights
         WHERE stay_id = ? AND night = ? AND released_at IS NULL",
    )
    .bind(id)
    .bind(from.to_string())
    .fetch_all(&mut *tx)
    .await?;
    release_from(&mut tx, id, from, "moved").await?;
    let beds = choose_beds(&mut tx, want, from, s.departure()).await?;
    hold(&mut tx, id, &beds, from, s.departure()).await?;
    if s.status == "checked_in" {
        // Guests in house move now: into made beds only, and the beds they leave are to make.
        super::housekeeping::refuse_dirty(&mut tx, id, from).await?;
        sqlx::query(
            "UPDATE hostel_beds SET housekeeping = 'dirty', housekeeping_at = ?, housekeeping_by = ?
             WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(db::now_text())
        .bind(&actor.name)
        .bind(serde_json::to_string(&left).unwrap_or_default())
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE hostel_stays SET room_id = ?, whole_room = ?, updated_at = ? WHERE id = ?")
        .bind(room.id)
        .bind(whole)
        .bind(db::now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        "hostel.stay.move",
        "hostel_stay",
        id,
        Some(&json!({"beds": before.iter().map(|h| h.bed_id).collect::<Vec<_>>()})),
        Some(&json!({"room": room.name, "beds": beds, "from": from, "reason": reason})),
    )
    .await?;
    let s = stay(&mut *tx, id).await?;
    super::notices::changed(&mut tx, &s, from).await?;
    tx.commit().await?;
    Ok(s)
}

/// Which of `beds` are free on every night from `first` to the night before `end`.
async fn free_beds_among(
    conn: &mut SqliteConnection,
    beds: &[i64],
    first: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut out = vec![];
    for bed in beds {
        let room: i64 = sqlx::query_scalar("SELECT room_id FROM hostel_beds WHERE id = ?")
            .bind(bed)
            .fetch_one(&mut *conn)
            .await?;
        if free_beds(conn, Some(room), first, end)
            .await?
            .iter()
            .any(|(b, _)| b == bed)
        {
            out.push(*bed);
        }
    }
    Ok(out)
}
