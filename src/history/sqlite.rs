//! The SQLite history: one file, created when missing, in WAL mode with a busy
//! timeout, so that parallel CI jobs can write to it at once.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::schema;
use super::sql::{self, Kind, Value};
use super::{Filter, HistoryError, NewRecord, Record, SeriesInfo, Store};

/// How long a writer waits for another's lock before it gives up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

pub struct SqliteStore {
    db: String,
    conn: Connection,
}

impl SqliteStore {
    /// Opens (or creates) the history at `path`; refuses another program's
    /// database and a newer gatebench's.
    pub fn open(path: &Path) -> Result<SqliteStore, HistoryError> {
        let db = path.display().to_string();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.is_dir()
        {
            return Err(HistoryError::Refused {
                db,
                message: format!("the folder {} does not exist", parent.display()),
            });
        }
        let err = |source| HistoryError::Sqlite {
            db: db.clone(),
            source,
        };
        let conn = Connection::open(path).map_err(err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        let mut store = SqliteStore { db, conn };
        // Two writers creating one file at once: switching it to WAL takes a lock
        // SQLite does not wait for; the loser tries again.
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        loop {
            match store.prepare() {
                Err(HistoryError::Sqlite { source, .. })
                    if is_busy(&source) && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                other => return other.map(|()| store),
            }
        }
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> HistoryError + '_ {
        |source| HistoryError::Sqlite {
            db: self.db.clone(),
            source,
        }
    }

    /// Creates the schema in an empty database, or checks the one it has.
    fn prepare(&mut self) -> Result<(), HistoryError> {
        // A file that is not SQLite fails here, with SQLite's own words.
        let tables: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
                .map_err(self.err())?;
            stmt.query_map([], |r| r.get(0))
                .map_err(self.err())?
                .collect::<Result<_, _>>()
                .map_err(self.err())?
        };
        if tables.is_empty() {
            self.conn
                .pragma_update(None, "journal_mode", "WAL")
                .map_err(self.err())?;
            let tx = self
                .conn
                .transaction()
                .map_err(|source| HistoryError::Sqlite {
                    db: self.db.clone(),
                    source,
                })?;
            // Another writer may have created it meanwhile: then nothing to do.
            let exists: bool = tx
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'gatebench_history'",
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .map(|n| n > 0)
                .map_err(|source| HistoryError::Sqlite {
                    db: self.db.clone(),
                    source,
                })?;
            if !exists {
                for sql in schema::create("INTEGER PRIMARY KEY", "BLOB") {
                    tx.execute(&sql, [])
                        .map_err(|source| HistoryError::Sqlite {
                            db: self.db.clone(),
                            source,
                        })?;
                }
                tx.execute(
                    "INSERT INTO gatebench_history (key, value) VALUES ('schema_version', ?1), \
                     ('created_by', ?2)",
                    params![
                        schema::VERSION.to_string(),
                        format!("gatebench {}", env!("CARGO_PKG_VERSION"))
                    ],
                )
                .map_err(|source| HistoryError::Sqlite {
                    db: self.db.clone(),
                    source,
                })?;
            }
            tx.commit().map_err(|source| HistoryError::Sqlite {
                db: self.db.clone(),
                source,
            })?;
            return Ok(());
        }
        let version: Option<String> = if tables.iter().any(|t| t == "gatebench_history") {
            self.conn
                .query_row(
                    "SELECT value FROM gatebench_history WHERE key = 'schema_version'",
                    [],
                    |r| r.get(0),
                )
                .optional()
                .map_err(self.err())?
                .or(Some(String::new()))
        } else {
            None
        };
        if let Some(message) = schema::refuse(version.as_deref()) {
            return Err(HistoryError::Refused {
                db: self.db.clone(),
                message,
            });
        }
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(self.err())?;
        Ok(())
    }
}

/// True for SQLite's "database is locked" and "busy".
fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

impl Store for SqliteStore {
    fn insert(&mut self, records: &[NewRecord]) -> Result<Vec<i64>, HistoryError> {
        let db = self.db.clone();
        let err = |source| HistoryError::Sqlite {
            db: db.clone(),
            source,
        };
        // IMMEDIATE: the write lock is taken at once (waiting out another writer),
        // never upgraded mid-way, which SQLite can only refuse.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        let mut ids = Vec::with_capacity(records.len());
        {
            let mut stmt = tx
                .prepare(&sql::insert(|i| format!("?{i}"), ""))
                .map_err(err)?;
            for r in records {
                let values = sql::values(r).into_iter().map(to_sqlite);
                stmt.execute(rusqlite::params_from_iter(values))
                    .map_err(err)?;
                ids.push(tx.last_insert_rowid());
            }
        }
        tx.commit().map_err(err)?;
        Ok(ids)
    }

    fn records(&mut self, filter: &Filter) -> Result<Vec<Record>, HistoryError> {
        let mut values: Vec<rusqlite::types::Value> = vec![
            filter.since_ms.unwrap_or(i64::MIN).into(),
            filter.until_ms.unwrap_or(i64::MAX).into(),
        ];
        let mut series = String::new();
        if !filter.series.is_empty() {
            let marks: Vec<String> = (0..filter.series.len())
                .map(|i| format!("?{}", i + 3))
                .collect();
            series = format!(" AND series IN ({})", marks.join(", "));
            values.extend(filter.series.iter().map(|s| s.clone().into()));
        }
        let columns = sql::columns();
        let mut stmt = self
            .conn
            .prepare(&sql::select(|i| format!("?{i}"), &series))
            .map_err(self.err())?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(values), |r| {
                let mut values = Vec::with_capacity(columns.len());
                for (i, (_, kind)) in columns.iter().enumerate() {
                    values.push(from_sqlite(r, i + 1, *kind)?);
                }
                Ok(sql::record(r.get(0)?, values))
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    fn series(&mut self) -> Result<Vec<SeriesInfo>, HistoryError> {
        let mut stmt = self.conn.prepare(sql::SERIES).map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(SeriesInfo {
                    name: r.get(0)?,
                    records: r.get::<_, i64>(1)? as u64,
                    first: super::rfc3339(r.get(2)?),
                    last: super::rfc3339(r.get(3)?),
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }
}

fn to_sqlite(value: Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match value {
        Value::Null => V::Null,
        Value::Int(n) => V::Integer(n),
        Value::Real(x) => V::Real(x),
        Value::Text(s) => V::Text(s),
        Value::Blob(b) => V::Blob(b),
    }
}

/// Column `i` of `row`, read as `kind`.
fn from_sqlite(row: &rusqlite::Row, i: usize, kind: Kind) -> rusqlite::Result<Value> {
    let or_null = |v: Option<Value>| v.unwrap_or(Value::Null);
    Ok(match kind {
        Kind::Int | Kind::OptInt => or_null(row.get::<_, Option<i64>>(i)?.map(Value::Int)),
        Kind::Text | Kind::OptText => or_null(row.get::<_, Option<String>>(i)?.map(Value::Text)),
        Kind::OptReal => or_null(row.get::<_, Option<f64>>(i)?.map(Value::Real)),
        Kind::OptBlob => or_null(row.get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob)),
    })
}
