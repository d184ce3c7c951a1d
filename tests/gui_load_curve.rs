//! A sweep in the window: the comparisons as a table of doors × loads, the load
//! curve as the first chart, its legend outside the plots.

use std::path::Path;

use egui_kittest::kittest::{NodeT as _, Queryable as _};
use gatebench::ChartKind;

#[test]
fn a_sweep_opens_on_its_table_and_load_curve() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/load-curve");
    // The first screen at 1280×800: the table and both plots, without scrolling.
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let mut app = gatebench::GatebenchApp::default().inline();
            app.open(vec![dir], &cc.egui_ctx);
            app
        });
    harness.run();
    assert!(!harness.state().is_loading());
    assert_eq!(harness.state().runs().len(), 45);
    assert_eq!(
        harness.state().chart(),
        ChartKind::LoadCurve,
        "a sweep's chart"
    );

    // The table: doors × loads, each against elb-direct at the same load.
    harness.get_by_label("Comparison with the baseline");
    for cell in [
        "c=10",
        "c=400",
        "44% (40–47%) lower",
        "9.8% (9.7–9.9%) lower",
    ] {
        harness.get_by_label(cell);
    }
    assert!(
        harness.query_by_label_contains("138%").is_none(),
        "no cell at another load"
    );
    // The baseline picker shows the door, as does the table's last row.
    assert!(harness.query_all_by_label("elb-direct").count() >= 2);
    harness.get_by_label("each door is compared with this one at the same load");

    // Both plots and their legends, which sit above the plots and cover no line.
    let window = harness.ctx.content_rect();
    assert_eq!(window.height(), 800.0);
    let table = harness.get_by_label("44% (40–47%) lower").rect();
    assert!(table.bottom() < window.bottom() / 2.0, "{table:?}");
    for stem in ["load curve throughput", "load curve latency"] {
        let plot = harness.get_by_label(&format!("{stem} plot")).rect();
        assert!(
            plot.height() > 60.0 && plot.bottom() <= window.bottom(),
            "{stem}: {plot:?}"
        );
        for door in ["apigw-http-proxy", "apigw-lambda-512", "elb-direct"] {
            let entry = harness
                .get_by_label(&format!("{stem} legend: {door}"))
                .rect();
            assert!(
                !entry.intersects(plot),
                "{door}'s legend entry {entry:?} over {plot:?}"
            );
        }
    }

    // A legend entry hides its door's lines.
    let on = harness.get_by_label("load curve latency legend: apigw-lambda-512");
    assert_eq!(
        on.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
    harness
        .get_by_label("load curve latency legend: apigw-lambda-512")
        .click();
    harness.run();
    let entry = harness.get_by_label("load curve latency legend: apigw-lambda-512");
    assert_eq!(
        entry.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::False),
        "switched off"
    );
}
