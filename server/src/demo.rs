//! The demo site `serve --demo` seeds into an empty database: three kiosks and ten people with
//! badges, so that a newcomer can tap a simulated kiosk and see it arrive at the desk.

use crate::{audit, auth, db, kiosks};
use auth::Role;
use citeosquare_protocol::Role as KioskRole;
use sqlx::SqlitePool;

/// The demo kiosks' MQTT password.
pub const DEMO_KIOSK_PASSWORD: &str = "demo";

pub const DEMO_KIOSKS: [(&str, KioskRole, &str); 3] = [
    ("demo-sel", KioskRole::Sel, "Café — permanences SEL"),
    ("demo-salle", KioskRole::Space, "Salle polyvalente — porte"),
    ("demo-accueil", KioskRole::Entrance, "Accueil — entrée"),
];

pub const DEMO_PEOPLE: [(&str, &str); 10] = [
    ("Marie", "Lefèvre"),
    ("Jean", "Dupuis"),
    ("Fatima", "Benali"),
    ("Hélène", "Garnier"),
    ("Lucas", "Moreau"),
    ("Odette", "Perrin"),
    ("Karim", "Haddad"),
    ("Chloé", "Lambert"),
    ("René", "Fournier"),
    ("Aïcha", "Diallo"),
];

/// The demo accounts' password (at least 10 characters, as every password).
pub const DEMO_PASSWORD: &str = "citeosquare";

/// The demo logins: (user name, shown name, role, index in [`DEMO_PEOPLE`] of their person).
pub const DEMO_USERS: [(&str, &str, Role, Option<usize>); 4] = [
    ("admin", "Administratrice (démo)", auth::Role::Admin, None),
    ("accueil", "Accueil (démo)", auth::Role::Reception, None),
    ("asso", "Marie Lefèvre", auth::Role::Association, Some(0)),
    ("resident", "Odette Perrin", auth::Role::Resident, Some(5)),
];

/// The demo logins that still have the demo password (which the whole world knows).
pub async fn accounts_with_demo_password(pool: &SqlitePool) -> anyhow::Result<Vec<String>> {
    let names: Vec<&str> = DEMO_USERS.iter().map(|u| u.0).collect();
    let mut open = vec![];
    for name in names {
        let row: Option<String> = sqlx::query_scalar(
            "SELECT password_hash FROM users WHERE username = ? AND disabled_at IS NULL",
        )
        .bind(name)
        .fetch_optional(pool)
        .await?;
        if let Some(hash) = row
            && tokio::task::spawn_blocking(move || auth::verify_password(DEMO_PASSWORD, &hash))
                .await
                .unwrap_or(false)
        {
            open.push(name.to_owned());
        }
    }
    Ok(open)
}

