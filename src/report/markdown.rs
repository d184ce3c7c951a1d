//! A report as Markdown (a CI job summary, a pull-request comment), with its charts
//! as SVG files beside it.

use super::document::{Block, Document};

/// The Markdown of `doc`; chart `i` is linked as `chart_files[i]`.
pub fn markdown(doc: &Document, chart_files: &[String]) -> String {
    let mut out = format!("# {}\n\n_{}_\n", cell(&doc.title), cell(&doc.byline));
    for section in &doc.sections {
        out += &format!("\n## {}\n\n", cell(&section.heading));
        for block in &section.blocks {
            match block {
                Block::Paragraph(p) => out += &format!("{}\n\n", cell(p)),
                Block::List(items) => {
                    for i in items {
                        out += &format!("- {}\n", cell(i));
                    }
                    out += "\n";
                }
                Block::Table {
                    header,
                    numeric,
                    rows,
                } => {
                    out += &format!(
                        "| {} |\n",
                        header
                            .iter()
                            .map(|h| cell(h))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                    let rule: Vec<&str> = (0..header.len())
                        .map(|c| {
                            if numeric.get(c).copied().unwrap_or(false) {
                                "---:"
                            } else {
                                "---"
                            }
                        })
                        .collect();
                    out += &format!("| {} |\n", rule.join(" | "));
                    for row in rows {
                        out += &format!(
                            "| {} |\n",
                            row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
                        );
                    }
                    out += "\n";
                }
                Block::Chart(i) => {
                    if let (Some(chart), Some(file)) = (doc.charts.get(*i), chart_files.get(*i)) {
                        out += &format!("![{}]({file})\n\n", chart.title);
                    }
                }
            }
        }
    }
    out
}

/// `text` safe anywhere in the Markdown, a table cell included: what HTML reads
/// (`<script>` in a label) escaped, as Markdown renders raw HTML; pipes escaped;
/// line breaks as spaces.
fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_in_a_label_is_text() {
        assert_eq!(
            super::cell("<script>alert(1)</script> | x"),
            "&lt;script&gt;alert(1)&lt;/script&gt; \\| x"
        );
    }
}
