//! The demo site `serve --demo` seeds into an empty database: three kiosks and ten people with
//! badges, so that a newcomer can tap a simulated kiosk and see it arrive at the desk.

use crate::{db, kiosks};
use citeosquare_protocol::Role;
use sqlx::SqlitePool;

/// The demo kiosks' MQTT password.
pub const DEMO_KIOSK_PASSWORD: &str = "demo";

pub const DEMO_KIOSKS: [(&str, Role, &str); 3] = [
    ("demo-sel", Role::Sel, "Café — permanences SEL"),
    ("demo-salle", Role::Space, "Salle polyvalente — porte"),
    ("demo-accueil", Role::Entrance, "Accueil — entrée"),
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
    // All or nothing: a seeding cut short leaves an empty database, seeded again next start.
    let mut tx = db::begin_write(pool).await?;
    for kiosk in prepared {
        kiosk.insert(&mut tx).await?;
    }
    let now = db::now_text();
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
    }
    tx.commit().await?;
    Ok(Some(lines))
}
