//! The memory advisor: one row per memory size of a function, from load tests through
//! the gateway and from AWS Lambda Power Tuning files, with what each size costs, how
//! fast it is, what a projected peak needs in concurrency and ENIs, and which size to
//! take. The strategies are Power Tuning's own (`lambda/analyzer.js`, described in
//! `docs/aws-lambda-power-tuning.md`), plus a latency objective.

use serde::Serialize;

use super::compare::{Metric, Settings, Side};
use super::stats::Interval;
use crate::capacity::cost::{self, Prices};
use crate::capacity::legacy::{self, Divisor};
use crate::capacity::subnet::{self, Subnet};
use crate::capacity::{hyperplane, measured};
use crate::model::{Measurement, Run};

/// How the size is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// The lowest cost per invocation; among equal costs, the fastest (the default,
    /// as in Power Tuning).
    Cost,
    /// The fastest (lowest mean duration); among equal durations, the cheapest.
    Speed,
    /// The lowest `w · cost / max cost + (1 − w) · duration / max duration`, with the
    /// weight w from 0 (speed) to 1 (cost).
    Balanced(f64),
}

impl Strategy {
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Cost => "cost",
            Strategy::Speed => "speed",
            Strategy::Balanced(_) => "balanced",
        }
    }
}

/// What the advisor is asked.
#[derive(Debug, Clone)]
pub struct Question<'a> {
    pub strategy: Strategy,
    /// The largest p99 a size may have, in ms.
    pub slo_p99_ms: Option<f64>,
    /// The projected peak, in requests per second.
    pub peak_rps: Option<f64>,
    pub subnets: &'a [Subnet],
    pub divisor: Divisor,
    pub prices: &'a Prices,
    pub settings: Settings,
}

/// Where a size's numbers come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Load tests through the integration: end-to-end latency, throughput, repeats.
    LoadTest,
    /// AWS Lambda Power Tuning: the function invoked directly, averages only.
    PowerTuning,
    /// The function's own REPORT lines (`docs/server-logs.md`): its real durations
    /// at each size, priced from their Billed Duration.
    FunctionLogs,
}

/// One memory size of the function.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    pub memory_mb: u32,
    pub source: Source,
    /// The labels of its runs.
    pub runs: Vec<String>,
    pub throughput: Option<Side>,
    /// The mean latency (duration, for Power Tuning).
    pub mean: Side,
    pub p50: Option<Side>,
    pub p99: Option<Side>,
    /// Lambda x86 per invocation: requests + memory x mean duration rounded up to
    /// whole ms x the GB-second price; the file's own average for Power Tuning.
    pub cost_per_invocation_usd: f64,
    pub cost_arm_per_million_usd: Option<f64>,
    /// The gateway's price per million of the runs' integration, beside Lambda's:
    /// memory does not change it.
    pub gateway: Option<(&'static str, f64)>,
    pub meets_slo: Option<bool>,
    /// Little's law at the peak: peak req/s x mean latency in s.
    pub concurrency: Option<f64>,
    /// That concurrency in whole executions, under the legacy formula.
    pub enis_legacy: Option<u64>,
    pub enis_hyperplane: Option<u64>,
    /// Whether the legacy ENIs fit the subnets' addresses (in total).
    pub fits: Option<bool>,
}

impl Tier {
    pub fn cost_per_million_usd(&self) -> f64 {
        self.cost_per_invocation_usd * 1e6
    }

    /// The latency the chart and the objective use: p99, else the mean.
    pub fn latency(&self) -> &Side {
        self.p99.as_ref().unwrap_or(&self.mean)
    }
}

/// From one size to the next larger of the same source.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub from_mb: u32,
    pub to_mb: u32,
    pub cost_change_pct: f64,
    /// Of the p99, else the mean.
    pub latency_change_pct: f64,
    pub latency_name: &'static str,
    /// False when the latency intervals of the two sizes overlap: the gain may be noise.
    /// `None` when a side has no interval.
    pub measurable: Option<bool>,
}

