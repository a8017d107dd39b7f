//! Scoring and verdict: pure functions from the team's answers to an explained result.
//!
//! Each answer contributes `agreement × lean` in [-2, 2] (agreement: strongly disagree -2 ..
//! strongly agree +2; lean: +1 towards serverless, -1 towards servers), times the question's
//! weight. Per person and dimension, the positive contributions are the *pros* and the negative
//! ones the *cons*, each as a share of the most the answered questions could give, so both stay
//! in [0, 1] and the tension between them stays visible. The dimension's score is
//! `pros - cons` in [-1, 1]; the team's is the mean over the people who answered, and the
//! spread is their standard deviation. The fit is the importance-weighted mean of the dimension
//! scores mapped to 0..100. A "yes" to a exception raises a red flag that caps the
//! verdict.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::answers::{Answer, ExceptionAnswer, IMPORTANCE_DEFAULT, IMPORTANCE_MAX};
use super::content::{Cap, Content, Dimension};

/// Fit at or above which the verdict is serverless-first: the talk's default, so a neutral
/// team (fit 50) lands there.
pub const SERVERLESS_FIRST_FROM: u8 = 50;
/// Fit at or above which (and below [`SERVERLESS_FIRST_FROM`]) the verdict is hybrid.
pub const HYBRID_FROM: u8 = 35;
/// Share of the questions that must be answered (not "don't know") before a verdict is given.
pub const MIN_ANSWERED_SHARE: f64 = 1.0 / 3.0;

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
    /// Serverless first: the talk's "most of the time".
    ServerlessFirst,
}

impl Verdict {
    pub fn title(self) -> &'static str {
        match self {
            Verdict::Undecided => "Not enough answers yet",
            Verdict::Servers => "Servers for this workload",
            Verdict::Hybrid => "Hybrid: serverless with named caveats",
            Verdict::ServerlessFirst => "Serverless first",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Verdict::Undecided => "undecided",
            Verdict::Servers => "servers",
            Verdict::Hybrid => "hybrid",
            Verdict::ServerlessFirst => "serverless-first",
        }
    }

    fn capped(self, cap: Cap) -> Verdict {
        let ceiling = match cap {
            Cap::Hybrid => Verdict::Hybrid,
            Cap::Servers => Verdict::Servers,
        };
        if self == Verdict::Undecided {
            self
        } else {
            self.min(ceiling)
        }
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

/// A raised red flag: somebody answered "yes" to a exception.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RaisedFlag {
    pub id: String,
    pub title: String,
    pub concern: String,
    pub advice: String,
    pub cap: Cap,
    pub yes: usize,
    pub unsure: usize,
    pub no: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// 0 (servers) to 100 (serverless); `None` before any answer.
    pub fit: Option<u8>,
    pub verdict: Verdict,
    /// The verdict the fit alone gives, before red flags cap it.
    pub uncapped: Verdict,
    pub dimensions: Vec<DimensionScore>,
    /// Checks at least one person answered "yes" to.
    pub flags: Vec<RaisedFlag>,
    /// Checks nobody said "yes" to but somebody was unsure about: worth finding out.
    pub open_exceptions: Vec<RaisedFlag>,
    /// Questions with at least one real answer.
    pub answered_questions: usize,
    pub total_questions: usize,
    pub participants: usize,
}

