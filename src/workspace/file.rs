//! The workspace format: what each field holds, and reading it back with errors
//! that say what was expected. The JSON is documented in `docs/workspace-format.md`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::capacity::cost::Prices;
use crate::capacity::form::PlannerForm;
use crate::charts::view::ChartViews;
use crate::error::ImportError;
use crate::import::FormatSettings;

/// The format version this gatebench writes and the newest it reads.
pub const VERSION: u32 = 1;

/// A saved analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    /// The format version; its presence says "this is a workspace".
    pub gatebench_workspace: u32,
    /// The gatebench that wrote it ("gatebench 0.1.0").
    #[serde(default)]
    pub saved_by: String,
    /// The files the runs were read from.
    #[serde(default)]
    pub sources: Vec<SourceFile>,
    /// The runs, in the order of the table.
    #[serde(default)]
    pub runs: Vec<RunEntry>,
    /// The index in `runs` of the baseline, when the user picked one.
    #[serde(default)]
    pub baseline: Option<usize>,
    /// The server logs paired with client runs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<PairEntry>,
    /// Hidden legend entries, zooms, log axes, confidence and noise threshold.
    #[serde(default)]
    pub views: ChartViews,
    /// The capacity planner's inputs.
    #[serde(default)]
    pub planner: PlannerForm,
    /// The prices of the cost figures, as edited.
    #[serde(default)]
    pub prices: Prices,
    /// What the window keeps of its own (tab, theme, chart shown, advisor inputs);
    /// the command line passes it through unread.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub window: serde_json::Value,
}

impl Default for Workspace {
    /// An empty workspace of this version.
    fn default() -> Self {
        Workspace {
            gatebench_workspace: VERSION,
            saved_by: String::new(),
            sources: Vec::new(),
            runs: Vec::new(),
            baseline: None,
            pairs: Vec::new(),
            views: ChartViews::default(),
            planner: PlannerForm::default(),
            prices: Prices::default(),
            window: serde_json::Value::Null,
        }
    }
}

/// A file runs were read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceFile {
    /// Relative to the workspace's folder (with `/`), or absolute when on another
    /// drive.
    pub path: String,
    /// The size when saved.
    pub bytes: u64,
    /// The SHA-256 of the content when saved, in hex.
    pub sha256: String,
    /// The format it was read as (`--input-format`, File > Open as); detected when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Read with the general CSV reader only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub general_reader: bool,
    /// The formats' own options it was read with, each under its key (`hlog_unit`:
    /// `ns`, `us` or `ms`); options at their default are left out.
    #[serde(flatten)]
    pub options: BTreeMap<String, String>,
}

/// A run of the table: how it is made, then what the user set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunEntry {
    #[serde(flatten)]
    pub made: Made,
    pub label: String,
    #[serde(default)]
    pub integration: Option<String>,
    #[serde(default)]
    pub memory_mb: Option<u32>,
    /// Set while integration and tier are a guess from a name the user has not
    /// confirmed (`file_name`, `run_name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred_from: Option<crate::model::Inferred>,
    /// The group of repeats the user put it in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The experiment's sweep value of the run's cell (`gatebench run`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<crate::model::SweepValue>,
    /// A run merged from load generators that ran together: the window all of
    /// them were sending in, which its throughput counts (`gatebench run`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<crate::model::SendingWindow>,
    /// When an experiment's run was, on its machine's clock (RFC 3339), for
    /// pairing server logs by time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wall_clock: Option<crate::model::server::LogWindow>,
}

/// A server log paired with a client run (`docs/breakdown.md`): both as indices
/// into `runs`; `guessed` when paired by time and not kept yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairEntry {
    pub client: usize,
    pub server: usize,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub guessed: bool,
}

/// How a run is made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Made {
    /// Run `run` (from 0) of the runs read from source `source`.
    File { source: usize, run: usize },
    /// Run `run` of a pasted AWS Lambda Power Tuning visualization URL.
    PowerTuningUrl { url: String, run: usize },
    /// Merged from these runs (each as it was when merged).
    Merged(Vec<RunEntry>),
}

