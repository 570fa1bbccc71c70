//! The kiosk ⇄ server MQTT contract, version 1 (`shared/PROTOCOL.md`, documented for kiosk makers in
//! `docs/protocol.md`).
//!
//! Layout:
//! - [`topic`]: the four topics and their parser;
//! - [`Event`], [`Ack`], [`Status`], [`Config`]: the payloads, with their serde form;
//! - [`Event::from_payload`]: the strict validation the server applies to every event, whose
//!   refusals carry a machine [`Reason`] that is sent back in a `rejected` ack and counted.
//!
//! Every payload is a UTF-8 JSON object of at most [`MAX_PAYLOAD_BYTES`] carrying `"v": 1`. Unknown
//! fields are ignored, so that later versions may add optional ones.

pub mod topic;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use topic::{Topic, TopicKind};

/// The protocol version every payload carries in `v`.
pub const VERSION: u8 = 1;

/// The largest payload accepted, in bytes.
pub const MAX_PAYLOAD_BYTES: usize = 4096;

/// Why an event is refused. The `as_str` form is the `reason` of a `rejected` ack and the label of
/// the server's rejection counter, so it never changes once published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Larger than [`MAX_PAYLOAD_BYTES`].
    TooLarge,
    /// Not a UTF-8 JSON object.
    NotJson,
    /// `v` missing or not 1.
    BadVersion,
    /// `id` missing or neither a UUID nor a ULID.
    BadId,
    /// `kiosk` missing or not matching `[a-z0-9][a-z0-9-]{0,62}`.
    BadKiosk,
    /// `kiosk` differs from the kiosk named in the topic.
    KioskMismatch,
    /// `boot` missing or not 1–64 characters of `[A-Za-z0-9_-]`.
    BadBoot,
    /// `seq` missing or not an integer from 0 to 2^63 − 1.
    BadSeq,
    /// `at` missing or not an RFC 3339 date-time with an offset.
    BadTime,
    /// `badge` missing or not 1–64 upper-case letters and digits.
    BadBadge,
    /// `action` not one of `tap`, `in`, `out`.
    BadAction,
    /// The same `id` was already received with another payload; the first one stands.
    IdConflict,
    /// The topic is not a v1 kiosk topic.
    BadTopic,
}

impl Reason {
    /// Every reason, for metrics that list them all from the start.
    pub const ALL: [Reason; 13] = [
        Reason::TooLarge,
        Reason::NotJson,
        Reason::BadVersion,
        Reason::BadId,
        Reason::BadKiosk,
        Reason::KioskMismatch,
        Reason::BadBoot,
        Reason::BadSeq,
        Reason::BadTime,
        Reason::BadBadge,
        Reason::BadAction,
        Reason::IdConflict,
        Reason::BadTopic,
    ];

