//! The taxe de séjour (CGCT art. L2333-26 and following; migration 0013).
//!
//! The commune's rules by date range: `classified` (a fixed amount per person and night) or
//! `unclassified` (a rate of the price per person and night, capped: a participatory hostel without
//! a classification), with the departmental and regional surcharges added to the communal amount,
//! and the council's threshold below which nobody pays. Exempt by law: minors, seasonal workers
//! employed in the commune, people in emergency housing or temporary rehousing.
//!
//! How it is computed, per night the stay holds: the price per person is the night's price divided
//! by the people (rounded to the cent); the communal amount per person is the fixed amount, or
//! the rate of that price capped; each surcharge is that amount times its rate, rounded to the cent;
//! the amount per person and night (communal + surcharges) times the people who are not exempt.
//! The tax is shown apart from the price, and the register for a declaration period gives per stay
//! the dates, people, nights, exempted people and why, and the tax — no names.

use super::stays::{Stay, night_prices, stay_select};
use crate::audit::{self, Actor};
use crate::db;
use crate::refusal::{Fields, Refusal};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

/// Why someone other than a minor is exempt.
pub const EXEMPTIONS: [&str; 2] = ["seasonal_worker", "emergency_housing"];

/// A rule of the commune.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct TaxRule {
    pub id: i64,
    pub commune: String,
    pub first_night: String,
    pub last_night: String,
    /// classified or unclassified.
    pub mode: String,
    /// Classified: euro cents per person and night.
    pub per_person_cents: i64,
    /// Unclassified: the rate of the price per person and night, in basis points (5 % = 500).
    pub rate_bp: i64,
    /// Unclassified: the most per person and night, in euro cents.
    pub cap_cents: i64,
    /// The departmental surcharge on the communal amount, in basis points (10 % = 1000).
    pub department_bp: i64,
    /// The regional surcharge, in basis points.
    pub region_bp: i64,
    /// Below this price per person and night (euro cents), nobody pays.
    pub threshold_cents: i64,
}

macro_rules! rule_select {
    () => {
        "SELECT id, commune, first_night, last_night, mode, per_person_cents, rate_bp, cap_cents,
                department_bp, region_bp, threshold_cents
         FROM hostel_tax_rules"
    };
}

/// A rule as typed or sent.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct TaxRuleInput {
    pub commune: String,
    pub first_night: String,
    pub last_night: String,
    pub mode: String,
    #[serde(default)]
    pub per_person_cents: i64,
    #[serde(default)]
    pub rate_bp: i64,
    #[serde(default)]
    pub cap_cents: i64,
    #[serde(default)]
    pub department_bp: i64,
    #[serde(default)]
    pub region_bp: i64,
    #[serde(default)]
    pub threshold_cents: i64,
}

/// A rule's limits: the commune's name (characters), the amounts (cents) and rates (basis
/// points) each mode reads, and the modes.
pub const COMMUNE_MAX: usize = 120;
pub const PER_PERSON_MAX: i64 = 10_000;
pub const RATE_BP_MAX: i64 = 1000;
pub const CAP_MAX: i64 = 10_000;
pub const DEPARTMENT_BP_MAX: i64 = 10_000;
pub const REGION_BP_MAX: i64 = 30_000;
pub const THRESHOLD_MAX: i64 = 100_000;
pub const MODES: [&str; 2] = ["classified", "unclassified"];

