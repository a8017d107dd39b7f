//! The live workshop: joining with a participant link, what each screen shows of the room's
//! step, and the facilitator's controls (pace, reveal, countdown, answer mode, removing people).

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::AppError;
#[cfg(feature = "ssr")]
use super::support;
#[cfg(feature = "ssr")]
use crate::live::Change;
use domain::content::{Dimension, Exception};
use domain::cost::CostInputs;
use domain::room::{Participant, Progress, StepReveal};
use domain::scoring::DimensionScore;

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
    /// What is left of the countdown when this was read, in milliseconds.
    pub timer_ms: Option<i64>,
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
    /// The participant's own answer codes.
    pub mine: BTreeMap<String, i16>,
    /// What the room decides of this page (see [`room_pulse`]).
    pub key: String,
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
    /// The participant link, absolute, and its join code.
    pub join_url: String,
    pub join_code: String,
}

/// The step the room is on.
#[cfg(feature = "ssr")]
fn room_number(assessment: &domain::Assessment) -> usize {
    use domain::content::Content;
    use domain::walkthrough::Step;

    usize::try_from(assessment.current_step)
        .ok()
        .filter(|n| Step::from_number(Content::bundled(), *n).is_some())
        .unwrap_or(1)
}

/// What step `number` shows: its dimension, the "when not to" checks, or the saved cost estimate.
#[cfg(feature = "ssr")]
fn step_material(
    number: usize,
    snapshot: &crate::snapshots::Snapshot,
) -> (Option<Dimension>, Vec<Exception>, Option<CostInputs>) {
    use domain::content::Content;
    use domain::walkthrough::Step;

    let content = Content::bundled();
    match Step::from_number(content, number) {
        Some(Step::Dimension(index)) => (Some(content.dimensions[index].clone()), Vec::new(), None),
        Some(Step::Checks) => (None, content.exceptions.clone(), None),
        Some(Step::Costs) => (None, Vec::new(), snapshot.costs.clone()),
        None => (None, Vec::new(), None),
    }
}

/// The room's state at step `number` as `viewer` may see it.
#[cfg(feature = "ssr")]
pub(crate) async fn room_state(
    state: &crate::state::AppState,
    assessment: &domain::Assessment,
    number: usize,
    viewer: &domain::room::Viewer,
) -> Result<RoomState, AppError> {
    use domain::content::Content;
    use domain::room::{Viewer, reveal, step_progress, visible_answers};
    use domain::scoring::score;
    use domain::walkthrough::{FACILITATOR, Step, responses};

    let content = Content::bundled();
    let step = Step::from_number(content, number).ok_or_else(|| support::fail(AppError::NotFound))?;
    let room = &assessment.room;
    let snapshot = state.snapshot(&assessment.id).await.map_err(support::fail)?;
    let answers = &snapshot.answers;
    let started = !snapshot.solo();
    let mut voters: Vec<(String, String)> = snapshot
        .participants
        .iter()
        .filter(|p| !p.removed)
        .map(|p| (p.id.clone(), p.name.clone()))
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
            Step::Costs | Step::Checks => None,
        };
        (reveal(content, step, &visible, &names), score)
    } else {
        (None, None)
    };
    Ok(RoomState {
        number,
        current: room_number(assessment),
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
        timer_ms: room.timer_remaining_ms(crate::store::now_ms()),
    })
}

/// What a participant's page checks when the room changes: the key of what the room decides
/// of the page (see [`domain::room::page_key`]), which reloads it when it differs from
/// the one it was rendered with, and how many have answered the room's step, which it updates
/// in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoomNow {
    pub key: String,
    pub done: usize,
}

#[server(prefix = "/api", endpoint = "room_pulse", input = GetUrl)]
pub async fn room_pulse(token: String) -> Result<RoomNow, AppError> {
    use domain::access::Capability;

    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Participate).await?;
    let (viewer, me) = support::viewer(&state, &access).await?;
    let assessment = &access.assessment;
    let room = room_state(&state, assessment, room_number(assessment), &viewer).await?;
    Ok(RoomNow {
        key: participant_page_key(assessment, me.as_ref()),
        done: room.done,
    })
}

#[cfg(feature = "ssr")]
fn participant_page_key(assessment: &domain::Assessment, me: Option<&Participant>) -> String {
    domain::room::page_key(&assessment.title, room_number(assessment), &assessment.room, me)
}

