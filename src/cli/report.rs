//! `gatebench report`: one self-contained HTML file (or Markdown with the charts
//! beside it) of result files or workspaces, through the same pipeline as the
//! window's File > Export report (`report::produce`).

use std::io::Write;

use super::{Failure, ReportArgs, ReportFormat};
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
        history: args.history.as_deref().map(history_part).transpose()?,
    };
    let output = match args.format {
        ReportFormat::Html => Output::Html,
        ReportFormat::Markdown => Output::Markdown,
    };
    let written =
        report::produce(&request, &args.out, output, &|_, _| true).map_err(|e| match e {
            ReportError::Write(e) => Failure::from(e),
            other => Failure::Failed(other.to_string()),
        })?;
    for path in written.files {
        writeln!(out, "{}", path.display()).map_err(Failure::stdout)?;
    }
    Ok(())
}

/// The history's part of the report: throughput and p99 of every series analysed,
/// the regressions in force, and each series' p99 trend.
fn history_part(db: &str) -> Result<report::HistoryPart, Failure> {
    use crate::history::{self, Metric, analyze, change_points::Params, check, trend};
    let records = history::open(db)
        .and_then(|mut s| s.records(&Default::default()))
        .map_err(|e| Failure::bad_input(e.to_string()))?;
    let noise = crate::analysis::compare::Settings::default().noise_pct;
    let params = Params {
        min_magnitude: noise / 100.0,
        ..Params::default()
    };
    let analyses = analyze::analyze(
        &records,
        &[Metric::ThroughputRps, Metric::LatencyP99Ms],
        &params,
    );
    let regressions = check::regressions(&analyses, &records, noise, 0.95);
    let charts = analyses
        .iter()
        .filter(|a| a.kind == Metric::LatencyP99Ms && a.points > 0)
        .map(|a| {
            let of_series: Vec<&history::Record> =
                records.iter().filter(|r| r.new.series == a.name).collect();
            trend::chart(a, &of_series, noise, None)
        })
        .collect();
    Ok(report::HistoryPart {
        db: db.to_owned(),
        analyses,
        regressions,
        charts,
    })
}
