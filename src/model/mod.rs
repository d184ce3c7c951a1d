//! A benchmark run and its parts, in gatebench's canonical units:
//! latency in milliseconds, throughput in requests per second, sizes in bytes.
//!
//! The JSON form of [`Run`] (see `summarize --format json`) is a public interface:
//! every importer fills the same fields, and `None` is written as `null` wherever a
//! tool did not report a value.

use std::sync::Arc;

use hdrhistogram::Histogram;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

pub mod server;
mod tool_metric;

pub use tool_metric::{Stat, ToolMetric, Unit};

/// One measured run: one load-test invocation against one target.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Run {
    /// The file the numbers came from.
    pub source: String,
    /// The load tool that measured the run ("wrk", ...).
    pub tool: String,
    /// A short name for the run, unique within what is loaded.
    pub label: String,
    /// The integration type, such as `elb-direct` or `apigw-lambda`.
    pub integration: Option<String>,
    /// The Lambda memory tier, for function integrations.
    pub memory_mb: Option<u32>,
    /// Set when gatebench guessed `integration` and `memory_mb` from a name (the
    /// file's or the run's; see the `naming` module) and the user has not confirmed or edited
    /// them since; `--no-infer` drops such guesses. In the JSON only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inferred_from: Option<Inferred>,
    /// The measured run time (wrk: from `N requests in X`). `None` for files that
    /// hold only a latency distribution (ab `-e`, vegeta `hdrplot`).
    pub duration_s: Option<f64>,
    pub connections: Option<u32>,
    pub threads: Option<u32>,
    /// Completed responses; `None` when the file does not say.
    pub requests: Option<u64>,
    /// The tool's own throughput figure (wrk: completed responses / run time);
    /// `None` for files that hold only a latency distribution.
    pub throughput_rps: Option<f64>,
    pub transfer_bytes_per_s: Option<f64>,
    pub bytes_read: Option<f64>,
    #[serde(rename = "latency_ms")]
    pub latency: LatencySummary,
    pub errors: ErrorCounts,
    /// The group of repeats the user put this run in; `None`: its integration type and
    /// memory tier are its group ([`Run::group_key`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The URL the load went to, where the file says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The request rate the generator was set to send, for open-loop tools that
    /// report it (vegeta's `rate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_rps: Option<f64>,
    /// How the latency was measured: closed loop, corrected or open loop.
    pub measurement: Measurement,
    /// wrk2 `-U`'s "Uncorrected Latency", kept apart from the corrected `latency`.
    #[serde(
        rename = "latency_uncorrected_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub latency_uncorrected: Option<LatencySummary>,
    /// The average price of one invocation, where the file states it (Power Tuning).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invocation_cost_usd: Option<f64>,
    /// What else the tool printed about the run (k6's other trends, checks,
    /// iterations), by the tool's names; in the JSON only when there is any.
    #[serde(
        serialize_with = "tool_metric::serialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tool_metrics: Vec<ToolMetric>,
    /// The labels of the runs this one was merged from (`summarize --merge`, Merge
    /// selected); `None` for a run read from a file. In the JSON only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged_from: Option<Vec<String>>,
    /// The requests of each run in `merged_from`, in its order: each one's share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged_requests: Option<Vec<u64>>,
    /// The value of the experiment's sweep in this run's cell (`gatebench run`,
    /// `docs/experiment-format.md`): the load it offered, the load curve's x.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sweep: Option<SweepValue>,
    /// Where the run reached its steady state (MSER-5 on short time bins,
    /// `docs/steady-state.md`), for runs read from per-request data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steady_state: Option<SteadyState>,
    /// For a run merged from several load generators that ran together: the
    /// window in which all of them were sending, over which its throughput is
    /// counted (`docs/distributed-load.md`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<SendingWindow>,
    /// What reading the file warned about, with its file and line ("the file ends
    /// inside a row (was JMeter stopped?)"): the run is read, but not all of the
    /// file was. In the JSON only when there is any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// What a server logged about these requests (a Lambda function's REPORT
    /// lines, a gateway's or a proxy's access log): `docs/server-logs.md`. In the
    /// JSON only when set; not part of the tidy CSV.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<Box<server::ServerSide>>,
    /// When the client's run was, on this machine's clock (an experiment's run:
    /// its start and end), for pairing it with server logs by time
    /// (`docs/breakdown.md`). In the JSON only when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wall_clock: Option<server::LogWindow>,
    /// The server logs paired with this client run (by an experiment, by hand, by
    /// `--server-log`, or guessed by time): what `breakdown` splits its time by.
    /// Attached to the runs as shown by `analysis::run_set`; not in the JSON.
    #[serde(skip)]
    pub paired: Vec<server::PairedLog>,
    /// The samples' histogram and per-second series, for runs computed from a
    /// per-request file. Not part of the JSON or the tidy CSV.
    #[serde(skip)]
    pub detail: Option<Arc<RunDetail>>,
}

/// The window in which all the generators of a merged run were sending.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct SendingWindow {
    pub seconds: f64,
    /// Requests sent within it, which its throughput counts.
    pub requests_in: u64,
    /// Requests sent before or after it (one generator started earlier, another
    /// ended later): counted in the run's requests, not in its throughput.
    pub requests_outside: u64,
}

