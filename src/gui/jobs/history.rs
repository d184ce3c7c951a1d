//! Reading a history database off the UI thread: a PostgreSQL server may be slow
//! to answer, and a large SQLite file takes a moment.

use super::{Done, Job, JobContext, JobKind};

pub struct LoadHistory {
    pub db: String,
}

impl Job for LoadHistory {
    fn kind(&self) -> JobKind {
        JobKind::ReadingHistory
    }

    fn run(self: Box<Self>, _cx: &JobContext) -> Vec<Done> {
        let records = crate::history::open(&self.db)
            .and_then(|mut store| store.records(&Default::default()))
            .map_err(|e| e.to_string());
        vec![Done::HistoryLoaded(self.db, records)]
    }
}
