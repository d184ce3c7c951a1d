//! The command line: `gatebench [open FILES...]` opens the window,
//! `gatebench summarize FILES...` prints the runs without one.

pub mod eni;
mod load;
pub mod plot;
pub mod summarize;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit code for bad input (unreadable or unrecognised files, bad arguments),
/// the same code clap uses for usage errors.
pub const EXIT_BAD_INPUT: u8 = 2;

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
    /// Open the window on FILES (files or folders); the sample data when none are given.
    Open {
        /// Read every file as this format instead of detecting it.
        #[arg(long, value_enum)]
        input_format: Option<InputFormat>,
        files: Vec<PathBuf>,
    },
    /// Print the runs in FILES (files or folders) as a table, tidy CSV or JSON.
    Summarize {
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Label of the run the others are compared with (table only); by default the
        /// first run whose integration contains "direct", else the first run.
        #[arg(long)]
        baseline: Option<String>,
        /// Merge every run of the given files into one: the same test run from several
        /// load generators. Needs per-request files (JTL, hey -o csv, ab -g).
        #[arg(long)]
        merge: bool,
        /// Read every file as this format instead of detecting it from the content.
        #[arg(long, value_enum)]
        input_format: Option<InputFormat>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Plan the ENIs and subnet addresses a VPC-attached Lambda function needs.
    Eni(EniArgs),
    /// Draw charts of FILES (files or folders) as PNGs without a window.
    Plot(PlotArgs),
}

#[derive(Debug, clap::Args)]
pub struct PlotArgs {
    /// Folder for the PNGs (created if missing); each chart is `<chart>.png`.
    #[arg(long)]
    pub out: PathBuf,
    /// Which charts; repeat for several (`--chart throughput --chart latency`).
    #[arg(long, value_enum, default_values_t = [PlotChart::All])]
    pub chart: Vec<PlotChart>,
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
    /// Draw latency on a log axis (spectrum, tiers, time series), as the window's
    /// "Log latency axis" does.
    #[arg(long)]
    pub log_latency: bool,
    /// Label of the run the throughput chart compares with.
    #[arg(long)]
    pub baseline: Option<String>,
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlotChart {
    Throughput,
    Latency,
    LatencyBox,
    Spectrum,
    Tiers,
    Timeseries,
    All,
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

/// The formats `--input-format` can force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Wrk,
    TidyCsv,
    Hey,
    Ab,
    /// ab `-e` CSV.
    AbPercentiles,
    /// An HdrHistogram percentile table (vegeta `report -type=hdrplot`).
    HdrSpectrum,
    Locust,
    LocustHistory,
    Oha,
    VegetaText,
    VegetaJson,
    VegetaCsv,
    K6Json,
    K6Csv,
    Gatling,
    Jtl,
    HeyCsv,
    AbGnuplot,
    OhaCsv,
}

impl From<InputFormat> for crate::import::Format {
    fn from(f: InputFormat) -> Self {
        use crate::import::Format;
        match f {
            InputFormat::Wrk => Format::Wrk,
            InputFormat::TidyCsv => Format::TidyCsv,
            InputFormat::Hey => Format::Hey,
            InputFormat::Ab => Format::Ab,
            InputFormat::AbPercentiles => Format::AbPercentiles,
            InputFormat::HdrSpectrum => Format::HdrSpectrum,
            InputFormat::Locust => Format::Locust,
            InputFormat::LocustHistory => Format::LocustHistory,
            InputFormat::Oha => Format::Oha,
            InputFormat::VegetaText => Format::VegetaText,
            InputFormat::VegetaJson => Format::VegetaJson,
            InputFormat::VegetaCsv => Format::VegetaCsv,
            InputFormat::K6Json => Format::K6Json,
            InputFormat::Gatling => Format::Gatling,
            InputFormat::K6Csv => Format::K6Csv,
            InputFormat::OhaCsv => Format::OhaCsv,
            InputFormat::Jtl => Format::Jtl,
            InputFormat::HeyCsv => Format::HeyCsv,
            InputFormat::AbGnuplot => Format::AbGnuplot,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Csv,
    Json,
}
