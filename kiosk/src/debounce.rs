//! One tap per card presentation.
//!
//! Readers report what they see: an MFRC522 reports a card resting on it at every poll, a
//! Wiegand or USB reader may send a card twice when it is waved slowly. The same card seen again
//! within the window is the same tap: it is ignored, and the window starts over, so a card resting
//! on the reader gives one tap however long it rests. A different card counts at once.

use crate::source::{BadgeSource, Read};
use std::time::{Duration, Instant};

/// Remembers the last card seen, and when.
#[derive(Debug, Clone)]
pub struct Debounce {
    window: Duration,
    last: Option<(String, Instant)>,
}

impl Debounce {
    /// A window that suits the readers (an MFRC522 polling every 100 ms, a card waved twice).
    pub const DEFAULT_WINDOW: Duration = Duration::from_secs(2);

    pub fn new(window: Duration) -> Debounce {
        Debounce { window, last: None }
    }

    /// Whether `badge`, seen at `now`, is a new tap.
    pub fn accept(&mut self, badge: &str, now: Instant) -> bool {
        if let Some((last, seen)) = &mut self.last
            && last == badge
            && now.saturating_duration_since(*seen) < self.window
        {
            // Still there (or back at once): the same tap, and the window starts over.
            *seen = now;
            return false;
        }
        self.last = Some((badge.to_owned(), now));
        true
    }
}

/// Any source, one read per tap ([`Debounce`]). Unreadable reads pass through.
#[derive(Debug)]
pub struct Debounced<S> {
    inner: S,
    debounce: Debounce,
}

impl<S: BadgeSource> Debounced<S> {
    pub fn new(inner: S, window: Duration) -> Debounced<S> {
        Debounced {
            inner,
            debounce: Debounce::new(window),
        }
    }

    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S: BadgeSource> BadgeSource for Debounced<S> {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    async fn next(&mut self) -> Option<Read> {
        loop {
            match self.inner.next().await? {
                Read::Badge(badge) => {
                    if self.debounce.accept(&badge, Instant::now()) {
                        return Some(Read::Badge(badge));
                    }
                    tracing::trace!(%badge, "même carte, même passage");
                }
                unreadable @ Read::Unreadable(_) => return Some(unreadable),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Script;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn a_resting_card_is_one_tap_however_long_it_rests() {
        let mut d = Debounce::new(ms(1_000));
        let t0 = Instant::now();
        assert!(d.accept("04A31F9B", t0));
        // Seen every 100 ms for 10 s: each sighting extends the window.
        for i in 1..=100 {
            assert!(!d.accept("04A31F9B", t0 + ms(100 * i)), "poll {i}");
        }
        // Taken away, presented again after the window: a new tap.
        assert!(d.accept("04A31F9B", t0 + ms(10_000 + 1_000)));
    }

    #[test]
    fn the_window_counts_from_the_last_sighting() {
        let mut d = Debounce::new(ms(1_000));
        let t0 = Instant::now();
        assert!(d.accept("A1", t0));
        assert!(!d.accept("A1", t0 + ms(900)));
        // 1.8 s after the first tap, but only 900 ms after the last sighting.
        assert!(!d.accept("A1", t0 + ms(1_800)));
        assert!(d.accept("A1", t0 + ms(2_800)));
        // Exactly the window: a new tap.
        assert!(d.accept("A1", t0 + ms(3_800)));
    }

    #[test]
    fn a_different_card_counts_at_once() {
        let mut d = Debounce::new(ms(1_000));
        let t0 = Instant::now();
        assert!(d.accept("A1", t0));
        assert!(d.accept("B2", t0 + ms(10)));
        // The first card again, right after the second: a new tap too.
        assert!(d.accept("A1", t0 + ms(20)));
        assert!(!d.accept("A1", t0 + ms(30)));
    }

    #[test]
    fn an_instant_from_before_the_last_sighting_is_the_same_tap() {
        let t0 = Instant::now() + ms(5_000);
        let mut d = Debounce::new(ms(1_000));
        assert!(d.accept("A1", t0));
        assert!(!d.accept("A1", t0 - ms(100)));
    }

    #[tokio::test]
    async fn debounced_sources_keep_their_name_and_pass_unreadable_reads() {
        let script = Script::new(
            [
                "04A31F9B", "04a31f9b", "04 A3", "04A31F9B", "DEMO0002", "04A31F9B",
            ]
            .map(String::from),
            Duration::ZERO,
        );
        let mut s = Debounced::new(script, Debounce::DEFAULT_WINDOW);
        assert_eq!(s.name(), "script");
        let mut got = vec![];
        while let Some(read) = s.next().await {
            got.push(read);
        }
        assert_eq!(
            got,
            vec![
                Read::Badge("04A31F9B".into()),
                Read::Unreadable("04 A3".into()),
                Read::Badge("DEMO0002".into()),
                Read::Badge("04A31F9B".into()),
            ]
        );
    }
}
