//! A log10 latency axis. egui_plot has none: values are drawn at log10(ms), and the
//! ticks (1, 2 and 5 of each decade) are named in ms.

/// Latencies at or below zero are drawn here: 1 µs.
pub const FLOOR_MS: f64 = 0.001;

/// Latency in ms to axis position.
pub fn to_log(ms: f64) -> f64 {
    ms.max(FLOOR_MS).log10()
}

/// Axis position to latency in ms.
pub fn from_log(y: f64) -> f64 {
    10f64.powf(y)
}

/// Tick positions between `lo` and `hi` (axis positions): 1, 2 and 5 of each decade,
/// with the decades marked by a step of 1 (strong lines) and the others by 0.1.
pub fn ticks(lo: f64, hi: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return out;
    }
    // Few decades shown: 1, 2 and 5 of each; many: the decades alone.
    let multiples: &[f64] = if hi - lo > 6.0 {
        &[1.0]
    } else {
        &[1.0, 2.0, 5.0]
    };
    let first = lo.floor() as i32;
    let last = hi.ceil() as i32;
    for decade in first..=last.min(first + 40) {
        for &m in multiples {
            let y = decade as f64 + m.log10();
            if (lo..=hi).contains(&y) {
                out.push((y, if m == 1.0 { 1.0 } else { 0.1 }));
            }
        }
    }
    out
}

/// The tick label at `y`: the latency in ms ("0.005", "0.2", "1", "50", "2000").
pub fn label(y: f64) -> String {
    let ms = from_log(y);
    if ms >= 1.0 {
        format!("{}", ms.round())
    } else {
        let s = format!("{ms:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_and_floor() {
        for ms in [0.001, 0.37, 1.0, 56.0, 1440.0] {
            assert!(
                (from_log(to_log(ms)) - ms).abs() < 1e-9 * ms.max(1.0),
                "{ms}"
            );
        }
        assert_eq!(to_log(0.0), -3.0);
        assert_eq!(to_log(-5.0), -3.0);
        assert_eq!(to_log(100.0), 2.0);
    }

    #[test]
    fn ticks_at_one_two_five() {
        let labels: Vec<String> = ticks(to_log(0.3), to_log(30.0))
            .iter()
            .map(|(y, _)| label(*y))
            .collect();
        assert_eq!(labels, ["0.5", "1", "2", "5", "10", "20"]);
        let strong: Vec<f64> = ticks(-1.0, 1.0)
            .iter()
            .filter(|t| t.1 == 1.0)
            .map(|t| t.0)
            .collect();
        assert_eq!(strong, [-1.0, 0.0, 1.0]);
        // Nine decades: the decades alone.
        assert_eq!(ticks(-3.0, 6.0).len(), 10);
        assert!(ticks(2.0, 1.0).is_empty());
        assert!(ticks(f64::NAN, 1.0).is_empty());
    }

    #[test]
    fn labels() {
        assert_eq!(label(to_log(0.005)), "0.005");
        assert_eq!(label(to_log(0.2)), "0.2");
        assert_eq!(label(0.0), "1");
        assert_eq!(label(to_log(2000.0)), "2000");
    }
}
