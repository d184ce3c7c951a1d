//! The runner's schedule with generators that run no tool (as hyperfine's
//! `scheduler_basic` test runs its mock executor): each "run" writes a known hey
//! CSV at once, so that randomized rounds, resume after a stop at every position,
//! the stop rule, a generator lost mid-run, partial runs and Ctrl+C are each
//! tested in milliseconds. The tests with real wrk, hey and sshd (`experiment`,
//! `distributed`) prove the real thing.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use gatebench::experiments::{
    Event, Exit, Experiment, Fleet, Generator, GeneratorState, Observer, Offset, Outcome,
    PartFiles, PartPlan, Probe, Report, Running, Settings, Status, Tool,
};

/// What a fake part does, decided from its result file's name
/// (`direct.round2.csv`, `direct.round2.gen-b.csv`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Act {
    /// Writes `requests` rows of 1 ms each, spread over one second, and exits 0.
    Send { requests: usize },
    /// Runs until it is stopped (then exits 143, as `sh`'s trap does).
    Hold,
    /// Its connection breaks after the tool started: no end, exit 255.
    Lose,
}

type Script = dyn Fn(&str) -> Act + Send + Sync;

/// A generator that writes what its script says.
struct Fake {
    name: String,
    script: Arc<Script>,
    /// Every result file it was asked for, in order.
    calls: Arc<Mutex<Vec<String>>>,
}

impl Generator for Fake {
    fn name(&self) -> &str {
        &self.name
    }

    fn host(&self) -> &str {
        &self.name
    }

    fn probe(&self, tools: &[Tool]) -> Result<Probe, String> {
        Ok(Probe {
            tools: tools
                .iter()
                .map(|&t| (t, Some("fake 1.0".into())))
                .collect(),
            offset: Offset {
                offset_ms: 0.0,
                round_trip_ms: 0.0,
            },
        })
    }

    fn start(&self, _plan: &PartPlan, files: &PartFiles) -> Result<Box<dyn Running>, String> {
        let name = files
            .result
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        self.calls.lock().unwrap().push(name.clone());
        Ok(Box::new(FakeRunning {
            act: (self.script)(&name),
            result: files.result.clone(),
            reports: vec![Report::Ready],
            exit: None,
        }))
    }
}

struct FakeRunning {
    act: Act,
    result: PathBuf,
    reports: Vec<Report>,
    exit: Option<Exit>,
}

fn exit(code: i32) -> Option<Exit> {
    Some(Exit {
        code: Some(code),
        connection_lost: code == 255,
        why: None,
    })
}

impl Running for FakeRunning {
    fn reports(&mut self) -> Vec<Report> {
        std::mem::take(&mut self.reports)
    }

    fn go(&mut self, at_ns: i128) -> bool {
        self.reports.push(Report::Started(at_ns));
        match self.act {
            Act::Send { requests } => {
                let mut csv = String::from(
                    "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,\
                     status-code,offset\n",
                );
                for i in 0..requests {
                    let offset = i as f64 / requests as f64;
                    csv += &format!("0.0010,0,0,0,0.0010,0,200,{offset:.4}\n");
                }
                std::fs::write(&self.result, csv).unwrap();
                self.reports.push(Report::Ended(at_ns + 1_000_000_000, 0));
                self.exit = exit(0);
            }
            Act::Lose => self.exit = exit(255),
            Act::Hold => std::fs::write(&self.result, "half a file").unwrap(),
        }
        true
    }

    fn stop(&mut self) {
        if self.exit.is_none() {
            self.reports.push(Report::Ended(0, 143));
            self.exit = exit(143);
        }
    }

    fn ended(&mut self) -> Option<Exit> {
        self.exit.clone()
    }

    fn kill(&mut self) {
        self.stop();
    }

    fn finish(&mut self) -> Result<u64, String> {
        Ok(std::fs::metadata(&self.result).map_or(0, |m| m.len()))
    }
}

