//! VPC subnets: parsing, usable addresses and overlap.

use std::fmt;

use ipnet::Ipv4Net;
use serde::Serialize;

/// AWS reserves the first four addresses and the last one of every subnet.
pub const RESERVED_PER_SUBNET: u64 = 5;
/// VPC subnets are /16 to /28.
pub const PREFIX_RANGE: std::ops::RangeInclusive<u8> = 16..=28;

/// One subnet the function may use, with its Availability Zone if given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    pub cidr: Ipv4Net,
    pub az: Option<String>,
}

/// A subnet as reported: CIDR, AZ and usable addresses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubnetReport {
    pub cidr: String,
    pub az: Option<String>,
    pub usable: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubnetError {
    #[error("`{0}` is not an IPv4 CIDR such as 10.0.1.0/24")]
    NotACidr(String),
    #[error("{0}: a VPC subnet is /16 to /28")]
    Size(Ipv4Net),
    #[error("{cidr}: host bits are set; the network is {network}")]
    HostBits { cidr: Ipv4Net, network: Ipv4Net },
    #[error("{0} and {1} overlap")]
    Overlap(Ipv4Net, Ipv4Net),
    #[error("the same subnet {0} is given twice")]
    Duplicate(Ipv4Net),
}

/// Usable addresses of a subnet of this prefix: 2^(32 - prefix) - 5.
pub fn usable_for_prefix(prefix: u8) -> u64 {
    (1u64 << (32 - u32::from(prefix))).saturating_sub(RESERVED_PER_SUBNET)
}

impl Subnet {
    /// Parses `10.0.1.0/24`, with an optional Availability Zone after `@`
    /// (`10.0.1.0/24@us-east-1a`).
    pub fn parse(spec: &str) -> Result<Subnet, SubnetError> {
        let spec = spec.trim();
        let (cidr, az) = match spec.split_once('@') {
            Some((c, az)) => (c.trim(), Some(az.trim()).filter(|a| !a.is_empty())),
            None => (spec, None),
        };
        Self::new(cidr, az.map(str::to_owned))
    }

    /// A subnet from a CIDR and an optional AZ name ([`Self::parse`] splits them).
    fn new(cidr: &str, az: Option<String>) -> Result<Subnet, SubnetError> {
        let net: Ipv4Net = cidr
            .trim()
            .parse()
            .map_err(|_| SubnetError::NotACidr(cidr.trim().to_owned()))?;
        if !PREFIX_RANGE.contains(&net.prefix_len()) {
            return Err(SubnetError::Size(net));
        }
        if net.trunc() != net {
            return Err(SubnetError::HostBits {
                cidr: net,
                network: net.trunc(),
            });
        }
        Ok(Subnet { cidr: net, az })
    }

    pub fn usable(&self) -> u64 {
        usable_for_prefix(self.cidr.prefix_len())
    }

    pub fn report(&self) -> SubnetReport {
        SubnetReport {
            cidr: self.cidr.to_string(),
            az: self.az.clone(),
            usable: self.usable(),
        }
    }
}

impl fmt::Display for Subnet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.az {
            Some(az) => write!(f, "{} ({az})", self.cidr),
            None => write!(f, "{}", self.cidr),
        }
    }
}

/// Subnets in one VPC may not overlap.
pub fn check_overlaps(subnets: &[Subnet]) -> Result<(), SubnetError> {
    for (i, a) in subnets.iter().enumerate() {
        for b in &subnets[i + 1..] {
            if a.cidr == b.cidr {
                return Err(SubnetError::Duplicate(a.cidr));
            }
            if a.cidr.contains(&b.cidr) || b.cidr.contains(&a.cidr) {
                return Err(SubnetError::Overlap(a.cidr, b.cidr));
            }
        }
    }
    Ok(())
}

/// Usable addresses of all the subnets together.
pub fn total_usable(subnets: &[Subnet]) -> u64 {
    subnets.iter().map(Subnet::usable).sum()
}

/// The largest prefix (the smallest subnet) from /16 to /28 such that `count`
/// subnets of that size hold `needed` addresses, if any does.
pub fn smallest_fitting_prefix(needed: u64, count: u64) -> Option<u8> {
    PREFIX_RANGE
        .rev()
        .find(|&p| usable_for_prefix(p).saturating_mul(count) >= needed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usable_addresses_match_the_aws_table() {
        let table = [
            (16, 65_531),
            (20, 4_091),
            (22, 1_019),
            (24, 251),
            (26, 59),
            (28, 11),
        ];
        for (prefix, usable) in table {
            assert_eq!(usable_for_prefix(prefix), usable, "/{prefix}");
        }
    }

    #[test]
    fn parsing_and_its_errors() {
        let s = Subnet::parse("10.0.1.0/24@us-east-1a").unwrap();
        assert_eq!(s.usable(), 251);
        assert_eq!(s.az.as_deref(), Some("us-east-1a"));
        assert!(matches!(
            Subnet::parse("10.0.1.0"),
            Err(SubnetError::NotACidr(_))
        ));
        assert!(matches!(
            Subnet::parse("10.0.1.0/33"),
            Err(SubnetError::NotACidr(_))
        ));
        assert!(matches!(
            Subnet::parse("10.0.0.0/15"),
            Err(SubnetError::Size(_))
        ));
        assert!(matches!(
            Subnet::parse("10.0.0.0/29"),
            Err(SubnetError::Size(_))
        ));
        let e = Subnet::parse("10.0.1.7/24").unwrap_err();
        assert_eq!(
            e.to_string(),
            "10.0.1.7/24: host bits are set; the network is 10.0.1.0/24"
        );
    }

    #[test]
    fn overlaps_are_found() {
        let a = Subnet::parse("10.0.0.0/16").unwrap();
        let b = Subnet::parse("10.0.4.0/24").unwrap();
        let c = Subnet::parse("10.1.0.0/24").unwrap();
        assert!(check_overlaps(&[a.clone(), c.clone()]).is_ok());
        assert_eq!(
            check_overlaps(&[a.clone(), c, b]).unwrap_err().to_string(),
            "10.0.0.0/16 and 10.0.4.0/24 overlap"
        );
        assert!(matches!(
            check_overlaps(&[a.clone(), a]),
            Err(SubnetError::Duplicate(_))
        ));
    }

    #[test]
    fn smallest_prefix() {
        assert_eq!(smallest_fitting_prefix(251, 1), Some(24));
        assert_eq!(smallest_fitting_prefix(252, 1), Some(23));
        assert_eq!(smallest_fitting_prefix(667, 3), Some(24)); // 3 x 251 = 753
        assert_eq!(smallest_fitting_prefix(1, 1), Some(28));
        assert_eq!(smallest_fitting_prefix(65_532, 1), None);
    }
}
