//! The command line: `gatebench [open FILES...]` opens the window, the other
//! commands work without one. Each command returns `Result<(), Failure>`;
//! [`main`] prints a failure once and turns it into the exit code.

pub mod advise;
pub mod breakdown;
mod chart_file;
pub mod compare;
pub mod eni;
mod failure;
pub mod history;
mod load;
pub mod load_curve;
pub mod plot;
mod read_args;
pub mod report;
pub mod run;
pub mod summarize;
mod text_table;
pub mod workspace;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};

pub use failure::Failure;
pub use read_args::ReadArgs;

use crate::analysis::compare::Metric;
use crate::charts::ChartKind;

#[derive(Debug, Parser)]
#[command(
    name = "gatebench",
    version,
    about = "Compare load-test results of load balancers, API gateways, proxies and functions",
    after_help = "With no subcommand the window opens on the bundled sample-data/."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the window on FILES (files, folders or workspaces); with none, what was open
    /// when it last closed, else the sample data.
    Open {
        #[command(flatten)]
        read: ReadArgs,
        files: Vec<PathBuf>,
    },
    /// Print the runs in FILES (files, folders or workspaces) as a table, tidy CSV or
    /// JSON.
    Summarize(SummarizeArgs),
    /// Each door's load curve of a sweep (FILES or workspaces of `gatebench run` with a
    /// [sweep]) and its knee: where throughput stops growing with the load.
    LoadCurve(LoadCurveArgs),
    /// Where the time went: each group's client time split into network, gateway,
    /// integration, cold start and handler by the server logs paired with its runs.
    Breakdown(BreakdownArgs),
    /// Compare candidate runs with baseline runs: intervals, significance, verdicts;
    /// exit 1 when a metric regressed (a CI gate).
    Compare(CompareArgs),
    /// Choose a Lambda memory size from load tests, the function's own logs (REPORT
    /// lines) and Power Tuning results; exit 1 when no size meets the latency
    /// objective.
    Advise(AdviseArgs),
    /// Plan the ENIs and subnet addresses a VPC-attached Lambda function needs.
    Eni(EniArgs),
    /// Draw charts of FILES (files or folders) as PNGs without a window.
    Plot(PlotArgs),
    /// Write a workspace (.gatebench) of FILES: their runs, the baseline, for the
    /// window or any command to open.
    Workspace(WorkspaceArgs),
    /// Run an experiment: load tools against targets in randomized rounds, every
    /// run's raw output, a manifest and a workspace in the output folder; exit 1 when
    /// a run failed.
    Run(RunArgs),
    /// Keep every run in a database (SQLite, or PostgreSQL for a team), find change
    /// points across builds, and gate CI on the regressions still in force.
    History(history::HistoryArgs),
    /// Write one self-contained HTML (or Markdown) report of FILES or workspaces:
    /// runs, baseline sentences, charts, verdicts, capacity plan and costs.
    Report(ReportArgs),
}

