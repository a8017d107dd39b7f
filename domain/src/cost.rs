//! The cost model: what a workload would cost a month on a function platform and on
//! instances, where the two cross, and the people cost of running servers. Pure arithmetic,
//! shared by the server and the browser (the numbers update as the team types).

use serde::{Deserialize, Serialize};

use super::ValidationError;
use crate::platform::Platform;

/// Average seconds in a month (365.25 × 24 × 3600 / 12).
pub const SECONDS_PER_MONTH: f64 = 2_629_800.0;
/// Average hours in a month.
pub const HOURS_PER_MONTH: f64 = SECONDS_PER_MONTH / 3_600.0;
/// API gateways bill large payloads as several requests, one per 512 KB.
pub const GATEWAY_BILLING_KB: f64 = 512.0;

/// The team's workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    pub requests_per_month: f64,
    /// Busiest second's requests, as a multiple of the average: how spiky the traffic is.
    pub peak_to_average: f64,
    pub duration_ms: f64,
    /// The longest single run (the average is `duration_ms`), for the platform's limits.
    #[serde(default = "one_second")]
    pub longest_run_seconds: f64,
    pub memory_mb: f64,
    pub payload_kb: f64,
    /// Requests come through an API gateway; work triggered by events uses none.
    #[serde(default = "yes")]
    pub uses_gateway: bool,
    #[serde(default)]
    pub needs_gpu: bool,
    /// Long-lived connections or in-memory state kept from one request to the next.
    #[serde(default)]
    pub keeps_state: bool,
}

fn one_second() -> f64 {
    1.0
}

fn yes() -> bool {
    true
}

/// Prices, dated, editable per assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    /// When and where the defaults were read.
    pub as_of: String,
    pub source: String,
    pub function_per_million_requests: f64,
    pub function_per_gb_second: f64,
    pub gateway_per_million_requests: f64,
    pub free_requests: f64,
    pub free_gb_seconds: f64,
    pub instance_name: String,
    pub instance_hourly: f64,
    /// Requests per second one instance serves for this workload.
    pub instance_capacity_rps: f64,
    /// Operations time for patching and maintaining servers, per month.
    pub ops_hours_per_month: f64,
    /// Operations time functions need too (the talk's “More Ops than Dev”): deployment,
    /// monitoring, quotas. Estimates saved before it was asked have none.
    #[serde(default)]
    pub function_ops_hours_per_month: f64,
    pub ops_hourly_rate: f64,
}

/// A workload and its prices: what the cost step saves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostInputs {
    pub workload: Workload,
    pub pricing: Pricing,
    /// The function platform's limits the workload is checked against; estimates saved
    /// before limits were checked get the shipped table.
    #[serde(default)]
    pub platform: Platform,
}

/// A common instance size: (name, hourly price in USD, requests per second it serves for a
/// typical API request).
pub const INSTANCE_SIZES: [(&str, f64, f64); 4] = [
    ("t3.small (2 vCPU, 2 GiB)", 0.0208, 50.0),
    ("t3.medium (2 vCPU, 4 GiB)", 0.0416, 100.0),
    ("m5.large (2 vCPU, 8 GiB)", 0.096, 250.0),
    ("c5.xlarge (4 vCPU, 8 GiB)", 0.17, 600.0),
];

impl Default for CostInputs {
    fn default() -> Self {
        let (instance_name, instance_hourly, instance_capacity_rps) = INSTANCE_SIZES[1];
        CostInputs {
            workload: Workload {
                requests_per_month: 10_000_000.0,
                peak_to_average: 5.0,
                duration_ms: 120.0,
                longest_run_seconds: 1.0,
                memory_mb: 512.0,
                payload_kb: 8.0,
                uses_gateway: true,
                needs_gpu: false,
                keeps_state: false,
            },
            pricing: Pricing {
                as_of: "2024-11".to_owned(),
                source:
                    "AWS public on-demand prices, us-east-1: Lambda (x86), API Gateway HTTP API, EC2 Linux"
                        .to_owned(),
                function_per_million_requests: 0.20,
                function_per_gb_second: 0.000_016_666_7,
                gateway_per_million_requests: 1.00,
                free_requests: 1_000_000.0,
                free_gb_seconds: 400_000.0,
                instance_name: instance_name.to_owned(),
                instance_hourly,
                instance_capacity_rps,
                ops_hours_per_month: 8.0,
                function_ops_hours_per_month: 2.0,
                ops_hourly_rate: 75.0,
            },
            platform: Platform::default(),
        }
    }
}

