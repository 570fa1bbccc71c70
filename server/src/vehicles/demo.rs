//! The shared vehicles' part of the demo site: a fleet (two cars, one of them electric, the
//! adapted vehicle, two e-bikes, a cargo bike), the key cabinet's kiosk `demo-cles`, drivers with
//! valid and expired licences, a senior who logs in as `senior` (large text), a volunteer driver
//! (`benevole`), bookings and trips this week, a vehicle in the workshop and a return overdue.

use super::booking::{Maker, NewBooking, book_in};
use crate::web::domain::{DemoSite, Fut};
use crate::{auth, db, kiosks};
use chrono::{Duration, NaiveTime, Utc};

/// The key cabinet's kiosk.
pub const DEMO_KEY_KIOSK: &str = "demo-cles";
/// The senior's login (password: the demo's).
pub const DEMO_SENIOR: &str = "senior";
/// The volunteer driver's login (Karim Haddad).
pub const DEMO_VOLUNTEER: &str = "benevole";

/// (name, kind, energy, plate, seats, automatic, ramp, key, staff only, first registration)
type DemoVehicle = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    bool,
    bool,
    i64,
    bool,
    Option<&'static str>,
);

const FLEET: [DemoVehicle; 6] = [
    (
        "Renault Clio",
        "car",
        "petrol",
        "GA-123-CT",
        5,
        false,
        false,
        1,
        false,
        Some("2021-03-15"),
    ),
    (
        "Citroën Berlingo TPMR",
        "adapted",
        "diesel",
        "GB-456-TP",
        4,
        false,
        true,
        2,
        true,
        Some("2023-01-09"),
    ),
    (
        "Renault Zoé",
        "car",
        "electric",
        "GC-789-ZE",
        5,
        true,
        false,
        3,
        false,
        Some("2022-12-20"),
    ),
    (
        "Vélo électrique 1",
        "ebike",
        "electric",
        "",
        1,
        false,
        false,
        4,
        false,
        None,
    ),
    (
        "Vélo électrique 2",
        "ebike",
        "electric",
        "",
        1,
        false,
        false,
        5,
        false,
        None,
    ),
    (
        "Vélo-cargo",
        "cargo_bike",
        "electric",
        "",
        1,
        false,
        false,
        6,
        false,
        None,
    ),
];

pub fn demo<'a>(
    tx: &'a mut sqlx::SqliteConnection,
    site: &'a DemoSite,
    lines: &'a mut Vec<String>,
) -> Fut<'a, anyhow::Result<()>> {
    Box::pin(seed(tx, site, lines))
}

