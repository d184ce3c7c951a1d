//! Per-request files of one run (hey `-o csv`, ab `-g`): a header naming the columns,
//! then one row per request, streamed through [`super::blocks`] into one
//! [`RunAccumulator`].

use super::{ImportError, Stream};
use crate::blocks::{self, Kind, Layout, Wanted};
use crate::model::{MAX_LATENCY_MS, Measurement, Run};
use crate::naming;
use crate::samples::{Outcome, RunAccumulator, RunMeta};

/// A per-request format: its header, separator and how its columns read.
pub struct RawFormat {
    pub id: &'static str,
    pub describe: &'static str,
    /// The tool, as a one-element list ([`super::Importer::tools`]).
    pub tool: &'static [&'static str],
    pub separator: u8,
    /// The header line exactly as the tool writes it.
    pub header: &'static str,
    /// Column with the request's start, and its unit in seconds (1 = seconds).
    pub start: (&'static str, Kind, f64),
    /// Column with the request's latency, and its unit in milliseconds.
    pub latency: (&'static str, Kind, f64),
    /// Column with the HTTP status, if the file has one.
    pub status: Option<&'static str>,
    /// Column with the bytes received, if the file has one.
    pub bytes: Option<&'static str>,
    /// Whether start times are Unix time.
    pub epoch: bool,
}

/// hey `-o csv`: seconds with 4 decimals; `offset` is the start since the run began.
pub const HEY_CSV: RawFormat = RawFormat {
    id: "hey-csv",
    describe: "hey -o csv",
    tool: &["hey"],
    separator: b',',
    header: "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset",
    start: ("offset", Kind::Number, 1.0),
    latency: ("response-time", Kind::Number, 1000.0),
    status: Some("status-code"),
    bytes: None,
    epoch: false,
};

/// ab `-g`: TAB-separated, whole seconds of Unix time and whole milliseconds.
pub const AB_GNUPLOT: RawFormat = RawFormat {
    id: "ab-gnuplot",
    describe: "ab -g",
    tool: &["ab"],
    separator: b'\t',
    header: "starttime\tseconds\tctime\tdtime\tttime\twait",
    start: ("seconds", Kind::Whole, 1.0),
    latency: ("ttime", Kind::Whole, 1.0),
    status: None,
    bytes: None,
    epoch: true,
};

/// oha `--output-format csv` (1.9+): seconds as f64, successful requests only.
pub const OHA_CSV: RawFormat = RawFormat {
    id: "oha-csv",
    describe: "oha CSV",
    tool: &["oha"],
    separator: b',',
    header: "request-start,DNS,DNS+dialup,Response-delay,request-duration,bytes,status",
    start: ("request-start", Kind::Number, 1.0),
    latency: ("request-duration", Kind::Number, 1000.0),
    status: Some("status"),
    bytes: Some("bytes"),
    epoch: false,
};

impl super::Importer for RawFormat {
    fn id(&self) -> &'static str {
        self.id
    }
    fn describe(&self) -> &'static str {
        self.describe
    }
    fn tools(&self) -> &'static [&'static str] {
        self.tool
    }
    fn throughput_definition(&self) -> &'static str {
        super::importer::PER_REQUEST_THROUGHPUT
    }
    fn per_request(&self) -> bool {
        true
    }
    /// The header exactly as the tool writes it, on the first line.
    fn sniff(&self, probe: &super::Probe<'_>) -> bool {
        let first = probe.head.split(|&b| b == b'\n').next().unwrap_or_default();
        first.strip_suffix(b"\r").unwrap_or(first) == self.header.as_bytes()
    }
    fn read(&self, input: super::Input<'_>) -> Result<Vec<Run>, ImportError> {
        load(self, input.into_stream())
    }
}

/// Reads one run from `source` (`total` bytes; `head` its first bytes).
pub fn load(format: &RawFormat, stream: Stream<'_>) -> Result<Vec<Run>, ImportError> {
    let Stream { head, source, .. } = stream;
    let path = source.path;
    let names: Vec<&str> = format.header.split(format.separator as char).collect();
    let index = |n: &str| names.iter().position(|x| *x == n).unwrap_or(0);
    let wanted = |name: &str, kind: Kind, required: bool| Wanted {
        index: index(name),
        name: name.to_owned(),
        kind,
        hint: "",
        required,
        // The latency column's bound, a day, in its own unit.
        latency_max: (name == format.latency.0).then(|| MAX_LATENCY_MS / format.latency.2),
        to_whole: None,
    };
    let mut columns = vec![
        wanted(format.start.0, format.start.1, true),
        wanted(format.latency.0, format.latency.1, true),
    ];
    for column in [format.status, format.bytes].into_iter().flatten() {
        columns.push(wanted(column, Kind::Whole, false));
    }
    let layout = Layout {
        separator: format.separator,
        fields: names.len(),
        wanted: columns,
        start: blocks::after_first_line(head),
        first_line: 2,
        cut_off_last_row: false,
    };
    let acc = blocks::read(source, &layout, |acc: &mut RunAccumulator, frame| {
        let col = blocks::Columns::new(frame, path);
        let starts = col.as_f64(index(format.start.0))?;
        let latencies = col.as_f64(index(format.latency.0))?;
        let optional = |column: Option<&str>| -> Result<Vec<Option<f64>>, ImportError> {
            match column {
                Some(c) => col.as_f64(index(c)),
                None => Ok(vec![None; starts.len()]),
            }
        };
        let statuses = optional(format.status)?;
        let sizes = optional(format.bytes)?;
        let rows = starts.into_iter().zip(latencies).zip(statuses).zip(sizes);
        for (((start, latency), status), size) in rows {
            if let (Some(start), Some(latency)) = (start, latency) {
                let outcome = status.map_or(Outcome::Ok, |c| Outcome::from_status(c as i64));
                let bytes = size.unwrap_or(0.0).max(0.0) as u64;
                acc.add(
                    start * format.start.2,
                    latency * format.latency.2,
                    outcome,
                    bytes,
                );
            }
        }
        Ok(())
    })?
    .state;
    let name = naming::classify(path);
    acc.finish(RunMeta {
        source: path.display().to_string(),
        tool: format.tool[0].into(),
        label: name.stem,
        integration: None,
        memory_mb: None,
        connections: None,
        threads: None,
        epoch: format.epoch,
        measurement: Measurement::ClosedLoop,
    })
    .map(|run| vec![run])
    .ok_or_else(|| ImportError::parse(path, 2, "the file has a header but no requests"))
}
