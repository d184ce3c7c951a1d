//! The one function that draws a chart with egui_plot: [`chart`], for the window, the
//! tests and the headless exporter ([`super::export`]) alike. It lays out what
//! `crate::charts` computed; titles, axes and messages come from there.

use egui::{Align2, Color32, RichText};
use egui_plot::{Bar, BarChart, ItemId, Legend, Plot, PlotBounds, PlotPoint, Text};

use crate::charts::line::{LineChartData, XAxis};
use crate::charts::palette::Rgb;
use crate::charts::view::{ChartViews, PlotView, ViewMode};
use crate::charts::{self, BarChartData, ChartKind, axis, log_axis, run_charts};

/// The egui id of plot `id`. A reset of the views gives every plot a fresh one, so
/// that egui_plot forgets its own memory of zoom and legend too; a log y axis gets
/// its own, so that a zoom on one axis does not carry over to the other.
fn plot_id(ui: &egui::Ui, id: &str, views_generation: u64, log_y: bool) -> egui::Id {
    ui.make_persistent_id((id, views_generation, log_y))
}

/// Legend entries switched off in `view`, as egui_plot knows them (by name).
fn hidden_items(view: &PlotView) -> Vec<ItemId> {
    view.hidden
        .iter()
        .map(|n| ItemId::new(n.as_str()))
        .collect()
}

/// The view as the plot shows it after this frame: the legend entries the user
/// switched off and, for plots that pan and zoom, the range shown once the user
/// moved it.
fn read_view<'a>(
    ui: &egui::Ui,
    id: egui::Id,
    names: impl Iterator<Item = &'a str>,
    zoomable: bool,
    view: &mut PlotView,
) {
    let Some(memory) = egui_plot::PlotMemory::load(ui.ctx(), id) else {
        return;
    };
    view.hidden = names
        .filter(|n| memory.hidden_items.contains(&ItemId::new(*n)))
        .map(str::to_owned)
        .collect();
    if zoomable {
        view.bounds = (!memory.auto_bounds.all()).then(|| {
            let b = memory.bounds();
            [b.min()[0], b.max()[0], b.min()[1], b.max()[1]]
        });
    }
}

/// Shows the range an export must reproduce.
fn apply_bounds(plot_ui: &mut egui_plot::PlotUi<'_>, view: &PlotView, mode: ViewMode) {
    if let (ViewMode::Export, Some([x0, x1, y0, y1])) = (mode, view.bounds) {
        plot_ui.set_plot_bounds(PlotBounds::from_min_max([x0, y0], [x1, y1]));
    }
}

/// Where a plot's view lives and how it is used: the one handle every drawing
/// function takes.
pub struct ViewSlot<'a> {
    pub view: &'a mut PlotView,
    pub mode: ViewMode,
    pub generation: u64,
    /// Latency on a log axis, where the chart offers one.
    pub log_latency: bool,
}

impl<'a> ViewSlot<'a> {
    /// The slot of plot `id` in `views`.
    pub fn of(views: &'a mut ChartViews, id: &str, mode: ViewMode) -> Self {
        let (generation, log_latency) = (views.generation, views.log_latency);
        ViewSlot {
            view: views.plot_mut(id),
            mode,
            generation,
            log_latency,
        }
    }
}

