//! `gatebench summarize`: the runs of the given files, without a window.

use std::io::Write;
use std::path::PathBuf;

use super::OutputFormat;
use crate::analysis::baseline;
use crate::format;
use crate::import::tidy_csv;
use crate::model::Run;

/// Loads every file, then prints the runs to `out`. Any file that fails to import
/// is reported on `err` and nothing is printed to `out`: a partial summary would be
/// easy to mistake for the whole. Returns the process exit code.
pub fn run(
    files: &[PathBuf],
    format: OutputFormat,
    baseline_label: Option<&str>,
    merge: bool,
    input_format: Option<crate::import::Format>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> u8 {
    let mut runs = match super::load::runs(files, input_format, err) {
        Ok(runs) => runs,
        Err(code) => return code,
    };
    if merge {
        match crate::analysis::merge::merge(&runs) {
            Ok(one) => runs = vec![one],
            Err(e) => {
                let _ = writeln!(err, "error: --merge: {e}");
                return super::EXIT_BAD_INPUT;
            }
        }
    }
    let base = match super::load::baseline(&runs, baseline_label, err) {
        Ok(base) => base,
        Err(code) => return code,
    };
    let written = match format {
        OutputFormat::Json => serde_json::to_writer_pretty(&mut *out, &runs)
            .map_err(|e| e.to_string())
            .and_then(|()| writeln!(out).map_err(|e| e.to_string())),
        OutputFormat::Csv => tidy_csv::write(&runs, out).map_err(|e| e.to_string()),
        OutputFormat::Table => write!(out, "{}", table(&runs, base)).map_err(|e| e.to_string()),
    };
    match written {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "error: cannot write the summary: {e}");
            1
        }
    }
}

/// A plain-text table, one row per run, with each run's throughput as a
/// percentage of the baseline.
pub fn table(runs: &[Run], base: Option<usize>) -> String {
    let header = [
        "label",
        "tool",
        "integration",
        "memory",
        "req/s",
        "% of base",
        "mean ms",
        "p50 ms",
        "p99 ms",
        "max ms",
        "errors",
    ];
    let base_run = base.and_then(|b| runs.get(b));
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|r| {
            let pct = base_run
                .and_then(|b| baseline::compare(r, b).throughput_pct)
                .map_or("–".into(), baseline::format_pct);
            vec![
                r.label.clone(),
                r.tool.clone(),
                r.integration.clone().unwrap_or_else(|| "–".into()),
                r.memory_mb.map_or("–".into(), |m| format!("{m} MB")),
                format::throughput(r.throughput_rps),
                pct,
                format::ms(r.latency.mean),
                format::ms(r.latency.percentile("50")),
                format::ms(r.latency.percentile("99")),
                format::ms(r.latency.max),
                format::thousands(r.errors.total()),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count())
                .chain([header[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, w))| {
                let pad = w - cell.chars().count();
                // Text columns to the left, numbers to the right.
                if c < 4 {
                    format!("{cell}{}", " ".repeat(pad))
                } else {
                    format!("{}{cell}", " ".repeat(pad))
                }
            })
            .collect();
        padded.join("  ").trim_end().to_owned() + "\n"
    };
    let mut out = line(&header.map(String::from));
    for row in &rows {
        out += &line(row);
    }
    let mut definitions: Vec<String> = Vec::new();
    for r in runs {
        let d = format!("  {}: {}", r.tool, r.throughput_definition());
        if !definitions.contains(&d) {
            definitions.push(d);
        }
    }
    out += &format!(
        "\nreq/s is each tool's own figure:\n{}\n",
        definitions.join("\n")
    );
    if let Some(b) = base_run {
        out += &format!("\nbaseline: {} ({})\n", b.label, b.group_name());
        for r in runs.iter().filter(|r| !std::ptr::eq(*r, b)) {
            out += &format!("  {}\n", baseline::sentence(r, b));
        }
    }
    out
}
