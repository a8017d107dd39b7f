//! The decision record: the assessment written up as an architecture decision record in the
//! MADR 4.0 layout (context, drivers, options, outcome, consequences, confirmation), with the
//! facilitator's own wording of the decision and its status.

use serde::{Deserialize, Serialize};

use crate::Assessment;
use crate::ValidationError;
use crate::answers::importance_label;
use crate::calendar::iso_date;
use crate::cost::{CostInputs, estimate, grouped};
use crate::scoring::{Report, Verdict};
use crate::text::{optional_text, refuse_direction_controls};

/// Longest decision wording accepted, in characters.
pub const WORDING_MAX_CHARS: usize = 1_000;
/// The dimension whose answers speak of lock-in.
const LOCK_IN: &str = "vendor-lock-in";

/// Where the decision stands, as MADR names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Proposed,
    Accepted,
    Superseded,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Proposed, Status::Accepted, Status::Superseded];

    /// The word MADR's front matter uses, and the form's value.
    pub fn slug(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Superseded => "superseded",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Proposed => "Proposed",
            Status::Accepted => "Accepted",
            Status::Superseded => "Superseded",
        }
    }

    /// The status a form sent, by its slug.
    pub fn parse(value: &str) -> Result<Status, ValidationError> {
        Status::ALL
            .into_iter()
            .find(|s| s.slug() == value.trim())
            .ok_or_else(|| {
                ValidationError::new("status", "The status is one of proposed, accepted or superseded.")
            })
    }
}

/// What the facilitator set of the decision record, with the saved version it was read at or
/// edited from (0: never saved). An empty wording means the generated outcome sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub wording: String,
    pub status: Status,
    pub version: i64,
    /// When it was last saved, in milliseconds since the Unix epoch (0: never).
    pub saved_at_ms: i64,
}

/// The decision as the JSON file carries it: what the facilitator set, no version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionEntry {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub wording: String,
    #[serde(default)]
    pub status: Status,
}

impl Decision {
    /// The decision a form sent, edited from `version`: the wording checked like a note, the
    /// status by its slug.
    pub fn parse(wording: &str, status: &str, version: i64) -> Result<Decision, ValidationError> {
        let wording = optional_text("wording", "The decision's wording", wording, WORDING_MAX_CHARS)?;
        refuse_direction_controls("wording", "The decision's wording", &wording)?;
        Ok(Decision {
            wording,
            status: Status::parse(status)?,
            version,
            saved_at_ms: 0,
        })
    }

    /// The decision in a sentence: the facilitator's wording, or the one the verdict gives.
    pub fn outcome(&self, report: &Report) -> String {
        if !self.wording.is_empty() {
            return self.wording.clone();
        }
        match Considered::chosen(report.verdict) {
            Some(option) => format!(
                "Chosen option: \u{201c}{}\u{201d}, because the assessment\u{2019}s verdict is \u{201c}{}\u{201d}{}.",
                option.title(),
                report.verdict.title(),
                report
                    .fit
                    .map_or_else(String::new, |fit| format!(" with a fit of {fit} out of 100")),
            ),
            None => {
                "No option is chosen yet: the assessment has not enough answers for a verdict.".to_owned()
            }
        }
    }

    /// Whether the facilitator set anything: a wording, or another status than the default.
    pub fn is_set(&self) -> bool {
        !self.wording.is_empty() || self.status != Status::default()
    }

    /// The decision as a file carries it; `None` when the facilitator set nothing.
    pub fn entry(&self) -> Option<DecisionEntry> {
        self.is_set().then(|| DecisionEntry {
            wording: self.wording.clone(),
            status: self.status,
        })
    }
}

impl DecisionEntry {
    /// The decision a file carries, checked as a form's would be.
    pub fn checked(&self) -> Result<Decision, ValidationError> {
        Decision::parse(&self.wording, self.status.slug(), 0)
    }
}

/// The options a Whenless assessment weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Considered {
    Servers,
    Functions,
    Hybrid,
}

impl Considered {
    pub const ALL: [Considered; 3] = [Considered::Servers, Considered::Functions, Considered::Hybrid];

