//! The guided walk-through: its steps, the records the store keeps, and the checks on what a
//! person submits.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ValidationError;
use super::answers::{Answer, ExceptionAnswer, IMPORTANCE_DEFAULT, IMPORTANCE_MAX};
use super::content::Content;
use super::scoring::Responses;
use super::text::optional_text;
use super::text::refuse_direction_controls;

/// The participant id of whoever runs the assessment; in solo use, the only voter.
pub const FACILITATOR: &str = "facilitator";
/// Longest note per dimension, in characters.
pub const NOTE_MAX_CHARS: usize = 4_000;

/// One stored answer: a question's or an exception's code (see [`Answer::code`], [`ExceptionAnswer::code`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerRecord {
    pub participant_id: super::ParticipantId,
    pub question_id: String,
    pub value: i16,
}

/// What the team set for one dimension: its importance and a note. `version` counts saved
/// edits, so that an edit made on a stale page is refused instead of overwriting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionSetting {
    pub dimension_id: String,
    pub importance: u8,
    pub note: String,
    /// 0 for a dimension nobody has edited yet.
    pub version: i64,
}

impl DimensionSetting {
    pub fn unset(dimension_id: &str) -> Self {
        Self {
            dimension_id: dimension_id.to_owned(),
            importance: IMPORTANCE_DEFAULT,
            note: String::new(),
            version: 0,
        }
    }
}

/// The outcome of a versioned save.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Saved<T = DimensionSetting> {
    /// Saved; this is the new version.
    Version(i64),
    /// Somebody saved first; nothing was written. This is what they saved.
    Conflict(T),
}

/// A step of the walk-through, numbered from 1: one per dimension, then the cost
/// calculator, then the talk's exceptions (when not to go serverless).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Dimension(usize),
    Costs,
    Exceptions,
}

/// The id under which a saved cost estimate counts as the cost step's one "answer" in
/// [`progress`].
pub const COST_STEP_ID: &str = "cost-estimate";

impl Step {
    /// The step numbered `number` (1-based), if there is one.
    pub fn from_number(content: &Content, number: usize) -> Option<Step> {
        let dimensions = content.dimensions.len();
        match number {
            0 => None,
            n if n <= dimensions => Some(Step::Dimension(n - 1)),
            n if n == dimensions + 1 => Some(Step::Costs),
            n if n == dimensions + 2 => Some(Step::Exceptions),
            _ => None,
        }
    }

    pub fn count(content: &Content) -> usize {
        content.dimensions.len() + 2
    }

    /// Every step, in order.
    pub fn all(content: &Content) -> impl Iterator<Item = Step> + '_ {
        (1..=Step::count(content)).filter_map(|number| Step::from_number(content, number))
    }

    /// The step's number, from 1: the inverse of [`Step::from_number`].
    pub fn number(self, content: &Content) -> usize {
        match self {
            Step::Dimension(index) => index + 1,
            Step::Costs => content.dimensions.len() + 1,
            Step::Exceptions => content.dimensions.len() + 2,
        }
    }

    /// The ids of what is answered on this step: a dimension's questions or the talk's
    /// exceptions. Nobody answers the cost step: the team works it out together.
    pub fn question_ids(self, content: &Content) -> Vec<&str> {
        match self {
            Step::Dimension(index) => content.dimensions[index]
                .questions
                .iter()
                .map(|q| q.id.as_str())
                .collect(),
            Step::Exceptions => content.exceptions.iter().map(|e| e.id.as_str()).collect(),
            Step::Costs => Vec::new(),
        }
    }

    /// The step a question or exception is answered on.
    pub fn of_question(content: &Content, id: &str) -> Option<Step> {
        Step::all(content).find(|step| step.question_ids(content).contains(&id))
    }

    /// The step's heading.
    pub fn title(self, content: &Content) -> String {
        match self {
            Step::Dimension(index) => content.dimensions[index].title.clone(),
            Step::Costs => "Cost calculator".to_owned(),
            Step::Exceptions => "When not to go serverless".to_owned(),
        }
    }
}

/// Builds the scoring input from stored records, ignoring anything the content no longer
/// knows (a question removed in a later content version) or codes out of range.
pub fn responses(content: &Content, answers: &[AnswerRecord], settings: &[DimensionSetting]) -> Responses {
    let mut responses = Responses::default();
    for record in answers {
        if content.question(&record.question_id).is_some() {
            if let Some(answer) = Answer::from_code(record.value) {
                responses
                    .answers
                    .entry(record.participant_id.to_string())
                    .or_default()
                    .insert(record.question_id.clone(), answer);
            }
        } else if content.exception(&record.question_id).is_some()
            && let Some(answer) = ExceptionAnswer::from_code(record.value)
        {
            responses
                .exceptions
                .entry(record.participant_id.to_string())
                .or_default()
                .insert(record.question_id.clone(), answer);
        }
    }
    for setting in settings {
        if content.dimension(&setting.dimension_id).is_some() {
            responses.importance.insert(
                setting.dimension_id.clone(),
                setting.importance.min(IMPORTANCE_MAX),
            );
        }
    }
    responses
}

