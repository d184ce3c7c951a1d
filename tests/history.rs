//! `gatebench history`: real hey and wrk runs against a server this test starts on
//! 127.0.0.1, whose delay changes at a known build, recorded in SQLite files in
//! temporary folders; back-filling, two writers at once, refused databases, and the
//! gate's exit codes.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::http_server::HttpServer;
use crate::common::postgres::PgCluster;
use crate::common::{gatebench, text};

/// Where the tests keep their histories: SQLite files in a folder, and databases
/// of a throwaway PostgreSQL cluster. Every test runs on both.
enum Backend {
    Sqlite(std::path::PathBuf),
    Postgres(PgCluster),
}

impl Backend {
    /// SQLite, and PostgreSQL where it is installed.
    fn all(dir: &Path) -> Vec<Backend> {
        let mut all = vec![Backend::Sqlite(dir.to_owned())];
        all.extend(PgCluster::start().map(Backend::Postgres));
        all
    }

    /// A new, empty history `name`.
    fn db(&self, name: &str) -> String {
        match self {
            Backend::Sqlite(dir) => dir.join(format!("{name}.db")).display().to_string(),
            Backend::Postgres(c) => c.database(name),
        }
    }

    /// Runs `sql` on history `db` (made by [`Self::db`]).
    fn sql(&self, db: &str, sql: &str) {
        match self {
            Backend::Sqlite(_) => rusqlite::Connection::open(db)
                .unwrap()
                .execute_batch(sql)
                .unwrap(),
            Backend::Postgres(_) => postgres::Client::connect(db, postgres::NoTls)
                .unwrap()
                .batch_execute(sql)
                .unwrap(),
        }
    }

    /// The number that `sql` counts in history `db`.
    fn count(&self, db: &str, sql: &str) -> i64 {
        match self {
            Backend::Sqlite(_) => rusqlite::Connection::open(db)
                .unwrap()
                .query_row(sql, [], |r| r.get(0))
                .unwrap(),
            Backend::Postgres(_) => postgres::Client::connect(db, postgres::NoTls)
                .unwrap()
                .query_one(sql, &[])
                .unwrap()
                .get(0),
        }
    }
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o.stdout)))
}

