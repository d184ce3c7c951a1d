//! Snapshots of every chart drawn from the bundled sample data (and a JMeter JTL for
//! the time series), through the PNG exporter, compared with `tests/snapshots/` by
//! egui_kittest within a small tolerance. After an intended change to a chart:
//!
//!     UPDATE_SNAPSHOTS=1 cargo test --test tests chart_snapshots
//!
//! and look at the new PNGs before committing them. Needs a renderer (Mesa's
//! software Vulkan in CI); without one the test says so loudly, and fails when
//! CI=true.

use crate::common;

use gatebench::ChartKind;
use gatebench::Run;
use gatebench::{ChartViews, PlotView};
use gatebench::{ExportOptions, Exporter};

fn runs() -> Vec<Run> {
    let mut paths = gatebench::expand_inputs(&[common::seed_runs()]);
    paths.push(common::fixture("jmeter/html-report-testfile.jtl"));
    paths
        .iter()
        .flat_map(|p| gatebench::load_file(p).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn exporter() -> Option<Exporter> {
    match Exporter::new() {
        Ok(x) => Some(x),
        Err(e) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI must have a renderer: {e}"
            );
            eprintln!("\n*** SKIPPED: {e} ***\n");
            None
        }
    }
}

const OPTIONS: ExportOptions = ExportOptions {
    width: 900,
    height: 560,
    scale: 1.0,
    dark: false,
};

fn snapshot(image: &image::RgbaImage, name: &str) {
    let options = egui_kittest::SnapshotOptions::new()
        .output_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
    egui_kittest::image_snapshot_options(image, name, &options);
}

#[test]
fn every_chart_matches_its_snapshot() {
    let Some(exporter) = exporter() else { return };
    let runs = runs();
    let base = gatebench::default_baseline(&runs);
    for kind in ChartKind::ALL {
        let image = exporter
            .render(kind, &runs, base, &ChartViews::default(), OPTIONS)
            .unwrap();
        snapshot(&image, kind.file_stem());
    }
}

/// The runs of a sample experiment's workspace (`sample-data/NAME/`, made by
/// `gatebench run sample-data/NAME.toml`).
fn sample_experiment(name: &str) -> Vec<Run> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
        .join("experiment.gatebench");
    let restored = gatebench::open_workspace(&path, &|_| {}).unwrap();
    assert!(restored.problems.is_empty(), "{:?}", restored.problems);
    restored.runs.into_iter().map(|(run, _)| run).collect()
}

/// The load curves of the sample sweep: throughput against connections and latency
/// against throughput, a line per front door, with the intervals of two rounds.
#[test]
fn the_sample_sweep_has_load_curves() {
    let runs = sample_experiment("load-curve");
    assert_eq!(runs.len(), 45, "3 targets x 5 connection counts x 3 rounds");
    let charts = gatebench::load_curves(&runs, &Default::default());
    let names: Vec<&str> = charts
        .throughput
        .lines
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["apigw-http-proxy", "apigw-lambda-512", "elb-direct"]
    );
    for line in &charts.throughput.lines {
        let xs: Vec<f64> = line.points.iter().map(|p| p[0]).collect();
        assert_eq!(xs, [10.0, 50.0, 100.0, 200.0, 400.0], "{}", line.name);
        assert_eq!(
            line.band.len(),
            5,
            "three rounds: an interval at each point"
        );
    }
    // The functions scale out: throughput grows with the connections as Little's
    // law says, c / latency (each request waits about 22 ms at 512 MB).
    let function = &charts.throughput.lines[1].points;
    assert!(function[4][1] > 4.0 * function[1][1], "{function:?}");
    let p50 = &charts.latency.lines[2].points;
    assert_eq!(charts.latency.lines[2].name, "apigw-lambda-512 p50");
    for p in p50 {
        assert!(
            (19.0..27.0).contains(&p[1]),
            "p50 at {} req/s: {} ms",
            p[0],
            p[1]
        );
    }
    // One colour per door, p50 told from p99 by its dashes.
    let (p50, p99) = (&charts.latency.lines[2], &charts.latency.lines[3]);
    assert_eq!(p99.name, "apigw-lambda-512 p99");
    assert_eq!(
        (p50.color, p50.dashed, p99.dashed),
        (p99.color, true, false)
    );
    assert_eq!(p50.color, charts.throughput.lines[1].color);
    // The legend outside the plots, and the proxy's knee marked at c=200
    // (docs/load-curves.md; tests/load_curve.rs works it out).
    let legend = charts.latency.outside_legend.as_ref().unwrap();
    assert_eq!(legend.entries.len(), 3);
    assert_eq!(charts.throughput.markers.len(), 1);
    let (name, x, _) = &charts.throughput.markers[0];
    assert_eq!(
        (name.as_str(), *x),
        ("apigw-http-proxy: knee between c=200 and 400", 200.0)
    );
    let Some(exporter) = exporter() else { return };
    let image = exporter
        .render(
            ChartKind::LoadCurve,
            &runs,
            None,
            &ChartViews::default(),
            OPTIONS,
        )
        .unwrap();
    snapshot(&image, "load-curve-sample");
}