async fn seed(
    tx: &mut sqlx::SqliteConnection,
    site: &DemoSite,
    lines: &mut Vec<String>,
) -> anyhow::Result<()> {
    let now_text = db::now_text();
    let mut ids = vec![];
    for (name, kind, energy, plate, seats, automatic, ramp, key, staff, first) in FLEET {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO vehicles (name, kind, energy, plate, seats, automatic, wheelchair_ramp,
                 home_place, key_number, needs_licence, needs_briefing, bookable_by, buffer_minutes,
                 first_registration, last_inspection, insurance_until, odometer_km, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'Parking de la cour', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             RETURNING id",
        )
        .bind(name)
        .bind(kind)
        .bind(energy)
        .bind(plate)
        .bind(seats)
        .bind(automatic)
        .bind(ramp)
        .bind(key)
        .bind(matches!(kind, "car" | "adapted"))
        .bind(kind == "adapted")
        .bind(if staff { "staff" } else { "members" })
        .bind(super::default_buffer(kind))
        .bind(first)
        // The Clio passed its first contrôle technique; the Zoé's is due this month.
        .bind((key == 1).then_some("2025-02-10"))
        .bind(first.map(|_| "2027-06-30"))
        .bind(if first.is_some() {
            23_000 + key * 4_100
        } else {
            0
        })
        .bind(&now_text)
        .fetch_one(&mut *tx)
        .await?;
        ids.push(id);
        lines.push(format!("  véhicule « {name} » — clé n° {key}"));
    }
    let kiosk = kiosks::NewKiosk::prepare(
        DEMO_KEY_KIOSK,
        citeosquare_protocol::Role::Vehicles,
        "Armoire à clés — véhicules partagés",
        crate::demo::DEMO_KIOSK_PASSWORD,
    )
    .await?;
    kiosk.insert(&mut *tx).await?;
    lines.push(format!(
        "  borne {DEMO_KEY_KIOSK:<13} rôle vehicles  « Armoire à clés » — compte MQTT {DEMO_KEY_KIOSK} / {}",
        crate::demo::DEMO_KIOSK_PASSWORD
    ));

    // Drivers: (index in the demo's people, category, obtained, expires, volunteer).
    let p = &site.person_ids;
    let licences = [
        (0, "1994-05-02", "2034-05-02", false), // Marie
        (1, "1985-09-12", "2026-10-01", false), // Jean: expired
        (4, "2012-04-20", "2033-01-19", false), // Lucas
        (6, "2001-06-30", "2033-01-19", true),  // Karim, volunteer driver
        (8, "1968-03-04", "2033-01-19", false), // René, the senior
    ];
    for (n, obtained, expires, volunteer) in licences {
        sqlx::query(
            "INSERT INTO vehicle_drivers (person_id, category, licence_number, obtained_on,
                 expires_on, seen_by_name, seen_at, volunteer)
             VALUES (?, 'B', ?, ?, ?, 'Accueil (démo)', ?, ?)",
        )
        .bind(p[n])
        .bind(format!("DEMO{:08}", 1000 + n))
        .bind(obtained)
        .bind(expires)
        .bind(&now_text)
        .bind(volunteer)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO vehicle_briefings (vehicle_id, person_id, given_by_name, given_at)
         VALUES (?, ?, 'Accueil (démo)', ?)",
    )
    .bind(ids[1])
    .bind(p[6])
    .bind(&now_text)
    .execute(&mut *tx)
    .await?;
    lines.push(
        "  permis vus : Marie, Lucas, Karim (chauffeur bénévole), René ; celui de Jean a expiré"
            .into(),
    );

    // The senior's login (René Fournier, large text) and the volunteer driver's (Karim Haddad).
    let hash = auth::hash_password(crate::demo::DEMO_PASSWORD)?;
    for (username, name, person, large) in [
        (DEMO_SENIOR, "René Fournier", p[8], true),
        (DEMO_VOLUNTEER, "Karim Haddad", p[6], false),
    ] {
        let user = auth::NewUser {
            username: username.into(),
            display_name: name.into(),
            role: auth::Role::Resident,
            password: String::new(),
            person_id: Some(person),
            must_change_password: false,
        };
        let user_id = auth::insert_user(&mut *tx, &user, &hash).await?;
        sqlx::query("UPDATE users SET large_text = ? WHERE id = ?")
            .bind(large)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        crate::audit::record(
            &mut *tx,
            &site.seed,
            "user.create",
            "user",
            user_id,
            None,
            Some(
                &serde_json::json!({"username": username, "role": "resident", "large_text": large}),
            ),
        )
        .await?;
    }
    lines.push(format!(
        "  {DEMO_SENIOR:<9} / {}  — senior (René Fournier, grands caractères)",
        crate::demo::DEMO_PASSWORD
    ));
    lines.push(format!(
        "  {DEMO_VOLUNTEER:<9} / {}  — chauffeur bénévole (Karim Haddad)",
        crate::demo::DEMO_PASSWORD
    ));

    // Bookings: an overdue return, bookings this week, a vehicle in the workshop.
    let tz = chrono_tz::Europe::Paris;
    let desk = Maker::desk(&site.seed);
    let now = Utc::now();
    let past = now - Duration::hours(4);
    let overdue = book_in(
        &mut *tx,
        tz,
        &desk,
        &NewBooking {
            vehicle_id: ids[0],
            person_id: Some(p[4]),
            start: now - Duration::hours(3),
            end: now - Duration::minutes(40),
            purpose: "Courses au marché de gros".into(),
            weeks: 1,
            request_key: None,
        },
        past,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo booking: {e}"))?;
    sqlx::query(
        "UPDATE vehicle_bookings SET state = 'out', picked_up_at = start_at, km_start = 27100
         WHERE id = ?",
    )
    .bind(overdue[0].id)
    .execute(&mut *tx)
    .await?;
    let local = now.with_timezone(&tz).date_naive();
    let at = |days: i64, h: u32| {
        crate::time::resolve_local(
            tz,
            (local + Duration::days(days))
                .and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default()),
        )
    };
    for (vehicle, person, day, from, to, purpose) in [
        (ids[2], p[6], 1, 14, 17, "Déménagement d'une voisine"),
        (ids[5], p[0], 2, 9, 12, "Terreau pour les Jardins partagés"),
        (ids[3], p[5], 3, 10, 12, "Balade"),
    ] {
        book_in(
            &mut *tx,
            tz,
            &desk,
            &NewBooking {
                vehicle_id: vehicle,
                person_id: Some(person),
                start: at(day, from),
                end: at(day, to),
                purpose: purpose.into(),
                weeks: 1,
                request_key: None,
            },
            now,
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo booking: {e}"))?;
    }
    sqlx::query(
        "INSERT INTO vehicle_workshop_jobs (vehicle_id, kind, reason, start_at, end_at, block_start,
             block_end, created_by_name, created_at)
         VALUES (?, 'repair', 'Batterie à remplacer', ?, ?, ?, ?, 'Accueil (démo)', ?)",
    )
    .bind(ids[4])
    .bind(db::instant_text(at(-1, 9)))
    .bind(db::instant_text(at(3, 18)))
    .bind(at(-1, 9).timestamp())
    .bind(at(3, 18).timestamp())
    .bind(&now_text)
    .execute(&mut *tx)
    .await?;
    // Transport solidaire: Odette's trip to the doctor waits for a driver; Karim drives Hélène
    // (in a wheelchair) to the market in the adapted vehicle.
    let trips = [
        (
            p[5],
            at(2, 10),
            Some(at(2, 12)),
            "Domicile",
            "Le médecin",
            false,
            None,
        ),
        (
            p[3],
            at(3, 14),
            Some(at(3, 16)),
            "Domicile",
            "Le marché",
            true,
            Some((p[6], ids[1])),
        ),
    ];
    for (passenger, start, back, from, to, wheelchair, driver) in trips {
        let booking = match driver {
            Some((volunteer, vehicle)) => book_in(
                &mut *tx,
                tz,
                &desk,
                &NewBooking {
                    vehicle_id: vehicle,
                    person_id: Some(volunteer),
                    start: start - Duration::minutes(15),
                    end: back.unwrap_or(start) + Duration::hours(1),
                    purpose: "Transport solidaire — Hélène Garnier".into(),
                    weeks: 1,
                    request_key: None,
                },
                now,
            )
            .await
            .map_err(|e| anyhow::anyhow!("demo trip booking: {e}"))?
            .first()
            .map(|b| b.id),
            None => None,
        };
        sqlx::query(
            "INSERT INTO vehicle_trips (passenger_id, start_at, return_at, from_place, to_place,
                 wheelchair, state, volunteer_id, booking_id, requested_by_name, created_at,
                 updated_at, taken_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Accueil (démo)', ?, ?, ?)",
        )
        .bind(passenger)
        .bind(db::instant_text(start))
        .bind(back.map(db::instant_text))
        .bind(from)
        .bind(to)
        .bind(wheelchair)
        .bind(if driver.is_some() { "taken" } else { "open" })
        .bind(driver.map(|d| d.0))
        .bind(booking)
        .bind(&now_text)
        .bind(&now_text)
        .bind(driver.map(|_| now_text.clone()))
        .execute(&mut *tx)
        .await?;
    }
    lines.push(
        "  réservations cette semaine ; la Clio de Lucas est en retard ; le vélo électrique 2 est à l'atelier"
            .into(),
    );
    lines.push(
        "  transport solidaire : Odette attend un chauffeur (médecin) ; Karim conduit Hélène au marché"
            .into(),
    );
    Ok(())
}
