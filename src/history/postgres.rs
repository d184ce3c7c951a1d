//! The PostgreSQL history, for a team: the same tables as SQLite's
//! (`schema::create`), through the `postgres` client (no TLS: a socket or a
//! trusted network; the URL says where, e.g.
//! `postgres://gatebench@db.internal/perf` or `postgres://postgres@/perf?host=/run/postgresql`).

use postgres::{Client, NoTls};

use super::schema::{self, metric_columns};
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
        let client = Client::connect(url, NoTls).map_err(|e| refused(&db, said(&e)))?;
        let mut store = PgStore { db, client };
        store.prepare()?;
        Ok(store)
    }

    fn err(&self) -> impl Fn(postgres::Error) -> HistoryError + '_ {
        |e| refused(&self.db, said(&e))
    }

    fn prepare(&mut self) -> Result<(), HistoryError> {
        let db = self.db.clone();
        let err = |e: postgres::Error| refused(&db, said(&e));
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
        let err = |e: postgres::Error| refused(&db, said(&e));
        let mut tx = self.client.transaction().map_err(err)?;
        let sql = format!(
            "INSERT INTO records (series, at_ms, commit_sha, branch, tags, {}, requests, \
             run_json, histogram) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
             $13, $14) RETURNING id",
            metric_columns()
        );
        let stmt = tx.prepare(&sql).map_err(err)?;
        let mut ids = Vec::with_capacity(records.len());
        for r in records {
            let tags = serde_json::to_string(&r.tags).unwrap_or_else(|_| "{}".into());
            let m = &r.metrics;
            let requests = r.requests.map(|n| n as i64);
            let row = tx
                .query_one(
                    &stmt,
                    &[
                        &r.series,
                        &r.at_ms,
                        &r.commit,
                        &r.branch,
                        &tags,
                        &m[0],
                        &m[1],
                        &m[2],
                        &m[3],
                        &m[4],
                        &m[5],
                        &requests,
                        &r.run_json,
                        &r.histogram,
                    ],
                )
                .map_err(err)?;
            ids.push(row.get(0));
        }
        tx.commit().map_err(err)?;
        Ok(ids)
    }

    fn records(&mut self, filter: &Filter) -> Result<Vec<Record>, HistoryError> {
        let sql = format!(
            "SELECT id, series, at_ms, commit_sha, branch, tags, {}, requests, run_json, \
             histogram FROM records WHERE at_ms >= $1 AND at_ms <= $2 \
             AND (cardinality($3::text[]) = 0 OR series = ANY($3)) ORDER BY at_ms, id",
            metric_columns()
        );
        let since = filter.since_ms.unwrap_or(i64::MIN);
        let until = filter.until_ms.unwrap_or(i64::MAX);
        let rows = self
            .client
            .query(&sql, &[&since, &until, &filter.series])
            .map_err(self.err())?;
        Ok(rows
            .iter()
            .map(|r| {
                let tags: String = r.get(5);
                let mut metrics = [None; 6];
                for (i, m) in metrics.iter_mut().enumerate() {
                    *m = r.get(6 + i);
                }
                Record {
                    id: r.get(0),
                    new: NewRecord {
                        series: r.get(1),
                        at_ms: r.get(2),
                        commit: r.get(3),
                        branch: r.get(4),
                        tags: serde_json::from_str(&tags).unwrap_or_default(),
                        metrics,
                        requests: r.get::<_, Option<i64>>(12).map(|n| n as u64),
                        run_json: r.get(13),
                        histogram: r.get(14),
                    },
                }
            })
            .collect())
    }

    fn series(&mut self) -> Result<Vec<SeriesInfo>, HistoryError> {
        let rows = self
            .client
            .query(
                "SELECT series, count(*), min(at_ms), max(at_ms) FROM records GROUP BY series \
                 ORDER BY series",
                &[],
            )
            .map_err(self.err())?;
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
