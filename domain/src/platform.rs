//! A function platform's published limits, and the workload checked against them: can one
//! unit of work run on functions at all? Shipped as a dated table, editable per assessment as
//! the prices are. Pure data and arithmetic, shared by the server and the browser.

use serde::{Deserialize, Serialize};

use crate::cost::{SECONDS_PER_MONTH, Workload, grouped};

/// A function platform's limits, dated, with where they were read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    pub name: String,
    pub as_of: String,
    pub source: String,
    /// The longest one invocation may run.
    pub max_run_seconds: f64,
    /// The longest a request through the API gateway may wait for its answer.
    pub gateway_timeout_seconds: f64,
    pub max_memory_mb: f64,
    /// The largest request or response one synchronous invocation takes.
    pub max_payload_kb: f64,
    /// Invocations running at once (an account quota that can be raised on request).
    pub max_concurrency: f64,
    /// Whether invocations can use a GPU.
    pub gpus: bool,
    /// Whether an invocation can hold a connection or in-memory state from one request to the
    /// next.
    pub keeps_state: bool,
}

impl Default for Platform {
    fn default() -> Self {
        Platform {
            name: "AWS Lambda".to_owned(),
            as_of: "2024-11".to_owned(),
            source: "AWS Lambda quotas (900 s timeout, 10,240 MB memory, 6 MB synchronous request and response, 1,000 concurrent executions per Region by default) and API Gateway HTTP API quotas (30 s integration timeout)"
                .to_owned(),
            max_run_seconds: 900.0,
            gateway_timeout_seconds: 30.0,
            max_memory_mb: 10_240.0,
            max_payload_kb: 6_144.0,
            max_concurrency: 1_000.0,
            gpus: false,
            keeps_state: false,
        }
    }
}

/// From this share of a limit on, a workload is near it: a slower day takes it over.
pub const NEAR_SHARE: f64 = 0.8;

/// How a workload stands against one limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LimitStatus {
    Pass,
    Near,
    Over,
}

impl LimitStatus {
    pub fn label(self) -> &'static str {
        match self {
            LimitStatus::Pass => "Within the limit",
            LimitStatus::Near => "Near the limit",
            LimitStatus::Over => "Over the limit",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            LimitStatus::Pass => "pass",
            LimitStatus::Near => "near",
            LimitStatus::Over => "over",
        }
    }

    fn of(needed: f64, limit: f64) -> LimitStatus {
        if needed > limit {
            LimitStatus::Over
        } else if needed >= NEAR_SHARE * limit {
            LimitStatus::Near
        } else {
            LimitStatus::Pass
        }
    }
}

/// One limit, what the workload needs of it and how that stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LimitCheck {
    /// What is limited: "Longest run".
    pub limit: String,
    pub needed: String,
    pub allowed: String,
    pub status: LimitStatus,
    /// A quota the platform raises on request, rather than a hard limit: over it is a gap to
    /// close, not a part to keep off functions.
    pub quota: bool,
    /// Something the platform offers or not (a GPU), rather than a figure.
    pub capability: bool,
    /// Whose limit it is: the platform's, or its API gateway's.
    pub owner: String,
    /// The work that cannot run on functions when over: "runs longer than 15 min".
    pub part: String,
}

impl LimitCheck {
    /// One sentence on what a check means for the verdict, naming whose limit it is.
    pub fn sentence(&self) -> String {
        let platform = &self.owner;
        match (self.status, self.quota) {
            (LimitStatus::Pass, _) => format!(
                "{}: {}, within {platform}\u{2019}s {}.",
                self.limit, self.needed, self.allowed
            ),
            (LimitStatus::Near, _) => format!(
                "{}: {} is near {platform}\u{2019}s limit of {}; leave headroom before relying on functions.",
                self.limit, self.needed, self.allowed
            ),
            (LimitStatus::Over, true) => format!(
                "{}: {} is over {platform}\u{2019}s default quota of {}; ask for it to be raised first.",
                self.limit, self.needed, self.allowed
            ),
            (LimitStatus::Over, false) if self.capability => format!(
                "{}: {}, which {platform} does not offer: keep {} off functions.",
                self.limit, self.needed, self.part
            ),
            (LimitStatus::Over, false) => format!(
                "{}: {} is over {platform}\u{2019}s limit ({}): keep {} off functions, or split that work to fit under it.",
                self.limit, self.needed, self.allowed, self.part
            ),
        }
    }

    /// What must hold for functions to carry the workload, when it is near a limit or over a
    /// quota: "there is headroom under the limit on the longest run (13 min of 15 min)".
    pub fn condition(&self) -> String {
        let mut chars = self.limit.chars();
        let limit: String = chars
            .next()
            .map(|c| c.to_ascii_lowercase())
            .into_iter()
            .chain(chars)
            .collect();
        if self.status == LimitStatus::Over && self.quota {
            format!(
                "the quota on the {limit} ({}) is raised above {}",
                self.allowed, self.needed
            )
        } else {
            format!(
                "there is headroom under the limit on the {limit} ({} of {})",
                self.needed, self.allowed
            )
        }
    }
}

