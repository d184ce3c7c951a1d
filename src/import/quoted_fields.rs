//! The fields of a space-separated line whose text fields are in double quotes
//! (load-balancer and proxy access logs): a quoted field may hold spaces, and ends
//! at its closing quote even when no space follows (`"-"1` is `-` then `1`, as in an
//! AWS example).

/// The fields of `line`, quotes removed.
pub fn split(line: &str) -> Vec<&str> {
    let mut out = [""; 64];
    let n = split_into(line, &mut out);
    out[..n].to_vec()
}

/// The first `out.len()` fields of `line` into `out`, without allocating (the
/// logs of millions of lines); how many there are, counted to `out.len()`.
pub fn split_into<'a>(line: &'a str, out: &mut [&'a str]) -> usize {
    let mut n = 0;
    let mut push = |field: &'a str| {
        if n < out.len() {
            out[n] = field;
            n += 1;
            true
        } else {
            false
        }
    };
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' => i += 1,
            b'"' => {
                let start = i + 1;
                let end = memchr::memchr(b'"', &bytes[start..]).map_or(line.len(), |e| start + e);
                if !push(&line[start..end]) {
                    break;
                }
                i = end + 1;
            }
            _ => {
                let start = i;
                i = memchr::memchr2(b' ', b'\t', &bytes[start..])
                    .map_or(bytes.len(), |e| start + e);
                if !push(&line[start..i]) {
                    break;
                }
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoted_fields_keep_their_spaces() {
        assert_eq!(
            super::split(r#"http 0.1 "GET / HTTP/1.1" "-"1 - "a b""#),
            ["http", "0.1", "GET / HTTP/1.1", "-", "1", "-", "a b"]
        );
    }
}
