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

/// How many months of past activity the demo the server serves is given (`serve --demo`): a
/// year, so that the Bien-Vivre dashboard's twelve months each show the place's life.
pub const PAST_MONTHS: u32 = 12;

/// Seeds the demo site if the database has neither kiosks nor people, as it is today, without a
/// past (the tests' site: each counts what it does itself). Returns what it created, as lines to
/// print, or `None` when the database was not empty.
pub async fn seed_if_empty(pool: &SqlitePool) -> anyhow::Result<Option<Vec<String>>> {
    seed_if_empty_with_past(pool, 0).await
}

/// [`seed_if_empty`], then `past_months` months of the place's life before today
/// (`bienvivre::history`) — shifts, purchases, room bookings and visits, trips, hostel stays —
/// in the same transaction.
pub async fn seed_if_empty_with_past(
    pool: &SqlitePool,
    past_months: u32,
) -> anyhow::Result<Option<Vec<String>>> {
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
    // Each domain seeds its part, in the same transaction.
    let site = crate::web::domain::DemoSite {
        person_ids,
        first_names: DEMO_PEOPLE.iter().map(|(first, _)| *first).collect(),
        association,
        seed,
        past_months,
    };
    for d in crate::DOMAINS {
        if let Some(part) = d.demo {
            part(&mut tx, &site, &mut lines).await?;
        }
    }
    tx.commit().await?;
    Ok(Some(lines))
}
