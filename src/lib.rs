//! gatebench: import load-test results, compare integrations against a baseline,
//! and plan Lambda VPC capacity.
//!
//! The core (`model`, `import`, `analysis`, `charts` data) knows nothing of egui;
//! `gui` and `cli` are thin layers over it.

pub mod analysis;
pub mod capacity;
pub mod charts;
pub mod cli;
pub mod format;
pub mod gui;
pub mod import;
pub mod model;
