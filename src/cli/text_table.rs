//! The commands' plain-text tables: each column padded to its widest cell (header
//! included), two spaces apart, trailing spaces trimmed.

/// The header line, then a line per row. A column marked in `right_aligned` is
/// padded on the left (numbers), the others on the right.
pub fn render(header: &[String], right_aligned: &[bool], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count())
                .chain([header[c].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, w))| {
                let pad = " ".repeat(w - cell.chars().count());
                if right_aligned.get(c).copied().unwrap_or(false) {
                    format!("{pad}{cell}")
                } else {
                    format!("{cell}{pad}")
                }
            })
            .collect();
        padded.join("  ").trim_end().to_owned() + "\n"
    };
    let mut out = line(header);
    for row in rows {
        out += &line(row);
    }
    out
}

/// [`render`] of `header` (as words) with every line indented by two spaces: a
/// table under its group's name.
pub fn indented(header: &[&str], right_aligned: &[bool], rows: &[Vec<String>]) -> String {
    let header: Vec<String> = header.iter().map(|c| c.to_string()).collect();
    render(&header, right_aligned, rows)
        .lines()
        .map(|line| format!("  {line}\n"))
        .collect()
}

/// The same table in Markdown: a header row, its separator, a row per row.
pub fn markdown(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        header.join(" | "),
        "---|".repeat(header.len())
    );
    for row in rows {
        out += &format!("| {} |\n", row.join(" | "));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_pad_to_the_widest_cell() {
        let header = ["name".to_owned(), "n".to_owned()];
        let rows = vec![
            vec!["a".to_owned(), "1,234".to_owned()],
            vec!["longer".to_owned(), "5".to_owned()],
        ];
        assert_eq!(
            super::render(&header, &[false, true], &rows),
            "name        n\na       1,234\nlonger      5\n"
        );
    }
}
