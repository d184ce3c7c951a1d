//! The planner's inputs as the user types them, and their validation. The GUI and
//! the `eni` command both go through [`PlannerForm::evaluate`], so a bad input gets
//! the same message next to the field and on stderr.

use serde::{Deserialize, Serialize};

use super::MEMORY_RANGE_MB;
use super::legacy::Divisor;
use super::plan::PlanInput;
use super::subnet::{self, Subnet};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubnetRow {
    pub cidr: String,
    pub az: String,
}

impl SubnetRow {
    pub fn new(cidr: &str, az: &str) -> Self {
        Self {
            cidr: cidr.into(),
            az: az.into(),
        }
    }

    /// The row as `Subnet::parse` reads it: `CIDR`, or `CIDR@AZ` with an AZ.
    fn spec(&self) -> String {
        match self.az.trim() {
            "" => self.cidr.clone(),
            az => format!("{}@{az}", self.cidr.trim()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannerForm {
    pub memory_mb: String,
    pub concurrency: String,
    pub subnets: Vec<SubnetRow>,
    pub divisor: Divisor,
    /// Distinct security-group sets (Hyperplane).
    pub security_group_sets: String,
    /// Peak concurrent connections (Hyperplane); empty means "the concurrency".
    pub connections: String,
    /// More memory tiers for the table, comma-separated.
    pub extra_tiers: String,
}

impl Default for PlannerForm {
    /// The worked example of `docs/aws-lambda-vpc.md` §1: 1,000 executions at 1,024 MB in three /24s.
    fn default() -> Self {
        Self {
            memory_mb: "1024".into(),
            concurrency: "1000".into(),
            subnets: vec![
                SubnetRow::new("10.0.1.0/24", "us-east-1a"),
                SubnetRow::new("10.0.2.0/24", "us-east-1b"),
                SubnetRow::new("10.0.3.0/24", "us-east-1c"),
            ],
            divisor: Divisor::Gb1_5,
            security_group_sets: "1".into(),
            connections: String::new(),
            extra_tiers: String::new(),
        }
    }
}

/// A message per field that is wrong; `None` where the field is fine.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormErrors {
    pub memory_mb: Option<String>,
    pub concurrency: Option<String>,
    /// One entry per subnet row.
    pub subnets: Vec<Option<String>>,
    /// Problems of the set of subnets: none given, overlaps.
    pub subnet_set: Option<String>,
    pub security_group_sets: Option<String>,
    pub connections: Option<String>,
    pub extra_tiers: Option<String>,
}

impl FormErrors {
    /// Every message, each prefixed with its field, in the order of the form.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut push = |field: &str, m: &Option<String>| {
            if let Some(m) = m {
                out.push(format!("{field}: {m}"));
            }
        };
        push("memory", &self.memory_mb);
        push("concurrency", &self.concurrency);
        for (i, m) in self.subnets.iter().enumerate() {
            push(&format!("subnet {}", i + 1), m);
        }
        push("subnets", &self.subnet_set);
        push("security-group sets", &self.security_group_sets);
        push("connections", &self.connections);
        push("memory tiers", &self.extra_tiers);
        out
    }

    pub fn is_empty(&self) -> bool {
        self.messages().is_empty()
    }
}

/// A memory size in MB within Lambda's range.
pub fn parse_memory(text: &str) -> Result<u32, String> {
    let text = text.trim();
    match text.parse::<u32>() {
        Ok(mb) if MEMORY_RANGE_MB.contains(&mb) => Ok(mb),
        _ => Err(format!(
            "expected a whole number of MB from 128 to 10,240, found `{text}`"
        )),
    }
}

fn parse_at_least_one(text: &str) -> Result<u64, String> {
    let text = text.trim();
    match text.parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "expected a whole number of at least 1, found `{text}`"
        )),
    }
}

