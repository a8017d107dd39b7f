//! Scoring and verdict: pure functions from the team's answers to an explained result.
//!
//! Each answer contributes `agreement × lean` in [-2, 2] (agreement: strongly disagree -2 ..
//! strongly agree +2; lean: +1 towards serverless, -1 towards servers), times the question's
//! weight. Per person and dimension, the positive contributions are the *pros* and the negative
//! ones the *cons*, each as a share of the most the answered questions could give, so both stay
//! in [0, 1] and the tension between them stays visible. The dimension's score is
//! `pros - cons` in [-1, 1]; the team's is the mean over the people who answered, and the
//! spread is their standard deviation. The fit is the importance-weighted mean of the dimension
//! scores mapped to 0..100: that is whether serverless is *worth it* (should). Whether it
//! *can* run on functions (could) comes from the talk's exceptions, each answered "no", "yes,
//! for a part", "yes, for its core" or, where the talk names a way out, "yes, and we can handle
//! it": a raised exception is a red flag that caps the verdict. The verdict is the lower of the
//! two.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::answers::{Answer, ExceptionAnswer, IMPORTANCE_DEFAULT, IMPORTANCE_MAX};
use super::content::{Cap, Content, Dimension, Exception, Lean, Question};
use super::platform::{LimitCheck, Limits};

mod confidence;
mod parts;
pub use confidence::{Confidence, QUARTILES_FROM, confidence};
pub use parts::{PartInput, PartVerdict};

/// Fit at or above which the verdict is serverless first, the talk's default ("Most of the
/// time (99% probably)"). It is the bottom of the balanced zone: a team with no strong lean
/// lands there, and one weak answer cannot move it out.
pub const SERVERLESS_FIRST_FROM: u8 = 40;
/// The balanced zone: fits where the answers lean neither way clearly, so the talk's default
/// holds.
pub const BALANCED_ZONE: std::ops::RangeInclusive<u8> = SERVERLESS_FIRST_FROM..=60;
/// Fit at or above which (and below [`SERVERLESS_FIRST_FROM`]) the verdict is hybrid.
pub const HYBRID_FROM: u8 = 25;
/// Share of a core dimension's questions that must be answered (not "don't know") before a
/// verdict is given. Core dimensions are those the team rates Matters or Critical.
pub const MIN_ANSWERED_SHARE: f64 = 1.0 / 3.0;
/// The importance from which a dimension is core: it needs answers before there is a verdict.
pub const CORE_IMPORTANCE: u8 = 2;
/// A cost estimate pulling at least this hard (of 2) is named first among the reasons.
pub const CLEAR_COST_PULL: f64 = 0.5;

/// Everyone's answers in one assessment, keyed by participant id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Responses {
    /// participant → question id → answer
    pub answers: BTreeMap<String, BTreeMap<String, Answer>>,
    /// participant → exception id → answer
    pub exceptions: BTreeMap<String, BTreeMap<String, ExceptionAnswer>>,
    /// dimension id → importance 0..=3; missing means [`IMPORTANCE_DEFAULT`].
    pub importance: BTreeMap<String, u8>,
    /// The cost estimate's pull in [-2, 2] (see `cost::Estimate::pull`), when the team made
    /// one. It counts in the cost dimension as a question of weight [`COST_WEIGHT`] that every
    /// respondent answered the same way: the numbers are shared facts, not opinions.
    pub cost_pull: Option<f64>,
    /// The workload checked against the function platform's limits, when the team made an
    /// estimate (its figures are the workload's).
    #[serde(default)]
    pub limits: Option<Limits>,
    /// The parts the team split the workload into, each with its limits checked; when there
    /// are any, the exceptions and limits are those of the parts.
    #[serde(default)]
    pub parts: Vec<PartInput>,
}

/// The dimension the cost estimate feeds.
pub const COST_DIMENSION: &str = "cost-scale";
/// How much the cost estimate weighs in its dimension, as a question weight.
pub const COST_WEIGHT: u8 = 3;
/// The question id the cost estimate appears under among the drivers.
pub const COST_DRIVER: &str = "cost-scale.estimate";

