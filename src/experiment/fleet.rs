//! The generators together, whatever their backend: checked before anything runs
//! (reached, tools and versions, clocks), then each run started on all of them at
//! one agreed time and followed to its end, a stop or a generator's loss
//! (`docs/distributed-load.md`). This machine alone is a fleet of one.

use std::time::{Duration, Instant};

use super::backend::{Fleet, Report, Running};
use super::generator::FleetRules;
use super::invocation::PartPlan;
use super::manifest::GeneratorCheck;
use super::observe::{Event, GeneratorState, Observer};
use super::outputs::{PartFiles, tail_of};
use super::tool::Tool;

/// Checks every generator at once; an error names each host that failed and why.
pub fn check(
    fleet: &Fleet,
    tools: &[Tool],
    rules: &FleetRules,
) -> Result<Vec<GeneratorCheck>, String> {
    let probes: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = fleet
            .generators
            .iter()
            .map(|g| s.spawn(|| g.probe(tools)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("its check failed".into())))
            .collect()
    });
    let mut problems: Vec<String> = Vec::new();
    let mut checks = Vec::new();
    for (g, probe) in fleet.generators.iter().zip(probes) {
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
            name: g.name().to_owned(),
            host: g.host().to_owned(),
            tools: versions,
            clock_offset_ms: probe.offset.offset_ms,
            round_trip_ms: probe.offset.round_trip_ms,
        });
    }
    if problems.is_empty() && !rules.allow_mixed_versions {
        for tool in tools {
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

/// How long the generators may take to be ready (connect, write their files).
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// The time between the last "ready" and the agreed start: enough for the start
/// time to reach every generator.
const LEAD: Duration = Duration::from_millis(500);
/// How long a stopped session may take to end before its local end is killed.
const STOP_GRACE: Duration = Duration::from_secs(10);
/// The longest pause between two looks at the parts: a look finds what they
/// reported; the pause starts short and doubles, so that a quick part is seen
/// quickly and a long one costs little.
const POLL: Duration = Duration::from_millis(20);

/// Pauses before the next look, doubling `pause` up to [`POLL`].
fn pause(pause: &mut Duration) {
    std::thread::sleep(*pause);
    *pause = (*pause * 2).min(POLL);
}

/// A part under way.
struct Part {
    running: Option<Box<dyn Running>>,
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
        for report in r.reports() {
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
        self.running.as_mut().is_none_or(|r| r.ended().is_some())
    }
}

/// An observer that is not told of generators: this machine alone is a fleet of
/// one, and its runs are told as they always were.
struct WithoutGenerators<'a>(&'a mut dyn Observer);

impl Observer for WithoutGenerators<'_> {
    fn event(&mut self, event: Event) {
        if !matches!(event, Event::Generator { .. }) {
            self.0.event(event);
        }
    }

    fn stop_requested(&self) -> bool {
        self.0.stop_requested()
    }
}

/// Calls `f` on every part's session that started.
fn each_running(parts: &mut [Part], f: fn(&mut (dyn Running + 'static))) {
    parts
        .iter_mut()
        .filter_map(|p| p.running.as_deref_mut())
        .for_each(f);
}

/// Runs `plan` on every generator, started together; `offsets_ns[i]` is generator
/// `i`'s clock minus this machine's.
pub fn run_parts(
    fleet: &Fleet,
    offsets_ns: &[i128],
    plan: &PartPlan,
    files: &[PartFiles],
    expected: Duration,
    observer: &mut dyn Observer,
) -> FleetEnded {
    let mut quiet;
    let observer: &mut dyn Observer = if fleet.alone {
        quiet = WithoutGenerators(observer);
        &mut quiet
    } else {
        observer
    };
    let seconds = expected.as_secs_f64();
    let tool = &plan.run.argv[0];
    let mut parts: Vec<Part> = fleet
        .generators
        .iter()
        .zip(files)
        .map(|(g, f)| {
            let (running, error) = match g.start(plan, f) {
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
    let names: Vec<&str> = fleet.generators.iter().map(|g| g.name()).collect();
    let mut aborted = false;
    // All ready (or gone), then the agreed start.
    let asked = Instant::now();
    let mut wait = Duration::from_millis(1);
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
        pause(&mut wait);
    }
    // One generator has no one to agree with: it starts at once.
    let lead = if parts.len() > 1 {
        LEAD
    } else {
        Duration::ZERO
    };
    if !aborted {
        let at = super::clock::now_ns() + lead.as_nanos() as i128;
        for (p, offset) in parts.iter_mut().zip(offsets_ns) {
            if let (true, Some(r)) = (p.ready, p.running.as_mut())
                && !r.go(at + offset)
            {
                p.error = Some("the session closed before it was told to start".into());
            }
        }
    }
    // Until every part ends; a stop or an overrun stops them all.
    let limit = lead + expected + expected / 2 + Duration::from_secs(30);
    let mut wait = Duration::from_millis(1);
    let begun = Instant::now();
    let mut stopping: Option<Instant> = aborted.then(Instant::now);
    let mut overran = false;
    if aborted {
        each_running(&mut parts, |r| r.stop());
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
            each_running(&mut parts, |r| r.stop());
        }
        if stopping.is_some_and(|s| s.elapsed() > STOP_GRACE) {
            each_running(&mut parts, |r| r.kill());
        }
        pause(&mut wait);
    }
    let ended = parts
        .into_iter()
        .zip(&names)
        .zip(offsets_ns)
        .zip(files)
        .map(|(((mut p, name), offset), f)| {
            let stream = p.running.as_mut().map(|r| r.finish());
            p.drain(name, seconds, observer);
            let exit = p.running.as_mut().and_then(|r| r.ended());
            let tail = || tail_of(&f.stderr);
            let lost = exit.as_ref().is_some_and(|e| e.connection_lost);
            let why = exit.as_ref().and_then(|e| e.why.clone());
            let error = p
                .error
                .clone()
                .or(why)
                .or_else(|| match (p.ready, p.ended, &exit) {
                    _ if overran => Some(format!(
                        "`{tool}` ran past its {}: stopped",
                        crate::format::seconds(seconds)
                    )),
                    (false, _, _) if lost => Some(format!("cannot reach it: {}", tail())),
                    (false, _, _) => Some(format!("ended before it was ready: {}", tail())),
                    (true, None, _) if lost => {
                        Some(format!("the connection was lost mid-run: {}", tail()))
                    }
                    (true, None, _) => Some(format!(
                        "the session ended without the tool's end ({}): {}",
                        exit.as_ref().map_or("killed".to_owned(), |s| s.to_string()),
                        tail()
                    )),
                    (true, Some((_, rc)), _) if rc != 0 => Some(format!(
                        "`{tool}` exited with {rc}{}: {}",
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
