//! `citeosquare check` (the database's invariants) and `citeosquare backup` (an online copy).

use sqlx::SqlitePool;
use std::path::Path;

/// One invariant and whether it holds.
#[derive(Debug, Clone)]
pub struct Finding {
    pub name: &'static str,
    pub ok: bool,
    pub detail: String,
}

async fn count(pool: &SqlitePool, sql: &'static str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(sql).fetch_one(pool).await
}

fn finding(name: &'static str, bad: i64, what: &str) -> Finding {
    Finding {
        name,
        ok: bad == 0,
        detail: if bad == 0 {
            "ok".into()
        } else {
            format!("{bad} {what}")
        },
    }
}

/// Runs every check; none stops the others.
pub async fn run(pool: &SqlitePool) -> Result<Vec<Finding>, sqlx::Error> {
    let mut out = Vec::new();

    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(pool)
        .await?;
    out.push(Finding {
        name: "sqlite_integrity",
        ok: integrity == ["ok"],
        detail: integrity.join("; "),
    });

    let fk: Vec<(String, Option<i64>, String)> =
        sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
            .fetch_all(pool)
            .await?;
    out.push(Finding {
        name: "foreign_keys",
        ok: fk.is_empty(),
        detail: if fk.is_empty() {
            "ok".into()
        } else {
            fk.iter()
                .take(10)
                .map(|(t, r, p)| format!("{t} row {} → missing {p}", r.unwrap_or(-1)))
                .collect::<Vec<_>>()
                .join("; ")
        },
    });

    let applied: i64 = count(pool, "SELECT count(*) FROM _sqlx_migrations WHERE success").await?;
    let expected = crate::db::MIGRATOR.iter().count() as i64;
    out.push(Finding {
        name: "migrations",
        ok: applied == expected,
        detail: format!("{applied} of {expected} applied"),
    });

    out.push(finding(
        "one_active_holder_per_badge",
        count(
            pool,
            "SELECT count(*) FROM (SELECT card_id FROM badges WHERE revoked_at IS NULL
                                   GROUP BY card_id HAVING count(*) > 1)",
        )
        .await?,
        "card ids held by several people",
    ));
    out.push(finding(
        "recorded_events_name_a_person",
        count(
            pool,
            "SELECT count(*) FROM kiosk_events WHERE result = 'recorded' AND person_id IS NULL",
        )
        .await?,
        "recorded events without a person",
    ));
    out.push(finding(
        "events_match_their_payload",
        count(
            pool,
            "SELECT count(*) FROM kiosk_events
             WHERE json_extract(payload, '$.id') IS NOT id
                OR json_extract(payload, '$.kiosk') IS NOT kiosk_id
                OR json_extract(payload, '$.badge') IS NOT badge
                OR json_extract(payload, '$.seq') IS NOT seq",
        )
        .await?,
        "events whose columns differ from their stored payload",
    ));
    out.push(finding(
        "append_only_triggers_present",
        2 - count(
            pool,
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
             AND name IN ('kiosk_events_append_only_update', 'kiosk_events_append_only_delete')",
        )
        .await?,
        "append-only triggers missing on kiosk_events",
    ));
    out.push(finding(
        "audit_and_logbook_triggers_present",
        7 - count(
            pool,
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
             AND name IN ('audit_log_append_only_insert', 'audit_log_append_only_update',
                          'audit_log_append_only_delete', 'logbook_entries_insert',
                          'logbook_entries_no_delete', 'logbook_entries_locked',
                          'kiosk_events_append_only_insert')",
        )
        .await?,
        "protective triggers missing on audit_log or logbook_entries",
    ));
    out.push(finding(
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
    out.push(finding(
        "space_booking_triggers_present",
        8 - count(
            pool,
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
             AND name IN ('space_bookings_no_overlap_insert', 'space_bookings_no_overlap_update',
                          'space_bookings_capacity_insert', 'space_bookings_capacity_update',
                          'space_bookings_no_delete', 'space_bookings_final_states',
                          'space_bookings_no_replace', 'spaces_one_level_insert')",
        )
        .await?,
        "protective triggers missing on the room bookings",
    ));
    out.push(finding(
        "erased_people_hold_nothing",
        count(
            pool,
            "SELECT (SELECT count(*) FROM badges b JOIN persons p ON p.id = b.person_id
                     WHERE p.erased_at IS NOT NULL AND b.revoked_at IS NULL)
                  + (SELECT count(*) FROM users u JOIN persons p ON p.id = u.person_id
                     WHERE p.erased_at IS NOT NULL AND u.disabled_at IS NULL)
                  + (SELECT count(*) FROM persons WHERE erased_at IS NOT NULL
                     AND (phone IS NOT NULL OR email IS NOT NULL OR accessibility IS NOT NULL))
                  + (SELECT count(*) FROM audit_log a JOIN persons p ON a.entity = 'person'
                     AND a.entity_id = CAST(p.id AS TEXT)
                     WHERE p.erased_at IS NOT NULL AND a.redacted_at IS NULL
                       AND a.action <> 'person.erase')
                  + (SELECT count(*) FROM kiosk_events e JOIN persons p ON p.id = e.person_id
                     WHERE p.erased_at IS NOT NULL AND e.display_redacted_at IS NULL)
                  + (SELECT count(*) FROM sel_accounts a JOIN persons p ON p.id = a.person_id
                     WHERE p.erased_at IS NOT NULL AND a.label NOT LIKE 'Personne effacée n° %')
                  + (SELECT count(*) FROM sel_operations o JOIN users u ON u.id = o.author_user_id
                     JOIN persons p ON p.id = u.person_id
                     WHERE p.erased_at IS NOT NULL AND o.author NOT LIKE 'efface-%')",
        )
        .await?,
        "active badges, accounts, contact data, audit details, kiosk greetings or SEL names left on erased people",
    ));
    // The SEL ledger (DESIGN.md §4 rule 3): zero-sum, and every stored balance equals the one
    // recomputed from the transfers.
    let mut conn = pool.acquire().await?;
    let r = crate::sel::ledger::reconcile(&mut conn).await?;
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
    out.push(finding(
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
    // DESIGN.md §4 rule 2, proved on the stored bookings: no two confirmed bookings hold the
    // same space (or a whole and its half) at once, changeovers included; seats fit.
    out.push(finding(
        "no_double_booking",
        count(
            pool,
            "SELECT (SELECT count(*) FROM space_bookings a JOIN space_bookings b
                       ON b.space_id = a.space_id AND b.state = 'confirmed' AND b.id <> a.id
                      AND b.block_start >= a.block_start AND b.block_start < a.block_end
                    WHERE a.state = 'confirmed' AND NOT (a.shared = 1 AND b.shared = 1))
                  + (SELECT count(*) FROM space_bookings a
                       JOIN spaces h ON h.parent_id = a.space_id
                       JOIN space_bookings b ON b.space_id = h.id AND b.state = 'confirmed'
                      AND b.block_start > a.block_start - 8 * 86400
                      AND b.block_start < a.block_end AND b.block_end > a.block_start
                    WHERE a.state = 'confirmed')
                  + (SELECT count(*) FROM space_bookings a
                    WHERE a.state = 'confirmed' AND a.shared = 1
                      AND (SELECT sum(c.seats) FROM space_bookings c
                           WHERE c.state = 'confirmed' AND c.shared = 1 AND c.space_id = a.space_id
                             AND c.block_start > a.block_start - 8 * 86400
                             AND c.block_start <= a.block_start AND c.block_end > a.block_start)
                          > a.capacity)",
        )
        .await?,
        "bookings that overlap another confirmed booking of the same room, or exceed its seats",
    ));
    out.push(finding(
        "no_session_of_a_disabled_account",
        count(
            pool,
            "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE u.disabled_at IS NOT NULL",
        )
        .await?,
        "sessions left open for disabled accounts",
    ));
    Ok(out)
}

/// Copies the database to `to` while the server keeps writing: `VACUUM INTO` reads one consistent
/// snapshot. Refuses to overwrite an existing file. Returns the copy's size in bytes.
pub async fn backup(pool: &SqlitePool, to: &Path) -> anyhow::Result<u64> {
    if to.exists() {
        anyhow::bail!(
            "{} existe déjà ; choisissez un autre nom de fichier",
            to.display()
        );
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let target = to
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("chemin de sauvegarde non UTF-8"))?;
    sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(pool)
        .await?;
    // Prove the copy opens and is sound before calling it a backup, without writing to it.
    let integrity: String = {
        use sqlx::ConnectOptions;
        let mut copy = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(to)
            .read_only(true)
            .connect()
            .await?;
        sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut copy)
            .await?
    };
    if integrity != "ok" {
        anyhow::bail!("la copie est corrompue : {integrity}");
    }
    Ok(std::fs::metadata(to)?.len())
}
