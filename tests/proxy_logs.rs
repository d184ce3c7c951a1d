//! Real nginx and HAProxy (the Debian packages `.ci/run` installs), started by the
//! test on 127.0.0.1 in a temporary folder, in front of an upstream that answers
//! after 20 ms (`common::http_server`), each holding every request 15 ms on its own
//! side (nginx: an `auth_request` to an `echo_sleep` location; HAProxy: a Lua
//! action, as the sample's gateway does). Their access logs, in their real
//! formats, must show both delays apart: the upstream's about 20 ms, the proxy's
//! about 15 ms.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::http_server::HttpServer;
use crate::common::{free_port, gatebench, on_path, text};

const UPSTREAM_MS: u64 = 20;
const PROXY_MS: f64 = 15.0;
const REQUESTS: usize = 12;

/// Waits for `port` to take connections, then sends `n` requests one after the
/// other, each on a connection of its own.
fn requests(port: u16, n: usize) {
    let begun = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            begun.elapsed() < Duration::from_secs(10),
            "the proxy never listened"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    for _ in 0..n {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(b"GET /index.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
}

/// Stops `child` and gives it a moment to have written its log.
fn stop(mut child: Child) {
    std::thread::sleep(Duration::from_millis(200));
    let _ = child.kill();
    let _ = child.wait();
}

/// `summarize --format json` of `file` with `extra` flags: its one run's `server`.
fn server_of(file: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["summarize", "--format", "json"];
    args.extend(extra);
    args.push(file.to_str().unwrap());
    let o = gatebench(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let runs: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(runs.len(), 1);
    runs[0]["server"].clone()
}

fn p50(server: &serde_json::Value, component: &str) -> f64 {
    server["components"][component]["p50_ms"]
        .as_f64()
        .unwrap_or_else(|| panic!("{component} in {server}"))
}

/// The upstream's share about 20 ms, the proxy's about 15 ms, the whole about
/// their sum; wide bounds on a shared machine, but each delay is seen apart.
fn shows_both_delays(server: &serde_json::Value, upstream: &str) {
    assert_eq!(server["requests"], REQUESTS as u64, "{server}");
    assert_eq!(server["errors"], 0, "{server}");
    let up = p50(server, upstream);
    let own = p50(server, "proxy_overhead");
    let whole = p50(server, "request_time");
    assert!(
        (UPSTREAM_MS as f64..UPSTREAM_MS as f64 + 25.0).contains(&up),
        "upstream {up} ms: {server}"
    );
    assert!(
        (PROXY_MS - 1.0..PROXY_MS + 25.0).contains(&own),
        "proxy {own} ms: {server}"
    );
    assert!(
        whole >= UPSTREAM_MS as f64 + PROXY_MS - 1.0,
        "whole {whole} ms: {server}"
    );
}

#[test]
fn nginx_logs_show_the_upstream_and_the_proxy_apart() {
    let echo = Path::new("/usr/lib/nginx/modules/ngx_http_echo_module.so");
    if !on_path("nginx") || !echo.is_file() {
        eprintln!(
            "skipped: nginx and its echo module (Debian: nginx-light libnginx-mod-http-echo)"
        );
        return;
    }
    let _load = crate::common::load_lock::exclusive();
    let upstream = HttpServer::fixed(UPSTREAM_MS);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let port = free_port();
    let conf = format!(
        r#"load_module {echo};
daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 64; }}
http {{
    log_format upstream_time '$remote_addr - $remote_user [$time_local] '
                             '"$request" $status $body_bytes_sent '
                             '"$http_referer" "$http_user_agent"'
                             'rt="$request_time" uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time"';
    log_format timing_json escape=json '{{"msec":$msec,"status":$status,"request_time":$request_time,"upstream_connect_time":"$upstream_connect_time","upstream_header_time":"$upstream_header_time","upstream_response_time":"$upstream_response_time"}}';
    log_format own '$time_local|$status|$request_time|$upstream_response_time';
    access_log {d}/access.log upstream_time;
    access_log {d}/access.json timing_json;
    access_log {d}/own.log own;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            auth_request /gate;
            proxy_pass {up};
        }}
        location = /gate {{
            internal;
            echo_sleep {sleep};
            echo ok;
        }}
    }}
}}
"#,
        echo = echo.display(),
        up = upstream.url().trim_end_matches('/'),
        sleep = PROXY_MS / 1000.0,
    );
    std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
    let child = Command::new("nginx")
        .args(["-p", &d.to_string(), "-c", &format!("{d}/nginx.conf")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    requests(port, REQUESTS);
    stop(child);
    // The admin guide's key=value format, the JSON one, and a format of one's own.
    shows_both_delays(
        &server_of(&dir.path().join("access.log"), &[]),
        "upstream_response",
    );
    shows_both_delays(
        &server_of(&dir.path().join("access.json"), &[]),
        "upstream_response",
    );
    shows_both_delays(
        &server_of(
            &dir.path().join("own.log"),
            &[
                "--input-format",
                "nginx",
                "--nginx-log-format",
                "$time_local|$status|$request_time|$upstream_response_time",
            ],
        ),
        "upstream_response",
    );
}

#[test]
fn haproxy_logs_show_the_upstream_and_the_proxy_apart() {
    if !on_path("haproxy") {
        eprintln!("skipped: haproxy (Debian: haproxy)");
        return;
    }
    let _load = crate::common::load_lock::exclusive();
    let upstream = HttpServer::fixed(UPSTREAM_MS);
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let up = upstream.url();
    let up = up.trim_start_matches("http://").trim_end_matches('/');
    std::fs::write(
        dir.path().join("hop_delay.lua"),
        "core.register_action(\"hop_delay\", { \"http-req\" }, function(txn, ms)\n    \
         core.msleep(tonumber(ms))\nend, 1)\n",
    )
    .unwrap();
    let cfg = format!(
        "global\n    log stdout format raw local0\n    lua-load {lua}\n\
         defaults\n    mode http\n    log global\n    option httplog\n    option dontlognull\n    timeout connect 5s\n    \
         timeout client 30s\n    timeout server 30s\n\
         frontend fe\n    bind 127.0.0.1:{port}\n    http-request lua.hop_delay {ms}\n    \
         default_backend be\n\
         backend be\n    server s1 {up}\n",
        lua = dir.path().join("hop_delay.lua").display(),
        ms = PROXY_MS,
    );
    std::fs::write(dir.path().join("haproxy.cfg"), cfg).unwrap();
    let log = std::fs::File::create(dir.path().join("haproxy.log")).unwrap();
    let child = Command::new("haproxy")
        .args(["-db", "-f"])
        .arg(dir.path().join("haproxy.cfg"))
        .stdout(log)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    requests(port, REQUESTS);
    stop(child);
    let server = server_of(&dir.path().join("haproxy.log"), &[]);
    assert_eq!(server["source"], "haproxy");
    // HAProxy's upstream: connect and the response headers (Tc + Tr).
    shows_both_delays(&server, "upstream_header");
}
