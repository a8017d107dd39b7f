//! What each page shows, assembled from an assessment and what was saved for it. The server
//! functions authorize and load; everything they then decide of a page is here, as plain
//! functions of plain data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::access::{LinkKind, Links};
use crate::actions::NextActions;
use crate::content::{Content, Dimension, Exception};
use crate::cost::{CostInputs, estimate};
use crate::decision::Decision;
use crate::parts::Part;
use crate::platform::Limits;
use crate::review::{Now, Review, ReviewStatus, suggested};
use crate::room::{
    Participant, Progress, StepReveal, Viewer, page_key, pseudonymous, reveal, step_progress, visible_answers,
};
use crate::rounds::{Comparison, Round};
use crate::scoring::{
    Confidence, DimensionScore, PartInput, Report, Responses, VerdictChange, confidence, score,
    what_would_change,
};
use crate::walkthrough::{
    AnswerRecord, COST_STEP_ID, DimensionSetting, FACILITATOR, Step, StepProgress, codes_of,
    dimension_answers, progress, responses, resume_step, setting_of, team_notes,
};
use crate::{Assessment, ValidationError};

/// Everything the pages compute from, besides the assessment's own row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    pub answers: Vec<AnswerRecord>,
    /// Everyone who joined, removed people included.
    pub participants: Vec<Participant>,
    pub settings: Vec<DimensionSetting>,
    pub costs: Option<CostInputs>,
    /// The parts the team split the workload into; empty when it did not.
    pub parts: Vec<Part>,
    /// When the team will look at the decision again, and the version of that (0: never saved).
    pub review: (Review, i64),
    /// The rounds closed before the one under way, oldest first.
    pub rounds: Vec<Round>,
    /// The decision record's wording and status, as the facilitator set them.
    pub decision: Decision,
    /// The team's next actions, once the facilitator saved a list.
    pub next_actions: NextActions,
}

impl Snapshot {
    /// Nobody has joined: the facilitator is the whole team.
    pub fn solo(&self) -> bool {
        self.participants.is_empty()
    }

    /// The facilitator's answer codes, with the saved cost estimate counted as the cost step's
    /// one answer.
    pub fn facilitator_codes(&self) -> BTreeMap<String, i16> {
        let mut mine = codes_of(&self.answers, FACILITATOR);
        if self.costs.is_some() {
            mine.insert(COST_STEP_ID.to_owned(), 1);
        }
        mine
    }

    /// The parts, each with its run checked against the platform's limits: the estimate's, or
    /// the shipped ones, with the estimate's workload for the rest of the figures.
    pub fn checked_parts(&self) -> Vec<(Part, Limits)> {
        let base = self.costs.clone().unwrap_or_default();
        self.parts
            .iter()
            .map(|part| {
                let limits = Limits::check(&part.run.applied_to(&base.workload), &base.platform);
                (part.clone(), limits)
            })
            .collect()
    }
}

/// The step the room is on: the assessment's current step, or the first when that is not a
/// step of `content`.
pub fn room_number(content: &Content, assessment: &Assessment) -> usize {
    usize::try_from(assessment.current_step)
        .ok()
        .filter(|n| Step::from_number(content, *n).is_some())
        .unwrap_or(1)
}

/// What a step shows besides its questions' answers: its dimension, the talk's exceptions, or
/// the saved cost estimate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepMaterial {
    pub dimension: Option<Dimension>,
    pub exceptions: Vec<Exception>,
    pub costs: Option<CostInputs>,
    /// The parts, each with its run against the platform's limits, on the exceptions' step.
    pub parts: Vec<(Part, Limits)>,
}

impl StepMaterial {
    pub fn of(content: &Content, number: usize, snapshot: &Snapshot) -> StepMaterial {
        match Step::from_number(content, number) {
            Some(Step::Dimension(index)) => StepMaterial {
                dimension: Some(content.dimensions[index].clone()),
                ..StepMaterial::default()
            },
            Some(Step::Exceptions) => StepMaterial {
                exceptions: content.exceptions.clone(),
                parts: snapshot.checked_parts(),
                ..StepMaterial::default()
            },
            Some(Step::Costs) => StepMaterial {
                costs: snapshot.costs.clone(),
                ..StepMaterial::default()
            },
            None => StepMaterial::default(),
        }
    }
}

/// What every screen in the room shows of one step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoomState {
    /// The step shown.
    pub number: usize,
    /// The step the room is on.
    pub current: usize,
    pub total: usize,
    pub heading: String,
    pub revealed: bool,
    /// Somebody has joined with the participant link: answers are private until revealed.
    pub started: bool,
    pub named: bool,
    /// People who vote: everyone in the room, and the facilitator when they vote.
    pub voters: usize,
    /// How many of them answered every question of the step.
    pub done: usize,
    /// Who has answered how much, for the facilitator only: never what they answered.
    pub progress: Vec<Progress>,
    /// The answers, once revealed.
    pub reveal: Option<StepReveal>,
    /// The team's score on the step's dimension, once revealed.
    pub score: Option<DimensionScore>,
    /// What is left of the countdown at `now_ms`, in milliseconds.
    pub timer_ms: Option<i64>,
}

