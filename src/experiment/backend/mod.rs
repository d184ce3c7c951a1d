//! Load generators as backends behind one trait: a child process on this machine
//! (`local`), a POSIX `sh` session over OpenSSH (`ssh`). The fleet, the cell and
//! the runner never ask which one they have; a run on this machine alone is a
//! fleet of one (`Fleet::of`). A new kind of generator (Kubernetes Jobs, say:
//! `docs/distributed-load.md`) is one new file here and one line in `Fleet::of`.

pub mod local;
pub mod ssh;

use super::clock::Offset;
use super::generator::{self, Reach};
use super::invocation::PartPlan;
use super::outputs::PartFiles;
use super::spec::Experiment;
use super::tool::Tool;

/// What a generator's probe found: each tool asked for with its version line
/// (`None` when it is missing), and its clock against this machine's.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    pub tools: Vec<(Tool, Option<String>)>,
    pub offset: Offset,
}

/// What a running part reports as it goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Report {
    /// Its files are in place: it waits to be told when to start.
    Ready,
    /// The tool started, at this time of the generator's clock (ns).
    Started(i128),
    /// The tool ended (generator's clock, ns), with its exit code (128 + N when
    /// killed by signal N).
    Ended(i128, i32),
}

/// How a part's session ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Exit {
    /// The session's exit code; `None` when it was killed.
    pub code: Option<i32>,
    /// The generator could not be reached, or the connection to it broke.
    pub connection_lost: bool,
    /// Why, when the backend knows better than the codes say (a tool that
    /// could not be started).
    pub why: Option<String>,
}

impl Exit {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.code {
            Some(c) => write!(f, "exit status: {c}"),
            None => write!(f, "killed"),
        }
    }
}

/// One load generator.
pub trait Generator: Send + Sync {
    /// Names its files (`x.round1.NAME.csv`) and its lines in the manifest.
    fn name(&self) -> &str;
    /// Where it runs, for messages: "local" or its SSH destination.
    fn host(&self) -> &str;
    /// Reaches it, asks for `tools` and measures its clock.
    fn probe(&self, tools: &[Tool]) -> Result<Probe, String>;
    /// Puts `plan`'s files in place and readies its tool; its result goes to
    /// `files.result`, its standard error to `files.stderr`.
    fn start(&self, plan: &PartPlan, files: &PartFiles) -> Result<Box<dyn Running>, String>;

    /// "gen-a (user@host)", or the name alone where it is the host.
    fn described(&self) -> String {
        generator::described(self.name(), self.host())
    }
}

/// A generator's part of one run, under way.
pub trait Running: Send {
    /// What it reported since the last call.
    fn reports(&mut self) -> Vec<Report>;
    /// Tells it when to start, in its own clock (ns since the epoch); false when
    /// it can no longer be told.
    fn go(&mut self, at_ns: i128) -> bool;
    /// Asks it to stop: its tool is ended.
    fn stop(&mut self);
    /// How it ended, once it has.
    fn ended(&mut self) -> Option<Exit>;
    /// Ends it at once, when it ignored a stop.
    fn kill(&mut self);
    /// Waits for its result to be written out: the result's bytes.
    fn finish(&mut self) -> Result<u64, String>;
}

/// The generators an experiment runs on, built in one place.
pub struct Fleet {
    pub generators: Vec<Box<dyn Generator>>,
    /// This machine alone, because the file names no generator: its runs' files
    /// and records are as they always were (`x.round1.csv`, no `generators`).
    pub alone: bool,
}

impl Fleet {
    /// The experiment's `[[generator]]`s, or this machine when there is none.
    pub fn of(experiment: &Experiment) -> Fleet {
        if experiment.generators.is_empty() {
            return Fleet::alone(Box::new(local::Local::new("local")));
        }
        let generators = experiment
            .generators
            .iter()
            .map(|g| -> Box<dyn Generator> {
                match &g.reach {
                    Reach::Local => Box::new(local::Local::new(&g.name)),
                    Reach::Ssh {
                        destination,
                        config,
                    } => Box::new(ssh::Session::ssh(&g.name, destination, config.clone())),
                }
            })
            .collect();
        Fleet {
            generators,
            alone: false,
        }
    }

    /// One generator, standing for this machine alone.
    pub fn alone(generator: Box<dyn Generator>) -> Fleet {
        Fleet {
            generators: vec![generator],
            alone: true,
        }
    }
}
