//! Colours, as plain RGB so that chart data stays free of egui.

pub type Rgb = [u8; 3];

/// Tableau 10: distinct, and readable on light and dark backgrounds.
pub const SERIES: [Rgb; 10] = [
    [78, 121, 167],
    [242, 142, 43],
    [225, 87, 89],
    [118, 183, 178],
    [89, 161, 79],
    [237, 201, 72],
    [176, 122, 161],
    [255, 157, 167],
    [156, 117, 95],
    [186, 176, 172],
];

/// The colour of `integration`, by its place among all integrations shown.
pub fn for_integration(integration: &str, all: &[String]) -> Rgb {
    let i = all.iter().position(|x| x == integration).unwrap_or(0);
    SERIES[i % SERIES.len()]
}
