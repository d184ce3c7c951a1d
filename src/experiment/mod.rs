//! Experiments (`gatebench run`, the Experiments tab): a TOML file of targets,
//! load settings and a sweep (`file`), its cells and randomized rounds (`plan`),
//! the load tools and what they hand back (`tool`), the run itself (`runner`), its
//! record (`manifest`), when to stop (`stop_rule`) and the history its runs go to
//! (`record`). `docs/experiment-format.md`
//! documents the file; `docs/experiment-method.md` the method.

pub mod clock;
pub mod file;
pub mod fleet;
mod fleet_cell;
pub mod generator;
pub mod manifest;
pub mod plan;
pub mod record;
pub mod runner;
pub mod session;
pub mod stop_rule;
pub mod tool;

pub use file::{Experiment, ExperimentError};
pub use manifest::{Manifest, Status};
pub use runner::{Event, GeneratorState, Observer, Settings};

/// Reads the experiment at `path`, looking its tools up on the process's PATH.
pub fn read(path: &std::path::Path) -> Result<Experiment, ExperimentError> {
    file::read(path, &|t| t.installed())
}
