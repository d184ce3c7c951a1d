//! What the user asks for. Panels return [`Command`]s and the app applies them in one
//! place ([`super::GatebenchApp::apply`]); what background jobs bring back is
//! theirs (`jobs::Done`). A leaf: its words come from `vocabulary`, below it. The commands of the menu, the chart
//! toolbar and the keyboard are one table, [`UiCommand`], with their labels, hover
//! texts and shortcuts.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::vocabulary::{StartExperiment, Tab, Theme};
use crate::analysis::run_set::RunId;
use crate::import::{Format, FormatSettings};
use crate::model::Run;

/// Something the user asked of the app.
#[derive(Debug)]
pub enum Command {
    Ui(UiCommand),
    /// File > Open as: the dialog, then every file read as this format with these
    /// settings of its options.
    OpenAs(Format, FormatSettings),
    ShowTab(Tab),
    /// The Experiments tab's Start: save the text to its file, then run it.
    StartExperiment(Box<StartExperiment>),
    SetTheme(Theme),
    RemoveRun(RunId),
    /// A new label for a run (unique and not empty; the table checks).
    SetLabel(RunId, String),
    /// File > Open recent: a workspace or a result file.
    OpenRecent(PathBuf),
    /// Files or folders dropped on the window.
    OpenDropped(Vec<PathBuf>),
    /// Point a workspace's missing source (by its index) to a file the user picks.
    Locate(usize),
    /// The close prompt's answer.
    Close(CloseChoice),
    /// A new integration type for a run: the user's, no longer a guess.
    SetIntegration(RunId, Option<String>),
    SetMemory(RunId, Option<u32>),
    /// Keep the integration type and tier guessed from a name, as the user's own.
    ConfirmNames(RunId),
    /// *Server logs…* in a client run's row: pick logs to pair with it.
    PairServerLogs(RunId),
    /// Keep a server log's pairing guessed by time, as the user's own.
    KeepPair(RunId),
    /// Undo a server log's pairing.
    Unpair(RunId),
    /// Put a run in a group of repeats (`None`: its integration type and tier).
    SetGroup(RunId, Option<String>),
    /// The confidence and noise threshold of intervals and verdicts.
    SetSettings(crate::analysis::compare::Settings),
    PickBaseline(RunId),
    /// The History tab's Open: read the records of this database.
    OpenHistory(String),
    /// Runs made from history records, into Results (not kept in a workspace).
    AddRuns(Vec<Run>),
    /// Show every run without its transient (MSER-5's steady state), or as read.
    ExcludeWarmup(bool),
    /// Merge these runs into a new one.
    Merge(Vec<RunId>),
    DismissError(usize),
    DismissAllErrors,
    /// The runs of a pasted Power Tuning URL.
    AddUrlRuns(String, Vec<Run>),
    /// Ask background job (by its id) to stop.
    StopJob(u64),
    /// A passing message for the status bar.
    Notice(String),
    /// An error to show with the import errors.
    Error(String),
}

/// What to do with unsaved changes when the window closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseChoice {
    SaveAndClose,
    Discard,
    Cancel,
}

/// The commands of the menu, the chart toolbar and the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiCommand {
    Open,
    OpenWorkspace,
    SaveWorkspace,
    SaveWorkspaceAs,
    ExportReport,
    ExportReportMarkdown,
    OpenSampleData,
    ExportChart,
    ExportChartSvg,
    CopyChart,
    ResetView,
    RemoveAllRuns,
    Quit,
}

impl UiCommand {
    /// In the order shortcuts are tried: Ctrl+Shift+S before Ctrl+S, which would
    /// otherwise take it.
    pub const ALL: [UiCommand; 13] = [
        UiCommand::Open,
        UiCommand::OpenWorkspace,
        UiCommand::SaveWorkspaceAs,
        UiCommand::SaveWorkspace,
        UiCommand::ExportReport,
        UiCommand::ExportReportMarkdown,
        UiCommand::OpenSampleData,
        UiCommand::ExportChart,
        UiCommand::ExportChartSvg,
        UiCommand::CopyChart,
        UiCommand::ResetView,
        UiCommand::RemoveAllRuns,
        UiCommand::Quit,
    ];

