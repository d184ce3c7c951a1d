//! The capacity planner in words: the formulas with their numbers, each reading of
//! the legacy model, the Hyperplane check, and the caveats AWS's documents leave.
//! The planner tab, `gatebench eni` and the report all say it this way.

use crate::capacity::hyperplane;
use crate::capacity::plan::{HyperplaneReport, LegacyReport, PlanInput, Reading};
use crate::format::thousands;

/// "Legacy ENI model, divisor 1.5 GB: AWS docs of 2016 to late 2017 (...)".
pub fn legacy_heading(r: &LegacyReport) -> String {
    format!("Legacy ENI model, divisor {} GB: {}", r.divisor_gb, r.era)
}

/// "1,000 executions x 1,024 MB / 1,536 MB = 667 ENIs".
pub fn legacy_formula(input: &PlanInput, r: &LegacyReport) -> String {
    format!(
        "{} executions x {} MB / {} MB = {} ENIs",
        thousands(input.concurrency),
        thousands(u64::from(input.memory_mb)),
        thousands(input.divisor.mb()),
        thousands(r.total.enis_required)
    )
}

/// A note when the memory is above what the divisor's era allowed.
pub fn above_era_max(input: &PlanInput, r: &LegacyReport) -> Option<String> {
    r.memory_above_era_max.then(|| {
        format!(
            "{} MB is above the {} MB maximum of the era of this divisor",
            thousands(u64::from(input.memory_mb)),
            thousands(u64::from(input.divisor.era_max_memory_mb()))
        )
    })
}

/// "In total: 753 addresses for 667 ENIs: fits, headroom 86 (11.4%); up to 1,129
/// executions; smallest subnets that fit: /24 x 3". `subnets` is how many equal
/// subnets the smallest fitting prefix is counted for.
pub fn reading(name: &str, r: &Reading, subnets: usize) -> String {
    let headroom = if r.headroom < 0 {
        format!("short by {}", thousands(r.headroom.unsigned_abs()))
    } else {
        format!(
            "headroom {} ({:.1}%)",
            thousands(r.headroom as u64),
            r.headroom_pct
        )
    };
    let prefix = r
        .smallest_prefix
        .map_or("no subnet size up to /16 fits".into(), |p| {
            if subnets > 1 {
                format!("smallest subnets that fit: /{p} x {subnets}")
            } else {
                format!("smallest subnet that fits: /{p}")
            }
        });
    format!(
        "{name}: {} addresses for {} ENIs: {}, {headroom}; up to {} executions; {prefix}",
        thousands(r.addresses_available),
        thousands(r.enis_required),
        if r.fits { "fits" } else { "does NOT fit" },
        thousands(r.max_concurrency),
    )
}

/// Both readings of the legacy model, as sentences: in total, then the worst case.
pub fn readings(input: &PlanInput, r: &LegacyReport) -> [String; 2] {
    [
        reading("In total", &r.total, input.subnets.len()),
        reading("Per subnet (worst case)", &r.per_subnet, 1),
    ]
}

/// Why both readings are shown.
pub const READINGS_CAVEAT: &str = "AWS never said whether the count is per subnet or in total: \
     both readings are shown. \"Per subnet (worst case)\" is the case where the smallest subnet \
     must hold every ENI (an AZ failure, say).";

/// Which model applies today, and what the legacy one is still good for.
pub const MODEL_CAVEAT: &str = "AWS has used the Hyperplane model since September 2019: \
     Lambda shares one ENI per subnet and security-group set, so addresses no longer grow \
     with concurrency or memory. The legacy formula stays for old accounts and for reading \
     old results, such as a 2016 benchmark.";

/// "3 subnets x 1 security-group sets x 1 ENI(s) per pair (1,000 connections / 65,000)
/// = 3 ENIs".
pub fn hyperplane_formula(input: &PlanInput, h: &HyperplaneReport) -> String {
    format!(
        "{} subnets x {} security-group sets x {} ENI(s) per pair ({} connections / {}) = {} ENIs",
        input.subnets.len(),
        h.security_group_sets,
        h.enis_per_pair,
        thousands(h.connections),
        thousands(hyperplane::CONNECTIONS_PER_ENI),
        thousands(h.enis_required)
    )
}

/// "Quota: 3 of 250 ENIs per VPC (within quota). Each subnet needs 1 address(es): fits."
pub fn hyperplane_quota(h: &HyperplaneReport) -> String {
    format!(
        "Quota: {} of {} ENIs per VPC ({}). Each subnet needs {} address(es): {}.",
        thousands(h.enis_required),
        h.quota,
        if h.within_quota {
            "within quota"
        } else {
            "OVER QUOTA"
        },
        thousands(h.needed_per_subnet),
        if h.fits { "fits" } else { "does NOT fit" },
    )
}

/// "1,024 addresses allocated; this load needed 34: over-allocated 30x".
pub fn allocation_note(addresses: u64, needed: u64) -> String {
    let head = format!(
        "{} addresses allocated; this load needed {}",
        thousands(addresses),
        thousands(needed)
    );
    if needed > addresses {
        format!("{head}: short by {}", thousands(needed - addresses))
    } else if needed == 0 {
        head
    } else {
        let factor = addresses as f64 / needed as f64;
        format!("{head}: over-allocated {}x", factor_text(factor))
    }
}

fn factor_text(f: f64) -> String {
    if f >= 10.0 {
        format!("{}", f.round())
    } else {
        format!("{f:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::form::PlannerForm;

    #[test]
    fn the_worked_example_in_words() {
        let input = PlannerForm::default().evaluate().unwrap();
        let r = input.legacy();
        assert_eq!(
            legacy_formula(&input, &r),
            "1,000 executions x 1,024 MB / 1,536 MB = 667 ENIs"
        );
        let [total, worst] = readings(&input, &r);
        assert_eq!(
            total,
            "In total: 753 addresses for 667 ENIs: fits, headroom 86 (11.4%); up to 1,129 \
             executions; smallest subnets that fit: /24 x 3"
        );
        assert!(worst.starts_with(
            "Per subnet (worst case): 251 addresses for 667 ENIs: does NOT fit, short by 416"
        ));
        let h = input.hyperplane();
        assert_eq!(
            hyperplane_formula(&input, &h),
            "3 subnets x 1 security-group sets x 1 ENI(s) per pair (1,000 connections / 65,000) = 3 ENIs"
        );
        assert_eq!(
            hyperplane_quota(&h),
            "Quota: 3 of 250 ENIs per VPC (within quota). Each subnet needs 1 address(es): fits."
        );
    }

    #[test]
    fn notes() {
        assert_eq!(
            allocation_note(1024, 34),
            "1,024 addresses allocated; this load needed 34: over-allocated 30x"
        );
        assert_eq!(
            allocation_note(753, 667),
            "753 addresses allocated; this load needed 667: over-allocated 1.1x"
        );
        assert_eq!(
            allocation_note(251, 667),
            "251 addresses allocated; this load needed 667: short by 416"
        );
    }
}