impl Driver {
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
    /// The strongest pulls across all dimensions: `towards` serverless (positive impact) or
    /// servers (negative), at most `n`.
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
        drivers.sort_by(|a, b| b.impact.abs().total_cmp(&a.impact.abs()));
        drivers.truncate(n);
        drivers
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
        lines.push(format!(
            "The answers give a fit of {fit} out of 100: 0 means every answer points to servers, 100 to serverless, and 50 is balanced. From {SERVERLESS_FIRST_FROM} the verdict is serverless first, the talk's default; from {HYBRID_FROM} it is hybrid; below that, servers."
        ));
        if self.verdict == Verdict::Undecided {
            lines.push(format!(
                "Only {} of {} questions have an answer, fewer than a third: answer more before relying on the verdict.",
                self.answered_questions, self.total_questions
            ));
            return lines;
        }
        if self.verdict != self.uncapped {
            let names: Vec<&str> = self.flags.iter().map(|f| f.title.as_str()).collect();
            lines.push(format!(
                "On the fit alone this would be \u{201c}{}\u{201d}, but {} capped it: {}.",
                self.uncapped.title(),
                plural(self.flags.len(), "a red flag", "red flags"),
                names.join(", ")
            ));
        }
        let describe = |drivers: Vec<&Driver>| {
            drivers
                .iter()
                .map(|d| {
                    format!(
                        "\u{201c}{}\u{201d} ({})",
                        d.text.trim_end_matches('.'),
                        d.stance()
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let towards = self.top_drivers(true, 3);
        if !towards.is_empty() {
            lines.push(format!("Pulling most towards serverless: {}.", describe(towards)));
        }
        let against = self.top_drivers(false, 3);
        if !against.is_empty() {
            lines.push(format!("Pulling most towards servers: {}.", describe(against)));
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
}

impl Report {
    /// What the team should do next, most pressing first.
    pub fn next_actions(&self) -> Vec<String> {
        let mut actions = Vec::new();
        for flag in &self.flags {
            actions.push(format!("{}: {}", flag.title, flag.advice));
        }
        for open in &self.open_exceptions {
            actions.push(format!(
                "Find out whether \u{201c}{}\u{201d} applies: somebody was not sure. {}",
                open.title, open.concern
            ));
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
            Verdict::Hybrid => actions.push(
                "Draw the line: list which parts go serverless and which stay on instances, and why, using the red flags and the lowest-scoring dimensions."
                    .to_owned(),
            ),
            Verdict::Servers => actions.push(
                "Keep this workload on servers for now, and revisit the dimensions that scored lowest when the team or the workload changes."
                    .to_owned(),
            ),
            Verdict::Undecided => {}
        }
        actions
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        one.to_owned()
    } else {
        format!("{n} {many}")
    }
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

    let answered_questions = content
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .filter(|q| {
            responses
                .answers
                .values()
                .any(|sheet| sheet.get(&q.id).and_then(|a| a.agreement()).is_some())
        })
        .count();
    let total_questions = content.question_count();

    let uncapped = match fit {
        _ if (answered_questions as f64) < MIN_ANSWERED_SHARE * total_questions as f64 => Verdict::Undecided,
        None => Verdict::Undecided,
        Some(fit) if fit >= SERVERLESS_FIRST_FROM => Verdict::ServerlessFirst,
        Some(fit) if fit >= HYBRID_FROM => Verdict::Hybrid,
        Some(_) => Verdict::Servers,
    };

    let (flags, open_exceptions): (Vec<RaisedFlag>, Vec<RaisedFlag>) = content
        .exceptions
        .iter()
        .map(|exception| {
            let count = |wanted: ExceptionAnswer| {
                responses
                    .exceptions
                    .values()
                    .filter(|answers| answers.get(&exception.id) == Some(&wanted))
                    .count()
            };
            RaisedFlag {
                id: exception.id.clone(),
                title: exception.title.clone(),
                concern: exception.concern.clone(),
                advice: exception.advice.clone(),
                cap: exception.cap,
                yes: count(ExceptionAnswer::Yes),
                unsure: count(ExceptionAnswer::Unsure),
                no: count(ExceptionAnswer::No),
            }
        })
        .filter(|flag| flag.yes > 0 || flag.unsure > 0)
        .partition(|flag| flag.yes > 0);

    let verdict = flags
        .iter()
        .fold(uncapped, |verdict, flag| verdict.capped(flag.cap));
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
        dimensions,
        flags,
        open_exceptions,
        answered_questions,
        total_questions,
        participants,
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
