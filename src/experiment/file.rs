//! The experiment file (`docs/experiment-format.md`): TOML read with serde, every
//! mistake an [`ExperimentError`] that names the file, the line and the key, found
//! before anything runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::generator::{self, FleetRules, GeneratorSpec, OnFailure, Reach};
use super::spec::{
    Experiment, Load, RecordTo, Rounds, ServerLog, Sweep, SweepKey, Target, with_sweep,
};
use super::tool::Tool;

/// A mistake in an experiment file, or a file that cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}: {}{message}", path.display(), line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct ExperimentError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

/// A duration as the file writes it ("30s", "500ms", "2m"), checked as it is read.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(try_from = "String")]
pub struct DurationText(pub Duration);

impl TryFrom<String> for DurationText {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        match humantime::parse_duration(text.trim()) {
            Ok(d) if !d.is_zero() => Ok(DurationText(d)),
            Ok(_) => Err(format!("`{text}` is zero: expected a duration above zero")),
            Err(_) => Err(format!(
                "`{text}` is not a duration: expected a number and a unit, such as \"30s\", \
                 \"500ms\" or \"2m\""
            )),
        }
    }
}

/// A duration where zero means "none" (`warmup = "0s"`: no warm-up, as hyperfine's
/// `--warmup 0`); otherwise as [`DurationText`].
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(try_from = "String")]
pub struct DurationOrNone(pub Option<Duration>);

impl TryFrom<String> for DurationOrNone {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        match humantime::parse_duration(text.trim()) {
            Ok(d) if d.is_zero() => Ok(DurationOrNone(None)),
            _ => DurationText::try_from(text).map(|d| DurationOrNone(Some(d.0))),
        }
    }
}

/// `rounds = 3`, or `rounds = { min = 3, max = 20 }` (with `stop_when_ci_pct`).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(untagged, expecting = "a number of rounds, or { min = 3, max = 20 }")]
enum RoundsText {
    Fixed(u32),
    Range { min: u32, max: u32 },
}

/// The load keys, at the top and in each target (which overrides the top's).
/// (Spans are lost through `#[serde(flatten)]`: each table lists these keys itself,
/// and `load_text!` gathers them.)
#[derive(Debug, Clone, Default)]
struct LoadText {
    tool: Option<Spanned<String>>,
    duration: Option<DurationText>,
    connections: Option<Spanned<u32>>,
    threads: Option<Spanned<u32>>,
    rate: Option<Spanned<f64>>,
    warmup: Option<DurationOrNone>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExperimentText {
    tool: Option<Spanned<String>>,
    duration: Option<DurationText>,
    connections: Option<Spanned<u32>>,
    threads: Option<Spanned<u32>>,
    rate: Option<Spanned<f64>>,
    warmup: Option<DurationOrNone>,
    rounds: Option<Spanned<RoundsText>>,
    stop_when_ci_pct: Option<Spanned<f64>>,
    seed: Option<u64>,
    setup: Option<String>,
    teardown: Option<String>,
    #[serde(default, rename = "target")]
    targets: Vec<TargetText>,
    sweep: Option<Spanned<BTreeMap<Spanned<String>, Vec<f64>>>>,
    record: Option<RecordTo>,
    #[serde(default, rename = "generator")]
    generators: Vec<Spanned<GeneratorText>>,
    allow_mixed_versions: Option<bool>,
    on_generator_failure: Option<Spanned<String>>,
    max_clock_offset: Option<DurationText>,
    max_start_spread: Option<DurationText>,
}

/// One `[[generator]]`: `ssh = "user@host"` or `local = true`, and a name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GeneratorText {
    name: Option<Spanned<String>>,
    ssh: Option<Spanned<String>>,
    local: Option<bool>,
    /// `ssh -F FILE`, relative to the experiment's folder.
    ssh_config: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetText {
    name: Spanned<String>,
    url: Spanned<String>,
    integration: Option<String>,
    memory_mb: Option<u32>,
    method: Option<String>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    body: Option<String>,
    tool: Option<Spanned<String>>,
    duration: Option<DurationText>,
    connections: Option<Spanned<u32>>,
    threads: Option<Spanned<u32>>,
    rate: Option<Spanned<f64>>,
    warmup: Option<DurationOrNone>,
    server_log: Option<Spanned<OneOrMore<ServerLogText>>>,
}

/// A key that takes one table or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMore<T> {
    One(T),
    More(Vec<T>),
}

