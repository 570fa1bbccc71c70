//! What a tap means at a key cabinet's kiosk (role `vehicles`), decided inside the batch's
//! transaction (docs/protocol.md, « What a tap means at a `vehicles` kiosk »):
//!
//! - a key out: the tap brings it back (`key_returned`), and asks for the return form;
//! - a booking on now (from [`super::Settings::pickup_early_minutes`] before its start): the key
//!   goes out (`key_taken`) — unless the vehicle is in the workshop or waits for a damage review,
//!   the previous user has not brought it back, or the licence no longer covers the booking;
//! - otherwise `not_allowed`, saying why: no booking, too early, licence expired.
//!
//! A replayed tap gets the first answer (the ingestion keeps it); a tap from a kiosk whose clock
//! runs ahead is only recorded; a late copy from an offline kiosk counts at its read time.

use super::booking::Booking;
use super::{drivers, vehicle};
use crate::db;
use crate::time::french_time;
use chrono::{DateTime, Duration, Utc};
use citeosquare_protocol::{AckResult, Display};

fn refuse(title: &str, lines: Vec<String>) -> Option<(AckResult, Display)> {
    Some((
        AckResult::NotAllowed,
        Display {
            title: title.to_owned(),
            lines,
        },
    ))
}

/// The message a refusal key gives at the kiosk (short: the kiosk's screen is small).
fn licence_words(key: &str) -> (&'static str, &'static str) {
    match key {
        "error-veh-no-licence" => (
            "Pas de permis enregistré",
            "Montrez votre permis à l'accueil",
        ),
        "error-veh-licence-expired" => ("Permis expiré", "Voyez l'accueil"),
        "error-veh-licence-too-recent" => {
            ("Permis trop récent", "pour l'assurance — voyez l'accueil")
        }
        "error-veh-no-briefing" => ("Prise en main à faire", "avec l'accueil, avant le départ"),
        _ => ("Permis non valable", "pour ce véhicule — voyez l'accueil"),
    }
}

/// Decides a tap by a known person at a key cabinet.
pub async fn key_tap(
    tx: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    person_id: i64,
    first_name: &str,
    event_id: &str,
    at: DateTime<Utc>,
) -> Result<Option<(AckResult, Display)>, sqlx::Error> {
    let at_text = db::instant_text(at);
    // A key out comes back.
    let out: Option<Booking> = sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.person_id = ? AND b.state = 'out' AND b.picked_up_at <= ?
         ORDER BY b.picked_up_at LIMIT 1"
    ))
    .bind(person_id)
    .bind(&at_text)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(b) = out {
        let v = match vehicle(&mut *tx, b.vehicle_id).await {
            Ok(v) => v,
            Err(crate::refusal::Refusal::Db(e)) => return Err(e),
            Err(_) => return Ok(None),
        };
        // An early return frees the rest of the booking; a late one never takes the next slot.
        let freed_from = (at.timestamp() + v.buffer_minutes * 60).max(b.start().timestamp());
        sqlx::query(
            "UPDATE vehicle_bookings SET state = 'returned', returned_at = ?, return_event = ?,
                 block_end = min(block_end, ?), updated_at = ? WHERE id = ?",
        )
        .bind(&at_text)
        .bind(event_id)
        .bind(freed_from)
        .bind(db::now_text())
        .bind(b.id)
        .execute(&mut *tx)
        .await?;
        let when = if at > b.end() {
            format!(
                "à {} (retour prévu {})",
                french_time(at, tz),
                french_time(b.end(), tz)
            )
        } else {
            format!("à {}", french_time(at, tz))
        };
        let lines = vec![
            format!("Clé n° {} rendue — {}", b.key_number, b.vehicle_name),
            when,
            "Fiche de retour à remplir".to_owned(),
            "à l'accueil ou sur votre page".to_owned(),
        ];
        return Ok(Some((
            AckResult::KeyReturned,
            Display {
                title: format!("Merci {first_name}"),
                lines,
            },
        )));
    }

    let settings = super::settings(&mut *tx).await?;
    let early = Duration::minutes(settings.pickup_early_minutes);
    // The booking on now (the earliest if two touch).
    let now_booking: Option<Booking> = sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.person_id = ? AND b.state = 'confirmed'
           AND b.start_at <= ? AND b.end_at > ?
         ORDER BY b.start_at LIMIT 1"
    ))
    .bind(person_id)
    .bind(db::instant_text(at + early))
    .bind(&at_text)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(b) = now_booking else {
        return no_booking(tx, tz, person_id, first_name, at).await;
    };
    let v = match vehicle(&mut *tx, b.vehicle_id).await {
        Ok(v) => v,
        Err(crate::refusal::Refusal::Db(e)) => return Err(e),
        Err(_) => return Ok(None),
    };
    match super::blocked(tx, &v, at).await? {
        Some("damage") => {
            return Ok(refuse(
                "Véhicule bloqué",
                vec![
                    format!("{} : dommage signalé", v.name),
                    "à examiner par l'accueil".to_owned(),
                ],
            ));
        }
        Some(_) => {
            return Ok(refuse(
                "Véhicule à l'atelier",
                vec![v.name.clone(), "Voyez l'accueil".to_owned()],
            ));
        }
        None => {}
    }
    let still_out: Option<String> = sqlx::query_scalar(
        "SELECT end_at FROM vehicle_bookings WHERE vehicle_id = ? AND state = 'out' AND id <> ?",
    )
    .bind(v.id)
    .bind(b.id)
    .fetch_optional(&mut *tx)
    .await?;
    if still_out.is_some() {
        return Ok(refuse(
            "Véhicule pas encore rendu",
            vec![v.name.clone(), "Voyez l'accueil".to_owned()],
        ));
    }
    let today = at.with_timezone(&tz).date_naive();
    if let Some(why) = drivers::may_not_drive(tx, &settings, &v, person_id, today).await? {
        let (title, line) = licence_words(why);
        return Ok(refuse(title, vec![line.to_owned()]));
    }
    sqlx::query(
        "UPDATE vehicle_bookings SET state = 'out', picked_up_at = ?, pickup_event = ?,
             km_start = ?, updated_at = ? WHERE id = ? AND state = 'confirmed'",
    )
    .bind(&at_text)
    .bind(event_id)
    .bind((!v.is_bike()).then_some(v.odometer_km))
    .bind(db::now_text())
    .bind(b.id)
    .execute(&mut *tx)
    .await?;
    Ok(Some((
        AckResult::KeyTaken,
        Display {
            title: format!("Clé n° {}", b.key_number),
            lines: vec![
                b.vehicle_name.clone(),
                format!("jusqu'à {}", french_time(b.end(), tz)),
                format!("Bonne route {first_name}"),
            ],
        },
    )))
}