    /// The machine code sent in `reason`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::TooLarge => "too_large",
            Reason::NotJson => "not_json",
            Reason::BadVersion => "bad_version",
            Reason::BadId => "bad_id",
            Reason::BadKiosk => "bad_kiosk",
            Reason::KioskMismatch => "kiosk_mismatch",
            Reason::BadBoot => "bad_boot",
            Reason::BadSeq => "bad_seq",
            Reason::BadTime => "bad_time",
            Reason::BadBadge => "bad_badge",
            Reason::BadAction => "bad_action",
            Reason::IdConflict => "id_conflict",
            Reason::BadTopic => "bad_topic",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refused payload: the reason, the event id when it could be read (then the server answers with
/// a `rejected` ack), and a detail for the log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}: {detail}")]
pub struct Rejection {
    pub reason: Reason,
    pub id: Option<EventId>,
    pub detail: String,
}

impl Rejection {
    fn new(reason: Reason, id: Option<EventId>, detail: impl Into<String>) -> Self {
        Rejection {
            reason,
            id,
            detail: detail.into(),
        }
    }
}

/// An event id: a UUID (v7 recommended), kept in lower-case hyphenated form, or a ULID, kept in
/// upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct EventId(String);

impl EventId {
    /// Parses a UUID or a ULID.
    pub fn parse(s: &str) -> Option<EventId> {
        if s.len() == 36 {
            let uuid = uuid::Uuid::try_parse(s).ok()?;
            return Some(EventId(uuid.hyphenated().to_string()));
        }
        if is_ulid(s) {
            return Some(EventId(s.to_ascii_uppercase()));
        }
        None
    }

    /// A new UUID v7, as kiosks make at read time.
    pub fn new_v7() -> EventId {
        EventId(uuid::Uuid::now_v7().hyphenated().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for EventId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        EventId::parse(&s).ok_or_else(|| serde::de::Error::custom("not a UUID or ULID"))
    }
}

/// 26 characters of Crockford base 32, the first at most `7` so the value fits 128 bits.
fn is_ulid(s: &str) -> bool {
    const CROCKFORD: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    s.len() == 26
        && s.bytes().next().is_some_and(|b| (b'0'..=b'7').contains(&b))
        && s.chars()
            .all(|c| CROCKFORD.contains(c.to_ascii_uppercase()))
}

/// A kiosk id (also used for site ids): `[a-z0-9][a-z0-9-]{0,62}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct KioskId(String);

impl KioskId {
    pub fn parse(s: &str) -> Option<KioskId> {
        is_name(s).then(|| KioskId(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KioskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for KioskId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        KioskId::parse(&s)
            .ok_or_else(|| serde::de::Error::custom("kiosk id must match [a-z0-9][a-z0-9-]{0,62}"))
    }
}

/// `[a-z0-9][a-z0-9-]{0,62}`: kiosk and site ids.
pub fn is_name(s: &str) -> bool {
    let b = s.as_bytes();
    (1..=63).contains(&b.len())
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// Whether `s` is a badge as the protocol carries it: 1–64 upper-case letters and digits (hex UID
/// for 13.56 MHz cards, decimal for Wiegand).
pub fn is_badge(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn is_boot(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
}

/// What the kiosk says the tap is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// The server decides from the kiosk's role and the person's state.
    Tap,
    In,
    Out,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Tap => "tap",
            Action::In => "in",
            Action::Out => "out",
        }
    }
}

/// A badge read, kiosk → server (`…/kiosk/{kiosk}/event`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub v: u8,
    pub id: EventId,
    pub kiosk: KioskId,
    pub boot: String,
    pub seq: u64,
    /// The kiosk's wall-clock time of the read, with its offset.
    pub at: DateTime<FixedOffset>,
    pub badge: String,
    pub action: Action,
}

impl Event {
    /// Parses and validates an event received on the topic of kiosk `topic_kiosk`.
    ///
    /// The checks run in the order of the protocol's rules, so the reason is the first rule broken;
    /// the id is read early so that even a refused event can be answered.
    pub fn from_payload(payload: &[u8], topic_kiosk: &KioskId) -> Result<Event, Rejection> {
        if payload.len() > MAX_PAYLOAD_BYTES {
            return Err(Rejection::new(
                Reason::TooLarge,
                None,
                format!("{} bytes, at most {MAX_PAYLOAD_BYTES}", payload.len()),
            ));
        }
        let value: serde_json::Value = serde_json::from_slice(payload)
            .map_err(|e| Rejection::new(Reason::NotJson, None, e.to_string()))?;
        let serde_json::Value::Object(obj) = value else {
            return Err(Rejection::new(Reason::NotJson, None, "not a JSON object"));
        };
        let str_field = |name: &str| obj.get(name).and_then(|v| v.as_str());

        let id = str_field("id").and_then(EventId::parse);
        let reject = |reason, detail: &str| Err(Rejection::new(reason, id.clone(), detail));

        if obj.get("v").and_then(|v| v.as_u64()) != Some(u64::from(VERSION)) {
            return reject(Reason::BadVersion, "v must be 1");
        }
        let Some(id_ok) = id.clone() else {
            return reject(Reason::BadId, "id must be a UUID or a ULID");
        };
        let Some(kiosk) = str_field("kiosk").and_then(KioskId::parse) else {
            return reject(Reason::BadKiosk, "kiosk must match [a-z0-9][a-z0-9-]{0,62}");
        };
        if &kiosk != topic_kiosk {
            return reject(
                Reason::KioskMismatch,
                &format!("payload kiosk {kiosk} published on the topic of {topic_kiosk}"),
            );
        }
        let Some(boot) = str_field("boot").filter(|b| is_boot(b)) else {
            return reject(
                Reason::BadBoot,
                "boot must be 1-64 characters of [A-Za-z0-9_-]",
            );
        };
        // At most 2^63 - 1, so that every store (SQLite's INTEGER among them) keeps it exactly.
        let Some(seq) = obj
            .get("seq")
            .and_then(|v| v.as_u64())
            .filter(|s| i64::try_from(*s).is_ok())
        else {
            return reject(
                Reason::BadSeq,
                "seq must be an integer from 0 to 9223372036854775807",
            );
        };
        let Some(at) = str_field("at").and_then(|s| DateTime::parse_from_rfc3339(s).ok()) else {
            return reject(Reason::BadTime, "at must be RFC 3339 with an offset");
        };
        let Some(badge) = str_field("badge").filter(|b| is_badge(b)) else {
            return reject(
                Reason::BadBadge,
                "badge must be 1-64 upper-case letters or digits",
            );
        };
        let action = match str_field("action") {
            Some("tap") => Action::Tap,
            Some("in") => Action::In,
            Some("out") => Action::Out,
            _ => return reject(Reason::BadAction, "action must be tap, in or out"),
        };
        Ok(Event {
            v: VERSION,
            id: id_ok,
            kiosk,
            boot: boot.to_owned(),
            seq,
            at,
            badge: badge.to_owned(),
            action,
        })
    }

    /// The payload as JSON bytes.
    pub fn to_payload(&self) -> Vec<u8> {
        // Serializing plain strings, numbers and a date cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// The outcome of an event, as the server names it in an ack.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AckResult {
    ShiftStarted,
    ShiftEnded,
    Entered,
    Left,
    CheckedIn,
    CheckedOut,
    Recorded,
    UnknownBadge,
    NotAllowed,
    Rejected,
    /// A vehicle's key was taken at the key cabinet (role `vehicles`).
    KeyTaken,
    /// A vehicle's key was brought back.
    KeyReturned,
    /// A value added by a later server; the kiosk shows `display`.
    Other(String),
}

impl AckResult {
    /// Every result this version knows, as on the wire.
    pub const KNOWN: [&'static str; 12] = [
        "shift_started",
        "shift_ended",
        "entered",
        "left",
        "checked_in",
        "checked_out",
        "recorded",
        "unknown_badge",
        "not_allowed",
        "rejected",
        "key_taken",
        "key_returned",
    ];

    pub fn as_str(&self) -> &str {
        match self {
            AckResult::ShiftStarted => "shift_started",
            AckResult::ShiftEnded => "shift_ended",
            AckResult::Entered => "entered",
            AckResult::Left => "left",
            AckResult::CheckedIn => "checked_in",
            AckResult::CheckedOut => "checked_out",
            AckResult::Recorded => "recorded",
            AckResult::UnknownBadge => "unknown_badge",
            AckResult::NotAllowed => "not_allowed",
            AckResult::Rejected => "rejected",
            AckResult::KeyTaken => "key_taken",
            AckResult::KeyReturned => "key_returned",
            AckResult::Other(s) => s,
        }
    }

    pub fn parse(s: &str) -> AckResult {
        match s {
            "shift_started" => AckResult::ShiftStarted,
            "shift_ended" => AckResult::ShiftEnded,
            "entered" => AckResult::Entered,
            "left" => AckResult::Left,
            "checked_in" => AckResult::CheckedIn,
            "checked_out" => AckResult::CheckedOut,
            "recorded" => AckResult::Recorded,
            "unknown_badge" => AckResult::UnknownBadge,
            "not_allowed" => AckResult::NotAllowed,
            "rejected" => AckResult::Rejected,
            "key_taken" => AckResult::KeyTaken,
            "key_returned" => AckResult::KeyReturned,
            other => AckResult::Other(other.to_owned()),
        }
    }

    /// Whether the kiosk should present this as a success (green) or a refusal (red).
    pub fn is_positive(&self) -> bool {
        !matches!(
            self,
            AckResult::UnknownBadge | AckResult::NotAllowed | AckResult::Rejected
        )
    }
}

impl Serialize for AckResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AckResult {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(AckResult::parse(&String::deserialize(d)?))
    }
}

/// What a kiosk shows: a title and a few lines.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Display {
    pub title: String,
    #[serde(default)]
    pub lines: Vec<String>,
}

/// The server's answer to an event, server → kiosk (`…/kiosk/{kiosk}/ack`), published only after the
/// event's effects are committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ack {
    pub v: u8,
    pub id: EventId,
    pub result: AckResult,
    pub display: Display,
    /// The machine reason of a `rejected` ack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Whether a kiosk is up, kiosk → server (`…/kiosk/{kiosk}/status`, retained; the last will says
/// `offline`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub v: u8,
    pub state: KioskState,
    pub kiosk: KioskId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boot: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Events in the outbox not yet acked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_synced: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reader: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screen: Option<String>,
    /// What needs a human at the kiosk: `outbox_high` (many events waiting), `outbox_full` (new
    /// taps refused), `outbox_error` (the outbox cannot be written), `reader_error`,
    /// `screen_error`, `clock_not_synced`. Absent when all is well.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_empty"
    )]
    pub alarms: Vec<String>,
}

