//! What the commands that read result files share: loading the named files and
//! finding the baseline.

use std::path::PathBuf;

use super::Failure;
use crate::analysis::{baseline, run_set};
use crate::import;
use crate::model::Run;

/// Every run of `paths` (folders stand for the files in them), read as `options`
/// say. Every file that fails is named; then, or when no file is found, bad input.
pub fn runs_with(paths: &[PathBuf], options: import::Options) -> Result<Vec<Run>, Failure> {
    let mut runs = Vec::new();
    let mut failed = Vec::new();
    for file in import::inputs::expand(paths) {
        match import::load_file_with(&file, options, &|_| {}) {
            Ok(new) => run_set::append_unique(&mut runs, new),
            Err(e) => failed.push(e.to_string()),
        }
    }
    if !failed.is_empty() {
        return Err(Failure::BadInput(failed));
    }
    if runs.is_empty() {
        return Err(Failure::bad_input(
            "no result files found in the given paths",
        ));
    }
    Ok(runs)
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
