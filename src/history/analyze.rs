//! A history's series analysed: for each series and metric, its points in time
//! order, the change points, and the segments between them, whose p99 comes from
//! the merged histograms of their records (exact, not a mean of p99s).

use serde::Serialize;

use super::change_points::{self, Params};
use super::{Metric, Record};

/// The analysis of one series by one metric (`history analyze --format json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesAnalysis {
    pub name: String,
    pub metric: &'static str,
    /// How many records have the metric.
    pub points: usize,
    pub change_points: Vec<Change>,
    /// The points: (index among the series' records, value).
    #[serde(skip)]
    pub values: Vec<(usize, f64)>,
    /// The segments between change points, oldest first.
    #[serde(skip)]
    pub segments: Vec<Segment>,
    #[serde(skip)]
    pub kind: Metric,
}

/// A change point of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The position, in time order, of the series' first record after the change.
    pub index: usize,
    pub at: String,
    pub commit: Option<String>,
    pub before: Segment,
    pub after: Segment,
    pub change_pct: f64,
    pub p_value: f64,
    /// `improved` or `regressed`.
    pub direction: &'static str,
}

/// The records between two change points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub mean: f64,
    pub n: usize,
    /// The p99 of every request of the segment, from its records' merged histograms,
    /// where every record has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p99_ms: Option<f64>,
    /// Its records' positions in the series, first and last (inclusive).
    #[serde(skip)]
    pub first: usize,
    #[serde(skip)]
    pub last: usize,
    /// Its values, for intervals.
    #[serde(skip)]
    pub values: Vec<f64>,
}

/// Every series of `records` (sorted by time) by each of `metrics`, series by name.
pub fn analyze(records: &[Record], metrics: &[Metric], params: &Params) -> Vec<SeriesAnalysis> {
    let mut names: Vec<&str> = records.iter().map(|r| r.new.series.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let mut out = Vec::new();
    for name in names {
        let of_series: Vec<&Record> = records.iter().filter(|r| r.new.series == name).collect();
        for &metric in metrics {
            out.push(analyze_one(name, &of_series, metric, params));
        }
    }
    out
}

fn analyze_one(name: &str, records: &[&Record], metric: Metric, params: &Params) -> SeriesAnalysis {
    let values: Vec<(usize, f64)> = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i, r.metric(metric).filter(|v| v.is_finite())?)))
        .collect();
    let series: Vec<f64> = values.iter().map(|v| v.1).collect();
    let found = change_points::change_points(&series, params);
    let mut bounds: Vec<usize> = vec![0];
    bounds.extend(found.iter().map(|c| c.index));
    bounds.push(series.len());
    let segments: Vec<Segment> = bounds
        .windows(2)
        .filter(|w| w[1] > w[0])
        .map(|w| segment(records, &values[w[0]..w[1]]))
        .collect();
    let change_points = found
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let record = records[values[c.index].0];
            let change = c.stats.forward_change();
            let rose = c.stats.mean_after > c.stats.mean_before;
            Change {
                index: values[c.index].0,
                at: super::rfc3339(record.new.at_ms),
                commit: record.new.commit.clone(),
                before: segments[k].clone(),
                after: segments[k + 1].clone(),
                change_pct: change * 100.0,
                p_value: c.stats.p_value,
                direction: if rose == metric.higher_is_better() {
                    "improved"
                } else {
                    "regressed"
                },
            }
        })
        .collect();
    SeriesAnalysis {
        name: name.to_owned(),
        metric: metric.name(),
        points: series.len(),
        change_points,
        values,
        segments,
        kind: metric,
    }
}

/// The segment of `points` (index among the series' records, value).
fn segment(records: &[&Record], points: &[(usize, f64)]) -> Segment {
    let values: Vec<f64> = points.iter().map(|p| p.1).collect();
    let histograms: Vec<_> = points
        .iter()
        .filter_map(|p| records[p.0].histogram())
        .collect();
    let p99_ms = (!histograms.is_empty() && histograms.len() == points.len()).then(|| {
        let mut all = histograms[0].clone();
        for h in &histograms[1..] {
            // Same bounds and precision by construction: a failure keeps the rest.
            let _ = all.add(h);
        }
        all.value_at_quantile(0.99) as f64 / 1000.0
    });
    Segment {
        mean: values.iter().sum::<f64>() / values.len() as f64,
        n: values.len(),
        p99_ms,
        first: points.first().map_or(0, |p| p.0),
        last: points.last().map_or(0, |p| p.0),
        values,
    }
}
