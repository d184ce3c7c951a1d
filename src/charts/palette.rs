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

/// Lighter (`amount` > 0, towards white) or darker (< 0, towards black).
pub fn shade(rgb: Rgb, amount: f32) -> Rgb {
    rgb.map(|c| {
        let c = f32::from(c);
        let v = if amount >= 0.0 {
            c + (255.0 - c) * amount
        } else {
            c * (1.0 + amount)
        };
        v.round().clamp(0.0, 255.0) as u8
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades() {
        assert_eq!(shade([100, 0, 200], 0.0), [100, 0, 200]);
        assert_eq!(shade([100, 0, 200], 1.0), [255, 255, 255]);
        assert_eq!(shade([100, 0, 200], -0.5), [50, 0, 100]);
    }
}
