//! iCalendar feeds ([RFC 5545](https://www.rfc-editor.org/rfc/rfc5545)): one `VCALENDAR` per
//! space, per association or for the public agenda, written with the `icalendar` crate.
//!
//! Times are written as local times of the site's zone (`DTSTART;TZID=Europe/Paris:…`) with a
//! `VTIMEZONE` that describes the zone, so a booking at 19 h stays at 19 h in every client,
//! whatever the client's own zone. The `VTIMEZONE` is derived from `chrono-tz`'s data: the
//! zone's transitions in the years the events span are found, turned into yearly rules
//! (`FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU`), and the rules are checked to predict every one of
//! those transitions. A zone whose changes no yearly rule describes (a zone that changed its
//! rules within the span, or one with more than two changes a year) gets UTC times (`…Z`)
//! instead, which every client places right, only without the zone's name.

use std::ops::RangeInclusive;
use std::process::{Command, Stdio};

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc, Weekday,
};
use chrono_tz::{OffsetName, Tz};
use icalendar::{Calendar, Component, DatePerhapsTime, Event, EventLike, EventStatus, parser};

/// Names this server as the feed's producer (RFC 5545 §3.7.3).
const PRODID: &str = "-//CITEOSQUARE//Chrono-espaces//FR";

/// One event of a feed.
#[derive(Debug, Clone)]
pub struct FeedEvent {
    /// Stable across edits, e.g. `booking-42@citeosquare`.
    pub uid: String,
    /// Bumped on each change, so clients replace their copy.
    pub sequence: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    /// Empty → no `LOCATION`.
    pub location: String,
    /// Empty → no `DESCRIPTION`.
    pub description: String,
    pub status: FeedStatus,
    pub created: DateTime<Utc>,
    /// Written as `LAST-MODIFIED` and `DTSTAMP`.
    pub updated: DateTime<Utc>,
    pub url: Option<String>,
}

/// `STATUS` of an event (RFC 5545 §3.8.1.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedStatus {
    Confirmed,
    Tentative,
    Cancelled,
}

impl From<FeedStatus> for EventStatus {
    fn from(status: FeedStatus) -> EventStatus {
        match status {
            FeedStatus::Confirmed => EventStatus::Confirmed,
            FeedStatus::Tentative => EventStatus::Tentative,
            FeedStatus::Cancelled => EventStatus::Cancelled,
        }
    }
}

