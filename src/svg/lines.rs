//! A line chart: lines (dashed, banded, or points alone), reference levels, spans,
//! markers, labels and notes, on a linear, percentile or named x axis and a linear
//! or log latency axis, as the window draws them. Each point carries its value in a
//! `<title>` (a line of many points, its summary), each note its text.

use super::doc::{Anchor, Doc, escape, hex, num, polyline};
use super::frame::{self, Axis, Frame, Rect, TICK, XAxis as FrameX, style};
use super::legend::{self, Entry, Swatch};
use super::theme::{MARKER, Theme};
use super::ticks;
use crate::charts::line::{LineChartData, LineSeries, XAxis};
use crate::charts::view::PlotView;
use crate::charts::{axis, log_axis};
use crate::format;

/// Lines of more points than this carry one `<title>` for the line, with its values
/// at the axis' ticks, not one per point: a report stays small.
const POINTS_WITH_TITLES: usize = 60;

/// Who shows and hides what: the legend's entries and each drawn thing's key.
struct Keys {
    entries: Vec<Entry>,
    /// The outside legend's groups, by name, or the inside legend's names.
    names: Vec<String>,
    grouped: bool,
}

impl Keys {
    fn of(chart: &LineChartData, view: &PlotView) -> Keys {
        let off = |n: &str| view.hidden.contains(n);
        if let Some(legend) = &chart.outside_legend {
            let mut entries: Vec<Entry> = legend
                .entries
                .iter()
                .enumerate()
                .map(|(i, (name, rgb))| Entry {
                    name: name.clone(),
                    swatch: Swatch::Line(*rgb, false),
                    key: Some(format!("g{i}")),
                    off: off(name),
                })
                .collect();
            let ink = |dashed| Swatch::Line([128, 128, 128], dashed);
            entries.extend(legend.styles.iter().map(|(name, dashed)| Entry {
                name: name.clone(),
                swatch: ink(*dashed),
                key: None,
                off: false,
            }));
            entries.extend(legend.fixed.iter().map(|(name, rgb)| Entry {
                name: name.clone(),
                swatch: Swatch::Line(*rgb, false),
                key: None,
                off: false,
            }));
            entries.extend(legend.marker.iter().map(|name| Entry {
                name: name.clone(),
                swatch: Swatch::Diamond,
                key: None,
                off: false,
            }));
            let names = legend.entries.iter().map(|e| e.0.clone()).collect();
            return Keys {
                entries,
                names,
                grouped: true,
            };
        }
        // The plot's own legend: one entry per name, in the order drawn.
        let mut entries: Vec<Entry> = Vec::new();
        let mut add = |name: &str, swatch: Swatch| {
            if !name.is_empty() && !entries.iter().any(|e| e.name == name) {
                entries.push(Entry {
                    name: name.to_owned(),
                    swatch,
                    key: Some(format!("s{}", entries.len())),
                    off: off(name),
                });
            }
        };
        for s in &chart.spans {
            add(&s.name, Swatch::Fill(s.color));
        }
        for l in &chart.lines {
            add(&l.name, Swatch::Line(l.color, l.dashed));
        }
        for (name, _, rgb) in chart.levels.iter().chain(&chart.x_levels) {
            add(name, Swatch::Line(*rgb, false));
        }
        for (name, _, _) in &chart.markers {
            add(name, Swatch::Diamond);
        }
        let names = entries.iter().map(|e| e.name.clone()).collect();
        Keys {
            entries,
            names,
            grouped: false,
        }
    }

    /// The key of a thing named `name` (in group `group`, for the outside legend's
    /// lines; a marker of a group is named "group: ...").
    fn key(&self, name: &str, group: Option<&str>) -> Option<(String, bool)> {
        let found = if self.grouped {
            let group = group.map(str::to_owned).or_else(|| {
                self.names
                    .iter()
                    .find(|g| {
                        name.strip_prefix(g.as_str())
                            .is_some_and(|r| r.starts_with(':'))
                    })
                    .cloned()
            })?;
            self.names.iter().position(|n| *n == group)
        } else {
            self.names.iter().position(|n| n == name)
        }?;
        let prefix = if self.grouped { "g" } else { "s" };
        let off = self.entries.get(found).is_some_and(|e| e.off);
        Some((format!("{prefix}{found}"), off))
    }
}

