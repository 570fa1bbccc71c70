//! Ingestion of kiosk messages: validate → one transaction for a whole batch (insert each event,
//! unique on its id, and apply its meaning) → commit → only then the acks.
//!
//! This is where DESIGN.md §4 rule 1 (no lost tap, no double-counted tap) is kept on the server:
//! a replay (same id, same payload) gets the stored answer again and changes nothing; the same id
//! with another payload is refused and the original stays.

use crate::time::french_time;
use crate::web::domain::{Domains, Meaning, Tap};
use crate::{db, kiosks, live::LiveUpdate, metrics::Metrics};
use chrono::{DateTime, Utc};
use citeosquare_protocol::{
    self as protocol, Ack, AckResult, Display, Event, EventId, KioskId, Reason, Rejection, Status,
    Topic, TopicKind,
};
use sqlx::SqlitePool;
use std::collections::HashMap;

/// One MQTT message as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub topic: String,
    pub payload: Vec<u8>,
    pub received_at: DateTime<Utc>,
}

/// What ingestion needs from the configuration.
#[derive(Debug, Clone)]
pub struct IngestSettings {
    pub site: String,
    pub time_zone: chrono_tz::Tz,
    pub clock_skew_tolerance_ms: i64,
    /// Who decides what a tap means at each kiosk role.
    pub domains: Domains,
}

/// What to do once a batch is committed.
#[derive(Debug, Default)]
pub struct Committed {
    /// (topic, payload) of each ack to publish, in arrival order.
    pub acks: Vec<(String, Vec<u8>)>,
    pub live: Vec<LiveUpdate>,
}

enum Parsed {
    Event(Box<Event>),
    Status(Status),
    Rejected {
        rejection: Rejection,
        kiosk: Option<KioskId>,
    },
    /// A status that cannot be read or names another kiosk: logged and counted.
    BadStatus,
    Ignored,
}

/// Validates a message without touching the database.
fn parse(site: &str, msg: &Received) -> Parsed {
    let Some(topic) = Topic::parse(&msg.topic).filter(|t| t.site == site) else {
        return Parsed::Rejected {
            rejection: Rejection {
                reason: Reason::BadTopic,
                id: None,
                detail: format!("not a kiosk topic of site {site}"),
            },
            kiosk: None,
        };
    };
    match topic.kind {
        TopicKind::Event => match Event::from_payload(&msg.payload, &topic.kiosk) {
            Ok(event) => Parsed::Event(Box::new(event)),
            Err(rejection) => Parsed::Rejected {
                rejection,
                kiosk: Some(topic.kiosk),
            },
        },
        // An empty retained payload clears a status: nothing to record.
        TopicKind::Status if msg.payload.is_empty() => Parsed::Ignored,
        TopicKind::Status => match protocol::decode::<Status>(&msg.payload) {
            Ok(status) if status.kiosk == topic.kiosk => Parsed::Status(status),
            Ok(status) => {
                tracing::warn!(topic = %msg.topic, payload_kiosk = %status.kiosk, "status names another kiosk; ignored");
                Parsed::BadStatus
            }
            Err(reason) => {
                tracing::warn!(topic = %msg.topic, %reason, "unreadable status; ignored");
                Parsed::BadStatus
            }
        },
        TopicKind::Ack | TopicKind::Config => Parsed::Ignored,
    }
}

