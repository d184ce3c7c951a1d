//! `gatebench run`: real load tools (wrk, hey, ab, oha) against HTTP servers this
//! test starts on 127.0.0.1, in bounded runs of a second or two.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use crate::common::http_server::HttpServer;
use crate::common::{gatebench, manifest, run_experiment, text};

/// A scratch folder with `experiment.toml` holding `toml`.
fn experiment(toml: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("experiment.toml");
    std::fs::write(&path, toml).unwrap();
    (dir, path)
}

/// `gatebench run PATH --out FOLDER/out EXTRA...`: the output folder and what it
/// printed.
fn run_out(folder: &Path, path: &Path, extra: &[&str]) -> (PathBuf, Output) {
    let out = folder.join("out");
    let o = run_experiment(path, &out, extra);
    (out, o)
}

fn target(name: &str, url: &str, extra: &str) -> String {
    format!("[[target]]\nname = \"{name}\"\nurl = \"{url}\"\n{extra}\n")
}

#[test]
fn three_targets_three_rounds_in_recorded_random_orders() {
    let _load = crate::common::load_lock::exclusive();
    let (a, b, c) = (
        HttpServer::fixed(1),
        HttpServer::fixed(2),
        HttpServer::fixed(3),
    );
    let toml = format!(
        "tool = \"hey\"\nduration = \"1s\"\nwarmup = \"1s\"\nconnections = 2\nrounds = 3\nseed = 11\n{}{}{}",
        target(
            "direct",
            &a.url(),
            "tool = \"wrk\"\nthreads = 1\nintegration = \"elb-direct\""
        ),
        target("proxy", &b.url(), "integration = \"apigw-http-proxy\""),
        target(
            "lambda",
            &c.url(),
            "tool = \"oha\"\nintegration = \"apigw-lambda\"\nmemory_mb = 512"
        ),
    );
    let (dir, path) = experiment(&toml);
    let (out, o) = run_out(dir.path(), &path, &[]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    let m = manifest(&out);
    assert_eq!(m["seed"], 11);
    assert_eq!(m["stop_reason"], "ran the 3 round(s) asked");
    let rounds = m["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 3);
    let mut orders = Vec::new();
    for (i, r) in rounds.iter().enumerate() {
        assert_eq!(r["round"], i as u64 + 1);
        let mut order: Vec<String> = r["order"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        orders.push(order.clone());
        order.sort();
        assert_eq!(order, ["direct", "lambda", "proxy"], "a permutation");
    }
    let runs = m["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 9);
    for r in runs {
        assert_eq!(r["status"], "ok", "{r}");
        let round = r["round"].as_u64().unwrap() as usize;
        let position = r["position"].as_u64().unwrap() as usize;
        // Each run ran where its round's recorded order put it.
        assert_eq!(orders[round - 1][position - 1], r["cell"].as_str().unwrap());
        assert!(out.join(r["file"].as_str().unwrap()).is_file());
        assert!(r["command"][0].is_string());
        for key in ["tool_version", "host", "started_at", "ended_at"] {
            assert!(r[key].is_string(), "{key} in {r}");
        }
        assert_eq!(r["exit_code"], 0);
        assert!(
            r.get("stderr_file").is_none(),
            "nothing on stderr: no file named {r}"
        );
    }
    // The runs ran in the recorded order: their start times follow it.
    let mut by_time: Vec<&serde_json::Value> = runs.iter().collect();
    by_time.sort_by_key(|r| r["started_at"].as_str().unwrap().to_owned());
    for pair in by_time.windows(2) {
        let key = |r: &serde_json::Value| (r["round"].as_u64(), r["position"].as_u64());
        assert!(key(pair[0]) < key(pair[1]));
    }
    let wrk = runs.iter().find(|r| r["cell"] == "direct").unwrap();
    assert_eq!(wrk["file"], format!("direct.round{}.txt", wrk["round"]));
    // The workspace opens: nine runs in three groups, each with its integration;
    // the output folder opens as its workspace, not as its files (warm-ups
    // included).
    assert!(out.join("direct.round1.warmup.txt").is_file());
    let s = gatebench(&["summarize", "--format", "json", out.to_str().unwrap()]);
    assert_eq!(s.status.code(), Some(0), "{}", text(&s.stderr));
    let json: serde_json::Value = serde_json::from_slice(&s.stdout).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 9);
    for r in list {
        let group = r["group"].as_str().unwrap();
        let integration = r["integration"].as_str().unwrap();
        match group {
            "direct" => assert_eq!(integration, "elb-direct"),
            "proxy" => assert_eq!(integration, "apigw-http-proxy"),
            "lambda" => {
                assert_eq!(integration, "apigw-lambda");
                assert_eq!(r["memory_mb"], 512);
            }
            other => panic!("group {other}"),
        }
        assert!(r["throughput_rps"].as_f64().unwrap() > 0.0);
    }
    // wrk's run has its whole distribution: the tail stock wrk never prints.
    let direct = list.iter().find(|r| r["group"] == "direct").unwrap();
    for key in ["99.9", "99.99"] {
        assert!(
            direct["latency_ms"]["percentiles"][key].is_number(),
            "{direct}"
        );
    }
    // The table on stdout is summarize's.
    assert!(text(&o.stdout).contains("repeats (the mean of each group"));
}

#[test]
fn the_stop_rule_ends_early_on_a_stable_server_and_runs_to_max_on_a_noisy_one() {
    let _load = crate::common::load_lock::exclusive();
    let stable = HttpServer::fixed(5);
    // Each connection draws 1 ms or 40 ms: with two connections a run's throughput
    // is one of three levels, far apart.
    let noisy = HttpServer::start(|n| {
        let x = (n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 33) % 2;
        Duration::from_millis(if x == 0 { 1 } else { 40 })
    });
    let (dir, path) = experiment(&format!(
        "tool = \"hey\"\nduration = \"1s\"\nconnections = 2\nseed = 3\n\
         rounds = {{ min = 2, max = 8 }}\nstop_when_ci_pct = 30\n{}",
        target("stable", &stable.url(), "")
    ));
    let (out, o) = run_out(dir.path(), &path, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let m = manifest(&out);
    let reason = m["stop_reason"].as_str().unwrap();
    assert!(
        reason.starts_with("every cell's 95% interval within ±30%"),
        "{reason}"
    );
    assert!(m["rounds"].as_array().unwrap().len() < 8, "{reason}");

    let (dir, path) = experiment(&format!(
        "tool = \"hey\"\nduration = \"1s\"\nconnections = 2\nseed = 3\n\
         rounds = {{ min = 2, max = 4 }}\nstop_when_ci_pct = 0.1\n{}",
        target("noisy", &noisy.url(), "")
    ));
    let (out, o) = run_out(dir.path(), &path, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let m = manifest(&out);
    let reason = m["stop_reason"].as_str().unwrap();
    assert!(reason.starts_with("reached max = 4 rounds"), "{reason}");
    assert_eq!(m["runs"].as_array().unwrap().len(), 4);
}

#[test]
fn a_sweep_makes_a_cell_of_each_value() {
    let _load = crate::common::load_lock::exclusive();
    let server = HttpServer::fixed(2);
    let (dir, path) = experiment(&format!(
        "tool = \"wrk\"\nthreads = 1\nduration = \"1s\"\nrounds = 1\nseed = 1\n\
         [sweep]\nconnections = [1, 4]\n{}",
        target("api", &server.url(), "")
    ));
    let dry = gatebench(&["run", path.to_str().unwrap(), "--dry-run"]);
    let plan = text(&dry.stdout);
    assert!(plan.starts_with("2 cell(s) x 1 round(s), seed 1"), "{plan}");
    assert!(
        plan.contains("api c=1") && plan.contains("api c=4"),
        "{plan}"
    );
    assert!(
        !dir.path().join("experiment").exists(),
        "a dry run runs nothing"
    );
    let o = gatebench(&["run", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = dir.path().join("experiment");
    assert!(out.join("api.c=1.round1.txt").is_file());
    assert!(out.join("api.c=4.round1.txt").is_file());
    let s = gatebench(&[
        "summarize",
        "--format",
        "json",
        out.join("experiment.gatebench").to_str().unwrap(),
    ]);
    let json: serde_json::Value = serde_json::from_slice(&s.stdout).unwrap();
    let mut sweeps: Vec<(f64, u64)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["sweep"]["value"].as_f64().unwrap(),
                r["connections"].as_u64().unwrap(),
            )
        })
        .collect();
    sweeps.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(sweeps, [(1.0, 1), (4.0, 4)]);
}

/// `gatebench run sub/x.toml` from another folder: the default output folder is
/// relative to where gatebench runs, the tools run in the experiment's folder, and
/// wrk still finds its script (its whole distribution is in the output).
#[test]
fn relative_paths_from_another_folder() {
    let _load = crate::common::load_lock::exclusive();
    let server = HttpServer::fixed(2);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(
        dir.path().join("sub/x.toml"),
        format!(
            "tool = \"wrk\"\nthreads = 1\nconnections = 2\nduration = \"1s\"\n\
             rounds = 1\nseed = 1\n{}",
            target("api", &server.url(), "")
        ),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args(["run", "sub/x.toml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = dir.path().join("sub/x");
    let result = std::fs::read_to_string(out.join("api.round1.txt")).unwrap();
    assert!(
        result.contains("Latency distribution (wrk done(), gatebench):"),
        "{result}"
    );
    assert!(manifest(&out)["runs"][0].get("stderr_file").is_none());
}

#[cfg(unix)]
#[test]
fn stop_then_resume_finishes_what_is_missing() {
    let _load = crate::common::load_lock::exclusive();
    let server = HttpServer::fixed(2);
    let (dir, path) = experiment(&format!(
        "tool = \"hey\"\nduration = \"2s\"\nconnections = 2\nrounds = 2\nseed = 9\n{}{}",
        target("a", &server.url(), ""),
        target("b", &server.url(), "")
    ));
    let out = dir.path().join("out");
    let child = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args([
            "run",
            path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Once the first run is recorded, the second is under way: stop it.
    let begun = std::time::Instant::now();
    loop {
        let done = std::fs::read(out.join("manifest.json"))
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .is_some_and(|m| m["runs"].as_array().is_some_and(|r| r.len() == 1));
        if done {
            break;
        }
        assert!(begun.elapsed() < Duration::from_secs(60), "no run finished");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(700));
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("--resume"), "{}", text(&o.stderr));
    let m = manifest(&out);
    let runs = m["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["status"], "ok");
    assert_eq!(runs[1]["status"], "aborted");
    let aborted = runs[1]["file"].as_str().unwrap();
    assert!(aborted.contains(".aborted."), "{aborted}");
    assert!(
        m["stop_reason"]
            .as_str()
            .unwrap()
            .starts_with("stopped by the user")
    );
    // No hey is left running.
    let ps = Command::new("ps").args(["-eo", "args"]).output().unwrap();
    assert!(
        !text(&ps.stdout).contains(&server.url()),
        "a tool still runs"
    );
    // The aborted run is never analysed: the workspace holds the finished one.
    let s = gatebench(&[
        "summarize",
        "--format",
        "json",
        out.join("experiment.gatebench").to_str().unwrap(),
    ]);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&s.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Without --resume the folder is refused; with it, the rest runs.
    let (_, again) = run_out(dir.path(), &path, &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("add --resume"),
        "{}",
        text(&again.stderr)
    );
    let (_, o) = run_out(dir.path(), &path, &["--resume"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let m = manifest(&out);
    let runs = m["runs"].as_array().unwrap();
    let ok = runs.iter().filter(|r| r["status"] == "ok").count();
    assert_eq!(ok, 4, "{runs:?}");
    assert_eq!(m["seed"], 9);
    assert!(out.join(aborted).is_file(), "the aborted output is kept");

    // A changed experiment is not resumed.
    let mut changed = std::fs::read_to_string(&path).unwrap();
    changed.push_str("\n# changed\n");
    std::fs::write(&path, changed).unwrap();
    let (_, o) = run_out(dir.path(), &path, &["--resume"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("changed since this experiment began"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn a_failing_tool_fails_its_run_and_the_experiment_goes_on() {
    let _load = crate::common::load_lock::exclusive();
    let server = HttpServer::fixed(1);
    // A port nothing listens on: ab cannot connect and exits non-zero.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let (dir, path) = experiment(&format!(
        "tool = \"ab\"\nduration = \"1s\"\nconnections = 2\nrounds = 1\nseed = 2\n{}{}",
        target("up", &server.url(), ""),
        target("down", &format!("http://127.0.0.1:{port}/"), "")
    ));
    let (out, o) = run_out(dir.path(), &path, &[]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("1 run(s) failed"), "{stderr}");
    assert!(
        stderr.contains("down round 1: `ab` exited with"),
        "{stderr}"
    );
    let m = manifest(&out);
    let down = m["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["cell"] == "down")
        .unwrap()
        .clone();
    assert_eq!(down["status"], "failed");
    assert_ne!(down["exit_code"], 0);
    let kept = std::fs::read_to_string(out.join(down["stderr_file"].as_str().unwrap())).unwrap();
    assert!(
        kept.contains("onnection refused") || !kept.is_empty(),
        "{kept}"
    );
    let up = m["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["cell"] == "up")
        .unwrap()
        .clone();
    assert_eq!(up["status"], "ok");
    assert!(
        text(&o.stdout).contains("up r1"),
        "the summary table names the finished run"
    );
}

#[test]
fn a_missing_tool_is_named_before_anything_runs() {
    let _load = crate::common::load_lock::exclusive();
    let (dir, path) = experiment(&format!(
        "duration = \"1s\"\ntool = \"wrk\"\n{}",
        target("a", "http://127.0.0.1:9/", "")
    ));
    let empty = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args(["run", path.to_str().unwrap()])
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o.stderr).trim(),
        format!(
            "error: {}: line 2: key `tool`: `wrk` is not installed (no `wrk` on the PATH) \
             (Debian: apt-get install wrk)",
            path.display()
        )
    );
    assert!(!dir.path().join("experiment").exists());
}

#[test]
fn every_bad_file_error_names_its_line_and_key() {
    let _load = crate::common::load_lock::exclusive();
    let url = "http://127.0.0.1:9/";
    let cases: &[(&str, &str)] = &[
        (
            "tool = \"hey\"\nconections = 5\n",
            "line 2: unknown field `conections`",
        ),
        (
            "tool = \"hey\"\nduration = \"soon\"\n",
            "line 2: key `duration`: `soon` is not a duration",
        ),
        (
            "tool = \"hey\"\nduration = \"0s\"\n",
            "line 2: key `duration`: `0s` is zero",
        ),
        (
            "tool = \"hey\"\nrounds = \"three\"\n",
            "line 2: key `rounds`: ",
        ),
        (
            "tool = \"hey\"\nrounds = { min = 3, max = 20 }\n",
            "line 2: key `rounds`: a range of rounds needs `stop_when_ci_pct`",
        ),
        (
            "tool = \"hey\"\nrounds = 3\nstop_when_ci_pct = 5\n",
            "line 3: key `stop_when_ci_pct`: needs a range",
        ),
        (
            "tool = \"ab\"\nrate = 100\n",
            "line 2: key `rate`: ab sends as fast as it can",
        ),
        (
            "tool = \"hey\"\nconnections = 0\n",
            "line 2: key `connections`: 0: expected at least 1",
        ),
        (
            "tool = \"hey\"\n[sweep]\nretries = [1, 2]\n",
            "line 3: [sweep] key `retries`",
        ),
        ("tool = \"hey\"\nseed = -1\n", "line 2: "),
    ];
    for (head, expected) in cases {
        let (_dir, path) = experiment(&format!("{head}\n{}", target("a", url, "")));
        let o = gatebench(&["run", path.to_str().unwrap(), "--dry-run"]);
        assert_eq!(o.status.code(), Some(2), "{head}");
        let stderr = text(&o.stderr);
        assert!(stderr.contains(expected), "{head}: {stderr}");
    }
    let (_dir, path) = experiment("tool = \"hey\"\n[[target]]\nname = \"a\"\nurl = \"ftp://x\"\n");
    let o = gatebench(&["run", path.to_str().unwrap(), "--dry-run"]);
    assert!(
        text(&o.stderr).contains("line 4: key `url`: `ftp://x`: expected an http://"),
        "{}",
        text(&o.stderr)
    );
    let (_dir, path) = experiment("tool = \"hey\"\n");
    let o = gatebench(&["run", path.to_str().unwrap(), "--dry-run"]);
    assert!(
        text(&o.stderr).contains("no [[target]]"),
        "{}",
        text(&o.stderr)
    );
    let (_dir, path) = experiment(&format!(
        "tool = \"hey\"\n{}{}",
        target("a", url, ""),
        target("a", url, "")
    ));
    let o = gatebench(&["run", path.to_str().unwrap(), "--dry-run"]);
    assert!(
        text(&o.stderr).contains("line 7: key `name`: `a` names two targets"),
        "{}",
        text(&o.stderr)
    );
}

/// True when `tool` is on the PATH; in CI (`CI=true`, where `.ci/run` installs it)
/// its absence fails the test, elsewhere it is said loudly and the test skipped.
fn installed(tool: &str) -> bool {
    let found = Command::new(tool).arg("version").output().is_ok();
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must have {tool}"
        );
        eprintln!("\n*** SKIPPED: {tool} is not installed ***\n");
    }
    found
}

/// k6 runs the script gatebench writes, at a fixed rate where one is asked for, and
/// its CSV gives every request: the run's count matches the rate.
#[test]
fn k6_runs_at_the_rate_asked() {
    let _load = crate::common::load_lock::exclusive();
    if !installed("k6") {
        return;
    }
    let server = HttpServer::fixed(1);
    let (dir, path) = experiment(&format!(
        "tool = \"k6\"\nconnections = 4\nduration = \"2s\"\nrate = 50\nrounds = 1\nseed = 3\n{}",
        target("api", &server.url(), "integration = \"apigw-http-proxy\"")
    ));
    let (out, o) = run_out(dir.path(), &path, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let m = manifest(&out);
    let run = &m["runs"][0];
    assert_eq!(run["tool"], "k6");
    assert!(
        run["tool_version"].as_str().unwrap().starts_with("k6 v"),
        "{run}"
    );
    let s = gatebench(&["summarize", "--format", "json", out.to_str().unwrap()]);
    assert_eq!(s.status.code(), Some(0), "{}", text(&s.stderr));
    let json: serde_json::Value = serde_json::from_slice(&s.stdout).unwrap();
    let r = &json[0];
    assert_eq!(r["tool"], "k6");
    assert_eq!(r["integration"], "apigw-http-proxy");
    // 50 requests/s for 2 s: k6's constant arrival rate starts 100 (± one tick).
    let requests = r["requests"].as_u64().unwrap();
    assert!((99..=101).contains(&requests), "{requests} requests");
    assert!(r["latency_ms"]["percentiles"]["99"].as_f64().unwrap() >= 1.0);
}

/// The sample experiment says what it needs: on a machine without nginx and
/// haproxy (a PATH without /usr/sbin, where Debian puts them), its setup names them
/// with their Debian packages before it starts anything, and `gatebench run` quotes
/// the setup's words with the log they stay in.
#[test]
fn the_sample_setup_names_what_is_missing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let path = "/usr/local/bin:/usr/bin:/bin";
    let start = Command::new("bash")
        .arg(root.join("sample-data/setup/start.sh"))
        .env("PATH", path)
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert_eq!(start.status.code(), Some(1));
    let said = text(&start.stderr);
    assert!(
        said.contains("  - nginx (Debian package nginx-light)"),
        "{said}"
    );
    assert!(
        said.contains("  - haproxy (Debian package haproxy)"),
        "{said}"
    );
    assert!(
        !said.contains("python3 (Debian"),
        "python3 is there: {said}"
    );
    assert!(
        !tmp.path().join("gatebench-sample-servers").exists(),
        "nothing started"
    );

    // The same through `gatebench run`, whose error quotes it.
    let out = tmp.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args([
            "run",
            root.join("sample-data/experiment.toml").to_str().unwrap(),
        ])
        .arg("--out")
        .arg(&out)
        .env("PATH", path)
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    let err = text(&run.stderr);
    let log = out.join("setup.log");
    assert!(
        err.contains(&format!("exited with 1; see {}", log.display())),
        "{err}"
    );
    assert!(err.contains("nginx (Debian package nginx-light)"), "{err}");
    assert!(text(&std::fs::read(&log).unwrap()).contains("haproxy (Debian package haproxy)"));
}

/// The echo module is checked too: nginx without it says so.
#[test]
fn the_sample_setup_names_a_missing_echo_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let start = Command::new("bash")
        .arg(root.join("sample-data/setup/start.sh"))
        .env("TMPDIR", tmp.path())
        .env("GATEBENCH_ECHO_MODULE", tmp.path().join("none.so"))
        .output()
        .unwrap();
    assert_eq!(start.status.code(), Some(1));
    let said = text(&start.stderr);
    assert!(
        said.contains("(Debian package libnginx-mod-http-echo)"),
        "{said}"
    );
}

/// The sample experiment as the README runs it (`gatebench run
/// sample-data/experiment.toml`): its setup starts the loopback stand-ins (nginx
/// with the echo module, haproxy, the function stand-ins), every one of the 15 runs
/// finishes, and the runs compare as the sample data does: the direct door fastest,
/// the gateway in front of it slower, the function tiers ordered by memory. About
/// three minutes of load, on servers this test's setup started on 127.0.0.1.
#[test]
fn the_sample_experiment_runs_as_the_readme_says() {
    let _load = crate::common::load_lock::exclusive();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("experiment");
    let run = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args([
            "run",
            root.join("sample-data/experiment.toml").to_str().unwrap(),
        ])
        .arg("--out")
        .arg(&out)
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", text(&run.stderr));
    let m = manifest(&out);
    let runs = m["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 15);
    assert!(runs.iter().all(|r| r["status"] == "ok"), "{runs:#?}");
    let summary = gatebench(&["summarize", "--format", "json", out.to_str().unwrap()]);
    let runs: Vec<serde_json::Value> = serde_json::from_slice(&summary.stdout).unwrap();
    let mean = |group: &str| {
        let of: Vec<f64> = runs
            .iter()
            .filter(|r| {
                r["server"].is_null()
                    && r["label"]
                        .as_str()
                        .is_some_and(|l| l.starts_with(&format!("{group} r")))
            })
            .map(|r| r["throughput_rps"].as_f64().unwrap())
            .collect();
        assert_eq!(of.len(), 3, "{group}");
        of.iter().sum::<f64>() / 3.0
    };
    let (direct, proxy) = (mean("elb-direct"), mean("apigw-http-proxy"));
    let (f128, f1024) = (mean("apigw-lambda-128"), mean("apigw-lambda-1024"));
    assert!(
        direct > proxy && proxy > f1024 && f1024 > f128,
        "{direct} {proxy} {f1024} {f128}"
    );
    // The stand-ins stopped: nothing answers on the direct door's port.
    assert!(std::net::TcpStream::connect("127.0.0.1:18080").is_err());
}
