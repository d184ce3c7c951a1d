//! A transcript that holds the reports of several tools (a README with wrk's runs,
//! then vegeta's): detection picks one format, and the others' reports would be lost
//! without a word. Each text format that keeps transcripts says where its reports
//! start; when another of them also finds reports in the text, every one of them
//! reads it, and the runs are put back in the file's order and labelled as one
//! transcript's runs (`docs/benchmark-formats.md`, "Transcripts").

use std::path::Path;

use super::ImportError;
use super::registry::Format;
use super::transcript;
use super::{ab, hey, k6_text, oha_text, vegeta, wrk};
use crate::model::Run;
use crate::naming;

/// The 1-based lines of a text at which a format's reports start.
type ReportLines = fn(&str) -> Vec<usize>;

/// The formats whose reports a transcript may mix, each with the lines its reports
/// start at.
const STARTS: [(&str, ReportLines); 6] = [
    ("wrk", wrk::report_lines),
    ("hey", hey::report_lines),
    ("ab", ab::report_lines),
    ("oha-text", oha_text::report_lines),
    ("vegeta-text", vegeta::report_lines),
    ("k6-text", k6_text::report_lines),
];

fn starts_of(format: Format) -> Option<ReportLines> {
    STARTS
        .iter()
        .find(|(id, _)| *id == format.id())
        .map(|(_, f)| *f)
}

/// The formats besides `detected` whose reports `text` holds too, in list order.
pub fn others(detected: Format, text: &str) -> Vec<Format> {
    if starts_of(detected).is_none() {
        return Vec::new();
    }
    Format::all()
        .filter(|&f| f != detected)
        .filter(|&f| starts_of(f).is_some_and(|starts| !starts(text).is_empty()))
        .filter(|&f| super::registry::detect_only(f, text))
        .collect()
}

/// The runs of `formats` (the detected one first) in `text`, in the order their
/// reports appear, labelled `stem`, `stem #2`... `read` reads one format from a
/// text in which only that format's reports are left: each runs from one of its
/// starts to the next start of any format, and every other line is blank, so that
/// line numbers stay those of the file.
pub fn read(
    path: &Path,
    text: &str,
    formats: &[Format],
    read: impl Fn(Format, &str) -> Result<Vec<Run>, ImportError>,
) -> Result<Vec<Run>, ImportError> {
    let starts: Vec<Vec<usize>> = formats
        .iter()
        .map(|&f| starts_of(f).map(|s| s(text)).unwrap_or_default())
        .collect();
    // Which format each line belongs to: the one whose report started last above it.
    let mut owner: Vec<Option<usize>> = vec![None; text.lines().count() + 1];
    let mut marks: Vec<(usize, usize)> = starts
        .iter()
        .enumerate()
        .flat_map(|(f, lines)| lines.iter().map(move |&l| (l, f)))
        .collect();
    marks.sort_unstable();
    for (k, &(line, f)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(owner.len(), |m| m.0);
        owner[line..end].iter_mut().for_each(|o| *o = Some(f));
    }
    let mut placed: Vec<(usize, usize, Run)> = Vec::new();
    for (order, &format) in formats.iter().enumerate() {
        let own: Vec<&str> = text
            .lines()
            .enumerate()
            .map(|(i, l)| if owner[i + 1] == Some(order) { l } else { "" })
            .collect();
        let runs = read(format, &own.join("\n"))?;
        let starts = &starts[order];
        let first = starts.first().copied().unwrap_or(0);
        // One start a run places each run; otherwise (k6 v1 prints two lines a run)
        // the format's runs stay together at its first report.
        let one_each = starts.len() == runs.len();
        for (i, run) in runs.into_iter().enumerate() {
            let line = if one_each { starts[i] } else { first };
            placed.push((line, order, run));
        }
    }
    placed.sort_by_key(|(line, order, _)| (*line, *order));
    let stem = naming::classify(path).stem;
    Ok(placed
        .into_iter()
        .enumerate()
        .map(|(i, (_, _, run))| Run {
            label: transcript::label(&stem, i),
            ..run
        })
        .collect())
}
