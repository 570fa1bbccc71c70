//! The embedded broker's front door: every MQTT connection reaches rumqttd through this gate, which
//! keeps each kiosk to its own topics (the rules of Mosquitto's `firmware-config/mosquitto/acl`)
//! and sends small packets at once (`TCP_NODELAY`).
//!
//! Why a gate in front of rumqttd 0.20, rather than a hook inside it: its auth handler sees the
//! client id, user name and password, and nothing after the CONNECT; it accepts its sockets itself,
//! without `TCP_NODELAY`, so a kiosk waited ~40 ms for each ack (Nagle's algorithm against the
//! kiosk's delayed TCP ACK). Its local links (`Broker::link`) would give the router's side only with
//! a clean session and no last will, and rebuilding its remote link (sessions, wills, keep-alive,
//! in-flight windows) would be writing a broker. Another embeddable broker with ACLs would bring its
//! own stack; Mosquitto stays the external choice. The gate frames MQTT 3.1.1 packets with rumqttc's
//! `mqttbytes`, looks at CONNECT, PUBLISH, SUBSCRIBE and SUBACK, and forwards the bytes unchanged to
//! rumqttd on a loopback port of its own. BENCHMARKS.md has the measured options.
//!
//! Rules for a kiosk account `k` of site `s` (user name = kiosk id; the server's account passes
//! untouched; rumqttd still checks every password):
//! - CONNECT: a last will only on `citeosquare/v1/s/kiosk/k/status`, otherwise CONNACK 5 (not
//!   authorised) and the connection is closed.
//! - PUBLISH: only to `…/kiosk/k/event` and `…/kiosk/k/status`. Anything else closes the connection
//!   (MQTT 3.1.1 §3.3.5 allows a positive ack or closing; closing makes the fault visible, and the
//!   kiosk's last will then says it is offline). Logged once, then at most every ten minutes.
//! - SUBSCRIBE: only `…/kiosk/k/ack` and `…/kiosk/k/config`, written out (no wildcards). A refused
//!   filter gets the SUBACK return code 0x80 (failure, §3.9.3) in its place; the packet's other
//!   filters are granted as usual.
//!
//! rumqttd trusts only the gate: each password it gets carries a secret made at start
//! ([`Gate::unwrap_password`]), so a client reaching its loopback port directly is refused. And since
//! rumqttd still writes without `TCP_NODELAY`, the gate acknowledges at once what it reads from it
//! (`TCP_QUICKACK`): Nagle's algorithm never has a delayed ACK to wait for.

use bytes::{Bytes, BytesMut};
use citeosquare_protocol::{KioskId, Topic, TopicKind};
use rumqttc::mqttbytes::v4::{
    ConnAck, Connect, ConnectReturnCode, Publish, SubAck, Subscribe, SubscribeReasonCode,
};
use rumqttc::mqttbytes::{self, FixedHeader, PacketType, Protocol};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// How long a new connection may take to send its CONNECT (rumqttd's own limit is the same).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How many connections may be waiting at once between their first byte and the broker's CONNACK
/// (not yet known to be anybody's): past it a new connection is closed at once, so that a flood of
/// silent sockets cannot hold the server's file descriptors and memory for ten seconds each. A
/// site has a few dozen kiosks; each holds a place for a few milliseconds when it connects.
pub const MAX_UNANSWERED: usize = 256;

/// How many changed SUBSCRIBEs may wait for their SUBACK on one connection.
const MAX_NOTES: usize = 64;

/// Largest CONNECT the gate reads (a client id, a user name, a password, a last will of a few
/// hundred bytes): before anyone is known, no more memory than this per connection.
const MAX_CONNECT: usize = 64 * 1024;

/// After logging a kiosk's refused packet, how long its next refusals are only counted.
const QUIET: Duration = Duration::from_secs(600);

/// The topic rules, and the secret that tells rumqttd a connection came through the gate.
pub struct Gate {
    site: String,
    server_user: String,
    secret: String,
    /// Largest packet a client may send (rumqttd's payload limit plus room for the topic).
    max_up: usize,
    /// Largest packet the broker may send.
    max_down: usize,
    refusals: Refusals,
}

impl std::fmt::Debug for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gate")
            .field("site", &self.site)
            .field("server_user", &self.server_user)
            .finish_non_exhaustive()
    }
}

