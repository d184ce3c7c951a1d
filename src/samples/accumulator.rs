//! The samples of one run: one HdrHistogram of latency (see [`super::histogram`]) plus
//! exact count, mean, deviation, min and max, and a per-second series. The histogram
//! is kept with the run, so that runs from several load generators merge exactly
//! (the `merge` of `analysis`).

use std::sync::Arc;

use hdrhistogram::Histogram;

use super::histogram::{MAX_TRACKED_US, latency_histogram, summary_of};
use super::steady::{self, SteadyBin};
use super::time_bins::{BinData, TimeBins};
use crate::model::{
    ErrorCounts, MAX_TIME_BLOCKS, Measurement, Run, RunDetail, SeriesPoint, TimeBlock,
};

/// Latency within one bin of the series: 1 significant digit (about 10%), 2 KB, plenty
/// for a time-series chart.
fn bin_histogram() -> Histogram<u32> {
    Histogram::new_with_bounds(1, MAX_TRACKED_US, 1).expect("valid histogram bounds")
}

/// The series has at most this many bins; when a run spans more, bins widen (2 s,
/// 4 s, ...), so that memory stays bounded whatever the timestamps say.
pub const MAX_BINS: usize = 2048;

/// The whole number at or below `x`, clamped to ±1e15 so that absurd timestamps cannot
/// overflow the arithmetic (and NaN is 0); inline, where `f64::floor` is a call into
/// the C library on baseline x86-64.
#[inline]
fn floor(x: f64) -> i64 {
    let x = x.clamp(-1e15, 1e15);
    let t = x as i64;
    if (t as f64) > x { t - 1 } else { t }
}

fn micros(ms: f64) -> u64 {
    (ms.max(0.0) * 1000.0).round() as u64
}

#[derive(Default)]
struct Bin {
    requests: u64,
    errors: u64,
    /// Allocated with the bin's first request.
    latency: Option<Box<Histogram<u32>>>,
}

impl BinData for Bin {
    fn is_empty(&self) -> bool {
        self.requests == 0
    }

    fn absorb(&mut self, other: Bin) {
        self.requests += other.requests;
        self.errors += other.errors;
        match (&mut self.latency, other.latency) {
            (Some(mine), Some(theirs)) => {
                let _ = mine.add(&*theirs);
            }
            (mine @ None, theirs) => *mine = theirs,
            (Some(_), None) => {}
        }
    }
}

/// Time blocks start as tenths of a second (and widen as the run grows).
const BLOCK_TICKS_PER_S: f64 = 10.0;

/// Latency within one time block: 2 significant digits (1%), fine enough for the
/// intervals of percentiles.
fn block_histogram() -> Histogram<u32> {
    Histogram::new_with_bounds(1, MAX_TRACKED_US, 2).expect("valid histogram bounds")
}

/// The samples of one time block, for the block bootstrap.
struct Block {
    requests: u64,
    errors: u64,
    sum_ms: f64,
    first_start_s: f64,
    last_end_s: f64,
    latency: Option<Box<Histogram<u32>>>,
}

impl Default for Block {
    fn default() -> Self {
        Block {
            requests: 0,
            errors: 0,
            sum_ms: 0.0,
            first_start_s: f64::INFINITY,
            last_end_s: f64::NEG_INFINITY,
            latency: None,
        }
    }
}

impl BinData for Block {
    fn is_empty(&self) -> bool {
        self.requests == 0
    }

    fn absorb(&mut self, other: Block) {
        self.requests += other.requests;
        self.errors += other.errors;
        self.sum_ms += other.sum_ms;
        self.first_start_s = self.first_start_s.min(other.first_start_s);
        self.last_end_s = self.last_end_s.max(other.last_end_s);
        match (&mut self.latency, other.latency) {
            (Some(mine), Some(theirs)) => {
                let _ = mine.add(&*theirs);
            }
            (mine @ None, theirs) => *mine = theirs,
            (Some(_), None) => {}
        }
    }
}

/// What kind of failure a sample was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// An HTTP status of 400 or more.
    HttpError,
    Timeout,
    Connect,
    /// A failure the tool reports without a class.
    OtherError,
}