/// `server_log = { file = "…", format = "nginx" }` or `{ command = "…", delay =
/// "30s" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerLogText {
    file: Option<String>,
    command: Option<String>,
    format: Option<String>,
    delay: Option<DurationOrNone>,
}

/// A target's `server_log` checked: one of `file` or `command`, a known format.
fn server_logs(
    text: &Option<Spanned<OneOrMore<ServerLogText>>>,
    error: &dyn Fn(Option<std::ops::Range<usize>>, String) -> ExperimentError,
) -> Result<Vec<ServerLog>, ExperimentError> {
    let Some(spanned) = text else {
        return Ok(Vec::new());
    };
    let span = Some(spanned.span());
    let all: Vec<&ServerLogText> = match spanned.get_ref() {
        OneOrMore::One(one) => vec![one],
        OneOrMore::More(more) => more.iter().collect(),
    };
    let formats = crate::import::server_logs::SERVER_FORMATS;
    let mut out = Vec::new();
    for t in all {
        if let Some(f) = &t.format
            && !formats.contains(&f.as_str())
        {
            return Err(error(
                span.clone(),
                format!(
                    "key `server_log`: format `{f}`: expected one of {}",
                    formats.join(", ")
                ),
            ));
        }
        out.push(match (&t.file, &t.command) {
            (Some(file), None) => {
                let Some(format) = t.format.clone() else {
                    return Err(error(
                        span.clone(),
                        format!(
                            "key `server_log`: file `{file}` needs its `format` (one of {}), \
                             to cut it to each run's window by its own timestamps",
                            formats.join(", ")
                        ),
                    ));
                };
                if t.delay.is_some() {
                    return Err(error(
                        span.clone(),
                        "key `server_log`: `delay` is for a `command`; a file is read once \
                         the run ends"
                            .into(),
                    ));
                }
                ServerLog::File {
                    file: file.clone(),
                    format,
                }
            }
            (None, Some(command)) if !command.trim().is_empty() => ServerLog::Command {
                command: command.clone(),
                delay: t.delay.and_then(|d| d.0).unwrap_or_default(),
                format: t.format.clone(),
            },
            _ => {
                return Err(error(
                    span.clone(),
                    "key `server_log`: expected either `file` (with `format`) or `command`, \
                     such as { file = \"/var/log/nginx/access.log\", format = \"nginx\" }"
                        .into(),
                ));
            }
        });
    }
    Ok(out)
}

/// The load keys of a table that lists them.
macro_rules! load_text {
    ($t:expr) => {
        LoadText {
            tool: $t.tool.clone(),
            duration: $t.duration,
            connections: $t.connections.clone(),
            threads: $t.threads.clone(),
            rate: $t.rate.clone(),
            warmup: $t.warmup,
        }
    };
}

/// Defaults of the load keys the file leaves out.
const DEFAULT_DURATION: Duration = Duration::from_secs(10);
const DEFAULT_CONNECTIONS: u32 = 10;
const DEFAULT_ROUNDS: u32 = 3;

/// Reads and checks the experiment at `path`. Tools are looked up with `find_tool`
/// (the PATH in use; tests pass their own), and a missing one is an error naming
/// the line of its `tool` key.
pub fn read(path: &Path, find_tool: &dyn Fn(Tool) -> bool) -> Result<Experiment, ExperimentError> {
    let bytes = std::fs::read(path).map_err(|e| ExperimentError {
        path: path.to_owned(),
        line: None,
        message: format!("cannot read the experiment: {e}"),
    })?;
    let text = String::from_utf8(bytes.clone()).map_err(|e| ExperimentError {
        path: path.to_owned(),
        line: None,
        message: format!(
            "not UTF-8 text (byte {}): expected a TOML experiment",
            e.utf8_error().valid_up_to()
        ),
    })?;
    parse(path, &text, find_tool)
}