fn color(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

/// Draws `chart` into the available space: grouped bars, category names on the
/// x axis, annotations above the bars, values with units on hover.
pub fn bar_chart(ui: &mut egui::Ui, id: &str, chart: &BarChartData, slot: ViewSlot<'_>) {
    ui.add(egui::Label::new(RichText::new(&chart.title).heading()).wrap());
    let groups = chart.series.len().max(1) as f64;
    let width = 0.8 / groups;
    let egui_id = plot_id(ui, id, slot.generation, false);
    // From zero, with room above the tallest bar for its annotation.
    let top = (chart.top() * 1.12).max(1e-9);
    let mut plot = category_plot(ui, id, &chart.categories)
        .id(egui_id)
        .y_axis_label(chart.y_axis.clone())
        .include_y(top)
        .show_grid([false, true]);
    if chart.legend {
        plot = plot.legend(
            Legend::default()
                .follow_insertion_order(true)
                // The series' own colour; its error bars share its name.
                .color_conflict_handling(egui_plot::ColorConflictHandling::PickFirst)
                .hidden_items(hidden_items(slot.view)),
        );
    }
    let max = chart.top();
    let whisker = ui.visuals().strong_text_color();
    let shown = plot.show(ui, |plot_ui| {
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
            // Error bars: the interval of each bar, a vertical line with caps, named
            // as the series so that its legend entry hides them too.
            for b in &series.bars {
                if let Some((lo, hi)) = b.interval {
                    let x = b.category as f64 + offset;
                    let cap = width * 0.2;
                    let points = vec![
                        [x - cap, lo],
                        [x + cap, lo],
                        [x, lo],
                        [x, hi],
                        [x - cap, hi],
                        [x + cap, hi],
                    ];
                    plot_ui.line(
                        egui_plot::Line::new(
                            series.name.clone(),
                            egui_plot::PlotPoints::new(points),
                        )
                        .color(whisker)
                        .width(1.5),
                    );
                }
            }
            for b in series.bars.iter().filter(|b| b.annotation.is_some()) {
                let top = b.interval.map_or(b.value, |(_, hi)| hi.max(b.value));
                let at = PlotPoint::new(b.category as f64 + offset, top + max * 0.02);
                let text = RichText::new(b.annotation.clone().unwrap_or_default()).strong();
                plot_ui.text(
                    Text::new(format!("{} label", series.name), at, text)
                        .anchor(Align2::CENTER_BOTTOM),
                );
            }
        }
    });
    // What the bars say, for screen readers (a plot is pixels to them).
    shown.response.accessible_name(bar_summary(chart));
    if slot.mode == ViewMode::Window && chart.legend {
        let names = chart.series.iter().map(|s| s.name.as_str());
        read_view(ui, egui_id, names, false, slot.view);
    }
}

/// Every bar in words: "Throughput: api (n = 3): 3,484 req/s (3,461–3,507) ... 85% (84–86%)".
fn bar_summary(chart: &BarChartData) -> String {
    let mut parts = vec![chart.title.clone()];
    for series in &chart.series {
        for b in &series.bars {
            let mut text = b.tooltip.replace('\n', ": ");
            if chart.series.len() > 1 {
                text = format!("{}: {text}", series.name);
            }
            if let Some(a) = &b.annotation {
                text = format!("{text}, {a}");
            }
            parts.push(text);
        }
    }
    parts.join("; ")
}

/// Draws a line chart with horizontal reference levels and marked points, a legend
/// to toggle the lines, and values on hover.
pub fn line_chart(ui: &mut egui::Ui, id: &str, chart: &LineChartData, slot: ViewSlot<'_>) {
    line_plot(ui, id, chart, slot, None);
}

/// [`line_chart`] of a chart with notes (a history's records): gives the index of
/// the note clicked, if one was.
pub fn line_chart_picked(
    ui: &mut egui::Ui,
    id: &str,
    chart: &LineChartData,
    slot: ViewSlot<'_>,
) -> Option<usize> {
    line_plot(ui, id, chart, slot, None)
}

