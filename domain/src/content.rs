//! The assessment's content: the talk's dimensions with their two columns, our questions, and
//! the talk's four exceptions (when not to go serverless). It is data
//! (`domain/content/assessment.toml`, and every earlier version the app shipped in
//! `domain/content/versions/`), compiled into the server and validated by a test.
//!
//! What is the talk's and what is ours is kept apart: the content carries the text of the
//! talk's slides it uses ([`Slide`]); each dimension's two columns are points of one slide,
//! word for word, and every phrase our own text puts in quotation marks must be on the slide
//! that text cites (see [`talk`]).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::answers::ExceptionAnswer;

#[cfg(feature = "toml")]
pub mod organisation;
pub mod talk;

pub use talk::{Columns, Slide};

/// Which way agreeing with a statement pushes the decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lean {
    Serverless,
    Servers,
}

impl Lean {
    /// +1 towards serverless, -1 towards servers.
    pub fn sign(self) -> i32 {
        match self {
            Lean::Serverless => 1,
            Lean::Servers => -1,
        }
    }
}

/// The best verdict an exception still allows when it holds for the workload's core.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cap {
    Hybrid,
    Servers,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub lean: Lean,
    /// 1 to 3: how strongly the answer counts within its dimension.
    pub weight: u8,
    /// Why we ask, in our words; a phrase in quotation marks is quoted from [`Question::slide`].
    pub why: String,
    /// The slide the "why" line cites, when it is not the dimension's own.
    #[serde(default)]
    pub slide: Option<String>,
    /// The organisation that wrote this question, when it is not ours: then none of it is the
    /// talk's, and it is shown as that organisation's own (see [`organisation`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own: Option<String>,
}

impl Question {
    /// The title of the slide this question's "why" line cites: its own, else its dimension's.
    pub fn slide<'a>(&'a self, dimension: &'a Dimension) -> &'a str {
        self.slide.as_deref().unwrap_or(&dimension.slide)
    }

    /// "Acme's own question", for a question an organisation added; `None` for ours.
    pub fn own_label(&self) -> Option<String> {
        self.own.as_deref().map(|name| own_label(name, "question"))
    }

    /// The question's text as the exports write it, an organisation's own marked as such:
    /// "Card data passes through it. — Acme’s own question".
    pub fn labelled_text(&self) -> String {
        match self.own_label() {
            Some(label) => format!("{} \u{2014} {label}", self.text),
            None => self.text.clone(),
        }
    }
}

/// How an organisation's own question or check is marked wherever it is shown:
/// "Acme’s own question", "Acme Payments’ own check".
pub fn own_label(organisation: &str, what: &str) -> String {
    format!("{} own {what}", possessive(organisation))
}

/// "Acme’s", "Acme Payments’".
pub fn possessive(name: &str) -> String {
    if name.ends_with(['s', 'S']) {
        format!("{name}\u{2019}")
    } else {
        format!("{name}\u{2019}s")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    pub title: String,
    /// Our summary of the dimension, in our words.
    pub summary: String,
    /// The title of the one slide of the talk the two columns come from.
    pub slide: String,
    /// What the slide's two columns mean.
    pub columns: Columns,
    /// The slide's left column, word for word: the server way, or the serverless way's
    /// hesitations (see [`Columns`]).
    pub left_points: Vec<String>,
    /// The slide's right column, word for word: the serverless way, or its strengths.
    pub right_points: Vec<String>,
    pub questions: Vec<Question>,
}

impl Dimension {
    /// The heading shown above the left column.
    pub fn left_heading(&self) -> &'static str {
        self.columns.left_heading()
    }

    /// The heading shown above the right column.
    pub fn right_heading(&self) -> &'static str {
        self.columns.right_heading()
    }
}

/// One of the talk's four cases where serverless needs care, and how each graded answer
/// resolves it (see [`crate::answers::ExceptionAnswer`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    pub id: String,
    pub title: String,
    pub question: String,
    /// The slide its points are from (one of [`Content::slides`]).
    #[serde(default)]
    pub slide: String,
    /// The slide's own lines, verbatim: what the talk says.
    #[serde(default)]
    pub points: Vec<String>,
    /// Our summary of the risk.
    pub concern: String,
    /// Our advice when it holds for a part of the workload (the verdict is then at best hybrid).
    pub advice: String,
    /// The part to keep off functions, as a noun phrase: "the real-time path".
    #[serde(default)]
    pub part: String,
    /// The best verdict when it holds for the workload's core.
    #[serde(alias = "cap")]
    pub core: Cap,
    /// Our advice when it holds for the core.
    #[serde(default)]
    pub core_advice: String,
    /// The way out the talk names, when it names one: answering it keeps serverless first,
    /// on that condition.
    #[serde(default)]
    pub handled: Option<Handled>,
    /// The organisation that wrote this check, when it is not one of the talk's: then its
    /// points are that organisation's, not the talk's (see [`organisation`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own: Option<String>,
}

