//! The cards just read at the desk's reader that nobody holds, offered on a page with a button
//! each: assigning one to a person (their page), lending one to a hostel guest (the stay's page).
//! Polled by the page every two seconds.

use crate::people;
use crate::web::{Ctx, PageError};
use askama::Template;

/// The cards just read at the desk's reader that nobody holds, each offered with a button that
/// posts it (`card_id`) to `action`: assigning it to a person, lending it to a hostel guest…
#[derive(Debug, Template)]
#[template(path = "people/desk_taps.html")]
pub struct DeskTapsFragment {
    c: Ctx,
    action: String,
    /// The button's words (`{ $card }` in them), and the start of its id (`attribuer-04A1…`).
    button: &'static str,
    id_prefix: &'static str,
    /// (card, read at, kiosk)
    taps: Vec<(String, String, String)>,
}

impl DeskTapsFragment {
    pub async fn load(
        pool: &sqlx::SqlitePool,
        c: Ctx,
        action: String,
        (button, id_prefix): (&'static str, &'static str),
    ) -> Result<DeskTapsFragment, PageError> {
        let taps = people::unknown_desk_taps(pool)
            .await?
            .into_iter()
            .map(|t| {
                let when = c.tr.when_text(Some(&t.read_at), c.tz);
                (t.card_id, when, t.kiosk_label)
            })
            .collect();
        Ok(DeskTapsFragment {
            c,
            action,
            button,
            id_prefix,
            taps,
        })
    }
}
