//! The examples of `docs/protocol.md` are checked against the real validation, so that what kiosk
//! makers copy from the guide is what the server accepts.
//!
//! A fenced ```` ```json ```` block preceded by `<!-- example: KIND -->` (KIND = event, ack, status
//! or config) must be accepted; one preceded by `<!-- invalid-example: REASON -->` is an event that
//! must be refused with exactly that reason. Unmarked json blocks (the JSON Schemas) must at least
//! be valid JSON.

use citeosquare_protocol::{Ack, Config, Event, KioskId, Reason, Status, decode};

const DOC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/protocol.md");

/// The topic kiosk used for an invalid example whose payload names no valid kiosk.
const FALLBACK_KIOSK: &str = "cafe-1";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Marker {
    Example(String),
    Invalid(String),
}

#[derive(Debug)]
struct JsonBlock {
    marker: Option<Marker>,
    /// 1-based line of the opening fence, for failure messages.
    line: usize,
    text: String,
}

fn doc() -> String {
    std::fs::read_to_string(DOC_PATH).unwrap_or_else(|e| panic!("cannot read {DOC_PATH}: {e}"))
}

/// `<!-- example: event -->` → `Example("event")`; anything else that is not a marker → `None`.
fn parse_marker(line: &str) -> Option<Marker> {
    let inner = line
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    if let Some(kind) = inner.strip_prefix("example:") {
        return Some(Marker::Example(kind.trim().to_owned()));
    }
    if let Some(reason) = inner.strip_prefix("invalid-example:") {
        return Some(Marker::Invalid(reason.trim().to_owned()));
    }
    None
}

/// Every fenced json block of the document, with the marker that precedes it (blank lines may
/// stand between the two, nothing else). A marker not followed by a json block is an error in the
/// document, so it fails the test instead of being silently skipped.
fn json_blocks(doc: &str) -> Vec<JsonBlock> {
    let lines: Vec<&str> = doc.lines().collect();
    let mut blocks = Vec::new();
    let mut pending: Option<(Marker, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if let Some(info) = line.strip_prefix("```") {
            let open = i + 1;
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && lines[i].trim() != "```" {
                body.push(lines[i]);
                i += 1;
            }
            assert!(i < lines.len(), "unclosed code fence opened at line {open}");
            let marker = pending.take().map(|(m, at)| {
                assert_eq!(
                    info.trim(),
                    "json",
                    "marker at line {at} precedes a non-json block"
                );
                m
            });
            if info.trim() == "json" {
                blocks.push(JsonBlock {
                    marker,
                    line: open,
                    text: body.join("\n"),
                });
            }
        } else if let Some(marker) = parse_marker(line) {
            if let Some((_, at)) = pending {
                panic!("marker at line {at} is not followed by a json block");
            }
            pending = Some((marker, i + 1));
        } else if line.starts_with("<!--") && (line.contains("example") || line.contains("Example"))
        {
            panic!("malformed example marker at line {}: {line}", i + 1);
        } else if !line.is_empty()
            && let Some((_, at)) = pending
        {
            panic!("marker at line {at} is not followed by a json block");
        }
        i += 1;
    }
    if let Some((_, at)) = pending {
        panic!("marker at line {at} is not followed by a json block");
    }
    blocks
}

/// The kiosk an event example names, which is the kiosk whose topic it is published on.
fn kiosk_of(payload: &str) -> Option<KioskId> {
    let value: serde_json::Value = serde_json::from_str(payload).ok()?;
    KioskId::parse(value.get("kiosk")?.as_str()?)
}

fn fallback_kiosk() -> KioskId {
    KioskId::parse(FALLBACK_KIOSK).expect("valid fallback kiosk id")
}

