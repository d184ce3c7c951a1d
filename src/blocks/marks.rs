//! The separators and line ends of a piece, found 64 bytes at a time: each 64-byte
//! word becomes two bit masks (bit i: byte i is a separator, a `\n`), whose set bits
//! are then taken in order. The masks come from 16-byte vector compares (`wide`:
//! SSE2 on x86-64, NEON on ARM, plain code elsewhere), with no unsafe code here.
//! JTL lines hold a mark every nine bytes or so, too dense for `memchr`'s
//! iterators, whose cost is per match; here a match costs a few instructions.

const WORD: usize = 64;

/// Bit i set where `word[i] == byte`: four 16-byte compares and their sign masks.
#[inline]
fn mask_of(word: &[u8; WORD], byte: u8) -> u64 {
    use wide::u8x16;
    let wanted = u8x16::splat(byte);
    let mut mask = 0u64;
    for (i, lane) in word.chunks_exact(16).enumerate() {
        let lane = u8x16::new(lane.try_into().unwrap_or([0; 16]));
        mask |= u64::from(lane.simd_eq(wanted).to_bitmask()) << (16 * i);
    }
    mask
}

/// The positions of `separator` and `\n` bytes in a piece, in order.
pub struct Marks<'a> {
    bytes: &'a [u8],
    separator: u8,
    /// Where the current word starts.
    word: usize,
    /// The marks of the current word not yet given.
    mask: u64,
    /// The line ends of the current word.
    newlines: u64,
}

/// A mark: where, and whether it is a line end (else a separator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub at: usize,
    pub newline: bool,
}

impl<'a> Marks<'a> {
    /// `separator` must not be `\n` or `\0`.
    pub fn new(bytes: &'a [u8], separator: u8) -> Self {
        let mut marks = Marks {
            bytes,
            separator,
            word: 0,
            mask: 0,
            newlines: 0,
        };
        marks.load();
        marks
    }

    /// The masks of the word at `self.word` (past the end, zero bytes: never marks).
    #[inline]
    fn load(&mut self) {
        let at = self.word;
        let padded;
        let word: &[u8; WORD] = match self.bytes.get(at..at + WORD) {
            Some(w) => w.try_into().unwrap_or(&[0; WORD]),
            None => {
                let mut w = [0u8; WORD];
                let tail = self.bytes.get(at..).unwrap_or_default();
                w[..tail.len()].copy_from_slice(tail);
                padded = w;
                &padded
            }
        };
        self.newlines = mask_of(word, b'\n');
        self.mask = mask_of(word, self.separator) | self.newlines;
    }

    /// Moves to the next word with a mark; false at the end.
    #[inline]
    fn advance(&mut self) -> bool {
        while self.mask == 0 {
            self.word += WORD;
            if self.word >= self.bytes.len() {
                return false;
            }
            self.load();
        }
        true
    }

    /// Skips to the next line end, past the separators before it: gives where it is
    /// (`None` at the end of the piece without one) and how many separators were
    /// skipped. Counting them costs a few instructions a word, not a few a mark.
    #[inline]
    pub fn skip_line(&mut self) -> (Option<usize>, usize) {
        let mut separators = 0;
        loop {
            let ends = self.mask & self.newlines;
            if ends != 0 {
                let first = ends & ends.wrapping_neg();
                let before = first - 1;
                separators += (self.mask & before).count_ones() as usize;
                self.mask &= !(before | first);
                return (
                    Some(self.word + first.trailing_zeros() as usize),
                    separators,
                );
            }
            separators += self.mask.count_ones() as usize;
            self.mask = 0;
            if !self.advance() {
                return (None, separators);
            }
        }
    }
}

impl Iterator for Marks<'_> {
    type Item = Mark;

    #[inline]
    fn next(&mut self) -> Option<Mark> {
        if !self.advance() {
            return None;
        }
        let bit = self.mask & self.mask.wrapping_neg();
        self.mask ^= bit;
        Some(Mark {
            at: self.word + bit.trailing_zeros() as usize,
            newline: self.newlines & bit != 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected(text: &[u8], separator: u8) -> Vec<Mark> {
        text.iter()
            .enumerate()
            .filter(|(_, b)| **b == separator || **b == b'\n')
            .map(|(at, b)| Mark {
                at,
                newline: *b == b'\n',
            })
            .collect()
    }

    #[test]
    fn marks_in_order_across_words_and_the_tail() {
        let text: Vec<u8> = b"a,bb,,ccc\ndddddddddddd,e\n\nf;g,h,"
            .iter()
            .copied()
            .cycle()
            .take(300)
            .collect();
        for cut in 0..text.len() {
            let piece = &text[..cut];
            assert_eq!(
                Marks::new(piece, b',').collect::<Vec<_>>(),
                expected(piece, b','),
                "cut {cut}"
            );
        }
        assert_eq!(Marks::new(b"", b',').count(), 0);
        let tabs: Vec<usize> = Marks::new(b"x\ty\t", b'\t').map(|m| m.at).collect();
        assert_eq!(tabs, [1, 3]);
    }

    #[test]
    fn skipping_lines_counts_their_separators() {
        // Lines long enough to span words, and marks right at word edges.
        let mut text = Vec::new();
        for n in 0..40 {
            text.extend(std::iter::repeat_n(b'x', n * 3));
            text.extend(std::iter::repeat_n(b',', n % 7));
            text.push(b'\n');
        }
        text.extend_from_slice(b"tail,without,end");
        let mut marks = Marks::new(&text, b',');
        let mut start = 0;
        for n in 0..40 {
            let (end, separators) = marks.skip_line();
            let end = end.expect("a line end");
            assert_eq!(end, start + n * 3 + n % 7, "line {n}");
            assert_eq!(separators, n % 7, "line {n}");
            start = end + 1;
        }
        assert_eq!(marks.skip_line(), (None, 2));
        assert_eq!(marks.skip_line(), (None, 0));
        // Taking marks one by one, then skipping the rest of the line.
        let mut marks = Marks::new(b"a,b,c,d\ne,f\n", b',');
        assert_eq!(marks.next().map(|m| m.at), Some(1));
        assert_eq!(marks.skip_line(), (Some(7), 2));
        assert_eq!(marks.next().map(|m| m.at), Some(9));
        assert_eq!(marks.skip_line(), (Some(11), 0));
        assert_eq!(marks.next(), None);
    }
}
