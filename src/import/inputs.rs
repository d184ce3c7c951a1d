//! Turning the paths a user names into the files to import.

use std::path::{Path, PathBuf};

/// Extensions of files in a folder that are never results (the sample data's
/// README and scripts, for example). Workspaces open only when named.
const NOT_RESULTS: [&str; 10] = [
    "md",
    "sh",
    "py",
    "lua",
    "conf",
    "cfg",
    "toml",
    "yaml",
    "yml",
    "gatebench",
];

/// Each folder becomes the result files directly inside it, sorted by name; files
/// stay as given. The output folder of `gatebench run` becomes its workspace, which
/// knows which files are measured runs (not warm-ups, aborted or failed runs). A
/// folder that cannot be read is kept, so that loading it reports the error.
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if let Some(workspace) = experiment_workspace(path) {
            out.push(workspace);
            continue;
        }
        match std::fs::read_dir(path) {
            Ok(entries) if path.is_dir() => {
                let mut files: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file() && is_result_file(p))
                    .collect();
                files.sort();
                out.extend(files);
            }
            _ => out.push(path.clone()),
        }
    }
    out
}

/// The output folders of `gatebench run` directly inside the folders of `paths`
/// (the sample data's three experiments), sorted by name: what to name instead of
/// a folder that holds no result files of its own.
pub fn experiment_folders(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| std::fs::read_dir(p).ok())
        .flat_map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())))
        .filter(|p| experiment_workspace(p).is_some())
        .collect();
    found.sort();
    found
}

/// The workspace of `gatebench run`'s output folder `dir` (it holds a manifest and
/// `experiment.gatebench`); `None` for any other path.
fn experiment_workspace(dir: &Path) -> Option<PathBuf> {
    // The names `experiment::runner` writes (a layer above this one).
    let workspace = dir.join("experiment.gatebench");
    (dir.join("manifest.json").is_file() && workspace.is_file()).then_some(workspace)
}

fn is_result_file(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    !hidden && !NOT_RESULTS.contains(&ext.as_str())
}

/// The bundled sample data: `sample-data/` next to the current folder, else the one
/// in the source tree this binary was built from.
pub fn sample_data_dir() -> Option<PathBuf> {
    let here = PathBuf::from("sample-data");
    if here.is_dir() {
        return Some(here);
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    built.is_dir().then_some(built)
}

/// The bundled sample history (`sample-data/history/history.db`, made by
/// `sample-data/history/make.sh`), which the History tab opens on a fresh machine.
pub fn sample_history() -> Option<PathBuf> {
    let db = sample_data_dir()?.join("history").join("history.db");
    db.is_file().then_some(db)
}

/// What the window opens first: the workspace of the sample experiment
/// (`sample-data/experiment/experiment.gatebench`, written by `gatebench run
/// sample-data/experiment.toml`), else the sample folder itself.
pub fn sample_results() -> Option<PathBuf> {
    let dir = sample_data_dir()?;
    let workspace = dir.join("experiment").join("experiment.gatebench");
    Some(if workspace.is_file() { workspace } else { dir })
}
