//! What a running experiment tells whoever runs it (the terminal, the Experiments
//! tab, a test), and how it is asked to stop.

use std::time::Duration;

use super::manifest::{GeneratorCheck, RunRecord};
use super::plan::Cell;
use super::stop_rule::Widest;
use crate::analysis::origin::Origin;
use crate::model::Run;

/// What the runner reports as it goes, and how it is asked to stop.
pub trait Observer {
    fn event(&mut self, event: Event);
    /// True once the user asked to stop (Ctrl+C, the window's Stop). Asking
    /// changes nothing.
    fn stop_requested(&self) -> bool;
}

#[derive(Debug, Clone)]
pub enum Event {
    /// `setup` or `teardown` is running.
    Shell { what: &'static str, command: String },
    /// A tool starts: the warm-up or the measured run of a cell.
    Starting {
        round: u32,
        /// The rounds planned so far: `min`, or `max` with a stop rule once past
        /// `min`.
        rounds: u32,
        position: u32,
        cells: u32,
        cell: String,
        warmup: bool,
        /// How long the tool is set to run.
        seconds: f64,
    },
    /// A measured run ended; `runs` are what its file holds (empty unless `ok`).
    Ended {
        record: Box<RunRecord>,
        runs: Vec<(Run, Origin)>,
    },
    /// A round ended; `widest` is the stop rule's widest interval so far.
    RoundEnded { round: u32, widest: Option<Widest> },
    /// The generators passed their checks: each one's tools and clock. Not sent
    /// for a run on this machine alone.
    Generators(Vec<GeneratorCheck>),
    /// A generator's part of the current run changed state.
    Generator { name: String, state: GeneratorState },
}

/// Where a generator is in the current run.
#[derive(Debug, Clone, PartialEq)]
pub enum GeneratorState {
    /// Its files are in place; it waits for the agreed start.
    Ready,
    /// Its tool started, set to run this long.
    Running {
        seconds: f64,
    },
    Done,
    /// It dropped out of the run, for this reason.
    Lost(String),
}

/// Where a run is in the schedule.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub round: u32,
    pub rounds: u32,
    pub position: u32,
    pub cells: u32,
}

impl Place {
    /// The event of `cell`'s tool starting here for `duration`.
    pub fn starting(self, cell: &Cell, warmup: bool, duration: Duration) -> Event {
        Event::Starting {
            round: self.round,
            rounds: self.rounds,
            position: self.position,
            cells: self.cells,
            cell: cell.name.clone(),
            warmup,
            seconds: duration.as_secs_f64(),
        }
    }
}
