//! What a report says, free of any output format: sections of paragraphs, lists,
//! tables and charts.

use std::path::Path;

use crate::analysis::compare::Settings;
use crate::analysis::reference::References;
use crate::analysis::{order, repeats};
use crate::capacity::cost::{self, Prices};
use crate::capacity::form::PlannerForm;
use crate::format;
use crate::model::Run;
use crate::present::{comparison, comparison_table, eni, load_curve, runs_table, server};
use crate::workspace::stamp;

/// A chart of the report, as a PNG.
#[derive(Debug, Clone)]
pub struct Chart {
    /// What the chart shows, for its caption and alt text.
    pub title: String,
    /// Its part of a file name (`throughput`, `history-api`).
    pub stem: String,
    /// The chart as SVG (`crate::svg`): inline in HTML, a file beside Markdown.
    pub svg: String,
}

/// What a report is made from.
pub struct ReportInput<'a> {
    pub title: &'a str,
    pub runs: &'a [Run],
    pub baseline: Option<usize>,
    pub settings: Settings,
    pub planner: &'a PlannerForm,
    pub prices: &'a Prices,
    /// Rendered charts, in `ChartKind::ALL` order.
    pub charts: Vec<Chart>,
    /// A history's part (`report --history DB`); its charts follow the runs' in
    /// `charts`.
    pub history: Option<&'a super::HistoryPart>,
    /// The index in `charts` of the planner's ENI chart, shown in the capacity plan.
    pub eni_chart: Option<usize>,
}

