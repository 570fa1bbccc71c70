//! The contract between the server and each domain (people, the desk, kiosks, the SEL, the
//! chrono'espaces…): one [`Domain`] value per domain folder, gathered in the one list
//! [`crate::DOMAINS`]. Everything that concerns every domain goes through that list — the route
//! table and the OpenAPI document, a person's GDPR export and erasure, `citeosquare check`, the
//! demo site, the periodic jobs, what a tap means at a kiosk of a given role, and the boxes a
//! domain adds to the desk's home, a person's page and the resident's page. So adding a domain is
//! a folder, a migration and one line in the list; nothing else names it.
//!
//! The state every handler, job and hook shares ([`AppState`]) is defined here too: it carries
//! the list, and every hook receives it — one definition, not two files that name each other.
//!
//! Hooks are plain function pointers returning boxed futures (a table, not a trait object), so
//! that a domain's entry is a `static` and the list costs nothing at run time.

use crate::audit::Actor;
use crate::refusal::Refusal;
use crate::web::{Ctx, PageError, Routes};
use crate::{auth, config, live, metrics};
use citeosquare_protocol::{AckResult, Display};
use sqlx::{SqliteConnection, SqlitePool};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A boxed future, what every asynchronous hook returns.
pub type Fut<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One invariant checked by `citeosquare check`, and whether it holds.
#[derive(Debug, Clone)]
pub struct Finding {
    pub name: &'static str,
    pub ok: bool,
    pub detail: String,
}

impl Finding {
    /// A finding from a count of rows breaking the rule (`what` says what they are).
    pub fn from_count(name: &'static str, bad: i64, what: &str) -> Finding {
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
}

/// How many rows a check's query counts (the rows breaking its rule).
pub async fn count(pool: &SqlitePool, sql: &'static str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(sql).fetch_one(pool).await
}

/// A tap by a known person at a kiosk whose role a domain handles, decided inside the batch's
/// transaction.
#[derive(Debug, Clone, Copy)]
pub struct Tap<'a> {
    pub event_id: &'a str,
    pub kiosk_id: &'a str,
    pub person_id: i64,
    pub first_name: &'a str,
    /// The card is a guest badge (lent to a hostel guest for a stay).
    pub guest: bool,
    /// What the kiosk said: `tap` (the server decides), or `in` / `out` (explicit buttons).
    pub action: &'a str,
    /// When the badge was read (the kiosk's clock).
    pub read_at: chrono::DateTime<chrono::Utc>,
    /// Why the event was flagged for review (`clock_ahead`, `delayed`), if it was.
    pub flagged: Option<&'a str>,
    pub time_zone: chrono_tz::Tz,
}

/// What a tap meant: the ack's result and what the kiosk shows. `None` leaves the tap to the
/// generic answer (« Passage enregistré »).
pub type Meaning = Option<(AckResult, Display)>;

/// What a tap means at a kiosk of one role (`sel`, `space`, `entrance`, `vehicles`).
#[derive(Debug, Clone, Copy)]
pub struct KioskRole {
    pub role: &'static str,
    /// Whether a guest badge (lent to a hostel guest for a stay) is served here like a member's
    /// card; otherwise the tap is refused with « Réservé aux membres ».
    pub guests: bool,
    /// Whether this role's kiosks are inside the building: a read there (accepted or refused)
    /// shows the person is in (the SEL's counter, a room's door), through the list's
    /// [`Domain::seen_inside`] hooks.
    pub inside: bool,
    pub tap: for<'a> fn(&'a mut SqliteConnection, Tap<'a>) -> Fut<'a, Result<Meaning, sqlx::Error>>,
    /// What the desk can do now for a person refused at this role's kiosks (open the account,
    /// record the membership…), as the live feed offers it. Asked when the feed is shown, so
    /// a step already done is no longer offered.
    pub next_step: Option<NextStep>,
}

/// See [`KioskRole::next_step`]: for a person, the step still needed, if any.
pub type NextStep = for<'a> fn(
    &'a sqlx::SqlitePool,
    &'a crate::i18n::Tr,
    chrono_tz::Tz,
    i64,
) -> Fut<'a, Result<Option<Step>, sqlx::Error>>;