/// Checks `text`, the content of `path`.
pub fn parse(
    path: &Path,
    text: &str,
    find_tool: &dyn Fn(Tool) -> bool,
) -> Result<Experiment, ExperimentError> {
    let error = |span: Option<std::ops::Range<usize>>, message: String| ExperimentError {
        path: path.to_owned(),
        line: span.map(|s| line_of(text, s.start)),
        message,
    };
    let file: ExperimentText = toml::from_str(text).map_err(|e| {
        let span = e.span();
        let message = e.message().trim().to_owned();
        let message = match span.clone().and_then(|s| key_at(text, s.start)) {
            Some(key) if !message.contains(&format!("`{key}`")) => {
                format!("key `{key}`: {message}")
            }
            _ => message,
        };
        error(span, message)
    })?;
    if file.targets.is_empty() {
        return Err(error(
            None,
            "no [[target]]: expected at least one, with `name` and `url`".into(),
        ));
    }
    let rounds = match &file.rounds {
        None => Rounds {
            min: DEFAULT_ROUNDS,
            max: DEFAULT_ROUNDS,
            stop_when_ci_pct: None,
        },
        Some(r) => {
            let (min, max) = match *r.get_ref() {
                RoundsText::Fixed(n) => (n, n),
                RoundsText::Range { min, max } => (min, max),
            };
            if min == 0 || max < min {
                return Err(error(
                    Some(r.span()),
                    format!(
                        "key `rounds`: min {min}, max {max}: expected at least one round and \
                         max at least min"
                    ),
                ));
            }
            Rounds {
                min,
                max,
                stop_when_ci_pct: None,
            }
        }
    };
    let rounds = match &file.stop_when_ci_pct {
        Some(pct) if !(pct.get_ref().is_finite() && *pct.get_ref() > 0.0) => {
            return Err(error(
                Some(pct.span()),
                format!(
                    "key `stop_when_ci_pct`: {}: expected a percentage above 0, such as 5",
                    pct.get_ref()
                ),
            ));
        }
        Some(pct) if rounds.min == rounds.max => {
            return Err(error(
                Some(pct.span()),
                "key `stop_when_ci_pct`: needs a range of rounds to stop within: expected \
                 `rounds = { min = 3, max = 20 }`"
                    .into(),
            ));
        }
        Some(pct) => Rounds {
            stop_when_ci_pct: Some(*pct.get_ref()),
            ..rounds
        },
        None if rounds.min != rounds.max => {
            return Err(error(
                file.rounds.as_ref().map(|r| r.span()),
                "key `rounds`: a range of rounds needs `stop_when_ci_pct`, the interval width \
                 at which to stop"
                    .into(),
            ));
        }
        None => rounds,
    };
    let sweep = match &file.sweep {
        None => None,
        Some(table) => {
            let entries: Vec<_> = table.get_ref().iter().collect();
            let [(key, values)] = entries.as_slice() else {
                return Err(error(
                    Some(table.span()),
                    format!(
                        "[sweep] has {} keys: expected one, such as connections = [10, 25, 50]",
                        entries.len()
                    ),
                ));
            };
            let sweep_key = match key.get_ref().as_str() {
                "connections" => SweepKey::Connections,
                "threads" => SweepKey::Threads,
                "rate" => SweepKey::Rate,
                other => {
                    return Err(error(
                        Some(key.span()),
                        format!("[sweep] key `{other}`: expected connections, threads or rate"),
                    ));
                }
            };
            let whole = sweep_key != SweepKey::Rate;
            if values.is_empty()
                || values
                    .iter()
                    .any(|v| !(v.is_finite() && *v > 0.0) || (whole && v.fract() != 0.0))
            {
                return Err(error(
                    Some(key.span()),
                    format!(
                        "[sweep] key `{}`: expected a list of {} above zero",
                        sweep_key.name(),
                        if whole { "whole numbers" } else { "numbers" }
                    ),
                ));
            }
            Some(Sweep {
                key: sweep_key,
                values: values.to_vec(),
            })
        }
    };
    let (generators, fleet) = generators_of(&file, path, &error)?;
    // With generators, each is asked for its tools before anything runs.
    let find_tool: &dyn Fn(Tool) -> bool = if generators.is_empty() {
        find_tool
    } else {
        &|_| true
    };
    let mut targets: Vec<Target> = Vec::new();
    for t in &file.targets {
        let name = t.name.get_ref().trim().to_owned();
        if name.is_empty() || name.contains(['/', '\\']) {
            return Err(error(
                Some(t.name.span()),
                format!(
                    "key `name`: `{name}`: expected a name without slashes (it names the \
                     run's files)"
                ),
            ));
        }
        if targets.iter().any(|o| o.name == name) {
            return Err(error(
                Some(t.name.span()),
                format!("key `name`: `{name}` names two targets: expected each name once"),
            ));
        }
        let url = t.url.get_ref().trim();
        if !is_http_url(url) {
            return Err(error(
                Some(t.url.span()),
                format!("key `url`: `{url}`: expected an http:// or https:// URL with a host"),
            ));
        }
        let load = resolve_load(&load_text!(file), &load_text!(t), &error, find_tool)?;
        targets.push(Target {
            integration: t.integration.clone().unwrap_or_else(|| name.clone()),
            name,
            url: url.to_owned(),
            memory_mb: t.memory_mb,
            method: t
                .method
                .clone()
                .unwrap_or_else(|| "GET".into())
                .to_uppercase(),
            headers: t.headers.clone().into_iter().collect(),
            body: t.body.clone(),
            load,
            server_logs: server_logs(&t.server_log, &error)?,
        });
    }
    if let Some(sweep) = &sweep {
        for t in &targets {
            for &v in &sweep.values {
                check_tool_load(&with_sweep(&t.load, sweep.key, v)).map_err(|m| {
                    error(
                        file.sweep.as_ref().map(|s| s.span()),
                        format!("target `{}` with {} = {v}: {m}", t.name, sweep.key.name()),
                    )
                })?;
            }
        }
    }
    use sha2::Digest;
    Ok(Experiment {
        path: path.to_owned(),
        targets,
        sweep,
        rounds,
        seed: file.seed,
        setup: file.setup.filter(|s| !s.trim().is_empty()),
        teardown: file.teardown.filter(|s| !s.trim().is_empty()),
        record: file.record.map(|r| RecordTo {
            // A file path is the experiment folder's, as `setup` runs there.
            db: if r.db.contains("://") || Path::new(&r.db).is_absolute() {
                r.db
            } else {
                crate::error::folder_of(path)
                    .join(&r.db)
                    .display()
                    .to_string()
            },
            series: r.series,
        }),
        generators,
        fleet,
        sha256: sha2::Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    })
}

