//! The JSON form of an assessment: what the JSON export writes and the import reads back.
//! Import is strict: unknown fields, wrong types, unknown questions, out-of-range answers and
//! oversized text are all refused with a message, before anything is written.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::ValidationError;
use super::actions::{NextAction, NextActions};
use super::assessment::AssessmentDraft;
use super::content::Content;
use super::cost::CostInputs;
use super::decision::{Decision, DecisionEntry};
use super::parts::Part;
use super::review::Review;
use super::rounds::Round;
use super::walkthrough::{AnswerRecord, DimensionSetting, parse_answer, parse_importance, parse_note};

/// The value of the `format` field.
pub const FORMAT: &str = "whenless-assessment";
/// The version of the format this build writes. Every change to the format bumps it, and
/// every earlier version still imports:
/// - 1: title, description, answers, dimension settings;
/// - 2: adds the team's cost estimate (`costs`), optional;
/// - 3: the estimate adds the run's figures for the platform's limits (`longest_run_seconds`,
///   `uses_gateway`, `needs_gpu`, `keeps_state`), operations time for functions
///   (`function_ops_hours_per_month`) and the limits themselves (`platform`). A version 2
///   estimate reads as it scored: through a gateway, no operations time for functions, the
///   shipped limits. It also adds the parts the team split the workload into (`parts`),
///   optional.
/// - 4: adds the decision record's wording and status (`decision`), optional; written only
///   once the facilitator set one of them; and the team's next actions (`next_actions`), with
///   their owners and due dates, optional; written only once the facilitator saved a list;
///   the review date and the assumptions that reopen the decision (`review`), optional; and
///   the rounds closed before the one under way (`rounds`), optional.
/// - 5: adds the organisation's content the assessment was taken with (`content`: its
///   questions, the organisation's own marked with its name in `own`, and its checks), written
///   when the assessment was not taken with one of the talk's shipped versions; a server that
///   never had that content imports the file with it.
pub const FORMAT_VERSION: u32 = 5;
/// Most answers an import may carry (generous: 100 people answering everything).
pub const MAX_ANSWERS: usize = 100 * 64;
/// Longest participant id accepted.
pub const PARTICIPANT_ID_MAX: usize = 64;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentFile {
    pub format: String,
    pub format_version: u32,
    pub content_version: String,
    pub title: String,
    pub description: String,
    pub created_at_ms: i64,
    pub answers: Vec<AnswerEntry>,
    pub dimensions: Vec<DimensionEntry>,
    /// The cost step's workload and prices, when the team saved an estimate (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<CostInputs>,
    /// The parts the team split the workload into (version 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
    /// The decision record's wording and status, when the facilitator set them (version 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionEntry>,
    /// The team's own next actions, when the facilitator saved a list (version 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_actions: Option<Vec<NextAction>>,
    /// The review date and what would reopen the decision, once saved (version 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// The rounds closed before the one under way, oldest first (version 4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<Round>,
    /// The organisation's content the assessment was taken with, when it is not one of the
    /// talk's shipped versions (version 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Content>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerEntry {
    pub participant: String,
    pub question: String,
    pub value: i16,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionEntry {
    pub dimension: String,
    pub importance: u8,
    pub note: String,
}

/// An import that passed every check, ready to be saved.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidImport {
    pub draft: AssessmentDraft,
    pub answers: Vec<AnswerRecord>,
    pub settings: Vec<DimensionSetting>,
    pub costs: Option<CostInputs>,
    pub parts: Vec<Part>,
    /// The decision record as the facilitator set it; the default when the file has none.
    pub decision: Decision,
    /// The team's next actions, when the file has its own list.
    pub next_actions: Option<NextActions>,
    /// The review, when the file has one.
    pub review: Option<Review>,
    /// The rounds closed before the one under way.
    pub rounds: Vec<Round>,
    /// The organisation's content the file was taken with, when it carries one: kept with
    /// the assessment, so it imports into a server that never had that content.
    pub content: Option<Content>,
}

impl ValidImport {
    /// A new assessment with nothing in it but its title and description.
    pub fn empty(draft: AssessmentDraft) -> ValidImport {
        ValidImport {
            draft,
            answers: Vec::new(),
            settings: Vec::new(),
            costs: None,
            parts: Vec::new(),
            decision: Decision::default(),
            next_actions: None,
            review: None,
            rounds: Vec::new(),
            content: None,
        }
    }
}