/// A next step offered to the desk: what to do, and the page where it is done.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Step {
    pub label: String,
    pub link: String,
}

/// A piece of periodic work: `run` is called every `every_seconds`, its outcome logged.
#[derive(Debug, Clone, Copy)]
pub struct Job {
    pub name: &'static str,
    pub every_seconds: u64,
    pub run: fn(&AppState) -> Fut<'_, anyhow::Result<()>>,
}

/// A box a domain adds to another domain's page, already rendered, placed by `order` (smaller
/// first; the host page's own content sits at 0).
#[derive(Debug, Clone)]
pub struct PageBox {
    pub order: i32,
    pub html: String,
}

/// A hook rendering a domain's box on the desk's home.
pub type DeskBox = for<'a> fn(&'a AppState, &'a Ctx) -> Fut<'a, Result<Option<PageBox>, PageError>>;
/// A hook rendering a domain's box on a person's page (the desk's view) or the resident's own
/// page, for one person.
pub type PersonBox =
    for<'a> fn(&'a AppState, &'a Ctx, i64) -> Fut<'a, Result<Option<PageBox>, PageError>>;

/// The demo site's people, association and author, made before any domain seeds its own part
/// in the same transaction.
#[derive(Debug, Clone)]
pub struct DemoSite {
    /// The demo's people, in the order of `demo::DEMO_PEOPLE`.
    pub person_ids: Vec<i64>,
    /// Their first names, in the same order.
    pub first_names: Vec<&'static str>,
    /// « Les Jardins partagés ».
    pub association: i64,
    /// Who the audit log says made what the demo seeds.
    pub seed: Actor,
    /// Months of the place's past activity to write before today (`bienvivre::history`); 0 for
    /// the tests' site.
    pub past_months: u32,
}

/// A hook giving a person's data held by a domain (GDPR export).
pub type ExportHook =
    for<'a> fn(&'a SqlitePool, i64) -> Fut<'a, Result<serde_json::Value, sqlx::Error>>;
/// A hook erasing a domain's part of a person, inside the erasure's transaction.
pub type EraseHook =
    for<'a> fn(&'a mut SqliteConnection, &'a Actor, i64, &'a str) -> Fut<'a, Result<(), Refusal>>;
/// A hook checking a domain's invariants.
pub type CheckHook = for<'a> fn(&'a SqlitePool) -> Fut<'a, Result<Vec<Finding>, sqlx::Error>>;
/// A hook seeding a domain's part of the demo site.
pub type DemoHook = for<'a> fn(
    &'a mut SqliteConnection,
    &'a DemoSite,
    &'a mut Vec<String>,
) -> Fut<'a, anyhow::Result<()>>;
/// Someone, or a party, a domain knows to be in the building now (a hostel guest checked in),
/// for the presence list, the evacuation list and the roll call.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct InHouse {
    /// The list's category: `guests` (the hostel's).
    pub category: &'static str,
    /// Who (a party: its lead guest's name).
    pub name: String,
    /// Their record among the place's people, if any.
    pub person_id: Option<i64>,
    /// The people's records this line stands for (the lead guest, the party's guest badges):
    /// they are not counted again among the people badged in.
    pub covers: Vec<i64>,
    /// How many people the line stands for (a party of three is one line).
    pub people: i64,
    /// Where: « Tilleul — étage 1 ».
    pub place: String,
    /// The floor, where known (the evacuation list groups by floor).
    pub floor: Option<i64>,
    /// Since when (a stored instant), if known.
    pub since: Option<String>,
}

/// A hook listing who a domain knows to be in the building now.
pub type InHouseHook = for<'a> fn(
    &'a SqlitePool,
    chrono_tz::Tz,
    chrono::DateTime<chrono::Utc>,
) -> Fut<'a, Result<Vec<InHouse>, sqlx::Error>>;
/// A hook told, inside ingestion's transaction, that a person was read at a kiosk inside the
/// building (a role with [`KioskRole::inside`]).
pub type SeenInsideHook =
    for<'a> fn(&'a mut SqliteConnection, Tap<'a>) -> Fut<'a, Result<(), sqlx::Error>>;
