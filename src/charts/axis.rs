//! The percentile axis of HdrHistogram's plots: x = log10(1 / (1 - p)), so that 90%,
//! 99%, 99.9% ... sit one unit apart. egui_plot has no log axis; this maps both ways
//! and names the ticks.

/// The largest x shown: 99.9999%.
pub const MAX_NINES: f64 = 6.0;

/// Percentile (0..=100) to axis position; 100 maps to [`MAX_NINES`].
pub fn to_axis(percent: f64) -> f64 {
    let rest = 1.0 - (percent / 100.0).clamp(0.0, 1.0);
    if rest <= 10f64.powf(-MAX_NINES) {
        MAX_NINES
    } else {
        (1.0 / rest).log10()
    }
}

/// Axis position to percentile.
pub fn from_axis(x: f64) -> f64 {
    100.0 * (1.0 - 10f64.powf(-x.clamp(0.0, MAX_NINES)))
}

/// The tick label at a whole number of nines: "0%", "90%", "99%", "99.9%" ...
pub fn tick_label(x: f64) -> String {
    let nines = x.round() as i32;
    if (x - nines as f64).abs() > 1e-6 || nines < 0 {
        return String::new();
    }
    match nines {
        0 => "0%".into(),
        1 => "90%".into(),
        n => format!("99.{}%", "9".repeat((n - 2) as usize)).replace("99.%", "99%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nines_are_one_unit_apart() {
        assert_eq!(to_axis(0.0), 0.0);
        assert!((to_axis(90.0) - 1.0).abs() < 1e-12);
        assert!((to_axis(99.0) - 2.0).abs() < 1e-12);
        assert!((to_axis(99.9) - 3.0).abs() < 1e-9);
        assert_eq!(to_axis(100.0), MAX_NINES);
        for p in [0.0, 50.0, 75.0, 99.0, 99.99] {
            assert!((from_axis(to_axis(p)) - p).abs() < 1e-9, "{p}");
        }
    }

    #[test]
    fn tick_labels() {
        assert_eq!(tick_label(0.0), "0%");
        assert_eq!(tick_label(1.0), "90%");
        assert_eq!(tick_label(2.0), "99%");
        assert_eq!(tick_label(3.0), "99.9%");
        assert_eq!(tick_label(5.0), "99.999%");
        assert_eq!(tick_label(1.5), "");
    }
}
