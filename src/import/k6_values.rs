//! The values of one line of k6's console summary, by the metric's type (grafana/k6
//! `internal/js/summary.js` for v1, `lib/summary.go` for v0; `docs/benchmark-formats.md`,
//! "k6 console summary"):
//! - a trend: `avg=256.02µs min=18.75µs med=172.42µs max=11.81ms p(90)=441.37µs`
//!   (times in Go's notation; a trend of something else prints plain numbers);
//! - a counter: `50329  16760.160321/s`, or with data units `12 MB  3.9 MB/s`;
//! - a rate: `9.09%  4578 out of 50329` (v1, late v0) or `100.00% ✓ 39579 ✗ 0`
//!   (earlier v0, where ✓ counts the true values);
//! - a gauge: `5  min=5  max=5`.

use super::go_duration;
use super::number::measured;
use crate::model::{LatencySummary, Percentile, Stat, Unit};

/// The statistics of a line of values, in gatebench's units, or `None` when the
/// values are none of k6's four kinds.
pub fn stats(values: &str) -> Option<Vec<Stat>> {
    let t: Vec<&str> = values.split_whitespace().collect();
    if t.first().is_some_and(|f| f.contains('=')) {
        return trend_stats(&t);
    }
    if let Some((rate, trues, total)) = rate(values) {
        return Some(vec![
            Stat::new("rate", rate, Unit::Fraction),
            // What k6 counts: the true values (passed checks, failed requests).
            Stat::new("true", trues as f64, Unit::Count),
            Stat::new("false", total.saturating_sub(trues) as f64, Unit::Count),
        ]);
    }
    if let Some((bytes, per_s)) = data_and_rate(values) {
        return Some(vec![
            Stat::new("bytes", bytes, Unit::Bytes),
            Stat::new("rate", per_s, Unit::BytesPerSecond),
        ]);
    }
    match t.as_slice() {
        [count, per_s] => {
            let per_s = measured(per_s.strip_suffix("/s")?)?;
            Some(vec![
                Stat::new("count", measured(count)?, Unit::Count),
                Stat::new("rate", per_s, Unit::PerSecond),
            ])
        }
        [value, min, max] => Some(vec![
            Stat::new("value", measured(value)?, Unit::Number),
            Stat::new("min", measured(min.strip_prefix("min=")?)?, Unit::Number),
            Stat::new("max", measured(max.strip_prefix("max=")?)?, Unit::Number),
        ]),
        _ => None,
    }
}

/// A trend's pairs: times in ms, or plain numbers when they carry no time unit.
fn trend_stats(pairs: &[&str]) -> Option<Vec<Stat>> {
    pairs
        .iter()
        .map(|pair| {
            let (key, value) = pair.split_once('=')?;
            if key == "count" {
                return Some(Stat::new(key, measured(value)?, Unit::Count));
            }
            match measured(value) {
                Some(n) => Some(Stat::new(key, n, Unit::Number)),
                None => Some(Stat::new(key, go_duration::to_ms(value)?, Unit::Ms)),
            }
        })
        .collect()
}

/// `50329  16760.160321/s` -> (50329, 16760.160321).
pub fn count_and_rate(values: &str) -> Option<(u64, f64)> {
    let mut t = values.split_whitespace();
    let count = t.next()?.parse().ok()?;
    let rate = measured(t.next()?.strip_suffix("/s")?)?;
    Some((count, rate))
}

/// A latency trend of `avg=315.12µs min=22.71µs med=150.16µs max=21.28ms
/// p(90)=404.91µs p(95)=762.14µs`, in ms; `med` is the p50, `count` is skipped.
pub fn latency(values: &str) -> Option<LatencySummary> {
    let mut l = LatencySummary::default();
    let mut median = None;
    let mut ps: Vec<(f64, Percentile)> = Vec::new();
    for pair in values.split_whitespace() {
        let (key, value) = pair.split_once('=')?;
        if key == "count" {
            continue;
        }
        let ms = go_duration::to_ms(value)?;
        match key {
            "avg" => l.mean = Some(ms),
            "min" => l.min = Some(ms),
            "max" => l.max = Some(ms),
            "med" => median = Some(ms),
            p => {
                let p = p.strip_prefix("p(")?.strip_suffix(')')?;
                ps.push((p.parse().ok()?, Percentile::new(p, ms)));
            }
        }
    }
    ps.sort_by(|a, b| a.0.total_cmp(&b.0));
    if let Some(m) = median {
        l.percentiles.push(Percentile::new("50", m));
    }
    l.percentiles.extend(ps.into_iter().map(|(_, p)| p));
    Some(l)
}

