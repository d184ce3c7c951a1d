//! The menu bar: File (open, workspaces, exports, Open as for every format and its
//! options) and View (the theme). Items come from the command table
//! ([`UiCommand`]); what is picked is returned as commands.

use std::path::PathBuf;

use super::commands::{Command, UiCommand};
use super::vocabulary::{Tab, Theme};
use crate::import::{Format, FormatSettings};

/// What the menu shows as it is.
pub struct Shown<'a> {
    pub has_runs: bool,
    pub tab: Tab,
    pub theme: Theme,
    /// File > Open recent.
    pub recent: &'a [PathBuf],
    /// A workspace is being saved.
    pub saving: bool,
    /// A report can be written now.
    pub can_report: bool,
}

pub fn ui(shown: &Shown, ui: &mut egui::Ui) -> Vec<Command> {
    let mut commands = Vec::new();
    let results = shown.has_runs && shown.tab == Tab::Results;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            let item = |ui: &mut egui::Ui, c: UiCommand, enabled: bool| {
                c.button(ui, c.label(), enabled).then_some(Command::Ui(c))
            };
            commands.extend(item(ui, UiCommand::Open, true));
            commands.extend(item(ui, UiCommand::OpenWorkspace, true));
            ui.add_enabled_ui(!shown.recent.is_empty(), |ui| {
                ui.menu_button("Open recent", |ui| {
                    for path in shown.recent {
                        let name = path.file_name().map_or(path.display().to_string(), |n| {
                            n.to_string_lossy().into_owned()
                        });
                        if ui
                            .button(name)
                            .on_hover_text(path.display().to_string())
                            .clicked()
                        {
                            commands.push(Command::OpenRecent(path.clone()));
                        }
                    }
                });
            });
            ui.separator();
            let saving = shown.saving;
            commands.extend(item(ui, UiCommand::SaveWorkspace, !saving));
            commands.extend(item(ui, UiCommand::SaveWorkspaceAs, !saving));
            ui.separator();
            let report = shown.can_report;
            commands.extend(item(ui, UiCommand::ExportReport, report));
            commands.extend(item(ui, UiCommand::ExportReportMarkdown, report));
            commands.extend(item(ui, UiCommand::ExportChart, results));
            commands.extend(item(ui, UiCommand::ExportChartSvg, results));
            commands.extend(item(ui, UiCommand::CopyChart, results));
            ui.separator();
            ui.menu_button("Open as", |ui| commands.extend(open_as(ui)));
            let sample = crate::import::inputs::sample_data_dir().is_some();
            commands.extend(item(ui, UiCommand::OpenSampleData, sample));
            commands.extend(item(ui, UiCommand::RemoveAllRuns, shown.has_runs));
            ui.separator();
            commands.extend(item(ui, UiCommand::Quit, true));
        });
        ui.menu_button("View", |ui| {
            for theme in Theme::ALL {
                if ui.radio(shown.theme == theme, theme.label()).clicked() {
                    commands.push(Command::SetTheme(theme));
                }
            }
        });
    });
    commands
}

/// File > Open as: every format; one with options of its own (an HdrHistogram
/// log's unit) has a submenu with each value.
fn open_as(ui: &mut egui::Ui) -> Option<Command> {
    let mut picked = None;
    for format in Format::all() {
        let options = format.importer().options();
        if options.is_empty() {
            if ui.button(format!("{format}…")).clicked() {
                picked = Some(Command::OpenAs(format, FormatSettings::default()));
            }
            continue;
        }
        ui.menu_button(format.to_string(), |ui| {
            for option in options {
                for (value, meaning) in option.choices {
                    if ui.button(format!("{meaning}…")).clicked() {
                        let settings = FormatSettings::default().with(option.key, value);
                        picked = settings.ok().map(|s| Command::OpenAs(format, s));
                    }
                }
            }
        });
    }
    picked
}
