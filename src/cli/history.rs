//! `gatebench history record|list|analyze|check|export`: every run kept in a
//! database, change points across builds, and the CI gate that says since when.

use std::io::Write;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::Failure;
use crate::history::analyze::{self, SeriesAnalysis};
use crate::history::change_points::Params;
use crate::history::check::{self, Regression};
use crate::history::{self, Filter, Metric, Store};

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub command: HistoryCommand,
}

/// Where the history is: `--db`, else `GATEBENCH_HISTORY`.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArg {
    /// The history: a SQLite file (created when missing) or a postgres:// URL.
    #[arg(long, env = "GATEBENCH_HISTORY")]
    pub db: String,
}

#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Record the runs of FILES (result files or workspaces) in series NAME (a file
    /// with several runs: NAME/LABEL, one series per label or group).
    Record(RecordArgs),
    /// The series, with their number of records and first and last times.
    List {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Change points of each series and metric (E-Divisive means with a t-test, as
    /// Apache Otava; docs/history-method.md).
    Analyze(AnalyzeArgs),
    /// The CI gate: exit 1 when the newest segment of a metric is a regression beyond
    /// the noise threshold that no later change undid; says since which record.
    Check(AnalyzeArgs),
    /// Records from a CSV as `export` writes it (a `time` column, optional `series`,
    /// `commit`, `branch`, a column per metric): another history, or Otava's data.
    Import {
        #[command(flatten)]
        db: DbArg,
        /// The series of rows without a `series` column.
        #[arg(long)]
        series: Option<String>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Every record as CSV (time, series, commit, branch, every metric), readable
    /// by Apache Otava's CSV importer.
    Export {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    Table,
    Json,
    /// For a CI job summary or a pull-request comment.
    Markdown,
    Csv,
    /// JUnit XML (check): one test case per series and metric.
    Junit,
}

#[derive(Debug, clap::Args)]
pub struct RecordArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// The series the runs belong to (a benchmark on a testbed, say).
    #[arg(long)]
    pub series: String,
    #[arg(long)]
    pub commit: Option<String>,
    #[arg(long)]
    pub branch: Option<String>,
    /// When the runs ran (RFC 3339); default: the run's own start time where the
    /// file has one, else now.
    #[arg(long)]
    pub at: Option<String>,
    /// KEY=VALUE, repeatable.
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    #[command(flatten)]
    pub read: super::ReadArgs,
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Only these series (repeatable); default: all.
    #[arg(long)]
    pub series: Vec<String>,
    /// Only these metrics (repeatable): throughput_rps, latency_mean_ms,
    /// latency_p50_ms, latency_p90_ms, latency_p99_ms, error_rate. Default: all.
    #[arg(long, value_parser = metric_name)]
    pub metric: Vec<Metric>,
    /// Only records at or after this time (RFC 3339).
    #[arg(long)]
    pub since: Option<String>,
    /// Only records at or before this time (RFC 3339).
    #[arg(long)]
    pub until: Option<String>,
    /// The largest p-value of a change point.
    #[arg(long, default_value_t = 0.001)]
    pub p_value: f64,
    /// Changes smaller than this (percent) are no change.
    #[arg(long, default_value_t = 2.0)]
    pub noise: f64,
    /// The fewest records of a segment: one noisy run is never a change.
    #[arg(long, default_value_t = 3)]
    pub min_segment: usize,
    /// Points per sliding window.
    #[arg(long, default_value_t = 50)]
    pub window: usize,
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Table)]
    pub format: AnalyzeFormat,
}

pub fn metric_name(s: &str) -> Result<Metric, String> {
    Metric::by_name(s).ok_or_else(|| {
        let names: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
        format!("`{s}` is not a metric; one of {}", names.join(", "))
    })
}

fn open(db: &DbArg) -> Result<Box<dyn Store>, Failure> {
    history::open(&db.db).map_err(|e| Failure::bad_input(e.to_string()))
}

fn stored(e: history::HistoryError) -> Failure {
    Failure::Failed(e.to_string())
}

pub fn run(args: &HistoryArgs, out: &mut dyn Write) -> Result<(), Failure> {
    match &args.command {
        HistoryCommand::Record(a) => record(a, out),
        HistoryCommand::List { db, format } => list(db, *format, out),
        HistoryCommand::Analyze(a) => analyze_cmd(a, out),
        HistoryCommand::Check(a) => check_cmd(a, out),
        HistoryCommand::Import { db, series, files } => {
            let mut records = Vec::new();
            for f in files {
                let text = std::fs::read_to_string(f).map_err(|e| {
                    Failure::bad_input(format!("{}: cannot read: {e}", f.display()))
                })?;
                records.extend(
                    history::import_csv::read(&text, &f.display().to_string(), series.as_deref())
                        .map_err(Failure::bad_input)?,
                );
            }
            let ids = open(db)?.insert(&records).map_err(stored)?;
            writeln!(out, "{}: {} record(s) imported", db.db, ids.len()).map_err(Failure::stdout)
        }
        HistoryCommand::Export { db, .. } => {
            let records = open(db)?.records(&Filter::default()).map_err(stored)?;
            let bytes =
                history::export::csv(&records).map_err(|e| Failure::Failed(e.to_string()))?;
            out.write_all(&bytes).map_err(Failure::stdout)
        }
    }
}