impl PlannerForm {
    /// The validated input, or a message for every field that is wrong.
    pub fn evaluate(&self) -> Result<PlanInput, Box<FormErrors>> {
        let mut errors = FormErrors::default();
        let memory = parse_memory(&self.memory_mb).map_err(|e| errors.memory_mb = Some(e));
        let concurrency =
            parse_at_least_one(&self.concurrency).map_err(|e| errors.concurrency = Some(e));
        let sg = parse_at_least_one(&self.security_group_sets)
            .map_err(|e| errors.security_group_sets = Some(e));
        let connections = match self.connections.trim() {
            "" => Ok(None),
            text => text.parse::<u64>().map(Some).map_err(|_| {
                errors.connections = Some(format!(
                    "expected a whole number, or nothing to use the concurrency; found `{text}`"
                ))
            }),
        };
        if let Err(e) = self.tiers() {
            errors.extra_tiers = Some(e);
        }

        let mut subnets = Vec::new();
        for row in &self.subnets {
            match Subnet::parse(&row.spec()) {
                Ok(s) => {
                    subnets.push(s);
                    errors.subnets.push(None);
                }
                Err(e) => errors.subnets.push(Some(e.to_string())),
            }
        }
        if self.subnets.is_empty() {
            errors.subnet_set = Some("give at least one subnet".into());
        } else if let Err(e) = subnet::check_overlaps(&subnets) {
            errors.subnet_set = Some(e.to_string());
        }

        match (memory, concurrency, sg, connections) {
            (Ok(memory_mb), Ok(concurrency), Ok(security_group_sets), Ok(connections))
                if errors.is_empty() =>
            {
                Ok(PlanInput {
                    memory_mb,
                    concurrency,
                    subnets,
                    divisor: self.divisor,
                    security_group_sets,
                    connections,
                })
            }
            _ => Err(Box::new(errors)),
        }
    }

    /// The extra tiers typed by the user.
    pub fn tiers(&self) -> Result<Vec<u32>, String> {
        self.extra_tiers
            .split([',', ' '])
            .filter(|t| !t.trim().is_empty())
            .map(parse_memory)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_form_is_valid() {
        let input = PlannerForm::default().evaluate().unwrap();
        assert_eq!(input.subnets.len(), 3);
        assert_eq!(input.legacy().total.enis_required, 667);
    }

    #[test]
    fn every_bad_input_gets_its_message() {
        let form = PlannerForm {
            memory_mb: "64".into(),
            concurrency: "0".into(),
            subnets: vec![
                SubnetRow::new("10.0.0.0/16", ""),
                SubnetRow::new("10.0.1.0/24", ""),
                SubnetRow::new("banana", ""),
                SubnetRow::new("10.2.0.0/30", ""),
            ],
            divisor: Divisor::Gb3,
            security_group_sets: "0".into(),
            connections: "many".into(),
            extra_tiers: "512, 20000".into(),
        };
        let e = form.evaluate().unwrap_err();
        assert_eq!(
            e.memory_mb.as_deref(),
            Some("expected a whole number of MB from 128 to 10,240, found `64`")
        );
        assert_eq!(
            e.concurrency.as_deref(),
            Some("expected a whole number of at least 1, found `0`")
        );
        assert_eq!(e.subnets[0], None);
        assert_eq!(
            e.subnets[2].as_deref(),
            Some("`banana` is not an IPv4 CIDR such as 10.0.1.0/24")
        );
        assert_eq!(
            e.subnets[3].as_deref(),
            Some("10.2.0.0/30: a VPC subnet is /16 to /28")
        );
        assert_eq!(
            e.subnet_set.as_deref(),
            Some("10.0.0.0/16 and 10.0.1.0/24 overlap")
        );
        assert!(e.security_group_sets.is_some());
        assert!(e.connections.is_some());
        assert!(e.extra_tiers.as_deref().unwrap().contains("`20000`"));
        assert_eq!(e.messages().len(), 8);

        let none = PlannerForm {
            subnets: vec![],
            ..PlannerForm::default()
        };
        assert_eq!(
            none.evaluate().unwrap_err().subnet_set.as_deref(),
            Some("give at least one subnet")
        );
    }
}
