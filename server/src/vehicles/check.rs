//! The shared vehicles' invariants for `citeosquare check`: the booking triggers in place, no two
//! bookings holding a vehicle at once (buffers included), no key out twice for one vehicle, each
//! trip's SEL credit equal to what the ledger holds.

use crate::web::domain::{Finding, Fut, count};
use sqlx::SqlitePool;

pub fn run(pool: &SqlitePool) -> Fut<'_, Result<Vec<Finding>, sqlx::Error>> {
    Box::pin(async move {
        Ok(vec![
            Finding::from_count(
                "vehicle_booking_triggers_present",
                7 - count(
                    pool,
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
                     AND name IN ('vehicle_bookings_no_overlap_insert', 'vehicle_bookings_no_overlap_update',
                                  'vehicle_bookings_workshop_insert', 'vehicle_bookings_workshop_update',
                                  'vehicle_bookings_no_delete', 'vehicle_bookings_states',
                                  'vehicle_bookings_no_replace')",
                )
                .await?,
                "protective triggers missing on the vehicle bookings",
            ),
            Finding::from_count(
                "no_vehicle_double_booking",
                count(
                    pool,
                    "SELECT count(*) FROM vehicle_bookings a JOIN vehicle_bookings b
                       ON b.vehicle_id = a.vehicle_id AND b.state <> 'cancelled' AND b.id <> a.id
                      AND b.block_start >= a.block_start AND b.block_start < a.block_end
                     WHERE a.state <> 'cancelled'",
                )
                .await?,
                "pairs of bookings holding one vehicle at once",
            ),
            Finding::from_count(
                "one_key_out_per_vehicle",
                count(
                    pool,
                    "SELECT count(*) FROM (SELECT vehicle_id FROM vehicle_bookings
                     WHERE state = 'out' GROUP BY vehicle_id HAVING count(*) > 1)",
                )
                .await?,
                "vehicles out twice at once",
            ),
            // Each trip done credited its volunteer exactly what it says, through the ledger.
            Finding::from_count(
                "vehicle_trip_credits_match_ledger",
                count(
                    pool,
                    "SELECT count(*) FROM vehicle_trips t
                     WHERE t.credited_minutes <> coalesce((
                         SELECT sum(CASE x.kind WHEN 'shift' THEN x.amount
                                                WHEN 'correction' THEN -x.amount ELSE 0 END)
                         FROM sel_transfers x
                         WHERE x.operation_id LIKE 'sys:vehicle-trip-' || t.id || '-%'), 0)",
                )
                .await?,
                "trips whose volunteer's SEL credit differs from the ledger",
            ),
        ])
    })
}
