//! How one run of a tool is made from a target and its load: the tool's
//! arguments, the request scripts it reads (wrk's Lua, k6's JavaScript, vegeta's
//! targets, bodies), and the part plan a generator runs
//! (`docs/experiment-format.md`, "What each tool writes").

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::spec::{Load, Target};
use super::tool::Tool;

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

/// One run of a tool on a generator: its invocation, every path relative to the
/// folder the generator runs it in, and the files it needs there.
#[derive(Debug, Clone, PartialEq)]
pub struct PartPlan {
    pub run: Invocation,
    /// Files to write first, relative to the folder, with their content.
    pub files: Vec<(String, String)>,
    /// The extension of the result file (`csv`, `txt`), for its name here.
    pub extension: String,
}

impl PartPlan {
    /// A plan that runs `argv` with `files` in place, its standard output the
    /// result (`run.txt`): the backends' own tests.
    pub fn command(argv: &[&str], files: Vec<(String, String)>) -> PartPlan {
        PartPlan {
            run: Invocation {
                argv: argv.iter().map(|s| s.to_string()).collect(),
                stdout: PathBuf::from("run.txt"),
                result: PathBuf::from("run.txt"),
                then: None,
            },
            files,
            extension: "txt".into(),
        }
    }
}

/// The part plan of `target`'s tool sending `load` for `duration`: the tool runs
/// in a folder of its own, its result `run.EXT`, its scripts in `scripts/`.
pub fn part_plan(target: &Target, load: &Load, duration: Duration) -> PartPlan {
    let tool = load.tool;
    let inv = of(
        tool,
        target,
        load,
        duration,
        Path::new("run"),
        Path::new("scripts"),
    );
    let extension = inv
        .result
        .extension()
        .map_or("out".to_owned(), |e| e.to_string_lossy().into_owned());
    PartPlan {
        run: inv,
        files: scripts(tool, target)
            .into_iter()
            .map(|(n, c)| (format!("scripts/{n}"), c))
            .collect(),
        extension,
    }
}

/// The run's files and arguments. `stem` is the run's path without extension;
/// `scripts` the folder of the files the tool reads (request scripts, bodies).
pub fn of(
    tool: Tool,
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
    let mut argv: Vec<String> = vec![tool.program().into()];
    let mut push = |args: &[&str]| argv.extend(args.iter().map(|s| s.to_string()));
    match tool {
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
            let script = scripts.join(format!("{}.{}.lua", target.name, tool.name()));
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
pub fn scripts(tool: Tool, target: &Target) -> Vec<(String, String)> {
    match tool {
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
            if tool == Tool::Wrk {
                lua.push('\n');
                lua.push_str(include_str!("wrk_done.lua"));
            }
            vec![(format!("{}.{}.lua", target.name, tool.name()), lua)]
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
            server_logs: Vec::new(),
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
        let inv = of(
            tool,
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
    fn lua_strings_are_escaped() {
        assert_eq!(lua_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
