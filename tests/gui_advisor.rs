//! The Memory advisor tab, driven headless: set an objective and a peak rate, read the
//! recommendation and the ENI column.

use crate::common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gatebench::{GatebenchApp, Tab};

#[test]
fn an_objective_and_a_peak_give_a_size_and_its_enis() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .build_eframe(|cc| {
            let mut app = GatebenchApp::default().inline();
            app.open(vec![common::seed_runs()], &cc.egui_ctx);
            app
        });
    harness.run();
    harness.get_by_label("Memory advisor").click();
    harness.run();
    assert_eq!(harness.state().state.tab, Tab::Advisor);
    // No objective: the cheapest size.
    harness.get_by_label("Recommended: 128 MB (strategy cost)");

    common::window::retype(&mut harness, "p99 objective (ms)", "30");
    common::window::retype(&mut harness, "Peak rate (req/s)", "2000");
    harness.get_by_label("Recommended: 512 MB (strategy cost, p99 at most 30 ms)");

    // The 512 MB repeats' mean latency, by Little's law at 2,000 req/s, then the
    // legacy formula at 1.5 GB; the planner's default subnets hold 753 addresses.
    let runs = harness.state().runs().to_vec();
    let means: Vec<f64> = runs
        .iter()
        .filter(|r| r.memory_mb == Some(512))
        .map(|r| r.latency.mean.unwrap())
        .collect();
    let mean = means.iter().sum::<f64>() / means.len() as f64;
    let executions = (2000.0 * mean / 1000.0).ceil();
    let enis = (executions * 512.0 / 1536.0).ceil() as u64;
    harness.get_by_label(&format!("{enis} (fits)"));
    harness.get_by_label_contains("512 MB -> 1024 MB: ");
}
