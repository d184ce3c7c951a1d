//! "Where the time went" as SVG: a horizontal stacked bar per group at its mean
//! and at p99, labels on the left, each slice labelled where it fits and its
//! figures in a `<title>`, the unexplained part hatched; the legend above.

use super::doc::{Anchor, Doc, hex, num};
use super::frame::{BODY, Rect, TICK, style};
use super::legend::{self, Entry, Swatch};
use super::theme::Theme;
use super::{font, frame, ticks};
use crate::charts::breakdown::BreakdownChart;

/// Draws `chart`'s bars in `rect`; `id` makes its pattern's id unique.
pub fn draw(doc: &mut Doc, theme: &Theme, rect: Rect, chart: &BreakdownChart, id: &str) {
    let used = frame::title(doc, theme, rect, &chart.title);
    let mut rest = rect.below(used);
    let entries: Vec<Entry> = chart
        .parts
        .iter()
        .map(|p| Entry {
            name: p.name.clone(),
            swatch: Swatch::Fill(p.color),
            key: None,
            off: false,
        })
        .collect();
    let h = legend::draw(doc, theme, rest, &entries);
    rest = rest.below(h + 4.0);
    let hatch = format!("{id}-unexplained");
    doc.raw(&format!(
        "<defs><pattern id=\"{hatch}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{}\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{}\" stroke-width=\"2\"/></pattern></defs>",
        hex([150, 150, 150]),
        hex(theme.background),
    ));
    let label_w = chart
        .rows
        .iter()
        .map(|r| font::width(&r.label, TICK))
        .fold(0.0, f64::max)
        .min(rest.w * 0.35)
        + 10.0;
    let (_, hi, _) = ticks::nice(0.0, chart.max_ms().max(1e-9), 6);
    let x_ticks = ticks::labelled(0.0, hi, 6);
    let bottom = TICK * 1.4 + BODY * 1.4 + 8.0;
    let area = Rect {
        x: rest.x + label_w,
        y: rest.y,
        w: (rest.w - label_w - 12.0).max(20.0),
        h: (rest.h - bottom).max(20.0),
    };
    let x = |v: f64| area.x + v / hi * area.w;
    for (v, label, _) in &x_ticks {
        doc.raw(&format!(
            "<line x1=\"{p}\" x2=\"{p}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\"/>",
            num(area.y),
            num(area.bottom()),
            hex(theme.grid),
            p = num(x(*v)),
        ));
        doc.text(
            x(*v),
            area.bottom() + TICK * 1.3,
            label,
            style(TICK, Anchor::Middle, theme.weak),
        );
    }
    doc.text(
        area.x + area.w / 2.0,
        area.bottom() + TICK * 1.4 + BODY * 1.3,
        &chart.x_axis,
        style(BODY, Anchor::Middle, theme.ink),
    );
    let n = chart.rows.len().max(1) as f64;
    let slot = area.h / n;
    let bar = (slot * 0.7).min(42.0);
    for (i, row) in chart.rows.iter().enumerate() {
        let cy = area.y + slot * (i as f64 + 0.5);
        let label = font::wrap(&row.label, TICK, label_w - 6.0)
            .into_iter()
            .next()
            .unwrap_or_default();
        doc.text(
            area.x - 6.0,
            cy + TICK * 0.35,
            &label,
            style(TICK, Anchor::End, theme.ink),
        );
        for s in &row.segments {
            let part = &chart.parts[s.part];
            let fill = if part.unexplained {
                format!("url(#{hatch})")
            } else {
                hex(part.color)
            };
            let (x0, w) = (
                x(s.start_ms),
                (x(s.start_ms + s.ms) - x(s.start_ms)).max(0.0),
            );
            doc.with_title(
                "rect",
                &[
                    ("x", num(x0)),
                    ("y", num(cy - bar / 2.0)),
                    ("width", num(w)),
                    ("height", num(bar)),
                    ("fill", fill),
                    ("stroke", hex(theme.background)),
                    ("stroke-width", "0.5".into()),
                ],
                &s.tooltip,
            );
            if font::width(&s.label, TICK - 1.0) + 6.0 < w {
                doc.text(
                    x0 + w / 2.0,
                    cy + (TICK - 1.0) * 0.35,
                    &s.label,
                    style(TICK - 1.0, Anchor::Middle, [255, 255, 255]),
                );
            }
        }
    }
    doc.raw(&format!(
        "<line x1=\"{a}\" x2=\"{a}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\"/>",
        num(area.y),
        num(area.bottom()),
        hex(theme.axis),
        a = num(area.x),
    ));
}