/// Adds a rule.
pub async fn add_rule(
    pool: &SqlitePool,
    actor: &Actor,
    input: &TaxRuleInput,
) -> Result<TaxRule, Refusal> {
    let mut errors = Fields::default();
    let commune = input.commune.trim();
    if commune.is_empty() || commune.chars().count() > COMMUNE_MAX {
        errors.refuse("commune", "error-hostel-tax-commune");
    }
    let (first, last) = (
        super::date(&input.first_night),
        super::date(&input.last_night),
    );
    if first.is_none() {
        errors.refuse("first_night", "error-hostel-date");
    }
    if last.is_none() {
        errors.refuse("last_night", "error-hostel-date");
    }
    if let (Some(f), Some(l)) = (first, last)
        && l < f
    {
        errors.refuse("last_night", "error-hostel-closure-dates");
    }
    match input.mode.as_str() {
        "classified" if !(1..=PER_PERSON_MAX).contains(&input.per_person_cents) => {
            errors.refuse("per_person_cents", "error-hostel-tax-amount")
        }
        "unclassified" if !(1..=RATE_BP_MAX).contains(&input.rate_bp) => {
            errors.refuse("rate_bp", "error-hostel-tax-rate")
        }
        "unclassified" if !(1..=CAP_MAX).contains(&input.cap_cents) => {
            errors.refuse("cap_cents", "error-hostel-tax-amount")
        }
        "classified" | "unclassified" => {}
        _ => errors.refuse("mode", "error-hostel-tax-mode"),
    }
    if !(0..=DEPARTMENT_BP_MAX).contains(&input.department_bp)
        || !(0..=REGION_BP_MAX).contains(&input.region_bp)
    {
        errors.refuse("department_bp", "error-hostel-tax-rate");
    }
    if !(0..=THRESHOLD_MAX).contains(&input.threshold_cents) {
        errors.refuse("threshold_cents", "error-hostel-tax-amount");
    }
    let (Some(first), Some(last)) = (first, last) else {
        return Err(errors.into_refusal());
    };
    errors.done()?;
    let mut tx = db::begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO hostel_tax_rules (commune, first_night, last_night, mode, per_person_cents,
             rate_bp, cap_cents, department_bp, region_bp, threshold_cents, created_by_name,
             created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(commune)
    .bind(first.to_string())
    .bind(last.to_string())
    .bind(&input.mode)
    .bind(input.per_person_cents)
    .bind(input.rate_bp)
    .bind(input.cap_cents)
    .bind(input.department_bp)
    .bind(input.region_bp)
    .bind(input.threshold_cents)
    .bind(&actor.name)
    .bind(db::now_text())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        "hostel.tax_rule.add",
        "hostel_tax_rule",
        id,
        None,
        Some(&json!({"commune": commune, "mode": input.mode, "first_night": first, "last_night": last})),
    )
    .await?;
    let r = sqlx::query_as(concat!(rule_select!(), " WHERE id = ?"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(r)
}

/// The rules, latest first.
pub async fn rules(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Vec<TaxRule>, sqlx::Error> {
    sqlx::query_as(concat!(rule_select!(), " ORDER BY id DESC"))
        .fetch_all(conn)
        .await
}

/// `a × bp / 10 000`, rounded half up to the cent.
fn share(cents: i64, bp: i64) -> i64 {
    (cents * bp + 5_000) / 10_000
}

/// The tax per person and night under `rule` for a price per person and night (surcharges
/// included); 0 below the council's threshold.
pub fn per_person_night(rule: &TaxRule, price_per_person: i64) -> i64 {
    if price_per_person < rule.threshold_cents {
        return 0;
    }
    let communal = match rule.mode.as_str() {
        "classified" => rule.per_person_cents,
        _ => share(price_per_person, rule.rate_bp).min(rule.cap_cents),
    };
    communal + share(communal, rule.department_bp) + share(communal, rule.region_bp)
}

/// A stay's taxe de séjour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StayTax {
    /// Euro cents.
    pub cents: i64,
    /// Person-nights taxed, and exempt (minors, exemptions, below the threshold).
    pub taxed_person_nights: i64,
    pub exempt_person_nights: i64,
    /// Nights counted.
    pub nights: i64,
}

/// The rule for a night: the latest covering it.
pub fn rule_on<'a>(rules: &'a [TaxRule], night: &str) -> Option<&'a TaxRule> {
    rules
        .iter()
        .filter(|r| r.first_night.as_str() <= night && night <= r.last_night.as_str())
        .max_by_key(|r| r.id)
}

/// The tax of one night of a stay at `price` (the night's price for the whole stay).
pub fn night_tax(stay: &Stay, night: &str, price: i64, rule: Option<&TaxRule>) -> NightTax {
    let people = stay.people.max(1);
    let taxable = (stay.people - stay.minors - stay.tax_exempt).max(0);
    let per_person = (price + people / 2) / people;
    let amount = rule.map_or(0, |r| per_person_night(r, per_person));
    if amount == 0 {
        NightTax {
            night: night.to_owned(),
            cents: 0,
            taxed_people: 0,
            exempt_people: stay.people,
        }
    } else {
        NightTax {
            night: night.to_owned(),
            cents: amount * taxable,
            taxed_people: taxable,
            exempt_people: stay.people - taxable,
        }
    }
}

/// The tax of one night of a stay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NightTax {
    pub night: String,
    /// Euro cents, for all the taxed people.
    pub cents: i64,
    pub taxed_people: i64,
    pub exempt_people: i64,
}