impl RoomState {
    /// The room at step `number` as `viewer` may see it at `now_ms`; `None` when `content` has
    /// no such step.
    pub fn at(
        content: &Content,
        assessment: &Assessment,
        snapshot: &Snapshot,
        number: usize,
        viewer: &Viewer,
        now_ms: i64,
    ) -> Option<RoomState> {
        let step = Step::from_number(content, number)?;
        let room = &assessment.room;
        let answers = &snapshot.answers;
        let started = !snapshot.solo();
        let mut voters: Vec<(String, String)> = snapshot
            .participants
            .iter()
            .filter(|p| !p.removed)
            .map(|p| (p.id.to_string(), p.name.clone()))
            .collect();
        if room.facilitator_votes {
            voters.insert(0, (FACILITATOR.to_owned(), "Facilitator".to_owned()));
        }
        let mut progress = step_progress(content, step, answers, &voters);
        let done = progress.iter().filter(|p| p.is_done()).count();
        if *viewer != Viewer::Facilitator {
            progress.clear();
        }
        let revealed = !started || room.is_revealed(number);
        let (reveal, score) = if revealed {
            let visible = visible_answers(content, answers, room, viewer, !started);
            let names = if room.named {
                voters.iter().cloned().collect()
            } else {
                BTreeMap::new()
            };
            let score = match step {
                Step::Dimension(index) => score(content, &responses(content, &visible, &[]))
                    .dimensions
                    .get(index)
                    .cloned(),
                Step::Costs | Step::Exceptions => None,
            };
            (reveal(content, step, &visible, &names), score)
        } else {
            (None, None)
        };
        Some(RoomState {
            number,
            current: room_number(content, assessment),
            total: Step::count(content),
            heading: step.title(content),
            revealed,
            started,
            named: room.named,
            voters: voters.len(),
            done,
            progress,
            reveal,
            score,
            timer_ms: room.timer_remaining_ms(now_ms),
        })
    }
}

/// The key of what the room decides of a participant's page (see [`page_key`]).
pub fn participant_page_key(content: &Content, assessment: &Assessment, me: Option<&Participant>) -> String {
    let key = page_key(
        &assessment.title,
        room_number(content, assessment),
        &assessment.room,
        me,
    );
    // Moving the assessment to another content version changes the questions.
    format!("{key} {:?}", content.version)
}

/// What a participant's page checks when the room changes: the key of what the room decides
/// of the page, which reloads it when it differs from the one it was rendered with, and how
/// many have answered the room's step, which it updates in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoomNow {
    pub key: String,
    pub done: usize,
}

/// What a participant's screen shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoomView {
    pub title: String,
    /// Who this browser joined as; `None` before joining.
    pub me: Option<Participant>,
    pub room: RoomState,
    pub dimension: Option<Dimension>,
    pub exceptions: Vec<Exception>,
    /// The cost step's saved estimate, if any.
    pub costs: Option<CostInputs>,
    /// The parts the facilitator answers the exceptions for, on the exceptions' step.
    pub parts: Vec<(Part, Limits)>,
    /// The participant's own answer codes.
    pub mine: BTreeMap<String, i16>,
    /// What the room decides of this page (see [`RoomNow`]).
    pub key: String,
}

impl RoomView {
    /// The room's step for `viewer`, who joined as `me`.
    pub fn new(
        content: &Content,
        assessment: &Assessment,
        snapshot: &Snapshot,
        viewer: &Viewer,
        me: Option<Participant>,
        now_ms: i64,
    ) -> Option<RoomView> {
        let number = room_number(content, assessment);
        let room = RoomState::at(content, assessment, snapshot, number, viewer, now_ms)?;
        let mine = match viewer.voter_id() {
            Some(id) => codes_of(&snapshot.answers, id),
            None => BTreeMap::new(),
        };
        let StepMaterial {
            dimension,
            exceptions,
            costs,
            parts,
        } = StepMaterial::of(content, number, snapshot);
        Some(RoomView {
            title: assessment.title.clone(),
            key: participant_page_key(content, assessment, me.as_ref()),
            me,
            room,
            dimension,
            exceptions,
            costs,
            parts,
            mine,
        })
    }
}

/// What the projector shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PresenterView {
    pub title: String,
    pub room: RoomState,
    pub dimension: Option<Dimension>,
    pub costs: Option<CostInputs>,
    /// The room is on the cost step, which the facilitator works out with the room: nobody
    /// answers it.
    pub cost_step: bool,
    /// On the exceptions' step, the parts the facilitator answers with the room (none when
    /// the workload is not split: then everyone answers) and the exceptions they answer.
    pub parts: Vec<(Part, Limits)>,
    pub exceptions: Vec<Exception>,
    /// The participant link, absolute, and its join code.
    pub join_url: String,
    pub join_code: String,
}