/// A rate's share and counts: `9.09% 3704 out of 40721` -> (0.0909, 3704, 40721);
/// `9.09% ✓ 3704 ✗ 37017` -> (0.0909, 3704, 40721).
pub fn rate(values: &str) -> Option<(f64, u64, u64)> {
    let t: Vec<&str> = values.split_whitespace().collect();
    let share = |p: &str| measured(p.strip_suffix('%')?).map(|v| v / 100.0);
    match t.as_slice() {
        [p, n, "out", "of", total] => Some((share(p)?, n.parse().ok()?, total.parse().ok()?)),
        [p, "✓", n, "✗", m] => {
            let (n, m): (u64, u64) = (n.parse().ok()?, m.parse().ok()?);
            Some((share(p)?, n, n + m))
        }
        _ => None,
    }
}

/// `5 min=5 max=5` -> 5.
pub fn max_of(values: &str) -> Option<u32> {
    values
        .split_whitespace()
        .find_map(|t| t.strip_prefix("max="))
        .and_then(|v| v.parse().ok())
}

/// `9.5 MB 3.2 MB/s` -> bytes and bytes a second (k6 writes SI units: kB, MB, GB).
pub fn data_and_rate(values: &str) -> Option<(f64, f64)> {
    let t: Vec<&str> = values.split_whitespace().collect();
    let [total, unit, rate, rate_unit] = t.as_slice() else {
        return None;
    };
    let scale = |u: &str| -> Option<f64> {
        Some(match u.trim_end_matches("/s") {
            "B" => 1.0,
            "kB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            _ => return None,
        })
    };
    // Whole bytes: `4.1 MB` is 4,100,000 B, not 4,099,999.999...
    Some((
        (measured(total)? * scale(unit)?).round(),
        (measured(rate)? * scale(rate_unit)?).round(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(
            count_and_rate("40721  13513.766007/s"),
            Some((40721, 13513.766007))
        );
        let t = latency("avg=1.2s min=410ns med=150.16µs max=1m2s p(99.9)=9.4ms p(90)=2ms count=3")
            .unwrap();
        assert_eq!(t.mean, Some(1200.0));
        assert_eq!(t.max, Some(62_000.0));
        let keys: Vec<&str> = t.percentiles.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["50", "90", "99.9"]);
        assert_eq!(
            rate("9.09%  3704 out of 40721"),
            Some((0.0909, 3704, 40721))
        );
        assert_eq!(rate("0.00%  ✓ 0          ✗ 1000"), Some((0.0, 0, 1000)));
        assert_eq!(data_and_rate("9.5 MB  3.2 MB/s"), Some((9.5e6, 3.2e6)));
        assert_eq!(max_of("5      min=5             max=5"), Some(5));
    }

    #[test]
    fn every_kind_of_metric() {
        let keys = |v: &str| -> Vec<(String, f64)> {
            stats(v)
                .unwrap()
                .into_iter()
                .map(|s| (s.key, s.value))
                .collect()
        };
        assert_eq!(
            keys("avg=2ms min=1ms count=4"),
            [
                ("avg".into(), 2.0),
                ("min".into(), 1.0),
                ("count".into(), 4.0)
            ]
        );
        // A trend of something other than time.
        assert_eq!(keys("avg=1.5 max=3")[0], ("avg".into(), 1.5));
        assert_eq!(
            keys("45751   15235.631442/s")[1],
            ("rate".into(), 15235.631442)
        );
        assert_eq!(keys("4.1 MB 1.4 MB/s")[0], ("bytes".into(), 4.1e6));
        assert_eq!(
            keys("100.00% 45751 out of 45751"),
            [
                ("rate".into(), 1.0),
                ("true".into(), 45751.0),
                ("false".into(), 0.0)
            ]
        );
        assert_eq!(
            keys("5      min=5             max=5")[2],
            ("max".into(), 5.0)
        );
        assert_eq!(stats("something else entirely"), None);
    }
}