impl AssessmentFile {
    /// The file for a saved assessment, taken with `content`. Ordered, so the same assessment
    /// always gives the same file. Only what `content` asks is written: an assessment moved to
    /// a newer version keeps the answers to questions that version dropped, unused, and they
    /// would not import.
    pub fn new(
        content: &Content,
        assessment: &super::Assessment,
        answers: &[AnswerRecord],
        settings: &[DimensionSetting],
        costs: Option<&CostInputs>,
        parts: &[Part],
        decision: &Decision,
    ) -> Self {
        let mut answers: Vec<AnswerEntry> = answers
            .iter()
            .filter(|a| {
                content.question(&a.question_id).is_some() || content.exception(&a.question_id).is_some()
            })
            .map(|a| AnswerEntry {
                participant: a.participant_id.to_string(),
                question: a.question_id.clone(),
                value: a.value,
            })
            .collect();
        answers.sort_by(|a, b| (&a.participant, &a.question).cmp(&(&b.participant, &b.question)));
        let mut dimensions: Vec<DimensionEntry> = settings
            .iter()
            .filter(|s| content.dimension(&s.dimension_id).is_some())
            .map(|s| DimensionEntry {
                dimension: s.dimension_id.clone(),
                importance: s.importance,
                note: s.note.clone(),
            })
            .collect();
        dimensions.sort_by(|a, b| a.dimension.cmp(&b.dimension));
        Self {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            content_version: assessment.content_version.clone(),
            title: assessment.title.clone(),
            description: assessment.description.clone(),
            created_at_ms: assessment.created_at_ms,
            answers,
            dimensions,
            costs: costs.cloned(),
            parts: parts.to_vec(),
            decision: decision.entry(),
            next_actions: None,
            review: None,
            rounds: Vec::new(),
            content: content.organisation.is_some().then(|| content.clone()),
        }
    }

    /// The file with the review, once saved, and the rounds closed so far.
    pub fn with_history(self, (review, version): &(Review, i64), rounds: &[Round]) -> Self {
        Self {
            review: (*version > 0).then(|| review.clone()),
            rounds: rounds.to_vec(),
            ..self
        }
    }

    /// The file with the team's next actions, when it saved a list of its own.
    pub fn with_next_actions(self, actions: &NextActions) -> Self {
        Self {
            next_actions: (actions.version > 0).then(|| actions.items.clone()),
            ..self
        }
    }

