//! The window's own drawing without a window: a chart drawn by
//! [`super::draw::chart`] in a headless egui pass and rendered by egui_kittest's wgpu
//! renderer (a GPU, or Mesa's software Vulkan), for the snapshot tests of what the
//! window shows. Files (`plot`, reports, the window's exports) are drawn as SVG
//! instead, on the CPU.

use egui_kittest::HarnessBuilder;
use egui_kittest::wgpu::WgpuTestRenderer;

use crate::charts::ChartKind;
use crate::charts::view::{ChartViews, ViewMode};
use crate::model::Run;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExportOptions {
    /// Output size in pixels.
    pub width: u32,
    pub height: u32,
    /// Pixels per point: 2 gives crisp text at twice the density.
    pub scale: f32,
    pub dark: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            width: 1600,
            height: 1000,
            scale: 1.0,
            dark: false,
        }
    }
}

/// Renders charts; each call gets a device of its own (egui_kittest cannot share one
/// between windows), which draws every chart asked for in that call.
pub struct Exporter {
    /// The device made to check that a renderer exists, kept for the first chart.
    unused: std::cell::Cell<Option<egui_wgpu::RenderState>>,
}

/// A render state, or why there is none (no GPU and no software Vulkan/GL driver).
fn render_state() -> Result<egui_wgpu::RenderState, RenderError> {
    // egui_kittest panics when no adapter can be had: turn that into an answer.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let made = std::panic::catch_unwind(|| {
        egui_kittest::wgpu::create_render_state(
            egui_kittest::wgpu::default_wgpu_setup(),
            egui_wgpu::RendererOptions::PREDICTABLE,
        )
    });
    std::panic::set_hook(previous);
    made.map_err(|_| RenderError::NoRenderer)
}

impl Exporter {
    /// An exporter, if a renderer is available.
    pub fn new() -> Result<Exporter, RenderError> {
        render_state().map(|state| Exporter {
            unused: std::cell::Cell::new(Some(state)),
        })
    }

    /// Renders chart `kind` of `runs` to an RGBA image of the requested size, with
    /// the legend entries, pans and zooms of `views`.
    pub fn render(
        &self,
        kind: ChartKind,
        runs: &[Run],
        baseline: Option<usize>,
        views: &ChartViews,
        options: ExportOptions,
    ) -> Result<image::RgbaImage, RenderError> {
        let mut image = None;
        self.render_each(&[kind], runs, baseline, views, options, |_, rendered| {
            image = Some(rendered);
            Ok(())
        })?;
        image.ok_or_else(|| RenderError::Chart {
            chart: kind.file_stem(),
            message: "nothing was rendered".into(),
        })
    }

    /// Renders each of `kinds` in turn and hands it to `each`, all on one device and
    /// one headless window of the requested size: a device costs more than a chart.
    pub fn render_each(
        &self,
        kinds: &[ChartKind],
        runs: &[Run],
        baseline: Option<usize>,
        views: &ChartViews,
        options: ExportOptions,
        mut each: impl FnMut(ChartKind, image::RgbaImage) -> Result<(), RenderError>,
    ) -> Result<(), RenderError> {
        let Some(&first) = kinds.first() else {
            return Ok(());
        };
        let mut harness = self.builder(options)?.build_ui_state(
            |ui, kind: &mut ChartKind| {
                egui::CentralPanel::default().show(ui, |ui| {
                    let mut views = views.clone();
                    super::draw::chart(ui, *kind, runs, baseline, &mut views, ViewMode::Export);
                });
            },
            first,
        );
        for &kind in kinds {
            *harness.state_mut() = kind;
            harness.run();
            // egui_plot hides switched-off legend entries from the frame after the
            // legend first shows them.
            harness.step();
            let image = harness.render().map_err(|e| RenderError::Chart {
                chart: kind.file_stem(),
                message: e.to_string(),
            })?;
            each(kind, image)?;
        }
        Ok(())
    }
}

impl Exporter {
    /// A headless window of the size, density and theme `options` ask for, on this
    /// exporter's device (or a new one: a device serves one harness).
    fn builder<S>(&self, options: ExportOptions) -> Result<HarnessBuilder<S>, RenderError> {
        let state = match self.unused.take() {
            Some(state) => state,
            None => render_state()?,
        };
        Ok(HarnessBuilder::<S>::default()
            .with_size(egui::vec2(
                options.width as f32 / options.scale,
                options.height as f32 / options.scale,
            ))
            .with_pixels_per_point(options.scale)
            .with_theme(if options.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            })
            .renderer(WgpuTestRenderer::from_render_state(state)))
    }

    /// Renders one line chart (the History tab's), as the window draws it.
    pub fn render_line(
        &self,
        chart: &crate::charts::line::LineChartData,
        options: ExportOptions,
    ) -> Result<image::RgbaImage, RenderError> {
        let mut harness = self.builder(options)?.build_ui(|ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                let mut views = ChartViews::default();
                super::draw::line_chart(
                    ui,
                    "line",
                    chart,
                    super::draw::ViewSlot::of(&mut views, "line", ViewMode::Export),
                );
            });
        });
        harness.run();
        harness.render().map_err(|e| RenderError::Chart {
            chart: "history",
            message: e.to_string(),
        })
    }
}

/// Why the window's drawing could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(
        "no renderer is available: a GPU, or Mesa's software Vulkan driver (Debian: \
         apt-get install mesa-vulkan-drivers), is needed to render the window's drawing"
    )]
    NoRenderer,
    /// Rendering one chart failed.
    #[error("{chart} chart: {message}")]
    Chart {
        chart: &'static str,
        message: String,
    },
}
