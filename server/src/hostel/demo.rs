//! The hostel's part of the demo site: two six-bed dormitories (one for women only), four private
//! rooms (one step-free), a week of arrivals and departures around today — a guest from abroad in
//! house with her police form, a group of students arriving tonight on beds still to be made after
//! a hiking club left this morning, a family tomorrow, someone leaving this morning — a room out of
//! order, a request from the website waiting, a summer rate, and the commune's taxe de séjour.

use super::folio::PaymentInput;
use super::stays::{NewStay, check_in_in, check_out_in, create_in, due_on_leaving};
use crate::db;
use crate::web::domain::{DemoSite, Fut};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Utc};

/// (name, kind, beds, floor, step-free, private bathroom, women only, price in cents)
type DemoRoom = (&'static str, &'static str, i64, i64, bool, bool, bool, i64);

const ROOMS: [DemoRoom; 6] = [
    ("Dortoir Tilleul", "dorm", 6, 1, false, false, false, 2200),
    ("Dortoir Glycine", "dorm", 6, 1, false, false, true, 2200),
    ("Chambre 1", "private", 2, 0, true, true, false, 5500),
    ("Chambre 2", "private", 2, 1, false, true, false, 5500),
    ("Chambre 3", "private", 4, 1, false, true, false, 8000),
    ("Chambre 4", "private", 1, 1, false, false, false, 3800),
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
    let tz = chrono_tz::Europe::Paris;
    let now = Utc::now();
    let created = db::now_text();
    let mut room_ids = vec![];
    for (name, kind, beds, floor, step_free, own_bath, women, price) in ROOMS {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO hostel_rooms (name, kind, floor, step_free, bathroom, women_only,
                 price_cents, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(name)
        .bind(kind)
        .bind(floor)
        .bind(step_free)
        .bind(if own_bath { "private" } else { "shared" })
        .bind(women)
        .bind(price)
        .bind(&created)
        .fetch_one(&mut *tx)
        .await?;
        for n in 1..=beds {
            sqlx::query("INSERT INTO hostel_beds (room_id, label) VALUES (?, ?)")
                .bind(id)
                .bind(n.to_string())
                .execute(&mut *tx)
                .await?;
        }
        room_ids.push(id);
    }
    let year = now.with_timezone(&tz).year();
    sqlx::query(
        "INSERT INTO hostel_rates (name, room_kind, first_night, last_night, price_cents, created_at)
         VALUES ('Été', 'dorm', ?, ?, 2600, ?)",
    )
    .bind(format!("{year}-07-01"))
    .bind(format!("{year}-08-31"))
    .bind(&created)
    .execute(&mut *tx)
    .await?;

    // The commune's taxe de séjour for an unclassified hostel: 5 % of the price per person and
    // night, capped at 4,30 €, with the departmental 10 %.
    sqlx::query(
        "INSERT INTO hostel_tax_rules (commune, first_night, last_night, mode, rate_bp, cap_cents,
             department_bp, created_by_name, created_at)
         VALUES ('Saint-Étienne', ?, ?, 'unclassified', 500, 430, 1000, ?, ?)",
    )
    .bind(format!("{}-01-01", year - 1))
    .bind(format!("{}-12-31", year + 1))
    .bind(&site.seed.name)
    .bind(&created)
    .execute(&mut *tx)
    .await?;
    let settings = super::settings(&mut *tx).await?;
    let tonight = super::night_of(now, tz, settings);
    // The evening of a night, 19:00 local.
    let evening = |night: NaiveDate| {
        crate::time::resolve_local(
            tz,
            night.and_time(NaiveTime::from_hms_opt(19, 0, 0).unwrap_or_default()),
        )
    };
    let day = |n: i64| (tonight + Duration::days(n)).to_string();
    let stay =
        |name: &str, phone: &str, people: i64, from: i64, to: i64, room: Option<usize>| NewStay {
            guest_name: name.into(),
            phone: phone.into(),
            people,
            arrival: day(from),
            departure: day(to),
            room_id: room.map(|i| room_ids[i]),
            ..NewStay::default()
        };
    let seed = &site.seed;
    // In house: a guest from abroad since last night, a woman in the women's dormitory, and
    // someone who leaves this morning.
    let in_house = [
        (
            stay("Ingrid Larsen", "+47 912 34 567", 1, -1, 2, Some(5)),
            -1,
        ),
        (
            NewStay {
                room_id: Some(room_ids[1]),
                ..stay("Amélie Roche", "06 45 12 78 90", 1, -1, 1, None)
            },
            -1,
        ),
        (stay("Paul Girard", "06 22 33 44 55", 2, -2, 0, Some(2)), -2),
    ];
    for (s, arrived) in in_house {
        let at = evening(tonight + Duration::days(arrived));
        let made = create_in(tx, tz, seed, &s, at).await?;
        check_in_in(tx, tz, seed, made.id, at).await?;
    }
    // Ingrid Larsen is Norwegian: her police form was filled in at check-in.
    let ingrid: i64 =
        sqlx::query_scalar("SELECT id FROM hostel_stays WHERE guest_name = 'Ingrid Larsen'")
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query(
        "INSERT INTO hostel_police_forms (stay_id, last_name, first_name, birth_date, birth_place,
             nationality, address, phone, email, children, arrival, departure, signed_on_paper,
             recorded_by_name, recorded_at, purge_on)
         SELECT id, 'Larsen', 'Ingrid', '1991-04-17', 'Bergen (Norvège)', 'norvégienne',
                'Nygårdsgaten 12, 5015 Bergen, Norvège', phone, '', 0, arrival, departure, 1, ?, ?,
                date(departure, '+6 months')
         FROM hostel_stays WHERE id = ?",
    )
    .bind(&seed.name)
    .bind(&created)
    .bind(ingrid)
    .execute(&mut *tx)
    .await?;
    // She was lent a guest badge (INVITE01): it opens the doors and the SEL's activities until
    // her morning of leaving; at a vehicles kiosk it says « Réservé aux membres ».
    super::badges::hand_in(
        tx,
        seed,
        ingrid,
        &super::badges::HandInput {
            card_id: "INVITE01".into(),
            holder: String::new(),
        },
    )
    .await?;
    // A hiking club left the Tilleul dormitory this morning: its two beds are still to be made
    // (the students arriving tonight wait for them).
    let club = create_in(
        tx,
        tz,
        seed,
        &NewStay {
            beds: Some(2),
            ..stay(
                "Club de randonnée du Pilat",
                "04 77 00 00 00",
                2,
                -2,
                0,
                Some(0),
            )
        },
        evening(tonight - Duration::days(2)),
    )
    .await?;
    check_in_in(tx, tz, seed, club.id, evening(tonight - Duration::days(2))).await?;
    let morning = crate::time::resolve_local(
        tz,
        tonight.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default()),
    )
    .min(now);
    // The club's association pays by invoice.
    let due = due_on_leaving(tx, tz, &club, morning).await?;
    let invoice = PaymentInput {
        method: "invoice".into(),
        amount_cents: due,
        reference: "Club alpin du Pilat — facture 2026-041".into(),
        ..PaymentInput::default()
    };
    check_out_in(
        tx,
        tz,
        seed,
        club.id,
        morning,
        (due > 0).then_some(&invoice),
        &[],
    )
    .await?;
    // Arriving tonight: a group of students (five beds in the Tilleul dormitory).
    create_in(
        tx,
        tz,
        seed,
        &NewStay {
            beds: Some(5),
            source: Some("phone".into()),
            notes: "Classe de BTS, accompagnatrice : Mme Diallo.".into(),
            ..stay(
                "Lycée Jean-Moulin (Mme Diallo)",
                "04 78 00 11 22",
                5,
                0,
                3,
                Some(0),
            )
        },
        now,
    )
    .await?;
    // Tomorrow: a family of four in room 3, two of them children (no taxe de séjour for them).
    create_in(
        tx,
        tz,
        seed,
        &NewStay {
            minors: 2,
            ..stay("Famille Martin", "07 81 22 90 14", 4, 1, 4, Some(4))
        },
        now,
    )
    .await?;
    // Room 2 has a leak for three nights.
    sqlx::query(
        "INSERT INTO hostel_closures (room_id, first_night, last_night, reason, created_by_name,
             created_at) VALUES (?, ?, ?, 'Fuite d''eau sous le lavabo', ?, ?)",
    )
    .bind(room_ids[3])
    .bind(day(0))
    .bind(day(2))
    .bind(&seed.name)
    .bind(&created)
    .execute(&mut *tx)
    .await?;
    // What the desk sells besides the nights; SEL hours pay up to half a stay, at 15 € an hour.
    for (name, price) in [("Petit-déjeuner", 650), ("Draps", 500), ("Serviette", 200)] {
        sqlx::query("INSERT INTO hostel_extras (name, price_cents, created_at) VALUES (?, ?, ?)")
            .bind(name)
            .bind(price)
            .bind(&created)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE hostel_settings SET sel_cents_per_hour = 1500, sel_max_percent = 50")
        .execute(&mut *tx)
        .await?;
    // Ingrid Larsen took breakfast this morning.
    sqlx::query(
        "INSERT INTO hostel_folio_lines (stay_id, kind, label, extra_id, quantity, amount_cents,
             created_by_name, created_at)
         SELECT ?, 'extra', name, id, 1, price_cents, ?, ? FROM hostel_extras
         WHERE name = 'Petit-déjeuner'",
    )
    .bind(ingrid)
    .bind(&seed.name)
    .bind(&created)
    .execute(&mut *tx)
    .await?;
    // A request from the website, waiting for the desk.
    create_in(
        tx,
        tz,
        seed,
        &NewStay {
            email: "sofia.rossi@example.org".into(),
            source: Some("website".into()),
            notes: "Nous arriverons vers 21 h.".into(),
            ..stay("Sofia Rossi", "", 2, 10, 12, None)
        },
        now,
    )
    .await?;
    lines.push(
        "  auberge : 2 dortoirs et 4 chambres, 3 séjours en cours (Ingrid Larsen, badge invité INVITE01), un groupe arrive ce soir (lits à faire), une demande en attente (/hotel, /hotel/menage)"
            .into(),
    );
    Ok(())
}
