//! The runs that are loaded, as the GUI and the CLI keep them.

use crate::model::Run;

/// Appends `new` to `runs`, renaming labels that are already taken ("x" -> "x (2)"),
/// so that a label picks out one run.
pub fn append_unique(runs: &mut Vec<Run>, new: Vec<Run>) {
    for mut run in new {
        if runs.iter().any(|r| r.label == run.label) {
            let base = run.label.clone();
            let mut n = 2;
            while runs.iter().any(|r| r.label == format!("{base} ({n})")) {
                n += 1;
            }
            run.label = format!("{base} ({n})");
        }
        runs.push(run);
    }
}

/// The distinct integration types in first-seen order; runs without one count as
/// "(none)". Charts give each its own colour from this order.
pub fn integrations(runs: &[Run]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in runs {
        let name = integration_name(r);
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

pub fn integration_name(run: &Run) -> String {
    run.integration.clone().unwrap_or_else(|| "(none)".into())
}
