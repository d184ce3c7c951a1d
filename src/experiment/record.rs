//! An experiment's finished runs recorded in a history (`[record]` in the file, or
//! `gatebench run --record DB --series NAME`): each cell a series of its own
//! (`NAME/CELL`), its rounds that series' records. The command line and the
//! Experiments tab both record through here.

use crate::history::record::{self, Context};
use crate::history::{self, Store};
use crate::model::Run;

/// Where the runs go, opened before anything runs: a history that cannot be used is
/// said first, not after the load.
pub struct Recording {
    store: Box<dyn Store>,
    pub db: String,
    pub series: String,
    commit: Option<String>,
    branch: Option<String>,
}

impl Recording {
    /// Opens `db` for series `series`; the records name `commit` and `branch`.
    pub fn open(
        db: &str,
        series: &str,
        commit: Option<String>,
        branch: Option<String>,
    ) -> Result<Recording, String> {
        let store = history::open(db).map_err(|e| e.to_string())?;
        Ok(Recording {
            store,
            db: db.to_owned(),
            series: series.to_owned(),
            commit,
            branch,
        })
    }

    /// The file's `[record]`, if it has one.
    pub fn of_file(experiment: &super::Experiment) -> Result<Option<Recording>, String> {
        experiment
            .record
            .as_ref()
            .map(|r| Recording::open(&r.db, &r.series, None, None))
            .transpose()
    }

    /// Records `runs` (an experiment's, each with its cell as group); gives how many.
    pub fn record(&mut self, runs: &[Run]) -> Result<usize, String> {
        let now = chrono::Utc::now().timestamp_millis();
        let records: Vec<_> = runs
            .iter()
            .flat_map(|run| {
                let context = Context {
                    series: record::series_of(&self.series, run),
                    commit: self.commit.clone(),
                    branch: self.branch.clone(),
                    ..Default::default()
                };
                record::records(std::slice::from_ref(run), &context, now)
            })
            .collect();
        let ids = self.store.insert(&records).map_err(|e| e.to_string())?;
        Ok(ids.len())
    }

    /// "recorded 6 run(s) in runs.db (series nightly/<cell>)".
    pub fn said(&self, n: usize) -> String {
        format!(
            "recorded {n} run(s) in {} (series {}/<cell>)",
            self.db, self.series
        )
    }
}