/// Monthly cost of the function platform, by part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerlessCost {
    pub requests: f64,
    pub compute: f64,
    pub gateway: f64,
    /// Operations time, shown apart as it is for servers.
    pub people: f64,
}

impl ServerlessCost {
    /// What the platform bills.
    pub fn platform(&self) -> f64 {
        self.requests + self.compute + self.gateway
    }

    pub fn total(&self, with_people: bool) -> f64 {
        self.platform() + if with_people { self.people } else { 0.0 }
    }
}

/// Monthly cost of instances.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServersCost {
    /// Enough for the peak, plus one for redundancy.
    pub instances: u32,
    pub machines: f64,
    /// Operations time, shown apart so the comparison can be read with and without it.
    pub people: f64,
}

impl ServersCost {
    pub fn total(&self, with_people: bool) -> f64 {
        self.machines + if with_people { self.people } else { 0.0 }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub average_rps: f64,
    pub peak_rps: f64,
    pub serverless: ServerlessCost,
    pub servers: ServersCost,
    /// Monthly requests at which the two options cost the same (machines only), if they
    /// cross between 1 and 10¹² requests a month.
    pub break_even: Option<f64>,
    /// The same, counting the people cost of servers.
    pub break_even_with_people: Option<f64>,
}

/// The function platform's monthly cost at `requests` a month.
pub fn serverless_cost(requests: f64, workload: &Workload, pricing: &Pricing) -> ServerlessCost {
    let gb_seconds = requests * workload.duration_ms / 1_000.0 * workload.memory_mb / 1_024.0;
    let gateway_units = (workload.payload_kb / GATEWAY_BILLING_KB).ceil().max(1.0);
    ServerlessCost {
        requests: (requests - pricing.free_requests).max(0.0) / 1e6 * pricing.function_per_million_requests,
        compute: (gb_seconds - pricing.free_gb_seconds).max(0.0) * pricing.function_per_gb_second,
        gateway: if workload.uses_gateway {
            requests * gateway_units / 1e6 * pricing.gateway_per_million_requests
        } else {
            0.0
        },
        people: pricing.function_ops_hours_per_month * pricing.ops_hourly_rate,
    }
}

/// The instances' monthly cost at `requests` a month.
pub fn servers_cost(requests: f64, workload: &Workload, pricing: &Pricing) -> ServersCost {
    let peak_rps = requests / SECONDS_PER_MONTH * workload.peak_to_average;
    let for_peak = (peak_rps / pricing.instance_capacity_rps).ceil().max(1.0);
    let instances = (for_peak + 1.0).min(f64::from(u32::MAX)) as u32;
    ServersCost {
        instances,
        machines: f64::from(instances) * pricing.instance_hourly * HOURS_PER_MONTH,
        people: pricing.ops_hours_per_month * pricing.ops_hourly_rate,
    }
}

/// Lowest and highest monthly volume the break-even search covers.
pub const VOLUME_RANGE: (f64, f64) = (1.0, 1e12);

/// The lowest monthly volume in [`VOLUME_RANGE`] from which serverless costs at least as much
/// as instances, found on a fine logarithmic grid and refined by bisection.
pub fn break_even(workload: &Workload, pricing: &Pricing, with_people: bool) -> Option<f64> {
    let gap = |v: f64| {
        serverless_cost(v, workload, pricing).total(with_people)
            - servers_cost(v, workload, pricing).total(with_people)
    };
    let (low, high) = VOLUME_RANGE;
    let steps = 1_200;
    let ratio = (high / low).powf(1.0 / f64::from(steps));
    let mut previous = low;
    if gap(previous) >= 0.0 {
        return Some(previous);
    }
    for _ in 0..steps {
        let next = previous * ratio;
        if gap(next) >= 0.0 {
            let (mut below, mut above) = (previous, next);
            for _ in 0..60 {
                let middle = (below + above) / 2.0;
                if gap(middle) >= 0.0 {
                    above = middle;
                } else {
                    below = middle;
                }
            }
            return Some(above);
        }
        previous = next;
    }
    None
}

pub fn estimate(inputs: &CostInputs) -> Estimate {
    let CostInputs {
        workload, pricing, ..
    } = inputs;
    let average_rps = workload.requests_per_month / SECONDS_PER_MONTH;
    Estimate {
        average_rps,
        peak_rps: average_rps * workload.peak_to_average,
        serverless: serverless_cost(workload.requests_per_month, workload, pricing),
        servers: servers_cost(workload.requests_per_month, workload, pricing),
        break_even: break_even(workload, pricing, false),
        break_even_with_people: break_even(workload, pricing, true),
    }
}

impl Estimate {
    /// How strongly the numbers point one way, in [-2, 2] like an answer's pull: +2 when
    /// serverless costs a quarter or less of servers (people included on both sides), -2 when
    /// four times as much or more.
    pub fn pull(&self) -> f64 {
        let serverless = self.serverless.total(true).max(0.01);
        let servers = self.servers.total(true).max(0.01);
        (servers / serverless).log2().clamp(-2.0, 2.0)
    }

