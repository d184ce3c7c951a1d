//! HdrHistogram's percentile distribution: the `Value  Percentile  TotalCount
//! 1/(1-Percentile)` table. wrk2 prints it inside its report (`--latency`, with a
//! `#[Mean = ..., StdDeviation = ...]` footer); vegeta writes it alone with
//! `report -type=hdrplot` (header `Value(ms)`, no footer, 94 fixed quantiles). Values
//! are milliseconds in both.
//!
//! A standalone table holds no run time and no throughput: its run has only a
//! latency distribution.

use std::path::Path;

use super::ImportError;
use super::importer::TextFormat;
use crate::model::{Measurement, Run, RunDetail};
use crate::naming;
use crate::samples::{latency_histogram, summary_of};

/// HdrHistogram percentile table (vegeta hdrplot): the importer.
pub const HDR_SPECTRUM: TextFormat = TextFormat {
    id: "hdr-spectrum",
    describe: "HdrHistogram percentile table (vegeta hdrplot)",
    tools: &[],
    throughput_definition: "not in the file: it holds only a latency distribution",
    sniff: looks_like,
    parse,
};

/// One row: the latency at a quantile and the samples at or below it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    pub ms: f64,
    pub fraction: f64,
    pub cumulative: u64,
}

/// The rows of a table and its footer, if any.
#[derive(Debug, Default)]
pub struct Spectrum {
    pub rows: Vec<Row>,
    /// From `#[Mean = m, StdDeviation = s]`.
    pub mean_sd: Option<(f64, f64)>,
    /// From `#[Max = m, Total count = n]`.
    pub max: Option<f64>,
}

/// True for the table's header: `Value` or `Value(ms)`, then the three other names.
pub fn is_header(tokens: &[&str]) -> bool {
    matches!(
        tokens,
        [
            "Value" | "Value(ms)",
            "Percentile",
            "TotalCount",
            "1/(1-Percentile)"
        ]
    )
}

/// True when the first non-empty line of `text` is the table's header.
pub fn looks_like(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| is_header(&l.split_whitespace().collect::<Vec<_>>()))
}

impl Spectrum {
    /// Takes in a row or a footer line; false when the line is neither.
    pub fn take(&mut self, line: &str, tokens: &[&str]) -> bool {
        if let Some(footer) = line.strip_prefix("#[") {
            let pairs: Vec<(&str, f64)> = footer
                .trim_end_matches(']')
                .split(',')
                .filter_map(|kv| {
                    let (k, v) = kv.split_once('=')?;
                    Some((k.trim(), v.trim().parse().ok()?))
                })
                .collect();
            match pairs.as_slice() {
                [("Mean", mean), ("StdDeviation", sd)] => self.mean_sd = Some((*mean, *sd)),
                [("Max", max), ("Total count", _)] => self.max = Some(*max),
                _ => {}
            }
            return true;
        }
        if let [value, fraction, count, _] = tokens
            && let (Ok(ms), Ok(fraction), Ok(cumulative)) = (
                value.parse::<f64>(),
                fraction.parse::<f64>(),
                count.parse::<u64>(),
            )
            && ms.is_finite()
            && ms >= 0.0
            && (0.0..=1.0).contains(&fraction)
        {
            self.rows.push(Row {
                ms,
                fraction,
                cumulative,
            });
            return true;
        }
        false
    }

    /// The samples counted in the table.
    pub fn count(&self) -> u64 {
        self.rows.iter().map(|r| r.cumulative).max().unwrap_or(0)
    }

    /// A histogram rebuilt from the rows: each row's new samples at its value (an
    /// upper bound for them). Mean and deviation come from the footer, else from the
    /// rebuilt histogram.
    pub fn detail(&self) -> Option<RunDetail> {
        let mut histogram = latency_histogram();
        let mut seen = 0;
        for row in &self.rows {
            if row.cumulative > seen {
                histogram
                    .saturating_record_n((row.ms * 1000.0).round() as u64, row.cumulative - seen);
                seen = row.cumulative;
            }
        }
        if seen == 0 {
            return None;
        }
        let (mean, sd) = self
            .mean_sd
            .unwrap_or((histogram.mean() / 1000.0, histogram.stdev() / 1000.0));
        Some(RunDetail {
            histogram,
            count: seen,
            sum_ms: mean * seen as f64,
            sum_sq_ms: (sd * sd + mean * mean) * seen as f64,
            series: Vec::new(),
            step_s: 1,
            epoch: false,
            blocks: Vec::new(),
            rebuilt: true,
        })
    }
}

