//! `gatebench plot`: every chart as a PNG of the requested size, not blank, or as an
//! SVG that parses; drawn on the CPU, so in both builds and with no GPU.

use crate::common;

use std::process::Command;

/// The pixels of a PNG file: its size and how many distinct colours it has.
pub fn png_facts(path: &std::path::Path) -> ((u32, u32), usize) {
    let pixmap = tiny_skia::Pixmap::load_png(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut colours: Vec<&[u8]> = pixmap.data().chunks(4).collect();
    colours.sort_unstable();
    colours.dedup();
    ((pixmap.width(), pixmap.height()), colours.len())
}

fn gatebench(args: &[&str], extra: &[std::path::PathBuf]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args(args)
        .args(extra)
        .env_remove("GATEBENCH_HISTORY")
        .output()
        .unwrap()
}

const RUN_CHARTS: [&str; 6] = [
    "throughput",
    "latency",
    "latency-box",
    "spectrum",
    "tiers",
    "timeseries",
];

#[test]
fn plot_writes_every_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = gatebench(
        &[
            "plot",
            "--out",
            dir.path().to_str().unwrap(),
            "--width",
            "800",
            "--height",
            "500",
            "--scale",
            "2",
        ],
        &[
            common::seed_runs(),
            common::fixture("jmeter/html-report-testfile.jtl"),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    for name in RUN_CHARTS {
        let (size, colours) = png_facts(&dir.path().join(format!("{name}.png")));
        assert_eq!(size, (800, 500), "{name}.png");
        // Not blank: many distinct colours (text, bars, grid), not a flat fill.
        assert!(colours > 20, "{name}.png has {colours} colours");
    }
}

#[test]
fn plot_writes_svg_files_that_parse() {
    let dir = tempfile::tempdir().unwrap();
    let out = gatebench(
        &[
            "plot",
            "--format",
            "svg",
            "--out",
            dir.path().to_str().unwrap(),
            "--width",
            "800",
            "--height",
            "500",
            "--scale",
            "2",
        ],
        &[
            common::seed_runs(),
            common::fixture("jmeter/html-report-testfile.jtl"),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    for name in RUN_CHARTS {
        let path = dir.path().join(format!("{name}.svg"));
        assert!(printed.contains(&*path.to_string_lossy()), "{printed}");
        let svg = std::fs::read_to_string(&path).unwrap();
        // 800 x 500 pixels at scale 2: 400 x 250 units.
        assert!(svg.starts_with("<svg "), "{name}");
        assert!(svg.contains("viewBox=\"0 0 400 250\""), "{name}");
        let tree = gatebench::parse_svg(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((tree.size().width(), tree.size().height()), (400.0, 250.0));
        assert!(!dir.path().join(format!("{name}.png")).exists());
    }
}

#[test]
fn plot_refuses_bad_sizes_and_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().to_str().unwrap();
    let out = gatebench(
        &["plot", "--out", out_dir, "--width", "0"],
        &[common::seed_runs()],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = gatebench(
        &["plot", "--out", out_dir],
        &[common::fixture("malformed/binary.bin")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary.bin: line"));
    let out = gatebench(
        &["plot", "--out", out_dir, "--format", "gif"],
        &[common::seed_runs()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("png, svg"));
}

/// `--log-latency` draws the spectrum on a log latency axis: another picture.
#[test]
fn plot_log_latency_changes_the_spectrum() {
    let plot = |extra: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec!["plot", "--chart", "spectrum", "--format", "svg", "--out"];
        args.push(dir.path().to_str().unwrap());
        args.extend(extra);
        let out = gatebench(&args, &[common::seed_runs()]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(dir.path().join("spectrum.svg")).unwrap()
    };
    let (linear, log) = (plot(&[]), plot(&["--log-latency"]));
    assert!(!linear.contains("(log scale)"));
    assert!(log.contains("latency (ms) (log scale)"), "{log}");
}

/// Built without the window (`--no-default-features`), the window says plainly what
/// it needs, with exit 2, and prints nothing to stdout; `plot` draws.
#[cfg(not(feature = "gui"))]
#[test]
fn without_the_gui_feature_open_says_what_it_needs() {
    let out = gatebench(&["open"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("needs the `gui` feature"), "{stderr}");
}

/// `plot --chart history --history DB`: the History tab's chart of each series, no
/// result file needed; without a database, exit 2.
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
    let o = gatebench(
        &[
            "history",
            "import",
            "--db",
            db.to_str().unwrap(),
            csv.to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = dir.path().join("png");
    let o = gatebench(
        &[
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
        ],
        &[],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for name in ["history-api.png", "history-web_front.png"] {
        let (size, colours) = png_facts(&out.join(name));
        assert_eq!(size, (800, 500), "{name}");
        assert!(colours > 20, "{name}");
    }
    let none = gatebench(
        &["plot", "--out", out.to_str().unwrap(), "--chart", "history"],
        &[],
    );
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("--chart history needs --history DB"));
}
