use super::*;
use serde_json::json;

fn kiosk(s: &str) -> KioskId {
    KioskId::parse(s).expect("valid kiosk id")
}

fn valid() -> serde_json::Value {
    json!({"v":1,"id":"0193e1c2-7a4b-7c3d-9e8f-0123456789ab","kiosk":"cafe-1",
           "boot":"5f0c1a","seq":42,"at":"2026-11-26T14:02:11.123+01:00",
           "badge":"04A1B2C3D4E5F6","action":"tap"})
}

fn parse(v: &serde_json::Value) -> Result<Event, Rejection> {
    Event::from_payload(&serde_json::to_vec(v).expect("json"), &kiosk("cafe-1"))
}

fn reason_of(v: serde_json::Value) -> Reason {
    parse(&v).expect_err("must be refused").reason
}

fn with(field: &str, value: serde_json::Value) -> serde_json::Value {
    let mut v = valid();
    v[field] = value;
    v
}

fn without(field: &str) -> serde_json::Value {
    let mut v = valid();
    v.as_object_mut().expect("object").remove(field);
    v
}

#[test]
fn valid_event_is_accepted_with_every_field() {
    let e = parse(&valid()).expect("valid");
    assert_eq!(e.id.as_str(), "0193e1c2-7a4b-7c3d-9e8f-0123456789ab");
    assert_eq!(e.kiosk.as_str(), "cafe-1");
    assert_eq!(e.seq, 42);
    assert_eq!(e.badge, "04A1B2C3D4E5F6");
    assert_eq!(e.action, Action::Tap);
    assert_eq!(e.at.offset().local_minus_utc(), 3600);
}

#[test]
fn event_round_trips_through_its_payload() {
    let e = parse(&valid()).expect("valid");
    let again = Event::from_payload(&e.to_payload(), &kiosk("cafe-1")).expect("round trip");
    assert_eq!(e, again);
}

#[test]
fn ulid_ids_and_upper_case_uuids_are_accepted_and_normalised() {
    let e = parse(&with("id", json!("01ARZ3NDEKTSV4RRFFQ69G5FAV"))).expect("ulid");
    assert_eq!(e.id.as_str(), "01ARZ3NDEKTSV4RRFFQ69G5FAV");
    let e = parse(&with("id", json!("0193E1C2-7A4B-7C3D-9E8F-0123456789AB"))).expect("uuid");
    assert_eq!(e.id.as_str(), "0193e1c2-7a4b-7c3d-9e8f-0123456789ab");
}

#[test]
fn unknown_fields_are_ignored_for_forward_compatibility() {
    assert!(parse(&with("firmware", json!("esp32-1.2"))).is_ok());
}

#[test]
fn payload_over_four_kib_is_refused_as_too_large() {
    let big = with("badge", json!("A".repeat(5000)));
    let r = parse(&big).expect_err("too large");
    assert_eq!(r.reason, Reason::TooLarge);
    assert_eq!(r.id, None);
}

#[test]
fn payload_that_is_not_json_is_refused() {
    let r = Event::from_payload(b"hello", &kiosk("cafe-1")).expect_err("not json");
    assert_eq!(r.reason, Reason::NotJson);
    let r = Event::from_payload(b"[1,2]", &kiosk("cafe-1")).expect_err("not an object");
    assert_eq!(r.reason, Reason::NotJson);
}

#[test]
fn wrong_or_missing_version_is_refused_but_keeps_the_id_for_the_ack() {
    let r = parse(&with("v", json!(2))).expect_err("v2");
    assert_eq!(r.reason, Reason::BadVersion);
    assert_eq!(
        r.id.as_ref().map(EventId::as_str),
        Some("0193e1c2-7a4b-7c3d-9e8f-0123456789ab")
    );
    assert_eq!(reason_of(without("v")), Reason::BadVersion);
    assert_eq!(reason_of(with("v", json!("1"))), Reason::BadVersion);
}

#[test]
fn bad_ids_are_refused() {
    for id in [
        json!("abc"),
        json!(""),
        json!(12),
        json!("0193e1c2-7a4b-7c3d-9e8f-0123456789zz"),
        json!("81ARZ3NDEKTSV4RRFFQ69G5FAV"),
        json!("01ARZ3NDEKTSV4RRFFQ69G5FAU!"),
    ] {
        assert_eq!(reason_of(with("id", id.clone())), Reason::BadId, "{id}");
    }
    assert_eq!(reason_of(without("id")), Reason::BadId);
}

#[test]
fn bad_kiosk_ids_are_refused() {
    for k in ["Cafe-1", "-cafe", "", "café", &"a".repeat(64)] {
        assert_eq!(reason_of(with("kiosk", json!(k))), Reason::BadKiosk, "{k}");
    }
}

#[test]
fn kiosk_differing_from_the_topic_is_refused() {
    assert_eq!(
        reason_of(with("kiosk", json!("cafe-2"))),
        Reason::KioskMismatch
    );
}

#[test]
fn bad_boot_is_refused() {
    assert_eq!(reason_of(with("boot", json!(""))), Reason::BadBoot);
    assert_eq!(reason_of(with("boot", json!("a b"))), Reason::BadBoot);
    assert_eq!(reason_of(without("boot")), Reason::BadBoot);
}

#[test]
fn bad_seq_is_refused() {
    assert_eq!(reason_of(with("seq", json!(-1))), Reason::BadSeq);
    assert_eq!(reason_of(with("seq", json!(1.5))), Reason::BadSeq);
    assert_eq!(reason_of(with("seq", json!("4"))), Reason::BadSeq);
    assert_eq!(reason_of(with("seq", json!(u64::MAX))), Reason::BadSeq);
    assert!(parse(&with("seq", json!(i64::MAX))).is_ok());
}

