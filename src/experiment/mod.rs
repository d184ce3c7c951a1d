//! Experiments (`gatebench run`, the Experiments tab), in layers, every import
//! pointing down (`ARCHITECTURE.md`, "experiment/"):
//!
//! - leaves: what an experiment is (`spec`, `generator`), the tools' facts
//!   (`tool`), how a run of one is made (`invocation`), what a run tells its
//!   observer (`observe`), the output folder's names (`outputs`), clocks
//!   (`clock`), the manifest (`manifest`), when to stop (`stop_rule`), the cells
//!   and their round orders (`plan`);
//! - the file read into a `spec` (`file`);
//! - load generators as backends of one trait (`backend`), this machine or SSH;
//! - the fleet of them (`fleet`), one cell on it (`cell`), a finished run read
//!   back (`results`);
//! - the top: setup, rounds, resume, the stop rule, teardown (`runner`), and the
//!   history the runs go to (`record`).
//!
//! `docs/experiment-format.md` documents the file; `docs/experiment-method.md` the
//! method; `docs/distributed-load.md` the generators.

pub mod backend;
pub mod cell;
pub mod clock;
pub mod file;
pub mod fleet;
pub mod generator;
pub mod invocation;
pub mod manifest;
pub mod observe;
pub mod outputs;
pub mod plan;
pub mod record;
pub mod results;
pub mod runner;
pub mod server_capture;
pub mod spec;
pub mod stop_rule;
pub mod tool;

pub use file::ExperimentError;
pub use manifest::{Manifest, Status};
pub use observe::{Event, GeneratorState, Observer};
pub use runner::Settings;
pub use spec::Experiment;

/// Reads the experiment at `path`, looking its tools up on the process's PATH.
pub fn read(path: &std::path::Path) -> Result<Experiment, ExperimentError> {
    file::read(path, &|t| t.installed())
}
