//! Min/max decimation of long series, so that a million points draw as a few
//! thousand without losing a spike: each bucket keeps its lowest and highest point,
//! in time order.

/// At most about `max_points` points; shorter series come back unchanged.
pub fn min_max(points: &[[f64; 2]], max_points: usize) -> Vec<[f64; 2]> {
    let buckets = (max_points / 2).max(1);
    if points.len() <= max_points || points.len() <= 2 {
        return points.to_vec();
    }
    let size = points.len().div_ceil(buckets);
    let mut out = Vec::with_capacity(buckets * 2);
    for chunk in points.chunks(size) {
        let lo = chunk
            .iter()
            .enumerate()
            .min_by(|a, b| a.1[1].total_cmp(&b.1[1]));
        let hi = chunk
            .iter()
            .enumerate()
            .max_by(|a, b| a.1[1].total_cmp(&b.1[1]));
        if let (Some((i, lo)), Some((j, hi))) = (lo, hi) {
            if i == j {
                out.push(*lo);
            } else if i < j {
                out.extend([*lo, *hi]);
            } else {
                out.extend([*hi, *lo]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spikes_and_order() {
        let mut points: Vec<[f64; 2]> =
            (0..1_000_000).map(|i| [i as f64, (i % 7) as f64]).collect();
        points[500_000][1] = 1000.0; // one spike
        points[700_000][1] = -50.0; // one dip
        let d = min_max(&points, 2000);
        assert!(d.len() <= 2000, "{}", d.len());
        assert!(d.iter().any(|p| p[1] == 1000.0));
        assert!(d.iter().any(|p| p[1] == -50.0));
        assert!(d.windows(2).all(|w| w[0][0] < w[1][0]), "time order");
        assert_eq!(min_max(&points[..10], 2000), points[..10].to_vec());
    }
}
