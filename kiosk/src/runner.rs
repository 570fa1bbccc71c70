//! The kiosk loop.
//!
//! A read becomes an event (id made now, `seq` + 1) written to the outbox *before* any feedback;
//! then it is published, oldest first, at most `window` at a time. It leaves the pending set only
//! when the server's ack for its id arrives on the ack topic — the broker's PUBACK proves nothing
//! about the server's commit. After a reconnect, or when the oldest sent event waited longer than
//! `retry_after`, every pending event is sent again with the same bytes; the server answers a replay
//! with the same ack and counts it once.
//!
//! As on the server, one task only polls rumqttc's event loop and forwards what arrives; this loop
//! never blocks on the client (it uses `try_publish` and tries again on the next tick).

use crate::feedback::{Feedback, Recorded};
use crate::hardware::ClockCheck;
use crate::outbox::Outbox;
use crate::settings::Settings;
use crate::source::{BadgeSource, Read};
use citeosquare_protocol::{
    self as protocol, Ack, Action, Event, EventId, KioskState, Status, Topic, TopicKind,
};
use rumqttc::{AsyncClient, Event as MqttEvent, EventLoop, LastWill, MqttOptions, Packet, QoS};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Most reads written in one outbox transaction when they arrive together.
const MAX_READS_PER_COMMIT: usize = 256;

enum Net {
    Connected,
    Disconnected,
    Ack(Vec<u8>),
    Config(Vec<u8>),
}

/// The kiosk's version, reported in its status.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

fn topic(s: &Settings, kind: TopicKind) -> String {
    Topic::new(&s.site, &s.id, kind).to_string()
}

fn mqtt_options(s: &Settings) -> MqttOptions {
    let mut o = MqttOptions::new(s.id.as_str(), s.broker_host.clone(), s.broker_port);
    o.set_credentials(s.id.as_str(), s.password.clone())
        .set_keep_alive(s.keep_alive)
        // Every pending event is resent after a reconnect anyway; a clean session keeps the
        // broker from holding stale acks for us.
        .set_clean_session(true)
        .set_inflight(u16::try_from(s.window.max(10)).unwrap_or(u16::MAX))
        // Acks and configurations are at most 4 KiB; anything far larger is not for us.
        .set_max_packet_size(64 * 1024, 64 * 1024)
        .set_last_will(LastWill::new(
            topic(s, TopicKind::Status),
            protocol::encode(&Status::offline(s.id.clone())),
            QoS::AtLeastOnce,
            true,
        ));
    o
}

async fn poll(mut eventloop: EventLoop, tx: mpsc::UnboundedSender<Net>, ack_topic: String) {
    let mut failures: u32 = 0;
    loop {
        let sent = match eventloop.poll().await {
            Ok(MqttEvent::Incoming(Packet::ConnAck(_))) => {
                failures = 0;
                tx.send(Net::Connected)
            }
            Ok(MqttEvent::Incoming(Packet::Publish(p))) => {
                if p.topic == ack_topic {
                    tx.send(Net::Ack(p.payload.to_vec()))
                } else {
                    tx.send(Net::Config(p.payload.to_vec()))
                }
            }
            Ok(_) => Ok(()),
            Err(e) => {
                failures = failures.saturating_add(1);
                if failures == 1 || failures.is_power_of_two() {
                    tracing::warn!(error = %e, failures, "broker unreachable; retrying");
                }
                let r = tx.send(Net::Disconnected);
                let backoff = Duration::from_millis(100 * 2u64.pow(failures.min(5)));
                tokio::time::sleep(backoff.min(Duration::from_secs(3))).await;
                r
            }
        };
        if sent.is_err() {
            return;
        }
    }
}

