//! AWS Lambda Power Tuning files: its execution output in each shape, its
//! visualization URL, and broken ones.

use crate::common;

use gatebench::Measurement;

#[test]
fn the_readme_output_gives_its_one_size() {
    let run = common::load_one("power-tuning/readme-output.json");
    assert_eq!(run.memory_mb, Some(128));
    assert_eq!(run.latency.mean, Some(2.9066666666666667));
    assert_eq!(run.invocation_cost_usd, Some(0.0000002083));
    assert_eq!(
        run.throughput_rps, None,
        "Power Tuning measures no throughput"
    );
    assert_eq!(run.measurement, Measurement::DirectInvocation);
}

/// The inner object without `"results"`, `power` a number; and the outer object
/// without `stats`, whose sizes come from the visualization URL: the same six sizes
/// as the README's example URL in a text file.
#[test]
fn every_shape_gives_the_same_sizes() {
    let mbs = |rel: &str| -> Vec<(u32, f64)> {
        common::load(rel)
            .iter()
            .map(|r| (r.memory_mb.unwrap(), r.latency.mean.unwrap()))
            .collect()
    };
    let url = mbs("power-tuning/readme-url.txt");
    assert_eq!(
        url.iter().map(|(m, _)| *m).collect::<Vec<_>>(),
        [128, 256, 512, 1024, 1536, 3008]
    );
    assert_eq!(mbs("power-tuning/inner-with-stats.json"), url);
    assert_eq!(mbs("power-tuning/no-stats.json"), url);
}

#[test]
fn broken_files_name_their_line_and_what_was_expected() {
    let e = common::load_err("power-tuning/broken-url.json").to_string();
    assert!(e.contains("broken-url.json: line 9:"), "{e}");
    assert!(e.contains("three base64 parts"), "{e}");
    let e = common::load_err("power-tuning/no-sizes.json").to_string();
    assert!(e.contains("holds no sizes"), "{e}");
    let bad = gatebench::load_bytes(
        std::path::Path::new("v.txt"),
        b"https://lambda-power-tuning.show/#gAA!;ZooQ;QdWh\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        bad.contains("v.txt: line 1:") && bad.contains("not base64"),
        "{bad}"
    );
}
