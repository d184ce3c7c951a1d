//! The Experiments tab, driven headless: an experiment against a server this test
//! starts on 127.0.0.1, its schedule, a bad key's message, Start, and the runs in
//! Results. Jobs run inline, so Start returns when the experiment has run.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use gatebench::{GatebenchApp, Tab};

use crate::common::http_server::HttpServer;

/// The window with no runs, on the Experiments tab, its file `file`.
fn experiments_tab(file: String) -> Harness<'static, GatebenchApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |_| {
            let mut app = GatebenchApp::with_runs(Vec::new()).inline();
            app.state.experiments.path = file.clone();
            app
        });
    harness.get_by_label("Experiments").click();
    harness.run();
    harness
}

#[test]
fn the_tab_shows_the_schedule_runs_the_experiment_and_fills_results() {
    let _load = crate::common::load_lock::exclusive();
    let server = HttpServer::fixed(1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tab.toml");
    let good = format!(
        "tool = \"hey\"\nduration = \"1s\"\nconnections = 2\nrounds = 2\nseed = 4\n\
         [[target]]\nname = \"a\"\nurl = \"{0}\"\n[[target]]\nname = \"b\"\nurl = \"{0}\"\n",
        server.url()
    );
    std::fs::write(&path, "tool = \"hey\"\nconections = 2\n").unwrap();
    let file = path.display().to_string();
    let mut harness = experiments_tab(file);
    assert_eq!(harness.state().state.tab, Tab::Experiments);
    // The file's mistake, with its line, and Start disabled.
    harness.get_by_label_contains("line 2: unknown field `conections`");
    assert!(harness.get_by_label("Start").accesskit_node().is_disabled());

    std::fs::write(&path, &good).unwrap();
    harness.get_by_label("Reload").click();
    harness.run();
    harness.run();
    harness.get_by_label_contains("2 cell(s) x 2 round(s), seed 4");
    harness.get_by_label_contains("round 2: ");
    harness.get_by_label("Start").click();
    harness.run();
    harness.run();
    assert_eq!(harness.state().runs().len(), 4, "every run is in Results");
    let out = dir.path().join("tab");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["runs"].as_array().unwrap().len(), 4);
    assert_eq!(manifest["stop_reason"], "ran the 2 round(s) asked");
}

/// The sample experiment in Results: *Exclude warm-up* shows every settled run
/// without its transient, and turning it off gives the figures as read.
#[test]
fn exclude_warmup_in_results() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data/experiment/experiment.gatebench");
    let mut harness = crate::common::window::loading(vec![workspace]);
    let as_read: Vec<Option<u64>> = harness.state().runs().iter().map(|r| r.requests).collect();
    // The 15 client runs and the 27 server logs captured with them.
    assert_eq!(as_read.len(), 42);
    let settled = harness
        .state()
        .runs()
        .iter()
        .filter(|r| {
            r.steady_state
                .is_some_and(|s| s.after_s.is_some_and(|a| a > 0.0))
        })
        .count();
    assert!(settled > 0, "hey's runs have a steady state");
    harness.get_by_label("Exclude warm-up").click();
    harness.run();
    let trimmed: Vec<Option<u64>> = harness.state().runs().iter().map(|r| r.requests).collect();
    let fewer = as_read.iter().zip(&trimmed).filter(|(a, t)| t < a).count();
    assert_eq!(
        fewer, settled,
        "each settled run loses its transient, no other"
    );
    harness.get_by_label("Exclude warm-up").click();
    harness.run();
    let again: Vec<Option<u64>> = harness.state().runs().iter().map(|r| r.requests).collect();
    assert_eq!(again, as_read);
}

