//! Writes a seeded ALB access log for benchmarks (`benches/alb_scale.sh`): the
//! fields of the documentation's example lines, about 450 bytes a line, a time a
//! request, 1% undispatched (`-1 -1 -1` with a 502), the rest 200s with target
//! times around 20 ms. Gzipped when OUT ends in `.gz` (as S3 delivers them).
//!
//!     cargo run --release --example gen_alb -- LINES OUT.log[.gz] [SEED]

use std::io::{BufWriter, Write};

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: gen_alb LINES OUT.log[.gz] [SEED]");
        std::process::exit(2);
    }
    let lines: u64 = args[1].parse().expect("LINES is a whole number");
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2026);
    let file = std::fs::File::create(&args[2])?;
    let mut out: Box<dyn Write> = if args[2].ends_with(".gz") {
        Box::new(BufWriter::new(flate2::write::GzEncoder::new(
            file,
            flate2::Compression::fast(),
        )))
    } else {
        Box::new(BufWriter::new(file))
    };
    let mut rng = XorShift(seed.max(1));
    let start = chrono::DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z").unwrap();
    for i in 0..lines {
        let sent = start + chrono::Duration::microseconds((i * 1000) as i64);
        let target = 0.015 + rng.unit() * 0.010;
        let end = sent + chrono::Duration::microseconds((target * 1e6) as i64 + 1000);
        let fmt = |t: chrono::DateTime<chrono::FixedOffset>| {
            t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
        };
        let (times, status, target_status) = if rng.unit() < 0.01 {
            ("-1 -1 -1".to_owned(), 502, "-".to_owned())
        } else {
            (format!("0.000 {target:.3} 0.000"), 200, "200".to_owned())
        };
        writeln!(
            out,
            "https {} app/my-loadbalancer/50dc6c495c0c9188 192.168.131.{}:{} 10.0.0.1:80 {times} \
             {status} {target_status} {} {} \"GET https://www.example.com:443/api/items/{} \
             HTTP/1.1\" \"gatebench-bench/1.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 \
             arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \
             \"Root=1-58337281-{:024x}\" \"www.example.com\" \"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" \
             1 {} \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"",
            fmt(end),
            rng.next() % 250,
            1024 + rng.next() % 60000,
            200 + rng.next() % 300,
            300 + rng.next() % 2000,
            rng.next() % 100000,
            rng.next() as u128,
            fmt(sent),
        )?;
    }
    out.flush()
}