/// The `[[generator]]` entries and the rules of running on them.
fn generators_of(
    file: &ExperimentText,
    path: &Path,
    error: &dyn Fn(Option<std::ops::Range<usize>>, String) -> ExperimentError,
) -> Result<(Vec<GeneratorSpec>, FleetRules), ExperimentError> {
    let mut generators: Vec<GeneratorSpec> = Vec::new();
    for entry in &file.generators {
        let g = entry.get_ref();
        let at = Some(entry.span());
        let reach = match (&g.ssh, g.local) {
            (Some(ssh), None | Some(false)) => {
                let destination = ssh.get_ref().trim().to_owned();
                generator::check_destination(&destination)
                    .map_err(|m| error(Some(ssh.span()), format!("key `ssh`: {m}")))?;
                Reach::Ssh {
                    destination,
                    config: g.ssh_config.as_ref().map(|c| {
                        let c = Path::new(c);
                        if c.is_absolute() {
                            c.to_owned()
                        } else {
                            crate::error::folder_of(path).join(c)
                        }
                    }),
                }
            }
            (None, Some(true)) => {
                if g.ssh_config.is_some() {
                    return Err(error(
                        at,
                        "[[generator]] with `local = true` takes no `ssh_config`".into(),
                    ));
                }
                Reach::Local
            }
            (Some(_), Some(true)) => {
                return Err(error(
                    at,
                    "[[generator]] has both `ssh` and `local = true`: expected one of them".into(),
                ));
            }
            (None, _) => {
                return Err(error(
                    at,
                    "[[generator]] has no `ssh`: expected `ssh = \"user@host\"` (an OpenSSH \
                     destination) or `local = true`"
                        .into(),
                ));
            }
        };
        let name = match (&g.name, &reach) {
            (Some(n), _) => n.get_ref().trim().to_owned(),
            (None, Reach::Local) => "local".to_owned(),
            (None, Reach::Ssh { destination, .. }) => generator::default_name(destination),
        };
        let name_span = g.name.as_ref().map(|n| n.span()).or(at.clone());
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        {
            return Err(error(
                name_span,
                format!(
                    "[[generator]] name `{name}`: expected letters, digits, `-`, `_`, `.` or \
                     `:` (it names the generator's files)"
                ),
            ));
        }
        if generators.iter().any(|o| o.name == name) {
            return Err(error(
                name_span,
                format!(
                    "[[generator]] name `{name}` names two generators: give each a `name` of \
                     its own"
                ),
            ));
        }
        if reach == Reach::Local && generators.iter().any(|o| o.reach == Reach::Local) {
            return Err(error(
                at,
                "two generators have `local = true`: expected one".into(),
            ));
        }
        generators.push(GeneratorSpec { name, reach });
    }
    let mut fleet = FleetRules {
        allow_mixed_versions: file.allow_mixed_versions.unwrap_or(false),
        ..FleetRules::default()
    };
    if let Some(on) = &file.on_generator_failure {
        fleet.on_failure = match on.get_ref().as_str() {
            "continue" => OnFailure::Continue,
            "stop" => OnFailure::Stop,
            other => {
                return Err(error(
                    Some(on.span()),
                    format!(
                        "key `on_generator_failure`: `{other}`: expected \"continue\" or \"stop\""
                    ),
                ));
            }
        };
    }
    if let Some(d) = file.max_clock_offset {
        fleet.max_clock_offset = d.0;
    }
    if let Some(d) = file.max_start_spread {
        fleet.max_start_spread = d.0;
    }
    Ok((generators, fleet))
}