/// `null` is read as absent, as for every optional field.
fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(d)?.unwrap_or_default())
}

impl Status {
    /// The last will a kiosk registers when it connects.
    pub fn offline(kiosk: KioskId) -> Status {
        Status {
            v: VERSION,
            state: KioskState::Offline,
            kiosk,
            boot: None,
            version: None,
            pending: None,
            clock_synced: None,
            reader: None,
            alarms: vec![],
            screen: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KioskState {
    Online,
    Offline,
}

/// What a kiosk is for; the server decides what a tap means from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A SEL counter: shifts start and end.
    Sel,
    /// A space door: entries and exits.
    Space,
    /// The reception entrance.
    Entrance,
    /// The vehicle key cabinet.
    Vehicles,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Sel => "sel",
            Role::Space => "space",
            Role::Entrance => "entrance",
            Role::Vehicles => "vehicles",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "sel" => Some(Role::Sel),
            "space" => Some(Role::Space),
            "entrance" => Some(Role::Entrance),
            "vehicles" => Some(Role::Vehicles),
            _ => None,
        }
    }
}

/// A kiosk's configuration, server → kiosk (`…/kiosk/{kiosk}/config`, retained).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    pub v: u8,
    pub kiosk: KioskId,
    pub role: Role,
    pub label: String,
    #[serde(default)]
    pub idle_lines: Vec<String>,
}

/// Parses a server → kiosk or status payload of any of the serde types above, refusing payloads
/// over the size cap and other versions.
pub fn decode<T: serde::de::DeserializeOwned>(payload: &[u8]) -> Result<T, Reason> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(Reason::TooLarge);
    }
    let value: serde_json::Value = serde_json::from_slice(payload).map_err(|_| Reason::NotJson)?;
    if value.get("v").and_then(|v| v.as_u64()) != Some(u64::from(VERSION)) {
        return Err(Reason::BadVersion);
    }
    serde_json::from_value(value).map_err(|_| Reason::NotJson)
}

/// Encodes any payload type as JSON bytes.
pub fn encode<T: Serialize>(payload: &T) -> Vec<u8> {
    serde_json::to_vec(payload).unwrap_or_default()
}

#[cfg(test)]
mod tests;