/// Build `n`'s hey run (per-request CSV): 10 ms a request before build 7, 40 ms from
/// it: a contrast that a busy CI host's noise (a few ms on a median) does not blur.
fn hey_run(dir: &Path, n: u32) -> std::path::PathBuf {
    let server = HttpServer::fixed(if n < 7 { 10 } else { 40 });
    let out = Command::new("hey")
        .args(["-n", "60", "-c", "2", "-o", "csv", &server.url()])
        .output()
        .expect("hey runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let path = dir.join(format!("build{n:02}.csv"));
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

/// Build `n`'s wrk run (`--latency`: its percentiles), against the same delays.
fn wrk_run(dir: &Path, n: u32) -> std::path::PathBuf {
    let server = HttpServer::fixed(if n < 7 { 10 } else { 40 });
    let out = Command::new("wrk")
        .args(["-t", "1", "-c", "2", "-d", "1s", "--latency", &server.url()])
        .output()
        .expect("wrk runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let path = dir.join(format!("build{n:02}.wrk.txt"));
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

fn record(db: &str, series: &str, file: &Path, n: u32) -> Output {
    gatebench(&[
        "history",
        "record",
        "--db",
        db,
        "--series",
        series,
        "--commit",
        &format!("b{n:02}"),
        "--branch",
        "main",
        "--at",
        &format!("2026-01-{n:02}T00:00:00Z"),
        "--tag",
        "host=ci",
        file.to_str().unwrap(),
    ])
}

#[test]
fn real_runs_recorded_in_any_order_give_the_change_and_the_gate_says_since_when() {
    let _load = crate::common::load_lock::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<_> = (1..=12).map(|n| hey_run(dir.path(), n)).collect();
    let wrk_files: Vec<_> = (1..=12).map(|n| wrk_run(dir.path(), n)).collect();
    for backend in Backend::all(dir.path()) {
        real_runs_on(&backend, &files, &wrk_files);
    }
}

fn real_runs_on(backend: &Backend, files: &[std::path::PathBuf], wrk_files: &[std::path::PathBuf]) {
    let (in_order, shuffled) = (backend.db("a"), backend.db("b"));
    for (i, f) in wrk_files.iter().enumerate() {
        for db in [&in_order, &shuffled] {
            let o = record(db, "api-wrk", f, i as u32 + 1);
            assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        }
    }
    for (i, f) in files.iter().enumerate() {
        let o = record(&in_order, "api", f, i as u32 + 1);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        assert!(
            text(&o.stdout).contains("1 record(s) in api"),
            "{}",
            text(&o.stdout)
        );
    }
    // Back-filled: the same records, recorded in another order.
    for i in [11, 0, 5, 6, 2, 9, 1, 10, 3, 8, 4, 7] {
        let o = record(&shuffled, "api", &files[i], i as u32 + 1);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    let analyze = |db: &str| {
        gatebench(&[
            "history",
            "analyze",
            "--db",
            db,
            "--metric",
            "latency_p50_ms",
            "--format",
            "json",
        ])
    };
    let a = analyze(&in_order);
    assert_eq!(a.status.code(), Some(0), "{}", text(&a.stderr));
    let a = json(&a);
    assert_eq!(a, json(&analyze(&shuffled)), "analysis sorts by time");
    let names: Vec<&str> = a["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["api", "api-wrk"]);
    for s in a["series"].as_array().unwrap() {
        assert_eq!(s["points"], 12);
        let cps = s["change_points"].as_array().unwrap();
        if cps.len() != 1 {
            // The values, to see what the host did to them.
            let export = gatebench(&["history", "export", "--db", &in_order, "--format", "csv"]);
            panic!("{s}\n{}", text(&export.stdout));
        }
        let c = &cps[0];
        assert_eq!(c["index"], 6, "the first record of build 7");
        assert_eq!(c["commit"], "b07");
        assert_eq!(c["at"], "2026-01-07T00:00:00.000Z");
        assert_eq!(c["direction"], "regressed");
        assert_eq!(c["before"]["n"], 6);
        if s["name"] == "api-wrk" {
            // wrk --latency prints percentiles, no histogram: no exact segment p99.
            assert!(c["before"].get("p99_ms").is_none(), "{c}");
            continue;
        }
        // The segments' p99 from their merged histograms: the 10 ms and 40 ms waits.
        let (before, after) = (
            c["before"]["p99_ms"].as_f64().unwrap(),
            c["after"]["p99_ms"].as_f64().unwrap(),
        );
        assert!(before >= 10.0 && after >= 40.0 && after > before, "{c}");
        assert!(c["change_pct"].as_f64().unwrap() > 50.0);
        assert!(c["p_value"].as_f64().unwrap() < 0.001);
    }
    // The gate: regressed since b07.
    let check = gatebench(&[
        "history",
        "check",
        "--db",
        &in_order,
        "--metric",
        "latency_p50_ms",
    ]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    let said = text(&check.stdout);
    assert!(
        said.contains("api latency_p50_ms: +")
            && said.contains("since b07 at 2026-01-07T00:00:00.000Z: the first bad record; the last good one was b06 at 2026-01-06T00:00:00.000Z"),
        "{said}"
    );
    // list
    let list = gatebench(&["history", "list", "--db", &in_order, "--format", "json"]);
    let list = json(&list);
    assert_eq!(list[0]["name"], "api");
    assert_eq!(list[0]["records"], 12);
    assert_eq!(list[0]["first"], "2026-01-01T00:00:00.000Z");
    // export: one row per record, every metric.
    let export = gatebench(&["history", "export", "--db", &in_order, "--format", "csv"]);
    let csv = text(&export.stdout);
    assert!(
        csv.starts_with("time,series,commit,branch,throughput_rps,latency_mean_ms,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 25, "12 hey and 12 wrk records");
}

/// A CSV of `values` for metric `latency_p99_ms`, a day apart, commits c01...
fn csv_series(dir: &Path, name: &str, values: &[f64]) -> std::path::PathBuf {
    let mut text = String::from("time,commit,latency_p99_ms\n");
    for (i, v) in values.iter().enumerate() {
        text += &format!("2026-03-01T00:{:02}:00Z,c{:02},{v}\n", i + 1, i + 1);
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_gate_fails_on_a_regression_in_force_and_passes_once_it_is_undone() {
    let dir = tempfile::tempdir().unwrap();
    for backend in Backend::all(dir.path()) {
        gate_on(&backend, dir.path());
    }
}

fn gate_on(backend: &Backend, dir: &Path) {
    let db = backend.db("h");
    let db = db.as_str();
    let noise = |i: usize| [0.0, 0.3, -0.2, 0.1, -0.3, 0.2][i % 6];
    let regressed: Vec<f64> = (0..16)
        .map(|i| if i < 8 { 20.0 } else { 26.0 } + noise(i))
        .collect();
    // A regression undone 12 builds later. (With 8-record segments, E-Divisive's
    // first split, 8 against the 16 others, is not significant, in Otava too.)
    let recovered: Vec<f64> = (0..36)
        .map(|i| if (12..24).contains(&i) { 26.0 } else { 20.0 } + noise(i))
        .collect();
    for (series, values) in [("bad", &regressed), ("fixed", &recovered)] {
        let f = csv_series(dir, &format!("{series}.csv"), values);
        let o = gatebench(&[
            "history",
            "import",
            "--db",
            db,
            "--series",
            series,
            f.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    let check = |series: &str, format: &str| {
        gatebench(&[
            "history",
            "check",
            "--db",
            db,
            "--series",
            series,
            "--metric",
            "latency_p99_ms",
            "--format",
            format,
        ])
    };
    let bad = check("bad", "json");
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad.stderr));
    let j = json(&bad);
    let r = &j["regressions"][0];
    assert_eq!(r["since_commit"], "c09");
    assert_eq!(r["last_good_commit"], "c08");
    let pct = r["change_pct"].as_f64().unwrap();
    assert!((29.0..31.0).contains(&pct), "{pct}");
    let (lo, hi) = (
        r["interval_pct"][0].as_f64().unwrap(),
        r["interval_pct"][1].as_f64().unwrap(),
    );
    assert!(lo < pct && pct < hi, "{lo} {pct} {hi}");
    let fixed = check("fixed", "table");
    assert_eq!(fixed.status.code(), Some(0), "{}", text(&fixed.stdout));
    assert!(text(&fixed.stdout).starts_with("ok: no regression in force"));
    // Analyze still shows both changes of the recovered series.
    let a = gatebench(&[
        "history",
        "analyze",
        "--db",
        db,
        "--series",
        "fixed",
        "--metric",
        "latency_p99_ms",
        "--format",
        "json",
    ]);
    let dirs: Vec<String> = json(&a)["series"][0]["change_points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{}:{}", c["index"], c["direction"].as_str().unwrap()))
        .collect();
    assert_eq!(dirs, ["12:regressed", "24:improved"]);
    // JUnit and Markdown, as compare has them.
    let junit = text(&check("bad", "junit").stdout);
    assert!(
        junit.contains(
            "<testcase name=\"bad latency_p99_ms\"><failure message=\"bad latency_p99_ms: +"
        ),
        "{junit}"
    );
    assert!(text(&check("bad", "markdown").stdout).starts_with("**Regressed**"));
    // Bad input: exit 2, naming what was wrong.
    let unknown = check("nope", "table");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("--series `nope`: no record in that series"));
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for backend in Backend::all(dir.path()) {
        two_writers_on(&backend);
    }
}

fn two_writers_on(backend: &Backend) {
    let db = backend.db("shared");
    let file = crate::common::fixture("wrk/with-latency.txt");
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let (db, file) = (db.clone(), file.clone());
            std::thread::spawn(move || {
                for i in 0..15 {
                    let o = gatebench(&[
                        "history",
                        "record",
                        "--db",
                        &db,
                        "--series",
                        &format!("writer{w}"),
                        "--commit",
                        &format!("{i}"),
                        file.to_str().unwrap(),
                    ]);
                    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let list = json(&gatebench(&[
        "history", "list", "--db", &db, "--format", "json",
    ]));
    let counts: Vec<u64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["records"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [15, 15]);
}

#[test]
fn a_foreign_database_and_a_newer_schema_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for backend in Backend::all(dir.path()) {
        refused_on(&backend);
    }
}

fn refused_on(backend: &Backend) {
    let foreign = backend.db("other_program");
    backend.sql(&foreign, "CREATE TABLE invoices (id INTEGER)");
    let newer = backend.db("newer");
    let o = gatebench(&["history", "list", "--db", &newer]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "a new database gets the schema: {}",
        text(&o.stderr)
    );
    backend.sql(
        &newer,
        "UPDATE gatebench_history SET value = '99' WHERE key = 'schema_version'",
    );
    let file = crate::common::fixture("wrk/with-latency.txt");
    for (db, expected) in [
        (&foreign, "not a gatebench history"),
        (
            &newer,
            "written by a newer gatebench (history schema 99; this one reads 1)",
        ),
    ] {
        let o = gatebench(&[
            "history",
            "record",
            "--db",
            db,
            "--series",
            "x",
            file.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2));
        let err = text(&o.stderr);
        // A URL is named without its query; a file by its path.
        let name = db.split('?').next().unwrap();
        assert!(err.contains(name) && err.contains(expected), "{err}");
    }
    let tables = match backend {
        Backend::Sqlite(_) => "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
        Backend::Postgres(_) => {
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        }
    };
    assert_eq!(
        backend.count(&foreign, tables),
        1,
        "the foreign database is left as it was"
    );
}

/// `gatebench run --record DB --series NAME`: each cell's rounds in NAME/CELL; a
/// history that cannot be used is refused before anything runs.
#[test]
fn an_experiment_records_its_runs() {
    let _load = crate::common::load_lock::exclusive();
    let server = HttpServer::fixed(1);
    let dir = tempfile::tempdir().unwrap();
    let exp = dir.path().join("e.toml");
    std::fs::write(
        &exp,
        format!(
            "tool = \"hey\"\nduration = \"1s\"\nconnections = 2\nrounds = 2\nseed = 1\n\
             [[target]]\nname = \"api\"\nurl = \"{}\"\n",
            server.url()
        ),
    )
    .unwrap();
    let db = dir.path().join("runs.db");
    let o = gatebench(&[
        "run",
        exp.to_str().unwrap(),
        "--record",
        db.to_str().unwrap(),
        "--series",
        "nightly",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("recorded 2 run(s)"),
        "{}",
        text(&o.stderr)
    );
    let list = json(&gatebench(&[
        "history",
        "list",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(list[0]["name"], "nightly/api");
    assert_eq!(list[0]["records"], 2);
    // hey's per-request runs keep their histograms.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let with: i64 = conn
        .query_row(
            "SELECT count(*) FROM records WHERE histogram IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(with, 2);
    // The same from the file's `[record]`, its db relative to the file's folder.
    let with_key = dir.path().join("k.toml");
    std::fs::write(
        &with_key,
        std::fs::read_to_string(&exp).unwrap()
            + "[record]\ndb = \"from-file.db\"\nseries = \"keyed\"\n",
    )
    .unwrap();
    let o = gatebench(&["run", with_key.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let keyed = dir.path().join("from-file.db");
    let list = json(&gatebench(&[
        "history",
        "list",
        "--db",
        keyed.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(list[0]["name"], "keyed/api");
    let refused = gatebench(&[
        "run",
        exp.to_str().unwrap(),
        "--out",
        dir.path().join("o2").to_str().unwrap(),
        "--record",
        "/nonexistent/dir/h.db",
        "--series",
        "x",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(!dir.path().join("o2").exists(), "nothing ran");
}

/// `report --history DB`: a History section with the regression in force, the
/// change points and each series' trend (when a renderer draws charts).
#[test]
fn a_report_shows_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let values: Vec<f64> = (0..24)
        .map(|i| if i < 12 { 20.0 } else { 26.0 } + [0.0, 0.3, -0.2, 0.1, -0.3, 0.2][i % 6])
        .collect();
    let csv = csv_series(dir.path(), "api.csv", &values);
    let db = dir.path().join("h.db");
    let db = db.to_str().unwrap();
    let o = gatebench(&[
        "history",
        "import",
        "--db",
        db,
        "--series",
        "api",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = dir.path().join("r.md");
    let o = gatebench(&[
        "report",
        crate::common::fixture("wrk/with-latency.txt")
            .to_str()
            .unwrap(),
        "--history",
        db,
        "--format",
        "markdown",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let md = std::fs::read_to_string(&out).unwrap();
    let history = &md[md.find("## History").expect("a History section")..];
    assert!(history.contains("1 regression(s) in force"), "{history}");
    assert!(
        history.contains("api latency_p99_ms: +") && history.contains("since c13"),
        "{history}"
    );
    assert!(history.contains("| api | latency_p99_ms |"), "{history}");
    let chart = dir.path().join("r-history-api__latency_p99_ms.svg");
    let svg = std::fs::read_to_string(&chart).unwrap();
    gatebench::parse_svg(&svg).unwrap();
    assert!(
        history.contains("(r-history-api__latency_p99_ms.svg)"),
        "{history}"
    );
}

/// The bundled sample history (`sample-data/history/make.sh`: ten builds of real
/// loopback runs, the function stand-in 10 ms slower from build-04 on, the HTTP
/// proxy's own 2 ms hop gone from build-08 on): `history analyze` finds exactly
/// those two changes, and none in the door that never changed.
#[test]
fn the_sample_history_holds_its_known_changes() {
    let db =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/history/history.db");
    let out = crate::common::gatebench(&[
        "history",
        "analyze",
        "--db",
        db.to_str().unwrap(),
        "--metric",
        "latency_p99_ms",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", crate::common::text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<(String, String, String)> = Vec::new();
    for s in json["series"].as_array().unwrap() {
        for c in s["change_points"].as_array().unwrap() {
            found.push((
                s["name"].as_str().unwrap().to_owned(),
                c["commit"].as_str().unwrap().to_owned(),
                c["direction"].as_str().unwrap().to_owned(),
            ));
        }
    }
    found.sort();
    assert_eq!(
        found,
        [
            (
                "loopback/apigw-http-proxy".into(),
                "build-08".into(),
                "improved".into()
            ),
            (
                "loopback/apigw-lambda-512".into(),
                "build-04".into(),
                "regressed".into()
            ),
        ]
    );
    // Its CSV export beside it holds the same records.
    let csv = std::fs::read_to_string(db.with_file_name("history.csv")).unwrap();
    assert_eq!(
        csv.lines().count() - 1,
        60,
        "10 builds x 3 doors x 2 rounds"
    );
}

/// A PostgreSQL server that cannot be reached is named as such: the history
/// failed to connect, and why, with the password never shown.
#[test]
fn a_postgres_that_cannot_be_reached_fails_to_connect() {
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let url = format!("postgres://ci:s3cret@127.0.0.1:{port}/perf");
    let o = gatebench(&["history", "list", "--db", &url]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "postgres://ci@127.0.0.1:{port}/perf: failed to connect: "
        )),
        "{err}"
    );
    assert!(err.contains("onnection refused"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
}
