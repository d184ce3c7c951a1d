//! What each group of repeats is compared with. Without a sweep, every group is
//! compared with the baseline run's group. In a sweep the baseline is a *door* (the
//! baseline run's target, "elb-direct"), and each group is compared with that door's
//! group at its own sweep value: like with like, never one door at 10 connections
//! against another at 400 (`docs/comparing-runs.md`).

use super::repeats::Group;
use super::sweep;
use crate::model::Run;

/// Whether every run of `g` is a server log paired with a client run: its time is
/// shown with that run's (`breakdown`, the server side), not as a group of its own
/// in a comparison.
pub fn paired_logs(runs: &[Run], g: &Group) -> bool {
    !g.members.is_empty()
        && g.members.iter().all(|&i| {
            let log = &runs[i];
            log.server.is_some()
                && runs
                    .iter()
                    .any(|c| c.paired.iter().any(|p| p.label == log.label))
        })
}

/// What a group is compared with.
#[derive(Debug, Clone, PartialEq)]
pub enum Against {
    /// It is the baseline (in a sweep: the baseline door's group at its value).
    Itself,
    /// The group at this index.
    Group(usize),
    /// Nothing: why not ("elb-direct has no run at c=800").
    Nothing(String),
}

/// The baseline of a set of runs and what each group is compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct References {
    /// The baseline door and the swept key, when the runs are a sweep.
    pub door: Option<(String, String)>,
    /// One per group, in the groups' order.
    pub against: Vec<Against>,
}

impl References {
    /// What each of `groups` is compared with, the baseline being run `baseline`.
    pub fn of(runs: &[Run], groups: &[Group], baseline: Option<usize>) -> References {
        let mut refs = Self::of_clients(runs, groups, baseline);
        // What a server logged (`docs/server-logs.md`) is its own time, not what a
        // client waited: never compared with a client's run.
        for (g, against) in groups.iter().zip(&mut refs.against) {
            let logged =
                !g.members.is_empty() && g.members.iter().all(|&i| runs[i].server.is_some());
            if logged && *against != Against::Itself {
                *against = Against::Nothing(
                    "a server's log, not a client's measurement: see the server side".into(),
                );
            }
        }
        refs
    }

    fn of_clients(runs: &[Run], groups: &[Group], baseline: Option<usize>) -> References {
        let Some(b) = baseline.filter(|&b| b < runs.len()) else {
            return References {
                door: None,
                against: vec![Against::Nothing("no baseline".into()); groups.len()],
            };
        };
        let base_group = groups.iter().position(|g| g.members.contains(&b));
        let key = sweep::most_swept_key(runs).filter(|_| sweep::is_sweep(runs));
        let Some(key) = key.filter(|k| sweep::swept_by(&runs[b], k).is_some()) else {
            // As before sweeps: every group against the baseline run's group.
            let against = (0..groups.len())
                .map(|i| match base_group {
                    Some(bg) if bg == i => Against::Itself,
                    Some(bg) => Against::Group(bg),
                    None => Against::Nothing("no baseline".into()),
                })
                .collect();
            return References {
                door: None,
                against,
            };
        };
        let door = sweep::door_name(&runs[b]);
        // The group of the baseline door at each sweep value.
        let value_of = |g: &Group| -> Option<f64> {
            let first = runs.get(*g.members.first()?)?;
            sweep::swept_by(first, &key).map(|s| s.value)
        };
        let door_of = |g: &Group| g.members.first().map(|&i| sweep::door_name(&runs[i]));
        let against = groups
            .iter()
            .map(|g| {
                let Some(value) = value_of(g) else {
                    return Against::Nothing(format!(
                        "not part of the sweep of {key}: no {door} run to compare it with"
                    ));
                };
                if door_of(g).as_deref() == Some(door.as_str()) {
                    return Against::Itself;
                }
                let found = groups.iter().position(|o| {
                    value_of(o) == Some(value) && door_of(o).as_deref() == Some(&door)
                });
                match found {
                    Some(o) => Against::Group(o),
                    None => Against::Nothing(format!(
                        "{door} has no run at {}",
                        sweep::short(&key, value)
                    )),
                }
            })
            .collect();
        References {
            door: Some((door, key)),
            against,
        }
    }

    /// The group that group `i` is compared with, if another.
    pub fn base_of<'g>(&self, groups: &'g [Group], i: usize) -> Option<&'g Group> {
        match self.against.get(i)? {
            Against::Group(b) => groups.get(*b),
            _ => None,
        }
    }

    /// True when group `i` is the baseline (or, in a sweep, of the baseline door).
    pub fn is_baseline(&self, i: usize) -> bool {
        self.against.get(i) == Some(&Against::Itself)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::repeats;
    use crate::analysis::sweep::tests::swept;

    #[test]
    fn a_sweep_compares_each_cell_with_the_baseline_door_at_the_same_load() {
        let runs = [
            swept("direct", 10.0, 1000.0, 10.0),
            swept("direct", 100.0, 5000.0, 20.0),
            swept("proxy", 10.0, 500.0, 20.0),
            swept("proxy", 100.0, 2000.0, 50.0),
            swept("proxy", 400.0, 2100.0, 200.0),
        ];
        let groups = repeats::groups(&runs);
        let keys: Vec<&str> = groups.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "direct c=10",
                "direct c=100",
                "proxy c=10",
                "proxy c=100",
                "proxy c=400"
            ]
        );
        // Whichever run of the door is the baseline, the door is.
        for b in [0, 1] {
            let r = References::of(&runs, &groups, Some(b));
            assert_eq!(r.door, Some(("direct".into(), "connections".into())));
            assert_eq!(
                r.against,
                [
                    Against::Itself,
                    Against::Itself,
                    Against::Group(0),
                    Against::Group(1),
                    Against::Nothing("direct has no run at c=400".into()),
                ]
            );
        }
        assert_eq!(
            References::of(&runs, &groups, Some(3)).against[0],
            Against::Group(2)
        );
    }

    #[test]
    fn without_a_sweep_every_group_is_compared_with_the_baseline_group() {
        let mut runs = vec![
            swept("direct", 10.0, 1000.0, 10.0),
            swept("proxy", 10.0, 500.0, 20.0),
        ];
        for r in &mut runs {
            r.sweep = None;
        }
        let groups = repeats::groups(&runs);
        let r = References::of(&runs, &groups, Some(1));
        assert_eq!(r.door, None);
        assert_eq!(r.against, [Against::Group(1), Against::Itself]);
        assert!(r.is_baseline(1));
    }
}
