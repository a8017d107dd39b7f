//! How many changes each writer may make: one person in a workshop, one link, or one address.
//!
//! A room on a venue's Wi-Fi shares one public address, so the allowance that stops a flooding
//! client belongs to the person or link that writes, known only once the request is
//! authorized. The server's own per-address ceiling (far higher, in the HTTP layer) stays
//! in front of everything.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// The address a request came from, as the HTTP layer judged it (the peer, or the client a
/// trusted proxy names). The server puts it in every request's extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientAddress(pub IpAddr);

/// Who a write counts against.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Writer {
    /// A person who joined a workshop (or the facilitator answering in it), by assessment and
    /// participant id: known only through their cookie, which the store checked.
    Person {
        assessment: domain::AssessmentId,
        participant: domain::ParticipantId,
    },
    /// Whoever holds a facilitator link of an assessment.
    Facilitator { assessment: domain::AssessmentId },
    /// Somebody joining a workshop from this address: a room joins at once, so this allowance
    /// is as large as a full room.
    Joining(IpAddr),
    /// Anything else from this address: creating and importing assessments, and looking up a
    /// join code (kept small against guessing).
    Address(IpAddr),
}

/// The allowances, each a token bucket: `burst` at once, then `per_second` on average.
pub struct WriteLimits {
    each: DefaultKeyedRateLimiter<Writer>,
    joins: DefaultKeyedRateLimiter<Writer>,
}

impl WriteLimits {
    /// Every writer gets `per_second` and `burst`; joining from one address gets a burst of at
    /// least `room_size`, so a whole room behind one address can join at once.
    pub fn new(per_second: f64, burst: u32, room_size: usize) -> Self {
        let quota = |burst: u32| {
            let period = Duration::from_secs_f64(1.0 / per_second.clamp(0.001, 1_000_000.0));
            Quota::with_period(period)
                .expect("a positive period")
                .allow_burst(NonZeroU32::new(burst.max(1)).expect("at least one"))
        };
        let room = u32::try_from(room_size).unwrap_or(u32::MAX);
        Self {
            each: DefaultKeyedRateLimiter::keyed(quota(burst)),
            joins: DefaultKeyedRateLimiter::keyed(quota(burst.max(room))),
        }
    }

    /// Counts one write by `writer`; when its allowance is spent, how long until the next one
    /// is allowed.
    pub fn check(&self, writer: Writer) -> Result<(), Duration> {
        let limiter = match writer {
            Writer::Joining(_) => &self.joins,
            _ => &self.each,
        };
        limiter
            .check_key(&writer)
            .map_err(|refused| refused.wait_time_from(DefaultClock::default().now()))
    }

    /// Forgets writers that have been quiet long enough to have their whole allowance back,
    /// so the tables do not grow without end.
    pub fn forget_quiet(&self) {
        self.each.retain_recent();
        self.joins.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(n: u32) -> Writer {
        Writer::Person {
            assessment: "a".into(),
            participant: n.to_string().into(),
        }
    }

    #[test]
    fn each_person_has_an_allowance_of_their_own() {
        let limits = WriteLimits::new(0.001, 3, 10);
        for _ in 0..3 {
            assert!(limits.check(person(1)).is_ok());
        }
        let wait = limits.check(person(1)).unwrap_err();
        assert!(wait > Duration::from_secs(1), "{wait:?}");
        assert!(limits.check(person(2)).is_ok(), "another person is not held back");
        assert!(
            limits
                .check(Writer::Facilitator {
                    assessment: "a".into()
                })
                .is_ok()
        );
    }

    #[test]
    fn a_whole_room_can_join_from_one_address_but_not_more() {
        let address = IpAddr::from([192, 0, 2, 1]);
        let limits = WriteLimits::new(0.001, 3, 200);
        for _ in 0..200 {
            assert!(limits.check(Writer::Joining(address)).is_ok());
        }
        assert!(limits.check(Writer::Joining(address)).is_err());
        // Looking up join codes keeps the small allowance, against guessing.
        for _ in 0..3 {
            assert!(limits.check(Writer::Address(address)).is_ok());
        }
        assert!(limits.check(Writer::Address(address)).is_err());
    }

    #[test]
    fn a_small_room_still_gets_the_usual_burst_for_joining() {
        let address = IpAddr::from([192, 0, 2, 1]);
        let limits = WriteLimits::new(0.001, 5, 2);
        for _ in 0..5 {
            assert!(limits.check(Writer::Joining(address)).is_ok());
        }
        assert!(limits.check(Writer::Joining(address)).is_err());
    }
}
