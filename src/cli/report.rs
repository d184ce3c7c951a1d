//! `gatebench report`: one self-contained HTML file (or Markdown with the charts
//! beside it) of result files or workspaces, through the same pipeline as the
//! window's File > Export report (`report::produce`).

use std::io::Write;

use super::{Failure, ReportArgs, ReportFormat};
use crate::charts::PngRenderer;
use crate::report::{self, Output, ReportError, Request};

pub fn run(args: &ReportArgs, out: &mut dyn Write) -> Result<(), Failure> {
    // Before any file is read or chart drawn: the report must have somewhere to go.
    crate::output::check_writable(&args.out)?;
    let loaded = super::load::load(&args.files, &args.read)?;
    let label = args.baseline.as_deref().or(loaded.baseline.as_deref());
    let baseline = super::load::baseline(loaded.set.runs(), label)?;
    let workspace = loaded.workspace.unwrap_or_default();
    let request = Request {
        title: args.title.clone(),
        runs: loaded.set.into_runs(),
        baseline,
        views: workspace.views,
        planner: workspace.planner,
        prices: workspace.prices,
    };
    let output = match args.format {
        ReportFormat::Html => Output::Html,
        ReportFormat::Markdown => Output::Markdown,
    };
    let written = report::produce(&request, &args.out, output, renderer(), &|_, _| true).map_err(
        |e| match e {
            ReportError::Write(e) => Failure::from(e),
            other => Failure::Failed(other.to_string()),
        },
    )?;
    if let Some(note) = &written.note {
        eprintln!("warning: {note}");
    }
    for path in written.files {
        writeln!(out, "{}", path.display()).map_err(Failure::stdout)?;
    }
    Ok(())
}

/// What draws the charts: the renderer of the `gui` feature.
#[cfg(feature = "gui")]
fn renderer() -> Option<&'static dyn PngRenderer> {
    Some(&crate::render::export::PngRenderer)
}

/// Without the `gui` feature there is nothing to draw charts with.
#[cfg(not(feature = "gui"))]
fn renderer() -> Option<&'static dyn PngRenderer> {
    None
}
