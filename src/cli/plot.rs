//! `gatebench plot`: the window's charts as files, without a window: SVG, or PNG
//! drawn from that SVG on the CPU (`crate::svg`), in both builds.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Failure, PlotArgs, PlotFormat};
use crate::charts::ChartKind;
use crate::charts::view::ChartViews;
use crate::svg::{self, Canvas};

/// The size of the SVG canvas: the requested pixels at the requested density.
fn canvas(args: &PlotArgs, id: &str) -> Canvas {
    Canvas::new(
        f64::from(args.width) / f64::from(args.scale),
        f64::from(args.height) / f64::from(args.scale),
        args.theme == super::PlotTheme::Dark,
        id,
    )
}

/// Writes chart `svg_text` as `<out>/<stem>.svg` or `.png`; gives the path.
fn write_chart(args: &PlotArgs, stem: &str, svg_text: String) -> Result<PathBuf, Failure> {
    let extension = match args.format {
        PlotFormat::Svg => "svg",
        PlotFormat::Png => "png",
    };
    let path = args.out.join(format!("{stem}.{extension}"));
    let bytes = svg::file_bytes(&path, svg_text, args.scale)
        .map_err(|e| Failure::Failed(format!("{stem} chart: {e}")))?;
    crate::output::write_atomic(&path, &bytes)?;
    Ok(path)
}

pub fn run(args: &PlotArgs, out: &mut dyn Write) -> Result<(), Failure> {
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
    // Before any file is read: the charts must have somewhere to go.
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
    if history {
        plot_history(args, out)?;
    }
    if !runs_wanted {
        return Ok(());
    }
    let loaded = super::load::load(&args.files, &args.read)?;
    let runs = loaded.set.runs();
    let label = args.baseline.as_deref().or(loaded.baseline.as_deref());
    let base = super::load::baseline(runs, label)?;
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
    // Each chart on a core of its own: drawing and encoding are CPU work.
    let drawn: Vec<Result<PathBuf, Failure>> = std::thread::scope(|scope| {
        let handles: Vec<_> = kinds
            .iter()
            .map(|&kind| {
                let views = &views;
                scope.spawn(move || {
                    let text = svg::chart(kind, runs, base, views, &canvas(args, kind.file_stem()));
                    write_chart(args, kind.file_stem(), text)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Failure::Failed("a chart's drawing failed".into())))
            })
            .collect()
    });
    for path in drawn {
        print_path(out, &path?)?;
    }
    Ok(())
}

fn print_path(out: &mut dyn Write, path: &Path) -> Result<(), Failure> {
    writeln!(out, "{}", path.display()).map_err(Failure::stdout)
}

/// The History tab's chart of each series of `--history` (or of `--series`), by
/// `--history-metric`, as `history-<series>.png` (or `.svg`).
fn plot_history(args: &PlotArgs, out: &mut dyn Write) -> Result<(), Failure> {
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
    for a in analyze::analyze(&records, &[args.history_metric], &params) {
        let of_series: Vec<&history::Record> =
            records.iter().filter(|r| r.new.series == a.name).collect();
        let chart = trend::chart(&a, &of_series, noise, None);
        let stem = format!("history-{}", crate::report::document::file_part(&a.name));
        let text = svg::line(&chart, &canvas(args, &stem));
        let path = write_chart(args, &stem, text)?;
        print_path(out, &path)?;
    }
    Ok(())
}
