//! A generator reached with the user's own OpenSSH client, so that
//! `~/.ssh/config` aliases, keys, `ProxyJump` and `ControlMaster` work as they do
//! in a terminal: one POSIX `sh` session for the probe (is it reached, which tools
//! and versions, its clock) and one for each run of a tool. A run's session speaks a small line protocol
//! (`docs/distributed-load.md`, "The protocol"):
//!
//! - standard output: `gatebench-ready` once its files are in place, then the
//!   tool's result file, streamed back as it is read;
//! - standard input: the start time, in the generator's clock (ns since the epoch),
//!   then nothing until the end: when this side closes it, a watcher on the
//!   generator kills the session's process group, tool included (it reads a
//!   copy of standard input: an asynchronous list's own is /dev/null);
//! - standard error: the tool's, with `gatebench-start NS` and
//!   `gatebench-end NS CODE` lines around the tool.
//!
//! The session works in a `mktemp -d` folder that it removes when it ends,
//! however it ends.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::{Exit, Generator, Probe, Report, Running};
use crate::experiment::clock::{self, Exchange};
use crate::experiment::generator::{CONNECT_TIMEOUT_S, base64, shell_quote};
use crate::experiment::invocation::PartPlan;
use crate::experiment::outputs::{PartFiles, last_lines};
use crate::experiment::tool::Tool;

/// A generator reached over SSH.
pub struct Session {
    name: String,
    launch: Launch,
}

/// How a session is started.
enum Launch {
    /// `ssh [-F CONFIG] DESTINATION`.
    Ssh {
        destination: String,
        config: Option<PathBuf>,
    },
    /// `sh -c` on this machine: the protocol's own tests, without sshd.
    #[cfg(test)]
    Sh,
}

impl Session {
    /// `ssh DESTINATION`: `host`, `user@host`, an alias of the SSH config, or
    /// `ssh://user@host:port`; `config` is `ssh -F FILE`.
    pub fn ssh(name: &str, destination: &str, config: Option<PathBuf>) -> Session {
        Session {
            name: name.to_owned(),
            launch: Launch::Ssh {
                destination: destination.to_owned(),
                config,
            },
        }
    }

    /// A command that runs `script` with `sh` on the generator, its standard input,
    /// output and error piped. Closing its standard input is how a run is stopped
    /// (the module's protocol).
    fn command(&self, script: &str) -> Command {
        let mut command = match &self.launch {
            #[cfg(test)]
            Launch::Sh => {
                let mut c = Command::new("sh");
                c.arg("-c").arg(script);
                c
            }
            Launch::Ssh {
                destination,
                config,
            } => {
                let mut c = Command::new("ssh");
                if let Some(config) = config {
                    c.arg("-F").arg(config);
                }
                // Never a prompt (there is nobody to answer it): a key or an agent,
                // or a clear failure.
                c.args(["-o", "BatchMode=yes"]);
                c.args(["-o", &format!("ConnectTimeout={CONNECT_TIMEOUT_S}")]);
                c.args(["-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3"]);
                // `--` ends the options, whatever the destination looks like.
                c.arg("--").arg(destination);
                // The remote login shell runs this line: the script travels in
                // base64, whose characters no shell treats specially.
                c.arg(format!(
                    "sh -c \"$(printf %s {} | base64 -d)\" gatebench",
                    base64(script.as_bytes())
                ));
                c
            }
        };
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }
}

impl Generator for Session {
    fn name(&self) -> &str {
        &self.name
    }

    fn host(&self) -> &str {
        match &self.launch {
            Launch::Ssh { destination, .. } => destination,
            #[cfg(test)]
            Launch::Sh => "local",
        }
    }

    fn probe(&self, tools: &[Tool]) -> Result<Probe, String> {
        probe(self, tools)
    }

    fn start(&self, plan: &PartPlan, files: &PartFiles) -> Result<Box<dyn Running>, String> {
        start(self, plan, files).map(|r| Box::new(r) as Box<dyn Running>)
    }
}

/// How many clock exchanges the probe makes.
const EXCHANGES: usize = 8;
/// How long a generator may take to answer the probe (SSH's own connect timeout
/// comes first).
const PROBE_TIMEOUT: Duration = Duration::from_secs(30);

/// The probe's script: each tool's presence and version, then one clock reading
/// per line read.
fn probe_script(tools: &[Tool]) -> String {
    let mut s = String::from("echo gatebench-probe\n");
    for tool in tools {
        let program = shell_quote(tool.program());
        let version = match tool.version_args() {
            Some(args) => format!(
                "{program} {} 2>&1 | head -n 5 | sed 's/^/version {} /'",
                args.join(" "),
                tool.name()
            ),
            None => ":".to_owned(),
        };
        s.push_str(&format!(
            "if command -v {program} >/dev/null 2>&1; then echo 'tool {name} found'; {version}; \
             else echo 'tool {name} missing'; fi\n",
            name = tool.name()
        ));
    }
    s.push_str("echo gatebench-clock\nwhile IFS= read -r _; do date +%s%N; done\n");
    s
}

