//! AWS Lambda Power Tuning (alexcasalboni/aws-lambda-power-tuning): its execution
//! output JSON (with or without the outer `"results"`, `power` a string or a number,
//! `stats` present or not) and its visualization URL, whose fragment carries every
//! tested size (`docs/aws-lambda-power-tuning.md`). One run per memory size: its
//! average duration as the mean latency and its average price per invocation; no
//! throughput, and measured by direct invocation, not through the gateway.

use std::path::Path;

use base64::Engine;
use serde_json::Value;

use super::ImportError;
use super::importer::TextFormat;
use crate::model::{LatencySummary, Measurement, Run};
use crate::naming;

/// AWS Lambda Power Tuning output JSON: the importer.
pub const JSON: TextFormat = TextFormat {
    id: "power-tuning",
    describe: "AWS Lambda Power Tuning output JSON",
    tools: &["power-tuning"],
    throughput_definition: "not measured: Power Tuning invokes the function directly",
    sniff: looks_like_json,
    parse: parse_json,
};

/// A Power Tuning visualization URL in a text file: the importer.
pub const URL: TextFormat = TextFormat {
    id: "power-tuning-url",
    describe: "AWS Lambda Power Tuning visualization URL",
    tools: &["power-tuning"],
    throughput_definition: "not measured: Power Tuning invokes the function directly",
    sniff: looks_like_url,
    parse: parse_url_file,
};

/// One tested memory size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TunedSize {
    pub memory_mb: u32,
    /// Average duration, ms.
    pub duration_ms: f64,
    /// Average cost of one invocation, USD.
    pub cost_usd: f64,
}

/// True for Power Tuning's output: a `stateMachine` object, or `stats` entries with
/// `averagePrice`.
pub fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && (text.contains("\"averagePrice\"") || text.contains("\"stateMachine\""))
}

/// True when the first non-empty line is a URL whose fragment has three parts.
pub fn looks_like_url(text: &str) -> bool {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    first.is_some_and(|l| {
        l.starts_with("http")
            && l.split_once('#')
                .is_some_and(|(_, f)| f.split(';').count() == 3)
    })
}

/// The sizes a visualization URL (or its fragment alone) carries: three base64 strings
/// joined by `;`: the memory sizes as little-endian Int16, the average durations (ms)
/// and the average costs (USD) as little-endian Float32, in one order.
pub fn decode_fragment(url: &str) -> Result<Vec<TunedSize>, String> {
    let fragment = url.trim().rsplit_once('#').map_or(url.trim(), |(_, f)| f);
    let parts: Vec<&str> = fragment.split(';').collect();
    let [sizes, durations, costs] = parts.as_slice() else {
        return Err(format!(
            "expected a fragment of three base64 parts joined by `;` (sizes;durations;costs), \
             found {} part(s)",
            parts.len()
        ));
    };
    let bytes = |what: &str, part: &str| {
        base64::engine::general_purpose::STANDARD
            .decode(part.trim())
            .map_err(|e| format!("the {what} part is not base64: {e}"))
    };
    let (s, d, c) = (
        bytes("sizes", sizes)?,
        bytes("durations", durations)?,
        bytes("costs", costs)?,
    );
    if s.len() % 2 != 0 || d.len() % 4 != 0 || c.len() % 4 != 0 {
        return Err("the parts are not whole Int16 sizes and Float32 durations and costs".into());
    }
    let sizes: Vec<i16> = s
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    let floats = |v: &[u8]| -> Vec<f32> {
        v.chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect()
    };
    let (durations, costs) = (floats(&d), floats(&c));
    if sizes.is_empty() || sizes.len() != durations.len() || sizes.len() != costs.len() {
        return Err(format!(
            "expected as many sizes as durations and costs, found {}, {} and {}",
            sizes.len(),
            durations.len(),
            costs.len()
        ));
    }
    sizes
        .iter()
        .zip(durations.iter().zip(&costs))
        .map(|(&mb, (&ms, &usd))| {
            let mb = u32::try_from(mb)
                .ok()
                .filter(|m| naming::MEMORY_RANGE_MB.contains(m))
                .ok_or_else(|| format!("{mb} MB is not a Lambda memory size"))?;
            Ok(TunedSize {
                memory_mb: mb,
                duration_ms: f64::from(ms),
                cost_usd: f64::from(usd),
            })
        })
        .collect()
}

/// The visualization fragment of `sizes`, as Power Tuning builds it (sorted by memory).
pub fn encode_fragment(sizes: &[TunedSize]) -> String {
    let mut sorted = sizes.to_vec();
    sorted.sort_by_key(|s| s.memory_mb);
    let b64 = |bytes: Vec<u8>| base64::engine::general_purpose::STANDARD.encode(bytes);
    let s: Vec<u8> = sorted
        .iter()
        .flat_map(|t| (t.memory_mb.min(i16::MAX as u32) as i16).to_le_bytes())
        .collect();
    let d: Vec<u8> = sorted
        .iter()
        .flat_map(|t| (t.duration_ms as f32).to_le_bytes())
        .collect();
    let c: Vec<u8> = sorted
        .iter()
        .flat_map(|t| (t.cost_usd as f32).to_le_bytes())
        .collect();
    format!("{};{};{}", b64(s), b64(d), b64(c))
}

