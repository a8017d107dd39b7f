//! The live workshop: the room a facilitator runs, who is in it, and which answers each person
//! may see. Answers stay private to whoever gave them until the facilitator reveals their step;
//! the server filters with [`visible_answers`] before anything leaves it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::ValidationError;
use super::answers::Answer;
use super::content::Content;
use super::text::{is_format_char, is_visible};
use super::walkthrough::{AnswerRecord, FACILITATOR, Step};

/// Longest display name, in characters.
pub const NAME_MAX_CHARS: usize = 40;
/// Longest countdown the facilitator can start, in minutes.
pub const TIMER_MINUTES_MAX: i64 = 60;
/// A question whose answers spread this much (standard deviation on the -2..2 scale) is a
/// disagreement hot spot: where the discussion should go.
pub const HOT_SPOT_DISAGREEMENT: f64 = 1.0;

/// How the facilitator runs the room. The step the room is on is the assessment's
/// `current_step`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    /// Names appear next to revealed answers. Chosen before anyone joins.
    pub named: bool,
    /// The facilitator answers too; otherwise they only facilitate and their answers do not count.
    pub facilitator_votes: bool,
    /// Bit `n` is set when step `n` is revealed.
    pub revealed_steps: i64,
    /// When the current countdown ends, in milliseconds since the Unix epoch.
    pub timer_ends_at_ms: Option<i64>,
}

impl Default for Room {
    fn default() -> Self {
        Self {
            named: false,
            facilitator_votes: true,
            revealed_steps: 0,
            timer_ends_at_ms: None,
        }
    }
}

impl Room {
    /// The bit of `step` in [`Room::revealed_steps`].
    pub fn step_bit(step: usize) -> i64 {
        u32::try_from(step)
            .ok()
            .and_then(|s| 1i64.checked_shl(s))
            .filter(|bit| *bit > 0)
            .unwrap_or(0)
    }

    pub fn is_revealed(&self, step: usize) -> bool {
        self.revealed_steps & Self::step_bit(step) != 0
    }

    /// What is left of the countdown at `now_ms`; `None` when none runs.
    pub fn timer_remaining_ms(&self, now_ms: i64) -> Option<i64> {
        self.timer_ends_at_ms
            .map(|end| end - now_ms)
            .filter(|left| *left > 0)
    }
}

/// What the facilitator's controls can do to the room, by the name its forms send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoomAction {
    /// Move the room one step on from where it is, so two presses move it two steps.
    Next,
    /// Move the room one step back from where it is.
    Previous,
    /// Bring the room to a given step.
    Go,
    /// Show everyone the answers of a given step.
    Reveal,
    /// Start a countdown of a given number of minutes.
    Timer,
    StopTimer,
    /// Names next to revealed answers; chosen before anyone joins.
    Named,
    Anonymous,
    /// The facilitator answers too.
    Votes,
    /// The facilitator only facilitates; their answers do not count.
    FacilitateOnly,
}

impl RoomAction {
    pub const ALL: [RoomAction; 10] = [
        RoomAction::Next,
        RoomAction::Previous,
        RoomAction::Go,
        RoomAction::Reveal,
        RoomAction::Timer,
        RoomAction::StopTimer,
        RoomAction::Named,
        RoomAction::Anonymous,
        RoomAction::Votes,
        RoomAction::FacilitateOnly,
    ];

    /// The name a control form sends.
    pub fn name(self) -> &'static str {
        match self {
            RoomAction::Next => "next",
            RoomAction::Previous => "previous",
            RoomAction::Go => "go",
            RoomAction::Reveal => "reveal",
            RoomAction::Timer => "timer",
            RoomAction::StopTimer => "stop-timer",
            RoomAction::Named => "named",
            RoomAction::Anonymous => "anonymous",
            RoomAction::Votes => "votes",
            RoomAction::FacilitateOnly => "facilitate-only",
        }
    }

    /// The action a form named, if it is one.
    pub fn parse(name: &str) -> Option<RoomAction> {
        RoomAction::ALL.into_iter().find(|action| action.name() == name)
    }
}

/// A change the facilitator makes to the room (moving it is `Store::set_current_step`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoomChange {
    /// Shows everyone the answers of this step.
    Reveal(usize),
    /// Starts a countdown ending at this time, or stops it.
    Timer(Option<i64>),
    /// Anonymous or named answers; refused once somebody has joined.
    Named(bool),
    FacilitatorVotes(bool),
}

/// Somebody who joined the workshop with a participant link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: crate::ParticipantId,
    pub name: String,
    pub joined_at_ms: i64,
    /// The facilitator removed them: their answers are gone and their browser is out.
    pub removed: bool,
}