/// Reaches `generator`, asks for `tools` and measures its clock.
fn probe(session: &Session, tools: &[Tool]) -> Result<Probe, String> {
    let mut child = session
        .command(&probe_script(tools))
        .spawn()
        .map_err(|e| format!("cannot start `ssh`: {e}"))?;
    let stderr = collect(child.stderr.take());
    let lines = lines_of(child.stdout.take());
    let mut stdin = child.stdin.take();
    let deadline = Instant::now() + PROBE_TIMEOUT;
    let unreachable = |child: &mut Child, stderr: JoinHandle<String>, what: &str| {
        let _ = child.kill();
        let status = child.wait().ok().and_then(|s| s.code());
        let said = stderr.join().unwrap_or_default();
        let said = last_lines(&said, 2);
        match (status, said.is_empty()) {
            (Some(255), false) => format!("cannot reach it: {said}"),
            (_, false) => format!("{what}: {said}"),
            _ => what.to_owned(),
        }
    };
    let mut versions: Vec<(Tool, Option<String>)> = Vec::new();
    let mut version_text: Vec<(Tool, String)> = Vec::new();
    let mut greeted = false;
    loop {
        let line = match lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(l) => l,
            Err(RecvTimeoutError::Timeout) => {
                return Err(unreachable(&mut child, stderr, "no answer within 30 s"));
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(unreachable(
                    &mut child,
                    stderr,
                    "the session ended before it answered",
                ));
            }
        };
        if line == "gatebench-probe" {
            greeted = true;
        } else if line == "gatebench-clock" && greeted {
            break;
        } else if let Some(rest) = line.strip_prefix("tool ") {
            let (name, state) = rest.split_once(' ').unwrap_or((rest, ""));
            if let Some(tool) = Tool::by_name(name) {
                versions.push((tool, (state == "found").then(String::new)));
            }
        } else if let Some(rest) = line.strip_prefix("version ") {
            let (name, text) = rest.split_once(' ').unwrap_or((rest, ""));
            if let Some(tool) = Tool::by_name(name) {
                version_text.push((tool, text.to_owned()));
            }
        }
    }
    for (tool, version) in &mut versions {
        if let Some(v) = version {
            let text: Vec<&str> = version_text
                .iter()
                .filter(|(t, _)| t == tool)
                .map(|(_, l)| l.as_str())
                .collect();
            *v = tool.version_line(&text.join("\n"));
        }
    }
    let mut exchanges = Vec::new();
    for _ in 0..EXCHANGES {
        let sent = clock::now_ns();
        let asked = stdin
            .as_mut()
            .is_some_and(|s| s.write_all(b"\n").and_then(|()| s.flush()).is_ok());
        let answer = asked
            .then(|| lines.recv_timeout(deadline.saturating_duration_since(Instant::now())))
            .and_then(Result::ok);
        let received = clock::now_ns();
        let Some(answer) = answer else {
            return Err(unreachable(
                &mut child,
                stderr,
                "the session ended while its clock was read",
            ));
        };
        let remote: i128 = answer.trim().parse().map_err(|_| {
            format!(
                "its clock answered `{answer}`: expected nanoseconds since the epoch (GNU \
                 `date +%s%N`)"
            )
        })?;
        exchanges.push(Exchange {
            sent,
            remote,
            received,
        });
    }
    drop(stdin);
    let _ = child.wait();
    let _ = stderr.join();
    Ok(Probe {
        tools: versions,
        offset: clock::estimate(&exchanges).ok_or("no clock reading")?,
    })
}

