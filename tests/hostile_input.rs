//! Values no tool produces and text meant to run somewhere: refused with the file
//! and line, or made harmless where it is written (Markdown, CSV).

use crate::common;

use std::path::Path;
use std::process::Command;

/// `gatebench ARGS`, which must succeed.
fn gatebench_ok(args: &[&std::ffi::OsStr]) {
    let o = Command::new(env!("CARGO_BIN_EXE_gatebench"))
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {stderr}");
}

fn err(name: &str, text: &str) -> String {
    gatebench::load_bytes(Path::new(name), text.as_bytes())
        .unwrap_err()
        .to_string()
}

/// A JTL elapsed time of i64::MAX ms was once a run with a mean of 1.8e17 ms and a
/// p99 clamped to an hour: a latency over a day is refused, naming its line, on the
/// fast path and the general reader alike.
#[test]
fn a_latency_over_a_day_is_refused() {
    let jtl = "timeStamp,elapsed,label,responseCode,success\n\
               1764000000000,12,a,200,true\n\
               1764000000010,9223372036854775807,a,200,true\n";
    let general = gatebench::Options {
        general_reader_only: true,
        ..Default::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.jtl");
    std::fs::write(&path, jtl).unwrap();
    for options in [gatebench::Options::default(), general] {
        let e = gatebench::load_file_with(&path, &options, &|_| {})
            .unwrap_err()
            .to_string();
        assert!(
            e.ends_with(
                "huge.jtl: line 3: column `elapsed`: expected a whole number that is zero or \
                 more and at most 86,400,000 (a latency of a day at most), found \
                 `9223372036854775807`"
            ),
            "{e}"
        );
    }
    // A day exactly is still a latency, and its percentiles reach it.
    let day = "timeStamp,elapsed,label,responseCode,success\n1764000000000,86400000,a,200,true\n";
    let run = &gatebench::load_bytes(Path::new("day.jtl"), day.as_bytes()).unwrap()[0];
    let p99 = run
        .latency
        .percentiles
        .iter()
        .find(|p| p.key == "99")
        .unwrap()
        .ms;
    assert!(p99 >= 86_400_000.0 * 0.999, "{p99}");
    // k6 CSV: its values are of many metrics; a duration over a day is named.
    let k6 = "metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,\
              method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,\
              metadata\n\
              http_req_duration,1764000000,1e18,,,,true,,GET,x,HTTP/1.1,default,,200,,,x,,\n";
    let e = err("huge.csv", k6);
    assert!(
        e.contains("huge.csv: an http_req_duration of 1000000000000000000 ms, more than a day"),
        "{e}"
    );
}

/// A rate or time that is negative, infinite or not a number is no measurement: the
/// line is named.
#[test]
fn a_negative_or_infinite_rate_is_refused() {
    let hey = std::fs::read_to_string(common::fixture("hey/summary.txt")).unwrap();
    let line = 1 + hey
        .lines()
        .position(|l| l.contains("Requests/sec:"))
        .unwrap();
    for bad in ["-5", "inf", "NaN"] {
        let text = hey.replace("20331.9967", bad);
        let e = err("hey.txt", &text);
        assert!(
            e.starts_with(&format!("hey.txt: line {line}: ")) && e.contains(bad),
            "{bad}: {e}"
        );
    }
    let vegeta = std::fs::read_to_string(common::fixture("vegeta/report-readme.txt")).unwrap();
    let rate = vegeta
        .lines()
        .find(|l| l.starts_with("Requests"))
        .unwrap()
        .to_owned();
    let negative = rate.replacen(", ", ", -", 1);
    let e = err("vegeta.txt", &vegeta.replace(&rate, &negative));
    assert!(e.starts_with("vegeta.txt: line 1: "), "{e}");
}

/// A label that is HTML is text in the Markdown report as in the HTML one.
#[test]
fn html_in_a_label_is_escaped_in_reports() {
    let dir = tempfile::tempdir().unwrap();
    let jtl = dir.path().join("labels.jtl");
    std::fs::write(
        &jtl,
        "timeStamp,elapsed,label,responseCode,success\n\
         1764000000000,12,<script>alert(1)</script>,200,true\n\
         1764000001000,14,<script>alert(1)</script>,200,true\n",
    )
    .unwrap();
    for (format, name) in [("markdown", "r.md"), ("html", "r.html")] {
        let out = dir.path().join(name);
        gatebench_ok(&[
            "report".as_ref(),
            "--format".as_ref(),
            format.as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
            jtl.as_os_str(),
        ]);
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(!text.contains("<script>alert"), "{format}: raw HTML");
        assert!(
            text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{format}"
        );
    }
    // The Markdown's charts, SVG files beside it: the label is text in them.
    let svg = std::fs::read_to_string(dir.path().join("r-throughput.svg")).unwrap();
    assert!(!svg.contains("<script>alert"), "raw markup in the SVG");
    gatebench::parse_svg(&svg).unwrap();
}

/// Labels with quotes, ampersands, angle brackets and a great length are text in
/// every chart's SVG: escaped, never markup, and every SVG still parses.
#[test]
fn hostile_labels_are_text_in_every_svg_chart() {
    let dir = tempfile::tempdir().unwrap();
    let long = "a-very-long-name-".repeat(20);
    let labels = [
        "<script>alert(1)</script>".to_owned(),
        "say \"hi\" & 'bye' </svg>".to_owned(),
        long.clone(),
    ];
    let mut rows = String::from("timeStamp,elapsed,label,responseCode,success\n");
    for (i, label) in labels.iter().enumerate() {
        for s in 0..3 {
            let quoted = format!("\"{}\"", label.replace('"', "\"\""));
            rows += &format!(
                "{},{},{quoted},200,true\n",
                1764000000000_u64 + s * 1000,
                10 + i
            );
        }
    }
    let jtl = dir.path().join("hostile.jtl");
    std::fs::write(&jtl, rows).unwrap();
    let runs = gatebench::load_file(&jtl).unwrap();
    assert_eq!(runs.len(), 3);
    for kind in gatebench::ChartKind::ALL {
        let svg = gatebench::chart_svg(
            kind,
            &runs,
            Some(0),
            &gatebench::ChartViews::default(),
            &gatebench::SvgCanvas::new(800.0, 500.0, false, kind.file_stem()),
        );
        gatebench::parse_svg(&svg).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert!(!svg.contains("<script>"), "{kind:?}");
        assert!(!svg.contains("\"hi\""), "{kind:?}: a raw quote");
        assert_eq!(svg.matches("</svg>").count(), 1, "{kind:?}");
    }
    let svg = gatebench::chart_svg(
        gatebench::ChartKind::Spectrum,
        &runs,
        Some(0),
        &gatebench::ChartViews::default(),
        &gatebench::SvgCanvas::new(800.0, 500.0, false, "t"),
    );
    // Each run's label is in the spectrum's legend, escaped.
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    };
    for run in &runs {
        let label = escape(&run.label);
        let short = &label[..label.len().min(30)];
        assert!(svg.contains(short), "{short}: {svg}");
    }
    assert!(
        runs.iter()
            .any(|r| r.label.contains('&') || r.label.contains('"'))
    );
}

