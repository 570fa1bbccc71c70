//! MQTT: the embedded broker (rumqttd, on its own thread, behind [`crate::kiosks::gate`]) and the server's own client (rumqttc,
//! a persistent session with a fixed client id and manual acks), which feeds [`crate::kiosks::ingest`].
//!
//! Two tasks: the *poller* only polls the event loop and forwards what arrives (it never awaits a
//! publish or an ack, which would deadlock rumqttc); the *ingester* commits batches and then
//! publishes the acks and acknowledges the MQTT PUBLISHes. What is in flight between them is
//! bounded by the broker's in-flight window, since nothing is acked before its commit.

use crate::config::{Broker, Config, SERVER_MQTT_USER};
use crate::kiosks::gate::{self, Gate};
use crate::kiosks::ingest::{self, IngestSettings, Received};
use crate::kiosks::{self, BrokerAccounts};
use crate::web::AppState;
use citeosquare_protocol::{Topic, TopicKind};
use rumqttc::{AsyncClient, Event, EventLoop, MqttOptions, Packet, Publish, QoS};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Most messages committed in one transaction.
const MAX_BATCH: usize = 1024;

/// Largest payload a kiosk may publish to the embedded broker (Mosquitto: `message_size_limit`):
/// far above the protocol's 4 KiB, so that an oversized payload reaches the server to be refused
/// and counted instead of silently disappearing.
pub const BROKER_MAX_PAYLOAD: usize = 2 * 1024 * 1024;

/// Largest packet the server's client accepts: the broker's payload limit plus room for the topic
/// and headers, so that no message the broker lets through can break the server's session.
pub const MAX_INCOMING_PACKET: usize = 2 * BROKER_MAX_PAYLOAD;