fn record(a: &RecordArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let mut tags = std::collections::BTreeMap::new();
    for t in &a.tags {
        let (k, v) = t
            .split_once('=')
            .filter(|(k, _)| !k.is_empty())
            .ok_or_else(|| Failure::bad_input(format!("--tag `{t}`: expected KEY=VALUE")))?;
        tags.insert(k.to_owned(), v.to_owned());
    }
    let at_ms =
        a.at.as_deref()
            .map(history::parse_time)
            .transpose()
            .map_err(|e| Failure::bad_input(format!("--at: {e}")))?;
    let context = history::record::Context {
        series: a.series.clone(),
        commit: a.commit.clone(),
        branch: a.branch.clone(),
        at_ms,
        tags,
    };
    // Every file is read before anything is written: bad input records nothing.
    let now = chrono::Utc::now().timestamp_millis();
    let mut records = Vec::new();
    for file in &a.files {
        let runs = super::load::runs_with(std::slice::from_ref(file), &a.read)?;
        records.extend(history::record::records(&runs, &context, now));
    }
    let mut store = open(&a.db)?;
    let ids = store.insert(&records).map_err(stored)?;
    let mut series: Vec<&str> = records.iter().map(|r| r.series.as_str()).collect();
    series.sort_unstable();
    series.dedup();
    writeln!(
        out,
        "{}: {} record(s) in {}",
        a.db.db,
        ids.len(),
        series.join(", ")
    )
    .map_err(Failure::stdout)
}

fn list(db: &DbArg, format: ListFormat, out: &mut dyn Write) -> Result<(), Failure> {
    let series = open(db)?.series().map_err(stored)?;
    let text = match format {
        ListFormat::Json => serde_json::to_string_pretty(&series).unwrap_or_default() + "\n",
        ListFormat::Table => {
            let rows: Vec<Vec<String>> = series
                .iter()
                .map(|s| {
                    vec![
                        s.name.clone(),
                        s.records.to_string(),
                        s.first.clone(),
                        s.last.clone(),
                    ]
                })
                .collect();
            super::text_table::render(
                &["series", "records", "first", "last"].map(String::from),
                &[false, true, false, false],
                &rows,
            )
        }
    };
    out.write_all(text.as_bytes()).map_err(Failure::stdout)
}

/// The records and analyses `a` asks for.
fn analyses(a: &AnalyzeArgs) -> Result<(Vec<history::Record>, Vec<SeriesAnalysis>), Failure> {
    let time = |t: &Option<String>, flag: &str| {
        t.as_deref()
            .map(history::parse_time)
            .transpose()
            .map_err(|e| Failure::bad_input(format!("{flag}: {e}")))
    };
    if !(0.0..1.0).contains(&a.p_value) || a.p_value == 0.0 {
        return Err(Failure::bad_input(
            "--p-value: expected a number between 0 and 1",
        ));
    }
    if a.window < 2 {
        return Err(Failure::bad_input("--window: expected 2 points or more"));
    }
    let filter = Filter {
        series: a.series.clone(),
        since_ms: time(&a.since, "--since")?,
        until_ms: time(&a.until, "--until")?,
    };
    let records = open(&a.db)?.records(&filter).map_err(stored)?;
    if let Some(missing) = a
        .series
        .iter()
        .find(|s| !records.iter().any(|r| &r.new.series == *s))
    {
        return Err(Failure::bad_input(format!(
            "--series `{missing}`: no record in that series{}",
            if filter.since_ms.is_some() || filter.until_ms.is_some() {
                " in that time range"
            } else {
                ""
            }
        )));
    }
    let metrics = if a.metric.is_empty() {
        Metric::ALL.to_vec()
    } else {
        a.metric.clone()
    };
    let params = Params {
        window: a.window,
        p_value: a.p_value,
        min_magnitude: a.noise / 100.0,
        min_segment: a.min_segment.max(1),
    };
    let analyses = analyze::analyze(&records, &metrics, &params);
    Ok((records, analyses))
}

fn analyze_cmd(a: &AnalyzeArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let (_, analyses) = analyses(a)?;
    let text = match a.format {
        AnalyzeFormat::Json => {
            serde_json::to_string_pretty(&serde_json::json!({ "series": analyses }))
                .unwrap_or_default()
                + "\n"
        }
        AnalyzeFormat::Csv => analyze_csv(&analyses),
        AnalyzeFormat::Markdown => analyze_markdown(&analyses),
        AnalyzeFormat::Table | AnalyzeFormat::Junit => analyze_table(&analyses),
    };
    out.write_all(text.as_bytes()).map_err(Failure::stdout)
}

