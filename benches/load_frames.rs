//! Frame times of the real window while a large file loads: the app runs in its
//! window (an X display; `benches/load_frames.sh` starts Xvfb), asked to repaint
//! continuously, and every interval between two frames is timed from the moment the
//! file is opened until its runs are in. An interval is the whole frame: the app's
//! `ui`, tessellation, painting and presenting. The import runs on worker threads
//! on every core at once, so the frames compete with it for the CPU; the target is
//! under 50 ms for every frame.
//!
//!     xvfb-run -a cargo bench --bench load_frames -- FILE [--own-pace]
//!
//! `--own-pace` leaves repainting to the app (on progress, and every 100 ms while
//! busy), as in use; the load's time is then the window's real import time.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use gatebench::GatebenchApp;

struct Timed {
    app: GatebenchApp,
    file: Option<PathBuf>,
    opened: Option<Instant>,
    /// How long the load took, once it is over.
    loaded: Option<Duration>,
    last_frame: Option<Instant>,
    intervals: Vec<Duration>,
    ui_times: Vec<Duration>,
    /// Repaint as fast as possible (else at the app's own pace: progress, timers).
    continuous: bool,
    /// eframe's frame time of each frame during the load: `ui` and painting, without
    /// waiting for the display (`IntegrationInfo::cpu_usage`).
    frame_times: Vec<Duration>,
    /// Frame intervals after the load, with the runs shown: the window's own pace.
    after: Vec<Duration>,
}

/// Frames timed after the load.
const AFTER: usize = 120;

impl eframe::App for Timed {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let now = Instant::now();
        let ctx = ui.ctx().clone();
        let interval = self.last_frame.map(|last| now - last);
        self.last_frame = Some(now);
        if let Some(file) = self.file.take() {
            // A first frame drawn before the load starts, as a user would see.
            self.app.open(vec![file], &ctx);
            self.opened = Some(now);
        } else if self.loaded.is_none() {
            self.intervals.extend(interval);
            // Of the previous frame, which was drawn during the load too.
            self.frame_times.extend(
                frame
                    .info()
                    .cpu_usage
                    .map(|s| Duration::from_secs_f32(s.max(0.0))),
            );
        } else {
            if self.after.is_empty() {
                // The frame that took the runs in belongs to the load.
                self.frame_times.extend(
                    frame
                        .info()
                        .cpu_usage
                        .map(|s| Duration::from_secs_f32(s.max(0.0))),
                );
            }
            self.after.extend(interval);
        }
        eframe::App::ui(&mut self.app, ui, frame);
        if self.loaded.is_none() {
            self.ui_times.push(now.elapsed());
        }
        if self.continuous || self.loaded.is_some() {
            ctx.request_repaint();
        }
        if let Some(opened) = self.opened
            && self.loaded.is_none()
            && !self.app.is_loading()
        {
            self.loaded = Some(opened.elapsed());
        }
        if let Some(load) = self.loaded
            && self.after.len() >= AFTER
        {
            let mut frames = std::mem::take(&mut self.frame_times);
            report(
                load,
                &mut self.intervals,
                &mut frames,
                &mut self.ui_times,
                &mut self.after,
                &self.app,
            );
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            self.after.clear();
            self.loaded = Some(Duration::MAX);
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn report(
    load: Duration,
    intervals: &mut [Duration],
    frames: &mut [Duration],
    ui: &mut [Duration],
    after: &mut [Duration],
    app: &GatebenchApp,
) {
    intervals.sort();
    frames.sort();
    ui.sort();
    after.sort();
    let at = |v: &[Duration], q: f64| v.get(((v.len() as f64 - 1.0) * q) as usize).copied();
    let (Some(median), Some(p99), Some(max)) = (
        at(intervals, 0.5),
        at(intervals, 0.99),
        intervals.last().copied(),
    ) else {
        println!("no frames were drawn during the load");
        return;
    };
    let over = frames.iter().filter(|d| ms(**d) > 50.0).count();
    println!(
        "load: {:.2} s, {} runs, errors: {}",
        load.as_secs_f64(),
        app.runs().len(),
        app.errors.len()
    );
    println!(
        "frames during the load: {} ({:.0} per second)",
        intervals.len(),
        intervals.len() as f64 / load.as_secs_f64()
    );
    if let (Some(m), Some(p), Some(x)) = (at(frames, 0.5), at(frames, 0.99), frames.last()) {
        println!(
            "frame time (eframe: ui and painting, no display wait): median {:.1} ms, p99 {:.1} ms, \
             max {:.1} ms; {over} over 50 ms",
            ms(m),
            ms(p),
            ms(*x)
        );
    }
    println!(
        "frame interval (frame to frame, display included): median {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(median),
        ms(p99),
        ms(max)
    );
    if let (Some(m), Some(x)) = (at(ui, 0.5), ui.last()) {
        println!(
            "app ui() during the load: median {:.2} ms, max {:.2} ms",
            ms(m),
            ms(*x)
        );
    }
    if let (Some(m), Some(x)) = (at(after, 0.5), after.last()) {
        println!(
            "frame interval after the load ({} frames, runs shown): median {:.1} ms, max {:.1} ms",
            after.len(),
            ms(m),
            ms(*x)
        );
    }
    println!(
        "{}",
        if over == 0 {
            "PASS: every frame time under 50 ms"
        } else {
            "FAIL: frame times over 50 ms"
        }
    );
}

fn main() -> eframe::Result {
    let continuous = !std::env::args().any(|a| a == "--own-pace");
    let Some(file) = std::env::args().skip(1).find(|a| !a.starts_with('-')) else {
        eprintln!("usage: cargo bench --bench load_frames -- FILE");
        std::process::exit(2);
    };
    eframe::run_native(
        "gatebench-load-frames",
        gatebench::native_options(),
        Box::new(move |cc| {
            Ok(Box::new(Timed {
                app: GatebenchApp::restored(cc),
                file: Some(PathBuf::from(file)),
                opened: None,
                loaded: None,
                last_frame: None,
                after: Vec::new(),
                intervals: Vec::new(),
                ui_times: Vec::new(),
                frame_times: Vec::new(),
                continuous,
            }))
        }),
    )
}
