//! The embedded broker keeps each kiosk to its own topics (issue 13, `server::kiosks::gate`), as
//! Mosquitto's ACL does: kiosk `k` publishes only `…/kiosk/k/event` and `…/kiosk/k/status`, and reads
//! only `…/kiosk/k/ack` and `…/kiosk/k/config`. Real MQTT clients (rumqttc) against the real server
//! and its embedded broker, whatever `CITEOSQUARE_TEST_BROKER` says.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use rumqttc::{LastWill, QoS, SubscribeFilter, SubscribeReasonCode};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const LONG: Duration = Duration::from_secs(30);

/// What a client saw, in order.
#[derive(Debug, Clone)]
enum Seen {
    SubAck(Vec<SubscribeReasonCode>),
    Publish(String, Vec<u8>),
    Closed(String),
}

/// A kiosk (or anyone with a kiosk's password) driving MQTT by hand; it does not reconnect.
struct Client {
    rt: tokio::runtime::Runtime,
    client: rumqttc::AsyncClient,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Client {
    /// Connects as `user` (client id = user), with a retained last will on `will` if given; the
    /// error the client got if the connection is refused.
    fn connect(
        port: u16,
        user: &str,
        password: &str,
        will: Option<&str>,
    ) -> Result<Client, String> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let mut opts = rumqttc::MqttOptions::new(user, "127.0.0.1", port);
        opts.set_credentials(user, password)
            .set_keep_alive(Duration::from_secs(5));
        if let Some(topic) = will {
            let payload = format!(r#"{{"v":1,"state":"offline","kiosk":"{user}"}}"#);
            opts.set_last_will(LastWill::new(topic, payload, QoS::AtLeastOnce, true));
        }
        let (client, mut eventloop) = rumqttc::AsyncClient::new(opts, 64);
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let (state_tx, state_rx) = std::sync::mpsc::channel::<Result<(), String>>();
        let sink = seen.clone();
        rt.spawn(async move {
            loop {
                let event = match eventloop.poll().await {
                    Ok(rumqttc::Event::Incoming(p)) => p,
                    Ok(rumqttc::Event::Outgoing(_)) => continue,
                    Err(e) => {
                        let e = format!("{e:?}");
                        sink.lock().unwrap().push(Seen::Closed(e.clone()));
                        let _ = state_tx.send(Err(e));
                        return;
                    }
                };
                match event {
                    rumqttc::Packet::ConnAck(_) => {
                        let _ = state_tx.send(Ok(()));
                    }
                    rumqttc::Packet::SubAck(ack) => {
                        sink.lock().unwrap().push(Seen::SubAck(ack.return_codes));
                    }
                    rumqttc::Packet::Publish(p) => {
                        let seen = Seen::Publish(p.topic.clone(), p.payload.to_vec());
                        sink.lock().unwrap().push(seen);
                    }
                    _ => {}
                }
            }
        });
        state_rx
            .recv_timeout(Duration::from_secs(10))
            .map_err(|e| e.to_string())??;
        Ok(Client { rt, client, seen })
    }

    /// Subscribes to `filters` in one SUBSCRIBE and returns the SUBACK's codes.
    fn subscribe(&self, filters: &[String]) -> Vec<SubscribeReasonCode> {
        let before = self.subacks().len();
        let filters = filters
            .iter()
            .map(|f| SubscribeFilter::new(f.clone(), QoS::AtLeastOnce));
        self.rt
            .block_on(self.client.subscribe_many(filters))
            .unwrap();
        wait_for("the SUBACK", LONG, || self.subacks().get(before).cloned())
    }

    fn subacks(&self) -> Vec<Vec<SubscribeReasonCode>> {
        let seen = self.seen.lock().unwrap();
        seen.iter()
            .filter_map(|s| match s {
                Seen::SubAck(codes) => Some(codes.clone()),
                _ => None,
            })
            .collect()
    }

    fn publish(&self, topic: &str, payload: &Value) {
        let payload = serde_json::to_vec(payload).unwrap();
        self.rt
            .block_on(self.client.publish(topic, QoS::AtLeastOnce, false, payload))
            .unwrap();
    }

    /// Messages received on `topic`, as JSON.
    fn received_on(&self, topic: &str) -> Vec<Value> {
        let seen = self.seen.lock().unwrap();
        seen.iter()
            .filter_map(|s| match s {
                Seen::Publish(t, p) if t == topic => serde_json::from_slice(p).ok(),
                _ => None,
            })
            .collect()
    }

    /// Every message received, whatever its topic.
    fn received(&self) -> Vec<String> {
        let seen = self.seen.lock().unwrap();
        seen.iter()
            .filter_map(|s| match s {
                Seen::Publish(t, _) => Some(t.clone()),
                _ => None,
            })
            .collect()
    }

    fn closed(&self) -> Option<String> {
        let seen = self.seen.lock().unwrap();
        seen.iter().find_map(|s| match s {
            Seen::Closed(e) => Some(e.clone()),
            _ => None,
        })
    }
}

const GRANTED: SubscribeReasonCode = SubscribeReasonCode::Success(QoS::AtLeastOnce);
const REFUSED: SubscribeReasonCode = SubscribeReasonCode::Failure;

fn event_id(n: u32) -> String {
    format!("0193e1c2-7a4b-7c3d-9e8f-{n:012}")
}

/// Lines of the server's log that say a packet was refused.
fn refusals_logged(site: &Site, what: &str) -> usize {
    let log = site.server.data_dir.with_extension("server.log");
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(&format!("MQTT: {what} refused")))
        .count()
}

