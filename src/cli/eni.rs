//! `gatebench eni`: the capacity planner without a window.

use std::io::Write;

use serde::Serialize;

use super::{EniArgs, EniFormat, EniModel, Failure};
use crate::capacity::form::{PlannerForm, SubnetRow};
use crate::capacity::legacy::Divisor;
use crate::capacity::plan::{
    HyperplaneReport, LegacyReport, PlanInput, Reading, TierRow, tier_list,
};
use crate::capacity::subnet::SubnetReport;
use crate::format::{signed, thousands};
use crate::present::eni as words;

/// The form the arguments describe.
pub fn form(args: &EniArgs) -> PlannerForm {
    PlannerForm {
        memory_mb: args.memory_mb.clone(),
        concurrency: args.concurrency.clone(),
        // `CIDR@AZ` as typed: the form reads it with `Subnet::parse`, as the planner's.
        subnets: args.subnets.iter().map(|s| SubnetRow::new(s, "")).collect(),
        divisor: Divisor::from_gb(&args.divisor_gb).unwrap_or_default(),
        security_group_sets: args.security_groups.clone(),
        connections: args.connections.clone().unwrap_or_default(),
        extra_tiers: args.tiers.clone(),
    }
}

/// JSON of the legacy model; `addresses_available`, `fits`, `headroom` and
/// `max_concurrency` use the total reading, `per_subnet` the worst case.
#[derive(Serialize)]
struct LegacyJson<'a> {
    model: &'static str,
    memory_mb: u32,
    concurrency: u64,
    divisor_gb: f64,
    era: &'static str,
    memory_above_era_max: bool,
    #[serde(flatten)]
    total: &'a Reading,
    subnets: Vec<SubnetReport>,
    per_subnet: &'a Reading,
    tiers: Vec<TierRow>,
}

#[derive(Serialize)]
struct HyperplaneJson<'a> {
    model: &'static str,
    memory_mb: u32,
    concurrency: u64,
    #[serde(flatten)]
    report: &'a HyperplaneReport,
    /// Hyperplane ENIs do not grow with concurrency: no address bound.
    max_concurrency: Option<u64>,
    subnets: Vec<SubnetReport>,
}

pub fn run(args: &EniArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let form = form(args);
    let input = form
        .evaluate()
        .map_err(|errors| Failure::BadInput(errors.messages()))?;
    let tiers = tier_list(&form.tiers().unwrap_or_default(), input.memory_mb);
    if let Some(path) = &args.chart {
        super::chart_file::write(&crate::charts::eni::eni_chart(&input, &tiers), path)?;
    }
    let text = match (args.model, args.format) {
        (EniModel::Legacy, EniFormat::Json) => {
            let r = input.legacy();
            json(&LegacyJson {
                model: "legacy",
                memory_mb: input.memory_mb,
                concurrency: input.concurrency,
                divisor_gb: r.divisor_gb,
                era: r.era,
                memory_above_era_max: r.memory_above_era_max,
                total: &r.total,
                subnets: input.subnet_reports(),
                per_subnet: &r.per_subnet,
                tiers: input.tiers(&tiers),
            })
        }
        (EniModel::Hyperplane, EniFormat::Json) => json(&HyperplaneJson {
            model: "hyperplane",
            memory_mb: input.memory_mb,
            concurrency: input.concurrency,
            report: &input.hyperplane(),
            max_concurrency: None,
            subnets: input.subnet_reports(),
        }),
        (EniModel::Legacy, EniFormat::Table) => legacy_table(&input, &input.legacy(), &tiers),
        (EniModel::Hyperplane, EniFormat::Table) => hyperplane_table(&input, &input.hyperplane()),
    };
    out.write_all(text.as_bytes()).map_err(Failure::stdout)
}

fn json(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "NO" }
}

fn prefix(p: Option<u8>) -> String {
    p.map_or("none (over /16)".into(), |p| format!("/{p}"))
}

fn subnet_lines(input: &PlanInput) -> String {
    let mut s = String::from("subnet              AZ            usable\n");
    for sub in &input.subnets {
        s += &format!(
            "{:<19} {:<13} {:>6}\n",
            sub.cidr.to_string(),
            sub.az.as_deref().unwrap_or("–"),
            thousands(sub.usable())
        );
    }
    s
}

pub fn legacy_table(input: &PlanInput, r: &LegacyReport, tiers: &[u32]) -> String {
    let mut s = words::legacy_heading(r) + "\n";
    if let Some(note) = words::above_era_max(input, r) {
        s += &format!("note: {note}\n");
    }
    s += &format!(
        "{} (private IP addresses)\n\n",
        words::legacy_formula(input, r)
    );
    s += &subnet_lines(input);
    let n = input.subnets.len();
    let row = |name: &str, a: String, b: String| format!("{name:<28} {a:>16} {b:>22}\n");
    s += "\n";
    s += &row("", "in total".into(), "per subnet (worst case)".into());
    s += &row(
        "addresses available",
        thousands(r.total.addresses_available),
        thousands(r.per_subnet.addresses_available),
    );
    s += &row(
        "ENIs required",
        thousands(r.total.enis_required),
        thousands(r.per_subnet.enis_required),
    );
    s += &row(
        "fits",
        yes_no(r.total.fits).into(),
        yes_no(r.per_subnet.fits).into(),
    );
    s += &row(
        "headroom",
        format!(
            "{} ({:.1}%)",
            signed(r.total.headroom),
            r.total.headroom_pct
        ),
        format!(
            "{} ({:.1}%)",
            signed(r.per_subnet.headroom),
            r.per_subnet.headroom_pct
        ),
    );
    s += &row(
        "largest concurrency",
        thousands(r.total.max_concurrency),
        thousands(r.per_subnet.max_concurrency),
    );
    s += &row(
        "smallest subnets that fit",
        format!("{} x {n}", prefix(r.total.smallest_prefix)),
        prefix(r.per_subnet.smallest_prefix),
    );
    s += &format!("\n{}\n\n", wrap(words::READINGS_CAVEAT));
    s += "memory tier   ENIs   fits   largest concurrency\n";
    for t in input.tiers(tiers) {
        s += &format!(
            "{:>7} MB {:>7}   {:<4} {:>20}{}\n",
            t.memory_mb,
            thousands(t.enis_required),
            yes_no(t.fits),
            thousands(t.max_concurrency),
            if t.above_era_max {
                "   (above the era's maximum)"
            } else {
                ""
            }
        );
    }
    s += &format!(
        "\n{}\nSee the Hyperplane check with --model hyperplane.\n",
        wrap(words::MODEL_CAVEAT)
    );
    s
}

pub fn hyperplane_table(input: &PlanInput, h: &HyperplaneReport) -> String {
    let mut s = String::from(
        "Hyperplane ENI model (AWS since September 2019): one shared ENI per\n\
         (subnet, security-group set) pair, one more per further 65,000 connections\n\n",
    );
    s += &subnet_lines(input);
    s += &format!(
        "\n{}\n{}\nsmallest subnet that fits: {}\n",
        words::hyperplane_formula(input, h),
        words::hyperplane_quota(h),
        prefix(h.smallest_prefix),
    );
    s += &format!("\n{}\n", wrap(words::MODEL_CAVEAT));
    s
}

/// `text` wrapped at 88 columns, for the terminal.
fn wrap(text: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for word in text.split_whitespace() {
        if width > 0 && width + 1 + word.chars().count() > 88 {
            out.push('\n');
            width = 0;
        } else if width > 0 {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += word.chars().count();
    }
    out
}
