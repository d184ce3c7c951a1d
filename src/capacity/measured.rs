//! Load measured in a run, turned into planner inputs with Little's law.

use crate::format;
use crate::model::Run;

/// A run's load as the planner sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasuredLoad {
    pub label: String,
    pub memory_mb: Option<u32>,
    pub throughput_rps: f64,
    pub mean_latency_ms: f64,
    /// Little's law: throughput (req/s) x mean latency (s).
    pub concurrency: f64,
}

impl MeasuredLoad {
    /// `None` when the run has no mean latency (every request timed out) or no
    /// throughput (a file with only a latency distribution).
    pub fn of(run: &Run) -> Option<MeasuredLoad> {
        let mean = run.latency.mean?;
        let rps = run.throughput_rps?;
        Some(MeasuredLoad {
            label: run.label.clone(),
            memory_mb: run.memory_mb,
            throughput_rps: rps,
            mean_latency_ms: mean,
            concurrency: rps * mean / 1000.0,
        })
    }

    /// The peak concurrent executions to plan for: the estimate rounded up, at least 1.
    pub fn planned_concurrency(&self) -> u64 {
        (self.concurrency.ceil() as u64).max(1)
    }
}

/// True for runs of a function integration: a memory tier, or "lambda" or
/// "function" in the integration type.
pub fn is_function_run(run: &Run) -> bool {
    run.memory_mb.is_some()
        || run
            .integration
            .as_deref()
            .is_some_and(|i| i.contains("lambda") || i.contains("function"))
}

/// "1,024 addresses allocated; this load needed 34: over-allocated 30x".
pub fn allocation_note(addresses: u64, needed: u64) -> String {
    let head = format!(
        "{} addresses allocated; this load needed {}",
        format::thousands(addresses),
        format::thousands(needed)
    );
    if needed > addresses {
        format!("{head}: short by {}", format::thousands(needed - addresses))
    } else if needed == 0 {
        head
    } else {
        let factor = addresses as f64 / needed as f64;
        format!("{head}: over-allocated {}x", format_factor(factor))
    }
}

fn format_factor(f: f64) -> String {
    if f >= 10.0 {
        format!("{}", f.round())
    } else {
        format!("{f:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes() {
        assert_eq!(
            allocation_note(1024, 34),
            "1,024 addresses allocated; this load needed 34: over-allocated 30x"
        );
        assert_eq!(
            allocation_note(753, 667),
            "753 addresses allocated; this load needed 667: over-allocated 1.1x"
        );
        assert_eq!(
            allocation_note(251, 667),
            "251 addresses allocated; this load needed 667: short by 416"
        );
    }
}
