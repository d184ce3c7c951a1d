//! The words the window's parts share, below all of them: the tabs, the themes,
//! what Start experiment carries, and what a file dialog is for and answered.
//! Panels say them in commands, jobs bring them back, the app acts on them;
//! nothing here imports another file of the window.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::import;
use crate::report::Output;

/// The two halves of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Results,
    Planner,
    Advisor,
    Experiments,
    History,
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

/// What a file dialog is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    /// Result files (or workspaces), read as these options say.
    Open(import::Options),
    OpenWorkspace,
    SaveWorkspace,
    ExportReport(Output),
    /// Where the chart shown goes: PNG, or SVG when `file_name` ends in `.svg`.
    ExportChart {
        file_name: String,
    },
    /// The new place of a workspace's missing source.
    Locate(usize),
    /// Server logs to pair with this client run (*Server logs…*).
    ServerLogs(crate::analysis::run_set::RunId),
}

/// What the dialog answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub purpose: Purpose,
    /// `None`: cancelled, or no dialog could be shown.
    pub paths: Option<Vec<PathBuf>>,
    pub open_for: Duration,
}

impl Answer {
    /// True when "nothing picked" came too fast for a person: no dialog was shown
    /// (it needs xdg-desktop-portal or zenity).
    pub fn no_dialog(&self) -> bool {
        self.paths.is_none() && self.open_for < Duration::from_millis(300)
    }
}

/// What Start asks the app to do.
#[derive(Debug, Clone)]
pub struct StartExperiment {
    pub path: PathBuf,
    pub text: String,
    pub out: PathBuf,
    pub resume: bool,
}
