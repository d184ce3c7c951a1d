//! The colours around the data: background, text, grid, as the window's light and
//! dark themes have them (the data's own colours come from `charts::palette`).

use crate::charts::palette::Rgb;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub background: Rgb,
    pub ink: Rgb,
    /// Tick labels and notes.
    pub weak: Rgb,
    pub grid: Rgb,
    pub axis: Rgb,
    /// Error bars and whiskers: strong against the bars.
    pub whisker: Rgb,
    pub dark: bool,
}

impl Theme {
    pub fn of(dark: bool) -> Theme {
        if dark {
            Theme {
                background: [27, 27, 27],
                ink: [220, 220, 220],
                weak: [160, 160, 160],
                grid: [60, 60, 60],
                axis: [120, 120, 120],
                whisker: [255, 255, 255],
                dark,
            }
        } else {
            Theme {
                background: [255, 255, 255],
                ink: [30, 30, 30],
                weak: [90, 90, 90],
                grid: [228, 228, 228],
                axis: [150, 150, 150],
                whisker: [0, 0, 0],
                dark,
            }
        }
    }
}

/// The colour of markers (a load curve's knee): magenta, as the window draws them.
pub const MARKER: Rgb = [230, 30, 160];