/// Starts the embedded broker: rumqttd on its own thread, on a loopback port only the gate knows,
/// and in front of it, on `listen`, the gate that keeps each kiosk to its own topics
/// ([`crate::kiosks::gate`]). rumqttd cannot be stopped short of ending the process. Must be called
/// within the server's runtime, which runs the gate.
pub fn start_embedded_broker(
    listen: SocketAddr,
    accounts: BrokerAccounts,
    site: &str,
) -> anyhow::Result<()> {
    let front = std::net::TcpListener::bind(listen).map_err(|e| {
        anyhow::anyhow!(
            "le port MQTT {listen} est indisponible ({e}); choisissez-en un autre avec --mqtt"
        )
    })?;
    front.set_nonblocking(true)?;
    let front = tokio::net::TcpListener::from_std(front)?;
    // rumqttd binds its listener itself and does not say which port it got: take a free one.
    let inner = std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))?.local_addr()?;
    let gate = Arc::new(Gate::new(
        site,
        SERVER_MQTT_USER,
        BROKER_MAX_PAYLOAD + 64 * 1024,
        MAX_INCOMING_PACKET,
    ));
    let mut connections = rumqttd::ConnectionSettings {
        connection_timeout_ms: 10_000,
        max_payload_size: BROKER_MAX_PAYLOAD,
        max_inflight_count: 1000,
        auth: None,
        external_auth: None,
        dynamic_filters: true,
    };
    let through_gate = gate.clone();
    connections.set_auth_handler(move |client_id, user, password: String| {
        let accounts = accounts.clone();
        // A password without the gate's secret did not come through the gate: refused.
        let password = through_gate.unwrap_password(&password).map(str::to_owned);
        async move {
            match password {
                Some(password) => accounts.check(client_id, user, password).await,
                None => false,
            }
        }
    });
    let server = rumqttd::ServerSettings {
        name: "v4-kiosks".into(),
        listen: inner,
        tls: None,
        next_connection_delay_ms: 0,
        connections,
    };
    let config = rumqttd::Config {
        id: 0,
        router: rumqttd::RouterConfig {
            max_connections: 1010,
            max_outgoing_packet_count: 1000,
            max_segment_size: 4 * 1024 * 1024,
            max_segment_count: 8,
            ..Default::default()
        },
        v4: Some(HashMap::from([("1".to_owned(), server)])),
        ..Default::default()
    };
    std::thread::Builder::new()
        .name("mqtt-broker".into())
        .spawn(move || {
            let mut broker = rumqttd::Broker::new(config);
            if let Err(e) = broker.start() {
                tracing::error!(error = %e, "embedded MQTT broker stopped");
            }
        })?;
    // Wait until the broker listens, so the server's first connection does not fail for nothing.
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect_timeout(&inner, Duration::from_millis(200)).is_err() {
        if Instant::now() > deadline {
            anyhow::bail!("le broker MQTT intégré n'écoute pas sur {inner}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    tokio::spawn(gate::serve(front, inner, gate));
    Ok(())
}

/// The server's client options: persistent session, fixed id, manual acks.
pub fn client_options(config: &Config, accounts: Option<&BrokerAccounts>) -> MqttOptions {
    let (host, port, user, password) = match &config.broker {
        Broker::Embedded { listen } => {
            let host = if listen.ip().is_unspecified() {
                "127.0.0.1".to_owned()
            } else {
                listen.ip().to_string()
            };
            let password = accounts
                .map(|a| a.server_password().to_owned())
                .unwrap_or_default();
            (host, listen.port(), SERVER_MQTT_USER.to_owned(), password)
        }
        Broker::External {
            host,
            port,
            username,
            password,
        } => (
            host.clone(),
            *port,
            username.clone(),
            password.expose().to_owned(),
        ),
    };
    let mut options = MqttOptions::new(config.mqtt_client_id.clone(), host, port);
    options
        .set_clean_session(false)
        .set_manual_acks(true)
        .set_keep_alive(Duration::from_secs(15))
        .set_max_packet_size(MAX_INCOMING_PACKET, 64 * 1024)
        .set_inflight(1000)
        .set_credentials(user, password);
    options
}

/// What the poller forwards. Each connection gets a number, so that a message received on a
/// connection that has since dropped is never acknowledged on the next one (the broker redelivers
/// it there; an ack for an unknown packet id makes rumqttd drop the client).
enum FromPoller {
    Connected(u64),
    Disconnected,
    Publish(Publish, Received, Instant, u64),
}

/// Polls the event loop forever, forwarding what arrives. Never awaits the client.
async fn poll(mut eventloop: EventLoop, tx: mpsc::UnboundedSender<FromPoller>) {
    let mut failures: u32 = 0;
    let mut connection: u64 = 0;
    loop {
        match eventloop.poll().await {
            Ok(Event::Incoming(Packet::ConnAck(ack))) => {
                failures = 0;
                connection += 1;
                tracing::info!(session_present = ack.session_present, "MQTT connected");
                if tx.send(FromPoller::Connected(connection)).is_err() {
                    return;
                }
            }
            Ok(Event::Incoming(Packet::Publish(mut publish))) => {
                // The payload moves to ingestion; acknowledging needs only the packet id and QoS.
                let received = Received {
                    topic: publish.topic.clone(),
                    payload: Vec::from(std::mem::take(&mut publish.payload)),
                    received_at: chrono::Utc::now(),
                };
                if tx
                    .send(FromPoller::Publish(
                        publish,
                        received,
                        Instant::now(),
                        connection,
                    ))
                    .is_err()
                {
                    return;
                }
            }
            Ok(_) => {}
            Err(e) => {
                failures = failures.saturating_add(1);
                if failures == 1 || failures.is_power_of_two() {
                    tracing::warn!(error = %e, failures, "MQTT connection lost; retrying");
                }
                if tx.send(FromPoller::Disconnected).is_err() {
                    return;
                }
                let backoff = Duration::from_millis(100 * 2u64.pow(failures.min(5)));
                tokio::time::sleep(backoff.min(Duration::from_secs(3))).await;
            }
        }
    }
}

/// Runs the server's MQTT session until the process ends: subscribes on every connection, publishes
/// each kiosk's retained configuration, and ingests events and statuses in batches.
pub async fn run(state: AppState, client: AsyncClient, eventloop: EventLoop) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    tokio::spawn(poll(eventloop, tx));
    let settings = IngestSettings {
        site: state.config.site.clone(),
        time_zone: state.config.time_zone,
        clock_skew_tolerance_ms: state.config.clock_skew_tolerance_ms,
        domains: state.domains,
    };

    // Two parallel lists: what to acknowledge, and what to store.
    let mut batch: Vec<Incoming> = Vec::with_capacity(MAX_BATCH);
    let mut received: Vec<Received> = Vec::with_capacity(MAX_BATCH);
    let mut connection = 0;
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        while let Some(msg) = next.take() {
            match msg {
                FromPoller::Connected(n) => {
                    connection = n;
                    state.metrics.mqtt_connected.set(1);
                    state.mqtt_up.send_replace(true);
                    on_connect(&state, &client).await;
                }
                FromPoller::Disconnected => {
                    state.metrics.mqtt_connected.set(0);
                    state.mqtt_up.send_replace(false);
                }
                FromPoller::Publish(publish, message, at, connection) => {
                    batch.push(Incoming {
                        publish,
                        at,
                        connection,
                    });
                    received.push(message);
                }
            }
            if batch.len() < MAX_BATCH {
                next = rx.try_recv().ok();
            }
        }
        if !batch.is_empty() {
            ingest_batch(
                &state, &settings, &client, &mut batch, &received, connection,
            )
            .await;
            received.clear();
        }
    }
}

