//! The SEL (*Système d'Échange Local*): a time bank where one unit is one minute.
//!
//! - [`ledger`]: accounts, the append-only zero-sum ledger (idempotent operations, limits enforced
//!   at write, pending → posted/voided), corrections, statements, reconciliation;
//! - [`shifts`]: activities, planned shifts (weekly series through `rrule`), sign-ups, shifts
//!   served — opened and closed by taps at a `sel` kiosk — and their valuation;
//! - [`shop`]: the cooperative's valuation scale (catalogue), purchases, exchanges between
//!   members, workshop costs split among participants;
//! - [`report`]: the yearly summary for the *journée citoyenne* and CSV statements.
//!
//! The database keeps the rules that matter even against raw SQL (see `migrations/0003_sel.sql`);
//! this code checks them first so that a refusal says precisely why.

pub mod api;
pub mod check;
pub mod demo;
pub mod gdpr;
pub mod ledger;
pub mod measures;
pub mod notices;
pub mod pages;

pub mod report;
pub mod shifts;
pub mod shop;

use serde::{Deserialize, Serialize};

/// The SEL's settings (one row, edited by an admin; [`Settings::check`] gives the ranges).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Settings {
    /// The local name of the unit, e.g. « grains de sel » (1 to 40 characters).
    pub unit_name: String,
    /// Credited when a member's account is opened (0 to 6000).
    pub welcome_minutes: i64,
    /// −100000 to 0.
    pub default_floor: i64,
    /// 0 to 100000.
    pub default_ceiling: i64,
    /// Minutes present are rounded to the nearest multiple of this (1 to 60).
    pub rounding_minutes: i64,
    /// A shift credits at most its planned length plus this (0 to 240).
    pub tolerance_minutes: i64,
    /// The longest unplanned shift credited (15 to 720).
    pub unplanned_max_minutes: i64,
    /// A second tap this soon after the first is a repeat, not a tap-out (0 to 900).
    pub repeat_tap_seconds: i64,
    /// `ignore`, `warn` or `refuse`: what an unpaid membership does at the kiosk.
    pub membership_policy: String,
    /// Whether an exchange waits for the receiver's confirmation.
    pub exchange_confirmation: bool,
}

impl Settings {
    pub async fn load(conn: impl sqlx::SqliteExecutor<'_>) -> Result<Settings, sqlx::Error> {
        sqlx::query_as(
            "SELECT unit_name, welcome_minutes, default_floor, default_ceiling, rounding_minutes,
                    tolerance_minutes, unplanned_max_minutes, repeat_tap_seconds,
                    membership_policy, exchange_confirmation
             FROM sel_settings WHERE id = 1",
        )
        .fetch_one(conn)
        .await
    }
}

/// The settings' limits (characters for the unit's name, else the ranges of each number).
pub const UNIT_NAME_MAX: usize = 40;
pub const WELCOME_MINUTES: (i64, i64) = (0, 6000);
pub const DEFAULT_FLOOR: (i64, i64) = (-100_000, 0);
pub const DEFAULT_CEILING: (i64, i64) = (0, 100_000);
pub const ROUNDING_MINUTES: (i64, i64) = (1, 60);
pub const TOLERANCE_MINUTES: (i64, i64) = (0, 240);
pub const UNPLANNED_MAX_MINUTES: (i64, i64) = (15, 720);
pub const REPEAT_TAP_SECONDS: (i64, i64) = (0, 900);
/// The years a membership or a yearly summary may be for.
pub const YEARS: (i32, i32) = (2000, 2200);
/// What an unpaid membership does at the kiosk.
pub const MEMBERSHIP_POLICIES: [&str; 3] = ["ignore", "warn", "refuse"];

