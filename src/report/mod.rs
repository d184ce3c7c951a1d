//! Reports: one document of what gatebench found, written as a self-contained HTML
//! file ([`html`]) or as Markdown with the charts beside it ([`markdown`]). The
//! content is built once ([`document`]) from the same cells and sentences as the
//! window and `summarize`; the charts come in as PNGs rendered by the caller (the
//! same renderer as the exports), so this module draws nothing itself.

pub mod document;
pub mod html;
pub mod markdown;

pub use document::{Chart, Document, ReportInput, document};

/// The application icon, shipped in `assets/`, which heads every report.
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

use std::path::{Path, PathBuf};

use crate::capacity::cost::Prices;
use crate::capacity::form::PlannerForm;
use crate::charts::view::ChartViews;
use crate::charts::{ChartKind, PngRenderer};
use crate::error::WriteError;
use crate::model::Run;
use crate::output;

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// One self-contained HTML file.
    Html,
    /// A Markdown file, with each chart as `<name>-<chart>.png` beside it.
    Markdown,
}

impl Output {
    /// The extension of its file.
    pub fn extension(self) -> &'static str {
        match self {
            Output::Html => "html",
            Output::Markdown => "md",
        }
    }
}

/// Everything a report is made of, owned, so that it can be written off the
/// window's thread.
#[derive(Debug, Clone)]
pub struct Request {
    pub title: String,
    pub runs: Vec<Run>,
    pub baseline: Option<usize>,
    /// The charts' views (hidden entries, zooms) and the comparisons' settings.
    pub views: ChartViews,
    pub planner: PlannerForm,
    pub prices: Prices,
    /// A history's part (`report --history DB`).
    pub history: Option<HistoryPart>,
}

/// What a report shows of a history: its change points, the regressions in force,
/// and each series' trend.
#[derive(Debug, Clone)]
pub struct HistoryPart {
    pub db: String,
    pub analyses: Vec<crate::history::analyze::SeriesAnalysis>,
    pub regressions: Vec<crate::history::check::Regression>,
    pub charts: Vec<crate::charts::line::LineChartData>,
}

/// Why no report was written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The user stopped it; nothing was written.
    #[error("stopped before it was written")]
    Stopped,
}

/// What [`produce`] wrote.
#[derive(Debug)]
pub struct Written {
    /// The report first, then the charts' files beside it (Markdown).
    pub files: Vec<PathBuf>,
    /// Why the report has no charts, when it has none.
    pub note: Option<String>,
}

/// The one way a report is made, from the window and the command line alike: the
/// output is checked first (its folder exists and takes a file), then the charts
/// are drawn by `renderer` (`progress(done, total)` after each; false stops), then
/// the document is written. Without a renderer, or when drawing fails, the report
/// is written without charts and says why.
pub fn produce(
    request: &Request,
    path: &Path,
    output: Output,
    renderer: Option<&dyn PngRenderer>,
    progress: &dyn Fn(usize, usize) -> bool,
) -> Result<Written, ReportError> {
    output::check_writable(path)?;
    let kinds = chart_kinds(&request.runs);
    let total = kinds.len();
    if !progress(0, total) {
        return Err(ReportError::Stopped);
    }
    let (charts, note) = match renderer {
        None => (
            Vec::new(),
            Some(
                "No charts: this gatebench was built without the `gui` feature, which \
                 draws them."
                    .to_owned(),
            ),
        ),
        Some(r) => {
            let drawn = r.render_pngs(
                &kinds,
                &request.runs,
                request.baseline,
                &request.views,
                &|done| progress(done, total),
            );
            match drawn {
                Ok(pngs) if pngs.len() < total => return Err(ReportError::Stopped),
                Ok(pngs) => (pngs.into_iter().map(Chart::from).collect(), None),
                Err(e) => (
                    Vec::new(),
                    Some(format!("The charts could not be drawn: {e}")),
                ),
            }
        }
    };
    // The history's trends, after the run charts.
    let mut charts = charts;
    let mut history_note = None;
    if let (Some(h), Some(r), None) = (&request.history, renderer, &note) {
        match r.render_line_pngs(&h.charts) {
            Ok(pngs) => charts.extend(h.charts.iter().zip(pngs).map(|(c, png)| Chart {
                title: c.title.clone(),
                stem: format!("history-{}", document::file_part(&c.title)),
                png,
            })),
            Err(e) => history_note = Some(format!("The history's charts could not be drawn: {e}")),
        }
    }
    let doc = document(ReportInput {
        title: &request.title,
        runs: &request.runs,
        baseline: request.baseline,
        settings: request.views.settings,
        planner: &request.planner,
        prices: &request.prices,
        charts,
        charts_missing: note.clone(),
        history: request.history.as_ref(),
        history_note,
    });
    let files = write(&doc, path, output)?;
    Ok(Written { files, note })
}

/// Writes `doc` to `path` (atomically, each file); gives every file written.
pub fn write(doc: &Document, path: &Path, output: Output) -> Result<Vec<PathBuf>, WriteError> {
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
                let name = format!("{stem}-{}.png", chart.stem);
                let file = folder.join(&name);
                output::write_atomic(&file, &chart.png)?;
                written.push(file);
                names.push(name);
            }
            markdown::markdown(doc, &names)
        }
    };
    output::write_atomic(path, text.as_bytes())?;
    written.insert(0, path.to_path_buf());
    Ok(written)
}

/// The charts a report shows for `runs`: every chart that has data.
pub fn chart_kinds(runs: &[Run]) -> Vec<ChartKind> {
    ChartKind::ALL
        .into_iter()
        .filter(|k| k.empty_message(runs).is_none())
        .collect()
}
