//! `gatebench run` on several load generators: real OpenSSH servers started by the
//! test on 127.0.0.1 ports (`common::sshd`), each a generator host, and the real
//! load tools sending bounded load to an HTTP server the test started on
//! 127.0.0.1.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::http_server::HttpServer;
use crate::common::sshd::{Hosts, processes_with, session_folders};
use crate::common::{gatebench, manifest, run_experiment as run, text};

fn experiment(dir: &Path, toml: &str) -> PathBuf {
    let path = dir.join("experiment.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

/// `summarize --format json` of an output folder: its runs.
fn summarized(out: &Path) -> Vec<serde_json::Value> {
    let s = gatebench(&["summarize", "--format", "json", out.to_str().unwrap()]);
    assert!(s.status.success(), "{}", text(&s.stderr));
    let v: serde_json::Value = serde_json::from_slice(&s.stdout).unwrap();
    v.as_array().cloned().unwrap_or_default()
}

/// One run read from all the generators' record files put together: what an
/// exact merge must equal.
fn all_records(
    out: &Path,
    parts: &[serde_json::Value],
    header_lines: usize,
    ext: &str,
) -> gatebench::Run {
    let mut joined = String::new();
    for (i, p) in parts.iter().enumerate() {
        let content = std::fs::read_to_string(out.join(p["file"].as_str().unwrap())).unwrap();
        let mut lines = content.lines();
        for _ in 0..header_lines {
            let header = lines.next().unwrap();
            if i == 0 {
                joined.push_str(header);
                joined.push('\n');
            }
        }
        for l in lines {
            joined.push_str(l);
            joined.push('\n');
        }
    }
    let path = out.join(format!("all-records.{ext}"));
    std::fs::write(&path, joined).unwrap();
    let mut runs = gatebench::load_file(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(runs.len(), 1);
    runs.remove(0)
}

/// The merged run equals the run of all the records: the same count and the same
/// percentiles, to the last digit.
fn assert_exact(merged: &serde_json::Value, all: &gatebench::Run) {
    assert_eq!(merged["requests"].as_u64(), all.requests);
    for key in ["50", "90", "99", "99.9"] {
        // To the last digit serde_json's default float parsing keeps.
        let m = merged["latency_ms"]["percentiles"][key].as_f64();
        match (m, all.latency.percentile(key)) {
            (Some(m), Some(a)) => assert!((m - a).abs() <= a.abs() * 1e-15, "p{key}: {m} vs {a}"),
            (m, a) => assert_eq!(m, a, "p{key}"),
        }
    }
    assert_eq!(merged["latency_ms"]["max"].as_f64(), all.latency.max);
}

/// Two SSH generators with hey's per-request CSV, then three (two over SSH and
/// this machine) with ab's: the merged latency is the histogram of all records,
/// the requests add up exactly, the window's in and out make the whole, and each
/// run records its start spread.
#[test]
fn two_and_three_generators_merge_exactly() {
    let _load = crate::common::load_lock::exclusive();
    let server = HttpServer::fixed(1);
    let Some(hosts) = Hosts::start(&["gen-a", "gen-b"], &[]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();

    for (tool, local, header, ext) in [("hey", false, 1, "csv"), ("ab", true, 1, "tsv")] {
        let generators = hosts.generators()
            + if local {
                "[[generator]]\nlocal = true\n"
            } else {
                ""
            };
        let path = experiment(
            dir.path(),
            &format!(
                "tool = \"{tool}\"\nduration = \"2s\"\nconnections = 2\nrounds = 1\nseed = 1\n\
                 [[target]]\nname = \"direct\"\nurl = \"{}\"\n\n{generators}",
                server.url()
            ),
        );
        let out = dir.path().join(format!("out-{tool}"));
        let before = session_folders();
        let o = run(&path, &out, &[]);
        let err = text(&o.stderr);
        assert!(o.status.success(), "{err}");
        // Nothing is left in the generators' temporary folders.
        let left: Vec<String> = session_folders()
            .into_iter()
            .filter(|f| !before.contains(f))
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
        let n = if local { 3 } else { 2 };
        assert_eq!(err.matches(": ready; clock ").count(), n, "{err}");
        let m = manifest(&out);
        assert_eq!(m["generators"].as_array().unwrap().len(), n);
        let record = &m["runs"][0];
        assert_eq!(record["status"], "ok", "{record}");
        let parts = record["generators"].as_array().unwrap();
        assert_eq!(parts.len(), n);
        // Each part's file came back; nothing is left in the generators' folders.
        let mut sum = 0;
        for p in parts {
            assert_eq!(p["status"], "ok", "{p}");
            assert!(out.join(p["file"].as_str().unwrap()).is_file());
            assert!(p["started_at"].is_string() && p["ended_at"].is_string());
            sum += p["requests"].as_u64().unwrap();
        }
        let spread = record["start_spread_ms"].as_f64().unwrap();
        assert!((0.0..100.0).contains(&spread), "start spread {spread} ms");
        assert!(record.get("start_spread_flagged").is_none());
        assert!(
            record["merge"].as_str().unwrap().starts_with("exact: "),
            "{}",
            record["merge"]
        );
        let window = &record["window"];
        assert_eq!(
            window["requests_in"].as_u64().unwrap() + window["requests_outside"].as_u64().unwrap(),
            sum
        );
        let runs = summarized(&out);
        assert_eq!(runs.len(), 1);
        let merged = &runs[0];
        assert_eq!(merged["label"], "direct r1");
        assert_eq!(merged["requests"].as_u64(), Some(sum));
        let rps = merged["throughput_rps"].as_f64().unwrap();
        let expected =
            window["requests_in"].as_f64().unwrap() / window["seconds"].as_f64().unwrap();
        assert!(
            (rps - expected).abs() < 1e-6 * expected,
            "{rps} vs {expected}"
        );
        assert_exact(merged, &all_records(&out, parts, header, ext));
    }
}

/// wrk prints only a summary, but the `done()` script prints its whole
/// distribution: the merge says it is exact at HdrHistogram's resolution, and
/// the label does not call it approximate. (With `max_start_spread` at 1 µs, two
/// processes on two sessions never start that close: the run is flagged.)
#[test]
fn wrk_dense_distributions_merge_labelled_as_they_are() {
    let _load = crate::common::load_lock::exclusive();
    let server = HttpServer::fixed(1);
    let Some(hosts) = Hosts::start(&["w1", "w2"], &[]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // A bound of 1 ns: two loopback hosts once started 0.489 µs apart, under 1 µs.
    let path = experiment(
        dir.path(),
        &format!(
            "tool = \"wrk\"\nthreads = 1\nduration = \"1s\"\nconnections = 2\nrounds = 1\n\
             max_start_spread = \"1ns\"\n\
             [[target]]\nname = \"direct\"\nurl = \"{}\"\n\n{}",
            server.url(),
            hosts.generators()
        ),
    );
    let out = dir.path().join("out");
    let o = run(&path, &out, &[]);
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    let record = &manifest(&out)["runs"][0];
    assert_eq!(record["status"], "ok", "{record}");
    assert_eq!(record["start_spread_flagged"], true, "{record}");
    assert!(
        err.contains("(flagged: wider than max_start_spread)"),
        "{err}"
    );
    let merge = record["merge"].as_str().unwrap();
    assert!(
        merge.starts_with("exact at HdrHistogram's resolution"),
        "{merge}"
    );
    let parts = record["generators"].as_array().unwrap();
    let sum: u64 = parts.iter().map(|p| p["requests"].as_u64().unwrap()).sum();
    let runs = summarized(&out);
    assert_eq!(runs[0]["label"], "direct r1");
    assert_eq!(runs[0]["requests"].as_u64(), Some(sum));
    assert!(runs[0]["latency_ms"]["percentiles"]["99.99"].is_number());
}

/// A generator whose tool is killed mid-run, then one whose connection drops: the
/// run is `partial`, names the host and why, keeps the others' data; the
/// experiment goes on, or stops when the file says `on_generator_failure = "stop"`.
/// The dropped host's tool does not run on.
#[test]
fn a_killed_generator_gives_a_partial_run() {
    let _load = crate::common::load_lock::exclusive();
    let server = HttpServer::fixed(1);
    // Each host's sessions carry its name, so that its tool can be found.
    let Some(hosts) = Hosts::start(
        &["k1", "k2", "k3"],
        &[
            &["GATEBENCH_TEST_HOST=k1"],
            &["GATEBENCH_TEST_HOST=k2"],
            &["GATEBENCH_TEST_HOST=k3"],
        ],
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (on_failure, rounds) in [("continue", 2), ("stop", 2)] {
        let path = experiment(
            dir.path(),
            &format!(
                "tool = \"hey\"\nduration = \"3s\"\nconnections = 1\nrounds = {rounds}\n\
                 on_generator_failure = \"{on_failure}\"\n\
                 [[target]]\nname = \"direct\"\nurl = \"{}\"\n\n{}",
                server.url(),
                hosts.generators()
            ),
        );
        let out = dir.path().join(format!("out-{on_failure}"));
        let child = Command::new(env!("CARGO_BIN_EXE_gatebench"))
            .args([
                "run",
                path.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // k2's hey, once it runs: killed.
        let begun = Instant::now();
        let pid = loop {
            if let Some(pid) = pid_with_env("hey", "GATEBENCH_TEST_HOST=k2") {
                break pid;
            }
            assert!(
                begun.elapsed() < Duration::from_secs(30),
                "k2's hey never ran"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        std::thread::sleep(Duration::from_millis(700));
        if on_failure == "continue" {
            assert!(
                Command::new("kill")
                    .args(["-KILL", &pid])
                    .status()
                    .unwrap()
                    .success()
            );
        } else {
            hosts.servers[1].drop_sessions();
        }
        let o = child.wait_with_output().unwrap();
        let err = text(&o.stderr);
        let m = manifest(&out);
        let first = &m["runs"][0];
        assert_eq!(first["status"], "partial", "{first}");
        let error = first["error"].as_str().unwrap();
        let why = if on_failure == "continue" {
            "killed by signal 9"
        } else {
            "the connection was lost mid-run"
        };
        assert!(error.contains("k2 (k2)") && error.contains(why), "{error}");
        // The lost session's watcher saw its input end and killed its tool.
        let begun = Instant::now();
        while pid_with_env("hey", "GATEBENCH_TEST_HOST=k2").is_some() {
            assert!(
                begun.elapsed() < Duration::from_secs(10),
                "k2's hey runs on"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(err.contains("generator k2 lost"), "{err}");
        let parts = first["generators"].as_array().unwrap();
        let kept: u64 = parts
            .iter()
            .filter(|p| p["status"] == "ok")
            .map(|p| p["requests"].as_u64().unwrap())
            .sum();
        assert_eq!(parts.iter().filter(|p| p["status"] == "ok").count(), 2);
        let runs = summarized(&out);
        let partial = runs
            .iter()
            .find(|r| r["label"].as_str().unwrap().starts_with("direct r1"))
            .unwrap();
        assert_eq!(partial["label"], "direct r1 (partial: k2 lost)");
        assert_eq!(partial["requests"].as_u64(), Some(kept));
        if on_failure == "continue" {
            assert!(o.status.success(), "{err}");
            assert_eq!(m["runs"][1]["status"], "ok");
        } else {
            assert_eq!(o.status.code(), Some(1), "{err}");
            assert_eq!(m["runs"].as_array().unwrap().len(), 1);
            let reason = m["stop_reason"].as_str().unwrap();
            assert!(
                reason.contains("on_generator_failure = \"stop\""),
                "{reason}"
            );
        }
    }
}

/// The pid of a running `program` whose environment holds `var`.
fn pid_with_env(program: &str, var: &str) -> Option<String> {
    let o = Command::new("pgrep").args(["-x", program]).output().ok()?;
    text(&o.stdout).lines().find_map(|pid| {
        let env = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
        env.split(|&b| b == 0)
            .any(|e| e == var.as_bytes())
            .then(|| pid.to_owned())
    })
}

/// An unreachable host, a missing tool: errors before anything runs, naming the
/// host; nothing is written but the (empty) output folder.
#[test]
fn an_unreachable_host_is_an_error_before_anything_runs() {
    let Some(hosts) = Hosts::start(&["up"], &[]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let path = experiment(
        dir.path(),
        &format!(
            "tool = \"hey\"\nduration = \"1s\"\nrounds = 1\n[[target]]\nname = \"a\"\n\
             url = \"http://127.0.0.1:9/\"\n\n{}[[generator]]\nname = \"down\"\n\
             ssh = \"ssh://127.0.0.1:{closed}\"\nssh_config = \"{}\"\n",
            hosts.generators(),
            hosts.config.display()
        ),
    );
    let out = dir.path().join("out");
    let o = run(&path, &out, &[]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "generator down (ssh://127.0.0.1:{closed}): cannot reach it"
        )),
        "{err}"
    );
    assert!(err.contains("Connection refused"), "{err}");
    assert!(
        !err.contains("generator up"),
        "the reachable host is not named: {err}"
    );
    assert!(
        !out.join("manifest.json").exists()
            || manifest(&out)["runs"].as_array().unwrap().is_empty()
    );

    // A tool the host does not have.
    let path = experiment(
        dir.path(),
        &format!(
            "tool = \"vegeta\"\nrate = 5\nduration = \"1s\"\nrounds = 1\n[[target]]\nname = \"a\"\n\
             url = \"http://127.0.0.1:9/\"\n\n{}",
            hosts.generators()
        ),
    );
    let o = run(&path, &dir.path().join("out2"), &[]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("generator up: `vegeta` is not installed (no `vegeta` on its PATH)"),
        "{err}"
    );

    // A clock further off than the bound (1 µs: no two clocks read over SSH agree
    // that closely).
    let path = experiment(
        dir.path(),
        &format!(
            "tool = \"hey\"\nmax_clock_offset = \"1us\"\nduration = \"1s\"\nrounds = 1\n\
             [[target]]\nname = \"a\"\nurl = \"http://127.0.0.1:9/\"\n\n{}",
            hosts.generators()
        ),
    );
    let o = run(&path, &dir.path().join("out3"), &[]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("generator up: its clock is "), "{err}");
    assert!(err.contains("beyond max_clock_offset (0.001 ms)"), "{err}");
}

/// Two hosts with different wrk versions: refused, naming both, unless the file
/// allows it. (The second host's PATH finds a wrk that only prints a version: it
/// never runs, as nothing runs after a failed check.)
#[test]
fn a_version_mismatch_is_refused() {
    let bin = tempfile::tempdir().unwrap();
    let fake = bin.path().join("wrk");
    std::fs::write(
        &fake,
        "#!/bin/sh\necho 'wrk 9.9.9 [epoll] Copyright (C) 2012 Will Glozer'\nexit 1\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path_env = format!("PATH={}:/usr/local/bin:/usr/bin:/bin", bin.path().display());
    let Some(hosts) = Hosts::start(&["v1", "v2"], &[&[], &[&path_env]]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = experiment(
        dir.path(),
        &format!(
            "tool = \"wrk\"\nduration = \"1s\"\nrounds = 1\n[[target]]\nname = \"a\"\n\
             url = \"http://127.0.0.1:9/\"\n\n{}",
            hosts.generators()
        ),
    );
    let o = run(&path, &dir.path().join("out"), &[]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the generators run different versions of wrk: v1: wrk "),
        "{err}"
    );
    assert!(err.contains("v2: wrk 9.9.9 [epoll]"), "{err}");
    assert!(err.contains("allow_mixed_versions = true"), "{err}");
    // Allowed, the check passes and the run goes on: the real wrk finds no server
    // at 127.0.0.1:9 and the other exits 1, so the run fails (exit 1, not 2).
    let text_allowed = std::fs::read_to_string(&path).unwrap().replacen(
        "tool",
        "allow_mixed_versions = true\ntool",
        1,
    );
    let allowed = experiment(dir.path(), &text_allowed);
    let o = run(&allowed, &dir.path().join("out2"), &[]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("generator v2: ready; clock"), "{err}");
    assert!(err.contains("wrk 9.9.9"), "{err}");
}

/// Ctrl+C while the tools run on two hosts: every remote tool is gone (checked
/// with `ps`; the hosts are this machine), their folders removed, the run
/// aborted; `--resume` then finishes it on the same generators.
#[test]
fn ctrl_c_leaves_no_remote_process_and_resume_finishes() {
    let _load = crate::common::load_lock::exclusive();
    let server = HttpServer::fixed(1);
    let Some(hosts) = Hosts::start(&["c1", "c2"], &[]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = experiment(
        dir.path(),
        &format!(
            "tool = \"hey\"\nduration = \"3s\"\nconnections = 1\nrounds = 1\n\
             [[target]]\nname = \"direct\"\nurl = \"{}\"\n\n{}",
            server.url(),
            hosts.generators()
        ),
    );
    let out = dir.path().join("out");
    let before = session_folders();
    let child = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args([
            "run",
            path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let url = server.url();
    let begun = Instant::now();
    while processes_with(&url)
        .iter()
        .filter(|p| p.contains("hey"))
        .count()
        < 2
    {
        assert!(
            begun.elapsed() < Duration::from_secs(30),
            "the tools never ran"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let left = processes_with(&url);
    assert!(left.is_empty(), "still running: {left:?}");
    let begun = Instant::now();
    while session_folders().iter().any(|f| !before.contains(f)) {
        assert!(
            begun.elapsed() < Duration::from_secs(10),
            "a session's folder is left"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let m = manifest(&out);
    assert_eq!(m["runs"][0]["status"], "aborted");
    let o = run(&path, &out, &["--resume"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let m = manifest(&out);
    assert_eq!(m["runs"][1]["status"], "ok");
    assert_eq!(summarized(&out).len(), 1);
}

/// Hosts with addresses of their own: each sshd in a network namespace this test
/// makes, linked to this machine by a veth pair. The load reaches the test's server
/// (on this machine's end of the first link) from both hosts' addresses, and the
/// merge is exact as on loopback.
#[test]
fn generators_in_network_namespaces_send_from_their_own_addresses() {
    let _load = crate::common::load_lock::exclusive();
    let Some(hosts) = Hosts::start_in_namespaces(&["ns-a", "ns-b"]) else {
        return;
    };
    let server = HttpServer::start_on(Hosts::server_address(), |_| Duration::from_millis(1));
    let dir = tempfile::tempdir().unwrap();
    let path = experiment(
        dir.path(),
        &format!(
            "tool = \"hey\"\nduration = \"1s\"\nconnections = 2\nrounds = 1\n\
             [[target]]\nname = \"direct\"\nurl = \"{}\"\n\n{}",
            server.url(),
            hosts.generators()
        ),
    );
    let out = dir.path().join("out");
    let o = run(&path, &out, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let record = &manifest(&out)["runs"][0];
    assert_eq!(record["status"], "ok", "{record}");
    let peers = server.peers();
    assert_eq!(peers.len(), 2, "{peers:?}");
    assert!(
        peers
            .iter()
            .all(|p| p.to_string().starts_with("10.213.") && p.to_string().ends_with(".2")),
        "{peers:?}"
    );
    let parts = record["generators"].as_array().unwrap();
    let sum: u64 = parts.iter().map(|p| p["requests"].as_u64().unwrap()).sum();
    let runs = summarized(&out);
    assert_eq!(runs[0]["requests"].as_u64(), Some(sum));
    assert_exact(&runs[0], &all_records(&out, parts, 1, "csv"));
}

/// A host whose clock is 300 ms ahead (its `date` says so: a wrapper first on its
/// PATH): the check measures the offset, the start time it is sent is in its own
/// clock, and its start, read back on this machine's clock, lands with the other
/// host's: the spread stays far below the 300 ms an uncorrected start would show.
#[test]
fn a_clock_ahead_is_measured_and_the_starts_still_agree() {
    let _load = crate::common::load_lock::exclusive();
    let bin = tempfile::tempdir().unwrap();
    let date = bin.path().join("date");
    std::fs::write(
        &date,
        "#!/bin/sh\nif [ \"$1\" = +%s%N ]; then n=$(/bin/date +%s%N); echo $((n + 300000000)); \
         else exec /bin/date \"$@\"; fi\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&date, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path_env = format!("PATH={}:/usr/local/bin:/usr/bin:/bin", bin.path().display());
    let Some(hosts) = Hosts::start(&["ahead", "plain"], &[&[&path_env], &[]]) else {
        return;
    };
    let server = HttpServer::fixed(1);
    let dir = tempfile::tempdir().unwrap();
    let path = experiment(
        dir.path(),
        &format!(
            "tool = \"hey\"\nduration = \"1s\"\nconnections = 1\nrounds = 1\n\
             [[target]]\nname = \"direct\"\nurl = \"{}\"\n\n{}",
            server.url(),
            hosts.generators()
        ),
    );
    let out = dir.path().join("out");
    let o = run(&path, &out, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let m = manifest(&out);
    let offset = |name: &str| {
        m["generators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == name)
            .unwrap()["clock_offset_ms"]
            .as_f64()
            .unwrap()
    };
    assert!(
        (offset("ahead") - 300.0).abs() < 20.0,
        "{}",
        offset("ahead")
    );
    assert!(offset("plain").abs() < 20.0, "{}", offset("plain"));
    let record = &m["runs"][0];
    assert_eq!(record["status"], "ok", "{record}");
    let spread = record["start_spread_ms"].as_f64().unwrap();
    assert!(spread < 50.0, "start spread {spread} ms");
}
