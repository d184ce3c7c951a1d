//! Cost per million requests of an integration, from editable prices. Each default
//! price states its source and date (`docs/aws-lambda-vpc.md` §6, us-east-1). Data transfer, NAT
//! gateways and CloudWatch Logs are not included.

use serde::{Deserialize, Serialize};

use crate::model::Run;

/// Prices in US dollars, editable in the planner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prices {
    pub lambda_per_million_requests: f64,
    pub lambda_gb_second_x86: f64,
    pub lambda_gb_second_arm: f64,
    pub apigw_rest_per_million: f64,
    pub apigw_http_per_million: f64,
    pub alb_per_hour: f64,
    pub alb_per_lcu_hour: f64,
}

impl Default for Prices {
    fn default() -> Self {
        Self {
            lambda_per_million_requests: 0.20,
            lambda_gb_second_x86: 0.000_016_666_7,
            lambda_gb_second_arm: 0.000_013_333_4,
            apigw_rest_per_million: 3.50,
            apigw_http_per_million: 1.00,
            alb_per_hour: 0.0225,
            alb_per_lcu_hour: 0.008,
        }
    }
}

/// A price's name, unit and the source of its default.
pub struct PriceInfo {
    pub name: &'static str,
    pub unit: &'static str,
    pub source: &'static str,
}

/// Where each default comes from, in the order of [`Prices::fields_mut`].
pub const PRICE_INFO: [PriceInfo; 7] = [
    PriceInfo {
        name: "Lambda requests",
        unit: "$ per 1M",
        source: "aws.amazon.com/lambda/pricing, 2017-12 to 2020-11; unchanged in 2026 copies",
    },
    PriceInfo {
        name: "Lambda duration, x86",
        unit: "$ per GB-s",
        source: "Lambda pricing page (same era); billed per 1 ms since 2020-12",
    },
    PriceInfo {
        name: "Lambda duration, Arm",
        unit: "$ per GB-s",
        source: "AWS News Blog 2021-09-29 (20% below x86); value from artillery prices.js",
    },
    PriceInfo {
        name: "API Gateway REST API",
        unit: "$ per 1M",
        source: "AWS whitepaper on private APIs (date unverified); first 333M requests",
    },
    PriceInfo {
        name: "API Gateway HTTP API",
        unit: "$ per 1M",
        source: "same whitepaper; learnaws.org 2021-01-10; first 300M, per 512 KB",
    },
    PriceInfo {
        name: "ALB hour",
        unit: "$ per hour",
        source: "cloud-horizons.com 2026-05-08 (third-party, unverified)",
    },
    PriceInfo {
        name: "ALB LCU",
        unit: "$ per LCU-hour",
        source: "cloud-horizons.com 2026-05-08 (third-party, unverified)",
    },
];

impl Prices {
    /// The prices in the order of [`PRICE_INFO`], for editing.
    /// The prices, in the order of [`PRICE_INFO`].
    pub fn values(&self) -> [f64; 7] {
        let mut copy = self.clone();
        copy.fields_mut().map(|v| *v)
    }

    pub fn fields_mut(&mut self) -> [&mut f64; 7] {
        [
            &mut self.lambda_per_million_requests,
            &mut self.lambda_gb_second_x86,
            &mut self.lambda_gb_second_arm,
            &mut self.apigw_rest_per_million,
            &mut self.apigw_http_per_million,
            &mut self.alb_per_hour,
            &mut self.alb_per_lcu_hour,
        ]
    }
}

/// Lambda per million requests: requests + 10^6 x GB x billed seconds x price, with
/// the duration billed in whole milliseconds (rounded up).
pub fn lambda_per_million(
    memory_mb: u32,
    duration_ms: f64,
    gb_second: f64,
    prices: &Prices,
) -> f64 {
    let billed_s = duration_ms.max(0.0).ceil() / 1000.0;
    prices.lambda_per_million_requests
        + 1e6 * (f64::from(memory_mb) / 1024.0) * billed_s * gb_second
}

