//! The hardware readers as the kiosk builds them: from their configuration, with a shared health,
//! behind the debounce. No reader is plugged in: missing hardware must be reported, not fatal.

#![allow(clippy::unwrap_used)]

use citeosquare_kiosk::debounce::Debounced;
use citeosquare_kiosk::hardware::ReaderConfig;
use citeosquare_kiosk::readers::mfrc522::CardPoller;
use citeosquare_kiosk::readers::{Mfrc522Reader, Reader, ReaderHealth};
use citeosquare_kiosk::source::{BadgeSource, Read};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

async fn until_failing(health: &ReaderHealth) {
    let until = Instant::now() + Duration::from_secs(5);
    while health.is_ok() && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn a_missing_usb_reader_is_reported_in_the_status_not_fatal() {
    let health = ReaderHealth::new();
    let config = ReaderConfig::Evdev {
        device: "/dev/input/by-id/usb-absent-event-kbd".into(),
        grab: true,
    };
    let mut reader = Reader::open(&config, &health).unwrap();
    assert_eq!(reader.name(), "evdev");
    until_failing(&health).await;
    let hook = health.hook(reader.name());
    assert_eq!(
        hook(),
        (
            "evdev: erreur — lecteur absent (/dev/input/by-id/usb-absent-event-kbd introuvable)"
                .to_owned(),
            false
        )
    );
    // The source does not end: it waits for the reader to come back.
    assert!(
        tokio::time::timeout(Duration::from_millis(100), reader.next())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_missing_mfrc522_is_reported_in_the_status_not_fatal() {
    let health = ReaderHealth::new();
    let config = ReaderConfig::Mfrc522 {
        spi_bus: 6,
        spi_chip_select: 2,
        spi_clock_hz: 1_000_000,
        reset_gpio: None,
        poll_ms: 100,
    };
    let mut reader = Reader::open(&config, &health).unwrap();
    assert_eq!(reader.name(), "mfrc522");
    until_failing(&health).await;
    let summary = health.summary(reader.name());
    assert!(
        summary.starts_with("mfrc522: erreur — SPI6.2 inaccessible"),
        "{summary}"
    );
    assert!(
        tokio::time::timeout(Duration::from_millis(100), reader.next())
            .await
            .is_err()
    );
}

/// A card the test puts on the reader and takes away.
#[derive(Clone, Default)]
struct Field(Arc<Mutex<Option<Vec<u8>>>>);

impl CardPoller for Field {
    fn poll(&mut self) -> Result<Option<Vec<u8>>, String> {
        Ok(self.0.lock().unwrap().clone())
    }
}

#[tokio::test]
async fn a_card_resting_on_an_mfrc522_is_one_tap() {
    let field = Field::default();
    let reader =
        Mfrc522Reader::with_poller(field.clone(), Duration::from_millis(5), ReaderHealth::new())
            .unwrap();
    let mut taps = Debounced::new(reader, Duration::from_millis(300));
    assert_eq!(taps.name(), "mfrc522");

    *field.0.lock().unwrap() = Some(vec![0x04, 0xA3, 0x1F, 0x9B]);
    assert_eq!(taps.next().await, Some(Read::Badge("04A31F9B".into())));
    // Resting for a while (well past the window): no second tap.
    assert!(
        tokio::time::timeout(Duration::from_millis(600), taps.next())
            .await
            .is_err()
    );
    // Taken away, then presented again after the window: a second tap.
    *field.0.lock().unwrap() = None;
    assert!(
        tokio::time::timeout(Duration::from_millis(450), taps.next())
            .await
            .is_err()
    );
    *field.0.lock().unwrap() = Some(vec![0x04, 0xA3, 0x1F, 0x9B]);
    assert_eq!(taps.next().await, Some(Read::Badge("04A31F9B".into())));
}
