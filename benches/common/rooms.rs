//! The meeting rooms' use the booking benchmarks book: « Réunion », exclusive, 30 minutes to 4
//! hours, no notice, no approval, free, open to residents and associations.

use citeosquare_server::audit::Actor;
use citeosquare_server::spaces::{self, Mode, Use, UseInput};
use sqlx::SqlitePool;

/// Creates the use, with `changeover_after` minutes kept free after each booking.
pub async fn meeting_use(pool: &SqlitePool, actor: &Actor, changeover_after: i64) -> Use {
    spaces::create_use(
        pool,
        actor,
        &UseInput {
            code: "reunion".into(),
            name: "Réunion".into(),
            colour: "#2a7f62".into(),
            mode: Mode::Exclusive.as_str().into(),
            capacity: None,
            open_to_residents: true,
            open_to_associations: true,
            open_to_everyone: false,
            associations: vec![],
            min_minutes: 30,
            max_minutes: 240,
            notice_minutes: 0,
            approval: false,
            price_kind: "free".into(),
            price_per_hour: 0,
            changeover_before: 0,
            changeover_after,
            checkin_grace_minutes: None,
            public_by_default: false,
        },
    )
    .await
    .unwrap()
}