/// Who a connection says it is (the CONNECT's user name; rumqttd checks the password).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Account {
    Server,
    Kiosk(KioskId),
}

#[derive(Debug, thiserror::Error)]
enum Closed {
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("MQTT: {0}")]
    Mqtt(#[from] mqttbytes::Error),
    #[error("no CONNECT in time")]
    Timeout,
    #[error("refused by the topic rules")]
    Refused,
    #[error("unexpected packet")]
    Unexpected,
}

impl Gate {
    /// The rules for `site`, where `server_user` has every right; `max_up`/`max_down` bound the
    /// packets read from clients and from the broker.
    pub fn new(site: &str, server_user: &str, max_up: usize, max_down: usize) -> Gate {
        Gate {
            site: site.to_owned(),
            server_user: server_user.to_owned(),
            secret: uuid::Uuid::new_v4().simple().to_string(),
            max_up,
            max_down,
            refusals: Refusals::default(),
        }
    }

    /// The password a client gave, when the connection came through the gate; `None` otherwise.
    pub fn unwrap_password<'a>(&self, forwarded: &'a str) -> Option<&'a str> {
        forwarded.strip_prefix(self.secret.as_str())
    }

    fn account(&self, user: &str) -> Option<Account> {
        if user == self.server_user {
            Some(Account::Server)
        } else {
            KioskId::parse(user).map(Account::Kiosk)
        }
    }

    /// Whether `topic` is exactly one of `kiosk`'s own topics of these kinds, on this site.
    fn own(&self, kiosk: &KioskId, topic: &str, kinds: &[TopicKind]) -> bool {
        Topic::parse(topic)
            .is_some_and(|t| t.site == self.site && t.kiosk == *kiosk && kinds.contains(&t.kind))
    }

    fn may_publish(&self, account: &Account, topic: &str) -> bool {
        match account {
            Account::Server => true,
            Account::Kiosk(k) => self.own(k, topic, &[TopicKind::Event, TopicKind::Status]),
        }
    }

    fn may_subscribe(&self, account: &Account, filter: &str) -> bool {
        match account {
            Account::Server => true,
            Account::Kiosk(k) => self.own(k, filter, &[TopicKind::Ack, TopicKind::Config]),
        }
    }

    /// Logs a refusal, unless this kiosk's refusals are being held back.
    fn refused(&self, kiosk: &KioskId, what: &'static str, topic: &str) {
        if let Some(held_back) = self.refusals.note(kiosk.as_str()) {
            tracing::warn!(
                kiosk = %kiosk,
                topic,
                held_back,
                "MQTT: {what} refused: a kiosk may publish only to its own event and status topics \
                 and subscribe only to its own ack and config topics"
            );
        }
    }
}

/// The most kiosk names [`Refusals`] keeps apart.
const MAX_NAMES: usize = 4096;

/// Refusals counted per kiosk, so that a kiosk repeating a refused packet does not flood the log.
#[derive(Debug, Default)]
struct Refusals(Mutex<HashMap<String, (Instant, u64)>>);

impl Refusals {
    /// `Some(number held back since the last line)` when this refusal is to be logged.
    fn note(&self, kiosk: &str) -> Option<u64> {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        // Will refusals come before any password check: bound what names can make the map hold.
        if map.len() >= MAX_NAMES && !map.contains_key(kiosk) {
            map.retain(|_, (at, _)| at.elapsed() < QUIET);
        }
        // Still full (names made up faster than they age out): every new name shares one line.
        let kiosk = if map.len() >= MAX_NAMES && !map.contains_key(kiosk) {
            "*"
        } else {
            kiosk
        };
        match map.get_mut(kiosk) {
            Some((at, held)) if at.elapsed() < QUIET => {
                *held += 1;
                None
            }
            Some((at, held)) => {
                let n = *held;
                *at = Instant::now();
                *held = 0;
                Some(n)
            }
            None => {
                map.insert(kiosk.to_owned(), (Instant::now(), 0));
                Some(0)
            }
        }
    }
}

/// Accepts MQTT connections forever and relays each to the broker at `broker`, at most
/// [`MAX_UNANSWERED`] of them at a time before their CONNACK.
pub async fn serve(listener: TcpListener, broker: SocketAddr, gate: Arc<Gate>) {
    serve_with(listener, broker, gate, MAX_UNANSWERED).await;
}

