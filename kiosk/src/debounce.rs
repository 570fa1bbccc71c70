//! One tap per card presentation.
//!
//! Readers report what they see: an MFRC522 reports a card resting on it at every poll, a
//! Wiegand or USB reader may send a card twice when it is waved slowly. The same card seen again
//! within the window is the same tap: it is ignored, and the window starts over, so a card resting
//! on the reader gives one tap however long it rests. A different card counts at once.

use crate::source::{BadgeSource, Read};
use std::time::{Duration, Instant};

/// Remembers the cards seen recently, and when. Several at once: two badges in one wallet make an
/// MFRC522 alternate between them, and each must still count once.
#[derive(Debug, Clone)]
pub struct Debounce {
    window: Duration,
    seen: Vec<(String, Instant)>,
}

/// Cards remembered at most (a handful can be in the field together).
const MAX_REMEMBERED: usize = 16;

impl Debounce {
    /// A window that suits the readers (an MFRC522 polling every 100 ms, a card waved twice).
    pub const DEFAULT_WINDOW: Duration = Duration::from_secs(2);

    pub fn new(window: Duration) -> Debounce {
        Debounce {
            window,
            seen: vec![],
        }
    }

    /// Whether `badge`, seen at `now`, is a new tap.
    pub fn accept(&mut self, badge: &str, now: Instant) -> bool {
        let window = self.window;
        self.seen
            .retain(|(_, at)| now.saturating_duration_since(*at) < window);
        if let Some((_, at)) = self.seen.iter_mut().find(|(b, _)| b == badge) {
            // Still there (or back at once): the same tap, and the window starts over.
            *at = now;
            return false;
        }
        if self.seen.len() >= MAX_REMEMBERED {
            self.seen.remove(0);
        }
        self.seen.push((badge.to_owned(), now));
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
        // The first card again within its window (two cards in one wallet, alternating): still
        // the same tap; after its window, a new one.
        assert!(!d.accept("A1", t0 + ms(20)));
        assert!(d.accept("A1", t0 + ms(1_100)));
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
            ]
        );
    }

    #[test]
    fn two_cards_in_the_field_count_once_each() {
        let mut d = Debounce::new(Duration::from_secs(2));
        let t0 = Instant::now();
        let mut taps = 0;
        // An MFRC522 alternating between two badges in one wallet, every 100 ms for 2 s.
        for i in 0..20u64 {
            let card = if i % 2 == 0 { "AAAA" } else { "BBBB" };
            if d.accept(card, t0 + Duration::from_millis(100 * i)) {
                taps += 1;
            }
        }
        assert_eq!(taps, 2);
        // Both gone for the window: each counts again.
        assert!(d.accept("AAAA", t0 + Duration::from_secs(5)));
        assert!(d.accept("BBBB", t0 + Duration::from_secs(5)));
    }
}