impl Responses {
    pub fn importance(&self, dimension: &str) -> u8 {
        self.importance
            .get(dimension)
            .copied()
            .unwrap_or(IMPORTANCE_DEFAULT)
            .min(IMPORTANCE_MAX)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Verdict {
    /// Not enough answers yet to say.
    Undecided,
    /// Keep this workload on servers.
    Servers,
    /// Serverless for most of it, with named parts kept elsewhere.
    Hybrid,
    /// Serverless first, on conditions the team must meet or questions it must settle first.
    ServerlessOnceGapsClosed,
    /// Serverless first: the talk's "most of the time".
    ServerlessFirst,
}

impl Verdict {
    pub fn title(self) -> &'static str {
        match self {
            Verdict::Undecided => "Not enough answers yet",
            Verdict::Servers => "Servers for this workload",
            Verdict::Hybrid => "Hybrid: named parts on servers",
            Verdict::ServerlessOnceGapsClosed => "Serverless once named gaps are closed",
            Verdict::ServerlessFirst => "Serverless first",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Verdict::Undecided => "undecided",
            Verdict::Servers => "servers",
            Verdict::Hybrid => "hybrid",
            Verdict::ServerlessOnceGapsClosed => "serverless-once-gaps-closed",
            Verdict::ServerlessFirst => "serverless-first",
        }
    }

    fn capped(self, cap: Cap) -> Verdict {
        self.min(match cap {
            Cap::Hybrid => Verdict::Hybrid,
            Cap::Servers => Verdict::Servers,
        })
    }
}

/// One question's pull on the result, averaged over the people who answered it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Driver {
    pub question_id: String,
    pub dimension_id: String,
    pub text: String,
    /// Mean agreement over the people who answered, in [-2, 2].
    pub agreement: f64,
    /// Mean `agreement × lean` over the people who answered, in [-2, 2].
    pub pull: f64,
    /// `pull × question weight × dimension importance`: how much it moved the fit.
    pub impact: f64,
    /// How many people answered it (not counting "don't know").
    pub answered: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    pub id: String,
    pub title: String,
    pub importance: u8,
    /// What pushes towards serverless, in [0, 1].
    pub pros: f64,
    /// What pushes towards servers, in [0, 1].
    pub cons: f64,
    /// `pros - cons`, in [-1, 1]; `None` when nobody answered any of its questions.
    pub score: Option<f64>,
    /// Standard deviation of the participants' scores: how much the team disagrees.
    pub spread: f64,
    /// How many people answered at least one of its questions.
    pub respondents: usize,
    /// The questions, strongest pull first.
    pub drivers: Vec<Driver>,
}

impl DimensionScore {
    /// The team disagrees here: a spread of at least 0.25.
    pub fn is_hot_spot(&self) -> bool {
        self.spread >= 0.25
    }
}

/// How many people gave each answer to one exception.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionCounts {
    pub no: usize,
    pub unsure: usize,
    pub part: usize,
    pub core: usize,
    pub handled: usize,
}

impl ExceptionCounts {
    fn add(&mut self, answer: ExceptionAnswer) {
        let slot = match answer {
            ExceptionAnswer::No => &mut self.no,
            ExceptionAnswer::Unsure => &mut self.unsure,
            ExceptionAnswer::Part => &mut self.part,
            ExceptionAnswer::Core => &mut self.core,
            ExceptionAnswer::Handled => &mut self.handled,
        };
        *slot += 1;
    }

    /// The answer that decides, the most restrictive anyone gave: for its core, then for a
    /// part, then handled; `Unsure` when nobody said yes but somebody was unsure, `No` else.
    pub fn deciding(&self) -> ExceptionAnswer {
        [
            (self.core, ExceptionAnswer::Core),
            (self.part, ExceptionAnswer::Part),
            (self.handled, ExceptionAnswer::Handled),
            (self.unsure, ExceptionAnswer::Unsure),
        ]
        .into_iter()
        .find(|(n, _)| *n > 0)
        .map_or(ExceptionAnswer::No, |(_, answer)| answer)
    }

    /// "1 for its core, 2 for a part, 1 not sure, 3 no", leaving out answers nobody gave.
    pub fn summary(&self, handled_label: &str) -> String {
        let parts: Vec<String> = [
            (self.core, "for its core"),
            (self.part, "for a part"),
            (self.handled, handled_label),
            (self.unsure, "not sure"),
            (self.no, "no"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if parts.is_empty() {
            "Nobody has answered.".to_owned()
        } else {
            format!("Answers: {}.", parts.join(", "))
        }
    }
}

/// One of the talk's exceptions that somebody said holds (a red flag), or was unsure about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RaisedFlag {
    pub id: String,
    pub title: String,
    /// The slide's own lines.
    pub points: Vec<String>,
    /// Our summary of the risk.
    pub concern: String,
    /// The answer that decides (see [`ExceptionCounts::deciding`]).
    pub grade: ExceptionAnswer,
    /// The best verdict it allows; `None` when it does not cap.
    pub cap: Option<Cap>,
    /// What the team should do about it, in our words, for its grade.
    pub advice: String,
    /// The part to keep off functions.
    pub part: String,
    /// For a handled exception: the condition the verdict carries.
    pub condition: Option<String>,
    pub counts: ExceptionCounts,
    /// How the form words "yes, and we can handle it" for this exception.
    pub handled_label: String,
    /// The organisation whose own check this is; `None` for the talk's exceptions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own: Option<String>,
}

impl RaisedFlag {
    fn of(exception: &Exception, counts: ExceptionCounts) -> Self {
        let grade = counts.deciding();
        let handled = exception.handled.as_ref();
        let (cap, advice) = match grade {
            ExceptionAnswer::Core if !exception.core_advice.trim().is_empty() => {
                (Some(exception.core), exception.core_advice.clone())
            }
            ExceptionAnswer::Core => (Some(exception.core), exception.advice.clone()),
            ExceptionAnswer::Part => (Some(Cap::Hybrid), exception.advice.clone()),
            ExceptionAnswer::Handled => (
                None,
                handled.map_or_else(String::new, |h| {
                    format!("Serverless on one condition: {}.", h.condition)
                }),
            ),
            ExceptionAnswer::Unsure | ExceptionAnswer::No => (None, exception.concern.clone()),
        };
        RaisedFlag {
            id: exception.id.clone(),
            title: exception.title.clone(),
            points: exception.points.clone(),
            concern: exception.concern.clone(),
            grade,
            cap,
            advice,
            part: exception.part_name().to_owned(),
            condition: handled
                .filter(|_| grade == ExceptionAnswer::Handled)
                .map(|h| h.condition.clone()),
            counts,
            handled_label: handled.map_or_else(
                || ExceptionAnswer::Handled.label().to_owned(),
                |h| h.label.clone(),
            ),
            own: exception.own.clone(),
        }
    }