/// Live state the status reports, from parts the runner does not own.
pub struct Hooks {
    /// The reader's status text (`mfrc522`, or `mfrc522: erreur — …`) and whether it works.
    pub reader: Box<dyn Fn() -> (String, bool) + Send>,
    /// The screen's name and whether it works.
    pub screen: Box<dyn Fn() -> (String, bool) + Send>,
    /// A hardware reader never ends: if it does (its thread died), the kiosk stops with an error
    /// so that systemd starts it again. A simulator's end (stdin closed) is normal.
    pub reader_never_ends: bool,
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks").finish_non_exhaustive()
    }
}

impl Hooks {
    /// Parts that cannot fail (simulators).
    pub fn fixed(reader: &str, screen: &str) -> Hooks {
        let reader = reader.to_owned();
        let screen = screen.to_owned();
        Hooks {
            reader: Box::new(move || (reader.clone(), true)),
            screen: Box::new(move || (screen.clone(), true)),
            reader_never_ends: false,
        }
    }
}

/// Whether the kiosk's clock is synchronised, as its configured check says (`None`: not checked).
async fn clock_synced(check: ClockCheck) -> Option<bool> {
    match check {
        ClockCheck::None => None,
        ClockCheck::Timesyncd => Some(
            tokio::fs::metadata("/run/systemd/timesync/synchronized")
                .await
                .is_ok(),
        ),
        ClockCheck::Chrony => {
            // `chronyc -c tracking`: CSV whose last field is the leap status. A chronyc that
            // cannot run or does not answer in 5 s means the clock is not known to be right.
            let run = tokio::process::Command::new("chronyc")
                .args(["-c", "tracking"])
                .kill_on_drop(true)
                .output();
            match tokio::time::timeout(Duration::from_secs(5), run).await {
                Ok(Ok(out)) => {
                    let text = String::from_utf8_lossy(&out.stdout);
                    let leap = text.trim_end().rsplit(',').next().unwrap_or("");
                    Some(
                        out.status.success()
                            && matches!(leap, "Normal" | "Insert second" | "Delete second"),
                    )
                }
                _ => Some(false),
            }
        }
    }
}

/// Runs a kiosk until its source ends and (with `exit_when_drained`) every event is acked, or
/// forever. Only outbox errors stop it.
pub async fn run<S: BadgeSource, F: Feedback>(
    settings: Settings,
    source: S,
    feedback: F,
    exit_when_drained: bool,
) -> anyhow::Result<()> {
    let hooks = Hooks::fixed(source.name(), "terminal");
    run_with(settings, source, feedback, exit_when_drained, hooks).await
}