    /// Parses a file's text, with a message a person can act on when it is not one of ours.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        serde_json::from_str(text).map_err(|e| {
            ValidationError::new("file", format!("This is not a Whenless assessment file: {e}."))
        })
    }

    /// The content this file was exported with, the version its `content_version` names: a
    /// shipped version of the talk's, or the organisation's content the file carries (checked as
    /// at a server's start). Its answers are read, and the assessment imported, with that
    /// content's questions.
    #[cfg(feature = "toml")]
    pub fn content(&self) -> Result<std::borrow::Cow<'static, Content>, ValidationError> {
        use std::borrow::Cow;

        let named: String = self.content_version.chars().take(40).collect();
        if let Some(shipped) = Content::version(&self.content_version) {
            return Ok(Cow::Borrowed(shipped));
        }
        match &self.content {
            Some(carried) => {
                let carried = crate::content::organisation::checked(carried.clone()).map_err(|why| {
                    ValidationError::new(
                        "file",
                        format!("The questions this file carries cannot be used: {why}."),
                    )
                })?;
                if carried.version != self.content_version {
                    return Err(ValidationError::new(
                        "file",
                        format!(
                            "This file's questions are version {named:?}, but the questions it carries are version {:?}.",
                            carried.version
                        ),
                    ));
                }
                Ok(Cow::Owned(carried))
            }
            None => {
                let known: Vec<&str> = Content::shipped().iter().map(|c| c.version.as_str()).collect();
                Err(ValidationError::new(
                    "file",
                    format!(
                        "This file's questions are version {named:?}, which this Whenless does not have (it has {}) and the file does not carry, so nothing was imported.",
                        known.join(", ")
                    ),
                ))
            }
        }
    }

    /// Whether the file is of this format, in the version this build reads.
    pub fn check_format(&self) -> Result<(), ValidationError> {
        if self.format != FORMAT {
            return Err(ValidationError::new(
                "file",
                format!("This file is not a {FORMAT} file."),
            ));
        }
        if !(1..=FORMAT_VERSION).contains(&self.format_version) {
            return Err(ValidationError::new(
                "file",
                format!(
                    "This file is of version {} of the format; this Whenless reads versions 1 to {FORMAT_VERSION}. Import it into a newer Whenless.",
                    self.format_version
                ),
            ));
        }
        if self.format_version < 5 && self.content.is_some() {
            return Err(ValidationError::new(
                "file",
                format!(
                    "A version {} file cannot carry its questions.",
                    self.format_version
                ),
            ));
        }
        if self.format_version < 4
            && (self.decision.is_some()
                || self.next_actions.is_some()
                || self.review.is_some()
                || !self.rounds.is_empty())
        {
            return Err(ValidationError::new(
                "file",
                format!(
                    "A version {} file cannot carry a decision, next actions, a review or rounds.",
                    self.format_version
                ),
            ));
        }
        if self.format_version < 3 && !self.parts.is_empty() {
            return Err(ValidationError::new(
                "file",
                format!("A version {} file cannot carry parts.", self.format_version),
            ));
        }
        if self.format_version < 2 && self.costs.is_some() {
            return Err(ValidationError::new(
                "file",
                "A version 1 file cannot carry a cost estimate.",
            ));
        }
        Ok(())
    }

    /// Checks everything against `content`, the version the file names (see
    /// [`AssessmentFile::content`]), and the app's limits.
    pub fn validate(self, content: &Content) -> Result<ValidImport, ValidationError> {
        self.check_format()?;
        if self.content_version != content.version {
            return Err(ValidationError::new(
                "file",
                "The file's questions are of another version than those it was checked against.",
            ));
        }
        let costs = self.costs.as_ref().map(CostInputs::checked).transpose()?;
        let parts = crate::parts::checked(content, &self.parts)?;
        let decision = self
            .decision
            .as_ref()
            .map(DecisionEntry::checked)
            .transpose()?
            .unwrap_or_default();
        let next_actions = self
            .next_actions
            .as_deref()
            .map(NextActions::checked)
            .transpose()?;
        let review = self.review.as_ref().map(|r| r.checked(content)).transpose()?;
        let rounds = crate::rounds::checked(&self.rounds)?;
        let draft = AssessmentDraft::parse(&self.title, &self.description)?;
        if self.answers.len() > MAX_ANSWERS {
            return Err(ValidationError::new(
                "file",
                format!("The file has more than {MAX_ANSWERS} answers."),
            ));
        }
        let mut seen = BTreeSet::new();
        let mut answers = Vec::with_capacity(self.answers.len());
        for entry in self.answers {
            let participant = entry.participant.trim();
            if participant.is_empty()
                || participant.len() > PARTICIPANT_ID_MAX
                || !participant
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(ValidationError::new(
                    "file",
                    "A participant id in the file is not valid.",
                ));
            }
            if !seen.insert((participant.to_owned(), entry.question.clone())) {
                return Err(ValidationError::new(
                    "file",
                    format!("The file answers {:?} twice for the same person.", entry.question),
                ));
            }
            let value = parse_answer(content, &entry.question, &entry.value.to_string())?;
            answers.push(AnswerRecord {
                participant_id: participant.into(),
                question_id: entry.question,
                value,
            });
        }
        let mut settings = Vec::with_capacity(self.dimensions.len());
        for entry in self.dimensions {
            if content.dimension(&entry.dimension).is_none()
                || settings
                    .iter()
                    .any(|s: &DimensionSetting| s.dimension_id == entry.dimension)
            {
                return Err(ValidationError::new(
                    "file",
                    format!(
                        "The file names the dimension {:?} more than once or not at all in this version.",
                        entry.dimension
                    ),
                ));
            }
            settings.push(DimensionSetting {
                importance: parse_importance(&entry.importance.to_string())?,
                note: parse_note(&entry.note)?,
                ..DimensionSetting::unset(&entry.dimension)
            });
        }
        Ok(ValidImport {
            draft,
            answers,
            settings,
            costs,
            parts,
            decision,
            next_actions,
            review,
            rounds,
            content: content.organisation.is_some().then(|| content.clone()),
        })
    }
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;
    use crate::Assessment;

    fn content() -> &'static Content {
        Content::bundled()
    }

    fn sample() -> AssessmentFile {
        let assessment = Assessment {
            id: "x".into(),
            title: "Checkout <b>API</b>".into(),
            description: "Spiky".into(),
            created_at_ms: 1_700_000_000_000,
            content_version: content().version.clone(),
            current_step: 3,
            room: crate::room::Room::default(),
            version: 1,
        };
        let question = content().dimensions[0].questions[0].id.clone();
        let answers = vec![
            AnswerRecord {
                participant_id: "facilitator".into(),
                question_id: question,
                value: 4,
            },
            AnswerRecord {
                participant_id: "facilitator".into(),
                question_id: "real-time".into(),
                value: 2,
            },
        ];
        let settings = vec![DimensionSetting {
            importance: 3,
            note: "Keep it".into(),
            ..DimensionSetting::unset("data")
        }];
        AssessmentFile::new(
            content(),
            &assessment,
            &answers,
            &settings,
            None,
            &[],
            &Decision::default(),
        )
    }

    #[test]
    fn a_file_round_trips_through_json_and_validation() {
        let file = sample();
        let text = serde_json::to_string_pretty(&file).unwrap();
        let parsed = AssessmentFile::parse(&text).unwrap();
        assert_eq!(parsed, file);
        let valid = parsed.validate(content()).unwrap();
        assert_eq!(valid.draft.title(), "Checkout <b>API</b>");
        assert_eq!(valid.answers.len(), 2);
        assert_eq!(valid.settings[0].note, "Keep it");
    }

    #[test]
    fn unknown_fields_and_wrong_types_are_refused() {
        let text = serde_json::to_string(&sample()).unwrap();
        let extra = text.replacen("{", "{\"admin\":true,", 1);
        assert!(
            AssessmentFile::parse(&extra)
                .unwrap_err()
                .message
                .contains("unknown field")
        );
        let wrong = text.replace("\"value\":4", "\"value\":\"four\"");
        assert!(AssessmentFile::parse(&wrong).is_err());
        assert!(AssessmentFile::parse("[]").is_err());
        assert!(AssessmentFile::parse("").is_err());
    }

    #[test]
    fn content_and_limits_are_enforced() {
        let mut file = sample();
        file.answers[0].value = 9;
        assert!(file.validate(content()).is_err());

        let mut file = sample();
        file.answers[0].question = "made.up".into();
        assert!(file.validate(content()).is_err());

        let mut file = sample();
        file.answers[0].participant = "<script>".into();
        assert!(file.validate(content()).is_err());

        let mut file = sample();
        file.answers.push(file.answers[0].clone());
        assert!(file.validate(content()).unwrap_err().message.contains("twice"));

        let mut file = sample();
        file.title = "t".repeat(10_000);
        assert_eq!(file.validate(content()).unwrap_err().field, "title");

        let mut file = sample();
        file.dimensions[0].dimension = "nope".into();
        assert!(file.validate(content()).is_err());

        let mut file = sample();
        file.format = "something-else".into();
        assert!(file.validate(content()).is_err());
    }

    /// `n` distinct valid answers: every question and exception of the content, for as many
    /// participants as it takes.
    fn answers(n: usize) -> Vec<AnswerEntry> {
        let content = content();
        let ids: Vec<(&str, i16)> = content
            .dimensions
            .iter()
            .flat_map(|d| d.questions.iter().map(|q| (q.id.as_str(), 4)))
            .chain(content.exceptions.iter().map(|e| (e.id.as_str(), 2)))
            .collect();
        (0..n)
            .map(|i| AnswerEntry {
                participant: format!("p{}", i / ids.len()),
                question: ids[i % ids.len()].0.to_owned(),
                value: ids[i % ids.len()].1,
            })
            .collect()
    }

    #[test]
    fn an_import_may_carry_at_most_6400_answers() {
        assert_eq!(MAX_ANSWERS, 6_400);
        let mut file = sample();
        file.answers = answers(MAX_ANSWERS);
        assert_eq!(file.validate(content()).unwrap().answers.len(), 6_400);
        let mut file = sample();
        file.answers = answers(MAX_ANSWERS + 1);
        let error = file.validate(content()).unwrap_err();
        assert_eq!(error.message, "The file has more than 6400 answers.");
    }

    #[test]
    fn a_file_is_read_with_the_content_version_it_names() {
        // Exported with 2026.11.1: a question that only that version has.
        let old = Content::version("2026.11.1").unwrap();
        let mut file = sample();
        file.content_version = old.version.clone();
        file.answers[0].question = "events-queues.tightly-linked-flow".into();
        assert_eq!(file.content().unwrap().as_ref(), old);
        let valid = file.clone().validate(old).unwrap();
        assert_eq!(valid.answers[0].question_id, "events-queues.tightly-linked-flow");
        // The current version does not have it, and a file is never checked against another
        // version than its own.
        let error = file.validate(content()).unwrap_err();
        assert!(error.message.contains("another version"), "{}", error.message);
        let mut file = sample();
        file.answers[0].question = "events-queues.tightly-linked-flow".into();
        assert!(file.validate(content()).is_err());
    }

    #[test]
    fn a_file_holds_only_what_its_content_asks() {
        let assessment = Assessment {
            id: "x".into(),
            title: "Moved".into(),
            description: String::new(),
            created_at_ms: 0,
            content_version: content().version.clone(),
            current_step: 1,
            room: crate::room::Room::default(),
            version: 1,
        };
        let record = |question: &str, value| AnswerRecord {
            participant_id: "facilitator".into(),
            question_id: question.into(),
            value,
        };
        // Moved from 2026.11.1: the answer to a question the current version dropped stays
        // stored, unused, and is left out of the file, which therefore imports.
        let answers = [
            record("events-queues.tightly-linked-flow", 4),
            record("events-queues.can-wait", 4),
            record("real-time", 2),
        ];
        let settings = [DimensionSetting::unset("data"), DimensionSetting::unset("gone")];
        let file = AssessmentFile::new(
            content(),
            &assessment,
            &answers,
            &settings,
            None,
            &[],
            &Decision::default(),
        );
        let questions: Vec<&str> = file.answers.iter().map(|a| a.question.as_str()).collect();
        assert_eq!(questions, ["events-queues.can-wait", "real-time"]);
        assert_eq!(file.dimensions.len(), 1);
        assert_eq!(file.validate(content()).unwrap().answers.len(), 2);
    }

    #[test]
    fn a_file_naming_a_version_this_build_lacks_is_refused_saying_which() {
        let mut file = sample();
        file.content_version = "2099.1.1".into();
        let error = file.content().unwrap_err();
        assert_eq!(error.field, "file");
        assert_eq!(
            error.message,
            "This file's questions are version \"2099.1.1\", which this Whenless does not have (it has 2026.11.1, 2026.11.2) and the file does not carry, so nothing was imported."
        );
        file.content_version = "x".repeat(10_000);
        let error = file.content().unwrap_err();
        assert!(error.message.len() < 300, "{}", error.message);
    }

    #[test]
    fn every_version_up_to_this_one_is_read_and_a_newer_one_is_refused_by_name() {
        let mut file = sample();
        file.format_version = FORMAT_VERSION + 1;
        let error = file.validate(content()).unwrap_err();
        assert_eq!(
            error.message,
            "This file is of version 6 of the format; this Whenless reads versions 1 to 5. Import it into a newer Whenless."
        );
        for version in [0, u32::MAX] {
            let mut file = sample();
            file.format_version = version;
            assert!(file.validate(content()).is_err(), "version {version}");
        }
        let mut file = sample();
        file.format = "whenless-other".into();
        assert_eq!(
            file.validate(content()).unwrap_err().message,
            "This file is not a whenless-assessment file."
        );
    }

    /// An assessment taken with an organisation's content, exported as `sample` is.
    fn own_sample() -> (Content, AssessmentFile) {
        let own = crate::content::organisation::read(include_str!("../../deploy/content/own-questions.toml"))
            .unwrap();
        let mut file = sample();
        file.content_version = own.version.clone();
        file.answers.push(AnswerEntry {
            participant: "facilitator".to_owned(),
            question: "security.card-data".to_owned(),
            value: 5,
        });
        file.content = Some(own.clone());
        (own, file)
    }

    #[test]
    fn a_file_taken_with_an_organisations_content_carries_it_and_imports_with_it() {
        let (own, file) = own_sample();
        let assessment = Assessment {
            id: "x".into(),
            title: "Own".into(),
            description: String::new(),
            created_at_ms: 0,
            content_version: own.version.clone(),
            current_step: 1,
            room: crate::room::Room::default(),
            version: 1,
        };
        let written = AssessmentFile::new(&own, &assessment, &[], &[], None, &[], &Decision::default());
        assert_eq!(written.format_version, 5);
        assert_eq!(
            written.content.as_ref(),
            Some(&own),
            "the organisation's content travels"
        );
        let json = serde_json::to_string(&written).unwrap();
        assert!(
            json.contains("\"own\":\"Acme Payments\""),
            "own questions are marked in the JSON"
        );
        let talk = AssessmentFile::new(content(), &assessment, &[], &[], None, &[], &Decision::default());
        assert_eq!(talk.content, None, "the talk's content is named, not carried");

        let parsed = AssessmentFile::parse(&serde_json::to_string(&file).unwrap()).unwrap();
        let carried = parsed.content().unwrap();
        assert_eq!(carried.as_ref(), &own);
        let valid = parsed.validate(&carried).unwrap();
        assert_eq!(valid.content.as_ref(), Some(&own), "saved with the import");
        assert!(
            valid
                .answers
                .iter()
                .any(|a| a.question_id == "security.card-data")
        );
        let talk = sample().validate(content()).unwrap();
        assert_eq!(talk.content, None);
    }

    #[test]
    fn carried_content_that_is_not_valid_or_not_the_files_version_is_refused() {
        let (own, mut file) = own_sample();
        file.content_version = "org-0000000000000000".into();
        assert_eq!(
            file.content().unwrap_err().message,
            format!(
                "This file's questions are version \"org-0000000000000000\", but the questions it carries are version {:?}.",
                own.version
            )
        );
        let (_, mut file) = own_sample();
        file.content.as_mut().unwrap().dimensions[0].questions[0].text = "Changed.".into();
        assert!(
            file.content()
                .unwrap_err()
                .message
                .starts_with("The questions this file carries cannot be used: its version"),
        );
        let (_, mut file) = own_sample();
        file.content = None;
        assert!(
            file.content()
                .unwrap_err()
                .message
                .ends_with("and the file does not carry, so nothing was imported.")
        );
        let (_, mut file) = own_sample();
        file.content.as_mut().unwrap().organisation = None;
        assert_eq!(
            file.content().unwrap_err().message,
            "The questions this file carries cannot be used: it is not an organisation's content."
        );
    }

    #[test]
    fn only_a_version_5_file_may_carry_its_questions() {
        let (own, mut file) = own_sample();
        for version in 1..=4 {
            file.format_version = version;
            assert_eq!(
                file.clone().validate(&own).unwrap_err().message,
                format!("A version {version} file cannot carry its questions.")
            );
        }
        file.format_version = 5;
        assert!(file.validate(&own).is_ok());
    }

    #[test]
    fn a_version_4_file_still_imports() {
        let mut file = sample();
        file.format_version = 4;
        let text = serde_json::to_string(&file).unwrap();
        assert!(!text.contains("\"content\""));
        let parsed = AssessmentFile::parse(&text).unwrap();
        let version = parsed.content().unwrap();
        assert_eq!(parsed.validate(&version).unwrap().content, None);
    }

    #[test]
    fn a_version_2_estimate_imports_with_the_meaning_it_had() {
        // Written by hand as version 2 wrote it: an estimate without run figures, operations
        // time for functions or limits.
        let text = r#"{"format":"whenless-assessment","format_version":2,"content_version":"2026.11.1",
            "title":"Old","description":"","created_at_ms":1,"answers":[],"dimensions":[],
            "costs":{"workload":{"requests_per_month":1000000.0,"peak_to_average":2.0,"duration_ms":300.0,"memory_mb":1024.0,"payload_kb":4.0},
            "pricing":{"as_of":"2024-11","source":"list prices","function_per_million_requests":0.2,"function_per_gb_second":0.0000166667,
            "gateway_per_million_requests":1.0,"free_requests":0.0,"free_gb_seconds":0.0,"instance_name":"t3.small (2 vCPU, 2 GiB)",
            "instance_hourly":0.0208,"instance_capacity_rps":50.0,"ops_hours_per_month":4.0,"ops_hourly_rate":60.0}}}"#;
        let file = AssessmentFile::parse(text).unwrap();
        let version = file.content().unwrap();
        let costs = file.validate(&version).unwrap().costs.unwrap();
        assert_eq!(costs.workload.duration_ms, 300.0);
        assert!(costs.workload.uses_gateway);
        assert!(!costs.workload.needs_gpu && !costs.workload.keeps_state);
        assert_eq!(costs.pricing.function_ops_hours_per_month, 0.0);
        assert_eq!(costs.platform, crate::platform::Platform::default());
    }

    #[test]
    fn a_version_1_file_as_exported_before_costs_still_imports() {
        // Written by hand as version 1 wrote it: no `costs` field.
        let text = r#"{"format":"whenless-assessment","format_version":1,"content_version":"2026.11.1",
            "title":"Old","description":"","created_at_ms":1,
            "answers":[{"participant":"p","question":"real-time","value":2}],"dimensions":[]}"#;
        let file = AssessmentFile::parse(text).unwrap();
        let version = file.content().unwrap();
        assert_eq!(version.version, "2026.11.1");
        let valid = file.validate(&version).unwrap();
        assert_eq!(valid.costs, None);
        assert_eq!(valid.answers.len(), 1);
        let mut file = AssessmentFile::parse(text).unwrap();
        file.costs = Some(CostInputs::default());
        assert_eq!(
            file.validate(&version).unwrap_err().message,
            "A version 1 file cannot carry a cost estimate."
        );
    }

    #[test]
    fn the_cost_estimate_round_trips_and_is_checked_like_the_cost_step() {
        let mut costs = CostInputs::default();
        costs.workload.requests_per_month = 40_000_000.0;
        costs.pricing.instance_name = "m5.large (2 vCPU, 8 GiB)".into();
        costs.pricing.as_of = "2026-11".into();
        let mut file = sample();
        file.costs = Some(costs.clone());
        let text = serde_json::to_string(&file).unwrap();
        assert!(text.contains("\"requests_per_month\":40000000.0"), "{text}");
        let valid = AssessmentFile::parse(&text).unwrap().validate(content()).unwrap();
        assert_eq!(valid.costs, Some(costs.clone()));

        let mut bad = costs.clone();
        bad.workload.duration_ms = 0.5;
        file.costs = Some(bad);
        let error = file.clone().validate(content()).unwrap_err();
        assert_eq!(error.field, "duration_ms");
        assert!(error.message.contains("must be between"), "{}", error.message);
        let mut bad = costs;
        bad.pricing.instance_name = "x".repeat(81);
        file.costs = Some(bad);
        assert_eq!(file.validate(content()).unwrap_err().field, "instance");
        // Without an estimate, none is written.
        assert!(!serde_json::to_string(&sample()).unwrap().contains("costs"));
    }

    #[test]
    fn a_participant_id_is_1_to_64_letters_digits_dashes_or_underscores_trimmed() {
        let with = |participant: &str| {
            let mut file = sample();
            file.answers.truncate(1);
            file.answers[0].participant = participant.to_owned();
            file.validate(content())
                .map(|v| v.answers[0].participant_id.to_string())
        };
        assert_eq!(with(" respondent-1 ").unwrap(), "respondent-1");
        assert_eq!(with("a_b").unwrap(), "a_b");
        assert_eq!(with("Z9").unwrap(), "Z9");
        assert_eq!(with(&"x".repeat(64)).unwrap(), "x".repeat(64));
        for bad in ["", "   ", "a b", "a.b", "é", "a-b!", "_-/", &"x".repeat(65)] {
            let error = with(bad).unwrap_err();
            assert_eq!(
                error.message, "A participant id in the file is not valid.",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_person_answers_a_question_once_even_with_spaces_around_their_id() {
        let mut file = sample();
        let mut again = file.answers[0].clone();
        again.participant = format!(" {} ", again.participant);
        again.value = 2;
        file.answers.push(again);
        assert!(
            file.validate(content())
                .unwrap_err()
                .message
                .contains("twice for the same person")
        );
        // Another person may give the same answer.
        let mut file = sample();
        let mut other = file.answers[0].clone();
        other.participant = "ana".into();
        file.answers.push(other);
        assert_eq!(file.validate(content()).unwrap().answers.len(), 3);
    }

    #[test]
    fn each_dimension_is_set_at_most_once_with_its_importance_and_note() {
        let mut file = sample();
        file.dimensions[0].importance = 0;
        let valid = file.clone().validate(content()).unwrap();
        assert_eq!(valid.settings.len(), 1);
        assert_eq!(valid.settings[0].dimension_id, "data");
        assert_eq!(valid.settings[0].importance, 0);
        assert_eq!(valid.settings[0].note, "Keep it");

        file.dimensions.push(DimensionEntry {
            dimension: "security".into(),
            importance: 1,
            note: String::new(),
        });
        let valid = file.clone().validate(content()).unwrap();
        assert_eq!(valid.settings.len(), 2);
        assert_eq!(valid.settings[1].importance, 1);

        file.dimensions.push(file.dimensions[0].clone());
        let error = file.validate(content()).unwrap_err();
        assert!(
            error.message.contains("\"data\" more than once"),
            "{}",
            error.message
        );

        let mut file = sample();
        file.dimensions[0].importance = 4;
        assert_eq!(file.validate(content()).unwrap_err().field, "importance");
    }

    #[test]
    fn the_review_and_the_rounds_travel_from_version_4_and_are_checked() {
        use crate::review::Review;
        use crate::rounds::{Round, RoundDimension};
        use crate::scoring::Verdict;
        let round = |number: i64| Round {
            number,
            closed_at_ms: 1_700_000_000_000 + number,
            content_version: content().version.clone(),
            verdict: Verdict::Hybrid,
            fit: Some(44),
            answered_questions: 3,
            total_questions: 40,
            participants: 2,
            dimensions: vec![RoundDimension {
                id: "data".into(),
                title: "Data".into(),
                score: Some(0.5),
                pros: 0.5,
                cons: 0.0,
            }],
            flags: vec!["Real-time systems".into()],
            parts: vec![],
        };
        let review = Review {
            due: Some("2020-01-01".into()),
            tables_older_than_months: Some(12),
            ..Review::default()
        };
        // Nothing saved: nothing written.
        let bare = sample().with_history(&(Review::default(), 0), &[]);
        let text = serde_json::to_string(&bare).unwrap();
        assert!(!text.contains("review") && !text.contains("rounds"), "{text}");

        let file = sample().with_history(&(review.clone(), 2), &[round(1), round(2)]);
        let text = serde_json::to_string(&file).unwrap();
        let valid = AssessmentFile::parse(&text).unwrap().validate(content()).unwrap();
        assert_eq!(
            valid.review,
            Some(review.clone()),
            "a date that has passed still imports"
        );
        assert_eq!(valid.rounds, vec![round(1), round(2)]);

        let refused = |file: AssessmentFile| file.validate(content()).unwrap_err().message;
        let mut gap = file.clone();
        gap.rounds = vec![round(1), round(3)];
        assert_eq!(
            refused(gap),
            "The file's rounds are not numbered 1, 2, 3… in order."
        );
        let mut unknown = file.clone();
        unknown.review = Some(Review {
            exceptions: [("no-such".to_owned(), false)].into(),
            ..review.clone()
        });
        assert_eq!(
            refused(unknown),
            "The file's review has an exception these questions do not have."
        );
        let mut not_a_day = file.clone();
        not_a_day.review = Some(Review {
            due: Some("2027-02-30".into()),
            ..review
        });
        assert_eq!(
            refused(not_a_day),
            "The file's review has a date that is not a day."
        );
        let mut old = file;
        old.format_version = 3;
        old.review = None;
        assert_eq!(
            refused(old),
            "A version 3 file cannot carry a decision, next actions, a review or rounds."
        );
    }

    #[test]
    fn the_decision_travels_from_version_4_and_a_version_3_file_without_it_still_imports() {
        // Without a wording or status set, none is written.
        assert!(!serde_json::to_string(&sample()).unwrap().contains("decision"));
        let mut file = sample();
        file.decision = Decision::parse("We go serverless.", "accepted", 7)
            .unwrap()
            .entry();
        let text = serde_json::to_string(&file).unwrap();
        assert!(
            text.contains(r#""decision":{"wording":"We go serverless.","status":"accepted"}"#),
            "{text}"
        );
        let valid = AssessmentFile::parse(&text).unwrap().validate(content()).unwrap();
        assert_eq!(valid.decision.wording, "We go serverless.");
        assert_eq!(valid.decision.status, crate::decision::Status::Accepted);
        assert_eq!(valid.decision.version, 0);

        // A version 3 file, as version 3 wrote it: no decision, and it imports with the default.
        let mut old = sample();
        old.format_version = 3;
        let text = serde_json::to_string(&old).unwrap();
        assert!(text.contains(r#""format_version":3"#) && !text.contains("decision"));
        let valid = AssessmentFile::parse(&text).unwrap().validate(content()).unwrap();
        assert_eq!(valid.decision, Decision::default());
        // A version 3 file cannot carry one; a wording over the limit or an unknown status is
        // refused as the form refuses it.
        old.decision = file.decision.clone();
        assert_eq!(
            old.validate(content()).unwrap_err().message,
            "A version 3 file cannot carry a decision, next actions, a review or rounds."
        );
        let mut long = file.clone();
        long.decision = Some(DecisionEntry {
            wording: "w".repeat(crate::decision::WORDING_MAX_CHARS + 1),
            ..DecisionEntry::default()
        });
        assert_eq!(long.validate(content()).unwrap_err().field, "wording");
        let unknown = text.replacen("{", r#"{"decision":{"status":"rejected"},"#, 1);
        assert!(AssessmentFile::parse(&unknown).is_err());
    }

    #[test]
    fn the_team_s_next_actions_travel_once_saved() {
        let unsaved = sample().with_next_actions(&NextActions::default());
        assert!(!serde_json::to_string(&unsaved).unwrap().contains("next_actions"));
        let saved = NextActions {
            items: vec![NextAction {
                summary: "Measure the peak".into(),
                owner: "ana".into(),
                due: "2020-01-31".into(),
            }],
            version: 3,
        };
        let file = sample().with_next_actions(&saved);
        let text = serde_json::to_string(&file).unwrap();
        assert!(
            text.contains(
                r#""next_actions":[{"summary":"Measure the peak","owner":"ana","due":"2020-01-31"}]"#
            ),
            "{text}"
        );
        let valid = AssessmentFile::parse(&text).unwrap().validate(content()).unwrap();
        assert_eq!(
            valid.next_actions.unwrap().items,
            saved.items,
            "a passed date still imports"
        );
        let mut old = file.clone();
        old.format_version = 3;
        assert!(old.validate(content()).is_err());
        let mut bad = file;
        bad.next_actions = Some(vec![NextAction::default()]);
        assert_eq!(bad.validate(content()).unwrap_err().field, "actions");
        let unknown = text.replace(r#""owner":"ana""#, r#""assignee":"ana""#);
        assert!(AssessmentFile::parse(&unknown).is_err());
    }
}
