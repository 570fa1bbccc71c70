//! Where badge reads come from.

use std::path::Path;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::mpsc;

/// One read from a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// A card id, as the protocol carries it (upper-case hex or decimal).
    Badge(String),
    /// Something was read that is not a card id; the person is told to try again.
    Unreadable(String),
}

/// A badge reader. `next` returns `None` when the source has ended (end of a script, stdin closed).
pub trait BadgeSource: Send + 'static {
    /// A short name reported in the kiosk's status (`stdin`, `script`, `mfrc522`…).
    fn name(&self) -> &'static str;
    fn next(&mut self) -> impl std::future::Future<Output = Option<Read>> + Send;
}

/// Turns a typed or scripted line into a read: trimmed and upper-cased; anything but letters and
/// digits (1–64) is unreadable.
pub fn parse_line(line: &str) -> Option<Read> {
    let t = line.trim();
    if t.is_empty() || t.starts_with('#') {
        return None;
    }
    let up = t.to_ascii_uppercase();
    Some(if citeosquare_protocol::is_badge(&up) {
        Read::Badge(up)
    } else {
        Read::Unreadable(t.to_owned())
    })
}

/// Simulated reader: one badge per line on standard input.
#[derive(Debug)]
pub struct Stdin {
    lines: tokio::io::Lines<BufReader<tokio::io::Stdin>>,
}

impl Default for Stdin {
    fn default() -> Self {
        Stdin {
            lines: BufReader::new(tokio::io::stdin()).lines(),
        }
    }
}

impl BadgeSource for Stdin {
    fn name(&self) -> &'static str {
        "stdin"
    }

    async fn next(&mut self) -> Option<Read> {
        loop {
            match self.lines.next_line().await {
                Ok(Some(line)) => {
                    if let Some(read) = parse_line(&line) {
                        return Some(read);
                    }
                }
                Ok(None) | Err(_) => return None,
            }
        }
    }
}

/// Scripted reader for tests and demos: badges from a list, with a pause between reads.
#[derive(Debug)]
pub struct Script {
    reads: std::vec::IntoIter<Read>,
    interval: Duration,
    started: bool,
}

impl Script {
    pub fn new(lines: impl IntoIterator<Item = String>, interval: Duration) -> Script {
        let reads: Vec<Read> = lines.into_iter().filter_map(|l| parse_line(&l)).collect();
        Script {
            reads: reads.into_iter(),
            interval,
            started: false,
        }
    }

    /// Reads a script file: one badge per line; blank lines and `#` comments are skipped.
    pub fn from_file(path: &Path, interval: Duration) -> std::io::Result<Script> {
        let text = std::fs::read_to_string(path)?;
        Ok(Script::new(text.lines().map(str::to_owned), interval))
    }
}

impl BadgeSource for Script {
    fn name(&self) -> &'static str {
        "script"
    }

    async fn next(&mut self) -> Option<Read> {
        if self.started && !self.interval.is_zero() {
            tokio::time::sleep(self.interval).await;
        }
        self.started = true;
        self.reads.next()
    }
}

/// A source fed through a channel, for programs that drive kiosks in-process (the benchmark).
#[derive(Debug)]
pub struct Channel(pub mpsc::Receiver<Read>);

impl BadgeSource for Channel {
    fn name(&self) -> &'static str {
        "channel"
    }

    async fn next(&mut self) -> Option<Read> {
        self.0.recv().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_trimmed_upper_cased_and_comments_skipped() {
        assert_eq!(
            parse_line("  demo0001 \n"),
            Some(Read::Badge("DEMO0001".into()))
        );
        assert_eq!(parse_line("# a comment"), None);
        assert_eq!(parse_line("   "), None);
        assert_eq!(parse_line("04 A1"), Some(Read::Unreadable("04 A1".into())));
        assert_eq!(
            parse_line("badge!"),
            Some(Read::Unreadable("badge!".into()))
        );
    }

    #[tokio::test]
    async fn script_yields_its_badges_then_ends() {
        let mut s = Script::new(
            ["DEMO0001", "", "#x", "demo0002"].map(String::from),
            Duration::ZERO,
        );
        assert_eq!(s.next().await, Some(Read::Badge("DEMO0001".into())));
        assert_eq!(s.next().await, Some(Read::Badge("DEMO0002".into())));
        assert_eq!(s.next().await, None);
    }
}
