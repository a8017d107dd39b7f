use proptest::prelude::*;

use super::*;
use crate::cost::CostInputs;

fn defaults() -> (Workload, Platform) {
    let inputs = CostInputs::default();
    (inputs.workload, inputs.platform)
}

fn status_of(limits: &Limits, limit: &str) -> LimitStatus {
    limits
        .checks
        .iter()
        .find(|c| c.limit == limit)
        .unwrap_or_else(|| panic!("no check {limit}"))
        .status
}

#[test]
fn the_default_workload_passes_every_limit() {
    let (workload, platform) = defaults();
    let limits = Limits::check(&workload, &platform);
    assert_eq!(limits.checks.len(), 7);
    assert!(
        limits.checks.iter().all(|c| c.status == LimitStatus::Pass),
        "{limits:#?}"
    );
    assert_eq!(limits.platform, "AWS Lambda");
    assert!(limits.source.contains("900 s timeout"));
}

#[test]
fn a_status_is_over_above_the_limit_near_from_four_fifths_and_pass_below() {
    assert_eq!(LimitStatus::of(901.0, 900.0), LimitStatus::Over);
    assert_eq!(LimitStatus::of(900.0, 900.0), LimitStatus::Near);
    assert_eq!(LimitStatus::of(720.0, 900.0), LimitStatus::Near);
    assert_eq!(LimitStatus::of(719.9, 900.0), LimitStatus::Pass);
}

#[test]
fn a_two_hour_job_is_over_the_run_time_and_names_the_platforms_limit() {
    let (mut workload, platform) = defaults();
    workload.longest_run_seconds = 7_200.0;
    workload.uses_gateway = false;
    let limits = Limits::check(&workload, &platform);
    let run = &limits.checks[0];
    assert_eq!((run.needed.as_str(), run.allowed.as_str()), ("2 h", "15 min"));
    assert_eq!(run.status, LimitStatus::Over);
    assert_eq!(
        run.sentence(),
        "Longest run: 2 h is over AWS Lambda\u{2019}s limit (15 min): keep the runs longer than 15 min off functions, or split that work to fit under it."
    );
    assert_eq!(limits.blocking().count(), 1);
    assert_eq!(limits.gaps().count(), 0);
    // Without a gateway there is no gateway check.
    assert!(limits.checks.iter().all(|c| !c.limit.contains("API gateway")));
}

#[test]
fn the_average_run_counts_when_it_is_longer_than_the_longest_given() {
    let (mut workload, platform) = defaults();
    workload.duration_ms = 1_000_000.0;
    workload.longest_run_seconds = 1.0;
    let limits = Limits::check(&workload, &platform);
    assert_eq!(status_of(&limits, "Longest run"), LimitStatus::Over);
}

#[test]
fn a_request_behind_the_gateway_is_held_to_its_timeout() {
    let (mut workload, platform) = defaults();
    workload.longest_run_seconds = 26.0;
    let limits = Limits::check(&workload, &platform);
    assert_eq!(status_of(&limits, "Longest run"), LimitStatus::Pass);
    let gateway = "Longest request through the API gateway";
    assert_eq!(status_of(&limits, gateway), LimitStatus::Near);
    let near: Vec<&LimitCheck> = limits.gaps().collect();
    assert_eq!(near.len(), 1);
    assert_eq!(
        near[0].condition(),
        "there is headroom under the limit on the longest request through the API gateway (26 s of 30 s)"
    );
    workload.longest_run_seconds = 31.0;
    assert_eq!(
        status_of(&Limits::check(&workload, &platform), gateway),
        LimitStatus::Over
    );
}

#[test]
fn memory_and_payload_are_checked_against_theirs() {
    let (mut workload, platform) = defaults();
    workload.memory_mb = 12_000.0;
    workload.payload_kb = 5_000.0;
    let limits = Limits::check(&workload, &platform);
    assert_eq!(status_of(&limits, "Memory per run"), LimitStatus::Over);
    assert_eq!(
        status_of(&limits, "Largest request or response"),
        LimitStatus::Near
    );
}

