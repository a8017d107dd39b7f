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
    let CostInputs {
        workload, pricing, ..
    } = inputs();
    // 10 M requests: 9 M billable × $0.20/M = $1.80.
    // Compute: 10 M × 0.12 s × 0.5 GB = 600,000 GB-s, minus 400,000 free = 200,000 × $0.0000166667 = $3.33334.
    // Gateway: 8 KB fits one 512 KB unit: 10 M × $1.00/M = $10.
    let cost = serverless_cost(10_000_000.0, &workload, &pricing);
    assert!(close(cost.requests, 1.80), "{}", cost.requests);
    assert!(close(cost.compute, 3.33334), "{}", cost.compute);
    assert!(close(cost.gateway, 10.0), "{}", cost.gateway);
    assert!(close(cost.platform(), 15.13334));
    // Two hours of operations time at $75.
    assert!(close(cost.people, 150.0));
    assert!(close(cost.total(true), 165.13334));
}

#[test]
fn the_free_tier_makes_small_volumes_nearly_free() {
    let CostInputs {
        workload, pricing, ..
    } = inputs();
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
        ..
    } = inputs();
    workload.payload_kb = 1_100.0; // three 512 KB units
    assert!(close(
        serverless_cost(1_000_000.0, &workload, &pricing).gateway,
        3.0
    ));
}

