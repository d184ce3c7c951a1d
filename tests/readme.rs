//! The README and the docs, tested: every `$ gatebench ...` example in README.md,
//! sample-data/README.md and docs/ runs on the bundled data, in order, in a folder
//! of its own (with copies of the fixtures it reads, so that `mv` moves a copy), and
//! prints what the page shows: each shown line, in order, where `...` stands for what
//! the page leaves out. Every inline `gatebench ...` that names bundled files runs
//! too. Commands that need load tools and servers (`gatebench run` of the sample
//! experiments) are marked in `NEEDS_TOOLS` with the test that runs them for real;
//! here they are checked with `--dry-run`, which reads the file and finds the tools.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::text;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The pages whose commands run on bundled data.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![
        root().join("README.md"),
        root().join("sample-data/README.md"),
    ];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

/// Commands that need load tools and servers, and the test that runs them for real.
const NEEDS_TOOLS: [(&str, &str); 1] = [(
    "gatebench run sample-data/",
    "experiment::the_sample_experiment_runs_as_the_readme_says",
)];

/// One `$ command` of a page's code block and the lines shown under it.
struct Example {
    page: String,
    command: String,
    shown: Vec<String>,
}

fn examples(page: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(page).unwrap();
    let name = page.strip_prefix(root()).unwrap().display().to_string();
    let mut out: Vec<Example> = Vec::new();
    let mut fenced = false;
    let mut current: Option<Example> = None;
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
            out.extend(current.take());
            continue;
        }
        if !fenced {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            out.extend(current.take());
            current = Some(Example {
                page: name.clone(),
                command: command.to_owned(),
                shown: Vec::new(),
            });
        } else if let Some(e) = &mut current {
            e.shown.push(line.to_owned());
        }
    }
    out.extend(current);
    out
}

/// A folder to run the examples in: copies of the fixtures they read, the sample
/// data linked (read only), `gatebench` first on the PATH.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["seed", "gate/fast", "gate/slow"] {
        let from = root().join("tests/fixtures").join(sub);
        let to = dir.path().join("tests/fixtures").join(sub);
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(&from).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
    std::os::unix::fs::symlink(root().join("sample-data"), dir.path().join("sample-data")).unwrap();
    dir
}

fn shell(dir: &Path, command: &str) -> (Option<i32>, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_gatebench")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // stderr into stdout, so that lines come in the order printed.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("GATEBENCH_HISTORY")
        .output()
        .unwrap();
    let mut all = text(&out.stdout);
    all += &text(&out.stderr);
    (out.status.code(), all)
}

/// Whether `actual` is what `shown` shows: the pieces between `...` in order.
fn matches(shown: &str, actual: &str) -> bool {
    let mut rest = actual.trim_end();
    for piece in shown.split("...").map(str::trim).filter(|p| !p.is_empty()) {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// Each shown line in order among the printed ones, the first shown as the first
/// printed (unless the page starts with `...`).
fn check_output(e: &Example, printed: &str) {
    let printed: Vec<&str> = printed.lines().collect();
    let mut at = 0;
    for (k, line) in e.shown.iter().enumerate() {
        if line.trim() == "..." || line.trim().is_empty() {
            continue;
        }
        let first = k == 0;
        let found = if first {
            printed
                .first()
                .is_some_and(|p| matches(line, p))
                .then_some(0)
        } else {
            printed[at..]
                .iter()
                .position(|p| matches(line, p))
                .map(|i| at + i)
        };
        let Some(i) = found else {
            panic!(
                "{}: `{}` does not print, in order:\n{line}\nit printed:\n{}",
                e.page,
                e.command,
                printed.join("\n")
            );
        };
        at = i + 1;
    }
}

#[test]
fn every_example_prints_what_the_page_shows() {
    let mut ran = 0;
    for page in pages() {
        let examples = examples(&page);
        if examples.is_empty() {
            continue;
        }
        // Each page's examples in order, in one folder: a workspace written by one
        // is read by the next.
        let dir = workdir();
        for e in &examples {
            assert!(e.command.contains("gatebench"), "{}: {}", e.page, e.command);
            let (code, printed) = shell(dir.path(), &e.command);
            // Exit 1 is what a failed gate shows; `echo "exit $?"` prints its own.
            let expected = if e.shown.iter().any(|l| l.contains("REGRESSED")) {
                Some(1)
            } else {
                Some(0)
            };
            assert_eq!(code, expected, "{}: `{}`:\n{printed}", e.page, e.command);
            check_output(e, &printed);
            ran += 1;
        }
    }
    assert!(ran >= 8, "only {ran} examples found");
}

/// The inline commands in backticks: those naming only bundled files run and
/// succeed, but for the one the README shows failing; those needing tools are
/// marked; the rest hold placeholders (`FILES...`, `DB`), which their own commands'
/// tests cover.
#[test]
fn every_inline_command_on_bundled_data_runs() {
    let dir = workdir();
    let mut ran = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for span in text.split('`').skip(1).step_by(2) {
            let Some(args) = span.strip_prefix("gatebench ") else {
                continue;
            };
            let command = span.replace("\\|", "|");
            let words: Vec<&str> = args.split_whitespace().collect();
            let placeholder = words.iter().any(|w| {
                w.contains("...")
                    || w.contains('[')
                    || (w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
            });
            if placeholder {
                continue;
            }
            if let Some((_, test)) = NEEDS_TOOLS.iter().find(|(p, _)| command.starts_with(p)) {
                // Marked: checked here without load, run for real by its test.
                let (code, printed) = shell(dir.path(), &format!("{command} --dry-run"));
                assert_eq!(code, Some(0), "{command} --dry-run ({test}):\n{printed}");
                ran.push(command);
                continue;
            }
            // Paths: words with a `/` or a file extension, which must be bundled.
            let paths: Vec<&&str> = words
                .iter()
                .filter(|w| !w.starts_with('-') && (w.contains('/') || w.contains('.')))
                .collect();
            let bundled = paths.iter().all(|p| {
                p.starts_with("/tmp/nodir") || dir.path().join(p.trim_end_matches('/')).exists()
            });
            // A command runs when it names bundled files (or asks for help).
            if !bundled || (paths.is_empty() && !args.contains("--help")) {
                continue;
            }
            let (code, printed) = shell(dir.path(), &command);
            let expected = if command.contains("/tmp/nodir/") {
                2
            } else {
                0
            };
            assert_eq!(
                code,
                Some(expected),
                "{}: `{command}`:\n{printed}",
                page.display()
            );
            if expected == 2 {
                assert!(printed.contains("cannot write: the folder /tmp/nodir does not exist"));
            }
            ran.push(command);
        }
    }
    for wanted in [
        "gatebench summarize sample-data/experiment",
        "gatebench summarize sample-data/load-curve",
        "gatebench run sample-data/experiment.toml",
        "gatebench summarize --help",
    ] {
        assert!(ran.iter().any(|c| c == wanted), "{wanted} not run: {ran:?}");
    }
}
