//! Reports: one document of what gatebench found, written as a self-contained HTML
//! file ([`html`]) or as Markdown with the charts beside it ([`markdown`]). The
//! content is built once ([`document`]) from the same cells and sentences as the
//! window and `summarize`; the charts come in as PNGs rendered by the caller (the
//! same renderer as the exports), so this module draws nothing itself.

pub mod document;
pub mod html;
pub mod markdown;

pub use document::{Block, Chart, Document, ReportInput, Section, document};

/// The application icon, shipped in `assets/`, which heads every report.
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

use std::path::{Path, PathBuf};

use crate::error::ImportError;

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// One self-contained HTML file.
    Html,
    /// A Markdown file, with each chart as `<name>-<chart>.png` beside it.
    Markdown,
}

/// Writes `doc` to `path` (atomically, each file); gives every file written.
pub fn write(doc: &Document, path: &Path, output: Output) -> Result<Vec<PathBuf>, ImportError> {
    let mut written = Vec::new();
    let text = match output {
        Output::Html => html::html(doc),
        Output::Markdown => {
            let stem = path
                .file_stem()
                .map_or("report".into(), |s| s.to_string_lossy().into_owned());
            let folder = path.parent().unwrap_or(Path::new(""));
            let mut names = Vec::new();
            for chart in &doc.charts {
                let name = format!("{stem}-{}.png", chart.kind.file_stem());
                let file = folder.join(&name);
                crate::workspace::write_atomic(&file, &chart.png)?;
                written.push(file);
                names.push(name);
            }
            markdown::markdown(doc, &names)
        }
    };
    crate::workspace::write_atomic(path, text.as_bytes())?;
    written.insert(0, path.to_path_buf());
    Ok(written)
}

/// The charts a report shows for `runs`: every chart that has data.
pub fn chart_kinds(runs: &[crate::model::Run]) -> Vec<crate::charts::ChartKind> {
    crate::charts::ChartKind::ALL
        .into_iter()
        .filter(|k| k.empty_message(runs).is_none())
        .collect()
}
