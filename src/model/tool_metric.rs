//! What a tool printed about a run beyond the numbers every run has: k6's other
//! trends (`http_req_waiting`), its sub-metrics
//! (`http_req_duration{expected_response:true}`), checks, iterations and data sent.
//! Kept under the tool's own names, values in gatebench's units (ms, per second,
//! fractions 0 to 1, bytes); shown in the run's details and in the JSON.

use serde::Serializer;
use serde::ser::SerializeMap;

/// One metric as the tool named it, with its statistics in the order printed.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolMetric {
    pub name: String,
    pub stats: Vec<Stat>,
}

/// One statistic of a [`ToolMetric`]: `avg`, `p(95)`, `count`, `rate`, `passes`...
#[derive(Debug, Clone, PartialEq)]
pub struct Stat {
    pub key: String,
    pub value: f64,
    pub unit: Unit,
}

/// What a [`Stat`]'s value counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Ms,
    Count,
    PerSecond,
    /// 0 to 1.
    Fraction,
    Bytes,
    BytesPerSecond,
    /// A plain number (a gauge, a trend of something other than time).
    Number,
}

impl Stat {
    pub fn new(key: impl Into<String>, value: f64, unit: Unit) -> Stat {
        Stat {
            key: key.into(),
            value,
            unit,
        }
    }
}

/// `{"http_req_waiting": {"avg": 0.26, "p(95)": 0.70}, ...}`.
pub fn serialize<S: Serializer>(metrics: &[ToolMetric], s: S) -> Result<S::Ok, S::Error> {
    struct Stats<'a>(&'a [Stat]);
    impl serde::Serialize for Stats<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(self.0.len()))?;
            for stat in self.0 {
                map.serialize_entry(&stat.key, &stat.value)?;
            }
            map.end()
        }
    }
    let mut map = s.serialize_map(Some(metrics.len()))?;
    for m in metrics {
        map.serialize_entry(&m.name, &Stats(&m.stats))?;
    }
    map.end()
}