#[test]
fn a_kiosk_cannot_read_another_kiosks_acks_and_both_still_work() {
    let site = Site::start_embedded();
    let port = site.server.broker.port();
    let a = Client::connect(port, "demo-sel", "demo", None).unwrap();
    let b = Client::connect(port, "demo-salle", "demo", None).unwrap();

    // One SUBSCRIBE with A's own ack and B's: the first granted, the second refused (0x80).
    let codes = a.subscribe(&[topic("demo-sel", "ack"), topic("demo-salle", "ack")]);
    assert_eq!(codes, [GRANTED, REFUSED]);
    assert_eq!(a.subscribe(&[topic("demo-salle", "ack")]), [REFUSED]);
    assert_eq!(b.subscribe(&[topic("demo-salle", "ack")]), [GRANTED]);

    // B taps: B gets its ack (with the person's name); A, asking for it, gets nothing.
    b.publish(
        &topic("demo-salle", "event"),
        &event_json("demo-salle", &event_id(1), 1, "DEMO0001"),
    );
    let acks = wait_for("B's ack", LONG, || {
        Some(b.received_on(&topic("demo-salle", "ack"))).filter(|a| !a.is_empty())
    });
    assert_eq!(acks[0]["id"], event_id(1));
    assert!(acks[0]["display"]["title"].is_string(), "{}", acks[0]);

    // A taps too, and gets its own ack: the refused filter did not cost it its own.
    a.publish(
        &topic("demo-sel", "event"),
        &event_json("demo-sel", &event_id(2), 1, "DEMO0002"),
    );
    wait_for("A's ack", LONG, || {
        (!a.received_on(&topic("demo-sel", "ack")).is_empty()).then_some(())
    });
    assert_eq!(
        a.received(),
        [topic("demo-sel", "ack")],
        "A received nothing but its own ack"
    );
    assert!(a.closed().is_none() && b.closed().is_none());
    assert_eq!(site.stored_ids("demo-salle"), [event_id(1)]);
    assert_eq!(site.stored_ids("demo-sel"), [event_id(2)]);
    assert!(refusals_logged(&site, "subscribe") >= 1);
    // The server's own account (every kiosk's events, every ack) is untouched.
    let (_, health) = site.server.get("/healthz").unwrap();
    assert!(health.contains("\"mqtt\":\"connected\""), "{health}");
}

