//! `gatebench workspace`: a workspace written from result files (or other
//! workspaces), for a CI job to publish, for the window or any command to open.

use std::io::Write;

use super::{Failure, WorkspaceArgs};
use crate::output;
use crate::workspace::{self, Parts};

pub fn run(args: &WorkspaceArgs, out: &mut dyn Write) -> Result<(), Failure> {
    output::check_writable(&args.out)?;
    let loaded = super::load::load(&args.files, &args.read)?;
    let mut set = loaded.set;
    if let Some(label) = args.baseline.as_deref().or(loaded.baseline.as_deref())
        && let Some(b) = super::load::baseline(set.runs(), Some(label))?
    {
        set.pick_baseline(set.ids()[b]);
    }
    // A workspace among the inputs gives its views, planner and prices.
    let kept = loaded.workspace.unwrap_or_default();
    let parts = Parts {
        runs: &set,
        views: &kept.views,
        planner: &kept.planner,
        prices: &kept.prices,
        window: kept.window,
    };
    let (ws, _) =
        workspace::capture(parts, &args.out).map_err(|e| Failure::Failed(e.to_string()))?;
    output::write_atomic(&args.out, workspace::to_text(&ws).as_bytes())?;
    writeln!(
        out,
        "{}: {} run(s) from {} file(s)",
        args.out.display(),
        ws.runs.len(),
        ws.sources.len()
    )
    .map_err(Failure::stdout)
}
