//! Helpers of the tests that drive the window headless (egui_kittest).

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable as _, by};
use gatebench::GatebenchApp;

/// The app with `paths` imported: its jobs run inline, so the first frames take in
/// the results, with no waiting.
pub fn loading(paths: Vec<std::path::PathBuf>) -> Harness<'static, GatebenchApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 860.0))
        .build_eframe(move |cc| {
            let mut app = GatebenchApp::default().inline();
            app.open(paths, &cc.egui_ctx);
            app
        });
    harness.run();
    assert!(!harness.state().is_loading(), "the import finished");
    harness
}

/// Replaces the text of the field labelled `label`.
pub fn retype(harness: &mut Harness<'static, GatebenchApp>, label: &str, text: &str) {
    harness.get(by().label(label).role(Role::TextInput)).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get(by().label(label).role(Role::TextInput))
        .type_text(text);
    harness.run();
}
