//! MQTT: the embedded broker (rumqttd, on its own thread) and the server's own client (rumqttc,
//! a persistent session with a fixed client id and manual acks), which feeds [`crate::ingest`].
//!
//! Two tasks: the *poller* only polls the event loop and forwards what arrives (it never awaits a
//! publish or an ack, which would deadlock rumqttc); the *ingester* commits batches and then
//! publishes the acks and acknowledges the MQTT PUBLISHes. What is in flight between them is
//! bounded by the broker's in-flight window, since nothing is acked before its commit.

use crate::AppState;
use crate::config::{Broker, Config, SERVER_MQTT_USER};
use crate::ingest::{self, IngestSettings, Received};
use crate::kiosks::{self, BrokerAccounts};
use citeosquare_protocol::{Topic, TopicKind};
use rumqttc::{AsyncClient, Event, EventLoop, MqttOptions, Packet, Publish, QoS};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Most messages committed in one transaction.
const MAX_BATCH: usize = 1024;

/// Payloads the server accepts from the broker: far above the protocol's 4 KiB, so that an
/// oversized payload reaches the server to be refused and counted instead of cutting its session.
pub const MAX_INCOMING_PACKET: usize = 2 * 1024 * 1024;

/// Starts the embedded broker on its own thread. rumqttd cannot be stopped short of ending the
/// process; it binds its listener on that thread, so the port is checked here first to give a clear
/// error.
pub fn start_embedded_broker(listen: SocketAddr, accounts: BrokerAccounts) -> anyhow::Result<()> {
    std::net::TcpListener::bind(listen).map_err(|e| {
        anyhow::anyhow!(
            "le port MQTT {listen} est indisponible ({e}); choisissez-en un autre avec --mqtt"
        )
    })?;
    let mut connections = rumqttd::ConnectionSettings {
        connection_timeout_ms: 10_000,
        max_payload_size: MAX_INCOMING_PACKET,
        max_inflight_count: 1000,
        auth: None,
        external_auth: None,
        dynamic_filters: true,
    };
    connections.set_auth_handler(move |client_id, user, password| {
        let accounts = accounts.clone();
        async move { accounts.check(client_id, user, password).await }
    });
    let server = rumqttd::ServerSettings {
        name: "v4-kiosks".into(),
        listen,
        tls: None,
        next_connection_delay_ms: 1,
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
    let probe = if listen.ip().is_unspecified() {
        SocketAddr::from(([127, 0, 0, 1], listen.port()))
    } else {
        listen
    };
    while std::net::TcpStream::connect_timeout(&probe, Duration::from_millis(200)).is_err() {
        if Instant::now() > deadline {
            anyhow::bail!("le broker MQTT intégré n'écoute pas sur {listen}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
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

enum FromPoller {
    Connected,
    Disconnected,
    Publish(Publish, Received, Instant),
}

/// Polls the event loop forever, forwarding what arrives. Never awaits the client.
async fn poll(mut eventloop: EventLoop, tx: mpsc::UnboundedSender<FromPoller>) {
    let mut failures: u32 = 0;
    loop {
        match eventloop.poll().await {
            Ok(Event::Incoming(Packet::ConnAck(ack))) => {
                failures = 0;
                tracing::info!(session_present = ack.session_present, "MQTT connected");
                if tx.send(FromPoller::Connected).is_err() {
                    return;
                }
            }
            Ok(Event::Incoming(Packet::Publish(publish))) => {
                let received = Received {
                    topic: publish.topic.clone(),
                    payload: publish.payload.to_vec(),
                    received_at: chrono::Utc::now(),
                };
                if tx
                    .send(FromPoller::Publish(publish, received, Instant::now()))
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
    };

    let mut batch: Vec<(Publish, Received, Instant)> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        while let Some(msg) = next.take() {
            match msg {
                FromPoller::Connected => {
                    state.metrics.mqtt_connected.set(1);
                    state.mqtt_up.send_replace(true);
                    on_connect(&state, &client).await;
                }
                FromPoller::Disconnected => {
                    state.metrics.mqtt_connected.set(0);
                    state.mqtt_up.send_replace(false);
                }
                FromPoller::Publish(p, r, t) => batch.push((p, r, t)),
            }
            if batch.len() < MAX_BATCH {
                next = rx.try_recv().ok();
            }
        }
        if !batch.is_empty() {
            ingest_batch(&state, &settings, &client, &mut batch).await;
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
                if let Err(e) = client.publish(topic, QoS::AtLeastOnce, true, payload).await {
                    tracing::error!(error = %e, "publishing a kiosk configuration failed");
                }
            }
        }
        Err(e) => tracing::error!(error = %e, "cannot list kiosks"),
    }
}

async fn ingest_batch(
    state: &AppState,
    settings: &IngestSettings,
    client: &AsyncClient,
    batch: &mut Vec<(Publish, Received, Instant)>,
) {
    let received: Vec<Received> = batch.iter().map(|(_, r, _)| r.clone()).collect();
    let mut attempt = 0;
    let committed = loop {
        match ingest::store_batch(&state.pool, settings, &state.metrics, &received).await {
            Ok(c) => break Some(c),
            Err(e) => {
                state.metrics.store_errors.inc();
                attempt += 1;
                tracing::error!(error = %e, attempt, size = received.len(), "storing kiosk messages failed");
                if attempt >= 5 {
                    break None;
                }
                tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
            }
        }
    };
    state
        .metrics
        .ingest_batch_size
        .observe(received.len() as f64);
    if let Some(committed) = committed {
        for (topic, payload) in committed.acks {
            if let Err(e) = client
                .publish(topic, QoS::AtLeastOnce, false, payload)
                .await
            {
                tracing::error!(error = %e, "publishing an ack failed");
            }
        }
        for update in committed.live {
            state.live.publish(update);
        }
    }
    // Without a commit, the MQTT messages are still acknowledged: the kiosks keep every event in
    // their outbox until they get the server's ack, and send it again.
    for (publish, _, started) in batch.drain(..) {
        if let Err(e) = client.ack(&publish).await {
            tracing::error!(error = %e, "MQTT ack failed");
        }
        state
            .metrics
            .ingest_latency
            .observe(started.elapsed().as_secs_f64());
    }
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

/// Publishes the retained configuration of one kiosk (after it is created or changed).
pub async fn publish_config(
    client: &AsyncClient,
    site: &str,
    kiosk: &kiosks::Kiosk,
) -> Result<(), rumqttc::ClientError> {
    if let Some(cfg) = kiosk.protocol_config() {
        let topic = Topic::new(site, &cfg.kiosk, TopicKind::Config).to_string();
        client
            .publish(
                topic,
                QoS::AtLeastOnce,
                true,
                citeosquare_protocol::encode(&cfg),
            )
            .await?;
    }
    Ok(())
}