/// Load balancer capacity units an ALB needs for this run's load: the largest of
/// new connections/s / 25, active connections / 3,000, processed GB/h (÷ 0.4 for
/// Lambda targets) and rule evaluations (none billed for 10 rules or fewer).
/// New connections are taken as the run's connections opened once over its run time
/// (keep-alive, as load tools do).
pub fn alb_lcu(run: &Run, lambda_target: bool) -> f64 {
    let connections = f64::from(run.connections.unwrap_or(0));
    let new_per_s = match run.duration_s {
        Some(d) if d > 0.0 => connections / d,
        _ => 0.0,
    };
    let gb_per_hour = run.transfer_bytes_per_s.unwrap_or(0.0) * 3600.0 / 1e9;
    let processed = gb_per_hour / if lambda_target { 0.4 } else { 1.0 };
    [new_per_s / 25.0, connections / 3000.0, processed]
        .into_iter()
        .fold(0.0, f64::max)
}

/// ALB per million requests at a steady `rps`: (hourly + LCU x LCU price) x 10^6 /
/// (3,600 x rps). `None` for a run with no throughput.
pub fn alb_per_million(rps: f64, lcu: f64, prices: &Prices) -> Option<f64> {
    (rps > 0.0)
        .then(|| (prices.alb_per_hour + lcu * prices.alb_per_lcu_hour) * 1e6 / (3600.0 * rps))
}

/// A run's cost per million requests by component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunCost {
    pub label: String,
    pub integration: Option<String>,
    /// Lambda at the run's memory and mean latency; `None` for non-function runs.
    pub lambda_x86: Option<f64>,
    pub lambda_arm: Option<f64>,
    pub apigw_rest: f64,
    pub apigw_http: f64,
    /// An ALB carrying this run's throughput around the clock.
    pub alb: Option<f64>,
}

pub fn run_cost(run: &Run, prices: &Prices) -> RunCost {
    let function = super::measured::is_function_run(run);
    let lambda = |gb_s: f64| match (function, run.memory_mb, run.latency.mean) {
        (true, Some(mb), Some(ms)) => Some(lambda_per_million(mb, ms, gb_s, prices)),
        _ => None,
    };
    RunCost {
        label: run.label.clone(),
        integration: run.integration.clone(),
        lambda_x86: lambda(prices.lambda_gb_second_x86),
        lambda_arm: lambda(prices.lambda_gb_second_arm),
        apigw_rest: prices.apigw_rest_per_million,
        apigw_http: prices.apigw_http_per_million,
        alb: run
            .throughput_rps
            .and_then(|rps| alb_per_million(rps, alb_lcu(run, function), prices)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of `docs/aws-lambda-vpc.md` §6: 128 MB, 100 ms, x86 = $0.208 + $0.20 = $0.408 per 1M.
    #[test]
    fn lambda_example() {
        let p = Prices::default();
        let c = lambda_per_million(128, 100.0, p.lambda_gb_second_x86, &p);
        assert!((c - 0.408_333_75).abs() < 1e-9, "{c}");
        // 99.2 ms is billed as 100 ms.
        assert_eq!(lambda_per_million(128, 99.2, p.lambda_gb_second_x86, &p), c);
        let arm = lambda_per_million(128, 100.0, p.lambda_gb_second_arm, &p);
        assert!(arm < c);
    }

    #[test]
    fn alb_by_hand() {
        let p = Prices::default();
        // 1 LCU at 100 req/s: (0.0225 + 0.008) x 1e6 / 360,000 = $0.0847 per 1M.
        let c = alb_per_million(100.0, 1.0, &p).unwrap();
        assert!((c - 0.0305 * 1e6 / 360_000.0).abs() < 1e-12);
        assert_eq!(alb_per_million(0.0, 1.0, &p), None);
    }
}
