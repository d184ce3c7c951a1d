//! What the window keeps between sessions: the serde `AppState`, apart from the
//! transient jobs and widgets of [`super::GatebenchApp`]. The panels that have
//! settings worth keeping are part of it. eframe stores it on close and gives it back
//! on start.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::advisor_panel::AdvisorPanel;
use super::charts_panel::ChartsPanel;
use super::planner_panel::PlannerPanel;
use super::vocabulary::{Tab, Theme};
use crate::capacity::cost::Prices;
use crate::capacity::form::PlannerForm;
use crate::charts::ChartKind;
use crate::charts::view::{ChartViews, PlotView};

/// Everything a user would want back when the window opens again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppState {
    pub tab: Tab,
    /// The Experiments tab: its file and output folder.
    pub experiments: super::experiments_panel::ExperimentsPanel,
    /// The History tab: its database, series and metric.
    pub history: super::history_panel::HistoryPanel,
    /// The chart shown, and its views: what exports reproduce.
    pub charts: ChartsPanel,
    pub planner: PlannerPanel,
    pub advisor: AdvisorPanel,
    pub theme: Theme,
    /// Recent files and what was open when the window closed.
    pub session: Session,
}

/// What the window had open, and what it opened lately. Kept by eframe, not in
/// workspaces.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    /// Workspaces and result files, the newest first.
    pub recent: Vec<PathBuf>,
    /// The workspace open when the window closed.
    pub last_workspace: Option<PathBuf>,
    /// Else the result files open when it closed.
    pub last_files: Vec<PathBuf>,
}

impl Session {
    /// The most recent entries kept.
    pub const RECENT: usize = 10;

    /// What to open when the window starts with no files named: the last workspace,
    /// else the last files that still exist, else the sample data.
    pub fn to_reopen(&self) -> Vec<PathBuf> {
        if let Some(w) = self.last_workspace.as_ref().filter(|w| w.is_file()) {
            return vec![w.clone()];
        }
        let files: Vec<PathBuf> = self
            .last_files
            .iter()
            .filter(|f| f.is_file())
            .cloned()
            .collect();
        if !files.is_empty() {
            return files;
        }
        crate::import::inputs::sample_results()
            .into_iter()
            .collect()
    }

    /// Puts `path` first among the recent files.
    pub fn opened(&mut self, path: &std::path::Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(Self::RECENT);
    }
}

/// What a workspace keeps of the window beyond the core's parts (runs, views,
/// planner inputs, prices): its `window` field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WindowState {
    pub tab: Tab,
    pub theme: Theme,
    /// The chart shown.
    pub chart: ChartKind,
    /// The advisor's inputs.
    pub advisor: AdvisorPanel,
    /// The zoom of the planner's chart.
    pub planner_chart: PlotView,
}

/// What a workspace keeps beyond the runs, as it is now: compared with what was
/// last saved (a few small structs, no file or JSON) to tell unsaved changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    pub views: ChartViews,
    pub planner: PlannerForm,
    pub prices: Prices,
    pub window: WindowState,
}

impl Kept {
    /// The workspace's `window` field.
    pub fn window_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.window).unwrap_or_default()
    }
}

impl AppState {
    /// What a workspace keeps of this state.
    pub fn kept(&self) -> Kept {
        let mut advisor = self.advisor.clone();
        // A URL being pasted is not part of the analysis.
        advisor.url.clear();
        Kept {
            views: self.charts.views.kept(),
            planner: self.planner.form.clone(),
            prices: self.planner.prices.clone(),
            window: WindowState {
                tab: self.tab,
                theme: self.theme,
                chart: self.charts.chart,
                advisor,
                planner_chart: self.planner.chart_view.clone(),
            },
        }
    }

    /// Takes back what a workspace keeps: its parts and its `window` field (a
    /// `window` that does not parse leaves the window's own settings as they are).
    pub fn restore(&mut self, ws: &crate::workspace::Workspace) {
        self.charts.views = ws.views.clone();
        self.planner.form = ws.planner.clone();
        self.planner.prices = ws.prices.clone();
        if let Ok(w) = serde_json::from_value::<WindowState>(ws.window.clone()) {
            self.tab = w.tab;
            self.theme = w.theme;
            self.charts.chart = w.chart;
            self.advisor = w.advisor;
            self.planner.chart_view = w.planner_chart;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_newest_first_once_each_and_at_most_ten() {
        let mut s = Session::default();
        for i in 0..12 {
            s.opened(std::path::Path::new(&format!("/nowhere/{i}.gatebench")));
        }
        s.opened(std::path::Path::new("/nowhere/5.gatebench"));
        assert_eq!(s.recent.len(), Session::RECENT);
        assert_eq!(s.recent[0], PathBuf::from("/nowhere/5.gatebench"));
        assert_eq!(s.recent[1], PathBuf::from("/nowhere/11.gatebench"));
        assert_eq!(
            s.recent
                .iter()
                .filter(|p| p.ends_with("5.gatebench"))
                .count(),
            1
        );
        assert!(
            !s.recent.iter().any(|p| p.ends_with("0.gatebench")),
            "the oldest go"
        );
    }
}