    /// One sentence for the results and the deck.
    pub fn summary(&self) -> String {
        format!(
            "At this volume serverless costs {} a month ({} on the platform plus {} in people), servers {} ({} in machines plus {} in people).",
            money(self.serverless.total(true)),
            money(self.serverless.platform()),
            money(self.serverless.people),
            money(self.servers.total(true)),
            money(self.servers.machines),
            money(self.servers.people)
        )
    }
}

/// Whole dollars with thousands separators: "$12,345". Cents below $10.
pub fn money(amount: f64) -> String {
    if amount < 10.0 {
        return format!("${amount:.2}");
    }
    format!("${}", grouped(amount.round()))
}

/// A request rate in the unit that reads best: "3.8 requests a second", or for quiet work such
/// as a nightly batch "2.0 requests an hour" or "1.0 requests a day".
pub fn rate(per_second: f64) -> String {
    let (value, unit) = if per_second >= 0.1 {
        (per_second, "a second")
    } else if per_second * 3_600.0 >= 0.1 {
        (per_second * 3_600.0, "an hour")
    } else {
        (per_second * 86_400.0, "a day")
    };
    format!("{value:.1} requests {unit}")
}

/// A count with thousands separators: "12,345,678".
pub fn grouped(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One number of the cost step: its name, label, unit, and the allowed range.
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub min: f64,
    pub max: f64,
}

pub(crate) const fn field(
    name: &'static str,
    label: &'static str,
    unit: &'static str,
    min: f64,
    max: f64,
) -> Field {
    Field {
        name,
        label,
        unit,
        min,
        max,
    }
}

/// A week, the longest run or limit the cost step takes.
const WEEK_SECONDS: f64 = 604_800.0;

/// Every number the cost step asks for, in form order.
pub const FIELDS: [Field; 21] = [
    field("requests_per_month", "Requests per month", "requests", 0.0, 1e12),
    field("peak_to_average", "Peak to average", "×", 1.0, 1_000.0),
    field(
        "duration_ms",
        "Average run time",
        "ms",
        1.0,
        WEEK_SECONDS * 1_000.0,
    ),
    field(
        "longest_run_seconds",
        "Longest single run",
        "s",
        0.001,
        WEEK_SECONDS,
    ),
    field("memory_mb", "Memory per run", "MB", 128.0, 1_048_576.0),
    field(
        "payload_kb",
        "Largest request or response",
        "KB",
        0.0,
        10_485_760.0,
    ),
    field(
        "function_per_million_requests",
        "Function price per million requests",
        "USD",
        0.0,
        1_000.0,
    ),
    field(
        "function_per_gb_second",
        "Function price per GB-second",
        "USD",
        0.0,
        1.0,
    ),
    field(
        "gateway_per_million_requests",
        "API gateway price per million requests",
        "USD",
        0.0,
        1_000.0,
    ),
    field("free_requests", "Free requests per month", "requests", 0.0, 1e12),
    field("free_gb_seconds", "Free GB-seconds per month", "GB-s", 0.0, 1e12),
    field("instance_hourly", "Instance price per hour", "USD", 0.0, 1_000.0),
    field(
        "instance_capacity_rps",
        "Requests per second one instance serves",
        "req/s",
        0.001,
        1e7,
    ),
    field(
        "ops_hours_per_month",
        "Operations time for servers",
        "hours/month",
        0.0,
        10_000.0,
    ),
    field(
        "function_ops_hours_per_month",
        "Operations time for functions",
        "hours/month",
        0.0,
        10_000.0,
    ),
    field(
        "ops_hourly_rate",
        "Cost of an hour of operations time",
        "USD/hour",
        0.0,
        10_000.0,
    ),
    field("max_run_seconds", "Longest run allowed", "s", 1.0, WEEK_SECONDS),
    field(
        "gateway_timeout_seconds",
        "API gateway timeout",
        "s",
        1.0,
        WEEK_SECONDS,
    ),
    field("max_memory_mb", "Most memory per run", "MB", 128.0, 1_048_576.0),
    field(
        "max_payload_kb",
        "Largest request or response allowed",
        "KB",
        1.0,
        10_485_760.0,
    ),
    field("max_concurrency", "Runs at once (quota)", "runs", 1.0, 1e7),
];

/// A yes-or-no of the cost step: its name and label. A form sends a checked box as `on`
/// and leaves an unchecked one out.
pub struct Flag {
    pub name: &'static str,
    pub label: &'static str,
}

/// Every yes-or-no the cost step asks, in form order: three about the workload, then two
/// about the platform.
pub const FLAGS: [Flag; 5] = [
    Flag {
        name: "uses_gateway",
        label: "Requests come through an API gateway (work triggered by events uses none)",
    },
    Flag {
        name: "needs_gpu",
        label: "A run needs a GPU",
    },
    Flag {
        name: "keeps_state",
        label: "It keeps long-lived connections or in-memory state between requests",
    },
    Flag {
        name: "platform_gpus",
        label: "The platform offers GPUs",
    },
    Flag {
        name: "platform_keeps_state",
        label: "The platform keeps connections or state between requests",
    },
];

impl CostInputs {
    /// The value of the field named `name`.
    pub fn get(&self, name: &str) -> Option<f64> {
        let mut copy = self.clone();
        copy.slot(name).map(|value| *value)
    }

