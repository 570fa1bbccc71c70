//! The dashboard's part of the demo site: a year of meter readings (water, electricity, gas),
//! waste weighed each month, the health survey and the partner businesses, a few targets, and
//! some indicators published on the public page — so that every criterion shows something.

use crate::web::domain::{DemoSite, Fut};
use chrono::{Datelike, NaiveDate, Utc};

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
    let today = now.with_timezone(&tz).date_naive();
    if site.past_months > 0 {
        let past = super::history::seed(tx, site, now, site.past_months, 1).await?;
        lines.push(format!(
            "  passé : {} mois d'activité — {} créneaux SEL, {} achats à la coopérative, \
             {} réservations de salles, {} trajets, {} séjours à l'auberge",
            site.past_months,
            past.sel_shifts_served,
            past.sel_purchases,
            past.space_bookings,
            past.vehicle_trips,
            past.hostel_stays
        ));
    }
    let at = crate::db::now_text();
    let ids: Vec<(i64, String)> = sqlx::query_as("SELECT id, key FROM bv_entered")
        .fetch_all(&mut *tx)
        .await?;
    let id = |key: &str| ids.iter().find(|(_, k)| k == key).map(|(i, _)| *i);
    // The readings on the first of each month, thirteen months back (so that the twelve months
    // each have what was used), consumption a little higher in winter.
    let first = NaiveDate::from_ymd_opt(today.year() - 1, today.month(), 1).unwrap_or(today);
    let (mut water, mut power, mut gas) = (1520.0_f64, 48_210.0_f64, 9_830.0_f64);
    let mut day = first;
    let mut n = 0_u32;
    while day <= today {
        let winter = matches!(day.month(), 11 | 12 | 1 | 2 | 3);
        let wobble = f64::from((n * 7) % 5);
        for (key, value) in [("e_eau", water), ("e_electricite", power), ("e_gaz", gas)] {
            if let Some(i) = id(key) {
                insert(tx, i, day, value, &site.seed.name, &at).await?;
            }
        }
        water += 38.0 + wobble * 2.0 - f64::from(n) * 0.5;
        power += if winter { 2_950.0 } else { 1_870.0 } + wobble * 40.0 - f64::from(n) * 12.0;
        gas += if winter { 610.0 } else { 90.0 } + wobble * 10.0;
        // Waste weighed at the end of each month (less as the compost took over).
        if let Some(i) = id("e_dechets")
            && let Some(weighed) = day.checked_add_days(chrono::Days::new(27))
            && weighed <= today
        {
            let kg = 420.0 - f64::from(n) * 9.0 + wobble * 6.0;
            insert(tx, i, weighed, kg, &site.seed.name, &at).await?;
        }
        n += 1;
        day = day
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(today + chrono::Duration::days(1));
    }
    // The yearly health survey (in June) and the partner businesses, counted each quarter.
    let june = NaiveDate::from_ymd_opt(
        if today.month() >= 6 {
            today.year()
        } else {
            today.year() - 1
        },
        6,
        20,
    );
    if let (Some(i), Some(june)) = (id("e_sante_enquete"), june) {
        insert(tx, i, june, 71.0, &site.seed.name, &at).await?;
    }
    if let Some(i) = id("e_entreprises_partenaires") {
        for (months_back, count) in [(11, 6.0), (8, 8.0), (5, 9.0), (2, 12.0)] {
            if let Some(d) = today.checked_sub_months(chrono::Months::new(months_back)) {
                insert(tx, i, d, count, &site.seed.name, &at).await?;
            }
        }
    }
    if let Some(i) = id("e_panier_prix") {
        for (months_back, price) in [(10, 14.5), (4, 13.9), (1, 13.5)] {
            if let Some(d) = today.checked_sub_months(chrono::Months::new(months_back)) {
                insert(tx, i, d, price, &site.seed.name, &at).await?;
            }
        }
    }
    // Targets and what the public page shows.
    for (key, published, target) in [
        ("sel_hours_given", true, Some(600.0)),
        ("sel_contributors", true, None),
        ("spaces_debates", true, Some(24.0)),
        ("e_eau", true, Some(420.0)),
        ("e_dechets", true, Some(4_000.0)),
        ("e_sante_enquete", true, Some(75.0)),
    ] {
        sqlx::query(
            "INSERT INTO bv_settings (key, enabled, published, target, updated_by_name, updated_at)
             VALUES (?, 1, ?, ?, ?, ?)",
        )
        .bind(key)
        .bind(published)
        .bind(target)
        .bind(&site.seed.name)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
    }
    lines
        .push("  tableau de bord Bien-Vivre : relevés des compteurs sur un an, /bien-vivre".into());
    Ok(())
}

async fn insert(
    tx: &mut sqlx::SqliteConnection,
    entered: i64,
    day: NaiveDate,
    value: f64,
    by: &str,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO bv_entries (entered_id, on_date, value, entered_by_name, entered_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(entered)
    .bind(day.to_string())
    .bind(value)
    .bind(by)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
