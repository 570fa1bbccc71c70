//! The v1 topics: `citeosquare/v1/{site}/kiosk/{kiosk}/{event|ack|status|config}`.

use crate::{KioskId, is_name};
use std::fmt;

/// The four kinds of kiosk topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TopicKind {
    /// kiosk → server, QoS 1.
    Event,
    /// server → kiosk, QoS 1.
    Ack,
    /// kiosk → server, QoS 1, retained, last will `offline`.
    Status,
    /// server → kiosk, QoS 1, retained.
    Config,
}

impl TopicKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TopicKind::Event => "event",
            TopicKind::Ack => "ack",
            TopicKind::Status => "status",
            TopicKind::Config => "config",
        }
    }
}

/// A parsed kiosk topic.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Topic {
    pub site: String,
    pub kiosk: KioskId,
    pub kind: TopicKind,
}

const PREFIX: &str = "citeosquare/v1/";

impl Topic {
    pub fn new(site: &str, kiosk: &KioskId, kind: TopicKind) -> Topic {
        Topic {
            site: site.to_owned(),
            kiosk: kiosk.clone(),
            kind,
        }
    }

    /// Parses a topic name; `None` for anything that is not exactly a v1 kiosk topic.
    pub fn parse(topic: &str) -> Option<Topic> {
        let rest = topic.strip_prefix(PREFIX)?;
        let mut parts = rest.split('/');
        let site = parts.next().filter(|s| is_name(s))?;
        if parts.next()? != "kiosk" {
            return None;
        }
        let kiosk = KioskId::parse(parts.next()?)?;
        let kind = match parts.next()? {
            "event" => TopicKind::Event,
            "ack" => TopicKind::Ack,
            "status" => TopicKind::Status,
            "config" => TopicKind::Config,
            _ => return None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Topic {
            site: site.to_owned(),
            kiosk,
            kind,
        })
    }

    /// The subscription filter matching one kind of topic for every kiosk of a site.
    pub fn filter_all(site: &str, kind: TopicKind) -> String {
        format!("{PREFIX}{site}/kiosk/+/{}", kind.as_str())
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{PREFIX}{}/kiosk/{}/{}",
            self.site,
            self.kiosk,
            self.kind.as_str()
        )
    }
}