    /// What introduces the flag's points: the talk's slide, or the organisation's own check
    /// ("Acme’s own check:"), whose points are its own words.
    pub fn points_heading(&self) -> String {
        match &self.own {
            Some(name) => format!("{}:", crate::content::own_label(name, "check")),
            None => "The talk\u{2019}s slide:".to_owned(),
        }
    }

    /// Whose advice the flag gives: ours for the talk's exceptions, the organisation's for its
    /// own checks.
    pub fn advice_heading(&self) -> String {
        match &self.own {
            Some(name) => format!("{} advice:", crate::content::possessive(name)),
            None => "Our advice:".to_owned(),
        }
    }

    /// Who answered what, in words.
    pub fn answers(&self) -> String {
        self.counts.summary(&self.handled_label)
    }

    /// One sentence on what this flag does to the verdict.
    pub fn effect(&self) -> String {
        match (self.grade, self.cap) {
            (ExceptionAnswer::Core, Some(Cap::Servers)) => format!(
                "\u{201c}{}\u{201d} holds for the workload\u{2019}s core, so functions cannot carry it: servers for this workload.",
                self.title
            ),
            (ExceptionAnswer::Core, _) => format!(
                "\u{201c}{}\u{201d} holds for the workload\u{2019}s core, so the verdict is at best hybrid until the gap is closed.",
                self.title
            ),
            (ExceptionAnswer::Part, _) => format!(
                "\u{201c}{}\u{201d} holds for a part: keep {} off functions, so the verdict is at best hybrid.",
                self.title, self.part
            ),
            (ExceptionAnswer::Handled, _) => format!(
                "\u{201c}{}\u{201d} holds, and the team names the talk\u{2019}s way out: serverless on condition that {}.",
                self.title,
                self.condition.as_deref().unwrap_or("the way out is in place")
            ),
            (ExceptionAnswer::Unsure | ExceptionAnswer::No, _) => format!(
                "Nobody is sure whether \u{201c}{}\u{201d} holds: find out before relying on the verdict.",
                self.title
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// 0 (servers) to 100 (serverless); `None` before any answer.
    pub fit: Option<u8>,
    pub verdict: Verdict,
    /// Is it worth it: the verdict the fit alone gives, before the exceptions cap it.
    pub uncapped: Verdict,
    /// Can it run on functions: the best verdict the exceptions allow.
    pub could: Verdict,
    pub dimensions: Vec<DimensionScore>,
    /// Exceptions at least one person said hold.
    pub flags: Vec<RaisedFlag>,
    /// Exceptions nobody said hold but somebody was unsure about: worth finding out.
    pub open_exceptions: Vec<RaisedFlag>,
    /// Questions with at least one real answer.
    pub answered_questions: usize,
    pub total_questions: usize,
    /// Core dimensions with too few answers for a verdict, by title.
    pub unanswered_core: Vec<String>,
    pub participants: usize,
    /// The workload against the platform's limits, when the team made an estimate and did
    /// not split the workload into parts.
    pub limits: Option<Limits>,
    /// Each part's verdict, when the team split the workload.
    pub parts: Vec<PartVerdict>,
}

/// Most answers [`VerdictChange`] names; beyond that the verdict is firm.
pub const MAX_CHANGES: usize = 5;

/// The fewest answers that would move the verdict to `to`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerdictChange {
    pub to: Verdict,
    pub moves: Vec<Move>,
}

/// One statement whose answers would move one step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Move {
    pub question_id: String,
    pub text: String,
    /// Towards agreeing (else towards disagreeing).
    pub more_agreement: bool,
}

impl VerdictChange {
    /// In words: "To reach “Hybrid”: one step less agreement with “…”, and with “…”."
    pub fn sentence(&self) -> String {
        let moves: Vec<String> = self
            .moves
            .iter()
            .map(|m| {
                format!(
                    "one step {} with \u{201c}{}\u{201d}",
                    if m.more_agreement {
                        "more agreement"
                    } else {
                        "less agreement"
                    },
                    m.text.trim_end_matches('.')
                )
            })
            .collect();
        format!(
            "\u{201c}{}\u{201d} if the team\u{2019}s answers moved {}.",
            self.to.title(),
            moves.join("; and ")
        )
    }
}

impl Driver {
    /// Whether this is evidence (the team agreed with a statement, or the cost estimate points
    /// this way) rather than the absence of a counter-point (the team disagreed with a statement
    /// leaning the other way).
    pub fn is_evidence(&self) -> bool {
        self.question_id == COST_DRIVER || self.agreement > 0.0
    }