impl Step {
    /// "512 MB -> 1024 MB: 41% more cost per request, 14% faster p99".
    pub fn sentence(&self) -> String {
        let cost = if self.cost_change_pct >= 0.0 {
            format!("{:.0}% more cost per request", self.cost_change_pct)
        } else {
            format!("{:.0}% less cost per request", -self.cost_change_pct)
        };
        let latency = if self.latency_change_pct <= 0.0 {
            format!(
                "{:.0}% faster {}",
                -self.latency_change_pct, self.latency_name
            )
        } else {
            format!(
                "{:.0}% slower {}",
                self.latency_change_pct, self.latency_name
            )
        };
        let verdict = match self.measurable {
            Some(false) => ": no measurable gain (the intervals overlap)",
            None => " (no intervals: one summary each)",
            Some(true) => "",
        };
        format!(
            "{} MB -> {} MB: {cost}, {latency}{verdict}",
            self.from_mb, self.to_mb
        )
    }
}

/// The advisor's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    pub strategy: Strategy,
    pub recommended_mb: Option<u32>,
    /// The source of the recommended size's numbers.
    pub recommended_source: Option<Source>,
    pub tiers: Vec<Tier>,
    pub steps: Vec<Step>,
    /// What the user should know: no intervals, direct invocation, no p99.
    pub notes: Vec<String>,
}

/// True for runs the advisor takes: a Lambda integration with a memory tier, or a
/// Power Tuning size.
pub fn is_candidate(run: &Run) -> bool {
    run.memory_mb.is_some()
        && (run.measurement == Measurement::DirectInvocation
            || is_function_log(run)
            || (run.server.is_none() && measured::is_function_run(run)))
}

/// A run read from a function's own log (REPORT lines).
fn is_function_log(run: &Run) -> bool {
    run.server.as_ref().is_some_and(|s| s.lambda.is_some())
}

/// The first day the INIT phase of on-demand functions is billed (AWS Compute blog,
/// "AWS Lambda standardizes billing for INIT phase": "Effective August 1, 2025"),
/// in ms since the epoch.
const INIT_BILLED_FROM_MS: i64 = 1_754_006_400_000;

/// The billed duration of one invocation of a function-log run, as it would be
/// billed today: its logged Billed Duration, plus, for a log from before INIT was
/// billed, its cold starts' Init Duration spread over its invocations. `None`
/// without Billed Durations.
fn billed_today_ms(run: &Run) -> Option<(f64, bool)> {
    let server = run.server.as_ref()?;
    let billed = server.components.get("billed_duration")?.mean_ms()?;
    let before = server
        .window
        .is_some_and(|w| w.start_ms < INIT_BILLED_FROM_MS);
    let init = server.components.get("init").filter(|c| c.n() > 0);
    match (before, init, server.lambda.as_ref()) {
        (true, Some(init), Some(f)) if f.invocations > 0 => {
            Some((billed + init.sum_ms / f.invocations as f64, true))
        }
        _ => Some((billed, false)),
    }
}

/// The gateway price of an integration, per million requests: API Gateway REST or
/// HTTP API where its name says which, REST for another `apigw`.
fn gateway(integration: Option<&str>, prices: &Prices) -> Option<(&'static str, f64)> {
    let i = integration?;
    if i.contains("http-api") || i.contains("httpapi") {
        Some(("API Gateway HTTP API", prices.apigw_http_per_million))
    } else if i.contains("apigw") || i.contains("api-gateway") || i.contains("rest") {
        Some(("API Gateway REST API", prices.apigw_rest_per_million))
    } else {
        None
    }
}

