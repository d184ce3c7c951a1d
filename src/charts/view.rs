//! What the user changed in a chart's view: legend entries switched off, and the
//! visible range after a pan or zoom. Kept by the window and handed to the exporter,
//! so that a PNG shows what the window shows. Free of egui.

use std::collections::{BTreeMap, BTreeSet};

/// The view of one plot.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlotView {
    /// Names of the legend entries switched off.
    pub hidden: BTreeSet<String>,
    /// `[x_min, x_max, y_min, y_max]` after the user panned or zoomed; `None` while
    /// the plot fits its data.
    pub bounds: Option<[f64; 4]>,
}

/// The views of every plot, by plot id (a chart may hold several plots).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ChartViews {
    pub plots: BTreeMap<String, PlotView>,
    /// Latency on a log axis in the charts that offer one (spectrum, tiers, time
    /// series). Not undone by a reset.
    #[serde(default)]
    pub log_latency: bool,
    /// The confidence and noise threshold of the intervals and verdicts drawn.
    #[serde(default)]
    pub settings: crate::analysis::compare::Settings,
    /// Counts resets: part of each plot's egui id, so that a reset also clears what
    /// egui_plot remembers.
    #[serde(skip)]
    pub generation: u64,
}

/// Whether a view is being read from the window or applied to an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewMode {
    /// The window: the user's clicks, drags and zooms update the views.
    Window,
    /// An export: the views are applied as they are, bounds included.
    Export,
}

impl ChartViews {
    /// The view of plot `id` (the default view until the user changes it).
    pub fn plot_mut(&mut self, id: &str) -> &mut PlotView {
        self.plots.entry(id.to_owned()).or_default()
    }

    /// Forgets every change: all entries shown, every plot fitted to its data.
    pub fn reset(&mut self) {
        self.plots.clear();
        self.generation += 1;
    }

    /// True when nothing differs from the default views.
    pub fn is_default(&self) -> bool {
        self.plots.values().all(|v| v == &PlotView::default())
    }

    /// These views without the plots that are as drawn by default (the window adds
    /// one for every plot it shows): what is worth saving.
    pub fn kept(&self) -> ChartViews {
        let mut kept = self.clone();
        kept.plots.retain(|_, v| v != &PlotView::default());
        kept
    }
}
