//! wrk 4.x text output (wg/wrk `src/wrk.c`), with or without `--latency`.
//!
//! Tokens are split on white space, since column positions move with the values.
//! A file may hold several runs one after another (each starts with `Running`).
//! Lines wrk does not print itself, such as a Lua `done()` report, are skipped.

use std::path::Path;

use super::ImportError;
use super::hdr_spectrum::{self, Spectrum};
use super::importer::TextFormat;
use super::wrk_units::{self, BadToken};
use crate::model::{ErrorCounts, LatencySummary, Measurement, Percentile, Run};
use crate::naming;

/// wrk text output: the importer.
pub const WRK: TextFormat = TextFormat {
    id: "wrk",
    describe: "wrk text output",
    tools: &["wrk", "wrk2"],
    throughput_definition: "completed responses ÷ run time (non-2xx and late responses included)",
    sniff: looks_like,
    parse,
};

/// True when the text looks like wrk output, including wrk's failure messages (so
/// that they get wrk's own error rather than "not recognised").
pub fn looks_like(text: &str) -> bool {
    !report_lines(text).is_empty()
        || text.lines().take(200).any(|l| {
            let l = l.trim_start();
            l.starts_with("Requests/sec:")
                || l.starts_with("unable to connect to ")
                || l.starts_with("Usage: wrk ")
        })
}

/// The lines each run starts at: `Running 10s test @ <url>`, anywhere in a transcript.
pub fn report_lines(text: &str) -> Vec<usize> {
    super::transcript::lines_where(text, |l| {
        l.starts_with("Running ") && l.contains(" test @ ")
    })
}

/// Parses every run in `text`; `path` names the file in labels and errors.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let stem = naming::classify(path).stem;
    let mut runs = Vec::new();
    let mut current: Option<Partial> = None;
    let mut last_line = 0;

    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        last_line = line_no;
        let line = raw.trim();
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let err = |message: String| ImportError::parse(path, line_no, message);
        let at_line = |e: BadToken| err(format!("{}; {}", e.0, what(line)));

        if line.starts_with("unable to connect to ") {
            return Err(err(format!(
                "wrk could not connect (`{}`), so this output holds no results; \
                 expected wrk's summary of a run",
                crate::error::tool_words(line)
            )));
        }
        if line.starts_with("Throughput MUST be specified") {
            return Err(err(
                "wrk2 ran without its required --rate/-R option, so this output holds no \
                 results; expected wrk2's summary of a run"
                    .into(),
            ));
        }
        if line.starts_with("Usage: wrk ") {
            return Err(err(
                "wrk printed its usage text (its arguments were wrong), so this output \
                 holds no results; expected wrk's summary of a run"
                    .into(),
            ));
        }
        if line.starts_with("Running ") && line.contains(" test @ ") {
            if let Some(done) = current.take() {
                runs.push(done.finish(path, line_no - 1, &stem, runs.len())?);
            }
            let mut run = Partial::new(line_no);
            run.target = line.split(" test @ ").nth(1).map(|u| u.trim().to_owned());
            current = Some(run);
            continue;
        }
        // After `Transfer/sec:` come only a Lua script's words, or another tool's
        // lines in a transcript, until the next run.
        if let Some(run) = current
            .as_mut()
            .filter(|r| r.transfer_bytes_per_s.is_some())
        {
            // ... or the distribution `gatebench run`'s `done()` script prints.
            run.spectrum_line(line, &tokens);
            continue;
        }
        // wrk2 -U: the second distribution, measured without taking delayed starts
        // into account, is kept apart from the corrected one that comes first.
        if line.contains("HdrHistogram - Uncorrected Latency") {
            let run = current.get_or_insert_with(|| Partial::new(line_no));
            run.wrk2 = true;
            run.in_uncorrected = true;
            continue;
        }

        if let Some(run) = current.as_mut()
            && run.spectrum_line(line, &tokens)
        {
            continue;
        }
        let Some(kind) = LineKind::of(&tokens) else {
            continue;
        };
        let run = current.get_or_insert_with(|| Partial::new(line_no));
        run.apply(kind, &tokens).map_err(at_line)?;
        if line.contains("HdrHistogram") {
            run.wrk2 = true;
        }
    }
    match current {
        Some(done) => runs.push(done.finish(path, last_line, &stem, runs.len())?),
        None => {
            return Err(ImportError::parse(
                path,
                last_line.max(1),
                "no wrk run found; expected a `Running <time> test @ <url>` line",
            ));
        }
    }
    Ok(runs)
}

