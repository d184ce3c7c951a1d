//! Repeats: runs of the same thing, shown as one row with n and intervals. Runs are
//! repeats of each other when they share a group key: the group the user gave them,
//! else their integration type and memory tier ([`Run::group_key`]).

use super::compare::{self, Comparison, Metric, Settings};
use crate::model::Run;

/// Runs of one group, by their index in the loaded runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub key: String,
    pub members: Vec<usize>,
}

impl Group {
    pub fn runs<'a>(&self, runs: &'a [Run]) -> Vec<&'a Run> {
        self.members.iter().filter_map(|&i| runs.get(i)).collect()
    }

    pub fn n(&self) -> usize {
        self.members.len()
    }
}

/// The groups of `runs`, in the order their first run was loaded.
pub fn groups(runs: &[Run]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let key = run.group_key();
        match out.iter_mut().find(|g| g.key == key) {
            Some(g) => g.members.push(i),
            None => out.push(Group {
                key,
                members: vec![i],
            }),
        }
    }
    out
}

/// The group that holds run `index`.
pub fn group_of(groups: &[Group], index: usize) -> Option<usize> {
    groups.iter().position(|g| g.members.contains(&index))
}

/// Each group against the baseline's group, as the window and the report show them;
/// `None` for the baseline's own group.
pub fn against_baseline(
    runs: &[Run],
    groups: &[Group],
    baseline: Option<usize>,
    settings: &Settings,
) -> Vec<Option<Comparison>> {
    let base = baseline.and_then(|b| group_of(groups, b));
    groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let b = base.filter(|&b| b != i)?;
            Some(compare::compare(
                &groups[b].runs(runs),
                &g.runs(runs),
                &Metric::ALL,
                settings,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(label: &str, integration: &str, memory: Option<u32>) -> Run {
        Run {
            label: label.into(),
            integration: Some(integration.into()),
            memory_mb: memory,
            ..Run::default()
        }
    }

    #[test]
    fn repeats_share_integration_and_tier_unless_grouped() {
        let mut runs = vec![
            run("a.run1", "apigw-lambda", Some(512)),
            run("d", "elb-direct", None),
            run("a.run2", "apigw-lambda", Some(512)),
            run("b", "apigw-lambda", Some(1024)),
        ];
        let g = groups(&runs);
        assert_eq!(g.len(), 3);
        assert_eq!(g[0].key, "apigw-lambda 512 MB");
        assert_eq!(g[0].members, [0, 2]);
        runs[3].group = Some("apigw-lambda 512 MB".into());
        assert_eq!(
            groups(&runs)[0].members,
            [0, 2, 3],
            "put in a group by the user"
        );
        assert_eq!(group_of(&groups(&runs), 1), Some(1));
    }
}
