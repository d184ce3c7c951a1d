//! Workspaces without a window: a round trip of runs, edits, merges and the
//! baseline; a moved workspace; missing and changed sources; the atomic write; and
//! files that are no workspace.

use crate::common;

use std::path::{Path, PathBuf};

use gatebench::Origin;
use gatebench::RunSet;
use gatebench::{WorkspaceParts as Parts, WorkspaceProblem as Problem};

/// Copies the sample data and two HdrHistogram logs into `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let mut files = Vec::new();
    for f in gatebench::expand_inputs(&[common::seed_runs()])
        .into_iter()
        .chain([
            common::fixture("hlog/gen-a.hlog"),
            common::fixture("hlog/gen-b.hlog"),
        ])
    {
        let to = data.join(f.file_name().unwrap());
        std::fs::copy(&f, &to).unwrap();
        files.push(to);
    }
    files
}

/// A run set of `files` with edits of every kind, a merge, Power Tuning sizes and a
/// picked baseline.
fn edited(files: &[PathBuf]) -> RunSet {
    let mut set = RunSet::default();
    for f in files {
        let runs = gatebench::load_file(f).unwrap();
        set.add_file(f, &gatebench::Options::default(), runs);
    }
    let find = |set: &RunSet, label: &str| {
        let i = set.runs().iter().position(|r| r.label == label).unwrap();
        set.ids()[i]
    };
    let i = find(&set, "apigw-lambda-512.run1");
    set.edit(i, |run| {
        run.label = "lambda half a gig".into();
        run.memory_mb = Some(640);
        run.group = Some("odd ones".into());
    });
    let i = find(&set, "apigw-http-proxy.run2");
    set.edit(i, |run| run.integration = Some("apigw-rest-proxy".into()));
    // api-a of both generators, merged.
    let (a, a2) = (find(&set, "api-a"), find(&set, "api-a (2)"));
    let merged = set.merge(&[a, a2]).unwrap();
    set.edit(merged, |run| run.label = "api-a, both".into());
    let url = std::fs::read_to_string(common::fixture("power-tuning/readme-url.txt")).unwrap();
    let runs = gatebench::power_tuning_url_runs(&url).unwrap();
    let origins = (0..runs.len()).map(|index| Origin::PowerTuningUrl {
        url: url.clone(),
        index,
    });
    set.add_with(runs.into_iter().zip(origins).collect());
    set.remove(find(&set, "elb-direct.run3"));
    set.pick_baseline(find(&set, "elb-direct.run2"));
    set
}

fn save(set: &RunSet, at: &Path) -> gatebench::Workspace {
    let mut views = gatebench::ChartViews {
        log_latency: true,
        ..Default::default()
    };
    views.settings.noise_pct = 5.0;
    let planner = gatebench::PlannerForm {
        memory_mb: "2048".into(),
        ..Default::default()
    };
    let parts = Parts {
        runs: set,
        views: &views,
        planner: &planner,
        prices: &Default::default(),
        window: serde_json::json!({"tab": "Planner"}),
    };
    let (ws, dropped) = gatebench::capture_workspace(parts, at).unwrap();
    assert!(dropped.is_empty(), "every run has an origin: {dropped:?}");
    gatebench::write_atomic(at, gatebench::workspace_text(&ws).as_bytes()).unwrap();
    ws
}

/// What a user sees of a run: its label, edits and numbers.
fn seen(set_runs: &[gatebench::Run]) -> Vec<String> {
    set_runs
        .iter()
        .map(|r| {
            format!(
                "{} {:?} {:?} {:?} {:?} {:?} {:?}",
                r.label,
                r.integration,
                r.memory_mb,
                r.group,
                r.throughput_rps,
                r.latency.percentiles,
                r.merged_from
            )
        })
        .collect()
}

#[test]
fn a_workspace_gives_back_every_run_edit_merge_and_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let files = sources(dir.path());
    let set = edited(&files);
    let at = dir.path().join("analysis.gatebench");
    let saved = save(&set, &at);
    assert_eq!(
        saved.sources.len(),
        files.len() - 1,
        "every file but that of the removed run"
    );
    assert!(
        saved
            .sources
            .iter()
            .all(|s| s.path.starts_with("data/") && s.sha256.len() == 64),
        "sources relative to the workspace, with their hashes"
    );

    let restored = gatebench::open_workspace(&at, &|_| {}).unwrap();
    assert!(restored.problems.is_empty(), "{:?}", restored.problems);
    let runs: Vec<_> = restored.runs.iter().map(|(r, _)| r.clone()).collect();
    assert_eq!(seen(&runs), seen(set.runs()));
    assert_eq!(
        runs[restored.baseline.unwrap()].label,
        "elb-direct.run2",
        "the picked baseline"
    );
    assert!(
        runs.iter()
            .any(|r| r.label == "api-a, both" && r.merged_from.is_some())
    );
    assert!(
        runs.iter().all(|r| r.label != "elb-direct.run3"),
        "removed stays removed"
    );
    let ws = &restored.workspace;
    assert!(ws.views.log_latency && ws.views.settings.noise_pct == 5.0);
    assert_eq!(ws.planner.memory_mb, "2048");
    assert_eq!(ws.window["tab"], "Planner");

    // Saved again from the restored runs: the same file.
    let mut again = RunSet::default();
    let ids = again.add_with(restored.runs);
    again.pick_baseline(ids[restored.baseline.unwrap()]);
    let resaved = save(&again, &dir.path().join("again.gatebench"));
    assert_eq!(resaved.runs, saved.runs);
    assert_eq!(resaved.sources, saved.sources);
}

