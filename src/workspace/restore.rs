//! The runs of a workspace, made again from its sources: each source is found
//! relative to the workspace (so that a folder moved as a whole still opens), read
//! as it was, checked against its size and hash, and every run is rebuilt with its
//! edits. What cannot be restored is named; the rest is restored.

use std::fmt;
use std::path::{Path, PathBuf};

use super::file::{Made, RunEntry, Workspace};
use super::stamp;
use crate::analysis::merge;
use crate::analysis::origin::{Edits, Origin};
use crate::error::ImportError;
use crate::import::{self, Format, power_tuning};
use crate::model::Run;

/// What a workspace gave back.
#[derive(Debug)]
pub struct Restored {
    /// The runs made again, in the table's order, with their origins.
    pub runs: Vec<(Run, Origin)>,
    /// The index in `runs` of the baseline the user picked, if restored.
    pub baseline: Option<usize>,
    /// What could not be restored, or was restored with a doubt.
    pub problems: Vec<Problem>,
    /// For each of `runs`, its entry in `workspace.runs`.
    pub entries: Vec<usize>,
    /// The server logs paired with client runs, as indices into `runs`, and
    /// whether guessed.
    pub pairs: Vec<(usize, usize, bool)>,
    /// The entries of `workspace.runs` not restored (their source is missing or
    /// unreadable), for a second try once the user points to the file.
    pub skipped: Vec<usize>,
    pub workspace: Workspace,
}

/// Something about a source of a workspace.
#[derive(Debug)]
pub enum Problem {
    /// The file is not where the workspace says; `runs` runs need it.
    Missing {
        source: usize,
        path: PathBuf,
        runs: usize,
    },
    /// The file is there but not as saved: its runs are restored from what it holds now.
    Changed {
        source: usize,
        path: PathBuf,
        what: String,
    },
    /// The file could not be read, or holds fewer runs than the workspace names.
    Unreadable { source: usize, error: ImportError },
    /// A run could not be made again (a merge that no longer merges, a URL that no
    /// longer decodes).
    Run { label: String, why: String },
}

impl Problem {
    /// The source this problem is about.
    pub fn source(&self) -> Option<usize> {
        match self {
            Problem::Missing { source, .. }
            | Problem::Changed { source, .. }
            | Problem::Unreadable { source, .. } => Some(*source),
            Problem::Run { .. } => None,
        }
    }

    /// Whether the runs that need this source are lost (else restored with a doubt).
    pub fn loses_runs(&self) -> bool {
        !matches!(self, Problem::Changed { .. })
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing { path, runs, .. } => write!(
                f,
                "{}: missing; the workspace expected {runs} run(s) from this file \
                 (moved or deleted?)",
                path.display()
            ),
            Problem::Changed { path, what, .. } => write!(
                f,
                "{}: changed since the workspace was saved ({what}); its runs show what \
                 it holds now",
                path.display()
            ),
            Problem::Unreadable { error, .. } => write!(f, "{error}"),
            Problem::Run { label, why } => write!(f, "run \"{label}\": {why}"),
        }
    }
}

/// Restores `workspace`, read from `at`. `located` overrides where sources are
/// looked for (by source index): the user's answer to a missing file. `progress`
/// gets the fraction of the sources read.
pub fn restore(
    workspace: Workspace,
    at: &Path,
    located: &[(usize, PathBuf)],
    progress: &dyn Fn(f32),
) -> Restored {
    let folder = at.parent().unwrap_or(Path::new("."));
    let source_paths: Vec<PathBuf> = workspace
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| match located.iter().find(|(j, _)| *j == i) {
            Some((_, p)) => p.clone(),
            None => folder.join(&s.path),
        })
        .collect();
    let mut problems = Vec::new();
    let count = workspace.sources.len().max(1) as f32;
    let mut loaded: Vec<Option<Vec<Run>>> = Vec::new();
    for (i, (source, path)) in workspace.sources.iter().zip(&source_paths).enumerate() {
        let needed = workspace.runs.iter().filter(|e| needs(e, i)).count();
        if !path.is_file() {
            problems.push(Problem::Missing {
                source: i,
                path: path.clone(),
                runs: needed,
            });
            loaded.push(None);
            continue;
        }
        match stamp::of(path) {
            Ok(now) if now.sha256 != source.sha256 => problems.push(Problem::Changed {
                source: i,
                path: path.clone(),
                what: if now.bytes != source.bytes {
                    format!("{} bytes, saved with {}", now.bytes, source.bytes)
                } else {
                    "same size, other content".into()
                },
            }),
            Ok(_) => {}
            Err(e) => {
                problems.push(Problem::Unreadable {
                    source: i,
                    error: ImportError::io(path, e),
                });
                loaded.push(None);
                continue;
            }
        }
        let base = i as f32 / count;
        let report = |f: f32| progress(base + f / count);
        match import::load_file_with(path, &options_of(source), &report) {
            Ok(runs) => loaded.push(Some(runs)),
            Err(error) => {
                problems.push(Problem::Unreadable { source: i, error });
                loaded.push(None);
            }
        }
    }
    let maker = Maker {
        loaded: &loaded,
        paths: &source_paths,
        workspace: &workspace,
    };
    let mut runs = Vec::new();
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    let mut baseline = None;
    for (i, entry) in workspace.runs.iter().enumerate() {
        match maker.make(entry) {
            Ok(made) => {
                if workspace.baseline == Some(i) {
                    baseline = Some(runs.len());
                }
                runs.push(made);
                entries.push(i);
            }
            // Named once, with its file.
            Err(Lost::Source) => skipped.push(i),
            Err(Lost::Run(why)) => {
                skipped.push(i);
                problems.push(Problem::Run {
                    label: entry.label.clone(),
                    why,
                });
            }
        }
    }
    progress(1.0);
    let made = |e: usize| entries.iter().position(|&x| x == e);
    let pairs = workspace
        .pairs
        .iter()
        .filter_map(|p| Some((made(p.client)?, made(p.server)?, p.guessed)))
        .collect();
    Restored {
        runs,
        baseline,
        problems,
        entries,
        pairs,
        skipped,
        workspace,
    }
}

