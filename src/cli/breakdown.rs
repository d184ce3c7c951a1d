//! `gatebench breakdown`: where each group's (or run's) time went, split by the
//! server logs paired with it (`docs/breakdown.md`), as a table, JSON or Markdown.

use std::io::Write;

use super::{BreakdownArgs, Failure, LoadCurveFormat as Format, text_table};
use crate::analysis::breakdown;
use crate::present::breakdown::{self as words, COLUMNS};

/// Loads the files with their server logs and prints the breakdowns. Without any
/// paired log there is nothing to split: bad input, saying how to pair one.
pub fn run(args: &BreakdownArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let loaded = super::load::load(&args.files, &args.read)?;
    let runs = loaded.set.into_runs();
    let all = breakdown::breakdowns(&runs, args.runs);
    if all.is_empty() {
        return Err(Failure::bad_input(
            "no server log is paired with a client run: name one with --server-log \
             LABEL=FILE, load a log whose time overlaps exactly one run, or capture them \
             with an experiment's server_log (docs/breakdown.md)",
        ));
    }
    let text = match args.format {
        Format::Json => words::json(&all),
        Format::Table => {
            let numeric = [false, false, true, true, true, true];
            let mut text = String::new();
            for b in &all {
                text += &format!("{}\n", b.label);
                text += &text_table::indented(&COLUMNS, &numeric, &words::rows(b));
                for note in words::notes(b) {
                    text += &format!("  {note}\n");
                }
                text += "\n";
            }
            text
        }
        Format::Markdown => {
            let mut text = String::new();
            for b in &all {
                text += &format!("### {}\n\n", b.label);
                text += &text_table::markdown(&COLUMNS, &words::rows(b));
                text += "\n";
                for note in words::notes(b) {
                    text += &format!("- {note}\n");
                }
                text += "\n";
            }
            text
        }
    };
    out.write_all(text.as_bytes()).map_err(Failure::stdout)
}