/// [`line_chart`], its x axis linked to the other plots of group `link_x`.
fn line_plot(
    ui: &mut egui::Ui,
    id: &str,
    chart: &LineChartData,
    slot: ViewSlot<'_>,
    link_x: Option<&str>,
) -> Option<usize> {
    use egui_plot::{HLine, Line, MarkerShape, PlotPoints, Points};
    ui.add(egui::Label::new(RichText::new(&chart.title).heading()).wrap());
    let x_unit = chart.x_axis.clone();
    let y_unit = chart.y_axis.clone();
    let nines = chart.x_kind == XAxis::PercentileNines;
    let log_y = chart.latency_y && slot.log_latency;
    // On a log axis every y is drawn at log10(ms).
    let y = move |v: f64| if log_y { log_axis::to_log(v) } else { v };
    let egui_id = plot_id(ui, id, slot.generation, log_y);
    let mut plot = Plot::new(id).id(egui_id);
    if let Some(group) = link_x {
        // egui_plot remembers a group's last range: a reset starts a new group.
        plot = plot.link_axis(
            egui::Id::NULL.with(("linked x", group, slot.generation, log_y)),
            egui::Vec2b::new(true, false),
        );
    }
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
            .x_axis_formatter(|mark, _| axis::tick_label(mark.value));
    } else if !chart.x_ticks.is_empty() {
        // Ticks at the measured values only (the memory tiers), each named.
        let ticks = chart.x_ticks.clone();
        let named = ticks.clone();
        let names = chart.x_tick_names.clone();
        plot = plot
            .x_grid_spacer(move |_| {
                ticks
                    .iter()
                    .map(|&value| egui_plot::GridMark {
                        value,
                        step_size: nearest_gap(&ticks, value),
                    })
                    .collect()
            })
            .x_axis_formatter(move |mark, _| {
                match named.iter().position(|t| (t - mark.value).abs() < 1e-9) {
                    Some(i) => names
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| format!("{}", mark.value)),
                    None => String::new(),
                }
            });
    }
    if log_y {
        plot = plot
            .y_grid_spacer(|input| {
                let (lo, hi) = input.bounds;
                log_axis::ticks(lo, hi)
                    .into_iter()
                    .map(|(value, step_size)| egui_plot::GridMark { value, step_size })
                    .collect()
            })
            .y_axis_formatter(|mark, _| log_axis::label(mark.value));
    } else {
        plot = plot.include_y(0.0);
    }
    let y_axis = if log_y {
        format!("{} (log scale)", chart.y_axis)
    } else {
        chart.y_axis.clone()
    };
    // The notes, for the hover (the formatter must own what it reads).
    let notes = chart.notes.clone();
    let mut pointer = None;
    // Groups of lines the outside legend switched off.
    let hidden_groups: std::collections::BTreeSet<String> = match &chart.outside_legend {
        Some(legend) => {
            outside_legend(ui, id, legend, slot.view, slot.mode);
            slot.view.hidden.clone()
        }
        None => Default::default(),
    };
    let shown_line = |l: &crate::charts::line::LineSeries| {
        l.group.as_ref().is_none_or(|g| !hidden_groups.contains(g))
    };
    let shown_marker = |name: &str| {
        !hidden_groups.iter().any(|g| {
            name.strip_prefix(g.as_str())
                .is_some_and(|r| r.starts_with(':'))
        })
    };
    let mut plot = plot
        .x_axis_label(chart.x_axis.clone())
        .y_axis_label(y_axis)
        .include_x(0.0);
    if chart.outside_legend.is_none() {
        plot = plot.legend(
            Legend::default()
                .follow_insertion_order(true)
                .position(egui_plot::Corner::LeftTop)
                // A line's band and marks share its name: the line's colour.
                .color_conflict_handling(egui_plot::ColorConflictHandling::PickLast)
                .hidden_items(hidden_items(slot.view)),
        );
    }
    let shown = plot
        .label_formatter(move |h| {
            let (name, at) = match h {
                egui_plot::HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } => (format!("{plot_name}\n"), *position),
                egui_plot::HoverPosition::Elsewhere { position } => (String::new(), *position),
            };
            if !notes.is_empty() {
                let value = if log_y {
                    log_axis::from_log(at.y)
                } else {
                    at.y
                };
                return crate::charts::line::nearest_note(&notes, at.x, value)
                    .map(|i| notes[i].text.clone());
            }
            let x = if nines {
                format!("p{:.4}", axis::from_axis(at.x))
            } else {
                format!("{:.0} {x_unit}", at.x)
            };
            let value = if log_y {
                log_axis::from_log(at.y)
            } else {
                at.y
            };
            Some(format!("{name}{x}\n{value:.2} {y_unit}"))
        })
        .show(ui, |plot_ui| {
            apply_bounds(plot_ui, slot.view, slot.mode);
            pointer = plot_ui.pointer_coordinate();
            // Spans cover the height the lines take, under them.
            let ys = chart
                .lines
                .iter()
                .flat_map(|l| l.points.iter().map(|p| y(p[1])));
            let (bottom, top) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
            if bottom <= top {
                let bottom = if log_y { bottom } else { bottom.min(0.0) };
                for span in &chart.spans {
                    plot_ui.add(
                        egui_plot::FilledArea::new(
                            span.name.clone(),
                            &[span.from, span.to],
                            &[bottom, bottom],
                            &[top, top],
                        )
                        .fill_color(color(span.color).gamma_multiply(0.15)),
                    );
                }
            }
            for line in chart.lines.iter().filter(|l| shown_line(l)) {
                if line.band.len() >= 2 {
                    // The interval as a translucent area under the line's name, so
                    // that its legend entry hides both (equal lengths by construction).
                    let xs: Vec<f64> = line.band.iter().map(|b| b[0]).collect();
                    let lows: Vec<f64> = line.band.iter().map(|b| y(b[1])).collect();
                    let highs: Vec<f64> = line.band.iter().map(|b| y(b[2])).collect();
                    plot_ui.add(
                        egui_plot::FilledArea::new(line.name.clone(), &xs, &lows, &highs)
                            .fill_color(color(line.color).gamma_multiply(0.3)),
                    );
                }
                let points: Vec<[f64; 2]> = line.points.iter().map(|p| [p[0], y(p[1])]).collect();
                // A line of one or two points is hard to see: mark them.
                let marks = (points.len() <= 2).then(|| points.clone());
                if line.points_only {
                    plot_ui.points(
                        Points::new(line.name.clone(), points)
                            .radius(5.0)
                            .color(color(line.color)),
                    );
                    continue;
                }
                let mut drawn =
                    Line::new(line.name.clone(), PlotPoints::new(points)).color(color(line.color));
                if line.dashed {
                    drawn = drawn.style(egui_plot::LineStyle::dashed_dense());
                }
                plot_ui.line(drawn);
                if let Some(marks) = marks {
                    plot_ui.points(
                        Points::new(line.name.clone(), marks)
                            .radius(4.0)
                            .color(color(line.color)),
                    );
                }
            }
            for (name, level, rgb) in &chart.levels {
                plot_ui.hline(
                    HLine::new(name.clone(), y(*level))
                        .color(color(*rgb))
                        .width(2.0),
                );
            }
            for (name, x, rgb) in &chart.x_levels {
                plot_ui.vline(
                    egui_plot::VLine::new(name.clone(), *x)
                        .color(color(*rgb))
                        .width(2.0),
                );
            }
            for (text, x, at) in &chart.labels {
                plot_ui.text(
                    Text::new(
                        String::new(),
                        PlotPoint::new(*x, y(*at)),
                        RichText::new(text.clone()),
                    )
                    .anchor(Align2::LEFT_BOTTOM),
                );
            }
            for (name, x, at) in chart.markers.iter().filter(|m| shown_marker(&m.0)) {
                plot_ui.points(
                    Points::new(name.clone(), vec![[*x, y(*at)]])
                        .shape(MarkerShape::Diamond)
                        .radius(7.0)
                        .color(Color32::from_rgb(230, 30, 160)),
                );
            }
        });
    // What the plot shows, for screen readers and the tests that find it.
    shown
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, format!("{id} plot")));
    if slot.mode == ViewMode::Window && chart.outside_legend.is_some() {
        // The outside legend keeps its own hidden groups: only pan and zoom are read.
        let hidden = std::mem::take(&mut slot.view.hidden);
        read_view(ui, egui_id, std::iter::empty(), true, slot.view);
        slot.view.hidden = hidden;
    } else if slot.mode == ViewMode::Window {
        let names = (chart.lines.iter().map(|l| l.name.as_str()))
            .chain(chart.levels.iter().map(|l| l.0.as_str()))
            .chain(chart.x_levels.iter().map(|l| l.0.as_str()))
            .chain(chart.spans.iter().map(|s| s.name.as_str()))
            .chain(chart.markers.iter().map(|m| m.0.as_str()));
        read_view(ui, egui_id, names, true, slot.view);
    }
    let at = pointer.filter(|_| shown.response.clicked() && !chart.notes.is_empty())?;
    let value = if log_y {
        log_axis::from_log(at.y)
    } else {
        at.y
    };
    chart.nearest_note(at.x, value)
}

