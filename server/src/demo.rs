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
