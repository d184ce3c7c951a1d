//! What the commands that read result files share: loading the named files and
//! workspaces, and finding the baseline.

use std::path::{Path, PathBuf};

use super::{Failure, ReadArgs};
use crate::analysis::baseline;
use crate::analysis::run_set::RunSet;
use crate::import;
use crate::model::Run;
use crate::workspace::{self, Workspace};

/// The runs of the named paths, and what workspaces among them add.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The runs with their origins (what `gatebench workspace` saves).
    pub set: RunSet,
    /// The label of the baseline a workspace picked (the first that picked one).
    pub baseline: Option<String>,
    /// The first workspace named, for its views, planner and prices.
    pub workspace: Option<Workspace>,
}

/// Every run of `paths` (folders stand for the result files in them; a workspace
/// stands for its runs, with their edits; `-` for standard input), read as `read`
/// says. Every file that fails is named, as is every source a workspace misses;
/// then, or when no file is found, bad input. A source whose content changed since
/// its workspace was saved is a warning on stderr.
pub fn load(paths: &[PathBuf], read: &ReadArgs) -> Result<Loaded, Failure> {
    let options = read.options();
    let mut loaded = Loaded::default();
    let mut failed = Vec::new();
    for file in import::inputs::expand(paths) {
        if file == Path::new("-") {
            let name = read.stdin_label.as_deref().unwrap_or(import::STDIN);
            match import::load_stdin(Path::new(name), &options) {
                // Not kept in a workspace: there is no file to read again.
                Ok(new) => {
                    loaded.set.add(new);
                }
                Err(e) => failed.push(e.to_string()),
            }
            continue;
        }
        if workspace::names_workspace(&file) {
            match workspace::open(&file, &|_| {}) {
                Ok(restored) => add_workspace(&mut loaded, &file, restored, &mut failed),
                Err(e) => failed.push(e.to_string()),
            }
            continue;
        }
        match import::load_file_with(&file, &options, &|_| {}) {
            Ok(new) => {
                loaded.set.add_file(&file, &options, new);
            }
            Err(e) => failed.push(e.to_string()),
        }
    }
    if !failed.is_empty() {
        return Err(Failure::BadInput(failed));
    }
    if loaded.set.is_empty() {
        let experiments = import::inputs::experiment_folders(paths);
        if let Some(first) = experiments.first() {
            let names: Vec<String> = experiments
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            return Err(Failure::bad_input(format!(
                "no result files found in the given paths; they hold the output folders of {} experiments, each its own comparison: {}. Name one of them, such as {}",
                experiments.len(),
                names.join(", "),
                first.display()
            )));
        }
        return Err(Failure::bad_input(
            "no result files found in the given paths",
        ));
    }
    pair_server_logs(&mut loaded.set, read, &options)?;
    loaded.set.set_exclude_warmup(read.exclude_warmup);
    // What reading warned about (a JTL cut short): the runs are read, but not all of
    // the file was.
    let mut warned: Vec<&String> = Vec::new();
    for w in loaded.set.runs().iter().flat_map(|r| &r.warnings) {
        if !warned.contains(&w) {
            eprintln!("warning: {w}");
            warned.push(w);
        }
    }
    Ok(loaded)
}

/// Reads each `--server-log LABEL=FILE` and pairs its runs with the client run
/// labelled LABEL.
fn pair_server_logs(
    set: &mut RunSet,
    read: &ReadArgs,
    options: &import::Options,
) -> Result<(), Failure> {
    let mut failed = Vec::new();
    for (label, file) in &read.server_log {
        let client = set
            .runs()
            .iter()
            .position(|r| r.label == *label && r.server.is_none())
            .map(|i| set.ids()[i]);
        let Some(client) = client else {
            let labels: Vec<&str> = set
                .runs()
                .iter()
                .filter(|r| r.server.is_none())
                .map(|r| r.label.as_str())
                .collect();
            failed.push(format!(
                "--server-log {label}={}: no client run is labelled `{label}`; the labels are: {}",
                file.display(),
                labels.join(", ")
            ));
            continue;
        };
        match import::server_logs::read(file, options) {
            Ok(parts) => {
                for (options, runs) in parts {
                    for server in set.add_file(file, &options, runs) {
                        set.pair(client, server, false);
                    }
                }
            }
            Err(e) => failed.push(format!("--server-log {label}=…: {e}")),
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::BadInput(failed))
    }
}

/// Like [`load`], the runs alone.
pub fn runs_with(paths: &[PathBuf], read: &ReadArgs) -> Result<Vec<Run>, Failure> {
    load(paths, read).map(|l| l.set.into_runs())
}

fn add_workspace(
    loaded: &mut Loaded,
    path: &Path,
    restored: workspace::Restored,
    failed: &mut Vec<String>,
) {
    for problem in &restored.problems {
        if problem.loses_runs() {
            failed.push(format!("{}: {problem}", path.display()));
        } else {
            eprintln!("warning: {}: {problem}", path.display());
        }
    }
    let first = loaded.set.len();
    loaded.set.add_restored(restored.runs, &restored.pairs);
    if loaded.baseline.is_none()
        && let Some(b) = restored.baseline
    {
        loaded.baseline = loaded.set.runs().get(first + b).map(|r| r.label.clone());
    }
    if loaded.workspace.is_none() {
        loaded.workspace = Some(restored.workspace);
    }
}

/// The run `--baseline LABEL` names, or the default baseline when none is given.
pub fn baseline(runs: &[Run], label: Option<&str>) -> Result<Option<usize>, Failure> {
    let Some(label) = label else {
        return Ok(baseline::default_baseline(runs));
    };
    match runs.iter().position(|r| r.label == label) {
        Some(i) => Ok(Some(i)),
        None => {
            let labels: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
            Err(Failure::bad_input(format!(
                "--baseline {label}: no run has that label; the labels are: {}",
                labels.join(", ")
            )))
        }
    }
}
