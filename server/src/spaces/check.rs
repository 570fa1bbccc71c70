//! The chrono'espaces' invariants for `citeosquare check`: the booking triggers in place, and no
//! two confirmed bookings holding a room at once (DESIGN.md §4 rule 2).

use crate::web::domain::{Finding, Fut, count};
use sqlx::SqlitePool;

/// The invariants (a hook of the list of domains).
pub fn run(pool: &SqlitePool) -> Fut<'_, Result<Vec<Finding>, sqlx::Error>> {
    Box::pin(async move {
        let mut out = Vec::new();
        out.push(Finding::from_count(
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
        // DESIGN.md §4 rule 2, proved on the stored bookings: no two confirmed bookings hold the
        // same space (or a whole and its half) at once, changeovers included; seats fit.
        out.push(Finding::from_count(
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
        Ok(out)
    })
}
