//! The output folder's names: each run's files (`x.round1.csv`, a generator's
//! `x.round1.NAME.csv`, a stopped run's `x.round1.aborted.csv`), paths as the
//! manifest writes them, and the end of what a tool said on stderr.

use std::path::{Path, PathBuf};

/// The workspace's file name in the output folder.
pub const WORKSPACE: &str = "experiment.gatebench";

/// `x.round1` or, for a warm-up, `x.round1.warmup`: a run's file name without its
/// extension.
pub fn stem(cell_file_part: &str, round: u32, warmup: bool) -> String {
    let stem = format!("{cell_file_part}.round{round}");
    if warmup { stem + ".warmup" } else { stem }
}

/// Where a generator's result and standard error go.
#[derive(Debug, Clone)]
pub struct PartFiles {
    pub result: PathBuf,
    pub stderr: PathBuf,
}

impl PartFiles {
    /// `x.round1.csv` and `x.round1.stderr.txt`: this machine's, alone.
    pub fn alone(out: &Path, stem: &str, extension: &str) -> PartFiles {
        PartFiles {
            result: out.join(format!("{stem}.{extension}")),
            stderr: out.join(format!("{stem}.stderr.txt")),
        }
    }

    /// `x.round1.NAME.csv` and `x.round1.NAME.stderr.txt`: generator `name`'s.
    pub fn of_generator(out: &Path, stem: &str, name: &str, extension: &str) -> PartFiles {
        PartFiles::alone(out, &format!("{stem}.{name}"), extension)
    }
}

/// How the manifest names the files of every generator: `x.round1.<generator>.csv`.
pub fn generators_pattern(stem: &str, extension: &str) -> String {
    format!("{stem}.<generator>.{extension}")
}

/// Removes `path` when the tool wrote nothing to it: most runs say nothing on
/// stderr, and a folder of empty files hides the ones that matter.
pub fn remove_if_empty(path: &Path) {
    if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        let _ = std::fs::remove_file(path);
    }
}

/// `x.round1.csv` → `x.round1.aborted.csv`.
pub fn aborted_name(path: &Path) -> PathBuf {
    match path.extension() {
        Some(ext) => path.with_extension(format!("aborted.{}", ext.to_string_lossy())),
        None => path.with_extension("aborted"),
    }
}

/// Renames a stopped run's result to its aborted name (kept, never read); the
/// path it has now.
pub fn set_aside(path: &Path) -> PathBuf {
    let aborted = aborted_name(path);
    if std::fs::rename(path, &aborted).is_ok() {
        aborted
    } else {
        path.to_owned()
    }
}

/// `path` relative to `base`, with `/`.
pub fn relative(path: &Path, base: &Path) -> String {
    pathdiff::diff_paths(path, base)
        .unwrap_or_else(|| path.to_owned())
        .to_string_lossy()
        .replace('\\', "/")
}

/// The last lines of a tool's standard error, for its failure.
pub fn tail_of(path: &Path) -> String {
    let tail = last_lines(&std::fs::read_to_string(path).unwrap_or_default(), 3);
    if tail.is_empty() {
        "nothing on stderr".to_owned()
    } else {
        tail
    }
}

/// The last `n` non-empty lines of `text`, trimmed and joined with ` | `.
pub fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines[lines.len().saturating_sub(n)..].join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_a_run_on_one_machine_wrote_them() {
        let out = Path::new("/o");
        let f = PartFiles::alone(out, &stem("direct", 1, false), "csv");
        assert_eq!(f.result, Path::new("/o/direct.round1.csv"));
        assert_eq!(f.stderr, Path::new("/o/direct.round1.stderr.txt"));
        let g = PartFiles::of_generator(out, &stem("direct", 2, true), "gen-a", "txt");
        assert_eq!(g.result, Path::new("/o/direct.round2.warmup.gen-a.txt"));
        assert_eq!(
            aborted_name(Path::new("x.round1.csv")),
            Path::new("x.round1.aborted.csv")
        );
        assert_eq!(last_lines("a\n\n b \nc\n", 2), "b | c");
    }
}
