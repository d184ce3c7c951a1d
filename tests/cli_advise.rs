//! `gatebench advise` end to end, with every exit code.

use crate::common;

use std::process::{Command, Output};

fn advise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .arg("advise")
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

const README_URL: &str = "https://lambda-power-tuning.show/#gAAAAQACAAQABsAL;ZooQR4yvkUa/pQRGRC5zRaADHUVjOftE;QdWhOEMkoziDT5Q4xhiIOMYYiDi6RNc4";

#[test]
fn power_tuning_strategies_as_its_analyzer() {
    for (strategy, weight, expected) in [
        ("cost", None, 1536),
        ("speed", None, 3008),
        ("balanced", Some("0.5"), 1536),
        ("balanced", Some("0"), 3008),
    ] {
        let mut args = vec![
            "--power-tuning",
            README_URL,
            "--strategy",
            strategy,
            "--format",
            "json",
        ];
        if let Some(w) = weight {
            args.extend(["--balanced-weight", w]);
        }
        let out = advise(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let v = json(&out);
        assert_eq!(v["recommended_mb"], expected, "{args:?}");
        assert_eq!(v["strategy"], strategy);
        assert_eq!(v["tiers"].as_array().unwrap().len(), 6);
        assert_eq!(v["tiers"][0]["meets_slo"], serde_json::Value::Null);
    }
}

/// The sample data's function tiers through the gateway: the cheapest size whose p99
/// stays under the objective, with Little's law and the legacy ENIs at the peak.
#[test]
fn load_tests_with_an_objective_and_a_peak() {
    let out = advise(&[
        common::seed_runs().to_str().unwrap(),
        "--slo-p99-ms",
        "30",
        "--peak-rps",
        "2000",
        "--subnet",
        "10.0.1.0/24",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let tiers = v["tiers"].as_array().unwrap();
    let mbs: Vec<u64> = tiers
        .iter()
        .map(|t| t["memory_mb"].as_u64().unwrap())
        .collect();
    assert_eq!(mbs, [128, 512, 1024], "the function runs only");
    for t in tiers {
        let mb = t["memory_mb"].as_f64().unwrap();
        let mean = t["duration_ms"].as_f64().unwrap();
        let p99 = t["p99_ms"].as_f64().unwrap();
        assert_eq!(t["meets_slo"], p99 <= 30.0);
        let concurrency = 2000.0 * mean / 1000.0;
        assert!((t["concurrency"].as_f64().unwrap() - concurrency).abs() < 1e-9);
        let enis = (concurrency.ceil() * mb / 1536.0).ceil() as u64;
        assert_eq!(t["enis_required"], enis);
        // Lambda x86: requests + GB x whole ms x the GB-second price.
        let cost = 0.20 / 1e6 + mb / 1024.0 * mean.ceil() / 1000.0 * 0.000_016_666_7;
        assert!((t["cost_per_invocation_usd"].as_f64().unwrap() - cost).abs() < 1e-15);
    }
    let cheapest = tiers
        .iter()
        .filter(|t| t["meets_slo"] == true)
        .min_by(|a, b| {
            a["cost_per_invocation_usd"]
                .as_f64()
                .unwrap()
                .total_cmp(&b["cost_per_invocation_usd"].as_f64().unwrap())
        })
        .unwrap();
    assert_eq!(v["recommended_mb"], cheapest["memory_mb"]);
    assert!(
        v["steps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s.as_str().unwrap().contains("no measurable gain")),
        "{}",
        v["steps"]
    );
}

#[test]
fn no_size_meeting_the_objective_exits_1_with_the_report() {
    let out = advise(&[common::seed_runs().to_str().unwrap(), "--slo-p99-ms", "5"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("No size meets the objective"), "{text}");
    assert!(text.contains("misses"), "{text}");
}

#[test]
fn bad_input_exits_2() {
    let sample = common::seed_runs().to_string_lossy().into_owned();
    let no_lambda = common::fixture("wrk/with-latency.txt")
        .to_string_lossy()
        .into_owned();
    let no_sizes = common::fixture("power-tuning/no-sizes.json")
        .to_string_lossy()
        .into_owned();
    for (args, expected) in [
        (
            vec!["--power-tuning", "https://x/#gAA;ZooQ"],
            "three base64 parts",
        ),
        (vec!["--power-tuning", &no_sizes], "holds no sizes"),
        (
            vec![
                &sample,
                "--strategy",
                "balanced",
                "--balanced-weight",
                "1.5",
            ],
            "from 0 (speed) to 1",
        ),
        (vec![&no_lambda], "no Lambda runs"),
        (vec![], "give result files"),
        (vec![&sample, "--subnet", "banana"], "--subnet banana"),
    ] {
        let out = advise(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

/// `--chart FILE`: the Memory advisor's chart (cost against latency per size) as
/// SVG, each size a point with its figures on hover.
#[test]
fn the_advisor_chart_is_written_as_svg() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("advice.svg");
    let out = advise(&[
        "--power-tuning",
        README_URL,
        "--chart",
        path.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&path).unwrap();
    gatebench::parse_svg(&svg).unwrap();
    assert!(
        svg.contains("Cost per million requests against latency"),
        "{svg}"
    );
    assert!(svg.contains("<title>"), "{svg}");
}
