//! Number formatting: the one place where a number becomes text, for the window, the
//! terminal, the charts and the reports alike.

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

/// A percentage as shown everywhere: "22%", "5.4%", "0.040%" (two significant digits
/// below 10%, so that small shares do not read 0), "1,250%".
pub fn pct(pct: f64) -> String {
    if pct >= 10.0 || pct == 0.0 {
        format!("{}%", thousands(pct.round() as u64))
    } else {
        let decimals = (1.0 - pct.log10().floor()).max(0.0) as usize;
        format!("{pct:.decimals$}%")
    }
}

/// A whole number that may be negative, with thousands separators.
pub fn signed(n: i64) -> String {
    if n < 0 {
        format!("-{}", thousands(n.unsigned_abs()))
    } else {
        thousands(n as u64)
    }
}

/// A memory tier: "512 MB", or "–".
pub fn memory(mb: Option<u32>) -> String {
    mb.map_or("–".into(), |m| format!("{m} MB"))
}

/// US dollars with three decimals: "$0.408", or "–".
pub fn dollars(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("${v:.3}"))
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

    #[test]
    fn percentages() {
        assert_eq!(super::pct(54.3), "54%");
        assert_eq!(super::pct(5.43), "5.4%");
        assert_eq!(super::pct(0.0403), "0.040%");
        assert_eq!(super::pct(0.258), "0.26%");
        assert_eq!(super::pct(0.0), "0%");
        assert_eq!(super::pct(1250.4), "1,250%");
        assert_eq!(super::signed(-1234), "-1,234");
    }
}
