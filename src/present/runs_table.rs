//! The runs table: its columns and the text of every cell, for the window's table,
//! `summarize`'s table and the report alike.

use crate::analysis::compare::{self, Comparison, Metric, Settings, Side};
use crate::analysis::reference::{Against, References};
use crate::analysis::repeats::Group;
use crate::analysis::{baseline, merge};
use crate::format;
use crate::import;
use crate::model::{Run, Stat, Unit};

/// A column of the runs table, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Label,
    Tool,
    Integration,
    Memory,
    Throughput,
    ShareOfBaseline,
    Mean,
    P50,
    P99,
    Max,
    Errors,
}

impl Column {
    pub const ALL: [Column; 11] = [
        Column::Label,
        Column::Tool,
        Column::Integration,
        Column::Memory,
        Column::Throughput,
        Column::ShareOfBaseline,
        Column::Mean,
        Column::P50,
        Column::P99,
        Column::Max,
        Column::Errors,
    ];

    /// The short header of a terminal table.
    pub fn name(self) -> &'static str {
        match self {
            Column::Label => "label",
            Column::Tool => "tool",
            Column::Integration => "integration",
            Column::Memory => "memory",
            Column::Throughput => "req/s",
            Column::ShareOfBaseline => "% of base",
            Column::Mean => "mean ms",
            Column::P50 => "p50 ms",
            Column::P99 => "p99 ms",
            Column::Max => "max ms",
            Column::Errors => "errors",
        }
    }

    /// The header in the window, where there is room.
    pub fn title(self) -> &'static str {
        match self {
            Column::Label => "Label",
            Column::Tool => "Tool",
            Column::Integration => "Integration",
            Column::Memory => "Memory (MB)",
            Column::ShareOfBaseline => "% of baseline",
            other => other.name(),
        }
    }

    /// Numbers align to the right, text to the left.
    pub fn numeric(self) -> bool {
        !matches!(
            self,
            Column::Label | Column::Tool | Column::Integration | Column::Memory
        )
    }
}

/// One cell: its text and what hovering it tells.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub hover: Option<String>,
}

impl Cell {
    fn plain(text: String) -> Self {
        Cell { text, hover: None }
    }

    fn with_hover(text: String, hover: String) -> Self {
        Cell {
            text,
            hover: Some(hover),
        }
    }
}

/// The cell of `column` for `run`, compared with `base` (the baseline run, if any).
pub fn cell(column: Column, run: &Run, base: Option<&Run>) -> Cell {
    let l = &run.latency;
    match column {
        // The file, and where a per-request run settled ("steady after 2.4 s").
        Column::Label => {
            let mut hover = run.source.clone();
            if let Some(s) = &run.steady_state {
                hover += &format!("\n{}", s.describe());
            }
            let shares = merge::shares(run);
            if !shares.is_empty() {
                hover += &format!("\nmerged from {} runs:", shares.len());
                for s in &shares {
                    hover += &format!("\n  {}", share_text(s));
                }
            }
            Cell::with_hover(run.label.clone(), hover)
        }
        Column::Tool => match tool_metric_lines(run) {
            lines if lines.is_empty() => Cell::plain(run.tool.clone()),
            lines => Cell::with_hover(
                run.tool.clone(),
                format!("{} also printed:\n{}", run.tool, lines.join("\n")),
            ),
        },
        Column::Integration => Cell::plain(run.integration.clone().unwrap_or_else(|| "–".into())),
        Column::Memory => Cell::plain(format::memory(run.memory_mb)),
        Column::Throughput => Cell::with_hover(
            format::throughput(run.throughput_rps),
            match &run.window {
                Some(w) => format!(
                    "{}: {}\n{}",
                    run.tool,
                    import::throughput_definition(run),
                    window_text(w)
                ),
                None => format!("{}: {}", run.tool, import::throughput_definition(run)),
            },
        ),
        Column::ShareOfBaseline => {
            let pct = base.and_then(|b| baseline::compare(run, b).throughput_pct);
            match (pct, base) {
                (Some(p), Some(b)) => {
                    Cell::with_hover(format::pct(p), format!("of {}", b.group_name()))
                }
                _ => Cell::plain("–".into()),
            }
        }
        Column::Mean => Cell::plain(format::ms(l.mean)),
        Column::P50 => Cell::plain(format::ms(l.percentile("50"))),
        Column::P99 => Cell::plain(format::ms(l.percentile("99"))),
        Column::Max => Cell::plain(format::ms(l.max)),
        Column::Errors => {
            let e = &run.errors;
            Cell::with_hover(
                format::thousands(e.total()),
                format!(
                    "connect {}, read {}, write {}, timeout {}, status >= 400: {}, other {}",
                    e.connect, e.read, e.write, e.timeout, e.non_2xx_3xx, e.other
                ),
            )
        }
    }
}

