//! gatebench: import load-test results, compare integrations against a baseline,
//! and plan Lambda VPC capacity. `ARCHITECTURE.md` is the map.
//!
//! Layers, each using only those above it in this list:
//! - `error`, `format`, `model`: the error every reader returns, number formatting,
//!   and the `Run`;
//! - `capacity`: Lambda VPC facts and formulas; `naming`: what a file name says;
//! - `blocks`: the block-parallel CSV reader, which knows columns, not runs;
//! - `samples`: per-request samples gathered into runs;
//! - `import`: one importer per format, and the list of them;
//! - `analysis`: comparisons across runs (baseline, merge, the set of runs);
//! - `charts` (chart data) and `present` (table cells, sentences): what is shown;
//! - `workspace`: a saved analysis (sources, edits, views, planner) and its restore;
//! - `report`: a report's content, as self-contained HTML or Markdown;
//! - `render` (drawing with egui_plot, PNG export) and `gui`: the `gui` feature;
//! - `cli`: the command line.
//!
//! Everything up to `charts` and `present` knows nothing of egui.

pub mod analysis;
pub mod blocks;
pub mod capacity;
pub mod charts;
pub mod cli;
pub mod error;
pub mod format;
#[cfg(feature = "gui")]
pub mod gui;
pub mod import;
pub mod model;
pub mod naming;
pub mod present;
#[cfg(feature = "gui")]
pub mod render;
pub mod report;
pub mod samples;
pub mod workspace;
