//! The SEL's Bien-Vivre indicators (seed, annex 2 « Compter autrement »): the time given
//! (criterion 4, « capacité d'agir au niveau collectif »), who gives it, the newcomers who start
//! giving (criterion 5), give and take, and what the cooperative's shop gives for it (criterion 7).
//!
//! What counts as *given* is the same for every measure here (the rows of `given!`):
//! - a shift served, dated by its start — a shift started on the 31st at 23:30 belongs to that
//!   month, as in the yearly report ([`super::report`]) — for the minutes its reservation posted,
//!   net of the corrections made to that posting since (a late tap-out, the desk's correction);
//! - minutes the ledger credits to a member directly, dated when they were written: the transport
//!   solidaire's volunteer time (a `shift` transfer posted without a session, written by
//!   `vehicles::trips`), an exchange paid by another member (posted, or a pending one accepted),
//!   a workshop's share paid to the member who ran it; each net of its corrections.
//!
//! Welcome credits, purchases, the pool's refunds and a voided reservation are not time given.
//! A person erased under the GDPR keeps their account and its movements (pseudonymised), so they
//! are still counted — never named.

use crate::web::domain::{Better, Fut, Measure, Period, each_period};
use sqlx::SqlitePool;

/// The SEL's indicators, in the order the dashboard lists them.
pub static MEASURES: [Measure; 5] = [
    Measure {
        key: "sel_hours_given",
        criterion: 4,
        unit: "hours",
        better: Better::Higher,
        measure: hours_given,
    },
    Measure {
        key: "sel_contributors",
        criterion: 4,
        unit: "people",
        better: Better::Higher,
        measure: contributors,
    },
    Measure {
        key: "sel_first_shift",
        criterion: 5,
        unit: "people",
        better: Better::Higher,
        measure: first_shift,
    },
    Measure {
        key: "sel_gave_and_received",
        criterion: 4,
        unit: "percent",
        better: Better::Higher,
        measure: gave_and_received,
    },
    Measure {
        key: "sel_cooperative_minutes",
        criterion: 7,
        unit: "minutes",
        better: Better::Higher,
        measure: cooperative_minutes,
    },
];

/// A transfer's amount net of the corrections made to it since (`corrects_no` names it): a
/// correction in the transfer's direction adds, one the other way gives back.
macro_rules! net {
    ($t:literal) => {
        concat!(
            "(",
            $t,
            ".amount + coalesce((SELECT sum(CASE WHEN c.debit_account = ",
            $t,
            ".debit_account THEN c.amount ELSE -c.amount END) FROM sel_transfers c
              WHERE c.corrects_no = ",
            $t,
            ".no), 0))"
        )
    };
}

/// The time given, as rows `(person_id, minutes)`: the shifts served whose session matches
/// `$sessions` (over `s`), then the minutes the ledger credited to a member directly whose
/// transfer matches `$ledger` (over `t`, the credited account `a`). See the module's doc.
macro_rules! given {
    ($sessions:literal, $ledger:literal) => {
        concat!(
            "SELECT s.person_id AS person_id, ", net!("r"), " AS minutes
             FROM sel_sessions s JOIN sel_transfers r ON r.no = s.resolution_no AND r.phase = 'post'
             WHERE ", $sessions, "
             UNION ALL
             SELECT a.person_id, ", net!("t"), "
             FROM sel_transfers t
                  JOIN sel_accounts a ON a.id = t.credit_account AND a.kind = 'member'
             WHERE t.kind IN ('shift', 'exchange', 'workshop') AND t.phase IN ('posted', 'post')
               AND (t.kind = 'exchange' OR t.phase = 'posted')
               AND (t.kind <> 'exchange'
                    OR EXISTS (SELECT 1 FROM sel_accounts d
                               WHERE d.id = t.debit_account AND d.kind = 'member'))
               AND ", $ledger
        )
    };
}

/// `given!` over the period `[?1, ?2)`.
macro_rules! given_in_period {
    () => {
        given!(
            "s.started_at >= ?1 AND s.started_at < ?2",
            "t.created_at >= ?1 AND t.created_at < ?2"
        )
    };
}

/// Hours given in the period: every minute of `given!`, in hours.
const HOURS_GIVEN: &str = concat!(
    "SELECT coalesce(sum(minutes), 0) / 60.0 FROM (",
    given_in_period!(),
    ")"
);

