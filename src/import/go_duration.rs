//! Go duration strings as vegeta prints them: one or more `<number><unit>` groups
//! (`1m2.5s`, `145.082066ms`, `612.345µs`), units ns us µs μs ms s m h.

/// The duration in milliseconds, or `None` when `text` is not a Go duration.
pub fn to_ms(text: &str) -> Option<f64> {
    let mut rest = text.trim();
    if rest == "0" {
        return Some(0.0);
    }
    let mut total = 0.0;
    let mut groups = 0;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let value: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let (factor, len) = [
            ("ns", 1e-6),
            ("us", 1e-3),
            ("µs", 1e-3),
            ("μs", 1e-3),
            ("ms", 1.0),
            ("s", 1e3),
            ("m", 60e3),
            ("h", 3600e3),
        ]
        .iter()
        .find(|(unit, _)| rest.starts_with(unit))
        .map(|(unit, f)| (*f, unit.len()))?;
        total += value * factor;
        rest = &rest[len..];
        groups += 1;
    }
    (groups > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::to_ms;

    #[test]
    fn units_and_groups() {
        assert_eq!(to_ms("145.082066ms"), Some(145.082066));
        assert_eq!(to_ms("10.094965987s"), Some(10094.965987));
        assert!((to_ms("612.345µs").unwrap() - 0.612345).abs() < 1e-12);
        assert!((to_ms("612.345μs").unwrap() - 0.612345).abs() < 1e-12);
        assert_eq!(to_ms("1m2.5s"), Some(62_500.0));
        assert_eq!(to_ms("1h"), Some(3_600_000.0));
        assert_eq!(to_ms("0"), Some(0.0));
        assert_eq!(to_ms("12"), None);
        assert_eq!(to_ms("ms"), None);
        assert_eq!(to_ms(""), None);
    }
}
