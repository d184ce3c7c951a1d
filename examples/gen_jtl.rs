//! Writes a seeded, JMeter-like JTL for benchmarks: six labels, JMeter's 17 default
//! columns, about 157 bytes a row, 0.5% failures with a failure message.
//!
//!     cargo run --release --example gen_jtl -- ROWS OUT.jtl [SEED]

use std::io::{BufWriter, Write};

const LABELS: [(&str, f64); 6] = [
    ("elb-direct", 2.0),
    ("apigw-http-proxy", 9.0),
    ("apigw-lambda-128", 180.0),
    ("apigw-lambda-512", 60.0),
    ("apigw-lambda-1024", 35.0),
    ("apigw-lambda-2048", 30.0),
];

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Uniform in (0, 1].
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: gen_jtl ROWS OUT.jtl [SEED]");
        std::process::exit(2);
    }
    let rows: u64 = args[1].parse().expect("ROWS is a whole number");
    let seed: u64 = args
        .get(3)
        .map_or(42, |s| s.parse().expect("SEED is a whole number"));
    let mut rng = XorShift(seed.max(1));
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&args[2])?);
    writeln!(
        out,
        "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,\
         failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect"
    )?;
    let t0: u64 = 1_764_000_000_000;
    let span_ms = 600_000u64; // ten minutes
    for i in 0..rows {
        let (label, base) = LABELS[(rng.next() % LABELS.len() as u64) as usize];
        // Exponential tail over the base latency.
        let elapsed = (base * (1.0 - 0.5 * rng.unit().ln())) as u64;
        let failed = rng.next().is_multiple_of(200);
        let (code, msg, ok, failure) = if failed {
            (
                503,
                "Service Unavailable",
                "false",
                "Test failed: code expected to be 200",
            )
        } else {
            (200, "OK", "true", "")
        };
        let thread = rng.next() % 200 + 1;
        writeln!(
            out,
            "{},{elapsed},{label},{code},{msg},Thread Group Users 1-{thread},text,{ok},{failure},{},118,200,200,http://127.0.0.1:8080/api/v1/{label}/items/{},{},0,{}",
            t0 + i * span_ms / rows.max(1),
            312 + rng.next() % 64,
            100_000 + rng.next() % 900_000,
            elapsed.saturating_sub(1),
            rng.next() % 3,
        )?;
    }
    out.flush()
}
