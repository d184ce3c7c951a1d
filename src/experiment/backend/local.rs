//! A generator that is this machine: the tool a child process, run in a folder
//! of its own that is removed when the part ends. It needs no `sh` and no GNU
//! `date`; its clock is this machine's (offset 0).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use super::{Exit, Generator, Probe, Report, Running};
use crate::experiment::clock::{self, Offset};
use crate::experiment::invocation::PartPlan;
use crate::experiment::outputs::PartFiles;
use crate::experiment::tool::Tool;

/// This machine, as a generator named `name`.
pub struct Local {
    name: String,
}

impl Local {
    pub fn new(name: &str) -> Local {
        Local {
            name: name.to_owned(),
        }
    }
}

impl Generator for Local {
    fn name(&self) -> &str {
        &self.name
    }

    fn host(&self) -> &str {
        "local"
    }

    fn probe(&self, tools: &[Tool]) -> Result<Probe, String> {
        Ok(Probe {
            tools: tools.iter().map(|&t| (t, version(t))).collect(),
            offset: Offset {
                offset_ms: 0.0,
                round_trip_ms: 0.0,
            },
        })
    }

    fn start(&self, plan: &PartPlan, files: &PartFiles) -> Result<Box<dyn Running>, String> {
        let folder = tempfile::Builder::new()
            .prefix("gatebench.")
            .tempdir()
            .map_err(|e| format!("cannot make a folder for the run: {e}"))?;
        for (name, content) in &plan.files {
            let path = folder.path().join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&path, content)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        let stderr = std::fs::File::create(&files.stderr)
            .map_err(|e| format!("cannot create {}: {e}", files.stderr.display()))?;
        let (tell, reports) = mpsc::channel();
        let (go, told) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let _ = tell.send(Report::Ready);
        let part = Part {
            plan: plan.clone(),
            result: files.result.clone(),
            stderr,
            tell,
            stop: stop.clone(),
        };
        let thread = std::thread::spawn(move || part.run(folder, told));
        Ok(Box::new(LocalRunning {
            reports,
            go: Some(go),
            stop,
            thread: Some(thread),
            end: None,
        }))
    }
}

/// The tool's version line, or `None` when it is not on the PATH.
fn version(tool: Tool) -> Option<String> {
    let program = tool.location()?;
    Some(match tool.version_args() {
        None => tool.version_line(""),
        Some(args) => match Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .output()
        {
            Ok(o) => tool.version_line(
                &(String::from_utf8_lossy(&o.stdout).into_owned()
                    + &String::from_utf8_lossy(&o.stderr)),
            ),
            Err(e) => format!("unknown ({e})"),
        },
    })
}

/// How a part ended.
#[derive(Debug, Clone)]
struct PartEnd {
    code: Option<i32>,
    why: Option<String>,
    bytes: Result<u64, String>,
}

/// What the part's thread needs.
struct Part {
    plan: PartPlan,
    result: PathBuf,
    stderr: std::fs::File,
    tell: Sender<Report>,
    stop: Arc<AtomicBool>,
}

impl Part {
    /// Waits for the start time, runs the tool (and `then`), hands its result
    /// over; the folder goes when this returns.
    fn run(self, folder: tempfile::TempDir, told: Receiver<i128>) -> PartEnd {
        let dir = folder.path();
        let Ok(at) = told.recv() else {
            return self.ended(None, None, dir);
        };
        while clock::now_ns() < at && !self.stopped() {
            let left = (at - clock::now_ns()).max(0) as u64;
            std::thread::sleep(Duration::from_nanos(left).min(Duration::from_millis(5)));
        }
        if self.stopped() {
            return self.ended(None, None, dir);
        }
        let program = &self.plan.run.argv[0];
        let spawned = std::fs::File::create(dir.join(&self.plan.run.stdout))
            .map_err(|e| e.to_string())
            .and_then(|out| {
                let err = self.stderr.try_clone().map_err(|e| e.to_string())?;
                spawn(&self.plan.run.argv, dir, Stdio::from(out), Stdio::from(err))
            });
        let child = match spawned {
            Ok(c) => c,
            Err(e) => {
                return self.ended(
                    Some(127),
                    Some(format!("cannot start `{program}`: {e}")),
                    dir,
                );
            }
        };
        let _ = self.tell.send(Report::Started(clock::now_ns()));
        let mut rc = self.wait(child);
        let _ = self.tell.send(Report::Ended(clock::now_ns(), rc));
        if rc == 0
            && let Some(then) = &self.plan.run.then
        {
            let then_rc = match spawn(then, dir, Stdio::null(), Stdio::null()) {
                Ok(c) => self.wait(c),
                Err(_) => 127,
            };
            if then_rc != 0 {
                rc = 96;
            }
        }
        self.ended(Some(rc), None, dir)
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Waits for `child`, killing it on a stop: its exit code, 128 + N when a
    /// signal N ended it.
    fn wait(&self, mut child: Child) -> i32 {
        let mut pause = Duration::from_millis(1);
        loop {
            match child.try_wait() {
                Ok(Some(status)) => return code_of(status),
                Ok(None) => {}
                Err(_) => return 125,
            }
            if self.stopped() {
                let _ = child.kill();
                return child.wait().map_or(137, code_of);
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(20));
        }
    }

    /// The end, with the result copied out of the folder (if the tool wrote one).
    fn ended(&self, code: Option<i32>, why: Option<String>, dir: &Path) -> PartEnd {
        let from = dir.join(&self.plan.run.result);
        let bytes = if from.is_file() {
            std::fs::copy(&from, &self.result)
                .map_err(|e| format!("cannot write {}: {e}", self.result.display()))
        } else {
            Ok(0)
        };
        PartEnd { code, why, bytes }
    }
}

fn spawn(argv: &[String], dir: &Path, stdout: Stdio, stderr: Stdio) -> Result<Child, String> {
    Command::new(&argv[0])
        .args(&argv[1..])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(|e| e.to_string())
}

fn code_of(status: std::process::ExitStatus) -> i32 {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return 128 + signal;
        }
    }
    status.code().unwrap_or(1)
}