fn what(line: &str) -> String {
    format!("the line reads `{}`", crate::error::excerpt(line))
}

/// The lines of wrk's report that carry values.
enum LineKind {
    ThreadsAndConnections,
    Latency,
    ReqPerSec,
    Percentile,
    RequestsIn,
    SocketErrors,
    Non2xx,
    RequestsPerSec,
    TransferPerSec,
}

impl LineKind {
    fn of(t: &[&str]) -> Option<Self> {
        Some(match t {
            [_, "threads", "and", _, "connections"] => Self::ThreadsAndConnections,
            ["Latency", "Distribution", ..] => return None,
            ["Latency", ..] => Self::Latency,
            ["Req/Sec", ..] => Self::ReqPerSec,
            [p, _] if p.ends_with('%') && p[..p.len() - 1].parse::<f64>().is_ok() => {
                Self::Percentile
            }
            [_, "requests", "in", ..] => Self::RequestsIn,
            ["Socket", "errors:", ..] => Self::SocketErrors,
            ["Non-2xx", "or", "3xx", "responses:", ..] => Self::Non2xx,
            ["Requests/sec:", ..] => Self::RequestsPerSec,
            ["Transfer/sec:", ..] => Self::TransferPerSec,
            _ => return None,
        })
    }
}

/// A run as its lines arrive.
struct Partial {
    start_line: usize,
    threads: Option<u32>,
    connections: Option<u32>,
    latency: Option<[Option<f64>; 4]>,
    percentiles: Vec<Percentile>,
    requests: Option<u64>,
    duration_s: Option<f64>,
    bytes_read: Option<f64>,
    errors: ErrorCounts,
    throughput_rps: Option<f64>,
    transfer_bytes_per_s: Option<f64>,
    wrk2: bool,
    /// wrk2's detailed spectrum, and whether the lines being read are in it.
    in_spectrum: bool,
    spectrum: Spectrum,
    /// The URL of `Running ... test @ <url>`.
    target: Option<String>,
    /// True from wrk2 `-U`'s "Uncorrected Latency" heading to the end of its block;
    /// what is read then goes to `uncorrected`.
    in_uncorrected: bool,
    uncorrected_percentiles: Vec<Percentile>,
    uncorrected: Spectrum,
}

fn exactly(tokens: &[&str], n: usize, shape: &str) -> Result<(), BadToken> {
    if tokens.len() == n {
        Ok(())
    } else {
        Err(BadToken(format!(
            "expected {n} fields ({shape}), found {}",
            tokens.len()
        )))
    }
}

impl Partial {
    fn new(start_line: usize) -> Self {
        Self {
            start_line,
            threads: None,
            connections: None,
            latency: None,
            percentiles: Vec::new(),
            requests: None,
            duration_s: None,
            bytes_read: None,
            errors: ErrorCounts::default(),
            throughput_rps: None,
            transfer_bytes_per_s: None,
            wrk2: false,
            in_spectrum: false,
            spectrum: Spectrum::default(),
            target: None,
            in_uncorrected: false,
            uncorrected_percentiles: Vec::new(),
            uncorrected: Spectrum::default(),
        }
    }

