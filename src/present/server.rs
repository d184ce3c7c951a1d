//! Server-side runs in words and cells (`docs/server-logs.md`): each run's
//! components as rows, and a Lambda function's invocations, cold starts,
//! timeouts and memory in a sentence. Shared by `summarize`, the window and the
//! report.

use crate::format;
use crate::model::Run;

/// The columns of [`component_rows`].
pub const COMPONENT_COLUMNS: [&str; 9] = [
    "run",
    "source",
    "component",
    "n",
    "mean ms",
    "p50 ms",
    "p90 ms",
    "p99 ms",
    "max ms",
];

/// One row per measured component of every server-side run, in the runs' order.
pub fn component_rows(runs: &[Run]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for run in runs {
        let Some(server) = &run.server else { continue };
        for (name, c) in server.components.measured() {
            rows.push(vec![
                run.label.clone(),
                server.source.name().to_owned(),
                name.clone(),
                format::thousands(c.n()),
                format::ms(c.mean_ms()),
                format::ms(c.quantile_ms(0.5)),
                format::ms(c.quantile_ms(0.9)),
                format::ms(c.quantile_ms(0.99)),
                format::ms(Some(c.max_ms)),
            ]);
        }
    }
    rows
}

/// "edge-api: 7 request(s), 1 error(s)": one sentence per server-side run that is
/// not a function's (a function's are [`lambda_sentences`]).
pub fn request_sentences(runs: &[Run]) -> Vec<String> {
    runs.iter()
        .filter_map(|run| {
            let server = run.server.as_ref().filter(|s| s.lambda.is_none())?;
            Some(format!(
                "{} ({}): {} request(s), {} error(s)",
                run.label,
                server.source.name(),
                format::thousands(server.requests),
                format::thousands(server.errors)
            ))
        })
        .collect()
}

/// Whether any run is a server's.
pub fn any(runs: &[Run]) -> bool {
    runs.iter().any(|r| r.server.is_some())
}

/// Every line of words about the server-side runs: the functions, the other
/// servers' counts, and what the logs could not say.
pub fn sentences(runs: &[Run]) -> Vec<String> {
    let mut out = lambda_sentences(runs);
    out.extend(request_sentences(runs));
    out.extend(notes(runs));
    out
}

/// What the servers' logs could not say, one line per run: "apigw: no latency
/// field in this log: add …".
pub fn notes(runs: &[Run]) -> Vec<String> {
    runs.iter()
        .flat_map(|run| {
            let notes = run
                .server
                .as_ref()
                .map(|s| s.notes.clone())
                .unwrap_or_default();
            notes
                .into_iter()
                .map(move |n| format!("{}: {n}", run.label))
        })
        .collect()
}

/// "fn 128 MB: 14 invocations, 9 cold starts (64%), Init p50 420 ms and p99 662 ms;
/// 2 timeouts; uses at most 79 MB of 128 MB (62%)": one sentence per Lambda run.
pub fn lambda_sentences(runs: &[Run]) -> Vec<String> {
    runs.iter()
        .filter_map(|run| {
            let server = run.server.as_ref()?;
            let facts = server.lambda.as_ref()?;
            let mut parts = vec![format!(
                "{} invocation(s)",
                format::thousands(facts.invocations)
            )];
            let cold = if facts.invocations > 0 {
                format!(
                    "{} cold start(s) ({})",
                    facts.cold_starts,
                    format::pct(facts.cold_starts as f64 / facts.invocations as f64 * 100.0)
                )
            } else {
                format!("{} cold start(s)", facts.cold_starts)
            };
            let init = server.components.get("init").filter(|c| c.n() > 0);
            parts.push(match init {
                Some(c) => format!(
                    "{cold}, Init p50 {} ms and p99 {} ms",
                    format::ms(c.quantile_ms(0.5)),
                    format::ms(c.quantile_ms(0.99))
                ),
                None => cold,
            });
            if let Some(d) = server.components.get("duration").filter(|c| c.n() > 0) {
                parts.push(format!(
                    "Duration p50 {} ms and p99 {} ms",
                    format::ms(d.quantile_ms(0.5)),
                    format::ms(d.quantile_ms(0.99))
                ));
            }
            if facts.timeouts > 0 {
                parts.push(format!("{} timeout(s)", facts.timeouts));
            }
            if let Some(memory) = memory_words(facts.max_memory_used_mb, facts.memory_size_mb) {
                parts.push(memory);
            }
            Some(format!("{}: {}", run.label, parts.join("; ")))
        })
        .collect()
}

/// "uses at most 78 MB of 1024 MB: 13x over-allocated", or "uses at most 98 MB of
/// 128 MB (77%)" where it uses half or more.
pub fn memory_words(used_mb: Option<u32>, size_mb: Option<u32>) -> Option<String> {
    let (used, size) = (used_mb?, size_mb?);
    let share = used as f64 / size as f64;
    Some(if used > 0 && share < 0.5 {
        format!(
            "uses at most {used} MB of {size} MB: {} over-allocated",
            format::factor(size as f64 / used as f64)
        )
    } else {
        format!(
            "uses at most {used} MB of {size} MB ({})",
            format::pct(share * 100.0)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_in_words() {
        assert_eq!(
            memory_words(Some(78), Some(1024)).unwrap(),
            "uses at most 78 MB of 1024 MB: 13x over-allocated"
        );
        assert_eq!(
            memory_words(Some(98), Some(128)).unwrap(),
            "uses at most 98 MB of 128 MB (77%)"
        );
        assert_eq!(memory_words(None, Some(128)), None);
    }
}