/// An observer that asks to stop at the `n`th measured start, or after the `n`th
/// run ended, and keeps what it was told.
#[derive(Default)]
struct Watcher {
    stop_at_start: Option<usize>,
    stop_after_end: Option<usize>,
    starts: usize,
    ends: usize,
    stop: bool,
    lost: Vec<String>,
}

impl Observer for Watcher {
    fn event(&mut self, event: Event) {
        match event {
            Event::Starting { warmup: false, .. } => {
                self.starts += 1;
                self.stop |= self.stop_at_start == Some(self.starts);
            }
            Event::Ended { .. } => {
                self.ends += 1;
                self.stop |= self.stop_after_end == Some(self.ends);
            }
            Event::Generator {
                name,
                state: GeneratorState::Lost(why),
            } => self.lost.push(format!("{name}: {why}")),
            _ => {}
        }
    }

    fn stop_requested(&self) -> bool {
        self.stop
    }
}

/// Three targets, hey, `extra` at the top of the file.
fn experiment(dir: &Path, extra: &str) -> Experiment {
    let path = dir.join("experiment.toml");
    let mut text =
        format!("tool = \"hey\"\nduration = \"1s\"\nwarmup = \"1s\"\nseed = 7\n{extra}\n");
    for name in ["direct", "proxy", "lambda"] {
        text += &format!("[[target]]\nname = \"{name}\"\nurl = \"http://127.0.0.1:9/\"\n\n");
    }
    std::fs::write(&path, &text).unwrap();
    gatebench::experiments::parse(&path, &text, &|_| true).unwrap()
}

/// `n` fakes (`gen-a`, ...), or this machine alone when `n` is 0, all following
/// `script`; the calls they saw.
fn fleet(n: usize, script: Arc<Script>) -> (Fleet, Arc<Mutex<Vec<String>>>) {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let fake = |name: String| -> Box<dyn Generator> {
        Box::new(Fake {
            name,
            script: script.clone(),
            calls: calls.clone(),
        })
    };
    let fleet = if n == 0 {
        Fleet::alone(fake("local".into()))
    } else {
        Fleet {
            generators: (0..n)
                .map(|i| fake(format!("gen-{}", (b'a' + i as u8) as char)))
                .collect(),
            alone: false,
        }
    };
    (fleet, calls)
}

fn every_run_sends() -> Arc<Script> {
    Arc::new(|_: &str| Act::Send { requests: 100 })
}

fn run(
    fleet: &Fleet,
    experiment: &Experiment,
    out: &Path,
    resume: bool,
    watcher: &mut Watcher,
) -> Outcome {
    let settings = Settings {
        out: out.to_owned(),
        resume,
    };
    gatebench::experiments::run_on(fleet, experiment, &settings, watcher).unwrap()
}

/// The finished (ok) runs of a manifest, as (cell, round), sorted.
fn finished(outcome: &Outcome) -> Vec<(String, u32)> {
    let mut ok: Vec<(String, u32)> = outcome
        .manifest
        .runs
        .iter()
        .filter(|r| r.status == Status::Ok)
        .map(|r| (r.cell.clone(), r.round))
        .collect();
    ok.sort();
    ok
}

#[test]
fn rounds_run_in_their_recorded_random_orders_and_files_keep_their_names() {
    let dir = tempfile::tempdir().unwrap();
    let e = experiment(dir.path(), "rounds = 3");
    let (fleet, calls) = fleet(0, every_run_sends());
    let out = dir.path().join("out");
    let outcome = run(&fleet, &e, &out, false, &mut Watcher::default());
    let m = &outcome.manifest;
    assert_eq!(m.rounds.len(), 3);
    let calls = calls.lock().unwrap().clone();
    // Warm-up then measurement, cell after cell in each round's recorded order.
    let mut expected = Vec::new();
    for r in &m.rounds {
        let mut order = r.order.clone();
        assert_eq!(order.len(), 3);
        for cell in &order {
            expected.push(format!("{cell}.round{}.warmup.csv", r.round));
            expected.push(format!("{cell}.round{}.csv", r.round));
        }
        order.sort();
        assert_eq!(order, ["direct", "lambda", "proxy"]);
    }
    assert_eq!(calls, expected);
    assert_ne!(m.rounds[0].order, m.rounds[1].order, "seed 7 shuffles");
    // This machine alone: one file a run, no generators in the record or manifest.
    assert!(m.generators.is_empty());
    for r in &m.runs {
        assert_eq!(r.status, Status::Ok);
        assert!(r.generators.is_empty());
        assert_eq!(r.file, format!("{}.round{}.csv", r.cell, r.round));
        assert_eq!(r.exit_code, Some(0));
        assert_eq!(r.tool_version, "fake 1.0");
    }
    assert_eq!(outcome.runs.runs().len(), 9);
    assert_eq!(outcome.runs.runs()[0].requests, Some(100));
}

