//! What the window keeps between sessions: the serde `AppState`, apart from the
//! transient jobs and widgets of [`super::GatebenchApp`]. The panels that have
//! settings worth keeping are part of it. eframe stores it on close and gives it back
//! on start.

use serde::{Deserialize, Serialize};

use super::advisor_panel::AdvisorPanel;
use super::charts_panel::ChartsPanel;
use super::planner_panel::PlannerPanel;

/// The two halves of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Results,
    Planner,
    Advisor,
}

/// The colour theme the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Follow the system theme",
            Theme::Light => "Light theme",
            Theme::Dark => "Dark theme",
        }
    }

    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Theme::System => egui::ThemePreference::System,
            Theme::Light => egui::ThemePreference::Light,
            Theme::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// Everything a user would want back when the window opens again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppState {
    pub tab: Tab,
    /// The chart shown, and its views: what exports reproduce.
    pub charts: ChartsPanel,
    pub planner: PlannerPanel,
    pub advisor: AdvisorPanel,
    pub theme: Theme,
}
