//! A number as a load tool's text prints a measurement. Rust's `str::parse::<f64>`
//! also takes `inf`, `NaN`, `-5` and `1e999`, none of which a tool measures: a rate,
//! a latency or a count is a finite number, zero or more. Text importers read their
//! numbers through [`measured`], so that such a value is an error naming its line
//! (see "Bounds" in `docs/benchmark-formats.md`) rather than a run with an infinite
//! throughput.

/// `text` as a measured number: finite and zero or more; `None` otherwise.
pub fn measured(text: &str) -> Option<f64> {
    let v: f64 = text.trim().parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::measured;

    #[test]
    fn only_finite_numbers_of_zero_or_more() {
        assert_eq!(measured(" 19598.44 "), Some(19598.44));
        assert_eq!(measured("0"), Some(0.0));
        assert_eq!(measured("1e3"), Some(1000.0));
        for bad in ["-5", "inf", "-inf", "NaN", "1e999", "", "x"] {
            assert_eq!(measured(bad), None, "{bad}");
        }
    }
}