/// The run's script (the module's protocol).
fn run_script(plan: &PartPlan) -> String {
    let quoted = |argv: &[String]| {
        argv.iter()
            .map(|a| shell_quote(a))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut s = String::from(
        "d=$(mktemp -d \"${TMPDIR:-/tmp}/gatebench.XXXXXX\") || exit 97\n\
         trap 'rm -rf \"$d\"' EXIT\n\
         trap 'exit 143' TERM INT HUP\n\
         cd \"$d\" || exit 97\n",
    );
    for (name, content) in &plan.files {
        if let Some(parent) = Path::new(name)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            s.push_str(&format!(
                "mkdir -p {}\n",
                shell_quote(&parent.display().to_string())
            ));
        }
        s.push_str(&format!(
            "printf %s {} | base64 -d > {}\n",
            base64(content.as_bytes()),
            shell_quote(name)
        ));
    }
    s.push_str(
        "echo gatebench-ready\n\
         IFS= read -r start || exit 98\n\
         exec 3<&0\n\
         ( while IFS= read -r _; do :; done <&3; kill -TERM 0 ) >/dev/null 2>&1 &\n\
         w=$!\n\
         now=$(date +%s%N)\n\
         wait_ns=$((start - now))\n\
         if [ \"$wait_ns\" -gt 0 ]; then sleep \"$((wait_ns / 1000000000)).$(printf %09d \
         $((wait_ns % 1000000000)))\"; fi\n\
         echo \"gatebench-start $(date +%s%N)\" >&2\n",
    );
    s.push_str(&format!(
        "{} > {} < /dev/null &\np=$!\nwait $p\nrc=$?\n",
        quoted(&plan.run.argv),
        shell_quote(&plan.run.stdout.display().to_string())
    ));
    s.push_str("echo \"gatebench-end $(date +%s%N) $rc\" >&2\n");
    if let Some(then) = &plan.run.then {
        s.push_str(&format!(
            "if [ $rc -eq 0 ]; then {} >/dev/null < /dev/null || rc=96; fi\n",
            quoted(then)
        ));
    }
    s.push_str(&format!(
        "cat {} 2>/dev/null\nkill $w 2>/dev/null\nexit $rc\n",
        shell_quote(&plan.run.result.display().to_string())
    ));
    s
}

/// A run's session under way.
struct SessionRunning {
    child: Child,
    stdin: Option<ChildStdin>,
    reports: Receiver<Report>,
    stdout: Option<JoinHandle<std::io::Result<u64>>>,
    stderr: Option<JoinHandle<()>>,
    exit: Option<std::process::ExitStatus>,
}

/// Starts `plan` on `generator`: the result streams into `result`, the tool's
/// standard error into `stderr`.
fn start(session: &Session, plan: &PartPlan, files: &PartFiles) -> Result<SessionRunning, String> {
    let (result, stderr) = (&files.result, &files.stderr);
    let mut command = session.command(&run_script(plan));
    // The watcher's `kill 0` ends the session's process group: on this machine, a
    // group of its own, never gatebench's (sshd gives each session its own).
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let mut result_file = std::fs::File::create(result)
        .map_err(|e| format!("cannot create {}: {e}", result.display()))?;
    let mut stderr_file = std::fs::File::create(stderr)
        .map_err(|e| format!("cannot create {}: {e}", stderr.display()))?;
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start `{}`: {e}", command.get_program().display()))?;
    let (tx, reports) = mpsc::channel();
    let mut out = child.stdout.take().map(BufReader::new);
    let ready = tx.clone();
    let stdout = std::thread::spawn(move || {
        let Some(out) = out.as_mut() else {
            return Ok(0);
        };
        let mut first = String::new();
        out.read_line(&mut first)?;
        if first.trim_end() != "gatebench-ready" {
            result_file.write_all(first.as_bytes())?;
            return Ok(0);
        }
        let _ = ready.send(Report::Ready);
        std::io::copy(out, &mut result_file)
    });
    let err = child.stderr.take();
    let stderr = std::thread::spawn(move || {
        let Some(err) = err else { return };
        for line in BufReader::new(err).split(b'\n').map_while(Result::ok) {
            let text = String::from_utf8_lossy(&line);
            let mut words = text.split_whitespace();
            let report = match (words.next(), words.next(), words.next()) {
                (Some("gatebench-start"), Some(ns), None) => ns.parse().ok().map(Report::Started),
                (Some("gatebench-end"), Some(ns), Some(rc)) => ns
                    .parse()
                    .ok()
                    .zip(rc.parse().ok())
                    .map(|(ns, rc)| Report::Ended(ns, rc)),
                _ => None,
            };
            match report {
                Some(r) => {
                    let _ = tx.send(r);
                }
                None => {
                    let _ = stderr_file.write_all(&line);
                    let _ = stderr_file.write_all(b"\n");
                }
            }
        }
    });
    Ok(SessionRunning {
        stdin: child.stdin.take(),
        child,
        reports,
        stdout: Some(stdout),
        stderr: Some(stderr),
        exit: None,
    })
}

impl Running for SessionRunning {
    fn reports(&mut self) -> Vec<Report> {
        self.reports.try_iter().collect()
    }

    /// Tells the session when to start, in its own clock (ns since the epoch).
    fn go(&mut self, at_ns: i128) -> bool {
        self.stdin.as_mut().is_some_and(|s| {
            s.write_all(format!("{at_ns}\n").as_bytes())
                .and_then(|()| s.flush())
                .is_ok()
        })
    }

    /// Closes the session's standard input: its watcher kills the tool.
    fn stop(&mut self) {
        self.stdin = None;
    }

