//! The place's past, for the demo and the benchmark: months of activity written into the other
//! domains' tables so that the dashboard's computed indicators have something to show — shifts
//! served at the SEL's kiosk with their minutes credited, purchases at the cooperative and
//! exchanges between members, room bookings (debates and screenings in the evening, association
//! meetings at weekends, meetings, workshops, coworking) with the visits badged at the room's
//! door, transport solidaire trips driven by volunteers, and hostel stays whose guests joined a
//! shift or a debate with the card lent to them.
//!
//! Everything is in the past and closed: shifts ended and credited, bookings confirmed and
//! checked in, trips done, stays checked out, lent cards given back — nothing waits for the
//! desk. The volume follows the seasons (a summer dip in the neighbourhood, a summer peak at the
//! hostel) and grows over the period; it is the same every time (a small generator seeded by a
//! constant).
//!
//! The rows are those the domains' own functions write, dated in the past — the SEL's as
//! `ledger::write` writes them, the taps in the kiosks' journal — written a month at a time by
//! set-based statements (`INSERT … SELECT … FROM json_each(?)`) through every trigger: each
//! balance moves, and each limit is checked, by the ledger's own.

use crate::sel::{COOPERATIVE_ACCOUNT, POOL_ACCOUNT};
use crate::time::french_time;
use crate::web::domain::DemoSite;
use crate::{audit, db, hostel};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use citeosquare_protocol as protocol;
use serde_json::{Value, json};
use sqlx::SqliteConnection;
use std::collections::{BTreeMap, HashMap, HashSet};

mod places;
mod sel;

/// What [`seed`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub sel_shifts_served: u64,
    pub sel_purchases: u64,
    pub sel_exchanges: u64,
    /// Every SEL transfer written (shifts, purchases, exchanges, trips).
    pub sel_transfers: u64,
    pub space_bookings: u64,
    pub space_visits: u64,
    pub vehicle_trips: u64,
    pub hostel_stays: u64,
    pub hostel_nights: u64,
    /// Hostel guests lent a card to join the place's activities.
    pub hostel_guests_joining: u64,
    pub kiosk_events: u64,
}

/// The site's time zone, as the other demo hooks have it.
const TZ: chrono_tz::Tz = chrono_tz::Europe::Paris;
/// The neighbourhood's activity by month: a summer dip, a quieter December.
const SEASON: [f64; 12] = [
    0.9, 0.95, 1.05, 1.05, 1.0, 0.9, 0.55, 0.45, 1.1, 1.1, 1.05, 0.8,
];
/// The hostel's arrivals by month: full in summer.
const HOSTEL_SEASON: [f64; 12] = [0.5, 0.5, 0.7, 0.9, 1.0, 1.3, 1.7, 1.8, 1.1, 0.8, 0.5, 0.7];
const SEED: u64 = 0x5E10_C17E_05A2_0260;
/// Guests: women first (the women's dormitory takes them), then men.
const GUESTS: [&str; 8] = [
    "Anna", "Maja", "Élodie", "Léa", "Lukas", "Pedro", "Tom", "Karl",
];
const GUEST_LAST: [&str; 6] = ["Keller", "Rossi", "Novak", "Silva", "Jansen", "Nilsson"];
// Titles and memos, `|` between them.
const GROUPS: &str = "Club de randonnée du Pilat|Chorale des Monts du Lyonnais";
const DEBATES: &str = "se déplacer sans voiture|vieillir chez soi|le SEL|manger local";
const FILMS: &str = "Demain|Les Glaneurs et la Glaneuse|Le Grand Bain|Petit Paysan";
const MEETINGS: &str = "Réunion des locataires|Cours de français|Conseil citoyen";
const GARDEN: &str = "Réunion des Jardins partagés|Atelier semis";
const WORKSHOPS: &str = "Atelier réparation|Atelier couture|Atelier cuisine";
const EXCHANGES: &str = "Aide au déménagement|Cours de guitare|Garde du chat|Aide aux devoirs";
const PLACES: &str = "Le médecin|Le marché|La pharmacie";

