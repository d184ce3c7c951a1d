//! Workspaces in the window: edits, baseline, hidden legend entries and the tab
//! saved, and found again in a fresh window; the unsaved marker; a missing source
//! named in the window; the report written from the window.

use crate::common;

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable as _, by};
use gatebench::GatebenchApp;

/// Replaces the text of the field labelled `label`, then leaves it, as a user
/// clicking elsewhere.
fn retype(harness: &mut Harness<'static, GatebenchApp>, label: &str, text: &str) {
    common::window::retype(harness, label, text);
    harness.key_press(egui::Key::Escape);
    harness.run();
}

fn copy_seed_runs(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in gatebench::expand_inputs(&[common::seed_runs()]) {
        std::fs::copy(&f, to.join(f.file_name().unwrap())).unwrap();
    }
}

#[test]
fn a_saved_workspace_opens_as_it_was_left() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_seed_runs(&data);
    let mut harness = common::window::loading(vec![data.clone()]);
    assert_eq!(harness.state().runs().len(), 15);
    assert_eq!(
        harness.state().window_title(),
        "Untitled - gatebench",
        "nothing to save yet"
    );

    // Edit a label, a memory tier and a group in the table (its group opened first).
    harness.get_by_label("runs of apigw-lambda 512 MB").click();
    harness.run();
    retype(
        &mut harness,
        "label of apigw-lambda-512.run3",
        "lambda-512 cold",
    );
    retype(&mut harness, "memory of lambda-512 cold", "640");
    retype(&mut harness, "group of apigw-lambda-512.run1", "warm");
    // Pick the baseline, hide a legend entry, show the planner.
    harness.get_by_label("Baseline").click();
    harness.run();
    harness
        .get(by().label("apigw-http-proxy.run2").role(Role::Button))
        .click();
    harness.run();
    harness
        .get(by().label("Latency").role(Role::Button))
        .click();
    harness.run();
    harness.get(by().label("max").role(Role::CheckBox)).click();
    harness.run();
    assert!(
        harness.state().window_title().ends_with("* - gatebench"),
        "unsaved changes"
    );

    let at = dir.path().join("analysis.gatebench");
    let ctx = harness.ctx.clone();
    harness.state_mut().save_to(at.clone(), &ctx);
    harness.run();
    assert_eq!(
        harness.state().window_title(),
        "analysis.gatebench - gatebench"
    );
    assert!(
        harness.state().errors.is_empty(),
        "{:?}",
        harness.state().errors
    );
    let before: Vec<_> = harness.state().runs().to_vec();
    let baseline = harness.state().baseline();

    // A fresh window, the workspace moved with its files.
    let moved = tempfile::tempdir().unwrap();
    std::fs::rename(dir.path().join("data"), moved.path().join("data")).unwrap();
    std::fs::rename(&at, moved.path().join("analysis.gatebench")).unwrap();
    let mut fresh = common::window::loading(vec![moved.path().join("analysis.gatebench")]);
    fresh.run();
    let app = fresh.state();
    assert!(app.errors.is_empty(), "{:?}", app.errors);
    let labels = |runs: &[gatebench::Run]| {
        runs.iter()
            .map(|r| {
                (
                    r.label.clone(),
                    r.memory_mb,
                    r.group.clone(),
                    r.throughput_rps,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(app.runs()), labels(&before));
    assert_eq!(app.baseline(), baseline);
    assert_eq!(
        app.runs()[app.baseline().unwrap()].label,
        "apigw-http-proxy.run2"
    );
    let hidden = &app.state.charts.views.plots["Latency"].hidden;
    assert_eq!(hidden.iter().collect::<Vec<_>>(), ["max"]);
    assert_eq!(app.state.charts.chart, gatebench::ChartKind::Latency);
    assert_eq!(app.window_title(), "analysis.gatebench - gatebench");
    // What the user sees: the comparisons against the restored baseline (more than
    // four groups: a table, each cell's sentence on hover), the label.
    fresh.get_by_label("Comparison with the baseline");
    fresh.get_by_label("throughput share");
    let cells = fresh.query_all_by_label("baseline").count();
    assert!(cells >= 2, "the baseline group's row: {cells}");
    assert!(
        gatebench::comparison_sentences(app.runs(), app.baseline().unwrap(), &Default::default())
            .iter()
            .filter(|s| s.contains("of apigw-http-proxy's throughput"))
            .count()
            >= 3
    );
    // Both edited runs left their group of three: each is a row of its own.
    fresh.get_by_label("label of apigw-lambda-512.run1");
    fresh.get_by_label("label of lambda-512 cold");
}

#[test]
fn a_missing_source_is_named_and_can_be_pointed_to() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_seed_runs(&data);
    let mut harness = common::window::loading(vec![data.clone()]);
    let at = dir.path().join("w.gatebench");
    let ctx = harness.ctx.clone();
    harness.state_mut().save_to(at.clone(), &ctx);
    harness.run();
    let gone = data.join("elb-direct.run1.txt");
    let elsewhere = dir.path().join("elb-direct.run1.txt");
    std::fs::rename(&gone, &elsewhere).unwrap();

    let mut fresh = common::window::loading(vec![at]);
    fresh.run();
    assert_eq!(fresh.state().runs().len(), 14, "the rest restored");
    fresh.get_by_label_contains("elb-direct.run1.txt: missing");
    fresh.get_by_label_contains("Not found:");
    assert!(fresh.get_all_by_label("Locate…").count() == 1);
    // The dialog's answer, as `Locate…` would give it.
    let missing = fresh.state().missing.as_ref().unwrap();
    let source = missing.sources[0].0;
    let ctx = fresh.ctx.clone();
    fresh.state_mut().locate(source, elsewhere, &ctx);
    fresh.run();
    fresh.run();
    assert_eq!(fresh.state().runs().len(), 15);
    assert!(fresh.state().missing.is_none());
    assert!(fresh.query_by_label_contains("Not found:").is_none());
}

#[test]
fn a_report_is_written_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::window::loading(vec![common::seed_runs()]);
    let at = dir.path().join("report.html");
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .start_report(at.clone(), gatebench::ReportOutput::Html, &ctx);
    harness.run();
    assert!(
        harness.state().errors.is_empty(),
        "{:?}",
        harness.state().errors
    );
    let html = std::fs::read_to_string(&at).unwrap();
    assert_eq!(
        html.matches("data:image/png;base64,").count(),
        1,
        "the icon"
    );
    assert_eq!(
        html.matches("<svg ").count(),
        6,
        "five charts and the planner's"
    );
    harness.get_by_label_contains("Report written to");
}

