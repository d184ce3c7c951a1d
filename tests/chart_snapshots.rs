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
    let mut paths = gatebench::expand_inputs(&[common::sample_data()]);
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