impl PresenterView {
    /// The room's step on the projector, inviting people in with `join_url` and `join_code`.
    pub fn new(
        content: &Content,
        assessment: &Assessment,
        snapshot: &Snapshot,
        join_url: String,
        join_code: String,
        now_ms: i64,
    ) -> Option<PresenterView> {
        let number = room_number(content, assessment);
        let room = RoomState::at(
            content,
            assessment,
            snapshot,
            number,
            &Viewer::Facilitator,
            now_ms,
        )?;
        let material = StepMaterial::of(content, number, snapshot);
        Some(PresenterView {
            title: assessment.title.clone(),
            cost_step: Step::from_number(content, number) == Some(Step::Costs),
            room,
            dimension: material.dimension,
            costs: material.costs,
            parts: material.parts,
            exceptions: material.exceptions,
            join_url,
            join_code,
        })
    }
}

/// What a step page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub assessment: Assessment,
    pub number: usize,
    pub total: usize,
    pub heading: String,
    /// The dimension of this step; `None` on the exceptions' step.
    pub dimension: Option<Dimension>,
    /// The talk's exceptions, on their step.
    pub exceptions: Vec<Exception>,
    /// The viewer's saved answer codes, by question or exception id.
    pub mine: BTreeMap<String, i16>,
    pub setting: Option<DimensionSetting>,
    /// The workload and prices, on the cost step: saved ones, or the defaults.
    pub cost: Option<CostInputs>,
    /// The parts and their limits, on the exceptions' step.
    pub parts: Vec<(Part, Limits)>,
    pub progress: Vec<StepProgress>,
}

impl StepView {
    /// Step `number` of the facilitator's walk-through; `None` when `content` has no such step.
    pub fn new(
        content: &Content,
        assessment: Assessment,
        snapshot: &Snapshot,
        number: usize,
    ) -> Option<StepView> {
        let step = Step::from_number(content, number)?;
        let mine = snapshot.facilitator_codes();
        let StepMaterial {
            dimension,
            exceptions,
            costs,
            parts,
        } = StepMaterial::of(content, number, snapshot);
        Some(StepView {
            setting: dimension
                .as_ref()
                .map(|dimension| setting_of(&snapshot.settings, &dimension.id)),
            cost: (step == Step::Costs).then(|| costs.unwrap_or_default()),
            progress: progress(content, &mine),
            assessment,
            number,
            total: Step::count(content),
            heading: step.title(content),
            dimension,
            exceptions,
            parts,
            mine,
        })
    }
}

/// What moving an assessment from its content version to a newer one does to its answers:
/// the questions both versions have mean the same (a question whose meaning changes gets a
/// new id), so their answers carry over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentUpdate {
    /// The version the assessment has.
    pub from: String,
    /// The version it would move to.
    pub to: String,
    /// The content it has, as a page names it (see [`Content::name`]).
    pub from_name: String,
    /// The content it would move to, as a page names it.
    pub to_name: String,
    /// Questions in both: their answers are kept.
    pub kept: usize,
    /// Questions only the newer version asks: unanswered after the move.
    pub added: usize,
    /// Questions only the older version asks: their answers no longer count.
    pub dropped: usize,
}

impl ContentUpdate {
    /// The move from `from` to `to`; `None` when they are the same version.
    pub fn between(from: &Content, to: &Content) -> Option<ContentUpdate> {
        if from.version == to.version {
            return None;
        }
        let ids = |content: &Content| -> Vec<String> {
            content
                .dimensions
                .iter()
                .flat_map(|d| d.questions.iter().map(|q| q.id.clone()))
                .chain(content.exceptions.iter().map(|e| e.id.clone()))
                .collect()
        };
        let (old, new) = (ids(from), ids(to));
        let kept = new.iter().filter(|id| old.contains(id)).count();
        Some(ContentUpdate {
            from: from.version.clone(),
            to: to.version.clone(),
            from_name: from.name(),
            to_name: to.name(),
            kept,
            added: new.len() - kept,
            dropped: old.len() - kept,
        })
    }
}

/// When a page is put together: today, and the version of the questions new assessments get.
#[derive(Clone, Copy, Debug)]
pub struct Today<'a> {
    pub ms: i64,
    pub current_content: &'a str,
}

/// Where a review stands `today`, for an assessment taken with `content`: newer questions are
/// the current ones when they are another version.
pub fn review_status(
    content: &Content,
    review: &Review,
    costs: Option<&CostInputs>,
    today: Today,
) -> ReviewStatus {
    review.status(
        content,
        &Now {
            today_ms: today.ms,
            costs,
            newer_questions: (content.version != today.current_content).then_some(today.current_content),
        },
    )
}