/// [`run`], with the reader's and screen's live state in the status.
pub async fn run_with<S: BadgeSource, F: Feedback>(
    settings: Settings,
    mut source: S,
    mut feedback: F,
    exit_when_drained: bool,
    hooks: Hooks,
) -> anyhow::Result<()> {
    let outbox = Outbox::open(&settings.data_dir).await?;
    // systemd (Type=notify): started once the outbox is open; nothing happens outside systemd.
    if let Err(e) = sd_notify::notify(&[sd_notify::NotifyState::Ready]) {
        tracing::warn!(error = %e, "could not notify systemd");
    }
    let watchdog_every = sd_notify::watchdog_enabled().map(|d| d / 2);
    let mut last_watchdog = Instant::now();
    let (clock_tx, clock_rx) = tokio::sync::watch::channel(None::<bool>);
    let check = settings.clock_check;
    if check != ClockCheck::None {
        tokio::spawn(async move {
            loop {
                let synced = clock_synced(check).await;
                if clock_tx.send(synced).is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_secs(30)).await;
            }
        });
    }
    let (client, mut eventloop) =
        AsyncClient::new(mqtt_options(&settings), 4 * settings.window + 64);
    // A tap is one small packet: send it now rather than after Nagle's delay.
    let mut network = rumqttc::NetworkOptions::new();
    network.set_tcp_nodelay(true);
    eventloop.set_network_options(network);
    let (net_tx, mut net_rx) = mpsc::unbounded_channel();
    let ack_topic = topic(&settings, TopicKind::Ack);
    tokio::spawn(poll(eventloop, net_tx, ack_topic.clone()));

    // Reads are taken by their own task so that a slow network never delays the outbox write.
    let (read_tx, mut read_rx) = mpsc::channel::<Read>(1024);
    tokio::spawn(async move {
        while let Some(read) = source.next().await {
            if read_tx.send(read).await.is_err() {
                return;
            }
        }
    });

    let mut k = Kiosk {
        pending: outbox.pending_count().await?,
        outbox,
        client,
        settings,
        boot: uuid::Uuid::now_v7().simple().to_string(),
        seq: 0,
        connected: false,
        inflight: BTreeMap::new(),
        cursor: 0,
        hooks,
        clock: clock_rx,
        outbox_failing: false,
        status_sent: None,
        silent_retries: 0,
    };
    let mut source_open = true;
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    let mut last_prune = Instant::now();
    loop {
        if exit_when_drained && !source_open && k.pending == 0 {
            feedback.drained();
            k.publish_status(true);
            // Give the status a moment to leave before the process ends.
            tokio::time::sleep(Duration::from_millis(100)).await;
            k.outbox.close().await;
            return Ok(());
        }
        tokio::select! {
            read = read_rx.recv(), if source_open => {
                let Some(first) = read else {
                    if k.hooks.reader_never_ends {
                        anyhow::bail!("le lecteur de badges s'est arrêté ; redémarrage de la borne");
                    }
                    source_open = false;
                    continue;
                };
                let mut reads = vec![first];
                while reads.len() < MAX_READS_PER_COMMIT {
                    match read_rx.try_recv() {
                        Ok(r) => reads.push(r),
                        Err(_) => break,
                    }
                }
                k.record(reads, &mut feedback).await;
                k.pump().await?;
            }
            net = net_rx.recv() => {
                let Some(first) = net else { anyhow::bail!("MQTT task ended") };
                let mut acks = Vec::new();
                let mut next = Some(first);
                while let Some(msg) = next.take() {
                    match msg {
                        Net::Connected => {
                            k.connected = true;
                            k.inflight.clear();
                            k.cursor = 0;
                            if let Err(e) = k.client.try_subscribe(ack_topic.clone(), QoS::AtLeastOnce)
                                .and_then(|()| k.client.try_subscribe(topic(&k.settings, TopicKind::Config), QoS::AtLeastOnce))
                            {
                                tracing::warn!(error = %e, "subscribe request not queued");
                            }
                            k.publish_status(true);
                            feedback.connection(true, k.pending);
                        }
                        Net::Disconnected => {
                            if k.connected {
                                feedback.connection(false, k.pending);
                            }
                            k.connected = false;
                        }
                        Net::Ack(payload) => match protocol::decode::<Ack>(&payload) {
                            Ok(ack) => acks.push(ack),
                            Err(reason) => tracing::warn!(%reason, "unreadable ack ignored"),
                        },
                        Net::Config(payload) => match protocol::decode::<protocol::Config>(&payload) {
                            Ok(cfg) if cfg.kiosk == k.settings.id => feedback.config(&cfg),
                            Ok(_) => tracing::warn!("configuration for another kiosk ignored"),
                            Err(reason) => tracing::warn!(%reason, "unreadable configuration ignored"),
                        },
                    }
                    if acks.len() < 4096 {
                        next = net_rx.try_recv().ok();
                    }
                }
                if !acks.is_empty() {
                    k.settle(&acks, &mut feedback).await?;
                }
                k.pump().await?;
            }
            _ = tick.tick() => {
                k.retry_if_stale();
                k.pump().await?;
                k.publish_status(false);
                feedback.idle(k.connected, k.pending);
                if let Some(every) = watchdog_every
                    && last_watchdog.elapsed() >= every
                {
                    // Only this loop proves the kiosk alive: a stuck outbox or network task stops
                    // the pings and systemd restarts the service.
                    let _ = sd_notify::notify(&[sd_notify::NotifyState::Watchdog]);
                    last_watchdog = Instant::now();
                }
                if last_prune.elapsed() > Duration::from_secs(60) {
                    last_prune = Instant::now();
                    // Housekeeping only: a failure is logged, never fatal.
                    if let Err(e) = k.outbox.prune().await {
                        tracing::warn!(error = %e, "outbox prune failed");
                    }
                }
            }
        }
    }
}