    /// Reasons are listed as: a clear cost estimate, then evidence, then absent counter-points.
    fn rank(&self) -> u8 {
        if self.question_id == COST_DRIVER && self.pull.abs() >= CLEAR_COST_PULL {
            0
        } else if self.is_evidence() {
            1
        } else {
            2
        }
    }

    /// How the team stood on the statement, in words.
    pub fn stance(&self) -> &'static str {
        if self.question_id == COST_DRIVER {
            return if self.pull >= 0.0 {
                "so says the cost estimate"
            } else {
                "the cost estimate says otherwise"
            };
        }
        match self.agreement {
            a if a >= 1.5 => "strongly agreed",
            a if a > 0.0 => "agreed",
            a if a <= -1.5 => "strongly disagreed",
            a if a < 0.0 => "disagreed",
            _ => "neither agreed nor disagreed",
        }
    }
}

impl Report {
    /// The strongest reasons across all dimensions `towards` serverless (positive impact) or
    /// servers (negative), at most `n`: a clear cost estimate first, then evidence (statements
    /// the team agreed with), then counter-points the team said do not apply, each group
    /// strongest first.
    pub fn top_drivers(&self, towards_serverless: bool, n: usize) -> Vec<&Driver> {
        let mut drivers: Vec<&Driver> = self
            .dimensions
            .iter()
            .flat_map(|d| &d.drivers)
            .filter(|d| {
                if towards_serverless {
                    d.impact > 0.0
                } else {
                    d.impact < 0.0
                }
            })
            .collect();
        drivers.sort_by(|a, b| {
            a.rank()
                .cmp(&b.rank())
                .then(b.impact.abs().total_cmp(&a.impact.abs()))
        });
        drivers.truncate(n);
        drivers
    }

    /// Can it run on functions: the exceptions' and the limits' answer, in words.
    pub fn could_answer(&self) -> String {
        let mut conditions: Vec<String> = self.flags.iter().filter_map(|f| f.condition.clone()).collect();
        conditions.extend(
            self.limits
                .iter()
                .flat_map(|l| l.gaps().map(LimitCheck::condition)),
        );
        if !self.parts.is_empty() {
            let each: Vec<String> = self
                .parts
                .iter()
                .map(|p| format!("{}: {}", p.name, p.could_word()))
                .collect();
            return format!("Part by part: {}.", each.join("; "));
        }
        match self.could {
            Verdict::Servers => {
                let titles: Vec<&str> = self
                    .flags
                    .iter()
                    .filter(|f| f.cap == Some(Cap::Servers))
                    .map(|f| f.title.as_str())
                    .collect();
                format!("No: {} holds for its core.", titles.join(" and "))
            }
            Verdict::Hybrid => format!(
                "In part: keep {} off functions.",
                self.off_functions().join(" and ")
            ),
            _ if !conditions.is_empty() => {
                format!("Yes, provided that {}.", conditions.join(", and "))
            }
            _ if !self.open_exceptions.is_empty() => {
                "Yes, unless one of the open questions below holds.".to_owned()
            }
            _ => "Yes: none of the talk\u{2019}s exceptions holds.".to_owned(),
        }
    }

    /// The parts to keep off functions: those of the exceptions that cap the verdict, then the
    /// work over a hard limit of the platform.
    pub fn off_functions(&self) -> Vec<String> {
        let parts = self
            .parts
            .iter()
            .filter(|p| p.verdict <= Verdict::Hybrid && p.verdict != Verdict::Undecided)
            .map(|p| p.name.clone());
        self.flags
            .iter()
            .filter(|f| f.cap.is_some())
            .map(|f| f.part.clone())
            .chain(
                self.limits
                    .iter()
                    .flat_map(|l| l.blocking().map(|c| c.part.clone())),
            )
            .chain(parts)
            .collect()
    }

    /// The platform's limits the workload is near or over, each in a sentence.
    pub fn limit_findings(&self) -> Vec<String> {
        self.limits.iter().flat_map(Limits::findings).collect()
    }