/// A whole `VCALENDAR`: `PRODID`, `VERSION:2.0`, `CALSCALE:GREGORIAN`, `METHOD:PUBLISH`,
/// `X-WR-CALNAME` = `name`, `X-WR-TIMEZONE` = the zone's name, a `VTIMEZONE` for
/// `tz`, then one `VEVENT` per event; CRLF line endings, lines folded at 75 octets, text
/// escaped by the crate.
///
/// Start and end are local times with `TZID` (see the module's documentation for the zones
/// that fall back to UTC). An empty feed has no `VTIMEZONE`, since no time refers to it.
pub fn render(name: &str, tz: Tz, events: &[FeedEvent]) -> String {
    let zone = years_of(tz, events).and_then(|years| observances(tz, years));

    let mut calendar = Calendar::empty();
    calendar
        .append_property(("PRODID", PRODID))
        .append_property(("VERSION", "2.0"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"))
        // Not `Calendar::name`: it also writes RFC 7986's NAME, which the crate does not know
        // as text and so leaves unescaped; X-WR-CALNAME is what clients read.
        .append_property(("X-WR-CALNAME", name))
        .timezone(tz);
    for e in events {
        let mut event = Event::new();
        event
            .uid(&e.uid)
            .sequence(u32::try_from(e.sequence.max(0)).unwrap_or(u32::MAX))
            .timestamp(e.updated)
            .created(e.created)
            .last_modified(e.updated)
            .summary(&e.summary)
            .status(e.status.into());
        match zone {
            Some(_) => event.starts(local(tz, e.start)).ends(local(tz, e.end)),
            None => event.starts(e.start).ends(e.end),
        };
        if !e.location.is_empty() {
            event.location(&e.location);
        }
        if !e.description.is_empty() {
            event.description(&e.description);
        }
        if let Some(url) = &e.url {
            event.url(url);
        }
        calendar.push(event.done());
    }
    let mut feed = calendar.to_string();

    if let Some(observances) = zone {
        // The crate's builder adds a DTSTAMP and a random UID to every component it writes,
        // which RFC 5545 §3.6.5 does not allow in a VTIMEZONE (and which would change the feed
        // at each request); its parser-side types write exactly what they hold, so the
        // VTIMEZONE is written with those and placed before the first event.
        let vtimezone = write_vtimezone(tz, &observances);
        let at = feed
            .find("\r\nBEGIN:VEVENT\r\n")
            .map(|i| i + 2)
            .or_else(|| feed.rfind("END:VCALENDAR"))
            .unwrap_or(feed.len());
        feed.insert_str(at, &vtimezone);
    }
    feed
}

/// `instant` as a local time of `tz` with `TZID`, except in the hour repeated when clocks go
/// back: there a local time names two instants, and readers disagree on which (RFC 5545
/// §3.3.5 says the first, pytz-based readers take the second), so it is written in UTC.
fn local(tz: Tz, instant: DateTime<Utc>) -> DatePerhapsTime {
    let naive = instant.with_timezone(&tz).naive_local();
    match tz.from_local_datetime(&naive) {
        LocalResult::Ambiguous(..) => instant.into(),
        _ => (naive, tz).into(),
    }
}

/// The years, in `tz`, from the earliest start to the latest end; `None` without events.
fn years_of(tz: Tz, events: &[FeedEvent]) -> Option<RangeInclusive<i32>> {
    let first = events.iter().map(|e| e.start.min(e.end)).min()?;
    let last = events.iter().map(|e| e.start.max(e.end)).max()?;
    Some(first.with_timezone(&tz).year()..=last.with_timezone(&tz).year())
}

/// A `STANDARD` or `DAYLIGHT` sub-component of a `VTIMEZONE` (RFC 5545 §3.6.5).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observance {
    daylight: bool,
    /// Seconds east of UTC before and after the onset.
    from: i32,
    to: i32,
    name: Option<String>,
    /// The first onset: in 1970, as most producers write it.
    dtstart: NaiveDateTime,
    /// `None` for a zone without changes: one `STANDARD` from 1970.
    rule: Option<YearlyRule>,
}

/// "The `ordinal`th `weekday` of `month`, at `time` (local, before the change)"; ordinal -1 is
/// the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct YearlyRule {
    month: u32,
    ordinal: i8,
    weekday: Weekday,
    time: NaiveTime,
}

impl YearlyRule {
    /// The local date-time of the change in `year`.
    fn onset_in(&self, year: i32) -> Option<NaiveDateTime> {
        let date = if self.ordinal > 0 {
            NaiveDate::from_weekday_of_month_opt(
                year,
                self.month,
                self.weekday,
                self.ordinal.unsigned_abs(),
            )?
        } else {
            let next_month = if self.month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(year, self.month + 1, 1)?
            };
            let last_day = next_month.pred_opt()?;
            let back = (7 + last_day.weekday().num_days_from_monday()
                - self.weekday.num_days_from_monday())
                % 7;
            last_day - Duration::days(i64::from(back))
        };
        Some(date.and_time(self.time))
    }

    /// `FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU`.
    fn rrule(&self) -> String {
        let day = match self.weekday {
            Weekday::Mon => "MO",
            Weekday::Tue => "TU",
            Weekday::Wed => "WE",
            Weekday::Thu => "TH",
            Weekday::Fri => "FR",
            Weekday::Sat => "SA",
            Weekday::Sun => "SU",
        };
        format!(
            "FREQ=YEARLY;BYMONTH={};BYDAY={}{day}",
            self.month, self.ordinal
        )
    }
}

/// A change of offset: the instant, and the local onset, offsets and name it brings.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    onset: NaiveDateTime,
    from: i32,
    to: i32,
    name: Option<String>,
}

/// The offset of `tz` at `instant`, in seconds east of UTC.
fn offset_at(tz: Tz, instant: DateTime<Utc>) -> i32 {
    tz.offset_from_utc_datetime(&instant.naive_utc())
        .fix()
        .local_minus_utc()
}

/// The changes of offset of `tz` during `year` (UTC), found day by day then to the second.
fn transitions_in(tz: Tz, year: i32) -> Vec<Transition> {
    let (Some(mut t), Some(end)) = (
        Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).single(),
        Utc.with_ymd_and_hms(year + 1, 1, 1, 0, 0, 0).single(),
    ) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    while t < end {
        let next = (t + Duration::days(1)).min(end);
        let from = offset_at(tz, t);
        if offset_at(tz, next) != from {
            let (mut before, mut after) = (t, next);
            while after - before > Duration::seconds(1) {
                let middle = before + (after - before) / 2;
                if offset_at(tz, middle) == from {
                    before = middle;
                } else {
                    after = middle;
                }
            }
            let offset = tz.offset_from_utc_datetime(&after.naive_utc());
            found.push(Transition {
                onset: after.naive_utc() + Duration::seconds(i64::from(from)),
                from,
                to: offset.fix().local_minus_utc(),
                name: offset.abbreviation().map(str::to_owned),
            });
        }
        t = next;
    }
    found
}