/// Something that needs a person now, for the desk's night view, already in the reader's words.
#[derive(Debug, Clone)]
pub struct Alert {
    /// Shown first, in red (a vehicle not back, a kiosk offline, a roll call under way).
    pub urgent: bool,
    pub text: String,
    /// Where to act.
    pub link: Option<String>,
}

/// A hook listing what needs a person now in a domain (the desk's night view).
pub type AlertsHook = for<'a> fn(&'a AppState, &'a Ctx) -> Fut<'a, Result<Vec<Alert>, PageError>>;
/// A hook counting something (the requests waiting for the desk).
pub type CountHook = for<'a> fn(&'a SqlitePool) -> Fut<'a, Result<i64, sqlx::Error>>;

/// A stretch of the site's calendar an indicator is measured over — a local month, a year —
/// from local midnight to local midnight (so a DST month has its 743 or 745 hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: chrono::DateTime<chrono::Utc>,
    /// Exclusive.
    pub to: chrono::DateTime<chrono::Utc>,
    /// Its first local day.
    pub first_day: chrono::NaiveDate,
    /// The local day after its last (exclusive).
    pub end_day: chrono::NaiveDate,
    /// The site's time zone it was cut in (to resolve local hours: a room's timetable).
    pub tz: chrono_tz::Tz,
}

impl Period {
    /// The local days `[first_day, end_day)` of `tz`, from local midnight to local midnight.
    pub fn days(
        first_day: chrono::NaiveDate,
        end_day: chrono::NaiveDate,
        tz: chrono_tz::Tz,
    ) -> Period {
        let midnight = |d: chrono::NaiveDate| {
            crate::time::resolve_local(tz, d.and_time(chrono::NaiveTime::MIN))
        };
        Period {
            from: midnight(first_day),
            to: midnight(end_day),
            first_day,
            end_day,
            tz,
        }
    }

    /// `from` as stored (`db::instant_text`), for comparing with stored instants.
    pub fn from_text(&self) -> String {
        crate::db::instant_text(self.from)
    }

    /// `to` as stored.
    pub fn to_text(&self) -> String {
        crate::db::instant_text(self.to)
    }

    /// `first_day` as `YYYY-MM-DD` (for stored dates: the hostel's nights).
    pub fn first_day_text(&self) -> String {
        self.first_day.to_string()
    }

    /// `end_day` as `YYYY-MM-DD`.
    pub fn end_day_text(&self) -> String {
        self.end_day.to_string()
    }
}

/// Runs `sql` — one row, one column, the period's `from` and `to` bound as `?1` and `?2` — once
/// for each period, in order: the usual body of a [`Measure`]'s hook, each run reading its
/// period's rows through an index.
pub async fn each_period(
    pool: &sqlx::SqlitePool,
    periods: &[Period],
    sql: &'static str,
) -> Result<Vec<Option<f64>>, sqlx::Error> {
    let mut values = Vec::with_capacity(periods.len());
    for p in periods {
        let value: Option<f64> = sqlx::query_scalar(sql)
            .bind(p.from_text())
            .bind(p.to_text())
            .fetch_one(pool)
            .await?;
        values.push(value);
    }
    Ok(values)
}

/// Which way an indicator is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
}

/// A hook measuring an indicator over each of the periods given, in their order: `None` where
/// it has no meaning (a share of nobody).
pub type MeasureHook =
    for<'a> fn(&'a SqlitePool, &'a [Period]) -> Fut<'a, Result<Vec<Option<f64>>, sqlx::Error>>;

/// A Bien-Vivre indicator computed from a domain's own data (seed, annex 2 « Compter
/// autrement »), shown on the dashboard under one of the eight criteria. Its words are
/// `bv-ind-{key}` (the name) and `bv-ind-{key}-def` (how it is counted) in the domain's own
/// Fluent file.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// Stable key (`sel_hours_given`), also the admin's switch and the API's name.
    pub key: &'static str,
    /// The criterion, 1 to 8.
    pub criterion: u8,
    /// The unit's key: `hours`, `people`, `percent`, `km`, `trips`, `events`, `minutes`.
    pub unit: &'static str,
    pub better: Better,
    /// The value over any period (a month, a year: a year's value is measured over the year,
    /// not added up from months — distinct people are counted once).
    pub measure: MeasureHook,
}