/// `INSERT INTO table (columns) SELECT …` from a JSON array of objects keyed by column name, in
/// the array's order.
macro_rules! insert {
    ($table:literal: $first:ident $(, $col:ident)*) => {
        concat!(
            "INSERT INTO ", $table, " (", stringify!($first), $(", ", stringify!($col),)*
            ") SELECT json_extract(value, '$.", stringify!($first), "')",
            $(", json_extract(value, '$.", stringify!($col), "')",)*
            " FROM json_each(?) ORDER BY key"
        )
    };
}

const PERSONS: &str = insert!("persons": id, first_name, last_name, kind, created_at);
const ACCOUNTS: &str = insert!("sel_accounts": id, kind, person_id, label, opened_at);
const STAYS: &str = insert!("hostel_stays": id, uid, person_id, guest_name, phone, people, arrival,
    departure, room_id, whole_room, beds, status, source, created_by_name, created_at, updated_at,
    checked_in_at, checked_in_by);
const NIGHTS: &str = insert!("hostel_nights": stay_id, bed_id, night, held_at);
const CARDS: &str = insert!("badges": id, card_id, person_id, assigned_at, assigned_by, kind,
    valid_through, revoked_at, revoke_reason, revoked_by);
const LENT: &str = insert!("hostel_guest_badges": badge_id, stay_id, handed_at, handed_by_name,
    returned_at, returned_to);
/// The check-out, through the stays' status trigger.
const CHECK_OUT: &str = "UPDATE hostel_stays SET status = 'checked_out', checked_out_at = j.at,
        checked_out_by = j.by, updated_at = j.at
    FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.at') AS at,
                 json_extract(value, '$.by') AS by FROM json_each(?)) j
    WHERE hostel_stays.id = j.id";
const EVENTS: &str = insert!("kiosk_events": ingest_no, id, kiosk_id, boot, seq, read_at,
    read_at_utc, received_at, badge, action, payload, person_id, result, display, clock_skew_ms);
const SHIFTS: &str = insert!("sel_shifts": id, activity_id, starts_at, ends_at, places, created_at);
const SIGNUPS: &str = insert!("sel_signups": shift_id, person_id, signed_at, signed_by);
const OPERATIONS: &str = insert!("sel_operations": id, kind, request, created_at,
    author_user_id, author);
const TRANSFERS: &str = insert!("sel_transfers": no, operation_id, debit_account,
    credit_account, amount, kind, phase, pending_no, memo, session_id, created_at);
const SESSIONS: &str = insert!("sel_sessions": id, person_id, activity_id, shift_id, kiosk_id,
    start_event_id, started_at, close_by, cap_minutes, pending_no, end_event_id, ended_at,
    end_kind, minutes, resolution_no);
const SALE_LINES: &str = insert!("sel_sale_lines": operation_id, item_id, label, quantity,
    unit_minutes);
const BOOKINGS: &str = insert!("space_bookings": id, uid, space_id, use_id, state, start_at,
    end_at, block_start, block_end, shared, capacity, title, public, attendees_expected,
    association_id, person_id, decided_by, decided_at, price_kind, price_amount, checked_in_at,
    created_by, created_at, updated_at);
const VISITS: &str = insert!("space_visits": space_id, person_id, entered_at, left_at,
    enter_event, leave_event, closed_by, booking_id);
const TRIPS: &str = insert!("vehicle_trips": id, passenger_id, start_at, return_at, from_place,
    to_place, state, volunteer_id, own_car, km, minutes, credited_minutes, credit_operation,
    contribution_kind, contribution_amount, requested_by_user, requested_by_name, created_at,
    updated_at, taken_at, done_at);
/// A month's statements, in an order their references allow.
const MONTH: [&str; 17] = [
    PERSONS, ACCOUNTS, STAYS, NIGHTS, CARDS, LENT, CHECK_OUT, EVENTS, SHIFTS, SIGNUPS, OPERATIONS,
    TRANSFERS, SESSIONS, SALE_LINES, BOOKINGS, VISITS, TRIPS,
];

