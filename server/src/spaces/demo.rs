//! The chrono'espaces' part of the demo site.

use crate::web::domain::{DemoSite, Fut};
use crate::{audit, auth, db};

/// Seeds this domain's part of the demo site (a hook of the list of domains).
pub fn demo<'a>(
    tx: &'a mut sqlx::SqliteConnection,
    site: &'a DemoSite,
    lines: &'a mut Vec<String>,
) -> Fut<'a, anyhow::Result<()>> {
    Box::pin(seed(
        tx,
        &site.seed,
        &site.person_ids,
        site.association,
        lines,
    ))
}

/// A space of the demo: (name, floor, capacity, equipment, step-free, hearing loop, description,
/// index of its whole in this list).
type DemoSpace = (
    &'static str,
    &'static str,
    i64,
    &'static str,
    bool,
    bool,
    &'static str,
    Option<usize>,
);

const DEMO_SPACES: [DemoSpace; 5] = [
    (
        "Salle polyvalente",
        "Rez-de-chaussée",
        80,
        "Vidéoprojecteur, sono, 80 chaises, cuisine attenante",
        true,
        true,
        "Coworking en semaine, débats et projections le soir, associations le week-end.",
        None,
    ),
    (
        "Salle polyvalente — côté jardin",
        "Rez-de-chaussée",
        40,
        "Cloison mobile, 40 chaises, accès au jardin",
        true,
        true,
        "La moitié de la salle polyvalente qui donne sur le jardin.",
        Some(0),
    ),
    (
        "Salle polyvalente — côté rue",
        "Rez-de-chaussée",
        40,
        "Cloison mobile, 40 chaises, écran",
        true,
        false,
        "La moitié de la salle polyvalente qui donne sur la rue.",
        Some(0),
    ),
    (
        "Salle du Lavoir",
        "1er étage (ascenseur)",
        12,
        "Grande table, écran, tableau blanc",
        true,
        false,
        "Petite salle de réunion au calme.",
        None,
    ),
    (
        "Atelier",
        "Rez-de-chaussée",
        10,
        "Établis, machines à coudre, outillage",
        true,
        false,
        "Atelier de réparation et de couture.",
        None,
    ),
];

/// The demo's uses: (code, name, colour, mode, capacity, residents, associations, everyone,
/// min, max, notice, approval, price kind, price per hour, changeover before, after, check-in
/// grace, public by default).
type DemoUse = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<i64>,
    bool,
    bool,
    bool,
    i64,
    i64,
    i64,
    bool,
    &'static str,
    i64,
    i64,
    i64,
    Option<i64>,
    bool,
);

const DEMO_USES: [DemoUse; 6] = [
    (
        "coworking",
        "Coworking",
        "#1b7a5a",
        "dropin",
        Some(24),
        true,
        true,
        true,
        60,
        600,
        0,
        false,
        "free",
        0,
        0,
        0,
        None,
        false,
    ),
    (
        "debat",
        "Débat / projection",
        "#8e3b8a",
        "event",
        None,
        false,
        true,
        false,
        60,
        240,
        2880,
        true,
        "free",
        0,
        30,
        15,
        None,
        true,
    ),
    (
        "association",
        "Réunion d'association",
        "#1f5fa8",
        "exclusive",
        None,
        false,
        true,
        false,
        60,
        480,
        1440,
        true,
        "free",
        0,
        15,
        15,
        Some(30),
        false,
    ),
    (
        "reunion",
        "Réunion",
        "#b35c00",
        "exclusive",
        None,
        true,
        true,
        false,
        30,
        180,
        0,
        false,
        "free",
        0,
        0,
        10,
        None,
        false,
    ),
    (
        "atelier", "Atelier", "#a3322c", "event", None, true, true, false, 60, 240, 1440, true,
        "sel", 30, 15, 15, None, true,
    ),
    (
        "prive",
        "Événement privé",
        "#5b5b5b",
        "exclusive",
        None,
        false,
        false,
        false,
        60,
        720,
        10080,
        true,
        "euros",
        2500,
        60,
        60,
        None,
        false,
    ),
];

