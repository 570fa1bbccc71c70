//! The CITEOSQUARE badge kiosk.
//!
//! Layout:
//! - [`outbox`]: the durable outbox; a tap is on disk before any feedback;
//! - [`source`]: badge sources behind [`source::BadgeSource`] (stdin and scripted simulators here;
//!   hardware readers come later);
//! - [`feedback`]: what the person sees (terminal text, or JSON lines for tests and tools);
//! - [`runner`]: the kiosk loop: read → record → feedback → publish, retry with the same id until
//!   the server's ack, retained status with a last will, the server's retained configuration;
//! - [`settings`]: the kiosk's configuration.
//!
//! The protocol is `citeosquare-protocol` (`docs/protocol.md`).

pub mod feedback;
pub mod hardware;
pub mod outbox;
pub mod runner;
pub mod settings;
pub mod source;
pub mod wiegand;
