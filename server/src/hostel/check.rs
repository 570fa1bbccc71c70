//! The hostel's invariants for `citeosquare check`: the protective triggers and index in place, no
//! bed-night held twice, no night held by a stay that does not hold or outside its dates, no night
//! held on a bed out of order, no police form kept beyond its six months; the folio's and the
//! night audit's guards in place, no guest gone with a folio not settled, no guest badge working
//! beyond its stay.

use crate::web::domain::{Finding, Fut, count};
use sqlx::SqlitePool;

pub fn run(pool: &SqlitePool) -> Fut<'_, Result<Vec<Finding>, sqlx::Error>> {
    Box::pin(async move {
        Ok(vec![
            Finding::from_count(
                "hostel_triggers_present",
                10 - count(
                    pool,
                    "SELECT count(*) FROM sqlite_master
                     WHERE (type = 'trigger' AND name IN ('hostel_nights_insert', 'hostel_nights_fixed',
                              'hostel_nights_released', 'hostel_nights_no_delete',
                              'hostel_stays_no_delete', 'hostel_stays_status', 'hostel_stays_release',
                              'hostel_stays_dates', 'hostel_stays_closed'))
                        OR (type = 'index' AND name = 'hostel_nights_held')",
                )
                .await?,
                "protective triggers or the unique index missing on the hostel's nights",
            ),
            Finding::from_count(
                "no_hostel_bed_night_held_twice",
                count(
                    pool,
                    "SELECT count(*) FROM (SELECT bed_id, night FROM hostel_nights
                     WHERE released_at IS NULL GROUP BY bed_id, night HAVING count(*) > 1)",
                )
                .await?,
                "bed-nights held by two stays",
            ),
            Finding::from_count(
                "hostel_nights_inside_holding_stays",
                count(
                    pool,
                    "SELECT count(*) FROM hostel_nights n JOIN hostel_stays s ON s.id = n.stay_id
                     WHERE n.released_at IS NULL
                       AND (s.status NOT IN ('confirmed', 'checked_in', 'checked_out')
                            OR n.night < s.arrival OR n.night >= s.departure)",
                )
                .await?,
                "nights held by a stay that does not hold them",
            ),
            Finding::from_count(
                "no_hostel_night_on_a_closed_bed",
                count(
                    pool,
                    "SELECT count(*) FROM hostel_nights n JOIN hostel_beds b ON b.id = n.bed_id
                       JOIN hostel_closures c ON c.room_id = b.room_id AND c.lifted_at IS NULL
                        AND (c.bed_id IS NULL OR c.bed_id = b.id)
                        AND n.night BETWEEN c.first_night AND c.last_night
                     WHERE n.released_at IS NULL",
                )
                .await?,
                "nights held on a bed out of order",
            ),
            Finding::from_count(
                "hostel_folio_triggers_present",
                6 - count(
                    pool,
                    "SELECT count(*) FROM sqlite_master
                     WHERE (type = 'trigger' AND name IN ('hostel_folio_lines_fixed',
                              'hostel_folio_lines_label', 'hostel_folio_lines_no_delete',
                              'hostel_audits_fixed', 'hostel_audits_no_delete'))
                        OR (type = 'index' AND name = 'hostel_folio_posted')",
                )
                .await?,
                "the folio's or the night audit's guards missing",
            ),
            Finding::from_count(
                "hostel_departed_folios_settled",
                count(
                    pool,
                    "SELECT count(*) FROM hostel_stays s
                     WHERE s.status = 'checked_out'
                       AND coalesce((SELECT sum(amount_cents) FROM hostel_folio_lines l
                                     WHERE l.stay_id = s.id), 0) <> 0",
                )
                .await?,
                "guests gone with a folio not settled",
            ),
            Finding::from_count(
                "hostel_guest_badges_end_with_the_stay",
                count(
                    pool,
                    "SELECT (4 - (SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
                                  AND name IN ('badges_guest_term', 'hostel_guest_badges_insert',
                                               'hostel_guest_badges_departure',
                                               'hostel_guest_badges_end')))
                          + (SELECT count(*) FROM hostel_guest_badges g
                               JOIN badges b ON b.id = g.badge_id
                               JOIN hostel_stays s ON s.id = g.stay_id
                             WHERE b.revoked_at IS NULL
                               AND (s.status <> 'checked_in' OR b.kind <> 'guest'
                                    OR b.valid_through IS NOT s.departure))",
                )
                .await?,
                "guest badges working beyond their stay, or their guards missing",
            ),
            Finding::from_count(
                "hostel_police_forms_purged_after_six_months",
                count(
                    pool,
                    "SELECT count(*) FROM hostel_police_forms WHERE purge_on <= date('now')",
                )
                .await?,
                "police forms kept beyond their six months",
            ),
        ])
    })
}
