//! Records from a CSV in the shape `history export` writes (and Apache Otava
//! reads): a `time` column (RFC 3339), optional `series`, `commit` and `branch`
//! columns, and a column per metric, by its name; other columns become tags.

use std::collections::BTreeMap;

use super::{Metric, NewRecord};

/// The records of CSV `text` (from file `name`); `series` for rows without a
/// `series` column. An error names the line and what was expected.
pub fn read(text: &str, name: &str, series: Option<&str>) -> Result<Vec<NewRecord>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("{name}: line 1: {e}"))?
        .iter()
        .map(str::to_owned)
        .collect();
    let col = |n: &str| header.iter().position(|h| h == n);
    let time = col("time").ok_or_else(|| format!("{name}: line 1: no `time` column"))?;
    let (series_col, commit, branch) = (col("series"), col("commit"), col("branch"));
    if series_col.is_none() && series.is_none() {
        return Err(format!(
            "{name}: line 1: no `series` column: give --series for the file's rows"
        ));
    }
    let metrics: Vec<Option<usize>> = Metric::ALL.iter().map(|m| col(m.name())).collect();
    let tag_cols: Vec<usize> = (0..header.len())
        .filter(|i| {
            ![Some(time), series_col, commit, branch].contains(&Some(*i))
                && !metrics.contains(&Some(*i))
        })
        .collect();
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| format!("{name}: line {line}: {e}"))?;
        let at_ms =
            super::parse_time(&row[time]).map_err(|e| format!("{name}: line {line}: {e}"))?;
        let mut values = [None; 6];
        for (k, c) in metrics.iter().enumerate() {
            if let Some(c) = *c
                && !row[c].is_empty()
            {
                values[k] = Some(row[c].parse::<f64>().map_err(|_| {
                    format!(
                        "{name}: line {line}: `{}`: expected a number for {}",
                        &row[c],
                        Metric::ALL[k].name()
                    )
                })?);
            }
        }
        let text = |c: Option<usize>| c.map(|c| row[c].to_owned()).filter(|s| !s.is_empty());
        let tags: BTreeMap<String, String> = tag_cols
            .iter()
            .map(|&c| (header[c].clone(), row[c].to_owned()))
            .collect();
        out.push(NewRecord {
            series: text(series_col)
                .or_else(|| series.map(str::to_owned))
                .unwrap_or_default(),
            at_ms,
            commit: text(commit),
            branch: text(branch),
            tags,
            metrics: values,
            requests: None,
            run_json: "{}".into(),
            histogram: None,
        });
    }
    Ok(out)
}
