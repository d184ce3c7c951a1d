//! The file-name rule that fills a run's integration type and memory tier, marked
//! as guessed ([`Inferred`]) until the user confirms or edits them.
//!
//! The name up to its first `.` is split on `-` and `_`. A memory tier is read only
//! where the name says memory, a whole number from 128 to 10240 (Lambda's range):
//! - with a unit: `512mb`, `512m` (any case);
//! - after `mem` or `memory`: `mem512`, `mem-512`, `memory_1024`;
//! - right after a part that names a function: `lambda-512`, `apigw-lambda-512`
//!   (a part ending in `lambda`, or `fn`, `func`, `function`).
//!
//! The last such part is the tier; the other parts, joined with `-`, are the
//! integration type. So `lambda-512.txt` is integration `lambda` at 512 MB,
//! `apigw_lambda_1024mb.wrk.txt` is `apigw-lambda` at 1024 MB and `elb-direct.txt`
//! is `elb-direct` with no tier. A bare number says nothing about memory:
//! `run-2024-405.txt` and `ats-two-runs-400-405.txt` are integrations with no tier.
//! See `docs/benchmark-formats.md`, "Names".
//!
//! Repeats of one test name their repeat after the first `.`: `run2`, `rep2` or `r2`
//! (`apigw-lambda-512.run2.txt`). The label keeps it (`apigw-lambda-512.run2`), and
//! runs of one integration and tier are repeats of each other.

use std::path::Path;

pub use crate::capacity::MEMORY_RANGE_MB;
use crate::model::{Inferred, Run};

/// What a file name says about the runs in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameInfo {
    /// The name up to its first `.`, and the repeat part if there is one
    /// (`apigw-lambda-512.run2`): the run label.
    pub stem: String,
    pub integration: Option<String>,
    pub memory_mb: Option<u32>,
    /// The repeat number of `.run2`, `.rep2` or `.r2`.
    pub repeat: Option<u32>,
}

/// What the name of the file at `path` says: `results/apigw-lambda-512.txt` is
/// integration `apigw-lambda`, tier 512 MB, label `apigw-lambda-512`.
pub fn classify(path: &Path) -> NameInfo {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut dotted = name.split('.');
    let stem = dotted.next().unwrap_or_default().to_owned();
    let repeat_part = dotted.next().filter(|p| repeat_number(p).is_some());
    let repeat = repeat_part.and_then(repeat_number);
    let mut parts: Vec<&str> = stem.split(['-', '_']).filter(|p| !p.is_empty()).collect();
    let memory = (0..parts.len())
        .rev()
        .find_map(|i| memory_at(&parts, i).map(|(mb, from)| (mb, from, i)));
    let memory_mb = memory.map(|(mb, _, _)| mb);
    if let Some((_, from, i)) = memory {
        parts.drain(from..=i);
    }
    let integration = (!parts.is_empty()).then(|| parts.join("-").to_lowercase());
    NameInfo {
        stem: match repeat_part {
            Some(r) => format!("{stem}.{r}"),
            None => stem,
        },
        integration,
        memory_mb,
        repeat,
    }
}

