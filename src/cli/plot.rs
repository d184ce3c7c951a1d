//! `gatebench plot`: the window's charts as PNG files, without a window.

use std::io::Write;

use super::{PlotArgs, PlotChart, PlotTheme};
use crate::charts::ChartKind;
use crate::charts::export::{ExportOptions, Exporter, save_png};
use crate::charts::view::ChartViews;

pub fn run(args: &PlotArgs, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let runs = match super::load::runs(&args.files, None, err) {
        Ok(runs) => runs,
        Err(code) => return code,
    };
    if args.width == 0
        || args.height == 0
        || args.width > 16384
        || args.height > 16384
        || !(0.25..=8.0).contains(&args.scale)
    {
        let _ = writeln!(
            err,
            "error: --width and --height must be 1 to 16384 pixels and --scale 0.25 to 8"
        );
        return super::EXIT_BAD_INPUT;
    }
    let base = match super::load::baseline(&runs, args.baseline.as_deref(), err) {
        Ok(base) => base,
        Err(code) => return code,
    };
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        let _ = writeln!(
            err,
            "error: {}: cannot create the folder: {e}",
            args.out.display()
        );
        return 1;
    }
    let exporter = match Exporter::new() {
        Ok(x) => x,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 1;
        }
    };
    let mut kinds: Vec<ChartKind> = Vec::new();
    for chart in &args.chart {
        let add: &[ChartKind] = match chart {
            PlotChart::All => &ChartKind::ALL,
            PlotChart::Throughput => &[ChartKind::Throughput],
            PlotChart::Latency => &[ChartKind::Latency],
            PlotChart::LatencyBox => &[ChartKind::LatencyBox],
            PlotChart::Spectrum => &[ChartKind::Spectrum],
            PlotChart::Tiers => &[ChartKind::MemoryTiers],
            PlotChart::Timeseries => &[ChartKind::TimeSeries],
        };
        for k in add {
            if !kinds.contains(k) {
                kinds.push(*k);
            }
        }
    }
    let options = ExportOptions {
        width: args.width,
        height: args.height,
        scale: args.scale,
        dark: args.theme == PlotTheme::Dark,
    };
    let views = ChartViews {
        log_latency: args.log_latency,
        ..ChartViews::default()
    };
    let written = exporter.render_each(&kinds, &runs, base, &views, options, |kind, image| {
        let path = save_png(&image, &args.out, kind)?;
        let _ = writeln!(out, "{}", path.display());
        Ok(())
    });
    if let Err(e) = written {
        let _ = writeln!(err, "error: {e}");
        return 1;
    }
    0
}