/// One line per metric the tool printed beyond the run's own numbers:
/// `http_req_waiting: avg 0.262 ms, p(95) 0.702 ms`.
pub fn tool_metric_lines(run: &Run) -> Vec<String> {
    run.tool_metrics
        .iter()
        .map(|m| {
            let stats: Vec<String> = m
                .stats
                .iter()
                .map(|s| format!("{} {}", s.key, stat_text(s)))
                .collect();
            format!("{}: {}", m.name, stats.join(", "))
        })
        .collect()
}

fn stat_text(s: &Stat) -> String {
    match s.unit {
        Unit::Ms => format!("{} ms", format::ms(Some(s.value))),
        Unit::Count => format::number(s.value),
        Unit::PerSecond => format!("{}/s", format::rps(s.value)),
        Unit::Fraction => format::pct_two_decimals(s.value * 100.0),
        Unit::Bytes => format::bytes(s.value),
        Unit::BytesPerSecond => format!("{}/s", format::bytes(s.value)),
        Unit::Number => format::number(s.value),
    }
}

/// Every cell of `run`, in column order.
pub fn row(run: &Run, base: Option<&Run>) -> Vec<Cell> {
    Column::ALL.iter().map(|&c| cell(c, run, base)).collect()
}

/// "1,234 (1,200–1,270)": a side's mean with its interval, in its metric's unit.
fn side_text(side: &Side, metric: Metric) -> String {
    let v = |x: f64| format::value(x, metric.unit());
    match side.interval {
        Some(i) => format!("{} ({}–{})", v(side.mean), v(i.low), v(i.high)),
        None => v(side.mean),
    }
}