/// Advises on the candidate runs among `runs` ([`is_candidate`]); `None` when there
/// are none.
pub fn advise(runs: &[Run], q: &Question<'_>) -> Option<Advice> {
    let candidates: Vec<&Run> = runs.iter().filter(|r| is_candidate(r)).collect();
    if candidates.is_empty() {
        return None;
    }
    let mut keys: Vec<(Source, u32)> = candidates
        .iter()
        .map(|r| (source_of(r), r.memory_mb.unwrap_or(0)))
        .collect();
    keys.sort_by_key(|(s, mb)| (*s == Source::PowerTuning, *mb));
    keys.dedup();
    let conf = q.settings.confidence;
    let addresses = subnet::total_usable(q.subnets);
    let tiers: Vec<Tier> = keys
        .iter()
        .filter_map(|&(source, mb)| {
            let of: Vec<&Run> = candidates
                .iter()
                .copied()
                .filter(|r| source_of(r) == source && r.memory_mb == Some(mb))
                .collect();
            let mean = Side::of(&of, Metric::Mean, conf)?;
            let file_cost: Vec<f64> = if source == Source::FunctionLogs {
                // Priced from what was billed, not from the latency.
                of.iter()
                    .filter_map(|r| billed_today_ms(r))
                    .map(|(ms, _)| {
                        cost::lambda_per_million(mb, ms, q.prices.lambda_gb_second_x86, q.prices)
                            / 1e6
                    })
                    .collect()
            } else {
                of.iter().filter_map(|r| r.invocation_cost_usd).collect()
            };
            let cost_per_invocation_usd = if file_cost.is_empty() {
                cost::lambda_per_million(mb, mean.mean, q.prices.lambda_gb_second_x86, q.prices)
                    / 1e6
            } else {
                file_cost.iter().sum::<f64>() / file_cost.len() as f64
            };
            let p99 = Side::of(&of, Metric::P99, conf);
            let concurrency = q.peak_rps.map(|rps| rps * mean.mean / 1000.0);
            let executions = concurrency.map(|c| (c.ceil() as u64).max(1));
            let enis_legacy = executions.map(|c| legacy::enis_required(c, mb, q.divisor));
            let enis_hyperplane =
                executions.map(|c| hyperplane::enis_required(q.subnets.len() as u64, 1, c));
            Some(Tier {
                memory_mb: mb,
                source,
                runs: of.iter().map(|r| r.label.clone()).collect(),
                throughput: Side::of(&of, Metric::Throughput, conf),
                p50: Side::of(&of, Metric::P50, conf),
                cost_arm_per_million_usd: file_cost.is_empty().then(|| {
                    cost::lambda_per_million(mb, mean.mean, q.prices.lambda_gb_second_arm, q.prices)
                }),
                gateway: gateway(of[0].integration.as_deref(), q.prices),
                meets_slo: q
                    .slo_p99_ms
                    .and_then(|slo| p99.as_ref().map(|p| p.mean <= slo)),
                p99,
                mean,
                cost_per_invocation_usd,
                concurrency,
                enis_legacy,
                enis_hyperplane,
                fits: enis_legacy
                    .filter(|_| !q.subnets.is_empty())
                    .map(|e| e <= addresses),
            })
        })
        .collect();
    // Load tests through the gateway decide when there are any; then the function's
    // own logs; Power Tuning otherwise.
    let source = [Source::LoadTest, Source::FunctionLogs, Source::PowerTuning]
        .into_iter()
        .find(|s| tiers.iter().any(|t| t.source == *s))
        .unwrap_or(Source::PowerTuning);
    let eligible: Vec<&Tier> = tiers
        .iter()
        .filter(|t| t.source == source)
        .filter(|t| q.slo_p99_ms.is_none() || t.meets_slo == Some(true))
        .collect();
    let chosen = choose(&eligible, q.strategy);
    let mut notes = Vec::new();
    if source == Source::FunctionLogs {
        notes.push(
            "The durations are the function's own (its REPORT lines): its handler's time, \
             not what a user of the gateway waits; the cost is priced from the logged \
             Billed Duration."
                .to_owned(),
        );
        if candidates
            .iter()
            .any(|r| billed_today_ms(r).is_some_and(|(_, before)| before))
        {
            notes.push(
                "Logs from before 1 August 2025, when INIT was not billed for on-demand \
                 functions of managed runtimes: their cold starts' Init Duration is added to \
                 the billed duration, as it would be billed today."
                    .to_owned(),
            );
        }
    }
    if tiers.iter().any(|t| t.source == Source::PowerTuning) {
        notes.push(
            "Power Tuning sizes were measured by invoking the function directly: their \
             duration is the function's, not what a user of the gateway waits."
                .to_owned(),
        );
    }
    if tiers.iter().all(|t| t.mean.interval.is_none()) {
        notes.push(
            "No size has repeats or per-request samples: the values are points, without \
             intervals; a step's gain cannot be told from noise."
                .to_owned(),
        );
    }
    if let Some(slo) = q.slo_p99_ms
        && tiers
            .iter()
            .filter(|t| t.source == source)
            .any(|t| t.p99.is_none())
    {
        notes.push(format!(
            "Some sizes report no p99, so they cannot be checked against {slo} ms."
        ));
    }
    if source == Source::LoadTest {
        notes.push(
            "Lambda cost from load tests takes the mean end-to-end latency as the billed \
             duration: an upper bound, since the gateway's time is not billed by Lambda."
                .to_owned(),
        );
    }
    Some(Advice {
        strategy: q.strategy,
        recommended_mb: chosen.map(|t| t.memory_mb),
        recommended_source: chosen.map(|t| t.source),
        steps: steps(&tiers),
        tiers,
        notes,
    })
}

