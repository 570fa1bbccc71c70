//! The SEL's invariants for `citeosquare check`: its protective triggers, the ledger zero-sum with
//! every stored balance equal to the one recomputed from the transfers (DESIGN.md §4 rule 3),
//! shifts consistent with their reservations, and erased people named nowhere.

use crate::web::domain::{Finding, Fut, count};
use sqlx::SqlitePool;

/// The invariants (a hook of the list of domains).
pub fn run(pool: &SqlitePool) -> Fut<'_, Result<Vec<Finding>, sqlx::Error>> {
    Box::pin(async move {
        let mut out = Vec::new();
        out.push(Finding::from_count(
                "sel_ledger_triggers_present",
                9 - count(
                    pool,
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
                     AND name IN ('sel_operations_no_update', 'sel_operations_no_delete',
                                  'sel_operations_no_replace', 'sel_transfers_no_update',
                                  'sel_transfers_no_delete', 'sel_transfers_check', 'sel_transfers_apply',
                                  'sel_accounts_balances_guard', 'sel_accounts_no_delete')",
                )
                .await?,
                "protective triggers missing on the SEL ledger",
            ));
        // The SEL ledger (DESIGN.md §4 rule 3): zero-sum, and every stored balance equals the one
        // recomputed from the transfers.
        let mut conn = pool.acquire().await?;
        let r = super::ledger::reconcile(&mut conn).await?;
        drop(conn);
        out.push(Finding {
            name: "sel_ledger_zero_sum",
            ok: r.posted_sum == 0,
            detail: if r.posted_sum == 0 {
                format!("ok ({} mouvements)", r.transfers)
            } else {
                format!("la somme des soldes vaut {} minutes", r.posted_sum)
            },
        });
        out.push(Finding {
            name: "sel_balances_match_transfers",
            ok: r.mismatches.is_empty(),
            detail: if r.mismatches.is_empty() {
                format!("ok ({} comptes)", r.accounts)
            } else {
                r.mismatches.join("; ")
            },
        });
        out.push(Finding::from_count(
                "sel_shift_consistency",
                count(
                    pool,
                    "SELECT (SELECT count(*) FROM sel_sessions x WHERE x.ended_at IS NULL
                             AND NOT EXISTS (SELECT 1 FROM sel_transfers t WHERE t.no = x.pending_no
                                             AND t.phase = 'pending')
                             OR x.ended_at IS NULL
                             AND EXISTS (SELECT 1 FROM sel_transfers r WHERE r.pending_no = x.pending_no))
                          + (SELECT count(*) FROM sel_sessions x WHERE x.ended_at IS NOT NULL
                             AND NOT EXISTS (SELECT 1 FROM sel_transfers r WHERE r.pending_no = x.pending_no))
                          + (SELECT count(*) FROM sel_sessions x JOIN sel_transfers r ON r.no = x.resolution_no
                             WHERE r.phase = 'post' AND x.minutes <> r.amount
                                 + COALESCE((SELECT sum(CASE WHEN c.debit_account = r.debit_account
                                                             THEN c.amount ELSE -c.amount END)
                                             FROM sel_transfers c
                                             WHERE c.corrects_no = r.no AND c.session_id = x.id), 0)
                               -- (unless the desk corrected it by hand: then the desk decided)
                               AND NOT EXISTS (SELECT 1 FROM sel_transfers c
                                               WHERE c.corrects_no = r.no AND c.session_id IS NULL))",
                )
                .await?,
                "shifts whose reservation, end and credited minutes disagree",
            ));
        out.push(Finding::from_count(
                "sel_erased_people_named_nowhere",
                count(
                    pool,
                    "SELECT (SELECT count(*) FROM sel_accounts a JOIN persons p ON p.id = a.person_id
                             WHERE p.erased_at IS NOT NULL AND a.label NOT LIKE 'Personne effacée n° %')
                          + (SELECT count(*) FROM sel_operations o JOIN users u ON u.id = o.author_user_id
                             JOIN persons p ON p.id = u.person_id
                             WHERE p.erased_at IS NOT NULL AND o.author NOT LIKE 'efface-%')",
                )
                .await?,
                "SEL accounts or ledger authors still naming an erased person",
            ));
        Ok(out)
    })
}