impl Outcome {
    /// From an HTTP status: 0 (no response) is an error without class, 400 and up an
    /// HTTP error.
    pub fn from_status(code: i64) -> Outcome {
        match code {
            0 => Outcome::OtherError,
            c if c >= 400 => Outcome::HttpError,
            _ => Outcome::Ok,
        }
    }
}

/// Collects the samples of one run.
pub struct RunAccumulator {
    histogram: Histogram<u64>,
    count: u64,
    sum_ms: f64,
    sum_sq_ms: f64,
    min_ms: f64,
    max_ms: f64,
    first_start_s: f64,
    last_end_s: f64,
    bytes: u64,
    errors: ErrorCounts,
    /// The per-second series (bins widen past [`MAX_BINS`]).
    bins: TimeBins<Bin>,
    /// Coarser time blocks for the intervals (at most [`MAX_TIME_BLOCKS`]).
    blocks: TimeBins<Block>,
    /// Short bins (100 ms) for the steady state.
    steady: TimeBins<SteadyBin>,
}

impl Default for RunAccumulator {
    fn default() -> Self {
        Self {
            histogram: latency_histogram(),
            count: 0,
            sum_ms: 0.0,
            sum_sq_ms: 0.0,
            min_ms: f64::INFINITY,
            max_ms: f64::NEG_INFINITY,
            first_start_s: f64::INFINITY,
            last_end_s: f64::NEG_INFINITY,
            bytes: 0,
            errors: ErrorCounts::default(),
            bins: TimeBins::new(MAX_BINS),
            blocks: TimeBins::new(MAX_TIME_BLOCKS),
            steady: TimeBins::new(steady::MAX_STEADY_BINS),
        }
    }
}

/// Where a run's numbers came from, for [`RunAccumulator::finish`].
pub struct RunMeta {
    pub source: String,
    pub tool: String,
    pub label: String,
    pub integration: Option<String>,
    pub memory_mb: Option<u32>,
    pub connections: Option<u32>,
    pub threads: Option<u32>,
    /// Whether start times are Unix time (true) or offsets from the run's start.
    pub epoch: bool,
    pub measurement: Measurement,
}

#[cfg(test)]
impl RunMeta {
    /// The meta of a test's run: labelled `label` (its source too), tool `test`,
    /// nothing else said.
    pub fn test(label: &str) -> RunMeta {
        RunMeta {
            source: label.into(),
            tool: "test".into(),
            label: label.into(),
            integration: None,
            memory_mb: None,
            connections: None,
            threads: None,
            epoch: false,
            measurement: Measurement::Unknown,
        }
    }
}

