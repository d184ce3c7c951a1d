//! What is shown, in words and cells, produced once for the window, the terminal and
//! the reports: the runs table's columns and cells, the baseline sentences and the
//! capacity planner's sentences. The GUI and the CLI only lay them out. Numbers
//! become text in [`crate::format`].

pub mod advisor;
pub mod breakdown;
pub mod comparison;
pub mod comparison_table;
pub mod eni;
pub mod load_curve;
pub mod runs_table;
pub mod server;
