//! `gatebench compare`: a CI gate. The candidate runs against the baseline runs,
//! metric by metric, with intervals, significance and verdicts
//! (`analysis::compare`); exit 1 when a metric regressed beyond `--max-regression`.
//! The report goes to stdout whatever the verdict.

use std::io::Write;

use serde::Serialize;

use super::{CompareArgs, CompareFormat, Failure};
use crate::analysis::compare::{self, Comparison, Metric, MetricComparison, Settings, Side};
use crate::format;
use crate::model::Run;

pub fn run(args: &CompareArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let mut bad = Vec::new();
    if !(args.confidence > 0.5 && args.confidence < 1.0) {
        bad.push(format!(
            "--confidence {}: expected a probability between 0.5 and 1, such as 0.95",
            args.confidence
        ));
    }
    if !(args.noise >= 0.0 && args.noise.is_finite()) {
        bad.push(format!(
            "--noise {}: expected a percentage of 0 or more",
            args.noise
        ));
    }
    if let Some(m) = args.max_regression
        && !(m >= 0.0 && m.is_finite())
    {
        bad.push(format!(
            "--max-regression {m}: expected a percentage of 0 or more"
        ));
    }
    if !bad.is_empty() {
        return Err(Failure::BadInput(bad));
    }
    let baseline = super::load::runs_with(&args.baseline, &args.read)?;
    let candidate = super::load::runs_with(&args.candidate, &args.read)?;
    let metrics: Vec<Metric> = if args.metric.is_empty() {
        Metric::ALL.to_vec()
    } else {
        let mut m: Vec<Metric> = Vec::new();
        for metric in &args.metric {
            if !m.contains(metric) {
                m.push(*metric);
            }
        }
        m
    };
    let settings = Settings {
        confidence: args.confidence,
        noise_pct: args.noise,
    };
    let max_regression = args.max_regression.unwrap_or(args.noise);
    let (b, c): (Vec<&Run>, Vec<&Run>) = (baseline.iter().collect(), candidate.iter().collect());
    let comparison = compare::compare(&b, &c, &metrics, &settings);
    let missing: Vec<&str> = metrics
        .iter()
        .filter(|m| !comparison.metrics.iter().any(|c| c.metric == **m))
        .map(|m| m.name())
        .collect();
    if comparison.metrics.is_empty() {
        return Err(Failure::bad_input(format!(
            "no metric can be compared: the baseline or the candidate reports none of {}",
            missing.join(", ")
        )));
    }
    let gate = Gate {
        settings,
        max_regression,
        comparison,
        missing,
    };
    let text = match args.format {
        CompareFormat::Table => gate.table(),
        CompareFormat::Json => gate.json(),
        CompareFormat::Markdown => gate.markdown(),
        CompareFormat::Junit => gate.junit(),
    };
    out.write_all(text.as_bytes()).map_err(Failure::stdout)?;
    let failed: Vec<String> = gate
        .comparison
        .metrics
        .iter()
        .filter(|m| gate.fails(m))
        .map(|m| format!("{} {}", m.metric.name(), format::signed_pct(m.change_pct)))
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::CheckFailed(format!(
            "gatebench compare: regressed beyond {}%: {}",
            gate.max_regression,
            failed.join(", ")
        )))
    }
}

/// A comparison and the gate's rule.
struct Gate {
    settings: Settings,
    max_regression: f64,
    comparison: Comparison,
    /// Metrics asked for that a side does not report.
    missing: Vec<&'static str>,
}

impl Gate {
    /// A metric fails the gate when it got worse by more than the allowed regression
    /// and that was significant, or could not be tested.
    fn fails(&self, m: &MetricComparison) -> bool {
        m.worse_pct() > self.max_regression && m.significant != Some(false)
    }

    fn regressed(&self) -> bool {
        self.comparison.metrics.iter().any(|m| self.fails(m))
    }

    fn headline(&self) -> String {
        format!(
            "gatebench compare: {} (confidence {}%, noise threshold {}%, max regression {}%)",
            if self.regressed() {
                "REGRESSED"
            } else {
                "pass"
            },
            self.settings.confidence * 100.0,
            self.settings.noise_pct,
            self.max_regression
        )
    }

    fn side_text(&self, side: &Side, metric: Metric) -> String {
        let v = |x: f64| format::value(x, metric.unit());
        let interval = match side.interval {
            Some(i) => format!(" ({}–{})", v(i.low), v(i.high)),
            None => String::new(),
        };
        format!(
            "{} {}{interval}, n = {}",
            v(side.mean),
            metric.unit(),
            side.n
        )
    }

    fn notes(&self) -> Vec<String> {
        let mut notes: Vec<String> = self
            .comparison
            .warnings
            .iter()
            .map(|w| format!("warning: {w}"))
            .collect();
        if self
            .comparison
            .metrics
            .iter()
            .any(|m| m.significant.is_none())
        {
            notes.push(
                "one run on a side and no per-request samples: no significance test is \
                 possible; those changes are judged against the threshold alone"
                    .into(),
            );
        }
        for m in &self.missing {
            notes.push(format!("{m}: not reported by both sides, not compared"));
        }
        notes
    }