/// The rooms' uses, as [`Window::kind`] says.
const COWORKING: i64 = 0;
const DEBATE: i64 = 1;
const ASSOCIATION: i64 = 2;
const WORKSHOP: i64 = 3;

/// The next ids [`History::take`] gives.
const TRANSFER: usize = 0;
const SESSION: usize = 1;
const SHIFT: usize = 2;
const BOOKING: usize = 3;
const TRIP: usize = 4;
const EVENT: usize = 5;
const PERSON: usize = 6;
const ACCOUNT: usize = 7;
const STAY: usize = 8;
const CARD: usize = 9;

/// A linear congruential generator (Knuth's MMIX constants): the same history every time.
#[derive(Debug, Default)]
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005);
        self.0 = self.0.wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 11
    }
    /// In [0, 1).
    fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn minutes(&mut self, n: u64) -> Duration {
        Duration::minutes(self.below(n) as i64)
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// A whole count whose mean is `mean`.
    fn count(&mut self, mean: f64) -> u64 {
        let whole = mean.max(0.0).floor();
        whole as u64 + u64::from(self.chance(mean - whole))
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.below(v.len() as u64) as usize]
    }
    /// One of the `|`-separated words.
    fn one_of(&mut self, words: &'static str) -> &'static str {
        self.pick(&words.split('|').collect::<Vec<_>>())
    }
    /// A UUID (version 4 in form), as callers and kiosks make them.
    fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        for chunk in bytes.chunks_mut(4) {
            chunk.copy_from_slice(&((self.next() >> 16) as u32).to_le_bytes());
        }
        let id = uuid::Builder::from_random_bytes(bytes).into_uuid();
        id.hyphenated().to_string()
    }
}

/// A SEL account holder — a member, or a hostel guest with a lent card — and the balances the
/// ledger's trigger sees.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
struct Member {
    person: i64,
    account: i64,
    first: String,
    card: Option<String>,
    posted: i64,
    debits: i64,
    credits: i64,
    floor: i64,
    ceiling: i64,
    gardener: bool,
    /// A senior the transport solidaire carries (not in a wheelchair: the adapted vehicle is
    /// left to the desk).
    passenger: bool,
    /// A volunteer driver's licence.
    licence: Option<NaiveDate>,
    until: Option<NaiveDate>,
    /// The day (from the first) they start taking part; never, for a guest.
    #[sqlx(skip)]
    from: usize,
    /// Shifts served, purchases and exchanges paid, a week.
    #[sqlx(skip)]
    rates: [f64; 3],
}

/// A window of a room's timetable (minutes of a weekday, 1 = Monday) with its room and what its
/// use asks.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Window {
    space: i64,
    parent: Option<i64>,
    name: String,
    door: Option<String>,
    weekday: u32,
    start: u32,
    end: u32,
    use_id: i64,
    kind: i64,
    capacity: i64,
    before: i64,
    after: i64,
    shortest: i64,
    price_kind: String,
    price: i64,
    public: bool,
    checks_in: bool,
    approval: bool,
}

/// Writes past activity into the other domains' tables (see the module's doc), in the caller's
/// transaction, from the first day of the month `months` months before `now`'s up to yesterday:
/// the demo's people (`site.person_ids` with a SEL account, each taking part from some day of the
/// period's first two thirds on), its association, and the rooms, the SEL's activities at a
/// kiosk, the volunteer drivers and the hostel's rooms the other domains' demo hooks made.
/// `scale` multiplies how busy the shifts, rooms, trips and hostel are (1: a few hundred rows per
/// domain for a year). Trips end two days before `now`, stays three; nothing is left open.
pub async fn seed(
    tx: &mut SqliteConnection,
    site: &DemoSite,
    now: DateTime<Utc>,
    months: u32,
    scale: u32,
) -> anyhow::Result<Summary> {
    let mut h = History::load(tx, site, now, months, scale.max(1)).await?;
    let mut day = h.first;
    while day < h.today {
        h.hostel_day(day);
        h.vehicles_day(day);
        h.spaces_day(day);
        h.sel_day(day);
        let next = day + Duration::days(1);
        if next.month() != day.month() || next >= h.today {
            h.flush(tx).await?;
        }
        day = next;
    }
    let after = Some(serde_json::to_value(&h.summary)?);
    audit::record(
        tx,
        &site.seed,
        "bienvivre.history",
        "bv_history",
        months,
        None,
        after.as_ref(),
    )
    .await?;
    Ok(h.summary)
}

