//! A capacity plan: validated inputs in, both readings of the legacy formula and the
//! Hyperplane check out.

use serde::Serialize;

use super::hyperplane;
use super::legacy::{self, Divisor};
use super::subnet::{self, Subnet, SubnetReport};

/// What the planner is asked, already validated (see [`super::form`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanInput {
    pub memory_mb: u32,
    /// Projected peak concurrent executions.
    pub concurrency: u64,
    pub subnets: Vec<Subnet>,
    pub divisor: Divisor,
    /// Distinct security-group sets the VPC functions use (Hyperplane).
    pub security_group_sets: u64,
    /// Peak concurrent connections (Hyperplane); the concurrency when not given.
    pub connections: Option<u64>,
}

/// The legacy formula under one reading of "how many addresses are there".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    pub enis_required: u64,
    pub addresses_available: u64,
    pub fits: bool,
    /// Addresses left over (negative when short).
    pub headroom: i64,
    /// Headroom as a percentage of the addresses available.
    pub headroom_pct: f64,
    /// The largest concurrency these addresses support at this memory.
    pub max_concurrency: u64,
    /// The smallest subnet (largest prefix) that fits, with as many equal subnets.
    pub smallest_prefix: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegacyReport {
    pub divisor_gb: f64,
    pub era: &'static str,
    /// True when the memory is above the largest of the divisor's era.
    pub memory_above_era_max: bool,
    /// ENIs spread over all the subnets.
    pub total: Reading,
    /// Worst case: the smallest subnet alone absorbs every ENI (after an AZ failure,
    /// say). AWS never said which reading is meant.
    pub per_subnet: Reading,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HyperplaneReport {
    pub security_group_sets: u64,
    pub connections: u64,
    /// Distinct (subnet, security-group set) pairs.
    pub pairs: u64,
    pub enis_per_pair: u64,
    pub enis_required: u64,
    pub quota: u64,
    pub within_quota: bool,
    pub addresses_available: u64,
    /// Addresses each subnet needs: security-group sets x ENIs per pair.
    pub needed_per_subnet: u64,
    /// Every subnet has the addresses it needs.
    pub fits: bool,
    pub headroom: i64,
    /// The smallest subnet that holds what each subnet needs.
    pub smallest_prefix: Option<u8>,
}

fn headroom(available: u64, needed: u64) -> (i64, f64) {
    let h = available as i64 - needed as i64;
    let pct = if available == 0 {
        0.0
    } else {
        h as f64 / available as f64 * 100.0
    };
    (h, pct)
}

impl PlanInput {
    pub fn connections(&self) -> u64 {
        self.connections.unwrap_or(self.concurrency)
    }

    pub fn legacy(&self) -> LegacyReport {
        let enis = legacy::enis_required(self.concurrency, self.memory_mb, self.divisor);
        let reading = |available: u64, count: u64| {
            let (headroom, headroom_pct) = headroom(available, enis);
            Reading {
                enis_required: enis,
                addresses_available: available,
                fits: enis <= available,
                headroom,
                headroom_pct,
                max_concurrency: legacy::max_concurrency(available, self.memory_mb, self.divisor),
                smallest_prefix: subnet::smallest_fitting_prefix(enis, count),
            }
        };
        let count = self.subnets.len() as u64;
        let smallest = self.subnets.iter().map(Subnet::usable).min().unwrap_or(0);
        LegacyReport {
            divisor_gb: self.divisor.gb(),
            era: self.divisor.era(),
            memory_above_era_max: self.memory_mb > self.divisor.era_max_memory_mb(),
            total: reading(subnet::total_usable(&self.subnets), count),
            per_subnet: reading(smallest, 1),
        }
    }

    pub fn hyperplane(&self) -> HyperplaneReport {
        let count = self.subnets.len() as u64;
        let per_pair = hyperplane::enis_per_pair(self.connections());
        let enis = hyperplane::enis_required(count, self.security_group_sets, self.connections());
        let needed_per_subnet = self.security_group_sets.saturating_mul(per_pair);
        let available = subnet::total_usable(&self.subnets);
        HyperplaneReport {
            security_group_sets: self.security_group_sets,
            connections: self.connections(),
            pairs: count * self.security_group_sets,
            enis_per_pair: per_pair,
            enis_required: enis,
            quota: hyperplane::DEFAULT_QUOTA_PER_VPC,
            within_quota: enis <= hyperplane::DEFAULT_QUOTA_PER_VPC,
            addresses_available: available,
            needed_per_subnet,
            fits: self.subnets.iter().all(|s| s.usable() >= needed_per_subnet),
            headroom: headroom(available, enis).0,
            smallest_prefix: subnet::smallest_fitting_prefix(needed_per_subnet, 1),
        }
    }

    pub fn subnet_reports(&self) -> Vec<SubnetReport> {
        self.subnets.iter().map(Subnet::report).collect()
    }

    /// The legacy formula at each tier, for the tier table.
    pub fn tiers(&self, tiers_mb: &[u32]) -> Vec<TierRow> {
        let available = subnet::total_usable(&self.subnets);
        tiers_mb
            .iter()
            .map(|&mb| {
                let enis = legacy::enis_required(self.concurrency, mb, self.divisor);
                TierRow {
                    memory_mb: mb,
                    enis_required: enis,
                    fits: enis <= available,
                    max_concurrency: legacy::max_concurrency(available, mb, self.divisor),
                    above_era_max: mb > self.divisor.era_max_memory_mb(),
                }
            })
            .collect()
    }
}

/// One row of the memory-tier table (legacy formula, total reading).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierRow {
    pub memory_mb: u32,
    pub enis_required: u64,
    pub fits: bool,
    pub max_concurrency: u64,
    pub above_era_max: bool,
}