    /// Is it worth it: the fit's answer, in words.
    pub fn should_answer(&self) -> String {
        match (self.uncapped, self.fit) {
            (Verdict::Undecided, _) | (_, None) => "Not enough answers yet.".to_owned(),
            (verdict, Some(fit)) => format!("{}, with a fit of {fit} out of 100.", verdict.title()),
        }
    }

    /// The dimensions that scored lowest (most towards servers), at most `n`, lowest first;
    /// only those below zero.
    pub fn weakest(&self, n: usize) -> Vec<&DimensionScore> {
        let mut weak: Vec<&DimensionScore> = self
            .dimensions
            .iter()
            .filter(|d| d.importance > 0 && d.score.is_some_and(|s| s < 0.0))
            .collect();
        weak.sort_by(|a, b| a.score.unwrap_or(0.0).total_cmp(&b.score.unwrap_or(0.0)));
        weak.truncate(n);
        weak
    }

    /// The dimensions where the team disagrees most (spread of at least 0.25), widest first.
    pub fn hot_spots(&self) -> Vec<&DimensionScore> {
        let mut spots: Vec<&DimensionScore> = self.dimensions.iter().filter(|d| d.is_hot_spot()).collect();
        spots.sort_by(|a, b| b.spread.total_cmp(&a.spread));
        spots
    }

    /// Sentences that explain the verdict, in reading order.
    pub fn explanation(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let Some(fit) = self.fit else {
            lines.push(
                "Nobody has answered yet. Answer the questions of each dimension to get a verdict."
                    .to_owned(),
            );
            return lines;
        };
        let zone = if BALANCED_ZONE.contains(&fit) {
            " That is in the balanced zone, where the answers lean neither way clearly, so the talk\u{2019}s default holds."
        } else {
            ""
        };
        lines.push(format!(
            "The answers give a fit of {fit} out of 100: 0 means every answer points to servers, 100 to serverless. From {} to {} is the balanced zone: there, and above it, the verdict is serverless first, the talk\u{2019}s \u{201c}Most of the time (99% probably)\u{201d}; from {HYBRID_FROM} it is hybrid; below that, servers.{zone}",
            BALANCED_ZONE.start(),
            BALANCED_ZONE.end(),
        ));
        if self.verdict == Verdict::Undecided {
            lines.push(format!(
                "Too few answers on {}: a verdict needs at least a third of the questions answered in every dimension rated Matters or Critical.",
                self.unanswered_core.join(", ")
            ));
            return lines;
        }
        if !self.parts.is_empty() {
            lines.push(parts::split_sentence(&self.parts));
            lines.extend(self.parts.iter().map(PartVerdict::line));
        }
        lines.extend(self.flags.iter().map(RaisedFlag::effect));
        lines.extend(self.open_exceptions.iter().map(RaisedFlag::effect));
        lines.extend(self.limit_findings());
        if self.verdict < self.uncapped {
            lines.push(format!(
                "On the fit alone this would be \u{201c}{}\u{201d}; the exceptions and limits above bring it to \u{201c}{}\u{201d}.",
                self.uncapped.title(),
                self.verdict.title()
            ));
        }
        if self.verdict == Verdict::Hybrid && self.uncapped == Verdict::Hybrid {
            let weakest: Vec<&str> = self.weakest(2).iter().map(|d| d.title.as_str()).collect();
            if !weakest.is_empty() {
                lines.push(format!(
                    "The fit is in the hybrid band. The weakest dimensions are {}: keep what they concern on servers and run the rest serverless.",
                    weakest.join(" and ")
                ));
            }
        }
        for towards_serverless in [true, false] {
            let (side, other) = if towards_serverless {
                ("serverless", "servers")
            } else {
                ("servers", "serverless")
            };
            let drivers = self.top_drivers(towards_serverless, 3);
            let (evidence, absent): (Vec<&Driver>, Vec<&Driver>) =
                drivers.into_iter().partition(|d| d.is_evidence());
            if !evidence.is_empty() {
                lines.push(format!("Evidence for {side}: {}.", describe(&evidence)));
            }
            if !absent.is_empty() {
                lines.push(format!(
                    "Also towards {side}, arguments for {other} the team disagreed with: {}.",
                    describe(&absent)
                ));
            }
        }
        let spots = self.hot_spots();
        if !spots.is_empty() {
            let names: Vec<&str> = spots.iter().map(|d| d.title.as_str()).collect();
            lines.push(format!(
                "The team disagrees most on {}: discuss these first.",
                names.join(", ")
            ));
        }
        lines
    }