    pub fn title(self) -> &'static str {
        match self {
            Considered::Servers => "Servers",
            Considered::Functions => "Functions (serverless)",
            Considered::Hybrid => "Hybrid",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Considered::Servers => "instances or machines the team runs, patches and scales",
            Considered::Functions => "functions and managed services, billed per run",
            Considered::Hybrid => "functions for most of the workload, with named parts on servers",
        }
    }

    /// The option a verdict chooses; none before there is one.
    pub fn chosen(verdict: Verdict) -> Option<Considered> {
        match verdict {
            Verdict::Undecided => None,
            Verdict::Servers => Some(Considered::Servers),
            Verdict::Hybrid => Some(Considered::Hybrid),
            Verdict::ServerlessOnceGapsClosed | Verdict::ServerlessFirst => Some(Considered::Functions),
        }
    }

    /// Which way the option leans: +1 towards functions, -1 towards servers, 0 both.
    fn direction(self) -> f64 {
        match self {
            Considered::Servers => -1.0,
            Considered::Functions => 1.0,
            Considered::Hybrid => 0.0,
        }
    }
}

/// Whether a consequence is good or bad for the option chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Good,
    Neutral,
    Bad,
}

impl Effect {
    pub fn label(self) -> &'static str {
        match self {
            Effect::Good => "Good",
            Effect::Neutral => "Neutral",
            Effect::Bad => "Bad",
        }
    }

    /// Good when `pull` (towards serverless when positive) goes the way `option` leans.
    fn of(pull: f64, option: Considered) -> Effect {
        let along = pull * option.direction();
        if along > 0.0 {
            Effect::Good
        } else if along < 0.0 {
            Effect::Bad
        } else {
            Effect::Neutral
        }
    }
}

/// One consequence: "Good, because …".
#[derive(Clone, Debug, PartialEq)]
pub struct Consequence {
    pub effect: Effect,
    pub because: String,
}

impl Consequence {
    pub fn sentence(&self) -> String {
        format!("{}, because {}", self.effect.label(), self.because)
    }
}

/// The record, in the order MADR writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionRecord {
    pub title: String,
    pub status: Status,
    /// The day it was last saved, or `today` when never (YYYY-MM-DD).
    pub date: String,
    /// The context and problem statement, in paragraphs.
    pub context: Vec<String>,
    pub drivers: Vec<String>,
    pub options: Vec<Considered>,
    pub chosen: Option<Considered>,
    /// The facilitator's wording, or the generated sentence.
    pub outcome: String,
    /// The verdict and the sentences that explain it.
    pub verdict: String,
    pub why: Vec<String>,
    /// Each part's verdict, when the team split the workload.
    pub parts: Vec<String>,
    pub consequences: Vec<Consequence>,
    pub confirmation: String,
}

impl DecisionRecord {
    pub fn new(
        assessment: &Assessment,
        report: &Report,
        costs: Option<&CostInputs>,
        decision: &Decision,
        today_ms: i64,
    ) -> DecisionRecord {
        let chosen = Considered::chosen(report.verdict);
        let date = iso_date(if decision.saved_at_ms > 0 {
            decision.saved_at_ms
        } else {
            today_ms
        });
        let mut context = Vec::new();
        if !assessment.description.is_empty() {
            context.push(assessment.description.clone());
        }
        context.push(format!(
            "Should \u{201c}{}\u{201d} run on servers, on functions (serverless), or on both? The team weighed it with Whenless, on the dimensions of Paul Johnston\u{2019}s talk \u{201c}When should you use a Serverless Approach?\u{201d} (JeffConf London, 2017), with version {} of its questions: {} of {} questions answered by {} {}.",
            assessment.title,
            assessment.content_version,
            report.answered_questions,
            report.total_questions,
            report.participants,
            if report.participants == 1 { "person" } else { "people" },
        ));
        DecisionRecord {
            title: format!("Servers or serverless for {}", assessment.title),
            status: decision.status,
            date,
            context,
            drivers: drivers(report),
            options: Considered::ALL.to_vec(),
            chosen,
            // A MADR record always names the chosen option; the team's wording follows it.
            outcome: match (chosen, decision.wording.is_empty()) {
                (Some(option), false) => format!(
                    "Chosen option: \u{201c}{}\u{201d}. {}",
                    option.title(),
                    decision.wording
                ),
                _ => decision.outcome(report),
            },
            verdict: format!("Verdict: {}.", report.verdict.title()),
            why: report.explanation(),
            parts: report.parts.iter().map(|p| p.line()).collect(),
            consequences: chosen.map_or_else(Vec::new, |option| consequences(report, costs, option)),
            confirmation: confirmation(assessment, costs),
        }
    }
}