/// The talk's way out of an exception: "Or split into sequential/parallel tasks (Serverless)".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handled {
    /// The answer as the form shows it: "Yes, and it splits into sequential or parallel tasks".
    pub label: String,
    /// The condition the verdict then carries, in our words.
    pub condition: String,
}

impl Exception {
    /// The answers the form offers for this exception, with their labels, in form order.
    pub fn choices(&self) -> Vec<(ExceptionAnswer, &str)> {
        ExceptionAnswer::ALL
            .into_iter()
            .filter_map(|answer| match (answer, &self.handled) {
                (ExceptionAnswer::Handled, Some(handled)) => Some((answer, handled.label.as_str())),
                (ExceptionAnswer::Handled, None) => None,
                (other, _) => Some((other, other.label())),
            })
            .collect()
    }

    /// Whether `answer` is one of this exception's choices.
    pub fn offers(&self, answer: ExceptionAnswer) -> bool {
        answer != ExceptionAnswer::Handled || self.handled.is_some()
    }

    /// "Acme's own check", for a check an organisation added; `None` for the talk's.
    pub fn own_label(&self) -> Option<String> {
        self.own.as_deref().map(|name| own_label(name, "check"))
    }

    /// The part to keep off functions, or a generic phrase for content that names none.
    pub fn part_name(&self) -> &str {
        if self.part.trim().is_empty() {
            "the part it concerns"
        } else {
            &self.part
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    pub version: String,
    pub source: String,
    /// The talk's slides the content quotes, word for word.
    pub slides: Vec<Slide>,
    pub dimensions: Vec<Dimension>,
    pub exceptions: Vec<Exception>,
    /// Set when an organisation's content file made this content from the talk's (see
    /// [`organisation`]); `None` for the content the app ships.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Organisation>,
}

/// Who made an organisation's content, and from what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// The organisation's name, as its own questions and checks are labelled with it.
    pub name: String,
    /// What the organisation calls this content ("15-minute version"); may be empty.
    pub title: String,
    /// The shipped version of the talk's content it was made from.
    pub talk_version: String,
}

/// The content file shipped with the app: the current version.
pub const BUNDLED_TOML: &str = include_str!("../content/assessment.toml");

/// Every content version the app has shipped, oldest first, ending with the current one
/// ([`BUNDLED_TOML`]). An assessment keeps the version it was taken with, so a version, once
/// shipped, stays here with its question ids, leans, weights and texts unchanged; when the
/// questions change, the current file is copied to `content/versions/<version>.toml` and the
/// new one gets a new version.
pub const SHIPPED_TOML: [&str; 2] = [include_str!("../content/versions/2026.11.1.toml"), BUNDLED_TOML];

impl Content {
    /// Parses and validates content from TOML.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let content: Content = toml::from_str(text).map_err(|e| e.to_string())?;
        let problems = content.problems();
        if problems.is_empty() {
            Ok(content)
        } else {
            Err(problems.join("; "))
        }
    }