/// The outcome of asking to join.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Joined {
    /// In; `secret` goes into the participant's cookie and is stored only as a hash.
    In {
        participant: Participant,
        secret: crate::access::ParticipantSecret,
    },
    NameTaken,
    Full,
}

/// What a participant's page shows that the room decides: the title, the step the room is on,
/// the reveals, the countdown, the answer mode, and whether this person is still in. Their page
/// reloads when this changes, and only then: not when somebody joins or a note is saved.
pub fn page_key(title: &str, step: usize, room: &Room, me: Option<&Participant>) -> String {
    let Room {
        named,
        facilitator_votes,
        revealed_steps,
        timer_ends_at_ms,
    } = room;
    let me = me.map(|p| (p.id.as_str(), p.removed));
    format!("{title:?} {step} {named} {facilitator_votes} {revealed_steps} {timer_ends_at_ms:?} {me:?}")
}

/// Who is looking at an assessment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Viewer {
    Facilitator,
    Participant(crate::ParticipantId),
    /// Somebody with the read-only link, or a participant who has not joined.
    Reader,
}

impl Viewer {
    /// The participant id the viewer's own answers are stored under.
    pub fn voter_id(&self) -> Option<&str> {
        match self {
            Viewer::Facilitator => Some(FACILITATOR),
            Viewer::Participant(id) => Some(id.as_str()),
            Viewer::Reader => None,
        }
    }
}

/// Checks a display name: trimmed, not empty, at most [`NAME_MAX_CHARS`], no control characters.
pub fn parse_name(value: &str) -> Result<String, ValidationError> {
    let name = value.trim();
    if name.is_empty() {
        return Err(ValidationError::new(
            "name",
            "Type the name the others know you by.",
        ));
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(ValidationError::new(
            "name",
            format!("A name can have at most {NAME_MAX_CHARS} characters."),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(ValidationError::new(
            "name",
            "A name cannot contain line breaks or tabs.",
        ));
    }
    if name.chars().any(is_format_char) {
        return Err(ValidationError::new(
            "name",
            "A name cannot contain invisible characters (zero-width or text-direction marks).",
        ));
    }
    if !name.chars().any(is_visible) {
        return Err(ValidationError::new(
            "name",
            "Type the name the others know you by, in visible letters.",
        ));
    }
    Ok(name.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The form of a name that two names which look alike share: compatibility-normalised (NFKC)
/// and lowercased, so "Alice", "ALICE" and "Ａｌｉｃｅ" are one name.
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkc().collect::<String>().to_lowercase().nfkc().collect()
}

/// Checks the minutes of a countdown: 1 to [`TIMER_MINUTES_MAX`].
pub fn parse_minutes(value: &str) -> Result<i64, ValidationError> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|m| (1..=TIMER_MINUTES_MAX).contains(m))
        .ok_or_else(|| {
            ValidationError::new(
                "minutes",
                format!("A countdown lasts 1 to {TIMER_MINUTES_MAX} minutes."),
            )
        })
}

/// The answers `viewer` may see: their own, those of revealed steps, and all of them while
/// nobody has joined (`solo`: the facilitator is the whole team). The facilitator's answers
/// count only while the facilitator votes.
pub fn visible_answers(
    content: &Content,
    answers: &[AnswerRecord],
    room: &Room,
    viewer: &Viewer,
    solo: bool,
) -> Vec<AnswerRecord> {
    let own = viewer.voter_id();
    answers
        .iter()
        .filter(|record| room.facilitator_votes || record.participant_id != FACILITATOR)
        .filter(|record| {
            solo || own == Some(record.participant_id.as_str())
                || Step::of_question(content, &record.question_id)
                    .is_some_and(|step| room.is_revealed(step.number(content)))
        })
        .cloned()
        .collect()
}

/// `answers` with each person's id replaced by `respondent-1`, `respondent-2`, ...: what a
/// reader of a workshop run without names gets, so that nothing they can reach tells people
/// apart by id or marks which answers are the facilitator's. The same person keeps one
/// number, so every figure computed from the answers stays the same. People are numbered in an
/// order that follows neither their ids nor when they joined.
pub fn pseudonymous(answers: &[AnswerRecord]) -> Vec<AnswerRecord> {
    use std::hash::{DefaultHasher, Hash, Hasher};

    let shuffled = |id: &str| {
        let mut hasher = DefaultHasher::new();
        id.hash(&mut hasher);
        (hasher.finish(), id.to_owned())
    };
    let people: BTreeSet<(u64, String)> = answers
        .iter()
        .map(|a| shuffled(a.participant_id.as_str()))
        .collect();
    let numbers: BTreeMap<String, String> = people
        .into_iter()
        .enumerate()
        .map(|(n, (_, id))| (id, format!("respondent-{}", n + 1)))
        .collect();
    answers
        .iter()
        .map(|a| AnswerRecord {
            participant_id: numbers[a.participant_id.as_str()].as_str().into(),
            ..a.clone()
        })
        .collect()
}

/// The standard deviation of agreements (-2..2): how far apart the team is on one question.
/// `None` with fewer than two opinions.
pub fn disagreement(agreements: &[i32]) -> Option<f64> {
    if agreements.len() < 2 {
        return None;
    }
    let n = agreements.len() as f64;
    let mean = agreements.iter().map(|a| f64::from(*a)).sum::<f64>() / n;
    let variance = agreements
        .iter()
        .map(|a| (f64::from(*a) - mean).powi(2))
        .sum::<f64>()
        / n;
    Some(variance.sqrt())
}

/// How many people, and who in named mode, gave one answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChoiceTally {
    pub label: String,
    pub count: usize,
    /// Empty in anonymous mode.
    pub names: Vec<String>,
}

