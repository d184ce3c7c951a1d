//! Repeats: runs of the same thing, shown as one row with n and intervals. Runs are
//! repeats of each other when they share a group key: the group the user gave them,
//! else their integration type and memory tier ([`Run::group_key`]).

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

/// The groups of `runs` in display order (`super::order`): by integration type,
/// then memory tier as a number, then repeat, each group's runs in the same order.
pub fn groups(runs: &[Run]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for i in super::order::display_order(runs) {
        let run = &runs[i];
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
        assert_eq!(g[1].key, "apigw-lambda 1024 MB", "tiers by number");
        runs[3].group = Some("apigw-lambda 512 MB".into());
        assert_eq!(
            groups(&runs)[0].members,
            [0, 2, 3],
            "put in a group by the user"
        );
        assert_eq!(group_of(&groups(&runs), 1), Some(1));
    }
}
