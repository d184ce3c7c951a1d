//! A target's server logs captured after each of its runs (`server_log`,
//! `docs/breakdown.md`): a log file cut to the run's window by its own
//! timestamps, or a command's output once its delay has passed, saved beside the
//! run as `x.round2.server.FORMAT.log`. A capture that fails is a warning on the
//! run, never a failed run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::spec::ServerLog;
use crate::import::log_events::{clf_time, time_of};
use crate::model::server::LogWindow;

/// Lines logged up to this long after the run's end are its own: nginx writes a
/// request's line when it ends. Short: the next run (or its warm-up) may begin
/// right after, into the same log.
pub const AFTER_END_MS: i64 = 100;

/// What a capture needs of its run.
#[derive(Debug, Clone)]
pub struct RunWindow {
    pub target: String,
    pub round: u32,
    pub window: LogWindow,
    /// `x.round2`: the run's files' stem.
    pub stem: String,
}

/// `{start_ms}`, `{end_ms}`, `{start}`, `{end}` (RFC 3339, UTC), `{target}`,
/// `{round}` in `command`, replaced by the run's.
pub fn placeholders(command: &str, run: &RunWindow) -> String {
    let rfc = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .unwrap_or_default()
    };
    command
        .replace("{start_ms}", &run.window.start_ms.to_string())
        .replace("{end_ms}", &run.window.end_ms.to_string())
        .replace("{start}", &rfc(run.window.start_ms))
        .replace("{end}", &rfc(run.window.end_ms))
        .replace("{target}", &run.target)
        .replace("{round}", &run.round.to_string())
}

/// When a log line was written, wherever its line says: nginx's `msec` (key=value
/// or JSON), an ISO 8601 word (Lambda's and `aws logs tail`'s lines, Envoy's), or a
/// bracketed access-log time (`[05/Dec/2026:17:00:00 +0000]`, HAProxy's
/// `[05/Dec/2026:17:00:00.123]`, read as UTC).
pub fn line_time(line: &str) -> Option<i64> {
    for key in ["msec=", "\"msec\":"] {
        if let Some(at) = line.find(key) {
            let rest = line[at + key.len()..].trim_start_matches(['"', ' ']);
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            if let Ok(s) = rest[..end].parse::<f64>() {
                return Some((s * 1000.0).round() as i64);
            }
        }
    }
    if let Some(t) = line.split_whitespace().take(3).find_map(time_of) {
        return Some(t);
    }
    // The first bracket that holds a time (`haproxy[1]:` comes before it).
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let close = open + rest[open..].find(']')?;
        let inside = &rest[open + 1..close];
        let time = clf_time(inside).or_else(|| {
            chrono::NaiveDateTime::parse_from_str(inside, "%d/%b/%Y:%H:%M:%S%.f")
                .ok()
                .map(|t| t.and_utc().timestamp_millis())
        });
        if time.is_some() {
            return time;
        }
        rest = &rest[close + 1..];
    }
    None
}

/// The lines of `text` written in `window` (to [`AFTER_END_MS`] after its end); a
/// line without a time goes with the line before it (a message's second line).
pub fn cut(text: &str, window: LogWindow) -> String {
    let mut out = String::new();
    let mut keep = false;
    for line in text.lines() {
        if let Some(t) = line_time(line) {
            keep = t >= window.start_ms && t <= window.end_ms + AFTER_END_MS;
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// `file` with `$VAR`, `${VAR}` and `${VAR:-default}` replaced from the
/// environment (an unset variable without a default is empty), as a shell would.
pub fn expand_env(file: &str) -> String {
    let mut out = String::new();
    let mut rest = file;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, default, used) = if let Some(inner) = after.strip_prefix('{') {
            let Some(end) = inner.find('}') else {
                out.push_str(&rest[at..]);
                return out;
            };
            let body = &inner[..end];
            let (name, default) = match body.split_once(":-") {
                Some((n, d)) => (n, Some(d)),
                None => (body, None),
            };
            (name, default, end + 2)
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], None, end)
        };
        if name.is_empty() {
            out.push('$');
            rest = after;
            continue;
        }
        let value = std::env::var(name).ok().filter(|v| !v.is_empty());
        out.push_str(&value.unwrap_or_else(|| default.unwrap_or("").to_owned()));
        rest = &after[used..];
    }
    out.push_str(rest);
    out
}

/// `x.round2.server.nginx.log`, or `…server.nginx.2.log` for a second log of one
/// format.
fn file_name(stem: &str, format: &str, nth: usize) -> String {
    if nth <= 1 {
        format!("{stem}.server.{format}.log")
    } else {
        format!("{stem}.server.{format}.{nth}.log")
    }
}

/// A captured log: where it is, and its format where the file says it.
#[derive(Debug, Clone, PartialEq)]
pub struct Captured {
    pub path: PathBuf,
    pub format: Option<String>,
}

