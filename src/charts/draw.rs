//! The one function that draws a chart with egui_plot.

use egui::{Align2, Color32, RichText};
use egui_plot::{Bar, BarChart, Legend, Plot, PlotPoint, Text};

use super::BarChartData;
use super::palette::Rgb;

fn color(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

/// Draws `chart` into the available space: grouped bars, category names on the
/// x axis, annotations above the bars, values with units on hover.
pub fn bar_chart(ui: &mut egui::Ui, id: &str, chart: &BarChartData) {
    ui.label(RichText::new(&chart.title).heading());
    let groups = chart.series.len().max(1) as f64;
    let width = 0.8 / groups;
    let mut plot = category_plot(id, chart.categories.clone())
        .y_axis_label(chart.y_axis.clone())
        .include_y(0.0)
        .include_y(max_value(chart) * 1.12)
        .show_grid([false, true]);
    if chart.legend {
        plot = plot.legend(Legend::default().follow_insertion_order(true));
    }
    let max = max_value(chart);
    plot.show(ui, |plot_ui| {
        for (s, series) in chart.series.iter().enumerate() {
            let offset = (s as f64 - (groups - 1.0) / 2.0) * width;
            let bars = series
                .bars
                .iter()
                .map(|b| {
                    Bar::new(b.category as f64 + offset, b.value)
                        .width(width * 0.95)
                        .fill(color(b.color))
                        .name(&b.tooltip)
                })
                .collect();
            let tooltip = Box::new(|bar: &Bar, _: &BarChart| bar.name.clone());
            plot_ui.bar_chart(
                BarChart::new(series.name.clone(), bars)
                    .color(color(series.color))
                    .element_formatter(tooltip),
            );
            for b in series.bars.iter().filter(|b| b.annotation.is_some()) {
                let at = PlotPoint::new(b.category as f64 + offset, b.value + max * 0.02);
                let text = RichText::new(b.annotation.clone().unwrap_or_default()).strong();
                plot_ui.text(
                    Text::new(format!("{} label", series.name), at, text)
                        .anchor(Align2::CENTER_BOTTOM),
                );
            }
        }
    });
}

fn max_value(chart: &BarChartData) -> f64 {
    chart
        .series
        .iter()
        .flat_map(|s| s.bars.iter().map(|b| b.value))
        .fold(0.0_f64, f64::max)
}

/// Draws a line chart with horizontal reference levels and marked points, a legend
/// to toggle the lines, and values on hover.
pub fn line_chart(ui: &mut egui::Ui, id: &str, chart: &super::line::LineChartData) {
    use egui_plot::{HLine, Line, MarkerShape, PlotPoints, Points};
    ui.label(RichText::new(&chart.title).heading());
    let x_unit = chart.x_axis.clone();
    let y_unit = chart.y_axis.clone();
    let nines = chart.x_kind == super::line::XAxis::PercentileNines;
    let mut plot = Plot::new(id);
    if nines {
        plot = plot
            .x_grid_spacer(|input| {
                let (lo, hi) = input.bounds;
                (lo.floor().max(0.0) as i64..=hi.ceil() as i64)
                    .map(|v| egui_plot::GridMark {
                        value: v as f64,
                        step_size: 1.0,
                    })
                    .collect()
            })
            .x_axis_formatter(|mark, _| super::axis::tick_label(mark.value));
    }
    plot.x_axis_label(chart.x_axis.clone())
        .y_axis_label(chart.y_axis.clone())
        .include_y(0.0)
        .include_x(0.0)
        .legend(
            Legend::default()
                .follow_insertion_order(true)
                .position(egui_plot::Corner::LeftTop),
        )
        .label_formatter(move |h| {
            let (name, at) = match h {
                egui_plot::HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } => (format!("{plot_name}\n"), *position),
                egui_plot::HoverPosition::Elsewhere { position } => (String::new(), *position),
            };
            let x = if nines {
                format!("p{:.4}", super::axis::from_axis(at.x))
            } else {
                format!("{:.0} {x_unit}", at.x)
            };
            Some(format!("{name}{x}\n{:.2} {y_unit}", at.y))
        })
        .show(ui, |plot_ui| {
            for line in &chart.lines {
                plot_ui.line(
                    Line::new(line.name.clone(), PlotPoints::new(line.points.clone()))
                        .color(color(line.color)),
                );
                // A line of one or two points is hard to see: mark them.
                if line.points.len() <= 2 {
                    plot_ui.points(
                        Points::new(line.name.clone(), line.points.clone())
                            .radius(4.0)
                            .color(color(line.color)),
                    );
                }
            }
            for (name, y, rgb) in &chart.levels {
                plot_ui.hline(HLine::new(name.clone(), *y).color(color(*rgb)).width(2.0));
            }
            for (name, x, y) in &chart.markers {
                plot_ui.points(
                    Points::new(name.clone(), vec![[*x, *y]])
                        .shape(MarkerShape::Diamond)
                        .radius(7.0)
                        .color(Color32::from_rgb(230, 30, 160)),
                );
            }
        });
}