/// The x range and ticks: the view's zoom, or the data's extent from zero.
fn x_axis(chart: &LineChartData, view: &PlotView) -> Axis {
    let xs = chart
        .lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p[0]))
        .chain(chart.markers.iter().map(|m| m.1))
        .chain(chart.x_levels.iter().map(|l| l.1))
        .chain(chart.notes.iter().map(|n| n.x))
        .chain(chart.spans.iter().flat_map(|s| [s.from, s.to]))
        .chain(chart.x_ticks.iter().copied());
    let (lo, hi) = xs.fold((0.0_f64, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let (lo, hi) = match view.bounds {
        Some([x0, x1, _, _]) if x1 > x0 => (x0, x1),
        _ if chart.x_kind == XAxis::PercentileNines => (lo, hi.ceil()),
        _ if !chart.x_ticks.is_empty() => {
            let pad = (hi - lo) * 0.04;
            (lo - pad, hi + pad)
        }
        _ => {
            let (lo, hi, _) = ticks::nice(lo, hi, 8);
            (lo, hi)
        }
    };
    let ticks = if chart.x_kind == XAxis::PercentileNines {
        (lo.ceil() as i64..=hi.floor() as i64)
            .map(|v| (v as f64, axis::tick_label(v as f64), true))
            .collect()
    } else if !chart.x_ticks.is_empty() {
        chart
            .x_ticks
            .iter()
            .enumerate()
            .filter(|(_, t)| (lo..=hi).contains(*t))
            .map(|(i, &t)| {
                let name = chart
                    .x_tick_names
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format::plain(t));
                (t, name, true)
            })
            .collect()
    } else {
        ticks::labelled(lo, hi, 8)
    };
    Axis {
        lo,
        hi,
        ticks,
        title: chart.x_axis.clone(),
    }
}

