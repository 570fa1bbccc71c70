//! NXP MFRC522 (13.56 MHz, Mifare/ISO 14443-A) on SPI: the card's UID, in upper-case hexadecimal.
//!
//! Every `poll_ms` the field is asked for a card (WUPA, so a card left on the reader answers again),
//! the card is selected (anticollision, cascade levels: 4-, 7- or 10-byte UIDs) and halted. A card
//! resting on the reader is reported at each poll; [`crate::debounce`] makes that one tap.
//!
//! On a Raspberry Pi the SPI device is `/dev/spidev<bus>.<chip select>` (`dtparam=spi=on`).

use super::{Backoff, ReaderHealth, spawn_reader_thread};
use crate::source::{BadgeSource, Read};
use ::mfrc522 as mfrc522_driver;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Asks the reader for a card.
pub trait CardPoller: Send {
    /// The UID of the card in the field, `None` when there is none; an error (French) when the
    /// reader cannot be reached. After an error the next poll starts over (reopens the device).
    fn poll(&mut self) -> Result<Option<Vec<u8>>, String>;
}

/// A UID as the protocol carries it: upper-case hexadecimal, two digits per byte.
pub fn uid_to_badge(uid: &[u8]) -> String {
    uid.iter().map(|b| format!("{b:02X}")).collect()
}

/// Reads cards from an MFRC522.
#[derive(Debug)]
pub struct Mfrc522Reader {
    reads: mpsc::Receiver<Read>,
}

impl Mfrc522Reader {
    /// The real reader on SPI. Opening happens on the reader's thread, retried until it works.
    pub fn open(
        settings: SpiSettings,
        poll_every: Duration,
        health: ReaderHealth,
    ) -> std::io::Result<Mfrc522Reader> {
        Mfrc522Reader::with_poller(SpiPoller::new(settings), poll_every, health)
    }

    /// Any poller, retried with the default backoff (0.5 s doubling to 10 s).
    pub fn with_poller(
        poller: impl CardPoller + 'static,
        poll_every: Duration,
        health: ReaderHealth,
    ) -> std::io::Result<Mfrc522Reader> {
        Mfrc522Reader::spawn(poller, poll_every, Backoff::default(), health)
    }

    /// Any poller, retried with `backoff`.
    pub fn spawn(
        mut poller: impl CardPoller + 'static,
        poll_every: Duration,
        mut backoff: Backoff,
        health: ReaderHealth,
    ) -> std::io::Result<Mfrc522Reader> {
        let reads = spawn_reader_thread("mfrc522", move |tx| {
            while !tx.is_closed() {
                match poller.poll() {
                    Ok(uid) => {
                        health.report_ok();
                        backoff.reset();
                        if let Some(uid) = uid {
                            let badge = uid_to_badge(&uid);
                            if citeosquare_protocol::is_badge(&badge)
                                && tx.blocking_send(Read::Badge(badge)).is_err()
                            {
                                return;
                            }
                        }
                        std::thread::sleep(poll_every);
                    }
                    Err(detail) => {
                        health.report_error(detail);
                        std::thread::sleep(backoff.next_delay());
                    }
                }
            }
        })?;
        Ok(Mfrc522Reader { reads })
    }
}

impl BadgeSource for Mfrc522Reader {
    fn name(&self) -> &'static str {
        "mfrc522"
    }

    async fn next(&mut self) -> Option<Read> {
        self.reads.recv().await
    }
}

/// Where the MFRC522 is wired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpiSettings {
    /// `/dev/spidev<bus>.<chip_select>`.
    pub bus: u8,
    pub chip_select: u8,
    pub clock_hz: u32,
    /// The RST (NRSTPD) pin, pulsed low at each (re)open, then held high.
    pub reset_gpio: Option<u8>,
}

/// The real [`CardPoller`]: rppal's SPI and the `mfrc522` driver.
#[derive(Debug)]
pub struct SpiPoller {
    settings: SpiSettings,
    device: Option<Device>,
}