/// One question's answers, revealed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionReveal {
    pub id: String,
    pub text: String,
    pub choices: Vec<ChoiceTally>,
    /// See [`disagreement`]; `None` for exceptions and for fewer than two opinions.
    pub disagreement: Option<f64>,
    /// "Acme’s own question" for an organisation's own question or check; `None` for ours and
    /// the talk's.
    #[serde(default)]
    pub own: Option<String>,
}

impl QuestionReveal {
    pub fn answers(&self) -> usize {
        self.choices.iter().map(|c| c.count).sum()
    }

    pub fn is_hot_spot(&self) -> bool {
        self.disagreement.is_some_and(|d| d >= HOT_SPOT_DISAGREEMENT)
    }
}

/// A step's answers as everyone sees them once revealed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepReveal {
    pub questions: Vec<QuestionReveal>,
    /// How many people answered at least one question of the step.
    pub respondents: usize,
}

impl StepReveal {
    /// The questions the team disagrees on most, widest first: where to talk first.
    pub fn hot_spots(&self) -> Vec<&QuestionReveal> {
        let mut spots: Vec<&QuestionReveal> = self.questions.iter().filter(|q| q.is_hot_spot()).collect();
        spots.sort_by(|a, b| {
            b.disagreement
                .unwrap_or(0.0)
                .total_cmp(&a.disagreement.unwrap_or(0.0))
        });
        spots
    }
}

/// The revealed view of one step's answers (`None` for the cost step, which has none).
/// `names` maps participant ids to display names; pass an empty map for anonymous mode.
pub fn reveal(
    content: &Content,
    step: Step,
    answers: &[AnswerRecord],
    names: &BTreeMap<String, String>,
) -> Option<StepReveal> {
    let mut respondents = BTreeSet::new();
    let mut tally = |id: &str, codes: &[(i16, &str)]| {
        let mut choices: Vec<ChoiceTally> = codes
            .iter()
            .map(|(_, label)| ChoiceTally {
                label: (*label).to_owned(),
                count: 0,
                names: Vec::new(),
            })
            .collect();
        for record in answers.iter().filter(|r| r.question_id == id) {
            if let Some(position) = codes.iter().position(|(code, _)| *code == record.value) {
                respondents.insert(record.participant_id.clone());
                choices[position].count += 1;
                if let Some(name) = names.get(record.participant_id.as_str()) {
                    choices[position].names.push(name.clone());
                }
            }
        }
        choices
    };
    let questions = match step {
        Step::Dimension(index) => {
            let scale: Vec<(i16, &str)> = Answer::ALL.iter().map(|a| (a.code(), a.label())).collect();
            content.dimensions[index]
                .questions
                .iter()
                .map(|question| {
                    let agreements: Vec<i32> = answers
                        .iter()
                        .filter(|r| r.question_id == question.id)
                        .filter_map(|r| Answer::from_code(r.value)?.agreement())
                        .collect();
                    QuestionReveal {
                        id: question.id.clone(),
                        text: question.text.clone(),
                        choices: tally(&question.id, &scale),
                        disagreement: disagreement(&agreements),
                        own: question.own_label(),
                    }
                })
                .collect()
        }
        Step::Exceptions => content
            .exceptions
            .iter()
            .map(|exception| {
                let scale: Vec<(i16, &str)> = exception
                    .choices()
                    .into_iter()
                    .map(|(answer, label)| (answer.code(), label))
                    .collect();
                QuestionReveal {
                    id: exception.id.clone(),
                    text: exception.question.clone(),
                    choices: tally(&exception.id, &scale),
                    disagreement: None,
                    own: exception.own_label(),
                }
            })
            .collect(),
        Step::Costs => return None,
    };
    Some(StepReveal {
        questions,
        respondents: respondents.len(),
    })
}

