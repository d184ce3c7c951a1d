//! Frame time of the time-series chart: a headless egui pass (layout and plot) plus
//! tessellation, as the window does every frame. Two cases:
//! - a per-request run of 1,000,000 samples (its per-second series, as the app draws it);
//! - a raw 1,000,000-point line through min/max decimation (the worst case).
//!
//!     cargo bench --bench frame_time
//!
//! The target is 60 fps: under 16.7 ms a frame.

use std::time::{Duration, Instant};

use gatebench::ChartKind;
use gatebench::{ChartViews, PlotView, ViewMode};
use gatebench::{LineChartData, LineSeries, XAxis};
use gatebench::{Outcome, RunAccumulator, RunMeta};
use gatebench::{ViewSlot, draw_chart, draw_line_chart};

/// Frame times, and the vertices of the last frame (proof that the lines are drawn).
fn frame_times(mut draw: impl FnMut(&mut egui::Ui), frames: usize) -> (Vec<Duration>, usize) {
    let ctx = egui::Context::default();
    let mut times = Vec::with_capacity(frames);
    let mut vertices = 0;
    for i in 0..frames {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1600.0, 1000.0),
            )),
            time: Some(i as f64 / 60.0),
            ..Default::default()
        };
        let start = Instant::now();
        let output = ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| draw(ui));
        });
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        times.push(start.elapsed());
        vertices = primitives
            .iter()
            .map(|p| match &p.primitive {
                egui::epaint::Primitive::Mesh(m) => m.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
    }
    (times, vertices)
}

fn report(name: &str, (mut times, vertices): (Vec<Duration>, usize)) {
    times.sort();
    let median = times[times.len() / 2];
    let p95 = times[times.len() * 95 / 100];
    println!(
        "{name:<48} median {:>7.2} ms  p95 {:>7.2} ms  ({:.0} fps at the median; {vertices} vertices)",
        median.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        1.0 / median.as_secs_f64()
    );
}

fn main() {
    // 1M samples over 10 minutes.
    let mut acc = RunAccumulator::default();
    for i in 0..1_000_000u64 {
        acc.add(
            i as f64 * 600.0 / 1e6,
            5.0 + (i % 97) as f64,
            if i % 500 == 0 {
                Outcome::HttpError
            } else {
                Outcome::Ok
            },
            0,
        );
    }
    let run = acc
        .finish(RunMeta {
            source: "bench".into(),
            tool: "bench".into(),
            label: "1M samples".into(),
            integration: None,
            memory_mb: None,
            connections: None,
            threads: None,
            epoch: false,
            measurement: gatebench::Measurement::Unknown,
        })
        .expect("samples");
    // Both panels (rates and latency), as the window draws them.
    let runs = [run];
    let mut views = ChartViews::default();
    report(
        "time series of a 1M-sample run",
        frame_times(
            |ui| {
                draw_chart(
                    ui,
                    ChartKind::TimeSeries,
                    &runs,
                    None,
                    &mut views,
                    ViewMode::Window,
                )
            },
            120,
        ),
    );

    // A raw line of 1M points, decimated the way the time-series chart does it.
    let raw: Vec<[f64; 2]> = (0..1_000_000)
        .map(|i| [i as f64, ((i * 7919) % 1000) as f64])
        .collect();
    let start = Instant::now();
    let points = gatebench::decimate_min_max(&raw, gatebench::MAX_SERIES_POINTS);
    let decimation = start.elapsed();
    let chart = LineChartData {
        title: "1M points".into(),
        x_axis: "x".into(),
        x_kind: XAxis::Linear,
        y_axis: "y".into(),
        lines: vec![LineSeries {
            name: "raw".into(),
            color: [78, 121, 167],
            points,
            ..Default::default()
        }],
        levels: Vec::new(),
        markers: Vec::new(),
        latency_y: false,
        ..Default::default()
    };
    println!(
        "decimating 1M points to {}: {:.2} ms (once per data change)",
        gatebench::MAX_SERIES_POINTS,
        decimation.as_secs_f64() * 1e3
    );
    report(
        "a 1M-point line after min/max decimation",
        frame_times(
            |ui| {
                let mut view = PlotView::default();
                let slot = ViewSlot {
                    view: &mut view,
                    mode: ViewMode::Window,
                    generation: 0,
                    log_latency: false,
                };
                draw_line_chart(ui, "bench", &chart, slot)
            },
            120,
        ),
    );
}
