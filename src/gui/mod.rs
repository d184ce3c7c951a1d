//! The desktop window: a thin layer over the core. One file per panel.

mod app;
mod charts_panel;
mod comparison_panel;
mod errors_panel;
pub mod loader;
mod planner_panel;
mod runs_table;

use std::path::PathBuf;

pub use app::{ChartTarget, GatebenchApp, Tab};

/// Opens the window and starts importing `files` (files or folders), as `format` when
/// given.
pub fn run(files: Vec<PathBuf>, format: Option<crate::import::Format>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("gatebench")
            .with_inner_size([1280.0, 860.0])
            .with_min_inner_size([640.0, 420.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "gatebench",
        options,
        Box::new(move |cc| {
            let mut app = GatebenchApp::default();
            app.open_as(files, format, &cc.egui_ctx);
            Ok(Box::new(app))
        }),
    )
}