/// A dimension score (-1..1, `None` when unanswered) in words.
pub fn lean(score: Option<f64>) -> &'static str {
    match score {
        None => "No opinions yet",
        Some(s) if s >= 0.5 => "Strongly towards serverless",
        Some(s) if s >= 0.15 => "Towards serverless",
        Some(s) if s <= -0.5 => "Strongly towards servers",
        Some(s) if s <= -0.15 => "Towards servers",
        Some(_) => "Balanced",
    }
}

/// How far one person is with a step: the facilitator sees who has answered, not what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub name: String,
    pub answered: usize,
    pub total: usize,
}

impl Progress {
    /// Every question of the step answered.
    pub fn is_done(&self) -> bool {
        self.total > 0 && self.answered == self.total
    }
}

/// Each voter's progress on `step`, in the order of `people` (id, display name).
pub fn step_progress(
    content: &Content,
    step: Step,
    answers: &[AnswerRecord],
    people: &[(String, String)],
) -> Vec<Progress> {
    let ids = step.question_ids(content);
    people
        .iter()
        .map(|(id, name)| Progress {
            name: name.clone(),
            answered: answers
                .iter()
                .filter(|r| r.participant_id == id.as_str() && ids.contains(&r.question_id.as_str()))
                .count(),
            total: ids.len(),
        })
        .collect()
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn content() -> &'static Content {
        Content::bundled()
    }

    #[test]
    fn pseudonymous_answers_keep_each_person_together_and_name_nobody() {
        let answers = vec![
            record(FACILITATOR, "q1", 1),
            record("zed", "q1", 2),
            record(FACILITATOR, "q2", 3),
            record("amy", "q1", 4),
        ];
        let out = pseudonymous(&answers);
        assert_eq!(out.len(), answers.len());
        for (before, after) in answers.iter().zip(&out) {
            assert_eq!(
                (&before.question_id, before.value),
                (&after.question_id, after.value)
            );
            assert!(
                after.participant_id.as_str().starts_with("respondent-"),
                "{after:?}"
            );
        }
        assert_eq!(
            out[0].participant_id, out[2].participant_id,
            "one person, one number"
        );
        let numbers: BTreeSet<&str> = out.iter().map(|a| a.participant_id.as_str()).collect();
        assert_eq!(numbers.len(), 3);
        assert!(
            numbers
                .iter()
                .all(|n| ["respondent-1", "respondent-2", "respondent-3"].contains(n))
        );
    }

    proptest! {
        #[test]
        fn pseudonymous_answers_score_as_the_originals(ids in prop::collection::vec("[a-z]{1,4}", 1..12)) {
            let answers: Vec<AnswerRecord> = ids
                .iter()
                .enumerate()
                .map(|(i, id)| record(id, &format!("q{i}"), i16::try_from(i % 5).unwrap() - 2))
                .collect();
            let out = pseudonymous(&answers);
            let people = |a: &[AnswerRecord]| a.iter().map(|r| r.participant_id.clone()).collect::<BTreeSet<_>>().len();
            prop_assert_eq!(people(&answers), people(&out));
            for i in 0..answers.len() {
                for j in 0..answers.len() {
                    prop_assert_eq!(
                        answers[i].participant_id == answers[j].participant_id,
                        out[i].participant_id == out[j].participant_id
                    );
                }
            }
        }
    }

    #[test]
    fn each_room_action_is_read_back_from_its_name_and_nothing_else_is_one() {
        for action in RoomAction::ALL {
            assert_eq!(RoomAction::parse(action.name()), Some(action));
        }
        for other in ["", "Next", "next ", "stop_timer", "delete"] {
            assert_eq!(RoomAction::parse(other), None, "{other:?}");
        }
    }

    #[test]
    fn a_participants_page_key_changes_with_what_their_page_shows_only() {
        let ana = Participant {
            id: "p1".into(),
            name: "Ana".into(),
            joined_at_ms: 1,
            removed: false,
        };
        let room = Room::default();
        let key = page_key("Title", 3, &room, Some(&ana));
        assert_eq!(key, page_key("Title", 3, &room.clone(), Some(&ana.clone())));
        let removed = Participant {
            removed: true,
            ..ana.clone()
        };
        let changed = [
            page_key("Renamed", 3, &room, Some(&ana)),
            page_key("Title", 4, &room, Some(&ana)),
            page_key(
                "Title",
                3,
                &Room {
                    named: !room.named,
                    ..room.clone()
                },
                Some(&ana),
            ),
            page_key(
                "Title",
                3,
                &Room {
                    facilitator_votes: !room.facilitator_votes,
                    ..room.clone()
                },
                Some(&ana),
            ),
            page_key(
                "Title",
                3,
                &Room {
                    revealed_steps: 1 << 3,
                    ..room.clone()
                },
                Some(&ana),
            ),
            page_key(
                "Title",
                3,
                &Room {
                    timer_ends_at_ms: Some(9),
                    ..room.clone()
                },
                Some(&ana),
            ),
            page_key("Title", 3, &room, Some(&removed)),
            page_key("Title", 3, &room, None),
        ];
        for other in changed {
            assert_ne!(key, other);
        }
    }

    fn record(participant: &str, question: &str, value: i16) -> AnswerRecord {
        AnswerRecord {
            participant_id: participant.into(),
            question_id: question.into(),
            value,
        }
    }

    #[test]
    fn names_are_trimmed_bounded_and_single_line() {
        assert_eq!(parse_name("  Ada   Lovelace ").unwrap(), "Ada Lovelace");
        assert!(parse_name("   ").is_err());
        assert!(parse_name(&"n".repeat(NAME_MAX_CHARS + 1)).is_err());
        assert!(
            parse_name(&"é".repeat(NAME_MAX_CHARS)).is_ok(),
            "counted in characters"
        );
        assert!(parse_name("a\nb").is_err());
    }

    #[test]
    fn names_have_a_visible_letter_and_no_invisible_ones() {
        for hidden in [
            "Al\u{200b}ice",
            "\u{202e}ecilA",
            "Alice\u{2066}",
            "\u{feff}Alice",
            "A\u{2060}lice",
            "Ali\u{ad}ce",
        ] {
            assert!(parse_name(hidden).is_err(), "{hidden:?}");
        }
        for blank in ["\u{3164}", "\u{2800}\u{2800}", "\u{115f}\u{1160}", "\u{ffa0}"] {
            assert!(parse_name(blank).is_err(), "{blank:?}");
        }
        assert_eq!(parse_name("Zoë").unwrap(), "Zoë");
        assert_eq!(parse_name("李 雷").unwrap(), "李 雷");
    }

    #[test]
    fn names_that_look_alike_share_a_key() {
        assert_eq!(name_key("Alice"), name_key("ALICE"));
        assert_eq!(
            name_key("Alice"),
            name_key("\u{ff21}\u{ff4c}\u{ff49}\u{ff43}\u{ff45}")
        );
        assert_eq!(name_key("Zoë"), name_key("Zoe\u{308}"));
        assert_eq!(name_key("ﬁona"), name_key("Fiona"));
        assert_ne!(name_key("Alice"), name_key("Alicia"));
    }

    proptest::proptest! {
        #[test]
        fn an_accepted_name_shows_and_hides_nothing(raw in "\\PC{0,60}") {
            if let Ok(name) = parse_name(&raw) {
                proptest::prop_assert!(!name.chars().any(is_format_char));
                proptest::prop_assert!(name.chars().any(is_visible));
                proptest::prop_assert!(name.chars().count() <= NAME_MAX_CHARS);
                proptest::prop_assert_eq!(parse_name(&name), Ok(name.clone()));
            }
        }

        #[test]
        fn name_keys_are_stable(raw in "\\PC{0,40}") {
            let key = name_key(&raw);
            proptest::prop_assert_eq!(name_key(&key), key);
        }
    }

    #[test]
    fn countdowns_last_one_minute_to_an_hour() {
        assert_eq!(parse_minutes("5"), Ok(5));
        assert!(parse_minutes("0").is_err());
        assert!(parse_minutes("61").is_err());
        assert!(parse_minutes("two").is_err());
        let room = Room {
            timer_ends_at_ms: Some(10_000),
            ..Room::default()
        };
        assert_eq!(room.timer_remaining_ms(4_000), Some(6_000));
        assert_eq!(room.timer_remaining_ms(10_000), None, "over");
        assert_eq!(Room::default().timer_remaining_ms(0), None);
    }

    #[test]
    fn questions_and_exceptions_belong_to_their_steps() {
        let content = content();
        let step_of = |id: &str| Step::of_question(content, id).map(|step| step.number(content));
        assert_eq!(step_of(&content.dimensions[0].questions[0].id), Some(1));
        assert_eq!(step_of(&content.dimensions[2].questions[1].id), Some(3));
        assert_eq!(step_of("real-time"), Some(Step::count(content)));
        assert_eq!(step_of("made.up"), None);
    }

    #[test]
    fn answers_stay_private_until_their_step_is_revealed() {
        let content = content();
        let first = content.dimensions[0].questions[0].id.clone();
        let second = content.dimensions[1].questions[0].id.clone();
        let answers = vec![
            record("ana", &first, 5),
            record("ben", &first, 1),
            record("ben", &second, 4),
            record(FACILITATOR, &first, 3),
        ];
        let room = Room {
            revealed_steps: Room::step_bit(2),
            ..Room::default()
        };
        let ana = visible_answers(
            content,
            &answers,
            &room,
            &Viewer::Participant("ana".into()),
            false,
        );
        assert_eq!(ana, vec![record("ana", &first, 5), record("ben", &second, 4)]);
        let facilitator = visible_answers(content, &answers, &room, &Viewer::Facilitator, false);
        assert_eq!(
            facilitator,
            vec![record("ben", &second, 4), record(FACILITATOR, &first, 3)]
        );
        let reader = visible_answers(content, &answers, &room, &Viewer::Reader, false);
        assert_eq!(reader, vec![record("ben", &second, 4)]);
        assert_eq!(
            visible_answers(content, &answers, &room, &Viewer::Reader, true).len(),
            4,
            "alone, there is nobody to hide from"
        );
        let revealed = Room {
            revealed_steps: Room::step_bit(1) | Room::step_bit(2),
            facilitator_votes: false,
            ..Room::default()
        };
        let everyone = visible_answers(content, &answers, &revealed, &Viewer::Facilitator, false);
        assert_eq!(
            everyone.len(),
            3,
            "a facilitator who only facilitates does not count"
        );
        assert!(everyone.iter().all(|r| r.participant_id != FACILITATOR));
    }

    #[test]
    fn step_bits_are_distinct_and_out_of_range_steps_never_reveal() {
        assert_eq!(Room::step_bit(1), 2);
        assert_eq!(Room::step_bit(12), 4096);
        assert_eq!(Room::step_bit(63), 0);
        assert_eq!(Room::step_bit(1_000), 0);
        let all = Room {
            revealed_steps: -1,
            ..Room::default()
        };
        assert!(all.is_revealed(5));
        assert!(!all.is_revealed(64));
    }

    #[test]
    fn disagreement_is_the_spread_of_opinions() {
        assert_eq!(disagreement(&[]), None);
        assert_eq!(disagreement(&[2]), None);
        assert_eq!(disagreement(&[1, 1, 1]), Some(0.0));
        assert_eq!(disagreement(&[-2, 2]), Some(2.0));
        let d = disagreement(&[-1, 0, 1]).unwrap();
        assert!((d - (2.0f64 / 3.0).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn a_reveal_counts_names_and_finds_the_hot_spots() {
        let content = content();
        let questions = &content.dimensions[0].questions;
        let (split, agreed) = (&questions[0].id, &questions[1].id);
        let answers = vec![
            record("ana", split, 5),
            record("ben", split, 1),
            record("cy", split, 0),
            record("ana", agreed, 4),
            record("ben", agreed, 4),
        ];
        let names = BTreeMap::from([
            ("ana".to_owned(), "Ana".to_owned()),
            ("ben".to_owned(), "Ben".to_owned()),
        ]);
        let shown = reveal(content, Step::Dimension(0), &answers, &names).unwrap();
        assert_eq!(shown.respondents, 3);
        assert_eq!(shown.questions.len(), questions.len());
        let first = &shown.questions[0];
        assert_eq!(first.answers(), 3);
        assert_eq!(first.choices[4].names, vec!["Ana"], "strongly agree");
        assert_eq!(first.choices[5].count, 1, "don't know is counted");
        assert!(first.choices[5].names.is_empty(), "no name known for cy");
        assert_eq!(first.disagreement, Some(2.0), "don't know is no opinion");
        let spots: Vec<&str> = shown.hot_spots().iter().map(|q| q.id.as_str()).collect();
        assert_eq!(spots, vec![split.as_str()]);

        let anonymous = reveal(content, Step::Dimension(0), &answers, &BTreeMap::new()).unwrap();
        assert!(
            anonymous
                .questions
                .iter()
                .flat_map(|q| &q.choices)
                .all(|c| c.names.is_empty())
        );

        let exceptions = reveal(
            content,
            Step::Exceptions,
            &[record("ana", "real-time", 2)],
            &names,
        )
        .unwrap();
        assert_eq!(exceptions.questions.len(), content.exceptions.len());
        let real_time = exceptions.questions.iter().find(|q| q.id == "real-time").unwrap();
        assert_eq!(real_time.answers(), 1);
        assert_eq!(reveal(content, Step::Costs, &answers, &names), None);
    }

    #[test]
    fn leanings_read_the_score() {
        assert_eq!(lean(None), "No opinions yet");
        assert_eq!(lean(Some(0.6)), "Strongly towards serverless");
        assert_eq!(lean(Some(0.2)), "Towards serverless");
        assert_eq!(lean(Some(0.0)), "Balanced");
        assert_eq!(lean(Some(-0.2)), "Towards servers");
        assert_eq!(lean(Some(-1.0)), "Strongly towards servers");
    }

    #[test]
    fn progress_counts_each_persons_answers_on_the_step() {
        let content = content();
        let questions = &content.dimensions[0].questions;
        let answers = vec![
            record("ana", &questions[0].id, 5),
            record("ana", &questions[1].id, 0),
            record("ana", &content.dimensions[1].questions[0].id, 4),
        ];
        let people = vec![
            ("ana".to_owned(), "Ana".to_owned()),
            ("ben".to_owned(), "Ben".to_owned()),
        ];
        let progress = step_progress(content, Step::Dimension(0), &answers, &people);
        assert_eq!(progress[0].answered, 2);
        assert_eq!(progress[0].total, questions.len());
        assert_eq!(progress[1].answered, 0);
        assert!(!progress[0].is_done());
    }

    proptest! {
        #[test]
        fn nobody_sees_an_unrevealed_answer_of_someone_else(
            revealed in any::<i64>(),
            owners in prop::collection::vec(0usize..4, 1..40),
            viewer in 0usize..5,
        ) {
            let content = content();
            let questions: Vec<&str> = content.dimensions.iter().flat_map(|d| d.questions.iter().map(|q| q.id.as_str())).collect();
            let people = ["a", "b", "c", FACILITATOR];
            let answers: Vec<AnswerRecord> = owners
                .iter()
                .enumerate()
                .map(|(i, owner)| record(people[*owner], questions[i % questions.len()], 3))
                .collect();
            let room = Room { revealed_steps: revealed, ..Room::default() };
            let viewer = match viewer {
                0..=2 => Viewer::Participant(people[viewer].into()),
                3 => Viewer::Facilitator,
                _ => Viewer::Reader,
            };
            for seen in visible_answers(content, &answers, &room, &viewer, false) {
                let own = viewer.voter_id() == Some(seen.participant_id.as_str());
                let step = Step::of_question(content, &seen.question_id).unwrap();
                prop_assert!(own || room.is_revealed(step.number(content)));
            }
        }
    }

    #[test]
    fn a_step_is_revealed_by_its_own_bit_only() {
        // Steps 2 and 5 revealed: bits 4 and 32.
        let room = Room {
            revealed_steps: Room::step_bit(2) | Room::step_bit(5),
            ..Room::default()
        };
        assert_eq!(room.revealed_steps, 36);
        let revealed: Vec<usize> = (0..70).filter(|step| room.is_revealed(*step)).collect();
        assert_eq!(revealed, [2, 5]);
        assert!(!Room::default().is_revealed(1));
        assert_eq!(Room::step_bit(0), 1);
        assert_eq!(Room::step_bit(62), 1 << 62);
    }

    #[test]
    fn a_countdown_has_what_is_left_until_its_end() {
        let room = Room {
            timer_ends_at_ms: Some(90_000),
            ..Room::default()
        };
        assert_eq!(room.timer_remaining_ms(30_000), Some(60_000));
        assert_eq!(room.timer_remaining_ms(89_999), Some(1));
        assert_eq!(room.timer_remaining_ms(120_000), None, "long over");
    }

    #[test]
    fn the_facilitator_votes_as_facilitator_a_participant_as_themselves_a_reader_not_at_all() {
        assert_eq!(Viewer::Facilitator.voter_id(), Some(FACILITATOR));
        assert_eq!(Viewer::Participant("ana".into()).voter_id(), Some("ana"));
        assert_eq!(Viewer::Reader.voter_id(), None);
    }

    #[test]
    fn countdowns_of_exactly_one_and_sixty_minutes_are_allowed() {
        assert_eq!(parse_minutes(" 1 "), Ok(1));
        assert_eq!(parse_minutes("60"), Ok(60));
        assert_eq!(parse_minutes("-5").unwrap_err().field, "minutes");
    }

    #[test]
    fn a_name_of_exactly_forty_characters_is_allowed() {
        let forty = "n".repeat(NAME_MAX_CHARS);
        assert_eq!(parse_name(&forty).unwrap(), forty);
        assert_eq!(NAME_MAX_CHARS, 40);
    }

    #[test]
    fn a_spread_of_one_point_is_a_hot_spot() {
        // Disagree (-1) and agree (+1): mean 0, standard deviation exactly 1.
        assert_eq!(disagreement(&[-1, 1]), Some(1.0));
        // Agree, agree, strongly agree: mean 4/3, variance (1/9 + 1/9 + 4/9) / 3 = 2/9.
        let d = disagreement(&[1, 1, 2]).unwrap();
        assert!((d - (2.0f64 / 9.0).sqrt()).abs() < 1e-12, "{d}");
        let reveal = |disagreement| QuestionReveal {
            id: "q".into(),
            text: String::new(),
            choices: Vec::new(),
            disagreement,
            own: None,
        };
        assert!(reveal(Some(1.0)).is_hot_spot());
        assert!(!reveal(Some(0.99)).is_hot_spot());
        assert!(!reveal(None).is_hot_spot());
    }

    #[test]
    fn an_organisations_own_question_is_revealed_as_its_own() {
        let mut content = content().clone();
        content.dimensions[1].questions[0].own = Some("Acme".into());
        let shown = reveal(&content, Step::Dimension(1), &[], &BTreeMap::new()).unwrap();
        assert_eq!(
            shown.questions[0].own.as_deref(),
            Some("Acme\u{2019}s own question")
        );
        assert_eq!(shown.questions[1].own, None, "ours stay unmarked");
    }

    #[test]
    fn a_reveal_tallies_each_answer_under_its_own_choice() {
        let content = content();
        let question = &content.dimensions[1].questions[2].id;
        let other = &content.dimensions[1].questions[0].id;
        // Codes: 2 disagree, 4 agree twice, 0 don't know; 9 is no choice and is not counted.
        let answers = vec![
            record("ana", question, 4),
            record("ben", question, 4),
            record("cy", question, 2),
            record("di", question, 0),
            record("ed", question, 9),
            record("fay", other, 5),
        ];
        let shown = reveal(content, Step::Dimension(1), &answers, &BTreeMap::new()).unwrap();
        let counts: Vec<(&str, usize)> = shown.questions[2]
            .choices
            .iter()
            .map(|c| (c.label.as_str(), c.count))
            .collect();
        assert_eq!(
            counts,
            [
                ("Strongly disagree", 0),
                ("Disagree", 1),
                ("Neither", 0),
                ("Agree", 2),
                ("Strongly agree", 0),
                ("Don't know", 1)
            ]
        );
        // ed's 9 is no answer: four respondents on this question, five on the step.
        assert_eq!(shown.questions[2].answers(), 4);
        assert_eq!(shown.respondents, 5);
        // Agreements 1, 1, -1 (don't know left out): mean 1/3, variance 8/9.
        let d = shown.questions[2].disagreement.unwrap();
        assert!((d - (8.0f64 / 9.0).sqrt()).abs() < 1e-12, "{d}");
        assert_eq!(shown.questions[0].answers(), 1);
        assert_eq!(shown.questions[0].disagreement, None, "one opinion");
    }

    #[test]
    fn hot_spots_of_a_step_are_listed_widest_first() {
        let content = content();
        let questions = &content.dimensions[0].questions;
        // q0: -1, 1 (spread 1); q1: -2, 2 (spread 2); q2: 1, 1 (spread 0).
        let answers = vec![
            record("ana", &questions[0].id, 2),
            record("ben", &questions[0].id, 4),
            record("ana", &questions[1].id, 1),
            record("ben", &questions[1].id, 5),
            record("ana", &questions[2].id, 4),
            record("ben", &questions[2].id, 4),
        ];
        let shown = reveal(content, Step::Dimension(0), &answers, &BTreeMap::new()).unwrap();
        let spots: Vec<&str> = shown.hot_spots().iter().map(|q| q.id.as_str()).collect();
        assert_eq!(spots, [questions[1].id.as_str(), questions[0].id.as_str()]);
    }

    #[test]
    fn leanings_change_at_a_score_of_0_15_and_0_5_either_way() {
        assert_eq!(lean(Some(0.5)), "Strongly towards serverless");
        assert_eq!(lean(Some(0.49)), "Towards serverless");
        assert_eq!(lean(Some(0.15)), "Towards serverless");
        assert_eq!(lean(Some(0.14)), "Balanced");
        assert_eq!(lean(Some(-0.14)), "Balanced");
        assert_eq!(lean(Some(-0.15)), "Towards servers");
        assert_eq!(lean(Some(-0.49)), "Towards servers");
        assert_eq!(lean(Some(-0.5)), "Strongly towards servers");
    }

    #[test]
    fn a_step_is_done_when_every_question_has_an_answer_and_one_without_questions_never_is() {
        let progress = |answered, total| Progress {
            name: "Ana".into(),
            answered,
            total,
        };
        assert!(progress(3, 3).is_done());
        assert!(!progress(2, 3).is_done());
        assert!(!progress(0, 0).is_done());
        let content = content();
        let people = vec![("ana".to_owned(), "Ana".to_owned())];
        let answers: Vec<AnswerRecord> = content
            .exceptions
            .iter()
            .map(|e| record("ana", &e.id, 1))
            .collect();
        let exceptions = step_progress(content, Step::Exceptions, &answers, &people);
        assert_eq!((exceptions[0].answered, exceptions[0].total), (4, 4));
        assert!(exceptions[0].is_done());
        let costs = step_progress(content, Step::Costs, &answers, &people);
        assert_eq!((costs[0].answered, costs[0].total), (0, 0));
        assert!(!costs[0].is_done());
    }
}
