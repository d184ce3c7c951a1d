//! A report as one self-contained HTML file: styles inline, the icon as a `data:`
//! URI, every chart as inline SVG (text, each value in a `<title>` for hover), and a
//! few lines of script by which a click on a legend entry hides its series (the
//! charts read the same with scripts off). No font or request to anywhere.

use base64::Engine;

use super::document::{Block, Document};

/// The HTML text of `doc`.
pub fn html(doc: &Document) -> String {
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut out = String::new();
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += &format!(
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&doc.title)
    );
    out += &format!(
        "<header><img class=\"icon\" alt=\"gatebench\" width=\"48\" height=\"48\" \
         src=\"data:image/png;base64,{}\"><div><h1>{}</h1><p class=\"byline\">{}</p></div></header>\n",
        b64(super::ICON_PNG),
        esc(&doc.title),
        esc(&doc.byline)
    );
    for section in &doc.sections {
        out += &format!("<section>\n<h2>{}</h2>\n", esc(&section.heading));
        for block in &section.blocks {
            match block {
                Block::Paragraph(p) => out += &format!("<p>{}</p>\n", esc(p)),
                Block::List(items) => {
                    out += "<ul>\n";
                    for i in items {
                        out += &format!("<li>{}</li>\n", esc(i));
                    }
                    out += "</ul>\n";
                }
                Block::Table {
                    header,
                    numeric,
                    rows,
                } => {
                    let class = |c: usize| {
                        if numeric.get(c).copied().unwrap_or(false) {
                            " class=\"num\""
                        } else {
                            ""
                        }
                    };
                    out += "<div class=\"scroll\"><table>\n<thead><tr>";
                    for (c, h) in header.iter().enumerate() {
                        out += &format!("<th{}>{}</th>", class(c), esc(h));
                    }
                    out += "</tr></thead>\n<tbody>\n";
                    for row in rows {
                        out += "<tr>";
                        for (c, cell) in row.iter().enumerate() {
                            out += &format!("<td{}>{}</td>", class(c), cell_html(cell));
                        }
                        out += "</tr>\n";
                    }
                    out += "</tbody>\n</table></div>\n";
                }
                Block::Chart(i) => {
                    if let Some(chart) = doc.charts.get(*i) {
                        out += &format!(
                            "<figure>{}<figcaption>{}</figcaption></figure>\n",
                            chart.svg,
                            esc(&chart.title)
                        );
                    }
                }
            }
        }
        out += "</section>\n";
    }
    if !doc.charts.is_empty() {
        out += &format!("<script>{LEGEND_SCRIPT}</script>\n");
    }
    out += "</body>\n</html>\n";
    out
}

/// A table cell: a value with its interval ("9,270 (9,090–9,450)") wraps only
/// between the two, so that a narrow page stacks them rather than breaking a number.
fn cell_html(cell: &str) -> String {
    match cell.split_once(" (") {
        Some((value, interval)) => format!(
            "<span class=\"nw\">{}</span> <span class=\"nw\">({}</span>",
            esc(value),
            esc(interval)
        ),
        None => esc(cell),
    }
}

/// `text` with the characters HTML gives a meaning escaped.
pub fn esc(text: &str) -> String {
    crate::svg::doc::escape_markup(text)
}

/// A click on a legend entry (`data-toggle`) hides or shows its chart's data of the
/// same key (`data-key`), and fades the entry (`crate::svg`'s legend).
const LEGEND_SCRIPT: &str = "\
for(const e of document.querySelectorAll('svg [data-toggle]'))e.addEventListener('click',()=>{\
const off=e.classList.toggle('off');\
for(const g of e.closest('svg').querySelectorAll('[data-key=\"'+e.dataset.toggle+'\"]'))\
g.style.display=off?'none':''});";

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1100px;\
padding:0 1rem;color:#1d232a;background:#fff;line-height:1.45}\
header{display:flex;gap:1rem;align-items:center;border-bottom:1px solid #d8dde3;padding-bottom:.5rem}\
h1{margin:0;font-size:1.6rem}h2{margin-top:2rem;font-size:1.2rem;border-bottom:1px solid #eef0f2}\
.byline{margin:.2rem 0 0;color:#5b6672;font-size:.9rem}\
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.8rem;margin:.5rem 0}\
th,td{padding:.25rem .5rem;border-bottom:1px solid #e6e9ec;text-align:left;vertical-align:top}\
th{background:#f4f6f8}.num{text-align:right;font-variant-numeric:tabular-nums}.nw{white-space:nowrap}\
figure{margin:1rem 0}figure svg{display:block;width:100%;height:auto;max-width:1000px;\
border:1px solid #e6e9ec}\
figcaption{color:#5b6672;font-size:.9rem}\
@media (prefers-color-scheme:dark){body{background:#16191d;color:#dde3e8}th{background:#22272d}\
th,td{border-color:#2c3238}header,h2{border-color:#2c3238}}";

#[cfg(test)]
mod tests {
    #[test]
    fn a_value_and_its_interval_wrap_only_between_them() {
        assert_eq!(
            super::cell_html("9,270 (9,090–9,450)"),
            "<span class=\"nw\">9,270</span> <span class=\"nw\">(9,090–9,450)</span>"
        );
        assert_eq!(super::cell_html("<b>"), "&lt;b&gt;");
    }

    #[test]
    fn escapes_what_html_reads() {
        assert_eq!(super::esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