/// A legend above the plot, where it covers no line: a toggle per group in its
/// colour (a click hides or shows the group's lines, kept in `view.hidden`), then
/// what each line style and the markers mean. An export draws it as it stands.
fn outside_legend(
    ui: &mut egui::Ui,
    id: &str,
    legend: &crate::charts::line::OutsideLegend,
    view: &mut PlotView,
    mode: ViewMode,
) {
    let swatch = |ui: &mut egui::Ui, rgb: Rgb, dashed: bool, faded: bool| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(22.0, 12.0), egui::Sense::hover());
        let c = if faded {
            color(rgb).gamma_multiply(0.25)
        } else {
            color(rgb)
        };
        let stroke = egui::Stroke::new(2.5, c);
        let (a, b) = (rect.left_center(), rect.right_center());
        if dashed {
            ui.painter()
                .extend(egui::Shape::dashed_line(&[a, b], stroke, 4.0, 3.0));
        } else {
            ui.painter().line_segment([a, b], stroke);
        }
    };
    ui.horizontal_wrapped(|ui| {
        for (name, rgb) in &legend.entries {
            let hidden = view.hidden.contains(name);
            let text = if hidden {
                RichText::new(name).weak().strikethrough()
            } else {
                RichText::new(name)
            };
            together(ui, name);
            swatch(ui, *rgb, false, hidden);
            let entry = ui
                .add(egui::Label::new(text).sense(egui::Sense::click()))
                .on_hover_text(if hidden {
                    "Show its lines"
                } else {
                    "Hide its lines"
                });
            entry.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::Role::CheckBox,
                    true,
                    !hidden,
                    format!("{id} legend: {name}"),
                )
            });
            if entry.clicked() && mode == ViewMode::Window {
                if hidden {
                    view.hidden.retain(|h| h != name);
                } else {
                    view.hidden.insert(name.clone());
                }
            }
            ui.add_space(6.0);
        }
        if !legend.styles.is_empty() {
            ui.separator();
            let ink = ui.visuals().text_color();
            for (name, dashed) in &legend.styles {
                together(ui, name);
                swatch(ui, [ink.r(), ink.g(), ink.b()], *dashed, false);
                ui.label(name);
            }
        }
        for (name, rgb) in &legend.fixed {
            together(ui, name);
            swatch(ui, *rgb, false, false);
            ui.label(name);
        }
        if let Some(marker) = &legend.marker {
            ui.separator();
            together(ui, marker);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            let (c, r) = (rect.center(), 5.0);
            ui.painter().add(egui::Shape::convex_polygon(
                vec![
                    c + egui::vec2(0.0, -r),
                    c + egui::vec2(r, 0.0),
                    c + egui::vec2(0.0, r),
                    c + egui::vec2(-r, 0.0),
                ],
                Color32::from_rgb(230, 30, 160),
                egui::Stroke::NONE,
            ));
            ui.label(marker);
        }
    });
}