/// No key out, no booking on now: why not, in the person's terms.
async fn no_booking(
    tx: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    person_id: i64,
    first_name: &str,
    at: DateTime<Utc>,
) -> Result<Option<(AckResult, Display)>, sqlx::Error> {
    let settings = super::settings(&mut *tx).await?;
    let next: Option<Booking> = sqlx::query_as(concat!(
        booking_select!(),
        " WHERE b.person_id = ? AND b.state = 'confirmed' AND b.start_at > ?
         ORDER BY b.start_at LIMIT 1"
    ))
    .bind(person_id)
    .bind(db::instant_text(at))
    .fetch_optional(&mut *tx)
    .await?;
    let today = at.with_timezone(&tz).date_naive();
    if let Some(l) = drivers::licence(&mut *tx, person_id).await?
        && l.expires() < today
    {
        return Ok(refuse(
            "Permis expiré",
            vec![format!("{first_name}, voyez l'accueil")],
        ));
    }
    match next {
        Some(b) if b.start().with_timezone(&tz).date_naive() == today => {
            let from = b.start() - Duration::minutes(settings.pickup_early_minutes);
            Ok(refuse(
                "Trop tôt",
                vec![
                    format!("Clé n° {} — {}", b.key_number, b.vehicle_name),
                    format!("disponible à partir de {}", french_time(from, tz)),
                ],
            ))
        }
        Some(b) => Ok(refuse(
            "Pas de réservation maintenant",
            vec![
                format!(
                    "Prochaine : {}",
                    super::long_day_fr(b.start().with_timezone(&tz).date_naive())
                ),
                format!("à {} — {}", french_time(b.start(), tz), b.vehicle_name),
            ],
        )),
        None => Ok(refuse(
            "Pas de réservation",
            vec![
                format!("{first_name}, réservez à l'accueil"),
                "ou sur « Véhicules »".to_owned(),
            ],
        )),
    }
}

/// The kiosk role's hook.
pub fn kiosk_tap<'a>(
    tx: &'a mut sqlx::SqliteConnection,
    t: crate::web::domain::Tap<'a>,
) -> crate::web::domain::Fut<'a, Result<crate::web::domain::Meaning, sqlx::Error>> {
    Box::pin(async move {
        if t.flagged == Some("clock_ahead") {
            return Ok(None);
        }
        key_tap(
            tx,
            t.time_zone,
            t.person_id,
            t.first_name,
            t.event_id,
            t.read_at,
        )
        .await
    })
}
