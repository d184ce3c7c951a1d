//! Reading a history database off the UI thread: a PostgreSQL server may be slow
//! to answer, and a large SQLite file takes a moment.

use super::{Job, JobContext};
use crate::gui::commands::Command;

pub struct LoadHistory {
    pub db: String,
}

impl Job for LoadHistory {
    fn name(&self) -> &'static str {
        "Reading the history"
    }

    fn run(self: Box<Self>, _cx: &JobContext) -> Vec<Command> {
        let records = crate::history::open(&self.db)
            .and_then(|mut store| store.records(&Default::default()))
            .map_err(|e| e.to_string());
        vec![Command::HistoryLoaded(self.db, records)]
    }
}
