//! The history schema, version by version (`docs/history-format.md`). A database
//! says what it is in table `gatebench_history` (key `schema_version`); one
//! without it is another program's, and one of a newer version is a newer
//! gatebench's: both are refused, never changed.

/// The schema version this gatebench writes and reads.
pub const VERSION: u32 = 1;

/// The tables of version 1, in SQL both SQLite and PostgreSQL take (the
/// id column's type is given by the store).
pub fn create(id_type: &str, blob_type: &str) -> Vec<String> {
    let metrics = super::Metric::ALL.map(|m| format!("{} DOUBLE PRECISION", m.name()));
    let metrics = metrics.join(",\n                ");
    vec![
        "CREATE TABLE gatebench_history (key TEXT PRIMARY KEY, value TEXT NOT NULL)".into(),
        format!(
            "CREATE TABLE records (
                id {id_type},
                series TEXT NOT NULL,
                at_ms BIGINT NOT NULL,
                commit_sha TEXT,
                branch TEXT,
                tags TEXT NOT NULL,
                {metrics},
                requests BIGINT,
                run_json TEXT NOT NULL,
                histogram {blob_type}
            )"
        ),
        "CREATE INDEX records_by_series_and_time ON records (series, at_ms)".into(),
    ]
}

/// Why a database's own version is refused, if it is.
pub fn refuse(version: Option<&str>) -> Option<String> {
    match version.map(str::parse::<u32>) {
        None => Some(
            "not a gatebench history: it has tables of its own and no `gatebench_history` \
             table; give a new file or an empty database"
                .into(),
        ),
        Some(Ok(v)) if v == VERSION => None,
        Some(Ok(v)) if v > VERSION => Some(format!(
            "written by a newer gatebench (history schema {v}; this one reads {VERSION}): \
             update gatebench"
        )),
        Some(_) => Some(format!(
            "history schema `{}` is not one this gatebench reads ({VERSION})",
            version.unwrap_or_default()
        )),
    }
}