#[test]
fn a_workspace_moved_with_its_files_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    let files = sources(&first);
    let set = edited(&files);
    save(&set, &first.join("w.gatebench"));
    let moved = dir.path().join("elsewhere/deeper");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&first, &moved).unwrap();
    let restored = gatebench::open_workspace(&moved.join("w.gatebench"), &|_| {}).unwrap();
    assert!(restored.problems.is_empty(), "{:?}", restored.problems);
    assert_eq!(restored.runs.len(), set.len());
}

#[test]
fn a_missing_or_changed_source_is_named_and_the_rest_restored() {
    let dir = tempfile::tempdir().unwrap();
    let files = sources(dir.path());
    let set = edited(&files);
    let at = dir.path().join("w.gatebench");
    save(&set, &at);
    let gone = dir.path().join("data/apigw-http-proxy.run1.txt");
    let moved_to = dir.path().join("apigw-http-proxy.run1.txt");
    std::fs::rename(&gone, &moved_to).unwrap();
    let changed = dir.path().join("data/elb-direct.run1.txt");
    let text = std::fs::read_to_string(&changed).unwrap();
    std::fs::write(&changed, text.replace("Requests/sec:", "Requests/sec: ")).unwrap();

    let restored = gatebench::open_workspace(&at, &|_| {}).unwrap();
    let texts: Vec<String> = restored.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(restored.problems.len(), 2, "{texts:?}");
    assert!(
        matches!(&restored.problems[0], Problem::Missing { path, runs: 1, .. } if *path == gone)
    );
    assert!(
        texts[0].contains("apigw-http-proxy.run1.txt: missing"),
        "{}",
        texts[0]
    );
    assert!(matches!(&restored.problems[1], Problem::Changed { .. }));
    assert!(texts[1].contains("elb-direct.run1.txt: changed since the workspace was saved"));
    assert_eq!(
        restored.runs.len(),
        set.len() - 1,
        "all but the missing file's run"
    );
    assert_eq!(restored.skipped.len(), 1);

    // Pointed to its new place, the missing run comes back too.
    let source = restored.problems[0].source().unwrap();
    let again =
        gatebench::restore_workspace(restored.workspace, &at, &[(source, moved_to)], &|_| {});
    assert_eq!(again.runs.len(), set.len());
    assert!(again.skipped.is_empty());
}

#[test]
fn a_failing_write_leaves_the_old_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("w.gatebench");
    std::fs::write(&at, "the old workspace").unwrap();
    let failed = gatebench::write_atomic_with(&at, |file| {
        use std::io::Write;
        file.write_all(b"half of a new work")?;
        Err(std::io::Error::other("disk full"))
    });
    let error = failed.unwrap_err().to_string();
    assert!(
        error.contains("w.gatebench") && error.contains("disk full"),
        "{error}"
    );
    assert_eq!(std::fs::read_to_string(&at).unwrap(), "the old workspace");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left behind");
    gatebench::write_atomic(&at, b"new").unwrap();
    assert_eq!(std::fs::read_to_string(&at).unwrap(), "new");
}

#[test]
fn files_that_are_no_workspace_say_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let files = sources(dir.path());
    let good =
        gatebench::workspace_text(&save(&edited(&files), &dir.path().join("good.gatebench")));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "empty",
            Vec::new(),
            "the file is empty; expected a gatebench workspace",
        ),
        (
            "binary",
            vec![0, 159, 146, 150, 255, 0, 1],
            "not UTF-8 text",
        ),
        (
            "truncated",
            good.as_bytes()[..good.len() / 2].to_vec(),
            "the JSON ends early (the file looks truncated)",
        ),
        (
            "newer",
            good.replacen(
                "\"gatebench_workspace\": 1",
                "\"gatebench_workspace\": 7",
                1,
            )
            .into_bytes(),
            "written by a newer gatebench (workspace format 7",
        ),
        (
            "no version",
            b"{\"runs\": []}".to_vec(),
            "no format version",
        ),
        (
            "nonsense index",
            good.replacen("\"source\": 0", "\"source\": 99", 1)
                .into_bytes(),
            "reads source 99, but the workspace lists",
        ),
        (
            "wrong type",
            good.replacen("\"bytes\": ", "\"bytes\": \"many\", \"x\": ", 1)
                .into_bytes(),
            "expected the fields of docs/workspace-format.md",
        ),
        (
            "not json",
            b"label,elapsed\n1,2\n".to_vec(),
            "this is not valid JSON",
        ),
        (
            "gzip",
            {
                use std::io::Write;
                let mut enc =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                enc.write_all(good.as_bytes()).unwrap();
                enc.finish().unwrap()
            },
            "not UTF-8 text",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(format!("{name}.gatebench"));
        std::fs::write(&path, &bytes).unwrap();
        let error = gatebench::read_workspace(&path).unwrap_err().to_string();
        assert!(
            error.contains(&format!("{name}.gatebench")) && error.contains(expected),
            "{name}: {error}"
        );
    }
    // The line number JSON gives: the line of the field of the wrong type.
    let line = 1 + good
        .lines()
        .position(|l| l.contains("\"bytes\": "))
        .unwrap();
    let path = dir.path().join("wrong type.gatebench");
    let error = gatebench::read_workspace(&path).unwrap_err().to_string();
    assert!(
        error.contains(&format!("wrong type.gatebench: line {line}: invalid type")),
        "{error}"
    );
}
