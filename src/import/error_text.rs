//! Sorting a tool's error text into wrk's error classes.

use crate::model::ErrorCounts;

/// Adds `n` errors described by `text` (hey's and oha's error distributions).
pub fn classify(errors: &mut ErrorCounts, text: &str, n: u64) {
    let t = text.to_ascii_lowercase();
    if t.contains("timeout") || t.contains("timed out") || t.contains("deadline exceeded") {
        errors.timeout += n;
    } else if t.contains("connection refused") || t.contains("dial tcp") || t.contains("connect") {
        errors.connect += n;
    } else if t.contains("write:") || t.contains("broken pipe") {
        errors.write += n;
    } else if t.contains("read:") || t.contains("eof") || t.contains("connection reset") {
        errors.read += n;
    } else {
        errors.other += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let mut e = ErrorCounts::default();
        classify(&mut e, "Connection refused (os error 111)", 2);
        classify(
            &mut e,
            r#"Get "http://x/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"#,
            3,
        );
        classify(
            &mut e,
            "dial tcp 127.0.0.1:18999: connect: connection refused",
            1,
        );
        classify(&mut e, "something odd", 1);
        assert_eq!((e.connect, e.timeout, e.other), (3, 3, 1));
    }
}
