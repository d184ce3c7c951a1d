//! Lambda VPC capacity planning, free of egui: subnet arithmetic, the legacy ENI
//! formula (2016 to 2019), the Hyperplane model (since September 2019), load
//! measured in a run, and cost per million requests. Facts and their sources are in
//! `docs/aws-lambda-vpc.md`.

pub mod cost;
pub mod form;
pub mod hyperplane;
pub mod legacy;
pub mod measured;
pub mod plan;
pub mod subnet;

/// Lambda's memory range today, in MB (128 MB to 10,240 MB since December 2020).
pub const MEMORY_RANGE_MB: std::ops::RangeInclusive<u32> = 128..=10240;

/// The memory tiers the planner always tabulates.
pub const STANDARD_TIERS_MB: [u32; 8] = [128, 256, 512, 1024, 1536, 2048, 3008, 10240];