/// The read options a source was saved with.
fn options_of(source: &super::SourceFile) -> import::Options {
    import::Options {
        format: source.format.as_deref().and_then(Format::by_id),
        // Checked when the workspace was read.
        settings: super::file::settings_of(source).unwrap_or_default(),
        general_reader_only: source.general_reader,
        // Each run's entry keeps its integration type and tier, guessed or not.
        no_infer: false,
    }
}

/// Whether `entry` needs source `source`.
fn needs(entry: &RunEntry, source: usize) -> bool {
    match &entry.made {
        Made::File { source: s, .. } => *s == source,
        Made::Merged(parts) => parts.iter().any(|p| needs(p, source)),
        Made::PowerTuningUrl { .. } => false,
    }
}

/// Why a run was not made.
enum Lost {
    /// Its source is missing or unreadable (already named).
    Source,
    Run(String),
}

/// Makes runs from the loaded sources.
struct Maker<'a> {
    loaded: &'a [Option<Vec<Run>>],
    paths: &'a [PathBuf],
    workspace: &'a Workspace,
}

impl Maker<'_> {
    fn make(&self, entry: &RunEntry) -> Result<(Run, Origin), Lost> {
        let (mut run, origin) = match &entry.made {
            Made::File { source, run } => {
                let Some(runs) = &self.loaded[*source] else {
                    return Err(Lost::Source);
                };
                let Some(found) = runs.get(*run) else {
                    return Err(Lost::Run(format!(
                        "{} now holds {} run(s); the workspace expected run {} of it",
                        self.paths[*source].display(),
                        runs.len(),
                        run + 1
                    )));
                };
                let origin = Origin::File {
                    path: self.paths[*source].clone(),
                    index: *run,
                    options: options_of(&self.workspace.sources[*source]),
                };
                (found.clone(), origin)
            }
            Made::PowerTuningUrl { url, run } => {
                let runs = power_tuning::runs_of_url(url)
                    .map_err(|e| Lost::Run(format!("its Power Tuning URL: {e}")))?;
                let found = runs.get(*run).cloned().ok_or_else(|| {
                    Lost::Run(format!("its Power Tuning URL has no size {}", run + 1))
                })?;
                let origin = Origin::PowerTuningUrl {
                    url: url.clone(),
                    index: *run,
                };
                (found, origin)
            }
            Made::Merged(parts) => {
                let made = parts
                    .iter()
                    .map(|p| self.make(p))
                    .collect::<Result<Vec<_>, _>>()?;
                let runs: Vec<Run> = made.iter().map(|(r, _)| r.clone()).collect();
                let merged = merge::merge(&runs).map_err(|e| Lost::Run(format!("merge: {e}")))?;
                let origin = Origin::Merged(
                    made.into_iter()
                        .map(|(r, o)| {
                            let edits = Edits::of(&r);
                            (o, edits)
                        })
                        .collect(),
                );
                (merged, origin)
            }
        };
        edits_of(entry).apply(&mut run);
        Ok((run, origin))
    }
}

fn edits_of(entry: &RunEntry) -> Edits {
    Edits {
        label: entry.label.clone(),
        integration: entry.integration.clone(),
        memory_mb: entry.memory_mb,
        inferred_from: entry.inferred_from,
        group: entry.group.clone(),
        sweep: entry.sweep.clone(),
        window: entry.window,
        wall_clock: entry.wall_clock,
    }
}