/// Draws chart `kind` of `runs`: the one entry point the window, the tests and the
/// PNG exporter share.
pub fn chart(
    ui: &mut egui::Ui,
    kind: super::ChartKind,
    runs: &[crate::model::Run],
    baseline: Option<usize>,
) {
    use super::ChartKind;
    use super::run_charts;
    match kind {
        ChartKind::Spectrum => line_chart(ui, "spectrum", &run_charts::spectrum(runs)),
        ChartKind::TimeSeries => {
            let data = run_charts::time_series(runs);
            if data.lines.is_empty() {
                ui.weak("No run has a time series: open per-request files (JTL, hey/oha/vegeta/k6 CSV, ab -g) or a Locust history.");
            } else {
                line_chart(ui, "time series", &data);
            }
        }
        ChartKind::MemoryTiers => {
            if run_charts::tier_points(runs).is_empty() {
                ui.weak("No run has a Lambda memory tier: set one in the table (Memory column).");
                return;
            }
            ui.columns(2, |cols| {
                line_chart(
                    &mut cols[0],
                    "tiers throughput",
                    &run_charts::tiers_throughput(runs),
                );
                line_chart(
                    &mut cols[1],
                    "tiers latency",
                    &run_charts::tiers_latency(runs),
                );
            });
        }
        ChartKind::LatencyBox => box_chart(ui, runs),
        _ => {
            if let Some(data) = super::build(kind, runs, baseline) {
                bar_chart(ui, kind.title(), &data);
            }
        }
    }
}

/// Latency boxes per run: whiskers min..p99, box p25..p75, the line at p50.
pub fn box_chart(ui: &mut egui::Ui, runs: &[crate::model::Run]) {
    use egui_plot::{BoxElem, BoxPlot, BoxSpread};
    let boxes = super::latency_boxes(runs);
    let partial = boxes.iter().any(|b| b.no_p25);
    ui.label(
        RichText::new(if partial {
            "Latency (box: p25–p75, line at p50, whiskers min–p99; no p25 reported: box from p50)"
        } else {
            "Latency (box: p25–p75, line at p50, whiskers min–p99)"
        })
        .heading(),
    );
    let categories: Vec<String> = runs.iter().map(crate::model::Run::group_name).collect();
    category_plot("latency box", categories)
        .y_axis_label("latency (ms)")
        .include_y(0.0)
        .show(ui, |plot_ui| {
            for b in &boxes {
                let elem = BoxElem::new(
                    b.category as f64,
                    BoxSpread::new(b.lower, b.q1, b.median, b.q3, b.upper),
                )
                .box_width(0.5)
                .whisker_width(0.3)
                .fill(color(b.color).gamma_multiply(0.5))
                .stroke(egui::Stroke::new(1.5, color(b.color)));
                plot_ui.box_plot(BoxPlot::new(format!("box {}", b.category), vec![elem]));
            }
        });
}

/// A plot with one x position per category, named by its label, and no pan or
/// zoom: the frame of the bar and box charts.
fn category_plot<'a>(id: &str, categories: Vec<String>) -> Plot<'a> {
    let n = categories.len();
    Plot::new(id)
        .include_x(-0.6)
        .include_x(n as f64 - 0.4)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .x_grid_spacer(|input| {
            let (lo, hi) = input.bounds;
            (lo.ceil() as i64..=hi.floor() as i64)
                .map(|v| egui_plot::GridMark {
                    value: v as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                categories.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
}
