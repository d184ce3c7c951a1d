//! The one SQL shape of the history's records, for every store: the columns in
//! their order, the INSERT, the SELECT, and a record as values and back. A store
//! gives only what its database spells its own way: the placeholders (`?1`,
//! `$1`), the returned id, and how the series filter is written.

use super::{NewRecord, Record};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Int,
    OptInt,
    Text,
    OptText,
    OptReal,
    OptBlob,
}

/// A value of a column, as both databases take and give it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// The columns of `records` after `id`, in the order of the INSERT, the SELECT,
/// [`values`] and [`record`].
pub fn columns() -> Vec<(&'static str, Kind)> {
    let mut columns = vec![
        ("series", Kind::Text),
        ("at_ms", Kind::Int),
        ("commit_sha", Kind::OptText),
        ("branch", Kind::OptText),
        ("tags", Kind::Text),
    ];
    columns.extend(super::Metric::ALL.map(|m| (m.name(), Kind::OptReal)));
    columns.extend([
        ("requests", Kind::OptInt),
        ("run_json", Kind::Text),
        ("histogram", Kind::OptBlob),
    ]);
    columns
}

fn names() -> String {
    columns()
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `INSERT INTO records (...) VALUES (...)`, the `n`th placeholder (from 1) as
/// `placeholder(n)`, then `returning` (PostgreSQL's `RETURNING id`).
pub fn insert(placeholder: impl Fn(usize) -> String, returning: &str) -> String {
    let marks: Vec<String> = (1..=columns().len()).map(placeholder).collect();
    format!(
        "INSERT INTO records ({}) VALUES ({}){returning}",
        names(),
        marks.join(", ")
    )
}

/// The records between two times (placeholders 1 and 2, inclusive), `series`
/// ANDed on when not empty, in time order, then in the order recorded.
pub fn select(placeholder: impl Fn(usize) -> String, series: &str) -> String {
    format!(
        "SELECT id, {} FROM records WHERE at_ms >= {} AND at_ms <= {}{series} ORDER BY at_ms, id",
        names(),
        placeholder(1),
        placeholder(2)
    )
}

/// The series with their counts and first and last times.
pub const SERIES: &str = "SELECT series, count(*), min(at_ms), max(at_ms) FROM records \
                          GROUP BY series ORDER BY series";

/// `r`'s values, in [`columns`] order.
pub fn values(r: &NewRecord) -> Vec<Value> {
    let text = |s: &Option<String>| s.clone().map_or(Value::Null, Value::Text);
    let mut values = vec![
        Value::Text(r.series.clone()),
        Value::Int(r.at_ms),
        text(&r.commit),
        text(&r.branch),
        Value::Text(serde_json::to_string(&r.tags).unwrap_or_else(|_| "{}".into())),
    ];
    values.extend(r.metrics.map(|m| m.map_or(Value::Null, Value::Real)));
    values.extend([
        r.requests.map_or(Value::Null, |n| Value::Int(n as i64)),
        Value::Text(r.run_json.clone()),
        r.histogram.clone().map_or(Value::Null, Value::Blob),
    ]);
    values
}

/// The record `id` of `values`, in [`columns`] order.
pub fn record(id: i64, values: Vec<Value>) -> Record {
    let mut v = values.into_iter();
    let mut next = || v.next().unwrap_or(Value::Null);
    let text = |v: Value| match v {
        Value::Text(s) => Some(s),
        _ => None,
    };
    let int = |v: Value| match v {
        Value::Int(n) => Some(n),
        _ => None,
    };
    let series = text(next()).unwrap_or_default();
    let at_ms = int(next()).unwrap_or_default();
    let commit = text(next());
    let branch = text(next());
    let tags = text(next()).unwrap_or_default();
    let mut metrics = [None; 6];
    for m in &mut metrics {
        *m = match next() {
            Value::Real(x) => Some(x),
            Value::Int(n) => Some(n as f64),
            _ => None,
        };
    }
    let requests = int(next()).map(|n| n as u64);
    let run_json = text(next()).unwrap_or_default();
    let histogram = match next() {
        Value::Blob(b) => Some(b),
        _ => None,
    };
    Record {
        id,
        new: NewRecord {
            series,
            at_ms,
            commit,
            branch,
            tags: serde_json::from_str(&tags).unwrap_or_default(),
            metrics,
            requests,
            run_json,
            histogram,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_goes_to_values_and_back() {
        let new = NewRecord {
            series: "ci".into(),
            at_ms: 1_700_000_000_000,
            commit: Some("abc".into()),
            branch: None,
            tags: [("host".to_owned(), "a".to_owned())].into(),
            metrics: [Some(1.5), None, Some(3.0), None, None, Some(6.0)],
            requests: Some(42),
            run_json: "{}".into(),
            histogram: Some(vec![1, 2, 3]),
        };
        let values = values(&new);
        assert_eq!(values.len(), columns().len());
        assert_eq!(record(7, values), Record { id: 7, new });
    }

    #[test]
    fn the_statements_differ_only_in_what_a_store_spells() {
        let n = columns().len();
        let sqlite = insert(|i| format!("?{i}"), "");
        let pg = insert(|i| format!("${i}"), " RETURNING id");
        assert!(sqlite.ends_with(&format!("?{n})")), "{sqlite}");
        assert_eq!(pg.replace('$', "?").replace(" RETURNING id", ""), sqlite);
        assert!(
            select(|i| format!("?{i}"), "").contains("WHERE at_ms >= ?1 AND at_ms <= ?2 ORDER BY")
        );
    }
}
