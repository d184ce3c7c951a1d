//! The capacity planner tab, driven headless: type into fields, read the results.

use crate::common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gatebench::{GatebenchApp, Tab};

fn planner(runs: Vec<gatebench::Run>) -> Harness<'static, GatebenchApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_eframe(move |_| GatebenchApp::with_runs(runs));
    harness.get_by_label("Capacity planner").click();
    harness.run();
    assert_eq!(harness.state().state.tab, Tab::Planner);
    harness
}

#[test]
fn typing_updates_every_result_at_once() {
    let mut harness = planner(vec![]);
    // The defaults: 1,000 executions at 1,024 MB in three /24s.
    harness.get_by_label("1,000 executions x 1,024 MB / 1,536 MB = 667 ENIs");
    harness
        .get_by_label_contains("In total: 753 addresses for 667 ENIs: fits, headroom 86 (11.4%)");

    common::window::retype(&mut harness, "Memory (MB)", "512");
    harness.get_by_label("1,000 executions x 512 MB / 1,536 MB = 334 ENIs");
    harness
        .get_by_label_contains("Per subnet (worst case): 251 addresses for 334 ENIs: does NOT fit");

    harness.get_by_label("3 GB").click();
    harness.run();
    harness.get_by_label("1,000 executions x 512 MB / 3,072 MB = 167 ENIs");
}

#[test]
fn bad_inputs_show_messages_next_to_the_fields() {
    let mut harness = planner(vec![]);
    common::window::retype(&mut harness, "Memory (MB)", "99");
    harness.get_by_label("expected a whole number of MB from 128 to 10,240, found `99`");
    harness.get_by_label("Fix the inputs to see the plan");
    common::window::retype(&mut harness, "Memory (MB)", "1024");
    common::window::retype(&mut harness, "Subnet 2", "10.0.1.128/25");
    harness.get_by_label("10.0.1.0/24 and 10.0.1.128/25 overlap");
}

#[test]
fn a_measured_run_fills_the_planner() {
    let runs =
        gatebench::load_file(&common::seed_runs().join("apigw-lambda-128.run1.txt")).unwrap();
    let run = runs[0].clone();
    let expected = (run.throughput_rps.unwrap() * run.latency.mean.unwrap() / 1000.0).ceil() as u64;
    let mut harness = planner(runs);
    harness.get_by_label("Fill from run").click();
    harness.run();
    harness
        .get_by_label_contains("apigw-lambda-128.run1 (")
        .click();
    harness.run();
    let form = &harness.state().state.planner.form;
    assert_eq!(form.memory_mb, "128");
    assert_eq!(form.concurrency, expected.to_string());
    let needed = gatebench::enis_required(expected, 128, Default::default());
    harness.get_by_label(&format!(
        "753 addresses allocated; this load needed {needed}: over-allocated {}x",
        (753.0 / needed as f64).round()
    ));
}
