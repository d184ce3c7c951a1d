//! `gatebench report`: one self-contained HTML file (or Markdown with the charts
//! beside it) of result files or workspaces.

use std::io::Write;

use super::{Failure, ReportArgs, ReportFormat};
use crate::report::{self, Chart, Output, ReportInput};

pub fn run(args: &ReportArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let loaded = super::load::load(&args.files, args.read.options())?;
    let label = args.baseline.as_deref().or(loaded.baseline.as_deref());
    let runs = loaded.set.runs();
    let baseline = super::load::baseline(runs, label)?;
    let workspace = loaded.workspace.unwrap_or_default();
    let (charts, charts_missing) = charts(runs, baseline, &workspace.views);
    let doc = report::document(ReportInput {
        title: &args.title,
        runs,
        baseline,
        settings: workspace.views.settings,
        planner: &workspace.planner,
        prices: &workspace.prices,
        charts,
        charts_missing,
    });
    let output = match args.format {
        ReportFormat::Html => Output::Html,
        ReportFormat::Markdown => Output::Markdown,
    };
    let written =
        report::write(&doc, &args.out, output).map_err(|e| Failure::Failed(e.to_string()))?;
    for path in written {
        let _ = writeln!(out, "{}", path.display());
    }
    Ok(())
}

/// Every chart with data, rendered as the exports are; or why there are none.
#[cfg(feature = "gui")]
fn charts(
    runs: &[crate::model::Run],
    baseline: Option<usize>,
    views: &crate::charts::view::ChartViews,
) -> (Vec<Chart>, Option<String>) {
    use crate::render::export::{REPORT_CHARTS, png_charts};
    let kinds = report::chart_kinds(runs);
    match png_charts(&kinds, runs, baseline, views, REPORT_CHARTS, &|_| {}) {
        Ok(pngs) => (pngs.into_iter().map(Chart::from).collect(), None),
        Err(e) => (
            Vec::new(),
            Some(format!("The charts could not be drawn: {e}")),
        ),
    }
}

#[cfg(not(feature = "gui"))]
fn charts(
    _runs: &[crate::model::Run],
    _baseline: Option<usize>,
    _views: &crate::charts::view::ChartViews,
) -> (Vec<Chart>, Option<String>) {
    (
        Vec::new(),
        Some(
            "No charts: this gatebench was built without the `gui` feature, which draws them."
                .into(),
        ),
    )
}