#[test]
fn a_file_that_is_no_workspace_keeps_what_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.gatebench");
    std::fs::write(&bad, "{\"gatebench_workspace\": 1, \"runs\": [{\"file\": ").unwrap();
    let mut harness = common::window::loading(vec![common::seed_runs()]);
    let ctx = harness.ctx.clone();
    harness.state_mut().open(vec![bad], &ctx);
    harness.run();
    assert_eq!(harness.state().runs().len(), 15, "nothing lost");
    harness.get_by_label_contains("broken.gatebench: line 1: the JSON ends early");
}

/// Asks the window to close, as the title bar's button does.
fn request_close(harness: &mut Harness<'static, GatebenchApp>) {
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_seed_runs(&data);
    let mut harness = common::window::loading(vec![data]);
    // Nothing changed: no question.
    request_close(&mut harness);
    assert!(harness.query_by_label("Unsaved changes").is_none());

    let at = dir.path().join("w.gatebench");
    let ctx = harness.ctx.clone();
    harness.state_mut().save_to(at.clone(), &ctx);
    harness.run();
    harness
        .get(by().label("Latency").role(Role::Button))
        .click();
    harness.run();
    assert_eq!(harness.state().window_title(), "w.gatebench* - gatebench");
    request_close(&mut harness);
    harness.get_by_label("Unsaved changes");
    harness.get_by_label("w.gatebench has unsaved changes.");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(
        harness.query_by_label("Unsaved changes").is_none(),
        "cancelled"
    );
    assert_eq!(harness.state().window_title(), "w.gatebench* - gatebench");

    request_close(&mut harness);
    harness.get_by_label("Save and close").click();
    harness.run();
    harness.run();
    assert_eq!(
        harness.state().window_title(),
        "w.gatebench - gatebench",
        "saved"
    );
    let saved = workspace_chart(&at);
    assert_eq!(saved, "Latency", "the change is in the file");
}

/// The chart a workspace file says was shown.
fn workspace_chart(at: &Path) -> String {
    let ws = gatebench::read_workspace(at).unwrap();
    ws.window["chart"].as_str().unwrap_or_default().to_owned()
}
