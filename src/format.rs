//! Number formatting shared by the CLI table and the GUI.

/// 1234567 -> "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Requests per second with thousands separators and two decimals below 100.
pub fn rps(v: f64) -> String {
    if v < 100.0 {
        format!("{v:.2}")
    } else {
        thousands(v.round() as u64)
    }
}

/// A run's throughput ([`rps`]), or "–" when the file has none.
pub fn throughput(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), rps)
}

/// A latency in ms with three significant digits ("0.636", "12.9", "428"), or "–".
pub fn ms(v: Option<f64>) -> String {
    match v {
        None => "–".into(),
        Some(v) if v < 1.0 => format!("{v:.3}"),
        Some(v) if v < 10.0 => format!("{v:.2}"),
        Some(v) if v < 100.0 => format!("{v:.1}"),
        Some(v) => format!("{v:.0}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(22464657), "22,464,657");
    }
}