/// One domain's entry in the list.
#[derive(Debug, Clone, Copy)]
pub struct Domain {
    /// The folder's name (`sel`, `spaces`…), also its key in a person's export.
    pub name: &'static str,
    /// Declares its routes, each with its access rule.
    pub routes: fn(&mut Routes),
    /// Its part of the OpenAPI document.
    pub openapi: Option<fn() -> utoipa::openapi::OpenApi>,
    /// What it holds about a person, for the GDPR export (under `name`).
    pub export: Option<ExportHook>,
    /// Its part of erasing a person, inside the erasure's transaction (`now` is its time).
    pub erase: Option<EraseHook>,
    /// Its invariants, for `citeosquare check`.
    pub check: Option<CheckHook>,
    /// Seeds its part of the demo site in the seeding transaction, adding lines to print.
    pub demo: Option<DemoHook>,
    /// Its periodic work.
    pub jobs: &'static [Job],
    /// What a tap means at a kiosk of its role.
    pub kiosk_role: Option<KioskRole>,
    /// How many requests wait for the desk (the menu's count).
    pub waiting_for_desk: Option<CountHook>,
    /// Who it knows to be in the building now (the presence and evacuation lists).
    pub in_house: Option<InHouseHook>,
    /// Told of every read at a kiosk inside the building.
    pub seen_inside: Option<SeenInsideHook>,
    /// What needs a person now (the desk's night view).
    pub night_alerts: Option<AlertsHook>,
    /// Brings its gauges up to date before `/metrics` is read.
    pub refresh_metrics: Option<fn(&AppState) -> Fut<'_, ()>>,
    /// Its box on the desk's home.
    pub desk_box: Option<DeskBox>,
    /// Its box on a person's page.
    pub person_box: Option<PersonBox>,
    /// Its box on the resident's own page (`/moi`).
    pub me_box: Option<PersonBox>,
    /// Its box on the associations' representatives' page (`/mes-associations`), for the
    /// representative's person.
    pub associations_box: Option<PersonBox>,
    /// Its Bien-Vivre indicators (the dashboard's computed ones).
    pub measures: &'static [Measure],
}

impl Domain {
    /// A domain with routes only; the other hooks are filled in with struct update syntax.
    pub const fn new(name: &'static str, routes: fn(&mut Routes)) -> Domain {
        Domain {
            name,
            routes,
            openapi: None,
            export: None,
            erase: None,
            check: None,
            demo: None,
            jobs: &[],
            kiosk_role: None,
            waiting_for_desk: None,
            in_house: None,
            seen_inside: None,
            night_alerts: None,
            refresh_metrics: None,
            desk_box: None,
            person_box: None,
            me_box: None,
            associations_box: None,
            measures: &[],
        }
    }
}

/// The list, as every hook's caller sees it.
pub type Domains = &'static [&'static Domain];

/// What every handler and task shares: the store, the configuration, the metrics, the live bus,
/// and the list of domains (so that a page or a job reaches every domain without naming one).
#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: sqlx::SqlitePool,
    pub config: Arc<config::Config>,
    pub metrics: metrics::Metrics,
    pub live: live::LiveBus,
    /// Whether the server's MQTT session is up.
    pub mqtt_up: Arc<tokio::sync::watch::Sender<bool>>,
    /// Recent failed logins.
    pub throttle: auth::LoginThrottle,
    /// The domains (`crate::DOMAINS`).
    pub domains: Domains,
}

impl AppState {
    /// A state over these domains (the server uses `AppState::new`, with all of them).
    pub fn with_domains(
        pool: sqlx::SqlitePool,
        config: config::Config,
        domains: Domains,
    ) -> AppState {
        AppState {
            pool,
            config: Arc::new(config),
            metrics: metrics::Metrics::default(),
            live: live::LiveBus::default(),
            mqtt_up: Arc::new(tokio::sync::watch::channel(false).0),
            throttle: auth::LoginThrottle::default(),
            domains,
        }
    }
}
