//! The throughput of several load generators that ran together: the requests sent
//! in the window in which **all** of them were sending (the overlap of their
//! intervals), divided by that window. A generator that started earlier or ended
//! later adds requests outside it, which are counted but not in the throughput
//! (`docs/distributed-load.md`, "Throughput").
//!
//! Each generator's requests are known per time bin (its per-second series) or,
//! for a tool that prints only a summary (wrk), as one bin over its whole run; a
//! bin the window cuts counts in proportion to its overlap.

use crate::model::{Run, SendingWindow};

/// Requests sent in `[from, to)`, in seconds of this machine's clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    pub from: f64,
    pub to: f64,
    pub requests: u64,
}

/// One generator's part of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Sending {
    /// When its tool started and ended, in this machine's clock (s since the epoch).
    pub start: f64,
    pub end: f64,
    pub requests: u64,
    pub bins: Vec<Bin>,
}

/// `run`'s requests placed in time: its tool ran from `start` to `end` (this
/// machine's clock); its generator's clock is `offset_s` ahead of this machine's.
pub fn sending_of(run: &Run, start: f64, end: f64, offset_s: f64) -> Sending {
    let requests = run.requests.unwrap_or(0);
    let bins = match run.detail.as_ref().filter(|d| !d.series.is_empty()) {
        Some(d) => {
            let step = d.step_s.max(1) as f64;
            d.series
                .iter()
                .map(|p| {
                    // Unix seconds of the generator's clock, or seconds from its
                    // tool's start.
                    let from = if d.epoch {
                        p.second as f64 - offset_s
                    } else {
                        start + p.second as f64
                    };
                    Bin {
                        from,
                        to: from + step,
                        requests: p.requests,
                    }
                })
                .collect()
        }
        None => vec![Bin {
            from: start,
            to: end,
            requests,
        }],
    };
    Sending {
        start,
        end,
        requests,
        bins,
    }
}

/// The window all `parts` were sending in, with the requests in and outside it;
/// `None` when their intervals do not overlap.
pub fn common_window(parts: &[Sending]) -> Option<SendingWindow> {
    let from = parts.iter().map(|p| p.start).reduce(f64::max)?;
    let to = parts.iter().map(|p| p.end).reduce(f64::min)?;
    if to <= from {
        return None;
    }
    let total: u64 = parts.iter().map(|p| p.requests).sum();
    let inside: f64 = parts
        .iter()
        .flat_map(|p| &p.bins)
        .map(|b| {
            let overlap = (b.to.min(to) - b.from.max(from)).max(0.0);
            let width = b.to - b.from;
            if width > 0.0 {
                b.requests as f64 * overlap / width
            } else if b.from >= from && b.from < to {
                b.requests as f64
            } else {
                0.0
            }
        })
        .sum();
    let requests_in = (inside.round() as u64).min(total);
    Some(SendingWindow {
        seconds: to - from,
        requests_in,
        requests_outside: total - requests_in,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(start: f64, end: f64, bins: &[(f64, f64, u64)]) -> Sending {
        Sending {
            start,
            end,
            requests: bins.iter().map(|b| b.2).sum(),
            bins: bins
                .iter()
                .map(|&(from, to, requests)| Bin { from, to, requests })
                .collect(),
        }
    }

    /// By hand: A sends 100/s over [0, 3), B over [0.5, 3.5). The window is
    /// [0.5, 3), 2.5 s. In it: A's first second counts half (50), then 100 + 100;
    /// B's bins start at 0.5: 100 + 100 + half of [2.5, 3.5) (50). 500 inside,
    /// 100 outside, 200 req/s (not the 240 of 600 requests over 2.5 s, nor the
    /// sum of their rates over their own runs).
    #[test]
    fn throughput_over_the_common_window() {
        let a = part(
            0.0,
            3.0,
            &[(0.0, 1.0, 100), (1.0, 2.0, 100), (2.0, 3.0, 100)],
        );
        let b = part(
            0.5,
            3.5,
            &[(0.5, 1.5, 100), (1.5, 2.5, 100), (2.5, 3.5, 100)],
        );
        let w = common_window(&[a, b]).unwrap();
        assert_eq!(w.seconds, 2.5);
        assert_eq!(w.requests_in, 500);
        assert_eq!(w.requests_outside, 100);
        assert_eq!(w.throughput_rps(), Some(200.0));
    }

    /// Generators that never sent at the same time have no window.
    #[test]
    fn no_overlap_no_window() {
        let a = part(0.0, 1.0, &[(0.0, 1.0, 10)]);
        let b = part(2.0, 3.0, &[(2.0, 3.0, 10)]);
        assert_eq!(common_window(&[a, b]), None);
    }

    fn accumulated(epoch: bool, starts: impl Iterator<Item = f64>) -> Run {
        use crate::samples::{Outcome, RunAccumulator, RunMeta};
        let mut acc = RunAccumulator::default();
        for t in starts {
            acc.add(t, 1.0, Outcome::Ok, 0);
        }
        let mut meta = RunMeta::test("part");
        meta.epoch = epoch;
        acc.finish(meta).unwrap()
    }

    /// Seconds from the tool's start are placed from its start; Unix seconds of
    /// the generator's clock are moved onto this machine's by its offset.
    #[test]
    fn series_are_placed_on_this_machines_clock() {
        // 10 requests in each of the run's first two seconds.
        let relative = accumulated(false, (0..20).map(|i| i as f64 / 10.0));
        let s = sending_of(&relative, 1000.25, 1002.25, 0.0);
        assert_eq!(s.requests, 20);
        assert_eq!(
            s.bins
                .iter()
                .map(|b| (b.from, b.requests))
                .collect::<Vec<_>>(),
            [(1000.25, 10), (1001.25, 10)]
        );
        // The same requests at Unix seconds 5000 and 5001 of a clock 0.5 s ahead.
        let epoch = accumulated(true, (0..20).map(|i| 5000.0 + i as f64 / 10.0));
        let s = sending_of(&epoch, 4999.5, 5001.5, 0.5);
        assert_eq!(
            s.bins.iter().map(|b| (b.from, b.to)).collect::<Vec<_>>(),
            [(4999.5, 5000.5), (5000.5, 5001.5)]
        );
        // A summary: one bin over the run.
        let mut summary = relative.clone();
        summary.detail = None;
        let s = sending_of(&summary, 10.0, 12.0, 0.0);
        assert_eq!(
            s.bins,
            [Bin {
                from: 10.0,
                to: 12.0,
                requests: 20
            }]
        );
    }

    /// A summary-only part (one bin over its run) counts in proportion.
    #[test]
    fn a_summary_counts_in_proportion() {
        let a = part(0.0, 4.0, &[(0.0, 4.0, 400)]);
        let b = part(1.0, 4.0, &[(1.0, 4.0, 300)]);
        let w = common_window(&[a, b]).unwrap();
        assert_eq!(
            (w.seconds, w.requests_in, w.requests_outside),
            (3.0, 600, 100)
        );
    }
}
