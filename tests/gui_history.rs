//! The History tab, driven headless: a SQLite history written by the CLI, opened,
//! its change point listed, and "Compare segments" putting both sides in Results.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gatebench::{GatebenchApp, Tab};

#[test]
fn the_tab_opens_a_history_and_compares_the_segments_of_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("api.csv");
    let mut text = String::from("time,commit,latency_p99_ms,throughput_rps\n");
    let noise = [0.0, 0.3, -0.2, 0.1, -0.3, 0.2];
    for i in 0..24 {
        let p99 = if i < 12 { 20.0 } else { 26.0 } + noise[i % 6];
        text += &format!(
            "2026-05-01T{i:02}:00:00Z,c{:02},{p99},{}\n",
            i + 1,
            1000.0 + noise[i % 6]
        );
    }
    std::fs::write(&csv, text).unwrap();
    let db = dir.path().join("h.db");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args([
            "history",
            "import",
            "--db",
            db.to_str().unwrap(),
            "--series",
            "api",
        ])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let path = db.display().to_string();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |_| {
            let mut app = GatebenchApp::with_runs(Vec::new()).inline();
            app.state.history.db = path.clone();
            app
        });
    harness.get_by_label("History").click();
    harness.run();
    assert_eq!(harness.state().state.tab, Tab::History);
    harness.get_by_label("Open").click();
    harness.run();
    harness.run();
    // The chart's title, and the change at c13 with its figures.
    harness.get_by_label("api: latency_p99_ms");
    harness.get_by_label_contains("c13 at 2026-05-01T12:00:00.000Z: regressed +");
    harness.get_by_label_contains("n = 12 | 12)");
    harness.get_by_label("Compare segments").click();
    harness.run();
    let runs = harness.state().runs();
    assert_eq!(runs.len(), 24);
    let before = runs
        .iter()
        .filter(|r| r.group.as_deref() == Some("api before c13"))
        .count();
    assert_eq!(before, 12);
    assert_eq!(harness.state().state.tab, Tab::Results);
    assert_eq!(runs[0].latency.percentile("99"), Some(20.0));
}

/// A fresh machine: the tab opens the bundled sample history at once (no click on
/// Open), builds on the x axis, and lists its known change.
#[test]
fn the_tab_opens_the_sample_history_at_once() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(|_| GatebenchApp::with_runs(Vec::new()).inline());
    harness.get_by_label("History").click();
    harness.run();
    harness.run();
    harness.run();
    assert!(
        harness
            .state()
            .state
            .history
            .db
            .ends_with("sample-data/history/history.db"),
        "{}",
        harness.state().state.history.db
    );
    harness.get_by_label("loopback/apigw-http-proxy: latency_p99_ms");
    harness.get(egui_kittest::kittest::by().value("auto (builds)"));
    harness.get_by_label_contains("build-08 at ");
    harness.get_by_label_contains(": improved -43.9%");
}
