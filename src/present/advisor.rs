//! The memory advisor in cells and words, for its tab and `gatebench advise` alike.

use crate::analysis::advisor::{Advice, Source, Tier};
use crate::analysis::compare::{Metric, Side};
use crate::format;

/// The advisor table's column headers, in order.
pub const COLUMNS: [&str; 14] = [
    "memory",
    "source",
    "n",
    "req/s",
    "mean ms",
    "p50 ms",
    "p99 ms",
    "x86 $/M",
    "Arm $/M",
    "gateway $/M",
    "objective",
    "concurrency",
    "ENIs legacy",
    "ENIs Hyperplane",
];

fn side(s: Option<&Side>, metric: Metric) -> String {
    let Some(s) = s else {
        return "–".into();
    };
    let v = |x: f64| format::value(x, metric.unit());
    match s.interval {
        Some(i) => format!("{} ({}–{})", v(s.mean), v(i.low), v(i.high)),
        None => v(s.mean),
    }
}

/// The cells of one size, in [`COLUMNS`] order.
pub fn row(t: &Tier, recommended: bool) -> Vec<String> {
    let memory = if recommended {
        format!("* {} MB", t.memory_mb)
    } else {
        format!("{} MB", t.memory_mb)
    };
    vec![
        memory,
        match t.source {
            Source::LoadTest => "load test".into(),
            Source::PowerTuning => "Power Tuning".into(),
            Source::FunctionLogs => "function logs".into(),
        },
        t.runs.len().to_string(),
        side(t.throughput.as_ref(), Metric::Throughput),
        side(Some(&t.mean), Metric::Mean),
        side(t.p50.as_ref(), Metric::P50),
        side(t.p99.as_ref(), Metric::P99),
        format::dollars(Some(t.cost_per_million_usd())),
        format::dollars(t.cost_arm_per_million_usd),
        t.gateway.map_or("–".into(), |(name, usd)| {
            format!("{} ({name})", format::dollars(Some(usd)))
        }),
        match t.meets_slo {
            Some(true) => "meets".into(),
            Some(false) => "misses".into(),
            None => "–".into(),
        },
        t.concurrency.map_or("–".into(), |c| format!("{c:.1}")),
        match (t.enis_legacy, t.fits) {
            (Some(e), Some(true)) => format!("{} (fits)", format::thousands(e)),
            (Some(e), Some(false)) => format!("{} (does NOT fit)", format::thousands(e)),
            (Some(e), None) => format::thousands(e),
            (None, _) => "–".into(),
        },
        t.enis_hyperplane.map_or("–".into(), format::thousands),
    ]
}

/// "Recommended: 512 MB (strategy cost, p99 at most 200 ms)", or why there is none.
pub fn recommendation(advice: &Advice, slo_p99_ms: Option<f64>) -> String {
    let objective = slo_p99_ms.map_or(String::new(), |s| format!(", p99 at most {s} ms"));
    match advice.recommended_mb {
        Some(mb) => format!(
            "Recommended: {mb} MB (strategy {}{objective})",
            advice.strategy.name()
        ),
        None => format!(
            "No size meets the objective (strategy {}{objective})",
            advice.strategy.name()
        ),
    }
}
