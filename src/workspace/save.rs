//! A workspace from what is loaded, and writing files atomically.

use std::path::{Path, PathBuf};

use super::file::{Made, PairEntry, RunEntry, SourceFile, VERSION, Workspace};
use super::stamp;
use crate::analysis::origin::{Edits, Origin};
use crate::analysis::run_set::RunSet;
use crate::capacity::cost::Prices;
use crate::capacity::form::PlannerForm;
use crate::charts::view::ChartViews;
use crate::error::{ImportError, folder_of};
use crate::import;

/// What goes into a workspace.
pub struct Parts<'a> {
    pub runs: &'a RunSet,
    pub views: &'a ChartViews,
    pub planner: &'a PlannerForm,
    pub prices: &'a Prices,
    /// The window's own state, kept unread.
    pub window: serde_json::Value,
}

/// The workspace to be saved at `at`, and the labels of runs it cannot keep (runs
/// made by a caller that gave no origin). Reads every source file not stamped yet.
pub fn capture(parts: Parts<'_>, at: &Path) -> Result<(Workspace, Vec<String>), ImportError> {
    let folder = absolute(folder_of(at));
    let outline = outline(parts.runs);
    let mut files = Vec::new();
    for (path, options) in &outline.sources {
        let stamp = stamp::of(path).map_err(|e| ImportError::io(path, e))?;
        files.push(SourceFile {
            path: relative(&absolute(path), &folder),
            bytes: stamp.bytes,
            sha256: stamp.sha256,
            format: options.format.map(|f| f.id().to_owned()),
            general_reader: options.general_reader_only,
            options: options
                .settings
                .iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        });
    }
    let workspace = Workspace {
        gatebench_workspace: VERSION,
        saved_by: format!("gatebench {}", env!("CARGO_PKG_VERSION")),
        sources: files,
        runs: outline.runs,
        baseline: outline.baseline,
        pairs: outline.pairs,
        views: parts.views.kept(),
        planner: parts.planner.clone(),
        prices: parts.prices.clone(),
        window: parts.window,
    };
    Ok((workspace, outline.dropped))
}

/// The runs as entries, the files they need (absolute, with their read options) and
/// the baseline's entry.
struct Outline {
    sources: Vec<(PathBuf, import::Options)>,
    runs: Vec<RunEntry>,
    baseline: Option<usize>,
    pairs: Vec<PairEntry>,
    /// Labels of runs a workspace cannot make again.
    dropped: Vec<String>,
}

fn outline(set: &RunSet) -> Outline {
    let mut sources = Vec::new();
    let mut runs = Vec::new();
    let mut kept_index = Vec::new();
    let mut dropped = Vec::new();
    for (run, origin) in set.runs().iter().zip(set.origins()) {
        match entry(origin, &Edits::of(run), &mut sources) {
            Some(e) => {
                kept_index.push(Some(runs.len()));
                runs.push(e);
            }
            None => {
                kept_index.push(None);
                dropped.push(run.label.clone());
            }
        }
    }
    let baseline = set
        .baseline()
        .filter(|_| set.is_pinned())
        .and_then(|b| kept_index.get(b).copied().flatten());
    let kept = |id| set.index_of(id).and_then(|i| kept_index[i]);
    let pairs = set
        .pairs()
        .iter()
        .filter_map(|p| {
            Some(PairEntry {
                client: kept(p.client)?,
                server: kept(p.server)?,
                guessed: p.guessed,
            })
        })
        .collect();
    Outline {
        sources,
        runs,
        baseline,
        pairs,
        dropped,
    }
}

/// The entry that makes a run of `origin` with `edits`, adding its files to
/// `sources`; `None` for an unknown origin.
fn entry(
    origin: &Origin,
    edits: &Edits,
    sources: &mut Vec<(PathBuf, import::Options)>,
) -> Option<RunEntry> {
    let made = match origin {
        Origin::File {
            path,
            index,
            options,
        } => {
            let key = (absolute(path), options.clone());
            let source = match sources.iter().position(|s| *s == key) {
                Some(i) => i,
                None => {
                    sources.push(key);
                    sources.len() - 1
                }
            };
            Made::File {
                source,
                run: *index,
            }
        }
        Origin::PowerTuningUrl { url, index } => Made::PowerTuningUrl {
            url: url.clone(),
            run: *index,
        },
        Origin::Merged(parts) => Made::Merged(
            parts
                .iter()
                .map(|(o, e)| entry(o, e, sources))
                .collect::<Option<Vec<_>>>()?,
        ),
        Origin::Unknown => return None,
    };
    Some(RunEntry {
        made,
        label: edits.label.clone(),
        integration: edits.integration.clone(),
        memory_mb: edits.memory_mb,
        inferred_from: edits.inferred_from,
        group: edits.group.clone(),
        sweep: edits.sweep.clone(),
        window: edits.window,
        wall_clock: edits.wall_clock,
    })
}

/// `path` made absolute, through symbolic links where it exists.
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// `path` relative to `folder`, with `/`; absolute when there is no relative path.
fn relative(path: &Path, folder: &Path) -> String {
    match pathdiff::diff_paths(path, folder) {
        Some(rel) if !rel.is_absolute() => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        _ => path.to_string_lossy().into_owned(),
    }
}

/// The workspace as the text written to disk: pretty JSON and a final newline.
pub fn to_text(workspace: &Workspace) -> String {
    let mut text = serde_json::to_string_pretty(workspace).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_workspace_folder() {
        let f = Path::new("/a/b");
        assert_eq!(relative(Path::new("/a/b/c.txt"), f), "c.txt");
        assert_eq!(relative(Path::new("/a/d/c.txt"), f), "../d/c.txt");
        assert_eq!(relative(Path::new("/a/b/x/y.jtl"), f), "x/y.jtl");
    }
}