/// A stay's tax night by night, for the nights and prices given (from
/// [`super::stays::night_prices`]).
pub async fn nightly(
    conn: &mut SqliteConnection,
    stay: &Stay,
    prices: &[(String, i64)],
) -> Result<Vec<NightTax>, sqlx::Error> {
    let rules = rules(&mut *conn).await?;
    Ok(prices
        .iter()
        .map(|(night, price)| night_tax(stay, night, *price, rule_on(&rules, night)))
        .collect())
}

/// A stay's tax on its held nights from `first` to `last` (included; all of them with `None`).
pub async fn of_stay(
    conn: &mut SqliteConnection,
    stay: &Stay,
    within: Option<(NaiveDate, NaiveDate)>,
) -> Result<StayTax, sqlx::Error> {
    let prices: Vec<(String, i64)> = night_prices(conn, stay.id)
        .await?
        .into_iter()
        .filter(|(night, _)| {
            within.is_none_or(|(first, last)| {
                *night >= first.to_string() && *night <= last.to_string()
            })
        })
        .collect();
    let mut t = StayTax::default();
    for n in nightly(conn, stay, &prices).await? {
        t.nights += 1;
        t.cents += n.cents;
        t.taxed_person_nights += n.taxed_people;
        t.exempt_person_nights += n.exempt_people;
    }
    Ok(t)
}

/// One stay in the register: no names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RegisterLine {
    pub arrival: String,
    pub departure: String,
    pub people: i64,
    /// Nights within the period.
    pub nights: i64,
    pub minors: i64,
    pub exempt: i64,
    /// Why the others are exempt (seasonal_worker, emergency_housing), if any are.
    pub exempt_reason: Option<String>,
    pub taxed_person_nights: i64,
    pub exempt_person_nights: i64,
    /// Euro cents.
    pub tax_cents: i64,
}

