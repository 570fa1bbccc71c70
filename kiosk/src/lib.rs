//! The CITEOSQUARE badge kiosk.
//!
//! Layout:
//! - [`outbox`]: the durable outbox; a tap is on disk before any feedback;
//! - [`source`]: badge sources behind [`source::BadgeSource`] (stdin and scripted simulators here;
//!   hardware readers come later);
//! - [`feedback`]: what the person sees (terminal text, or JSON lines for tests and tools);
//! - [`screen`]: the SSD1306 and ST7789 screens, and the drawing of each view on them;
//! - [`runner`]: the kiosk loop: read → record → feedback → publish, retry with the same id until
//!   the server's ack, retained status with a last will, the server's retained configuration;
//! - [`settings`]: the kiosk's configuration;
//! - [`readers`]: the hardware readers (MFRC522, Wiegand, USB keyboard wedge) and their health;
//! - [`debounce`]: one tap per card presentation, however long the card rests on the reader;
//! - [`signals`]: green and red lights and the buzzer;
//! - [`station`]: screen, lights and buzzer driven by what the kiosk loop reports.
//!
//! The protocol is `citeosquare-protocol` (`docs/protocol.md`).

pub mod debounce;
pub mod feedback;
pub mod hardware;
pub mod outbox;
pub mod readers;
pub mod runner;
pub mod screen;
pub mod settings;
pub mod signals;
pub mod source;
pub mod station;
pub mod wiegand;
