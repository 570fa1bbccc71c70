//! The SEL's part of the demo site.

use crate::web::domain::{DemoSite, Fut};
use crate::{audit, db};

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
        &site.first_names,
        lines,
    ))
}

/// The demo SEL: accounts with their welcome credit, this year's memberships (one unpaid, to show
/// the warning), activities served at `demo-sel` (the café accepts unplanned shifts, so a tap at
/// any hour starts one), weekly shifts from today on, the cooperative's scale, and a shift served
/// two days ago without a plan, waiting in the review queue.
async fn seed(
    tx: &mut sqlx::SqliteConnection,
    seed: &audit::Actor,
    person_ids: &[i64],
    first_names: &[&str],
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
    let afternoon = crate::time::resolve_local(
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
                first_name: first_names[1],
                guest: false,
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