struct Kiosk {
    settings: Settings,
    outbox: Outbox,
    client: AsyncClient,
    boot: String,
    seq: u64,
    connected: bool,
    /// Outbox numbers sent and not yet acked, with when they were sent.
    inflight: BTreeMap<i64, (String, Instant)>,
    /// The highest outbox number sent since the last restart of sending.
    cursor: i64,
    pending: u64,
    hooks: Hooks,
    clock: tokio::sync::watch::Receiver<Option<bool>>,
    /// The last outbox write failed (disk full or failing).
    outbox_failing: bool,
    /// Retries since the last ack arrived.
    silent_retries: u32,
    /// What the last status sent said (pending count, alarms, reader, clock), and when.
    status_sent: Option<(String, Instant)>,
}

impl Kiosk {
    async fn record<F: Feedback>(&mut self, reads: Vec<Read>, feedback: &mut F) {
        /// What each read became, in the order the people presented their cards.
        enum Outcome {
            Recorded(usize),
            Full(String),
            Unreadable(String),
        }
        let mut events = Vec::new();
        let mut outcomes = Vec::with_capacity(reads.len());
        for read in reads {
            match read {
                Read::Badge(badge)
                    if self.pending + events.len() as u64 >= self.settings.outbox_max_events =>
                {
                    // The disk is not infinite: past the cap, a new tap is refused out loud (the
                    // person is told, the desk sees the alarm) rather than an old one dropped.
                    tracing::warn!(pending = self.pending, "outbox full; tap refused");
                    outcomes.push(Outcome::Full(badge));
                }
                Read::Badge(badge) => {
                    self.seq += 1;
                    outcomes.push(Outcome::Recorded(events.len()));
                    events.push(Event {
                        v: protocol::VERSION,
                        id: EventId::new_v7(),
                        kiosk: self.settings.id.clone(),
                        boot: self.boot.clone(),
                        seq: self.seq,
                        at: chrono::Local::now().fixed_offset(),
                        badge,
                        action: Action::Tap,
                    });
                }
                Read::Unreadable(raw) => outcomes.push(Outcome::Unreadable(raw)),
            }
        }
        // Durable before any feedback: a power cut after this line loses nothing.
        let stored = if events.is_empty() {
            true
        } else {
            match self.outbox.record(&events).await {
                Ok(()) => {
                    self.outbox_failing = false;
                    true
                }
                Err(e) => {
                    // A full or failing disk: these taps are not recorded, and the people are
                    // told so now; the desk sees the alarm; the kiosk keeps trying with the next.
                    tracing::error!(error = %e, "outbox write failed; taps refused");
                    self.outbox_failing = true;
                    false
                }
            }
        };
        if stored {
            self.pending += events.len() as u64;
        }
        let mut pending_so_far = self.pending - if stored { events.len() as u64 } else { 0 };
        for outcome in outcomes {
            match outcome {
                Outcome::Recorded(i) => {
                    let e = &events[i];
                    if stored {
                        pending_so_far += 1;
                        feedback.recorded(&Recorded {
                            id: e.id.to_string(),
                            seq: e.seq,
                            badge: e.badge.clone(),
                            online: self.connected,
                            pending: pending_so_far,
                        });
                    } else {
                        feedback.full(&e.badge, pending_so_far);
                    }
                }
                Outcome::Full(badge) => feedback.full(&badge, pending_so_far),
                Outcome::Unreadable(raw) => feedback.unreadable(&raw),
            }
        }
    }

