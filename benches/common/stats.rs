//! What the benchmarks measure with: percentiles of latencies, milliseconds, medians of runs, and
//! the size of a database file. Each bench binary includes this file (`#[path]`) and uses its part.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

/// The `p` percentile (0.0–1.0) of sorted durations; zero when there are none.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The median of runs (sorts them).
pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// A file's size in MiB (0 when it cannot be read).
pub fn file_mib(path: &Path) -> f64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) as f64 / (1024.0 * 1024.0)
}
