//! The capacity arithmetic: properties (proptest) and cases computed by hand.

use gatebench::Divisor;
use gatebench::PlanInput;
use gatebench::Subnet;
use proptest::prelude::*;

fn divisor() -> impl Strategy<Value = Divisor> {
    prop_oneof![Just(Divisor::Gb1_5), Just(Divisor::Gb3)]
}

proptest! {
    #[test]
    fn enis_grow_with_concurrency(c in 1u64..2_000_000, extra in 0u64..10_000, mb in 128u32..=10240, d in divisor()) {
        prop_assert!(gatebench::enis_required(c, mb, d) <= gatebench::enis_required(c + extra, mb, d));
    }

    #[test]
    fn enis_grow_with_memory(c in 1u64..2_000_000, mb in 128u32..=10240, extra in 0u32..2000, d in divisor()) {
        let more = (mb + extra).min(10240);
        prop_assert!(gatebench::enis_required(c, mb, d) <= gatebench::enis_required(c, more, d));
    }

    #[test]
    fn enis_are_the_rounded_up_formula(c in 1u64..200_000, mb in 128u32..=10240, d in divisor()) {
        let enis = gatebench::enis_required(c, mb, d);
        let exact = c as f64 * (f64::from(mb) / 1024.0) / d.gb();
        prop_assert!(enis as f64 >= exact - 1e-6);
        prop_assert!((enis as f64) < exact + 1.0);
    }

    /// `max_concurrency` is the largest concurrency whose ENIs fit.
    #[test]
    fn max_concurrency_is_the_largest_that_fits(addresses in 0u64..2_000_000, mb in 128u32..=10240, d in divisor()) {
        let max = gatebench::max_concurrency(addresses, mb, d);
        prop_assert!(gatebench::enis_required(max, mb, d) <= addresses);
        prop_assert!(gatebench::enis_required(max + 1, mb, d) > addresses);
    }

    #[test]
    fn smallest_prefix_is_the_smallest_that_fits(needed in 0u64..300_000, count in 1u64..8) {
        match gatebench::smallest_fitting_prefix(needed, count) {
            Some(p) => {
                prop_assert!(gatebench::usable_for_prefix(p) * count >= needed);
                if p < 28 {
                    prop_assert!(gatebench::usable_for_prefix(p + 1) * count < needed);
                }
            }
            None => prop_assert!(gatebench::usable_for_prefix(16) * count < needed),
        }
    }

    /// The total reading never fits less than the per-subnet one.
    #[test]
    fn total_reading_fits_whenever_per_subnet_does(c in 1u64..100_000, mb in 128u32..=10240, prefixes in proptest::collection::vec(16u8..=28, 1..6)) {
        let subnets: Vec<Subnet> = prefixes
            .iter()
            .enumerate()
            .map(|(i, p)| Subnet::parse(&format!("{}.0.0.0/{p}", 10 + i)).unwrap())
            .collect();
        let plan = PlanInput { memory_mb: mb, concurrency: c, subnets, divisor: Divisor::Gb3, security_group_sets: 1, connections: None };
        let r = plan.legacy();
        prop_assert!(!r.per_subnet.fits || r.total.fits);
        prop_assert_eq!(r.total.fits, r.total.headroom >= 0);
    }
}

/// A case computed by hand: (concurrency, memory, divisor, subnets) -> (ENIs,
/// addresses, fits in total, largest concurrency in total).
type Case = (
    u64,
    u32,
    Divisor,
    &'static [&'static str],
    u64,
    u64,
    bool,
    u64,
);

#[test]
fn table_of_hand_computed_cases() {
    let cases: [Case; 6] = [
        // 1000 x 1024 / 1536 = 666.7 -> 667; one /24 = 251; 251 x 1536 / 1024 = 376.5
        (
            1000,
            1024,
            Divisor::Gb1_5,
            &["10.0.0.0/24"],
            667,
            251,
            false,
            376,
        ),
        // 3 x /24 = 753; 753 x 1.5 = 1129.5
        (
            1000,
            1024,
            Divisor::Gb1_5,
            &["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"],
            667,
            753,
            true,
            1129,
        ),
        // 1000 x 1024 / 3072 = 333.3 -> 334; 251 x 3 = 753
        (
            1000,
            1024,
            Divisor::Gb3,
            &["10.0.0.0/24"],
            334,
            251,
            false,
            753,
        ),
        // 10 x 128 / 1536 = 0.83 -> 1; /28 = 11 addresses; 11 x 1536 / 128 = 132
        (10, 128, Divisor::Gb1_5, &["10.0.0.0/28"], 1, 11, true, 132),
        // 5000 x 3008 / 3072 = 4895.8 -> 4896; /20 = 4091 + /22 = 1019 = 5110
        (
            5000,
            3008,
            Divisor::Gb3,
            &["10.0.0.0/20", "10.0.16.0/22"],
            4896,
            5110,
            true,
            5218,
        ),
        // 300 x 10240 / 1536 = 2000; /16 = 65531; 65531 x 1536 / 10240 = 9829.65
        (
            300,
            10240,
            Divisor::Gb1_5,
            &["10.0.0.0/16"],
            2000,
            65_531,
            true,
            9829,
        ),
    ];
    for (c, mb, d, cidrs, enis, addresses, fits, max) in cases {
        let plan = PlanInput {
            memory_mb: mb,
            concurrency: c,
            subnets: cidrs.iter().map(|s| Subnet::parse(s).unwrap()).collect(),
            divisor: d,
            security_group_sets: 1,
            connections: None,
        };
        let r = plan.legacy().total;
        assert_eq!(
            (
                r.enis_required,
                r.addresses_available,
                r.fits,
                r.max_concurrency
            ),
            (enis, addresses, fits, max),
            "{c} x {mb} MB / {d:?} in {cidrs:?}"
        );
    }
}
