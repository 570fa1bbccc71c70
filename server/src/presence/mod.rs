//! Presence in the building, for a desk staffed day and night and a building where people sleep:
//! who is inside now ([`list`], from [`state`]: the entrance kiosks, every kiosk inside, the
//! desk's hand), the visitor register ([`visitors`]), who needs help to evacuate ([`needs`]), the
//! evacuation list (printable, and written every minute as a self-contained file that outlives a
//! dead server: [`file`]) and the roll call at the assembly point ([`roll_call`]).
//!
//! The entrance kiosks are this domain's role; the other domains join through the list: a read at
//! a kiosk of a role inside the building marks the person in (`Domain::seen_inside`), and the
//! hostel's guests checked in come from its `Domain::in_house` hook.

pub mod api;
pub mod file;
pub mod list;
pub mod needs;
pub mod pages;
pub mod roll_call;
pub mod safety;
mod safety_pages;
pub mod state;
pub mod visitors;

use crate::audit::Actor;
use crate::refusal::Refusal;
use crate::web::Routes;
use crate::web::domain::{DemoSite, Domain, Finding, Fut, Job, KioskRole, count};
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};
use utoipa::OpenApi;

/// The domain's settings (`presence_settings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Settings {
    /// Someone inside with no read for this many hours is shown « à confirmer ».
    pub confirm_after_hours: i64,
    /// A visitor's name is kept this many days in the register.
    pub visitor_keep_days: i64,
}

pub async fn settings(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Settings, sqlx::Error> {
    Ok(sqlx::query_as(
        "SELECT confirm_after_hours, visitor_keep_days FROM presence_settings WHERE id = 1",
    )
    .fetch_optional(conn)
    .await?
    .unwrap_or(Settings {
        confirm_after_hours: 12,
        visitor_keep_days: 365,
    }))
}

/// What the domain holds about a person: their presence state, the help they need, the roll
/// calls they were on.
fn export(pool: &SqlitePool, id: i64) -> Fut<'_, Result<serde_json::Value, sqlx::Error>> {
    Box::pin(async move {
        let state: Option<(bool, String, String)> = sqlx::query_as(
            "SELECT inside, since, source FROM building_presence WHERE person_id = ?",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?;
        let needs = needs::of(pool, id).await?;
        let calls: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT l.roll_call_id, r.started_at, l.mustered_at
             FROM roll_call_lines l JOIN roll_calls r ON r.id = l.roll_call_id
             WHERE l.person_id = ? ORDER BY l.roll_call_id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        Ok(json!({
            "in_the_building": state.map(|(inside, since, source)| json!({"inside": inside, "since": since, "source": source})),
            "evacuation_needs": needs,
            "roll_calls": calls.into_iter().map(|(id, started, mustered)| json!({"roll_call_id": id, "started_at": started, "mustered_at": mustered})).collect::<Vec<_>>(),
        }))
    })
}

/// Erasing a person: their presence state and needs go; the roll calls they were on keep their
/// line and headcount (a drill's record) without the name.
fn erase<'a>(
    tx: &'a mut SqliteConnection,
    _actor: &'a Actor,
    id: i64,
    _now: &'a str,
) -> Fut<'a, Result<(), Refusal>> {
    Box::pin(async move {
        for sql in [
            "DELETE FROM building_presence WHERE person_id = ?",
            "DELETE FROM evacuation_needs WHERE person_id = ?",
            "UPDATE roll_call_lines SET name = 'Compte effacé', needs = '', person_id = NULL
             WHERE person_id = ?",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *tx).await?;
        }
        Ok(())
    })
}

fn check(pool: &SqlitePool) -> Fut<'_, Result<Vec<Finding>, sqlx::Error>> {
    Box::pin(async move {
        Ok(vec![
            Finding::from_count(
                "presence_registers_protected",
                12 - count(
                    pool,
                    "SELECT count(*) FROM sqlite_master
                     WHERE (type = 'trigger' AND name IN ('visitors_register', 'visitors_no_delete',
                              'roll_call_lines_closed', 'roll_call_lines_added_late',
                              'roll_calls_closed', 'roll_calls_no_delete',
                              'safety_register_no_update', 'safety_register_no_delete',
                              'roll_call_lines_no_delete', 'presence_hostel_departure'))
                        OR (type = 'index' AND name IN ('roll_calls_one_open', 'building_presence_inside'))",
                )
                .await?,
                "protective triggers or indexes missing on the visitor register, roll calls and safety register",
            ),
            Finding::from_count(
                "roll_calls_missing_adds_up",
                count(
                    pool,
                    "SELECT count(*) FROM roll_calls r WHERE r.ended_at IS NOT NULL
                       AND r.missing <> (SELECT coalesce(sum(people), 0) FROM roll_call_lines l
                                         WHERE l.roll_call_id = r.id AND l.mustered_at IS NULL)",
                )
                .await?,
                "ended roll calls whose missing headcount is not the lines left unticked",
            ),
            Finding::from_count(
                "nobody_erased_in_the_building",
                count(
                    pool,
                    "SELECT count(*) FROM building_presence b JOIN persons p ON p.id = b.person_id
                     WHERE p.erased_at IS NOT NULL",
                )
                .await?,
                "erased people still recorded in the building",
            ),
        ])
    })
}

