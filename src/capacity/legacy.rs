//! The legacy ENI formula (AWS docs, 2016 to September 2019):
//! ENIs = projected peak concurrent executions x (memory in GB / divisor GB),
//! rounded up. Computed in whole MB so that rounding is exact.

use serde::{Deserialize, Serialize};

/// The divisor of the formula, by the era of the AWS documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Divisor {
    /// 1.5 GB: the docs of 2016, when the memory maximum was 1,536 MB.
    #[default]
    Gb1_5,
    /// 3 GB: the docs from December 2017, when the maximum was 3,008 MB.
    Gb3,
}

impl Divisor {
    pub const ALL: [Divisor; 2] = [Divisor::Gb1_5, Divisor::Gb3];

    /// The divisor in MB (AWS's GB is 1,024 MB).
    pub fn mb(self) -> u64 {
        match self {
            Divisor::Gb1_5 => 1536,
            Divisor::Gb3 => 3072,
        }
    }

    pub fn gb(self) -> f64 {
        self.mb() as f64 / 1024.0
    }

    /// Parses "1.5" or "3" (GB).
    pub fn from_gb(text: &str) -> Option<Divisor> {
        match text.trim().trim_end_matches("GB").trim() {
            "1.5" => Some(Divisor::Gb1_5),
            "3" | "3.0" => Some(Divisor::Gb3),
            _ => None,
        }
    }

    /// The era of the AWS documentation that used this divisor.
    pub fn era(self) -> &'static str {
        match self {
            Divisor::Gb1_5 => "AWS docs of 2016 to late 2017 (memory up to 1,536 MB)",
            Divisor::Gb3 => "AWS docs of December 2017 to September 2019 (memory up to 3,008 MB)",
        }
    }

    /// The largest function memory of that era, in MB.
    pub fn era_max_memory_mb(self) -> u32 {
        match self {
            Divisor::Gb1_5 => 1536,
            Divisor::Gb3 => 3008,
        }
    }
}

/// ENIs (and so private IP addresses) that `concurrency` executions at
/// `memory_mb` needed: ceil(concurrency x memory / divisor).
pub fn enis_required(concurrency: u64, memory_mb: u32, divisor: Divisor) -> u64 {
    let d = divisor.mb();
    (concurrency.saturating_mul(u64::from(memory_mb))).div_ceil(d)
}

/// The largest concurrency whose ENIs fit in `addresses`:
/// floor(addresses x divisor / memory).
pub fn max_concurrency(addresses: u64, memory_mb: u32, divisor: Divisor) -> u64 {
    addresses.saturating_mul(divisor.mb()) / u64::from(memory_mb.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked examples of `docs/aws-lambda-vpc.md` §1 (per 1,000 concurrent executions).
    #[test]
    fn reference_table() {
        let rows = [
            (128, 84, 42),
            (256, 167, 84),
            (512, 334, 167),
            (1024, 667, 334),
            (1536, 1000, 500),
        ];
        for (mb, at_1_5, at_3) in rows {
            assert_eq!(
                enis_required(1000, mb, Divisor::Gb1_5),
                at_1_5,
                "{mb} MB / 1.5"
            );
            assert_eq!(enis_required(1000, mb, Divisor::Gb3), at_3, "{mb} MB / 3");
        }
        assert_eq!(enis_required(1000, 3008, Divisor::Gb3), 980);
        // "10 x 1 / 3 = 3.33 or 4 ENIs"
        assert_eq!(enis_required(10, 1024, Divisor::Gb3), 4);
    }

    #[test]
    fn max_concurrency_by_hand() {
        // One /24: 251 addresses. At 1,024 MB / 1.5 GB: 251 x 1536 / 1024 = 376.5.
        assert_eq!(max_concurrency(251, 1024, Divisor::Gb1_5), 376);
        assert_eq!(enis_required(376, 1024, Divisor::Gb1_5), 251);
        assert_eq!(enis_required(377, 1024, Divisor::Gb1_5), 252);
    }
}