fn source_of(run: &Run) -> Source {
    if run.measurement == Measurement::DirectInvocation {
        Source::PowerTuning
    } else if is_function_log(run) {
        Source::FunctionLogs
    } else {
        Source::LoadTest
    }
}

/// Power Tuning's choice among `tiers`, in their order (memory ascending; its sort is
/// stable, so exact ties keep that order).
pub fn choose<'a>(tiers: &[&'a Tier], strategy: Strategy) -> Option<&'a Tier> {
    let cost = |t: &Tier| t.cost_per_invocation_usd;
    let duration = |t: &Tier| t.mean.mean;
    let mut sorted: Vec<&Tier> = tiers.to_vec();
    match strategy {
        Strategy::Cost => sorted.sort_by(|a, b| {
            cost(a)
                .total_cmp(&cost(b))
                .then(duration(a).total_cmp(&duration(b)))
        }),
        Strategy::Speed => sorted.sort_by(|a, b| {
            duration(a)
                .total_cmp(&duration(b))
                .then(cost(a).total_cmp(&cost(b)))
        }),
        Strategy::Balanced(w) => {
            let w = w.clamp(0.0, 1.0);
            let max_cost = tiers.iter().map(|t| cost(t)).fold(0.0, f64::max);
            let max_duration = tiers.iter().map(|t| duration(t)).fold(0.0, f64::max);
            let value = |t: &Tier| w * cost(t) / max_cost + (1.0 - w) * duration(t) / max_duration;
            sorted.sort_by(|a, b| value(a).total_cmp(&value(b)));
        }
    }
    sorted.first().copied()
}

