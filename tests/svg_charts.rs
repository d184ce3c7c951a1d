//! Every chart as SVG (`gatebench::chart_svg`, the renderer of reports, `plot` and
//! the window's exports): it parses (with usvg, which rasterizes it), and it holds
//! what the chart must show: a bar per group from zero with its value in a
//! `<title>`, every category named, a legend entry per series, the axis titles with
//! their units. Each SVG of the sample data is kept in `tests/snapshots/svg/`, so
//! that a change shows in review; after an intended change:
//!
//!     UPDATE_SNAPSHOTS=1 cargo test --test tests svg_charts
//!
//! and look at the new files (a browser opens them) before committing them.

use crate::common;

use gatebench::{ChartKind, ChartViews, PlotView, Run, SvgCanvas};

fn seed_runs() -> Vec<Run> {
    gatebench::expand_inputs(&[common::seed_runs()])
        .iter()
        .flat_map(|p| gatebench::load_file(p).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn draw(kind: ChartKind, runs: &[Run], views: &ChartViews) -> String {
    let svg = gatebench::chart_svg(
        kind,
        runs,
        gatebench::default_baseline(runs),
        views,
        &SvgCanvas::new(1200.0, 750.0, false, kind.file_stem()),
    );
    gatebench::parse_svg(&svg).unwrap_or_else(|e| panic!("{kind:?}: {e}\n{svg}"));
    svg
}

/// The value of attribute `name` in the element text `element`.
fn attr(element: &str, name: &str) -> Option<f64> {
    let at = element.find(&format!(" {name}=\""))? + name.len() + 3;
    element[at..].split('"').next()?.parse().ok()
}

/// The texts of the `<text>` elements, in order.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .map(|t| {
            let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
            body.replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
        })
        .collect()
}

/// Every `<rect ...>` that carries a `<title>`: (element, title).
fn titled_rects(svg: &str) -> Vec<(String, String)> {
    svg.split("<rect ")
        .skip(1)
        .filter_map(|r| {
            let end = r.find('>')?;
            let rest = r[end + 1..].strip_prefix("<title>")?;
            Some((
                r[..end].to_owned(),
                rest[..rest.find("</title>")?].to_owned(),
            ))
        })
        .collect()
}

#[test]
fn every_chart_parses_and_matches_its_snapshot() {
    let mut runs = seed_runs();
    runs.extend(gatebench::load_file(&common::fixture("jmeter/html-report-testfile.jtl")).unwrap());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/svg");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut changed = Vec::new();
    for kind in ChartKind::ALL {
        let svg = draw(kind, &runs, &ChartViews::default());
        let path = dir.join(format!("{}.svg", kind.file_stem()));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &svg).unwrap();
            continue;
        }
        let kept = std::fs::read_to_string(&path).unwrap_or_default();
        if kept != svg {
            let new = dir.join(format!("{}.new.svg", kind.file_stem()));
            let _ = std::fs::write(&new, &svg);
            changed.push(new);
        }
    }
    assert!(
        changed.is_empty(),
        "charts differ from tests/snapshots/svg/ (the new ones: {changed:?}); if the \
         change is intended, run with UPDATE_SNAPSHOTS=1"
    );
}

#[test]
fn the_throughput_bars_start_at_zero_with_their_values_on_hover() {
    let runs = seed_runs();
    let svg = draw(ChartKind::Throughput, &runs, &ChartViews::default());
    let bars = titled_rects(&svg);
    // The seed's five groups of three repeats: one bar each.
    assert_eq!(bars.len(), 5, "{bars:?}");
    let bottoms: Vec<f64> = bars
        .iter()
        .map(|(r, _)| attr(r, "y").unwrap() + attr(r, "height").unwrap())
        .collect();
    // The plot's bottom axis: "M{x} {top}V{bottom}H{right}".
    let axis = svg.split("<path d=\"M").nth(1).unwrap();
    let bottom: f64 = axis[axis.find('V').unwrap() + 1..axis.find('H').unwrap()]
        .parse()
        .unwrap();
    for b in &bottoms {
        assert!(
            (b - bottom).abs() <= 0.15,
            "a bar ends at {b}, the axis at {bottom}"
        );
    }
    let words = texts(&svg);
    assert!(
        words.contains(&"0".to_owned()),
        "the axis starts at 0: {words:?}"
    );
    assert!(words.contains(&"requests/s".to_owned()), "{words:?}");
    let all = words.join(" ");
    for group in [
        "apigw-http-proxy",
        "apigw-lambda 128 MB",
        "apigw-lambda 512 MB",
        "apigw-lambda 1024 MB",
        "elb-direct",
    ] {
        assert!(all.contains(group), "{group} is named: {all}");
        let (_, title) = bars
            .iter()
            .find(|(_, t)| t.starts_with(group))
            .unwrap_or_else(|| panic!("{group}'s bar"));
        assert!(title.contains("req/s"), "{title}");
    }
    // Shares of the baseline above the bars.
    assert!(all.contains("100%"), "{all}");
}

