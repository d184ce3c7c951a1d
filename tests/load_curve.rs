//! Sweeps compared like with like, and each door's knee, on the bundled sweep
//! (`sample-data/load-curve`: three doors × connections 10…400, three rounds each,
//! made by `gatebench run sample-data/load-curve.toml`).

use std::path::{Path, PathBuf};

use crate::common::{gatebench, text};
use gatebench::{KneeRule, StepVerdict};

fn sweep_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/load-curve")
}

fn sweep_runs() -> Vec<gatebench::Run> {
    let restored =
        gatebench::open_workspace(&sweep_dir().join("experiment.gatebench"), &|_| {}).unwrap();
    restored.runs.into_iter().map(|(run, _)| run).collect()
}

/// Every cell against the direct door at the same connections, never at the
/// baseline run's own 100: 52,353 / 119,620 req/s at c=400 is 44%, not the 138%
/// of elb-direct at c=100 that the old sentences said.
#[test]
fn each_cell_is_compared_with_the_baseline_door_at_the_same_load() {
    let runs = sweep_runs();
    let base = gatebench::default_baseline(&runs).unwrap();
    assert_eq!(runs[base].label, "elb-direct c=100 r1");
    let sentences = gatebench::comparison_sentences(&runs, base, &Default::default());
    assert_eq!(
        sentences.len(),
        10,
        "two doors × five loads: {sentences:#?}"
    );
    for s in [
        "apigw-http-proxy at c=400: 44% (40–47%) of elb-direct at c=400's throughput, p99 2.6x \
         (2.3–2.9x), n = 3 vs 3: lower throughput, slower p99",
        "apigw-http-proxy at c=10: 41% (41–42%) of elb-direct at c=10's throughput, p99 2.5x \
         (1.8–3.7x), n = 3 vs 3: lower throughput, slower p99",
        "apigw-lambda-512 at c=200: 13% (13–14%) of elb-direct at c=200's throughput, p99 5.7x \
         (5.3–6.1x), n = 3 vs 3: lower throughput, slower p99",
    ] {
        assert!(
            sentences.iter().any(|x| x == s),
            "{s}\nnot in {sentences:#?}"
        );
    }
    assert!(
        sentences
            .iter()
            .all(|s| !s.contains("c=100's") || s.contains("at c=100:"))
    );

    let out = gatebench(&["summarize", sweep_dir().to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let after = stdout
        .split_once(
            "baseline: elb-direct (the door of elb-direct c=100 r1): each load against \
                     elb-direct at the same connections\n",
        )
        .unwrap_or_else(|| panic!("{stdout}"))
        .1;
    let lines: Vec<&str> = after.lines().take(4).collect();
    let cells = |line: &str| -> Vec<String> {
        line.split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        cells(lines[0]),
        ["door", "c=10", "c=50", "c=100", "c=200", "c=400"]
    );
    assert_eq!(
        cells(lines[1]),
        [
            "apigw-http-proxy",
            "41% (41–42%) lower",
            "45% (44–46%) lower",
            "47% (46–48%) lower",
            "51% (49–54%) lower",
            "44% (40–47%) lower"
        ]
    );
    assert_eq!(cells(lines[3])[0], "elb-direct");
    assert!(cells(lines[3])[1..].iter().all(|c| c == "baseline"));
    assert!(
        !stdout.contains("138%"),
        "no cell at another load: {stdout}"
    );
}

/// The knee of each door of the bundled sweep, from the means above (three rounds
/// a load; the rule: a step scales while throughput grows by at least 75% of the
/// load's growth and p99 by no more than 50%, each decided by its interval):
/// - apigw-http-proxy: 17,683 → 34,748 req/s from c=100 to 200 is +96.5% for +100%
///   load (0.97 of proportional); 34,748 → 52,353 from 200 to 400 is +50.7%
///   (0.51), its interval's top under 0.75: the knee is between 200 and 400;
/// - apigw-lambda-512 (22 ms a request, Little's law): 439, 2,197, 4,418, 8,797,
///   17,195: 1.00, 1.01, 0.99, 0.95 of proportional: no knee;
/// - elb-direct: 4,470, 20,632, 37,881, 67,497, 119,620: 0.90, 0.84, 0.78, 0.77
///   of proportional, all above 0.75, p99 under +50% a step: no knee.
#[test]
fn the_bundled_sweep_has_its_knees() {
    let runs = sweep_runs();
    let (key, curves) =
        gatebench::load_curve_analysis(&runs, &Default::default(), &KneeRule::default()).unwrap();
    assert_eq!(key, "connections");
    let doors: Vec<&str> = curves.iter().map(|c| c.door.as_str()).collect();
    assert_eq!(
        doors,
        ["apigw-http-proxy", "apigw-lambda-512", "elb-direct"]
    );
    let proxy = curves[0].knee_step().unwrap();
    assert_eq!((proxy.from, proxy.to), (200.0, 400.0));
    assert!(
        (proxy.efficiency - 0.507).abs() < 0.002,
        "{}",
        proxy.efficiency
    );
    assert!(proxy.efficiency_interval.unwrap().1 < 0.75);
    assert!((curves[0].steps[2].efficiency - 0.965).abs() < 0.002);
    assert!(curves[1].knee.is_none() && curves[2].knee.is_none());
    assert!(
        curves[2]
            .steps
            .iter()
            .all(|s| s.verdict == StepVerdict::Scales)
    );

    let out = gatebench(&["summarize", sweep_dir().to_str().unwrap()]);
    let stdout = text(&out.stdout);
    for line in [
        "apigw-http-proxy: scales to c=200 (throughput +97% from 100 to 200), then +51% for \
         twice the load and p99 +46%: the knee is between 200 and 400",
        "apigw-lambda-512: scales across the sweep, to c=400 (throughput +95% from 200 to 400): \
         no knee within it",
        "elb-direct: scales across the sweep, to c=400 (throughput +77% from 200 to 400): no \
         knee within it",
    ] {
        assert!(stdout.contains(line), "{line}\nnot in {stdout}");
    }
}

/// `gatebench load-curve` prints each door's curve and knee; its JSON has the
/// documented shape; runs without a sweep are bad input.
#[test]
fn the_load_curve_command() {
    let dir = sweep_dir();
    let out = gatebench(&["load-curve", "--format", "json", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let doors = json.as_array().unwrap();
    assert_eq!(doors.len(), 3);
    let proxy = &doors[0];
    assert_eq!(proxy["door"], "apigw-http-proxy");
    assert_eq!(proxy["sweep"], "connections");
    let points = proxy["points"].as_array().unwrap();
    assert_eq!(points.len(), 5);
    assert_eq!(points[4]["value"], 400.0);
    let rps = points[4]["throughput_rps"].as_f64().unwrap();
    assert!((rps - 52_353.0).abs() < 1.0, "{rps}");
    let ci = points[4]["ci"].as_array().unwrap();
    assert!(ci[0].as_f64().unwrap() < rps && rps < ci[1].as_f64().unwrap());
    assert!((points[4]["p99_ms"].as_f64().unwrap() - 12.37).abs() < 0.01);
    assert_eq!(proxy["knee"]["after"], 200.0);
    assert_eq!(proxy["knee"]["before"], 400.0);
    let reason = proxy["knee"]["reason"].as_str().unwrap();
    assert!(reason.starts_with("throughput +51% ("), "{reason}");
    assert!(reason.contains("under 75% of proportional"), "{reason}");
    assert!(doors[2]["knee"].is_null());

    let out = gatebench(&["load-curve", dir.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("apigw-http-proxy\n  load"), "{stdout}");
    assert!(stdout.contains("past the knee"), "{stdout}");
    let out = gatebench(&["load-curve", "--format", "markdown", dir.to_str().unwrap()]);
    assert!(text(&out.stdout).contains("### elb-direct\n\n| load | runs |"));

    let plain = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed");
    let out = gatebench(&["load-curve", plain.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no run carries a sweep value"));
}

/// The sample sweep's workspace made again in a temporary folder (sources by their
/// absolute paths), changed by `edit`.
fn edited_workspace(dir: &Path, edit: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
    let path = sweep_dir().join("experiment.gatebench");
    let mut w: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    for s in w["sources"].as_array_mut().unwrap() {
        let p = sweep_dir().join(s["path"].as_str().unwrap());
        s["path"] = p.to_str().unwrap().into();
    }
    edit(&mut w);
    let out = dir.join("edited.gatebench");
    std::fs::write(&out, serde_json::to_vec_pretty(&w).unwrap()).unwrap();
    out
}

/// A saved baseline stays a door: picked at c=10, every load is still compared
/// with the direct door at its own load. A load the baseline door lacks says so
/// and is not compared.
#[test]
fn a_saved_baseline_is_a_door_and_a_missing_load_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let ws = edited_workspace(dir.path(), |w| {
        let runs = w["runs"].as_array().unwrap();
        let at = runs
            .iter()
            .position(|r| r["label"] == "elb-direct c=10 r1")
            .unwrap();
        w["baseline"] = at.into();
    });
    let out = gatebench(&["summarize", ws.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("baseline: elb-direct (the door of elb-direct c=10 r1)"),
        "{stdout}"
    );
    assert!(stdout.contains("  apigw-http-proxy     41% (41–42%) lower  45% (44–46%) lower"));

    let ws = edited_workspace(dir.path(), |w| {
        let runs = w["runs"].as_array_mut().unwrap();
        runs.retain(|r| !r["label"].as_str().unwrap().starts_with("elb-direct c=400"));
    });
    let out = gatebench(&["summarize", ws.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout
            .contains("  apigw-http-proxy at c=400: not compared (elb-direct has no run at c=400)"),
        "{stdout}"
    );
    let row = stdout
        .lines()
        .find(|l| l.starts_with("  apigw-http-proxy  "))
        .unwrap();
    assert!(
        row.contains("51% (49–54%) lower") && row.ends_with(" –"),
        "{row}"
    );
}

/// Without sweep values, nothing changes: every group against the baseline run's.
#[test]
fn without_a_sweep_the_sentences_are_as_before() {
    let mut runs = sweep_runs();
    for r in &mut runs {
        r.sweep = None;
    }
    let base = gatebench::default_baseline(&runs).unwrap();
    let sentences = gatebench::comparison_sentences(&runs, base, &Default::default());
    assert_eq!(sentences.len(), 14);
    assert!(
        sentences.contains(
            &"apigw-http-proxy c=400: 138% (135–142%) of elb-direct c=100's throughput, p99 3.5x \
          (3.2–3.9x), n = 3 vs 3: higher throughput, slower p99"
                .to_owned()
        )
    );
}

/// The report says the same: the table of doors × loads and each door's knee (in
/// both builds; without the window's renderer, without charts).
#[test]
fn the_report_has_the_table_and_the_knees() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep.md");
    let run = gatebench(&[
        "report",
        "--format",
        "markdown",
        "--out",
        out.to_str().unwrap(),
        sweep_dir().to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let md = std::fs::read_to_string(&out).unwrap();
    for line in [
        "Baseline: elb-direct (the door of elb-direct c=100 r1): each load against elb-direct \
         at the same connections.",
        "| door | c=10 | c=50 | c=100 | c=200 | c=400 |",
        "| apigw-http-proxy | 41% (41–42%) lower | 45% (44–46%) lower | 47% (46–48%) lower | \
         51% (49–54%) lower | 44% (40–47%) lower |",
        "- apigw-http-proxy: scales to c=200 (throughput +97% from 100 to 200), then +51% for \
         twice the load and p99 +46%: the knee is between 200 and 400",
        "apigw-http-proxy c=400 (n = 3) against elb-direct c=400 (n = 3):",
    ] {
        assert!(md.contains(line), "{line}\nnot in\n{md}");
    }
}
