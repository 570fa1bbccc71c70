#![allow(clippy::unwrap_used)]

use super::*;

fn d(s: &str) -> NaiveDate {
    date(s).unwrap()
}

#[test]
fn the_first_inspection_is_due_at_the_fourth_anniversary_then_every_two_years() {
    // First registration 15 March 2021: first contrôle technique by 15 March 2025, from
    // 15 September 2024.
    assert_eq!(inspection_due(d("2021-03-15"), None), Some(d("2025-03-15")));
    assert_eq!(
        inspection_window_opens(d("2025-03-15")),
        Some(d("2024-09-15"))
    );
    // Done on 2 January 2025: the next by 2 January 2027.
    assert_eq!(
        inspection_due(d("2021-03-15"), Some(d("2025-01-02"))),
        Some(d("2027-01-02"))
    );
    // Registered on 29 February 2020: the fourth anniversary is 29 February 2024.
    assert_eq!(inspection_due(d("2020-02-29"), None), Some(d("2024-02-29")));
    // Registered on 31 August 2022: by 31 August 2026; window from 28 February 2026.
    assert_eq!(inspection_due(d("2022-08-31"), None), Some(d("2026-08-31")));
    assert_eq!(
        inspection_window_opens(d("2026-08-31")),
        Some(d("2026-02-28"))
    );
    // A "last inspection" before the first registration (a typing error) is ignored.
    assert_eq!(
        inspection_due(d("2022-08-31"), Some(d("2020-01-01"))),
        Some(d("2026-08-31"))
    );
}

#[test]
fn days_read_as_people_say_them() {
    assert_eq!(long_day_fr(d("2026-12-10")), "jeudi 10 décembre");
    assert_eq!(long_day_fr(d("2027-01-01")), "vendredi 1er janvier");
    assert_eq!(long_day_en(d("2026-12-10")), "Thursday 10 December");
}