/// The tiers to tabulate: the standard ones, the user's and the planned memory,
/// sorted and without repeats.
pub fn tier_list(extra: &[u32], planned: u32) -> Vec<u32> {
    let mut tiers: Vec<u32> = super::STANDARD_TIERS_MB
        .iter()
        .chain(extra)
        .chain([&planned])
        .copied()
        .collect();
    tiers.sort_unstable();
    tiers.dedup();
    tiers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(memory_mb: u32, concurrency: u64, cidrs: &[&str]) -> PlanInput {
        PlanInput {
            memory_mb,
            concurrency,
            subnets: cidrs.iter().map(|c| Subnet::parse(c).unwrap()).collect(),
            divisor: Divisor::Gb1_5,
            security_group_sets: 1,
            connections: None,
        }
    }

    /// 1,000 executions at 1,024 MB need 667 ENIs under 1.5 GB: one /24 (251)
    /// fails, three /24 (753) fit in total but not per subnet.
    #[test]
    fn worked_example_both_readings() {
        let plan = input(1024, 1000, &["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]);
        let r = plan.legacy();
        assert_eq!(r.total.enis_required, 667);
        assert_eq!(r.total.addresses_available, 753);
        assert!(r.total.fits);
        assert_eq!(r.total.headroom, 86);
        assert!((r.total.headroom_pct - 86.0 / 753.0 * 100.0).abs() < 1e-9);
        assert_eq!(r.total.max_concurrency, 753 * 1536 / 1024);
        assert_eq!(r.total.smallest_prefix, Some(24));
        assert_eq!(r.per_subnet.addresses_available, 251);
        assert!(!r.per_subnet.fits);
        assert_eq!(r.per_subnet.headroom, 251 - 667);
        assert_eq!(r.per_subnet.smallest_prefix, Some(22)); // 1,019 >= 667 > 507
        assert!(!r.memory_above_era_max);
    }

    #[test]
    fn hyperplane_by_hand() {
        let mut plan = input(1024, 1000, &["10.0.1.0/28", "10.0.2.0/28", "10.0.3.0/28"]);
        plan.security_group_sets = 4;
        plan.connections = Some(200_000);
        let h = plan.hyperplane();
        assert_eq!(h.pairs, 12);
        assert_eq!(h.enis_per_pair, 4);
        assert_eq!(h.enis_required, 48);
        assert!(h.within_quota);
        assert_eq!(h.needed_per_subnet, 16);
        assert!(!h.fits, "a /28 has 11 addresses");
        assert_eq!(h.smallest_prefix, Some(27));
    }

    #[test]
    fn tiers_are_sorted_and_unique() {
        assert_eq!(
            tier_list(&[768, 512], 640),
            vec![128, 256, 512, 640, 768, 1024, 1536, 2048, 3008, 10240]
        );
    }
}