type At = DateTime<Utc>;
/// A room held from, to (Unix seconds), for a seat in a drop-in use or not.
type Held = (i64, i64, bool);

/// A local day's minute as an instant.
fn at(day: NaiveDate, minute: u32) -> At {
    crate::spaces::timetable::instant(TZ, day, minute)
}

/// An instant as stored.
fn text(at: At) -> String {
    db::instant_text(at)
}

#[derive(Debug, Default)]
struct History {
    rng: Lcg,
    scale: f64,
    first: NaiveDate,
    today: NaiveDate,
    days: usize,
    /// The desk's account (id, name) and the association's representative's.
    desk: (Option<i64>, String),
    representative: Option<i64>,
    /// The SEL's tolerance and rounding, a guest's floor and ceiling.
    settings: [i64; 4],
    members: Vec<Member>,
    association: i64,
    /// The weekly shifts at a kiosk: activity, its name and kiosk, weekday (0 = Monday), start
    /// and end (minutes), places.
    plans: Vec<(i64, String, String, u32, u32, u32, i64)>,
    /// (item, name, minutes)
    catalogue: Vec<(i64, String, i64)>,
    windows: Vec<Window>,
    /// (month, day) the whole site is closed (public holidays).
    closed: HashSet<(u32, u32)>,
    /// Held blocks by space and local day: (start, end, a seat).
    held: HashMap<(i64, NaiveDate), Vec<Held>>,
    /// (room, dormitory, women only, beds)
    rooms: Vec<(i64, bool, bool, Vec<i64>)>,
    beds_held: HashSet<(i64, NaiveDate)>,
    /// Guests who join a shift during their stay: member, arrival, departure, still to come.
    guests: Vec<(usize, NaiveDate, NaiveDate, bool)>,
    joined_this_month: bool,
    next: [i64; 10],
    rows: HashMap<&'static str, Vec<Value>>,
    /// Reads at kiosks, numbered at the month's end in the order they were read.
    taps: Vec<(At, Value)>,
    summary: Summary,
}

impl History {
    async fn load(
        tx: &mut SqliteConnection,
        site: &DemoSite,
        now: At,
        months: u32,
        scale: u32,
    ) -> anyhow::Result<History> {
        let today = now.with_timezone(&TZ).date_naive();
        let month = today.with_day(1).unwrap_or(today);
        let first = month
            .checked_sub_months(chrono::Months::new(months))
            .unwrap_or(month);
        type Found = (Option<i64>, Option<String>, Option<i64>, String);
        let (desk, name, representative, maxima): Found = sqlx::query_as(
                "SELECT u.id, u.display_name,
                        (SELECT r.id FROM users r JOIN association_members m ON m.person_id = r.person_id
                         WHERE m.association_id = ?1 AND m.representative AND r.disabled_at IS NULL),
                        json_array((SELECT max(no) FROM sel_transfers), (SELECT max(id) FROM sel_sessions),
                            (SELECT max(id) FROM sel_shifts), (SELECT max(id) FROM space_bookings),
                            (SELECT max(id) FROM vehicle_trips), (SELECT max(ingest_no) FROM kiosk_events),
                            (SELECT max(id) FROM persons), (SELECT max(id) FROM sel_accounts),
                            (SELECT max(id) FROM hostel_stays), (SELECT max(id) FROM badges))
                 FROM (SELECT 1) LEFT JOIN users u ON u.role = 'reception' AND u.disabled_at IS NULL
                 ORDER BY u.id LIMIT 1",
            )
            .bind(site.association)
            .fetch_one(&mut *tx)
            .await?;
        let maxima: Vec<Option<i64>> = serde_json::from_str(&maxima)?;
        let s = crate::sel::Settings::load(&mut *tx).await?;
        let mut h = History {
            rng: Lcg(SEED),
            scale: f64::from(scale),
            first,
            today,
            days: (today - first).num_days().max(1) as usize,
            desk: match (desk, name) {
                (Some(id), Some(name)) => (Some(id), name),
                _ => (site.seed.id, site.seed.name.clone()),
            },
            representative,
            settings: [
                s.tolerance_minutes,
                s.rounding_minutes,
                s.default_floor,
                s.default_ceiling,
            ],
            association: site.association,
            ..History::default()
        };
        for (next, max) in h.next.iter_mut().zip(maxima) {
            *next = max.unwrap_or(0) + 1;
        }
        h.load_people(tx, &site.person_ids).await?;
        h.load_places(tx).await?;
        Ok(h)
    }

