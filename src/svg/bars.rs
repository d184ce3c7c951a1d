//! A bar chart: a slot per category, a bar per series in it from zero, its interval
//! as an error bar, its annotation above, its exact value in a `<title>`.

use super::doc::{Anchor, Doc, hex, num};
use super::frame::{self, Axis, Rect, TICK, XAxis, style};
use super::legend::{self, Entry, Swatch};
use super::theme::Theme;
use crate::charts::BarChartData;
use crate::charts::view::PlotView;

/// Draws `chart` in `rect`, with the series `view` switched off hidden.
pub fn draw(doc: &mut Doc, theme: &Theme, rect: Rect, chart: &BarChartData, view: &PlotView) {
    let used = frame::title(doc, theme, rect, &chart.title);
    let mut rest = rect.below(used);
    let key = |s: usize| format!("s{s}");
    let off = |name: &str| view.hidden.contains(name);
    if chart.legend {
        let entries: Vec<Entry> = chart
            .series
            .iter()
            .enumerate()
            .map(|(s, series)| Entry {
                name: series.name.clone(),
                swatch: Swatch::Fill(series.color),
                key: Some(key(s)),
                off: off(&series.name),
            })
            .collect();
        let h = legend::draw(doc, theme, rest, &entries);
        rest = rest.below(h + 4.0);
    }
    // From zero, with room above the tallest bar for its annotation.
    let max = chart.top();
    let y = Axis::from_zero(max * 1.12, &chart.y_axis);
    let f = frame::axes(
        doc,
        theme,
        rest,
        &XAxis::Categories(chart.categories.clone()),
        y,
    );
    let groups = chart.series.len().max(1) as f64;
    let width = 0.8 / groups;
    for (s, series) in chart.series.iter().enumerate() {
        doc.raw(&legend::data_group(&key(s), off(&series.name)));
        let offset = (s as f64 - (groups - 1.0) / 2.0) * width;
        for b in &series.bars {
            let center = f.x(b.category as f64 + offset);
            let half = width * 0.95 * f.unit() / 2.0;
            let (top, zero) = (f.y(b.value.max(0.0)), f.y(0.0));
            doc.with_title(
                "rect",
                &[
                    ("x", num(center - half)),
                    ("y", num(top)),
                    ("width", num(2.0 * half)),
                    ("height", num((zero - top).max(0.0))),
                    ("fill", hex(b.color)),
                ],
                &b.tooltip,
            );
            if let Some((lo, hi)) = b.interval {
                let cap = width * 0.2 * f.unit();
                // Drawn inside the axis, which starts at zero; its exact ends are in
                // the bar's title.
                let (ylo, yhi) = (f.y(lo.max(0.0)), f.y(hi.min(f.y.hi)));
                doc.raw(&format!(
                    "<path d=\"M{l} {ylo}H{r}M{c} {ylo}V{yhi}M{l} {yhi}H{r}\" stroke=\"{}\" \
                     stroke-width=\"1.5\" fill=\"none\"/>",
                    hex(theme.whisker),
                    l = num(center - cap),
                    r = num(center + cap),
                    c = num(center),
                    ylo = num(ylo),
                    yhi = num(yhi),
                ));
            }
            if let Some(text) = &b.annotation {
                let top = b.interval.map_or(b.value, |(_, hi)| hi.max(b.value));
                doc.text(
                    center,
                    f.y(top + max * 0.02) - 2.0,
                    text,
                    style(TICK + 1.0, Anchor::Middle, theme.ink),
                );
            }
        }
        doc.close("g");
    }
}