#[test]
fn the_peak_concurrency_is_a_quota_a_gap_not_a_block() {
    let (mut workload, platform) = defaults();
    // 2.6298 billion a month is 1,000 a second on average, 5,000 at the peak; × 0.5 s = 2,500 at once.
    workload.requests_per_month = 2_629_800_000.0;
    workload.duration_ms = 500.0;
    let limits = Limits::check(&workload, &platform);
    let quota = limits.checks.iter().find(|c| c.quota).unwrap();
    assert_eq!(
        (quota.needed.as_str(), quota.status),
        ("2,500", LimitStatus::Over)
    );
    assert_eq!(limits.blocking().count(), 0);
    assert_eq!(limits.gaps().count(), 1);
    assert_eq!(
        quota.condition(),
        "the quota on the runs at once at the peak (1,000) is raised above 2,500"
    );
    assert!(
        quota
            .sentence()
            .contains("default quota of 1,000; ask for it to be raised")
    );
}

#[test]
fn a_gpu_or_kept_state_is_over_unless_the_platform_offers_it() {
    let (mut workload, mut platform) = defaults();
    workload.needs_gpu = true;
    workload.keeps_state = true;
    let limits = Limits::check(&workload, &platform);
    assert_eq!(status_of(&limits, "GPU"), LimitStatus::Over);
    assert_eq!(
        status_of(&limits, "Connections or state between requests"),
        LimitStatus::Over
    );
    let parts: Vec<&str> = limits.blocking().map(|c| c.part.as_str()).collect();
    assert_eq!(
        parts,
        [
            "the work that needs a GPU",
            "the long-lived connections and in-memory state"
        ]
    );
    let gpu = limits.checks.iter().find(|c| c.limit == "GPU").unwrap();
    assert_eq!(
        gpu.sentence(),
        "GPU: needs one, which AWS Lambda does not offer: keep the work that needs a GPU off functions."
    );
    platform.gpus = true;
    platform.keeps_state = true;
    assert_eq!(Limits::check(&workload, &platform).blocking().count(), 0);
}

#[test]
fn durations_read_in_the_unit_a_person_would_say() {
    assert_eq!(duration(0.12), "120 ms");
    assert_eq!(duration(30.0), "30 s");
    assert_eq!(duration(900.0), "15 min");
    assert_eq!(duration(2_400.0), "40 min");
    assert_eq!(duration(7_200.0), "2 h");
    assert_eq!(duration(3.0 * 86_400.0), "3 days");
}

proptest! {
    #[test]
    fn a_longer_run_never_checks_better(
        first in 0.001f64..700_000.0,
        second in 0.001f64..700_000.0,
        gateway in any::<bool>(),
    ) {
        let (mut workload, platform) = defaults();
        workload.uses_gateway = gateway;
        let (short, long) = if first <= second { (first, second) } else { (second, first) };
        workload.longest_run_seconds = short;
        let before = Limits::check(&workload, &platform);
        workload.longest_run_seconds = long;
        let after = Limits::check(&workload, &platform);
        for (b, a) in before.checks.iter().zip(&after.checks) {
            prop_assert!(a.status >= b.status, "{b:?} then {a:?}");
        }
    }
}

#[test]
fn durations_change_unit_exactly_at_the_boundaries() {
    assert_eq!(duration(0.999), "999 ms");
    assert_eq!(duration(1.0), "1 s");
    assert_eq!(duration(119.0), "119 s");
    assert_eq!(duration(120.0), "2 min");
    assert_eq!(duration(7_199.0), "120 min");
    assert_eq!(duration(172_799.0), "48 h");
    assert_eq!(duration(172_800.0), "2 days");
}

#[test]
fn statuses_have_a_label_and_a_class_name() {
    let labels = [LimitStatus::Pass, LimitStatus::Near, LimitStatus::Over].map(|s| (s.label(), s.slug()));
    assert_eq!(
        labels,
        [
            ("Within the limit", "pass"),
            ("Near the limit", "near"),
            ("Over the limit", "over")
        ]
    );
}

#[test]
fn near_a_quota_asks_for_headroom_not_for_the_quota_to_be_raised() {
    let (mut workload, platform) = defaults();
    // 2,000 at once at the peak... then 900: near the 1,000 quota.
    workload.requests_per_month = 2_629_800_000.0;
    workload.duration_ms = 180.0;
    let limits = Limits::check(&workload, &platform);
    let quota = limits.checks.iter().find(|c| c.quota).unwrap();
    assert_eq!((quota.needed.as_str(), quota.status), ("900", LimitStatus::Near));
    assert_eq!(
        quota.condition(),
        "there is headroom under the limit on the runs at once at the peak (900 of 1,000)"
    );
}
