//! Bins of equal width along time, at most a given number: when a run spans more, the
//! width doubles (1 s, 2 s, 4 s, ...) and neighbours merge, so that memory stays
//! bounded whatever the timestamps say.

use std::collections::VecDeque;

/// What a bin holds.
pub trait BinData: Default {
    /// Adds what another bin of the same time holds.
    fn absorb(&mut self, other: Self);
    /// True when nothing was added.
    fn is_empty(&self) -> bool;
}

pub struct TimeBins<T> {
    /// Start of the first bin, in seconds, a multiple of `width`.
    base: i64,
    /// Bin width in seconds, a power of two.
    width: i64,
    bins: VecDeque<T>,
    max: usize,
}

impl<T: BinData> TimeBins<T> {
    pub fn new(max: usize) -> Self {
        TimeBins {
            base: 0,
            width: 1,
            bins: VecDeque::new(),
            max: max.max(2),
        }
    }

    pub fn width(&self) -> i64 {
        self.width
    }

    /// The bin holding `second`, widening the bins while the span exceeds the maximum.
    pub fn bin_mut(&mut self, second: i64) -> &mut T {
        // Most samples fall in a bin that exists: no growing, no widening.
        let offset = second - self.base;
        if offset >= 0 {
            // The width is a power of two: a shift, not a division.
            let index = (offset as u64 >> self.width.trailing_zeros()) as usize;
            if index < self.bins.len() {
                return &mut self.bins[index];
            }
        }
        if self.bins.is_empty() {
            self.base = second.div_euclid(self.width) * self.width;
        }
        loop {
            let lo = self.base.min(second.div_euclid(self.width) * self.width);
            let hi = (self.base + self.bins.len() as i64 * self.width).max(second + 1);
            if (hi - lo) / self.width <= self.max as i64 {
                break;
            }
            self.widen();
        }
        while second < self.base {
            self.bins.push_front(T::default());
            self.base -= self.width;
        }
        let index = ((second - self.base) / self.width) as usize;
        while self.bins.len() <= index {
            self.bins.push_back(T::default());
        }
        &mut self.bins[index]
    }

    /// Doubles the bin width, merging neighbours.
    fn widen(&mut self) {
        let width = self.width * 2;
        let base = self.base.div_euclid(width) * width;
        let mut merged: VecDeque<T> = VecDeque::new();
        for (i, bin) in std::mem::take(&mut self.bins).into_iter().enumerate() {
            let start = self.base + i as i64 * self.width;
            let index = ((start - base) / width) as usize;
            while merged.len() <= index {
                merged.push_back(T::default());
            }
            merged[index].absorb(bin);
        }
        self.base = base;
        self.width = width;
        self.bins = merged;
    }

    /// Adds the bins of `other` (the same run, gathered elsewhere).
    pub fn absorb(&mut self, other: TimeBins<T>) {
        while self.width < other.width {
            self.widen();
        }
        let (base, width) = (other.base, other.width);
        for (i, bin) in other.bins.into_iter().enumerate() {
            if !bin.is_empty() {
                self.bin_mut(base + i as i64 * width).absorb(bin);
            }
        }
    }

    /// Each bin with the second it starts at, in time order.
    pub fn into_iter(self) -> impl Iterator<Item = (i64, T)> {
        let (base, width) = (self.base, self.width);
        self.bins
            .into_iter()
            .enumerate()
            .map(move |(i, b)| (base + i as i64 * width, b))
    }

    pub fn iter(&self) -> impl Iterator<Item = (i64, &T)> {
        self.bins
            .iter()
            .enumerate()
            .map(|(i, b)| (self.base + i as i64 * self.width, b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, Debug, PartialEq)]
    struct Count(u64);

    impl BinData for Count {
        fn absorb(&mut self, other: Self) {
            self.0 += other.0;
        }
        fn is_empty(&self) -> bool {
            self.0 == 0
        }
    }

    #[test]
    fn bins_widen_to_stay_within_the_maximum() {
        let mut bins = TimeBins::<Count>::new(4);
        for s in [10, 11, 12, 13] {
            bins.bin_mut(s).0 += 1;
        }
        assert_eq!(bins.width(), 1);
        bins.bin_mut(14).0 += 1; // five seconds: widen to 2 s
        assert_eq!(bins.width(), 2);
        let all: Vec<(i64, u64)> = bins.iter().map(|(s, c)| (s, c.0)).collect();
        assert_eq!(all, [(10, 2), (12, 2), (14, 1)]);
        let mut other = TimeBins::<Count>::new(4);
        other.bin_mut(9).0 += 3;
        bins.absorb(other);
        let all: Vec<(i64, u64)> = bins.iter().map(|(s, c)| (s, c.0)).collect();
        assert_eq!(all, [(8, 3), (10, 2), (12, 2), (14, 1)]);
    }
}