    fn slot(&mut self, name: &str) -> Option<&mut f64> {
        let (w, p, l) = (&mut self.workload, &mut self.pricing, &mut self.platform);
        Some(match name {
            "requests_per_month" => &mut w.requests_per_month,
            "peak_to_average" => &mut w.peak_to_average,
            "duration_ms" => &mut w.duration_ms,
            "longest_run_seconds" => &mut w.longest_run_seconds,
            "memory_mb" => &mut w.memory_mb,
            "payload_kb" => &mut w.payload_kb,
            "function_per_million_requests" => &mut p.function_per_million_requests,
            "function_per_gb_second" => &mut p.function_per_gb_second,
            "gateway_per_million_requests" => &mut p.gateway_per_million_requests,
            "free_requests" => &mut p.free_requests,
            "free_gb_seconds" => &mut p.free_gb_seconds,
            "instance_hourly" => &mut p.instance_hourly,
            "instance_capacity_rps" => &mut p.instance_capacity_rps,
            "ops_hours_per_month" => &mut p.ops_hours_per_month,
            "function_ops_hours_per_month" => &mut p.function_ops_hours_per_month,
            "ops_hourly_rate" => &mut p.ops_hourly_rate,
            "max_run_seconds" => &mut l.max_run_seconds,
            "gateway_timeout_seconds" => &mut l.gateway_timeout_seconds,
            "max_memory_mb" => &mut l.max_memory_mb,
            "max_payload_kb" => &mut l.max_payload_kb,
            "max_concurrency" => &mut l.max_concurrency,
            _ => return None,
        })
    }