/// Reads a file that holds only the table (vegeta `report -type=hdrplot`, or an
/// HdrHistogram `.hgrm`): one run with a latency distribution and its sample count.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let mut spectrum = Spectrum::default();
    let mut header = false;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if line.is_empty() || line.starts_with("----") {
            continue;
        }
        if !header {
            if !is_header(&tokens) {
                return Err(ImportError::parse(
                    path,
                    index + 1,
                    "expected the header `Value(ms)  Percentile  TotalCount  1/(1-Percentile)`",
                ));
            }
            header = true;
            continue;
        }
        if !spectrum.take(line, &tokens) {
            return Err(ImportError::parse(
                path,
                index + 1,
                format!(
                    "expected a row `<ms> <fraction 0..1> <count> <1/(1-fraction)>` or a \
                     `#[...]` footer, found `{}`",
                    crate::error::excerpt(line)
                ),
            ));
        }
    }
    let last = text.lines().count().max(1);
    if !header {
        return Err(ImportError::parse(
            path,
            last,
            "expected the header `Value(ms)  Percentile  TotalCount  1/(1-Percentile)`",
        ));
    }
    // HdrHistogram and vegeta both end the table at the 100% row.
    if spectrum.rows.last().is_some_and(|r| r.fraction < 1.0) {
        return Err(ImportError::parse(
            path,
            last,
            "the table ends before its 100% row (Percentile 1.000000); the file looks truncated",
        ));
    }
    let Some(detail) = spectrum.detail() else {
        return Err(ImportError::parse(
            path,
            last,
            "the percentile table counts no samples; expected rows with a TotalCount above 0",
        ));
    };
    let min = spectrum.rows.first().map_or(0.0, |r| r.ms);
    let max = spectrum
        .max
        .unwrap_or_else(|| spectrum.rows.iter().map(|r| r.ms).fold(0.0, f64::max));
    let mut latency = summary_of(&detail, min, max);
    if spectrum.mean_sd.is_none() {
        // vegeta's table has no footer: a mean of the rows' values would only be an
        // upper bound, so none is reported.
        latency.mean = None;
        latency.stdev = None;
    }
    let hdrplot = text.trim_start().starts_with("Value(ms)");
    // No run time or throughput: the table does not say.
    Ok(vec![Run {
        requests: Some(spectrum.count()),
        latency,
        detail: Some(std::sync::Arc::new(detail)),
        ..Run::read(
            if hdrplot { "vegeta" } else { "hdrhistogram" },
            path,
            naming::classify(path).stem,
            if hdrplot {
                Measurement::OpenLoop
            } else {
                Measurement::Unknown
            },
        )
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footers_and_rows() {
        let mut s = Spectrum::default();
        let take = |s: &mut Spectrum, line: &str| {
            s.take(line, &line.split_whitespace().collect::<Vec<_>>())
        };
        assert!(take(&mut s, "0.921     0.000000            1         1.00"));
        assert!(take(
            &mut s,
            "12.503     1.000000        39500          inf"
        ));
        assert!(take(
            &mut s,
            "#[Mean    =        6.602, StdDeviation   =        1.919]"
        ));
        assert!(take(
            &mut s,
            "#[Max     =       12.496, Total count    =        39500]"
        ));
        assert!(!take(&mut s, "Requests/sec:   2000.28"));
        assert!(!take(&mut s, "1.0 2.0 3 4")); // a fraction above 1
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.mean_sd, Some((6.602, 1.919)));
        assert_eq!(s.max, Some(12.496));
        assert_eq!(s.count(), 39500);
        let d = s.detail().unwrap();
        assert_eq!(d.count, 39500);
        assert!((d.sum_ms / 39500.0 - 6.602).abs() < 1e-9);
    }
}