/// A part under way on this machine.
struct LocalRunning {
    reports: Receiver<Report>,
    go: Option<Sender<i128>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<PartEnd>>,
    end: Option<PartEnd>,
}

impl LocalRunning {
    fn join(&mut self) {
        if let Some(t) = self.thread.take() {
            self.end = Some(t.join().unwrap_or_else(|_| PartEnd {
                code: None,
                why: Some("its thread failed".into()),
                bytes: Ok(0),
            }));
        }
    }
}

impl Running for LocalRunning {
    fn reports(&mut self) -> Vec<Report> {
        self.reports.try_iter().collect()
    }

    fn go(&mut self, at_ns: i128) -> bool {
        self.go.as_ref().is_some_and(|g| g.send(at_ns).is_ok())
    }

    fn stop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.go = None;
    }

    fn ended(&mut self) -> Option<Exit> {
        if self.thread.as_ref().is_some_and(JoinHandle::is_finished) {
            self.join();
        }
        self.end.as_ref().map(|e| Exit {
            code: e.code,
            connection_lost: false,
            why: e.why.clone(),
        })
    }

    fn kill(&mut self) {
        self.stop();
        self.join();
    }

    fn finish(&mut self) -> Result<u64, String> {
        self.join();
        self.end.as_ref().map_or(Ok(0), |e| e.bytes.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(argv: &[&str]) -> PartPlan {
        PartPlan::command(
            argv,
            vec![("scripts/a.txt".into(), "from the plan\n".into())],
        )
    }

    fn files(dir: &Path) -> PartFiles {
        PartFiles::alone(dir, "x.round1", "txt")
    }

    #[test]
    fn a_part_runs_its_tool_in_a_folder_of_its_own_and_hands_back_the_result() {
        let dir = tempfile::tempdir().unwrap();
        let f = files(dir.path());
        let mut running = Local::new("local")
            .start(&plan(&["cat", "scripts/a.txt"]), &f)
            .unwrap();
        assert!(running.go(clock::now_ns()));
        while running.ended().is_none() {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(running.finish(), Ok(14));
        assert!(running.ended().unwrap().success());
        let reports = running.reports();
        assert_eq!(reports[0], Report::Ready);
        assert!(matches!(reports[1], Report::Started(_)));
        assert!(matches!(reports[2], Report::Ended(_, 0)));
        assert_eq!(
            std::fs::read_to_string(&f.result).unwrap(),
            "from the plan\n"
        );
    }

    #[test]
    fn a_stop_kills_the_tool_and_a_missing_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut running = Local::new("local")
            .start(&plan(&["sleep", "30"]), &files(dir.path()))
            .unwrap();
        running.go(clock::now_ns());
        std::thread::sleep(Duration::from_millis(50));
        running.stop();
        let begun = std::time::Instant::now();
        while running.ended().is_none() {
            assert!(begun.elapsed() < Duration::from_secs(5), "sleep runs on");
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(
            running
                .reports()
                .iter()
                .any(|r| matches!(r, Report::Ended(_, 137))),
            "killed by signal 9"
        );
        assert_eq!(running.ended().unwrap().code, Some(137));

        let mut missing = Local::new("local")
            .start(&plan(&["gatebench-no-such-tool"]), &files(dir.path()))
            .unwrap();
        missing.go(clock::now_ns());
        while missing.ended().is_none() {
            std::thread::sleep(Duration::from_millis(1));
        }
        let why = missing.ended().unwrap().why.unwrap();
        assert!(
            why.starts_with("cannot start `gatebench-no-such-tool`"),
            "{why}"
        );
    }
}