    /// The yes-or-no named `name`.
    pub fn flag(&self, name: &str) -> Option<bool> {
        let mut copy = self.clone();
        copy.flag_slot(name).map(|value| *value)
    }

    fn flag_slot(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "uses_gateway" => &mut self.workload.uses_gateway,
            "needs_gpu" => &mut self.workload.needs_gpu,
            "keeps_state" => &mut self.workload.keeps_state,
            "platform_gpus" => &mut self.platform.gpus,
            "platform_keeps_state" => &mut self.platform.keeps_state,
            _ => return None,
        })
    }

    /// The text named `name`: one of [`TEXTS`].
    pub fn text(&self, name: &str) -> Option<String> {
        let mut copy = self.clone();
        copy.text_slot(name).map(|(value, _, _)| value.clone())
    }

    fn text_slot(&mut self, name: &str) -> Option<(&mut String, &'static str, usize)> {
        let (p, l) = (&mut self.pricing, &mut self.platform);
        Some(match name {
            "as_of" => (&mut p.as_of, "The price date", 40),
            "source" => (&mut p.source, "The price source", 300),
            "platform_name" => (&mut l.name, "The platform's name", 80),
            "platform_as_of" => (&mut l.as_of, "The limits' date", 40),
            "platform_source" => (&mut l.source, "The limits' source", 400),
            _ => return None,
        })
    }

    /// Sets field `name` from what was typed: a number in the field's range (commas and
    /// spaces between digits are allowed); for a yes-or-no `on`, `true`, `off`, `false` or
    /// nothing; for the dates, sources and the platform's name a short text; or a message
    /// saying what is wrong.
    pub fn set(&mut self, name: &str, typed: &str) -> Result<(), ValidationError> {
        if let Some((slot, label, max)) = self.text_slot(name) {
            *slot = super::text::optional_text(name, label, typed, max)?;
            return Ok(());
        }
        if let Some(slot) = self.flag_slot(name) {
            *slot = match typed.trim() {
                "on" | "true" => true,
                "" | "off" | "false" => false,
                _ => return Err(ValidationError::new(name, "Tick the box or leave it empty.")),
            };
            return Ok(());
        }
        let field = FIELDS
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| ValidationError::new(name, "There is no such cost field."))?;
        let value = field.parse(typed)?;
        *self.slot(name).expect("every listed field has a slot") = value;
        Ok(())
    }
}

impl Field {
    /// The number typed into this field (thousands separators allowed), within its range.
    pub fn parse(&self, typed: &str) -> Result<f64, ValidationError> {
        let cleaned: String = typed
            .trim()
            .chars()
            .filter(|c| !matches!(c, ',' | '_' | ' '))
            .collect();
        let value: f64 = cleaned
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| {
                ValidationError::new(
                    self.name,
                    format!("{} must be a number ({}).", self.label, self.unit),
                )
            })?;
        if value < self.min || value > self.max {
            return Err(ValidationError::new(
                self.name,
                format!(
                    "{} must be between {} and {} {}.",
                    self.label,
                    grouped_or_decimal(self.min),
                    grouped_or_decimal(self.max),
                    self.unit
                ),
            ));
        }
        Ok(value)
    }
}

/// The texts the cost step asks for, by form name.
pub const TEXTS: [&str; 5] = [
    "as_of",
    "source",
    "platform_name",
    "platform_as_of",
    "platform_source",
];

impl CostInputs {
    /// The same inputs, each checked as if typed into the cost step (for inputs from a file).
    pub fn checked(&self) -> Result<CostInputs, ValidationError> {
        let mut checked = CostInputs::default();
        for field in FIELDS {
            let value = self.get(field.name).expect("every listed field has a value");
            checked.set(field.name, &value.to_string())?;
        }
        for flag in FLAGS {
            let value = self.flag(flag.name).expect("every listed flag has a value");
            checked.set(flag.name, &value.to_string())?;
        }
        for name in TEXTS {
            let typed = self.text(name).expect("every listed text has a value");
            checked.set(name, &typed)?;
        }
        checked.pricing.instance_name =
            super::text::optional_text("instance", "The instance name", &self.pricing.instance_name, 80)?;
        Ok(checked)
    }

