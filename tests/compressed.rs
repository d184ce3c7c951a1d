//! Compressed inputs: gzip (one and several members) and zstd, by magic bytes
//! whatever the name, read streamed; a truncated file is an error that says so.

use crate::common;

fn same_runs(a: &[gatebench::Run], b: &[gatebench::Run]) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.label, y.label);
        assert_eq!(x.requests, y.requests);
        assert_eq!(x.throughput_rps, y.throughput_rps);
        assert_eq!(x.latency, y.latency);
        assert_eq!(x.errors, y.errors);
    }
}

#[test]
fn compressed_files_give_the_runs_of_the_plain_file() {
    let plain = common::load("jmeter/html-report-testfile.jtl");
    for rel in [
        "compressed/jtl.jtl.gz",
        "compressed/multi-member.jtl.gz",
        "compressed/jtl.jtl.zst",
        "compressed/no-name.data",
    ] {
        same_runs(&common::load(rel), &plain);
    }
    same_runs(
        &common::load("compressed/with-latency.txt.gz"),
        &common::load("wrk/with-latency.txt"),
    );
}

#[test]
fn truncated_and_false_files_say_what_was_expected() {
    let e = common::load_err("compressed/truncated.jtl.gz").to_string();
    assert!(
        e.starts_with(
            &common::fixture("compressed/truncated.jtl.gz")
                .display()
                .to_string()
        ),
        "{e}"
    );
    assert!(
        e.contains("gzip data ends early") && e.contains("truncated"),
        "{e}"
    );
    let e = common::load_err("compressed/truncated.jtl.zst").to_string();
    assert!(e.contains("zstd data ends early"), "{e}");
    let e = common::load_err("compressed/fake.txt.gz").to_string();
    assert!(
        e.contains("line 1: the name ends in .gz but the file is not gzip data"),
        "{e}"
    );
}

/// A 1M-row JTL, gzip- and zstd-compressed, gives exactly the runs of the plain file;
/// progress counts the compressed bytes up to the whole file.
#[test]
fn a_million_rows_compressed_give_exactly_the_plain_runs() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("big.jtl");
    let mut text = String::from("timeStamp,elapsed,label,responseCode,success,bytes\n");
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..1_000_000u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let label = ["direct", "proxy", "lambda-512"][(x % 3) as usize];
        let ok = !x.is_multiple_of(200);
        text += &format!(
            "{},{},{label},{},{ok},{}\n",
            1_764_000_000_000 + i / 10,
            1 + x % 900,
            if ok { 200 } else { 503 },
            100 + x % 50
        );
    }
    std::fs::write(&plain, &text).unwrap();
    let gz = dir.path().join("big.jtl.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    enc.write_all(text.as_bytes()).unwrap();
    enc.finish().unwrap();
    let zst = dir.path().join("big.jtl.zst");
    std::fs::write(&zst, zstd::encode_all(text.as_bytes(), 1).unwrap()).unwrap();

    let expected = gatebench::load_file(&plain).unwrap();
    assert_eq!(
        expected.iter().map(|r| r.requests.unwrap()).sum::<u64>(),
        1_000_000
    );
    for path in [&gz, &zst] {
        let last = std::sync::Mutex::new(0.0f32);
        let runs = gatebench::load_file_as(path, None, &|f| *last.lock().unwrap() = f).unwrap();
        same_runs(&runs, &expected);
        let done = *last.lock().unwrap();
        assert!(
            (0.99..=1.0).contains(&done),
            "progress ends at the whole file: {done}"
        );
    }
}

/// A Gatling log is read line by line, not in blocks: gzip-compressed, it still
/// gives the plain file's runs, and progress (the compressed bytes read) reaches
/// the whole file.
#[test]
fn a_compressed_gatling_log_reports_its_progress() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("RUN\tS\trun1\t1764000000000\t \t3.9.5\n");
    for i in 0..60_000u64 {
        let start = 1_764_000_000_000 + i * 10;
        text += &format!("REQUEST\t\tHome\t{start}\t{}\tOK\t \n", start + 1 + i % 97);
    }
    let plain = dir.path().join("simulation.log");
    std::fs::write(&plain, &text).unwrap();
    let gz = dir.path().join("simulation.log.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    enc.write_all(text.as_bytes()).unwrap();
    enc.finish().unwrap();
    let last = std::sync::Mutex::new(0.0f32);
    let runs = gatebench::load_file_as(&gz, None, &|f| *last.lock().unwrap() = f).unwrap();
    same_runs(&runs, &gatebench::load_file(&plain).unwrap());
    assert_eq!(runs[0].requests, Some(60_000));
    let done = *last.lock().unwrap();
    assert!(
        (0.99..=1.0).contains(&done),
        "progress ends at the whole file: {done}"
    );
}