/// The demo's chrono'espaces: the divisible « Salle polyvalente » (coworking on weekdays, debates
/// and screenings in the evening, associations at weekends), a meeting room and a workshop, with
/// French public holidays closed; the door kiosk `demo-salle`; public debates and screenings over
/// the coming weeks (so `/agenda` is never empty), an association's weekly meeting, a request
/// waiting for reception, a resident's meeting, and four weeks of visits for the heatmap.
async fn seed(
    tx: &mut sqlx::SqliteConnection,
    seed: &audit::Actor,
    person_ids: &[i64],
    association: i64,
    lines: &mut Vec<String>,
) -> anyhow::Result<()> {
    use crate::spaces::booking::{self, NewBooking, Requester};
    use chrono::{Datelike, Duration, NaiveDate, Utc};
    let tz = chrono_tz::Europe::Paris;
    let now = Utc::now();
    let now_text = db::instant_text(now);
    let today = now.with_timezone(&tz).date_naive();

    let mut space_ids: Vec<i64> = vec![];
    for (name, floor, capacity, equipment, step_free, loop_, description, parent) in DEMO_SPACES {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO spaces (name, floor, capacity, equipment, step_free, hearing_loop,
                 description, parent_id, calendar_token, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(name)
        .bind(floor)
        .bind(capacity)
        .bind(equipment)
        .bind(step_free)
        .bind(loop_)
        .bind(description)
        .bind(parent.map(|p| space_ids[p]))
        .bind(auth::random_token())
        .bind(&now_text)
        .fetch_one(&mut *tx)
        .await?;
        space_ids.push(id);
    }
    let mut use_ids = std::collections::HashMap::new();
    for u in DEMO_USES {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO space_uses (code, name, colour, mode, capacity, open_to_residents,
                 open_to_associations, open_to_everyone, min_minutes, max_minutes, notice_minutes,
                 approval, price_kind, price_per_hour, changeover_before, changeover_after,
                 checkin_grace_minutes, public_by_default, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(u.0)
        .bind(u.1)
        .bind(u.2)
        .bind(u.3)
        .bind(u.4)
        .bind(u.5)
        .bind(u.6)
        .bind(u.7)
        .bind(u.8)
        .bind(u.9)
        .bind(u.10)
        .bind(u.11)
        .bind(u.12)
        .bind(u.13)
        .bind(u.14)
        .bind(u.15)
        .bind(u.16)
        .bind(u.17)
        .bind(&now_text)
        .fetch_one(&mut *tx)
        .await?;
        use_ids.insert(u.0, id);
    }
    // (space index, weekdays 1 = Monday, start, end, use)
    let timetable: [(usize, &[u32], &str, &str, &str); 8] = [
        (0, &[1, 2, 3, 4, 5], "08:00", "18:00", "coworking"),
        (0, &[1, 2, 3, 4, 5], "18:30", "23:00", "debat"),
        (0, &[6, 7], "09:00", "22:00", "association"),
        (1, &[6, 7], "09:00", "22:00", "association"),
        (2, &[6, 7], "09:00", "22:00", "association"),
        (3, &[1, 2, 3, 4, 5, 6], "09:00", "22:00", "reunion"),
        (4, &[2, 3, 4, 5, 6], "14:00", "19:00", "atelier"),
        (4, &[3], "09:00", "12:00", "atelier"),
    ];
    for (space, days, start, end, use_code) in timetable {
        for day in days {
            sqlx::query(
                "INSERT INTO space_windows (space_id, weekday, start_local, end_local, use_id)
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(space_ids[space])
            .bind(day)
            .bind(start)
            .bind(end)
            .bind(use_ids[use_code])
            .execute(&mut *tx)
            .await?;
        }
    }
    // French public holidays with a fixed date, this year and next: the whole site is closed.
    for year in [today.year(), today.year() + 1] {
        for (month, day, label) in [
            (1, 1, "Jour de l'an"),
            (5, 1, "Fête du Travail"),
            (5, 8, "Victoire 1945"),
            (7, 14, "Fête nationale"),
            (8, 15, "Assomption"),
            (11, 1, "Toussaint"),
            (11, 11, "Armistice 1918"),
            (12, 25, "Noël"),
        ] {
            let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
                continue;
            };
            sqlx::query(
                "INSERT INTO space_exceptions (space_id, day, use_id, label, created_at)
                 VALUES (NULL, ?, NULL, ?, ?)",
            )
            .bind(date.to_string())
            .bind(label)
            .bind(&now_text)
            .execute(&mut *tx)
            .await?;
        }
    }
    sqlx::query("INSERT INTO space_doors (kiosk_id, space_id) VALUES ('demo-salle', ?)")
        .bind(space_ids[0])
        .execute(&mut *tx)
        .await?;

    let desk = Requester::desk(seed);
    let at =
        |day: NaiveDate, h: u32, m: u32| crate::spaces::timetable::instant(tz, day, h * 60 + m);
    let next = |weekday: u32| {
        let ahead = (7 + weekday - today.weekday().number_from_monday()) % 7;
        today + Duration::days(i64::from(ahead))
    };
    let book = |space: usize, start, end, title: &str, association: Option<i64>| NewBooking {
        space_id: space_ids[space],
        start,
        end,
        title: title.into(),
        note: String::new(),
        association_id: association,
        person_id: None,
        seats: 1,
        attendees_expected: None,
        public: None,
        request_key: None,
    };
    // Public debates on Tuesdays and screenings on Thursdays, six weeks ahead: a date that falls
    // on a holiday, or is already past, is refused by the rules and simply skipped.
    let debates = [
        "Débat citoyen : le Bien-Vivre dans notre quartier",
        "Débat citoyen : se déplacer sans voiture",
        "Débat citoyen : vieillir chez soi, ensemble",
        "Débat citoyen : l'alimentation de proximité",
        "Débat citoyen : le temps partagé (SEL)",
        "Débat citoyen : un budget participatif ?",
    ];
    let films = [
        "Ciné-club : « Demain »",
        "Ciné-club : « Les Glaneurs et la Glaneuse »",
        "Ciné-club : « Woman at War »",
        "Ciné-club : « Les Neiges du Kilimandjaro »",
        "Ciné-club : « Le Grand Bain »",
        "Ciné-club : « Petit Paysan »",
    ];
    let mut public_events = 0;
    for week in 0..6 {
        let tuesday = next(2) + Duration::weeks(week);
        let thursday = next(4) + Duration::weeks(week);
        let mut debate = book(
            0,
            at(tuesday, 19, 0),
            at(tuesday, 21, 30),
            debates[week as usize],
            None,
        );
        debate.attendees_expected = Some(60);
        let screening = book(
            0,
            at(thursday, 20, 0),
            at(thursday, 22, 30),
            films[week as usize],
            None,
        );
        for b in [debate, screening] {
            if booking::create_in(&mut *tx, tz, now, &desk, &b)
                .await
                .is_ok()
            {
                public_events += 1;
            }
        }
    }
    lines.push(format!(
        "  chrono'espaces : 5 salles (dont la salle polyvalente divisible en deux), \
         {public_events} débats et projections publics à venir (/agenda)"
    ));
    // The association's weekly meeting in the garden half, on Saturday mornings, eight weeks.
    let series = booking::NewSeries {
        space_id: space_ids[1],
        first_day: next(6),
        start: "10:00".into(),
        end: "12:00".into(),
        rule: "FREQ=WEEKLY;COUNT=8".into(),
        policy: booking::Policy::SkipConflicts,
        title: "Réunion hebdomadaire des Jardins partagés".into(),
        note: String::new(),
        association_id: Some(association),
        person_id: None,
        attendees_expected: None,
        public: Some(false),
    };
    let made = booking::create_series_in(&mut *tx, tz, now, &desk, &series)
        .await
        .map_err(|e| anyhow::anyhow!("demo series: {e}"))?
        .occurrences
        .iter()
        .filter(|o| o.booking_id.is_some())
        .count();
    lines.push(format!(
        "  série : « Réunion hebdomadaire des Jardins partagés », {made} samedis côté jardin"
    ));
    // A request from the association's representative, waiting at the desk: its general
    // assembly in the whole room, the Sunday after next.
    let asso_user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'asso'")
        .fetch_one(&mut *tx)
        .await?;
    let representative = Requester {
        user_id: Some(asso_user),
        name: "asso".into(),
        staff: false,
        resident: false,
        person_id: Some(person_ids[0]),
        represents: vec![association],
    };
    let sunday = next(7) + Duration::weeks(1);
    let mut assembly = book(
        0,
        at(sunday, 14, 0),
        at(sunday, 17, 0),
        "Assemblée générale des Jardins partagés",
        Some(association),
    );
    assembly.note = "Une cinquantaine de personnes ; besoin du vidéoprojecteur.".into();
    assembly.attendees_expected = Some(50);
    if let Ok(made) = booking::create_in(&mut *tx, tz, now, &representative, &assembly).await {
        super::notices::made(&mut *tx, &made.booking).await?;
        lines.push(
            "  demande en attente : « Assemblée générale des Jardins partagés » (/accueil/demandes)"
                .into(),
        );
    }
    // Odette, a resident, has a tenants' meeting in the Salle du Lavoir tomorrow evening (or the
    // next opening day).
    let resident_user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'resident'")
        .fetch_one(&mut *tx)
        .await?;
    let odette = Requester {
        user_id: Some(resident_user),
        name: "resident".into(),
        staff: false,
        resident: true,
        person_id: Some(person_ids[5]),
        represents: vec![],
    };
    for ahead in 1..8 {
        let day = today + Duration::days(ahead);
        let meeting = book(
            3,
            at(day, 18, 0),
            at(day, 19, 30),
            "Réunion des locataires",
            None,
        );
        if let Ok(made) = booking::create_in(&mut *tx, tz, now, &odette, &meeting).await {
            super::notices::made(&mut *tx, &made.booking).await?;
            break;
        }
    }
    // Four weeks of visits to the Salle polyvalente, for the occupancy heatmap: coworkers in the
    // daytime, a crowd on debate nights.
    let mut visit = 0u32;
    for back in 1..=28 {
        let day = today - Duration::days(back);
        let weekday = day.weekday().number_from_monday();
        let mut spans: Vec<(u32, u32)> = vec![];
        if weekday <= 5 {
            for n in 0..(6 + (back as u32 * 7) % 9) {
                let start = 8 * 60 + (n * 37 + back as u32 * 11) % 240;
                spans.push((start, start + 90 + (n * 53) % 240));
            }
        }
        if weekday == 2 || weekday == 4 {
            for n in 0..(25 + (back as u32 * 13) % 30) {
                spans.push((18 * 60 + 50 + n % 15, 21 * 60 + 30 + n % 25));
            }
        }
        if weekday >= 6 {
            for n in 0..(4 + back as u32 % 6) {
                spans.push((10 * 60 + n * 5, 12 * 60 + n * 3));
            }
        }
        for (n, (s, e)) in spans.into_iter().enumerate() {
            visit += 1;
            let person = person_ids[n % person_ids.len()];
            sqlx::query(
                "INSERT INTO space_visits (space_id, person_id, entered_at, left_at, enter_event,
                     leave_event, closed_by)
                 VALUES (?, ?, ?, ?, ?, ?, 'tap')",
            )
            .bind(space_ids[0])
            .bind(person)
            .bind(db::instant_text(crate::spaces::timetable::instant(
                tz, day, s,
            )))
            .bind(db::instant_text(crate::spaces::timetable::instant(
                tz,
                day,
                e.min(1439),
            )))
            .bind(format!("demo-visit-{visit}-in"))
            .bind(format!("demo-visit-{visit}-out"))
            .execute(&mut *tx)
            .await?;
        }
    }
    lines.push("  borne demo-salle : porte de la salle polyvalente (entrée / sortie)".into());
    Ok(())
}