/// The register for a declaration period: every stay that slept here (checked in or out) on a
/// night from `first` to `last`, by arrival.
pub async fn register(
    pool: &SqlitePool,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<RegisterLine>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    // Bounded below by the longest stay (90 nights) so that the look-up does not grow with the
    // years; the held nights of the period in one query, the rates and rules (small tables) once.
    let stays: Vec<Stay> = sqlx::query_as(concat!(
        stay_select!(),
        " WHERE arrival BETWEEN date(?1, '-90 days') AND ?2 AND departure > ?1
            AND status IN ('checked_in', 'checked_out')
          ORDER BY arrival, id"
    ))
    .bind(first.to_string())
    .bind(last.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let rows: Vec<(i64, String, i64, String, i64)> = sqlx::query_as(
        "SELECT n.stay_id, r.kind, r.price_cents, n.night, count(*)
         FROM hostel_nights n JOIN hostel_beds b ON b.id = n.bed_id
           JOIN hostel_rooms r ON r.id = b.room_id
         WHERE n.released_at IS NULL AND n.night >= ?1 AND n.night <= ?2
         GROUP BY n.stay_id, r.id, n.night",
    )
    .bind(first.to_string())
    .bind(last.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let rates = super::rates(&mut *conn).await?;
    let rules = rules(&mut *conn).await?;
    let mut held: std::collections::HashMap<i64, Vec<(String, i64, String, i64)>> =
        std::collections::HashMap::new();
    for (stay, kind, base, night, beds) in rows {
        held.entry(stay)
            .or_default()
            .push((kind, base, night, beds));
    }
    let mut out = vec![];
    for s in stays {
        let Some(rows) = held.remove(&s.id) else {
            continue;
        };
        let mut t = StayTax::default();
        for (night, price) in super::stays::prices_by_night(rows, &rates) {
            let n = night_tax(&s, &night, price, rule_on(&rules, &night));
            t.nights += 1;
            t.cents += n.cents;
            t.taxed_person_nights += n.taxed_people;
            t.exempt_person_nights += n.exempt_people;
        }
        out.push(RegisterLine {
            arrival: s.arrival,
            departure: s.departure,
            people: s.people,
            nights: t.nights,
            minors: s.minors,
            exempt: s.tax_exempt,
            exempt_reason: s.tax_exempt_reason,
            taxed_person_nights: t.taxed_person_nights,
            exempt_person_nights: t.exempt_person_nights,
            tax_cents: t.cents,
        });
    }
    Ok(out)
}

/// `27,50` — euro cents in French, for a spreadsheet.
fn decimal(cents: i64) -> String {
    format!("{},{:02}", cents / 100, (cents % 100).abs())
}

/// `05/12/2026`.
fn french_date(s: &str) -> String {
    super::date(s)
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|| s.to_owned())
}

/// The register as CSV the French way (semicolons, decimal commas, dd/mm/yyyy, a BOM so that a
/// spreadsheet reads the accents), with a total line.
pub fn register_csv(lines: &[RegisterLine], reason: impl Fn(&str) -> String) -> String {
    let mut out = String::from(
        "\u{feff}Arrivée;Départ;Personnes;Nuits;Mineurs;Autres exonérés;Motif d'exonération;Nuitées taxées;Nuitées exonérées;Taxe (€)\r\n",
    );
    let total: i64 = lines.iter().map(|l| l.tax_cents).sum();
    for l in lines {
        out.push_str(&format!(
            "{};{};{};{};{};{};{};{};{};{}\r\n",
            french_date(&l.arrival),
            french_date(&l.departure),
            l.people,
            l.nights,
            l.minors,
            l.exempt,
            l.exempt_reason.as_deref().map(&reason).unwrap_or_default(),
            l.taxed_person_nights,
            l.exempt_person_nights,
            decimal(l.tax_cents)
        ));
    }
    out.push_str(&format!(
        "Total;;{};{};;;;{};{};{}\r\n",
        lines.iter().map(|l| l.people).sum::<i64>(),
        lines.iter().map(|l| l.nights).sum::<i64>(),
        lines.iter().map(|l| l.taxed_person_nights).sum::<i64>(),
        lines.iter().map(|l| l.exempt_person_nights).sum::<i64>(),
        decimal(total)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(mode: &str) -> TaxRule {
        TaxRule {
            id: 1,
            commune: "Saint-Étienne".into(),
            first_night: "2027-01-01".into(),
            last_night: "2027-12-31".into(),
            mode: mode.into(),
            per_person_cents: 0,
            rate_bp: 0,
            cap_cents: 0,
            department_bp: 0,
            region_bp: 0,
            threshold_cents: 0,
        }
    }

    #[test]
    fn worked_cases_per_person_and_night() {
        // Classified, 0,83 € with the departmental 10 %: 0,83 + 0,08 = 0,91 €.
        let classified = TaxRule {
            per_person_cents: 83,
            department_bp: 1000,
            ..rule("classified")
        };
        assert_eq!(per_person_night(&classified, 2000), 91);
        // Unclassified, 5 % of 20,00 € = 1,00 €, + 10 % = 1,10 €.
        let unclassified = TaxRule {
            rate_bp: 500,
            cap_cents: 430,
            department_bp: 1000,
            ..rule("unclassified")
        };
        assert_eq!(per_person_night(&unclassified, 2000), 110);
        // 5 % of 100,00 € = 5,00 €, capped at 4,30 €, + 10 % = 4,73 €.
        assert_eq!(per_person_night(&unclassified, 10_000), 473);
        // With a regional surcharge of 15 % too: 1,00 + 0,10 + 0,15.
        let both = TaxRule {
            region_bp: 1500,
            ..unclassified.clone()
        };
        assert_eq!(per_person_night(&both, 2000), 125);
        // Below the council's threshold (a night under 5,00 € per person), nobody pays.
        let threshold = TaxRule {
            threshold_cents: 500,
            ..unclassified
        };
        assert_eq!(per_person_night(&threshold, 499), 0);
        assert_eq!(per_person_night(&threshold, 500), 28); // 0,25 + 0,03 (0,025 rounds up)
    }

    #[test]
    fn the_register_reads_in_a_french_spreadsheet() {
        let l = RegisterLine {
            arrival: "2027-03-27".into(),
            departure: "2027-03-30".into(),
            people: 4,
            nights: 3,
            minors: 2,
            exempt: 0,
            exempt_reason: None,
            taxed_person_nights: 6,
            exempt_person_nights: 6,
            tax_cents: 660,
        };
        let csv = register_csv(&[l], |r| r.to_owned());
        let mut rows = csv.trim_start_matches('\u{feff}').lines();
        assert!(
            rows.next()
                .is_some_and(|h| h.starts_with("Arrivée;Départ;Personnes"))
        );
        assert_eq!(rows.next(), Some("27/03/2027;30/03/2027;4;3;2;0;;6;6;6,60"));
        assert_eq!(rows.next(), Some("Total;;4;3;;;;6;6;6,60"));
    }
}
