//! The window, driven headless through egui_kittest and AccessKit.

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _, by};
use gatebench::GatebenchApp;

/// The mean throughput of the runs of `integration` (repeats).
fn mean_rps(runs: &[gatebench::Run], group: &str) -> f64 {
    let of: Vec<f64> = runs
        .iter()
        .filter(|r| r.group_key() == group)
        .map(|r| r.throughput_rps.unwrap())
        .collect();
    assert_eq!(of.len(), 3, "three repeats of {group}");
    of.iter().sum::<f64>() / 3.0
}

#[test]
fn seed_runs_load_and_compare_against_the_chosen_baseline() {
    let mut harness = common::window::loading(vec![common::seed_runs()]);
    let runs = harness.state().runs().to_vec();
    assert_eq!(runs.len(), 15);
    let (direct, proxy, l128) = (
        mean_rps(&runs, "elb-direct"),
        mean_rps(&runs, "apigw-http-proxy"),
        mean_rps(&runs, "apigw-lambda 128 MB"),
    );

    // The default baseline is a direct run; the sentence compares the repeats, with
    // the interval of the share.
    let start = format!(
        "apigw-http-proxy: {} (",
        gatebench::format_pct(proxy / direct * 100.0)
    );
    harness.get_by_label_contains(&start);
    assert!(
        harness
            .query_all_by_label_contains("of elb-direct's throughput, p99 ")
            .filter(|n| text_of(n).is_some_and(|t| t.contains(", n = 3 vs 3: lower throughput")))
            .count()
            >= 4,
        "a sentence with n for each other group"
    );

    // Pick a 128 MB function run as the baseline instead.
    harness.get_by_label("Baseline").click();
    harness.run();
    // The entry in the drop-down, not a table cell.
    harness
        .get(by().label("apigw-lambda-128.run1").role(Role::Button))
        .click();
    harness.run();
    harness.get_by_label_contains(&format!(
        "elb-direct: {} (",
        gatebench::format_pct(direct / l128 * 100.0)
    ));
    assert_eq!(
        harness.state().runs()[harness.state().baseline().unwrap()].label,
        "apigw-lambda-128.run1"
    );
}

#[test]
fn a_bad_file_shows_an_error_and_keeps_the_loaded_runs() {
    let mut harness = common::window::loading(vec![common::seed_runs()]);
    assert_eq!(harness.state().runs().len(), 15);
    let bad = common::fixture("malformed/binary.bin");
    let ctx = harness.ctx.clone();
    harness.state_mut().open(vec![bad], &ctx);
    harness.run();
    assert!(!harness.state().is_loading());
    assert_eq!(harness.state().runs().len(), 15, "nothing loaded is lost");
    harness.get_by_label_contains("binary.bin: line");
    harness.get_by_label("1 file(s) could not be loaded");
    harness.get_by_label("Dismiss all").click();
    harness.run();
    assert!(harness.state().errors.is_empty());
}

#[test]
fn integration_and_memory_are_edited_in_the_table() {
    let runs = gatebench::load_file(&common::fixture("wrk/with-latency.txt")).unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 860.0))
        .build_eframe(move |_| GatebenchApp::with_runs(runs).inline());
    harness.run();
    let label = harness.state().runs()[0].label.clone();
    let memory = format!("memory of {label}");
    harness.get_by_label(&memory).focus();
    harness.get_by_label(&memory).type_text("768");
    harness.run();
    assert_eq!(harness.state().runs()[0].memory_mb, Some(768));

    harness
        .get_by_label(&format!("integration of {label}"))
        .focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_label(&format!("integration of {label}"))
        .type_text("apigw-lambda");
    harness.run();
    assert_eq!(
        harness.state().runs()[0].integration.as_deref(),
        Some("apigw-lambda")
    );

    // A label is edited too, and refused while another run has it.
    harness.get_by_label(&format!("label of {label}")).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_label(&format!("label of {label}"))
        .type_text("renamed");
    harness.run();
    assert_eq!(harness.state().runs()[0].label, "renamed");
}