/// People who gave at least one minute in the period (each once).
const CONTRIBUTORS: &str = concat!(
    "SELECT count(DISTINCT person_id) * 1.0 FROM (",
    given_in_period!(),
    ") WHERE minutes > 0"
);

/// People who gave in the period and never before it: their very first time given (a shift, a
/// trip driven, an exchange, a workshop run) falls in the period.
const FIRST_SHIFT: &str = concat!(
    "SELECT count(DISTINCT g.person_id) * 1.0 FROM (",
    given_in_period!(),
    ") g WHERE g.minutes > 0 AND NOT EXISTS (SELECT 1 FROM (",
    given!(
        "s.person_id = g.person_id AND s.started_at < ?1",
        "a.person_id = g.person_id AND t.created_at < ?1"
    ),
    ") x WHERE x.minutes > 0)"
);

/// Among the people active in the period — who gave (see `given!`) or received: paid minutes
/// for an exchange (a member's service, a transport solidaire trip), a workshop or a purchase
/// (the cooperative's shop, the hostel), net of refunds — the share, in percent, who did both.
/// `NULL` when nobody was active.
const GAVE_AND_RECEIVED: &str = concat!(
    "SELECT CASE WHEN count(*) = 0 THEN NULL ELSE 100.0 * sum(gave AND received) / count(*) END
     FROM (SELECT person_id, max(gave) AS gave, max(received) AS received
           FROM (SELECT person_id, 1 AS gave, 0 AS received FROM (",
    given_in_period!(),
    ") WHERE minutes > 0
                 UNION ALL
                 SELECT a.person_id, 0, 1
                 FROM sel_transfers t
                      JOIN sel_accounts a ON a.id = t.debit_account AND a.kind = 'member'
                 WHERE t.kind IN ('exchange', 'purchase', 'workshop')
                   AND t.phase IN ('posted', 'post')
                   AND t.created_at >= ?1 AND t.created_at < ?2
                   AND ",
    net!("t"),
    " > 0)
           GROUP BY person_id)"
);

/// Minutes spent at the cooperative's shop in the period: the purchases that bought goods from
/// the valuation scale (they have sale lines), net of their corrections (an item taken back).
/// A hostel stay paid in minutes is also a `purchase` transfer to the cooperative's account, but
/// it has no sale lines and is not counted here: criterion 7 is about the goods.
const COOPERATIVE_MINUTES: &str = concat!(
    "SELECT coalesce(sum(",
    net!("t"),
    "), 0) * 1.0
     FROM sel_transfers t
     WHERE t.kind = 'purchase' AND t.phase = 'posted'
       AND t.created_at >= ?1 AND t.created_at < ?2
       AND EXISTS (SELECT 1 FROM sel_sale_lines l WHERE l.operation_id = t.operation_id)"
);

/// `sel_hours_given`: see [`HOURS_GIVEN`].
fn hours_given<'a>(
    pool: &'a SqlitePool,
    periods: &'a [Period],
) -> Fut<'a, Result<Vec<Option<f64>>, sqlx::Error>> {
    Box::pin(each_period(pool, periods, HOURS_GIVEN))
}

/// `sel_contributors`: see [`CONTRIBUTORS`].
fn contributors<'a>(
    pool: &'a SqlitePool,
    periods: &'a [Period],
) -> Fut<'a, Result<Vec<Option<f64>>, sqlx::Error>> {
    Box::pin(each_period(pool, periods, CONTRIBUTORS))
}

/// `sel_first_shift`: see [`FIRST_SHIFT`].
fn first_shift<'a>(
    pool: &'a SqlitePool,
    periods: &'a [Period],
) -> Fut<'a, Result<Vec<Option<f64>>, sqlx::Error>> {
    Box::pin(each_period(pool, periods, FIRST_SHIFT))
}

/// `sel_gave_and_received`: see [`GAVE_AND_RECEIVED`].
fn gave_and_received<'a>(
    pool: &'a SqlitePool,
    periods: &'a [Period],
) -> Fut<'a, Result<Vec<Option<f64>>, sqlx::Error>> {
    Box::pin(each_period(pool, periods, GAVE_AND_RECEIVED))
}

/// `sel_cooperative_minutes`: see [`COOPERATIVE_MINUTES`].
fn cooperative_minutes<'a>(
    pool: &'a SqlitePool,
    periods: &'a [Period],
) -> Fut<'a, Result<Vec<Option<f64>>, sqlx::Error>> {
    Box::pin(each_period(pool, periods, COOPERATIVE_MINUTES))
}
