//! What `summarize` and `plot` share: loading the named files and finding the
//! baseline. Problems go to `err`; `Err` carries the exit code.

use std::io::Write;
use std::path::PathBuf;

use crate::analysis::{baseline, run_set};
use crate::import;
use crate::model::Run;

/// Every run of `paths` (folders stand for the files in them), read as `format` when
/// given. Each file that fails is reported; then, or when no file is found, exit 2.
pub fn runs(
    paths: &[PathBuf],
    format: Option<import::Format>,
    err: &mut impl Write,
) -> Result<Vec<Run>, u8> {
    let mut runs = Vec::new();
    let mut failed = false;
    for file in import::inputs::expand(paths) {
        match import::load_file_as(&file, format, &|_| {}) {
            Ok(new) => run_set::append_unique(&mut runs, new),
            Err(e) => {
                failed = true;
                let _ = writeln!(err, "error: {e}");
            }
        }
    }
    if failed {
        return Err(super::EXIT_BAD_INPUT);
    }
    if runs.is_empty() {
        let _ = writeln!(err, "error: no result files found in the given paths");
        return Err(super::EXIT_BAD_INPUT);
    }
    Ok(runs)
}

/// The run `--baseline LABEL` names, or the default baseline when none is given.
pub fn baseline(
    runs: &[Run],
    label: Option<&str>,
    err: &mut impl Write,
) -> Result<Option<usize>, u8> {
    let Some(label) = label else {
        return Ok(baseline::default_baseline(runs));
    };
    match runs.iter().position(|r| r.label == label) {
        Some(i) => Ok(Some(i)),
        None => {
            let labels: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
            let _ = writeln!(
                err,
                "error: --baseline {label}: no run has that label; the labels are: {}",
                labels.join(", ")
            );
            Err(super::EXIT_BAD_INPUT)
        }
    }
}
