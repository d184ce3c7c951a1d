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

/// A format `--input-format` can force: any [`crate::import::Format`], by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputFormat(pub crate::import::Format);

/// Every format, for clap.
const INPUT_FORMATS: [InputFormat; crate::import::Format::ALL.len()] = {
    let all = crate::import::Format::ALL;
    let mut out = [InputFormat(all[0]); crate::import::Format::ALL.len()];
    let mut i = 0;
    while i < all.len() {
        out[i] = InputFormat(all[i]);
        i += 1;
    }
    out
};

impl ValueEnum for InputFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &INPUT_FORMATS
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.id()).help(self.0.to_string()))
    }
}

impl From<InputFormat> for crate::import::Format {
    fn from(f: InputFormat) -> Self {
        f.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Csv,
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--input-format` takes every format, each by the name it always had.
    #[test]
    fn input_formats_by_id() {
        let mut ids: Vec<&str> = INPUT_FORMATS.iter().map(|f| f.0.id()).collect();
        ids.sort_unstable();
        assert_eq!(
            ids,
            [
                "ab",
                "ab-gnuplot",
                "ab-percentiles",
                "gatling",
                "hdr-spectrum",
                "hey",
                "hey-csv",
                "jtl",
                "k6-csv",
                "k6-json",
                "locust",
                "locust-history",
                "oha",
                "oha-csv",
                "tidy-csv",
                "vegeta-csv",
                "vegeta-json",
                "vegeta-text",
                "wrk",
            ]
        );
        for f in INPUT_FORMATS {
            assert_eq!(InputFormat::from_str(f.0.id(), false), Ok(f));
        }
    }
}