/// How many people gave each answer to each question, in the order of [`Answer::ALL`].
pub fn answer_counts(content: &Content, answers: &[AnswerRecord]) -> BTreeMap<String, [usize; 6]> {
    let mut counts: BTreeMap<String, [usize; 6]> = BTreeMap::new();
    for record in answers {
        if content.question(&record.question_id).is_none() {
            continue;
        }
        if let Some(position) = Answer::ALL.iter().position(|a| a.code() == record.value) {
            counts.entry(record.question_id.clone()).or_default()[position] += 1;
        }
    }
    counts
}

/// The tally of one question's answers in words: "Agree 2 · Disagree 1", or "No answers".
pub fn answer_tally(counts: Option<&[usize; 6]>) -> String {
    let parts: Vec<String> = counts
        .into_iter()
        .flat_map(|counts| Answer::ALL.iter().zip(counts))
        .filter(|(_, n)| **n > 0)
        .map(|(answer, n)| format!("{} {n}", answer.label()))
        .collect();
    if parts.is_empty() {
        "No answers".to_owned()
    } else {
        parts.join(" \u{b7} ")
    }
}

/// The saved setting of a dimension, or its default when nobody has edited it.
pub fn setting_of(settings: &[DimensionSetting], dimension_id: &str) -> DimensionSetting {
    settings
        .iter()
        .find(|s| s.dimension_id == dimension_id)
        .cloned()
        .unwrap_or_else(|| DimensionSetting::unset(dimension_id))
}

/// One dimension's setting (or its default) and how the team answered its questions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionAnswers {
    pub setting: DimensionSetting,
    /// Per question id, how many gave each answer (in the order of [`Answer::ALL`]).
    pub counts: BTreeMap<String, [usize; 6]>,
}

/// [`DimensionAnswers`] for every dimension, in content order.
pub fn dimension_answers(
    content: &Content,
    answers: &[AnswerRecord],
    settings: &[DimensionSetting],
) -> Vec<DimensionAnswers> {
    let counts = answer_counts(content, answers);
    content
        .dimensions
        .iter()
        .map(|dimension| DimensionAnswers {
            setting: setting_of(settings, &dimension.id),
            counts: dimension
                .questions
                .iter()
                .filter_map(|q| counts.get(&q.id).map(|c| (q.id.clone(), *c)))
                .collect(),
        })
        .collect()
}

/// (dimension title, note) for every dimension with a note, in content order.
pub fn team_notes(content: &Content, settings: &[DimensionSetting]) -> Vec<(String, String)> {
    content
        .dimensions
        .iter()
        .filter_map(|d| {
            let setting = settings.iter().find(|s| s.dimension_id == d.id)?;
            (!setting.note.is_empty()).then(|| (d.title.clone(), setting.note.clone()))
        })
        .collect()
}

/// One participant's stored codes, by question or exception id.
pub fn codes_of(answers: &[AnswerRecord], participant_id: &str) -> BTreeMap<String, i16> {
    answers
        .iter()
        .filter(|r| r.participant_id == participant_id)
        .map(|r| (r.question_id.clone(), r.value))
        .collect()
}

/// Checks an answer submitted for a question or an exception: the id must exist and the code
/// must be one of its choices.
pub fn parse_answer(content: &Content, question_id: &str, value: &str) -> Result<i16, ValidationError> {
    let invalid = || ValidationError::new("answer", format!("{value:?} is not one of the choices."));
    let code: i16 = value.trim().parse().map_err(|_| invalid())?;
    if content.question(question_id).is_some() {
        Answer::from_code(code).map(Answer::code).ok_or_else(invalid)
    } else if let Some(exception) = content.exception(question_id) {
        ExceptionAnswer::from_code(code)
            .filter(|answer| exception.offers(*answer))
            .map(ExceptionAnswer::code)
            .ok_or_else(invalid)
    } else {
        Err(ValidationError::new(
            "answer",
            "That question is not part of this assessment. Reload the page to get the current questions.",
        ))
    }
}

/// Checks an importance submitted for a dimension.
pub fn parse_importance(value: &str) -> Result<u8, ValidationError> {
    value
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|v| *v <= IMPORTANCE_MAX)
        .ok_or_else(|| {
            ValidationError::new("importance", format!("Importance must be 0 to {IMPORTANCE_MAX}."))
        })
}

