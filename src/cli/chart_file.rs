//! `--chart FILE` of the commands that compute one chart (`eni`, `advise`): the
//! chart as the window draws it, written as SVG when FILE ends in `.svg`, else as PNG
//! at twice the density, on the CPU (`crate::svg`), in both builds.

use std::path::Path;

use super::Failure;
use crate::charts::line::LineChartData;
use crate::svg::{self, Canvas};

/// The chart's size in SVG units; a PNG has twice as many pixels each way.
const SIZE: (f64, f64) = (1000.0, 625.0);
const PNG_DENSITY: f32 = 2.0;

/// Writes `chart` to `path`.
pub fn write(chart: &LineChartData, path: &Path) -> Result<(), Failure> {
    let stem = path
        .file_stem()
        .map_or("chart".into(), |s| s.to_string_lossy().into_owned());
    let text = svg::line(chart, &Canvas::new(SIZE.0, SIZE.1, false, &stem));
    let bytes = svg::file_bytes(path, text, PNG_DENSITY)
        .map_err(|e| Failure::Failed(format!("{}: {e}", path.display())))?;
    crate::output::write_atomic(path, &bytes)?;
    Ok(())
}