/// Each step from one size to the next larger of the same source.
fn steps(tiers: &[Tier]) -> Vec<Step> {
    tiers
        .windows(2)
        .filter(|w| w[0].source == w[1].source)
        .map(|w| {
            let (a, b) = (&w[0], &w[1]);
            let (la, lb) = (a.latency(), b.latency());
            let name = if a.p99.is_some() && b.p99.is_some() {
                "p99"
            } else {
                "mean"
            };
            let (la, lb) = if name == "p99" {
                (la, lb)
            } else {
                (&a.mean, &b.mean)
            };
            let overlap = |x: &Option<Interval>, y: &Option<Interval>| match (x, y) {
                (Some(x), Some(y)) => Some(!x.overlaps(y)),
                _ => None,
            };
            Step {
                from_mb: a.memory_mb,
                to_mb: b.memory_mb,
                cost_change_pct: (b.cost_per_invocation_usd / a.cost_per_invocation_usd - 1.0)
                    * 100.0,
                latency_change_pct: (lb.mean / la.mean - 1.0) * 100.0,
                latency_name: name,
                measurable: overlap(&la.interval, &lb.interval),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::power_tuning::runs_of;

    fn tier(mb: u32, cost: f64, duration: f64) -> Tier {
        Tier {
            memory_mb: mb,
            source: Source::PowerTuning,
            runs: vec![],
            throughput: None,
            mean: Side::of(
                &[&Run {
                    latency: crate::model::LatencySummary {
                        mean: Some(duration),
                        ..Default::default()
                    },
                    ..Run::default()
                }],
                Metric::Mean,
                0.95,
            )
            .unwrap(),
            p50: None,
            p99: None,
            cost_per_invocation_usd: cost,
            cost_arm_per_million_usd: None,
            gateway: None,
            meets_slo: None,
            concurrency: None,
            enis_legacy: None,
            enis_hyperplane: None,
            fits: None,
        }
    }

    /// Hand-computed: the README's six sizes. 1024 and 1536 MB cost the same
    /// (6.4896e-5 USD); cost picks the faster of the two, 1536 MB (2,512 ms against
    /// 3,891 ms). Speed picks 3008 MB (2,010 ms). Balanced at 0.5: max cost 1.0265e-4
    /// (3008), max duration 37,002 ms (128); 1536 MB scores 0.5·0.6322 + 0.5·0.0679 =
    /// 0.3500, the lowest (3008: 0.5·1 + 0.5·0.0543 = 0.527; 1024: 0.3687).
    #[test]
    fn the_strategies_on_the_readme_sizes() {
        let sizes = crate::import::power_tuning::decode_fragment(
            "gAAAAQACAAQABsAL;ZooQR4yvkUa/pQRGRC5zRaADHUVjOftE;QdWhOEMkoziDT5Q4xhiIOMYYiDi6RNc4",
        )
        .unwrap();
        let tiers: Vec<Tier> = sizes
            .iter()
            .map(|s| tier(s.memory_mb, s.cost_usd, s.duration_ms))
            .collect();
        let refs: Vec<&Tier> = tiers.iter().collect();
        let mb = |s| choose(&refs, s).unwrap().memory_mb;
        assert_eq!(mb(Strategy::Cost), 1536);
        assert_eq!(mb(Strategy::Speed), 3008);
        assert_eq!(mb(Strategy::Balanced(0.5)), 1536);
        assert_eq!(mb(Strategy::Balanced(0.0)), 3008, "0 is speed");
        // At 1, balanced weighs cost alone but has no tie rule: of the equal 1024 and
        // 1536 MB, the first in order stays first (Power Tuning's sort is stable).
        assert_eq!(mb(Strategy::Balanced(1.0)), 1024);
    }

    /// Ties: equal durations go to the cheaper under speed, equal costs to the faster
    /// under cost.
    #[test]
    fn ties() {
        let t = [
            tier(128, 2.0, 10.0),
            tier(256, 1.0, 10.0),
            tier(512, 1.0, 5.0),
        ];
        let refs: Vec<&Tier> = t.iter().collect();
        assert_eq!(choose(&refs, Strategy::Cost).unwrap().memory_mb, 512);
        let t = [
            tier(128, 2.0, 5.0),
            tier(256, 1.0, 5.0),
            tier(512, 3.0, 9.0),
        ];
        let refs: Vec<&Tier> = t.iter().collect();
        assert_eq!(choose(&refs, Strategy::Speed).unwrap().memory_mb, 256);
    }

    fn question(prices: &Prices) -> Question<'_> {
        Question {
            strategy: Strategy::Cost,
            slo_p99_ms: None,
            peak_rps: None,
            subnets: &[],
            divisor: Divisor::Gb1_5,
            prices,
            settings: Settings::default(),
        }
    }

    /// A Power Tuning file's own prices and durations; Little's law and the legacy ENIs
    /// by hand: 1,000 req/s x 2,512 ms = 2,512.2 concurrent, 2,513 executions x
    /// 1,536 MB / 1,536 MB = 2,513 ENIs.
    #[test]
    fn power_tuning_sizes_little_and_enis() {
        let sizes = crate::import::power_tuning::decode_fragment(
            "gAAAAQACAAQABsAL;ZooQR4yvkUa/pQRGRC5zRaADHUVjOftE;QdWhOEMkoziDT5Q4xhiIOMYYiDi6RNc4",
        )
        .unwrap();
        let runs = runs_of(std::path::Path::new("tuning.json"), &sizes);
        let prices = Prices::default();
        let subnets = [Subnet::parse("10.0.0.0/24").unwrap()];
        let q = Question {
            peak_rps: Some(1000.0),
            subnets: &subnets,
            ..question(&prices)
        };
        let a = advise(&runs, &q).unwrap();
        assert_eq!(a.recommended_mb, Some(1536));
        let t = a.tiers.iter().find(|t| t.memory_mb == 1536).unwrap();
        assert_eq!(t.cost_per_invocation_usd, sizes[4].cost_usd);
        assert!((t.concurrency.unwrap() - 2512.2265625).abs() < 1e-6);
        assert_eq!(t.enis_legacy, Some(2513));
        assert_eq!(t.enis_hyperplane, Some(1));
        assert_eq!(t.fits, Some(false), "a /24 has 251 addresses");
        assert!(a.notes.iter().any(|n| n.contains("directly")));
    }

    /// The objective: the cheapest size whose p99 stays under it; none, when none does.
    #[test]
    fn a_latency_objective() {
        let run = |label: &str, mb: u32, mean: f64, p99: f64| Run {
            label: label.into(),
            integration: Some("apigw-lambda".into()),
            memory_mb: Some(mb),
            throughput_rps: Some(100.0),
            latency: crate::model::LatencySummary {
                mean: Some(mean),
                percentiles: vec![crate::model::Percentile::new("99", p99)],
                ..Default::default()
            },
            ..Run::default()
        };
        let runs = [
            run("a", 128, 100.0, 400.0),
            run("b", 512, 30.0, 150.0),
            run("c", 1024, 25.0, 120.0),
        ];
        let prices = Prices::default();
        let q = Question {
            slo_p99_ms: Some(200.0),
            ..question(&prices)
        };
        let a = advise(&runs, &q).unwrap();
        // 128 MB x 100 ms costs 0.2e-6 + 0.125 x 0.1 x 1.66667e-5 = 4.083e-7;
        // 512 MB x 30 ms: 0.2e-6 + 0.5 x 0.03 x 1.66667e-5 = 4.5e-7: cheapest under 200 ms;
        // 1024 MB x 25 ms: 0.2e-6 + 1 x 0.025 x 1.66667e-5 = 6.1667e-7, 37% more.
        assert_eq!(a.recommended_mb, Some(512));
        assert_eq!(a.tiers[0].meets_slo, Some(false));
        assert!((a.tiers[1].cost_per_invocation_usd - 4.500_000_5e-7).abs() < 1e-12);
        assert_eq!(a.tiers[1].gateway.unwrap().0, "API Gateway REST API");
        let strict = Question {
            slo_p99_ms: Some(100.0),
            ..question(&prices)
        };
        assert_eq!(advise(&runs, &strict).unwrap().recommended_mb, None);
        assert_eq!(
            a.steps[1].sentence(),
            "512 MB -> 1024 MB: 37% more cost per request, 20% faster p99 (no intervals: one summary each)"
        );
    }
}
