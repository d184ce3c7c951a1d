//! `gatebench eni`, end to end.

use crate::common::gatebench;
use std::process::Output;

fn json(out: &Output) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn legacy_json_has_the_documented_fields() {
    let v = json(&gatebench(&[
        "eni",
        "--memory-mb",
        "1024",
        "--concurrency",
        "1000",
        "--subnet",
        "10.0.1.0/24@us-east-1a",
        "--subnet",
        "10.0.2.0/24",
        "--subnet",
        "10.0.3.0/24",
        "--format",
        "json",
    ]));
    assert_eq!(v["model"], "legacy");
    assert_eq!(v["divisor_gb"], 1.5);
    assert_eq!(v["enis_required"], 667);
    assert_eq!(v["addresses_available"], 753);
    assert_eq!(v["fits"], true);
    assert_eq!(v["headroom"], 86);
    assert_eq!(v["max_concurrency"], 1129);
    assert_eq!(v["smallest_prefix"], 24);
    assert_eq!(
        v["subnets"][0],
        serde_json::json!({"cidr": "10.0.1.0/24", "az": "us-east-1a", "usable": 251})
    );
    assert_eq!(v["per_subnet"]["fits"], false);
    assert_eq!(v["per_subnet"]["addresses_available"], 251);
    assert_eq!(v["per_subnet"]["smallest_prefix"], 22);
    let tiers = v["tiers"].as_array().unwrap();
    assert_eq!(tiers.len(), 8);
    assert_eq!(
        tiers[0],
        serde_json::json!({"memory_mb": 128, "enis_required": 84, "fits": true, "max_concurrency": 9036, "above_era_max": false})
    );
}

#[test]
fn divisor_of_three_gb() {
    let v = json(&gatebench(&[
        "eni",
        "--memory-mb",
        "1024",
        "--concurrency",
        "1000",
        "--subnet",
        "10.0.0.0/24",
        "--divisor-gb",
        "3",
        "--format",
        "json",
    ]));
    assert_eq!(v["enis_required"], 334);
    assert_eq!(v["fits"], false);
    assert_eq!(v["headroom"], 251 - 334);
}

#[test]
fn hyperplane_json() {
    let v = json(&gatebench(&[
        "eni",
        "--model",
        "hyperplane",
        "--memory-mb",
        "1024",
        "--concurrency",
        "1000",
        "--subnet",
        "10.0.1.0/24",
        "--subnet",
        "10.0.2.0/24",
        "--security-groups",
        "2",
        "--connections",
        "70000",
        "--format",
        "json",
    ]));
    assert_eq!(v["model"], "hyperplane");
    assert_eq!(v["pairs"], 4);
    assert_eq!(v["enis_per_pair"], 2);
    assert_eq!(v["enis_required"], 8);
    assert_eq!(v["addresses_available"], 502);
    assert_eq!(v["fits"], true);
    assert_eq!(v["headroom"], 494);
    assert_eq!(v["within_quota"], true);
    assert_eq!(v["max_concurrency"], serde_json::Value::Null);
    assert_eq!(v["smallest_prefix"], 28);
}

#[test]
fn table_names_the_era_and_both_readings() {
    let out = gatebench(&[
        "eni",
        "--memory-mb",
        "1024",
        "--concurrency",
        "1000",
        "--subnet",
        "10.0.0.0/24",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("divisor 1.5 GB: AWS docs of 2016"), "{text}");
    assert!(text.contains("= 667 ENIs"), "{text}");
    assert!(text.contains("per subnet (worst case)"), "{text}");
    assert!(
        text.contains("Hyperplane model since September 2019"),
        "{text}"
    );
}

#[test]
fn bad_inputs_exit_2_with_a_message_each() {
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "--memory-mb",
                "64",
                "--concurrency",
                "10",
                "--subnet",
                "10.0.0.0/24",
            ],
            "error: memory: expected a whole number of MB from 128 to 10,240, found `64`",
        ),
        (
            &[
                "--memory-mb",
                "20000",
                "--concurrency",
                "10",
                "--subnet",
                "10.0.0.0/24",
            ],
            "found `20000`",
        ),
        (
            &[
                "--memory-mb",
                "512",
                "--concurrency",
                "0",
                "--subnet",
                "10.0.0.0/24",
            ],
            "error: concurrency: expected a whole number of at least 1, found `0`",
        ),
        (
            &[
                "--memory-mb",
                "512",
                "--concurrency",
                "10",
                "--subnet",
                "10.0.0/24",
            ],
            "error: subnet 1: `10.0.0/24` is not an IPv4 CIDR",
        ),
        (
            &[
                "--memory-mb",
                "512",
                "--concurrency",
                "10",
                "--subnet",
                "10.0.0.0/12",
            ],
            "error: subnet 1: 10.0.0.0/12: a VPC subnet is /16 to /28",
        ),
        (
            &[
                "--memory-mb",
                "512",
                "--concurrency",
                "10",
                "--subnet",
                "10.0.0.0/16",
                "--subnet",
                "10.0.8.0/24",
            ],
            "error: subnets: 10.0.0.0/16 and 10.0.8.0/24 overlap",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["eni"];
        all.extend_from_slice(args);
        let out = gatebench(&all);
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
    let out = gatebench(&[
        "eni",
        "--memory-mb",
        "512",
        "--concurrency",
        "10",
        "--subnet",
        "10.0.0.0/24",
        "--divisor-gb",
        "2",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "clap refuses a divisor other than 1.5 or 3"
    );
}

/// `--chart FILE`: the planner's chart as SVG (by its extension) or PNG, drawn on
/// the CPU in both builds, beside the table.
#[test]
fn the_planner_chart_is_written_as_svg_or_png() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["eni.svg", "eni.png"] {
        let path = dir.path().join(name);
        let out = gatebench(&[
            "eni",
            "--memory-mb",
            "1024",
            "--concurrency",
            "1000",
            "--subnet",
            "10.0.1.0/24",
            "--chart",
            path.to_str().unwrap(),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("ENIs"));
        if name.ends_with(".svg") {
            let svg = std::fs::read_to_string(&path).unwrap();
            gatebench::parse_svg(&svg).unwrap();
            // Every memory tier is a point with its value on hover.
            for tier in ["128 MB", "1024 MB", "10240 MB"] {
                assert!(svg.contains(tier), "{tier}: {svg}");
            }
        } else {
            let (size, colours) = crate::cli_plot::png_facts(&path);
            assert_eq!(size, (2000, 1250));
            assert!(colours > 20);
        }
    }
    let out = gatebench(&[
        "eni",
        "--memory-mb",
        "1024",
        "--concurrency",
        "1000",
        "--subnet",
        "10.0.1.0/24",
        "--chart",
        dir.path().join("missing/eni.svg").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing"));
}
