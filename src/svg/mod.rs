//! Charts as SVG: the second renderer of `crate::charts`' descriptions, beside the
//! window's egui_plot (`render::draw`). It needs no GPU and is in both builds: the
//! report embeds its SVG, `plot` writes it or its PNG (`raster`), the window's
//! exports use it. Same palette, titles, axes and legends as the window; bars from
//! zero, every category named, exact values in `<title>`s for hover; the views'
//! hidden entries and zooms applied.

mod bars;
mod boxes;
pub mod doc;
pub mod font;
mod frame;
mod legend;
mod lines;
pub mod raster;
mod stacked;
mod theme;
mod ticks;

use crate::charts::line::LineChartData;
use crate::charts::view::{ChartViews, PlotView};
use crate::charts::{self, ChartKind, load_curve, run_charts};
use crate::model::Run;
use doc::{Anchor, Doc, hex, num};
use frame::{BODY, Rect, style};
pub use raster::{RasterError, png};

/// Whether `path` asks for SVG (its name ends in `.svg`); any other asks for PNG.
pub fn is_svg(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// The bytes of a chart's file at `path`: the SVG text itself, or its PNG at
/// `scale` pixels per unit, as [`is_svg`] says.
pub fn file_bytes(path: &std::path::Path, svg: String, scale: f32) -> Result<Vec<u8>, RasterError> {
    if is_svg(path) {
        Ok(svg.into_bytes())
    } else {
        png(&svg, scale)
    }
}
pub use theme::Theme;

/// What a chart is drawn on: its size in px (points, at scale 1), the theme, and a
/// name that makes its ids unique in a page of several charts.
#[derive(Debug, Clone, PartialEq)]
pub struct Canvas {
    pub width: f64,
    pub height: f64,
    pub dark: bool,
    pub id: String,
}

impl Canvas {
    pub fn new(width: f64, height: f64, dark: bool, id: &str) -> Canvas {
        Canvas {
            width: width.max(100.0),
            height: height.max(80.0),
            dark,
            id: id
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect(),
        }
    }
}

const MARGIN: f64 = 12.0;

/// The opening of a chart's SVG: its size, a viewBox that lets it scale to the
/// page's width, its font, and its background.
fn open(canvas: &Canvas, theme: &Theme, label: &str) -> Doc {
    let mut doc = Doc::default();
    doc.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg".into()),
            ("width", num(canvas.width)),
            ("height", num(canvas.height)),
            (
                "viewBox",
                format!("0 0 {} {}", num(canvas.width), num(canvas.height)),
            ),
            ("font-family", font::FAMILY.into()),
            ("role", "img".into()),
            ("aria-label", label.into()),
            ("class", "chart".into()),
        ],
        false,
    );
    doc.raw(
        "<style>.entry{cursor:pointer}.entry.off{opacity:0.35}\
         .entry.off text{text-decoration:line-through}</style>",
    );
    doc.raw(&format!(
        "<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>",
        hex(theme.background)
    ));
    doc
}

fn inner(canvas: &Canvas) -> Rect {
    Rect {
        x: MARGIN,
        y: MARGIN,
        w: canvas.width - 2.0 * MARGIN,
        h: canvas.height - 2.0 * MARGIN,
    }
}

/// `rect` cut into `n` columns with a gap between them.
fn columns(rect: Rect, n: usize) -> Vec<Rect> {
    let gap = 24.0;
    let w = (rect.w - gap * (n as f64 - 1.0)) / n as f64;
    (0..n)
        .map(|i| Rect {
            x: rect.x + i as f64 * (w + gap),
            w,
            ..rect
        })
        .collect()
}

/// `rect` cut into `n` rows with a gap between them.
fn rows(rect: Rect, n: usize) -> Vec<Rect> {
    let gap = 16.0;
    let h = (rect.h - gap * (n as f64 - 1.0)) / n as f64;
    (0..n)
        .map(|i| Rect {
            y: rect.y + i as f64 * (h + gap),
            h,
            ..rect
        })
        .collect()
}

