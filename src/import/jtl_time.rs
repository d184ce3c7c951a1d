//! JMeter's `timeStamp` column: epoch milliseconds (JMeter's default, `ms`), or text
//! in the pattern of `jmeter.save.saveservice.timestamp_format`, a Java
//! `SimpleDateFormat` (`yyyy/MM/dd HH:mm:ss`, a common setting). The pattern is
//! detected from the first row among the ones people set ([`KNOWN`]), or given with
//! `--jtl-timestamp-format`. JMeter writes local time: a pattern with a zone (`Z`,
//! `X`, `XXX`) is read in it, one without as UTC (only the run's own spans matter).
//! See `docs/benchmark-formats.md`, "JMeter JTL".

use chrono::{DateTime, NaiveDateTime};

/// The patterns tried on the first row, in order.
pub const KNOWN: [&str; 8] = [
    "yyyy/MM/dd HH:mm:ss.SSS",
    "yyyy/MM/dd HH:mm:ss",
    "yyyy-MM-dd'T'HH:mm:ss.SSSZ",
    "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
    "yyyy-MM-dd HH:mm:ss.SSS",
    "yyyy-MM-dd HH:mm:ss",
    "yyyy-MM-dd'T'HH:mm:ss.SSS",
    "yyyy-MM-dd'T'HH:mm:ss",
];

/// A timestamp pattern, ready to read cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// As the user or JMeter's property wrote it.
    pub java: String,
    /// The same for chrono's parser.
    strftime: String,
    /// Whether the text carries its zone.
    zoned: bool,
}

impl Pattern {
    /// `pattern` (a SimpleDateFormat) in chrono's terms, or why it cannot be read:
    /// letters y, M, d, H, m, s, S (up to milliseconds), Z, X and quoted literals.
    pub fn new(pattern: &str) -> Result<Pattern, String> {
        let mut out = String::new();
        let mut zoned = false;
        let chars: Vec<char> = pattern.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\'' {
                // A quoted literal; '' is a quote.
                let mut j = i + 1;
                if chars.get(j) == Some(&'\'') {
                    out.push('\'');
                    i += 2;
                    continue;
                }
                while j < chars.len() && chars[j] != '\'' {
                    push_literal(&mut out, chars[j]);
                    j += 1;
                }
                if j == chars.len() {
                    return Err("a quote is not closed".into());
                }
                i = j + 1;
                continue;
            }
            if !c.is_ascii_alphabetic() {
                push_literal(&mut out, c);
                i += 1;
                continue;
            }
            let run = chars[i..].iter().take_while(|&&x| x == c).count();
            let field = match (c, run) {
                ('y', 4) | ('y', 1) => "%Y",
                ('y', 2) => "%y",
                ('M', 2) | ('M', 1) => "%m",
                ('d', 2) | ('d', 1) => "%d",
                ('H', 2) | ('H', 1) => "%H",
                ('m', 2) | ('m', 1) => "%M",
                ('s', 2) | ('s', 1) => "%S",
                ('S', 3) => "%3f",
                ('S', 2) => "%2f",
                ('S', 1) => "%1f",
                ('Z', 1) | ('X', 1) | ('X', 2) => {
                    zoned = true;
                    "%z"
                }
                ('X', 3) => {
                    zoned = true;
                    "%:z"
                }
                _ => {
                    return Err(format!(
                        "`{}` is not a field gatebench reads; expected yyyy, MM, dd, HH, \
                         mm, ss, SSS, Z, X or XXX, and quoted literals",
                        c.to_string().repeat(run)
                    ));
                }
            };
            out.push_str(field);
            i += run;
        }
        if !out.contains("%Y") && !out.contains("%y") || !out.contains("%S") {
            return Err("a timestamp needs at least a year and seconds (yyyy ... ss)".into());
        }
        Ok(Pattern {
            java: pattern.to_owned(),
            strftime: out,
            zoned,
        })
    }

    /// The finest step of its timestamps in milliseconds: 1000 without `S`.
    pub fn resolution_ms(&self) -> u32 {
        match () {
            _ if self.strftime.contains("%3f") => 1,
            _ if self.strftime.contains("%2f") => 10,
            _ if self.strftime.contains("%1f") => 100,
            _ => 1000,
        }
    }

    /// The epoch milliseconds of `cell`, or `None` when it does not match.
    pub fn epoch_ms(&self, cell: &str) -> Option<i64> {
        let cell = cell.trim();
        if self.zoned {
            DateTime::parse_from_str(cell, &self.strftime)
                .ok()
                .map(|t| t.timestamp_millis())
        } else {
            NaiveDateTime::parse_from_str(cell, &self.strftime)
                .ok()
                .map(|t| t.and_utc().timestamp_millis())
        }
    }
}

