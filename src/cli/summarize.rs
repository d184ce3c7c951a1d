//! `gatebench summarize`: the runs of the given files, without a window.

use std::io::Write;

use super::{Failure, OutputFormat, SummarizeArgs};
use crate::analysis::compare::Settings;
use crate::analysis::reference::References;
use crate::analysis::{order, repeats};
use crate::import::tidy_csv;
use crate::model::Run;
use crate::present::{comparison, comparison_table, load_curve, runs_table, server};

/// Loads every file, then prints the runs to `out`. Any file that fails to import is
/// bad input and nothing is printed to `out`: a partial summary would be easy to
/// mistake for the whole.
pub fn run(args: &SummarizeArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let loaded = super::load::load(&args.files, &args.read)?;
    let mut runs = loaded.set.into_runs();
    if args.merge {
        runs = crate::analysis::merge::merge_generators(&runs)
            .map_err(|e| Failure::bad_input(format!("--merge: {e}")))?;
    }
    if let Some(path) = &args.export_hlog {
        let log = crate::import::hlog::export(&runs)
            .map_err(|e| Failure::Failed(format!("{}: {e}", path.display())))?;
        let Some(log) = log else {
            return Err(Failure::bad_input(
                "--export-hlog: no run was computed from per-request samples, so there is \
                 no histogram to write",
            ));
        };
        crate::output::write_atomic(path, &log)?;
    }
    let label = args.baseline.as_deref().or(loaded.baseline.as_deref());
    let base = super::load::baseline(&runs, label)?;
    let written = match args.format {
        OutputFormat::Json => serde_json::to_writer_pretty(&mut *out, &runs)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
        OutputFormat::Csv => out.write_all(&tidy_csv::to_bytes(&runs)),
        OutputFormat::Table => write!(out, "{}", table(&runs, base)),
    };
    written.map_err(Failure::stdout)
}

/// A plain-text table, one row per run, with each run's throughput as a percentage of
/// the baseline; then, where runs repeat, one row per group with its means and
/// intervals; what each tool's req/s means, and the baseline sentences.
pub fn table(runs: &[Run], base: Option<usize>) -> String {
    let settings = Settings::default();
    let mut cells = runs_table::rows(runs, base);
    let rows: Vec<Vec<String>> = order::display_order(runs)
        .into_iter()
        .map(|i| {
            std::mem::take(&mut cells[i])
                .into_iter()
                .map(|c| c.text)
                .collect()
        })
        .collect();
    let mut out = text_table(&rows);
    let groups = repeats::groups(runs);
    if groups.iter().any(|g| g.n() > 1) {
        let refs = References::of(runs, &groups, base);
        let rows: Vec<Vec<String>> = (0..groups.len())
            .map(|i| runs_table::group_texts(runs, &groups, i, &refs, &settings))
            .collect();
        out += &format!(
            "\nrepeats (the mean of each group, with its {:.0}% interval):\n",
            settings.confidence * 100.0
        );
        out += &text_table(&rows);
    }
    let definitions: Vec<String> = runs_table::throughput_definitions(runs)
        .into_iter()
        .map(|d| format!("  {d}"))
        .collect();
    out += &format!(
        "\nreq/s is each tool's own figure:\n{}\n",
        definitions.join("\n")
    );
    let generators = runs_table::generator_notes(runs);
    if !generators.is_empty() {
        out += &format!(
            "\nload generators (each run merged from theirs):\n  {}\n",
            generators.join("\n  ")
        );
    }
    let steady = runs_table::steady_notes(runs);
    if !steady.is_empty() {
        out += &format!("\nsteady state:\n  {}\n", steady.join("\n  "));
    }
    let components = server::component_rows(runs);
    if server::any(runs) {
        out += "\nserver side (what the servers logged; docs/server-logs.md):\n";
        let header: Vec<String> = server::COMPONENT_COLUMNS
            .iter()
            .map(|c| c.to_string())
            .collect();
        let numeric: Vec<bool> = (0..header.len()).map(|c| c >= 3).collect();
        if !components.is_empty() {
            for line in super::text_table::render(&header, &numeric, &components).lines() {
                out += &format!("  {line}\n");
            }
        }
        for s in server::sentences(runs) {
            out += &format!("  {s}\n");
        }
    }
    let guessed = runs.iter().filter(|r| r.inferred_from.is_some()).count();
    if guessed > 0 {
        out += &format!(
            "\nintegration and memory are guessed from names for {guessed} of {} runs \
             (--no-infer: no guessing)\n",
            runs.len()
        );
    }
    if let Some(i) = base.filter(|&i| i < runs.len()) {
        out += &format!("\nbaseline: {}\n", comparison::baseline_words(runs, i));
        match comparison_table::table(runs, i, &settings) {
            Some(table) => {
                let (header, rows) = table.texts();
                let numeric: Vec<bool> = header.iter().enumerate().map(|(c, _)| c > 0).collect();
                for line in super::text_table::render(&header, &numeric, &rows).lines() {
                    out += &format!("  {line}\n");
                }
                for note in &table.notes {
                    out += &format!("  {note}\n");
                }
            }
            None => {
                for s in comparison::sentences(runs, i, &settings) {
                    out += &format!("  {s}\n");
                }
            }
        }
    }
    let knees = load_curve::knee_sentences(runs, &settings);
    if !knees.is_empty() {
        out += &format!(
            "\nknees (docs/load-curves.md; gatebench load-curve for each curve):\n  {}\n",
            knees.join("\n  ")
        );
    }
    out
}

/// Rows of cells under the columns' names, padded: text to the left, numbers to the
/// right.
fn text_table(rows: &[Vec<String>]) -> String {
    let columns = runs_table::Column::ALL;
    let header: Vec<String> = columns.iter().map(|c| c.name().to_owned()).collect();
    let numeric: Vec<bool> = columns.iter().map(|c| c.numeric()).collect();
    super::text_table::render(&header, &numeric, rows)
}
