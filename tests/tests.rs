//! The integration tests, in one binary (as ripgrep's `tests/tests.rs`): each file
//! of `tests/` is a module of it, and `common` holds what they share. One binary
//! links the dependencies once, where one per file linked them thirty times.

mod common;

#[global_allocator]
static ALLOCATOR: common::peak::Counting = common::peak::Counting;

mod bad_input;
mod breakdown;
mod capacity;
#[cfg(feature = "gui")]
mod chart_snapshots;
mod cli;
mod cli_advise;
mod cli_compare;
mod cli_eni;
mod cli_plot;
mod cli_workspace;
mod comparison;
mod compressed;
mod detection;
mod distributed;
mod exit_codes;
mod experiment;
mod fast_path;
mod gatling_import;
#[cfg(feature = "gui")]
mod gui;
#[cfg(feature = "gui")]
mod gui_advisor;
#[cfg(feature = "gui")]
mod gui_experiments;
#[cfg(feature = "gui")]
mod gui_history;
#[cfg(feature = "gui")]
mod gui_load_curve;
#[cfg(feature = "gui")]
mod gui_planner;
#[cfg(feature = "gui")]
mod gui_workspace;
mod hey_ab_import;
mod history;
mod hlog;
mod hostile_input;
mod jtl_import;
mod k6_import;
mod layers;
mod load_curve;
mod locust_import;
mod names;
mod oha_import;
mod power_tuning;
mod proxy_logs;
mod readme;
mod schedule;
mod server_logs;
mod svg_charts;
mod tidy_csv;
mod transcripts;
mod vegeta_import;
mod workspace;
mod wrk_import;