    async fn settle<F: Feedback>(&mut self, acks: &[Ack], feedback: &mut F) -> anyhow::Result<()> {
        self.silent_retries = 0;
        let settled = self.outbox.mark_acked(acks).await?;
        for (ack, first) in acks.iter().zip(settled) {
            if first {
                self.pending = self.pending.saturating_sub(1);
                feedback.acked(ack);
            }
            self.inflight.retain(|_, (id, _)| id != ack.id.as_str());
        }
        Ok(())
    }

    /// Sends pending events not yet sent, oldest first, within the window.
    async fn pump(&mut self) -> anyhow::Result<()> {
        if !self.connected {
            return Ok(());
        }
        let room = self.settings.window.saturating_sub(self.inflight.len());
        if room == 0 {
            return Ok(());
        }
        let event_topic = topic(&self.settings, TopicKind::Event);
        for p in self.outbox.pending_after(self.cursor, room).await? {
            if self
                .client
                .try_publish(event_topic.clone(), QoS::AtLeastOnce, false, p.payload)
                .is_err()
            {
                // The client's queue is full: try again on the next tick.
                break;
            }
            self.cursor = p.no;
            self.inflight.insert(p.no, (p.id, Instant::now()));
        }
        Ok(())
    }

    /// Starts sending again from the oldest pending event if the oldest one sent got no ack. Each
    /// retry without any ack in between waits twice as long (up to 32 × `retry_after`), so that a
    /// server down for hours is not sent the same events every few seconds.
    fn retry_if_stale(&mut self) {
        let wait = self.settings.retry_after * 2u32.pow(self.silent_retries.min(5));
        let stale = self
            .inflight
            .values()
            .next()
            .is_some_and(|(_, sent)| sent.elapsed() > wait);
        if stale {
            self.silent_retries = self.silent_retries.saturating_add(1);
            tracing::info!(
                pending = self.pending,
                "no ack in time; sending pending events again"
            );
            self.inflight.clear();
            self.cursor = 0;
        }
    }

    /// The status as it stands now.
    fn status(&self) -> Status {
        let (reader, reader_ok) = (self.hooks.reader)();
        let (screen, screen_ok) = (self.hooks.screen)();
        let clock_synced = *self.clock.borrow();
        let s = &self.settings;
        let mut alarms = vec![];
        if self.pending >= s.outbox_max_events {
            alarms.push("outbox_full".to_owned());
        } else if self.pending >= s.outbox_alarm_events {
            alarms.push("outbox_high".to_owned());
        }
        if self.outbox_failing {
            alarms.push("outbox_error".to_owned());
        }
        if !reader_ok {
            alarms.push("reader_error".to_owned());
        }
        if !screen_ok {
            alarms.push("screen_error".to_owned());
        }
        if clock_synced == Some(false) {
            alarms.push("clock_not_synced".to_owned());
        }
        Status {
            v: protocol::VERSION,
            state: KioskState::Online,
            kiosk: s.id.clone(),
            boot: Some(self.boot.clone()),
            version: Some(VERSION.to_owned()),
            pending: Some(self.pending),
            clock_synced,
            reader: Some(reader),
            screen: Some(screen),
            alarms,
        }
    }

    /// Publishes the retained status when asked, or when something in it changed (at most once a
    /// second).
    fn publish_status(&mut self, force: bool) {
        if !self.connected {
            return;
        }
        let status = self.status();
        let payload = protocol::encode(&status);
        let text = String::from_utf8_lossy(&payload).into_owned();
        // Also once a minute, so that a last will delivered late (after this connection's own
        // status) does not leave the kiosk shown offline.
        let due = match &self.status_sent {
            None => true,
            Some((sent, at)) => {
                (*sent != text && at.elapsed() >= Duration::from_secs(1))
                    || at.elapsed() >= Duration::from_secs(60)
            }
        };
        if !force && !due {
            return;
        }
        let sent = self.client.try_publish(
            topic(&self.settings, TopicKind::Status),
            QoS::AtLeastOnce,
            true,
            payload,
        );
        if sent.is_ok() {
            self.status_sent = Some((text, Instant::now()));
        }
    }
}