/// What the facilitator's overview page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverviewView {
    pub assessment: Assessment,
    /// The current links, to copy and hand out.
    pub links: Links,
    /// Where the app is reached, to make the links absolute.
    pub base_url: String,
    pub progress: Vec<StepProgress>,
    /// The step to continue at.
    pub resume: usize,
    /// Everyone in the workshop now, in joining order.
    pub people: Vec<Participant>,
    /// Somebody has joined (the answer mode is fixed from then on).
    pub started: bool,
    /// The move to the current content version, when the assessment has an older one.
    pub update: Option<ContentUpdate>,
    /// Where the decision's review stands.
    pub review: ReviewStatus,
    /// The round under way, from 1.
    pub round: i64,
}

impl OverviewView {
    pub fn new(
        content: &Content,
        assessment: Assessment,
        snapshot: &Snapshot,
        links: Links,
        base_url: String,
        today: Today,
    ) -> OverviewView {
        let progress = progress(content, &snapshot.facilitator_codes());
        let resume = resume_step(&progress, usize::try_from(assessment.current_step).unwrap_or(1));
        OverviewView {
            assessment,
            links,
            base_url,
            progress,
            resume,
            people: snapshot
                .participants
                .iter()
                .filter(|p| !p.removed)
                .cloned()
                .collect(),
            started: !snapshot.solo(),
            update: None,
            review: review_status(content, &snapshot.review.0, snapshot.costs.as_ref(), today),
            round: snapshot.rounds.last().map_or(1, |last| last.number + 1),
        }
    }
}

/// A saved assessment with everything needed to show its results.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    pub assessment: Assessment,
    pub answers: Vec<AnswerRecord>,
    pub settings: Vec<DimensionSetting>,
    pub costs: Option<CostInputs>,
    pub parts: Vec<Part>,
    /// The review and its version.
    pub review: (Review, i64),
    /// The rounds closed before this one.
    pub rounds: Vec<Round>,
    pub decision: Decision,
    pub next_actions: NextActions,
    /// What was scored: the answers by person, importances and the estimate's pull.
    pub responses: Responses,
    pub report: Report,
    /// How far the fit could move (see [`confidence`]).
    pub confidence: Option<Confidence>,
}

impl Scored {
    /// Scores an assessment from the answers a holder of a `kind` link may see (see
    /// [`visible_answers`]): results, read-only pages, charts and exports never show an answer
    /// the facilitator has not revealed, and without names, readers get no ids that tell
    /// people apart or mark the facilitator.
    pub fn new(content: &Content, assessment: &Assessment, kind: LinkKind, snapshot: &Snapshot) -> Scored {
        let viewer = match kind {
            LinkKind::Facilitator => Viewer::Facilitator,
            LinkKind::Participant | LinkKind::ReadOnly => Viewer::Reader,
        };
        let answers = visible_answers(
            content,
            &snapshot.answers,
            &assessment.room,
            &viewer,
            snapshot.solo(),
        );
        let answers = if viewer == Viewer::Reader && !assessment.room.named {
            pseudonymous(&answers)
        } else {
            answers
        };
        let mut responses = responses(content, &answers, &snapshot.settings);
        responses.cost_pull = snapshot.costs.as_ref().map(|inputs| estimate(inputs).pull());
        responses.limits = snapshot
            .costs
            .as_ref()
            .map(|inputs| Limits::check(&inputs.workload, &inputs.platform));
        responses.parts = snapshot
            .checked_parts()
            .into_iter()
            .map(|(part, limits)| PartInput { part, limits })
            .collect();
        let report = score(content, &responses);
        Scored {
            confidence: confidence(content, &responses, &report),
            assessment: assessment.clone(),
            answers,
            settings: snapshot.settings.clone(),
            costs: snapshot.costs.clone(),
            parts: snapshot.parts.clone(),
            review: snapshot.review.clone(),
            rounds: snapshot.rounds.clone(),
            decision: snapshot.decision.clone(),
            next_actions: snapshot.next_actions.clone(),
            responses,
            report,
        }
    }
}

impl Scored {
    /// The number of the round under way.
    pub fn round_number(&self) -> i64 {
        self.rounds.last().map_or(1, |last| last.number + 1)
    }

    /// The round under way as it stands on `today_ms`, for comparing with those before.
    pub fn current_round(&self, today_ms: i64) -> Round {
        Round::of(
            &self.report,
            self.round_number(),
            today_ms,
            &self.assessment.content_version,
        )
    }
}

/// What the rounds page shows: every round, the one under way last, and two of them compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundsView {
    pub assessment: Assessment,
    pub kind: LinkKind,
    pub rounds: Vec<Round>,
    /// The two rounds asked for, or the last closed round and the one under way.
    pub comparison: Option<Comparison>,
}