/// Seeds the demo site if the database has neither kiosks nor people. Returns what it created, as
/// lines to print, or `None` when the database was not empty.
pub async fn seed_if_empty(pool: &SqlitePool) -> anyhow::Result<Option<Vec<String>>> {
    let (kiosk_count, person_count): (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM kiosks), (SELECT count(*) FROM persons)")
            .fetch_one(pool)
            .await?;
    if kiosk_count > 0 || person_count > 0 {
        return Ok(None);
    }
    let mut lines = vec!["Site de démonstration créé :".to_owned()];
    let mut prepared = Vec::new();
    for (id, role, label) in DEMO_KIOSKS {
        prepared.push(kiosks::NewKiosk::prepare(id, role, label, DEMO_KIOSK_PASSWORD).await?);
        lines.push(format!(
            "  borne {id:<13} rôle {:<9} « {label} » — compte MQTT {id} / {DEMO_KIOSK_PASSWORD}",
            role.as_str()
        ));
    }
    let hash = auth::hash_password(DEMO_PASSWORD)?;
    // All or nothing: a seeding cut short leaves an empty database, seeded again next start.
    let mut tx = db::begin_write(pool).await?;
    for kiosk in prepared {
        kiosk.insert(&mut tx).await?;
    }
    let now = db::now_text();
    let mut person_ids = vec![];
    // The seed is a change like any other: the audit log says who made what.
    let seed = audit::Actor {
        id: None,
        name: "demo".into(),
    };
    for (n, (first, last)) in DEMO_PEOPLE.iter().enumerate() {
        let badge = format!("DEMO{:04}", n + 1);
        let person_id: i64 = sqlx::query_scalar(
            "INSERT INTO persons (first_name, last_name, created_at) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(first)
        .bind(last)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO badges (card_id, person_id, assigned_at) VALUES (?, ?, ?)")
            .bind(&badge)
            .bind(person_id)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        lines.push(format!("  personne {first} {last} — badge {badge}"));
        person_ids.push(person_id);
        audit::record(
            &mut tx,
            &seed,
            "person.create",
            "person",
            person_id,
            None,
            Some(&serde_json::json!({"first_name": first, "last_name": last, "badge": badge})),
        )
        .await?;
    }
    sqlx::query("UPDATE persons SET kind = 'resident' WHERE id IN (?, ?)")
        .bind(person_ids[3])
        .bind(person_ids[5])
        .execute(&mut *tx)
        .await?;
    let association: i64 = sqlx::query_scalar(
        "INSERT INTO associations (name, description, created_at)
         VALUES ('Les Jardins partagés', 'Potager collectif sur le toit et ateliers de semis.', ?)
         RETURNING id",
    )
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    for (n, representative) in [(0, true), (1, false), (6, false)] {
        sqlx::query(
            "INSERT INTO association_members (association_id, person_id, representative, joined_at)
             VALUES (?, ?, ?, ?)",
        )
        .bind(association)
        .bind(person_ids[n])
        .bind(representative)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    lines.push("  association « Les Jardins partagés » (représentante : Marie Lefèvre)".into());
    lines.push(format!(
        "Comptes de démonstration (mot de passe « {DEMO_PASSWORD} » pour tous) :"
    ));
    for (username, name, role, person) in DEMO_USERS {
        let user = auth::NewUser {
            username: username.into(),
            display_name: name.into(),
            role,
            password: String::new(),
            person_id: person.map(|n| person_ids[n]),
            must_change_password: false,
        };
        let id = auth::insert_user(&mut tx, &user, &hash).await?;
        audit::record(
            &mut tx,
            &seed,
            "user.create",
            "user",
            id,
            None,
            Some(&serde_json::json!({"username": username, "display_name": name, "role": role.as_str()})),
        )
        .await?;
        lines.push(format!(
            "  {username:<9} / {DEMO_PASSWORD}  — {}",
            match role {
                Role::Admin => "administration",
                Role::Reception => "accueil",
                Role::Association => "représentante d'association",
                Role::Resident => "résidente",
            }
        ));
    }
    seed_sel(&mut tx, &seed, &person_ids, &mut lines).await?;
    seed_spaces(&mut tx, &seed, &person_ids, association, &mut lines).await?;
    tx.commit().await?;
    Ok(Some(lines))
}

/// The demo SEL: accounts with their welcome credit, this year's memberships (one unpaid, to show
/// the warning), activities served at `demo-sel` (the café accepts unplanned shifts, so a tap at
/// any hour starts one), weekly shifts from today on, the cooperative's scale, and a shift served
/// two days ago without a plan, waiting in the review queue.
async fn seed_sel(
    tx: &mut sqlx::SqliteConnection,
    seed: &audit::Actor,
    person_ids: &[i64],
    lines: &mut Vec<String>,
) -> anyhow::Result<()> {
    use crate::sel::{ledger, shifts};
    use chrono::{Datelike, Duration, Utc};
    let tz = chrono_tz::Europe::Paris;
    let today = Utc::now().with_timezone(&tz).date_naive();
    let now = db::now_text();
    for (n, person) in person_ids.iter().enumerate() {
        ledger::open_account_in(&mut *tx, seed, *person)
            .await
            .map_err(|e| anyhow::anyhow!("demo SEL account: {e}"))?;
        // Karim (n = 6) has not paid this year's fee yet.
        let paid = (n != 6).then_some(&now);
        sqlx::query(
            "INSERT INTO sel_memberships (person_id, year, fee_paid_at, recorded_at, recorded_by)
             VALUES (?, ?, ?, ?, 'demo')",
        )
        .bind(person)
        .bind(today.year())
        .bind(paid)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    let mut activity_ids = vec![];
    for (name, kiosk, unplanned) in DEMO_ACTIVITIES {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sel_activities (name, kiosk_id, accepts_unplanned, created_at)
             VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(name)
        .bind(kiosk)
        .bind(unplanned)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        activity_ids.push(id);
    }
    // (activity, weekday 0 = Monday, start, end, places)
    let plans: [(usize, u32, &str, &str, i64); 8] = [
        (0, 0, "09:00", "12:00", 2),
        (0, 1, "09:00", "12:00", 2),
        (0, 2, "09:00", "12:00", 2),
        (0, 3, "09:00", "12:00", 2),
        (0, 4, "09:00", "12:00", 2),
        (1, 5, "09:30", "12:30", 3),
        (2, 2, "14:00", "17:00", 2),
        (3, 1, "14:00", "16:00", 2),
    ];
    let mut first_shifts = vec![];
    for (activity, weekday, start, end, places) in plans {
        let ahead = (7 + weekday - today.weekday().num_days_from_monday()) % 7;
        let first = today + Duration::days(i64::from(ahead));
        let occurrences = shifts::occurrences(
            tz,
            first,
            chrono::NaiveTime::parse_from_str(start, "%H:%M")?,
            chrono::NaiveTime::parse_from_str(end, "%H:%M")?,
            8,
        )
        .map_err(|e| anyhow::anyhow!("demo series: {e}"))?;
        let series: i64 = sqlx::query_scalar(
            "INSERT INTO sel_series (activity_id, rrule, start_local, end_local, places,
                 created_at, created_by) VALUES (?, 'FREQ=WEEKLY;COUNT=8', ?, ?, ?, ?, 'demo')
             RETURNING id",
        )
        .bind(activity_ids[activity])
        .bind(start)
        .bind(end)
        .bind(places)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        for (k, (s, e)) in occurrences.iter().enumerate() {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO sel_shifts (activity_id, series_id, starts_at, ends_at, places,
                     created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(activity_ids[activity])
            .bind(series)
            .bind(db::instant_text(*s))
            .bind(db::instant_text(*e))
            .bind(places)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?;
            if k == 1 {
                first_shifts.push((activity, id));
            }
        }
    }
    // Odette signed up for the épicerie and the bike workshop of next week, Marie for the café.
    for (activity, person) in [(1, 5), (2, 5), (0, 0)] {
        if let Some((_, shift)) = first_shifts.iter().find(|(a, _)| *a == activity) {
            sqlx::query(
                "INSERT INTO sel_signups (shift_id, person_id, signed_at, signed_by)
                 VALUES (?, ?, ?, 'demo')",
            )
            .bind(shift)
            .bind(person_ids[person])
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
    }
    for (name, category, price) in DEMO_CATALOGUE {
        sqlx::query(
            "INSERT INTO sel_catalogue (name, category, price_minutes, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(name)
        .bind(category)
        .bind(price)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    // Jean served at the café two days ago in the afternoon, with no shift planned then: the
    // real kiosk path, so it waits in the review queue like any unplanned shift.
    let afternoon = shifts::resolve_local(
        tz,
        (today - Duration::days(2))
            .and_hms_opt(14, 3, 0)
            .unwrap_or_default(),
    );
    for (k, at) in [afternoon, afternoon + Duration::minutes(158)]
        .into_iter()
        .enumerate()
    {
        let event_id = format!("demo-cafe-{k}");
        shifts::tap(
            &mut *tx,
            tz,
            &shifts::Tap {
                event_id: &event_id,
                kiosk_id: "demo-sel",
                person_id: person_ids[1],
                first_name: DEMO_PEOPLE[1].0,
                read_at: at,
                flagged: None,
            },
        )
        .await?;
    }
    audit::record(
        &mut *tx,
        seed,
        "sel.seed",
        "sel",
        "demo",
        None,
        Some(&serde_json::json!({"activities": DEMO_ACTIVITIES.len(), "catalogue": DEMO_CATALOGUE.len()})),
    )
    .await?;
    lines.push(
        "  SEL : un compte par personne (1 h de bienvenue), permanences café (sans inscription \
         à demo-sel), épicerie, atelier vélo ; catalogue de la coopérative"
            .into(),
    );
    Ok(())
}

/// The demo's SEL activities: (name, kiosk, accepts unplanned shifts).
pub const DEMO_ACTIVITIES: [(&str, Option<&str>, bool); 4] = [
    ("Café solidaire", Some("demo-sel"), true),
    ("Épicerie solidaire", Some("demo-sel"), false),
    ("Atelier vélo", None, false),
    ("Accompagnement des seniors", None, false),
];

/// The cooperative's valuation scale in the demo: (name, category, minutes).
pub const DEMO_CATALOGUE: [(&str, &str, i64); 7] = [
    ("Panier de légumes", "Épicerie", 90),
    ("Pain de campagne", "Épicerie", 15),
    ("Café", "Café", 10),
    ("Repas solidaire", "Café", 60),
    ("Lessive (une machine)", "Services", 30),
    ("Réparation de vélo (1 h)", "Services", 60),
    ("Prêt de perceuse (1 jour)", "Services", 20),
];

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
async fn seed_spaces(
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
    if booking::create_in(&mut *tx, tz, now, &representative, &assembly)
        .await
        .is_ok()
    {
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
        if booking::create_in(&mut *tx, tz, now, &odette, &meeting)
            .await
            .is_ok()
        {
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
