//! The layers of `ARCHITECTURE.md`, checked on the source: no module uses one above
//! it, and nothing below `render` and `gui` mentions egui.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Top-level modules, lowest first. A module may use the modules of lower ranks.
const LAYERS: [(&str, u8); 21] = [
    ("error", 0),
    ("format", 0),
    ("output", 1),
    ("model", 1),
    ("capacity", 2),
    ("naming", 3),
    ("blocks", 3),
    ("samples", 4),
    ("import", 5),
    ("analysis", 6),
    ("charts", 7),
    ("present", 7),
    ("history", 8),
    ("render", 8),
    ("svg", 8),
    ("workspace", 8),
    ("report", 9),
    ("experiment", 9),
    ("gui", 10),
    ("cli", 11),
    ("lib", 12),
];

fn rank(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// The top-level modules `text` names as `crate::<module>`.
fn uses(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        // `gatebench::crate::` never occurs; skip `$crate::` in macros.
        if text[..i].ends_with('$') {
            continue;
        }
        let rest = &text[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

#[test]
fn no_module_uses_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "main" {
            continue;
        }
        let Some(own) = rank(&module) else {
            problems.push(format!(
                "{}: module `{module}` has no layer",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for used in uses(&text) {
            if used == module {
                continue;
            }
            match rank(&used) {
                Some(r) if r < own => {}
                _ => problems.push(format!(
                    "{}: `{module}` uses `crate::{used}`, which is not below it",
                    file.display()
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_core_knows_nothing_of_egui() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let windowed = ["render", "gui"];
    let mut problems = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if windowed.contains(&module.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in ["egui", "eframe", "wgpu", "rfd::", "winit"] {
                // `crate::gui::` and `crate::render::` calls sit behind `cfg(feature = "gui")`.
                if code.contains(name) && !code.contains("crate::gui") {
                    problems.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The files of `src/` a file imports: every `crate::`, `super::` and `self::`
/// path of its code (`use` lists expanded, comments and its `tests` module left
/// out), each resolved to the file that defines the longest module it names.
fn file_imports(src: &Path, file: &Path) -> BTreeSet<PathBuf> {
    let text = std::fs::read_to_string(file).unwrap();
    let text = text.split("\n#[cfg(test)]\nmod tests").next().unwrap_or("");
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    // The module path of the file: `experiment/backend/mod.rs` is
    // experiment::backend, `experiment/cell.rs` is experiment::cell.
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut here: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if here.last().is_some_and(|l| l == "mod" || l == "lib") {
        here.pop();
    }
    let mut out = BTreeSet::new();
    for path in paths_in(&code) {
        let mut parts: Vec<&str> = path.split("::").collect();
        let mut base: Vec<String> = match parts[0] {
            "crate" => Vec::new(),
            "self" => here.clone(),
            _ => here.clone(), // super: one `super` pops one level below
        };
        while parts.first() == Some(&"super") {
            base.pop();
            parts.remove(0);
        }
        if matches!(parts.first(), Some(&"crate") | Some(&"self")) {
            parts.remove(0);
        }
        base.extend(parts.iter().map(|s| s.to_string()));
        // The longest prefix that is a file.
        for n in (0..=base.len()).rev() {
            let prefix = base[..n].join("/");
            let candidates = if prefix.is_empty() {
                vec![src.join("lib.rs")]
            } else {
                vec![
                    src.join(format!("{prefix}.rs")),
                    src.join(&prefix).join("mod.rs"),
                ]
            };
            if let Some(found) = candidates.into_iter().find(|c| c.is_file()) {
                if found != file {
                    out.insert(found);
                }
                break;
            }
        }
    }
    out
}

/// Every `crate::a::b`, `super::a` and `self::a` path in `code`, with `use` lists
/// (`use super::{a, b::{c, d}}`) expanded into whole paths.
fn paths_in(code: &str) -> Vec<String> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = ["crate::", "super::", "self::"]
            .iter()
            .find(|p| bytes[i..].starts_with(p.as_bytes()));
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        match starts {
            Some(_) if boundary && !(i > 0 && bytes[i - 1] == b'$') => {
                let (paths, end) = path_at(code, i);
                out.extend(paths);
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    out
}

/// The path (or the paths of a `{...}` list) that begins at byte `at`, and where it
/// ends.
fn path_at(code: &str, at: usize) -> (Vec<String>, usize) {
    let bytes = code.as_bytes();
    let mut i = at;
    let mut prefix = String::new();
    loop {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        prefix.push_str(&code[start..i]);
        if code[i..].starts_with("::{") {
            // A list: each item a path of its own after the prefix.
            let mut depth = 0;
            let open = i + 2;
            let mut j = open;
            while j < bytes.len() {
                match bytes[j] {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            let inner = &code[open + 1..j.min(code.len())];
            let mut items = Vec::new();
            let mut level = 0;
            let mut last = 0;
            for (k, c) in inner.char_indices() {
                match c {
                    '{' => level += 1,
                    '}' => level -= 1,
                    ',' if level == 0 => {
                        items.push(&inner[last..k]);
                        last = k + 1;
                    }
                    _ => {}
                }
            }
            items.push(&inner[last..]);
            let mut paths = Vec::new();
            for item in items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
                if item == "self" {
                    paths.push(prefix.clone());
                    continue;
                }
                let (inner_paths, _) = path_at(&format!("x::{item}"), 0);
                paths.extend(
                    inner_paths
                        .into_iter()
                        .map(|p| format!("{prefix}{}", &p[1..])),
                );
            }
            return (paths, j + 1);
        }
        if code[i..].starts_with("::")
            && bytes
                .get(i + 2)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        {
            prefix.push_str("::");
            i += 2;
            continue;
        }
        return (vec![prefix], i);
    }
}

/// The circles among the files of `src/` (Tarjan's strongly connected components
/// of the file import graph), each with what ties it.
fn circles(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let index = |p: &PathBuf| files.iter().position(|f| f == p);
    let edges: Vec<Vec<usize>> = files
        .iter()
        .map(|f| file_imports(src, f).iter().filter_map(index).collect())
        .collect();
    // Tarjan, iteratively enough for a few hundred files: recursion is fine.
    struct T<'a> {
        edges: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(t: &mut T, v: usize) {
        t.index[v] = Some(t.next);
        t.low[v] = t.next;
        t.next += 1;
        t.stack.push(v);
        t.on[v] = true;
        for &w in &t.edges[v].clone() {
            match t.index[w] {
                None => {
                    visit(t, w);
                    t.low[v] = t.low[v].min(t.low[w]);
                }
                Some(i) if t.on[w] => t.low[v] = t.low[v].min(i),
                _ => {}
            }
        }
        if Some(t.low[v]) == t.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on[w] = false;
                scc.push(w);
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                t.out.push(scc);
            }
        }
    }
    let n = files.len();
    let mut t = T {
        edges: &edges,
        index: vec![None; n],
        low: vec![0; n],
        on: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if t.index[v].is_none() {
            visit(&mut t, v);
        }
    }
    let name = |i: usize| files[i].strip_prefix(src).unwrap().display().to_string();
    t.out
        .iter()
        .map(|scc| {
            let ties: Vec<String> = scc
                .iter()
                .flat_map(|&a| {
                    edges[a]
                        .iter()
                        .filter(|b| scc.contains(b))
                        .map(move |&b| format!("{} -> {}", name(a), name(b)))
                })
                .collect();
            format!("a circle: {}", ties.join(", "))
        })
        .collect()
}

#[test]
fn no_two_files_import_each_other_even_around_a_loop() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = circles(&src);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The floors of a module's files, lowest first: a file imports only files of
/// its own module on lower floors (or of its own floor, which the circle test
/// keeps in order). Each module whose shape `ARCHITECTURE.md` draws is listed.
const FLOORS: &[(&str, &[&[&str]])] = &[
    (
        "experiment",
        &[
            // Leaves: what an experiment is, the tools' facts, how a run is made,
            // what it tells, its files' names, clocks, manifest, stop rule, plan.
            &[
                "clock",
                "generator",
                "tool",
                "spec",
                "invocation",
                "manifest",
                "plan",
                "observe",
                "outputs",
                "stop_rule",
            ],
            &["file", "backend/mod", "backend/local", "backend/ssh"],
            &["fleet"],
            &["cell"],
            &["results", "server_capture"],
            &["runner"],
            &["record", "mod"],
        ],
    ),
    (
        "gui",
        &[
            &["vocabulary"],
            &["commands"],
            &[
                "advisor_panel",
                "charts_panel",
                "close_prompt",
                "comparison_panel",
                "errors_panel",
                "experiments_panel",
                "history_panel",
                "menu",
                "missing_panel",
                "planner_panel",
                "runs_table",
                "server_panel",
            ],
            &["state"],
            &[
                "jobs/mod",
                "jobs/dialog",
                "jobs/experiment",
                "jobs/export",
                "jobs/history",
                "jobs/load",
                "jobs/locate",
                "jobs/report",
                "jobs/save",
                "jobs/server_logs",
            ],
            &["status_bar"],
            &["app", "apply", "receive", "mod"],
        ],
    ),
];

#[test]
fn the_files_of_a_module_keep_their_floors() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    for (module, floors) in FLOORS {
        let dir = src.join(module);
        let floor_of = |rel: &str| floors.iter().position(|f| f.contains(&rel));
        let mut files = Vec::new();
        rust_files(&dir, &mut files);
        for file in &files {
            let rel = file
                .strip_prefix(&dir)
                .unwrap()
                .with_extension("")
                .display()
                .to_string();
            let Some(own) = floor_of(&rel) else {
                problems.push(format!("{module}/{rel}.rs has no floor in FLOORS"));
                continue;
            };
            for used in file_imports(&src, file) {
                let Ok(used_rel) = used.strip_prefix(&dir) else {
                    continue; // another module: the layers test's business
                };
                let used_rel = used_rel.with_extension("").display().to_string();
                if floor_of(&used_rel).is_some_and(|f| f > own) {
                    problems.push(format!(
                        "{module}/{rel}.rs imports {module}/{used_rel}.rs, a floor above it"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn import_paths_are_read_as_rust_writes_them() {
    let paths = paths_in(
        "use super::{Exit, b::{c, d}, self};\nlet x = crate::format::seconds(1);\n$crate::no",
    );
    assert_eq!(
        paths,
        [
            "super::Exit",
            "super::b::c",
            "super::b::d",
            "super",
            "crate::format::seconds"
        ]
    );
}
