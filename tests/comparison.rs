//! Comparisons against known answers: a block bootstrap's interval covers the true
//! value at about the stated rate on seeded simulations of dependent samples, where
//! treating the samples as independent does not.

use gatebench::{Basis, Metric, Side};
use gatebench::{Measurement, Run};
use gatebench::{Outcome, RunAccumulator, RunMeta};

/// A seeded run of `seconds` at `rate` requests per second whose latency is
/// `base` + a level that drifts from second to second (AR(1), coefficient `phi`,
/// mean 0) + noise: the samples depend on their neighbours, as under queueing.
/// The true mean latency is `base`.
fn dependent_run(seed: u64, seconds: usize, rate: usize, base: f64, phi: f64) -> Run {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut normal = move || {
        let (u, v) = (rng.f64().max(1e-12), rng.f64());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    };
    let mut acc = RunAccumulator::default();
    // Start from the stationary distribution: sd of the level is 2 ms.
    let sd_level = 2.0;
    let innovation = sd_level * (1.0 - phi * phi).sqrt();
    let mut level = sd_level * normal();
    for s in 0..seconds {
        level = phi * level + innovation * normal();
        for k in 0..rate {
            let t = s as f64 + k as f64 / rate as f64;
            let latency = (base + level + 0.5 * normal()).max(0.0);
            acc.add(t, latency, Outcome::Ok, 0);
        }
    }
    acc.finish(RunMeta {
        source: "simulated".into(),
        tool: "sim".into(),
        label: format!("sim-{seed}"),
        integration: None,
        memory_mb: None,
        connections: None,
        threads: None,
        epoch: false,
        measurement: Measurement::Unknown,
    })
    .unwrap()
}

#[test]
fn the_block_bootstrap_covers_the_true_mean_and_p90_at_about_the_stated_rate() {
    let (trials, base) = (120, 20.0);
    // The latency is normal with sd √(2² + 0.5²) around `base`: its p90 is known.
    let true_p90 = base + 1.281_551_6 * (4.0f64 + 0.25).sqrt();
    let (mut mean_covered, mut p90_covered, mut naive_covered) = (0, 0, 0);
    for seed in 0..trials {
        let run = dependent_run(seed + 1, 128, 40, base, 0.8);
        let side = Side::of(&[&run], Metric::Mean, 0.95).unwrap();
        assert_eq!(side.basis, Basis::Samples);
        mean_covered += usize::from(side.interval.unwrap().contains(base));
        let p90 = Side::of(&[&run], Metric::P90, 0.95).unwrap();
        p90_covered += usize::from(p90.interval.unwrap().contains(true_p90));
        // Treating every request as independent: mean ± 1.96 sd / sqrt(N).
        let n = run.requests.unwrap() as f64;
        let half = 1.96 * run.latency.stdev.unwrap() / n.sqrt();
        let mean = run.latency.mean.unwrap();
        naive_covered += usize::from((mean - half..=mean + half).contains(&base));
    }
    let rate = |c: usize| c as f64 / trials as f64;
    eprintln!(
        "coverage at 95%: mean {}, p90 {}; independent samples {}",
        rate(mean_covered),
        rate(p90_covered),
        rate(naive_covered)
    );
    assert!(
        (0.88..=0.99).contains(&rate(mean_covered)),
        "block bootstrap coverage of the mean {}",
        rate(mean_covered)
    );
    assert!(
        (0.85..=0.99).contains(&rate(p90_covered)),
        "block bootstrap coverage of p90 {}",
        rate(p90_covered)
    );
    assert!(
        rate(naive_covered) < 0.5,
        "independent samples would cover only {}",
        rate(naive_covered)
    );
}

/// Throughput and percentiles get intervals from the samples too, around the run's
/// own value.
#[test]
fn percentiles_and_throughput_get_intervals_from_samples() {
    let run = dependent_run(99, 64, 50, 10.0, 0.5);
    for metric in Metric::ALL {
        let side = Side::of(&[&run], metric, 0.95).unwrap();
        let i = side.interval.unwrap();
        assert!(
            i.contains(side.mean),
            "{metric:?}: {i:?} around {}",
            side.mean
        );
        assert!(i.high > i.low, "{metric:?}: {i:?}");
    }
}
