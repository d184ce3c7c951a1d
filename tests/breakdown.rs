//! Where the time went (`gatebench breakdown`, docs/breakdown.md): the join by
//! request id on the real API Gateway + Lambda transcript, figures worked by hand;
//! a live chain on loopback (nginx as the origin with `echo_sleep`, HAProxy in
//! front with a Lua delay), run by `gatebench run` with `server_log`, whose
//! breakdown finds both delays; the command form of `server_log` and a failing
//! one; pairing by hand on the command line, by time, and in a workspace.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{fixture, free_port, gatebench, manifest, on_path, run_experiment, text};

const TRANSCRIPT: &str = "aws-logs/apigw/rest-json-access-and-lambda-logs-tail-transcript.md";

fn json(args: &[&str]) -> Vec<serde_json::Value> {
    let o = gatebench(args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn part<'a>(b: &'a serde_json::Value, name: &str, source: &str) -> &'a serde_json::Value {
    b["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name && c["source"] == source)
        .unwrap_or_else(|| panic!("{name} ({source}) in {b:#}"))
}

fn close(v: &serde_json::Value, expected: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{v}"));
    assert!((got - expected).abs() < 0.005, "{got} vs {expected}");
}

/// The transcript's API Gateway lines carry no `integration.requestId`, but the
/// functions logged their events, whose `requestContext.requestId` is the gateway's
/// request id: 8 requests join. By hand (integration latency − Duration − Init):
/// Python 879 − 1.57 − 487.97 = 389.46 (cold), 404 − 386.26 = 17.74,
/// 287 − 288.66 = −1.66, 11 − 1.53 = 9.47; Node 527 − 55.11 − 289.80 = 182.09
/// (cold), 898 − 907.71 = −9.71, 251 − 235.33 = 15.67, 12 − 1.52 = 10.48. Mean
/// 613.54 / 8 = 76.6925; p50 (nearest rank, 4th of 8) 10.48; p99 (8th) 389.46;
/// the slowest request (898 ms) was warm.
#[test]
fn the_gateway_and_the_function_join_by_request_id() {
    let transcript = fixture(TRANSCRIPT);
    let client = fixture("hey/requests.csv");
    let pair = format!("requests={}", transcript.display());
    let all = json(&[
        "breakdown",
        "--format",
        "json",
        client.to_str().unwrap(),
        "--server-log",
        &pair,
    ]);
    assert_eq!(all.len(), 1);
    let b = &all[0];
    assert_eq!(b["join"]["method"], "request_id");
    assert_eq!(b["join"]["requests"], 8);
    assert_eq!(b["join"]["slowest"], 1);
    assert_eq!(b["join"]["slowest_cold"], 0);
    let overhead = part(b, "invoke_overhead", "apigw-lambda");
    close(&overhead["mean_ms"], 76.6925);
    close(&overhead["p50_ms"], 10.48);
    close(&overhead["p99_ms"], 389.46);
    // Two cold starts among the 11 REPORTs, Init 487.97 and 289.80.
    assert_eq!(b["cold_starts"]["count"], 2);
    close(&b["cold_starts"]["init_p99_ms"], 487.97);
    // The two functions' 14 gateway lines against hey's 2,000 requests.
    assert_eq!(b["matched"]["server_requests"], 14);
    assert_eq!(b["matched"]["client_requests"], 2000);
    let warnings = b["warnings"].to_string();
    assert!(warnings.contains("negative on 2 of 8"), "{warnings}");
    assert!(warnings.contains("match ratio"), "{warnings}");
    assert!(warnings.contains("longer than the client"), "{warnings}");

    // The pairing is kept in a workspace and read back the same.
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.gatebench");
    let o = gatebench(&[
        "workspace",
        "--out",
        ws.to_str().unwrap(),
        client.to_str().unwrap(),
        "--server-log",
        &pair,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&ws).unwrap()).unwrap();
    // The two APIs' access logs and the one function's log, each paired.
    assert_eq!(saved["pairs"].as_array().unwrap().len(), 3, "{saved:#}");
    let again = json(&["breakdown", "--format", "json", ws.to_str().unwrap()]);
    assert_eq!(again, all);

    // A label no run has is bad input, naming the labels there are.
    let o = gatebench(&[
        "breakdown",
        client.to_str().unwrap(),
        "--server-log",
        &format!("nosuch={}", transcript.display()),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("no client run is labelled `nosuch`; the labels are: requests")
    );
    // Without any log: what to do.
    let o = gatebench(&["breakdown", client.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--server-log LABEL=FILE"));
}

/// nginx answering after `echo_sleep`, HAProxy in front holding each request with
/// a Lua sleep: both started here on 127.0.0.1, their logs where the experiment's
/// `server_log` cuts them from.
struct Chain {
    nginx: std::process::Child,
    haproxy: std::process::Child,
    port: u16,
}

const ORIGIN_MS: f64 = 20.0;
const HOP_MS: f64 = 10.0;

impl Chain {
    fn start(dir: &Path) -> Chain {
        let d = dir.display();
        let (origin, port) = (free_port(), free_port());
        let conf = format!(
            r#"load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 256; }}
http {{
    log_format timing '$remote_addr - $remote_user [$time_local] "$request" $status '
                      '$body_bytes_sent "$http_referer" "$http_user_agent" '
                      'rt=$request_time msec=$msec';
    access_log {d}/nginx-access.log timing;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    server {{
        listen 127.0.0.1:{origin};
        location / {{
            echo_sleep {sleep};
            echo ok;
        }}
    }}
}}
"#,
            sleep = ORIGIN_MS / 1000.0,
        );
        std::fs::write(dir.join("nginx.conf"), conf).unwrap();
        let nginx = Command::new("nginx")
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::fs::write(
            dir.join("hop_delay.lua"),
            "core.register_action(\"hop_delay\", { \"http-req\" }, function(txn, ms)\n    \
             core.msleep(tonumber(ms))\nend, 1)\n",
        )
        .unwrap();
        let cfg = format!(
            "global\n    log stdout format raw local0\n    lua-load {d}/hop_delay.lua\n\
             defaults\n    mode http\n    log global\n    option httplog\n    option dontlognull\n    \
             timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\
             frontend fe\n    bind 127.0.0.1:{port}\n    http-request lua.hop_delay {HOP_MS}\n    \
             default_backend be\n\
             backend be\n    server s1 127.0.0.1:{origin}\n"
        );
        std::fs::write(dir.join("haproxy.cfg"), cfg).unwrap();
        let haproxy = Command::new("haproxy")
            .args(["-db", "-f"])
            .arg(dir.join("haproxy.cfg"))
            .stdout(std::fs::File::create(dir.join("haproxy-access.log")).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let begun = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err()
            || std::net::TcpStream::connect(("127.0.0.1", origin)).is_err()
        {
            assert!(begun.elapsed().as_secs() < 10, "the chain never listened");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Chain {
            nginx,
            haproxy,
            port,
        }
    }
}

impl Drop for Chain {
    fn drop(&mut self) {
        let _ = self.nginx.kill();
        let _ = self.haproxy.kill();
        let _ = self.nginx.wait();
        let _ = self.haproxy.wait();
    }
}

/// The live chain through `gatebench run`: both logs captured after each of two
/// rounds, cut to each run's window, listed in the manifest and paired in the
/// workspace; `breakdown` finds HAProxy's own 10 ms and nginx's 20 ms, and a small
/// non-negative remainder for the client and the network. A second target's
/// `server_log` commands: one writes a log from its placeholders, one fails, which
/// is a warning on a run that still counts. A log loaded beside the workspace whose
/// window overlaps exactly one run is paired with it as a guess.
#[test]
fn a_live_chain_is_split_into_its_delays() {
    let echo = Path::new("/usr/lib/nginx/modules/ngx_http_echo_module.so");
    if !(on_path("nginx") && echo.is_file() && on_path("haproxy") && on_path("hey")) {
        eprintln!("skipped: nginx with its echo module, haproxy and hey (Debian packages)");
        return;
    }
    let _load = crate::common::load_lock::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let chain = Chain::start(dir.path());
    let toml = format!(
        r#"tool = "hey"
duration = "3s"
connections = 4
warmup = "0s"
rounds = 2
seed = 29

[[target]]
name = "chain"
url = "http://127.0.0.1:{port}/"
integration = "apigw-http-proxy"
server_log = [
    {{ file = "haproxy-access.log", format = "haproxy" }},
    {{ file = "nginx-access.log", format = "nginx" }},
]

[[target]]
name = "cmd"
url = "http://127.0.0.1:{port}/"
duration = "1s"
server_log = [
    {{ command = "printf '%s s REPORT RequestId: {{target}}-{{round}}\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\n' {{start}}", delay = "1s", format = "lambda" }},
    {{ command = "echo cannot reach the logs >&2; exit 3" }},
]
"#,
        port = chain.port
    );
    let path = dir.path().join("chain.toml");
    std::fs::write(&path, toml).unwrap();
    let out = dir.path().join("out");
    let o = run_experiment(&path, &out, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let m = manifest(&out);
    let runs = m["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 4);
    for r in runs {
        assert_eq!(r["status"], "ok", "{r:#}");
        let round = r["round"].as_u64().unwrap();
        if r["target"] == "chain" {
            assert_eq!(
                r["server_logs"],
                serde_json::json!([
                    format!("chain.round{round}.server.haproxy.log"),
                    format!("chain.round{round}.server.nginx.log")
                ])
            );
        } else {
            let log = format!("cmd.round{round}.server.lambda.log");
            assert_eq!(r["server_logs"], serde_json::json!([log]));
            // The placeholders filled: the run's target, round and start.
            let written = std::fs::read_to_string(out.join(&log)).unwrap();
            let start = r["started_at"].as_str().unwrap();
            assert!(
                written.starts_with(start) && written.contains(&format!("cmd-{round}")),
                "{written}"
            );
            let warnings = r["warnings"].to_string();
            assert!(
                warnings.contains("exited with 3: cannot reach the logs"),
                "{warnings}"
            );
        }
    }
    // Each round's cut holds its own requests, not the other target's.
    let lines = |f: &Path| std::fs::read_to_string(f).unwrap().lines().count();
    let whole = lines(&dir.path().join("haproxy-access.log"));
    let cut = lines(&out.join("chain.round1.server.haproxy.log"))
        + lines(&out.join("chain.round2.server.haproxy.log"));
    assert!(cut < whole, "{cut} of {whole}");
    let all = json(&["breakdown", "--format", "json", out.to_str().unwrap()]);
    let b = all
        .iter()
        .find(|b| b["label"] == "chain (n = 2)")
        .unwrap_or_else(|| panic!("{all:#?}"));
    let own = part(b, "proxy_overhead", "haproxy")["mean_ms"]
        .as_f64()
        .unwrap();
    let origin = part(b, "request_time", "nginx")["mean_ms"]
        .as_f64()
        .unwrap();
    let rest = part(b, "client_and_network", "client")["mean_ms"]
        .as_f64()
        .unwrap();
    assert!(
        (HOP_MS..HOP_MS + 6.0).contains(&own),
        "haproxy {own}: {b:#}"
    );
    assert!(
        (ORIGIN_MS..ORIGIN_MS + 6.0).contains(&origin),
        "nginx {origin}: {b:#}"
    );
    assert!(
        (-0.2..4.0).contains(&rest),
        "client and network {rest}: {b:#}"
    );
    let ratio = b["matched"]["ratio"].as_f64().unwrap();
    assert!((0.95..=1.05).contains(&ratio), "{ratio}");
    assert_eq!(b["join"]["method"], "distributions");
    assert!(b["cold_starts"].is_null());
    // The window's chart and plot draw it.
    let plots = dir.path().join("plots");
    let o = gatebench(&[
        "plot",
        "--chart",
        "breakdown",
        "--format",
        "svg",
        "--out",
        plots.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let svg = std::fs::read_to_string(plots.join("breakdown.svg")).unwrap();
    assert!(svg.contains("Where the time went") && svg.contains("chain (n = 2) · p99"));
    assert!(svg.contains("proxy_overhead (haproxy)"), "{svg}");

    // By time: round 1's haproxy lines, copied under a name of their own and
    // loaded beside the workspace, overlap round 1 only: paired as a guess, kept
    // as one in the workspace written from them.
    let copy = dir.path().join("extra-haproxy.log");
    std::fs::copy(out.join("chain.round1.server.haproxy.log"), &copy).unwrap();
    let ws = dir.path().join("guess.gatebench");
    let o = gatebench(&[
        "workspace",
        "--out",
        ws.to_str().unwrap(),
        out.to_str().unwrap(),
        copy.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&ws).unwrap()).unwrap();
    let entries = saved["runs"].as_array().unwrap();
    let guessed: Vec<&serde_json::Value> = saved["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["guessed"] == true)
        .collect();
    assert_eq!(guessed.len(), 1, "{saved:#}");
    let client = &entries[guessed[0]["client"].as_u64().unwrap() as usize];
    assert_eq!(client["label"], "chain r1", "{saved:#}");
    let per_run = json(&[
        "breakdown",
        "--runs",
        "--format",
        "json",
        ws.to_str().unwrap(),
    ]);
    let r1 = per_run.iter().find(|b| b["label"] == "chain r1").unwrap();
    let r2 = per_run.iter().find(|b| b["label"] == "chain r2").unwrap();
    // Round 1 now has its haproxy lines twice.
    let requests = |b: &serde_json::Value| b["matched"]["server_requests"].as_u64().unwrap();
    let ratio = |b: &serde_json::Value| b["matched"]["ratio"].as_f64().unwrap();
    assert!(
        ratio(r1) > 1.9 && ratio(r2) < 1.1,
        "{} {}",
        requests(r1),
        requests(r2)
    );
    drop(chain);
}