#[test]
fn servers_cost_by_hand() {
    let CostInputs {
        workload, pricing, ..
    } = inputs();
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
    let CostInputs {
        workload, pricing, ..
    } = inputs();
    // Just below the break-even serverless is cheaper; at it, it is not.
    let gap = |v: f64| {
        serverless_cost(v, &workload, &pricing).total(false)
            - servers_cost(v, &workload, &pricing).total(false)
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
        "Memory per run must be between 128 and 1,048,576 MB."
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
        let CostInputs { workload, pricing, .. } = &inputs;
        prop_assert!(serverless_cost(low, workload, pricing).platform() <= serverless_cost(high, workload, pricing).platform());
        prop_assert!(servers_cost(low, workload, pricing).total(true) <= servers_cost(high, workload, pricing).total(true));
    }

    #[test]
    fn the_break_even_is_where_the_curves_cross(inputs in any_inputs(), with_people in any::<bool>()) {
        let CostInputs { workload, pricing, .. } = &inputs;
        let gap = |v: f64| serverless_cost(v, workload, pricing).total(with_people) - servers_cost(v, workload, pricing).total(with_people);
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

// The rules below are pinned with hand-computed values, so that changing one of them (an
// operator, a factor, a sign) fails a test. See scripts/mutants.sh.

/// Linear prices that make the arithmetic easy: $1 per million requests, nothing else on the
/// function side; instances so large that one always serves the peak (two with the spare),
/// at $50 a month each ($100 for both), and $50 of people a month.
fn linear() -> CostInputs {
    let mut inputs = CostInputs::default();
    let pricing = &mut inputs.pricing;
    pricing.function_per_million_requests = 1.0;
    pricing.function_per_gb_second = 0.0;
    pricing.gateway_per_million_requests = 0.0;
    pricing.free_requests = 0.0;
    pricing.free_gb_seconds = 0.0;
    pricing.instance_capacity_rps = 1e9;
    pricing.instance_hourly = 50.0 / HOURS_PER_MONTH;
    pricing.ops_hours_per_month = 2.0;
    pricing.function_ops_hours_per_month = 0.0;
    pricing.ops_hourly_rate = 25.0;
    inputs
}

#[test]
fn a_month_is_730_and_a_half_hours() {
    assert_eq!(HOURS_PER_MONTH, 730.5);
}

#[test]
fn every_part_of_the_function_bill_follows_its_own_price() {
    let CostInputs {
        mut workload,
        mut pricing,
        ..
    } = inputs();
    // 3 M requests of 250 ms at 2,048 MB: 3 M × 0.25 s × 2 GB = 1.5 M GB-s.
    workload.duration_ms = 250.0;
    workload.memory_mb = 2_048.0;
    workload.payload_kb = 600.0; // two 512 KB units
    pricing.free_requests = 1_000_000.0;
    pricing.free_gb_seconds = 500_000.0;
    pricing.function_per_million_requests = 0.5;
    pricing.function_per_gb_second = 0.00002;
    pricing.gateway_per_million_requests = 3.0;
    let cost = serverless_cost(3_000_000.0, &workload, &pricing);
    // Requests: (3 M - 1 M free) / 1 M × $0.50 = $1.
    assert!(close(cost.requests, 1.0), "{}", cost.requests);
    // Compute: (1.5 M - 0.5 M free) GB-s × $0.00002 = $20.
    assert!(close(cost.compute, 20.0), "{}", cost.compute);
    // Gateway: 3 M × 2 units / 1 M × $3 = $18.
    assert!(close(cost.gateway, 18.0), "{}", cost.gateway);
    assert!(close(cost.platform(), 39.0));
}

#[test]
fn the_servers_total_adds_people_only_when_asked() {
    let cost = ServersCost {
        instances: 2,
        machines: 100.0,
        people: 30.0,
    };
    assert_eq!(cost.total(false), 100.0);
    assert_eq!(cost.total(true), 130.0);
    let serverless = ServerlessCost {
        requests: 1.0,
        compute: 2.0,
        gateway: 4.0,
        people: 8.0,
    };
    assert_eq!(serverless.platform(), 7.0);
    assert_eq!(serverless.total(false), 7.0);
    assert_eq!(serverless.total(true), 15.0);
}

#[test]
fn instances_cover_the_peak_plus_one_spare_and_people_cost_hours_times_rate() {
    let CostInputs {
        workload,
        mut pricing,
        ..
    } = inputs();
    pricing.ops_hours_per_month = 10.0;
    pricing.ops_hourly_rate = 40.0;
    pricing.instance_capacity_rps = 20.0;
    // 26,298,000 requests a month = 10 req/s on average, 50 at the ×5 peak: 50 / 20 → 3
    // instances for the peak, 4 with the spare: 4 × $0.0416 × 730.5 h.
    let cost = servers_cost(26_298_000.0, &workload, &pricing);
    assert_eq!(cost.instances, 4);
    assert!(close(cost.machines, 4.0 * 0.0416 * 730.5), "{}", cost.machines);
    assert_eq!(cost.people, 400.0);
    // No traffic at all still runs one instance and the spare.
    assert_eq!(servers_cost(0.0, &workload, &pricing).instances, 2);
}

#[test]
fn the_break_even_is_where_linear_prices_cross_by_hand() {
    let CostInputs {
        workload, pricing, ..
    } = linear();
    // Serverless: $1 per million. Servers: $100 of machines, $150 with people.
    assert!(close(servers_cost(1e8, &workload, &pricing).machines, 100.0));
    let machines_only = break_even(&workload, &pricing, false).unwrap();
    assert!((machines_only - 1e8).abs() < 1e-3, "{machines_only}");
    let with_people = break_even(&workload, &pricing, true).unwrap();
    assert!((with_people - 1.5e8).abs() < 1e-3, "{with_people}");
    let estimate = estimate(&linear());
    assert_eq!(estimate.break_even, Some(machines_only));
    assert_eq!(estimate.break_even_with_people, Some(with_people));
}

#[test]
fn free_functions_never_break_even_and_free_servers_break_even_at_once() {
    let CostInputs {
        workload,
        mut pricing,
        ..
    } = linear();
    pricing.function_per_million_requests = 0.0;
    assert_eq!(break_even(&workload, &pricing, true), None);
    let CostInputs {
        workload,
        mut pricing,
        ..
    } = linear();
    pricing.instance_hourly = 0.0;
    // Servers cost nothing (without people): serverless is never cheaper, from 1 request on.
    assert_eq!(break_even(&workload, &pricing, false), Some(1.0));
}

#[test]
fn the_average_and_peak_rates_are_per_second() {
    let mut inputs = inputs();
    inputs.workload.requests_per_month = 2.0 * SECONDS_PER_MONTH;
    inputs.workload.peak_to_average = 3.0;
    let estimate = estimate(&inputs);
    assert!(close(estimate.average_rps, 2.0));
    assert!(close(estimate.peak_rps, 6.0));
}

/// An estimate whose serverless side costs `serverless` and whose servers cost `machines`
/// plus `people`.
fn costing(serverless: f64, machines: f64, people: f64) -> Estimate {
    Estimate {
        average_rps: 1.0,
        peak_rps: 1.0,
        serverless: ServerlessCost {
            requests: serverless / 2.0,
            compute: serverless / 4.0,
            gateway: serverless / 4.0,
            people: 0.0,
        },
        servers: ServersCost {
            instances: 2,
            machines,
            people,
        },
        break_even: None,
        break_even_with_people: None,
    }
}

#[test]
fn the_pull_is_the_log2_of_how_many_times_cheaper_serverless_is_people_included() {
    // Same cost: no pull. Servers twice as dear (people included): +1. Serverless twice as
    // dear: -1. A quarter or less: +2; four times or more: -2.
    assert_eq!(costing(100.0, 60.0, 40.0).pull(), 0.0);
    assert_eq!(costing(100.0, 150.0, 50.0).pull(), 1.0);
    assert_eq!(costing(200.0, 50.0, 50.0).pull(), -1.0);
    assert_eq!(costing(100.0, 300.0, 100.0).pull(), 2.0);
    assert_eq!(costing(10.0, 1_000.0, 0.0).pull(), 2.0);
    assert_eq!(costing(400.0, 100.0, 0.0).pull(), -2.0);
    assert_eq!(costing(10_000.0, 100.0, 0.0).pull(), -2.0);
    // A free function platform counts as a cent: servers at 4 cents are four times as dear.
    assert_eq!(costing(0.0, 0.04, 0.0).pull(), 2.0);
}

#[test]
fn money_shows_cents_below_ten_dollars_and_whole_dollars_from_ten() {
    assert_eq!(money(9.994), "$9.99");
    assert_eq!(money(10.0), "$10");
    assert_eq!(money(10.4), "$10");
    assert_eq!(money(1_234.5), "$1,235");
    assert_eq!(grouped(1_000.0), "1,000");
    assert_eq!(grouped(12_345.0), "12,345");
    assert_eq!(grouped(123_456.0), "123,456");
    assert_eq!(grouped(1_234_567.0), "1,234,567");
    assert_eq!(grouped(7.0), "7");
    assert_eq!(grouped(-5.0), "0", "no negative counts");
}

#[test]
fn the_summary_and_assumptions_state_the_numbers() {
    // Default inputs: serverless $15.13, machines 2 × $0.0416 × 730.5 = $60.78, people $600.
    let inputs = inputs();
    assert_eq!(
        estimate(&inputs).summary(),
        "At this volume serverless costs $165 a month ($15 on the platform plus $150 in people), servers $661 ($61 in machines plus $600 in people)."
    );
    let assumptions = inputs.assumptions();
    assert_eq!(assumptions.len(), 7);
    assert_eq!(
        assumptions[0],
        "10,000,000 requests a month, with peaks 5\u{d7} the average."
    );
    assert!(assumptions[2].contains("after 1,000,000 free requests and 400,000 free GB-seconds"));
    assert_eq!(
        assumptions[4],
        "People: 8 hours a month of operations time for servers and 2 for functions, at $75 an hour."
    );
}

#[test]
fn every_field_reads_back_what_was_set() {
    // Each field set to a value of its range that no default has (its maximum), then read.
    for field in FIELDS {
        let mut costs = inputs();
        let before = costs.get(field.name).unwrap();
        assert_ne!(before, field.max, "{}", field.name);
        costs.set(field.name, &field.max.to_string()).unwrap();
        assert_eq!(costs.get(field.name), Some(field.max), "{}", field.name);
        // Only that field changed.
        for other in FIELDS.iter().filter(|f| f.name != field.name) {
            assert_eq!(
                costs.get(other.name),
                inputs().get(other.name),
                "{} changed {}",
                field.name,
                other.name
            );
        }
    }
    assert_eq!(inputs().get("secret"), None);
    assert_eq!(inputs().get("requests_per_month"), Some(10_000_000.0));
}

#[test]
fn a_fields_range_includes_both_ends() {
    for field in FIELDS {
        let mut costs = inputs();
        costs.set(field.name, &field.min.to_string()).unwrap();
        assert_eq!(costs.get(field.name), Some(field.min), "{}", field.name);
        costs.set(field.name, &field.max.to_string()).unwrap();
        assert!(
            costs.set(field.name, &(field.max * 1.001).to_string()).is_err(),
            "{}",
            field.name
        );
        let below = if field.min == 0.0 { -1.0 } else { field.min * 0.999 };
        assert!(
            costs.set(field.name, &below.to_string()).is_err(),
            "{}",
            field.name
        );
    }
    let error = inputs().set("instance_capacity_rps", "0").unwrap_err();
    assert_eq!(
        error.message,
        "Requests per second one instance serves must be between 0.001 and 10,000,000 req/s."
    );
}

#[test]
fn the_price_date_and_source_are_free_text() {
    let mut costs = inputs();
    costs.set("source", "Our negotiated prices").unwrap();
    assert_eq!(costs.pricing.source, "Our negotiated prices");
    costs.set("as_of", "2027-02").unwrap();
    assert_eq!(costs.pricing.as_of, "2027-02");
}

#[test]
fn choosing_an_instance_size_takes_its_name_price_and_capacity() {
    let mut costs = inputs();
    let (name, hourly, capacity) = INSTANCE_SIZES[3];
    costs.set_instance(name).unwrap();
    assert_eq!(costs.pricing.instance_name, name);
    assert_eq!(costs.pricing.instance_hourly, hourly);
    assert_eq!(costs.pricing.instance_capacity_rps, capacity);
}

#[test]
fn the_break_even_is_the_first_crossing_even_when_another_instance_tips_it_back() {
    // Linear prices ($1 per million on functions, $50 a month per instance), no peak, and
    // instances that serve 120 M requests a month each. Up to 120 M: two instances, $100, so
    // serverless costs as much from 100 M. Past 120 M a third instance makes servers $150,
    // dearer than serverless again until 150 M. The break-even is the first crossing, 100 M.
    let CostInputs {
        mut workload,
        mut pricing,
        ..
    } = linear();
    workload.peak_to_average = 1.0;
    pricing.instance_capacity_rps = 120e6 / SECONDS_PER_MONTH;
    let gap = |v: f64| {
        serverless_cost(v, &workload, &pricing).total(false)
            - servers_cost(v, &workload, &pricing).total(false)
    };
    assert!(gap(110e6) > 0.0 && gap(130e6) < 0.0 && gap(160e6) > 0.0);
    let v = break_even(&workload, &pricing, false).unwrap();
    assert!((v - 1e8).abs() < 1e-3, "{v}");
}

/// What the cost step's form sends for `inputs`: every number and text, and the ticked boxes
/// as `on` (an unticked box sends nothing).
fn form_of(inputs: &CostInputs) -> Vec<(String, String)> {
    FIELDS
        .iter()
        .map(|f| (f.name.to_owned(), inputs.get(f.name).unwrap().to_string()))
        .chain(
            FLAGS
                .iter()
                .filter(|f| inputs.flag(f.name).unwrap())
                .map(|f| (f.name.to_owned(), "on".to_owned())),
        )
        .chain(
            TEXTS
                .iter()
                .map(|name| (name.to_string(), inputs.text(name).unwrap())),
        )
        .collect()
}

#[test]
fn a_form_left_at_the_defaults_saves_nothing_until_something_changes() {
    let defaults = CostInputs::default();
    let typed = form_of(&defaults);
    let fields = || typed.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    let same_size = Some(defaults.pricing.instance_name.as_str());
    assert_eq!(CostInputs::from_form(None, same_size, fields()), Ok(None));
    // Once an estimate is saved, the same form saves it again.
    assert_eq!(
        CostInputs::from_form(Some(defaults.clone()), same_size, fields()),
        Ok(Some(defaults.clone()))
    );
    // One changed field makes it the team's estimate.
    let changed = fields().map(|(n, v)| (n, if n == "requests_per_month" { "2,000" } else { v }));
    let saved = CostInputs::from_form(None, same_size, changed).unwrap().unwrap();
    assert_eq!(saved.workload.requests_per_month, 2_000.0);
    // A bad field is refused, naming the field.
    let bad = fields().map(|(n, v)| (n, if n == "duration_ms" { "-1" } else { v }));
    assert_eq!(
        CostInputs::from_form(None, same_size, bad).unwrap_err().field,
        "duration_ms"
    );
}

#[test]
fn a_newly_chosen_instance_size_wins_over_the_previous_sizes_typed_price() {
    // Without JavaScript the form still shows the previous size's price and capacity when a
    // new size is chosen: the new size's own figures are saved.
    let typed = form_of(&CostInputs::default());
    let (name, hourly, capacity) = INSTANCE_SIZES[2];
    let saved = CostInputs::from_form(
        None,
        Some(name),
        typed.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    )
    .unwrap()
    .unwrap();
    assert_eq!(saved.pricing.instance_name, name);
    assert_eq!(
        (saved.pricing.instance_hourly, saved.pricing.instance_capacity_rps),
        (hourly, capacity)
    );
    // With the size unchanged, a typed price is the team's own and is kept.
    let own = [("instance_hourly", "0.5")];
    let saved = CostInputs::from_form(Some(saved), Some(name), own)
        .unwrap()
        .unwrap();
    assert_eq!(saved.pricing.instance_hourly, 0.5);
    // An unknown size is refused.
    assert!(CostInputs::from_form(None, Some("z9.huge"), []).is_err());
}

#[test]
fn an_unticked_box_the_form_leaves_out_is_saved_as_no_and_a_ticked_one_as_yes() {
    let mut inputs = CostInputs::default();
    inputs.workload.needs_gpu = true;
    let mut typed = form_of(&inputs);
    typed.retain(|(name, _)| name != "uses_gateway");
    let saved = CostInputs::from_form(None, None, typed.iter().map(|(n, v)| (n.as_str(), v.as_str())))
        .unwrap()
        .unwrap();
    assert!(!saved.workload.uses_gateway);
    assert!(saved.workload.needs_gpu);
    assert!(!saved.workload.keeps_state);
    let error = inputs.set("needs_gpu", "maybe").unwrap_err();
    assert_eq!(
        (error.field.as_str(), error.message.as_str()),
        ("needs_gpu", "Tick the box or leave it empty.")
    );
}

#[test]
fn event_triggered_work_pays_no_gateway_and_functions_count_their_own_operations_time() {
    let CostInputs {
        mut workload,
        mut pricing,
        ..
    } = inputs();
    workload.uses_gateway = false;
    pricing.function_ops_hours_per_month = 3.0;
    pricing.ops_hourly_rate = 40.0;
    let cost = serverless_cost(10_000_000.0, &workload, &pricing);
    assert_eq!(cost.gateway, 0.0);
    assert!(close(cost.platform(), 1.80 + 3.33334));
    assert_eq!(cost.people, 120.0);
    // The break-even with people counts the people of both sides: functions' $120 a month
    // against servers' 8 h × $40 = $320.
    let with_people = break_even(&workload, &pricing, true).unwrap();
    let gap = serverless_cost(with_people, &workload, &pricing).total(true)
        - servers_cost(with_people, &workload, &pricing).total(true);
    assert!(gap.abs() < 1.0, "{gap}");
}

#[test]
fn an_estimate_saved_before_limits_and_function_operations_reads_as_it_scored() {
    // The JSON of an estimate saved by the previous version: no platform, no longest run, no
    // gateway choice, no operations time for functions.
    let mut value = serde_json::to_value(CostInputs::default()).unwrap();
    let workload = value["workload"].as_object_mut().unwrap();
    for key in ["longest_run_seconds", "uses_gateway", "needs_gpu", "keeps_state"] {
        workload.remove(key);
    }
    value["pricing"]
        .as_object_mut()
        .unwrap()
        .remove("function_ops_hours_per_month");
    value.as_object_mut().unwrap().remove("platform");
    let old: CostInputs = serde_json::from_value(value).unwrap();
    assert!(old.workload.uses_gateway);
    assert_eq!(old.workload.longest_run_seconds, 1.0);
    assert_eq!(old.pricing.function_ops_hours_per_month, 0.0);
    assert_eq!(old.platform, crate::platform::Platform::default());
    // Scored as before: no people on the functions' side.
    assert_eq!(estimate(&old).serverless.people, 0.0);
}

#[test]
fn runs_up_to_a_week_are_taken_so_that_the_limits_can_name_the_platforms() {
    let mut inputs = CostInputs::default();
    inputs.set("duration_ms", "604,800,000").unwrap();
    inputs.set("longest_run_seconds", "604800").unwrap();
    assert_eq!(
        inputs.set("duration_ms", "604800001").unwrap_err().message,
        "Average run time must be between 1 and 604,800,000 ms."
    );
    assert!(inputs.set("longest_run_seconds", "604801").is_err());
}

#[test]
fn a_rate_reads_in_the_unit_that_shows_it() {
    assert_eq!(rate(3.8), "3.8 requests a second");
    assert_eq!(rate(0.1), "0.1 requests a second");
    // 30 requests a month: about one a day.
    assert_eq!(rate(30.0 / SECONDS_PER_MONTH), "1.0 requests a day");
    assert_eq!(rate(2.0 / 3_600.0), "2.0 requests an hour");
    assert_eq!(rate(0.1 / 3_600.0), "0.1 requests an hour");
}
