//! The command line: `gatebench [open FILES...]` opens the window,
//! `gatebench summarize FILES...` prints the runs without one.

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
    Open { files: Vec<PathBuf> },
    /// Print the runs in FILES (files or folders) as a table, tidy CSV or JSON.
    Summarize {
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Label of the run the others are compared with (table only); by default the
        /// first run whose integration contains "direct", else the first run.
        #[arg(long)]
        baseline: Option<String>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Csv,
    Json,
}
