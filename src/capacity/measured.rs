//! Load measured in a run, turned into planner inputs with Little's law.

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