/// The y range and ticks, in axis positions (log10 of ms on a log axis).
fn y_axis(chart: &LineChartData, view: &PlotView, log_y: bool) -> Axis {
    let y = |v: f64| if log_y { log_axis::to_log(v) } else { v };
    let ys = chart
        .lines
        .iter()
        .flat_map(|l| {
            l.points
                .iter()
                .map(|p| p[1])
                .chain(l.band.iter().flat_map(|b| [b[1], b[2]]))
        })
        .chain(chart.levels.iter().map(|l| l.1))
        .chain(chart.markers.iter().map(|m| m.2))
        .chain(chart.notes.iter().map(|n| n.y))
        .map(y);
    let (mut lo, mut hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    let title = if log_y {
        format!("{} (log scale)", chart.y_axis)
    } else {
        chart.y_axis.clone()
    };
    if let Some([_, _, y0, y1]) = view.bounds.filter(|b| b[3] > b[2]) {
        (lo, hi) = (y0, y1);
    } else if log_y {
        let pad = ((hi - lo) * 0.05).max(0.05);
        (lo, hi) = (lo - pad, hi + pad);
    } else {
        let (l, h, _) = ticks::nice(lo.min(0.0), hi.max(lo.min(0.0) + 1e-9), 6);
        (lo, hi) = (l, h);
    }
    let ticks = if log_y {
        log_axis::ticks(lo, hi)
            .into_iter()
            .map(|(v, step)| (v, log_axis::label(v), step >= 1.0))
            .collect()
    } else {
        ticks::labelled(lo, hi, 6)
    };
    Axis {
        lo,
        hi,
        ticks,
        title,
    }
}

/// Draws `chart` in `rect`; `id` names its clip path (unique in the page).
pub fn draw(
    doc: &mut Doc,
    theme: &Theme,
    rect: Rect,
    chart: &LineChartData,
    view: &PlotView,
    log_latency: bool,
    id: &str,
) {
    let log_y = chart.latency_y && log_latency;
    let used = frame::title(doc, theme, rect, &chart.title);
    let mut rest = rect.below(used);
    let keys = Keys::of(chart, view);
    let h = legend::draw(doc, theme, rest, &keys.entries);
    rest = rest.below(h + 4.0);
    let x = x_axis(chart, view);
    let f = frame::axes(
        doc,
        theme,
        rest,
        &FrameX::Numbers(x),
        y_axis(chart, view, log_y),
    );
    let clip = format!("{id}-clip");
    frame::clip(doc, &clip, f.area);
    doc.raw(&format!("<g clip-path=\"url(#{})\">", escape(&clip)));
    let data = Data {
        f: &f,
        chart,
        log_y,
    };
    let group = |doc: &mut Doc, name: &str, group: Option<&str>| match keys.key(name, group) {
        Some((key, off)) => doc.raw(&legend::data_group(&key, off)),
        None => doc.raw("<g>"),
    };
    for s in &chart.spans {
        group(doc, &s.name, None);
        let (l, r) = (f.x(s.from), f.x(s.to));
        doc.with_title(
            "rect",
            &[
                ("x", num(l.min(r))),
                ("y", num(f.area.y)),
                ("width", num((r - l).abs())),
                ("height", num(f.area.h)),
                ("fill", hex(s.color)),
                ("fill-opacity", "0.15".into()),
            ],
            &s.name,
        );
        doc.close("g");
    }
    for line in &chart.lines {
        group(doc, &line.name, line.group.as_deref());
        data.line(doc, line);
        doc.close("g");
    }
    for (name, level, rgb) in &chart.levels {
        group(doc, name, None);
        let py = f.y(data.y(*level));
        doc.with_title(
            "path",
            &[
                (
                    "d",
                    format!("M{} {}H{}", num(f.area.x), num(py), num(f.area.right())),
                ),
                ("stroke", hex(*rgb)),
                ("stroke-width", "2".into()),
            ],
            &format!("{name}: {}", data.y_text(*level)),
        );
        doc.close("g");
    }
    for (name, at, rgb) in &chart.x_levels {
        group(doc, name, None);
        let px = f.x(*at);
        doc.with_title(
            "path",
            &[
                (
                    "d",
                    format!("M{} {}V{}", num(px), num(f.area.y), num(f.area.bottom())),
                ),
                ("stroke", hex(*rgb)),
                ("stroke-width", "2".into()),
            ],
            &format!("{name}: {}", data.x_text(*at)),
        );
        doc.close("g");
    }
    for (text, at_x, at_y) in &chart.labels {
        doc.text(
            f.x(*at_x) + 3.0,
            f.y(data.y(*at_y)) - 3.0,
            text,
            style(TICK, Anchor::Start, theme.ink),
        );
    }
    for (name, at_x, at_y) in &chart.markers {
        group(doc, name, None);
        let (px, py) = (f.x(*at_x), f.y(data.y(*at_y)));
        doc.with_title(
            "path",
            &[
                (
                    "d",
                    format!("M{} {}l7 7l-7 7l-7 -7z", num(px), num(py - 7.0)),
                ),
                ("fill", hex(MARKER)),
            ],
            &format!("{name}\n{}\n{}", data.x_text(*at_x), data.y_text(*at_y)),
        );
        doc.close("g");
    }
    // A history's records: their own texts on hover.
    for note in &chart.notes {
        doc.with_title(
            "circle",
            &[
                ("cx", num(f.x(note.x))),
                ("cy", num(f.y(data.y(note.y)))),
                ("r", "5".into()),
                ("fill", "transparent".into()),
                ("pointer-events", "all".into()),
            ],
            &note.text,
        );
    }
    doc.close("g");
}

/// A value as its axis names it: "2.52 ms" on "latency (ms)", "512 MB" on
/// "memory (MB)", "8,123 requests/s" on "requests/s".
fn with_unit(v: f64, axis: &str) -> String {
    let unit = match (axis.rfind('('), axis.ends_with(')')) {
        (Some(open), true) => &axis[open + 1..axis.len() - 1],
        _ => axis,
    };
    format!("{} {unit}", format::number(v))
}

/// What a line is drawn with: the frame and the axes' kinds.
struct Data<'a> {
    f: &'a Frame,
    chart: &'a LineChartData,
    log_y: bool,
}

