//! The Hyperplane ENI model (AWS since September 2019): one shared ENI per distinct
//! (subnet, security-group set) pair, plus one more per further 65,000 connections.

/// Connections (ports) one Hyperplane ENI carries.
pub const CONNECTIONS_PER_ENI: u64 = 65_000;
/// Lambda's default quota of Hyperplane ENIs per VPC (adjustable).
pub const DEFAULT_QUOTA_PER_VPC: u64 = 250;

/// ENIs for each (subnet, security-group set) pair: ceil(connections / 65,000), at
/// least one.
pub fn enis_per_pair(peak_connections: u64) -> u64 {
    peak_connections.div_ceil(CONNECTIONS_PER_ENI).max(1)
}

/// ENIs in all: pairs x ENIs per pair.
pub fn enis_required(subnets: u64, security_group_sets: u64, peak_connections: u64) -> u64 {
    subnets
        .saturating_mul(security_group_sets)
        .saturating_mul(enis_per_pair(peak_connections))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand() {
        assert_eq!(enis_per_pair(0), 1);
        assert_eq!(enis_per_pair(65_000), 1);
        assert_eq!(enis_per_pair(65_001), 2);
        // "3 Subnets and a unique SG, each lambda will make 3 ENIs"
        assert_eq!(enis_required(3, 1, 1000), 3);
        assert_eq!(enis_required(3, 2, 130_000), 12);
    }
}