#[test]
fn resume_after_a_stop_at_every_position_finishes_the_same_schedule() {
    let rounds = 2;
    let total = 3 * rounds;
    let dir = tempfile::tempdir().unwrap();
    let e = experiment(dir.path(), &format!("rounds = {rounds}"));
    let (whole, _) = fleet(0, every_run_sends());
    let reference = run(
        &whole,
        &e,
        &dir.path().join("whole"),
        false,
        &mut Watcher::default(),
    );
    for k in 1..=total {
        for mid_run in [true, false] {
            if !mid_run && k == total {
                continue; // a stop after the last run stops nothing
            }
            let out = dir.path().join(format!("out-{k}-{mid_run}"));
            // Mid-run: the k-th run holds until Stop, and is aborted. Between runs:
            // Stop comes as the k-th run ends, and the next never starts.
            let mut stopper = Watcher::default();
            let script: Arc<Script> = if mid_run {
                stopper.stop_at_start = Some(k);
                let measured = Mutex::new(0);
                Arc::new(move |name: &str| {
                    if name.contains(".warmup.") {
                        return Act::Send { requests: 100 };
                    }
                    let mut n = measured.lock().unwrap();
                    *n += 1;
                    if *n == k {
                        Act::Hold
                    } else {
                        Act::Send { requests: 100 }
                    }
                })
            } else {
                stopper.stop_after_end = Some(k);
                every_run_sends()
            };
            let (first, _) = fleet(0, script);
            let stopped = run(&first, &e, &out, false, &mut stopper);
            assert!(stopped.stopped, "k={k} mid_run={mid_run}");
            let done = if mid_run { k - 1 } else { k };
            assert_eq!(finished(&stopped).len(), done, "k={k}");
            let reason = stopped.manifest.stop_reason.clone().unwrap();
            assert!(
                reason.starts_with("stopped by the user in round"),
                "{reason}"
            );
            if mid_run {
                let last = stopped.manifest.runs.last().unwrap();
                assert_eq!(last.status, Status::Aborted);
                assert!(last.file.ends_with(".aborted.csv"), "{}", last.file);
                assert!(out.join(&last.file).is_file());
            }
            let (second, calls) = fleet(0, every_run_sends());
            let resumed = run(&second, &e, &out, true, &mut Watcher::default());
            assert!(!resumed.stopped);
            assert_eq!(
                finished(&resumed),
                finished(&reference),
                "k={k} mid_run={mid_run}"
            );
            assert_eq!(resumed.manifest.rounds, reference.manifest.rounds);
            assert_eq!(resumed.manifest.seed, reference.manifest.seed);
            // The resumed run ran only what was missing (and the warm-ups of it).
            let measured = calls
                .lock()
                .unwrap()
                .iter()
                .filter(|c| !c.contains(".warmup."))
                .count();
            assert_eq!(measured, total - done, "k={k} mid_run={mid_run}");
            assert_eq!(resumed.runs.runs().len(), total);
        }
    }
}

