//! The live workshop: joining with a participant link, what each screen shows of the room's
//! step, and the facilitator's controls (pace, reveal, countdown, answer mode, removing people).

use super::AppError;
#[cfg(feature = "ssr")]
use super::support;
#[cfg(feature = "ssr")]
use crate::live::Change;
use domain::views::{PresenterView, RoomNow, RoomState, RoomView};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(prefix = "/api", endpoint = "room_pulse", input = GetUrl)]
pub async fn room_pulse(token: String) -> Result<RoomNow, AppError> {
    use crate::store::now_ms;
    use domain::access::Capability;
    use domain::views::{participant_page_key, room_number};

    let token = domain::access::Token::from(token);
    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Participate).await?;
    let (viewer, me) = support::viewer(&state, &access).await?;
    let assessment = &access.assessment;
    let content = &*state.content_of(assessment).await.map_err(support::fail)?;
    let snapshot = state.snapshot(&assessment.id).await.map_err(support::fail)?;
    let number = room_number(content, assessment);
    let room =
        RoomState::at(content, assessment, &snapshot, number, &viewer, now_ms()).ok_or_else(not_found)?;
    Ok(RoomNow {
        key: participant_page_key(content, assessment, me.as_ref()),
        done: room.done,
    })
}

/// The room's step, for a participant's screen.
#[server(prefix = "/api", endpoint = "room", input = GetUrl)]
pub async fn get_room(token: String) -> Result<RoomView, AppError> {
    use crate::store::now_ms;
    use domain::access::Capability;

    let token = domain::access::Token::from(token);
    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Participate).await?;
    let (viewer, me) = support::viewer(&state, &access).await?;
    let assessment = &access.assessment;
    let snapshot = state.snapshot(&assessment.id).await.map_err(support::fail)?;
    let content = &*state.content_of(assessment).await.map_err(support::fail)?;
    RoomView::new(content, assessment, &snapshot, &viewer, me, now_ms()).ok_or_else(not_found)
}

/// Joins the workshop under `name`; the browser keeps who it is in a cookie. A browser that
/// already joined stays who it is.
#[server(prefix = "/api", endpoint = "join_room")]
pub async fn join_room(token: String, name: String) -> Result<(), AppError> {
    use crate::limits::Writer;
    use domain::ValidationError;
    use domain::access::{Capability, LinkKind};
    use domain::room::{Joined, Viewer, parse_name};

    let token = domain::access::Token::from(token);
    let state = support::state();
    support::limit(&state, Writer::Joining(support::client_address()))?;
    let access = support::authorize(&state, &token, Capability::Participate).await?;
    if access.kind != LinkKind::Participant {
        return Err(support::fail(AppError::Forbidden));
    }
    let id = access.assessment.id.clone();
    if let (Viewer::Participant(_), _) = support::viewer(&state, &access).await? {
        leptos_axum::redirect(&crate::routes::room_path(token.expose()));
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
            state.metrics.joined();
            state.changed(&id, Change::People).await;
            leptos_axum::redirect(&crate::routes::room_path(token.expose()));
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

    let token = domain::access::Token::from(token);
    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Participate).await?;
    let answers = support::parse_answers(
        &*state
            .content_of(&access.assessment)
            .await
            .map_err(support::fail)?,
        answers,
    )?;
    let voter = support::voter(&state, &access).await?;
    support::save_answers(&state, &access.assessment.id, &voter, answers).await?;
    state.changed(&access.assessment.id, Change::Answers).await;
    leptos_axum::redirect(&crate::routes::room_path(token.expose()));
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
    leptos_axum::redirect(&crate::routes::room_path(token.expose()));
    Ok(())
}