/// `title` as part of a file name: letters, digits, dashes and dots kept, the rest
/// `_`.
pub fn file_part(title: &str) -> String {
    title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A part of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(String),
    List(Vec<String>),
    /// A header row, then rows; `numeric` marks the columns aligned to the right.
    Table {
        header: Vec<String>,
        numeric: Vec<bool>,
        rows: Vec<Vec<String>>,
    },
    /// The chart at this index of [`Document::charts`].
    Chart(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// A whole report.
#[derive(Debug, Clone)]
pub struct Document {
    pub title: String,
    /// "Written 2026-12-01 12:40 UTC by gatebench 0.1.0".
    pub byline: String,
    pub sections: Vec<Section>,
    pub charts: Vec<Chart>,
}

/// The report of `input`.
pub fn document(input: ReportInput<'_>) -> Document {
    let runs = input.runs;
    let settings = input.settings;
    let mut sections = vec![runs_section(runs, input.baseline, &settings)];
    if let Some(s) = comparison_section(runs, input.baseline, &settings) {
        sections.push(s);
    }
    let history_charts = input.history.map_or(0, |h| h.charts.len());
    // The runs' charts, then the history's, then the planner's.
    let run_charts = input
        .eni_chart
        .unwrap_or(input.charts.len())
        .saturating_sub(history_charts);
    let chart_blocks: Vec<Block> = (0..run_charts).map(Block::Chart).collect();
    sections.push(Section {
        heading: "Charts".into(),
        blocks: chart_blocks,
    });
    if let Some(s) = server_section(runs) {
        sections.push(s);
    }
    if let Some(h) = input.history {
        sections.push(history_section(h, run_charts, run_charts + history_charts));
    }
    sections.push(capacity_section(input.planner, input.eni_chart));
    sections.push(cost_section(runs, input.prices));
    sections.push(sources_section(runs));
    Document {
        title: input.title.to_owned(),
        byline: format!(
            "Written {} by gatebench {}",
            chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
            env!("CARGO_PKG_VERSION")
        ),
        sections,
        charts: input.charts,
    }
}

fn runs_section(runs: &[Run], baseline: Option<usize>, settings: &Settings) -> Section {
    let columns = runs_table::Column::ALL;
    let header: Vec<String> = columns.iter().map(|c| c.name().to_owned()).collect();
    let numeric: Vec<bool> = columns.iter().map(|c| c.numeric()).collect();
    let base_run = baseline.and_then(|b| runs.get(b));
    let groups = repeats::groups(runs);
    let refs = References::of(runs, &groups, baseline);
    let mut run_cells = runs_table::rows(runs, baseline);
    let mut rows = Vec::new();
    // Each group of repeats as one row (its means and intervals), its runs beneath;
    // a run alone as itself.
    for (i, g) in groups.iter().enumerate() {
        if g.n() > 1 {
            rows.push(runs_table::group_texts(runs, &groups, i, &refs, settings));
        }
        for &r in &g.members {
            let mut cells: Vec<String> = std::mem::take(&mut run_cells[r])
                .into_iter()
                .map(|c| c.text)
                .collect();
            if g.n() > 1 {
                cells[0] = format!("↳ {}", cells[0]);
            }
            rows.push(cells);
        }
    }
    let mut blocks = Vec::new();
    if let (Some(_), Some(i)) = (base_run, baseline) {
        blocks.push(Block::Paragraph(format!(
            "Baseline: {}. Intervals at {:.0}% confidence; changes under {} are no change.",
            comparison::baseline_words(runs, i),
            settings.confidence * 100.0,
            format::pct(settings.noise_pct)
        )));
        match comparison_table::table(runs, i, settings) {
            Some(table) => {
                let (header, rows) = table.texts();
                let numeric = (0..header.len()).map(|c| c > 0).collect();
                blocks.push(Block::Table {
                    header,
                    numeric,
                    rows,
                });
                if !table.notes.is_empty() {
                    blocks.push(Block::List(table.notes));
                }
            }
            None => {
                let sentences = comparison::sentences(runs, i, settings);
                if !sentences.is_empty() {
                    blocks.push(Block::List(sentences));
                }
            }
        }
        let knees = load_curve::knee_sentences(runs, settings);
        if !knees.is_empty() {
            blocks.push(Block::Paragraph(
                "Where each door stops scaling (docs/load-curves.md):".into(),
            ));
            blocks.push(Block::List(knees));
        }
    }
    blocks.push(Block::Table {
        header,
        numeric,
        rows,
    });
    blocks.push(Block::Paragraph("req/s is each tool's own figure:".into()));
    blocks.push(Block::List(runs_table::throughput_definitions(runs)));
    let generators = runs_table::generator_notes(runs);
    if !generators.is_empty() {
        blocks.push(Block::Paragraph(
            "Load generators: each run is merged from theirs (docs/distributed-load.md):".into(),
        ));
        blocks.push(Block::List(generators));
    }
    let steady = runs_table::steady_notes(runs);
    if !steady.is_empty() {
        blocks.push(Block::Paragraph(
            "Steady state (docs/steady-state.md):".into(),
        ));
        blocks.push(Block::List(steady));
    }
    Section {
        heading: format!("Runs ({})", runs.len()),
        blocks,
    }
}

/// The history's part: the regressions in force (as `history check` says them),
/// every change point, and each series' trend (charts `first..end`).
fn history_section(h: &super::HistoryPart, first: usize, end: usize) -> Section {
    let mut blocks = vec![Block::Paragraph(if h.regressions.is_empty() {
        format!("{}: no regression in force.", h.db)
    } else {
        format!("{}: {} regression(s) in force:", h.db, h.regressions.len())
    })];
    if !h.regressions.is_empty() {
        blocks.push(Block::List(
            h.regressions.iter().map(|r| r.sentence()).collect(),
        ));
    }
    let rows: Vec<Vec<String>> = h
        .analyses
        .iter()
        .flat_map(|a| {
            a.change_points.iter().map(move |c| {
                vec![
                    a.name.clone(),
                    a.metric.to_owned(),
                    c.at.clone(),
                    c.commit.clone().unwrap_or_default(),
                    a.kind.show(c.before.mean),
                    a.kind.show(c.after.mean),
                    format::signed_pct(c.change_pct),
                    c.direction.to_owned(),
                ]
            })
        })
        .collect();
    if rows.is_empty() {
        blocks.push(Block::Paragraph("No change point.".into()));
    } else {
        blocks.push(Block::Table {
            header: [
                "series",
                "metric",
                "at",
                "commit",
                "before",
                "after",
                "change",
                "direction",
            ]
            .map(String::from)
            .to_vec(),
            numeric: vec![false, false, false, false, true, true, true, false],
            rows,
        });
    }
    blocks.extend((first..end).map(Block::Chart));
    Section {
        heading: "History".into(),
        blocks,
    }
}

/// Every group against the baseline's, metric by metric, where either side repeats:
/// alternatives, in the words of `present::comparison`.
fn comparison_section(
    runs: &[Run],
    baseline: Option<usize>,
    settings: &Settings,
) -> Option<Section> {
    let groups = repeats::groups(runs);
    let refs = References::of(runs, &groups, Some(baseline?));
    let mut blocks = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let Some(base) = refs.base_of(&groups, i) else {
            continue;
        };
        if g.n() < 2 && base.n() < 2 {
            continue;
        }
        let c = runs_table::compare_groups(runs, base, g, settings);
        blocks.push(Block::Paragraph(format!(
            "{} (n = {}) against {} (n = {}):",
            g.key,
            g.n(),
            base.key,
            base.n()
        )));
        blocks.push(Block::List(comparison::metric_lines(&c, settings)));
    }
    (!blocks.is_empty()).then(|| Section {
        heading: "Comparisons with the baseline".into(),
        blocks,
    })
}

/// What the servers logged (`docs/server-logs.md`): the functions and servers in
/// words, and every component's statistics; none without a server-side run.
fn server_section(runs: &[Run]) -> Option<Section> {
    if !server::any(runs) {
        return None;
    }
    let mut blocks = vec![
        Block::Paragraph(
            "What the servers logged: their own time, never compared with a client's \
             measurement (docs/server-logs.md)."
                .into(),
        ),
        Block::List(server::sentences(runs)),
    ];
    let rows = server::component_rows(runs);
    if !rows.is_empty() {
        blocks.push(Block::Table {
            header: server::COMPONENT_COLUMNS
                .iter()
                .map(|c| c.to_string())
                .collect(),
            numeric: (0..server::COMPONENT_COLUMNS.len())
                .map(|c| c >= 3)
                .collect(),
            rows,
        });
    }
    Some(Section {
        heading: "Server side".into(),
        blocks,
    })
}

fn capacity_section(form: &PlannerForm, chart: Option<usize>) -> Section {
    let blocks = match form.evaluate() {
        Ok(input) => {
            let legacy = input.legacy();
            let hyper = input.hyperplane();
            let mut lines = vec![eni::legacy_formula(&input, &legacy)];
            lines.extend(eni::readings(&input, &legacy));
            lines.extend(eni::above_era_max(&input, &legacy));
            vec![
                Block::Paragraph(eni::legacy_heading(&legacy)),
                Block::List(lines),
                Block::Paragraph(eni::READINGS_CAVEAT.into()),
                Block::Paragraph("Hyperplane (AWS since September 2019):".into()),
                Block::List(vec![
                    eni::hyperplane_formula(&input, &hyper),
                    eni::hyperplane_quota(&hyper),
                ]),
                Block::Paragraph(eni::MODEL_CAVEAT.into()),
            ]
            .into_iter()
            .chain(chart.map(Block::Chart))
            .collect()
        }
        Err(errors) => vec![
            Block::Paragraph("The planner's inputs are not valid:".into()),
            Block::List(errors.messages()),
        ],
    };
    Section {
        heading: "Capacity plan".into(),
        blocks,
    }
}

fn cost_section(runs: &[Run], prices: &Prices) -> Section {
    let rows = order::display_order(runs)
        .into_iter()
        .map(|i| {
            let c = cost::run_cost(&runs[i], prices);
            vec![
                c.label,
                c.integration.unwrap_or_else(|| "–".into()),
                format::dollars(c.lambda_x86),
                format::dollars(c.lambda_arm),
                format::dollars(Some(c.apigw_rest)),
                format::dollars(Some(c.apigw_http)),
                format::dollars(c.alb),
            ]
        })
        .collect();
    let header = [
        "label",
        "integration",
        "Lambda x86",
        "Lambda Arm",
        "API GW REST",
        "API GW HTTP",
        "ALB",
    ];
    let prices_used = cost::PRICE_INFO
        .iter()
        .zip(prices.values())
        .map(|(p, v)| format!("{}: {v} {} ({})", p.name, p.unit, p.source))
        .collect();
    Section {
        heading: "Cost per million requests (USD)".into(),
        blocks: vec![
            Block::Table {
                header: header.map(str::to_owned).to_vec(),
                numeric: vec![false, false, true, true, true, true, true],
                rows,
            },
            Block::Paragraph("Prices used:".into()),
            Block::List(prices_used),
        ],
    }
}

/// Where every number came from: each source file with its size and hash, and the
/// tool that wrote it.
fn sources_section(runs: &[Run]) -> Section {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for r in runs {
        if seen.contains(&r.source.as_str()) {
            continue;
        }
        seen.push(&r.source);
        let path = Path::new(&r.source);
        let (bytes, hash) = match stamp::of(path) {
            Ok(s) => (format::thousands(s.bytes), s.sha256),
            Err(_) => ("–".into(), "not a file".into()),
        };
        let labels: Vec<&str> = runs
            .iter()
            .filter(|o| o.source == r.source)
            .map(|o| o.label.as_str())
            .collect();
        let name = path
            .file_name()
            .map_or(r.source.clone(), |n| n.to_string_lossy().into_owned());
        rows.push(vec![name, r.tool.clone(), bytes, hash, labels.join(", ")]);
    }
    Section {
        heading: "Sources".into(),
        blocks: vec![Block::Table {
            header: ["file", "tool", "bytes", "SHA-256", "runs"]
                .map(str::to_owned)
                .to_vec(),
            numeric: vec![false, false, true, false, false],
            rows,
        }],
    }
}