/// Captures `log` for `run` into `out` (relative paths from `folder`, the
/// experiment's): the file's lines of the window, or the command's output. `nth`
/// numbers logs of the same format. Err: why it failed, for the run's warning.
pub fn capture(
    log: &ServerLog,
    run: &RunWindow,
    folder: &Path,
    out: &Path,
    nth: usize,
) -> Result<Captured, String> {
    match log {
        ServerLog::File { file, format } => {
            let path = folder.join(expand_env(file));
            let text = std::fs::read(&path)
                .map_err(|e| format!("server_log {}: cannot read: {e}", path.display()))?;
            let text = String::from_utf8_lossy(&text);
            let lines = cut(&text, run.window);
            if lines.is_empty() {
                return Err(format!(
                    "server_log {}: no line in the run's window",
                    path.display()
                ));
            }
            let dest = out.join(file_name(&run.stem, log.file_format(), nth));
            crate::output::write_atomic(&dest, lines.as_bytes()).map_err(|e| e.to_string())?;
            Ok(Captured {
                path: dest,
                format: Some(format.clone()),
            })
        }
        ServerLog::Command {
            command, format, ..
        } => {
            let command = placeholders(command, run);
            let dest = out.join(file_name(&run.stem, log.file_format(), nth));
            let file = std::fs::File::create(&dest)
                .map_err(|e| format!("server_log: cannot write {}: {e}", dest.display()))?;
            let output = Command::new("sh")
                .arg("-c")
                .arg(&command)
                .current_dir(folder)
                .stdin(Stdio::null())
                .stdout(file)
                .stderr(Stdio::piped())
                .output()
                .map_err(|e| format!("server_log command `{command}`: cannot start: {e}"))?;
            if !output.status.success() {
                let said = String::from_utf8_lossy(&output.stderr);
                let said = super::outputs::last_lines(said.trim(), 3);
                let _ = std::fs::remove_file(&dest);
                return Err(format!(
                    "server_log command `{command}` exited with {}{}",
                    output.status.code().unwrap_or(-1),
                    if said.is_empty() {
                        String::new()
                    } else {
                        format!(": {said}")
                    }
                ));
            }
            if std::fs::metadata(&dest).is_ok_and(|m| m.len() == 0) {
                let _ = std::fs::remove_file(&dest);
                return Err(format!("server_log command `{command}` wrote nothing"));
            }
            Ok(Captured {
                path: dest,
                format: format.clone(),
            })
        }
    }
}

/// How long after the run's end `log` is captured.
pub fn delay(log: &ServerLog) -> Duration {
    match log {
        ServerLog::File { .. } => Duration::ZERO,
        ServerLog::Command { delay, .. } => *delay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_log_line_tells_its_time() {
        let ms = |t: &str| time_of(t).unwrap();
        assert_eq!(
            line_time(
                "127.0.0.1 - - [05/Dec/2026:17:00:01 +0000] \"GET / HTTP/1.1\" 200 5 msec=1796490001.250 rt=0.002"
            ),
            Some(1_796_490_001_250)
        );
        assert_eq!(
            line_time(
                "2026-12-05T17:00:01.500Z 2026/12/05/[$LATEST]ab REPORT RequestId: x\tDuration: 1 ms"
            ),
            Some(ms("2026-12-05T17:00:01.500Z"))
        );
        assert_eq!(
            line_time(
                "<134>Dec  5 17:00:01 haproxy[1]: 127.0.0.1:5000 [05/Dec/2026:17:00:01.123] fe be/s 0/0/0/1/1 200 5"
            ),
            Some(ms("2026-12-05T17:00:01.123Z"))
        );
        assert_eq!(line_time("no time here"), None);
    }

    #[test]
    fn a_log_is_cut_to_the_window_with_its_untimed_lines() {
        let t = |ms: i64| {
            chrono::DateTime::from_timestamp_millis(ms)
                .unwrap()
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        };
        let text = format!(
            "{} before\n{} inside\n  its second line\n{} just after the end\n{} long after\n",
            t(9_000),
            t(10_500),
            t(12_050),
            t(20_000)
        );
        let cut = cut(
            &text,
            LogWindow {
                start_ms: 10_000,
                end_ms: 12_000,
            },
        );
        assert_eq!(
            cut,
            format!(
                "{} inside\n  its second line\n{} just after the end\n",
                t(10_500),
                t(12_050)
            )
        );
    }

    #[test]
    fn a_files_path_takes_the_environment() {
        // SAFETY: set before anything reads it in this test's own variable.
        unsafe { std::env::set_var("GATEBENCH_TEST_LOGS", "/var/x") };
        assert_eq!(expand_env("$GATEBENCH_TEST_LOGS/a.log"), "/var/x/a.log");
        assert_eq!(expand_env("${GATEBENCH_TEST_LOGS}/a.log"), "/var/x/a.log");
        assert_eq!(
            expand_env("${GATEBENCH_TEST_UNSET:-/tmp}/s/a.log"),
            "/tmp/s/a.log"
        );
        assert_eq!(expand_env("plain/a.log"), "plain/a.log");
    }

    #[test]
    fn placeholders_take_the_runs_window() {
        let run = RunWindow {
            target: "fn".into(),
            round: 2,
            window: LogWindow {
                start_ms: 1_796_490_000_000,
                end_ms: 1_796_490_010_000,
            },
            stem: "fn.round2".into(),
        };
        assert_eq!(
            placeholders(
                "x --start-time {start_ms} --end-time {end_ms} {start} {end} {target} {round}",
                &run
            ),
            "x --start-time 1796490000000 --end-time 1796490010000 2026-12-05T17:00:00.000Z \
             2026-12-05T17:00:10.000Z fn 2"
        );
    }
}
