//! A file named as a server log (`--server-log`, *Server logs…*, an experiment's
//! `server_log`): read as its detected format and, since one file may hold several
//! servers' lines (a transcript of a gateway's access log and its function's
//! REPORT lines), as every other server-log format that finds its lines in it.

use std::path::Path;

use super::{Format, ImportError, Options, load_file_with};
use crate::model::Run;

/// The server-log formats, by id.
pub const SERVER_FORMATS: [&str; 8] = [
    "lambda",
    "apigw",
    "alb",
    "elb",
    "cloudfront",
    "nginx",
    "haproxy",
    "envoy",
];

/// The runs of `path` by the options that read them: the detected (or given)
/// format's, then each other server format's that reads lines of its own from the
/// same file. A file that is no server log is an error naming it.
pub fn read(path: &Path, options: &Options) -> Result<Vec<(Options, Vec<Run>)>, ImportError> {
    let first = load_file_with(path, options, &|_| {})?;
    if first.iter().any(|r| r.server.is_none()) {
        return Err(ImportError::file(
            path,
            "is not a server log (it holds a load tool's results); expected an access log \
             or a function's log (docs/server-logs.md)",
        ));
    }
    let mut seen: Vec<_> = first
        .iter()
        .filter_map(|r| r.server.as_ref().map(|s| s.source))
        .collect();
    let mut out = vec![(options.clone(), first)];
    if options.format.is_some() {
        return Ok(out);
    }
    for id in SERVER_FORMATS {
        let as_this = Options {
            format: Format::by_id(id),
            ..options.clone()
        };
        let Ok(runs) = load_file_with(path, &as_this, &|_| {}) else {
            continue;
        };
        let sources: Vec<_> = runs
            .iter()
            .filter_map(|r| r.server.as_ref().map(|s| s.source))
            .collect();
        if !sources.is_empty() && sources.iter().all(|s| !seen.contains(s)) {
            seen.extend(sources);
            out.push((as_this, runs));
        }
    }
    Ok(out)
}