async fn on_connect(state: &AppState, client: &AsyncClient) {
    let site = &state.config.site;
    for kind in [TopicKind::Event, TopicKind::Status] {
        if let Err(e) = client
            .subscribe(Topic::filter_all(site, kind), QoS::AtLeastOnce)
            .await
        {
            tracing::error!(error = %e, "MQTT subscribe failed");
        }
    }
    match kiosks::list(&state.pool).await {
        Ok(list) => {
            for kiosk in list {
                let Some(cfg) = kiosk.protocol_config() else {
                    continue;
                };
                let topic = Topic::new(site, &cfg.kiosk, TopicKind::Config).to_string();
                let payload = citeosquare_protocol::encode(&cfg);
                if payload.len() > citeosquare_protocol::MAX_PAYLOAD_BYTES {
                    tracing::error!(kiosk = %cfg.kiosk, "kiosk configuration over 4 KiB; not sent");
                    continue;
                }
                if let Err(e) = client.publish(topic, QoS::AtLeastOnce, true, payload).await {
                    tracing::error!(error = %e, "publishing a kiosk configuration failed");
                }
            }
        }
        Err(e) => tracing::error!(error = %e, "cannot list kiosks"),
    }
}

struct Incoming {
    publish: Publish,
    at: Instant,
    connection: u64,
}

/// Commits a batch, then publishes its acks and acknowledges its MQTT messages — never before the
/// commit. If the database refuses the batch, it is retried; if it keeps refusing, each message is
/// tried alone, so that one message that cannot be stored (a bug) does not hold up the others: it
/// alone is acknowledged without an answer, logged and counted, and its kiosk, which keeps it until
/// the server's answer, sends it again later. If no message can be stored (disk full, database
/// locked), nothing is acknowledged and the batch is retried until the database is back.
async fn ingest_batch(
    state: &AppState,
    settings: &IngestSettings,
    client: &AsyncClient,
    batch: &mut Vec<Incoming>,
    received: &[Received],
    connection: u64,
) {
    state
        .metrics
        .ingest_batch_size
        .observe(received.len() as f64);
    let mut pause = Duration::from_millis(100);
    let committed = loop {
        match store_with_retries(state, settings, received, 3).await {
            Some(c) => break vec![Some(c)],
            None if received.len() == 1 => {
                if database_writable(state).await {
                    tracing::error!(topic = %received[0].topic, "a message could not be stored; its kiosk will send it again");
                    break vec![None];
                }
            }
            None => {
                let mut each = Vec::with_capacity(received.len());
                for r in received {
                    each.push(
                        store_with_retries(state, settings, std::slice::from_ref(r), 2).await,
                    );
                }
                if each.iter().any(Option::is_some) {
                    for (c, r) in each.iter().zip(received) {
                        if c.is_none() {
                            tracing::error!(topic = %r.topic, "a message could not be stored; its kiosk will send it again");
                        }
                    }
                    break each;
                }
            }
        }
        tracing::error!(
            pause_ms = pause.as_millis() as u64,
            "database unavailable; kiosk messages wait"
        );
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(5));
    };
    for c in committed.into_iter().flatten() {
        for (topic, payload) in c.acks {
            if let Err(e) = client
                .publish(topic, QoS::AtLeastOnce, false, payload)
                .await
            {
                tracing::error!(error = %e, "publishing an ack failed");
            }
        }
        for update in c.live {
            state.live.publish(update);
        }
    }
    for m in batch.drain(..) {
        // A message from a dropped connection is redelivered on the new one: ack that copy.
        if m.connection == connection
            && let Err(e) = client.ack(&m.publish).await
        {
            tracing::error!(error = %e, "MQTT ack failed");
        }
        state
            .metrics
            .ingest_latency
            .observe(m.at.elapsed().as_secs_f64());
    }
}

/// Whether a write transaction can start: tells a message that cannot be stored from a database
/// that cannot store anything.
async fn database_writable(state: &AppState) -> bool {
    match crate::db::begin_write(&state.pool).await {
        Ok(tx) => tx.rollback().await.is_ok(),
        Err(_) => false,
    }
}

async fn store_with_retries(
    state: &AppState,
    settings: &IngestSettings,
    received: &[Received],
    attempts: u32,
) -> Option<ingest::Committed> {
    for attempt in 1..=attempts {
        match ingest::store_batch(&state.pool, settings, &state.metrics, received).await {
            Ok(c) => return Some(c),
            Err(e) => {
                state.metrics.store_errors.inc();
                tracing::error!(error = %e, attempt, size = received.len(), "storing kiosk messages failed");
                if attempt < attempts {
                    tokio::time::sleep(Duration::from_millis(100 * u64::from(attempt))).await;
                }
            }
        }
    }
    None
}

/// Creates the client and its event loop.
pub fn connect(config: &Config, accounts: Option<&BrokerAccounts>) -> (AsyncClient, EventLoop) {
    let (client, mut eventloop) = AsyncClient::new(client_options(config, accounts), 4096);
    eventloop.set_network_options(no_delay());
    (client, eventloop)
}

/// Acks are small and latency matters: send them at once instead of waiting for Nagle's algorithm.
pub fn no_delay() -> rumqttc::NetworkOptions {
    let mut n = rumqttc::NetworkOptions::new();
    n.set_tcp_nodelay(true);
    n
}
