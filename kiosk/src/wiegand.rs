//! Wiegand 26/34-bit decoding from the two data lines' pulse timestamps.
//!
//! A Wiegand reader pulls D0 low for a 0 bit and D1 low for a 1 bit (pulses of 20–100 µs, 0.2–20 ms
//! apart); a frame ends when the lines stay quiet. No crate does this, so it is written here and
//! tested with recorded pulse trains, including noise, cut frames and bad parity.
//!
//! - **26 bits**: even parity over bits 0–12, 24 data bits (8-bit facility code, 16-bit card
//!   number), odd parity over bits 13–25.
//! - **34 bits**: even parity over bits 0–16, 32 data bits, odd parity over bits 17–33.
//!
//! The card id is the data bits as upper-case hexadecimal (6 digits for 26 bits, 8 for 34), which the
//! protocol accepts as a badge.

/// Which line pulsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// D0: a 0 bit.
    D0,
    /// D1: a 1 bit.
    D1,
}

/// Timing rules (microseconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// Quiet time that ends a frame (readers send bits 1–2 ms apart; 25 ms is safely beyond).
    pub frame_gap_us: u64,
    /// A second edge on the same line closer than this is contact bounce, ignored.
    pub bounce_us: u64,
    /// Edges on both lines closer than this are noise: the frame is refused.
    pub clash_us: u64,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            frame_gap_us: 25_000,
            bounce_us: 100,
            clash_us: 50,
        }
    }
}

/// Why a frame was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WiegandError {
    #[error("trame de {0} bits (26 ou 34 attendus)")]
    BadLength(usize),
    #[error("parité paire incorrecte")]
    BadEvenParity,
    #[error("parité impaire incorrecte")]
    BadOddParity,
    #[error("parasites sur les lignes D0/D1")]
    Noise,
}

/// A decoded card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub bits: usize,
    /// The data bits (24 or 32).
    pub data: u32,
}

impl Card {
    /// The badge id sent to the server: the data bits in hexadecimal.
    pub fn badge(&self) -> String {
        if self.bits == 26 {
            format!("{:06X}", self.data)
        } else {
            format!("{:08X}", self.data)
        }
    }

    /// Facility code and card number of a 26-bit card, as printed on many cards ("123:45678").
    pub fn facility_and_number(&self) -> Option<(u8, u16)> {
        (self.bits == 26).then_some(((self.data >> 16) as u8, (self.data & 0xFFFF) as u16))
    }
}

/// Longest frame kept: anything longer is noise and gets refused once it ends.
const MAX_BITS: usize = 64;

/// Turns pulses into cards. Feed every pulse with [`Decoder::pulse`]; call [`Decoder::poll`]
/// when the lines have been quiet, to finish the last frame.
///
/// Edges are kept with their timestamps and put in time order when the frame ends: the two lines'
/// interrupts are delivered by different threads, so an edge may arrive after a later one from the
/// other line.
#[derive(Debug, Clone, Default)]
pub struct Decoder {
    timing: Timing,
    edges: Vec<(u64, Line)>,
    /// The latest edge time seen in this frame.
    latest: Option<u64>,
    overflow: usize,
}

impl Decoder {
    pub fn new(timing: Timing) -> Decoder {
        Decoder {
            timing,
            ..Decoder::default()
        }
    }

    /// One falling edge on `line` at `at_us` (a monotonic clock). Returns the previous frame if this
    /// pulse comes after a frame gap.
    pub fn pulse(&mut self, line: Line, at_us: u64) -> Option<Result<Card, WiegandError>> {
        let finished = self.poll(at_us);
        if self.edges.len() < MAX_BITS * 2 {
            self.edges.push((at_us, line));
        } else {
            self.overflow += 1;
        }
        self.latest = Some(self.latest.map_or(at_us, |l| l.max(at_us)));
        finished
    }