/// Starts a new row of a wrapping layout unless a swatch and `text` fit on this
/// one: a wrap never parts a legend entry from its swatch.
fn together(ui: &mut egui::Ui, text: &str) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let width = ui.fonts_mut(|f| {
        f.layout_no_wrap(text.to_owned(), font, Color32::WHITE)
            .size()
            .x
    });
    if ui.available_size_before_wrap().x < width + 30.0 {
        ui.end_row();
    }
}

/// The distance from `value` to the nearest other of `ticks` (a tick's "step", by
/// which egui_plot judges whether its label fits); the value itself for a lone tick.
fn nearest_gap(ticks: &[f64], value: f64) -> f64 {
    let gap = ticks
        .iter()
        .filter(|&&t| t != value)
        .map(|t| (t - value).abs())
        .fold(f64::INFINITY, f64::min);
    if gap.is_finite() {
        gap
    } else {
        value.abs().max(1.0)
    }
}

/// Draws chart `kind` of `runs`: the one entry point the window, the tests and the
/// PNG exporter share. `views` holds what the user switched off, panned or zoomed:
/// read from the window (`ViewMode::Window`), applied to exports (`ViewMode::Export`).
pub fn chart(
    ui: &mut egui::Ui,
    kind: ChartKind,
    runs: &[crate::model::Run],
    baseline: Option<usize>,
    views: &mut ChartViews,
    mode: ViewMode,
) {
    if let Some(message) = kind.empty_message(runs) {
        ui.weak(message);
        return;
    }
    let settings = views.settings;
    match kind {
        ChartKind::Spectrum => line_chart(
            ui,
            "spectrum",
            &run_charts::spectrum(runs),
            ViewSlot::of(views, "spectrum", mode),
        ),
        ChartKind::TimeSeries => {
            let data = run_charts::time_series(runs);
            // Two panels, one per unit, that pan and zoom together along time.
            let half = egui::vec2(ui.available_width(), ui.available_height() / 2.0);
            for (id, chart) in [
                ("time series rates", &data.rates),
                ("time series latency", &data.latency),
            ] {
                ui.allocate_ui_with_layout(half, egui::Layout::top_down(egui::Align::Min), |ui| {
                    line_plot(
                        ui,
                        id,
                        chart,
                        ViewSlot::of(views, id, mode),
                        Some("time series"),
                    );
                });
            }
        }
        ChartKind::MemoryTiers => {
            ui.columns(2, |cols| {
                let id = "tiers throughput";
                line_chart(
                    &mut cols[0],
                    id,
                    &run_charts::tiers_throughput(runs, &settings),
                    ViewSlot::of(views, id, mode),
                );
                let id = "tiers latency";
                line_chart(
                    &mut cols[1],
                    id,
                    &run_charts::tiers_latency(runs, &settings),
                    ViewSlot::of(views, id, mode),
                );
            });
        }
        ChartKind::LoadCurve => {
            let data = charts::load_curve::load_curves(runs, &settings);
            ui.columns(2, |cols| {
                for (col, (id, chart)) in cols.iter_mut().zip([
                    ("load curve throughput", &data.throughput),
                    ("load curve latency", &data.latency),
                ]) {
                    line_chart(col, id, chart, ViewSlot::of(views, id, mode));
                }
            });
        }
        ChartKind::LatencyBox => box_chart(ui, &charts::latency_box_chart(runs)),
        ChartKind::Breakdown => {
            let data = charts::breakdown::chart(runs);
            match &data.cold_starts {
                Some(cold) => {
                    let size = ui.available_size();
                    ui.horizontal_top(|ui| {
                        ui.allocate_ui(egui::vec2(size.x * 0.64, size.y), |ui| {
                            stacked_chart(ui, &data);
                        });
                        ui.allocate_ui(egui::vec2(size.x * 0.34, size.y), |ui| {
                            let id = "cold starts";
                            bar_chart(ui, id, cold, ViewSlot::of(views, id, mode));
                        });
                    });
                }
                None => stacked_chart(ui, &data),
            }
        }
        ChartKind::Throughput | ChartKind::Latency => {
            if let Some(data) = charts::build(kind, runs, baseline, &settings) {
                let id = kind.title();
                bar_chart(ui, id, &data, ViewSlot::of(views, id, mode));
            }
        }
    }
}