/// The facilitator's controls: `action` names a [`domain::room::RoomAction`]; `go` and `reveal`
/// act on `step`, `timer` counts down `minutes`.
#[server(prefix = "/api", endpoint = "control_room")]
pub async fn control_room(
    token: String,
    action: String,
    step: Option<usize>,
    minutes: Option<String>,
) -> Result<(), AppError> {
    use domain::ValidationError;
    use domain::room::{RoomAction, RoomChange, parse_minutes};
    use domain::walkthrough::Step;

    let token = domain::access::Token::from(token);
    let state = support::state();
    let assessment = support::authorize_change(&state, &token).await?.assessment;
    let content = &*state.content_of(&assessment).await.map_err(support::fail)?;
    let id = assessment.id;
    let step = || {
        step.filter(|n| Step::from_number(content, *n).is_some())
            .ok_or_else(|| support::fail(ValidationError::new("step", "There is no such step.")))
    };
    let action = RoomAction::parse(&action).ok_or_else(|| {
        support::fail(ValidationError::new(
            "action",
            "That is not something the room can do.",
        ))
    })?;
    let change = match action {
        RoomAction::Next | RoomAction::Previous => {
            let by = if action == RoomAction::Next { 1 } else { -1 };
            let last = i64::try_from(Step::count(content)).unwrap_or(1);
            state
                .store
                .move_room(&id, by, last)
                .await
                .map_err(support::fail)?;
            RoomChange::Timer(None)
        }
        RoomAction::Go => {
            let step = i64::try_from(step()?).unwrap_or(1);
            state
                .store
                .set_current_step(&id, step)
                .await
                .map_err(support::fail)?;
            // A countdown belongs to the step it was started on.
            RoomChange::Timer(None)
        }
        RoomAction::Reveal => RoomChange::Reveal(step()?),
        RoomAction::Timer => {
            let minutes = parse_minutes(minutes.as_deref().unwrap_or_default()).map_err(support::fail)?;
            RoomChange::Timer(Some(crate::store::now_ms() + minutes * 60_000))
        }
        RoomAction::StopTimer => RoomChange::Timer(None),
        RoomAction::Named => RoomChange::Named(true),
        RoomAction::Anonymous => RoomChange::Named(false),
        RoomAction::Votes => RoomChange::FacilitatorVotes(true),
        RoomAction::FacilitateOnly => RoomChange::FacilitatorVotes(false),
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
pub fn person_field(id: &domain::ParticipantId) -> String {
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

    let token = domain::access::Token::from(token);
    let state = support::state();
    let id = support::authorize_change(&state, &token).await?.assessment.id;
    let people: Vec<domain::ParticipantId> = people
        .unwrap_or_default()
        .into_keys()
        .filter_map(|key| key.strip_prefix("id-").map(domain::ParticipantId::from))
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
    use crate::store::now_ms;
    use domain::access::Capability;
    use domain::room::Viewer;

    let token = domain::access::Token::from(token);
    let state = support::state();
    let assessment = support::authorize(&state, &token, Capability::Facilitate)
        .await?
        .assessment;
    let snapshot = state.snapshot(&assessment.id).await.map_err(support::fail)?;
    let room = RoomState::at(
        &*state.content_of(&assessment).await.map_err(support::fail)?,
        &assessment,
        &snapshot,
        number,
        &Viewer::Facilitator,
        now_ms(),
    )
    .ok_or_else(not_found)?;
    Ok(room.started.then_some(room))
}

/// The room's step, for the projector.
#[server(prefix = "/api", endpoint = "presenter", input = GetUrl)]
pub async fn get_presenter(token: String) -> Result<PresenterView, AppError> {
    use crate::store::now_ms;
    use domain::access::{Capability, LinkKind, display_join_code};

    let token = domain::access::Token::from(token);
    let state = support::state();
    let assessment = support::authorize(&state, &token, Capability::Facilitate)
        .await?
        .assessment;
    let links = state
        .store
        .links(&assessment.id, &token)
        .await
        .map_err(support::fail)?;
    let snapshot = state.snapshot(&assessment.id).await.map_err(support::fail)?;
    let join_url = format!(
        "{}{}",
        support::base_url(&state),
        crate::routes::link_path(LinkKind::Participant, links.participant.expose())
    );
    PresenterView::new(
        &*state.content_of(&assessment).await.map_err(support::fail)?,
        &assessment,
        &snapshot,
        join_url,
        display_join_code(&links.join_code),
        now_ms(),
    )
    .ok_or_else(not_found)
}

/// A step the content does not have.
#[cfg(feature = "ssr")]
fn not_found() -> AppError {
    support::fail(AppError::NotFound)
}
