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

/// A time that may be below zero (a difference of two logs' times), as [`ms`]
/// with a minus sign: "−1.66".
pub fn difference_ms(v: Option<f64>) -> String {
    match v {
        Some(v) if v < 0.0 => format!("−{}", ms(Some(-v))),
        v => ms(v),
    }
}

/// A share that may be below zero, as [`pct`] with a minus sign: "−3.1%".
pub fn difference_pct(p: f64) -> String {
    if p < 0.0 {
        format!("−{}", pct(-p))
    } else {
        pct(p)
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

/// A rate as the tools print one, two decimals: "99.50%", never rounded to 100%.
pub fn pct_two_decimals(pct: f64) -> String {
    format!("{pct:.2}%")
}

/// A share of the baseline from a change in percent and its interval:
/// "44% (43–45%)", or "54%" without an interval.
pub fn share(change_pct: f64, interval: Option<(f64, f64)>) -> String {
    let share = pct((100.0 + change_pct).max(0.0));
    match interval {
        Some((lo, hi)) => {
            let (lo, hi) = ((100.0 + lo).max(0.0), (100.0 + hi).max(0.0));
            // The bounds without their own % sign, as "43–45%".
            format!("{share} ({}–{})", pct(lo).trim_end_matches('%'), pct(hi))
        }
        None => share,
    }
}

/// A ratio as a factor, two significant digits below 10: "2.2x", "0.85x", "13x".
pub fn factor(v: f64) -> String {
    if v >= 10.0 {
        format!("{v:.0}x")
    } else if v >= 1.0 {
        format!("{v:.1}x")
    } else {
        format!("{v:.2}x")
    }
}

/// A ratio from a change in percent and its interval: "2.2x (2.1–2.4x)".
pub fn factor_of(change_pct: f64, interval: Option<(f64, f64)>) -> String {
    let f = |pct: f64| factor((1.0 + pct / 100.0).max(0.0));
    match interval {
        Some((lo, hi)) => format!(
            "{} ({}–{})",
            f(change_pct),
            f(lo).trim_end_matches('x'),
            f(hi)
        ),
        None => f(change_pct),
    }
}

/// A clock offset or a time difference in ms with its sign: "+0.42 ms", "-12.9 ms".
pub fn signed_ms(v: f64) -> String {
    let sign = if v < 0.0 { "-" } else { "+" };
    format!("{sign}{} ms", ms(Some(v.abs())))
}

/// A change in percent with its sign: "+3.1%", "-0.42%".
pub fn signed_pct(pct: f64) -> String {
    let digits = if pct.abs() < 1.0 { 2 } else { 1 };
    format!("{pct:+.digits$}%")
}

/// A change in percent with its sign, whole: "+96%", "-4%".
pub fn signed_whole_pct(pct: f64) -> String {
    format!("{pct:+.0}%")
}

/// A value of `unit` ("req/s" or "ms") as the tables show it.
pub fn value(v: f64, unit: &str) -> String {
    match unit {
        "req/s" => rps(v),
        "ms" => ms(Some(v)),
        _ => format!("{v}"),
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

/// A size in decimal units with three significant digits: "650 B", "4.10 MB".
pub fn bytes(v: f64) -> String {
    let units = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")];
    match units.iter().find(|(scale, _)| v.abs() >= *scale) {
        Some((scale, unit)) => format!("{} {unit}", significant(v / scale)),
        None => format!("{v:.0} B"),
    }
}

/// A plain number: whole numbers with separators, others with three significant
/// digits.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        signed(v as i64)
    } else {
        significant(v)
    }
}

/// Three significant digits, as [`ms`] without its dash.
fn significant(v: f64) -> String {
    ms(Some(v))
}

/// A number as a name or a file name holds it: "25", "0.5", no separators.
pub fn plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A time in seconds with one decimal below a minute: "2.4 s", "45.0 s"; longer
/// times as minutes and seconds ("12 min 5 s").
pub fn seconds(s: f64) -> String {
    if s < 60.0 {
        format!("{s:.1} s")
    } else {
        let whole = s.round() as u64;
        let (h, m, sec) = (whole / 3600, whole / 60 % 60, whole % 60);
        if h > 0 {
            format!("{h} h {m} min")
        } else {
            format!("{m} min {sec} s")
        }
    }
}

/// US dollars with three decimals: "$0.408", or "–".
pub fn dollars(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("${v:.3}"))
}

#[cfg(test)]
mod tests {
    use super::{factor, factor_of};

    #[test]
    fn thousands() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(22464657), "22,464,657");
    }

    #[test]
    fn factors() {
        assert_eq!(factor(2.2345), "2.2x");
        assert_eq!(factor(0.8512), "0.85x");
        assert_eq!(factor(13.4), "13x");
        assert_eq!(factor_of(120.0, Some((110.0, 140.0))), "2.2x (2.1–2.4x)");
        assert_eq!(factor_of(-15.0, None), "0.85x");
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
        assert_eq!(super::share(-56.0, Some((-57.2, -54.9))), "44% (43–45%)");
        assert_eq!(super::share(-46.0, None), "54%");
    }

    #[test]
    fn plain_numbers_and_seconds() {
        assert_eq!(super::plain(1000.0), "1000");
        assert_eq!(super::plain(0.5), "0.5");
        assert_eq!(super::seconds(2.44), "2.4 s");
        assert_eq!(super::seconds(725.0), "12 min 5 s");
        assert_eq!(super::seconds(7300.0), "2 h 1 min");
    }
}