/// The SVG of chart `kind` of `runs`, as the window shows it with `views` (entries
/// switched off, zooms, log latency); a chart with nothing to draw says why.
pub fn chart(
    kind: ChartKind,
    runs: &[Run],
    baseline: Option<usize>,
    views: &ChartViews,
    canvas: &Canvas,
) -> String {
    let theme = Theme::of(canvas.dark);
    let mut doc = open(canvas, &theme, kind.title());
    let area = inner(canvas);
    let settings = views.settings;
    let view = |id: &str| views.plots.get(id).cloned().unwrap_or_default();
    let log = views.log_latency;
    let id = |plot: &str| format!("{}-{}", canvas.id, plot.replace(' ', "-"));
    if let Some(message) = kind.empty_message(runs) {
        let lines = font::wrap(message, BODY, area.w * 0.8);
        for (i, line) in lines.iter().enumerate() {
            doc.text(
                canvas.width / 2.0,
                canvas.height / 2.0 + i as f64 * BODY * 1.4,
                line,
                style(BODY, Anchor::Middle, theme.weak),
            );
        }
    } else {
        match kind {
            ChartKind::Throughput | ChartKind::Latency => {
                if let Some(data) = charts::build(kind, runs, baseline, &settings) {
                    bars::draw(&mut doc, &theme, area, &data, &view(kind.title()));
                }
            }
            ChartKind::LatencyBox => {
                boxes::draw(&mut doc, &theme, area, &charts::latency_box_chart(runs))
            }
            ChartKind::Spectrum => lines::draw(
                &mut doc,
                &theme,
                area,
                &run_charts::spectrum(runs),
                &view("spectrum"),
                log,
                &id("spectrum"),
            ),
            ChartKind::TimeSeries => {
                let data = run_charts::time_series(runs);
                let panels = [
                    ("time series rates", &data.rates),
                    ("time series latency", &data.latency),
                ];
                for (rect, (plot, chart)) in rows(area, 2).into_iter().zip(panels) {
                    lines::draw(&mut doc, &theme, rect, chart, &view(plot), log, &id(plot));
                }
            }
            ChartKind::MemoryTiers => {
                let panels = [
                    (
                        "tiers throughput",
                        run_charts::tiers_throughput(runs, &settings),
                    ),
                    ("tiers latency", run_charts::tiers_latency(runs, &settings)),
                ];
                for (rect, (plot, chart)) in columns(area, 2).into_iter().zip(&panels) {
                    lines::draw(&mut doc, &theme, rect, chart, &view(plot), log, &id(plot));
                }
            }
            ChartKind::Breakdown => {
                let data = charts::breakdown::chart(runs);
                match &data.cold_starts {
                    Some(cold) => {
                        let wide = Rect {
                            w: area.w * 0.64,
                            ..area
                        };
                        let side = Rect {
                            x: area.x + area.w * 0.68,
                            w: area.w * 0.32,
                            ..area
                        };
                        stacked::draw(&mut doc, &theme, wide, &data, &id("breakdown"));
                        bars::draw(&mut doc, &theme, side, cold, &view("cold starts"));
                    }
                    None => stacked::draw(&mut doc, &theme, area, &data, &id("breakdown")),
                }
            }
            ChartKind::LoadCurve => {
                let data = load_curve::load_curves(runs, &settings);
                let panels = [
                    ("load curve throughput", &data.throughput),
                    ("load curve latency", &data.latency),
                ];
                for (rect, (plot, chart)) in columns(area, 2).into_iter().zip(panels) {
                    lines::draw(&mut doc, &theme, rect, chart, &view(plot), log, &id(plot));
                }
            }
        }
    }
    doc.close("svg");
    doc.finish()
}

/// The SVG of one line chart (a history's trend, the planner's, the advisor's).
pub fn line(chart: &LineChartData, canvas: &Canvas) -> String {
    let theme = Theme::of(canvas.dark);
    let mut doc = open(canvas, &theme, &chart.title);
    lines::draw(
        &mut doc,
        &theme,
        inner(canvas),
        chart,
        &PlotView::default(),
        false,
        &canvas.id,
    );
    doc.close("svg");
    doc.finish()
}