/// Checks a note submitted for a dimension.
pub fn parse_note(value: &str) -> Result<String, ValidationError> {
    let note = optional_text("note", "The note", value, NOTE_MAX_CHARS)?;
    refuse_direction_controls("note", "The note", &note)?;
    Ok(note)
}

/// How much of each step is done, in order. `mine` holds the viewer's answer codes; a saved
/// cost estimate counts under [`COST_STEP_ID`].
pub fn progress(content: &Content, mine: &BTreeMap<String, i16>) -> Vec<StepProgress> {
    Step::all(content)
        .map(|step| {
            let ids = match step {
                Step::Costs => vec![COST_STEP_ID],
                Step::Dimension(_) | Step::Exceptions => step.question_ids(content),
            };
            StepProgress {
                number: step.number(content),
                title: step.title(content),
                answered: ids.iter().filter(|id| mine.contains_key(**id)).count(),
                total: ids.len(),
            }
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepProgress {
    pub number: usize,
    pub title: String,
    pub answered: usize,
    pub total: usize,
}

impl StepProgress {
    pub fn complete(&self) -> bool {
        self.answered == self.total
    }
}

/// The step to resume at: the first with an unanswered question, else the last one visited.
pub fn resume_step(steps: &[StepProgress], last_visited: usize) -> usize {
    steps
        .iter()
        .find(|s| !s.complete())
        .map_or(last_visited.clamp(1, steps.len().max(1)), |s| s.number)
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;

    fn content() -> &'static Content {
        Content::bundled()
    }

    #[test]
    fn a_steps_number_leads_back_to_the_step_and_its_questions_to_it() {
        let content = content();
        let steps: Vec<Step> = Step::all(content).collect();
        assert_eq!(steps.len(), Step::count(content));
        for (index, step) in steps.iter().enumerate() {
            assert_eq!(step.number(content), index + 1);
            assert_eq!(Step::from_number(content, index + 1), Some(*step));
            for id in step.question_ids(content) {
                assert_eq!(Step::of_question(content, id), Some(*step), "{id}");
            }
        }
        assert!(Step::Costs.question_ids(content).is_empty());
        assert_eq!(
            Step::Exceptions.question_ids(content).len(),
            content.exceptions.len()
        );
    }

    #[test]
    fn steps_cover_every_dimension_then_the_exceptions() {
        let content = content();
        let n = content.dimensions.len();
        assert_eq!(Step::count(content), n + 2);
        assert_eq!(Step::from_number(content, 0), None);
        assert_eq!(Step::from_number(content, 1), Some(Step::Dimension(0)));
        assert_eq!(Step::from_number(content, n), Some(Step::Dimension(n - 1)));
        assert_eq!(Step::from_number(content, n + 1), Some(Step::Costs));
        assert_eq!(Step::from_number(content, n + 2), Some(Step::Exceptions));
        assert_eq!(Step::from_number(content, n + 3), None);
        assert_eq!(Step::Dimension(0).title(content), content.dimensions[0].title);
        assert_eq!(Step::Exceptions.title(content), "When not to go serverless");
    }

    #[test]
    fn answers_are_checked_against_the_content() {
        let content = content();
        let question = &content.dimensions[0].questions[0].id;
        assert_eq!(parse_answer(content, question, "5"), Ok(5));
        assert_eq!(parse_answer(content, question, "0"), Ok(0), "don't know");
        assert!(parse_answer(content, question, "6").is_err());
        assert!(parse_answer(content, question, "yes").is_err());
        assert!(parse_answer(content, "made.up", "3").is_err());
        assert_eq!(parse_answer(content, "real-time", "2"), Ok(2), "for a part");
        assert_eq!(parse_answer(content, "real-time", "3"), Ok(3), "for its core");
        assert!(parse_answer(content, "real-time", "5").is_err());
        assert!(
            parse_answer(content, "real-time", "4").is_err(),
            "the talk names no way out of real time"
        );
        assert_eq!(
            parse_answer(content, "compute-intensive", "4"),
            Ok(4),
            "splitting into sequential or parallel tasks"
        );
    }

    #[test]
    fn importance_and_notes_are_bounded() {
        assert_eq!(parse_importance("3"), Ok(3));
        assert!(parse_importance("4").is_err());
        assert!(parse_importance("-1").is_err());
        assert_eq!(parse_note("  keep the queue  ").unwrap(), "keep the queue");
        assert!(parse_note(&"n".repeat(NOTE_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn notes_refuse_text_direction_controls_but_keep_joiners() {
        for note in ["fine \u{202e}enif", "\u{2066}x\u{2069}", "x\u{200e}", "x\u{61c}y"] {
            assert_eq!(parse_note(note).unwrap_err().field, "note", "{note:?}");
        }
        let joined = "\u{1f44d}\u{200d}\u{1f3fd} \u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}";
        assert_eq!(parse_note(joined).unwrap(), joined);
    }

    proptest::proptest! {
        #[test]
        fn a_note_is_refused_exactly_when_it_holds_a_direction_control(note in "[a-z \u{202a}-\u{202e}\u{2066}-\u{2069}\u{200c}-\u{200f}\u{61c}]{0,30}") {
            let has = note.chars().any(crate::text::is_direction_control);
            proptest::prop_assert_eq!(parse_note(&note).is_err(), has);
        }
    }

    #[test]
    fn records_become_scoring_input_and_unknown_ids_are_ignored() {
        let content = content();
        let question = content.dimensions[0].questions[0].id.clone();
        let records = vec![
            AnswerRecord {
                participant_id: "p".into(),
                question_id: question.clone(),
                value: 5,
            },
            AnswerRecord {
                participant_id: "p".into(),
                question_id: "real-time".into(),
                value: 2,
            },
            AnswerRecord {
                participant_id: "p".into(),
                question_id: "gone.question".into(),
                value: 5,
            },
            AnswerRecord {
                participant_id: "q".into(),
                question_id: question.clone(),
                value: 9,
            },
        ];
        let settings = vec![DimensionSetting {
            importance: 3,
            ..DimensionSetting::unset(&content.dimensions[0].id)
        }];
        let responses = responses(content, &records, &settings);
        assert_eq!(responses.answers["p"].len(), 1);
        assert_eq!(responses.answers["p"][&question], Answer::StronglyAgree);
        assert_eq!(responses.exceptions["p"]["real-time"], ExceptionAnswer::Part);
        assert!(
            !responses.answers.contains_key("q"),
            "out-of-range codes are dropped"
        );
        assert_eq!(responses.importance(&content.dimensions[0].id), 3);
        assert_eq!(
            responses.importance(&content.dimensions[1].id),
            IMPORTANCE_DEFAULT
        );
    }

    #[test]
    fn counts_answers_per_choice() {
        let content = content();
        let question = content.dimensions[0].questions[0].id.clone();
        let records = vec![
            AnswerRecord {
                participant_id: "a".into(),
                question_id: question.clone(),
                value: 5,
            },
            AnswerRecord {
                participant_id: "b".into(),
                question_id: question.clone(),
                value: 5,
            },
            AnswerRecord {
                participant_id: "c".into(),
                question_id: question.clone(),
                value: 0,
            },
            AnswerRecord {
                participant_id: "a".into(),
                question_id: "real-time".into(),
                value: 2,
            },
        ];
        let counts = answer_counts(content, &records);
        assert_eq!(counts.len(), 1, "exceptions are not questions");
        assert_eq!(counts[&question], [0, 0, 0, 0, 2, 1]);
        assert_eq!(
            answer_tally(counts.get(&question)),
            "Strongly agree 2 \u{b7} Don't know 1"
        );
        assert_eq!(answer_tally(None), "No answers");
    }

    #[test]
    fn every_dimension_gets_its_setting_and_counts() {
        let content = content();
        let question = content.dimensions[1].questions[0].id.clone();
        let answers = vec![AnswerRecord {
            participant_id: "a".into(),
            question_id: question.clone(),
            value: 4,
        }];
        let settings = vec![DimensionSetting {
            note: "decided".into(),
            version: 1,
            ..DimensionSetting::unset(&content.dimensions[1].id)
        }];
        let all = dimension_answers(content, &answers, &settings);
        assert_eq!(all.len(), content.dimensions.len());
        assert_eq!(all[0].setting, DimensionSetting::unset(&content.dimensions[0].id));
        assert!(all[0].counts.is_empty());
        assert_eq!(all[1].setting.note, "decided");
        assert_eq!(all[1].counts[&question], [0, 0, 0, 1, 0, 0]);
    }

    #[test]
    fn resumes_at_the_first_unfinished_step() {
        let content = content();
        let mut mine = BTreeMap::new();
        for q in &content.dimensions[0].questions {
            mine.insert(q.id.clone(), 4);
        }
        let steps = progress(content, &mine);
        assert!(steps[0].complete());
        assert_eq!(resume_step(&steps, 1), 2);
        for e in &content.exceptions {
            mine.insert(e.id.clone(), 1);
        }
        mine.insert(COST_STEP_ID.to_owned(), 1);
        for d in &content.dimensions {
            for q in &d.questions {
                mine.insert(q.id.clone(), 0);
            }
        }
        let steps = progress(content, &mine);
        assert_eq!(resume_step(&steps, 4), 4, "all done: back to where they were");
    }
}