/// One row per change point.
fn change_rows(analyses: &[SeriesAnalysis]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for s in analyses {
        for c in &s.change_points {
            rows.push(vec![
                s.name.clone(),
                s.metric.to_owned(),
                c.index.to_string(),
                c.at.clone(),
                c.commit.clone().unwrap_or_default(),
                s.kind.show(c.before.mean),
                s.kind.show(c.after.mean),
                crate::format::signed_pct(c.change_pct),
                format!("{:.2e}", c.p_value),
                c.direction.to_owned(),
            ]);
        }
    }
    rows
}

const CHANGE_HEADER: [&str; 10] = [
    "series",
    "metric",
    "index",
    "at",
    "commit",
    "before",
    "after",
    "change",
    "p",
    "direction",
];

fn analyze_table(analyses: &[SeriesAnalysis]) -> String {
    let rows = change_rows(analyses);
    let mut out = if rows.is_empty() {
        "no change point\n".to_owned()
    } else {
        super::text_table::render(
            &CHANGE_HEADER.map(String::from),
            &[
                false, false, true, false, false, true, true, true, true, false,
            ],
            &rows,
        )
    };
    let points: usize = analyses.iter().map(|a| a.points).sum();
    out += &format!(
        "{} series x metric, {points} points, {} change point(s)\n",
        analyses.len(),
        analyses
            .iter()
            .map(|a| a.change_points.len())
            .sum::<usize>()
    );
    out
}

fn analyze_markdown(analyses: &[SeriesAnalysis]) -> String {
    let rows = change_rows(analyses);
    if rows.is_empty() {
        return "No change point.\n".into();
    }
    let mut out = format!(
        "| {} |\n|{}\n",
        CHANGE_HEADER.join(" | "),
        "---|".repeat(10)
    );
    for r in rows {
        out += &format!("| {} |\n", r.join(" | ").replace('\n', " "));
    }
    out
}

fn analyze_csv(analyses: &[SeriesAnalysis]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CHANGE_HEADER);
    for r in change_rows(analyses) {
        let _ = w.write_record(&r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn check_cmd(a: &AnalyzeArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let (records, analyses) = analyses(a)?;
    let found = check::regressions(&analyses, &records, a.noise, 0.95);
    let text = match a.format {
        AnalyzeFormat::Json => {
            serde_json::to_string_pretty(&serde_json::json!({
                "regressed": !found.is_empty(),
                "regressions": found,
                "checked": analyses.iter().map(|s| serde_json::json!({"series": s.name, "metric": s.metric, "points": s.points})).collect::<Vec<_>>(),
            }))
            .unwrap_or_default()
                + "\n"
        }
        AnalyzeFormat::Markdown => check_markdown(&found, &analyses),
        AnalyzeFormat::Junit => check_junit(&found, &analyses),
        AnalyzeFormat::Table | AnalyzeFormat::Csv => check_table(&found, &analyses),
    };
    out.write_all(text.as_bytes()).map_err(Failure::stdout)?;
    if found.is_empty() {
        Ok(())
    } else {
        Err(Failure::CheckFailed(format!(
            "{} metric(s) regressed",
            found.len()
        )))
    }
}

fn check_table(found: &[Regression], analyses: &[SeriesAnalysis]) -> String {
    if found.is_empty() {
        return format!(
            "ok: no regression in force ({} series x metric checked)\n",
            analyses.len()
        );
    }
    let mut out = String::from("REGRESSED\n");
    for r in found {
        out += &format!("  {}\n", r.sentence());
    }
    out
}

fn check_markdown(found: &[Regression], analyses: &[SeriesAnalysis]) -> String {
    if found.is_empty() {
        return format!(
            "**No regression in force** ({} series x metric checked).\n",
            analyses.len()
        );
    }
    let mut out = String::from("**Regressed**\n\n");
    for r in found {
        out += &format!("- {}\n", r.sentence());
    }
    out
}

fn check_junit(found: &[Regression], analyses: &[SeriesAnalysis]) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"gatebench history check\" tests=\"{}\" failures=\"{}\">\n",
        analyses.len(),
        found.len()
    );
    for s in analyses {
        let name = esc(&format!("{} {}", s.name, s.metric));
        match found
            .iter()
            .find(|r| r.series == s.name && r.metric == s.metric)
        {
            Some(r) => {
                out += &format!(
                    "  <testcase name=\"{name}\"><failure message=\"{}\"/></testcase>\n",
                    esc(&r.sentence())
                )
            }
            None => out += &format!("  <testcase name=\"{name}\"/>\n"),
        }
    }
    out + "</testsuite>\n"
}
