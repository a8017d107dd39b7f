//! The guided walk-through: reading a step, saving answers as they are given, saving a step's
//! importance and note, and the results.

use super::AppError;
#[cfg(feature = "ssr")]
use super::support;
#[cfg(feature = "ssr")]
use crate::live::Change;
use domain::views::{OverviewView, ResultsView, SharedView, StepView};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(prefix = "/api", endpoint = "overview", input = GetUrl)]
pub async fn get_overview(token: String) -> Result<OverviewView, AppError> {
    use domain::access::Capability;

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
    let content = &*state.content_of(&assessment).await.map_err(support::fail)?;
    let mut view = OverviewView::new(
        content,
        assessment,
        &snapshot,
        links,
        support::base_url(&state),
        support::today(&state),
    );
    view.update = domain::views::ContentUpdate::between(content, state.contents.current());
    Ok(view)
}

/// Replaces one of the assessment's links; the old token stops working at once. Replacing
/// the facilitator link moves the browser to the new one. With `remove_joined`, replacing the
/// participant link also takes out everyone who joined through an old one (a leaked link's
/// crowd), deleting their answers.
#[server(prefix = "/api", endpoint = "rotate_link")]
pub async fn rotate_link(token: String, kind: String, remove_joined: Option<String>) -> Result<(), AppError> {
    use domain::ValidationError;
    use domain::access::LinkKind;

    let token = domain::access::Token::from(token);
    let state = support::state();
    let assessment = support::authorize_change(&state, &token).await?.assessment;
    let kind = LinkKind::from_slug(&kind)
        .ok_or_else(|| support::fail(ValidationError::new("kind", "There is no such kind of link.")))?;
    let links = state
        .store
        .rotate_link(&assessment.id, kind, &token)
        .await
        .map_err(support::fail)?;
    tracing::info!(assessment = %assessment.id, kind = kind.slug(), "link replaced");
    if kind == LinkKind::Participant && remove_joined.is_some() {
        let left = state
            .store
            .joined_through_old_links(&assessment.id)
            .await
            .map_err(support::fail)?;
        support::remove_people(&state, &assessment.id, &left).await?;
    }
    state.changed(&assessment.id, Change::Room).await;
    leptos_axum::redirect(&crate::routes::facilitator_path(links.facilitator.expose()));
    Ok(())
}

#[server(prefix = "/api", endpoint = "step", input = GetUrl)]
pub async fn get_step(token: String, number: usize) -> Result<StepView, AppError> {
    use domain::access::Capability;

    let token = domain::access::Token::from(token);
    let state = support::state();
    let assessment = support::authorize(&state, &token, Capability::Facilitate)
        .await?
        .assessment;
    let snapshot = state.snapshot(&assessment.id).await.map_err(support::fail)?;
    StepView::new(
        &*state.content_of(&assessment).await.map_err(support::fail)?,
        assessment,
        &snapshot,
        number,
    )
    .ok_or_else(|| support::fail(AppError::NotFound))
}

/// Saves one answer the moment it is given (called from the page when JavaScript runs), as
/// the facilitator or as the participant this browser joined as.
#[server(prefix = "/api", endpoint = "save_answer")]
pub async fn save_answer(token: String, question: String, value: String) -> Result<(), AppError> {
    use domain::access::Capability;
    use domain::walkthrough::{AnswerRecord, parse_answer};

    let token = domain::access::Token::from(token);
    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Participate).await?;
    let voter = support::voter(&state, &access).await?;
    let content = &*state
        .content_of(&access.assessment)
        .await
        .map_err(support::fail)?;
    let value = parse_answer(content, &question, &value).map_err(support::fail)?;
    let record = AnswerRecord {
        participant_id: voter,
        question_id: question,
        value,
    };
    let assessment = access.assessment;
    state
        .store
        .save_answer(&assessment.id, &record)
        .await
        .map_err(support::fail)?;
    state.changed(&assessment.id, Change::Answers).await;
    Ok(())
}

#[server(prefix = "/api", endpoint = "results", input = GetUrl)]
pub async fn get_results(token: String) -> Result<ResultsView, AppError> {
    use domain::access::Capability;

    let token = domain::access::Token::from(token);
    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Read).await?;
    let scored = crate::state::scored(&state, &access)
        .await
        .map_err(support::fail)?;
    let content = &*state
        .content_of(&access.assessment)
        .await
        .map_err(support::fail)?;
    Ok(ResultsView::new(
        content,
        access.kind,
        scored,
        support::today(&state),
    ))
}

/// The whole saved assessment, for anyone holding any of its links.
#[server(prefix = "/api", endpoint = "shared", input = GetUrl)]
pub async fn get_shared(token: String) -> Result<SharedView, AppError> {
    use domain::access::Capability;

    let token = domain::access::Token::from(token);
    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Read).await?;
    let scored = crate::state::scored(&state, &access)
        .await
        .map_err(support::fail)?;
    let content = &*state
        .content_of(&access.assessment)
        .await
        .map_err(support::fail)?;
    Ok(SharedView::new(
        content,
        access.kind,
        scored,
        support::today(&state),
    ))
}
