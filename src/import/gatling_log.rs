//! Gatling's raw `simulation.log`: the tab-separated text log of Gatling 2 and 3 up
//! to 3.12, one record a line (`RUN`, `USER`, `REQUEST`, `GROUP`, `ERROR`,
//! `ASSERTION`), read as per-request samples, one run per request (named with its
//! groups, `checkout / Pay`). The `REQUEST` record changed over the versions
//! (`docs/benchmark-formats.md`, "Gatling simulation.log"); the layout is taken
//! from the first one and every other must match it. Since Gatling 3.13 the log is
//! binary: it is named as such, with the advice to read the report's
//! `js/stats.json`.

use std::io::{BufRead, BufReader, Read};

use super::ImportError;
use super::importer::{PER_REQUEST_THROUGHPUT, Stream, StreamedFormat};
use super::text::MAX_LINE_BYTES;
use crate::blocks::{BLOCK_BYTES, ByteProgress};
use crate::model::{Measurement, Run};
use crate::samples::{Labelled, Outcome};

/// Gatling simulation.log: the importer.
pub const GATLING_LOG: StreamedFormat = StreamedFormat {
    id: "gatling-log",
    describe: "Gatling simulation.log",
    tools: &["gatling"],
    throughput_definition: PER_REQUEST_THROUGHPUT,
    sniff: looks_like,
    load,
    options: &[],
};

/// The text log's records begin with one of these and a TAB.
const RECORDS: [&str; 6] = ["RUN", "USER", "REQUEST", "GROUP", "ERROR", "ASSERTION"];

/// A text log's first line is a record (`RUN` in a whole log), or the file is the
/// binary log.
pub fn looks_like(head: &[u8]) -> bool {
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let record =
        |name: &str| first.starts_with(name.as_bytes()) && first.get(name.len()) == Some(&b'\t');
    RECORDS.iter().any(|r| record(r)) || binary_version(head).is_some()
}

/// The Gatling version a binary log starts with: its run record (header byte 0),
/// then the version as a length-prefixed string (`LogFileDataWriter`, 3.13).
fn binary_version(head: &[u8]) -> Option<String> {
    let (&0, rest) = head.split_first()? else {
        return None;
    };
    let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let version = rest.get(4..4 + len).filter(|_| (1..=32).contains(&len))?;
    let plausible = version[0].is_ascii_digit()
        && version
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b".-_".contains(b));
    plausible.then(|| String::from_utf8_lossy(version).into_owned())
}

/// Where a `REQUEST` record keeps its fields, by Gatling version.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Layout {
    /// 2.0 and 2.1: scenario, user id, groups, name, request start and end,
    /// response start and end, status. The response time is response end − request
    /// start.
    Four,
    /// 2.2: scenario, user id, groups, name, start, end, status.
    WithScenario,
    /// 3.0 to 3.3: user id, groups, name, start, end, status.
    WithUser,
    /// 3.4 to 3.12: groups, name, start, end, status.
    Plain,
}

impl Layout {
    /// The index of the status field.
    fn status_at(self) -> usize {
        match self {
            Layout::Plain => 5,
            Layout::WithUser => 6,
            Layout::WithScenario => 7,
            Layout::Four => 9,
        }
    }

    /// The layout of `fields` (a `REQUEST` record split on TABs), if any.
    fn of(fields: &[&str]) -> Option<Layout> {
        [
            Layout::Plain,
            Layout::WithUser,
            Layout::WithScenario,
            Layout::Four,
        ]
        .into_iter()
        .find(|l| l.read(fields).is_some())
    }