/// The dimensions rated Matters or Critical, then the talk's exceptions the team raised.
fn drivers(report: &Report) -> Vec<String> {
    let mut drivers: Vec<String> = report
        .dimensions
        .iter()
        .filter(|d| d.importance >= 2)
        .map(|d| {
            let score = d
                .score
                .map_or_else(|| "not answered".to_owned(), |s| format!("score {s:+.2}"));
            format!("{} ({}): {score}", d.title, importance_label(d.importance))
        })
        .collect();
    drivers.extend(report.flags.iter().chain(&report.open_exceptions).map(|flag| {
        format!(
            "The talk\u{2019}s exception \u{201c}{}\u{201d}: {}",
            flag.title,
            lower_first(&flag.answers())
        )
    }));
    if report.flags.is_empty() && report.open_exceptions.is_empty() {
        drivers.push("The talk\u{2019}s four exceptions: the team said none of them holds.".to_owned());
    }
    drivers
}

/// What choosing `option` brings: the red flags, the platform's limits, the cost estimate and
/// the answers on lock-in.
fn consequences(report: &Report, costs: Option<&CostInputs>, option: Considered) -> Vec<Consequence> {
    let mut out = Vec::new();
    for flag in &report.flags {
        out.push(if option == Considered::Servers {
            Consequence {
                effect: Effect::Good,
                because: format!(
                    "on servers the red flag \u{201c}{}\u{201d} needs no way around it.",
                    flag.title
                ),
            }
        } else {
            Consequence {
                effect: Effect::Bad,
                because: lower_first(&flag.effect()),
            }
        });
    }
    for finding in report.limit_findings() {
        out.push(if option == Considered::Servers {
            Consequence {
                effect: Effect::Good,
                because: format!("servers are not bound by the function platform\u{2019}s limits: {finding}"),
            }
        } else {
            Consequence {
                effect: Effect::Bad,
                because: lower_first(&finding),
            }
        });
    }
    if let Some(inputs) = costs {
        let estimate = estimate(inputs);
        out.push(Consequence {
            effect: Effect::of(estimate.pull(), option),
            because: lower_first(&estimate.summary()),
        });
    }
    // Lock-in comes with the functions a hybrid runs too.
    let side = if option == Considered::Servers {
        Considered::Servers
    } else {
        Considered::Functions
    };
    let lock_in = report.dimensions.iter().filter(|d| d.id == LOCK_IN);
    for driver in lock_in
        .flat_map(|d| &d.drivers)
        .filter(|d| d.answered > 0 && d.impact != 0.0)
    {
        out.push(Consequence {
            effect: Effect::of(driver.impact, side),
            because: format!(
                "on vendor lock-in the team {}: \u{201c}{}\u{201d}",
                driver.stance(),
                driver.text
            ),
        });
    }
    out
}

/// When to look at the decision again: the assumptions it rests on.
fn confirmation(assessment: &Assessment, costs: Option<&CostInputs>) -> String {
    let mut when = Vec::new();
    if let Some(inputs) = costs {
        let estimate = estimate(inputs);
        when.push(estimate.break_even_with_people.map_or_else(
            || "when the workload's volume or prices change (the cost estimate found no break-even volume)".to_owned(),
            |volume| {
                format!(
                    "when the volume nears the cost estimate\u{2019}s break-even of {} requests a month (people time included)",
                    grouped(volume)
                )
            },
        ));
        when.push(format!(
            "when {}\u{2019}s limits change from the table dated {}",
            inputs.platform.name, inputs.platform.as_of
        ));
    }
    when.push(format!(
        "when Whenless\u{2019}s questions move on from version {}",
        assessment.content_version
    ));
    let last = when.pop().unwrap_or_default();
    let listed = if when.is_empty() {
        last
    } else {
        format!("{}, or {last}", when.join(", "))
    };
    format!("Revisit this decision {listed}, and whenever the team or the workload changes.")
}

/// `text` with its first letter lower-cased, to follow "because".
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_owned(),
    }
}

#[cfg(all(test, feature = "toml"))]
mod tests;