/// Stores a batch of messages in one transaction and returns the acks to send after the commit.
pub async fn store_batch(
    pool: &SqlitePool,
    settings: &IngestSettings,
    metrics: &Metrics,
    batch: &[Received],
) -> Result<Committed, sqlx::Error> {
    let parsed: Vec<Parsed> = batch.iter().map(|m| parse(&settings.site, m)).collect();
    let mut out = Committed::default();
    let mut counted: Vec<Counted> = Vec::new();

    let mut tx = db::begin_write(pool).await?;
    let kiosk_rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, role, label FROM kiosks")
            .fetch_all(&mut *tx)
            .await?;
    let known: HashMap<String, (String, String)> = kiosk_rows
        .into_iter()
        .map(|(id, role, label)| (id, (role, label)))
        .collect();

    let events: Vec<&Event> = parsed
        .iter()
        .filter_map(|p| match p {
            Parsed::Event(e) => Some(e.as_ref()),
            _ => None,
        })
        .collect();
    let mut prefetch = Prefetch::load(&mut tx, &events).await?;
    let mut writes = Writes::default();

    // Kiosk → when it was last heard from in this batch.
    let mut heard_from: HashMap<String, String> = HashMap::new();
    for (msg, item) in batch.iter().zip(parsed.iter()) {
        let now = db::instant_text(msg.received_at);
        match item {
            Parsed::Event(event) => {
                let applied = match replay_or_conflict(&prefetch, event) {
                    Some(done) => done,
                    None => {
                        let skew = skew(settings, event, msg);
                        let meaning =
                            role_meaning(&mut tx, settings, &known, &prefetch, event, skew.1)
                                .await?;
                        apply_event(
                            settings,
                            &known,
                            &mut prefetch,
                            &mut writes,
                            (event, msg, skew),
                            meaning,
                        )
                    }
                };
                if known.contains_key(event.kiosk.as_str()) {
                    heard_from.insert(event.kiosk.to_string(), now.clone());
                }
                let topic = Topic::new(&settings.site, &event.kiosk, TopicKind::Ack).to_string();
                match applied {
                    Applied::New { ack, live } => {
                        counted.push(Counted::New(ack.result.as_str().to_owned()));
                        out.acks.push((topic, protocol::encode(&ack)));
                        out.live.push(*live);
                    }
                    Applied::Replay(ack) => {
                        counted.push(Counted::Replay);
                        out.acks.push((topic, protocol::encode(&ack)));
                    }
                    Applied::Conflict => {
                        let rejection = Rejection {
                            reason: Reason::IdConflict,
                            id: Some(event.id.clone()),
                            detail: "this id was already received with another payload".into(),
                        };
                        record_rejection(&mut tx, msg, Some(&event.kiosk), &rejection, &now)
                            .await?;
                        counted.push(Counted::Rejected(Reason::IdConflict));
                        out.acks.push((
                            topic,
                            protocol::encode(&rejected_ack(&rejection, &event.id)),
                        ));
                    }
                }
            }
            Parsed::Status(status) if !known.contains_key(status.kiosk.as_str()) => {
                // Only registered kiosks appear at the desk (the embedded broker has no ACL).
                tracing::warn!(kiosk = %status.kiosk, "status from an unregistered kiosk; ignored");
                metrics.statuses_ignored.inc();
            }
            Parsed::Status(status) => {
                kiosks::record_status(&mut tx, status, &now).await?;
                out.live.push(LiveUpdate::Kiosk {
                    kiosk_id: status.kiosk.to_string(),
                    label: known.get(status.kiosk.as_str()).map(|k| k.1.clone()),
                    state: match status.state {
                        protocol::KioskState::Online => "online".into(),
                        protocol::KioskState::Offline => "offline".into(),
                    },
                    pending: status.pending,
                    version: status.version.clone(),
                    last_seen: now.clone(),
                    alarms: status.alarms.clone(),
                });
            }
            Parsed::Rejected { rejection, kiosk } => {
                record_rejection(&mut tx, msg, kiosk.as_ref(), rejection, &now).await?;
                counted.push(Counted::Rejected(rejection.reason));
                if let (Some(id), Some(kiosk)) = (&rejection.id, &kiosk) {
                    let topic = Topic::new(&settings.site, kiosk, TopicKind::Ack).to_string();
                    out.acks
                        .push((topic, protocol::encode(&rejected_ack(rejection, id))));
                }
            }
            Parsed::BadStatus => {
                metrics.statuses_ignored.inc();
            }
            Parsed::Ignored => {}
        }
    }
    writes.flush(&mut tx).await?;
    for (kiosk, at) in &heard_from {
        kiosks::touch(&mut tx, kiosk, at).await?;
    }
    tx.commit().await?;

    // Count only what was committed.
    for c in counted {
        match c {
            Counted::New(result) => {
                metrics
                    .events_ingested
                    .get_or_create(&crate::metrics::ResultLabel { result })
                    .inc();
            }
            Counted::Replay => {
                metrics.events_replayed.inc();
            }
            Counted::Rejected(reason) => metrics.reject(reason.as_str()),
        }
    }
    Ok(out)
}

