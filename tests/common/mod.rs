//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use gatebench::ImportError;
use gatebench::Run;

pub mod http_server;
pub mod load_lock;
pub mod peak;
pub mod postgres;
#[cfg(feature = "gui")]
pub mod window;

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The seed experiment's fifteen wrk outputs (`tests/fixtures/seed/`, from
/// `tests/fixtures/generate-seed.sh`): the sample data before `gatebench run` made it.
pub fn seed_runs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed")
}

pub fn load(rel: &str) -> Vec<Run> {
    let path = fixture(rel);
    gatebench::load_file(&path).unwrap_or_else(|e| panic!("{rel} should load: {e}"))
}

pub fn load_one(rel: &str) -> Run {
    let mut runs = load(rel);
    assert_eq!(runs.len(), 1, "{rel} holds one run");
    runs.remove(0)
}

pub fn load_err(rel: &str) -> ImportError {
    match gatebench::load_file(&fixture(rel)) {
        Ok(runs) => panic!("{rel} should be refused, got {} run(s)", runs.len()),
        Err(e) => e,
    }
}

/// Relative equality for values printed with two decimals and converted.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The percentile keys of `run`, in the order the tool printed them.
pub fn percentile_keys(run: &Run) -> Vec<&str> {
    run.latency
        .percentiles
        .iter()
        .map(|p| p.key.as_str())
        .collect()
}