impl RunAccumulator {
    /// Adds one request that started at `start_s` (seconds) and took `latency_ms`.
    pub fn add(&mut self, start_s: f64, latency_ms: f64, outcome: Outcome, bytes: u64) {
        let latency_ms = latency_ms.max(0.0);
        self.count += 1;
        self.sum_ms += latency_ms;
        self.sum_sq_ms += latency_ms * latency_ms;
        self.min_ms = self.min_ms.min(latency_ms);
        self.max_ms = self.max_ms.max(latency_ms);
        self.first_start_s = self.first_start_s.min(start_s);
        self.last_end_s = self.last_end_s.max(start_s + latency_ms / 1000.0);
        self.bytes += bytes;
        self.histogram.saturating_record(micros(latency_ms));
        let failed = outcome != Outcome::Ok;
        match outcome {
            Outcome::Ok => {}
            Outcome::HttpError => self.errors.non_2xx_3xx += 1,
            Outcome::Timeout => self.errors.timeout += 1,
            Outcome::Connect => self.errors.connect += 1,
            Outcome::OtherError => self.errors.other += 1,
        }
        // Clamped so that absurd timestamps cannot overflow the arithmetic.
        let second = floor(start_s);
        let micros = micros(latency_ms);
        let bin = self.bins.bin_mut(second);
        bin.requests += 1;
        bin.errors += u64::from(failed);
        bin.latency
            .get_or_insert_with(|| Box::new(bin_histogram()))
            .saturating_record(micros);
        // Blocks count tenths of a second, so that a run of a few seconds still has
        // enough blocks to resample.
        let tenth = floor(start_s * BLOCK_TICKS_PER_S);
        let bin = self.steady.bin_mut(floor(start_s * steady::TICKS_PER_S));
        bin.requests += 1;
        bin.sum_ms += latency_ms;
        let block = self.blocks.bin_mut(tenth);
        block.requests += 1;
        block.errors += u64::from(failed);
        block.sum_ms += latency_ms;
        block.first_start_s = block.first_start_s.min(start_s);
        block.last_end_s = block.last_end_s.max(start_s + latency_ms / 1000.0);
        block
            .latency
            .get_or_insert_with(|| Box::new(block_histogram()))
            .saturating_record(micros);
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// Adds every sample of `other` (the same run read in another block).
    pub fn absorb(&mut self, other: RunAccumulator) {
        if other.count == 0 {
            return;
        }
        let _ = self.histogram.add(&other.histogram);
        self.count += other.count;
        self.sum_ms += other.sum_ms;
        self.sum_sq_ms += other.sum_sq_ms;
        self.min_ms = self.min_ms.min(other.min_ms);
        self.max_ms = self.max_ms.max(other.max_ms);
        self.first_start_s = self.first_start_s.min(other.first_start_s);
        self.last_end_s = self.last_end_s.max(other.last_end_s);
        self.bytes += other.bytes;
        self.errors = self.errors.plus(&other.errors);
        self.bins.absorb(other.bins);
        self.blocks.absorb(other.blocks);
        self.steady.absorb(other.steady);
    }

    /// The run, or `None` when no sample was added.
    pub fn finish(self, meta: RunMeta) -> Option<Run> {
        if self.count == 0 {
            return None;
        }
        let duration_s = (self.last_end_s - self.first_start_s).max(1e-3);
        let quantile = |b: &Bin, q: f64| {
            b.latency
                .as_ref()
                .map(|h| h.value_at_quantile(q) as f64 / 1000.0)
        };
        let step_s = self.bins.width();
        let series = self
            .bins
            .iter()
            .map(|(second, b)| SeriesPoint {
                second,
                requests: b.requests,
                errors: b.errors,
                p50_ms: quantile(b, 0.5),
                p99_ms: quantile(b, 0.99),
            })
            .collect();
        let steady_state =
            steady::of_bins(self.steady.iter(), self.steady.width(), self.first_start_s);
        let width = self.blocks.width() as f64 / BLOCK_TICKS_PER_S;
        let blocks = self
            .blocks
            .into_iter()
            .map(|(tick, b)| {
                // The part of the block's width the run covers: less at its two ends.
                let start = tick as f64 / BLOCK_TICKS_PER_S;
                let end = start + width;
                let covered = end.min(self.last_end_s) - start.max(self.first_start_s);
                TimeBlock {
                    requests: b.requests,
                    errors: b.errors,
                    sum_ms: b.sum_ms,
                    span_s: covered.clamp(1e-3, width),
                    latency: b.latency.map_or_else(Vec::new, |h| {
                        h.iter_recorded()
                            .map(|v| (v.value_iterated_to(), u64::from(v.count_at_value())))
                            .collect()
                    }),
                    start_s: start,
                }
            })
            .collect();
        let detail = RunDetail {
            histogram: self.histogram,
            count: self.count,
            sum_ms: self.sum_ms,
            sum_sq_ms: self.sum_sq_ms,
            series,
            step_s,
            epoch: meta.epoch,
            blocks,
            rebuilt: false,
        };
        let bytes = (self.bytes > 0).then_some(self.bytes as f64);
        Some(Run {
            integration: meta.integration,
            memory_mb: meta.memory_mb,
            duration_s: Some(duration_s),
            connections: meta.connections,
            threads: meta.threads,
            requests: Some(self.count),
            throughput_rps: Some(self.count as f64 / duration_s),
            transfer_bytes_per_s: bytes.map(|b| b / duration_s),
            bytes_read: bytes,
            latency: summary_of(&detail, self.min_ms, self.max_ms),
            errors: self.errors,
            steady_state,
            detail: Some(Arc::new(detail)),
            ..Run::read(
                meta.tool,
                std::path::Path::new(&meta.source),
                meta.label,
                meta.measurement,
            )
        })
    }
}

impl crate::blocks::Partial for RunAccumulator {
    fn absorb(&mut self, other: RunAccumulator) {
        RunAccumulator::absorb(self, other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_as_the_library_computes_it() {
        for x in [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            1.999,
            -1.001,
            1764000000.999,
            -3e14 - 0.25,
            1e16,
            -1e16,
            f64::INFINITY,
        ] {
            assert_eq!(floor(x), x.clamp(-1e15, 1e15).floor() as i64, "{x}");
        }
        assert_eq!(floor(f64::NAN), 0);
    }

    fn meta() -> RunMeta {
        RunMeta::test("x")
    }

    #[test]
    fn statistics_of_known_samples() {
        let mut acc = RunAccumulator::default();
        // 1..=1000 ms, one per ms of start time, 10 errors.
        for i in 1..=1000 {
            let outcome = if i % 100 == 0 {
                Outcome::HttpError
            } else {
                Outcome::Ok
            };
            acc.add(i as f64 / 1000.0, i as f64, outcome, 100);
        }
        let run = acc.finish(meta()).unwrap();
        assert_eq!(run.requests, Some(1000));
        assert_eq!(run.latency.mean, Some(500.5));
        assert_eq!(run.latency.min, Some(1.0));
        assert_eq!(run.latency.max, Some(1000.0));
        // The population deviation of 1..=1000 is sqrt((1000^2 - 1) / 12).
        let sd = ((1000.0f64 * 1000.0 - 1.0) / 12.0).sqrt();
        assert!((run.latency.stdev.unwrap() - sd).abs() < 1e-6);
        // Percentiles within HdrHistogram's 3 significant digits.
        let p50 = run.latency.percentile("50").unwrap();
        assert!((p50 - 500.0).abs() <= 0.5, "{p50}");
        let p99 = run.latency.percentile("99").unwrap();
        assert!((p99 - 990.0).abs() <= 1.0, "{p99}");
        assert_eq!(run.errors.non_2xx_3xx, 10);
        // From the first start (0.001 s) to the last end (1 s + 1 s).
        assert!((run.duration_s.unwrap() - 1.999).abs() < 1e-9);
        assert_eq!(run.bytes_read, Some(100_000.0));
        let detail = run.detail.as_ref().unwrap();
        assert_eq!(detail.series.len(), 2);
        assert_eq!(detail.series[0].requests, 999);
        assert_eq!(detail.series[1].requests, 1);
    }

    #[test]
    fn absorbing_blocks_equals_one_pass() {
        let samples: Vec<(f64, f64)> = (0..5000)
            .map(|i| ((i * 7 % 5000) as f64 / 1000.0, (i * 13 % 977) as f64 + 0.5))
            .collect();
        let mut one = RunAccumulator::default();
        let mut a = RunAccumulator::default();
        let mut b = RunAccumulator::default();
        for (i, (t, l)) in samples.iter().enumerate() {
            one.add(*t, *l, Outcome::Ok, 0);
            if i % 2 == 0 {
                a.add(*t, *l, Outcome::Ok, 0)
            } else {
                b.add(*t, *l, Outcome::Ok, 0)
            }
        }
        a.absorb(b);
        let (x, y) = (one.finish(meta()).unwrap(), a.finish(meta()).unwrap());
        assert_eq!(x.requests, y.requests);
        assert_eq!(x.latency.percentiles, y.latency.percentiles);
        assert_eq!(x.latency.min, y.latency.min);
        assert_eq!(
            x.detail.as_ref().unwrap().series,
            y.detail.as_ref().unwrap().series
        );
        assert!((x.latency.mean.unwrap() - y.latency.mean.unwrap()).abs() < 1e-9);
    }

    /// A timestamp far from the others widens the bins instead of allocating one
    /// per second in between.
    #[test]
    fn the_series_stays_bounded() {
        let mut acc = RunAccumulator::default();
        for i in 0..10_000 {
            acc.add(1_500_000_000.0 + i as f64 / 100.0, 5.0, Outcome::Ok, 0);
        }
        acc.add(15_000_000_000.0, 5.0, Outcome::Ok, 0); // a year 2445 typo
        acc.add(-1e300, 5.0, Outcome::Ok, 0);
        let run = acc.finish(meta()).unwrap();
        let d = run.detail.as_ref().unwrap();
        assert!(d.series.len() <= MAX_BINS, "{}", d.series.len());
        assert_eq!(d.series.iter().map(|p| p.requests).sum::<u64>(), 10_002);
        assert_eq!(run.requests, Some(10_002));
    }
}
