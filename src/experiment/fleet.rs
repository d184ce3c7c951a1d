//! The generators together: checked before anything runs (reached, tools and
//! versions, clocks), then each run started on all of them at one agreed time and
//! followed to its end, a stop or a generator's loss (`docs/distributed-load.md`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::file::Experiment;
use super::generator::Generator;
use super::manifest::GeneratorCheck;
use super::runner::{Event, GeneratorState, Observer};
use super::session::{self, PartPlan, Report, Running};

/// Checks every generator at once; an error names each host that failed and why.
pub fn check(experiment: &Experiment) -> Result<Vec<GeneratorCheck>, String> {
    let tools = experiment.tools();
    let probes: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = experiment
            .generators
            .iter()
            .map(|g| s.spawn(|| session::probe(g, &tools)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("its check failed".into())))
            .collect()
    });
    let rules = &experiment.fleet;
    let mut problems: Vec<String> = Vec::new();
    let mut checks = Vec::new();
    for (g, probe) in experiment.generators.iter().zip(probes) {
        let probe = match probe {
            Ok(p) => p,
            Err(e) => {
                problems.push(format!("generator {}: {e}", g.described()));
                continue;
            }
        };
        let mut versions = Vec::new();
        for (tool, version) in &probe.tools {
            match version {
                Some(v) => versions.push((tool.name().to_owned(), v.clone())),
                None => problems.push(format!(
                    "generator {}: `{}` is not installed (no `{}` on its PATH){}",
                    g.described(),
                    tool.name(),
                    tool.program(),
                    tool.install_hint()
                )),
            }
        }
        let bound = rules.max_clock_offset.as_secs_f64() * 1000.0;
        if probe.offset.offset_ms.abs() > bound {
            problems.push(format!(
                "generator {}: its clock is {} ms {} this machine's (±{} ms), beyond \
                 max_clock_offset ({} ms): synchronize the clocks (chrony, systemd-timesyncd) \
                 or raise the bound",
                g.described(),
                crate::format::ms(Some(probe.offset.offset_ms.abs())),
                if probe.offset.offset_ms > 0.0 {
                    "ahead of"
                } else {
                    "behind"
                },
                crate::format::ms(Some(probe.offset.error_ms())),
                crate::format::ms(Some(bound))
            ));
        }
        checks.push(GeneratorCheck {
            name: g.name.clone(),
            host: g.host().to_owned(),
            tools: versions,
            clock_offset_ms: probe.offset.offset_ms,
            round_trip_ms: probe.offset.round_trip_ms,
        });
    }
    if problems.is_empty() && !rules.allow_mixed_versions {
        for tool in &tools {
            let mut seen: Vec<(&str, &str)> = Vec::new();
            for c in &checks {
                if let Some((_, v)) = c.tools.iter().find(|(t, _)| t == tool.name()) {
                    seen.push((&c.name, v));
                }
            }
            if seen.iter().any(|(_, v)| *v != seen[0].1) {
                let list: Vec<String> = seen.iter().map(|(n, v)| format!("{n}: {v}")).collect();
                problems.push(format!(
                    "the generators run different versions of {}: {}; install one version on \
                     all of them, or set allow_mixed_versions = true",
                    tool.name(),
                    list.join("; ")
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(checks)
    } else {
        Err(format!(
            "the generators' checks failed, before anything ran:\n  {}",
            problems.join("\n  ")
        ))
    }
}

/// One generator's part of a run, as it ended.
#[derive(Debug, Clone, Default)]
pub struct PartEnded {
    /// When its tool started and ended, on this machine's clock (ns).
    pub started_ns: Option<i128>,
    pub ended_ns: Option<i128>,
    pub exit_code: Option<i32>,
    /// Why it dropped out, if it did.
    pub error: Option<String>,
}

/// A run on all generators, as it ended.
#[derive(Debug)]
pub struct FleetEnded {
    pub parts: Vec<PartEnded>,
    /// Stopped by the user.
    pub aborted: bool,
}

/// Where a part's result and standard error go.
#[derive(Debug, Clone)]
pub struct PartFiles {
    pub result: PathBuf,
    pub stderr: PathBuf,
}

/// How long the generators may take to be ready (connect, write their files).
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// The time between the last "ready" and the agreed start: enough for the start
/// time to reach every generator.
const LEAD: Duration = Duration::from_millis(500);
/// How long a stopped session may take to end before its local end is killed.
const STOP_GRACE: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(20);

/// A part under way.
struct Part {
    running: Option<Running>,
    ready: bool,
    started: Option<i128>,
    ended: Option<(i128, i32)>,
    error: Option<String>,
}

impl Part {
    fn drain(&mut self, name: &str, seconds: f64, observer: &mut dyn Observer) {
        let Some(r) = self.running.as_mut() else {
            return;
        };
        while let Ok(report) = r.reports.try_recv() {
            match report {
                Report::Ready => {
                    self.ready = true;
                    observer.event(Event::Generator {
                        name: name.to_owned(),
                        state: GeneratorState::Ready,
                    });
                }
                Report::Started(ns) => {
                    self.started = Some(ns);
                    observer.event(Event::Generator {
                        name: name.to_owned(),
                        state: GeneratorState::Running { seconds },
                    });
                }
                Report::Ended(ns, rc) => self.ended = Some((ns, rc)),
            }
        }
    }

    fn over(&mut self) -> bool {
        self.running.as_mut().is_none_or(Running::ended)
    }
}

/// Calls `f` on every part's session that started.
fn each_running(parts: &mut [Part], f: fn(&mut Running)) {
    parts
        .iter_mut()
        .filter_map(|p| p.running.as_mut())
        .for_each(f);
}

/// Runs `plan` on every generator, started together; `offsets_ns[i]` is generator
/// `i`'s clock minus this machine's.
pub fn run_parts(
    generators: &[Generator],
    offsets_ns: &[i128],
    plan: &PartPlan,
    files: &[PartFiles],
    expected: Duration,
    observer: &mut dyn Observer,
) -> FleetEnded {
    let seconds = expected.as_secs_f64();
    let mut parts: Vec<Part> = generators
        .iter()
        .zip(files)
        .map(|(g, f)| {
            let (running, error) = match session::start(g, plan, &f.result, &f.stderr) {
                Ok(r) => (Some(r), None),
                Err(e) => (None, Some(e)),
            };
            Part {
                running,
                ready: false,
                started: None,
                ended: None,
                error,
            }
        })
        .collect();
    let names: Vec<&str> = generators.iter().map(|g| g.name.as_str()).collect();
    let mut aborted = false;
    // All ready (or gone), then the agreed start.
    let asked = Instant::now();
    loop {
        for (p, name) in parts.iter_mut().zip(&names) {
            p.drain(name, seconds, observer);
        }
        let waiting = parts
            .iter_mut()
            .filter_map(|p| (!p.ready && !p.over()).then_some(()))
            .count();
        if waiting == 0 {
            break;
        }
        if observer.stop_requested() {
            aborted = true;
            break;
        }
        if asked.elapsed() > READY_TIMEOUT {
            for p in parts.iter_mut().filter(|p| !p.ready) {
                p.error = Some(format!(
                    "not ready within {}",
                    crate::format::seconds(READY_TIMEOUT.as_secs_f64())
                ));
                if let Some(r) = p.running.as_mut() {
                    r.stop();
                }
            }
            break;
        }
        std::thread::sleep(POLL);
    }
    if !aborted {
        let at = super::clock::now_ns() + LEAD.as_nanos() as i128;
        for (p, offset) in parts.iter_mut().zip(offsets_ns) {
            if let (true, Some(r)) = (p.ready, p.running.as_mut())
                && !r.go(at + offset)
            {
                p.error = Some("the session closed before it was told to start".into());
            }
        }
    }
    // Until every part ends; a stop or an overrun stops them all.
    let limit = LEAD + expected + expected / 2 + Duration::from_secs(30);
    let begun = Instant::now();
    let mut stopping: Option<Instant> = aborted.then(Instant::now);
    let mut overran = false;
    if aborted {
        each_running(&mut parts, Running::stop);
    }
    loop {
        for (p, name) in parts.iter_mut().zip(&names) {
            p.drain(name, seconds, observer);
        }
        if parts.iter_mut().all(Part::over) {
            break;
        }
        if stopping.is_none() && (observer.stop_requested() || begun.elapsed() > limit) {
            aborted = observer.stop_requested();
            overran = !aborted;
            stopping = Some(Instant::now());
            each_running(&mut parts, Running::stop);
        }
        if stopping.is_some_and(|s| s.elapsed() > STOP_GRACE) {
            each_running(&mut parts, Running::kill);
        }
        std::thread::sleep(POLL);
    }
    let ended = parts
        .into_iter()
        .zip(&names)
        .zip(offsets_ns)
        .zip(files)
        .map(|(((mut p, name), offset), f)| {
            let stream = p.running.as_mut().map(Running::finish);
            p.drain(name, seconds, observer);
            let exit = p.running.as_ref().and_then(|r| r.exit);
            let tail = || super::runner::tail_of(&f.stderr);
            let error = p.error.clone().or_else(|| match (p.ready, p.ended, exit) {
                _ if overran => Some(format!(
                    "ran past its {}: stopped",
                    crate::format::seconds(seconds)
                )),
                (false, _, Some(s)) if s.code() == Some(255) => {
                    Some(format!("cannot reach it: {}", tail()))
                }
                (false, _, _) => Some(format!("ended before it was ready: {}", tail())),
                (true, None, Some(s)) if s.code() == Some(255) => {
                    Some(format!("the connection was lost mid-run: {}", tail()))
                }
                (true, None, _) => Some(format!(
                    "the session ended without the tool's end ({}): {}",
                    exit.map_or("killed".to_owned(), |s| s.to_string()),
                    tail()
                )),
                (true, Some((_, rc)), _) if rc != 0 => Some(format!(
                    "the tool exited with {rc}{}: {}",
                    if rc > 128 {
                        format!(" (killed by signal {})", rc - 128)
                    } else {
                        String::new()
                    },
                    tail()
                )),
                (true, Some(_), Some(s)) if !s.success() => Some(format!(
                    "its result was not sent back whole ({s}): {}",
                    tail()
                )),
                _ => match stream {
                    Some(Err(e)) => Some(e),
                    _ => None,
                },
            });
            if !aborted {
                observer.event(Event::Generator {
                    name: name.to_string(),
                    state: match &error {
                        Some(e) => GeneratorState::Lost(e.clone()),
                        None => GeneratorState::Done,
                    },
                });
            }
            PartEnded {
                started_ns: p.started.map(|ns| ns - offset),
                ended_ns: p.ended.map(|(ns, _)| ns - offset),
                exit_code: p.ended.map(|(_, rc)| rc),
                error,
            }
        })
        .collect();
    FleetEnded {
        parts: ended,
        aborted,
    }
}