    /// Takes in a line of wrk2's `Detailed Percentile spectrum`, if it is one.
    fn spectrum_line(&mut self, line: &str, t: &[&str]) -> bool {
        if line.starts_with("Detailed Percentile spectrum") {
            self.in_spectrum = true;
            self.wrk2 = true;
            return true;
        }
        // wrk's whole distribution, printed by the `done()` script `gatebench run`
        // gives it (docs/benchmark-formats.md, "wrk"): wrk2's table, closed loop.
        if line.starts_with(WRK_DISTRIBUTION) {
            self.in_spectrum = true;
            return true;
        }
        if !self.in_spectrum {
            return false;
        }
        if line.starts_with("----") {
            self.in_spectrum = false;
            self.in_uncorrected = false;
            return true;
        }
        let spectrum = if self.in_uncorrected {
            &mut self.uncorrected
        } else {
            &mut self.spectrum
        };
        if spectrum.take(line, t) {
            return true;
        }
        hdr_spectrum::is_header(t) || line.is_empty()
    }

    fn apply(&mut self, kind: LineKind, t: &[&str]) -> Result<(), BadToken> {
        match kind {
            LineKind::ThreadsAndConnections => {
                self.threads = Some(small_count(t[0])?);
                self.connections = Some(small_count(t[3])?);
            }
            LineKind::Latency => {
                exactly(t, 5, "`Latency <avg> <stdev> <max> <+/- stdev>%`")?;
                self.latency = Some([
                    wrk_units::time_ms(t[1])?,
                    wrk_units::time_ms(t[2])?,
                    wrk_units::time_ms(t[3])?,
                    wrk_units::percent(t[4])?,
                ]);
            }
            LineKind::ReqPerSec => {
                // Per thread, not the total: checked but not stored.
                exactly(t, 5, "`Req/Sec <avg> <stdev> <max> <+/- stdev>%`")?;
                for token in &t[1..4] {
                    wrk_units::metric(token)?;
                }
                wrk_units::percent(t[4])?;
            }
            LineKind::Percentile => {
                let key = t[0].trim_end_matches('%');
                if let Some(ms) = wrk_units::time_ms(t[1])? {
                    let list = if self.in_uncorrected {
                        &mut self.uncorrected_percentiles
                    } else {
                        &mut self.percentiles
                    };
                    list.push(Percentile::new(key, ms));
                }
            }
            LineKind::RequestsIn => {
                // `22464657 requests in 30.00s, 17.76GB read`
                exactly(t, 6, "`<n> requests in <time>, <size> read`")?;
                self.requests = Some(wrk_units::count(t[0])?);
                let time = t[3].trim_end_matches(',');
                self.duration_s = wrk_units::time_ms(time)?.map(|ms| ms / 1000.0);
                self.bytes_read = wrk_units::bytes(t[4])?;
            }
            LineKind::SocketErrors => {
                // `Socket errors: connect 0, read 12, write 0, timeout 8`
                exactly(
                    t,
                    10,
                    "`Socket errors: connect <n>, read <n>, write <n>, timeout <n>`",
                )?;
                let n = |i: usize| wrk_units::count(t[i].trim_end_matches(','));
                self.errors.connect = n(3)?;
                self.errors.read = n(5)?;
                self.errors.write = n(7)?;
                self.errors.timeout = n(9)?;
            }
            LineKind::Non2xx => {
                exactly(t, 5, "`Non-2xx or 3xx responses: <n>`")?;
                self.errors.non_2xx_3xx = wrk_units::count(t[4])?;
            }
            LineKind::RequestsPerSec => {
                exactly(t, 2, "`Requests/sec: <rate>`")?;
                self.throughput_rps = wrk_units::metric(t[1])?;
            }
            LineKind::TransferPerSec => {
                exactly(t, 2, "`Transfer/sec: <size>`")?;
                self.transfer_bytes_per_s = wrk_units::bytes(t[1])?;
            }
        }
        Ok(())
    }

