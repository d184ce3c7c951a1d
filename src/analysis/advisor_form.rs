//! The advisor's inputs as typed, in the window or on the command line, and their
//! one validation, as `capacity::form::PlannerForm` is for the planner: the panel
//! keeps an [`AdvisorForm`], `gatebench advise` makes one from its arguments, and
//! both get the same [`AdvisorInput`] or the same messages.

use serde::{Deserialize, Serialize};

use super::advisor::Strategy;

/// The strategies, as typed.
pub const STRATEGIES: [&str; 3] = ["cost", "speed", "balanced"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AdvisorForm {
    /// `cost`, `speed` or `balanced`.
    pub strategy: String,
    /// For `balanced`: from 0 (speed) to 1 (cost).
    pub balanced_weight: f64,
    /// The largest p99 a size may have, in ms; empty for none.
    pub slo_p99_ms: String,
    /// A projected peak in req/s, for concurrency and ENIs; empty for none.
    pub peak_rps: String,
}

impl Default for AdvisorForm {
    fn default() -> Self {
        AdvisorForm {
            strategy: "cost".into(),
            balanced_weight: 0.5,
            slo_p99_ms: String::new(),
            peak_rps: String::new(),
        }
    }
}

/// The inputs, checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdvisorInput {
    pub strategy: Strategy,
    pub slo_p99_ms: Option<f64>,
    pub peak_rps: Option<f64>,
}

/// What is wrong with each field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdvisorErrors {
    pub strategy: Option<String>,
    pub balanced_weight: Option<String>,
    pub slo_p99_ms: Option<String>,
    pub peak_rps: Option<String>,
}

impl AdvisorErrors {
    fn is_empty(&self) -> bool {
        *self == AdvisorErrors::default()
    }

    /// Each message, prefixed by what names its field (`--slo-p99-ms`, "p99
    /// objective"): `names` gives the names of strategy, weight, objective and peak.
    pub fn messages(&self, names: [&str; 4]) -> Vec<String> {
        [
            &self.strategy,
            &self.balanced_weight,
            &self.slo_p99_ms,
            &self.peak_rps,
        ]
        .into_iter()
        .zip(names)
        .filter_map(|(e, name)| e.as_ref().map(|e| format!("{name} {e}")))
        .collect()
    }
}

/// A number above 0, or nothing.
pub fn optional_positive(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() => Ok(Some(v)),
        _ => Err(format!("`{t}`: expected a number above 0")),
    }
}

impl AdvisorForm {
    /// The checked input, or a message for every field that is wrong.
    pub fn evaluate(&self) -> Result<AdvisorInput, AdvisorErrors> {
        let mut errors = AdvisorErrors::default();
        let w = self.balanced_weight;
        if !(0.0..=1.0).contains(&w) {
            errors.balanced_weight = Some(format!(
                "`{w}`: expected a weight from 0 (speed) to 1 (cost)"
            ));
        }
        let strategy = match self.strategy.as_str() {
            "cost" => Some(Strategy::Cost),
            "speed" => Some(Strategy::Speed),
            "balanced" => Some(Strategy::Balanced(w)),
            other => {
                errors.strategy = Some(format!("`{other}`: expected cost, speed or balanced"));
                None
            }
        };
        let slo = optional_positive(&self.slo_p99_ms).map_err(|e| errors.slo_p99_ms = Some(e));
        let peak = optional_positive(&self.peak_rps).map_err(|e| errors.peak_rps = Some(e));
        match (strategy, slo, peak) {
            (Some(strategy), Ok(slo_p99_ms), Ok(peak_rps)) if errors.is_empty() => {
                Ok(AdvisorInput {
                    strategy,
                    slo_p99_ms,
                    peak_rps,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_form_is_the_cheapest_size_without_an_objective() {
        let input = AdvisorForm::default().evaluate().unwrap();
        assert_eq!(input.strategy, Strategy::Cost);
        assert_eq!((input.slo_p99_ms, input.peak_rps), (None, None));
    }

    #[test]
    fn every_bad_field_gets_its_message() {
        let form = AdvisorForm {
            strategy: "fastest".into(),
            balanced_weight: 1.5,
            slo_p99_ms: "-3".into(),
            peak_rps: "NaN".into(),
        };
        let e = form.evaluate().unwrap_err();
        assert_eq!(
            e.messages([
                "--strategy",
                "--balanced-weight",
                "--slo-p99-ms",
                "--peak-rps"
            ]),
            [
                "--strategy `fastest`: expected cost, speed or balanced",
                "--balanced-weight `1.5`: expected a weight from 0 (speed) to 1 (cost)",
                "--slo-p99-ms `-3`: expected a number above 0",
                "--peak-rps `NaN`: expected a number above 0",
            ]
        );
        let ok = AdvisorForm {
            strategy: "balanced".into(),
            balanced_weight: 0.25,
            slo_p99_ms: " 30 ".into(),
            ..AdvisorForm::default()
        };
        let input = ok.evaluate().unwrap();
        assert_eq!(input.strategy, Strategy::Balanced(0.25));
        assert_eq!(input.slo_p99_ms, Some(30.0));
    }
}
