//! `gatebench load-curve`: each door's load curve of a sweep and where it stops
//! scaling (`docs/load-curves.md`), as a table, JSON or Markdown.

use std::io::Write;

use super::{Failure, LoadCurveArgs, LoadCurveFormat, text_table};
use crate::analysis::compare::Settings;
use crate::analysis::load_curve::{self, KneeRule};
use crate::present::load_curve::{self as words, COLUMNS};

/// Loads the files, then prints every door's curve and knee. Runs without a sweep
/// are bad input: there is no curve to draw.
pub fn run(args: &LoadCurveArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let loaded = super::load::load(&args.files, &args.read)?;
    let runs = loaded.set.into_runs();
    let rule = KneeRule::default();
    let settings = Settings::default();
    let Some((key, curves)) = load_curve::curves(&runs, &settings, &rule) else {
        return Err(Failure::bad_input(
            "no run carries a sweep value: load curves come from an experiment with a \
             [sweep] (docs/experiment-format.md)",
        ));
    };
    let text = match args.format {
        LoadCurveFormat::Json => {
            let mut json = serde_json::to_string_pretty(&words::doors_json(&key, &curves, &rule))
                .map_err(|e| Failure::Failed(e.to_string()))?;
            json.push('\n');
            json
        }
        LoadCurveFormat::Table => {
            let numeric = [false, true, true, true, true, false, false];
            let mut text = String::new();
            for c in &curves {
                text += &format!("{}\n", c.door);
                text += &text_table::indented(&COLUMNS, &numeric, &words::rows(&key, c));
                text += &format!("  {}\n\n", words::knee_sentence(&key, c));
            }
            text
        }
        LoadCurveFormat::Markdown => {
            let mut text = String::new();
            for c in &curves {
                text += &format!("### {}\n\n", c.door);
                text += &text_table::markdown(&COLUMNS, &words::rows(&key, c));
                text += &format!("\n{}\n\n", words::knee_sentence(&key, c));
            }
            text
        }
    };
    out.write_all(text.as_bytes()).map_err(Failure::stdout)
}
