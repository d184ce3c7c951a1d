//! Where the time went (`analysis::breakdown`) in cells and sentences: the parts
//! as rows from the client inwards, and what the parts rest on (the client, the
//! match, the join, cold starts, warnings). Shared by `breakdown`, the window and
//! the report.

use crate::analysis::breakdown::Breakdown;
use crate::format;

/// The columns of [`rows`].
pub const COLUMNS: [&str; 6] = [
    "part",
    "source",
    "mean ms",
    "p50 ms",
    "p99 ms",
    "share of mean",
];

use format::difference_ms as ms;

/// The client's row, then one per part.
pub fn rows(b: &Breakdown) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "client".to_owned(),
        "client".to_owned(),
        ms(b.client.mean_ms),
        ms(b.client.p50_ms),
        ms(b.client.p99_ms),
        "100%".to_owned(),
    ]];
    for p in &b.components {
        rows.push(vec![
            if p.derived {
                format!("{} (derived)", p.name)
            } else {
                p.name.clone()
            },
            p.source.clone(),
            ms(p.mean_ms),
            ms(p.p50_ms),
            ms(p.p99_ms),
            p.share_of_mean
                .map_or("–".to_owned(), |s| format::difference_pct(s * 100.0)),
        ]);
    }
    rows
}

/// What the parts rest on, a sentence each: the match, the join, cold starts,
/// then every warning prefixed "warning:".
pub fn notes(b: &Breakdown) -> Vec<String> {
    let mut out = Vec::new();
    out.push(format!(
        "matched: {} client request(s), {} in the front door's log{}",
        b.matched
            .client_requests
            .map_or("–".to_owned(), format::thousands),
        format::thousands(b.matched.server_requests),
        b.matched
            .ratio
            .map_or(String::new(), |r| format!(" (ratio {:.2})", r)),
    ));
    out.push(match b.join.method {
        "request_id" => format!(
            "joined request by request: {} request(s) by request id; of the slowest {}, {} \
             hit a cold start",
            format::thousands(b.join.requests),
            b.join.slowest.unwrap_or(0),
            b.join.slowest_cold.unwrap_or(0),
        ),
        _ => "distributions over the same window: means subtract exactly; a derived part's \
              p50 and p99 are differences of percentiles"
            .to_owned(),
    });
    if let Some(c) = &b.cold_starts {
        out.push(format!(
            "cold starts: {} ({}), Init p50 {} ms, p99 {} ms; Duration p50 {} ms, p99 {} ms",
            format::thousands(c.count),
            c.rate.map_or("–".to_owned(), |r| format::pct(r * 100.0)),
            ms(c.init_p50_ms),
            ms(c.init_p99_ms),
            ms(c.duration_p50_ms),
            ms(c.duration_p99_ms),
        ));
    }
    out.extend(b.warnings.iter().map(|w| format!("warning: {w}")));
    out
}

/// The breakdowns as JSON: the keys (`docs/breakdown.md`).
pub fn json(all: &[Breakdown]) -> String {
    let mut text = serde_json::to_string_pretty(all).unwrap_or_default();
    text.push('\n');
    text
}
