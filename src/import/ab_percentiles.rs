//! ApacheBench's `-e` CSV (apache/httpd `support/ab.c`): the header `Percentage
//! served,Time in ms`, then 101 rows `<percent>,<ms>` for 0 to 100, where 0 is the
//! fastest request and 100 the slowest. It holds no run time, count or throughput:
//! its run has only a latency distribution.

use std::path::Path;

use super::ImportError;
use super::importer::TextFormat;
use crate::model::{LatencySummary, Measurement, Percentile, Run};
use crate::naming;

/// ab -e CSV: the importer.
pub const AB_PERCENTILES: TextFormat = TextFormat {
    id: "ab-percentiles",
    describe: "ab -e CSV",
    tools: &[],
    throughput_definition: "not in the file: it holds only a latency distribution",
    sniff: looks_like,
    parse,
};

const HEADER: &str = "Percentage served,Time in ms";

pub fn looks_like(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .lines()
        .next()
        .map(str::trim)
        == Some(HEADER)
}

pub fn parse(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    if !looks_like(text) {
        return Err(ImportError::parse(
            path,
            1,
            format!("expected ab's -e header `{HEADER}`"),
        ));
    }
    let mut rows: Vec<(u32, f64)> = Vec::new();
    for (i, raw) in text.lines().enumerate().skip(1) {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let parsed = line.split_once(',').and_then(|(p, ms)| {
            let p: u32 = p.trim().parse().ok()?;
            let ms: f64 = ms.trim().parse().ok()?;
            (p <= 100 && ms.is_finite() && ms >= 0.0).then_some((p, ms))
        });
        let Some((p, ms)) = parsed else {
            return Err(ImportError::parse(
                path,
                i + 1,
                format!(
                    "expected `<percent 0-100>,<ms>`, found `{}`",
                    crate::error::excerpt(line)
                ),
            ));
        };
        if rows.last().is_some_and(|&(last, _)| p <= last) {
            return Err(ImportError::parse(
                path,
                i + 1,
                format!("expected the percentages in rising order, found {p} after a larger one"),
            ));
        }
        rows.push((p, ms));
    }
    let at = |p: u32| rows.iter().find(|r| r.0 == p).map(|r| r.1);
    let (Some(min), Some(max)) = (at(0), at(100)) else {
        return Err(ImportError::parse(
            path,
            text.lines().count().max(1),
            "expected rows for 0% and 100%, as ab writes; the file looks truncated",
        ));
    };
    let percentiles = rows
        .iter()
        .filter(|r| r.0 > 0 && r.0 < 100)
        .map(|&(p, ms)| Percentile::new(p.to_string(), ms))
        .collect();
    // No run time, count, throughput or errors: the file does not say.
    Ok(vec![Run {
        latency: LatencySummary {
            mean: None,
            stdev: None,
            min: Some(min),
            max: Some(max),
            percentiles,
        },
        ..Run::read(
            "ab",
            path,
            naming::classify(path).stem,
            Measurement::Unknown,
        )
    }])
}
