//! Past its cap the outbox refuses new taps out loud, and every person gets their own answer in
//! the order they presented their cards.
#![allow(clippy::unwrap_used)]

use citeosquare_kiosk::feedback::{Feedback, Recorded};
use citeosquare_kiosk::settings::Settings;
use citeosquare_kiosk::source::{Channel, Read};
use citeosquare_protocol::{Ack, Config, KioskId};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Feedback for Log {
    fn recorded(&mut self, r: &Recorded) {
        self.0
            .lock()
            .unwrap()
            .push(format!("enregistré {} ({})", r.badge, r.pending));
    }
    fn acked(&mut self, _: &Ack) {}
    fn unreadable(&mut self, raw: &str) {
        self.0.lock().unwrap().push(format!("illisible {raw}"));
    }
    fn connection(&mut self, _: bool, _: u64) {}
    fn config(&mut self, _: &Config) {}
    fn drained(&mut self) {}
    fn full(&mut self, badge: &str, pending: u64) {
        self.0
            .lock()
            .unwrap()
            .push(format!("refusé {badge} ({pending})"));
    }
}

#[tokio::test]
async fn a_full_outbox_refuses_new_taps_in_the_order_they_came() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::new(KioskId::parse("cap-1").unwrap(), "x", dir.path().join("o"));
    settings.broker_port = 9; // offline: nothing is ever acked
    settings.outbox_max_events = 3;
    settings.outbox_alarm_events = 2;
    let (tx, rx) = tokio::sync::mpsc::channel(16);
    let log = Log::default();
    let kiosk = tokio::spawn(citeosquare_kiosk::runner::run(
        settings,
        Channel(rx),
        log.clone(),
        false,
    ));
    // One burst, read together in one batch: two taps, an unreadable card, two more taps.
    for read in [
        Read::Badge("AAAA0001".into()),
        Read::Badge("AAAA0002".into()),
        Read::Unreadable("??".into()),
        Read::Badge("AAAA0003".into()),
        Read::Badge("AAAA0004".into()),
    ] {
        tx.send(read).await.unwrap();
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while log.0.lock().unwrap().len() < 5 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        *log.0.lock().unwrap(),
        [
            "enregistré AAAA0001 (1)",
            "enregistré AAAA0002 (2)",
            "illisible ??",
            "enregistré AAAA0003 (3)",
            "refusé AAAA0004 (3)",
        ]
    );
    // Still full a moment later: refused again, nothing stored.
    tx.send(Read::Badge("AAAA0005".into())).await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while log.0.lock().unwrap().len() < 6 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(log.0.lock().unwrap()[5], "refusé AAAA0005 (3)");
    kiosk.abort();
}