    /// What the cost step's form saves, given what is saved (`None`: nothing yet), the instance
    /// size chosen and the typed fields. A newly chosen size sets its own price and capacity,
    /// over the typed ones (without JavaScript those still show the previous size's). A
    /// yes-or-no the form leaves out is an unticked box. `Ok(None)` when there is nothing to
    /// save: no estimate yet and the form left at the defaults, so moving past the step does
    /// not make the defaults the team's estimate.
    pub fn from_form<'a>(
        saved: Option<CostInputs>,
        instance: Option<&str>,
        fields: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Option<CostInputs>, ValidationError> {
        let had_estimate = saved.is_some();
        let mut inputs = saved.unwrap_or_default();
        let new_size = instance.filter(|i| *i != inputs.pricing.instance_name);
        if let Some(size) = new_size {
            inputs.set_instance(size)?;
        }
        for flag in FLAGS {
            inputs.set(flag.name, "off")?;
        }
        for (name, typed) in fields {
            let preset = matches!(name, "instance_hourly" | "instance_capacity_rps");
            if !(preset && new_size.is_some()) {
                inputs.set(name, typed)?;
            }
        }
        Ok((had_estimate || inputs != CostInputs::default()).then_some(inputs))
    }

    /// Takes the price and capacity of one of [`INSTANCE_SIZES`].
    pub fn set_instance(&mut self, name: &str) -> Result<(), ValidationError> {
        let (name, hourly, capacity) = INSTANCE_SIZES
            .iter()
            .find(|(n, _, _)| *n == name)
            .ok_or_else(|| ValidationError::new("instance", "Choose one of the listed instance sizes."))?;
        self.pricing.instance_name = (*name).to_owned();
        self.pricing.instance_hourly = *hourly;
        self.pricing.instance_capacity_rps = *capacity;
        Ok(())
    }
}

impl CostInputs {
    /// The inputs in words, for the results, the deck and the Markdown summary.
    pub fn assumptions(&self) -> Vec<String> {
        let (w, p, l) = (&self.workload, &self.pricing, &self.platform);
        let needs: Vec<&str> = [
            (w.needs_gpu, "needs a GPU"),
            (w.keeps_state, "keeps connections or state between requests"),
        ]
        .into_iter()
        .filter_map(|(holds, what)| holds.then_some(what))
        .collect();
        let gateway = if w.uses_gateway {
            format!(
                "API gateway ${} per million requests (per 512 KB)",
                p.gateway_per_million_requests
            )
        } else {
            "no API gateway: the work is triggered by events".to_owned()
        };
        vec![
            format!(
                "{} requests a month, with peaks {}\u{d7} the average.",
                grouped(w.requests_per_month),
                w.peak_to_average
            ),
            format!(
                "{} ms and {} MB per run on average, the longest run {}, requests and responses up to {} KB{}.",
                w.duration_ms,
                w.memory_mb,
                crate::platform::duration(w.longest_run_seconds),
                w.payload_kb,
                if needs.is_empty() {
                    String::new()
                } else {
                    format!("; it {}", needs.join(" and "))
                }
            ),
            format!(
                "Functions: ${} per million requests and ${} per GB-second, after {} free requests and {} free GB-seconds a month; {gateway}.",
                p.function_per_million_requests,
                p.function_per_gb_second,
                grouped(p.free_requests),
                grouped(p.free_gb_seconds),
            ),
            format!(
                "Instances: {} at ${} an hour, {} requests a second each, enough for the peak plus one for redundancy.",
                p.instance_name, p.instance_hourly, p.instance_capacity_rps
            ),
            format!(
                "People: {} hours a month of operations time for servers and {} for functions, at ${} an hour.",
                p.ops_hours_per_month, p.function_ops_hours_per_month, p.ops_hourly_rate
            ),
            format!("Prices as of {}: {}.", p.as_of, p.source),
            format!("Limits of {} as of {}: {}.", l.name, l.as_of, l.source),
        ]
    }
}

fn grouped_or_decimal(value: f64) -> String {
    if value.fract() == 0.0 {
        grouped(value)
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests;