impl Data<'_> {
    fn y(&self, v: f64) -> f64 {
        if self.log_y { log_axis::to_log(v) } else { v }
    }

    fn x_text(&self, x: f64) -> String {
        if self.chart.x_kind == XAxis::PercentileNines {
            let p = format!("{:.4}", axis::from_axis(x));
            format!("p{}", p.trim_end_matches('0').trim_end_matches('.'))
        } else {
            let named = (self.chart.x_ticks.iter().position(|t| (t - x).abs() < 1e-9))
                .and_then(|i| self.chart.x_tick_names.get(i));
            match named {
                Some(name) => name.clone(),
                None => with_unit(x, &self.chart.x_axis),
            }
        }
    }

    fn y_text(&self, y: f64) -> String {
        with_unit(y, &self.chart.y_axis)
    }

    /// A long line in words: its value at each x tick it spans (the last point
    /// before the tick), and its range.
    fn summary(&self, line: &LineSeries) -> String {
        let mut text = format!(
            "{}: {} points",
            line.name,
            format::thousands(line.points.len() as u64)
        );
        let (first, last) = match (line.points.first(), line.points.last()) {
            (Some(a), Some(b)) => (a[0], b[0]),
            _ => return text,
        };
        let ticks: Vec<f64> = if self.chart.x_kind == XAxis::PercentileNines {
            (0..=last.floor() as i64).map(|v| v as f64).collect()
        } else {
            let step = ticks::step(first, last, 6);
            ticks::within(first, last, 6)
                .into_iter()
                .filter(|_| step > 0.0)
                .collect()
        };
        for t in ticks.into_iter().filter(|t| (first..=last).contains(t)) {
            let at = line.points.partition_point(|p| p[0] <= t).max(1) - 1;
            text.push_str(&format!(
                "\n{}: {}",
                self.x_text(t),
                self.y_text(line.points[at][1])
            ));
        }
        text
    }

    fn point(&self, p: &[f64; 2]) -> (f64, f64) {
        (self.f.x(p[0]), self.f.y(self.y(p[1])))
    }

    /// A line: its band, its path, and its points' values for hover.
    fn line(&self, doc: &mut Doc, line: &LineSeries) {
        let color = hex(line.color);
        if line.band.len() >= 2 {
            let upper = line.band.iter().map(|b| self.point(&[b[0], b[2]]));
            let lower = line.band.iter().rev().map(|b| self.point(&[b[0], b[1]]));
            doc.raw(&format!(
                "<path d=\"{}Z\" fill=\"{color}\" fill-opacity=\"0.3\"/>",
                polyline(upper.chain(lower))
            ));
        }
        let hover = |doc: &mut Doc, p: &[f64; 2], r: f64, visible: bool| {
            let (px, py) = self.point(p);
            doc.with_title(
                "circle",
                &[
                    ("cx", num(px)),
                    ("cy", num(py)),
                    ("r", num(r)),
                    (
                        "fill",
                        if visible {
                            color.clone()
                        } else {
                            "transparent".into()
                        },
                    ),
                    ("pointer-events", "all".into()),
                ],
                &format!(
                    "{}\n{}\n{}",
                    line.name,
                    self.x_text(p[0]),
                    self.y_text(p[1])
                ),
            );
        };
        if line.points_only {
            for p in &line.points {
                hover(doc, p, 5.0, true);
            }
            return;
        }
        let d = polyline(line.points.iter().map(|p| self.point(p)));
        let mut attrs = vec![
            ("d", d),
            ("fill", "none".to_owned()),
            ("stroke", color.clone()),
            ("stroke-width", "1.5".into()),
            ("stroke-linejoin", "round".into()),
        ];
        if line.dashed {
            attrs.push(("stroke-dasharray", "6 4".into()));
        }
        let many = line.points.len() > POINTS_WITH_TITLES;
        if many {
            doc.with_title("path", &attrs, &self.summary(line));
        } else {
            doc.open("path", &attrs, true);
            // A line of one or two points is hard to see: mark them.
            let short = line.points.len() <= 2;
            for p in &line.points {
                hover(doc, p, if short { 4.0 } else { 3.5 }, short);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_value_takes_the_unit_its_axis_names() {
        assert_eq!(super::with_unit(2.5, "latency (ms)"), "2.50 ms");
        assert_eq!(super::with_unit(512.0, "memory (MB)"), "512 MB");
        assert_eq!(super::with_unit(8123.0, "requests/s"), "8,123 requests/s");
    }
}