impl Settings {
    /// Checks every field against the ranges the table accepts; the refusal names each field.
    pub fn check(&self) -> Result<(), crate::refusal::Refusal> {
        use crate::refusal::FieldError;
        type Range = (
            &'static str,
            i64,
            std::ops::RangeInclusive<i64>,
            &'static str,
        );
        let mut errors = vec![];
        if !(1..=UNIT_NAME_MAX).contains(&self.unit_name.trim().chars().count()) {
            errors.push(FieldError {
                field: "unit_name",
                key: "error-sel-settings-unit",
            });
        }
        let ranges: [Range; 7] = [
            (
                "welcome_minutes",
                self.welcome_minutes,
                WELCOME_MINUTES.0..=WELCOME_MINUTES.1,
                "error-sel-settings-welcome",
            ),
            (
                "default_floor",
                self.default_floor,
                DEFAULT_FLOOR.0..=DEFAULT_FLOOR.1,
                "error-sel-settings-floor",
            ),
            (
                "default_ceiling",
                self.default_ceiling,
                DEFAULT_CEILING.0..=DEFAULT_CEILING.1,
                "error-sel-settings-ceiling",
            ),
            (
                "rounding_minutes",
                self.rounding_minutes,
                ROUNDING_MINUTES.0..=ROUNDING_MINUTES.1,
                "error-sel-settings-rounding",
            ),
            (
                "tolerance_minutes",
                self.tolerance_minutes,
                TOLERANCE_MINUTES.0..=TOLERANCE_MINUTES.1,
                "error-sel-settings-tolerance",
            ),
            (
                "unplanned_max_minutes",
                self.unplanned_max_minutes,
                UNPLANNED_MAX_MINUTES.0..=UNPLANNED_MAX_MINUTES.1,
                "error-sel-settings-unplanned",
            ),
            (
                "repeat_tap_seconds",
                self.repeat_tap_seconds,
                REPEAT_TAP_SECONDS.0..=REPEAT_TAP_SECONDS.1,
                "error-sel-settings-repeat",
            ),
        ];
        for (field, value, range, key) in ranges {
            if !range.contains(&value) {
                errors.push(FieldError { field, key });
            }
        }
        if !MEMBERSHIP_POLICIES.contains(&self.membership_policy.as_str()) {
            errors.push(FieldError {
                field: "membership_policy",
                key: "error-choice",
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(crate::refusal::Refusal::Invalid(errors))
        }
    }
}

/// Saves the settings after checking them, with their audit entry (before and after) in the same
/// transaction; nothing is written when nothing changed. Returns the settings as saved.
pub async fn save_settings(
    pool: &sqlx::SqlitePool,
    actor: &crate::audit::Actor,
    input: &Settings,
) -> Result<Settings, crate::refusal::Refusal> {
    let s = Settings {
        unit_name: input.unit_name.trim().to_owned(),
        ..input.clone()
    };
    s.check()?;
    let mut tx = crate::db::begin_write(pool).await?;
    let before = Settings::load(&mut *tx).await?;
    if before == s {
        return Ok(before);
    }
    sqlx::query(
        "UPDATE sel_settings SET unit_name = ?, welcome_minutes = ?, default_floor = ?,
             default_ceiling = ?, rounding_minutes = ?, tolerance_minutes = ?,
             unplanned_max_minutes = ?, repeat_tap_seconds = ?, membership_policy = ?,
             exchange_confirmation = ?, updated_at = ?
         WHERE id = 1",
    )
    .bind(&s.unit_name)
    .bind(s.welcome_minutes)
    .bind(s.default_floor)
    .bind(s.default_ceiling)
    .bind(s.rounding_minutes)
    .bind(s.tolerance_minutes)
    .bind(s.unplanned_max_minutes)
    .bind(s.repeat_tap_seconds)
    .bind(&s.membership_policy)
    .bind(s.exchange_confirmation)
    .bind(crate::db::now_text())
    .execute(&mut *tx)
    .await?;
    let after = Settings::load(&mut *tx).await?;
    crate::audit::record(
        &mut tx,
        actor,
        "sel.settings",
        "sel_settings",
        1,
        Some(&serde_json::json!(before)),
        Some(&serde_json::json!(after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The account ids of the system accounts (created by the migration).
pub const POOL_ACCOUNT: i64 = 1;
pub const COOPERATIVE_ACCOUNT: i64 = 2;

pub use crate::time::hours;

/// Rounds minutes to the nearest multiple of `step` (halves go up).
pub fn round_minutes(minutes: i64, step: i64) -> i64 {
    let step = step.max(1);
    ((minutes + step / 2).div_euclid(step)) * step
}

// ---------------------------------------------------------------------------------------------
// Periodic work

/// Every minute: close the shifts whose tap-out was forgotten.
fn close_overdue_shifts(
    state: &crate::web::AppState,
) -> crate::web::domain::Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        let n = shifts::close_overdue(&state.pool, chrono::Utc::now()).await?;
        if n > 0 {
            tracing::info!(closed = n, "SEL shifts closed after a forgotten tap-out");
            state.metrics.sel_shifts_auto_closed.inc_by(n as u64);
        }
        Ok(())
    })
}

/// Every ten minutes (and at start): reconcile the ledger and publish the result as metrics.
fn reconcile_ledger(
    state: &crate::web::AppState,
) -> crate::web::domain::Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        let r = ledger::record_reconciliation(&state.pool).await?;
        let metrics = &state.metrics;
        metrics.sel_reconciliation_ok.set(i64::from(r.ok));
        metrics
            .sel_reconciliation_mismatches
            .set(r.mismatches.len() as i64 + i64::from(r.posted_sum != 0));
        if !r.ok {
            tracing::error!(mismatches = ?r.mismatches, posted_sum = r.posted_sum,
                "SEL reconciliation found the ledger inconsistent");
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// The list of domains

/// What the desk can do for someone refused at the SEL's counter: open their account, or record
/// this year's membership when the settings refuse shifts without it.
fn kiosk_next_step<'a>(
    pool: &'a sqlx::SqlitePool,
    tr: &'a crate::i18n::Tr,
    tz: chrono_tz::Tz,
    person_id: i64,
) -> crate::web::domain::Fut<'a, Result<Option<crate::web::domain::Step>, sqlx::Error>> {
    Box::pin(async move {
        use crate::web::domain::Step;
        if ledger::account_of_person(pool, person_id).await?.is_none() {
            return Ok(Some(Step {
                label: tr.t("sel-step-open-account"),
                link: format!("/personnes/{person_id}#sel"),
            }));
        }
        let settings = Settings::load(pool).await?;
        // The year the kiosk refused for: the site's local one.
        let year = chrono::Datelike::year(&chrono::Utc::now().with_timezone(&tz));
        if settings.membership_policy == "refuse"
            && shifts::membership(pool, person_id, year).await? != Some(true)
        {
            return Ok(Some(Step {
                label: tr.ta("sel-step-membership", &[("year", &year.to_string())]),
                link: format!("/sel/comptes/{person_id}"),
            }));
        }
        Ok(None)
    })
}

/// The SEL's entry in the list of domains.
pub static DOMAIN: crate::web::domain::Domain = crate::web::domain::Domain {
    openapi: Some(<api::SelApiDoc as utoipa::OpenApi>::openapi),
    desk_box: Some(pages::desk_box),
    person_box: Some(pages::person_box),
    me_box: Some(pages::me_box),
    export: Some(gdpr::export),
    erase: Some(gdpr::erase),
    kiosk_role: Some(crate::web::domain::KioskRole {
        role: "sel",
        guests: true,
        inside: true,
        tap: shifts::kiosk_tap,
        next_step: Some(kiosk_next_step),
    }),
    check: Some(check::run),
    demo: Some(demo::demo),
    measures: &measures::MEASURES,
    jobs: &[
        crate::web::domain::Job {
            name: "sel-close-overdue-shifts",
            every_seconds: 60,
            run: close_overdue_shifts,
        },
        crate::web::domain::Job {
            name: "sel-reconcile-ledger",
            every_seconds: 600,
            run: reconcile_ledger,
        },
        crate::web::domain::Job {
            name: "sel-shift-reminders",
            every_seconds: 300,
            run: shift_reminders,
        },
    ],
    ..crate::web::domain::Domain::new("sel", routes)
};

fn routes(r: &mut crate::web::Routes) {
    pages::declare(r);
    api::declare(r);
}

/// The reminders of tomorrow's shifts (through `notify`).
fn shift_reminders(
    state: &crate::web::AppState,
) -> crate::web::domain::Fut<'_, anyhow::Result<()>> {
    Box::pin(async move {
        crate::notify::run_reminders(state, |conn, from, to| {
            Box::pin(notices::remind(conn, from, to))
        })
        .await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_the_french_way() {
        assert_eq!(hours(0), "0 min");
        assert_eq!(hours(45), "45 min");
        assert_eq!(hours(60), "1 h");
        assert_eq!(hours(750), "12 h 30");
        assert_eq!(hours(-65), "−1 h 05");
        assert_eq!(hours(-2000), "−33 h 20");
    }

    #[test]
    fn rounding_goes_to_the_nearest_step() {
        assert_eq!(round_minutes(182, 5), 180);
        assert_eq!(round_minutes(183, 5), 185);
        assert_eq!(round_minutes(7, 15), 0);
        assert_eq!(round_minutes(8, 15), 15);
        assert_eq!(round_minutes(240, 1), 240);
    }
}
