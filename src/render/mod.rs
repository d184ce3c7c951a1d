//! Drawing chart data with egui_plot, in the window and headless: [`draw::chart`] is
//! the one function that draws a chart, and [`export`] renders it to PNG without a
//! window. Part of the `gui` feature.

pub mod draw;
pub mod export;
