//! The chart shown, drawn as SVG (`crate::svg`) with the window's view (hidden
//! entries, pan and zoom, log axis) at the size of its area, and written as SVG, as
//! PNG at twice the pixel density, or copied to the clipboard as an image. On the
//! CPU: no GPU needed.

use std::path::PathBuf;

use super::{Done, Job, JobContext, JobKind};
use crate::charts::ChartKind;
use crate::charts::view::ChartViews;
use crate::model::Run;
use crate::svg::{self, Canvas};

/// Where a drawn chart goes: a file (SVG when its name ends in `.svg`, else PNG),
/// or the clipboard.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartTarget {
    File(PathBuf),
    Clipboard,
}

/// The pixel density of PNGs and copies: twice the screen's points.
pub const DENSITY: f32 = 2.0;

pub struct ExportChart {
    pub kind: ChartKind,
    pub runs: Vec<Run>,
    pub baseline: Option<usize>,
    pub views: ChartViews,
    /// The chart area's size in points, as the window shows it.
    pub size: [f32; 2],
    pub dark: bool,
    pub target: ChartTarget,
}

impl Job for ExportChart {
    fn kind(&self) -> JobKind {
        JobKind::ExportingChart
    }

    fn run(self: Box<Self>, cx: &JobContext) -> Vec<Done> {
        cx.progress(None, format!("Drawing the {} chart", self.kind.file_stem()));
        let canvas = Canvas::new(
            f64::from(self.size[0]),
            f64::from(self.size[1]),
            self.dark,
            self.kind.file_stem(),
        );
        let text = svg::chart(self.kind, &self.runs, self.baseline, &self.views, &canvas);
        match self.target {
            ChartTarget::File(path) => {
                let written = svg::file_bytes(&path, text, DENSITY)
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| {
                        crate::output::write_atomic(&path, &bytes).map_err(|e| e.to_string())
                    });
                match written {
                    Ok(()) => vec![Done::Notice(format!("Chart written to {}", path.display()))],
                    Err(e) => vec![Done::Error(format!("export: {e}"))],
                }
            }
            ChartTarget::Clipboard => match svg::raster::pixmap(&text, DENSITY) {
                Ok(pixmap) => {
                    let size = [pixmap.width() as usize, pixmap.height() as usize];
                    let image = egui::ColorImage::from_rgba_premultiplied(size, pixmap.data());
                    vec![Done::CopyImage(image)]
                }
                Err(e) => vec![Done::Error(format!("export: {e}"))],
            },
        }
    }
}