/// A guess from the file name is shown as one until the user keeps it or edits it.
#[test]
fn guessed_names_are_kept_or_edited() {
    let dir = tempfile::tempdir().unwrap();
    let lambda = dir.path().join("apigw-lambda-512.txt");
    let direct = dir.path().join("elb-direct.txt");
    for path in [&lambda, &direct] {
        std::fs::copy(common::fixture("wrk/with-latency.txt"), path).unwrap();
    }
    let mut runs = gatebench::load_file(&lambda).unwrap();
    runs.extend(gatebench::load_file(&direct).unwrap());
    assert!(runs.iter().all(|r| r.inferred_from.is_some()));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 860.0))
        .build_eframe(move |_| GatebenchApp::with_runs(runs).inline());
    harness.run();
    harness
        .get_by_label("confirm integration of apigw-lambda-512")
        .click();
    harness.run();
    let state = harness.state().runs().to_vec();
    assert_eq!(state[0].inferred_from, None);
    assert_eq!(
        (state[0].integration.as_deref(), state[0].memory_mb),
        (Some("apigw-lambda"), Some(512)),
        "kept as guessed"
    );
    assert!(
        harness
            .query_by_label("confirm integration of apigw-lambda-512")
            .is_none(),
        "no longer a guess"
    );
    // Editing a guessed tier makes it the user's too.
    harness.get_by_label("memory of elb-direct").focus();
    harness
        .get_by_label("memory of elb-direct")
        .type_text("1024");
    harness.run();
    let state = harness.state().runs().to_vec();
    assert_eq!(state[1].memory_mb, Some(1024));
    assert_eq!(state[1].inferred_from, None);
}

#[test]
fn chart_tabs_switch() {
    let mut harness = common::window::loading(vec![common::seed_runs()]);
    harness.get_by_label("Throughput (% of elb-direct)");
    harness.get_by_label("Latency").click();
    harness.run();
    assert_eq!(
        harness.state().state.charts.chart,
        gatebench::ChartKind::Latency
    );
}

/// A file as the windowing layer hands it to egui when it is dropped.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropped_files_are_loaded() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 860.0))
        .build_eframe(|_| GatebenchApp::default().inline());
    harness.run();
    for rel in ["wrk/two-runs.txt", "wrk/seconds-latency.txt"] {
        let file: egui::DroppedFileHandle = std::sync::Arc::new(Dropped(common::fixture(rel)));
        harness.input_mut().dropped_files.push(file);
    }
    harness.run();
    assert!(!harness.state().is_loading());
    let labels: Vec<&str> = harness
        .state()
        .runs()
        .iter()
        .map(|r| r.label.as_str())
        .collect();
    assert_eq!(labels, ["two-runs", "two-runs #2", "seconds-latency"]);
    harness.get_by_label("3 run(s) loaded");
}

#[test]
fn selected_runs_merge_into_a_new_run() {
    let mut runs = gatebench::load_file(&common::fixture("hey/requests.csv")).unwrap();
    runs.extend(gatebench::load_file(&common::fixture("oha/requests.csv")).unwrap());
    runs.extend(gatebench::load_file(&common::fixture("wrk/with-latency.txt")).unwrap());
    let total = runs[0].requests.unwrap() + runs[1].requests.unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 860.0))
        .build_eframe(move |_| GatebenchApp::with_runs(runs).inline());
    harness.run();
    // Both files are named `requests`: one group of repeats, whose runs show on demand.
    harness.get_by_label("runs of requests").click();
    harness.run();
    harness.get_by_label("select requests").click();
    harness.get_by_label("select requests (2)").click();
    harness.run();
    harness.get_by_label("Merge selected (2)").click();
    harness.run();
    let state = harness.state();
    assert_eq!(state.runs().len(), 4, "the originals stay");
    assert_eq!(state.runs()[3].requests, Some(total));
    assert_eq!(state.runs()[3].tool, "hey + oha");

    // A wrk summary cannot be merged: an error, and nothing is lost.
    harness.get_by_label("select requests").click();
    harness.get_by_label("select with-latency").click();
    harness.run();
    harness.get_by_label("Merge selected (2)").click();
    harness.run();
    assert_eq!(harness.state().runs().len(), 4);
    harness.get_by_label_contains("merge: cannot merge with-latency (wrk");
}