    /// Finishes the current frame if the lines have been quiet for the frame gap at `now_us`.
    pub fn poll(&mut self, now_us: u64) -> Option<Result<Card, WiegandError>> {
        let latest = self.latest?;
        if now_us.saturating_sub(latest) < self.timing.frame_gap_us || self.edges.is_empty() {
            return None;
        }
        let mut edges = std::mem::take(&mut self.edges);
        let overflow = std::mem::take(&mut self.overflow);
        self.latest = None;
        edges.sort_by_key(|(at, _)| *at);
        let mut bits = Vec::with_capacity(edges.len());
        let mut noisy = false;
        let mut last: Option<(u64, Line)> = None;
        for (at, line) in edges {
            if let Some((last_at, last_line)) = last {
                let dt = at - last_at;
                if last_line == line && dt < self.timing.bounce_us {
                    // Contact bounce: the same bit again.
                    continue;
                }
                if last_line != line && dt < self.timing.clash_us {
                    noisy = true;
                }
            }
            last = Some((at, line));
            bits.push(line == Line::D1);
        }
        let extra = overflow + bits.len().saturating_sub(MAX_BITS);
        bits.truncate(MAX_BITS);
        Some(if noisy {
            Err(WiegandError::Noise)
        } else {
            decode(&bits).map_err(|e| match e {
                WiegandError::BadLength(n) => WiegandError::BadLength(n + extra),
                e => e,
            })
        })
    }

    /// How long to wait before [`Decoder::poll`] can finish the frame in progress, if any.
    pub fn pending_deadline(&self) -> Option<u64> {
        self.latest.map(|at| at + self.timing.frame_gap_us)
    }
}

fn ones(bits: &[bool]) -> usize {
    bits.iter().filter(|b| **b).count()
}

/// Checks a complete frame's length and parity and returns its card.
pub fn decode(bits: &[bool]) -> Result<Card, WiegandError> {
    let (half, data_bits) = match bits.len() {
        26 => (13, 24),
        34 => (17, 32),
        n => return Err(WiegandError::BadLength(n)),
    };
    if !ones(&bits[..half]).is_multiple_of(2) {
        return Err(WiegandError::BadEvenParity);
    }
    if ones(&bits[half..]).is_multiple_of(2) {
        return Err(WiegandError::BadOddParity);
    }
    let data = bits[1..=data_bits]
        .iter()
        .fold(0u32, |acc, b| (acc << 1) | u32::from(*b));
    Ok(Card {
        bits: bits.len(),
        data,
    })
}