    fn finish(
        mut self,
        path: &Path,
        end_line: usize,
        stem: &str,
        index: usize,
    ) -> Result<Run, ImportError> {
        let missing = |what: &str| {
            ImportError::parse(
                path,
                end_line.max(self.start_line),
                format!(
                    "the run that starts on line {} ends without {what}; \
                     the output looks truncated",
                    self.start_line
                ),
            )
        };
        let requests = self
            .requests
            .ok_or_else(|| missing("`<n> requests in <time>, <size> read`"))?;
        let duration_s = self
            .duration_s
            .ok_or_else(|| missing("a run time in `<n> requests in <time>`"))?;
        let throughput_rps = self
            .throughput_rps
            .ok_or_else(|| missing("`Requests/sec: <rate>`"))?;

        // wrk's whole distribution (the `done()` script's) holds every request at
        // HdrHistogram's resolution: the histogram is wrk's own, not rebuilt from a
        // few percentiles as wrk2's spectrum is (docs/distributed-load.md, "Merge").
        let detail = self
            .spectrum
            .detail()
            .map(|mut d| {
                d.rebuilt = self.wrk2;
                d
            })
            .map(std::sync::Arc::new);
        // wrk's own distribution (not wrk2's): its tail, which `--latency` never
        // prints, and its minimum.
        if !self.wrk2
            && let Some(d) = &detail
        {
            for key in crate::samples::histogram::REPORTED_PERCENTILES
                .iter()
                .chain(&["99.999", "100"])
            {
                let rank: f64 = key.parse().unwrap_or(50.0);
                if !self.percentiles.iter().any(|p| p.rank() == Some(rank)) {
                    let ms = d.histogram.value_at_quantile(rank / 100.0) as f64 / 1000.0;
                    self.percentiles.push(Percentile::new(*key, ms));
                }
            }
            self.percentiles
                .sort_by(|a, b| a.rank().unwrap_or(0.0).total_cmp(&b.rank().unwrap_or(0.0)));
        }
        let min = detail
            .as_ref()
            .filter(|_| !self.wrk2)
            .map(|d| d.histogram.min() as f64 / 1000.0);
        let latency = match self.latency {
            // All-zero latency and `-nan%` mean "no samples" (every request timed out).
            Some([Some(mean), Some(stdev), Some(max), Some(_)]) if !(mean == 0.0 && max == 0.0) => {
                LatencySummary {
                    mean: Some(mean),
                    stdev: Some(stdev),
                    min,
                    max: Some(max),
                    percentiles: self.percentiles,
                }
            }
            _ => LatencySummary::default(),
        };
        let latency_uncorrected = (!self.uncorrected_percentiles.is_empty()).then(|| {
            let (mean, stdev) = self.uncorrected.mean_sd.unzip();
            LatencySummary {
                mean,
                stdev,
                min: None,
                max: self.uncorrected.max,
                percentiles: self.uncorrected_percentiles,
            }
        });
        let label = super::transcript::label(stem, index);
        Ok(Run {
            duration_s: Some(duration_s),
            connections: self.connections,
            threads: self.threads,
            requests: Some(requests),
            throughput_rps: Some(throughput_rps),
            transfer_bytes_per_s: self.transfer_bytes_per_s,
            bytes_read: self.bytes_read,
            latency,
            errors: self.errors,
            target: self.target,
            latency_uncorrected,
            detail,
            ..Run::read(
                if self.wrk2 { "wrk2" } else { "wrk" }.to_owned(),
                path,
                label,
                if self.wrk2 {
                    Measurement::Corrected
                } else {
                    Measurement::ClosedLoop
                },
            )
        })
    }
}

/// The first line of wrk's distribution as the `done()` script of `gatebench run`
/// prints it.
pub const WRK_DISTRIBUTION: &str = "Latency distribution (wrk done(), gatebench):";

fn small_count(token: &str) -> Result<u32, BadToken> {
    token
        .parse()
        .map_err(|_| BadToken(format!("expected a whole number, found `{token}`")))
}