/// The room's step, for a participant's screen.
#[server(prefix = "/api", endpoint = "room", input = GetUrl)]
pub async fn get_room(token: String) -> Result<RoomView, AppError> {
    use domain::access::Capability;
    use domain::walkthrough::codes_of;

    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Participate).await?;
    let (viewer, me) = support::viewer(&state, &access).await?;
    let assessment = &access.assessment;
    let number = room_number(assessment);
    let room = room_state(&state, assessment, number, &viewer).await?;
    let snapshot = state.snapshot(&assessment.id).await.map_err(support::fail)?;
    let mine = match viewer.voter_id() {
        Some(id) => codes_of(&snapshot.answers, id),
        None => BTreeMap::new(),
    };
    let (dimension, exceptions, costs) = step_material(number, &snapshot);
    Ok(RoomView {
        title: assessment.title.clone(),
        key: participant_page_key(assessment, me.as_ref()),
        me,
        room,
        dimension,
        exceptions,
        costs,
        mine,
    })
}

/// Joins the workshop under `name`; the browser keeps who it is in a cookie. A browser that
/// already joined stays who it is.
#[server(prefix = "/api", endpoint = "join_room")]
pub async fn join_room(token: String, name: String) -> Result<(), AppError> {
    use crate::limits::Writer;
    use domain::ValidationError;
    use domain::access::{Capability, LinkKind};
    use domain::room::{Joined, Viewer, parse_name};

    let state = support::state();
    support::limit(&state, Writer::Joining(support::client_address()))?;
    let access = support::authorize(&state, &token, Capability::Participate).await?;
    if access.kind != LinkKind::Participant {
        return Err(support::fail(AppError::Forbidden));
    }
    let id = access.assessment.id.clone();
    if let (Viewer::Participant(_), _) = support::viewer(&state, &access).await? {
        leptos_axum::redirect(&crate::routes::room_path(&token));
        return Ok(());
    }
    let name = parse_name(&name).map_err(support::fail)?;
    match state
        .store
        .join(&id, &name, state.max_participants, &token)
        .await
        .map_err(support::fail)?
    {
        Joined::In { secret, .. } => {
            support::remember_participant(&state, &id, &secret);
            tracing::info!(assessment = %id, "participant joined");
            state.changed(&id, Change::People).await;
            leptos_axum::redirect(&crate::routes::room_path(&token));
            Ok(())
        }
        Joined::NameTaken => Err(support::fail(ValidationError::new(
            "name",
            "Somebody in this workshop already goes by that name. Add an initial or pick another.",
        ))),
        Joined::Full => Err(support::fail(AppError::RoomFull)),
    }
}

/// Saves a participant's answers to the room's step in one go: how the participant page
/// works without JavaScript (with it, each answer is saved as it is chosen).
#[server(prefix = "/api", endpoint = "save_answers")]
pub async fn save_answers(
    token: String,
    answers: Option<std::collections::HashMap<String, String>>,
) -> Result<(), AppError> {
    use domain::access::Capability;

    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Participate).await?;
    let answers = support::parse_answers(answers)?;
    let voter = support::voter(&state, &access).await?;
    support::save_answers(&state, &access.assessment.id, &voter, answers).await?;
    state.changed(&access.assessment.id, Change::Answers).await;
    leptos_axum::redirect(&crate::routes::room_path(&token));
    Ok(())
}

/// Finds the workshop a join code belongs to and opens its participant page.
#[server(prefix = "/api", endpoint = "find_room")]
pub async fn find_room(code: String) -> Result<(), AppError> {
    use crate::limits::Writer;
    use domain::ValidationError;
    use domain::access::normalize_join_code;

    let state = support::state();
    support::limit(&state, Writer::Address(support::client_address()))?;
    let code = normalize_join_code(&code).ok_or_else(|| {
        support::fail(ValidationError::new(
            "code",
            "A join code has eight letters and digits, like K7QM-4HXR.",
        ))
    })?;
    let token = state
        .store
        .join_code_link(&code)
        .await
        .map_err(support::fail)?
        .ok_or_else(|| {
            support::fail(ValidationError::new(
                "code",
                "No workshop has this code. Check it with the facilitator: it changes when they replace the participant link.",
            ))
        })?;
    leptos_axum::redirect(&crate::routes::room_path(&token));
    Ok(())
}

