//! The latency box chart: a box per group, p25 to p75 with a line at p50, whiskers
//! from min to p99, every figure in the box's `<title>`.

use super::doc::{Doc, hex, num};
use super::frame::{self, Axis, Rect, XAxis};
use super::theme::Theme;
use crate::charts::BoxChartData;
use crate::format;

/// Draws `chart` in `rect`.
pub fn draw(doc: &mut Doc, theme: &Theme, rect: Rect, chart: &BoxChartData) {
    let used = frame::title(doc, theme, rect, chart.title);
    let rest = rect.below(used);
    let max = chart.boxes.iter().map(|b| b.upper).fold(0.0_f64, f64::max);
    let y = Axis::from_zero(max * 1.08, "latency (ms)");
    let f = frame::axes(
        doc,
        theme,
        rest,
        &XAxis::Categories(chart.categories.clone()),
        y,
    );
    let ms = |v: f64| format!("{} ms", format::ms(Some(v)));
    for b in &chart.boxes {
        let c = f.x(b.category as f64);
        let (half, cap) = (0.25 * f.unit(), 0.15 * f.unit());
        let name = chart
            .categories
            .get(b.category)
            .map_or("", String::as_str)
            .replace('\u{a0}', " ");
        let title = format!(
            "{name}\nmin {}\np25 {}{}\np50 {}\np75 {}\np99 {}",
            ms(b.lower),
            ms(b.q1),
            if b.no_p25 { " (not reported: p50)" } else { "" },
            ms(b.median),
            ms(b.q3),
            ms(b.upper)
        );
        doc.open("g", &[], false);
        doc.title(&title);
        let color = hex(b.color);
        let (lo, q1, med, q3, up) = (
            f.y(b.lower),
            f.y(b.q1),
            f.y(b.median),
            f.y(b.q3),
            f.y(b.upper),
        );
        doc.raw(&format!(
            "<path d=\"M{c} {lo}V{q1}M{c} {q3}V{up}M{l} {lo}H{r}M{l} {up}H{r}\" stroke=\"{color}\" \
             stroke-width=\"1.5\" fill=\"none\"/>",
            c = num(c),
            lo = num(lo),
            q1 = num(q1),
            q3 = num(q3),
            up = num(up),
            l = num(c - cap),
            r = num(c + cap),
        ));
        doc.raw(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{color}\" \
             fill-opacity=\"0.5\" stroke=\"{color}\" stroke-width=\"1.5\"/>",
            num(c - half),
            num(q3),
            num(2.0 * half),
            num((q1 - q3).max(0.0)),
        ));
        doc.raw(&format!(
            "<path d=\"M{} {m}H{}\" stroke=\"{color}\" stroke-width=\"2.5\"/>",
            num(c - half),
            num(c + half),
            m = num(med),
        ));
        doc.close("g");
    }
}
