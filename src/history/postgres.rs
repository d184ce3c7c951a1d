//! The PostgreSQL history, for a team: the same tables as SQLite's
//! (`schema::create`), through the `postgres` client (no TLS: a socket or a
//! trusted network; the URL says where, e.g.
//! `postgres://gatebench@db.internal/perf` or `postgres://postgres@/perf?host=/run/postgresql`).

use postgres::types::ToSql;
use postgres::{Client, NoTls};

use super::schema;
use super::sql::{self, Kind, Value};
use super::{Filter, HistoryError, NewRecord, Record, SeriesInfo, Store};

pub struct PgStore {
    /// The URL without its password, for messages.
    db: String,
    client: Client,
}

/// What PostgreSQL said: the server's own message where it sent one.
fn said(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => format!("{}: {}", d.severity(), d.message()),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text += &format!(": {s}");
                source = s.source();
            }
            text
        }
    }
}

fn refused(db: &str, message: impl Into<String>) -> HistoryError {
    HistoryError::Refused {
        db: db.to_owned(),
        message: message.into(),
    }
}

/// What the server said to a statement.
fn failed(db: &str, e: &postgres::Error) -> HistoryError {
    HistoryError::Postgres {
        db: db.to_owned(),
        message: said(e),
    }
}

/// `url` without a password (`postgres://user:secret@host` → `postgres://user@host`).
fn shown(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl PgStore {
    /// Connects to `url`, creates the schema in an empty database, refuses another
    /// program's and a newer gatebench's.
    pub fn open(url: &str) -> Result<PgStore, HistoryError> {
        let db = shown(url);
        let client = Client::connect(url, NoTls).map_err(|e| HistoryError::Connect {
            db: db.clone(),
            message: said(&e),
        })?;
        let mut store = PgStore { db, client };
        store.prepare()?;
        Ok(store)
    }

    fn err(&self) -> impl Fn(postgres::Error) -> HistoryError + '_ {
        |e| failed(&self.db, &e)
    }

    fn prepare(&mut self) -> Result<(), HistoryError> {
        let db = self.db.clone();
        let err = |e: postgres::Error| failed(&db, &e);
        let mut tx = self.client.transaction().map_err(err)?;
        // One creator at a time: a second writer waits here, then finds the schema.
        tx.batch_execute("SELECT pg_advisory_xact_lock(4761627562)")
            .map_err(err)?;
        let tables: Vec<String> = tx
            .query(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema()",
                &[],
            )
            .map_err(err)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        if tables.is_empty() {
            for sql in schema::create("BIGSERIAL PRIMARY KEY", "BYTEA") {
                tx.batch_execute(&sql).map_err(err)?;
            }
            tx.execute(
                "INSERT INTO gatebench_history (key, value) VALUES ('schema_version', $1), \
                 ('created_by', $2)",
                &[
                    &schema::VERSION.to_string(),
                    &format!("gatebench {}", env!("CARGO_PKG_VERSION")),
                ],
            )
            .map_err(err)?;
            return tx.commit().map_err(err);
        }
        let version: Option<String> = if tables.iter().any(|t| t == "gatebench_history") {
            Some(
                tx.query_opt(
                    "SELECT value FROM gatebench_history WHERE key = 'schema_version'",
                    &[],
                )
                .map_err(err)?
                .map(|r| r.get(0))
                .unwrap_or_default(),
            )
        } else {
            None
        };
        if let Some(message) = schema::refuse(version.as_deref()) {
            return Err(refused(&db, message));
        }
        tx.commit().map_err(err)
    }
}

impl Store for PgStore {
    fn insert(&mut self, records: &[NewRecord]) -> Result<Vec<i64>, HistoryError> {
        let db = self.db.clone();
        let err = |e: postgres::Error| failed(&db, &e);
        let mut tx = self.client.transaction().map_err(err)?;
        let stmt = tx
            .prepare(&sql::insert(|i| format!("${i}"), " RETURNING id"))
            .map_err(err)?;
        let mut ids = Vec::with_capacity(records.len());
        for r in records {
            let values: Vec<Box<dyn ToSql + Sync>> = sql::values(r)
                .into_iter()
                .zip(sql::columns())
                .map(|(value, (_, kind))| to_postgres(value, kind))
                .collect();
            let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
            let row = tx.query_one(&stmt, &params).map_err(err)?;
            ids.push(row.get(0));
        }
        tx.commit().map_err(err)?;
        Ok(ids)
    }

    fn records(&mut self, filter: &Filter) -> Result<Vec<Record>, HistoryError> {
        let sql = sql::select(
            |i| format!("${i}"),
            " AND (cardinality($3::text[]) = 0 OR series = ANY($3))",
        );
        let since = filter.since_ms.unwrap_or(i64::MIN);
        let until = filter.until_ms.unwrap_or(i64::MAX);
        let rows = self
            .client
            .query(&sql, &[&since, &until, &filter.series])
            .map_err(self.err())?;
        let columns = sql::columns();
        rows.iter()
            .map(|r| {
                let values = columns
                    .iter()
                    .enumerate()
                    .map(|(i, (_, kind))| from_postgres(r, i + 1, *kind))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(sql::record(r.try_get(0)?, values))
            })
            .collect::<Result<_, postgres::Error>>()
            .map_err(self.err())
    }

    fn series(&mut self) -> Result<Vec<SeriesInfo>, HistoryError> {
        let rows = self.client.query(sql::SERIES, &[]).map_err(self.err())?;
        Ok(rows
            .iter()
            .map(|r| SeriesInfo {
                name: r.get(0),
                records: r.get::<_, i64>(1) as u64,
                first: super::rfc3339(r.get(2)),
                last: super::rfc3339(r.get(3)),
            })
            .collect())
    }
}

/// `value` for a column of `kind`: a NULL is typed as its column is, as the
/// client checks.
fn to_postgres(value: Value, kind: Kind) -> Box<dyn ToSql + Sync> {
    match value {
        Value::Null => match kind {
            Kind::Int | Kind::OptInt => Box::new(None::<i64>),
            Kind::OptReal => Box::new(None::<f64>),
            Kind::OptBlob => Box::new(None::<Vec<u8>>),
            Kind::Text | Kind::OptText => Box::new(None::<String>),
        },
        Value::Int(n) => Box::new(n),
        Value::Real(x) => Box::new(x),
        Value::Text(s) => Box::new(s),
        Value::Blob(b) => Box::new(b),
    }
}

/// Column `i` of `row`, read as `kind`.
fn from_postgres(row: &postgres::Row, i: usize, kind: Kind) -> Result<Value, postgres::Error> {
    let or_null = |v: Option<Value>| v.unwrap_or(Value::Null);
    Ok(match kind {
        Kind::Int | Kind::OptInt => or_null(row.try_get::<_, Option<i64>>(i)?.map(Value::Int)),
        Kind::Text | Kind::OptText => {
            or_null(row.try_get::<_, Option<String>>(i)?.map(Value::Text))
        }
        Kind::OptReal => or_null(row.try_get::<_, Option<f64>>(i)?.map(Value::Real)),
        Kind::OptBlob => or_null(row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob)),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_never_shown() {
        assert_eq!(
            super::shown("postgres://ci:s3cret@db.internal:5432/perf"),
            "postgres://ci@db.internal:5432/perf"
        );
        assert_eq!(
            super::shown("postgres://ci@db/perf"),
            "postgres://ci@db/perf"
        );
        assert_eq!(
            super::shown("postgres:///perf?host=/tmp"),
            "postgres:///perf?host=/tmp"
        );
    }
}