#[test]
fn time_without_offset_or_not_rfc3339_is_refused() {
    for at in [
        "2026-11-26T14:02:11",
        "26/11/2026 14:02",
        "2026-11-26",
        "2026-13-26T14:02:11Z",
    ] {
        assert_eq!(reason_of(with("at", json!(at))), Reason::BadTime, "{at}");
    }
    assert!(parse(&with("at", json!("2026-11-26T13:02:11Z"))).is_ok());
}

#[test]
fn bad_badges_are_refused() {
    for b in ["", "04a1b2", "04 A1", &"A".repeat(65)] {
        assert_eq!(reason_of(with("badge", json!(b))), Reason::BadBadge, "{b}");
    }
}

#[test]
fn unknown_action_is_refused_and_in_out_are_accepted() {
    assert_eq!(reason_of(with("action", json!("open"))), Reason::BadAction);
    assert_eq!(
        parse(&with("action", json!("in"))).expect("in").action,
        Action::In
    );
    assert_eq!(
        parse(&with("action", json!("out"))).expect("out").action,
        Action::Out
    );
}

#[test]
fn reasons_have_distinct_codes() {
    let mut codes: Vec<_> = Reason::ALL.iter().map(|r| r.as_str()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), Reason::ALL.len());
}

#[test]
fn ack_round_trips_and_unknown_results_are_kept() {
    let ack = Ack {
        v: 1,
        id: EventId::new_v7(),
        result: AckResult::ShiftStarted,
        display: Display {
            title: "Bonjour Marie".into(),
            lines: vec!["Solde : 12 h 30".into()],
        },
        reason: None,
    };
    let back: Ack = decode(&encode(&ack)).expect("decode");
    assert_eq!(back, ack);
    let text = String::from_utf8(encode(&ack)).expect("utf8");
    assert!(text.contains(r#""result":"shift_started""#), "{text}");
    assert!(!text.contains("reason"), "{text}");

    let future: Ack = decode(
        br#"{"v":1,"id":"01ARZ3NDEKTSV4RRFFQ69G5FAV","result":"loan_started","display":{"title":"OK"}}"#,
    )
    .expect("future result");
    assert_eq!(future.result, AckResult::Other("loan_started".into()));
    assert!(future.result.is_positive());
    assert!(future.display.lines.is_empty());
}

#[test]
fn status_and_config_round_trip_and_last_will_is_minimal() {
    let will = encode(&Status::offline(kiosk("cafe-1")));
    assert_eq!(
        String::from_utf8(will).expect("utf8"),
        r#"{"v":1,"state":"offline","kiosk":"cafe-1"}"#
    );
    let status: Status = decode(
        br#"{"v":1,"state":"online","kiosk":"cafe-1","boot":"5f0c","version":"0.3.0","pending":0,"clock_synced":true,"reader":"mfrc522","screen":"ssd1306"}"#,
    )
    .expect("status");
    assert_eq!(status.pending, Some(0));
    assert_eq!(decode::<Status>(&encode(&status)).expect("again"), status);

    let config: Config = decode(
        r#"{"v":1,"kiosk":"cafe-1","role":"sel","label":"Café — permanences SEL","idle_lines":["Badgez"]}"#.as_bytes(),
    )
    .expect("config");
    assert_eq!(config.role, Role::Sel);
    assert_eq!(decode::<Config>(&encode(&config)).expect("again"), config);
}

#[test]
fn decode_refuses_other_versions_and_oversized_payloads() {
    assert_eq!(
        decode::<Status>(br#"{"v":2,"state":"online","kiosk":"a"}"#),
        Err(Reason::BadVersion)
    );
    assert_eq!(decode::<Status>(&vec![b' '; 5000]), Err(Reason::TooLarge));
    assert_eq!(
        decode::<Status>(br#"{"v":1,"state":"asleep","kiosk":"a"}"#),
        Err(Reason::NotJson)
    );
}

#[test]
fn topics_round_trip_and_strangers_are_refused() {
    let t = Topic::new("main", &kiosk("cafe-1"), TopicKind::Event);
    assert_eq!(t.to_string(), "citeosquare/v1/main/kiosk/cafe-1/event");
    assert_eq!(Topic::parse(&t.to_string()), Some(t));
    for kind in ["ack", "status", "config"] {
        let s = format!("citeosquare/v1/main/kiosk/cafe-1/{kind}");
        assert_eq!(Topic::parse(&s).expect("parses").to_string(), s);
    }
    for bad in [
        "citeosquare/v2/main/kiosk/cafe-1/event",
        "citeosquare/v1/main/kiosk/Cafe/event",
        "citeosquare/v1/main/kiosk/cafe-1/event/x",
        "citeosquare/v1/main/door/cafe-1/event",
        "citeosquare/v1/main/kiosk/cafe-1/other",
        "citeosquare/v1/main/kiosk",
    ] {
        assert_eq!(Topic::parse(bad), None, "{bad}");
    }
    assert_eq!(
        Topic::filter_all("main", TopicKind::Status),
        "citeosquare/v1/main/kiosk/+/status"
    );
}

#[test]
fn every_known_ack_result_parses_to_itself() {
    for r in crate::AckResult::KNOWN {
        let parsed = crate::AckResult::parse(r);
        assert!(!matches!(parsed, crate::AckResult::Other(_)), "{r}");
        assert_eq!(parsed.as_str(), r);
    }
}