impl RoundsView {
    /// The rounds of `scored`'s assessment, with rounds `pick` compared; a number that is not a
    /// round of this assessment is refused.
    pub fn new(
        kind: LinkKind,
        scored: Scored,
        today_ms: i64,
        pick: Option<(i64, i64)>,
    ) -> Result<RoundsView, ValidationError> {
        let mut rounds = scored.rounds.clone();
        rounds.push(scored.current_round(today_ms));
        let find = |number: i64| {
            rounds.iter().find(|r| r.number == number).ok_or_else(|| {
                ValidationError::new(
                    "round",
                    format!(
                        "This assessment has rounds 1 to {}; there is no round {number}.",
                        rounds.len()
                    ),
                )
            })
        };
        let comparison = match pick {
            Some((a, b)) => Some(Comparison::of(find(a)?, find(b)?)),
            None => match &rounds[..] {
                [.., before, after] => Some(Comparison::of(before, after)),
                _ => None,
            },
        };
        Ok(RoundsView {
            assessment: scored.assessment,
            kind,
            rounds,
            comparison,
        })
    }
}

/// What the results page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultsView {
    pub assessment: Assessment,
    /// The kind of link the page was opened with, which decides what it may offer.
    pub kind: LinkKind,
    pub report: Report,
    /// (dimension title, note) for every dimension with a note.
    pub notes: Vec<(String, String)>,
    /// The cost step's workload and prices, if the team filled it in.
    pub costs: Option<CostInputs>,
    /// What would change the verdict (see [`what_would_change`]).
    pub changes: Vec<VerdictChange>,
    pub confidence: Option<Confidence>,
    /// Where the decision's review stands.
    pub review: ReviewStatus,
    /// The review to edit, for the facilitator.
    pub review_edit: Option<ReviewEdit>,
    /// The round under way, from 1 (the rounds before it are closed).
    pub round: i64,
    /// The decision record's wording and status, with the version to edit from.
    pub decision: Decision,
    /// The team's next actions (saved, or the suggestions) with the version to edit from.
    pub next_actions: NextActions,
}

/// The review as its form starts: the saved one, or a suggestion before the first save.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewEdit {
    pub review: Review,
    /// The version it was read at (0: never saved).
    pub version: i64,
    /// The exceptions that can be watched, as (id, title).
    pub exceptions: Vec<(String, String)>,
}

impl ResultsView {
    pub fn new(content: &Content, kind: LinkKind, scored: Scored, today: Today) -> ResultsView {
        let (review, version) = &scored.review;
        let review_edit = (kind == LinkKind::Facilitator).then(|| ReviewEdit {
            review: match version {
                0 => suggested(scored.costs.as_ref(), today.ms),
                _ => review.clone(),
            },
            version: *version,
            exceptions: content
                .exceptions
                .iter()
                .map(|e| (e.id.clone(), e.title.clone()))
                .collect(),
        });
        let next_actions = NextActions {
            items: scored.next_actions.shown(&scored.report),
            version: scored.next_actions.version,
        };
        ResultsView {
            review: review_status(content, review, scored.costs.as_ref(), today),
            review_edit,
            round: scored.round_number(),
            changes: what_would_change(content, &scored.responses, &scored.report),
            confidence: scored.confidence,
            notes: team_notes(content, &scored.settings),
            assessment: scored.assessment,
            kind,
            report: scored.report,
            costs: scored.costs,
            next_actions,
            decision: scored.decision,
        }
    }
}

/// One dimension as the read-only page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DimensionDetail {
    pub dimension: Dimension,
    pub importance: u8,
    pub note: String,
    /// Per question id, how many gave each answer (in the order of `Answer::ALL`).
    pub counts: BTreeMap<String, [usize; 6]>,
}

/// What the read-only page shows: the results and every dimension in detail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedView {
    pub results: ResultsView,
    pub details: Vec<DimensionDetail>,
}

impl SharedView {
    pub fn new(content: &Content, kind: LinkKind, scored: Scored, today: Today) -> SharedView {
        let details = content
            .dimensions
            .iter()
            .zip(dimension_answers(content, &scored.answers, &scored.settings))
            .map(|(dimension, answers)| DimensionDetail {
                dimension: dimension.clone(),
                importance: answers.setting.importance,
                note: answers.setting.note,
                counts: answers.counts,
            })
            .collect();
        SharedView {
            results: ResultsView::new(content, kind, scored, today),
            details,
        }
    }
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;
    use crate::room::Room;