#[derive(Debug, clap::Args)]
pub struct WorkspaceArgs {
    /// The workspace file to write (`.gatebench`).
    #[arg(long)]
    pub out: PathBuf,
    /// Label of the run the others are compared with.
    #[arg(long)]
    pub baseline: Option<String>,
    #[command(flatten)]
    pub read: ReadArgs,
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The experiment (TOML, docs/experiment-format.md).
    pub experiment: PathBuf,
    /// The output folder (created if missing); default: the experiment's path
    /// without `.toml` (`sample-data/experiment.toml` → `sample-data/experiment/`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Finish an experiment that was stopped: the runs it misses, with its seed.
    /// Refused when the experiment file changed.
    #[arg(long)]
    pub resume: bool,
    /// Print the cells, the rounds' orders and the estimated time; run nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Record the finished runs in this history (docs/history-format.md), each cell
    /// in series SERIES/CELL.
    #[arg(long, requires = "series")]
    pub record: Option<String>,
    /// The series of `--record`.
    #[arg(long, requires = "record")]
    pub series: Option<String>,
    /// The commit (build) the recorded runs measured, as `history record --commit`.
    #[arg(long)]
    pub commit: Option<String>,
    /// The branch of the recorded runs, as `history record --branch`.
    #[arg(long)]
    pub branch: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The report to write: an HTML file, or with `--format markdown` a Markdown file
    /// with the charts as PNG files beside it.
    #[arg(long)]
    pub out: PathBuf,
    /// The report's title.
    #[arg(long, default_value = "gatebench report")]
    pub title: String,
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Add a history (a SQLite file or postgres:// URL): its regressions in force,
    /// change points, and each series' trend of p99 latency.
    #[arg(long)]
    pub history: Option<String>,
    /// Label of the run the others are compared with (else a workspace's, else the
    /// default).
    #[arg(long)]
    pub baseline: Option<String>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Result files, folders or workspaces.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct SummarizeArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Label of the run the others are compared with (table only); by default the
    /// first run whose integration contains "direct", else the first run.
    #[arg(long)]
    pub baseline: Option<String>,
    /// Merge the runs of the given files: the same test from several load generators.
    /// Files with several runs each (JTL labels, hlog tags) merge label by label; else
    /// every run becomes one. Needs samples or histograms (per-request files, hlog).
    #[arg(long)]
    pub merge: bool,
    /// Also write the histograms of the runs computed from samples to this HdrHistogram
    /// interval log (a few kilobytes to ship instead of a raw log).
    #[arg(long, value_name = "OUT")]
    pub export_hlog: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct LoadCurveArgs {
    #[arg(long, value_enum, default_value_t = LoadCurveFormat::Table)]
    pub format: LoadCurveFormat,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Result files, folders or workspaces of a sweep.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct BreakdownArgs {
    #[arg(long, value_enum, default_value_t = LoadCurveFormat::Table)]
    pub format: LoadCurveFormat,
    /// One breakdown per run instead of per group of repeats.
    #[arg(long)]
    pub runs: bool,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Result files, folders or workspaces, and server logs.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LoadCurveFormat {
    Table,
    Json,
    /// For a CI job summary or a pull-request comment.
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The baseline's result files or folders: several runs are repeats.
    #[arg(long, num_args = 1.., required = true)]
    pub baseline: Vec<PathBuf>,
    /// The candidate's result files or folders.
    #[arg(long, num_args = 1.., required = true)]
    pub candidate: Vec<PathBuf>,
    /// A metric to compare and gate on; repeat for several. Default: throughput,
    /// mean, p50, p90 and p99.
    #[arg(long, value_parser = metric())]
    pub metric: Vec<Metric>,
    /// The largest regression, in percent, that passes (default: --noise).
    #[arg(long)]
    pub max_regression: Option<f64>,
    /// Changes smaller than this, in percent, are no change.
    #[arg(long, default_value_t = 2.0)]
    pub noise: f64,
    /// Of the intervals and the significance tests.
    #[arg(long, default_value_t = 0.95)]
    pub confidence: f64,
    #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
    pub format: CompareFormat,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, clap::Args)]
pub struct AdviseArgs {
    /// Load-test result files or folders: the runs of Lambda integrations with a
    /// memory tier are the sizes.
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// An AWS Lambda Power Tuning output file, or its visualization URL.
    #[arg(long)]
    pub power_tuning: Option<String>,
    /// Power Tuning's strategies: the cheapest, the fastest, or a balance.
    #[arg(long, default_value = "cost", value_parser = crate::analysis::advisor_form::STRATEGIES)]
    pub strategy: String,
    /// For `balanced`: from 0 (speed) to 1 (cost); 0.5 by default.
    #[arg(long)]
    pub balanced_weight: Option<f64>,
    /// The latency objective: the largest p99, in ms, a size may have.
    #[arg(long, allow_hyphen_values = true)]
    pub slo_p99_ms: Option<String>,
    /// A projected peak rate, for the concurrency and ENIs each size needs.
    #[arg(long, allow_hyphen_values = true)]
    pub peak_rps: Option<String>,
    /// A subnet the function uses, as CIDR or CIDR@AZ; repeat for each.
    #[arg(long = "subnet")]
    pub subnets: Vec<String>,
    /// Divisor of the legacy ENI formula in GB: 1.5 (2016) or 3 (from December 2017).
    #[arg(long, default_value = "1.5")]
    pub divisor_gb: String,
    #[arg(long, value_enum, default_value_t = AdviseFormat::Table)]
    pub format: AdviseFormat,
    /// Also write the Memory advisor tab's chart (cost against latency per size)
    /// to this file: SVG when it ends in `.svg`, else PNG.
    #[arg(long)]
    pub chart: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AdviseFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    Table,
    Json,
    /// For a CI job summary or a pull-request comment.
    Markdown,
    /// JUnit XML, one test case per metric, for CI systems.
    Junit,
}

#[derive(Debug, clap::Args)]
pub struct PlotArgs {
    /// Folder for the charts (created if missing); each chart is `<chart>.png` (or
    /// `.svg`).
    #[arg(long)]
    pub out: PathBuf,
    /// Which charts; repeat for several (`--chart throughput --chart latency`).
    /// `history` draws the History tab's chart of each series of `--history`.
    #[arg(long, value_parser = chart_choice(), default_value = "all")]
    pub chart: Vec<ChartChoice>,
    /// The history database of `--chart history` (a SQLite file or postgres:// URL).
    #[arg(long, env = "GATEBENCH_HISTORY")]
    pub history: Option<String>,
    /// The series of `--chart history` (repeatable); default: every series.
    #[arg(long)]
    pub series: Vec<String>,
    /// The metric of `--chart history`.
    #[arg(long, default_value = "latency_p99_ms", value_parser = history::metric_name)]
    pub history_metric: crate::history::Metric,
    /// Width of each PNG in pixels.
    #[arg(long, default_value_t = 1600)]
    pub width: u32,
    /// Height of each PNG in pixels.
    #[arg(long, default_value_t = 1000)]
    pub height: u32,
    /// Pixels per point (2 = twice the density: crisper text, same size).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f32,
    #[arg(long, value_enum, default_value_t = PlotTheme::Light)]
    pub theme: PlotTheme,
    /// `png`: pictures of `--width` x `--height` pixels; `svg`: vector files of
    /// `--width`/`--scale` x `--height`/`--scale` units, with text and each value on
    /// hover. Both are drawn on the CPU, in every build.
    #[arg(long, value_enum, default_value_t = PlotFormat::Png)]
    pub format: PlotFormat,
    /// Draw latency on a log axis (spectrum, tiers, time series), as the window's
    /// "Log latency axis" does.
    #[arg(long)]
    pub log_latency: bool,
    /// Label of the run the throughput chart compares with.
    #[arg(long)]
    pub baseline: Option<String>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Result files, folders or workspaces (none for `--chart history` alone).
    pub files: Vec<PathBuf>,
}

/// What `plot` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlotFormat {
    Png,
    Svg,
}

/// A `--chart` of `plot`: one chart of the runs, all of them, or the history's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartChoice {
    All,
    One(ChartKind),
    History,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlotTheme {
    Light,
    Dark,
}

/// Inputs of `gatebench eni`. Numbers are taken as text and checked by the same
/// rules as the planner's fields, so that both give the same messages.
#[derive(Debug, clap::Args)]
pub struct EniArgs {
    /// Function memory in MB (128 to 10240).
    #[arg(long)]
    pub memory_mb: String,
    /// Projected peak concurrent executions (at least 1).
    #[arg(long)]
    pub concurrency: String,
    /// A subnet the function uses, as CIDR or CIDR@AZ (10.0.1.0/24@us-east-1a); repeat
    /// for each subnet.
    #[arg(long = "subnet", required = true)]
    pub subnets: Vec<String>,
    /// Divisor of the legacy formula in GB: 1.5 (AWS docs of 2016) or 3 (from
    /// December 2017).
    #[arg(long, default_value = "1.5", value_parser = ["1.5", "3"])]
    pub divisor_gb: String,
    /// legacy: ENIs grow with concurrency and memory (2016 to 2019); hyperplane: one
    /// shared ENI per subnet and security-group set (AWS since September 2019).
    #[arg(long, value_enum, default_value_t = EniModel::Legacy)]
    pub model: EniModel,
    /// Distinct security-group sets of the VPC functions (hyperplane).
    #[arg(long, default_value = "1")]
    pub security_groups: String,
    /// Peak concurrent connections (hyperplane); the concurrency by default.
    #[arg(long)]
    pub connections: Option<String>,
    /// More memory tiers for the tier table, comma-separated (legacy).
    #[arg(long, default_value = "")]
    pub tiers: String,
    #[arg(long, value_enum, default_value_t = EniFormat::Table)]
    pub format: EniFormat,
    /// Also write the planner's chart (ENIs per memory size against the subnets'
    /// addresses) to this file: SVG when it ends in `.svg`, else PNG.
    #[arg(long)]
    pub chart: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EniModel {
    Legacy,
    Hyperplane,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EniFormat {
    Table,
    Json,
}

/// `--metric`: a comparison metric by its short name.
fn metric() -> impl TypedValueParser<Value = Metric> {
    let names = Metric::ALL.iter().map(|m| PossibleValue::new(m.name()));
    PossibleValuesParser::new(names)
        .try_map(|name| Metric::by_name(&name).ok_or_else(|| format!("unknown metric `{name}`")))
}

/// `--chart`: a chart by its file name, `all` (every chart of the runs) or
/// `history`.
fn chart_choice() -> impl TypedValueParser<Value = ChartChoice> {
    let names = ChartKind::ALL
        .iter()
        .map(|k| PossibleValue::new(k.file_stem()).help(k.title()))
        .chain([
            PossibleValue::new("all").help("every chart of the runs"),
            PossibleValue::new("history").help("the History tab's chart of --history"),
        ]);
    PossibleValuesParser::new(names).try_map(|name| match name.as_str() {
        "all" => Ok(ChartChoice::All),
        "history" => Ok(ChartChoice::History),
        stem => ChartKind::by_stem(stem)
            .map(ChartChoice::One)
            .ok_or_else(|| format!("unknown chart `{stem}`")),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Csv,
    Json,
}

/// Runs the command line; prints a failure once, as `error: ...` lines on stderr.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let done = run(cli.command, &mut stdout).and_then(|()| stdout.flush().map_err(Failure::stdout));
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let mut stderr = std::io::stderr().lock();
            for line in failure.lines() {
                let _ = writeln!(stderr, "{line}");
            }
            failure.exit_code()
        }
    }
}

/// Runs one command, writing its report to `out`.
pub fn run(command: Option<Command>, out: &mut dyn Write) -> Result<(), Failure> {
    match command {
        Some(Command::Summarize(args)) => summarize::run(&args, out),
        Some(Command::Plot(args)) => plot::run(&args, out),
        Some(Command::LoadCurve(args)) => load_curve::run(&args, out),
        Some(Command::Breakdown(args)) => breakdown::run(&args, out),
        Some(Command::Eni(args)) => eni::run(&args, out),
        Some(Command::Compare(args)) => compare::run(&args, out),
        Some(Command::Advise(args)) => advise::run(&args, out),
        Some(Command::Workspace(args)) => workspace::run(&args, out),
        Some(Command::Report(args)) => report::run(&args, out),
        Some(Command::Run(args)) => run::run(&args, out),
        Some(Command::History(args)) => history::run(&args, out),
        Some(Command::Open { files, read }) if !files.is_empty() => {
            open_window(files, read.options())
        }
        // The window reopens what was open when it closed, else the sample data.
        Some(Command::Open { .. }) | None => open_window(Vec::new(), Default::default()),
    }
}

#[cfg(feature = "gui")]
fn open_window(files: Vec<PathBuf>, options: crate::import::Options) -> Result<(), Failure> {
    crate::gui::run(files, options)
        .map_err(|e| Failure::Failed(format!("cannot open the window: {e}")))
}

#[cfg(not(feature = "gui"))]
fn open_window(_files: Vec<PathBuf>, _options: crate::import::Options) -> Result<(), Failure> {
    Err(Failure::NeedsGui("the window"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Format;

    /// `--input-format` takes every format, each by the name it always had.
    #[test]
    fn input_formats_by_id() {
        let mut ids: Vec<&str> = Format::all().map(Format::id).collect();
        ids.sort_unstable();
        assert_eq!(
            ids,
            [
                "ab",
                "ab-gnuplot",
                "ab-percentiles",
                "alb",
                "apigw",
                "cloudfront",
                "elb",
                "envoy",
                "gatling",
                "gatling-log",
                "haproxy",
                "hdr-spectrum",
                "hey",
                "hey-csv",
                "hlog",
                "jtl",
                "k6-csv",
                "k6-json",
                "k6-text",
                "lambda",
                "locust",
                "locust-history",
                "nginx",
                "oha",
                "oha-csv",
                "oha-text",
                "power-tuning",
                "power-tuning-url",
                "tidy-csv",
                "vegeta-csv",
                "vegeta-json",
                "vegeta-text",
                "wrk",
            ]
        );
        for f in Format::all() {
            let cli =
                Cli::try_parse_from(["gatebench", "summarize", "--input-format", f.id(), "x"])
                    .unwrap();
            let Some(Command::Summarize(args)) = cli.command else {
                panic!("summarize")
            };
            assert_eq!(args.read.input_format, Some(f));
        }
    }

    #[test]
    fn charts_by_name() {
        let cli = Cli::try_parse_from([
            "gatebench",
            "plot",
            "--out",
            "o",
            "--chart",
            "tiers",
            "--chart",
            "all",
            "x",
        ])
        .unwrap();
        let Some(Command::Plot(args)) = cli.command else {
            panic!("plot")
        };
        assert_eq!(
            args.chart,
            [ChartChoice::One(ChartKind::MemoryTiers), ChartChoice::All]
        );
    }
}