impl SendingWindow {
    pub fn throughput_rps(&self) -> Option<f64> {
        (self.seconds > 0.0).then(|| self.requests_in as f64 / self.seconds)
    }
}

/// One value of an experiment's `[sweep]`: its key (`connections`, `rate`,
/// `threads`) and the value of the run's cell.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct SweepValue {
    pub key: String,
    pub value: f64,
}

impl SweepValue {
    /// "c=25", "rate=500": how a cell's name shows it.
    pub fn short(&self) -> String {
        let key = match self.key.as_str() {
            "connections" => "c",
            "threads" => "t",
            other => other,
        };
        format!("{key}={}", crate::format::plain(self.value))
    }
}

/// Where a run settled (`docs/steady-state.md`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SteadyState {
    /// Seconds from the run's first request to the end of its transient; `None`
    /// when MSER-5 put the truncation point past the run's first half: the run did
    /// not settle.
    pub after_s: Option<f64>,
    /// The width of the time bins it was found on.
    pub bin_ms: f64,
    /// When the first steady bin begins, on the clock of `RunDetail`'s blocks.
    #[serde(skip)]
    pub at_s: f64,
    /// True when the run's figures leave out the transient (`--exclude-warmup`,
    /// the window's "Exclude warm-up").
    pub excluded: bool,
}

impl SteadyState {
    /// "steady after 2.4 s", or "not settled in its first half".
    pub fn describe(&self) -> String {
        match self.after_s {
            Some(s) if self.excluded => format!(
                "steady after {}; figures without the first {0}",
                crate::format::seconds(s)
            ),
            Some(s) => format!("steady after {}", crate::format::seconds(s)),
            None => "not settled in its first half".to_owned(),
        }
    }
}

/// Which name a run's integration type and memory tier were guessed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inferred {
    /// The name of the file (`apigw-lambda-512.txt`).
    FileName,
    /// The run's own name in the file: a JTL label, an hlog tag, a Locust or Gatling
    /// request name.
    RunName,
}

impl Inferred {
    pub fn describe(self) -> &'static str {
        match self {
            Inferred::FileName => "from the file name",
            Inferred::RunName => "from the run's name in the file",
        }
    }
}

/// How a tool measures latency (`docs/comparing-runs.md`, "Coordinated omission").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measurement {
    /// Each connection waits for its response before sending the next request (wrk,
    /// hey, ab, oha, JMeter, Locust): when the server stalls, the requests that should
    /// have been sent are never measured, and percentiles look better than users saw.
    ClosedLoop,
    /// Latency from each request's intended start at a fixed rate (wrk2 `-R`).
    Corrected,
    /// Requests sent at a fixed rate whatever the responses (vegeta).
    OpenLoop,
    /// The function invoked directly, not through the gateway (AWS Lambda Power
    /// Tuning): its duration, not what a user of the gateway waits.
    DirectInvocation,
    /// Measured by the server and written in its own log (a Lambda REPORT line, an
    /// access log): its time, not what a client waited (`docs/server-logs.md`).
    ServerLog,
    /// The file does not say (k6 and Gatling depend on the scenario).
    #[default]
    Unknown,
}

impl Measurement {
    pub fn describe(self) -> &'static str {
        match self {
            Measurement::ClosedLoop => "closed loop (subject to coordinated omission)",
            Measurement::Corrected => "corrected for coordinated omission (fixed rate)",
            Measurement::OpenLoop => "open loop (fixed request rate)",
            Measurement::DirectInvocation => "direct invocation of the function (Power Tuning)",
            Measurement::ServerLog => "measured by the server, in its own log",
            Measurement::Unknown => "not stated in the file",
        }
    }
}

/// What a run computed from per-request samples keeps beyond its summary.
#[derive(Clone, PartialEq)]
pub struct RunDetail {
    /// Latency in microseconds, 3 significant digits.
    pub histogram: Histogram<u64>,
    pub count: u64,
    pub sum_ms: f64,
    pub sum_sq_ms: f64,
    /// One point per bin of `step_s` seconds (1 s unless the run spans more than
    /// `samples::MAX_BINS` seconds), first request to last.
    pub series: Vec<SeriesPoint>,
    pub step_s: i64,
    /// True when `SeriesPoint::second` is Unix time; else seconds since the run began.
    pub epoch: bool,
    /// Consecutive time blocks of the run (at most [`MAX_TIME_BLOCKS`]), for the block
    /// bootstrap of its intervals; empty when the run has no timestamps to cut by.
    pub blocks: Vec<TimeBlock>,
    /// True when the histogram was rebuilt from a percentile table (wrk2's spectrum,
    /// vegeta `hdrplot`): it holds only at the table's resolution, so what is merged
    /// from it is approximate.
    pub rebuilt: bool,
}

