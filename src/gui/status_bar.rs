//! The status bar: the jobs under way with their progress (and Stop for those that
//! can stop), else the number of runs; then the last notice.

use super::commands::Command;
use super::jobs::Jobs;

pub fn ui(ui: &mut egui::Ui, jobs: &Jobs, runs: usize, notice: Option<&str>) -> Option<Command> {
    let mut command = None;
    ui.horizontal(|ui| {
        match jobs.running().first() {
            Some(job) => {
                let p = job.progress();
                let text = if p.text.is_empty() {
                    format!("{}…", job.kind.name())
                } else {
                    p.text.clone()
                };
                // No spinner: it repaints without end, and the bar moves anyway.
                match p.fraction {
                    Some(f) => {
                        ui.add(egui::ProgressBar::new(f).desired_width(260.0).text(text));
                    }
                    None => {
                        ui.label(text);
                    }
                }
                if job.stoppable {
                    let stop = ui
                        .add_enabled(!job.is_stopping(), egui::Button::new("Stop"))
                        .on_hover_text(format!("Stop {}", job.kind.name().to_lowercase()));
                    if stop.clicked() {
                        command = Some(Command::StopJob(job.id));
                    }
                }
                let more = jobs.running().len() - 1;
                if more > 0 {
                    ui.weak(format!("(+{more} more)"));
                }
            }
            None => {
                ui.label(format!("{runs} run(s) loaded"));
            }
        }
        if let Some(notice) = notice {
            ui.separator();
            ui.label(notice);
        }
    });
    command
}