/// The `VTIMEZONE`'s observances for `tz`, checked against every change in `years`; `None`
/// when yearly rules do not describe them.
fn observances(tz: Tz, years: RangeInclusive<i32>) -> Option<Vec<Observance>> {
    let first_year = *years.start();
    let reference = transitions_in(tz, first_year);
    if reference.is_empty() {
        let jan_first = Utc.with_ymd_and_hms(first_year, 1, 1, 0, 0, 0).single()?;
        let offset = offset_at(tz, jan_first);
        let unchanged = years.clone().all(|year| {
            transitions_in(tz, year).is_empty()
                && Utc
                    .with_ymd_and_hms(year, 1, 1, 0, 0, 0)
                    .single()
                    .is_some_and(|t| offset_at(tz, t) == offset)
        });
        let name = tz
            .offset_from_utc_datetime(&jan_first.naive_utc())
            .abbreviation()
            .map(str::to_owned);
        let dtstart = NaiveDate::from_ymd_opt(1970, 1, 1)?.and_time(NaiveTime::MIN);
        return unchanged.then(|| {
            vec![Observance {
                daylight: false,
                from: offset,
                to: offset,
                name,
                dtstart,
                rule: None,
            }]
        });
    }
    if reference.len() != 2 {
        return None;
    }
    let every_year: Vec<Vec<Transition>> = years.map(|year| transitions_in(tz, year)).collect();
    if every_year.iter().any(|changes| changes.len() != 2) {
        return None;
    }

    let mut found = Vec::with_capacity(2);
    for change in &reference {
        let date = change.onset.date();
        let last_of_month = (date + Duration::days(7)).month() != date.month();
        let nth = i8::try_from(date.day0() / 7 + 1).ok()?;
        // "Last Sunday" first: it is how most zones (the EU's among them) state their rules.
        let candidates = [last_of_month.then_some(-1), Some(nth).filter(|&n| n <= 4)];
        let rule = candidates.into_iter().flatten().find_map(|ordinal| {
            let rule = YearlyRule {
                month: date.month(),
                ordinal,
                weekday: date.weekday(),
                time: change.onset.time(),
            };
            let predicts_all = every_year.iter().zip(first_year..).all(|(changes, year)| {
                changes.iter().any(|c| {
                    Some(c.onset) == rule.onset_in(year)
                        && c.from == change.from
                        && c.to == change.to
                        && c.name == change.name
                })
            });
            predicts_all.then_some(rule)
        })?;
        found.push(Observance {
            daylight: change.to > change.from,
            from: change.from,
            to: change.to,
            name: change.name.clone(),
            dtstart: rule.onset_in(1970)?,
            rule: Some(rule),
        });
    }
    if found.iter().filter(|o| o.daylight).count() != 1 {
        return None;
    }
    found.sort_by_key(|o| o.daylight);
    Some(found)
}

/// The `VTIMEZONE` block, CRLF lines folded by the crate, for `TZID` = the zone's name.
fn write_vtimezone(tz: Tz, observances: &[Observance]) -> String {
    let property = |name: &str, value: String| parser::Property {
        name: name.to_owned().into(),
        val: value.into(),
        params: Vec::new(),
    };
    let components = observances
        .iter()
        .map(|o| {
            let mut properties = vec![
                property("DTSTART", o.dtstart.format("%Y%m%dT%H%M%S").to_string()),
                property("TZOFFSETFROM", utc_offset(o.from)),
                property("TZOFFSETTO", utc_offset(o.to)),
            ];
            if let Some(name) = &o.name {
                properties.push(property("TZNAME", name.clone()));
            }
            if let Some(rule) = &o.rule {
                properties.push(property("RRULE", rule.rrule()));
            }
            let kind = if o.daylight { "DAYLIGHT" } else { "STANDARD" };
            parser::Component {
                name: kind.to_owned().into(),
                properties,
                components: Vec::new(),
            }
        })
        .collect();
    let vtimezone = parser::Component {
        name: "VTIMEZONE".to_owned().into(),
        properties: vec![property("TZID", tz.name().to_owned())],
        components,
    };
    // The parser's types only write whole calendars: the wrapper's first and last lines go.
    let wrapped = parser::Calendar {
        properties: Vec::new(),
        components: vec![vtimezone],
    }
    .to_string();
    wrapped
        .strip_prefix("BEGIN:VCALENDAR\r\n")
        .and_then(|inner| inner.strip_suffix("END:VCALENDAR\r\n"))
        .unwrap_or_default()
        .to_owned()
}