/// Whether `path` names a workspace: by its extension, or by a first key
/// `"gatebench_workspace"` in `head`.
pub fn is_workspace(path: &Path, head: &[u8]) -> bool {
    let named = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(super::EXTENSION));
    let text = String::from_utf8_lossy(&head[..head.len().min(256)]);
    let opened = text.trim_start().strip_prefix('{').map(str::trim_start);
    named || opened.is_some_and(|t| t.starts_with("\"gatebench_workspace\""))
}

/// Whether the file at `path` is a workspace (by its name, or its first bytes).
pub fn names_workspace(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(256).read_to_end(&mut head);
    }
    is_workspace(path, &head)
}

/// Reads the workspace at `path`.
pub fn read(path: &Path) -> Result<Workspace, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| ImportError::io(path, e))?;
    parse(path, &bytes)
}

/// Reads a workspace from `bytes`; `path` names it in errors.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Workspace, ImportError> {
    let expected = format!(
        "expected a gatebench workspace: a JSON object whose first key is \
         \"gatebench_workspace\": {VERSION}"
    );
    if bytes.is_empty() {
        return Err(ImportError::file(
            path,
            format!("the file is empty; {expected}"),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ImportError::file(
            path,
            format!("the file is not UTF-8 text ({e}); {expected}"),
        )
    })?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let what = if e.is_eof() {
            "the JSON ends early (the file looks truncated)".to_owned()
        } else {
            format!("this is not valid JSON ({e})")
        };
        ImportError::parse(path, e.line().max(1), format!("{what}; {expected}"))
    })?;
    let version = value.get("gatebench_workspace");
    match version.and_then(serde_json::Value::as_u64) {
        None => {
            return Err(ImportError::file(
                path,
                format!("no format version; {expected}"),
            ));
        }
        Some(v) if v > u64::from(VERSION) => {
            return Err(ImportError::file(
                path,
                format!(
                    "written by a newer gatebench (workspace format {v}; this one reads \
                     format {VERSION} and older): update gatebench to open it"
                ),
            ));
        }
        Some(0) => {
            return Err(ImportError::file(
                path,
                format!("format version 0; {expected}"),
            ));
        }
        Some(_) => {}
    }
    let workspace: Workspace = serde_json::from_str(text).map_err(|e| {
        ImportError::parse(
            path,
            e.line().max(1),
            format!("{e}; expected the fields of docs/workspace-format.md"),
        )
    })?;
    check(&workspace).map_err(|m| ImportError::file(path, m))?;
    Ok(workspace)
}

/// What JSON alone cannot say: every index points at something.
fn check(w: &Workspace) -> Result<(), String> {
    fn entry(e: &RunEntry, at: &str, sources: usize) -> Result<(), String> {
        match &e.made {
            Made::File { source, .. } if *source >= sources => Err(format!(
                "{at} (\"{}\") reads source {source}, but the workspace lists {sources} \
                 source(s); expected an index below {sources}",
                e.label
            )),
            Made::Merged(parts) if parts.len() < 2 => Err(format!(
                "{at} (\"{}\") is merged from {} run(s); expected at least 2",
                e.label,
                parts.len()
            )),
            Made::Merged(parts) => parts
                .iter()
                .enumerate()
                .try_for_each(|(i, p)| entry(p, &format!("{at}.merged[{i}]"), sources)),
            _ => Ok(()),
        }
    }
    for (i, e) in w.runs.iter().enumerate() {
        entry(e, &format!("runs[{i}]"), w.sources.len())?;
    }
    if let Some(b) = w.baseline
        && b >= w.runs.len()
    {
        return Err(format!(
            "the baseline is run {b}, but the workspace has {} run(s)",
            w.runs.len()
        ));
    }
    if let Some(s) = w.sources.iter().find(|s| {
        s.format
            .as_deref()
            .is_some_and(|f| crate::import::Format::by_id(f).is_none())
    }) {
        return Err(format!(
            "source {} is read as \"{}\", which is no format gatebench knows",
            s.path,
            s.format.as_deref().unwrap_or_default()
        ));
    }
    for s in &w.sources {
        settings_of(s).map_err(|e| format!("source {}: {e}", s.path))?;
    }
    Ok(())
}

/// The formats' options a source was read with; an unknown option, or a value its
/// option does not take, is an error that names it (never a silent default).
pub fn settings_of(source: &SourceFile) -> Result<FormatSettings, String> {
    source
        .options
        .iter()
        .try_fold(FormatSettings::default(), |s, (key, value)| {
            s.with(key, value)
        })
}
