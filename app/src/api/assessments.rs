//! Creating, editing and deleting assessments.

use leptos::prelude::*;

use super::AppError;
#[cfg(feature = "ssr")]
use super::support;
#[cfg(feature = "ssr")]
use crate::live::Change;

/// Creates an assessment from the home page form and sends the browser to its facilitator
/// page. Returns the facilitator token.
#[server(prefix = "/api", endpoint = "create_assessment")]
pub async fn create_assessment(
    title: String,
    description: String,
) -> Result<domain::access::Token, AppError> {
    use crate::limits::Writer;
    use domain::AssessmentDraft;

    let state = support::state();
    support::limit(&state, Writer::Address(support::client_address()))?;
    let draft = AssessmentDraft::parse(&title, &description).map_err(support::fail)?;
    let (assessment, links) = state
        .store
        .create_assessment(&draft, &state.contents.current().version)
        .await
        .map_err(support::fail)?;
    tracing::info!(assessment = %assessment.id, "assessment created");
    leptos_axum::redirect(&crate::routes::facilitator_path(links.facilitator.expose()));
    Ok(links.facilitator)
}

/// Moves the assessment to the current content (the questions new assessments get: the
/// content this server was started with, an organisation's or the talk's current version):
/// answers to the questions both have are kept, since a question whose meaning changes gets a
/// new id; new questions start unanswered; answers to questions the current content dropped
/// no longer count. Nothing happens when it has the current content already.
#[server(prefix = "/api", endpoint = "update_content")]
pub async fn update_content(token: String) -> Result<(), AppError> {
    let token = domain::access::Token::from(token);
    let state = support::state();
    let assessment = support::authorize_change(&state, &token).await?.assessment;
    let current = &state.contents.current().version;
    if assessment.content_version == *current {
        return Ok(());
    }
    state
        .store
        .set_content_version(&assessment.id, current)
        .await
        .map_err(support::fail)?;
    tracing::info!(assessment = %assessment.id, from = %assessment.content_version, to = %current, "content version moved");
    state.changed(&assessment.id, Change::Room).await;
    Ok(())
}

/// Changes the title and description, unless somebody else saved them since `version` (the
/// version the page showed): then nothing is written and the conflict names both texts.
#[server(prefix = "/api", endpoint = "edit_details")]
pub async fn edit_details(
    token: String,
    title: String,
    description: String,
    version: i64,
) -> Result<(), AppError> {
    use domain::AssessmentDraft;

    let token = domain::access::Token::from(token);
    let state = support::state();
    let id = support::authorize_change(&state, &token).await?.assessment.id;
    let draft = AssessmentDraft::parse(&title, &description).map_err(support::fail)?;
    let saved = state
        .store
        .update_details(&id, &draft, version)
        .await
        .map_err(support::fail)?;
    let yours = format!("{}\n\n{}", draft.title(), draft.description());
    support::settle(&state, &id, saved, yours, |theirs| {
        format!("{}\n\n{}", theirs.title, theirs.description)
    })
    .await
}

/// Deletes the assessment, once the facilitator has typed its title (`confirm`) to show they
/// mean it: everything in it goes, every open page of it leaves it, and every link to it
/// answers that it was deleted. Then to the facilitator link, which now says so.
#[server(prefix = "/api", endpoint = "delete_assessment")]
pub async fn delete_assessment(token: String, confirm: String) -> Result<(), AppError> {
    let token = domain::access::Token::from(token);
    let state = support::state();
    let assessment = support::authorize_change(&state, &token).await?.assessment;
    assessment.confirm_deletion(&confirm).map_err(support::fail)?;
    state
        .store
        .delete_assessment(&assessment.id)
        .await
        .map_err(support::fail)?;
    tracing::info!(assessment = %assessment.id, "assessment deleted");
    state.changed(&assessment.id, Change::Deleted).await;
    leptos_axum::redirect(&crate::routes::facilitator_path(token.expose()));
    Ok(())
}
