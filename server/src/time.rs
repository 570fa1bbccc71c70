//! Local time: instants are stored in UTC; people read and write the site's local time
//! (`Europe/Paris` by default), in French formats. Every domain parses and formats through here.

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, TimeZone, Utc};

/// A stored instant.
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// A stored instant (the epoch for a value that cannot be read, which the schema never holds).
pub fn stored_instant(s: &str) -> DateTime<Utc> {
    parse_instant(s).unwrap_or_default()
}

/// A local date and time as an instant: an hour that happens twice (October) is the first one;
/// an hour that does not exist (March) is read an hour later, as a wall clock would show it.
pub fn resolve_local(tz: chrono_tz::Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => tz
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| local.and_utc()),
    }
}

/// French clock time as people say it: `14 h 05`.
pub fn french_time(at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    at.with_timezone(&tz).format("%H h %M").to_string()
}

/// Minutes as people read them: `12 h 30`, `45 min`, `−1 h 05`.
pub fn hours(minutes: i64) -> String {
    let sign = if minutes < 0 { "−" } else { "" };
    let m = minutes.unsigned_abs();
    match (m / 60, m % 60) {
        (0, r) => format!("{sign}{r} min"),
        (h, 0) => format!("{sign}{h} h"),
        (h, r) => format!("{sign}{h} h {r:02}"),
    }
}

/// The months' French names, January first.
pub const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `jeudi 10 décembre` — a day as a senior reads it, in French.
pub fn long_day_fr(d: chrono::NaiveDate) -> String {
    const DAYS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    format!(
        "{} {} {}",
        DAYS[d.weekday().num_days_from_monday() as usize],
        if d.day() == 1 {
            "1er".to_owned()
        } else {
            d.day().to_string()
        },
        MONTHS_FR[d.month0() as usize]
    )
}

/// `Thursday 10 December`.
pub fn long_day_en(d: chrono::NaiveDate) -> String {
    d.format("%A %-d %B").to_string()
}
