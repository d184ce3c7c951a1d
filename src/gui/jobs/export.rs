//! A chart rendered off screen by the one drawing function, at twice its on-screen
//! pixel density, and written as PNG or copied to the clipboard.

use std::path::PathBuf;

use super::{Done, Job, JobContext, JobKind};
use crate::charts::ChartKind;
use crate::charts::view::ChartViews;
use crate::model::Run;
use crate::render::export::{self, ExportOptions, Exporter};

/// Where a rendered chart goes.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartTarget {
    File(PathBuf),
    Clipboard,
}

pub struct ExportChart {
    pub kind: ChartKind,
    pub runs: Vec<Run>,
    pub baseline: Option<usize>,
    pub views: ChartViews,
    pub options: ExportOptions,
    pub target: ChartTarget,
}

impl Job for ExportChart {
    fn kind(&self) -> JobKind {
        JobKind::ExportingChart
    }

    fn run(self: Box<Self>, cx: &JobContext) -> Vec<Done> {
        cx.progress(None, format!("Drawing the {} chart", self.kind.file_stem()));
        let image = Exporter::new().and_then(|e| {
            e.render(
                self.kind,
                &self.runs,
                self.baseline,
                &self.views,
                self.options,
            )
        });
        let image = match image {
            Ok(image) => image,
            Err(e) => return vec![Done::Error(format!("export: {e}"))],
        };
        match self.target {
            ChartTarget::File(path) => match export::write_png(&image, &path) {
                Ok(()) => vec![Done::Notice(format!("Chart written to {}", path.display()))],
                Err(e) => vec![Done::Error(format!("export: {e}"))],
            },
            ChartTarget::Clipboard => {
                let size = [image.width() as usize, image.height() as usize];
                let image = egui::ColorImage::from_rgba_unmultiplied(size, image.as_raw());
                vec![Done::CopyImage(image)]
            }
        }
    }
}