impl std::fmt::Debug for RunDetail {
    /// Short: a histogram's counts run to tens of thousands of entries.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunDetail")
            .field("count", &self.count)
            .field("histogram_len", &self.histogram.len())
            .field("bins", &self.series.len())
            .field("step_s", &self.step_s)
            .field("epoch", &self.epoch)
            .field("blocks", &self.blocks.len())
            .field("rebuilt", &self.rebuilt)
            .finish()
    }
}

/// The longest latency gatebench takes from a file: a day. No load tool waits that
/// long for one response; a larger value is a corrupt or misread file, refused with
/// its line (`docs/benchmark-formats.md`, "Bounds"). Histograms track up to it, so
/// that no percentile is ever clamped below the run's max.
pub const MAX_LATENCY_MS: f64 = 86_400_000.0;

/// The most time blocks a run keeps for its intervals.
pub const MAX_TIME_BLOCKS: usize = 64;

/// The requests that started within one time block of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimeBlock {
    pub requests: u64,
    pub errors: u64,
    /// The sum of the requests' latencies.
    pub sum_ms: f64,
    /// The seconds of the run the block covers (less than its width at the ends).
    pub span_s: f64,
    /// Latency (µs, 2 significant digits) as (value, count), ascending.
    pub latency: Vec<(u64, u64)>,
    /// When the block begins, in the run's time (`SeriesPoint::second`'s clock).
    pub start_s: f64,
}

/// Requests that started within one bin of the series.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPoint {
    pub second: i64,
    pub requests: u64,
    pub errors: u64,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
}

/// Latency statistics in milliseconds. `None` means "not reported": wrk, for
/// example, prints all-zero latency with `-nan%` when every request timed out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LatencySummary {
    pub mean: Option<f64>,
    pub stdev: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// In the order the tool printed them.
    #[serde(serialize_with = "serialize_percentiles")]
    pub percentiles: Vec<Percentile>,
}

/// One point of a latency distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Percentile {
    /// The percentile as the tool prints it: "50", "99", "99.9".
    pub key: String,
    pub ms: f64,
}

impl Percentile {
    pub fn new(key: impl Into<String>, ms: f64) -> Self {
        Self {
            key: key.into(),
            ms,
        }
    }

    /// The percentile as a number (`"99.9"` -> 99.9), if the key is one.
    pub fn rank(&self) -> Option<f64> {
        self.key.parse().ok()
    }
}

impl LatencySummary {
    /// The latency at percentile `key` ("50", "99"...), if reported. Keys compare as
    /// numbers, so that "99" finds wrk2's "99.000".
    pub fn percentile(&self, key: &str) -> Option<f64> {
        let rank: Option<f64> = key.parse().ok();
        self.percentiles
            .iter()
            .find(|p| p.key == key || (rank.is_some() && p.rank() == rank))
            .map(|p| p.ms)
    }
}

/// Request failures as the tool counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ErrorCounts {
    pub connect: u64,
    pub read: u64,
    pub write: u64,
    pub timeout: u64,
    /// wrk counts responses with status > 399 here, whatever the label says.
    pub non_2xx_3xx: u64,
    /// Failures a tool reports without one of the classes above.
    pub other: u64,
}

impl ErrorCounts {
    pub fn socket_errors(&self) -> u64 {
        self.connect + self.read + self.write + self.timeout
    }

    pub fn total(&self) -> u64 {
        self.socket_errors() + self.non_2xx_3xx + self.other
    }

    pub fn plus(&self, o: &ErrorCounts) -> ErrorCounts {
        ErrorCounts {
            connect: self.connect + o.connect,
            read: self.read + o.read,
            write: self.write + o.write,
            timeout: self.timeout + o.timeout,
            non_2xx_3xx: self.non_2xx_3xx + o.non_2xx_3xx,
            other: self.other + o.other,
        }
    }
}

impl Run {
    /// The one way an importer begins a run: what `tool` measured, read from
    /// `source` and labelled `label`, with every figure `None` (not in the file) for
    /// the importer to fill with struct-update syntax:
    /// `Run { duration_s: Some(30.0), ..Run::read("wrk", path, label, ClosedLoop) }`.
    pub fn read(
        tool: impl Into<String>,
        source: &std::path::Path,
        label: impl Into<String>,
        measurement: Measurement,
    ) -> Run {
        Run {
            source: source.display().to_string(),
            tool: tool.into(),
            label: label.into(),
            measurement,
            ..Run::default()
        }
    }

    /// The repeats this run belongs with: the group the user gave it, else its
    /// [`Run::group_name`] (integration type and memory tier).
    pub fn group_key(&self) -> String {
        self.group.clone().unwrap_or_else(|| self.group_name())
    }

    /// "integration" or "integration 512 MB", or the label when neither is known.
    pub fn group_name(&self) -> String {
        match (&self.integration, self.memory_mb) {
            (Some(i), Some(m)) => format!("{i} {m} MB"),
            (Some(i), None) => i.clone(),
            (None, Some(m)) => format!("{} {m} MB", self.label),
            (None, None) => self.label.clone(),
        }
    }
}

fn serialize_percentiles<S: Serializer>(p: &[Percentile], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(p.len()))?;
    for pct in p {
        map.serialize_entry(&pct.key, &pct.ms)?;
    }
    map.end()
}