    /// Every shipped version ([`SHIPPED_TOML`]), parsed once, oldest first.
    #[cfg(feature = "toml")]
    pub fn shipped() -> &'static [Content] {
        static CONTENT: std::sync::LazyLock<Vec<Content>> = std::sync::LazyLock::new(|| {
            SHIPPED_TOML
                .iter()
                .map(|text| {
                    Content::from_toml(text)
                        .expect("every shipped content file is valid (checked by a unit test)")
                })
                .collect()
        });
        &CONTENT
    }

    /// The current content, the one new assessments are taken with.
    #[cfg(feature = "toml")]
    pub fn bundled() -> &'static Content {
        Content::shipped()
            .last()
            .expect("at least one content version is shipped")
    }

    /// The shipped content of version `version`, if the app has it.
    #[cfg(feature = "toml")]
    pub fn version(version: &str) -> Option<&'static Content> {
        Content::shipped().iter().find(|c| c.version == version)
    }

    /// Everything wrong with this content; empty when it is usable.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut ids = HashSet::new();
        if self.version.trim().is_empty() {
            problems.push("the content has no version".to_owned());
        }
        if self.dimensions.is_empty() {
            problems.push("the content has no dimensions".to_owned());
        }
        for dimension in &self.dimensions {
            if !is_slug(&dimension.id) {
                problems.push(format!(
                    "dimension id {:?} is not lowercase kebab-case",
                    dimension.id
                ));
            }
            if !ids.insert(dimension.id.as_str()) {
                problems.push(format!("id {:?} is used twice", dimension.id));
            }
            if dimension.questions.is_empty() {
                problems.push(format!("dimension {:?} has no questions", dimension.id));
            }
            if dimension.left_points.is_empty() || dimension.right_points.is_empty() {
                problems.push(format!(
                    "dimension {:?} lacks one of the talk's two columns",
                    dimension.id
                ));
            }
            for question in &dimension.questions {
                if !ids.insert(question.id.as_str()) {
                    problems.push(format!("id {:?} is used twice", question.id));
                }
                let prefix = format!("{}.", dimension.id);
                if !question.id.strip_prefix(&prefix).is_some_and(is_slug) {
                    problems.push(format!(
                        "question id {:?} must be \"{prefix}<kebab-case>\"",
                        question.id
                    ));
                }
                if !(1..=3).contains(&question.weight) {
                    problems.push(format!(
                        "question {:?} has weight {}, not 1 to 3",
                        question.id, question.weight
                    ));
                }
                if question.text.trim().is_empty() {
                    problems.push(format!("question {:?} has no text", question.id));
                }
                if question.why.trim().is_empty() {
                    problems.push(format!("question {:?} has no why line", question.id));
                }
            }
        }
        problems.extend(talk::problems(self));
        if self.exceptions.is_empty() {
            problems.push("the content has no exceptions".to_owned());
        }
        for exception in &self.exceptions {
            if !is_slug(&exception.id) {
                problems.push(format!(
                    "exception id {:?} is not lowercase kebab-case",
                    exception.id
                ));
            }
            if !ids.insert(exception.id.as_str()) {
                problems.push(format!("id {:?} is used twice", exception.id));
            }
            if exception.advice.trim().is_empty() {
                problems.push(format!("exception {:?} gives no advice", exception.id));
            }
            if exception
                .handled
                .as_ref()
                .is_some_and(|h| h.label.trim().is_empty() || h.condition.trim().is_empty())
            {
                problems.push(format!(
                    "exception {:?} names a way out without a label or a condition",
                    exception.id
                ));
            }
        }
        problems
    }

    /// The content as a page names it: "the talk’s questions, version 2026.11.2", or an
    /// organisation's, "Acme’s 15-minute version (org-…)" or "Acme’s questions (org-…)".
    pub fn name(&self) -> String {
        match &self.organisation {
            None => format!("the talk\u{2019}s questions, version {}", self.version),
            Some(own) => {
                let what = if own.title.is_empty() {
                    "questions"
                } else {
                    own.title.as_str()
                };
                format!("{} {what} ({})", possessive(&own.name), self.version)
            }
        }
    }

    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    pub fn exception(&self, id: &str) -> Option<&Exception> {
        self.exceptions.iter().find(|e| e.id == id)
    }

    /// The question with this id, with the dimension it belongs to.
    pub fn question(&self, id: &str) -> Option<(&Dimension, &Question)> {
        self.dimensions
            .iter()
            .find_map(|d| d.questions.iter().find(|q| q.id == id).map(|q| (d, q)))
    }

    pub fn question_count(&self) -> usize {
        self.dimensions.iter().map(|d| d.questions.len()).sum()
    }
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(all(test, feature = "toml"))]
mod faithful_tests;

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;

    #[test]
    fn bundled_content_is_valid_and_covers_the_talk() {
        let content = Content::from_toml(BUNDLED_TOML).unwrap();
        let ids: Vec<&str> = content.dimensions.iter().map(|d| d.id.as_str()).collect();
        for wanted in [
            "cost-scale",
            "events-queues",
            "data",
            "infrastructure",
            "security",
            "deployment",
            "testing",
            "people",
            "maintenance",
            "vendor-lock-in",
        ] {
            assert!(ids.contains(&wanted), "missing dimension {wanted}");
        }
        for dimension in &content.dimensions {
            assert!(
                (3..=6).contains(&dimension.questions.len()),
                "{} has {} questions",
                dimension.id,
                dimension.questions.len()
            );
        }
        let exceptions: Vec<&str> = content.exceptions.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            exceptions,
            ["real-time", "compute-intensive", "mission-critical", "control"]
        );
    }

    fn sample() -> Content {
        Content::from_toml(BUNDLED_TOML).unwrap()
    }

    #[test]
    fn duplicate_ids_are_reported() {
        let mut content = sample();
        let copy = content.dimensions[0].questions[0].clone();
        content.dimensions[0].questions.push(copy);
        assert!(
            content.problems().iter().any(|p| p.contains("used twice")),
            "{:?}",
            content.problems()
        );
    }

    #[test]
    fn a_dimension_without_questions_is_reported() {
        let mut content = sample();
        content.dimensions[1].questions.clear();
        assert!(content.problems().iter().any(|p| p.contains("has no questions")));
    }

    #[test]
    fn weights_outside_one_to_three_are_reported() {
        let mut content = sample();
        content.dimensions[0].questions[0].weight = 0;
        assert!(content.problems().iter().any(|p| p.contains("not 1 to 3")));
    }

    #[test]
    fn question_ids_must_carry_their_dimension() {
        let mut content = sample();
        content.dimensions[0].questions[0].id = "elsewhere.question".to_owned();
        assert!(content.problems().iter().any(|p| p.contains("must be")));
    }

    #[test]
    fn a_question_without_a_lean_does_not_parse() {
        let text = BUNDLED_TOML.replacen("lean = \"serverless\"\n", "", 1);
        let error = Content::from_toml(&text).unwrap_err();
        assert!(error.contains("lean"), "{error}");
    }

    #[test]
    fn unknown_fields_do_not_parse() {
        let text = BUNDLED_TOML.replacen("version = ", "colour = \"red\"\nversion = ", 1);
        assert!(Content::from_toml(&text).is_err());
    }
}