    /// What the team should do next, most pressing first. Advice that assumes moving to
    /// functions is not given when the verdict keeps the workload on servers.
    pub fn next_actions(&self) -> Vec<String> {
        let mut actions = Vec::new();
        for flag in &self.flags {
            if self.verdict == Verdict::Servers && flag.cap != Some(Cap::Servers) {
                actions.push(format!(
                    "{}: it holds here too; weigh it again if parts of this workload move to functions later.",
                    flag.title
                ));
            } else {
                actions.push(format!("{}: {}", flag.title, flag.advice));
            }
        }
        for part in &self.parts {
            for flag in part.flags.iter().filter(|f| f.grade.holds()) {
                actions.push(format!("{}: {}: {}", part.name, flag.title, flag.advice));
            }
        }
        for open in &self.open_exceptions {
            actions.push(format!(
                "Find out whether \u{201c}{}\u{201d} applies: somebody was not sure. {}",
                open.title, open.concern
            ));
        }
        // On servers, the limits are in the Why; their advice speaks of functions.
        if self.verdict != Verdict::Servers {
            actions.extend(self.limit_findings());
        }
        for spot in self.hot_spots() {
            actions.push(format!(
                "Discuss {}: the team\u{2019}s answers are far apart, so the average hides a real disagreement.",
                spot.title
            ));
        }
        let unanswered: Vec<&str> = self
            .dimensions
            .iter()
            .filter(|d| d.score.is_none() && d.importance > 0)
            .map(|d| d.title.as_str())
            .collect();
        if !unanswered.is_empty() {
            actions.push(format!("Answer the questions on {}.", unanswered.join(", ")));
        }
        match self.verdict {
            Verdict::ServerlessFirst => actions.push(
                "Start with one small, event-driven part of the workload on functions and managed services, and measure cost and latency before moving the rest."
                    .to_owned(),
            ),
            Verdict::ServerlessOnceGapsClosed => actions.push(
                "Close the gaps named above first, then start with one small, event-driven part on functions and measure cost and latency before moving the rest."
                    .to_owned(),
            ),
            Verdict::Hybrid => {
                let parts = self.off_functions();
                actions.push(if parts.is_empty() {
                    "Draw the line: list which parts go serverless and which stay on instances, and why, starting from the lowest-scoring dimensions."
                        .to_owned()
                } else {
                    format!(
                        "Draw the line: keep {} on instances or servers, and list what goes serverless.",
                        parts.join(" and ")
                    )
                });
            }
            Verdict::Servers => actions.push(
                "Keep this workload on servers for now, and revisit the dimensions that scored lowest when the team or the workload changes."
                    .to_owned(),
            ),
            Verdict::Undecided => {}
        }
        actions
    }
}

fn describe(drivers: &[&Driver]) -> String {
    drivers
        .iter()
        .map(|d| {
            if d.question_id == COST_DRIVER {
                // The pull is log2 of how many times dearer the other side is, capped at 2.
                let (dearer, times) = if d.pull >= 0.0 {
                    ("servers", d.pull)
                } else {
                    ("serverless", -d.pull)
                };
                format!(
                    "the cost estimate ({dearer} {:.1}\u{d7} as dear{}, people time included)",
                    2f64.powf(times),
                    if times >= 2.0 { " or more" } else { "" }
                )
            } else {
                format!(
                    "\u{201c}{}\u{201d} ({})",
                    d.text.trim_end_matches('.'),
                    d.stance()
                )
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What would change the verdict `report` gives for `responses`: up (towards serverless),
/// then down, where answers can. It scores the answers again for each statement, so it is
/// worked out for the results page only, not with every score.
pub fn what_would_change(content: &Content, responses: &Responses, report: &Report) -> Vec<VerdictChange> {
    [true, false]
        .into_iter()
        .filter_map(|towards_serverless| verdict_change(content, responses, report, towards_serverless))
        .collect()
}

/// The fewest answers that would move the verdict one way: the questions whose every answer,
/// moved one step (for a team: its mean moves one step), pulls the fit most that way, added
/// strongest first until the verdict changes; `None` when no answer can change it (the
/// exceptions hold it, or it is already at that end) or more than [`MAX_CHANGES`] would
/// have to.
fn verdict_change(
    content: &Content,
    responses: &Responses,
    report: &Report,
    towards_serverless: bool,
) -> Option<VerdictChange> {
    if report.verdict == Verdict::Undecided {
        return None;
    }
    // Agreeing more with a statement moves the fit the way it leans.
    let agree = |question: &Question| towards_serverless == (question.lean == Lean::Serverless);
    let before = weighted_scores(content, responses);
    let mut candidates: Vec<(f64, &Question)> = content
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .filter_map(|question| {
            let mut moved = responses.clone();
            nudge(&mut moved, &question.id, agree(question))
                .then(|| ((weighted_scores(content, &moved) - before).abs(), question))
                .filter(|(gain, _)| *gain > 0.0)
        })
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut moved = responses.clone();
    let mut moves = Vec::new();
    for (_, question) in candidates.into_iter().take(MAX_CHANGES) {
        nudge(&mut moved, &question.id, agree(question));
        moves.push(Move {
            question_id: question.id.clone(),
            text: question.text.clone(),
            more_agreement: agree(question),
        });
        let verdict = score(content, &moved).verdict;
        if verdict != report.verdict {
            return Some(VerdictChange { to: verdict, moves });
        }
    }
    None
}

/// The dimension scores weighted by importance, summed: the fit before it is divided by the
/// total importance and mapped to 0..100. Moving one statement's answers leaves the total
/// importance as it is, so this ranks the statements as the fit would.
fn weighted_scores(content: &Content, responses: &Responses) -> f64 {
    content
        .dimensions
        .iter()
        .map(|d| score_dimension(d, responses))
        .filter_map(|d| d.score.map(|s| s * f64::from(d.importance)))
        .sum()
}

/// Moves every real answer to `question_id` one step towards agreeing (`agree`) or
/// disagreeing, where the scale allows; whether any moved.
fn nudge(responses: &mut Responses, question_id: &str, agree: bool) -> bool {
    let by = if agree { 1 } else { -1 };
    let mut any = false;
    for sheet in responses.answers.values_mut() {
        let Some(answer) = sheet.get_mut(question_id) else {
            continue;
        };
        let Some(agreement) = answer.agreement() else {
            continue;
        };
        let target = agreement + by;
        if let Some(next) = Answer::ALL.into_iter().find(|a| a.agreement() == Some(target)) {
            *answer = next;
            any = true;
        }
    }
    any
}

/// Scores everyone's answers against the content.
pub fn score(content: &Content, responses: &Responses) -> Report {
    let dimensions: Vec<DimensionScore> = content
        .dimensions
        .iter()
        .map(|dimension| score_dimension(dimension, responses))
        .collect();

    let (weighted, total_importance) = dimensions
        .iter()
        .filter_map(|d| d.score.map(|s| (s, f64::from(d.importance))))
        .fold((0.0, 0.0), |(sum, weights), (s, w)| (sum + s * w, weights + w));
    let fit = (total_importance > 0.0).then(|| {
        let mean = (weighted / total_importance).clamp(-1.0, 1.0);
        ((mean + 1.0) * 50.0).round() as u8
    });

    let answered = |question_id: &str| {
        responses
            .answers
            .values()
            .any(|sheet| sheet.get(question_id).and_then(|a| a.agreement()).is_some())
    };
    let answered_questions = content
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .filter(|q| answered(&q.id))
        .count();
    let total_questions = content.question_count();
    let unanswered_core: Vec<String> = content
        .dimensions
        .iter()
        .filter(|d| responses.importance(&d.id) >= CORE_IMPORTANCE)
        .filter(|d| {
            let estimate = usize::from(d.id == COST_DIMENSION && responses.cost_pull.is_some());
            let done = d.questions.iter().filter(|q| answered(&q.id)).count() + estimate;
            (done as f64) < MIN_ANSWERED_SHARE * (d.questions.len() + estimate) as f64
        })
        .map(|d| d.title.clone())
        .collect();

    let (flags, open_exceptions): (Vec<RaisedFlag>, Vec<RaisedFlag>) = content
        .exceptions
        .iter()
        .map(|exception| {
            let mut counts = ExceptionCounts::default();
            responses
                .exceptions
                .values()
                .filter_map(|answers| answers.get(&exception.id))
                .filter(|answer| exception.offers(**answer))
                .for_each(|answer| counts.add(*answer));
            RaisedFlag::of(exception, counts)
        })
        .filter(|flag| flag.grade != ExceptionAnswer::No)
        .partition(|flag| flag.grade.holds());

    let limits = responses.limits.clone().filter(|_| responses.parts.is_empty());
    let over_limit = limits.as_ref().is_some_and(|l| l.blocking().next().is_some());
    let could = flags
        .iter()
        .filter_map(|flag| flag.cap)
        .chain(over_limit.then_some(Cap::Hybrid))
        .fold(Verdict::ServerlessFirst, Verdict::capped);
    let uncapped = if unanswered_core.is_empty() {
        band(fit)
    } else {
        Verdict::Undecided
    };
    let gaps = !open_exceptions.is_empty()
        || flags.iter().any(|f| f.condition.is_some())
        || limits.as_ref().is_some_and(|l| l.gaps().next().is_some());
    // Undecided is the lowest verdict, so it stays undecided whatever the exceptions say.
    let verdict = match uncapped.min(could) {
        Verdict::ServerlessFirst if gaps => Verdict::ServerlessOnceGapsClosed,
        other => other,
    };
    let parts: Vec<PartVerdict> = responses
        .parts
        .iter()
        .map(|part| parts::score_part(content, part, uncapped))
        .collect();
    // With parts, the parts' own exceptions and limits decide, not the whole workload's.
    let (could, verdict, flags, open_exceptions) = if parts.is_empty() {
        (could, verdict, flags, open_exceptions)
    } else {
        (
            parts::combined(parts.iter().map(|p| p.could)),
            parts::combined(parts.iter().map(|p| p.verdict)),
            Vec::new(),
            Vec::new(),
        )
    };
    let participants = responses
        .answers
        .keys()
        .chain(responses.exceptions.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .len();

    Report {
        fit,
        verdict,
        uncapped,
        could,
        dimensions,
        flags,
        open_exceptions,
        answered_questions,
        total_questions,
        unanswered_core,
        participants,
        limits,
        parts,
    }
}

/// The verdict a fit alone gives: its band.
fn band(fit: Option<u8>) -> Verdict {
    match fit {
        None => Verdict::Undecided,
        Some(fit) if fit >= SERVERLESS_FIRST_FROM => Verdict::ServerlessFirst,
        Some(fit) if fit >= HYBRID_FROM => Verdict::Hybrid,
        Some(_) => Verdict::Servers,
    }
}

fn score_dimension(dimension: &Dimension, responses: &Responses) -> DimensionScore {
    let importance = responses.importance(&dimension.id);

    let fact = responses
        .cost_pull
        .filter(|_| dimension.id == COST_DIMENSION)
        .map(|pull| pull.clamp(-2.0, 2.0));
    let add_fact = |pros: &mut f64, cons: &mut f64, possible: &mut f64| {
        if let Some(pull) = fact {
            let weight = f64::from(COST_WEIGHT);
            *possible += 2.0 * weight;
            if pull > 0.0 {
                *pros += pull * weight;
            } else {
                *cons -= pull * weight;
            }
        }
    };
    // Each participant's (pros, cons) shares for this dimension.
    let mut per_person: Vec<(f64, f64)> = responses
        .answers
        .values()
        .filter_map(|sheet| {
            let mut pros = 0.0;
            let mut cons = 0.0;
            let mut possible = 0.0;
            add_fact(&mut pros, &mut cons, &mut possible);
            for question in &dimension.questions {
                let Some(agreement) = sheet.get(&question.id).and_then(|a| a.agreement()) else {
                    continue;
                };
                let weight = f64::from(question.weight);
                let contribution = f64::from(agreement * question.lean.sign()) * weight;
                possible += 2.0 * weight;
                if contribution > 0.0 {
                    pros += contribution;
                } else {
                    cons -= contribution;
                }
            }
            (possible > 0.0).then(|| (pros / possible, cons / possible))
        })
        .collect();
    if per_person.is_empty() && fact.is_some() {
        let (mut pros, mut cons, mut possible) = (0.0, 0.0, 0.0);
        add_fact(&mut pros, &mut cons, &mut possible);
        per_person.push((pros / possible, cons / possible));
    }

    let respondents = per_person.len();
    let (pros, cons, score, spread) = if respondents == 0 {
        (0.0, 0.0, None, 0.0)
    } else {
        let n = respondents as f64;
        let pros = per_person.iter().map(|(p, _)| p).sum::<f64>() / n;
        let cons = per_person.iter().map(|(_, c)| c).sum::<f64>() / n;
        let score = pros - cons;
        let variance = per_person
            .iter()
            .map(|(p, c)| (p - c - score).powi(2))
            .sum::<f64>()
            / n;
        (pros, cons, Some(score), variance.sqrt())
    };

    let mut drivers: Vec<Driver> = dimension
        .questions
        .iter()
        .filter_map(|question| {
            let agreements: Vec<i32> = responses
                .answers
                .values()
                .filter_map(|sheet| sheet.get(&question.id).and_then(|a| a.agreement()))
                .collect();
            if agreements.is_empty() {
                return None;
            }
            let agreement = f64::from(agreements.iter().sum::<i32>()) / agreements.len() as f64;
            let pull = agreement * f64::from(question.lean.sign());
            Some(Driver {
                question_id: question.id.clone(),
                dimension_id: dimension.id.clone(),
                text: question.text.clone(),
                agreement,
                pull,
                impact: pull * f64::from(question.weight) * f64::from(importance),
                answered: agreements.len(),
            })
        })
        .collect();
    if let Some(pull) = fact {
        drivers.push(Driver {
            question_id: COST_DRIVER.to_owned(),
            dimension_id: dimension.id.clone(),
            text: "Serverless costs less than servers for our workload".to_owned(),
            agreement: pull,
            pull,
            impact: pull * f64::from(COST_WEIGHT) * f64::from(importance),
            answered: 0,
        });
    }
    drivers.sort_by(|a, b| b.impact.abs().total_cmp(&a.impact.abs()));

    DimensionScore {
        id: dimension.id.clone(),
        title: dimension.title.clone(),
        importance,
        pros,
        cons,
        score,
        spread,
        respondents,
        drivers,
    }
}

#[cfg(test)]
mod tests;
