//! Comparisons across runs: baseline ratios and the bookkeeping of a set of runs.

pub mod aggregate;
pub mod baseline;
pub mod labelled;
pub mod merge;
pub mod run_set;
