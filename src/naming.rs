//! The file-name rule that fills a run's integration type and memory tier.
//!
//! The name up to its first `.` is split on `-` and `_`. The last part that is a
//! whole number from 128 to 10240, optionally followed by `mb`, is the memory tier;
//! the other parts, joined with `-`, are the integration type. So `lambda-512.txt`
//! is integration `lambda` at 512 MB, `apigw_lambda_1024mb.wrk.txt` is
//! `apigw-lambda` at 1024 MB and `elb-direct.txt` is `elb-direct` with no tier.
//!
//! Repeats of one test name their repeat after the first `.`: `run2`, `rep2` or `r2`
//! (`apigw-lambda-512.run2.txt`). The label keeps it (`apigw-lambda-512.run2`), and
//! runs of one integration and tier are repeats of each other.

use std::path::Path;

pub use crate::capacity::MEMORY_RANGE_MB;

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
    let memory_at = parts.iter().rposition(|p| memory_token(p).is_some());
    let memory_mb = memory_at.and_then(|i| memory_token(parts[i]));
    if let Some(i) = memory_at {
        parts.remove(i);
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

fn memory_token(part: &str) -> Option<u32> {
    let lower = part.to_ascii_lowercase();
    let digits = lower.strip_suffix("mb").unwrap_or(&lower);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits
        .parse()
        .ok()
        .filter(|mb| MEMORY_RANGE_MB.contains(mb))
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
        assert_eq!(info("512.txt"), (None, Some(512)));
    }
}