    /// The people with a SEL account, each starting one after the other over the period's first
    /// two thirds, with what they are besides.
    async fn load_people(
        &mut self,
        tx: &mut SqliteConnection,
        people: &[i64],
    ) -> anyhow::Result<()> {
        let members: Vec<Member> = sqlx::query_as(
            "SELECT a.person_id AS person, a.id AS account, p.first_name AS first,
                    (SELECT b.card_id FROM badges b WHERE b.person_id = p.id
                       AND b.revoked_at IS NULL AND b.kind = 'regular' ORDER BY b.id LIMIT 1) AS card,
                    a.posted, a.debits_pending AS debits, a.credits_pending AS credits,
                    coalesce(a.floor, s.default_floor) AS floor,
                    coalesce(a.ceiling, s.default_ceiling) AS ceiling,
                    p.id IN (SELECT person_id FROM association_members WHERE association_id = ?2)
                        AS gardener,
                    (p.id IN (SELECT passenger_id FROM vehicle_trips)
                     OR p.id IN (SELECT person_id FROM users WHERE large_text))
                    AND p.id NOT IN (SELECT passenger_id FROM vehicle_trips WHERE wheelchair)
                        AS passenger,
                    d.obtained_on AS licence, d.expires_on AS until
             FROM json_each(?1) j JOIN sel_accounts a ON a.person_id = j.value
                  JOIN persons p ON p.id = a.person_id
                  LEFT JOIN vehicle_drivers d ON d.person_id = p.id AND d.volunteer, sel_settings s
             WHERE p.erased_at IS NULL AND s.id = 1 ORDER BY j.key",
        )
        .bind(serde_json::to_string(people)?)
        .bind(self.association)
        .fetch_all(&mut *tx)
        .await?;
        let n = members.len().max(1);
        for (k, mut m) in members.into_iter().enumerate() {
            m.from = self.days * 2 * k / (3 * n);
            // One in five never serves a shift.
            let shifts = [0.15 + 0.55 * self.rng.unit(), 0.0][usize::from(self.rng.chance(0.2))];
            m.rates = [shifts, 0.2 + 0.7 * self.rng.unit(), 0.3 * self.rng.unit()];
            self.members.push(m);
        }
        Ok(())
    }

