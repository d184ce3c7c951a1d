//! A generator's clock against this machine's, NTP-style (RFC 5905, section 8):
//! this machine notes `t0`, asks the generator its time `T`, notes `t1` when the
//! answer arrives. If the way there and back take equally long, the generator read
//! its clock at `(t0 + t1) / 2`, so its offset is `T - (t0 + t1) / 2`, off by at
//! most half the round trip. Of several exchanges the one with the shortest round
//! trip is kept, as NTP's clock filter does (`docs/distributed-load.md`).

use serde::{Deserialize, Serialize};

/// One exchange, in nanoseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exchange {
    /// This machine's clock when the question left.
    pub sent: i128,
    /// The generator's clock when it answered.
    pub remote: i128,
    /// This machine's clock when the answer came back.
    pub received: i128,
}

/// The estimate: the generator's clock minus this machine's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Offset {
    pub offset_ms: f64,
    /// The round trip of the exchange it comes from: the offset is within half of it.
    pub round_trip_ms: f64,
}

impl Offset {
    /// How far off the estimate can be.
    pub fn error_ms(&self) -> f64 {
        self.round_trip_ms / 2.0
    }
}

/// The offset from the exchange with the shortest round trip; `None` without one.
pub fn estimate(exchanges: &[Exchange]) -> Option<Offset> {
    let best = exchanges
        .iter()
        .filter(|e| e.received >= e.sent)
        .min_by_key(|e| e.received - e.sent)?;
    let midpoint2 = best.sent + best.received; // twice the midpoint, kept whole
    Some(Offset {
        offset_ms: (2 * best.remote - midpoint2) as f64 / 2e6,
        round_trip_ms: (best.received - best.sent) as f64 / 1e6,
    })
}

/// This machine's clock, in nanoseconds since the Unix epoch.
pub fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

/// This machine's clock now, as [`rfc3339_ns`] writes it.
pub fn rfc3339_now() -> String {
    rfc3339_ns(now_ns())
}

/// RFC 3339 (milliseconds, UTC) of nanoseconds since the epoch, as the history
/// writes its times.
pub fn rfc3339_ns(ns: i128) -> String {
    crate::history::rfc3339(ns.div_euclid(1_000_000) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: i128 = 1_000_000;

    /// By hand: sent at 1000 ms, answered 1250 ms by a clock 240 ms ahead, back at
    /// 1020 ms: the midpoint is 1010, the offset 240 ms, within ±10 ms.
    #[test]
    fn one_exchange_by_hand() {
        let o = estimate(&[Exchange {
            sent: 1000 * MS,
            remote: 1250 * MS,
            received: 1020 * MS,
        }])
        .unwrap();
        assert_eq!(o.offset_ms, 240.0);
        assert_eq!(o.round_trip_ms, 20.0);
        assert_eq!(o.error_ms(), 10.0);
    }

    /// A slow exchange (a delayed answer) is passed over for the fastest one, and a
    /// clock behind gives a negative offset.
    #[test]
    fn the_shortest_round_trip_wins() {
        let o = estimate(&[
            Exchange {
                sent: 0,
                remote: -50 * MS + 90 * MS,
                received: 100 * MS,
            },
            Exchange {
                sent: 200 * MS,
                remote: 202 * MS - 50 * MS,
                received: 204 * MS,
            },
        ])
        .unwrap();
        assert_eq!(o.offset_ms, -50.0);
        assert_eq!(o.round_trip_ms, 4.0);
        assert!(estimate(&[]).is_none());
    }

    #[test]
    fn times_as_rfc3339() {
        assert_eq!(
            rfc3339_ns(1_700_000_000_123_456_789),
            "2023-11-14T22:13:20.123Z"
        );
    }
}
