//! `gatebench advise`: the memory advisor without a window. Reads load tests and
//! Power Tuning files (or a visualization URL), and recommends a memory size by a
//! Power Tuning strategy and an optional latency objective. Exit 0 with a
//! recommendation, 1 when no size meets the objective (the report is printed too),
//! 2 for bad input.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{AdviseArgs, AdviseFormat, Failure};
use crate::analysis::advisor::{self, Advice, Question, Source, Strategy};
use crate::analysis::advisor_form::AdvisorForm;
use crate::analysis::compare::Settings;
use crate::capacity::cost::Prices;
use crate::capacity::legacy::Divisor;
use crate::capacity::subnet::{self, Subnet};
use crate::import::power_tuning;
use crate::model::Run;
use crate::present::advisor as words;

pub fn run(args: &AdviseArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let mut bad = Vec::new();
    // The same form and checks as the Memory advisor tab.
    let form = AdvisorForm {
        strategy: args.strategy.clone(),
        balanced_weight: args.balanced_weight.unwrap_or(0.5),
        slo_p99_ms: args.slo_p99_ms.clone().unwrap_or_default(),
        peak_rps: args.peak_rps.clone().unwrap_or_default(),
    };
    let input = form.evaluate().map_err(|e| {
        bad.extend(e.messages([
            "--strategy",
            "--balanced-weight",
            "--slo-p99-ms",
            "--peak-rps",
        ]))
    });
    if args.balanced_weight.is_some() && args.strategy != "balanced" {
        bad.push("--balanced-weight needs --strategy balanced".into());
    }
    let divisor = Divisor::from_gb(&args.divisor_gb);
    if divisor.is_none() {
        bad.push(format!(
            "--divisor-gb {}: expected 1.5 or 3",
            args.divisor_gb
        ));
    }
    let mut subnets = Vec::new();
    for s in &args.subnets {
        match Subnet::parse(s) {
            Ok(sub) => subnets.push(sub),
            Err(e) => bad.push(format!("--subnet {s}: {e}")),
        }
    }
    if let Err(e) = subnet::check_overlaps(&subnets) {
        bad.push(format!("--subnet: {e}"));
    }
    let mut runs: Vec<Run> = if args.files.is_empty() {
        Vec::new()
    } else {
        super::load::runs_with(&args.files, &args.read)?
    };
    if let Some(pt) = &args.power_tuning {
        match power_tuning_runs(pt) {
            Ok(more) => crate::analysis::run_set::append_unique(&mut runs, more),
            Err(e) => bad.push(e),
        }
    }
    if args.files.is_empty() && args.power_tuning.is_none() {
        bad.push("give result files, --power-tuning FILE_OR_URL, or both".into());
    }
    if !bad.is_empty() {
        return Err(Failure::BadInput(bad));
    }
    if let Some(path) = &args.chart {
        crate::output::check_writable(path)?;
    }
    let (Ok(input), Some(divisor)) = (input, divisor) else {
        return Err(Failure::bad_input("bad arguments"));
    };
    let prices = Prices::default();
    let question = Question {
        strategy: input.strategy,
        slo_p99_ms: input.slo_p99_ms,
        peak_rps: input.peak_rps,
        subnets: &subnets,
        divisor,
        prices: &prices,
        settings: Settings::default(),
    };
    let Some(advice) = advisor::advise(&runs, &question) else {
        return Err(Failure::bad_input(
            "no Lambda runs: expected runs of a Lambda integration with a memory tier \
             (such as apigw-lambda-512.txt) or a Power Tuning file",
        ));
    };
    let text = match args.format {
        AdviseFormat::Table => table(&advice, input.slo_p99_ms),
        AdviseFormat::Json => json(&advice, input.slo_p99_ms),
    };
    out.write_all(text.as_bytes()).map_err(Failure::stdout)?;
    if let Some(path) = &args.chart {
        let chart = crate::charts::advisor::advisor_chart(&advice, input.slo_p99_ms);
        super::chart_file::write(&chart, path)?;
    }
    match advice.recommended_mb {
        Some(_) => Ok(()),
        None => Err(Failure::CheckFailed(format!(
            "gatebench advise: {}",
            words::recommendation(&advice, input.slo_p99_ms)
        ))),
    }
}