fn push_literal(out: &mut String, c: char) {
    if c == '%' {
        out.push_str("%%");
    } else {
        out.push(c);
    }
}

/// How a JTL's timestamps read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timestamps {
    /// Epoch milliseconds (`ms`, JMeter's default).
    EpochMillis,
    Text(Pattern),
}

/// The option's value that means "detect it from the first row".
pub const AUTO: &str = "auto";

/// How `cell`, the first row's timestamp, reads: epoch milliseconds, else the first
/// of [`KNOWN`] that reads it; `None` for neither.
pub fn detect(cell: &str) -> Option<Timestamps> {
    let cell = cell.trim();
    if !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Timestamps::EpochMillis);
    }
    KNOWN.iter().find_map(|p| {
        let pattern = Pattern::new(p).ok()?;
        pattern.epoch_ms(cell).map(|_| Timestamps::Text(pattern))
    })
}

/// The value of `--jtl-timestamp-format`: `auto`, `ms`, or a pattern gatebench reads.
pub fn check_option(value: &str) -> Result<(), String> {
    match value {
        AUTO | "ms" => Ok(()),
        pattern => Pattern::new(pattern).map(|_| ()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_read_as_jmeter_wrote_them() {
        let p = Pattern::new("yyyy/MM/dd HH:mm:ss.SSS").unwrap();
        // 2026-12-02 05:45:44.668 UTC
        assert_eq!(
            p.epoch_ms("2026/12/02 05:45:44.668"),
            Some(1_796_190_344_668)
        );
        let p = Pattern::new("yyyy/MM/dd HH:mm:ss").unwrap();
        assert_eq!(p.epoch_ms("2026/12/02 05:45:43"), Some(1_796_190_343_000));
        // The zone as JMeter writes it: +0100 is an hour ahead of UTC.
        let p = Pattern::new("yyyy-MM-dd'T'HH:mm:ss.SSSZ").unwrap();
        assert_eq!(
            p.epoch_ms("2026-12-02T06:45:45.729+0100"),
            Some(1_796_190_345_729)
        );
        let p = Pattern::new("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").unwrap();
        assert_eq!(
            p.epoch_ms("2026-12-02T06:45:45.729+01:00"),
            Some(1_796_190_345_729)
        );
        assert_eq!(p.epoch_ms("yesterday"), None);
    }

    #[test]
    fn the_first_row_says_which() {
        assert_eq!(detect("1796190346681"), Some(Timestamps::EpochMillis));
        let Some(Timestamps::Text(p)) = detect("2026/12/02 05:45:43") else {
            panic!("a known pattern")
        };
        assert_eq!(p.java, "yyyy/MM/dd HH:mm:ss");
        let Some(Timestamps::Text(p)) = detect("2026-12-02T06:45:45.729+0100") else {
            panic!("a known pattern")
        };
        assert_eq!(p.java, "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        assert_eq!(detect("12/02/2026 5:45 PM"), None);
    }

    #[test]
    fn patterns_gatebench_cannot_read_say_why() {
        assert!(check_option("auto").is_ok() && check_option("ms").is_ok());
        assert!(check_option("dd.MM.yyyy HH:mm:ss").is_ok());
        let e = check_option("EEE, d MMM yyyy HH:mm:ss").unwrap_err();
        assert!(e.starts_with("`EEE` is not a field gatebench reads"), "{e}");
        assert!(check_option("HH:mm").is_err(), "no year, no seconds");
        assert!(check_option("yyyy 'unclosed ss").is_err());
    }
}