/// The load of a target: its own keys over the top's, checked against its tool.
fn resolve_load(
    top: &LoadText,
    own: &LoadText,
    error: &dyn Fn(Option<std::ops::Range<usize>>, String) -> ExperimentError,
    find_tool: &dyn Fn(Tool) -> bool,
) -> Result<Load, ExperimentError> {
    let tool_key = own.tool.as_ref().or(top.tool.as_ref()).ok_or_else(|| {
        error(
            None,
            "no `tool`: expected one at the top or in each [[target]] (wrk, wrk2, hey, ab, oha, \
             k6 or vegeta)"
                .into(),
        )
    })?;
    let tool = Tool::by_name(tool_key.get_ref()).ok_or_else(|| {
        error(
            Some(tool_key.span()),
            format!(
                "key `tool`: `{}`: expected one of {}",
                tool_key.get_ref(),
                Tool::ALL.map(Tool::name).join(", ")
            ),
        )
    })?;
    if !find_tool(tool) {
        return Err(error(
            Some(tool_key.span()),
            format!(
                "key `tool`: `{}` is not installed (no `{}` on the PATH){}",
                tool.name(),
                tool.program(),
                tool.install_hint()
            ),
        ));
    }
    let pick = |own: &Option<Spanned<u32>>, top: &Option<Spanned<u32>>| {
        own.as_ref().or(top.as_ref()).cloned()
    };
    let connections = pick(&own.connections, &top.connections);
    let threads = pick(&own.threads, &top.threads);
    let rate = own.rate.as_ref().or(top.rate.as_ref()).cloned();
    for (key, value) in [("connections", &connections), ("threads", &threads)] {
        if let Some(v) = value
            && *v.get_ref() == 0
        {
            return Err(error(
                Some(v.span()),
                format!("key `{key}`: 0: expected at least 1"),
            ));
        }
    }
    if let Some(r) = &rate
        && !(r.get_ref().is_finite() && *r.get_ref() > 0.0)
    {
        return Err(error(
            Some(r.span()),
            format!(
                "key `rate`: {}: expected requests per second above 0",
                r.get_ref()
            ),
        ));
    }
    let connections = connections.map_or(DEFAULT_CONNECTIONS, |c| *c.get_ref());
    let load = Load {
        tool,
        duration: own
            .duration
            .or(top.duration)
            .map_or(DEFAULT_DURATION, |d| d.0),
        connections,
        threads: threads.map_or(connections.min(2), |t| *t.get_ref()),
        rate: rate.as_ref().map(|r| *r.get_ref()),
        warmup: own.warmup.or(top.warmup).and_then(|d| d.0),
    };
    check_tool_load(&load).map_err(|m| {
        let span = rate
            .as_ref()
            .map(|r| r.span())
            .or_else(|| Some(tool_key.span()));
        error(span, m)
    })?;
    Ok(load)
}