/// The runs of `--power-tuning`: a file, or a URL pasted on the command line.
fn power_tuning_runs(arg: &str) -> Result<Vec<Run>, String> {
    let path = Path::new(arg);
    if path.is_file() {
        return crate::import::load_file(path).map_err(|e| e.to_string());
    }
    if arg.contains('#') || arg.contains(';') {
        return power_tuning::decode_fragment(arg)
            .map(|sizes| power_tuning::runs_of(Path::new("power-tuning"), &sizes))
            .map_err(|e| format!("--power-tuning: {e}"));
    }
    Err(format!(
        "--power-tuning {arg}: expected a Power Tuning output file or its visualization URL"
    ))
}

fn table(advice: &Advice, slo: Option<f64>) -> String {
    let rows: Vec<Vec<String>> = advice
        .tiers
        .iter()
        .map(|t| {
            let chosen = Some(t.memory_mb) == advice.recommended_mb
                && Some(t.source) == advice.recommended_source;
            words::row(t, chosen)
        })
        .collect();
    let header = words::COLUMNS.map(String::from);
    let mut s = words::recommendation(advice, slo) + "\n\n";
    s += &super::text_table::render(&header, &[], &rows);
    s += "(* recommended)\n";
    if !advice.steps.is_empty() {
        s += "\n";
        for step in &advice.steps {
            s += &format!("{}\n", step.sentence());
        }
    }
    for n in &advice.notes {
        s += &format!("\nnote: {n}");
    }
    if !advice.notes.is_empty() {
        s += "\n";
    }
    s
}

#[derive(Serialize)]
struct AdviceJson {
    strategy: &'static str,
    balanced_weight: Option<f64>,
    slo_p99_ms: Option<f64>,
    recommended_mb: Option<u32>,
    tiers: Vec<TierJson>,
    steps: Vec<String>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct TierJson {
    memory_mb: u32,
    source: Source,
    runs: Vec<String>,
    duration_ms: f64,
    duration_ci_ms: Option<[f64; 2]>,
    p99_ms: Option<f64>,
    throughput_rps: Option<f64>,
    cost_per_invocation_usd: f64,
    cost_per_million_usd: f64,
    cost_arm_per_million_usd: Option<f64>,
    meets_slo: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    concurrency: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    enis_required: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    enis_hyperplane: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fits: Option<bool>,
}

fn json(advice: &Advice, slo: Option<f64>) -> String {
    let tiers = advice
        .tiers
        .iter()
        .map(|t| TierJson {
            memory_mb: t.memory_mb,
            source: t.source,
            runs: t.runs.clone(),
            duration_ms: t.mean.mean,
            duration_ci_ms: t.mean.interval.map(|i| [i.low, i.high]),
            p99_ms: t.p99.as_ref().map(|p| p.mean),
            throughput_rps: t.throughput.as_ref().map(|p| p.mean),
            cost_per_invocation_usd: t.cost_per_invocation_usd,
            cost_per_million_usd: t.cost_per_million_usd(),
            cost_arm_per_million_usd: t.cost_arm_per_million_usd,
            meets_slo: t.meets_slo,
            concurrency: t.concurrency,
            enis_required: t.enis_legacy,
            enis_hyperplane: t.enis_hyperplane,
            fits: t.fits,
        })
        .collect();
    let report = AdviceJson {
        strategy: advice.strategy.name(),
        balanced_weight: match advice.strategy {
            Strategy::Balanced(w) => Some(w),
            _ => None,
        },
        slo_p99_ms: slo,
        recommended_mb: advice.recommended_mb,
        tiers,
        steps: advice.steps.iter().map(|s| s.sentence()).collect(),
        notes: advice.notes.clone(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}