#[test]
fn the_latency_chart_has_a_legend_entry_per_series_that_hides_it() {
    let runs = seed_runs();
    let svg = draw(ChartKind::Latency, &runs, &ChartViews::default());
    let entries: Vec<&str> = svg.split("data-toggle=\"").skip(1).collect();
    let names = ["mean", "p50", "p90", "p99", "max"];
    assert_eq!(entries.len(), names.len(), "{svg}");
    for (i, name) in names.iter().enumerate() {
        assert!(
            entries[i].starts_with(&format!("s{i}\"><title>{name}:")),
            "{}",
            entries[i]
        );
        // The series' bars are a group of the same key.
        assert!(svg.contains(&format!("<g data-key=\"s{i}\">")));
    }
    assert!(texts(&svg).contains(&"latency (ms)".to_owned()));
    // A series switched off in the view: its entry faded, its bars not shown.
    let mut views = ChartViews::default();
    views.plots.insert(
        "Latency".into(),
        PlotView {
            hidden: ["p90".to_owned()].into(),
            ..Default::default()
        },
    );
    let hidden = draw(ChartKind::Latency, &runs, &views);
    assert!(hidden.contains("class=\"entry off\" data-toggle=\"s2\""));
    assert!(hidden.contains("<g data-key=\"s2\" style=\"display:none\">"));
}

#[test]
fn line_charts_name_their_axes_and_every_run() {
    let runs = seed_runs();
    let svg = draw(ChartKind::Spectrum, &runs, &ChartViews::default());
    let words = texts(&svg);
    for axis in ["percentile", "latency (ms)", "90%", "99%"] {
        assert!(words.contains(&axis.to_owned()), "{axis}: {words:?}");
    }
    for run in &runs {
        assert!(words.contains(&run.label), "{}", run.label);
    }
    // Each point carries its value for hover.
    assert!(svg.contains("<title>elb-direct.run1\np99\n"), "{svg}");
    // A zoom of the view is the range drawn.
    let mut views = ChartViews::default();
    views.plots.insert(
        "spectrum".into(),
        PlotView {
            bounds: Some([1.0, 3.0, 0.0, 50.0]),
            ..Default::default()
        },
    );
    let zoomed = texts(&draw(ChartKind::Spectrum, &runs, &views));
    assert!(zoomed.contains(&"90%".to_owned()) && zoomed.contains(&"99.9%".to_owned()));
    assert!(zoomed.contains(&"99%".to_owned()));
    assert!(!zoomed.contains(&"0%".to_owned()), "{zoomed:?}");
    assert!(zoomed.contains(&"50".to_owned()), "{zoomed:?}");
}

#[test]
fn the_box_chart_gives_every_figure_of_each_box() {
    let runs = seed_runs();
    let svg = draw(ChartKind::LatencyBox, &runs, &ChartViews::default());
    let boxes = svg.matches("<g><title>").count();
    assert_eq!(boxes, 5, "{svg}");
    for figure in ["min ", "p25 ", "p50 ", "p75 ", "p99 "] {
        assert_eq!(svg.matches(&format!("\n{figure}")).count(), 5, "{figure}");
    }
}

#[test]
fn a_chart_with_nothing_to_draw_says_why() {
    let runs = seed_runs();
    let svg = draw(ChartKind::LoadCurve, &runs, &ChartViews::default());
    assert!(
        texts(&svg).join(" ").contains("No run is part of a sweep"),
        "{svg}"
    );
}

#[test]
fn a_png_is_the_requested_size_and_not_blank() {
    let runs = seed_runs();
    let svg = gatebench::chart_svg(
        ChartKind::Throughput,
        &runs,
        gatebench::default_baseline(&runs),
        &ChartViews::default(),
        &SvgCanvas::new(400.0, 250.0, true, "t"),
    );
    let png = gatebench::svg_png(&svg, 2.0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.png");
    std::fs::write(&path, png).unwrap();
    let (size, colours) = crate::cli_plot::png_facts(&path);
    assert_eq!(size, (800, 500));
    assert!(colours > 20, "{colours} colours");
}