/// A workload checked against a platform.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    pub platform: String,
    pub as_of: String,
    pub source: String,
    pub checks: Vec<LimitCheck>,
}

impl Limits {
    /// Checks `workload` against every limit of `platform`, in a fixed order.
    pub fn check(workload: &Workload, platform: &Platform) -> Limits {
        let average_seconds = workload.duration_ms / 1_000.0;
        let longest = average_seconds.max(workload.longest_run_seconds);
        let peak_rps = workload.requests_per_month / SECONDS_PER_MONTH * workload.peak_to_average;
        let concurrency = peak_rps * average_seconds;
        let numeric =
            |limit: &str, needed: f64, allowed: f64, show: fn(f64) -> String, part: String| LimitCheck {
                limit: limit.to_owned(),
                needed: show(needed),
                allowed: show(allowed),
                status: LimitStatus::of(needed, allowed),
                quota: false,
                capability: false,
                owner: platform.name.clone(),
                part,
            };
        let mut checks = vec![numeric(
            "Longest run",
            longest,
            platform.max_run_seconds,
            duration,
            format!("the runs longer than {}", duration(platform.max_run_seconds)),
        )];
        if workload.uses_gateway {
            checks.push(LimitCheck {
                owner: "the API gateway".to_owned(),
                ..numeric(
                    "Longest request through the API gateway",
                    longest,
                    platform.gateway_timeout_seconds,
                    duration,
                    format!(
                        "the requests that take longer than {}",
                        duration(platform.gateway_timeout_seconds)
                    ),
                )
            });
        }
        checks.push(numeric(
            "Memory per run",
            workload.memory_mb,
            platform.max_memory_mb,
            |mb| format!("{} MB", grouped(mb)),
            format!(
                "the runs needing more than {} MB",
                grouped(platform.max_memory_mb)
            ),
        ));
        checks.push(numeric(
            "Largest request or response",
            workload.payload_kb,
            platform.max_payload_kb,
            |kb| format!("{} KB", grouped(kb)),
            format!(
                "the requests or responses larger than {} KB",
                grouped(platform.max_payload_kb)
            ),
        ));
        checks.push(LimitCheck {
            quota: true,
            ..numeric(
                "Runs at once at the peak",
                concurrency,
                platform.max_concurrency,
                |n| grouped(n.ceil()),
                "the peak beyond the concurrency quota".to_owned(),
            )
        });
        let capability = |limit: &str, needs: bool, offers: bool, what: &str, part: &str| LimitCheck {
            limit: limit.to_owned(),
            needed: if needs {
                what.to_owned()
            } else {
                "not needed".to_owned()
            },
            allowed: if offers { "offered" } else { "not offered" }.to_owned(),
            status: if needs && !offers {
                LimitStatus::Over
            } else {
                LimitStatus::Pass
            },

            quota: false,
            capability: true,
            owner: platform.name.clone(),
            part: part.to_owned(),
        };
        checks.push(capability(
            "GPU",
            workload.needs_gpu,
            platform.gpus,
            "needs one",
            "the work that needs a GPU",
        ));
        checks.push(capability(
            "Connections or state between requests",
            workload.keeps_state,
            platform.keeps_state,
            "keeps them",
            "the long-lived connections and in-memory state",
        ));
        Limits {
            platform: platform.name.clone(),
            as_of: platform.as_of.clone(),
            source: platform.source.clone(),
            checks,
        }
    }

    /// The limits the workload is near or over, each in a sentence.
    pub fn findings(&self) -> Vec<String> {
        self.checks
            .iter()
            .filter(|c| c.status != LimitStatus::Pass)
            .map(LimitCheck::sentence)
            .collect()
    }

    /// The checks at `status`.
    pub fn at(&self, status: LimitStatus) -> impl Iterator<Item = &LimitCheck> {
        self.checks.iter().filter(move |c| c.status == status)
    }

    /// Hard limits the workload is over: the parts to keep off functions (or split).
    pub fn blocking(&self) -> impl Iterator<Item = &LimitCheck> {
        self.at(LimitStatus::Over).filter(|c| !c.quota)
    }

    /// Limits to close before relying on functions: near a limit, or over a quota.
    pub fn gaps(&self) -> impl Iterator<Item = &LimitCheck> {
        self.checks
            .iter()
            .filter(|c| c.status == LimitStatus::Near || (c.status == LimitStatus::Over && c.quota))
    }
}

/// Seconds in the unit a person would say: "120 ms", "30 s", "15 min", "2 h", "3 days".
pub fn duration(seconds: f64) -> String {
    let trimmed = |value: f64, unit: &str| {
        let rounded = (value * 10.0).round() / 10.0;
        format!("{rounded} {unit}")
    };
    match seconds {
        s if s < 1.0 => trimmed(s * 1_000.0, "ms"),
        s if s < 120.0 => trimmed(s, "s"),
        s if s < 7_200.0 => trimmed(s / 60.0, "min"),
        s if s < 172_800.0 => trimmed(s / 3_600.0, "h"),
        s => trimmed(s / 86_400.0, "days"),
    }
}

#[cfg(test)]
mod tests;
