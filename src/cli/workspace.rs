//! `gatebench workspace`: a workspace written from result files, for a CI job to
//! publish, for the window or any command to open.

use std::io::Write;

use super::{Failure, WorkspaceArgs};
use crate::analysis::run_set::RunSet;
use crate::import;
use crate::workspace::{self, Parts};

pub fn run(args: &WorkspaceArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let options = args.read.options();
    let mut set = RunSet::default();
    let mut failed = Vec::new();
    let files = import::inputs::expand(&args.files);
    for file in &files {
        match import::load_file_with(file, options, &|_| {}) {
            Ok(runs) => set.add_file(file, options, runs),
            Err(e) => failed.push(e.to_string()),
        }
    }
    if !failed.is_empty() {
        return Err(Failure::BadInput(failed));
    }
    if set.is_empty() {
        return Err(Failure::bad_input(
            "no result files found in the given paths",
        ));
    }
    if let Some(label) = &args.baseline {
        let b = super::load::baseline(set.runs(), Some(label))?;
        set.pick_baseline(b.unwrap_or_default());
    }
    let parts = Parts {
        runs: &set,
        views: &Default::default(),
        planner: &Default::default(),
        prices: &Default::default(),
        window: serde_json::Value::Null,
    };
    let (ws, _) =
        workspace::capture(parts, &args.out).map_err(|e| Failure::Failed(e.to_string()))?;
    workspace::write_atomic(&args.out, workspace::to_text(&ws).as_bytes())
        .map_err(|e| Failure::Failed(e.to_string()))?;
    let _ = writeln!(
        out,
        "{}: {} run(s) from {} file(s)",
        args.out.display(),
        ws.runs.len(),
        ws.sources.len()
    );
    Ok(())
}