/// "Where the time went": a horizontal stacked bar per group at its mean and at
/// p99, a series per part from the client inwards, each slice's figures on hover.
pub fn stacked_chart(ui: &mut egui::Ui, chart: &charts::breakdown::BreakdownChart) {
    ui.add(egui::Label::new(RichText::new(&chart.title).heading()).wrap());
    let n = chart.rows.len();
    // The first row at the top.
    let at = move |i: usize| (n - 1 - i) as f64;
    let labels: Vec<String> = chart.rows.iter().map(|r| r.label.clone()).collect();
    let axis = egui_plot::AxisHints::new_y()
        .label_spacing(6.0..=8.0)
        .formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
                labels[labels.len() - 1 - i as usize].clone()
            } else {
                String::new()
            }
        });
    Plot::new("breakdown")
        // Bottom right: the shortest bars (the direct door's) leave room there.
        .legend(
            Legend::default()
                .follow_insertion_order(true)
                .position(egui_plot::Corner::RightBottom),
        )
        .custom_y_axes(vec![axis])
        .y_grid_spacer(category_marks)
        .x_axis_label(chart.x_axis.clone())
        .include_x(0.0)
        .include_x(chart.max_ms().max(1e-9) * 1.05)
        .include_y(-0.6)
        .include_y(n as f64 - 0.4)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .show(ui, |plot_ui| {
            for (p, part) in chart.parts.iter().enumerate() {
                let fill = if part.unexplained {
                    color(part.color).gamma_multiply(0.45)
                } else {
                    color(part.color)
                };
                let bars: Vec<Bar> = chart
                    .rows
                    .iter()
                    .enumerate()
                    .flat_map(|(i, row)| {
                        row.segments.iter().filter(|s| s.part == p).map(move |s| {
                            Bar::new(at(i), s.ms)
                                .base_offset(s.start_ms)
                                .width(0.7)
                                .fill(fill)
                                .name(&s.tooltip)
                        })
                    })
                    .collect();
                let tooltip = Box::new(|bar: &Bar, _: &BarChart| bar.name.clone());
                plot_ui.bar_chart(
                    BarChart::new(part.name.clone(), bars)
                        .color(fill)
                        .horizontal()
                        .element_formatter(tooltip),
                );
            }
        });
}