    pub fn label(self) -> &'static str {
        match self {
            UiCommand::Open => "Open…",
            UiCommand::OpenWorkspace => "Open workspace…",
            UiCommand::SaveWorkspace => "Save workspace",
            UiCommand::SaveWorkspaceAs => "Save workspace as…",
            UiCommand::ExportReport => "Export report (HTML)…",
            UiCommand::ExportReportMarkdown => "Export report (Markdown)…",
            UiCommand::OpenSampleData => "Open sample data",
            UiCommand::ExportChart => "Export chart as PNG…",
            UiCommand::ExportChartSvg => "Export chart as SVG…",
            UiCommand::CopyChart => "Copy chart to clipboard",
            UiCommand::ResetView => "Reset view",
            UiCommand::RemoveAllRuns => "Remove all runs",
            UiCommand::Quit => "Quit",
        }
    }

    /// The shorter label of the chart toolbar.
    pub fn toolbar_label(self) -> &'static str {
        match self {
            UiCommand::ExportChart => "Export PNG…",
            UiCommand::ExportChartSvg => "Export SVG…",
            UiCommand::CopyChart => "Copy",
            other => other.label(),
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            UiCommand::Open => "Open result files of any supported load tool, or a workspace",
            UiCommand::OpenWorkspace => {
                "Open a .gatebench workspace: its runs, edits, views and planner"
            }
            UiCommand::SaveWorkspace => {
                "Save the runs, edits, baseline, views and planner in one .gatebench file"
            }
            UiCommand::SaveWorkspaceAs => "Save the workspace in a new file",
            UiCommand::ExportReport => {
                "Write one self-contained HTML file: runs, comparisons, charts, capacity and costs"
            }
            UiCommand::ExportReportMarkdown => {
                "Write the report as Markdown, with the charts as SVG files beside it"
            }
            UiCommand::OpenSampleData => "Open the bundled loopback measurements",
            UiCommand::ExportChart => "Save this chart as shown, at twice its pixel density",
            UiCommand::ExportChartSvg => {
                "Save this chart as shown, as vector graphics: crisp at any size, text that \
                 can be searched, each value on hover"
            }
            UiCommand::CopyChart => "Copy this chart to the clipboard as an image",
            UiCommand::ResetView => "Show every legend entry and fit the plots to their data again",
            UiCommand::RemoveAllRuns => "Forget every loaded run",
            UiCommand::Quit => "Close the window",
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            UiCommand::Open => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::O)),
            UiCommand::SaveWorkspace => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::S)),
            UiCommand::SaveWorkspaceAs => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::S,
            )),
            UiCommand::ExportChart => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::E)),
            _ => None,
        }
    }

    /// A button for this command (menu or toolbar): its label, its shortcut, and its
    /// hover text. True when clicked.
    pub fn button(self, ui: &mut egui::Ui, label: &str, enabled: bool) -> bool {
        let mut button = egui::Button::new(label);
        if let Some(shortcut) = self.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        let tooltip = match self.shortcut() {
            Some(s) => format!("{} ({})", self.tooltip(), ui.ctx().format_shortcut(&s)),
            None => self.tooltip().to_owned(),
        };
        ui.add_enabled(enabled, button)
            .on_hover_text(tooltip)
            .clicked()
    }

    /// The commands whose shortcut was pressed this frame.
    pub fn pressed(ctx: &egui::Context) -> Vec<UiCommand> {
        UiCommand::ALL
            .into_iter()
            .filter(|c| {
                c.shortcut()
                    .is_some_and(|s| ctx.input_mut(|i| i.consume_shortcut(&s)))
            })
            .collect()
    }
}
