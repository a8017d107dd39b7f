//! The cost step: the team's workload and prices in, both monthly costs, the break-even and
//! the chart out, recomputed in the browser as the team types.

use std::collections::BTreeMap;

use leptos::prelude::*;

use domain::access::LinkKind;
use domain::cost::{CostInputs, Estimate, FIELDS, FLAGS, INSTANCE_SIZES, estimate, grouped, money, rate};
use domain::platform::{LimitStatus, Limits};

/// The cost part of the results: the numbers, the chart and the assumptions behind them, and
/// the whole workload against the platform's limits unless `limits` is off (a split workload's
/// parts have their own).
#[component]
pub fn CostSummary(
    kind: LinkKind,
    token: String,
    inputs: CostInputs,
    #[prop(default = true)] limits: bool,
) -> impl IntoView {
    let assumptions = inputs.assumptions();
    view! {
        <section aria-labelledby="cost-heading">
            <h2 id="cost-heading">"Cost"</h2>
            <CostFigures estimate=estimate(&inputs)/>
            {limits.then(|| view! { <LimitsTable limits=Limits::check(&inputs.workload, &inputs.platform)/> })}
            <figure class="chart">
                <img
                    src=cost_chart_src(kind, &token, &inputs)
                    width="900"
                    height="520"
                    alt="Monthly cost against monthly requests for serverless and for instances, with the workload and the break-even marked."
                />
            </figure>
            <h3>"Assumptions"</h3>
            <ul class="assumptions">{assumptions.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
        </section>
    }
}
use crate::routes::chart_path;

/// One section of the cost step's form: its title, hint, and indexes into [`FIELDS`] and
/// [`FLAGS`].
struct Section {
    title: &'static str,
    hint: &'static str,
    fields: std::ops::Range<usize>,
    flags: std::ops::Range<usize>,
}

const SECTIONS: [Section; 5] = [
    Section {
        title: "Your workload",
        hint: "What the workload does in a month, and what one run needs.",
        fields: 0..6,
        flags: 0..3,
    },
    Section {
        title: "Function platform prices",
        hint: "Per request, per GB-second of compute, the API gateway, and the free tier.",
        fields: 6..11,
        flags: 0..0,
    },
    Section {
        title: "Instance prices",
        hint: "Enough instances for the peak, plus one for redundancy.",
        fields: 11..13,
        flags: 0..0,
    },
    Section {
        title: "People",
        hint: "Operations time each way: patching and maintaining servers (the talk\u{2019}s \u{201c}people cost\u{201d}), and the deployment, monitoring and quotas functions need too (\u{201c}More Ops than Dev\u{201d}).",
        fields: 13..16,
        flags: 0..0,
    },
    Section {
        title: "Function platform limits",
        hint: "One platform\u{2019}s published limits, as of the date below; change them to your platform\u{2019}s. The workload is checked against them.",
        fields: 16..21,
        flags: 3..5,
    },
];

/// The cost chart's address for these inputs, so that the chart follows what is typed.
pub fn cost_chart_src(kind: LinkKind, token: &str, inputs: &CostInputs) -> String {
    let query: Vec<String> = FIELDS
        .iter()
        .filter_map(|f| inputs.get(f.name).map(|v| format!("{}={v}", f.name)))
        .chain(
            FLAGS
                .iter()
                .filter_map(|f| inputs.flag(f.name).map(|v| format!("{}={v}", f.name))),
        )
        .collect();
    format!(
        "{}?{}",
        chart_path(kind, token).replace("pros-cons.svg", "cost.svg"),
        query.join("&")
    )
}

#[component]
pub fn CostStep(token: String, inputs: CostInputs) -> impl IntoView {
    let current = RwSignal::new(inputs.clone());
    let errors = RwSignal::new(BTreeMap::<&'static str, String>::new());
    // Bumped when an instance size is chosen, to rewrite the two fields it sets.
    let preset = RwSignal::new(0u32);
    let numbers = Memo::new(move |_| estimate(&current.get()));
    let limits = Memo::new(move |_| current.with(|c| Limits::check(&c.workload, &c.platform)));
    let chart = {
        let token = token.clone();
        move || cost_chart_src(LinkKind::Facilitator, &token, &current.get())
    };

    let field = move |index: usize| {
        let spec = &FIELDS[index];
        let name = spec.name;
        let id = format!("cost-{name}");
        let error_id = format!("{id}-error");
        let initial = current
            .get_untracked()
            .get(name)
            .map(|v| v.to_string())
            .unwrap_or_default();
        let follows_preset = matches!(name, "instance_hourly" | "instance_capacity_rps");
        let on_input = move |ev| {
            let typed = event_target_value(&ev);
            let mut next = current.get_untracked();
            match next.set(name, &typed) {
                Ok(()) => {
                    current.set(next);
                    errors.update(|e| {
                        e.remove(name);
                    });
                }
                Err(error) => errors.update(|e| {
                    e.insert(name, error.message);
                }),
            }
        };
        view! {
            <div class="field">
                <label for=id.clone()>{spec.label}" "<span class="unit">{format!("({})", spec.unit)}</span></label>
                <input
                    id=id
                    name=format!("costs[{name}]")
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    value=initial.clone()
                    prop:value=move || {
                        if follows_preset {
                            preset.get();
                            current.get_untracked().get(name).map(|v| v.to_string()).unwrap_or_default()
                        } else {
                            initial.clone()
                        }
                    }
                    aria-invalid=move || errors.with(|e| e.contains_key(name)).then_some("true")
                    aria-describedby=error_id.clone()
                    on:input=on_input
                />
                <p class="field-error" id=error_id role="alert">{move || errors.with(|e| e.get(name).cloned())}</p>
            </div>
        }
    };

    let flag = move |index: usize| {
        let spec = &FLAGS[index];
        let name = spec.name;
        let checked = current.get_untracked().flag(name).unwrap_or_default();
        let on_change = move |ev| {
            let typed = if event_target_checked(&ev) { "on" } else { "off" };
            let mut next = current.get_untracked();
            if next.set(name, typed).is_ok() {
                current.set(next);
            }
        };
        view! {
            <div class="field field-check">
                <label>
                    <input type="checkbox" name=format!("costs[{name}]") checked=checked on:change=on_change/>
                    " "{spec.label}
                </label>
            </div>
        }
    };
    let text = move |name: &'static str, label: &'static str, wide: bool| {
        let id = format!("cost-{name}");
        let value = current.get_untracked().text(name).unwrap_or_default();
        view! {
            <div class="field" class:field-wide=wide>
                <label for=id.clone()>{label}</label>
                <input id=id name=format!("costs[{name}]") type="text" value=value/>
            </div>
        }
    };

    let choose_instance = move |ev| {
        let name = event_target_value(&ev);
        let mut next = current.get_untracked();
        if next.set_instance(&name).is_ok() {
            current.set(next);
            preset.update(|n| *n += 1);
        }
    };

    view! {
        <p class="lede">
            "The talk\u{2019}s first argument for serverless is \u{201c}Cost (mostly)\u{201d}. Put numbers on it: "
            "the defaults are a typical small API; change them to yours. The result counts in the cost and scale dimension."
        </p>
        <div class="cost-layout">
            <div class="cost-inputs">
                {SECTIONS
                    .into_iter()
                    .map(|Section { title, hint, fields, flags }| {
                        let instance_picker = (title == "Instance prices").then(|| {
                            let selected = inputs.pricing.instance_name.clone();
                            view! {
                                <div class="field">
                                    <label for="cost-instance">"Instance size"</label>
                                    <select id="cost-instance" name="instance" on:change=choose_instance>
                                        {INSTANCE_SIZES
                                            .iter()
                                            .map(|(name, _, _)| view! { <option value=*name selected=*name == selected>{*name}</option> })
                                            .collect_view()}
                                    </select>
                                </div>
                            }
                        });
                        view! {
                            <fieldset class="question cost-section">
                                <legend>{title}</legend>
                                <p class="hint">{hint}</p>
                                {instance_picker}
                                <div class="cost-fields">{fields.map(field).collect_view()}</div>
                                {(!flags.is_empty()).then(|| view! { <div class="cost-flags">{flags.map(flag).collect_view()}</div> })}
                                {(title == "Function platform limits").then(|| view! {
                                    <div class="cost-fields">
                                        {text("platform_name", "Platform", false)}
                                        {text("platform_as_of", "Limits as of", false)}
                                        {text("platform_source", "Source", true)}
                                    </div>
                                })}
                            </fieldset>
                        }
                    })
                    .collect_view()}
                <fieldset class="question cost-section">
                    <legend>"Where the prices come from"</legend>
                    <div class="cost-fields">
                        {text("as_of", "Prices as of", false)}
                        {text("source", "Source", true)}
                    </div>
                </fieldset>
            </div>
            <section class="cost-result card" aria-labelledby="cost-result-heading" aria-live="polite">
                <h2 id="cost-result-heading">"Monthly cost"</h2>
                {move || view! { <CostFigures estimate=numbers.get()/> }}
                <figure class="chart">
                    <img
                        src=chart
                        width="900"
                        height="520"
                        alt="Monthly cost against monthly requests for serverless and for instances, with your workload and the break-even marked; the numbers are above."
                    />
                </figure>
            </section>
        </div>
        <section class="card cost-limits" aria-live="polite">
            {move || view! { <LimitsTable limits=limits.get()/> }}
        </section>
    }
}

/// The numbers of an estimate, as the cost step, the results and the read-only page show them.
#[component]
pub fn CostFigures(estimate: Estimate) -> impl IntoView {
    let break_even = |volume: Option<f64>| match volume {
        Some(v) if v <= 1.0 => "servers cost less at any volume".to_owned(),
        Some(v) => format!("{} requests a month", grouped(v)),
        None => "serverless stays cheaper at any volume".to_owned(),
    };
    view! {
        <dl class="cost-figures">
            <div class="cost-figure cost-serverless">
                <dt>"Serverless"</dt>
                <dd class="cost-total">{money(estimate.serverless.total(true))}</dd>
                <dd class="hint">{format!(
                    "requests {} + compute {} + gateway {}, plus {} of people time",
                    money(estimate.serverless.requests),
                    money(estimate.serverless.compute),
                    money(estimate.serverless.gateway),
                    money(estimate.serverless.people)
                )}</dd>
            </div>
            <div class="cost-figure cost-servers">
                <dt>"Servers"</dt>
                <dd class="cost-total">{money(estimate.servers.total(true))}</dd>
                <dd class="hint">{format!(
                    "{} instances {}, plus {} of people time",
                    estimate.servers.instances,
                    money(estimate.servers.machines),
                    money(estimate.servers.people)
                )}</dd>
            </div>
        </dl>
        <p class="hint">"Monthly totals, people time included on both sides: what the score compares."</p>
        <p class="cost-traffic">{format!(
            "Traffic: {} on average, {} at the peak.",
            rate(estimate.average_rps),
            rate(estimate.peak_rps)
        )}</p>
        <p class="cost-break-even">
            <strong>"Break-even: "</strong>
            {break_even(estimate.break_even)}
            " (machines only); "
            {break_even(estimate.break_even_with_people)}
            " counting people time."
        </p>
    }
}

/// The workload against the function platform's limits: each limit, what the workload needs
/// of it, and whether that is within, near or over, with the platform's date and source.
#[component]
pub fn LimitsTable(limits: Limits) -> impl IntoView {
    let findings = limits.findings();
    view! {
        // Scrolls sideways on a narrow phone, so it takes the keyboard focus to scroll with.
        <div class="limits" tabindex="0" role="region" aria-label="Platform limits">
            <table class="limits-table">
                <caption>
                    {format!("Against {}\u{2019}s limits", limits.platform)}
                    <span class="hint">{format!(" (as of {}: {})", limits.as_of, limits.source)}</span>
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Limit"</th>
                        <th scope="col">"Needed"</th>
                        <th scope="col">"Allowed"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    {limits
                        .checks
                        .iter()
                        .map(|check| {
                            let status = if check.quota && check.status == LimitStatus::Over {
                                "Over the default quota"
                            } else {
                                check.status.label()
                            };
                            view! {
                                <tr class=format!("limit-{}", check.status.slug())>
                                    <th scope="row">{check.limit.clone()}</th>
                                    <td>{check.needed.clone()}</td>
                                    <td>{check.allowed.clone()}</td>
                                    <td><span class="limit-status">{status}</span></td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            {(!findings.is_empty()).then(|| view! {
                <ul class="limit-findings">{findings.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
            })}
        </div>
    }
}