    fn table(&self) -> String {
        let c = self.settings.confidence;
        let rows: Vec<Vec<String>> = self
            .comparison
            .metrics
            .iter()
            .map(|m| {
                vec![
                    m.metric.name().to_owned(),
                    self.side_text(&m.baseline, m.metric),
                    self.side_text(&m.candidate, m.metric),
                    m.summary(c),
                    if self.fails(m) { "FAIL" } else { "pass" }.to_owned(),
                ]
            })
            .collect();
        let header = [
            "metric".to_owned(),
            format!("baseline ({:.0}% CI)", c * 100.0),
            format!("candidate ({:.0}% CI)", c * 100.0),
            "change".to_owned(),
            "gate".to_owned(),
        ];
        let mut s = self.headline() + "\n\n";
        s += &super::text_table::render(&header, &[], &rows);
        let notes = self.notes();
        if !notes.is_empty() {
            s += "\n";
            for n in notes {
                s += &format!("{n}\n");
            }
        }
        s
    }

    fn markdown(&self) -> String {
        let c = self.settings.confidence;
        let mut s = format!("### {}\n\n", self.headline());
        s += &format!(
            "| metric | baseline ({0:.0}% CI) | candidate ({0:.0}% CI) | change | gate |\n",
            c * 100.0
        );
        s += "|---|---|---|---|---|\n";
        for m in &self.comparison.metrics {
            s += &format!(
                "| {} | {} | {} | {} | {} |\n",
                m.metric.name(),
                self.side_text(&m.baseline, m.metric),
                self.side_text(&m.candidate, m.metric),
                m.summary(c),
                if self.fails(m) {
                    "❌ fail"
                } else {
                    "✅ pass"
                }
            );
        }
        let notes = self.notes();
        if !notes.is_empty() {
            s += "\n";
            for n in notes {
                s += &format!("- {n}\n");
            }
        }
        s
    }

    fn junit(&self) -> String {
        let failures = self
            .comparison
            .metrics
            .iter()
            .filter(|m| self.fails(m))
            .count();
        let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s += &format!(
            "<testsuite name=\"gatebench compare\" tests=\"{}\" failures=\"{failures}\">\n",
            self.comparison.metrics.len()
        );
        let c = self.settings.confidence;
        for m in &self.comparison.metrics {
            let detail = format!(
                "baseline {}; candidate {}; change {}",
                self.side_text(&m.baseline, m.metric),
                self.side_text(&m.candidate, m.metric),
                m.summary(c)
            );
            s += &format!(
                "  <testcase classname=\"gatebench.compare\" name=\"{}\">\n",
                xml(m.metric.key())
            );
            if self.fails(m) {
                s += &format!(
                    "    <failure message=\"{} regressed by more than {}%\">{}</failure>\n",
                    xml(m.metric.name()),
                    self.max_regression,
                    xml(&detail)
                );
            } else {
                s += &format!("    <system-out>{}</system-out>\n", xml(&detail));
            }
            s += "  </testcase>\n";
        }
        let notes = self.notes();
        if !notes.is_empty() {
            s += &format!("  <system-out>{}</system-out>\n", xml(&notes.join("\n")));
        }
        s += "</testsuite>\n";
        s
    }

    fn json(&self) -> String {
        let metrics: Vec<MetricJson> = self
            .comparison
            .metrics
            .iter()
            .map(|m| MetricJson {
                metric: m.metric.key(),
                baseline: SideJson::of(&m.baseline),
                candidate: SideJson::of(&m.candidate),
                change_pct: m.change_pct,
                change_ci_pct: m.change_ci_pct.map(|i| [i.low, i.high]),
                p_value: m.p_value,
                significant: m.significant,
                verdict: m.verdict,
                gate: if self.fails(m) { "fail" } else { "pass" },
            })
            .collect();
        let report = ReportJson {
            regressed: self.regressed(),
            confidence: self.settings.confidence,
            noise_pct: self.settings.noise_pct,
            max_regression_pct: self.max_regression,
            metrics,
            warnings: self.notes(),
        };
        serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
    }
}

#[derive(Serialize)]
struct ReportJson {
    regressed: bool,
    confidence: f64,
    noise_pct: f64,
    max_regression_pct: f64,
    metrics: Vec<MetricJson>,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct MetricJson {
    metric: &'static str,
    baseline: SideJson,
    candidate: SideJson,
    change_pct: f64,
    change_ci_pct: Option<[f64; 2]>,
    p_value: Option<f64>,
    significant: Option<bool>,
    verdict: compare::Verdict,
    gate: &'static str,
}

#[derive(Serialize)]
struct SideJson {
    n: usize,
    mean: f64,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    basis: compare::Basis,
}

impl SideJson {
    fn of(side: &Side) -> Self {
        SideJson {
            n: side.n,
            mean: side.mean,
            ci_low: side.interval.map(|i| i.low),
            ci_high: side.interval.map(|i| i.high),
            basis: side.basis,
        }
    }
}

/// Text escaped for XML.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