    /// Groups, name, start (epoch ms), response time (ms) and status of a record.
    fn read<'a>(self, fields: &[&'a str]) -> Option<Request<'a>> {
        let at = self.status_at();
        let ok = match *fields.get(at)? {
            "OK" => true,
            "KO" => false,
            _ => return None,
        };
        let ms = |i: usize| fields[i].trim().parse::<i64>().ok();
        let (start, end) = match self {
            Layout::Four => {
                // All four times must be numbers, as they are in such a record.
                (at - 4..at).try_for_each(|i| ms(i).map(|_| ()))?;
                (ms(at - 4)?, ms(at - 1)?)
            }
            _ => (ms(at - 2)?, ms(at - 1)?),
        };
        let name_at = match self {
            Layout::Four => at - 5,
            _ => at - 3,
        };
        Some(Request {
            groups: fields[name_at - 1],
            name: fields[name_at],
            start_ms: start,
            response_ms: end - start,
            ok,
            message: fields.get(at + 1).map_or("", |m| m.trim()),
        })
    }

    fn describe(self) -> &'static str {
        match self {
            Layout::Four => {
                "REQUEST, scenario, user, groups, name, request start and end, \
                 response start and end, OK or KO (Gatling 2.0 and 2.1)"
            }
            Layout::WithScenario => {
                "REQUEST, scenario, user, groups, name, start, end, OK or KO (Gatling 2.2)"
            }
            Layout::WithUser => {
                "REQUEST, user, groups, name, start, end, OK or KO (Gatling 3.0 to 3.3)"
            }
            Layout::Plain => "REQUEST, groups, name, start, end, OK or KO (Gatling 3.4 to 3.12)",
        }
    }
}

struct Request<'a> {
    groups: &'a str,
    name: &'a str,
    start_ms: i64,
    response_ms: i64,
    ok: bool,
    message: &'a str,
}

impl Request<'_> {
    /// The run's label: the request's name under its groups, outermost first.
    fn label(&self) -> String {
        let groups = self.groups.trim();
        if groups.is_empty() {
            self.name.to_owned()
        } else {
            let mut label = groups.split(',').collect::<Vec<_>>().join(" / ");
            label.push_str(" / ");
            label.push_str(self.name);
            label
        }
    }

    /// A failed check's message says what failed: a status (`found 503`), a
    /// timeout or a connection.
    fn outcome(&self) -> Outcome {
        if self.ok {
            return Outcome::Ok;
        }
        let m = self.message.to_ascii_lowercase();
        if m.contains("timeout") || m.contains("timed out") {
            Outcome::Timeout
        } else if m.contains("connection refused") || m.contains("connect") {
            Outcome::Connect
        } else if m.starts_with("status.find") || m.contains("status.find") {
            Outcome::HttpError
        } else {
            Outcome::OtherError
        }
    }
}

/// Users active at once: `USER` records say when each starts and ends.
#[derive(Default)]
struct Users {
    active: i64,
    most: i64,
}

impl Users {
    /// `START` or `END`, wherever the version puts it.
    fn record(&mut self, fields: &[&str]) {
        match fields
            .iter()
            .skip(1)
            .take(3)
            .find(|f| **f == "START" || **f == "END")
        {
            Some(&"START") => {
                self.active += 1;
                self.most = self.most.max(self.active);
            }
            Some(_) => self.active -= 1,
            None => {}
        }
    }
}

