//! The desktop window: a thin layer over the core. [`GatebenchApp`] holds the kept
//! [`state::AppState`], the loaded runs and its background jobs (`jobs`: one
//! abstraction, a type per job); panels (one file each) draw and return
//! [`commands::Command`]s, applied in one place (`apply.rs`), and jobs bring back
//! [`jobs::Done`]s, received in one place (`receive.rs`). The words they share
//! are `vocabulary`'s, below them all. Part of the `gui` feature.

mod advisor_panel;
mod app;
mod apply;
mod charts_panel;
mod close_prompt;
mod commands;
mod comparison_panel;
mod errors_panel;
mod experiments_panel;
mod history_panel;
mod jobs;
mod menu;
mod missing_panel;
mod planner_panel;
mod receive;
mod runs_table;
mod server_panel;
mod state;
mod status_bar;
mod vocabulary;

use std::path::PathBuf;

pub use app::GatebenchApp;
pub use jobs::export::ChartTarget;
pub use vocabulary::Tab;

/// The application icon, shipped in `assets/`.
pub const ICON_PNG: &[u8] = crate::report::ICON_PNG;

/// The window's settings: title, size, icon, drag and drop.
pub fn native_options() -> eframe::NativeOptions {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("gatebench")
        .with_app_id("gatebench")
        .with_inner_size([1280.0, 860.0])
        .with_min_inner_size([640.0, 420.0])
        .with_drag_and_drop(true);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(icon);
    }
    eframe::NativeOptions {
        viewport,
        ..Default::default()
    }
}

/// Opens the window and starts importing `files` (files, folders or workspaces),
/// read as `read` says. With no files it comes back as it was closed: the last
/// workspace, else the last files, else the bundled sample data.
pub fn run(files: Vec<PathBuf>, read: crate::import::Options) -> eframe::Result {
    eframe::run_native(
        "gatebench",
        native_options(),
        Box::new(move |cc| {
            let mut app = GatebenchApp::restored(cc);
            let files = if files.is_empty() {
                app.state.session.to_reopen()
            } else {
                files
            };
            app.open_with(files, read, &cc.egui_ctx);
            Ok(Box::new(app))
        }),
    )
}