/// The runs of a pasted visualization URL, labelled `power-tuning-<memory>`.
pub fn runs_of_url(url: &str) -> Result<Vec<Run>, String> {
    decode_fragment(url).map(|sizes| runs_of(Path::new("power-tuning"), &sizes))
}

/// The runs of the sizes, labelled `<stem>-<memory>`.
pub fn runs_of(path: &Path, sizes: &[TunedSize]) -> Vec<Run> {
    let stem = naming::classify(path).stem;
    sizes
        .iter()
        .map(|s| Run {
            integration: Some("lambda".into()),
            memory_mb: Some(s.memory_mb),
            latency: LatencySummary {
                mean: Some(s.duration_ms),
                ..LatencySummary::default()
            },
            invocation_cost_usd: Some(s.cost_usd),
            ..Run::read(
                "power-tuning",
                path,
                format!("{stem}-{}", s.memory_mb),
                Measurement::DirectInvocation,
            )
        })
        .collect()
}

/// Reads the execution output: `stats` when present, else the visualization URL.
pub fn parse_json(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| ImportError::parse(path, e.line().max(1), format!("not valid JSON: {e}")))?;
    let results = doc.get("results").unwrap_or(&doc);
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map_or(1, |i| i + 1)
    };
    if let Some(stats) = results.get("stats").and_then(Value::as_array) {
        let mut sizes = Vec::new();
        for stat in stats {
            // Power Tuning's analyzer drops entries without a duration.
            let Some(duration_ms) = stat.get("averageDuration").and_then(Value::as_f64) else {
                continue;
            };
            let memory_mb = number(stat.get("value"))
                .filter(|m| naming::MEMORY_RANGE_MB.contains(m))
                .ok_or_else(|| {
                    ImportError::parse(
                        path,
                        line_of("\"value\""),
                        "a `stats` entry lacks `value`, a memory size from 128 to 10,240 MB",
                    )
                })?;
            let cost_usd = stat
                .get("averagePrice")
                .and_then(Value::as_f64)
                .ok_or_else(|| {
                    ImportError::parse(
                        path,
                        line_of("\"averagePrice\""),
                        format!("the `stats` entry of {memory_mb} MB lacks `averagePrice`"),
                    )
                })?;
            sizes.push(TunedSize {
                memory_mb,
                duration_ms,
                cost_usd,
            });
        }
        if sizes.is_empty() {
            return Err(ImportError::parse(
                path,
                line_of("\"stats\""),
                "`stats` holds no tested size with a duration",
            ));
        }
        return Ok(runs_of(path, &sizes));
    }
    let url = results
        .get("stateMachine")
        .and_then(|s| s.get("visualization"))
        .and_then(Value::as_str);
    match url {
        Some(url) => decode_fragment(url)
            .map(|sizes| runs_of(path, &sizes))
            .map_err(|e| ImportError::parse(path, line_of("\"visualization\""), e)),
        None => Err(ImportError::parse(
            path,
            1,
            "the output holds no sizes: expected `stats` (run with includeOutputResults) or \
             `stateMachine.visualization`",
        )),
    }
}

/// Reads a text file whose first line is a visualization URL.
pub fn parse_url_file(path: &Path, text: &str) -> Result<Vec<Run>, ImportError> {
    let (index, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty())
        .unwrap_or((0, ""));
    decode_fragment(line)
        .map(|sizes| runs_of(path, &sizes))
        .map_err(|e| ImportError::parse(path, index + 1, e))
}

/// A memory size given as a number or a string ("128").
fn number(v: Option<&Value>) -> Option<u32> {
    match v? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's example fragment decodes to its six sizes.
    #[test]
    fn the_readme_fragment() {
        let sizes = decode_fragment(
            "gAAAAQACAAQABsAL;ZooQR4yvkUa/pQRGRC5zRaADHUVjOftE;QdWhOEMkoziDT5Q4xhiIOMYYiDi6RNc4",
        )
        .unwrap();
        let mbs: Vec<u32> = sizes.iter().map(|s| s.memory_mb).collect();
        assert_eq!(mbs, [128, 256, 512, 1024, 1536, 3008]);
        assert!((sizes[0].duration_ms - 37002.3984375).abs() < 1e-6);
        assert!((sizes[5].duration_ms - 2009.7933349609375).abs() < 1e-6);
        assert!((sizes[3].cost_usd - 6.489599763881415e-05).abs() < 1e-15);
        assert_eq!(
            sizes[3].cost_usd, sizes[4].cost_usd,
            "1024 and 1536 MB cost the same"
        );
        let again = decode_fragment(&encode_fragment(&sizes)).unwrap();
        assert_eq!(again, sizes, "what is encoded decodes to the same sizes");
    }

    #[test]
    fn broken_fragments_say_what_was_expected() {
        assert!(
            decode_fragment("https://x/#abc")
                .unwrap_err()
                .contains("three base64 parts")
        );
        assert!(
            decode_fragment("gAA*;ZooQ;QdWh")
                .unwrap_err()
                .contains("not base64")
        );
        assert!(
            decode_fragment("gAAAAQ==;ZooQRw==;QdWhOA==")
                .unwrap_err()
                .contains("as many sizes")
        );
    }
}