#[test]
fn every_valid_example_in_the_protocol_guide_is_accepted() {
    let doc = doc();
    let mut counts = [("event", 0), ("ack", 0), ("status", 0), ("config", 0)];
    for block in json_blocks(&doc) {
        let Some(Marker::Example(kind)) = &block.marker else {
            continue;
        };
        let bytes = block.text.as_bytes();
        let where_ = format!("{kind} example at line {}", block.line);
        match kind.as_str() {
            "event" => {
                let kiosk = kiosk_of(&block.text)
                    .unwrap_or_else(|| panic!("{where_}: no valid kiosk field"));
                if let Err(rejection) = Event::from_payload(bytes, &kiosk) {
                    panic!("{where_} is refused: {rejection}");
                }
            }
            "ack" => {
                decode::<Ack>(bytes)
                    .unwrap_or_else(|reason| panic!("{where_} is refused: {reason}"));
            }
            "status" => {
                decode::<Status>(bytes)
                    .unwrap_or_else(|reason| panic!("{where_} is refused: {reason}"));
            }
            "config" => {
                decode::<Config>(bytes)
                    .unwrap_or_else(|reason| panic!("{where_} is refused: {reason}"));
            }
            other => panic!("{where_}: unknown example kind {other:?}"),
        }
        let count = counts
            .iter_mut()
            .find(|(k, _)| k == kind)
            .expect("kind counted above");
        count.1 += 1;
    }
    for (kind, count) in counts {
        assert!(
            count > 0,
            "the guide has no `<!-- example: {kind} -->` block"
        );
    }
}

#[test]
fn every_invalid_example_is_refused_with_the_reason_it_names() {
    let doc = doc();
    let mut seen = 0;
    for block in json_blocks(&doc) {
        let Some(Marker::Invalid(expected)) = &block.marker else {
            continue;
        };
        let where_ = format!("invalid example at line {}", block.line);
        let reason = Reason::ALL
            .into_iter()
            .find(|r| r.as_str() == expected)
            .unwrap_or_else(|| panic!("{where_}: {expected:?} is not a reason code"));
        let kiosk = kiosk_of(&block.text).unwrap_or_else(fallback_kiosk);
        let rejection = match Event::from_payload(block.text.as_bytes(), &kiosk) {
            Ok(event) => panic!("{where_} is accepted: {event:?}"),
            Err(rejection) => rejection,
        };
        assert_eq!(
            rejection.reason.as_str(),
            expected,
            "{where_}: refused for another reason ({rejection})"
        );
        // The guide says which refusals get an ack: all of those whose id could be read. Its
        // examples keep a valid id whenever the reason allows one, so the id is missing exactly
        // for the reasons that cannot be answered.
        let unanswerable = matches!(reason, Reason::TooLarge | Reason::NotJson | Reason::BadId);
        assert_eq!(
            rejection.id.is_none(),
            unanswerable,
            "{where_}: the id should {}be readable",
            if unanswerable { "not " } else { "" }
        );
        seen += 1;
    }
    assert!(
        seen >= 3,
        "the guide should show a few `<!-- invalid-example: REASON -->` events, found {seen}"
    );
}

#[test]
fn every_json_block_of_the_guide_is_valid_json() {
    let doc = doc();
    let blocks = json_blocks(&doc);
    let mut schemas = 0;
    for block in &blocks {
        let value: serde_json::Value = serde_json::from_str(&block.text)
            .unwrap_or_else(|e| panic!("json block at line {} is not JSON: {e}", block.line));
        if value.get("$schema").and_then(|s| s.as_str())
            == Some("https://json-schema.org/draft/2020-12/schema")
        {
            schemas += 1;
        }
    }
    assert_eq!(
        schemas, 4,
        "one draft 2020-12 schema each for Event, Ack, Status and Config"
    );
}

#[test]
fn the_guide_lists_every_rejection_reason() {
    let doc = doc();
    for reason in Reason::ALL {
        let row = format!("| `{}` |", reason.as_str());
        assert!(
            doc.lines().any(|line| line.starts_with(&row)),
            "docs/protocol.md has no table row for the reason `{reason}`"
        );
    }
}

#[test]
fn the_marker_parser_reads_both_kinds_of_marker() {
    assert_eq!(
        parse_marker("<!-- example: event -->"),
        Some(Marker::Example("event".into()))
    );
    assert_eq!(
        parse_marker("<!-- invalid-example: bad_time -->"),
        Some(Marker::Invalid("bad_time".into()))
    );
    assert_eq!(parse_marker("<!-- a comment -->"), None);
    assert_eq!(parse_marker("example: event"), None);
}