/// The facilitator's controls: `next` and `previous` (move the room one step on or back from
/// where it is, so two presses move it two steps), `go` (bring the room to `step`), `reveal`
/// (show everyone the answers of `step`), `timer` (a countdown of `minutes`), `stop-timer`,
/// `named` or `anonymous` (before anyone joins), `votes` or `facilitate-only`.
#[server(prefix = "/api", endpoint = "control_room")]
pub async fn control_room(
    token: String,
    action: String,
    step: Option<usize>,
    minutes: Option<String>,
) -> Result<(), AppError> {
    use domain::ValidationError;
    use domain::content::Content;
    use domain::room::{RoomChange, parse_minutes};
    use domain::walkthrough::Step;

    let state = support::state();
    let id = support::authorize_change(&state, &token).await?.assessment.id;
    let step = || {
        step.filter(|n| Step::from_number(Content::bundled(), *n).is_some())
            .ok_or_else(|| support::fail(ValidationError::new("step", "There is no such step.")))
    };
    let change = match action.as_str() {
        "next" | "previous" => {
            let by = if action == "next" { 1 } else { -1 };
            let last = i64::try_from(Step::count(Content::bundled())).unwrap_or(1);
            state
                .store
                .move_room(&id, by, last)
                .await
                .map_err(support::fail)?;
            RoomChange::Timer(None)
        }
        "go" => {
            let step = i64::try_from(step()?).unwrap_or(1);
            state
                .store
                .set_current_step(&id, step)
                .await
                .map_err(support::fail)?;
            // A countdown belongs to the step it was started on.
            RoomChange::Timer(None)
        }
        "reveal" => RoomChange::Reveal(step()?),
        "timer" => {
            let minutes = parse_minutes(minutes.as_deref().unwrap_or_default()).map_err(support::fail)?;
            RoomChange::Timer(Some(crate::store::now_ms() + minutes * 60_000))
        }
        "stop-timer" => RoomChange::Timer(None),
        "named" => RoomChange::Named(true),
        "anonymous" => RoomChange::Named(false),
        "votes" => RoomChange::FacilitatorVotes(true),
        "facilitate-only" => RoomChange::FacilitatorVotes(false),
        _ => {
            return Err(support::fail(ValidationError::new(
                "action",
                "That is not something the room can do.",
            )));
        }
    };
    let applied = state
        .store
        .change_room(&id, &change)
        .await
        .map_err(support::fail)?;
    if !applied {
        return Err(support::fail(ValidationError::new(
            "action",
            "People have already joined, so the answer mode stays as it is for this workshop.",
        )));
    }
    state.changed(&id, Change::Room).await;
    Ok(())
}

/// The form field that names a person to remove, `people[id-<id>]`. The prefix keeps the key a
/// name: the form decoder reads a key that starts with a digit (ids may) as a list index.
pub fn person_field(id: &str) -> String {
    format!("people[id-{id}]")
}

/// Takes people out of the workshop and deletes their answers: one (a person's Remove button)
/// or several (the ticked ones), each as a [`person_field`].
#[server(prefix = "/api", endpoint = "remove_people")]
pub async fn remove_people(
    token: String,
    people: Option<std::collections::HashMap<String, String>>,
) -> Result<(), AppError> {
    use domain::ValidationError;

    let state = support::state();
    let id = support::authorize_change(&state, &token).await?.assessment.id;
    let people: Vec<String> = people
        .unwrap_or_default()
        .into_keys()
        .filter_map(|key| key.strip_prefix("id-").map(str::to_owned))
        .collect();
    if people.is_empty() {
        return Err(support::fail(ValidationError::new(
            "people",
            "Tick the people to remove first.",
        )));
    }
    let removed = support::remove_people(&state, &id, &people).await?;
    if removed == 0 {
        return Err(support::fail(ValidationError::new(
            "people",
            "Nobody of those is in the workshop any more.",
        )));
    }
    Ok(())
}

/// The room at step `number`, for the facilitator's step page; `None` until somebody joins.
#[server(prefix = "/api", endpoint = "room_panel", input = GetUrl)]
pub async fn get_room_panel(token: String, number: usize) -> Result<Option<RoomState>, AppError> {
    use domain::access::Capability;
    use domain::room::Viewer;

    let state = support::state();
    let assessment = support::authorize(&state, &token, Capability::Facilitate)
        .await?
        .assessment;
    let room = room_state(&state, &assessment, number, &Viewer::Facilitator).await?;
    Ok(room.started.then_some(room))
}

/// The room's step, for the projector.
#[server(prefix = "/api", endpoint = "presenter", input = GetUrl)]
pub async fn get_presenter(token: String) -> Result<PresenterView, AppError> {
    use domain::access::{Capability, LinkKind, display_join_code};
    use domain::room::Viewer;

    let state = support::state();
    let assessment = support::authorize(&state, &token, Capability::Facilitate)
        .await?
        .assessment;
    let number = room_number(&assessment);
    let room = room_state(&state, &assessment, number, &Viewer::Facilitator).await?;
    let links = state
        .store
        .links(&assessment.id, &token)
        .await
        .map_err(support::fail)?;
    let snapshot = state.snapshot(&assessment.id).await.map_err(support::fail)?;
    let (dimension, exceptions, costs) = step_material(number, &snapshot);
    // Neither questions nor checks: the cost step.
    let cost_step = dimension.is_none() && exceptions.is_empty();
    Ok(PresenterView {
        title: assessment.title.clone(),
        room,
        dimension,
        costs,
        cost_step,
        join_url: format!(
            "{}{}",
            support::base_url(&state),
            crate::routes::link_path(LinkKind::Participant, &links.participant)
        ),
        join_code: display_join_code(&links.join_code),
    })
}