/// `run2`, `rep2`, `r2` (any case) -> 2.
fn repeat_number(part: &str) -> Option<u32> {
    let lower = part.to_ascii_lowercase();
    let digits = ["run", "rep", "r"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl NameInfo {
    /// Gives `run` this name's integration type and memory tier, marked as guessed
    /// `from` that name; a name that says neither leaves the run as it is.
    pub fn fill(&self, run: &mut Run, from: Inferred) {
        if self.integration.is_some() || self.memory_mb.is_some() {
            run.integration.clone_from(&self.integration);
            run.memory_mb = self.memory_mb;
            run.inferred_from = Some(from);
        }
    }
}

/// Drops what was guessed from names (`--no-infer`): a run keeps only the
/// integration type and memory tier its file states or the user set.
pub fn forget_guesses(run: &mut Run) {
    if run.inferred_from.take().is_some() {
        run.integration = None;
        run.memory_mb = None;
    }
}

/// The memory tier part `i` of `parts` names, with the first part of the name that
/// says so (`mem-512`: the `mem` before it).
fn memory_at(parts: &[&str], i: usize) -> Option<(u32, usize)> {
    let part = parts[i].to_ascii_lowercase();
    let in_range = |digits: &str| -> Option<u32> {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits
            .parse()
            .ok()
            .filter(|mb| MEMORY_RANGE_MB.contains(mb))
    };
    // `512mb`, `512m`, `mem512`, `memory1024mb`
    let unitless = part
        .strip_suffix("mb")
        .or_else(|| part.strip_suffix('m'))
        .unwrap_or(&part);
    if unitless.len() < part.len()
        && let Some(mb) = in_range(unitless)
    {
        return Some((mb, i));
    }
    let after_mem = unitless
        .strip_prefix("memory")
        .or_else(|| unitless.strip_prefix("mem"));
    if let Some(mb) = after_mem.and_then(in_range) {
        return Some((mb, i));
    }
    // A bare number after `mem` or a function's name.
    let mb = in_range(&part)?;
    let before = parts.get(i.checked_sub(1)?)?.to_ascii_lowercase();
    if before == "mem" || before == "memory" {
        return Some((mb, i - 1));
    }
    let function =
        before.ends_with("lambda") || ["fn", "func", "function"].contains(&before.as_str());
    function.then_some((mb, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(name: &str) -> (Option<String>, Option<u32>) {
        let i = classify(Path::new(name));
        (i.integration, i.memory_mb)
    }

    #[test]
    fn examples_from_the_readme() {
        assert_eq!(info("lambda-512.txt"), (Some("lambda".into()), Some(512)));
        assert_eq!(info("elb-direct.txt"), (Some("elb-direct".into()), None));
        let i = classify(Path::new("results/apigw-lambda-512.txt"));
        assert_eq!(i.stem, "apigw-lambda-512");
        assert_eq!(i.integration.as_deref(), Some("apigw-lambda"));
        assert_eq!(
            info("dir/apigw_lambda_1024mb.wrk.txt"),
            (Some("apigw-lambda".into()), Some(1024))
        );
    }

    #[test]
    fn repeats_after_the_first_dot() {
        let i = classify(Path::new("apigw-lambda-512.run2.txt"));
        assert_eq!(i.stem, "apigw-lambda-512.run2");
        assert_eq!(i.integration.as_deref(), Some("apigw-lambda"));
        assert_eq!((i.memory_mb, i.repeat), (Some(512), Some(2)));
        assert_eq!(classify(Path::new("elb-direct.R3.txt")).repeat, Some(3));
        // Not a repeat: the label is the name up to the first dot, as before.
        let i = classify(Path::new("elb-direct.wrk.txt"));
        assert_eq!((i.stem.as_str(), i.repeat), ("elb-direct", None));
        assert_eq!(classify(Path::new("x.running.txt")).repeat, None);
    }

    #[test]
    fn numbers_outside_the_memory_range_stay_in_the_name() {
        assert_eq!(info("run-2.txt"), (Some("run-2".into()), None));
        assert_eq!(info("lambda-64.txt"), (Some("lambda-64".into()), None));
        assert_eq!(
            info("lambda-20480mb.txt"),
            (Some("lambda-20480mb".into()), None)
        );
    }

    #[test]
    fn a_tier_only_where_the_name_says_memory() {
        // Said with a unit, after `mem`, or after a function's name.
        assert_eq!(info("svc-512mb.txt"), (Some("svc".into()), Some(512)));
        assert_eq!(info("svc-1769M.txt"), (Some("svc".into()), Some(1769)));
        assert_eq!(info("svc_mem512.txt"), (Some("svc".into()), Some(512)));
        assert_eq!(info("svc-mem-2048.txt"), (Some("svc".into()), Some(2048)));
        assert_eq!(
            info("svc-memory1024mb.txt"),
            (Some("svc".into()), Some(1024))
        );
        assert_eq!(info("lambda-512.txt"), (Some("lambda".into()), Some(512)));
        assert_eq!(info("fn-256-c10.txt"), (Some("fn-c10".into()), Some(256)));
        assert_eq!(info("mem512.txt"), (None, Some(512)));
        // A bare number is not memory: years, status codes, counts.
        assert_eq!(
            info("run-2024-405.txt"),
            (Some("run-2024-405".into()), None)
        );
        assert_eq!(
            info("ats-two-runs-400-405.txt"),
            (Some("ats-two-runs-400-405".into()), None)
        );
        assert_eq!(info("512.txt"), (Some("512".into()), None));
        assert_eq!(info("nginx-c1000.txt"), (Some("nginx-c1000".into()), None));
        assert_eq!(info("lambda-c512.txt"), (Some("lambda-c512".into()), None));
        // `m` alone is a unit only after digits.
        assert_eq!(info("m-512.txt"), (Some("m-512".into()), None));
    }

    #[test]
    fn guesses_are_marked_and_can_be_dropped() {
        let mut run = Run::default();
        classify(Path::new("apigw-lambda-512.txt")).fill(&mut run, Inferred::FileName);
        assert_eq!(run.memory_mb, Some(512));
        assert_eq!(run.inferred_from, Some(Inferred::FileName));
        forget_guesses(&mut run);
        assert_eq!((run.integration, run.memory_mb), (None, None));
        // What the file said stays.
        let mut run = Run {
            integration: Some("elb-direct".into()),
            ..Run::default()
        };
        forget_guesses(&mut run);
        assert_eq!(run.integration.as_deref(), Some("elb-direct"));
    }
}
