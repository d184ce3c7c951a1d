//! `gatebench plot`: every chart as a PNG of the requested size, not blank. Needs a
//! renderer (Mesa's software Vulkan in CI); without one the test says so loudly, and
//! fails when CI=true.

use crate::common;

use std::process::Command;

#[cfg(feature = "gui")]
fn renderer_missing(stderr: &str) -> bool {
    stderr.contains("no renderer is available")
}

#[cfg(feature = "gui")]
#[test]
fn plot_writes_every_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args([
            "plot",
            "--out",
            dir.path().to_str().unwrap(),
            "--width",
            "800",
            "--height",
            "500",
            "--scale",
            "2",
        ])
        .arg(common::seed_runs())
        .arg(common::fixture("jmeter/html-report-testfile.jtl"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if renderer_missing(&stderr) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must have a renderer: {stderr}"
        );
        eprintln!("\n*** SKIPPED: no renderer on this machine ({stderr}) ***\n");
        return;
    }
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    for name in [
        "throughput",
        "latency",
        "latency-box",
        "spectrum",
        "tiers",
        "timeseries",
    ] {
        let path = dir.path().join(format!("{name}.png"));
        let image = image::open(&path)
            .unwrap_or_else(|e| panic!("{name}.png: {e}"))
            .to_rgba8();
        assert_eq!(image.dimensions(), (800, 500), "{name}.png");
        // Not blank: many distinct colours (text, bars, grid), not a flat fill.
        let mut colours: Vec<[u8; 4]> = image.pixels().map(|p| p.0).collect();
        colours.sort_unstable();
        colours.dedup();
        assert!(
            colours.len() > 20,
            "{name}.png has {} colours",
            colours.len()
        );
    }
}

#[cfg(feature = "gui")]
#[test]
fn plot_refuses_bad_sizes_and_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gatebench"))
            .arg("plot")
            .arg("--out")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let sample = common::seed_runs();
    let out = run(&["--width", "0", sample.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let bad = common::fixture("malformed/binary.bin");
    let out = run(&[bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary.bin: line"));
}

/// `--log-latency` draws the spectrum on a log latency axis: another picture.
#[cfg(feature = "gui")]
#[test]
fn plot_log_latency_changes_the_spectrum() {
    let plot = |extra: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_gatebench"))
            .args([
                "plot", "--chart", "spectrum", "--width", "600", "--height", "400",
            ])
            .arg("--out")
            .arg(dir.path())
            .args(extra)
            .arg(common::seed_runs())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if renderer_missing(&stderr) {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI must have a renderer: {stderr}"
            );
            return None;
        }
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        Some(std::fs::read(dir.path().join("spectrum.png")).unwrap())
    };
    let (Some(linear), Some(log)) = (plot(&[]), plot(&["--log-latency"])) else {
        eprintln!("\n*** SKIPPED: no renderer on this machine ***\n");
        return;
    };
    assert_ne!(linear, log);
}

/// Built without the window (`--no-default-features`), `plot` and the window say
/// plainly what they need, with exit 2, and print nothing to stdout.
#[cfg(not(feature = "gui"))]
#[test]
fn without_the_gui_feature_plot_and_open_say_what_they_need() {
    for args in [
        vec!["plot", "--out", "x", common::seed_runs().to_str().unwrap()],
        vec!["open"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_gatebench"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("needs the `gui` feature"), "{stderr}");
    }
}

/// `plot --chart history --history DB`: the History tab's chart of each series, no
/// result file needed; without a database, exit 2.
#[cfg(feature = "gui")]
#[test]
fn plot_draws_the_history_of_each_series() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("h.csv");
    let mut text = String::from("time,series,commit,latency_p99_ms\n");
    for i in 0..20 {
        for series in ["api", "web/front"] {
            let v = if i < 10 { 20.0 } else { 24.0 } + [0.0, 0.2, -0.1, 0.1][i % 4];
            text += &format!("2026-06-01T{i:02}:00:00Z,{series},c{i},{v}\n");
        }
    }
    std::fs::write(&csv, text).unwrap();
    let db = dir.path().join("h.db");
    let gatebench = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gatebench"))
            .args(args)
            .env_remove("GATEBENCH_HISTORY")
            .output()
            .unwrap()
    };
    let o = gatebench(&[
        "history",
        "import",
        "--db",
        db.to_str().unwrap(),
        csv.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = dir.path().join("png");
    let o = gatebench(&[
        "plot",
        "--out",
        out.to_str().unwrap(),
        "--chart",
        "history",
        "--history",
        db.to_str().unwrap(),
        "--width",
        "800",
        "--height",
        "500",
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    if renderer_missing(&stderr) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must have a renderer: {stderr}"
        );
        eprintln!("\n*** SKIPPED: no renderer on this machine ({stderr}) ***\n");
        return;
    }
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    for name in ["history-api.png", "history-web_front.png"] {
        let image = image::open(out.join(name)).unwrap().to_rgba8();
        assert_eq!(image.dimensions(), (800, 500), "{name}");
    }
    let none = gatebench(&["plot", "--out", out.to_str().unwrap(), "--chart", "history"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("--chart history needs --history DB"));
}