#[test]
fn every_chart_tab_draws_or_says_what_it_needs() {
    let mut harness = common::window::loading(vec![common::seed_runs()]);
    harness
        .get(by().label("Percentile spectrum").role(Role::Button))
        .click();
    harness.run();
    harness.get(by().label("Percentile spectrum").role(Role::Label));
    harness.get_by_label("Memory tiers").click();
    harness.run();
    harness.get_by_label_contains("Throughput by Lambda memory");
    harness.get_by_label("Time series").click();
    harness.run();
    // wrk summaries have no per-second series: the tab says what to open.
    harness.get_by_label_contains("No run has a time series");
}

#[test]
fn the_shown_chart_exports_as_png_at_twice_the_density() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.png");
    let mut harness = common::window::loading(vec![common::seed_runs()]);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .start_export(gatebench::ChartTarget::File(path.clone()), &ctx);
    harness.run();
    assert!(!harness.state().is_exporting(), "the export finished");
    let errors = harness.state().errors.clone();
    assert!(errors.is_empty(), "{errors:?}");
    harness.get_by_label_contains("Chart written to");
    let image = image::open(&path).unwrap().to_rgba8();
    let (w, h) = image.dimensions();
    assert!(w >= 1000 && h >= 600, "twice the chart area: {w}x{h}");
}

/// *Export SVG…* writes the chart as shown: the legend entry switched off in the
/// window is off in the file, its bars not drawn, at the chart area's size.
#[test]
fn the_shown_chart_exports_as_svg_with_its_view() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.svg");
    let mut harness = common::window::loading(vec![common::seed_runs()]);
    harness
        .get(by().label("Latency").role(Role::Button))
        .click();
    harness.run();
    harness.get(by().label("max").role(Role::CheckBox)).click();
    harness.run();
    harness.get(by().label("Export SVG…").role(Role::Button));
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .start_export(gatebench::ChartTarget::File(path.clone()), &ctx);
    harness.run();
    let errors = harness.state().errors.clone();
    assert!(errors.is_empty(), "{errors:?}");
    let svg = std::fs::read_to_string(&path).unwrap();
    gatebench::parse_svg(&svg).unwrap();
    assert!(svg.contains("aria-label=\"Latency\""), "the chart shown");
    // mean, p50, p90, p99 shown; max (s4) switched off.
    assert!(
        svg.contains("class=\"entry off\" data-toggle=\"s4\""),
        "{svg}"
    );
    assert!(svg.contains("<g data-key=\"s4\" style=\"display:none\">"));
    assert!(svg.contains("<g data-key=\"s3\">"));
}

#[test]
fn the_shown_chart_copies_to_the_clipboard() {
    let mut harness = common::window::loading(vec![common::seed_runs()]);
    // The chart's own toolbar button.
    harness.get(by().label("Copy").role(Role::Button)).click();
    harness.step();
    assert!(harness.state().is_exporting(), "Copy starts an export");
    // The export ran inline: the next frame takes in its image.
    harness.step();
    let copied = harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyImage(image) => Some(image.size),
            _ => None,
        });
    if harness
        .state()
        .errors
        .iter()
        .any(|e| e.contains("no renderer is available"))
    {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must have a renderer"
        );
        eprintln!("\n*** SKIPPED: no renderer on this machine ***\n");
        return;
    }
    let [w, h] = copied.expect("a CopyImage command");
    assert!(w >= 1000 && h >= 600, "{w}x{h}");
    harness.run();
    harness.get_by_label("Chart copied to the clipboard");
}