/// A label a spreadsheet would run (`=HYPERLINK(...)`) is written with a `'` before
/// it; numbers stay numbers; reading the CSV back gives the label as it was.
#[test]
fn tidy_csv_cells_never_become_formulas() {
    let mut run = common::load_one("wrk/with-latency.txt");
    let evil = "=HYPERLINK(\"http://evil/\",\"x\")";
    run.label = evil.into();
    run.integration = Some("+cmd|' /C calc'!A0".into());
    run.group = Some("@SUM(1+1)".into());
    let mut csv = Vec::new();
    gatebench::write_tidy_csv(std::slice::from_ref(&run), &mut csv).unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        row.get(header.iter().position(|h| h == name).unwrap())
            .unwrap()
    };
    assert_eq!(cell("label"), format!("'{evil}"), "{text}");
    assert_eq!(cell("integration"), "'+cmd|' /C calc'!A0");
    assert_eq!(cell("group"), "'@SUM(1+1)");
    assert!(
        cell("throughput_rps").parse::<f64>().is_ok(),
        "a number stays a number: {}",
        cell("throughput_rps")
    );
    let back = gatebench::load_bytes(Path::new("back.csv"), &csv).unwrap();
    assert_eq!(back[0].label, evil);
    assert_eq!(back[0].integration.as_deref(), Some("+cmd|' /C calc'!A0"));
    assert_eq!(back[0].group.as_deref(), Some("@SUM(1+1)"));
}

/// A workspace that reads a log in a unit gatebench does not know is refused with
/// the unit named, never read in microseconds.
#[test]
fn an_unknown_format_option_in_a_workspace_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("gen-a.hlog");
    std::fs::copy(common::fixture("hlog/gen-a.hlog"), &log).unwrap();
    let ws = dir.path().join("w.gatebench");
    gatebench_ok(&[
        "workspace".as_ref(),
        "--hlog-unit".as_ref(),
        "ms".as_ref(),
        "--out".as_ref(),
        ws.as_os_str(),
        log.as_os_str(),
    ]);
    let text = std::fs::read_to_string(&ws).unwrap();
    assert!(text.contains("\"hlog_unit\": \"ms\""), "{text}");
    let ms = gatebench::open_workspace(&ws, &|_| {}).unwrap();
    let micros = gatebench::load_file(&log).unwrap();
    assert!(
        (ms.runs[0].0.latency.mean.unwrap() / micros[0].latency.mean.unwrap() - 1000.0).abs() < 1.0,
        "the unit is kept"
    );
    std::fs::write(
        &ws,
        text.replace("\"hlog_unit\": \"ms\"", "\"hlog_unit\": \"seconds\""),
    )
    .unwrap();
    let e = gatebench::read_workspace(&ws).unwrap_err().to_string();
    assert!(
        e.contains(
            "w.gatebench: source gen-a.hlog: hlog_unit `seconds`: expected one of us, ns, ms"
        ),
        "{e}"
    );
}
