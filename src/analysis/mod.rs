//! Comparisons across runs: baseline ratios, merging the runs of several load
//! generators, and the bookkeeping of a set of loaded runs.

pub mod advisor;
pub mod advisor_form;
pub mod baseline;
pub mod breakdown;
pub mod compare;
pub mod load_curve;
pub mod merge;
pub mod order;
pub mod origin;
pub mod reference;
pub mod repeats;
pub mod run_set;
pub mod sending_window;
pub mod stats;
pub mod steady;
pub mod sweep;