/// The checked state of legend entry `name`.
fn legend_entry_checked(harness: &Harness<'static, GatebenchApp>, name: &str) -> bool {
    use egui::accesskit::Toggled;
    let node = harness.get(by().label(name).role(Role::CheckBox));
    node.accesskit_node().toggled() == Some(Toggled::True)
}

/// A legend entry switched off stays off across tab switches, is what the export
/// receives, and comes back with Reset view.
#[test]
fn legend_entries_switch_off_and_stay_off() {
    let mut harness = common::window::loading(vec![common::seed_runs()]);
    harness
        .get(by().label("Latency").role(Role::Button))
        .click();
    harness.run();
    assert!(legend_entry_checked(&harness, "max"));
    harness.get(by().label("max").role(Role::CheckBox)).click();
    harness.run();
    assert!(!legend_entry_checked(&harness, "max"));
    assert!(legend_entry_checked(&harness, "p99"));
    let hidden = &harness.state().state.charts.views.plots["Latency"].hidden;
    assert_eq!(hidden.iter().collect::<Vec<_>>(), ["max"]);

    // Away and back: still off.
    harness
        .get(by().label("Throughput").role(Role::Button))
        .click();
    harness.run();
    harness
        .get(by().label("Latency").role(Role::Button))
        .click();
    harness.run();
    assert!(!legend_entry_checked(&harness, "max"));

    harness.get_by_label("Reset view").click();
    harness.run();
    harness.run();
    assert!(legend_entry_checked(&harness, "max"));
    assert!(harness.state().state.charts.views.is_default());
}

/// The log latency axis is offered where latency is drawn as lines, and kept for
/// the export.
#[test]
fn the_log_latency_axis_switches_on() {
    let mut harness = common::window::loading(vec![common::seed_runs()]);
    assert!(
        harness
            .query_by(|n| n.label() == Some("Log latency axis".into()))
            .is_none(),
        "not offered for throughput bars"
    );
    harness
        .get(by().label("Percentile spectrum").role(Role::Button))
        .click();
    harness.run();
    harness.get_by_label("Log latency axis").click();
    harness.run();
    assert!(harness.state().state.charts.views.log_latency);
    // Still on in the time series.
    harness.get_by_label("Time series").click();
    harness.run();
    assert!(legend_entry_checked(&harness, "Log latency axis"));
}

/// Dragging a time-series panel pans both panels along time; the ranges shown are
/// kept for the export, and Reset view fits the data again.
#[test]
fn a_drag_pans_both_time_series_panels_and_reset_fits_again() {
    let mut harness =
        common::window::loading(vec![common::fixture("jmeter/html-report-testfile.jtl")]);
    harness
        .get(by().label("Time series").role(Role::Button))
        .click();
    harness.run();
    let title = harness
        .get_by_label("Time series: requests and errors")
        .rect();
    let start = title.left_bottom() + egui::vec2(400.0, 120.0);
    harness.hover_at(start);
    harness.step();
    harness.drag_at(start);
    harness.step();
    for dx in [20.0, 60.0, 120.0] {
        harness.hover_at(start + egui::vec2(dx, 0.0));
        harness.step();
    }
    harness.drop_at(start + egui::vec2(120.0, 0.0));
    harness.run();
    let views = &harness.state().state.charts.views;
    let rates = views.plots["time series rates"].bounds.expect("panned");
    let latency = views.plots["time series latency"]
        .bounds
        .expect("the linked panel moved too");
    assert!(
        rates[0] < 0.0,
        "dragged right: the range starts before 0 s: {rates:?}"
    );
    assert!((rates[0] - latency[0]).abs() < 1e-6 && (rates[1] - latency[1]).abs() < 1e-6);

    harness.get_by_label("Reset view").click();
    harness.run();
    harness.run();
    assert!(
        harness.state().state.charts.views.is_default(),
        "{:?}",
        harness.state().state.charts.views
    );
}

