//! `DIR/manifest.json`: what ran, in which order, with which command and tool
//! version, when, and how it ended (`docs/experiment-format.md`, "The manifest").
//! It is rewritten after every run, so that `--resume` knows what is missing.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::SweepValue;

/// The manifest's format version.
pub const VERSION: u32 = 1;
/// The manifest's file name in the output folder.
pub const FILE: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub gatebench_experiment: u32,
    /// The experiment file, as given.
    pub experiment_file: String,
    /// Its SHA-256: `--resume` refuses a changed file.
    pub experiment_sha256: String,
    pub seed: u64,
    /// The experiment as resolved: every target with its load after overrides.
    pub experiment: serde_json::Value,
    pub host: String,
    /// The load generators as checked before the first run (none: this machine
    /// alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub generators: Vec<GeneratorCheck>,
    /// The order of every round begun.
    pub rounds: Vec<RoundRecord>,
    pub runs: Vec<RunRecord>,
    /// Why the experiment ended (or stopped); `None` while it runs.
    pub stop_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundRecord {
    pub round: u32,
    /// The cells' names in the order they run.
    pub order: Vec<String>,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The tool exited 0 and its output was read.
    #[default]
    Ok,
    /// The tool exited non-zero, could not start, or its output could not be read.
    Failed,
    /// Stopped before it ended: its output is kept, never analysed.
    Aborted,
    /// On several generators, some of which dropped out: the others' data is the
    /// run, and the run names the ones lost.
    Partial,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub target: String,
    /// The cell: the target, and the sweep value if any.
    pub cell: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<SweepValue>,
    pub round: u32,
    /// From 1, within its round.
    pub position: u32,
    /// The tool's argv, as run.
    pub command: Vec<String>,
    pub tool: String,
    pub tool_version: String,
    pub host: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub ended_at: String,
    /// `None` when the tool was killed by a signal or did not start.
    pub exit_code: Option<i32>,
    /// The run's results, relative to the output folder.
    pub file: String,
    /// The warm-up's output, kept apart and not analysed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warmup_file: Option<String>,
    /// The tool's standard error, where it wrote any (an empty file is removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stderr_file: Option<String>,
    pub status: Status,
    /// Why a run failed or was aborted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// On several generators: each one's part (its files, times and end).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub generators: Vec<PartRecord>,
    /// The latest tool start minus the earliest, on this machine's clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_spread_ms: Option<f64>,
    /// The starts spread wider than `max_start_spread`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub start_spread_flagged: bool,
    /// The window all generators were sending in, which the throughput counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<crate::model::SendingWindow>,
    /// How the generators' latencies were merged: exact, or why approximate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge: Option<String>,
    /// The server logs captured for the run (`server_log`), relative to the output
    /// folder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub server_logs: Vec<String>,
    /// What went wrong beside the run (a server log that could not be captured):
    /// the run itself is kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl RunRecord {
    /// When the run was, from its RFC 3339 start and end.
    pub fn wall_clock(&self) -> Option<crate::model::server::LogWindow> {
        let ms = |t: &str| {
            chrono::DateTime::parse_from_rfc3339(t)
                .ok()
                .map(|t| t.timestamp_millis())
        };
        Some(crate::model::server::LogWindow {
            start_ms: ms(&self.started_at)?,
            end_ms: ms(&self.ended_at)?,
        })
    }
}

/// A generator as checked before the first run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneratorCheck {
    pub name: String,
    /// "local", or its SSH destination.
    pub host: String,
    /// Each tool the experiment uses, with its version there.
    pub tools: Vec<(String, String)>,
    /// Its clock minus this machine's (NTP-style, `docs/distributed-load.md`).
    pub clock_offset_ms: f64,
    /// The round trip of the reading: the offset is within half of it.
    pub round_trip_ms: f64,
}

impl GeneratorCheck {
    /// "+0.302 ms ±0.432 ms": its offset, within half the round trip.
    pub fn clock(&self) -> String {
        format!(
            "{} ±{} ms",
            crate::format::signed_ms(self.clock_offset_ms),
            crate::format::ms(Some(self.round_trip_ms / 2.0))
        )
    }

    /// Its tools' version lines, joined with ", ".
    pub fn versions(&self) -> String {
        let lines: Vec<&str> = self.tools.iter().map(|(_, v)| v.as_str()).collect();
        lines.join(", ")
    }
}

/// One generator's part of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartRecord {
    pub generator: String,
    pub host: String,
    /// When its tool started and ended, on this machine's clock (its own corrected
    /// by its offset); `None` when it never started or never said it ended.
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    /// The tool's exit code, as the generator reported it.
    pub exit_code: Option<i32>,
    /// Its result, streamed back, relative to the output folder.
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stderr_file: Option<String>,
    /// `ok`, or `failed` when it dropped out.
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The requests its result holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<u64>,
}

impl Manifest {
    /// Reads the manifest in `dir`, if there is one.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, String> {
        let path = dir.join(FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
        };
        let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "{}: line {}: {e}: expected gatebench's experiment manifest",
                path.display(),
                e.line()
            )
        })?;
        if manifest.gatebench_experiment > VERSION {
            return Err(format!(
                "{}: written by a newer gatebench (manifest version {})",
                path.display(),
                manifest.gatebench_experiment
            ));
        }
        Ok(Some(manifest))
    }

    /// The finished (ok or failed) run of `cell` in `round`, if any.
    pub fn finished(&self, cell: &str, round: u32) -> Option<&RunRecord> {
        self.runs
            .iter()
            .find(|r| r.cell == cell && r.round == round && r.status != Status::Aborted)
    }
}
