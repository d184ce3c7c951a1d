//! The order runs and groups are shown in, everywhere (the runs table, the charts,
//! `summarize`, the report): by integration type, then memory tier as a number
//! (128 MB before 512 MB before 1024 MB), then repeat, where labels compare with
//! their numbers as numbers (`run2` before `run10`).

use std::cmp::Ordering;

use crate::model::Run;

/// How two runs are ordered for display.
pub fn compare_runs(a: &Run, b: &Run) -> Ordering {
    let kind = |r: &Run| r.integration.clone().unwrap_or_else(|| r.group_name());
    natural(&kind(a), &kind(b))
        .then(a.memory_mb.cmp(&b.memory_mb))
        .then_with(|| natural(&a.group_key(), &b.group_key()))
        .then_with(|| natural(&a.label, &b.label))
}

/// The indices of `runs` in display order.
pub fn display_order(runs: &[Run]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by(|&a, &b| compare_runs(&runs[a], &runs[b]).then(a.cmp(&b)));
    order
}

/// Text order in which digit runs compare as numbers: "a-128" < "a-512" < "a-1024".
pub fn natural(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (n, rest_x) = digits(x);
                let (m, rest_y) = digits(y);
                // Without leading zeros, a longer run of digits is a larger number.
                let (n, m) = (n.trim_ascii_start_zeros(), m.trim_ascii_start_zeros());
                let by_value = n.len().cmp(&m.len()).then_with(|| n.cmp(m));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                (x, y) = (rest_x, rest_y);
            }
            (Some(c), Some(d)) => {
                let by_char = c.to_ascii_lowercase().cmp(&d.to_ascii_lowercase());
                if by_char != Ordering::Equal {
                    return by_char;
                }
                (x, y) = (&x[1..], &y[1..]);
            }
        }
    }
}

/// The leading digits of `s`, and the rest.
fn digits(s: &[u8]) -> (&[u8], &[u8]) {
    let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
    s.split_at(n)
}

trait TrimZeros {
    fn trim_ascii_start_zeros(&self) -> &[u8];
}

impl TrimZeros for [u8] {
    fn trim_ascii_start_zeros(&self) -> &[u8] {
        let n = self.iter().take_while(|&&c| c == b'0').count();
        &self[n..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_as_numbers() {
        let mut names = vec![
            "apigw-lambda 1024 MB",
            "apigw-lambda 128 MB",
            "apigw-lambda 512 MB",
            "run10",
            "run2",
            "Run1",
            "elb-direct",
        ];
        names.sort_by(|a, b| natural(a, b));
        assert_eq!(
            names,
            [
                "apigw-lambda 128 MB",
                "apigw-lambda 512 MB",
                "apigw-lambda 1024 MB",
                "elb-direct",
                "Run1",
                "run2",
                "run10",
            ]
        );
        assert_eq!(natural("a007", "a7"), Ordering::Less, "ties broken by text");
    }

    fn run(label: &str, integration: Option<&str>, memory: Option<u32>) -> Run {
        Run {
            label: label.into(),
            integration: integration.map(Into::into),
            memory_mb: memory,
            ..Run::default()
        }
    }

    #[test]
    fn by_integration_then_tier_then_repeat() {
        let runs = [
            run("apigw-lambda-1024.run1", Some("apigw-lambda"), Some(1024)),
            run("elb-direct.run10", Some("elb-direct"), None),
            run("apigw-lambda-128.run2", Some("apigw-lambda"), Some(128)),
            run("elb-direct.run2", Some("elb-direct"), None),
            run("apigw-lambda-128.run1", Some("apigw-lambda"), Some(128)),
            run("apigw-http-proxy.run1", Some("apigw-http-proxy"), None),
        ];
        let labels: Vec<&str> = display_order(&runs)
            .into_iter()
            .map(|i| runs[i].label.as_str())
            .collect();
        assert_eq!(
            labels,
            [
                "apigw-http-proxy.run1",
                "apigw-lambda-128.run1",
                "apigw-lambda-128.run2",
                "apigw-lambda-1024.run1",
                "elb-direct.run2",
                "elb-direct.run10",
            ]
        );
    }
}