impl SpiPoller {
    /// Nothing is opened until the first poll.
    pub fn new(settings: SpiSettings) -> SpiPoller {
        SpiPoller {
            settings,
            device: None,
        }
    }
}

impl CardPoller for SpiPoller {
    fn poll(&mut self) -> Result<Option<Vec<u8>>, String> {
        let device = match &mut self.device {
            Some(device) => device,
            None => self.device.insert(Device::open(&self.settings)?),
        };
        let polled = device.poll();
        if polled.is_err() {
            // Start over at the next poll: reset pulse, fresh SPI handle, init.
            self.device = None;
        }
        polled
    }
}

/// One poll (or the init) may take this long at most. The `mfrc522` driver busy-waits on registers
/// with no timeout of its own (reset, transceive): if the chip stops answering mid-operation its
/// register reads could spin forever, so the SPI device fails every transfer past this deadline.
const OPERATION_BUDGET: Duration = Duration::from_secs(1);

type Chip = mfrc522_driver::Mfrc522<
    mfrc522_driver::comm::blocking::spi::SpiInterface<
        PiSpi,
        mfrc522_driver::comm::blocking::spi::DummyDelay,
    >,
    mfrc522_driver::Initialized,
>;
type ChipError = mfrc522_driver::Error<SpiError>;