/// The sample experiment's time series: hey's per-request runs, each run's
/// transient before its steady state shaded in its colour.
#[test]
fn the_sample_experiment_shades_each_transient() {
    let runs = sample_experiment("experiment");
    // The 15 client runs, and the server logs captured with them.
    assert_eq!(runs.iter().filter(|r| r.server.is_none()).count(), 15);
    let charts = gatebench::time_series(&runs);
    assert!(
        !charts.rates.spans.is_empty(),
        "hey's runs settle after a transient"
    );
    for span in &charts.rates.spans {
        assert!(
            span.from < span.to && span.name.contains("MSER-5"),
            "{span:?}"
        );
    }
    let Some(exporter) = exporter() else { return };
    let base = gatebench::default_baseline(&runs);
    let image = exporter
        .render(
            ChartKind::TimeSeries,
            &runs,
            base,
            &ChartViews::default(),
            OPTIONS,
        )
        .unwrap();
    snapshot(&image, "timeseries-steady");
}

/// What the user switched off or zoomed in the window is what the PNG shows.
#[test]
fn exports_keep_legend_toggles_and_zoom() {
    let Some(exporter) = exporter() else { return };
    let runs = runs();
    let base = gatebench::default_baseline(&runs);
    let render =
        |kind, views: &ChartViews| exporter.render(kind, &runs, base, views, OPTIONS).unwrap();

    let mut views = ChartViews::default();
    views.plots.insert(
        "Latency".into(),
        PlotView {
            hidden: ["max".to_string()].into(),
            bounds: None,
        },
    );
    let without_max = render(ChartKind::Latency, &views);
    assert_ne!(
        without_max,
        render(ChartKind::Latency, &ChartViews::default()),
        "switching off `max` changes the PNG"
    );
    snapshot(&without_max, "latency-without-max");

    // The spectrum zoomed into p90..p99.9 and 0..20 ms.
    let mut views = ChartViews::default();
    views.plots.insert(
        "spectrum".into(),
        PlotView {
            hidden: Default::default(),
            bounds: Some([1.0, 3.0, 0.0, 20.0]),
        },
    );
    snapshot(&render(ChartKind::Spectrum, &views), "spectrum-zoomed");

    // Latency on a log axis: the direct run (under 4 ms) and the functions (over
    // 1 s) both readable.
    let views = ChartViews {
        log_latency: true,
        ..ChartViews::default()
    };
    let log = render(ChartKind::Spectrum, &views);
    assert_ne!(log, render(ChartKind::Spectrum, &ChartViews::default()));
    snapshot(&log, "spectrum-log");
    snapshot(&render(ChartKind::TimeSeries, &views), "timeseries-log");
}