/// Reads a text `simulation.log`, or names the binary one.
pub fn load(stream: Stream<'_>) -> Result<Vec<Run>, ImportError> {
    let Stream { head, source, .. } = stream;
    let path = source.path;
    if let Some(version) = binary_version(head) {
        return Err(ImportError::parse(
            path,
            1,
            format!(
                "a binary Gatling simulation.log (written by Gatling {version}; the log \
                 is binary since Gatling 3.13); gatebench reads the text log of Gatling \
                 2 to 3.12. Open the report's js/stats.json instead (it is next to \
                 index.html in the report folder)"
            ),
        ));
    }
    // A report every block's worth of lines when the size is not known.
    let mut read = ByteProgress::new(source.progress, source.total, 0, BLOCK_BYTES as u64);
    let mut reader = BufReader::with_capacity(1 << 20, source.reader);
    let mut labels = Labelled::default();
    let mut users = Users::default();
    let mut layout: Option<Layout> = None;
    let mut line = Vec::new();
    let mut line_no = 0usize;
    loop {
        line.clear();
        let n = (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| ImportError::io(path, e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        read.advance(n as u64);
        if line.len() > MAX_LINE_BYTES {
            return Err(ImportError::parse(
                path,
                line_no,
                format!(
                    "a line longer than {} MiB: expected a Gatling log record",
                    MAX_LINE_BYTES >> 20
                ),
            ));
        }
        let text = std::str::from_utf8(&line).map_err(|_| {
            ImportError::parse(
                path,
                line_no,
                "not UTF-8 text; expected a Gatling log record",
            )
        })?;
        let text = text.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = text.split('\t').collect();
        match fields[0] {
            "REQUEST" => {
                let layout = match layout {
                    Some(l) => l,
                    None => *layout.insert(Layout::of(&fields).ok_or_else(|| {
                        ImportError::parse(
                            path,
                            line_no,
                            format!(
                                "a REQUEST record gatebench cannot place: `{}`; expected \
                                 TAB-separated {}, or an older layout",
                                crate::error::excerpt(text),
                                Layout::Plain.describe()
                            ),
                        )
                    })?),
                };
                let request = layout.read(&fields).ok_or_else(|| {
                    ImportError::parse(
                        path,
                        line_no,
                        format!(
                            "expected {}, as the first REQUEST record; found `{}`",
                            layout.describe(),
                            crate::error::excerpt(text)
                        ),
                    )
                })?;
                let (acc, _) = labels.entry(&request.label());
                acc.add(
                    request.start_ms as f64 / 1000.0,
                    request.response_ms.max(0) as f64,
                    request.outcome(),
                    0,
                );
            }
            "USER" => users.record(&fields),
            "RUN" | "GROUP" | "ERROR" | "ASSERTION" => {}
            other => {
                return Err(ImportError::parse(
                    path,
                    line_no,
                    format!(
                        "`{}` is not a Gatling log record; expected one of {}, each \
                         followed by a TAB",
                        crate::error::excerpt(other),
                        RECORDS.join(", ")
                    ),
                ));
            }
        }
    }
    read.finish();
    let mut runs = labels.into_runs(path, "gatling", true, Measurement::Unknown);
    if runs.is_empty() {
        return Err(ImportError::parse(
            path,
            line_no.max(1),
            "the Gatling log holds no REQUEST record",
        ));
    }
    let most = u32::try_from(users.most).ok().filter(|&n| n > 0);
    for run in &mut runs {
        run.connections = most;
    }
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> Vec<&str> {
        line.split('\t').collect()
    }

    #[test]
    fn every_layout_is_placed() {
        let cases = [
            (
                "REQUEST\tscn\t1\t\tTest\t1000\t3500\t5000\t3000\tOK\tdone",
                Layout::Four,
                2000,
            ),
            (
                "REQUEST\tscn\t1\t\tTest\t1000\t3000\tOK\tdone",
                Layout::WithScenario,
                2000,
            ),
            (
                "REQUEST\t1\t\tTest\t1000\t3000\tOK\tdone",
                Layout::WithUser,
                2000,
            ),
            (
                "REQUEST\t\tTest\t1000\t3000\tKO\tstatus.find.is(200), found 503",
                Layout::Plain,
                2000,
            ),
        ];
        for (line, layout, ms) in cases {
            let f = fields(line);
            assert_eq!(Layout::of(&f), Some(layout), "{line}");
            let r = layout.read(&f).unwrap();
            assert_eq!((r.name, r.start_ms, r.response_ms), ("Test", 1000, ms));
        }
        assert_eq!(Layout::of(&fields("REQUEST\tnonsense")), None);
    }

    #[test]
    fn groups_name_the_run_and_messages_class_the_failure() {
        let f =
            fields("REQUEST\tshop,checkout\tPay\t1\t2\tKO\tRequest timeout to x after 60000 ms");
        let r = Layout::Plain.read(&f).unwrap();
        assert_eq!(r.label(), "shop / checkout / Pay");
        assert_eq!(r.outcome(), Outcome::Timeout);
        let f = fields("REQUEST\t\tHome\t1\t2\tKO\tstatus.find.in([200, 209], 304), found 503");
        assert_eq!(
            Layout::Plain.read(&f).unwrap().outcome(),
            Outcome::HttpError
        );
    }

    #[test]
    fn the_binary_log_is_known_by_its_header() {
        let mut head = vec![0u8];
        head.extend_from_slice(&6u32.to_be_bytes());
        head.extend_from_slice(b"3.13.1");
        head.push(0);
        assert_eq!(binary_version(&head).as_deref(), Some("3.13.1"));
        assert!(looks_like(&head));
        assert!(!looks_like(b"\0\0\0\0\x05hello"));
        assert!(looks_like(
            b"RUN\tMySimulation\trun1\t1406822067250\t \t3.9.5\n"
        ));
        assert!(!looks_like(b"RUNNING tests\n"));
    }
}