enum Counted {
    New(String),
    Replay,
    Rejected(Reason),
}

enum Applied {
    New { ack: Ack, live: Box<LiveUpdate> },
    Replay(Ack),
    Conflict,
}

fn rejected_ack(rejection: &Rejection, id: &EventId) -> Ack {
    Ack {
        v: protocol::VERSION,
        id: id.clone(),
        result: AckResult::Rejected,
        display: Display {
            title: "Badge non pris en compte".into(),
            lines: vec!["Erreur de la borne".into(), "Prévenez l'accueil".into()],
        },
        reason: Some(rejection.reason.as_str().to_owned()),
    }
}

async fn record_rejection(
    tx: &mut sqlx::SqliteConnection,
    msg: &Received,
    kiosk: Option<&KioskId>,
    rejection: &Rejection,
    now: &str,
) -> Result<(), sqlx::Error> {
    tracing::warn!(topic = %msg.topic, reason = %rejection.reason, detail = %rejection.detail, "kiosk payload refused");
    let excerpt_len = msg.payload.len().min(200);
    sqlx::query(
        "INSERT INTO rejected_events (received_at, topic, kiosk_id, event_id, reason, detail, excerpt)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(now)
    .bind(&msg.topic)
    .bind(kiosk.map(KioskId::as_str))
    .bind(rejection.id.as_ref().map(EventId::as_str))
    .bind(rejection.reason.as_str())
    .bind(&rejection.detail)
    .bind(String::from_utf8_lossy(&msg.payload[..excerpt_len]).into_owned())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// An event already stored: what a replay gets back, and what a conflict is compared with.
#[derive(Debug, Clone)]
struct Stored {
    payload: String,
    result: String,
    display: String,
}

/// What deciding a batch needs from the database, read in two queries for the whole batch (each
/// query is a round trip to SQLite's worker thread; per-event queries capped throughput).
#[derive(Debug, Default)]
struct Prefetch {
    stored: HashMap<String, Stored>,
    /// Active card id → its holder.
    holders: HashMap<String, Holder>,
}

/// The holder of an active card, and what the card is.
#[derive(Debug, Clone)]
struct Holder {
    person_id: i64,
    first_name: String,
    last_name: String,
    /// Lent to a hostel guest for a stay (served only where guests may go).
    guest: bool,
    /// The card's last local day, when it has one.
    valid_through: Option<chrono::NaiveDate>,
}

impl Prefetch {
    async fn load(
        tx: &mut sqlx::SqliteConnection,
        events: &[&Event],
    ) -> Result<Prefetch, sqlx::Error> {
        if events.is_empty() {
            return Ok(Prefetch::default());
        }
        let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
        let badges: Vec<&str> = events.iter().map(|e| e.badge.as_str()).collect();
        let stored: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT id, payload, result, display FROM kiosk_events
             WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(serde_json::to_string(&ids).unwrap_or_default())
        .fetch_all(&mut *tx)
        .await?;
        let holders: Vec<(String, i64, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT b.card_id, p.id, p.first_name, p.last_name, b.kind, b.valid_through
             FROM badges b JOIN persons p ON p.id = b.person_id
             WHERE b.revoked_at IS NULL AND b.card_id IN (SELECT value FROM json_each(?))",
        )
        .bind(serde_json::to_string(&badges).unwrap_or_default())
        .fetch_all(&mut *tx)
        .await?;
        Ok(Prefetch {
            stored: stored
                .into_iter()
                .map(|(id, payload, result, display)| {
                    (
                        id,
                        Stored {
                            payload,
                            result,
                            display,
                        },
                    )
                })
                .collect(),
            holders: holders
                .into_iter()
                .map(|(card, person_id, first_name, last_name, kind, through)| {
                    let holder = Holder {
                        person_id,
                        first_name,
                        last_name,
                        guest: kind == "guest",
                        valid_through: through.and_then(|d| d.parse().ok()),
                    };
                    (card, holder)
                })
                .collect(),
        })
    }
}

/// Rows a batch adds, written in one statement each at the end of the transaction.
#[derive(Debug, Default)]
struct Writes {
    events: Vec<serde_json::Value>,
    /// Person → (kiosk, read instant, event id) of their latest read in the batch.
    last_seen: HashMap<i64, (String, String, String)>,
}

impl Writes {
    async fn flush(self, tx: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
        if !self.events.is_empty() {
            // `ORDER BY key` keeps the batch's arrival order in `ingest_no`.
            sqlx::query(
                "INSERT INTO kiosk_events (id, kiosk_id, boot, seq, read_at, read_at_utc, received_at,
                     badge, action, payload, person_id, result, display, clock_skew_ms, flagged)
                 SELECT json_extract(value, '$.id'), json_extract(value, '$.kiosk_id'),
                     json_extract(value, '$.boot'), json_extract(value, '$.seq'),
                     json_extract(value, '$.read_at'), json_extract(value, '$.read_at_utc'),
                     json_extract(value, '$.received_at'), json_extract(value, '$.badge'),
                     json_extract(value, '$.action'), json_extract(value, '$.payload'),
                     json_extract(value, '$.person_id'), json_extract(value, '$.result'),
                     json_extract(value, '$.display'), json_extract(value, '$.clock_skew_ms'),
                     json_extract(value, '$.flagged')
                 FROM json_each(?) ORDER BY key",
            )
            .bind(serde_json::Value::Array(self.events).to_string())
            .execute(&mut *tx)
            .await?;
        }
        if !self.last_seen.is_empty() {
            let rows: Vec<serde_json::Value> = self
                .last_seen
                .into_iter()
                .map(|(person, (kiosk, at, event))| {
                    serde_json::json!({"p": person, "k": kiosk, "s": at, "e": event})
                })
                .collect();
            // The latest read wins: a tap delivered late from an offline kiosk does not move the
            // person back in time.
            sqlx::query(
                "INSERT INTO person_last_seen (person_id, kiosk_id, seen_at, event_id)
                 SELECT json_extract(value, '$.p'), json_extract(value, '$.k'),
                        json_extract(value, '$.s'), json_extract(value, '$.e')
                 FROM json_each(?) WHERE true
                 ON CONFLICT (person_id) DO UPDATE SET kiosk_id = excluded.kiosk_id,
                     seen_at = excluded.seen_at, event_id = excluded.event_id
                 WHERE excluded.seen_at > person_last_seen.seen_at",
            )
            .bind(serde_json::Value::Array(rows).to_string())
            .execute(&mut *tx)
            .await?;
        }
        Ok(())
    }
}

/// A replay (the stored answer) or a conflict, when the event's id was already received (in an
/// earlier batch or earlier in this one).
fn replay_or_conflict(prefetch: &Prefetch, event: &Event) -> Option<Applied> {
    let stored = prefetch.stored.get(event.id.as_str())?;
    let canonical = String::from_utf8(event.to_payload()).unwrap_or_default();
    if stored.payload != canonical {
        return Some(Applied::Conflict);
    }
    Some(Applied::Replay(Ack {
        v: protocol::VERSION,
        id: event.id.clone(),
        result: AckResult::parse(&stored.result),
        display: serde_json::from_str(&stored.display).unwrap_or_default(),
        reason: None,
    }))
}

/// How late or early the kiosk's clock read the tap, and the skew check's verdict.
fn skew(settings: &IngestSettings, event: &Event, msg: &Received) -> (i64, Option<&'static str>) {
    let skew_ms = (msg.received_at - event.at.with_timezone(&Utc)).num_milliseconds();
    let flagged = if skew_ms < -settings.clock_skew_tolerance_ms {
        Some("clock_ahead")
    } else if skew_ms > settings.clock_skew_tolerance_ms {
        Some("delayed")
    } else {
        None
    };
    (skew_ms, flagged)
}

/// What a new tap by a known person means at the kiosk's role, decided by the domain that
/// handles that role (through the list: the SEL's counters, the rooms' doors…), in the batch's
/// transaction. `None` when no domain handles the role, or the badge has no holder.
///
/// A card past its last day (a guest's, after the stay) is refused whatever the role, and a guest
/// badge is served only at roles open to guests (the others say « Réservé aux membres »).
async fn role_meaning(
    tx: &mut sqlx::SqliteConnection,
    settings: &IngestSettings,
    known: &HashMap<String, (String, String)>,
    prefetch: &Prefetch,
    event: &Event,
    flagged: Option<&str>,
) -> Result<Meaning, sqlx::Error> {
    let Some((role, _)) = known.get(event.kiosk.as_str()) else {
        return Ok(None);
    };
    let Some(holder) = prefetch.holders.get(&event.badge) else {
        return Ok(None);
    };
    let read_at = event.at.with_timezone(&Utc);
    let hello = format!("Bonjour {}", holder.first_name);
    let read_on = read_at.with_timezone(&settings.time_zone).date_naive();
    if holder.valid_through.is_some_and(|last| read_on > last) {
        return Ok(Some(refused(hello, "Badge expiré")));
    }
    let Some(handler) = settings
        .domains
        .iter()
        .filter_map(|d| d.kiosk_role)
        .find(|k| k.role == role)
    else {
        return Ok(None);
    };
    if holder.guest && !handler.guests {
        return Ok(Some(refused(hello, "Réservé aux membres")));
    }
    let tap = Tap {
        event_id: event.id.as_str(),
        kiosk_id: event.kiosk.as_str(),
        person_id: holder.person_id,
        first_name: &holder.first_name,
        guest: holder.guest,
        action: event.action.as_str(),
        read_at,
        flagged,
        time_zone: settings.time_zone,
    };
    let meaning = (handler.tap)(&mut *tx, tap).await?;
    // Read at a kiosk inside the building, accepted or refused by its role's rules: the person is
    // in. (A card refused before those rules — expired, or a guest's where guests may not go —
    // says nothing of where its holder is; a kiosk whose clock runs ahead would pin them there
    // until the clock caught up.)
    if handler.inside && flagged != Some("clock_ahead") {
        for hook in settings.domains.iter().filter_map(|d| d.seen_inside) {
            hook(&mut *tx, tap).await?;
        }
    }
    Ok(meaning)
}

/// A tap refused at the kiosk, with why and where to go.
fn refused(title: String, why: &str) -> (AckResult, Display) {
    (
        AckResult::NotAllowed,
        Display {
            title,
            lines: vec![why.to_owned(), "Voyez l'accueil".to_owned()],
        },
    )
}

/// Decides what an event means, in memory, and queues its row (`meaning`: what the kiosk's role
/// already decided). A second copy of an event in the same batch sees the first one as stored.
fn apply_event(
    settings: &IngestSettings,
    known: &HashMap<String, (String, String)>,
    prefetch: &mut Prefetch,
    writes: &mut Writes,
    (event, msg, (skew_ms, flagged)): (&Event, &Received, (i64, Option<&'static str>)),
    meaning: Option<(AckResult, Display)>,
) -> Applied {
    let canonical = String::from_utf8(event.to_payload()).unwrap_or_default();
    let read_at_utc = event.at.with_timezone(&Utc);
    let person = prefetch.holders.get(&event.badge).cloned();

    let when = french_time(read_at_utc, settings.time_zone);
    let (result, display) = match (meaning, known.get(event.kiosk.as_str()), &person) {
        (Some(decided), _, _) => decided,
        (None, None, _) => (
            AckResult::NotAllowed,
            Display {
                title: "Borne non enregistrée".into(),
                lines: vec!["Prévenez l'accueil".into()],
            },
        ),
        (None, Some(_), None) => (
            AckResult::UnknownBadge,
            Display {
                title: "Badge inconnu".into(),
                lines: vec!["Adressez-vous à l'accueil".into()],
            },
        ),
        (None, Some(_), Some(holder)) => (
            AckResult::Recorded,
            Display {
                title: format!("Bonjour {}", holder.first_name),
                lines: vec![format!("Passage enregistré à {when}")],
            },
        ),
    };
    let display_json = serde_json::to_string(&display).unwrap_or_else(|_| "{}".into());
    let read_at_utc_text = db::instant_text(read_at_utc);

    writes.events.push(serde_json::json!({
        "id": event.id.as_str(),
        "kiosk_id": event.kiosk.as_str(),
        "boot": event.boot,
        "seq": i64::try_from(event.seq).unwrap_or(i64::MAX),
        "read_at": event.at.to_rfc3339(),
        "read_at_utc": read_at_utc_text,
        "received_at": db::instant_text(msg.received_at),
        "badge": event.badge,
        "action": event.action.as_str(),
        "payload": canonical,
        "person_id": person.as_ref().map(|p| p.person_id),
        "result": result.as_str(),
        "display": display_json,
        "clock_skew_ms": skew_ms,
        "flagged": flagged,
    }));
    // A kiosk whose clock runs ahead would pin the person there until the clock caught up.
    if let Some(Holder { person_id, .. }) =
        person.as_ref().filter(|_| flagged != Some("clock_ahead"))
    {
        let newer = writes
            .last_seen
            .get(person_id)
            .is_none_or(|(_, at, _)| read_at_utc_text > *at);
        if newer {
            writes.last_seen.insert(
                *person_id,
                (
                    event.kiosk.to_string(),
                    read_at_utc_text.clone(),
                    event.id.to_string(),
                ),
            );
        }
    }
    prefetch.stored.insert(
        event.id.to_string(),
        Stored {
            payload: canonical,
            result: result.as_str().to_owned(),
            display: display_json,
        },
    );

    let live = LiveUpdate::Tap {
        event_id: event.id.to_string(),
        kiosk_id: event.kiosk.to_string(),
        kiosk_label: known.get(event.kiosk.as_str()).map(|k| k.1.clone()),
        time: when,
        read_at: read_at_utc_text,
        person_id: person.as_ref().map(|p| p.person_id),
        person: person.map(|p| {
            format!("{} {}", p.first_name, p.last_name)
                .trim()
                .to_owned()
        }),
        badge: event.badge.clone(),
        result: result.as_str().to_owned(),
        flagged: flagged.map(str::to_owned),
    };
    Applied::New {
        live: Box::new(live),
        ack: Ack {
            v: protocol::VERSION,
            id: event.id.clone(),
            result,
            display,
            reason: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn demo_db() -> (tempfile::TempDir, SqlitePool) {
        let dir = tempfile::tempdir().expect("dir");
        let pool = db::open_and_migrate(&dir.path().join("t.db"))
            .await
            .expect("db");
        crate::demo::seed_if_empty(&pool).await.expect("seed");
        (dir, pool)
    }

    fn settings() -> IngestSettings {
        IngestSettings {
            site: "main".into(),
            time_zone: chrono_tz::Europe::Paris,
            clock_skew_tolerance_ms: 120_000,
            domains: crate::DOMAINS,
        }
    }

    fn msg(kiosk: &str, id: &str, badge: &str, at: &str) -> Received {
        let payload = serde_json::json!({"v":1,"id":id,"kiosk":kiosk,"boot":"b","seq":1,
            "at":at,"badge":badge,"action":"tap"});
        Received {
            topic: format!("citeosquare/v1/main/kiosk/{kiosk}/event"),
            payload: serde_json::to_vec(&payload).expect("json"),
            received_at: "2026-11-26T13:05:00Z".parse().expect("instant"),
        }
    }

    async fn store(
        pool: &SqlitePool,
        m: &Metrics,
        batch: &[Received],
    ) -> Result<Committed, sqlx::Error> {
        store_batch(pool, &settings(), m, batch).await
    }

    fn acks(c: &Committed) -> Vec<Ack> {
        c.acks
            .iter()
            .map(|(_, p)| protocol::decode::<Ack>(p).expect("ack"))
            .collect()
    }

    const ID: &str = "0193e1c2-7a4b-7c3d-9e8f-0123456789ab";
    const AT: &str = "2026-11-26T14:04:30+01:00";

    #[tokio::test]
    async fn the_same_event_twice_in_one_batch_is_stored_once_and_answered_twice_alike() {
        let (_dir, pool) = demo_db().await;
        let m = Metrics::default();
        let e = msg("demo-accueil", ID, "DEMO0001", AT);
        let c = store(&pool, &m, &[e.clone(), e]).await.expect("batch");
        let a = acks(&c);
        assert_eq!(a.len(), 2);
        assert_eq!(a[0], a[1]);
        // At an entrance, Marie (not in the building) comes in.
        assert_eq!(a[0].result, AckResult::Entered);
        assert_eq!(a[0].display.title, "Bonjour Marie");
        assert_eq!(a[0].display.lines, ["Entrée notée à 14 h 04"]);
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM kiosk_events")
            .fetch_one(&pool)
            .await
            .expect("count");
        assert_eq!(n, 1);
        assert_eq!(c.live.len(), 1, "the desk sees the tap once");
        assert_eq!(m.events_replayed.get(), 1);
    }

    #[tokio::test]
    async fn a_conflicting_payload_is_refused_and_the_original_stays() {
        let (_dir, pool) = demo_db().await;
        let m = Metrics::default();
        store(&pool, &m, &[msg("demo-accueil", ID, "DEMO0001", AT)])
            .await
            .expect("first");
        let c = store(&pool, &m, &[msg("demo-accueil", ID, "DEMO0002", AT)])
            .await
            .expect("second");
        let a = acks(&c);
        assert_eq!(a[0].result, AckResult::Rejected);
        assert_eq!(a[0].reason.as_deref(), Some("id_conflict"));
        let badge: String = sqlx::query_scalar("SELECT badge FROM kiosk_events WHERE id = ?")
            .bind(ID)
            .fetch_one(&pool)
            .await
            .expect("row");
        assert_eq!(badge, "DEMO0001");
    }

    #[tokio::test]
    async fn unknown_badge_unknown_kiosk_and_late_taps_get_their_own_answers() {
        let (_dir, pool) = demo_db().await;
        let m = Metrics::default();
        let batch = [
            msg("demo-accueil", ID, "CAFE0042", AT),
            msg(
                "ghost-1",
                "0193e1c2-7a4b-7c3d-9e8f-0123456789ac",
                "DEMO0001",
                AT,
            ),
            // Read at 09:00 local, delivered at 14:05: counted at its read time, flagged.
            msg(
                "demo-accueil",
                "0193e1c2-7a4b-7c3d-9e8f-0123456789ad",
                "DEMO0003",
                "2026-11-26T09:00:00+01:00",
            ),
        ];
        let a = acks(&store(&pool, &m, &batch).await.expect("batch"));
        assert_eq!(a[0].result, AckResult::UnknownBadge);
        assert_eq!(a[0].display.title, "Badge inconnu");
        assert_eq!(a[1].result, AckResult::NotAllowed);
        // Fatima is in the building since this morning (the demo): a tap read before that is
        // noted, and changes nothing.
        assert_eq!(a[2].result, AckResult::Recorded);
        assert_eq!(a[2].display.lines, ["Passage noté à 09 h 00"]);
        let flagged: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT badge, flagged FROM kiosk_events ORDER BY ingest_no")
                .fetch_all(&pool)
                .await
                .expect("rows");
        assert_eq!(flagged[0].1, None);
        assert_eq!(
            flagged[2],
            ("DEMO0003".to_owned(), Some("delayed".to_owned()))
        );
        // A late tap still sets the last-seen of someone not seen since, at its read time.
        let seen: String =
            sqlx::query_scalar("SELECT seen_at FROM person_last_seen WHERE person_id = 3")
                .fetch_one(&pool)
                .await
                .expect("seen");
        assert_eq!(seen, "2026-11-26T08:00:00.000Z");
    }

    #[tokio::test]
    async fn a_late_tap_does_not_move_a_person_back_in_time() {
        let (_dir, pool) = demo_db().await;
        let m = Metrics::default();
        store(&pool, &m, &[msg("demo-salle", ID, "DEMO0001", AT)])
            .await
            .expect("recent");
        store(
            &pool,
            &m,
            &[msg(
                "demo-accueil",
                "0193e1c2-7a4b-7c3d-9e8f-0123456789ae",
                "DEMO0001",
                "2026-11-26T09:00:00+01:00",
            )],
        )
        .await
        .expect("late");
        let kiosk: String =
            sqlx::query_scalar("SELECT kiosk_id FROM person_last_seen WHERE person_id = 1")
                .fetch_one(&pool)
                .await
                .expect("seen");
        assert_eq!(kiosk, "demo-salle");
    }
}