/// What a tool cannot do with this load: a rate for a tool without one, none for a
/// tool that needs one, more threads than connections for wrk.
fn check_tool_load(load: &Load) -> Result<(), String> {
    let tool = load.tool;
    match (load.rate, tool.rate_kind()) {
        (Some(_), super::tool::RateKind::None) => Err(format!(
            "key `rate`: {} sends as fast as it can and has no fixed rate: use wrk2, hey, \
             oha, k6 or vegeta",
            tool.name()
        )),
        (None, super::tool::RateKind::Required) => Err(format!(
            "{} needs `rate`, the requests per second to send",
            tool.name()
        )),
        _ if matches!(tool, Tool::Wrk | Tool::Wrk2) && load.threads > load.connections => {
            Err(format!(
                "{} needs at least as many connections as threads ({} < {})",
                tool.name(),
                load.connections,
                load.threads
            ))
        }
        _ => Ok(()),
    }
}

fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !host.starts_with(':') && !r.contains(char::is_whitespace)
    })
}

/// The 1-based line of byte `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The key on the line of byte `offset`, if the line is `key = value`.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.starts_with('[') && !key.contains(' ')).then(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Experiment {
        parse(Path::new("e.toml"), text, &|_| true).unwrap()
    }

    fn parse_err(text: &str) -> String {
        parse(Path::new("e.toml"), text, &|t| t != Tool::Wrk2)
            .unwrap_err()
            .to_string()
    }

    const TARGET: &str = "[[target]]\nname = \"a\"\nurl = \"http://127.0.0.1:1/\"\n";

    /// `server_log` read as one table or a list; each mistake said in one line.
    #[test]
    fn server_logs_and_their_mistakes() {
        let e = parse_ok(&format!(
            "tool = \"wrk\"\n{TARGET}server_log = [\n  {{ file = \"a.log\", format = \"nginx\" }},\n  \
             {{ command = \"cat {{start_ms}}\", delay = \"30s\" }},\n]\n"
        ));
        let logs = &e.targets[0].server_logs;
        assert_eq!(logs.len(), 2);
        assert_eq!(logs[0].file_format(), "nginx");
        assert_eq!(logs[1].file_format(), "log");
        let with = |log: &str| parse_err(&format!("tool = \"wrk\"\n{TARGET}server_log = {log}\n"));
        assert_eq!(
            with("{ file = \"a.log\" }"),
            "e.toml: line 5: key `server_log`: file `a.log` needs its `format` (one of lambda, \
             apigw, alb, elb, cloudfront, nginx, haproxy, envoy), to cut it to each run's window \
             by its own timestamps"
        );
        assert!(
            with("{ file = \"a.log\", format = \"nginx\", delay = \"1s\" }")
                .ends_with("`delay` is for a `command`; a file is read once the run ends")
        );
        assert!(with("{ format = \"nginx\" }").contains("or `command`, such as { file = "));
        assert!(
            with("{ file = \"a.log\", format = \"iis\" }")
                .contains("format `iis`: expected one of")
        );
    }

    #[test]
    fn defaults_and_overrides() {
        let e = parse_ok(&format!(
            "tool = \"wrk\"\nduration = \"30s\"\nconnections = 50\n{TARGET}\n[[target]]\n\
             name = \"b\"\nurl = \"https://x/\"\nconnections = 4\nthreads = 1\n\
             integration = \"apigw-lambda\"\nmemory_mb = 512\n"
        ));
        assert_eq!(e.targets[0].load.duration, Duration::from_secs(30));
        assert_eq!(e.targets[0].load.connections, 50);
        assert_eq!(e.targets[0].load.threads, 2);
        assert_eq!(e.targets[0].integration, "a");
        assert_eq!(e.targets[1].load.connections, 4);
        assert_eq!(e.targets[1].memory_mb, Some(512));
        assert_eq!(e.rounds.min, 3);
    }

    /// `warmup = "0s"` turns the warm-up off, as hyperfine's `--warmup 0`, also for
    /// one target under a warm-up for all; a zero `duration` stays an error.
    #[test]
    fn a_zero_warmup_is_none() {
        let e = parse_ok(&format!(
            "tool = \"wrk\"\nwarmup = \"2s\"\n{TARGET}\n[[target]]\nname = \"b\"\n\
             url = \"http://127.0.0.1:2/\"\nwarmup = \"0s\"\n"
        ));
        assert_eq!(e.targets[0].load.warmup, Some(Duration::from_secs(2)));
        assert_eq!(e.targets[1].load.warmup, None);
        let e = parse_ok(&format!("tool = \"wrk\"\nwarmup = \"0ms\"\n{TARGET}"));
        assert_eq!(e.targets[0].load.warmup, None);
        let err = parse_err(&format!("tool = \"wrk\"\nduration = \"0s\"\n{TARGET}"));
        assert!(
            err.contains("`0s` is zero: expected a duration above zero"),
            "{err}"
        );
    }

    #[test]
    fn errors_name_the_line_and_key() {
        assert_eq!(
            parse_err(&format!("tool = \"wrk\"\nduraton = \"5s\"\n{TARGET}")),
            "e.toml: line 2: unknown field `duraton`, expected one of `tool`, `duration`, \
             `connections`, `threads`, `rate`, `warmup`, `rounds`, `stop_when_ci_pct`, `seed`, \
             `setup`, `teardown`, `target`, `sweep`, `record`, `generator`, \
             `allow_mixed_versions`, `on_generator_failure`, `max_clock_offset`, \
             `max_start_spread`"
        );
        assert_eq!(
            parse_err(&format!(
                "tool = \"wrk\"\n\nduration = \"30 parsecs\"\n{TARGET}"
            )),
            "e.toml: line 3: key `duration`: `30 parsecs` is not a duration: expected a number \
             and a unit, such as \"30s\", \"500ms\" or \"2m\""
        );
        assert_eq!(
            parse_err("tool = \"wrk\"\n[[target]]\nname = \"a\"\nurl = \"ftp://x/\"\n"),
            "e.toml: line 4: key `url`: `ftp://x/`: expected an http:// or https:// URL with a \
             host"
        );
        assert_eq!(
            parse_err(&format!("tool = \"wrk2\"\nrate = 10\n{TARGET}")),
            "e.toml: line 1: key `tool`: `wrk2` is not installed (no `wrk2` on the PATH); build \
             it from github.com/giltene/wrk2"
        );
        assert_eq!(
            parse_err(&format!("tool = \"gatling\"\n{TARGET}")),
            "e.toml: line 1: key `tool`: `gatling`: expected one of wrk, wrk2, hey, ab, oha, k6, \
             vegeta"
        );
    }

    #[test]
    fn generators() {
        let e = parse_ok(&format!(
            "tool = \"hey\"\n{TARGET}\n[[generator]]\nssh = \"bench@10.0.0.7\"\n\n[[generator]]\nname = \"b\"\n\
             ssh = \"ssh://h:2222\"\nssh_config = \"cfg\"\n\n[[generator]]\nlocal = true\n"
        ));
        let names: Vec<&str> = e.generators.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["10.0.0.7", "b", "local"]);
        assert_eq!(
            e.generators[1].reach,
            Reach::Ssh {
                destination: "ssh://h:2222".into(),
                config: Some(PathBuf::from("./cfg"))
            }
        );
        assert_eq!(e.fleet, FleetRules::default());
        // With generators, the tools are looked for on them, not here.
        assert!(
            parse(
                Path::new("e.toml"),
                &format!("tool = \"wrk2\"\nrate = 5\n{TARGET}[[generator]]\nssh = \"h\"\n"),
                &|t| t != Tool::Wrk2
            )
            .is_ok()
        );
        assert_eq!(
            parse_err(&format!("{TARGET}\n[[generator]]\nname = \"x\"\n")),
            "e.toml: line 5: [[generator]] has no `ssh`: expected `ssh = \"user@host\"` (an \
             OpenSSH destination) or `local = true`"
        );
        assert_eq!(
            parse_err(&format!(
                "{TARGET}\n[[generator]]\nssh = \"a@h\"\n[[generator]]\nssh = \"b@h\"\n"
            )),
            "e.toml: line 7: [[generator]] name `h` names two generators: give each a `name` \
             of its own"
        );
        assert_eq!(
            parse_err(&format!(
                "{TARGET}\n[[generator]]\nssh = \"-oProxyCommand=x\"\n"
            )),
            "e.toml: line 6: key `ssh`: `-oProxyCommand=x` begins with `-`: expected an SSH \
             destination, not an option"
        );
        assert_eq!(
            parse_err(&format!("on_generator_failure = \"panic\"\n{TARGET}")),
            "e.toml: line 1: key `on_generator_failure`: `panic`: expected \"continue\" or \
             \"stop\""
        );
    }
}
