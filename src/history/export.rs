//! A history as CSV, one row per record: time, series, commit, branch and every
//! metric, in the shape Apache Otava's CSV importer reads (a time column, attribute
//! columns, one column per metric).

use super::{Metric, Record, rfc3339};

/// The CSV of `records`.
pub fn csv(records: &[Record]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["time", "series", "commit", "branch"];
    header.extend(Metric::ALL.iter().map(|m| m.name()));
    w.write_record(&header)?;
    for r in records {
        let mut row = vec![
            rfc3339(r.new.at_ms),
            r.new.series.clone(),
            r.new.commit.clone().unwrap_or_default(),
            r.new.branch.clone().unwrap_or_default(),
        ];
        row.extend(
            Metric::ALL
                .iter()
                .map(|&m| r.metric(m).map_or(String::new(), |v| v.to_string())),
        );
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