    /// The SEL's weekly shifts at a kiosk and its catalogue; the rooms' timetables, uses and
    /// holidays and what is already booked; the hostel's rooms and held nights.
    async fn load_places(&mut self, tx: &mut SqliteConnection) -> anyhow::Result<()> {
        // A series' weekday is its first shift's (the demo's start in the daytime: UTC's day).
        self.plans = sqlx::query_as(
            "SELECT s.activity_id, a.name, a.kiosk_id,
                    (CAST(strftime('%w', (SELECT min(h.starts_at) FROM sel_shifts h
                                          WHERE h.series_id = s.id)) AS INTEGER) + 6) % 7,
                    substr(s.start_local, 1, 2) * 60 + substr(s.start_local, 4, 2),
                    substr(s.end_local, 1, 2) * 60 + substr(s.end_local, 4, 2), s.places
             FROM sel_series s JOIN sel_activities a ON a.id = s.activity_id
             WHERE a.active AND a.kiosk_id IS NOT NULL AND s.end_local > s.start_local
               AND EXISTS (SELECT 1 FROM sel_shifts h WHERE h.series_id = s.id)
             ORDER BY s.id",
        )
        .fetch_all(&mut *tx)
        .await?;
        self.catalogue = sqlx::query_as(
            "SELECT id, name, price_minutes FROM sel_catalogue WHERE active ORDER BY id",
        )
        .fetch_all(&mut *tx)
        .await?;
        self.windows = sqlx::query_as(
            "SELECT s.id AS space, s.parent_id AS parent, s.name,
                    (SELECT d.kiosk_id FROM space_doors d WHERE d.space_id = s.id LIMIT 1) AS door,
                    w.weekday, substr(w.start_local, 1, 2) * 60 + substr(w.start_local, 4, 2) AS start,
                    substr(w.end_local, 1, 2) * 60 + substr(w.end_local, 4, 2) AS end,
                    u.id AS use_id,
                    CASE WHEN u.mode = 'dropin' THEN 0
                         WHEN u.code GLOB '*debat*' OR u.code GLOB '*projection*' THEN 1
                         WHEN u.code GLOB '*association*' THEN 2
                         WHEN u.mode = 'event' THEN 3 ELSE 4 END AS kind,
                    min(coalesce(u.capacity, s.capacity), s.capacity) AS capacity,
                    u.changeover_before AS before, u.changeover_after AS after,
                    max(u.min_minutes, 60) AS shortest, u.price_kind, u.price_per_hour AS price,
                    u.public_by_default AS public, u.checkin_grace_minutes IS NOT NULL AS checks_in,
                    u.approval
             FROM space_windows w JOIN spaces s ON s.id = w.space_id
                  JOIN space_uses u ON u.id = w.use_id
             ORDER BY s.id, w.weekday, w.start_local",
        )
        .fetch_all(&mut *tx)
        .await?;
        let closed: Vec<NaiveDate> = sqlx::query_scalar(
            "SELECT day FROM space_exceptions
             WHERE space_id IS NULL AND use_id IS NULL AND start_local IS NULL",
        )
        .fetch_all(&mut *tx)
        .await?;
        self.closed = closed.iter().map(|d| (d.month(), d.day())).collect();
        let held: Vec<(i64, i64, i64, bool)> = sqlx::query_as(
            "SELECT space_id, block_start, block_end, shared FROM space_bookings
             WHERE state = 'confirmed' AND block_end > ? AND block_start < ?",
        )
        .bind(at(self.first, 0).timestamp())
        .bind(at(self.today, 0).timestamp() + 8 * 86_400)
        .fetch_all(&mut *tx)
        .await?;
        for (space, start, end, seat) in held {
            self.hold(space, start, end, seat);
        }
        let beds: Vec<(i64, bool, bool, i64)> = sqlx::query_as(
            "SELECT r.id, r.kind = 'dorm', r.women_only, b.id FROM hostel_rooms r
             JOIN hostel_beds b ON b.room_id = r.id WHERE r.retired_at IS NULL ORDER BY r.id, b.id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (room, dorm, women, bed) in beds {
            match self.rooms.iter_mut().find(|r| r.0 == room) {
                Some(r) => r.3.push(bed),
                None => self.rooms.push((room, dorm, women, vec![bed])),
            }
        }
        let held: Vec<(i64, NaiveDate)> = sqlx::query_as(
            "SELECT bed_id, night FROM hostel_nights WHERE released_at IS NULL AND night >= ?",
        )
        .bind(self.first)
        .fetch_all(&mut *tx)
        .await?;
        self.beds_held = held.into_iter().collect();
        Ok(())
    }

    /// How busy the neighbourhood is that day, against an ordinary day at the period's end.
    fn intensity(&self, day: NaiveDate) -> f64 {
        let growth = 0.6 + 0.4 * (day - self.first).num_days() as f64 / self.days as f64;
        SEASON[day.month0() as usize] * growth
    }

    /// The members taking part by that day.
    fn active(&self, day: NaiveDate) -> Vec<usize> {
        let idx = usize::try_from((day - self.first).num_days()).unwrap_or(0);
        (0..self.members.len())
            .filter(|i| self.members[*i].from <= idx)
            .collect()
    }

    fn push(&mut self, sql: &'static str, row: Value) {
        self.rows.entry(sql).or_default().push(row);
    }

    fn take(&mut self, which: usize) -> i64 {
        self.next[which] += 1;
        self.next[which] - 1
    }

    /// A read of `who`'s card at a kiosk and what the kiosk showed; its event id (none without
    /// a card).
    fn tap(&mut self, kiosk: &str, who: usize, at: At, what: &str, line: String) -> Option<String> {
        let m = &self.members[who];
        let hello = match what {
            "shift_started" => "Bonjour",
            "shift_ended" => "Merci",
            "left" => "Au revoir",
            _ => "Bienvenue",
        };
        let display = json!({"title": format!("{hello} {}", m.first), "lines": [line]});
        let (card, person, id) = (m.card.clone()?, m.person, self.rng.uuid());
        let row = json!({"id": id, "kiosk_id": kiosk, "badge": card, "person_id": person,
            "result": what, "display": display.to_string()});
        self.taps.push((at, row));
        Some(id)
    }

    /// The month's rows; the taps numbered as ingestion numbers them, the kiosks as if they
    /// booted at the month's first.
    async fn flush(&mut self, tx: &mut SqliteConnection) -> anyhow::Result<()> {
        let mut taps = std::mem::take(&mut self.taps);
        taps.sort_by_key(|t| t.0);
        let boot = format!("{}", taps.first().map_or(0, |t| t.0.timestamp()));
        for (seq, (at, mut row)) in taps.into_iter().enumerate() {
            // As the kiosk sends it, read as ingestion reads it.
            let read = at.with_timezone(&TZ).fixed_offset();
            let sent = json!({"v": protocol::VERSION, "id": row["id"], "kiosk": row["kiosk_id"],
                "boot": boot, "seq": seq + 1, "at": read.to_rfc3339(), "badge": row["badge"],
                "action": "tap"});
            let kiosk = row["kiosk_id"].as_str().and_then(protocol::KioskId::parse);
            let event =
                kiosk.map(|k| protocol::Event::from_payload(sent.to_string().as_bytes(), &k));
            let Some(Ok(event)) = event else {
                continue;
            };
            let payload = String::from_utf8(event.to_payload()).unwrap_or_default();
            let skew = 150 + self.rng.below(400) as i64;
            let received = text(at + Duration::milliseconds(skew));
            let more = json!({"ingest_no": self.take(EVENT), "boot": event.boot, "seq": event.seq,
                "read_at": read.to_rfc3339(), "read_at_utc": text(at), "received_at": received,
                "action": "tap", "payload": payload, "clock_skew_ms": skew});
            if let (Value::Object(row), Value::Object(more)) = (&mut row, more) {
                row.extend(more);
            }
            self.push(EVENTS, row);
            self.summary.kiosk_events += 1;
        }
        for sql in MONTH {
            if let Some(rows) = self.rows.get(sql) {
                for chunk in rows.chunks(5_000) {
                    let chunk = serde_json::to_string(chunk)?;
                    sqlx::query(sql).bind(chunk).execute(&mut *tx).await?;
                }
            }
        }
        self.rows.clear();
        self.joined_this_month = false;
        Ok(())
    }
}
