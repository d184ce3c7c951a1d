//! What an experiment is, once its file is read (`file`): its targets and the
//! load each sends, the sweep, the rounds, the generators and where its runs are
//! recorded. No parsing and no running here: the types every other part shares.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::generator::{FleetRules, GeneratorSpec};
use super::tool::Tool;

/// `[record]`: the history the finished runs go to (`docs/history-format.md`), as
/// `gatebench run --record DB --series NAME`.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RecordTo {
    /// A SQLite file (relative to the experiment's folder) or a postgres:// URL.
    pub db: String,
    pub series: String,
}

/// The load one run sends: the top's keys with the target's and the sweep's over
/// them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Load {
    pub tool: Tool,
    #[serde(serialize_with = "seconds")]
    pub duration: Duration,
    pub connections: u32,
    pub threads: u32,
    /// Requests per second in all, for tools with a fixed rate.
    pub rate: Option<f64>,
    #[serde(serialize_with = "optional_seconds")]
    pub warmup: Option<Duration>,
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

fn optional_seconds<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_f64(d.as_secs_f64()),
        None => s.serialize_none(),
    }
}

/// One `[[target]]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub name: String,
    pub url: String,
    /// The integration type; the target's name when the file gives none.
    pub integration: String,
    pub memory_mb: Option<u32>,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub load: Load,
    /// Where the target's servers log its requests (`server_log`,
    /// `docs/breakdown.md`): captured after each of its runs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub server_logs: Vec<ServerLog>,
}

/// One `server_log`: a log file cut to the run's window by its own timestamps, or a
/// command run once `delay` has passed after the run, with the run's window as
/// placeholders (`{start_ms}`, `{end_ms}`, `{start}`, `{end}`, `{target}`,
/// `{round}`), whose standard output is the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerLog {
    File {
        file: String,
        format: String,
    },
    Command {
        command: String,
        #[serde(serialize_with = "seconds")]
        delay: Duration,
        format: Option<String>,
    },
}

impl ServerLog {
    /// The format in its captured file's name: the one given, else `log`.
    pub fn file_format(&self) -> &str {
        match self {
            ServerLog::File { format, .. } => format,
            ServerLog::Command { format, .. } => format.as_deref().unwrap_or("log"),
        }
    }
}

/// What `[sweep]` varies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SweepKey {
    Connections,
    Threads,
    Rate,
}

impl SweepKey {
    /// The key named `name` (one of [`SweepKey::name`]); connections otherwise.
    pub fn by(name: &str) -> SweepKey {
        match name {
            "threads" => SweepKey::Threads,
            "rate" => SweepKey::Rate,
            _ => SweepKey::Connections,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SweepKey::Connections => "connections",
            SweepKey::Threads => "threads",
            SweepKey::Rate => "rate",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sweep {
    pub key: SweepKey,
    pub values: Vec<f64>,
}

/// How many rounds: exactly `min` without a stop rule, else from `min` up to `max`
/// until every cell's intervals are within `stop_when_ci_pct`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rounds {
    pub min: u32,
    pub max: u32,
    pub stop_when_ci_pct: Option<f64>,
}

/// An experiment, read and checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Experiment {
    /// The file it was read from.
    #[serde(skip)]
    pub path: PathBuf,
    pub targets: Vec<Target>,
    pub sweep: Option<Sweep>,
    pub rounds: Rounds,
    /// The seed of the round orders; `None` when the file gives none (the runner
    /// draws one and records it).
    pub seed: Option<u64>,
    pub setup: Option<String>,
    pub teardown: Option<String>,
    /// Where the finished runs are recorded, if the file says (`[record]`).
    pub record: Option<RecordTo>,
    /// The load generators every run runs on at once; none: this machine alone.
    pub generators: Vec<GeneratorSpec>,
    pub fleet: FleetRules,
    /// The SHA-256 of the file's bytes, so that `--resume` refuses a changed file.
    pub sha256: String,
}

impl Experiment {
    /// The tools the targets use, each once, in the targets' order.
    pub fn tools(&self) -> Vec<Tool> {
        let mut tools: Vec<Tool> = Vec::new();
        for t in &self.targets {
            if !tools.contains(&t.load.tool) {
                tools.push(t.load.tool);
            }
        }
        tools
    }

    /// The folder the file is in: `setup`, `teardown` and the tools run there.
    pub fn folder(&self) -> PathBuf {
        crate::error::folder_of(&self.path).to_path_buf()
    }
}

/// `load` with a sweep value applied.
pub fn with_sweep(load: &Load, key: SweepKey, value: f64) -> Load {
    let mut load = load.clone();
    match key {
        SweepKey::Connections => load.connections = value as u32,
        SweepKey::Threads => load.threads = value as u32,
        SweepKey::Rate => load.rate = Some(value),
    }
    load
}
