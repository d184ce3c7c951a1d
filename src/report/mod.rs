//! Reports: one document of what gatebench found, written as a self-contained HTML
//! file ([`html`]) or as Markdown with the charts beside it ([`markdown`]). The
//! content is built once ([`document`]) from the same cells and sentences as the
//! window and `summarize`; the charts are drawn as SVG by `crate::svg`, the
//! renderer of `plot` and the exports, on the CPU, in both builds.

pub mod document;
pub mod html;
pub mod markdown;

pub use document::{Chart, Document, ReportInput, document};

/// The application icon, shipped in `assets/`, which heads every report.
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

use std::path::{Path, PathBuf};

use crate::capacity::cost::Prices;
use crate::capacity::form::PlannerForm;
use crate::capacity::plan::tier_list;
use crate::charts::ChartKind;
use crate::charts::view::ChartViews;
use crate::error::WriteError;
use crate::model::Run;
use crate::output;
use crate::svg::{self, Canvas};

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// One self-contained HTML file.
    Html,
    /// A Markdown file, with each chart as `<name>-<chart>.svg` beside it.
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

/// What [`produce`] wrote: the report first, then the charts' files beside it
/// (Markdown).
#[derive(Debug)]
pub struct Written {
    pub files: Vec<PathBuf>,
}

/// The size of a report's charts, in px: the width of the page's figures (1000 px),
/// so that their text reads at its size; a narrower page scales them down.
pub const CHART_SIZE: (f64, f64) = (1000.0, 625.0);

/// The one way a report is made, from the window and the command line alike: the
/// output is checked first (its folder exists and takes a file), then each chart is
/// drawn as SVG (`progress(done, total)` after each; false stops, and nothing is
/// written), then the document is written.
pub fn produce(
    request: &Request,
    path: &Path,
    output: Output,
    progress: &dyn Fn(usize, usize) -> bool,
) -> Result<Written, ReportError> {
    output::check_writable(path)?;
    let kinds = chart_kinds(&request.runs);
    let history_charts = request.history.as_ref().map_or(&[][..], |h| &h.charts[..]);
    // The planner's chart, when its inputs are valid, last.
    let eni = request.planner.evaluate().ok().map(|input| {
        let tiers = tier_list(
            &request.planner.tiers().unwrap_or_default(),
            input.memory_mb,
        );
        crate::charts::eni::eni_chart(&input, &tiers)
    });
    let total = kinds.len() + history_charts.len() + usize::from(eni.is_some());
    if !progress(0, total) {
        return Err(ReportError::Stopped);
    }
    let canvas = |id: &str| Canvas::new(CHART_SIZE.0, CHART_SIZE.1, false, id);
    let mut charts = Vec::new();
    for kind in kinds {
        charts.push(Chart {
            title: kind.title().to_owned(),
            stem: kind.file_stem().to_owned(),
            svg: svg::chart(
                kind,
                &request.runs,
                request.baseline,
                &request.views,
                &canvas(kind.file_stem()),
            ),
        });
        if !progress(charts.len(), total) {
            return Err(ReportError::Stopped);
        }
    }
    // The history's trends, after the run charts.
    for chart in history_charts {
        let stem = format!("history-{}", document::file_part(&chart.title));
        charts.push(Chart {
            title: chart.title.clone(),
            svg: svg::line(chart, &canvas(&stem)),
            stem,
        });
        if !progress(charts.len(), total) {
            return Err(ReportError::Stopped);
        }
    }
    let mut eni_chart = None;
    if let Some(chart) = eni {
        eni_chart = Some(charts.len());
        charts.push(Chart {
            title: chart.title.clone(),
            stem: "eni".into(),
            svg: svg::line(&chart, &canvas("eni")),
        });
        if !progress(charts.len(), total) {
            return Err(ReportError::Stopped);
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
        history: request.history.as_ref(),
        eni_chart,
    });
    let files = write(&doc, path, output)?;
    Ok(Written { files })
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
                let name = format!("{stem}-{}.svg", chart.stem);
                let file = folder.join(&name);
                output::write_atomic(&file, chart.svg.as_bytes())?;
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
