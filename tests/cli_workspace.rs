//! `gatebench workspace` and `gatebench report`, and every command reading a
//! workspace, end to end.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

fn gatebench(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .current_dir(dir)
        .env("XDG_RUNTIME_DIR", std::env::temp_dir())
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A folder with a copy of the seed runs (tests/fixtures/seed), as `data/`.
fn with_seed_runs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    for f in gatebench::expand_inputs(&[common::seed_runs()]) {
        std::fs::copy(&f, data.join(f.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn a_workspace_written_from_files_reads_like_the_files() {
    let dir = with_seed_runs();
    let out = gatebench(
        dir.path(),
        &[
            "workspace",
            "data",
            "--out",
            "w.gatebench",
            "--baseline",
            "apigw-http-proxy.run2",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "w.gatebench: 15 run(s) from 15 file(s)\n"
    );
    let ws: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("w.gatebench")).unwrap()).unwrap();
    assert_eq!(ws["gatebench_workspace"], 1);
    assert_eq!(ws["sources"][0]["path"], "data/apigw-http-proxy.run1.txt");
    assert_eq!(ws["baseline"], 1);

    // The workspace's baseline, as if named.
    let from_ws = gatebench(dir.path(), &["summarize", "w.gatebench"]);
    let from_files = gatebench(
        dir.path(),
        &["summarize", "data", "--baseline", "apigw-http-proxy.run2"],
    );
    assert_eq!(from_ws.status.code(), Some(0), "{}", text(&from_ws.stderr));
    assert_eq!(text(&from_ws.stdout), text(&from_files.stdout));
    assert!(text(&from_ws.stdout).contains("baseline: apigw-http-proxy.run2"));
    for args in [
        &["summarize", "--format", "json", "w.gatebench"][..],
        &[
            "compare",
            "--baseline",
            "w.gatebench",
            "--candidate",
            "data/elb-direct.run1.txt",
        ],
        &["advise", "w.gatebench"],
    ] {
        let out = gatebench(dir.path(), args);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }

    // A missing source is bad input that names it; a changed one a warning.
    std::fs::remove_file(dir.path().join("data/elb-direct.run2.txt")).unwrap();
    std::fs::write(dir.path().join("data/elb-direct.run3.txt"), "changed").unwrap();
    let out = gatebench(dir.path(), &["summarize", "w.gatebench"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("data/elb-direct.run2.txt: missing"), "{err}");
    assert!(err.contains("elb-direct.run3.txt"), "{err}");
}

#[test]
fn a_bad_workspace_is_bad_input_that_says_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("w.gatebench"),
        "{\"gatebench_workspace\": 1, \"runs\": [",
    )
    .unwrap();
    let out = gatebench(dir.path(), &["summarize", "w.gatebench"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("w.gatebench: line 1: the JSON ends early"),
        "{}",
        text(&out.stderr)
    );
}

/// The `src` and `href` values of `html`.
fn references(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for attr in ["src=\"", "href=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            out.push(&rest[..rest.find('"').unwrap()]);
        }
    }
    out
}

#[test]
fn the_report_is_one_self_contained_html_file() {
    let dir = with_seed_runs();
    let out = gatebench(dir.path(), &["workspace", "data", "--out", "w.gatebench"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = gatebench(
        dir.path(),
        &[
            "report",
            "w.gatebench",
            "--out",
            "report.html",
            "--title",
            "Front doors",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("<title>Front doors</title>"));
    for f in gatebench::expand_inputs(&[common::seed_runs()]) {
        let label = f.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            html.contains(&format!(">{label}<")) || html.contains(&format!("↳ {label}<")),
            "{label}"
        );
        assert!(html.contains(&f.file_name().unwrap().to_string_lossy().into_owned()));
    }
    for part in [
        "throughput, p99 2.2x (",
        "n = 3 vs 3: lower throughput, slower p99",
        "Comparisons with the baseline",
        "Capacity plan",
        "Cost per million requests",
        "wrk: completed responses",
        "SHA-256",
    ] {
        assert!(html.contains(part), "{part}");
    }
    assert!(
        !html.contains("regressed") && !html.contains("differ in target"),
        "alternatives are not regressions"
    );
    let refs = references(&html);
    assert_eq!(refs.len(), 1, "the icon alone is an image: {refs:?}");
    assert!(refs[0].starts_with("data:image/png;base64,"));
    for external in ["<script src", "<link", "url(http", "@import", "href=\"http"] {
        assert!(!html.contains(external), "{external}");
    }
    // One inline script: the legends' toggles.
    assert_eq!(html.matches("<script>").count(), 1);
    // Every chart that has data for summaries, as inline SVG, in both builds:
    // throughput, latency, box plot, spectrum, memory tiers; and the planner's.
    let svgs: Vec<&str> = html
        .split("<svg ")
        .skip(1)
        .map(|rest| &rest[..rest.find("</svg>").expect("a closed svg")])
        .collect();
    assert_eq!(svgs.len(), 6, "five charts of runs and the planner's");
    let capacity = &html[html.find("<h2>Capacity plan</h2>").unwrap()..];
    assert!(
        capacity.contains("<svg "),
        "the ENI chart in the capacity plan"
    );
    for svg in &svgs {
        let whole = format!("<svg {svg}</svg>");
        gatebench::parse_svg(&whole).unwrap_or_else(|e| panic!("{e}: {whole}"));
    }
    // The throughput chart's bars carry their exact values for hover.
    assert!(svgs[0].contains("<title>apigw-http-proxy\n"), "{}", svgs[0]);
    assert!(svgs[0].contains(" req/s ("), "{}", svgs[0]);
}

#[test]
fn the_markdown_report_has_its_charts_beside_it() {
    let dir = with_seed_runs();
    let out = gatebench(
        dir.path(),
        &[
            "report",
            "data",
            "--out",
            "summary.md",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = std::fs::read_to_string(dir.path().join("summary.md")).unwrap();
    assert!(md.starts_with("# gatebench report\n"));
    assert!(md.contains("| apigw-http-proxy (n = 3) | wrk |"));
    assert!(md.contains("![Throughput](summary-throughput.svg)"), "{md}");
    let svg = std::fs::read_to_string(dir.path().join("summary-throughput.svg")).unwrap();
    assert!(svg.starts_with("<svg "), "{svg}");
    gatebench::parse_svg(&svg).unwrap();
}
