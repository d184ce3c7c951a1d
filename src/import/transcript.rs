//! What people keep of a shell session: a tool's reports with other lines around
//! and between them (the script's echoes, prompts, headings, progress bars), often
//! several reports one after another (a loop over connections or rates). A text
//! importer finds each report by the line it starts with, reads each as a run of
//! its own, in order, and skips what lies outside them.

use std::path::Path;

use super::ImportError;
use crate::model::Run;
use crate::naming;

/// One report found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Report<'a> {
    /// The 1-based line of the text the report starts at.
    pub first_line: usize,
    /// Its lines, up to the next report or the end of the text.
    pub lines: Vec<&'a str>,
}

impl<'a> Report<'a> {
    /// Each line with its 1-based line number in the whole text.
    pub fn numbered(&self) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.lines
            .iter()
            .enumerate()
            .map(|(i, l)| (self.first_line + i, *l))
    }

    /// The line number of the report's last line.
    pub fn last_line(&self) -> usize {
        self.first_line + self.lines.len().saturating_sub(1)
    }
}

/// The reports of `text`: each begins at a line `starts` accepts (given the line
/// trimmed) and runs to the next such line or the end. Lines before the first are
/// not part of any report.
pub fn reports<'a>(text: &'a str, starts: impl Fn(&str) -> bool) -> Vec<Report<'a>> {
    let mut out: Vec<Report<'a>> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if starts(line.trim()) {
            out.push(Report {
                first_line: i + 1,
                lines: vec![line],
            });
        } else if let Some(report) = out.last_mut() {
            report.lines.push(line);
        }
    }
    out
}

/// Every report of `text` (as [`reports`] finds them), each read by `read` with its
/// label, in order; `expected` says what starts a report when there is none.
pub fn read_each(
    path: &Path,
    text: &str,
    starts: impl Fn(&str) -> bool,
    expected: &str,
    read: impl Fn(&Report<'_>, String) -> Result<Run, ImportError>,
) -> Result<Vec<Run>, ImportError> {
    let found = reports(text, starts);
    if found.is_empty() {
        return Err(ImportError::parse(path, 1, expected));
    }
    let stem = naming::classify(path).stem;
    found
        .iter()
        .enumerate()
        .map(|(i, r)| read(r, label(&stem, i)))
        .collect()
}

/// The label of report `index` (from 0) in a file whose name gives `stem`: the stem
/// for the first, then `stem #2`, `stem #3`... (as wrk's several runs always were).
pub fn label(stem: &str, index: usize) -> String {
    if index == 0 {
        stem.to_owned()
    } else {
        format!("{stem} #{}", index + 1)
    }
}

/// The 1-based numbers of the lines of `text` that `starts` accepts (trimmed).
pub fn lines_where(text: &str, starts: impl Fn(&str) -> bool) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| starts(l.trim()))
        .map(|(i, _)| i + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_start_at_their_line_and_skip_what_comes_before() {
        let text = "$ ./bench.sh\nDuration: 60s\nSummary:\n  Total: 1\n\nSummary:\n  Total: 2\n";
        let found = reports(text, |l| l == "Summary:");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].first_line, 3);
        assert_eq!(found[0].lines, ["Summary:", "  Total: 1", ""]);
        assert_eq!(found[1].numbered().nth(1), Some((7, "  Total: 2")));
        assert_eq!(found[1].last_line(), 7);
        assert!(reports("nothing here", |l| l == "Summary:").is_empty());
        assert_eq!(label("hey", 0), "hey");
        assert_eq!(label("hey", 1), "hey #2");
        assert_eq!(lines_where(text, |l| l == "Summary:"), [3, 6]);
    }
}