#[test]
fn the_stop_rule_stops_a_stable_experiment_at_min_and_runs_a_noisy_one_to_max() {
    let dir = tempfile::tempdir().unwrap();
    let e = experiment(
        dir.path(),
        "rounds = { min = 3, max = 6 }\nstop_when_ci_pct = 5",
    );
    let (stable, _) = fleet(0, every_run_sends());
    let o = run(
        &stable,
        &e,
        &dir.path().join("stable"),
        false,
        &mut Watcher::default(),
    );
    assert_eq!(o.manifest.rounds.len(), 3);
    let reason = o.manifest.stop_reason.clone().unwrap();
    assert!(
        reason.starts_with("every cell's 95% interval within ±5% after 3 rounds"),
        "{reason}"
    );
    // proxy sends 50, 150, 50, ... requests in its one second: never within ±5%.
    let noisy: Arc<Script> = Arc::new(|name: &str| {
        let round: usize = name.split(".round").nth(1).unwrap()[..1].parse().unwrap();
        let requests = if name.starts_with("proxy") && round.is_multiple_of(2) {
            150
        } else if name.starts_with("proxy") {
            50
        } else {
            100
        };
        Act::Send { requests }
    });
    let (noisy, _) = fleet(0, noisy);
    let o = run(
        &noisy,
        &e,
        &dir.path().join("noisy"),
        false,
        &mut Watcher::default(),
    );
    assert_eq!(o.manifest.rounds.len(), 6);
    let reason = o.manifest.stop_reason.clone().unwrap();
    assert!(reason.starts_with("reached max = 6 rounds"), "{reason}");
    assert!(reason.contains("proxy throughput ±"), "{reason}");
}

#[test]
fn a_generator_lost_mid_run_leaves_a_partial_run_of_the_others() {
    for (on_failure, expect_runs) in [("continue", 3), ("stop", 1)] {
        let dir = tempfile::tempdir().unwrap();
        let e = experiment(
            dir.path(),
            &format!("rounds = 1\non_generator_failure = \"{on_failure}\""),
        );
        // gen-b's connection breaks in its first measured run.
        let first = Arc::new(Mutex::new(true));
        let script: Arc<Script> = Arc::new(move |name: &str| {
            let mut first = first.lock().unwrap();
            if name.contains(".gen-b.") && !name.contains(".warmup.") && *first {
                *first = false;
                Act::Lose
            } else {
                Act::Send { requests: 100 }
            }
        });
        let (fleet, _) = fleet(3, script);
        let mut watcher = Watcher::default();
        let o = run(&fleet, &e, &dir.path().join("out"), false, &mut watcher);
        let m = &o.manifest;
        assert_eq!(m.generators.len(), 3);
        assert_eq!(m.runs.len(), expect_runs, "{on_failure}");
        let partial = &m.runs[0];
        assert_eq!(partial.status, Status::Partial);
        let error = partial.error.clone().unwrap();
        assert!(
            error.contains("gen-b (gen-b): the connection was lost mid-run"),
            "{error}"
        );
        assert_eq!(
            partial.file,
            format!("{}.round1.<generator>.csv", partial.cell)
        );
        assert_eq!(watcher.lost.len(), 1, "{:?}", watcher.lost);
        let run = o
            .runs
            .runs()
            .iter()
            .find(|r| r.label.starts_with(&format!("{} r1", partial.cell)))
            .unwrap();
        assert_eq!(
            run.label,
            format!("{} r1 (partial: gen-b lost)", partial.cell)
        );
        assert_eq!(
            run.requests,
            Some(200),
            "the other two generators' requests"
        );
        if on_failure == "stop" {
            assert!(o.stopped);
            let reason = m.stop_reason.clone().unwrap();
            assert!(
                reason.contains("on_generator_failure = \"stop\""),
                "{reason}"
            );
        } else {
            assert!(m.runs[1..].iter().all(|r| r.status == Status::Ok));
            let whole = o.runs.runs().iter().find(|r| r.requests == Some(300));
            assert!(whole.is_some(), "the other runs merge all three");
        }
    }
}

