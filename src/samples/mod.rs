//! Per-request samples gathered into runs: one [`RunAccumulator`] per run (a latency
//! histogram, exact moments and a per-second series) and [`Labelled`], one accumulator
//! per label for files that mix several runs. Importers of per-request files feed
//! these from the block reader ([`crate::blocks`]); they know nothing of file formats.

mod accumulator;
pub mod histogram;
mod labelled;
pub mod steady;
mod time_bins;

pub use accumulator::{Outcome, RunAccumulator, RunMeta};
pub use histogram::{latency_histogram, summary_of};
pub use labelled::Labelled;
