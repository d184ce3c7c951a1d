//! wrk's value tokens (`src/units.c`): a number with a unit suffix that switches with
//! the magnitude (`635.91us`, `0.89ms`, `56.20k`, `17.76GB`), or `nan`/`-nan`.

/// A token that is not a value of the expected kind; the message says what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct BadToken(pub String);

/// `Ok(None)` for `nan`/`-nan`, which wrk prints when it has no samples.
pub type Value = Result<Option<f64>, BadToken>;

/// A time, in milliseconds: `us`, `ms`, `s`, `m` and `h`.
pub fn time_ms(token: &str) -> Value {
    scaled(
        token,
        "a time such as 635.91us, 0.89ms, 1.20s or 0.85m",
        |unit| {
            Some(match unit {
                "us" => 0.001,
                "ms" => 1.0,
                "s" => 1000.0,
                "m" => 60_000.0,
                "h" => 3_600_000.0,
                _ => return None,
            })
        },
    )
}

/// A count with a metric suffix (`k`, `M`, `G`, `T`, steps of 1000), or none.
pub fn metric(token: &str) -> Value {
    scaled(token, "a number such as 650.65 or 56.20k", |unit| {
        Some(match unit {
            "" => 1.0,
            "k" => 1e3,
            "M" => 1e6,
            "G" => 1e9,
            "T" => 1e12,
            _ => return None,
        })
    })
}

/// A size in bytes, binary suffixes (`B`, `KB`, `MB`, `GB`, `TB`, steps of 1024).
pub fn bytes(token: &str) -> Value {
    scaled(
        token,
        "a size such as 303.15B, 748.55KB or 17.76GB",
        |unit| {
            Some(match unit {
                "B" => 1.0,
                "KB" => 1024.0,
                "MB" => 1024.0 * 1024.0,
                "GB" => 1024.0 * 1024.0 * 1024.0,
                "TB" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
                _ => return None,
            })
        },
    )
}

/// A percentage such as `93.69%` (as a number, 93.69).
pub fn percent(token: &str) -> Value {
    match token.strip_suffix('%') {
        Some(num) => scaled(num, "a percentage such as 93.69%", |u| {
            u.is_empty().then_some(1.0)
        }),
        None => Err(BadToken(format!(
            "expected a percentage such as 93.69%, found `{token}`"
        ))),
    }
}

/// A plain count (`22464657`).
pub fn count(token: &str) -> Result<u64, BadToken> {
    token
        .parse()
        .map_err(|_| BadToken(format!("expected a whole number, found `{token}`")))
}

fn scaled(token: &str, expected: &str, factor: impl Fn(&str) -> Option<f64>) -> Value {
    let bad = || BadToken(format!("expected {expected}, found `{token}`"));
    let lower = token.to_ascii_lowercase();
    if lower == "nan" || lower == "-nan" || lower.starts_with("nan") || lower.starts_with("-nan") {
        return Ok(None);
    }
    let split = token
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(token.len());
    let (num, unit) = token.split_at(split);
    if num.is_empty() {
        return Err(bad());
    }
    let value: f64 = num.parse().map_err(|_| bad())?;
    let factor = factor(unit).ok_or_else(bad)?;
    Ok(Some(value * factor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_switch_units() {
        assert_eq!(time_ms("635.91us"), Ok(Some(635.91 * 0.001)));
        assert_eq!(time_ms("0.89ms"), Ok(Some(0.89)));
        assert_eq!(time_ms("1.50s"), Ok(Some(1500.0)));
        assert_eq!(time_ms("0.85m"), Ok(Some(51_000.0)));
        assert_eq!(time_ms("-nan"), Ok(None));
        assert!(time_ms("12.92").is_err());
        assert!(time_ms("ms").is_err());
        assert!(time_ms("1.2.3ms").is_err());
    }

    #[test]
    fn rates_and_sizes() {
        assert_eq!(metric("56.20k"), Ok(Some(56_200.0)));
        assert_eq!(metric("650.65"), Ok(Some(650.65)));
        assert_eq!(metric("1.5M"), Ok(Some(1_500_000.0)));
        assert_eq!(bytes("606.33MB"), Ok(Some(606.33 * 1_048_576.0)));
        assert_eq!(bytes("303.15B"), Ok(Some(303.15)));
        assert!(bytes("12.0kB").is_err());
        assert_eq!(percent("93.69%"), Ok(Some(93.69)));
        assert_eq!(percent("-nan%"), Ok(None));
        assert!(percent("93.69").is_err());
    }
}