/// Generators in the tab: listed from the file before Start, then with their
/// state, clock offset and tool after the run; the merged runs reach Results.
#[test]
fn the_tab_lists_the_generators_and_their_state() {
    let _load = crate::common::load_lock::exclusive();
    let Some(hosts) = crate::common::sshd::Hosts::start(&["tab-gen"], &[]) else {
        return;
    };
    let server = HttpServer::fixed(1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fleet.toml");
    std::fs::write(
        &path,
        format!(
            "tool = \"hey\"\nduration = \"1s\"\nconnections = 1\nrounds = 2\nseed = 4\n\
             [[target]]\nname = \"a\"\nurl = \"{}\"\n\n{}[[generator]]\nlocal = true\n",
            server.url(),
            hosts.generators()
        ),
    )
    .unwrap();
    let file = path.display().to_string();
    let mut harness = experiments_tab(file);
    harness.get_by_label_contains("every run runs on all 2 at once");
    // Its name and its host.
    assert_eq!(harness.query_all_by_label("tab-gen").count(), 2);
    assert_eq!(
        harness
            .query_all_by_label("not checked yet: Start checks it")
            .count(),
        2
    );
    harness.get_by_label("Start").click();
    harness.run();
    harness.run();
    assert_eq!(harness.query_all_by_label("done").count(), 2);
    assert_eq!(
        harness
            .query_all_by_label("hey (prints no version)")
            .count(),
        2
    );
    assert_eq!(harness.query_all_by_label_contains(" ms ±").count(), 2);
    let runs = harness.state().runs();
    assert_eq!(runs.len(), 2, "every merged run is in Results");
    assert!(
        runs.iter()
            .all(|r| r.window.is_some() && r.merged_from.is_some())
    );
}

/// A setup that fails: the tab says the experiment did not run and shows what the
/// setup said (here, what to install), not only "see setup.log".
#[test]
fn a_failed_setup_shows_its_words_in_the_tab() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("needs.toml");
    std::fs::write(
        &path,
        "tool = \"hey\"\nduration = \"1s\"\nrounds = 1\n\
         setup = \"echo 'missing: nginx (Debian package nginx-light)' >&2; exit 1\"\n\
         [[target]]\nname = \"a\"\nurl = \"http://127.0.0.1:9/\"\n",
    )
    .unwrap();
    let file = path.display().to_string();
    let mut harness = experiments_tab(file);
    harness.run();
    harness.get_by_label("Start").click();
    harness.run();
    harness.run();
    harness.get_by_label("The experiment did not run:");
    // One label: the error with the log's path, then the setup's own words.
    let with_log = harness.get_by_label_contains("exited with 1; see ").rect();
    let with_words = harness
        .get_by_label_contains("missing: nginx (Debian package nginx-light)")
        .rect();
    assert_eq!(with_log, with_words);
    harness.get_by_label_contains("setup.log, after:");
    assert!(harness.state().runs().is_empty());
}

/// A new user's Start on the sample experiment runs anew: the bundled output
/// folder holds an experiment already, so the tab's default is the next free one
/// (Resume keeps the folder itself).
#[test]
fn the_sample_experiment_starts_in_a_free_folder() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut app = GatebenchApp::with_runs(Vec::new());
    app.state.experiments.path = root
        .join("sample-data/experiment.toml")
        .display()
        .to_string();
    let out = app.state.experiments.out_folder();
    assert_eq!(
        out,
        root.join("sample-data/experiment-2"),
        "{}",
        out.display()
    );
    app.state.experiments.resume = true;
    assert_eq!(
        app.state.experiments.out_folder(),
        root.join("sample-data/experiment")
    );
}

/// The file's `[record]` is honoured by the tab as by `gatebench run`: the finished
/// runs are in the history, each cell a series.
#[test]
fn the_tab_records_the_runs_where_the_file_says() {
    let _load = crate::common::load_lock::exclusive();
    let server = HttpServer::fixed(1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rec.toml");
    std::fs::write(
        &path,
        format!(
            "tool = \"hey\"\nduration = \"1s\"\nconnections = 2\nrounds = 2\nseed = 5\n\
             [record]\ndb = \"runs.db\"\nseries = \"tab\"\n\
             [[target]]\nname = \"a\"\nurl = \"{0}\"\n[[target]]\nname = \"b\"\nurl = \"{0}\"\n",
            server.url()
        ),
    )
    .unwrap();
    let file = path.display().to_string();
    let mut harness = experiments_tab(file);
    harness.run();
    harness.get_by_label("Start").click();
    harness.run();
    harness.run();
    assert_eq!(harness.state().runs().len(), 4);
    let db = dir.path().join("runs.db");
    let out = crate::common::gatebench(&[
        "history",
        "list",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", crate::common::text(&out.stderr));
    let listed = crate::common::text(&out.stdout);
    assert!(
        listed.contains("\"tab/a\"") && listed.contains("\"tab/b\""),
        "{listed}"
    );
    harness.get_by_label_contains("recorded 4 run(s) in ");
}