/// A UTC-OFFSET value (RFC 5545 §3.3.14): `+0100`, `-0330`, seconds only when there are some.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.unsigned_abs();
    let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if rest == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{rest:02}")
    }
}

/// Reads `feed` with Python's `icalendar` (an independent parser, the one many calendar tools
/// use) and returns one line per `VEVENT`: `uid|sequence|status|dtstart|summary`, `dtstart` in
/// ISO 8601 with its offset (`2026-07-01T19:00:00+02:00`), newlines in the summary as `\n`.
/// Each `TZID` time is also placed through the feed's own `VTIMEZONE` rules, which must agree
/// with the zone database's.
///
/// `Ok(None)` (with a loud line on stderr) when no Python with `icalendar` is installed,
/// unless `CITEOSQUARE_REQUIRE_ICALENDAR=1` (as in CI), where that is an error. The Python
/// tried is `$CITEOSQUARE_PYTHON`, else `python3` then `/usr/bin/python3` (where Debian's
/// `python3-icalendar` lives when another `python3` comes first on the `PATH`).
#[doc(hidden)]
pub fn parse_with_python(feed: &str) -> Result<Option<String>, String> {
    use std::io::Write as _;

    let pythons = match std::env::var("CITEOSQUARE_PYTHON") {
        Ok(python) => vec![python],
        Err(_) => vec!["python3".to_owned(), "/usr/bin/python3".to_owned()],
    };
    for python in &pythons {
        let Ok(mut child) = Command::new(python)
            .args(["-c", PYTHON_CHECK])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
        else {
            continue;
        };
        if let Some(mut stdin) = child.stdin.take()
            && let Err(e) = stdin.write_all(feed.as_bytes())
            // A Python without icalendar exits before reading: its exit code says so below.
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            return Err(format!("{python}: writing the feed: {e}"));
        }
        let output = child
            .wait_with_output()
            .map_err(|e| format!("{python}: {e}"))?;
        match output.status.code() {
            Some(0) => return Ok(Some(String::from_utf8_lossy(&output.stdout).into_owned())),
            Some(PYTHON_NO_ICALENDAR) => continue,
            _ => {
                return Err(format!(
                    "{python} could not read the feed: {}",
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
        }
    }
    if std::env::var("CITEOSQUARE_REQUIRE_ICALENDAR").as_deref() == Ok("1") {
        return Err(format!(
            "Python's icalendar is required (CITEOSQUARE_REQUIRE_ICALENDAR=1) but none of \
             {pythons:?} can import it (apt-get install python3-icalendar)"
        ));
    }
    eprintln!(
        "SKIPPED: Python's icalendar is not installed (apt-get install python3-icalendar); \
         the feed was not checked by an independent parser"
    );
    Ok(None)
}

/// The exit code of [`PYTHON_CHECK`] when this Python has no `icalendar` module.
const PYTHON_NO_ICALENDAR: i32 = 3;

/// Reads a feed on stdin; see [`parse_with_python`]. Written for icalendar 4 (Debian 12) to 6.
const PYTHON_CHECK: &str = r#"
import sys
try:
    import icalendar
except ImportError:
    sys.exit(3)

cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
zones = {}
for vtimezone in cal.walk('VTIMEZONE'):
    try:
        zone = vtimezone.to_tz(lookup_tzid=False)
    except TypeError:
        zone = vtimezone.to_tz()
    zones[str(vtimezone['TZID'])] = zone

for event in cal.walk('VEVENT'):
    for key in ('DTSTART', 'DTEND'):
        prop = event[key]
        tzid = prop.params.get('TZID')
        if tzid is None:
            continue
        if tzid not in zones:
            sys.exit('%s %s: TZID %s has no VTIMEZONE' % (event['UID'], key, tzid))
        naive = prop.dt.replace(tzinfo=None)
        zone = zones[tzid]
        placed = zone.localize(naive) if hasattr(zone, 'localize') else naive.replace(tzinfo=zone)
        if placed.utcoffset() != prop.dt.utcoffset():
            sys.exit('%s %s: the VTIMEZONE gives %s, the zone database %s'
                     % (event['UID'], key, placed.isoformat(), prop.dt.isoformat()))
    print('|'.join([
        str(event['UID']),
        str(event.get('SEQUENCE', '')),
        str(event.get('STATUS', '')),
        event.decoded('DTSTART').isoformat(),
        str(event.get('SUMMARY', '')).replace('\n', '\\n'),
    ]))
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    use chrono_tz::{America, Asia, Australia, Europe};

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339)
            .expect("a valid date")
            .with_timezone(&Utc)
    }

    fn event(uid: &str, start: &str, end: &str) -> FeedEvent {
        FeedEvent {
            uid: uid.to_owned(),
            sequence: 0,
            start: at(start),
            end: at(end),
            summary: "Réservation".to_owned(),
            location: "Grande salle".to_owned(),
            description: String::new(),
            status: FeedStatus::Confirmed,
            created: at("2026-01-10T09:00:00Z"),
            updated: at("2026-01-12T10:30:00Z"),
            url: None,
        }
    }

    const SUMMER_SUMMARY: &str = "Répétition de l'Harmonie, « Les Tilleuls »; entrée libre";
    const SUMMER_DESCRIPTION: &str =
        "Apportez vos pupitres, merci ;\nclé au secrétariat : C:\\salles\\grande";

    /// A summer booking, a winter one and a cancelled one on the day clocks go forward.
    fn three_events() -> Vec<FeedEvent> {
        let summer = FeedEvent {
            sequence: 2,
            summary: SUMMER_SUMMARY.to_owned(),
            location: "Grande salle, 2e étage".to_owned(),
            description: SUMMER_DESCRIPTION.to_owned(),
            url: Some("https://citeosquare.example/espaces/reservations/1".to_owned()),
            ..event(
                "booking-1@citeosquare",
                "2026-07-01T17:00:00Z",
                "2026-07-01T19:00:00Z",
            )
        };
        let winter = FeedEvent {
            sequence: 0,
            summary: "Atelier vélo : réparations, pièces; café".to_owned(),
            status: FeedStatus::Tentative,
            ..event(
                "booking-2@citeosquare",
                "2026-12-01T18:00:00Z",
                "2026-12-01T20:30:00Z",
            )
        };
        let cancelled = FeedEvent {
            sequence: 5,
            summary: "Assemblée générale de l'AMAP".to_owned(),
            status: FeedStatus::Cancelled,
            ..event(
                "booking-3@citeosquare",
                "2026-03-29T08:00:00Z",
                "2026-03-29T10:00:00Z",
            )
        };
        vec![summer, winter, cancelled]
    }

    const PARIS_VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\n\
        TZID:Europe/Paris\r\n\
        BEGIN:STANDARD\r\n\
        DTSTART:19701025T030000\r\n\
        TZOFFSETFROM:+0200\r\n\
        TZOFFSETTO:+0100\r\n\
        TZNAME:CET\r\n\
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
        END:STANDARD\r\n\
        BEGIN:DAYLIGHT\r\n\
        DTSTART:19700329T020000\r\n\
        TZOFFSETFROM:+0100\r\n\
        TZOFFSETTO:+0200\r\n\
        TZNAME:CEST\r\n\
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
        END:DAYLIGHT\r\n\
        END:VTIMEZONE\r\n";

    /// A parsed event's `key` property as `TZID:value`, or `value` without a `TZID`.
    fn time_of(event: &Event, key: &str) -> String {
        let property = event.properties().get(key).expect("the property");
        match property.params().get("TZID") {
            Some(tzid) => format!("{}:{}", tzid.value(), property.value()),
            None => property.value().to_owned(),
        }
    }

    fn parsed_events(feed: &str) -> Vec<Event> {
        let calendar = Calendar::from_str(feed).expect("the crate's parser reads the feed");
        calendar.events().cloned().collect()
    }

    #[test]
    fn a_feed_reads_back_with_its_uids_sequences_statuses_texts_and_local_times() {
        let events = three_events();
        let feed = render("Grande salle, « Chrono'espace »", Europe::Paris, &events);

        let calendar = Calendar::from_str(&feed).expect("the crate's parser reads the feed");
        assert_eq!(calendar.get_name(), Some("Grande salle, « Chrono'espace »"));
        assert_eq!(calendar.get_timezone(), Some("Europe/Paris"));
        assert_eq!(calendar.property_value("METHOD"), Some("PUBLISH"));
        assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
        assert_eq!(calendar.property_value("CALSCALE"), Some("GREGORIAN"));
        assert_eq!(calendar.property_value("PRODID"), Some(PRODID));

        let parsed = parsed_events(&feed);
        assert_eq!(parsed.len(), 3);
        let (summer, winter, cancelled) = (&parsed[0], &parsed[1], &parsed[2]);

        assert_eq!(summer.get_uid(), Some("booking-1@citeosquare"));
        assert_eq!(summer.get_sequence(), Some(2));
        assert_eq!(summer.get_status(), Some(EventStatus::Confirmed));
        assert_eq!(summer.get_summary(), Some(SUMMER_SUMMARY));
        assert_eq!(summer.get_description(), Some(SUMMER_DESCRIPTION));
        assert_eq!(summer.get_location(), Some("Grande salle, 2e étage"));
        assert_eq!(
            summer.get_url(),
            Some("https://citeosquare.example/espaces/reservations/1")
        );
        assert_eq!(time_of(summer, "DTSTART"), "Europe/Paris:20260701T190000");
        assert_eq!(time_of(summer, "DTEND"), "Europe/Paris:20260701T210000");
        assert_eq!(summer.get_created(), Some(at("2026-01-10T09:00:00Z")));
        assert_eq!(summer.get_last_modified(), Some(at("2026-01-12T10:30:00Z")));
        assert_eq!(summer.get_timestamp(), Some(at("2026-01-12T10:30:00Z")));

        assert_eq!(winter.get_uid(), Some("booking-2@citeosquare"));
        assert_eq!(winter.get_sequence(), Some(0));
        assert_eq!(winter.get_status(), Some(EventStatus::Tentative));
        assert_eq!(
            winter.get_summary(),
            Some("Atelier vélo : réparations, pièces; café")
        );
        assert_eq!(
            winter.get_description(),
            None,
            "an empty description is left out"
        );
        assert_eq!(time_of(winter, "DTSTART"), "Europe/Paris:20261201T190000");

        assert_eq!(cancelled.get_uid(), Some("booking-3@citeosquare"));
        assert_eq!(cancelled.get_sequence(), Some(5));
        assert_eq!(cancelled.get_status(), Some(EventStatus::Cancelled));
        assert_eq!(
            time_of(cancelled, "DTSTART"),
            "Europe/Paris:20260329T100000"
        );

        // Each local time names the instant it came from.
        for (parsed, original) in parsed.iter().zip(&events) {
            let Some(DatePerhapsTime::DateTime(start)) = parsed.get_start() else {
                panic!("a date-time start");
            };
            assert_eq!(start.try_into_utc(), Some(original.start));
        }
    }

    #[test]
    fn the_feed_describes_europe_paris_with_yearly_rules_before_the_events() {
        let feed = render("Grande salle", Europe::Paris, &three_events());
        assert!(feed.contains(PARIS_VTIMEZONE), "{feed}");
        let vtimezone = feed.find("BEGIN:VTIMEZONE").expect("a VTIMEZONE");
        let first_event = feed.find("BEGIN:VEVENT").expect("an event");
        assert!(vtimezone < first_event);
        assert_eq!(feed.matches("BEGIN:VTIMEZONE").count(), 1);

        // The crate's parser sees it as a component of the calendar, with its two observances.
        let unfolded = parser::unfold(&feed);
        let calendar = parser::read_calendar(&unfolded).expect("the feed parses");
        let vtimezone = calendar
            .components
            .iter()
            .find(|c| c.name == "VTIMEZONE")
            .expect("a VTIMEZONE component");
        assert_eq!(
            vtimezone.find_prop("TZID").map(|p| p.val.as_str()),
            Some("Europe/Paris")
        );
        let kinds: Vec<&str> = vtimezone
            .components
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(kinds, ["STANDARD", "DAYLIGHT"]);
    }

    #[test]
    fn the_feed_is_crlf_folded_and_the_same_at_every_request() {
        let mut events = three_events();
        events[0].description = "Une très longue description, avec des accents — é, è, à, ç, œ — \
            et des virgules, pour que la ligne soit pliée au milieu d'un caractère accentué; \
            encore une fois : éééééééééééééééééééééééééééééééééééé."
            .to_owned();
        let feed = render("Grande salle", Europe::Paris, &events);
        assert_eq!(feed, render("Grande salle", Europe::Paris, &events));

        assert!(feed.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(feed.ends_with("END:VCALENDAR\r\n"));
        assert!(!feed.replace("\r\n", "").contains('\n'), "no bare LF");
        assert!(feed.contains("\r\n "), "long lines are folded");
        for line in feed.split("\r\n") {
            assert!(line.len() <= 75, "a line over 75 octets: {line}");
        }
        assert_eq!(
            parsed_events(&feed)[0].get_description(),
            Some(events[0].description.as_str())
        );
    }

    #[test]
    fn text_is_escaped_on_the_wire() {
        let feed = render("Salle; « A, B »", Europe::Paris, &three_events());
        let unfolded = feed.replace("\r\n ", "");
        assert!(
            unfolded.contains(
                "SUMMARY:Répétition de l'Harmonie\\, « Les Tilleuls »\\; entrée libre\r\n"
            ),
            "{unfolded}"
        );
        assert!(unfolded.contains(
            "DESCRIPTION:Apportez vos pupitres\\, merci \\;\\nclé au secrétariat : \
             C:\\\\salles\\\\grande\r\n"
        ));
        assert!(unfolded.contains("X-WR-CALNAME:Salle\\; « A\\, B »\r\n"));
        assert!(unfolded.contains("STATUS:CANCELLED\r\n"));
        assert!(unfolded.contains("STATUS:TENTATIVE\r\n"));
        assert!(unfolded.contains("SEQUENCE:5\r\n"));
    }

    #[test]
    fn both_passes_of_the_hour_repeated_in_autumn_are_written_in_utc() {
        let events = [
            // 02:30 CEST then 02:30 CET: a local time would name either.
            event(
                "first@citeosquare",
                "2026-10-25T00:30:00Z",
                "2026-10-25T04:00:00Z",
            ),
            event(
                "second@citeosquare",
                "2026-10-25T01:30:00Z",
                "2026-10-25T04:00:00Z",
            ),
            // The hour before and after are local times again.
            event(
                "before@citeosquare",
                "2026-10-24T23:59:59Z",
                "2026-10-25T02:00:00Z",
            ),
        ];
        let parsed = parsed_events(&render("Nuit", Europe::Paris, &events));
        assert_eq!(time_of(&parsed[0], "DTSTART"), "20261025T003000Z");
        assert_eq!(time_of(&parsed[1], "DTSTART"), "20261025T013000Z");
        assert_eq!(time_of(&parsed[1], "DTEND"), "Europe/Paris:20261025T050000");
        assert_eq!(
            time_of(&parsed[2], "DTSTART"),
            "Europe/Paris:20261025T015959"
        );
        assert_eq!(time_of(&parsed[2], "DTEND"), "Europe/Paris:20261025T030000");
    }

    #[test]
    fn other_zones_get_their_own_rules() {
        let one = |start: &str, end: &str| [event("x@citeosquare", start, end)];

        let new_york = render(
            "NY",
            America::New_York,
            &one("2026-07-01T17:00:00Z", "2026-07-01T18:00:00Z"),
        );
        assert!(new_york.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"));
        assert!(new_york.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n"));
        assert!(new_york.contains("TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\n"));
        assert!(new_york.contains("DTSTART;TZID=America/New_York:20260701T130000\r\n"));

        // Southern hemisphere: summer time starts in October.
        let sydney = render(
            "Sydney",
            Australia::Sydney,
            &one("2026-01-15T09:00:00Z", "2026-01-15T10:00:00Z"),
        );
        assert!(sydney.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:19701004T020000\r\nTZOFFSETFROM:+1000\r\n\
             TZOFFSETTO:+1100\r\nTZNAME:AEDT\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU\r\n"
        ));
        assert!(sydney.contains("RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU\r\n"));
        assert!(sydney.contains("DTSTART;TZID=Australia/Sydney:20260115T200000\r\n"));

        // No summer time: one STANDARD without a rule.
        let tokyo = render(
            "Tokyo",
            Asia::Tokyo,
            &one("2026-07-01T10:00:00Z", "2026-07-01T11:00:00Z"),
        );
        assert!(tokyo.contains(
            "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\n\
             TZOFFSETTO:+0900\r\nTZNAME:JST\r\nEND:STANDARD\r\n"
        ));
        assert!(!tokyo.contains("DAYLIGHT"));
        assert!(tokyo.contains("DTSTART;TZID=Asia/Tokyo:20260701T190000\r\n"));
    }

    #[test]
    fn a_zone_whose_rules_changed_within_the_feed_gets_utc_times() {
        // Mexico City stopped summer time after October 2022.
        let feed = render(
            "CDMX",
            America::Mexico_City,
            &[
                event(
                    "a@citeosquare",
                    "2022-06-01T17:00:00Z",
                    "2022-06-01T18:00:00Z",
                ),
                event(
                    "b@citeosquare",
                    "2023-06-01T17:00:00Z",
                    "2023-06-01T18:00:00Z",
                ),
            ],
        );
        assert!(!feed.contains("VTIMEZONE"));
        assert!(!feed.contains(";TZID="));
        assert!(feed.contains("DTSTART:20220601T170000Z\r\n"));
        assert!(feed.contains("X-WR-TIMEZONE:America/Mexico_City\r\n"));
    }

    #[test]
    fn an_empty_feed_is_a_calendar_without_a_timezone_definition() {
        let feed = render("Grande salle", Europe::Paris, &[]);
        assert!(!feed.contains("VTIMEZONE"));
        assert!(!feed.contains("BEGIN:VEVENT"));
        let calendar = Calendar::from_str(&feed).expect("the crate's parser reads the feed");
        assert_eq!(calendar.get_timezone(), Some("Europe/Paris"));
    }

    #[test]
    fn python_icalendar_reads_the_feed_and_agrees_with_its_vtimezone() {
        let mut events = three_events();
        // Written in UTC (the repeated hour), then just before each change of the year.
        events.push(event(
            "booking-4@citeosquare",
            "2026-10-25T01:30:00Z",
            "2026-10-25T03:00:00Z",
        ));
        events.push(event(
            "booking-5@citeosquare",
            "2026-03-29T00:30:00Z",
            "2026-03-29T00:45:00Z",
        ));
        events.push(event(
            "booking-6@citeosquare",
            "2026-10-24T23:30:00Z",
            "2026-10-24T23:45:00Z",
        ));
        let feed = render("Grande salle", Europe::Paris, &events);
        let Some(lines) = parse_with_python(&feed).expect("python reads the feed") else {
            return;
        };
        assert_eq!(
            lines,
            "booking-1@citeosquare|2|CONFIRMED|2026-07-01T19:00:00+02:00|\
             Répétition de l'Harmonie, « Les Tilleuls »; entrée libre\n\
             booking-2@citeosquare|0|TENTATIVE|2026-12-01T19:00:00+01:00|\
             Atelier vélo : réparations, pièces; café\n\
             booking-3@citeosquare|5|CANCELLED|2026-03-29T10:00:00+02:00|\
             Assemblée générale de l'AMAP\n\
             booking-4@citeosquare|0|CONFIRMED|2026-10-25T01:30:00+00:00|Réservation\n\
             booking-5@citeosquare|0|CONFIRMED|2026-03-29T01:30:00+01:00|Réservation\n\
             booking-6@citeosquare|0|CONFIRMED|2026-10-25T01:30:00+02:00|Réservation\n"
        );
    }

    #[test]
    fn python_icalendar_agrees_with_the_rules_written_for_other_zones() {
        for (tz, start, expected) in [
            (
                America::New_York,
                "2026-03-08T06:30:00Z",
                "2026-03-08T01:30:00-05:00",
            ),
            (
                America::New_York,
                "2026-03-08T07:30:00Z",
                "2026-03-08T03:30:00-04:00",
            ),
            (
                America::New_York,
                "2026-11-01T04:30:00Z",
                "2026-11-01T00:30:00-04:00",
            ),
            (
                America::New_York,
                "2026-11-01T07:30:00Z",
                "2026-11-01T02:30:00-05:00",
            ),
            (
                Australia::Sydney,
                "2026-04-04T14:30:00Z",
                "2026-04-05T01:30:00+11:00",
            ),
            (
                Australia::Sydney,
                "2026-04-04T17:30:00Z",
                "2026-04-05T03:30:00+10:00",
            ),
            (
                Australia::Sydney,
                "2026-10-03T15:30:00Z",
                "2026-10-04T01:30:00+10:00",
            ),
            (
                Australia::Sydney,
                "2026-10-03T16:30:00Z",
                "2026-10-04T03:30:00+11:00",
            ),
            (
                Asia::Tokyo,
                "2026-07-01T10:00:00Z",
                "2026-07-01T19:00:00+09:00",
            ),
        ] {
            let feed = render("Ailleurs", tz, &[event("z@citeosquare", start, start)]);
            let Some(lines) = parse_with_python(&feed).expect("python reads the feed") else {
                return;
            };
            assert_eq!(
                lines,
                format!("z@citeosquare|0|CONFIRMED|{expected}|Réservation\n"),
                "{tz}"
            );
        }
    }
}