    fn ended(&mut self) -> Option<Exit> {
        if self.exit.is_none() {
            self.exit = self.child.try_wait().ok().flatten();
        }
        self.exit.map(|s| Exit {
            code: s.code(),
            // ssh's own failures (no connection, a connection lost) exit with 255.
            connection_lost: s.code() == Some(255),
            why: None,
        })
    }

    /// Kills the local end (`ssh`) when the session ignored a stop.
    fn kill(&mut self) {
        let _ = self.child.kill();
        self.exit = self.child.wait().ok();
    }

    /// Waits for the streams to be written out; the bytes of the result.
    fn finish(&mut self) -> Result<u64, String> {
        if let Some(h) = self.stderr.take() {
            let _ = h.join();
        }
        match self.stdout.take().map(JoinHandle::join) {
            Some(Ok(Ok(n))) => Ok(n),
            Some(Ok(Err(e))) => Err(format!("the result stream broke: {e}")),
            Some(Err(_)) => Err("the result stream's reader failed".into()),
            None => Ok(0),
        }
    }
}

/// The lines of a stream, sent as they come; the channel closes at its end.
fn lines_of<R: Read + Send + 'static>(stream: Option<R>) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    if let Some(stream) = stream {
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    }
    rx
}

/// All of a stream, read on a thread.
fn collect<R: Read + Send + 'static>(stream: Option<R>) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut s) = stream {
            let mut bytes = Vec::new();
            let _ = s.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> Session {
        Session {
            name: "local".into(),
            launch: Launch::Sh,
        }
    }

    fn files(result: &Path, stderr: &Path) -> PartFiles {
        PartFiles {
            result: result.to_owned(),
            stderr: stderr.to_owned(),
        }
    }

    /// The probe on this machine: `sh` is found, a made-up tool is not, and the
    /// clock is this one's, within the round trip.
    #[test]
    fn probe_finds_tools_and_reads_the_clock() {
        let probe = probe(&local(), &[Tool::Hey]).unwrap();
        assert_eq!(probe.tools.len(), 1);
        assert!(probe.offset.offset_ms.abs() <= probe.offset.error_ms() + 5.0);
    }

    /// A run's session: files written, the start awaited, the result streamed back,
    /// the markers read, the folder removed.
    #[test]
    fn a_session_runs_a_command_and_streams_its_result() {
        let dir = tempfile::tempdir().unwrap();
        let plan = PartPlan::command(
            &["sh", "scripts/say.sh"],
            vec![(
                "scripts/say.sh".into(),
                "echo \"it's here\"; pwd >&2".into(),
            )],
        );
        let result = dir.path().join("r.txt");
        let err = dir.path().join("e.txt");
        let mut running = start(&local(), &plan, &files(&result, &err)).unwrap();
        assert_eq!(
            running.reports.recv_timeout(Duration::from_secs(10)),
            Ok(Report::Ready)
        );
        let at = clock::now_ns() + 200_000_000;
        assert!(running.go(at));
        let started = match running.reports.recv_timeout(Duration::from_secs(10)) {
            Ok(Report::Started(ns)) => ns,
            other => panic!("{other:?}"),
        };
        assert!(
            started >= at,
            "started {} ms early",
            (at - started) / 1_000_000
        );
        while running.ended().is_none() {
            std::thread::sleep(Duration::from_millis(10));
        }
        running.finish().unwrap();
        assert!(matches!(
            running.reports.try_recv(),
            Ok(Report::Ended(_, 0))
        ));
        assert_eq!(std::fs::read_to_string(&result).unwrap(), "it's here\n");
        let folder = std::fs::read_to_string(&err).unwrap();
        assert!(folder.contains("gatebench."), "{folder}");
        assert!(!Path::new(folder.trim()).exists(), "left behind: {folder}");
    }

    /// Closing standard input kills the tool and ends the session.
    #[test]
    fn a_stop_kills_the_tool() {
        let dir = tempfile::tempdir().unwrap();
        let plan = PartPlan::command(&["sleep", "30"], Vec::new());
        let mut running = start(
            &local(),
            &plan,
            &files(&dir.path().join("r"), &dir.path().join("e")),
        )
        .unwrap();
        assert_eq!(
            running.reports.recv_timeout(Duration::from_secs(10)),
            Ok(Report::Ready)
        );
        running.go(0);
        let begun = Instant::now();
        assert!(matches!(
            running.reports.recv_timeout(Duration::from_secs(10)),
            Ok(Report::Started(_))
        ));
        running.stop();
        while running.ended().is_none() {
            assert!(begun.elapsed() < Duration::from_secs(10), "still running");
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(begun.elapsed() < Duration::from_secs(10));
        running.finish().unwrap();
    }
}
