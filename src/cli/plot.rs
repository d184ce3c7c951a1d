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
    let loaded = super::load::load(&args.files, &args.read)?;
    let runs = loaded.set.runs();
    let label = args.baseline.as_deref().or(loaded.baseline.as_deref());
    let base = super::load::baseline(runs, label)?;
    let exporter = Exporter::new().map_err(|e| Failure::Failed(e.to_string()))?;
    // `None` stands for every chart.
    let mut kinds: Vec<ChartKind> = Vec::new();
    for choice in &args.chart {
        let add = choice.map_or(ChartKind::ALL.to_vec(), |k| vec![k]);
        for k in add {
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
    }
    let options = ExportOptions {
        width: args.width,
        height: args.height,
        scale: args.scale,
        dark: args.theme == super::PlotTheme::Dark,
    };
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