async fn serve_with(
    listener: TcpListener,
    broker: SocketAddr,
    gate: Arc<Gate>,
    max_unanswered: usize,
) {
    let unanswered = Arc::new(tokio::sync::Semaphore::new(max_unanswered));
    let mut last_warned: Option<Instant> = None;
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => {
                let Ok(place) = unanswered.clone().try_acquire_owned() else {
                    // Closed at once; said at most once a minute.
                    drop(stream);
                    if last_warned.is_none_or(|t| t.elapsed() >= Duration::from_secs(60)) {
                        last_warned = Some(Instant::now());
                        tracing::warn!(
                            %peer,
                            max_unanswered,
                            "MQTT: too many connections waiting for their CONNECT; closing new ones"
                        );
                    }
                    continue;
                };
                let gate = gate.clone();
                tokio::spawn(async move {
                    if let Err(e) = relay(stream, broker, &gate, place).await {
                        tracing::debug!(%peer, error = %e, "MQTT connection closed");
                    }
                });
            }
            Err(e) => {
                // Out of file descriptors, most likely: wait instead of spinning.
                tracing::warn!(error = %e, "MQTT: cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

/// Reads one whole packet; `None` at the end of the stream.
async fn read_packet(
    from: &mut (impl AsyncRead + Unpin),
    buf: &mut BytesMut,
    max: usize,
) -> Result<Option<(FixedHeader, Bytes)>, Closed> {
    loop {
        match mqttbytes::check(buf.iter(), max) {
            Ok(header) => return Ok(Some((header, buf.split_to(header.frame_length()).freeze()))),
            Err(mqttbytes::Error::InsufficientBytes(_)) => {
                if from.read_buf(buf).await? == 0 {
                    return Ok(None);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Answers a CONNECT the gate refuses.
async fn refuse_connect(to: &mut OwnedWriteHalf, code: ConnectReturnCode) -> Closed {
    let mut out = BytesMut::new();
    if ConnAck::new(code, false).write(&mut out).is_ok() {
        let _ = to.write_all(&out).await;
    }
    Closed::Refused
}

/// One client connection: its CONNECT checked, then both directions relayed until either side ends.
/// `place` is its place among the connections not answered yet, given back at the CONNACK.
async fn relay(
    client: TcpStream,
    broker: SocketAddr,
    gate: &Gate,
    place: tokio::sync::OwnedSemaphorePermit,
) -> Result<(), Closed> {
    client.set_nodelay(true)?;
    let (mut c_read, mut c_write) = client.into_split();
    let mut up_buf = BytesMut::with_capacity(4096);
    let Some((header, packet)) = tokio::time::timeout(
        CONNECT_TIMEOUT,
        read_packet(&mut c_read, &mut up_buf, gate.max_up.min(MAX_CONNECT)),
    )
    .await
    .map_err(|_| Closed::Timeout)??
    else {
        return Ok(());
    };
    if header.packet_type()? != PacketType::Connect {
        return Err(Closed::Unexpected);
    }
    let mut connect = match Connect::read(header, packet) {
        Ok(c) if c.protocol == Protocol::V4 => c,
        Ok(_)
        | Err(mqttbytes::Error::InvalidProtocol | mqttbytes::Error::InvalidProtocolLevel(_)) => {
            return Err(
                refuse_connect(&mut c_write, ConnectReturnCode::RefusedProtocolVersion).await,
            );
        }
        Err(e) => return Err(e.into()),
    };
    let Some(account) = connect
        .login
        .as_ref()
        .and_then(|l| gate.account(&l.username))
    else {
        return Err(refuse_connect(&mut c_write, ConnectReturnCode::BadUserNamePassword).await);
    };
    if let (Account::Kiosk(k), Some(will)) = (&account, &connect.last_will)
        && !gate.own(k, &will.topic, &[TopicKind::Status])
    {
        gate.refused(k, "last will", &will.topic);
        return Err(refuse_connect(&mut c_write, ConnectReturnCode::NotAuthorized).await);
    }
    if let Some(login) = connect.login.as_mut() {
        login.password = format!("{}{}", gate.secret, login.password);
    }
    let mut first = BytesMut::new();
    connect.write(&mut first)?;

    let inner = TcpStream::connect(broker).await?;
    inner.set_nodelay(true)?;
    let (mut b_read, mut b_write) = inner.into_split();
    b_write.write_all(&first).await?;

    // The broker's CONNACK first: rules apply, and are logged, only to an accepted account. What the
    // client sent meanwhile waits in `up_buf` and the socket.
    let mut down_buf = BytesMut::with_capacity(8192);
    let Some((header, connack)) = tokio::time::timeout(
        CONNECT_TIMEOUT,
        read_packet(&mut b_read, &mut down_buf, gate.max_down),
    )
    .await
    .map_err(|_| Closed::Timeout)??
    else {
        return Ok(());
    };
    quickack(&b_read);
    c_write.write_all(&connack).await?;
    if header.packet_type()? != PacketType::ConnAck
        || ConnAck::read(header, connack)?.code != ConnectReturnCode::Success
    {
        return Ok(());
    }
    // Answered: an account the broker knows, no longer among the connections waiting.
    drop(place);

    let (tx, rx) = mpsc::channel(MAX_NOTES);
    tokio::select! {
        r = upstream(c_read, b_write, up_buf, &account, gate, tx) => r,
        r = downstream(b_read, c_write, down_buf, gate.max_down, rx) => r,
    }
}

/// What the client-to-broker side tells the other side about SUBSCRIBEs it changed.
enum Note {
    /// A SUBACK to send as is: every filter of the SUBSCRIBE was refused.
    Suback(Bytes),
    /// The broker's SUBACK for this packet id answers only the granted filters: put a failure code
    /// where the mask says `true`.
    Partial(u16, Vec<bool>),
}

/// Client to broker: checks each packet, forwards what is allowed.
async fn upstream(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    mut buf: BytesMut,
    account: &Account,
    gate: &Gate,
    notes: mpsc::Sender<Note>,
) -> Result<(), Closed> {
    let mut out = BytesMut::new();
    loop {
        let verdict = forward_up(&mut buf, &mut out, account, gate, &notes);
        if !out.is_empty() {
            to.write_all(&out).await?;
            out.clear();
        }
        verdict?;
        if from.read_buf(&mut buf).await? == 0 {
            return Ok(());
        }
    }
}

/// Passes a note to the other side; a client with [`MAX_NOTES`] refused SUBSCRIBEs still
/// unanswered (it does not read its SUBACKs) is closed rather than let the notes grow.
fn note(notes: &mpsc::Sender<Note>, n: Note) -> Result<(), Closed> {
    match notes.try_send(n) {
        Ok(()) | Err(mpsc::error::TrySendError::Closed(_)) => Ok(()),
        Err(mpsc::error::TrySendError::Full(_)) => Err(Closed::Refused),
    }
}

/// Moves every whole packet of `buf` to `out` if allowed; stops at the first refused one.
fn forward_up(
    buf: &mut BytesMut,
    out: &mut BytesMut,
    account: &Account,
    gate: &Gate,
    notes: &mpsc::Sender<Note>,
) -> Result<(), Closed> {
    loop {
        let header = match mqttbytes::check(buf.iter(), gate.max_up) {
            Ok(h) => h,
            Err(mqttbytes::Error::InsufficientBytes(_)) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let packet = buf.split_to(header.frame_length()).freeze();
        let Account::Kiosk(kiosk) = account else {
            out.extend_from_slice(&packet);
            continue;
        };
        match header.packet_type()? {
            PacketType::Publish => {
                let publish = Publish::read(header, packet.clone())?;
                if !gate.may_publish(account, &publish.topic) {
                    gate.refused(kiosk, "publish", &publish.topic);
                    return Err(Closed::Refused);
                }
                out.extend_from_slice(&packet);
            }
            PacketType::Subscribe => {
                let subscribe = Subscribe::read(header, packet.clone())?;
                let refused: Vec<bool> = subscribe
                    .filters
                    .iter()
                    .map(|f| !gate.may_subscribe(account, &f.path))
                    .collect();
                if let Some(f) = subscribe.filters.iter().zip(&refused).find(|(_, r)| **r) {
                    gate.refused(kiosk, "subscribe", &f.0.path);
                }
                if !refused.contains(&true) {
                    out.extend_from_slice(&packet);
                } else if !refused.contains(&false) {
                    let codes = vec![SubscribeReasonCode::Failure; refused.len()];
                    let mut suback = BytesMut::new();
                    SubAck::new(subscribe.pkid, codes).write(&mut suback)?;
                    note(notes, Note::Suback(suback.freeze()))?;
                } else {
                    let granted: Vec<_> = subscribe
                        .filters
                        .into_iter()
                        .zip(&refused)
                        .filter(|(_, r)| !**r)
                        .map(|(f, _)| f)
                        .collect();
                    note(notes, Note::Partial(subscribe.pkid, refused))?;
                    Subscribe {
                        pkid: subscribe.pkid,
                        filters: granted,
                    }
                    .write(out)?;
                }
            }
            PacketType::Connect => return Err(Closed::Unexpected),
            _ => out.extend_from_slice(&packet),
        }
    }
}

/// Broker to client: forwards every packet, completing the SUBACKs of SUBSCRIBEs the gate changed.
async fn downstream(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    mut buf: BytesMut,
    max: usize,
    mut notes: mpsc::Receiver<Note>,
) -> Result<(), Closed> {
    let mut partial: HashMap<u16, Vec<bool>> = HashMap::new();
    let mut out = BytesMut::new();
    loop {
        loop {
            let header = match mqttbytes::check(buf.iter(), max) {
                Ok(h) => h,
                Err(mqttbytes::Error::InsufficientBytes(_)) => break,
                Err(e) => return Err(e.into()),
            };
            let packet = buf.split_to(header.frame_length()).freeze();
            if header.packet_type()? != PacketType::SubAck {
                out.extend_from_slice(&packet);
                continue;
            }
            // The note about this SUBSCRIBE was sent before the SUBSCRIBE itself.
            while let Ok(note) = notes.try_recv() {
                take_note(note, &mut partial, &mut out);
            }
            let mut suback = SubAck::read(header, packet.clone())?;
            match partial.remove(&suback.pkid) {
                Some(mask) => {
                    let mut granted = suback.return_codes.into_iter();
                    suback.return_codes = mask
                        .into_iter()
                        .map(|refused| match refused {
                            true => SubscribeReasonCode::Failure,
                            false => granted.next().unwrap_or(SubscribeReasonCode::Failure),
                        })
                        .collect();
                    suback.write(&mut out)?;
                }
                None => out.extend_from_slice(&packet),
            }
        }
        if !out.is_empty() {
            to.write_all(&out).await?;
            out.clear();
        }
        tokio::select! {
            biased;
            note = notes.recv() => match note {
                Some(note) => take_note(note, &mut partial, &mut out),
                None => return Ok(()),
            },
            read = from.read_buf(&mut buf) => {
                if read? == 0 {
                    return Ok(());
                }
                quickack(&from);
            }
        }
    }
}

fn take_note(note: Note, partial: &mut HashMap<u16, Vec<bool>>, out: &mut BytesMut) {
    match note {
        Note::Suback(bytes) => out.extend_from_slice(&bytes),
        Note::Partial(pkid, mask) => {
            partial.insert(pkid, mask);
        }
    }
}

/// Acknowledges at once what was just read from rumqttd, which writes without `TCP_NODELAY`: its
/// next small packet (the server's ack after the PUBACK) then has no unacknowledged data to wait
/// behind. The kernel option is not sticky, hence once per read.
fn quickack(from: &OwnedReadHalf) {
    let stream: &TcpStream = from.as_ref();
    #[cfg(target_os = "linux")]
    let _ = socket2::SockRef::from(stream).set_tcp_quickack(true);
    #[cfg(not(target_os = "linux"))]
    let _ = stream;
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn gate() -> Gate {
        Gate::new("main", "citeosquare-server", 1 << 20, 1 << 20)
    }

    fn kiosk(id: &str) -> Account {
        Account::Kiosk(KioskId::parse(id).unwrap())
    }

    #[test]
    fn a_kiosk_publishes_only_its_own_event_and_status() {
        let g = gate();
        let a = kiosk("cafe-1");
        assert!(g.may_publish(&a, "citeosquare/v1/main/kiosk/cafe-1/event"));
        assert!(g.may_publish(&a, "citeosquare/v1/main/kiosk/cafe-1/status"));
        for t in [
            "citeosquare/v1/main/kiosk/cafe-2/event",
            "citeosquare/v1/main/kiosk/cafe-1/ack",
            "citeosquare/v1/main/kiosk/cafe-1/config",
            "citeosquare/v1/other/kiosk/cafe-1/event",
            "citeosquare/v1/main/kiosk/cafe-1/event/x",
            "elsewhere",
        ] {
            assert!(!g.may_publish(&a, t), "{t}");
        }
        assert!(g.may_publish(&Account::Server, "citeosquare/v1/main/kiosk/cafe-2/ack"));
    }

    #[test]
    fn a_kiosk_subscribes_only_to_its_own_ack_and_config_without_wildcards() {
        let g = gate();
        let a = kiosk("cafe-1");
        assert!(g.may_subscribe(&a, "citeosquare/v1/main/kiosk/cafe-1/ack"));
        assert!(g.may_subscribe(&a, "citeosquare/v1/main/kiosk/cafe-1/config"));
        for f in [
            "#",
            "+/v1/main/kiosk/cafe-1/ack",
            "citeosquare/v1/main/kiosk/+/ack",
            "citeosquare/v1/main/kiosk/cafe-1/#",
            "citeosquare/v1/main/kiosk/cafe-2/ack",
            "citeosquare/v1/main/kiosk/cafe-1/event",
            "$share/g/citeosquare/v1/main/kiosk/cafe-1/ack",
        ] {
            assert!(!g.may_subscribe(&a, f), "{f}");
        }
        assert!(g.may_subscribe(&Account::Server, "citeosquare/v1/main/kiosk/+/event"));
    }

    #[test]
    fn only_passwords_that_came_through_the_gate_are_unwrapped() {
        let g = gate();
        let forwarded = format!("{}demo", g.secret);
        assert_eq!(g.unwrap_password(&forwarded), Some("demo"));
        assert_eq!(g.unwrap_password("demo"), None);
    }

    #[test]
    fn a_kiosk_repeating_a_refused_packet_is_logged_once_then_counted() {
        let r = Refusals::default();
        assert_eq!(r.note("cafe-1"), Some(0));
        assert_eq!(r.note("cafe-1"), None);
        assert_eq!(r.note("cafe-1"), None);
        assert_eq!(r.note("cafe-2"), Some(0));
    }

    #[test]
    fn made_up_names_cannot_grow_the_refusals_nor_the_log_without_bound() {
        let r = Refusals::default();
        let logged = (0..MAX_NAMES + 500)
            .filter(|n| r.note(&format!("k{n}")).is_some())
            .count();
        // Each of the first MAX_NAMES names is logged once, then one line for all the others.
        assert_eq!(logged, MAX_NAMES + 1);
        let held = r.0.lock().unwrap();
        assert_eq!(held.len(), MAX_NAMES + 1);
        assert_eq!(held.get("*").map(|(_, n)| *n), Some(499));
    }

    /// Whether the gate closed `s` (end of stream) within a short while, or kept it open.
    async fn closed(s: &mut tokio::net::TcpStream) -> bool {
        let mut b = [0u8; 16];
        matches!(
            tokio::time::timeout(Duration::from_millis(500), s.read(&mut b)).await,
            Ok(Ok(0) | Err(_))
        )
    }

    #[tokio::test]
    async fn silent_connections_are_capped_and_an_oversized_connect_is_closed() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let front = listener.local_addr().unwrap();
        // No broker behind: nothing here gets as far as a CONNACK.
        let nowhere = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap();
        tokio::spawn(serve_with(listener, nowhere, Arc::new(gate()), 2));
        let mut first = tokio::net::TcpStream::connect(front).await.unwrap();
        let mut second = tokio::net::TcpStream::connect(front).await.unwrap();
        let mut third = tokio::net::TcpStream::connect(front).await.unwrap();
        assert!(closed(&mut third).await, "past the cap, closed at once");
        assert!(
            !closed(&mut second).await,
            "within the cap, waiting for its CONNECT"
        );
        // The first leaves: its place is free again.
        drop(first.shutdown().await);
        drop(first);
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut again = tokio::net::TcpStream::connect(front).await.unwrap();
        assert!(!closed(&mut again).await, "a place was given back");
        // A CONNECT announcing 100 kB is not read: closed.
        drop(second);
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut big = tokio::net::TcpStream::connect(front).await.unwrap();
        // Fixed header: CONNECT, remaining length 100,000 (variable-length encoding).
        big.write_all(&[0x10, 0xA0, 0x8D, 0x06]).await.unwrap();
        assert!(
            closed(&mut big).await,
            "an oversized CONNECT closes the connection"
        );
    }
}