/// Latency boxes per run: whiskers min..p99, box p25..p75, the line at p50.
pub fn box_chart(ui: &mut egui::Ui, chart: &charts::BoxChartData) {
    use egui_plot::{BoxElem, BoxPlot, BoxSpread};
    ui.add(egui::Label::new(RichText::new(chart.title).heading()).wrap());
    let top = chart.boxes.iter().map(|b| b.upper).fold(0.0_f64, f64::max) * 1.08;
    category_plot(ui, "latency box", &chart.categories)
        .y_axis_label("latency (ms)")
        .include_y(top.max(1e-9))
        .show(ui, |plot_ui| {
            for b in &chart.boxes {
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

/// A grid line at each whole number within the bounds: a category's slot.
fn category_marks(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    let (lo, hi) = input.bounds;
    (lo.ceil() as i64..=hi.floor() as i64)
        .map(|v| egui_plot::GridMark {
            value: v as f64,
            step_size: 1.0,
        })
        .collect()
}

/// A plot with one x position per category, named by its label, and no pan or
/// zoom: the frame of the bar and box charts, whose y axis runs from zero to what
/// the caller includes, fitted anew every frame (runs arrive one file at a time).
/// egui_plot leaves out a label wider than its slot, and fades labels closer than
/// 60 points: every label is wrapped to its slot's width instead, and shown at full
/// strength however close.
fn category_plot<'a>(ui: &egui::Ui, id: &str, categories: &[String]) -> Plot<'a> {
    let n = categories.len();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let char_width = ui.fonts_mut(|f| f.glyph_width(&font, 'n')).max(1.0);
    // The plot's width less its y axis, shared by the categories and their margins.
    let slot = (ui.available_width() - 70.0).max(40.0) / (n as f32 + 0.2);
    let width = ((slot - 6.0) / char_width).floor().max(3.0) as usize;
    let labels: Vec<String> = categories
        .iter()
        .map(|c| charts::wrap_label(c, width))
        .collect();
    let axis = egui_plot::AxisHints::new_x()
        .label_spacing(6.0..=8.0)
        .formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        });
    Plot::new(id)
        .include_x(-0.6)
        .include_x(n as f64 - 0.4)
        .include_y(0.0)
        // No margin on y: the axis starts at zero, not below it; the caller's top
        // already leaves room above the tallest bar.
        .set_margin_fraction(egui::vec2(0.0, 0.0))
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .custom_x_axes(vec![axis])
        .x_grid_spacer(category_marks)
}