/// An opened, initialised MFRC522.
struct Device {
    chip: Chip,
    deadline: Arc<Mutex<Instant>>,
    name: String,
    /// Held high while the chip is in use (dropping it releases the line).
    _reset: Option<rppal::gpio::OutputPin>,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Device {
    fn open(settings: &SpiSettings) -> Result<Device, String> {
        use rppal::spi::{Bus, Mode, SlaveSelect, Spi};
        let name = format!("SPI{}.{}", settings.bus, settings.chip_select);
        let reset = match settings.reset_gpio {
            Some(pin) => Some(reset_pulse(pin)?),
            None => None,
        };
        let bus = match settings.bus {
            0 => Bus::Spi0,
            1 => Bus::Spi1,
            2 => Bus::Spi2,
            3 => Bus::Spi3,
            4 => Bus::Spi4,
            5 => Bus::Spi5,
            6 => Bus::Spi6,
            n => return Err(format!("bus SPI {n} inconnu")),
        };
        let chip_select = match settings.chip_select {
            0 => SlaveSelect::Ss0,
            1 => SlaveSelect::Ss1,
            2 => SlaveSelect::Ss2,
            n => return Err(format!("sélection SPI {n} inconnue")),
        };
        let spi = Spi::new(bus, chip_select, settings.clock_hz, Mode::Mode0)
            .map_err(|e| format!("{name} inaccessible : {e}"))?;
        let deadline = Arc::new(Mutex::new(Instant::now() + OPERATION_BUDGET));
        let spi = PiSpi {
            spi,
            deadline: deadline.clone(),
        };
        let chip = mfrc522_driver::Mfrc522::new(
            mfrc522_driver::comm::blocking::spi::SpiInterface::new(spi),
        )
        .init()
        .map_err(|e| describe(&name, &e))?;
        let mut device = Device {
            chip,
            deadline,
            name,
            _reset: reset,
        };
        device.check_version()?;
        tracing::info!(device = %device.name, "MFRC522 prêt");
        Ok(device)
    }

    /// An absent chip reads as 0x00 or 0xFF (MISO held or floating): nothing answers.
    fn check_version(&mut self) -> Result<(), String> {
        let version = self.chip.version().map_err(|e| describe(&self.name, &e))?;
        if version == 0x00 || version == 0xFF {
            return Err(format!(
                "aucun MFRC522 ne répond sur {} (version lue 0x{version:02X})",
                self.name
            ));
        }
        Ok(())
    }

    fn poll(&mut self) -> Result<Option<Vec<u8>>, String> {
        *self.deadline.lock().unwrap_or_else(PoisonError::into_inner) =
            Instant::now() + OPERATION_BUDGET;
        self.check_version()?;
        // Card errors (no answer, collision of two cards, CRC…) mean "no card this time"; only the
        // link to the chip failing is a reader error.
        let atqa = match self.chip.wupa() {
            Ok(atqa) => atqa,
            Err(e @ mfrc522_driver::Error::Comm(_)) => return Err(describe(&self.name, &e)),
            Err(_) => return Ok(None),
        };
        let uid = match self.chip.select(&atqa) {
            Ok(uid) => uid,
            Err(e @ mfrc522_driver::Error::Comm(_)) => return Err(describe(&self.name, &e)),
            Err(e) => {
                tracing::debug!(error = ?e, "carte mal lue");
                return Ok(None);
            }
        };
        // HALT it, so the next WUPA finds it again while it rests on the reader.
        if let Err(e @ mfrc522_driver::Error::Comm(_)) = self.chip.hlta() {
            return Err(describe(&self.name, &e));
        }
        Ok(Some(uid.as_bytes().to_vec()))
    }
}

fn describe(name: &str, e: &ChipError) -> String {
    match e {
        mfrc522_driver::Error::Comm(SpiError::Bus(e)) => format!("{name} : erreur SPI : {e}"),
        mfrc522_driver::Error::Comm(SpiError::Stalled) => {
            format!("le MFRC522 ne répond plus sur {name}")
        }
        e => format!("{name} : MFRC522 en erreur ({e:?})"),
    }
}

/// Pulses RST low (hard reset) and holds it high.
fn reset_pulse(pin: u8) -> Result<rppal::gpio::OutputPin, String> {
    let gpio = rppal::gpio::Gpio::new().map_err(|e| format!("GPIO inaccessibles : {e}"))?;
    let mut reset = gpio
        .get(pin)
        .map_err(|e| format!("broche de reset GPIO {pin} : {e}"))?
        .into_output_low();
    std::thread::sleep(Duration::from_millis(10));
    reset.set_high();
    // The oscillator starts within ~40 µs; the driver's soft reset waits for the rest.
    std::thread::sleep(Duration::from_millis(50));
    Ok(reset)
}

/// An `embedded-hal` SPI device over rppal's `Spi`, with one transaction per spidev message (the
/// chip select stays low through it), and a deadline (see [`OPERATION_BUDGET`]).
///
/// rppal's own `SimpleHalSpiDevice` (0.22) sends zeros for `TransferInPlace`, which the MFRC522
/// driver uses to read every register, hence this one.
struct PiSpi {
    spi: rppal::spi::Spi,
    deadline: Arc<Mutex<Instant>>,
}

#[derive(Debug)]
enum SpiError {
    Bus(rppal::spi::Error),
    /// The operation took longer than its budget: the chip is not answering.
    Stalled,
}

impl embedded_hal::spi::Error for SpiError {
    fn kind(&self) -> embedded_hal::spi::ErrorKind {
        embedded_hal::spi::ErrorKind::Other
    }
}

impl embedded_hal::spi::ErrorType for PiSpi {
    type Error = SpiError;
}

impl embedded_hal::spi::SpiDevice<u8> for PiSpi {
    fn transaction(
        &mut self,
        operations: &mut [embedded_hal::spi::Operation<'_, u8>],
    ) -> Result<(), SpiError> {
        use embedded_hal::spi::Operation;
        use rppal::spi::Segment;
        if Instant::now() > *self.deadline.lock().unwrap_or_else(PoisonError::into_inner) {
            return Err(SpiError::Stalled);
        }
        // What in-place transfers send: their buffers before the transfer overwrites them.
        let sent: Vec<Vec<u8>> = operations
            .iter()
            .map(|op| match op {
                Operation::TransferInPlace(buf) => buf.to_vec(),
                _ => Vec::new(),
            })
            .collect();
        let segments: Vec<Segment<'_, '_>> = operations
            .iter_mut()
            .zip(&sent)
            .map(|(op, sent)| match op {
                Operation::Read(buf) => Segment::with_read(buf),
                Operation::Write(buf) => Segment::with_write(buf),
                Operation::Transfer(read, write) => Segment::new(read, write),
                Operation::TransferInPlace(buf) => Segment::new(buf, sent),
                Operation::DelayNs(ns) => Segment::with_settings(
                    None,
                    None,
                    0,
                    u16::try_from(ns.div_ceil(1_000)).unwrap_or(u16::MAX),
                    0,
                    false,
                ),
            })
            .collect();
        self.spi.transfer_segments(&segments).map_err(SpiError::Bus)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::readers::testing::{Scripted, Step, failing, quick};

    /// A reader the test drives: each poll takes the next scripted step, or sees no card.
    struct Fake(Scripted<Vec<u8>>);

    impl CardPoller for Fake {
        fn poll(&mut self) -> Result<Option<Vec<u8>>, String> {
            self.0.next(Duration::from_millis(2))
        }
    }

    /// A card that never leaves.
    struct Resting(Vec<u8>);

    impl CardPoller for Resting {
        fn poll(&mut self) -> Result<Option<Vec<u8>>, String> {
            Ok(Some(self.0.clone()))
        }
    }

    #[test]
    fn uids_become_upper_case_hex_badges() {
        assert_eq!(uid_to_badge(&[0x04, 0xA3, 0x1F, 0x9B]), "04A31F9B");
        let seven = uid_to_badge(&[0x04, 0x0A, 0xBC, 0xDE, 0xF0, 0x12, 0x80]);
        assert_eq!(seven, "040ABCDEF01280");
        assert!(citeosquare_protocol::is_badge(&seven));
    }

    #[tokio::test]
    async fn spi_errors_are_reported_retried_and_cleared() {
        let (fake, script, failures) = Scripted::new();
        let health = ReaderHealth::new();
        let mut reader =
            Mfrc522Reader::spawn(Fake(fake), Duration::ZERO, quick(), health.clone()).unwrap();
        assert_eq!(reader.name(), "mfrc522");
        script
            .send(Step::Give(vec![0x01, 0x02, 0x03, 0x04]))
            .unwrap();
        assert_eq!(reader.next().await, Some(Read::Badge("01020304".into())));

        script
            .send(Step::Fail("SPI0.0 : erreur SPI".into()))
            .unwrap();
        assert!(failing(&health, &failures, 3).await, "retried");
        assert_eq!(
            health.summary(reader.name()),
            "mfrc522: erreur — SPI0.0 : erreur SPI"
        );
        script.send(Step::Heal).unwrap();
        script
            .send(Step::Give(vec![0x04, 0xA3, 0x1F, 0x9B]))
            .unwrap();
        assert_eq!(reader.next().await, Some(Read::Badge("04A31F9B".into())));
        assert!(health.is_ok());
        assert_eq!(health.summary("mfrc522"), "mfrc522");
    }

    #[tokio::test]
    async fn a_resting_card_is_reported_at_every_poll() {
        let health = ReaderHealth::new();
        let mut reader = Mfrc522Reader::with_poller(
            Resting(vec![0xDE, 0xAD, 0xBE, 0xEF]),
            Duration::from_millis(1),
            health,
        )
        .unwrap();
        for _ in 0..3 {
            assert_eq!(reader.next().await, Some(Read::Badge("DEADBEEF".into())));
        }
    }

    #[test]
    fn the_real_poller_reports_a_missing_bus_without_panicking() {
        let mut poller = SpiPoller::new(SpiSettings {
            bus: 9,
            chip_select: 0,
            clock_hz: 1_000_000,
            reset_gpio: None,
        });
        assert_eq!(poller.poll(), Err("bus SPI 9 inconnu".to_owned()));
        // No /dev/spidev6.2 here: an error to report, at every poll.
        let mut poller = SpiPoller::new(SpiSettings {
            bus: 6,
            chip_select: 2,
            clock_hz: 1_000_000,
            reset_gpio: None,
        });
        for _ in 0..2 {
            let err = poller.poll().unwrap_err();
            assert!(err.starts_with("SPI6.2 inaccessible"), "{err}");
        }
    }
}
