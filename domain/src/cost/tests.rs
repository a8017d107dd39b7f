use proptest::prelude::*;

use super::*;

fn inputs() -> CostInputs {
    CostInputs::default()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

#[test]
fn serverless_cost_by_hand() {
    let CostInputs { workload, pricing } = inputs();
    // 10 M requests: 9 M billable × $0.20/M = $1.80.
    // Compute: 10 M × 0.12 s × 0.5 GB = 600,000 GB-s, minus 400,000 free = 200,000 × $0.0000166667 = $3.33334.
    // Gateway: 8 KB fits one 512 KB unit: 10 M × $1.00/M = $10.
    let cost = serverless_cost(10_000_000.0, &workload, &pricing);
    assert!(close(cost.requests, 1.80), "{}", cost.requests);
    assert!(close(cost.compute, 3.33334), "{}", cost.compute);
    assert!(close(cost.gateway, 10.0), "{}", cost.gateway);
    assert!(close(cost.total(), 15.13334));
}

#[test]
fn the_free_tier_makes_small_volumes_nearly_free() {
    let CostInputs { workload, pricing } = inputs();
    let cost = serverless_cost(500_000.0, &workload, &pricing);
    assert_eq!(cost.requests, 0.0);
    assert_eq!(cost.compute, 0.0);
    assert!(close(cost.gateway, 0.5));
}

#[test]
fn large_payloads_count_as_several_gateway_requests() {
    let CostInputs {
        mut workload,
        pricing,
    } = inputs();
    workload.payload_kb = 1_100.0; // three 512 KB units
    assert!(close(
        serverless_cost(1_000_000.0, &workload, &pricing).gateway,
        3.0
    ));
}

#[test]
fn servers_cost_by_hand() {
    let CostInputs { workload, pricing } = inputs();
    // 10 M / 2,629,800 s = 3.80 req/s on average, 19.0 at a ×5 peak: one t3.medium (100 req/s)
    // plus one for redundancy = 2 × $0.0416 × 730.5 h = $60.78; people 8 h × $75 = $600.
    let cost = servers_cost(10_000_000.0, &workload, &pricing);
    assert_eq!(cost.instances, 2);
    assert!(close(cost.machines, 2.0 * 0.0416 * 730.5), "{}", cost.machines);
    assert!(close(cost.people, 600.0));
    // 1.6 billion requests: peak 3,041.8 req/s → 31 instances for the peak, 32 in all.
    assert_eq!(servers_cost(1_600_000_000.0, &workload, &pricing).instances, 32);
}

#[test]
fn estimate_and_break_even_by_hand() {
    let estimate = estimate(&inputs());
    assert!(close(estimate.average_rps, 10_000_000.0 / SECONDS_PER_MONTH));
    assert!(close(estimate.peak_rps, 5.0 * 10_000_000.0 / SECONDS_PER_MONTH));
    let v = estimate.break_even.expect("the curves cross");
    let CostInputs { workload, pricing } = inputs();
    // Just below the break-even serverless is cheaper; at it, it is not.
    let gap = |v: f64| {
        serverless_cost(v, &workload, &pricing).total() - servers_cost(v, &workload, &pricing).total(false)
    };
    assert!(
        gap(v) >= 0.0 && gap(v * 0.999) < 0.0,
        "{v}: {} {}",
        gap(v),
        gap(v * 0.999)
    );
    // About $60.78 of machines: ≈ 36 M requests a month at ≈ $1.5 per million after the free tier.
    assert!((30e6..45e6).contains(&v), "{v}");
    // With the people cost, servers cost more, so the break-even comes later.
    assert!(estimate.break_even_with_people.unwrap() > v);
    assert!(
        estimate.pull() > 1.9,
        "serverless is far cheaper here: {}",
        estimate.pull()
    );
}

#[test]
fn money_and_counts_read_well() {
    assert_eq!(money(3.3333), "$3.33");
    assert_eq!(money(12_345.6), "$12,346");
    assert_eq!(grouped(10_000_000.0), "10,000,000");
    assert_eq!(grouped(999.0), "999");
}

#[test]
fn fields_are_validated_with_clear_messages() {
    let mut costs = inputs();
    costs.set("requests_per_month", " 25,000,000 ").unwrap();
    assert_eq!(costs.workload.requests_per_month, 25_000_000.0);
    let error = costs.set("memory_mb", "64").unwrap_err();
    assert_eq!(error.field, "memory_mb");
    assert_eq!(
        error.message,
        "Memory per invocation must be between 128 and 10,240 MB."
    );
    assert!(
        costs
            .set("duration_ms", "fast")
            .unwrap_err()
            .message
            .contains("must be a number")
    );
    assert!(costs.set("duration_ms", "NaN").is_err());
    assert!(costs.set("duration_ms", "inf").is_err());
    assert!(costs.set("secret", "1").is_err());
    for field in FIELDS {
        assert!(costs.get(field.name).is_some(), "{}", field.name);
    }
    costs.set("as_of", "2026-01").unwrap();
    assert_eq!(costs.pricing.as_of, "2026-01");
    assert!(costs.set("source", &"s".repeat(301)).is_err());
    costs.set_instance(INSTANCE_SIZES[2].0).unwrap();
    assert_eq!(costs.pricing.instance_capacity_rps, INSTANCE_SIZES[2].2);
    assert!(costs.set_instance("mainframe").is_err());
}

fn any_inputs() -> impl Strategy<Value = CostInputs> {
    (
        1.0f64..100.0,
        1.0f64..2_000.0,
        128.0f64..4_096.0,
        0.0f64..2_000.0,
        0.0f64..0.5,
        1.0f64..1_000.0,
    )
        .prop_map(|(peak, duration, memory, payload, hourly, capacity)| {
            let mut inputs = CostInputs::default();
            inputs.workload.peak_to_average = peak;
            inputs.workload.duration_ms = duration;
            inputs.workload.memory_mb = memory;
            inputs.workload.payload_kb = payload;
            inputs.pricing.instance_hourly = hourly;
            inputs.pricing.instance_capacity_rps = capacity;
            inputs
        })
}

proptest! {
    #[test]
    fn cost_never_falls_as_volume_grows(inputs in any_inputs(), a in 0.0f64..1e11, b in 0.0f64..1e11) {
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        let CostInputs { workload, pricing } = &inputs;
        prop_assert!(serverless_cost(low, workload, pricing).total() <= serverless_cost(high, workload, pricing).total());
        prop_assert!(servers_cost(low, workload, pricing).total(true) <= servers_cost(high, workload, pricing).total(true));
    }

    #[test]
    fn the_break_even_is_where_the_curves_cross(inputs in any_inputs(), with_people in any::<bool>()) {
        let CostInputs { workload, pricing } = &inputs;
        let gap = |v: f64| serverless_cost(v, workload, pricing).total() - servers_cost(v, workload, pricing).total(with_people);
        match break_even(workload, pricing, with_people) {
            Some(v) if v > VOLUME_RANGE.0 => {
                prop_assert!(gap(v) >= 0.0, "not crossed at {}", v);
                prop_assert!(gap(v * (1.0 - 1e-9)) < 0.0 || gap(v * 0.999) < 0.0, "crossed before {}", v);
            }
            Some(_) => prop_assert!(gap(VOLUME_RANGE.0) >= 0.0),
            None => prop_assert!(gap(VOLUME_RANGE.1) < 0.0),
        }
    }

    #[test]
    fn the_pull_stays_in_range(inputs in any_inputs(), volume in 0.0f64..1e11) {
        let mut inputs = inputs;
        inputs.workload.requests_per_month = volume;
        let pull = estimate(&inputs).pull();
        prop_assert!((-2.0..=2.0).contains(&pull));
    }
}
