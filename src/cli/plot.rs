//! `gatebench plot`: the window's charts as PNG files, without a window. Drawing needs
//! the renderer of the `gui` feature; without it the command says so.

use std::io::Write;

use super::{Failure, PlotArgs};

#[cfg(not(feature = "gui"))]
pub fn run(_args: &PlotArgs, _out: &mut dyn Write) -> Result<(), Failure> {
    Err(Failure::NeedsGui("`gatebench plot` (drawing charts)"))
}

#[cfg(feature = "gui")]
pub fn run(args: &PlotArgs, out: &mut dyn Write) -> Result<(), Failure> {
    use crate::charts::view::ChartViews;
    use crate::charts::{ChartKind, RenderError};
    use crate::render::export::{ExportOptions, Exporter, save_png};

    if args.width == 0
        || args.height == 0
        || args.width > 16384
        || args.height > 16384
        || !(0.25..=8.0).contains(&args.scale)
    {
        return Err(Failure::bad_input(
            "--width and --height must be 1 to 16384 pixels and --scale 0.25 to 8",
        ));
    }
    // Before any file is read: the PNGs must have somewhere to go.
    std::fs::create_dir_all(&args.out).map_err(|e| {
        Failure::Failed(format!(
            "{}: cannot create the folder: {e}",
            args.out.display()
        ))
    })?;
    crate::output::check_writable(&args.out.join("throughput.png"))?;
    let history = args.chart.contains(&super::ChartChoice::History);
    let runs_wanted = args.chart.iter().any(|c| *c != super::ChartChoice::History);
    if history && args.history.is_none() {
        return Err(Failure::bad_input(
            "--chart history needs --history DB (or GATEBENCH_HISTORY)",
        ));
    }
    if runs_wanted && args.files.is_empty() {
        return Err(Failure::bad_input(
            "no FILES: the charts of runs need result files, folders or workspaces \
             (`--chart history --history DB` alone needs none)",
        ));
    }
    let options = ExportOptions {
        width: args.width,
        height: args.height,
        scale: args.scale,
        dark: args.theme == super::PlotTheme::Dark,
    };
    if history {
        plot_history(args, options, out)?;
    }
    if !runs_wanted {
        return Ok(());
    }
    let loaded = super::load::load(&args.files, &args.read)?;
    let runs = loaded.set.runs();
    let label = args.baseline.as_deref().or(loaded.baseline.as_deref());
    let base = super::load::baseline(runs, label)?;
    let exporter = Exporter::new().map_err(|e| Failure::Failed(e.to_string()))?;
    let mut kinds: Vec<ChartKind> = Vec::new();
    for choice in &args.chart {
        let add = match choice {
            super::ChartChoice::All => ChartKind::ALL.to_vec(),
            super::ChartChoice::One(k) => vec![*k],
            super::ChartChoice::History => Vec::new(),
        };
        for k in add {
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
    }
    // A workspace's views (hidden entries, zooms), as its window showed them.
    let mut views = loaded
        .workspace
        .map(|w| w.views)
        .unwrap_or_else(ChartViews::default);
    views.log_latency |= args.log_latency;
    exporter
        .render_each(&kinds, runs, base, &views, options, |kind, image| {
            let path = save_png(&image, &args.out, kind)?;
            let _ = writeln!(out, "{}", path.display());
            Ok(())
        })
        .map_err(|e| match e {
            RenderError::Write(e) => Failure::from(e),
            other => Failure::Failed(other.to_string()),
        })
}

/// The History tab's chart of each series of `--history` (or of `--series`), by
/// `--history-metric`, as `history-<series>.png`.
#[cfg(feature = "gui")]
fn plot_history(
    args: &PlotArgs,
    options: crate::render::export::ExportOptions,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    use crate::history::{self, Filter, analyze, change_points::Params, trend};
    let db = args.history.as_deref().unwrap_or_default();
    let records = history::open(db)
        .and_then(|mut s| {
            s.records(&Filter {
                series: args.series.clone(),
                ..Filter::default()
            })
        })
        .map_err(|e| Failure::bad_input(e.to_string()))?;
    if records.is_empty() {
        return Err(Failure::bad_input(format!(
            "{db}: no record{}",
            if args.series.is_empty() {
                ""
            } else {
                " in those series"
            }
        )));
    }
    let noise = crate::analysis::compare::Settings::default().noise_pct;
    let params = Params {
        min_magnitude: noise / 100.0,
        ..Params::default()
    };
    let exporter =
        crate::render::export::Exporter::new().map_err(|e| Failure::Failed(e.to_string()))?;
    for a in analyze::analyze(&records, &[args.history_metric], &params) {
        let of_series: Vec<&history::Record> =
            records.iter().filter(|r| r.new.series == a.name).collect();
        let chart = trend::chart(&a, &of_series, noise, None);
        let image = exporter
            .render_line(&chart, options)
            .map_err(|e| Failure::Failed(e.to_string()))?;
        let name = crate::report::document::file_part(&a.name);
        let path = args.out.join(format!("history-{name}.png"));
        crate::render::export::write_png(&image, &path)?;
        writeln!(out, "{}", path.display()).map_err(Failure::stdout)?;
    }
    Ok(())
}