/// The demo: three people badged in at the entrance this morning, one visitor, and Odette Perrin
/// (who uses a wheelchair) in the building with her needs recorded.
fn demo<'a>(
    tx: &'a mut SqliteConnection,
    site: &'a DemoSite,
    out: &'a mut Vec<String>,
) -> Fut<'a, anyhow::Result<()>> {
    Box::pin(async move {
        let now = chrono::Utc::now();
        for (i, minutes) in [(1usize, 95i64), (2, 50), (5, 20)] {
            let Some(&person) = site.person_ids.get(i) else {
                continue;
            };
            sqlx::query(
                "INSERT INTO building_presence (person_id, inside, since, source, kiosk_id)
                 VALUES (?, 1, ?, 'entrance', 'demo-accueil')",
            )
            .bind(person)
            .bind(crate::db::instant_text(
                now - chrono::Duration::minutes(minutes),
            ))
            .execute(&mut *tx)
            .await?;
        }
        if let Some(&odette) = site.person_ids.get(5) {
            sqlx::query(
                "INSERT INTO evacuation_needs (person_id, mobility, note, consented_at, recorded_by)
                 VALUES (?, 1, 'Fauteuil roulant : prendre l''ascenseur d''évacuation, aide de 2 personnes', ?, ?)",
            )
            .bind(odette)
            .bind(crate::db::now_text())
            .bind(&site.seed.name)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO visitors (name, visiting, pass, arrived_at, signed_in_by)
             VALUES ('Bernard Colin', 'Odette Perrin', 'V-03', ?, ?)",
        )
        .bind(crate::db::instant_text(now - chrono::Duration::minutes(30)))
        .bind(&site.seed.name)
        .execute(&mut *tx)
        .await?;
        // The safety register: the emergency lighting's monthly test is late, the alarm's is due
        // in ten days.
        let today = now.with_timezone(&chrono_tz::Europe::Paris).date_naive();
        for (kind, ago, every, by, notes) in [
            (
                "extinguishers",
                300,
                365,
                "Sécurité Incendie 35",
                "12 extincteurs vérifiés, 1 remplacé (hall).",
            ),
            ("alarm", 80, 90, "Sécurité Incendie 35", ""),
            (
                "emergency_lighting",
                35,
                30,
                "Accueil (démo)",
                "Bloc du couloir 2e étage à remplacer.",
            ),
            ("lift", 20, 42, "Ascenseurs de l'Ouest", ""),
            (
                "drill",
                150,
                180,
                "Accueil (démo)",
                "Exercice de jour, 4 min 10 s.",
            ),
        ] {
            let done = today - chrono::Duration::days(ago);
            sqlx::query(
                "INSERT INTO safety_register (kind, done_on, done_by, result, notes, next_due,
                     recorded_at, recorded_by)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(kind)
            .bind(done.to_string())
            .bind(by)
            .bind(if notes.is_empty() { "ok" } else { "remarks" })
            .bind(notes)
            .bind((done + chrono::Duration::days(every)).to_string())
            .bind(crate::db::now_text())
            .bind(&site.seed.name)
            .execute(&mut *tx)
            .await?;
        }
        out.push(
            "Présences : 3 personnes badgées à l'entrée, 1 visiteur (Bernard Colin, badge V-03)"
                .into(),
        );
        Ok(())
    })
}

fn anonymise_job(state: &crate::web::AppState) -> Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        let n = visitors::anonymise(&state.pool).await?;
        if n > 0 {
            tracing::info!(visitors = n, "visitor register: old names replaced");
        }
        Ok(())
    })
}

fn routes(r: &mut Routes) {
    pages::declare(r);
    safety_pages::declare(r);
    api::declare(r);
}

/// The presence domain's entry in the list.
pub static DOMAIN: Domain = Domain {
    openapi: Some(api::PresenceApiDoc::openapi),
    export: Some(export),
    erase: Some(erase),
    check: Some(check),
    demo: Some(demo),
    desk_box: Some(pages::desk_box),
    night_alerts: Some(pages::night_alerts),
    person_box: Some(pages::person_box),
    kiosk_role: Some(KioskRole {
        role: "entrance",
        guests: true,
        inside: false,
        tap: state::entrance_tap,
        next_step: None,
    }),
    seen_inside: Some(state::seen_inside),
    jobs: &[
        Job {
            name: "presence-evacuation-file",
            every_seconds: file::EVERY_SECONDS,
            run: file::job,
        },
        Job {
            name: "presence-visitor-register-anonymise",
            every_seconds: 3600,
            run: anonymise_job,
        },
    ],
    ..Domain::new("presence", routes)
};
