//! gatebench: import load-test results, compare integrations against a baseline,
//! and plan Lambda VPC capacity. `ARCHITECTURE.md` is the map.
//!
//! Layers, each using only those above it in this list:
//! - `error`, `format`, `model`: the errors of reading and writing files, number
//!   formatting, and the `Run`; `output`: writing files, checked first, atomically;
//! - `capacity`: Lambda VPC facts and formulas; `naming`: what a file name says;
//! - `blocks`: the block-parallel CSV reader, which knows columns, not runs;
//! - `samples`: per-request samples gathered into runs;
//! - `import`: one importer per format, and the list of them;
//! - `analysis`: comparisons across runs (baseline, merge, the set of runs);
//! - `charts` (chart data) and `present` (table cells, sentences): what is shown;
//! - `workspace`: a saved analysis (sources, edits, views, planner) and its restore;
//! - `report`: a report's content, as self-contained HTML or Markdown;
//!   `experiment`: experiment files, randomized rounds and the load tools run;
//! - `render` (drawing with egui_plot, PNG export) and `gui`: the `gui` feature;
//! - `cli`: the command line.
//!
//! Everything up to `charts` and `present` knows nothing of egui.
//!
//! The modules are private; what the binary, the benches and the tests use is
//! re-exported below, and nothing else is public.

// Without the window, what only the window shows (chart data, the planner's chart,
// its loader's helpers) is built but unused; the default build uses and tests it.
#![cfg_attr(not(feature = "gui"), allow(dead_code))]

mod analysis;
mod blocks;
mod capacity;
mod charts;
mod cli;
mod error;
mod experiment;
mod format;
#[cfg(feature = "gui")]
mod gui;
mod history;
mod import;
mod model;
mod naming;
mod output;
mod present;
#[cfg(feature = "gui")]
mod render;
mod report;
mod samples;
mod svg;
mod workspace;

/// The command line: parses the arguments, runs the command, prints a failure once
/// and gives the exit code (the binary's `main`).
pub use cli::main as cli_main;

// The run and its parts.
pub use model::{ErrorCounts, LatencySummary, Measurement, Percentile, Run};

// Reading result files.
pub use error::{ImportError, WriteError};
pub use import::inputs::expand as expand_inputs;
pub use import::power_tuning::runs_of_url as power_tuning_url_runs;
pub use import::tidy_csv::write as write_tidy_csv;
pub use import::{
    Format, FormatSettings, Options, detect, load_bytes, load_bytes_as, load_file, load_file_as,
    load_file_with, throughput_definition,
};
pub use samples::{Outcome, RunAccumulator, RunMeta};

/// The block reader's block size, which the per-request tests straddle.
pub use blocks::BLOCK_BYTES;

// Comparing runs.
pub use analysis::baseline::default_baseline;
pub use analysis::compare::{Basis, Metric, Side};
pub use analysis::load_curve::{KneeRule, StepVerdict, curves as load_curve_analysis};
pub use analysis::merge::{merge, merge_generators};
pub use analysis::origin::Origin;
pub use analysis::run_set::{RunId, RunSet};
pub use present::comparison::sentences as comparison_sentences;

// Planning capacity.
pub use capacity::form::PlannerForm;
pub use capacity::legacy::{Divisor, enis_required, max_concurrency};
pub use capacity::plan::PlanInput;
pub use capacity::subnet::{Subnet, smallest_fitting_prefix, usable_for_prefix};

// Charts, free of egui.
pub use charts::decimate::min_max as decimate_min_max;
pub use charts::line::{LineChartData, LineSeries, Span, XAxis};
pub use charts::load_curve::{LoadCurveCharts, load_curves};
pub use charts::run_charts::{MAX_SERIES_POINTS, spectrum as spectrum_chart, time_series};
pub use charts::view::{ChartViews, PlotView, ViewMode};
pub use charts::{BarChartData, ChartKind};
pub use svg::raster::parse as parse_svg;
pub use svg::{
    Canvas as SvgCanvas, RasterError, chart as chart_svg, line as line_svg, png as svg_png,
};

/// Experiments on generators of one's own: the backend trait a load generator
/// implements, and the runner given a fleet of them (the schedule's tests run it
/// with generators that run no tool).
pub mod experiments {
    pub use crate::experiment::backend::{Exit, Fleet, Generator, Probe, Report, Running};
    pub use crate::experiment::clock::Offset;
    pub use crate::experiment::file::parse;
    pub use crate::experiment::invocation::PartPlan;
    pub use crate::experiment::outputs::PartFiles;
    pub use crate::experiment::runner::{Outcome, Settings, run_on};
    pub use crate::experiment::tool::Tool;
    pub use crate::experiment::{Event, Experiment, GeneratorState, Observer, Status};
}

// Workspaces and reports.
pub use report::Output as ReportOutput;
pub use workspace::{
    Parts as WorkspaceParts, Problem as WorkspaceProblem, Workspace, capture as capture_workspace,
    open as open_workspace, read as read_workspace, restore as restore_workspace,
    to_text as workspace_text,
};

/// Number formatting, the one place a number becomes text.
pub use format::pct as format_pct;
pub use output::{check_writable, write_atomic, write_atomic_with};

// The window and the renderer (the `gui` feature).
#[cfg(feature = "gui")]
pub use gui::{ChartTarget, GatebenchApp, Tab, native_options};
#[cfg(feature = "gui")]
pub use render::draw::{ViewSlot, chart as draw_chart, line_chart as draw_line_chart};
#[cfg(feature = "gui")]
pub use render::export::{ExportOptions, Exporter};