    fn content() -> &'static Content {
        Content::bundled()
    }

    fn assessment(current_step: i64, room: Room) -> Assessment {
        Assessment {
            id: "a1".into(),
            title: "Checkout".into(),
            description: String::new(),
            created_at_ms: 0,
            content_version: content().version.clone(),
            current_step,
            room,
            version: 0,
        }
    }

    fn person(id: &str, name: &str) -> Participant {
        Participant {
            id: id.into(),
            name: name.into(),
            joined_at_ms: 1,
            removed: false,
        }
    }

    fn answer(who: &str, question: &str, value: i16) -> AnswerRecord {
        AnswerRecord {
            participant_id: who.into(),
            question_id: question.into(),
            value,
        }
    }

    /// Two people in the room; Ana answered every question of the first step, Ben one.
    fn room_on_step_one() -> (Assessment, Snapshot) {
        let questions: Vec<&str> = content().dimensions[0]
            .questions
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        let mut answers: Vec<AnswerRecord> = questions.iter().map(|q| answer("ana", q, 2)).collect();
        answers.push(answer("ben", questions[0], -2));
        let snapshot = Snapshot {
            answers,
            participants: vec![person("ana", "Ana"), person("ben", "Ben")],
            ..Snapshot::default()
        };
        let room = Room {
            facilitator_votes: false,
            ..Room::default()
        };
        (assessment(1, room), snapshot)
    }

    #[test]
    fn the_room_is_on_its_current_step_or_else_the_first() {
        let last = Step::count(content());
        assert_eq!(room_number(content(), &assessment(3, Room::default())), 3);
        assert_eq!(
            room_number(
                content(),
                &assessment(i64::try_from(last).unwrap(), Room::default())
            ),
            last
        );
        for outside in [0, -1, i64::try_from(last).unwrap() + 1] {
            assert_eq!(
                room_number(content(), &assessment(outside, Room::default())),
                1,
                "{outside}"
            );
        }
    }

    #[test]
    fn a_started_room_counts_who_is_done_and_shows_only_the_facilitator_who_answered() {
        let (assessment, snapshot) = room_on_step_one();
        let facilitator =
            RoomState::at(content(), &assessment, &snapshot, 1, &Viewer::Facilitator, 0).unwrap();
        assert!(facilitator.started);
        assert_eq!((facilitator.voters, facilitator.done), (2, 1));
        assert_eq!(
            facilitator.progress.len(),
            2,
            "the facilitator sees each person's progress"
        );
        assert!(!facilitator.revealed);
        assert_eq!((facilitator.reveal, facilitator.score), (None, None));

        let ana = RoomState::at(
            content(),
            &assessment,
            &snapshot,
            1,
            &Viewer::Participant("ana".into()),
            0,
        )
        .unwrap();
        assert_eq!((ana.voters, ana.done), (2, 1));
        assert!(
            ana.progress.is_empty(),
            "a participant never sees who answered how much"
        );
    }

    #[test]
    fn revealing_a_step_shows_its_answers_and_the_teams_score() {
        let (mut assessment, snapshot) = room_on_step_one();
        assessment.room.revealed_steps = Room::step_bit(1);
        let room = RoomState::at(content(), &assessment, &snapshot, 1, &Viewer::Reader, 0).unwrap();
        assert!(room.revealed);
        assert!(room.reveal.is_some());
        assert!(room.score.is_some());
        let other = RoomState::at(content(), &assessment, &snapshot, 2, &Viewer::Reader, 0).unwrap();
        assert!(!other.revealed, "only the revealed step");
    }

    #[test]
    fn the_facilitator_counts_as_a_voter_only_when_voting() {
        let (mut assessment, snapshot) = room_on_step_one();
        assessment.room.facilitator_votes = true;
        let room = RoomState::at(content(), &assessment, &snapshot, 1, &Viewer::Facilitator, 0).unwrap();
        assert_eq!(room.voters, 3);
    }

    #[test]
    fn a_countdown_is_what_is_left_of_it_now() {
        let (mut assessment, snapshot) = room_on_step_one();
        assessment.room.timer_ends_at_ms = Some(90_000);
        let room = RoomState::at(content(), &assessment, &snapshot, 1, &Viewer::Facilitator, 30_000).unwrap();
        assert_eq!(room.timer_ms, Some(60_000));
    }

    #[test]
    fn no_step_outside_the_content() {
        let (assessment, snapshot) = room_on_step_one();
        let past = Step::count(content()) + 1;
        assert_eq!(
            RoomState::at(content(), &assessment, &snapshot, past, &Viewer::Facilitator, 0),
            None
        );
        assert_eq!(StepView::new(content(), assessment, &snapshot, past), None);
    }

    #[test]
    fn each_step_brings_its_own_material() {
        let snapshot = Snapshot {
            costs: Some(CostInputs::default()),
            ..Snapshot::default()
        };
        let dimensions = content().dimensions.len();
        let first = StepMaterial::of(content(), 1, &snapshot);
        assert_eq!(
            first.dimension.as_ref().map(|d| d.id.as_str()),
            Some(content().dimensions[0].id.as_str())
        );
        assert!(first.exceptions.is_empty() && first.costs.is_none());
        let costs = StepMaterial::of(content(), dimensions + 1, &snapshot);
        assert_eq!(costs.costs, Some(CostInputs::default()));
        assert!(costs.dimension.is_none() && costs.exceptions.is_empty());
        let exceptions = StepMaterial::of(content(), dimensions + 2, &snapshot);
        assert_eq!(exceptions.exceptions, content().exceptions);
        assert!(exceptions.dimension.is_none() && exceptions.costs.is_none());
    }

    #[test]
    fn the_projector_knows_the_cost_step() {
        let (mut assessment, snapshot) = room_on_step_one();
        let dimensions = content().dimensions.len();
        for (step, cost_step) in [(1, false), (dimensions + 1, true), (dimensions + 2, false)] {
            assessment.current_step = i64::try_from(step).unwrap();
            let view = PresenterView::new(content(), &assessment, &snapshot, "url".into(), "CODE".into(), 0)
                .unwrap();
            assert_eq!(view.cost_step, cost_step, "step {step}");
            assert_eq!(view.room.number, step);
        }
    }

    #[test]
    fn a_participant_sees_their_own_answers_only() {
        let (assessment, snapshot) = room_on_step_one();
        let ben = Viewer::Participant("ben".into());
        let view = RoomView::new(
            content(),
            &assessment,
            &snapshot,
            &ben,
            Some(person("ben", "Ben")),
            0,
        )
        .unwrap();
        assert_eq!(view.mine.len(), 1);
        assert_eq!(view.mine.values().copied().collect::<Vec<_>>(), vec![-2]);
        let reader = RoomView::new(content(), &assessment, &snapshot, &Viewer::Reader, None, 0).unwrap();
        assert!(reader.mine.is_empty());
        assert_eq!(
            view.key,
            participant_page_key(content(), &assessment, Some(&person("ben", "Ben")))
        );
    }

    #[test]
    fn a_saved_estimate_completes_the_cost_step() {
        let mut snapshot = Snapshot {
            answers: vec![answer(FACILITATOR, "q", 1), answer("ana", "q2", 2)],
            ..Snapshot::default()
        };
        assert_eq!(
            snapshot.facilitator_codes().into_iter().collect::<Vec<_>>(),
            vec![("q".to_owned(), 1)]
        );
        snapshot.costs = Some(CostInputs::default());
        assert_eq!(snapshot.facilitator_codes().get(COST_STEP_ID), Some(&1));
        let cost_step = Step::count(content()) - 1;
        let view = StepView::new(
            content(),
            assessment(1, Room::default()),
            &Snapshot::default(),
            cost_step,
        )
        .unwrap();
        assert_eq!(
            view.cost,
            Some(CostInputs::default()),
            "the defaults before anything is saved"
        );
        assert!(view.setting.is_none() && view.dimension.is_none());
    }

    #[test]
    fn a_move_to_a_newer_content_version_counts_what_it_keeps() {
        let old = Content::version("2026.11.1").unwrap();
        assert_eq!(ContentUpdate::between(content(), content()), None);
        assert_eq!(
            ContentUpdate::between(old, content()),
            Some(ContentUpdate {
                from: "2026.11.1".into(),
                to: "2026.11.2".into(),
                from_name: "the talk\u{2019}s questions, version 2026.11.1".into(),
                to_name: "the talk\u{2019}s questions, version 2026.11.2".into(),
                kept: 29,
                added: 22,
                dropped: 19,
            })
        );
    }

    #[test]
    fn a_participant_page_reloads_when_the_content_version_changes() {
        let assessment = assessment(1, Room::default());
        let old = Content::version("2026.11.1").unwrap();
        assert_ne!(
            participant_page_key(content(), &assessment, None),
            participant_page_key(old, &assessment, None)
        );
    }

    #[test]
    fn the_overview_lists_the_people_still_in_and_whether_the_room_started() {
        let (assessment, mut snapshot) = room_on_step_one();
        snapshot.participants[1].removed = true;
        let links = Links {
            facilitator: "f".into(),
            participant: "p".into(),
            read_only: "r".into(),
            join_code: "J".into(),
        };
        let view = OverviewView::new(
            content(),
            assessment.clone(),
            &snapshot,
            links.clone(),
            "https://x".into(),
            at(0),
        );
        assert_eq!(
            view.people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            vec!["Ana"]
        );
        assert!(view.started);
        let alone = OverviewView::new(
            content(),
            assessment,
            &Snapshot::default(),
            links,
            "https://x".into(),
            at(0),
        );
        assert!(!alone.started && alone.people.is_empty());
        assert_eq!(alone.resume, 1);
    }

    /// `ms`, with the questions of the tests' content current.
    fn at(ms: i64) -> Today<'static> {
        Today {
            ms,
            current_content: &content().version,
        }
    }

    #[test]
    fn the_review_reaches_every_page_and_only_the_facilitator_edits_it() {
        let solo = assessment(1, Room::default());
        let results = |snapshot: &Snapshot, kind: LinkKind, today_ms: i64| {
            ResultsView::new(
                content(),
                kind,
                Scored::new(content(), &solo, kind, snapshot),
                at(today_ms),
            )
        };
        let fresh = Snapshot {
            costs: Some(CostInputs::default()),
            ..Snapshot::default()
        };
        let edit = results(&fresh, LinkKind::Facilitator, 0).review_edit.unwrap();
        assert_eq!(edit.version, 0);
        assert_eq!(
            edit.review,
            suggested(fresh.costs.as_ref(), 0),
            "a suggestion before the first save"
        );
        assert_eq!(edit.exceptions.len(), content().exceptions.len());
        assert!(
            results(&fresh, LinkKind::Facilitator, 0).review.is_empty(),
            "nothing watched yet"
        );
        assert_eq!(results(&fresh, LinkKind::ReadOnly, 0).review_edit, None);

        let review = Review {
            due: Some("2027-05-01".into()),
            ..Review::default()
        };
        let saved = Snapshot {
            review: (review.clone(), 3),
            ..fresh
        };
        let edit = results(&saved, LinkKind::Facilitator, 0).review_edit.unwrap();
        assert_eq!((edit.review, edit.version), (review, 3));
        // 2027-05-01 12:00 UTC: the day has come, on every page.
        let on_the_day = 1_809_172_800_000;
        assert!(results(&saved, LinkKind::ReadOnly, on_the_day).review.is_due());
        assert!(
            !results(&saved, LinkKind::ReadOnly, on_the_day - 86_400_000)
                .review
                .is_due()
        );
    }

    #[test]
    fn the_rounds_page_compares_the_last_two_rounds_unless_told_which() {
        let solo = assessment(1, Room::default());
        let closed = |number: i64| {
            let scored = Scored::new(content(), &solo, LinkKind::Facilitator, &Snapshot::default());
            Round::of(&scored.report, number, number * 1_000, &content().version)
        };
        let view = |rounds: Vec<Round>, pick| {
            let snapshot = Snapshot {
                rounds,
                ..Snapshot::default()
            };
            RoundsView::new(
                LinkKind::ReadOnly,
                Scored::new(content(), &solo, LinkKind::ReadOnly, &snapshot),
                5_000,
                pick,
            )
        };
        let first = view(vec![], None).unwrap();
        assert_eq!(first.rounds.len(), 1, "the round under way");
        assert_eq!(first.comparison, None, "nothing to compare yet");

        let three = view(vec![closed(1), closed(2)], None).unwrap();
        let numbers: Vec<i64> = three.rounds.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 2, 3]);
        let comparison = three.comparison.unwrap();
        assert_eq!((comparison.before.number, comparison.after.number), (2, 3));
        let picked = view(vec![closed(1), closed(2)], Some((3, 1)))
            .unwrap()
            .comparison
            .unwrap();
        assert_eq!((picked.before.number, picked.after.number), (1, 3));
        let refused = view(vec![closed(1), closed(2)], Some((1, 4))).unwrap_err();
        assert_eq!(
            refused.message,
            "This assessment has rounds 1 to 3; there is no round 4."
        );
    }

    #[test]
    fn readers_of_a_nameless_room_get_no_ids() {
        let (mut assessment, snapshot) = room_on_step_one();
        assessment.room.revealed_steps = Room::step_bit(1);
        let read = Scored::new(content(), &assessment, LinkKind::ReadOnly, &snapshot);
        assert!(!read.answers.is_empty());
        assert!(
            read.answers
                .iter()
                .all(|a| a.participant_id.as_str().starts_with("respondent-"))
        );
        let own = Scored::new(content(), &assessment, LinkKind::Facilitator, &snapshot);
        assert!(own.answers.iter().any(|a| a.participant_id == "ana"));
        assessment.room.named = true;
        let named = Scored::new(content(), &assessment, LinkKind::ReadOnly, &snapshot);
        assert!(named.answers.iter().any(|a| a.participant_id == "ana"));
    }

    #[test]
    fn the_results_say_what_would_change_a_verdict_on_the_edge() {
        use crate::content::Lean;
        // The facilitator alone answers everything "neither", then agrees with servers
        // statements one by one until the fit is at the bottom of the balanced zone.
        let questions: Vec<&crate::content::Question> =
            content().dimensions.iter().flat_map(|d| &d.questions).collect();
        let mut snapshot = Snapshot {
            answers: questions.iter().map(|q| answer(FACILITATOR, &q.id, 3)).collect(),
            ..Snapshot::default()
        };
        let solo = assessment(1, Room::default());
        let results = |snapshot: &Snapshot| {
            ResultsView::new(
                content(),
                LinkKind::Facilitator,
                Scored::new(content(), &solo, LinkKind::Facilitator, snapshot),
                at(0),
            )
        };
        assert!(
            results(&snapshot).changes.is_empty(),
            "a neutral team is far from any edge"
        );
        for question in questions.iter().filter(|q| q.lean == Lean::Servers) {
            if results(&snapshot).report.fit <= Some(41) {
                break;
            }
            let record = snapshot
                .answers
                .iter_mut()
                .find(|a| a.question_id == question.id)
                .unwrap();
            record.value = 5;
        }
        let view = results(&snapshot);
        assert_eq!(view.report.verdict, crate::scoring::Verdict::ServerlessFirst);
        let down = view
            .changes
            .iter()
            .find(|c| c.to == crate::scoring::Verdict::Hybrid);
        let down = down.expect("a way down to hybrid");
        assert!((1..=2).contains(&down.moves.len()), "{down:?}");
    }
}
