//! Axis ticks: "nice" steps of 1, 2 or 5 times a power of ten (Heckbert's labelling,
//! as matplotlib's MaxNLocator and egui_plot choose them), and their labels, written
//! by `crate::format`.

use crate::format;

/// A step of 1, 2, 2.5 or 5 × 10^k that cuts `lo..hi` into at most `most` parts.
pub fn step(lo: f64, hi: f64, most: usize) -> f64 {
    let span = (hi - lo).abs().max(1e-12);
    let raw = span / most.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// The range `lo..hi` widened outward to whole steps, and the ticks in it.
pub fn nice(lo: f64, hi: f64, most: usize) -> (f64, f64, Vec<f64>) {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5, lo + 0.5)
    };
    let s = step(lo, hi, most);
    let (first, last) = ((lo / s + 1e-9).floor(), (hi / s - 1e-9).ceil());
    let ticks = (first as i64..=last as i64).map(|i| i as f64 * s).collect();
    (first * s, last * s, ticks)
}

/// The ticks of `lo..hi` without widening it (a zoomed view keeps its range).
pub fn within(lo: f64, hi: f64, most: usize) -> Vec<f64> {
    if hi <= lo {
        return vec![lo];
    }
    let s = step(lo, hi, most);
    let first = (lo / s - 1e-9).ceil() as i64;
    let last = (hi / s + 1e-9).floor() as i64;
    (first..=last.min(first + 1000))
        .map(|i| i as f64 * s)
        .collect()
}

/// The labelled ticks of `lo..hi` (zoomed or already nice), each a strong line.
pub fn labelled(lo: f64, hi: f64, most: usize) -> Vec<(f64, String, bool)> {
    let s = step(lo, hi, most);
    within(lo, hi, most)
        .into_iter()
        .map(|v| (v, label(v, s), true))
        .collect()
}

/// A tick's label: separators for thousands, no more decimals than its step needs.
pub fn label(value: f64, step: f64) -> String {
    let value = if value.abs() < step * 1e-6 {
        0.0
    } else {
        value
    };
    // The fewest decimals that write the step exactly: 0.25 two, 0.5 one.
    let decimals = (0..=6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6) as usize;
    if decimals == 0 {
        format::number(value.round())
    } else {
        format!("{value:.decimals$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(step(0.0, 10.0, 5), 2.0);
        assert_eq!(step(0.0, 9000.0, 6), 2000.0);
        assert_eq!(step(0.0, 1.0, 4), 0.25);
        assert_eq!(step(0.0, 0.37, 5), 0.1);
    }

    #[test]
    fn a_range_widens_to_whole_steps_from_zero() {
        let (lo, hi, ticks) = nice(0.0, 8123.0, 6);
        assert_eq!((lo, hi), (0.0, 10000.0));
        assert_eq!(ticks, vec![0.0, 2000.0, 4000.0, 6000.0, 8000.0, 10000.0]);
        assert_eq!(within(0.5, 2.6, 4), vec![1.0, 2.0]);
        assert_eq!(within(0.5, 2.6, 5), vec![0.5, 1.0, 1.5, 2.0, 2.5]);
        // A range that starts at zero stays there.
        assert_eq!(nice(0.0, 37.0, 6).0, 0.0);
        assert_eq!(
            nice(0.0, 40.0, 4),
            (0.0, 40.0, vec![0.0, 10.0, 20.0, 30.0, 40.0])
        );
    }

    #[test]
    fn labels_show_the_digits_of_their_step() {
        assert_eq!(label(8000.0, 2000.0), "8,000");
        assert_eq!(label(0.5, 0.5), "0.5");
        assert_eq!(label(0.75, 0.25), "0.75");
        assert_eq!(label(1e-17, 0.1), "0.0");
        assert_eq!(label(3.0, 1.0), "3");
    }
}