#[test]
fn every_generator_lost_fails_the_run_and_the_experiment_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let e = experiment(dir.path(), "rounds = 1");
    let script: Arc<Script> = Arc::new(|name: &str| {
        if name.starts_with("proxy") && !name.contains(".warmup.") {
            Act::Lose
        } else {
            Act::Send { requests: 100 }
        }
    });
    let (fleet, _) = fleet(2, script);
    let o = run(
        &fleet,
        &e,
        &dir.path().join("out"),
        false,
        &mut Watcher::default(),
    );
    let proxy = o.manifest.runs.iter().find(|r| r.cell == "proxy").unwrap();
    assert_eq!(proxy.status, Status::Failed);
    assert!(
        proxy
            .error
            .as_deref()
            .unwrap()
            .starts_with("every generator failed")
    );
    assert_eq!(o.failed().len(), 1);
    assert_eq!(o.runs.runs().len(), 2);
}

#[test]
fn ctrl_c_aborts_the_run_under_way_keeps_its_output_apart_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let e = experiment(dir.path(), "rounds = 1");
    let out = dir.path().join("out");
    // Ctrl+C during the second measured run, on two generators.
    let (fleet2, _) = fleet(
        2,
        Arc::new(|name: &str| {
            if name.contains(".warmup.") {
                Act::Send { requests: 100 }
            } else {
                Act::Hold
            }
        }),
    );
    let mut watcher = Watcher {
        stop_at_start: Some(1),
        ..Watcher::default()
    };
    let o = run(&fleet2, &e, &out, false, &mut watcher);
    assert!(o.stopped);
    let aborted = &o.manifest.runs[0];
    assert_eq!(aborted.status, Status::Aborted);
    assert_eq!(
        aborted.error.as_deref(),
        Some("stopped by the user; its output is kept and not analysed")
    );
    for part in &aborted.generators {
        assert!(part.file.ends_with(".aborted.csv"), "{}", part.file);
        assert!(out.join(&part.file).is_file());
    }
    assert!(watcher.lost.is_empty(), "a stop loses no generator");
    let (fleet2, _) = fleet(2, every_run_sends());
    let o = run(&fleet2, &e, &out, true, &mut Watcher::default());
    assert_eq!(finished(&o).len(), 3);
    assert_eq!(o.runs.runs().len(), 3);
}

#[test]
fn an_output_folder_made_before_the_backends_resumes() {
    // The bundled experiment's folder, written by the runner before generators
    // were backends, with its last hey run taken out of the manifest.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("experiment");
    std::fs::create_dir(&out).unwrap();
    for entry in std::fs::read_dir(root.join("experiment")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), out.join(entry.file_name())).unwrap();
        }
    }
    let text = std::fs::read_to_string(root.join("experiment.toml")).unwrap();
    let path = dir.path().join("experiment.toml");
    std::fs::write(&path, &text).unwrap();
    let mut e = gatebench::experiments::parse(&path, &text, &|_| true).unwrap();
    // No servers to start: the fake generator answers for them.
    (e.setup, e.teardown) = (None, None);
    let manifest_path = out.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    let runs = m["runs"].as_array_mut().unwrap();
    let before = runs.len();
    let taken = runs.iter().rposition(|r| r["tool"] == "hey").unwrap();
    let gone = runs.remove(taken);
    std::fs::write(&manifest_path, serde_json::to_string(&m).unwrap()).unwrap();

    let (alone, calls) = fleet(0, every_run_sends());
    let o = run(&alone, &e, &out, true, &mut Watcher::default());
    let cell = gone["cell"].as_str().unwrap();
    let round = gone["round"].as_u64().unwrap();
    assert_eq!(
        *calls.lock().unwrap(),
        [
            format!("{cell}.round{round}.warmup.csv"),
            format!("{cell}.round{round}.csv")
        ]
    );
    assert_eq!(o.manifest.runs.len(), before);
    assert!(o.manifest.runs.iter().all(|r| r.status == Status::Ok));
    assert!(o.manifest.generators.is_empty());
    assert_eq!(o.manifest.runs.last().unwrap().file, gone["file"]);
    // Every old run read again from its file, the new one from the fake's.
    // (Beside them, the server logs the sample captured, read again with them.)
    let clients = o.runs.runs().iter().filter(|r| r.server.is_none()).count();
    assert_eq!(clients, before);
}