#[test]
fn wildcard_subscriptions_by_a_kiosk_are_refused() {
    let site = Site::start_embedded();
    let port = site.server.broker.port();
    let a = Client::connect(port, "demo-sel", "demo", None).unwrap();
    let filters = [
        "#".to_owned(),
        "+/v1/main/kiosk/demo-salle/ack".to_owned(),
        "citeosquare/v1/main/kiosk/+/ack".to_owned(),
        "citeosquare/v1/main/kiosk/+/config".to_owned(),
        "citeosquare/v1/main/kiosk/demo-sel/#".to_owned(),
        "citeosquare/v1/+/kiosk/demo-sel/ack".to_owned(),
        "citeosquare/v1/main/kiosk/demo-salle/event".to_owned(),
    ];
    assert_eq!(a.subscribe(&filters), vec![REFUSED; filters.len()]);

    let b = Client::connect(port, "demo-salle", "demo", None).unwrap();
    assert_eq!(
        b.subscribe(&[topic("demo-salle", "ack"), topic("demo-salle", "config")]),
        [GRANTED, GRANTED]
    );
    b.publish(
        &topic("demo-salle", "event"),
        &event_json("demo-salle", &event_id(3), 1, "DEMO0003"),
    );
    wait_for("B's ack", LONG, || {
        (!b.received_on(&topic("demo-salle", "ack")).is_empty()).then_some(())
    });
    assert_eq!(
        b.received_on(&topic("demo-salle", "config"))[0]["kiosk"],
        "demo-salle",
        "B gets its retained configuration"
    );
    std::thread::sleep(Duration::from_millis(200));
    assert!(a.received().is_empty(), "A saw {:?}", a.received());
    assert!(
        a.closed().is_none(),
        "a refused SUBSCRIBE leaves the connection open"
    );
}

#[test]
fn a_kiosk_cannot_publish_as_another_and_is_disconnected_and_logged_once() {
    let site = Site::start_embedded();
    let port = site.server.broker.port();
    let b = Client::connect(port, "demo-salle", "demo", None).unwrap();
    assert_eq!(b.subscribe(&[topic("demo-salle", "ack")]), [GRANTED]);

    // Twice: a forged event, well-formed and naming B, on B's event topic with A's account.
    for n in [10, 11] {
        let a = Client::connect(port, "demo-sel", "demo", None).unwrap();
        a.publish(
            &topic("demo-salle", "event"),
            &event_json("demo-salle", &event_id(n), u64::from(n), "DEMO0001"),
        );
        wait_for("the broker to close A's connection", LONG, || a.closed());
    }
    // A's other refused publishes: B's status, and A's own ack topic.
    for (n, t) in [
        (12, topic("demo-salle", "status")),
        (13, topic("demo-sel", "ack")),
    ] {
        let a = Client::connect(port, "demo-sel", "demo", None).unwrap();
        a.publish(&t, &serde_json::json!({"v": 1, "n": n}));
        wait_for("the broker to close A's connection", LONG, || a.closed());
    }

    // A connected as itself still works, and once its own event is stored, the forged ones had
    // their chance: none reached the server.
    let a = Client::connect(port, "demo-sel", "demo", None).unwrap();
    assert_eq!(a.subscribe(&[topic("demo-sel", "ack")]), [GRANTED]);
    a.publish(
        &topic("demo-sel", "event"),
        &event_json("demo-sel", &event_id(20), 1, "DEMO0002"),
    );
    wait_for("A's ack", LONG, || {
        (!a.received_on(&topic("demo-sel", "ack")).is_empty()).then_some(())
    });
    assert_eq!(site.stored_ids("demo-sel"), [event_id(20)]);
    assert!(
        site.stored_ids("demo-salle").is_empty(),
        "nothing stored as B"
    );
    assert_eq!(
        site.server
            .query_strings("SELECT CAST(count(*) AS TEXT) FROM rejected_events"),
        ["0"],
        "nothing forged even reached the server"
    );
    assert!(b.received_on(&topic("demo-salle", "ack")).is_empty());
    assert_eq!(
        refusals_logged(&site, "publish"),
        1,
        "four refusals from one kiosk make one log line"
    );
}

#[test]
fn a_kiosks_last_will_must_be_its_own_status() {
    let site = Site::start_embedded();
    let port = site.server.broker.port();
    let refused = Client::connect(
        port,
        "demo-sel",
        "demo",
        Some(&topic("demo-salle", "status")),
    )
    .err()
    .expect("a will on another kiosk's status is refused");
    assert!(refused.contains("NotAuthorized"), "{refused}");
    let refused = Client::connect(port, "demo-sel", "demo", Some(&topic("demo-sel", "event")))
        .err()
        .expect("a will on the kiosk's own event topic is refused");
    assert!(refused.contains("NotAuthorized"), "{refused}");
    let own = Client::connect(port, "demo-sel", "demo", Some(&topic("demo-sel", "status")));
    assert!(own.is_ok(), "{:?}", own.err());
    // A wrong password is still refused, by the broker behind the gate.
    assert!(Client::connect(port, "demo-sel", "not-demo", None).is_err());
    assert!(Client::connect(port, "citeosquare-server", "guess", None).is_err());
}