/// The frame a reader sends for `data` (tests, and the simulator).
pub fn encode(bits: usize, data: u32) -> Vec<bool> {
    let data_bits = bits - 2;
    let mut frame = vec![false];
    for i in (0..data_bits).rev() {
        frame.push((data >> i) & 1 == 1);
    }
    frame.push(false);
    let half = bits / 2;
    frame[0] = !ones(&frame[1..half]).is_multiple_of(2);
    frame[bits - 1] = ones(&frame[half..bits - 1]).is_multiple_of(2);
    frame
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A reader's pulse train: one edge per bit, `spacing_us` apart, starting at `t0`.
    fn train(frame: &[bool], t0: u64, spacing_us: u64) -> Vec<(Line, u64)> {
        frame
            .iter()
            .enumerate()
            .map(|(i, b)| {
                (
                    if *b { Line::D1 } else { Line::D0 },
                    t0 + i as u64 * spacing_us,
                )
            })
            .collect()
    }

    fn run(pulses: &[(Line, u64)], end_us: u64) -> Vec<Result<Card, WiegandError>> {
        let mut d = Decoder::default();
        let mut out = vec![];
        for (line, at) in pulses {
            out.extend(d.pulse(*line, *at));
        }
        out.extend(d.poll(end_us));
        out
    }

    #[test]
    fn a_26_bit_card_decodes_with_facility_and_number() {
        // Facility 123, card 45678, as a reader sends it every 2 ms.
        let data = (123 << 16) | 45678;
        let frame = encode(26, data);
        assert_eq!(frame.len(), 26);
        let got = run(&train(&frame, 1_000, 2_000), 200_000);
        let card = got[0].clone().unwrap();
        assert_eq!(card.facility_and_number(), Some((123, 45678)));
        assert_eq!(card.badge(), "7BB26E");
        assert!(citeosquare_protocol::is_badge(&card.badge()));
    }

    #[test]
    fn a_hand_worked_26_bit_frame_matches_the_format() {
        // Facility 1, card 1, worked by hand: the first 13 bits hold one 1, so the even parity
        // bit is 1; the last 12 data bits hold one 1, so the odd parity bit is 0.
        let bits: Vec<bool> = "10000000100000000000000010"
            .chars()
            .map(|c| c == '1')
            .collect();
        let card = decode(&bits).unwrap();
        assert_eq!(card.facility_and_number(), Some((1, 1)));
        assert_eq!(encode(26, card.data), bits);
    }

    #[test]
    fn a_34_bit_frame_carries_a_32_bit_uid() {
        let frame = encode(34, 0x04A3_1F9B);
        let got = run(&train(&frame, 0, 1_000), 100_000);
        assert_eq!(
            got,
            vec![Ok(Card {
                bits: 34,
                data: 0x04A3_1F9B
            })]
        );
        assert_eq!(got[0].clone().unwrap().badge(), "04A31F9B");
    }

    #[test]
    fn each_parity_error_is_named() {
        let mut frame = encode(26, 0x00AB_CDEF);
        frame[0] = !frame[0];
        assert_eq!(decode(&frame), Err(WiegandError::BadEvenParity));
        let mut frame = encode(26, 0x00AB_CDEF);
        frame[25] = !frame[25];
        assert_eq!(decode(&frame), Err(WiegandError::BadOddParity));
        // A flipped data bit breaks one of the two parities.
        let mut frame = encode(34, 0xDEAD_BEEF);
        frame[20] = !frame[20];
        assert_eq!(decode(&frame), Err(WiegandError::BadOddParity));
    }

    #[test]
    fn a_cut_frame_is_refused_and_the_next_one_still_reads() {
        let full = encode(26, 0x0001_0203);
        let mut pulses = train(&full[..20], 0, 2_000);
        // The reader is unplugged mid-frame, then a new card comes 100 ms later.
        pulses.extend(train(&encode(26, 0x00AA_BBCC), 140_000, 2_000));
        let got = run(&pulses, 400_000);
        assert_eq!(got[0], Err(WiegandError::BadLength(20)));
        assert_eq!(got[1].clone().unwrap().data, 0x00AA_BBCC);
    }

    #[test]
    fn contact_bounce_is_ignored_and_clashing_lines_are_noise() {
        let frame = encode(26, 0x0012_3456);
        let mut pulses = train(&frame, 0, 2_000);
        // Each edge bounces 30 µs later on the same line.
        let bounced: Vec<_> = pulses
            .iter()
            .flat_map(|(l, t)| [(*l, *t), (*l, *t + 30)])
            .collect();
        assert_eq!(run(&bounced, 200_000)[0].clone().unwrap().data, 0x0012_3456);
        // A spike on the other line 10 µs after a bit: the frame cannot be trusted.
        let other = if pulses[5].0 == Line::D0 {
            Line::D1
        } else {
            Line::D0
        };
        let spike = (other, pulses[5].1 + 10);
        pulses.insert(6, spike);
        assert_eq!(run(&pulses, 200_000), vec![Err(WiegandError::Noise)]);
        // The decoder recovers for the next card.
        let mut d = Decoder::default();
        for (l, t) in &pulses {
            d.pulse(*l, *t);
        }
        assert_eq!(d.poll(300_000), Some(Err(WiegandError::Noise)));
        let mut out = vec![];
        for (l, t) in train(&encode(26, 7), 400_000, 2_000) {
            out.extend(d.pulse(l, t));
        }
        out.extend(d.poll(600_000));
        assert_eq!(out, vec![Ok(Card { bits: 26, data: 7 })]);
    }

    #[test]
    fn edges_delivered_out_of_order_by_the_two_interrupt_threads_still_decode() {
        let frame = encode(26, 0x0012_3456);
        let mut pulses = train(&frame, 0, 2_000);
        // Each D0 edge is delivered after the next D1 edge (swap neighbours of different lines).
        for i in (0..pulses.len() - 1).step_by(2) {
            if pulses[i].0 != pulses[i + 1].0 {
                pulses.swap(i, i + 1);
            }
        }
        assert_eq!(run(&pulses, 200_000)[0].clone().unwrap().data, 0x0012_3456);
    }

    #[test]
    fn stray_pulses_and_endless_trains_never_panic() {
        // A lone pulse (a reader powering up) is a 1-bit frame, refused.
        assert_eq!(
            run(&[(Line::D1, 5)], 100_000),
            vec![Err(WiegandError::BadLength(1))]
        );
        // 500 pulses without a gap: refused once, with the count.
        let long: Vec<_> = (0..500).map(|i| (Line::D0, i * 1_000)).collect();
        assert_eq!(
            run(&long, 10_000_000),
            vec![Err(WiegandError::BadLength(500))]
        );
        // Nothing happened: nothing to report; time going backwards is harmless.
        let mut d = Decoder::default();
        assert_eq!(d.poll(1_000_000), None);
        d.pulse(Line::D0, 1_000);
        d.pulse(Line::D1, 500);
        assert_eq!(d.poll(10), None);
        assert!(d.pending_deadline().is_some());
    }
}