/// The cells of a group of repeats, in column order: the mean of each statistic with
/// its interval, the share of the baseline's group with its interval, the largest
/// max and the errors of all its runs. `base` is the baseline's group (when it is
/// another group).
pub fn group_row(
    runs: &[Run],
    group: &Group,
    base: Option<&Group>,
    settings: &Settings,
) -> Vec<Cell> {
    let members = group.runs(runs);
    let common = |f: &dyn Fn(&Run) -> String| -> String {
        let mut v: Vec<String> = members.iter().map(|r| f(r)).collect();
        v.dedup();
        v.join(" + ")
    };
    let side = |m: Metric| Side::of(&members, m, settings.confidence);
    let stat = |m: Metric| {
        side(m).map_or(Cell::plain("–".into()), |s| {
            let hover = format!(
                "mean of {} with its {:.0}% interval ({})",
                group.n(),
                settings.confidence * 100.0,
                basis_words(&s)
            );
            Cell::with_hover(side_text(&s, m), hover)
        })
    };
    let comparison = base.map(|b| compare_groups(runs, b, group, settings));
    Column::ALL
        .iter()
        .map(|column| match column {
            Column::Label => Cell::with_hover(
                format!("{} (n = {})", group.key, group.n()),
                members
                    .iter()
                    .map(|r| r.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Column::Tool => Cell::plain(common(&|r| r.tool.clone())),
            Column::Integration => Cell::plain(common(&|r| {
                r.integration.clone().unwrap_or_else(|| "–".into())
            })),
            Column::Memory => Cell::plain(common(&|r| format::memory(r.memory_mb))),
            Column::Throughput => stat(Metric::Throughput),
            Column::ShareOfBaseline => match &comparison {
                Some(c) => match c.metrics.iter().find(|m| m.metric == Metric::Throughput) {
                    Some(t) => Cell::with_hover(
                        format::share(t.change_pct, t.change_ci_pct.map(|i| (i.low, i.high))),
                        crate::present::comparison::metric_lines(c, settings).join("\n"),
                    ),
                    None => Cell::plain("–".into()),
                },
                None => Cell::plain("–".into()),
            },
            Column::Mean => stat(Metric::Mean),
            Column::P50 => stat(Metric::P50),
            Column::P99 => stat(Metric::P99),
            Column::Max => Cell::plain(format::ms(
                members
                    .iter()
                    .filter_map(|r| r.latency.max)
                    .reduce(f64::max),
            )),
            Column::Errors => Cell::plain(format::thousands(
                members.iter().map(|r| r.errors.total()).sum(),
            )),
        })
        .collect()
}

/// The text of each cell of group `i` of `groups` against what it is compared with
/// (`refs`), as the text outputs show it: the baseline's own group is "100%" of
/// itself.
pub fn group_texts(
    runs: &[Run],
    groups: &[Group],
    i: usize,
    refs: &References,
    settings: &Settings,
) -> Vec<String> {
    let mut cells = group_row(runs, &groups[i], refs.base_of(groups, i), settings);
    if refs.is_baseline(i) {
        cells[Column::ShareOfBaseline as usize].text = "100%".into();
    }
    cells.into_iter().map(|c| c.text).collect()
}

/// The "% of base" cell of every run (by index): its throughput as a share of the
/// baseline run's; in a sweep, of the mean of the baseline door's runs at the run's
/// own sweep value, or "–" and why where the door has none. `groups` and `refs` are
/// the runs' groups and what each is compared with, which the caller has made.
pub fn share_cells(
    runs: &[Run],
    groups: &[Group],
    refs: &References,
    baseline: Option<usize>,
) -> Vec<Cell> {
    let base_run = baseline.and_then(|b| runs.get(b));
    let mut cells: Vec<Cell> = runs
        .iter()
        .map(|r| cell(Column::ShareOfBaseline, r, base_run))
        .collect();
    if refs.door.is_none() {
        return cells;
    }
    for (gi, g) in groups.iter().enumerate() {
        let against = match &refs.against[gi] {
            Against::Itself => Some(g),
            Against::Group(b) => Some(&groups[*b]),
            Against::Nothing(why) => {
                for &i in &g.members {
                    cells[i] = Cell::with_hover("–".into(), why.clone());
                }
                None
            }
        };
        let Some(base) = against else { continue };
        let values: Vec<f64> = base
            .runs(runs)
            .iter()
            .filter_map(|r| r.throughput_rps)
            .collect();
        let mean = values.iter().sum::<f64>() / values.len().max(1) as f64;
        for &i in &g.members {
            cells[i] = match runs[i].throughput_rps {
                Some(t) if mean > 0.0 => Cell::with_hover(
                    format::pct(t / mean * 100.0),
                    format!("of {} (the mean of {} run(s))", base.key, values.len()),
                ),
                _ => Cell::plain("–".into()),
            };
        }
    }
    cells
}

/// Every run's cells (by index), its "% of base" from [`share_cells`].
pub fn rows(runs: &[Run], baseline: Option<usize>) -> Vec<Vec<Cell>> {
    let base_run = baseline.and_then(|b| runs.get(b));
    let groups = crate::analysis::repeats::groups(runs);
    let refs = References::of(runs, &groups, baseline);
    runs.iter()
        .zip(share_cells(runs, &groups, &refs, baseline))
        .map(|(r, share)| {
            let mut cells = row(r, base_run);
            cells[Column::ShareOfBaseline as usize] = share;
            cells
        })
        .collect()
}

/// How a side's interval was found, in words.
fn basis_words(side: &Side) -> &'static str {
    match side.basis {
        compare::Basis::Runs => "from the spread of the repeats",
        compare::Basis::Samples => "from the run's samples, by block bootstrap",
        compare::Basis::Single => "one summary: no interval",
    }
}

/// `group` against the baseline's group, every metric.
pub fn compare_groups(
    runs: &[Run],
    base: &Group,
    group: &Group,
    settings: &Settings,
) -> Comparison {
    compare::compare_alternatives(&base.runs(runs), &group.runs(runs), &Metric::ALL, settings)
}

/// How group `i` differs from what it is compared with on throughput (higher, lower
/// or alike), with every metric on hover; "baseline" for the baseline's own group,
/// "–" and why for a group compared with nothing.
pub fn verdict_cell(
    runs: &[Run],
    groups: &[Group],
    refs: &References,
    i: usize,
    settings: &Settings,
) -> Cell {
    let base = match refs.against.get(i) {
        Some(Against::Group(b)) => &groups[*b],
        Some(Against::Nothing(why)) => return Cell::with_hover("–".into(), why.clone()),
        _ => return Cell::plain("baseline".into()),
    };
    let c = compare_groups(runs, base, &groups[i], settings);
    let Some(t) = c.metrics.iter().find(|m| m.metric == Metric::Throughput) else {
        return Cell::plain("–".into());
    };
    let word = crate::present::comparison::difference_word(t);
    let text = match t.significant {
        None => format!("{word} (untested)"),
        Some(_) => word.to_owned(),
    };
    let mut hover = crate::present::comparison::metric_lines(&c, settings);
    if refs.door.is_some() {
        hover.insert(0, format!("against {}", base.key));
    }
    Cell::with_hover(text, hover.join("\n"))
}

/// "tool: definition" for each distinct definition among `runs`, in load order: what
/// each `req/s` figure means.
pub fn throughput_definitions(runs: &[Run]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in runs {
        let d = format!("{}: {}", r.tool, import::throughput_definition(r));
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// "direct r1 @gen-b: 3,156 requests (50%)", and a warning when it is far below
/// the others.
pub fn share_text(s: &merge::Share) -> String {
    let mut text = format!(
        "{}: {} requests ({})",
        s.label,
        format::thousands(s.requests),
        format::pct(s.pct)
    );
    if s.far_below {
        text += " — far below the others: it may have saturated itself";
    }
    text
}

/// "6,311 requests in the 2.06 s all generators were sending; 4 outside it".
pub fn window_text(w: &crate::model::SendingWindow) -> String {
    format!(
        "{} requests in the {} all generators were sending; {} outside it (counted in \
         requests, not in req/s)",
        format::thousands(w.requests_in),
        format::seconds(w.seconds),
        format::thousands(w.requests_outside)
    )
}

/// For runs merged from load generators that ran together: their window, and the
/// generators far below the others.
pub fn generator_notes(runs: &[Run]) -> Vec<String> {
    let mut notes = Vec::new();
    let ordered = crate::analysis::order::display_order(runs);
    for run in ordered
        .iter()
        .map(|&i| &runs[i])
        .filter(|r| r.window.is_some())
    {
        let shares = merge::shares(run);
        let mut note = format!(
            "{}: {} generators; {}",
            run.label,
            shares.len(),
            run.window.as_ref().map(window_text).unwrap_or_default()
        );
        for s in shares.iter().filter(|s| s.far_below) {
            note += &format!("; {}", share_text(s));
        }
        notes.push(note);
    }
    notes
}

/// What MSER-5 found in the runs with per-request data (`docs/steady-state.md`):
/// where they settled and whether their figures include the transient, and the runs
/// that had not settled in their first half. Empty when no run has a steady state.
pub fn steady_notes(runs: &[Run]) -> Vec<String> {
    let states: Vec<(&Run, crate::model::SteadyState)> = runs
        .iter()
        .filter_map(|r| Some((r, r.steady_state?)))
        .collect();
    let mut notes = Vec::new();
    let settled: Vec<f64> = states
        .iter()
        .filter_map(|(_, s)| s.after_s.filter(|&a| a > 0.0))
        .collect();
    if !settled.is_empty() {
        let (lo, hi) = settled
            .iter()
            .fold((f64::INFINITY, 0.0_f64), |(lo, hi), &a| {
                (lo.min(a), hi.max(a))
            });
        let span = if lo == hi {
            format::seconds(lo)
        } else {
            format!("{}–{}", format::seconds(lo), format::seconds(hi))
        };
        let excluded = states.iter().any(|(_, s)| s.excluded);
        notes.push(if excluded {
            format!(
                "{} of {} runs settled after {span} (MSER-5); their figures leave out the \
                 transient (--exclude-warmup)",
                settled.len(),
                runs.len()
            )
        } else {
            format!(
                "{} of {} runs settled after {span} (MSER-5); their figures include the \
                 transient (--exclude-warmup leaves it out)",
                settled.len(),
                runs.len()
            )
        });
    }
    let unsettled: Vec<&str> = states
        .iter()
        .filter(|(_, s)| s.after_s.is_none())
        .map(|(r, _)| r.label.as_str())
        .collect();
    if !unsettled.is_empty() {
        notes.push(format!(
            "not settled in its first half (figures include a transient that may last \
             the whole run): {}",
            unsettled.join(", ")
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ToolMetric;

    #[test]
    fn steady_notes_say_where_runs_settled_and_which_did_not() {
        let settled = crate::analysis::steady::tests::run_with_transient();
        let after = settled.steady_state.unwrap().after_s.unwrap();
        let mut unsettled = settled.clone();
        unsettled.label = "late".into();
        unsettled.steady_state.as_mut().unwrap().after_s = None;
        let plain = Run::default();
        let notes = steady_notes(&[settled.clone(), unsettled, plain.clone()]);
        assert_eq!(
            notes,
            [
                format!(
                    "1 of 3 runs settled after {} (MSER-5); their figures include the \
                     transient (--exclude-warmup leaves it out)",
                    format::seconds(after)
                ),
                "not settled in its first half (figures include a transient that may last \
                 the whole run): late"
                    .to_owned()
            ]
        );
        let trimmed = crate::analysis::steady::without_warmup(&settled).unwrap();
        assert!(steady_notes(&[trimmed])[0].contains("leave out the transient"));
        assert!(steady_notes(&[plain]).is_empty());
    }

    #[test]
    fn what_else_the_tool_printed_is_in_the_tools_hover() {
        let run = Run {
            tool: "k6".into(),
            tool_metrics: vec![
                ToolMetric {
                    name: "http_req_waiting".into(),
                    stats: vec![
                        Stat::new("avg", 0.26208, Unit::Ms),
                        Stat::new("count", 48186.0, Unit::Count),
                    ],
                },
                ToolMetric {
                    name: "checks".into(),
                    stats: vec![Stat::new("rate", 0.995, Unit::Fraction)],
                },
                ToolMetric {
                    name: "data_sent".into(),
                    stats: vec![Stat::new("rate", 1.4e6, Unit::BytesPerSecond)],
                },
            ],
            ..Run::default()
        };
        let tool = cell(Column::Tool, &run, None);
        assert_eq!(tool.text, "k6");
        assert_eq!(
            tool.hover.as_deref(),
            Some(
                "k6 also printed:\nhttp_req_waiting: avg 0.262 ms, count 48,186\n\
                 checks: rate 99.50%\ndata_sent: rate 1.40 MB/s"
            )
        );
        assert_eq!(cell(Column::Tool, &Run::default(), None).hover, None);
    }

    #[test]
    fn cells_of_a_run_against_its_baseline() {
        let base = Run {
            label: "direct".into(),
            tool: "wrk".into(),
            integration: Some("elb-direct".into()),
            throughput_rps: Some(1000.0),
            ..Run::default()
        };
        let lambda = Run {
            label: "fn".into(),
            tool: "wrk".into(),
            integration: Some("apigw-lambda".into()),
            memory_mb: Some(512),
            throughput_rps: Some(2.5),
            ..Run::default()
        };
        let cells = row(&lambda, Some(&base));
        let text: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            text,
            [
                "fn",
                "wrk",
                "apigw-lambda",
                "512 MB",
                "2.50",
                "0.25%",
                "–",
                "–",
                "–",
                "–",
                "0"
            ]
        );
        assert_eq!(cells[5].hover.as_deref(), Some("of elb-direct"));
        assert!(
            cells[4]
                .hover
                .as_deref()
                .unwrap()
                .starts_with("wrk: completed responses")
        );
        assert_eq!(throughput_definitions(&[base, lambda]).len(), 1);
    }
}
