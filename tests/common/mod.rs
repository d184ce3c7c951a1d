//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use gatebench::ImportError;
use gatebench::Run;

pub mod http_server;
pub mod load_lock;
pub mod peak;
pub mod postgres;
pub mod sshd;
#[cfg(feature = "gui")]
pub mod window;

/// `gatebench ARGS`, run to its end.
pub fn gatebench(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// `gatebench run PATH --out OUT EXTRA...`, run to its end.
pub fn run_experiment(path: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "run",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    gatebench(&args)
}

/// The `manifest.json` of an experiment's output folder.
pub fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap()
}

/// Whether `program` is on the PATH (`command -v`).
pub fn on_path(program: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A TCP port free on 127.0.0.1 just now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// What a process wrote, as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

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