/// The text a node shows: a label's value, or its label.
fn text_of(node: &egui_kittest::Node<'_>) -> Option<String> {
    let n = node.accesskit_node();
    n.value().or_else(|| n.label())
}

/// Repeats: runs of one test are one row with n and intervals; putting runs in a
/// group of their own makes them a group, with a tested verdict against the
/// baseline's group, in the table and in the throughput chart.
#[test]
fn grouped_runs_show_intervals_and_verdicts() {
    // Six runs named api.run1..3: three of a 5 ms server, three of a 6 ms one.
    let mut harness = common::window::loading(vec![
        common::fixture("gate/fast"),
        common::fixture("gate/slow"),
    ]);
    harness.get_by_label("api (n = 6)");
    harness.get_by_label("runs of api").click();
    harness.run();
    for label in ["api.run1 (2)", "api.run2 (2)", "api.run3 (2)"] {
        harness
            .get(
                by().label(&format!("group of {label}"))
                    .role(Role::TextInput),
            )
            .focus();
        harness.run();
        harness
            .get(
                by().label(&format!("group of {label}"))
                    .role(Role::TextInput),
            )
            .type_text("slow");
        harness.run();
    }
    let runs = harness.state().runs().to_vec();
    assert_eq!(
        runs.iter()
            .filter(|r| r.group.as_deref() == Some("slow"))
            .count(),
        3
    );
    // The table: the group's row with its interval and a tested difference.
    harness.get_by_label("slow (n = 3)");
    harness.get_by_label("api (n = 3)");
    harness.get_by_label("lower");
    let share = harness
        .query_all_by_label_contains("% (")
        .filter_map(|n| text_of(&n))
        .find(|l| l.ends_with("%)") && l.contains('–') && !l.contains(':'))
        .expect("a share with its interval, such as 85% (84–86%)");
    assert!(share.starts_with("8"), "{share}");
    harness.get_by_label_contains("slow: 8");

    // The chart says what its bars show (for screen readers): the slow group's mean
    // with its interval and its share of the baseline group with its interval.
    let chart = harness
        .query_all_by_label_contains("Throughput (% of api); ")
        .filter_map(|n| text_of(&n))
        .next()
        .expect("the throughput chart, in words");
    let slow = chart
        .split("; ")
        .find(|p| p.starts_with("slow: "))
        .unwrap_or_else(|| panic!("{chart}"));
    assert!(
        slow.contains(" req/s (") && slow.contains('–') && slow.contains("(n = 3)"),
        "{slow}"
    );
    assert!(slow.ends_with(&format!(", {share}")), "{slow} / {share}");
}

/// Groups in the table are ordered by integration, then tier as a number: 128 MB,
/// 512 MB, 1024 MB (as text, 1024 came first).
#[test]
fn tiers_are_ordered_by_number_in_the_table() {
    let harness = common::window::loading(vec![common::seed_runs()]);
    let top = |label: &str| harness.get_by_label(label).rect().top();
    let rows = [
        "apigw-http-proxy (n = 3)",
        "apigw-lambda 128 MB (n = 3)",
        "apigw-lambda 512 MB (n = 3)",
        "apigw-lambda 1024 MB (n = 3)",
        "elb-direct (n = 3)",
    ];
    for pair in rows.windows(2) {
        assert!(top(pair[0]) < top(pair[1]), "{} above {}", pair[0], pair[1]);
    }
}

/// A JTL cut off by a stopped JMeter opens with its complete rows, and the window
/// says which line was cut, with the errors.
#[test]
fn a_cut_off_jtl_opens_with_a_warning() {
    let real = std::fs::read_to_string(common::fixture("jmeter/html-report-testfile.jtl")).unwrap();
    let cut = &real[..real.trim_end().rfind(',').unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stopped.jtl");
    std::fs::write(&path, cut).unwrap();
    let harness = common::window::loading(vec![path]);
    assert!(!harness.state().runs().is_empty());
    harness.get_by_label_contains("the file ends inside a row (was JMeter stopped?)");
}
